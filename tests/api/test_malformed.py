"""Malformed requests: each answers 4xx in the GraphQL error shape, before and after
authentication, and each leaves exactly one audit record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from api.audit import read_audit
from tests.api.conftest import Keys

Client = Callable[..., TestClient]
Q = '"query": "{ items { totalCount } }"'

MALFORMED = [
    b'{"query": "{ item(serial: \\"\\ud800\\") { id } }"}',
    b'{' + Q.encode() + b', "variables": {"x": "\\ud800"}}',
    b'{' + Q.encode() + b', "variables": {"\\udfff": 1}}',
    b'{' + Q.encode() + b', "operationName": "\\ud800"}',
    b'{' + Q.encode() + b', "operationName": ["a"]}',
    b'{' + Q.encode() + b', "operationName": {"a": 1}}',
    b'{' + Q.encode() + b', "operationName": 5}',
    b'{"query": ["x"]}',
    b'{' + Q.encode() + b', "variables": [1]}',
    b'[]',
    b'{}',
    b'not json',
    b'\xff\xfe\x00',
    b'{"query": "{ items { totalCount "}',
    b'{"query": "{ nothingHere }"}',
]


def _shape(body: dict[str, object]) -> str:
    assert body["data"] is None
    errors = body["errors"]
    assert isinstance(errors, list) and errors
    return str(errors[0]["extensions"]["code"])


# One world per store for all the bodies (building it per body made these tests minutes long);
# each body is still its own request, checked on its own, with its own audit record.

def test_malformed_requests_answer_400_in_the_graphql_shape(client_for: Client, keys: Keys, tmp_path: Path) -> None:
    client = client_for()
    for n, body in enumerate(MALFORMED, 1):
        r = client.post("/graphql", content=body,
                        headers={"content-type": "application/json", **keys.headers("viewer")})
        assert r.status_code == 400, (body, r.text)
        assert _shape(r.json()) in ("INVALID_INPUT", "LIMIT_EXCEEDED"), body
        records = list(read_audit(tmp_path / "audit.jsonl"))
        assert len(records) == n, body
        assert records[-1]["key_name"] == "viewer-tester" and records[-1]["errors"], body


def test_before_authentication_a_malformed_request_is_401(client_for: Client, keys: Keys, tmp_path: Path) -> None:
    client = client_for()
    for n, body in enumerate(MALFORMED, 1):
        r = client.post("/graphql", content=body, headers={"content-type": "application/json",
                                                           "Authorization": "Bearer cgk_not-a-key"})
        assert r.status_code == 401, (body, r.text)
        assert _shape(r.json()) == "UNAUTHENTICATED", body
        records = list(read_audit(tmp_path / "audit.jsonl"))
        assert len(records) == n, body
        assert records[-1]["key_id"] == "-" and records[-1]["errors"] == ["UNAUTHENTICATED"], body


def test_a_lone_surrogate_is_written_to_the_audit_log_as_its_escape(client_for: Client, tmp_path: Path) -> None:
    from api.audit import AuditLog

    log = AuditLog(tmp_path / "a.jsonl")
    log.record(key_id="k", key_name="n", role="viewer", operation="\ud800", operation_type=None,
               query="{ item(serial: \"\ud800\") { id } }", variables={"x": "\udfff"}, duration_ms=1.0,
               result_bytes=0, errors=[], client=None)
    [record] = list(read_audit(tmp_path / "a.jsonl"))
    assert record["operation"] == "\ud800" and record["variables"] == {"x": "\udfff"}


def test_other_refusals_are_graphql_shaped_and_audited(client_for: Client, keys: Keys, tmp_path: Path) -> None:
    client = client_for(max_body_bytes=500)
    h = keys.headers("viewer")
    answers = [
        client.post("/graphql", content=b"x", headers={"content-type": "text/plain", **h}),
        client.post("/graphql", json={"query": "{ items { totalCount } }", "variables": {"pad": "x" * 600}},
                    headers=h),
        client.post("/graphql", json={"query": "{ items { totalCount } }"}, headers=h),
        client.get("/graphql", params={"query": "{ items { totalCount } }"}, headers=h),
    ]
    assert [r.status_code for r in answers] == [400, 413, 200, 200]
    assert _shape(answers[0].json()) == "INVALID_INPUT" and _shape(answers[1].json()) == "LIMIT_EXCEEDED"
    client.get("/health")
    client.get("/graphql", headers={"accept": "text/html"})  # the GraphiQL page is not an operation
    records = list(read_audit(tmp_path / "audit.jsonl"))
    assert [r["errors"] for r in records] == [["INVALID_INPUT"], ["LIMIT_EXCEEDED"], [], []]
    assert all(r["key_name"] == "viewer-tester" for r in records)
