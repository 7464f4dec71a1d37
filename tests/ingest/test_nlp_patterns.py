"""Entity patterns on a blank English pipeline (no statistical model): fast and exact.

All examples are fictional (made-up units, groups, depots and serials); weapon systems,
countries and border crossings are real names.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import canonical_system, weapon_system_catalogue
from ingest.nlp.catalogue import singular_alias
from ingest.nlp.extract import extract


def ents(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in extract(nlp, text).entities}


def test_blank_pipeline_has_the_custody_components(blank: Language) -> None:
    assert blank.pipe_names == [
        "custody_paragraphs",
        "sentencizer",
        "custody_entity_ruler",
        "custody_entity_resolver",
        "custody_events",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The FGM-148 Javelin and the Javelin are one system.",
            {("FGM-148 Javelin", "WEAPON_SYSTEM"), ("Javelin", "WEAPON_SYSTEM")},
        ),
        ("Over 5,000 AK-47s were counted.", {("AK-47", "WEAPON_SYSTEM"), ("Over 5,000", "QUANTITY")}),
        (
            "Two RPG-7 grenade launchers",
            {("RPG-7", "WEAPON_SYSTEM"), ("grenade launchers", "WEAPON_CATEGORY"), ("Two", "QUANTITY")},
        ),
        (
            "an M777 howitzer and a HIMARS launcher",
            {
                ("M777", "WEAPON_SYSTEM"),
                ("howitzer", "WEAPON_CATEGORY"),
                ("HIMARS", "WEAPON_SYSTEM"),
                ("launcher", "WEAPON_CATEGORY"),
            },
        ),
    ],
)
def test_weapon_systems_split_from_their_category(blank: Language, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= ents(blank, text)


def test_categories_longest_match_and_calibres(blank: Language) -> None:
    found = ents(
        blank, "They kept small arms ammunition, 155mm artillery ammunition and 7.62 mm rounds, optical scopes."
    )
    assert {
        ("small arms ammunition", "WEAPON_CATEGORY"),
        ("155mm artillery ammunition", "WEAPON_CATEGORY"),
        ("7.62 mm rounds", "WEAPON_CATEGORY"),
        ("optical scopes", "WEAPON_CATEGORY"),
    } <= found
    assert ("small arms", "WEAPON_CATEGORY") not in found


def test_generic_words_are_not_labelled(blank: Language) -> None:
    found = ents(blank, "The weapons, arms, equipment and other defense articles were listed as cargo.")
    assert not {label for _, label in found} & {"WEAPON_CATEGORY", "WEAPON_SYSTEM"}


def test_serials_lots_and_nsns(blank: Language) -> None:
    text = (
        "Launcher JAV-0077, lot LOT-762-2022-11 and serial numbers 4410923 and 4410924; "
        "NSN 1005-01-231-0973; dated 2023-04-20; shipment SHP-2001."
    )
    found = ents(blank, text)
    assert {
        ("JAV-0077", "SERIAL_NUMBER"),
        ("LOT-762-2022-11", "SERIAL_NUMBER"),
        ("4410923", "SERIAL_NUMBER"),
        ("4410924", "SERIAL_NUMBER"),
        ("1005-01-231-0973", "NSN"),
    } <= found
    serials = {t for t, label in found if label == "SERIAL_NUMBER"}
    assert "2023-04-20" not in serials and "SHP-2001" not in serials
    assert "FGM-148" not in {t for t, label in ents(blank, "an FGM-148 system") if label == "SERIAL_NUMBER"}


def test_military_units(blank: Language) -> None:
    found = ents(
        blank, "The 3rd Battalion, 77th Reserve Brigade and the 41st Separate Mechanized Brigade met the US Army."
    )
    assert ("3rd Battalion, 77th Reserve Brigade", "MILITARY_UNIT") in found
    assert ("41st Separate Mechanized Brigade", "MILITARY_UNIT") in found
    assert ("US Army", "MILITARY_UNIT") in found
    assert ("Armed Forces of Ukraine", "MILITARY_UNIT") in ents(blank, "It went to the Armed Forces of Ukraine.")


def test_armed_groups_named_not_generic(blank: Language) -> None:
    found = ents(blank, "The Black Heron group and Hezbollah met militant groups and the same group.")
    assert {("Black Heron group", "ARMED_GROUP"), ("Hezbollah", "ARMED_GROUP")} <= found
    assert not any(label == "ARMED_GROUP" and "militant" in text for text, label in found)
    assert ("Azov Regiment", "ARMED_GROUP") in ents(blank, "a unit of the Azov Regiment")


def test_depots_and_code_named_places(blank: Language) -> None:
    found = ents(blank, "From Depot D-9 to Forward Base Lima via Hub South, then to Town Q.")
    assert {
        ("Depot D-9", "DEPOT"),
        ("Forward Base Lima", "DEPOT"),
        ("Hub South", "DEPOT"),
        ("Town Q", "PLACE"),
    } <= found


@pytest.mark.parametrize(
    ("text", "crossing"),
    [
        ("at the Shehyni–Medyka crossing", "Shehyni–Medyka"),
        ("at the Krakovets-Korczowa border crossing", "Krakovets-Korczowa"),
        ("at the Porubne crossing point", "Porubne"),
        ("trucks queued at Záhony", "Záhony"),
        ("at the Otaci checkpoint", "Otaci"),
        ("the Uzhhorod crossing point", "Uzhhorod"),
    ],
)
def test_border_crossings(blank: Language, text: str, crossing: str) -> None:
    assert (crossing, "BORDER_CROSSING") in ents(blank, text)


def test_a_city_half_needs_a_crossing_cue(blank: Language) -> None:
    assert ("Uzhhorod", "BORDER_CROSSING") not in ents(blank, "a meeting in Uzhhorod")


def test_countries_and_places_from_gazetteers(blank: Language) -> None:
    found = ents(blank, "It was flown from Poland to Moldova and driven to Odesa.")
    assert {("Poland", "COUNTRY"), ("Moldova", "COUNTRY"), ("Odesa", "PLACE")} <= found


def test_quantities_are_materiel_only(blank: Language) -> None:
    found = ents(
        blank, "Two men carried 1,200 rounds and 40 tons of ammunition; 30 percent were lost; at least one rifle."
    )
    assert {("1,200 rounds", "QUANTITY"), ("40 tons", "QUANTITY")} <= found
    texts = {t for t, label in found if label == "QUANTITY"}
    assert not texts & {"Two", "30", "one", "at least one"}


def test_dates_absolute_only(blank: Language) -> None:
    found = ents(blank, "On 3 March 2024 and in May 2023, and on 2024-01-05.")
    assert {("3 March 2024", "DATE"), ("May 2023", "DATE"), ("2024-01-05", "DATE")} <= found


def test_catalogue_names_categories_and_monitoring() -> None:
    catalogue = {s["name"]: s for s in weapon_system_catalogue()}
    assert catalogue["FGM-148 Javelin"]["eeum"] is True
    assert catalogue["FIM-92 Stinger"]["eeum"] is True
    assert catalogue["AK-47"]["eeum"] is False
    assert "Javelin" in catalogue["FGM-148 Javelin"]["aliases"]
    javelin = canonical_system("Javelins")
    assert javelin is not None and javelin["name"] == "FGM-148 Javelin" and javelin["category"] == "ATGM"
    fim = canonical_system("fim 92")
    assert fim is not None and fim["name"] == "FIM-92 Stinger"
    assert canonical_system("garden hose") is None
    assert singular_alias("AK-47s") == "AK-47" and singular_alias("rifles") == "rifles"
