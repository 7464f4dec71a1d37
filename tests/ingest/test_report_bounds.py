"""Bounds on reports: a size limit, NLP in bounded chunks with offsets into the whole text, a time
budget per report, and progress that says which chunk a long report is at (issue #18, item 6)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import cast

from spacy.language import Language
from spacy.tokens import Doc

from graph.model import Model
from graph.sqlite_store import SqliteStore
from ingest.bounded import BATCH_CHUNKS, DEFAULT_MAX_BYTES, Bounds, extract_bounded
from ingest.nlp.extract import chunk_text
from ingest.report_ingest import ReportIngester, shared_pipeline
from ingest.reports import read_report
from ingest.runner import Progress, ingest_paths

SHORT = ("Bulletin, 3 March 2024\n\nOn 2 March 2024, police in Town Q seized launcher NLAW-9001 from the "
         "Black Kite band.\n")


def single_line(n: int) -> str:
    """A fictional Markdown report on one line: n seizures, each naming its own launcher."""
    sentences = [f"On {1 + i % 27} March 2024, police in Town Q seized launcher NLAW-{8000 + i} from the "
                 f"Black Kite band." for i in range(n)]
    return "# Seizures of March 2024 " + " ".join(sentences)


def test_a_text_without_any_whitespace_still_splits_at_the_chunk_length() -> None:
    text = "x" * 2_500
    pieces = chunk_text(text, 1_000)
    assert [len(p) for _, p in pieces] == [1_000, 1_000, 500]
    assert "".join(p for _, p in pieces) == text and [o for o, _ in pieces] == [0, 1_000, 2_000]


def test_a_long_single_line_report_goes_through_in_chunks_with_spans_into_the_whole_text(
        tmp_path: Path, model: Model) -> None:
    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "long.md"
    path.write_text(single_line(60))
    text, _ = read_report(path)
    assert "\n" not in text.strip() and len(text) > 5_000
    store = SqliteStore(tmp_path / "s.db", model)
    seen: list[Progress] = []
    ingester = ReportIngester(store, bounds=Bounds(chunk_chars=1_000))
    summary = ingest_paths(store, [tmp_path / "in"], report_ingester=ingester, progress=seen.append)

    [result] = summary.results
    assert result.status == "ingested", result.message
    chunked = [(p.chunk, p.chunks) for p in seen if p.chunks]
    n = chunked[0][1]
    assert n >= 6 and chunked == [(k, n) for k in range(1, n + 1)]
    assert any(f"{n} chunks" in note for note in result.notes)
    # every launcher is found, in whichever chunk it was, and its evidence span points at its sentence
    items = {node.name: node for node in store.iter_nodes("Item")}
    serials = [f"NLAW-{8000 + i}" for i in range(60)]
    assert set(serials) <= set(items)
    evidence = store.evidence(items[s].id for s in serials)
    for serial in serials:
        for ev in evidence[items[serial].id]:
            assert ev.start is not None and ev.end is not None
            assert serial in text[ev.start:ev.end] and ev.quote == text[ev.start:ev.end].strip()
    seizures = [e for e in store.iter_events(["SEIZURE"]) if e.subject in {items[s].id for s in serials}]
    assert len({e.subject for e in seizures}) == 60


def test_an_oversize_report_is_refused_by_name_and_the_rest_of_the_batch_is_ingested(
        tmp_path: Path, model: Model) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SHORT)
    big = folder / "big.md"
    big.write_text(single_line(60) * (DEFAULT_MAX_BYTES // len(single_line(60)) + 1))  # over the default 2 MB
    (folder / "c.txt").write_text(SHORT.replace("NLAW-9001", "NLAW-9003"))
    store = SqliteStore(tmp_path / "s.db", model)
    errors = tmp_path / "errors.jsonl"
    summary = ingest_paths(store, [folder], report_ingester=ReportIngester(store), report_path=errors)

    status = {Path(r.path).name: r for r in summary.results}
    assert status["a.txt"].status == "ingested" and status["c.txt"].status == "ingested"
    assert status["big.md"].status == "failed"
    message = status["big.md"].message
    assert str(big) in message and "over the 2 MB limit" in message and "CUSTODY_REPORT_MAX_BYTES" in message
    assert summary.exit_code == 2
    [row] = [json.loads(line) for line in errors.read_text().splitlines()]
    assert row["file"] == str(big) and row["reason"] == message
    assert {n.name for n in store.iter_nodes("Item")} >= {"NLAW-9001", "NLAW-9003"}


def test_a_pasted_report_over_the_limit_is_refused(tmp_path: Path, model: Model) -> None:
    store = SqliteStore(tmp_path / "s.db", model)
    result = ReportIngester(store, bounds=Bounds(max_bytes=1_000)).ingest_text(store, single_line(20), "pasted")
    assert result.status == "failed" and "over the 1,000 bytes limit" in result.message
    assert store.counts().get("Document", 0) == 0


def test_a_report_over_its_time_budget_fails_by_name_and_the_others_go_on(tmp_path: Path, model: Model) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(SHORT)
    (folder / "b-long.md").write_text(single_line(40))
    (folder / "c.txt").write_text(SHORT.replace("NLAW-9001", "NLAW-9003"))
    store = SqliteStore(tmp_path / "s.db", model)
    # no time at all: a report of one chunk always goes through, a longer one stops at its second chunk
    ingester = ReportIngester(store, bounds=Bounds(chunk_chars=500, seconds=0.0))
    summary = ingest_paths(store, [folder], report_ingester=ingester)

    status = {Path(r.path).name: r for r in summary.results}
    assert [status[n].status for n in ("a.txt", "b-long.md", "c.txt")] == ["ingested", "failed", "ingested"]
    message = status["b-long.md"].message
    assert message.startswith(str(folder / "b-long.md")) and "time budget of 0 s" in message
    assert "NLP stopped after 1 of" in message and "CUSTODY_REPORT_SECONDS" in message
    names = {n.name for n in store.iter_nodes("Item")}
    assert {"NLAW-9001", "NLAW-9003"} <= names and "NLAW-8000" not in names


class _Spy:
    """The custody pipeline, recording how many chunks (and characters) each ``pipe`` call held."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.batch_size = nlp.batch_size
        self.batches: list[list[int]] = []

    def make_doc(self, text: str) -> Doc:
        return self.nlp.make_doc(text)

    def pipe(self, docs: Iterable[Doc], batch_size: int) -> Iterator[Doc]:
        batch = list(docs)
        self.batches.append([len(d.text) for d in batch])
        return self.nlp.pipe(batch, batch_size=batch_size)


def test_short_reports_go_through_the_pipeline_in_large_batches_and_long_ones_in_bounded_ones() -> None:
    spy = _Spy(shared_pipeline())
    nlp = cast(Language, spy)
    texts: list[tuple[str, str | None]] = [(SHORT.replace("9001", str(9010 + i)), None) for i in range(12)]
    one_by_one = [o.extraction for o in extract_bounded(nlp, texts, batch_size=1)]
    assert len(spy.batches) == 12
    spy.batches.clear()
    # as many as the pipeline's batch size (the statistical components run much faster on large batches)
    assert [o.extraction for o in extract_bounded(nlp, texts)] == one_by_one
    assert spy.batches == [[len(t) for t, _ in texts]]
    # chunks of a long report: at most BATCH_CHUNKS full chunks' worth of characters per batch
    spy.batches.clear()
    long = single_line(40)
    outcomes = list(extract_bounded(nlp, [(long, None)], Bounds(chunk_chars=300)))
    assert outcomes[0].chunks == sum(len(b) for b in spy.batches) > BATCH_CHUNKS
    assert len(spy.batches) > 1 and all(sum(b) <= BATCH_CHUNKS * 300 for b in spy.batches)
    extraction = outcomes[0].extraction
    assert extraction is not None
    assert {e.item for e in extraction.events} >= {f"NLAW-{8000 + i}" for i in range(40)}
