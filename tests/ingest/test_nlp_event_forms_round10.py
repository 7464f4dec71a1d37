"""Forms of English that tell a custody act, missed on unseen reporting (issue #14, round 10), on
fictional sentences.

Goods carried off ("took away", "carted off", "carrying out ... from"): taken from their holder
by whoever the clause names as doing it, a seizure when a force of a state does it, else a theft;
with no doer told, no act.

Goods that disappeared or vanished are lost, as goods that went missing are.

What a search or a raid yielded or netted was seized.

Verbs coordinated in a chain ("conspired to steal, sell and buy rifles") share the object the last
one names, the first too.

Goods named before an act noun of moving them that has a "to" or "from" phrase ("weapons transfers to
the militia") are its item; a concern over an act names it as a topic, as "concerning" does, and
frames nothing ("arms trafficking", "arms sales" alone stay generic activities).

The subject of an adverbial clause of time ("intercepted a boat after the ship's helicopter was
scrambled") is no item of the act above it.

Goods listed one per line under a sentence that ends in a colon ("Two bags were seized, containing:")
are items of the act told nearest the colon; the list ends at the first line that tells an act of
its own.

An act told in general (present tense, a bare plural doing it: "dealers who buy or facilitate the
smuggling of rifles", "records show firearms") tells no event, of any type, and its goods are no
other act's ("sends a message to dealers who sell rifles" sends no rifles).

Lexicon gaps: "provisioning a force with rifles" gives them; a law that regulates the export of
arms frames a kind of act, as one that bans it does.
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


# ------------------------------------------------------------------ goods that vanished
def test_goods_that_disappeared_or_vanished_are_lost(both: Language) -> None:
    assert summary(events(both, "Two rifles vanished from the armoury in Velmar.")) == {("LOSS", "rifles")}
    evs = events(both, "The night-vision goggles disappeared from a locked room at Camp Dorn.")
    assert summary(evs) == {("LOSS", "night-vision goggles")}


def test_what_else_disappeared_is_no_loss(both: Language) -> None:
    assert events(both, "The threat disappeared after the talks in Velmar.") == []


# ------------------------------------------------------------------ what a search yielded
def test_what_a_raid_yielded_was_seized(parsed: Language) -> None:
    evs = events(parsed, "The raid on the farm near Velmar yielded 40 rifles and two mortars.")
    assert summary(evs) == {("SEIZURE", "rifles"), ("SEIZURE", "mortars")}
    assert summary(events(parsed, "The search of the port netted 12 pistols.")) == {("SEIZURE", "pistols")}


def test_what_else_yielded_goods_seized_none(parsed: Language) -> None:
    assert all(e.type != "SEIZURE" for e in events(parsed, "The deal yielded 40 rifles for the Grey Lantern gang."))


# ------------------------------------------------------------------ lexicon gaps
def test_provisioning_a_force_with_goods_gives_them(parsed: Language) -> None:
    text = "Researchers said foreign groups were provisioning the Grey Lantern militia with rifles in 2019."
    evs = events(parsed, text)
    assert summary(evs) == {("TRANSFER", "rifles")}


def test_a_law_regulating_an_act_tells_no_act(parsed: Language) -> None:
    assert events(parsed, "The Velmar law tightly regulates the exportation of rifles and munitions since 2019.") == []


# ------------------------------------------------------------------ a chain of coordinated verbs
def test_a_chain_of_coordinated_verbs_shares_the_last_ones_object(parsed: Language) -> None:
    text = "The four men conspired to steal, sell and buy rifles and ammunition from the depot at Tarvia."
    evs = events(parsed, text)
    assert {("THEFT", "rifles"), ("THEFT", "ammunition"), ("TRANSFER", "rifles")} <= summary(evs)
    evs = events(parsed, "Prosecutors say the gang planned to steal, sell and buy rifles near Velmar.")
    assert {("THEFT", "rifles"), ("TRANSFER", "rifles")} <= summary(evs)


# ------------------------------------------------------------------ goods named before an act noun
def test_goods_before_an_act_noun_of_moving_them_somewhere_are_its_item(parsed: Language) -> None:
    evs = events(parsed, "The panel cited resolutions concerning weapons transfers to the Grey Lantern militia.")
    assert summary(evs) == {("TRANSFER", "weapons")}
    assert evs[0].to == "Grey Lantern militia"


def test_goods_before_an_act_noun_alone_name_a_kind_of_activity(parsed: Language) -> None:
    assert events(parsed, "Norland banned arms sales in 2019.") == []
    assert events(parsed, "The Arms Export Control Act was passed by Norland in 2019.") == []


# ------------------------------------------------------------------ clauses of time
def test_the_subject_of_a_clause_of_time_is_no_item_of_the_act_above(parsed: Language) -> None:
    text = "Marines intercepted a speedboat after the frigate's helicopter was launched near Velmar."
    assert {e.item for e in events(parsed, text)} == {"speedboat"}


# ------------------------------------------------------------------ goods listed line by line
LISTED = """Customs officers at the Velmar crossing seized two bags on Monday, containing:
Four assault rifles, with nine magazines
Twelve grenades
The bags were sent to the police laboratory in Tarvia.
"""


def test_goods_listed_line_by_line_under_a_colon_are_the_acts_items(both: Language) -> None:
    evs = events(both, LISTED)
    seized = {(e.item, e.quantity) for e in evs if e.type == "SEIZURE"}
    assert {("assault rifles", "Four"), ("magazines", "nine"), ("grenades", "Twelve")} <= seized


def test_lines_after_a_sentence_without_a_colon_are_no_list(both: Language) -> None:
    evs = events(both, LISTED.replace("on Monday, containing:", "on Monday.\nTheir contents were unknown."))
    assert all(e.type != "SEIZURE" or e.item not in ("assault rifles", "grenades") for e in evs)


# ------------------------------------------------------------------ acts told in general
def test_acts_told_in_general_tell_no_event(parsed: Language) -> None:
    text = "The verdict sends a message to dealers who buy, hide, or facilitate the smuggling of rifles and ammunition."
    assert events(parsed, text) == []
    assert events(parsed, "Smugglers often sell rifles and ammunition to gangs in Velmar.") == []


def test_a_particular_act_in_the_present_is_still_told(parsed: Language) -> None:
    evs = events(parsed, "The Grey Lantern gang sells 40 rifles to smugglers in Velmar every month.")
    assert summary(evs) == {("TRANSFER", "rifles")}
