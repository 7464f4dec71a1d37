"""Reverse reach (reachable items) beside its anchor, the two timed alternately per actor.

``custody bench`` times each question over its whole sample, then its anchor in another
stage: on a machine shared with other jobs the load can change between the two. Here each
actor's ``reachable_items`` (3 hops) and the anchor run one right after the other, in rounds,
so both see the same load:

* embedded store: ``networkx.ego_graph`` radius 3 on the reversed graph of the same world
  (the bench's anchor, :func:`bench.scale.stages.stage_anchor_nx`);
* Neo4j: ``MATCH (a:Node {id: $id})-[*..3]-(x) RETURN DISTINCT x`` (the bench's anchor).

Usage::

    python bench/reachable_interleaved.py --store STORE --world WORLD [--actors 20] [--rounds 3]

``STORE`` is an embedded store file or a ``neo4j://`` URI of a store holding ``WORLD`` (the
folder ``custody generate`` wrote and ``custody bench`` ingested). Prints p50 of each, and
their ratio, per round and over all rounds (for the embedded store also the p50 of this
process's CPU time, which the machine's load changes less).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale.stages import _nx_graph
from bench.scale.worlds import sample
from graph.store import open_store
from queries.reach import reachable_items

AS_OF = date(2025, 1, 1)


def _anchor(store_uri: str, world: Path) -> Callable[[str], int]:
    if store_uri.startswith(("neo4j://", "bolt://")):
        from graph.neo4j_store import Neo4jStore

        store = open_store(store_uri)
        assert isinstance(store, Neo4jStore)
        driver = store.driver

        def cypher(actor: str) -> int:
            records, _, _ = driver.execute_query("MATCH (a:Node {id: $id})-[*..3]-(x) RETURN DISTINCT x", id=actor)
            return len(records)

        return cypher
    import networkx as nx

    rev = _nx_graph(world).reverse(copy=False)
    return lambda actor: len(nx.ego_graph(rev, actor, radius=3)) if actor in rev else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--world", required=True, type=Path)
    parser.add_argument("--actors", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    _, actors = sample(args.world, 200, args.actors, args.seed)  # the actors `custody bench` times (its 200 items)
    store = open_store(args.store)
    anchor = _anchor(args.store, args.world)
    reachable_items(store, actors[0], max_hops=3, as_of=AS_OF)  # brings the holding index up to date
    anchor(actors[0])
    def ours_of(actor: str) -> int:
        return len(reachable_items(store, actor, max_hops=3, as_of=AS_OF)[1])

    in_process = not args.store.startswith(("neo4j://", "bolt://"))
    ours_all: list[float] = []
    anchor_all: list[float] = []
    cpu_all: tuple[list[float], list[float]] = ([], [])
    for r in range(args.rounds):
        ours: list[float] = []
        base: list[float] = []
        for actor in actors:
            for run, into, cpu_into in ((ours_of, ours, cpu_all[0]), (anchor, base, cpu_all[1])):
                started, started_cpu = time.perf_counter(), time.process_time()
                run(actor)
                into.append((time.perf_counter() - started) * 1000)
                cpu_into.append((time.process_time() - started_cpu) * 1000)
        a, b = statistics.median(ours), statistics.median(base)
        print(f"round {r + 1}: reachable items p50 {a:.1f} ms, anchor p50 {b:.1f} ms, ratio {a / b:.2f}")
        ours_all += ours
        anchor_all += base
    a, b = statistics.median(ours_all), statistics.median(anchor_all)
    print(f"all rounds ({len(actors)} actors x {args.rounds}): reachable items p50 {a:.1f} ms, anchor p50 {b:.1f} ms, "
          f"ratio {a / b:.2f}")
    if in_process:  # the anchor's CPU is this process's only for networkx, not for a Neo4j server
        a, b = statistics.median(cpu_all[0]), statistics.median(cpu_all[1])
        print(f"CPU of this process, p50: reachable items {a:.1f} ms, anchor {b:.1f} ms, ratio {a / b:.2f}")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
