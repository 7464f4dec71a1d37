"""Roles told through what a custody act is set in rather than what it governs: the fight a
seizure came out of, and the place the acting party is written with. Every sentence is written
for this test; every person, group and place in it is made up."""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import one
from tests.ingest.scored import scored as events


def test_goods_seized_after_a_clash_are_taken_from_the_other_side(nlp: Language) -> None:
    text = "Troops seized 40 rifles following a clash with a convoy of armed smugglers in the state of Varos."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["from"] == "convoy of armed smugglers", event


def test_goods_seized_after_a_clash_are_seized_where_it_was_fought(nlp: Language) -> None:
    # a name no entity rule takes for a place: the region as written
    text = "Troops seized 40 rifles following a clash with smugglers in the border state of Orlanda."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["place"] == "border state of Orlanda", event


def test_goods_seized_in_an_attack_on_a_post_are_taken_from_the_post(nlp: Language) -> None:
    text = "The militants seized 20 machine guns during an attack on an army outpost last week."
    event = one(events(nlp, text), "SEIZURE", "machine guns")
    assert event["from"] == "army outpost", event


def test_a_seizing_party_written_with_its_place_seized_there(nlp: Language) -> None:
    text = "Customs officers in Portugal seized 60 rifles from a container."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["place"] == "Portugal", event


def test_goods_taken_from_two_holders_each_with_its_from_come_from_both(nlp: Language) -> None:
    text = "The Tarn militia have seized rifles and tanks from army outposts and from retreating police units."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["from"] == "army outposts and from retreating police units", event


def test_goods_lost_during_an_activity_somewhere_were_lost_there(nlp: Language) -> None:
    text = "The rifles disappeared during a battalion training weekend on Tolmoor, Kessex."
    event = one(events(nlp, text), "LOSS", "rifles")
    assert event["place"] == "Tolmoor, Kessex", event


def test_the_side_of_a_place_an_activity_was_on_is_the_place_as_written(nlp: Language) -> None:
    text = "Twelve rifles went missing after a training exercise on the south side of Tolmor Heath."
    event = one(events(nlp, text), "LOSS", "rifles")
    assert event["place"] == "south side of Tolmor Heath", event


def test_the_shops_goods_were_bought_at_sold_them_as_written(nlp: Language) -> None:
    text = "Pell bought ten semiautomatic rifles at gun shops around the Tolvik area, including a .50-caliber rifle."
    event = one(events(nlp, text), "TRANSFER", "semiautomatic rifles")
    assert event["from"] == "gun shops around the Tolvik area", event


def test_the_party_goods_are_sent_to_help_receives_them(nlp: Language) -> None:
    found = events(nlp, "The ministry supplied 300 rifles to equip the border police.")
    assert one(found, "TRANSFER", "rifles")["to"] == "border police", found
    found = events(nlp, "The ministry supplied 300 rifles to help end the war.")
    assert one(found, "TRANSFER", "rifles")["to"] is None, found


def test_a_place_written_as_its_region_kind_and_name_is_the_whole_phrase(nlp: Language) -> None:
    """ "in the northern border state of Valdera": the place role is the phrase as written, also
    where the entity rules make a PLACE of the name alone."""
    seizure = one(events(nlp, "Army troops seized 30 rifles in the northern border state of Valdera Norte."),
                  "SEIZURE", "rifles")
    assert seizure["place"] == "northern border state of Valdera Norte", seizure
