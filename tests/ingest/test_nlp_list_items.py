"""Goods listed as the items of a list, one line each under a sentence ending in a colon, as
releases of border, customs and police forces write them: a bullet ("- ", "• ", "* ") or a
number or letter ("1. ", "2) ", "(b) ") opens each line. The line is one sentence with its mark
(the parser split "- one" from "Ruger rifle" and "1." from its goods, so a list of dashes gave one
event and a numbered list none); a stop inside an item still ends a sentence."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events

LEAD = "Border officers at the Kell crossing seized the following firearms from a Varn resident on 3 May:\n"


@pytest.mark.parametrize("marks", [("- ", "- ", "- "), ("1. ", "2. ", "3. "), ("(a) ", "(b) ", "(c) "),
                                   ("• ", "• ", "• "), ("1) ", "2) ", "3) ")])
def test_each_item_line_is_one_sentence(parsed: Language, marks: tuple[str, str, str]) -> None:
    lines = ["one Ruger rifle", "two Glock pistols", "300 rounds of ammunition"]
    text = LEAD + "".join(f"{m}{line}\n" for m, line in zip(marks, lines, strict=True)) + "The man was arrested.\n"
    sents = [s.text.strip() for s in parsed(text).sents]
    assert [f"{m}{line}" for m, line in zip(marks, lines, strict=True)] == sents[1:4]


def test_a_stop_inside_an_item_still_ends_a_sentence(parsed: Language) -> None:
    text = "Findings:\n- Two pistols were seized in Kell. They were loaded.\n- The depot was closed.\n"
    sents = [s.text.strip() for s in parsed(text).sents]
    assert "- Two pistols were seized in Kell." in sents and "They were loaded." in sents


@pytest.mark.parametrize("marks", [("- ", "- ", "- "), ("1. ", "2. ", "3. ")])
def test_each_listed_line_is_an_item_of_the_act_under_whose_colon_it_stands(
    parsed: Language, marks: tuple[str, str, str]
) -> None:
    lines = ["two Glock pistols", "one Ruger rifle", "300 rounds of ammunition"]
    text = LEAD + "\n" + "".join(f"{m}{line}\n" for m, line in zip(marks, lines, strict=True))
    seized = {(e.item, e.quantity, e.from_, e.to) for e in events(parsed, text) if not e.sentence.startswith("Border")}
    assert seized == {
        ("Glock pistols", "two", "Varn resident", "Border officers"),
        ("Ruger rifle", "one", "Varn resident", "Border officers"),
        ("ammunition", "300 rounds", "Varn resident", "Border officers"),
    }


def test_a_hyphen_inside_a_line_opens_no_item(parsed: Language) -> None:
    text = "The Kell police said that rifles were stolen - two of them - from the depot on 3 May.\nNo one was hurt.\n"
    sents = [s.text.strip() for s in parsed(text).sents]
    assert sents[0].startswith("The Kell police") and sents[-1] == "No one was hurt."


def test_listed_items_take_the_place_and_date_of_the_scene_before_the_colon(parsed: Language) -> None:
    text = (
        "On 3 May 2024, border officers at the Kell port of entry stopped a van driven by a Varn resident. "
        "During the search, officers found and seized the following:\n\n- 18 handguns;\n- 40 magazines; and\n"
        "- 2,000 rounds of ammunition.\n"
    )
    listed = [e for e in events(parsed, text) if e.sentence.startswith("-")]
    assert {(e.item, e.to, e.place, e.date) for e in listed} == {
        (item, "officers", "Kell port of entry", "3 May 2024") for item in ("handguns", "magazines", "ammunition")
    }


def test_who_tells_that_a_search_led_to_the_seizure_of_listed_goods_seized_them(parsed: Language) -> None:
    text = "The Kell Police Service said the search of a house in Varn on 3 May led to the seizure of:\n\n" \
           "• two shotguns;\n• 150 rounds of ammunition.\n"
    listed = [e for e in events(parsed, text) if e.sentence.startswith("•")]
    assert {(e.item, e.to, e.date) for e in listed} == {
        ("shotguns", "Kell Police Service", "3 May"), ("ammunition", "Kell Police Service", "3 May")
    }


def test_a_count_of_one_in_a_list_of_counted_goods_is_a_quantity(parsed: Language) -> None:
    text = LEAD + "\n- 18 handguns;\n- 1 Ruger rifle;\n- 40 magazines.\n"
    listed = {(e.item, e.quantity) for e in events(parsed, text) if e.sentence.startswith("-")}
    assert listed == {("handguns", "18"), ("Ruger rifle", "1"), ("magazines", "40")}
    alone = "Border officers at the Kell crossing seized 1 Ruger rifle from a Varn resident on 3 May.\n"
    assert [e.quantity for e in events(parsed, alone)] == [None]
