"""Entity forms of real English the rules first missed (round 8): one fictional sentence each.

Open compounds written with a hyphen ("machine-guns"). Every name here is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

# (sentence, entities that must be found, entities that must not be)
Case = tuple[str, set[tuple[str, str]], set[tuple[str, str]]]

CASES: dict[str, Case] = {
    "hyphened_open_compound": (
        "Trucks fitted with heavy machine-guns and a grenade-launcher were handed to the Velmar militia.",
        {("heavy machine-guns", "WEAPON_CATEGORY"), ("grenade-launcher", "WEAPON_CATEGORY")},
        {("guns", "WEAPON_CATEGORY"), ("launcher", "WEAPON_CATEGORY")},
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


@pytest.mark.parametrize("name", sorted(CASES))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    _check(blank, name)
