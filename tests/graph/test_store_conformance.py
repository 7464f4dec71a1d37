"""The store conformance suite: every test runs on every store (see ``store`` in conftest)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import pytest

from graph.builder import FactBuilder
from graph.dates import Interval, PartialDate
from graph.errors import Conflict, EvidenceMissing, InvalidInput
from graph.model import Model
from graph.records import Batch, Node
from graph.store import Store
from tests.graph.world import tiny_world


def test_round_trip_of_nodes_relations_events_and_evidence(store: Store, model: Model) -> None:
    b = tiny_world(model)
    store.write(b.batch)
    nodes = store.nodes(["item:JAV0042", "actor:14th-reserve-brigade", "actor:nobody"])
    assert set(nodes) == {"item:JAV0042", "actor:14th-reserve-brigade"}
    item = nodes["item:JAV0042"]
    assert (item.label, item.kind, item.name) == ("Item", "Item", "JAV-0042")
    assert item.props["serial"] == "JAV-0042" and item.props["system"] == "weaponsystem:fgm-148-javelin"
    assert nodes["actor:14th-reserve-brigade"].aliases == ("14 Res Bde",)

    [event] = store.events_of(["item:JAV0042"])
    assert event.type == "HANDOVER" and event.date == PartialDate(2023, 4, 20)
    assert (event.from_actor, event.to_actor) == ("actor:14th-reserve-brigade",
                                                  "actor:2nd-battalion-14th-reserve-brigade")
    assert event.location == "location:forward-base-kilo" and event.confidence == 0.9
    evidence = store.evidence([event.id])[event.id]
    assert [e.quote for e in evidence] == ["handed over on 20 April 2023"]
    assert evidence[0].document_id == b.document.id and evidence[0].extractor == "test"

    # every fact the batch wrote has its evidence in the store
    ids = list(b.batch.fact_ids())
    assert set(store.evidence(ids)) == set(ids)
    assert store.document_by_hash(b.sha256) == b.document


def test_writing_the_same_batch_twice_changes_nothing(store: Store, model: Model) -> None:
    store.write(tiny_world(model).batch)
    before = store.counts()
    store.write(tiny_world(model).batch)
    assert store.counts() == before
    assert before["Item"] == 1 and before["Actor"] == 3 and before["Relation"] == 3 and before["Event"] == 1
    assert before["Actor:MilitaryUnit"] == 2 and before["event:HANDOVER"] == 1
    assert before["Evidence"] == len(tiny_world(model).batch.evidence)


def test_a_second_source_adds_evidence_not_a_second_fact(store: Store, model: Model) -> None:
    store.write(tiny_world(model).batch)
    other = tiny_world(model, text="a second, independent report")
    store.write(other.batch)
    [event] = store.events_of(["item:JAV0042"])
    assert len(store.evidence([event.id])[event.id]) == 2
    assert store.counts()["Event"] == 1 and store.counts()["Document"] == 2


def test_a_later_source_fills_missing_details_but_never_overwrites(store: Store, model: Model) -> None:
    first = FactBuilder(model, title="a", text="a")
    item = first.item(serial="JAV-0042")
    first.event("HANDOVER", item, "2023-04-20", to_actor="actor:x")
    store.write(first.batch)
    second = FactBuilder(model, title="b", text="b")
    second.item(serial="JAV-0042", nsn="1425-01-623-7766")
    second.event("HANDOVER", item, "2023-04-20", to_actor="actor:x", location="location:depot-l-3", quantity=1)
    store.write(second.batch)
    node = store.nodes([item])[item]
    assert node.props["nsn"] == "1425-01-623-7766" and node.props["serial"] == "JAV-0042"
    [event] = store.events_of([item])
    assert event.location == "location:depot-l-3" and event.quantity == 1


def test_lookup_by_name_alias_serial_and_search_by_part(store: Store, model: Model) -> None:
    store.write(tiny_world(model).batch)
    assert [n.id for n in store.lookup("the 14th reserve brigade")] == ["actor:14th-reserve-brigade"]
    assert [n.id for n in store.lookup("14 res bde")] == ["actor:14th-reserve-brigade"]
    assert [n.id for n in store.lookup("s/n jav 0042")] == ["item:JAV0042"]
    assert [n.id for n in store.lookup("Javelin", label="WeaponSystem")] == ["weaponsystem:fgm-148-javelin"]
    assert store.lookup("nothing like this") == []
    assert [n.id for n in store.search("0042")] == ["item:JAV0042"]
    assert {n.id for n in store.search("reserve brigade", label="Actor")} == {
        "actor:14th-reserve-brigade", "actor:2nd-battalion-14th-reserve-brigade"}
    assert store.search("%") == [] and store.search("_") == []


def test_relations_by_direction_type_and_validity(store: Store, model: Model) -> None:
    store.write(tiny_world(model).batch)
    bn = "actor:2nd-battalion-14th-reserve-brigade"
    assert {r.type for r in store.relations([bn])} == {"SUBORDINATE_TO", "MEMBER_OF", "BASED_AT"}
    assert {r.type for r in store.relations([bn], direction="out")} == {"SUBORDINATE_TO", "BASED_AT"}
    assert {r.type for r in store.relations([bn], direction="in")} == {"MEMBER_OF"}
    assert {r.type for r in store.relations([bn], types=["MEMBER_OF", "SUBORDINATE_TO"])} == {
        "MEMBER_OF", "SUBORDINATE_TO"}
    # validity: the membership ended 2023-11-30, the subordination is undated (always valid)
    late = store.relations([bn], during=Interval.of("2024-01-01", None))
    assert {r.type for r in late} == {"SUBORDINATE_TO"}
    edge = store.relations([bn], during=Interval.of("2023-11-30", "2023-11-30"), types=["MEMBER_OF"])
    assert len(edge) == 1 and edge[0].valid_to == PartialDate(2023, 11, 30)


def test_relations_with_evidence_are_the_relations_and_their_evidence_read_together(store: Store,
                                                                                    model: Model) -> None:
    store.write(tiny_world(model).batch)
    store.write(tiny_world(model, text="a second, independent report").batch)
    bn = "actor:2nd-battalion-14th-reserve-brigade"
    asks: list[dict[str, Any]] = [{}, {"direction": "in"}, {"direction": "out"},
                                  {"types": ["MEMBER_OF", "SUBORDINATE_TO"]},
                                  {"during": Interval.of("2024-01-01", None)}]
    for ask in asks:
        rels, evidence = store.relations_with_evidence([bn, bn, "actor:nobody"], **ask)
        assert rels == store.relations([bn], **ask), ask
        assert evidence == store.evidence(r.id for r in rels), ask
    rels, evidence = store.relations_with_evidence([bn])
    assert rels and all(len(evidence[r.id]) == 2 for r in rels)  # one record per source
    assert store.relations_with_evidence([]) == ([], {})
    assert store.relations_with_evidence([bn], types=["NOT_A_RELATION"]) == ([], {})


def test_events_by_actor_and_location_and_iteration(store: Store, model: Model) -> None:
    store.write(tiny_world(model).batch)
    assert len(store.events_with_actors(["actor:14th-reserve-brigade"])) == 1
    assert len(store.events_at(["location:forward-base-kilo"])) == 1
    assert store.events_at(["location:elsewhere"]) == []
    assert [e.type for e in store.iter_events(["HANDOVER"])] == ["HANDOVER"]
    assert list(store.iter_events(["SEIZURE"])) == []
    assert [n.name for n in store.iter_nodes("Actor", "Person")] == ["Taras Hrytsenko"]


def test_a_fact_without_evidence_is_refused_and_nothing_is_written(store: Store, model: Model) -> None:
    b = tiny_world(model)
    b.batch.evidence = [e for e in b.batch.evidence if not e.fact_id.startswith("event:")]
    with pytest.raises(EvidenceMissing):
        store.write(b.batch)
    assert store.counts().get("Actor", 0) == 0


def test_an_unknown_kind_is_refused(store: Store, model: Model) -> None:
    b = tiny_world(model)
    b.batch.nodes[1] = replace(b.batch.nodes[1], kind="Spaceship")
    with pytest.raises(InvalidInput, match="Spaceship"):
        store.write(b.batch)


def test_many_ids_at_once_are_batched(store: Store, model: Model) -> None:
    b = FactBuilder(model, title="big", text="big")
    ids = [b.item(serial=f"M4-{i:05d}") for i in range(1200)]
    store.write(b.batch)
    assert len(store.nodes(ids)) == 1200
    assert len(store.evidence(ids)) == 1200


def test_empty_batch_is_fine(store: Store) -> None:
    store.write(Batch())
    assert store.nodes(["x"]) == {}
    assert isinstance(store.uri, str)


def test_document_nodes_need_no_evidence(store: Store, model: Model) -> None:
    doc = Node("doc:abc", "Document", "Report", "r.txt", (), {"sha256": "abc"})
    store.write(Batch(nodes=[doc]))
    assert store.document_by_hash("abc") == doc


# -- modality and document texts (issue #14) ---------------------------------------------------


def _theft(model: Model, text: str, modality: str) -> FactBuilder:
    b = FactBuilder(model, title=f"{modality}.txt", text=text, kind="Report", extractor="test",
                    ingested_at="2026-01-01T00:00:00+00:00")
    item = b.item(serial="STG-3100", quote="gripstock STG-3100")
    b.event("THEFT", item, "2024-05", quote=text, start=0, end=len(text), modality=modality)
    return b


def test_modality_is_stored_on_the_event_and_on_each_piece_of_evidence(store: Store, model: Model) -> None:
    store.write(_theft(model, "Gripstock STG-3100 was allegedly stolen in May 2024.", "alleged").batch)
    [event] = store.events_of(["item:STG3100"])
    assert event.modality == "alleged"
    [alleged] = store.evidence([event.id])[event.id]
    assert alleged.modality == "alleged"

    # a second source reports it as having happened: one event, now reported; each source keeps its word
    store.write(_theft(model, "Gripstock STG-3100 was stolen in May 2024.", "reported").batch)
    store.write(_theft(model, "A theft of gripstock STG-3100 was attempted in May 2024.", "attempted").batch)
    [event] = store.events_of(["item:STG3100"])
    assert event.modality == "reported"
    assert sorted(v.modality for v in store.evidence([event.id])[event.id]) == ["alleged", "attempted", "reported"]
    assert [e.modality for e in store.iter_events(["THEFT"])] == ["reported"]


def test_events_without_a_stated_modality_are_reported(store: Store, model: Model) -> None:
    store.write(tiny_world(model).batch)
    [event] = store.events_of(["item:JAV0042"])
    assert event.modality == "reported"
    assert {v.modality for v in store.evidence([event.id])[event.id]} == {"reported"}


def test_an_unknown_modality_is_refused_before_anything_is_written(store: Store, model: Model) -> None:
    with pytest.raises(InvalidInput, match="modality 'rumoured'"):
        store.write(_theft(model, "rumour", "rumoured").batch)
    assert store.counts().get("Event", 0) == 0


def test_a_document_keeps_its_text_and_spans_point_into_it(store: Store, model: Model) -> None:
    text = "Border note.\n\nGripstock STG-3100 was stolen in May 2024. Nothing else.\n"
    b = _theft(model, text, "reported")
    b.keep_text(text)
    store.write(b.batch)
    other = tiny_world(model)
    store.write(other.batch)  # no text kept: absent, not empty
    assert store.document_texts([b.document.id, other.document.id, "doc:none"]) == {b.document.id: text}
    [event] = store.events_of(["item:STG3100"])
    [v] = store.evidence([event.id])[event.id]
    assert store.document_texts([v.document_id])[v.document_id][v.start:v.end] == v.quote
    assert store.document_texts([]) == {}


def test_a_text_for_a_document_outside_the_batch_is_refused(store: Store, model: Model) -> None:
    b = tiny_world(model)
    b.batch.texts["doc:0000000000000000"] = "stray"
    with pytest.raises(InvalidInput, match="not a Document of this batch"):
        store.write(b.batch)


def _said_by_report(model: Model, version: str) -> FactBuilder:
    """Report A as extractor "nlp" ``version`` read it: X and Y, X a member of Y, launcher JAV-0042
    handed to X and then to Y, and a person named in passing."""
    a = FactBuilder(model, title="a.txt", text="fictional report A", extractor="nlp", version=version)
    item = a.item(serial="JAV-0042", quote="JAV-0042")
    x = a.actor("Grey Heron group", "ArmedGroup", quote="Grey Heron group")
    y = a.actor("7th Brigade", "MilitaryUnit", quote="7th Brigade")
    a.relation("MEMBER_OF", x, y, "2023", quote="X is part of 7th Brigade")
    a.event("HANDOVER", item, "2023-04-01", to_actor=x, quote="handed to X")
    a.event("HANDOVER", item, "2023-05-01", from_actor=x, to_actor=y, quote="handed to the brigade")
    a.actor("Andriy Koval", "Person", quote="Andriy Koval")
    return a


def test_deleting_an_extractors_evidence_of_a_document_removes_what_only_it_said(store: Store, model: Model) -> None:
    old = _said_by_report(model, "1")
    store.write(old.batch)
    item, x, y = "item:JAV0042", "actor:grey-heron-group", "actor:7th-brigade"
    [first, second] = sorted(store.events_of([item]), key=lambda e: str(e.date))
    [member] = store.relations([x], types=["MEMBER_OF"])
    # a manifest (another document) also states the item, the brigade and the second handover
    manifest = FactBuilder(model, title="m.csv", text="fictional manifest", kind="Manifest", extractor="table")
    manifest.item(serial="JAV-0042", quote="row 2")
    manifest.event("HANDOVER", item, "2023-05-01", from_actor=manifest.actor("Grey Heron group", "ArmedGroup"),
                   to_actor=manifest.actor("7th Brigade", "MilitaryUnit"), quote="row 3")
    store.write(manifest.batch)
    # an analyst's decision names a person only report A mentioned
    decision = FactBuilder(model, title="decision", text="fictional decision", kind="Decision", extractor="analyst")
    z = FactBuilder(model, title="a.txt", text="fictional report A", extractor="nlp", version="1")
    z.actor("Petro Sydorenko", "Person", quote="Petro Sydorenko")
    store.write(z.batch)
    decision.relation("SAME_AS", "actor:petro-sydorenko", y, quote="merged by ana")
    store.write(decision.batch)
    # the same report, as another extractor read it
    other = FactBuilder(model, title="a.txt", text="fictional report A", extractor="gazetteer")
    other.location("Forward Base Kilo", "Depot", quote="Forward Base Kilo")
    store.write(other.batch)
    assert store.extractor_versions("nlp") == {old.document.id: {"1"}}
    before = store.counts()

    dry = store.delete_evidence(old.document.id, "nlp", dry_run=True)
    assert store.counts() == before
    assert dry.evidence == 8 and {e.id for e in dry.touched} == {first.id, second.id}
    assert dry.events == (first.id,) and dry.relations == (member.id,)

    new = FactBuilder(model, title="a.txt", text="fictional report A", extractor="nlp", version="2")
    new.item(serial="JAV-0042", quote="JAV-0042")
    kite = new.actor("Black Kite band", "ArmedGroup", quote="Black Kite band")
    third = new.event("SEIZURE", item, "2023-06-01", from_actor=kite, quote="seized from the band")
    deleted = store.delete_evidence(old.document.id, "nlp", replacement=new.batch)

    assert deleted.evidence == 8 and deleted.events == (first.id,) and deleted.relations == (member.id,)
    assert deleted.nodes == ("actor:andriy-koval",) and store.lookup("Andriy Koval") == []
    assert {e.id for e in store.events_of([item])} == {second.id, third}
    assert store.relations([x, y], types=["MEMBER_OF"]) == []
    # the manifest keeps what it said, with its own evidence only
    assert [v.document_id for v in store.evidence([second.id])[second.id]] == [manifest.document.id]
    assert set(store.nodes([item, y, x])) == {item, y, x}  # X is still on the manifest's handover
    # the decision keeps its person, and the other extractor its place
    assert "actor:petro-sydorenko" in store.nodes(["actor:petro-sydorenko"])
    assert [r.type for r in store.relations(["actor:petro-sydorenko"])] == ["SAME_AS"]
    assert store.lookup("Forward Base Kilo")
    assert store.extractor_versions("nlp") == {old.document.id: {"2"}}
    assert store.extractor_versions("gazetteer") == {old.document.id: {"1"}}
    assert store.document_by_hash(old.sha256) is not None


def test_a_node_only_one_extraction_named_goes_with_it(store: Store, model: Model) -> None:
    old = _said_by_report(model, "1")
    store.write(old.batch)
    deleted = store.delete_evidence(old.document.id, "nlp")
    assert set(deleted.nodes) == {"item:JAV0042", "actor:grey-heron-group", "actor:7th-brigade",
                                  "actor:andriy-koval"}
    assert len(deleted.events) == 2 and len(deleted.relations) == 1
    counts = store.counts()
    assert counts.get("Actor", 0) == 0 and counts.get("Event", 0) == 0 and counts.get("Evidence", 0) == 0
    assert store.lookup("Grey Heron group") == [] and store.search("Heron") == []
    assert counts["Document"] == 1  # the document itself stays: it was ingested
    assert store.extractor_versions("nlp") == {}
    # writing it again brings everything back
    store.write(old.batch)
    assert store.lookup("Grey Heron group") and len(store.events_of(["item:JAV0042"])) == 2


# -- compare and set -------------------------------------------------------------------------

def _note(model: Model, text: str) -> FactBuilder:
    b = FactBuilder(model, title=text, text=text, kind="Report", extractor="test", version="1")
    b.actor(text, "ArmedGroup")
    return b


def test_write_if_writes_and_bumps_versions_only_when_they_match(store: Store, model: Model) -> None:
    assert store.versions(["actor:a", "actor:b"]) == {"actor:a": 0, "actor:b": 0}
    store.write_if(_note(model, "Red Falcon group").batch, {"actor:a": 0, "actor:b": 0})
    assert store.versions(["actor:a", "actor:b", "actor:c"]) == {"actor:a": 1, "actor:b": 1, "actor:c": 0}
    assert store.lookup("red falcon group")
    # a stale version: nothing of the batch is written, no version moves
    with pytest.raises(Conflict, match="actor:a"):
        store.write_if(_note(model, "Black Kite group").batch, {"actor:a": 0, "actor:c": 0})
    assert store.lookup("black kite group") == []
    assert store.versions(["actor:a", "actor:c"]) == {"actor:a": 1, "actor:c": 0}
    store.write_if(_note(model, "Black Kite group").batch, {"actor:a": 1})
    assert store.versions(["actor:a"]) == {"actor:a": 2} and store.lookup("black kite group")
    # versions are not props: plain writes neither show nor move them
    store.write(_note(model, "Red Falcon group").batch)
    assert store.versions(["actor:a"]) == {"actor:a": 2}
    assert all(not k.startswith("_") for n in store.iter_nodes("Actor") for k in n.props)


def test_parallel_write_ifs_on_one_version_have_exactly_one_winner(store: Store, model: Model) -> None:
    barrier = threading.Barrier(6)

    def attempt(n: int) -> str:
        batch = _note(model, f"Grey Heron cell {n}").batch
        barrier.wait()
        try:
            store.write_if(batch, {"actor:x": 0})
        except Conflict:
            return "conflict"
        return "won"

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(attempt, range(6)))
    assert sorted(outcomes) == ["conflict"] * 5 + ["won"]
    assert store.versions(["actor:x"]) == {"actor:x": 1}
    assert len(list(store.iter_nodes("Actor", "ArmedGroup"))) == 1


# -- re-writes keep values exactly ------------------------------------------------------------

NESTED = {"row": {"unit": None, "note": "", "cells": [None, 1, {"x": None}]}, "modality": {"hedge": None}}


def _event_with_nulls(model: Model, text: str) -> FactBuilder:
    b = FactBuilder(model, title=text, text=text, kind="Manifest", extractor="test", version="1")
    item = b.item(serial="JAV-0042")
    b.event("TRANSFER", item, "2023-04-20", to_actor="actor:14th-reserve-brigade", props=NESTED)
    b.relation("MEMBER_OF", "actor:taras", "actor:14th-reserve-brigade", props=NESTED)
    b.node("Actor", "Person", "Taras", node_id="actor:taras", props=NESTED)
    return b


def test_rewriting_a_fact_keeps_its_nested_nulls(store: Store, model: Model) -> None:
    store.write(_event_with_nulls(model, "one manifest").batch)
    once = (store.events_of(["item:JAV0042"]), store.relations(["actor:taras"]), store.nodes(["actor:taras"]))
    assert once[0][0].props == NESTED and once[1][0].props == NESTED and once[2]["actor:taras"].props == NESTED
    # the same facts again (a second ingest of the same file), and from a second document
    for text in ("one manifest", "a second manifest", "one manifest"):
        store.write(_event_with_nulls(model, text).batch)
        again = (store.events_of(["item:JAV0042"]), store.relations(["actor:taras"]), store.nodes(["actor:taras"]))
        assert again == once, text


def test_custody_facts_are_the_items_and_their_shipments_events_in_one_read(store: Store, model: Model) -> None:
    b = FactBuilder(model, title="fictional manifest", text="fictional manifest of SHP-9")
    a, c = b.item(serial="NLAW-0101"), b.item(serial="NLAW-0102")
    lone = b.item(serial="NLAW-0199")
    ship = b.shipment("SHP-9")
    depot, bde = b.actor("Depot D-7 Command", "Organization"), b.actor("14th Reserve Brigade", "MilitaryUnit")
    b.relation("CONTAINS", ship, a)
    b.relation("CONTAINS", ship, c)
    b.relation("RECEIVED", bde, a)
    shipped = b.event("TRANSFER", ship, "2023-02-01", from_actor=depot, to_actor=bde)
    own = b.event("INVENTORY", a, "2023-05-01", to_actor=bde)
    b.event("INVENTORY", lone, "2023-06-01", to_actor=depot)
    b.relation("CONTAINS", "shipment:nowhere", c)  # a shipment only referred to, never written
    store.write(b.batch)

    facts = store.custody_facts([a, a, "item:missing"])
    assert [e.id for e in facts.events] == sorted([shipped, own])
    assert sorted((r.type, r.source, r.target) for r in facts.inbound) == [("CONTAINS", ship, a), ("RECEIVED", bde, a)]
    assert list(facts.shipments) == [ship] and facts.shipments[ship].label == "Shipment"
    both = store.custody_facts([a, c])
    assert [e.id for e in both.events] == sorted([shipped, own])
    assert [r.id for r in both.inbound] == sorted(r.id for r in both.inbound)
    assert {(r.source, r.target) for r in both.inbound if r.type == "CONTAINS"} == {
        (ship, a), (ship, c), ("shipment:nowhere", c)}
    assert list(both.shipments) == [ship]
    empty = store.custody_facts([])
    assert (empty.events, empty.inbound, empty.shipments) == ([], [], {})


def test_chain_facts_are_the_custody_facts_with_what_they_name_read_together(store: Store, model: Model) -> None:
    b = tiny_world(model)
    item, bn, bde = "item:JAV0042", "actor:2nd-battalion-14th-reserve-brigade", "actor:14th-reserve-brigade"
    ship = b.shipment("SHP-77", props={"consignor": "actor:ferro-export-office", "end_user": bde,
                                       "consignee": "actor:nobody-written"})
    b.actor("Ferro Export Office", "Organization")
    b.relation("CONTAINS", ship, item)
    b.event("TRANSFER", ship, "2023-03-01", from_actor="actor:ferro-export-office", to_actor=bde)
    b.relation("SUBORDINATE_TO", bde, b.actor("Northern Command", "MilitaryUnit"))
    store.write(b.batch)
    store.write(tiny_world(model, text="a second, independent report").batch)
    system = "weaponsystem:fgm-148-javelin"

    read = store.chain_facts([item, item, "item:missing"], extra=[system], upward=["SUBORDINATE_TO", "MEMBER_OF"])
    assert read.facts == store.custody_facts([item])
    named = {bde, bn, "location:forward-base-kilo", "actor:ferro-export-office", "actor:nobody-written", system}
    assert read.named == named
    assert read.nodes == store.nodes(named) and "actor:nobody-written" not in read.nodes
    assert read.evidence == store.evidence(e.id for e in read.facts.events)
    assert all(len(read.evidence[e.id]) == 2 for e in read.facts.events if e.subject == item)
    assert read.upward == store.relations_upward(named, ["SUBORDINATE_TO", "MEMBER_OF"])
    assert {(r.source, r.target) for r in read.upward} == {(bn, bde), (bde, "actor:northern-command")}
    assert store.chain_facts([item], upward=[]).upward == []
    empty = store.chain_facts([])
    assert (empty.facts.events, empty.named, empty.nodes, empty.evidence, empty.upward) == ([], frozenset(), {}, {}, [])


def test_relations_upward_walk_out_transitively_once_each(store: Store, model: Model) -> None:
    b = FactBuilder(model, title="fictional order of battle", text="fictional order of battle")
    soldier = b.actor("Private Tamsin Vell", "Person")
    coy, bn = b.actor("2nd Company", "MilitaryUnit"), b.actor("3rd Battalion", "MilitaryUnit")
    bde, other = b.actor("14th Reserve Brigade", "MilitaryUnit"), b.actor("Red Falcon group", "ArmedGroup")
    member = b.relation("MEMBER_OF", soldier, coy, "2021-01-01", "2021-12-31")  # validity does not matter
    up1 = b.relation("SUBORDINATE_TO", coy, bn)
    up2 = b.relation("SUBORDINATE_TO", bn, bde)
    loop = b.relation("SUBORDINATE_TO", bde, coy)  # a cycle ends the walk, it does not loop
    b.relation("AFFILIATED_WITH", soldier, other)  # another type: not followed
    b.relation("SUBORDINATE_TO", other, bde)  # into the hierarchy, not out of it
    store.write(b.batch)

    rels = store.relations_upward([soldier], ["SUBORDINATE_TO", "MEMBER_OF"])
    assert [r.id for r in rels] == sorted([member, up1, up2, loop])
    assert [r.id for r in store.relations_upward([bn, bn], ["SUBORDINATE_TO"])] == sorted([up1, up2, loop])
    assert store.relations_upward([soldier], ["SUBORDINATE_TO"]) == []
    assert store.relations_upward([], ["SUBORDINATE_TO"]) == []
    assert store.relations_upward(["actor:nobody"], ["SUBORDINATE_TO", "NOT_A_TYPE"]) == []


def test_items_touched_by_actors_and_places_include_their_shipments_items(store: Store, model: Model) -> None:
    b = FactBuilder(model, title="fictional depot log", text="fictional depot log")
    a, c, d, far = (b.item(serial=s) for s in ("JAV-0301", "JAV-0302", "JAV-0303", "JAV-0399"))
    ship = b.shipment("SHP-31")
    unit, other = b.actor("7th Test Brigade", "MilitaryUnit"), b.actor("Red Falcon group", "ArmedGroup")
    depot, town = b.location("Depot D-7", "Depot"), b.location("Far Town", "Place")
    b.relation("CONTAINS", ship, a)
    b.relation("CONTAINS", ship, c)
    b.event("TRANSFER", ship, "2023-01-05", from_actor=other, to_actor=unit)  # both items, by the shipment
    b.event("STORAGE", d, "2023-02-01", to_actor=other, location=depot)
    b.event("OBSERVATION", far, "2023-03-01", to_actor=other, location=town)
    b.event("INVENTORY", "item:never-written", "2023-03-02", to_actor=unit)  # a subject that is no item
    store.write(b.batch)

    assert store.items_touched([unit], []) == sorted([a, c])
    assert store.items_touched([], [depot]) == [d]
    assert store.items_touched([unit, unit], [depot, town]) == sorted([a, c, d, far])
    assert store.items_touched([other], []) == sorted([a, c, d, far])
    assert store.items_touched(["actor:nobody"], []) == []
    assert store.items_touched([], []) == []


def test_a_batch_naming_one_fact_twice_is_written_as_two_batches_in_turn_would_be(store: Store, model: Model) -> None:
    """One report names a unit and an item twice (a group of reports written as one batch does
    so often): the first mention's values stay, the second only fills what was missing, the
    event keeps the higher confidence and becomes reported, and each evidence is stored once."""
    b = FactBuilder(model, title="twice", text="twice")
    unit = b.actor("9th Test Rifles", "MilitaryUnit", props={"echelon": "battalion"})
    b.actor("9th Test Rifles", "MilitaryUnit", aliases=("9 TR",), props={"echelon": "company", "garrison": "Oskel"})
    item = b.item(serial="TST-0001", system="weaponsystem:test-rifle")
    b.item(serial="TST-0001", system="weaponsystem:other-rifle", nsn="0000-00-000-0001")
    b.event("SEIZURE", item, "2024-03-02", to_actor=unit, confidence=0.6, modality="alleged")
    b.event("SEIZURE", item, "2024-03-02", to_actor=unit, location="location:test-port", confidence=0.8,
            quote="seized at the port")
    b.event("SEIZURE", item, "2024-03-02", to_actor=unit, confidence=0.7, props={"note": "third mention"})
    b.batch.evidence.append(replace(b.batch.evidence[-1], confidence=0.1))  # the same evidence id again
    store.write(b.batch)

    nodes = store.nodes([unit, item])
    assert nodes[unit].props == {"echelon": "battalion", "garrison": "Oskel"}
    assert nodes[unit].aliases == ("9 TR",)
    assert nodes[item].props["system"] == "weaponsystem:test-rifle"
    assert nodes[item].props["nsn"] == "0000-00-000-0001"
    [event] = store.events_of([item])
    assert (event.confidence, event.modality, event.location) == (0.8, "reported", "location:test-port")
    assert event.props == {"note": "third mention"}
    # the three mentions share one locator, so one evidence id: insert or ignore keeps the first
    assert [v.confidence for v in store.evidence([event.id])[event.id]] == [0.6]
    assert store.lookup("9 TR") and store.counts()["Event"] == 1
