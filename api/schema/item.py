"""Item (one launcher, rifle or ammunition lot) and WeaponSystem, and the ``item`` / ``items``
queries."""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from api.schema.actor import resolve_one
from api.schema.common import PageInfo, context, decode_cursor, encode_cursor
from api.schema.entity import Entity
from graph.errors import InvalidInput
from graph.records import Node
from graph.store import Store

if TYPE_CHECKING:
    from api.schema.chain import CustodyChain
    from api.schema.event import CustodyEvent
    from api.schema.shipment import Shipment

__all__ = ["Item", "ItemConnection", "ItemFilter", "WeaponSystem", "item_query", "items_query"]

CustodyEventRef = Annotated["CustodyEvent", strawberry.lazy("api.schema.event")]
ShipmentRef = Annotated["Shipment", strawberry.lazy("api.schema.shipment")]
CustodyChainRef = Annotated["CustodyChain", strawberry.lazy("api.schema.chain")]


@strawberry.type(description="A weapon system (FGM-148 Javelin, FIM-92 Stinger...); `kind` is its category.")
class WeaponSystem(Entity):
    @strawberry.field(description="ATGM, MANPADS, SmallArms...")
    def category(self) -> str:
        return self.node.kind

    @strawberry.field(description="Whether it is under enhanced end-use monitoring (serial inventories are due).")
    def eeum(self) -> bool:
        return bool(self.node.props.get("eeum", False))


@strawberry.type(description="One item: a launcher, a rifle, or an ammunition lot (serial and/or lot).")
class Item(Entity):
    @strawberry.field
    def serial(self) -> str | None:
        return _text(self.node, "serial")

    @strawberry.field
    def lot(self) -> str | None:
        return _text(self.node, "lot")

    @strawberry.field(description="How many (for ammunition lots).")
    def quantity(self) -> float | None:
        q = self.node.props.get("quantity")
        return float(q) if isinstance(q, (int, float)) else None

    @strawberry.field(description="NATO stock number.")
    def nsn(self) -> str | None:
        return _text(self.node, "nsn")

    @strawberry.field
    async def system(self, info: Info) -> WeaponSystem | None:
        node = await context(info).loaders.node(_text(self.node, "system"))
        return WeaponSystem(node=node) if node is not None and node.label == "WeaponSystem" else None

    @strawberry.field(description="The shipments whose manifests list this item.")
    async def shipments(self, info: Info) -> list[ShipmentRef]:
        from api.schema.shipment import Shipment

        ctx = context(info)
        rels = await ctx.loaders.relations.load(self.node.id)
        ids = [r.source for r in rels if r.type == "CONTAINS" and r.target == self.node.id]
        return [Shipment(node=n) for n in await ctx.loaders.many(ids) if n.label == "Shipment"]

    @strawberry.field(description="The item's own custody events, oldest first (its shipments' events are in "
                                  "`custodyChain`).")
    async def events(self, info: Info, first: int | None = 50) -> list[CustodyEventRef]:
        from api.schema.event import events_page

        ctx = context(info)
        return events_page(await ctx.loaders.events_of.load(self.node.id), ctx.page_size(first))

    @strawberry.field(description="The custody chain of this item (same as the `custodyChain` query).")
    async def custody_chain(self, info: Info, as_of: str | None = None, overdue_days: int | None = None
                            ) -> CustodyChainRef:
        from api.schema.chain import chain_for

        return await chain_for(info, self.node.id, as_of, overdue_days)


def _text(node: Node, key: str) -> str | None:
    value = node.props.get(key)
    return None if value is None else str(value)


async def item_query(info: Info, id: strawberry.ID | None = None, serial: str | None = None) -> Item:
    """One item by id or by serial (or lot); serials are compared normalised (case, spaces, dashes)."""
    if (id is None) == (serial is None):
        raise InvalidInput("give exactly one of id or serial")
    return Item(node=await resolve_one(info, str(id or serial), "Item"))


@strawberry.input(description="Narrow `items`: all conditions must hold.")
class ItemFilter:
    system: str | None = strawberry.field(default=None, description="A weapon system id, name or alias.")
    serial_contains: str | None = strawberry.field(default=None, description="Part of a serial or lot number.")
    shipment: str | None = strawberry.field(default=None, description="A shipment id or reference.")


@strawberry.type
class ItemEdge:
    cursor: str
    node: Item


@strawberry.type(description="A page of items, ordered by id.")
class ItemConnection:
    edges: list[ItemEdge]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def nodes(self) -> list[Item]:
        return [e.node for e in self.edges]


def _items_page(store: Store, flt: ItemFilter | None, after: str | None, size: int) -> tuple[list[Node], bool, int]:
    """One page of items after ``after``; a scan (or a search) then the ``size + 1`` smallest
    ids, so no store order is assumed."""
    from queries.resolve import resolve_node

    system = resolve_node(store, flt.system, "WeaponSystem").id if flt and flt.system else None
    members: set[str] | None = None
    if flt and flt.shipment:
        ship = resolve_node(store, flt.shipment, "Shipment")
        members = {r.target for r in store.relations([ship.id], types=["CONTAINS"], direction="out")}
    if flt and flt.serial_contains:
        pool: list[Node] = store.search(flt.serial_contains, label="Item", limit=100_000)
    elif members is not None:
        pool = list(store.nodes(sorted(members)).values())
    else:
        pool = list(store.iter_nodes("Item"))
    pool = [n for n in pool if (system is None or n.props.get("system") == system)
            and (members is None or n.id in members)]
    page = heapq.nsmallest(size + 1, (n for n in pool if after is None or n.id > after), key=lambda n: n.id)
    return page[:size], len(page) > size, len(pool)


async def items_query(info: Info, filter: ItemFilter | None = None, first: int | None = 20,
                      after: str | None = None) -> ItemConnection:
    """Items, a page at a time (`first` at most the server's page size; pass `endCursor` as `after`)."""
    ctx = context(info)
    size = ctx.page_size(first)
    store = await ctx.view()
    nodes, more, total = await ctx.call(_items_page, store, filter, decode_cursor(after), size)
    ctx.loaders.prime_nodes({n.id: n for n in nodes})
    edges = [ItemEdge(cursor=encode_cursor(n.id), node=Item(node=n)) for n in nodes]
    return ItemConnection(edges=edges, page_info=PageInfo(has_next_page=more,
                                                          end_cursor=edges[-1].cursor if edges else None),
                          total_count=total)
