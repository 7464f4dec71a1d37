"""A careless (or hostile) query against a real server: how long until it is answered, and how
long ``/health`` waits meanwhile, with the query cost limit and, as the anchor in the same run,
with the limit lifted (the timeout alone stopping it).

    custody generate --items 10k w10k && custody ingest --store w10k.db w10k/manifests
    python bench/api_hostile.py w10k.db

The query is issue 18's: 30 aliases of
``actors(first:100){events(first:50){evidence{quote} subject{name evidence{quote}}} relations{evidence{quote}}}``.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from api.app import create_app
from api.settings import Settings
from graph.model import load_model
from graph.sqlite_store import SqliteStore

ALIAS = ("actors(first:100){ nodes { events(first:50){evidence{quote} subject{name evidence{quote}}} "
         "relations{evidence{quote}} } }")
HOSTILE = "{ " + " ".join(f"a{i}: {ALIAS}" for i in range(30)) + " }"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def measure(store_path: str, **overrides: Any) -> dict[str, Any]:
    """Serve the store with ``overrides`` in a uvicorn thread; send the query while polling /health."""
    port = _port()
    tmp = Path(tempfile.mkdtemp())
    settings = Settings.model_construct(**{**Settings.model_construct().model_dump(), "store": store_path,
                                           "keys_file": tmp / "keys.json", "audit_log": tmp / "audit.jsonl",
                                           **overrides})
    store = SqliteStore(store_path, load_model())
    server = uvicorn.Server(uvicorn.Config(create_app(settings, store=store), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    answer: dict[str, Any] = {}

    def ask() -> None:
        t0 = time.monotonic()
        r = httpx.post(f"{base}/graphql", json={"query": HOSTILE}, timeout=600)
        answer.update(seconds=time.monotonic() - t0, status=r.status_code,
                      code=(r.json().get("errors") or [{}])[0].get("extensions", {}).get("code"))

    health: list[float] = []
    asker = threading.Thread(target=ask)
    asker.start()
    with httpx.Client(base_url=base, timeout=600) as client:
        while asker.is_alive():
            t0 = time.monotonic()
            client.get("/health")
            health.append(time.monotonic() - t0)
            time.sleep(0.05)
    asker.join()
    server.should_exit = True
    thread.join()
    store.close()
    return {**answer, "health_max_ms": max(health) * 1000 if health else 0.0,
            "health_p50_ms": statistics.median(health) * 1000 if health else 0.0, "health_probes": len(health)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store", help="an embedded store file (e.g. a generated 10k world)")
    parser.add_argument("--timeout", type=float, default=20.0, help="the query timeout, seconds (default 20)")
    args = parser.parse_args()
    limited = measure(args.store, query_timeout_s=args.timeout)
    anchor = measure(args.store, query_timeout_s=args.timeout, max_query_cost=10**12)
    print(f"{'':<28}{'answer s':>10}{'code':>16}{'/health p50 ms':>16}{'/health max ms':>16}")
    for name, r in (("cost limit (this version)", limited), ("limit lifted (anchor)", anchor)):
        print(f"{name:<28}{r['seconds']:>10.3f}{r['code']!s:>16}{r['health_p50_ms']:>16.1f}{r['health_max_ms']:>16.1f}")
    print(f"answer time ratio (limited / anchor): {limited['seconds'] / anchor['seconds']:.4f}")


if __name__ == "__main__":
    main()
