"""A viewer's export leaves restricted evidence out, in every format, as the API does; an
analyst's keeps it. Elements say how many records were withheld."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from api.export import FORMATS, StoreSlice, chain_slice
from graph.store import Store
from tests.export.conftest import exported

RESTRICTED_QUOTE = "launcher JAV-7002 was seized from members of the Black Kite group"
RESTRICTED_TITLE = "customs_note_2024-02.txt"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_viewers_get_no_restricted_evidence(world_store: Store, fmt: str) -> None:
    if fmt == "ftm":
        pytest.importorskip("followthemoney")
    for part in (StoreSlice(world_store), chain_slice(world_store, "JAV-7002")):
        analyst = exported(world_store, part, fmt, sees_restricted=True)
        viewer = exported(world_store, part, fmt, sees_restricted=False)
        if fmt == "csv":
            import zipfile

            analyst = b"".join(zipfile.ZipFile(io.BytesIO(analyst)).read(n) for n in ("nodes.csv", "evidence.csv"))
            viewer = b"".join(zipfile.ZipFile(io.BytesIO(viewer)).read(n) for n in ("nodes.csv", "evidence.csv"))
        for secret in (RESTRICTED_QUOTE, RESTRICTED_TITLE):
            assert secret.encode() in analyst, (fmt, secret)
            assert secret.encode() not in viewer, (fmt, secret)
        if isinstance(part, StoreSlice):
            assert b"border police seized an M4 carbine" in viewer  # public evidence stays


def test_withheld_records_are_counted(world_store: Store) -> None:
    data = exported(world_store, chain_slice(world_store, "JAV-7002"), "graphml", sees_restricted=False)
    graph = nx.read_graphml(io.BytesIO(data))
    seizures = [d for _, d in graph.nodes(data=True) if d.get("kind") == "SEIZURE"]
    assert [(d["evidence_withheld"], d["evidence_count"]) for d in seizures] == [(1, 0)]
