"""Places written the long way on unseen reporting (places round 9): premises told by where they lie
("a house on the outskirts of X") and a place given inside a larger stretch of land ("the hinterland
of X in Y, Z Province"). Every sentence is written for these tests: each place is made up."""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import places


def test_premises_on_the_outskirts_of_a_town_are_the_place_as_written(parsed: Language) -> None:
    text = "Police seized six rifles during a search at a house on the outskirts of Brenno."
    assert places(parsed, text) == ["a house on the outskirts of Brenno"]


def test_the_foothills_of_a_place_are_the_place(parsed: Language) -> None:
    text = "Police recovered 12 pistols in the foothills of the Varos Mountains."
    assert places(parsed, text) == ["foothills of the Varos Mountains"]


def test_the_hinterland_of_a_place_within_a_province_is_the_place_as_written(parsed: Language) -> None:
    text = (
        "Government forces discovered an arms cache containing 40 rifles in the hinterland of "
        "Barangay Kessel in Varos, Dorvik del Norte."
    )
    assert places(parsed, text) == ["hinterland of Barangay Kessel in Varos, Dorvik del Norte"]


def test_the_place_of_a_ceremony_the_act_was_part_of_is_the_place(parsed: Language) -> None:
    text = (
        "During a ceremony held at the Kell Army Headquarters on Monday, the army chief handed over 300 rifles "
        "to the Varn police."
    )
    assert places(parsed, text) == ["the Kell Army Headquarters"]


def test_an_unnamed_port_the_act_is_told_at_is_the_place_as_written(parsed: Language) -> None:
    assert places(parsed, "Border officers intercepted 30 handguns at one of the region's ports.") == [
        "one of the region's ports"
    ]
    assert places(parsed, "Customs officers seized 30 rifles at the airport.") == ["the airport"]


def test_a_named_town_of_an_unnamed_port_comes_first(parsed: Language) -> None:
    assert places(parsed, "Customs officers seized 30 rifles at the airport in Brenno.") == ["Brenno"]
