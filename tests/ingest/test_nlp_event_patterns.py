"""Custody event detection in patterns found by reading real reporting (court and customs
releases, audits, field research) that the rules were not written against.

Each pattern is general English, and each test sentence is written for this test: every unit,
group, person, place and quantity is made up. The parsed pipeline runs every rule; the blank
pipeline (no parser) runs the ones that have a word-order form.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.ingest.scored import events


@pytest.fixture
def pipe(request: pytest.FixtureRequest) -> Language:
    chosen: Language = request.getfixturevalue(request.param)
    return chosen


BOTH = ["blank", "nlp"]


def test_two_acts_on_one_item_in_one_sentence_stay_two(nlp: Language) -> None:
    """ "obtain rifles ... and export them to X": the purchase and the export are two events of
    the same type and item in one sentence, not one."""
    evs = events(nlp, "The brokers agreed to obtain 50 carbines in Dovra and export them to the Grey Fox group.")
    assert [(e.type, e.item, e.quantity) for e in evs] == [("TRANSFER", "carbines", "50")] * 2
    assert {e.to for e in evs} == {"brokers", "Grey Fox group"}
    assert all(e.modality == "planned" for e in evs)


def test_passive_purpose_clause_moves_the_object_again(nlp: Language) -> None:
    """ "bought pistols to be exported to X": the purpose clause is a second transfer of the object."""
    evs = events(nlp, "The clerk bought 30 pistols to be exported to the Grey Fox group.")
    assert [(e.type, e.item) for e in evs] == [("TRANSFER", "pistols")] * 2
    assert [e.to for e in evs].count("Grey Fox group") == 1  # the export's receiver, not the purchase's


def test_a_new_act_points_back_to_items_of_an_earlier_act(nlp: Language) -> None:
    """ "They later smuggled the items into X" after a purchase: the items are the purchased ones,
    even though the purchase already claimed them."""
    text = "Two brothers bought 12 rifles and 900 cartridges in Dovra. They later smuggled the items into Kestria."
    evs = events(nlp, text)
    smuggled = {(e.item, e.quantity) for e in evs if e.to == "Kestria"}
    assert smuggled == {("rifles", "12"), ("cartridges", "900")}
    assert len(evs) == 4 and all(e.type == "TRANSFER" for e in evs)


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_the_same_act_told_again_is_no_new_event(pipe: Language) -> None:
    text = "The gang bought 12 rifles in Dovra. Its members lied about buying the weapons for themselves."
    assert [(e.type, e.item) for e in events(pipe, text)] == [("TRANSFER", "rifles")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_lost_track_of_is_a_loss(pipe: Language) -> None:
    """Generic materiel ("weapons") is an item of a loss of track, as of "went missing"."""
    evs = events(pipe, "The 5th Signal Battalion lost track of 400 weapons issued to its reservists.")
    (loss,) = [e for e in evs if e.type == "LOSS"]
    assert (loss.item, loss.quantity, loss.from_) == ("weapons", "400", "5th Signal Battalion")


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_generic_materiel_that_went_missing_is_a_loss(pipe: Language) -> None:
    """ "some radio equipment was missing" is a loss of generic materiel; "the missing equipment
    included ..." lists what was lost, one event per item, and is no second loss of "equipment"."""
    text = (
        "During an audit in May 2021, officers of the 5th Signal Battalion noticed that some radio equipment "
        "was missing. The missing equipment included 20 thermal sights and six mortar tubes."
    )
    evs = events(pipe, text)
    assert all(e.type == "LOSS" for e in evs)
    items = [e.item for e in evs]
    assert len([i for i in items if i.endswith("equipment")]) == 1
    assert {(e.item, e.quantity) for e in evs if not e.item.endswith("equipment")} == {
        ("thermal sights", "20"),
        ("mortar tubes", "six"),
    }


def test_a_quantifier_points_back_and_the_vehicles_goods_hid_in_are_no_items(nlp: Language) -> None:
    """ "seized all of the items": the items of the sentence before, without the vans they were in
    (which take the cartridges to Port Zed: a planned transfer, round 8)."""
    text = (
        "Customs officers found 300 cartridges hidden in two vans bound for Port Zed. "
        "On 4 May, the officers seized all of the items."
    )
    moved, e = events(nlp, text)
    assert (moved.type, moved.item, moved.to, moved.modality) == ("TRANSFER", "cartridges", "Port Zed", "planned")
    assert (e.type, e.item, e.quantity, e.to, e.date) == ("SEIZURE", "cartridges", "300", "officers", "4 May")


def test_a_weapon_class_that_points_back_lists_the_earlier_act(nlp: Language) -> None:
    """ "The ammunition included ...": a weapon class with a determiner, like "the cache", holds
    the items of the act just before, one event per item with its roles."""
    text = (
        "Police seized a cache of arms from a farm near Dovra on 4 May. "
        "The ammunition included 500 pistol cartridges and 40 hand grenades."
    )
    listed = {(e.type, e.item, e.quantity, e.to, e.date) for e in events(nlp, text) if e.item != "arms"}
    assert listed == {
        ("SEIZURE", "pistol cartridges", "500", "Police", "4 May"),
        ("SEIZURE", "hand grenades", "40", "Police", "4 May"),
    }


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_counts_of_an_indictment_make_the_act_alleged(pipe: Language) -> None:
    (e,) = events(pipe, "Pell faces three counts of selling rifles to the Grey Fox group.")
    assert (e.type, e.item, e.to, e.modality) == ("TRANSFER", "rifles", "Grey Fox group", "alleged")


def test_a_count_far_from_the_charge_keeps_the_act_alleged(nlp: Language) -> None:
    """ "charges A, 41, B, 22, and C with two counts of ... and two counts of making false
    statements while buying pistols": the parse hangs the counts off the last name, far from
    "charges"; the counts themselves say the purchase is alleged (and so a particular act, kept)."""
    text = (
        "The indictment charges Ivan Pell, 41, Omar Lute, 22, and Sara Venn, 35, with two counts of smuggling "
        "goods from Dovra and two counts of making false statements while buying pistols."
    )
    (e,) = events(nlp, text)
    assert (e.type, e.item, e.modality) == ("TRANSFER", "pistols", "alleged")


def test_a_pronoun_points_to_its_own_sentence_first(nlp: Language) -> None:
    """ "found 20 rifles in a van; they were seized": "they" is the rifles of the same sentence;
    an item another act of the sentence holds ("which it received ...; it had been sent") is told
    of again, not moved again, and no earlier sentence is searched (now that a new act may point
    back to items an earlier act holds, the launcher presented before must not be taken)."""
    evs = events(nlp, "Police found 20 rifles in a van near Dovra; they were seized by the border police.")
    # (the rifles found in the van were also kept in it: a storage, round 13)
    (e,) = [e for e in evs if e.type != "STORAGE"]
    assert (e.type, e.item, e.quantity, e.to) == ("SEIZURE", "rifles", "20", "border police")
    text = (
        "The 9th Brigade presented launcher JAV-0040. The battalion could not present launcher JAV-0042, "
        "which it received from the 14th Brigade; the commander stated that it had been sent for repair."
    )
    # a unit receiving from a unit is a handover
    assert sorted((e.type, e.item) for e in events(nlp, text)) == [("HANDOVER", "JAV-0042"), ("INVENTORY", "JAV-0040")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_a_weapon_word_in_a_law_or_programme_name_is_no_item(pipe: Language) -> None:
    """ "in violation of the Arms Export Control Act": the act's name is not arms that moved."""
    evs = events(pipe, "The dealer sold 20 rifles in violation of the Arms Export Control Act.")
    assert [(e.type, e.item) for e in evs] == [("TRANSFER", "rifles")]
    assert events(pipe, "The broker sold them under the Small Arms Programme of Dovra.") == []


def test_among_the_weapons_captured_inside_a_relative_clause(nlp: Language) -> None:
    """ "X, which was among the weapons captured by Y, ...": the aside tells Y's seizure of X."""
    evs = events(nlp, "The AK-47 rifle, which was among the weapons captured by the Blue Brigade, turned up in Dovra.")
    assert [(e.type, e.item, e.to) for e in evs] == [("SEIZURE", "AK-47 rifle", "Blue Brigade")]
    evs = events(nlp, "Police found a pistol that was among the arms provided by the Grey Fox group.")
    assert [(e.type, e.item, e.from_) for e in evs] == [("TRANSFER", "pistol", "Grey Fox group")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_what_a_search_finds_is_seized_not_inspected(pipe: Language) -> None:
    """ "inspected the dhow and discovered 300 rifles, ...": the list is what the search seized."""
    text = "Inspectors inspected the dhow and discovered 300 rifles, 20 mortars and 5 pistols."
    evs = events(pipe, text)
    assert [(e.type, e.item, e.quantity) for e in evs] == [
        ("SEIZURE", "rifles", "300"),
        ("SEIZURE", "mortars", "20"),
        ("SEIZURE", "pistols", "5"),
    ]
    if pipe.has_pipe("parser"):
        assert {e.to for e in evs} == {"Inspectors"}
    assert events(pipe, "The panel discovered that the depot held no records.") == []


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_a_model_keeps_the_class_noun_written_after_it(pipe: Language) -> None:
    """ "49 PKM general-purpose machine guns", "AT4 antiarmor systems": the item is the model and
    the head noun of its class, so it reads right whether the model or the phrase is wanted."""
    evs = events(pipe, "The Dovran navy seized 40 Kolt general-purpose machine guns and 12 Vesna sniper rifles.")
    assert [(e.type, e.item, e.quantity) for e in evs] == [
        ("SEIZURE", "Kolt guns", "40"),
        ("SEIZURE", "Vesna rifles", "12"),
    ]


def test_an_unnamed_list_member_does_not_end_the_list(nlp: Language) -> None:
    """ "rifles, barrels, stocks, optical scopes": a member no rule labels keeps the list going."""
    evs = events(nlp, "The boarding team seized 300 rifles, spare barrels, stocks, optical scopes and mortars.")
    items = {e.item for e in evs}
    assert {"rifles", "optical scopes", "mortars"} <= items and any(i.endswith("barrels") for i in items)
    assert all(e.type == "SEIZURE" for e in evs)


def test_what_a_seized_shipment_consists_of_was_seized(nlp: Language) -> None:
    """ "The shipment consists of ...": after a seizure, the act noun in the subject points back;
    the listed items were seized, not shipped again."""
    text = (
        "Two patrol ships of the Dovran navy seized a cargo of weapons from a fishing boat on 3 May. "
        "The shipment consists of 900 assault rifles and 20,000 rounds of ammunition, the navy said."
    )
    evs = events(nlp, text)
    assert {(e.type, e.item, e.quantity) for e in evs} == {
        ("SEIZURE", "weapons", None),
        ("SEIZURE", "assault rifles", "900"),
        ("SEIZURE", "ammunition", "20,000 rounds"),
    }


def test_items_that_could_not_be_accounted_for_are_a_loss_without_a_count(nlp: Language) -> None:
    """ "parts of shipments ..., including rifles and grenades, could not be accounted for": the
    check of holdings found them gone, a particular loss even with no number or party; "parts of"
    is a share of the items, not weapon parts."""
    text = "Auditors said parts of the deliveries, including assault rifles and grenades, could not be accounted for."
    evs = events(nlp, text)
    assert {(e.type, e.item) for e in evs} == {("LOSS", "assault rifles"), ("LOSS", "grenades")}
    (e,) = events(nlp, "Pistols given by the Dovran ministry to the border guard are unaccountable, auditors said.")[1:]
    assert (e.type, e.item) == ("LOSS", "Pistols")


def test_a_diversion_stated_in_a_clause_on_the_item(nlp: Language) -> None:
    """ "the arms believed to have been diverted": the stating verb modifies the noun, and the
    act it states is about that noun."""
    evs = events(nlp, "Some of the arms believed to have been diverted were earmarked for the Red Hand group.")
    assert ("DIVERSION", "arms") in {(e.type, e.item) for e in evs}
    assert ("TRANSFER", "arms") in {(e.type, e.item) for e in evs}


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_smuggling_through_a_crossing_is_an_attempted_transfer(pipe: Language) -> None:
    """ "tried to smuggle rifles through the Eastgate crossing": a movement across a stated point
    is a transfer (attempted), not a diversion."""
    (e,) = events(pipe, "Two couriers tried to smuggle 12 carbines through the Eastgate crossing in May.")
    assert (e.type, e.item, e.quantity, e.modality) == ("TRANSFER", "carbines", "12", "attempted")


def test_a_finding_that_a_network_smuggled_is_no_blocking_frame(nlp: Language) -> None:
    """ "identified that the network was using drivers to smuggle ...": the finding reports the act;
    "fear that ... will sell" still frames one that may never happen."""
    text = "Detectives identified that the Fox network was using drivers to smuggle pistols from Dovra to Kestria."
    assert [(e.type, e.item) for e in events(nlp, text)] == [("TRANSFER", "pistols")]
    assert events(nlp, "Officials fear that the Grey Fox network will sell the pistols to the Red Hand group.") == []


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_along_with_continues_a_list_of_items(pipe: Language) -> None:
    evs = events(pipe, "The clerk was convicted of importing 16 pistols, along with 300 cartridges, into Kestria.")
    assert {(e.type, e.item) for e in evs} == {("TRANSFER", "pistols"), ("TRANSFER", "cartridges")}


def test_coordinated_verbs_of_taking_tell_one_act(nlp: Language) -> None:
    """ "intercepted and seized": one act on the item, one event; "stolen from or lost by" tells
    a theft and a loss, either of which befell the goods; moving verbs in a row ("donated ... and
    handed over to ...") stay successive acts."""
    evs = events(nlp, "The patrol ship intercepted and seized a shipment of rifles hidden aboard a dhow.")
    assert [(e.type, e.item) for e in evs] == [("SEIZURE", "rifles")]
    evs = events(nlp, "Hundreds of grenades have been stolen from or lost by the Dovran army since 2015.")
    assert [(e.type, e.item) for e in evs] == [("THEFT", "grenades"), ("LOSS", "grenades")]
    evs = events(nlp, "The broker bought 40 rifles in Dovra and sold them to the Red Hand group.")
    assert [e.type for e in evs] == ["TRANSFER", "TRANSFER"]


def test_a_shipment_named_without_party_place_or_date_is_no_delivery(nlp: Language) -> None:
    """ "Hidden in the dhow was a shipment of rifles": the noun names the goods; a delivery needs
    someone, somewhere or some time ("a shipment of rifles to the Red Hand group" is one)."""
    assert events(nlp, "Hidden in the dhow, the navy said, was a shipment of weapons, including 40 rifles.") == []
    evs = events(nlp, "Investigators traced a shipment of 40 rifles to the Red Hand group.")
    assert {(e.type, e.item) for e in evs} == {("DELIVERY", "rifles")}


def test_an_act_noun_governs_its_of_phrase_after_an_aside(nlp: Language) -> None:
    """ "the seizure, on 3 May, of an arms shipment": the aside between commas does not part the
    act noun from what it was of; "arms" in "the arms embargo" modifies the embargo, no item."""
    text = "Monitors are looking into the seizure, on 3 May, of an arms shipment on a dhow near Cape Varn."
    assert [(e.type, e.item) for e in events(nlp, text)] == [("SEIZURE", "arms shipment")]
    assert events(nlp, "The Dovran navy stopped the Lunaria for breaking the arms embargo on Kestria.") == []


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_a_serial_read_on_a_named_part_makes_the_item_specific(pipe: Language) -> None:
    """The part the serial is read on ("legible on the barrel", a weapon part the entity rules
    know) is where the serial is, not a second item that would leave it unattached."""
    evs = events(pipe, "On 2 March 2024 a video showed fighters of the Grey Heron group with a Carl Gustaf "
                       "recoilless rifle near Town Q-7. A stencilled serial, CGR-44123, is legible on the barrel.")
    assert [(e.type, e.item) for e in evs] == [("OBSERVATION", "CGR-44123")]
