"""Who could reach an item (question 2), and the reverse: which items an actor could reach.
Each answer carries the time-respecting paths that explain it, step by step, with evidence."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api.schema.actor import Actor, actor_type, resolve_one
from api.schema.chain import documents_of, parse_day
from api.schema.common import Direction, Interval, IntervalInput, context
from api.schema.entity import Entity, to_entity
from api.schema.evidence import Fact
from api.schema.item import Item
from graph.dates import Interval as DomainInterval
from graph.errors import LimitExceeded
from graph.records import Node
from queries.reach import ReachableItem as DomainReachableItem
from queries.reach import Reached, reachable_items, who_could_reach
from queries.reach import ReachPath as DomainPath
from queries.reach import ReachResult as DomainReach
from queries.reach import Step as DomainStep

__all__ = ["ReachPath", "ReachResult", "ReachStep", "ReachableItems", "WhoCouldReach", "reachable_items_query",
           "who_could_reach_query"]


def _entity(nodes: dict[str, Node], node_id: str) -> Entity | None:
    node = nodes.get(node_id)
    return to_entity(node) if node is not None and node.label != "Document" else None


@strawberry.type(description="One link of an explaining path, read in the fact's own direction. `kind` is HOLDER "
                             "(the item held by `target`; the fact is the event that gave it), AT_LOCATION (the item "
                             "staying at `target`; the fact is the event that put it there) or a relation type (the "
                             "fact is the relation, from its own source to its own target: \"Mykola Fedorenko "
                             "MEMBER_OF 1st Battalion\" whichever way the path went). `direction` says which way "
                             "the path went.")
class ReachStep(Fact):
    step: strawberry.Private[DomainStep]
    nodes: strawberry.Private[dict[str, Node]]

    def fact_ids(self) -> list[str]:
        return [self.step.fact]

    @strawberry.field
    def kind(self) -> str:
        return self.step.kind

    @strawberry.field(description="The fact's own source: the relation's source; for HOLDER and AT_LOCATION the "
                                  "item.")
    def source_id(self) -> strawberry.ID:
        return strawberry.ID(self.step.source)

    @strawberry.field(description="The fact's own target: the relation's target, the holder, or the location.")
    def target_id(self) -> strawberry.ID:
        return strawberry.ID(self.step.target)

    @strawberry.field(description="FORWARD: the path went from source to target; BACKWARD: from target to source "
                                  "(from a battalion to its member along \"member MEMBER_OF battalion\").")
    def direction(self) -> Direction:
        return Direction.BACKWARD if self.step.backward else Direction.FORWARD

    @strawberry.field
    def source(self) -> Entity | None:
        return _entity(self.nodes, self.step.source)

    @strawberry.field
    def target(self) -> Entity | None:
        return _entity(self.nodes, self.step.target)

    @strawberry.field(description="The id of the event or relation behind the step.")
    def fact(self) -> strawberry.ID:
        return strawberry.ID(self.step.fact)

    @strawberry.field(description="When the step held: the holder's or stay's interval, or the relation's validity.")
    def validity(self) -> Interval:
        return Interval.from_domain(self.step.validity)

    @strawberry.field
    def confidence(self) -> float:
        return self.step.confidence


@strawberry.type(description="A path from the item to an actor; access was possible during `interval`, the "
                             "intersection of every interval on it.")
class ReachPath:
    path: strawberry.Private[DomainPath]
    nodes: strawberry.Private[dict[str, Node]]

    @strawberry.field
    def interval(self) -> Interval:
        return Interval.from_domain(self.path.interval)

    @strawberry.field
    def confidence(self) -> float:
        return self.path.confidence

    @strawberry.field
    def hops(self) -> int:
        return self.path.hops

    @strawberry.field
    def steps(self) -> list[ReachStep]:
        return [ReachStep(step=s, nodes=self.nodes) for s in self.path.steps]


@strawberry.type(description="An actor who had, or could have had, access to the item, with the paths that "
                             "explain why.")
class ReachResult:
    reached: strawberry.Private[Reached]
    nodes: strawberry.Private[dict[str, Node]]

    @strawberry.field
    def actor(self) -> Actor | None:
        node = self.nodes.get(self.reached.actor)
        return actor_type(node) if node is not None and node.label == "Actor" else None

    @strawberry.field
    def actor_id(self) -> strawberry.ID:
        return strawberry.ID(self.reached.actor)

    @strawberry.field(description="0: held it; 1: present where it was, or one relation from a holder; ...")
    def hops(self) -> int:
        return self.reached.hops

    @strawberry.field
    def confidence(self) -> float:
        return self.reached.confidence

    @strawberry.field
    def paths(self) -> list[ReachPath]:
        return [ReachPath(path=p, nodes=self.nodes) for p in self.reached.paths]


@strawberry.type(description="Who could reach an item, ranked by hops then confidence.")
class WhoCouldReach:
    item: Item
    max_hops: int
    window: Interval
    results: list[ReachResult]


@strawberry.type(description="An item an actor could reach, with one explaining path (from the item to the actor).")
class ReachableItem:
    found: strawberry.Private[DomainReachableItem]
    item_node: strawberry.Private[Node]
    nodes: strawberry.Private[dict[str, Node]]

    @strawberry.field
    def item(self) -> Item:
        return Item(node=self.item_node)

    @strawberry.field
    def hops(self) -> int:
        return self.found.hops

    @strawberry.field
    def confidence(self) -> float:
        return self.found.confidence

    @strawberry.field
    def path(self) -> ReachPath:
        return ReachPath(path=self.found.path, nodes=self.nodes)


@strawberry.type(description="The items an actor could reach within `maxHops`.")
class ReachableItems:
    actor: Actor
    max_hops: int
    window: Interval
    results: list[ReachableItem]


def _window(window: IntervalInput | None) -> DomainInterval:
    return window.to_domain() if window is not None else DomainInterval.ALWAYS


def _default_hops(info: Info, max_hops: int | None) -> int:
    ctx = context(info)
    hops = ctx.hops(max_hops)
    return hops if hops is not None else int(ctx.model.settings.get("max_hops_default", 3))


async def who_could_reach_query(
    info: Info,
    item: str,
    max_hops: int | None = None,
    window: IntervalInput | None = None,
    min_confidence: float = 0.0,
    first: int | None = 50,
    paths_per_actor: int = 3,
    as_of: str | None = None,
) -> WhoCouldReach:
    """Question 2: the actors who had or could have had access to the item, within `maxHops` steps (default 3) and
    the time `window`, each with the paths that explain why."""
    ctx = context(info)
    hops = _default_hops(info, max_hops)
    size = ctx.page_size(first, default=50)
    if not 1 <= paths_per_actor <= 10:
        raise LimitExceeded(f"pathsPerActor must be between 1 and 10, got {paths_per_actor}")
    win = _window(window)
    day = parse_day(as_of) or date.today()

    def ask() -> tuple[DomainReach, dict[str, Node]]:
        store = ctx.store  # one trip to a worker thread for the whole question
        result = who_could_reach(store, item, max_hops=hops, window=win, min_confidence=min_confidence, limit=size,
                                 paths_per_actor=paths_per_actor, as_of=day)
        return result, documents_of(store, result.evidence)

    result, documents = await ctx.call(ask)
    nodes = {**result.nodes, result.item.id: result.item}
    ctx.loaders.prime_nodes({**nodes, **documents})
    ctx.loaders.prime_evidence(result.evidence)
    return WhoCouldReach(item=Item(node=result.item), max_hops=result.max_hops, window=Interval.from_domain(win),
                         results=[ReachResult(reached=r, nodes=nodes) for r in result.results])


async def reachable_items_query(
    info: Info,
    actor: str,
    max_hops: int | None = None,
    window: IntervalInput | None = None,
    first: int | None = 50,
    as_of: str | None = None,
) -> ReachableItems:
    """The reverse question: the items `actor` could have reached within `maxHops` and the `window`."""
    ctx = context(info)
    hops = _default_hops(info, max_hops)
    size = ctx.page_size(first, default=50)
    win = _window(window)
    who = await resolve_one(info, actor, "Actor")
    store = await ctx.view()
    day = parse_day(as_of) or date.today()
    actor_node, found = await ctx.call(reachable_items, store, who.id, max_hops=hops, window=win, limit=size,
                                       as_of=day)
    ids = {f.item for f in found} | {x for f in found for s in f.path.steps for x in (s.source, s.target)}
    nodes = {n.id: n for n in await ctx.loaders.many(ids)}
    return ReachableItems(actor=actor_type(actor_node), max_hops=hops, window=Interval.from_domain(win),
                          results=[ReachableItem(found=f, item_node=nodes[f.item], nodes=nodes)
                                   for f in found if f.item in nodes])
