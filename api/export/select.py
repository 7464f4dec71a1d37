"""What an export covers: the whole store, one item's chain, an entity's neighbourhood, a reach
answer, or the alerts. Each is a :class:`Slice`: batches of the store's own records (entity
nodes, custody events, relations), so writers see every fact as stored, relations in their
own direction, and the whole store is read in pages, never held in memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Protocol, TypeVar

from graph.dates import Interval
from graph.errors import LimitExceeded
from graph.records import Event, Node, Relation
from graph.store import Store
from queries.alerts import ALERT_KINDS, Alert, alerts
from queries.chain import custody_chain
from queries.reach import who_could_reach
from queries.resolve import resolve_node

__all__ = [
    "PAGE",
    "MemorySlice",
    "Slice",
    "StoreSlice",
    "alerts_slice",
    "chain_slice",
    "neighbourhood_slice",
    "reach_slice",
]

PAGE = 1000  # records per batch: one evidence read and one write per batch
T = TypeVar("T")


def batched(items: Iterable[T], size: int = PAGE) -> Iterator[list[T]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class Slice(Protocol):
    """Records to export. Each ``*_batches`` may be called more than once (a GEXF file lists
    every node before any edge, so edges are a second pass)."""

    description: str
    alerts: list[Alert]
    annotations: dict[str, dict[str, object]]
    """Extra attributes of some nodes, by id: ``hops`` in a reach answer, ``holder_order`` (1 for the
    first holder) in a chain."""

    def node_batches(self) -> Iterator[list[Node]]:
        """Entity nodes (items, systems, shipments, actors, locations); documents are cited by evidence."""
        ...

    def event_batches(self) -> Iterator[list[Event]]: ...

    def relation_batches(self) -> Iterator[list[Relation]]: ...


class StoreSlice:
    """The whole store, read in pages: nodes label by label, events in id order, and each
    relation once, from its source node's page (``direction="out"``). Documents are among the
    nodes only with ``documents=True`` (a copy of the whole store; an export cites them by evidence)."""

    def __init__(self, store: Store, page: int = PAGE, *, documents: bool = False) -> None:
        self.store = store
        self.page = page
        self.description = f"custody-graph: the whole store ({store.uri})"
        self.alerts: list[Alert] = []
        self.annotations: dict[str, dict[str, object]] = {}
        model = store.model
        self._labels = [label for label in model.labels if documents or label != "Document"]
        self._sources = sorted({label for r in model.relations.values() for label in r.source})

    def node_batches(self) -> Iterator[list[Node]]:
        for label in self._labels:
            yield from batched(self.store.iter_nodes(label), self.page)

    def event_batches(self) -> Iterator[list[Event]]:
        yield from batched(self.store.iter_events(), self.page)

    def relation_batches(self) -> Iterator[list[Relation]]:
        # Sources a tenth of a page at a time: one shipment may contain thousands of items, so what one
        # read returns is bounded by that page times the fan-out, not by the store.
        for label in self._sources:
            for nodes in batched(self.store.iter_nodes(label), max(1, self.page // 10)):
                # a page of shipments can hold many CONTAINS: handed on a page at a time too
                yield from batched(self.store.relations([n.id for n in nodes], direction="out"), self.page)


@dataclass
class MemorySlice:
    """A small answer's records, held in memory (a chain, a neighbourhood, a reach answer)."""

    description: str
    nodes: list[Node]
    events: list[Event]
    relations: list[Relation]
    alerts: list[Alert] = field(default_factory=list)
    annotations: dict[str, dict[str, object]] = field(default_factory=dict)

    def node_batches(self) -> Iterator[list[Node]]:
        yield from batched(self.nodes)

    def event_batches(self) -> Iterator[list[Event]]:
        yield from batched(self.events)

    def relation_batches(self) -> Iterator[list[Relation]]:
        yield from batched(self.relations)


def _complete(store: Store, description: str, nodes: dict[str, Node], events: Iterable[Event],
              relations: Iterable[Relation], **kw: object) -> MemorySlice:
    """A slice whose every event and relation has both ends among its nodes: ends missing from
    ``nodes`` are read, and facts whose ends the store does not know are left out."""
    evs = {e.id: e for e in events}
    rels = {r.id: r for r in relations}
    ends = {x for e in evs.values() for x in (e.subject, e.from_actor, e.to_actor, e.location) if x}
    ends |= {x for r in rels.values() for x in (r.source, r.target)}
    missing = ends - nodes.keys()
    if missing:
        nodes.update(store.nodes(sorted(missing)))
    nodes = {i: n for i, n in nodes.items() if n.label != "Document"}
    kept_events = [e for e in evs.values()
                   if all(x in nodes for x in (e.subject, e.from_actor, e.to_actor, e.location) if x)]
    kept_relations = [r for r in rels.values() if r.source in nodes and r.target in nodes]
    return MemorySlice(description, list(nodes.values()), sorted(kept_events, key=lambda e: e.id),
                       sorted(kept_relations, key=lambda r: r.id), **kw)  # type: ignore[arg-type]


def _between(store: Store, ids: Sequence[str]) -> list[Relation]:
    """Relations whose both ends are among ``ids``."""
    inside = set(ids)
    return [r for r in store.relations(ids) if r.source in inside and r.target in inside]


def chain_slice(store: Store, ref: str, *, as_of: date | None = None) -> MemorySlice:
    """One item's custody chain: the item, its shipments, every holder, place and system the
    chain names, its events, and the relations among them. Holders come first, in chain order."""
    chain = custody_chain(store, ref, as_of=as_of)
    nodes: dict[str, Node] = {chain.item.id: chain.item}
    for holder in chain.holders():
        if holder in chain.nodes:
            nodes[holder] = chain.nodes[holder]
    for n in sorted(chain.nodes.values(), key=lambda n: (n.label, n.name, n.id)):
        nodes.setdefault(n.id, n)
    for s in chain.shipments:
        nodes.setdefault(s.id, s)
    ids = list(nodes)
    order: dict[str, dict[str, object]] = {}
    for i, holder in enumerate(chain.holders(), 1):
        order.setdefault(holder, {"holder_order": i})
    return _complete(store, f"custody-graph: custody chain of {chain.item.name}", nodes, chain.events.values(),
                     _between(store, ids), annotations=order)


def neighbourhood_slice(store: Store, ref: str, *, hops: int = 1, max_nodes: int = 2000,
                        hops_cap: int = 6) -> MemorySlice:
    """An entity and everything within ``hops`` steps: a relation is a step, and so is a custody
    event between its item and each party or place it names. Grows breadth-first with one batch
    of reads per hop and stops adding nodes at ``max_nodes`` (the description says so).

    Raises
    ------
    NotFound, AmbiguousError
        When ``ref`` names no entity or several.
    LimitExceeded
        When ``hops`` is outside [0, ``hops_cap``].
    """
    if hops < 0 or hops > hops_cap:
        raise LimitExceeded(f"hops must be between 0 and {hops_cap}, got {hops}")
    centre = resolve_node(store, ref)
    seen: dict[str, None] = {centre.id: None}
    events: dict[str, Event] = {}
    relations: dict[str, Relation] = {}
    frontier = [centre.id]
    truncated = False
    for _ in range(hops):
        if not frontier:
            break
        found: list[str] = []
        for r in store.relations(frontier):
            relations[r.id] = r
            found += [r.source, r.target]
        for e in store.events_of(frontier) + store.events_with_actors(frontier) + store.events_at(frontier):
            events[e.id] = e
            found += [x for x in (e.subject, e.from_actor, e.to_actor, e.location) if x]
        new = [x for x in dict.fromkeys(found) if x not in seen]
        room = max_nodes - len(seen)
        if len(new) > room:
            truncated, new = True, new[:room]
        seen.update(dict.fromkeys(new))
        frontier = new
    nodes = store.nodes(list(seen))
    inside = set(nodes)
    kept_events = [e for e in events.values()
                   if all(x in inside for x in (e.subject, e.from_actor, e.to_actor, e.location) if x)]
    kept_relations = [r for r in relations.values() if r.source in inside and r.target in inside]
    ordered = {centre.id: nodes.get(centre.id, centre), **{i: n for i, n in nodes.items() if i != centre.id}}
    note = f" (cut at {max_nodes} nodes)" if truncated else ""
    return _complete(store, f"custody-graph: neighbourhood of {centre.name}, {hops} hops{note}", ordered,
                     kept_events, kept_relations)


def reach_slice(store: Store, ref: str, *, max_hops: int | None = None, window: Interval = Interval.ALWAYS,
                as_of: date | None = None) -> MemorySlice:
    """A who-could-reach answer: the item, every actor reached (annotated with ``hops``), and the
    facts on their explaining paths: the custody events that made holders or put the item at a
    place, and the relations walked, each in its own stored direction whichever way the path
    went along it."""
    result = who_could_reach(store, ref, max_hops=max_hops, window=window, as_of=as_of)
    chain = custody_chain(store, result.item.id, as_of=as_of, with_evidence=False)
    facts = {st.fact for r in result.results for p in r.paths for st in p.steps}
    nodes: dict[str, Node] = {result.item.id: result.item}
    for r in result.results:
        if r.actor in result.nodes:
            nodes[r.actor] = result.nodes[r.actor]
    nodes.update((i, n) for i, n in result.nodes.items() if i not in nodes)
    step_ends = {x for r in result.results for p in r.paths for st in p.steps for x in (st.source, st.target)}
    relations = [r for r in store.relations(sorted(step_ends)) if r.id in facts]
    events = [e for e in chain.events.values() if e.id in facts]
    annotations: dict[str, dict[str, object]] = {result.item.id: {"hops": 0}}
    annotations.update((r.actor, {"hops": r.hops}) for r in result.results)
    return _complete(store, f"custody-graph: who could reach {result.item.name} (max {result.max_hops} hops)",
                     nodes, events, relations, annotations=annotations)


def alerts_slice(store: Store, *, as_of: date | None = None, kinds: tuple[str, ...] = ALERT_KINDS) -> MemorySlice:
    """The standing alerts, each with the item, shipment and actors it names and the events and
    relations it rests on."""
    found = alerts(store, as_of=as_of, kinds=kinds, with_evidence=True)
    subjects = sorted({x for a in found for x in (a.item, a.shipment) if x})
    named = sorted({x for a in found for x in (a.item, a.shipment, *a.actors) if x})
    facts = {f for a in found for f in a.facts}
    items = sorted({a.item for a in found if a.item})
    shipments = {r.source for r in store.relations(items, types=["CONTAINS"], direction="in")}
    events = [e for e in store.events_of(sorted({*subjects, *shipments})) if e.id in facts]
    relations = [r for r in store.relations(named) if r.id in facts]
    nodes = store.nodes(named)
    ordered = {i: nodes[i] for i in named if i in nodes}
    return _complete(store, f"custody-graph: {len(found)} alerts as of {(as_of or date.today()).isoformat()}",
                     ordered, events, relations, alerts=found)
