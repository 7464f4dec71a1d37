"""Where the server listens: anything not provably loopback is public, an open server (no keys)
refuses a public bind, and ``custody serve`` prints the address the kernel actually bound."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.auth import KeyRing, check_exposure, is_loopback
from api.cli_serve import banner, bind
from api.settings import Settings
from graph.errors import CustodyError
from graph.model import load_model
from graph.sqlite_store import SqliteStore

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "::ffff:127.0.0.1",
                                  "[::ffff:127.0.0.1]", "localhost", "127.1"])
def test_loopback_addresses(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["", " ", "0", "0.0.0.0", "::", "[::]", "::ffff:0.0.0.0", "::ffff:10.0.0.1",
                                  "10.0.0.1", "192.168.1.20", "2001:db8::1", "example.invalid", "not a host"])
def test_everything_else_is_public(host: str) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["", "0", "::", "::ffff:10.0.0.1"])
def test_an_open_server_refuses_a_public_bind(tmp_path: Path, host: str) -> None:
    ring = KeyRing(tmp_path / "keys.json")
    with pytest.raises(CustodyError, match="refusing to serve"):
        check_exposure(host, ring)
    ring.create("admin")
    assert check_exposure(host, ring) is None  # with a key, any address


def test_the_server_writes_no_access_log_beside_the_audit_log(tmp_path: Path) -> None:
    config, sockets = bind(Settings(host="127.0.0.1", port=0, keys_file=tmp_path / "keys.json"), 1)
    for sock in sockets:
        sock.close()
    assert config.access_log is False and config.log_level == "info"


def test_the_banner_names_a_wildcard_bind() -> None:
    lines = banner([("0.0.0.0", 8123)])
    assert lines[0] == "listening on 0.0.0.0:8123 (every interface of this machine)"
    assert "http://127.0.0.1:8123/graphql" in lines[1]
    assert banner([("::1", 9000)])[0] == "listening on [::1]:9000"


def _cli(tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "CUSTODY_AUDIT_LOG": str(tmp_path / "audit.jsonl")}
    env.pop("CUSTODY_HOST", None)
    return subprocess.Popen([sys.executable, "-c", "from api.cli import main; main()", *args], cwd=tmp_path,
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = tmp_path / "serve.db"
    SqliteStore(path, load_model()).close()
    return str(path)


@pytest.mark.parametrize("host", ["", "0"])
def test_serve_refuses_an_empty_or_zero_host_without_keys(tmp_path: Path, db: str, host: str) -> None:
    proc = _cli(tmp_path, "serve", "--store", db, "--host", host, "--port", "0")
    out, errs = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert "refusing to serve" in out + errs and "Traceback" not in errs
    assert "listening" not in out


def test_serve_prints_the_port_it_actually_bound(tmp_path: Path, db: str) -> None:
    proc = _cli(tmp_path, "serve", "--store", db, "--host", "127.0.0.1", "--port", "0")
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()  # port 0: only the kernel knows which port it is
        assert first.startswith("listening on 127.0.0.1:"), first
        port = int(first.rsplit(":", 1)[1])
        assert port > 0
        deadline = time.monotonic() + 30
        while True:
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json() == {"status": "ok"}
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)
