"""Re-extraction (issue #15, part 5): an older extractor version's facts are replaced by the current
one's; manifest facts and analysts' decisions stay; a file gone or changed is refused."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.resolution import Merges, merge
from graph.builder import FactBuilder
from graph.model import Model
from graph.sqlite_store import SqliteStore
from graph.store import Store
from ingest import report_ingest
from ingest.bounded import Bounds, ChunkCallback, Outcome, extract_bounded
from ingest.nlp.extract import Mention
from ingest.reextract import apply_plan, plan_reextraction, stale_documents
from ingest.report_ingest import ReportIngester
from ingest.runner import ingest_paths

REPORT = ("Bulletin, 3 March 2024\n\nOn 2 March 2024, police in Town Q seized launcher NLAW-9001 from the Black "
          "Kite band. On 5 March 2024, the 14th Reserve Brigade handed over launcher NLAW-9002 to the 2nd "
          "Battalion, 14th Reserve Brigade.\n")
OLD = "0.0.1-old"


class OldExtractor:
    """What the 'old' extractor said: no handover of NLAW-9002, and a group that is not in the text."""

    def __call__(self, texts: Sequence[tuple[str, str | None]], bounds: Bounds,
                 on_chunk: ChunkCallback | None) -> Iterator[Outcome]:
        for outcome in extract_bounded(report_ingest.shared_pipeline(), texts, bounds):
            ex = outcome.extraction
            assert ex is not None
            phantom = Mention("Grey Heron group", "ARMED_GROUP", 0, 8)
            ex = replace(ex, entities=[*ex.entities, phantom], events=[e for e in ex.events if e.item != "NLAW-9002"])
            yield replace(outcome, extraction=ex)


def ingest_old(store: Store, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(report_ingest, "EXTRACTOR_VERSION", OLD)
        summary = ingest_paths(store, [folder], report_ingester=ReportIngester(store, extractor=OldExtractor()))
    assert [r.status for r in summary.results] == ["ingested"]


def manifest_and_decision(store: Store, model: Model) -> tuple[str, str]:
    """A manifest (its own document) delivering NLAW-9002 to the brigade, and an analyst merging the
    old extractor's phantom group into the band."""
    b = FactBuilder(model, title="manifest.csv", text="fictional manifest", kind="Manifest", extractor="table")
    item = b.item(serial="NLAW-9002", quote="row 2")
    delivery = b.event("DELIVERY", item, "2024-01-10", to_actor=b.actor("14th Reserve Brigade", "MilitaryUnit"),
                       quote="row 2")
    store.write(b.batch)
    [band] = [n.id for n in store.iter_nodes("Actor") if n.name.startswith("Black Kite")]
    merge(store, band, ["actor:grey-heron-group"], author="ana", reason="same band")
    return delivery, band


@pytest.fixture
def report(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "bulletin.txt").write_text(REPORT)
    return folder


def test_reextraction_replaces_the_old_facts_and_keeps_manifests_and_decisions(
        store: Store, model: Model, report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_old(store, report, monkeypatch)
    delivery, band = manifest_and_decision(store, model)
    item = "item:NLAW9002"
    assert [e.type for e in store.events_of([item])] == ["DELIVERY"]
    [(doc, versions)] = stale_documents(store)
    assert versions == {OLD} and doc.props["path"] == str(report / "bulletin.txt")

    ingester = ReportIngester(store)
    [plan] = list(plan_reextraction(store, ingester, [(doc, versions)]))
    assert plan.status == "ready" and item in plan.subjects and plan.batch is not None
    gone = apply_plan(store, plan)

    assert stale_documents(store) == []
    assert store.extractor_versions(report_ingest.EXTRACTOR_NAME) == {doc.id: {report_ingest.EXTRACTOR_VERSION}}
    # the handover the old extractor missed is there, with evidence from the report
    events = {e.type: e for e in store.events_of([item])}
    assert set(events) == {"DELIVERY", "HANDOVER"}
    [cite] = store.evidence([events["HANDOVER"].id])[events["HANDOVER"].id]
    assert cite.extractor_version == report_ingest.EXTRACTOR_VERSION and "NLAW-9002" in cite.quote
    # the manifest's delivery keeps its own evidence only
    assert [v.extractor for v in store.evidence([delivery])[delivery]] == ["table"]
    # the phantom group lost the report's evidence, but the analyst's merge keeps it and its decision
    assert "actor:grey-heron-group" not in store.evidence(["actor:grey-heron-group"])
    assert "actor:grey-heron-group" in store.nodes(["actor:grey-heron-group"])
    assert Merges.load(store).canonical_of("actor:grey-heron-group") == band
    assert gone.evidence > 0 and not gone.nodes
    # nothing of the old version is left anywhere
    facts = [n.id for label in model.labels for n in store.iter_nodes(label)] + [e.id for e in store.iter_events()]
    assert all(v.extractor_version != OLD for vs in store.evidence(facts).values() for v in vs)


def test_a_report_whose_file_is_gone_or_changed_is_refused_with_the_reason(
        store: Store, model: Model, report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ingest_old(store, report, monkeypatch)
    stale = stale_documents(store)
    before = store.counts()
    path = report / "bulletin.txt"
    path.write_text(REPORT.replace("NLAW-9001", "NLAW-9005"))
    [plan] = list(plan_reextraction(store, ReportIngester(store), stale))
    assert plan.status == "refused" and plan.batch is None
    assert plan.message.startswith(str(path)) and "changed since it was ingested" in plan.message
    path.unlink()
    [plan] = list(plan_reextraction(store, ReportIngester(store), stale))
    assert plan.status == "refused" and f"{path}: the file is gone" in plan.message
    assert store.counts() == before
    assert stale_documents(store) == stale


def test_the_cli_lists_the_chains_that_gained_or_lost_segments(
        tmp_path: Path, model: Model, report: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.cli import app, console

    monkeypatch.setattr(console, "width", 250)
    db = tmp_path / "cli.db"
    store = SqliteStore(db, model)
    ingest_old(store, report, monkeypatch)
    manifest_and_decision(store, model)
    store.close()
    runner = CliRunner()
    dry = runner.invoke(app, ["reextract", "--store", str(db), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "would be re-extracted" in dry.output and OLD in dry.output
    result = runner.invoke(app, ["reextract", "--store", str(db)])
    assert result.exit_code == 0, result.output
    # the brigade no longer holds the launcher to this day: it handed it to the battalion
    assert "NLAW-9002 (item:NLAW9002): 2 segments gained, 1 lost" in result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert "+ 14th Reserve Brigade, 2024-01-10 – 2024-03-05" in lines
    assert "+ 2nd Battalion, 14th Reserve Brigade, 2024-03-05 – now" in lines
    assert "- 14th Reserve Brigade, 2024-01-10 – now" in lines
    assert not any(line.startswith("NLAW-9001") for line in lines)  # its seizure was read alike by both
    again = runner.invoke(app, ["reextract", "--store", str(db)])
    assert again.exit_code == 0 and "nothing to re-extract" in again.output
