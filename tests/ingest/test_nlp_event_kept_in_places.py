"""Goods a place of keeping contained (event round 7).

"The hideout contained rifles and grenades": each item was stored there, the place as written.
Every sentence is written for these tests: each unit, person and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_what_a_hideout_contained_was_stored_there(parsed: Language) -> None:
    text = "Police found a cache near Dorvik. The hideout contained assault rifles and grenades, an officer said."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item, e.place) for e in evs] == [
        ("STORAGE", "assault rifles", "The hideout"),
        ("STORAGE", "grenades", "The hideout"),
    ]


def test_what_a_shipment_contained_is_no_storage(parsed: Language) -> None:
    evs = extract(parsed, "The shipment contained assault rifles and grenades.", "2024-03-10").events
    assert [e for e in evs if e.type == "STORAGE"] == []
