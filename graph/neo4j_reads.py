"""The Neo4j store's reads: one Cypher query per call, in read transactions (see :mod:`graph.neo4j_store`)."""

from __future__ import annotations

import contextlib
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, LiteralString

import neo4j

from graph import deadline
from graph import neo4j_holdings as nh
from graph import neo4j_rows as nr
from graph.cypher import events as ev_q
from graph.cypher import evidence as evidence_q
from graph.cypher import holdings as holdings_q
from graph.cypher import nodes as node_q
from graph.cypher import relations as rel_q
from graph.cypher import schema as schema_q
from graph.cypher import stats as stats_q
from graph.dates import Interval
from graph.errors import InvalidInput
from graph.holdings import Holding, Spans, StoredDays, stored_days
from graph.ids import normalize_name, normalize_serial
from graph.neo4j_base import Neo4jBase, _dedupe
from graph.records import ChainFacts, CustodyFacts, Event, Evidence, Node, Relation
from graph.store import Direction

DEFAULT_PAGE = 5_000  # nodes or events per page of iter_nodes / iter_events
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def _lucene_escape(text: str) -> str:
    return "".join("\\" + c if c in _LUCENE_SPECIAL else c for c in text)


class Neo4jReads(Neo4jBase):
    """The read half of the protocol."""

    def extractor_versions(self, extractor: str) -> dict[str, set[str]]:
        with self._errors("listing the documents of an extractor"):
            records = self._read(evidence_q.EXTRACTOR_VERSIONS, extractor=extractor)
        return {r["document"]: set(r["versions"]) for r in records}

    def counts(self) -> dict[str, int]:
        with self._errors("counting"):
            records = self._read(stats_q.counts(self.model))
        out: dict[str, int] = {}
        for r in records:
            key, n = r["key"], r["n"]
            if key is None or n == 0:  # a type nobody wrote is absent, as in the embedded store
                continue
            if key.startswith(("relation:", "event:")) or key == "Evidence":
                out[key] = n
            else:
                label = key.partition(":")[0]
                out[label] = out.get(label, 0) + n
                out[key] = n
        out["Relation"] = sum(v for k, v in out.items() if k.startswith("relation:"))
        out["Event"] = sum(v for k, v in out.items() if k.startswith("event:"))
        out.setdefault("Evidence", 0)
        return out

    def document_by_hash(self, sha256: str) -> Node | None:
        with self._errors("finding a document by hash"):
            records = self._read(node_q.DOCUMENT_BY_HASH, sha256=sha256)
        return nr.node_from(records[0]["n"]) if records else None

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        wanted = _dedupe(ids)
        if not wanted:
            return {}
        with self._errors("reading nodes"):
            records = self._read(node_q.NODES_BY_ID, ids=wanted)
        found = {r["n"]["id"]: nr.node_from(r["n"]) for r in records}
        return {i: found[i] for i in wanted if i in found}

    def _ordered_nodes(self, records: list[neo4j.Record]) -> list[Node]:
        nodes = [nr.node_from(r["n"]) for r in records]
        # Neo4j orders strings by UTF-16 code unit; re-sort by code point as the embedded
        # store does (they differ only beyond the Basic Multilingual Plane).
        return sorted(nodes, key=lambda n: (n.label, n.name, n.id))

    def lookup(self, key: str, label: str | None = None) -> list[Node]:
        candidates = {normalize_name(key)}
        with contextlib.suppress(InvalidInput):
            candidates.add(normalize_serial(key))
        with self._errors("looking up a key"):
            records = self._read(node_q.LOOKUP, keys=sorted(candidates), label=label, limit=1000)
        return self._ordered_nodes(records)

    def search(self, text: str, label: str | None = None, limit: int = 20) -> list[Node]:
        needles = {normalize_name(text)}
        with contextlib.suppress(InvalidInput):
            needles.add(normalize_serial(text))
        needles.discard("")
        if not needles or limit <= 0:
            return []
        # The embedded store's LIKE ignores ASCII case. Name keys are case-folded and
        # serial keys upper-cased, so a key contains a needle in that sense exactly when
        # it contains the needle's ASCII-lower or ASCII-upper form.
        variants = sorted({v for n in needles for v in (n.translate(_ASCII_LOWER), n.translate(_ASCII_UPPER))})
        with self._errors("searching"):
            records = self._read(node_q.SEARCH, needles=variants, label=label, limit=limit)
        return self._ordered_nodes(records)

    def fulltext(self, text: str, label: str | None = None, limit: int = 20) -> list[tuple[Node, float]]:
        """Ranked search over names and aliases by words (Neo4j only; not in the protocol).

        Each word of ``text`` is matched as typed (Lucene syntax characters are escaped),
        a trailing ``*`` on a word is kept as a prefix search.

        >>> # store.fulltext("azov regiment")  ->  [(Node(...), 1.23), ...]
        """
        query = " ".join(_lucene_escape(w.rstrip("*")) + ("*" if w.endswith("*") else "")
                         for w in text.split() if w.rstrip("*"))
        if not query or limit <= 0:
            return []
        with self._errors("searching names"):
            records = self._read(node_q.FULLTEXT, index=schema_q.FULLTEXT_INDEX, text=query, label=label,
                                 limit=limit)
        return [(nr.node_from(r["n"]), float(r["score"])) for r in records]

    def _pages(self, cypher: LiteralString, key: str, action: str, /, **params: Any) -> Iterator[Mapping[str, Any]]:
        """Keyset pages of ``query`` (ordered by id from ``$after``), one read transaction each."""
        after: str | None = None
        while True:
            limit = DEFAULT_PAGE + (1 if after is not None else 0)
            with self._errors(action):
                records = self._read(cypher, after=after or "", limit=limit, **params)
            rows = [r[key] for r in records]
            if after is not None and rows and rows[0]["id"] == after:
                rows = rows[1:]
            yield from rows
            if len(records) < limit or not rows:
                return
            after = rows[-1]["id"]

    def iter_nodes(self, label: str, kind: str | None = None) -> Iterator[Node]:
        if label not in self.model.labels:
            return
        query = node_q.node_page(self.model, label)
        for stored in self._pages(query, "n", f"listing {label} nodes", kind=kind):
            yield nr.node_from(stored)

    def relations(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> list[Relation]:
        records = self._relation_records(ids, types, direction, during)
        return nr.relations_from(records)

    def _relation_records(self, ids: Iterable[str], types: Sequence[str] | None, direction: Direction,
                          during: Interval | None, *, with_evidence: bool = False) -> list[neo4j.Record]:
        wanted = _dedupe(ids)
        # Only the model's types can be relations; an unknown name matches nothing (as in
        # the embedded store) and never reaches the query text.
        known = [t for t in (types or self.model.relations) if t in self.model.relations]
        if not wanted or not known:
            return []
        query = rel_q.relations_of(self.model, known, direction, with_evidence=with_evidence)
        start: date | None = during.start if during is not None else None
        end: date | None = during.end if during is not None else None
        with self._errors("reading relations"):
            return self._read(query, ids=wanted, start=start, end=end)

    def relations_with_evidence(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> tuple[list[Relation], dict[str, list[Evidence]]]:
        records = self._relation_records(ids, types, direction, during, with_evidence=True)
        found = {r["r"]["id"]: r for r in records}
        rels = nr.relations_from(found.values())
        return rels, nr.evidence_by_fact(v for r in found.values() for v in r["evidence"])

    def items_touched(self, actors: Iterable[str], locations: Iterable[str]) -> list[str]:
        who, where = _dedupe(actors), _dedupe(locations)
        if not who and not where:
            return []
        with self._errors("reading items touched"):
            records = self._read(ev_q.ITEMS_TOUCHED, actors=who, locations=where)
        return sorted(r["id"] for r in records)

    def relations_upward(self, ids: Iterable[str], types: Sequence[str]) -> list[Relation]:
        wanted = _dedupe(ids)
        known = [t for t in types if t in self.model.relations]
        if not wanted or not known:
            return []
        with self._errors("reading relations upward"):
            records = self._read(rel_q.relations_upward(self.model, known), ids=wanted)
        return nr.relations_from(records)

    def _events(self, query: LiteralString, ids: Iterable[str], action: str) -> list[Event]:
        wanted = _dedupe(ids)
        if not wanted:
            return []
        with self._errors(action):
            records = self._read(query, ids=wanted)
        found = {r["e"]["id"]: nr.event_from(r["e"]) for r in records}
        return sorted(found.values(), key=lambda e: e.id)

    def events_of(self, subjects: Iterable[str]) -> list[Event]:
        return self._events(ev_q.EVENTS_OF, subjects, "reading events of subjects")

    def events_with_actors(self, actors: Iterable[str]) -> list[Event]:
        return self._events(ev_q.EVENTS_WITH_ACTORS, actors, "reading events of actors")

    def events_at(self, locations: Iterable[str]) -> list[Event]:
        return self._events(ev_q.EVENTS_AT, locations, "reading events at locations")

    def custody_facts(self, items: Iterable[str]) -> CustodyFacts:
        wanted = _dedupe(items)
        if not wanted:
            return CustodyFacts([], [], {})
        with self._errors("reading custody facts"):
            records = self._read(ev_q.CUSTODY_FACTS, ids=wanted)
        return nh.custody_facts_from_records(records)

    def chain_facts(self, items: Iterable[str], *, extra: Iterable[str] = (), upward: Sequence[str] = ()
                    ) -> ChainFacts:
        wanted = _dedupe(items)
        # Only the model's types can be walked; an unknown name matches nothing (as in the
        # embedded store) and never reaches the query text.
        types = [t for t in upward if t in self.model.relations]
        with self._errors("reading custody facts"):
            records = self._read(ev_q.chain_facts(self.model, types), ids=wanted, extra=_dedupe(extra))
        facts = nh.custody_facts_from_records(records)
        if not records:
            return ChainFacts(facts, frozenset(), {}, {}, [])
        row = records[0]
        return ChainFacts(facts, frozenset(row["named"]), {n.id: n for n in map(nr.node_from, row["nodes"])},
                          nr.evidence_by_fact(row["evidence"]), nr.relations_from(row["upward"]))

    def holdings(self, holders: Iterable[str], places: Iterable[str], *, spans: Spans | None = None,
                 skip: Collection[str] = ()) -> list[Holding]:
        who, where = _dedupe(holders), _dedupe(places)
        if not who and not where:
            return []
        params = {"holders": who, "places": where, "skip": sorted(skip),
                  "spans": {p: [list(stored_days(s)) for s in over] for p, over in (spans or {}).items()}}
        with self._errors("reading the holding index"):
            # the check for changes not yet in the index rides on the read itself: one round trip
            [record] = self._read(holdings_q.HOLDINGS_IF_CURRENT, **params)
            rows = record["rows"]
            if record["stale"]:
                self.refresh_holdings()
                rows = [r["h"] for r in self._read(holdings_q.HOLDINGS, **params)]
        seen: dict[StoredDays, Interval] = {}
        return sorted((nh.holding_from(h, seen) for h in rows), key=lambda h: (h.item, h.seq))

    def refresh_holdings(self) -> None:
        with self._errors("updating the holding index"), deadline.unbounded(), self._session() as session:
            nh.refresh(session, self.model)

    def iter_events(self, types: Sequence[str] | None = None) -> Iterator[Event]:
        wanted = list(types) if types else None
        for stored in self._pages(ev_q.EVENT_PAGE, "e", "listing events", types=wanted):
            yield nr.event_from(stored)

    def evidence(self, fact_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        wanted = _dedupe(fact_ids)
        if not wanted:
            return {}
        with self._errors("reading evidence"):
            records = self._read(evidence_q.EVIDENCE_OF, ids=wanted)
        return nr.evidence_by_fact(r["v"] for r in records)

    def document_texts(self, document_ids: Iterable[str]) -> dict[str, str]:
        wanted = _dedupe(document_ids)
        if not wanted:
            return {}
        with self._errors("reading document texts"):
            records = self._read(evidence_q.TEXTS_OF, ids=wanted)
        return {r["id"]: r["text"] for r in records}
