"""Goods pointed back to as "the items" (event round 7).

"The recovered items were handed over": the reader names the handed-over goods as the sentence
does, one event on "recovered items", not the earlier goods again one by one. Every sentence is
written for these tests: each unit, person and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract

_TEXT = "Soldiers recovered two rifles and 11 grenades. The recovered items were handed over to the Kessel police."


def test_items_handed_over_are_one_event_on_the_items(parsed: Language) -> None:
    evs = extract(parsed, _TEXT, "2024-03-10").events
    handed = [e for e in evs if e.sentence.startswith("The recovered")]
    assert [(e.type in ("HANDOVER", "TRANSFER"), e.item) for e in handed] == [(True, "recovered items")]


def test_items_counted_in_a_check_are_the_item(parsed: Language) -> None:
    evs = extract(parsed, "Officers of the Kell customs inventoried more than 600 items.", "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [("INVENTORY", "items")]
