"""What keeps the API's per-request overhead small stays correct: the operation workers keep
their event loops (and still cancel what an operation leaves behind, and still time out), the
cost of a query text is cached only for the very same page sizes, answers are encoded with
orjson (and with json where orjson refuses), and an answer asked twice around a write shows
the write (no cache answers from before it)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from graphql import parse

from api.app import CustodyGraphQL
from api.audit import json_size
from api.cost import CostCache, query_cost
from api.execution import OffLoop
from api.schema import schema
from graph.builder import FactBuilder
from graph.store import Store
from tests.api.conftest import Run, codes
from tests.api.world import AS_OF

SCHEMA = schema._schema
SIZE = schema.settings.cost_list_size


# -- operation workers ----------------------------------------------------------------------------

def test_a_worker_keeps_its_loop_between_operations() -> None:
    off = OffLoop(workers=1)
    try:
        async def loop_of() -> asyncio.AbstractEventLoop:
            return asyncio.get_running_loop()

        async def twice() -> tuple[asyncio.AbstractEventLoop, asyncio.AbstractEventLoop]:
            return await off.run(loop_of, 5), await off.run(loop_of, 5)

        first, second = asyncio.run(twice())
        assert first is second and not first.is_closed()
    finally:
        off.close()
    assert first.is_closed()  # close() closes the loops no operation is running on


def test_what_an_operation_leaves_running_is_cancelled_before_the_next_one() -> None:
    off = OffLoop(workers=1)
    left_running = threading.Event()
    cancelled = threading.Event()

    async def forever() -> None:
        left_running.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def leaves_a_task() -> str:
        asyncio.get_running_loop().create_task(forever())
        await asyncio.sleep(0)
        return "done"

    async def next_op() -> bool:
        return cancelled.is_set()

    async def both() -> tuple[str, bool]:
        return await off.run(leaves_a_task, 5), await off.run(next_op, 5)

    try:
        answer, was_cancelled = asyncio.run(both())
    finally:
        off.close()
    assert answer == "done" and left_running.is_set() and was_cancelled


def test_a_timed_out_operation_is_cancelled_and_its_worker_serves_the_next() -> None:
    off = OffLoop(workers=1)
    stopped = threading.Event()

    async def slow() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            stopped.set()
            raise

    async def quick() -> int:
        return 42

    async def go() -> int:
        with pytest.raises(TimeoutError):
            await off.run(slow, 0.2)
        return await off.run(quick, 5)

    try:
        assert asyncio.run(go()) == 42
    finally:
        off.close()
    assert stopped.wait(5)


# -- the cost cache ---------------------------------------------------------------------------------

PAGED = "query Q($n: Int, $m: Int) { actors(first: $n) { nodes { events(first: $m) { id } } } }"


def cached(cache: CostCache, query: str, variables: dict[str, Any] | None, op: str | None = None) -> int:
    return cache.cost(SCHEMA, query, parse(query), op, variables, SIZE)


def direct(query: str, variables: dict[str, Any] | None, op: str | None = None) -> int:
    return query_cost(SCHEMA, parse(query), op, variables, list_size=SIZE)


@pytest.mark.parametrize("variables", [
    {"n": 3, "m": 4}, {"n": 4, "m": 3}, {"n": 3}, {"n": 3, "m": None}, {"n": True, "m": 4}, {"n": 1, "m": 4},
    {"n": 3.0, "m": 4}, {"n": "3", "m": 4}, {"n": [3], "m": 4}, {}, None, {"n": 3, "m": 4, "other": [1, {}]},
])
def test_a_cached_cost_is_the_cost_of_those_very_page_sizes(variables: dict[str, Any] | None) -> None:
    """One cache asked every variant in turn answers each exactly as the walk does: a cost
    computed for other page sizes (or for `true`, which is not 1) is never reused."""
    cache = CostCache()
    variants: list[dict[str, Any] | None] = [{"n": 3, "m": 4}, {"n": 1, "m": 4}, {"n": True, "m": 4}, {"n": 3},
                                             {"n": 3, "m": None}, None, {"n": 3.0, "m": 4}, {"n": [3], "m": 4}]
    for v in [*variants, variables, *reversed(variants), variables]:
        assert cached(cache, PAGED, v, "Q") == direct(PAGED, v, "Q"), v


def test_the_cost_cache_keys_on_the_operation_and_is_bounded() -> None:
    two = "query A { actors(first: 2) { nodes { id } } } query B { actors(first: 9) { nodes { id } } }"
    cache = CostCache(maxsize=2)
    assert cached(cache, two, None, "A") == direct(two, None, "A") != direct(two, None, "B")
    assert cached(cache, two, None, "B") == direct(two, None, "B")
    for n in range(5):
        q = f"{{ actors(first: {n}) {{ nodes {{ id }} }} }}"
        assert cached(cache, q, None) == direct(q, None)
    assert len(cache._texts) == 2


def test_a_costly_query_asked_again_is_refused_again(gql: Run) -> None:
    q = ("query($n: Int) { actors(first: $n) { nodes { events(first: 100) { evidence { quote document { title } } "
         "subject { evidence { quote document { title } } } } } } }")
    assert direct(q, {"n": 1}) < schema.settings.max_query_cost < direct(q, {"n": 100})
    over, under = gql(q, {"n": 100}), gql(q, {"n": 1})
    again = gql(q, {"n": 100})
    assert codes(over) == codes(again) == ["LIMIT_EXCEEDED"] and "errors" not in under
    assert over["errors"][0]["extensions"]["cost"] == again["errors"][0]["extensions"]["cost"] == direct(q, {"n": 100})


# -- validation kept per query text ----------------------------------------------------------------------

def test_a_query_text_is_validated_once_and_its_errors_kept(gql: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.schema

    calls: list[str] = []
    real = api.schema.validate_document

    def counted(*args: Any) -> Any:
        calls.append("validate")
        return real(*args)

    monkeypatch.setattr(api.schema, "validate_document", counted)
    # texts of this run only: kept validation outlives one app (the other store's run asked these)
    run = uuid.uuid4().hex
    good = '{ items(first: 1) { totalCount } }  # validated once (test_overhead) ' + run
    bad = '{ items(first: 1) { noSuchField } }  # refused twice (test_overhead) ' + run
    assert "errors" not in gql(good) and "errors" not in gql(good)
    assert codes(gql(bad)) == codes(gql(bad)) == ["INVALID_INPUT"]
    assert len(calls) == 2


def test_kept_validation_is_per_schema_limits(world: Store, tmp_path: Any) -> None:
    """The same text under two depth limits: refused by the stricter server, answered by the other,
    whichever asked first."""
    from api.app import create_app
    from tests.api.conftest import Keys, settings_for

    keys = Keys(tmp_path / "keys.json")
    deep = '{ item(serial: "JAV-7002") { shipments { items { shipments { id } } } } }  # depth (test_overhead)'
    strict = TestClient(create_app(settings_for(tmp_path, max_query_depth=3), store=world))
    loose = TestClient(create_app(settings_for(tmp_path, max_query_depth=10), store=world))
    for client, refused in ((strict, True), (loose, False), (strict, True)):
        body = client.post("/graphql", json={"query": deep}, headers=keys.headers("viewer")).json()
        assert ("errors" in body) is refused, body


def test_a_query_text_is_parsed_once(gql: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    import api.schema

    calls: list[str] = []
    real = api.schema.parse

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append("parse")
        return real(*args, **kwargs)

    monkeypatch.setattr(api.schema, "parse", counted)
    text = '{ items(first: 1) { totalCount } }  # parsed once (test_overhead) ' + uuid.uuid4().hex
    for _ in range(3):
        assert "errors" not in gql(text)
    # once for the operation's type and name (before execution picks its deadline), once for execution
    assert len(calls) == 2


def test_the_token_limit_holds_for_a_text_parsed_under_another(world: Store, tmp_path: Any) -> None:
    """The same text under two token limits: refused by the stricter server, answered by the other,
    whichever asked first (the parse is kept per text and limit)."""
    from api.app import create_app
    from tests.api.conftest import Keys, settings_for

    keys = Keys(tmp_path / "keys.json")
    text = '{ item(serial: "JAV-7002") { id serial shipments { id } } }  # tokens (test_overhead) ' + uuid.uuid4().hex
    strict = TestClient(create_app(settings_for(tmp_path, max_tokens=8), store=world))
    loose = TestClient(create_app(settings_for(tmp_path, max_tokens=1000), store=world))
    for client, refused in ((loose, False), (strict, True), (loose, False)):
        body = client.post("/graphql", json={"query": text}, headers=keys.headers("viewer")).json()
        assert ("errors" in body) is refused, body


# -- encoding ----------------------------------------------------------------------------------------

ENCODE: Callable[[object], str | bytes] = CustodyGraphQL.encode_json.__get__(object())  # needs no state


def test_answers_are_encoded_as_json_reads_them() -> None:
    data = {"data": {"a": "Dorohusk–Yahodyn «x»", "n": [1, 2.5, None, True], "nested": {"e": []}}}
    assert json.loads(ENCODE(data)) == data


def test_a_string_orjson_refuses_is_still_encoded() -> None:
    data = {"data": {"quote": "half a pair: \ud800"}}
    assert json.loads(ENCODE(data)) == data
    assert json_size(data) == len(json.dumps(data, separators=(",", ":")))
    assert json_size({"a": "é"}) == len('{"a":"é"}'.encode())


# -- no answer from before a write ----------------------------------------------------------------------

CHAIN = ("query Chain($s: String!) { custodyChain(item: $s, asOf: \"" + AS_OF + "\") "
         "{ segments { holder { name } events { type date } evidence { quote document { title } } } } }")


def test_the_same_question_after_a_write_sees_the_write(world: Store, client_for: Callable[..., TestClient]) -> None:
    client = client_for()

    def holders() -> list[str | None]:
        r = client.post("/graphql", json={"query": CHAIN, "variables": {"s": "JAV-7002"}})
        assert r.status_code == 200 and "errors" not in r.json(), r.text
        return [(s["holder"] or {}).get("name") for s in r.json()["data"]["custodyChain"]["segments"]]

    before = holders()
    assert holders() == before and "Test Unit Zulu" not in before
    b = FactBuilder(world.model, title="later handover.txt", text="fictional later handover", kind="Report",
                    extractor="test", version="1")
    jav = b.weapon_system("FGM-148 Javelin", "ATGM", eeum=True)
    item = b.item(serial="JAV-7002", system=jav)
    b.event("HANDOVER", item, "2024-05-01", to_actor=b.actor("Test Unit Zulu", "MilitaryUnit"))
    world.write(b.batch)
    after = holders()
    assert after[-1] == "Test Unit Zulu" and after[:-1] == before


# -- quick questions run on the server's loop --------------------------------------------------------

class ThreadsOf:
    """The store ``base``, noting the name of the thread of every read (its data version is read on
    the loop for every question, to look for a kept answer)."""

    def __init__(self, base: Store) -> None:
        self._base, self.model, self.threads = base, base.model, []  # type: list[str]

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._base, name)
        if not callable(attr) or name == "data_version":
            return attr

        def noted(*args: Any, **kwargs: Any) -> Any:
            self.threads.append(threading.current_thread().name)
            return attr(*args, **kwargs)

        return noted


def _threads_of_chains(client: TestClient, store: ThreadsOf, serials: list[str]) -> list[set[str]]:
    """For each serial asked in turn (new variables each time: no kept answer), the threads that read."""
    out = []
    for serial in serials:
        store.threads.clear()
        r = client.post("/graphql", json={"query": CHAIN, "variables": {"s": serial}})
        assert r.status_code == 200 and "errors" not in r.json(), r.text
        out.append({"worker" if t.startswith("custody-operation") else "loop" for t in store.threads})
    return out


@pytest.fixture
def lenient(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every run counts as quick: a loaded machine does not decide these tests."""
    import api.execution

    monkeypatch.setattr(api.execution, "QUICK_S", 60.0)
    monkeypatch.setattr(api.execution, "QUICK_WALL_S", 60.0)


def test_a_query_text_that_ran_quickly_runs_on_the_loop_next_time(
        world: Store, client_for: Callable[..., TestClient], lenient: None) -> None:
    store = ThreadsOf(world)
    client = client_for(store=store)
    first, second, third = _threads_of_chains(client, store, ["JAV-7001", "JAV-7002", "JAV-7003"])
    assert first == {"worker"}  # a text not seen before runs in a worker
    # on a store in this process, the next ones run on the loop; Neo4j's reads would hold the loop: a worker
    on_loop = not getattr(world, "writes_in_another_process", False)
    assert second == third == ({"loop"} if on_loop else {"worker"})


def test_a_query_text_whose_last_run_was_slow_runs_in_a_worker(
        world: Store, client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    import api.execution

    store = ThreadsOf(world)
    client = client_for(store=store)
    monkeypatch.setattr(api.execution, "QUICK_S", -1.0)  # every run takes too much CPU
    assert _threads_of_chains(client, store, ["JAV-7001", "JAV-7002"]) == [{"worker"}, {"worker"}]
    monkeypatch.setattr(api.execution, "QUICK_S", 60.0)
    monkeypatch.setattr(api.execution, "QUICK_WALL_S", -1.0)  # too long on the clock (a store slow to answer)
    assert _threads_of_chains(client, store, ["JAV-7003", "JAV-7004"]) == [{"worker"}, {"worker"}]
    monkeypatch.setattr(api.execution, "QUICK_WALL_S", 60.0)  # the next run is quick: the one after it on the loop
    assert _threads_of_chains(client, store, ["JAV-7005", "STG-7001"])[1] == \
        ({"worker"} if getattr(world, "writes_in_another_process", False) else {"loop"})


def test_a_quick_text_goes_to_a_worker_while_another_operation_runs_in_one(
        world: Store, client_for: Callable[..., TestClient], lenient: None) -> None:
    store = ThreadsOf(world)
    client = client_for(store=store)
    _threads_of_chains(client, store, ["JAV-7001", "JAV-7002"])
    route = next(r for r in client.app.router.routes if getattr(r, "path", None) == "/graphql")  # type: ignore[attr-defined]
    off_loop = route.app.schema.off_loop
    assert off_loop.running == 0
    on_loop = not getattr(world, "writes_in_another_process", False)
    assert _threads_of_chains(client, store, ["JAV-7003"]) == [{"loop"} if on_loop else {"worker"}]
    off_loop.running += 1  # as while another request's operation runs in a worker
    try:
        assert _threads_of_chains(client, store, ["JAV-7004"]) == [{"worker"}]
    finally:
        off_loop.running -= 1
    assert off_loop.running == 0  # every operation run in a worker was counted out again


def test_a_caller_is_alone_until_another_connection_asks_within_the_window() -> None:
    from api.execution import RecentPeers

    peers = RecentPeers(window=60.0)
    assert peers.alone(("127.0.0.1", 5001)) and peers.alone(("127.0.0.1", 5001))
    assert not peers.alone(("127.0.0.1", 5002)) and not peers.alone(("127.0.0.1", 5001))
    assert not peers.alone(None)  # an unknown peer is never known to be alone
    gone = RecentPeers(window=0.0)
    gone.alone(("127.0.0.1", 5001))
    time.sleep(0.01)
    assert gone.alone(("127.0.0.1", 5002))  # the other connection's request is older than the window


def test_quick_texts_are_queries_only_and_bounded() -> None:
    from api.execution import QuickTexts

    quick = QuickTexts(maxsize=2)

    class Remote:
        writes_in_another_process = True

    local = object()
    quick.ran("mutation", "mutation { m }", 0.0, 0.0)
    assert not quick.inline(local, "mutation", "mutation { m }")
    quick.ran("query", "{ a }", 0.0, 0.0)
    assert quick.inline(local, "query", "{ a }") and not quick.inline(Remote(), "query", "{ a }")
    quick.ran("query", "{ b }", 0.0, 0.0)
    quick.ran("query", "{ c }", 0.0, 0.0)  # the least recently used ({ a }) goes
    assert not quick.inline(local, "query", "{ a }") and quick.inline(local, "query", "{ c }")
    quick.ran("query", "{ c }", 10.0, 0.0)  # long on the clock
    assert not quick.inline(local, "query", "{ c }")
    quick.ran("query", "{ b }", 0.0, 10.0)  # long on the CPU
    assert not quick.inline(local, "query", "{ b }")


def test_a_request_does_not_ask_opentelemetry_whether_it_is_configured(
        client_for: Callable[..., TestClient], monkeypatch: pytest.MonkeyPatch) -> None:
    """FastAPI asks the global OpenTelemetry providers on every request unless told there is none."""
    from fastapi.telemetry import _asgi

    asked: list[str] = []
    for name in ("trace", "metrics"):
        module = getattr(_asgi, name)
        getter = "get_tracer_provider" if name == "trace" else "get_meter_provider"
        original = getattr(module, getter)
        monkeypatch.setattr(module, getter, lambda g=getter, o=original: asked.append(g) or o())
    client = client_for()
    assert client.get("/health").status_code == 200
    assert client.post("/graphql", json={"query": "{ item(serial: \"JAV-7001\") { id } }"}).status_code == 200
    assert asked == []


# -- the audit log keeps its file open ----------------------------------------------------------------

def _audit(log: Any, name: str) -> None:
    log.record(key_id="k", key_name="n", role="viewer", operation=name, operation_type="query", query="{ x }",
               variables=None, duration_ms=1.0, result_bytes=0, errors=[], client=None)


def test_the_audit_log_follows_its_path_when_the_file_is_rotated_or_deleted(tmp_path: Any) -> None:
    from api.audit import AuditLog, read_audit

    path = tmp_path / "logs" / "audit.jsonl"
    log = AuditLog(path)
    _audit(log, "first")
    path.rename(tmp_path / "logs" / "audit.jsonl.1")  # rotated: the next record starts a new file at the path
    _audit(log, "second")
    path.unlink()  # deleted: the same
    _audit(log, "third")
    _audit(log, "fourth")
    assert [r["operation"] for r in read_audit(tmp_path / "logs" / "audit.jsonl.1")] == ["first"]
    assert [r["operation"] for r in read_audit(path)] == ["third", "fourth"]
    log.close()
    _audit(log, "fifth")  # closed: opened again on the next record
    assert [r["operation"] for r in read_audit(path)] == ["third", "fourth", "fifth"]


# -- the GraphQL route ---------------------------------------------------------------------------------

def test_concurrent_requests_each_get_their_own_status_code(world: Store, tmp_path: Any) -> None:
    """Refusals (400) and answers (200) interleaved on one server each keep their own status: the
    route (a plain ASGI route since the FastAPI router went) makes one response per request."""
    import httpx

    from api.app import create_app
    from tests.api.conftest import Keys, settings_for

    keys = Keys(tmp_path / "keys.json")
    app = create_app(settings_for(tmp_path), store=world)
    good = {"query": "query Chain($s: String!) { custodyChain(item: $s) { segments { index } } }",
            "variables": {"s": "JAV-7002"}}
    bad = {"query": "{ nothingHere }"}

    async def go() -> list[int]:
        async with app.router.lifespan_context(app), httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://test", headers=keys.headers("viewer")) as c:
            answers = await asyncio.gather(*(c.post("/graphql", json=good if i % 2 else bad) for i in range(24)))
        return [r.status_code for r in answers]

    assert asyncio.run(go()) == [200 if i % 2 else 400 for i in range(24)]


def test_a_serving_worker_freezes_what_it_was_built_with(world: Store, tmp_path: Any) -> None:
    """What a worker made to serve is kept out of the collector's passes while it serves (gc.freeze),
    and handed back to it when the worker stops (a test process that builds many apps leaks none)."""
    import gc

    from api.app import create_app
    from tests.api.conftest import settings_for

    app = create_app(settings_for(tmp_path), store=world)
    before = gc.get_freeze_count()

    async def serving() -> int:
        async with app.router.lifespan_context(app):
            return gc.get_freeze_count()

    assert asyncio.run(serving()) > before
    assert gc.get_freeze_count() == 0
