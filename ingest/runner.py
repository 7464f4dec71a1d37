"""The batch runner: ingest files and folders, in an order that resolves names well, with
progress, an error report and an exit code.

:func:`ingest_paths` takes files and folders (folders are walked recursively, hidden files
and folders skipped). Tables (``.csv .tsv .xlsx .json .jsonl .ndjson``) go to the structured
ingester (:func:`ingest.manifests.ingest_table`); reports (``.txt .html .htm .pdf .md``) to a
pluggable report ingester, ``report_ingester(store, path) -> FileResult`` (the NLP one);
without it they are listed as skipped, with the reason.

Order within a run: places and relation tables first (they state kinds and link names), then shipment
manifests, receipts, event logs, and reports last, so that by the time a name is met in
prose it is already known. Files of one kind go in path order.

Every file is hashed first; a file whose sha256 is already stored is skipped, so running
the same folder twice changes nothing. Rejected rows (and files that could not be read)
are written, one JSON object per line (``.jsonl``) or as CSV (``.csv``, with formula-like
cells made inert), to ``report_path``.

Exit code (:attr:`IngestSummary.exit_code`): 0 all good, 1 rows rejected, rows in conflict
with an earlier row of their file (reported with both rows; see :mod:`ingest.claims`) or a
strict file aborted, 2 a file could not be read or written.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Final, Protocol, runtime_checkable

from graph.errors import CustodyError
from graph.store import Store
from ingest.evidence import file_sha256
from ingest.manifests import (
    DEFAULT_BATCH_ROWS,
    FileResult,
    Prepared,
    QuantityLine,
    RowError,
    ingest_table,
    prepare_table,
)
from ingest.mapping import MappingError, TableMapping, resolve_mapping
from ingest.resolve import Resolver
from ingest.tables import TABLE_SUFFIXES, TableError

__all__ = [
    "REPORT_SUFFIXES",
    "TABLE_SUFFIXES",
    "BatchReportIngester",
    "FileResult",
    "IngestSummary",
    "Progress",
    "QuantityLine",
    "ReportIngester",
    "RowError",
    "ingest_paths",
]

REPORT_SUFFIXES: Final = frozenset({".txt", ".html", ".htm", ".pdf", ".md"})
_ORDER: Final = {"places": 0, "relations": 0, "shipment": 1, "receipt": 2, "events": 3, "report": 4}

ReportIngester = Callable[[Store, Path], FileResult]


@runtime_checkable
class BatchReportIngester(Protocol):
    """A report ingester that can also take many reports at once (NLP batching)."""

    def __call__(self, store: Store, path: Path) -> FileResult: ...

    def ingest_files(self, store: Store, paths: Sequence[Path], *,
                     on_chunk: Callable[[str, int, int], None] | None = None) -> Iterator[FileResult]:
        """Results in the order of ``paths``; ``on_chunk(path, k, n)`` as a long report's chunks pass."""
        ...


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress report: the file being read and the run's rows so far.

    ``rows_per_s`` is over the whole run (rows read, good or bad, per second of wall time).
    For a long report read in chunks, ``chunk`` of ``chunks`` says how far its NLP is (0 of 0
    otherwise).
    """

    path: str
    file_number: int
    files_total: int
    file_rows: int
    rows: int
    rows_per_s: float
    finished: bool = False
    chunk: int = 0
    chunks: int = 0


ProgressCallback = Callable[[Progress], None]


@dataclass
class IngestSummary:
    """What a run did, file by file, with totals and the exit code."""

    results: list[FileResult] = field(default_factory=list)
    error_report: Path | None = None
    seconds: float = 0.0
    holdings_seconds: float = 0.0
    """Of ``seconds``, the time spent bringing the holding index up to date at the end."""

    @property
    def files(self) -> int:
        return len(self.results)

    def _count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def files_ingested(self) -> int:
        return self._count("ingested")

    @property
    def files_skipped(self) -> int:
        return self._count("skipped")

    @property
    def files_failed(self) -> int:
        return self._count("failed")

    @property
    def files_aborted(self) -> int:
        return self._count("aborted")

    @property
    def rows(self) -> int:
        return sum(r.rows for r in self.results)

    @property
    def rows_rejected(self) -> int:
        return sum(r.rows_rejected for r in self.results)

    @property
    def rows_conflicting(self) -> int:
        """Rows that contradict an earlier row of their file about an item (kept as claims)."""
        return sum(r.rows_conflicting for r in self.results)

    @property
    def facts(self) -> int:
        """Nodes, relations and events written (a re-written fact counts again)."""
        return sum(r.facts for r in self.results)

    @property
    def evidence(self) -> int:
        return sum(r.evidence for r in self.results)

    @property
    def exit_code(self) -> int:
        """0 all good, 1 rows rejected or in conflict or a strict file aborted, 2 a file could not be read."""
        if self.files_failed:
            return 2
        if self.rows_rejected or self.rows_conflicting or self.files_aborted:
            return 1
        return 0


class _Report:
    """The error report, written as rows are rejected (never held in memory)."""

    FIELDS: Final = ("file", "row", "column", "value", "reason")

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.count = 0
        self._fh: IO[str] | None = None
        self._csv: csv.DictWriter[str] | None = None
        if path is not None:
            # Truncate now, so a report left from an earlier run is never mistaken for this one's.
            self._fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()
            if path.suffix.lower() == ".csv":
                self._csv = csv.DictWriter(self._fh, fieldnames=self.FIELDS)
                self._csv.writeheader()

    def __call__(self, err: RowError) -> None:
        self.count += 1
        if self._fh is None:
            return
        if self._csv is not None:
            # A CSV report is opened in spreadsheets: make formula-like cells inert.
            row = {k: _inert(v) for k, v in err.as_dict().items()}
            self._csv.writerow(row)
        else:
            self._fh.write(json.dumps(err.as_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


def _inert(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _walk(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    """Files to consider, with whether they were named explicitly (not found in a folder)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or not child.is_file():
                    continue
                yield child, False
        else:
            yield p, True


@dataclass
class _Planned:
    path: Path
    kind: str
    sha256: str | None = None
    prepared: Prepared | None = None


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path] | str | Path,
    *,
    mapping: TableMapping | str | Path | None = None,
    strict: bool = False,
    progress: ProgressCallback | None = None,
    report_path: str | Path | None = None,
    report_ingester: ReportIngester | None = None,
    sensitivity: str | None = None,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    resolver: Resolver | None = None,
) -> IngestSummary:
    """Ingest files and folders into ``store``.

    Parameters
    ----------
    store : Store
    paths : str, Path, or an iterable of them
        Files and folders (walked recursively; hidden entries skipped).
    mapping : TableMapping, built-in mapping name or mapping file, optional
        Read every table with this mapping instead of detecting one per file.
    strict : bool
        A bad row aborts its whole file, with nothing of it written.
    progress : callable, optional
        Called with a :class:`Progress` about every thousand rows and at the end of each file.
    report_path : str or Path, optional
        Where rejected rows go (``.csv`` for CSV, anything else JSON Lines). Created (empty)
        even when nothing is rejected, so it never holds an earlier run's rows.
    report_ingester : callable, optional
        ``(store, path) -> FileResult`` for report files; without it they are skipped.
    sensitivity : {"public", "restricted"}, optional
        Overrides the documents' sensitivity.
    batch_rows : int
        Rows per store batch.
    resolver : Resolver, optional
        Shared entity resolution (made from the store by default).

    Returns
    -------
    IngestSummary
        Per-file results, totals and ``exit_code``.

    Raises
    ------
    MappingError
        When ``mapping`` itself cannot be read (before anything is ingested).
    """
    started = time.perf_counter()
    if isinstance(paths, str | Path):  # one path, not an iterable of its characters
        paths = [paths]
    chosen = resolve_mapping(mapping) if mapping is not None else None
    resolver = resolver or Resolver(store, store.model)
    report = _Report(Path(report_path) if report_path is not None else None)
    summary = IngestSummary(error_report=report.path)
    planned: list[_Planned] = []
    try:
        for path, explicit in _walk(paths):
            suffix = path.suffix.lower()
            if explicit and not path.exists():
                _failed(summary, report, path, f"{path}: no such file or folder")
            elif suffix in TABLE_SUFFIXES:
                _plan_table(store, path, chosen, planned, summary, report)
            elif suffix in REPORT_SUFFIXES:
                planned.append(_Planned(path, "report"))
            elif explicit:
                _failed(summary, report, path, f"{path}: not a file type this tool reads ({suffix or 'no suffix'}); "
                        f"tables: {', '.join(sorted(TABLE_SUFFIXES))}; reports: {', '.join(sorted(REPORT_SUFFIXES))}")
            else:
                summary.results.append(FileResult(str(path), "skipped",
                                                  message=f"not a table or a report ({suffix or 'no suffix'})"))
        planned.sort(key=lambda p: (_ORDER[p.kind], str(p.path)))
        total_rows = 0
        # Reports come last; an ingester that takes them together (BatchReportIngester)
        # pipes them through the NLP in one stream, with its worker processes.
        numbers = {str(p.path): n for n, p in enumerate(planned, 1)}

        def on_chunk(path: str, k: int, n: int) -> None:
            if progress is not None:
                elapsed = max(time.perf_counter() - started, 1e-9)
                progress(Progress(path, numbers.get(path, 0), len(planned), 0, total_rows, total_rows / elapsed,
                                  chunk=k, chunks=n))

        report_results = _report_results(store, [p.path for p in planned if p.kind == "report"], report_ingester,
                                         on_chunk)

        # Hashes of the tables handed to ingest_table in this run: a table planned as new whose hash
        # is not among them is still new (no second store read); a repeated copy is checked again.
        handed: set[str] = set()
        for number, plan in enumerate(planned, 1):
            file_rows = 0

            def on_rows(n: int, _path: str = str(plan.path), _number: int = number) -> None:
                nonlocal total_rows, file_rows
                total_rows += n
                file_rows += n
                if progress is not None:
                    elapsed = max(time.perf_counter() - started, 1e-9)
                    progress(Progress(_path, _number, len(planned), file_rows, total_rows, total_rows / elapsed))

            if plan.kind == "report":
                result = next(report_results)
                if result.status == "failed":
                    report(RowError(str(plan.path), None, None, None, result.message))
            else:
                result = ingest_table(store, plan.path, resolver=resolver, prepared=plan.prepared, strict=strict,
                                      sensitivity=sensitivity, batch_rows=batch_rows, sha256=plan.sha256,
                                      on_error=report, on_rows=on_rows,
                                      known_new=plan.sha256 is not None and plan.sha256 not in handed)
                if plan.sha256 is not None:
                    handed.add(plan.sha256)
            summary.results.append(result)
            if progress is not None:
                elapsed = max(time.perf_counter() - started, 1e-9)
                progress(Progress(str(plan.path), number, len(planned), result.rows, total_rows,
                                  total_rows / elapsed, finished=True))
    finally:
        report.close()
    if report.count == 0:
        summary.error_report = None
    # build the holding index of what this run wrote now, not at the first read after it
    indexing = time.perf_counter()
    store.refresh_holdings()
    summary.holdings_seconds = time.perf_counter() - indexing
    summary.seconds = time.perf_counter() - started
    return summary


def _failed(summary: IngestSummary, report: _Report, path: Path, message: str) -> None:
    summary.results.append(FileResult(str(path), "failed", message=message))
    report(RowError(str(path), None, None, None, message))


def _plan_table(store: Store, path: Path, mapping: TableMapping | None, planned: list[_Planned],
                summary: IngestSummary, report: _Report) -> None:
    """Hash a table and learn its kind (for the run's order), or record why it cannot be read."""
    try:
        sha = file_sha256(path)
    except OSError as exc:
        _failed(summary, report, path, f"{path}: cannot read the file: {exc.strerror or exc}")
        return
    known = store.document_by_hash(sha)
    if known is not None:
        summary.results.append(FileResult(str(path), "skipped", document_id=known.id,
                                          message=f"already ingested as {known.id}"))
        return
    try:
        prepared = prepare_table(path, mapping)
    except (TableError, MappingError) as exc:
        _failed(summary, report, path, str(exc))
        return
    planned.append(_Planned(path, prepared.mapping.record, sha, prepared))


def _report_results(store: Store, paths: list[Path], ingester: ReportIngester | None,
                    on_chunk: Callable[[str, int, int], None]) -> Iterator[FileResult]:
    """One result per report path, in order; a batch ingester gets all of them at once."""
    if ingester is not None and isinstance(ingester, BatchReportIngester):
        done: set[str] = set()
        try:
            for result in ingester.ingest_files(store, paths, on_chunk=on_chunk):
                done.add(result.path)
                yield result
        except Exception as exc:  # the batch broke down: report the rest, one by one
            for path in paths:
                if str(path) not in done:
                    yield FileResult(str(path), "failed", kind="report", message=f"{path}: {type(exc).__name__}: {exc}")
        return
    for path in paths:
        yield _ingest_report(store, path, ingester)


def _ingest_report(store: Store, path: Path, ingester: ReportIngester | None) -> FileResult:
    if ingester is None:
        return FileResult(str(path), "skipped", kind="report",
                          message="a report: no report ingester is configured for this run")
    try:
        return ingester(store, path)
    except CustodyError as exc:
        return FileResult(str(path), "failed", kind="report", message=f"{path}: {exc}")
    except Exception as exc:  # one bad report must not stop a batch of thousands
        return FileResult(str(path), "failed", kind="report", message=f"{path}: {type(exc).__name__}: {exc}")
