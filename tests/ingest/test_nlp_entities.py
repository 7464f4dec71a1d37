"""Entities by shape and by reference, one fictional sentence per failure class seen on real reports.

Each class runs on the parsed pipeline (the installed English model) and, where the rule needs
no parse or statistical entities, also on the blank one. Every name here is made up.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.entity_coref import canonical_mentions, government_capital
from ingest.nlp.entity_words import acronym_matches


def ents(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in extract(nlp, text).entities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The destroyer USS Halvard (DDG 131) and the frigate ITS Orsetto stopped the boat.",
            {("USS Halvard", "MILITARY_UNIT"), ("ITS Orsetto", "MILITARY_UNIT")},
        ),
        (
            "Joint Task Force Meridian and Combined Task Force 157 sailed with the 4th Marine Expeditionary Brigade.",
            {
                ("Joint Task Force Meridian", "MILITARY_UNIT"),
                ("Combined Task Force 157", "MILITARY_UNIT"),
                ("4th Marine Expeditionary Brigade", "MILITARY_UNIT"),
            },
        ),
        (
            "Crews of the Coast Guard Cutter Alder and Coast Guard Sector Lake Vesna boarded it.",
            {("Coast Guard Cutter Alder", "MILITARY_UNIT"), ("Coast Guard Sector Lake Vesna", "MILITARY_UNIT")},
        ),
        (
            "Rifles went from the Ruritanian army to Ruritanian Naval Forces Southern Command.",
            {("Ruritanian army", "MILITARY_UNIT"), ("Ruritanian Naval Forces Southern Command", "MILITARY_UNIT")},
        ),
    ],
)
def test_units_ships_and_commands(both: Language, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= ents(both, text)


def test_a_hull_number_is_no_entity(parsed: Language) -> None:
    found = ents(parsed, "The destroyer USS Halvard (DDG 131) stopped the boat.")
    assert not any("DDG" in text for text, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Houthi forces received them.", {("Houthi forces", "ARMED_GROUP")}),
        ("The Houthi-Vantor alliance moved the launchers.", {("Houthi-Vantor alliance", "ARMED_GROUP")}),
        ("Jaysh al-Sarab claimed the raid.", {("Jaysh al-Sarab", "ARMED_GROUP")}),
        (
            "The Red Lantern Brigades and the Karvan Liberation Front met.",
            {("Red Lantern Brigades", "ARMED_GROUP"), ("Karvan Liberation Front", "ARMED_GROUP")},
        ),
    ],
)
def test_armed_groups_by_shape(both: Language, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= ents(both, text)


def test_an_office_called_group_is_an_organisation_not_an_armed_group(both: Language) -> None:
    found = ents(both, "Officers of the Northern Border Interdiction Group seized the rifles.")
    assert ("Northern Border Interdiction Group", "ORGANIZATION") in found
    assert not any(label == "ARMED_GROUP" for _, label in found)


def test_a_name_called_an_armed_group_is_one(parsed: Language) -> None:
    found = ents(parsed, "The sanctioned armed group Allied Valley Forces received 30 rifles.")
    assert ("Allied Valley Forces", "ARMED_GROUP") in found


def test_a_family_name_is_not_the_armed_group(parsed: Language) -> None:
    found = ents(parsed, "The order came from Yahya Nasser al-Houthi in person.")
    assert ("Houthi", "ARMED_GROUP") not in found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Thieves took a semi-automatic weapon and 50 armored vehicles.",
            {("semi-automatic weapon", "WEAPON_CATEGORY"), ("armored vehicles", "WEAPON_CATEGORY")},
        ),
        (
            "The crates held combat parachutes and body armor.",
            {("combat parachutes", "WEAPON_CATEGORY"), ("body armor", "WEAPON_CATEGORY")},
        ),
        (
            "They sold 40 Zastova M71 rifles.",
            {("40", "QUANTITY"), ("Zastova M71", "WEAPON_SYSTEM"), ("rifles", "WEAPON_CATEGORY")},
        ),
        (
            "The boxes held 248 rounds of .22 caliber and 100 rounds of 9 MM.",
            {(".22 caliber", "WEAPON_CATEGORY"), ("9 MM", "WEAPON_CATEGORY")},
        ),
    ],
)
def test_categories_with_their_modifiers_and_models_before_them(
    both: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert expected <= ents(both, text)


def test_the_parse_ties_nouns_between_modifier_and_head(parsed: Language) -> None:
    found = ents(parsed, "The package holds 50 armored medical treatment vehicles.")
    assert {("50", "QUANTITY"), ("armored medical treatment vehicles", "WEAPON_CATEGORY")} <= found


def test_a_guided_missile_destroyer_is_no_missile(both: Language) -> None:
    found = ents(both, "The guided-missile destroyer USS Halvard left port.")
    assert ("missile", "WEAPON_CATEGORY") not in found


def test_an_acronym_takes_the_label_of_its_definition(both: Language) -> None:
    text = "It carried Long-Range Ridge Interceptor Missiles, or LRRIMs. Later 12 LRRIMs arrived."
    assert ("LRRIMs", "WEAPON_CATEGORY") not in ents(both, text)  # nothing labels the long form
    text = "Crews of the Ruritanian Coast Guard (RCG) boarded the dhow. RCG officers seized it."
    assert {("Ruritanian Coast Guard", "MILITARY_UNIT"), ("RCG", "MILITARY_UNIT")} <= ents(both, text)
    text = "They sold surface-to-air missile systems (SAMs). Bout had 100 SAMs."
    assert {("SAMs", "WEAPON_CATEGORY"), ("100", "QUANTITY")} <= ents(both, text)


def test_acronym_letters_may_come_from_the_start_of_a_word() -> None:
    assert acronym_matches("HIMARS", ["High-Mobility", "Artillery", "Rocket", "Systems"])
    assert acronym_matches("DCIS", ["Defense", "Criminal", "Investigative", "Service"])
    assert not acronym_matches("ONS", ["Ministry", "of", "Defence"])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Agents searched the Vostrov ammunition depot and the Halene armoury.",
            {("Vostrov ammunition depot", "DEPOT"), ("Halene armoury", "DEPOT")},
        ),
        ("It was stolen at Fort Calloway.", {("Fort Calloway", "PLACE")}),
    ],
)
def test_depots_and_military_posts(both: Language, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= ents(both, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officers at the Port of Felmouth found the pistols.", {("Port of Felmouth", "BORDER_CROSSING")}),
        ("The lorry passed the Dravik border crossing.", {("Dravik", "BORDER_CROSSING")}),
        ("The dhows unloaded at Qardho port.", {("Qardho port", "BORDER_CROSSING")}),
    ],
)
def test_crossings_and_ports_of_entry(both: Language, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= ents(both, text)


@pytest.mark.parametrize(
    ("text", "serials"),
    [
        ("They seized a launcher, serial no. KV 4471, from a dealer.", {"KV 4471"}),
        ("The plate on the grip is legible and reads TR30517.", {"TR30517"}),
        ("Items s/n 12-3456 and lot number 4-88 were logged.", {"12-3456", "4-88"}),
        ("The Panel cited letter S/2019/456 of the Council.", set()),
    ],
)
def test_serials_in_their_written_forms(both: Language, text: str, serials: set[str]) -> None:
    assert {t for t, label in ents(both, text) if label == "SERIAL_NUMBER"} == serials


def test_model_noise_is_cut(parsed: Language) -> None:
    found = ents(parsed, "House searches were carried out by the Gendarmerie in Lyon.")
    assert ("House", "ORGANIZATION") not in found
    found = ents(parsed, "He spoke for the agency's Field Operations Director in Baltimore.")
    assert not any(label == "ORGANIZATION" and "Field" in text for text, label in found)
    found = ents(parsed, "Sgt. Dana Kwan of the 5th Special Forces Group sold them.")
    assert ("Dana Kwan", "PERSON") in found and not any(text.startswith("Sgt") for text, _ in found)


def test_a_short_form_is_labelled_as_its_full_name(both: Language) -> None:
    text = "The 41st Separate Rifle Brigade received the launchers. The Brigade stored them at a depot."
    assert ("Brigade", "MILITARY_UNIT") in ents(both, text)


def test_a_family_name_is_the_person_given_before(parsed: Language) -> None:
    text = "Marta Oyelaran of the Orchid Institute disagreed. Oyelaran said the risk came later."
    assert {("Marta Oyelaran", "PERSON"), ("Oyelaran", "PERSON")} <= ents(parsed, text)


@dataclass(frozen=True)
class _M:
    text: str
    label: str
    start: int
    end: int


def _mentions(text: str, *pairs: tuple[str, str]) -> list[_M]:
    out, at = [], 0
    for name, label in pairs:
        start = text.index(name, at)
        out.append(_M(name, label, start, start + len(name)))
        at = start + len(name)
    return out


def test_canonical_names_for_short_forms_acronyms_and_capitals() -> None:
    text = (
        "Marta Oyelaran praised the plan. Oyelaran warned that Valmora has sent rifles to Tessa, and "
        "talks in Valmora went on. The Ruritanian Coast Guard (RCG) said so."
    )
    capitals = {"Valmora": "Ruritania", "Tessa": "Osterland"}
    mentions = _mentions(
        text,
        ("Marta Oyelaran", "PERSON"),
        ("Oyelaran", "PERSON"),
        ("Valmora", "PLACE"),
        ("Tessa", "PLACE"),
        ("Valmora", "PLACE"),
        ("Ruritanian Coast Guard", "MILITARY_UNIT"),
        ("RCG", "MILITARY_UNIT"),
    )
    assert canonical_mentions(mentions, text, capitals.get) == [
        ("Marta Oyelaran", "PERSON"),
        ("Marta Oyelaran", "PERSON"),
        ("Ruritania", "COUNTRY"),
        ("Osterland", "COUNTRY"),
        ("Valmora", "PLACE"),
        ("Ruritanian Coast Guard", "MILITARY_UNIT"),
        ("Ruritanian Coast Guard", "MILITARY_UNIT"),
    ]


def test_a_capital_is_a_place_where_it_is_one() -> None:
    country_of = {"Valmora": "Ruritania"}.get
    text = "Valmora said no. Aid reached Valmora, the capital, in May. Talks in Valmora failed."
    starts = [i for i in range(len(text)) if text.startswith("Valmora", i)]
    assert [government_capital(text, s, s + 7, country_of) for s in starts] == ["Ruritania", None, None]


def test_owners_and_defined_acronyms_are_not_models(both: Language) -> None:
    found = ents(both, "The Army rifles were stolen. The Valley Guard (VG) lost rifles; VG rifles were sold.")
    assert not any(label == "WEAPON_SYSTEM" for _, label in found)


def test_an_acronym_modifying_a_thing_is_no_mention_but_its_officers_are(parsed: Language) -> None:
    found = ents(parsed, "The shipment breached the UN arms embargo, and CBP officers seized it.")
    assert ("UN", "ORGANIZATION") not in found and ("CBP", "ORGANIZATION") in found


def test_services_groups_and_posts_in_lowercase_forms(both: Language) -> None:
    found = ents(both, "Ruritanian security forces fought al-Shabaab militants near Wellesley Barracks.")
    assert {
        ("Ruritanian security forces", "MILITARY_UNIT"),
        ("al-Shabaab militants", "ARMED_GROUP"),
        ("Wellesley Barracks", "PLACE"),
    } <= found


def test_a_name_described_as_a_person_is_one(parsed: Language) -> None:
    text = "Investigators recovered a launcher, serial no. JV 7733, from Petro Lazarenko, a Ruritanian arms dealer."
    found = ents(parsed, text)
    assert ("Petro Lazarenko", "PERSON") in found and ("JV 7733", "SERIAL_NUMBER") in found
    assert ("Puerto Rico", "PLACE") in ents(parsed, "The rifles went to Puerto Rico, a U.S. territory.")
