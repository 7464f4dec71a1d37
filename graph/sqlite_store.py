"""The embedded store: one SQLite file in WAL mode, no server.

Each :meth:`SqliteStore.write` is one ``BEGIN IMMEDIATE`` transaction, so a process
killed mid-batch leaves the file with all of that batch or none of it. Writes merge on
our deterministic ids (``ON CONFLICT``), so writing the same batch twice changes
nothing. Reads use one connection per thread (the API serves from a thread pool).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from graph import deadline
from graph.dates import Interval, PartialDate, parse_date_or_none
from graph.errors import Conflict, InvalidInput, LimitExceeded, StoreError, StoreUnavailable
from graph.holdings import (
    AT_LOCATION,
    HOLDER,
    Holding,
    Spans,
    StoredDays,
    changed_ids,
    index_items,
    stored_days,
    stored_interval,
    wanted,
)
from graph.ids import normalize_name, normalize_serial
from graph.model import Model
from graph.records import Batch, Deletion, Event, Evidence, Node, Relation, WriteResult, node_keys
from graph.sqlite_schema import (
    BUMP_VERSION,
    INSERT_EVIDENCE,
    INSERT_HOLDING,
    INSERT_KEY,
    INSERT_TEXT,
    MARK_ALL_ITEMS,
    MARK_CHANGED,
    MARK_SHIPPED_ITEMS,
    MIGRATE_FROM_1,
    MIGRATE_FROM_2,
    MIGRATE_FROM_3,
    MIGRATE_FROM_5,
    SCHEMA,
    SCHEMA_VERSION,
    UPSERT_EVENT,
    UPSERT_NODE,
    UPSERT_RELATION,
    VERSIONS_TABLE,
    dumps,
    props_merge,
    statements,
)
from graph.store import ComposedReads, Direction

__all__ = ["SCHEMA_VERSION", "SqliteStore"]

# A node is still referred to while one of these finds a row (each is an indexed lookup).
_REFERENCES = tuple(f"SELECT 1 FROM {table} WHERE {column} = ? LIMIT 1" for table, column in (
    ("relations", "source"), ("relations", "target"), ("events", "subject"), ("events", "from_actor"),
    ("events", "to_actor"), ("events", "location")))

_CHUNK = 500  # ids per IN (...) query; SQLite allows 32766 parameters


def _chunks(ids: Iterable[str]) -> Iterator[list[str]]:
    items = list(dict.fromkeys(ids))
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _marks(n: int) -> str:
    return ",".join("?" * n)


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """A read the progress handler interrupted at the deadline raises LimitExceeded."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if deadline.passed():
            raise LimitExceeded("the query ran past its time limit and was stopped inside the store; ask for "
                                "less (fewer hops, a smaller page, a time window)") from exc
        raise


def _fetch(cur: sqlite3.Cursor, n: int) -> list[sqlite3.Row]:
    with _interruptible():
        return cur.fetchmany(n)


class SqliteStore(ComposedReads):
    """The embedded store. ``path`` is a file (created if missing) or ``":memory:"``."""

    def __init__(self, path: str | Path, model: Model) -> None:
        self.model = model
        self._path = str(path)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._memory: sqlite3.Connection | None = None
        self._version_conn: sqlite3.Connection | None = None
        self._version_lock = threading.Lock()
        if self._path == ":memory:":
            self._memory = self._connect()
        parent = Path(self._path).parent
        if self._path != ":memory:" and not parent.is_dir():
            raise StoreUnavailable(f"{self._path}: the folder {parent} does not exist")
        try:
            self._prepare(self._conn())
        except sqlite3.DatabaseError as exc:
            raise StoreUnavailable(f"{self._path}: not a custody-graph store ({exc})") from exc

    def _prepare(self, conn: sqlite3.Connection) -> None:
        """Create the schema in a new file, or bring a store made by an earlier version up to date."""
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreUnavailable(f"{self._path}: made by a newer custody-graph (store schema {version}, this "
                                   f"version reads {SCHEMA_VERSION}); upgrade custody-graph")
        if version == SCHEMA_VERSION:
            return
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                # Read again under the write lock: another process may have just done this.
                if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                    # Version 1 stores carry no user_version; their relations and evidence are copied.
                    existing = conn.execute(
                        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'relations'").fetchone()
                    current = conn.execute("PRAGMA user_version").fetchone()[0]
                    script = (SCHEMA if not existing else MIGRATE_FROM_5 if current == 5 else
                              MIGRATE_FROM_3 if current in (3, 4) else MIGRATE_FROM_2 if current == 2 else
                              MIGRATE_FROM_1)
                    for statement in statements(script):
                        conn.execute(statement)
                    if existing and current != 5:  # a store without the index: built at the first read of it
                        conn.execute(MARK_ALL_ITEMS)
                    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    # -- connections ---------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        # Each thread gets its own connection (see _conn); only the in-memory store, used by
        # tests, shares one, and its writes are serialised by _write_lock.
        conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL is durable against a killed process in WAL mode; only power loss may drop
        # the last commits, never corrupt the file.
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA cache_size=-65536")
        # a read running past the caller's deadline (graph.deadline) is interrupted inside SQLite
        conn.set_progress_handler(deadline.passed, 10_000)
        conn.create_function("props_merge", 2, props_merge, deterministic=True)
        return conn

    def _conn(self) -> sqlite3.Connection:
        if self._memory is not None:
            return self._memory
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
        return conn

    @property
    def uri(self) -> str:
        return self._path

    def data_version(self) -> str:
        """A value that changes whenever a write is committed, by this process or another (caches
        of answers key on it). A file: SQLite's ``data_version`` on a connection of its own that
        never writes (it counts the commits of every other connection); in memory, where the one
        connection does every write: the rows it has changed."""
        if self._memory is not None:
            return f"m{self._memory.total_changes}"
        with self._version_lock:
            if self._version_conn is None:
                self._version_conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
            return f"f{self._version_conn.execute('PRAGMA data_version').fetchone()[0]}"

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
        if self._memory is not None:
            self._memory.close()
        if self._version_conn is not None:
            self._version_conn.close()
            self._version_conn = None

    # -- writes --------------------------------------------------------------------
    def write(self, batch: Batch) -> WriteResult:
        return self._write(batch, None)

    def write_if(self, batch: Batch, expected: Mapping[str, int]) -> WriteResult:
        """Compare and set in one ``BEGIN IMMEDIATE`` transaction: it holds the file's write
        lock from the check to the commit, so no other writer (thread or process) comes between."""
        return self._write(batch, dict(expected))

    def versions(self, ids: Iterable[str]) -> dict[str, int]:
        wanted = list(dict.fromkeys(ids))
        out = dict.fromkeys(wanted, 0)
        if not self._rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'versions'"):
            return out  # no write_if yet: every version is 0
        for chunk in _chunks(wanted):
            for row in self._rows(f"SELECT id, version FROM versions WHERE id IN ({_marks(len(chunk))})", chunk):
                out[row["id"]] = row["version"]
        return out

    def _check_versions(self, conn: sqlite3.Connection, expected: dict[str, int]) -> None:
        found = dict.fromkeys(expected, 0)
        for chunk in _chunks(expected):
            found.update(conn.execute(f"SELECT id, version FROM versions WHERE id IN ({_marks(len(chunk))})",
                                      chunk).fetchall())
        changed = sorted(i for i in expected if found[i] != expected[i])
        if changed:
            raise Conflict(f"{', '.join(repr(i) for i in changed)} changed since it was read "
                           f"(version {', '.join(str(found[i]) for i in changed)}, expected "
                           f"{', '.join(str(expected[i]) for i in changed)}); nothing was written: read again")

    def _write(self, batch: Batch, expected: dict[str, int] | None) -> WriteResult:
        batch.validate(self.model)
        with self._transaction("write") as conn:
            if expected is not None:
                conn.execute(VERSIONS_TABLE)
                self._check_versions(conn, expected)
                conn.executemany(BUMP_VERSION, [(i,) for i in sorted(expected)])
            self._write_rows(conn, batch)
            self._mark(conn, changed_ids(batch.nodes, batch.relations, (e.subject for e in batch.events)))
        return WriteResult(len(batch.nodes), len(batch.relations), len(batch.events), len(batch.evidence))

    @staticmethod
    def _mark(conn: sqlite3.Connection, ids: set[str]) -> None:
        """Record, in the write's transaction, what the holding index must rewrite before its next read."""
        conn.executemany(MARK_CHANGED, [(i,) for i in sorted(ids)])

    def refresh_holdings(self) -> None:
        """Rewrite the holding index rows of everything writes recorded as changed, in one
        transaction (a concurrent writer's marks wait for it, or come after and stay).

        The marks are first widened in SQL to the items of changed shipments, then taken a chunk
        at a time (rows dropped, items indexed again, marks cleared), so the memory it takes is a
        chunk's, not the store's: after a bulk ingest every item is marked, and reading all their
        nodes and shipments' relations at once raised a 100k-item table ingest's peak from 147
        to 330 MiB."""
        if not self._rows("SELECT 1 FROM holdings_changed LIMIT 1"):
            return
        with self._transaction("updating the holding index") as conn:
            conn.execute(MARK_SHIPPED_ITEMS)
            while ids := [r[0] for r in conn.execute("SELECT id FROM holdings_changed ORDER BY id LIMIT ?",
                                                      (_CHUNK,))]:
                marks = _marks(len(ids))
                conn.execute(f"DELETE FROM holdings WHERE item IN ({marks})", ids)
                items = sorted(i for i, label in conn.execute(f"SELECT id, label FROM nodes WHERE id IN ({marks})",
                                                               ids) if label == "Item")
                conn.executemany(INSERT_HOLDING, [
                    (h.item, h.seq, h.kind, h.party, *stored_days(h.interval), h.event, h.confidence)
                    for h in index_items(self, items, self.model)])
                conn.execute(f"DELETE FROM holdings_changed WHERE id IN ({marks})", ids)

    @contextlib.contextmanager
    def _transaction(self, action: str, *, rollback: bool = False) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` transaction under the write lock, committed (or rolled back
        when ``rollback``) at the end; any failure rolls it back."""
        conn = self._conn()
        with self._write_lock, deadline.unbounded():
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("ROLLBACK" if rollback else "COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self._path}: {action} failed: {exc}") from exc
                raise

    @staticmethod
    def _write_rows(conn: sqlite3.Connection, batch: Batch) -> None:
        conn.executemany(
            UPSERT_NODE, [(n.id, n.label, n.kind, n.name, dumps(n.props)) for n in batch.nodes]
        )
        conn.executemany(
            INSERT_KEY, [(k, n.id, kind, v) for n in batch.nodes for k, kind, v in node_keys(n)]
        )
        conn.executemany(
            UPSERT_RELATION,
            [
                (r.id, r.type, r.source, r.target,
                 str(r.valid_from) if r.valid_from else None,
                 str(r.valid_to) if r.valid_to else None,
                 r.valid_from.start.isoformat() if r.valid_from else None,
                 r.valid_to.end.isoformat() if r.valid_to else None,
                 dumps(r.props))
                for r in batch.relations
            ],
        )
        conn.executemany(
            UPSERT_EVENT,
            [
                (e.id, e.type, e.subject, str(e.date) if e.date else None,
                 e.date.start.isoformat() if e.date else None,
                 e.from_actor, e.to_actor, e.location, e.quantity, e.confidence, dumps(e.props), e.modality)
                for e in batch.events
            ],
        )
        conn.executemany(
            INSERT_EVIDENCE,
            [
                (v.id, v.fact_id, v.document_id, v.locator, v.quote, v.extractor,
                 v.extractor_version, v.confidence, v.ingested_at, v.start, v.end, v.modality)
                for v in batch.evidence
            ],
        )
        if batch.texts:
            conn.executemany(INSERT_TEXT, list(batch.texts.items()))

    def delete_evidence(self, document_id: str, extractor: str, *, replacement: Batch | None = None,
                        dry_run: bool = False) -> Deletion:
        if replacement is not None:
            replacement.validate(self.model)
        with self._transaction("deleting evidence", rollback=dry_run) as conn:
            # No index leads with the document (every index costs each ingest): one scan.
            cited = conn.execute("SELECT fact_id, id FROM evidence WHERE document_id = ? AND extractor = ?",
                                 (document_id, extractor)).fetchall()
            fact_ids = list(dict.fromkeys(f for f, _ in cited))
            touched: list[Event] = []
            for chunk in _chunks(fact_ids):
                cur = conn.execute(f"SELECT * FROM events WHERE id IN ({_marks(len(chunk))})", chunk)
                cur.row_factory = sqlite3.Row
                touched += [self._event(r) for r in cur.fetchall()]
            conn.executemany("DELETE FROM evidence WHERE fact_id = ? AND id = ?", cited)
            if replacement is not None:
                self._write_rows(conn, replacement)
            bare = [f for f in fact_ids
                    if conn.execute("SELECT 1 FROM evidence WHERE fact_id = ? LIMIT 1", (f,)).fetchone() is None]
            touched_ids = {e.id for e in touched}
            events = [f for f in bare if f in touched_ids]
            conn.executemany("DELETE FROM events WHERE id = ?", [(f,) for f in events])
            is_node = {f: conn.execute("SELECT 1 FROM nodes WHERE id = ?", (f,)).fetchone() is not None
                       for f in bare if f not in touched_ids}
            relations = [f for f, node in is_node.items() if not node]
            gone: list[Relation] = []
            for chunk in _chunks(relations):  # relations are found by id in one scan
                cur = conn.execute(f"SELECT * FROM relations WHERE id IN ({_marks(len(chunk))})", chunk)
                cur.row_factory = sqlite3.Row
                gone += [self._relation(r) for r in cur.fetchall()]
                conn.execute(f"DELETE FROM relations WHERE id IN ({_marks(len(chunk))})", chunk)
            nodes = [f for f, node in is_node.items()
                     if node and not any(conn.execute(sql, (f,)).fetchone() for sql in _REFERENCES)]
            conn.executemany("DELETE FROM keys WHERE node_id = ?", [(f,) for f in nodes])
            conn.executemany("DELETE FROM nodes WHERE id = ?", [(f,) for f in nodes])
            changed = replacement or Batch()
            self._mark(conn, changed_ids(changed.nodes, [*changed.relations, *gone],
                                         [*(e.subject for e in touched), *(e.subject for e in changed.events)]))
        return Deletion(len(cited), tuple(nodes), tuple(relations), tuple(events), tuple(touched))

    def extractor_versions(self, extractor: str) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for row in self._rows("SELECT DISTINCT document_id, extractor_version FROM evidence WHERE extractor = ?",
                              (extractor,)):
            out.setdefault(row["document_id"], set()).add(row["extractor_version"])
        return out

    # -- reads ---------------------------------------------------------------------
    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        conn = self._conn()
        with _interruptible():
            cur = conn.execute(sql, params)
            cur.row_factory = sqlite3.Row
            return cur.fetchall()

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for row in self._rows("SELECT label, kind, count(*) AS n FROM nodes GROUP BY label, kind"):
            out[row["label"]] = out.get(row["label"], 0) + row["n"]
            out[f"{row['label']}:{row['kind']}"] = row["n"]
        for row in self._rows("SELECT type, count(*) AS n FROM relations GROUP BY type"):
            out[f"relation:{row['type']}"] = row["n"]
        for row in self._rows("SELECT type, count(*) AS n FROM events GROUP BY type"):
            out[f"event:{row['type']}"] = row["n"]
        out["Relation"] = sum(v for k, v in out.items() if k.startswith("relation:"))
        out["Event"] = sum(v for k, v in out.items() if k.startswith("event:"))
        out["Evidence"] = self._rows("SELECT count(*) AS n FROM evidence")[0]["n"]
        return out

    def _aliases(self, ids: list[str]) -> dict[str, tuple[str, ...]]:
        out: dict[str, list[str]] = {}
        for chunk in _chunks(ids):
            for row in self._rows(
                f"SELECT node_id, value FROM keys WHERE kind = 'alias' AND node_id IN ({_marks(len(chunk))})"
                " ORDER BY node_id, value",
                chunk,
            ):
                out.setdefault(row["node_id"], []).append(row["value"])
        return {k: tuple(v) for k, v in out.items()}

    def _nodes_from_rows(self, rows: list[sqlite3.Row]) -> list[Node]:
        aliases = self._aliases([r["id"] for r in rows])
        return [
            Node(r["id"], r["label"], r["kind"], r["name"], aliases.get(r["id"], ()), json.loads(r["props"]))
            for r in rows
        ]

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        out: dict[str, Node] = {}
        for chunk in _chunks(ids):
            rows = self._rows(f"SELECT * FROM nodes WHERE id IN ({_marks(len(chunk))})", chunk)
            out.update((n.id, n) for n in self._nodes_from_rows(rows))
        return out

    def document_by_hash(self, sha256: str) -> Node | None:
        rows = self._rows(
            "SELECT n.* FROM keys k JOIN nodes n ON n.id = k.node_id WHERE k.key = ? AND k.kind = 'sha256'",
            (sha256,),
        )
        found = self._nodes_from_rows(rows)
        return found[0] if found else None

    def _by_keys(self, where: str, params: Sequence[Any], label: str | None, limit: int,
                 keys_first: bool = False) -> list[Node]:
        # keys_first: ``where`` names exact keys, so read them by the keys' primary key first
        # (CROSS JOIN keeps SQLite's order); without statistics the planner would otherwise walk
        # every node of ``label`` (7-13 ms for one serial at 10k items, growing with the store)
        join = "CROSS JOIN" if keys_first else "JOIN"
        sql = (
            f"SELECT DISTINCT n.* FROM keys k {join} nodes n ON n.id = k.node_id WHERE " + where
            + (" AND n.label = ?" if label else "") + " ORDER BY n.label, n.name, n.id LIMIT ?"
        )
        return self._nodes_from_rows(self._rows(sql, [*params, *([label] if label else []), limit]))

    def lookup(self, key: str, label: str | None = None) -> list[Node]:
        candidates = {normalize_name(key)}
        with contextlib.suppress(InvalidInput):
            candidates.add(normalize_serial(key))
        where = f"k.key IN ({_marks(len(candidates))}) AND k.kind <> 'sha256'"
        return self._by_keys(where, sorted(candidates), label, 1000, keys_first=True)

    def search(self, text: str, label: str | None = None, limit: int = 20) -> list[Node]:
        needles = {normalize_name(text)}
        with contextlib.suppress(InvalidInput):
            needles.add(normalize_serial(text))
        needles.discard("")
        if not needles:
            return []
        escaped = [n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for n in sorted(needles)]
        where = "(" + " OR ".join("k.key LIKE ? ESCAPE '\\'" for _ in escaped) + ") AND k.kind <> 'sha256'"
        return self._by_keys(where, [f"%{n}%" for n in escaped], label, limit)

    def iter_nodes(self, label: str, kind: str | None = None) -> Iterator[Node]:
        sql = "SELECT * FROM nodes WHERE label = ?" + (" AND kind = ?" if kind else "") + " ORDER BY id"
        with _interruptible():
            cur = self._conn().execute(sql, [label, *([kind] if kind else [])])
            cur.row_factory = sqlite3.Row
        while rows := _fetch(cur, 2000):
            yield from self._nodes_from_rows(rows)

    # relations -----------------------------------------------------------------------
    @staticmethod
    def _relation(row: sqlite3.Row) -> Relation:
        return Relation(
            row["id"], row["type"], row["source"], row["target"],
            parse_date_or_none(row["valid_from"]), parse_date_or_none(row["valid_to"]),
            json.loads(row["props"]),
        )

    def relations(
        self,
        ids: Iterable[str],
        *,
        types: Sequence[str] | None = None,
        direction: Direction = "both",
        during: Interval | None = None,
    ) -> list[Relation]:
        ends = {"out": ["source"], "in": ["target"], "both": ["source", "target"]}[direction]
        extra, extra_params = "", []
        if types:
            extra += f" AND type IN ({_marks(len(types))})"
            extra_params += list(types)
        if during is not None:
            if during.end is not None:
                extra += " AND (from_day IS NULL OR from_day <= ?)"
                extra_params.append(during.end.isoformat())
            if during.start is not None:
                extra += " AND (to_day IS NULL OR to_day >= ?)"
                extra_params.append(during.start.isoformat())
        seen: dict[str, Relation] = {}
        for chunk in _chunks(ids):
            for end in ends:
                sql = f"SELECT * FROM relations WHERE {end} IN ({_marks(len(chunk))}){extra}"
                for row in self._rows(sql, [*chunk, *extra_params]):
                    seen.setdefault(row["id"], self._relation(row))
        return sorted(seen.values(), key=lambda r: r.id)

    # events --------------------------------------------------------------------------
    @staticmethod
    def _event(row: sqlite3.Row) -> Event:
        return Event(
            row["id"], row["type"], row["subject"],
            PartialDate.parse(row["date"]) if row["date"] else None,
            row["from_actor"], row["to_actor"], row["location"], row["quantity"], row["confidence"],
            json.loads(row["props"]), row["modality"],
        )

    def _events_where(self, columns: Sequence[str], ids: Iterable[str]) -> list[Event]:
        seen: dict[str, Event] = {}
        for chunk in _chunks(ids):
            for col in columns:
                for row in self._rows(f"SELECT * FROM events WHERE {col} IN ({_marks(len(chunk))})", chunk):
                    seen.setdefault(row["id"], self._event(row))
        return sorted(seen.values(), key=lambda e: e.id)

    def events_of(self, subjects: Iterable[str]) -> list[Event]:
        return self._events_where(["subject"], subjects)

    def events_with_actors(self, actors: Iterable[str]) -> list[Event]:
        return self._events_where(["from_actor", "to_actor"], actors)

    def events_at(self, locations: Iterable[str]) -> list[Event]:
        return self._events_where(["location"], locations)

    def items_touched(self, actors: Iterable[str], locations: Iterable[str]) -> list[str]:
        # ids straight from the indexes: no event rows decoded (reverse reach reads thousands)
        who, where, subjects = list(actors), list(locations), set[str]()
        for col, ids in (("from_actor", who), ("to_actor", who), ("location", where)):
            for chunk in _chunks(ids):
                sql = f"SELECT DISTINCT subject FROM events WHERE {col} IN ({_marks(len(chunk))})"
                subjects.update(row["subject"] for row in self._rows(sql, chunk))
        items, shipments = set[str](), list[str]()
        for chunk in _chunks(subjects):
            sql = f"SELECT id, label FROM nodes WHERE id IN ({_marks(len(chunk))}) AND label IN ('Item', 'Shipment')"
            for row in self._rows(sql, chunk):
                (items.add if row["label"] == "Item" else shipments.append)(row["id"])
        for chunk in _chunks(shipments):
            sql = f"SELECT target FROM relations WHERE source IN ({_marks(len(chunk))}) AND type = 'CONTAINS'"
            items.update(row["target"] for row in self._rows(sql, chunk))
        return sorted(items)

    def holdings(self, holders: Iterable[str], places: Iterable[str], *, spans: Spans | None = None,
                 skip: Collection[str] = ()) -> list[Holding]:
        self.refresh_holdings()
        rows: list[Holding] = []
        seen: dict[StoredDays, Interval] = {}
        conn = self._conn()
        for kind, ids in ((HOLDER, holders), (AT_LOCATION, places)):
            for chunk in _chunks(ids):
                sql = (f'SELECT item, seq, party, start, "end", event, confidence FROM holdings '
                       f"WHERE party IN ({_marks(len(chunk))}) AND kind = ?")
                with _interruptible():
                    found = conn.execute(sql, [*chunk, kind]).fetchall()
                for item, seq, party, start, end, event, confidence in found:
                    row = Holding(item, seq, kind, party, stored_interval((start, end), seen), event, confidence)
                    if wanted(row, spans, skip):
                        rows.append(row)
        rows.sort(key=lambda h: (h.item, h.seq))
        return rows

    def iter_events(self, types: Sequence[str] | None = None) -> Iterator[Event]:
        sql = "SELECT * FROM events" + (f" WHERE type IN ({_marks(len(types))})" if types else "") + " ORDER BY id"
        with _interruptible():
            cur = self._conn().execute(sql, list(types or []))
            cur.row_factory = sqlite3.Row
        while rows := _fetch(cur, 5000):
            yield from (self._event(r) for r in rows)

    # evidence ------------------------------------------------------------------------
    def evidence(self, fact_ids: Iterable[str]) -> dict[str, list[Evidence]]:
        out: dict[str, list[Evidence]] = {}
        for chunk in _chunks(fact_ids):
            rows = self._rows(
                f"SELECT * FROM evidence WHERE fact_id IN ({_marks(len(chunk))}) ORDER BY fact_id, id", chunk
            )
            for r in rows:
                out.setdefault(r["fact_id"], []).append(
                    Evidence(r["id"], r["fact_id"], r["document_id"], r["locator"], r["quote"], r["extractor"],
                             r["extractor_version"], r["confidence"], r["ingested_at"], r["start"], r["end"],
                             r["modality"])
                )
        return out

    def document_texts(self, document_ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        for chunk in _chunks(document_ids):
            rows = self._rows(
                f"SELECT document_id, text FROM document_texts WHERE document_id IN ({_marks(len(chunk))})", chunk)
            out.update((r["document_id"], r["text"]) for r in rows)
        return out
