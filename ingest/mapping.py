"""Mappings: which column of a table holds which field of a record, as a small YAML file.

A table of shipments, receipts, custody events, relations or places (with coordinates) can
have any layout; a mapping says how to read it. Five built-in mappings
(``ingest/mappings/*.yaml``) read the layouts of the shared scenario and of a places list;
``custody ingest --mapping FILE`` reads any other. Auto-detection (:func:`detect`) picks
the built-in mapping whose required columns are all present, preferring the one that
explains most of the file's columns.

The mapping format
------------------
.. code-block:: yaml

    name: partner-manifest          # required; goes into every evidence record's extractor
    version: 2                      # bump when the meaning of the mapping changes
    record: shipment                # shipment | receipt | events | relations | places
    description: Manifests sent by the fictional partner ministry.
    file:                           # passed to ingest.tables.open_table (all optional)
      encoding: latin-1
      delimiter: ";"
      sheet: Manifest
    document:
      kind: Manifest                # a Document kind of graph/model.yaml (default per record)
      sensitivity: restricted       # public (default) | restricted
    confidence: 1.0                 # of every fact (default 1.0; a `confidence` column wins)
    columns:                        # field: column name, or a list of accepted names
      ref: [Consignment, Shipment No.]
      date: Date
      serial: Serial No.
    required: [ref, date, serial|lot]   # each row must give these ("a|b": at least one)
    constants:                      # values for fields no column gives (or an empty cell)
      consignor: Fictional Donor Ministry
    values:                         # value normalisation, per field (matched case-blind)
      event: {handed over: HANDOVER, "in store": STORAGE}
    lists:                          # fields holding several values, and their separator
      via: ";"
    dates:
      order: DMY                    # DMY | MDY | YMD: how to read "03/04/2023"
      formats: ["%d.%m.%y"]         # extra strptime formats, tried first
    numbers:
      decimal: ","                  # "1.000,5" when the file writes decimals with a comma

Column names are compared normalised (case-blind, runs of anything but letters and digits
as one ``_``), so ``Serial No.`` matches ``serial_no`` and ``SERIAL NO``. The fields each
record kind accepts are in :data:`RECORD_FIELDS`; a mapping naming another field is refused
when loaded, so a typo cannot silently drop a column.

Dates accept ISO (``2023``, ``2023-03``, ``2023-03-15``, with or without a time), day-month
names (``15 Sep 2023``, ``Sep 15, 2023``, ``March 2023``), numeric dates with separators
(``15/03/2023``, read by the declared ``order``; without one, a numeric day-month date is
refused rather than guessed) and ``03/2023``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from graph.dates import PartialDate
from graph.errors import InvalidInput

__all__ = [
    "BUILTIN_DIR",
    "DOCUMENT_KINDS",
    "RECORD_FIELDS",
    "Binding",
    "FieldError",
    "MappingError",
    "NoMappingFits",
    "RecordKind",
    "TableMapping",
    "builtin_mappings",
    "detect",
    "is_free_text",
    "load_mapping",
    "mapping_from_dict",
    "normalize_column",
    "parse_confidence",
    "parse_date",
    "parse_quantity",
    "resolve_mapping",
]

BUILTIN_DIR: Final = Path(__file__).with_name("mappings")

RecordKind = Literal["shipment", "receipt", "events", "relations", "places"]

RECORD_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "shipment": ("ref", "date", "consignor", "consignor_kind", "consignee", "consignee_kind", "end_user",
                 "end_user_kind", "origin", "origin_kind", "destination", "destination_kind", "via", "nsn",
                 "system", "serial", "lot", "quantity", "confidence", "notes"),
    "receipt": ("ref", "date", "received_by", "received_by_kind", "location", "location_kind", "nsn", "system",
                "serial", "lot", "quantity", "confidence", "notes"),
    "events": ("date", "event", "serial", "lot", "ref", "nsn", "system", "quantity", "from", "from_kind", "to",
               "to_kind", "location", "location_kind", "confidence", "notes"),
    "relations": ("subject", "subject_kind", "relation", "object", "object_kind", "valid_from", "valid_to",
                  "confidence", "notes"),
    "places": ("name", "kind", "country", "lat", "lon", "confidence", "notes"),
}
"""The fields each record kind reads. ``*_kind`` fields state the kind of the entity named
by the field before them (``Depot``, ``MilitaryUnit``...); without them the kind is guessed
from the name (see ``ingest/kind_rules.yaml``)."""

DOCUMENT_KINDS: Final[dict[str, str]] = {
    "shipment": "Manifest",
    "receipt": "Receipt",
    "events": "EventLog",
    "relations": "RelationTable",
    "places": "Gazetteer",
}

# Free-text fields: kept verbatim even when they start like a spreadsheet formula.
_FREE_TEXT: Final = frozenset({"notes"})
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


class MappingError(InvalidInput):
    """A mapping file is malformed, or does not fit the file it is applied to."""


class NoMappingFits(MappingError):
    """No built-in mapping fits a file's columns. The message lists the columns found and,
    for each built-in mapping, the required columns that are missing."""

    def __init__(self, path: str, columns: list[str], missing: dict[str, list[str]]) -> None:
        self.path = path
        self.columns = columns
        self.missing = missing
        shown = ", ".join(_show_column(c) for c in columns[:40]) + (" …" if len(columns) > 40 else "")
        why = "; ".join(f"{name} needs {', '.join(m)}" for name, m in missing.items())
        super().__init__(
            f"{path}: no mapping fits its columns ({shown or 'none'}). {why}. "
            "Write a mapping for this layout and pass it with --mapping FILE."
        )


@dataclass(frozen=True, slots=True)
class FieldError(Exception):
    """A value of a row that does not fit its field: the row is rejected with this reason."""

    field: str
    value: str | None
    reason: str

    def __str__(self) -> str:
        return f"{self.field}: {self.reason}"


def _show_column(name: str) -> str:
    """A column name for a message: quoted, cut to 60 characters."""
    return repr(name if len(name) <= 60 else name[:59] + "…")


def normalize_column(name: str) -> str:
    """A column name as compared: case-folded, runs of non-alphanumerics as one ``_``.

    >>> normalize_column(" Serial No. ")
    'serial_no'
    """
    return _NON_ALNUM.sub("_", name.casefold()).strip("_")


@dataclass(frozen=True)
class TableMapping:
    """A loaded mapping. Build it with :func:`load_mapping`; see the module docstring."""

    name: str
    version: str
    record: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[tuple[str, ...], ...]
    constants: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    lists: dict[str, str] = field(default_factory=dict)
    date_order: str | None = None
    date_formats: tuple[str, ...] = ()
    decimal: str = "."
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    document_kind: str = "Manifest"
    sensitivity: str = "public"
    confidence: float = 1.0
    description: str = ""
    source: str = "builtin"

    @property
    def extractor(self) -> str:
        """The evidence records' extractor name: ``custody-manifest/<mapping name>``."""
        return f"custody-manifest/{self.name}"

    def bind(self, columns: Iterable[str], path: str = "") -> Binding:
        """Match the mapping's columns to a file's header.

        Raises
        ------
        MappingError
            When a required field has no column (and no constant), listing what was found.
        """
        binding = Binding.make(self, list(columns))
        missing = binding.missing_required()
        if missing:
            found = ", ".join(_show_column(c) for c in binding.columns[:40]) or "none"
            raise MappingError(
                f"{path + ': ' if path else ''}mapping {self.name!r} does not fit: no column for "
                f"{'; '.join(missing)}. Columns found: {found}"
            )
        return binding


@dataclass(frozen=True)
class Binding:
    """A mapping applied to one header: which actual column holds each field."""

    mapping: TableMapping
    columns: list[str]
    by_field: dict[str, str]
    _pairs: tuple[tuple[str, str], ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_pairs", tuple(self.by_field.items()))  # extract() runs once per row

    @classmethod
    def make(cls, mapping: TableMapping, columns: list[str]) -> Binding:
        present: dict[str, str] = {}
        for col in columns:
            present.setdefault(normalize_column(col), col)
        by_field: dict[str, str] = {}
        for fld, names in mapping.columns.items():
            for name in names:
                if name in present:
                    by_field[fld] = present[name]
                    break
        return cls(mapping, columns, by_field)

    def missing_required(self) -> list[str]:
        """Required fields (or groups) with neither a column nor a constant, described."""
        out = []
        for group in self.mapping.required:
            if not any(f in self.by_field or f in self.mapping.constants for f in group):
                names = [n for f in group for n in self.mapping.columns.get(f, ())]
                out.append(f"{'|'.join(group)} (a column named {' or '.join(names) or '?'})")
        return out

    @property
    def coverage(self) -> int:
        """How many of the file's columns this binding reads (ranks candidate mappings)."""
        return len(set(self.by_field.values()))

    def extract(self, values: Mapping[str, str | None]) -> dict[str, str]:
        """The row's fields: stripped column values, else constants; value maps applied.

        Empty values are absent from the result, so ``fields.get("lot")`` is ``None`` for
        both a missing column and an empty cell.
        """
        out: dict[str, str] = {}
        for fld, col in self._pairs:
            raw = values.get(col)
            if raw:
                text = raw.strip()
                if text:
                    out[fld] = text
        for fld, value in self.mapping.constants.items():
            out.setdefault(fld, value)
        for fld, table in self.mapping.values.items():
            if fld in out:
                out[fld] = table.get(out[fld].casefold(), out[fld])
        return out

    def column_of(self, fld: str) -> str:
        """The column a field was read from (for error reports), or ``(constant)``."""
        return self.by_field.get(fld, "(constant)" if fld in self.mapping.constants else fld)


# -- loading ----------------------------------------------------------------------------


def _as_names(value: Any, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str | int) and str(v).strip()
                                                           for v in value):
        raise MappingError(f"{where}: expected a column name or a list of names, got {value!r}")
    return tuple(normalize_column(str(v)) for v in value)


def mapping_from_dict(raw: Any, source: str = "builtin") -> TableMapping:
    """Build a mapping from parsed YAML, checking every part.

    Raises
    ------
    MappingError
        For a missing name or record kind, an unknown field, a bad date order, etc.
    """
    if not isinstance(raw, dict):
        raise MappingError(f"{source}: a mapping is a YAML mapping (name:, record:, columns:…)")
    name = raw.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}", name):
        raise MappingError(f"{source}: `name` must be a short identifier (letters, digits, - _ .), got {name!r}")
    record = raw.get("record")
    if record not in RECORD_FIELDS:
        raise MappingError(f"{source}: `record` must be one of {', '.join(RECORD_FIELDS)}, got {record!r}")
    allowed = RECORD_FIELDS[record]
    known = {"name", "version", "record", "description", "file", "document", "confidence", "columns", "required",
             "constants", "values", "lists", "dates", "numbers"}
    unknown = set(raw) - known
    if unknown:
        raise MappingError(f"{source}: unknown key(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")

    def check_field(fld: str, where: str) -> str:
        if fld not in allowed:
            raise MappingError(f"{source}: {where}: {fld!r} is not a field of a {record} record; "
                               f"fields: {', '.join(allowed)}")
        return fld

    columns_raw = raw.get("columns") or {}
    if not isinstance(columns_raw, dict) or not columns_raw:
        raise MappingError(f"{source}: `columns` must map fields to column names")
    columns = {check_field(str(f), "columns"): _as_names(v, f"{source}: columns.{f}") for f, v in columns_raw.items()}

    required_raw = raw.get("required") or []
    if not isinstance(required_raw, list):
        raise MappingError(f"{source}: `required` must be a list of fields (\"a|b\" for either)")
    required = tuple(tuple(check_field(f.strip(), "required") for f in str(g).split("|")) for g in required_raw)

    constants_raw = raw.get("constants") or {}
    if not isinstance(constants_raw, dict):
        raise MappingError(f"{source}: `constants` must map fields to values")
    constants = {check_field(str(f), "constants"): str(v).strip() for f, v in constants_raw.items()
                 if v is not None and str(v).strip()}

    values_raw = raw.get("values") or {}
    if not isinstance(values_raw, dict) or not all(isinstance(t, dict) for t in values_raw.values()):
        raise MappingError(f"{source}: `values` must map each field to a table of value: replacement")
    values = {check_field(str(f), "values"): {str(k).strip().casefold(): str(v) for k, v in t.items()}
              for f, t in values_raw.items()}

    lists_raw = raw.get("lists") or {}
    if not isinstance(lists_raw, dict):
        raise MappingError(f"{source}: `lists` must map fields to a separator")
    lists = {check_field(str(f), "lists"): str(sep) for f, sep in lists_raw.items()}
    if any(not sep for sep in lists.values()):
        raise MappingError(f"{source}: `lists`: a separator cannot be empty")
    if "via" in allowed and "via" not in lists:
        lists["via"] = ";"

    dates = raw.get("dates") or {}
    order = dates.get("order") if isinstance(dates, dict) else None
    if order is not None and str(order).upper() not in ("DMY", "MDY", "YMD"):
        raise MappingError(f"{source}: dates.order must be DMY, MDY or YMD, got {order!r}")
    formats = tuple(str(f) for f in (dates.get("formats") or [])) if isinstance(dates, dict) else ()
    numbers = raw.get("numbers") or {}
    decimal = str(numbers.get("decimal", ".")) if isinstance(numbers, dict) else "."
    if decimal not in (".", ","):
        raise MappingError(f"{source}: numbers.decimal must be \".\" or \",\", got {decimal!r}")
    file_opts = raw.get("file") or {}
    document = raw.get("document") or {}
    if not isinstance(file_opts, dict) or not isinstance(document, dict):
        raise MappingError(f"{source}: `file` and `document` must be mappings")
    sensitivity = str(document.get("sensitivity", "public"))
    if sensitivity not in ("public", "restricted"):
        raise MappingError(f"{source}: document.sensitivity must be public or restricted, got {sensitivity!r}")
    try:
        confidence = float(raw.get("confidence", 1.0))
    except (TypeError, ValueError):
        raise MappingError(f"{source}: `confidence` must be a number in [0, 1]") from None
    if not 0.0 <= confidence <= 1.0:
        raise MappingError(f"{source}: `confidence` must be in [0, 1], got {confidence}")
    return TableMapping(
        name=name,
        version=str(raw.get("version", 1)),
        record=record,
        columns=columns,
        required=required,
        constants=constants,
        values=values,
        lists=lists,
        date_order=str(order).upper() if order else None,
        date_formats=formats,
        decimal=decimal,
        encoding=file_opts.get("encoding"),
        delimiter=file_opts.get("delimiter"),
        sheet=file_opts.get("sheet"),
        document_kind=str(document.get("kind", DOCUMENT_KINDS[record])),
        sensitivity=sensitivity,
        confidence=confidence,
        description=str(raw.get("description", "")),
        source=source,
    )


def load_mapping(path: str | Path) -> TableMapping:
    """Read a mapping file.

    Raises
    ------
    MappingError
        When the file cannot be read or is not a valid mapping.
    """
    p = Path(path)
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"{p}: cannot read the mapping: {exc}") from None
    return mapping_from_dict(raw, str(p))


@functools.cache
def _builtins(directory: str) -> tuple[TableMapping, ...]:
    return tuple(load_mapping(p) for p in sorted(Path(directory).glob("*.yaml")))


def builtin_mappings() -> tuple[TableMapping, ...]:
    """The built-in mappings, in file-name order."""
    return _builtins(str(BUILTIN_DIR))


def resolve_mapping(spec: TableMapping | str | Path) -> TableMapping:
    """A mapping given as an object, the name of a built-in one, or a file path."""
    if isinstance(spec, TableMapping):
        return spec
    for m in builtin_mappings():
        if m.name == str(spec):
            return m
    return load_mapping(spec)


def detect(columns: list[str], path: str = "", candidates: Iterable[TableMapping] | None = None) -> Binding:
    """Pick the mapping for a header: among those whose required columns are all present,
    the one that reads most of the file's columns.

    Raises
    ------
    NoMappingFits
        When no candidate fits; lists the columns found and what each candidate misses.
    MappingError
        When two candidates fit equally well (a mapping should be given explicitly).
    """
    fits: list[Binding] = []
    missing: dict[str, list[str]] = {}
    for m in candidates if candidates is not None else builtin_mappings():
        b = Binding.make(m, columns)
        miss = b.missing_required()
        if miss:
            missing[m.name] = miss
        else:
            fits.append(b)
    if not fits:
        raise NoMappingFits(path, columns, missing)
    fits.sort(key=lambda b: -b.coverage)
    if len(fits) > 1 and fits[0].coverage == fits[1].coverage:
        raise MappingError(f"{path}: the columns fit several mappings equally well "
                           f"({', '.join(b.mapping.name for b in fits if b.coverage == fits[0].coverage)}); "
                           "pass one with --mapping")
    return fits[0]


# -- values -----------------------------------------------------------------------------

_MONTHS: Final = {
    name: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1)
    for name in names
}
_MONTH_RE = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_ISO_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?"
                     r"(?:Z|[+-]\d{2}:?\d{2})?)?$")
_NUMERIC_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$")
_MONTH_YEAR_NUM_RE = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_DAY_MONTH_RE = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?[\s\-/.]+(?:of\s+)?{_MONTH_RE}[\s\-/.,]+(\d{{4}})$", re.I)
_MONTH_DAY_RE = re.compile(rf"^{_MONTH_RE}[\s\-/.]+(\d{{1,2}})(?:st|nd|rd|th)?,?[\s\-/.]+(\d{{4}})$", re.I)
_MONTH_ONLY_RE = re.compile(rf"^{_MONTH_RE}[\s\-/.,]+(\d{{4}})$", re.I)
_YEAR_RANGE: Final = (1900, 2100)


def _pd(text: str, year: int, month: int | None = None, day: int | None = None) -> PartialDate:
    if not _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]:
        raise InvalidInput(f"year {year} is out of range ({_YEAR_RANGE[0]}-{_YEAR_RANGE[1]}): {text!r}")
    return PartialDate(year, month, day)


@functools.lru_cache(maxsize=4096)
def parse_date(text: str, order: str | None = None, formats: tuple[str, ...] = ()) -> PartialDate:
    """Parse a full or partial date.

    Parameters
    ----------
    text : str
        ``2023``, ``2023-03``, ``2023-03-15`` (a time part is ignored), ``15 Sep 2023``,
        ``Sep 15, 2023``, ``March 2023``, ``03/2023``, or a numeric day-month date.
    order : {"DMY", "MDY", "YMD"}, optional
        How to read a numeric date such as ``03/04/2023``. Without it such dates are
        refused: guessing would silently swap days and months.
    formats : tuple of str
        Extra :func:`datetime.strptime` formats, tried first (full dates only).

    Raises
    ------
    InvalidInput
        With a message saying what was expected.

    Examples
    --------
    >>> str(parse_date("15 Sep 2023")), str(parse_date("09/15/2023", "MDY")), str(parse_date("March 2023"))
    ('2023-09-15', '2023-09-15', '2023-03')
    """
    s = " ".join(text.split())
    for fmt in formats:
        try:
            parsed = datetime.strptime(s, fmt)
        except ValueError:
            continue
        return _pd(text, parsed.year, parsed.month, parsed.day)
    if m := _ISO_RE.match(s):
        y, mo, d = m.groups()
        return _pd(text, int(y), int(mo) if mo else None, int(d) if d else None)
    if m := _NUMERIC_RE.match(s):
        a, b, y = m.groups()
        if len(y) == 2:
            raise InvalidInput(f"a two-digit year is ambiguous: {text!r}; write the full year")
        if order in (None, "YMD"):
            raise InvalidInput(f"{text!r} could be day/month or month/day; declare dates.order (DMY or MDY) "
                               "in the mapping")
        day, month = (int(a), int(b)) if order == "DMY" else (int(b), int(a))
        return _pd(text, int(y), month, day)
    if m := _MONTH_YEAR_NUM_RE.match(s):
        return _pd(text, int(m.group(2)), int(m.group(1)))
    if m := _DAY_MONTH_RE.match(s):
        return _pd(text, int(m.group(3)), _MONTHS[m.group(2).casefold()], int(m.group(1)))
    if m := _MONTH_DAY_RE.match(s):
        return _pd(text, int(m.group(3)), _MONTHS[m.group(1).casefold()], int(m.group(2)))
    if m := _MONTH_ONLY_RE.match(s):
        return _pd(text, int(m.group(2)), _MONTHS[m.group(1).casefold()])
    raise InvalidInput(f"not a date: {text!r} (expected e.g. 2023-03-15, 2023-03, 2023, 15 Mar 2023, "
                       "March 2023, or a numeric date with dates.order declared)")


_NUMBER_RE = re.compile(r"^[+]?\d+(?:\.\d+)?$")


@functools.lru_cache(maxsize=4096)
def parse_quantity(text: str, decimal: str = ".") -> float | int:
    """A non-negative quantity: ``1``, ``100,000``, ``1 000``, ``2.5`` (``1.000,5`` with a
    decimal comma). Integral values come back as ``int``.

    Raises
    ------
    InvalidInput
        For anything else (negative, not a number, infinite).
    """
    s = text.strip().replace(" ", "").replace("\u00a0", "").replace("'", "").replace("_", "")
    s = s.replace(".", "").replace(",", ".") if decimal == "," else s.replace(",", "")
    if not _NUMBER_RE.match(s):
        raise InvalidInput(f"not a quantity (a non-negative number): {text!r}")
    value = float(s)
    if not math.isfinite(value):
        raise InvalidInput(f"not a finite quantity: {text!r}")
    return int(value) if value.is_integer() and value < 2**53 else value


def parse_confidence(text: str) -> float:
    """A confidence in [0, 1] (``0.8``, or a percentage ``80%``)."""
    s = text.strip()
    try:
        value = float(s[:-1]) / 100 if s.endswith("%") else float(s)
    except ValueError:
        raise InvalidInput(f"not a confidence (a number in [0, 1]): {text!r}") from None
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InvalidInput(f"a confidence is in [0, 1], got {text!r}")
    return value


def is_free_text(fld: str) -> bool:
    """Whether a field is free text (kept verbatim, even if it looks like a formula)."""
    return fld in _FREE_TEXT
