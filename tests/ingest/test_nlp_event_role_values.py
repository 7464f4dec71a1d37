"""Role values that generalise (roles round 7): counts told in words, parts of a whole, the
written phrase of a place goods were taken from. Every sentence is written for these tests: each
unit, person, place and quantity is made up."""

from __future__ import annotations

from spacy.language import Language

from ingest.nlp import extract
from tests.ingest.scored import events


def test_each_member_of_a_list_keeps_its_count_told_in_words(both: Language) -> None:
    evs = events(both, "The Varnos police recovered one AK-47 rifle, several pistols and a few grenades.")
    assert [(e.item, e.quantity) for e in evs] == [
        ("AK-47 rifle", "one"),
        ("pistols", "several"),
        ("grenades", "a few"),
    ]


def test_a_vague_count_of_goods_with_describing_words_is_their_quantity(parsed: Language) -> None:
    evs = events(
        parsed,
        "Officers of the Varnos police seized dozens of old Kelvar-made rifles and a large quantity of ammunition.",
    )
    assert [(e.item, e.quantity) for e in evs] == [("rifles", "dozens"), ("ammunition", "a large quantity")]


def test_an_amount_alone_makes_no_statement_about_a_category_particular(parsed: Language) -> None:
    evs = events(parsed, "The package provides a considerable amount of ammunition.")
    assert evs == []


def test_the_part_taken_from_a_whole_is_the_count_of_the_act_on_the_part(both: Language) -> None:
    """ "recovered nine of the 16 rifles stolen": nine recovered, sixteen stolen."""
    evs = events(both, "The Kessel police said they recovered nine of the 16 rifles stolen from the Dorvik armory.")
    counts = {(e.type, e.quantity) for e in evs}
    assert ("SEIZURE", "nine") in counts
    assert ("SEIZURE", "16") not in counts


def test_goods_seized_from_a_place_no_name_rule_knows_come_from_it_as_written(parsed: Language) -> None:
    """The "of" phrase is part of the place; the "in" phrase only locates it."""
    evs = events(parsed, "The Kessel police recovered 20 rifles from the outer areas of the Dorvik district.")
    assert [e.from_ for e in evs] == ["outer areas of the Dorvik district"]
    evs = events(parsed, "A cache of rifles was recovered from a melon field in Dorvik province on 3 May, police said.")
    assert [e.from_ for e in evs] == ["melon field"]


def test_goods_seized_from_someones_possession_are_not_taken_from_the_possession(parsed: Language) -> None:
    evs = events(parsed, "Officers seized 40 pistols from their possession in Dorvik.")
    assert [e.from_ for e in evs] == [None]


def test_goods_seized_from_a_named_district_were_seized_there(parsed: Language) -> None:
    evs = events(parsed, "A cache of rifles, buried on a river bank, was seized from Odesa's Varos district on 3 May.")
    assert [(e.from_, e.place) for e in evs] == [(None, "Odesa's Varos district")]


def test_a_place_written_within_a_larger_one_is_the_place_as_written(parsed: Language) -> None:
    evs = events(parsed, "A cache of rifles was recovered by the police today in Kovel in Odesa's Varos district.")
    assert [e.place for e in evs] == ["Kovel in Odesa's Varos district"]


def test_coordinated_passive_verbs_share_the_phrases_of_the_last(parsed: Language) -> None:
    """ "were recovered and seized by ...": who did both; "stolen from ... and recovered by ...":
    the first verb tells its own act, the police are no thieves."""
    evs = events(parsed, "Six rifles were recovered and seized by the Dorvik police.")
    assert [(e.type, e.to) for e in evs] == [("SEIZURE", "Dorvik police")]
    evs = events(parsed, "Forty rifles were transferred and handed over to the Kessel Police from the Varnos Bureau.")
    assert {(e.from_, e.to) for e in evs} == {("Varnos Bureau", "Kessel Police")}
    evs = events(parsed, "Six rifles were stolen from the depot and later recovered by the Dorvik police.")
    assert [(e.type, e.to) for e in evs if e.type == "THEFT"] == [("THEFT", None)]


def test_goods_stolen_from_a_store_are_taken_from_it_as_written(parsed: Language) -> None:
    """The "from" phrase hangs on the verb of the theft even where that verb is a plain one."""
    evs = events(parsed, "A man was arrested for taking 16 rifles from an army reserve center in Kessel.")
    assert [(e.type, e.from_) for e in evs] == [("THEFT", "army reserve center")]
    evs = events(parsed, "A man was arrested for taking 16 rifles from the Kell Army Depot.")
    assert [(e.type, e.from_) for e in evs] == [("THEFT", "Kell Army Depot")]


def test_goods_measured_by_what_carries_them_are_counted_so(both: Language) -> None:
    evs = events(both, "Two truckloads of ammunition were transferred to the Varos army from Kessel in June.")
    assert [(e.item, e.quantity) for e in evs] == [("ammunition", "Two truckloads")]
    evs = events(both, "The Varos army has acquired truckloads of small arms ammunition.")
    assert [e.quantity for e in evs] == ["truckloads"]


def test_a_place_within_a_larger_one_is_kept_whole_where_the_parser_hangs_it_on_the_verb(parsed: Language) -> None:
    evs = events(
        parsed, "A large cache of arms and ammunition was seized by the police in Dorrak in Kell's Varos district."
    )
    assert {e.place for e in evs} == {"Dorrak in Kell's Varos district"}


def test_a_named_section_of_a_town_is_the_place_as_written(parsed: Language) -> None:
    evs = events(
        parsed, "A man was held after the seizure of a cache of rifles in the Morra Lane section of Port Varos."
    )
    assert {e.place for e in evs} == {"Morra Lane section of Port Varos"}


def test_a_place_after_the_holding_noun_of_a_seizure_is_its_place(parsed: Language) -> None:
    evs = events(
        parsed,
        "Two men were arrested after a cache of rifles was recovered from their possession in Kell's Varos district.",
    )
    assert {e.place for e in evs} == {"Kell's Varos district"}


def test_the_place_of_a_raid_the_seizure_was_made_in_is_its_place(parsed: Language) -> None:
    evs = events(parsed, "Police on Tuesday seized two rifles during a raid at Morra Backdam, Zone #4.")
    assert [e.place for e in evs] == ["Morra Backdam, Zone #4"]


def test_an_area_named_by_its_kind_after_across_is_the_place_as_written(parsed: Language) -> None:
    evs = events(
        parsed, "The Varnos bureau has seized 200 rifles and grenades in a series of raids across the country."
    )
    assert {e.place for e in evs} == {"across the country"}


def test_the_site_a_break_in_or_robbery_hit_is_what_goods_were_stolen_from(parsed: Language) -> None:
    evs = events(parsed, "Twelve pistols were stolen on Saturday in the break-in at the Kessel Army Reserve Center.")
    assert [(e.type, e.from_) for e in evs] == [("THEFT", "Kessel Army Reserve Center")]
    evs = events(
        parsed, "The agency recovered nine of the 16 rifles stolen during a robbery from a Kessel, Norland armory."
    )
    assert [e.from_ for e in evs if e.type == "THEFT"] == ["Norland armory"]


def test_the_part_of_a_base_goods_were_stolen_at_is_written_with_the_base(parsed: Language) -> None:
    evs = events(parsed, "Rifles were stolen at the armoury of the Varos Tek Base last year.")
    assert [e.place for e in evs] == ["armoury of the Varos Tek Base"]


def test_a_place_written_as_an_address_keeps_the_larger_places_after_it(parsed: Language) -> None:
    evs = events(parsed, "Four pistols were seized at Brakka, Kessel Odin, Norland del Sur.")
    assert [e.place for e in evs] == ["Brakka, Kessel Odin, Norland del Sur"]


def test_an_unlabelled_name_written_as_an_address_keeps_the_larger_places_after_it(parsed: Language) -> None:
    evs = events(
        parsed,
        "Six rifles and war paraphernalia were recovered and seized by the Varos Municipal Police Station, 1st Platoon"
        " of the 12th Reconnaissance Company, and 2nd Platoon, 1st Mobile Force Company in a joint area security and"
        " reconnaissance patrol at Sitio Malbayan, Barangay Kelungan, Varos Odin Sinsar, Kell del Norte on"
        " April 6, 2024.",
    )
    assert {e.place for e in evs} == {"Sitio Malbayan, Barangay Kelungan, Varos Odin Sinsar, Kell del Norte"}


def test_the_place_of_a_patrol_ends_where_the_address_does(parsed: Language) -> None:
    evs = events(
        parsed,
        "Six rifles and war paraphernalia were recovered and seized by the Varos Municipal Police Station, 1st Platoon"
        " of the 12th Reconnaissance Company, and 2nd Platoon, 1st Mobile Force Company in a joint area security"
        " patrol at Sitio Morran, Barangay Keldan, Varos Odin, Kell del Norte on April 6, 2024.",
    )
    assert {e.place for e in evs} == {"Sitio Morran, Barangay Keldan, Varos Odin, Kell del Norte"}


def test_a_named_place_written_as_an_address_keeps_the_larger_places_after_it(parsed: Language) -> None:
    evs = events(parsed, "Four pistols were seized in Norland, Kessel Odin, Varos del Sur.")
    assert [e.place for e in evs] == ["Norland, Kessel Odin, Varos del Sur"]


def test_a_larger_place_of_an_address_may_be_a_capitalised_common_noun(parsed: Language) -> None:
    evs = events(
        parsed,
        "Police on Wednesday seized two high-powered rifles, a shotgun and a large quantity of ammunition during a raid"
        " at Kessel Backdam, Region #4.",
    )
    assert {e.place for e in evs} == {"Kessel Backdam, Region #4"}


def test_a_vessel_boarded_before_a_seizure_is_what_the_goods_were_taken_from(parsed: Language) -> None:
    evs = events(parsed, "The frigate seized a large weapons cache after boarding a dhow in the Northern Varos Ocean.")
    assert [(e.from_, e.to) for e in evs] == [("dhow", "frigate")]


def test_whose_possession_goods_were_recovered_from_is_whom_they_were_taken_from(parsed: Language) -> None:
    evs = events(parsed, "Police recovered six rifles from the militia's possession.")
    assert [e.from_ for e in evs] == ["militia"]


def test_their_possession_stands_for_the_subject_of_the_clause_the_seizure_hangs_on(parsed: Language) -> None:
    evs = events(
        parsed,
        "Brakka (Kell), Feb 25 (KNA) Three persons were arrested after a huge cache of arms and ammunition was"
        " recovered from their possession in Kell's Varos Anglong district.",
    )
    assert {e.from_ for e in evs} == {"persons"}


def test_their_possession_does_not_stand_for_who_told_of_the_seizure(parsed: Language) -> None:
    evs = events(parsed, "Police said six rifles were recovered from their possession.")
    assert [e.from_ for e in evs] == [None]


def test_a_place_hung_on_the_goods_a_seizure_noun_took_is_its_place(parsed: Language) -> None:
    evs = events(
        parsed,
        "The panel is looking into a case of a possible transfer of guided missiles to Varos forces following the"
        " seizure, on 25 September, of an arms shipment on a dhow off the coast of Port Varos.",
    )
    assert [(e.type, e.place) for e in evs] == [("TRANSFER", None), ("SEIZURE", "off the coast of Port Varos")]


def test_who_sends_in_a_participle_clause_is_the_subject_of_the_clause_it_hangs_on(parsed: Language) -> None:
    evs = events(
        parsed,
        "The Kell Government and rebel groups in Varos continue to violate the embargo, sending heavy weapons,"
        " small arms and ammunition into Varos.",
    )
    assert {e.from_ for e in evs} == {"Kell Government and rebel groups"}


def test_a_main_verb_the_parser_hung_off_its_subject_keeps_that_subject_as_the_giver(parsed: Language) -> None:
    evs = events(
        parsed,
        "Ahead of the general election, the Kell Police Force, on Thursday, handed over a total of 6,338 illegal arms"
        " and ammunition recovered from criminals across the country to the Kell Arms Commission.",
    )
    assert {e.from_ for e in evs if e.type == "TRANSFER"} == {"Kell Police Force"}
    # the phrase before the comma the parser hung on the subject is no part of it as written
    assert {e.from_written for e in evs if e.type == "TRANSFER"} <= {None, "Kell Police Force"}


def test_a_count_written_in_words_with_a_hyphen_is_one_quantity(both: Language) -> None:
    """ "Thirty-seven rifles": the tokenizer splits the number word at its hyphen; it stays one count."""
    ex = extract(both, "Thirty-seven rifles and twenty-four pistols were stolen from the Varnos armoury.", "2024-03-10")
    assert [(e.item, e.quantity) for e in ex.events] == [("rifles", "Thirty-seven"), ("pistols", "twenty-four")]
    assert [m.text for m in ex.entities if m.label == "QUANTITY"] == ["Thirty-seven", "twenty-four"]


def test_a_number_the_parser_reads_as_counting_listed_goods_is_their_quantity(parsed: Language) -> None:
    """ "76 vehicles", "nearly 900 2.75-inch rockets": numbers the quantity rules leave out (not before a
    word they know as materiel, or before a size) count the goods all the same; a year does not."""
    evs = events(parsed, "The Varn army sent 600 rifles, 76 vehicles and 20 aircraft to the Holm brigade.")
    assert [(e.item, e.quantity) for e in evs] == [("rifles", "600"), ("vehicles", "76"), ("aircraft", "20")]
    evs = events(parsed, "The coalition documented deliveries of nearly 900 2.75-inch rockets during the period.")
    assert [(e.item, e.quantity) for e in evs] == [("rockets", "nearly 900")]
    evs = events(parsed, "Police seized 2019 rifles.")
    assert [(e.item, e.quantity) for e in evs] == [("rifles", None)]
