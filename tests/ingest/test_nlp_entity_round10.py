"""Entity forms of real reporting the rules first missed (round 10): one fictional sentence each.

Counts: a vague count before the goods ("several rifles", "multiple grenades", "thousands of the
missiles"); goods counted in pairs, sets or batches ("12 pairs of", "a pair of", "a batch of");
"1" beside other counts as "one" is; a count the model took for a year ("2088 rounds"), but not a
year after "in"; no count in a version's number ("Generation 3 goggles").
"""

from __future__ import annotations

import pytest
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
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_entity_forms(parsed: Language, name: str) -> None:
    check_case(parsed, CASES[name])


#: the statistical model's dates, tags and the parse
NEEDS_MODEL = {
    "count_taken_for_a_year",
    "version_number_is_no_count",
    "digit_one_alone",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - NEEDS_MODEL))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    check_case(blank, CASES[name])
