"""Rows of one file that say different things about one item: conflicts, kept as claims.

A manifest may list the same serial on several rows; when one of them gives another
weapon system, NSN or lot, neither row is dropped and neither silently wins. The item
keeps the values of the first row that stated it (the store never overwrites a stored
value), every row keeps its evidence on the item (``row N`` of the document, its quote
holding the row's values), and each conflicting row's values are kept on the item as a
**claim**: a prop ``claim <document id> row <N>`` whose value lists what that row says
(``["system=weaponsystem:fim-92-stinger", "nsn=1425-01-000-0000"]``). One prop per row and
document, so claims from later batches and later files add up and never replace each other.
Each conflict is reported (file, both rows, the field and both values).

Memory stays bounded by one batch: rows of the current batch are compared with the first
row of the batch that named the item (:meth:`ItemClaims.row`), and before a batch is
written its items are compared with what the store holds for them
(:meth:`ItemClaims.before_write`, one read per batch); a difference counts as a conflict of
this file when this file's evidence is already on the item (an earlier batch stated it).
Only items an earlier batch of the file may have named are read: one hash bit per item id
in a 4 MiB bitmap says which (at a million distinct items about 3% are read for nothing; an
item whose bit is clear was never named before, so nothing is missed).

Examples
--------
>>> claims = ItemClaims("doc:1")
>>> one = RowFacts([Node("item:ZX1", "Item", "Item", "ZX-1", (), {"serial": "ZX-1", "system": "ws:a"})])
>>> two = RowFacts([Node("item:ZX1", "Item", "Item", "ZX-1", (), {"serial": "ZX-1", "system": "ws:b"})])
>>> claims.row(2, one), [c.reason for c in claims.row(5, two)]
([], ["ZX-1 has system 'ws:a' on row 2 and 'ws:b' on row 5; both kept as claims with their rows' evidence"])
>>> two.nodes[0].props["claim doc:1 row 5"]
['system=ws:b']
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Final

from graph.records import Batch, Node
from graph.store import Store
from ingest.evidence import RowFacts

__all__ = ["CLAIM_FIELDS", "ItemClaims", "RowConflict", "Values", "claim_key"]

CLAIM_FIELDS: Final = ("system", "nsn", "lot")
"""What identifies an item besides its serial: rows that differ here conflict."""


def claim_key(document_id: str, row: int) -> str:
    return f"claim {document_id} row {row}"


@dataclass(frozen=True, slots=True)
class RowConflict:
    """Row ``row`` gives ``value`` for ``field`` of ``item``; row ``first_row`` gave ``first_value``."""

    item: str
    field: str
    first_row: int
    first_value: str
    row: int
    value: str

    @property
    def reason(self) -> str:
        return (f"{self.item} has {self.field} {self.first_value!r} on row {self.first_row} and {self.value!r} on "
                f"row {self.row}; both kept as claims with their rows' evidence")


Values = tuple[Any, Any, Any]
"""An item's :data:`CLAIM_FIELDS`, ``None`` where not stated."""


def _values(node: Node) -> Values:
    props = node.props
    return props.get("system"), props.get("nsn"), props.get("lot")


def _claim(values: Values) -> list[str]:
    return [f"{k}={v}" for k, v in zip(CLAIM_FIELDS, values, strict=True) if v is not None]


def _row_of(locator: str) -> int | None:
    head, _, number = locator.partition(" ")
    return int(number) if head == "row" and number.isdigit() else None


_FILTER_BITS: Final = 1 << 25


class ItemClaims:
    """Finds conflicting rows about one item in one file (``document_id``), and marks claims."""

    def __init__(self, document_id: str) -> None:
        self.document_id = document_id
        self._first: dict[str, tuple[int, Values]] = {}  # this batch: item id -> first row, values
        self._earlier: set[str] = set()  # this batch's items an earlier batch may have named
        self._seen = bytearray(_FILTER_BITS // 8)  # the file's item ids, one hash bit each

    def _diff(self, item: Node, first_row: int, first: Values, row: int, values: Values) -> list[RowConflict]:
        return [RowConflict(item.name, k, first_row, str(a), row, str(b))
                for k, a, b in zip(CLAIM_FIELDS, first, values, strict=True) if a is not None and b is not None
                and a != b]

    def row(self, number: int, facts: RowFacts) -> list[RowConflict]:
        """Compare row ``number``'s items with the first row of this batch naming them; a
        conflicting row's item gets its claim prop (``facts`` is changed in place)."""
        found: list[RowConflict] = []
        for i, node in enumerate(facts.nodes):
            if node.label != "Item":
                continue
            values = _values(node)
            first = self._first.get(node.id)
            if first is None:
                self._first[node.id] = (number, values)
                bit = hash(node.id) & (_FILTER_BITS - 1)
                byte, mask = bit >> 3, 1 << (bit & 7)
                if self._seen[byte] & mask:
                    self._earlier.add(node.id)
                else:
                    self._seen[byte] |= mask
                continue
            if first[1] == values:
                continue
            conflicts = self._diff(node, first[0], first[1], number, values)
            if conflicts:
                found += conflicts
                claim = {claim_key(self.document_id, number): _claim(values)}
                facts.nodes[i] = replace(node, props={**node.props, **claim})
        return found

    def before_write(self, store: Store, batch: Batch) -> list[RowConflict]:
        """Compare the batch's items with what earlier batches of this file stored; a
        conflicting item gets the claim of its first row in this batch (``batch`` is changed
        in place). Ends the batch."""
        first, self._first = self._first, {}
        earlier, self._earlier = self._earlier, set()
        items = {n.id: i for i, n in enumerate(batch.nodes) if n.label == "Item" and n.id in earlier}
        if not items:
            return []
        stored = store.nodes(list(items))
        suspects = {i: n for i, n in stored.items() if self._diff(n, 0, _values(n), 0, first[i][1])}
        if not suspects:
            return []
        found: list[RowConflict] = []
        for fact_id, evidence in store.evidence(list(suspects)).items():
            rows = [r for ev in evidence if ev.document_id == self.document_id
                    and (r := _row_of(ev.locator)) is not None]
            if not rows:
                continue  # the stored values came from another file: not a conflict within this one
            row, values = first[fact_id]
            found += self._diff(suspects[fact_id], min(rows), _values(suspects[fact_id]), row, values)
            i = items[fact_id]
            node = batch.nodes[i]
            batch.nodes[i] = replace(node, props={**node.props, claim_key(self.document_id, row): _claim(values)})
        return found
