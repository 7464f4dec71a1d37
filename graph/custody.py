"""Custody segments: who held an item where, from when to when, built from its events.

The building block of the custody chain (:mod:`queries.chain`, which adds the anomalies that
need more reads) and of the stores' holding index (:mod:`graph.holdings`), which both stores
keep on every write: the two must give the same segments, so there is one builder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import groupby

from graph.dates import Interval, PartialDate
from graph.model import Model
from graph.records import CustodyFacts, Event, Node

__all__ = ["Anomaly", "Segment", "build_segments", "item_events"]


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of custody: who held the item where, from when to when."""

    index: int
    holder: str | None
    location: str | None
    start: PartialDate | None
    end: PartialDate | None
    events: tuple[str, ...]
    """Ids of the events behind this segment; the first one opened it."""
    inferred: bool = False
    """Held by the party a later event names as giver; no event says when it got the item."""

    @property
    def interval(self) -> Interval:
        """From the first day the opening event could mean to the last day of the closing one."""
        return Interval(self.start.start if self.start else None, self.end.end if self.end else None)


@dataclass(frozen=True, slots=True)
class Anomaly:
    kind: str
    message: str
    segments: tuple[int, ...] = ()
    holder: str | None = None
    actors: tuple[str, ...] = ()
    shipment: str | None = None
    days: int | None = None
    events: tuple[str, ...] = ()


_HOLD_RANK = {"holds": 0, "moves": 1, "ends": 2}


def item_events(facts: CustodyFacts, items: Sequence[str], has_receipt: Callable[[Node], bool],
                until: date | None = None) -> dict[str, tuple[list[Event], list[Node], list[Node]]]:
    """For each of ``items``: (its events, its shipments, the shipments that did not receive it).

    The events are the item's own and its shipments'. A receipt overrides a shipment-level
    delivery for an item not on it: the shipment's delivery does not make the consignee the
    holder of an item missing from the receipt, nor does anything the shipment did afterwards.
    ``until`` leaves out events dated after that day."""
    own_events = shipment_events = _by_subject(facts.events)  # subjects: the items and their shipments
    shipments_of: dict[str, list[str]] = {}
    received: set[tuple[str, str]] = set()
    for r in facts.inbound:
        if r.type == "CONTAINS":
            shipments_of.setdefault(r.target, []).append(r.source)
        else:
            received.add((r.source, r.target))
    shipments = facts.shipments
    with_receipt = {s for s in sorted({s for ss in shipments_of.values() for s in ss})
                    if s in shipments and has_receipt(shipments[s])}
    out: dict[str, tuple[list[Event], list[Node], list[Node]]] = {}
    for item in items:
        events: list[Event] = list(own_events.get(item, []))
        ships = [shipments[s] for s in shipments_of.get(item, []) if s in shipments]
        not_received = [s for s in ships if s.id in with_receipt and (s.id, item) not in received]
        for s in ships:
            evs = shipment_events.get(s.id, [])
            if s in not_received:
                cut = min((e.date.start for e in evs if e.type == "DELIVERY" and e.date), default=None)
                evs = [e for e in evs if e.type != "DELIVERY" and not (cut and e.date and e.date.start >= cut)]
            events.extend(evs)
        if until is not None:
            events = [e for e in events if e.date is None or e.date.start <= until]
        out[item] = (events, ships, not_received)
    return out


def _by_subject(events: Iterable[Event]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = {}
    for e in events:
        out.setdefault(e.subject, []).append(e)
    return out


def _day(e: Event) -> date:
    return e.date.start if e.date else date.max


def _order(events: list[Event], model: Model) -> list[Event]:
    """Dated events in time order. On one day, the event that continues from the current
    holder goes first (a transit before the delivery that follows it)."""
    out: list[Event] = []
    holder: str | None = None
    dated = sorted((e for e in events if e.date), key=lambda e: (_day(e), e.id))
    for _, same_day in groupby(dated, key=_day):
        group = list(same_day)
        while group:
            def score(e: Event, h: str | None = holder) -> tuple[int, int, str]:
                custody = model.event(e.type).custody
                continues = (custody == "moves" and e.from_actor == h) or (custody == "holds" and e.to_actor == h)
                return (0 if continues else 1, _HOLD_RANK[custody], e.id)

            nxt = min(group, key=score)
            group.remove(nxt)
            out.append(nxt)
            if nxt.to_actor and model.event(nxt.type).custody != "ends":
                holder = nxt.to_actor
    return out


def _same_step(a: Event, b: Event, model: Model) -> bool:
    """Two sources for one handover (one says TRANSFER, one HANDOVER) are one step."""
    return (
        model.event(a.type).custody == "moves" == model.event(b.type).custody
        and a.date is not None and b.date is not None and a.date.interval().overlaps(b.date.interval())
        and a.to_actor == b.to_actor
        and (a.from_actor == b.from_actor or None in (a.from_actor, b.from_actor))
    )


def build_segments(events: list[Event], shipments: list[Node], not_received: list[Node],
                   model: Model) -> tuple[list[Segment], list[Anomaly]]:
    """The segments of one item's custody, in time order, from its events (its own and its
    shipments': :func:`item_events`), with the anomalies seen while building them (gap,
    break, conflict, not received). Undated events take no part."""
    by_id = {e.id: e for e in events}
    shipment_ids = {s.id for s in shipments}
    b = _SegmentBuilder()

    for e in _order(events, model):
        et = model.event(e.type)
        if b.current is not None and _same_step(by_id[b.current.events[0]], e, model):
            b.add(e)  # a second source for the step that opened this segment
            continue
        if et.custody == "ends" or (et.custody == "moves" and e.to_actor is None):
            # lost, or handed to somebody unnamed: custody from here on is unknown
            if b.current is not None:
                b.add(e)
            b.close(e.date)
            continue
        cur = b.current
        new_holder = e.to_actor if e.to_actor else (cur.holder if cur else None)
        new_location = e.location if (e.location or et.custody == "moves") else (cur.location if cur else None)
        if cur is not None and new_holder == cur.holder:
            if new_location in (cur.location, None):
                b.add(e)
            else:
                b.close(e.date)
                b.open(new_holder, new_location, e)
            continue
        said = e.from_actor
        if cur is not None:
            b.close(e.date)
            prev = b.segments[-1]
            if cur.holder is not None and new_holder is not None:
                if et.custody != "moves" and prev.start is not None and prev.start == e.date:
                    b.anomaly("conflict", "two holders claimed for the same time", (prev.index, prev.index + 1),
                              actors=(cur.holder, new_holder), events=(prev.events[0], e.id))
                elif said is not None and said != cur.holder:
                    b.anomaly("break", "custody break: the next event says it came from another party",
                              (prev.index, prev.index + 1), actors=(cur.holder, said), events=(e.id,))
                elif said is None and e.subject not in shipment_ids:
                    b.anomaly("break", "custody break: nothing says how it passed from the previous holder",
                              (prev.index, prev.index + 1), actors=(cur.holder, new_holder), events=(e.id,))
        elif b.segments:
            prev = b.segments[-1]
            days = (e.date.start - prev.end.end).days if (e.date and prev.end) else None
            b.anomaly("gap", "no known holder between two segments", (prev.index, prev.index + 1), days=days,
                      events=(e.id,))
        if said is not None and said != new_holder and (cur is None or said != cur.holder):
            # the party named as giver held it in between, from no later than the last known
            # custody, until this event
            lower = b.segments[-1].start if b.segments else None
            b.open(said, e.location, e, start=lower, inferred=True)
            b.close(e.date)
        b.open(new_holder, new_location, e)
    b.close(None)

    for s in not_received:
        b.anomaly("not_received", f"on the manifest of {s.name} but not on its receipt",
                  (len(b.segments) - 1,) if b.segments else (), shipment=s.id)
    return b.segments, b.anomalies


@dataclass
class _Open:
    holder: str | None
    location: str | None
    start: PartialDate | None
    events: list[str]
    inferred: bool


class _SegmentBuilder:
    """Accumulates segments; ``current`` is the open one."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.anomalies: list[Anomaly] = []
        self.current: _Open | None = None

    def open(self, holder: str | None, location: str | None, e: Event, *, start: PartialDate | None = None,
             inferred: bool = False) -> None:
        self.current = _Open(holder, location, start if inferred else e.date, [e.id], inferred)

    def add(self, e: Event) -> None:
        assert self.current is not None
        self.current.events.append(e.id)
        self.current.location = self.current.location or e.location

    def close(self, end: PartialDate | None) -> None:
        c = self.current
        if c is not None:
            self.segments.append(Segment(len(self.segments), c.holder, c.location, c.start, end, tuple(c.events),
                                         c.inferred))
        self.current = None

    def anomaly(self, kind: str, message: str, segments: tuple[int, ...], **kw: object) -> None:
        self.anomalies.append(Anomaly(kind, message, segments, **kw))  # type: ignore[arg-type]
