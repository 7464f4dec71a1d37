"""Goods told before a relative clause without "that" (event round 9).

"photos of drones, bullets and machine guns it seized in the attack": the verb has a subject of
its own and no object, and its subject stands right after the goods; the goods are its object,
wherever the parser hangs the clause. A verb with an object of its own keeps it.
Every sentence is written for these tests: each group, unit and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_goods_before_a_subject_and_its_verb_are_the_verbs_object(parsed: Language) -> None:
    text = "After the raid, the Red Hand released photos of drones, rifles and machine guns it captured in the attack."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [
        ("SEIZURE", "drones"),
        ("SEIZURE", "rifles"),
        ("SEIZURE", "machine guns"),
    ]

