"""Neighbourhood: an entity and everything one step from it, as parallel arrays of scalars.

The analyst page draws neighbourhoods of thousands of nodes. Asked as objects
(``relations { id type source { id name label kind } target { ... } }``) a hub of 5,000
relations is some 70,000 fields, each resolved and completed on its own; as columns it is a
dozen lists of plain values. Evidence is not part of it: the page asks for an entity's
evidence when the entity is selected.

The answer reads the same filtered graph as every other field (a viewer does not see facts
whose only evidence is restricted, nor the entities only they name).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import strawberry
from strawberry.types import Info

from api.schema.actor import resolve_one
from api.schema.common import context, iso
from graph.records import Event, Node
from graph.store import Store

__all__ = ["Neighbourhood", "neighbourhood_query"]

_ROLES = ("consignor", "consignee", "end_user", "origin", "destination")


@strawberry.type(description="An entity and what lies one step from it, as parallel lists: entity `i` is `ids[i]`, "
                             "`names[i]`, `labels[i]`, `kinds[i]` (entity 0 is the centre); link `j` goes from "
                             "entity `linkSources[j]` to entity `linkTargets[j]`. Evidence is not included: ask "
                             "for the entity or fact by id.")
class Neighbourhood:
    ids: list[strawberry.ID]
    names: list[str]
    labels: list[str]
    kinds: list[str]
    link_ids: list[str] = strawberry.field(description="The relation's id; an event's id and `:to` (to the holder), "
                                                       "`:from` (from the giver) or `:at` (at the place); for links "
                                                       "read from an entity's properties (an item's weapon system, a "
                                                       "shipment's consignor...) `type:source>target`.")
    link_sources: list[int]
    link_targets: list[int]
    link_types: list[str] = strawberry.field(description="MEMBER_OF, BASED_AT, CONTAINS... for relations; the event "
                                                         "type for events; `system`, `consignor`, `end_user`... for "
                                                         "properties.")
    link_kinds: list[str] = strawberry.field(description="`relation`, `contains`, `event` (to the holder), "
                                                         "`event-from` (from the giver), `event-at` (at a place), "
                                                         "`system` or `role` (a shipment's parties and places).")
    link_starts: list[str | None] = strawberry.field(description="A relation's valid-from, an event's date.")
    link_ends: list[str | None] = strawberry.field(description="A relation's valid-to.")
    events_total: int = strawberry.field(description="The custody events of the centre; links are given for the "
                                                     "oldest `events` of them.")


@dataclass
class _Columns:
    """The answer being built: entity rows by id, link rows in order, column by column."""

    index: dict[str, int] = field(default_factory=dict)
    nodes: list[Node] = field(default_factory=list)
    link_ids: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)
    targets: list[int] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    starts: list[str | None] = field(default_factory=list)
    ends: list[str | None] = field(default_factory=list)

    def add(self, node: Node) -> int:
        at = self.index.get(node.id)
        if at is None:
            at = self.index[node.id] = len(self.nodes)
            self.nodes.append(node)
        return at

    def link(self, lid: str, source: Node, target: Node, type_: str, kind: str, start: str | None = None,
             end: str | None = None) -> None:
        if source.id == target.id:
            return
        self.link_ids.append(lid)
        self.sources.append(self.add(source))
        self.targets.append(self.add(target))
        self.types.append(type_)
        self.kinds.append(kind)
        self.starts.append(start)
        self.ends.append(end)

    def answer(self, events_total: int) -> Neighbourhood:
        return Neighbourhood(
            ids=[strawberry.ID(n.id) for n in self.nodes], names=[n.name for n in self.nodes],
            labels=[n.label for n in self.nodes], kinds=[n.kind for n in self.nodes], link_ids=self.link_ids,
            link_sources=self.sources, link_targets=self.targets, link_types=self.types, link_kinds=self.kinds,
            link_starts=self.starts, link_ends=self.ends, events_total=events_total)


def _entity(node: Node | None) -> Node | None:
    return node if node is not None and node.label != "Document" else None


def _events(store: Store, centre: Node) -> list[Event]:
    if centre.label == "Actor":
        return store.events_with_actors([centre.id])
    if centre.label == "Location":
        return store.events_at([centre.id])
    if centre.label in ("Item", "Shipment"):
        return store.events_of([centre.id])
    return []


def _read(store: Store, centre: Node, size: int) -> tuple[_Columns, int]:
    """The neighbourhood of ``centre`` read from ``store`` (the caller's view) in one go: a few
    store calls, no per-neighbour work but building the rows."""
    from api.schema.item import ItemFilter, _items_page

    rels = store.relations([centre.id])
    evs = sorted({e.id: e for e in _events(store, centre)}.values(),
                 key=lambda e: (e.date is None, e.date.start if e.date else None, e.id))
    shown = evs[:size]
    props = {k: str(centre.props[k]) for k in ("system", *_ROLES) if centre.props.get(k)}
    wanted = {i for r in rels for i in (r.source, r.target)}
    wanted |= {i for e in shown for i in (e.subject, e.from_actor, e.to_actor, e.location) if i}
    wanted |= set(props.values())
    wanted.discard(centre.id)
    nodes = {i: n for i, n in store.nodes(sorted(wanted)).items() if _entity(n) is not None}
    nodes[centre.id] = centre
    cols = _Columns()
    cols.add(centre)
    for key, other_id in props.items():
        other = nodes.get(other_id)
        if other is not None and (key != "system" or other.label == "WeaponSystem"):
            cols.link(f"{key}:{centre.id}>{other.id}", centre, other, key, "system" if key == "system" else "role")
    if centre.label == "WeaponSystem":
        for it in _items_page(store, ItemFilter(system=centre.id), None, 100)[0]:
            cols.link(f"system:{it.id}>{centre.id}", it, centre, "system", "system")
    for r in rels:
        source, target = nodes.get(r.source), nodes.get(r.target)
        if source is not None and target is not None:
            cols.link(r.id, source, target, r.type, "contains" if r.type == "CONTAINS" else "relation",
                      iso(r.valid_from), iso(r.valid_to))
    for e in shown:
        subject = nodes.get(e.subject)
        if subject is None:
            continue
        when = iso(e.date)
        for end, suffix, kind in ((e.to_actor, "to", "event"), (e.from_actor, "from", "event-from"),
                                  (e.location, "at", "event-at")):
            other = nodes.get(end) if end else None
            if other is not None:
                a, b = (other, subject) if suffix == "from" else (subject, other)
                cols.link(f"{e.id}:{suffix}", a, b, e.type, kind, when)
    return cols, len(evs)


async def neighbourhood_query(info: Info, id: strawberry.ID, events: int | None = 100) -> Neighbourhood:
    """An entity (by id, name, serial or alias) and what lies one step from it, as parallel lists (one
    answer for thousands of neighbours): its relations, the links of its oldest `events` custody events
    (at most the page size), an item's weapon system, a shipment's parties and places, a weapon system's
    first 100 items. No evidence: ask for it by id when it is needed."""
    ctx = context(info)
    size = ctx.page_size(events, default=100)
    centre = await resolve_one(info, str(id), None)
    store = await ctx.view()
    cols, total = await ctx.call(_read, store, centre, size)
    return cols.answer(total)
