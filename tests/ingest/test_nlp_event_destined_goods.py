"""Goods on their way to someone when something else befell them (event round 7).

"rifles intended for the army went missing": the planned transfer is an event of its own beside
the loss or the theft; only a seizure reads the destination as the route it cut short. Every
sentence is written for these tests: each unit, person and place is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import extract


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("At least 900 pistols intended for the Vardan army could not be accounted for.", "LOSS"),
        ("Thieves stole 40 rifles bound for the Vardan army.", "THEFT"),
    ],
)
def test_goods_meant_for_someone_keep_their_planned_transfer(parsed: Language, text: str, cut: str) -> None:
    evs = extract(parsed, text, "2024-03-10").events
    assert sorted(e.type for e in evs) == sorted([cut, "TRANSFER"])
    moved = next(e for e in evs if e.type == "TRANSFER")
    assert moved.modality == "planned"


def test_intended_to_frames_an_act_and_names_no_destination(parsed: Language) -> None:
    evs = extract(parsed, "The Kessel police intended to repaint 40 rifles.", "2024-03-10").events
    assert [e.type for e in evs] == []
