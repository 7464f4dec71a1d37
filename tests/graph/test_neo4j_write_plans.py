"""The Neo4j store's write statements do work in proportion to their rows, not to the graph.

A table ingest names the same actors, places and systems in every batch; a statement whose
server-side work for such a row grows with what is already stored makes the ingest slower the
larger the graph gets. These tests PROFILE the store's own statements on the real Neo4j and
count the rows an operator produced.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, LiteralString

import pytest

from graph import neo4j_rows as nr
from graph.builder import FactBuilder
from graph.cypher import events as ev_q
from graph.cypher import nodes as node_q
from graph.cypher import relations as rel_q
from graph.model import Model
from graph.neo4j_store import Neo4jStore
from tests.neo4j_server import Neo4jServer

REPORTS = 12  # documents citing the same actor and event: each adds one evidence record of each


@pytest.fixture
def neo(neo4j_clean: Neo4jServer, model: Model) -> Iterator[Neo4jStore]:
    store = Neo4jStore.connect(neo4j_clean.uri, model, auth=neo4j_clean.auth)
    yield store
    store.close()


def _seek_rows(profile: dict[str, Any]) -> Iterator[int]:
    if "Evidence(fact_id)" in str(profile.get("args", {}).get("Details", "")):
        yield int(profile["rows"])
    for child in profile.get("children", []):
        yield from _seek_rows(child)


def _evidence_seek_rows(store: Neo4jStore, query: LiteralString, rows: list[dict[str, Any]]) -> int:
    """Rows the ``Evidence(fact_id)`` index seek of ``query`` produced, run (PROFILE) on ``rows``."""
    with store.driver.session() as session:
        summary = session.run("PROFILE " + query.replace("CYPHER replan=skip", ""), rows=rows).consume()
    assert summary.profile is not None
    found = list(_seek_rows(summary.profile))
    assert found, "the statement links evidence written before its fact through the fact_id index"
    return sum(found)


def _report(model: Model, n: int) -> FactBuilder:
    b = FactBuilder(model, title=f"log-{n:02d}", text=f"fictional depot log {n}")
    unit = b.actor("Reserve Unit R-017", "MilitaryUnit")
    depot = b.location("Depot D-09", "Depot")
    item = b.item(serial="QX-000451")
    b.event("STORAGE", item, "2024-03-02", to_actor=unit, location=depot)
    return b


@pytest.mark.neo4j
def test_writing_a_known_node_or_event_again_reads_none_of_its_evidence(neo: Neo4jStore, model: Model) -> None:
    for n in range(REPORTS):
        neo.write(_report(model, n).batch)
    again = _report(model, REPORTS).batch
    unit = [n for n in again.nodes if n.label == "Actor"]
    assert len(neo.evidence([unit[0].id])[unit[0].id]) == REPORTS
    # only a new node or a placeholder looks for evidence written before it; the actor and the
    # event are known, so their dozen evidence records are not read (the seek finds nothing)
    assert _evidence_seek_rows(neo, node_q.MERGE_NODES, nr.node_rows(unit)) == 0
    assert _evidence_seek_rows(neo, ev_q.MERGE_EVENTS, nr.event_rows(again.events)) == 0


@pytest.mark.neo4j
def test_a_placeholder_node_still_gets_the_evidence_written_before_it(neo: Neo4jStore, model: Model) -> None:
    b = _report(model, 0)
    batch = b.batch
    unit = [n for n in batch.nodes if n.label == "Actor"]
    cited = [v for v in batch.evidence if v.fact_id == unit[0].id]
    # the evidence and the event arrive first (the actor is a placeholder), the actor after
    batch.nodes = [n for n in batch.nodes if n.label != "Actor"]
    neo.write(batch)
    assert _evidence_seek_rows(neo, node_q.MERGE_NODES, nr.node_rows(unit)) == len(cited) == 1
    records = neo.driver.execute_query("MATCH (v:Evidence)-[:SUPPORTS]->(:Actor {id: $id}) RETURN count(v) AS n",
                                       {"id": unit[0].id}).records
    assert records[0]["n"] == 1


def _db_hits(profile: dict[str, Any], details: str) -> Iterator[int]:
    if details in str(profile.get("args", {}).get("Details", "")):
        yield int(profile.get("dbHits", 0))
    for child in profile.get("children", []):
        yield from _db_hits(child, details)


@pytest.mark.neo4j
def test_a_new_event_is_not_read_back_for_values_it_lacks(neo: Neo4jStore, model: Model) -> None:
    """A new event takes the row's properties whole; only an event already stored is read for
    the properties it lacks (that read was ~28% of the statement's db hits in a table ingest)."""
    events = [_report(model, n).batch.events[0] for n in range(3)]
    with neo.driver.session() as session:
        summary = session.run("PROFILE " + ev_q.MERGE_EVENTS.replace("CYPHER replan=skip", ""),
                              rows=nr.event_rows(events)).consume()
    assert summary.profile is not None
    hits = list(_db_hits(summary.profile, "e[k] IS NULL"))
    assert hits == [0]
    stored = neo.events_of([events[0].subject])
    assert [e.id for e in stored] == [events[0].id] and stored[0].props == events[0].props


@pytest.mark.neo4j
def test_a_new_relation_is_not_read_back_and_a_known_one_only_gains_what_it_lacks(
        neo: Neo4jStore, model: Model) -> None:
    b = FactBuilder(model, title="manifest-01", text="fictional manifest")
    ship, item = b.shipment("SHP-0001"), b.item(serial="QX-000452")
    b.relation("CONTAINS", ship, item, props={"quantity": 1})
    query = rel_q.merge_relations(model, "CONTAINS")
    with neo.driver.session() as session:
        summary = session.run("PROFILE " + query.replace("CYPHER replan=skip", ""),
                              rows=[nr.relation_row(r) for r in b.batch.relations]).consume()
    assert summary.profile is not None
    assert list(_db_hits(summary.profile, "r[k] IS NULL")) == [0]  # new: its properties are the row's, whole
    later = FactBuilder(model, title="manifest-02", text="fictional manifest again")
    later.relation("CONTAINS", ship, item, props={"quantity": 3, "lot": "L-7"})
    neo.write(later.batch)
    [stored] = neo.relations([ship], types=["CONTAINS"], direction="out")
    assert (stored.props["quantity"], stored.props["lot"]) == (1, "L-7")  # the first value stays, a new one is added
