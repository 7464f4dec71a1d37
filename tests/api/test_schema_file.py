"""The committed schema.graphql is the code's schema; the CLI commands around the API."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from api.schema import schema
from graph.model import load_model

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "api" / "schema.graphql"


def test_committed_schema_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""
    assert committed.strip() == schema.as_str().strip(), (
        "api/schema.graphql differs from the code's schema; regenerate it with: custody schema > api/schema.graphql")


def test_every_actor_kind_of_the_model_has_a_graphql_type() -> None:
    from api.schema.actor import ACTOR_TYPES

    assert set(ACTOR_TYPES) == set(load_model().labels["Actor"])


def test_keys_create_list_revoke(tmp_path: Path) -> None:
    runner = CliRunner()
    keys = tmp_path / "keys.json"
    made = runner.invoke(app, ["keys", "create", "--role", "analyst", "--name", "ana", "--keys-file", str(keys)])
    assert made.exit_code == 0, made.output
    token = made.stdout.strip().splitlines()[-1]
    assert token.startswith("cgk_") and token not in keys.read_text()  # only the hash is kept
    listed = runner.invoke(app, ["keys", "list", "--keys-file", str(keys)])
    [key] = json.loads(keys.read_text())["keys"]
    assert key["id"] in listed.stdout and "analyst" in listed.stdout
    revoked = runner.invoke(app, ["keys", "revoke", key["id"], "--keys-file", str(keys)])
    assert revoked.exit_code == 0 and json.loads(keys.read_text())["keys"][0]["revoked"]
    bad = runner.invoke(app, ["keys", "create", "--role", "wizard", "--keys-file", str(keys)])
    assert bad.exit_code != 0


def test_audit_command_reads_the_log(tmp_path: Path) -> None:
    from api.audit import AuditLog

    log = tmp_path / "audit.jsonl"
    AuditLog(log).record(key_id="key-1", key_name="vic", role="viewer", operation="Chain", operation_type="query",
                         query="{ x }", variables={"s": "JAV-7002"}, duration_ms=3.2, result_bytes=120, errors=[],
                         client="127.0.0.1")
    out = CliRunner().invoke(app, ["audit", "--log", str(log), "--json"])
    assert out.exit_code == 0 and json.loads(out.stdout)["operation"] == "Chain"
    table = CliRunner().invoke(app, ["audit", "--log", str(log)])
    assert table.exit_code == 0 and "vic" in table.stdout
    missing = CliRunner().invoke(app, ["audit", "--log", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1


def test_schema_command_prints_the_sdl() -> None:
    out = CliRunner().invoke(app, ["schema"])
    assert out.exit_code == 0 and "type Query" in out.stdout and "custodyChain" in out.stdout


def test_serve_refuses_a_public_address_without_keys(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--store", str(tmp_path / "s.db")],
                             env={"CUSTODY_KEYS_FILE": str(tmp_path / "keys.json")})
    assert out.exit_code != 0
    assert "refusing to serve on 0.0.0.0" in str(out.exception) + out.output
