"""The per-field shortcuts of a chain question: plain methods resolved without strawberry's
per-field machinery (api/schema/lean.py), and evidence and documents the chain already read
answered without a load (api/loaders.py), and leaves of plain methods completed without graphql-core's
generic machinery (LeanExecution). Same answers, as the other API tests check; these
check the shortcuts are taken, and not taken where they would change an answer."""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import pytest
import strawberry

from api.auth import Principal
from api.loaders import Loaders
from api.schema import schema
from api.schema.lean import LEAN, LeanExecution, lean_resolvers
from tests.api.conftest import Run, ok

CHAIN = """query($item: String!) { custodyChain(item: $item, asOf: "2024-06-30") {
  segments { index holder { name } evidence { quote document { title } } evidenceWithheld }
} }"""


def _resolve(type_name: str, field: str) -> Any:
    return schema._schema.type_map[type_name].fields[field].resolve  # type: ignore[attr-defined]


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


# -- lean leaves (api/schema/lean.py, LeanExecution) -----------------------------------------------

@strawberry.enum
class Colour(enum.Enum):
    RED = "red"


@strawberry.type
class Thing:
    n: strawberry.Private[int]

    @strawberry.field
    def name(self) -> str:
        return f"thing {self.n}"

    @strawberry.field
    def colour(self) -> Colour:
        return Colour.RED

    @strawberry.field
    def maybe(self) -> str | None:
        return None

    @strawberry.field
    def missing(self) -> str:
        return None  # type: ignore[return-value]  # a bug in a resolver: graphql-core reports it

    @strawberry.field
    def boom(self) -> int | None:
        raise ValueError(f"no number for thing {self.n}")

    @strawberry.field
    def wrong(self) -> int | None:
        return "seven"  # type: ignore[return-value]  # a value the scalar refuses

    @strawberry.field
    async def later(self) -> str:
        return "awaited"


@strawberry.type
class Other:
    @strawberry.field
    def name(self) -> str:
        return "other"


@strawberry.type
class Box:
    @strawberry.field
    def things(self) -> list[Thing]:
        return [Thing(n=1), Thing(n=2)]

    @strawberry.field
    def strict(self) -> Thing | None:
        return Thing(n=3)

    @strawberry.field
    def one(self) -> Thing:
        return Thing(n=4)

    @strawberry.field
    def nothing(self) -> Thing | None:
        return None

    @strawberry.field
    def absent(self) -> Thing:
        return None  # type: ignore[return-value]  # a bug: graphql-core reports it, and nulls the parent

    @strawberry.field
    def stranger(self) -> Thing | None:
        return Other()  # type: ignore[return-value]  # not a Thing: completed by graphql-core (its error)

    @strawberry.field
    def holes(self) -> list[Thing] | None:
        return [Thing(n=5), None]  # type: ignore[list-item]  # a null item in a list of non-null items

    @strawberry.field
    def raising(self) -> list[Thing] | None:
        raise LookupError("no things here")

    @strawberry.field
    def asked(self, info: strawberry.Info) -> list[Thing]:
        return [Thing(n=len(info.path.as_list()))]

    @strawberry.field(graphql_type=list[Thing] | None)
    def awaited(self, info: strawberry.Info) -> Any:
        async def later() -> list[Thing]:
            return [Thing(n=7)]

        return later()  # as a field answered from a loader: graphql-core awaits it

    @strawberry.field
    def tuple_of(self) -> list[Thing] | None:
        return (Thing(n=6),)  # type: ignore[return-value]  # any iterable is a list to graphql-core


@strawberry.type
class Shelf:
    @strawberry.field
    def boxes(self) -> list[Box] | None:
        return [Box(), Box()]


@strawberry.type
class LeafQuery:
    @strawberry.field
    def box(self) -> Box:
        return Box()

    @strawberry.field
    def shelf(self) -> Shelf:
        return Shelf()


def _leaf_schema(execution: type[LeanExecution] | None) -> strawberry.Schema:
    built = strawberry.Schema(query=LeafQuery, execution_context_class=execution)
    lean_resolvers(built)
    return built


LEAVES = "{ box { things { name colour maybe boom wrong later } strict { name missing } } }"
OBJECTS = """{ box { one { name later } nothing { name } stranger { name } holes { name } raising { name }
  tupleOf { name } asked { name } awaited { name boom }
  withSkip: things @skip(if: true) { name } withInclude: things @include(if: true) { name } }
  shelf { boxes { one { name } things { name boom } absent { name } } } }"""


def test_lean_leaves_answer_and_fail_as_graphql_core_does() -> None:
    plain = asyncio.run(_leaf_schema(None).execute(LEAVES))
    fast = asyncio.run(_leaf_schema(LeanExecution).execute(LEAVES))
    assert fast.data == plain.data
    assert fast.data == {"box": {"things": [
        {"name": "thing 1", "colour": "RED", "maybe": None, "boom": None, "wrong": None, "later": "awaited"},
        {"name": "thing 2", "colour": "RED", "maybe": None, "boom": None, "wrong": None, "later": "awaited"}],
        "strict": None}}  # a null in a non-null leaf nulls its parent
    assert [(e.message, e.path, e.locations) for e in fast.errors or []] == \
        [(e.message, e.path, e.locations) for e in plain.errors or []]
    assert {tuple(e.path or ()) for e in fast.errors or []} >= {("box", "things", 0, "boom"),
                                                                ("box", "strict", "missing")}


def test_lean_objects_answer_and_fail_as_graphql_core_does() -> None:
    plain = asyncio.run(_leaf_schema(None).execute(OBJECTS))
    fast = asyncio.run(_leaf_schema(LeanExecution).execute(OBJECTS))
    assert fast.data == plain.data
    assert fast.data is not None and fast.data["box"]["one"] == {"name": "thing 4", "later": "awaited"}
    assert fast.data["box"]["tupleOf"] == [{"name": "thing 6"}] and "withSkip" not in fast.data["box"]
    assert fast.data["box"]["asked"] == [{"name": "thing 2"}]  # its info has its path
    assert fast.data["box"]["awaited"] == [{"name": "thing 7", "boom": None}]
    assert fast.data["shelf"] == {"boxes": None}  # a null in a non-null object nulls up to the nullable list
    assert [(e.message, e.path, e.locations) for e in fast.errors or []] == \
        [(e.message, e.path, e.locations) for e in plain.errors or []]
    assert {tuple(e.path or ()) for e in fast.errors or []} >= {
        ("box", "stranger", "name"), ("box", "holes", 1), ("box", "awaited", 0, "boom"), ("box", "raising"),
        ("shelf", "boxes", 0, "absent")}


def test_lean_leaves_build_no_resolve_info(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[str] = []
    real = LeanExecution.build_resolve_info

    def counted(self: LeanExecution, field_def: Any, field_nodes: Any, parent_type: Any, path: Any) -> Any:
        built.append(f"{parent_type.name}.{field_nodes[0].name.value}")
        return real(self, field_def, field_nodes, parent_type, path)

    monkeypatch.setattr(LeanExecution, "build_resolve_info", counted)
    out = asyncio.run(_leaf_schema(LeanExecution).execute("{ box { things { name colour maybe } } }"))
    assert not out.errors
    assert "Thing.name" not in built and "Thing.colour" not in built and "Thing.maybe" not in built
    # objects and lists of objects of plain methods too, but not what is not of the field's own class
    assert "Box.things" not in built and "LeafQuery.box" not in built
    built.clear()
    out = asyncio.run(_leaf_schema(LeanExecution).execute("{ box { stranger { name } holes { name } } }"))
    assert out.errors and "Box.stranger" in built and "Box.holes" in built
