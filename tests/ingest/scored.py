"""Events of a test sentence, as ``extract`` gives them or as ``custody extract`` writes them for
the scorer, and picking one of them: shared by the event and role tests."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import ExtractedEvent, to_score_json


def events(nlp: Language, text: str, doc_date: str | None = "2024-03-10") -> list[ExtractedEvent]:
    """The events ``extract`` finds in ``text`` of a document dated ``doc_date``."""
    return extract(nlp, text, doc_date).events


def places(nlp: Language, text: str) -> list[str | None]:
    """The place of each event found in ``text``."""
    return [e.place for e in events(nlp, text)]


def dates(nlp: Language, text: str) -> list[str | None]:
    """The date of each event found in ``text``, as written."""
    return [e.date for e in events(nlp, text)]


def froms(nlp: Language, text: str) -> list[str | None]:
    """The giver (``from``) of each event found in ``text``."""
    return [e.from_ for e in events(nlp, text)]


def summary(evs: list[ExtractedEvent]) -> set[tuple[str, str]]:
    """Each event as its type and item."""
    return {(e.type, e.item) for e in evs}


def scored(nlp: Language, text: str) -> list[dict[str, str | None]]:
    """The events as ``custody extract`` writes them for the scorer."""
    return list(to_score_json(extract(nlp, text, "2024-03-10"))["events"])


def one(events: list[dict[str, str | None]], etype: str, item: str) -> dict[str, str | None]:
    """The one event of ``etype`` on ``item`` (the test fails when there is none or several)."""
    found = [e for e in events if e["type"] == etype and e["item"] == item]
    assert len(found) == 1, events
    return found[0]
