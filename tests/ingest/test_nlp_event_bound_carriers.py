"""Carriers bound for a destination (event round 8).

"a shipping container destined for Norland": with no goods put inside it, the carrier is the
item on its way; "ammunition concealed in three vehicles destined for Norland": the goods inside
the carrier are. A seizure still reads the destination as the route it cut short. Every sentence
is written for these tests: each place is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import extract


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Officers conducted an inspection of a shipping container destined for Norland.", "shipping container"),
        ("The container, shipped from Port Kell, was destined for Norland.", "container"),
        (
            "The 2,300 rounds of ammunition were found by officers, concealed in the air filters of three "
            "vehicles destined for Norland.",
            "ammunition",
        ),
    ],
)
def test_what_a_bound_carrier_takes_there_is_moved(parsed: Language, text: str, item: str) -> None:
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item, e.modality) for e in evs] == [("TRANSFER", item, "planned")]


def test_a_seizure_still_cuts_the_route_short(parsed: Language) -> None:
    evs = extract(parsed, "Police seized 30 pistols hidden in a truck bound for Norland.", "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [("SEIZURE", "pistols")]
