"""Entity forms of real reporting the rules first missed (round 11): one fictional sentence each.

Offices: "the Inspector General", "Attorney General" name an office's holder, no organisation.
Datelines: the place a story is dated from before a colon ("OSTRIK: Police ...", "Kalmunessa: A
team ...", not a name the model knows for a person) if it is a known place or no ordinary word (not
a heading's tag: "UPDATE: ..."), and then no place of the event; before a hyphen set off by spaces
("OSTRIK - A jury ..."); before a dash even if the model took it for an organisation, unless it is
no longer than an agency's acronym. Places: a singular proper noun the model took for a nationality
after "in" ("a gang in Tamburessa"); a name (hyphenated ones too: "the Ostrik-Velmar region")
before a lower-case "area" or "junction", and after "the area of" or "the department of"; a street
the model took for a facility; a one-word name the model took for a person, joined to a place after
"in" ("in Ostrik and Tessarwa"); "Côte d’Ivoire" with either apostrophe. Not places: a person's
name set after a place by a comma and hung elsewhere ("the head of the mission in Colombia, Jean
Velkov"); the model's one-word place shaped as a nationality before a word it describes ("Ukrainian
troops"). Services: a count in words is no part of a service's name ("Six Marines - a captain and
five sergeants"); a nationality before bare "forces" describes whoever fights for the state and is
no unit ("attacks on Velmarian forces"), unlike "the Velmarian army"; a unit the rules found by its
head words ("Defense Forces") at the end of a longer name the model found is that whole name.
Dates: "last July 5" is the day, "last July" stays relative; "from 2012 to 2016" is two dates where
the model found the first alone. A school the model took for a person is an organisation. "A batch
of 100 rifles", "a lot of 500 rounds" count the goods; "batch 4-88", "lot 77-12" name one. A sum
after a currency's code ("Rs.60,000", "EUR 250,000") is MONEY. Every person, body and small place
here is made up; capitals, countries, nationalities and weapon models are real names.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span

from ingest.nlp.entity_context import places_after_prepositions
from ingest.nlp.entity_layout import common_words
from ingest.nlp.extract import extract
from tests.ingest.entity_cases import Case, check_case

CASES: dict[str, Case] = {
    "an_office_general_is_no_organisation": (
        "John Velk, the Inspector General, said the rifles were lost.",
        set(),
        {("Inspector General", "ORGANIZATION")},
    ),
    "dateline_before_a_colon": (
        "Rifles seized in Tessar\n\nOSTRIK: Police on Friday seized ten rifles from a house.",
        {("OSTRIK", "PLACE")},
        set(),
    ),
    "known_capital_dateline_before_a_colon": (
        "Rifles seized in Tessar\n\nBEIRUT: Police on Friday seized ten rifles from a house.",
        {("BEIRUT", "PLACE")},
        set(),
    ),
    "heading_tag_before_a_colon_is_no_place": (
        "Rifles seized in Tessar\n\nUPDATE: Police on Friday seized ten rifles from a house.",
        set(),
        {("UPDATE", "PLACE"), ("UPDATE", "ORGANIZATION")},
    ),
    "title_case_dateline_before_a_colon": (
        "Rifles recovered\n\nKalmunessa: A team of security forces recovered a cache of weapons on Friday.",
        {("Kalmunessa", "PLACE")},
        set(),
    ),
    "title_case_heading_tag_is_no_place": (
        "Rifles recovered\n\nUpdate: A team of security forces recovered a cache of weapons on Friday.",
        set(),
        {("Update", "PLACE")},
    ),
    "dateline_before_a_spaced_hyphen": (
        "OSTRIK - A federal jury indicted two men for smuggling rifles.",
        {("OSTRIK", "PLACE")},
        set(),
    ),
    "dateline_the_model_took_for_an_organisation": (
        "Missiles to reach Ruritania soon\n\nKELVARIS –Stinger anti-aircraft missiles from Velmaria will be handed "
        "over to Ruritania over the coming days, the minister says.",
        {("KELVARIS", "PLACE")},
        {("KELVARIS", "ORGANIZATION")},
    ),
    "names_before_area_and_junction": (
        "Police raided a house in the Ostrik area and another at the Velmar junction.",
        {("Ostrik", "PLACE"), ("Velmar", "PLACE")},
        set(),
    ),
    "hyphenated_name_before_an_area_noun": (
        "Groups operating in the Ostrik-Velmar region are armed.",
        {("Ostrik-Velmar", "PLACE")},
        {("Velmar", "PLACE")},
    ),
    "names_after_the_area_and_department_of": (
        "Rifles were found in the department of Velmar and in the area of Ostrik.",
        {("Velmar", "PLACE"), ("Ostrik", "PLACE")},
        set(),
    ),
    "nationality_before_forces_is_no_unit": (
        "Militants captured rifles during attacks on Velmarian forces, and the Velmarian army fled.",
        {("Velmarian army", "MILITARY_UNIT")},
        {("Velmarian forces", "MILITARY_UNIT")},
    ),
    "last_before_a_day_of_a_month": (
        "The first batch of rifles was delivered last July 5. The rest arrived last July.",
        {("July 5", "DATE")},
        {("July", "DATE"), ("last July", "DATE")},
    ),
    "nationality_taken_for_a_place": (
        "Ukrainian Prime Minister Ann Reyes says the rifles will go to Ukrainian troops.",
        {("Ann Reyes", "PERSON")},
        {("Ukrainian", "PLACE")},
    ),
    "street_taken_for_a_facility": (
        "Thieves broke into offices along Ostrik Street and stole six rifles.",
        {("Ostrik Street", "PLACE")},
        set(),
    ),
    "country_written_with_a_typographic_apostrophe": (
        "Weapons were diverted from militaries in Chad, Côte d’Ivoire and Mali.",
        {("Côte d’Ivoire", "COUNTRY"), ("Chad", "COUNTRY")},
        {("Côte", "PERSON")},
    ),
    "batch_and_lot_of_goods_are_counts": (
        "The first batch of 100 rifles and a lot of 500 rounds came from batch 4-88 and lot 77-12.",
        {("100", "QUANTITY"), ("500 rounds", "QUANTITY"), ("4-88", "SERIAL_NUMBER"), ("77-12", "SERIAL_NUMBER")},
        {("100", "SERIAL_NUMBER"), ("500", "SERIAL_NUMBER")},
    ),
    "count_word_before_a_service_is_no_unit": (
        "Six Marines - a captain and five sergeants - were arrested after the theft of rifles.",
        set(),
        {("Six Marines", "MILITARY_UNIT")},
    ),
    "sums_after_a_currency_code": (
        "The gang paid an advance of Rs.60,000 for the rifles, and a reward of EUR 250,000 was offered.",
        {("Rs.60,000", "MONEY"), ("EUR 250,000", "MONEY")},
        {("EUR", "ORGANIZATION")},
    ),
    "year_closing_a_range": (
        "Peace talks in Ostrik, which lasted from 2012 to 2016, ended with an accord.",
        {("2012", "DATE"), ("2016", "DATE")},
        set(),
    ),
    "school_taken_for_a_person": (
        "Handing over disabled rifles to Tran Velko High School",
        {("Tran Velko High School", "ORGANIZATION")},
        {("Tran Velko High School", "PERSON")},
    ),
    "place_joined_to_a_place_after_in": (
        "The other two were taken into custody in Ostrik and Tessarwa on Monday.",
        {("Ostrik", "PLACE"), ("Tessarwa", "PLACE")},
        {("Tessarwa", "PERSON")},
    ),
    "person_in_apposition_after_a_place": (
        "The handover was supervised by the head of the UN Mission in Colombia, Jean Velkov.",
        {("Jean Velkov", "PERSON")},
        {("Jean Velkov", "PLACE")},
    ),
    "unit_named_in_full": (
        "The Velmar National Security and Defense Forces received ten rifles today.",
        {("Velmar National Security and Defense Forces", "MILITARY_UNIT")},
        {("Defense Forces", "MILITARY_UNIT")},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_entity_forms(parsed: Language, name: str) -> None:
    check_case(parsed, CASES[name])


#: the statistical model's labels, tags and the parse, or the lemmatizer's word list
NEEDS_MODEL = {
    "title_case_dateline_before_a_colon",
    "dateline_before_a_colon",
    "last_before_a_day_of_a_month",
    "nationality_taken_for_a_place",
    "street_taken_for_a_facility",
    "dateline_the_model_took_for_an_organisation",
    "place_joined_to_a_place_after_in",
    "person_in_apposition_after_a_place",
    "unit_named_in_full",
    "school_taken_for_a_person",
    "year_closing_a_range",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - NEEDS_MODEL))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    check_case(blank, CASES[name])


def test_name_taken_for_a_nationality_after_in(parsed: Language) -> None:
    """ "a gang in Tamburessa" where the model called "Tamburessa" a nationality (NORP): a place;
    "in Velmarian hands" (an adjective) stays none."""
    common = common_words(parsed)
    doc = parsed("One of the rifles had been sold to a gang in Tamburessa for cash.")
    at = next(t.i for t in doc if t.text == "Tamburessa")
    doc.ents = [Span(doc, at, at + 1, label="NORP")]
    assert [(c.start, c.label) for c in places_after_prepositions(doc, [], common)] == [(at, "PLACE")]
    doc = parsed("The rifles fell in Velmarian hands last year.")
    at = next(t.i for t in doc if t.text == "Velmarian")
    doc.ents = [Span(doc, at, at + 1, label="NORP")]
    assert places_after_prepositions(doc, [], common) == []


def test_a_colon_dateline_is_no_event_place(parsed: Language) -> None:
    """ "Kalmunessa: Security forces recovered ... in Velmar's Tessar district": the dateline tells
    where the report was filed; the seizure's place is the one its sentence names."""
    text = (
        "Rifles recovered\n\nKalmunessa: Security forces recovered a large cache of rifles during an "
        "operation in Velmar’s Tessar district on Saturday, police said."
    )
    assert [(e.type, e.place) for e in extract(parsed, text).events] == [("SEIZURE", "Velmar’s Tessar district")]
