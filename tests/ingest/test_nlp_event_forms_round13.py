"""Forms of English that tell a custody act, missed on unseen official writing (issue #14, round
13), on fictional sentences.

Goods found, discovered or located in something they are packed or carried in (a bag, a pocket,
the boot of a car, a van, a locker) were kept there (STORAGE, the place as written, and no keeper:
who found them did not keep them). Goods found in a place that holds nothing ("in eastern
Norland") or in a house (told as searched and seized there) tell no storage; goods found "hidden
in a lorry" lay there (round 8). The rule reads the parse: the blank pipeline tells none.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events, summary


# ------------------------------------------------------------------ goods found in what held them
@pytest.mark.parametrize(
    ("text", "item", "place"),
    [
        ("The rifles were found in a bag under the seat of the car.", "rifles", "a bag under the seat of the car"),
        ("Police were able to locate stolen rifles in a van in the Kell area.", "rifles", "a van in the Kell area"),
        ("Guards discovered a pistol in the locker of a sailor.", "pistol", "the locker of a sailor"),
    ],
)
def test_goods_found_in_what_held_them_were_stored_there(parsed: Language, text: str, item: str, place: str) -> None:
    stored = [e for e in events(parsed, text) if e.type == "STORAGE"]
    assert [(e.item, e.place, e.to) for e in stored] == [(item, place, None)]


def test_each_good_found_in_a_car_was_stored_in_it(parsed: Language) -> None:
    evs = events(parsed, "The six rifles and 200 rounds of ammunition were found by customs officers in a car.")
    assert summary(evs) == {("STORAGE", "rifles"), ("STORAGE", "ammunition")}
    assert {(e.quantity, e.place, e.to) for e in evs} == {("six", "a car", None), ("200 rounds", "a car", None)}


@pytest.mark.parametrize(
    "text",
    [
        "Crates of the same rifles were found in eastern Norland.",
        "Twelve rifles were found in a house in Dovra.",
        "Officers of the Kell customs found 12 rifles hidden in a lorry from Dorvik.",
        "Inspectors found no rifles in the car.",
        "Inspectors may find rifles in the cars.",
    ],
)
def test_goods_found_in_a_place_or_lying_hidden_tell_no_storage(parsed: Language, text: str) -> None:
    assert [e for e in events(parsed, text) if e.type == "STORAGE"] == []


def test_without_a_parse_goods_found_in_a_bag_tell_nothing(blank: Language) -> None:
    assert events(blank, "The rifles were found in a bag under the seat of the car.") == []
