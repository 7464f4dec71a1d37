"""Document: a report, manifest, receipt, log or decision that facts cite."""

from __future__ import annotations

from pathlib import PurePath

import strawberry
from strawberry.types import Info

from api.restricted import is_public
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

    @strawberry.field(
        description="Report, Manifest, Receipt, EventLog, RelationTable, Gazetteer, Inventory or Decision.")
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

    @strawberry.field(description="The name of the file it was ingested from, if it was a file (never the "
                                  "server's folders).")
    def path(self) -> str | None:
        path = _text(self.node, "path")
        return PurePath(path.replace("\\", "/")).name if path else None

    @strawberry.field(description="The document's text as the extractor read it (after HTML or PDF text "
                                  "extraction): evidence spans are offsets into it. Null for tables. Restricted "
                                  "documents' text is refused to viewers.")
    async def text(self, info: Info) -> str | None:
        return await document_text(info, self.node)


async def document_text(info: Info, node: Node | None) -> str | None:
    """The stored text of ``node`` (a Document) for this caller; None when no text is stored, and
    for a restricted document unless the caller may read restricted documents (their view of the
    store has no such texts; checked here too, as document_query does)."""
    if node is None or node.label != "Document":
        return None
    ctx = context(info)
    if not ctx.sees_restricted and not is_public(node):
        return None
    return await ctx.loaders.texts.load(node.id)


def _text(node: Node, key: str) -> str | None:
    value = node.props.get(key)
    return None if value is None else str(value)


async def document_query(info: Info, id: strawberry.ID | None = None, sha256: str | None = None) -> Document:
    """One document, by id or by content hash. To a viewer a restricted document is not there: the same answer
    as for a document that does not exist."""
    ctx = context(info)
    if (id is None) == (sha256 is None):
        raise InvalidInput("give exactly one of id or sha256")
    if id is not None:
        node = await ctx.loaders.node(str(id))
    else:
        store = await ctx.view()
        node = await ctx.call(store.document_by_hash, str(sha256).lower())
    # the caller's view has no restricted documents unless they may read them (api/restricted.py);
    # checked again here so that "not for you" can never differ from "not there"
    if node is None or node.label != "Document" or (not ctx.sees_restricted and not is_public(node)):
        raise NotFound(f"no document {'with id ' + repr(str(id)) if id else 'with sha256 ' + repr(sha256)}")
    return Document(node=node)
