"""Entity forms of official releases the rules first missed (round 12): one fictional sentence each.

Shares: "85 per cent" is no MONEY (the model reads "cent" as a coin). Operations: a police
operation's code name ("Operation Velmar", or "Velmar" after "Operation") is no body and no person,
outside a naval report (there "Operation X" is a force). Titles: "HSI Ostrik Special Agent in Charge
Ann Reyes" names the office "HSI Ostrik" and the person; "Special" is no part of either; so do
"AFP Detective Superintendent Ann Reyes" and "INTERPOL Secretary General Ann Reyes" (an office's
acronym before a title word). Names: a body's name the model cut at "and" goes on to its head word
("European Serious and Organised Crime Centre"). Bodies: "Border Patrol" is a body as "Border
Force" is. Crossings: "the Tessel, Velmar, port of entry" (a place and its state set off by
commas) is one port of entry. Parts: a part's noun after a model ("Glock switches", "AK-47 receivers") is a class of
parts; "auto sears", "lower receivers" and "machine gun conversion devices" are classes, and so
are alarm, signal and acoustic expansion weapons (Europe's converted firearms). Police named in
their own language ("Poliția Velmară", "Polizia di Stato", "Gardaí") are bodies. Counts:
"300 different types of weapons" and "40 3D-printed pistols" count the goods; the number of a
legal class ("a section 5 firearm", "Tier 2 goods") counts nothing, nor do "300 cases of
diversion" (cases of goods are counted: "12 cases of ammunition"). Every person and
place here is made up; agencies' acronyms are real.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Span

from ingest.nlp.entity_model_labels import ModelLabels
from tests.ingest.entity_cases import Case, check_case

CASES: dict[str, Case] = {
    "a_share_in_per_cent_is_no_money": (
        "The survey found that 85 per cent of the rifles were made in Velmaria, and the fine was $2,000.",
        {("$2,000", "MONEY")},
        {("85 per cent", "MONEY"), ("85 per cent", "QUANTITY")},
    ),
    "operation_code_name_is_no_body": (
        "Europol supported the operation, codenamed Operation Velmar, with analysts.",
        {("Europol", "ORGANIZATION")},
        {("Operation Velmar", "ORGANIZATION")},
    ),
    "name_after_operation_is_no_person": (
        "Operation Velmar was launched in 2021 by the Ostrik police.",
        {("Ostrik police", "ORGANIZATION")},
        {("Velmar", "PERSON"), ("Velmar", "PLACE")},
    ),
    "naval_operation_stays_a_force": (
        "The frigate took part in Operation Velmar and seized 40 rifles.",
        {("Operation Velmar", "MILITARY_UNIT")},
        set(),
    ),
    "office_before_special_agent_in_charge": (
        "HSI Ostrik Special Agent in Charge Mary Velk announced the charges.",
        {("HSI Ostrik", "ORGANIZATION"), ("Mary Velk", "PERSON")},
        {("HSI Ostrik Special", "PERSON"), ("HSI Ostrik Special", "ORGANIZATION")},
    ),
    "border_patrol_is_a_body": (
        "Border Patrol agents arrested two men near Ostrik with four rifles.",
        {("Border Patrol", "ORGANIZATION")},
        set(),
    ),
    "count_of_types_of_goods": (
        "The general handed over 300 types of weapons, and police found 26 types of explosives.",
        {("300", "QUANTITY"), ("26", "QUANTITY")},
        set(),
    ),
    "count_of_different_types_of_goods": (
        "The general handed over 300 different types of military weapons and their ammunition.",
        {("300", "QUANTITY")},
        set(),
    ),
    "office_acronym_before_a_title_word": (
        "AFP Detective Superintendent Jane Velk said INTERPOL Secretary General Tom Reyes was told.",
        {("AFP", "ORGANIZATION"), ("INTERPOL", "ORGANIZATION"), ("Jane Velk", "PERSON"), ("Tom Reyes", "PERSON")},
        {("AFP Detective", "ORGANIZATION")},
    ),
    "office_with_a_division_before_special_agent": (
        "ATF Ostrik Field Division Special Agent in Charge Tom Reyes praised the officers.",
        {("ATF Ostrik Field Division", "ORGANIZATION"), ("Tom Reyes", "PERSON")},
        {("ATF Ostrik Field Division Special Agent", "MILITARY_UNIT")},
    ),
    "office_named_by_its_title_stays_whole": (
        "The UN High Commissioner for Refugees and FBI Director Tom Reyes spoke.",
        {("FBI", "ORGANIZATION"), ("Tom Reyes", "PERSON")},
        {("UN High", "ORGANIZATION")},
    ),
    "title_word_after_a_name_stays_out": (
        "Defense Secretary Lloyd Austin announced the package.",
        {("Lloyd Austin", "PERSON")},
        {("Defense", "ORGANIZATION")},
    ),
    "name_joined_by_and_up_to_its_head": (
        "Europol's European Serious and Organised Crime Centre provided analytical support.",
        {("European Serious and Organised Crime Centre", "ORGANIZATION")},
        {("European Serious", "ORGANIZATION")},
    ),
    "parts_after_a_model": (
        "Officers seized 40 Glock switches, four AK-47 receivers and 12 Glock frames.",
        {("switches", "WEAPON_CATEGORY"), ("receivers", "WEAPON_CATEGORY"), ("frames", "WEAPON_CATEGORY"),
         ("40", "QUANTITY")},
        set(),
    ),
    "parts_alone_are_ordinary_words": (
        "Press the switch and the slide moves; the frame of the house was damaged.",
        set(),
        {("switch", "WEAPON_CATEGORY"), ("slide", "WEAPON_CATEGORY"), ("frame", "WEAPON_CATEGORY")},
    ),
    "named_parts_of_automatic_fire": (
        "Police found two auto sears, 10 lower receivers and a machine gun conversion device.",
        {("auto sears", "WEAPON_CATEGORY"), ("lower receivers", "WEAPON_CATEGORY"),
         ("machine gun conversion device", "WEAPON_CATEGORY"), ("10", "QUANTITY")},
        set(),
    ),
    "count_before_3d_printed_goods": (
        "Officers seized 40 3D-printed pistols and one prohibited handgun.",
        {("40", "QUANTITY"), ("pistols", "WEAPON_CATEGORY")},
        set(),
    ),
    "police_named_in_their_own_language": (
        "The Velmarian National Police (Poliția Velmară) and the Polizia di Stato arrested six men; Gardaí "
        "seized a rifle.",
        {("Poliția Velmară", "ORGANIZATION"), ("Polizia di Stato", "ORGANIZATION"), ("Gardaí", "ORGANIZATION")},
        {("Poliția Velmară", "PERSON"), ("Gardaí", "PERSON")},
    ),
    "alarm_signal_and_acoustic_weapons": (
        "Police seized converted signal weapons, alarm pistols and 40 acoustic expansion weapons.",
        {("converted signal weapons", "WEAPON_CATEGORY"), ("alarm pistols", "WEAPON_CATEGORY"),
         ("acoustic expansion weapons", "WEAPON_CATEGORY"), ("40", "QUANTITY")},
        set(),
    ),
    "number_of_a_legal_class_is_no_count": (
        "He admitted possession of a section 5 firearm and the import of Tier 2 goods, namely 12 pistols.",
        {("12", "QUANTITY"), ("firearm", "WEAPON_CATEGORY")},
        {("5", "QUANTITY"), ("2", "QUANTITY")},
    ),
    "cases_of_an_offence_are_no_goods": (
        "The survey tracked 300 cases of diversion, and police seized 12 cases of ammunition.",
        {("12 cases", "QUANTITY")},
        {("300 cases", "QUANTITY")},
    ),
    "port_of_entry_after_a_place_and_its_state": (
        "CBP officers at the Tessel, Velmar, port of entry found 10 rifles; a bare port of entry is none.",
        {("Tessel, Velmar, port of entry", "BORDER_CROSSING")},
        {("port of entry", "BORDER_CROSSING")},
    ),
    "count_of_types_of_people_is_none": (
        "There are 12 types of people in the town, and 40 rifles were found.",
        {("40", "QUANTITY")},
        {("12", "QUANTITY")},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_entity_forms(parsed: Language, name: str) -> None:
    check_case(parsed, CASES[name])


#: the statistical model's entities
NEEDS_MODEL = {
    "a_share_in_per_cent_is_no_money",
    "operation_code_name_is_no_body",
    "name_after_operation_is_no_person",
    "naval_operation_stays_a_force",
    "office_before_special_agent_in_charge",
    "count_of_different_types_of_goods",  # "different" is told a describing word by its tag
    "office_acronym_before_a_title_word",
    "office_with_a_division_before_special_agent",
    "title_word_after_a_name_stays_out",
    "office_named_by_its_title_stays_whole",
    "name_joined_by_and_up_to_its_head",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - NEEDS_MODEL))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    check_case(blank, CASES[name])


def test_office_named_by_a_title_is_not_cut(parsed: Language) -> None:
    """A model body that an acronym opens and a title word names ("UN High Commissioner for
    Refugees") is no office before its holder's title: its name goes on with "for"; "FBI Director
    Tom Reyes" is the office and the person."""
    labels = ModelLabels({"ORG": "ORGANIZATION"}, set(), {"Commissioner", "Director"}, {"Commissioner", "Director"})
    doc = parsed.make_doc("The UN High Commissioner for Refugees spoke.")
    assert [(c.start, c.end, c.label) for c in labels.parts(doc, Span(doc, 1, 6, label="ORG"))] == [
        (1, 6, "ORGANIZATION")
    ]
    doc = parsed.make_doc("FBI Director Tom Reyes spoke.")
    assert [(c.start, c.end, c.label) for c in labels.parts(doc, Span(doc, 0, 4, label="ORG"))] == [
        (0, 1, "ORGANIZATION"),
        (2, 4, "PERSON"),
    ]
