"""How thefts are told (issue #14): forms of English that tell a theft the pipeline missed, on
fictional sentences.

Stolen goods a particular act came upon ("guards discovered stolen grenades"): the theft is told
by the attributive "stolen", unless the goods point back to a theft told before ("the stolen
rifles"), are stolen goods in general ("gangs sell stolen rifles") or the act is negated or only
possible.

Goods taken in a break-in ("were taken in a break-in at the armoury") or carried off after a
break-in into a guarded site of arms ("stormed the armoury and took away 300 rifles", "raided the
barracks, taking rifles"): a theft by whoever broke in, unless a state force raided (a seizure)
or the break-in is only possible.

Verbs and nouns of stealing the lexicon lacked: swiped, filched, purloined, snatched ... from,
helped oneself to; a burglary, a heist.

A list after "among the stolen items were": each item in it was stolen, the last too.

Goods "lost or stolen": a loss and a theft, either of which befell them (two events, not one).

A theft verb only possible ("could be stolen", "might have stolen") or in a habitual statement
("soldiers often steal ammunition") tells no theft.
"""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import events, summary


# ------------------------------------------------------------------ stolen goods come upon
def test_stolen_goods_discovered_tell_a_theft(both: Language) -> None:
    evs = events(both, "Guards at Camp Dorn discovered stolen grenades hidden in a sack of flour.")
    assert summary(evs) == {("THEFT", "grenades")}


def test_stolen_goods_with_a_list_tell_a_theft_of_each(parsed: Language) -> None:
    evs = events(
        parsed,
        "As detectives in Velmar sift through stolen army munitions including dozens of grenades, "
        "the ministry said such weapons remain at risk.",
    )
    assert {("THEFT", "munitions"), ("THEFT", "grenades")} <= summary(evs)


def test_stolen_goods_told_before_are_no_new_theft(parsed: Language) -> None:
    evs = events(parsed, "Police recovered the stolen rifles in a barn near Velmar.")
    assert all(e.type != "THEFT" for e in evs)


def test_stolen_goods_in_general_tell_no_theft(parsed: Language) -> None:
    assert all(e.type != "THEFT" for e in events(parsed, "Gangs sell stolen rifles online."))
    assert all(e.type != "THEFT" for e in events(parsed, "Dealers who buy stolen rifles face prison."))
    assert events(parsed, "The trade in stolen weapons worries the police.") == []


def test_lost_or_stolen_goods_tell_no_theft(parsed: Language) -> None:
    evs = events(parsed, "The agencies reported hundreds of lost or stolen weapons last year.")
    assert all(e.type != "THEFT" for e in evs)


def test_negated_or_possible_finding_of_stolen_goods_is_no_event(parsed: Language) -> None:
    assert events(parsed, "Officers did not find stolen ammunition in the car.") == []
    assert events(parsed, "Officers may find stolen ammunition in cars.") == []


# ------------------------------------------------------------------ carried off after a break-in
def test_goods_taken_after_storming_an_armoury_are_stolen(parsed: Language) -> None:
    evs = events(parsed, "The Grey Lantern gang broke into the armoury at Tarvia and carried away 300 rifles.")
    assert summary(evs) == {("THEFT", "rifles")}
    assert evs[0].to == "Grey Lantern gang" and evs[0].quantity == "300"


def test_goods_taken_in_a_clause_of_a_raid_on_barracks_are_stolen(parsed: Language) -> None:
    evs = events(parsed, "Rioters raided the barracks at Camp Dorn on 4 May, taking 300 rifles.")
    assert summary(evs) == {("THEFT", "rifles")}


def test_goods_removed_after_forcing_a_door_at_a_depot_are_stolen(parsed: Language) -> None:
    evs = events(parsed, "The thieves forced open a door at the depot and removed six rifles and two pistols.")
    assert summary(evs) == {("THEFT", "rifles"), ("THEFT", "pistols")}


def test_goods_taken_in_a_break_in_are_stolen(parsed: Language) -> None:
    evs = events(parsed, "Twelve rifles were taken in a break-in at the armoury at Camp Dorn.")
    assert summary(evs) == {("THEFT", "rifles")}
    assert events(parsed, "Police took 12 rifles in a raid at Velmar.") == []
    assert events(parsed, "Twelve rifles were taken to the depot.") == []


def test_a_raid_by_a_state_force_steals_nothing(parsed: Language) -> None:
    # what a force carries off it seizes (test_nlp_event_forms_round10)
    assert summary(events(parsed, "Police raided the depot and took away 30 rifles.")) == {("SEIZURE", "rifles")}
    assert events(parsed, "Troops stormed the rebel base and took 40 rifles.") == []


def test_taking_after_a_break_in_into_a_house_or_a_possible_one_is_no_theft(parsed: Language) -> None:
    assert events(parsed, "A crowd could storm the armoury and take the rifles.") == []
    assert events(parsed, "The crowd stormed the armoury but did not take any rifles.") == []
    assert all(e.type != "THEFT" for e in events(parsed, "Officers broke into the house and took away 30 rifles."))


# ------------------------------------------------------------------ lost or stolen
def test_goods_lost_or_stolen_tell_a_loss_and_a_theft(parsed: Language) -> None:
    evs = events(parsed, "At least 300 rifles were lost or stolen from the Kell army in 2019.")
    assert summary(evs) == {("LOSS", "rifles"), ("THEFT", "rifles")}
    assert len({e.quantity for e in evs}) == 1


def test_goods_intercepted_and_seized_are_one_seizure(parsed: Language) -> None:
    evs = events(parsed, "The patrol ship intercepted and seized 40 rifles off Tarvia.")
    assert summary(evs) == {("SEIZURE", "rifles")} and len(evs) == 1


# ------------------------------------------------------------------ words of stealing
def test_verbs_of_stealing_tell_a_theft(both: Language) -> None:
    for text in (
        "Two privates swiped 12 pistols from the armoury at Camp Dorn.",
        "A clerk filched 40 pistols from the depot at Velmar.",
        "A sergeant purloined 40 pistols from Fort Arvel.",
    ):
        assert summary(events(both, text)) == {("THEFT", "pistols")}, text


def test_snatching_from_and_helping_oneself_to_tell_a_theft(parsed: Language) -> None:
    evs = events(parsed, "Thieves snatched two rifles from a guard post at Velmar.")
    assert summary(evs) == {("THEFT", "rifles")}
    evs = events(parsed, "A corporal helped himself to 20 grenades from the store at Camp Dorn.")
    assert summary(evs) == {("THEFT", "grenades")}
    assert events(parsed, "Neighbours helped him to carry 20 crates.") == []


def test_a_heist_of_goods_is_a_theft(both: Language) -> None:
    evs = events(both, "Police are investigating the heist of 58 rifles from Camp Dorn.")
    assert summary(evs) == {("THEFT", "rifles")}


def test_a_negated_theft_verb_tells_no_event(parsed: Language) -> None:
    assert events(parsed, "The clerk never filched any pistols from the depot.") == []


# ------------------------------------------------------------------ among the stolen items
def test_every_item_listed_among_the_stolen_items_is_stolen(parsed: Language) -> None:
    evs = events(parsed, "Among the stolen items were 12 rifles, four pistols and 30 grenades.")
    assert summary(evs) == {("THEFT", "rifles"), ("THEFT", "pistols"), ("THEFT", "grenades")}


# ------------------------------------------------------------------ thefts only possible or in general
def test_a_theft_only_possible_is_no_event(parsed: Language) -> None:
    assert events(parsed, "Rifles could be stolen from the depot at Velmar.") == []
    assert events(parsed, "The guards might have stolen 12 rifles from the depot.") == []


def test_thefts_in_general_are_no_event(parsed: Language) -> None:
    assert events(parsed, "Soldiers often steal ammunition from depots.") == []


def test_a_planned_or_particular_theft_stays(parsed: Language) -> None:
    evs = events(parsed, "Three men were charged with conspiracy to steal rifles from the depot.")
    assert summary(evs) == {("THEFT", "rifles")}
    evs = events(parsed, "Two soldiers steal 14 rifles from the armoury at Camp Dorn, police say.")
    assert summary(evs) == {("THEFT", "rifles")}
