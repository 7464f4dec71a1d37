"""The public scenario's every statement, checked through ``custody ... --json`` alone
(tests/scenario_cli_check.py, run as a script author would run it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SCENARIO

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]


def _check(scenario: Path, store: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "tests.scenario_cli_check", str(scenario), "--store", str(store)],
                          capture_output=True, text=True, timeout=1200, cwd=REPO, env=env)


def test_the_public_scenario_holds_through_the_cli_alone(tmp_path: Path) -> None:
    store = tmp_path / "store.db"
    ok = _check(SCENARIO, store)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "50 statements checked through the CLI, 0 failed" in ok.stdout

    # the same store against statements that are wrong: the checker says which
    expected = json.loads((SCENARIO / "expected.json").read_text())
    reach = expected["who_could_reach"]["JAV-0042"]
    reach["required_with_max_hops"]["Oleh Danyliuk"] = 3  # his membership ended before the item came
    reach["forbidden"].append("Taras Hrytsenko")
    expected["custody_chain"]["JAV-0042"]["holders_in_order"].reverse()
    expected["alerts"]["forbidden"].append({"kind": "overdue", "item": "JAV-0043"})
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / "expected.json").write_text(json.dumps(expected))
    bad = _check(wrong, store)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    for line in ("reach JAV-0042: Oleh Danyliuk missing", "reach JAV-0042: Taras Hrytsenko must not be reachable",
                 "chain JAV-0042: holders ['Donor Logistics Agency'",
                 "alert {'kind': 'overdue', 'item': 'JAV-0043'} must not be raised",
                 "53 statements checked through the CLI, 4 failed"):
        assert line in bad.stdout, bad.stdout
