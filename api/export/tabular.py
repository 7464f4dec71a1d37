"""CSV: one zip file holding ``nodes.csv``, ``edges.csv`` and ``evidence.csv``.

A zip rather than a folder so the same output goes to a file, to stdout and over HTTP. Nodes and
edges have one column per attribute (:data:`~api.export.elements.NODE_ATTRS`, ``EDGE_ATTRS``);
``evidence.csv`` has one row per evidence record (``fact_id`` is the node's or edge's ``id``, or
``fact`` for an event's links, which share their event's evidence). Rows are written as they
come; the evidence rows wait in a temporary file until the zip reaches them.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterable
from typing import IO, Any

from api.export.elements import EDGE_ATTRS, NODE_ATTRS, Element

__all__ = ["EVIDENCE_COLUMNS", "write_csv_zip"]

EVIDENCE_COLUMNS = ("fact_id", "document", "document_id", "url", "locator", "quote", "extractor",
                    "extractor_version", "confidence", "ingested_at", "start", "end")
_NODE_COLUMNS = ("id", *(n for n, _ in NODE_ATTRS if n != "evidence"))
_EDGE_COLUMNS = ("id", "source", "target", *(n for n, _ in EDGE_ATTRS if n != "evidence"))


def _rows(elements: Iterable[Element], columns: tuple[str, ...], evidence: Any) -> Iterable[list[Any]]:
    for el in elements:
        if el.evidence_of == el.id and el.attrs.get("evidence"):
            for record in json.loads(el.attrs["evidence"]):
                evidence.writerow([el.id, *(record.get(c) for c in EVIDENCE_COLUMNS[1:])])
        row = {"id": el.id, "source": el.source, "target": el.target, **el.attrs}
        yield [row.get(c, "") for c in columns]


def write_csv_zip(out: IO[bytes], nodes: Iterable[Element], edges: Iterable[Element]) -> None:
    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        evidence = csv.writer(spool)
        evidence.writerow(EVIDENCE_COLUMNS)
        for name, elements, columns in (("nodes.csv", nodes, _NODE_COLUMNS), ("edges.csv", edges, _EDGE_COLUMNS)):
            with zf.open(name, "w", force_zip64=True) as raw, \
                    io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                writer = csv.writer(text)
                writer.writerow(columns)
                writer.writerows(_rows(elements, columns, evidence))
        spool.seek(0)
        with zf.open("evidence.csv", "w", force_zip64=True) as raw, \
                io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
            shutil.copyfileobj(spool, text)
