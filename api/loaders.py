"""Per-request DataLoaders: every resolver that needs nodes, evidence, events or relations
asks a loader, and the loader makes one batched store call for all the keys asked for in
the same tick. A page of 20 items with their systems, evidence and events costs the same
number of store calls as a page of one.

Loaders live on the request's :class:`~api.context.Context` (never shared between
requests, so one caller's cache never answers another, who may see less).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from strawberry.dataloader import DataLoader

from graph.records import Event, Evidence, Node, Relation
from graph.store import Store

if TYPE_CHECKING:
    from api.context import Context

__all__ = ["EvidenceView", "Loaders"]

V = TypeVar("V")


def _none() -> None:
    return None


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """The evidence of a fact that this caller may see, and how many records were withheld."""

    visible: list[Evidence]
    withheld: int


def _group(events: Iterable[Event], ends: Callable[[Event], Iterable[str | None]]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = {}
    for e in events:
        for end in dict.fromkeys(ends(e)):
            if end:
                out.setdefault(end, []).append(e)
    return out


class Loaders:
    """The loaders of one request."""

    # Each loader is made on first use: most questions use two or three of the seven, and making
    # all seven cost more than the rest of the context (the server makes one context a request).
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @cached_property
    def nodes(self) -> DataLoader[str, Node | None]:
        return DataLoader(self._batch(lambda s, ks: s.nodes(ks), _none))

    @cached_property
    def evidence(self) -> DataLoader[str, list[Evidence]]:
        return DataLoader(self._batch(lambda s, ks: s.evidence(ks), list))

    @cached_property
    def events_of(self) -> DataLoader[str, list[Event]]:
        return DataLoader(self._batch(lambda s, ks: _group(s.events_of(ks), lambda e: (e.subject,)), list))

    @cached_property
    def events_with_actor(self) -> DataLoader[str, list[Event]]:
        return DataLoader(self._batch(
            lambda s, ks: _group(s.events_with_actors(ks), lambda e: (e.from_actor, e.to_actor)), list))

    @cached_property
    def events_at(self) -> DataLoader[str, list[Event]]:
        return DataLoader(self._batch(lambda s, ks: _group(s.events_at(ks), lambda e: (e.location,)), list))

    @cached_property
    def relations(self) -> DataLoader[str, list[Relation]]:
        return DataLoader(self._batch(self._relations, list))

    @cached_property
    def texts(self) -> DataLoader[str, str | None]:
        return DataLoader(self._batch(lambda s, ks: s.document_texts(ks), _none))

    @staticmethod
    def _relations(store: Store, keys: list[str]) -> dict[str, list[Relation]]:
        out: dict[str, list[Relation]] = {}
        for r in store.relations(keys):
            for end in dict.fromkeys((r.source, r.target)):
                out.setdefault(end, []).append(r)
        return out

    def _batch(self, fetch: Callable[[Store, list[str]], Mapping[str, V]], missing: Callable[[], V]
               ) -> Callable[[list[str]], Awaitable[list[V]]]:
        """A batch function: one store call (in a worker thread) for all ``keys``; ``missing()``
        answers the keys the store does not know (a fresh value each: callers may extend it)."""

        async def load(keys: list[str]) -> list[V]:
            store = await self.ctx.view()
            found = await self.ctx.call(fetch, store, keys)
            return [found[k] if k in found else missing() for k in keys]

        return load

    # -- helpers built on the loaders ----------------------------------------------------------
    async def node(self, node_id: str | None) -> Node | None:
        return await self.nodes.load(node_id) if node_id else None

    async def many(self, ids: Iterable[str]) -> list[Node]:
        """The nodes among ``ids`` that exist, in order, each once."""
        unique = list(dict.fromkeys(i for i in ids if i))
        return [n for n in await self.nodes.load_many(unique) if n is not None]

    async def visible_evidence(self, fact_ids: Iterable[str]) -> EvidenceView:
        """Evidence of ``fact_ids`` minus, for callers without the ``restricted`` permission,
        the records from documents whose sensitivity is ``restricted``."""
        ids = list(dict.fromkeys(fact_ids))
        lists = await self.evidence.load_many(ids)
        records = list({ev.id: ev for evs in lists for ev in evs}.values())
        if self.ctx.sees_restricted or not records:
            return EvidenceView(records, 0)
        docs = {d.id: d for d in await self.many(ev.document_id for ev in records)}
        return _visible(records, docs)

    # -- what is already loaded, without an await ------------------------------------------------
    # A resolver whose data the question already read (the chain primes its evidence and documents)
    # answers at once: an awaited load costs a coroutine and a task on graphql-core's side and a turn
    # of the event loop, for a value that is already there.
    def node_now(self, node_id: str) -> tuple[bool, Node | None]:
        """``(True, node)`` when the node is already loaded (``None``: the store has none), else
        ``(False, None)``: then :meth:`node` reads it."""
        return _loaded(self.nodes, node_id)

    def visible_evidence_now(self, fact_ids: Iterable[str]) -> EvidenceView | None:
        """:meth:`visible_evidence`, when everything it needs is already loaded; else ``None``."""
        records: dict[str, Evidence] = {}
        for fact_id in fact_ids:
            done, evs = _loaded(self.evidence, fact_id)
            if not done or evs is None:
                return None
            records.update((ev.id, ev) for ev in evs)
        if self.ctx.sees_restricted or not records:
            return EvidenceView(list(records.values()), 0)
        docs: dict[str, Node] = {}
        for ev in records.values():
            done, doc = _loaded(self.nodes, ev.document_id)
            if not done:
                return None
            if doc is not None:
                docs[doc.id] = doc
        return _visible(list(records.values()), docs)

    def prime_nodes(self, nodes: Mapping[str, Node]) -> None:
        self.nodes.prime_many(dict(nodes))

    def prime_evidence(self, evidence: Mapping[str, list[Evidence]]) -> None:
        self.evidence.prime_many(dict(evidence))


def _loaded(loader: DataLoader[str, Any], key: str) -> tuple[bool, Any]:
    """``(True, value)`` when ``loader`` holds a finished load of ``key``, else ``(False, None)``."""
    future = loader.cache_map.get(key)
    if future is None or not future.done() or future.cancelled() or future.exception() is not None:
        return False, None
    return True, future.result()


def _visible(records: list[Evidence], docs: Mapping[str, Node]) -> EvidenceView:
    visible = [ev for ev in records if not restricted(docs.get(ev.document_id))]
    return EvidenceView(visible, len(records) - len(visible))


def restricted(document: Node | None) -> bool:
    """Whether evidence from ``document`` is withheld from viewers. A document that cannot be
    found is treated as restricted: withholding by mistake is the safe error."""
    if document is None:
        return True
    return str(document.props.get("sensitivity", "public")).lower() != "public"
