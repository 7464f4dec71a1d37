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

The code: :mod:`graph.neo4j_base` (driver, errors, one read, one write transaction),
:mod:`graph.neo4j_writes`, :mod:`graph.neo4j_reads`; this module opens the connection and
sets up the schema.

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

from typing import Any, Final
from urllib.parse import unquote, urlsplit, urlunsplit

from neo4j import GraphDatabase, NotificationDisabledClassification
from neo4j.exceptions import ConfigurationError

from graph import neo4j_holdings as nh
from graph.cypher import schema as schema_q
from graph.errors import StoreError, StoreUnavailable
from graph.model import Model
from graph.neo4j_base import _display_uri, _scrub
from graph.neo4j_reads import Neo4jReads
from graph.neo4j_writes import Neo4jWrites
from graph.store import NEO4J_SCHEMES

__all__ = ["Neo4jStore"]

SCHEMA_WAIT_S = 300  # how long connect waits for new indexes to come online


class Neo4jStore(Neo4jWrites, Neo4jReads):
    """The protocol on a Neo4j 5 server. Open it with :meth:`connect`.

    Thread-safe: the driver pools connections and each call opens its own session.
    """

    #: The server does a write's work while the driver waits on a socket, so callers may overlap
    #: writes with their own work (the report ingester does); not so for the embedded store.
    writes_in_another_process: Final = True

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
        # The store's queries name optional properties (a shipment's consignor, an event's
        # location...) that a young store has not met yet; Neo4j answers each such question
        # with an "unknown property key" notice, which the driver logged at WARNING, ~2 KB a
        # question. Other notices (performance, deprecation) still come through.
        driver_config.setdefault("notifications_disabled_classifications",
                                 [NotificationDisabledClassification.UNRECOGNIZED])
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

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

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
            built, _, _ = self._driver.execute_query(nh.INDEX_KEPT, database_=self._database)
            if not built[0]["n"]:
                # facts that did not all come through this store's writes (a store made before the
                # holding index, by the bulk import, or by loading an exported Cypher script): index
                # every item, then note that writes keep the index from now on
                with self._session() as session:
                    session.run(nh.MARK_ALL_ITEMS).consume()
                self._driver.execute_query(nh.NOTE_INDEX_KEPT, database_=self._database)
