"""Moves of goods told in forms of real reporting read in round 16 (second pass): a purpose
clause of giving after a verb that moves or gets the goods.

Every sentence is written for these tests; units, places, people and quantities are made up.
"""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import events


def test_purpose_clause_of_selling_moves_the_goods_of_its_verb(nlp: Language) -> None:
    """ "bought rifles ... to sell to a buyer": the sale is an act of its own on the same goods."""
    evs = events(nlp, "The brothers bought the rifles in Arizona to sell to a cartel buyer.")
    sold = [e for e in evs if e.to == "cartel buyer"]
    assert [(e.type, e.item) for e in sold] == [("TRANSFER", "rifles")]


def test_purpose_clause_after_a_verb_that_is_no_act(nlp: Language) -> None:
    evs = events(nlp, "The smugglers drove the pistols across the border to sell to local gangs.")
    assert [(e.type, e.item, e.to) for e in evs] == [("TRANSFER", "pistols", "local gangs")]


def test_purpose_clause_with_an_object_of_its_own_keeps_it(nlp: Language) -> None:
    """ "bought rifles to defend a shop": a clause with an object of its own tells no act on the goods."""
    evs = events(nlp, "The dealer bought 30 rifles to defend his shop.")
    assert {e.item for e in evs} == {"rifles"}
    assert len(evs) == 1


def test_reduced_relative_read_as_main_verb_is_a_move_on_its_noun(nlp: Language) -> None:
    """ "30 missiles shipped to the region ... could not be accounted for": the parser reads the
    participle as the main verb; the goods were shipped, and are the ones unaccounted for."""
    evs = events(
        nlp,
        "Among other problems, 30 Javelin missiles shipped to the region during the war could not be accounted for.",
    )
    assert {(e.type, e.item) for e in evs} == {("DELIVERY", "Javelin missiles"), ("LOSS", "Javelin missiles")}


def test_reduced_relative_before_a_passive_root(nlp: Language) -> None:
    evs = events(nlp, "Last week, three more parcels addressed to the suspect from Canada were opened and seized.")
    assert {(e.type, e.item) for e in evs} == {("DELIVERY", "parcels"), ("SEIZURE", "parcels")}
    assert next(e.to for e in evs if e.type == "DELIVERY") == "suspect"


def test_reduced_relative_under_a_verb_of_saying(nlp: Language) -> None:
    evs = events(nlp, "Officials said 200 rifles shipped to the police in 2015 were never recorded.")
    assert [(e.type, e.item, e.quantity) for e in evs] == [("DELIVERY", "rifles", "200")]


def test_active_clause_is_left_as_parsed(nlp: Language) -> None:
    """ "the rebels shipped rifles ...": an active verb with its object is no reduced relative."""
    evs = events(nlp, "The rebels shipped 40 rifles to the port and were arrested in May.")
    assert [(e.type, e.item) for e in evs] == [("DELIVERY", "rifles")]


def test_of_phrase_after_a_phrase_of_time_belongs_to_the_act_noun(nlp: Language) -> None:
    """ "our fifth drawdown since March 2022 of $300 million in arms": the parser hangs the "of"
    phrase on the verb or the date; it names the goods of the act noun."""
    text = "The minister approved our fifth drawdown since March 2022 of up to $300 million in arms and ammunition."
    assert {(e.type, e.item) for e in events(nlp, text)} == {("TRANSFER", "arms"), ("TRANSFER", "ammunition")}


def test_of_phrase_of_a_date_is_no_goods_phrase(nlp: Language) -> None:
    """ "the delivery, on the first of May, ..." is no act on goods: no "of" phrase of goods."""
    evs = events(nlp, "The minister praised the delivery in the first week of May.")
    assert evs == []


def test_participle_on_a_later_noun_of_a_list_tells_of_that_nouns_goods(nlp: Language) -> None:
    """ "quantities of pistols lost by X, and loss of rifles supplied to Y": "supplied" hangs on
    the second noun, whose own "of" phrase names the goods supplied, not the list's first member."""
    text = (
        "Examples include large quantities of pistols lost by the army in 1990, "
        "and loss of rifles supplied to the coast guard in 2005."
    )
    moved = [e for e in events(nlp, text) if e.type == "TRANSFER"]
    assert [(e.item, e.to) for e in moved] == [("rifles", "coast guard")]


def test_goods_phrase_hung_on_the_verb_above_the_act(nlp: Language) -> None:
    """ "are going to deliver more aid, in the form of ... mortars": the parser hangs "in the form
    of" on "going"; the goods it names are what is delivered."""
    text = "Officials say they are going to deliver more aid, in the form of 40 trucks, radios and mortars."
    assert ("DELIVERY", "mortars") in {(e.type, e.item) for e in events(nlp, text)}


def test_radars_are_materiel(nlp: Language) -> None:
    evs = events(nlp, "Police seized two artillery radars.")
    assert [(e.type, e.item, e.quantity) for e in evs] == [("SEIZURE", "artillery radars", "two")]
