"""Entity forms of official releases the rules first missed (round 12): one fictional sentence each.

Shares: "85 per cent" is no MONEY (the model reads "cent" as a coin). Operations: a police
operation's code name ("Operation Velmar", or "Velmar" after "Operation") is no body and no person,
outside a naval report (there "Operation X" is a force). Titles: "HSI Ostrik Special Agent in Charge
Ann Reyes" names the office "HSI Ostrik" and the person; "Special" is no part of either. Bodies:
"Border Patrol" is a body as "Border Force" is. Counts: "300 different types of weapons" counts the
goods. Every person and place here is made up; agencies' acronyms are real.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

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
}


@pytest.mark.parametrize("name", sorted(set(CASES) - NEEDS_MODEL))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    check_case(blank, CASES[name])
