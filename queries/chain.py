"""Question 1: the custody chain of an item, with its anomalies.

The chain is the ordered list of custody segments (holder, location, from, to, and the
events behind each), built from the item's own events and from the events of every
shipment that contained it. A receipt overrides a shipment-level delivery for items not
on it. Anomalies (DOMAIN.md): gap, break, conflict, unauthorised holder, not received,
overdue.

Examples
--------
>>> from graph.builder import FactBuilder
>>> from graph.model import load_model
>>> from graph.sqlite_store import SqliteStore
>>> model = load_model()
>>> store = SqliteStore(":memory:", model)
>>> b = FactBuilder(model, title="log.csv", text="fictional log")
>>> item = b.item(serial="JAV-0042")
>>> depot, unit = b.actor("Depot Command", "Organization"), b.actor("7th Brigade", "MilitaryUnit")
>>> group = b.actor("Grey Heron group", "ArmedGroup")
>>> _ = b.event("DELIVERY", item, "2023-03-10", to_actor=depot)
>>> _ = b.event("HANDOVER", item, "2023-04-01", from_actor=depot, to_actor=unit)
>>> _ = b.event("SEIZURE", item, "2024-02", from_actor=group, to_actor=b.actor("Customs Post 4", "Organization"))
>>> _ = store.write(b.batch)
>>> chain = custody_chain(store, "JAV-0042", as_of=date(2024, 6, 30))
>>> [store.nodes([s.holder])[s.holder].name for s in chain.segments if s.holder]
['Depot Command', '7th Brigade', 'Grey Heron group', 'Customs Post 4']
>>> sorted({a.kind for a in chain.anomalies})
['break', 'unauthorised_holder']

Notes
-----
One chain costs a constant number of batched store reads (events of the item and its
shipments, their relations, the actors involved, evidence), independent of graph size;
``custody_chains`` builds many chains with the same number of reads per chunk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from graph.dates import Interval, PartialDate
from graph.model import Model
from graph.records import Event, Evidence, Node
from graph.store import Store
from queries.resolve import resolve_node

__all__ = ["Anomaly", "ChainContext", "CustodyChain", "Segment", "custody_chain", "custody_chains"]

ANOMALY_KINDS = ("gap", "break", "conflict", "unauthorised_holder", "not_received", "overdue")


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of custody: who held the item where, from when to when."""

    index: int
    holder: str | None
    location: str | None
    start: PartialDate | None
    end: PartialDate | None
    events: tuple[str, ...]
    """Ids of the events behind this segment; the first one opened it."""
    inferred: bool = False
    """Held by the party a later event names as giver; no event says when it got the item."""

    @property
    def interval(self) -> Interval:
        """From the first day the opening event could mean to the last day of the closing one."""
        return Interval(self.start.start if self.start else None, self.end.end if self.end else None)


@dataclass(frozen=True, slots=True)
class Anomaly:
    kind: str
    message: str
    segments: tuple[int, ...] = ()
    holder: str | None = None
    actors: tuple[str, ...] = ()
    shipment: str | None = None
    days: int | None = None
    events: tuple[str, ...] = ()


@dataclass
class CustodyChain:
    item: Node
    segments: list[Segment]
    anomalies: list[Anomaly]
    events: dict[str, Event]
    shipments: list[Node]
    nodes: dict[str, Node] = field(default_factory=dict)
    """Actors, locations and the weapon system the chain names, by id."""
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    """Evidence of every event of the chain, by event id."""
    undated: list[str] = field(default_factory=list)
    """Events with no date: shown, but they cannot be placed in the chain."""
    delivered: int | None = None
    """Index of the segment opened by the delivery to the end user, if any."""

    def holders(self) -> list[str]:
        """Distinct consecutive holders, in order."""
        out: list[str] = []
        for s in self.segments:
            if s.holder and (not out or out[-1] != s.holder):
                out.append(s.holder)
        return out


@dataclass
class ChainContext:
    """What building chains needs besides the store: the model and the rules' settings."""

    model: Model
    as_of: date
    overdue_days: int = 365
    with_evidence: bool = True
    until: date | None = None
    """Leave out events dated after this day (alerts "as of" a date)."""
    with_anomalies: bool = True
    """False: segments only, without the unauthorised and overdue checks or the chain's
    ``nodes`` (reverse reach reads thousands of chains for their holders and stays)."""


def custody_chain(
    store: Store,
    ref: str,
    *,
    as_of: date | None = None,
    overdue_days: int | None = None,
    with_evidence: bool = True,
) -> CustodyChain:
    """The custody chain of the item named by ``ref`` (id, serial or lot).

    Raises
    ------
    NotFound, AmbiguousError
        When ``ref`` names no item or several.
    """
    item = resolve_node(store, ref, label="Item")
    ctx = ChainContext(
        store.model,
        as_of or date.today(),
        overdue_days if overdue_days is not None else int(store.model.settings.get("overdue_days", 365)),
        with_evidence,
    )
    return custody_chains(store, [item], ctx)[0]


# -- building -------------------------------------------------------------------------

_HOLD_RANK = {"holds": 0, "moves": 1, "ends": 2}


def custody_chains(store: Store, items: Sequence[Node], ctx: ChainContext) -> list[CustodyChain]:
    """Chains of many items with a fixed number of batched reads."""
    model = ctx.model
    facts = store.custody_facts([i.id for i in items])
    own_events = shipment_events = _by_subject(facts.events)  # subjects: the items and their shipments
    shipments_of: dict[str, list[str]] = {}
    received: set[tuple[str, str]] = set()
    for r in facts.inbound:
        if r.type == "CONTAINS":
            shipments_of.setdefault(r.target, []).append(r.source)
        else:
            received.add((r.source, r.target))
    shipment_ids = sorted({s for ss in shipments_of.values() for s in ss})
    shipments = facts.shipments
    with_receipt = {s for s in shipment_ids if _has_receipt(store, shipments.get(s))}

    chains: list[CustodyChain] = []
    for item in items:
        events: list[Event] = list(own_events.get(item.id, []))
        ships = [shipments[s] for s in shipments_of.get(item.id, []) if s in shipments]
        not_received = [s for s in ships if s.id in with_receipt and (s.id, item.id) not in received]
        for s in ships:
            evs = shipment_events.get(s.id, [])
            if s in not_received:
                # The shipment's delivery does not make the consignee the holder of an item
                # missing from the receipt, nor does anything the shipment did afterwards.
                cut = min((e.date.start for e in evs if e.type == "DELIVERY" and e.date), default=None)
                evs = [e for e in evs if e.type != "DELIVERY" and not (cut and e.date and e.date.start >= cut)]
            events.extend(evs)
        if ctx.until is not None:
            events = [e for e in events if e.date is None or e.date.start <= ctx.until]
        chains.append(_build(item, events, ships, not_received, model))

    if ctx.with_anomalies:
        _fill_nodes(store, chains)
        superiors = _superiors(store, chains)
        for chain in chains:
            _flag_unauthorised(chain, superiors, model)
            _flag_overdue(chain, ctx)
            chain.anomalies.sort(key=lambda a: (min(a.segments, default=-1), ANOMALY_KINDS.index(a.kind)))
    if ctx.with_evidence:
        evidence = store.evidence({eid for c in chains for eid in c.events})
        for chain in chains:
            chain.evidence = {eid: evidence.get(eid, []) for eid in chain.events}
    return chains


def _by_subject(events: Iterable[Event]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = {}
    for e in events:
        out.setdefault(e.subject, []).append(e)
    return out


def _has_receipt(store: Store, shipment: Node | None) -> bool:
    if shipment is None:
        return False
    if "receipt" in shipment.props:
        return bool(shipment.props["receipt"])
    return bool(store.relations([shipment.id], types=["RECEIVED"], direction="out"))


def _day(e: Event) -> date:
    return e.date.start if e.date else date.max


def _order(events: list[Event], model: Model) -> list[Event]:
    """Dated events in time order. On one day, the event that continues from the current
    holder goes first (a transit before the delivery that follows it)."""
    out: list[Event] = []
    holder: str | None = None
    dated = sorted((e for e in events if e.date), key=lambda e: (_day(e), e.id))
    for _, same_day in groupby(dated, key=_day):
        group = list(same_day)
        while group:
            def score(e: Event, h: str | None = holder) -> tuple[int, int, str]:
                custody = model.event(e.type).custody
                continues = (custody == "moves" and e.from_actor == h) or (custody == "holds" and e.to_actor == h)
                return (0 if continues else 1, _HOLD_RANK[custody], e.id)

            nxt = min(group, key=score)
            group.remove(nxt)
            out.append(nxt)
            if nxt.to_actor and model.event(nxt.type).custody != "ends":
                holder = nxt.to_actor
    return out


def _same_step(a: Event, b: Event, model: Model) -> bool:
    """Two sources for one handover (one says TRANSFER, one HANDOVER) are one step."""
    return (
        model.event(a.type).custody == "moves" == model.event(b.type).custody
        and a.date is not None and b.date is not None and a.date.interval().overlaps(b.date.interval())
        and a.to_actor == b.to_actor
        and (a.from_actor == b.from_actor or None in (a.from_actor, b.from_actor))
    )


def _build(item: Node, events: list[Event], shipments: list[Node], not_received: list[Node],
           model: Model) -> CustodyChain:
    by_id = {e.id: e for e in events}
    undated = sorted(e.id for e in events if e.date is None)
    shipment_ids = {s.id for s in shipments}
    b = _SegmentBuilder()

    for e in _order(events, model):
        et = model.event(e.type)
        if b.current is not None and _same_step(by_id[b.current.events[0]], e, model):
            b.add(e)  # a second source for the step that opened this segment
            continue
        if et.custody == "ends" or (et.custody == "moves" and e.to_actor is None):
            # lost, or handed to somebody unnamed: custody from here on is unknown
            if b.current is not None:
                b.add(e)
            b.close(e.date)
            continue
        cur = b.current
        new_holder = e.to_actor if e.to_actor else (cur.holder if cur else None)
        new_location = e.location if (e.location or et.custody == "moves") else (cur.location if cur else None)
        if cur is not None and new_holder == cur.holder:
            if new_location in (cur.location, None):
                b.add(e)
            else:
                b.close(e.date)
                b.open(new_holder, new_location, e)
            continue
        said = e.from_actor
        if cur is not None:
            b.close(e.date)
            prev = b.segments[-1]
            if cur.holder is not None and new_holder is not None:
                if et.custody != "moves" and prev.start is not None and prev.start == e.date:
                    b.anomaly("conflict", "two holders claimed for the same time", (prev.index, prev.index + 1),
                              actors=(cur.holder, new_holder), events=(prev.events[0], e.id))
                elif said is not None and said != cur.holder:
                    b.anomaly("break", "custody break: the next event says it came from another party",
                              (prev.index, prev.index + 1), actors=(cur.holder, said), events=(e.id,))
                elif said is None and e.subject not in shipment_ids:
                    b.anomaly("break", "custody break: nothing says how it passed from the previous holder",
                              (prev.index, prev.index + 1), actors=(cur.holder, new_holder), events=(e.id,))
        elif b.segments:
            prev = b.segments[-1]
            days = (e.date.start - prev.end.end).days if (e.date and prev.end) else None
            b.anomaly("gap", "no known holder between two segments", (prev.index, prev.index + 1), days=days,
                      events=(e.id,))
        if said is not None and said != new_holder and (cur is None or said != cur.holder):
            # the party named as giver held it in between, from no later than the last known
            # custody, until this event
            lower = b.segments[-1].start if b.segments else None
            b.open(said, e.location, e, start=lower, inferred=True)
            b.close(e.date)
        b.open(new_holder, new_location, e)
    b.close(None)

    for s in not_received:
        b.anomaly("not_received", f"on the manifest of {s.name} but not on its receipt",
                  (len(b.segments) - 1,) if b.segments else (), shipment=s.id)
    chain = CustodyChain(item, b.segments, b.anomalies, by_id, shipments, undated=undated)
    chain.delivered = _delivery(chain)
    return chain


@dataclass
class _Open:
    holder: str | None
    location: str | None
    start: PartialDate | None
    events: list[str]
    inferred: bool


class _SegmentBuilder:
    """Accumulates segments; ``current`` is the open one."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.anomalies: list[Anomaly] = []
        self.current: _Open | None = None

    def open(self, holder: str | None, location: str | None, e: Event, *, start: PartialDate | None = None,
             inferred: bool = False) -> None:
        self.current = _Open(holder, location, start if inferred else e.date, [e.id], inferred)

    def add(self, e: Event) -> None:
        assert self.current is not None
        self.current.events.append(e.id)
        self.current.location = self.current.location or e.location

    def close(self, end: PartialDate | None) -> None:
        c = self.current
        if c is not None:
            self.segments.append(Segment(len(self.segments), c.holder, c.location, c.start, end, tuple(c.events),
                                         c.inferred))
        self.current = None

    def anomaly(self, kind: str, message: str, segments: tuple[int, ...], **kw: object) -> None:
        self.anomalies.append(Anomaly(kind, message, segments, **kw))  # type: ignore[arg-type]


def _delivery(chain: CustodyChain) -> int | None:
    """Index of the segment that the delivery to the end user opened."""
    for s in chain.segments:
        if any(chain.events[eid].type == "DELIVERY" and chain.events[eid].to_actor == s.holder for eid in s.events):
            return s.index
    return None


def _fill_nodes(store: Store, chains: list[CustodyChain]) -> None:
    ids: set[str] = set()
    for c in chains:
        for e in c.events.values():
            ids.update(x for x in (e.from_actor, e.to_actor, e.location) if x)
        for s in c.shipments:
            ids.update(str(s.props[k]) for k in ("consignor", "consignee", "end_user") if s.props.get(k))
        if c.item.props.get("system"):
            ids.add(str(c.item.props["system"]))
    nodes = store.nodes(ids)
    for c in chains:
        c.nodes = nodes


def _authority_roots(chain: CustodyChain) -> set[str]:
    """Who the item was meant for: the shipments' end user and consignee, and whoever the
    delivery made the holder."""
    roots = {str(s.props[k]) for s in chain.shipments for k in ("end_user", "consignee") if s.props.get(k)}
    if chain.delivered is not None and chain.segments[chain.delivered].holder:
        roots.add(str(chain.segments[chain.delivered].holder))
    return roots


def _superiors(store: Store, chains: list[CustodyChain]) -> dict[str, frozenset[str]]:
    """For each holder after a delivery: itself and every actor above it (the units it is
    subordinate to, or a member of, transitively). Walking up is one read (a soldier, a
    battalion, a brigade, a corps...); walking down from the end user would read the whole
    army."""
    holders = {s.holder for c in chains if c.delivered is not None
               for s in c.segments[c.delivered + 1:] if s.holder}
    above: dict[str, set[str]] = {h: {h} for h in holders}
    parents: dict[str, set[str]] = {}
    for r in store.relations_upward(holders, ["SUBORDINATE_TO", "MEMBER_OF"]):
        parents.setdefault(r.source, set()).add(r.target)
    for h in holders:
        stack = [h]
        while stack:
            for p in parents.get(stack.pop(), ()):
                if p not in above[h]:
                    above[h].add(p)
                    stack.append(p)
    return {h: frozenset(v) for h, v in above.items()}


def _flag_unauthorised(chain: CustodyChain, superiors: dict[str, frozenset[str]], model: Model) -> None:
    """After delivery, a holder outside the end user's hierarchy (neither the end user or
    consignee nor transitively subordinate to one); before it, the shipping chain is
    authorised."""
    if chain.delivered is None:
        return
    roots = _authority_roots(chain)
    for seg in chain.segments[chain.delivered + 1:]:
        if seg.holder is None or superiors.get(seg.holder, frozenset({seg.holder})) & roots:
            continue
        node = chain.nodes.get(seg.holder)
        opening = chain.events[seg.events[0]]
        if (node is not None and model.is_law_enforcement(node.name, node.kind)
                and model.event(opening.type).take and opening.to_actor == seg.holder):
            continue  # a seizure by police or customs is a recovery, not a diversion
        name = node.name if node else seg.holder
        chain.anomalies.append(Anomaly(
            "unauthorised_holder", f"{name} held it after delivery and is outside the end user's hierarchy",
            (seg.index,), holder=seg.holder, events=seg.events))


def _flag_overdue(chain: CustodyChain, ctx: ChainContext) -> None:
    system = chain.nodes.get(str(chain.item.props.get("system", "")))
    if system is None or not system.props.get("eeum") or chain.delivered is None:
        return
    if chain.segments:
        last = chain.events[chain.segments[-1].events[0]]
        holder = chain.nodes.get(chain.segments[-1].holder or "")
        recovered = (ctx.model.event(last.type).take and holder is not None
                     and ctx.model.is_law_enforcement(holder.name, holder.kind))
        if recovered or ctx.model.event(last.type).custody == "ends":
            return
    checks = [e.date.end for e in chain.events.values()
              if e.date and ctx.model.event(e.type).check and e.date.start <= ctx.as_of]
    delivered = chain.segments[chain.delivered].start
    reference = max([*checks, *([delivered.end] if delivered else [])], default=None)
    if reference is None:
        return
    days = (ctx.as_of - reference).days
    if days > ctx.overdue_days:
        chain.anomalies.append(Anomaly(
            "overdue", f"monitored item not inventoried or observed for {days} days (limit {ctx.overdue_days})",
            (len(chain.segments) - 1,) if chain.segments else (), days=days))
