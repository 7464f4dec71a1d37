"""Acts told as done, and findings that tell none (event round 9).

"The frigate was the first to detect smugglers when it seized 900 rifles": the adverbial clause
with a subject and a past verb of its own tells the seizure as done; the frame ("to detect") is
about the smugglers, not about the act. A condition ("if they sold rifles") tells no act.
Every sentence is written for these tests: each ship, unit and place is made up.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def test_a_past_act_in_a_when_clause_under_a_frame_is_an_event(parsed: Language) -> None:
    text = (
        "The frigate Aster was the first to detect weapon smugglers when the ship on 3 March "
        "confiscated 900 assault rifles and 40 mortar tubes from a dhow."
    )
    evs = extract(parsed, text, "2024-03-10").events
    assert [(e.type, e.item) for e in evs] == [("SEIZURE", "assault rifles"), ("SEIZURE", "mortar tubes")]


def test_an_act_in_a_condition_under_a_frame_is_no_event(parsed: Language) -> None:
    text = "The patrols were meant to detect smugglers if they ever sold rifles to the Red Hand group."
    assert extract(parsed, text, "2024-03-10").events == []


def test_a_search_that_found_that_something_is_so_seized_nothing(parsed: Language) -> None:
    """ "inspected 25 rifles ... and found that 12 of them had been supplied by Norland": the search
    learnt a fact (a clause with "that" or an auxiliary), it found no goods to seize."""
    text = (
        "The Panel inspected 25 rifles held by the Kestrian police and found that 12 of them had been "
        "supplied by Norland."
    )
    evs = extract(parsed, text, "2024-03-10").events
    assert [e for e in evs if e.type == "SEIZURE"] == []
