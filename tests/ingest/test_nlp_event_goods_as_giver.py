"""Goods that stand as the giver give no goods (event round 8).

"The Javelin system will provide Norland with increased capacity": the weapon is the subject of
the giving verb, what it gives is no item, and no transfer of the weapon is told; the goods as
the object stay moved. So for every act only a party does (gets, holds, checks): "Assault rifles
accounted for 78% of the weapons" tells a share, no check of the rifles; goods can still be the
subject of a loss ("rifles disappeared"). Every sentence is written for these tests: each place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_a_weapon_as_the_giver_is_no_item_moved(parsed: Language) -> None:
    text = "The Javelin system will provide Norland with increased capacity to meet its defence needs."
    assert extract(parsed, text, "2024-03-10").events == []


def test_goods_given_stay_moved(parsed: Language) -> None:
    evs = extract(parsed, "The broker will provide Norland with 40 rifles.", "2024-03-10").events
    assert [(e.type, e.item, e.quantity) for e in evs] == [("TRANSFER", "rifles", "40")]


def test_goods_as_the_subject_of_a_check_tell_a_share(parsed: Language) -> None:
    text = "Assault rifles accounted for 78% of the weapons recovered in the Varos region."
    evs = extract(parsed, text, "2024-03-10").events
    assert [e for e in evs if e.type == "INVENTORY"] == []
    evs = extract(parsed, "The unit accounted for all 40 rifles during the check.", "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [("INVENTORY", "rifles")]


def test_goods_as_the_subject_of_a_loss_stay_lost(parsed: Language) -> None:
    evs = extract(parsed, "Forty rifles disappeared from the depot.", "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [("LOSS", "rifles")]
