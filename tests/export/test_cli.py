"""``custody export`` on the command line: to a file or stdout, one thing at a time, clear errors,
no half-written file after a failure."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import networkx as nx
from typer.testing import CliRunner

from api.cli import app
from graph.store import Store
from tests.export.conftest import exported
from tests.export.test_evidence import RESTRICTED_QUOTE

runner = CliRunner()


def _db(store: Store) -> str:
    return store.uri


def test_export_to_a_file_and_to_stdout(world_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "chain.gexf"
    done = runner.invoke(app, ["export", "--chain", "JAV-7002", "--format", "gexf", "--out", str(out),
                               "--store", _db(world_store)])
    assert done.exit_code == 0, done.output
    graph = nx.read_gexf(out)
    assert "JAV-7002" in {d["label"] for _, d in graph.nodes(data=True)}
    assert not (tmp_path / "chain.gexf.part").exists()
    done = runner.invoke(app, ["export", "--format", "csv", "--store", _db(world_store)])
    assert done.exit_code == 0
    assert sorted(zipfile.ZipFile(io.BytesIO(done.stdout_bytes)).namelist()) == ["edges.csv", "evidence.csv",
                                                                                   "nodes.csv"]


def test_every_selection(world_store: Store) -> None:
    for args in (["--neighbourhood", "Ivan Petrenko", "--hops", "2"], ["--reach", "JAV-7001", "--max-hops", "2"],
                 ["--alerts", "--as-of", "2024-06-30", "--kind", "break"], []):
        done = runner.invoke(app, ["export", *args, "--store", _db(world_store)])
        assert done.exit_code == 0, (args, done.output)
        assert nx.read_graphml(io.BytesIO(done.stdout_bytes)).number_of_nodes() > 0


def test_the_role_decides_the_evidence(world_store: Store) -> None:
    viewer = runner.invoke(app, ["export", "--role", "viewer", "--store", _db(world_store)])
    admin = runner.invoke(app, ["export", "--store", _db(world_store)])
    assert RESTRICTED_QUOTE.encode() not in viewer.stdout_bytes
    assert RESTRICTED_QUOTE.encode() in admin.stdout_bytes
    assert admin.stdout_bytes == exported(world_store, _whole(world_store), "graphml")


def _whole(store: Store) -> object:
    from api.export import StoreSlice

    return StoreSlice(store)


def test_clear_errors(world_store: Store, tmp_path: Path) -> None:
    cases = {
        ("--format", "pdf"): "unknown export format 'pdf'; formats: graphml, gexf, ftm, csv, cypher",
        ("--chain", "JAV-7001", "--alerts"): "export one thing at a time: --chain and --alerts",
        ("--alerts", "--kind", "bogus"): "unknown alert kind 'bogus'",
        ("--role", "boss"): "unknown role 'boss'",
    }
    for args, message in cases.items():
        done = runner.invoke(app, ["export", *args, "--store", _db(world_store)])
        # the CLI contract: a usage error is printed on stderr and exits 2
        assert done.exit_code == 2 and message in done.output, (args, done.output)
    out = tmp_path / "x.graphml"
    done = runner.invoke(app, ["export", "--chain", "NO-SUCH-1", "--out", str(out), "--store", _db(world_store)])
    assert done.exit_code == 2 and "no item matches" in done.output
    assert not out.exists() and not (tmp_path / "x.graphml.part").exists()
    done = runner.invoke(app, ["export", "--out", str(tmp_path / "no-such-folder" / "x.gexf"), "--store",
                               _db(world_store)])
    assert done.exit_code == 2 and "cannot write the export" in done.output
