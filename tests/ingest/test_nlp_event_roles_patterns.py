"""Event roles in the patterns real reporting writes them, serials in their written forms, dates.

Roles are written the way the corpus gold writes them (../shared/corpus/README.md: "as
written"): a giver or receiver is the whole noun phrase, appositions and coordinations included
("Tomas Varga, a licensed broker, and his associate Ilse Berend"), and the extraction's
``from_``/``to`` keep the actor's name for the graph. Every sentence is written for this test;
every person, group, ship, place and serial in it is made up.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from spacy.language import Language

from graph.ids import item_id, normalize_serial
from ingest.nlp import extract
from ingest.nlp.dates import PartialDate, normalize_date, shift_relative
from ingest.nlp.extract import ExtractedEvent
from tests.ingest.scored import one, scored


def similar(a: str | None, b: str | None) -> bool:
    """The shared scorer's role match: at least half of the words shared, either way."""
    if not a or not b:
        return not a and not b
    wa, wb = (Counter(re.findall(r"[\w$.,-]+", s.lower())) for s in (a, b))
    common = sum((wa & wb).values())
    return common > 0 and common >= 0.5 * sum(wa.values()) and common >= 0.5 * sum(wb.values())


# ---- roles written as long phrases -------------------------------------------------------------


def test_receiver_written_with_along_with_is_the_whole_phrase(nlp: Language) -> None:
    text = "Harbour Police crews along with Marsk Customs Directorate officers seized 40 pistols near Velden."
    event = one(scored(nlp, text), "SEIZURE", "pistols")
    assert similar(event["to"], "Harbour Police crews along with Marsk Customs Directorate officers"), event


def test_appositions_and_coordinated_givers_are_one_role_as_written(nlp: Language) -> None:
    text = ("Tomas Varga, a licensed arms broker, and his associate Ilse Berend sold 300 rifles to the "
            "Crimson Vale militia.")
    event = one(scored(nlp, text), "TRANSFER", "rifles")
    assert similar(event["from"], "Tomas Varga, a licensed arms broker, and his associate Ilse Berend"), event
    assert similar(event["to"], "Crimson Vale militia"), event


def test_a_receiver_with_a_participle_keeps_it_and_drops_the_relative_clause(nlp: Language) -> None:
    text = ("The Orlen Arms Company sold 12 sniper rifles to two undercover officers working with the "
            "Harlow Police, who posed as buyers.")
    event = one(scored(nlp, text), "TRANSFER", "sniper rifles")
    assert event["to"] == "two undercover officers working with the Harlow Police", event


def test_an_aside_after_a_comma_is_not_part_of_the_giver(nlp: Language) -> None:
    text = "The Tarvos crime network, with the help of its accomplices, smuggled 200 pistols to Italy."
    event = one(scored(nlp, text), "TRANSFER", "pistols")
    assert event["from"] == "Tarvos crime network", event


def test_the_graph_keeps_the_actor_name_beside_the_phrase_as_written(nlp: Language) -> None:
    text = ("Tomas Varga, a licensed arms broker, and his associate Ilse Berend sold 300 rifles to the "
            "Crimson Vale militia.")
    event = next(e for e in extract(nlp, text).events if e.type == "TRANSFER")
    assert event.from_written is not None and event.from_ is not None
    assert event.from_ != event.from_written and event.from_ in event.from_written


# ---- unnamed parties, pronouns, definite descriptions -------------------------------------------


def test_unnamed_giver_and_receiver_of_a_purchase(nlp: Language) -> None:
    text = "The defendant purchased 500 rounds of ammunition from a civilian acquaintance."
    event = one(scored(nlp, text), "TRANSFER", "ammunition")
    assert similar(event["from"], "civilian acquaintance") and similar(event["to"], "defendant"), event


def test_a_vessel_that_hands_over_is_the_giver(nlp: Language) -> None:
    text = "The patrol boat handed over 30 rifles to the frigate Kestrel."
    event = one(scored(nlp, text), "TRANSFER", "rifles")
    assert similar(event["from"], "patrol boat"), event


def test_he_in_reported_speech_is_the_speaker(nlp: Language) -> None:
    text = "A former quartermaster admitted on Tuesday that he stole 60 pistols from the Dorn depot."
    event = one(scored(nlp, text), "THEFT", "pistols")
    assert similar(event["to"], "former quartermaster"), event


def test_the_service_is_written_as_such_and_resolved_to_its_own_name(nlp: Language) -> None:
    text = ("The Lindau Border Service inspected a lorry at the Ports and Harbour Services Terminal. "
            "The service seized 20 rifles.")
    events = [e for e in extract(nlp, text).events if e.type == "SEIZURE" and e.item == "rifles"]
    assert [e.to for e in events] == ["Lindau Border Service"], events
    assert similar(events[0].to_written, "The service")


# ---- from whom, and whose route ----------------------------------------------------------------


def test_seized_from_a_ship_whose_route_is_told_in_a_reduced_relative(nlp: Language) -> None:
    text = "A patrol ship seized 800 rifles from a dhow believed to be headed from Moldova to Georgia."
    events = scored(nlp, text)
    seizure = one(events, "SEIZURE", "rifles")
    assert seizure["from"] == "dhow", events
    moved = [e for e in events if e["type"] == "TRANSFER"]
    assert [(e["from"], e["to"]) for e in moved] == [("Moldova", "Georgia")], events


def test_seized_goods_bound_for_a_group_give_the_transfer_they_interrupted(nlp: Language) -> None:
    text = "Police seized 50 mortars bound for the Red Jackal militia in Tessar."
    moved = one(scored(nlp, text), "TRANSFER", "mortars")
    assert moved["to"] == "Red Jackal militia in Tessar", moved


# ---- serials in their written forms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "serial"),
    [
        ("Border police seized a Javelin command launch unit, serial no. JV 7733, from P. Lorvan.", "JV 7733"),
        ("Customs officers confiscated a rifle with serial number ST-20416 from a trader in Velmar.", "ST-20416"),
        ("Police recovered a pistol, s/n KB-1182, from a car in Lindau.", "KB-1182"),
        ("A rifle bearing serial number 88-AB-1021 was stolen from the Dorn depot in late 2020.", "88-AB-1021"),
        ("Soldiers seized 2,000 rounds of 7.62 mm ammunition from lot 22-0415 from the militia.", "22-0415"),
    ],
)
@pytest.mark.parametrize("pipe", ["nlp", "blank"])
def test_a_serial_in_its_written_form_is_the_item(text: str, serial: str, pipe: str,
                                                  request: pytest.FixtureRequest) -> None:
    events = extract(request.getfixturevalue(pipe), text).events
    items = [e.item for e in events]
    assert items == [serial], events  # one event, whose item is the serial (not also "pistol")


def test_seized_from_whom_beside_a_serial_with_a_space(nlp: Language, blank: Language) -> None:
    text = "On 3 May 2021, border police seized a Javelin command launch unit, serial no. JV 7733, from P. Lorvan."
    event = one(scored(nlp, text), "SEIZURE", "JV 7733")
    assert event["from"] == "P. Lorvan" and event["to"] == "border police", event
    assert one(scored(blank, text), "SEIZURE", "JV 7733")["date_value"] == "2021-05-03"


def test_a_serial_told_in_a_later_sentence_is_the_sighted_item(nlp: Language) -> None:
    text = ("Investigators photographed an AK-103 rifle in the hands of Grey Wolf fighters near Ostrava on "
            "4 June 2020. The serial plate on the receiver is legible and reads ST20416.")
    events = extract(nlp, text).events
    assert [e.item for e in events] == ["ST20416"], events


@pytest.mark.parametrize("written", ["JV 7733", "JV-7733", "JV7733", "jv 7733", "S/N JV 7733", "serial no. JV-7733"])
def test_serials_with_or_without_space_or_dash_are_one_item(written: str) -> None:
    assert normalize_serial(written) == normalize_serial("JV-7733")
    assert item_id(serial=written) == item_id(serial="JV-7733")


# ---- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("between March and May 2019", "2019"),  # the smallest period holding the range
        ("from June to August 2020", "2020"),
        ("12-14 March 2021", "2021-03"),
        ("between 3 and 5 June 2019", "2019-06"),
        ("Between November 2007 and February 2008", "2007-11"),  # across years: where it starts
        ("on or about 12 June 2019", "2019-06-12"),
        ("in late 2020", "2020"),
        ("March 2024", "2024-03"),
    ],
)
def test_date_ranges_and_hedged_dates_normalise(written: str, value: str) -> None:
    assert normalize_date(written, "2024-06-01") == value


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("The following day", "2019-07-01"),
        ("the next morning", "2019-07-01"),
        ("two days later", "2019-07-02"),
        ("a week earlier", "2019-06-23"),
        ("the day before", "2019-06-29"),
        ("the same day", "2019-06-30"),
        ("the following month", "2019-07"),
    ],
)
def test_relative_dates_count_from_the_date_before(written: str, value: str) -> None:
    assert shift_relative(written, PartialDate(2019, 6, 30)) == value
    # a relative day cannot be told from a month
    assert shift_relative("the following day", PartialDate(2019, 6)) is None


def test_the_following_day_takes_its_date_from_the_earlier_sentence(nlp: Language, blank: Language) -> None:
    text = ("On 12 June 2019 the rifles were sold to the Amber Lynx group. "
            "The following day the group handed the rifles to a broker.")
    for pipe in (nlp, blank):
        events: list[ExtractedEvent] = [e for e in extract(pipe, text).events if e.type in ("TRANSFER", "HANDOVER")]
        assert sorted(e.date_value for e in events if e.date_value) == ["2019-06-12", "2019-06-13"], events


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        ("The battalion handed over 12 mortars to the Ostland Border Guard in late 2020.", "late 2020", "2020"),
        ("Kestrel Logistics shipped 300 rifles to Ostland between March and May 2019.",
         "between March and May 2019", "2019"),
        ("On or about 12 June 2019, the rifles were sold to the Amber Lynx group.", "On or about 12 June 2019",
         "2019-06-12"),
    ],
)
@pytest.mark.parametrize("pipe", ["nlp", "blank"])
def test_the_date_role_is_the_whole_expression_as_written(text: str, written: str, value: str, pipe: str,
                                                          request: pytest.FixtureRequest) -> None:
    events = extract(request.getfixturevalue(pipe), text, "2024-03-10").events
    assert [(e.date, e.date_value) for e in events] == [(written, value)], events


@pytest.mark.parametrize(
    ("text", "written", "value"),
    [
        # the report is of Thursday 14 March 2024: its Monday is the 11th, its yesterday the 13th
        ("Harbour police seized 30 pistols from a van in Velden on Monday.", "Monday", "2024-03-11"),
        ("Thieves stole 12 rifles from the Marsk armoury yesterday.", "yesterday", "2024-03-13"),
        ("The Amber Lynx group sold 40 rifles to a broker last year.", "last year", "2023"),
        # a stretch back from the report's day is kept as written, with no calendar value
        ("Customs officers seized 300 pistols at Velden over the past year.", "over the past year", None),
    ],
)
@pytest.mark.parametrize("pipe", ["nlp", "blank"])
def test_a_time_told_from_the_reports_day_is_the_date_role(text: str, written: str, value: str | None, pipe: str,
                                                          request: pytest.FixtureRequest) -> None:
    events = extract(request.getfixturevalue(pipe), text, "2024-03-14").events
    assert [(e.date, e.date_value) for e in events] == [(written, value)], events


def test_a_weekday_in_an_undated_report_has_no_calendar_value(blank: Language) -> None:
    events = extract(blank, "Harbour police seized 30 pistols in Velden on Monday.").events
    assert [(e.date, e.date_value) for e in events] == [("Monday", None)], events


def test_a_year_in_brackets_after_a_resolution_is_no_date(blank: Language) -> None:
    text = "The group sold 40 rifles to the Amber Lynx group in violation of resolution 2216 (2015)."
    assert [e.date for e in extract(blank, text).events] == [None]


def test_an_act_or_a_dateline_is_no_party(nlp: Language) -> None:
    raid = one(scored(nlp, "The raid seized 200 rifles in Velden."), "SEIZURE", "rifles")
    assert raid["to"] is None, raid  # the raid is what happened, not who seized
    text = "VELDEN, Ostland – A former storekeeper admitted Monday that he stole 90 rifles."
    theft = one(scored(nlp, text), "THEFT", "rifles")
    assert theft["to"] != "VELDEN, Ostland", theft


# ---- dates that are not dates ------------------------------------------------------------------


@pytest.mark.parametrize("which", ["blank", "nlp"])
def test_a_numbered_resolution_is_no_event_date(request: pytest.FixtureRequest, which: str) -> None:
    """ "in breach of resolution 1945": the number names a resolution, not the year of the sale."""
    pipe: Language = request.getfixturevalue(which)
    text = "The dealer sold rifles to the Grey Fox group in breach of resolution 1945."
    ev = one(scored(pipe, text), "TRANSFER", "rifles")
    assert ev["date"] is None
    text = "In 2019 the dealer sold rifles to the Grey Fox group under Article 2015."
    ev = one(scored(pipe, text), "TRANSFER", "rifles")
    assert ev["date"] == "2019"


def test_a_sentence_of_months_after_a_date_is_not_part_of_it(nlp: Language) -> None:
    """ "sentenced on July 6th to 50 months": the date is July 6th, the duration is no date."""
    text = "The broker, who sold 30 rifles to the Grey Fox group, was sentenced on July 6th to 50 months in prison."
    ev = one(scored(nlp, text), "TRANSFER", "rifles")
    assert ev["date"] == "July 6th"


def test_a_unit_describing_a_person_is_not_the_person(nlp: Language) -> None:
    """ "a 19-year Army veteran sold ...": the veteran sold, not the army that describes him."""
    (ev,) = extract(nlp, "A 19-year Army veteran sold 12 rifles to the Grey Fox group.", "2024-03-10").events
    assert ev.from_ == "19-year Army veteran"  # the actor in the graph, not only the words written
    (ev,) = extract(nlp, "The Blue Brigade sold 12 rifles to the Grey Fox group.", "2024-03-10").events
    assert ev.from_ == "Blue Brigade"


@pytest.mark.parametrize("which", ["blank", "nlp"])
def test_goods_bought_on_behalf_of_a_group_are_received_by_it(request: pytest.FixtureRequest, which: str) -> None:
    """ "bought 30 pistols on behalf of the group": the group the broker bought for receives them."""
    pipe: Language = request.getfixturevalue(which)
    (ev,) = extract(pipe, "The broker bought 30 pistols on behalf of the Grey Fox group.", "2024-03-10").events
    assert (ev.type, ev.item, ev.to) == ("TRANSFER", "pistols", "Grey Fox group")


@pytest.mark.parametrize("which", ["blank", "nlp"])
def test_a_seized_shipment_destined_for_a_group_names_its_receiver(request: pytest.FixtureRequest, which: str) -> None:
    """ "seized 30 pistols destined for the group": the interrupted transfer's receiver is the group."""
    pipe: Language = request.getfixturevalue(which)
    evs = extract(pipe, "Police seized 30 pistols destined for the Grey Fox group.", "2024-03-10").events
    assert [(e.type, e.to) for e in evs] == [("SEIZURE", "Police"), ("TRANSFER", "Grey Fox group")]


def test_an_agency_acronym_is_no_event_place(nlp: Language) -> None:
    """ "seized 40 rifles at NCIS": the agency's acronym is not where it happened."""
    (ev,) = extract(nlp, "Customs officers seized 40 rifles at NCIS.", "2024-03-10").events
    assert (ev.type, ev.place) == ("SEIZURE", None)
    (ev,) = extract(nlp, "Customs officers seized 40 rifles in Dovra.", "2024-03-10").events
    assert ev.place == "Dovra"


# ---- the one charged with the act does it ------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "etype", "item", "role", "who"),
    [
        # passive charge: the subject was jailed for the act
        ("Two cousins were jailed for smuggling 14 pistols into Marvania.", "TRANSFER", "pistols", "from",
         "Two cousins"),
        # active arrest: the object was arrested on suspicion of the act, named by a noun
        ("Officers arrested the van driver on suspicion of the importation of revolvers.", "TRANSFER",
         "revolvers", "from", "van driver"),
        # "on allegations of stealing": the arrested are the thieves
        ("Guards detained four recruits on allegations of stealing ammunition from the Kessel depot.",
         "THEFT", "ammunition", "to", "four recruits"),
        # "indicted X for trying to smuggle": through the attempt
        ("A grand jury indicted two traders for trying to smuggle rifles to Orvania.", "TRANSFER", "rifles",
         "from", "two traders"),
        # a relative clause: "soldiers who engaged in the sale of"
        ("Police arrested sergeants who were engaged in the business of selling grenades to the Ash Wolves.",
         "TRANSFER", "grenades", "from", "sergeants"),
        # the active charge names the accused as its object, not the prosecutor who charges
        ("Prosecutors charged Lida Mertz with the theft of 30 carbines.", "THEFT", "carbines", "to", "Lida Mertz"),
        # serving a sentence for the act
        ("Two Kessel teens will each serve a year in prison for attempting to smuggle six rifles into Orvania.",
         "TRANSFER", "rifles", "from", "Two Kessel teens"),
        # "pleaded guilty to attempting to export": the one pleading
        ("Marek Dolan pleaded guilty to knowingly attempting to export 900 rounds of rifle ammunition.",
         "TRANSFER", "rifle ammunition", "from", "Marek Dolan"),
        # "involved in a conspiracy to export": whoever is in the plot
        ("The defendant was involved in a conspiracy to illegally export pistols to Peru along with his cousin.",
         "TRANSFER", "pistols", "from", "defendant"),
        # "charges against X, a broker, and his partner Y for conspiring to sell": all the accused
        ("Prosecutors announced charges against Daniel Hartley, a freight broker, and his partner Susan Moore "
         "for conspiring to sell rifles to the Red Vale Front.", "TRANSFER", "rifles", "from",
         "Daniel Hartley, a freight broker, and his partner Susan Moore"),
    ],
)
def test_the_one_charged_with_the_act_is_its_doer(nlp: Language, text: str, etype: str, item: str, role: str,
                                                 who: str) -> None:
    event = one(scored(nlp, text), etype, item)
    assert similar(event[role], who), event


def test_a_charge_does_not_make_the_prosecutor_a_party(nlp: Language) -> None:
    text = "A grand jury indicted two traders for trying to smuggle rifles to Orvania."
    assert "jury" not in str(one(scored(nlp, text), "TRANSFER", "rifles")["from"])


# ---- datelines, waters and coasts, clauses describing a party ----------------------------------


def test_a_dateline_is_neither_the_seizing_party_nor_the_place(nlp: Language) -> None:
    text = "KELLOW, Norland — A Varstad Navy frigate has seized 300 rifles off the Brenmark coast."
    event = one(scored(nlp, text), "SEIZURE", "rifles")
    assert similar(event["to"], "A Varstad Navy frigate") and "KELLOW" not in str(event["to"]), event
    assert event["place"] == "off the Brenmark coast", event


def test_a_dateline_before_reported_speech_is_not_the_speaker(nlp: Language) -> None:
    text = "KELLOW, Norland – A former Norland Army armorer admitted Monday that he stole 40 pistols."
    event = one(scored(nlp, text), "THEFT", "pistols")
    assert similar(event["to"], "former Norland Army armorer"), event


def test_a_named_sea_without_an_entity_is_the_place(nlp: Language) -> None:
    text = "A shipment of rifles was seized by a Varstad Navy ship in the Kessian sea on May 3."
    event = one(scored(nlp, text), "SEIZURE", "rifles")
    assert event["place"] == "Kessian sea" and event["date"] == "May 3", event


def test_where_a_ship_was_built_is_not_where_it_seized(nlp: Language) -> None:
    text = "A Varstad Navy frigate built at Orsk Shipworks in 2004 seized 300 rifles in the Kessian sea."
    assert one(scored(nlp, text), "SEIZURE", "rifles")["place"] == "Kessian sea"


# ---- who seized, when the sentence says it only in passing -------------------------------------


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Six pistols were seized following a Norland Crime Agency operation at a depot in Kessel.",
         "Norland Crime Agency"),
        ("Forty rifles were recovered during a police raid in Kessel.", "police"),
    ],
)
def test_a_seizure_is_made_by_whoever_ran_the_operation(nlp: Language, text: str, who: str) -> None:
    event = next(e for e in scored(nlp, text) if e["type"] == "SEIZURE")
    assert similar(event["to"], who), event


def test_two_of_its_ships_are_the_seizing_party(nlp: Language) -> None:
    text = "The Varstad Navy said that two of its patrol ships seized 300 rifles from a dhow in the Kessian Sea."
    assert similar(one(scored(nlp, text), "SEIZURE", "rifles")["to"], "two of its patrol ships")


def test_goods_seized_from_the_vessel_boarded_in_the_same_breath(nlp: Language) -> None:
    text = "HMS Tarrow boarded a stateless dhow and seized 300 rifles."
    event = one(scored(nlp, text), "SEIZURE", "rifles")
    assert event["from"] == "stateless dhow" and event["to"] == "HMS Tarrow", event


def test_a_passive_seizure_after_an_interception_takes_its_roles(nlp: Language) -> None:
    text = "The dhow was intercepted by HMS Tarrow in the Gulf of Kessia on 12 May 2019, and 300 rifles were seized."
    event = one(scored(nlp, text), "SEIZURE", "rifles")
    assert (event["from"], event["to"]) == ("dhow", "HMS Tarrow"), event
    assert event["place"] == "Gulf of Kessia" and event["date"] == "12 May 2019", event


def test_a_carrier_misparsed_as_a_clause_subject_is_still_what_goods_were_seized_from(nlp: Language) -> None:
    text = ("In March 2018, a dhow carrying 2,000 rifles from Varstad was intercepted off the coast of Kessia "
            "by HMS Tarrow.")
    event = one(scored(nlp, text), "SEIZURE", "rifles")
    assert (event["from"], event["to"]) == ("dhow", "HMS Tarrow"), event


def test_the_means_of_transport_is_no_party(nlp: Language) -> None:
    text = "The rifles were unloaded at Orsk port and transported by road to Kessel."
    assert all(e["from"] != "road" for e in scored(nlp, text))


# ---- goods passed on after they were taken -----------------------------------------------------


def test_goods_seized_by_one_and_handed_on_are_given_by_the_one_who_seized_them(nlp: Language) -> None:
    text = "Rifles seized by the Varstad Navy in 2016 were later transferred to the Kessia Coast Guard."
    moved = next(e for e in scored(nlp, text) if e["type"] in ("TRANSFER", "HANDOVER"))
    assert (moved["from"], moved["to"], moved["date"]) == ("Varstad Navy", "Kessia Coast Guard", None), moved
    seized = one(scored(nlp, text), "SEIZURE", "Rifles")
    assert (seized["to"], seized["date"]) == ("Varstad Navy", "2016"), seized


def test_the_date_of_the_handover_is_not_the_seizure_s(nlp: Language) -> None:
    text = "The 400 rifles captured by the frigate were handed over to the Kessia Coast Guard on 3 May."
    assert one(scored(nlp, text), "SEIZURE", "rifles")["date"] is None


def test_an_arrest_on_suspicion_of_an_act_makes_it_alleged(nlp: Language) -> None:
    text = "Officers arrested the van driver on suspicion of the importation of revolvers."
    event = next(e for e in extract(nlp, text).events if e.item == "revolvers")
    assert event.modality == "alleged", event


def test_a_destination_no_entity_rule_knows_is_the_receiver_as_written(nlp: Language) -> None:
    text = "The Tarvos network smuggled 40 rifles from Varstad to Kessel."
    assert scored(nlp, text)[0]["to"] == "Kessel"


# ---- what seized goods were taken from ---------------------------------------------------------


def test_goods_seized_from_a_carrier_are_taken_from_it_not_from_its_origin(both: Language) -> None:
    text = "Last May, the coast guard seized 500 pistols from a trawler in the Arabian Sea it believes came from Iran."
    event = one(scored(both, text), "SEIZURE", "pistols")
    assert (event["from"], event["to"]) == ("trawler", "coast guard"), event


def test_goods_seized_while_a_vessel_is_searched_are_taken_from_the_vessel(nlp: Language) -> None:
    text = "Coast guard officers seized 40 rifles while inspecting a dhow off the coast of Varn."
    assert one(scored(nlp, text), "SEIZURE", "rifles")["from"] == "dhow"


def test_verbs_of_one_act_in_a_row_share_the_receiver_the_last_names(both: Language) -> None:
    text = ("The indictment alleges that on 3 May 2021 the defendants exported, attempted to export, or caused to "
            "be exported to Chile controlled articles, specifically: 12 rifles; 4,000 rounds of ammunition; and "
            "20 magazines.")
    events = scored(both, text)
    assert [e["to"] for e in events if e["item"] in ("rifles", "ammunition", "magazines")] == ["Chile"] * 3, events


def test_a_relative_clause_hung_on_a_place_is_said_of_the_noun_the_place_locates(nlp: Language) -> None:
    text = "The receivers were traced to a company in Tucson, Arizona, which was shipping rifle parts to Ortega."
    event = one(scored(nlp, text), "DELIVERY", "rifle parts")
    assert (event["from"], event["to"]) == ("company in Tucson, Arizona", "Ortega"), event



def test_a_package_listed_after_a_partyless_mention_takes_the_parties_of_the_act_told_first(nlp: Language) -> None:
    text = ("Today the Kessian Ministry of Defence approved a drawdown of $50 million in weapons and equipment "
            "from army stocks. This is the largest drawdown to date. The package provides a large amount of "
            "ammunition and vehicles. The capabilities in this package include the following: 300 rifles; "
            "20 mortar systems and 4,000 rounds of mortar ammunition; and medical supplies.")
    events = scored(nlp, text)
    assert one(events, "TRANSFER", "rifles")["from"] == "Kessian Ministry of Defence", events
    assert one(events, "TRANSFER", "mortar systems")["from"] == "Kessian Ministry of Defence", events


@pytest.mark.parametrize(
    "second",
    ["Its boarding team seized 900 rifles.", "A total of 900 rifles were seized."],
)
def test_goods_seized_by_a_party_pointing_back_come_from_the_vessel_stopped_before(nlp: Language,
                                                                                   second: str) -> None:
    text = "On 12 March 2021 the frigate HMS Tarrow stopped a dhow off Socotra. " + second
    assert one(scored(nlp, text), "SEIZURE", "rifles")["from"] == "dhow"


def test_a_seizing_party_of_its_own_takes_nothing_from_a_vessel_stopped_before(nlp: Language) -> None:
    text = "The navy stopped a dhow on Monday. On Tuesday customs officers seized 500 rifles at Aden port."
    assert one(scored(nlp, text), "SEIZURE", "rifles")["from"] is None


# ---- clauses set before the act, agents of act nouns -------------------------------------------


def test_the_open_sea_the_act_names_is_its_place_not_where_others_were(nlp: Language) -> None:
    text = ("Coordinating with watchstanders at Coast Guard Sector Miami, Florida, CBP agents intercepted the dhow "
            "at sea.")
    event = one(scored(nlp, text), "SEIZURE", "dhow")
    assert (event["place"], event["to"]) == ("at sea", "CBP agents"), event


def test_a_participle_clause_before_the_act_gives_it_neither_giver_nor_place(nlp: Language) -> None:
    text = "Acting on a tip from police in Dunmore, customs officers seized 40 rifles."
    event = one(scored(nlp, text), "SEIZURE", "rifles")
    assert (event["from"], event["place"]) == (None, None), event


def test_an_act_noun_s_agent_with_its_article_is_the_giver(nlp: Language) -> None:
    text = ("The Panel has observed that the supply of rifles to militia forces by the coalition is contributing to "
            "instability.")
    event = one(scored(nlp, text), "TRANSFER", "rifles")
    assert (event["from"], event["to"]) == ("coalition", "militia forces"), event
    text = "The transfer of 40 rifles by truck to Kessel was reported."
    assert one(scored(nlp, text), "TRANSFER", "rifles")["from"] is None


def test_the_store_robbed_is_what_stolen_goods_were_taken_from(nlp: Language) -> None:
    text = "Two soldiers stole 12 pistols from the armory at Fort Kell."
    event = one(scored(nlp, text), "THEFT", "pistols")
    assert (event["from"], event["to"], event["place"]) == ("armory", "Two soldiers", "Fort Kell"), event
    text = "In May, 30 rifles were stolen from a locked storage container at the depot."
    assert one(scored(nlp, text), "THEFT", "rifles")["from"] == "locked storage container"
