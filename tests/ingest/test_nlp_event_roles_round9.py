"""Role values that hold on unseen reporting (roles round 9): times told as a part of a day or
month, a stretch back in hours, a season. Every sentence is written for these tests: each unit,
person and place is made up."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract
from tests.ingest.scored import dates, places


def test_a_stretch_back_in_hours_is_the_date(both: Language) -> None:
    text = "In the past 48 hours, officers of the Varn police have seized 12 rifles and two pistols."
    assert dates(both, text) == ["In the past 48 hours"] * 2


def test_a_part_of_a_month_is_the_date_with_its_preposition(both: Language) -> None:
    text = "The Varn police seized 40 rifles in Kessel within the first half of this month."
    assert dates(both, text) == ["within the first half of this month"]


def test_the_early_hours_of_a_weekday_are_the_date(both: Language) -> None:
    text = "Kessel police recovered two rifles in the early hours of Tuesday (4th)."
    assert dates(both, text) == ["in the early hours of Tuesday (4th)"]


def test_a_season_of_the_report_s_year_is_the_date(both: Language) -> None:
    assert dates(both, "The Dorvik militia received 50 crates of rifles during the summer.") == ["during the summer"]


def test_a_season_of_a_named_year_is_not_a_time_told_from_the_report(both: Language) -> None:
    assert dates(both, "The Dorvik militia received 50 crates of rifles in the summer of 2019.") != ["in the summer"]


def test_places_tied_by_a_repeated_preposition_are_one_place(parsed: Language) -> None:
    assert places(parsed, "Officers seized 300 rifles in Norvessa and in Kell.") == ["Norvessa and in Kell"]


def test_places_tied_by_a_repeated_describing_word_are_one_place_as_written(parsed: Language) -> None:
    text = "Police seized 30 rifles in northern Kessia and northern Varland."
    assert places(parsed, text) == ["northern Kessia and northern Varland"]


def test_who_does_the_main_verb_by_an_act_does_the_act(parsed: Language) -> None:
    found = extract(parsed, "The Varn government broke the embargo by providing rifles to the Kell rebels.").events
    assert [(e.from_, e.to_written) for e in found] == [("Varn government", "Kell rebels")]


def test_a_bare_gerund_after_the_main_verb_has_its_subject(parsed: Language) -> None:
    found = extract(parsed, "The Kell militia raided the Dorvik base, stealing 30 rifles.").events
    assert [(e.type, e.to) for e in found] == [("THEFT", "Kell militia")]


def test_a_second_gerund_of_the_same_act_shares_the_receiver_as_written(parsed: Language) -> None:
    text = "The Varn government kept providing support to the Kell rebels and providing rifles and ammunition."
    found = extract(parsed, text).events
    assert [(e.item, e.to_written) for e in found] == [("rifles", "Kell rebels"), ("ammunition", "Kell rebels")]


def counts(pipe: Language, text: str) -> list[str | None]:
    return [e.quantity for e in extract(pipe, text, "2024-03-10").events]


def test_a_part_counted_at_least_keeps_its_qualifier(parsed: Language) -> None:
    text = "Kell police said the two brothers had bought at least 20 of the 23 rifles."
    assert counts(parsed, text)[0] == "at least 20"


def test_a_sum_of_money_keeps_its_estimate(parsed: Language) -> None:
    text = "Thieves took an estimated $300,000 worth of rifles from a Varn army depot in May."
    assert counts(parsed, text) == ["an estimated $300,000"]
    text = "Last year the Kessel firm sold more than $20 million of rifles to the Varn army."
    assert counts(parsed, text) == ["more than $20 million"]


def test_an_abbreviation_in_brackets_is_closed_in_the_written_party(parsed: Language) -> None:
    text = "The Kell Street Crime Unit (SCU) seized 40 rifles and 20 pistols in Dorvik."
    found = extract(parsed, text, "2024-03-10").events
    assert [e.to_written for e in found] == ["Kell Street Crime Unit (SCU)"] * 2, found


def test_who_is_arrested_and_faces_charges_for_a_theft_is_the_thief(parsed: Language) -> None:
    text = ("A former guard was detained in Kell and faces charges for allegedly stealing 16 rifles from an "
            "army reserve depot in Dorvik, a complaint says.")
    found = [e for e in extract(parsed, text, "2024-03-10").events if e.item == "rifles"]
    assert [(e.type, e.to) for e in found] == [("THEFT", "former guard")], found


def test_a_bare_gerund_after_a_verb_acting_on_nothing_does_not_take_its_subject(parsed: Language) -> None:
    """ "clips have surfaced of militiamen ..., holding pistols": the militiamen hold them, not the clips."""
    text = ("Dozens of clips have surfaced of Kell militiamen cheering beside wrecked Varn aircraft, holding "
            "Dorvik-made pistols and carbines, piling more rifles and ammunition in heaps and riding in jeeps.")
    found = extract(parsed, text, "2024-03-10").events
    assert all(e.to != "clips" for e in found), found
