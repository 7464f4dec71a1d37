"""The shared pipeline is kept out of the cyclic garbage collector's full collections."""

from __future__ import annotations

import gc

import pytest

from ingest import report_ingest


def test_shared_pipeline_freezes_what_it_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    # a stand-in for the loaded pipeline: a container the collector tracks
    loaded: list[object] = [object()]
    monkeypatch.setattr(report_ingest, "load_pipeline", lambda: loaded)
    try:
        # the function under the cache, so the process's real shared pipeline stays cached
        assert report_ingest.shared_pipeline.__wrapped__() is loaded
        assert gc.get_freeze_count() > 0
        assert not any(o is loaded for o in gc.get_objects())  # no collection walks it again
    finally:
        gc.unfreeze()


def test_freezing_collects_garbage_first(monkeypatch: pytest.MonkeyPatch) -> None:
    # a cycle that is already garbage when the pipeline loads is freed, not frozen for good
    class Node:
        other: object = None

    def load() -> list[object]:
        a, b = Node(), Node()
        a.other, b.other = b, a
        return []

    monkeypatch.setattr(report_ingest, "load_pipeline", load)
    try:
        report_ingest.shared_pipeline.__wrapped__()
        gc.unfreeze()
        assert not any(isinstance(o, Node) for o in gc.get_objects())
    finally:
        gc.unfreeze()
