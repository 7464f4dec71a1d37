"""RelationFact: a typed link between two entities, valid over an interval, with evidence."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.schema.common import Interval, context, iso
from api.schema.entity import Entity, to_entity
from api.schema.evidence import Fact
from graph.records import Relation

__all__ = ["RelationFact", "entity_or_none", "relations_of"]


@strawberry.type(description="A relation between two entities (SUBORDINATE_TO, MEMBER_OF, BASED_AT...), "
                             "valid over an interval; a relation without dates is valid for all time.")
class RelationFact(Fact):
    relation: strawberry.Private[Relation]

    def fact_ids(self) -> list[str]:
        return [self.relation.id]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.relation.id)

    @strawberry.field
    def type(self) -> str:
        return self.relation.type

    @strawberry.field(description="The relation read as words: `is subordinate to`.")
    def text(self, info: Info) -> str:
        rel = context(info).model.relations.get(self.relation.type)
        return rel.text if rel else self.relation.type.lower()

    @strawberry.field
    def source_id(self) -> strawberry.ID:
        return strawberry.ID(self.relation.source)

    @strawberry.field
    def target_id(self) -> strawberry.ID:
        return strawberry.ID(self.relation.target)

    @strawberry.field
    async def source(self, info: Info) -> Entity | None:
        return await entity_or_none(info, self.relation.source)

    @strawberry.field
    async def target(self, info: Info) -> Entity | None:
        return await entity_or_none(info, self.relation.target)

    @strawberry.field
    def valid_from(self) -> str | None:
        return iso(self.relation.valid_from)

    @strawberry.field
    def valid_to(self) -> str | None:
        return iso(self.relation.valid_to)

    @strawberry.field
    def validity(self) -> Interval:
        return Interval.from_domain(self.relation.validity)


async def entity_or_none(info: Info, node_id: str | None) -> Entity | None:
    """The entity ``node_id`` names, or ``None`` (unknown id, or a document)."""
    node = await context(info).loaders.node(node_id)
    return to_entity(node) if node is not None and node.label != "Document" else None


async def relations_of(info: Info, node_id: str, types: list[str] | None) -> list[RelationFact]:
    rels = await context(info).loaders.relations.load(node_id)
    wanted = set(types) if types else None
    return [RelationFact(relation=r) for r in rels if wanted is None or r.type in wanted]
