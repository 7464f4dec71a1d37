"""Custody events over goods told with everyday words (event round 6).

Real reporting names seized goods as "guns", "bombs" or "cartridges" and tells where they were
hidden or buried. Every sentence is written for these tests: each unit, person, place and
quantity is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import ExtractedEvent


def events(pipe: Language, text: str) -> list[ExtractedEvent]:
    return extract(pipe, text, "2024-03-10").events


@pytest.mark.parametrize("goods", ["bombs", "shells", "bullets"])
def test_everyday_words_for_goods_are_items(both: Language, goods: str) -> None:
    evs = events(both, f"Officers of the Varnos police seized homemade {goods} at the Kessel farm.")
    assert [e.type for e in evs] == ["SEIZURE"]
    assert evs[0].item.endswith(goods)


@pytest.mark.parametrize(
    ("text", "spot"),
    [
        ("The rifles were hidden underground near the Dorvik mill.", "underground"),
        ("Smugglers buried the rifles in a melon field.", "a melon field"),
    ],
)
def test_goods_hidden_or_buried_are_stored_where_they_were_put(parsed: Language, text: str, spot: str) -> None:
    evs = events(parsed, text)
    assert [(e.type, e.item, e.place) for e in evs] == [("STORAGE", "rifles", spot)]


def test_a_verb_without_a_subject_shares_its_partners_passive_subject(parsed: Language) -> None:
    """ "were packed into crates and were seized": the goods of the first verb are seized."""
    evs = events(parsed, "The carbines were packed into crates and were seized by the Varnos police.")
    assert [(e.type, e.item, e.to) for e in evs] == [("SEIZURE", "carbines", "Varnos police")]


def test_goods_found_hidden_somewhere_tell_where_they_lay_not_a_storage(parsed: Language) -> None:
    evs = events(parsed, "Officers of the Kell customs found 12 rifles hidden in a lorry from Dorvik.")
    assert [e.type for e in evs if e.type == "STORAGE"] == []


@pytest.mark.parametrize(
    "text",
    [
        "The 300 weapons given to the Kessel police by the ministry are missing.",
        "More than half of the rifles provided to the Kessel police have gone missing.",
    ],
)
def test_goods_that_are_missing_now_are_lost(parsed: Language, text: str) -> None:
    """The subject of "are missing" is the item, not a doer; "have gone missing" is a state the
    goods are in now, a particular loss even with no quantity or party."""
    evs = events(parsed, text)
    assert "LOSS" in [e.type for e in evs]


def test_goods_taken_from_a_store_with_the_object_between_are_taken(parsed: Language) -> None:
    """ "taking 16 carbines from the depot": the "take from" of a theft around its object."""
    evs = events(parsed, "A guard was charged with taking 16 carbines from the Kessel depot.")
    assert [(e.type, e.item, e.quantity) for e in evs] == [("THEFT", "carbines", "16")]


def test_taking_people_from_a_house_is_no_custody_event(parsed: Language) -> None:
    assert events(parsed, "The soldiers took the suspects from the house.") == []
