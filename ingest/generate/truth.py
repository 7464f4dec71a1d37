"""Reading a generated world's ground truth and scoring alerts against it.

Alerts are compared by key: ``(item, holder)`` for ``unauthorised_holder``,
``(shipment, system, lot)`` for ``quantity_mismatch`` (lot ``""`` for serialised items), and
the item id for every other kind. The caller turns its alerts into ``(kind, key)`` pairs;
this module knows nothing of the query layer.

Examples
--------
>>> truth = {"expected_alerts": {"break": ["item:A1", "item:B2"]}, "diversions": []}
>>> scores = precision_recall(expected_keys(truth), [("break", "item:A1"), ("break", "item:C3")])
>>> scores["break"].precision, scores["break"].recall
(0.5, 0.5)
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.generate.world import TRUTH_PATH

__all__ = ["Score", "diversion_score", "expected_keys", "load_truth", "precision_recall"]


@dataclass(frozen=True, slots=True)
class Score:
    expected: int
    found: int
    true_positives: int

    @property
    def precision(self) -> float | None:
        """Share of found keys that were expected (``None`` when nothing was found)."""
        return self.true_positives / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        """Share of expected keys that were found (``None`` when nothing was expected)."""
        return self.true_positives / self.expected if self.expected else None

    def as_dict(self) -> dict[str, Any]:
        return {"expected": self.expected, "found": self.found, "true_positives": self.true_positives,
                "precision": self.precision, "recall": self.recall}


def load_truth(world: str | Path) -> dict[str, Any]:
    """The ground truth of the world generated into the folder ``world``."""
    data: dict[str, Any] = json.loads((Path(world) / TRUTH_PATH).read_text(encoding="utf-8"))
    return data


def _key(value: Any) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def expected_keys(truth: Mapping[str, Any]) -> dict[str, set[Hashable]]:
    """Alert kind -> the keys a correct system raises."""
    return {kind: {_key(v) for v in values} for kind, values in truth["expected_alerts"].items()}


def precision_recall(expected: Mapping[str, set[Hashable]], found: Iterable[tuple[str, Hashable]]
                     ) -> dict[str, Score]:
    """Per alert kind: how many keys were expected, found, and both."""
    got: dict[str, set[Hashable]] = {}
    for kind, key in found:
        got.setdefault(kind, set()).add(key)
    out = {}
    for kind in sorted(set(expected) | set(got)):
        want, have = expected.get(kind, set()), got.get(kind, set())
        out[kind] = Score(len(want), len(have), len(want & have))
    return out


def diversion_score(truth: Mapping[str, Any], found: Iterable[tuple[str, Hashable]]) -> Score:
    """Injected diversions against the items flagged by an ``unauthorised_holder`` or ``break``
    alert: did the alerts find the items that left the authorised chain, and only those?"""
    diverted = {d["item"] for d in truth["diversions"]}
    flagged: set[Hashable] = set()
    for kind, key in found:
        if kind == "unauthorised_holder" and isinstance(key, tuple):
            flagged.add(key[0])
        elif kind == "break":
            flagged.add(key)
    return Score(len(diverted), len(flagged), len(diverted & flagged))
