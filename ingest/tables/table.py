"""The :class:`Table` a caller iterates: one streaming reader per format (delimited text,
XLSX, JSON, JSON Lines), each yielding rows and row problems in file order."""

from __future__ import annotations

import contextlib
import csv
import decimal
import io
import json
import weakref
from collections import deque
from collections.abc import Callable, Generator, Iterator
from types import TracebackType
from typing import IO, Any, cast

from .delimited import (
    _OVERLONG,
    _ROW_NEW,
    _ROW_SET_NUMBER,
    _ROW_SET_VALUES,
    _csv_reader,
    _Header,
    _RecordTooLong,
    _recover_record,
    _Utf8Reader,
)
from .model import _MAX_JSONL_LINE, _MAX_LINE, _MAX_RECORD, _RAW_CHARS, Format, Row, RowProblem, TableError
from .sniff import _MARK_ERRORS, _MARK_RE, _decode_errors_seen, _show
from .values import _build, _cell_text, _dump, _flatten, _json_error_text, _json_kind, _JsonObject, _skip_array

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
