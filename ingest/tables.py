"""Streaming readers that turn a tabular evidence file into rows.

One entry point, :func:`open_table`, reads delimited text (CSV, TSV, semicolon, pipe),
XLSX workbooks, JSON (an array of objects, or an object holding one such array) and
JSON Lines.  Every reader streams: memory stays bounded by the size of one record,
never by the size of the file, so a 1 GB manifest can be read on a laptop.

The readers are built for files of unknown provenance:

* the format is decided by *content* where the name lies (an XLSX workbook renamed
  ``.csv`` is read as a workbook, delimited text renamed ``.xlsx`` is read as text, and
  the decision is recorded in :attr:`Table.notes`); binary files are refused;
* the text encoding is detected (BOM, UTF-16 without BOM, UTF-8, cp1252 fallback);
* a row that cannot be read becomes a :class:`RowProblem` and reading continues, so the
  good rows around a bad one are never lost;
* nothing in a file is ever evaluated: an XLSX formula such as ``=HYPERLINK(...)`` is
  returned as its text.

Conventions shared by all formats
---------------------------------
* Values are stripped text; an empty cell (or JSON ``null`` / ``""``) is ``None``.
* Completely blank rows are skipped silently.
* A header-only file (or an empty JSON array) is *not* an error: iteration yields
  nothing and :attr:`Table.columns` is known, so the caller can report "no data rows".
* Trailing blank header cells are dropped; a blank header cell *between* named ones is
  named ``column_N`` (N is its 1-based position) and noted in :attr:`Table.notes`.
  Duplicate header names are a :class:`TableError`.
* A data row may carry extra trailing *empty* fields (``a,b,c,`` under a three-column
  header); extra non-empty fields, or missing fields in delimited text, make the row a
  :class:`RowProblem`.
* JSON records are flattened: nested objects become dotted keys (``unit.name``), arrays
  become their JSON text, numbers keep their written form (``1.50``), booleans are
  ``"true"``/``"false"``.  XLSX cells: integral numbers without ``.0``, dates as ISO
  ``2024-03-01`` (``2024-03-01T14:05:00`` with a time), booleans ``TRUE``/``FALSE``.

Limits, by design
-----------------
* The encoding and delimiter are judged from the first 256 KiB.  A cp1252 file whose
  first accented letter comes later reads as UTF-8 and those rows become problems
  naming the encoding; pass ``encoding=`` to override.
* Two damaged lines of delimited text, the first opening a quoted field and a later
  one closing it into a record of the right width, are byte for byte a legitimate
  multi-line cell and are read as one.  Every other damaged quote is contained: a
  multi-line record that is malformed in any way is reported at its first line and the
  lines after it are read again.  A quoted field may run on for at most 128K characters.
* Memory is bounded by the largest record: a physical line of delimited text may be
  1 MiB, a JSON Lines record 16 MiB, a JSON array element is held whole.  An XLSX
  workbook's shared-strings table is loaded whole by openpyxl.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import decimal
import io
import json
import re
import weakref
import zipfile
from collections import deque
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final, Literal, cast

__all__ = [
    "TABLE_SUFFIXES",
    "Row",
    "RowProblem",
    "Table",
    "TableError",
    "open_table",
]

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


# --------------------------------------------------------------------------- decoding helpers

_MARK_ERRORS: Final = "custody_graph.tables.mark"
_decode_errors_seen = [0]
"""Bumped on every undecodable byte sequence; lets readers skip the search for marks."""


def _mark_undecodable(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: replace each undecodable byte ``b`` by the lone surrogate
    ``U+DC00 + b``.  Decoders never produce lone surrogates otherwise, so a row holding
    one is known to contain undecodable bytes, and the byte values can be shown."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _decode_errors_seen[0] += 1
    bad = exc.object[exc.start : exc.end]
    return "".join([chr(0xDC00 + b) for b in bad]), exc.end


codecs.register_error(_MARK_ERRORS, _mark_undecodable)

_MARK_RE: Final = re.compile("[\udc00-\udcff]")
_CONTROL_RE: Final = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_SHOW_TABLE: Final = {
    **{c: f"\\x{c:02x}" for c in [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F]},
    0x0A: "\\n",
    0x0D: "\\r",
    **{0xDC00 + b: f"\\x{b:02x}" for b in range(256)},
}


def _show(text: str) -> str:
    """Render ``text`` on one printable line, cut to about 200 characters."""
    shown = text.rstrip("\r\n")[: _RAW_CHARS + 1].translate(_SHOW_TABLE)
    if len(shown) > _RAW_CHARS:
        shown = shown[:_RAW_CHARS] + "…"
    return shown


_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC: Final = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE2 compound file (a legacy .xls workbook, or a password-protected"
     " Office file), not a table this reader can open; save it as .xlsx or .csv"),
    (b"%PDF-", "a PDF document"),
    (b"\x1f\x8b", "a gzip-compressed file; decompress it first"),
    (b"\xfd7zXZ\x00", "an xz-compressed file; decompress it first"),
    (b"(\xb5/\xfd", "a zstd-compressed file; decompress it first"),
    (b"BZh", "a bzip2-compressed file; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an ELF executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def _is_zip(head: bytes) -> bool:
    return head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")


def _zip_kind(path: Path) -> str:
    """Return ``"xlsx"`` for an Office Open XML workbook, else a description of the archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
                return "xlsx"
            if "mimetype" in names:
                mimetype = archive.read("mimetype")[:100].decode("ascii", "replace")
                if "opendocument.spreadsheet" in mimetype:
                    return "an OpenDocument spreadsheet (.ods); save it as .xlsx or .csv"
                return f"an OpenDocument file ({mimetype})"
            if "word/document.xml" in names:
                return "a Word document (.docx)"
            if "ppt/presentation.xml" in names:
                return "a PowerPoint document (.pptx)"
            return "a ZIP archive, not a table"
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as exc:
        return f"a damaged ZIP archive ({exc})"


def _utf16_without_bom(sample: bytes) -> str | None:
    """Guess UTF-16 without a BOM from the pattern of zero bytes (mostly-ASCII text).

    The file must *start* like UTF-16 text (ASCII letters alternating with zero bytes)
    and keep that pattern; a few NUL bytes further down in 8-bit text do not make it
    UTF-16.
    """
    half = len(sample) // 2
    if half < 2:
        return None
    even_zero = sample[0 : 2 * half : 2].count(0)
    odd_zero = sample[1 : 2 * half : 2].count(0)
    starts_le = sample[0] and not sample[1] and sample[2] and not sample[3]
    starts_be = not sample[0] and sample[1] and not sample[2] and sample[3]
    if starts_le and odd_zero > 0.3 * half and even_zero < 0.05 * half:
        return "utf-16-le"
    if starts_be and even_zero > 0.3 * half and odd_zero < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_cp1252(line: bytes) -> bool:
    """True when a line that is not UTF-8 reads as plausible cp1252 text."""
    try:
        text = line.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return _CONTROL_RE.search(text) is None


def _guess_8bit(lines: list[bytes]) -> str:
    """Choose between UTF-8 and cp1252 for text without a BOM.

    UTF-8 wins when every line is valid UTF-8, or when some non-ASCII line is valid
    UTF-8 (the invalid lines are then damage, reported row by row).  cp1252 wins only
    when no non-ASCII line is valid UTF-8 and some invalid line reads as cp1252 text;
    lines of random bytes (full of control characters) do not count as evidence.
    """
    clean_multibyte = False
    invalid: list[bytes] = []
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            invalid.append(line)
        else:
            clean_multibyte = True
    if not invalid or clean_multibyte:
        return "utf-8"
    if any(_looks_cp1252(line) for line in invalid):
        return "cp1252"
    return "utf-8"


@dataclass(slots=True)
class _Text:
    """What was learnt about a text file from its first bytes."""

    codec: str  # the codec used to decode, after skipping the BOM
    label: str  # what Table.encoding reports
    bom: int  # number of BOM bytes to skip
    text: str  # the decoded sample (complete lines only, unless the file is shorter)


def _sniff_text(path: str, head: bytes, complete: bool, encoding: str | None) -> _Text:
    """Detect the encoding of ``head`` (the first bytes of the file) and refuse binary data."""
    bom = 0
    if encoding is not None:
        codec = encoding
        label = encoding
    else:
        for mark, name in _BOMS:
            if head.startswith(mark):
                bom, codec = len(mark), name
                label = "utf-8-sig" if name == "utf-8" else name
                break
        else:
            utf16 = _utf16_without_bom(head) if b"\x00" in head else None
            if utf16 is not None:
                codec = label = utf16
            else:
                body = head if complete else head[: head.rfind(b"\n") + 1] or head
                codec = label = _guess_8bit(body.split(b"\n"))
    data = head[bom:]
    width = 4 if "32" in codec else 2 if "16" in codec else 1
    if not complete:
        # decode whole code units only; a partial trailing character would look like damage
        data = data[: len(data) - len(data) % width]
    errors_before = _decode_errors_seen[0]
    text = codecs.getincrementaldecoder(codec)(_MARK_ERRORS).decode(data, final=complete)
    undecodable = _decode_errors_seen[0] != errors_before
    if not complete:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        if cut >= 0:
            text = text[: cut + 1]
    lines = [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
    if not lines:
        return _Text(codec, label, bom, text)
    first = lines[0]
    if _CONTROL_RE.search(first) or (undecodable and _MARK_RE.search(first)):
        if "\x00" in first:
            what = "NUL bytes (binary data? if this is UTF-16 text without a byte-order mark, give the encoding)"
        else:
            what = "control characters or undecodable bytes (binary data?)"
        raise TableError(path, f"not a text table: the first line contains {what}")
    bad = sum(1 for line in lines if _CONTROL_RE.search(line) or (undecodable and _MARK_RE.search(line)))
    if bad * 2 > len(lines):
        raise TableError(path, f"not a text table: {bad} of the first {len(lines)} lines contain binary data")
    return _Text(codec, label, bom, text)


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


# --------------------------------------------------------------------------- Table


class Table:
    """A tabular file opened by :func:`open_table`; iterate it for rows.

    Iterating yields :class:`Row` and :class:`RowProblem` in file order.  Each
    iteration reads the file afresh (a table can be iterated more than once); memory
    stays bounded by the largest record.  Use it as a context manager, or call
    :meth:`close`, to release the workbook / open files.

    :class:`TableError` can also be raised *during* iteration when the file breaks in
    a way no reader can step over (a JSON syntax error in the middle of an array, a
    corrupt XLSX sheet, an I/O error); rows yielded before it stay valid.

    Attributes
    ----------
    path : str
        The file, as given to :func:`open_table`.
    format : {"csv", "xlsx", "json", "jsonl"}
        How the content is read (decided by content when the name is misleading).
    columns : list[str]
        Header names, stripped, BOM removed.  For JSON and JSON Lines: the keys of the
        first record, extended in first-seen order with new keys met while iterating.
    encoding : str or None
        Text encoding used (``"utf-8"``, ``"utf-8-sig"`` when a BOM was present,
        ``"utf-16-le"``, ``"cp1252"``...); ``None`` for XLSX.
    delimiter : str or None
        Field delimiter of delimited text; ``None`` for other formats.
    sheet : str or None
        The worksheet read (XLSX only).
    notes : list[str]
        Human-readable remarks about how the file was read (format decided by content,
        blank header cells named, JSON records taken from member "x", ...).
    """

    path: str
    format: Format
    columns: list[str]
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    notes: list[str]

    def __init__(self, path: str, fmt: Format) -> None:
        self.path = path
        self.format = fmt
        self.columns = []
        self.encoding = None
        self.delimiter = None
        self.sheet = None
        self.notes = []
        self._codec = "utf-8"
        self._bom = 0
        self._closed = False
        self._workbook: Any = None
        self._workbook_file: IO[bytes] | None = None
        self._worksheet: Any = None
        self._header_row = 0
        self._json_member: str | None = None
        self._known: set[str] = set()
        self._live: weakref.WeakSet[Iterator[Row | RowProblem]] = weakref.WeakSet()

    # -- protocol -----------------------------------------------------------------------

    def __repr__(self) -> str:
        return f"<Table {self.format} {self.path!r} columns={len(self.columns)}>"

    def __enter__(self) -> Table:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop any running iteration and release open files; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        for iterator in list(self._live):
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
        if self._workbook is not None:
            with contextlib.suppress(Exception):  # closing must not fail
                self._workbook.close()
            self._workbook = None
        if self._workbook_file is not None:
            self._workbook_file.close()
            self._workbook_file = None

    def __iter__(self) -> Iterator[Row | RowProblem]:
        """Yield rows and row problems in file order.

        Returns
        -------
        Iterator[Row | RowProblem]
            A fresh, streaming iterator over the data rows (the header is not yielded).

        Raises
        ------
        TableError
            The file became unreadable part-way (see the class docstring).
        ValueError
            The table was closed.
        """
        if self._closed:
            raise ValueError(f"{self.path}: table is closed")
        iterator: Generator[Row | RowProblem, None, None]
        if self.format == "csv":  # the hot path: one generator, which converts its own errors
            iterator = cast(Generator[Row | RowProblem, None, None], self._csv_stream())
        else:
            iterator = self._guarded(self._stream())
        self._live.add(iterator)
        return iterator

    def _stream(self) -> Iterator[Row | RowProblem]:
        if self.format == "xlsx":
            yield from self._xlsx_stream()
        elif self.format == "json":
            for index, record in self._json_records():
                item = self._json_record(index, record)
                if item is not None:
                    yield item
        else:
            yield from self._jsonl_stream()

    def _guarded(self, stream: Iterator[Row | RowProblem]) -> Generator[Row | RowProblem, None, None]:
        """Turn unexpected failures into a one-line :class:`TableError`."""
        try:
            yield from stream
        except TableError:
            raise
        except MemoryError:
            raise
        except OSError as exc:
            raise TableError(self.path, f"read error: {exc.strerror or exc}") from exc
        except Exception as exc:
            raise TableError(self.path, f"cannot read further: {type(exc).__name__}: {exc}") from exc

    # -- delimited text -----------------------------------------------------------------

    def _open_text(self, raw: IO[bytes]) -> io.TextIOWrapper:
        raw.seek(self._bom)
        return io.TextIOWrapper(raw, encoding=self._codec, errors=_MARK_ERRORS, newline="")

    def _csv_stream(self, *, header_only: bool = False) -> Generator[_Header | Row | RowProblem, None, None]:
        """Records of delimited text.

        With ``header_only`` yield one :class:`_Header` (the first non-blank record, or
        the reason it cannot be read) and stop.  Otherwise skip that record and yield
        rows and problems.

        Quoted fields may span lines.  Parsing is strict about quotes so that a damaged
        line cannot silently swallow the lines after it: when a record that spans lines
        is malformed (bad quoting, unterminated quote, wrong field count, NUL or
        undecodable bytes, longer than ``_MAX_RECORD``), only its *first* line is
        reported and the lines after it are parsed again as records of their own.
        """
        delimiter = self.delimiter or ","
        encoding = self.encoding or self._codec
        columns = self.columns
        width = len(columns)
        header_pending = True
        strip = str.strip
        new_row, set_number, set_values = _ROW_NEW, _ROW_SET_NUMBER, _ROW_SET_VALUES
        decode_errors = _decode_errors_seen
        pending: deque[str] = deque()  # lines to parse again after a bad multi-line record
        taken: list[str] = []  # the physical lines of the record being parsed

        def source(readline: Callable[[int], str]) -> Iterator[str]:
            span = 0
            while True:
                if pending:
                    line = pending.popleft()
                else:
                    line = readline(_MAX_LINE)
                    if not line:
                        return
                    if len(line) == _MAX_LINE and line[-1] not in "\r\n":
                        more = line
                        while len(more) == _MAX_LINE and more[-1] not in "\r\n":
                            more = readline(_MAX_LINE)
                        line = _OVERLONG
                taken.append(line)
                if len(taken) == 1:
                    span = len(line)
                else:
                    span += len(line)
                    if span > _MAX_RECORD:
                        raise _RecordTooLong
                yield line

        try:
            with open(self.path, "rb") as raw:
                readline = self._open_text(raw).readline
                next_record = _csv_reader(source(readline), delimiter, strict=True).__next__
                errors_at_start = decode_errors[0]
                lineno = 1
                while True:
                    start = lineno
                    problem: str | None = None
                    try:
                        fields = next_record()
                    except StopIteration:
                        break
                    except (csv.Error, _RecordTooLong) as exc:
                        next_record = _csv_reader(source(readline), delimiter, strict=True).__next__
                        if not taken:
                            break
                        fields, problem = _recover_record(exc, taken, delimiter)
                    span = len(taken)
                    line = taken[0] if span == 1 else "".join(taken)
                    if problem is not None:
                        pass
                    elif "\x00" in line:
                        problem = (f"line is longer than {_MAX_LINE // (1024 * 1024)} MiB" if _OVERLONG in taken
                                   else "contains NUL bytes")
                    elif decode_errors[0] != errors_at_start and not line.isascii() and _MARK_RE.search(line):
                        problem = f"contains bytes that are not valid {encoding}"
                    else:
                        values: list[str | None] = list(map(strip, fields))
                        if "" in values or not values:
                            values = [v or None for v in values]
                            if not any(values):  # a blank row
                                lineno += span
                                taken.clear()
                                continue
                        if header_pending:
                            header_pending = False
                            lineno += span
                            taken.clear()
                            if header_only:
                                yield _Header(fields, start, None)
                                return
                            continue
                        count = len(values)
                        if count == width or (count > width and not any(values[width:])):
                            lineno += span
                            taken.clear()
                            row = new_row(Row)  # Row(start, ...) without the frozen-dataclass __init__ cost
                            set_number(row, start)
                            set_values(row, dict(zip(columns, values, strict=False)))
                            yield row
                            continue
                        problem = (f"has {count} fields, the header has {width}" if count < width
                                   else f"has {count} fields, the header has {width} (extra non-empty fields)")
                    # a bad record: report its first line, parse the lines after it again
                    first = taken[0]
                    if span > 1:
                        pending.extendleft(reversed(taken[1:]))
                        next_record = _csv_reader(source(readline), delimiter, strict=True).__next__
                    taken.clear()
                    lineno = start + 1
                    if header_pending:
                        if header_only:
                            yield _Header([], start, f"line {start}: {problem}")
                            return
                        header_pending = False  # the file changed since it was opened; skip as before
                        continue
                    yield RowProblem(start, problem, _show(first))
                if header_only:
                    yield _Header([], 0, None)
        except OSError as exc:
            raise TableError(self.path, f"read error: {exc.strerror or exc}") from exc

    # -- XLSX -----------------------------------------------------------------------------

    def _xlsx_stream(self) -> Iterator[Row | RowProblem]:
        columns = self.columns
        width = len(columns)
        header_row = self._header_row
        cell_text = _cell_text
        for number, cells in enumerate(self._worksheet.iter_rows(values_only=True), 1):
            if number <= header_row or not cells:
                continue
            values = [cell_text(c) for c in cells]
            if not any(values):
                continue
            if len(values) > width:
                extra = [(i, v) for i, v in enumerate(values[width:], width + 1) if v is not None]
                if extra:
                    from openpyxl.utils import get_column_letter

                    where = ", ".join(get_column_letter(i) for i, _ in extra[:5])
                    raw = " | ".join("" if v is None else v for v in values)
                    yield RowProblem(number, f"has values beyond the last header column (in {where})", _show(raw))
                    continue
                values = values[:width]
            elif len(values) < width:
                values.extend([None] * (width - len(values)))
            yield Row(number, dict(zip(columns, values, strict=True)))

    # -- JSON -----------------------------------------------------------------------------

    def _json_events(self, raw: IO[bytes]) -> Iterator[tuple[str, Any]]:
        import ijson

        raw.seek(self._bom)
        source: IO[bytes] | _Utf8Reader = raw
        if self._codec != "utf-8":  # the parser wants UTF-8 bytes: transcode on the fly
            source = _Utf8Reader(io.TextIOWrapper(raw, encoding=self._codec, errors="replace"))
        return iter(ijson.basic_parse(source))

    def _json_records(self) -> Generator[tuple[int, Any], None, None]:
        """Yield ``(index, record)`` for each element of the records array.

        Records are built from parser events, so one record at a time is in memory.
        Objects come back as :class:`_JsonObject` (key/value pairs, duplicates kept).
        """
        import ijson

        with open(self.path, "rb") as raw:
            events = self._json_events(raw)
            index = 0
            try:
                next_event = events.__next__
                event, _ = next_event()
                member: str | None = None
                empty: str | None = None
                if event == "start_map":
                    while True:
                        event, value = next_event()
                        if event == "end_map":
                            if member is None and empty is None:
                                raise TableError(self.path, "the JSON object holds no array of objects")
                            if member is None:
                                self._json_member = empty
                            break
                        key = value
                        event, value = next_event()
                        if event != "start_array":
                            _build(next_event, event, value)
                            continue
                        event, value = next_event()
                        if event == "end_array":
                            empty = empty or key
                            continue
                        if event != "start_map":
                            _skip_array(next_event, event, value)
                            continue
                        if member is not None:
                            raise TableError(
                                self.path,
                                f"the JSON object holds more than one array of objects ({member!r} and {key!r});"
                                f" only {member!r} was read — split the file",
                            )
                        member = key
                        self._json_member = key
                        while event != "end_array":
                            index += 1
                            yield index, _build(next_event, event, value)
                            event, value = next_event()
                    for _ in events:  # let the parser check for trailing garbage
                        pass
                    return
                if event != "start_array":
                    raise TableError(self.path, "not a JSON array of objects: the top-level value is a scalar")
                while True:
                    event, value = next_event()
                    if event == "end_array":
                        break
                    index += 1
                    yield index, _build(next_event, event, value)
                for _ in events:  # let the parser check for trailing garbage
                    pass
            except StopIteration:
                raise TableError(self.path, f"the JSON ends too early (after record {index})") from None
            except ijson.JSONError as exc:
                raise TableError(self.path, f"invalid JSON after record {index}: {_json_error_text(exc)}") from None

    def _json_record(self, number: int, record: Any, raw: str | None = None) -> Row | RowProblem | None:
        """Turn one decoded JSON record into a row, a problem, or ``None`` (a blank record)."""
        if not isinstance(record, _JsonObject):
            shown = raw if raw is not None else _dump(record)
            return RowProblem(number, f"the record is {_json_kind(record)}, not an object", _show(shown))
        try:
            values, duplicates = _flatten(record)
        except RecursionError:
            return RowProblem(number, "the record is nested too deeply", _show(raw or ""))
        if duplicates:
            shown = raw if raw is not None else _dump(record)
            listed = ", ".join(repr(d) for d in dict.fromkeys(duplicates))
            return RowProblem(number, f"duplicated key(s) {listed}", _show(shown))
        if not any(values.values()):
            return None
        known = self._known
        for key in values:
            if key not in known:
                known.add(key)
                self.columns.append(key)
        return Row(number, values)

    # -- JSON Lines -----------------------------------------------------------------------

    def _jsonl_lines(self) -> Generator[tuple[int, str | None, Any], None, None]:
        """Yield ``(line number, problem or None, record)`` for each non-blank line."""
        loads = json.JSONDecoder(object_pairs_hook=_JsonObject, parse_float=decimal.Decimal).decode
        encoding = self.encoding or self._codec
        with open(self.path, "rb") as raw:
            text = self._open_text(raw)
            readline = text.readline
            number = 0
            while True:
                line = readline(_MAX_JSONL_LINE)
                if not line:
                    return
                number += 1
                if len(line) == _MAX_JSONL_LINE and line[-1] not in "\r\n":
                    more = line
                    while len(more) == _MAX_JSONL_LINE and more[-1] not in "\r\n":
                        more = readline(_MAX_JSONL_LINE)
                    yield number, f"line is longer than {_MAX_JSONL_LINE // (1024 * 1024)} MiB", line[:_RAW_CHARS]
                    continue
                stripped = line.strip()
                if not stripped:
                    continue
                if "\x00" in line:
                    yield number, "contains NUL bytes", line
                    continue
                if not line.isascii() and _MARK_RE.search(line):
                    yield number, f"contains bytes that are not valid {encoding}", line
                    continue
                try:
                    record = loads(stripped)
                except ValueError as exc:
                    yield number, f"not valid JSON: {exc}", line
                    continue
                except RecursionError:
                    yield number, "JSON nested too deeply", line
                    continue
                if not isinstance(record, _JsonObject):
                    yield number, f"the record is {_json_kind(record)}, not an object", line
                    continue
                yield number, None, record

    def _jsonl_stream(self) -> Iterator[Row | RowProblem]:
        for number, problem, record in self._jsonl_lines():
            if problem is not None:
                yield RowProblem(number, problem, _show(record))
                continue
            item = self._json_record(number, record)
            if item is not None:
                yield item


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


# --------------------------------------------------------------------------- opening


def _read_head(path: str, file: Path) -> tuple[bytes, int]:
    try:
        size = file.stat().st_size
        with open(file, "rb") as fh:
            head = fh.read(_SAMPLE_BYTES)
    except FileNotFoundError:
        raise TableError(path, "file not found") from None
    except IsADirectoryError:
        raise TableError(path, "is a directory, not a file") from None
    except PermissionError:
        raise TableError(path, "permission denied") from None
    except OSError as exc:
        raise TableError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if file.is_dir():
        raise TableError(path, "is a directory, not a file")
    if not head and size == 0:
        raise TableError(path, "the file is empty (0 bytes)")
    return head, size


def _open_xlsx(table: Table, file: Path, sheet: str | None) -> None:
    import warnings

    from openpyxl import load_workbook

    handle = open(file, "rb")  # noqa: SIM115 - kept open for read-only streaming, closed by Table.close
    table._workbook_file = handle
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on damaged workbooks
        table.close()
        raise TableError(table.path, f"not a readable XLSX workbook: {type(exc).__name__}: {exc}") from None
    table._workbook = workbook
    worksheets = list(workbook.worksheets)
    if sheet is None:
        if not worksheets:
            table.close()
            raise TableError(table.path, "the workbook has no worksheet")
        worksheet = worksheets[0]
    else:
        found = [ws for ws in worksheets if ws.title == sheet]
        if not found:
            names = ", ".join(repr(ws.title) for ws in worksheets) or "none"
            table.close()
            raise TableError(table.path, f"no worksheet named {sheet!r} (sheets: {names})")
        worksheet = found[0]
    worksheet.reset_dimensions()  # never trust the stored dimension: read what is there
    table._worksheet = worksheet
    table.sheet = worksheet.title
    try:
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), 1):
            header = [_cell_text(c) for c in cells]
            if any(header):
                table._header_row = number
                table.columns = _make_columns(table.path, header, f" (sheet {worksheet.title!r}, row {number})",
                                              table.notes)
                return
    except TableError:
        table.close()
        raise
    except Exception as exc:
        table.close()
        raise TableError(table.path, f"cannot read sheet {worksheet.title!r}: {type(exc).__name__}: {exc}") from None
    table.close()
    raise TableError(table.path, f"the worksheet {worksheet.title!r} is empty")


def _choose_delimiter(text: str, suffix: str) -> str:
    """Pick the delimiter among , TAB ; | that splits the first lines most consistently."""
    lines = text.splitlines(keepends=True)[:200]
    preference = ("\t", ",", ";", "|") if suffix == ".tsv" else _DELIMITERS
    best: tuple[Any, ...] | None = None
    chosen = preference[0]
    for rank, delimiter in enumerate(preference):
        records: list[list[str]] = []
        try:
            for fields in csv.reader(lines, delimiter=delimiter, quotechar='"', skipinitialspace=True):
                if any(f.strip() for f in fields):
                    records.append(fields)
                    if len(records) >= 30:
                        break
        except csv.Error:
            continue
        if not records:
            continue
        header = len(records[0])
        rest = records[1:]
        consistent = sum(len(r) == header for r in rest) / len(rest) if rest else 1.0
        score = (header >= 2, consistent, header, -rank)
        if best is None or score > best:
            best, chosen = score, delimiter
    return chosen


def _open_text_table(table: Table, file: Path, head: bytes, size: int, encoding: str | None,
                     delimiter: str | None, suffix: str) -> None:
    sniffed = _sniff_text(table.path, head, len(head) >= size, encoding)
    table._codec = sniffed.codec
    table._bom = sniffed.bom
    table.encoding = sniffed.label
    content = sniffed.text.lstrip("\ufeff \t\r\n")
    if not content:
        raise TableError(table.path, "the file contains only blank lines")
    first = content[0]
    if table.format == "csv" and suffix not in (".csv", ".tsv", ".txt") and first in "[{":
        table.format = "jsonl" if first == "{" and _looks_jsonl(content) else "json"
        table.notes.append(f"read as {table.format.upper()}: the content is JSON although the name ends in {suffix!r}")
    elif table.format == "json" and first == "{" and _looks_jsonl(content):
        table.format = "jsonl"
        table.notes.append("read as JSON Lines: the file holds one JSON object per line")
    elif table.format == "jsonl" and first == "[":
        table.format = "json"
        table.notes.append("read as a JSON array: the file holds one JSON array, not one object per line")
    if table.format == "csv":
        if content[:20].lower().startswith(("<!doctype", "<html", "<?xml", "<table")):
            raise TableError(table.path, "this is an HTML/XML document (a sheet saved as a web page?), not a table")
        if suffix in (".xlsx", ".xlsm"):
            table.notes.append(f"read as delimited text: the content is text although the name ends in {suffix!r}")
        table.delimiter = delimiter or _choose_delimiter(sniffed.text, suffix)
        stream = table._csv_stream(header_only=True)
        header = next(stream)
        stream.close()
        assert isinstance(header, _Header)
        if header.problem is not None:
            raise TableError(table.path, f"the header cannot be read: {header.problem}")
        if header.number == 0:
            raise TableError(table.path, "the file contains only blank lines")
        where = "" if header.number == 1 else f" (line {header.number})"
        table.columns = _make_columns(table.path, list(header.fields), where, table.notes)
        if header.number > 1:
            table.notes.append(f"the header is on line {header.number}")
        return
    if first not in "[{" and table.format == "json":
        raise TableError(table.path, f"not a JSON array of objects: the content starts with {_show(content[:40])!r}")
    table._known = set()
    if table.format == "json":
        try:
            import ijson  # noqa: F401
        except ImportError:
            raise TableError(table.path, "reading JSON arrays needs the 'ijson' package") from None
        _peek_json(table)
    else:
        _peek_jsonl(table)


def _looks_jsonl(content: str) -> bool:
    """True when the first line is a complete JSON object and more content follows it
    (which a single JSON document cannot have)."""
    first, _, rest = content.partition("\n")
    try:
        value = json.loads(first)
    except ValueError:
        return False
    return isinstance(value, dict) and bool(rest.strip())


def _peek_json(table: Table) -> None:
    """Learn the columns from the first object record (and check the top-level shape)."""
    kinds: list[str] = []
    records = table._json_records()  # peeks at the start only; the generator is closed below
    try:
        for _, record in records:
            if isinstance(record, _JsonObject):
                values, _ = _flatten(record)
                table.columns = list(values)
                table._known = set(values)
                break
            kinds.append(_json_kind(record))
        else:
            if kinds:
                raise TableError(table.path, f"not a JSON array of objects: its first element is {kinds[0]}")
    finally:
        records.close()
    if table._json_member is not None:
        table.notes.append(f"records read from the JSON member {table._json_member!r}")


def _peek_jsonl(table: Table) -> None:
    first_problem: tuple[int, str] | None = None
    lines = table._jsonl_lines()
    try:
        for number, problem, record in lines:
            if problem is None and isinstance(record, _JsonObject):
                values, _ = _flatten(record)
                table.columns = list(values)
                table._known = set(values)
                return
            if first_problem is None:
                first_problem = (number, problem or f"the record is {_json_kind(record)}, not an object")
    finally:
        lines.close()
    if first_problem is not None:
        number, problem = first_problem
        raise TableError(table.path, f"no line holds a JSON object (line {number}: {problem})")
    raise TableError(table.path, "the file contains only blank lines")


def open_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> Table:
    """Open a tabular file for streaming.

    The format comes from the suffix (``.csv``/``.tsv`` and anything else: delimited
    text; ``.xlsx``; ``.json``; ``.jsonl``/``.ndjson``), overruled by the content where
    the two disagree: a ZIP workbook is read as XLSX whatever its name, text named
    ``.xlsx`` is read as delimited text, a ``.json`` file holding one object per line is
    read as JSON Lines (and the reverse).  Each such decision is added to
    :attr:`Table.notes`.

    Parameters
    ----------
    path : str or pathlib.Path
        The file to read.
    sheet : str, optional
        XLSX only: the worksheet to read (default: the first worksheet).  Given for
        a file that is not a workbook, it is ignored and a note says so.
    encoding : str, optional
        Text formats only: a Python codec name, overriding detection.  Detection
        checks for a BOM (UTF-8, UTF-16, UTF-32), then UTF-16 without BOM, then UTF-8,
        then falls back to cp1252, judging from the first 256 KiB.
    delimiter : str, optional
        Delimited text only: one character, overriding the sniffing among
        ``,`` TAB ``;`` ``|`` (a ``.tsv`` file prefers TAB when the evidence is even).

    Returns
    -------
    Table
        An open table; the header has been read and validated.  Use it as a context
        manager and iterate it for :class:`Row` and :class:`RowProblem` items.

    Raises
    ------
    TableError
        The file cannot be read as a table: missing, a directory, empty (0 bytes),
        only blank lines, binary data, an archive or document that is not a table, an
        unreadable workbook or a missing sheet, an unreadable or duplicated header, JSON
        that is not an array of objects (or an object holding one), an unknown encoding
        name or a delimiter that is not one character.  A missing sheet lists the
        sheets there are.

    Examples
    --------
    >>> with open_table("manifest.csv") as table:          # doctest: +SKIP
    ...     for item in table:
    ...         if isinstance(item, RowProblem):
    ...             print(f"line {item.number}: {item.reason}")
    ...         else:
    ...             print(item.values["serial"])
    """
    path_str = str(path)
    file = Path(path)
    if encoding is not None:
        try:
            encoding = codecs.lookup(encoding).name
        except LookupError:
            raise TableError(path_str, f"unknown encoding {encoding!r}") from None
    if delimiter is not None and (len(delimiter) != 1 or delimiter in "\r\n\"\x00"):
        raise TableError(path_str, f"the delimiter must be one character other than a quote or newline, "
                                   f"not {delimiter!r}")
    head, size = _read_head(path_str, file)
    suffix = file.suffix.lower()
    if _is_zip(head):
        kind = _zip_kind(file)
        if kind != "xlsx":
            raise TableError(path_str, f"this is {kind}")
        table = Table(path_str, "xlsx")
        if suffix not in (".xlsx", ".xlsm"):
            table.notes.append(f"read as XLSX: the content is an XLSX workbook although the name ends in {suffix!r}")
        if encoding is not None or delimiter is not None:
            table.notes.append("encoding/delimiter ignored: the file is an XLSX workbook")
        _open_xlsx(table, file, sheet)
        return table
    for magic, what in _MAGIC:
        if head.startswith(magic) and (magic != b"BZh" or head[4:10] == b"1AY&SY"):
            raise TableError(path_str, f"this is {what}" if ";" in what or "table" in what
                             else f"this is {what}, not a table")
    fmt: Format = "json" if suffix == ".json" else "jsonl" if suffix in (".jsonl", ".ndjson") else "csv"
    table = Table(path_str, fmt)
    if sheet is not None:  # e.g. one mapping shared by the XLSX and the CSV export of a manifest
        table.notes.append(f"sheet={sheet!r} ignored: the file is not an XLSX workbook")
    _open_text_table(table, file, head, size, encoding, delimiter, suffix)
    return table
