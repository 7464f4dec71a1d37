"""Role values that hold on unseen reporting (roles round 11): the site a party broke into,
searched or raided before taking goods, the receiver a passive names as its subject ("were sent
rifles"), and the holder and thief a noun of theft or loss names ("the looting of rifles from
police arsenals by rioters"). Every sentence is written for these tests: each unit, person and
place is made up."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def roles(pipe: Language, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.from_written or e.from_, e.to_written or e.to) for e in extract(pipe, text, "2024-03-10").events]


def test_goods_taken_after_breaking_into_a_site_were_taken_from_it(parsed: Language) -> None:
    text = "Unknown men broke into the Varn ministry offices along Tolmo Street and stole 12 rifles on Monday."
    assert roles(parsed, text) == [("THEFT", "Varn ministry offices along Tolmo Street", "Unknown men")]


def test_goods_seized_after_searching_a_site_were_seized_from_it(parsed: Language) -> None:
    text = "Kell police searched the hideout thoroughly and seized 30 rifles."
    assert roles(parsed, text) == [("SEIZURE", "hideout", "Kell police")]


def test_goods_carried_off_after_swooping_on_a_site_were_taken_from_it(parsed: Language) -> None:
    text = "Fighters of the Kell militia swooped down on an old factory in Varn and made off with 40 rifles."
    assert [f for _, f, _ in roles(parsed, text)] == ["old factory in Varn"]


def test_goods_got_after_entering_a_site_were_got_from_it(parsed: Language) -> None:
    text = "Two undercover agents entered two army warehouses and obtained 40 rifles."
    assert roles(parsed, text) == [("TRANSFER", "two army warehouses", "Two undercover agents")]


def test_a_theft_where_a_raid_went_in_is_from_the_site_with_its_place(parsed: Language) -> None:
    text = "Angry soldiers raided army barracks in the northern region of Dorland, where they stole 20 rifles."
    assert [f for _, f, _ in roles(parsed, text)] == ["army barracks in the northern region of Dorland"]


def test_a_search_of_a_stretch_of_land_or_a_raid_where_police_seized_names_no_holder(parsed: Language) -> None:
    assert [f for _, f, _ in roles(parsed, "Kell police searched the area and seized 30 rifles.")] == [None]
    assert [f for _, f, _ in roles(parsed, "Kell police raided a house in Varn where they seized 40 rifles.")] == [None]


def test_the_subject_of_a_passive_with_the_goods_for_object_received_them(parsed: Language) -> None:
    text = "The auditors found that Kell forces have been sent far more rifles and grenade launchers than they need."
    assert {t for _, _, t in roles(parsed, text)} == {"Kell forces"}
    text = "The Varn militia was supplied 40 rifles by the Dorvik army."
    assert roles(parsed, text) == [("TRANSFER", "Dorvik army", "Varn militia")]


def test_the_passive_goods_are_no_receiver(parsed: Language) -> None:
    assert roles(parsed, "The 40 rifles were sent to the Varn militia.") == [("TRANSFER", None, "Varn militia")]


def test_a_noun_of_loss_or_theft_has_the_holder_its_from_phrase_names(parsed: Language) -> None:
    text = "A senior officer was arrested after the disappearance of four rifles from a police station."
    assert [f for _, f, _ in roles(parsed, text)] == ["police station"]
    text = "The riots led to looting of a large number of rifles from police arsenals by rioters."
    assert roles(parsed, text) == [("THEFT", "police arsenals", "rioters")]


def test_a_theft_told_after_a_sentence_of_breaking_in_is_from_the_site_broken_into(parsed: Language) -> None:
    text = (
        "Despite tear gas, the mob managed to break the main gate and barged into the building.\n\n"
        "During the incident, rioters took away nine rifles and 256 magazines."
    )
    assert [f for _, f, _ in roles(parsed, text)] == ["building", "building"]


def test_a_seizure_told_after_a_raid_or_a_theft_after_an_attack_names_no_site(parsed: Language) -> None:
    assert [f for _, f, _ in roles(parsed, "Kell police raided a house in Varn. They seized 40 rifles.")] == [None]
    text = "Gunmen attacked a Varn patrol on Monday. Later they stole 40 rifles."
    assert [f for _, f, _ in roles(parsed, text)] == [None]


def test_who_after_a_place_that_locates_a_party_is_the_party(parsed: Language) -> None:
    text = "A Varn citizen living in Dorland, who conspired with others to smuggle rifles into Dorland, was jailed."
    assert [f for _, f, _ in roles(parsed, text)] == ["Varn citizen living in Dorland"]
    text = "A broker based in Kell, who sold 40 rifles to the Red Hand, was arrested."
    assert [f for _, f, _ in roles(parsed, text)] == ["broker based in Kell"]


def test_who_pleads_guilty_admitting_to_an_act_did_it(parsed: Language) -> None:
    text = "Tom Dorran pleaded guilty on Monday, admitting to smuggling 10 rifles into Varnland."
    assert [f for _, f, _ in roles(parsed, text)] == ["Tom Dorran"]
    text = "Tom Dorran pleaded guilty on Feb. 8, admitting to having agreed with others to export rifles to Varnland."
    assert [f for _, f, _ in roles(parsed, text)] == ["Tom Dorran"]


def test_where_goods_came_from_is_not_where_they_were_recovered(parsed: Language) -> None:
    text = "Two more machine guns from the Kell Army Arsenal were recovered in Dorvik on Wednesday."
    assert [e.place for e in extract(parsed, text, "2024-03-10").events] == ["Dorvik"]


def test_goods_given_on_told_by_the_party_they_come_from_came_from_it(parsed: Language) -> None:
    text = "Rifles from the 14th Reserve Brigade were handed over to the Vale militia."
    assert roles(parsed, text) == [("TRANSFER", "14th Reserve Brigade", "Vale militia")]
    text = "Rifles from the Kell depot were handed over to the Vale militia."
    assert roles(parsed, text) == [("TRANSFER", None, "Vale militia")]


def test_a_bare_taking_under_a_taking_has_its_place(parsed: Language) -> None:
    text = "The Kell rebels captured the Varn depot in Dorvik province from the army, seizing 40 rifles."
    assert [e.place for e in extract(parsed, text, "2024-03-10").events] == ["Varn depot in Dorvik province"]
