"""Entity forms of real reporting the rules first missed (round 10): one fictional sentence each.

Counts: a vague count before the goods ("several rifles", "multiple grenades", "thousands of the
missiles"); goods counted in pairs, sets or batches ("12 pairs of", "a pair of", "a batch of");
"1" beside other counts as "one" is; a count the model took for a year ("2088 rounds"), but not a
year after "in"; no count in a version's number ("Generation 3 goggles"). Places: a capital
city the model took for a person; countries written with stops ("the U.K.", "St. Kitts and
Nevis"); a name before a capitalised area noun ("Ilu State") and each of two names before its
plural ("Ostrik and Velmar States"), not an office's ("the Coast Guard District"); a capital
standing for its government resolves to its country. Every name of a person or small place here
is made up.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from spacy.language import Language

from tests.ingest.entity_cases import Case, check_case

CASES: dict[str, Case] = {
    "vague_counts_before_goods": (
        "Investigators posing as buyers purchased several rifles and multiple grenades.",
        {("several", "QUANTITY"), ("multiple", "QUANTITY"), ("rifles", "WEAPON_CATEGORY")},
        set(),
    ),
    "vague_count_of_the_goods": (
        "The panel said thousands of the shoulder-fired missiles are held by militias.",
        {("thousands", "QUANTITY"), ("shoulder-fired missiles", "WEAPON_CATEGORY")},
        set(),
    ),
    "goods_counted_in_pairs_and_batches": (
        "Officers recovered 12 pairs of night-vision goggles, a pair of rifle scopes and a batch of rockets.",
        {("12 pairs", "QUANTITY"), ("a pair", "QUANTITY"), ("a batch", "QUANTITY")},
        {("12", "QUANTITY")},
    ),
    "pairs_of_no_goods": (
        "He took a pair of scissors and two sets of keys.",
        set(),
        {("a pair", "QUANTITY"), ("two sets", "QUANTITY"), ("two", "QUANTITY")},
    ),
    "digit_one_beside_other_counts": (
        "Police recovered 1 pistol, 4 magazines and 1 rifle.",
        {("1", "QUANTITY"), ("4", "QUANTITY")},
        set(),
    ),
    "digit_one_alone": (
        "Police recovered 1 pistol.",
        {("pistol", "WEAPON_CATEGORY")},
        {("1", "QUANTITY")},
    ),
    "count_taken_for_a_year": (
        "The team found 2088 rounds of ammunition; in 2019 rockets were stolen.",
        {("2088 rounds", "QUANTITY"), ("2019", "DATE")},
        {("2088", "DATE"), ("2019", "QUANTITY")},
    ),
    "version_number_is_no_count": (
        "At least 55 pairs of the Generation 3 night vision goggles were exported.",
        {("At least 55 pairs", "QUANTITY")},
        {("3", "QUANTITY")},
    ),
    "capital_taken_for_a_person": (
        "The ceremony took place at the Police Headquarters, Abuja.",
        {("Abuja", "PLACE")},
        {("Abuja", "PERSON")},
    ),
    "countries_written_with_stops": (
        "Rifles bought in Ohio were found in the U.K. and in St. Kitts and Nevis.",
        {("U.K.", "COUNTRY"), ("St. Kitts and Nevis", "COUNTRY")},
        {("U.K.", "PLACE")},
    ),
    "name_before_a_capitalised_area_noun": (
        "The weapons were recovered in Aro State, Ilu State and Kessan State.",
        {("Ilu State", "PLACE"), ("Kessan State", "PLACE")},
        {("Ilu State", "PERSON"), ("Kessan State", "PERSON")},
    ),
    "two_names_before_the_plural": (
        "Police seized the rifles in Ostrik and Velmar States.",
        {("Ostrik", "PLACE"), ("Velmar", "PLACE")},
        {("Velmar States", "PLACE")},
    ),
    "an_office_is_no_area": (
        "Police in Tessar seized ten rifles from the Coast Guard District office.",
        set(),
        {("Coast Guard District", "PLACE")},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_entity_forms(parsed: Language, name: str) -> None:
    check_case(parsed, CASES[name])


#: the statistical model's dates and people, tags and the parse
NEEDS_MODEL = {
    "count_taken_for_a_year",
    "capital_taken_for_a_person",
    "name_before_a_capitalised_area_noun",
    "two_names_before_the_plural",
    "version_number_is_no_count",
    "an_office_is_no_area",
    "digit_one_alone",
    "countries_written_with_stops",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - NEEDS_MODEL))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    check_case(blank, CASES[name])


def test_capitals_stand_for_their_countries() -> None:
    """Every capital a report may use for its government names a country of the country list."""
    rules = yaml.safe_load((Path(__file__).parents[2] / "ingest" / "kind_rules.yaml").read_text(encoding="utf-8"))
    capitals, countries = rules["capitals"], set(rules["countries"])
    assert capitals["Abuja"] == "Nigeria" and capitals["Kinshasa"] == "Democratic Republic of the Congo"
    assert set(capitals.values()) <= countries
