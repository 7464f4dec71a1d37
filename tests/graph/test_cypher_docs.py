"""Every Cypher question in docs/cypher.md runs against the real test Neo4j loaded with the
fictional northern-corridor scenario, returns rows, and a few give exactly what the
scenario's expected.json says."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from graph.model import load_model
from graph.neo4j_store import Neo4jStore
from ingest.report_ingest import ReportIngester
from ingest.runner import ingest_paths
from tests.conftest import REPO, SCENARIO
from tests.neo4j_server import Neo4jServer

DOC = REPO / "docs" / "cypher.md"
_QUESTION = re.compile(r"^### (\d+)\. (.+?)\n(.*?)```cypher\n(.*?)```", re.S | re.M)


def questions(text: str) -> dict[int, tuple[str, str]]:
    """{number: (title, cypher)} for every ``### N. title`` section with a cypher block."""
    return {int(m.group(1)): (m.group(2), m.group(4)) for m in _QUESTION.finditer(text)}


QUESTIONS = questions(DOC.read_text(encoding="utf-8"))


def test_the_page_has_at_least_ten_questions_each_with_its_query_and_a_sentence() -> None:
    assert len(QUESTIONS) >= 10
    # every cypher block on the page belongs to a numbered question
    assert DOC.read_text(encoding="utf-8").count("```cypher") == len(QUESTIONS)
    for number, match in ((int(m.group(1)), m) for m in _QUESTION.finditer(DOC.read_text(encoding="utf-8"))):
        assert match.group(3).strip(), f"question {number} has no sentence saying what it answers"


@pytest.fixture(scope="module")
def loaded(neo4j_server: Neo4jServer) -> Iterator[Neo4jServer]:
    if not SCENARIO.is_dir():
        pytest.skip(f"the shared scenario is not at {SCENARIO}")
    if not neo4j_server.running:
        neo4j_server.start()
    neo4j_server.clear()
    store = Neo4jStore.connect(neo4j_server.uri, load_model(), auth=(neo4j_server.user, neo4j_server.password))
    try:
        summary = ingest_paths(store, [SCENARIO / "manifests", SCENARIO / "reports"],
                               report_ingester=ReportIngester(store))
        assert summary.exit_code == 0, [r.message for r in summary.results if r.message]
    finally:
        store.close()
    yield neo4j_server


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return json.loads((SCENARIO / "expected.json").read_text(encoding="utf-8"))


def run(server: Neo4jServer, number: int) -> list[dict[str, Any]]:
    with server.driver() as driver:
        records, _, _ = driver.execute_query(QUESTIONS[number][1])
    return [r.data() for r in records]


@pytest.mark.neo4j
@pytest.mark.parametrize("number", sorted(QUESTIONS))
def test_every_question_returns_rows(loaded: Neo4jServer, number: int) -> None:
    assert run(loaded, number), f"question {number} ({QUESTIONS[number][0]}) returned nothing"


def _holders(rows: list[dict[str, Any]]) -> list[str]:
    """The parties read down the from and to columns, repeats in a row removed."""
    out: list[str] = []
    for row in rows:
        for name in (row["from"], row["to"]):
            if name is not None and (not out or out[-1] != name):
                out.append(name)
    return out


@pytest.mark.neo4j
def test_the_answers_are_the_scenarios(loaded: Neo4jServer, expected: dict[str, Any]) -> None:
    # 1: the holders of JAV-0042 in order
    assert _holders(run(loaded, 1)) == expected["custody_chain"]["JAV-0042"]["holders_in_order"]

    # 2: last seen with an armed group: the unauthorised holder alert of STG-1003
    alerts = expected["alerts"]["required"]
    last_seen = {(r["item"], r["armed_group"]) for r in run(loaded, 2)}
    assert {(a["item"], a["holder"]) for a in alerts
            if a["kind"] == "unauthorised_holder" and a["item"] == "STG-1003"} <= last_seen

    # 3: present at a place while JAV-0042 was there: the one-hop actors who reach it through
    # a place, and none of those whose presence ended before or began after
    present = {r["actor"] for r in run(loaded, 3)}
    assert {"Border Guard Detachment 9", "Quartermaster Section K"} <= present
    assert not present & set(expected["who_could_reach"]["JAV-0042"]["forbidden"])

    # 7: a serial in a seizure report matching a manifest item
    matches = {(r["item"], r["report"]) for r in run(loaded, 7)}
    assert {(a["item"], a["report"]) for a in alerts if a["kind"] == "serial_match"} <= matches

    # 10: shipped against received
    counts = {(r["shipment"], r["system"]): (r["shipped"], r["received"]) for r in run(loaded, 10)}
    for a in (a for a in alerts if a["kind"] == "quantity_mismatch"):
        assert counts[(a["shipment"], a["system"])] == (a["shipped"], a["received"])

    # 11: on the manifest, not on the receipt
    assert [(r["shipment"], r["item"]) for r in run(loaded, 11)] == [("SHP-1001", "JAV-0049")]

    # 12: overdue monitored items
    overdue = {r["item"] for r in run(loaded, 12)}
    assert {a["item"] for a in alerts if a["kind"] == "overdue"} <= overdue
    assert not overdue & {a["item"] for a in expected["alerts"]["forbidden"] if a["kind"] == "overdue"}


def test_the_page_parser_finds_numbered_questions() -> None:
    text = "### 1. One\n\nSays one.\n\n```cypher\nRETURN 1\n```\n\n### 2. Two\n\n```cypher\nRETURN 2\n```\n"
    assert questions(text) == {1: ("One", "RETURN 1\n"), 2: ("Two", "RETURN 2\n")}
