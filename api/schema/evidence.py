"""Evidence: where a fact came from (document, span, quote, extractor, confidence)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from strawberry.types import Info

from api.loaders import EvidenceView, Loaders
from api.schema.common import context
from api.schema.document import Document, document_text
from graph.errors import LimitExceeded, NotFound
from graph.records import Evidence as DomainEvidence
from graph.records import Node

T = TypeVar("T")

__all__ = ["CONTEXT_MAX", "Evidence", "EvidenceContext", "Fact", "Span", "evidence_list"]

#: The most characters of context a caller may ask for on each side of a quote.
CONTEXT_MAX = 5_000


@strawberry.type(description="Character offsets of the quote in the document's text.")
class Span:
    start: int
    end: int


@strawberry.type(description="A quote in its place in the document's text: the text just before, the quote "
                             "itself (the document's text from start to end) and the text just after.")
class EvidenceContext:
    before: str
    quote: str
    after: str
    start: int
    end: int


@strawberry.type(description="One source for one fact: the document, where in it, the quote and who extracted it.")
class Evidence:
    record: strawberry.Private[DomainEvidence]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.record.id)

    @strawberry.field(description="The node, relation or event this evidence backs.")
    def fact_id(self) -> strawberry.ID:
        return strawberry.ID(self.record.fact_id)

    @strawberry.field
    def quote(self) -> str:
        return self.record.quote

    @strawberry.field(description="Where in the document: a row (`row 12`), a character span or `document`.")
    def locator(self) -> str:
        return self.record.locator

    @strawberry.field
    def span(self) -> Span | None:
        r = self.record
        return Span(start=r.start, end=r.end) if r.start is not None and r.end is not None else None

    @strawberry.field(description="How the source states the fact: reported, alleged, attempted or planned.")
    def modality(self) -> str:
        return self.record.modality

    @strawberry.field(description="The quote in its context, from the document's stored text: up to `chars` "
                                  "characters before and after the span. Null without a span or a stored text.")
    async def context(self, info: Info, chars: int = 200) -> EvidenceContext | None:
        if not 0 <= chars <= CONTEXT_MAX:
            raise LimitExceeded(f"chars must be between 0 and {CONTEXT_MAX}, got {chars}")
        r = self.record
        if r.start is None or r.end is None:
            return None
        text = await document_text(info, await context(info).loaders.node(r.document_id))
        if text is None or not 0 <= r.start <= r.end <= len(text):
            return None
        return EvidenceContext(before=text[max(0, r.start - chars):r.start], quote=text[r.start:r.end],
                               after=text[r.end:r.end + chars], start=r.start, end=r.end)

    @strawberry.field
    def extractor(self) -> str:
        return self.record.extractor

    @strawberry.field
    def extractor_version(self) -> str:
        return self.record.extractor_version

    @strawberry.field
    def confidence(self) -> float:
        return self.record.confidence

    @strawberry.field
    def ingested_at(self) -> str:
        return self.record.ingested_at

    @strawberry.field(graphql_type=Document)
    def document(self, info: Info) -> Document | Awaitable[Document]:
        # answered at once when the question already read it (a chain does), else loaded
        loaders = context(info).loaders
        done, node = loaders.node_now(self.record.document_id)
        if done:
            return self._document(node)
        return self._load_document(loaders)

    async def _load_document(self, loaders: Loaders) -> Document:
        return self._document(await loaders.node(self.record.document_id))

    def _document(self, node: Node | None) -> Document:
        if node is None:
            raise NotFound(f"the document {self.record.document_id} of evidence {self.record.id} is missing")
        return Document(node=node)


def evidence_list(records: list[DomainEvidence]) -> list[Evidence]:
    return [Evidence(record=r) for r in sorted(records, key=lambda r: (r.document_id, r.locator, r.id))]


@strawberry.interface(description="Anything that came from a source: it lists its evidence. Evidence from restricted "
                                  "documents is withheld from callers who may not see it, and counted.")
class Fact:
    def fact_ids(self) -> list[str]:
        """The ids of the facts whose evidence this object shows (not a GraphQL field)."""
        raise NotImplementedError

    # Answered at once when the evidence (and, for a viewer, its documents) is already loaded, as a
    # chain's is; else loaded. Declared with their GraphQL types: the methods may return awaitables.
    @strawberry.field(description="The evidence you may see, by document.", graphql_type=list[Evidence])
    def evidence(self, info: Info) -> list[Evidence] | Awaitable[list[Evidence]]:
        return _from_view(context(info).loaders, self.fact_ids(), lambda view: evidence_list(view.visible))

    @strawberry.field(description="How many evidence records were withheld from you (restricted documents).",
                      graphql_type=int)
    def evidence_withheld(self, info: Info) -> int | Awaitable[int]:
        return _from_view(context(info).loaders, self.fact_ids(), lambda view: view.withheld)


def _from_view(loaders: Loaders, fact_ids: list[str], answer: Callable[[EvidenceView], T]) -> T | Awaitable[T]:
    view = loaders.visible_evidence_now(fact_ids)
    if view is not None:
        return answer(view)

    async def later() -> T:
        return answer(await loaders.visible_evidence(fact_ids))

    return later()
