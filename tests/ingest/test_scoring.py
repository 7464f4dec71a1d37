"""``custody score``: the shared scorer's matching, per label and type, and the errors listed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from api.cli import app
from ingest.nlp.scoring import load_folder, part_names, render, score
from tests.conftest import SHARED

runner = CliRunner()

GOLD: dict[str, Any] = {
    "a": {"entities": [{"text": "14th Reserve Brigade", "label": "MILITARY_UNIT"},
                       {"text": "Depot D-7", "label": "DEPOT"}],
          "events": [{"type": "THEFT", "item": "JAV-0042", "from": "Depot D-7", "date": "March 2024",
                      "sentence": "Launcher JAV-0042 was stolen from Depot D-7 in March 2024."},
                     {"type": "HANDOVER", "item": "NLAW-7003", "to": "14th Reserve Brigade",
                      "sentence": "NLAW-7003 was handed to the 14th Reserve Brigade."}]},
    "b": {"entities": [{"text": "Red Falcon group", "label": "ARMED_GROUP"}], "events": []},
}
PRED: dict[str, Any] = {
    "a": {"entities": [{"text": "the 14th Reserve Brigade", "label": "MILITARY_UNIT"},
                       {"text": "Red Falcon group", "label": "ARMED_GROUP"}],
          "events": [{"type": "DIVERSION", "item": "launcher JAV-0042", "from": "Grey Heron group",
                      "date": "March 2024", "sentence": "Launcher JAV-0042 was stolen from Depot D-7 in March 2024."},
                     {"type": "SEIZURE", "item": "STG-1", "sentence": "Police seized STG-1."}]},
    # no prediction for "b": it counts as predicting nothing
}


def write(folder: Path, docs: dict[str, Any]) -> Path:
    folder.mkdir()
    for name, doc in docs.items():
        (folder / f"{name}.json").write_text(json.dumps(doc))
    return folder


def test_figures_missed_spurious_and_wrong_roles() -> None:
    r = score(GOLD, PRED)
    assert r.entities_strict["f1"] == 0.0
    assert (r.entities_lenient["p"], r.entities_lenient["r"]) == (0.5, pytest.approx(1 / 3))
    assert r.labels["MILITARY_UNIT"]["f1"] == 1.0 and r.labels["ARMED_GROUP"]["r"] == 0.0
    assert r.events_exact["f1"] == 0.0  # THEFT is not DIVERSION...
    assert r.events_grouped["f1"] == 0.5  # ...but both take an item
    assert r.types_grouped["TAKE"]["p"] == 0.5 and r.types_exact["HANDOVER"]["r"] == 0.0
    assert r.role_accuracy == 0.5  # the date is right, the party it was taken from is not
    assert [(m["type"], m["item"]) for m in r.missed] == [("HANDOVER", "NLAW-7003")]
    assert [(s["type"], s["item"], s["sentence"]) for s in r.spurious] == [("SEIZURE", "STG-1", "Police seized STG-1.")]
    [wrong] = r.wrong_roles
    assert wrong["roles"] == {"from": {"gold": "Depot D-7", "predicted": "Grey Heron group"}}
    assert r.summary == {"entity_f1": 0.4, "event_f1": 0.5, "role_accuracy": 0.5}
    text = render(r)
    assert "entity_f1=0.400 event_f1=0.500 role_accuracy=0.500" in text
    assert "NLAW-7003 was handed to the 14th Reserve Brigade." in text  # a missed event with its sentence
    assert "from: gold 'Depot D-7', predicted 'Grey Heron group'" in text


def test_the_command_prints_text_or_json_and_refuses_bad_input(tmp_path: Path) -> None:
    gold, pred = write(tmp_path / "gold", GOLD), write(tmp_path / "pred", PRED)
    out = runner.invoke(app, ["score", str(gold), str(pred)])
    assert out.exit_code == 0, out.output
    assert "missed (in the gold, not predicted): 1" in out.output and "events by group (grouped)" in out.output
    data = json.loads(runner.invoke(app, ["score", str(gold), str(pred), "--json"]).output)
    assert data["summary"]["event_f1"] == 0.5 and data["spurious"][0]["item"] == "STG-1"
    assert runner.invoke(app, ["score", str(gold)]).exit_code == 2  # neither PRED_DIR nor --texts
    (pred / "a.json").write_text("{not json")
    bad = runner.invoke(app, ["score", str(gold), str(pred)])
    assert bad.exit_code == 2 and "a.json: not readable JSON" in " ".join(bad.output.split())


def test_part_keeps_only_the_texts_of_that_part(tmp_path: Path) -> None:
    report, develop = part_names("report")[0], part_names("develop")[0]
    gold = write(tmp_path / "gold", {report: GOLD["a"], develop: GOLD["b"]})
    pred = write(tmp_path / "pred", {report: PRED["a"]})
    data = json.loads(runner.invoke(app, ["score", str(gold), str(pred), "--part", "report", "--json"]).output)
    assert [f["file"] for f in data["files"]] == [report]
    assert data["summary"] == {"entity_f1": 0.5, "event_f1": 0.5, "role_accuracy": 0.5}
    assert runner.invoke(app, ["score", str(gold), str(pred), "--part", "neither"]).exit_code == 2


def _shared_or_skip() -> Path:
    tool = SHARED / "tools" / "score_extraction.py"
    if not (tool.is_file() and (SHARED / "corpus" / "gold").is_dir()):
        if os.environ.get("CUSTODY_REQUIRE_SHARED") == "1":
            pytest.fail(f"CUSTODY_REQUIRE_SHARED=1 but the shared scorer or gold is missing under {SHARED}")
        pytest.skip(f"the shared scorer and corpus are not at {SHARED}")
    return tool


def _shared_summary(tool: Path, gold: Path, pred: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(tool), str(gold), str(pred), "--json"], capture_output=True,
                         text=True, check=True)
    summary: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return summary


def test_the_summary_equals_the_shared_scorers_on_fictional_gold(tmp_path: Path) -> None:
    tool = _shared_or_skip()
    gold, pred = write(tmp_path / "gold", GOLD), write(tmp_path / "pred", PRED)
    assert score(load_folder(gold, gold=True), load_folder(pred)).summary == _shared_summary(tool, gold, pred)


def test_the_summary_equals_the_shared_scorers_on_the_shared_gold(tmp_path: Path) -> None:
    tool = _shared_or_skip()
    gold, texts = SHARED / "corpus" / "gold", SHARED / "corpus" / "texts"
    out = runner.invoke(app, ["score", str(gold), "--texts", str(texts), "--json"])
    assert out.exit_code == 0, out.output
    ours = json.loads(out.output)
    from ingest.nlp.score_corpus import write_predictions

    write_predictions(texts, tmp_path / "pred")
    assert ours["summary"] == _shared_summary(tool, gold, tmp_path / "pred")
    assert ours["summary"] == score(load_folder(gold, gold=True), load_folder(tmp_path / "pred")).summary
