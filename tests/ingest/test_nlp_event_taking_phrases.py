"""Custody events told by phrasal verbs of taking and by a seizure's route (event round 5).

"made off with", "walked off with", "were taken from the depot" tell thefts; "seized rifles
smuggled along a route from A to B" tells one transfer, not two. Every sentence is written for
these tests: each unit, person, place and quantity is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events


@pytest.mark.parametrize("verb", ["made", "walked", "ran"])
def test_off_with_the_goods_is_a_theft(both: Language, verb: str) -> None:
    evs = events(both, f"A burglar broke into the Kessel depot and {verb} off with 12 carbines.")
    assert [(e.type, e.item, e.quantity) for e in evs] == [("THEFT", "carbines", "12")]


def test_off_with_generic_weapons_is_a_theft_by_the_subject(parsed: Language) -> None:
    """A generic item ("weapons") joins its trigger through "with" only after "off"/"away"."""
    evs = events(parsed, "An intruder climbed through the roof and made off with 16 weapons.")
    assert [(e.type, e.item, e.quantity, e.to) for e in evs] == [("THEFT", "weapons", "16", "intruder")]


def test_with_after_an_ordinary_verb_gives_no_item(parsed: Language) -> None:
    evs = events(parsed, "The sergeant filled the truck with 40 weapons.")
    assert evs == []


def test_goods_taken_from_a_store_are_stolen_from_it(both: Language) -> None:
    evs = events(both, "Nine carbines and two mortars were taken from the armory at Varnos.")
    assert [(e.type, e.item, e.quantity) for e in evs] == [("THEFT", "carbines", "Nine"), ("THEFT", "mortars", "two")]


def test_the_store_goods_were_taken_from_is_whom_they_were_taken_from(parsed: Language) -> None:
    """The verb of a multiword trigger governs its own "from" phrase."""
    evs = events(parsed, "Six pistols were taken from the armory during the night.")
    assert [(e.type, e.item, e.from_) for e in evs] == [("THEFT", "pistols", "armory")]


@pytest.mark.parametrize("route", ["a route", "a maritime route"])
def test_goods_seized_on_a_smuggling_route_were_moved_once(parsed: Language, route: str) -> None:
    evs = events(
        parsed,
        f"The navy said it had seized 900 rifles smuggled on a fishing boat along {route} from Oman to Somalia.",
    )
    moved = [(e.type, e.item, e.from_, e.to) for e in evs if e.type != "SEIZURE"]
    assert moved == [("TRANSFER", "rifles", "Oman", "Somalia")]
    assert [(e.type, e.to) for e in evs if e.type == "SEIZURE"] == [("SEIZURE", "navy")]


def test_goods_bound_for_a_group_are_a_planned_transfer_to_it(parsed: Language) -> None:
    """(Parsed only: which noun is bound somewhere, goods or their carrier, needs the parse.)"""
    evs = events(parsed, "The rifles were probably bound for the Red Hand Brigade, the navy said.")
    assert [(e.type, e.item, e.to, e.modality) for e in evs] == [("TRANSFER", "rifles", "Red Hand Brigade", "planned")]


def test_a_carrier_bound_somewhere_is_no_item_moved(parsed: Language) -> None:
    """The cars are no item; the ammunition inside them is on its way (round 8: bound_goods)."""
    evs = events(parsed, "Police found 300 rounds of ammunition hidden in three cars destined for Dorvik.")
    assert [(e.type, e.item, e.modality) for e in evs] == [("TRANSFER", "ammunition", "planned")]


def test_a_destination_of_seized_goods_stays_the_seizure_s_route(parsed: Language) -> None:
    """The seizure reads "destined for" as the transfer it cut short: one transfer, not two."""
    evs = events(parsed, "The navy confiscated 200 carbines destined for the Red Hand Brigade.")
    assert sorted((e.type, e.to) for e in evs) == [("SEIZURE", "navy"), ("TRANSFER", "Red Hand Brigade")]
