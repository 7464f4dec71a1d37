"""The bulk path into Neo4j: import files in the store's own shape, Neo4j's importer into a new
database, and the same answers as the same world ingested through the Neo4j store."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import neo4j
import pytest
from typer.testing import CliRunner

from api.cli import app
from api.export.neo4j_import import store_import_files
from graph.builder import FactBuilder
from graph.dates import PartialDate
from graph.model import Model
from graph.neo4j_bulk import ARRAY_DELIMITER, HOLDING_INDEX_NOTE, BulkImportError, ImportFiles, check_target
from graph.neo4j_store import Neo4jStore
from graph.records import Batch, Evidence, Relation
from graph.sqlite_store import SqliteStore
from tests.export.conftest import expected, ingest_scenario
from tests.export.test_cypher import NASTY, _answers
from tests.neo4j_server import Neo4jServer
from tests.scenario_check import check

runner = CliRunner()


def _odd_actor(store: SqliteStore, model: Model) -> str:
    b = FactBuilder(model, title="odd.txt", text="fictional")
    odd = b.actor(NASTY, "ArmedGroup", aliases=("alias's \\ alias", "Second; alias"),
                  props={"odd key`": "v'1", "n": 2**70, "ranks": [1, 2], "flag": True, "share": 0.25})
    store.write(b.batch)
    return odd


def test_files_carry_typed_headers_and_one_id_space_per_kind(tmp_path: Path, model: Model) -> None:
    embedded = SqliteStore(tmp_path / "w.db", model)
    odd = _odd_actor(embedded, model)
    b = FactBuilder(model, title="kept.txt", text="A fictional text kept with its document.")
    b.keep_text("A fictional text kept with its document.")
    embedded.write(b.batch)
    files = store_import_files(embedded, tmp_path / "csv")
    embedded.close()
    rows = {}
    labels = []
    for path in files.nodes:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            found = [dict(zip(header, r, strict=True)) for r in reader]
            rows.update({r[header[0]]: r for r in found if header[0] == "id:ID(Node)"})
            labels += [r[":LABEL"] for r in found]
    node = rows[odd]
    assert node[":LABEL"] == f"Node{ARRAY_DELIMITER}Actor"
    assert node["ranks:long[]"] == f"1{ARRAY_DELIMITER}2" and node["flag:boolean"] == "true"
    assert node["share:double"] == "0.25" and '"n": 1180591620717411303424' in node["_json"]
    assert sorted(node["aliases:string[]"].split(ARRAY_DELIMITER)) == ["Second; alias", "alias's \\ alias"]
    assert any("id:ID(Evidence)" in path.read_text().split("\n")[0] for path in files.nodes)
    assert files.counts["keyed"] >= 3 and files.counts["supports"] >= 1
    # the document, its text and the evidence citing it travel too (a whole-store export leaves documents out)
    assert labels.count(f"Node{ARRAY_DELIMITER}Document") == 2 and labels.count("DocumentText") == 1
    assert files.counts["text"] == 1 and files.counts["cites"] == files.counts["evidence"] >= 1


def test_an_existing_database_is_refused_before_anything_is_written(tmp_path: Path, model: Model) -> None:
    home = tmp_path / "home"
    (home / "data" / "databases" / "neo4j").mkdir(parents=True)
    (home / "data" / "databases" / "neo4j" / "neostore").write_bytes(b"x")
    with pytest.raises(BulkImportError, match="already exists"):
        check_target(home)
    check_target(home, "other")  # another database name is free
    SqliteStore(tmp_path / "w.db", model).close()
    result = runner.invoke(app, ["neo4j-import", str(home), "--store", str(tmp_path / "w.db"),
                                 "--files", str(tmp_path / "csv")])
    assert result.exit_code == 2
    assert "already exists" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "csv").exists()


class _RecordsOnly:
    """The real embedded store, seen as any store (not a :class:`SqliteStore`), so its files are
    written from its records, the way every store's are."""

    def __init__(self, store: SqliteStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)


def _canonical(files: ImportFiles) -> tuple[dict[tuple[str, str], Any], Counter[Any], Counter[Any]]:
    """What the importer reads from the files, whatever the spread of rows over files and the order
    of columns: nodes with an id by (id space, id), the others and the relationships as multisets."""
    nodes: dict[tuple[str, str], Any] = {}
    anonymous: Counter[Any] = Counter()
    relationships: Counter[Any] = Counter()
    for path in files.nodes + files.relationships:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            for row in reader:
                cells = dict(zip(header, row, strict=True))
                labels = frozenset(cells.pop(":LABEL", "").split(ARRAY_DELIMITER))
                ident = [(c, v) for c, v in cells.items() if ":ID(" in c]
                ends = frozenset((c, v) for c, v in cells.items() if c.startswith(":"))
                props = frozenset((c, v) for c, v in cells.items() if not c.startswith(":"))
                if ident:
                    space = ident[0][0].split(":ID")[1].strip("()")
                    assert (space, ident[0][1]) not in nodes
                    nodes[(space, ident[0][1])] = (labels, props)
                elif ends:
                    relationships[(ends, props)] += 1
                else:
                    anonymous[(labels, props)] += 1
    return nodes, anonymous, relationships


def test_streamed_files_import_what_the_records_give(tmp_path: Path, model: Model) -> None:
    """The embedded store's files streamed with SQL carry exactly what its records give: every node,
    relationship and holding row with the same labels, types and typed properties."""
    embedded = SqliteStore(ingest_scenario(tmp_path / "scenario.db"), model)
    odd = _odd_actor(embedded, model)
    b = FactBuilder(model, title="kept.txt", text="A fictional text kept with its document.")
    b.keep_text("A fictional text kept with its document.")
    embedded.write(b.batch)
    doc = next(n.id for n in embedded.iter_nodes("Document"))
    # a relation to a node never stored (a placeholder), with a date; evidence with and without offsets
    embedded.write(Batch(relations=[Relation("rel:odd", "MEMBER_OF", odd, "actor:never-stored",
                                             valid_from=PartialDate.parse("2022-05"),
                                             props={"note": "x", "empty": []})],
                         evidence=[Evidence("evidence:odd-1", "rel:odd", doc, "row 1", "", "test", "1", 0.3,
                                            "2026-01-01T00:00:00+00:00", 0, 7),
                                   Evidence("evidence:odd-2", odd, doc, "row 2", "q", "test", "1", 0.1 + 0.2,
                                            "2026-01-01T00:00:00+00:00", 3, None)]))
    streamed = store_import_files(embedded, tmp_path / "streamed")
    from_records = store_import_files(_RecordsOnly(embedded), tmp_path / "records")  # type: ignore[arg-type]
    embedded.close()
    nodes, anonymous, relationships = _canonical(streamed)
    assert (nodes, anonymous, relationships) == _canonical(from_records)
    assert streamed.counts == from_records.counts
    assert ("Node", "actor:never-stored") in nodes and streamed.counts["placeholder"] == 1
    assert any(("quote", "") in props for _, props in nodes.values())
    assert any(("start:long", "3") in props and not any(c == "end:long" for c, _ in props)
               for _, props in nodes.values())
    assert any({("valid_from", "2022-05"), ("from_day:date", "2022-05-01")} <= props for _, props in relationships)


def _holding_rows(files: ImportFiles) -> list[dict[str, str]]:
    rows = []
    for path in files.nodes:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader)
            if header[0] == ":LABEL":
                rows += [dict(zip(header, r, strict=True)) for r in reader]
    return rows


def test_files_carry_the_holding_index_the_store_built_and_its_note(tmp_path: Path, model: Model) -> None:
    embedded = SqliteStore(ingest_scenario(tmp_path / "scenario.db"), model)
    files = store_import_files(embedded, tmp_path / "csv")
    actors = [n.id for n in embedded.iter_nodes("Actor")]
    places = [n.id for n in embedded.iter_nodes("Location")]
    built = embedded.holdings(actors, places)
    embedded.close()
    rows = _holding_rows(files)
    notes = [r for r in rows if r[":LABEL"] == "HoldingIndex"]
    assert notes == [{":LABEL": "HoldingIndex", "id": HOLDING_INDEX_NOTE}]
    written = sorted((r["item"], int(r["seq:long"]), r["kind"], r["party"], r.get("start"), r.get("end"), r["event"],
                      float(r["confidence:double"])) for r in rows if r[":LABEL"] == "Holding")
    assert written == sorted((h.item, h.seq, h.kind, h.party, _iso(h.interval.start), _iso(h.interval.end), h.event,
                              h.confidence) for h in built)
    assert len(written) == files.counts["holding"] > 0
    # an open interval leaves its column out (a row without it goes to a file without the column)
    assert any(r.get("start") is None or r.get("end") is None for r in rows if r[":LABEL"] == "Holding")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@pytest.mark.neo4j
def test_bulk_import_gives_the_answers_of_a_normal_neo4j_ingest(neo4j_clean: Neo4jServer, tmp_path: Path,
                                                               model: Model) -> None:
    embedded = SqliteStore(ingest_scenario(tmp_path / "scenario.db"), model)
    odd = _odd_actor(embedded, model)
    embedded.close()
    home = tmp_path / "home"
    result = runner.invoke(app, ["neo4j-import", str(home), "--store", str(tmp_path / "scenario.db")])
    assert result.exit_code == 0, result.output
    assert "IMPORT DONE" in result.output

    # the same world, ingested normally into the session's Neo4j
    normal = Neo4jStore.connect(neo4j_clean.uri, model, auth=neo4j_clean.auth)
    embedded = SqliteStore(tmp_path / "scenario.db", model)
    imported_server = Neo4jServer(data_dir=home)
    try:
        normal_result = _ingest_normally(neo4j_clean, tmp_path)
        assert normal_result == 0
        b = FactBuilder(model, title="odd.txt", text="fictional")
        b.actor(NASTY, "ArmedGroup", aliases=("alias's \\ alias", "Second; alias"),
                props={"odd key`": "v'1", "n": 2**70, "ranks": [1, 2], "flag": True, "share": 0.25})
        normal.write(b.batch)
        imported_server.start()
        bulk = Neo4jStore.connect(imported_server.uri, model, auth=imported_server.auth)
        try:
            # the holding index came with the files: the first connect marks nothing to rebuild, and its
            # rows are those the normal ingest's writes built (read here before any read could refresh them)
            with bulk.driver.session() as s:
                assert s.run("MATCH (c:HoldingChanged) RETURN count(c) AS n").single()["n"] == 0
                assert s.run("MATCH (s:HoldingIndex) RETURN count(s) AS n").single()["n"] == 1
                imported_rows = _rows(s)
            actors = [n.id for n in embedded.iter_nodes("Actor")]
            places = [n.id for n in embedded.iter_nodes("Location")]
            normal.holdings(actors, places)  # brings the normal store's rows up to date
            with normal.driver.session() as t:
                assert imported_rows == _rows(t) != []
            assert check(bulk, expected()) == []
            assert bulk.counts() == normal.counts() == embedded.counts()
            serials = [n.id for n in embedded.iter_nodes("Item")]
            assert _answers(bulk, serials) == _answers(normal, serials)
            assert bulk.nodes([odd]) == normal.nodes([odd])
            assert [n.id for n in bulk.lookup(NASTY)] == [odd]
            assert [n.id for n in bulk.lookup("Second; alias")] == [odd]
            assert bulk.evidence([odd]) == embedded.evidence([odd])
            assert [n.id for n in bulk.search("alias")] == [n.id for n in normal.search("alias")]
            assert bulk.holdings(actors, places) == normal.holdings(actors, places) != []
            with bulk.driver.session() as s, normal.driver.session() as t:
                shape = ("MATCH (n) UNWIND labels(n) AS l RETURN l, count(*) AS c ORDER BY l",
                         "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS c ORDER BY t")
                for q in shape:
                    assert s.run(q).data() == t.run(q).data()
        finally:
            bulk.close()
    finally:
        normal.close()
        embedded.close()
        imported_server.close()


HOLDING_ROWS = """
MATCH (h:Holding) RETURN h.item AS item, h.seq AS seq, h.kind AS kind, h.party AS party, h.start AS start,
h.end AS end, h.event AS event, h.confidence AS confidence, keys(h) AS keys ORDER BY item, seq
"""


def _rows(session: neo4j.Session) -> list[dict[str, object]]:
    return [{**r, "keys": sorted(r["keys"])} for r in session.run(HOLDING_ROWS).data()]


def _ingest_normally(server: Neo4jServer, tmp_path: Path) -> int:
    from tests.conftest import SCENARIO

    result = runner.invoke(app, ["ingest", str(SCENARIO / "manifests"), str(SCENARIO / "reports"),
                                 "--store", f"neo4j://{server.user}:{server.password}@127.0.0.1:{server.port}"])
    return result.exit_code
