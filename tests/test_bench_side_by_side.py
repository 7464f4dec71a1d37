"""``bench/api_side_by_side.py``: two versions of the API served side by side on one small store,
each asked the same new chains in turn; a base that is neither a folder nor a git ref is one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def bench(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "bench/api_side_by_side.py", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=240, check=False)


def test_two_versions_are_served_side_by_side_and_compared(tmp_path: Path) -> None:
    # the base: a folder with a checkout (here this very tree), served by its own uvicorn
    r = bench("--base", str(REPO), "--items", "80", "--requests", "10", "--runs", "2")
    assert r.returncode == 0, r.stderr[-2000:]
    runs = [ln for ln in r.stdout.splitlines() if ln.startswith("run ")]
    assert len(runs) == 2 and all(ln.count("p50") == 2 and ln.count("server CPU") == 2 for ln in runs), r.stdout
    assert "faster in" in r.stdout and "of 2 runs" in r.stdout


def test_a_base_that_is_neither_a_folder_nor_a_ref_is_one_line() -> None:
    r = bench("--base", "no-such-ref-anywhere", "--items", "10")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.strip().startswith("error: ") and len(r.stderr.strip().splitlines()) == 1


def test_too_few_items_for_the_runs_is_one_line() -> None:
    r = bench("--base", str(REPO), "--items", "20", "--requests", "10", "--runs", "2")
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "--items 70 or more" in r.stderr
