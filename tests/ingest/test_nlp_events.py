"""Custody event rules on fictional sentences.

The blank pipeline (no parser) exercises the word-order fallbacks; the full pipeline the
dependency rules. Units, groups, depots and serials are made up.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from ingest.nlp import add_custody_components, extract, load_pipeline
from ingest.nlp.dates import find_document_date, normalize_date
from ingest.nlp.extract import ExtractedEvent


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return add_custody_components(nlp)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_pipeline()


def events(nlp: Language, text: str, doc_date: str | None = "2024-03-10") -> list[ExtractedEvent]:
    return extract(nlp, text, doc_date).events


def summary(evs: list[ExtractedEvent]) -> set[tuple[str, str]]:
    return {(e.type, e.item) for e in evs}


# ---------------------------------------------------------------------- blank pipeline
def test_blank_seizure_one_event_per_serial(blank: Language) -> None:
    evs = events(
        blank,
        "On 3 March 2024, police of Town Q seized two AK-47 rifles, serial numbers AKX-10001 and "
        "AKX-10002, from the Black Heron group at the Palanca crossing point.",
    )
    assert summary(evs) == {("SEIZURE", "AKX-10001"), ("SEIZURE", "AKX-10002")}
    for e in evs:
        assert e.from_ == "Black Heron group"
        assert e.to == "police"
        assert e.place == "Palanca"
        assert e.date_value == "2024-03-03"
        assert e.system == "AK-47"
        assert e.item_label == "SERIAL_NUMBER"


def test_blank_negation_gives_no_event(blank: Language) -> None:
    assert not events(blank, "The 9th Reserve Brigade could not present launcher JAV-0099.")
    assert summary(events(blank, "The 9th Reserve Brigade presented launcher JAV-0099.")) == {("INVENTORY", "JAV-0099")}


# ---------------------------------------------------------------------- full pipeline
def test_list_gives_one_event_per_item_and_quantity_to_the_first(nlp: Language) -> None:
    evs = events(
        nlp,
        "Last year the ministry sent over 5,000 AK-47s, machine guns and RPG-7s to the 41st Separate "
        "Mechanized Brigade in February 2023.",
    )
    assert summary(evs) == {("TRANSFER", "AK-47"), ("TRANSFER", "machine guns"), ("TRANSFER", "RPG-7")}
    by_item = {e.item: e for e in evs}
    assert by_item["AK-47"].quantity == "over 5,000"
    assert by_item["machine guns"].quantity is None and by_item["RPG-7"].quantity is None
    assert all(e.to == "41st Separate Mechanized Brigade" and e.date_value == "2023-02" for e in evs)


def test_handover_between_units_and_pronoun_receiver(nlp: Language) -> None:
    evs = events(
        nlp,
        "The 2nd Company, 9th Reserve Brigade could not present launcher JAV-0101, which it received "
        "from the 9th Reserve Brigade on 4 May 2023.",
    )
    assert summary(evs) == {("HANDOVER", "JAV-0101")}
    (e,) = evs
    assert (e.from_, e.to, e.date_value) == ("9th Reserve Brigade", "2nd Company, 9th Reserve Brigade", "2023-05-04")


def test_hand_to_a_civilian_is_a_transfer(nlp: Language) -> None:
    evs = events(nlp, "Customs Office Q handed carbine M4-77001 to the regional prosecutor.")
    assert summary(evs) == {("TRANSFER", "M4-77001")}
    assert evs[0].from_ == "Customs Office Q" and evs[0].to == "regional prosecutor"


def test_inventory_takes_place_and_date_from_the_scene_sentence(nlp: Language) -> None:
    text = (
        "A monitoring team visited Depot D-9 on 12 October 2023 to check stocks. "
        "The 5th Battalion presented two FIM-92 Stinger gripstocks, serial numbers STG-7001 and STG-7002."
    )
    evs = events(nlp, text)
    assert summary(evs) == {("INVENTORY", "STG-7001"), ("INVENTORY", "STG-7002")}
    for e in evs:
        assert (e.to, e.place, e.date_value, e.system) == ("5th Battalion", "Depot D-9", "2023-10-12", "FIM-92 Stinger")
        assert e.quantity is None


def test_item_pointing_back_takes_the_earlier_serial_and_roles(nlp: Language) -> None:
    text = (
        "On 7 July 2024, border guards at the Porubne crossing point found an AK-47 rifle, serial number AK-55501, "
        "in a car. The driver said nothing. The rifle was seized."
    )
    evs = events(nlp, text)
    assert summary(evs) == {("SEIZURE", "AK-55501")}
    (e,) = evs
    assert (e.to, e.place, e.date_value) == ("border guards", "Porubne", "2024-07-07")


def test_a_serial_in_the_next_sentence_makes_the_item_specific(nlp: Language) -> None:
    text = (
        "A photo posted on 4 April 2024 shows fighters of the Black Heron group with an NLAW launcher near Town Q. "
        "A serial, NLW-2040, is legible on the tube."
    )
    evs = events(nlp, text)
    assert summary(evs) == {("OBSERVATION", "NLW-2040")}
    (e,) = evs
    assert (e.to, e.place, e.date_value, e.system) == ("Black Heron group", "Town Q", "2024-04-04", "NLAW")


def test_observation_needs_an_actor_and_not_seen_is_none(nlp: Language) -> None:
    assert not events(nlp, "Gripstock STG-7003 was recorded as deployed and was not seen.")
    assert not events(nlp, "A Javelin launcher was photographed on a table.")


def test_month_without_year_resolves_against_the_document_date(nlp: Language) -> None:
    evs = events(nlp, "The Black Heron group bought two RPG-7 launchers from a soldier in November.", "2024-02-12")
    (e,) = evs
    assert (e.type, e.item, e.to, e.date, e.date_value) == (
        "TRANSFER",
        "RPG-7",
        "Black Heron group",
        "November",
        "2023-11",
    )


def test_generic_statement_is_no_event(nlp: Language) -> None:
    assert not events(nlp, "Officials want to stop small arms from being diverted and to track where rifles are sold.")


def test_smuggled_out_of_a_country_is_a_diversion(nlp: Language) -> None:
    evs = events(nlp, "Investigators said pistols smuggled out of Moldova in 2015 reached the Black Heron group.")
    assert ("DIVERSION", "pistols") in summary(evs)
    (e,) = [e for e in evs if e.type == "DIVERSION"]
    assert e.from_ == "Moldova" and e.date == "2015"


def test_confidence_is_in_range(nlp: Language) -> None:
    evs = events(nlp, "The 5th Battalion presented launcher JAV-0102. Police seized the launchers they found.")
    assert evs and all(0.0 <= e.confidence <= 1.0 for e in evs)


@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        ("15 September 2023", None, "2023-09-15"),
        ("September 15, 2023", None, "2023-09-15"),
        ("in January", "2024-02-12", "2024-01"),
        ("in March", "2024-02-12", "2023-03"),
        ("February", "2022-10", "2022-02"),
        ("March 2024", None, "2024-03"),
        ("mid-2023", None, "2023"),
        ("2023-04-20", None, "2023-04-20"),
        ("the 1990s", None, None),
        ("last year", "2024-01-01", None),
        ("in January", None, None),
    ],
)
def test_normalize_date(text: str, doc_date: str | None, expected: str | None) -> None:
    assert normalize_date(text, doc_date) == expected


def test_document_date_from_first_lines() -> None:
    assert (
        find_document_date("Customs Office Q: seizure notice, 12 February 2024\n\nOn 11 February ...") == "2024-02-12"
    )
    assert find_document_date("SOURCE: x\nDATE: 2022-10 (approximate)\nText") == "2022-10"
    assert find_document_date("No date here.\nNor here.") is None
