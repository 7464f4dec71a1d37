"""The holding index: for each item, who held it and where it stayed, from when to when.

Reverse reach ("which items could this actor have reached") needs, for every actor and
place it reaches, the items they held or saw and over which interval. Building each
candidate item's custody chain at question time costs hundreds of chains per question; the
stores instead keep these rows, one per holder segment and one per stay of each item's
chain (DOMAIN.md, question 2). Every write that can change an item's chain (its events,
its shipments' events, its ``CONTAINS`` and the shipment's ``RECEIVED`` relations, the
shipment's node with its ``receipt`` flag) records the item or shipment as changed, in its
own transaction; the next read of the index first rewrites the rows of everything recorded
(one transaction), so a read never sees rows older than the facts, and a bulk ingest that
touches an item in many batches rebuilds its rows once, not once per batch.

Rows are numbered per item (``seq``) in the order the reach questions try them: holder
segments in time order, then stays in time order, so both questions pick the same path
among equal ones.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from graph.custody import Segment, build_segments, item_events
from graph.dates import Interval
from graph.model import Model
from graph.records import CustodyFacts, Event, Node, Relation

if TYPE_CHECKING:
    from graph.store import Direction

__all__ = ["AT_LOCATION", "HOLDER", "Holding", "Reads", "Spans", "affected_items", "changed_ids", "has_receipt",
           "holdings_of", "index_items", "receipts", "stored_days", "stored_interval", "wanted"]

HOLDER, AT_LOCATION = "HOLDER", "AT_LOCATION"


@dataclass(frozen=True, slots=True)
class Holding:
    """One row of the index: ``item`` held by ``party`` (``HOLDER``: ``event`` gave it) or
    staying at ``party`` (``AT_LOCATION``: ``event`` put it there), over ``interval``.
    ``confidence``: the best of the segment's events for a holder, the opening event's for a
    stay."""

    item: str
    seq: int
    kind: str
    party: str
    interval: Interval
    event: str
    confidence: float


StoredDays = tuple[str | None, str | None]
"""A row's interval as both stores keep it: its ends as ISO days, ``None`` for an open end
(ISO days compare as text in date order, which the stores' filters rely on)."""


def stored_days(interval: Interval) -> StoredDays:
    """``interval`` as the stores keep it (:data:`StoredDays`)."""
    start, end = interval.start, interval.end
    return (start.isoformat() if start else None, end.isoformat() if end else None)


def stored_interval(days: StoredDays, seen: dict[StoredDays, Interval]) -> Interval:
    """The interval of stored ``days``; ``seen``, shared by the rows of one read, keeps one
    :class:`Interval` per distinct span (rows repeat spans, and parsing each cost a read of
    thousands of rows more than the rest of it)."""
    found = seen.get(days)
    if found is None:
        start, end = days
        found = seen[days] = Interval(date.fromisoformat(start) if start else None,
                                      date.fromisoformat(end) if end else None)
    return found


Spans = Mapping[str, Sequence[Interval]]
"""For a read of the index: by party, the intervals its rows are wanted over."""


def wanted(row: Holding, spans: Spans | None, skip: Container[str]) -> bool:
    """Whether ``row`` passes the filters of ``Store.holdings``: its item not in ``skip``, and
    its interval meeting one of its party's ``spans`` (a party without spans: any interval)."""
    if row.item in skip:
        return False
    over = spans.get(row.party) if spans is not None else None
    return over is None or any(row.interval.overlaps(s) for s in over)


class Reads(Protocol):
    """The reads the index is rebuilt from (a store, or a store's view inside its write
    transaction, which sees the batch just written)."""

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]: ...

    def relations(self, ids: Iterable[str], *, types: Sequence[str] | None = None,
                  direction: Direction = "both") -> list[Relation]: ...

    def custody_facts(self, items: Iterable[str]) -> CustodyFacts: ...


def has_receipt(reads: Reads, shipment: Node | None) -> bool:
    """Whether a receipt was recorded for ``shipment``: its ``receipt`` flag, else any
    ``RECEIVED`` relation out of it (then the consignee holds only the items on it)."""
    if shipment is None:
        return False
    if "receipt" in shipment.props:
        return bool(shipment.props["receipt"])
    return bool(reads.relations([shipment.id], types=["RECEIVED"], direction="out"))


def holdings_of(item: str, segments: Sequence[Segment], events: dict[str, Event]) -> list[Holding]:
    """The index rows of one item's chain: holder segments, then stays (consecutive segments
    at one place merge, running from the event that put the item there to the next that moved it)."""
    rows: list[Holding] = []
    for seg in segments:
        if seg.holder is None:
            continue
        iv = seg.interval
        conf = max((events[e].confidence for e in seg.events), default=1.0)
        rows.append(Holding(item, len(rows), HOLDER, seg.holder, iv, seg.events[0], conf))
    stays: list[tuple[str, Interval, str]] = []
    for seg in segments:
        if seg.location is None:
            continue
        adjacent = seg.index > 0 and segments[seg.index - 1].location == seg.location
        if stays and stays[-1][0] == seg.location and adjacent:
            loc, iv, ev = stays[-1]
            stays[-1] = (loc, Interval(iv.start, seg.interval.end), ev)
        else:
            stays.append((seg.location, seg.interval, seg.events[0]))
    for loc, iv, ev in stays:
        rows.append(Holding(item, len(rows), AT_LOCATION, loc, iv, ev, events[ev].confidence))
    return rows


def receipts(reads: Reads, shipments: Iterable[Node]) -> dict[str, bool]:
    """:func:`has_receipt` of each of ``shipments``, by id, in one read of the ``RECEIVED``
    relations of those without a ``receipt`` flag (not one read per shipment)."""
    out = {s.id: bool(s.props["receipt"]) for s in shipments if "receipt" in s.props}
    unflagged = sorted(s.id for s in shipments if "receipt" not in s.props)
    out.update(dict.fromkeys(unflagged, False))
    if unflagged:
        out.update((r.source, True) for r in reads.relations(unflagged, types=["RECEIVED"], direction="out"))
    return out


def index_items(reads: Reads, items: Sequence[str], model: Model) -> list[Holding]:
    """The rows of ``items`` (item ids that exist), computed from the stored facts."""
    facts = reads.custody_facts(items)
    received = receipts(reads, facts.shipments.values())
    histories = item_events(facts, items, lambda s: received[s.id])
    rows: list[Holding] = []
    for item in items:
        events, ships, not_received = histories[item]
        segments, _ = build_segments(events, ships, not_received, model)
        rows += holdings_of(item, segments, {e.id: e for e in events})
    return rows


def changed_ids(nodes: Iterable[Node] = (), relations: Iterable[Relation] = (),
                subjects: Iterable[str] = ()) -> set[str]:
    """Ids (items, or shipments standing for their items) whose rows may change when
    ``nodes``, ``relations`` and events of ``subjects`` are written or deleted. No reads: a
    write records them in its transaction, and the rows are rewritten before the next read
    of the index (:func:`affected_items`)."""
    ids = set(subjects)
    ids |= {n.id for n in nodes if n.label in ("Item", "Shipment")}
    for r in relations:
        if r.type in ("CONTAINS", "RECEIVED"):
            ids.add(r.target)
        if r.type == "RECEIVED":  # a receipt changes what the shipment's delivery means for every item in it
            ids.add(r.source)
    return ids


def affected_items(reads: Reads, changed: Iterable[str]) -> tuple[set[str], list[str]]:
    """(every id whose rows to drop, the items among them to index again): ``changed``
    (:func:`changed_ids`) and the items of the shipments among them, as stored now."""
    ids = set(changed)
    found = reads.nodes(ids)
    shipments = sorted(i for i, n in found.items() if n.label == "Shipment")
    contained = {r.target for r in reads.relations(shipments, types=["CONTAINS"], direction="out")}
    labels = {i: n.label for i, n in found.items()}
    labels.update((i, n.label) for i, n in reads.nodes(contained - set(found)).items())
    ids |= contained
    return ids, sorted(i for i in ids if labels.get(i) == "Item")
