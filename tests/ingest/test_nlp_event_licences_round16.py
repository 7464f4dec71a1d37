"""Events of real reporting read in round 16 (third pass): the act a licence is for, and the
second verb of a passive purpose clause on the goods.

An act noun that names what a licence is for ("licences granted for the export of rifles",
"export licences", "the export of handguns requires a permit") and a verb of giving whose goods are
licences ("issued licences for pistols to dealers") tell no act on goods. "sent rifles to be
repaired in X and returned to Y": the return is an act on the same goods. An act noun that a
control, rule or policy is on ("controls on the transfer of rifles") tells no act.

Every sentence is written for these tests; units, places, people and quantities are made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events, summary


# ------------------------------------------------------------------ the act a licence is for
@pytest.mark.parametrize(
    "text",
    [
        "How many licences have been granted for the export of rifles to Velmar since May 2001?",
        "The agency refused a licence for the export of shotguns to Kell.",
        "The ministry issued export licences for pistols to three dealers in Norland.",
        "The exportation of handguns requires a permit from the trade ministry.",
    ],
)
def test_the_act_a_licence_is_for_is_no_act(both: Language, text: str) -> None:
    assert events(both, text) == []


def test_an_export_told_beside_a_licence_stays(both: Language) -> None:
    text = "Norland exported 40 rifles to Velmar in May."
    assert summary(events(both, text)) == {("TRANSFER", "rifles")}


# ------------------------------------------------------------------ sent to be repaired and returned
def test_the_return_in_a_passive_purpose_clause_moves_the_goods(parsed: Language) -> None:
    text = "Norland was sending 40 rifles to be repaired in Velmar and returned to Norland."
    evs = events(parsed, text)
    assert [(e.type, e.item, e.to) for e in evs if e.to == "Norland"] == [("TRANSFER", "rifles", "Norland")]
    assert len(evs) == 2


def test_a_second_verb_that_is_no_act_adds_nothing(parsed: Language) -> None:
    text = "Norland was sending 40 rifles to be repaired in Velmar and painted."
    assert summary(events(parsed, text)) == {("TRANSFER", "rifles")}
    assert len(events(parsed, text)) == 1


# ------------------------------------------------------------------ acts under a rule or a control
@pytest.mark.parametrize(
    "text",
    [
        "States must adopt strict controls on the transfer and storage of rifles to prevent leakage.",
        "The government tightened its policy on arms exports to Velmar.",
    ],
)
def test_acts_a_control_or_policy_is_on_are_no_act(parsed: Language, text: str) -> None:
    assert events(parsed, text) == []


def test_an_act_told_under_a_policy_stays(parsed: Language) -> None:
    text = "The police seized 40 rifles under a new policy."
    assert summary(events(parsed, text)) == {("SEIZURE", "rifles")}
