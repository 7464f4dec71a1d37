"""Entity patterns of real reporting the rules first missed: one fictional sentence per pattern.

Units written "3rd Battalion, 9th Marines"; commands by their short names ("CENTCOM"); a
service's own force ("Navy SEALs"); armed groups named for what they fight for ("Movement for
the Liberation of X") and known ones written without their hyphen ("al Shabaab"); an acronym of a
group's name in its own language; an acronym used without a definition; models written with a
space ("BTR 80") and in lists; a make with its model ("Beretta M9"); calibres before a make or
another calibre; a make and model with its calibre ("a Drennick 380 ACP"); category terms
written without their hyphen; guns named by bore, gauge or barrels ("12 bore single barrel
rifle"), counted bullets, counts in stores lists ("04 x .22 Rifles"); joint bases with hyphenated
names; lists of ports. Each runs on the parsed pipeline and, where the rule needs no parse, on
the blank one too. Every unit, group, person, place and model name here is made up.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from spacy.language import Language
from spacy.tokens import Span

from ingest.nlp import extract
from ingest.nlp.entity_coref import canonical_mentions
from ingest.nlp.entity_quantities import count_value


def ents(nlp: Language, text: str) -> set[tuple[str, str]]:
    return {(m.text, m.label) for m in extract(nlp, text).entities}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rifles of the 3rd Battalion, 9th Marines went missing during an exercise.",
            {("3rd Battalion, 9th Marines", "MILITARY_UNIT")},
        ),
        (
            "A spokesman for NAVCENT said the seizure was reported to USKORCOM the next day.",
            {("NAVCENT", "MILITARY_UNIT"), ("USKORCOM", "MILITARY_UNIT")},
        ),
        (
            "Navy SEALs boarded the dhow before dawn.",
            {("Navy SEALs", "MILITARY_UNIT")},
        ),
    ],
    ids=["ordinal-marines", "command-codes", "service-members"],
)
def test_units_written_the_ways_reports_write_them(
    both: Language, text: str, expected: set[tuple[str, str]]
) -> None:
    assert expected <= ents(both, text)


def test_a_percent_is_no_command(both: Language) -> None:
    assert not {label for _, label in ents(both, "Sales grew by a PERCENT of TELECOM revenue.")} & {"MILITARY_UNIT"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Movement for the Liberation of Dorvania claimed the raid on the convoy.",
            {("Movement for the Liberation of Dorvania", "ARMED_GROUP")},
        ),
        (
            "Fighters of the Kessa and Allies Self-Defence Movement held the ford.",
            {("Kessa and Allies Self-Defence Movement", "ARMED_GROUP")},
        ),
    ],
    ids=["movement-for", "self-defence-movement"],
)
def test_groups_named_for_what_they_fight_for(parsed: Language, text: str, expected: set[tuple[str, str]]) -> None:
    assert expected <= ents(parsed, text)


def test_a_movement_without_a_fighting_word_is_no_armed_group(both: Language) -> None:
    found = ents(both, "The Movement for Better Roads met the mayor of Tessar.")
    assert not any(label == "ARMED_GROUP" for _, label in found)


def test_a_known_group_written_without_its_hyphen(both: Language) -> None:
    found = ents(both, "Rifles were later sold to al Shabaab and Al Qaeda in the port town.")
    assert {("al Shabaab", "ARMED_GROUP"), ("Al Qaeda", "ARMED_GROUP")} <= found


def test_an_acronym_in_the_groups_own_language_takes_its_label(parsed: Language) -> None:
    text = (
        "The Liberation Front of the Vesna Hills (JTHV) seized a truck. Later JTHV sold the rifles "
        "from the truck."
    )
    found = ents(parsed, text)
    assert ("JTHV", "ARMED_GROUP") in found
    assert ("JTHV", "ORGANIZATION") not in found


def test_an_undefined_acronym_takes_the_label_of_the_name_it_abbreviates(parsed: Language) -> None:
    text = "The Dorvanian Armed Forces fought in Tessar. Officials said DAF lost two depots there."
    found = ents(parsed, text)
    assert ("Dorvanian Armed Forces", "MILITARY_UNIT") in found
    assert ("DAF", "MILITARY_UNIT") in found


@dataclass
class _M:
    text: str
    label: str
    start: int
    end: int


def test_an_undefined_acronym_resolves_to_the_full_name() -> None:
    text = "The Dorvanian Armed Forces fought. DAF lost depots."
    mentions = [
        _M("Dorvanian Armed Forces", "MILITARY_UNIT", 4, 26),
        _M("DAF", "MILITARY_UNIT", 35, 38),
    ]
    assert canonical_mentions(mentions, text, {}.get) == [
        ("Dorvanian Armed Forces", "MILITARY_UNIT"),
        ("Dorvanian Armed Forces", "MILITARY_UNIT"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The brigade fielded old ZRK 80 armoured personnel carriers.",
            {("ZRK 80", "WEAPON_SYSTEM"), ("armoured personnel carriers", "WEAPON_CATEGORY")},
        ),
        (
            "Pilots flew Valko 25, Strel 29 and Strel 24 aircraft over the hills.",
            {("Valko 25", "WEAPON_SYSTEM"), ("Strel 29", "WEAPON_SYSTEM"), ("Strel 24", "WEAPON_SYSTEM")},
        ),
    ],
    ids=["word-and-number", "coordinated-models"],
)
def test_models_written_with_a_space(parsed: Language, text: str, expected: set[tuple[str, str]]) -> None:
    found = ents(parsed, text)
    assert expected <= found
    assert not any(label == "QUANTITY" and text in ("80", "25", "29", "24") for text, label in found)


def test_a_make_and_its_model_and_a_calibre_before_a_make(parsed: Language) -> None:
    found = ents(parsed, "Police took a 9mm Corvallo pistol. Records listed the Beretta M9 as lost.")
    assert {("9mm", "WEAPON_CATEGORY"), ("Corvallo", "WEAPON_SYSTEM"), ("Beretta M9", "WEAPON_SYSTEM")} <= found


def test_a_calibre_coordinated_with_the_next(both: Language) -> None:
    found = ents(both, "They mounted 12.7mm and 14.5mm heavy machine guns on trucks.")
    assert ("12.7mm", "WEAPON_CATEGORY") in found


def test_category_terms_without_their_hyphen_and_sights_of_guns(both: Language) -> None:
    found = ents(both, "Soldiers stole rocket propelled grenades and gun sights from the store.")
    assert {("rocket propelled grenades", "WEAPON_CATEGORY"), ("gun sights", "WEAPON_CATEGORY")} <= found


def test_an_era_or_a_ship_class_is_no_person(parsed: Language) -> None:
    found = ents(parsed, "Soviet-era trucks were loaded onto a Heron-class landing ship.")
    assert not any(label == "PERSON" for _, label in found)


def test_a_joint_base_with_a_hyphenated_name_is_a_military_post(both: Language) -> None:
    found = ents(both, "Optics went missing at Joint Base Kessel-McArdle last winter.")
    assert ("Joint Base Kessel-McArdle", "PLACE") in found


def test_each_of_a_list_of_ports(both: Language) -> None:
    found = ents(both, "The militia still holds the ports of Varna Sul and Oskel.")
    assert {("Varna Sul", "BORDER_CROSSING"), ("Oskel", "BORDER_CROSSING")} <= found


def test_a_military_adjective_names_no_force(parsed: Language) -> None:
    found = ents(parsed, "Gunmen overran a Dorvanian military base near Tessar.")
    assert ("Dorvanian military", "MILITARY_UNIT") not in found


def test_a_unit_of_its_parent_formation(both: Language) -> None:
    found = ents(both, "Rifles of the 2nd Company of the 41st Mountain Brigade were found.")
    assert ("2nd Company of the 41st Mountain Brigade", "MILITARY_UNIT") in found


def test_the_town_of_a_depot_is_a_place(parsed: Language) -> None:
    found = ents(parsed, "The rifles were later found at the depot at Kostrel.")
    assert ("Kostrel", "PLACE") in found
    assert ("Kostrel", "PERSON") not in found


def test_names_listed_after_armed_groups_are_armed_groups(parsed: Language) -> None:
    text = (
        "Several armed groups, including the Red Wolves, Kessa Hand and the Amber Legion (AL), "
        "attacked the convoys."
    )
    found = ents(parsed, text)
    assert {("Red Wolves", "ARMED_GROUP"), ("Kessa Hand", "ARMED_GROUP"), ("Amber Legion", "ARMED_GROUP")} <= found
    assert ("AL", "ARMED_GROUP") in found


def test_names_listed_after_agencies_stay_what_they_are(parsed: Language) -> None:
    found = ents(parsed, "Agencies such as Europol met the mayor in Tessar.")
    assert not any(label == "ARMED_GROUP" for _, label in found)


def test_one_name_keeps_one_kind_in_a_document(parsed: Language) -> None:
    text = (
        "The Allied Patriotic Forces attacked Tessar in May. Later the sanctioned armed group Allied "
        "Patriotic Forces sold rifles."
    )
    labels = {label for name, label in ents(parsed, text) if name == "Allied Patriotic Forces"}
    assert labels == {"ARMED_GROUP"}


# ---------------------------------------------------------------- page layout (entity_layout)
@pytest.mark.parametrize(
    "heading",
    ["KEY FINDINGS", "SECURITY", "I. Introduction", "2.3 Background", "Home News Archive Contact"],
)
def test_a_heading_line_of_common_words_is_no_entity(parsed: Language, heading: str) -> None:
    text = f"{heading}\nCustoms officers in Port Tessar seized 40 rifles from the dhow Sea Lark in May 2021."
    found = ents(parsed, text)
    assert not [name for name, _ in found if set(name.split()) & set(heading.replace(".", " ").split())]
    assert ("Port Tessar", "PLACE") in found


def test_a_title_line_of_common_words_is_no_person(parsed: Language) -> None:
    found = ents(parsed, "Forfeiture Complaint\nThe complaint names 40 rifles.")
    assert not [name for name, label in found if label == "PERSON"]


def test_a_heading_that_is_a_name_stays_a_name(parsed: Language) -> None:
    found = ents(parsed, "KESSAR DEFENCE MINISTRY\nThe ministry sold 12 pistols to a broker.")
    assert ("KESSAR DEFENCE MINISTRY", "ORGANIZATION") in found


def test_a_common_word_at_a_sentence_start_is_no_person(parsed: Language) -> None:
    found = ents(parsed, "Jump was the code name of the shipment. Later Mira Kessel sold the rifles.")
    assert ("Jump", "PERSON") not in found
    assert ("Mira Kessel", "PERSON") in found


def test_a_surname_used_alone_after_the_full_name_stays_a_person(parsed: Language) -> None:
    found = ents(parsed, "Colonel Arno Smith sold the rifles in Tessar. Smith was arrested in June 2020.")
    assert ("Smith", "PERSON") in found


def test_a_street_name_is_no_person(parsed: Language) -> None:
    nlp = parsed
    doc = nlp.make_doc("The broker kept an office at 12 Madison Avenue, Suite 400, in Northport.")
    for name in nlp.pipe_names:
        if name != "custody_entity_resolver":
            doc = nlp.get_pipe(name)(doc)
    madison = next(t for t in doc if t.text == "Madison")
    suite = next(t for t in doc if t.text == "Suite")
    doc.ents = [  # as the model once tagged them
        Span(doc, madison.i, madison.i + 1, label="PERSON"),
        Span(doc, suite.i, suite.i + 1, label="PERSON"),
    ]
    doc = nlp.get_pipe("custody_entity_resolver")(doc)
    assert [e.text for e in doc.ents if e.label_ == "PERSON"] == []


@pytest.mark.parametrize("gap", ["     ", "\n\n", "\t"])
def test_an_entity_never_crosses_a_column_gap_or_blank_line(both: Language, gap: str) -> None:
    text = f"NHPA{gap}Northport Harbour Police Authority reported the seizure of rifles."
    doc = both.make_doc(text)
    for name in both.pipe_names:
        if name != "custody_entity_resolver":
            doc = both.get_pipe(name)(doc)
    end = next(t.i for t in doc if t.text == "reported")
    doc.ents = [Span(doc, 0, end, label="ORG")]  # a model span run across the layout gap
    doc = both.get_pipe("custody_entity_resolver")(doc)
    names = [e.text for e in doc.ents if e.label_ == "ORGANIZATION"]
    assert names == ["Northport Harbour Police Authority"]


def test_a_naval_operation_is_a_force_and_its_name_alone_too(both: Language) -> None:
    found = ents(
        both,
        "The frigate Ardent sails for Operation VESTA. Operation VESTA seized 40 rifles, and VESTA "
        "diverted the ship. The Op Vesta flagship escorted it.",
    )
    assert {("Operation VESTA", "MILITARY_UNIT"), ("VESTA", "MILITARY_UNIT"), ("Op Vesta", "MILITARY_UNIT")} <= found


def test_a_police_operation_is_no_force(both: Language) -> None:
    found = ents(both, "Operation HARBOR involved hundreds of police officers in five countries.")
    assert not any(label == "MILITARY_UNIT" for _, label in found)


def test_docks_and_international_bridges_are_ports_of_entry(both: Language) -> None:
    found = ents(both, "The lorry was stopped at Tessel's Western Docks; the van at the Orvin International Bridge.")
    assert {("Western Docks", "BORDER_CROSSING"), ("Orvin International Bridge", "BORDER_CROSSING")} <= found


def test_a_county_police_force_and_a_military_police(both: Language) -> None:
    found = ents(both, "Officers of Harrowshire Police and the Royal Military Police searched the van.")
    assert {("Harrowshire Police", "ORGANIZATION"), ("Royal Military Police", "MILITARY_UNIT")} <= found


def test_parts_accessories_and_sights_as_categories(both: Language) -> None:
    found = ents(
        both,
        "The haul held barrels, weapons components, sound moderators, laser range finders, night vision "
        "equipment, crew-served weapons and live ammunition.",
    )
    assert {
        ("barrels", "WEAPON_CATEGORY"),
        ("weapons components", "WEAPON_CATEGORY"),
        ("sound moderators", "WEAPON_CATEGORY"),
        ("laser range finders", "WEAPON_CATEGORY"),
        ("night vision equipment", "WEAPON_CATEGORY"),
        ("crew-served weapons", "WEAPON_CATEGORY"),
        ("live ammunition", "WEAPON_CATEGORY"),
    } <= found


def test_a_reserve_center_is_a_depot(both: Language) -> None:
    found = ents(both, "Rifles were taken from the Harlan Pike Army Reserve Center overnight.")
    assert ("Harlan Pike Army Reserve Center", "DEPOT") in found


def test_an_acronym_that_begins_a_word_of_a_name_does_not_abbreviate_it(parsed: Language) -> None:
    found = ents(parsed, "The EU said EUNAVFOR MED frigates inspected the ship.")
    assert ("EU", "ORGANIZATION") in found


def test_a_warships_team_is_a_unit(parsed: Language) -> None:
    found = ents(parsed, "The destroyer's Coastal Boarding Team (CBT) boarded the dhow. The CBT found rifles.")
    assert {("Coastal Boarding Team", "MILITARY_UNIT"), ("CBT", "MILITARY_UNIT")} <= found


def test_a_named_port_of_entry(both: Language) -> None:
    found = ents(both, "A pickup was flagged at the Tessel port of entry last week.")
    assert ("Tessel port of entry", "BORDER_CROSSING") in found


def test_coordinated_cartels(both: Language) -> None:
    found = ents(both, "Gunfights broke out between the Norvale and Castaro Cartels last year.")
    assert ("Castaro Cartels", "ARMED_GROUP") in found


@pytest.mark.parametrize("model_label", ["PERSON", "ORG"])
@pytest.mark.parametrize("area", ["region", "mountain range", "valley"])
def test_a_name_before_region_is_a_place_whatever_the_model_said(both: Language, model_label: str, area: str) -> None:
    doc = both.make_doc(f"Fighters moved arms to the northern Brenno {area} on Tuesday.")
    for name in both.pipe_names:
        if name not in ("custody_entity_resolver", "custody_events"):
            doc = both.get_pipe(name)(doc)
    at = next(t.i for t in doc if t.text == "Brenno")
    doc.ents = [Span(doc, at, at + 1, label=model_label)]
    doc = both.get_pipe("custody_entity_resolver")(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Brenno", "PLACE")]


def test_a_weekday_before_a_date_and_a_title_after_a_name(parsed: Language) -> None:
    found = ents(
        parsed,
        "Officers stopped the van on Monday 23 June. Sgt. Tomas Velde and Staff Sgt. Ivo Prant were charged.",
    )
    assert {("23 June", "DATE"), ("Tomas Velde", "PERSON")} <= found
    assert not any(label == "PERSON" and " and " in text for text, label in found)


def test_a_nationality_before_a_common_word_is_no_person(parsed: Language) -> None:
    found = ents(parsed, "Officers found the rifles in the Ruritanian registered lorry.")
    assert not any(label == "PERSON" for _, label in found)


def test_an_amount_of_drugs_beside_the_rifles_is_no_quantity(both: Language) -> None:
    found = ents(both, "Officers found 12 rifles, 300 rounds of ammunition and 90kg of cocaine in the lorry.")
    assert {("12", "QUANTITY"), ("300 rounds", "QUANTITY")} <= found
    assert not any(label == "QUANTITY" and "90" in text for text, label in found)


def test_a_known_hyphenated_group_in_other_capitals(both: Language) -> None:
    found = ents(both, "Al-shabaab fighters unloaded the boat; AL-QAEDA claimed the attack.")
    assert {("Al-shabaab", "ARMED_GROUP"), ("AL-QAEDA", "ARMED_GROUP")} <= found


def test_a_naval_force_in_the_singular_is_a_force(both: Language) -> None:
    found = ents(both, "The patrol ship was handed to the Royal Ostvanian Naval Force at the ceremony.")
    assert ("Royal Ostvanian Naval Force", "MILITARY_UNIT") in found


def test_a_maker_ending_in_i_before_a_class_is_a_system(parsed: Language) -> None:
    found = ents(parsed, "Officers at the port found 30 Vardaki pistols hidden in a lorry.")
    assert {("Vardaki", "WEAPON_SYSTEM"), ("30", "QUANTITY"), ("pistols", "WEAPON_CATEGORY")} <= found


def test_a_services_criminal_investigators_are_an_agency(both: Language) -> None:
    found = ents(both, "Carbines went missing, the Army Criminal Investigation Division said.")
    assert ("Army Criminal Investigation Division", "ORGANIZATION") in found


def test_an_office_the_model_took_for_a_person_is_none(both: Language) -> None:
    doc = both.make_doc("The Fleet Headquarters reported the cargo to the panel.")
    for name in both.pipe_names:
        if name not in ("custody_entity_resolver", "custody_events"):
            doc = both.get_pipe(name)(doc)
    doc.ents = [Span(doc, 1, 3, label="PERSON")]
    doc = both.get_pipe("custody_entity_resolver")(doc)
    assert not any(e.label_ == "PERSON" for e in doc.ents)


def test_a_warship_named_in_capitals(both: Language) -> None:
    found = ents(both, "The frigate HS ARTEMIS monitored the ship before ITS VESTRALE took over the inspection.")
    assert {("HS ARTEMIS", "MILITARY_UNIT"), ("ITS VESTRALE", "MILITARY_UNIT")} <= found


def test_a_headline_in_capitals_names_no_warship(both: Language) -> None:
    found = ents(both, "COAST GUARD SAYS ITS LARGEST HAUL CAME IN MAY")
    assert not any(text.startswith("ITS") for text, _ in found)


def test_bored_gauged_and_barrelled_guns_and_counted_bullets_are_classes(both: Language) -> None:
    text = (
        "Police in Velmora seized a 12 bore Single Barrel Rifle, two 12-gauge shotguns, "
        "4 x Double Barrel Guns, two air rifles and seven bullets."
    )
    found = ents(both, text)
    assert {
        ("12 bore Single Barrel Rifle", "WEAPON_CATEGORY"),
        ("12-gauge shotguns", "WEAPON_CATEGORY"),
        ("Double Barrel Guns", "WEAPON_CATEGORY"),
        ("air rifles", "WEAPON_CATEGORY"),
        ("seven", "QUANTITY"),
        ("bullets", "WEAPON_CATEGORY"),
    } <= found
    assert ("seven bullets", "QUANTITY") not in found
    items = {e.item for e in extract(both, text).events}
    assert {"12 bore Single Barrel Rifle", "12-gauge shotguns", "Double Barrel Guns", "bullets"} <= items


def test_a_count_before_x_in_a_stores_list_and_a_calibre_in_inches(both: Language) -> None:
    text = "Troops in Velmora recovered 09 x .22 Rifles and 04 x 9mm Pistols from the hideout."
    found = ents(both, text)
    assert {
        ("09", "QUANTITY"),
        (".22 Rifles", "WEAPON_CATEGORY"),
        ("04", "QUANTITY"),
        ("9mm Pistols", "WEAPON_CATEGORY"),
    } <= found
    quantities = {(e.item, e.quantity) for e in extract(both, text).events}
    assert {(".22 Rifles", "09"), ("9mm Pistols", "04")} <= quantities


def test_a_make_and_model_with_its_calibre_names_a_firearm(both: Language) -> None:
    text = "Police in Velmora seized a Corvallo KX4 9mm, a Drennick 380 ACP and a Corvallo 9mm pistol."
    found = ents(both, text)
    assert {("Corvallo KX4 9mm", "WEAPON_SYSTEM"), ("Drennick 380 ACP", "WEAPON_SYSTEM")} <= found
    assert ("Corvallo 9mm", "WEAPON_SYSTEM") not in found  # the calibre of the pistol, a class
    items = {e.item for e in extract(both, text).events}
    assert {"Corvallo KX4 9mm", "Drennick 380 ACP"} <= items


@pytest.mark.parametrize(
    ("written", "value"),
    [("1,200 rounds", 1200.0), ("64 million rounds", 64e6), ("Thirty-seven", 37.0), ("two hundred", 200.0),
     ("a dozen", 12.0), ("one hundred and twenty", 120.0), ("several", None), ("hundreds", None), ("a few", None)],
)
def test_a_quantity_as_written_counts_its_number(written: str, value: float | None) -> None:
    assert count_value(written) == value
