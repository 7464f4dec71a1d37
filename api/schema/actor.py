"""Actor: an interface over the actor kinds (country, organisation, military unit, armed
group, company, person), and the ``actor`` / ``actors`` queries."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from api.schema.common import PageInfo, context, decode_cursor, encode_cursor
from api.schema.entity import Entity
from api.schema.relation import RelationFact, relations_of
from graph.errors import InvalidInput
from graph.records import Node
from graph.store import Store
from queries.resolve import resolve_node

if TYPE_CHECKING:
    from api.schema.event import CustodyEvent

__all__ = ["ACTOR_TYPES", "Actor", "ActorConnection", "actor_query", "actor_type", "actors_query", "resolve_one"]

CustodyEventRef = Annotated["CustodyEvent", strawberry.lazy("api.schema.event")]


@strawberry.interface(description="Anyone who can hold, give, take or reach an item. `kind` (and __typename) say "
                                  "which: Country, Organization, MilitaryUnit, ArmedGroup, Company or Person.")
class Actor(Entity):
    @strawberry.field(description="Relations of this actor: subordination, membership, affiliation, bases.")
    async def relations(self, info: Info, types: list[str] | None = None) -> list[RelationFact]:
        return await relations_of(info, self.node.id, types)

    @strawberry.field(description="Custody events this actor gave or received, oldest first.")
    async def events(self, info: Info, first: int | None = 50) -> list[CustodyEventRef]:
        from api.schema.event import events_page

        ctx = context(info)
        return events_page(await ctx.loaders.events_with_actor.load(self.node.id), ctx.page_size(first))


@strawberry.type(description="A state.")
class Country(Actor):
    pass


@strawberry.type(description="A ministry, agency, directorate, police or customs service...")
class Organization(Actor):
    pass


@strawberry.type(description="A military unit: corps, brigade, battalion, company.")
class MilitaryUnit(Actor):
    pass


@strawberry.type(description="A non-state armed group.")
class ArmedGroup(Actor):
    pass


@strawberry.type(description="A company (manufacturer, broker, carrier).")
class Company(Actor):
    pass


@strawberry.type(description="A person.")
class Person(Actor):
    pass


ACTOR_TYPES: dict[str, type[Actor]] = {
    "Country": Country, "Organization": Organization, "MilitaryUnit": MilitaryUnit, "ArmedGroup": ArmedGroup,
    "Company": Company, "Person": Person,
}


def actor_type(node: Node) -> Actor:
    """The GraphQL object of an actor node, by its kind (a kind the schema lacks reads as an Organization)."""
    return ACTOR_TYPES.get(node.kind, Organization)(node=node)


async def resolve_one(info: Info, ref: str, label: str | None) -> Node:
    """``ref`` (an id, name, alias or serial) as one node of ``label`` (any label when ``None``),
    through the merged view."""
    ctx = context(info)
    store = await ctx.view()
    node = await ctx.call(resolve_node, store, ref, label)
    ctx.loaders.prime_nodes({node.id: node})
    return node


async def actor_query(info: Info, id: strawberry.ID | None = None, name: str | None = None) -> Actor:
    """One actor by id or by name (or alias). A merged id gives its canonical actor."""
    if (id is None) == (name is None):
        raise InvalidInput("give exactly one of id or name")
    return actor_type(await resolve_one(info, str(id or name), "Actor"))


@strawberry.type
class ActorEdge:
    cursor: str
    node: Actor


@strawberry.type(description="A page of actors, ordered by id.")
class ActorConnection:
    edges: list[ActorEdge]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def nodes(self) -> list[Actor]:
        return [e.node for e in self.edges]


def _page(store: Store, kind: str | None, name_contains: str | None, after: str | None, size: int
          ) -> tuple[list[Node], bool, int]:
    if name_contains:
        found: list[Node] = store.search(name_contains, label="Actor", limit=10_000)
        pool = [n for n in found if kind is None or n.kind == kind]
    else:
        pool = list(store.iter_nodes("Actor", kind))
    total = len(pool)
    page = heapq.nsmallest(size + 1, (n for n in pool if after is None or n.id > after), key=lambda n: n.id)
    return page[:size], len(page) > size, total


async def actors_query(info: Info, kind: str | None = None, name_contains: str | None = None,
                       first: int | None = 20, after: str | None = None) -> ActorConnection:
    """Actors, optionally of one kind or whose name or alias contains some text."""
    ctx = context(info)
    size = ctx.page_size(first)
    if kind is not None and kind not in ctx.model.labels["Actor"]:
        raise InvalidInput(f"unknown actor kind {kind!r}; kinds: {', '.join(ctx.model.labels['Actor'])}")
    store = await ctx.view()
    nodes, more, total = await ctx.call(_page, store, kind, name_contains, decode_cursor(after), size)
    ctx.loaders.prime_nodes({n.id: n for n in nodes})
    edges = [ActorEdge(cursor=encode_cursor(n.id), node=actor_type(n)) for n in nodes]
    return ActorConnection(edges=edges, page_info=PageInfo(has_next_page=more, end_cursor=edges[-1].cursor if edges
                                                           else None), total_count=total)
