"""Entity forms of real reporting the rules first missed (round 9): one fictional sentence each.

The two ends of a range of dates. Every name here is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

# (sentence, entities that must be found, entities that must not be)
Case = tuple[str, set[tuple[str, str]], set[tuple[str, str]]]

CASES: dict[str, Case] = {
    "range_of_dates": (
        "Records from September 2009 to December 2010 show the sales of rifles to Velmar.",
        {("September 2009", "DATE"), ("December 2010", "DATE")},
        {("September 2009 to December 2010", "DATE")},
    ),
    "range_of_dates_through": (
        "Rifles issued from June 2004 through December 2005 are missing.",
        {("June 2004", "DATE"), ("December 2005", "DATE")},
        set(),
    ),
}


def _check(nlp: Language, name: str) -> None:
    text, wanted, unwanted = CASES[name]
    found = {(e.text, e.label_) for e in nlp(text).ents}
    assert wanted <= found, (wanted - found, found)
    assert not unwanted & found, (unwanted & found, found)


@pytest.mark.parametrize("name", sorted(CASES))
def test_entity_forms(parsed: Language, name: str) -> None:
    _check(parsed, name)


#: dates come from the statistical model; compounds, adverbs and participles need the parse
NEEDS_MODEL = {
    "range_of_dates",
    "range_of_dates_through",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - NEEDS_MODEL))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    _check(blank, name)

