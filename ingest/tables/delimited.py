"""Delimited text: header names, the csv dialect, and recovering a record whose quoting broke."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from typing import Final

from .model import _MAX_RECORD, Row, TableError

# --------------------------------------------------------------------------- header helpers


def _make_columns(path: str, cells: list[str | None], where: str, notes: list[str]) -> list[str]:
    """Turn raw header cells into column names (see the module docstring for the rules)."""
    names = [(c or "").strip() for c in cells]
    if names:
        names[0] = names[0].lstrip("\ufeff").strip()
    while names and not names[-1]:
        names.pop()
    if not names:
        raise TableError(path, f"the header{where} is blank")
    blanks = [i for i, n in enumerate(names, 1) if not n]
    for i in blanks:
        names[i - 1] = f"column_{i}"
    if blanks:
        notes.append(f"blank header cell(s) named {', '.join(f'column_{i}' for i in blanks)}")
    seen: set[str] = set()
    duplicated: list[str] = []
    for n in names:
        if n in seen and n not in duplicated:
            duplicated.append(n)
        seen.add(n)
    if duplicated:
        listed = ", ".join(repr(n) for n in duplicated)
        raise TableError(path, f"duplicated column name(s) in the header{where}: {listed}")
    return names


class _Header:
    """First item of a delimited-text record stream: the header record."""

    __slots__ = ("fields", "number", "problem")

    def __init__(self, fields: list[str], number: int, problem: str | None) -> None:
        self.fields = fields
        self.number = number
        self.problem = problem


def _csv_reader(lines: Iterator[str] | list[str], delimiter: str, *, strict: bool) -> Iterator[list[str]]:
    """A ``csv.reader`` with the dialect used throughout (double quotes, ``""`` escapes)."""
    return csv.reader(lines, delimiter=delimiter, quotechar='"', doublequote=True,
                      skipinitialspace=delimiter != " ", strict=strict)


class _Utf8Reader:
    """A binary file-like view of a text stream, re-encoded as UTF-8 (for ijson)."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self._text = text

    def read(self, size: int = -1) -> bytes:
        return self._text.read(size).encode("utf-8")


class _RecordTooLong(Exception):
    """Raised by the line source when a multi-line record exceeds ``_MAX_RECORD``."""


def _recover_record(exc: Exception, taken: list[str], delimiter: str) -> tuple[list[str], str | None]:
    """After the strict parser failed on the record made of ``taken`` lines, return its
    fields read leniently (only for a single line with sloppy quoting, e.g.
    ``"Smith" Jr``), or the reason the record is a problem."""
    message = str(exc)
    runaway = "a quoted field opened on this line runs on for {} (unbalanced quote?)"
    if isinstance(exc, _RecordTooLong):
        return [], runaway.format(f"more than {_MAX_RECORD // 1024} KiB")
    if "unexpected end of data" in message:
        return [], "unterminated quoted field" if len(taken) == 1 else runaway.format("to the end of the file")
    if "field larger than field limit" in message:
        if len(taken) == 1:
            return [], f"a field is longer than {csv.field_size_limit()} characters"
        return [], runaway.format(f"more than {csv.field_size_limit()} characters")
    if len(taken) == 1:
        try:
            return next(_csv_reader(taken, delimiter, strict=False)), None
        except (csv.Error, StopIteration):
            pass
    return [], f"malformed quoting: {message}"


_ROW_NEW: Final = object.__new__
_ROW_SET_NUMBER: Final[Callable[[Row, int], None]] = Row.__dict__["number"].__set__
_ROW_SET_VALUES: Final[Callable[[Row, dict[str, str | None]], None]] = Row.__dict__["values"].__set__


_OVERLONG: Final = "\x00\x00overlong\x00\x00\n"
"""Stands in for a physical line longer than ``_MAX_LINE``."""
