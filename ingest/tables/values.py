"""Cell and record values as text: XLSX cells, JSON values kept as written (duplicate keys,
exact numbers) and flattened to dotted keys, JSON built from parser events at any depth."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Callable, Iterator
from typing import Any

# --------------------------------------------------------------------------- value helpers


def _cell_text(value: Any) -> str | None:
    """Convert one XLSX cell value to stripped text (``None`` when empty).

    Integral floats lose their ``.0``, other floats use the shortest round-trip form,
    midnight datetimes become ISO dates, other datetimes/times ISO 8601, booleans
    ``TRUE``/``FALSE`` as Excel shows them.  Formula cells arrive as their text
    (``"=HYPERLINK(...)"``) and are returned unevaluated.
    """
    if value is None:
        return None
    kind = type(value)
    if kind is str:
        return value.strip() or None
    if kind is int:
        return str(value)
    if kind is float:
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    text = getattr(value, "text", None)  # ArrayFormula
    if isinstance(text, str):
        return text.strip() or None
    if isinstance(value, str):
        return value.strip() or None
    return str(value).strip() or None


class _JsonObject(list[tuple[str, Any]]):
    """A JSON object as its list of ``(key, value)`` pairs, so duplicate keys survive."""


def _dump(value: Any) -> str:
    """JSON text of a nested value, keeping numbers exactly as written."""
    if isinstance(value, _JsonObject):
        return "{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {_dump(v)}" for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v) for v in value) + "]"
    if isinstance(value, decimal.Decimal):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _json_scalar(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):  # an array (objects are flattened before this)
        return _dump(value) if value else None
    return str(value)


def _flatten(record: _JsonObject) -> tuple[dict[str, str | None], list[str]]:
    """Flatten one JSON object to dotted keys; return the values and any duplicate keys."""
    out: dict[str, str | None] = {}
    duplicates: list[str] = []
    # depth-first in document order, without recursion (nesting depth is unbounded)
    stack: list[tuple[str, Iterator[tuple[int, tuple[str, Any]]]]] = [("", enumerate(record, 1))]
    while stack:
        prefix, pairs = stack[-1]
        for position, (key, value) in pairs:
            name = key.strip() or f"column_{position}"
            if prefix:
                name = f"{prefix}.{name}"
            if isinstance(value, _JsonObject) and value:
                stack.append((name, enumerate(value, 1)))
                break
            if name in out:
                duplicates.append(name)
            out[name] = None if isinstance(value, _JsonObject) else _json_scalar(value)
        else:
            stack.pop()
    return out, duplicates


def _json_kind(value: Any) -> str:
    if isinstance(value, _JsonObject):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


def _json_error_text(exc: BaseException) -> str:
    arg = exc.args[0] if exc.args else exc
    text = arg.decode("utf-8", "backslashreplace") if isinstance(arg, bytes) else str(arg)
    return text.strip().splitlines()[0] if text.strip() else type(exc).__name__



def _build(next_event: Callable[[], tuple[str, Any]], event: str, value: Any) -> Any:
    """Build one JSON value from parser events (iteratively: any nesting depth)."""
    if event == "start_map":
        current: list[Any] = _JsonObject()
    elif event == "start_array":
        current = []
    else:
        return value
    stack: list[tuple[list[Any], str]] = []
    key = ""
    while True:
        event, value = next_event()
        if event == "map_key":
            key = value
            continue
        if event == "start_map" or event == "start_array":
            stack.append((current, key))
            current = _JsonObject() if event == "start_map" else []
            key = ""
            continue
        if event == "end_map" or event == "end_array":
            if not stack:
                return current
            value = current
            current, key = stack.pop()
        if isinstance(current, _JsonObject):
            current.append((key, value))
        else:
            current.append(value)


def _skip_array(next_event: Callable[[], tuple[str, Any]], event: str, value: Any) -> None:
    """Consume the rest of an array whose first element (``event``) was already read."""
    _build(next_event, event, value)
    depth = 1
    while depth:
        event, _ = next_event()
        if event in ("start_map", "start_array"):
            depth += 1
        elif event in ("end_map", "end_array"):
            depth -= 1
