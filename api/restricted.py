"""The store as a caller without the ``restricted`` permission sees it.

A fact (node, relation, event) is visible when at least one of its evidence records comes from
a public document, or when it has no evidence at all (nothing restricted tells it). A fact
whose only evidence is restricted does not exist for this caller: not in answers, not in
lookups, searches or "did you mean" suggestions, not in the paths, reach and alerts computed
from the store. Restricted documents themselves read as absent, by id and by sha256, so "not
there" and "not for you" are one answer.

The questions in ``queries/`` only talk to the store protocol, so they see the filtered graph
without knowing about sensitivity (as :class:`~api.resolution.MergedStore` does for merges).

Hidden events are counted by the item or shipment they are about (:meth:`withheld_for`), so a
custody chain can say how many evidence records of its events were withheld.

Notes
-----
Each read costs one more store call (the evidence of what was read) and, for documents not
yet seen in this request, one more (their sensitivity). The evidence read is kept, so asking
for a fact's evidence afterwards costs nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import islice
from typing import TypeVar

from graph.dates import Interval
from graph.model import Model
from graph.records import Batch, Deletion, Event, Evidence, Node, Relation, WriteResult
from graph.store import ComposedReads, Direction, Store

__all__ = ["RestrictedView", "is_public"]

F = TypeVar("F", Node, Relation, Event)
_CHUNK = 500


def _norm(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def is_public(document: Node | None) -> bool:
    """Whether a document's evidence may be shown to anyone (a missing document may not)."""
    return (document is not None and document.label == "Document"
            and str(document.props.get("sensitivity", "public")).lower() == "public")


class RestrictedView(ComposedReads):  # composite reads from the filtered primitives
    """``base`` without the facts only restricted documents tell, nor those documents."""

    def __init__(self, base: Store) -> None:
        self.base = base
        self.model: Model = base.model
        self._public: dict[str, bool] = {}
        self._evidence: dict[str, list[Evidence]] = {}
        self._withheld: dict[str, int] = {}
        """Subject id -> evidence records of its events that were hidden."""

    # -- visibility -------------------------------------------------------------------------------
    def _documents_public(self, doc_ids: Iterable[str]) -> dict[str, bool]:
        unknown = [d for d in dict.fromkeys(doc_ids) if d not in self._public]
        if unknown:
            found = self.base.nodes(unknown)
            self._public.update({d: is_public(found.get(d)) for d in unknown})
        return self._public

    def _evidence_of(self, fact_ids: Sequence[str], keep: bool) -> dict[str, list[Evidence]]:
        """The evidence of ``fact_ids``; kept for later when ``keep`` (not while scanning the whole graph)."""
        missing = [f for f in dict.fromkeys(fact_ids) if f not in self._evidence]
        found = self.base.evidence(missing) if missing else {}
        out = {f: found.get(f, []) for f in missing}
        if keep:
            self._evidence.update(out)
        return {**out, **{f: self._evidence[f] for f in fact_ids if f in self._evidence}}

    def _visible(self, fact_ids: Sequence[str], keep: bool = True) -> tuple[set[str], dict[str, list[Evidence]]]:
        evidence = self._evidence_of(fact_ids, keep)
        public = self._documents_public(ev.document_id for f in fact_ids for ev in evidence[f])
        return {f for f in fact_ids if not evidence[f] or any(public[ev.document_id] for ev in evidence[f])}, evidence

    def _nodes(self, nodes: Iterable[Node], keep: bool = True) -> list[Node]:
        nodes = list(nodes)
        docs = [n.id for n in nodes if n.label == "Document"]
        public = self._documents_public(docs) if docs else {}
        others, evidence = self._visible([n.id for n in nodes if n.label != "Document"], keep)
        return [n if n.label == "Document" else self._public_names(n, evidence[n.id])
                for n in nodes if (public[n.id] if n.label == "Document" else n.id in others)]

    def _public_names(self, node: Node, evidence: Sequence[Evidence]) -> Node:
        """``node`` without the aliases only restricted evidence gives it: an alias stays when it
        is the name written otherwise or a public record's quote says it (aliases carry no
        source of their own, so this is read from the quotes)."""
        public = self._public
        if not node.aliases or all(public.get(ev.document_id, False) for ev in evidence):
            return node
        told = [_norm(ev.quote) for ev in evidence if public.get(ev.document_id, False)]
        name = _norm(node.name)
        kept = tuple(a for a in node.aliases if (n := _norm(a)) == name or any(n and n in q for q in told))
        return node if kept == node.aliases else replace(node, aliases=kept)

    @staticmethod
    def _named_by_hidden_alias(text: str, before: Node, after: Node) -> bool:
        """Whether ``text`` finds ``before`` only through an alias this caller may not see."""
        hidden = {_norm(a) for a in before.aliases} - {_norm(a) for a in after.aliases}
        wanted = _norm(text)
        if not hidden or not wanted:
            return False
        shown = [_norm(after.name), *(_norm(a) for a in after.aliases), *(_norm(str(v)) for v in after.props.values()
                                                                       if isinstance(v, str))]
        return any(wanted in h for h in hidden) and not any(wanted in v for v in shown)

    def _found(self, text: str, found: Sequence[Node]) -> list[Node]:
        before = {n.id: n for n in found}
        return [n for n in self._nodes(found) if not self._named_by_hidden_alias(text, before[n.id], n)]

    def _facts(self, facts: Iterable[F], keep: bool = True) -> list[F]:
        facts = list(facts)
        visible, evidence = self._visible([f.id for f in facts], keep)
        for f in facts:
            if f.id not in visible and isinstance(f, Event):
                self._withheld[f.subject] = self._withheld.get(f.subject, 0) + len(evidence[f.id])
        return [f for f in facts if f.id in visible]

    def withheld_for(self, subjects: Iterable[str]) -> int:
        """Evidence records of hidden events about ``subjects`` (among the events read so far)."""
        return sum(self._withheld.get(s, 0) for s in set(subjects))

    # -- the store protocol ----------------------------------------------------------------------
    @property
    def uri(self) -> str:
        return self.base.uri

    def write(self, batch: Batch) -> WriteResult:
        return self.base.write(batch)

    def write_if(self, batch: Batch, expected: Mapping[str, int]) -> WriteResult:
        return self.base.write_if(batch, expected)

    def versions(self, ids: Iterable[str]) -> dict[str, int]:
        return self.base.versions(ids)

    def extractor_versions(self, extractor: str) -> dict[str, set[str]]:
        return self.base.extractor_versions(extractor)

    def delete_evidence(self, document_id: str, extractor: str, *, replacement: Batch | None = None,
                        dry_run: bool = False) -> Deletion:
        return self.base.delete_evidence(document_id, extractor, replacement=replacement, dry_run=dry_run)

    def close(self) -> None:
        self.base.close()

    def counts(self) -> dict[str, int]:
        return self.base.counts()

    def document_by_hash(self, sha256: str) -> Node | None:
        node = self.base.document_by_hash(sha256)
        return node if node is not None and self._nodes([node]) else None

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        return {n.id: n for n in self._nodes(self.base.nodes(ids).values())}

    def lookup(self, key: str, label: str | None = None) -> list[Node]:
        return self._found(key, self.base.lookup(key, label))

    def search(self, text: str, label: str | None = None, limit: int = 20) -> list[Node]:
        return self._found(text, self.base.search(text, label, limit))

    def iter_nodes(self, label: str, kind: str | None = None) -> Iterator[Node]:
        it = self.base.iter_nodes(label, kind)
        while chunk := list(islice(it, _CHUNK)):
            yield from self._nodes(chunk, keep=False)

    def relations(self, ids: Iterable[str], *, types: Sequence[str] | None = None, direction: Direction = "both",
                  during: Interval | None = None) -> list[Relation]:
        return self._facts(self.base.relations(ids, types=types, direction=direction, during=during))

    def events_of(self, subjects: Iterable[str]) -> list[Event]:
        return self._facts(self.base.events_of(subjects))

    def events_with_actors(self, actors: Iterable[str]) -> list[Event]:
        return self._facts(self.base.events_with_actors(actors))

    def events_at(self, locations: Iterable[str]) -> list[Event]:
        return self._facts(self.base.events_at(locations))

    def iter_events(self, types: Sequence[str] | None = None) -> Iterator[Event]:
        it = self.base.iter_events(types)
        while chunk := list(islice(it, _CHUNK)):
            yield from self._facts(chunk, keep=False)

    def evidence(self, fact_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        """All the evidence of visible facts (the API withholds and counts the restricted records);
        nothing for a fact only restricted documents tell."""
        wanted = list(dict.fromkeys(fact_ids))
        visible, evidence = self._visible(wanted)
        return {f: list(evidence[f]) for f in wanted if f in visible and evidence[f]}

    def document_texts(self, document_ids: Iterable[str]) -> dict[str, str]:
        """The texts of public documents only: a restricted document's text is not there."""
        wanted = list(dict.fromkeys(document_ids))
        public = self._documents_public(wanted)
        return self.base.document_texts([d for d in wanted if public.get(d)])
