"""One move told by two verbs (event round 7).

"were transferred and handed over to X from Y": the first verb has no phrase of its own, so the
two verbs tell one act, whose parties the second names; "donated by A and handed over to B" stays
two acts. Every sentence is written for these tests: each unit, person and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_a_bare_verb_and_its_partner_tell_one_move(parsed: Language) -> None:
    text = "49 carbines were transferred and handed over to the Kessel police from the Varnos arms bureau."
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.item, e.from_, e.to is not None) for e in evs] == [("carbines", "Varnos arms bureau", True)]


def test_a_verb_with_its_own_phrase_is_an_act_of_its_own(parsed: Language) -> None:
    text = "The rifles were donated by the Varnos army and handed over to the Kessel police."
    evs = extract(parsed, text, "2024-03-10").events
    assert len(evs) == 2
