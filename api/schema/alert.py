"""Standing diversion alerts over the whole graph, each with its evidence."""

from __future__ import annotations

from datetime import date
from typing import cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from api.schema.actor import Actor, actor_type
from api.schema.chain import parse_day
from api.schema.common import PageInfo, context, decode_cursor, encode_cursor
from api.schema.evidence import Fact
from api.schema.item import Item
from api.schema.shipment import Shipment
from graph.errors import InvalidInput, LimitExceeded
from queries.alerts import ALERT_KINDS, alerts
from queries.alerts import Alert as DomainAlert

__all__ = ["Alert", "AlertConnection", "alerts_query"]


@strawberry.type(description="A standing alert: unauthorised_holder, break, conflict, serial_match, "
                             "quantity_mismatch, overdue or two_places.")
class Alert(Fact):
    alert: strawberry.Private[DomainAlert]

    def fact_ids(self) -> list[str]:
        return list(self.alert.facts)

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.alert.id)

    @strawberry.field
    def kind(self) -> str:
        return self.alert.kind

    @strawberry.field
    def message(self) -> str:
        return self.alert.message

    @strawberry.field
    def item_id(self) -> strawberry.ID | None:
        return strawberry.ID(self.alert.item) if self.alert.item else None

    @strawberry.field
    async def item(self, info: Info) -> Item | None:
        node = await context(info).loaders.node(self.alert.item)
        return Item(node=node) if node is not None and node.label == "Item" else None

    @strawberry.field
    async def shipment(self, info: Info) -> Shipment | None:
        node = await context(info).loaders.node(self.alert.shipment)
        return Shipment(node=node) if node is not None and node.label == "Shipment" else None

    @strawberry.field
    async def actors(self, info: Info) -> list[Actor]:
        nodes = await context(info).loaders.many(self.alert.actors)
        return [actor_type(n) for n in nodes if n.label == "Actor"]

    @strawberry.field(description="The events or relations the alert rests on.")
    def facts(self) -> list[strawberry.ID]:
        return [strawberry.ID(f) for f in self.alert.facts]

    @strawberry.field(description="Kind-specific details: segments, days, report, shipped and received...")
    def details(self) -> JSON:
        return cast(JSON, dict(self.alert.details))


@strawberry.type
class AlertEdge:
    cursor: str
    node: Alert


@strawberry.type(description="A page of alerts, ordered by kind, then item or shipment.")
class AlertConnection:
    edges: list[AlertEdge]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def nodes(self) -> list[Alert]:
        return [e.node for e in self.edges]


async def alerts_query(info: Info, as_of: str | None = None, kinds: list[str] | None = None,
                       overdue_days: int | None = None, first: int | None = 50, after: str | None = None
                       ) -> AlertConnection:
    """Diversion alerts over the whole graph as of a day (default today): events after it are not considered."""
    ctx = context(info)
    size = ctx.page_size(first, default=50)
    wanted = tuple(kinds) if kinds else ALERT_KINDS
    unknown = [k for k in wanted if k not in ALERT_KINDS]
    if unknown:
        raise InvalidInput(f"unknown alert kind {', '.join(unknown)}; kinds: {', '.join(ALERT_KINDS)}")
    if overdue_days is not None and not 0 <= overdue_days <= 36_500:
        raise LimitExceeded(f"overdueDays must be between 0 and 36500, got {overdue_days}")
    cursor = decode_cursor(after)
    try:
        offset = int(cursor) if cursor is not None else 0
    except ValueError:
        raise InvalidInput(f"not a cursor of this list: {after!r}") from None
    store = await ctx.view()
    day = parse_day(as_of) or date.today()
    found = await ctx.call(alerts, store, as_of=day, kinds=wanted,
                           overdue_days=overdue_days if overdue_days is not None else ctx.settings.overdue_days,
                           with_evidence=False)
    page = found[offset:offset + size]
    edges = [AlertEdge(cursor=encode_cursor(str(offset + i + 1)), node=Alert(alert=a)) for i, a in enumerate(page)]
    return AlertConnection(edges=edges, page_info=PageInfo(has_next_page=offset + size < len(found),
                                                           end_cursor=edges[-1].cursor if edges else None),
                           total_count=len(found))
