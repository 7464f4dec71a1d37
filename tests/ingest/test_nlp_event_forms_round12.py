"""Forms of English that tell a custody act, missed or misread on unseen reporting (issue #14,
round 12), on fictional sentences.

Goods kept in, or lying in, a place of keeping were stored there ("the rifles were kept in a
warehouse", "the missing rifles were in the armoury", "remained in the depot"), the place as
written; goods in a place that keeps nothing ("in good condition") or a person at a place with
goods tell no storage.

An actor who used goods in the past, or is shown using them, was seen with them (OBSERVATION, the
user as the holder); a habit ("militias often use rifles") or a future ("will never use them")
tells no act.

Holding goods that is only the offence someone is charged with ("charged with possessing
firearms", "pleaded guilty to possessing two rifles") tells no goods seen held; goods held by a
party, or found in its possession, still are; nor does holding someone to a state ("hold the
perpetrators accountable").

Parcels, packages and consignments "addressed to" someone were being delivered to them (and a
parcel seized is an item of the seizure); a letter or a speech addressed to someone tells nothing.

Goods transported with no receiver or destination named were carried (TRANSIT); transported "to"
someone, they were given (transferred, or handed over between custodians).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events, summary


# ------------------------------------------------------------------ goods in a place of keeping
@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("The rifles were kept in a warehouse near the port of Velmar.", "rifles"),
        ("Twelve M-20 rifles were in the armoury at the time of the audit.", "M-20 rifles"),
        ("The mortars were kept in sealed containers at the base.", "mortars"),
        ("The inspectors sealed the containers where the rifles will be kept.", "rifles"),
        ("The rifles remained in the depot.", "rifles"),
    ],
)
def test_goods_kept_in_a_place_of_keeping_were_stored(parsed: Language, text: str, item: str) -> None:
    assert summary(events(parsed, text)) == {("STORAGE", item)}


@pytest.mark.parametrize(
    ("text", "place", "keeper"),
    [
        ("The missing rifles and pistols were in the armoury, the records showed.", "the armoury", None),
        ("The Red Hand militia kept 40 rifles in a warehouse.", "a warehouse", "Red Hand militia"),
    ],
)
def test_the_place_of_keeping_is_the_storage_place(parsed: Language, text: str, place: str, keeper: str | None) -> None:
    evs = events(parsed, text)
    assert evs and all((e.type, e.place, e.to) == ("STORAGE", place, keeper) for e in evs)


@pytest.mark.parametrize(
    "text",
    [
        "The rifles were in good condition.",
        "Dorn was at the house with two rifles.",
        "The rifles were not in the armoury.",
    ],
)
def test_goods_in_a_state_or_a_person_at_a_place_tell_no_storage(parsed: Language, text: str) -> None:
    assert [e for e in events(parsed, text) if e.type == "STORAGE"] == []


# ------------------------------------------------------------------ goods an actor used
@pytest.mark.parametrize(
    ("text", "item", "user"),
    [
        ("The Red Hand militia used Tarvan mortars during the attack on Velmar.", "mortars", "Red Hand militia"),
        ("Footage showed Red Hand fighters using Tarvan mortars near Velmar.", "mortars", "Red Hand fighters"),
    ],
)
def test_goods_an_actor_used_were_seen_with_it(parsed: Language, text: str, item: str, user: str) -> None:
    evs = events(parsed, text)
    assert [(e.type, e.item, e.to) for e in evs] == [("OBSERVATION", item, user)]


@pytest.mark.parametrize(
    "text",
    [
        "Militias often use Kessian rifles.",
        "The Red Hand will never use these rifles.",
        "The Red Hand continued to use Kessian rifles.",
        "The rifles were used during the attack on Velmar.",
    ],
)
def test_a_habit_a_future_or_a_use_without_a_user_tells_no_observation(parsed: Language, text: str) -> None:
    assert [e for e in events(parsed, text) if e.type == "OBSERVATION"] == []


# ------------------------------------------------------------------ goods transported
@pytest.mark.parametrize(
    "text",
    [
        "A haulier from Velmar was transporting 300 rifles when it was stopped.",
        "The smugglers transported 40 rifles across the border.",
    ],
)
def test_goods_transported_to_no_one_were_in_transit(both: Language, text: str) -> None:
    assert [e.type for e in events(both, text)] == ["TRANSIT"]


def test_goods_transported_to_a_receiver_were_given(both: Language) -> None:
    evs = events(both, "The Kessian army transported 40 rifles to the 4th Brigade.")
    assert [e.type in ("TRANSFER", "HANDOVER") for e in evs] == [True]  # from one unit to another: a handover


# ------------------------------------------------------------------ possession as an offence
@pytest.mark.parametrize(
    "text",
    [
        "After questioning, a man was charged with possessing firearms and appeared before Kell Magistrates.",
        "Dorn pleaded guilty to possessing two rifles with obliterated serial numbers.",
        "Dorn was arrested for possessing 12 pistols.",
    ],
)
def test_possession_as_the_offence_charged_tells_no_holding(parsed: Language, text: str) -> None:
    assert events(parsed, text) == []


@pytest.mark.parametrize(
    ("text", "etype"),
    [
        ("The Red Hand militia possessed 40 rifles.", "STORAGE"),
        ("Twelve rifles were found in the possession of the Red Hand militia.", "OBSERVATION"),
    ],
)
def test_goods_held_by_a_party_are_still_told(parsed: Language, text: str, etype: str) -> None:
    assert [e.type for e in events(parsed, text)] == [etype]


def test_holding_someone_accountable_keeps_no_goods(parsed: Language) -> None:
    text = "The army will make every effort to recover the rifles and hold all perpetrators accountable."
    assert [e for e in events(parsed, text) if e.type == "STORAGE"] == []


# ------------------------------------------------------------------ parcels addressed to someone
def test_parcels_addressed_to_someone_are_seized_and_were_being_delivered(parsed: Language) -> None:
    evs = events(parsed, "Kessian border officers intercepted two parcels addressed to a residence in Velmar.")
    assert summary(evs) == {("SEIZURE", "parcels"), ("DELIVERY", "parcels")}
    assert [e.to for e in evs if e.type == "DELIVERY"] == ["residence"]


@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("The consignment was addressed to Dorn.", "consignment"),
        ("A parcel addressed to Dorn was seized at the Kell mail centre on 3 May.", "parcel"),
    ],
)
def test_goods_sent_to_an_addressee_were_being_delivered(parsed: Language, text: str, item: str) -> None:
    assert [(e.item, e.to) for e in events(parsed, text) if e.type == "DELIVERY"] == [(item, "Dorn")]


def test_a_letter_or_a_speech_addressed_to_someone_tells_no_delivery(parsed: Language) -> None:
    text = "In a letter addressed to the Council, Tarvia alleged that the speech was addressed to the army."
    assert events(parsed, text) == []
