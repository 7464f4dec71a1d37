"""How records become Neo4j properties and rows, and back (used by the store and the Cypher export).

Properties Neo4j cannot hold natively (maps, lists of mixed or nested values, integers
beyond 64 bits) and props that would shadow our own properties (``id``, ``name``...)
are kept together as one JSON text property ``_json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from graph.dates import PartialDate, parse_date_or_none
from graph.errors import InvalidInput
from graph.records import DEFAULT_MODALITY, Event, Evidence, Node, Relation, node_keys

# Our own properties on each kind of record; a prop of the same name goes to _json.
JSON_PROP = "_json"
NODE_FIELDS = frozenset({"id", "label", "kind", "name", "aliases", "_version", "_lock", JSON_PROP})
RELATION_FIELDS = frozenset({"id", "valid_from", "valid_to", "from_day", "to_day", JSON_PROP})
EVENT_FIELDS = frozenset({"id", "type", "subject", "date", "day", "from_actor", "to_actor", "location",
                          "quantity", "confidence", "modality", JSON_PROP})

_INT64 = (-(2**63), 2**63)


# -- values -----------------------------------------------------------------------------
def is_native(value: Any, *, in_list: bool = False) -> bool:
    """Whether Neo4j stores ``value`` as a property as it is (and gives it back equal)."""
    if isinstance(value, bool | float | str):
        return True
    if isinstance(value, int):
        return _INT64[0] <= value < _INT64[1]
    if isinstance(value, list | tuple) and not in_list:
        # Neo4j lists are homogeneous arrays of one scalar type.
        return len({type(v) for v in value}) <= 1 and all(is_native(v, in_list=True) for v in value)
    return False


def to_props(props: Mapping[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    """The record's props as Neo4j properties: native ones as they are, the rest in ``_json``."""
    native: dict[str, Any] = {}
    other: dict[str, Any] = {}
    for key, value in props.items():
        if value is None:  # the embedded store drops None too (its JSON has no nulls)
            continue
        if key not in reserved and is_native(value):
            native[key] = list(value) if isinstance(value, tuple) else value
        else:
            other[key] = value
    if other:
        try:
            native[JSON_PROP] = json.dumps(other, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"props {sorted(other)} cannot be stored: {exc}") from exc
    return native


def from_props(stored: Mapping[str, Any], reserved: frozenset[str]) -> dict[str, Any]:
    """The inverse of :func:`_props`: a record's props from its stored properties."""
    out = {k: v for k, v in stored.items() if k not in reserved}
    if stored.get(JSON_PROP):
        out.update(json.loads(stored[JSON_PROP]))
    return out










# -- records ------------------------------------------------------------------------------
def node_from(stored: Mapping[str, Any]) -> Node:
    return Node(stored["id"], stored["label"], stored["kind"], stored["name"],
                tuple(sorted(stored.get("aliases") or ())), from_props(stored, NODE_FIELDS))


def relation_from(stored: Mapping[str, Any], type_: str, source: str, target: str) -> Relation:
    return Relation(stored["id"], type_, source, target, parse_date_or_none(stored.get("valid_from")),
                    parse_date_or_none(stored.get("valid_to")), from_props(stored, RELATION_FIELDS))


def relations_from(records: Iterable[Mapping[str, Any]]) -> list[Relation]:
    """The relations of result rows with ``r`` (its properties), ``type``, ``source`` and ``target``
    columns, each once (a relation met from both ends comes twice), by id."""
    found = {r["r"]["id"]: relation_from(r["r"], r["type"], r["source"], r["target"]) for r in records}
    return sorted(found.values(), key=lambda r: r.id)


def event_from(stored: Mapping[str, Any]) -> Event:
    quantity = stored.get("quantity")
    return Event(
        stored["id"], stored["type"], stored["subject"],
        PartialDate.parse(stored["date"]) if stored.get("date") else None,
        stored.get("from_actor"), stored.get("to_actor"), stored.get("location"),
        float(quantity) if quantity is not None else None, float(stored["confidence"]),
        from_props(stored, EVENT_FIELDS), stored.get("modality") or DEFAULT_MODALITY,
    )


def evidence_from(stored: Mapping[str, Any]) -> Evidence:
    return Evidence(stored["id"], stored["fact_id"], stored["document_id"], stored["locator"], stored["quote"],
                    stored["extractor"], stored["extractor_version"], float(stored["confidence"]),
                    stored["ingested_at"], stored.get("start"), stored.get("end"),
                    stored.get("modality") or DEFAULT_MODALITY)


def evidence_by_fact(stored: Iterable[Mapping[str, Any]]) -> dict[str, list[Evidence]]:
    """Evidence records' properties as evidence lists by fact id, facts and records in id order."""
    out: dict[str, list[Evidence]] = {}
    for v in sorted(map(evidence_from, stored), key=lambda v: (v.fact_id, v.id)):
        out.setdefault(v.fact_id, []).append(v)
    return out


def node_row(n: Node) -> dict[str, Any]:
    props = to_props(n.props, NODE_FIELDS)
    props.update(id=n.id, label=n.label, kind=n.kind, name=n.name)
    # one per (key, kind), the first value (two aliases may normalise to one key): the merge
    # CREATEs a new node's links (graph.cypher.nodes), where MERGE kept the first
    firsts: dict[tuple[str, str], str] = {}
    for k, kind, v in node_keys(n):
        firsts.setdefault((k, kind), v)
    keys = [{"key": k, "kind": kind, "value": v} for (k, kind), v in firsts.items()]
    return {"id": n.id, "label": n.label, "props": props, "keys": keys, "aliased": any(n.aliases)}


def relation_row(r: Relation) -> dict[str, Any]:
    props = to_props(r.props, RELATION_FIELDS)
    props["id"] = r.id
    if r.valid_from is not None:
        props["valid_from"], props["from_day"] = str(r.valid_from), r.valid_from.start
    if r.valid_to is not None:
        props["valid_to"], props["to_day"] = str(r.valid_to), r.valid_to.end
    return {"id": r.id, "source": r.source, "target": r.target, "props": props}


def event_row(e: Event) -> dict[str, Any]:
    props = to_props(e.props, EVENT_FIELDS)
    fields = {"id": e.id, "type": e.type, "subject": e.subject,
              "date": str(e.date) if e.date else None, "day": e.date.start if e.date else None,
              "from_actor": e.from_actor, "to_actor": e.to_actor, "location": e.location,
              # REAL in the embedded store: a quantity reads back as a float from both.
              "quantity": float(e.quantity) if e.quantity is not None else None, "modality": e.modality}
    props.update((k, v) for k, v in fields.items() if v is not None)
    return {"id": e.id, "confidence": float(e.confidence), "props": props}


# -- one row per id: a batch that names a fact twice is written as the same rows in turn would be ---
def _one_per_id(rows: Iterable[tuple[str, dict[str, Any]]],
                fold: Callable[[dict[str, Any], dict[str, Any]], None]) -> list[dict[str, Any]]:
    """The rows in order of first mention of their id, each later row of an id folded into the
    first by ``fold(first, later)``."""
    out: dict[str, dict[str, Any]] = {}
    for key, row in rows:
        first = out.get(key)
        if first is None:
            out[key] = row
        else:
            fold(first, row)
    return list(out.values())


def _fold_node(first: dict[str, Any], row: dict[str, Any]) -> None:
    first["props"] = {**row["props"], **first["props"]}
    seen = {(k["key"], k["kind"]) for k in first["keys"]}
    first["keys"] += [k for k in row["keys"] if (k["key"], k["kind"]) not in seen]
    first["aliased"] = first["aliased"] or row["aliased"]


def node_rows(nodes: Iterable[Node]) -> list[dict[str, Any]]:
    """One row per node id, in order of first mention: a later row of the same id only adds the
    properties and keys the earlier ones lack (the merge's rule for a node already written). The
    merge decides ``fresh`` for every row before it sets any, so two rows of one id in one statement
    would both count as new and the last would win; and each repeat is work for the server."""
    return _one_per_id(((n.id, node_row(n)) for n in nodes), _fold_node)


def _fold_event(first: dict[str, Any], row: dict[str, Any]) -> None:
    first["confidence"] = max(first["confidence"], row["confidence"])
    modality = row["props"].get("modality")
    if modality == DEFAULT_MODALITY or first["props"].get("modality") is None:
        first["props"]["modality"] = modality
    first["props"] = {**row["props"], **first["props"]}


def event_rows(events: Iterable[Event]) -> list[dict[str, Any]]:
    """One row per event id, folded by the merge's rules for an event already written (see
    :data:`graph.cypher.events.MERGE_EVENTS`): the highest confidence, ``reported`` once a
    row reports it, otherwise the first row's modality, and the first value of every property."""
    return _one_per_id(((e.id, event_row(e)) for e in events), _fold_event)


def evidence_rows(evidence: Iterable[Evidence]) -> list[dict[str, Any]]:
    """One row per evidence id, the first (evidence is insert or ignore)."""
    out: dict[str, dict[str, Any]] = {}
    for v in evidence:
        if v.id not in out:
            out[v.id] = evidence_row(v)
    return list(out.values())


def evidence_row(v: Evidence) -> dict[str, Any]:
    props = {"id": v.id, "fact_id": v.fact_id, "document_id": v.document_id, "locator": v.locator,
             "quote": v.quote, "extractor": v.extractor, "extractor_version": v.extractor_version,
             "confidence": float(v.confidence), "ingested_at": v.ingested_at, "start": v.start, "end": v.end,
             "modality": v.modality}
    return {"id": v.id, "props": {k: x for k, x in props.items() if x is not None}}
