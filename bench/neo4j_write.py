"""Write throughput of the Neo4j store against the raw driver, on fictional custody data.

Prints figures; it is not a test. It writes ``--events`` custody events (default 100k)
with their items, the units and depots they name, and one evidence record per fact,
as one batch per fictional "inventory log" document, twice:

* ``store``: through :meth:`graph.neo4j_store.Neo4jStore.write` (validation, key
  normalisation, the merge rules, one transaction per batch);
* ``raw``: the same rows turned into the same nodes, relationships and properties by
  plain ``UNWIND $rows AS row MERGE ...`` statements in one ``execute_write`` per
  batch, with none of the store's rules (no existing-wins merge, no placeholders
  check, no late evidence links).

Each is run in a subprocess, with the ``neo4j-rust-ext`` packstream extension and
without it (an import hook makes ``neo4j._rust`` unimportable in that subprocess, so
the driver falls back to pure Python; nothing is uninstalled). ``--keys`` also times
a key lookup through ``(:Key {key})`` nodes against a ``keys`` list property, the two
designs the store chose between.

Usage::

    .venv/bin/python bench/neo4j_write.py                 # starts the test Neo4j itself
    .venv/bin/python bench/neo4j_write.py --events 20000 --keys
    .venv/bin/python bench/neo4j_write.py --uri neo4j://neo4j:secret@localhost:7687

``--uri`` writes into that database after deleting everything in it: never point it at
a database you want to keep.
"""

from __future__ import annotations

import argparse
import importlib.abc
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, LiteralString, cast

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))


class _BlockRust(importlib.abc.MetaPathFinder):
    """Makes ``neo4j._rust`` unimportable, so the driver uses its pure-Python packstream."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> None:
        if name == "neo4j._rust" or name.startswith("neo4j._rust."):
            raise ImportError(f"{name} blocked by bench/neo4j_write.py --no-rust")
        return None


if "--no-rust" in sys.argv:  # before anything imports neo4j
    sys.meta_path.insert(0, _BlockRust())

import neo4j  # noqa: E402

from graph.builder import FactBuilder  # noqa: E402
from graph.model import Model, load_model  # noqa: E402
from graph.records import Batch, node_keys  # noqa: E402

EVENT_CYCLE = ("DELIVERY", "HANDOVER", "STORAGE", "INVENTORY")  # one item's four events


# -- data -------------------------------------------------------------------------------
def make_batches(model: Model, events: int, per_batch: int) -> list[Batch]:
    """Fictional inventory logs: each item gets four events, its units and depots."""
    units = [f"Reserve Unit R-{i:03d}" for i in range(60)]
    depots = [f"Depot D-{i:02d}" for i in range(30)]
    systems = ["FGM-148 Javelin", "NLAW", "M4 carbine", "FIM-92 Stinger", "Carl Gustaf M4"]
    batches: list[Batch] = []
    n_items = events // len(EVENT_CYCLE)
    items_per_batch = max(1, per_batch // len(EVENT_CYCLE))
    for start in range(0, n_items, items_per_batch):
        b = FactBuilder(model, title=f"inventory-{start:07d}.csv", text=f"fictional inventory log {start}",
                        kind="EventLog", extractor="bench", version="1", ingested_at="2026-01-01T00:00:00+00:00")
        unit_ids = [b.actor(u, "MilitaryUnit", aliases=(u.replace("Reserve Unit ", ""),)) for u in units]
        depot_ids = [b.location(d, "Depot") for d in depots]
        system_ids = [b.weapon_system(s, "Other") for s in systems]
        for i, u in enumerate(unit_ids[1:], 1):
            b.relation("SUBORDINATE_TO", u, unit_ids[(i - 1) // 4], "2022-01", None)
        for i in range(start, min(start + items_per_batch, n_items)):
            item = b.item(serial=f"BX-{i:07d}", system=system_ids[i % len(system_ids)])
            unit, other = unit_ids[i % len(unit_ids)], unit_ids[(i * 7 + 3) % len(unit_ids)]
            depot = depot_ids[i % len(depot_ids)]
            day = f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}"
            b.event("DELIVERY", item, day, from_actor=other, to_actor=unit, location=depot, confidence=0.9)
            b.event("HANDOVER", item, day, from_actor=unit, to_actor=other, quantity=1)
            b.event("STORAGE", item, day, to_actor=other, location=depot)
            b.event("INVENTORY", item, day, to_actor=other, location=depot, confidence=0.8)
        batches.append(b.batch)
    return batches


# -- the raw driver, no store layer ---------------------------------------------------------
RAW_NODES = """
UNWIND $rows AS row
MERGE (n:Node {id: row.id})
SET n += row.props, n:%s
FOREACH (key IN row.keys |
  MERGE (k:Key {key: key.key})
  MERGE (n)-[r:KEYED {kind: key.kind}]->(k) ON CREATE SET r.value = key.value)
"""
RAW_RELATIONS = """
UNWIND $rows AS row
MERGE (s:Node {id: row.source})
MERGE (t:Node {id: row.target})
MERGE (s)-[r:%s {id: row.id}]->(t)
SET r += row.props
"""
RAW_EVENTS = """
UNWIND $rows AS row
MERGE (e:Event {id: row.id})
SET e += row.props
MERGE (s:Node {id: row.props.subject})
MERGE (e)-[:SUBJECT]->(s)
FOREACH (x IN CASE WHEN row.props.from_actor IS NULL THEN [] ELSE [row.props.from_actor] END |
  MERGE (a:Node {id: x}) MERGE (e)-[:FROM]->(a))
FOREACH (x IN CASE WHEN row.props.to_actor IS NULL THEN [] ELSE [row.props.to_actor] END |
  MERGE (a:Node {id: x}) MERGE (e)-[:TO]->(a))
FOREACH (x IN CASE WHEN row.props.location IS NULL THEN [] ELSE [row.props.location] END |
  MERGE (a:Node {id: x}) MERGE (e)-[:AT]->(a))
"""
RAW_EVIDENCE = """
UNWIND $rows AS row
MERGE (v:Evidence {id: row.id})
ON CREATE SET v += row.props
MERGE (d:Node {id: row.props.document_id})
MERGE (v)-[:CITES]->(d)
WITH v, row
OPTIONAL MATCH (n:Node {id: row.props.fact_id})
OPTIONAL MATCH (e:Event {id: row.props.fact_id})
FOREACH (f IN CASE WHEN n IS NOT NULL THEN [n] WHEN e IS NOT NULL THEN [e] ELSE [] END |
  MERGE (v)-[:SUPPORTS]->(f))
"""


def raw_plan(batch: Batch) -> list[tuple[str, list[dict[str, Any]]]]:
    """The rows a hand-written loader would send: same properties, no store rules."""
    plan: list[tuple[str, list[dict[str, Any]]]] = []
    by_label: dict[str, list[dict[str, Any]]] = {}
    for n in batch.nodes:
        props = {**n.props, "id": n.id, "label": n.label, "kind": n.kind, "name": n.name}
        if n.aliases:
            props["aliases"] = list(n.aliases)
        keys = [{"key": k, "kind": kind, "value": v} for k, kind, v in node_keys(n)]
        by_label.setdefault(n.label, []).append({"id": n.id, "props": props, "keys": keys})
    for label, rows in sorted(by_label.items()):
        plan.append((RAW_NODES % label, rows))
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in batch.relations:
        props = {**r.props, "id": r.id}
        if r.valid_from:
            props.update(valid_from=str(r.valid_from), from_day=r.valid_from.start)
        if r.valid_to:
            props.update(valid_to=str(r.valid_to), to_day=r.valid_to.end)
        by_type.setdefault(r.type, []).append({"id": r.id, "source": r.source, "target": r.target, "props": props})
    for type_, rows in sorted(by_type.items()):
        plan.append((RAW_RELATIONS % type_, rows))
    events = []
    for e in batch.events:
        props = {**e.props, "id": e.id, "type": e.type, "subject": e.subject, "confidence": e.confidence,
                 "date": str(e.date) if e.date else None, "day": e.date.start if e.date else None,
                 "from_actor": e.from_actor, "to_actor": e.to_actor, "location": e.location,
                 "quantity": float(e.quantity) if e.quantity is not None else None}
        events.append({"id": e.id, "props": {k: v for k, v in props.items() if v is not None}})
    plan.append((RAW_EVENTS, events))
    evidence = []
    for v in batch.evidence:
        props = {"id": v.id, "fact_id": v.fact_id, "document_id": v.document_id, "locator": v.locator,
                 "quote": v.quote, "extractor": v.extractor, "extractor_version": v.extractor_version,
                 "confidence": v.confidence, "ingested_at": v.ingested_at, "start": v.start, "end": v.end}
        evidence.append({"id": v.id, "props": {k: x for k, x in props.items() if x is not None}})
    plan.append((RAW_EVIDENCE, evidence))
    return plan


# -- one measured run (in a subprocess) ------------------------------------------------------
def clear(driver: neo4j.Driver) -> None:
    """Delete all data, keep the schema (so plans stay cached between phases)."""
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def graph_size(driver: neo4j.Driver) -> tuple[int, int]:
    records, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } "
        "RETURN nodes, rels")
    return records[0]["nodes"], records[0]["rels"]


def worker(args: argparse.Namespace) -> dict[str, Any]:
    """Write everything one way; return the timing as a dict (printed as JSON)."""
    from neo4j._codec.packstream import v1 as packstream

    from graph.neo4j_store import Neo4jStore

    model = load_model()
    store = Neo4jStore.connect(args.uri, model)  # also creates the schema both modes use
    driver = store.driver
    batches = make_batches(model, args.events, args.batch)
    warmup = make_batches(model, min(args.events, 2 * args.batch), args.batch)[:1]

    def write_raw(batch: Batch) -> None:
        plan = raw_plan(batch)

        def work(tx: neo4j.ManagedTransaction) -> None:
            for query, rows in plan:
                # Labels and types pasted by raw_plan come from this script's own data.
                tx.run(cast(LiteralString, query), rows=rows).consume()

        with driver.session() as session:
            session.execute_write(work)

    write = store.write if args.worker == "store" else write_raw
    clear(driver)
    for b in warmup:  # plans compiled and cached, JIT warm, outside the timing
        write(b)
    clear(driver)
    records = sum(len(b) for b in batches)
    started, cpu_started = time.perf_counter(), time.process_time()
    for b in batches:
        write(b)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    nodes, rels = graph_size(driver)
    store.close()
    return {"mode": args.worker, "rust": packstream._rust_pack is not None, "batches": len(batches),
            "records": records, "events": sum(len(b.events) for b in batches), "seconds": elapsed, "client_cpu_s": cpu,
            "records_per_s": records / elapsed, "nodes": nodes, "relationships": rels}


def keys_bench(uri: str, lookups: int = 300) -> dict[str, float]:
    """Lookup latency: ``(:Key {key})`` seek vs ``$k IN n.keys`` on an indexed list property."""
    from graph.neo4j_store import Neo4jStore

    store = Neo4jStore.connect(uri, load_model())
    driver = store.driver
    driver.execute_query("MATCH (n:Node)-[:KEYED]->(k:Key) WITH n, collect(k.key) AS ks SET n.keys = ks")
    driver.execute_query("CREATE INDEX node_keys_list IF NOT EXISTS FOR (n:Node) ON (n.keys)")
    driver.execute_query("CALL db.awaitIndexes(300)")
    keys = [r["k"] for r in driver.execute_query(
        "MATCH (k:Key) RETURN k.key AS k ORDER BY k.key LIMIT $n", {"n": lookups}).records]
    out: dict[str, float] = {}
    for name, query in (
        ("key_node_ms", "MATCH (:Key {key: $k})<-[:KEYED]-(n:Node) RETURN n.id AS id"),
        ("list_property_ms", "MATCH (n:Node) WHERE $k IN n.keys RETURN n.id AS id"),
    ):
        for k in keys[:20]:  # warm the plan and the page cache
            driver.execute_query(query, {"k": k})
        started = time.perf_counter()
        for k in keys:
            driver.execute_query(query, {"k": k}, routing_=neo4j.RoutingControl.READ)
        out[name] = (time.perf_counter() - started) / len(keys) * 1000
    out["nodes"] = driver.execute_query("MATCH (n:Node) RETURN count(n) AS n").records[0]["n"]
    driver.execute_query("DROP INDEX node_keys_list IF EXISTS")
    with driver.session() as session:  # CALL ... IN TRANSACTIONS needs an auto-commit transaction
        session.run("MATCH (n:Node) CALL (n) { REMOVE n.keys } IN TRANSACTIONS OF 10000 ROWS").consume()
    store.close()
    return out


# -- the driver script -----------------------------------------------------------------------
def run_worker(uri: str, mode: str, args: argparse.Namespace, rust: bool, events: int | None = None) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--worker", mode, "--uri", uri, "--events", str(events or args.events),
           "--batch", str(args.batch), *([] if rust else ["--no-rust"])]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"worker {mode} (rust={rust}) failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000, help="custody events to write (default 100000)")
    parser.add_argument("--batch", type=int, default=4_000,
                        help="events per batch (default 4000: with items, actors and evidence, ~10k records)")
    parser.add_argument("--repeat", type=int, default=2, help="rounds of raw/store runs, interleaved (default 2)")
    parser.add_argument("--uri", help="an existing Neo4j (user:password@ in the URI); EVERYTHING IN IT IS DELETED")
    parser.add_argument("--keys", action="store_true", help="also time key lookups: :Key nodes vs a list property")
    parser.add_argument("--no-rust-runs", action="store_true", help="skip the runs without neo4j-rust-ext")
    parser.add_argument("--worker", choices=["store", "raw"], help=argparse.SUPPRESS)
    parser.add_argument("--no-rust", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    logging.getLogger("neo4j").setLevel(logging.ERROR)  # server notifications are not figures
    if args.worker:
        print(json.dumps(worker(args)))
        return 0

    server = None
    uri = args.uri
    if uri is None:
        from tests.neo4j_server import Neo4jServer

        # The tests' JVM options favour a quick start (C1 only, a small heap); a benchmark
        # wants the optimising compiler and room for one batch's transaction state.
        os.environ.setdefault("CUSTODY_NEO4J_JAVA_OPTS", "-Xms1g -Xmx2g -XX:+UseParallelGC "
                              "--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED "
                              "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true")
        server = Neo4jServer()
        print("starting the test Neo4j ...", flush=True)
        server.start()
        uri = f"neo4j://{server.user}:{server.password}@127.0.0.1:{server.port}"
    try:
        # The server's JIT compiles its write paths during the first minute of load:
        # warm it with both modes before anything is measured.
        warm = min(args.events, 40_000)
        print(f"warming the server up ({warm} events per mode, not measured) ...", flush=True)
        for mode in ("raw", "store"):
            run_worker(uri, mode, args, True, events=warm)
        results: list[dict[str, Any]] = []
        settings = (True, False) if not args.no_rust_runs else (True,)
        for round_ in range(args.repeat):
            for rust in settings:
                for mode in ("raw", "store") if round_ % 2 == 0 else ("store", "raw"):
                    r = run_worker(uri, mode, args, rust)
                    results.append(r)
                    print(f"round {round_ + 1}  {mode:5s} rust={'yes' if r['rust'] else 'no ':3s}  "
                          f"{r['batches']:3d} batches  {r['records']:8d} records ({r['events']} events)  "
                          f"{r['seconds']:6.1f} s  {r['records_per_s']:6.0f} records/s  "
                          f"client CPU {r['client_cpu_s']:5.1f} s  "
                          f"graph: {r['nodes']} nodes, {r['relationships']} rels", flush=True)
        best: dict[tuple[str, bool], float] = {}
        cpu: dict[tuple[str, bool], float] = {}
        for r in results:
            key = (r["mode"], r["rust"])
            best[key] = max(best.get(key, 0.0), r["records_per_s"])
            cpu[key] = min(cpu.get(key, float("inf")), r["client_cpu_s"])
        print("\nbest of each (wall clock records/s; least client CPU):")
        for (mode, rust), rate in sorted(best.items()):
            print(f"  {mode:5s} rust={'yes' if rust else 'no '}  {rate:8.0f} records/s  "
                  f"({rate * results[0]['events'] / results[0]['records']:.0f} events/s)  "
                  f"client CPU {cpu[(mode, rust)]:.1f} s")
        for rust in settings:
            if ("store", rust) in best:
                ratio = best[("store", rust)] / best[("raw", rust)]
                print(f"store / raw (rust={'yes' if rust else 'no'}): {ratio:.2f}")
        for mode in ("raw", "store"):
            if (mode, False) in best:
                print(f"{mode}: with neo4j-rust-ext / without: {best[(mode, True)] / best[(mode, False)]:.2f}x "
                      f"throughput, {cpu[(mode, False)] / cpu[(mode, True)]:.2f}x less client CPU")
        if args.keys:
            k = keys_bench(uri)
            print(f"\nkey lookup over {k['nodes']:.0f} nodes: (:Key) node {k['key_node_ms']:.2f} ms, "
                  f"indexed list property {k['list_property_ms']:.2f} ms "
                  f"({k['list_property_ms'] / k['key_node_ms']:.0f}x slower)")
    finally:
        if server is not None:
            server.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
