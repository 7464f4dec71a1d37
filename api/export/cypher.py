"""A Cypher script that loads an export into an empty Neo4j as the Neo4j store itself would have
written it, so :class:`~graph.neo4j_store.Neo4jStore` opened on it gives the same answers.

The script is the store's own statements: first its constraints and indexes
(:func:`graph.cypher.schema.schema_statements`), then, batch by batch, the very ``MERGE``
queries the store runs on a write (:mod:`graph.cypher`), with ``UNWIND $rows`` replaced by the
rows written out as a Cypher literal (rows built by the store's own row builders). Every
statement is a ``MERGE`` on our ids, so loading the script twice changes nothing. One statement
a line, ending in ``;``: ``cypher-shell -f export.cypher`` reads it, and so does a driver that
runs each line.

Values are inlined safely: strings are single-quoted with backslash, quote and every control
or line-breaking character escaped; map keys that are not plain identifiers are back-quoted;
dates become ``date('…')``; labels and relationship types come only from the model's registry.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import IO, Any

from api.export.evidence import EvidenceReader
from api.export.select import Slice
from graph.cypher import events as events_q
from graph.cypher import evidence as evidence_q
from graph.cypher import nodes as nodes_q
from graph.cypher import relations as relations_q
from graph.cypher import schema as schema_q
from graph.errors import InvalidInput
from graph.model import Model
from graph.neo4j_rows import event_row, evidence_row, node_row, relation_row
from graph.records import Evidence, Node

__all__ = ["literal", "write_cypher"]

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# a store write: query options (CYPHER replan=skip), then the rows
_ROWS = re.compile(r"^((?:CYPHER(?: \w+=\w+)+ )?)UNWIND \$rows AS row")
# Characters a string literal must not carry raw: the quote and backslash, control characters and
# everything a reader might take for a line break (one statement a line).
_ESCAPE = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_SPECIAL = re.compile("[\\\\'\x00-\x1f\x7f\x85\u2028\u2029]")


def _string(text: str) -> str:
    return "'" + _SPECIAL.sub(lambda m: _ESCAPE.get(m.group(), f"\\u{ord(m.group()):04x}"), text) + "'"


def _key(name: str) -> str:
    return name if _IDENTIFIER.match(name) else "`" + name.replace("`", "``") + "`"


def literal(value: Any) -> str:
    r"""``value`` as a Cypher literal.

    >>> print(literal({"name": "O'Brien", "n": [1, 2], "odd key": None, "day": date(2023, 4, 1)}))
    {name: 'O\'Brien', n: [1, 2], `odd key`: null, day: date('2023-04-01')}

    Raises
    ------
    InvalidInput
        For a value Cypher cannot write as a literal (NaN, infinity, an unknown type).
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidInput(f"{value!r} cannot be written in Cypher")
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, date):
        return f"date('{value.isoformat()}')"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    raise InvalidInput(f"a value of type {type(value).__name__} cannot be written in Cypher")


def _one_line(query: str) -> str:
    return " ".join(query.split())


class _Script:
    def __init__(self, out: IO[str]) -> None:
        self.out = out

    def statement(self, text: str) -> None:
        self.out.write(text)
        self.out.write(";\n")

    def merge(self, query: str, rows: list[dict[str, Any]]) -> None:
        """The store's ``UNWIND $rows`` query with ``rows`` inlined."""
        if not rows:
            return
        flat = _one_line(query)
        found = _ROWS.match(flat)
        if found is None:
            raise AssertionError(f"a store write that does not start with 'UNWIND $rows AS row': {flat[:60]}")
        self.statement(found.group(1) + "UNWIND " + literal(rows) + " AS row" + flat[found.end():])


def write_cypher(out: IO[str], part: Slice, reader: EvidenceReader, model: Model) -> None:
    """The script: schema, then nodes, relations, events, and each batch's evidence with the
    documents it cites (restricted ones left out for a caller who may not see them)."""
    s = _Script(out)
    s.out.write("// custody-graph export: load into an empty Neo4j 5 (cypher-shell -f FILE); every statement "
                "MERGEs on our ids\n")
    for _, stmt in schema_q.schema_statements(model):
        s.statement(stmt)
    s.statement("CALL db.awaitIndexes(300)")
    written_docs: set[str] = set()

    def evidence(ids: Iterable[str]) -> None:
        found = reader.of(ids)
        records: list[Evidence] = [c.record for ev in found.values() for c in ev.visible]
        docs = [c.document for ev in found.values() for c in ev.visible
                if c.document is not None and c.document.id not in written_docs]
        unique: dict[str, Node] = {d.id: d for d in docs}
        written_docs.update(unique)
        if unique:
            s.merge(nodes_q.merge_nodes(model, "Document"), [node_row(d) for d in unique.values()])
        s.merge(evidence_q.MERGE_EVIDENCE, [evidence_row(v) for v in records])

    for batch in part.node_batches():
        by_label: dict[str, list[Node]] = {}
        for n in batch:
            by_label.setdefault(n.label, []).append(n)
        for label, nodes in sorted(by_label.items()):
            s.merge(nodes_q.merge_nodes(model, label), [node_row(n) for n in nodes])
        evidence(n.id for n in batch)
    for rels in part.relation_batches():
        by_type: dict[str, list[dict[str, Any]]] = {}
        for r in rels:
            by_type.setdefault(r.type, []).append(relation_row(r))
        for type_, rows in sorted(by_type.items()):
            s.merge(relations_q.merge_relations(model, type_), rows)
        evidence(r.id for r in rels)
    for events in part.event_batches():
        s.merge(events_q.MERGE_EVENTS, [event_row(e) for e in events])
        evidence(e.id for e in events)
