"""Check a store against a scenario's ``expected.json``: every required statement holds and
no forbidden one does. Data-driven, so any scenario written the same way is checked."""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.store import Store
from queries.alerts import Alert, alerts
from queries.chain import custody_chain
from queries.reach import reachable_items, who_could_reach
from queries.resolve import resolve_node


def _names(store: Store, ids: list[str]) -> list[str]:
    nodes = store.nodes(ids)
    return [nodes[i].name if i in nodes else i for i in ids]


def _id(store: Store, name: str, label: str | None = None) -> str:
    return resolve_node(store, name, label=label).id


def check(store: Store, expected: dict[str, Any]) -> list[str]:
    """Every failed statement, as a readable line (empty when all hold)."""
    problems: list[str] = []
    as_of = date.fromisoformat(expected.get("alerts", {}).get("as_of", "2024-06-30"))
    for serial, spec in expected.get("custody_chain", {}).items():
        problems += _check_chain(store, serial, spec, as_of)
    for serial, spec in expected.get("who_could_reach", {}).items():
        problems += _check_reach(store, serial, spec, as_of)
    for actor, spec in expected.get("reachable_items", {}).items():
        _, items = reachable_items(store, actor, max_hops=spec.get("max_hops"), as_of=as_of)
        got = set(_names(store, [i.item for i in items]))
        problems += [f"reachable_items {actor}: {s} missing" for s in spec.get("required", []) if s not in got]
        problems += [f"reachable_items {actor}: {s} must not be reachable" for s in spec.get("forbidden", [])
                     if s in got]
    if "alerts" in expected:
        problems += _check_alerts(store, expected["alerts"], as_of)
    return problems


def _anomaly_matches(store: Store, a: Any, chain: Any, spec: dict[str, Any]) -> bool:
    if a.kind != spec["kind"]:
        return False
    if "holder" in spec and (a.holder is None or a.holder != _id(store, spec["holder"], "Actor")):
        return False
    if "between" in spec:
        want = [_id(store, n, "Actor") for n in spec["between"]]
        if list(a.actors[:1]) + list(a.actors[-1:]) != want and list(a.actors[:2]) != want:
            return False
    if "shipment" in spec and (a.shipment is None or a.shipment != _id(store, spec["shipment"], "Shipment")):
        return False
    if "after" in spec:
        idx = min(a.segments, default=-1)
        if idx < 0 or chain.segments[idx].holder != _id(store, spec["after"], "Actor"):
            return False
    return True


def _check_chain(store: Store, serial: str, spec: dict[str, Any], as_of: date) -> list[str]:
    out: list[str] = []
    chain = custody_chain(store, serial, as_of=as_of)
    holders = _names(store, chain.holders())
    if "holders_in_order" in spec and holders != spec["holders_in_order"]:
        out.append(f"chain {serial}: holders {holders} != {spec['holders_in_order']}")
    locations = set(_names(store, [s.location for s in chain.segments if s.location]))
    out += [f"chain {serial}: location {loc} missing (have {sorted(locations)})"
            for loc in spec.get("locations_required", []) if loc not in locations]
    for want in spec.get("anomalies_required", []):
        if not any(_anomaly_matches(store, a, chain, want) for a in chain.anomalies):
            out.append(f"chain {serial}: anomaly {want} missing (have {[(a.kind, a.actors) for a in chain.anomalies]})")
    for bad in spec.get("anomalies_forbidden", []):
        if any(_anomaly_matches(store, a, chain, bad) for a in chain.anomalies):
            out.append(f"chain {serial}: anomaly {bad} must not be reported")
    one_of = spec.get("anomalies_required_one_of", [])
    if one_of and not any(_anomaly_matches(store, a, chain, w) for w in one_of for a in chain.anomalies):
        out.append(f"chain {serial}: none of {one_of} reported")
    if spec.get("every_segment_has_evidence"):
        for seg in chain.segments:
            if not any(chain.evidence.get(e) for e in seg.events):
                out.append(f"chain {serial}: segment {seg.index} has no evidence")
    return out


def _check_reach(store: Store, serial: str, spec: dict[str, Any], as_of: date) -> list[str]:
    out: list[str] = []
    result = who_could_reach(store, serial, max_hops=spec.get("max_hops"), as_of=as_of)
    hops = {result.nodes[r.actor].name if r.actor in result.nodes else r.actor: r.hops for r in result.results}
    for name, limit in spec.get("required_with_max_hops", {}).items():
        if name not in hops:
            out.append(f"reach {serial}: {name} missing")
        elif hops[name] > limit:
            out.append(f"reach {serial}: {name} at {hops[name]} hops, expected at most {limit}")
    out += [f"reach {serial}: {name} must not be reachable" for name in spec.get("forbidden", []) if name in hops]
    if spec.get("every_result_has_a_path_with_evidence"):
        for r in result.results:
            if not r.paths or not all(result.evidence.get(st.fact) for st in r.paths[0].steps):
                out.append(f"reach {serial}: {r.actor} has no path with evidence on every step")
    return out


def _alert_matches(store: Store, a: Alert, spec: dict[str, Any]) -> bool:
    if a.kind != spec["kind"]:
        return False
    if "item" in spec and a.item != _id(store, spec["item"], "Item"):
        return False
    if "holder" in spec and _id(store, spec["holder"], "Actor") not in a.actors:
        return False
    if "shipment" in spec and a.shipment != _id(store, spec["shipment"], "Shipment"):
        return False
    if "system" in spec and a.details.get("system") != resolve_node(store, spec["system"], "WeaponSystem").name:
        return False
    for key in ("shipped", "received"):
        if key in spec and a.details.get(key) != spec[key]:
            return False
    return not ("report" in spec and a.details.get("report") != spec["report"])


def _check_alerts(store: Store, spec: dict[str, Any], as_of: date) -> list[str]:
    found = alerts(store, as_of=as_of)
    out: list[str] = []
    for want in spec.get("required", []):
        if not any(_alert_matches(store, a, want) for a in found):
            out.append(f"alert {want} missing")
        elif not all(a.evidence for a in found if _alert_matches(store, a, want)):
            out.append(f"alert {want} has no evidence")
    out += [f"alert {bad} must not be raised" for bad in spec.get("forbidden", [])
            if any(_alert_matches(store, a, bad) for a in found)]
    return out
