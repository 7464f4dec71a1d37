"""First load of a generated world into Neo4j through the bulk path, beside the raw driver anchor.

Prints figures; it is not a test. For a generated world of ``--items`` items (its table files),
in one run:

* ``anchor``: the scale bench's raw ``UNWIND $rows AS row MERGE`` of the same CSV rows, one node
  per row, into the test Neo4j (``bench/scale/stages.py``, ``stage_anchor_neo4j``);
* ``bulk``: ``custody ingest`` of the tables into an embedded store (every merge rule), the
  embedded store's holding index built, the import files streamed from it
  (:func:`api.export.neo4j_import.store_import_files`, the holding index included), Neo4j's
  importer into a new database, the server started on it and the first connect of the Neo4j store
  (constraints and indexes built and online); table rows per second over all of it, and each
  step's seconds. Then the items the connect marked for indexing (0: the index came with the
  files) and the first holdings read.

Usage::

    .venv/bin/python bench/neo4j_bulk.py --items 10000
    .venv/bin/python bench/neo4j_bulk.py --items 100000 --world bench/out/scale/worlds/100k-seed1-e5-v3
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))

from api.export.neo4j_import import store_import_files  # noqa: E402
from bench.proc import cpu_with_children  # noqa: E402
from bench.scale import stages  # noqa: E402
from graph.model import load_model  # noqa: E402
from graph.neo4j_bulk import admin_command, run_import  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.sqlite_store import SqliteStore  # noqa: E402
from ingest.generate import GenerateConfig, generate_world  # noqa: E402
from ingest.runner import ingest_paths  # noqa: E402
from tests.neo4j_server import DEFAULT_JAVA_OPTS, JAVA_OPTS_ENV, Neo4jServer  # noqa: E402

LAUNCHER_CLASSPATH = REPO / "tools" / "neo4j-launcher" / "target" / "classpath.txt"


def _server(heap: str, cache_mib: int, data_dir: Path | None = None) -> Neo4jServer:
    opts = [o for o in DEFAULT_JAVA_OPTS if not o.startswith(("-Xm", "-XX:TieredStopAtLevel"))]
    os.environ[JAVA_OPTS_ENV] = " ".join([f"-Xms{heap}", f"-Xmx{heap}", f"-Dcustody.pagecache.mib={cache_mib}", *opts])
    return Neo4jServer(data_dir=data_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=10_000, help="items in the generated world (default 10000)")
    parser.add_argument("--world", type=Path, help="an already generated world (default: generate one)")
    parser.add_argument("--work", type=Path, default=REPO / "bench" / "out" / "bulk", help="worlds and stores")
    args = parser.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    world = args.world or args.work / "worlds" / f"{args.items}-seed1"
    if not (world / "manifests").is_dir():
        print(f"generating {args.items:,} items into {world} …", file=sys.stderr)
        generate_world(world, GenerateConfig(items=args.items, seed=1))
    heap, cache = ("1g", 256) if args.items <= 20_000 else ("4g", 2048) if args.items <= 200_000 else ("6g", 8192)
    out: dict[str, Any] = {"items": args.items, "world": str(world)}
    with tempfile.TemporaryDirectory(prefix="custody-bulk-", dir=args.work.parent if args.work.exists() else None
                                     ) as tmp:
        work = Path(tmp)
        server = _server(heap, cache)
        with server:
            server.start()
            os.environ[stages.PASSWORD_ENV] = server.password
            spec = {"kind": "neo4j", "uri": server.uri, "user": server.user}
            print("anchor: raw UNWIND…MERGE …", file=sys.stderr)
            out["anchor"] = stages.stage_anchor_neo4j({"world": str(world), "store": spec})
        model = load_model()
        steps: dict[str, float] = {}
        cpu: dict[str, float] = {}  # CPU seconds of this process and its children (the importer)
        print("bulk: embedded ingest …", file=sys.stderr)
        started, cpu_started = time.perf_counter(), cpu_with_children()
        store = SqliteStore(work / "w.db", model)
        summary = ingest_paths(store, [world / "manifests"])
        steps["ingest_embedded_s"] = time.perf_counter() - started
        cpu["ingest_embedded_s"] = cpu_with_children() - cpu_started
        print("bulk: the embedded store's holding index …", file=sys.stderr)
        started, cpu_started = time.perf_counter(), cpu_with_children()
        store.holdings([], [])  # builds the index rows of every item the ingest wrote
        steps["holding_index_s"] = time.perf_counter() - started
        cpu["holding_index_s"] = cpu_with_children() - cpu_started
        print("bulk: import files …", file=sys.stderr)
        started, cpu_started = time.perf_counter(), cpu_with_children()
        files = store_import_files(store, work / "csv")
        steps["write_files_s"] = time.perf_counter() - started
        cpu["write_files_s"] = cpu_with_children() - cpu_started
        holders = [n.id for n in store.iter_nodes("Actor")][:20]
        embedded_counts = {k: v for k, v in store.counts().items() if ":" not in k}
        store.close()
        print("bulk: neo4j-admin database import full …", file=sys.stderr)
        started, cpu_started = time.perf_counter(), cpu_with_children()
        out["importer"] = run_import(work / "home", files, command=admin_command(LAUNCHER_CLASSPATH))
        steps["import_s"] = time.perf_counter() - started
        cpu["import_s"] = cpu_with_children() - cpu_started
        shutil.rmtree(work / "csv")
        print("bulk: server start, first connect (constraints and indexes) …", file=sys.stderr)
        imported = _server(heap, cache, work / "home")
        try:
            started = time.perf_counter()
            imported.start()
            steps["start_s"] = time.perf_counter() - started
            started = time.perf_counter()
            neo = Neo4jStore.connect(imported.uri, model, auth=imported.auth)
            steps["schema_s"] = time.perf_counter() - started
            counts = neo.counts()
            with neo.driver.session() as session:
                marked = session.run("MATCH (c:HoldingChanged) RETURN count(c) AS n").single()["n"]
            # the first reverse-reach read: with the index imported it rebuilds nothing
            started = time.perf_counter()
            held = neo.holdings(sorted(holders), [])
            out["first_holdings_read_s"] = time.perf_counter() - started
            neo.close()
        finally:
            imported.close()
        seconds = sum(steps.values())
        rows = summary.rows
        out["bulk"] = {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds, **steps,
                       "cpu_s": cpu,
                       "import_rows": files.counts, "items_marked_on_connect": marked,
                       "holding_rows_of_20_actors": len(held),
                       "store_counts": {k: v for k, v in counts.items() if ":" not in k},
                       "embedded_counts": embedded_counts}
    anchor = out["anchor"]["rows_per_s"]
    out["ratio"] = out["bulk"]["rows_per_s"] / anchor
    print(json.dumps(out, indent=1, default=str))
    print(f"\n{args.items:,} items, {rows:,} table rows: bulk path {out['bulk']['rows_per_s']:,.0f} rows/s "
          f"({seconds:.0f} s: " + ", ".join(f"{k} {v:.0f}" for k, v in steps.items())
          + "; CPU s: " + ", ".join(f"{k} {v:.0f}" for k, v in cpu.items()) + f"); raw UNWIND…MERGE "
          f"anchor {anchor:,.0f} rows/s; ratio {out['ratio']:.2f}")
    same = out["bulk"]["store_counts"] == out["bulk"]["embedded_counts"]
    print(f"Neo4j counts equal the embedded store's: {same}; items marked on connect "
          f"{out['bulk']['items_marked_on_connect']}; first holdings read {out['first_holdings_read_s']:.2f} s")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
