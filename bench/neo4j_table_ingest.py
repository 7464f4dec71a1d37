"""Table ingest into Neo4j beside the raw ``UNWIND…MERGE`` anchor, without the rest of ``custody bench``.

Prints figures; it is not a test. Runs the scale bench's own two stages (``bench/scale/stages.py``)
on a generated world's table files, against one test Neo4j started here: the anchor (one node per
CSV row, ``stage_anchor_neo4j``), then our ingest (``stage_ingest``), and prints both rates and
their ratio. ``--profile`` prints the ingest's cProfile (cumulative) as well; ``--statements``
prints, for each Cypher statement the ingest ran (writes by label or type, and reads), how often,
how many rows and how long it took to the end of its result (the server's work and the round trip).

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

from bench.scale import stages  # noqa: E402
from ingest.generate import GenerateConfig, generate_world  # noqa: E402
from tests.neo4j_server import DEFAULT_JAVA_OPTS, JAVA_OPTS_ENV, Neo4jServer  # noqa: E402


def _statement_timer() -> tuple[dict[str, list[float]], Callable[[], None]]:
    """Time every ``Transaction.run`` to the end of its result, by statement; returns the table and an undo."""
    from neo4j._sync.work.transaction import TransactionBase

    spent: dict[str, list[float]] = {}
    original = TransactionBase.run

    def run(self: Any, query: Any, parameters: Any = None, **kwargs: Any) -> Any:
        started = time.perf_counter()
        result = original(self, query, parameters, **kwargs)
        result._buffer_all()  # the whole answer is here: the server's work is done
        text = " ".join(str(getattr(query, "text", query)).split())
        found = re.search(r"SET n:(\w+)|MERGE \(s\)-\[r:(\w+)|MERGE \((\w+):(\w+) \{id", text)
        name = next((g for g in found.groups() if g and len(g) > 1), "?") if found else ""
        key = (name + " " if name else "") + re.sub(r"^CYPHER [^U]*", "", text)[:70]
        rows = (parameters or {}).get("rows", kwargs.get("rows")) or ()
        entry = spent.setdefault(key, [0, 0, 0.0])
        entry[0] += 1
        entry[1] += len(rows)
        entry[2] += time.perf_counter() - started
        return result

    TransactionBase.run = run  # type: ignore[method-assign]

    def undo() -> None:
        TransactionBase.run = original  # type: ignore[method-assign]

    return spent, undo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2_000, help="items in the generated world (default 2000)")
    parser.add_argument("--world", type=Path, help="an already generated world (default: generate one)")
    parser.add_argument("--profile", action="store_true", help="print the ingest's cProfile")
    parser.add_argument("--statements", action="store_true", help="print the time spent in each Cypher statement")
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
        anchor = None if args.no_anchor else stages.stage_anchor_neo4j({"world": str(world), "store": spec})
        prof = cProfile.Profile() if args.profile else None
        spent, undo = _statement_timer() if args.statements else ({}, None)
        if prof is not None:
            prof.enable()
        ours = stages.stage_ingest({"world": str(world), "store": spec, "part": "tables"})
        if prof is not None:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        if undo is not None:
            undo()
            print(f"{'seconds':>8} {'calls':>6} {'rows':>8}  statement (of {ours['seconds']:.1f} s ingest)")
            for key, (calls, rows, seconds) in sorted(spent.items(), key=lambda kv: -kv[1][2])[:25]:
                print(f"{seconds:8.2f} {calls:6d} {rows:8d}  {key}")
    if anchor is None:
        print(f"{args.items:,} items, {ours['rows']:,} table rows: ingest {ours['rows_per_s']:,.0f} rows/s")
        return 0
    ratio = ours["rows_per_s"] / anchor["rows_per_s"]
    print(f"{args.items:,} items, {ours['rows']:,} table rows: ingest {ours['rows_per_s']:,.0f} rows/s; raw "
          f"UNWIND…MERGE anchor {anchor['rows_per_s']:,.0f} rows/s; ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
