"""Document: a report, manifest, receipt, log or decision that facts cite."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from api.errors import Forbidden
from api.schema.common import context
from graph.errors import InvalidInput, NotFound
from graph.records import Node

__all__ = ["Document", "document_query", "document_text"]


@strawberry.type(description="A source document. Its sha256 is its identity; sensitivity is public or restricted.")
class Document:
    node: strawberry.Private[Node]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.node.id)

    @strawberry.field
    def title(self) -> str:
        return str(self.node.props.get("title") or self.node.name)

    @strawberry.field(description="Report, Manifest, Receipt, EventLog, RelationTable, Inventory or Decision.")
    def kind(self) -> str:
        return self.node.kind

    @strawberry.field
    def sensitivity(self) -> str:
        return str(self.node.props.get("sensitivity", "public"))

    @strawberry.field
    def sha256(self) -> str | None:
        return _text(self.node, "sha256")

    @strawberry.field
    def url(self) -> str | None:
        return _text(self.node, "url")

    @strawberry.field(description="When the source was published (partial ISO date).")
    def published(self) -> str | None:
        return _text(self.node, "published")

    @strawberry.field
    def ingested_at(self) -> str | None:
        return _text(self.node, "ingested_at")

    @strawberry.field(description="The file name it was ingested from, if it was a file.")
    def path(self) -> str | None:
        return _text(self.node, "path")

    @strawberry.field(description="The document's text as the extractor read it (after HTML or PDF text "
                                  "extraction): evidence spans are offsets into it. Null for tables. Restricted "
                                  "documents' text is refused to viewers.")
    async def text(self, info: Info) -> str | None:
        return await document_text(info, self.node)


async def document_text(info: Info, node: Node | None) -> str | None:
    """The stored text of ``node`` (a Document) for this caller: FORBIDDEN for a restricted
    document unless the caller may see restricted evidence; None when no text is stored."""
    if node is None or node.label != "Document":
        return None
    ctx = context(info)
    if not ctx.sees_restricted and _restricted(node):
        raise Forbidden("this document is restricted; your key's role cannot read its text")
    return await ctx.loaders.texts.load(node.id)


def _restricted(node: Node) -> bool:
    return str(node.props.get("sensitivity", "public")).lower() != "public"


def _text(node: Node, key: str) -> str | None:
    value = node.props.get(key)
    return None if value is None else str(value)


async def document_query(info: Info, id: strawberry.ID | None = None, sha256: str | None = None) -> Document:
    """One document, by id or by content hash. Viewers cannot open restricted documents."""
    ctx = context(info)
    if (id is None) == (sha256 is None):
        raise InvalidInput("give exactly one of id or sha256")
    if id is not None:
        node = await ctx.loaders.node(str(id))
    else:
        store = await ctx.view()
        node = await ctx.call(store.document_by_hash, str(sha256).lower())
    if node is None or node.label != "Document":
        raise NotFound(f"no document {'with id ' + repr(str(id)) if id else 'with sha256 ' + repr(sha256)}")
    if not ctx.sees_restricted and _restricted(node):
        raise Forbidden("this document is restricted; your key's role cannot open it")
    return Document(node=node)
