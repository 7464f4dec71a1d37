"""The HTTP API through FastAPI's TestClient: keys and roles, restricted evidence, every
limit, uploads, the GraphiQL page with local assets, the ops routes and the audit log."""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth import KeyRing
from graph.errors import CustodyError
from graph.store import Store
from tests.api.conftest import Keys, settings_for
from tests.api.test_mutations import fake_runner

Client = Callable[..., TestClient]
CHAIN = '{ custodyChain(item: "JAV-7002") { segments { holder { name } evidence { quote } evidenceWithheld } } }'


def post(client: TestClient, query: str, variables: dict[str, Any] | None = None,
         headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    r = client.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers or {})
    return r.status_code, r.json()


def code(body: dict[str, Any]) -> str:
    return str(body["errors"][0]["extensions"]["code"])


# -- keys and roles -------------------------------------------------------------------------------

def test_no_key_wrong_key_and_revoked_key_are_unauthenticated(client_for: Client, keys: Keys) -> None:
    client = client_for()
    status, body = post(client, CHAIN)
    assert status == 401 and code(body) == "UNAUTHENTICATED" and "Authorization: Bearer" in body["errors"][0]["message"]
    status, body = post(client, CHAIN, headers={"Authorization": "Bearer cgk_not-a-key"})
    assert status == 401 and code(body) == "UNAUTHENTICATED"
    status, body = post(client, CHAIN, headers={"X-API-Key": keys.tokens["viewer"]})
    assert status == 200 and "errors" not in body
    [viewer] = [k for k in keys.ring.all() if k.role == "viewer"]
    keys.ring.revoke(viewer.id)
    status, body = post(client, CHAIN, headers=keys.headers("viewer"))
    assert status == 401 and "revoked" in body["errors"][0]["message"]


def test_wrong_role_is_forbidden(client_for: Client, keys: Keys) -> None:
    client = client_for()
    merge = 'mutation { mergeEntities(into: "actor:black-kite-group", ids: ["actor:ivan-petrenko"], reason: "x") ' \
            '{ canonical { id } } }'
    for role in ("viewer", "ingester"):
        status, body = post(client, merge, headers=keys.headers(role))
        assert status == 200 and code(body) == "FORBIDDEN" and role in body["errors"][0]["message"]
    ingest = 'mutation { ingestReport(text: "x", meta: {title: "t"}) { ok } }'
    assert code(post(client, ingest, headers=keys.headers("analyst"))[1]) == "FORBIDDEN"


def test_restricted_facts_are_hidden_from_viewers_with_a_count(client_for: Client, keys: Keys) -> None:
    client = client_for()
    query = CHAIN.replace("custodyChain(item: \"JAV-7002\") {", "custodyChain(item: \"JAV-7002\") { evidenceWithheld")

    def chain(role: str) -> dict[str, Any]:
        status, body = post(client, query, headers=keys.headers(role))
        assert status == 200, body
        return dict(body["data"]["custodyChain"])

    viewer, analyst = chain("viewer"), chain("analyst")
    # the seizure only the restricted note tells is not in the viewer's chain, only counted
    assert "Customs Office West" not in [s["holder"]["name"] for s in viewer["segments"] if s["holder"]]
    assert viewer["evidenceWithheld"] == 1
    customs = next(s for s in analyst["segments"] if s["holder"] and s["holder"]["name"] == "Customs Office West")
    assert customs["evidenceWithheld"] == 0 and "Black Kite" in customs["evidence"][0]["quote"]
    assert analyst["evidenceWithheld"] == 0


def test_an_open_server_is_refused_beyond_localhost(world: Store, tmp_path: Path) -> None:
    with pytest.raises(CustodyError, match=r"refusing to serve on 0\.0\.0\.0 without API keys"):
        create_app(settings_for(tmp_path, host="0.0.0.0"), store=world)
    KeyRing(tmp_path / "keys.json").create("admin")
    create_app(settings_for(tmp_path, host="0.0.0.0"), store=world)  # with a key it starts


def test_open_on_localhost_without_keys(client_for: Client, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="custody.api"):
        client = client_for()
    assert any("no API keys" in r.message for r in caplog.records)
    status, body = post(client, CHAIN)
    assert status == 200 and body["data"]["custodyChain"]["segments"]


# -- limits -------------------------------------------------------------------------------------------

def test_query_depth_limit(client_for: Client) -> None:
    deep = '{ item(serial: "JAV-7001") { shipments { items { shipments { items { system { name } } } } } } }'
    _status, body = post(client_for(max_query_depth=5), deep)
    assert code(body) == "LIMIT_EXCEEDED" and "depth" in body["errors"][0]["message"]
    assert "errors" not in post(client_for(max_query_depth=6, max_query_cost=10**7), deep)[1]  # depth alone


def test_token_limit(client_for: Client) -> None:
    q = "{ " + " ".join(f'a{i}: item(serial: "JAV-7001") {{ id }}' for i in range(10)) + " }"
    _status, body = post(client_for(max_tokens=40, max_aliases=100), q)
    assert code(body) == "LIMIT_EXCEEDED" and "tokens" in body["errors"][0]["message"]


def test_alias_limit(client_for: Client) -> None:
    q = "{ " + " ".join(f'a{i}: item(serial: "JAV-7001") {{ id }}' for i in range(4)) + " }"
    _status, body = post(client_for(max_aliases=3), q)
    assert code(body) == "LIMIT_EXCEEDED" and "aliases" in body["errors"][0]["message"]


def test_page_size_and_max_hops_limits(client_for: Client) -> None:
    client = client_for(max_page_size=10, max_hops_cap=2)
    assert code(post(client, "{ items(first: 11) { totalCount } }")[1]) == "LIMIT_EXCEEDED"
    assert "errors" not in post(client, "{ items(first: 10) { totalCount } }")[1]
    body = post(client, '{ whoCouldReach(item: "JAV-7002", maxHops: 3) { maxHops } }')[1]
    assert code(body) == "LIMIT_EXCEEDED" and "between 0 and 2" in body["errors"][0]["message"]


def test_body_size_limit(client_for: Client) -> None:
    client = client_for(max_body_bytes=2000)
    r = client.post("/graphql", json={"query": "{ items { totalCount } }", "variables": {"pad": "x" * 3000}})
    assert r.status_code == 413 and code(r.json()) == "LIMIT_EXCEEDED"

    def chunks() -> Any:  # no Content-Length: the bytes received are counted instead
        yield b'{"query": "{ items { totalCount } }", "variables": {"pad": "'
        yield b"x" * 3000
        yield b'"}}'

    r = client.post("/graphql", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413 and code(r.json()) == "LIMIT_EXCEEDED"


class SlowStore:
    """Every read takes ``delay`` seconds: a question that would run too long."""

    def __init__(self, base: Store, delay: float) -> None:
        self._base, self.delay, self.model = base, delay, base.model

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._base, name)
        if not callable(attr):
            return attr

        def slow(*args: Any, **kwargs: Any) -> Any:
            time.sleep(self.delay)
            return attr(*args, **kwargs)

        return slow


def test_query_timeout(client_for: Client, world: Store) -> None:
    client = client_for(store=SlowStore(world, 0.3), query_timeout_s=0.5)
    started = time.monotonic()
    _status, body = post(client, CHAIN)
    assert code(body) == "LIMIT_EXCEEDED" and "0.5 s limit" in body["errors"][0]["message"]
    assert time.monotonic() - started < 2.0


# -- uploads -----------------------------------------------------------------------------------------

UPLOAD = "mutation($f: Upload!, $s: String!) { ingestFile(file: $f, sensitivity: $s) { ok exitCode rowsRejected " \
         "files { name status rowsRejected } } }"


def upload(client: TestClient, name: str, data: bytes, headers: dict[str, str] | None = None,
           sensitivity: str = "public") -> tuple[int, dict[str, Any]]:
    ops = {"query": UPLOAD, "variables": {"f": None, "s": sensitivity}}
    r = client.post("/graphql", data={"operations": json.dumps(ops), "map": json.dumps({"0": ["variables.f"]})},
                    files={"0": (name, data, "text/csv")}, headers=headers or {})
    return r.status_code, r.json()


RELATIONS = (b"subject,subject_kind,relation,object,object_kind,valid_from,valid_to,note\n"
             b"9th Test Brigade,MilitaryUnit,SUBORDINATE_TO,Test Corps Delta,MilitaryUnit,2023-01-01,,\n"
             b"Lost Unit,MilitaryUnit,SUBORDINATE_TO,Test Corps Delta,MilitaryUnit,not a date,,\n")


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    monkeypatch.setitem(sys.modules, "ingest.runner", fake_runner(calls))
    return calls


def test_upload_ingests_a_table_with_the_real_runner(client_for: Client, keys: Keys, world: Store) -> None:
    pytest.importorskip("ingest.runner")
    status, body = upload(client_for(), "relations_2023.csv", RELATIONS, keys.headers("ingester"),
                          sensitivity="restricted")
    assert status == 200, body
    res = body["data"]["ingestFile"]
    assert res == {"ok": False, "exitCode": 1, "rowsRejected": 1,
                   "files": [{"name": "relations_2023.csv", "status": "ingested", "rowsRejected": 1}]}
    [unit] = world.lookup("9th Test Brigade")
    [rel] = world.relations([unit.id], types=["SUBORDINATE_TO"])
    [ev] = world.evidence([rel.id])[rel.id]
    doc = world.nodes([ev.document_id])[ev.document_id]
    assert doc.name == "relations_2023.csv" and doc.props["sensitivity"] == "restricted"


def test_upload_hands_the_runner_a_file_under_its_own_name(client_for: Client, keys: Keys,
                                                           runner: list[dict[str, Any]]) -> None:
    status, body = upload(client_for(), "seized_2024.csv", b"M4-88001\nM4-88002\nnot a serial\n",
                          keys.headers("ingester"))
    assert status == 200 and body["data"]["ingestFile"]["rowsRejected"] == 1
    assert runner[0]["names"] == ["seized_2024.csv"] and runner[0]["exists"] == [True]


def test_a_form_post_without_a_custom_header_is_refused(client_for: Client, runner: list[dict[str, Any]]) -> None:
    client = client_for()  # open server: no keys, so no key header either
    status, body = upload(client, "a.csv", b"M4-1\n")
    assert status == 401 and "Apollo-Require-Preflight" in body["errors"][0]["message"] and not runner
    status, body = upload(client, "a.csv", b"M4-1\n", {"Apollo-Require-Preflight": "true"})
    assert status == 200 and runner


def test_upload_errors(client_for: Client, keys: Keys, runner: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
                       ) -> None:
    client = client_for(max_upload_bytes=1000)
    h = keys.headers("ingester")
    status, body = upload(client, "big.csv", b"M4-1\n" * 40_000, h)  # refused before it is read
    assert status == 413 and code(body) == "LIMIT_EXCEEDED"
    status, body = upload(client, "big.csv", b"M4-1\n" * 400, h)  # within the multipart slack: counted on save
    assert code(body) == "LIMIT_EXCEEDED" and "1,000 byte limit" in body["errors"][0]["message"]
    assert code(upload(client, "empty.csv", b"", h)[1]) == "INVALID_INPUT"
    assert code(upload(client, "noextension", b"M4-1\n", h)[1]) == "INVALID_INPUT"
    assert code(upload(client, "a.csv", b"M4-1\n", h, sensitivity="secret")[1]) == "INVALID_INPUT"
    assert code(upload(client, "a.csv", b"M4-1\n", keys.headers("viewer"))[1]) == "FORBIDDEN"
    status, body = upload(client, "../../etc/passwd.csv", b"M4-1\n", h)
    assert status == 200 and runner[-1]["names"] == ["passwd.csv"]
    # a multipart request whose map names a file that is not there
    r = client.post("/graphql", headers=h, data={"operations": json.dumps({"query": UPLOAD, "variables": {
        "f": None, "s": "public"}}), "map": json.dumps({"0": ["variables.f"]})}, files={"1": ("a.csv", b"x")})
    assert r.status_code == 400
    monkeypatch.setitem(sys.modules, "ingest.runner", None)
    body = upload(client, "a.csv", b"M4-1\n", h)[1]
    assert code(body) == "INVALID_INPUT" and body["errors"][0]["message"] == "file ingestion is not available"


# -- pages and ops routes --------------------------------------------------------------------------------

def test_graphiql_page_and_its_assets_are_served_locally(client_for: Client) -> None:
    from api.graphiql import ASSETS, asset_path

    client = client_for()
    r = client.get("/graphql", headers={"Accept": "text/html"})
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    page = r.text
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", page), "no URL but our own may appear"
    srcs = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sorted(srcs) == sorted(f"/assets/graphiql/{name}" for name in ASSETS)
    if any(asset_path(n) is None for n in ASSETS):
        pytest.skip("GraphiQL's npm packages are not installed (make web-assets)")
    for src in srcs:
        asset = client.get(src)
        assert asset.status_code == 200 and len(asset.content) > 10_000, src
    assert client.get("/assets/graphiql/package.json").status_code == 404
    for name in ("index.html", "/"):
        assert "cdn" not in client.get(name if name == "/" else "/").text.lower()


def test_health_ready_and_openapi(client_for: Client) -> None:
    client = client_for()
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "ready"}
    spec = client.get("/openapi.json").json()
    assert set(spec["paths"]) == {"/health", "/ready", "/export"}
    assert client.get("/docs").status_code == 404  # FastAPI's docs page would load a CDN


def test_ready_says_when_the_store_is_gone(client_for: Client, world: Store) -> None:
    class Broken(SlowStore):
        def nodes(self, ids: Any) -> Any:
            from graph.errors import StoreUnavailable

            raise StoreUnavailable("the store is down")

    r = client_for(store=Broken(world, 0)).get("/ready")
    assert r.status_code == 503 and r.json()["status"] == "unavailable"


def test_bad_requests_are_4xx_not_500(client_for: Client) -> None:
    client = client_for()
    assert client.post("/graphql", content=b"{not json", headers={"content-type": "application/json"}
                       ).status_code == 400
    assert client.post("/graphql", content=b"query", headers={"content-type": "text/plain"}).status_code == 400
    # found by the fuzzer: NUL bytes made json.loads guess UTF-32 and fail outside strawberry's catch
    # and strawberry read `null` or `42` as a request object
    for raw in (b"\x00\x00\x00\x00\x00", b"[" * 100_000, b"null", b"42", b'"q"', b"[1]"):
        assert client.post("/graphql", content=raw, headers={"content-type": "application/json"}).status_code == 400
    _status, body = post(client, "{ nosuchfield }")
    assert code(body) == "INVALID_INPUT"
    _status, body = post(client, '{ item(serial: 42) { id } }')
    assert code(body) == "INVALID_INPUT"


def test_the_audit_log_records_who_asked_what(client_for: Client, keys: Keys, tmp_path: Path) -> None:
    from api.audit import read_audit

    client = client_for()
    post(client, "query Chain($s: String!) { custodyChain(item: $s) { item { id } } }", {"s": "JAV-7002"},
         headers=keys.headers("viewer"))
    post(client, CHAIN)  # no key
    [ok_rec, refused] = list(read_audit(tmp_path / "audit.jsonl"))
    assert ok_rec["key_name"] == "viewer-tester" and ok_rec["role"] == "viewer" and ok_rec["operation"] == "Chain"
    assert ok_rec["variables"] == {"s": "JAV-7002"} and ok_rec["result_bytes"] > 10 and ok_rec["errors"] == []
    assert ok_rec["operation_type"] == "query" and ok_rec["key_id"].startswith("key-")
    assert refused["key_id"] == "-" and refused["errors"] == ["UNAUTHENTICATED"]
