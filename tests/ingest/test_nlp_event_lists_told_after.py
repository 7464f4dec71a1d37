"""Lists told in a sentence after the act (event round 7).

A report tells the act first ("seized a cache of weapons") and what it held in the next
sentence ("The cache includes ..."): each listed item is the act's, whether or not the act named
who did it. Every sentence is written for these tests: each unit, person and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import events


def test_a_list_after_an_act_without_parties_keeps_every_item(parsed: Language) -> None:
    """The act names no party: the listed categories are still parts of that particular act."""
    evs = events(
        parsed,
        "A cache of weapons was seized near the Dorvik mill. The cache includes pistols, rifles and explosives.",
    )
    assert [(e.type, e.item) for e in evs[1:]] == [
        ("SEIZURE", "pistols"),
        ("SEIZURE", "rifles"),
        ("SEIZURE", "explosives"),
    ]


def test_a_pronoun_subject_of_include_points_back(parsed: Language) -> None:
    evs = events(parsed, "The Varnos army shipped arms to the Kessel militia. These included mortars and grenades.")
    listed = [(e.type, e.item, e.to) for e in evs if e.item in ("mortars", "grenades")]
    assert listed == [("DELIVERY", "mortars", "Kessel militia"), ("DELIVERY", "grenades", "Kessel militia")]


def test_other_parts_included_are_more_of_the_same_act(parsed: Language) -> None:
    evs = events(
        parsed, "Police seized a cache of weapons at a farm, officers said. Other weapon parts included optical sights."
    )
    assert [(e.type, e.item) for e in evs] == [("SEIZURE", "weapons"), ("SEIZURE", "optical sights")]
