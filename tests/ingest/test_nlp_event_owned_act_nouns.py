"""An act noun owned by a pronoun that stands for the goods (event round 8).

"found six rifles ..., prompting their confiscation": "their" is the rifles, and the act noun
tells their seizure; "recovered from their possession": "their" is the holder, and the goods stay
the recovery's. Every sentence is written for these tests: each person and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_an_act_noun_owned_by_a_pronoun_takes_the_goods_before_it(parsed: Language) -> None:
    text = "Scouts near Varos discovered six rifles that had been left unattended, prompting their confiscation."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item, e.quantity) for e in evs] == [("SEIZURE", "rifles", "six")]


def test_a_holder_owned_state_leaves_the_goods_to_the_act(parsed: Language) -> None:
    text = "Three men were arrested after 40 rifles were recovered from their possession in Varos."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [("SEIZURE", "rifles")]
