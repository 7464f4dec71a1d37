"""``GET /export``: the page's export buttons. Authorised and audited like GraphQL; a viewer's file
leaves restricted evidence out; the whole store is for admins only."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from api.audit import read_audit
from tests.api.conftest import Keys

Client = Callable[..., TestClient]
RESTRICTED_QUOTE = b"launcher JAV-7002 was seized from members of the Black Kite group"
pytestmark = pytest.mark.parametrize("store", ["sqlite"], indirect=True)


def test_export_by_role(client_for: Client, keys: Keys, tmp_path: Path) -> None:
    client = client_for()
    viewer = client.get("/export", params={"format": "graphml", "view": "chain", "id": "JAV-7002"},
                        headers=keys.headers("viewer"))
    assert viewer.status_code == 200, viewer.text
    assert viewer.headers["content-type"].startswith("application/graphml+xml")
    assert 'filename="custody-chain-JAV-7002.graphml"' in viewer.headers["content-disposition"]
    graph = nx.read_graphml(io.BytesIO(viewer.content))
    assert "JAV-7002" in {d["label"] for _, d in graph.nodes(data=True)}
    assert RESTRICTED_QUOTE not in viewer.content
    analyst = client.get("/export", params={"view": "chain", "id": "JAV-7002"}, headers=keys.headers("analyst"))
    assert RESTRICTED_QUOTE in analyst.content
    [v, a] = list(read_audit(tmp_path / "audit.jsonl"))
    assert (v["operation"], v["role"], v["errors"]) == ("export", "viewer", [])
    assert v["variables"] == {"format": "graphml", "view": "chain", "id": "JAV-7002"}
    assert v["result_bytes"] == len(viewer.content) and a["role"] == "analyst"


@pytest.mark.parametrize("fmt", ["gexf", "csv", "cypher", "ftm"])
def test_every_format_and_view(client_for: Client, keys: Keys, fmt: str) -> None:
    if fmt == "ftm":
        pytest.importorskip("followthemoney")
    client = client_for()
    for params in ({"view": "neighbourhood", "id": "Ivan Petrenko", "hops": "2"},
                   {"view": "reach", "id": "JAV-7001", "maxHops": "2", "from": "2023"},
                   {"view": "alerts", "asOf": "2024-06-30", "kind": "break"}):
        r = client.get("/export", params={"format": fmt, **params}, headers=keys.headers("viewer"))
        assert r.status_code == 200, (params, r.text)
        assert len(r.content) > 100


def test_refusals(client_for: Client, keys: Keys, tmp_path: Path) -> None:
    client = client_for()
    cases = [
        ({"view": "chain", "id": "JAV-7002"}, {}, 401, "UNAUTHENTICATED"),
        ({"view": "store"}, keys.headers("analyst"), 403, "FORBIDDEN"),
        ({"format": "pdf", "id": "JAV-7002"}, keys.headers("viewer"), 400, "INVALID_INPUT"),
        ({"view": "everything"}, keys.headers("viewer"), 400, "INVALID_INPUT"),
        ({"view": "chain"}, keys.headers("viewer"), 400, "INVALID_INPUT"),
        ({"view": "chain", "id": "NOPE-1"}, keys.headers("viewer"), 404, "NOT_FOUND"),
        ({"view": "neighbourhood", "id": "Ivan Petrenko", "hops": "9"}, keys.headers("viewer"), 413,
         "LIMIT_EXCEEDED"),
        ({"view": "alerts", "kind": "bogus"}, keys.headers("viewer"), 400, "INVALID_INPUT"),
    ]
    for params, headers, status, code in cases:
        r = client.get("/export", params=params, headers=headers)
        assert r.status_code == status, (params, r.text)
        assert r.json()["errors"][0]["extensions"]["code"] == code
    assert [rec["errors"] for rec in read_audit(tmp_path / "audit.jsonl")] == [[c[3]] for c in cases]
    whole = client.get("/export", params={"view": "store", "format": "gexf"}, headers=keys.headers("admin"))
    assert whole.status_code == 200 and nx.read_gexf(io.BytesIO(whole.content)).number_of_nodes() > 20
