"""Role values that hold on unseen reporting (roles round 10): a range of dates whose first
date took the joining word in, a part of a year told with "in", the doer of a bare clause put
after a verb of telling, a clause told of a noun without "who", who seized goods they hand on,
a run of goods "ranging from ... to ...", and the one charged past a dateline. Every sentence
is written for these tests: each unit, person and place is made up."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract
from tests.ingest.scored import dates


def roles(pipe: Language, text: str) -> list[tuple[str, str | None, str | None]]:
    return [(e.type, e.from_written or e.from_, e.to_written or e.to) for e in extract(pipe, text, "2024-03-10").events]


def test_a_range_of_abbreviated_months_is_the_date_whole(parsed: Language) -> None:
    assert dates(parsed, "Police seized 40 rifles between Dec. 14 and Jan. 3.") == ["between Dec. 14 and Jan. 3"]


def test_a_range_is_the_date_whole_where_its_first_date_took_the_joining_word(parsed: Language) -> None:
    text = "The theft occurred sometime between Dec. 14 and Jan. 3, and involved 60 rifles going missing."
    assert set(dates(parsed, text)) == {"between Dec. 14 and Jan. 3"}


def test_a_part_of_a_year_told_with_in_is_the_date(both: Language) -> None:
    assert dates(both, "Early in 2022, the Kell navy seized 40 rifles.") == ["Early in 2022"]
    assert dates(both, "The rifles were stolen from the Varn depot late in 2019.") == ["late in 2019"]


def test_a_bare_clause_after_a_verb_of_telling_has_the_told_clause_s_doer(parsed: Language) -> None:
    text = "The Red Hand rebels captured the depot from government forces, a spokesman said, seizing 40 rifles."
    assert roles(parsed, text)[-1] == ("SEIZURE", "government forces", "Red Hand rebels")


def test_a_bare_taking_under_a_taking_has_its_from_party(parsed: Language) -> None:
    text = "The Kell rebels captured the Varn depot from the Dorvik army, seizing 40 rifles."
    assert roles(parsed, text) == [("SEIZURE", "Dorvik army", "Kell rebels")]


def test_a_clause_told_of_a_noun_without_who_has_the_noun_for_subject(parsed: Language) -> None:
    text = "Federal agents have arrested four men they say conspired to steal and sell rifles."
    assert roles(parsed, text) == [("THEFT", None, "four men"), ("TRANSFER", "four men", None)]
    text = "Police arrested two soldiers they suspect stole 40 rifles from the Kell depot."
    assert roles(parsed, text) == [("THEFT", "Kell depot", "two soldiers")]


def test_goods_seized_that_a_party_hands_on_were_seized_by_it(parsed: Language) -> None:
    text = "The Kell police are handing over illegal rifles recovered from criminals to the Varn Arms Commission."
    assert roles(parsed, text)[-1] == ("SEIZURE", "criminals", "Kell police")


def test_a_lot_of_seized_goods_a_party_hands_on_was_seized_by_it(parsed: Language) -> None:
    text = "The Kell police handed over a total of 900 illegal arms and rifles recovered from gangs to the Varn board."
    assert roles(parsed, text)[-1] == ("SEIZURE", "gangs", "Kell police")


def test_goods_a_party_receives_were_not_seized_by_it(parsed: Language) -> None:
    assert roles(parsed, "The ministry received rifles seized from the Red Hand.")[-1] == ("SEIZURE", "Red Hand", None)


def test_a_run_of_goods_ranging_from_one_to_another_names_no_giver(parsed: Language) -> None:
    text = "Kell police arrested a man they say sold equipment ranging from radios to rifles."
    assert all(f != "radios" for _, f, _ in roles(parsed, text))


def test_the_one_charged_is_not_the_dateline(parsed: Language) -> None:
    text = "KELL, Norland — Two men were jailed on Friday for smuggling 40 rifles to the Red Hand."
    assert roles(parsed, text) == [("TRANSFER", "Two men", "Red Hand")]
    text = "KELL, Norland — A Varn gang has been sentenced after selling 40 rifles abroad."
    assert roles(parsed, text) == [("TRANSFER", "Varn gang", None)]


def places(pipe: Language, text: str) -> list[str | None]:
    return [e.place for e in extract(pipe, text, "2024-03-10").events if e.type == "SEIZURE"]


def test_the_open_sea_is_written_with_the_named_sea_it_lies_in(parsed: Language) -> None:
    # (roles round 16: open waters "in" a named sea are told by the named sea, with its preposition)
    text = "The Kell navy seized 40 rifles being smuggled in international waters in the Gulf of Orsk."
    assert places(parsed, text) == ["in the Gulf of Orsk"]
    text = "The Kell navy seized 40 rifles being smuggled on the high seas."
    assert places(parsed, text) == ["on the high seas"]


def test_the_owner_of_goods_given_up_or_taken_is_the_giver(parsed: Language) -> None:
    assert roles(parsed, "Some of Kessia's mortars were smuggled to the Varn rebels.") == [
        ("TRANSFER", "Kessia", "Varn rebels")
    ]
    assert roles(parsed, "The Kell army's rifles were stolen on Friday.") == [("THEFT", "Kell army", None)]
    assert roles(parsed, "Their rifles were seized by the Kell police.") == [("SEIZURE", None, "Kell police")]


def test_a_part_of_a_group_is_written_as_told(parsed: Language) -> None:
    text = "According to the police, three of the men stole 40 rifles from the Varn depot."
    assert roles(parsed, text) == [("THEFT", "Varn depot", "three of the men")]
    text = "One of the two men who stole 40 rifles from the Varn depot is a soldier."
    assert [to for _, _, to in roles(parsed, text)] == ["two men"]


def test_a_whole_told_with_all_keeps_it(parsed: Language) -> None:
    text = "The Kell command will distribute 40 rifles to all the brigades."
    assert roles(parsed, text) == [("TRANSFER", "Kell command", "all the brigades")]


def test_the_ship_points_back_to_the_ship_named_before(parsed: Language) -> None:
    text = "HMS Orsk left port on Monday. Two days later the ship seized 40 rifles from a dhow."
    assert roles(parsed, text) == [("SEIZURE", "dhow", "HMS Orsk")]
    text = "The Kell navy's HMS Orsk was the first to stop smugglers when the ship confiscated 40 rifles from a dhow."
    assert roles(parsed, text)[-1][2] == "Kell navy's HMS Orsk"
    unnamed = roles(parsed, "A navy patrol ship seized 40 rifles from a dhow.")
    assert unnamed == [("SEIZURE", "dhow", "navy patrol ship")]


def test_a_decade_is_the_date_with_its_article(parsed: Language) -> None:
    assert set(dates(parsed, "At least 900 rifles were lost or stolen during the 2010s.")) == {"during the 2010s"}
    assert dates(parsed, "Rifles were smuggled to the Kell rebels in the 1990s.") == ["the 1990s"]


def test_whose_the_place_goods_are_kept_in_is_holds_them(parsed: Language) -> None:
    text = "Government forces discovered an arms cache of the Red Hand Army containing 40 rifles in the hills of Kell."
    assert roles(parsed, text) == [("STORAGE", None, "Red Hand Army")]
    text = "Troops found a cache belonging to the Kell militia containing 40 rifles."
    assert roles(parsed, text) == [("STORAGE", None, "Kell militia")]
    assert roles(parsed, "Troops found a cache of arms containing 40 rifles.") == [("STORAGE", None, None)]


def test_an_act_in_a_where_clause_of_a_raided_place_is_the_raiders(parsed: Language) -> None:
    text = "The Kell police raided an address in Varn where nine rifles were seized."
    assert roles(parsed, text) == [("SEIZURE", None, "Kell police")]
    text = "Angry soldiers raided army barracks in the northern region of Kessia, where they stole 40 rifles."
    assert roles(parsed, text) == [("THEFT", "army barracks in the northern region of Kessia", "Angry soldiers")]


def test_a_clause_told_of_a_noun_may_have_its_own_auxiliary(parsed: Language) -> None:
    text = "Prosecutors announced charges against five people they say were buying guns."
    assert roles(parsed, text) == [("TRANSFER", None, "five people")]


def quantities(pipe: Language, text: str) -> list[str | None]:
    return [e.quantity for e in extract(pipe, text, "2024-03-10").events]


def test_sets_of_goods_are_counted_as_written(parsed: Language) -> None:
    assert quantities(parsed, "A pair of night-vision goggles went missing from the Kell base.") == ["A pair"]
    text = "At least 55 pairs of night vision goggles were illegally exported to Varland."
    assert quantities(parsed, text) == ["At least 55 pairs"]
    text = "The Kell navy seized multiple rocket engines and a batch of missiles from a dhow."
    assert quantities(parsed, text) == ["multiple", "a batch"]


def test_a_count_in_a_word_of_a_part_of_goods_told_is_their_quantity(parsed: Language) -> None:
    text = "The panel said thousands of the anti-tank missiles are held in arsenals of the Kell militia."
    assert quantities(parsed, text) == ["thousands"]
    assert quantities(parsed, "Police seized nine of the 16 rifles and the pistols.") == ["nine", None]


def test_the_master_of_the_spot_goods_are_kept_in_holds_them(parsed: Language) -> None:
    found = extract(parsed, "The rifles were stored in depots run by the Kell army.", "2024-03-10").events
    assert [(e.type, e.to_written or e.to, e.place) for e in found] == [("STORAGE", "Kell army", "depots")]
