"""Chain, reach and reachable items on Neo4j beside plain variable-length Cypher, timed alternately.

``custody bench`` times each question over its whole sample and its anchor in another stage,
then (its ``alternating`` stage) each sampled node's question and its anchor one right after the
other, so both see the same load. This runs the same alternation
(:func:`bench.scale.stages.alternate`) on a store of your choice, in rounds, and can ask one
question alone. The anchors (:data:`bench.scale.stages.CYPHER_ANCHORS`, one session,
auto-commit):

* custody chain of an item: ``MATCH (i:Node {id: $id})-[*..2]-(a) RETURN DISTINCT a``;
* who could reach an item, 3 hops: the same with ``*..3``;
* reachable items of a person, 3 hops: the same from the person with ``*..3``.

Usage::

    python bench/neo4j_questions.py --store neo4j://USER:PASSWORD@HOST:PORT --world WORLD \
        [--items 100] [--actors 20] [--rounds 2] [--question chain --question reach ...]

``WORLD`` is the folder ``custody generate`` wrote (``custody bench`` keeps them under
``bench/out/scale/worlds``), ingested into the store. Prints p50 and p95 of ours and of the
anchor, and their ratio, per question over all rounds.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale.stages import alternate, percentiles
from bench.scale.worlds import sample
from graph.neo4j_store import Neo4jStore
from graph.store import open_store

AS_OF = date(2025, 1, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--world", required=True, type=Path)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--actors", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--question", action="append", choices=["chain", "reach", "reachable"])
    args = parser.parse_args()
    # the server's notifications are not figures (as in bench.scale.stages)
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    items, actors = sample(args.world, args.items, args.actors, args.seed)
    store = open_store(args.store)
    if not isinstance(store, Neo4jStore):
        parser.error("--store must be a Neo4j URI")
    names = args.question or ["chain", "reach", "reachable"]
    timed = alternate(store, AS_OF, {n: actors if n == "reachable" else items for n in names}, rounds=args.rounds)
    for name, (mine, base) in timed.items():
        a, b = percentiles(mine), percentiles(base)
        print(f"{name:9s} n={len(mine)}: ours p50 {a['p50_ms']:.1f} ms p95 {a['p95_ms']:.1f} ms; "
              f"anchor p50 {b['p50_ms']:.1f} ms p95 {b['p95_ms']:.1f} ms; "
              f"ratio p50 {a['p50_ms'] / b['p50_ms']:.2f} p95 {a['p95_ms'] / b['p95_ms']:.2f} "
              f"(mean ratio {statistics.mean(mine) / statistics.mean(base):.2f})", flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
