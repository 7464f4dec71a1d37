"""Role values that hold on unseen reporting (roles round 12): a site that names only describe
("the Brenno, Kell, port of entry") is the place as written, a country written in capitals is no
pronoun ("the US and other states" stays whole), a name joined by a hyphen to a participle
("Dorvik-supplied rifles") is the party alone, who gets a noun of supply receives it ("acquired a
supply of rifles"), and with the goods in a "with" phrase the object of a verb of giving is the
receiver ("arming militias with rifles"); a noun of theft at a base or store is from it
("the theft of rifles at the Kell Army Arsenal"). Every sentence is written for these tests: each
unit, person and place is made up (the rules read the parse: the blank pipeline has none)."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract


def places(pipe: Language, text: str) -> list[str | None]:
    return [e.place for e in extract(pipe, text, "2024-03-10").events]


def givers(pipe: Language, text: str) -> list[str | None]:
    return [e.from_written or e.from_ for e in extract(pipe, text, "2024-03-10").events]


def test_a_site_the_names_describe_is_the_place_as_written(parsed: Language) -> None:
    text = "Customs officers at the Brenno, Texas, port of entry seized 10 rifles."
    assert places(parsed, text) == ["Brenno, Texas, port of entry"]
    text = "A sergeant at the Camp Varlo Marine base noticed that 40 rifles were missing."
    assert places(parsed, text) == ["Camp Varlo Marine base"]


def test_a_site_goods_were_taken_from_is_no_place(parsed: Language) -> None:
    assert places(parsed, "Police seized 30 rifles from the Kell army base on Monday.") == [None]


def test_a_country_in_capitals_keeps_its_partners(parsed: Language) -> None:
    text = "The rifles were supplied by the US and other states."
    assert givers(parsed, text) == ["US and other states"]


def test_a_name_hyphened_to_a_participle_is_the_party_alone(parsed: Language) -> None:
    found = givers(parsed, "Gunmen were seen with US-supplied rifles.")
    assert "US" in found and "US-supplied" not in found


def receivers(pipe: Language, text: str) -> list[tuple[str | None, str | None]]:
    return [(e.from_written or e.from_, e.to_written or e.to) for e in extract(pipe, text, "2024-03-10").events]


def test_who_gets_a_noun_of_supply_receives_it(parsed: Language) -> None:
    text = "The Kell rebels have also acquired a steady supply of rifles through their own raids."
    assert receivers(parsed, text) == [(None, "Kell rebels")]
    text = "The Kell militia bought a consignment of rifles from Varn arms dealers."
    assert receivers(parsed, text) == [("Varn arms dealers", "Kell militia")]


def test_the_object_of_a_verb_of_giving_with_the_goods_after_with_receives_them(parsed: Language) -> None:
    text = "The Dorvik government is arming militias in Varn with rifles."
    assert receivers(parsed, text) == [("Dorvik government", "militias in Varn")]
    text = "Outside groups are provisioning non-government forces with arms or ammunition."
    assert receivers(parsed, text) == [("Outside groups", "non-government forces")] * 2
    text = "The Kell militia was armed with rifles."
    assert receivers(parsed, text) == [(None, "Kell militia")]


def test_a_noun_of_theft_at_a_base_or_store_is_from_it(parsed: Language) -> None:
    text = "Nine soldiers were jailed over the theft of machine guns at the Kell Army Arsenal in Brenno."
    assert givers(parsed, text) == ["Kell Army Arsenal"]
    text = "The theft of 40 rifles at the army depot in Brenno was reported on Monday."
    assert givers(parsed, text) == ["army depot"]
    assert givers(parsed, "The theft of rifles at night was reported.") == [None]
