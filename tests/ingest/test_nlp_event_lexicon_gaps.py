"""Custody verbs and item words that had no trigger or no item (issue #14), on fictional sentences.

Verbs: stacked, concealed (in a passive clause of its own), hoarded (STORAGE); detained (SEIZURE);
submitted, surrendered, turned in (a move from the giver to the receiver); ferried, trucked,
transported through, brought in through (TRANSIT); brought in (DELIVERY); presented ... to a party,
pawned (a move); decamped with, absconded with (THEFT). Items: machineguns,
fuses, war-like stores, war paraphernalia, explosive materials, airplanes.
"""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import events, summary

MOVE = {"TRANSFER", "DELIVERY", "HANDOVER"}


# ------------------------------------------------------------------ keeping goods somewhere
def test_stacked_goods_are_stored(both: Language) -> None:
    evs = events(both, "Two hundred rifles were stacked in a shed near Velmar.")
    assert summary(evs) == {("STORAGE", "rifles")}


def test_concealed_in_a_clause_of_its_own_is_storage(both: Language) -> None:
    evs = events(both, "Officers said 20 grenades were concealed in a shed near Velmar.")
    assert ("STORAGE", "grenades") in summary(evs)


def test_concealed_goods_that_were_seized_are_no_storage(parsed: Language) -> None:
    evs = events(
        parsed,
        "Harbour police seized four pistols at the quay on 3 May that were concealed inside a freight container.",
    )
    assert summary(evs) == {("SEIZURE", "pistols")}


def test_gang_concealing_goods_to_ship_them_is_no_storage(both: Language) -> None:
    evs = events(both, "The Grey Lantern gang concealed 20 rifles in crates of tinned fish.")
    assert all(e.type != "STORAGE" for e in evs)


def test_hoarded_goods_are_stored(both: Language) -> None:
    evs = events(both, "The Black Heron militia hoarded grenades in a cellar at Tarvia.")
    assert summary(evs) == {("STORAGE", "grenades")}


def test_negated_stacking_is_no_event(parsed: Language) -> None:
    assert events(parsed, "The rifles were not stacked in the shed at Velmar.") == []


# ------------------------------------------------------------------ taking, giving, moving
def test_detained_cargo_is_seized(both: Language) -> None:
    evs = events(both, "Customs detained 30 rifles at Port Velmar.")
    assert summary(evs) == {("SEIZURE", "rifles")}


def test_detained_vessel_is_seized(parsed: Language) -> None:
    evs = events(parsed, "Customs detained the dhow and its cargo of 30 rifles at Port Velmar.")
    assert {("SEIZURE", "dhow"), ("SEIZURE", "rifles")} <= summary(evs)


def test_surrendered_goods_move(both: Language) -> None:
    evs = events(both, "The villagers surrendered 12 shotguns to the district police.")
    assert [(e.type in MOVE, e.item) for e in evs] == [(True, "shotguns")]


def test_surrendered_goods_move_from_giver_to_receiver(parsed: Language) -> None:
    evs = events(parsed, "The villagers surrendered 12 shotguns to the district police.")
    assert [(e.from_, e.to) for e in evs] == [("villagers", "district police")]


def test_turned_in_goods_move_to_the_receiver(parsed: Language) -> None:
    evs = events(parsed, "The fighters turned in 40 rifles to the Velmar peace commission.")
    assert [(e.type in MOVE, e.item, e.from_) for e in evs] == [(True, "rifles", "fighters")]


def test_submitted_goods_keep_their_modality(parsed: Language) -> None:
    evs = events(parsed, "The confiscated rifles will be submitted to the Velmar Forensic Office for testing.")
    assert [(e.type in MOVE, e.item, e.modality) for e in evs] == [(True, "rifles", "planned")]


def test_ferried_and_trucked_goods_are_in_transit(both: Language) -> None:
    assert summary(events(both, "The convoy ferried 20 mortars to the front.")) == {("TRANSIT", "mortars")}
    assert summary(events(both, "The cartel trucked 50 pistols to Tarvia.")) == {("TRANSIT", "pistols")}


def test_transported_through_a_country_is_transit(parsed: Language) -> None:
    evs = events(parsed, "The rifles were transported through Velmar to the hills.")
    assert summary(evs) == {("TRANSIT", "rifles")}


def test_brought_in_is_a_delivery_and_brought_in_through_a_route(parsed: Language) -> None:
    evs = events(parsed, "The rifles were brought in on a cargo flight to Tarvia.")
    assert summary(evs) == {("DELIVERY", "rifles")}
    evs = events(parsed, "The rifles were brought in through Velmar.")
    assert summary(evs) == {("TRANSIT", "rifles")}


# ------------------------------------------------------------------ item words
def test_machineguns_in_one_word_are_a_category(both: Language) -> None:
    doc = both("Police seized 40 machineguns at the Palanca crossing point.")
    assert ("machineguns", "WEAPON_CATEGORY") in {(e.text, e.label_) for e in doc.ents}
    assert summary(events(both, "Police seized 40 machineguns at the Palanca crossing point.")) == {
        ("SEIZURE", "machineguns")
    }


def test_fuses_are_a_category(parsed: Language) -> None:
    evs = events(parsed, "Police seized mortar rounds and fuses at the Palanca crossing point.")
    assert ("SEIZURE", "fuses") in summary(evs)


def test_war_like_stores_and_paraphernalia_are_items(parsed: Language) -> None:
    evs = events(parsed, "The rangers recovered two pistols, ammunition and other war-like stores during the search.")
    assert ("SEIZURE", "war-like stores") in summary(evs)
    evs = events(parsed, "Police seized four rifles and war paraphernalia at the farm.")
    assert ("SEIZURE", "war paraphernalia") in summary(evs)


def test_explosive_materials_and_airplanes_are_items(parsed: Language) -> None:
    evs = events(parsed, "The Velmar militia seized hundreds of explosive materials.")
    assert ("SEIZURE", "explosive materials") in summary(evs)
    evs = events(parsed, "The ministry shipped military airplanes to the Tarvia airfield.")
    assert ("DELIVERY", "military airplanes") in summary(evs)


def test_machineguns_found_alone_are_no_event(both: Language) -> None:
    assert events(both, "Hikers found three machineguns in a ditch near Tarvia.") == []


# ------------------------------------------------------------------ round 9: giving in a ceremony, pawning, making off
def test_goods_presented_to_a_party_are_handed_over(parsed: Language) -> None:
    """ "presented weapons to the police": a handover; "presented 40 rifles for inspection", "... to
    the joint inventory team" stay a check."""
    evs = events(parsed, "At a ceremony on Monday, General Bram Osler presented 300 rifles to the Dorvik police.")
    assert {(e.type, e.item, e.from_, e.to) for e in evs} == {("TRANSFER", "rifles", "Bram Osler", "Dorvik police")}
    evs = events(parsed, "The inspectors said the army presented 40 rifles for inspection.")
    assert summary(evs) == {("INVENTORY", "rifles")}
    evs = events(parsed, "On 3 May the 4th Battalion presented 40 rifles to the joint inventory team.")
    assert summary(evs) == {("INVENTORY", "rifles")}  # shown to those who check them, not given


def test_pawned_goods_are_moved(both: Language) -> None:
    evs = events(both, "The clerk then pawned 12 pistols at a pawn shop in Dorvik.")
    assert summary(evs) == {("TRANSFER", "pistols")}


def test_who_decamped_with_goods_stole_them(both: Language) -> None:
    evs = events(both, "Two guards decamped with 14 rifles and ammunition early on 6 May.")
    assert summary(evs) == {("THEFT", "rifles"), ("THEFT", "ammunition")}
    evs = events(both, "A quartermaster absconded with 30 pistols from the Dorvik depot.")
    assert summary(evs) == {("THEFT", "pistols")}
