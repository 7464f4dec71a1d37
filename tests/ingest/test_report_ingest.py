"""Reports into the store: batches, workers, resumption and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.model import Model
from graph.sqlite_store import SqliteStore
from ingest.report_ingest import ReportIngester, ingest_report_text
from ingest.runner import ingest_paths

REPORTS = {
    "a.txt": "Bulletin, 3 March 2024\n\nOn 2 March 2024, police in Town Q seized launcher NLAW-9001 from the "
             "Black Kite band.\n",
    "b.txt": "Note, 9 May 2024\n\nA video posted on 8 May 2024 shows fighters of the Black Kite band with a "
             "FIM-92 Stinger gripstock, serial STG-9002.\n",
    "c.txt": "",  # empty: reported, and the batch goes on
    "d.html": "<html><body><article><p>On 4 April 2024, customs officers at the Shehyni crossing point "
              "seized rifle M4-9003.</p></article></body></html>",
}


def write_reports(folder: Path) -> list[Path]:
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text)
    return sorted(folder.iterdir())


def run(tmp_path: Path, model: Model, workers: int, name: str) -> tuple[dict[str, int], list[str]]:
    store = SqliteStore(tmp_path / f"{name}.db", model)
    summary = ingest_paths(store, [tmp_path / "reports"], report_ingester=ReportIngester(store, workers=workers))
    statuses = [f"{Path(r.path).name}:{r.status}" for r in summary.results]
    assert summary.exit_code == 2  # the empty report could not be read
    counts = store.counts()
    again = ingest_paths(store, [tmp_path / "reports"], report_ingester=ReportIngester(store, workers=workers))
    assert {r.status for r in again.results} <= {"skipped", "failed"}
    assert store.counts() == counts
    store.close()
    return counts, statuses


@pytest.mark.slow
def test_two_workers_give_the_same_facts_as_one(tmp_path: Path, model: Model) -> None:
    write_reports(tmp_path / "reports")
    one, statuses = run(tmp_path, model, 1, "one")
    two, _ = run(tmp_path, model, 2, "two")
    assert one == two
    assert statuses == ["a.txt:ingested", "b.txt:ingested", "c.txt:failed", "d.html:ingested"]
    assert one["event:SEIZURE"] == 2 and one["event:OBSERVATION"] == 1


def test_report_text_through_the_api_function(tmp_path: Path, model: Model) -> None:
    store = SqliteStore(tmp_path / "t.db", model)
    result = ingest_report_text(store, REPORTS["a.txt"], "a.txt", {"sensitivity": "restricted"})
    assert result.status == "ingested"
    [doc] = list(store.iter_nodes("Document"))
    assert doc.props["sensitivity"] == "restricted" and doc.props["published"] == "2024-03-03"
    [seizure] = list(store.iter_events(["SEIZURE"]))
    assert seizure.subject == "item:NLAW9001" and str(seizure.date) == "2024-03-02"
    [evidence] = store.evidence([seizure.id])[seizure.id]
    assert "seized launcher NLAW-9001" in evidence.quote and evidence.extractor == "custody-nlp"
    assert ingest_report_text(store, REPORTS["a.txt"], "a.txt").status == "skipped"
    assert ingest_report_text(store, "  ", "blank.txt").status == "failed"
