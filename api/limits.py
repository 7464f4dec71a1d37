"""Limits that are not GraphQL validation rules: the request body size and the per-query
deadline.

The deadline has two halves. The schema stops waiting when it passes (``asyncio.wait_for``)
and answers LIMIT_EXCEEDED; :class:`DeadlineStore` makes the work itself stop, because the
questions run in worker threads that cannot be cancelled from outside: the next store call
after the deadline raises :class:`~graph.errors.LimitExceeded`, so a runaway query frees its
thread within one store call instead of running on unseen.
"""

from __future__ import annotations

import json
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import graphql_error_body
from graph.dates import Interval
from graph.errors import LimitExceeded
from graph.holdings import Holding, Spans
from graph.model import Model
from graph.records import Batch, ChainFacts, CustodyFacts, Deletion, Event, Evidence, Node, Relation, WriteResult
from graph.store import Direction, Store

__all__ = ["BodyLimit", "DeadlineStore"]


class DeadlineStore:
    """``base``, refusing every read after ``deadline`` (a ``time.monotonic()`` value)."""

    def __init__(self, base: Store, deadline: float, seconds: float) -> None:
        self.base = base
        self.deadline = deadline
        self.seconds = seconds
        self.model: Model = base.model

    def _check(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitExceeded(f"the query took longer than the {self.seconds:g} s limit; "
                                "ask for less (fewer hops, a smaller page, a time window)")

    @property
    def uri(self) -> str:
        return self.base.uri

    def write(self, batch: Batch) -> WriteResult:
        return self.base.write(batch)  # a write in progress is never cut: batches are atomic anyway

    def write_if(self, batch: Batch, expected: Mapping[str, int]) -> WriteResult:
        return self.base.write_if(batch, expected)

    def versions(self, ids: Iterable[str]) -> dict[str, int]:
        self._check()
        return self.base.versions(ids)

    def close(self) -> None:
        self.base.close()

    def counts(self) -> dict[str, int]:
        self._check()
        return self.base.counts()

    def document_by_hash(self, sha256: str) -> Node | None:
        self._check()
        return self.base.document_by_hash(sha256)

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        self._check()
        return self.base.nodes(ids)

    def lookup(self, key: str, label: str | None = None) -> list[Node]:
        self._check()
        return self.base.lookup(key, label)

    def search(self, text: str, label: str | None = None, limit: int = 20) -> list[Node]:
        self._check()
        return self.base.search(text, label, limit)

    def iter_nodes(self, label: str, kind: str | None = None) -> Iterator[Node]:
        self._check()
        for i, node in enumerate(self.base.iter_nodes(label, kind)):
            if i % 1000 == 999:
                self._check()
            yield node

    def relations(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> list[Relation]:
        self._check()
        return self.base.relations(ids, types=types, direction=direction, during=during)

    def relations_with_evidence(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> tuple[list[Relation], dict[str, list[Evidence]]]:
        self._check()
        return self.base.relations_with_evidence(ids, types=types, direction=direction, during=during)

    def events_of(self, subjects: Iterable[str]) -> list[Event]:
        self._check()
        return self.base.events_of(subjects)

    def events_with_actors(self, actors: Iterable[str]) -> list[Event]:
        self._check()
        return self.base.events_with_actors(actors)

    def events_at(self, locations: Iterable[str]) -> list[Event]:
        self._check()
        return self.base.events_at(locations)

    def custody_facts(self, items: Iterable[str]) -> CustodyFacts:
        self._check()
        return self.base.custody_facts(items)

    def chain_facts(self, items: Iterable[str], *, extra: Iterable[str] = (), upward: Sequence[str] = ()
                    ) -> ChainFacts:
        self._check()
        return self.base.chain_facts(items, extra=extra, upward=upward)

    def items_touched(self, actors: Iterable[str], locations: Iterable[str]) -> list[str]:
        self._check()
        return self.base.items_touched(actors, locations)

    def holdings(self, holders: Iterable[str], places: Iterable[str], *, spans: Spans | None = None,
                 skip: Collection[str] = ()) -> list[Holding]:
        self._check()
        return self.base.holdings(holders, places, spans=spans, skip=skip)

    def refresh_holdings(self) -> None:
        self.base.refresh_holdings()  # bookkeeping after writes, which are never cut either

    def relations_upward(self, ids: Iterable[str], types: Sequence[str]) -> list[Relation]:
        self._check()
        return self.base.relations_upward(ids, types)

    def iter_events(self, types: Sequence[str] | None = None) -> Iterator[Event]:
        self._check()
        for i, event in enumerate(self.base.iter_events(types)):
            if i % 1000 == 999:
                self._check()
            yield event

    def evidence(self, fact_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        self._check()
        return self.base.evidence(fact_ids)

    def document_texts(self, document_ids: Iterable[str]) -> dict[str, str]:
        self._check()
        return self.base.document_texts(document_ids)
    def extractor_versions(self, extractor: str) -> dict[str, set[str]]:
        self._check()
        return self.base.extractor_versions(extractor)

    def delete_evidence(self, document_id: str, extractor: str, *, replacement: Batch | None = None,
                        dry_run: bool = False) -> Deletion:
        return self.base.delete_evidence(document_id, extractor, replacement=replacement, dry_run=dry_run)


class BodyLimit:
    """ASGI middleware: refuse a request body over the limit with 413 and a GraphQL-shaped
    LIMIT_EXCEEDED error, before the body is read into memory.

    Multipart requests (file uploads) get ``upload_bytes``, everything else ``body_bytes``.
    Both a declared ``Content-Length`` and the bytes actually received are checked, so a
    chunked body without a length cannot slip past."""

    def __init__(self, app: ASGIApp, *, body_bytes: int, upload_bytes: int) -> None:
        self.app = app
        self.body_bytes = body_bytes
        self.upload_bytes = upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        upload = headers.get("content-type", "").lower().startswith("multipart/")
        # multipart framing adds a little around the file; the operations part is tiny
        limit = self.upload_bytes + 16 * 1024 if upload else self.body_bytes
        what = "upload" if upload else "request body"
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(send, what, limit)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send, what, limit)

    async def _refuse(self, send: Send, what: str, limit: int) -> None:
        body = json.dumps(graphql_error_body(
            f"the {what} is larger than the {limit:,} byte limit", "LIMIT_EXCEEDED")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    """Raised inside the app's ``receive`` when the body passes the limit."""
