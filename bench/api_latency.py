"""API overhead on the custody-chain question: the same chains asked directly
(``queries.chain.custody_chain``) and over HTTP (GraphQL, uvicorn with 2 workers, a
subprocess), on a generated embedded store of fictional items.

Prints requests/s and p50/p99 latency for both, and the API's overhead as ratios. Traffic
goes only to 127.0.0.1 and every loop is bounded (``--requests``).

    .venv/bin/python bench/api_latency.py [--items 10000] [--requests 2000] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.builder import FactBuilder  # noqa: E402
from graph.model import Model, load_model  # noqa: E402
from graph.sqlite_store import SqliteStore  # noqa: E402
from queries.chain import custody_chain  # noqa: E402

QUERY = """query Chain($item: String!) {
  custodyChain(item: $item, asOf: "2024-06-30") {
    item { id serial }
    segments { index start end holder { id name } location { id name } events { type date }
               evidence { quote document { title } } }
    anomalies { kind message segments }
  }
}"""


def generate(store: SqliteStore, model: Model, items: int, seed: int = 7) -> list[str]:
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


def timed(fn: Callable[[str], object], serials: list[str], concurrency: int) -> dict[str, float]:
    latencies: list[float] = []

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
    return stats(latencies, time.perf_counter() - t0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=2000, help="requests per measurement (bounded)")
    ap.add_argument("--concurrency", type=int, default=8, help="client threads for the throughput run")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="custody-bench-"))
    db = tmp / "bench.db"
    model = load_model()
    store = SqliteStore(db, model)
    t = time.perf_counter()
    serials = generate(store, model, args.items)
    print(f"generated {len(serials):,} items in {time.perf_counter() - t:.1f}s: {store.counts()['Event']:,} events, "
          f"{store.counts()['Relation']:,} relations ({db})")
    rng = random.Random(1)
    sample = [rng.choice(serials) for _ in range(args.requests)]

    # direct: the query function, in this process, one caller
    for s in sample[:50]:
        custody_chain(store, s)
    direct = timed(lambda s: custody_chain(store, s), sample, 1)
    store.close()

    port = free_port()
    env = {**os.environ, "CUSTODY_STORE": str(db), "CUSTODY_HOST": "127.0.0.1", "CUSTODY_PORT": str(port),
           "CUSTODY_KEYS_FILE": str(tmp / "keys.json"), "CUSTODY_AUDIT_LOG": str(tmp / "audit.jsonl")}
    cmd = [sys.executable, "-m", "uvicorn", "api.app:app_from_env", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--workers", str(args.workers), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("the server did not start")
            time.sleep(0.2)

        local = threading.local()

        def ask(serial: str) -> None:
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = httpx.Client(base_url=url, timeout=30)
            r = client.post("/graphql", json={"query": QUERY, "variables": {"item": serial}})
            body = r.json()
            if r.status_code != 200 or "errors" in body:
                raise SystemExit(f"bad answer: {r.status_code} {str(body)[:300]}")

        for s in sample[:100]:
            ask(s)
        api_seq = timed(ask, sample, 1)
        api_conc = timed(ask, sample, args.concurrency)
    finally:
        proc.terminate()
        proc.wait(timeout=20)

    def line(name: str, s: dict[str, float]) -> str:
        return f"{name:<44} {s['rps']:>9.1f} req/s   p50 {s['p50_ms']:>7.2f} ms   p99 {s['p99_ms']:>7.2f} ms"

    print(f"\ncustodyChain on {args.items:,} items, {args.requests:,} requests each")
    print(line("direct custody_chain(), 1 caller", direct))
    print(line("API over HTTP, 1 client (sequential)", api_seq))
    print(line(f"API over HTTP, {args.concurrency} clients, {args.workers} workers", api_conc))
    print(f"\nAPI overhead: p50 latency x{api_seq['p50_ms'] / direct['p50_ms']:.2f}, "
          f"p99 x{api_seq['p99_ms'] / direct['p99_ms']:.2f} (sequential); throughput "
          f"{api_conc['rps'] / direct['rps']:.2f}x the direct single caller with {args.workers} workers")


if __name__ == "__main__":
    main()
