"""Link analysis: the paths between two entities, up to k hops, shortest first."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from api.schema.actor import resolve_one
from api.schema.common import Direction, context
from api.schema.entity import Entity, to_entity
from graph.errors import InvalidInput
from graph.records import Node
from queries.paths import Edge, paths_between
from queries.paths import Path as DomainPath

__all__ = ["Path", "PathEdge", "PathsResult", "paths_query"]


def _entity(nodes: dict[str, Node], node_id: str) -> Entity | None:
    node = nodes.get(node_id)
    return to_entity(node) if node is not None and node.label != "Document" else None


@strawberry.type(description="One edge of a path, read in the fact's own direction: a relation from its source to "
                             "its target, or a custody event from the actor or place to the item or shipment; "
                             "`direction` says which way the path went. Time is not applied here (that is "
                             "whoCouldReach's job).")
class PathEdge:
    edge: strawberry.Private[Edge]
    nodes: strawberry.Private[dict[str, Node]]

    @strawberry.field
    def source_id(self) -> strawberry.ID:
        return strawberry.ID(self.edge.source)

    @strawberry.field
    def target_id(self) -> strawberry.ID:
        return strawberry.ID(self.edge.target)

    @strawberry.field
    def source(self) -> Entity | None:
        return _entity(self.nodes, self.edge.source)

    @strawberry.field
    def target(self) -> Entity | None:
        return _entity(self.nodes, self.edge.target)

    @strawberry.field(description="FORWARD: the path went from source to target; BACKWARD: from target to source.")
    def direction(self) -> Direction:
        return Direction.BACKWARD if self.edge.backward else Direction.FORWARD

    @strawberry.field(description="A relation type or an event type.")
    def label(self) -> str:
        return self.edge.label

    @strawberry.field(description="The relation or event behind the edge.")
    def fact(self) -> strawberry.ID:
        return strawberry.ID(self.edge.fact)


@strawberry.type
class Path:
    path: strawberry.Private[DomainPath]
    nodes: strawberry.Private[dict[str, Node]]

    @strawberry.field
    def hops(self) -> int:
        return len(self.path.edges)

    @strawberry.field
    def node_ids(self) -> list[strawberry.ID]:
        return [strawberry.ID(n) for n in self.path.nodes]

    @strawberry.field
    def entities(self) -> list[Entity | None]:
        return [_entity(self.nodes, n) for n in self.path.nodes]

    @strawberry.field
    def edges(self) -> list[PathEdge]:
        return [PathEdge(edge=e, nodes=self.nodes) for e in self.path.edges]


@strawberry.type
class PathsResult:
    source: Entity
    target: Entity
    max_hops: int
    paths: list[Path]
    truncated: bool = strawberry.field(description="A node had too many neighbours; paths through the rest were not "
                                                   "explored.")


async def paths_query(info: Info, from_: Annotated[str, strawberry.argument(name="from")], to: str, max_hops: int = 4,
                      first: int | None = 10) -> PathsResult:
    """Up to `first` simple paths of at most `maxHops` edges between two entities (ids, names, serials)."""
    ctx = context(info)
    hops = ctx.hops(max_hops, minimum=1)
    assert hops is not None
    size = ctx.page_size(first, default=10)
    a, b = await resolve_one(info, from_, None), await resolve_one(info, to, None)
    for n in (a, b):
        if n.label == "Document":
            raise InvalidInput(f"{n.id} is a document; paths run between entities")
    store = await ctx.view()
    result = await ctx.call(paths_between, store, a.id, b.id, max_hops=hops, limit=max(size, 1))
    nodes = dict(result.nodes)
    ctx.loaders.prime_nodes(nodes)
    paths = [Path(path=p, nodes=nodes) for p in result.paths[:size]]
    return PathsResult(source=to_entity(result.source), target=to_entity(result.target), max_hops=hops, paths=paths,
                       truncated=result.truncated)
