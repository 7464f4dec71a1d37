"""Events told on unseen reporting that are no custody act of the goods (issue #14, round 13), on
fictional sentences.

The act a licence or permit allows ("did not hold a licence to export firearms") is a kind of act,
no act told; an act on particular goods without the licence ("the authorisation to transfer the
rifles") is told.

A definite act noun that is the subject of a comment ("the seizure of the rifles was
significant") tells again an act of the same type an earlier sentence told.

Phones and computers ("electronic devices", "mobile devices") are no materiel: taken as evidence,
they are no item of a custody act; "explosive devices" and "night-vision devices" still are.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events, summary


# ------------------------------------------------------------------ the act a licence allows
@pytest.mark.parametrize(
    "text",
    [
        "At his plea, Dorn admitted he did not hold a license to export rifles or ammunition.",
        "The rules include the requirement for a licence to export munitions from the Ministry of Trade.",
        "Velk applied for a permit to import pistols.",
    ],
)
def test_the_act_a_licence_allows_is_no_act(both: Language, text: str) -> None:
    assert events(both, text) == []


def test_an_act_on_particular_goods_without_a_licence_is_told(parsed: Language) -> None:
    text = "Norland had not secured the required authorisation to transfer the purchased rifles to Velmar."
    assert summary(events(parsed, text)) == {("TRANSFER", "rifles")}


# ------------------------------------------------------------------ an act told again as a topic
@pytest.mark.parametrize(
    "text",
    [
        "Gardai seized 18 rifles and 900 rounds of ammunition at a farm in Velmar on Friday. "
        "Chief Dorn said the seizure of rifles and ammunition was very significant.",
        "Police recovered two more rifles stolen from the Ostrik armoury. "
        "The recovery of the two rifles comes a day after the arrest of a suspect.",
    ],
)
def test_an_act_told_before_and_commented_on_is_not_told_again(parsed: Language, text: str) -> None:
    second = text.split(". ")[1]
    assert [e for e in events(parsed, text) if e.sentence.startswith(second[:20])] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the first telling of the act
        ("The seizure of 40 rifles at the Velmar port was announced on Monday.", {("SEIZURE", "rifles")}),
        # an act of another type on the same goods
        (
            "Police seized 40 rifles in Ostrik. The theft of the rifles was reported by the army in May.",
            {("SEIZURE", "rifles"), ("THEFT", "rifles")},
        ),
    ],
)
def test_an_act_noun_as_subject_that_tells_a_new_act_stays(
    parsed: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert summary(events(parsed, text)) == expected


# ------------------------------------------------------------------ phones and computers
def test_electronic_devices_are_no_item(both: Language) -> None:
    text = "Ostrik police seized two rifles, a silencer and electronic devices at the house."
    assert summary(events(both, text)) == {("SEIZURE", "rifles"), ("SEIZURE", "silencer")}


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("Ostrik police seized 40 explosive devices at the house.", "explosive devices"),
        ("Ostrik police seized 40 night-vision devices at the house.", "night-vision devices"),
    ],
)
def test_devices_that_are_materiel_stay_items(parsed: Language, text: str, item: str) -> None:
    assert summary(events(parsed, text)) == {("SEIZURE", item)}
