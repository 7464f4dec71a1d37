"""The CLI as a user runs it: each command on a small fictional store, and errors as one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app, console
from graph.model import Model
from graph.sqlite_store import SqliteStore
from tests.queries.test_reach import base

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, model: Model) -> str:
    path = tmp_path / "cli.db"
    b = base(model)
    b.relation("MEMBER_OF", b.actor("Petro During", "Person"), "actor:1st-battalion-7th-brigade", "2023-06", None)
    store = SqliteStore(path, model)
    store.write(b.batch)
    store.close()
    return str(path)


@pytest.mark.parametrize(
    ("args", "expect"),
    [
        (["stats"], "Actor:MilitaryUnit"),
        (["chain", "JAV-0042", "--as-of", "2024-06-30"], "1st Battalion"),
        (["reach", "jav 0042", "--max-hops", "2"], "Petro During"),
        (["reachable", "Petro During"], "JAV-0042"),
        (["paths", "Petro During", "JAV-0042"], "Petro During —member of→ 1st Battalion"),
        (["alerts", "--as-of", "2024-06-30"], "alerts"),
    ],
)
def test_commands_print_readable_answers(db: str, args: list[str], expect: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 200)
    result = runner.invoke(app, [*args, "--store", db])
    assert result.exit_code == 0, result.output
    assert expect in result.output


def test_unknown_serial_is_one_line_with_suggestions(db: str) -> None:
    proc = subprocess.run([sys.executable, "-c", "from api.cli import main; main()", "chain", "JAV-0043",
                           "--store", db], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "no item matches 'JAV-0043'" in proc.stderr and "JAV-0042" in proc.stderr


def test_chain_shows_an_events_modality_unless_reported(tmp_path: Path, model: Model,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(console, "width", 200)
    b = base(model)
    b.event("THEFT", "item:JAV0042", "2024-03-01", from_actor="actor:customs-post-4",
            to_actor=b.actor("Grey Heron group", "ArmedGroup"), quote="allegedly stolen", modality="alleged")
    path = tmp_path / "modality.db"
    store = SqliteStore(path, model)
    store.write(b.batch)
    store.close()
    out = runner.invoke(app, ["chain", "JAV-0042", "--as-of", "2024-06-30", "--store", str(path)])
    assert out.exit_code == 0, out.output
    text = " ".join(out.output.split())
    assert "THEFT (alleged)" in text and "SEIZURE" in text and "SEIZURE (" not in text
