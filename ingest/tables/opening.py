"""Opening a table: the format from the name, overruled by the content, then the format's
first look (encoding and delimiter, the workbook sheet, the JSON records' member)."""

from __future__ import annotations

import codecs
from pathlib import Path

from .delimited import _Header, _make_columns
from .model import Format, TableError
from .sniff import _MAGIC, _choose_delimiter, _is_zip, _looks_jsonl, _read_head, _show, _sniff_text, _zip_kind
from .table import Table
from .values import _cell_text, _flatten, _json_kind, _JsonObject

# --------------------------------------------------------------------------- opening


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
