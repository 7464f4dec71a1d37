"""One measured stage of ``custody bench``, run in its own process.

Each stage runs in a fresh interpreter (``python -m bench.scale.stages STAGE ARGS_FILE``) so its
peak memory (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) is its own, and prints one JSON
object as its last line of output. Stages:

``ingest``         our ingest of a world's tables into a store (rows/s)
``anchor_sqlite``  the same table rows read with :mod:`csv` and ``executemany``-inserted into plain
                   SQLite tables: the embedded ingest's floor
``anchor_neo4j``   the same rows as one node each with ``UNWIND $rows AS row MERGE``: Neo4j's floor
``reports``        our ingest of the world's reports into a store, and plain ``nlp.pipe`` of the
                   statistical model over the same texts in the same process, both warm (tokens/s)
``queries``        custody chain, who-could-reach (3 hops) and reachable items over a sample; the
                   alerts once over the whole graph, scored against the ground truth
``anchor_nx``      ``networkx.ego_graph`` on a graph of the same data, for the same sample
``anchor_cypher``  plain variable-length Cypher from the same sample's nodes
``alternating``    on Neo4j, each sampled node's question and its Cypher anchor one right after the
                   other, so both see the same load and the same warm server
``bulk_import``    the bulk path's files streamed from an embedded store and Neo4j's importer into a
                   new database under a server home (the server stopped)
``neo4j_connect``  the first connect of the Neo4j store to a server started on that home
                   (constraints and indexes built and online), its counts and the items it marked

A store is named by a spec: ``{"kind": "sqlite", "path": ...}`` or ``{"kind": "neo4j", "uri": ...,
"user": ...}`` with the password in ``$CUSTODY_BENCH_NEO4J_PASSWORD`` (never on a command line).
"""

from __future__ import annotations

import csv
import json
import logging
import math
import os
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, Final, LiteralString

PASSWORD_ENV: Final = "CUSTODY_BENCH_NEO4J_PASSWORD"
ANCHOR_LABEL: Final = "BenchAnchorRow"


def peak_rss_mib() -> float:
    """This process's peak resident memory so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples_ms: list[float]) -> dict[str, Any]:
    """Nearest-rank p50/p95/p99 of latencies in milliseconds."""
    if not samples_ms:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(samples_ms)

    def rank(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]

    return {"n": len(ordered), "p50_ms": rank(50), "p95_ms": rank(95), "p99_ms": rank(99), "max_ms": ordered[-1],
            "mean_ms": sum(ordered) / len(ordered)}


def _time_each(values: list[str], fn: Callable[[str], int]) -> tuple[dict[str, Any], list[int]]:
    """Percentiles of the wall milliseconds of ``fn(v)`` for each value, with the median of this
    process's CPU milliseconds (``cpu_p50_ms``), and what each call returned (a result size).

    Wall time counts waiting for a core, so two stages run minutes apart on a shared machine
    compare their loads as much as their work; CPU time of an in-process question does not.
    """
    times, cpu, sizes = [], [], []
    for v in values:
        started, started_cpu = time.perf_counter(), time.process_time()
        sizes.append(fn(v))
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {**percentiles(times), "cpu_p50_ms": statistics.median(cpu) if cpu else None}, sizes


def _open_store(spec: dict[str, Any]) -> Any:
    from graph.model import load_model

    model = load_model()
    if spec["kind"] == "sqlite":
        from graph.sqlite_store import SqliteStore

        return SqliteStore(spec["path"], model)
    from graph.neo4j_store import Neo4jStore

    return Neo4jStore.connect(spec["uri"], model, auth=(spec["user"], os.environ.get(PASSWORD_ENV, "")))


def _table_files(world: Path) -> list[Path]:
    return sorted((world / "manifests").glob("*.csv"))


def _report_files(world: Path) -> list[Path]:
    return sorted((world / "reports").glob("*.txt"))


# -- ingest --------------------------------------------------------------------------------


def stage_ingest(args: dict[str, Any]) -> dict[str, Any]:
    """Our ingest of the world's tables."""
    from ingest.runner import ingest_paths

    world = Path(args["world"])
    store = _open_store(args["store"])
    try:
        last = [time.perf_counter()]

        def progress(p: Any) -> None:
            if time.perf_counter() - last[0] > 30 or (p.finished and p.file_number == p.files_total):
                last[0] = time.perf_counter()
                print(f"    … {p.rows:,} rows, {p.rows_per_s:,.0f} rows/s ({p.file_number}/{p.files_total} files)",
                      file=sys.stderr, flush=True)

        started = time.perf_counter()
        summary = ingest_paths(store, [world / "manifests"], progress=progress)
        seconds = time.perf_counter() - started
        rows = summary.rows
        counts = store.counts()
    finally:
        store.close()
    return {"rows": rows, "files": summary.files, "seconds": seconds, "rows_per_s": rows / seconds if seconds else None,
            "rows_rejected": summary.rows_rejected, "files_failed": summary.files_failed,
            "exit_code": summary.exit_code,
            "facts": summary.facts, "evidence": summary.evidence, "peak_rss_mib": peak_rss_mib(),
            "holdings_seconds": summary.holdings_seconds,
            "store_counts": {k: v for k, v in counts.items() if ":" not in k}}


#: Reports ingested (and piped by the anchor) before the clock starts: an eighth of the world's,
#: at most this many.
WARMUP_REPORTS: Final = 16


def _timed(fn: Callable[[], Any], server_pid: int | None = None) -> tuple[Any, dict[str, Any]]:
    from bench.proc import process_cpu_seconds

    server = process_cpu_seconds(server_pid)
    started, cpu = time.perf_counter(), time.process_time()
    out = fn()
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    server_after = process_cpu_seconds(server_pid)
    return out, {"seconds": seconds, "cpu_seconds": cpu_seconds,
                 "server_cpu_seconds": None if server is None or server_after is None else server_after - server}


def stage_reports(args: dict[str, Any]) -> dict[str, Any]:
    """Our ingest of the world's reports beside plain ``nlp.pipe`` of the statistical model our
    pipeline is built on, over the same texts, in this one process and both warm.

    The first reports (an eighth, at most :data:`WARMUP_REPORTS`) are ingested before the clock
    starts, and the anchor pipes the same ones: the first batch through a pipeline fills its
    caches, and a server plans each statement the first time it sees it. These were in our
    time and not in the anchor's, which ran in a process of its own minutes later: at 10k
    items (64 short reports, under 3,000 tokens) such one-off costs were a large part of
    the figure. The anchor runs before and after ours and counts at its mean (the load of a
    shared machine drifts). The rest of the reports are timed; the holding index our ingest
    builds at its end is part of our time. Beside the wall clock, the CPU seconds of this
    process (and of the server, when ``server_pid`` names one) for both.
    """
    import spacy

    from ingest.nlp.pipeline import find_base_model
    from ingest.report_ingest import ReportIngester
    from ingest.reports import read_report
    from ingest.runner import ingest_paths

    paths = _report_files(Path(args["world"]))
    warm = min(WARMUP_REPORTS, len(paths) // 8)
    warmup, timed = paths[:warm], paths[warm:]
    texts = [read_report(p)[0] for p in timed]
    model = find_base_model()
    nlp = spacy.load(model)
    for _ in nlp.pipe(read_report(p)[0] for p in warmup):
        pass

    def anchor() -> int:
        return sum(len(doc) for doc in nlp.pipe(texts))

    store = _open_store(args["store"])
    server_pid = args.get("server_pid")
    try:
        ingester = ReportIngester(store)
        _ = ingester.nlp  # loaded before the clock starts, as the anchor's model is
        if warmup:
            ingest_paths(store, warmup, report_ingester=ingester)
        tokens, before = _timed(anchor)
        summary, mine = _timed(lambda: ingest_paths(store, timed, report_ingester=ingester), server_pid)
        _, after = _timed(anchor)
        counts = store.counts()
    finally:
        store.close()
    seconds = (before["seconds"] + after["seconds"]) / 2
    cpu = (before["cpu_seconds"] + after["cpu_seconds"]) / 2
    base = {"what": f"plain nlp.pipe of {model} over the same report texts, in the same process, warm",
            "reports": len(texts), "characters": sum(len(t) for t in texts), "tokens": tokens,
            "seconds": seconds, "cpu_seconds": cpu, "tokens_per_s": tokens / seconds if seconds else None,
            "runs_seconds": [before["seconds"], after["seconds"]]}
    rate = tokens / mine["seconds"] if mine["seconds"] else None
    whole_cpu = mine["cpu_seconds"] + (mine["server_cpu_seconds"] or 0.0)
    return {"rows": len(summary.results), "files": summary.files, "warmup_reports": len(warmup),
            "seconds": mine["seconds"], "cpu_seconds": mine["cpu_seconds"],
            "server_cpu_seconds": mine["server_cpu_seconds"], "tokens": tokens, "tokens_per_s": rate,
            "rows_rejected": summary.rows_rejected, "files_failed": summary.files_failed,
            "exit_code": summary.exit_code, "facts": summary.facts, "evidence": summary.evidence,
            "holdings_seconds": summary.holdings_seconds, "peak_rss_mib": peak_rss_mib(),
            "store_counts": {k: v for k, v in counts.items() if ":" not in k}, "anchor": base,
            "ratio": rate / base["tokens_per_s"] if rate and base["tokens_per_s"] else None,
            # this process and the server (where we started one) against the anchor's CPU
            "cpu_ratio": cpu / whole_cpu if whole_cpu else None}


def _csv_rows(world: Path) -> Iterator[tuple[str, list[str], Iterator[list[str]]]]:
    for path in _table_files(world):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            yield path.stem, header, reader


def stage_anchor_sqlite(args: dict[str, Any]) -> dict[str, Any]:
    """Read every table row with csv and executemany it into a plain SQLite table per file, in
    transactions of 10,000 rows, with the embedded store's pragmas: the floor for our ingest."""
    db = Path(args["path"])
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    started = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    rows = 0
    for k, (_name, header, reader) in enumerate(_csv_rows(Path(args["world"]))):
        table = f"t{k}"
        conn.execute(f"CREATE TABLE {table} ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
        insert = f"INSERT INTO {table} VALUES ({', '.join('?' * len(header))})"
        while True:
            chunk = [row for _, row in zip(range(10_000), reader, strict=False)]
            if not chunk:
                break
            conn.execute("BEGIN")
            conn.executemany(insert, chunk)
            conn.execute("COMMIT")
            rows += len(chunk)
    conn.close()
    seconds = time.perf_counter() - started
    for p in db.parent.glob(db.name + "*"):
        p.unlink()
    return {"what": "raw sqlite3 executemany of the same CSV rows (one plain table per file)", "rows": rows,
            "seconds": seconds, "rows_per_s": rows / seconds, "peak_rss_mib": peak_rss_mib()}


def stage_anchor_neo4j(args: dict[str, Any]) -> dict[str, Any]:
    """The same rows as one ``:BenchAnchorRow`` node each (``UNWIND $rows AS row MERGE``, a
    uniqueness constraint on its key, 10,000 rows per transaction), then removed again."""
    import neo4j

    spec = args["store"]
    driver = neo4j.GraphDatabase.driver(spec["uri"], auth=(spec["user"], os.environ.get(PASSWORD_ENV, "")))
    merge = "UNWIND $rows AS row MERGE (r:" + ANCHOR_LABEL + " {key: row.key}) SET r += row.props"

    def write(tx: neo4j.ManagedTransaction, rows: list[dict[str, Any]]) -> None:
        tx.run(merge, rows=rows).consume()

    try:
        driver.execute_query("CREATE CONSTRAINT bench_anchor_key IF NOT EXISTS FOR (r:" + ANCHOR_LABEL
                             + ") REQUIRE r.key IS UNIQUE")
        driver.execute_query("CALL db.awaitIndexes(300)")
        rows = 0
        started = time.perf_counter()
        with driver.session() as session:
            for name, header, reader in _csv_rows(Path(args["world"])):
                while True:
                    chunk = [{"key": f"{name}:{rows + i}", "props": dict(zip(header, row, strict=True))}
                             for i, row in zip(range(10_000), reader, strict=False)]
                    if not chunk:
                        break
                    session.execute_write(write, chunk)
                    rows += len(chunk)
        seconds = time.perf_counter() - started
        with driver.session() as session:
            session.run("MATCH (r:" + ANCHOR_LABEL + ") CALL { WITH r DELETE r } IN TRANSACTIONS OF 20000 ROWS"
                        ).consume()
        driver.execute_query("DROP CONSTRAINT bench_anchor_key IF EXISTS")
    finally:
        driver.close()
    return {"what": "raw driver UNWIND $rows MERGE, one node per CSV row", "rows": rows, "seconds": seconds,
            "rows_per_s": rows / seconds, "peak_rss_mib": peak_rss_mib()}


def stage_bulk_import(args: dict[str, Any]) -> dict[str, Any]:
    """The bulk path's writing steps for a first load: the import files of the embedded store at
    ``path`` (the holding index included) under ``work``, then ``neo4j-admin database import
    full`` into a new database under the Neo4j ``home`` (no server running on it). CPU seconds
    count the importer's (a child process) too."""
    import shutil

    from api.export.neo4j_import import store_import_files
    from bench.proc import cpu_with_children as cpu
    from graph.neo4j_bulk import admin_command, run_import

    work = Path(args["work"])
    store = _open_store({"kind": "sqlite", "path": args["path"]})
    try:
        started, started_cpu = time.perf_counter(), cpu()
        files = store_import_files(store, work / "csv")
        files_s, files_cpu = time.perf_counter() - started, cpu() - started_cpu
        counts = {k: v for k, v in store.counts().items() if ":" not in k}
    finally:
        store.close()
    files_mib = sum(p.stat().st_size for p in (work / "csv").rglob("*") if p.is_file()) / 2**20
    started, started_cpu = time.perf_counter(), cpu()
    summary = run_import(args["home"], files, command=admin_command(args["launcher_classpath"]))
    import_s, import_cpu = time.perf_counter() - started, cpu() - started_cpu
    shutil.rmtree(work / "csv")
    return {"files_seconds": files_s, "files_cpu_seconds": files_cpu, "files_mib": round(files_mib, 1),
            "import_seconds": import_s, "import_cpu_seconds": import_cpu, "import_rows": files.counts,
            "importer": summary.strip().splitlines()[-12:], "embedded_counts": counts,
            "peak_rss_mib": peak_rss_mib()}


def stage_neo4j_connect(args: dict[str, Any]) -> dict[str, Any]:
    """The Neo4j store's first connect to a server just started on an imported database: its
    constraints and indexes built and online. Then its counts, and the items the connect marked
    for the holding index (none when the index came with the import files)."""
    started = time.perf_counter()
    store = _open_store(args["store"])
    try:
        seconds = time.perf_counter() - started
        counts = {k: v for k, v in store.counts().items() if ":" not in k}
        with store.driver.session() as session:
            marked = session.run("MATCH (c:HoldingChanged) RETURN count(c) AS n").single()["n"]
    finally:
        store.close()
    return {"seconds": seconds, "store_counts": counts, "items_marked_on_connect": marked}


# -- questions -----------------------------------------------------------------------------


def _alert_key(a: Any) -> tuple[str, Any]:
    if a.kind == "unauthorised_holder":
        return a.kind, (a.item, a.actors[0] if a.actors else None)
    if a.kind == "quantity_mismatch":
        return a.kind, (a.shipment, a.details.get("system"), a.details.get("lot") or "")
    return a.kind, a.item


def stage_queries(args: dict[str, Any]) -> dict[str, Any]:
    """Latencies of the questions over the sample, then the alerts once, scored."""
    from ingest.generate.truth import diversion_score, expected_keys, load_truth, precision_recall
    from queries.alerts import alerts
    from queries.chain import custody_chain
    from queries.reach import reachable_items, who_could_reach

    as_of = date.fromisoformat(args["as_of"])
    items: list[str] = args["items"]
    actors: list[str] = args["actors"]
    store = _open_store(args["store"])
    out: dict[str, Any] = {}
    try:
        for item in items[:3]:  # warm the connection and caches, as a serving process would be
            custody_chain(store, item, as_of=as_of)
            who_could_reach(store, item, max_hops=3, as_of=as_of)
        chain_lat, chains = _time_each(items, lambda i: len(custody_chain(store, i, as_of=as_of).segments))
        reach_lat, reached = _time_each(items, lambda i: len(who_could_reach(store, i, max_hops=3,
                                                                             as_of=as_of).results))
        reachable_lat, found_items = _time_each(actors, lambda a: len(reachable_items(store, a, max_hops=3,
                                                                                      as_of=as_of)[1]))
        out["chain"] = {**chain_lat, "mean_segments": _mean(chains)}
        out["reach"] = {**reach_lat, "mean_actors": _mean(reached)}
        out["reachable"] = {**reachable_lat, "mean_items": _mean(found_items)}
        if args.get("alerts", True):
            started = time.perf_counter()
            found = alerts(store, as_of=as_of)
            seconds = time.perf_counter() - started
            keys = [_alert_key(a) for a in found]
            truth = load_truth(args["world"])
            scores = precision_recall(expected_keys(truth), keys)
            by_kind: dict[str, int] = {}
            for kind, _ in keys:
                by_kind[kind] = by_kind.get(kind, 0) + 1
            out["alerts"] = {"seconds": seconds, "alerts": len(found), "by_kind": by_kind}
            out["quality"] = {"by_kind": {k: s.as_dict() for k, s in scores.items()},
                              "diversions": diversion_score(truth, keys).as_dict()}
    finally:
        store.close()
    out["peak_rss_mib"] = peak_rss_mib()
    return out


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None


def _nx_graph(world: Path) -> Any:
    """A directed networkx graph of the same data: item -> its shipment, holders and places;
    shipment -> its holders and places; location -> actors present there; actor <-> actor along
    access relations; other relations source -> target. No time, no evidence."""
    import networkx as nx

    from graph.ids import entity_id, item_id, shipment_id

    g = nx.DiGraph()
    actor = lambda name: entity_id("Actor", name)  # noqa: E731 - tiny local helpers
    place = lambda name: entity_id("Location", name)  # noqa: E731
    for path in _table_files(world):
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            kind = path.stem.split("_")[0]
            for row in reader:
                if kind == "relations":
                    s = actor(row["subject"]) if row["subject_kind"] not in _PLACES else place(row["subject"])
                    o = actor(row["object"]) if row["object_kind"] not in _PLACES else place(row["object"])
                    if row["relation"] in ("SUBORDINATE_TO", "MEMBER_OF", "AFFILIATED_WITH"):
                        g.add_edge(s, o)
                        g.add_edge(o, s)
                    elif row["relation"] in ("BASED_AT", "OPERATES_AT", "CONTROLS"):
                        g.add_edge(o, s)
                    else:
                        g.add_edge(s, o)
                elif kind == "shipments":
                    i = item_id(serial=row["serial"] or None, lot=row["lot"] or None)
                    ship = shipment_id(row["shipment_ref"])
                    g.add_edge(i, ship)
                    g.add_edge(ship, actor(row["consignor"]))
                    g.add_edge(ship, place(row["origin"]))
                elif kind == "events":
                    if row["serial"] or row["lot"]:
                        subject = item_id(serial=row["serial"] or None, lot=row["lot"] or None)
                    else:
                        subject = shipment_id(row["shipment_ref"])
                    for name in (row["from"], row["to"]):
                        if name:
                            g.add_edge(subject, actor(name))
                    if row["location"]:
                        g.add_edge(subject, place(row["location"]))
    return g


_PLACES = frozenset({"Depot", "Hub", "BorderCrossing", "Place"})


def stage_anchor_nx(args: dict[str, Any]) -> dict[str, Any]:
    """``nx.ego_graph`` on the same data for the same sample: radius 2 from an item for the chain
    (its own and its shipment's custody facts), radius 3 for who-could-reach, radius 3 on the
    reversed graph from an actor for reachable items."""
    import networkx as nx

    started = time.perf_counter()
    g = _nx_graph(Path(args["world"]))
    built = time.perf_counter() - started
    rev = g.reverse(copy=False)
    items = [i for i in args["items"] if i in g]
    actors = [a for a in args["actors"] if a in g]
    chain_lat, chain_n = _time_each(items, lambda i: len(nx.ego_graph(g, i, radius=2)))
    reach_lat, reach_n = _time_each(items, lambda i: len(nx.ego_graph(g, i, radius=3)))
    reachable_lat, reachable_n = _time_each(actors, lambda a: len(nx.ego_graph(rev, a, radius=3)))
    return {"what": "networkx.ego_graph on a DiGraph of the same data (chain: radius 2 from the item; reach: "
                    "radius 3; reachable: radius 3 from the actor on the reversed graph)",
            "graph": {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "build_seconds": built},
            "chain": {**chain_lat, "mean_nodes": _mean(chain_n)},
            "reach": {**reach_lat, "mean_nodes": _mean(reach_n)},
            "reachable": {**reachable_lat, "mean_nodes": _mean(reachable_n)},
            "peak_rss_mib": peak_rss_mib()}


CYPHER_ANCHORS: dict[int, LiteralString] = {2: "MATCH (i:Node {id: $id})-[*..2]-(a) RETURN DISTINCT a",
                                            3: "MATCH (i:Node {id: $id})-[*..3]-(a) RETURN DISTINCT a"}
"""The plain variable-length Cypher anchor by hop count: 2 from an item for the chain, 3 for
who-could-reach, 3 from an actor for reachable items (``:Node`` so the id is an index seek; without
a label the match scans every node)."""
CYPHER_ANCHOR_WHAT: Final = ("plain variable-length Cypher: MATCH (i:Node {id:$id})-[*..k]-(a) RETURN DISTINCT a "
                             "(k=2 chain, 3 reach and reachable)")


def stage_anchor_cypher(args: dict[str, Any]) -> dict[str, Any]:
    """:data:`CYPHER_ANCHORS` over the sample. Each query has ``timeout_s``; one that runs out counts
    at the timeout and is reported."""
    import neo4j
    from neo4j.exceptions import ClientError, TransientError

    spec = args["store"]
    timeout = float(args.get("timeout_s", 10.0))
    driver = neo4j.GraphDatabase.driver(spec["uri"], auth=(spec["user"], os.environ.get(PASSWORD_ENV, "")))
    out: dict[str, Any] = {"what": CYPHER_ANCHOR_WHAT, "timeout_s": timeout}
    try:
        with driver.session() as session:
            def run(k: int, node: str) -> tuple[float, bool]:
                query = neo4j.Query(CYPHER_ANCHORS[k], timeout=timeout)
                started = time.perf_counter()
                try:
                    session.run(query, id=node).consume()
                    return (time.perf_counter() - started) * 1000, False
                except (ClientError, TransientError):
                    return timeout * 1000, True

            for node in args["items"][:3]:
                run(2, node)
            for name, k, nodes in (("chain", 2, args["items"]), ("reach", 3, args["items"]),
                                   ("reachable", 3, args["actors"])):
                timings = [run(k, n) for n in nodes]
                out[name] = {**percentiles([t for t, _ in timings]), "timeouts": sum(1 for _, x in timings if x)}
    finally:
        driver.close()
    out["peak_rss_mib"] = peak_rss_mib()
    return out


def neo4j_questions(store: Any, as_of: date) -> dict[str, tuple[int, Callable[[str], Any]]]:
    """Each question asked of a Neo4j store: its anchor's hop count and our call."""
    from queries.chain import custody_chain
    from queries.reach import reachable_items, who_could_reach

    return {
        "chain": (2, lambda i: custody_chain(store, i, as_of=as_of)),
        "reach": (3, lambda i: who_could_reach(store, i, max_hops=3, as_of=as_of)),
        "reachable": (3, lambda a: reachable_items(store, a, max_hops=3, as_of=as_of)),
    }


def alternate(store: Any, as_of: date, nodes: dict[str, list[str]], rounds: int = 1
              ) -> dict[str, tuple[list[float], list[float]]]:
    """Wall milliseconds of our question and of its Cypher anchor, node by node, one right after
    the other (``rounds`` passes over each question's nodes, after 3 warm-up pairs): the same
    load, the same warm server and the same nodes for both. ``nodes`` maps a question of
    :func:`neo4j_questions` to its nodes."""
    asked = neo4j_questions(store, as_of)
    out: dict[str, tuple[list[float], list[float]]] = {}
    with store.driver.session() as session:
        def anchor(k: int, node: str) -> None:
            session.run(CYPHER_ANCHORS[k], id=node).consume()

        def ms(fn: Callable[[], Any]) -> float:
            started = time.perf_counter()
            fn()
            return (time.perf_counter() - started) * 1000

        for name, sample in nodes.items():
            hops, ours = asked[name]
            for node in sample[:3]:  # warm the connection, plans and the holding index
                ours(node)
                anchor(hops, node)
            mine: list[float] = []
            base: list[float] = []
            for _ in range(rounds):
                for node in sample:
                    mine.append(ms(lambda: ours(node)))  # noqa: B023 - called at once
                    base.append(ms(lambda: anchor(hops, node)))  # noqa: B023
            out[name] = (mine, base)
    return out


def stage_alternating(args: dict[str, Any]) -> dict[str, Any]:
    """:func:`alternate` over the sample (items for chain and reach, actors for reachable): the
    percentiles of ours and of the anchor."""
    store = _open_store(args["store"])
    try:
        timed = alternate(store, date.fromisoformat(args["as_of"]),
                          {"chain": args["items"], "reach": args["items"], "reachable": args["actors"]})
    finally:
        store.close()
    out: dict[str, Any] = {}
    for name, (mine, base) in timed.items():
        out[name] = {"ours": percentiles(mine), "anchor": percentiles(base)}
    out["peak_rss_mib"] = peak_rss_mib()
    return out


STAGES: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "ingest": stage_ingest,
    "anchor_sqlite": stage_anchor_sqlite,
    "anchor_neo4j": stage_anchor_neo4j,
    "bulk_import": stage_bulk_import,
    "neo4j_connect": stage_neo4j_connect,
    "reports": stage_reports,
    "queries": stage_queries,
    "anchor_nx": stage_anchor_nx,
    "anchor_cypher": stage_anchor_cypher,
    "alternating": stage_alternating,
}


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.scale.stages STAGE ARGS_FILE``: ARGS_FILE holds the stage's JSON arguments."""
    argv = sys.argv[1:] if argv is None else argv
    # The server's notifications (unknown labels in an empty store, deprecations) are not figures.
    logging.getLogger("neo4j").setLevel(logging.ERROR)
    if len(argv) != 2 or argv[0] not in STAGES:
        print(f"usage: python -m bench.scale.stages {{{','.join(STAGES)}}} ARGS_FILE", file=sys.stderr)
        return 2
    result = STAGES[argv[0]](json.loads(Path(argv[1]).read_text(encoding="utf-8")))
    print(json.dumps(result, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
