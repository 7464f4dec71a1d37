"""The real Neo4j test server (tests/neo4j_server.py) answers, checks passwords, and
keeps its data across a restart."""

from __future__ import annotations

import neo4j
import pytest
from neo4j.exceptions import AuthError

from tests.neo4j_server import Neo4jServer, neo4j_prerequisites


@pytest.mark.neo4j
def test_return_one(neo4j_server: Neo4jServer) -> None:
    with neo4j_server.driver() as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1
    assert neo4j_server.uri == f"neo4j://127.0.0.1:{neo4j_server.port}"


@pytest.mark.neo4j
def test_wrong_password_is_refused(neo4j_server: Neo4jServer) -> None:
    wrong = neo4j_server.password + "-wrong"
    with (
        neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, wrong)) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()
    # A refused attempt must not lock the real user out for the tests that follow.
    with neo4j_server.driver() as driver:
        driver.verify_connectivity()


@pytest.mark.neo4j
def test_clean_empties_the_database(neo4j_clean: Neo4jServer) -> None:
    with neo4j_clean.driver() as driver:
        driver.execute_query("CREATE CONSTRAINT weapon_id IF NOT EXISTS FOR (w:Weapon) REQUIRE w.id IS UNIQUE")
        driver.execute_query("CREATE (:Weapon {id: 'w-1'})-[:HELD_BY]->(:Actor {id: 'a-1'})")
        neo4j_clean.clear()
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
        constraints, _, _ = driver.execute_query("SHOW CONSTRAINTS")
    assert records[0]["n"] == 0
    assert constraints == []


@pytest.mark.neo4j
def test_restart_keeps_data_and_port(neo4j_clean: Neo4jServer) -> None:
    port = neo4j_clean.port
    with neo4j_clean.driver() as driver:
        driver.execute_query("CREATE (:Weapon {id: 'w-restart'})")
    neo4j_clean.restart()
    assert neo4j_clean.running
    assert neo4j_clean.port == port
    with neo4j_clean.driver() as driver:
        records, _, _ = driver.execute_query("MATCH (w:Weapon {id: 'w-restart'}) RETURN count(w) AS n")
    assert records[0]["n"] == 1


@pytest.mark.neo4j
def test_driver_recovers_across_a_restart(neo4j_clean: Neo4jServer) -> None:
    """A driver opened before the restart works after it (what an ingest sees)."""
    with neo4j_clean.driver() as driver:
        driver.execute_query("CREATE (:Weapon {id: 'w-before'})")
        neo4j_clean.restart()
        # execute_query retries on connection loss; the pool reconnects to the same port.
        driver.execute_query("CREATE (:Weapon {id: 'w-after'})")
        records, _, _ = driver.execute_query("MATCH (w:Weapon) RETURN w.id AS id ORDER BY id")
    assert [r["id"] for r in records] == ["w-after", "w-before"]


def test_prerequisites_name_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    reason = neo4j_prerequisites()
    assert reason is not None
    assert "java" in reason and "mvn" in reason
