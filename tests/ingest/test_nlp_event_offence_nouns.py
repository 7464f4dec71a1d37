"""Smuggling and trafficking named as a kind of offence (event round 8).

"charged with gun smuggling", "involved in the trafficking of firearms": an act noun of smuggling
that names no party, or whose goods are its modifier ("gun smuggling"), tells a kind of offence,
not a particular act, and gives no DIVERSION; the smuggling of goods between stated places stays
a transfer. Every sentence is written for these tests: each person, group and place is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import extract


@pytest.mark.parametrize(
    "text",
    [
        "Most of the suspects were alleged to be involved in the trafficking of firearms.",
        "Ivan Pell had been charged in 2022 for gun smuggling and money laundering.",
    ],
)
def test_a_kind_of_offence_is_no_diversion(parsed: Language, text: str) -> None:
    assert extract(parsed, text, "2024-03-10").events == []


def test_smuggling_between_stated_places_stays_a_transfer(parsed: Language) -> None:
    text = "The Grey Fox network organised the smuggling of pistols via couriers from Town Q to Town K."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item, e.to) for e in evs] == [("TRANSFER", "pistols", "Town K")]
