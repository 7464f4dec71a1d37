"""Custody chain rules on tiny literal graphs, on every store."""

from __future__ import annotations

from datetime import date

import pytest

from graph.builder import FactBuilder
from graph.errors import NotFound
from graph.model import Model
from graph.store import Store
from queries.chain import CustodyChain, custody_chain

AS_OF = date(2024, 6, 30)


def world(model: Model) -> FactBuilder:
    return FactBuilder(model, title="log.csv", text="fictional log", kind="EventLog")


def names(store: Store, chain: CustodyChain) -> list[str]:
    nodes = store.nodes(chain.holders())
    return [nodes[h].name for h in chain.holders()]


def kinds(chain: CustodyChain) -> list[str]:
    return [a.kind for a in chain.anomalies]


def shipment_world(model: Model, *, receipt: list[str] | None) -> FactBuilder:
    """Two launchers shipped from a donor depot through a hub to a national depot."""
    b = world(model)
    jav = b.weapon_system("FGM-148 Javelin", "ATGM", eeum=True)
    donor = b.actor("Donor Agency", "Organization")
    cell = b.actor("Transit Cell", "Organization")
    national = b.actor("Supply Command", "Organization")
    army = b.actor("Home Army", "Organization")
    b.relation("SUBORDINATE_TO", national, army)
    origin, hub, depot = (b.location("Depot D-9", "Depot"), b.location("Hub West", "Hub"),
                          b.location("Depot K-2", "Depot"))
    ship = b.shipment("SHP-7", props={"consignor": donor, "consignee": national, "end_user": army,
                                      "receipt": receipt is not None})
    for serial in ("JAV-0001", "JAV-0002"):
        item = b.item(serial=serial, system=jav)
        b.relation("CONTAINS", ship, item)
        if receipt is not None and serial in receipt:
            b.relation("RECEIVED", ship, item)
    b.event("STORAGE", ship, "2023-03-02", to_actor=donor, location=origin)
    b.event("STORAGE", ship, "2023-03-05", to_actor=cell, location=hub)
    b.event("DELIVERY", ship, "2023-03-10", from_actor=cell, to_actor=national, location=depot)
    return b


def test_shipment_events_apply_to_every_item_in_order(store: Store, model: Model) -> None:
    store.write(shipment_world(model, receipt=None).batch)
    chain = custody_chain(store, "JAV-0002", as_of=AS_OF)
    assert names(store, chain) == ["Donor Agency", "Transit Cell", "Supply Command"]
    assert [s.location for s in chain.segments] == ["location:depot-d-9", "location:hub-west",
                                                    "location:depot-k-2"]
    assert str(chain.segments[0].start) == "2023-03-02" and str(chain.segments[0].end) == "2023-03-05"
    assert chain.segments[-1].end is None
    assert all(chain.evidence[e] for s in chain.segments for e in s.events)


def test_item_missing_from_the_receipt_is_not_received(store: Store, model: Model) -> None:
    store.write(shipment_world(model, receipt=["JAV-0001"]).batch)
    missing = custody_chain(store, "JAV-0002", as_of=AS_OF)
    assert names(store, missing) == ["Donor Agency", "Transit Cell"]
    assert kinds(missing) == ["not_received"]
    assert missing.anomalies[0].shipment == "shipment:SHP7"
    received = custody_chain(store, "JAV-0001", as_of=AS_OF)
    assert names(store, received)[-1] == "Supply Command" and "not_received" not in kinds(received)


def test_break_when_the_next_event_names_another_giver(store: Store, model: Model) -> None:
    b = world(model)
    item = b.item(serial="M4-1")
    a, c, x = (b.actor(n, "MilitaryUnit") for n in ("Alpha Company", "Charlie Company", "Xray Company"))
    b.event("HANDOVER", item, "2023-01-01", to_actor=a)
    b.event("HANDOVER", item, "2023-02-01", from_actor=x, to_actor=c)
    store.write(b.batch)
    chain = custody_chain(store, "M4-1", as_of=AS_OF)
    # the named giver is put in between, as a holder nothing says how it got the item
    assert names(store, chain) == ["Alpha Company", "Xray Company", "Charlie Company"]
    assert chain.segments[1].inferred
    [brk] = chain.anomalies
    assert brk.kind == "break" and brk.actors == (a, x)


def test_no_break_when_the_giver_is_the_holder(store: Store, model: Model) -> None:
    b = world(model)
    item = b.item(serial="M4-1")
    a, c = b.actor("Alpha Company", "MilitaryUnit"), b.actor("Charlie Company", "MilitaryUnit")
    b.event("HANDOVER", item, "2023-01-01", to_actor=a)
    b.event("HANDOVER", item, "2023-02-01", from_actor=a, to_actor=c)
    # a second source tells the same handover as a TRANSFER: one step, not a break
    b.event("TRANSFER", item, "2023-02-01", from_actor=a, to_actor=c)
    store.write(b.batch)
    chain = custody_chain(store, "M4-1", as_of=AS_OF)
    assert names(store, chain) == ["Alpha Company", "Charlie Company"]
    assert chain.anomalies == [] and len(chain.segments[1].events) == 2


def test_gap_after_a_handover_to_nobody_known(store: Store, model: Model) -> None:
    b = world(model)
    item = b.item(serial="M4-1")
    a, c = b.actor("Alpha Company", "MilitaryUnit"), b.actor("Charlie Company", "MilitaryUnit")
    b.event("HANDOVER", item, "2023-01-01", to_actor=a)
    b.event("TRANSFER", item, "2023-02-01", from_actor=a)  # receiver not named
    b.event("INVENTORY", item, "2023-05-01", to_actor=c)
    store.write(b.batch)
    chain = custody_chain(store, "M4-1", as_of=AS_OF)
    [gap] = chain.anomalies
    assert gap.kind == "gap" and gap.days == 89 and gap.segments == (0, 1)


def test_conflict_when_two_holders_are_claimed_the_same_day(store: Store, model: Model) -> None:
    b = world(model)
    item = b.item(serial="M4-1")
    a, c = b.actor("Alpha Company", "MilitaryUnit"), b.actor("Charlie Company", "MilitaryUnit")
    b.event("INVENTORY", item, "2023-05-01", to_actor=a)
    b.event("OBSERVATION", item, "2023-05-01", to_actor=c)
    store.write(b.batch)
    assert "conflict" in kinds(custody_chain(store, "M4-1", as_of=AS_OF))


def unauthorised_world(model: Model, seizer: tuple[str, str]) -> FactBuilder:
    b = shipment_world(model, receipt=None)
    bde = b.actor("5th Brigade", "MilitaryUnit")
    b.relation("SUBORDINATE_TO", bde, "actor:home-army")
    grp = b.actor("Grey Heron group", "ArmedGroup")
    item = "item:JAV0001"
    b.event("HANDOVER", item, "2023-04-01", from_actor="actor:supply-command", to_actor=bde)
    b.event("SEIZURE", item, "2024-02-11", from_actor=grp, to_actor=b.actor(*seizer))
    return b


def test_unauthorised_holder_after_delivery_but_not_the_hierarchy_or_police(store: Store, model: Model) -> None:
    store.write(unauthorised_world(model, ("Customs Post 4", "Organization")).batch)
    chain = custody_chain(store, "JAV-0001", as_of=AS_OF)
    assert names(store, chain) == ["Donor Agency", "Transit Cell", "Supply Command", "5th Brigade",
                                   "Grey Heron group", "Customs Post 4"]
    flagged = [a.holder for a in chain.anomalies if a.kind == "unauthorised_holder"]
    assert flagged == ["actor:grey-heron-group"]
    assert [a.actors for a in chain.anomalies if a.kind == "break"] == [("actor:5th-brigade",
                                                                        "actor:grey-heron-group")]


def test_a_seizure_by_an_armed_group_is_not_a_recovery(store: Store, model: Model) -> None:
    store.write(unauthorised_world(model, ("Black Kite band", "ArmedGroup")).batch)
    chain = custody_chain(store, "JAV-0001", as_of=AS_OF)
    flagged = {a.holder for a in chain.anomalies if a.kind == "unauthorised_holder"}
    assert flagged == {"actor:grey-heron-group", "actor:black-kite-band"}


def test_overdue_monitored_item_without_inventory(store: Store, model: Model) -> None:
    b = shipment_world(model, receipt=None)
    b.event("INVENTORY", "item:JAV0001", "2023-09-15", to_actor="actor:supply-command")
    store.write(b.batch)
    late = custody_chain(store, "JAV-0002", as_of=AS_OF)
    [overdue] = [a for a in late.anomalies if a.kind == "overdue"]
    assert overdue.days == (AS_OF - date(2023, 3, 10)).days
    checked = custody_chain(store, "JAV-0001", as_of=AS_OF)
    assert "overdue" not in kinds(checked)
    assert "overdue" not in kinds(custody_chain(store, "JAV-0002", as_of=date(2024, 3, 1)))
    assert "overdue" not in kinds(custody_chain(store, "JAV-0002", as_of=AS_OF, overdue_days=500))


def test_partial_dates_order_and_undated_events_are_set_aside(store: Store, model: Model) -> None:
    b = world(model)
    item = b.item(serial="M4-1")
    a, c = b.actor("Alpha Company", "MilitaryUnit"), b.actor("Charlie Company", "MilitaryUnit")
    b.event("HANDOVER", item, "2024-01", from_actor=a, to_actor=c)  # "in January"
    b.event("HANDOVER", item, "2023", to_actor=a)
    b.event("OBSERVATION", item, None, to_actor=c)
    store.write(b.batch)
    chain = custody_chain(store, "M4-1", as_of=AS_OF)
    assert names(store, chain) == ["Alpha Company", "Charlie Company"]
    assert len(chain.undated) == 1
    assert chain.segments[0].interval.end == date(2024, 1, 31)


def test_unknown_serial_suggests_close_matches(store: Store, model: Model) -> None:
    store.write(shipment_world(model, receipt=None).batch)
    with pytest.raises(NotFound, match="JAV-0001"):
        custody_chain(store, "JAV-0011")
