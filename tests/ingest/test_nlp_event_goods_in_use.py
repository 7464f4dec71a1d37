"""Goods seen in use by their holder (event round 8).

"the rebels used rockets", "the militia was carrying rifles": a past or ongoing act of using or
carrying, by a person or an actor, is an OBSERVATION of the item with that holder; a habit ("often
use"), an aim ("continued to use"), a passive ("rifles used in the attack") or a finding ("found
the men were carrying ...") is none. Every sentence is written for these tests: each group,
person and place is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import extract


@pytest.mark.parametrize(
    ("text", "item", "holder"),
    [
        ("The rebels used rockets in the raid on Varos.", "rockets", "rebels"),
        ("Videos showed the militia using BGM-71 TOWs near Kessel.", "BGM-71 TOWs", "militia"),
        ("A Kessel militia was carrying an assault rifle.", "assault rifle", "Kessel militia"),
        ("The militants fled into the hills, carrying 20 rifles.", "rifles", "militants"),
    ],
)
def test_goods_in_use_are_seen_with_their_holder(parsed: Language, text: str, item: str, holder: str) -> None:
    evs = extract(parsed, text, "2024-03-10").events
    seen = [e for e in evs if e.type == "OBSERVATION"]
    assert [(e.item, e.to) for e in seen] == [(item, holder)]


@pytest.mark.parametrize(
    "text",
    [
        "The rebels continued to use rockets against Varos.",
        "Armed groups often use rockets against towns.",
        "The rifles were used by the rebels in the raid.",
        "Officials found the men were carrying two rifles.",
        "The dhow was carrying 300 rifles.",
        "The navy stopped a dhow carrying 300 rifles.",
    ],
)
def test_habits_aims_passives_and_findings_are_no_observation(parsed: Language, text: str) -> None:
    evs = extract(parsed, text, "2024-03-10").events
    assert [e for e in evs if e.type == "OBSERVATION"] == []


def test_use_without_a_parse_tells_no_holder(blank: Language) -> None:
    evs = extract(blank, "The rebels used rockets in the raid on Varos.", "2024-03-10").events
    assert [e for e in evs if e.type == "OBSERVATION"] == []
