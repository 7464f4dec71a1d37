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


def test_what_a_found_cache_contained_was_stored_there(both: Language) -> None:
    """ "found a cache containing 40 rifles": the rifles were kept in the cache (a finding alone
    is no event; the cache is the place, not an item)."""
    evs = extract(both, "Villagers found a cache containing 40 rifles near Dorvik on Monday.", "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [("STORAGE", "rifles")]


def test_a_cache_told_with_its_owner_before_what_it_contains(parsed: Language) -> None:
    text = "Soldiers discovered an arms cache of the Red Hand group containing several rifles and 300 grenades."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [("STORAGE", "rifles"), ("STORAGE", "grenades")]


def test_what_the_cache_contained_was_stored_there(parsed: Language) -> None:
    text = "Residents told police of an arms cache in a ruined barn. The cache contained grenades and bullets."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item) for e in evs if e.sentence.startswith("The cache")] == [
        ("STORAGE", "grenades"),
        ("STORAGE", "bullets"),
    ]
