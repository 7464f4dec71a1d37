"""Entity forms of real reporting the rules first missed (round 16): one fictional sentence each.

Vague amounts written as amounts ("huge quantities of", "a large amount of" goods; not of
money, nor "a significant amount", a manner of speaking); counts with a times sign in a list
("3x", "12x") and "20+"; a body's name that ends in "Command" is a military one; an area's name
without its area noun ("Tolomba District" ... "Tolomba") is the place; a body's name the model
cut at an inner "and" or "on" is taken whole back to its "the"; a state written short before a
noun ("a U.S. citizen") is no mention of the country; nor is a place that names a war ("the
Persian Gulf War"); a year between "a" and a name is a vehicle's model year, and the name its
make and model ("a 2009 Ford Ranger"), neither a date nor a body; counts in "units of" and
"samples of" goods; radars, electronic warfare systems and military communications equipment as
classes of materiel. Every name here is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp.entity_resolver import _short_state_before
from tests.ingest.entity_cases import Case, check_case

CASES: dict[str, Case] = {
    "vague_amounts_of_goods": (
        "The militia hoarded huge quantities of grenades and a large amount of cartridges.",
        {("huge quantities", "QUANTITY"), ("a large amount", "QUANTITY")},
        set(),
    ),
    "vague_amount_of_kinds": (
        "Patrols intercepted large quantities of various types of rifles.",
        {("large quantities", "QUANTITY")},
        set(),
    ),
    "vague_amount_of_money_stays_out": (
        "A large amount of money changed hands before the rifles were sold.",
        set(),
        {("A large amount", "QUANTITY")},
    ),
    "manner_of_speaking_stays_out": (
        "The package provides a significant amount of ammunition to the Velmar army.",
        set(),
        {("a significant amount", "QUANTITY")},
    ),
    "counts_with_a_times_sign": (
        "The inventory listed:\n3x PG-7 rockets\n12x AKM rifles [20+ AK magazines]",
        {("3x", "QUANTITY"), ("12x", "QUANTITY"), ("20+", "QUANTITY")},
        set(),
    ),
    "name_ending_in_command": (
        "Rifles were issued by the Sector Transition Command to the border guards.",
        {("Sector Transition Command", "MILITARY_UNIT")},
        {("Sector Transition Command", "ORGANIZATION")},
    ),
    "area_name_without_its_noun": (
        "Rebels overran an outpost in Tolomba District on Monday. The troubled Tolomba has seen raids for a year.",
        {("Tolomba District", "PLACE"), ("Tolomba", "PLACE")},
        {("Tolomba", "PERSON")},
    ),
    "body_cut_at_and": (
        "The vote was held during the Joint Harbour and Customs Board meeting.",
        {("Joint Harbour and Customs Board", "ORGANIZATION")},
        {("Customs Board", "ORGANIZATION")},
    ),
    "short_state_before_a_noun": (
        "Karl Brenner, a 41-year old U.S. citizen of Tulsa, was charged with buying rifles.",
        {("Karl Brenner", "PERSON")},
        {("U.S.", "COUNTRY")},
    ),
    "place_naming_a_war_stays_out": (
        "Forty rifles sent to the region during the Persian Gulf War were lost.",
        {("rifles", "WEAPON_CATEGORY")},
        {("Persian Gulf", "PLACE"), ("Persian Gulf War", "PLACE")},
    ),
    "vehicle_after_its_model_year": (
        "Agents said a 31-year-old man driving a 2009 Ford Ranger was stopped with four rifles.",
        {("four", "QUANTITY")},
        {("2009", "DATE"), ("Ford Ranger", "PERSON"), ("Ford Ranger", "ORGANIZATION")},
    ),
    "counts_in_units_and_samples": (
        "The brigade received 40 samples of armoured vehicles and 25 units of communications equipment.",
        {("40 samples", "QUANTITY"), ("25 units", "QUANTITY"), ("communications equipment", "WEAPON_CATEGORY")},
        set(),
    ),
    "units_of_a_force_stay_out": (
        "Five units of the brigade arrived with rifles.",
        set(),
        {("Five units", "QUANTITY")},
    ),
    "radars_and_electronic_warfare": (
        "The package adds counter-battery radars, tactical radios and electronic warfare systems.",
        {
            ("counter-battery radars", "WEAPON_CATEGORY"),
            ("tactical radios", "WEAPON_CATEGORY"),
            ("electronic warfare systems", "WEAPON_CATEGORY"),
        },
        set(),
    ),
}

#: cases that need the statistical model (its names, its tags)
NEEDS_MODEL = {
    "vague_amount_of_kinds",
    "name_ending_in_command",
    "area_name_without_its_noun",
    "body_cut_at_and",
    "short_state_before_a_noun",
    "manner_of_speaking_stays_out",
    "place_naming_a_war_stays_out",
    "vehicle_after_its_model_year",
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_entity_forms(parsed: Language, name: str) -> None:
    check_case(parsed, CASES[name])


@pytest.mark.parametrize("name", sorted(set(CASES) - NEEDS_MODEL))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    check_case(blank, CASES[name])


def test_short_state_as_a_noun_stays(parsed: Language) -> None:
    """ "the U.S. and Canada", "the US has": the state itself, not a modifier."""
    for text, start in (("Rifles came from the U.S. and Canada.", 4), ("The US has sent rifles to Kenya.", 1)):
        doc = parsed(text)
        assert not _short_state_before(doc[start : start + 1]), text
    doc = parsed("Two US navy ships stopped the dhow.")
    assert _short_state_before(doc[1:2])
