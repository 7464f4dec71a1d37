"""The evidence an export may show: each fact's records minus, for a caller without the
``restricted`` permission, those from restricted documents (as the API withholds them), with
the cited documents read in batches and kept in a bounded cache."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from api.loaders import restricted
from graph.records import Evidence, Node
from graph.store import Store

__all__ = ["Cited", "EvidenceReader", "FactEvidence"]

_DOCUMENT_CACHE = 20_000  # documents kept by id; a store cites few documents per fact, and few overall


@dataclass(frozen=True, slots=True)
class Cited:
    """One evidence record with the document it cites."""

    record: Evidence
    document: Node | None

    @property
    def title(self) -> str:
        return self.document.name if self.document else self.record.document_id

    @property
    def url(self) -> str | None:
        url = self.document.props.get("url") if self.document else None
        return str(url) if url else None


@dataclass(frozen=True, slots=True)
class FactEvidence:
    visible: tuple[Cited, ...] = ()
    withheld: int = 0
    """Records left out because their document is restricted and the caller may not see it."""

    @property
    def confidence(self) -> float | None:
        return max((c.record.confidence for c in self.visible), default=None)


NO_EVIDENCE = FactEvidence()


class EvidenceReader:
    """Reads the evidence of a batch of facts as one caller may see it.

    Parameters
    ----------
    store : Store
    sees_restricted : bool
        Whether the caller's role has the ``restricted`` permission (analysts, admins).
    """

    def __init__(self, store: Store, *, sees_restricted: bool) -> None:
        self.store = store
        self.sees_restricted = sees_restricted
        self._documents: OrderedDict[str, Node | None] = OrderedDict()

    def documents(self, ids: Iterable[str]) -> dict[str, Node | None]:
        """Documents by id (``None`` for an id the store does not know), from the cache or one read."""
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in self._documents]
        if missing:
            found = self.store.nodes(missing)
            for i in missing:
                self._documents[i] = found.get(i)
        out = {}
        for i in wanted:
            self._documents.move_to_end(i)
            out[i] = self._documents[i]
        while len(self._documents) > _DOCUMENT_CACHE:
            self._documents.popitem(last=False)
        return out

    def visible(self, document: Node | None) -> bool:
        return self.sees_restricted or not restricted(document)

    def of(self, fact_ids: Iterable[str]) -> dict[str, FactEvidence]:
        """The evidence of each of ``fact_ids`` this caller may see (facts without any are absent)."""
        records = self.store.evidence(fact_ids)
        docs = self.documents(ev.document_id for evs in records.values() for ev in evs)
        out: dict[str, FactEvidence] = {}
        for fact, evs in records.items():
            shown = tuple(Cited(ev, docs.get(ev.document_id)) for ev in evs if self.visible(docs.get(ev.document_id)))
            out[fact] = FactEvidence(shown, len(evs) - len(shown))
        return out
