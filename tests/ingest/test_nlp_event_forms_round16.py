"""Event detection in forms of real reporting read in round 16: goods listed line by line or in
table rows, goods named by a copula after the act, a participle hung on the noun of a phrase of
goods, and act nouns that name a place or record or stand under a denied noun.

Every sentence is written for these tests; units, places, people and quantities are made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events

BOTH = ["blank", "nlp"]


@pytest.fixture
def pipe(request: pytest.FixtureRequest) -> Language:
    chosen: Language = request.getfixturevalue(request.param)
    return chosen


def test_list_lines_cut_in_two_stay_in_the_list(nlp: Language) -> None:
    """ "12x" | "AKM rifles": a line the sentencizer cut goes on; the lines name the goods, so
    "the following weapons" is no item of its own."""
    text = (
        "Rebels raided the post.\n\nWitnesses said the rebels captured the following weapons:\n"
        "3x PG-7 RPG warheads\n12x AKM rifles [50+ AK magazines]\nF-1 pattern grenades\n\nThe army withdrew."
    )
    evs = events(nlp, text)
    items = {e.item for e in evs}
    assert {"AKM rifles", "AK magazines", "F-1 grenades"} <= items
    assert "weapons" not in items
    assert {e.type for e in evs} == {"SEIZURE"}


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_table_rows_with_a_status_cell_are_events(pipe: Language) -> None:
    text = (
        "The table below lists the losses of the guard force in 2022.\n2022\n"
        "March | Beretta 92 Pistol | 1 | Stolen |\nMay | L85 Rifle | 2[1] | Lost |\n[1] Recovered later.\n"
    )
    rows = [(e.type, e.item, e.quantity) for e in events(pipe, text) if "|" in (e.sentence or "")]
    assert rows == [("THEFT", "Beretta 92 Pistol", "1"), ("LOSS", "L85 Rifle", "2")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_a_table_row_without_a_status_cell_is_no_event(pipe: Language) -> None:
    assert events(pipe, "Model | Calibre | Weight |\nL85 Rifle | 5.56mm | 4 kg |\n") == []


def test_goods_named_by_a_copula_after_the_act(nlp: Language) -> None:
    """ "The seized weapons were 30 AKM rifles and ...": each named item is the seizure's."""
    text = "The navy seized a cache of arms from a dhow. The seized weapons were 30 AKM rifles and two PKM guns."
    evs = events(nlp, text)
    named = {(e.type, e.item, e.quantity) for e in evs}
    assert named >= {("SEIZURE", "AKM rifles", "30"), ("SEIZURE", "PKM guns", "two")}
    assert all(e.to == "navy" for e in evs)


def test_a_pronoun_doing_an_act_is_no_copula_naming_goods(nlp: Language) -> None:
    text = "Observers saw fighters with rifles near Kell. They were carrying AKM rifles and RPG-7 launchers."
    assert {e.item for e in events(nlp, text)} == {"rifles"}


def test_a_participle_on_the_noun_of_a_phrase_of_goods(nlp: Language) -> None:
    """ "lost track of 4,000 rifles and 900 pistols sent to X": the parse hangs "sent" on "track";
    the goods of its "of" phrase were sent."""
    evs = events(nlp, "Officials have lost track of 4,000 rifles and 900 pistols sent to help the Varn police.")
    sent = {(e.item, e.quantity) for e in evs if e.type == "TRANSFER"}
    assert sent == {("rifles", "4,000"), ("pistols", "900")}


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_an_act_noun_naming_a_site_or_a_record_is_no_act(pipe: Language) -> None:
    assert events(pipe, "The agency helped the mission build a weapons and ammunition storage site near Kell.") == []
    assert events(pipe, "Inventory records at the depot differed by hundreds of rifles.") == []


def test_keeping_an_inventory_is_no_check(nlp: Language) -> None:
    evs = events(nlp, "The agency keeps a careful inventory of the rifles it has in its stores in Kell.")
    assert [e for e in evs if e.type == "INVENTORY"] == []


def test_an_act_noun_under_a_denied_noun_is_no_act(nlp: Language) -> None:
    assert events(nlp, "The ministry has made no decision on the possible delivery of attack helicopters.") == []
    assert events(nlp, "The ministry has not taken any decisions regarding the transfer of attack helicopters.") == []


def test_goods_for_a_weapon_are_one_item(nlp: Language) -> None:
    """ "components for medium-range ballistic missiles": the goods named by the weapon they
    serve, one item; the missiles are not seized of their own."""
    evs = events(nlp, "The navy seized rifles and components for medium-range ballistic missiles.")
    assert {(e.type, e.item) for e in evs} == {
        ("SEIZURE", "rifles"),
        ("SEIZURE", "components for medium-range ballistic missiles"),
    }


def test_goods_for_a_weapon_whose_name_no_rule_took_whole(nlp: Language) -> None:
    text = "The package includes more ammunition for the High Mobility Artillery Rocket Systems (HIMARS)."
    assert [e.item for e in events(nlp, text)] == ["ammunition for the High Mobility Artillery Rocket Systems"]


def test_goods_seized_while_being_smuggled_were_moved(nlp: Language) -> None:
    """ "seized rifles being smuggled in the Sea of Kell": the smuggling is a transfer the seizure
    cut short, not a diversion (the corpus calls an act so only where the text does)."""
    evs = events(nlp, "The navy seized 40 rifles being smuggled in the Sea of Kell after a chase.")
    assert {(e.type, e.item) for e in evs} == {("SEIZURE", "rifles"), ("TRANSFER", "rifles")}
