"""Reports into both stores: nothing the extractor gives is lost on the way to the graph, and
evidence spans point into the document text the store keeps (issue #14, part 4)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from graph.dates import PartialDate
from graph.errors import StoreError
from graph.model import Model
from graph.records import Batch, Event, Evidence, WriteResult
from graph.sqlite_store import SqliteStore
from graph.store import Store
from ingest.nlp.entity_quantities import count_value
from ingest.nlp.extract import ExtractedEvent, Extraction, Mention, extract_many
from ingest.reports import read_report
from ingest.resolve import Resolver
from tests.conftest import SHARED

from ingest.report_ingest import (  # isort: skip
    DOCUMENT_DATE_FACTOR, ReportIngester, facts_from_extraction, shared_pipeline,
)

# Fictional reports: a plain text with header lines and an HTML page with navigation around the article.
REPORTS = {
    "bulletin.txt": "SOURCE: Fictional Monitoring Bulletin\nDATE: 2024-03-03\n\n"
                    "On 2 March 2024, police in Town Q seized launcher NLAW-9101 from the Black Kite band.\n\n"
                    "A video posted on 8 May 2024 shows fighters of the Black Kite band with a FIM-92 Stinger "
                    "gripstock, serial STG-9102.\n",
    "page.html": "<html><head><title>Customs note</title></head><body><nav><a href='/'>Home</a> | "
                 "<a href='/about'>About</a></nav><article><h1>Customs note on a seizure</h1>"
                 "<p>On 4 April 2024, customs officers at the Shehyni crossing point seized rifle M4-9103 "
                 "from a lorry driver.</p><p>The officers said the rifle had been stolen from Depot D-7 "
                 "in January 2024, according to the depot's own records kept by the 14th Reserve Brigade.</p>"
                 "</article><footer>Copyright Fictional Customs</footer></body></html>",
}


def write_reports(folder: Path) -> list[Path]:
    folder.mkdir(exist_ok=True)
    for name, text in REPORTS.items():
        (folder / name).write_text(text)
    return sorted(folder.iterdir())


def all_evidence(store: Store) -> list[Evidence]:
    ids = [n.id for label in ("Item", "Actor", "Location", "WeaponSystem") for n in store.iter_nodes(label)]
    ids += [e.id for e in store.iter_events()]
    return [v for vs in store.evidence(ids).values() for v in vs]


def test_every_evidence_span_points_into_the_stored_text(store: Store, tmp_path: Path) -> None:
    paths = write_reports(tmp_path / "reports")
    results = list(ReportIngester(store).ingest_files(store, paths))
    assert [r.status for r in results] == ["ingested", "ingested"]
    texts = store.document_texts(r.document_id for r in results if r.document_id)
    for path, result in zip(paths, results, strict=True):
        assert texts[str(result.document_id)] == read_report(path)[0]  # the text the pipeline read
    assert "Home" not in texts[str(results[1].document_id)]  # HTML: the article's text, not the page
    spans = [v for v in all_evidence(store) if v.start is not None]
    assert {v.document_id for v in spans} == set(texts)
    for v in spans:
        assert v.end is not None and texts[v.document_id][v.start:v.end] == v.quote, v


def stored_event_of(store: Store, document: str, e: ExtractedEvent) -> Event:
    """The stored event whose evidence from ``document`` is the span the extractor gave."""
    found = []
    for ev in store.iter_events([e.type]):
        for v in store.evidence([ev.id]).get(ev.id, []):
            if v.document_id == document and (v.start, v.end) == (e.start, e.end):
                found.append((ev, v))
    assert found, f"{e.type} of {e.item!r} at {e.start}-{e.end} is not in the store"
    ev, v = next((ev, v) for ev, v in found if ev.props["as_written"].get("item") == e.item)
    assert v.modality == e.modality and ev.modality in (e.modality, "reported")
    return ev


def check_nothing_lost(store: Store, ex: Extraction, document: str, published: str | None) -> int:
    """Every date, quantity, role and modality ``ex`` gives is on the stored event."""
    for e in ex.events:
        ev = stored_event_of(store, document, e)
        written = {"item": e.item, "system": e.system, "quantity": e.quantity, "from": e.from_written or e.from_,
                   "to": e.to_written or e.to,
                   "place": e.place, "date": e.date}
        assert ev.props["as_written"] == written  # a role the sentence did not give is there as null
        if e.date_value:
            assert ev.date == PartialDate.parse(e.date_value)
        elif not e.date and published:
            assert ev.date == PartialDate.parse(published) and ev.props["date_basis"] == "document"
        else:
            assert ev.date is None  # a date the sentence gives but no calendar can hold is not replaced
        assert ev.quantity == count_value(e.quantity)
        if e.place:
            assert ev.location is not None
    return len(ex.events)


def test_dates_quantities_roles_and_modality_reach_the_stored_events(store: Store, tmp_path: Path) -> None:
    paths = write_reports(tmp_path / "reports")
    results = list(ReportIngester(store).ingest_files(store, paths))
    read = [read_report(p) for p in paths]
    extractions = list(extract_many(shared_pipeline(), [(t, m.get("date")) for t, m in read]))
    checked = sum(check_nothing_lost(store, ex, str(r.document_id), m.get("date"))
                  for ex, r, (_, m) in zip(extractions, results, read, strict=True))
    assert checked >= 3
    [seizure] = [e for e in store.events_of(["item:NLAW9101"]) if e.type == "SEIZURE"]
    assert str(seizure.date) == "2024-03-02" and seizure.from_actor is not None


def _event(**over: Any) -> ExtractedEvent:
    sentence = "Fighters of the Red Falcon group allegedly stole 40 rifles from Depot D-7 in the 1990s."
    base: dict[str, Any] = dict(type="THEFT", item="rifles", item_label="WEAPON_CATEGORY", quantity="40",
                                from_="Depot D-7", to="Red Falcon group", place=None, date="the 1990s",
                                date_value=None, sentence=sentence, start=0, end=len(sentence), confidence=0.8,
                                system=None)
    return ExtractedEvent(**{**base, **over})


def test_modality_and_undatable_dates_from_extraction_dicts(store: Store, model: Model) -> None:
    text = _event().sentence
    ex = Extraction(entities=[Mention("Red Falcon group", "ARMED_GROUP", 16, 32)],
                    events=[_event(modality="alleged"),
                            _event(type="SEIZURE", item="STG-9104", item_label="SERIAL_NUMBER", quantity=None,
                                   from_="a soldier", to=None, date=None)])
    b = facts_from_extraction(model, Resolver(store, model), ex, title="t.txt", data=text.encode(), text=text,
                              published="2024-06-01")
    store.write(b.batch)
    [theft] = [e for e in store.iter_events(["THEFT"])]
    assert theft.modality == "alleged" and theft.quantity == 40.0
    assert theft.date is None and theft.props["as_written"]["date"] == "the 1990s"  # not the report's date
    assert {v.modality for v in store.evidence([theft.id])[theft.id]} == {"alleged"}
    [seizure] = store.events_of(["item:STG9104"])
    assert seizure.modality == "reported"  # no modality given: reported
    assert seizure.from_actor is None and seizure.props["as_written"]["from"] == "a soldier"  # names nobody, kept
    assert str(seizure.date) == "2024-06-01" and seizure.confidence == round(0.8 * DOCUMENT_DATE_FACTOR, 3)
    assert store.document_texts([b.document.id]) == {b.document.id: text}


def test_a_count_written_in_words_is_the_stored_quantity(store: Store, model: Model) -> None:
    ex = Extraction(entities=[], events=[_event(quantity="Twenty-four")])
    text = ex.events[0].sentence
    b = facts_from_extraction(model, Resolver(store, model), ex, title="t.txt", data=text.encode(), text=text,
                              published="2024-06-01")
    store.write(b.batch)
    [theft] = store.iter_events(["THEFT"])
    assert theft.quantity == 24.0 and theft.props["as_written"]["quantity"] == "Twenty-four"


def test_a_report_the_store_refuses_fails_alone_in_its_group(tmp_path: Path, model: Model) -> None:
    class Refusing(SqliteStore):
        def write(self, batch: Batch) -> WriteResult:
            if any("Grey Heron" in t for t in batch.texts.values()):
                raise StoreError("refused for the test")
            return super().write(batch)

    folder = tmp_path / "reports"
    folder.mkdir()
    for i, group in enumerate(["Black Kite band", "Grey Heron group", "Red Falcon group"]):
        (folder / f"{i}.txt").write_text(f"On 2 March 2024, police seized launcher NLAW-92{i}0 from the {group}.\n")
    store = Refusing(tmp_path / "s.db", model)
    results = list(ReportIngester(store, group_documents=10).ingest_files(store, sorted(folder.iterdir())))
    assert [r.status for r in results] == ["ingested", "failed", "ingested"]
    assert "refused for the test" in str(results[1].message)
    assert {e.subject for e in store.iter_events()} == {"item:NLAW9200", "item:NLAW9220"}


SEED = SHARED / "corpus" / "texts" / "00_seed_article.txt"


def test_the_seed_article_keeps_its_dates_and_quantities_in_the_graph(store: Store) -> None:
    if not SEED.is_file():
        if os.environ.get("CUSTODY_REQUIRE_SHARED") == "1":
            pytest.fail(f"CUSTODY_REQUIRE_SHARED=1 but {SEED} is missing")
        pytest.skip(f"the shared corpus is not at {SEED}")
    [result] = list(ReportIngester(store).ingest_files(store, [SEED]))
    text, meta = read_report(SEED)
    [ex] = list(extract_many(shared_pipeline(), [(text, meta.get("date"))]))
    assert check_nothing_lost(store, ex, str(result.document_id), meta.get("date")) == len(ex.events) > 0
    stored = list(store.iter_events())
    assert any(e.quantity for e in stored) and all(e.date is not None or e.props["as_written"].get("date")
                                                   for e in stored)


def test_a_group_writes_an_entity_every_report_names_once(tmp_path: Path, model: Model) -> None:
    written: list[Batch] = []

    class Recording(SqliteStore):
        def write(self, batch: Batch) -> WriteResult:
            written.append(batch)
            return super().write(batch)

    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(4):
        text = f"On 2 March 2024, police seized launcher NLAW-93{i}0 from the Black Kite band.\n"
        (folder / f"{i}.txt").write_text(text)
    store = Recording(tmp_path / "s.db", model)
    results = list(ReportIngester(store, group_documents=10).ingest_files(store, sorted(folder.iterdir())))
    assert {r.status for r in results} == {"ingested"}
    [batch] = written
    ids = [n.id for n in batch.nodes]
    assert len(ids) == len(set(ids))  # each entity once...
    named_by_all = [n for n in batch.nodes if len({v.document_id for v in batch.evidence if v.fact_id == n.id}) == 4]
    assert named_by_all  # ...with the evidence of every report naming it (the band, the police)
    assert store.nodes(n.id for n in named_by_all).keys() == {n.id for n in named_by_all}


def test_an_entity_written_earlier_in_the_run_is_not_written_again(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[Batch] = []
    write = store.write

    def recording(batch: Batch) -> WriteResult:
        written.append(batch)
        return write(batch)

    monkeypatch.setattr(store, "write", recording)
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text(f"On {2 + i} March 2024, police seized launcher NLAW-95{i}0 from the "
                                         "Black Kite band.\n")
    # one report per group: the band is named by every group, written by the first only
    results = list(ReportIngester(store, group_documents=1).ingest_files(store, sorted(folder.iterdir())))
    assert [r.status for r in results] == ["ingested"] * 3 and len(written) == 3
    [event] = written[0].events
    band = event.from_actor
    assert band is not None and band in {n.id for n in written[0].nodes}
    assert [band in {n.id for n in b.nodes} for b in written[1:]] == [False, False]
    # ...yet it is in the store with the evidence of all three reports, and on all three events
    assert store.nodes([band])[band].name.startswith("Black Kite")
    assert {v.document_id for v in store.evidence([band])[band]} == {r.document_id for r in results}
    assert {e.from_actor for e in store.iter_events(["SEIZURE"])} == {band}


@pytest.mark.parametrize("group_documents", [1, 10])
def test_an_entity_of_a_refused_report_is_written_by_the_next_report_naming_it(
        tmp_path: Path, model: Model, group_documents: int) -> None:
    class Refusing(SqliteStore):
        def write(self, batch: Batch) -> WriteResult:
            if any("NLAW-9600" in t for t in batch.texts.values()):
                raise StoreError("refused for the test")
            return super().write(batch)

    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(2):
        (folder / f"{i}.txt").write_text(f"On 2 March 2024, police seized launcher NLAW-96{i}0 from the "
                                         "Grey Heron group.\n")
    store = Refusing(tmp_path / "s.db", model)
    ingester = ReportIngester(store, group_documents=group_documents)
    results = list(ingester.ingest_files(store, sorted(folder.iterdir())))
    assert [r.status for r in results] == ["failed", "ingested"]
    [event] = list(store.iter_events())
    assert event.from_actor is not None
    assert store.nodes([event.from_actor])[event.from_actor].name.startswith("Grey Heron")
