"""GraphML and GEXF load in networkx with names, evidence and validity; relations keep their
stored direction; labels are names (what Gephi shows), never kinds."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest

from api.export import StoreSlice, chain_slice, reach_slice
from graph.builder import FactBuilder
from graph.store import Store
from tests.api.world import BATTALION, BRIGADE, MEMBER
from tests.export.conftest import exported

HOLDERS = ["Donor Logistics Agency", "Allied Transit Cell", "Central Supply Directorate", "14th Reserve Brigade",
           "2nd Battalion, 14th Reserve Brigade", "Red Falcon group", "Customs Office K"]


def _read(fmt: str, data: bytes) -> nx.MultiDiGraph:
    graph = nx.read_graphml(io.BytesIO(data)) if fmt == "graphml" else nx.read_gexf(io.BytesIO(data))
    return graph


def _by_name(graph: nx.MultiDiGraph) -> dict[str, str]:
    return {d["name"]: n for n, d in graph.nodes(data=True) if "name" in d}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_whole_store_loads_with_names_evidence_and_validity(world_store: Store, fmt: str) -> None:
    graph = _read(fmt, exported(world_store, StoreSlice(world_store, page=7), fmt))
    counts = world_store.counts()
    entities = sum(counts[label] for label in ("Item", "WeaponSystem", "Shipment", "Actor", "Location"))
    assert graph.number_of_nodes() == entities + counts["Event"]
    # every node is labelled with its name, never its kind or label
    for _, d in graph.nodes(data=True):
        assert d["label"] == d["name"] and d["label"] not in ("Actor", "Item", "Location")
    names = _by_name(graph)
    # MEMBER_OF as stored: the person is the source, the battalion the target; with its validity and evidence
    member_of = [d for s, t, d in graph.edges(names[MEMBER], data=True) if d["type"] == "MEMBER_OF"]
    assert len(member_of) == 1
    edge = member_of[0]
    assert list(graph.successors(names[MEMBER])) and names[BATTALION] in graph.successors(names[MEMBER])
    assert (edge["valid_from"], edge["valid_to"]) == ("2023-02-01", "2023-11-30")
    assert edge["label"] == "is a member of"
    evidence = json.loads(edge["evidence"])
    assert evidence and {"document", "quote", "extractor", "confidence"} <= evidence[0].keys()
    assert edge["documents"] == evidence[0]["document"] and edge["confidence"] == evidence[0]["confidence"]
    if fmt == "gexf":  # Gephi's timeline: first and last day of the validity
        assert (edge["start"], edge["end"]) == ("2023-02-01", "2023-11-30")
    # every fact has evidence, and every edge's ends are nodes of the file
    assert all(d["evidence_count"] >= 1 for _, d in graph.nodes(data=True))
    assert all(d.get("evidence_count", 0) >= 1 for _, _, d in graph.edges(data=True) if d["type"] != "CONCERNS")
    assert graph.number_of_edges() >= counts["Relation"] + counts["Event"]


def test_events_are_nodes_linked_to_what_they_name(world_store: Store) -> None:
    graph = _read("graphml", exported(world_store, StoreSlice(world_store), "graphml"))
    names = _by_name(graph)
    seizure = [n for n, d in graph.nodes(data=True) if d.get("kind") == "SEIZURE" and d["valid_from"] == "2024-06-18"]
    assert len(seizure) == 1
    links = {d["type"]: t for _, t, d in graph.out_edges(seizure[0], data=True)}
    assert links["SUBJECT"] == "item:M477001" and links["TO"] == names["Border Police Post 2"]
    assert json.loads(graph.nodes[seizure[0]]["evidence"])[0]["quote"].startswith("border police seized")


def test_a_reach_export_keeps_each_relation_in_its_stored_direction(world_store: Store) -> None:
    """The path walks from the battalion to its member and from the brigade down to the battalion;
    the export says what the sources say: member MEMBER_OF battalion, battalion SUBORDINATE_TO brigade."""
    part = reach_slice(world_store, "JAV-7001", max_hops=2)
    graph = _read("graphml", exported(world_store, part, "graphml"))
    names = _by_name(graph)
    assert graph.nodes[names[MEMBER]]["hops"] == 1
    typed = {(d["type"], graph.nodes[s]["name"], graph.nodes[t]["name"]) for s, t, d in graph.edges(data=True)}
    assert ("MEMBER_OF", MEMBER, BATTALION) in typed
    assert ("MEMBER_OF", BATTALION, MEMBER) not in typed
    assert ("SUBORDINATE_TO", BATTALION, BRIGADE) in typed


def test_the_chain_export_lists_holders_in_order(scenario_store: Store) -> None:
    for fmt in ("graphml", "gexf"):
        graph = _read(fmt, exported(scenario_store, chain_slice(scenario_store, "JAV-0042"), fmt))
        holders = sorted((d["holder_order"], d["name"]) for _, d in graph.nodes(data=True) if "holder_order" in d)
        assert [name for _, name in holders] == HOLDERS


def test_text_xml_cannot_hold_is_dropped_and_the_rest_escaped(world_store: Store) -> None:
    b = FactBuilder(world_store.model, title="odd <title> & \"quotes\"", text="fictional")
    b.actor("Bell\x07 <Group> & 'Co'", "ArmedGroup")
    world_store.write(b.batch)
    for fmt in ("graphml", "gexf"):
        names = _by_name(_read(fmt, exported(world_store, StoreSlice(world_store), fmt)))
        assert "Bell <Group> & 'Co'" in names
