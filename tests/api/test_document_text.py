"""Document texts and quotes in context over GraphQL, with event and evidence modality (issue #14)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from api.auth import LOCAL, Principal
from api.context import Context
from api.schema import run
from graph.store import Store
from ingest.nlp.extract import ExtractedEvent, Extraction
from ingest.report_ingest import ReportIngester, facts_from_extraction
from ingest.resolve import Resolver
from tests.api.conftest import codes, ok, settings_for

VIEWER = Principal("k-viewer", "viewer-tester", "viewer")
PUBLIC = ("Patrol log, 5 June 2024\n\nOn 4 June 2024, border police at Town K seized launcher NLAW-9301 "
          "from the Grey Heron group.\n")
RESTRICTED = ("Internal note, 6 June 2024\n\nOn 5 June 2024, police in Town L seized launcher NLAW-9302 "
              "from the Grey Heron group.\n")

ITEM = """query($serial: String!) { item(serial: $serial) { events { type modality
  asWritten { item from date }
  evidence { quote modality span { start end } context(chars: 12) { before quote after start end }
             document { sensitivity text } }
  evidenceWithheld } } }"""


def query(store: Store, tmp_path: Path, q: str, variables: dict[str, Any], who: Principal = LOCAL) -> dict[str, Any]:
    return run(q, variables, Context(store, settings_for(tmp_path), who))


def test_quotes_come_with_their_context_from_the_stored_text(store: Store, tmp_path: Path) -> None:
    ingester = ReportIngester(store)
    assert ingester.ingest_text(store, PUBLIC, "public.txt").status == "ingested"
    [event] = ok(query(store, tmp_path, ITEM, {"serial": "NLAW-9301"}))["item"]["events"]
    assert event["type"] == "SEIZURE" and event["modality"] == "reported"
    assert event["asWritten"]["item"] == "NLAW-9301" and event["asWritten"]["date"]
    [ev] = event["evidence"]
    text, ctx = ev["document"]["text"], ev["context"]
    assert text[ev["span"]["start"]:ev["span"]["end"]] == ev["quote"] == ctx["quote"]
    assert text.startswith("Patrol log") and PUBLIC.endswith(text)  # the passage the pipeline read
    assert ctx["before"] == text[max(0, ctx["start"] - 12):ctx["start"]] and len(ctx["after"]) <= 12
    assert ev["modality"] == "reported"
    too_much = query(store, tmp_path, ITEM.replace("chars: 12", "chars: 100000"), {"serial": "NLAW-9301"})
    assert "LIMIT_EXCEEDED" in codes(too_much)


def test_viewers_get_no_restricted_text(store: Store, tmp_path: Path) -> None:
    ingester = ReportIngester(store)
    ingester.ingest_text(store, PUBLIC, "public.txt")
    restricted = ingester.ingest_text(store, RESTRICTED, "restricted.txt", sensitivity="restricted")
    # the analyst (here the local admin) reads both
    [event] = ok(query(store, tmp_path, ITEM, {"serial": "NLAW-9302"}))["item"]["events"]
    assert "Town L" in event["evidence"][0]["document"]["text"]
    # a viewer: the restricted evidence is withheld, and the document and its text are not there
    view = query(store, tmp_path, ITEM, {"serial": "NLAW-9302"}, VIEWER)
    assert "Town L" not in str(view)
    doc = query(store, tmp_path, "query($id: ID!) { document(id: $id) { text } }",
                {"id": restricted.document_id}, VIEWER)
    assert "NOT_FOUND" in codes(doc) and "Town L" not in str(doc)
    public = ok(query(store, tmp_path, ITEM, {"serial": "NLAW-9301"}, VIEWER))["item"]["events"][0]
    assert "Town K" in public["evidence"][0]["document"]["text"]


def test_an_alleged_event_shows_its_modality(store: Store, tmp_path: Path) -> None:
    text = "Officials allege that the Grey Heron group stole launcher NLAW-9303 in May 2024."
    event = ExtractedEvent(type="THEFT", item="NLAW-9303", item_label="SERIAL_NUMBER", quantity=None, from_=None,
                           to="Grey Heron group", place=None, date="May 2024", date_value="2024-05", sentence=text,
                           start=0, end=len(text), confidence=0.7, system=None, modality="alleged")
    b = facts_from_extraction(store.model, Resolver(store, store.model), Extraction([], [event]), title="a.txt",
                              data=text.encode(), text=text, published=None)
    store.write(b.batch)
    [got] = ok(query(store, tmp_path, ITEM, {"serial": "NLAW-9303"}))["item"]["events"]
    assert got["modality"] == "alleged" and got["evidence"][0]["modality"] == "alleged"
    assert got["evidence"][0]["context"]["quote"] == text
