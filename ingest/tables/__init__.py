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

from .model import TABLE_SUFFIXES, Row, RowProblem, TableError
from .opening import open_table
from .table import Table

__all__ = [
    "TABLE_SUFFIXES",
    "Row",
    "RowProblem",
    "Table",
    "TableError",
    "open_table",
]
