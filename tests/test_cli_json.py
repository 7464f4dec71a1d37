"""The CLI as a contract: ``--json`` answers are the GraphQL API's answers (compared with the
same questions asked over HTTP), ``--jsonl`` streams the same results, errors are JSON on
stderr with the documented exit codes, relations read in their own direction, and piped
output is not cut at 80 columns."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.cli import app
from graph.model import Model
from graph.sqlite_store import SqliteStore
from ingest.runner import ingest_paths
from queries.alerts import ALERT_KINDS
from tests.api.conftest import settings_for
from tests.conftest import REPO

EXAMPLES = REPO / "examples" / "manifests"
runner = CliRunner()
SENTENCE = "Mykola Fedorenko member of 1st Battalion, 31st Coastal Brigade"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, model: Model) -> str:
    """The bundled fictional example manifests (no NLP needed)."""
    path = tmp_path_factory.mktemp("cli-json") / "examples.db"
    store = SqliteStore(path, model)
    assert ingest_paths(store, [EXAMPLES]).exit_code == 0
    store.close()
    return str(path)


@pytest.fixture
def http(db: str, tmp_path: Path, model: Model) -> Iterator[TestClient]:
    """The GraphQL API over the same store, as a client reaches it."""
    store = SqliteStore(db, model)
    with TestClient(create_app(settings_for(tmp_path), store=store)) as client:
        yield client
    store.close()


def cli(db: str, *args: str) -> Any:
    result = runner.invoke(app, [*args, "--store", db])
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return result.stdout


def contains(full: Any, part: Any, path: str = "$") -> None:
    """``part`` (a client's answer to a narrower query) is ``full`` with fields left out."""
    if isinstance(part, dict):
        assert isinstance(full, dict), path
        for key, value in part.items():
            assert key in full, f"{path}.{key} missing"
            contains(full[key], value, f"{path}.{key}")
    elif isinstance(part, list):
        assert isinstance(full, list) and len(full) == len(part), f"{path}: {full!r} vs {part!r}"
        for i, (f, p) in enumerate(zip(full, part, strict=True)):
            contains(f, p, f"{path}[{i}]")
    else:
        assert full == part, f"{path}: {full!r} != {part!r}"


QUESTIONS = [
    (["chain", "NLAW-7003", "--as-of", "2024-06-30"],
     """{ custodyChain(item: "NLAW-7003", asOf: "2024-06-30") { asOf item { id name serial } holders { id name kind }
          segments { index start end inferred holder { name } location { name }
                     events { id type date evidence { quote locator document { title kind } } } }
          anomalies { kind message segments holder { name } actors { id } } } }"""),
    (["reach", "NLAW-7003", "--max-hops", "2", "--as-of", "2024-06-30", "--first", "100"],
     """{ whoCouldReach(item: "NLAW-7003", maxHops: 2, asOf: "2024-06-30", first: 100) { maxHops window { start end }
          results { actorId hops confidence actor { name kind }
                    paths { hops confidence interval { start end }
                            steps { kind direction sourceId targetId source { name } target { name } fact
                                    validity { start end } evidence { quote } } } } } }"""),
    (["reachable", "Mykola Fedorenko", "--max-hops", "2", "--as-of", "2024-06-30", "--first", "100"],
     """{ reachableItems(actor: "Mykola Fedorenko", maxHops: 2, asOf: "2024-06-30", first: 100) { actor { id name }
          results { item { serial } hops confidence path { steps { kind direction sourceId targetId } } } } }"""),
    (["paths", "Mykola Fedorenko", "NLAW-7003"],
     """{ paths(from: "Mykola Fedorenko", to: "NLAW-7003", maxHops: 4, first: 10) { maxHops truncated
          source { name } paths { hops nodeIds edges { label direction sourceId targetId fact } } } }"""),
    (["alerts", "--as-of", "2024-06-30", "--first", "100"],
     """{ alerts(asOf: "2024-06-30", first: 100) { totalCount
          nodes { id kind message itemId item { name } shipment { ref } actors { name } facts details
                  evidence { quote } } } }"""),
    (["search", "NLAW-700?"],
     """{ search(text: "NLAW-700?") { score how matched entity { id name label kind } } }"""),
]


@pytest.mark.parametrize(("args", "query"), QUESTIONS, ids=[q[0][0] for q in QUESTIONS])
def test_json_is_the_graphql_answer(db: str, http: TestClient, args: list[str], query: str) -> None:
    response = http.post("/graphql", json={"query": query})
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    (answer,) = body["data"].values()
    assert answer, "the question must have an answer to compare"
    contains(json.loads(cli(db, *args, "--json")), answer)


@pytest.mark.parametrize(("args", "field"), [(["alerts", "--as-of", "2024-06-30"], "nodes"),
                                             (["reachable", "Mykola Fedorenko"], "results"),
                                             (["search", "NLAW"], None)])
def test_jsonl_is_one_result_a_line(db: str, args: list[str], field: str | None) -> None:
    whole = json.loads(cli(db, *args, "--json"))
    lines = [json.loads(x) for x in cli(db, *args, "--jsonl").splitlines()]
    assert lines and lines == (whole[field] if field else whole)


def test_reach_reads_each_relation_in_its_own_direction(db: str, http: TestClient) -> None:
    # the path goes item -> battalion (holder) -> its member; the membership still reads member first
    assert SENTENCE in cli(db, "reach", "NLAW-7003", "--as-of", "2024-06-30")
    assert "1st Battalion, 31st Coastal Brigade member of Mykola Fedorenko" not in cli(db, "reach", "NLAW-7003")
    query = """{ whoCouldReach(item: "NLAW-7003", maxHops: 1, asOf: "2024-06-30") {
                 results { actor { name } paths { steps { kind direction source { name } target { name } } } } } }"""
    results = http.post("/graphql", json={"query": query}).json()["data"]["whoCouldReach"]["results"]
    (mykola,) = [r for r in results if r["actor"]["name"] == "Mykola Fedorenko"]
    holder, member = mykola["paths"][0]["steps"]
    assert (holder["kind"], holder["source"]["name"], holder["direction"]) == ("HOLDER", "NLAW-7003", "FORWARD")
    assert (member["source"]["name"], member["kind"], member["target"]["name"], member["direction"]) == (
        "Mykola Fedorenko", "MEMBER_OF", "1st Battalion, 31st Coastal Brigade", "BACKWARD")
    # a subunit is subordinate to its brigade whichever way a path went
    answer = json.loads(cli(db, "reach", "NLAW-7003", "--as-of", "2024-06-30", "--max-hops", "3", "--json"))
    battalion, brigade = "1st Battalion, 31st Coastal Brigade", "31st Coastal Brigade"
    steps = [st for r in answer["results"] for p in r["paths"] for st in p["steps"] if st["kind"] == "SUBORDINATE_TO"]
    walked = {(st["source"]["name"], st["target"]["name"], st["direction"]) for st in steps
              if {st["source"]["name"], st["target"]["name"]} == {battalion, brigade}}
    assert walked == {(battalion, brigade, "FORWARD"), (battalion, brigade, "BACKWARD")}


def _error(result: Any) -> dict[str, Any]:
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    return dict(json.loads(line)["error"])


def test_errors_are_json_on_stderr_with_the_exit_code(db: str, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["chain", "NLAW-7030", "--json", "--store", db])
    assert missing.exit_code == 2
    err = _error(missing)
    assert err["code"] == "NOT_FOUND" and "NLAW-7003" in err["suggestions"]

    kind = runner.invoke(app, ["alerts", "--kind", "bogus", "--json", "--store", db])
    assert kind.exit_code == 2
    err = _error(kind)
    assert err["code"] == "USAGE" and all(k in err["message"] for k in ALERT_KINDS)

    option = runner.invoke(app, ["alerts", "--bogus", "--json", "--store", db])
    assert option.exit_code == 2
    err = _error(option)
    assert err["code"] == "USAGE" and "--as-of" in err["message"] and "--kind" in err["message"]

    hops = runner.invoke(app, ["reach", "NLAW-7003", "--max-hops", "9", "--json", "--store", db])
    assert hops.exit_code == 2 and _error(hops)["code"] == "LIMIT_EXCEEDED"


@pytest.mark.parametrize("args", [["stats"], ["chain", "NLAW-7003"], ["reach", "NLAW-7003"],
                                  ["reachable", "Mykola Fedorenko"], ["paths", "a", "b"], ["alerts"],
                                  ["search", "NLAW"]])
def test_read_commands_refuse_a_store_that_does_not_exist(tmp_path: Path, args: list[str]) -> None:
    typo = tmp_path / "custdy.db"
    text = runner.invoke(app, [*args, "--store", str(typo)])
    assert text.exit_code == 2 and f"no store at {typo}" in " ".join(text.stderr.split())
    as_json = runner.invoke(app, [*args, "--store", str(typo), "--json"])
    assert as_json.exit_code == 2 and _error(as_json)["code"] == "NO_STORE"
    assert not typo.exists()


def test_stats_json(db: str) -> None:
    out = json.loads(cli(db, "stats", "--json"))
    assert out["store"] and out["counts"]["Actor:Person"] >= 1


def test_piped_ingest_summary_keeps_whole_paths(tmp_path: Path) -> None:
    deep = tmp_path / ("a-folder-with-a-long-name-" * 4) / "relations_of_the_northern_units_2023.csv"
    deep.parent.mkdir(parents=True)
    deep.write_text((EXAMPLES / "relations.csv").read_text())
    proc = subprocess.run([sys.executable, "-m", "api", "ingest", str(deep), "--store", str(tmp_path / "s.db"),
                           "--errors", str(tmp_path / "errors.jsonl")], capture_output=True, text=True,
                          timeout=300, cwd=REPO, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert len(str(deep)) > 120 and str(deep) in proc.stdout
