"""The Neo4j store: the :class:`~graph.store.Store` protocol on the official driver.

The graph (constraints and indexes in :mod:`graph.cypher.schema`):

* model nodes are ``(:Node:<Label> {id, label, kind, name, aliases, ...props})``, one
  uniqueness constraint on ``:Node(id)``; a reference to a node not written yet is a bare
  ``(:Node {id})`` placeholder that the node's own write completes, and reads skip it;
* lookup keys are ``(:Node)-[:KEYED {kind, value}]->(:Key {key})``;
* relations are Neo4j relationships of the model's types, with validity properties;
* custody events are ``:Event`` nodes with ``SUBJECT``, ``FROM``, ``TO`` and ``AT`` edges;
* evidence is ``:Evidence`` nodes, ``CITES`` their document and ``SUPPORTS`` their fact
  (by ``fact_id`` for relations).

Writes: one managed write transaction per :class:`~graph.records.Batch` (all of a
document or none of it), each family written with ``UNWIND $rows ... MERGE`` so the
driver may retry the transaction function after a lost connection. Reads: one Cypher
query per call, in read transactions routed to readers. Driver failures raise
:class:`~graph.errors.StoreUnavailable` (cannot reach, refused credentials) or
:class:`~graph.errors.StoreError`, with one line that names the store (password hidden).

Properties Neo4j cannot hold natively (see :mod:`graph.neo4j_rows`: maps, lists of mixed or nested values, integers
beyond 64 bits) and props that would shadow our own properties (``id``, ``name``...)
are kept together as one JSON text property ``_json``; a second source that brings such
a value for a fact that already has one does not merge into it (existing wins whole).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any, Final, LiteralString, TypeVar
from urllib.parse import unquote, urlsplit, urlunsplit

import neo4j
from neo4j import GraphDatabase, ManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ConnectionAcquisitionTimeoutError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import deadline
from graph import neo4j_holdings as nh
from graph import neo4j_rows as nr
from graph.cypher import events as ev_q
from graph.cypher import evidence as evidence_q
from graph.cypher import nodes as node_q
from graph.cypher import relations as rel_q
from graph.cypher import schema as schema_q
from graph.cypher import stats as stats_q
from graph.cypher import versions as version_q
from graph.dates import Interval
from graph.errors import Conflict, InvalidInput, LimitExceeded, StoreError, StoreUnavailable
from graph.holdings import Holding, changed_ids
from graph.ids import normalize_name, normalize_serial
from graph.model import Model
from graph.records import Batch, CustodyFacts, Deletion, Event, Evidence, Node, Relation, WriteResult
from graph.store import NEO4J_SCHEMES, Direction

__all__ = ["Neo4jStore"]

T = TypeVar("T")

DEFAULT_CHUNK = 10_000  # rows per statement inside one batch's transaction (bounds request size)
DEFAULT_PAGE = 5_000  # nodes or events per page of iter_nodes / iter_events
SCHEMA_WAIT_S = 300  # how long connect waits for new indexes to come online
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LUCENE_SPECIAL = set('+-&|!(){}[]^"~*?:\\/')


def _dedupe(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _lucene_escape(text: str) -> str:
    return "".join("\\" + c if c in _LUCENE_SPECIAL else c for c in text)


# -- connection ---------------------------------------------------------------------------
def _display_uri(uri: str, user: str | None, has_password: bool) -> str:
    """The URI as printed: the user shown, the password as ``***``, never its value.

    Plain text work, no parsing, so even a URI the driver or ``urlsplit`` refuses (a port
    that is not a number, an unclosed IPv6 bracket) can be named in the message.

    >>> _display_uri("bolt://neo4j:secret@db:7687/x", "neo4j", True)
    'bolt://neo4j:***@db:7687/x'
    >>> _display_uri("neo4j://u:p@[::1", None, False)
    'neo4j://***@[::1'
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:  # not scheme://...: show it minus anything before an "@"
        return "***@" + uri.rpartition("@")[2] if "@" in uri else uri
    authority, slash, path = rest.partition("/")
    hostport = authority.rpartition("@")[2]
    prefix = "***@" if "@" in authority else ""  # credentials we could not read: hide them all
    if user:
        prefix = f"{user}:***@" if has_password else f"{user}@"
    return f"{scheme}://{prefix}{hostport}{slash}{path}"


class Neo4jStore:
    """The protocol on a Neo4j 5 server. Open it with :meth:`connect`.

    Thread-safe: the driver pools connections and each call opens its own session.
    """

    #: The server does a write's work while the driver waits on a socket, so callers may overlap
    #: writes with their own work (the report ingester does); not so for the embedded store.
    writes_in_another_process: Final = True

    def __init__(self, driver: neo4j.Driver, model: Model, *, display_uri: str, database: str | None = None,
                 secret: str | None = None, chunk: int = DEFAULT_CHUNK, retry_s: float = 30.0) -> None:
        self.model = model
        self._retry_s = retry_s
        self._driver = driver
        self._uri = display_uri
        self._database = database
        self._secret = secret
        self._chunk = chunk

    # -- opening and closing -------------------------------------------------------------
    @classmethod
    def connect(
        cls,
        uri: str,
        model: Model,
        *,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        **driver_config: Any,
    ) -> Neo4jStore:
        """Open the store at ``uri``, check it answers, and set up the schema.

        Parameters
        ----------
        uri : str
            ``neo4j://``, ``neo4j+s://``, ``bolt://`` ... optionally with ``user:password@``.
        model : Model
        auth : (user, password), optional
            Takes precedence over credentials in the URI.
        database : str, optional
            The database to use (the server's default when omitted).
        **driver_config
            Passed to :func:`neo4j.GraphDatabase.driver` (``max_transaction_retry_time``,
            ``connection_timeout``...).

        Raises
        ------
        StoreUnavailable
            A URI that is not Neo4j's, a server that cannot be reached, refused
            credentials, or a schema the server would not create; one line naming the
            URI, with the password shown as ``***``.
        """
        try:
            parts = urlsplit(uri)
            parts.port  # noqa: B018  # parsed lazily: a port that is not a number raises here
        except ValueError as exc:
            raise StoreUnavailable(f"{_display_uri(uri, None, False)}: not a usable Neo4j URI ({exc})") from None
        if auth is None and parts.username is not None:
            auth = (unquote(parts.username), unquote(parts.password or ""))
        user, password = auth if auth is not None else (None, None)
        shown = _display_uri(uri, user, bool(password))
        if parts.scheme not in NEO4J_SCHEMES:
            raise StoreUnavailable(
                f"{shown}: not a Neo4j URI (scheme {parts.scheme or 'missing'!r}; use one of "
                f"{', '.join(s + '://' for s in NEO4J_SCHEMES)})"
            )
        # The driver refuses credentials in a routing URI; they travel as auth instead.
        bare = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        try:
            driver = GraphDatabase.driver(bare, auth=auth, **driver_config)
        except (ConfigurationError, ValueError) as exc:
            raise StoreUnavailable(f"{shown}: not a usable Neo4j URI ({_scrub(exc, password)})") from exc
        retry_s = float(driver_config.get("max_transaction_retry_time", 30.0))
        store = cls(driver, model, display_uri=shown, database=database, secret=password, retry_s=retry_s)
        try:
            with store._errors("connecting"):
                driver.verify_connectivity()
            store.ensure_schema()
        except ValueError as exc:  # the driver's word for an address it cannot resolve
            driver.close()
            raise StoreUnavailable(f"{shown}: cannot reach Neo4j ({_scrub(exc, password)})") from exc
        except StoreError as exc:
            driver.close()
            if isinstance(exc, StoreUnavailable):
                raise
            raise StoreUnavailable(str(exc)) from exc
        except BaseException:
            driver.close()
            raise
        return store

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def driver(self) -> neo4j.Driver:
        """The underlying driver (for tools and tests that count in Cypher)."""
        return self._driver

    def close(self) -> None:
        self._driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- errors --------------------------------------------------------------------------
    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn driver failures into our exceptions, one line each, the password hidden."""
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable(
                f"{self._uri}: Neo4j refused the credentials while {action} ({exc.code or 'unauthorized'})"
            ) from exc
        except IncompleteCommit as exc:
            raise StoreUnavailable(
                f"{self._uri}: the connection to Neo4j was lost during the commit while {action}, so whether it "
                f"took effect is unknown; doing it again is safe ({_scrub(exc, self._secret)})"
            ) from exc
        except (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError) as exc:
            raise StoreUnavailable(
                f"{self._uri}: Neo4j cannot be reached while {action} ({_scrub(exc, self._secret)})"
            ) from exc
        except Neo4jError as exc:
            if deadline.passed() or "TransactionTimedOut" in (exc.code or ""):
                raise LimitExceeded(f"the query ran past its time limit and Neo4j stopped it while {action}; ask "
                                    "for less (fewer hops, a smaller page, a time window)") from exc
            raise StoreError(
                f"{self._uri}: {action} failed: {exc.code}: {_one_line(exc.message or str(exc))}"
            ) from exc
        except DriverError as exc:
            raise StoreError(f"{self._uri}: {action} failed: {_scrub(exc, self._secret)}") from exc

    # -- plumbing ------------------------------------------------------------------------
    def _read(self, cypher: LiteralString, /, **params: Any) -> list[neo4j.Record]:
        """One read query in a managed (retried) read transaction, routed to a reader."""
        left = deadline.remaining()
        if left is not None and left <= 0:
            deadline.check()
        # past the caller's deadline (graph.deadline) Neo4j itself ends the transaction
        query: LiteralString | neo4j.Query = cypher if left is None else neo4j.Query(cypher, timeout=max(left, 0.001))
        records, _, _ = self._driver.execute_query(
            query, params, routing_=RoutingControl.READ, database_=self._database
        )
        return records

    def _session(self) -> neo4j.Session:
        # The execute_query bookmark manager: a read through execute_query after a write
        # through this session sees the write, also on a cluster.
        return self._driver.session(
            database=self._database, bookmark_manager=self._driver.execute_query_bookmark_manager
        )

    def _write_tx(self, work: Callable[[ManagedTransaction], T], action: str) -> T:
        """Run ``work`` in one managed write transaction.

        The driver retries it on transient errors and lost connections. A commit whose
        outcome is unknown (``IncompleteCommit``: the connection died after the commit was
        sent) is retried here too, as often as the driver's retry budget allows, because
        every write is a ``MERGE`` on our ids: running it again after a commit that did
        happen changes nothing.
        """
        give_up = time.monotonic() + self._retry_s
        delay = 0.5
        with deadline.unbounded(), self._errors(action):  # a write is never cut by a reader's deadline
            while True:
                try:
                    with self._session() as session:
                        return session.execute_write(work)
                except IncompleteCommit:
                    if time.monotonic() > give_up:
                        raise
                    time.sleep(delay)
                    delay = min(delay * 2, 5.0)

    def ensure_schema(self) -> None:
        """Create the missing constraints and indexes (idempotent) and wait until they are online.

        Raises
        ------
        StoreError
            When the server refuses (e.g. a user without schema rights).
        """
        with self._errors("setting up the schema"):
            existing: set[str] = set()
            for show in schema_q.EXISTING_SCHEMA:
                records, _, _ = self._driver.execute_query(show, database_=self._database)
                existing.update(r["name"] for r in records)
            missing = [(name, stmt) for name, stmt in schema_q.schema_statements(self.model)
                       if name not in existing]
            for _, stmt in missing:  # schema commands run one per transaction
                self._driver.execute_query(stmt, database_=self._database)
            if missing:
                self._driver.execute_query(schema_q.AWAIT_INDEXES, {"seconds": SCHEMA_WAIT_S},
                                           database_=self._database)
            if "holding_party" in dict(missing):
                # a store made before the holding index, or by the bulk import: index every item
                with self._session() as session:
                    session.run(nh.MARK_ALL_ITEMS).consume()

    # -- writes --------------------------------------------------------------------------
    def _plan(self, batch: Batch) -> list[tuple[LiteralString, list[dict[str, Any]]]]:
        """(statement, rows) in write order: nodes by label, relations by type, events,
        evidence last (so it links facts of its own batch)."""
        plan: list[tuple[LiteralString, list[dict[str, Any]]]] = []
        by_label: dict[str, list[dict[str, Any]]] = {}
        for n in batch.nodes:
            by_label.setdefault(n.label, []).append(nr.node_row(n))
        for label, rows in sorted(by_label.items()):
            plan.append((node_q.merge_nodes(self.model, label), rows))
        by_type: dict[str, list[dict[str, Any]]] = {}
        for r in batch.relations:
            by_type.setdefault(r.type, []).append(nr.relation_row(r))
        for type_, rows in sorted(by_type.items()):
            plan.append((rel_q.merge_relations(self.model, type_), rows))
        if batch.events:
            plan.append((ev_q.MERGE_EVENTS, [nr.event_row(e) for e in batch.events]))
        if batch.evidence:
            plan.append((evidence_q.MERGE_EVIDENCE, [nr.evidence_row(v) for v in batch.evidence]))
        if batch.texts:
            plan.append((evidence_q.MERGE_TEXTS, [{"id": k, "text": v} for k, v in batch.texts.items()]))
        return plan

    def write(self, batch: Batch) -> WriteResult:
        """Write ``batch`` in one transaction: all of it or, on any failure, none of it.

        Raises
        ------
        EvidenceMissing, InvalidInput
            Before anything is sent (the batch does not fit the model, a serial is empty).
        StoreUnavailable
            The server could not be reached within the driver's retry budget.
        StoreError
            The server refused the write (nothing of the batch was written).
        """
        batch.validate(self.model)
        plan = self._plan(batch)
        if plan:
            chunk = self._chunk

            def work(tx: ManagedTransaction) -> None:
                for query, rows in plan:
                    for part in _chunks(rows, chunk):
                        tx.run(query, rows=part).consume()
                nh.mark(tx, changed_ids(batch.nodes, batch.relations, (e.subject for e in batch.events)))

            self._write_tx(work, f"writing a batch of {len(batch)} records")
        return WriteResult(len(batch.nodes), len(batch.relations), len(batch.events), len(batch.evidence))

    def delete_evidence(self, document_id: str, extractor: str, *, replacement: Batch | None = None,
                        dry_run: bool = False) -> Deletion:
        """See :meth:`graph.store.Store.delete_evidence`; one managed write transaction (retried
        by the driver on transient errors), or one rolled back for ``dry_run``."""
        if replacement is not None:
            replacement.validate(self.model)
        plan = self._plan(replacement) if replacement is not None else []
        chunk = self._chunk

        def work(tx: neo4j.Transaction | ManagedTransaction) -> Deletion:
            cited = [(r["id"], r["fact_id"]) for r in tx.run(evidence_q.DOCUMENT_EVIDENCE, document=document_id,
                                                             extractor=extractor)]
            fact_ids = list(dict.fromkeys(f for _, f in cited))
            touched = [nr.event_from(r["e"]) for r in tx.run(evidence_q.EVENTS_BY_ID, ids=fact_ids)]
            tx.run(evidence_q.DELETE_EVIDENCE, ids=[i for i, _ in cited]).consume()
            for query, rows in plan:
                for part in _chunks(rows, chunk):
                    tx.run(query, rows=part).consume()
            bare = {r["id"] for r in tx.run(evidence_q.WITHOUT_EVIDENCE, ids=fact_ids)}
            touched_ids = {e.id for e in touched}
            events = [f for f in fact_ids if f in bare and f in touched_ids]
            tx.run(evidence_q.DELETE_EVENTS, ids=events).consume()
            kinds = {r["id"]: r["is_node"] for r in tx.run(evidence_q.CLASSIFY_BARE,
                                                            ids=[f for f in bare if f not in touched_ids])}
            relations = [f for f in fact_ids if f in kinds and not kinds[f]]
            gone = [nr.relation_from(r["r"], r["type"], r["source"], r["target"])
                    for r in tx.run(nh.CUSTODY_RELATIONS_BY_ID, ids=relations)] if relations else []
            if relations:
                for type_ in sorted(self.model.relations):
                    tx.run(evidence_q.delete_relations(self.model, type_), ids=relations).consume()
            free = {r["id"]: r["keys"] for r in tx.run(evidence_q.FREE_NODES, ids=[f for f in kinds if kinds[f]])}
            nodes = [f for f in fact_ids if f in free]
            tx.run(evidence_q.DELETE_NODES, ids=nodes).consume()
            tx.run(evidence_q.DELETE_KEYS, keys=sorted({k for ks in free.values() for k in ks})).consume()
            changed = replacement or Batch()
            nh.mark(tx, changed_ids(changed.nodes, [*changed.relations, *gone],
                                    [*(e.subject for e in touched), *(e.subject for e in changed.events)]))
            return Deletion(len(cited), tuple(nodes), tuple(relations), tuple(events), tuple(touched))

        action = f"deleting the evidence of {document_id} by {extractor}"
        if not dry_run:
            return self._write_tx(work, action)
        with self._errors(action), self._session() as session, session.begin_transaction() as tx:
            try:
                return work(tx)
            finally:
                tx.rollback()

    def write_if(self, batch: Batch, expected: Mapping[str, int]) -> WriteResult:
        """Compare and set in one write transaction: lock the nodes of ``expected``, check their
        ``_version``, write ``batch``, add one to each version (see :mod:`graph.cypher.versions`).

        Raises
        ------
        Conflict
            A version differs from ``expected``; the transaction is rolled back, nothing written.
        """
        batch.validate(self.model)
        plan = self._plan(batch)
        ids = sorted(expected)
        chunk = self._chunk

        def work(tx: ManagedTransaction) -> None:
            found = {r["id"]: r["version"] for r in tx.run(version_q.LOCK_VERSIONS, ids=ids)}
            changed = [i for i in ids if found.get(i, 0) != expected[i]]
            if changed:
                raise Conflict(f"{', '.join(repr(i) for i in changed)} changed since it was read (version "
                               f"{', '.join(str(found.get(i, 0)) for i in changed)}, expected "
                               f"{', '.join(str(expected[i]) for i in changed)}); nothing was written: read again")
            for query, rows in plan:
                for part in _chunks(rows, chunk):
                    tx.run(query, rows=part).consume()
            nh.mark(tx, changed_ids(batch.nodes, batch.relations, (e.subject for e in batch.events)))
            tx.run(version_q.BUMP_VERSIONS, ids=ids).consume()

        self._write_tx(work, f"writing a checked batch of {len(batch)} records")
        return WriteResult(len(batch.nodes), len(batch.relations), len(batch.events), len(batch.evidence))

    def versions(self, ids: Iterable[str]) -> dict[str, int]:
        wanted = _dedupe(ids)
        out = dict.fromkeys(wanted, 0)
        if wanted:
            with self._errors("reading versions"):
                out.update((r["id"], r["version"]) for r in self._read(version_q.VERSIONS, ids=wanted))
        return out

    # -- reads ---------------------------------------------------------------------------
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
        wanted = _dedupe(ids)
        # Only the model's types can be relations; an unknown name matches nothing (as in
        # the embedded store) and never reaches the query text.
        known = [t for t in (types or self.model.relations) if t in self.model.relations]
        if not wanted or not known:
            return []
        query = rel_q.relations_of(self.model, known, direction)
        start: date | None = during.start if during is not None else None
        end: date | None = during.end if during is not None else None
        with self._errors("reading relations"):
            records = self._read(query, ids=wanted, start=start, end=end)
        found = {r["r"]["id"]: nr.relation_from(r["r"], r["type"], r["source"], r["target"]) for r in records}
        return sorted(found.values(), key=lambda r: r.id)

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
        found = {r["r"]["id"]: nr.relation_from(r["r"], r["type"], r["source"], r["target"]) for r in records}
        return sorted(found.values(), key=lambda r: r.id)

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

    def holdings(self, holders: Iterable[str], places: Iterable[str]) -> list[Holding]:
        who, where = _dedupe(holders), _dedupe(places)
        if not who and not where:
            return []
        with self._errors("reading the holding index"):
            if self._read(nh.ANY_CHANGED):
                with deadline.unbounded(), self._session() as session:
                    nh.refresh(session, self.model)
            records = self._read(nh.HOLDINGS, holders=who, places=where)
        return sorted((nh.holding_from(r["h"]) for r in records), key=lambda h: (h.item, h.seq))

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
        out: dict[str, list[Evidence]] = {}
        for v in sorted((nr.evidence_from(r["v"]) for r in records), key=lambda v: (v.fact_id, v.id)):
            out.setdefault(v.fact_id, []).append(v)
        return out

    def document_texts(self, document_ids: Iterable[str]) -> dict[str, str]:
        wanted = _dedupe(document_ids)
        if not wanted:
            return {}
        with self._errors("reading document texts"):
            records = self._read(evidence_q.TEXTS_OF, ids=wanted)
        return {r["id"]: r["text"] for r in records}


def _scrub(exc: BaseException, secret: str | None) -> str:
    """An exception's message on one line, without the password if it slipped in."""
    text = _one_line(str(exc)) or type(exc).__name__
    if secret:
        text = text.replace(secret, "***")
    return text
