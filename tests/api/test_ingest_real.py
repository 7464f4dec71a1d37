"""The ingestion mutations with the real ingesters (spaCy pipeline included): a pasted report
and an uploaded report file both add their custody facts, with evidence, to the chain."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from api.auth import Principal
from tests.api.conftest import Keys, Run, ok
from tests.api.test_http import upload

pytest.importorskip("ingest.report_ingest")
pytestmark = pytest.mark.slow

INGESTER = Principal("key-in", "ingo", "ingester")
HOLDERS = 'query($s: String!) { custodyChain(item: $s, asOf: "2024-06-30") { holders { name } ' \
          'segments { evidence { document { title sensitivity } } } } }'


def test_ingest_report_adds_its_facts_to_the_chain(gql: Run) -> None:
    text = ("Customs bulletin, 12 March 2024. Customs Office West seized an FGM-148 Javelin launcher, serial "
            "JAV-7004, from members of the Black Kite group in Town W.")
    res = ok(gql('mutation($t: String!) { ingestReport(text: $t, meta: {title: "customs_bulletin.txt", '
                 'published: "2024-03"}) { ok exitCode files { name status } } }', {"t": text},
                 principal=INGESTER))["ingestReport"]
    assert res == {"ok": True, "exitCode": 0, "files": [{"name": "customs_bulletin.txt", "status": "ingested"}]}
    chain = ok(gql(HOLDERS, {"s": "JAV-7004"}))["custodyChain"]
    assert [h["name"] for h in chain["holders"]][-2:] == ["Black Kite group", "Customs Office West"]
    assert chain["segments"][-1]["evidence"][0]["document"]["title"] == "customs_bulletin.txt"


def test_ingest_file_reads_an_uploaded_report(client_for: Callable[..., TestClient], keys: Keys, gql: Run) -> None:
    report = (b"Police note, 3 May 2024. Border Police Post 2 seized an FGM-148 Javelin launcher, serial JAV-7003, "
              b"from members of the Black Kite group in Town W.\n")
    status, body = upload(client_for(), "police_note_2024-05.txt", report, keys.headers("ingester"),
                          sensitivity="restricted")
    assert status == 200, body
    assert body["data"]["ingestFile"]["files"] == [{"name": "police_note_2024-05.txt", "status": "ingested",
                                                    "rowsRejected": 0}]
    chain = ok(gql(HOLDERS, {"s": "JAV-7003"}))["custodyChain"]
    assert [h["name"] for h in chain["holders"]][-1] == "Border Police Post 2"
    assert chain["segments"][-1]["evidence"][0]["document"]["sensitivity"] == "restricted"


def test_an_uploaded_report_over_the_report_limit_fails_by_name_and_writes_nothing(
        client_for: Callable[..., TestClient], keys: Keys, gql: Run) -> None:
    report = b"Police note, 3 May 2024. Border Police Post 2 seized launcher JAV-7009 from the Black Kite group. " * 20
    client = client_for(report_max_bytes=1_000)  # CUSTODY_REPORT_MAX_BYTES; uploads themselves allow far more
    query = "mutation($f: Upload!) { ingestFile(file: $f) { ok files { name status } details } }"
    r = client.post("/graphql", data={"operations": json.dumps({"query": query, "variables": {"f": None}}),
                                      "map": json.dumps({"0": ["variables.f"]})},
                    files={"0": ("long_note.txt", report, "text/plain")}, headers=keys.headers("ingester"))
    assert r.status_code == 200, r.text
    res = r.json()["data"]["ingestFile"]
    assert not res["ok"] and res["files"] == [{"name": "long_note.txt", "status": "failed"}]
    message = res["details"]["results"][0]["message"]
    assert message.startswith("long_note.txt: its text is ") and "over the 1,000 bytes limit for reports" in message
    assert gql('{ custodyChain(item: "JAV-7009") { holders { name } } }')["errors"]
