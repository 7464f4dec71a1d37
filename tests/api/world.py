"""A fictional world with the shapes of the northern-corridor scenario, built with FactBuilder:
a shipment through a hub and a border crossing to a national depot (one launcher missing
from the receipt), handovers down a brigade to a battalion at a forward base, an inventory,
a seizure from an armed group (told only by a restricted report), a serial seen in a public
border report, and time-respecting decoys (a battalion that left the base before the items
came, a member whose membership ended, a team that came to the hub after the shipment left).

Every name and serial here is made up, except real weapon systems and a real crossing.
"""

from __future__ import annotations

from graph.builder import FactBuilder
from graph.model import Model
from graph.store import Store

AS_OF = "2024-06-30"
INGESTED = "2026-01-01T00:00:00+00:00"

DONOR, CELL, NATIONAL, ARMY = ("Donor Supply Office", "Transit Cell Bravo", "National Logistics Command",
                               "Home Defence Forces")
CORPS, BRIGADE, BATTALION, OLD_BATTALION = ("Reserve Corps Bravo", "31st Reserve Brigade",
                                            "1st Battalion, 31st Reserve Brigade",
                                            "2nd Battalion, 31st Reserve Brigade")
GROUP, CUSTOMS, POLICE = "Black Kite group", "Customs Office West", "Border Police Post 2"
MEMBER, OLD_MEMBER = "Ivan Petrenko", "Mykola Shevchuk"
QUARTERMASTER, LATE_TEAM, GUARDS, OLD_GUARDS = ("Quartermaster Section T", "Logistics Team Kilo", "Border Guard Unit 5",
                                                "Border Guard Unit 3")
ORIGIN, HUB, CROSSING, DEPOT, BASE, TOWN = ("Depot Q-4", "Hub East", "Dorohusk–Yahodyn", "Depot M-2",
                                            "Forward Base Tango", "Town W")
JAVELINS = ("JAV-7001", "JAV-7002", "JAV-7003", "JAV-7004", "JAV-7005")


def _doc(model: Model, title: str, kind: str, sensitivity: str = "public") -> FactBuilder:
    return FactBuilder(model, title=title, text=f"fictional {title}", kind=kind, extractor="test", version="1",
                       sensitivity=sensitivity, ingested_at=INGESTED)


def build(model: Model) -> list[FactBuilder]:
    """The documents of the world, one builder each."""
    docs = []

    # the manifest: shipment SHP-7001, five Javelins, a Stinger, a carbine and an ammunition lot
    m = _doc(model, "shipment_SHP-7001.csv", "Manifest")
    donor, national, army = (m.actor(DONOR, "Organization"), m.actor(NATIONAL, "Organization"),
                             m.actor(ARMY, "Organization"))
    jav = m.weapon_system("FGM-148 Javelin", "ATGM", eeum=True, aliases=("Javelin",))
    stinger = m.weapon_system("FIM-92 Stinger", "MANPADS", eeum=True)
    m4 = m.weapon_system("M4 carbine", "SmallArms")
    ammo = m.weapon_system("5.56mm ammunition", "Ammunition")
    origin, depot = m.location(ORIGIN, "Depot"), m.location(DEPOT, "Depot")
    ship = m.shipment("SHP-7001", props={"consignor": donor, "consignee": national, "end_user": army, "receipt": True,
                                         "date": "2023-03-02", "origin": origin, "destination": depot})
    items = [m.item(serial=s, system=jav, locator=f"row {i + 2}") for i, s in enumerate(JAVELINS)]
    items += [m.item(serial="STG-7001", system=stinger, locator="row 7"),
              m.item(serial="M4-77001", system=m4, locator="row 8"),
              m.item(lot="LOT-9-2023", system=ammo, quantity=50000, locator="row 9")]
    for i, item in enumerate(items):
        m.relation("CONTAINS", ship, item, locator=f"row {i + 2}",
                   props={"quantity": 50000} if item.startswith("item:lot:") else None)
    docs.append(m)

    # the receipt: everything but JAV-7005
    r = _doc(model, "receipt_SHP-7001.csv", "Receipt")
    for i, item in enumerate(items):
        if item != "item:JAV7005":
            r.relation("RECEIVED", ship, item, locator=f"row {i + 2}",
                       props={"quantity_received": 50000} if item.startswith("item:lot:") else None)
    docs.append(r)

    # the event log
    e = _doc(model, "events_2023.csv", "EventLog")
    cell, brigade, battalion = (e.actor(CELL, "Organization"), e.actor(BRIGADE, "MilitaryUnit"),
                                e.actor(BATTALION, "MilitaryUnit"))
    hub, crossing, base = e.location(HUB, "Hub"), e.location(CROSSING, "BorderCrossing"), e.location(BASE, "Depot")
    e.event("STORAGE", ship, "2023-03-02", to_actor=donor, location=origin, locator="row 2")
    e.event("STORAGE", ship, "2023-03-05", to_actor=cell, location=hub, locator="row 3")
    e.event("TRANSIT", ship, "2023-03-10", to_actor=cell, location=crossing, locator="row 4")
    e.event("DELIVERY", ship, "2023-03-10", from_actor=cell, to_actor=national, location=depot, locator="row 5")
    for i, item in enumerate(["item:JAV7001", "item:JAV7002", "item:JAV7003", "item:STG7001", "item:M477001"]):
        e.event("HANDOVER", item, "2023-04-01", from_actor=national, to_actor=brigade, location=depot,
                locator=f"row {6 + i}")
    for i, item in enumerate(["item:JAV7001", "item:JAV7002"]):
        e.event("HANDOVER", item, "2023-04-20", from_actor=brigade, to_actor=battalion, location=base,
                locator=f"row {11 + i}", confidence=0.9)
    e.event("INVENTORY", "item:JAV7001", "2023-09-15", to_actor=battalion, location=base, locator="row 13")
    docs.append(e)

    # who belongs to whom, who is where, and when
    t = _doc(model, "relations.csv", "RelationTable")
    corps, old_bn = t.actor(CORPS, "MilitaryUnit"), t.actor(OLD_BATTALION, "MilitaryUnit")
    member, old_member = t.actor(MEMBER, "Person"), t.actor(OLD_MEMBER, "Person")
    group = t.actor(GROUP, "ArmedGroup", aliases=("Black Kites",))
    qm, late, guards, old_guards = (t.actor(QUARTERMASTER, "Organization"), t.actor(LATE_TEAM, "Organization"),
                                    t.actor(GUARDS, "Organization"), t.actor(OLD_GUARDS, "Organization"))
    t.relation("BASED_AT", donor, origin)
    t.relation("BASED_AT", national, depot)
    t.relation("OPERATES_AT", cell, hub, "2022-06-01")
    t.relation("OPERATES_AT", late, hub, "2023-06-01")
    t.relation("OPERATES_AT", guards, crossing, "2022-01-01")
    t.relation("OPERATES_AT", old_guards, crossing, "2021-01-01", "2022-12-31")
    t.relation("SUBORDINATE_TO", national, army)
    t.relation("SUBORDINATE_TO", corps, army)
    t.relation("SUBORDINATE_TO", brigade, corps)
    t.relation("SUBORDINATE_TO", battalion, brigade)
    t.relation("SUBORDINATE_TO", old_bn, brigade)
    t.relation("BASED_AT", battalion, base, "2023-04-01", "2023-12-31")
    t.relation("BASED_AT", old_bn, base, "2022-03-01", "2022-12-31")
    t.relation("OPERATES_AT", qm, base, "2023-01-01", "2023-12-31")
    t.relation("MEMBER_OF", member, battalion, "2023-02-01", "2023-11-30")
    t.relation("AFFILIATED_WITH", member, group, "2023-08-01")
    t.relation("MEMBER_OF", old_member, old_bn, "2022-03-01", "2022-12-31")
    docs.append(t)

    # a restricted customs note: the only source for the seizure from the armed group
    c = _doc(model, "customs_note_2024-02.txt", "Report", sensitivity="restricted")
    customs, town = c.actor(CUSTOMS, "Organization"), c.location(TOWN, "Place")
    grp = c.actor(GROUP, "ArmedGroup")
    c.event("SEIZURE", "item:JAV7002", "2024-02-10", from_actor=grp, to_actor=customs, location=town,
            quote="launcher JAV-7002 was seized from members of the Black Kite group", start=120, end=185)
    docs.append(c)

    # a public border report: the carbine turns up in a seizure
    p = _doc(model, "border_report_2024-06.txt", "Report")
    police = p.actor(POLICE, "Organization")
    p.event("SEIZURE", p.item(serial="M4-77001", quote="an M4 carbine, serial M4-77001"), "2024-06-18",
            to_actor=police, quote="border police seized an M4 carbine, serial M4-77001", start=40, end=90)
    docs.append(p)
    return docs


def write_world(store: Store) -> None:
    for b in build(store.model):
        store.write(b.batch)
