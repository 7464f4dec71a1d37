"""The extractor on the fictional report texts of tests/data/corpus, against their gold.

These four reports are the northern-corridor scenario's, with the corpus's two header lines
(``SOURCE:``, ``DATE:``); their gold lists the entities and custody events a careful reader
finds. They ship with the repository, so this runs on a bare clone (the real-text corpus and
its scorer stay in ``../shared``: see test_nlp_corpus.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spacy.language import Language

from ingest.nlp.score_corpus import write_predictions
from tests.conftest import DATA

CORPUS = DATA / "corpus"
ROLES = ("from", "to", "place", "date", "quantity")


def _norm(text: Any) -> str:
    return " ".join(str(text).lower().split()) if text is not None else ""


def _entities(doc: dict[str, Any]) -> set[tuple[str, str]]:
    return {(_norm(e["text"]), e["label"]) for e in doc["entities"]}


def _events(doc: dict[str, Any]) -> dict[tuple[str, str], dict[str, str]]:
    # this gold names the actors; a prediction writes roles as the sentence does ("officers of
    # Customs Office K") and names the actor beside it ("from_actor", "to_actor")
    def role(e: dict[str, Any], r: str) -> Any:
        return e.get(f"{r}_actor", e.get(r)) if r in ("from", "to") else e.get(r)

    return {(e["type"], _norm(e["item"])): {r: _norm(role(e, r)) for r in ROLES} for e in doc["events"]}


def test_every_gold_entity_and_event_is_extracted(nlp: Language, tmp_path: Path) -> None:
    golds = sorted((CORPUS / "gold").glob("*.json"))
    assert len(golds) == 4
    write_predictions(CORPUS / "texts", tmp_path, nlp=nlp)
    problems: list[str] = []
    for path in golds:
        gold, pred = json.loads(path.read_text()), json.loads((tmp_path / path.name).read_text())
        problems += [f"{path.stem}: entity {e} missing" for e in sorted(_entities(gold) - _entities(pred))]
        problems += [f"{path.stem}: entity {e} is not in the gold" for e in sorted(_entities(pred) - _entities(gold))]
        want, got = _events(gold), _events(pred)
        problems += [f"{path.stem}: event {k} missing" for k in sorted(set(want) - set(got))]
        problems += [f"{path.stem}: event {k} is not in the gold" for k in sorted(set(got) - set(want))]
        for key in sorted(set(want) & set(got)):
            problems += [f"{path.stem}: event {key} {role} {got[key][role]!r}, gold {want[key][role]!r}"
                         for role in ROLES if want[key][role] and got[key][role] != want[key][role]]
    assert problems == []
