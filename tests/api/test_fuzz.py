"""Fuzzing: hypothesis-graphql writes valid queries from the schema (any field, any argument
values) and hypothesis writes malformed bodies; the app must answer each without a 500 and
every GraphQL error must carry a code. Bounded, so it stays fast."""

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
from api.errors import CODES
from api.schema import schema
from graph.store import Store
from tests.api.conftest import Keys, settings_for
from tests.api.world import write_world

SDL = schema.as_str()
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])


@pytest.fixture
def fuzz_client(store: Store, tmp_path: Path, keys: Keys) -> Any:
    write_world(store)
    # a tight timeout: a generated query that asks for a lot must end as LIMIT_EXCEEDED, not hang
    app = create_app(settings_for(tmp_path, query_timeout_s=5.0, audit_log=None), store=store)
    with TestClient(app, raise_server_exceptions=False) as c:
        c.headers.update(keys.headers("analyst"))
        yield c


def check(response: Any) -> None:
    assert response.status_code < 500, response.text[:500]
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        for err in body.get("errors") or []:
            assert err["extensions"]["code"] in CODES, err
            assert err["extensions"]["code"] != "INTERNAL", err
            assert "Traceback" not in err["message"]


@FUZZ
@given(query=queries(SDL))
def test_generated_queries_never_fail_with_a_500(fuzz_client: TestClient, query: str) -> None:
    check(fuzz_client.post("/graphql", json={"query": query}))


@FUZZ
@given(body=st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
                 max_leaves=10).map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"query": st.text(max_size=200), "variables": st.dictionaries(
        st.sampled_from(["item", "first", "after", "text", "asOf"]), st.text(max_size=30) | st.integers(),
        max_size=3)}).map(lambda v: json.dumps(v).encode()),
))
def test_malformed_bodies_never_fail_with_a_500(fuzz_client: TestClient, body: bytes) -> None:
    check(fuzz_client.post("/graphql", content=body, headers={"content-type": "application/json"}))
