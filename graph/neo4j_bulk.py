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

import csv
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Final

from graph import neo4j_rows as nr
from graph.errors import CustodyError
from graph.holdings import Holding
from graph.records import Event, Evidence, Node, Relation

__all__ = ["ARRAY_DELIMITER", "HOLDING_INDEX_NOTE", "BulkImportError",
           "ImportFiles", "admin_command", "check_target", "run_import",
           "write_import_files"]

ARRAY_DELIMITER: Final = "\x1f"
"""Separates the elements of an array property (the unit separator: never in our text)."""

_ID_SPACES: Final = {"Node": "Node", "Event": "Event", "Evidence": "Evidence", "Key": "Key", "Text": "Text"}


class BulkImportError(CustodyError):
    """The bulk import could not run (a database already there, no importer, the importer failed)."""


_SCALAR: Final[dict[type, str]] = {str: "string", bool: "boolean", int: "long", float: "double", date: "date"}
"""The importer's type of each plain Python scalar (looked up by exact type: the common case)."""


def _type_of(value: Any) -> str | None:
    """The importer's type for a property value, None for one it cannot carry."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "double"
    if isinstance(value, str):
        return "string"
    if isinstance(value, date):
        return "date"
    if isinstance(value, list | tuple) and value:
        inner = _type_of(value[0])
        return f"{inner}[]" if inner and not inner.endswith("[]") and inner != "date" else None
    return None


def _cell(value: Any) -> Any:
    """A value as the csv module should write it (strings, integers and floats as they are:
    it writes a float by ``repr``, which the importer reads back exactly)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ARRAY_DELIMITER.join(str(_cell(v)) for v in value)
    return value


@dataclass
class ImportFiles:
    """The files written, as the importer's ``--nodes`` and ``--relationships`` arguments."""

    directory: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def arguments(self) -> list[str]:
        return ([f"--nodes={p}" for p in self.nodes] + [f"--relationships={p}" for p in self.relationships])


class _Writer:
    """CSV files keyed by (family, header): one open file per distinct header. Every cell is
    quoted, so an empty string stays one; a missing value leaves its column out of the header
    (a row without it goes to another file) rather than writing an empty cell."""

    def __init__(self, directory: Path, files: ImportFiles) -> None:
        self.directory = directory
        self.files = files
        self._open: dict[tuple[str, tuple[str, ...]], tuple[IO[str], Any]] = {}

    def _out(self, family: str, header: tuple[str, ...], nodes: bool) -> Any:
        handle = self._open.get((family, header))
        if handle is None:
            path = self.directory / f"{family}-{len(self._open):03d}.csv"
            fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115  # closed by close()
            out = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\n")
            out.writerow(header)
            handle = self._open[(family, header)] = (fh, out)
            (self.files.nodes if nodes else self.files.relationships).append(path)
        return handle[1]

    def fixed(self, family: str, header: tuple[str, ...], values: Sequence[Any], *, nodes: bool) -> None:
        """A row of a family whose columns are always these, already typed, none missing."""
        self._out(family, header, nodes).writerow(values)
        self.files.counts[family] = self.files.counts.get(family, 0) + 1

    def row(self, family: str, fixed: tuple[tuple[str, str], ...], props: dict[str, Any], *, nodes: bool,
            skip: str = "") -> None:
        """One node or relationship: ``fixed`` (column, cell) pairs (ids, labels, type) as given,
        ``props`` typed (``skip``: the property the id column already stores)."""
        names = [c for c, _ in fixed]
        cells: list[Any] = [v for _, v in fixed]
        for key in sorted(props):
            if key == skip:
                continue
            value = props[key]
            kind = _SCALAR.get(type(value)) or _type_of(value)
            if kind is None:
                continue  # None, an empty list: Neo4j keeps no property for it either way
            if kind == "string":
                names.append(key)
                cells.append(value)
            else:
                names.append(f"{key}:{kind}")
                cells.append(_cell(value))
        self.fixed(family, tuple(names), cells, nodes=nodes)

    def close(self) -> None:
        for fh, _ in self._open.values():
            fh.close()


def _node_fixed(space: str, id_: str, labels: str, id_column: str = "id") -> tuple[tuple[str, str], ...]:
    return ((f"{id_column}:ID({_ID_SPACES[space]})", id_), (":LABEL", labels))


_KEY_HEADER: Final = ("key:ID(Key)", ":LABEL")
_KEYED_HEADER: Final = (":START_ID(Node)", ":END_ID(Key)", ":TYPE", "kind", "value")
_EVENT_LINK_HEADER: Final = (":START_ID(Event)", ":END_ID(Node)", ":TYPE")
_CITES_HEADER: Final = (":START_ID(Evidence)", ":END_ID(Node)", ":TYPE")
_SUPPORTS_HEADERS: Final = {space: (":START_ID(Evidence)", f":END_ID({space})", ":TYPE") for space in ("Node", "Event")}
_EVIDENCE_HEADER: Final = ("id:ID(Evidence)", ":LABEL", "fact_id", "document_id", "locator", "quote", "extractor",
                            "extractor_version",
                            "confidence:double", "ingested_at", "start:long", "end:long", "modality")
_HOLDING_HEADER: Final = (":LABEL", "item", "seq:long", "kind", "party", "start", "end", "event", "confidence:double")
_PLACEHOLDER_HEADER: Final = ("id:ID(Node)", ":LABEL")
HOLDING_INDEX_NOTE: Final = "holdings"
"""The id of the ``(:HoldingIndex)`` note (:data:`graph.neo4j_holdings.NOTE_INDEX_KEPT`)."""


def _optional(w: _Writer, family: str, header: tuple[str, ...], values: tuple[Any, ...], *, nodes: bool) -> None:
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
    w = _Writer(out_dir, files)
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
            w.row("node", _node_fixed("Node", n.id, f"Node{ARRAY_DELIMITER}{n.label}"), props, nodes=True,
                  skip="id")
            for (kind, key), value in linked.items():
                if key not in keys:
                    keys.add(key)
                    w.fixed("key", _KEY_HEADER, (key, "Key"), nodes=True)
                w.fixed("keyed", _KEYED_HEADER, (n.id, key, "KEYED", kind, value), nodes=False)
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
                    w.fixed("event_link", _EVENT_LINK_HEADER, (e.id, end, type_), nodes=False)
        for v in evidence:
            _optional(w, "evidence", _EVIDENCE_HEADER,
                      (v.id, "Evidence", v.fact_id, v.document_id, v.locator, v.quote, v.extractor, v.extractor_version,
                       float(v.confidence), v.ingested_at, v.start, v.end, v.modality), nodes=True)
            referenced.add(v.document_id)
            w.fixed("cites", _CITES_HEADER, (v.id, v.document_id, "CITES"), nodes=False)
            space = "Node" if v.fact_id in node_ids else "Event" if v.fact_id in event_ids else None
            if space is not None:
                w.fixed("supports", _SUPPORTS_HEADERS[space], (v.id, v.fact_id, "SUPPORTS"), nodes=False)
        for doc_id, text in texts:
            w.fixed("text", ("id:ID(Text)", ":LABEL", "text"), (doc_id, "DocumentText", text), nodes=True)
        for missing in sorted(referenced - node_ids):  # a bare (:Node {id}), as a MERGE by id leaves it
            w.fixed("placeholder", _PLACEHOLDER_HEADER, (missing, "Node"), nodes=True)
        if holdings is not None:
            for h in holdings:
                _optional(w, "holding", _HOLDING_HEADER,
                          ("Holding", h.item, h.seq, h.kind, h.party, _iso(h.interval.start),
                           _iso(h.interval.end), h.event, float(h.confidence)), nodes=True)
            w.fixed("holding_index", (":LABEL", "id"), ("HoldingIndex", HOLDING_INDEX_NOTE), nodes=True)
    finally:
        w.close()
    return files


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


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
