"""A first load of a large world through Neo4j's own bulk importer.

``neo4j-admin database import full`` writes store files directly, far faster than any
transactional write, but only into a database that does not exist yet and with the server
stopped. This module writes its input files from records (read from a whole store, usually an
embedded one the tables were ingested into so every merge rule has already been applied, by
:func:`api.export.neo4j_import.store_import_files`), in the exact shape
:class:`~graph.neo4j_store.Neo4jStore` writes (rows from :mod:`graph.neo4j_rows`):

* ``(:Node:<Label>)`` with their properties, ``(:Key {key})`` and ``KEYED {kind, value}``;
* model relations as relationships of their types; ``:Event`` nodes with ``SUBJECT``,
  ``FROM``, ``TO`` and ``AT``; ``:Evidence`` with ``CITES`` and ``SUPPORTS``;
  ``:DocumentText``; bare ``(:Node {id})`` placeholders for ids referenced and not stored;
* the holding index (:mod:`graph.neo4j_holdings`): ``(:Holding)`` rows as the source store
  built them, and the ``(:HoldingIndex)`` note, so the first connect has nothing to rebuild.

Steps of :func:`write_import_files`: rows are grouped by their set of (property, type)
columns, one CSV file (with its header line) per group, so every value keeps its Neo4j type
(``long``, ``double``, ``boolean``, ``date``, arrays); ids live in one ID space per kind of
node. Families of fixed columns (keys, links, evidence, holdings) skip the per-row typing.
:func:`run_import` then runs the importer on those files. The constraints and indexes are not
in the files: :meth:`Neo4jStore.connect` creates them on the first connect (it waits
for them to come online), exactly as for a store written through Cypher.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from graph import neo4j_rows as nr
from graph.errors import CustodyError
from graph.holdings import Holding, stored_days
from graph.neo4j_import_format import (
    ARRAY_DELIMITER,
    CITES_HEADER,
    EVENT_LINK_HEADER,
    EVIDENCE_HEADER,
    HOLDING_HEADER,
    HOLDING_INDEX_NOTE,
    KEY_HEADER,
    KEYED_HEADER,
    PLACEHOLDER_HEADER,
    SUPPORTS_HEADERS,
    ImportFiles,
    Writer,
    node_fixed,
)
from graph.records import Event, Evidence, Node, Relation

__all__ = ["ARRAY_DELIMITER", "HOLDING_INDEX_NOTE", "BulkImportError",
           "ImportFiles", "admin_command", "check_target", "run_import",
           "write_import_files"]


class BulkImportError(CustodyError):
    """The bulk import could not run (a database already there, no importer, the importer failed)."""


def _optional(w: Writer, family: str, header: tuple[str, ...], values: tuple[Any, ...], *, nodes: bool) -> None:
    """A row of fixed, typed columns of which some may be None (left out of its file's header)."""
    if None in values:
        present = [(c, v) for c, v in zip(header, values, strict=True) if v is not None]
        w.fixed(family, tuple(c for c, _ in present), [v for _, v in present], nodes=nodes)
    else:
        w.fixed(family, header, values, nodes=nodes)


def write_import_files(
    directory: str | Path,
    nodes: Iterable[Node],
    relations: Iterable[Relation],
    events: Iterable[Event],
    evidence: Iterable[Evidence],
    texts: Iterable[tuple[str, str]] = (),
    holdings: Iterable[Holding] | None = None,
) -> ImportFiles:
    """Write the importer's CSV files for these records into ``directory`` (created; must be empty).

    Each record must appear once (a store's contents do). ``holdings``: the holding index rows
    of every item (:mod:`graph.holdings`), written as the Neo4j store keeps them
    (:mod:`graph.neo4j_holdings`) with the ``(:HoldingIndex)`` note, so the imported store
    answers reverse reach at once; None leaves both out (the store then indexes every item on
    its first connect). Node, event and evidence ids are held in memory (to add placeholders and
    link evidence), the records themselves are streamed.
    """
    out_dir = Path(directory)
    out_dir.mkdir(parents=True, exist_ok=True)
    if any(out_dir.iterdir()):
        raise BulkImportError(f"{out_dir}: not empty; the import files go into an empty directory")
    files = ImportFiles(out_dir)
    w = Writer(out_dir, files)
    node_ids: set[str] = set()
    event_ids: set[str] = set()
    referenced: set[str] = set()
    keys: set[str] = set()
    try:
        for n in nodes:
            row = nr.node_row(n)
            node_ids.add(n.id)
            props = row["props"]
            linked: dict[tuple[str, str], str] = {}
            for k in row["keys"]:
                linked.setdefault((k["kind"], k["key"]), k["value"])
            if row["aliased"]:
                props["aliases"] = [v for (kind, _), v in linked.items() if kind == "alias"]
            w.row("node", node_fixed("Node", n.id, f"Node{ARRAY_DELIMITER}{n.label}"), props, nodes=True,
                  skip="id")
            for (kind, key), value in linked.items():
                if key not in keys:
                    keys.add(key)
                    w.fixed("key", KEY_HEADER, (key, "Key"), nodes=True)
                w.fixed("keyed", KEYED_HEADER, (n.id, key, "KEYED", kind, value), nodes=False)
        for r in relations:
            row = nr.relation_row(r)
            referenced.add(r.source)
            referenced.add(r.target)
            w.row("relation", ((":START_ID(Node)", r.source), (":END_ID(Node)", r.target), (":TYPE", r.type)),
                  row["props"], nodes=False)
        for e in events:
            row = nr.event_row(e)
            event_ids.add(e.id)
            props = row["props"]
            props["confidence"] = row["confidence"]
            w.row("event", (("id:ID(Event)", e.id), (":LABEL", "Event")), props, nodes=True, skip="id")
            for type_, end in (("SUBJECT", e.subject), ("FROM", e.from_actor), ("TO", e.to_actor),
                               ("AT", e.location)):
                if end is not None:
                    referenced.add(end)
                    w.fixed("event_link", EVENT_LINK_HEADER, (e.id, end, type_), nodes=False)
        for v in evidence:
            _optional(w, "evidence", EVIDENCE_HEADER,
                      (v.id, "Evidence", v.fact_id, v.document_id, v.locator, v.quote, v.extractor, v.extractor_version,
                       float(v.confidence), v.ingested_at, v.start, v.end, v.modality), nodes=True)
            referenced.add(v.document_id)
            w.fixed("cites", CITES_HEADER, (v.id, v.document_id, "CITES"), nodes=False)
            space = "Node" if v.fact_id in node_ids else "Event" if v.fact_id in event_ids else None
            if space is not None:
                w.fixed("supports", SUPPORTS_HEADERS[space], (v.id, v.fact_id, "SUPPORTS"), nodes=False)
        for doc_id, text in texts:
            w.fixed("text", ("id:ID(Text)", ":LABEL", "text"), (doc_id, "DocumentText", text), nodes=True)
        for missing in sorted(referenced - node_ids):  # a bare (:Node {id}), as a MERGE by id leaves it
            w.fixed("placeholder", PLACEHOLDER_HEADER, (missing, "Node"), nodes=True)
        if holdings is not None:
            for h in holdings:
                _optional(w, "holding", HOLDING_HEADER,
                          ("Holding", h.item, h.seq, h.kind, h.party, *stored_days(h.interval),
                           h.event, float(h.confidence)), nodes=True)
            w.fixed("holding_index", (":LABEL", "id"), ("HoldingIndex", HOLDING_INDEX_NOTE), nodes=True)
    finally:
        w.close()
    return files


def admin_command(launcher_classpath: str | Path | None = None) -> list[str]:
    """How to run ``neo4j-admin``: on PATH, else the Neo4j jars of ``tools/neo4j-launcher``
    (``target/classpath.txt``: the importer ships in them, from Maven Central).

    Raises
    ------
    BulkImportError
        Neither is there.
    """
    found = shutil.which("neo4j-admin")
    if found:
        return [found]
    java = shutil.which("java")
    if launcher_classpath is not None and java is not None and Path(launcher_classpath).is_file():
        cp = Path(launcher_classpath).read_text().strip()
        launcher_classes = Path(launcher_classpath).parent / "classes"
        heap = os.environ.get("CUSTODY_IMPORT_HEAP", "2g")
        return [java, f"-Xmx{heap}", "-cp", f"{launcher_classes}{os.pathsep}{cp}", "org.neo4j.cli.AdminTool"]
    raise BulkImportError("no Neo4j importer: put neo4j-admin on PATH, or build tools/neo4j-launcher "
                          "(`make neo4j-launcher`; needs java and mvn)")


def check_target(home: str | Path, database: str = "neo4j") -> None:
    """Refuse a database that already exists under ``home`` (the importer only creates one).

    Raises
    ------
    BulkImportError
        Naming the database directory and what to do instead.
    """
    target = Path(home).resolve() / "data" / "databases" / database
    if target.exists() and any(target.iterdir()):
        raise BulkImportError(
            f"{target}: database {database!r} already exists; the bulk import only creates a new, empty "
            "database (stop the server and give it a fresh Neo4j home, or drop the database), and never "
            "merges into existing data: use `custody ingest` to add to it")


def run_import(home: str | Path, files: ImportFiles, *, command: Sequence[str], database: str = "neo4j",
               timeout_s: float | None = None) -> str:
    """Run ``neo4j-admin database import full`` into ``database`` under the Neo4j ``home``.

    The server must not be running on ``home``; the database must not exist (the importer
    only creates one: it never merges into existing data).

    Returns
    -------
    str
        The importer's summary lines (``IMPORT DONE in ...`` and the counts).

    Raises
    ------
    BulkImportError
        The database already exists, or the importer failed (its last lines in the message).
    """
    home_dir = Path(home).resolve()
    check_target(home_dir, database)
    cmd = [*command, "database", "import", "full", database, *files.arguments(),
           f"--array-delimiter={ARRAY_DELIMITER}", "--multiline-fields=true", "--report-file",
           str(files.directory / "import.report")]
    env = {**os.environ, "NEO4J_HOME": str(home_dir)}
    home_dir.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout_s, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BulkImportError(f"the Neo4j importer did not run: {exc}") from exc
    output = done.stdout + done.stderr
    if done.returncode != 0:
        tail = "\n".join(output.strip().splitlines()[-15:])
        raise BulkImportError(f"the Neo4j importer failed (exit {done.returncode}):\n{tail}")
    return "\n".join(_summary(output))


def _summary(output: str) -> Iterator[str]:
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("IMPORT DONE"):
            yield from (x.strip() for x in lines[i:i + 6] if x.strip())
            return
