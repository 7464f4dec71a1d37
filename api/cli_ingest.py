"""The ingestion commands of the ``custody`` CLI: ``ingest`` (files and folders into the
store) and ``extract`` (reports to JSON, in the scorer's format, without a store)."""

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli import StoreOption, console, err, fail, opened, settings_for

if TYPE_CHECKING:
    from ingest.report_ingest import Extractor

__all__ = ["cluster_extractor", "register"]


def cluster_extractor(stack: contextlib.ExitStack[bool | None], cluster: str | None) -> "Extractor | None":
    """The Dask extractor of ``--cluster`` (closed with ``stack``), or None to run the NLP here."""
    if cluster is None:
        return None
    from ingest.distributed import ClusterError, DaskExtractor

    try:
        return stack.enter_context(DaskExtractor.open(cluster))
    except ClusterError as exc:
        raise fail(str(exc)) from None


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: Annotated[list[Path], typer.Argument(help="Files and folders: manifests (CSV, XLSX, JSON) "
                                                    "and reports (text, HTML, PDF), mixed")],
        store: StoreOption = None,
        mapping: Annotated[str | None, typer.Option("--mapping", help="A mapping file (YAML) or built-in "
                                                    "mapping name for every table")] = None,
        strict: Annotated[bool, typer.Option("--strict", help="Any bad row aborts its whole file, "
                                             "writing nothing of it")] = False,
        workers: Annotated[int, typer.Option("--workers", min=1, help="NLP worker processes")] = 1,
        cluster: Annotated[str | None, typer.Option("--cluster", help="Run the NLP on Dask: 'local' (a local "
                                                    "cluster, 'local:N' for N worker processes) or a scheduler "
                                                    "address, tcp://host:8786")] = None,
        restricted: Annotated[bool, typer.Option("--restricted", help="Mark these documents restricted: "
                                                 "their evidence is hidden from viewers")] = False,
        errors: Annotated[Path | None, typer.Option("--errors", help="Where rejected rows go (.jsonl or "
                                                    ".csv)")] = None,
    ) -> None:
        """Ingest manifests and reports. Exit 0 all good, 1 rows rejected or in conflict, 2 a file unreadable."""
        from ingest.report_ingest import ReportIngester
        from ingest.resolve import Resolver
        from ingest.runner import Progress as RunProgress
        from ingest.runner import ingest_paths

        settings = settings_for(store)
        report_path = errors or settings.error_report
        bounds = settings.report_bounds()
        with contextlib.ExitStack() as stack:
            s = stack.enter_context(opened(store))
            extractor = cluster_extractor(stack, cluster)
            resolver = Resolver(s, s.model)
            reports = ReportIngester(s, resolver, workers=workers, bounds=bounds, extractor=extractor,
                                     sensitivity="restricted" if restricted else None)
            columns = (TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[rate]}"),
                       TimeElapsedColumn())
            with Progress(*columns, console=err, disable=not sys.stderr.isatty(), transient=True) as bar:
                task = bar.add_task("ingesting", total=None, rate="")

                def on_progress(p: RunProgress) -> None:
                    where = f" (chunk {p.chunk} of {p.chunks})" if p.chunks else ""
                    bar.update(task, total=p.files_total, completed=p.file_number - (0 if p.finished else 1),
                               description=Path(p.path).name + where,
                               rate=f"{p.rows:,} rows, {p.rows_per_s:,.0f} rows/s")

                summary = ingest_paths(s, paths, mapping=mapping, strict=strict, progress=on_progress,
                                       report_path=report_path, report_ingester=reports, resolver=resolver,
                                       sensitivity="restricted" if restricted else None)
        table = Table(title=f"ingested into {s.uri}")
        for col in ("file", "status", "kind", "rows", "rejected", "facts", "note"):
            table.add_column(col)
        for r in summary.results:
            note = r.message or "; ".join(r.notes)
            table.add_row(r.path, r.status, r.kind or "", f"{r.rows:,}", f"{r.rows_rejected:,}", f"{r.facts:,}",
                          note[:120])
        console.print(table)
        console.print(
            f"{summary.files} files ({summary.files_ingested} ingested, {summary.files_skipped} skipped, "
            f"{summary.files_failed} failed, {summary.files_aborted} aborted), {summary.rows:,} rows, "
            f"{summary.rows_rejected:,} rejected, {summary.facts:,} facts, {summary.evidence:,} evidence records "
            f"in {summary.seconds:.1f} s"
        )
        if summary.rows_conflicting:
            console.print(f"{summary.rows_conflicting:,} rows contradict an earlier row of their file about an item "
                          "(both kept as claims, listed in the error report)")
        if summary.error_report is not None:
            console.print(f"rejected rows, conflicts and unreadable files: {summary.error_report}")
        raise typer.Exit(summary.exit_code)

    @app.command()
    def extract(
        files: Annotated[list[Path], typer.Argument(help="Report files (text, HTML, PDF)")],
        out: Annotated[Path, typer.Option("--out", help="Folder for NAME.json, one per input")],
        workers: Annotated[int, typer.Option("--workers", min=1)] = 1,
    ) -> None:
        """Extract entities and custody events from reports into JSON (the scorer's format)."""
        from ingest.nlp.extract import extract_each, to_score_json
        from ingest.nlp.pipeline import load_pipeline
        from ingest.reports import EmptyReport, ReportError, read_report

        out.mkdir(parents=True, exist_ok=True)
        texts: list[tuple[Path, str, str | None]] = []
        failed = empty = 0
        for f in files:
            try:
                text, meta = read_report(f)
            except EmptyReport as exc:  # nothing to extract: an empty answer, not a failure
                err.print(f"[yellow]empty[/] {exc}", highlight=False)
                (out / f"{f.stem}.json").write_text(json.dumps({"entities": [], "events": []}, indent=1))
                empty += 1
                continue
            except ReportError as exc:
                err.print(f"[red]skipped[/] {exc}", highlight=False)
                failed += 1
                continue
            texts.append((f, text, meta.get("date")))
        nlp = load_pipeline()
        extractions = extract_each(nlp, [(t, d) for _, t, d in texts], n_process=workers)
        crashed = 0
        for (f, _, _), ex in zip(texts, extractions, strict=True):
            if isinstance(ex, Exception):
                err.print(f"[red]failed[/] {f}: extraction error ({type(ex).__name__}: {ex})", highlight=False)
                crashed += 1
                continue
            (out / f"{f.stem}.json").write_text(json.dumps(to_score_json(ex), indent=1, ensure_ascii=False))
        done = len(texts) - crashed
        console.print(
            f"{done} reports extracted into {out}"
            + (f", {empty} without text" if empty else "")
            + (f", {failed} unreadable" if failed else "")
            + (f", {crashed} failed in extraction" if crashed else "")
        )
        raise typer.Exit(2 if failed or crashed else 0)
