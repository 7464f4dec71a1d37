"""Forms of English that tell a custody act, missed on unseen official writing (issue #14, round
14), on fictional sentences.

- Someone found (or caught) in possession of goods held them (OBSERVATION, the holder is the one
  found); possession charged as an offence is no act.
- Goods in packages shipped from a place, or in a consignment from it, were delivered from there
  (DELIVERY, the place as giver); a consignment from a place holding no goods told, or a shipment
  "from a dealer", tells none.
- Goods in a carrier on its way (or en route) to a place, or that a traveller en route to it was
  with, were in transit there (TRANSIT, the place as receiver); a party on its way to act carries
  nothing.

These rules read the parse: the blank pipeline tells none of these acts.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events, summary


# ------------------------------------------------------------------ found in possession of goods
@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("The courier was found in possession of two rifles and a pistol.", "courier"),
        ("Police found the driver in possession of two rifles and a pistol.", "driver"),
    ],
)
def test_one_found_in_possession_of_goods_held_them(parsed: Language, text: str, holder: str) -> None:
    seen = [e for e in events(parsed, text) if e.type == "OBSERVATION"]
    assert {(e.item, e.to) for e in seen} == {("rifles", holder), ("pistol", holder)}


@pytest.mark.parametrize(
    "text",
    [
        "The courier pleaded guilty to possession of a pistol.",
        "The guard was not found in possession of any rifles.",
    ],
)
def test_possession_charged_or_denied_is_no_observation(parsed: Language, text: str) -> None:
    assert [e for e in events(parsed, text) if e.type == "OBSERVATION"] == []


# ------------------------------------------------------------------ goods sent in packages
def test_goods_seized_in_packages_shipped_from_a_place_were_delivered_from_it(parsed: Language) -> None:
    text = "Customs officers seized three pistols and a quantity of ammunition in packages shipped from Norland."
    evs = events(parsed, text)
    assert summary(evs) == {
        ("SEIZURE", "pistols"), ("SEIZURE", "ammunition"), ("DELIVERY", "pistols"), ("DELIVERY", "ammunition"),
    }  # fmt: skip
    assert {(e.from_, e.to) for e in evs if e.type == "DELIVERY"} == {("Norland", None)}


def test_goods_located_in_a_consignment_from_a_place_were_delivered_from_it(parsed: Language) -> None:
    evs = events(parsed, "Officers located a silencer and other firearm parts in a consignment from Varos in April.")
    assert {(e.type, e.item, e.from_) for e in evs} == {
        ("DELIVERY", "silencer", "Varos"), ("DELIVERY", "firearm parts", "Varos"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "Inspectors examined a consignment from Norland.",
        "Police seized a shipment from Varos that contained 400 rifle parts.",
        "Police seized 12 rifles in a shipment from a dealer in Kell.",
    ],
)
def test_no_goods_inside_or_no_place_sent_from_tells_no_delivery(parsed: Language, text: str) -> None:
    assert [e for e in events(parsed, text) if e.type == "DELIVERY"] == []


# ------------------------------------------------------------------ goods on their way
@pytest.mark.parametrize(
    ("text", "item"),
    [
        ("The inquiry began after 22 rifles were seized in Dovra in a lorry on its way to Norland.", "rifles"),
        ("The lorry carrying 40 rifles was on its way to Kell when it was stopped.", "rifles"),
        ("One was en route to Kell with 250 rounds of ammunition.", "ammunition"),
        ("Another en route to Kell was arrested with four magazines concealed in a bag of rice.", "magazines"),
    ],
)
def test_goods_carried_on_the_way_to_a_place_were_in_transit_there(parsed: Language, text: str, item: str) -> None:
    moving = [e for e in events(parsed, text) if e.type == "TRANSIT"]
    assert [(e.item, e.to) for e in moving] == [(item, "Norland" if "Norland" in text else "Kell")]


def test_a_party_on_its_way_to_act_carries_nothing(parsed: Language) -> None:
    evs = events(parsed, "Police en route to the village seized two rifles.")
    assert summary(evs) == {("SEIZURE", "rifles")}


@pytest.mark.parametrize(
    "text",
    [
        "The courier was found in possession of two rifles and a pistol.",
        "Customs officers seized three pistols in packages shipped from Norland.",
        "One was en route to Kell with 250 rounds of ammunition.",
    ],
)
def test_without_a_parse_none_of_these_acts_is_told(blank: Language, text: str) -> None:
    assert [e for e in events(blank, text) if e.type in ("OBSERVATION", "DELIVERY", "TRANSIT")] == []


# ------------------------------------------------------------------ "the following" goods found in a car
def test_the_following_found_in_a_car_stands_for_the_goods_listed_after_the_colon(parsed: Language) -> None:
    text = "Further checks revealed the following inside the boot: two rifles; a pistol; and 300 rounds of ammunition."
    stored = events(parsed, text)
    assert {(e.type, e.item, e.place) for e in stored} == {
        ("STORAGE", "rifles", "the boot"), ("STORAGE", "pistol", "the boot"), ("STORAGE", "ammunition", "the boot"),
    }  # fmt: skip


def test_the_following_with_no_goods_after_a_colon_tells_no_storage(parsed: Language) -> None:
    text = "Officers found the following in the bag. Two rifles were later sold to Dorn."
    assert [e for e in events(parsed, text) if e.type == "STORAGE"] == []


# ------------------------------------------------------------------ make, model, calibre, class
def test_make_model_calibre_and_class_are_one_item(parsed: Language) -> None:
    text = "Police seized a Vektor, model M249, 5.56mm machinegun and two Brenn, model M9, 9mm pistols."
    assert summary(events(parsed, text)) == {("SEIZURE", "M249"), ("SEIZURE", "M9")}


def test_a_count_after_a_comma_is_no_calibre(parsed: Language) -> None:
    evs = events(parsed, "Police seized an AK-47, 40 rifles and pistols.")
    assert summary(evs) == {("SEIZURE", "AK-47"), ("SEIZURE", "rifles"), ("SEIZURE", "pistols")}
