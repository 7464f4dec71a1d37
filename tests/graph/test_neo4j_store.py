"""What only the Neo4j store has to prove: its schema, its graph shape, idempotency counted
in Cypher, its error messages, atomic batches, and an ingest that survives a restart.

The protocol's behaviour on both stores is the conformance suite's job
(``test_store_conformance.py``); these tests look inside Neo4j.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any, LiteralString

import neo4j
import pytest
from neo4j.exceptions import IncompleteCommit

from graph.builder import FactBuilder
from graph.cypher import registry_name
from graph.errors import ModelError, StoreError, StoreUnavailable
from graph.model import Model
from graph.neo4j_rows import from_props as _unprops
from graph.neo4j_rows import is_native as _native
from graph.neo4j_rows import to_props as _props
from graph.neo4j_store import Neo4jStore
from graph.records import Batch, Relation
from tests.graph.world import tiny_world
from tests.neo4j_server import Neo4jServer


def _connect(server: Neo4jServer, model: Model, **config: Any) -> Neo4jStore:
    return Neo4jStore.connect(server.uri, model, auth=server.auth, **config)


@pytest.fixture
def neo(neo4j_clean: Neo4jServer, model: Model) -> Iterator[Neo4jStore]:
    store = _connect(neo4j_clean, model)
    yield store
    store.close()


def _value(driver: neo4j.Driver, query: LiteralString, **params: Any) -> Any:
    records, _, _ = driver.execute_query(query, params)
    return records[0][0]


def graph_size(driver: neo4j.Driver) -> tuple[int, int]:
    """Every node and every relationship, keys, placeholders and edges of events included."""
    return (_value(driver, "MATCH (n) RETURN count(n)"), _value(driver, "MATCH ()-[r]->() RETURN count(r)"))


def _properties(driver: neo4j.Driver) -> list[tuple[Any, dict[str, Any]]]:
    """Every node's properties but the holding index's change marks, whose ``writes`` counts
    each write (:mod:`graph.neo4j_holdings`)."""
    records = driver.execute_query(
        "MATCH (n) WHERE NOT n:HoldingChanged "
        "RETURN coalesce(n.id, n.key) AS id, properties(n) AS p ORDER BY id").records
    return [(r["id"], r["p"]) for r in records]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- schema and shape ---------------------------------------------------------------------------
@pytest.mark.neo4j
def test_schema_is_created_once_and_connecting_again_changes_nothing(
    neo4j_clean: Neo4jServer, neo: Neo4jStore, model: Model
) -> None:
    driver = neo.driver
    constraints = {r["name"]: r for r in driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties").records}
    indexes = {r["name"]: r for r in driver.execute_query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, state").records}
    assert {"node_id", "event_id", "evidence_id", "key_key"} <= set(constraints)
    assert constraints["node_id"]["labelsOrTypes"] == ["Node"] and constraints["node_id"]["properties"] == ["id"]
    for rel in model.relations:  # every relation type's id is unique
        assert constraints[f"{rel.lower()}_id"]["type"] == "RELATIONSHIP_UNIQUENESS"
    assert indexes["key_text"]["type"] == "TEXT"
    assert indexes["node_fulltext"]["type"] == "FULLTEXT"
    assert indexes["node_fulltext"]["properties"] == ["name", "aliases"]
    options = driver.execute_query("SHOW INDEXES YIELD name, options WHERE name = 'node_fulltext' "
                                   "RETURN options").records[0]["options"]
    assert options["indexConfig"]["fulltext.eventually_consistent"] is True  # commits do not wait for Lucene
    assert {"evidence_fact", "event_type", "node_name", "item_serial", "item_lot", "shipment_ref", "item_id"} <= set(
        indexes)
    assert {r["state"] for r in indexes.values()} == {"ONLINE"}

    _connect(neo4j_clean, model).close()
    after = {r["name"] for r in driver.execute_query("SHOW INDEXES YIELD name").records}
    assert after == set(indexes)


@pytest.mark.neo4j
def test_the_graph_has_events_as_nodes_relations_as_relationships_and_evidence_linked(
    neo: Neo4jStore, model: Model
) -> None:
    b = tiny_world(model)
    neo.write(b.batch)
    d = neo.driver
    bn = "actor:2nd-battalion-14th-reserve-brigade"
    # the event is a node with its four edges
    row = d.execute_query(
        "MATCH (e:Event)-[:SUBJECT]->(i:Node:Item {id: 'item:JAV0042'}) "
        "MATCH (e)-[:FROM]->(f:Actor), (e)-[:TO]->(t:Actor), (e)-[:AT]->(p:Location) "
        "RETURN e.type AS type, f.id AS f, t.id AS t, p.id AS p, e.day AS day").records[0]
    assert (row["type"], row["f"], row["t"], row["p"]) == ("HANDOVER", "actor:14th-reserve-brigade", bn,
                                                          "location:forward-base-kilo")
    assert row["day"] == neo4j.time.Date(2023, 4, 20)
    # relations are typed relationships with partial-date text and real dates
    rel = d.execute_query(
        "MATCH (:Actor {name: 'Taras Hrytsenko'})-[r:MEMBER_OF]->(u:Actor) RETURN r, u.id AS u").records[0]
    assert rel["u"] == bn and rel["r"]["valid_to"] == "2023-11-30"
    assert rel["r"]["from_day"] == neo4j.time.Date(2023, 2, 1)
    # evidence: SUPPORTS a node or event, CITES its document; a relation's by fact_id
    assert _value(d, "MATCH (:Evidence)-[:SUPPORTS]->(:Event) RETURN count(*)") == 1
    assert _value(d, "MATCH (:Evidence)-[:CITES]->(:Document {id: $doc}) RETURN count(*)",
                  doc=b.document.id) == len(b.batch.evidence)
    assert _value(d, "MATCH ()-[r:MEMBER_OF]->() MATCH (v:Evidence {fact_id: r.id}) RETURN count(v)") == 1
    # lookup keys are nodes, and the aliases list feeds the FULLTEXT index
    assert _value(d, "MATCH (:Key {key: 'JAV0042'})<-[k:KEYED {kind: 'serial'}]-(n) RETURN n.id") == "item:JAV0042"
    [(hit, score)] = neo.fulltext("res bde")
    assert hit.id == "actor:14th-reserve-brigade" and score > 0
    assert neo.fulltext("Taras", label="Location") == []
    assert neo.fulltext('"(unbalanced') == []  # Lucene syntax in user text is escaped, not an error


@pytest.mark.neo4j
def test_questions_naming_properties_no_record_has_yet_log_no_warning_from_the_driver(
    neo: Neo4jStore, model: Model, caplog: pytest.LogCaptureFixture
) -> None:
    """The store's queries name optional properties (a shipment's consignor...) that a young
    store has not met yet: Neo4j's "unknown property key" notice is expected there, and the
    driver logged ~2 KB of it on every question (the API's log flooded)."""
    from queries.chain import custody_chain

    neo.write(tiny_world(model).batch)
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        chain = custody_chain(neo, "JAV0042")
    assert chain.item.id == "item:JAV0042"
    notices = [r.getMessage() for r in caplog.records if "notification" in r.name or "property" in r.getMessage()]
    assert not [n for n in notices if "UnknownPropertyKey" in n or "property key does not exist" in n.lower()]


@pytest.mark.neo4j
def test_fulltext_finds_a_name_written_just_before_although_the_index_catches_up_in_the_background(
    neo: Neo4jStore, model: Model
) -> None:
    for k in range(25):  # the index is eventually consistent: the search waits for it, every time
        b = FactBuilder(model, title=f"note-{k}.txt", text=f"note {k}", kind="Report", extractor="test", version="1")
        b.actor(f"Quillmoor Detachment {k:02d}", "MilitaryUnit")
        neo.write(b.batch)
        hits = [n.name for n, _ in neo.fulltext(f"quillmoor {k:02d}")]
        assert f"Quillmoor Detachment {k:02d}" in hits, k


@pytest.mark.neo4j
def test_writing_the_same_batches_twice_leaves_node_and_relationship_counts_unchanged(
    neo: Neo4jStore, model: Model
) -> None:
    def batches() -> list[Batch]:
        second = FactBuilder(model, title="b", text="second source", ingested_at="2026-01-02T00:00:00+00:00")
        item = second.item(serial="JAV-0042", nsn="1425-01-623-7766")
        second.event("HANDOVER", item, "2023-04-20", from_actor="actor:14th-reserve-brigade",
                      to_actor="actor:2nd-battalion-14th-reserve-brigade", quantity=1, confidence=1.0)
        second.event("OBSERVATION", item, "2024-02", to_actor="actor:red-falcon-group")  # a placeholder
        return [tiny_world(model).batch, second.batch]

    for b in batches():
        neo.write(b)
    size = graph_size(neo.driver)
    props = _properties(neo.driver)
    counts = neo.counts()
    for b in batches():
        neo.write(b)
    assert graph_size(neo.driver) == size
    assert _properties(neo.driver) == props
    assert neo.counts() == counts
    # the second source merged into the first event (max confidence, quantity filled)
    [handover] = [e for e in neo.events_of(["item:JAV0042"]) if e.type == "HANDOVER"]
    assert (handover.confidence, handover.quantity, handover.location) == (1.0, 1.0, "location:forward-base-kilo")


@pytest.mark.neo4j
def test_a_placeholder_is_completed_by_the_node_written_later(neo: Neo4jStore, model: Model) -> None:
    early = FactBuilder(model, title="early", text="early report")
    item = early.item(serial="RF-0001")
    early.event("OBSERVATION", item, "2024-03", to_actor="actor:red-falcon-group")
    # evidence for a fact this batch does not carry (the actor comes in a later document)
    early.cite("actor:red-falcon-group", quote="the Red Falcon group")
    neo.write(early.batch)
    assert neo.nodes(["actor:red-falcon-group"]) == {}
    assert "Actor" not in neo.counts()

    later = FactBuilder(model, title="later", text="later report")
    later.actor("Red Falcon group", "ArmedGroup", aliases=("Red Falcons",))
    neo.write(later.batch)
    d = neo.driver
    assert _value(d, "MATCH (n:Node {id: 'actor:red-falcon-group'}) RETURN count(n)") == 1
    assert _value(d, "MATCH (:Event)-[:TO]->(a:Actor:Node {id: 'actor:red-falcon-group'}) RETURN a.kind") == \
        "ArmedGroup"
    assert _value(d, "MATCH (v:Evidence)-[:SUPPORTS]->(:Actor {id: 'actor:red-falcon-group'}) RETURN count(v)") == 2
    assert neo.nodes(["actor:red-falcon-group"])["actor:red-falcon-group"].aliases == ("Red Falcons",)


@pytest.mark.neo4j
def test_props_neo4j_cannot_hold_natively_round_trip(neo: Neo4jStore, model: Model) -> None:
    b = FactBuilder(model, title="odd", text="odd props")
    odd = {"route": {"from": "Depot D-7", "legs": [1, 2]}, "mixed": [1, "two"], "name": "shadowed",
           "kind": "also shadowed", "big": 2**70, "via": ["location:a", "location:b"], "empty": []}
    ship = b.shipment("SHP-ODD-1", props=odd)
    neo.write(b.batch)
    node = neo.nodes([ship])[ship]
    assert node.name == "SHP-ODD-1" and node.kind == "Shipment"
    assert dict(node.props) == {"ref": "SHP-ODD-1", **odd}
    stored = neo.driver.execute_query("MATCH (n:Node {id: $id}) RETURN n.via AS via, n.name AS name",
                                      {"id": ship}).records[0]
    assert stored["via"] == ["location:a", "location:b"] and stored["name"] == "SHP-ODD-1"  # native, ours


def test_native_values_and_the_json_fallback() -> None:
    assert _native("x") and _native(1.5) and _native([1, 2]) and _native(()) and _native(True)
    assert not _native([1, "a"]) and not _native([[1]]) and not _native({"a": 1}) and not _native(2**64)
    stored = _props({"serial": "A-1", "id": "clash", "tags": ("a", "b"), "none": None}, frozenset({"id"}))
    assert stored["serial"] == "A-1" and stored["tags"] == ["a", "b"] and "none" not in stored
    assert _unprops({**stored, "id": "ours"}, frozenset({"id", "_json"})) == {"serial": "A-1", "id": "clash",
                                                                             "tags": ["a", "b"]}


# -- names from the registry only --------------------------------------------------------------
@pytest.mark.neo4j
def test_names_from_input_never_reach_the_query_text(neo: Neo4jStore, model: Model) -> None:
    neo.write(tiny_world(model).batch)
    before = graph_size(neo.driver)
    evil = "SUBORDINATE_TO]-() DETACH DELETE n //"
    assert neo.relations(["actor:2nd-battalion-14th-reserve-brigade"], types=[evil]) == []
    assert list(neo.iter_nodes("Item) DETACH DELETE (n")) == []
    assert list(neo.iter_events(["HANDOVER' OR 1=1 //"])) == []
    assert graph_size(neo.driver) == before
    with pytest.raises(ModelError):
        registry_name("Actor:Item", model.labels)


# -- errors: one line, the URI named, the password hidden ------------------------------------------
def test_an_unreachable_uri_is_one_line_naming_it_without_the_password(model: Model) -> None:
    port = _free_port()
    with pytest.raises(StoreUnavailable) as err:
        Neo4jStore.connect(f"neo4j://neo4j:s3cret-pass@127.0.0.1:{port}", model, connection_timeout=5)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"neo4j://neo4j:***@127.0.0.1:{port}: ")
    assert "s3cret-pass" not in message and "cannot be reached" in message
    with pytest.raises(StoreUnavailable) as bolt:
        Neo4jStore.connect(f"bolt://127.0.0.1:{port}", model, auth=("neo4j", "s3cret-pass"), connection_timeout=5)
    assert str(bolt.value).startswith(f"bolt://neo4j:***@127.0.0.1:{port}: ") and "s3cret" not in str(bolt.value)


def test_a_uri_of_another_scheme_is_refused_in_one_line(model: Model) -> None:
    for uri in ("http://neo4j:s3cret-pass@127.0.0.1:7474", "127.0.0.1:7687", "neo4j://neo4j:s3cret-pass@[::1",
                "neo4j://neo4j:s3cret-pass@127.0.0.1:notaport", "bolt://neo4j:s3cret-pass@no-such-host.invalid:7687"):
        with pytest.raises(StoreUnavailable) as err:
            Neo4jStore.connect(uri, model)
        assert "\n" not in str(err.value) and "s3cret" not in str(err.value)
    with pytest.raises(StoreUnavailable, match="not a Neo4j URI"):
        Neo4jStore.connect("http://x:1", model)


@pytest.mark.neo4j
def test_a_wrong_password_names_the_uri_with_stars(neo4j_server: Neo4jServer, model: Model) -> None:
    with pytest.raises(StoreUnavailable) as err:
        Neo4jStore.connect(neo4j_server.uri, model, auth=("neo4j", "wrong-password-1"))
    message = str(err.value)
    assert message.startswith(f"neo4j://neo4j:***@127.0.0.1:{neo4j_server.port}: ")
    assert "credentials" in message and "wrong-password-1" not in message and "\n" not in message
    with pytest.raises(StoreUnavailable) as in_uri:
        Neo4jStore.connect(f"bolt://neo4j:wrong-password-2@127.0.0.1:{neo4j_server.port}", model)
    assert str(in_uri.value).startswith(f"bolt://neo4j:***@127.0.0.1:{neo4j_server.port}: ")
    assert "wrong-password-2" not in str(in_uri.value)


# -- atomic batches ---------------------------------------------------------------------------------
@pytest.mark.neo4j
def test_a_write_that_fails_inside_its_transaction_leaves_nothing_of_the_batch(
    neo: Neo4jStore, model: Model
) -> None:
    neo.write(tiny_world(model).batch)
    before = graph_size(neo.driver)
    counts = neo.counts()
    [taken] = [r for r in tiny_world(model).batch.relations if r.type == "SUBORDINATE_TO"]

    b = FactBuilder(model, title="bad", text="a batch that breaks at its end")
    items = [b.item(serial=f"M4-{i:04d}") for i in range(300)]
    for item in items:
        b.event("STORAGE", item, "2024-01", to_actor="actor:depot-guard", location="location:depot-d-7")
    b.actor("Depot Guard", "Organization")
    # The same relation id between two other actors: the per-type uniqueness constraint
    # refuses it, after every node and before the events and evidence of this batch.
    clash = Relation(taken.id, "SUBORDINATE_TO", "actor:depot-guard", "actor:14th-reserve-brigade")
    b.batch.relations.append(clash)
    b.cite(clash.id, quote="a clashing fact")
    with pytest.raises(StoreError) as err:
        neo.write(b.batch)
    assert not isinstance(err.value, StoreUnavailable)
    assert "\n" not in str(err.value) and str(err.value).startswith(neo.uri)
    assert graph_size(neo.driver) == before
    assert neo.counts() == counts
    assert neo.nodes(items) == {} and neo.lookup("M4-0001") == [] and neo.document_by_hash(b.sha256) is None


# -- a restart in the middle of an ingest ---------------------------------------------------------
def _numbered_batch(model: Model, n: int) -> Batch:
    b = FactBuilder(model, title=f"log-{n}", text=f"fictional log {n}", ingested_at="2026-01-01T00:00:00+00:00")
    unit = b.actor(f"Reserve Unit R-{n % 7}", "MilitaryUnit")
    for i in range(8):
        item = b.item(serial=f"RST-{n:04d}-{i}")
        b.event("INVENTORY", item, "2024-05", to_actor=unit, location="location:depot-d-7", props={"batch": n})
    return b.batch


@pytest.mark.neo4j
@pytest.mark.slow
def test_an_ingest_across_a_restart_leaves_each_batch_whole_or_absent(
    neo4j_clean: Neo4jServer, model: Model
) -> None:
    server = neo4j_clean
    # A retry budget longer than a restart here, so the driver normally rides it out.
    store = _connect(server, model, max_transaction_retry_time=120.0)
    restarter = threading.Thread(target=server.restart, daemon=True)
    outcomes: dict[int, str | None] = {}
    n = after = 0
    longest = 0.0
    deadline = time.monotonic() + 300
    try:
        # Write back to back from before the restart until after it: some write is
        # necessarily in flight while the server is down.
        while time.monotonic() < deadline:
            if n == 3:
                restarter.start()
            began = time.monotonic()
            try:
                store.write(_numbered_batch(model, n))
                outcomes[n] = None
            except StoreError as exc:  # a clear failure is allowed; a half-written batch is not
                outcomes[n] = str(exc)
            longest = max(longest, time.monotonic() - began)
            n += 1
            if n > 3 and not restarter.is_alive():
                after += 1  # writes started after the server was back
                if after >= 3:
                    break
        restarter.join(timeout=120)
        assert server.running and after >= 3, "the restart did not finish during the ingest"
        # A write was in flight while the server was down: it waited for the driver's
        # retries (or failed cleanly), it did not slip between stop and start.
        assert longest > 1.0 or any(outcomes.values())
    finally:
        store.close()

    failures = {k: v for k, v in outcomes.items() if v is not None}
    for message in failures.values():
        assert "\n" not in message and message.startswith(f"neo4j://neo4j:***@127.0.0.1:{server.port}")
    with server.driver() as driver:
        for k in outcomes:
            b = _numbered_batch(model, k)
            found = driver.execute_query(
                "CALL () { MATCH (i:Item) WHERE i.serial STARTS WITH $prefix RETURN count(i) AS items } "
                "CALL () { MATCH (e:Event {batch: $k}) RETURN count(e) AS events } "
                "CALL () { MATCH (v:Evidence)-[:CITES]->(:Document {id: $doc}) RETURN count(v) AS evidence } "
                "RETURN [items, events, evidence] AS found",
                {"k": k, "prefix": f"RST-{k:04d}-", "doc": b.nodes[0].id}).records[0]["found"]
            whole = [8, 8, len(b.evidence)]
            assert found in (whole, [0, 0, 0]), f"batch {k} is half-written: {found} of {whole}"
            if outcomes[k] is None:
                assert found == whole, f"batch {k} was acknowledged but is missing"
    assert len(failures) < len(outcomes)  # the ingest went on after the restart


class _FlakySession:
    """A session whose first commit is lost on the wire (outcome unknown)."""

    calls = 0

    def __enter__(self) -> _FlakySession:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute_write(self, work: Any) -> Any:
        _FlakySession.calls += 1
        if _FlakySession.calls == 1:
            raise IncompleteCommit("connection lost during commit")
        return work(None)


def test_a_commit_of_unknown_outcome_is_run_again(model: Model, monkeypatch: pytest.MonkeyPatch) -> None:
    """The driver does not retry an IncompleteCommit; the store may, its writes being MERGEs."""
    store = Neo4jStore(None, model, display_uri="neo4j://db:7687", retry_s=5.0)  # type: ignore[arg-type]
    _FlakySession.calls = 0
    monkeypatch.setattr(store, "_session", _FlakySession)
    monkeypatch.setattr(time, "sleep", lambda s: None)
    assert store._write_tx(lambda tx: "written", "writing") == "written"
    assert _FlakySession.calls == 2


@pytest.mark.neo4j
def test_new_nodes_and_events_create_each_link_once(neo: Neo4jStore, model: Model) -> None:
    """A new node or event CREATEs its links rather than MERGE them: two aliases that normalise to
    one key still make one KEYED link (the first value), a new event one edge to each end, and
    a new evidence one CITES and one SUPPORTS, also when the batch names them twice."""
    b = FactBuilder(model, title="links", text="links")
    unit = b.actor("7th Test Lancers", "MilitaryUnit", aliases=("7 TL", "7 tl"))
    b.actor("7th Test Lancers", "MilitaryUnit", aliases=("7 TL",))
    item = b.item(serial="TST-0007")
    event = b.event("SEIZURE", item, "2024-05-01", from_actor="actor:other", to_actor=unit, location="location:x")
    b.event("SEIZURE", item, "2024-05-01", from_actor="actor:other", to_actor=unit, location="location:x")
    neo.write(b.batch)
    d = neo.driver
    keyed = d.execute_query("MATCH (:Node {id: $id})-[r:KEYED]->(k:Key) RETURN r.kind AS kind, r.value AS value",
                            id=unit).records
    assert sorted((r["kind"], r["value"]) for r in keyed) == [("alias", "7 TL"), ("name", "7th Test Lancers")]
    assert neo.nodes([unit])[unit].aliases == ("7 TL",)
    edges = d.execute_query("MATCH (:Event {id: $id})-[r]->() RETURN type(r) AS t ORDER BY t", id=event).records
    assert [r["t"] for r in edges] == ["AT", "FROM", "SUBJECT", "TO"]
    assert _value(d, "MATCH (:Evidence)-[r:SUPPORTS]->(:Event {id: $id}) RETURN count(r)", id=event) == 1
    assert _value(d, "MATCH (:Evidence)-[r:CITES]->() RETURN count(r)") == len({v.id for v in b.batch.evidence})
