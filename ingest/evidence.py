"""Evidence for facts read from table rows.

A file is a Document node (``doc:`` + the first 16 hex digits of its sha256); each fact a
row yields gets an :class:`~graph.records.Evidence` pointing at that document, with the
locator ``row N`` (N as the table reader numbers rows: the line number in delimited text),
the row itself as the quote (``col=value; …``, short), the mapping as extractor and the
ingest time.

:class:`FactBatch` collects the facts of many rows into one store batch. Within a batch a
fact appears once: an item or a relation or event gets the evidence of every row that
states it, while an entity repeated on every row (a shipment header, its consignor, a
weapon system) gets the evidence of the first row of the batch that names it, plus that of
any row naming it in a new way (a new alias). That keeps a million-row manifest from
writing a million evidence records for its one consignor, while every fact still has the
evidence of a row that states it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from graph.builder import document_id
from graph.records import Batch, Event, Evidence, Node, Relation, evidence_id

__all__ = [
    "QUOTE_LIMIT",
    "FactBatch",
    "RowFacts",
    "SourceDocument",
    "clean_text",
    "file_sha256",
    "row_quote",
]

QUOTE_LIMIT: Final = 300
"""Longest quote kept for a row (characters); longer rows end with an ellipsis."""

# Control characters and lone surrogates (undecodable bytes, as the table reader marks
# them) shown as \xNN: they cannot be stored as UTF-8 and would garble a report.
_CLEAN: Final = {
    **{c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]},
    0x0A: " ",
    **{0xDC00 + b: f"\\x{b:02x}" for b in range(256)},
}


_NEEDS_CLEANING: Final = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")


def clean_text(text: str) -> str:
    """Text safe to store and print: control characters and undecodable bytes as ``\\xNN``.

    >>> clean_text("a\\x00b\\udcff")
    'a\\\\x00b\\\\xff'
    """
    if not _NEEDS_CLEANING.search(text):  # the common case, and str.translate with a dict is slow
        return text
    out = text.translate(_CLEAN)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:  # other lone surrogates (not from the reader)
        out = out.encode("utf-8", "backslashreplace").decode("utf-8")
    return out


def file_sha256(path: str | Path, chunk: int = 1 << 20) -> str:
    """The sha256 of a file, read in chunks (a 1 GB file needs 1 MB of memory)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def row_quote(values: Mapping[str, str | None], limit: int = QUOTE_LIMIT) -> str:
    """A row as ``col=value; col=value`` (empty cells left out), cut to ``limit`` characters.

    >>> row_quote({"serial": "JAV-0042", "lot": None, "quantity": "1"})
    'serial=JAV-0042; quantity=1'
    """
    text = "; ".join([f"{k}={v}" for k, v in values.items() if v])
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return clean_text(text)


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """The file facts are read from, and how (which extractor, with what confidence)."""

    sha256: str
    title: str
    path: str
    kind: str
    sensitivity: str
    ingested_at: str
    extractor: str
    version: str
    props: Mapping[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return document_id(self.sha256)

    def node(self) -> Node:
        """The Document node: written last, so a stored document means a finished file."""
        props = {"sha256": self.sha256, "title": self.title, "path": self.path, "sensitivity": self.sensitivity,
                 "ingested_at": self.ingested_at, **self.props}
        return Node(self.id, "Document", self.kind, self.title, (), props)


@dataclass(slots=True)
class RowFacts:
    """What one row says. ``header_events`` are events stated by every row of a shipment
    (the manifest's STORAGE at the origin): cited once per batch, like header entities."""

    nodes: list[Node] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    header_events: list[Event] = field(default_factory=list)
    confidence: float = 1.0


_PER_ROW_LABELS: Final = frozenset({"Item"})


class FactBatch:
    """Facts of consecutive rows of one file, deduplicated, each with its row's evidence."""

    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self._doc_id, self._extractor, self._version = doc.id, doc.extractor, doc.version
        self._ingested_at = doc.ingested_at
        self.rows = 0
        self._nodes: dict[str, Node] = {}
        self._relations: dict[str, Relation] = {}
        self._events: dict[str, Event] = {}
        self._evidence: dict[str, Evidence] = {}

    def __len__(self) -> int:
        return self.rows

    def _cite(self, fact_id: str, locator: str, quote: str, confidence: float) -> None:
        eid = evidence_id(fact_id, self._doc_id, locator)
        if eid not in self._evidence:
            self._evidence[eid] = Evidence(eid, fact_id, self._doc_id, locator, quote, self._extractor,
                                           self._version, confidence, self._ingested_at)

    def add(self, number: int, quote: str, facts: RowFacts) -> None:
        """Add one row's facts with evidence ``row <number>``."""
        self.rows += 1
        loc = f"row {number}"
        conf = facts.confidence
        for node in facts.nodes:
            known = self._nodes.get(node.id)
            if known is None:
                self._nodes[node.id] = node
                self._cite(node.id, loc, quote, conf)
                continue
            if known is node:  # a header entity repeated on every row: the same object, nothing new
                continue
            new_aliases = [a for a in node.aliases if a not in known.aliases and a != known.name]
            missing_props = {k: v for k, v in node.props.items() if k not in known.props}
            if new_aliases or missing_props:
                self._nodes[node.id] = Node(known.id, known.label, known.kind, known.name,
                                            (*known.aliases, *new_aliases), {**missing_props, **known.props})
            if node.label in _PER_ROW_LABELS or new_aliases:
                self._cite(node.id, loc, quote, conf)
        for rel in facts.relations:
            self._relations.setdefault(rel.id, rel)
            self._cite(rel.id, loc, quote, conf)
        for ev in facts.events:
            self._events.setdefault(ev.id, ev)
            self._cite(ev.id, loc, quote, conf)
        for ev in facts.header_events:
            if ev.id not in self._events:
                self._events[ev.id] = ev
                self._cite(ev.id, loc, quote, conf)

    def batch(self, extra_nodes: Iterable[Node] = ()) -> Batch:
        """The store batch (``extra_nodes``: the Document node, for the file's last batch)."""
        return Batch(nodes=[*self._nodes.values(), *extra_nodes], relations=list(self._relations.values()),
                     events=list(self._events.values()), evidence=list(self._evidence.values()))

    @property
    def fact_count(self) -> int:
        return len(self._nodes) + len(self._relations) + len(self._events)

    @property
    def evidence_count(self) -> int:
        return len(self._evidence)
