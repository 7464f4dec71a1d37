"""What each export covers: the whole store in pages (every relation once), a neighbourhood by
hops (bounded), the alerts with the facts they rest on."""

from __future__ import annotations

import pytest

from api.export import StoreSlice, alerts_slice, neighbourhood_slice
from graph.errors import LimitExceeded, NotFound
from graph.store import Store
from tests.api.world import BATTALION, BRIGADE, GROUP, MEMBER, write_world


def test_the_whole_store_in_pages_reads_every_record_once(store: Store) -> None:
    """On every store: the export is built on the store protocol only."""
    write_world(store)
    world_store = store
    part = StoreSlice(world_store, page=3)
    counts = world_store.counts()
    relations = [r.id for batch in part.relation_batches() for r in batch]
    events = [e.id for batch in part.event_batches() for e in batch]
    nodes = [n.id for batch in part.node_batches() for n in batch]
    assert all(len(b) <= 3 for b in part.node_batches())
    assert all(len(b) <= 3 for b in part.relation_batches())
    assert len(relations) == len(set(relations)) == counts["Relation"]
    assert len(events) == len(set(events)) == counts["Event"]
    assert len(nodes) == sum(v for k, v in counts.items() if k in ("Item", "WeaponSystem", "Shipment", "Actor",
                                                                     "Location"))


def _names(part: object) -> set[str]:
    return {n.name for n in part.nodes}  # type: ignore[attr-defined]


def test_neighbourhood_by_hops(world_store: Store) -> None:
    one = neighbourhood_slice(world_store, MEMBER, hops=1)
    assert _names(one) == {MEMBER, BATTALION, GROUP}
    assert {r.type for r in one.relations} == {"MEMBER_OF", "AFFILIATED_WITH"}
    two = neighbourhood_slice(world_store, MEMBER, hops=2)
    assert BRIGADE in _names(two) and _names(one) < _names(two)
    # every fact's ends are in the slice
    ids = {n.id for n in two.nodes}
    assert all(r.source in ids and r.target in ids for r in two.relations)
    assert all(x in ids for e in two.events for x in (e.subject, e.from_actor, e.to_actor, e.location) if x)
    capped = neighbourhood_slice(world_store, MEMBER, hops=3, max_nodes=4)
    assert len(capped.nodes) <= 4 and "cut at 4 nodes" in capped.description
    assert len(neighbourhood_slice(world_store, MEMBER, hops=0).nodes) == 1
    with pytest.raises(LimitExceeded):
        neighbourhood_slice(world_store, MEMBER, hops=7)
    with pytest.raises(NotFound):
        neighbourhood_slice(world_store, "Nobody At All")


def test_alerts_with_the_facts_they_rest_on(world_store: Store) -> None:
    from datetime import date

    part = alerts_slice(world_store, as_of=date(2024, 6, 30))
    assert part.alerts
    ids = {n.id for n in part.nodes}
    facts = {e.id for e in part.events} | {r.id for r in part.relations}
    for a in part.alerts:
        assert {x for x in (a.item, a.shipment, *a.actors) if x} <= ids
        assert set(a.facts) <= facts, (a.kind, a.facts)
