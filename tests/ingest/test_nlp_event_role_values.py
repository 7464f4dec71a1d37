"""Role values that generalise (roles round 7): counts told in words, parts of a whole, the
written phrase of a place goods were taken from. Every sentence is written for these tests: each
unit, person, place and quantity is made up."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import ExtractedEvent


def events(pipe: Language, text: str) -> list[ExtractedEvent]:
    return extract(pipe, text, "2024-03-10").events


def test_each_member_of_a_list_keeps_its_count_told_in_words(both: Language) -> None:
    evs = events(both, "The Varnos police recovered one AK-47 rifle, several pistols and a few grenades.")
    assert [(e.item, e.quantity) for e in evs] == [
        ("AK-47 rifle", "one"),
        ("pistols", "several"),
        ("grenades", "a few"),
    ]


def test_a_vague_count_of_goods_with_describing_words_is_their_quantity(parsed: Language) -> None:
    evs = events(
        parsed,
        "Officers of the Varnos police seized dozens of old Kelvar-made rifles and a large quantity of ammunition.",
    )
    assert [(e.item, e.quantity) for e in evs] == [("rifles", "dozens"), ("ammunition", "a large quantity")]


def test_an_amount_alone_makes_no_statement_about_a_category_particular(parsed: Language) -> None:
    evs = events(parsed, "The package provides a considerable amount of ammunition.")
    assert evs == []


def test_the_part_taken_from_a_whole_is_the_count_of_the_act_on_the_part(both: Language) -> None:
    """ "recovered nine of the 16 rifles stolen": nine recovered, sixteen stolen."""
    evs = events(both, "The Kessel police said they recovered nine of the 16 rifles stolen from the Dorvik armory.")
    counts = {(e.type, e.quantity) for e in evs}
    assert ("SEIZURE", "nine") in counts
    assert ("SEIZURE", "16") not in counts

