"""Table ingest into Neo4j beside the raw ``UNWIND…MERGE`` anchor, without the rest of ``custody bench``.

Prints figures; it is not a test. Runs the scale bench's own two stages (``bench/scale/stages.py``)
on a generated world's table files, against one test Neo4j started here: the anchor (one node per
CSV row, ``stage_anchor_neo4j``), then our ingest (``stage_ingest``), and prints both rates and
their ratio. ``--profile`` prints the ingest's cProfile (cumulative) as well.

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
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from bench.scale import stages  # noqa: E402
from ingest.generate import GenerateConfig, generate_world  # noqa: E402
from tests.neo4j_server import DEFAULT_JAVA_OPTS, JAVA_OPTS_ENV, Neo4jServer  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=2_000, help="items in the generated world (default 2000)")
    parser.add_argument("--world", type=Path, help="an already generated world (default: generate one)")
    parser.add_argument("--profile", action="store_true", help="print the ingest's cProfile")
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
        anchor = stages.stage_anchor_neo4j({"world": str(world), "store": spec})
        prof = cProfile.Profile() if args.profile else None
        if prof is not None:
            prof.enable()
        ours = stages.stage_ingest({"world": str(world), "store": spec, "part": "tables"})
        if prof is not None:
            prof.disable()
            pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    ratio = ours["rows_per_s"] / anchor["rows_per_s"]
    print(f"{args.items:,} items, {ours['rows']:,} table rows: ingest {ours['rows_per_s']:,.0f} rows/s; raw "
          f"UNWIND…MERGE anchor {anchor['rows_per_s']:,.0f} rows/s; ratio {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
