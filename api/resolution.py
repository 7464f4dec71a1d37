"""Analysts' entity-resolution decisions (merge, split) and the merged view of a store.

A decision is a fact like any other: each merge or split writes one ``SAME_AS`` relation
(merged entity -> canonical entity) whose props say ``decision`` (merge or split),
``author``, ``reason`` and ``at``, with a Document of kind ``Decision`` as its evidence.
Nothing is edited afterwards: a split is a second relation for the same pair, and the
latest decision of a pair is in force. So every merge stays on record with its author, and
undoing it loses nothing.

Two analysts deciding at once must not both win (``X -> A`` and ``X -> B``; ``A -> B`` and
``B -> A``, a cycle). A decision is checked and written as one compare-and-set
(:meth:`graph.store.Store.write_if`): :func:`merge` and :func:`split` read the versions of
every entity the decision depends on (the entities named and each one's chain to its
canonical entity) *before* reading the decisions, check, and write only if none of those
versions moved; a concurrent decision on any of them raises
:class:`~graph.errors.Conflict` and writes nothing.

:class:`MergedStore` is the store as the API's readers see it: every id of a merged entity
reads as its canonical entity (whose aliases gain the merged names), relations and events
of the merged ids are rewritten to the canonical id, and evidence of the canonical entity
includes the merged ones'. Because the questions in ``queries/`` only talk to the store
protocol, custody chains, reach, paths and alerts all treat merged ids as one entity
without knowing about merges.

Examples
--------
>>> from graph.builder import FactBuilder
>>> from graph.model import load_model
>>> from graph.sqlite_store import SqliteStore
>>> store = SqliteStore(":memory:", load_model())
>>> b = FactBuilder(store.model, title="t", text="fictional")
>>> a, c = b.actor("Grey Heron group", "ArmedGroup"), b.actor("Grey Herons", "ArmedGroup")
>>> _ = store.write(b.batch)
>>> _ = merge(store, a, [c], author="ana", reason="same leader")
>>> view = Merges.load(store).view(store)
>>> view.nodes([c])[c].id, view.nodes([c])[c].aliases
('actor:grey-heron-group', ('Grey Herons',))
>>> _ = split(store, c, author="ana", reason="different leaders after all")
>>> Merges.load(store).canonical_of(c)
'actor:grey-herons'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from graph.builder import FactBuilder
from graph.dates import Interval
from graph.errors import InvalidInput, NotFound
from graph.ids import digest
from graph.model import Model
from graph.records import Batch, Deletion, Event, Evidence, Node, Relation, WriteResult
from graph.store import ComposedReads, Direction, Store

__all__ = ["SAME_AS", "Decision", "MergedStore", "Merges", "merge", "split"]

SAME_AS = "SAME_AS"


@dataclass(frozen=True, slots=True)
class Decision:
    """One merge or split, as recorded by its SAME_AS relation."""

    relation: str
    decision: str
    source: str
    """The entity merged away (or split back out)."""
    target: str
    """The entity it was merged into."""
    author: str
    reason: str
    at: str
    document: str | None


@dataclass
class Merges:
    """Every decision, and the merges in force: merged id -> canonical id."""

    decisions: list[Decision] = field(default_factory=list)
    canonical: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    """Canonical id -> the ids merged into it (transitively), sorted."""
    targets: dict[str, str] = field(default_factory=dict)
    """Merged id -> the id it is directly merged into."""

    @classmethod
    def load(cls, store: Store) -> Merges:
        """Read the decisions: one read of the Decision documents, one of their relations.

        A store without decisions costs the first read only."""
        docs = list(store.iter_nodes("Document", "Decision"))
        if not docs:
            return cls()
        sources = sorted({str(s) for d in docs for s in d.props.get("sources", ())})
        rels = store.relations(sources, types=[SAME_AS], direction="out")
        decisions = sorted(
            (Decision(r.id, str(r.props.get("decision", "merge")), r.source, r.target, str(r.props.get("author", "")),
                      str(r.props.get("reason", "")), str(r.props.get("at", "")),
                      str(r.props["document"]) if r.props.get("document") else None)
             for r in rels if r.type == SAME_AS),
            key=lambda d: (d.at, d.relation),
        )
        latest: dict[tuple[str, str], Decision] = {}
        for d in decisions:
            latest[(d.source, d.target)] = d
        # merges in force: the latest decision of their pair is a merge (merge() refuses to merge
        # an id twice, so one source has one target; were there two, the later would win). A
        # merge that would close a cycle is left out: merge() checks and writes under compare
        # and set, so only decisions raced by earlier versions can do that, and an entity must
        # never read as merged into itself.
        edges: dict[str, str] = {}
        for d in sorted(latest.values(), key=lambda d: (d.at, d.relation)):
            if d.decision != "merge":
                continue
            cur = d.target
            while cur in edges and cur != d.source:
                cur = edges[cur]
            if cur != d.source:
                edges[d.source] = d.target
        canonical: dict[str, str] = {}
        for src in edges:
            cur = edges[src]
            while cur in edges:  # follow A -> B -> C (no cycles, see above)
                cur = edges[cur]
            canonical[src] = cur
        members: dict[str, list[str]] = {}
        for src, dst in sorted(canonical.items()):
            members.setdefault(dst, []).append(src)
        return cls(decisions, canonical, members, edges)

    def canonical_of(self, node_id: str) -> str:
        return self.canonical.get(node_id, node_id)

    def merged_from(self, node_id: str) -> list[str]:
        return list(self.members.get(node_id, ()))

    def expand(self, ids: Iterable[str]) -> list[str]:
        """Every id that reads as one of ``ids`` (the canonical one and all merged into it)."""
        out: dict[str, None] = {}
        for i in ids:
            c = self.canonical_of(i)
            out[c] = None
            out.update(dict.fromkeys(self.members.get(c, ())))
        return list(out)

    def active_target(self, node_id: str) -> str | None:
        """Where ``node_id`` is directly merged now, if it is."""
        return self.targets.get(node_id)

    def chain(self, node_id: str) -> list[str]:
        """``node_id``, the entity it is merged into, and so on up to its canonical entity."""
        out = [node_id]
        while out[-1] in self.targets:
            out.append(self.targets[out[-1]])
        return out

    def view(self, store: Store) -> Store:
        """The store as readers should see it: the store itself when nothing was ever decided."""
        return MergedStore(store, self) if self.decisions else store


class MergedStore(ComposedReads):  # composite reads from the filtered primitives
    """A read view of ``base`` in which merged entities read as their canonical entity.

    Writes go to ``base`` unchanged. SAME_AS relations are not shown (they are decisions
    about the graph, read through :class:`Merges`), and a relation that a merge turned into
    a loop (a unit "subordinate to" its own duplicate) is left out."""

    def __init__(self, base: Store, merges: Merges) -> None:
        self.base = base
        self.merges = merges
        self.model: Model = base.model

    @property
    def uri(self) -> str:
        return self.base.uri

    def write(self, batch: Batch) -> WriteResult:
        return self.base.write(batch)

    def write_if(self, batch: Batch, expected: Mapping[str, int]) -> WriteResult:
        return self.base.write_if(batch, expected)

    def versions(self, ids: Iterable[str]) -> dict[str, int]:
        return self.base.versions(ids)

    def close(self) -> None:
        self.base.close()

    def counts(self) -> dict[str, int]:
        return self.base.counts()

    def document_by_hash(self, sha256: str) -> Node | None:
        return self.base.document_by_hash(sha256)

    # -- nodes ---------------------------------------------------------------------------
    def _combine(self, canonical: Node, raw: dict[str, Node]) -> Node:
        extra = [raw[m] for m in self.merges.merged_from(canonical.id) if m in raw]
        if not extra:
            return canonical
        names = [*canonical.aliases, *(n.name for n in extra), *(a for n in extra for a in n.aliases)]
        aliases = tuple(dict.fromkeys(a for a in names if a != canonical.name))
        props = {**{k: v for n in reversed(extra) for k, v in n.props.items()}, **canonical.props}
        return replace(canonical, aliases=aliases, props=props)

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """Keyed by the ids asked for; a merged id maps to its canonical node."""
        wanted = list(dict.fromkeys(ids))
        raw = self.base.nodes(self.merges.expand(wanted))
        out: dict[str, Node] = {}
        for i in wanted:
            node = raw.get(self.merges.canonical_of(i))
            if node is not None:
                out[i] = self._combine(node, raw)
        return out

    def _canonical_nodes(self, found: Sequence[Node]) -> list[Node]:
        ids = list(dict.fromkeys(self.merges.canonical_of(n.id) for n in found))
        nodes = self.nodes(ids)
        return [nodes[i] for i in ids if i in nodes]

    def lookup(self, key: str, label: str | None = None) -> list[Node]:
        return self._canonical_nodes(self.base.lookup(key, label))

    def search(self, text: str, label: str | None = None, limit: int = 20) -> list[Node]:
        return self._canonical_nodes(self.base.search(text, label, limit))

    def iter_nodes(self, label: str, kind: str | None = None) -> Iterator[Node]:
        for node in self.base.iter_nodes(label, kind):
            if node.id in self.merges.canonical:
                continue  # read through its canonical entity
            if node.id in self.merges.members:
                node = self.nodes([node.id])[node.id]
            yield node

    # -- relations and events ------------------------------------------------------------------
    def _relation(self, r: Relation) -> Relation | None:
        s, t = self.merges.canonical_of(r.source), self.merges.canonical_of(r.target)
        if r.type == SAME_AS or (s == t and r.source != r.target):
            return None
        return r if (s, t) == (r.source, r.target) else replace(r, source=s, target=t)

    def relations(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> list[Relation]:
        rels = self.base.relations(self.merges.expand(ids), types=types, direction=direction, during=during)
        return [x for x in (self._relation(r) for r in rels) if x is not None]

    def _event(self, e: Event) -> Event:
        c = self.merges.canonical_of
        ends = (e.from_actor and c(e.from_actor), e.to_actor and c(e.to_actor), e.location and c(e.location))
        if ends == (e.from_actor, e.to_actor, e.location):
            return e
        return replace(e, from_actor=ends[0], to_actor=ends[1], location=ends[2])

    def events_of(self, subjects: Iterable[str]) -> list[Event]:
        return [self._event(e) for e in self.base.events_of(self.merges.expand(subjects))]

    def events_with_actors(self, actors: Iterable[str]) -> list[Event]:
        return [self._event(e) for e in self.base.events_with_actors(self.merges.expand(actors))]

    def events_at(self, locations: Iterable[str]) -> list[Event]:
        return [self._event(e) for e in self.base.events_at(self.merges.expand(locations))]

    def iter_events(self, types: Sequence[str] | None = None) -> Iterator[Event]:
        return (self._event(e) for e in self.base.iter_events(types))

    def evidence(self, fact_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        """A canonical entity's evidence includes that of the entities merged into it."""
        wanted = list(dict.fromkeys(fact_ids))
        raw = self.base.evidence(self.merges.expand(wanted))
        out: dict[str, list[Evidence]] = {}
        for i in wanted:
            c = self.merges.canonical_of(i)
            found = [ev for m in (c, *self.merges.merged_from(c)) for ev in raw.get(m, [])]
            if found:
                out[i] = found
        return out

    def document_texts(self, document_ids: Iterable[str]) -> dict[str, str]:
        return self.base.document_texts(document_ids)  # documents are never merged
    def extractor_versions(self, extractor: str) -> dict[str, set[str]]:
        return self.base.extractor_versions(extractor)

    def delete_evidence(self, document_id: str, extractor: str, *, replacement: Batch | None = None,
                        dry_run: bool = False) -> Deletion:
        """Changes the base store (writes go to ``base`` unchanged)."""
        return self.base.delete_evidence(document_id, extractor, replacement=replacement, dry_run=dry_run)


# -- recording decisions ---------------------------------------------------------------------

def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _decision_batch(model: Model, decision: str, pairs: list[tuple[str, str]], author: str, reason: str,
                    title: str) -> tuple[Batch, list[Decision]]:
    at = _now()
    record = {"decision": decision, "pairs": pairs, "author": author, "reason": reason, "at": at}
    b = FactBuilder(model, title=title, text=json.dumps(record, sort_keys=True), kind="Decision", extractor="api",
                    version="1", sensitivity="public", published=at[:10], ingested_at=at)
    doc = replace(b.document, props={**b.document.props, "decision": decision, "author": author, "reason": reason,
                                     "sources": sorted({s for s, _ in pairs}), "at": at})
    b.document = doc
    b.batch.nodes[0] = doc
    out: list[Decision] = []
    for source, target in pairs:
        rid = f"rel:{digest(SAME_AS, source, target, doc.id)}"
        props = {"decision": decision, "author": author, "reason": reason, "at": at, "document": doc.id}
        b.batch.relations.append(Relation(rid, SAME_AS, source, target, None, None, props))
        b.cite(rid, quote=f"{decision} by {author}: {reason}", locator="decision")
        out.append(Decision(rid, decision, source, target, author, reason, at, doc.id))
    return b.batch, out


def _existing(store: Store, ids: Sequence[str]) -> dict[str, Node]:
    found = store.nodes(ids)
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(f"no entity with id {', '.join(repr(m) for m in missing)}")
    return found


def _read_for(store: Store, ids: Sequence[str], depends: Callable[[Merges], set[str]]) -> tuple[Merges, dict[str, int]]:
    """The decisions, and the versions of every entity a decision on ``ids`` depends on, read
    versions first: a decision landing in between then shows as a version that moved, never
    as a stale read that passes. ``depends`` names those entities from a reading of the
    decisions; when it names more than were read, read again with them."""
    wanted = set(ids)
    while True:
        versions = store.versions(sorted(wanted))
        merges = Merges.load(store)
        needed = depends(merges)
        if needed <= wanted:
            return merges, {i: versions[i] for i in sorted(needed)}
        wanted |= needed


def merge(store: Store, into: str, ids: Sequence[str], *, author: str, reason: str) -> list[Decision]:
    """Record that each of ``ids`` is the same entity as ``into``, checked and written as one
    compare and set.

    ``store`` is the base store (not a merged view). ``into`` may itself be merged; the
    decision then names its canonical entity.

    Raises
    ------
    NotFound
        An id names nothing.
    InvalidInput
        Different labels, a label that cannot be merged, no reason, an id already merged
        (split it first), or an id that already is ``into``.
    Conflict
        Another decision on one of these entities (or their canonical entities) landed
        since they were read; nothing was written.
    """
    if not reason.strip():
        raise InvalidInput("a merge needs a reason (it is recorded with your name)")
    if not ids:
        raise InvalidInput("name at least one entity to merge")
    unique = list(dict.fromkeys(ids))
    merges, versions = _read_for(store, [into, *unique],
                                 lambda m: {x for i in (into, *unique) for x in m.chain(i)})
    target = merges.canonical_of(into)
    nodes = _existing(store, [target, *unique])
    allowed = set(store.model.relation(SAME_AS).source)
    label = nodes[target].label
    if label not in allowed:
        raise InvalidInput(f"{label} entities cannot be merged; only {', '.join(sorted(allowed))}")
    pairs: list[tuple[str, str]] = []
    for i in unique:
        if nodes[i].label != label:
            raise InvalidInput(f"cannot merge {nodes[i].label} {i!r} into {label} {target!r}")
        if merges.canonical_of(i) == target:
            raise InvalidInput(f"{i!r} already reads as {target!r}")
        if i in merges.canonical:
            raise InvalidInput(f"{i!r} is merged into {merges.canonical_of(i)!r}; split it first")
        pairs.append((i, target))
    batch, decisions = _decision_batch(store.model, "merge", pairs, author, reason,
                                       f"merge into {nodes[target].name} by {author}")
    store.write_if(batch, versions)
    return decisions


def split(store: Store, node_id: str, *, author: str, reason: str) -> Decision:
    """Undo the merge of ``node_id``: it reads as itself again (and entities merged into it
    follow it). Checked and written as one compare and set, as :func:`merge`.

    Raises
    ------
    InvalidInput
        No reason, or ``node_id`` is not merged into anything.
    Conflict
        Another decision on this entity or its chain landed since it was read.
    """
    if not reason.strip():
        raise InvalidInput("a split needs a reason (it is recorded with your name)")
    _existing(store, [node_id])
    merges, versions = _read_for(store, [node_id], lambda m: set(m.chain(node_id)))
    target = merges.active_target(node_id)
    if target is None:
        members = merges.merged_from(node_id)
        hint = f"; it is the canonical entity of {', '.join(members)}: split one of those" if members else ""
        raise InvalidInput(f"{node_id!r} is not merged into anything{hint}")
    batch, [decision] = _decision_batch(store.model, "split", [(node_id, target)], author, reason,
                                        f"split {node_id} from {target} by {author}")
    store.write_if(batch, versions)
    return decision
