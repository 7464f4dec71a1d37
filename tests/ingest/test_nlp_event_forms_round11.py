"""Forms of English that tell a custody act, missed or misread on unseen reporting (issue #14,
round 11), on fictional sentences.

What a shipment seized on its way somewhere contained was seized: the list takes the act told,
not the transfer the seizure cut short.

Goods that arrive or reach a party were delivered ("the second batch of rifles arrived", "the
missiles will reach the army"); people or amounts that arrive or reach tell no act.

A verb of giving whose object is the receiver names the goods with "with" ("supplied the militia
with 40 rifles", "arming the rebels with mortars").

"The missing rifles" (an attributive "missing" after a pointing determiner) is the loss told
before, of every item it heads, not a new one.

A superlative makes an act noun a comparison only where the noun is no verb's object ("made the
largest seizure of rifles" is an act), and "latest" orders acts in time.

Goods carried off after forcing a door or breaking in are stolen, from any premises; goods someone
was arrested with are seized.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events, summary


# ------------------------------------------------------------------ lists after a seizure en route
def test_what_a_shipment_seized_en_route_contained_was_seized(parsed: Language) -> None:
    text = (
        "The Kessian navy seized a shipment of weapons bound for the Red Hand militia on 3 May. "
        "The shipment contained 40 rifles and 12 mortars."
    )
    evs = [e for e in events(parsed, text) if e.item in ("rifles", "mortars")]
    assert summary(evs) == {("SEIZURE", "rifles"), ("SEIZURE", "mortars")}


# ------------------------------------------------------------------ goods that arrive
@pytest.mark.parametrize(
    "text",
    [
        "The second batch of rifles arrived in Port Zed on 5 July.",
        "Forty Tarvan mortars will reach the Kessian army in early June.",
        "The shipment arrived at the port of Velmar on 3 May.",
    ],
)
def test_goods_that_arrive_or_reach_a_party_are_delivered(parsed: Language, text: str) -> None:
    assert [e.type for e in events(parsed, text)] == ["DELIVERY"]


@pytest.mark.parametrize(
    "text",
    [
        "The number of rifles reached 5,000 in May 2023.",
        "The inspectors arrived at the depot in Velmar with two rifles on 3 May.",
    ],
)
def test_amounts_and_people_that_arrive_tell_no_delivery(parsed: Language, text: str) -> None:
    assert [e for e in events(parsed, text) if e.type == "DELIVERY"] == []


# ------------------------------------------------------------------ giving a party goods "with"
@pytest.mark.parametrize(
    "text",
    [
        "Since 2019, the Tarvan government has supplied the Red Hand militia with weapons.",
        "The Tarvan government is arming the Red Hand militia with military equipment, the report says.",
    ],
)
def test_goods_given_with_a_receiver_as_object_are_the_item(parsed: Language, text: str) -> None:
    assert {(e.type, e.from_) for e in events(parsed, text)} == {("TRANSFER", "Tarvan government")}
    assert {e.item for e in events(parsed, text)} <= {"weapons", "military equipment"}


# ------------------------------------------------------------------ the missing goods told again
def test_the_missing_goods_are_the_loss_told_before(parsed: Language) -> None:
    text = (
        "Forty rifles and some ammunition went missing from the depot at Velmar in May 2023. "
        "A search for the missing rifles and ammunition found nothing."
    )
    evs = events(parsed, text)
    assert summary(evs) == {("LOSS", "rifles"), ("LOSS", "ammunition")}
    assert len(evs) == 2


# ------------------------------------------------------------------ superlatives
def test_the_largest_seizure_made_is_an_act_told(parsed: Language) -> None:
    text = "On 3 May the Kessian army said that it had made the largest seizure of rifles in the country's history."
    assert summary(events(parsed, text)) == {("SEIZURE", "rifles")}


# ------------------------------------------------------------------ goods carried off after a forced entry
def test_goods_removed_after_forcing_a_door_are_stolen(parsed: Language) -> None:
    text = "The suspects forced open the door to one of the offices in Velmar and removed six rifles."
    evs = events(parsed, text)
    assert summary(evs) == {("THEFT", "rifles")}


# ------------------------------------------------------------------ arrested with goods
def test_goods_someone_was_arrested_with_are_seized(parsed: Language) -> None:
    evs = events(parsed, "In Velmar a soldier was arrested with 14 rifles on 3 May.")
    assert summary(evs) == {("SEIZURE", "rifles")}


def test_arrested_with_people_seizes_nothing(both: Language) -> None:
    assert events(both, "In Velmar a soldier was arrested with two accomplices on 3 May.") == []
