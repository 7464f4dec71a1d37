"""Entities read from their context (ingest.nlp.entity_context) and the model's labels mapped
by what a name is written as. Every sentence is written for this test; every name is made up."""

from __future__ import annotations

import pytest
from spacy.language import Language

# (sentence, entities that must be found, entities that must not be)
Case = tuple[str, set[tuple[str, str]], set[tuple[str, str]]]

PARSED: dict[str, Case] = {
    "name_before_district": (
        "A cache of rifles was seized from Velmora's Dastgir district on Wednesday, police said.",
        {("Dastgir", "PLACE")},
        set(),
    ),
    "village_of_name": (
        "The arms were found in the village of Ostrikan near a cemetery.",
        {("Ostrikan", "PLACE")},
        set(),
    ),
    "list_of_places": (
        "The government flew arms into the three towns of El Dorran, Nyabo and El Gessina.",
        {("El Dorran", "PLACE"), ("Nyabo", "PLACE"), ("El Gessina", "PLACE")},
        {("El Dorran", "ORGANIZATION")},
    ),
    "address_of_places": (
        # each name after a place and a comma is the larger place it lies in, the last one too
        "Four pistols were seized in Norland, Kessel Odin, Varos del Sur.",
        {("Norland", "PLACE"), ("Kessel Odin", "PLACE"), ("Varos del Sur", "PLACE")},
        {("Varos del Sur", "PERSON")},
    ),
    "name_before_police": (
        "Based on a tip-off, Korvath police launched an operation to recover the arms.",
        {("Korvath police", "ORGANIZATION")},  # the force by its place's name, as the gold writes it
        {("Korvath", "PERSON")},
    ),
    "named_regiment": (
        "A joint team of the Velmar Rifles launched a search, and 16 Velmar Rifles later joined it.",
        {("Velmar Rifles", "MILITARY_UNIT"), ("16 Velmar Rifles", "MILITARY_UNIT")},
        {("Rifles", "WEAPON_CATEGORY")},
    ),
    "count_in_headline_no_regiment": (
        "Over Nine Thousand Rifles Seized\n\nThe navy seized the rifles.",
        set(),
        {("Over Nine Thousand Rifles", "MILITARY_UNIT")},
    ),
    "named_cartel": (
        "The rifles were sold to a member of the Ostrava drug cartel.",
        {("Ostrava drug cartel", "ARMED_GROUP")},
        set(),
    ),
    "maker_before_class": (
        "The cache included a Hatfield 12-gauge shotgun and four magazines.",
        {("Hatfield", "WEAPON_SYSTEM"), ("12-gauge shotgun", "WEAPON_CATEGORY")},
        {("Hatfield", "PERSON")},
    ),
    "model_code_before_capitalised_class": (
        "It included over 70 M471 Howitzers as well as rifles.",
        {("M471", "WEAPON_SYSTEM"), ("over 70", "QUANTITY")},
        set(),
    ),
    "country_with_possessive": (
        "The panel says the firm sold more rifles to South Sudan's government last year.",
        {("South Sudan", "COUNTRY")},
        {("South Sudan", "PLACE")},
    ),
    "list_is_no_organisation": (
        "The rifles were not listed on the United States Munitions List, the court heard.",
        set(),
        {("Munitions", "WEAPON_CATEGORY"), ("United States Munitions List", "ORGANIZATION")},
    ),
    "state_after_city_and_comma": (
        "TESSAR, Ky—At the hubs in Tessar officers seized a shipment.",
        {("Ky", "PLACE")},
        {("Ky", "PERSON")},
    ),
    "ship_short_form_any_prefix": (
        "The frigate FS Vendaine seized a dhow. Subsequently, Vendaine boarded the dhow and found rifles.",
        {("FS Vendaine", "MILITARY_UNIT"), ("Vendaine", "MILITARY_UNIT")},
        {("Vendaine", "PERSON")},
    ),
    "vague_counts_before_described_materiel": (
        "The dhow carried dozens of modern wire-guided missiles and thousands of Ruritanian assault rifles.",
        {("dozens", "QUANTITY"), ("thousands", "QUANTITY")},
        set(),
    ),
    "several_hundred": (
        "The haul included several hundred AK-47 rifles and machine guns.",
        {("several hundred", "QUANTITY")},
        {("hundred", "QUANTITY")},
    ),
    "group_by_apposition_past_acronym_and_description": (
        "The rifles were diverted to the Popular Liberation Forces of Tessany (PLFT), a 40-year-old insurgent "
        "group known for kidnapping.",
        {("Popular Liberation Forces of Tessany", "ARMED_GROUP"), ("PLFT", "ARMED_GROUP")},
        {("Popular Liberation Forces of Tessany", "MILITARY_UNIT")},
    ),
    "name_takes_the_kind_of_its_known_acronym": (
        "Officials diverted the rifles to the Revolutionary Armed Forces of Tessany (FARC) before the ban.",
        {("Revolutionary Armed Forces of Tessany", "ARMED_GROUP"), ("FARC", "ARMED_GROUP")},
        {("Revolutionary Armed Forces of Tessany", "MILITARY_UNIT")},
    ),
    "dropped_name_after_in": (
        "A joint operation by the police and CRPF was launched in Kolvaru on Saturday night.",
        {("Kolvaru", "PLACE")},
        set(),
    ),
    "model_code_coordinated_with_a_system": (
        "The officers found two rifles, including an AR-15 and an AM-15.",
        {("AR-15", "WEAPON_SYSTEM"), ("AM-15", "WEAPON_SYSTEM")},
        set(),
    ),
    "fighter_jets_are_a_class": (
        "The panel is probing the transfer of some MiG-21 fighter jets to the Tessan air force.",
        {("MiG-21", "WEAPON_SYSTEM"), ("fighter jets", "WEAPON_CATEGORY")},
        set(),
    ),
    "code_beside_no_system_stays_unlabelled": (
        "The agency recorded COVID-19 cases among the crews of the AK-47 factory.",
        {("AK-47", "WEAPON_SYSTEM")},
        {("COVID-19", "WEAPON_SYSTEM")},
    ),
    "crossing_named_for_a_person": (
        "Two teens tried to smuggle rifles through the Harlan DeVesko border crossing in Tessar last summer.",
        {("Harlan DeVesko", "BORDER_CROSSING")},
        set(),
    ),
    "nationality_before_crossing_is_no_name": (
        "A Ruritanian crossing point was closed.",
        set(),
        {("Ruritanian", "BORDER_CROSSING")},
    ),
    "office_of_a_service_is_a_title": (
        "Acting on a tip-off, a joint operation led by Additional Superintendent of Police (Crime) Nayam Borvah "
        "was launched.",
        {("Nayam Borvah", "PERSON")},
        {("Additional Superintendent of Police", "ORGANIZATION")},
    ),
    "name_run_into_an_office_title": (
        "The cache includes a 9 mm pistol and seven bullets, Superintendent of Police Tarun Kavel Dosa said.",
        {("Tarun Kavel Dosa", "PERSON")},
        {("Superintendent of Police Tarun Kavel Dosa", "ORGANIZATION")},
    ),
}


@pytest.mark.parametrize("name", sorted(PARSED))
def test_entities_from_context(parsed: Language, name: str) -> None:
    text, wanted, unwanted = PARSED[name]
    found = {(e.text, e.label_) for e in parsed(text).ents}
    assert wanted <= found, (wanted - found, found)
    assert not unwanted & found, (unwanted & found, found)


BLANK: dict[str, Case] = {
    "name_before_district": (
        "A cache of rifles was seized in the Dastgir district on Wednesday.",
        {("Dastgir", "PLACE")},
        set(),
    ),
    "village_of_name": ("The arms were found in the village of Ostrikan.", {("Ostrikan", "PLACE")}, set()),
    "named_regiment": (
        "A team of 16 Velmar Rifles joined the search.",
        {("16 Velmar Rifles", "MILITARY_UNIT")},
        {("Rifles", "WEAPON_CATEGORY")},
    ),
    "named_cartel": (
        "The rifles were sold to the Ostrava cartel.",
        {("Ostrava cartel", "ARMED_GROUP")},
        set(),
    ),
    "model_code_coordinated_with_a_system": (
        "The officers found an AR-15 and an AM-15 in the boot.",
        {("AR-15", "WEAPON_SYSTEM"), ("AM-15", "WEAPON_SYSTEM")},
        set(),
    ),
    "crossing_name_with_inner_capital": (
        "The rifles came through the DeVesko crossing point.",
        {("DeVesko", "BORDER_CROSSING")},
        set(),
    ),
}


@pytest.mark.parametrize("name", sorted(BLANK))
def test_entities_from_context_without_parse(blank: Language, name: str) -> None:
    text, wanted, unwanted = BLANK[name]
    found = {(e.text, e.label_) for e in blank(text).ents}
    assert wanted <= found, (wanted - found, found)
    assert not unwanted & found, (unwanted & found, found)
