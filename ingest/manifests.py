"""Structured ingestion: shipment manifests, receipts, custody event logs and relation
tables, read through a mapping (:mod:`ingest.mapping`) into facts with evidence.

Row conversion, one converter per record kind (what each writes), is in
:mod:`ingest.converters`; plausible quantities are bounded by :mod:`ingest.quantity_bounds`;
conflicting rows about one item are found by :mod:`ingest.claims`.

Every node, relation and event carries evidence of its row (see :mod:`ingest.evidence`).
A row that does not fit (a bad date, no serial, a formula where a name should be, an
unknown event type) is rejected with its file, row, column, value and reason, and the rest
of the file is ingested; with ``strict=True`` the whole file is validated first and one
bad row means nothing of the file is written.

Writes go in batches of ``batch_rows`` rows (each batch atomic); the Document node is
written with the last batch, so a document in the store means its file was ingested to
the end, and re-ingesting a file whose sha256 is stored is skipped. A file interrupted
half-way has no document yet and is ingested again in full next time (ids are
deterministic, so nothing is duplicated).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final, Literal

from graph.errors import CustodyError, StoreError
from graph.records import Node
from graph.store import Store
from ingest.claims import ItemClaims, RowConflict
from ingest.converters import CONVERTERS, MAX_KEPT, Converter, ReceiptRows
from ingest.evidence import FactBatch, RowFacts, SourceDocument, clean_text, file_sha256, row_quote
from ingest.mapping import Binding, FieldError, MappingError, TableMapping, detect, resolve_mapping
from ingest.quantity_bounds import QuantityBounds, load_quantity_bounds
from ingest.resolve import Resolution, Resolver
from ingest.tables import Row, RowProblem, Table, TableError, open_table

__all__ = [
    "DEFAULT_BATCH_ROWS",
    "INTERNAL_ERROR",
    "MAX_KEPT",
    "FileResult",
    "Prepared",
    "QuantityLine",
    "RowError",
    "Status",
    "ingest_table",
    "prepare_table",
    "reconcile",
]

DEFAULT_BATCH_ROWS: Final = 10_000
"""Rows per store batch: big enough to amortise a transaction, small enough to stay flat."""
INTERNAL_ERROR: Final = "internal error (a bug: please report it)"
RECONCILE_MAX_ROWS: Final = 200_000
"""Receipts up to this many rows get a shipped/received summary in their FileResult."""

Status = Literal["ingested", "skipped", "failed", "aborted"]


@dataclass(frozen=True, slots=True)
class RowError:
    """A rejected row (or, with ``row`` None, a file that could not be ingested)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column, "value": self.value,
                "reason": self.reason}


@dataclass(frozen=True, slots=True)
class QuantityLine:
    """Shipped versus received for one shipment, system and lot."""

    shipment: str
    system: str | None
    lot: str | None
    shipped: float
    received: float

    @property
    def mismatch(self) -> bool:
        return self.shipped != self.received


@dataclass
class FileResult:
    """What happened to one file. The report ingester returns one of these too.

    ``status``: ``ingested`` (possibly with rejected rows), ``skipped`` (already stored, or
    not a file this run can read), ``failed`` (the file could not be read or written) or
    ``aborted`` (strict mode and a bad row: nothing written).
    """

    path: str
    status: Status
    kind: str | None = None
    mapping: str | None = None
    message: str = ""
    rows: int = 0
    rows_ingested: int = 0
    rows_rejected: int = 0
    facts: int = 0
    evidence: int = 0
    document_id: str | None = None
    errors: list[RowError] = field(default_factory=list)
    rows_conflicting: int = 0
    """Rows that say something else about an item than an earlier row of the file (kept as claims)."""
    conflicts: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    merges: list[Resolution] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reconciliation: list[QuantityLine] = field(default_factory=list)
    seconds: float = 0.0


ErrorSink = Callable[[RowError], None]
RowsSink = Callable[[int], None]


# -- opening ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """A table file whose mapping is known: how to open it and how to read its columns."""

    path: Path
    binding: Binding
    notes: tuple[str, ...] = ()

    @property
    def mapping(self) -> TableMapping:
        return self.binding.mapping

    @contextmanager
    def open(self) -> Iterator[Table]:
        m = self.mapping
        with open_table(self.path, sheet=m.sheet, encoding=m.encoding, delimiter=m.delimiter) as table:
            yield table


def prepare_table(path: str | Path, mapping: TableMapping | str | Path | None = None) -> Prepared:
    """Read a table's header and choose its mapping (the given one, else by detection).

    Raises
    ------
    TableError
        The file cannot be read as a table.
    MappingError
        The given mapping does not fit, or no built-in one does (``NoMappingFits`` lists
        the columns found).
    """
    p = Path(path)
    chosen = resolve_mapping(mapping) if mapping is not None else None
    opts = {"sheet": chosen.sheet, "encoding": chosen.encoding, "delimiter": chosen.delimiter} if chosen else {}
    with open_table(p, **opts) as table:
        columns, notes = list(table.columns), tuple(table.notes)
    if chosen is not None:
        return Prepared(p, chosen.bind(columns, str(p)), notes)
    binding = detect(columns, str(p))
    m = binding.mapping
    if m.encoding or m.delimiter or m.sheet:
        # The detected mapping says how to read the file: read the header again that way.
        with open_table(p, sheet=m.sheet, encoding=m.encoding, delimiter=m.delimiter) as table:
            binding = m.bind(list(table.columns), str(p))
    return Prepared(p, binding, notes)


# -- one file -----------------------------------------------------------------------------


class _Run:
    """State of ingesting one file: counters, kept errors, the error sink."""

    def __init__(self, result: FileResult, on_error: ErrorSink | None, on_rows: RowsSink | None) -> None:
        self.result = result
        self.on_error = on_error
        self.on_rows = on_rows
        self.pending_rows = 0

    def conflict(self, path: str, binding: Binding, conflicts: list[RowConflict]) -> None:
        """Report rows that conflict with earlier ones (their facts are kept, as claims)."""
        rows = set()
        for c in conflicts:
            err = RowError(path, c.row, binding.column_of(c.field), c.value, f"conflict: {c.reason}")
            rows.add(c.row)
            if len(self.result.conflicts) < MAX_KEPT:
                self.result.conflicts.append(err)
            if self.on_error is not None:
                self.on_error(err)
        self.result.rows_conflicting += len(rows)

    def reject(self, err: RowError) -> None:
        self.result.rows_rejected += 1
        if len(self.result.errors) < MAX_KEPT:
            self.result.errors.append(err)
        if self.on_error is not None:
            self.on_error(err)

    def tick(self, final: bool = False) -> None:
        if self.on_rows is None:
            return
        self.pending_rows += 1 if not final else 0
        if self.pending_rows >= 1000 or (final and self.pending_rows):
            self.on_rows(self.pending_rows)
            self.pending_rows = 0


def _rows(
    table: Table, converter: Converter, path: str, run: _Run
) -> Iterator[tuple[Row, RowFacts]]:
    """The good rows with their facts; bad rows go to ``run.reject``."""
    binding = converter.binding
    for rec in table:
        run.result.rows += 1
        run.tick()
        if isinstance(rec, RowProblem):
            run.reject(RowError(path, rec.number, None, clean_text(rec.raw), rec.reason))
            continue
        try:
            fields = binding.extract(rec.values)
            facts = converter.convert(fields)
        except FieldError as exc:
            column = binding.column_of(exc.field)
            value = clean_text(exc.value)[:200] if exc.value is not None else None
            run.reject(RowError(path, rec.number, column, value, exc.reason))
            continue
        except CustodyError as exc:  # a value the model refuses (should be a FieldError; stay safe)
            run.reject(RowError(path, rec.number, None, None, str(exc)))
            continue
        except Exception as exc:  # a bug must cost one row, not the run; tests look for this reason
            run.reject(RowError(path, rec.number, None, None, f"{INTERNAL_ERROR}: {type(exc).__name__}: {exc}"))
            continue
        yield rec, facts


def ingest_table(
    store: Store,
    path: str | Path,
    *,
    resolver: Resolver,
    mapping: TableMapping | str | Path | None = None,
    prepared: Prepared | None = None,
    strict: bool = False,
    sensitivity: str | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    sha256: str | None = None,
    on_error: ErrorSink | None = None,
    on_rows: RowsSink | None = None,
    ingested_at: str | None = None,
    quantity_bounds: QuantityBounds | None = None,
    known_new: bool = False,
) -> FileResult:
    """Ingest one table file (manifest, receipt, event log or relation table).

    Parameters
    ----------
    store : Store
    path : str or Path
    resolver : Resolver
        Shared across the files of a run (its caches make repeated names cheap).
    mapping : TableMapping, name or path, optional
        The mapping to read the file with; by default detected from the columns.
    prepared : Prepared, optional
        A file already opened by :func:`prepare_table` (saves reading the header twice).
    strict : bool
        Validate every row first; any bad row aborts the file with nothing written.
    sensitivity : {"public", "restricted"}, optional
        Overrides the mapping's document sensitivity.
    batch_rows : int
        Rows per atomic store batch.
    sha256 : str, optional
        The file's hash if already computed.
    on_error : callable, optional
        Receives every rejected row (the run's error report).
    on_rows : callable, optional
        Receives counts of rows read, every thousand rows (progress).
    quantity_bounds : QuantityBounds, optional
        Plausible quantities by kind of item (default: ``ingest/quantity_bounds.yaml``).
    known_new : bool
        The caller has just found no document with ``sha256`` in the store (the runner, when it
        plans the run): the file is not looked up again (a read per file; 23 ms each on a busy Neo4j).

    Returns
    -------
    FileResult
        Never raises for a bad file: failures are in ``status`` and ``message``.

    Notes
    -----
    Memory is bounded by one batch and the resolver's caches, not by the file: rows are
    streamed, converted, and written ``batch_rows`` at a time. A strict run reads the file
    twice (validate, then write).
    """
    started = time.perf_counter()
    p = Path(path)
    result = FileResult(str(p), "ingested")
    run = _Run(result, on_error, on_rows)

    def fail(message: str, status: Status = "failed") -> FileResult:
        result.status, result.message = status, message
        result.seconds = time.perf_counter() - started
        if on_error is not None and status == "failed":
            on_error(RowError(str(p), None, None, None, message))
        return result

    try:
        sha = sha256 or file_sha256(p)
    except OSError as exc:
        return fail(f"{p}: cannot read the file: {exc.strerror or exc}")
    known = None if known_new and sha256 else store.document_by_hash(sha)
    if known is not None:
        result.document_id = known.id
        return fail(f"already ingested as {known.id} ({known.props.get('title', '')})", "skipped")
    try:
        prep = prepared or prepare_table(p, mapping)
    except (TableError, MappingError) as exc:
        return fail(str(exc))
    m = prep.mapping
    result.kind, result.mapping, result.notes = m.record, m.name, list(prep.notes)
    doc = SourceDocument(
        sha256=sha, title=p.name, path=str(p), kind=m.document_kind,
        sensitivity=sensitivity or m.sensitivity,
        ingested_at=ingested_at or datetime.now(UTC).isoformat(timespec="seconds"),
        extractor=m.extractor, version=m.version,
        props={"mapping": m.name, "mapping_version": m.version, "record": m.record},
    )
    result.document_id = doc.id
    bounds = quantity_bounds or load_quantity_bounds()
    mark = resolver.mark()
    try:
        with prep.open() as table:
            if strict:
                checker = CONVERTERS[m.record](store.model, resolver, prep.binding, bounds)
                # Progress counts the writing pass only.
                for _ in _rows(table, checker, str(p), _Run(result, on_error, None)):
                    pass
                if result.rows_rejected:
                    resolver.rollback(mark)
                    resolver.drain_merges()
                    return fail(f"strict: {result.rows_rejected} bad row(s); nothing of this file was written",
                                "aborted")
                # Second pass writes; counters restart so rows are not counted twice.
                result.rows = 0
            converter = CONVERTERS[m.record](store.model, resolver, prep.binding, bounds)
            batch = FactBatch(doc)
            claims = ItemClaims(doc.id)

            def write(*extra: Node) -> None:
                _write(store, batch, result, claims, lambda found: run.conflict(str(p), prep.binding, found), *extra)

            for rec, facts in _rows(table, converter, str(p), run):
                if found := claims.row(rec.number, facts):
                    run.conflict(str(p), prep.binding, found)
                batch.add(rec.number, row_quote(rec.values), facts)
                result.rows_ingested += 1
                if len(batch) >= batch_rows:
                    write()
                    batch = FactBatch(doc)
            if result.rows == 0:
                result.warnings.append("no data rows (the file has a header only)")
            write(doc.node())
    except TableError as exc:
        if result.facts:
            return fail(f"{exc} (after {result.rows} rows; the rows before were written, the document was not: "
                        "ingest the file again once it is fixed)")
        return fail(f"{exc} (after {result.rows} rows; nothing of this file was written)")
    except StoreError as exc:
        return fail(f"{p}: writing to the store failed: {exc}")
    run.tick(final=True)
    result.warnings.extend(converter.warnings)
    if converter.warning_count > len(converter.warnings):
        result.warnings.append(f"… and {converter.warning_count - len(converter.warnings)} more warnings")
    result.merges = resolver.drain_merges()
    if isinstance(converter, ReceiptRows):
        if result.rows_ingested <= RECONCILE_MAX_ROWS:
            result.reconciliation = reconcile(store, sorted(converter.shipments))
        else:
            result.notes.append(f"shipped/received totals not summarised for a receipt of over "
                                f"{RECONCILE_MAX_ROWS:,} rows; the quantity alert reads them from the store")
    result.seconds = time.perf_counter() - started
    return result


def _write(store: Store, batch: FactBatch, result: FileResult, claims: ItemClaims,
           on_conflicts: Callable[[list[RowConflict]], None], *extra: Node) -> None:
    if not batch.rows and not extra:
        return
    facts = batch.batch(extra)
    if found := claims.before_write(store, facts):
        on_conflicts(found)
    store.write(facts)
    result.facts += batch.fact_count
    result.evidence += batch.evidence_count


def reconcile(store: Store, shipments: list[str]) -> list[QuantityLine]:
    """Shipped (``CONTAINS``) versus received (``RECEIVED``) quantities per shipment, system
    and lot, from the store.

    Only shipments with a receipt mean anything here; an item shipped but absent from the
    receipt counts as shipped and not received.
    """
    totals: dict[tuple[str, str | None, str | None], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for shipment in shipments:  # one at a time: memory bounded by the largest shipment
        for rel in store.relations([shipment], types=["CONTAINS", "RECEIVED"], direction="out"):
            key = (rel.source, rel.props.get("system"), rel.props.get("lot"))
            if rel.type == "CONTAINS":
                totals[key][0] += float(rel.props.get("quantity") or 0)
            else:
                totals[key][1] += float(rel.props.get("quantity_received") or 0)
    return [QuantityLine(s, sys, lot, shipped, received)
            for (s, sys, lot), (shipped, received) in sorted(totals.items(), key=lambda kv: tuple(map(str, kv[0])))]
