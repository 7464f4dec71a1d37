"""No N+1: a page of items with their systems, shipments, events, actors and evidence costs
the same number of store calls for 20 items as for 2 (DataLoaders batch per request). And
evidence from restricted documents is withheld from viewers, with a count."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from api.auth import LOCAL, Principal
from api.context import Context
from api.schema import run
from graph.builder import FactBuilder
from graph.store import Store
from tests.api.conftest import Run, ok, settings_for

P = ParamSpec("P")
T = TypeVar("T")


class CountingStore:
    """A proxy that counts every store call by method name."""

    def __init__(self, base: Store) -> None:
        self._base = base
        self.calls: Counter[str] = Counter()
        self.model = base.model

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._base, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return attr(*args, **kwargs)

        return counted


PAGE = """query($first: Int) { items(first: $first) { edges { node {
  id serial system { name } evidence { quote document { title } } evidenceWithheld
  shipments { ref consignor { name } }
  events { type toActor { name } location { name } evidence { document { title } } }
} } } }"""


def many_items(store: Store, n: int) -> None:
    b = FactBuilder(store.model, title="log.csv", text="fictional page log", kind="EventLog")
    jav = b.weapon_system("FGM-148 Javelin", "ATGM")
    unit, depot = b.actor("9th Test Brigade", "MilitaryUnit"), b.location("Depot T-1", "Depot")
    ship = b.shipment("SHP-9900")
    for i in range(n):
        item = b.item(serial=f"JAV-9{i:03d}", system=jav)
        b.relation("CONTAINS", ship, item)
        b.event("HANDOVER", item, "2023-04-01", to_actor=b.actor(f"Company {i}", "MilitaryUnit"), location=depot)
        b.event("INVENTORY", item, "2023-09-01", to_actor=unit, location=depot)
    store.write(b.batch)


class InlineContext(Context):
    """Store calls run on the event loop, not in worker threads: which loads share a batch then
    depends only on the resolver tree, not on which thread finishes first, so the count is
    exact (under heavy load threaded batches sometimes split in two)."""

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        return fn(*args, **kwargs)


def test_store_calls_do_not_grow_with_the_page(store: Store, tmp_path: Path) -> None:
    many_items(store, 20)
    counts = {}
    for first in (2, 20):
        counting = CountingStore(store)
        out = run(PAGE, {"first": first}, InlineContext(counting, settings_for(tmp_path), LOCAL))  # type: ignore[arg-type]
        assert "errors" not in out and len(out["data"]["items"]["edges"]) == first
        counts[first] = sum(counting.calls.values())
    # N+1 would add ~20 calls per field
    assert counts[20] == counts[2], counts
    assert counts[20] <= 12, counts


VIEWER = Principal("key-v", "vic", "viewer")
ANALYST = Principal("key-a", "ana", "analyst")
SEIZURE = """{ custodyChain(item: "JAV-7002") { segments { holder { name } evidence { document { title } }
  evidenceWithheld events { type evidence { quote } evidenceWithheld } } } }"""


def test_restricted_evidence_is_withheld_from_viewers_and_counted(gql: Run) -> None:
    def segments(principal: Principal) -> list[dict[str, Any]]:
        return list(ok(gql(SEIZURE, principal=principal))["custodyChain"]["segments"])

    seen = next(s for s in segments(ANALYST) if s["holder"]["name"] == "Customs Office West")
    assert seen["evidenceWithheld"] == 0
    assert [e["document"]["title"] for e in seen["evidence"]] == ["customs_note_2024-02.txt"]
    # the seizure only the restricted note tells is not in a viewer's chain at all
    assert "Customs Office West" not in [s["holder"]["name"] for s in segments(VIEWER)]
    # a fact with public evidence too stays, its restricted evidence withheld and counted
    q = '{ actor(name: "Black Kite group") { evidenceWithheld evidence { document { title } } } }'
    group = ok(gql(q, principal=VIEWER))["actor"]
    assert group["evidenceWithheld"] == 1 and [e["document"]["title"] for e in group["evidence"]] == ["relations.csv"]
    assert ok(gql(q, principal=ANALYST))["actor"]["evidenceWithheld"] == 0
    # the document itself: to a viewer, as if it were not there
    doc = ok(gql('{ search(text: "Customs Office West") { entity { evidence { document { id } } } } }',
                 principal=ANALYST))["search"][0]["entity"]["evidence"][0]["document"]["id"]
    out = gql("query($id: ID) { document(id: $id) { title } }", {"id": doc}, principal=VIEWER)
    assert out["errors"][0]["extensions"]["code"] == "NOT_FOUND"


ENDS = """query($id: ID!) { location(id: $id) {
  plain: relations(types: ["BASED_AT"]) { source { id } target { name } }
  viaFragment: relations { ...R }
  viaInline: relations { ... on RelationFact { type source { ... on Actor { name kind } } } }
  bare: relations { id sourceId targetId }
} }
fragment R on RelationFact { type sourceId source { id name } target { id } }"""


def test_relation_ends_come_from_one_batch_however_the_query_names_them(store: Store, tmp_path: Path) -> None:
    b = FactBuilder(store.model, title="bases.csv", text="fictional bases", kind="RelationTable")
    hub = b.location("Hub T-9", "Hub")
    for i in range(30):
        b.relation("BASED_AT" if i % 2 else "OPERATES_AT", b.actor(f"Team T-{i:02d}", "Organization"), hub)
    store.write(b.batch)
    counting = CountingStore(store)
    out = run(ENDS, {"id": "location:hub-t-9"}, InlineContext(counting, settings_for(tmp_path), LOCAL))  # type: ignore[arg-type]
    assert "errors" not in out, out
    loc = out["data"]["location"]
    assert len(loc["plain"]) == 15 and {r["target"]["name"] for r in loc["plain"]} == {"Hub T-9"}
    assert {r["source"]["id"] for r in loc["plain"]} == {f"actor:team-t-{i:02d}" for i in range(1, 30, 2)}
    assert all(r["source"]["id"] == r["sourceId"] and r["target"]["id"] == "location:hub-t-9"
               and r["source"]["name"].startswith("Team T-") for r in loc["viaFragment"])
    assert len(loc["viaInline"]) == 30 and all(r["source"]["kind"] == "Organization" for r in loc["viaInline"])
    assert len(loc["bare"]) == 30
    # the location itself, then the relations once, then all their ends in one call
    assert counting.calls["relations"] == 1 and counting.calls["nodes"] <= 2, counting.calls
