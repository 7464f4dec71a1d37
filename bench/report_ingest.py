"""Report ingest against plain ``nlp.pipe``, on both stores, in one run.

    python bench/report_ingest.py --reports 100 --rounds 3      # both stores (starts a test Neo4j)
    python bench/report_ingest.py --reports 100 --no-neo4j
    python bench/report_ingest.py --world DIR --neo4j-uri neo4j://neo4j:pw@host:7687

The reports are the fictional ones ``custody generate`` writes (a world is generated in a
temporary folder unless ``--world`` names one). For each store, ``--rounds`` times on new
reports each time, the anchor is measured in the same process on the same texts, before and after
ours (their mean counts): plain ``nlp.pipe`` of the statistical model our pipeline is built on
over the texts as the reader gives them. Ours ingests them with
:class:`ingest.report_ingest.ReportIngester` (pipeline loaded before the clock starts, as the
anchor's is) into a new store, after ``--warmup`` other reports (untimed, for both the anchor
and the store: a running server has its query plans cached and compiled). Both rates are tokens
per second over the anchor's token count; the ratio is ours divided by the anchor, and the
figure is the median of the rounds' ratios with their range (issue #14 asks for at least 0.8). On
the embedded store, whose writes run in this process, the ratio of this process's CPU time is
printed beside it (the anchor's CPU seconds over ours): on a machine shared with other work it
moves less with their load than the wall clock does.
"""

from __future__ import annotations

import argparse
import functools
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from spacy.language import Language

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.proc import process_cpu_seconds  # noqa: E402
from graph.model import load_model  # noqa: E402
from graph.store import Store  # noqa: E402
from ingest.report_ingest import ReportIngester  # noqa: E402

#: Items per generated report, roughly (the generator writes about one report per 170 items).
ITEMS_PER_REPORT = 175


def report_files(world: Path, limit: int, skip: int = 0) -> list[Path]:
    return sorted((world / "reports").glob("*.txt"))[skip:skip + limit]


def generate(folder: Path, reports: int) -> Path:
    from ingest.generate import GenerateConfig, generate_world

    config = GenerateConfig(items=max(2_000, int(reports * ITEMS_PER_REPORT * 1.2)), seed=7)
    generate_world(folder, config)
    return folder


@functools.cache
def _base_model(name: str) -> Language:
    import spacy

    return spacy.load(name)


def anchor(paths: list[Path], warmup: list[Path]) -> dict[str, Any]:
    """Plain ``nlp.pipe`` of the base statistical model over the texts the reader gives."""
    from ingest.nlp.pipeline import find_base_model
    from ingest.reports import read_report

    texts = [read_report(p)[0] for p in paths]
    nlp = _base_model(find_base_model())
    for _ in nlp.pipe(read_report(p)[0] for p in warmup):
        pass
    started, cpu = time.perf_counter(), time.process_time()
    tokens = sum(len(doc) for doc in nlp.pipe(texts))
    seconds = time.perf_counter() - started
    return {"tokens": tokens, "seconds": seconds, "cpu_seconds": time.process_time() - cpu,
            "tokens_per_s": tokens / seconds}


#: The test Neo4j's process id, when this bench started it (its CPU time is read from /proc).
_SERVER_PID: list[int] = []


def _server_cpu() -> float | None:
    """The started server's CPU seconds so far (user and system), where /proc gives them."""
    return process_cpu_seconds(_SERVER_PID[0]) if _SERVER_PID else None


def ours(ingester: ReportIngester, store: Store, paths: list[Path], tokens: int) -> dict[str, Any]:
    started, cpu, server = time.perf_counter(), time.process_time(), _server_cpu()
    results = list(ingester.ingest_files(store, paths))
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu
    server_after = _server_cpu()
    failed = [r for r in results if r.status != "ingested"]
    if failed:
        raise SystemExit(f"{len(failed)} reports were not ingested, e.g. {failed[0].path}: {failed[0].message}")
    return {"reports": len(results), "events": sum(r.rows for r in results), "seconds": seconds,
            "cpu_seconds": cpu_seconds, "tokens_per_s": tokens / seconds,
            "server_cpu_seconds": None if server is None or server_after is None else server_after - server}


@contextmanager
def neo4j_store(uri: str | None) -> Iterator[Store]:
    from graph.neo4j_store import Neo4jStore

    if uri:
        store = Neo4jStore.connect(uri, load_model())
        try:
            yield store
        finally:
            store.close()
        return
    from tests.neo4j_server import DEFAULT_JAVA_OPTS, JAVA_OPTS_ENV, Neo4jServer

    # As bench/scale does: a 1 GiB heap and the full JIT (the tests' server stops at C1 to start fast).
    opts = [o for o in DEFAULT_JAVA_OPTS if not o.startswith(("-Xm", "-XX:TieredStopAtLevel"))]
    os.environ.setdefault(JAVA_OPTS_ENV, " ".join(["-Xms1g", "-Xmx1g", *opts]))
    with Neo4jServer() as server:
        store = Neo4jStore.connect(server.uri, load_model(), auth=(server.user, server.password))
        if server._proc is not None:
            _SERVER_PID[:] = [server._proc.pid]
        try:
            yield store
        finally:
            store.close()


def run_store(name: str, store: Store, rounds: list[list[Path]], warmup: list[Path], *,
              statements: bool = False) -> dict[str, Any]:
    """Anchor and ours alternately, one round per slice of reports (the store keeps what earlier
    rounds wrote, as a store in use does). Each round's anchor runs before and after ours and
    counts at its mean: on a shared machine the load drifts, and one anchor run on one side of
    ours would carry the drift into the ratio. The figure is the median of the rounds' ratios."""
    from ingest.report_ingest import ReportIngester

    ingester = ReportIngester(store)
    in_process = not getattr(store, "writes_in_another_process", False)
    _ = ingester.nlp  # loaded before the clock starts, as the anchor's model is
    # Other reports first, as a running store has seen before: the server's query plans are cached
    # and its JIT has compiled them (a fresh Neo4j spends seconds on both).
    list(ingester.ingest_files(store, warmup))
    spent: dict[str, list[float]] = {}
    undo = None
    if statements:
        from bench.neo4j_table_ingest import _statement_timer

        spent, undo = _statement_timer(_SERVER_PID[0] if _SERVER_PID else None)
    out = []
    for k, paths in enumerate(rounds, 1):
        before = anchor(paths, warmup)
        mine = ours(ingester, store, paths, before["tokens"])
        after = anchor(paths, warmup)
        seconds = (before["seconds"] + after["seconds"]) / 2
        cpu = (before["cpu_seconds"] + after["cpu_seconds"]) / 2
        base = {"tokens": before["tokens"], "seconds": seconds, "cpu_seconds": cpu,
                "tokens_per_s": before["tokens"] / seconds,
                "runs_tokens_per_s": [before["tokens_per_s"], after["tokens_per_s"]]}
        ratio = mine["tokens_per_s"] / base["tokens_per_s"]
        # This process's CPU time, beside the wall clock: on a loaded machine it moves less with the
        # other processes' load. It is the whole cost only where the store runs in this process.
        cpu_ratio = cpu / mine["cpu_seconds"] if mine["cpu_seconds"] else None
        cpu_note = f"; CPU ratio {cpu_ratio:.2f}" if cpu_ratio is not None and in_process else ""
        if mine["server_cpu_seconds"] is not None:
            cpu_note = (f"; CPU s: ours {mine['cpu_seconds']:.1f} here + {mine['server_cpu_seconds']:.1f} server, "
                        f"anchor {cpu:.1f}")
        print(f"{name:9s} round {k}: {len(paths)} reports, {base['tokens']:,} tokens: ingest "
              f"{mine['tokens_per_s']:,.0f} tokens/s ({mine['seconds']:.1f} s); plain nlp.pipe "
              f"{base['tokens_per_s']:,.0f} tokens/s ({base['seconds']:.1f} s); ratio {ratio:.2f}{cpu_note}",
              flush=True)
        out.append({"anchor": base, "ingest": mine, "ratio": round(ratio, 3),
                    "cpu_ratio": round(cpu_ratio, 3) if cpu_ratio is not None and in_process else None})
    if undo is not None:
        undo()
        total = sum(r["ingest"]["seconds"] for r in out)
        print(f"{'seconds':>8} {'server':>7} {'calls':>6} {'rows':>8}  statement (of {total:.1f} s ingest; "
              "server: its CPU seconds meanwhile)")
        for key, (calls, rows, seconds, server) in sorted(spent.items(), key=lambda kv: -kv[1][2])[:15]:
            print(f"{seconds:8.2f} {server:7.2f} {calls:6.0f} {rows:8.0f}  {key}")
    ratios = [r["ratio"] for r in out]
    mine_rates = [r["ingest"]["tokens_per_s"] for r in out]
    base_rates = [r["anchor"]["tokens_per_s"] for r in out]
    cpu_ratios: list[float] = [r["cpu_ratio"] for r in out if r["cpu_ratio"] is not None]
    cpu_note = (f"; CPU ratio {statistics.median(cpu_ratios):.2f} (range {min(cpu_ratios):.2f}-{max(cpu_ratios):.2f})"
                if cpu_ratios else "")
    print(f"{name:9s} median of {len(out)} rounds: ingest {statistics.median(mine_rates):,.0f} tokens/s, plain "
          f"nlp.pipe {statistics.median(base_rates):,.0f} tokens/s; ratio {statistics.median(ratios):.2f} "
          f"(range {min(ratios):.2f}-{max(ratios):.2f}){cpu_note}", flush=True)
    return {"store": name, "rounds": out, "ratio": statistics.median(ratios), "ratio_range": [min(ratios), max(ratios)],
            "cpu_ratio": statistics.median(cpu_ratios) if cpu_ratios else None}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--reports", type=int, default=300, help="reports per round (default 300)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per store, each on its own reports (default 3)")
    parser.add_argument("--warmup", type=int, default=30, help="other reports ingested first, untimed (default 30)")
    parser.add_argument("--world", type=Path, help="a world made by `custody generate` (default: generate one)")
    parser.add_argument("--no-embedded", action="store_true")
    parser.add_argument("--no-neo4j", action="store_true")
    parser.add_argument("--neo4j-uri", help="an empty Neo4j to use instead of starting the test server")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--statements", action="store_true",
                        help="print the time spent in each Cypher statement on Neo4j (timed rounds only)")
    args = parser.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # the server's notices on an empty graph
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="custody-bench-reports-") as tmp:
        world = args.world or generate(Path(tmp) / "world", args.reports * args.rounds + args.warmup)
        warmup = report_files(world, args.warmup)
        rounds = [report_files(world, args.reports, skip=args.warmup + k * args.reports) for k in range(args.rounds)]
        if not all(rounds):
            raise SystemExit(f"{world}: fewer than {args.warmup} + {args.rounds} x {args.reports} reports in "
                             f"{world / 'reports'}")
        if not args.no_embedded:
            from graph.sqlite_store import SqliteStore

            store = SqliteStore(Path(tmp) / "bench.db", load_model())
            try:
                out.append(run_store("embedded", store, rounds, warmup))
            finally:
                store.close()
        if not args.no_neo4j:
            with neo4j_store(args.neo4j_uri) as neo:
                out.append(run_store("neo4j", neo, rounds, warmup, statements=args.statements))
    if args.json:
        args.json.write_text(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
