"""Goods described by who gave them (event round 9).

"Norland-supplied rifles were seen with the militia": the name joined by a hyphen to a participle
of giving says the goods were given by it, a transfer from that name beside whatever else the
sentence tells of them; "Norland-made rifles" (a maker, no giving) is none.
Every sentence is written for these tests: each country, group and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_goods_described_by_their_giver_were_transferred_from_it(parsed: Language) -> None:
    text = "Videos showed Red Hand fighters carrying Norland-supplied M24 sniper rifles near Dorvik."
    evs = extract(parsed, text, "2024-03-10").events
    moved = [(e.item, e.from_) for e in evs if e.type == "TRANSFER"]
    assert moved == [("M24 rifles", "Norland")]


def test_goods_described_by_their_maker_were_not_given(parsed: Language) -> None:
    evs = extract(parsed, "Videos showed Red Hand fighters carrying Norland-made rifles.", "2024-03-10").events
    assert [e for e in evs if e.type == "TRANSFER"] == []
