"""Places and dates of an act told around it (roles round 16): open waters told by the named sea
they lie in, a larger region after a comma written by its kind ("the city of X, state of Y"), the
place of an act going on in a clause that describes the goods taken ("a boat believed to be
smuggling rifles in X"), names listed before a plural kind of place they share ("X, Y and Z
hills"), the route goods were moved along, the site visited to count goods or raided to take them,
no place from a clause describing the acting party or a relative clause of its own, a named war as
a stretch of time, and a time the act's own clause tells before a nearer one of the clause around
it or the date of the saying. Every sentence
is written for these tests: each unit and place is made up (the rules read the parse)."""

from __future__ import annotations

from spacy.language import Language

from tests.ingest.scored import dates, events, places


def seizure_places(pipe: Language, text: str) -> list[str | None]:
    return [e.place for e in events(pipe, text) if e.type == "SEIZURE"]


def test_open_waters_in_a_named_sea_are_told_by_the_sea(parsed: Language) -> None:
    text = "The Kell navy seized 40 rifles being smuggled in international waters in the Gulf of Orsk."
    assert seizure_places(parsed, text) == ["in the Gulf of Orsk"]


def test_a_larger_region_written_by_its_kind_after_a_comma_stays_with_the_place(parsed: Language) -> None:
    text = "On March 15, police seized 40 rifles at a warehouse in the city of Porto Velho, state of Rondonia."
    assert places(parsed, text) == ["a warehouse in the city of Porto Velho, state of Rondonia"]
    text = "Soldiers seized 40 rifles in the town of Brenno, province of Kell, on Monday."
    assert places(parsed, text) == ["town of Brenno, province of Kell"]


def test_an_act_going_on_in_a_clause_on_the_goods_taken_gives_its_place(parsed: Language) -> None:
    text = "The navy seized a dhow believed to be smuggling hundreds of rifles in the Gulf of Kell."
    assert seizure_places(parsed, text) == ["Gulf of Kell"]


def test_a_finished_act_in_a_clause_on_the_goods_keeps_its_own_place(parsed: Language) -> None:
    text = "Police in Varo recovered rifles that were stolen in Brenno."
    assert seizure_places(parsed, text) == ["Varo"]


def test_names_sharing_a_plural_kind_of_place_are_one_place(parsed: Language) -> None:
    text = "The general said the rifles were seized at Karo, Dembi and Lutalo hills."
    assert places(parsed, text) == ["Karo, Dembi and Lutalo hills"]


def test_the_route_goods_were_moved_along_is_the_place(parsed: Language) -> None:
    text = "The rifles are shipped to the rebels along a new coastal route from the border with Kessia."
    assert places(parsed, text) == ["along a new coastal route from the border with Kessia"]


def test_the_site_visited_to_count_goods_is_the_place(parsed: Language) -> None:
    assert places(parsed, "Auditors visited two army depots to check the inventory of rifles.") == [
        "two army depots"
    ]


def test_a_time_the_acts_own_clause_tells_comes_first(parsed: Language) -> None:
    text = "The mission today destroyed rifles recovered from displaced people in Varo over the last 12 months."
    assert [e.date for e in events(parsed, text) if e.type == "SEIZURE"] == ["over the last 12 months"]
    text = "Police said on 3 June that they had seized 40 pistols in Brenno the previous week."
    assert dates(parsed, text) == ["the previous week"]


def test_the_date_of_the_saying_stays_when_the_act_tells_none(parsed: Language) -> None:
    assert dates(parsed, "Police said on 3 June that they had seized 40 pistols in Brenno.") == ["3 June"]


def test_a_relative_clause_of_its_own_tells_its_own_place_and_time(parsed: Language) -> None:
    text = "Customs officers seized the rifles, which had arrived in Brenno on 3 April, on 5 April."
    assert [(e.place, e.date) for e in events(parsed, text)] == [(None, "5 April")]


def test_a_relative_clause_of_an_act_going_on_keeps_its_place(parsed: Language) -> None:
    text = "The navy seized rifles that were being smuggled in the Gulf of Kell on 5 May."
    assert seizure_places(parsed, text) == ["Gulf of Kell"]


def test_a_named_war_the_act_is_told_in_is_its_date(both: Language) -> None:
    assert dates(both, "Some 400 rifles were lost during the Kessian Civil War.") == ["during the Kessian Civil War"]
    assert dates(both, "Some 400 rifles were lost during the war.") == [None]


def test_a_place_in_a_clause_describing_the_acting_party_is_not_the_acts(parsed: Language) -> None:
    assert places(parsed, "The Kell police, based in Varo, seized 30 rifles on the highway to Brenno.") == [None]


def test_the_site_a_raid_told_first_entered_is_where_goods_were_taken(parsed: Language) -> None:
    text = "Acting on intelligence, troops raided a camp in the Kell forest and recovered 40 rifles."
    assert places(parsed, text) == ["a camp in the Kell forest"]


def test_the_named_area_of_a_larger_place_is_written_with_it(parsed: Language) -> None:
    text = "Police seized two rifles in the Varno area of Kessel on Monday."
    assert seizure_places(parsed, text) == ["Varno area of Kessel"]
    text = "Two rifles were recovered by soldiers in the Marlo district of Kessel province."
    assert seizure_places(parsed, text) == ["Marlo district of Kessel province"]
    text = "Police seized two rifles in the Varno area on Monday."
    assert seizure_places(parsed, text) == ["Varno"]


def test_a_stretch_of_time_from_one_date_through_another_is_written_whole(parsed: Language) -> None:
    text = "From at least March 2015 through June 2, 2017, the men conspired to export rifles from Kessel to Dorvik."
    assert dates(parsed, text) == ["From at least March 2015 through June 2, 2017"]
    text = "The gang smuggled rifles from May 2015 through June 2017."
    assert dates(parsed, text) == ["from May 2015 through June 2017"]
