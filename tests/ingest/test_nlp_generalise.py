"""Custody events in the patterns of kinds of reporting the rules were not written against.

Field dispatches, UN panel reports, oversight reports, police and customs releases and court
releases carry custody events in a handful of recurring patterns: "captured from", "recovered
from", "documented in the possession of", "looted from a depot", "retransferred", roles written
as long or coordinated phrases, items with modifiers, dates such as "between March and May
2019" or "in late 2020". Every sentence here is written for this test; every unit, group,
person, place and serial is made up.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import ExtractedEvent

# (sentence, expected events). An expected event names its type and item and the roles that
# must be found as written; a role left out is not checked, a role given as None must be empty.
Case = tuple[str, list[dict[str, Any]]]

CASES: dict[str, Case] = {
    "captured_from_with_by_agent": (
        "The rifles were captured from the Red Jackal militia by soldiers of the 41st Mountain "
        "Brigade near Tessar in late 2020.",
        [
            {
                "type": "SEIZURE",
                "item": "rifles",
                "from": "Red Jackal militia",
                "to": "41st Mountain Brigade",
                "place": "Tessar",
                "date": "late 2020",
            }
        ],
    ),
    "documented_in_the_possession_of": (
        "Investigators documented an RPG-7 launcher, serial number KT-88213, in the possession "
        "of the Sable Front in Harrow Province in March 2022.",
        [
            {
                "type": "OBSERVATION",
                "item": "KT-88213",
                "to": "Sable Front",
                "place": "Harrow Province",
                "date": "March 2022",
            }
        ],
    ),
    "retransferred_between_months": (
        "Between March and May 2019, the Ostrava Trading Company retransferred 1,200 mortar "
        "rounds to the Northern Shield militia.",
        [
            {
                "type": "TRANSFER",
                "item": "mortar rounds",
                "quantity": "1,200",
                "from": "Ostrava Trading Company",
                "to": "Northern Shield militia",
                "date": "Between March and May 2019",
            }
        ],
    ),
    "looted_from_a_depot": (
        "Armed men looted 300 assault rifles from the Kerrin Central Depot on 2 February 2018.",
        [
            {
                "type": "THEFT",
                "item": "assault rifles",
                "quantity": "300",
                "from": "Kerrin Central Depot",
                "date": "2 February 2018",
            }
        ],
    ),
    "recovered_from_a_vehicle_list": (
        "Police recovered 15 pistols and 2,000 rounds of ammunition from the car of a suspect in "
        "Maldor on 4 April 2023.",
        [
            {
                "type": "SEIZURE",
                "item": "pistols",
                "quantity": "15",
                "to": "Police",
                "place": "Maldor",
                "date": "4 April 2023",
            },
            {"type": "SEIZURE", "item": "ammunition", "to": "Police", "place": "Maldor", "date": "4 April 2023"},
        ],
    ),
    "sergeants_sold_to_a_militia_commander": (
        "Two sergeants of the 3rd Logistics Battalion sold 40 hand grenades to a militia commander in Dovra.",
        [
            {
                "type": "TRANSFER",
                "item": "hand grenades",
                "quantity": "40",
                "from": "3rd Logistics Battalion",
                "to": "militia commander",
                "place": "Dovra",
            }
        ],
    ),
    "the_crew_handed_over_modified_item": (
        "The crew of the MV Lunaria handed over 25 AT4 antiarmor systems to port authorities in Belcastro.",
        [
            {
                "type": "HANDOVER",
                "item": "AT4 systems",
                "quantity": "25",
                "from": "MV Lunaria",
                "to": "port authorities",
                "place": "Belcastro",
            }
        ],
    ),
    "went_missing_late_year": (
        "Twelve night-vision devices went missing from the armoury of the 7th Signals Regiment in late 2020.",
        [{"type": "LOSS", "item": "night-vision devices", "from": "7th Signals Regiment", "date": "late 2020"}],
    ),
    "diverted_to_a_group_by_officers": (
        "The mortars were diverted to the Black Tide movement by officers of the Selvanian Presidential Guard.",
        [{"type": "DIVERSION", "item": "mortars", "from": "Selvanian Presidential Guard", "to": "Black Tide movement"}],
    ),
    "border_officers_intercepted_at_crossing": (
        "Border Force officers intercepted a lorry carrying 30 Glock pistols at the Eastgate "
        "crossing on 9 November 2022.",
        [
            {
                "type": "SEIZURE",
                "item": "Glock pistols",
                "quantity": "30",
                "to": "Border Force",
                "date": "9 November 2022",
            }
        ],
    ),
    "court_supplied_between_years": (
        "The court heard that Marko Venn supplied 60 sniper rifles to the Grey Wolf Brigade between 2016 and 2018.",
        [
            {
                "type": "TRANSFER",
                "item": "sniper rifles",
                "quantity": "60",
                "from": "Marko Venn",
                "to": "Grey Wolf Brigade",
                "date": "between 2016 and 2018",
            }
        ],
    ),
    "procured_by_from": (
        "The mortar tubes were procured by the Ministry of Interior of Selvania from Harlan Defence Supplies in 2017.",
        [
            {
                "type": "TRANSFER",
                "item": "mortar tubes",
                "from": "Harlan Defence Supplies",
                "to": "Ministry of Interior of Selvania",
                "date": "2017",
            }
        ],
    ),
    "seized_from_fighters_of_a_group": (
        "A PKM machine gun, serial number 71-4482, was seized from fighters of the Amber Hand at "
        "a checkpoint near Ruzo.",
        [{"type": "SEIZURE", "item": "71-4482", "from": "Amber Hand", "place": "Ruzo"}],
    ),
    "stole_from_an_army_post_early_year": (
        "Militants stole 18 anti-tank mines from an army post at Kalun in early 2021.",
        [{"type": "THEFT", "item": "anti-tank mines", "quantity": "18", "place": "Kalun", "date": "early 2021"}],
    ),
    "the_frigate_seized": (
        "The frigate Aldermoor seized 2,500 rounds of 7.62mm ammunition from a skiff in the Gulf of Teris.",
        [
            {
                "type": "SEIZURE",
                "item": "7.62mm ammunition",
                "quantity": "2,500 rounds",
                "to": "Aldermoor",
                "place": "Gulf of Teris",
            }
        ],
    ),
    "coordinated_seizing_parties": (
        "Coast Guard crews along with sailors of the Selvanian Navy intercepted 400 rifles aboard "
        "a dhow off Cape Varn on 12 June 2021.",
        [
            {
                "type": "SEIZURE",
                "item": "rifles",
                "quantity": "400",
                "to": "Coast Guard",
                "place": "Cape Varn",
                "date": "12 June 2021",
            }
        ],
    ),
    "recovered_from_a_group_traced_back": (
        "Ammunition recovered from the Red Jackal militia in 2021 was traced back to a batch the "
        "Karsovian army had reported stolen.",
        [{"type": "SEIZURE", "item": "Ammunition", "from": "Red Jackal militia", "date": "2021"}],
    ),
    "list_transfer_month": (
        "The 2nd Marine Battalion transferred 14 mortars, 200 grenades and 30 radios to the "
        "Coastal Guard of Selvania in July 2020.",
        [
            {
                "type": "TRANSFER",
                "item": "mortars",
                "quantity": "14",
                "from": "2nd Marine Battalion",
                "to": "Coastal Guard of Selvania",
                "date": "July 2020",
            },
            {
                "type": "TRANSFER",
                "item": "grenades",
                "from": "2nd Marine Battalion",
                "to": "Coastal Guard of Selvania",
                "date": "July 2020",
            },
        ],
    ),
    "appositive_receiver": (
        "In 2019 the broker shipped 80 machine guns to Halvard Kess, a commander of the Sable Front.",
        [{"type": "DELIVERY", "item": "machine guns", "quantity": "80", "to": "Halvard Kess", "date": "2019"}],
    ),
    "confiscated_from_a_person": (
        "Customs officers confiscated six sniper scopes from Dario Menk at Port Halden on 3 March 2022.",
        [
            {
                "type": "SEIZURE",
                "item": "sniper scopes",
                "from": "Dario Menk",
                "place": "Port Halden",
                "date": "3 March 2022",
            }
        ],
    ),
    "militia_commander_received": (
        "A militia commander in Dovra received 200 RPG-7 rockets from the 9th Infantry Brigade in 2016.",
        [{"type": "TRANSFER", "item": "RPG-7 rockets", "from": "9th Infantry Brigade", "date": "2016"}],
    ),
    "stolen_by_soldiers_from_depot": (
        "Ten Igla launchers were stolen from the Veyra Ammunition Depot by soldiers of the 5th "
        "Air Defence Regiment in 2015.",
        [
            {
                "type": "THEFT",
                "item": "Igla launchers",
                "from": "Veyra Ammunition Depot",
                "to": "5th Air Defence Regiment",
                "date": "2015",
            }
        ],
    ),
    "traced_to_a_stolen_batch": (
        "Investigators traced the rifle, serial number QX-5521, to a batch stolen from the Marl Hill Depot in 2014.",
        [{"type": "THEFT", "item": "QX-5521", "from": "Marl Hill Depot", "date": "2014"}],
    ),
    "nominal_theft_from_an_armoury": (
        "The theft of 40 carbines from the armoury at Camp Ridley was discovered in late 2020.",
        [{"type": "THEFT", "item": "carbines", "quantity": "40", "place": "Camp Ridley", "date": "late 2020"}],
    ),
    "handed_over_split_particle": (
        "Soldiers of the 14th Reserve Brigade handed the grenades over to the Sable Front in exchange for fuel.",
        [{"type": "TRANSFER", "item": "grenades", "from": "14th Reserve Brigade", "to": "Sable Front"}],
    ),
    "announced_the_seizure_from_members": (
        "The gendarmerie announced the seizure of 300 detonators from members of the Amber Hand in Tovik in May 2020.",
        [
            {
                "type": "SEIZURE",
                "item": "detonators",
                "quantity": "300",
                "from": "Amber Hand",
                "place": "Tovik",
                "date": "May 2020",
            }
        ],
    ),
    "attempted_export_indictment": (
        "According to the indictment, Lena Orsk attempted to export 20 thermal sights to Karsovia without a licence.",
        [{"type": "TRANSFER", "item": "thermal sights", "quantity": "20", "from": "Lena Orsk", "to": "Karsovia"}],
    ),
    "supplied_someone_with": (
        "In 2018 the Karsovian government supplied the Tarn Valley militia with 50 mortars.",
        [
            {
                "type": "TRANSFER",
                "item": "mortars",
                "quantity": "50",
                "from": "Karsovian government",
                "to": "Tarn Valley militia",
                "date": "2018",
            }
        ],
    ),
    "arrested_and_seized_in_the_village_of": (
        "The police arrested two men and seized four pistols and a shotgun in the village of Brenno.",
        [
            # the region as written, as the corpus gold writes "the northern state of X"
            {"type": "SEIZURE", "item": "pistols", "quantity": "four", "to": "police", "place": "village of Brenno"},
            {"type": "SEIZURE", "item": "shotgun", "to": "police", "place": "village of Brenno"},
        ],
    ),
    "went_missing_between_years_audit": (
        "More than 500 rifles went missing from the Hollin Road armoury between 2012 and 2014, the audit found.",
        [{"type": "LOSS", "item": "rifles", "quantity": "More than 500", "date": "between 2012 and 2014"}],
    ),
    "documented_in_the_custody_of": (
        "The Panel documented 14 Type 56 rifles in the custody of the Harka Brigade in Sabra in early 2022.",
        [
            {
                "type": "OBSERVATION",
                "item": "Type 56 rifles",
                "quantity": "14",
                "to": "Harka Brigade",
                "place": "Sabra",
                "date": "early 2022",
            }
        ],
    ),
    "could_not_account_for": (
        "A review found that the 3rd Sustainment Command could not account for 1,100 night-vision devices.",
        [{"type": "LOSS", "item": "night-vision devices", "quantity": "1,100", "from": "3rd Sustainment Command"}],
    ),
    "lost_to_the_fighters_of_a_group": (
        "The brigade later lost the launchers to Harka Brigade fighters during an attack on its base at Tull.",
        [{"type": "LOSS", "item": "launchers", "to": "Harka Brigade", "place": "Tull"}],
    ),
    "shipment_delivered_and_later_retransferred": (
        "The shipment of 5,000 grenades was delivered to the Ministry of Defence of Selvania on 2 July "
        "2019 and later retransferred to the Harka Brigade.",
        [
            {
                "type": "DELIVERY",
                "item": "grenades",
                "quantity": "5,000",
                "to": "Ministry of Defence of Selvania",
                "date": "2 July 2019",
            },
            {"type": "TRANSFER", "item": "grenades", "to": "Harka Brigade"},
        ],
    ),
    "smuggled_through_a_crossing_into": (
        "Between January and April 2021, at least 300 mortar bombs were smuggled through the Kessel "
        "crossing into Karsovia.",
        [
            {
                "type": "TRANSFER",
                "item": "mortar bombs",
                "quantity": "at least 300",
                "to": "Karsovia",
                "date": "Between January and April 2021",
            }
        ],
    ),
    "delivered_to_the_port_of": (
        "The MV Ostra, owned by Palmer Lines, delivered 2,400 rifles to the port of Qasr in March 2018.",
        [{"type": "DELIVERY", "item": "rifles", "quantity": "2,400", "place": "port of Qasr", "date": "March 2018"}],
    ),
    "reported_stolen_from_a_unit": (
        "In 2020, 45 pistols were reported stolen from the 4th Battalion.",
        [{"type": "THEFT", "item": "pistols", "quantity": "45", "from": "4th Battalion", "date": "2020"}],
    ),
    "believed_to_have_acquired": (
        "The Harka Brigade is believed to have acquired the launchers from Selvanian army stocks.",
        [{"type": "TRANSFER", "item": "launchers", "to": "Harka Brigade"}],
    ),
    "issued_to_a_group": (
        "The unit issued 500 rifles to the Harka Brigade in violation of the embargo.",
        [{"type": "TRANSFER", "item": "rifles", "quantity": "500", "from": "unit", "to": "Harka Brigade"}],
    ),
    "stolen_from_a_gun_shop_then_recovered": (
        "Police in Velo said 16 rifles stolen from a gun shop in May 2021 had been recovered.",
        [
            {"type": "THEFT", "item": "rifles", "quantity": "16", "date": "May 2021"},
            {"type": "SEIZURE", "item": "rifles", "quantity": "16"},
        ],
    ),
    "sold_by_members_to_local_traders": (
        "The rifles were reportedly sold by members of the 4th Brigade to local traders.",
        [{"type": "TRANSFER", "item": "rifles", "from": "4th Brigade", "to": "local traders"}],
    ),
    "consignment_comprising_pattern_rifles": (
        "The consignment, comprising 2,000 AK-pattern rifles and 400 RPG-7 launchers, was intercepted "
        "by the Selvanian Navy off Cape Varn in late 2019.",
        [
            {"type": "SEIZURE", "item": "AK rifles", "quantity": "2,000", "to": "Selvanian Navy", "date": "late 2019"},
            {
                "type": "SEIZURE",
                "item": "RPG-7 launchers",
                "quantity": "400",
                "to": "Selvanian Navy",
                "place": "Cape Varn",
            },
        ],
    ),
    "type_pistols_are_one_item": (
        "Police seized 40 Makarov-type pistols.",
        [{"type": "SEIZURE", "item": "Makarov pistols", "quantity": "40", "to": "Police"}],
    ),
}


# the scorer's view (../shared/tools/score_extraction.py): types in three groups, roles matched
# when they share at least half of their words either way
_GROUP = {
    "TRANSFER": "MOVE",
    "DELIVERY": "MOVE",
    "HANDOVER": "MOVE",
    "SEIZURE": "TAKE",
    "THEFT": "TAKE",
    "DIVERSION": "TAKE",
    "LOSS": "TAKE",
    "INVENTORY": "SEE",
    "OBSERVATION": "SEE",
    "STORAGE": "SEE",
    "TRANSIT": "SEE",
}


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"[\w$.,-]+", text.lower()))


def similar(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return not a and not b
    wa, wb = _words(a), _words(b)
    common = sum((wa & wb).values())
    return common > 0 and common >= 0.5 * sum(wa.values()) and common >= 0.5 * sum(wb.values())


def _role(event: ExtractedEvent, role: str) -> str | None:
    value: str | None = getattr(event, "from_" if role == "from" else role)
    return value


def check(events: list[ExtractedEvent], expected: list[dict[str, Any]]) -> list[str]:
    """What is wrong with the events against the expected ones, as readable lines (empty if right)."""
    problems: list[str] = []
    found = sorted((_GROUP[e.type], e.item) for e in events)
    wanted = sorted((_GROUP[x["type"]], x["item"]) for x in expected)
    if found != wanted:
        problems.append(f"events {found} != {wanted}")
    used: set[int] = set()
    for want in expected:
        # the same item may move twice ("delivered ... and later retransferred"): each expected
        # event takes the unused extracted one it fits best
        best: list[str] | None = None
        best_k = -1
        for k, event in enumerate(events):
            if k in used or (_GROUP[event.type], event.item) != (_GROUP[want["type"]], want["item"]):
                continue
            wrong = [
                f"{want['item']} {role}: {_role(event, role)!r} != {value!r}"
                for role, value in want.items()
                if role not in ("type", "item") and not similar(_role(event, role), value)
            ]
            if best is None or len(wrong) < len(best):
                best, best_k = wrong, k
        if best is not None:
            used.add(best_k)
            problems += best
    return problems


@pytest.mark.parametrize("name", sorted(CASES))
def test_parsed_pipeline(nlp: Language, name: str) -> None:
    sentence, expected = CASES[name]
    assert check(extract(nlp, sentence, "2024-03-10").events, expected) == []


# Without a parser (the blank pipeline) the rules that have a word-order form: verb forms of new
# triggers, a verb's particle that is no approximation, the negated accountability check, names
# after "fighters of" and "the village of", the diverter as giver, new category and actor words.
BLANK_CASES: dict[str, Case] = {
    "retransferred": (
        "The Ostrava Trading Company retransferred 1,200 mortar rounds to the Northern Shield militia.",
        [{"type": "TRANSFER", "item": "mortar rounds", "quantity": "1,200", "to": "Northern Shield militia"}],
    ),
    "handed_over_is_no_approximation": (
        "The crew handed over 25 AT4 antiarmor systems to port authorities.",
        [{"type": "TRANSFER", "item": "AT4 systems", "quantity": "25", "from": "crew"}],
    ),
    "could_not_account_for": (
        "The 3rd Sustainment Command could not account for 1,100 night-vision devices.",
        [{"type": "LOSS", "item": "night-vision devices", "quantity": "1,100", "from": "3rd Sustainment Command"}],
    ),
    "in_the_village_of": (
        "Police seized four pistols in the village of Brenno.",
        [{"type": "SEIZURE", "item": "pistols", "to": "Police", "place": "Brenno"}],
    ),
    "seized_from_fighters_of": (
        "A machine gun was seized from fighters of the Amber Hand.",
        [{"type": "SEIZURE", "item": "machine gun", "from": "Amber Hand"}],
    ),
    "diverted_by_officers": (
        "Officers diverted the mortars to the Black Tide movement.",
        [{"type": "DIVERSION", "item": "mortars", "from": "Officers"}],
    ),
    "mortar_bombs_stolen_by_gunmen": (
        "Gunmen stole 300 mortar bombs from the Veyra Ammunition Depot.",
        [
            {
                "type": "THEFT",
                "item": "mortar bombs",
                "quantity": "300",
                "to": "Gunmen",
                "from": "Veyra Ammunition Depot",
            }
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(BLANK_CASES))
def test_blank_pipeline(blank: Language, name: str) -> None:
    sentence, expected = BLANK_CASES[name]
    assert check(extract(blank, sentence, "2024-03-10").events, expected) == []


def test_quantity_keeps_exact_number_after_a_verb_particle(blank: Language, nlp: Language) -> None:
    for pipe in (blank, nlp):
        quantities = [
            m.text
            for m in extract(pipe, "The crew handed over 25 rifles to the police.").entities
            if m.label == "QUANTITY"
        ]
        assert quantities == ["25"]
    # an approximation stays one where no verb owns the word
    assert [m.text for m in extract(nlp, "The police seized over 25 rifles.").entities if m.label == "QUANTITY"] == [
        "over 25"
    ]
