"""The Cypher export: values inlined safely, one idempotent statement a line, and a script that,
loaded into an empty Neo4j, gives the same answers as the embedded store it came from."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pytest

from api.export import StoreSlice
from api.export.cypher import literal
from graph.builder import FactBuilder
from graph.errors import InvalidInput
from graph.model import Model
from graph.neo4j_store import Neo4jStore
from graph.sqlite_store import SqliteStore
from graph.store import Store
from queries.chain import custody_chain
from queries.reach import who_could_reach
from tests.export.conftest import expected, exported, ingest_scenario
from tests.scenario_check import check

NASTY = "O'Brien \\ \"q\" `tick` // not a comment\nline\u2028sep\x00nul 🚀 */ ;"


def test_literals() -> None:
    assert literal("it's") == "'it\\'s'"
    assert literal("a\\b") == "'a\\\\b'"
    assert literal("1\n2\r3\t4") == "'1\\n2\\r3\\t4'"
    assert literal("x\u2028y\x00z\x85") == "'x\\u2028y\\u0000z\\u0085'"
    assert literal({"odd key`": 1, "ok_key": [True, None, 2.5]}) == "{`odd key```: 1, ok_key: [true, null, 2.5]}"
    assert literal(date(2023, 4, 1)) == "date('2023-04-01')"
    for bad in (math.nan, math.inf, object()):
        with pytest.raises(InvalidInput):
            literal(bad)


def test_one_statement_a_line(world_store: Store) -> None:
    b = FactBuilder(world_store.model, title="odd.txt", text="fictional")
    b.actor(NASTY, "ArmedGroup")
    world_store.write(b.batch)
    lines = exported(world_store, StoreSlice(world_store), "cypher").decode("utf-8").split("\n")
    statements = [line for line in lines if line and not line.startswith("//")]
    assert all(s.endswith(";") for s in statements)
    assert any(s.startswith("CREATE CONSTRAINT node_id") for s in statements)
    assert all(s.startswith(("CREATE ", "CALL db.awaitIndexes", "UNWIND [", "CYPHER replan=skip UNWIND [")) for s in statements)
    assert not any("$rows" in s for s in statements)


def _load(server: object, script: str) -> None:
    with server.driver() as driver, driver.session() as session:  # type: ignore[attr-defined]
        for line in script.split("\n"):
            if line and not line.startswith("//"):
                session.run(line.removesuffix(";")).consume()  # type: ignore[arg-type]


def _answers(store: Store, serials: list[str]) -> list[object]:
    out: list[object] = []
    for serial in serials:
        chain = custody_chain(store, serial, as_of=date(2024, 6, 30))
        out.append([(s.holder, s.location, str(s.start), str(s.end), s.events) for s in chain.segments])
        out.append(sorted((a.kind, a.segments, a.holder) for a in chain.anomalies))
        out.append({eid: sorted(ev.id for ev in evs) for eid, evs in chain.evidence.items()})
        reach = who_could_reach(store, serial, max_hops=3, as_of=date(2024, 6, 30))
        out.append([(r.actor, r.hops, round(r.confidence, 6)) for r in reach.results])
    return out


@pytest.mark.neo4j
def test_the_script_loads_into_an_empty_neo4j_with_the_same_answers(neo4j_clean: object, tmp_path: Path,
                                                                     model: Model) -> None:
    embedded = SqliteStore(ingest_scenario(tmp_path / "scenario.db"), model)
    b = FactBuilder(model, title="odd.txt", text="fictional")
    odd = b.actor(NASTY, "ArmedGroup", aliases=("alias's \\ alias",), props={"odd key`": "v'1", "n": 2**70})
    embedded.write(b.batch)
    script = exported(embedded, StoreSlice(embedded), "cypher").decode("utf-8")
    _load(neo4j_clean, script)
    server = neo4j_clean
    neo = Neo4jStore.connect(server.uri, model, auth=(server.user, server.password))  # type: ignore[attr-defined]
    try:
        assert check(neo, expected()) == []
        assert neo.counts() == embedded.counts()
        serials = [n.id for n in embedded.iter_nodes("Item")]
        assert _answers(neo, serials) == _answers(embedded, serials)
        assert neo.nodes([odd]) == embedded.nodes([odd])
        assert [n.id for n in neo.lookup(NASTY)] == [odd]
        assert neo.evidence([odd]) == embedded.evidence([odd])
        # loading it again changes nothing
        _load(neo4j_clean, script)
        assert neo.counts() == embedded.counts()
    finally:
        neo.close()
        embedded.close()
