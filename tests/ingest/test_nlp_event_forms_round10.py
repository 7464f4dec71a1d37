"""Forms of English that tell a custody act, missed on unseen reporting (issue #14, round 10), on
fictional sentences.

Goods carried off ("took away", "carted off", "carrying out ... from"): taken from their holder
by whoever the clause names as doing it, a seizure when a force of a state does it, else a theft;
with no doer told, no act.
"""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract
from ingest.nlp.extract import ExtractedEvent


def events(nlp: Language, text: str) -> list[ExtractedEvent]:
    return extract(nlp, text, "2024-03-10").events


def summary(evs: list[ExtractedEvent]) -> set[tuple[str, str]]:
    return {(e.type, e.item) for e in evs}


# ------------------------------------------------------------------ goods carried off
def test_goods_taken_away_by_a_crowd_are_stolen(parsed: Language) -> None:
    evs = events(parsed, "During the unrest, rioters took away dozens of weapons including 40 rifles and 12 pistols.")
    assert {("THEFT", "rifles"), ("THEFT", "pistols")} <= summary(evs)
    assert {e.to for e in evs} == {"rioters"}


def test_goods_carried_off_by_a_state_force_are_seized(parsed: Language) -> None:
    evs = events(parsed, "Police took away 30 rifles and two pistols from the farm near Velmar.")
    assert summary(evs) == {("SEIZURE", "rifles"), ("SEIZURE", "pistols")}


def test_goods_carried_off_by_the_people_a_clip_shows_are_taken(parsed: Language) -> None:
    evs = events(parsed, "A video showed gunmen carrying out crates of grenades from the depot at Tarvia.")
    assert summary(evs) == {("THEFT", "grenades")}


def test_goods_carried_away_with_no_doer_tell_no_act(parsed: Language) -> None:
    assert events(parsed, "The old rifles were taken away last week.") == []


def test_an_operation_carried_out_takes_no_goods(parsed: Language) -> None:
    assert all(e.type not in ("THEFT", "SEIZURE") for e in events(parsed, "The gang carried out raids with rifles."))


def test_goods_taken_away_in_a_break_in_are_still_stolen(parsed: Language) -> None:
    evs = events(parsed, "Twelve rifles were taken away in a break-in at the armoury in Velmar.")
    assert summary(evs) == {("THEFT", "rifles")}
