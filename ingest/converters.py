"""Row conversion: one table row's fields, as the mapping names them, into facts.

One converter per record kind (``CONVERTERS``, keyed by the mapping's ``record``); each
checks and normalises the row's values (serials, dates, quantities within the plausible
bounds of :mod:`ingest.quantity_bounds`, names resolved by :class:`~ingest.resolve.Resolver`)
and answers a :class:`~ingest.evidence.RowFacts`, or raises
:class:`~ingest.mapping.FieldError` naming the field and value at fault.

What each record kind writes
----------------------------
shipment (a manifest line item per row)
    The Shipment node (``shipment:<REF>``; props ``ref``, ``date``, ``consignor``,
    ``consignee``, ``end_user``, ``origin``, ``destination`` as node ids, ``via`` as a list
    of location ids), the Item (``item:<SERIAL>`` or ``item:lot:<LOT>``; props ``serial``,
    ``lot``, ``system`` (weapon-system id), ``nsn``, ``quantity``), a ``CONTAINS`` relation
    shipment → item (props ``quantity``, ``system``, ``lot``), the actors, locations and
    weapon system named, and one shipment-level ``STORAGE`` event: the consignor held the
    consignment at the origin on the shipment date (props ``{"basis": "manifest"}``), so a
    custody chain starts at the consignor.
receipt (a received serial or lot per row)
    A ``RECEIVED`` relation shipment → item (props ``quantity_received``, ``date``,
    ``received_by``, ``location``, ``system``, ``lot``) and the Shipment node with
    ``receipt: true``. **The signal of a receipt is that shipment prop**: a shipment with
    ``receipt: true`` has been signed for, and an item it ``CONTAINS`` without a
    ``RECEIVED`` relation was *not received*: the shipment's delivery does not make the
    consignee its holder. (The prop, rather than "some RECEIVED relation exists", also
    covers a receipt that lists only lots.) Quantities shipped and received stay on the
    ``CONTAINS`` and ``RECEIVED`` relations, per system and lot, for the mismatch alert;
    :func:`reconcile` sums them.
events (one custody event per row)
    An Event whose subject is the item (by serial, else lot) or, for a row with only a
    shipment ref, the SHIPMENT (a chain query expands shipment events to their items); id
    ``event_id(type, subject, date, from, to)``; ``from_actor``, ``to_actor``, ``location``
    resolved node ids; props ``notes``, ``shipment`` (an item event's shipment), ``system``.
relations (one relation per row)
    A Relation of a type from the model between actors and locations (the label of each
    end from its stated kind, e.g. ``Country`` → Actor, or from the name), with its
    validity ``valid_from``/``valid_to`` (partial dates; open ends allowed).
places (one place per row)
    The Location with its coordinates as the ``lat``/``lon`` props (decimal degrees; lat in
    [-90, 90], lon in [-180, 180], else the row is rejected naming the field), and a
    ``LOCATED_IN`` relation to the row's ``country`` when it names one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from graph.dates import PartialDate
from graph.errors import InvalidInput, ModelError
from graph.ids import normalize_nsn, normalize_serial, shipment_id
from graph.model import Model
from graph.records import Event, Node, Relation, event_id, relation_id
from ingest.evidence import RowFacts, clean_text
from ingest.mapping import (
    Binding,
    FieldError,
    is_free_text,
    parse_confidence,
    parse_date,
    parse_quantity,
)
from ingest.quantity_bounds import QuantityBounds, load_quantity_bounds
from ingest.resolve import Resolved, Resolver

__all__ = ["CONVERTERS", "MAX_KEPT", "Converter", "EventRows", "PlaceRows", "ReceiptRows", "RelationRows",
           "ShipmentRows"]

MAX_KEPT: Final = 100
"""Warnings kept in memory per file (and rejected rows, in :mod:`ingest.manifests`)."""

_FORMULA = re.compile(r"^(?:[=@]|[+\-](?![\d.]))")
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
_SERIAL_OK = re.compile(r"^\w{1,64}$")
_TYPE_RE = re.compile(r"[^0-9A-Za-z]+")
_DISPLAY_PREFIX = re.compile(r"^(?:S\s*/\s*N|SN|SERIAL(?:\s*(?:NO|NUMBER))?)[\s.:#-]*(?=\w)", re.I)


class Converter:
    """Turns a row's fields into facts; one subclass per record kind."""

    def __init__(self, model: Model, resolver: Resolver, binding: Binding,
                 bounds: QuantityBounds | None = None) -> None:
        self.model = model
        self.bounds = bounds or load_quantity_bounds()
        self.resolver = resolver
        self.binding = binding
        self.mapping = binding.mapping
        self.warnings: list[str] = []
        self.warning_count = 0
        self._nsns: dict[str, str] = {}
        self._required = self.mapping.required

    # helpers raising FieldError ----------------------------------------------------------
    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_KEPT:
            self.warnings.append(message)

    def check_required(self, f: Mapping[str, str]) -> None:
        for group in self._required:
            for g in group:
                if g in f:
                    break
            else:
                names = " or ".join(self.binding.column_of(g) for g in group)
                raise FieldError(group[0], None, f"empty: {names} must have a value")

    def text(self, f: Mapping[str, str], fld: str) -> str | None:
        value = f.get(fld)
        if value is None:
            return None
        if is_free_text(fld):
            return clean_text(value)
        if _FORMULA.match(value):
            raise FieldError(fld, value, "looks like a spreadsheet formula; formulas are data here and never "
                             f"evaluated, and this is not a valid {fld}")
        if _UNCLEAN.search(value):
            raise FieldError(fld, value, "contains control characters or undecodable bytes")
        return value

    def serial(self, f: Mapping[str, str], fld: str) -> tuple[str, str] | None:
        """(display form, normalised) of a serial, lot or reference."""
        value = self.text(f, fld)
        if value is None:
            return None
        try:
            norm = normalize_serial(value)
        except InvalidInput as exc:
            raise FieldError(fld, value, str(exc)) from None
        if not _SERIAL_OK.match(norm):
            raise FieldError(fld, value, f"not a valid {fld}: letters and digits only (after dropping spaces, "
                             "dashes, dots and slashes), at most 64")
        display = _DISPLAY_PREFIX.sub("", " ".join(value.split())).upper()
        return display, norm

    def date(self, f: Mapping[str, str], fld: str) -> PartialDate | None:
        value = self.text(f, fld)
        if value is None:
            return None
        try:
            return parse_date(value, self.mapping.date_order, self.mapping.date_formats)
        except InvalidInput as exc:
            raise FieldError(fld, value, str(exc)) from None

    def quantity(self, f: Mapping[str, str], fld: str = "quantity") -> float | int | None:
        value = self.text(f, fld)
        if value is None:
            return None
        try:
            return parse_quantity(value, self.mapping.decimal)
        except InvalidInput as exc:
            raise FieldError(fld, value, str(exc)) from None

    def check_quantity(self, f: Mapping[str, str], quantity: float | None, *, item: Node | None,
                       system: Resolved | None) -> None:
        """Refuse a quantity outside the plausible bounds of its kind of item (a serialised
        item is one; a lot's bound depends on its system's kind; a shipment's is a lot's)."""
        if quantity is None:
            return
        serialised = item is not None and item.props.get("serial") is not None
        why = self.bounds.check(quantity, serialised=serialised, system_kind=system.kind if system else None)
        if why is not None:
            raise FieldError("quantity", f.get("quantity"), why)

    def confidence(self, f: Mapping[str, str]) -> float:
        value = self.text(f, "confidence")
        if value is None:
            return self.mapping.confidence
        try:
            return parse_confidence(value)
        except InvalidInput as exc:
            raise FieldError("confidence", value, str(exc)) from None

    def nsn(self, f: Mapping[str, str]) -> str | None:
        value = f.get("nsn")
        if value is None:
            return None
        hit = self._nsns.get(value)  # a manifest repeats a handful of NSNs
        if hit is not None:
            return hit
        self.text(f, "nsn")
        try:
            norm = normalize_nsn(value)
        except InvalidInput as exc:
            raise FieldError("nsn", value, str(exc)) from None
        if len(self._nsns) < 10_000:
            self._nsns[value] = norm
        return norm

    def kind(self, f: Mapping[str, str], fld: str) -> str | None:
        value = self.text(f, fld)
        if value is None:
            return None
        for k in self.model.all_kinds:
            if k.casefold() == value.casefold().replace(" ", ""):
                return k
        raise FieldError(fld, value, f"unknown kind; kinds: {', '.join(sorted(self.model.all_kinds))}")

    def _entity(self, fld: str, value: str, call: Callable[[], Resolved], stated: str | None) -> Resolved:
        try:
            r = call()
        except (InvalidInput, ModelError) as exc:
            raise FieldError(fld, value, str(exc)) from None
        if stated is not None and r.kind != stated:
            self.warn(f"{value!r} is stated as {stated} but is known as {r.kind} ({r.id}); kept {r.kind}")
        return r

    def actor(self, f: Mapping[str, str], fld: str) -> Resolved | None:
        value = self.text(f, fld)
        if value is None:
            return None
        kind = self.kind(f, f"{fld}_kind") if f"{fld}_kind" in f else None
        if kind is not None and self.model.label_of_kind(kind) != "Actor":
            raise FieldError(f"{fld}_kind", kind, f"{fld} is an actor; {kind} is not a kind of Actor")
        return self._entity(fld, value, lambda: self.resolver.actor(value, kind), kind)

    def location(self, f: Mapping[str, str], fld: str, value: str | None = None) -> Resolved | None:
        value = value if value is not None else self.text(f, fld)
        if value is None:
            return None
        kind = self.kind(f, f"{fld}_kind") if f"{fld}_kind" in f else None
        if kind is not None and kind != "Country" and self.model.label_of_kind(kind) != "Location":
            raise FieldError(f"{fld}_kind", kind, f"{fld} is a place; {kind} is not a kind of Location or Country")
        return self._entity(fld, value, lambda: self.resolver.location(value, kind), kind)

    def system(self, f: Mapping[str, str]) -> Resolved | None:
        value = self.text(f, "system")
        if value is None:
            return None
        return self._entity("system", value, lambda: self.resolver.weapon_system(value), None)

    def item(self, f: Mapping[str, str], system: Resolved | None, nsn: str | None,
             quantity: float | int | None) -> tuple[Node, str | None] | None:
        serial = self.serial(f, "serial")
        lot = self.serial(f, "lot")
        if serial is None and lot is None:
            return None
        # graph.ids.item_id's ids, from the serial normalised once
        if serial is not None:
            iid, name = f"item:{serial[1]}", serial[0]
        else:
            assert lot is not None
            iid, name = f"item:lot:{lot[1]}", lot[0]
        props: dict[str, Any] = {"serial": serial[0] if serial else None, "lot": lot[0] if lot else None,
                                 "system": system.id if system else None, "nsn": nsn, "quantity": quantity}
        node = Node(iid, "Item", "Item", name, (), {k: v for k, v in props.items() if v is not None})
        return node, (lot[0] if lot else None)

    def convert(self, f: dict[str, str]) -> RowFacts:  # pragma: no cover - abstract
        raise NotImplementedError


def _nodes(*resolved: Resolved | None) -> list[Node]:
    return [r.node() for r in resolved if r is not None]


@dataclass(frozen=True, slots=True)
class _Header:
    ship_id: str
    node: Node
    entities: tuple[Node, ...]
    storage: Event | None
    signature: tuple[tuple[str, Any], ...]


class ShipmentRows(Converter):
    HEADER: Final = ("ref", "date", "consignor", "consignor_kind", "consignee", "consignee_kind", "end_user",
                     "end_user_kind", "origin", "origin_kind", "destination", "destination_kind", "via")

    def __init__(self, model: Model, resolver: Resolver, binding: Binding,
                 bounds: QuantityBounds | None = None) -> None:
        super().__init__(model, resolver, binding, bounds)
        self._headers: dict[tuple[str | None, ...], _Header] = {}
        self._first: dict[str, tuple[tuple[str, Any], ...]] = {}
        self._warned: set[tuple[str, str]] = set()

    def header(self, f: Mapping[str, str]) -> _Header:
        raw = tuple(map(f.get, self.HEADER))
        hit = self._headers.get(raw)
        if hit is not None:
            return hit
        ref = self.serial(f, "ref")
        if ref is None:
            raise FieldError("ref", None, "a manifest row needs the shipment reference")
        date = self.date(f, "date")
        consignor, consignee, end_user = (self.actor(f, k) for k in ("consignor", "consignee", "end_user"))
        origin, destination = self.location(f, "origin"), self.location(f, "destination")
        via_text = self.text(f, "via")
        sep = self.mapping.lists.get("via", ";")
        via = [self.location(f, "via", v.strip()) for v in via_text.split(sep) if v.strip()] if via_text else []
        ship_id = shipment_id(ref[0])
        props: dict[str, Any] = {
            "ref": ref[0], "date": str(date) if date else None,
            "consignor": consignor.id if consignor else None, "consignee": consignee.id if consignee else None,
            "end_user": end_user.id if end_user else None, "origin": origin.id if origin else None,
            "destination": destination.id if destination else None,
            "via": [v.id for v in via if v is not None] or None,
        }
        props = {k: v for k, v in props.items() if v is not None}
        storage = None
        if consignor is not None or origin is not None:
            to = consignor.id if consignor else None
            storage = Event(event_id("STORAGE", ship_id, date, None, to), "STORAGE", ship_id, date, None, to,
                            origin.id if origin else None, None, self.mapping.confidence, {"basis": "manifest"})
        node = Node(ship_id, "Shipment", "Shipment", ref[0], (), props)
        header = _Header(ship_id, node, tuple(_nodes(consignor, consignee, end_user, origin, destination, *via)),
                         storage, tuple(sorted((k, str(v)) for k, v in props.items())))
        if len(self._headers) > 1000:  # many shipments in one file: keep the cache bounded
            self._headers.clear()
        self._headers[raw] = header
        self._check_consistent(header)
        return header

    def _check_consistent(self, header: _Header) -> None:
        # Every row repeats the header; rows of one shipment that disagree are reported
        # (the first row's values are kept: the store never overwrites a stored value).
        first = self._first.setdefault(header.ship_id, header.signature)
        if first == header.signature:
            return
        a, b = dict(first), dict(header.signature)
        for k in sorted(set(a) & set(b)):
            if a[k] != b[k] and (header.ship_id, k) not in self._warned:
                self._warned.add((header.ship_id, k))
                self.warn(f"shipment {header.node.name}: rows disagree on {k} ({a[k]!r} and {b[k]!r}); "
                          "the first is kept")

    def convert(self, f: dict[str, str]) -> RowFacts:
        self.check_required(f)
        h = self.header(f)
        system = self.system(f)
        nsn = self.nsn(f)
        quantity = self.quantity(f)
        if quantity is None and f.get("serial"):
            quantity = 1  # a serial is one item
        made = self.item(f, system, nsn, quantity)
        if made is None:
            raise FieldError("serial", None, "a line item needs a serial or a lot number")
        item, lot = made
        self.check_quantity(f, quantity, item=item, system=system)
        rel_props = {"quantity": quantity, "system": system.id if system else None, "lot": lot}
        contains = Relation(relation_id("CONTAINS", h.ship_id, item.id, None, None), "CONTAINS", h.ship_id, item.id,
                            None, None, {k: v for k, v in rel_props.items() if v is not None})
        nodes = [h.node, *h.entities, item, *_nodes(system)]
        return RowFacts(nodes, [contains], [], [h.storage] if h.storage else [], self.confidence(f))


class ReceiptRows(Converter):
    def __init__(self, model: Model, resolver: Resolver, binding: Binding,
                 bounds: QuantityBounds | None = None) -> None:
        super().__init__(model, resolver, binding, bounds)
        self.shipments: set[str] = set()  # for the reconciliation summary; one entry per shipment

    def convert(self, f: dict[str, str]) -> RowFacts:
        self.check_required(f)
        ref = self.serial(f, "ref")
        if ref is None:
            raise FieldError("ref", None, "a receipt row needs the shipment reference")
        ship_id = shipment_id(ref[0])
        date = self.date(f, "date")
        received_by = self.actor(f, "received_by")
        location = self.location(f, "location")
        system = self.system(f)
        nsn = self.nsn(f)
        quantity = self.quantity(f)
        if quantity is None and f.get("serial"):
            quantity = 1
        made = self.item(f, system, nsn, None)
        if made is None:
            raise FieldError("serial", None, "a receipt row needs a serial or a lot number")
        item, lot = made
        self.check_quantity(f, quantity, item=item, system=system)
        props = {"quantity_received": quantity, "date": str(date) if date else None,
                 "received_by": received_by.id if received_by else None,
                 "location": location.id if location else None, "system": system.id if system else None, "lot": lot}
        received = Relation(relation_id("RECEIVED", ship_id, item.id, None, None), "RECEIVED", ship_id, item.id,
                            None, None, {k: v for k, v in props.items() if v is not None})
        self.shipments.add(ship_id)
        shipment = Node(ship_id, "Shipment", "Shipment", ref[0], (), {"ref": ref[0], "receipt": True})
        nodes = [shipment, item, *_nodes(received_by, location, system)]
        return RowFacts(nodes, [received], [], [], self.confidence(f))


class EventRows(Converter):
    def event_type(self, f: Mapping[str, str]) -> str:
        value = self.text(f, "event")
        if value is None:
            raise FieldError("event", None, "empty: an event needs a type")
        name = _TYPE_RE.sub("_", value).strip("_").upper()
        if name not in self.model.events:
            raise FieldError("event", value, f"unknown event type; types: {', '.join(sorted(self.model.events))} "
                             "(or map it under `values: event:` in the mapping)")
        return name

    def convert(self, f: dict[str, str]) -> RowFacts:
        self.check_required(f)
        type_ = self.event_type(f)
        date = self.date(f, "date")
        system = self.system(f)
        nsn = self.nsn(f)
        made = self.item(f, system, nsn, None)
        ref = self.serial(f, "ref")
        ship_id = shipment_id(ref[0]) if ref else None
        nodes: list[Node] = []
        if made is not None:
            subject = made[0].id
            nodes.append(made[0])
        elif ship_id is not None:
            subject = ship_id
        else:
            raise FieldError("serial", None, "an event needs a serial, a lot or a shipment reference")
        if ship_id is not None and ref is not None:
            nodes.append(Node(ship_id, "Shipment", "Shipment", ref[0], (), {"ref": ref[0]}))
        frm, to = self.actor(f, "from"), self.actor(f, "to")
        location = self.location(f, "location")
        quantity = self.quantity(f)
        self.check_quantity(f, quantity, item=made[0] if made else None, system=system)
        confidence = self.confidence(f)
        props: dict[str, Any] = {"notes": self.text(f, "notes"), "system": system.id if system else None,
                                 "shipment": ship_id if subject != ship_id else None}
        ev = Event(event_id(type_, subject, date, frm.id if frm else None, to.id if to else None), type_, subject,
                   date, frm.id if frm else None, to.id if to else None, location.id if location else None,
                   quantity, confidence, {k: v for k, v in props.items() if v is not None})
        nodes += _nodes(frm, to, location, system)
        return RowFacts(nodes, [], [ev], [], confidence)


class RelationRows(Converter):
    def __init__(self, model: Model, resolver: Resolver, binding: Binding,
                 bounds: QuantityBounds | None = None) -> None:
        super().__init__(model, resolver, binding, bounds)
        # Relation tables link actors and places; shipment/item relations come from manifests.
        self.allowed = {name: r for name, r in model.relations.items()
                        if set(r.source) | set(r.target) <= {"Actor", "Location"}}

    def end(self, f: Mapping[str, str], fld: str, labels: tuple[str, ...], rel: str, role: str) -> Resolved:
        value = self.text(f, fld)
        if value is None:
            raise FieldError(fld, None, f"empty: a relation needs its {fld}")
        kind = self.kind(f, f"{fld}_kind")
        if kind is not None:
            label = self.model.label_of_kind(kind)
            if label not in labels:
                raise FieldError(f"{fld}_kind", kind, f"a {kind} ({label}) cannot be the {role} of {rel} "
                                 f"({role}s: {', '.join(labels)})")
        return self._entity(fld, value, lambda: self.resolver.entity(value, kind, labels), kind)

    def convert(self, f: dict[str, str]) -> RowFacts:
        self.check_required(f)
        value = self.text(f, "relation") or ""
        type_ = _TYPE_RE.sub("_", value).strip("_").upper()
        rel = self.allowed.get(type_)
        if rel is None:
            raise FieldError("relation", value, f"unknown relation; relations: {', '.join(sorted(self.allowed))}")
        subject = self.end(f, "subject", rel.source, type_, "subject")
        obj = self.end(f, "object", rel.target, type_, "object")
        if subject.label not in rel.source or obj.label not in rel.target:
            raise FieldError("relation", value, f"{subject.name} ({subject.label}) {type_} {obj.name} ({obj.label}) "
                             f"does not fit the model ({', '.join(rel.source)} → {', '.join(rel.target)})")
        vf, vt = self.date(f, "valid_from"), self.date(f, "valid_to")
        if vf is not None and vt is not None and vf.start > vt.end:
            raise FieldError("valid_to", f.get("valid_to"), f"ends before it starts ({vf} > {vt})")
        confidence = self.confidence(f)
        notes = self.text(f, "notes")
        r = Relation(relation_id(type_, subject.id, obj.id, vf, vt), type_, subject.id, obj.id, vf, vt,
                     {"note": notes} if notes else {})
        return RowFacts(_nodes(subject, obj), [r], [], [], confidence)


_COORDINATE: Final = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")


class PlaceRows(Converter):
    """A place with its coordinates (``lat``/``lon`` props, decimal degrees) and, when the
    row names one, a ``LOCATED_IN`` relation to its country."""

    def coordinate(self, f: Mapping[str, str], fld: str, bound: float) -> float:
        value = f.get(fld)
        if value is None:
            raise FieldError(fld, None, "empty: a place needs both lat and lon")
        text = value.strip().replace(" ", "")
        if self.mapping.decimal == ",":
            text = text.replace(",", ".")
        if not _COORDINATE.match(text):
            raise FieldError(fld, value, "not a coordinate (decimal degrees, e.g. 49.80)")
        number = float(text)
        if not -bound <= number <= bound:
            raise FieldError(fld, value, f"out of range: {fld} is in [-{bound:g}, {bound:g}]")
        return number

    def convert(self, f: dict[str, str]) -> RowFacts:
        self.check_required(f)
        lat, lon = self.coordinate(f, "lat", 90), self.coordinate(f, "lon", 180)
        name = self.text(f, "name")
        kind = self.kind(f, "kind")
        if kind is not None and self.model.label_of_kind(kind) != "Location":
            raise FieldError("kind", kind, f"a place with coordinates is a Depot, Hub, BorderCrossing or Place, "
                             f"not a {kind}")
        if name is None:
            raise FieldError("name", None, "empty: a place needs its name")
        place = self._entity("name", name, lambda: self.resolver.location(name, kind), kind)
        if place.label != "Location":
            raise FieldError("name", name, f"{place.name} is a {place.kind}, not a place with coordinates")
        base = place.node()
        node = Node(base.id, base.label, base.kind, base.name, base.aliases, {**base.props, "lat": lat, "lon": lon})
        nodes, relations = [node], []
        country = self.location(f, "country", None) if "country" in f else None
        if country is not None:
            if country.kind != "Country":
                raise FieldError("country", f.get("country"), f"{country.name} is a {country.kind}, not a country")
            nodes.append(country.node())
            relations.append(Relation(relation_id("LOCATED_IN", place.id, country.id, None, None), "LOCATED_IN",
                                      place.id, country.id, None, None, {}))
        return RowFacts(nodes, relations, [], [], self.confidence(f))


CONVERTERS: Final[dict[str, type[Converter]]] = {
    "shipment": ShipmentRows,
    "receipt": ReceiptRows,
    "events": EventRows,
    "relations": RelationRows,
    "places": PlaceRows,
}
