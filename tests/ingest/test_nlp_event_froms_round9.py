"""The giver on unseen reporting (from round 9): goods told as sent from somewhere in a phrase on
the subject of the act came from there. Every sentence is written for these tests: each unit,
person and place is made up."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract
from tests.ingest.scored import froms


def test_goods_shipped_from_a_town_came_from_it(parsed: Language) -> None:
    assert froms(parsed, "The container of rifles, shipped from Varstad, was destined for Kell.") == ["Varstad"]


def test_goods_sent_from_a_party_came_from_it(parsed: Language) -> None:
    text = "The rifles, which were sent from the Dorvik army depot, were delivered to the Kell militia."
    found = extract(parsed, text, "2024-03-10").events
    assert [e.from_ for e in found if e.type == "DELIVERY"] == ["Dorvik army depot"]
