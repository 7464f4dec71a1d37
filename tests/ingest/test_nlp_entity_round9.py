"""Entity forms of real reporting the rules first missed (round 9): one fictional sentence each.

The two ends of a range of dates; a count of one in a sentence that counts other goods (not
alone, nor "at least one"); counts before an adverb and a participle ("19 fully manufactured"),
and in lakhs; no count in a number joined to a noun ("a 36-grenade ring"); a class of munition
with the words that name its kind: a word in hyphens ("single-barrel"), a noun compounded with it
("rubber bullets", "ammunition rounds"), the adjective of such a noun ("tear gas shells"), a
munition adjective ("simulated rounds"); and what stays out: an actor's noun ("army rifles"), a
verb the tagger took for a noun, a legal charge or a coal mine, a generic class ("high-powered
weapons", "weapons parts"). A force named by its place ("Kellow police station", not "Iraqi
police"); airports and mail centres as ports of entry; a landform's name ("Bhalki Hill") the
model took for an organisation; the place before "port city"; a body the model took for a
person ("Kessel Magistrates") and an office it took for a body ("Minister of Defence of
Velmar"); a state between a count and its goods ("1,900 US military firearms"); drum magazines;
"hundreds of rounds" with its unit; a name in apposition to a group cue ("the armed opposition,
the X (ACR),") is an armed group, and so is its acronym, but not a name in a list after the cue.
Every name here is made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp.entity_quantities import count_value
from tests.ingest.entity_cases import Case, check_case

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
    "one_in_a_list_of_counts": (
        "The seized items include 20 rifles, six grenades and one ammunition box.",
        {("20", "QUANTITY"), ("six", "QUANTITY"), ("one", "QUANTITY")},
        set(),
    ),
    "one_alone": (
        "The video shows several carbines and at least one grenade launcher.",
        {("grenade launcher", "WEAPON_CATEGORY")},
        {("one", "QUANTITY"), ("at least one", "QUANTITY")},
    ),
    "count_before_adverb_and_participle": (
        "Officers seized 19 fully manufactured rifles and four partially assembled pistols.",
        {("19", "QUANTITY"), ("four", "QUANTITY")},
        set(),
    ),
    "number_joined_to_a_noun": (
        "Police found two hand grenades and one 36-grenade arming ring.",
        {("two", "QUANTITY")},
        {("36", "QUANTITY"), ("one 36", "QUANTITY")},
    ),
    "count_in_lakhs": (
        "The army will also supply about 15 lakh rounds of ammunition to the Tamsa police.",
        {("about 15 lakh rounds", "QUANTITY")},
        {("lakh rounds", "WEAPON_CATEGORY")},
    ),
    "munition_adjectives": (
        "The team recovered 14 live rounds, two blank rounds and 70 simulated rounds.",
        {
            ("live rounds", "WEAPON_CATEGORY"),
            ("blank rounds", "WEAPON_CATEGORY"),
            ("simulated rounds", "WEAPON_CATEGORY"),
            ("14", "QUANTITY"),
            ("70", "QUANTITY"),
        },
        set(),
    ),
    "hyphened_kind": (
        "The cache held high-powered firearms and single-barrel firearms but no factory-made pistols.",
        {
            ("high-powered firearms", "WEAPON_CATEGORY"),
            ("single-barrel firearms", "WEAPON_CATEGORY"),
            ("pistols", "WEAPON_CATEGORY"),
        },
        {("factory-made pistols", "WEAPON_CATEGORY"), ("barrel", "WEAPON_CATEGORY")},
    ),
    "generic_classes_stay_out": (
        "The ATF tried to stem the flow of high-powered weapons; weapons parts need a licence.",
        set(),
        {("high-powered weapons", "WEAPON_CATEGORY"), ("weapons parts", "WEAPON_CATEGORY")},
    ),
    "gun_parts": (
        "Officers found firearm parts glued to the toy.",
        {("firearm parts", "WEAPON_CATEGORY")},
        set(),
    ),
    "nouns_compounded_with_munitions": (
        "Police found five anti-riot rubber bullets, assorted tear gas shells and thousands of ammunition rounds.",
        {
            ("anti-riot rubber bullets", "WEAPON_CATEGORY"),
            ("tear gas shells", "WEAPON_CATEGORY"),
            ("ammunition rounds", "WEAPON_CATEGORY"),
            ("five", "QUANTITY"),
        },
        {("assorted tear gas shells", "WEAPON_CATEGORY")},
    ),
    "other_senses_stay_out": (
        "The indictment charges Ivan Pell with smuggling; the coal mines near Dovra hold no shells.",
        set(),
        {("indictment charges", "WEAPON_CATEGORY"), ("coal mines", "WEAPON_CATEGORY")},
    ),
    "actor_nouns_and_verbs_stay_out": (
        "The smugglers hid army rifles and conspired to unlawfully ship firearms to Velmar.",
        {("rifles", "WEAPON_CATEGORY"), ("firearms", "WEAPON_CATEGORY")},
        {("army rifles", "WEAPON_CATEGORY"), ("ship firearms", "WEAPON_CATEGORY")},
    ),
    "police_by_place_name": (
        "The rifles were handed to Kellow police station; the Dovra police said Iraqi police were not told.",
        {("Kellow police station", "ORGANIZATION"), ("Dovra police", "ORGANIZATION")},
        {("Kellow", "PLACE"), ("Iraqi police", "ORGANIZATION")},
    ),
    "no_police_name_from_a_common_word": (
        "Local police said 40 rifles were found.",
        set(),
        {("Local police", "ORGANIZATION")},
    ),
    "airport_and_mail_centre": (
        "Officers at Kessel Airport and at the Tessar International Mail Facility found pistols.",
        {("Kessel Airport", "BORDER_CROSSING"), ("Tessar International Mail Facility", "BORDER_CROSSING")},
        set(),
    ),
    "landform_name": (
        "Police found rifles in the Bhalki Hill area and on the Fraser Coast.",
        {("Bhalki Hill", "PLACE"), ("Fraser Coast", "PLACE")},
        {("Bhalki Hill", "ORGANIZATION")},
    ),
    "port_city": (
        "The battle for the key Red Sea port city of Hudaydah went on.",
        {("Red Sea", "PLACE")},
        {("Red Sea port", "BORDER_CROSSING")},
    ),
    "body_taken_for_a_person": (
        "Ivan Pell appeared before Kessel Magistrates on Monday; in 2013 Dorran Sheriff's deputies had arrested him.",
        {("Kessel Magistrates", "ORGANIZATION"), ("Ivan Pell", "PERSON"), ("Dorran Sheriff", "ORGANIZATION")},
        {("Kessel Magistrates", "PERSON"), ("Dorran Sheriff", "PERSON")},
    ),
    "office_taken_for_a_body": (
        "It culminates with the Minister of Defence of Velmar, Gen. Ivo Kest.",
        {("Ivo Kest", "PERSON")},
        {("Minister of Defence of Velmar", "ORGANIZATION")},
    ),
    "state_between_count_and_goods": (
        "An inquiry found that at least 1,900 US military firearms were lost.",
        {("at least 1,900", "QUANTITY"), ("military firearms", "WEAPON_CATEGORY")},
        set(),
    ),
    "drum_magazines": (
        "Investigators seized 24 drum magazines.",
        {("24", "QUANTITY"), ("drum magazines", "WEAPON_CATEGORY")},
        set(),
    ),
    "vague_count_of_rounds": (
        "Dor exported 24 rifles and hundreds of rounds of ammunition; police found thousands of rounds.",
        {("hundreds of rounds", "QUANTITY"), ("thousands of rounds", "QUANTITY"), ("ammunition", "WEAPON_CATEGORY")},
        {("hundreds", "QUANTITY")},
    ),
    "group_in_apposition_to_a_cue": (
        "The arms also reached the main Velmari armed opposition, the Union for Peace and Democracy in Velmar"
        " (UPDV), which began a revolt two years ago.",
        {("Union for Peace and Democracy in Velmar", "ARMED_GROUP"), ("UPDV", "ARMED_GROUP")},
        {("UPDV", "ORGANIZATION")},
    ),
    "no_group_in_a_list_after_a_cue": (
        "Police met the armed group, the Kessan National Council and the Velmar Army.",
        set(),
        {("Kessan National Council", "ARMED_GROUP")},
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_entity_forms(parsed: Language, name: str) -> None:
    check_case(parsed, CASES[name])


#: dates and landforms' names come from the statistical model; compounds, adverbs and
#: participles need the parse
NEEDS_MODEL = {
    "landform_name",
    "group_in_apposition_to_a_cue",
    "body_taken_for_a_person",
    "office_taken_for_a_body",
    "state_between_count_and_goods",
    "range_of_dates",
    "range_of_dates_through",
    "count_before_adverb_and_participle",
    "nouns_compounded_with_munitions",
    "actor_nouns_and_verbs_stay_out",
    "other_senses_stay_out",
}


@pytest.mark.parametrize("name", sorted(set(CASES) - NEEDS_MODEL))
def test_entity_forms_without_parse(blank: Language, name: str) -> None:
    check_case(blank, CASES[name])


def test_count_in_lakhs_and_crores() -> None:
    assert count_value("about 15 lakh rounds") == 1_500_000
    assert count_value("2 crore") == 20_000_000
