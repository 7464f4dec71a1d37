"""Goods that are the subject of a clause of their own (event round 7).

"received a report that rifles were stacked in a barn": the report was received, not the rifles;
a clause of containing ("a boat which contained rifles") still passes its goods to the act above.
Every sentence is written for these tests: each unit, person and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_goods_told_of_in_a_received_report_are_not_received(parsed: Language) -> None:
    text = "The Kessel police received a report that rifles and grenades were stacked in a barn."
    evs = extract(parsed, text, "2024-03-10").events
    assert [e for e in evs if e.type == "TRANSFER"] == []


def test_goods_of_a_containing_clause_are_the_acts(parsed: Language) -> None:
    evs = extract(parsed, "Police seized a boat which contained 300 rifles.", "2024-03-10").events
    assert ("SEIZURE", "rifles") in [(e.type, e.item) for e in evs]
