"""Standing diversion alerts over the whole graph, as of a date, each with its evidence.

Kinds: ``unauthorised_holder``, ``break``, ``conflict`` and ``overdue`` (from every
item's custody chain), ``serial_match`` (a serial in a seizure or observation report that
belongs to an item shipped under a manifest), ``quantity_mismatch`` (shipped versus
received on one shipment, per system and lot) and ``two_places`` (one serial seen in two
places on the same day).

Examples
--------
>>> from graph.builder import FactBuilder
>>> from graph.model import load_model
>>> from graph.sqlite_store import SqliteStore
>>> model = load_model()
>>> store = SqliteStore(":memory:", model)
>>> b = FactBuilder(model, title="bulletin.txt", text="fictional", kind="Report")
>>> item = b.item(serial="M4-7")
>>> _ = b.relation("CONTAINS", b.shipment("SHP-9"), item)
>>> _ = b.event("SEIZURE", item, "2024-06-18", to_actor=b.actor("border police", "Organization"))
>>> _ = store.write(b.batch)
>>> [(a.kind, a.item, a.details["report"]) for a in alerts(store, as_of=date(2024, 6, 30))]
[('serial_match', 'item:M47', 'bulletin.txt')]

Notes
-----
Chains are built in chunks of ``chunk`` items with a fixed number of batched reads per
chunk, so a run is linear in the number of items and needs memory for one chunk only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.ids import digest
from graph.records import Evidence, Node
from graph.store import Store
from queries.chain import ChainContext, CustodyChain, custody_chains

__all__ = ["ALERT_KINDS", "Alert", "alerts"]

ALERT_KINDS = ("unauthorised_holder", "break", "conflict", "serial_match", "quantity_mismatch", "overdue",
               "two_places")
_FROM_CHAIN = ("unauthorised_holder", "break", "conflict", "overdue")


@dataclass
class Alert:
    id: str
    kind: str
    message: str
    item: str | None = None
    shipment: str | None = None
    actors: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    """The events or relations the alert rests on; ``evidence`` is theirs."""
    details: dict[str, Any] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)


def alerts(
    store: Store,
    *,
    as_of: date | None = None,
    kinds: tuple[str, ...] = ALERT_KINDS,
    overdue_days: int | None = None,
    chunk: int = 500,
    with_evidence: bool = True,
) -> list[Alert]:
    """Every alert of ``kinds`` over the whole graph, as of ``as_of`` (default today):
    events dated after it are not considered."""
    day = as_of or date.today()
    ctx = ChainContext(store.model, day,
                       overdue_days if overdue_days is not None else int(store.model.settings.get("overdue_days", 365)),
                       with_evidence=False, until=day)
    out: list[Alert] = []
    for items in _chunks(store.iter_nodes("Item"), chunk):
        for chain in custody_chains(store, items, ctx):
            out.extend(_chain_alerts(chain, kinds))
            if "two_places" in kinds:
                out.extend(_two_places(chain))
        if "serial_match" in kinds:
            out.extend(_serial_matches(store, items, day))
    if "quantity_mismatch" in kinds:
        out.extend(_quantity_mismatches(store, chunk))
    if with_evidence:
        evidence = store.evidence({f for a in out for f in a.facts})
        for a in out:
            a.evidence = [ev for f in a.facts for ev in evidence.get(f, [])]
    out.sort(key=lambda a: (ALERT_KINDS.index(a.kind), a.item or a.shipment or "", a.id))
    return out


def _chunks(nodes: Iterator[Node], size: int) -> Iterator[list[Node]]:
    batch: list[Node] = []
    for n in nodes:
        batch.append(n)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _chain_alerts(chain: CustodyChain, kinds: tuple[str, ...]) -> Iterator[Alert]:
    for a in chain.anomalies:
        if a.kind not in _FROM_CHAIN or a.kind not in kinds:
            continue
        events = a.events or tuple(e for i in a.segments for e in chain.segments[i].events)
        actors = a.actors or ((a.holder,) if a.holder else ())
        details: dict[str, Any] = {"segments": list(a.segments)}
        if a.days is not None:
            details["days"] = a.days
        yield Alert(f"alert:{digest(a.kind, chain.item.id, actors, a.segments)}", a.kind,
                    f"{chain.item.name}: {a.message}", item=chain.item.id, actors=actors, facts=events,
                    details=details)


def _two_places(chain: CustodyChain) -> Iterator[Alert]:
    """Sightings (inventories, observations, seizures) of one item on one day in two places."""
    by_day: dict[date, list[str]] = defaultdict(list)
    for e in chain.events.values():
        if e.date and e.date.precision == "day" and e.location and e.type in ("INVENTORY", "OBSERVATION", "SEIZURE"):
            by_day[e.date.start].append(e.id)
    for day, ids in sorted(by_day.items()):
        places = {chain.events[i].location for i in ids}
        if len(places) > 1:
            yield Alert(f"alert:{digest('two_places', chain.item.id, day)}", "two_places",
                        f"{chain.item.name} was seen in {len(places)} places on {day}", item=chain.item.id,
                        facts=tuple(sorted(ids)), details={"date": day.isoformat(), "locations": sorted(
                            p for p in places if p)})


def _serial_matches(store: Store, items: list[Node], day: date) -> Iterator[Alert]:
    ids = [i.id for i in items if i.props.get("serial") or i.props.get("lot")]
    shipped = {r.target: r.source for r in store.relations(ids, types=["CONTAINS"], direction="in")}
    events = [e for e in store.events_of(list(shipped))
              if e.type in ("SEIZURE", "OBSERVATION") and (e.date is None or e.date.start <= day)]
    if not events:
        return
    evidence = store.evidence(e.id for e in events)
    documents = store.nodes({ev.document_id for evs in evidence.values() for ev in evs})
    names = {i.id: i.name for i in items}
    for e in events:
        reports = sorted({documents[ev.document_id].name for ev in evidence.get(e.id, [])
                          if ev.document_id in documents and documents[ev.document_id].kind == "Report"})
        for report in reports:
            yield Alert(f"alert:{digest('serial_match', e.id, report)}", "serial_match",
                        f"{names[e.subject]} ({e.type.lower()}) in {report} matches an item shipped under "
                        f"{shipped[e.subject]}", item=e.subject, shipment=shipped[e.subject],
                        actors=tuple(x for x in (e.from_actor, e.to_actor) if x), facts=(e.id,),
                        details={"report": report, "event_type": e.type})


def _quantity_mismatches(store: Store, chunk: int) -> Iterator[Alert]:
    for shipments in _chunks(store.iter_nodes("Shipment"), chunk):
        ids = [s.id for s in shipments if s.props.get("receipt", True)]
        rels = store.relations(ids, types=["CONTAINS", "RECEIVED"], direction="out")
        items = store.nodes({r.target for r in rels})
        systems = store.nodes({str(n.props["system"]) for n in items.values() if n.props.get("system")})
        shipped: dict[tuple[str, str, str], float] = defaultdict(float)
        received: dict[tuple[str, str, str], float] = defaultdict(float)
        with_receipt: set[str] = set()
        facts: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for r in rels:
            item = items.get(r.target)
            system_id = str(item.props.get("system", "")) if item else ""
            system = systems[system_id].name if system_id in systems else (system_id or "unknown system")
            key = (r.source, system, str(item.props.get("lot", "")) if item else "")
            if r.type == "CONTAINS":
                shipped[key] += float(r.props.get("quantity") or (item.props.get("quantity") if item else 1) or 1)
            else:
                with_receipt.add(r.source)
                received[key] += float(r.props.get("quantity_received") or r.props.get("quantity") or 1)
            facts[key].append(r.id)
        names = {s.id: s.name for s in shipments}
        for key in sorted(shipped):
            ship, system, lot = key
            if ship not in with_receipt or shipped[key] == received.get(key, 0.0):
                continue
            got = received.get(key, 0.0)
            what = f"{system}" + (f" lot {lot}" if lot else "")
            yield Alert(f"alert:{digest('quantity_mismatch', *key)}", "quantity_mismatch",
                        f"{names[ship]}: {what}: shipped {shipped[key]:g}, received {got:g}", shipment=ship,
                        facts=tuple(sorted(facts[key])[:50]),
                        details={"system": system, "lot": lot or None, "shipped": shipped[key], "received": got})
