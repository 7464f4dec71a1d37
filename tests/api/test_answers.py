"""Answers kept for questions asked again (api/answers.py): a kept answer is given only at the
store's data version it was made at, to a caller of the same role, on the same day; every write
(through this store object, another connection or another client) changes the version, on every
store."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import api.answers
from api.answers import AnswerCache, data_version
from graph.builder import FactBuilder
from graph.errors import StoreError
from graph.model import Model
from graph.store import Store
from tests.api.conftest import Keys, codes
from tests.api.world import AS_OF


def _later_handover(model: Model, serial: str = "JAV-7002", holder: str = "Test Unit Zulu") -> Any:
    b = FactBuilder(model, title=f"later handover {holder}.txt", text=f"fictional later handover to {holder}",
                    kind="Report", extractor="test", version="1")
    item = b.item(serial=serial, system=b.weapon_system("FGM-148 Javelin", "ATGM", eeum=True))
    b.event("HANDOVER", item, "2024-05-01", to_actor=b.actor(holder, "MilitaryUnit"))
    return b.batch


# -- the stores' data version -------------------------------------------------------------------------

def test_the_data_version_changes_with_every_write_and_only_then(world: Store) -> None:
    before = world.data_version()  # type: ignore[attr-defined]
    assert world.data_version() == before  # type: ignore[attr-defined]
    world.nodes(["item:JAV7002"])  # reads change nothing
    assert world.data_version() == before  # type: ignore[attr-defined]
    world.write(_later_handover(world.model))
    after = world.data_version()  # type: ignore[attr-defined]
    assert after != before
    world.write(_later_handover(world.model, holder="Test Unit Yankee"))
    assert world.data_version() not in (before, after)  # type: ignore[attr-defined]


def test_a_write_by_another_connection_changes_the_version(world: Store, request: pytest.FixtureRequest,
                                                           tmp_path: Path) -> None:
    """As another process (an ingest, the other server worker) writing the same store would."""
    from tests.conftest import make_store

    kind = "sqlite" if type(world).__name__ == "SqliteStore" else "neo4j"
    other = make_store(kind, request, tmp_path, world.model)  # the same file / the same server
    try:
        before = data_version(world)
        other.write(_later_handover(world.model))
        assert data_version(world) != before
    finally:
        other.close()


def test_neo4j_reads_its_version_without_running_a_query(world: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty read transaction's bookmark is the version: no query for the server to plan and run."""
    if type(world).__name__ != "Neo4jStore":
        pytest.skip("the embedded store reads SQLite's data_version")
    import neo4j

    before = world.data_version()  # type: ignore[attr-defined]

    def no_query(*_: Any, **__: Any) -> Any:
        raise AssertionError("the version read ran a query")

    monkeypatch.setattr(neo4j.Session, "run", no_query)
    monkeypatch.setattr(neo4j.Transaction, "run", no_query)
    assert world.data_version() == before  # type: ignore[attr-defined]
    monkeypatch.undo()
    world.write(_later_handover(world.model))
    assert world.data_version() != before  # type: ignore[attr-defined]


def test_an_in_memory_store_counts_its_writes(model: Model) -> None:
    from graph.sqlite_store import SqliteStore

    store = SqliteStore(":memory:", model)
    try:
        before = store.data_version()
        store.write(_later_handover(model))
        assert store.data_version() != before
    finally:
        store.close()


# -- answers over HTTP ----------------------------------------------------------------------------------

CHAIN = ("query Chain($s: String!) { custodyChain(item: $s, asOf: \"" + AS_OF + "\") "
         "{ evidenceWithheld segments { holder { name } evidence { quote } } } }")


def _ask(client: TestClient, headers: dict[str, str] | None = None, serial: str = "JAV-7002") -> dict[str, Any]:
    r = client.post("/graphql", json={"query": CHAIN, "variables": {"s": serial}}, headers=headers or {})
    body: dict[str, Any] = r.json()
    return body


def test_a_question_asked_again_is_answered_without_the_store_until_a_write(
        world: Store, client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_for()
    first = _ask(client)
    assert "errors" not in first

    def broken(*_: Any, **__: Any) -> Any:
        raise StoreError("the store was asked")

    monkeypatch.setattr(world, "lookup", broken)
    assert _ask(client) == first  # kept: the store is not asked
    assert codes(_ask(client, serial="JAV-7001")) == ["STORE_ERROR"]  # another question is asked
    world.write(_later_handover(world.model))
    assert codes(_ask(client)) == ["STORE_ERROR"]  # after a write the question runs again
    monkeypatch.undo()
    holders = [(s["holder"] or {}).get("name") for s in _ask(client)["data"]["custodyChain"]["segments"]]
    assert holders[-1] == "Test Unit Zulu"


def test_a_viewer_is_never_given_an_answer_kept_for_an_analyst(
        world: Store, client_for: Callable[..., TestClient], keys: Keys) -> None:
    client = client_for()
    secret = "launcher JAV-7002 was seized from members of the Black Kite group"
    for _ in range(2):  # the second round is answered from what was kept, for each role its own
        analyst = _ask(client, keys.headers("analyst"))
        viewer = _ask(client, keys.headers("viewer"))
        assert secret in str(analyst) and analyst["data"]["custodyChain"]["evidenceWithheld"] == 0
        assert secret not in str(viewer) and viewer["data"]["custodyChain"]["evidenceWithheld"] > 0


def test_answers_with_errors_are_not_kept(world: Store, client_for: Callable[..., TestClient]) -> None:
    client = client_for()
    assert codes(_ask(client, serial="NO-SUCH-SERIAL")) == ["NOT_FOUND"]
    b = FactBuilder(world.model, title="new item.txt", text="fictional new item", kind="Report", extractor="test",
                    version="1")
    b.item(serial="NO-SUCH-SERIAL", system=b.weapon_system("FGM-148 Javelin", "ATGM", eeum=True))
    world.write(b.batch)
    assert "errors" not in _ask(client, serial="NO-SUCH-SERIAL")


# -- the cache itself ------------------------------------------------------------------------------------

class _Store:
    """A stand-in key for the per-store entries (the cache only holds it weakly)."""


def test_the_key_holds_version_role_day_query_variables_and_operation(monkeypatch: pytest.MonkeyPatch) -> None:
    key = AnswerCache.key
    base = key("v1", "viewer", "{ a }", {"x": 1, "y": 2}, None)
    assert base == key("v1", "viewer", "{ a }", {"y": 2, "x": 1}, None)  # variables in any order
    xy = {"x": 1, "y": 2}
    others = [key("v2", "viewer", "{ a }", xy, None), key("v1", "analyst", "{ a }", xy, None),
              key("v1", "viewer", "{ b }", xy, None), key("v1", "viewer", "{ a }", {"x": 2, "y": 2}, None),
              key("v1", "viewer", "{ a }", xy, "Op")]
    assert base not in others and len(set(others)) == len(others)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls) -> Tomorrow:
            return cls.fromordinal(dt.date.today().toordinal() + 1)

    monkeypatch.setattr(api.answers, "date", Tomorrow)  # the default asOf is today: tomorrow is another answer
    assert key("v1", "viewer", "{ a }", {"x": 1, "y": 2}, None) != base
    assert key("v1", "viewer", "{ a }", {"x": object()}, None) is None  # not plain JSON: not kept


def test_the_cache_is_bounded_and_forgets_an_old_version() -> None:
    cache, store = AnswerCache(max_entries=2, max_bytes=1000), _Store()
    keys = [AnswerCache.key("v1", "viewer", f"{{ q{i} }}", None, None) for i in range(3)]
    for i, k in enumerate(keys):
        assert cache.put(store, k, {"i": i}) == 7  # type: ignore[arg-type]  # {"i":0}: its size as JSON
    assert [cache.get(store, k) for k in keys] == [None, ({"i": 1}, 7), ({"i": 2}, 7)]  # type: ignore[arg-type]
    assert cache.put(store, keys[0], {"big": "x" * 100}) == 110  # type: ignore[arg-type]  # over a tenth of the bytes
    assert cache.get(store, keys[0]) is None  # type: ignore[arg-type]  # not kept
    newer = AnswerCache.key("v2", "viewer", "{ q0 }", None, None)
    cache.put(store, newer, {"v": 2})  # type: ignore[arg-type]
    assert cache.get(store, newer) == ({"v": 2}, 7) and cache.get(store, keys[2]) is None  # type: ignore[arg-type]
    assert cache.get(_Store(), newer) is None  # type: ignore[arg-type]  # each store its own answers


def test_a_kept_answer_is_json_the_collector_skips_and_each_caller_gets_its_own_copy() -> None:
    cache, store = AnswerCache(), _Store()
    key = AnswerCache.key("v1", "viewer", "{ q }", None, None)
    data = {"custodyChain": {"segments": [{"index": 0, "holder": {"name": "Test Unit Zulu"}}], "days": 1.5}}
    cache.put(store, key, data)  # type: ignore[arg-type]
    kept = cache._stores[store].entries[key]  # type: ignore[index]
    assert isinstance(kept, bytes) and not gc.is_tracked(kept)  # no containers for the collector to walk
    first, size = cache.get(store, key)  # type: ignore[arg-type,misc]
    assert first == data and size == len(kept)
    first["custodyChain"]["segments"].clear()  # a caller changing its answer changes no one else's
    assert cache.get(store, key) == (data, size)  # type: ignore[arg-type]


def test_an_answer_json_cannot_hold_as_it_is_is_not_kept() -> None:
    cache, store = AnswerCache(), _Store()
    key = AnswerCache.key("v1", "viewer", "{ q }", None, None)
    assert cache.put(store, key, {"n": 2**70}) is None  # type: ignore[arg-type]  # past 64 bits: orjson refuses
    assert cache.put(store, key, {"s": "\ud800"}) is None  # type: ignore[arg-type]  # a lone surrogate
    assert cache.get(store, key) is None  # type: ignore[arg-type]


DOCS = ("query Docs($s: String!) { custodyChain(item: $s, asOf: \"" + AS_OF + "\") "
        "{ segments { evidence { document { id title } } } } }")


def test_documents_read_for_one_chain_are_not_read_again_for_the_next_until_a_write(
        world: Store, client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    client = client_for()

    def documents(serial: str) -> set[str]:
        r = client.post("/graphql", json={"query": DOCS, "variables": {"s": serial}}).json()
        assert "errors" not in r, r
        return {e["document"]["id"] for s in r["data"]["custodyChain"]["segments"] for e in s["evidence"]}

    first = documents("JAV-7001")
    asked: list[str] = []
    read = world.nodes

    def counted(ids: Any) -> Any:
        ids = list(ids)
        asked.extend(ids)
        return read(ids)

    monkeypatch.setattr(world, "nodes", counted)
    second = documents("JAV-7002")
    shared = first & second
    assert shared and not shared & set(asked)  # the same documents back both chains: read once
    world.write(_later_handover(world.model, serial="JAV-7003"))
    asked.clear()
    assert documents("JAV-7002") == second and shared <= set(asked)  # after a write they are read again
