"""Mutations without HTTP: merge and split (and that the questions respect them), and the
ingestion mutations' contract with the ingesters (stood in for by small fakes here)."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import pytest

from api.auth import Principal
from api.resolution import merge
from graph.builder import FactBuilder
from graph.records import Batch, WriteResult
from graph.store import Store
from tests.api.conftest import Run, codes, ok
from tests.api.world import GROUP

ANALYST = Principal("key-an", "ana", "analyst")
VIEWER = Principal("key-vi", "vic", "viewer")
INGESTER = Principal("key-in", "ingo", "ingester")
DUP = "actor:kite-unit-black"


def add_duplicate(store: Store) -> None:
    """A second report names the group differently and says it was seen with JAV-7001."""
    b = FactBuilder(store.model, title="osint_2024-05.txt", text="fictional osint", kind="Report")
    dup = b.actor("Kite Unit (Black)", "ArmedGroup", aliases=("KUB",))
    b.event("OBSERVATION", b.item(serial="JAV-7001"), "2024-05-03", to_actor=dup, quote="JAV-7001 with the KUB")
    store.write(b.batch)


MERGE = """mutation($into: ID!, $ids: [ID!]!, $reason: String!) {
  mergeEntities(into: $into, ids: $ids, reason: $reason) {
    canonical { id name aliases mergedFrom }
    decisions { id decision mergedId canonicalId author reason at document { kind title } }
  }
}"""
SPLIT = """mutation($id: ID!, $reason: String!) { splitEntity(id: $id, reason: $reason) {
  decision mergedId canonicalId author } }"""
HOLDERS = '{ custodyChain(item: "JAV-7001", asOf: "2024-06-30") { holders { id name } } }'
REACH0 = '{ whoCouldReach(item: "JAV-7001", maxHops: 0) { results { actor { id } } } }'


def test_merge_then_split_is_recorded_and_respected_by_the_questions(gql: Run, world: Store) -> None:
    add_duplicate(world)
    assert ok(gql(HOLDERS))["custodyChain"]["holders"][-1]["id"] == DUP

    merged = ok(gql(MERGE, {"into": "actor:black-kite-group", "ids": [DUP], "reason": "same leader, same area"},
                    principal=ANALYST))["mergeEntities"]
    assert merged["canonical"]["id"] == "actor:black-kite-group"
    assert {"Kite Unit (Black)", "KUB", "Black Kites"} <= set(merged["canonical"]["aliases"])
    assert merged["canonical"]["mergedFrom"] == [DUP]
    [decision] = merged["decisions"]
    assert decision["author"] == "ana (key-an)" and decision["document"]["kind"] == "Decision"

    # the merged id reads as the canonical actor, everywhere
    actor = ok(gql("query($id: ID) { actor(id: $id) { id name mergedFrom evidence { document { title } } } }",
                   {"id": DUP}))["actor"]
    assert actor["id"] == "actor:black-kite-group" and actor["mergedFrom"] == [DUP]
    assert "osint_2024-05.txt" in {e["document"]["title"] for e in actor["evidence"]}
    hits = ok(gql('{ search(text: "KUB") { entity { id } } }'))["search"]
    assert [h["entity"]["id"] for h in hits] == ["actor:black-kite-group"]
    assert ok(gql(HOLDERS))["custodyChain"]["holders"][-1]["name"] == GROUP
    reached = {r["actor"]["id"] for r in ok(gql(REACH0))["whoCouldReach"]["results"]}
    assert "actor:black-kite-group" in reached and DUP not in reached
    assert ok(gql('{ actors(kind: "ArmedGroup") { totalCount } }'))["actors"]["totalCount"] == 1

    # merging again, or merging what cannot be merged, says why
    assert codes(gql(MERGE, {"into": "actor:black-kite-group", "ids": [DUP], "reason": "again"},
                     principal=ANALYST)) == ["INVALID_INPUT"]
    assert codes(gql(MERGE, {"into": "item:JAV7001", "ids": ["item:JAV7002"], "reason": "x"},
                     principal=ANALYST)) == ["INVALID_INPUT"]
    assert codes(gql(MERGE, {"into": "actor:black-kite-group", "ids": ["actor:nobody"], "reason": "x"},
                     principal=ANALYST)) == ["NOT_FOUND"]

    # split undoes it; both decisions stay on record
    split = ok(gql(SPLIT, {"id": DUP, "reason": "different commanders after all"}, principal=ANALYST))["splitEntity"]
    assert split == {"decision": "split", "mergedId": DUP, "canonicalId": "actor:black-kite-group",
                     "author": "ana (key-an)"}
    assert ok(gql(HOLDERS))["custodyChain"]["holders"][-1]["id"] == DUP
    assert ok(gql("query($id: ID) { actor(id: $id) { id } }", {"id": DUP}))["actor"]["id"] == DUP
    log = ok(gql('{ mergeDecisions { decision mergedId reason } }'))["mergeDecisions"]
    assert [d["decision"] for d in log] == ["merge", "split"]
    assert codes(gql(SPLIT, {"id": DUP, "reason": "once more"}, principal=ANALYST)) == ["INVALID_INPUT"]


def test_only_analysts_merge_and_a_reason_is_required(gql: Run) -> None:
    args = {"into": "actor:black-kite-group", "ids": ["actor:ivan-petrenko"], "reason": "x"}
    assert codes(gql(MERGE, args, principal=VIEWER)) == ["FORBIDDEN"]
    assert codes(gql(MERGE, args, principal=INGESTER)) == ["FORBIDDEN"]
    assert codes(gql(MERGE, {**args, "reason": " "}, principal=ANALYST)) == ["INVALID_INPUT"]
    assert codes(gql(SPLIT, {"id": "actor:ivan-petrenko", "reason": "x"}, principal=VIEWER)) == ["FORBIDDEN"]


class Interleaved:
    """The world store, where another analyst's decision lands between this decision's reads
    and its write: the worst moment, every time."""

    def __init__(self, base: Store, other: Callable[[Store], object]) -> None:
        self.base, self.other, self.landed = base, other, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.base, name)

    def _first(self) -> None:
        if not self.landed:
            self.landed = True
            self.other(self.base)

    def write(self, batch: Batch) -> WriteResult:  # how decisions were written before compare and set
        self._first()
        return self.base.write(batch)

    def write_if(self, batch: Batch, expected: Mapping[str, int]) -> WriteResult:
        self._first()
        return self.base.write_if(batch, expected)


def test_a_merge_decided_on_what_another_analyst_just_changed_is_refused_as_a_conflict(gql: Run,
                                                                                       world: Store) -> None:
    add_duplicate(world)
    b = FactBuilder(world.model, title="osint_2024-06.txt", text="fictional osint 2", kind="Report")
    other = b.actor("Red Falcon group", "ArmedGroup")
    world.write(b.batch)
    racing = Interleaved(world, lambda s: merge(s, other, [DUP], author="bo", reason="same leader"))
    args = {"into": "actor:black-kite-group", "ids": [DUP], "reason": "same area"}
    result = gql(MERGE, args, principal=ANALYST, store=cast(Store, racing))
    assert codes(result) == ["CONFLICT"] and "read again" in result["errors"][0]["message"]
    # only the decision that landed first is on record; asked again, the merge says why not
    assert [(d["mergedId"], d["reason"]) for d in ok(gql("{ mergeDecisions { mergedId reason } }"))[
        "mergeDecisions"]] == [(DUP, "same leader")]
    assert codes(gql(MERGE, args, principal=ANALYST)) == ["INVALID_INPUT"]


# -- ingestion ------------------------------------------------------------------------------------

@dataclass
class FakeFileResult:
    path: Path
    status: str
    rows_rejected: int = 0
    message: str | None = None


@dataclass
class FakeSummary:
    files: list[FakeFileResult] = field(default_factory=list)
    rows_rejected: int = 0
    exit_code: int = 0


def fake_runner(calls: list[dict[str, Any]]) -> types.ModuleType:
    """Stands in for ingest.runner: records the call, writes one item per line of the file."""

    def ingest_paths(store: Store, paths: list[Path], *, sensitivity: str = "public", **_: Any) -> FakeSummary:
        calls.append({"paths": paths, "sensitivity": sensitivity, "names": [p.name for p in paths],
                      "exists": [p.is_file() for p in paths]})
        out = FakeSummary()
        for p in paths:
            lines = p.read_text().splitlines()
            b = FactBuilder(store.model, title=p.name, text=p.read_bytes(), kind="Manifest", sensitivity=sensitivity)
            good = [s for s in lines if s.startswith("M4-")]
            for s in good:
                b.item(serial=s)
            store.write(b.batch)
            rejected = len(lines) - len(good)
            out.files.append(FakeFileResult(p, "ok" if not rejected else "partial", rejected))
            out.rows_rejected += rejected
        out.exit_code = 1 if out.rows_rejected else 0
        return out

    mod = types.ModuleType("ingest.runner")
    mod.ingest_paths = ingest_paths  # type: ignore[attr-defined]
    return mod


def test_ingest_report_is_not_available_until_the_ingester_exists(gql: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ingest.report_ingest", None)  # import fails as if not written yet
    q = 'mutation { ingestReport(text: "JAV-7001 seen", meta: {title: "r.txt"}) { ok } }'
    out = gql(q, principal=INGESTER)
    assert codes(out) == ["INVALID_INPUT"] and out["errors"][0]["message"] == "report ingestion is not available"
    assert codes(gql(q, principal=VIEWER)) == ["FORBIDDEN"]


def test_ingest_report_calls_the_report_ingester(gql: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str, dict[str, Any]]] = []

    def ingest_report_text(store: Store, text: str, title: str, meta: dict[str, Any]) -> dict[str, Any]:
        seen.append((text, title, meta))
        return {"exit_code": 0, "files": [{"name": title, "status": "ok"}], "facts": 3}

    mod = types.ModuleType("ingest.report_ingest")
    mod.ingest_report_text = ingest_report_text  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ingest.report_ingest", mod)
    q = """mutation { ingestReport(text: "JAV-7001 seen", meta: {title: "r.txt", sensitivity: "restricted",
              published: "2024-05"}) { ok exitCode rowsRejected files { name status } details } }"""
    res = ok(gql(q, principal=INGESTER))["ingestReport"]
    assert res["ok"] and res["files"] == [{"name": "r.txt", "status": "ok"}] and res["details"]["facts"] == 3
    assert seen[0][2]["sensitivity"] == "restricted" and seen[0][2]["author"] == "ingo (key-in)"
    bad = 'mutation { ingestReport(text: "x", meta: {title: "r", sensitivity: "secret"}) { ok } }'
    assert codes(gql(bad, principal=INGESTER)) == ["INVALID_INPUT"]
    assert codes(gql('mutation { ingestReport(text: " ", meta: {title: "r"}) { ok } }',
                     principal=INGESTER)) == ["INVALID_INPUT"]


def test_summary_result_reads_dicts_and_dataclasses() -> None:
    from api.schema.mutations import summary_result

    r = summary_result(FakeSummary([FakeFileResult(Path("/tmp/x/a.csv"), "partial", 2, "bad date")], 2, 1))
    assert (r.ok, r.exit_code, r.rows_rejected) == (False, 1, 2)
    assert r.files[0].name == "a.csv" and r.files[0].message == "bad date"
    r = summary_result({"per_file": {"b.csv": {"rejected": [1, 2, 3]}}, "exit_code": 0})
    assert r.files[0].rows_rejected == 3 and r.rows_rejected == 3
