"""Goods collected are taken into custody (event round 8).

"1,700 cartridges collected in July by investigators", "the militia collected 40 rifles": a
collecting of goods is a SEIZURE by the collector; what is no item ("data were collected")
gives none. Every sentence is written for these tests: each group and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_goods_collected_by_investigators_are_taken(parsed: Language) -> None:
    text = "The report lists 1,700 cartridges collected in July by investigators working with Kessel forces."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item, e.quantity, e.to) for e in evs] == [("SEIZURE", "cartridges", "1,700", "investigators")]


def test_collecting_goods_is_taking_them_both_pipelines(both: Language) -> None:
    evs = extract(both, "The militia collected 40 rifles near Varos on 3 May.", "2024-03-10").events
    assert [(e.type, e.item, e.quantity) for e in evs] == [("SEIZURE", "rifles", "40")]


def test_collecting_what_is_no_item_is_no_event(parsed: Language) -> None:
    assert extract(parsed, "The new data were collected by a research group.", "2024-03-10").events == []
