"""The store protocol: a few primitives every backend implements, and store selection.

Backends (``graph.sqlite_store.SqliteStore``, ``graph.neo4j_store.Neo4jStore``) implement
exactly these methods; the questions in ``queries/`` are built on them only, so both
stores give the same answers, and one conformance suite (``tests/graph``) checks both.

A backend whose writes run in another process (Neo4j) says so with a class attribute
``writes_in_another_process = True``; callers with work of their own (the report ingester)
then overlap writes with it. It is a hint, not part of the protocol: absent means False.

Selection is one setting: ``CUSTODY_STORE`` or ``--store``. A path (default
``custody.db`` in the working directory) opens the embedded store; a ``neo4j://``,
``neo4j+s://``, ``bolt://`` or ``bolt+s://`` URI opens Neo4j.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Literal, Protocol, cast, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

from graph.dates import Interval
from graph.holdings import HOLDER, Holding, Spans, index_items, wanted
from graph.model import Model, load_model
from graph.records import Batch, ChainFacts, CustodyFacts, Deletion, Event, Evidence, Node, Relation, WriteResult

__all__ = ["DEFAULT_STORE", "ComposedReads", "Direction", "Store", "custody_facts_from", "holdings_from", "named_by",
           "open_store",
           "redact_uri"]

DEFAULT_STORE = "custody.db"
NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")

Direction = Literal["out", "in", "both"]


@runtime_checkable
class Store(Protocol):
    """What a backend must do. Reads take many ids at once so callers batch (no N+1)."""

    model: Model

    @property
    def uri(self) -> str:
        """Where the store is, fit to print (no password)."""
        ...

    def write(self, batch: Batch) -> WriteResult:
        """Write a batch atomically (all or nothing) and idempotently (merge on ids).

        Raises EvidenceMissing / InvalidInput before anything is written."""
        ...

    def versions(self, ids: Iterable[str]) -> dict[str, int]:
        """The version of each of ``ids``: how many :meth:`write_if` calls have named it (0 if none)."""
        ...

    def write_if(self, batch: Batch, expected: Mapping[str, int]) -> WriteResult:
        """Compare and set: write ``batch`` only if each id of ``expected`` still has that
        version, and add one to each of their versions, all in one transaction.

        A caller reads :meth:`versions` first, then whatever its decision depends on, then
        calls this: a concurrent ``write_if`` naming any of the same ids makes one of the two
        fail, so decisions taken on the same records never both land.

        Raises Conflict (nothing written) when a version differs; EvidenceMissing /
        InvalidInput as :meth:`write`."""
        ...

    def close(self) -> None: ...

    def counts(self) -> dict[str, int]:
        """Counts by label, by ``Label:Kind``, by relation and event type, and evidence."""
        ...

    def document_by_hash(self, sha256: str) -> Node | None: ...

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """The nodes among ``ids`` that exist, by id."""
        ...

    def lookup(self, key: str, label: str | None = None) -> list[Node]:
        """Nodes whose name, alias, serial, lot or reference equals ``key`` once normalised."""
        ...

    def search(self, text: str, label: str | None = None, limit: int = 20) -> list[Node]:
        """Nodes with a name, alias, serial or reference containing ``text`` (normalised)."""
        ...

    def iter_nodes(self, label: str, kind: str | None = None) -> Iterator[Node]: ...

    def relations(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> list[Relation]:
        """Relations touching ``ids`` (as source for "out", target for "in"), of ``types``,
        valid at some time within ``during`` (open ends count as always valid)."""
        ...

    def relations_with_evidence(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> tuple[list[Relation], dict[str, list[Evidence]]]:
        """:meth:`relations` and the :meth:`evidence` of the relations found, in one read where
        the backend can (reach weighs every relation it walks by its evidence)."""
        ...

    def events_of(self, subjects: Iterable[str]) -> list[Event]:
        """Events whose subject (item or shipment) is among ``subjects``."""
        ...

    def events_with_actors(self, actors: Iterable[str]) -> list[Event]:
        """Events whose ``from_actor`` or ``to_actor`` is among ``actors``."""
        ...

    def events_at(self, locations: Iterable[str]) -> list[Event]: ...

    def custody_facts(self, items: Iterable[str]) -> CustodyFacts:
        """Everything custody chains of ``items`` are built from, in one read where the
        backend can (a round trip per read costs Neo4j more than the reads themselves):
        the ``CONTAINS``/``RECEIVED`` relations into the items, the shipments that contain
        them, and the events of the items and of those shipments. The same as
        :func:`custody_facts_from`, which composes it from the other reads."""
        ...

    def chain_facts(self, items: Iterable[str], *, extra: Iterable[str] = (), upward: Sequence[str] = ()
                    ) -> ChainFacts:
        """:meth:`custody_facts` of ``items`` and, in the same read where the backend can: the
        nodes their facts name (:func:`named_by`) and ``extra`` ids name, the evidence of their
        events, and :meth:`relations_upward` of ``upward`` types from those named ids. A custody
        chain with its anomalies and evidence is then one read."""
        ...

    def items_touched(self, actors: Iterable[str], locations: Iterable[str]) -> list[str]:
        """Ids of the items named as subject by an event whose ``from_actor`` or ``to_actor``
        is among ``actors`` or whose location is among ``locations``, and of everything a
        shipment named so ``CONTAINS``; sorted. (Reverse reach needs the ids, not the events.)"""
        ...

    def holdings(self, holders: Iterable[str], places: Iterable[str], *, spans: Spans | None = None,
                 skip: Collection[str] = ()) -> list[Holding]:
        """The holding index (:mod:`graph.holdings`): the rows of items held by one of
        ``holders`` or staying at one of ``places``, sorted by item and ``seq``.
        Kept by every write, so it agrees with the custody chains of the stored facts
        (:func:`holdings_from` composes it from them). With ``spans``, only the rows whose
        interval meets one of its party's (a party absent from ``spans``: every row of it);
        without the rows of the items in ``skip`` (:func:`graph.holdings.wanted`). Reverse
        reach asks only for rows that can still give a path, where the backend filters them."""
        ...

    def refresh_holdings(self) -> None:
        """Bring the holding index up to date with every write so far, rewriting only the rows
        of the items those writes changed. Every ingest ends with it, so the first read after
        an ingest finds the index built; a read still refreshes it first when a write came
        after (an analyst's decision, another process's write), so it never answers stale."""
        ...

    def relations_upward(self, ids: Iterable[str], types: Sequence[str]) -> list[Relation]:
        """Relations of ``types`` with a source among ``ids``, and on from every target
        reached, transitively (a soldier's unit, its battalion, its brigade...), whatever
        their validity; each once, by id."""
        ...

    def iter_events(self, types: Sequence[str] | None = None) -> Iterator[Event]: ...

    def evidence(self, fact_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        """Evidence records by fact id (facts without evidence are absent)."""
        ...

    def document_texts(self, document_ids: Iterable[str]) -> dict[str, str]:
        """The stored texts of these documents (the text their evidence spans point into), by
        document id; documents stored without a text are absent."""
    def extractor_versions(self, extractor: str) -> dict[str, set[str]]:
        """Document id -> the versions of ``extractor`` whose evidence cites that document.

        Reads every evidence record (a batch job's question, not an interactive one)."""
        ...

    def delete_evidence(self, document_id: str, extractor: str, *, replacement: Batch | None = None,
                        dry_run: bool = False) -> Deletion:
        """Remove what ``extractor`` said from ``document_id``, and write ``replacement`` instead.

        In one transaction: delete every evidence record citing the document by that
        extractor (any version), write ``replacement`` (if given), then delete each fact that
        lost evidence and has none left; a node is kept while a relation or event still refers
        to it (an analyst's merge decision, another document's event). Other documents'
        evidence, facts they support, and decisions are untouched. ``dry_run`` does all of it,
        reports it and rolls it back.

        Raises EvidenceMissing / InvalidInput (``replacement`` does not fit) before anything
        is changed."""
        ...


def custody_facts_from(store: Store, items: Iterable[str]) -> CustodyFacts:
    """:meth:`Store.custody_facts` composed of three reads of the protocol."""
    ids = list(dict.fromkeys(items))
    inbound = store.relations(ids, types=["CONTAINS", "RECEIVED"], direction="in")
    shipment_ids = sorted({r.source for r in inbound if r.type == "CONTAINS"})
    return CustodyFacts(store.events_of([*ids, *shipment_ids]), inbound, store.nodes(shipment_ids))


def holdings_from(store: Store, holders: Iterable[str], places: Iterable[str], *, spans: Spans | None = None,
                  skip: Collection[str] = ()) -> list[Holding]:
    """:meth:`Store.holdings` composed of the protocol's reads: the rows of the chains of
    the items the holders and places touched (a superset) that name one of them."""
    who, where = set(holders), set(places)
    rows = index_items(store, store.items_touched(who, where), store.model)
    return [h for h in rows if h.party in (who if h.kind == HOLDER else where) and wanted(h, spans, skip)]


def named_by(facts: CustodyFacts, extra: Iterable[str] = ()) -> frozenset[str]:
    """The ids :meth:`Store.chain_facts` reads nodes of: every ``from_actor``, ``to_actor`` and
    ``location`` of the events, ``consignor``, ``consignee`` and ``end_user`` of the shipments,
    and ``extra``."""
    ids = {x for e in facts.events for x in (e.from_actor, e.to_actor, e.location) if x}
    ids.update(str(s.props[k]) for s in facts.shipments.values() for k in ("consignor", "consignee", "end_user")
               if s.props.get(k))
    ids.update(extra)
    return frozenset(ids)


class ComposedReads:
    """For a backend whose reads are cheap one by one (the embedded store): the protocol's
    composite reads, made of its primitive ones."""

    def custody_facts(self, items: Iterable[str]) -> CustodyFacts:
        return custody_facts_from(cast(Store, self), items)

    def relations_with_evidence(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> tuple[list[Relation], dict[str, list[Evidence]]]:
        store = cast(Store, self)
        rels = store.relations(ids, types=types, direction=direction, during=during)
        return rels, store.evidence(r.id for r in rels)

    def chain_facts(self, items: Iterable[str], *, extra: Iterable[str] = (), upward: Sequence[str] = ()
                    ) -> ChainFacts:
        store = cast(Store, self)
        facts = store.custody_facts(items)
        named = named_by(facts, extra)
        return ChainFacts(facts, named, store.nodes(named), store.evidence(e.id for e in facts.events),
                          store.relations_upward(named, upward) if upward else [])

    def items_touched(self, actors: Iterable[str], locations: Iterable[str]) -> list[str]:
        store = cast(Store, self)
        events = store.events_with_actors(actors) + store.events_at(locations)
        subjects = store.nodes({e.subject for e in events})
        shipments = [sid for sid, n in subjects.items() if n.label == "Shipment"]
        items = {sid for sid, n in subjects.items() if n.label == "Item"}
        items.update(r.target for r in store.relations(shipments, types=["CONTAINS"], direction="out"))
        return sorted(items)

    def holdings(self, holders: Iterable[str], places: Iterable[str], *, spans: Spans | None = None,
                 skip: Collection[str] = ()) -> list[Holding]:
        return holdings_from(cast(Store, self), holders, places, spans=spans, skip=skip)

    def refresh_holdings(self) -> None:
        """Nothing to do: :meth:`holdings` is composed from the stored facts at each read."""

    def relations_upward(self, ids: Iterable[str], types: Sequence[str]) -> list[Relation]:
        store = cast(Store, self)
        found: dict[str, Relation] = {}
        frontier = set(ids)
        seen = set(frontier)
        while frontier:
            rels = store.relations(frontier, types=types, direction="out")
            found.update((r.id, r) for r in rels)
            frontier = {r.target for r in rels} - seen
            seen |= frontier
        return sorted(found.values(), key=lambda r: r.id)


def redact_uri(uri: str) -> str:
    """The URI without its password, for messages and logs.

    >>> redact_uri("neo4j://neo4j:secret@db:7687")
    'neo4j://neo4j:***@db:7687'
    """
    parts = urlsplit(uri)
    if parts.password is None:
        return uri
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def open_store(
    location: str | None = None, model: Model | None = None, *, auth: tuple[str, str] | None = None
) -> Store:
    """Open the store named by ``location``, else ``$CUSTODY_STORE``, else ``custody.db``.

    ``auth`` is (user, password) for Neo4j when the URI does not carry them.

    Raises
    ------
    StoreUnavailable
        When a Neo4j URI cannot be reached or refuses the credentials.
    """
    loc = location or os.environ.get("CUSTODY_STORE") or DEFAULT_STORE
    model = model or load_model()
    scheme = urlsplit(loc).scheme
    if scheme in NEO4J_SCHEMES:
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore.connect(loc, model, auth=auth)
    from graph.sqlite_store import SqliteStore

    return SqliteStore(loc, model)
