"""``custody generate`` and ``custody bench`` from the command line: bad input is one line and
exit code 2; the 10k bench (embedded store only, ``--no-neo4j``) runs end to end and its JSON
holds every figure with its anchor and ratio."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]


def custody(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    # ``custody``'s entry point, in this interpreter (``python -m api.cli`` would import the app twice)
    return subprocess.run([sys.executable, "-c", "from api.cli import main; main()", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, check=False)


@pytest.mark.parametrize("args", [
    ["generate", "--items", "ten", "{tmp}/w"],
    ["generate", "--items", "0", "{tmp}/w"],
    ["generate", "--items", "100", "/proc/custody-not-here/w"],
    ["bench", "--size", "huge", "--no-neo4j", "--work", "{tmp}"],
    ["bench", "--size", "10k", "--no-neo4j", "--work", "/proc/custody-not-here"],
    ["bench", "--size", "2000", "--neo4j-load", "sideways", "--work", "{tmp}"],
    ["bench", "--size", "2000", "--neo4j-load", "bulk", "--no-embedded", "--work", "{tmp}"],
    ["bench", "--size", "2000", "--neo4j-load", "bulk", "--neo4j-uri", "neo4j://127.0.0.1:1", "--work", "{tmp}"],
])
def test_bad_input_is_one_line_and_exit_2(args: list[str], tmp_path: Path) -> None:
    r = custody(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "Traceback" not in r.stderr and r.stderr.startswith("error: ")
    assert " ".join(r.stderr.split()).count("error:") == 1


def test_generate_writes_a_world_that_refuses_to_be_overwritten(tmp_path: Path) -> None:
    r = custody("generate", "--items", "300", "--seed", "4", str(tmp_path / "w"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "w" / ".truth" / "ground_truth.json").is_file()
    assert sorted(p.name.split("_")[0] for p in (tmp_path / "w" / "manifests").glob("*.csv"))[-1] == "shipments"
    again = custody("generate", "--items", "300", str(tmp_path / "w"))
    assert again.returncode == 2 and "not an empty folder" in " ".join(again.stderr.split())


def _figure(value: Any) -> bool:
    return isinstance(value, int | float) and value == value and value >= 0


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_bench_10k_embedded_has_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    r = custody("bench", "--size", "10k", "--no-neo4j", "--work", str(tmp_path), "--json", str(out), timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    results = json.loads(out.read_text())
    entry = results["sizes"]["10k"]
    world = entry["world"]
    assert world["items"] == 10_000 and world["events"] >= 4.5 * 10_000 and world["reports"] > 0
    emb = entry["embedded"]
    for part, rate in (("ingest", "rows_per_s"), ("reports", "tokens_per_s")):
        assert _figure(emb[part][rate]) and _figure(emb[part]["anchor"][rate]), part
        assert _figure(emb[part]["ratio"]) and _figure(emb[part]["peak_rss_mib"]), part
        assert emb[part]["exit_code"] == 0
    for name in ("chain", "reach", "reachable"):
        q = emb["questions"][name]
        for p in ("p50_ms", "p95_ms", "p99_ms"):
            assert _figure(q[p]) and _figure(q["anchor"][p]), (name, p)
        assert _figure(q["ratio_p50"]) and q["n"] > 0
        assert _figure(q["ratio_cpu_p50"]) and _figure(q["anchor"]["cpu_p50_ms"]), name
    assert _figure(emb["questions"]["peak_rss_mib"])
    assert _figure(emb["alerts"]["seconds"]) and emb["alerts"]["alerts"] > 0
    quality = emb["quality"]
    assert quality["diversions"]["recall"] >= 0.95 and quality["diversions"]["precision"] >= 0.9
    for kind in ("unauthorised_holder", "break", "serial_match", "quantity_mismatch", "overdue", "two_places"):
        assert _figure(quality["by_kind"][kind]["precision"]) and _figure(quality["by_kind"][kind]["recall"]), kind
    assert entry["neo4j"] == {"skipped": "not requested (--no-neo4j)"}
    assert set(entry["targets"]) >= {"chain_p50_ms", "chain_p50_met", "reach_p50_ms", "reach_p50_met"}
    assert results["bench"]["machine"]["cpus"] and "load_avg" in results["bench"]["machine"]
    assert "10k" in r.stdout and "ingest rows/s" in r.stdout


def test_the_report_figure_times_warm_ours_and_the_anchor_over_the_same_texts(tmp_path: Path) -> None:
    """The reports stage measures ours and plain nlp.pipe in one process, both warm: the first
    reports are ingested (and piped by the anchor) before the clock starts, the rest are timed
    on both sides, and every report ends up in the store."""
    from bench.scale.stages import stage_reports
    from graph.model import load_model
    from graph.sqlite_store import SqliteStore
    from ingest.generate import GenerateConfig, generate_world

    generate_world(tmp_path / "w", GenerateConfig(items=2_000, seed=3))
    reports = sorted((tmp_path / "w" / "reports").glob("*.txt"))
    assert len(reports) >= 9
    db = tmp_path / "s.db"
    out = stage_reports({"world": str(tmp_path / "w"), "store": {"kind": "sqlite", "path": str(db)}})
    warm = len(reports) // 8
    assert out["warmup_reports"] == warm >= 1 and out["rows"] == out["anchor"]["reports"] == len(reports) - warm
    assert out["exit_code"] == 0 and out["tokens"] == out["anchor"]["tokens"] > 0
    assert "same process" in out["anchor"]["what"] and len(out["anchor"]["runs_seconds"]) == 2
    for key in ("ratio", "cpu_ratio", "cpu_seconds", "seconds"):
        assert _figure(out[key]), key
    store = SqliteStore(db, load_model())
    try:
        assert store.counts()["Document"] >= len(reports)
    finally:
        store.close()


@pytest.mark.timeout(600)
def test_bench_only_reports_measures_the_report_figure_alone(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    r = custody("bench", "--size", "2000", "--no-neo4j", "--only-reports", "--work", str(tmp_path), "--json",
                str(out), timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    emb = json.loads(out.read_text())["sizes"]["2k"]["embedded"]
    reports = emb["reports"]
    assert _figure(reports["tokens_per_s"]) and _figure(reports["anchor"]["tokens_per_s"])
    assert _figure(reports["ratio"]) and _figure(reports["cpu_ratio"]) and reports["exit_code"] == 0
    assert "ingest" not in emb and "questions" not in emb and "alerts" not in emb
    assert "reports tokens/s" in r.stdout and "CPU" in r.stdout


@pytest.mark.neo4j
@pytest.mark.slow
@pytest.mark.timeout(900)
def test_bench_loads_neo4j_through_the_bulk_path_and_asks_it_the_questions(tmp_path: Path) -> None:
    """``--neo4j-load bulk``: Neo4j's tables come from the embedded store this run ingested, through
    the importer into a new database; the ingest figure is timed over all of it beside the raw
    ``UNWIND…MERGE`` anchor, the counts equal the embedded store's, nothing is left to index on
    connect, and the questions and alerts are measured on the imported store."""
    from tests.neo4j_server import neo4j_prerequisites

    if (reason := neo4j_prerequisites()) is not None:
        pytest.skip(reason)
    out = tmp_path / "results.json"
    r = custody("bench", "--size", "2000", "--neo4j-load", "bulk", "--samples", "10", "--actor-samples", "3",
                "--work", str(tmp_path), "--json", str(out), timeout=900)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    neo = json.loads(out.read_text())["sizes"]["2k"]["neo4j"]
    ingest = neo["ingest"]
    assert ingest["path"] == "bulk" and ingest["counts_equal"] and ingest["items_marked_on_connect"] == 0
    assert ingest["rows"] == 13_853 and _figure(ingest["rows_per_s"]) and _figure(ingest["ratio"])
    assert set(ingest["steps_s"]) == {"embedded_ingest_s", "files_s", "import_s", "server_start_s", "connect_s"}
    assert ingest["seconds"] == pytest.approx(sum(ingest["steps_s"].values()))
    assert _figure(ingest["anchor"]["rows_per_s"]) and neo["reports"] is None
    for name in ("chain", "reach", "reachable"):
        assert neo["questions"][name]["n"] > 0 and _figure(neo["questions"][name]["ratio_p50"]), name
        # each node's question and its anchor one after the other, over the same nodes as ours
        alt = neo["questions"][name]["alternating"]
        assert alt["ours"]["n"] == alt["anchor"]["n"] == neo["questions"][name]["n"], name
        assert _figure(alt["ratio_p50"]), name
    assert neo["quality"]["diversions"]["recall"] >= 0.95
    assert "ingest rows/s (bulk path)" in r.stdout
    from bench.scale.markdown import markdown

    table = markdown([json.loads(out.read_text())])
    assert "| 2k | neo4j | " in table and " bulk path (" in table and "; alternating " in table
    assert sum(line.startswith("| 2k | ") and "raised)" in line for line in table.splitlines()) == 2
    assert not list((tmp_path / "stores").glob("*-neo4j")) and not list((tmp_path / "stores").glob("*-import"))
