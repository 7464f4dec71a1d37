"""Fuzzing: hypothesis-graphql writes valid queries from the schema (any field, any argument
values) and hypothesis writes malformed bodies; the app must answer each without a 500, every
GraphQL error must carry a code, and every request must leave one audit record.

1,000 queries and 1,000 bodies in the default run (on each store); the ``slow`` tests run 5,000
of each on the embedded store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import queries

from api.app import create_app
from api.audit import read_audit
from api.errors import CODES
from api.schema import schema
from graph.store import Store
from tests.api.conftest import Keys, settings_for
from tests.api.world import write_world

SDL = schema.as_str()
_CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]
FUZZ = settings(max_examples=1000, deadline=None, suppress_health_check=_CHECKS)
SLOW = settings(max_examples=5000, deadline=None, suppress_health_check=_CHECKS)


class Fuzzed:
    """A client that counts its requests, beside the audit log they should each leave a line in."""

    def __init__(self, client: TestClient, audit: Path) -> None:
        self.client = client
        self.audit = audit
        self.sent = 0

    def post(self, **kwargs: Any) -> Any:
        self.sent += 1
        return self.client.post("/graphql", **kwargs)

    def audited(self) -> int:
        return sum(1 for _ in read_audit(self.audit))


@pytest.fixture
def fuzz_client(store: Store, tmp_path: Path, keys: Keys) -> Any:
    write_world(store)
    # a tight timeout: a generated query that asks for a lot must end as LIMIT_EXCEEDED, not hang
    app = create_app(settings_for(tmp_path, query_timeout_s=5.0), store=store)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.headers.update(keys.headers("analyst"))
        fuzzed = Fuzzed(c, tmp_path / "audit.jsonl")
        yield fuzzed
        assert fuzzed.sent > 0 and fuzzed.audited() == fuzzed.sent


@pytest.fixture
def sqlite_fuzz_client(tmp_path: Path, keys: Keys) -> Any:
    from graph.model import load_model
    from graph.sqlite_store import SqliteStore

    store = SqliteStore(tmp_path / "fuzz.db", load_model())
    write_world(store)
    app = create_app(settings_for(tmp_path, query_timeout_s=5.0), store=store)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.headers.update(keys.headers("analyst"))
        fuzzed = Fuzzed(c, tmp_path / "audit.jsonl")
        yield fuzzed
        assert fuzzed.sent > 0 and fuzzed.audited() == fuzzed.sent
    store.close()


def check(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        for err in body.get("errors") or []:
            assert err["extensions"]["code"] in CODES, err
            assert err["extensions"]["code"] != "INTERNAL", err
            assert "Traceback" not in err["message"]


QUERIES = queries(SDL)
BODIES = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                 max_leaves=10).map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"query": st.text(max_size=200) | QUERIES},
        optional={"variables": st.dictionaries(st.sampled_from(["item", "first", "after", "text", "asOf"]) | st.text(),
                                               st.text(max_size=30) | st.integers() | st.none(), max_size=3)
                  | st.lists(st.integers(), max_size=2) | st.text(max_size=5),
                  "operationName": st.none() | st.text(max_size=10) | st.lists(st.text(max_size=3), max_size=2)
                  | st.dictionaries(st.text(max_size=3), st.integers(), max_size=2) | st.integers()},
    ).map(lambda v: json.dumps(v).encode()),  # json.dumps writes a lone surrogate as its \\ud800 escape
)


def _query(fuzzed: Fuzzed, query: str) -> None:
    check(fuzzed.post(json={"query": query}))


def _body(fuzzed: Fuzzed, body: bytes) -> None:
    check(fuzzed.post(content=body, headers={"content-type": "application/json"}))


@FUZZ
@given(query=QUERIES)
def test_generated_queries_never_fail_with_a_500(fuzz_client: Fuzzed, query: str) -> None:
    _query(fuzz_client, query)


@FUZZ
@given(body=BODIES)
def test_malformed_bodies_never_fail_with_a_500(fuzz_client: Fuzzed, body: bytes) -> None:
    _body(fuzz_client, body)


@pytest.mark.slow
@SLOW
@given(query=QUERIES)
def test_many_generated_queries(sqlite_fuzz_client: Fuzzed, query: str) -> None:
    _query(sqlite_fuzz_client, query)


@pytest.mark.slow
@SLOW
@given(body=BODIES)
def test_many_malformed_bodies(sqlite_fuzz_client: Fuzzed, body: bytes) -> None:
    _body(sqlite_fuzz_client, body)
