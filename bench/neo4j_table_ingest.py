"""Table ingest into Neo4j beside the raw ``UNWIND…MERGE`` anchor, without the rest of ``custody bench``.

Prints figures; it is not a test. Runs the scale bench's own two stages (``bench/scale/stages.py``)
on a generated world's table files, against one test Neo4j started here: the anchor (one node per
CSV row, ``stage_anchor_neo4j``), then our ingest (``stage_ingest``), and prints both rates and
their ratio, with the CPU seconds each took in this process (the client) and in the server's JVM
(from ``/proc/<pid>/stat``). ``--rounds N`` runs anchor and ingest N times, alternating (the
database emptied between rounds), so both see the same load; the first round's anchor runs on
a cold server (its JIT not warmed: at 2k items it took 0.81 ms of server CPU per row cold, 0.19
warm), so compare later rounds. ``--profile`` prints the ingest's cProfile (cumulative) as
well; ``--statements`` prints, for each Cypher statement the ingest ran (writes by label or type,
and reads) and for the commits, how often, how many rows, how long it took to the end of its
result (the server's work and the round trip) and the server's CPU meanwhile.

Usage::

    .venv/bin/python bench/neo4j_table_ingest.py --items 2000
    .venv/bin/python bench/neo4j_table_ingest.py --items 10000 --profile
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import pstats
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from bench.proc import process_cpu_seconds  # noqa: E402
from bench.scale import stages  # noqa: E402
from ingest.generate import GenerateConfig, generate_world  # noqa: E402
from tests.neo4j_server import DEFAULT_JAVA_OPTS, JAVA_OPTS_ENV, Neo4jServer  # noqa: E402


def _statement_timer(pid: int | None) -> tuple[dict[str, list[float]], Callable[[], None]]:
    """Time every ``Transaction.run`` to the end of its result, by statement, and every commit (where
    the server writes the transaction's records and index entries), with the CPU the server ``pid``
    spent meanwhile (its background work too); returns the table and an undo."""
    from neo4j._sync.work.transaction import TransactionBase

    spent: dict[str, list[float]] = {}
    original, original_commit = TransactionBase.run, TransactionBase._commit

    def commit(self: Any) -> Any:
        started, server = time.perf_counter(), _server_cpu(pid)
        try:
            return original_commit(self)
        finally:
            entry = spent.setdefault("(commits)", [0, 0, 0.0, 0.0])
            entry[0] += 1
            entry[2] += time.perf_counter() - started
            entry[3] += _server_cpu(pid) - server

    def run(self: Any, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
        started, server = time.perf_counter(), _server_cpu(pid)
        result = original(self, query, parameters, **kwargs)
        result._buffer_all()  # the whole answer is here: the server's work is done
        text = " ".join(str(getattr(query, "text", query)).split())
        found = re.search(r"SET n:(\w+)|MERGE \(s\)-\[r:(\w+)|MERGE \((\w+):(\w+) \{id", text)
        name = next((g for g in found.groups() if g and len(g) > 1), "?") if found else ""
        key = (name + " " if name else "") + re.sub(r"^CYPHER [^U]*", "", text)[:70]
        rows = (parameters or {}).get("rows", kwargs.get("rows")) or ()
        entry = spent.setdefault(key, [0, 0, 0.0, 0.0])
        entry[0] += 1
        entry[1] += len(rows)
        entry[2] += time.perf_counter() - started
        entry[3] += _server_cpu(pid) - server
        return result

    TransactionBase.run, TransactionBase._commit = run, commit  # type: ignore[method-assign]

    def undo() -> None:
        TransactionBase.run, TransactionBase._commit = original, original_commit  # type: ignore[method-assign]

    return spent, undo


def _server_cpu(pid: int | None) -> float:
    """CPU seconds (user + system) the process ``pid`` has used so far; 0 off Linux."""
    return process_cpu_seconds(pid) or 0.0


def _cpu_run(server: Any, stage: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``stage()``'s figures with ``client_cpu_s`` and ``server_cpu_s`` (CPU seconds it took)."""
    client, jvm = time.process_time(), _server_cpu(server.pid)
    out = stage()
    out["client_cpu_s"], out["server_cpu_s"] = time.process_time() - client, _server_cpu(server.pid) - jvm
    return out


def _line(what: str, r: dict[str, Any]) -> str:
    return (f"{what}: {r['rows_per_s']:,.0f} rows/s, {r['seconds']:.1f} s wall, CPU client "
            f"{r['client_cpu_s']:.1f} s, server {r['server_cpu_s']:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2_000, help="items in the generated world (default 2000)")
    parser.add_argument("--world", type=Path, help="an already generated world (default: generate one)")
    parser.add_argument("--profile", action="store_true", help="print the ingest's cProfile")
    parser.add_argument("--statements", action="store_true", help="print the time spent in each Cypher statement")
    parser.add_argument("--rounds", type=int, default=1, help="anchor and ingest, alternating, this many times")
    parser.add_argument("--no-anchor", action="store_true", help="skip the anchor (with --profile or --statements)")
    args = parser.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    world = args.world or REPO / "bench" / "out" / "bulk" / "worlds" / f"{args.items}-seed1"
    if not (world / "manifests").is_dir():
        generate_world(world, GenerateConfig(items=args.items, seed=1))
    opts = [o for o in DEFAULT_JAVA_OPTS if not o.startswith(("-Xm", "-XX:TieredStopAtLevel"))]
    os.environ[JAVA_OPTS_ENV] = " ".join(["-Xms1g", "-Xmx1g", "-Dcustody.pagecache.mib=256", *opts])
    with Neo4jServer() as server:
        server.start()
        os.environ[stages.PASSWORD_ENV] = server.password
        spec = {"kind": "neo4j", "uri": server.uri, "user": server.user}
        ratios = []
        for n in range(args.rounds):
            if n:
                server.clear()
            anchor = None if args.no_anchor else _cpu_run(
                server, lambda: stages.stage_anchor_neo4j({"world": str(world), "store": spec}))
            prof = cProfile.Profile() if args.profile else None
            spent, undo = _statement_timer(server.pid) if args.statements else ({}, None)
            if prof is not None:
                prof.enable()
            ours = _cpu_run(server, lambda: stages.stage_ingest({"world": str(world), "store": spec}))
            if prof is not None:
                prof.disable()
                pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
            if undo is not None:
                undo()
                print(f"{'seconds':>8} {'server':>7} {'calls':>6} {'rows':>8}  statement "
                      f"(of {ours['seconds']:.1f} s ingest; server: its CPU seconds meanwhile)")
                for key, (calls, rows, seconds, cpu) in sorted(spent.items(), key=lambda kv: -kv[1][2])[:25]:
                    print(f"{seconds:8.2f} {cpu:7.2f} {calls:6d} {rows:8d}  {key}")
            print(f"round {n + 1}, {args.items:,} items, {ours['rows']:,} table rows "
                  f"(holding index {ours['holdings_seconds']:.1f} s of it)")
            print("  " + _line("ingest", ours))
            if anchor is not None:
                ratios.append(ours["rows_per_s"] / anchor["rows_per_s"])
                print("  " + _line("raw UNWIND…MERGE anchor", anchor))
                print(f"  ratio {ratios[-1]:.2f}; server CPU per row: ingest "
                      f"{1000 * ours['server_cpu_s'] / ours['rows']:.2f} ms, anchor "
                      f"{1000 * anchor['server_cpu_s'] / anchor['rows']:.2f} ms", flush=True)
    if ratios:
        print(f"ratio over {len(ratios)} round(s): {', '.join(f'{r:.2f}' for r in ratios)}")
    return 0

if __name__ == "__main__":
    raise SystemExit(main())
