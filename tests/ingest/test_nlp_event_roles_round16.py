"""Giver, receiver and count on unseen reporting (roles round 16): a participle with its "by"
phrase is passive even where the parser takes the goods before it for its subject; goods counted
in pieces ("38 units of", "120 samples of") keep that count, also inside the "with" phrase of a
verb of giving; a count before a maker and a model counts the class ("two Kell M16 rifles"); and
"they" in a reported clause is who reports it. Every sentence is written for these tests: each
unit, person and place is made up (the rules read the parse)."""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import events


def test_a_participle_with_its_by_phrase_names_the_seizing_party(parsed: Language) -> None:
    text = (
        "The army chaired the ceremony at which rifles and grenades (mostly AK-47s) confiscated by the "
        "Varnos police in the Dorvik district were burned."
    )
    evs = [e for e in events(parsed, text) if e.type == "SEIZURE"]
    assert evs and {e.to for e in evs} == {"Varnos police"}


def test_goods_counted_in_pieces_keep_the_count_as_written(parsed: Language) -> None:
    text = "The Dorvik army received 120 samples of armoured vehicles and 45 units of radio equipment."
    evs = events(parsed, text)
    assert [(e.item, e.quantity) for e in evs] == [
        ("armoured vehicles", "120 samples"),
        ("radio equipment", "45 units"),
    ]


def test_goods_counted_in_pieces_after_with_leave_the_object_the_receiver(parsed: Language) -> None:
    text = "The Kessel government will supply the Dorvik authorities with another 30 units of such armoured vehicles."
    evs = events(parsed, text)
    assert [(e.quantity, e.to) for e in evs] == [("30 units", "Dorvik authorities")]


def test_a_count_before_a_maker_and_model_counts_the_goods(parsed: Language) -> None:
    text = "The surrendered guns are one M14 rifle, two Korvath M16 rifles and three locally made shotguns."
    counts = {e.item: e.quantity for e in events(parsed, text)}
    assert counts.get("M16 rifles") == "two"


def test_they_in_a_reported_clause_is_who_reports_it(parsed: Language) -> None:
    text = (
        "The Varnos army has asked Dorvik for help. The Kessel authorities say that they are going to "
        "deliver 200 rifles to the Varnos army."
    )
    evs = events(parsed, text)
    assert [e.from_ for e in evs] == ["Kessel authorities"]


def test_a_party_keeps_the_named_setting_it_is_told_by(parsed: Language) -> None:
    """ "officials in a village in X" as written; an act the party was doing is no part of it."""
    text = "Elders in a village in Dorvik province handed over 12 rifles to the army on Sunday."
    assert [e.from_written or e.from_ for e in events(parsed, text)] == ["Elders in a village in Dorvik province"]
    text = "Sailors on the KNS Orsk destroyer seized 300 rifles from a dhow."
    assert [e.to_written or e.to for e in events(parsed, text)] == ["Sailors on the KNS Orsk destroyer"]


def test_goods_bought_for_a_named_party_go_to_it_from_the_buyer(parsed: Language) -> None:
    evs = events(parsed, "The two men bought 40 pistols for the Orsk Brigade in March.")
    assert [(e.from_written, e.to_written or e.to) for e in evs] == [("two men", "Orsk Brigade")]
    evs = events(parsed, "The two men bought 40 pistols for cash in March.")
    assert [(e.from_written or e.from_, e.to_written) for e in evs] == [(None, "two men")]


def test_a_wire_dateline_with_the_agency_in_brackets_is_no_party(parsed: Language) -> None:
    text = "KELLTOWN (Wire) - Four Varnos men have been jailed for purchasing rifles for Kell's Vell Brothers cartel."
    evs = events(parsed, text)
    assert [(e.from_written, e.to_written or e.to) for e in evs] == [("Four Varnos men", "Kell's Vell Brothers cartel")]


def test_a_party_named_by_what_it_deals_in_is_written_whole(parsed: Language) -> None:
    """ "a firearms trafficking conspiracy": the parser may read "firearms" as the head."""
    text = "The founder of a firearms trafficking conspiracy that supplied 60 rifles to the Vell cartel was jailed."
    evs = events(parsed, text)
    assert [e.from_written or e.from_ for e in evs] == ["firearms trafficking conspiracy"]


def test_the_loss_of_goods_supplied_to_a_party_is_that_partys_loss(parsed: Language) -> None:
    text = "The audit found the loss of 300 rifles supplied to the Kessel army."
    losses = [e for e in events(parsed, text) if e.type == "LOSS"]
    assert [e.from_written or e.from_ for e in losses] == ["Kessel army"]


def test_who_is_paid_for_an_act_did_it(parsed: Language) -> None:
    text = "Officials said the straw buyers were paid a few hundred dollars for buying a rifle."
    assert [e.to_written or e.to for e in events(parsed, text)] == ["straw buyers"]
    text = "The cartel paid the men for buying rifles in Kell."
    assert [e.to_written or e.to for e in events(parsed, text)] == ["men"]


def test_goods_told_as_in_someones_hands_were_taken_by_them(parsed: Language) -> None:
    text = "Most of the weapons now in the hands of the Vell Front were captured from the Kessel army."
    evs = [e for e in events(parsed, text) if e.type == "SEIZURE"]
    assert [e.to for e in evs] == ["Vell Front"]


def test_goods_told_missing_after_a_theft_take_the_thefts_roles(parsed: Language) -> None:
    text = (
        "In late May, rifles were reported stolen from a National Guard depot in Marlow. "
        "Among the missing goods were pistols, rifle scopes and ammunition."
    )
    evs = [e for e in events(parsed, text) if e.type in ("THEFT", "LOSS")]
    assert len(evs) == 4
    assert {(e.from_, e.place, e.date) for e in evs} == {("National Guard depot", "Marlow", "late May")}
