"""`custody extract` as the scorer runs it: one JSON per readable input, whatever the others do."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()


def test_extract_writes_every_readable_file_and_names_the_unreadable_one(tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "good.txt").write_text("SOURCE: fictional\nDATE: 2024-03-02\n\n"
                                    "Border guards seized 40 rifles from the Night Wolves at the Bilhorod crossing.\n")
    (texts / "empty.txt").write_text("")
    (texts / "headers.txt").write_text("SOURCE: fictional\nDATE: 2024-03-02\n")
    (texts / "binary.txt").write_bytes(b"\x00\x01\x02 not a report \x00")
    out = tmp_path / "out"
    done = runner.invoke(app, ["extract", *(str(p) for p in sorted(texts.iterdir())), "--out", str(out)])
    # The unreadable file is named and makes the run exit 2; the texts without words are empty
    # answers, not failures; the good text is extracted either way.
    assert done.exit_code == 2, done.output
    assert "binary.txt" in done.output and "NUL" in done.output
    assert sorted(p.name for p in out.iterdir()) == ["empty.json", "good.json", "headers.json"]
    good = json.loads((out / "good.json").read_text())
    assert any(e["type"] == "SEIZURE" for e in good["events"])
    for name in ("empty", "headers"):
        assert json.loads((out / f"{name}.json").read_text()) == {"entities": [], "events": []}
