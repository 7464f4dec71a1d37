"""Two versions of the API served side by side on one store, one client asking each the same new
custody chains in turn, request by request (which one goes first alternates): the two share every
moment's load, which on this 2-core machine moves latencies more than most changes do. Rounds 7,
10 and 11 of the API work (docs/performance.md) compared versions this way by hand; run by run
(``bench/api_latency.py`` for one version, then for the other) the load moved by ±30 % between runs.

The base version is a git ref of this repository (its tree is extracted to a temporary folder) or
a folder holding another checkout; the other is this tree. Each is served by uvicorn with one
worker (so the server's CPU is one process's), on the same generated store: embedded, or Neo4j
(the test server of ``tests/neo4j_server.py``, started here). Every question is new to both
servers (they keep answers, ``api/answers.py``). Printed per run: each side's p50 and mean latency
and its server's CPU a request; then which side was faster in how many runs. Traffic goes only to
127.0.0.1 and every loop is bounded (``--requests``).

    .venv/bin/python bench/api_side_by_side.py [--base main] [--store embedded] [--items 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.api_latency import QUERY, KeptAlive, embedded_world, free_port, generate, neo4j_world  # noqa: E402
from bench.proc import process_cpu_seconds  # noqa: E402


def base_tree(base: str, tmp: Path) -> Path:
    """The folder of the base version: ``base`` itself when it is a folder, else the tree of the git
    ref ``base`` extracted under ``tmp``."""
    if Path(base).is_dir():
        return Path(base).resolve()
    r = subprocess.run(["git", "archive", "--format=tar", base], cwd=ROOT, capture_output=True, check=False)
    if r.returncode != 0:
        raise SystemExit(f"error: {base!r} is neither a folder nor a git ref of {ROOT} "
                         f"({r.stderr.decode(errors='replace').strip()})")
    dest = tmp / "base"
    with tarfile.open(fileobj=io.BytesIO(r.stdout)) as tar:
        tar.extractall(dest, filter="data")
    return dest


@contextlib.contextmanager
def served(tree: Path, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """uvicorn with one worker serving the API of the code in ``tree`` (its own ``api`` and ``graph``
    come first on the path); yields its URL and pid."""
    port = free_port()
    env = {**os.environ, **env, "PYTHONPATH": str(tree), "CUSTODY_HOST": "127.0.0.1", "CUSTODY_PORT": str(port)}
    cmd = [sys.executable, "-m", "uvicorn", "api.app:app_from_env", "--factory", "--host", "127.0.0.1",
           "--port", str(port), "--workers", "1", "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=tree, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit(f"the server of {tree} did not start")
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def side_by_side(clients: list[KeptAlive], pids: list[int], serials: list[str]) -> list[dict[str, float]]:
    """Each serial asked of every side in turn (the first side alternates); per side: p50 and mean
    latency (ms) and its server's CPU a request (ms, from ``/proc``)."""
    latencies: list[list[float]] = [[] for _ in clients]
    cpu = [0.0 for _ in clients]
    for i, serial in enumerate(serials):
        order = list(range(len(clients)))
        for side in order if i % 2 else order[::-1]:
            c0, t0 = process_cpu_seconds(pids[side]) or 0.0, time.perf_counter()
            status, body = clients[side].post("/graphql", {"query": QUERY, "variables": {"item": serial}})
            t1, c1 = time.perf_counter(), process_cpu_seconds(pids[side]) or 0.0
            if status != 200 or "errors" in body:
                raise SystemExit(f"bad answer from side {side + 1}: {status} {str(body)[:300]}")
            latencies[side].append(t1 - t0)
            cpu[side] += c1 - c0
    return [{"p50_ms": statistics.median(lat) * 1000, "mean_ms": statistics.mean(lat) * 1000,
             "cpu_ms": cpu[side] / len(serials) * 1000} for side, lat in enumerate(latencies)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="main", help="a git ref of this repository, or a folder with another checkout")
    ap.add_argument("--store", choices=["embedded", "neo4j"], default="embedded")
    ap.add_argument("--items", type=int, default=10_000)
    ap.add_argument("--requests", type=int, default=600, help="new questions asked of each side per run (bounded)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args(argv)
    if args.requests < 1 or args.runs < 1 or args.items < 1:
        raise SystemExit("error: --items, --requests and --runs must be at least 1")

    tmp = Path(tempfile.mkdtemp(prefix="custody-side-"))
    names = [f"base ({args.base})", "this tree"]
    trees = [base_tree(args.base, tmp), ROOT]
    world = embedded_world if args.store == "embedded" else neo4j_world
    with world(args.items, tmp) as (store, env, _), contextlib.ExitStack() as stack:
        serials = generate(store, store.model, args.items)
        need = 50 + args.requests * args.runs
        if len(serials) < need:
            raise SystemExit(f"error: {args.runs} runs of {args.requests} new questions and 50 to warm up need "
                             f"--items {need} or more")
        servers = [stack.enter_context(served(tree, {**env, "CUSTODY_KEYS_FILE": str(tmp / "keys.json"),
                                                     "CUSTODY_AUDIT_LOG": str(tmp / f"audit-{side}.jsonl")}))
                   for side, tree in enumerate(trees)]
        clients = [KeptAlive(url) for url, _ in servers]
        pids = [pid for _, pid in servers]
        random.Random(5).shuffle(serials)
        side_by_side(clients, pids, serials[:50])  # warm both: caches, the first runs of the query text
        runs: list[list[dict[str, float]]] = []
        for i in range(args.runs):
            sample = serials[50 + i * args.requests: 50 + (i + 1) * args.requests]
            runs.append(side_by_side(clients, pids, sample))
            print(f"run {i + 1}/{args.runs} ({args.requests} new chains each): " + "; ".join(
                f"{name} p50 {r['p50_ms']:.3f} ms, mean {r['mean_ms']:.3f} ms, server CPU {r['cpu_ms']:.3f} ms"
                for name, r in zip(names, runs[-1], strict=True)), flush=True)
    faster = sum(r[1]["p50_ms"] < r[0]["p50_ms"] for r in runs)
    cheaper = sum(r[1]["cpu_ms"] < r[0]["cpu_ms"] for r in runs)
    diff = [r[1]["p50_ms"] - r[0]["p50_ms"] for r in runs]
    print(f"\n{args.store}, {args.items:,} items: this tree's p50 minus the base's: median "
          f"{statistics.median(diff):+.3f} ms (range {min(diff):+.3f} to {max(diff):+.3f}); faster in {faster} of "
          f"{len(runs)} runs, less server CPU in {cheaper} of {len(runs)}")


if __name__ == "__main__":
    main()
