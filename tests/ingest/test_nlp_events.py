"""Custody event rules on fictional sentences.

The blank pipeline (no parser) exercises the word-order fallbacks; the full pipeline the
dependency rules. Units, groups, depots and serials are made up.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.dates import find_document_date, normalize_date
from tests.ingest.scored import events, summary


# ---------------------------------------------------------------------- blank pipeline
def test_blank_seizure_one_event_per_serial(blank: Language) -> None:
    evs = events(
        blank,
        "On 3 March 2024, police of Town Q seized two AK-47 rifles, serial numbers AKX-10001 and "
        "AKX-10002, from the Black Heron group at the Palanca crossing point.",
    )
    assert summary(evs) == {("SEIZURE", "AKX-10001"), ("SEIZURE", "AKX-10002")}
    for e in evs:
        assert e.from_ == "Black Heron group"
        assert e.to == "police"
        assert e.place == "Palanca"
        assert e.date_value == "2024-03-03"
        assert e.system == "AK-47"
        assert e.item_label == "SERIAL_NUMBER"


def test_blank_negation_gives_no_event(blank: Language) -> None:
    assert not events(blank, "The 9th Reserve Brigade could not present launcher JAV-0099.")
    assert summary(events(blank, "The 9th Reserve Brigade presented launcher JAV-0099.")) == {("INVENTORY", "JAV-0099")}


# ---------------------------------------------------------------------- full pipeline
def test_list_gives_one_event_per_item_and_quantity_to_the_first(nlp: Language) -> None:
    evs = events(
        nlp,
        "Last year the ministry sent over 5,000 AK-47s, machine guns and RPG-7s to the 41st Separate "
        "Mechanized Brigade in February 2023.",
    )
    # the item as written, the system it names in ``system``
    assert summary(evs) == {("TRANSFER", "AK-47s"), ("TRANSFER", "machine guns"), ("TRANSFER", "RPG-7s")}
    by_item = {e.item: e for e in evs}
    assert by_item["AK-47s"].quantity == "over 5,000" and by_item["AK-47s"].system == "AK-47"
    assert by_item["machine guns"].quantity is None and by_item["RPG-7s"].quantity is None
    assert all(e.to == "41st Separate Mechanized Brigade" and e.date_value == "2023-02" for e in evs)


def test_handover_between_units_and_pronoun_receiver(nlp: Language) -> None:
    evs = events(
        nlp,
        "The 2nd Company, 9th Reserve Brigade could not present launcher JAV-0101, which it received "
        "from the 9th Reserve Brigade on 4 May 2023.",
    )
    assert summary(evs) == {("HANDOVER", "JAV-0101")}
    (e,) = evs
    assert (e.from_, e.to, e.date_value) == ("9th Reserve Brigade", "2nd Company, 9th Reserve Brigade", "2023-05-04")


def test_hand_to_a_civilian_is_a_transfer(nlp: Language) -> None:
    evs = events(nlp, "Customs Office Q handed carbine M4-77001 to the regional prosecutor.")
    assert summary(evs) == {("TRANSFER", "M4-77001")}
    assert evs[0].from_ == "Customs Office Q" and evs[0].to == "regional prosecutor"


def test_inventory_takes_place_and_date_from_the_scene_sentence(nlp: Language) -> None:
    text = (
        "A monitoring team visited Depot D-9 on 12 October 2023 to check stocks. "
        "The 5th Battalion presented two FIM-92 Stinger gripstocks, serial numbers STG-7001 and STG-7002."
    )
    evs = events(nlp, text)
    assert summary(evs) == {("INVENTORY", "STG-7001"), ("INVENTORY", "STG-7002")}
    for e in evs:
        assert (e.to, e.place, e.date_value, e.system) == ("5th Battalion", "Depot D-9", "2023-10-12", "FIM-92 Stinger")
        assert e.quantity is None


def test_item_pointing_back_takes_the_earlier_serial_and_roles(nlp: Language) -> None:
    text = (
        "On 7 July 2024, border guards at the Porubne crossing point found an AK-47 rifle, serial number AK-55501, "
        "in a car. The driver said nothing. The rifle was seized."
    )
    evs = events(nlp, text)
    # the rifle found in the car was also kept in it (a storage, round 13)
    assert summary(evs) == {("SEIZURE", "AK-55501"), ("STORAGE", "AK-55501")}
    (e,) = [e for e in evs if e.type == "SEIZURE"]
    assert (e.to, e.place, e.date_value) == ("border guards", "Porubne", "2024-07-07")


def test_a_serial_in_the_next_sentence_makes_the_item_specific(nlp: Language) -> None:
    text = (
        "A photo posted on 4 April 2024 shows fighters of the Black Heron group with an NLAW launcher near Town Q. "
        "A serial, NLW-2040, is legible on the tube."
    )
    evs = events(nlp, text)
    assert summary(evs) == {("OBSERVATION", "NLW-2040")}
    (e,) = evs
    assert (e.to, e.place, e.date_value, e.system) == ("Black Heron group", "Town Q", "2024-04-04", "NLAW")


def test_observation_needs_an_actor_and_not_seen_is_none(nlp: Language) -> None:
    assert not events(nlp, "Gripstock STG-7003 was recorded as deployed and was not seen.")
    assert not events(nlp, "A Javelin launcher was photographed on a table.")


def test_month_without_year_resolves_against_the_document_date(nlp: Language) -> None:
    evs = events(nlp, "The Black Heron group bought two RPG-7 launchers from a soldier in November.", "2024-02-12")
    (e,) = evs
    assert (e.type, e.item, e.to, e.date, e.date_value) == (
        "TRANSFER",
        "RPG-7 launchers",
        "Black Heron group",
        "November",
        "2023-11",
    )


def test_generic_statement_is_no_event(nlp: Language) -> None:
    assert not events(nlp, "Officials want to stop small arms from being diverted and to track where rifles are sold.")


def test_smuggled_out_of_a_country_is_a_transfer(nlp: Language) -> None:
    """Smuggling moves goods from one holder to another; the corpus calls an act a DIVERSION only
    where the text does ("diverted", "the diversion of")."""
    evs = events(nlp, "Investigators said pistols smuggled out of Moldova in 2015 reached the Black Heron group.")
    assert ("TRANSFER", "pistols") in summary(evs)
    (e,) = [e for e in evs if e.type == "TRANSFER"]
    assert e.from_ == "Moldova" and e.date == "2015"


def test_confidence_is_in_range(nlp: Language) -> None:
    evs = events(nlp, "The 5th Battalion presented launcher JAV-0102. Police seized the launchers they found.")
    assert evs and all(0.0 <= e.confidence <= 1.0 for e in evs)


@pytest.mark.parametrize(
    ("text", "doc_date", "expected"),
    [
        ("15 September 2023", None, "2023-09-15"),
        ("September 15, 2023", None, "2023-09-15"),
        ("in January", "2024-02-12", "2024-01"),
        ("in March", "2024-02-12", "2023-03"),
        ("February", "2022-10", "2022-02"),
        ("March 2024", None, "2024-03"),
        ("mid-2023", None, "2023"),
        ("2023-04-20", None, "2023-04-20"),
        ("the 1990s", None, None),
        ("last year", "2024-01-01", None),
        ("in January", None, None),
    ],
)
def test_normalize_date(text: str, doc_date: str | None, expected: str | None) -> None:
    assert normalize_date(text, doc_date) == expected


def test_document_date_from_first_lines() -> None:
    assert (
        find_document_date("Customs Office Q: seizure notice, 12 February 2024\n\nOn 11 February ...") == "2024-02-12"
    )
    assert find_document_date("SOURCE: x\nDATE: 2022-10 (approximate)\nText") == "2022-10"
    assert find_document_date("No date here.\nNor here.") is None


# ---------------------------------------------------------------------- failure classes of real reporting
# One small sentence of our own per class, on both pipelines where the rule has a word-order form.
BOTH = ["nlp", "blank"]


@pytest.fixture
def pipe(request: pytest.FixtureRequest) -> Language:
    nlp: Language = request.getfixturevalue(request.param)
    return nlp


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_reduced_relative_clause(pipe: Language) -> None:
    evs = events(pipe, "Night-vision goggles were among the items stolen at Depot D-7.")
    assert summary(evs) == {("THEFT", "Night-vision goggles")}
    assert evs[0].place == "Depot D-7" and evs[0].modality == "reported"


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_coordinated_verbs_share_item_and_are_alleged(pipe: Language) -> None:
    evs = events(pipe, "Two soldiers were charged with stealing and selling rifles to buyers in Town Q.")
    assert summary(evs) == {("THEFT", "rifles"), ("TRANSFER", "rifles")}
    assert all(e.modality == "alleged" for e in evs)
    (sale,) = [e for e in evs if e.type == "TRANSFER"]
    assert sale.to == "buyers"


def test_coordinated_verbs_doer_is_who_is_charged(nlp: Language) -> None:
    evs = {e.type: e for e in events(nlp, "Two soldiers were charged with stealing and selling rifles to buyers.")}
    assert evs["THEFT"].to == "soldiers"
    assert (evs["TRANSFER"].from_, evs["TRANSFER"].to) == ("soldiers", "buyers")


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_nominal_events(pipe: Language) -> None:
    (seizure,) = events(pipe, "The seizure of 2,000 rifles by border police ended the inquiry.")
    assert (seizure.type, seizure.item, seizure.quantity) == ("SEIZURE", "rifles", "2,000")
    (theft,) = events(pipe, "Investigators traced the theft of night-vision devices from Depot D-7 to a clerk.")
    assert (theft.type, theft.item) == ("THEFT", "night-vision devices")
    (delivery,) = events(pipe, "The report records the delivery of 40 mortars to the 12th Mechanized Brigade.")
    assert (delivery.type, delivery.item, delivery.quantity, delivery.to) == (
        "DELIVERY",
        "mortars",
        "40",
        "12th Mechanized Brigade",
    )


def test_nominal_event_by_phrase_is_the_seizing_or_giving_party(nlp: Language) -> None:
    (seizure,) = events(nlp, "The seizure of 2,000 rifles by border police ended the inquiry.")
    assert seizure.to == "border police"
    (supply,) = events(nlp, "The supply of mortars to the militia by the Grey Fox group broke the embargo.")
    assert (supply.type, supply.from_, supply.to) == ("TRANSFER", "Grey Fox group", "militia")


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_passives_with_and_without_agent(pipe: Language) -> None:
    (with_agent,) = events(pipe, "Forty rifles were seized by customs officers at the Palanca crossing point.")
    assert (with_agent.type, with_agent.item, with_agent.quantity, with_agent.place) == (
        "SEIZURE",
        "rifles",
        "Forty",
        "Palanca",
    )
    assert with_agent.to in ("customs officers", "customs")
    (without,) = events(pipe, "Forty rifles were seized at the Palanca crossing point.")
    assert (without.type, without.item, without.to) == ("SEIZURE", "rifles", None)


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_serial_written_with_a_space_is_the_item(pipe: Language) -> None:
    (e,) = events(pipe, "Police seized a Javelin command launch unit, serial no. JV 7733, from Petro Lazarenko.")
    assert (e.type, e.item, e.item_label, e.to) == ("SEIZURE", "JV 7733", "SERIAL_NUMBER", "Police")


def test_serial_with_a_space_keeps_the_from_role(nlp: Language) -> None:
    (e,) = events(nlp, "Police seized a Javelin command launch unit, serial no. JV 7733, from Petro Lazarenko.")
    assert e.from_ == "Petro Lazarenko" and e.system == "FGM-148 Javelin"


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_serial_in_a_later_sentence_without_dash(pipe: Language) -> None:
    text = (
        "Fighters of the Grey Fox group were filmed with a Stinger gripstock near Town K. "
        "The serial plate on the grip is legible and reads ST20416."
    )
    (e,) = events(pipe, text)
    assert (e.type, e.item, e.to, e.place) == ("OBSERVATION", "ST20416", "Grey Fox group", "Town K")


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_list_distributed_with_quantity_per_item(pipe: Language) -> None:
    evs = events(pipe, "Police seized 300 rifles, 20 machine guns and 5 mortars from the Grey Fox group.")
    assert {(e.item, e.quantity) for e in evs} == {("rifles", "300"), ("machine guns", "20"), ("mortars", "5")}
    assert all(e.type == "SEIZURE" and e.from_ == "Grey Fox group" and e.to == "Police" for e in evs)


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_including_list_goes_with_its_head(pipe: Language) -> None:
    evs = events(pipe, "Some 600 firearms, including sniper rifles and grenade launchers, were recovered in Town Q.")
    assert summary(evs) == {("SEIZURE", "firearms"), ("SEIZURE", "sniper rifles"), ("SEIZURE", "grenade launchers")}
    assert {e.item: e.quantity for e in evs}["firearms"] == "Some 600"


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_pointing_back_across_sentences(pipe: Language) -> None:
    text = "Smugglers loaded 500 AK-47 rifles onto a dhow in Port Q on 2 May. The coast guard seized these armaments."
    (e,) = events(pipe, text)
    assert (e.type, e.item, e.quantity, e.to) == ("SEIZURE", "AK-47 rifles", "500", "coast guard")
    (dhow,) = events(pipe, "A patrol boat stopped a dhow off Cape Zed on 3 May. The navy seized the dhow.")
    assert (dhow.type, dhow.item, dhow.to) == ("SEIZURE", "dhow", "navy")


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_package_list_is_one_transfer_per_item(pipe: Language) -> None:
    text = "The package includes: 50 mortars; 2,000 rounds of 120mm ammunition; and 10 armored vehicles."
    evs = events(pipe, text)
    assert {(e.type, e.item, e.quantity) for e in evs} == {
        ("TRANSFER", "mortars", "50"),
        ("TRANSFER", "120mm ammunition", "2,000 rounds"),
        ("TRANSFER", "armored vehicles", "10"),
    }


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_interdiction_of_a_shipment_is_a_seizure_of_its_contents(pipe: Language) -> None:
    evs = events(pipe, "The frigate interdicted a shipment of 900 rifles near Cape Zed.")
    assert [(e.type, e.item, e.quantity) for e in evs] == [("SEIZURE", "rifles", "900")]


def test_seizure_in_transit_gives_the_interrupted_transfer(nlp: Language) -> None:
    evs = events(nlp, "The navy seized 900 rifles in transit from the Grey Fox group to the Black Heron group.")
    by_type = {e.type: e for e in evs}
    assert set(by_type) == {"SEIZURE", "TRANSFER"}
    assert (by_type["SEIZURE"].to, by_type["SEIZURE"].from_) == ("navy", None)
    moved = by_type["TRANSFER"]
    assert (moved.item, moved.quantity, moved.from_, moved.to, moved.modality) == (
        "rifles",
        "900",
        "Grey Fox group",
        "Black Heron group",
        "attempted",
    )
    (bound,) = [
        e for e in events(nlp, "The navy interdicted 900 rifles bound for the Grey Fox group.") if e.type == "TRANSFER"
    ]
    assert bound.to == "Grey Fox group"


def test_seizure_from_a_vessel_or_container(nlp: Language) -> None:
    (e,) = events(nlp, "Customs officers seized 40 pistols concealed inside a Q-bound shipping container.")
    assert e.from_ is not None and "container" in e.from_
    (f,) = events(nlp, "The coast guard seized two rifles from inside a fishing vessel.")
    assert f.from_ is not None and f.from_.endswith("vessel")


def test_coordinated_actors_are_one_role_as_written(nlp: Language) -> None:
    (e,) = [
        e
        for e in events(nlp, "Viktor Petrov and Ivan Sokolov sold 40 rifles to the Grey Fox group.")
        if e.type == "TRANSFER"
    ]
    assert e.from_ == "Viktor Petrov and Ivan Sokolov"


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Police seized 200 pistols from the Grey Fox group.", "reported"),
        ("The broker is accused of selling 40 sniper rifles to the Grey Fox group.", "alleged"),
        ("The broker conspired to export 40 sniper rifles to the Grey Fox group.", "attempted"),
        ("The broker tried to sell 40 sniper rifles to the Grey Fox group.", "attempted"),
        ("The broker agreed to sell 40 sniper rifles to the Grey Fox group.", "planned"),
        ("The ministry planned to deliver 40 mortars to the 12th Mechanized Brigade.", "planned"),
    ],
)
def test_modality_is_recorded_and_never_drops_the_event(pipe: Language, text: str, modality: str) -> None:
    evs = events(pipe, text)
    assert len(evs) == 1
    assert evs[0].modality == modality
    assert evs[0].type in ("SEIZURE", "TRANSFER", "DELIVERY")


def test_modality_reaches_the_score_json(nlp: Language) -> None:
    from ingest.nlp.extract import to_score_json

    out = to_score_json(extract(nlp, "The broker agreed to sell 40 sniper rifles to the Grey Fox group.", "2024-03-10"))
    assert [e["modality"] for e in out["events"]] == ["planned"]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_generic_statements_stay_eventless(pipe: Language) -> None:
    assert not events(pipe, "It is illegal to export rifles without a licence.")


def test_a_list_held_by_a_pointing_back_subject_takes_the_earlier_act(nlp: Language) -> None:
    text = (
        "A navy patrol ship seized a cache of weapons from a stateless dhow in the Gulf of Zed on 4 May. "
        "The cache included 900 assault rifles, 40 mortars and hundreds of rocket-propelled grenades."
    )
    evs = events(nlp, text)
    assert {(e.type, e.item, e.quantity) for e in evs} == {
        ("SEIZURE", "weapons", None),
        ("SEIZURE", "assault rifles", "900"),
        ("SEIZURE", "mortars", "40"),
        ("SEIZURE", "rocket-propelled grenades", "hundreds"),
    }
    assert all(e.from_ == "stateless dhow" and e.date == "4 May" for e in evs)


def test_the_stolen_equipment_includes_a_list_with_the_earlier_roles(nlp: Language) -> None:
    text = (
        "Two clerks stole equipment from Depot D-7 in March. "
        "The stolen equipment included sniper scopes and body armor."
    )
    evs = events(nlp, text)
    assert {(e.type, e.item) for e in evs} == {
        ("THEFT", "equipment"),
        ("THEFT", "sniper scopes"),
        ("THEFT", "body armor"),
    }
    assert all(e.from_ == "Depot D-7" and e.date == "March" for e in evs)


def test_acronym_alias_is_the_same_item_and_value_is_a_quantity(nlp: Language) -> None:
    evs = events(
        nlp,
        "The ministry agreed to sell to the Grey Fox group $2 million in weapons and equipment, including "
        "surface-to-air missile systems (SAMs).",
    )
    items = {e.item: e for e in evs}
    assert set(items) == {"weapons and equipment", "surface-to-air missile systems"}
    assert items["weapons and equipment"].quantity == "$2 million"
    assert all(e.modality == "planned" and e.to == "Grey Fox group" for e in evs)


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_items_that_went_missing_are_a_loss(pipe: Language) -> None:
    (e,) = events(pipe, "An audit found that 40 rifles went missing from Depot D-7 in 2021.")
    assert (e.type, e.item, e.quantity, e.from_) == ("LOSS", "rifles", "40", "Depot D-7")
    (f,) = events(pipe, "Inspectors said 12 pistols remain unaccounted for at the Palanca crossing point.")
    assert (f.type, f.item, f.place) == ("LOSS", "pistols", "Palanca")


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_holding_weapons_is_storage(pipe: Language) -> None:
    (e,) = events(pipe, "The Grey Fox group held 300 AK-47 rifles at a farm near Town Q in June 2022.")
    # with a parse, the premises are written with their town (as the real corpus's gold has them)
    place = "a farm near Town Q" if pipe.has_pipe("parser") else "Town Q"
    assert (e.type, e.item, e.quantity, e.to, e.place, e.date) == (
        "STORAGE",
        "AK-47 rifles",
        "300",
        "Grey Fox group",
        place,
        "June 2022",
    )


def test_smuggling_to_a_destination_or_out_of_a_country_is_a_transfer(nlp: Language) -> None:
    evs = events(nlp, "The Grey Fox network organised the smuggling of pistols via couriers from Town Q to Town K.")
    assert [(e.type, e.item, e.to) for e in evs] == [("TRANSFER", "pistols", "Town K")]
    (out,) = events(nlp, "Investigators said pistols smuggled out of Moldova in 2015 reached the Black Heron group.")
    assert out.type == "TRANSFER"


def test_date_ranges_and_coordinated_places_are_kept_whole(nlp: Language) -> None:
    (e,) = events(nlp, "Between March and May 2021 the broker sold 40 mortars to the Grey Fox group.")
    assert e.date == "Between March and May 2021" and e.date_value is not None
    evs = events(nlp, "Some forty rifles were seized in Slovenia and Croatia on 14 June.")
    assert [(e.item, e.place, e.date) for e in evs] == [("rifles", "Slovenia and Croatia", "14 June")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_weapons_in_the_possession_of_a_group_are_an_observation(pipe: Language) -> None:
    (e,) = events(pipe, "Monitors photographed 30 AK-47 rifles in the possession of the Grey Fox group near Town Q.")
    assert (e.type, e.item, e.quantity, e.to, e.place) == (
        "OBSERVATION",
        "AK-47 rifles",
        "30",
        "Grey Fox group",
        "Town Q",
    )


def test_a_past_passive_act_on_a_category_is_kept(nlp: Language) -> None:
    (e,) = events(nlp, "Rifles were stolen.")
    assert (e.type, e.item) == ("THEFT", "Rifles")
    assert not events(nlp, "Rifles are often stolen.")


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_more_custody_words_of_reports(pipe: Language) -> None:
    (ret,) = events(pipe, "The sergeant returned 12 pistols to the 12th Mechanized Brigade in April.")
    assert (ret.type, ret.item, ret.to) == ("TRANSFER", "pistols", "12th Mechanized Brigade")
    (imp,) = events(pipe, "The Panel documented the importation of 300 mortars by the Grey Fox group.")
    assert (imp.type, imp.item, imp.from_, imp.to) == ("TRANSFER", "mortars", None, "Grey Fox group")
    (off,) = events(pipe, "Crews offloaded 40 tons of ammunition at Port Q on 3 May.")
    assert (off.type, off.item, off.quantity, off.place) == ("DELIVERY", "ammunition", "40 tons", "Port Q")


def test_maritime_places_and_the_carrier_seized_from(nlp: Language) -> None:
    evs = events(nlp, "The navy intercepted a dhow carrying 300 rifles off the coast of Somalia on 2 June.")
    by_item = {e.item: e for e in evs}
    assert set(by_item) == {"dhow", "rifles"}
    assert by_item["rifles"].from_ == "dhow" and by_item["dhow"].from_ is None
    assert all(e.place == "off the coast of Somalia" and e.to == "navy" for e in evs)
    (e,) = events(nlp, "Customs officers intercepted 12 pistols at sea.")
    assert e.place == "at sea"


def test_a_system_named_in_the_plural_is_the_item_as_written(both: Language) -> None:
    evs = events(both, "Customs officers in Velmora seized Kalashnikovs from the smugglers.")
    assert summary(evs) == {("SEIZURE", "Kalashnikovs")}
    assert evs[0].system == "AK-47"


def test_two_counted_lots_of_one_class_in_a_sentence_are_two_events(both: Language) -> None:
    evs = events(both, "Troops in Velmora seized nine magazines, a rifle and a pistol with two magazines.")
    assert sorted(e.quantity or "" for e in evs if e.item == "magazines") == ["nine", "two"]
