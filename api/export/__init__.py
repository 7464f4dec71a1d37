"""Exports other tools open: GraphML, GEXF (Gephi), FollowTheMoney (Aleph), CSV and Cypher (Neo4j).

What is exported is a :mod:`~api.export.select` slice (one item's chain, an entity's
neighbourhood, a reach answer, the alerts, or the whole store, read in pages); how it is written
is one module per format. Every node and edge carries its evidence and validity; relations keep
their stored direction; a caller who may not see restricted documents gets none of their
evidence (:mod:`~api.export.evidence`), as from the API.

Examples
--------
>>> import io
>>> from graph.builder import FactBuilder
>>> from graph.model import load_model
>>> from graph.sqlite_store import SqliteStore
>>> store = SqliteStore(":memory:", load_model())
>>> b = FactBuilder(store.model, title="log.csv", text="fictional")
>>> _ = b.relation("MEMBER_OF", b.actor("Petro", "Person"), b.actor("7th Brigade", "MilitaryUnit"), "2023", None)
>>> _ = store.write(b.batch)
>>> out = io.BytesIO()
>>> export(store, StoreSlice(store), "graphml", out)
>>> b'<data key="e_label">is a member of</data>' in out.getvalue()
True
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Final

from api.export.cypher import write_cypher
from api.export.elements import edges, nodes
from api.export.evidence import EvidenceReader
from api.export.ftm import require_ftm, write_ftm
from api.export.select import (
    MemorySlice,
    Slice,
    StoreSlice,
    alerts_slice,
    chain_slice,
    neighbourhood_slice,
    reach_slice,
)
from api.export.tabular import write_csv_zip
from api.export.xml import write_gexf, write_graphml
from graph.errors import InvalidInput
from graph.store import Store

__all__ = [
    "FORMATS",
    "MemorySlice",
    "Slice",
    "StoreSlice",
    "alerts_slice",
    "chain_slice",
    "export",
    "neighbourhood_slice",
    "reach_slice",
]

FORMATS: Final = {
    # format: (file extension, media type)
    "graphml": ("graphml", "application/graphml+xml"),
    "gexf": ("gexf", "application/gexf+xml"),
    "ftm": ("ftm.json", "application/x-ndjson"),
    "csv": ("csv.zip", "application/zip"),
    "cypher": ("cypher", "text/plain; charset=utf-8"),
}


def check_format(fmt: str) -> str:
    """``fmt`` if it is one of :data:`FORMATS`, else a clear error listing them."""
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown export format {fmt!r}; formats: {', '.join(FORMATS)}")
    if fmt == "ftm":
        require_ftm()
    return fmt


@contextmanager
def _text(out: IO[bytes]) -> Iterator[IO[str]]:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=False)
    try:
        yield text
    finally:
        text.flush()
        text.detach()  # the caller owns ``out``


def export(store: Store, part: Slice, fmt: str, out: IO[bytes], *, sees_restricted: bool = True) -> None:
    """Write ``part`` of ``store`` to ``out`` in ``fmt``, as it is read.

    Parameters
    ----------
    sees_restricted : bool
        Whether the caller may see evidence from restricted documents (analysts and admins);
        viewers get none of it, and each element says how many records were withheld.

    Raises
    ------
    InvalidInput
        An unknown format, or ``ftm`` without the followthemoney package.
    """
    check_format(fmt)
    reader = EvidenceReader(store, sees_restricted=sees_restricted)
    model = store.model
    if fmt == "csv":
        write_csv_zip(out, nodes(part, reader), edges(part, reader, model))
        return
    with _text(out) as text:
        if fmt == "graphml":
            write_graphml(text, part.description, nodes(part, reader), edges(part, reader, model))
        elif fmt == "gexf":
            write_gexf(text, part.description, nodes(part, reader), edges(part, reader, model))
        elif fmt == "ftm":
            write_ftm(text, part, reader, model)
        else:
            write_cypher(text, part, reader, model)
