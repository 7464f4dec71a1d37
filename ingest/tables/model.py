"""The public types of the table readers: rows, row problems, the file-level error, and
the limits every reader keeps."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

TABLE_SUFFIXES: Final[frozenset[str]] = frozenset({".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".ndjson"})
"""File name suffixes (lower case, with the dot) that :func:`open_table` is meant for.

``.txt`` is deliberately absent: text files in an evidence folder are reports, not
tables.  :func:`open_table` still reads any file it is given, deciding by content.
"""

Format = Literal["csv", "xlsx", "json", "jsonl"]

_SAMPLE_BYTES: Final = 256 * 1024
"""How much of a text file is examined to detect its encoding and delimiter."""
_MAX_LINE: Final = 1024 * 1024
"""A physical line of delimited text longer than this (in characters) is a row problem."""
_MAX_JSONL_LINE: Final = 16 * 1024 * 1024
"""A JSON Lines record longer than this (in characters) is a row problem."""
_MAX_RECORD: Final = 256 * 1024
"""A quoted field may span lines, but one record may not exceed this many characters."""
_RAW_CHARS: Final = 200
""":attr:`RowProblem.raw` is cut to this many characters."""
_DELIMITERS: Final = (",", "\t", ";", "|")
_DELIMITER_NAMES: Final = {",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe"}


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True, slots=True)
class Row:
    """One data row.

    Attributes
    ----------
    number : int
        Where a person finds the row: for delimited text the physical line number
        (the header is usually line 1, so the first data row is line 2; a record whose
        quoted field spans lines gets the number of its first line); for XLSX the sheet
        row number; for JSON the 1-based index of the record in the array; for JSON
        Lines the line number.
    values : dict[str, str | None]
        Column name to stripped text; empty cells are ``None``.  For delimited text and
        XLSX every column of :attr:`Table.columns` is present.  For JSON and JSON Lines
        only the keys of that record are present (use ``values.get(column)``); nested
        objects are flattened to dotted keys (``{"unit": {"name": "x"}}`` gives
        ``"unit.name"``) and arrays become their JSON text.
    """

    number: int
    values: dict[str, str | None]


@dataclass(frozen=True, slots=True)
class RowProblem:
    """A row that could not be read as a row; iteration continues after it.

    Attributes
    ----------
    number : int
        Where the row is, with the same meaning as :attr:`Row.number`.
    reason : str
        One line saying what is wrong, e.g. ``"has 3 fields, the header has 5"``.
    raw : str
        The offending text, at most about 200 characters, on one line: control
        characters are shown as ``\\xNN`` / ``\\n`` and bytes that could not be decoded
        as ``\\xNN``.
    """

    number: int
    reason: str
    raw: str


class TableError(Exception):
    """The file as a whole cannot be read.

    ``str(error)`` is one line, ``"<path>: <reason>"``, fit to show to a user as is.

    Parameters
    ----------
    path : str
        The file, as the caller named it.
    reason : str
        What is wrong; whitespace (including newlines) is collapsed to single spaces.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = " ".join(str(path).split()) or str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(self.path, self.reason)

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
