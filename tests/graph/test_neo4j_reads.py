"""Round trips of the questions on Neo4j: each read costs a round trip (a transaction begun,
run and committed) that weighs more than the read itself at team scale, so the questions
read what belongs together at once (answers are the conformance suite's job)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import neo4j
import pytest

from graph.cypher import evidence as evidence_q
from graph.model import Model
from graph.neo4j_store import Neo4jStore
from queries.chain import custody_chain
from queries.reach import reachable_items, who_could_reach
from tests.graph.world import tiny_world
from tests.neo4j_server import Neo4jServer

pytestmark = pytest.mark.neo4j

AS_OF = date(2025, 1, 1)


class _Counting:
    """The store's driver, noting the text of every query it is given."""

    def __init__(self, driver: neo4j.Driver) -> None:
        self._driver = driver
        self.queries: list[str] = []

    def execute_query(self, query: Any, *args: Any, **kwargs: Any) -> Any:
        self.queries.append(query.text if isinstance(query, neo4j.Query) else query)
        return self._driver.execute_query(query, *args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._driver, name)


@pytest.fixture
def counted(neo4j_clean: Neo4jServer, model: Model, monkeypatch: pytest.MonkeyPatch) -> Iterator[
        tuple[Neo4jStore, _Counting]]:
    store = Neo4jStore.connect(neo4j_clean.uri, model, auth=neo4j_clean.auth)
    store.write(tiny_world(model).batch)
    counting = _Counting(store.driver)
    monkeypatch.setattr(store, "_driver", counting)
    yield store, counting
    store.close()


def test_a_custody_chain_is_one_read_once_the_item_is_found(counted: tuple[Neo4jStore, _Counting]) -> None:
    store, counting = counted
    chain = custody_chain(store, "item:JAV0042", as_of=AS_OF)
    assert chain.holders()[-1] == "actor:2nd-battalion-14th-reserve-brigade" and chain.evidence and chain.nodes
    assert len(counting.queries) == 2  # the item by id, then its chain_facts


def test_reach_reads_relations_with_their_evidence(counted: tuple[Neo4jStore, _Counting]) -> None:
    store, counting = counted
    found = who_could_reach(store, "item:JAV0042", max_hops=3, as_of=AS_OF)
    assert "actor:taras-hrytsenko" in {r.actor for r in found.results}
    # evidence on its own only for the explaining paths; every hop brought its relations' own
    assert counting.queries.count(evidence_q.EVIDENCE_OF) == 1


def test_reverse_reach_checks_the_holding_index_within_its_reads(counted: tuple[Neo4jStore, _Counting],
                                                                  model: Model) -> None:
    store, counting = counted
    person = "actor:taras-hrytsenko"
    _, items = reachable_items(store, person, max_hops=3, as_of=AS_OF)
    assert [r.item for r in items] == ["item:JAV0042"]
    # no read of its own for the index's pending changes: that check rides inside the holdings read
    assert "MATCH (c:HoldingChanged) RETURN c.id AS id LIMIT 1" not in counting.queries
    assert evidence_q.EVIDENCE_OF not in counting.queries
    # a write marks the index stale: the next read brings it up to date before answering
    b = tiny_world(model, text="a later fictional note")
    b.event("HANDOVER", b.item(serial="JAV-0043"), "2023-05-02", to_actor=person)
    store.write(b.batch)
    _, items = reachable_items(store, person, max_hops=3, as_of=AS_OF)
    assert [(r.item, r.hops) for r in items] == [("item:JAV0043", 0), ("item:JAV0042", 1)]
