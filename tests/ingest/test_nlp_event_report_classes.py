"""Custody event detection by construction class, as real reporting writes it: a carrier and its
cargo (naval and customs releases), items held or used by an actor (UN panel and arms-research
reports, court filings), a relative clause whose noun is its doer.

Every sentence is written for these tests: each unit, group, person, vessel, place and quantity is
made up. The parsed pipeline runs every rule; the blank pipeline (no parser) runs the ones that
have a word-order form.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import ExtractedEvent

BOTH = ["blank", "nlp"]


@pytest.fixture
def pipe(request: pytest.FixtureRequest) -> Language:
    chosen: Language = request.getfixturevalue(request.param)
    return chosen


def events(pipe: Language, text: str) -> list[ExtractedEvent]:
    return extract(pipe, text, "2024-03-10").events


def kinds(evs: list[ExtractedEvent]) -> list[tuple[str, str]]:
    return [(e.type, e.item) for e in evs]


# ---------------------------------------------------------------- a carrier and its cargo


@pytest.mark.parametrize("verb", ["smuggling", "carrying", "transporting"])
def test_what_an_intercepted_carrier_carried_is_seized(nlp: Language, verb: str) -> None:
    """Whatever verb of carrying the clause on the seized vessel uses, its cargo is seized (and
    the carrying itself, with no destination told, is no second act)."""
    evs = events(nlp, f"The cutter Varna intercepted a fishing trawler {verb} 300 carbines and 40 mortars.")
    assert kinds(evs) == [("SEIZURE", "carbines"), ("SEIZURE", "mortars")]


def test_a_carrier_carrying_cargo_seized_by_agent(nlp: Language) -> None:
    evs = events(nlp, "A skiff carrying 500 rifles was seized by the coast guard off Cape Mira.")
    assert [(e.type, e.item, e.quantity, e.to) for e in evs] == [("SEIZURE", "rifles", "500", "coast guard")]


def test_word_order_seizure_of_a_carrier_smuggling_cargo(blank: Language) -> None:
    """Without a parse: a verb of carrying a few words after the seizing verb, a vessel between."""
    evs = events(blank, "The navy intercepted a dhow smuggling 300 carbines.")
    assert kinds(evs) == [("SEIZURE", "carbines")]


def test_a_carrier_is_no_item_when_its_cargo_is_seized(nlp: Language) -> None:
    """ "interdicted a vessel bound from A to B and seized the rifles on board": one seizure, of the
    rifles; the vessel is neither seized item nor transferred item."""
    text = "On 4 May the harbour police interdicted a vessel bound from Kestria to Doriva and seized the rifles aboard."
    assert kinds(events(nlp, text)) == [("SEIZURE", "rifles")]


def test_a_carrier_seized_alone_is_the_item(nlp: Language) -> None:
    evs = events(nlp, "The harbour police interdicted the dhow on 4 May.")
    assert kinds(evs) == [("SEIZURE", "dhow")]


def test_a_carrier_is_not_in_the_list_its_clause_moves(nlp: Language) -> None:
    """ "boarded a fishing boat transporting 2,000 rifles from A to B": the rifles move, not the boat."""
    evs = events(nlp, "In March the navy boarded a fishing boat transporting 2,000 rifles from Kestria to Doriva.")
    assert kinds(evs) == [("TRANSFER", "rifles")]


def test_the_noun_a_clause_with_its_own_object_modifies_is_its_doer(nlp: Language) -> None:
    """ "The patrol ship Arden intercepted a dhow ...": however the parser hangs "intercepted" off
    "ship", a clause with an object of its own does not make the noun it modifies its item."""
    evs = events(nlp, "The patrol ship Arden intercepted a dhow carrying 300 carbines and 40 mortars.")
    assert kinds(evs) == [("SEIZURE", "carbines"), ("SEIZURE", "mortars")]


# ---------------------------------------------------------------- items held or used by an actor


@pytest.mark.parametrize(
    ("text", "item", "holder"),
    [
        ("The two couriers were carrying four pistols when border police stopped them.", "pistols", "couriers"),
        ("Fighters of the Red Hand appear to be using carbines taken from the army.", "carbines", "Red Hand"),
        ("The mortars used by the Red Hand were made in Kestria.", "mortars", "Red Hand"),
        ("Officers found the men were brandishing two carbines.", "carbines", "men"),
    ],
)
def test_items_carried_or_used_are_seen_with_their_holder(nlp: Language, text: str, item: str, holder: str) -> None:
    evs = [e for e in events(nlp, text) if e.type == "OBSERVATION"]
    assert [e.item for e in evs] == [item]
    assert evs[0].to is not None and holder in evs[0].to


@pytest.mark.parametrize(
    "text",
    [
        "Some 40 house searches were carried out and 30 suspects arrested.",  # a phrasal verb
        "The crew airdropped the crates into the valley using cargo parachutes.",  # an instrument
        "Smuggling networks use many methods to move firearms across borders.",  # what is used is no item
        "The Red Hand used mortars against the town of Doriva.",  # an attack, not custody
    ],
)
def test_use_that_reports_no_holding_is_no_sighting(nlp: Language, text: str) -> None:
    assert [e for e in events(nlp, text) if e.type == "OBSERVATION"] == []


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("He was found in possession of 200 rounds of ammunition.", "He"),
        (
            "One of the sergeants, who was going to Mira, was found in possession of 250 rounds of ammunition.",
            "One of the sergeants",
        ),
        ("The two couriers were in possession of six pistols.", "couriers"),
    ],
)
def test_the_subject_found_in_possession_of_items_holds_them(nlp: Language, text: str, holder: str) -> None:
    evs = events(nlp, text)
    assert [e.type for e in evs] == ["OBSERVATION"]
    assert evs[0].to is not None and holder in evs[0].to


def test_a_maker_s_name_is_no_materiel_and_keeps_the_list(nlp: Language) -> None:
    """ "a Kestrel Arms VSKA rifle": "Arms" in a maker's name is no item, and the list goes on."""
    text = (
        "Officers found the men were carrying two Romarm WASR-10 rifles, a Kestrel Arms VSKA rifle, "
        "and one Kestrel Arms BFT rifle."
    )
    evs = events(nlp, text)
    assert [e.item for e in evs] == ["Romarm WASR-10 rifles", "VSKA rifle", "BFT rifle"]


# ---------------------------------------------------------------- lists, pronouns and materiel words


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_the_unnamed_rest_of_a_list_is_no_item_of_its_own(pipe: Language) -> None:
    text = "On 20 March a Valdoran frigate seized 2,000 carbines, 64 sniper rifles and other associated equipment."
    assert kinds(events(pipe, text)) == [("SEIZURE", "carbines"), ("SEIZURE", "sniper rifles")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_other_weapons_alone_are_the_item(pipe: Language) -> None:
    """ "other" marks the rest of a list only where the list names something first."""
    assert kinds(events(pipe, "The navy seized other weapons in Doriva on 2 May.")) == [("SEIZURE", "weapons")]


def test_it_after_a_joined_act_stands_for_that_act_s_item(nlp: Language) -> None:
    text = "He is one of ten soldiers accused of stealing government property and selling it to Varga, a Mira man."
    evs = events(nlp, text)
    assert [(e.type, e.item, e.to) for e in evs] == [
        ("THEFT", "government property", "soldiers"),
        ("TRANSFER", "government property", "Varga"),
    ]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_property_is_materiel_only_when_the_state_owns_it(pipe: Language) -> None:
    assert kinds(events(pipe, "In May the sergeant stole military property from the Mira depot.")) == [
        ("THEFT", "military property")
    ]
    assert events(pipe, "In May the sergeant stole his neighbour's property in Mira.") == []


def test_fighter_jets_are_materiel(nlp: Language) -> None:
    evs = events(nlp, "The panel is probing the transfer of some Kestrel-9 fighter jets to the militia in 2015.")
    assert [(e.type, e.to) for e in evs] == [("TRANSFER", "militia")]
    assert evs[0].item.endswith("fighter jets")


# ---------------------------------------------------------------- the lexicon of custody verbs


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("In 2019 Kestria equipped the militia with 300 carbines.", "TRANSFER"),
        ("In 2019 the broker traded 300 carbines to the militia.", "TRANSFER"),
        ("In 2019 the broker peddled 300 carbines to the militia.", "TRANSFER"),
        ("In 2019 the network channelled 300 carbines to the militia.", "TRANSFER"),
        ("In May the freighter Orla brought 300 carbines into Valdora.", "DELIVERY"),
        ("The court forfeited 300 carbines in May.", "SEIZURE"),
        ("In May the militia kept 300 carbines in a barn near Mira.", "STORAGE"),
    ],
)
def test_every_verb_of_custody_has_its_type(pipe: Language, text: str, kind: str) -> None:
    evs = events(pipe, text)
    assert [(e.type, e.item) for e in evs] == [(kind, "carbines")]


def test_items_displayed_by_a_group_are_seen_with_it(nlp: Language) -> None:
    """(Parsed only: a sighting needs whom it was seen with, which the blank pipeline cannot name here.)"""
    evs = events(nlp, "In May the Red Hand displayed 300 carbines in Mira.")
    assert [(e.type, e.item, e.to) for e in evs] == [("OBSERVATION", "carbines", "Red Hand")]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_a_forfeiture_of_items_is_a_seizure(pipe: Language) -> None:
    evs = events(pipe, "The court ordered the forfeiture of 300 carbines seized in Mira in May.")
    assert {e.type for e in evs} == {"SEIZURE"}


# ---------------------------------------------------------------- statements that are no act


@pytest.mark.parametrize(
    "text",
    [
        "Arms dealers in Mira sell carbines for about 900 dollars.",
        "Traffickers transport carbines across the Gulf of Mira in small boats.",
        "Carbines are sold openly in markets across Doriva.",
    ],
)
def test_a_habit_told_in_the_present_of_a_bare_plural_is_no_act(nlp: Language, text: str) -> None:
    assert events(nlp, text) == []


def test_a_present_act_of_a_named_party_is_still_an_act(nlp: Language) -> None:
    """The habit rule needs a bare plural subject: a named party's present act is reported."""
    assert kinds(events(nlp, "Kestria sells 300 carbines to the Valdoran army, the ministry said.")) == [
        ("TRANSFER", "carbines")
    ]


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
@pytest.mark.parametrize(
    "text",
    [
        "Under the exemption, Kestria may supply 300 carbines to the army without notice.",
        "Member states should return the 300 carbines to Valdora.",
    ],
)
def test_what_may_or_should_be_done_is_no_act(pipe: Language, text: str) -> None:
    assert events(pipe, text) == []


@pytest.mark.parametrize("pipe", BOTH, indirect=True)
def test_what_may_have_been_done_is_reported(pipe: Language) -> None:
    evs = events(pipe, "Some 300 carbines may have been stolen from the Mira depot in May.")
    assert kinds(evs) == [("THEFT", "carbines")]


def test_an_inspection_that_found_a_fact_seized_nothing(nlp: Language) -> None:
    """ "inspected ... and found that ...": what the check showed; "and found the rifles ..." seizes."""
    text = "The Group inspected 120 carbines at the Mira armoury and found that 12 bore no markings."
    assert [e.type for e in events(nlp, text) if e.type == "SEIZURE"] == []
    text = "Customs officers inspected the crate and discovered the carbines concealed inside a drum."
    assert kinds(events(nlp, text)) == [("SEIZURE", "carbines")]
