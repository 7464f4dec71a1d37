"""Plausible quantities by kind of item, as data (``ingest/quantity_bounds.yaml``).

A serialised item is one item; a lot counts units, within bounds set by its weapon
system's kind. The converters (:mod:`ingest.converters`) check every quantity they read
against these bounds and reject the row otherwise.

Examples
--------
>>> bounds = load_quantity_bounds()
>>> bounds.check(1, serialised=True, system_kind="ATGM") is None
True
>>> bounds.check(10**26, serialised=True, system_kind="ATGM")
'a serialised item is one item: quantity must be 1, got 1e+26'
>>> bounds.check(250_000, serialised=False, system_kind="ATGM")
'implausible quantity for a lot of ATGM: at most 100,000, got 250,000'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ModelError

__all__ = ["DEFAULT_BOUNDS", "Bounds", "QuantityBounds", "load_quantity_bounds"]

DEFAULT_BOUNDS = Path(__file__).with_name("quantity_bounds.yaml")


@dataclass(frozen=True, slots=True)
class Bounds:
    min: float
    max: float


def _fmt(value: float) -> str:
    """``250,000``; ``1e+26`` for a number too large to print exactly."""
    if abs(value) >= 1e15:
        return f"{value:.6g}"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


@dataclass(frozen=True)
class QuantityBounds:
    serialised: Bounds
    lot_default: Bounds
    lot_by_kind: dict[str, Bounds] = field(default_factory=dict)

    def bounds(self, *, serialised: bool, system_kind: str | None) -> Bounds:
        if serialised:
            return self.serialised
        return self.lot_by_kind.get(system_kind or "", self.lot_default)

    def check(self, quantity: float, *, serialised: bool, system_kind: str | None) -> str | None:
        """Why ``quantity`` is implausible for this kind of item, or ``None`` when it is fine."""
        b = self.bounds(serialised=serialised, system_kind=system_kind)
        if b.min <= quantity <= b.max:
            return None
        if serialised:
            if b.min == b.max:
                return f"a serialised item is one item: quantity must be {_fmt(b.min)}, got {_fmt(quantity)}"
            what = "a serialised item"
        else:
            what = f"a lot of {system_kind}" if system_kind in self.lot_by_kind else "a lot"
        side = f"at most {_fmt(b.max)}" if quantity > b.max else f"at least {_fmt(b.min)}"
        return f"implausible quantity for {what}: {side}, got {_fmt(quantity)}"


def _bounds(raw: Any, where: str) -> Bounds:
    if not isinstance(raw, dict) or not {"min", "max"} <= set(raw):
        raise ModelError(f"{where}: needs min and max")
    lo, hi = raw["min"], raw["max"]
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lo, hi)) or lo > hi or lo < 0:
        raise ModelError(f"{where}: min and max must be numbers with 0 <= min <= max, got {lo!r}, {hi!r}")
    return Bounds(float(lo), float(hi))


def load_quantity_bounds(path: str | Path | None = None) -> QuantityBounds:
    """Read the bounds file (the bundled one by default).

    Raises
    ------
    ModelError
        The file is missing a section or has bounds that are not numbers in order.
    """
    p = Path(path) if path is not None else DEFAULT_BOUNDS
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
        lot = raw["lot"]
        by_kind = {str(k): _bounds(v, f"{p}: lot.by_kind.{k}") for k, v in (lot.get("by_kind") or {}).items()}
        return QuantityBounds(_bounds(raw["serialised"], f"{p}: serialised"), _bounds(lot["default"], f"{p}: lot"),
                              by_kind)
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{p}: not a quantity bounds file ({exc})") from exc
