"""Custody event detection in more patterns of real reporting (UN panel, arms-research, audit
and naval releases): items found with their holders, items that vanish, vague counts of a
pronoun, acts told inside what someone said, and hopes that are no act.

Every sentence is written for these tests: each unit, group, person, place and quantity is made
up. The parsed pipeline runs every rule; the blank pipeline (no parser) runs the ones that have a
word-order form.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import ExtractedEvent

BOTH = ["blank", "nlp"]


@pytest.fixture
def pipe(request: pytest.FixtureRequest) -> Language:
    chosen: Language = request.getfixturevalue(request.param)
    return chosen


def events(pipe: Language, text: str) -> list[ExtractedEvent]:
    return extract(pipe, text, "2024-03-10").events


@pytest.mark.parametrize("verb", ["found", "uncovered"])
def test_an_item_found_with_fighters_is_seen_with_them(nlp: Language, verb: str) -> None:
    """Every finding verb the sighting rule takes also names whom the item was seen with."""
    evs = events(nlp, f"Two carbines were {verb} with the militia fighters near Ostrava.")
    assert [(e.type, e.item, e.to) for e in evs] == [("OBSERVATION", "carbines", "militia fighters")]


def test_an_item_found_with_a_named_group_is_seen_with_it(nlp: Language) -> None:
    """(Parsed only: the blank pipeline names no group, and a sighting needs whom it was seen with.)"""
    evs = events(nlp, "A rocket launcher was found with the Red Hand Brigade in Doriva.")
    assert [(e.type, e.item, e.to) for e in evs] == [("OBSERVATION", "rocket launcher", "Red Hand Brigade")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_an_item_found_in_a_place_alone_is_no_event(pipe: Language) -> None:
    assert events(pipe, "Forty carbines were found in a field near Ostrava.") == []


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_items_that_vanished_are_lost(pipe: Language) -> None:
    evs = events(pipe, "Pistols and grenades have vanished from the harbour armory at Dovra.")
    assert [(e.type, e.item) for e in evs] == [("LOSS", "Pistols"), ("LOSS", "grenades")]


def test_a_vague_count_of_a_pronoun_takes_the_item_it_points_to(nlp: Language) -> None:
    """ "seized thousands of them": the count takes part of the carbines named before (which, reaching
    Kestria, were delivered there: round 11)."""
    text = "Many carbines reached Kestria after bandits seized thousands of them from the Valdoran police."
    evs = [e for e in events(nlp, text) if e.type != "DELIVERY"]
    assert [(e.type, e.item, e.from_, e.to) for e in evs] == [("SEIZURE", "carbines", "Valdoran police", "bandits")]


def test_an_act_inside_what_someone_said_in_a_relative_clause(nlp: Language) -> None:
    """ "the carbine, which its owner said had been captured from X": the relative's head is the item."""
    evs = events(nlp, "The carbine, which its owner said had been captured from the Red Hand Brigade, was old.")
    assert [(e.type, e.item, e.from_) for e in evs] == [("SEIZURE", "carbine", "Red Hand Brigade")]


def test_a_hoped_for_recovery_beside_a_recovery_is_no_event(nlp: Language) -> None:
    text = "Half of the rifles have been recovered and officials are optimistic about the recovery of the rest."
    assert [(e.type, e.item) for e in events(nlp, text)] == [("SEIZURE", "rifles")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_a_hoped_for_recovery_is_no_event(pipe: Language) -> None:
    assert events(pipe, "Officials are optimistic about the recovery of 30 pistols from the Grey Fox group.") == []


def test_items_told_after_among_the_weapons_recovered_are_the_items(nlp: Language) -> None:
    """ "Among the weapons recovered were 40 rifles and 3 mortars": one seizure per listed item,
    none of the class they are among."""
    text = "Troops raided a farm of the Grey Fox group. Among the weapons recovered were 40 rifles and 3 mortars."
    evs = events(nlp, text)
    assert [(e.type, e.item, e.quantity) for e in evs] == [("SEIZURE", "rifles", "40"), ("SEIZURE", "mortars", "3")]


def test_items_that_ended_up_with_a_group_are_seen_with_it(nlp: Language) -> None:
    evs = events(nlp, "The carbines ended up with the Grey Fox group in Doriva.")
    assert [(e.type, e.item, e.to) for e in evs] == [("OBSERVATION", "carbines", "Grey Fox group")]


def test_what_the_weapons_handed_over_include_replaces_the_class(nlp: Language) -> None:
    """ "The weapons handed to X include 3,000 carbines and 200 mortars": one event per listed
    item, none for "weapons"."""
    evs = events(nlp, "The weapons handed to the Valdoran police include 3,000 carbines and 200 mortars.")
    expected = [("TRANSFER", "carbines", "3,000"), ("TRANSFER", "mortars", "200")]
    assert [(e.type, e.item, e.quantity) for e in evs] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Panel could not confirm whether the carbines were transferred to the Grey Fox group.",
        "If the carbines were sold to the Grey Fox group, the embargo was violated.",
    ],
)
def test_an_open_question_or_a_condition_is_no_event(nlp: Language, text: str) -> None:
    assert events(nlp, text) == []


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_monitoring_a_supply_is_no_event(pipe: Language) -> None:
    assert events(pipe, "The Panel will continue to monitor the supply of carbines to the region.") == []


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_a_bare_act_noun_with_no_role_is_a_generic_statement(pipe: Language) -> None:
    assert events(pipe, "Smuggling of small arms across the border remains a serious threat.") == []


SHIPPED = "The ministry shipped 4,000 carbines to the Valdoran police in 2019. "


@pytest.mark.parametrize(
    ("then", "quantity"),
    [
        ("Hundreds were later sold to traders in Doriva.", "Hundreds"),
        ("Some of them were later sold to traders.", None),
    ],
)
def test_a_part_of_items_moved_later_is_a_new_act_with_the_part_s_count(
    nlp: Language, then: str, quantity: str | None
) -> None:
    """A part of what was shipped, sold later, is no shipment told again; its count is the part's."""
    evs = events(nlp, SHIPPED + then)
    assert [(e.type, e.item, e.quantity, e.to) for e in evs] == [
        ("DELIVERY", "carbines", "4,000", "Valdoran police"),
        ("TRANSFER", "carbines", quantity, "traders"),
    ]


def test_who_shipped_items_is_not_their_thief(nlp: Language) -> None:
    evs = events(nlp, SHIPPED + "Hundreds of them were later stolen.")
    expected = [("DELIVERY", "4,000", "Valdoran police"), ("THEFT", "Hundreds", None)]
    assert [(e.type, e.quantity, e.to) for e in evs] == expected


@pytest.mark.parametrize(
    "text",
    [
        SHIPPED + "Many have since gone missing.",
        "The ministry shipped 4,000 carbines to the Valdoran police in 2019 and many have gone missing.",
    ],
)
def test_many_of_the_items_told_before_gone_missing_are_lost(nlp: Language, text: str) -> None:
    """A part of no stated count: the loss keeps no quantity, in the next sentence or the same one."""
    expected = [("DELIVERY", "carbines", "4,000"), ("LOSS", "carbines", None)]
    assert [(e.type, e.item, e.quantity) for e in events(nlp, text)] == expected


def test_all_of_the_items_received_stored_keep_their_count(nlp: Language) -> None:
    evs = events(nlp, "The army received 300 mortars from Kestria and stored all of them in Dovra.")
    assert [(e.type, e.quantity) for e in evs] == [("TRANSFER", "300"), ("STORAGE", "300")]
