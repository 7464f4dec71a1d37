"""``bench/api_latency.py --floor``: the HTTP stack alone answers its fixed body, in process and
served by uvicorn to the bench's clients, and the bench prints a line per measurement."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.http_floor import BODY, app

REPO = Path(__file__).resolve().parents[1]


def test_the_floor_app_answers_its_body_to_any_request() -> None:
    sent: list[dict[str, Any]] = []
    parts = iter([{"type": "http.request", "body": b'{"query": "', "more_body": True},
                  {"type": "http.request", "body": b'{ x }"}', "more_body": False}])

    async def receive() -> dict[str, Any]:
        return next(parts)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "http", "method": "POST", "path": "/graphql"}, receive, send))
    assert sent[0]["status"] == 200 and sent[1]["body"] == BODY
    assert next(parts, None) is None  # the whole body was read


def test_the_bench_measures_the_floor_over_http() -> None:
    r = subprocess.run([sys.executable, "bench/api_latency.py", "--floor", "--rounds", "1", "--requests", "30",
                        "--concurrency", "2", "--workers", "1"], cwd=REPO, capture_output=True, text=True,
                       timeout=120, check=False)
    assert r.returncode == 0, r.stderr[-2000:]
    lines = [ln for ln in r.stdout.splitlines() if "HTTP stack alone" in ln]
    assert len(lines) == 2 and all("req/s" in ln and "CPU" in ln for ln in lines), r.stdout
