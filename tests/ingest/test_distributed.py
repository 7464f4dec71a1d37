"""Report NLP on a Dask LocalCluster of two worker processes gives the store one process gives
(issue #15, part 4)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import get_task_stream

from graph.model import Model
from graph.sqlite_store import SqliteStore
from graph.store import Store
from ingest.bounded import Bounds
from ingest.distributed import ClusterError, DaskExtractor, parse_cluster
from ingest.generate import GenerateConfig, generate_world
from ingest.report_ingest import ReportIngester
from ingest.runner import IngestSummary, ingest_paths

SHARED = Path(__file__).resolve().parents[3] / "shared"
TEXTS = SHARED / "corpus" / "texts"
# the fictional scenario's reports, used when at hand (00 is a real article: never used here)
FICTIONAL = ["01_monitoring_visit_2023-09.txt", "02_customs_seizure_2024-02.txt",
             "03_osint_observation_2024-05.txt", "04_moldova_border_seizure_2024-06.txt"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[DaskExtractor]:
    with DaskExtractor.open("local:2", docs_per_task=2) as extractor:
        yield extractor


def reports(folder: Path) -> Path:
    """Generated fictional reports, the fictional scenario's when they are at hand, a long one, an empty one."""
    world = folder.parent / "world"
    generate_world(world, GenerateConfig(items=2_000, seed=3))
    shutil.copytree(world / "reports", folder)
    for name in FICTIONAL:
        if (TEXTS / name).is_file():
            shutil.copy(TEXTS / name, folder / name)
    (folder / "05_note.txt").write_text(
        "Note, 9 May 2024\n\nA video posted on 8 May 2024 shows fighters of the Black Kite band with a FIM-92 "
        "Stinger gripstock, serial STG-9002. On 2 March 2024, police in Town Q seized launcher NLAW-9001 "
        "from the Black Kite band.\n")
    (folder / "06_long.md").write_text(" ".join(
        f"On {1 + i % 27} March 2024, customs officers at the Shehyni crossing point seized rifle M4-{7000 + i} "
        "from a driver." for i in range(40)))
    (folder / "07_empty.txt").write_text("")  # a failure entry, and the batch goes on
    return folder


def snapshot(store: Store) -> dict[str, Any]:
    """Everything the store holds, without the ingest time stamps."""
    nodes = []
    for label in store.model.labels:
        for n in store.iter_nodes(label):
            props = {k: v for k, v in n.props.items() if k != "ingested_at"}
            nodes.append((n.id, n.label, n.kind, n.name, n.aliases, json.dumps(props, sort_keys=True)))
    ids = [n[0] for n in nodes]
    relations = [(r.id, r.type, r.source, r.target, str(r.valid_from), str(r.valid_to))
                 for r in store.relations(ids)]
    events = sorted((e.id, e.type, e.subject, str(e.date), e.from_actor, e.to_actor, e.location, e.quantity,
                     e.confidence, json.dumps(e.props, sort_keys=True)) for e in store.iter_events())
    facts = ids + [r[0] for r in relations] + [e[0] for e in events]
    evidence = sorted((v.id, v.fact_id, v.document_id, v.locator, v.quote, v.extractor, v.extractor_version,
                       v.confidence, v.start, v.end) for vs in store.evidence(facts).values() for v in vs)
    return {"nodes": sorted(nodes), "relations": sorted(relations), "events": events, "evidence": evidence,
            "counts": store.counts()}


def run(store: Store, folder: Path, errors: Path, **options: Any) -> IngestSummary:
    ingester = ReportIngester(store, bounds=Bounds(chunk_chars=1_000), **options)
    return ingest_paths(store, [folder], report_ingester=ingester, report_path=errors)


@pytest.mark.slow
def test_a_two_worker_local_cluster_gives_the_store_one_process_gives(
        tmp_path: Path, model: Model, cluster: DaskExtractor) -> None:
    assert sorted(cluster.client.nthreads().values()) == [1, 1]
    folder = reports(tmp_path / "reports")
    one = SqliteStore(tmp_path / "one.db", model)
    many = SqliteStore(tmp_path / "many.db", model)
    single = run(one, folder, tmp_path / "one.jsonl")
    with get_task_stream(cluster.client) as tasks:
        spread = run(many, folder, tmp_path / "many.jsonl", extractor=cluster)
    assert len({t["worker"] for t in tasks.data}) == 2  # both workers extracted

    assert [(Path(r.path).name, r.status) for r in spread.results] == \
        [(Path(r.path).name, r.status) for r in single.results]
    reports_in = sum(1 for p in folder.iterdir() if p.name != "07_empty.txt")
    assert [r.status for r in spread.results].count("ingested") == reports_in >= 12
    expected = snapshot(one)
    assert expected["events"] and expected["evidence"]
    assert snapshot(many) == expected
    # the failure list, as in a local run: (file, reason)
    failures = [json.loads(line) for line in (tmp_path / "many.jsonl").read_text().splitlines()]
    assert [(Path(f["file"]).name, f["reason"]) for f in failures] == \
        [(Path(f["file"]).name, f["reason"]) for f in
         (json.loads(line) for line in (tmp_path / "one.jsonl").read_text().splitlines())]
    assert [Path(f["file"]).name for f in failures] == ["07_empty.txt"]

    # a second run over the cluster writes nothing twice
    again = run(many, folder, tmp_path / "again.jsonl", extractor=cluster)
    assert {r.status for r in again.results} == {"skipped", "failed"}
    assert snapshot(many) == expected


@pytest.mark.slow
def test_a_report_over_its_time_budget_on_the_cluster_fails_alone(
        tmp_path: Path, model: Model, cluster: DaskExtractor) -> None:
    folder = reports(tmp_path / "reports")
    store = SqliteStore(tmp_path / "s.db", model)
    ingester = ReportIngester(store, bounds=Bounds(chunk_chars=1_000, seconds=0.0), extractor=cluster)
    summary = ingest_paths(store, [folder], report_ingester=ingester)
    status = {Path(r.path).name: r for r in summary.results}
    assert status["06_long.md"].status == "failed" and "time budget" in status["06_long.md"].message
    assert status["05_note.txt"].status == "ingested"


def test_cluster_specs_are_checked_before_anything_starts() -> None:
    assert parse_cluster("local").workers is None
    assert parse_cluster("local:3").workers == 3
    for bad in ("lokal", "local:0", "10.0.0.5:8786", "local:two"):
        with pytest.raises(ClusterError, match="--cluster"):
            parse_cluster(bad)


def test_an_unreachable_scheduler_is_one_clear_error() -> None:
    with pytest.raises(ClusterError, match=r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:9"), \
            DaskExtractor.open("tcp://127.0.0.1:9", connect_timeout=2):
        pass


def test_the_cli_refuses_a_cluster_it_cannot_use_with_one_line(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    (tmp_path / "a.txt").write_text("Note, 9 May 2024\n\nPolice seized launcher NLAW-9001.\n")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s.db"),
                                      "--cluster", "lokal"])
    assert result.exit_code == 2
    assert "give 'local', 'local:N'" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_the_cli_ingests_over_a_local_cluster(tmp_path: Path, model: Model) -> None:
    from typer.testing import CliRunner

    from api.cli import app

    folder = reports(tmp_path / "reports")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--store", str(tmp_path / "s.db"),
                                      "--cluster", "local:2", "--errors", str(tmp_path / "e.jsonl")])
    assert result.exit_code == 2, result.output  # the empty report
    good = sum(1 for p in folder.iterdir() if p.name != "07_empty.txt")
    assert f"{good} ingested" in result.output and "1 failed" in result.output
    store = SqliteStore(tmp_path / "s.db", model)
    assert store.counts()["Document"] == good


@pytest.mark.slow
@pytest.mark.neo4j
def test_the_cluster_into_neo4j_gives_the_store_one_process_gives(
        tmp_path: Path, model: Model, cluster: DaskExtractor, request: pytest.FixtureRequest) -> None:
    from tests.conftest import make_store

    folder = reports(tmp_path / "reports")
    one = SqliteStore(tmp_path / "one.db", model)
    run(one, folder, tmp_path / "one.jsonl")
    neo = make_store("neo4j", request, tmp_path, model)
    try:
        run(neo, folder, tmp_path / "neo.jsonl", extractor=cluster)
        expected = snapshot(one)
        assert snapshot(neo) == expected
        run(neo, folder, tmp_path / "again.jsonl", extractor=cluster)  # nothing twice
        assert snapshot(neo) == expected
    finally:
        neo.close()
