"""Question 2: who could have reached an item, and the reverse: which items an actor could reach.

A path respects time (DOMAIN.md). Hop 0 are the item's holders, each over its holder
interval. An actor based at, operating at or controlling a depot, hub or crossing while
the item stayed there is one step from the item. From any actor reached, one more step
along SUBORDINATE_TO, MEMBER_OF or AFFILIATED_WITH, in either direction. The interval
carried along a path is the intersection of every interval on it; a step is allowed only
while it is not empty. Places do not spread access further.

Examples
--------
>>> from graph.builder import FactBuilder
>>> from graph.model import load_model
>>> from graph.sqlite_store import SqliteStore
>>> model = load_model()
>>> store = SqliteStore(":memory:", model)
>>> b = FactBuilder(model, title="log.csv", text="fictional")
>>> item = b.item(serial="JAV-0042")
>>> unit = b.actor("7th Brigade", "MilitaryUnit")
>>> early, late = b.actor("Early Soldier", "Person"), b.actor("Late Soldier", "Person")
>>> _ = b.event("HANDOVER", item, "2023-04-01", to_actor=unit)
>>> _ = b.event("SEIZURE", item, "2023-10-01", from_actor=unit, to_actor=b.actor("Customs Post 4", "Organization"))
>>> _ = b.relation("MEMBER_OF", early, unit, "2022-01-01", "2022-12-31")
>>> _ = b.relation("MEMBER_OF", late, unit, "2023-06-01", None)
>>> _ = store.write(b.batch)
>>> [(store.nodes([r.actor])[r.actor].name, r.hops) for r in who_could_reach(store, "JAV-0042").results]
[('7th Brigade', 0), ('Customs Post 4', 0), ('Late Soldier', 1)]

Notes
-----
The search is breadth-first over batched store reads: one read of the item's chain, one
for presence at its locations, then one read of relations and their evidence per hop for the
whole frontier, so
the cost grows with the neighbourhood within ``max_hops``, not with the graph.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial

from graph.dates import Interval
from graph.errors import LimitExceeded
from graph.holdings import AT_LOCATION, HOLDER, Holding, holdings_of
from graph.records import Evidence, Node, Relation
from graph.store import Store
from queries.chain import ChainContext, CustodyChain, custody_chains
from queries.resolve import resolve_node

__all__ = ["ReachPath", "ReachResult", "Reached", "Step", "reachable_items", "who_could_reach"]

PRESENCE = AT_LOCATION


@dataclass(frozen=True, slots=True)
class Step:
    """One link of an explaining path, read in the fact's own direction.

    ``kind`` is HOLDER (the item held by ``target``: ``fact`` is the event that gave it),
    AT_LOCATION (the item staying at ``target``: ``fact`` is the event that put it there),
    or a relation type (``fact`` is the relation, its ``validity`` the relation's).

    ``source`` and ``target`` are the fact's own: for "Mykola Fedorenko MEMBER_OF 1st
    Battalion" the person is the source whichever way the path went; for HOLDER and
    AT_LOCATION the item is the source. ``backward`` says the path went from ``target`` to
    ``source`` (from the battalion to its member); :attr:`start` and :attr:`end` give the
    path's own order."""

    kind: str
    source: str
    target: str
    fact: str
    validity: Interval
    confidence: float
    backward: bool = False

    @property
    def start(self) -> str:
        """Where the path entered this step."""
        return self.target if self.backward else self.source

    @property
    def end(self) -> str:
        """Where the path left this step."""
        return self.source if self.backward else self.target

    @property
    def direction(self) -> str:
        """``forward`` (walked from source to target) or ``backward``."""
        return "backward" if self.backward else "forward"

    def walked_back(self) -> Step:
        """The same step walked the other way."""
        return replace(self, backward=not self.backward)


@dataclass(frozen=True, slots=True)
class ReachPath:
    steps: tuple[Step, ...]
    interval: Interval
    """The intersection of every interval on the path: when access was possible."""
    confidence: float
    hops: int


@dataclass(frozen=True, slots=True)
class Reached:
    actor: str
    hops: int
    confidence: float
    paths: tuple[ReachPath, ...]


@dataclass
class ReachResult:
    item: Node
    max_hops: int
    window: Interval
    results: list[Reached]
    nodes: dict[str, Node] = field(default_factory=dict)
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    """Evidence of every fact on the returned paths, by fact id."""


@dataclass(frozen=True, slots=True)
class _State:
    actor: str
    path: ReachPath


def _cap(model_settings: dict[str, object], max_hops: int) -> int:
    cap = int(str(model_settings.get("max_hops_cap", 6)))
    if max_hops < 0 or max_hops > cap:
        raise LimitExceeded(f"max_hops must be between 0 and {cap}, got {max_hops}")
    return max_hops


def _relation_confidence(evidence: dict[str, list[Evidence]], fact: str) -> float:
    return max((e.confidence for e in evidence.get(fact, [])), default=1.0)


def _presence_relations(store: Store, location_ids: Iterable[str], actors: Iterable[str] | None = None
                        ) -> tuple[list[Relation], dict[str, list[Evidence]]]:
    """Presence relations (based at, operates at, controls) at depots, hubs and crossings:
    of the given locations, or, with ``actors``, of those actors."""
    types = list(store.model.presence_relations)
    if actors is None:
        rels, evidence = store.relations_with_evidence(location_ids, types=types, direction="in")
    else:
        rels, evidence = store.relations_with_evidence(actors, types=types, direction="out")
    kinds = store.model.presence_location_kinds
    places = store.nodes({r.target for r in rels})
    rels = [r for r in rels if r.target in places and places[r.target].kind in kinds]
    return rels, {r.id: evidence[r.id] for r in rels if r.id in evidence}


def _seeds(item: str, rows: Sequence[Holding], window: Interval,
           presence: list[Relation] | dict[str, list[Relation]], evidence: dict[str, list[Evidence]],
           only: Container[str] | None = None) -> list[_State]:
    """Hop 0 (holders) and hop 1 (actors present where the item stayed), from the item's
    holding rows (:mod:`graph.holdings`, in ``seq`` order); with ``only``, just the seeds of
    those actors (the others would be built to be thrown away). ``presence`` may come
    grouped by location already (:func:`_by_location`)."""
    states: list[_State] = []
    for h in rows:
        if h.kind != HOLDER or (only is not None and h.party not in only):
            continue
        iv = h.interval.intersect(window)
        if iv is None:
            continue
        step = Step(HOLDER, item, h.party, h.event, h.interval, h.confidence)
        states.append(_State(h.party, ReachPath((step,), iv, h.confidence, 0)))
    by_location = presence if isinstance(presence, dict) else _by_location(presence)
    for h in rows:
        if h.kind != AT_LOCATION:
            continue
        stay = h.interval
        for r in by_location.get(h.party, []):
            if only is not None and r.source not in only:
                continue
            iv = stay.intersect(window)
            iv = iv.intersect(r.validity) if iv else None
            if iv is None:
                continue
            rc = _relation_confidence(evidence, r.id)
            steps = (Step(PRESENCE, item, h.party, h.event, stay, h.confidence),
                     Step(r.type, r.source, h.party, r.id, r.validity, rc, backward=True))
            states.append(_State(r.source, ReachPath(steps, iv, h.confidence * rc, 1)))
    return states


def _holder_steps(item: str, h: Holding) -> tuple[Step, ...]:
    return (Step(HOLDER, item, h.party, h.event, h.interval, h.confidence),)


def _presence_steps(item: str, h: Holding, r: Relation, rc: float) -> tuple[Step, ...]:
    return (Step(PRESENCE, item, h.party, h.event, h.interval, h.confidence),
            Step(r.type, r.source, h.party, r.id, r.validity, rc, backward=True))


def _by_location(presence: list[Relation]) -> dict[str, list[Relation]]:
    by_location: dict[str, list[Relation]] = {}
    for r in presence:
        by_location.setdefault(r.target, []).append(r)
    return by_location


def _expand(store: Store, seeds: list[_State], max_hops: int, paths_per_actor: int) -> dict[str, list[ReachPath]]:
    """Breadth-first along access relations, keeping for each actor the paths (up to a cap)
    whose intervals are not contained in one already found at fewer or equal hops."""
    found: dict[str, list[ReachPath]] = {}

    def admit(state: _State) -> bool:
        known = found.setdefault(state.actor, [])
        for p in known:
            if p.hops <= state.path.hops and _covers(p.interval, state.path.interval):
                if len(known) < paths_per_actor and p.hops == state.path.hops and p.steps != state.path.steps:
                    known.append(state.path)  # another explanation, kept for the analyst
                return False
        known.append(state.path)
        return True

    frontier = [s for s in sorted(seeds, key=lambda s: s.path.hops) if s.path.hops <= max_hops and admit(s)]
    access = list(store.model.access_relations)
    for hop in range(1, max_hops + 1):
        grow = [s for s in frontier if s.path.hops == hop - 1]
        if not grow:
            frontier = [s for s in frontier if s.path.hops >= hop]
            continue
        rels, evidence = store.relations_with_evidence({s.actor for s in grow}, types=access, direction="both")
        by_end: dict[str, list[Relation]] = {}
        for r in rels:
            by_end.setdefault(r.source, []).append(r)
            by_end.setdefault(r.target, []).append(r)
        nxt: list[_State] = []
        for s in grow:
            on_path = {s.actor} | {x for st in s.path.steps for x in (st.source, st.target)}
            for r in by_end.get(s.actor, []):
                other = r.target if r.source == s.actor else r.source
                if other in on_path:
                    continue  # no cycles
                iv = s.path.interval.intersect(r.validity)
                if iv is None:
                    continue
                rc = _relation_confidence(evidence, r.id)
                step = Step(r.type, r.source, r.target, r.id, r.validity, rc, backward=r.source != s.actor)
                nxt.append(_State(other, ReachPath((*s.path.steps, step), iv, s.path.confidence * rc, hop)))
        nxt.sort(key=lambda s: (-s.path.confidence, s.actor))
        frontier = [s for s in frontier if s.path.hops >= hop] + [s for s in nxt if admit(s)]
    return found


def _covers(outer: Interval, inner: Interval) -> bool:
    return outer.intersect(inner) == inner


def who_could_reach(
    store: Store,
    ref: str,
    *,
    max_hops: int | None = None,
    window: Interval = Interval.ALWAYS,
    min_confidence: float = 0.0,
    limit: int = 200,
    paths_per_actor: int = 3,
    as_of: date | None = None,
) -> ReachResult:
    """The actors who had, or could have had, access to the item ``ref``.

    Parameters
    ----------
    max_hops : int
        Steps allowed (default 3, at most the model's cap, 6).
    window : Interval
        Only access within this time window counts.
    min_confidence : float
        Drop actors whose best path is less certain than this.
    limit : int
        At most this many actors, ranked by hops then confidence.

    Raises
    ------
    NotFound, AmbiguousError
        When ``ref`` names no item or several.
    LimitExceeded
        When ``max_hops`` is outside [0, cap].
    """
    hops = _cap(store.model.settings, max_hops if max_hops is not None else
                int(store.model.settings.get("max_hops_default", 3)))
    item = resolve_node(store, ref, label="Item")
    # segments only: the seeds need holders, stays and event confidences, not the anomalies
    chain = custody_chains(store, [item], ChainContext(store.model, as_of or date.today(), with_evidence=False,
                                                       with_anomalies=False))[0]
    presence, evidence = _presence_relations(store, {seg.location for seg in chain.segments if seg.location})
    rows = holdings_of(item.id, chain.segments, chain.events)
    found = _expand(store, _seeds(item.id, rows, window, presence, evidence), hops, paths_per_actor)
    results = []
    for actor, paths in found.items():
        ranked = tuple(sorted(paths, key=lambda p: (p.hops, -p.confidence, len(p.steps))))
        best = ranked[0]
        conf = max(p.confidence for p in ranked if p.hops == best.hops)
        if conf >= min_confidence:
            results.append(Reached(actor, best.hops, conf, ranked[:paths_per_actor]))
    results.sort(key=lambda r: (r.hops, -r.confidence, r.actor))
    results = results[:limit]
    result = ReachResult(item, hops, window, results)
    _explain(store, result, chain)
    return result


def _explain(store: Store, result: ReachResult, chain: CustodyChain) -> None:
    facts = {st.fact for r in result.results for p in r.paths for st in p.steps}
    ids = {x for r in result.results for p in r.paths for st in p.steps for x in (st.source, st.target)}
    ids |= {r.actor for r in result.results}
    result.nodes = store.nodes(ids)
    result.evidence = store.evidence(facts)


# -- the reverse question ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ReachableItem:
    item: str
    hops: int
    confidence: float
    path: ReachPath
    """One explaining path, from the item to the actor (as ``who_could_reach`` gives it)."""


def reachable_items(
    store: Store,
    ref: str,
    *,
    max_hops: int | None = None,
    window: Interval = Interval.ALWAYS,
    limit: int = 500,
    as_of: date | None = None,
) -> tuple[Node, list[ReachableItem]]:
    """The items the actor ``ref`` could have reached within ``max_hops``.

    The search runs outwards from the actor along access relations, carrying intervals
    exactly as :func:`who_could_reach` does (the relations are followed in both directions
    and intersection does not depend on order, so both questions agree), then checks the
    holder intervals and stays of the items those actors held or were present with, read
    from the stores' holding index (:mod:`graph.holdings`) instead of building each
    candidate item's chain. Each result carries one path, oriented from the item to the
    actor. ``as_of`` is accepted as :func:`who_could_reach` accepts it; neither holder
    intervals nor stays depend on it.
    """
    hops = _cap(store.model.settings, max_hops if max_hops is not None else
                int(store.model.settings.get("max_hops_default", 3)))
    actor = resolve_node(store, ref, label="Actor")
    origin = _State(actor.id, ReachPath((), Interval.ALWAYS, 1.0, 0))
    around = _expand(store, [origin], hops, 1)  # actor -> paths from `actor` to it
    level = {a: min(p.hops for p in ps) for a, ps in around.items()}
    presence, presence_evidence = _presence_relations(store, (), actors=[a for a, h in level.items() if h < hops])
    presence_at = _by_location(presence)
    best: dict[str, ReachableItem] = {}
    walked: dict[int, tuple[Step, ...]] = {}

    def returns(back: ReachPath) -> tuple[Step, ...]:
        """``back``'s steps walked from its far end to the actor (once per path of ``around``)."""
        key = id(back)
        if key not in walked:
            walked[key] = tuple(st.walked_back() for st in reversed(back.steps))
        return walked[key]

    def settle(item_id: str, rows: list[Holding]) -> None:
        """The best path to ``item_id`` over ``rows`` (its rows read so far): the seeds
        :func:`_seeds` would give, tried in the same order (holders, then stays, each in
        ``seq`` order), so the path kept among equal ones is the same; a seed's steps are
        built only for a path that wins."""
        best.pop(item_id, None)

        def offer(actor: str, iv: Interval, seed_hops: int, seed_conf: float, steps: Callable[[], tuple[Step, ...]]
                  ) -> None:
            for back in around.get(actor, []):
                total = seed_hops + back.hops
                if total > hops:
                    continue
                conf = seed_conf * back.confidence
                cur = best.get(item_id)
                if cur is not None and (total, -conf) >= (cur.hops, -cur.confidence):
                    continue  # the current path stays: build nothing
                joint = iv.intersect(back.interval)
                if joint is not None:
                    best[item_id] = ReachableItem(item_id, total, conf,
                                                  ReachPath(steps() + returns(back), joint, conf, total))

        ordered = sorted(rows, key=lambda x: x.seq)
        for h in ordered:
            if h.kind != HOLDER or h.party not in around:
                continue
            iv = h.interval.intersect(window)
            if iv is not None:
                offer(h.party, iv, 0, h.confidence, partial(_holder_steps, item_id, h))
        for h in ordered:
            if h.kind != AT_LOCATION:
                continue
            for r in presence_at.get(h.party, []):
                if r.source not in around:
                    continue
                iv = h.interval.intersect(window)
                iv = iv.intersect(r.validity) if iv else None
                if iv is None:
                    continue
                rc = _relation_confidence(presence_evidence, r.id)
                offer(r.source, iv, 1, h.confidence * rc, partial(_presence_steps, item_id, h, r, rc))

    # Level by level, from the holding index: a row of an actor at distance h (a holder) or of a
    # place where an actor at distance h - 1 was present gives paths of h hops or more. Once the
    # rows of levels up to h are read, every path of at most h hops is known, with every row
    # that could tie with it; when the items within h hops fill the limit, farther items cannot
    # enter it, so the search stops (a depot in the neighbourhood may have seen a good part of
    # the graph's items).
    # The read asks only for rows that can give a path: over an interval meeting one of the
    # intervals ``settle`` would intersect it with (of the paths to a holder; of a presence at a
    # place and the paths to the actor present), and not of items already settled at fewer hops
    # than the level's rows give (``settle`` would not look at them again).
    spans = _spans(around, presence_at, window, hops)
    read: dict[str, list[Holding]] = {}
    places_read: set[str] = set()
    for h in range(hops + 1):
        places = {r.target for r in presence if level.get(r.source) == h - 1} - places_read if h > 0 else set()
        places_read |= places
        fresh: set[str] = set()
        settled = {i for i, r in best.items() if r.hops < h}
        for row in store.holdings([a for a, d in level.items() if d == h and spans[a]],
                                  [p for p in places if spans.get(p)], spans=spans, skip=settled):
            read.setdefault(row.item, []).append(row)
            fresh.add(row.item)
        for item_id in sorted(fresh):
            known = best.get(item_id)
            if known is None or known.hops >= h:  # rows of level h give h hops or more
                settle(item_id, read[item_id])
        if sum(1 for r in best.values() if r.hops <= h) >= limit:
            break
    out = sorted(best.values(), key=lambda r: (r.hops, -r.confidence, r.item))
    return actor, out[:limit]


def _spans(around: dict[str, list[ReachPath]], presence_at: dict[str, list[Relation]], window: Interval,
           hops: int) -> dict[str, list[Interval]]:
    """For each actor reached and each place where one was present, the intervals over which a
    row of the holding index can give a path of at most ``hops`` (what ``settle`` intersects a
    holder row with: the window and a path to the holder; a stay: the window, the presence and a
    path of fewer hops to the actor present)."""
    spans = {a: list(dict.fromkeys(iv for p in paths if (iv := p.interval.intersect(window)) is not None))
             for a, paths in around.items()}
    for place, rels in presence_at.items():
        found: dict[Interval, None] = {}
        for r in rels:
            at = r.validity.intersect(window)
            if at is None:
                continue
            for p in around.get(r.source, []):
                iv = at.intersect(p.interval) if p.hops < hops else None
                if iv is not None:
                    found[iv] = None
        spans[place] = list(found)
    return spans
