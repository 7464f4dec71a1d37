"""The extractor on the shared development corpus and the northern-corridor scenario.

The real public texts (the seed article, the scraped page) and the scorer are read from
``<repo>/../shared`` (or ``$CUSTODY_SHARED``) and never copied into the repository; their
tests skip when it is not there, and fail instead under ``CUSTODY_REQUIRE_SHARED=1``. The
scenario's fictional reports ship in tests/data.
"""

from __future__ import annotations

import importlib.util
import io
from contextlib import redirect_stdout
from pathlib import Path
from types import ModuleType

from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import ExtractedEvent
from ingest.nlp.score_corpus import write_predictions
from ingest.reports import read_report
from tests.conftest import SCENARIO, shared_path

SCENARIO_REPORTS = SCENARIO / "reports"


def _scorer() -> ModuleType:
    path = shared_path("tools/score_extraction.py")
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corpus_scores_above_target(nlp: Language, tmp_path: Path) -> None:
    shared_path("corpus/texts/00_seed_article.txt")  # real reporting: the development corpus is not all fictional
    corpus = shared_path("corpus")
    scorer = _scorer()
    write_predictions(corpus / "texts", tmp_path, nlp=nlp)
    out = io.StringIO()
    with redirect_stdout(out):
        assert scorer.main([str(corpus / "gold"), str(tmp_path), "--json"]) == 0
    import json

    summary = json.loads(out.getvalue().strip().splitlines()[-1])
    assert summary["entity_f1"] >= 0.80, out.getvalue()
    assert summary["event_f1"] >= 0.60, out.getvalue()


def test_scraped_page_furniture_gives_no_entities_or_events(nlp: Language) -> None:
    page = shared_path("corpus/raw/seed_page_as_scraped.txt")
    text, meta = read_report(page)
    assert meta["furniture_stripped"]
    ex = extract(nlp, text, meta["date"])
    for m in ex.entities:
        low = m.text.lower()
        for furniture in ("google cta", "keep reading", "newsletter", "show less"):
            assert furniture not in low, m
    # the teasers of unrelated articles are gone with their names
    assert not {"Saudi Arabia", "Gustavo Petro", "Ahmed al-Sharaa"} & {m.text for m in ex.entities}
    assert all("keep reading" not in e.sentence.lower() for e in ex.events)
    # the article itself is kept
    assert {"Stimson Center", "Azov Battalion"} <= {m.text for m in ex.entities}


def _scenario_events(nlp: Language) -> list[ExtractedEvent]:
    events: list[ExtractedEvent] = []
    for path in sorted(SCENARIO_REPORTS.glob("*.txt")):
        text, meta = read_report(path)
        assert meta["date"], path
        events.extend(extract(nlp, text, meta["date"]).events)
    return events


def _find(events: list[ExtractedEvent], type_: str, item: str) -> list[ExtractedEvent]:
    return [e for e in events if e.type == type_ and e.item == item]


def test_scenario_reports_give_the_custody_facts(nlp: Language) -> None:
    events = _scenario_events(nlp)

    (seizure,) = _find(events, "SEIZURE", "JAV-0042")
    assert (seizure.to, seizure.from_, seizure.place, seizure.date_value) == (
        "Customs Office K",
        "Red Falcon group",
        "Town K",
        "2024-02-11",
    )
    assert seizure.system == "FGM-148 Javelin"

    (observation,) = _find(events, "OBSERVATION", "STG-1003")
    assert (observation.to, observation.place, observation.date_value) == ("Red Falcon group", "Town K", "2024-05-02")
    assert observation.system == "FIM-92 Stinger"

    (border,) = _find(events, "SEIZURE", "M4-55007")
    assert (border.to, border.place, border.date_value) == ("border police", "Palanca", "2024-06-18")

    (handover,) = _find(events, "HANDOVER", "JAV-0042")
    assert (handover.from_, handover.to, handover.date_value) == (
        "14th Reserve Brigade",
        "2nd Battalion, 14th Reserve Brigade",
        "2023-04-20",
    )

    for serial in ("JAV-0040", "JAV-0041"):
        (inventory,) = _find(events, "INVENTORY", serial)
        assert inventory.to == "2nd Battalion, 14th Reserve Brigade"
        assert inventory.place == "Forward Base Kilo"
        assert inventory.date_value == "2023-09-15"

    # "could not present launcher JAV-0042" is no inventory
    assert not _find(events, "INVENTORY", "JAV-0042")
    # nor is the unseen gripstock an observation in the monitoring report
    assert all(0.0 <= e.confidence <= 1.0 for e in events)
