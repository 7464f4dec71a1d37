"""RelationFact: a typed link between two entities, valid over an interval, with evidence."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

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
    # the entities at both ends, fetched in one batch with the relations (None: not an entity)
    ends: strawberry.Private[Mapping[str, Entity | None]]

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

    # Synchronous: a neighbourhood of 5,000 relations would otherwise schedule 10,000 awaits,
    # which cost more than everything else in its answer.
    @strawberry.field
    def source(self) -> Entity | None:
        return self.ends.get(self.relation.source)

    @strawberry.field
    def target(self) -> Entity | None:
        return self.ends.get(self.relation.target)

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


def _asks_for(selections: Iterable[object], names: frozenset[str]) -> bool:
    """Whether a selection set (fragments included) names one of ``names`` at its top level."""
    for sel in selections:
        name = getattr(sel, "name", None)
        if name in names and not hasattr(sel, "type_condition"):
            return True
        if (name is None or hasattr(sel, "type_condition")) and _asks_for(getattr(sel, "selections", ()), names):
            return True
    return False


_ENDS = frozenset({"source", "target"})


async def relations_of(info: Info, node_id: str, types: list[str] | None) -> list[RelationFact]:
    """The relations of ``node_id``, with the entities at their ends loaded in one batch when
    the query asks for them."""
    loaders = context(info).loaders
    rels = await loaders.relations.load(node_id)
    wanted = set(types) if types else None
    rels = [r for r in rels if wanted is None or r.type in wanted]
    ends: dict[str, Entity | None] = {}
    if rels and _asks_for(info.selected_fields[0].selections, _ENDS):
        ids = list(dict.fromkeys(i for r in rels for i in (r.source, r.target)))
        for i, node in zip(ids, await loaders.nodes.load_many(ids), strict=True):
            ends[i] = to_entity(node) if node is not None and node.label != "Document" else None
    return [RelationFact(relation=r, ends=ends) for r in rels]
