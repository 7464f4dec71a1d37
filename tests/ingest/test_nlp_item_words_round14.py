"""Words that make an item of a custody act (round 14), on fictional sentences.

Classes of materiel that arms-control, customs and police texts name and the patterns lacked:
less-lethal and prohibited weapons (tasers, extendable batons, flick knives, knuckle dusters),
explosives and initiators (dynamite, detonating cord, blasting caps), firearm parts (grips,
trigger mechanisms, solvent traps, scope mounts, sound suppressors), sights (thermal imagers,
laser sights), ammunition forms (shotgun shells, casings, a calibre's blanks), firearms by form
(machine pistols, SBBL guns), protective equipment (gas masks, ballistic helmets) and military
aircraft and vehicles. A bare word that is often no weapon ("baton", "laser", "helmet",
"springs") stays no category. Every person and place here is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.entity_cases import Case, check_case
from tests.ingest.scored import events, summary

CASES: dict[str, Case] = {
    "less_lethal_and_prohibited_weapons": (
        "Officers found a taser, two extendable batons, a flick knife and brass knuckles in the car.",
        {
            ("taser", "WEAPON_CATEGORY"),
            ("extendable batons", "WEAPON_CATEGORY"),
            ("flick knife", "WEAPON_CATEGORY"),
            ("brass knuckles", "WEAPON_CATEGORY"),
        },
        set(),
    ),
    "explosives_and_initiators": (
        "The cache held 30 sticks of dynamite, a roll of detonating cord and 12 blasting caps.",
        {("dynamite", "WEAPON_CATEGORY"), ("detonating cord", "WEAPON_CATEGORY"), ("blasting caps", "WEAPON_CATEGORY")},
        set(),
    ),
    "firearm_parts": (
        "Customs found a firearm grip, a solvent trap and three scope mounts in parcels from Velmaria.",
        {("firearm grip", "WEAPON_CATEGORY"), ("solvent trap", "WEAPON_CATEGORY"), ("scope mounts", "WEAPON_CATEGORY")},
        set(),
    ),
    "sights_and_optics": (
        "The shipment contained thermal imagers and laser sights.",
        {("thermal imagers", "WEAPON_CATEGORY"), ("laser sights", "WEAPON_CATEGORY")},
        set(),
    ),
    "firearms_by_form_and_ammunition_forms": (
        "Police seized a sound suppressor, nine 7.62mm blanks and 40 shotgun shells.",
        {
            ("sound suppressor", "WEAPON_CATEGORY"),
            ("7.62mm blanks", "WEAPON_CATEGORY"),
            ("shotgun shells", "WEAPON_CATEGORY"),
        },
        set(),
    ),
    "protective_equipment_and_aircraft": (
        "Velmaria delivered gas masks, ballistic helmets and four attack aircraft to Ostrik.",
        {
            ("gas masks", "WEAPON_CATEGORY"),
            ("ballistic helmets", "WEAPON_CATEGORY"),
            ("attack aircraft", "WEAPON_CATEGORY"),
        },
        set(),
    ),
    "bare_words_that_are_often_no_weapon": (
        "The coach handed the baton to Reyes, who wore a helmet and fixed the springs with a laser.",
        set(),
        {
            ("baton", "WEAPON_CATEGORY"),
            ("helmet", "WEAPON_CATEGORY"),
            ("springs", "WEAPON_CATEGORY"),
            ("laser", "WEAPON_CATEGORY"),
        },
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_item_words(both: Language, name: str) -> None:
    check_case(both, CASES[name])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police seized dynamite and a taser at a farm near Ostrik.", {("SEIZURE", "dynamite"), ("SEIZURE", "taser")}),
        ("Border officers seized two thermal imagers bound for Velmaria.", {("SEIZURE", "thermal imagers")}),
    ],
)
def test_new_item_words_are_items_of_acts(parsed: Language, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= summary(events(parsed, text))


@pytest.mark.parametrize(
    ("text", "wanted", "unwanted"),
    [
        # an adverb of degree goes with the category modifier it grades
        ("Agents seized 14 fully automatic rifles in Ostrik.", "fully automatic rifles", "automatic rifles"),
        (
            "The army received heavily armoured vehicles from Velmaria.",
            "heavily armoured vehicles",
            "armoured vehicles",
        ),
        # a suppressor named by the firearm it fits is a class of suppressor
        ("Customs found two firearm suppressors in a parcel.", "firearm suppressors", "suppressors"),
    ],
)
def test_graded_and_fitted_classes(both: Language, text: str, wanted: str, unwanted: str) -> None:
    check_case(both, (text, {(wanted, "WEAPON_CATEGORY")}, {(unwanted, "WEAPON_CATEGORY")}))


def test_an_adverb_before_no_category_modifier_stays_out(both: Language) -> None:
    text = "Police quickly seized rifles and recently imported pistols in Ostrik."
    found = {(e.text, e.label_) for e in both(text).ents}
    assert ("rifles", "WEAPON_CATEGORY") in found and ("pistols", "WEAPON_CATEGORY") in found, found
    assert not any("quickly" in t or "recently" in t for t, _ in found), found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # munitions of the UN Register and the munitions lists: bombs, naval mines, torpedoes
        (
            "Velmaria supplied guided bombs, naval mines and two torpedoes to Ostrik.",
            {"guided bombs", "naval mines", "torpedoes"},
        ),
        # armoured vehicles and protective equipment
        (
            "The army received 20 MRAPs, flak jackets and ballistic shields.",
            {"MRAPs", "flak jackets", "ballistic shields"},
        ),
        # a bullet's kind by its shape
        ("Officers found 300 hollow-point bullets in the boot.", {"hollow-point bullets"}),
    ],
)
def test_munitions_vehicles_and_protective_gear(both: Language, text: str, wanted: set[str]) -> None:
    check_case(both, (text, {(w, "WEAPON_CATEGORY") for w in wanted}, set()))
