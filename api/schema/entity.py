"""Entity: the interface of every node a fact can be about (item, weapon system, shipment,
actor, location), and the mapping from a stored node to its GraphQL type."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.schema.common import context
from api.schema.evidence import Fact
from graph.records import Node

__all__ = ["Entity", "to_entity"]


@strawberry.interface(description="A node of the graph: an item, weapon system, shipment, actor or location. "
                                  "Merged entities read as their canonical entity; `mergedFrom` lists the ids merged "
                                  "into it.")
class Entity(Fact):
    node: strawberry.Private[Node]

    def fact_ids(self) -> list[str]:
        return [self.node.id]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.node.id)

    @strawberry.field
    def name(self) -> str:
        return self.node.name

    @strawberry.field(description="The kind within the label, from the model (MilitaryUnit, Depot, ATGM, Item...).")
    def kind(self) -> str:
        return self.node.kind

    @strawberry.field
    def label(self) -> str:
        return self.node.label

    @strawberry.field
    def aliases(self) -> list[str]:
        return list(self.node.aliases)

    @strawberry.field(description="Ids of the entities an analyst merged into this one (merges in force).")
    async def merged_from(self, info: Info) -> list[strawberry.ID]:
        ctx = context(info)
        await ctx.view()  # reads the decisions once per request, off the event loop
        return [strawberry.ID(i) for i in ctx.merges.merged_from(self.node.id)]


def to_entity(node: Node) -> Entity:
    """The GraphQL object for a stored node (imports here: the types import this module)."""
    from api.schema.actor import actor_type
    from api.schema.item import Item, WeaponSystem
    from api.schema.location import Location
    from api.schema.shipment import Shipment

    if node.label == "Actor":
        return actor_type(node)
    if node.label == "Item":
        return Item(node=node)
    if node.label == "WeaponSystem":
        return WeaponSystem(node=node)
    if node.label == "Shipment":
        return Shipment(node=node)
    if node.label == "Location":
        return Location(node=node)
    raise TypeError(f"{node.id}: {node.label} is not an entity")
