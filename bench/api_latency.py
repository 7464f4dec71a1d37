"""API overhead on the custody-chain question: the same chains asked directly
(``queries.chain.custody_chain``, one caller in this process) and over HTTP (GraphQL, uvicorn
with 2 workers, a subprocess), on a generated store of fictional items: embedded, Neo4j (the
test server of ``tests/neo4j_server.py``, started here) or both.

Each round asks the direct call and one HTTP client in turn, request by request, then
``--concurrency`` clients, then the direct call again (its throughput is the mean of before and
after), so the anchor shares the load of the moment; the summary gives the median and the range
over the rounds of the two figures issue 16 asks for: the per-request overhead (HTTP p50 minus
direct p50, one client) and the throughput of the clients over the direct caller's. The server
keeps answers until the store changes (``api/answers.py``), so each figure is given twice: for
questions no client asked before (every round draws new serials) and for the same questions
asked again. Each uvicorn worker keeps its own answers: the questions asked again were first
asked through one connection, so one worker kept them, and the 8 clients' share that lands on the
other worker is answered as new (their figure is a mix). The throughput ratio set against the
issue's aim is the new questions' one. Traffic goes only to 127.0.0.1 and every loop is bounded
(``--requests``).

    .venv/bin/python bench/api_latency.py [--store both] [--items 10000] [--requests 300] [--rounds 3]

``--floor`` measures the HTTP stack alone instead (the same uvicorn and clients, a fixed answer):
the ceiling of requests/s the API could reach on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.proc import process_cpu_seconds  # noqa: E402
from graph.builder import FactBuilder  # noqa: E402
from graph.model import Model, load_model  # noqa: E402
from graph.sqlite_store import SqliteStore  # noqa: E402
from graph.store import Store  # noqa: E402
from queries.chain import custody_chain  # noqa: E402

QUERY = """query Chain($item: String!) {
  custodyChain(item: $item, asOf: "2024-06-30") {
    item { id serial }
    segments { index start end holder { id name } location { id name } events { type date }
               evidence { quote document { title } } }
    anomalies { kind message segments }
  }
}"""


def generate(store: Store, model: Model, items: int, seed: int = 7) -> list[str]:
    """A fictional army: shipments to a national depot, handovers to brigades and battalions,
    some inventories, an occasional seizure. Returns the serials."""
    rng = random.Random(seed)
    serials: list[str] = []
    per_doc = 500
    for start in range(0, items, per_doc):
        b = FactBuilder(model, title=f"log-{start}.csv", text=f"fictional generated log {start}", kind="EventLog")
        jav = b.weapon_system("FGM-148 Javelin", "ATGM", eeum=True)
        national, army = b.actor("Generated Supply Command", "Organization"), b.actor("Generated Army", "Organization")
        depot = b.location("Generated Depot G-1", "Depot")
        b.relation("SUBORDINATE_TO", national, army)
        ship = b.shipment(f"GEN-{start // per_doc:04d}", props={"consignee": national, "end_user": army})
        b.event("DELIVERY", ship, "2023-03-10", to_actor=national, location=depot)
        for i in range(start, min(start + per_doc, items)):
            serial = f"GEN-{i:06d}"
            serials.append(serial)
            item = b.item(serial=serial, system=jav)
            b.relation("CONTAINS", ship, item)
            bde = b.actor(f"Generated Brigade {i % 20}", "MilitaryUnit")
            bn = b.actor(f"Generated Battalion {i % 60}", "MilitaryUnit")
            b.relation("SUBORDINATE_TO", bde, army)
            b.relation("SUBORDINATE_TO", bn, bde)
            base = b.location(f"Generated Base {i % 30}", "Depot")
            b.relation("BASED_AT", bn, base, "2023-01-01", "2023-12-31")
            b.event("HANDOVER", item, "2023-04-01", from_actor=national, to_actor=bde, location=depot)
            b.event("HANDOVER", item, "2023-04-20", from_actor=bde, to_actor=bn, location=base)
            if rng.random() < 0.5:
                b.event("INVENTORY", item, "2023-09-15", to_actor=bn, location=base)
            if rng.random() < 0.02:
                b.event("SEIZURE", item, "2024-02-10", from_actor=b.actor(f"Generated Group {i % 5}", "ArmedGroup"),
                        to_actor=b.actor("Generated Customs Office", "Organization"))
        store.write(b.batch)
    return serials


def stats(latencies: list[float], wall: float) -> dict[str, float]:
    ordered = sorted(latencies)
    return {"rps": len(latencies) / wall, "p50_ms": statistics.median(ordered) * 1000,
            "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000}


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes ``pids`` (this one included as 0), from /proc."""
    return sum(process_cpu_seconds(pid) or 0.0 for pid in pids)


def waited_seconds(pids: list[int]) -> float:
    """Time the threads of this process and of ``pids`` spent ready to run but waiting for a CPU
    (the run queue's delay, ``/proc/PID/task/TID/schedstat``): on a loaded machine, the part of a
    request's wall time that is neither its own CPU nor anything it waits for."""
    total = 0
    for pid in [os.getpid(), *pids]:
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{pid}/task").iterdir():
                with contextlib.suppress(OSError, IndexError, ValueError):
                    total += int((task / "schedstat").read_text().split()[1])
    return total / 1e9


def children(pid: int) -> list[int]:
    """The processes ``pid`` started (uvicorn's workers)."""
    out: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def timed(fn: Callable[[str], object], serials: list[str], concurrency: int,
          others: Callable[[], list[int]] = list) -> dict[str, float]:
    """Requests/s, p50 and p99 of ``fn`` over ``serials``, and its CPU per request: this process's
    (``time.process_time``) plus that of the processes ``others()`` names (the server's). The
    CPU figure stands up to a loaded machine far better than the latencies do."""
    latencies: list[float] = []
    pids = others()
    cpu0, own0, wait0 = cpu_seconds(pids), time.process_time(), waited_seconds(pids)

    def one(serial: str) -> None:
        t = time.perf_counter()
        fn(serial)
        latencies.append(time.perf_counter() - t)

    t0 = time.perf_counter()
    if concurrency == 1:
        for s in serials:
            one(s)
    else:
        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, serials))
    out = stats(latencies, time.perf_counter() - t0)
    cpu = time.process_time() - own0 + cpu_seconds(pids) - cpu0
    return {**out, "cpu_ms": cpu / len(serials) * 1000, "wait_ms": (waited_seconds(pids) - wait0) / len(serials) * 1000}


def paired(direct: Callable[[str], object], api: Callable[[str], object], serials: list[str],
           direct_pids: list[int], api_pids: list[int]) -> tuple[dict[str, float], dict[str, float]]:
    """The direct call and one HTTP client on the same serials, one request of each in turn
    (alternating which goes first): a load that drifts on a shared machine weighs on both alike.
    CPU per request counts this process and the processes named (the server's, the database's)
    over each request only."""
    lat: dict[str, list[float]] = {"direct": [], "api": []}
    cpu = {"direct": 0.0, "api": 0.0}
    wall = {"direct": 0.0, "api": 0.0}
    waited = {"direct": 0.0, "api": 0.0}
    for i, serial in enumerate(serials):
        order = (("direct", direct, direct_pids), ("api", api, api_pids))
        for name, fn, pids in order if i % 2 else order[::-1]:
            w0, p0, o0, t0 = waited_seconds(pids), cpu_seconds(pids), time.process_time(), time.perf_counter()
            fn(serial)
            t1, o1, p1, w1 = time.perf_counter(), time.process_time(), cpu_seconds(pids), waited_seconds(pids)
            waited[name] += w1 - w0
            lat[name].append(t1 - t0)
            wall[name] += t1 - t0
            cpu[name] += o1 - o0 + p1 - p0
    return tuple(  # type: ignore[return-value]
        {**stats(lat[n], wall[n]), "cpu_ms": cpu[n] / len(serials) * 1000,
         "wait_ms": waited[n] / len(serials) * 1000} for n in ("direct", "api"))


class KeptAlive:
    """A lean HTTP client: one kept-alive ``http.client`` connection, JSON in and out. httpx spends
    about 1.3 ms of CPU on each request of its own (its models, URL handling, cookies); that is the
    client's cost, not the API's, and on 2 cores it is CPU the server does not get."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def post(self, path: str, payload: dict[str, Any]) -> tuple[int, Any]:
        body = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json"}
        for attempt in (1, 2):
            try:
                self.conn.request("POST", path, body, headers)
                r = self.conn.getresponse()
                return r.status, json.loads(r.read())
            except (http.client.RemoteDisconnected, ConnectionError):
                # the server closed the idle connection (uvicorn's keep-alive timeout): connect again once
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


class HttpxClient:
    """httpx, as the bench used before (``--client httpx``)."""

    def __init__(self, url: str) -> None:
        self.client = httpx.Client(base_url=url, timeout=60)

    def post(self, path: str, payload: dict[str, Any]) -> tuple[int, Any]:
        r = self.client.post(path, json=payload)
        return r.status_code, r.json()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(env: dict[str, str], workers: int, server_args: list[str],
           app: tuple[str, ...] = ("api.app:app_from_env", "--factory")) -> Iterator[tuple[str, int]]:
    """uvicorn with ``workers`` processes serving ``app`` (by default the API on the store ``env``
    names); yields its URL and pid."""
    port = free_port()
    env = {**os.environ, **env, "CUSTODY_HOST": "127.0.0.1", "CUSTODY_PORT": str(port)}
    cmd = [sys.executable, "-m", "uvicorn", *app, "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(workers), "--log-level", "warning", *server_args]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


@contextlib.contextmanager
def embedded_world(items: int, tmp: Path) -> Iterator[tuple[Store, dict[str, str], list[int]]]:
    db = tmp / "bench.db"
    store = SqliteStore(db, load_model())
    try:
        yield store, {"CUSTODY_STORE": str(db)}, []
    finally:
        store.close()


@contextlib.contextmanager
def neo4j_world(items: int, tmp: Path) -> Iterator[tuple[Store, dict[str, str], list[int]]]:
    from graph.neo4j_store import Neo4jStore
    from tests.neo4j_server import DEFAULT_JAVA_OPTS, JAVA_OPTS_ENV, Neo4jServer

    # As bench/scale does at this size: a 1 GiB heap and the full JIT (the tests stop at C1 to start fast).
    opts = [o for o in DEFAULT_JAVA_OPTS if not o.startswith(("-Xm", "-XX:TieredStopAtLevel"))]
    os.environ.setdefault(JAVA_OPTS_ENV, " ".join(["-Xms1g", "-Xmx1g", *opts]))
    with Neo4jServer() as server:
        store = Neo4jStore.connect(server.uri, load_model(), auth=(server.user, server.password))
        try:
            proc = getattr(server, "_proc", None)  # tests.neo4j_server keeps its subprocess here
            yield store, {"CUSTODY_STORE": server.uri, "CUSTODY_NEO4J_USER": server.user,
                          "CUSTODY_NEO4J_PASSWORD": server.password}, [proc.pid] if proc is not None else []
        finally:
            store.close()


def line(name: str, s: dict[str, float]) -> str:
    return (f"  {name:<42} {s['rps']:>8.1f} req/s   p50 {s['p50_ms']:>7.2f} ms   p99 {s['p99_ms']:>7.2f} ms   "
            f"CPU {s['cpu_ms']:>6.2f} ms/request   waiting for a CPU {s['wait_ms']:>6.2f} ms/request")


def spread(values: list[float], fmt: str) -> str:
    return f"median {format(statistics.median(values), fmt)} (range {format(min(values), fmt)} to " \
           f"{format(max(values), fmt)})"


def floor(args: argparse.Namespace) -> None:
    """The HTTP stack alone (``bench/http_floor.py``: a fixed answer, same uvicorn, workers and
    clients), 1 client then ``--concurrency``, ``--rounds`` times: the ceiling of requests/s any
    GraphQL layer on it can reach here, and the CPU a request costs client and server."""
    local = threading.local()
    payload = {"query": QUERY, "variables": {"item": "GEN-000000"}}
    with served({}, args.workers, ["--http", args.http, "--loop", args.loop], ("bench.http_floor:app",)) as (url, pid):

        def ask(_: str) -> None:
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = HttpxClient(url) if args.client == "httpx" else KeptAlive(url)
            status, body = client.post("/graphql", payload)
            if status != 200 or body != {"data": {"floor": True}}:
                raise SystemExit(f"bad answer from the floor app: {status} {body}")

        server = children(pid)
        for _ in range(100):
            ask("")
        for i in range(args.rounds):
            for clients in (1, args.concurrency):
                s = timed(ask, [""] * args.requests, clients, lambda p=server: p)  # type: ignore[misc]
                print(line(f"HTTP stack alone, {clients} client(s), round {i + 1}", s), flush=True)


def bench_store(name: str, args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    world = embedded_world if name == "embedded" else neo4j_world
    with world(args.items, tmp) as (store, env, db_pids):
        t = time.perf_counter()
        serials = generate(store, store.model, args.items)
        counts = store.counts()
        print(f"{name}: generated {len(serials):,} items in {time.perf_counter() - t:.1f}s: "
              f"{counts['Event']:,} events, {counts['Relation']:,} relations", flush=True)
        env = {**env, "CUSTODY_KEYS_FILE": str(tmp / f"{name}-keys.json"),
               "CUSTODY_AUDIT_LOG": str(tmp / f"{name}-audit.jsonl")}
        rng = random.Random(1)
        local = threading.local()
        rounds: list[dict[str, dict[str, float]]] = []
        with served(env, args.workers, ["--http", args.http, "--loop", args.loop]) as (url, pid):

            def ask(serial: str) -> None:
                client = getattr(local, "client", None)
                if client is None:
                    client = local.client = HttpxClient(url) if args.client == "httpx" else KeptAlive(url)
                status, body = client.post("/graphql", {"query": QUERY, "variables": {"item": serial}})
                if status != 200 or "errors" in body:
                    raise SystemExit(f"bad answer: {status} {str(body)[:300]}")

            for s in serials[:50]:  # warm both: caches, JIT, the workers' connections
                custody_chain(store, s)
            for s in serials[:100]:
                ask(s)
            # every round asks questions not asked before (the server keeps answers until the store
            # changes, api/answers.py), then asks them again: both figures, kept apart
            fresh = [s for s in serials if s not in set(serials[:100])]
            rng.shuffle(fresh)
            for i in range(args.rounds):
                sample, other = fresh[:args.requests], fresh[args.requests:2 * args.requests]
                fresh = fresh[2 * args.requests:]
                server = [*db_pids, *children(pid)]
                one, api_1 = paired(lambda s: custody_chain(store, s), ask, sample, db_pids, server)
                api_n = timed(ask, other, args.concurrency, lambda p=server: p)  # type: ignore[misc]
                again_1 = paired(lambda s: custody_chain(store, s), ask, sample[: len(sample) // 2], db_pids,
                                 server)[1]
                again_n = timed(ask, sample, args.concurrency, lambda p=server: p)  # type: ignore[misc]
                after = timed(lambda s: custody_chain(store, s), other[: len(other) // 2], 1, lambda: db_pids)
                # the clients' throughput against the direct caller's just before and just after them
                direct = {**one, "rps": (one["rps"] + after["rps"]) / 2}
                r = {"direct": direct, "api_1": api_1, "api_n": api_n, "again_1": again_1, "again_n": again_n}
                rounds.append(r)
                print(f"{name} round {i + 1}/{args.rounds}: new questions: overhead "
                      f"{r['api_1']['p50_ms'] - r['direct']['p50_ms']:.2f} ms (CPU "
                      f"{r['api_1']['cpu_ms'] - r['direct']['cpu_ms']:.2f} ms), throughput "
                      f"{r['api_n']['rps'] / r['direct']['rps']:.2f}x; asked again: overhead "
                      f"{r['again_1']['p50_ms'] - r['direct']['p50_ms']:.2f} ms, throughput "
                      f"{r['again_n']['rps'] / r['direct']['rps']:.2f}x", flush=True)
                print(line("direct custody_chain(), 1 caller", r["direct"]))
                print(line("API over HTTP, 1 client, new questions", r["api_1"]))
                print(line(f"API, {args.concurrency} clients, {args.workers} workers, new", r["api_n"]))
                print(line("API over HTTP, 1 client, asked again", r["again_1"]))
                print(line(f"API, {args.concurrency} clients, {args.workers} workers, again", r["again_n"]),
                      flush=True)
    def figures(one: str, many: str) -> dict[str, list[float]]:
        return {"overhead_ms": [r[one]["p50_ms"] - r["direct"]["p50_ms"] for r in rounds],
                "overhead_cpu_ms": [r[one]["cpu_ms"] - r["direct"]["cpu_ms"] for r in rounds],
                "throughput_ratio": [r[many]["rps"] / r["direct"]["rps"] for r in rounds]}

    return {"store": name, "rounds": rounds, "new": figures("api_1", "api_n"), "again": figures("again_1", "again_n")}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--store", choices=["embedded", "neo4j", "both"], default="both")
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=300, help="requests per measurement (bounded)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of direct, 1 client, N clients, one after the other")
    ap.add_argument("--concurrency", type=int, default=8, help="client threads for the throughput run")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--http", choices=["auto", "h11", "httptools"], default="auto", help="uvicorn's HTTP parser")
    ap.add_argument("--client", choices=["http.client", "httpx"], default="http.client",
                    help="the clients' HTTP library (httpx costs about 1 ms of CPU a request more)")
    ap.add_argument("--loop", choices=["auto", "asyncio", "uvloop"], default="auto", help="uvicorn's event loop")
    ap.add_argument("--floor", action="store_true",
                    help="measure the HTTP stack alone instead (bench/http_floor.py: uvicorn answering a fixed body)")
    args = ap.parse_args()
    if args.floor:
        floor(args)
        return

    tmp = Path(tempfile.mkdtemp(prefix="custody-bench-"))
    names = ["embedded", "neo4j"] if args.store == "both" else [args.store]
    results = [bench_store(name, args, tmp) for name in names]
    print(f"\ncustodyChain on {args.items:,} items, {args.rounds} rounds of {args.requests:,} requests each, client "
          f"{args.client} "
          f"(aims: overhead <= 3 ms, throughput >= 1.5x)")
    for res in results:
        d = statistics.median(r["direct"]["p50_ms"] for r in res["rounds"])
        a = statistics.median(r["api_1"]["p50_ms"] for r in res["rounds"])
        print(f"{res['store']:<9} direct p50 {d:.2f} ms, HTTP p50 {a:.2f} ms (new questions)")
        for kind, what in (("new", "questions not asked before"), ("again", "the same questions asked again")):
            f = res[kind]
            print(f"  {what}: overhead {spread(f['overhead_ms'], '.2f')} ms; CPU overhead (client and server "
                  f"processes) {spread(f['overhead_cpu_ms'], '.2f')} ms; {args.concurrency} clients on "
                  f"{args.workers} workers {spread(f['throughput_ratio'], '.2f')}x the direct caller")

if __name__ == "__main__":
    main()
