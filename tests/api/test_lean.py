"""The per-field shortcuts of a chain question: plain methods resolved without strawberry's
per-field machinery (api/schema/lean.py), and evidence and documents the chain already read
answered without a load (api/loaders.py). Same answers, as the other API tests check; these
check the shortcuts are taken, and not taken where they would change an answer."""

from __future__ import annotations

from typing import Any

import pytest

from api.auth import Principal
from api.loaders import Loaders
from api.schema import schema
from api.schema.lean import LEAN
from tests.api.conftest import Run, ok

CHAIN = """query($item: String!) { custodyChain(item: $item, asOf: "2024-06-30") {
  segments { index holder { name } evidence { quote document { title } } evidenceWithheld }
} }"""


def _resolve(type_name: str, field: str) -> Any:
    return schema._schema.type_map[type_name].fields[field].resolve  # type: ignore[union-attr]


def test_plain_methods_get_lean_resolvers() -> None:
    for type_name, field in (("CustodySegment", "index"), ("CustodySegment", "holder"), ("Evidence", "quote"),
                             ("Evidence", "document"), ("CustodySegment", "evidence"), ("Document", "title")):
        assert getattr(_resolve(type_name, field), LEAN, False), f"{type_name}.{field}"
    # fields with arguments keep strawberry's resolver: it converts and checks them
    for type_name, field in (("Query", "custodyChain"), ("Evidence", "context"), ("Item", "events")):
        assert not getattr(_resolve(type_name, field), LEAN, False), f"{type_name}.{field}"


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"node": 0, "visible_evidence": 0}
    for name in calls:
        real = getattr(Loaders, name)

        async def counted(self: Loaders, *args: Any, _name: str = name, _real: Any = real) -> Any:
            calls[_name] += 1
            return await _real(self, *args)

        monkeypatch.setattr(Loaders, name, counted)
    return calls


def test_a_chain_answers_its_evidence_without_loading_it_again(gql: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_loads(monkeypatch)
    chain = ok(gql(CHAIN, {"item": "JAV-7002"}))["custodyChain"]
    quotes = [ev for s in chain["segments"] for ev in s["evidence"]]
    assert quotes and all(ev["document"]["title"] for ev in quotes)
    assert calls == {"node": 0, "visible_evidence": 0}


def test_a_viewer_gets_the_same_shortcut_and_the_same_withholding(gql: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    viewer = Principal("k-viewer", "viewer", "viewer")
    before = ok(gql(CHAIN, {"item": "JAV-7002"}, principal=viewer))["custodyChain"]
    calls = _count_loads(monkeypatch)
    again = ok(gql(CHAIN, {"item": "JAV-7002"}, principal=viewer))["custodyChain"]
    assert again == before
    assert calls == {"node": 0, "visible_evidence": 0}


def test_evidence_not_yet_loaded_is_loaded(gql: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    # an item's own evidence is not primed by anything: the field loads it, as before
    calls = _count_loads(monkeypatch)
    item = ok(gql('{ item(serial: "JAV-7002") { evidence { quote document { title } } } }'))["item"]
    assert item["evidence"] and calls["visible_evidence"] == 1
