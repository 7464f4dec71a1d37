"""Query cost and timeouts: a query that asks for too much is refused before it runs, with its
cost; a slow one is stopped at its time limit, inside the store call too; and a real server
keeps answering /health and other clients meanwhile."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import parse

from api.cost import query_cost
from api.schema import schema
from graph import deadline
from graph.errors import LimitExceeded
from graph.model import load_model
from graph.sqlite_store import SqliteStore
from graph.store import Store
from queries.alerts import alerts
from tests.api.conftest import Keys, Run, codes, live_server, ok

REPO = Path(__file__).resolve().parents[2]
ALIAS = ("actors(first:100){ nodes { events(first:50){evidence{quote} subject{name evidence{quote}}} "
         "relations{evidence{quote}} } }")
ISSUE_QUERY = "{ " + " ".join(f"a{i}: {ALIAS}" for i in range(30)) + " }"
LIMIT = schema.settings.max_query_cost


def cost(query: str, variables: dict[str, Any] | None = None) -> int:
    return query_cost(schema._schema, parse(query), None, variables, list_size=schema.settings.cost_list_size)


# -- the cost, computed from the document ------------------------------------------------------

def test_page_sizes_multiply_through_nesting() -> None:
    one = cost("{ actors(first: 10) { nodes { events(first: 5) { id } } } }")
    assert one == 1 + 1 + 10 * (1 + 5 * 1)  # actors, nodes, 10 x (events + 5 ids)
    assert cost("{ actors(first: 10) { edges { node { id } } } }") == 1 + 1 + 10 * (1 + 1)
    # the schema's default page when `first` is absent (actors 20, events 50), and variables
    assert cost("{ actors { nodes { events { id } } } }") == 1 + 1 + 20 * (1 + 50)
    assert cost("query($n: Int) { actors(first: $n) { nodes { id } } }", {"n": 3}) == 1 + 1 + 3


def test_evidence_lists_are_counted() -> None:
    size = schema.settings.cost_list_size
    assert cost("{ actors(first: 10) { nodes { evidence { quote document { title } } } } }") == \
        1 + 1 + 10 * (1 + size * (1 + 1 + 1))


def test_fragments_count_where_they_are_spread() -> None:
    q = "{ actors(first: 10) { nodes { ...A } } } fragment A on Actor { events(first: 5) { id } }"
    assert cost(q) == cost("{ actors(first: 10) { nodes { events(first: 5) { id } } } }")


def test_the_issue_query_costs_far_more_than_the_limit() -> None:
    assert cost(ISSUE_QUERY) > 10 * LIMIT


def test_the_pages_own_queries_are_within_the_limit() -> None:
    js = (REPO / "api" / "web" / "static" / "js" / "queries.js").read_text(encoding="utf-8")
    # fragments are string constants ("..." or `...`), queries template literals
    fragments = {m.group(2): m.group(1) for m in re.finditer(r"[`\"](fragment (\w+) on [^`\"]*)[`\"]", js)}
    docs = [re.sub(r"\$\{[^}]*\}", "", m.group(1)) for m in re.finditer(r"`((?:query|mutation) [^`]*)`", js)]
    assert len(docs) >= 5 and fragments
    for doc in docs:
        used: dict[str, str] = {}
        todo = [doc]
        while todo:  # fragments use fragments
            for name in re.findall(r"\.\.\.(\w+)", todo.pop()):
                if name in fragments and name not in used:
                    used[name] = fragments[name]
                    todo.append(fragments[name])
        assert cost(doc + "\n" + "\n".join(used.values())) <= LIMIT, doc[:60]


# -- refused before anything runs ----------------------------------------------------------------

def test_a_costly_query_is_refused_with_its_cost_before_it_runs(gql: Run) -> None:
    # if it ran, each alias would answer NOT_FOUND; refused, there is one LIMIT_EXCEEDED
    q = "{ " + " ".join(f'a{i}: item(serial: "NOPE-{i}") {{ shipments {{ items(first: 100) {{ events(first: 50) '
                        f'{{ evidence {{ quote }} }} }} }} }}' for i in range(5)) + " }"
    out = gql(q)
    assert codes(out) == ["LIMIT_EXCEEDED"] and out["data"] is None
    ext = out["errors"][0]["extensions"]
    assert ext["cost"] == cost(q) > LIMIT and ext["limit"] == LIMIT
    assert f"{ext['cost']:,}" in out["errors"][0]["message"]


def test_a_query_within_the_limit_runs(gql: Run) -> None:
    assert ok(gql('{ actors(first: 5) { nodes { name events(first: 5) { evidence { quote } } } } }'))["actors"]


# -- deadlines inside the store call -------------------------------------------------------------

SLOW_READ = {
    "sqlite": "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000) "
              "SELECT count(*) FROM c",
    "neo4j": "UNWIND range(1, 2000000000) AS x RETURN count(x)",
}


def test_a_store_call_is_stopped_at_the_deadline_inside_the_store(store: Store) -> None:
    def read() -> None:  # one statement through each store's own read plumbing (private: no public read is this slow)
        if isinstance(store, SqliteStore):
            store._rows(SLOW_READ["sqlite"])
        else:
            with store._errors("counting to two billion"):  # type: ignore[attr-defined]
                store._read(SLOW_READ["neo4j"])  # type: ignore[attr-defined]

    with deadline.reads_until(time.monotonic() + 0.5), pytest.raises(LimitExceeded):
        read()  # without the deadline this runs for minutes
    store.nodes(["item:nothing"])  # the store still answers afterwards


def test_writes_are_never_cut_by_a_deadline(store: Store) -> None:
    from tests.api.world import write_world

    with deadline.reads_until(time.monotonic() - 1):
        write_world(store)
    assert store.nodes(["item:JAV7001"])


# -- a real server, a generated world -------------------------------------------------------------

def _custody(*args: str) -> None:
    r = subprocess.run([sys.executable, "-c", "from api.cli import main; main()", *args], cwd=REPO,
                       capture_output=True, text=True, timeout=600, check=False)
    assert r.returncode in (0, 1), r.stdout[-2000:] + r.stderr[-2000:]


@pytest.fixture(scope="module", params=["1k", pytest.param("10k", marks=pytest.mark.slow)])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated world's manifests ingested into an embedded store (``custody generate`` + ``ingest``)."""
    folder = tmp_path_factory.mktemp(f"world-{request.param}")
    _custody("generate", "--items", request.param, str(folder / "w"))
    _custody("ingest", "--store", str(folder / "w.db"), str(folder / "w" / "manifests"))
    return folder / "w.db"


@pytest.fixture
def live(generated: Path, tmp_path: Path, keys: Keys) -> Iterator[str]:
    store = SqliteStore(generated, load_model())
    with live_server(store, tmp_path, query_timeout_s=1.0) as url:
        yield url
    store.close()


SMALL = "{ actors(first: 1) { totalCount } }"


def _timed(work: Any) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _while(url: str, headers: dict[str, str], query: str) -> tuple[httpx.Response, list[int], int]:
    """Send ``query``; meanwhile poll /health and ask a small question. Returns the answer, the
    /health statuses received while it was still running, and small answers received meanwhile."""
    answer: list[httpx.Response] = []

    def ask() -> None:
        answer.append(httpx.post(f"{url}/graphql", json={"query": query}, headers=headers, timeout=120))

    asker = threading.Thread(target=ask)
    asker.start()
    during: list[int] = []
    small = 0
    with httpx.Client(base_url=url, timeout=60) as client:
        while asker.is_alive():
            r = client.get("/health")
            if asker.is_alive():
                during.append(r.status_code)
            s = client.post("/graphql", json={"query": SMALL}, headers=headers)
            if asker.is_alive() and s.status_code == 200 and "errors" not in s.json():
                small += 1
            time.sleep(0.02)
    asker.join()
    return answer[0], during, small


def test_the_issue_query_is_refused_on_a_real_server(live: str, keys: Keys) -> None:
    r = httpx.post(f"{live}/graphql", json={"query": ISSUE_QUERY}, headers=keys.headers("viewer"), timeout=120)
    body = r.json()
    assert body["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED"
    assert body["errors"][0]["extensions"]["cost"] == cost(ISSUE_QUERY)
    assert httpx.get(f"{live}/health", timeout=10).json() == {"status": "ok"}


def test_a_slow_query_is_stopped_and_the_server_keeps_answering(
        request: pytest.FixtureRequest, generated: Path, tmp_path: Path, keys: Keys) -> None:
    # the limit is a third of what the alerts over the whole world take on this machine now, so the
    # query is stopped however fast the machine is (a fixed 1 s limit was not reached on a fast one);
    # the 1k world's alerts (0.3 s on a quiet machine) leave too short a window to watch the server in
    if request.node.callspec.params["generated"] == "1k":
        pytest.skip("the 1k world answers too fast to watch; the 10k world (slow) runs this test")
    store = SqliteStore(generated, load_model())
    took = min(_timed(lambda: alerts(store)) for _ in range(2))
    with live_server(store, tmp_path, query_timeout_s=took / 3) as url:
        httpx.post(f"{url}/graphql", json={"query": SMALL}, headers=keys.headers("viewer"), timeout=60)  # warm
        answer, during, small = _while(url, keys.headers("viewer"), "{ alerts(first: 5) { totalCount } }")
    store.close()
    assert answer.json()["errors"][0]["extensions"]["code"] == "LIMIT_EXCEEDED", answer.text[:300]
    assert during and set(during) == {200}  # /health answered while the query ran
    assert small > 0  # and so did another client's question
