"""Events as ``custody extract`` writes them for the scorer, and picking one of them: shared by
the role tests written in the scorer's terms."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import to_score_json


def scored(nlp: Language, text: str) -> list[dict[str, str | None]]:
    """The events as ``custody extract`` writes them for the scorer."""
    return list(to_score_json(extract(nlp, text, "2024-03-10"))["events"])


def one(events: list[dict[str, str | None]], etype: str, item: str) -> dict[str, str | None]:
    """The one event of ``etype`` on ``item`` (the test fails when there is none or several)."""
    found = [e for e in events if e["type"] == etype and e["item"] == item]
    assert len(found) == 1, events
    return found[0]
