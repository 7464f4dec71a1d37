"""The Neo4j store's plumbing: the driver, its errors turned into ours, one read, one write transaction.

:class:`Neo4jBase` is what :mod:`graph.neo4j_reads` and :mod:`graph.neo4j_writes` build on;
:class:`graph.neo4j_store.Neo4jStore` puts them together and opens the connection.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import ManagedTransaction, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import deadline
from graph.errors import LimitExceeded, StoreError, StoreUnavailable
from graph.model import Model

T = TypeVar("T")

DEFAULT_CHUNK = 10_000  # rows per statement inside one batch's transaction (bounds request size)


def _dedupe(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


def _one_line(text: str) -> str:
    return " ".join(text.split())


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



def _scrub(exc: BaseException, secret: str | None) -> str:
    """An exception's message on one line, without the password if it slipped in."""
    text = _one_line(str(exc)) or type(exc).__name__
    if secret:
        text = text.replace(secret, "***")
    return text


class Neo4jBase:
    """The driver and the plumbing every call of the store goes through."""

    def __init__(self, driver: neo4j.Driver, model: Model, *, display_uri: str, database: str | None = None,
                 secret: str | None = None, chunk: int = DEFAULT_CHUNK, retry_s: float = 30.0) -> None:
        self.model = model
        self._retry_s = retry_s
        self._driver = driver
        self._uri = display_uri
        self._database = database
        self._secret = secret
        self._chunk = chunk

    @property
    def uri(self) -> str:
        return self._uri

    @property
    def driver(self) -> neo4j.Driver:
        """The underlying driver (for tools and tests that count in Cypher)."""
        return self._driver

    def data_version(self) -> str:
        """A value that changes whenever a write is committed, by this process or another (caches
        of answers key on it): the bookmark of an empty read transaction, which names the last
        transaction the database committed (Community Neo4j shows no transaction id otherwise).
        A transaction begun and committed with no query in it: the same bookmark as an auto-commit
        ``RETURN 0`` gave, without a query for the server to run and the driver to stream (about
        half the CPU, client and server: 0.73 against 1.34 ms, medians of 10 interleaved rounds of
        200); the API reads this on every query."""
        with self._errors("reading the store's version"), self._driver.session(
                database=self._database, bookmark_manager=None, default_access_mode=neo4j.READ_ACCESS) as session:
            session.begin_transaction().commit()
            return ",".join(sorted(session.last_bookmarks().raw_values))

    def close(self) -> None:
        self._driver.close()

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

