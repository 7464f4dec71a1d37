"""Event roles by classes of construction that recur across real reports (subject control,
helpers told only as someone's own and a ship's name after its class, both written whole,
carriers as the record names them, stretches of time, a party's seat). Every sentence is
written for this test; every person, group, ship and place in it is made up."""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import one
from tests.ingest.scored import scored as events

# ---- subject control: a clause without a subject has its main verb's -------------------------


def test_who_lies_on_a_form_to_buy_a_pistol_is_the_buyer(nlp: Language) -> None:
    text = "The indictment alleges Dorran Pell gave false information to buy a 9mm pistol for Ilka Brandt on May 4."
    event = one(events(nlp, text), "TRANSFER", "9mm pistol")
    assert event["to"] == "Dorran Pell", event


def test_who_signs_while_purchasing_rifles_is_the_buyer(nlp: Language) -> None:
    text = "Mara Quill signed a false statement while purchasing three rifles for a trafficker."
    event = one(events(nlp, text), "TRANSFER", "rifles")
    assert event["to"] == "Mara Quill", event


# ---- givers and receivers as written --------------------------------------------------------


def test_partners_told_only_as_one_s_own_are_written_in_the_giver(nlp: Language) -> None:
    """The gold writes the phrase as the sentence does ("the defendants and their co-conspirators");
    the graph's actor is the one named."""
    text = "Prosecutors said Bram Osler and his co-conspirators sold 30 pistols to buyers in Vell."
    event = one(events(nlp, text), "TRANSFER", "pistols")
    assert (event["from"], event["from_actor"]) == ("Bram Osler and his co-conspirators", "Bram Osler"), event


def test_a_named_partner_stays_in_the_giver(nlp: Language) -> None:
    text = "Prosecutors said Bram Osler and his associate Tilde Varn sold 30 pistols to buyers in Vell."
    event = one(events(nlp, text), "TRANSFER", "pistols")
    assert event["from"] is not None and "Tilde Varn" in event["from"], event


def test_a_ship_named_after_its_class_is_written_with_its_class_and_acts_by_name(nlp: Language) -> None:
    text = "The patrol ship HMS Arvel seized 200 rifles from a dhow in the Sea of Kell."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert (event["to"], event["to_actor"]) == ("patrol ship HMS Arvel", "HMS Arvel"), event


def test_a_seizing_ship_carried_to_a_list_told_after_is_written_as_before(nlp: Language) -> None:
    """ "The cargo included ...": the seizing party comes from the sentence before, as it wrote it."""
    text = ("The coastal patrol ship HMS Arvel seized a shipment of weapons. "
            "The cargo included 300 rifles and 20 grenades.")
    found = events(nlp, text)
    assert {e["to"] for e in found} == {"coastal patrol ship HMS Arvel"}, found
    assert {e["item"] for e in found} >= {"rifles", "grenades"}, found


def test_verbs_of_one_act_share_a_receiver_no_entity_rule_knows(nlp: Language) -> None:
    text = ("The indictment alleges that on 3 May 2021 the defendants exported, attempted to export, or caused to "
            "be exported to Norvessa articles on the control list, specifically: 12 rifles; and 20 magazines.")
    found = events(nlp, text)
    assert [e["to"] for e in found if e["item"] in ("rifles", "magazines")] == ["Norvessa"] * 2, found


def test_an_unnamed_organization_is_a_party_with_its_modifiers(nlp: Language) -> None:
    text = "Customs officers seized 40 rifles from a drug trafficking organization near Tellow."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["from"] == "drug trafficking organization", event


# ---- carriers -------------------------------------------------------------------------------


def test_a_carrier_is_named_by_its_head_and_the_words_right_before_it(nlp: Language) -> None:
    found = events(nlp, "The frigate seized 80 rifles hidden aboard a small, stateless dhow.")
    assert one(found, "SEIZURE", "rifles")["from"] == "stateless dhow", found
    found = events(nlp, "Customs officers seized 300 rifles from a 20-foot shipping container.")
    assert one(found, "SEIZURE", "rifles")["from"] == "20-foot shipping container", found


def test_goods_seized_from_a_boat_smuggling_them_come_from_the_boat(nlp: Language) -> None:
    found = events(nlp, "The cutter Arden intercepted a skiff smuggling 60 rifles and seized the rifles.")
    assert one(found, "SEIZURE", "rifles")["from"] == "skiff", found


# ---- when and where -------------------------------------------------------------------------


def test_a_stretch_of_time_is_the_date_as_written(both: Language) -> None:
    text = "The Holm ring smuggled 90 rifles into Norvessa over a six-month period."
    event = one(events(both, text), "TRANSFER", "rifles")
    assert event["date"] == "over a six-month period", event


def test_a_party_s_seat_is_not_where_the_act_took_place(both: Language) -> None:
    text = "The Kessel-based Tarn group sold 40 rifles to the Vale militia."
    event = one(events(both, text), "TRANSFER", "rifles")
    assert event["place"] != "Kessel", event


# ---- receivers of act nouns and of goods meant for someone ----------------------------------


def test_the_buyer_of_a_sale_is_its_receiver_as_written(nlp: Language) -> None:
    text = "Investigators documented the sale of 30 rifles to a local buyer in March 2021."
    event = one(events(nlp, text), "TRANSFER", "rifles")
    assert event["to"] == "local buyer", event


def test_goods_earmarked_for_a_named_party_are_given_to_it(nlp: Language) -> None:
    text = "Some of the rifles were earmarked for a commander of the Vale militia, the monitors said."
    event = one(events(nlp, text), "TRANSFER", "rifles")
    assert event["to"] is not None and "Vale militia" in event["to"], event


def test_goods_sold_for_cash_are_given_to_no_one_named(nlp: Language) -> None:
    text = "The quartermaster sold 12 pistols for cash in May 2020."
    event = one(events(nlp, text), "TRANSFER", "pistols")
    assert event["to"] is None, event


def test_one_party_in_two_phrases_is_written_by_its_name_in_each_role(nlp: Language) -> None:
    text = ("Officers seized 40 rifles from Tarn group positions in Kessel after the rifles had been diverted to "
            "the Tarn group.")
    found = events(nlp, text)
    assert one(found, "DIVERSION", "rifles")["to"] == "Tarn group", found


def test_a_boarding_team_from_the_ship_takes_goods_off_the_vessel_it_stopped(nlp: Language) -> None:
    text = ("The cruiser USS Arden stopped the stateless dhow on May 6. A Coast Guard boarding team from the "
            "cruiser then seized 300 rifles.")
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["from"] == "dhow", event


# ---- waters and stores no entity rule knows -------------------------------------------------


def test_a_gulf_or_sea_named_after_of_is_the_place(nlp: Language) -> None:
    event = one(events(nlp, "The destroyer seized 300 rifles from a dhow in the Gulf of Varn."), "SEIZURE", "rifles")
    assert event["place"] == "Gulf of Varn", event


def test_goods_diverted_from_a_store_come_from_it_as_written(nlp: Language) -> None:
    text = "Ammunition diverted from Varn army stocks ended up with the Tarn militia, the monitors found."
    event = one(events(nlp, text), "DIVERSION", "Ammunition")
    assert event["from"] == "Varn army stocks", event


def test_goods_stolen_at_a_base_are_taken_from_it_and_there(nlp: Language) -> None:
    event = one(events(nlp, "Body armor was among the items stolen at Fort Arvel, prosecutors said."), "THEFT",
                "Body armor")
    assert (event["from"], event["place"]) == ("Fort Arvel", "Fort Arvel"), event


def test_goods_stolen_at_a_shop_in_a_town_are_not_taken_from_the_town(nlp: Language) -> None:
    event = one(events(nlp, "Thieves stole a rifle at a gas station in Kessel."), "THEFT", "rifle")
    assert event["from"] is None, event


def test_goods_handed_to_the_custody_of_a_party_are_received_by_it(nlp: Language) -> None:
    text = "The weapons were transferred to the custody of the Holmland coast guard in Tarnby."
    event = one(events(nlp, text), "TRANSFER", "weapons")
    assert event["to"] is not None and "Holmland coast guard" in event["to"], event


def test_goods_a_party_seized_in_a_relative_clause_are_handed_on_by_that_party(nlp: Language) -> None:
    text = ("The weapons, which were seized by the frigate HMS Tolland on 3 May, were handed over to the Holmland "
            "coast guard in Port Arvel.")
    found = [e for e in events(nlp, text) if e["type"] in ("TRANSFER", "HANDOVER")]
    assert [(e["from"], e["from_actor"]) for e in found] == [("frigate HMS Tolland", "HMS Tolland")], found


def test_a_vehicle_only_stopped_is_no_giver(nlp: Language) -> None:
    text = "Police stopped a van near the market and seized 12 rifles."
    assert one(events(nlp, text), "SEIZURE", "rifles")["from"] is None


def test_people_told_by_the_body_they_serve_are_written_with_it(nlp: Language) -> None:
    text = "Officers from the Holmland police seized 12 pistols at Tarnby."
    event = one(events(nlp, text), "SEIZURE", "pistols")
    assert event["to"] == "Officers from the Holmland police", event


def test_unnamed_senders_of_smuggled_goods_are_the_givers_as_written(nlp: Language) -> None:
    text = "The defendants smuggled the rifles across the border into Norvessa in May 2020."
    event = one(events(nlp, text), "TRANSFER", "rifles")
    assert (event["from"], event["to"]) == ("defendants", "Norvessa"), event


def test_the_seizure_of_goods_on_a_vessel_takes_them_from_the_vessel(nlp: Language) -> None:
    text = "The seizure of 300 rifles from a skiff in the Gulf of Varn was the third this year."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert (event["from"], event["place"]) == ("skiff", "Gulf of Varn"), event


def test_unnamed_other_partners_are_written_in_the_seizing_party(nlp: Language) -> None:
    text = "Hundreds of rifles have been seized by the Holmland Border Service and other regional police agencies."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["to"] == "Holmland Border Service and other regional police agencies", event
    assert event["to_actor"] == "Holmland Border Service", event


# ---- a seizure told as the object of doing or announcing it ---------------------------------


def test_who_made_the_seizure_seized(nlp: Language) -> None:
    text = "Customs officers made the seizure of 50 rifles at the Vell crossing."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["to"] == "Customs officers", event


def test_who_announced_the_seizure_seized(nlp: Language) -> None:
    text = "Kell police announced on Friday the seizure of 300 pistols that were hidden in a truck."
    event = one(events(nlp, text), "SEIZURE", "pistols")
    assert event["to"] == "Kell police", event


def test_a_seizure_carried_out_by_a_party_was_made_by_it(nlp: Language) -> None:
    event = one(events(nlp, "The seizure of 50 rifles was carried out by the coast guard."), "SEIZURE", "rifles")
    assert event["to"] == "coast guard", event


def test_who_only_reported_a_seizure_did_not_make_it(nlp: Language) -> None:
    event = one(events(nlp, "The monitoring panel reported the seizure of 20 rifles."), "SEIZURE", "rifles")
    assert event["to"] is None, event


# ---- a description set off by a comma after a party -----------------------------------------


def test_an_age_and_a_home_after_a_name_are_no_part_of_the_party(nlp: Language) -> None:
    text = "Dorran Pell, 41, of Kell, pleaded guilty to stealing 12 rifles from the armory."
    event = one(events(nlp, text), "THEFT", "rifles")
    assert event["to"] == "Dorran Pell", event


def test_a_role_after_a_name_is_no_part_of_the_party(nlp: Language) -> None:
    text = "Tam Orrel, an active duty Air Force member, was arrested for selling 40 rifles to buyers in Vell."
    event = one(events(nlp, text), "TRANSFER", "rifles")
    assert event["from"] == "Tam Orrel", event


def test_a_description_after_an_unnamed_party_is_no_part_of_it(nlp: Language) -> None:
    text = "Officers arrested the lorry driver, a man in his 40s from Kell, on suspicion of the importation of pistols."
    event = one(events(nlp, text), "TRANSFER", "pistols")
    assert event["from"] == "lorry driver", event


def test_names_after_a_comma_stay_in_the_party(nlp: Language) -> None:
    text = "Sergeant Ivo Maran supplied 40 hand grenades to the two officers, Ann Holt and Lee Marr."
    event = one(events(nlp, text), "TRANSFER", "hand grenades")
    assert event["to"] is not None and "Ann Holt" in event["to"] and "Lee Marr" in event["to"], event


def test_a_role_before_a_further_party_stays_in_the_party(nlp: Language) -> None:
    text = "Prosecutors said Bram Osler, a licensed dealer, and his associate Tilde Varn sold 30 pistols to buyers."
    event = one(events(nlp, text), "TRANSFER", "pistols")
    assert event["from"] is not None and "Tilde Varn" in event["from"], event


# ---- two verbs of one loss, one party ---------------------------------------------------------


def test_goods_lost_or_stolen_from_a_party_left_it(nlp: Language) -> None:
    event = one(events(nlp, "At least 300 rifles were lost or stolen from the Kell army in 2019."), "LOSS", "rifles")
    assert event["from"] == "Kell army", event


def test_goods_stolen_from_or_lost_by_a_party_left_it(nlp: Language) -> None:
    text = "Dozens of rifles have been stolen from or lost by the Kell army over the past decade."
    event = one(events(nlp, text), "THEFT", "rifles")
    assert event["from"] == "Kell army", event


def test_goods_stolen_and_then_sold_are_not_sold_from_the_store(nlp: Language) -> None:
    found = events(nlp, "Soldiers stole 40 rifles from the depot and sold them to a gang.")
    assert one(found, "TRANSFER", "rifles")["from"] == "Soldiers", found


# ---- a carrier seized with the goods ------------------------------------------------------------


def test_goods_in_a_seized_container_come_from_it_not_from_its_origin(nlp: Language) -> None:
    text = ("The Bureau of Customs announced the seizure of a container van from Norvessa containing assorted "
            "contraband. The contraband includes a rifle, two pistols and night vision goggles.")
    found = events(nlp, text)
    assert one(found, "SEIZURE", "pistols")["from"] == "container van", found


def test_the_seizure_of_goods_from_a_party_takes_them_from_it(nlp: Language) -> None:
    event = one(events(nlp, "Police announced the seizure of 40 rifles from the Vell gang."), "SEIZURE", "rifles")
    assert event["from"] == "Vell gang", event


# ---- a receiver named between the verb of giving and the count of the goods -------------------


def test_a_party_before_the_count_of_goods_sold_receives_them(nlp: Language) -> None:
    text = ("The report says Kestrel Arms Corp., or Kestrel, sold Norvessa's government 100 anti-tank guided missile "
            "launchers and 1,200 missiles.")
    found = events(nlp, text)
    sold = [e["to"] for e in found if e["item"] in ("anti-tank guided missile launchers", "missiles")]
    assert sold == ["Norvessa's government"] * 2, found


def test_the_country_owning_the_receiver_is_not_where_the_sale_took_place(nlp: Language) -> None:
    event = one(events(nlp, "Officials said the company sold Norvessa's army 40 rifles."), "TRANSFER", "rifles")
    assert (event["to"], event["place"]) == ("Norvessa's army", None), event


def test_a_route_hung_on_the_verb_over_a_handover_is_the_handover_s(nlp: Language) -> None:
    text = "The Arlo Police oversaw the handover of 49 rifles from the Varn Brigade to the National Arms Centre."
    event = one(events(nlp, text), "TRANSFER", "rifles")
    assert (event["from"], event["to"]) == ("Varn Brigade", "National Arms Centre"), event


def test_goods_recovered_before_a_handover_leave_its_receiver_to_it(nlp: Language) -> None:
    text = ("The Arlo Police Service, on Friday, handed over 900 rifles recovered from gangs across the region "
            "to the Tellow Arms Board.")
    event = one(events(nlp, text), "TRANSFER", "rifles")
    assert event["to"] == "Tellow Arms Board", event


def test_an_agency_named_after_the_goods_it_controls_is_named_whole(nlp: Language) -> None:
    name = "National Centre for the Control of Small Arms and Light Weapons"
    found = events(nlp, f"The Arlo Police handed over 900 rifles to the {name}.")
    assert one(found, "TRANSFER", "rifles")["to"] == name, found
    assert [e["item"] for e in found] == ["rifles"], found


def test_premises_are_where_written_with_their_town(nlp: Language) -> None:
    event = one(events(nlp, "Police seized three rifles at a house in Tellow on Monday."), "SEIZURE", "rifles")
    assert event["place"] == "a house in Tellow", event


# ---- counts --------------------------------------------------------------------------------


def test_a_participle_between_the_count_and_the_goods_keeps_the_count(nlp: Language) -> None:
    text = "Police on Wednesday seized two high-powered rifles, a shotgun and much ammunition in Dunmore."
    event = one(events(nlp, text), "SEIZURE", "high-powered rifles")  # the class with its kind, as the gold writes it
    assert event["quantity"] == "two", event


def test_a_hyphenated_word_between_the_count_and_the_goods_keeps_the_count(both: Language) -> None:
    text = "Officers seized three sawn-off shotguns and 12 home-made pistols at a farm near Tellow."
    found = events(both, text)
    assert one(found, "SEIZURE", "shotguns")["quantity"] == "three", found
    assert one(found, "SEIZURE", "pistols")["quantity"] == "12", found
    # "12-gauge" is the shotgun's bore (the category "12-gauge shotgun"), not a count of twelve
    gauge_text = "Officers seized a 12-gauge shotgun at a farm near Tellow."
    gauge = one(events(both, gauge_text), "SEIZURE", "12-gauge shotgun")
    assert gauge["quantity"] is None, gauge


def test_hundreds_of_thousands_of_rounds_is_the_count_of_the_ammunition(both: Language) -> None:
    text = "Police seized hundreds of thousands of rounds of ammunition at the port of Brakka."
    event = one(events(both, text), "SEIZURE", "ammunition")
    assert event["quantity"] == "hundreds of thousands of rounds", event


def test_the_count_of_rounds_of_various_types_is_the_count_of_the_ammunition(both: Language) -> None:
    text = "The army received 24 million rounds of various types of ammunition from Norvessa."
    event = one(events(both, text), "TRANSFER", "ammunition")
    assert event["quantity"] == "24 million rounds", event


# ---- what a seizure took the goods from -----------------------------------------------------


def test_where_the_boat_came_from_is_not_what_the_goods_were_taken_from(nlp: Language) -> None:
    text = "The frigate Arvel seized 40 rifles from a dhow sailing from Norvessa."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["from"] == "dhow", event


def test_goods_seized_belonging_to_a_party_were_taken_from_it(nlp: Language) -> None:
    event = one(events(nlp, "Officers seized some 200 pistols belonging to the Vale militia."), "SEIZURE", "pistols")
    assert event["from"] == "Vale militia", event


# ---- givers told by their stores, places as written -------------------------------------------


def test_goods_from_the_stocks_of_a_party_come_from_that_party(nlp: Language) -> None:
    text = "Between May and July 2020, the militia received 200 rifles from the stocks of the Vell army."
    event = one(events(nlp, text), "TRANSFER", "rifles")
    assert event["from"] == "Vell army", event


def test_a_port_named_with_hyphens_is_named_whole(both: Language) -> None:
    event = one(events(both, "Police seized 200 rifles at the port of Saint-Varn on Thursday."), "SEIZURE", "rifles")
    assert event["place"] == "port of Saint-Varn", event


def test_off_the_coast_of_a_name_no_entity_rule_knows_is_where(nlp: Language) -> None:
    event = one(events(nlp, "The navy seized 40 rifles from a dhow off the coast of Eskel."), "SEIZURE", "rifles")
    assert event["place"] == "off the coast of Eskel", event


def test_international_waters_keep_the_sea_they_belong_to(nlp: Language) -> None:
    text = "The navy seized 40 rifles from a dhow in international waters of the Sea of Kell on 6 May 2021."
    event = one(events(nlp, text), "SEIZURE", "rifles")
    assert event["place"] == "in international waters of the Sea of Kell", event


def test_goods_given_to_a_party_before_are_diverted_by_it(nlp: Language) -> None:
    text = ("The Panel found that 500 rifles supplied by Norvessa to the Vell army were later diverted to the "
            "Red Hand group.")
    event = one(events(nlp, text), "DIVERSION", "rifles")
    assert event["from"] == "Vell army", event


# ---- whose lost goods were ------------------------------------------------------------------


def test_goods_belonging_to_a_unit_that_went_missing_were_lost_by_it(nlp: Language) -> None:
    text = "Rifles belonging to the 4th Rifle Battalion went missing on Sunday."
    event = one(events(nlp, text), "LOSS", "Rifles")
    assert event["from"] == "4th Rifle Battalion", event


def test_goods_given_to_one_of_a_group_are_given_to_the_part_as_written(nlp: Language) -> None:
    text = "The aircraft were transferred to one of the two rival councils based in the town of Tolvik."
    event = one(events(nlp, text), "TRANSFER", "aircraft")
    assert event["to"] is not None and event["to"].startswith("one of the two rival councils"), event


def test_an_unnamed_party_is_written_with_what_is_said_of_it(nlp: Language) -> None:
    text = "Mortars are being diverted illegally to armed groups accused of abuses, the monitors said."
    event = one(events(nlp, text), "DIVERSION", "Mortars")
    assert event["to"] == "armed groups accused of abuses", event
