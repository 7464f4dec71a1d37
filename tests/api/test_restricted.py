"""What a viewer can and cannot learn from a restricted report, on every store.

The world (tests/api/world.py) plus a fictional field note ingested with ``custody ingest
--restricted``: it alone names a new holder of JAV-7001 (Arvid Lusk), a company he sold a
launcher to, and two places. A viewer must find none of it (by id, name, search, suggestion,
chain, reach, paths, alerts), nor the note's title, sha256 or path; "restricted" and "not there"
must be one answer. An analyst sees all of it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api.auth import Principal
from api.restricted import is_public
from graph.store import Store
from tests.api.conftest import Run, codes, ok
from tests.api.world import write_world

REPO = Path(__file__).resolve().parents[2]
VIEWER = Principal("key-v", "vic", "viewer")
ANALYST = Principal("key-a", "ana", "analyst")
NOTE = """Field note, 14 May 2024

On 12 May 2024 a source reported that Colonel Arvid Lusk received launcher JAV-7001 from Ivan Petrenko at
Depot Zeta. Arvid Lusk later sold the launcher to Orlen Trading Ltd in Town Q.
"""
SECRET_NAMES = ("Arvid Lusk", "Orlen Trading", "Depot Zeta", "Town Q")


def _ingest_restricted(store: Store, request: pytest.FixtureRequest, path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    target = store.uri
    if "://" in target:
        server = request.getfixturevalue("neo4j_clean")
        target = server.uri
        env.update(CUSTODY_NEO4J_USER=server.user, CUSTODY_NEO4J_PASSWORD=server.password)
    r = subprocess.run([sys.executable, "-c", "from api.cli import main; main()", "ingest", "--restricted",
                        "--store", target, "--errors", str(path.parent / "errors.jsonl"), str(path)],
                       cwd=path.parent, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]


@pytest.fixture
def noted(store: Store, request: pytest.FixtureRequest, tmp_path: Path) -> Store:
    write_world(store)
    folder = tmp_path / "cases" / "secret-folder"
    folder.mkdir(parents=True)
    (folder / "field_note_lusk.txt").write_text(NOTE, encoding="utf-8")
    _ingest_restricted(store, request, folder / "field_note_lusk.txt")
    return store


@pytest.fixture
def note(noted: Store) -> Any:
    [doc] = [d for d in noted.iter_nodes("Document") if d.props.get("title") == "field_note_lusk.txt"]
    assert not is_public(doc)
    return doc


def _secrets(note: Any) -> list[str]:
    return [*SECRET_NAMES, "field_note_lusk.txt", str(note.props["sha256"]), "secret-folder", note.id]


def _assert_nothing_secret(out: dict[str, Any], note: Any) -> None:
    text = json.dumps(out, ensure_ascii=False)
    for secret in _secrets(note):
        assert secret not in text, (secret, text[:500])


def _only_restricted(store: Store, note: Any) -> list[Any]:
    """The nodes the note alone tells (every evidence record from it)."""
    out = []
    for label in ("Actor", "Location", "Item"):
        nodes = list(store.iter_nodes(label))
        evidence = store.evidence([n.id for n in nodes])
        out += [n for n in nodes if evidence.get(n.id) and all(e.document_id == note.id for e in evidence[n.id])]
    return out


QUESTIONS = [
    '{ custodyChain(item: "JAV-7001", asOf: "2024-12-31") { evidenceWithheld holders { name } '
    'segments { holder { name } location { name } evidence { quote document { title sha256 path } } } } }',
    '{ whoCouldReach(item: "JAV-7001", maxHops: 3, asOf: "2024-12-31") { results { actor { name } '
    'paths { steps { source { name } target { name } evidence { quote } } } } } }',
    '{ actor(name: "Ivan Petrenko") { name evidenceWithheld events { toActor { name } location { name } '
    'evidence { document { title } } } relations { source { name } target { name } } } }',
    '{ item(serial: "JAV-7001") { events(first: 50) { toActor { name } fromActor { name } evidence { quote } } } }',
    '{ alerts(asOf: "2024-12-31", first: 100) { nodes { kind message actors { name } '
    'evidence { quote document { title } } } } }',
    '{ search(text: "Lusk") { entity { name } matched } }',
    '{ search(text: "Zeta") { entity { name } } }',
    '{ search(text: "field_note") { entity { name } } }',
    '{ actors(first: 100) { nodes { name } } }',
]


def test_a_viewer_learns_nothing_only_the_restricted_note_tells(gql: Run, noted: Store, note: Any) -> None:
    # (one test, not one per question: each needs the note ingested, and that loads spaCy)
    for query in QUESTIONS:
        out = gql(query, principal=VIEWER, store=noted)
        assert "INTERNAL" not in codes(out)
        _assert_nothing_secret(out, note)
    _the_viewers_chain_counts_what_was_withheld(gql, noted)
    _every_fact_only_the_note_tells_is_absent_by_id(gql, noted, note)
    _suggestions_never_name_what_a_viewer_may_not_see(gql, noted, note)


def test_an_analyst_sees_what_the_note_tells(gql: Run, noted: Store, note: Any) -> None:
    chain = ok(gql(QUESTIONS[0], principal=ANALYST, store=noted))["custodyChain"]
    assert "Arvid Lusk" in [h["name"] for h in chain["holders"]] and chain["evidenceWithheld"] == 0
    titles = {e["document"]["title"] for s in chain["segments"] for e in s["evidence"]}
    assert "field_note_lusk.txt" in titles
    assert [h["entity"]["name"] for h in ok(gql(QUESTIONS[5], principal=ANALYST, store=noted))["search"]] \
        == ["Arvid Lusk"]


def _the_viewers_chain_counts_what_was_withheld(gql: Run, noted: Store) -> None:
    chain = ok(gql(QUESTIONS[0], principal=VIEWER, store=noted))["custodyChain"]
    assert chain["evidenceWithheld"] >= 1
    assert chain["holders"]  # the public part of the chain is still there


def _every_fact_only_the_note_tells_is_absent_by_id(gql: Run, noted: Store, note: Any) -> None:
    hidden = _only_restricted(noted, note)
    assert {n.name for n in hidden} >= {"Arvid Lusk", "Orlen Trading Ltd"}
    for node in hidden:
        field = {"Actor": "actor", "Location": "location", "Item": "item"}[node.label]
        q = f"query($id: ID) {{ {field}(id: $id) {{ id name }} }}"
        out = gql(q, {"id": node.id}, principal=VIEWER, store=noted)
        missing = gql(q, {"id": node.id + "-not-there"}, principal=VIEWER, store=noted)
        assert codes(out) == codes(missing) == ["NOT_FOUND"], node.id
        assert out["errors"][0]["message"].replace(node.id, "ID") == \
            missing["errors"][0]["message"].replace(node.id + "-not-there", "ID")
        assert ok(gql(q, {"id": node.id}, principal=ANALYST, store=noted))


def test_restricted_or_not_there_is_one_answer(gql: Run, noted: Store, note: Any) -> None:
    sha = str(note.props["sha256"])
    other = "0" * 64
    q = "query($sha: String, $id: ID) { document(sha256: $sha, id: $id) { title path } }"
    held = gql(q, {"sha": sha}, principal=VIEWER, store=noted)
    absent = gql(q, {"sha": other}, principal=VIEWER, store=noted)
    assert codes(held) == codes(absent) == ["NOT_FOUND"]
    assert held["errors"][0]["message"].replace(sha, "X") == absent["errors"][0]["message"].replace(other, "X")
    assert held["errors"][0].get("extensions") == absent["errors"][0].get("extensions")
    by_id = gql(q, {"id": note.id}, principal=VIEWER, store=noted)
    by_wrong_id = gql(q, {"id": "doc:0000000000000000"}, principal=VIEWER, store=noted)
    assert codes(by_id) == codes(by_wrong_id) == ["NOT_FOUND"]
    assert by_id["errors"][0]["message"].replace(note.id, "X") == \
        by_wrong_id["errors"][0]["message"].replace("doc:0000000000000000", "X")
    # the analyst opens it, and sees the file's name, not the server's folders
    doc = ok(gql(q, {"sha": sha}, principal=ANALYST, store=noted))["document"]
    assert doc == {"title": "field_note_lusk.txt", "path": "field_note_lusk.txt"}


def _suggestions_never_name_what_a_viewer_may_not_see(gql: Run, noted: Store, note: Any) -> None:
    typo = '{ actor(name: "Arvid Lusq") { id } }'
    seen = gql(typo, principal=ANALYST, store=noted)
    assert "Arvid Lusk" in seen["errors"][0]["extensions"].get("suggestions", [])
    out = gql(typo, principal=VIEWER, store=noted)
    assert codes(out) == ["NOT_FOUND"]
    _assert_nothing_secret(out, note)
    for q in ('{ item(serial: "field_note_lusk") { id } }', '{ location(name: "Depot Zet") { id } }'):
        _assert_nothing_secret(gql(q, principal=VIEWER, store=noted), note)
    # a name the viewer typed comes back in the message, exactly as a name nobody has would
    q = '{ paths(from: "Ivan Petrenko", to: "%s") { paths { hops } } }'
    held, absent = (gql(q % name, principal=VIEWER, store=noted) for name in ("Arvid Lusk", "Arvid Nobody"))
    assert codes(held) == codes(absent) == ["NOT_FOUND"]
    assert json.dumps(held).replace("Arvid Lusk", "X") == json.dumps(absent).replace("Arvid Nobody", "X")


# -- no server paths in any answer ------------------------------------------------------------------

def test_upload_errors_name_the_file_not_the_servers_folder(client_for: Any, keys: Any) -> None:
    client = client_for()
    ops = json.dumps({"query": "mutation($f: Upload!) { ingestFile(file: $f) { ok files { name message } details } }",
                      "variables": {"f": None}})
    for name, data in (("bad.csv", b"foo,bar\n1,2\n"), ("broken.pdf", b"%PDF-1.4 broken"), ("a.json", b"{")):
        r = client.post("/graphql", data={"operations": ops, "map": json.dumps({"0": ["variables.f"]})},
                        files={"0": (name, data)}, headers=keys.headers("ingester"))
        text = r.text
        assert r.status_code == 200 and name in text, text[:300]
        assert "custody-upload" not in text and "/tmp" not in text, text[:500]


def test_store_errors_do_not_say_where_the_store_lives() -> None:
    from graphql import GraphQLError

    from api.errors import without_store_location

    err = GraphQLError("/srv/cases/custody.db: write failed: database is locked", extensions={"code": "STORE_ERROR"})
    out = without_store_location(err, "/srv/cases/custody.db")
    assert out.message == "the store: write failed: database is locked" and out.extensions == err.extensions


# -- an alias only a restricted report gives ------------------------------------------------------

def _doc(doc_id: str, sensitivity: str) -> Any:
    from graph.records import Node
    return Node(doc_id, "Document", "Report", doc_id, props={"sensitivity": sensitivity, "title": doc_id,
                                                             "sha256": doc_id[-1] * 64})


def _said(fact: str, doc: str, quote: str) -> Any:
    from graph.records import Evidence
    return Evidence(f"ev:{doc}:{fact}", fact, doc, "sentence 1", quote, "test", "1", 0.9, "2024-06-01T00:00:00Z")


def test_an_alias_only_a_restricted_report_gives_is_not_shown(store: Store) -> None:
    from api.restricted import RestrictedView
    from graph.records import Batch, Node
    person = "actor:ivan-marchenko"
    store.write(Batch(nodes=[_doc("doc:pub-1", "public"), Node(person, "Actor", "Person", "Ivan Marchenko")],
                      evidence=[_said(person, "doc:pub-1", "Ivan Marchenko signed for the rifles.")]))
    store.write(Batch(nodes=[_doc("doc:sec-2", "restricted"),
                             Node(person, "Actor", "Person", "Ivan Marchenko", aliases=("Grey Owl",))],
                      evidence=[_said(person, "doc:sec-2", "Ivan Marchenko, called Grey Owl by the source, ...")]))
    assert "Grey Owl" in store.nodes([person])[person].aliases  # the analyst's view
    assert [n.id for n in store.lookup("Grey Owl")] == [person]
    view = RestrictedView(store)
    assert "Grey Owl" not in view.nodes([person])[person].aliases
    assert view.lookup("Grey Owl") == [] and view.search("Grey Owl") == [] and view.search("Grey*") == []
    assert [n.id for n in view.lookup("Ivan Marchenko")] == [person]  # still there by its public name
