"""The file format of Neo4j's bulk importer (``neo4j-admin database import``), as custody-graph
writes it: typed CSV columns, one ID space per kind of node, the headers of the fixed families
(keys, links, evidence, holdings) and a writer that keeps one file per distinct header.

Two writers use it: :mod:`graph.neo4j_bulk` (from records) and :mod:`graph.neo4j_bulk_sqlite`
(streamed from an embedded store's tables with SQL).
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any, Final

__all__ = ["ARRAY_DELIMITER", "CITES_HEADER", "EVENT_LINK_HEADER", "EVIDENCE_HEADER", "HOLDING_HEADER",
           "HOLDING_INDEX_NOTE", "ID_SPACES", "KEYED_HEADER", "KEY_HEADER", "PLACEHOLDER_HEADER", "SCALAR",
           "SUPPORTS_HEADERS", "ImportFiles", "Writer", "cell", "node_fixed", "type_of"]

ARRAY_DELIMITER: Final = "\x1f"
"""Separates the elements of an array property (the unit separator: never in our text)."""

ID_SPACES: Final = {"Node": "Node", "Event": "Event", "Evidence": "Evidence", "Key": "Key", "Text": "Text"}


SCALAR: Final[dict[type, str]] = {str: "string", bool: "boolean", int: "long", float: "double", date: "date"}
"""The importer's type of each plain Python scalar (looked up by exact type: the common case)."""


def type_of(value: Any) -> str | None:
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
        inner = type_of(value[0])
        return f"{inner}[]" if inner and not inner.endswith("[]") and inner != "date" else None
    return None


def cell(value: Any) -> Any:
    """A value as the csv module should write it (strings, integers and floats as they are:
    it writes a float by ``repr``, which the importer reads back exactly)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ARRAY_DELIMITER.join(str(cell(v)) for v in value)
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


class Writer:
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
            kind = SCALAR.get(type(value)) or type_of(value)
            if kind is None:
                continue  # None, an empty list: Neo4j keeps no property for it either way
            if kind == "string":
                names.append(key)
                cells.append(value)
            else:
                names.append(f"{key}:{kind}")
                cells.append(cell(value))
        self.fixed(family, tuple(names), cells, nodes=nodes)

    def close(self) -> None:
        for fh, _ in self._open.values():
            fh.close()


def node_fixed(space: str, id_: str, labels: str, id_column: str = "id") -> tuple[tuple[str, str], ...]:
    return ((f"{id_column}:ID({ID_SPACES[space]})", id_), (":LABEL", labels))


KEY_HEADER: Final = ("key:ID(Key)", ":LABEL")
KEYED_HEADER: Final = (":START_ID(Node)", ":END_ID(Key)", ":TYPE", "kind", "value")
EVENT_LINK_HEADER: Final = (":START_ID(Event)", ":END_ID(Node)", ":TYPE")
CITES_HEADER: Final = (":START_ID(Evidence)", ":END_ID(Node)", ":TYPE")
SUPPORTS_HEADERS: Final = {space: (":START_ID(Evidence)", f":END_ID({space})", ":TYPE") for space in ("Node", "Event")}
EVIDENCE_HEADER: Final = ("id:ID(Evidence)", ":LABEL", "fact_id", "document_id", "locator", "quote", "extractor",
                            "extractor_version",
                            "confidence:double", "ingested_at", "start:long", "end:long", "modality")
HOLDING_HEADER: Final = (":LABEL", "item", "seq:long", "kind", "party", "start", "end", "event", "confidence:double")
PLACEHOLDER_HEADER: Final = ("id:ID(Node)", ":LABEL")
HOLDING_INDEX_NOTE: Final = "holdings"
"""The id of the ``(:HoldingIndex)`` note (:data:`graph.neo4j_holdings.NOTE_INDEX_KEPT`)."""
