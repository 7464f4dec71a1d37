"""Drive ``custody bench``: for each size, a generated world (cached), its ingest into the
embedded store and into Neo4j, the questions over a sample, the alerts scored against the ground
truth, and beside every figure the anchor measured in the same run.

Usage (from the repository root)::

    .venv/bin/python -m bench.scale.run --size 10k --no-neo4j
    .venv/bin/custody bench --size 100k

Everything goes under ``bench/out/scale/`` (git-ignored): ``worlds/`` (generated once per size,
seed and generator version, then reused), ``stores/`` (made afresh each run), and
``results-<sizes>-<time>.json`` with every figure. Each measured stage runs in its own process
(:mod:`bench.scale.stages`), so peak memory is per stage.

Ratios are ours ÷ anchor: for throughput below 1 means slower than the anchor; for latency above
1 means slower.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit, urlunsplit

from rich.console import Console

from bench.scale.render import render_quality, render_table
from bench.scale.stages import PASSWORD_ENV
from bench.scale.worlds import ensure_world, sample, size_label
from ingest.generate import parse_count
from ingest.generate.truth import load_truth

__all__ = ["BenchConfig", "BenchError", "main", "run_bench"]

REPO: Final = Path(__file__).resolve().parents[2]
DEFAULT_WORK: Final = REPO / "bench" / "out" / "scale"
LAUNCHER_CLASSPATH: Final = REPO / "tools" / "neo4j-launcher" / "target" / "classpath.txt"
NEO4J_LOADS: Final = ("cypher", "bulk")
TARGET_CHAIN_P50_MS: Final = 10.0
TARGET_REACH_P50_MS: Final = 50.0
TARGET_ITEMS: Final = 1_000_000


class BenchError(Exception):
    """A bench that cannot run or a stage that failed: one line, shown as is."""


@dataclass
class BenchConfig:
    sizes: list[int]
    seed: int = 1
    work: Path = DEFAULT_WORK
    json_path: Path | None = None
    neo4j: bool | None = None
    """None: on when java and mvn are there (or a URI is given)."""
    neo4j_uri: str | None = None
    neo4j_user: str = "neo4j"
    neo4j_max_items: int = 200_000
    neo4j_load: str = "cypher"
    """How Neo4j gets the world's tables: ``cypher`` (the Neo4j store's writes) or ``bulk`` (a
    first load through Neo4j's importer from the embedded store this run ingested)."""
    samples: int = 200
    actor_samples: int = 20
    cypher_samples: int = 50
    cypher_timeout_s: float = 10.0
    events_per_item: float = 5.0
    alerts: bool = True
    reuse_store: bool = False
    """Skip the embedded ingest when this world's store is already there (its figures are then null)."""
    embedded: bool = True
    """False: measure Neo4j only (adding it to an earlier run's embedded figures)."""
    only_reports: bool = False
    """Measure the report ingest only: the tables are ingested first (the reports name their
    items), without their anchor; no questions or alerts."""
    extra: dict[str, Any] = field(default_factory=dict)


# -- processes -------------------------------------------------------------------------------


def _stage(name: str, args: dict[str, Any], password: str | None = None) -> dict[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    if password is not None:
        env[PASSWORD_ENV] = password
    with tempfile.NamedTemporaryFile("w", suffix=".json", prefix=f"bench-{name}-", delete=False) as fh:
        json.dump(args, fh)
    try:
        proc = subprocess.run([sys.executable, "-m", "bench.scale.stages", name, fh.name], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, text=True, check=False)
    finally:
        Path(fh.name).unlink(missing_ok=True)
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        raise BenchError(f"the {name} stage failed (exit {proc.returncode}); its error is printed above")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


def _code() -> dict[str, Any]:
    """The commit measured, and whether the measured packages had uncommitted changes."""
    def git(*args: str) -> str:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, timeout=30,
                                  check=False).stdout.strip()
        return ""

    changed = git("status", "--porcelain", "--", "graph", "ingest", "queries")
    return {"commit": git("rev-parse", "HEAD") or None,
            "uncommitted": sorted(line[3:] for line in changed.splitlines())}


def _machine() -> dict[str, Any]:
    mem = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    return {"cpus": os.cpu_count(), "memory_gib": mem, "python": platform.python_version(),
            "platform": platform.platform(), "load_avg": list(os.getloadavg())}


# -- one store ---------------------------------------------------------------------------------


def _ratio(ours: float | None, anchor: float | None) -> float | None:
    return ours / anchor if ours is not None and anchor else None


def _questions(q: dict[str, Any], anchor: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("chain", "reach", "reachable"):
        mine, base = q[name], anchor[name]
        out[name] = {**mine, "anchor": base, "ratio_p50": _ratio(mine["p50_ms"], base["p50_ms"]),
                     "ratio_p95": _ratio(mine["p95_ms"], base["p95_ms"]),
                     # both in process (the embedded store beside networkx): CPU is what the load
                     # between the two stages does not change; a Neo4j anchor has no client CPU figure
                     "ratio_cpu_p50": _ratio(mine.get("cpu_p50_ms"), base.get("cpu_p50_ms"))}
    out["anchor_what"] = anchor.get("what")
    if "graph" in anchor:
        out["anchor_graph"] = anchor["graph"]
    return out


def run_embedded(cfg: BenchConfig, world: Path, truth: dict[str, Any], items: list[str], actors: list[str],
                 say: Callable[[str], None]) -> dict[str, Any]:
    db = cfg.work / "stores" / f"{world.name}.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    spec = {"kind": "sqlite", "path": str(db)}
    out: dict[str, Any] = {"store": str(db)}
    if cfg.reuse_store and db.is_file():
        say("embedded: reusing the store (no ingest figures this run)")
        out["ingest"] = out["reports"] = None
    else:
        for p in db.parent.glob(db.name + "*"):
            p.unlink()
        say("embedded: ingesting tables …")
        tables = _stage("ingest", {"world": str(world), "store": spec})
        say(f"embedded: {tables['rows']:,} rows in {tables['seconds']:.0f} s")
        if not cfg.only_reports:
            say("embedded: raw sqlite3 anchor …")
            anchor = _stage("anchor_sqlite", {"world": str(world), "path": str(cfg.work / "stores" / "anchor.db")})
            out["ingest"] = {**tables, "anchor": anchor,
                             "ratio": _ratio(tables["rows_per_s"], anchor["rows_per_s"])}
        say("embedded: ingesting reports; plain nlp.pipe anchor …")
        out["reports"] = _reports(world, spec)
        out["store_mib"] = round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20, 1)
    if cfg.only_reports:
        return out
    say("embedded: questions and alerts …")
    q = _stage("queries", {"world": str(world), "store": spec, "items": items, "actors": actors,
                           "as_of": truth["as_of"], "alerts": cfg.alerts})
    say("embedded: networkx anchor …")
    nx_anchor = _stage("anchor_nx", {"world": str(world), "items": items, "actors": actors})
    out["questions"] = _questions(q, nx_anchor)
    out["questions"]["peak_rss_mib"] = q["peak_rss_mib"]
    out["alerts"] = q.get("alerts")
    out["quality"] = q.get("quality")
    return out


def _reports(world: Path, spec: dict[str, Any], password: str | None = None,
             server_pid: int | None = None) -> dict[str, Any]:
    """Our report ingest and its anchor, measured together in one stage (both warm)."""
    mine = _stage("reports", {"world": str(world), "store": spec, "server_pid": server_pid}, password)
    return {**mine, "reports": mine["rows"]}


@contextlib.contextmanager
def neo4j_target(cfg: BenchConfig, items: int, say: Callable[[str], None],
                 home: Path | None = None) -> Iterator[tuple[str, str, str, Any]]:
    """(uri, user, password, server or None): the test Neo4j started here (on the server home
    ``home`` when given, kept), or ``--neo4j-uri``."""
    if cfg.neo4j_uri:
        parts = urlsplit(cfg.neo4j_uri)
        user = parts.username or cfg.neo4j_user
        password = parts.password or os.environ.get("CUSTODY_NEO4J_PASSWORD", "")
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        yield urlunsplit(parts._replace(netloc=netloc)), user, password, None
        return
    sys.path.insert(0, str(REPO))
    from tests.neo4j_server import DEFAULT_JAVA_OPTS, JAVA_OPTS_ENV, Neo4jServer

    heap = "1g" if items <= 20_000 else "4g" if items <= 200_000 else "6g"
    # The page cache holds the store files: 256 MiB serves the tests' tiny graphs, a million
    # items' store is over 10 GiB and would be read from disk on every query.
    cache_mib = 256 if items <= 20_000 else 2048 if items <= 200_000 else 8192
    opts = [o for o in DEFAULT_JAVA_OPTS if not o.startswith(("-Xm", "-XX:TieredStopAtLevel"))]
    previous = os.environ.get(JAVA_OPTS_ENV)
    os.environ[JAVA_OPTS_ENV] = " ".join([f"-Xms{heap}", f"-Xmx{heap}", f"-Dcustody.pagecache.mib={cache_mib}", *opts])
    server = Neo4jServer(data_dir=home)
    try:
        started = time.perf_counter()
        server.start()
        say(f"neo4j: test server up in {time.perf_counter() - started:.0f} s (heap {heap}, page cache {cache_mib} MiB)")
        yield server.uri, server.user, server.password, server
    finally:
        server.close()
        if previous is None:
            os.environ.pop(JAVA_OPTS_ENV, None)
        else:
            os.environ[JAVA_OPTS_ENV] = previous


def _server_rss_mib(server: Any) -> float | None:
    """The server process's peak RSS (VmHWM), when we started it."""
    proc = getattr(server, "_proc", None)  # tests.neo4j_server keeps its subprocess here
    if proc is None:
        return None
    with contextlib.suppress(OSError, ValueError):
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def _empty(uri: str, user: str, password: str) -> bool:
    import neo4j

    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) > 0 AS any")
        return not records[0]["any"]


def _clear(uri: str, user: str, password: str) -> None:
    import logging

    import neo4j

    logging.getLogger("neo4j").setLevel(logging.ERROR)
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver, driver.session() as session:
        session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def run_neo4j(cfg: BenchConfig, world: Path, truth: dict[str, Any], items: list[str], actors: list[str],
              say: Callable[[str], None], out: dict[str, Any] | None = None,
              checkpoint: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """Neo4j's figures, filled into ``out`` stage by stage (``checkpoint`` after each, so a long
    run that stops early still leaves what it measured)."""
    n = truth["counts"]["items"]
    out = {} if out is None else out
    with neo4j_target(cfg, n, say) as (uri, user, password, server):
        if not _empty(uri, user, password):
            raise BenchError(f"{urlsplit(uri).hostname}: the Neo4j database is not empty; the bench writes "
                             "and deletes a whole world, so give it a scratch database")
        spec = {"kind": "neo4j", "uri": uri, "user": user}
        out.update({"uri": uri, "started_here": server is not None})
        try:
            if not cfg.only_reports:
                say("neo4j: raw UNWIND…MERGE anchor …")
                anchor = _stage("anchor_neo4j", {"world": str(world), "store": spec}, password)
            say("neo4j: ingesting tables …")
            tables = _stage("ingest", {"world": str(world), "store": spec}, password)
            say(f"neo4j: {tables['rows']:,} rows in {tables['seconds']:.0f} s; reports …")
            if not cfg.only_reports:
                out["ingest"] = {**tables, "anchor": anchor,
                                 "ratio": _ratio(tables["rows_per_s"], anchor["rows_per_s"])}
                checkpoint()
            out["reports"] = _reports(world, spec, password, getattr(server, "pid", None))
            checkpoint()
            if cfg.only_reports:
                return out
            _neo4j_questions(cfg, world, truth, items, actors, say, spec, password, server, out)
            checkpoint()
        finally:
            if server is None:  # a server started here is thrown away whole
                _clear(uri, user, password)
    return out


def _neo4j_questions(cfg: BenchConfig, world: Path, truth: dict[str, Any], items: list[str], actors: list[str],
                     say: Callable[[str], None], spec: dict[str, Any], password: str, server: Any,
                     out: dict[str, Any]) -> None:
    say("neo4j: questions and alerts …")
    q = _stage("queries", {"world": str(world), "store": spec, "items": items, "actors": actors,
                           "as_of": truth["as_of"], "alerts": cfg.alerts}, password)
    say("neo4j: variable-length Cypher anchor …")
    cy = _stage("anchor_cypher", {"store": spec, "items": items[: cfg.cypher_samples],
                                  "actors": actors[: cfg.cypher_samples], "timeout_s": cfg.cypher_timeout_s},
                password)
    say("neo4j: each question beside its anchor, node by node …")
    alt = _stage("alternating", {"store": spec, "items": items, "actors": actors, "as_of": truth["as_of"]}, password)
    out["questions"] = _questions(q, cy)
    for name in ("chain", "reach", "reachable"):
        mine, base = alt[name]["ours"], alt[name]["anchor"]
        out["questions"][name]["alternating"] = {**alt[name], "ratio_p50": _ratio(mine["p50_ms"], base["p50_ms"]),
                                                 "ratio_p95": _ratio(mine["p95_ms"], base["p95_ms"])}
    out["questions"]["peak_rss_mib"] = q["peak_rss_mib"]
    out["alerts"] = q.get("alerts")
    out["quality"] = q.get("quality")
    out["server_peak_rss_mib"] = _server_rss_mib(server)


def run_neo4j_bulk(cfg: BenchConfig, world: Path, truth: dict[str, Any], items: list[str], actors: list[str],
                   say: Callable[[str], None], embedded: dict[str, Any], out: dict[str, Any] | None = None,
                   checkpoint: Callable[[], None] = lambda: None) -> dict[str, Any]:
    """Neo4j loaded the way a first load of a large world is (``custody neo4j-import``): the raw
    ``UNWIND…MERGE`` anchor on an empty server first; then the embedded store this run ingested,
    written as import files, Neo4j's importer into a new database, a server started on it and the
    Neo4j store's first connect (constraints and indexes online). The ingest figure is the
    world's table rows over all of that, the embedded ingest of the tables included; the files
    also carry the reports the embedded store took in after them, so it is a floor. The reports
    figure belongs to later documents, which go through the Cypher writes: measured below
    ``--neo4j-max-items`` with ``--neo4j-load cypher``. Then the questions and alerts, as on a
    Cypher-loaded store."""
    n = truth["counts"]["items"]
    out = {} if out is None else out
    tables = embedded.get("ingest")
    if not tables or not embedded.get("store"):
        raise BenchError("--neo4j-load bulk: needs the embedded store ingested in this run (not --no-embedded "
                         "or --reuse-store)")
    with neo4j_target(cfg, n, say) as (uri, user, password, server):
        if not _empty(uri, user, password):
            raise BenchError("the test Neo4j database is not empty")
        say("neo4j: raw UNWIND…MERGE anchor (an empty server) …")
        anchor = _stage("anchor_neo4j", {"world": str(world), "store": {"kind": "neo4j", "uri": uri, "user": user}},
                        password)
    home = cfg.work / "stores" / f"{world.name}-neo4j"
    files = cfg.work / "stores" / f"{world.name}-import"
    try:
        for old in (home, files):
            shutil.rmtree(old, ignore_errors=True)
        home.mkdir(parents=True)
        say("neo4j: bulk path: import files from the embedded store, neo4j-admin database import full …")
        bulk = _stage("bulk_import", {"path": embedded["store"], "work": str(files), "home": str(home),
                                      "launcher_classpath": str(LAUNCHER_CLASSPATH)})
        started = time.perf_counter()
        with neo4j_target(cfg, n, say, home=home) as (uri, user, password, server):
            start_s = time.perf_counter() - started
            spec = {"kind": "neo4j", "uri": uri, "user": user}
            say("neo4j: first connect (constraints and indexes) …")
            connect = _stage("neo4j_connect", {"store": spec}, password)
            steps = {"embedded_ingest_s": tables["seconds"], "files_s": bulk["files_seconds"],
                     "import_s": bulk["import_seconds"], "server_start_s": start_s, "connect_s": connect["seconds"]}
            seconds = sum(steps.values())
            out.update({"uri": uri, "started_here": True, "load": "bulk"})
            out["ingest"] = {
                "path": "bulk", "rows": tables["rows"], "seconds": seconds, "rows_per_s": tables["rows"] / seconds,
                "steps_s": steps, "cpu_s": {"files": bulk["files_cpu_seconds"], "import": bulk["import_cpu_seconds"]},
                "files_mib": bulk["files_mib"], "import_rows": bulk["import_rows"], "importer": bulk["importer"],
                "items_marked_on_connect": connect["items_marked_on_connect"],
                "counts_equal": connect["store_counts"] == bulk["embedded_counts"],
                "store_counts": connect["store_counts"],
                "peak_rss_mib": max(tables["peak_rss_mib"], bulk["peak_rss_mib"]),
                "anchor": anchor, "ratio": _ratio(tables["rows"] / seconds, anchor["rows_per_s"])}
            out["reports"] = None
            checkpoint()
            say(f"neo4j: bulk path {out['ingest']['rows_per_s']:,.0f} rows/s over {seconds:.0f} s; counts equal "
                f"the embedded store's: {out['ingest']['counts_equal']}")
            _neo4j_questions(cfg, world, truth, items, actors, say, spec, password, server, out)
            checkpoint()
    finally:
        for done in (home, files):
            shutil.rmtree(done, ignore_errors=True)
    return out


# -- the whole run -------------------------------------------------------------------------------


def _neo4j_wanted(cfg: BenchConfig) -> tuple[bool, str | None]:
    if cfg.neo4j is False:
        return False, "not requested (--no-neo4j)"
    if cfg.neo4j_load not in NEO4J_LOADS:
        raise BenchError(f"--neo4j-load: {cfg.neo4j_load!r} is not one of {', '.join(NEO4J_LOADS)}")
    if cfg.neo4j_load == "bulk" and (cfg.neo4j_uri or not cfg.embedded or cfg.only_reports or cfg.reuse_store):
        raise BenchError("--neo4j-load bulk loads the test Neo4j it starts from the embedded store this run "
                         "ingests: not with --neo4j-uri, --no-embedded, --reuse-store or --only-reports")
    if cfg.neo4j_uri:
        return True, None
    sys.path.insert(0, str(REPO))
    from tests.neo4j_server import neo4j_prerequisites

    missing = neo4j_prerequisites()
    if missing is not None:
        if cfg.neo4j:
            raise BenchError(f"--neo4j: {missing}")
        return False, missing
    return True, None


def run_bench(cfg: BenchConfig, console: Console | None = None, log: Console | None = None) -> dict[str, Any]:
    """Run every size; return (and write) all figures. Tables go to ``console`` (stdout), progress
    to ``log`` (stderr).

    Raises
    ------
    BenchError
        A stage failed or the setup cannot work (one line).
    """
    console = console or Console(width=None if sys.stdout.isatty() else 160)
    log = log or Console(stderr=True, width=None if sys.stderr.isatty() else 160)
    t0 = time.perf_counter()

    def say(message: str) -> None:
        log.print(f"[dim]{time.perf_counter() - t0:7.0f} s[/]  {message}", highlight=False)

    try:
        cfg.work.mkdir(parents=True, exist_ok=True)
        probe = cfg.work / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise BenchError(f"{cfg.work}: cannot write there ({exc.strerror or exc})") from None
    neo4j_on, neo4j_why = _neo4j_wanted(cfg)
    results: dict[str, Any] = {
        "bench": {"version": 1, "started": datetime.now().isoformat(timespec="seconds"), "machine": _machine(),
                  "code": _code(),
                  "config": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(cfg).items()},
                  "targets": {"chain_p50_ms": TARGET_CHAIN_P50_MS, "reach_p50_ms": TARGET_REACH_P50_MS,
                              "at_items": TARGET_ITEMS, "at_events": 5 * TARGET_ITEMS}},
        "sizes": {},
    }
    path = cfg.json_path or cfg.work / f"results-{'-'.join(size_label(n) for n in cfg.sizes)}-" \
                                       f"{datetime.now():%Y%m%d-%H%M%S}.json"

    def save() -> None:  # after every store, so a long run that stops early keeps what it measured
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")

    for n in cfg.sizes:
        label = size_label(n)
        world, info = ensure_world(cfg, n, say)
        truth = load_truth(world)
        items, actors = sample(world, cfg.samples, cfg.actor_samples, cfg.seed)
        entry: dict[str, Any] = {"world": {**info, "path": str(world), "as_of": truth["as_of"],
                                           "events_per_item": info["events"] / n}}
        results["sizes"][label] = entry
        entry["embedded"] = (run_embedded(cfg, world, truth, items, actors, say) if cfg.embedded
                             else {"skipped": "--no-embedded"})
        save()
        if not neo4j_on:
            entry["neo4j"] = {"skipped": neo4j_why}
        elif n > cfg.neo4j_max_items:
            entry["neo4j"] = {"skipped": f"{n:,} items is above --neo4j-max-items ({cfg.neo4j_max_items:,})"}
        elif cfg.neo4j_load == "bulk":
            entry["neo4j"] = {}
            run_neo4j_bulk(cfg, world, truth, items, actors, say, entry["embedded"], entry["neo4j"], save)
        else:
            entry["neo4j"] = {}
            run_neo4j(cfg, world, truth, items, actors, say, entry["neo4j"], save)
        entry["targets"] = _targets(entry, n)
        console.print(render_table(label, entry))
    results["bench"]["seconds"] = time.perf_counter() - t0
    results["bench"]["machine"]["load_avg_end"] = list(os.getloadavg())
    save()
    results["bench"]["json"] = str(path)
    if not cfg.only_reports:
        console.print(render_quality(results))
    say(f"all figures in {path}")
    return results


def _targets(entry: dict[str, Any], n: int) -> dict[str, Any]:
    if "questions" not in entry["embedded"]:
        return {"applies": False}
    q = entry["embedded"]["questions"]
    chain, reach = q["chain"]["p50_ms"], q["reach"]["p50_ms"]
    return {"applies": n >= TARGET_ITEMS and entry["world"]["events"] >= 4.9 * TARGET_ITEMS,
            "chain_p50_ms": chain, "chain_p50_met": chain is not None and chain < TARGET_CHAIN_P50_MS,
            "reach_p50_ms": reach, "reach_p50_met": reach is not None and reach < TARGET_REACH_P50_MS}


# -- tables ------------------------------------------------------------------------------------


# -- command line ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> BenchConfig:
    p = argparse.ArgumentParser(prog="python -m bench.scale.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--size", action="append", required=True, help="10k, 100k, 1m … (repeatable)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--neo4j", dest="neo4j", action="store_true", default=None)
    p.add_argument("--no-neo4j", dest="neo4j", action="store_false")
    p.add_argument("--neo4j-uri")
    p.add_argument("--neo4j-max-items", type=int, default=200_000)
    p.add_argument("--neo4j-load", choices=NEO4J_LOADS, default="cypher")
    p.add_argument("--samples", type=int, default=200)
    p.add_argument("--actor-samples", type=int, default=20)
    p.add_argument("--cypher-samples", type=int, default=50)
    p.add_argument("--no-alerts", dest="alerts", action="store_false")
    p.add_argument("--reuse-store", action="store_true")
    p.add_argument("--no-embedded", dest="embedded", action="store_false")
    p.add_argument("--work", type=Path, default=DEFAULT_WORK)
    p.add_argument("--json", type=Path)
    a = p.parse_args(argv)
    return BenchConfig(sizes=[parse_count(s) for s in a.size], seed=a.seed, work=a.work, json_path=a.json,
                       neo4j=a.neo4j, neo4j_uri=a.neo4j_uri, neo4j_max_items=a.neo4j_max_items,
                       neo4j_load=a.neo4j_load, samples=a.samples,
                       actor_samples=a.actor_samples, cypher_samples=a.cypher_samples, alerts=a.alerts,
                       reuse_store=a.reuse_store, embedded=a.embedded)


def main(argv: list[str] | None = None) -> int:
    from graph.errors import CustodyError

    try:
        run_bench(parse_args(argv))
    except (BenchError, CustodyError) as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {exc}", highlight=False)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
