"""The data commands of the ``custody`` CLI: ``generate`` (a coherent fictional world of any size,
with injected diversions and their ground truth) and ``bench`` (the scale benchmark).

Registered on the main app by :func:`register`, as ``api.cli_questions`` is. (No ``from
__future__ import annotations`` here: typer reads the annotations at run time.)
"""

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

__all__ = ["register"]

REPO = Path(__file__).resolve().parents[1]


def _bench_runner() -> Any:
    """``bench.scale.run`` from the source checkout: the benchmark (and the test Neo4j it starts)
    live beside the packages, not in them, so ``custody bench`` needs the repository."""
    from api.cli import fail

    if not (REPO / "bench" / "scale" / "run.py").is_file() or not (REPO / "tests" / "neo4j_server.py").is_file():
        raise fail(f"custody bench runs from a source checkout: {REPO / 'bench'} and {REPO / 'tests'} are not "
                   "here (they are not installed with the package)")
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from bench.scale import run

    return run


def register(app: typer.Typer) -> None:
    from api.cli import console, err, fail

    @app.command()
    def generate(
        out: Annotated[Path, typer.Argument(help="Folder to write the world into (new, or empty)",
                                            show_default=False)],
        items: Annotated[str, typer.Option("--items", "-n", help="How many items: 200, 10k, 1m …")] = "10k",
        seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same files, byte for byte")] = 1,
        events_per_item: Annotated[float, typer.Option("--events-per-item", help="Custody events per item "
                                                       "(handovers and inventory rounds)")] = 5.0,
        diversion_rate: Annotated[float, typer.Option("--diversion-rate", help="Share of items diverted "
                                                      "(at least 8 in any world)")] = 0.004,
    ) -> None:
        """Generate a fictional world: manifests, receipts, custody logs, relations and reports, with
        injected diversions and their ground truth (.truth/ground_truth.json). `custody ingest OUT` reads it."""
        from graph.errors import InvalidInput
        from ingest.generate import GenerateConfig, generate_world, parse_count

        try:
            count = parse_count(items)
        except InvalidInput as exc:
            raise fail(f"--items: {exc}") from None
        config = GenerateConfig(items=count, seed=seed, events_per_item=events_per_item, diversion_rate=diversion_rate)
        try:
            config.check()
        except InvalidInput as exc:
            raise fail(str(exc)) from None
        columns = (TextColumn("generating"), BarColumn(), MofNCompleteColumn(), TextColumn("items"),
                   TimeElapsedColumn())
        with Progress(*columns, console=err, disable=not sys.stderr.isatty(), transient=True) as bar:
            task = bar.add_task("generate", total=count)
            try:
                summary = generate_world(out, config, progress=lambda done, _total: bar.update(task, completed=done))
            except InvalidInput as exc:
                raise fail(str(exc)) from None
        table = Table(title=f"generated {out}")
        table.add_column("what")
        table.add_column("count", justify="right")
        for what, value in (("items", summary.items), ("shipments", summary.shipments),
                            ("custody events in the tables", summary.events),
                            ("custody events in the reports", summary.report_events),
                            *((f"rows of {kind}", n) for kind, n in summary.rows.items()),
                            ("reports", summary.reports), ("diversions injected", summary.diversions),
                            ("actors", summary.actors)):
            table.add_row(what, f"{value:,}")
        console.print(table)
        console.print(f"{summary.files:,} files in {summary.seconds:.1f} s; ground truth: {summary.truth}",
                      highlight=False)

    @app.command()
    def bench(
        size: Annotated[list[str], typer.Option("--size", help="World size: 10k, 100k, 1m … (repeat for several)",
                                                show_default=False)],
        neo4j: Annotated[bool | None, typer.Option(
            "--neo4j/--no-neo4j", help="Also measure Neo4j (default: yes when java and mvn are on PATH, starting "
            "the test Neo4j; or the server of --neo4j-uri)", show_default=False)] = None,
        neo4j_uri: Annotated[str | None, typer.Option("--neo4j-uri", help="A scratch Neo4j to measure instead of "
                                                      "starting one (it must be empty; password in the URI or "
                                                      "$CUSTODY_NEO4J_PASSWORD)")] = None,
        neo4j_max_items: Annotated[int, typer.Option("--neo4j-max-items", help="Measure Neo4j only up to this "
                                                     "size")] = 200_000,
        neo4j_load: Annotated[str, typer.Option("--neo4j-load", help="How Neo4j gets the tables: cypher (the "
                                                "store's writes) or bulk (a first load through neo4j-admin "
                                                "import, from the embedded store this run ingests)")] = "cypher",
        samples: Annotated[int, typer.Option("--samples", min=1, help="Items timed for chain and reach")] = 200,
        actor_samples: Annotated[int, typer.Option("--actor-samples", min=1, help="People timed for reachable "
                                                   "items")] = 20,
        seed: Annotated[int, typer.Option("--seed")] = 1,
        alerts: Annotated[bool, typer.Option("--alerts/--no-alerts", help="Run and score the alerts")] = True,
        reuse_store: Annotated[bool, typer.Option("--reuse-store", help="Keep an embedded store ingested by an "
                                                  "earlier run (no ingest figures then)")] = False,
        embedded: Annotated[bool, typer.Option("--embedded/--no-embedded", help="Measure the embedded store "
                                               "(--no-embedded: Neo4j only, beside an earlier run)")] = True,
        work: Annotated[Path | None, typer.Option("--work", help="Worlds, stores and results (default "
                                                  "bench/out/scale)")] = None,
        json_out: Annotated[Path | None, typer.Option("--json", help="Write the figures here")] = None,
        only_reports: Annotated[bool, typer.Option("--only-reports", help="Measure the report ingest only (the "
                                                   "tables are ingested first, without their anchor; no "
                                                   "questions or alerts)")] = False,
    ) -> None:
        """Benchmark at each size: generate (or reuse) a world, ingest it into the embedded store and Neo4j,
        time chain, reach, reachable and alerts, score the alerts, each figure beside its anchor."""
        from graph.errors import InvalidInput
        from ingest.generate import parse_count

        try:
            sizes = [parse_count(s) for s in size]
        except InvalidInput as exc:
            raise fail(f"--size: {exc}") from None
        run = _bench_runner()
        cfg = run.BenchConfig(sizes=sizes, seed=seed, work=work or run.DEFAULT_WORK, json_path=json_out,
                              neo4j=neo4j, neo4j_uri=neo4j_uri, neo4j_max_items=neo4j_max_items,
                              neo4j_load=neo4j_load, samples=samples,
                              actor_samples=actor_samples, cypher_samples=min(samples, 50), alerts=alerts,
                              reuse_store=reuse_store, embedded=embedded, only_reports=only_reports)
        started = time.perf_counter()
        try:
            results = run.run_bench(cfg)
        except run.BenchError as exc:
            raise fail(str(exc)) from None
        console.print(f"bench done in {time.perf_counter() - started:.0f} s; figures: {results['bench']['json']}",
                      highlight=False)
