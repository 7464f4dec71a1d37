"""Tests for ingest.tables: streaming readers for CSV/TSV, XLSX, JSON and JSON Lines.

All data is fictional and written to ``tmp_path``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingest.tables import TABLE_SUFFIXES, Row, RowProblem, Table, TableError, open_table

HEADER = ["serial", "model", "unit", "received"]
GOOD = [
    ["JAV-0042", "FGM-148", "14th Reserve Brigade", "2024-03-01"],
    ["JAV-0043", "FGM-148", "Ölfeld Depot, North", "2024-03-02"],
    ["JAV-0044", "", "3rd Logistics Bn", ""],
]
EXPECTED = [
    {"serial": "JAV-0042", "model": "FGM-148", "unit": "14th Reserve Brigade", "received": "2024-03-01"},
    {"serial": "JAV-0043", "model": "FGM-148", "unit": "Ölfeld Depot, North", "received": "2024-03-02"},
    {"serial": "JAV-0044", "model": None, "unit": "3rd Logistics Bn", "received": None},
]


def delimited(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=newline)
    writer.writerows(rows)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: str | bytes, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def read_all(path: Path, **kwargs: str) -> tuple[Table, list[Row | RowProblem]]:
    with open_table(path, **kwargs) as table:
        items = list(table)
    return table, items


def rows_of(items: list[Row | RowProblem]) -> list[Row]:
    return [item for item in items if isinstance(item, Row)]


def problems_of(items: list[Row | RowProblem]) -> list[RowProblem]:
    return [item for item in items if isinstance(item, RowProblem)]


# --------------------------------------------------------------------------- delimited text


def test_csv_basic_values_numbers_and_types(tmp_path: Path) -> None:
    path = write(tmp_path, "manifest.csv", delimited([HEADER, *GOOD]))
    table, items = read_all(path)
    assert (table.format, table.encoding, table.delimiter) == ("csv", "utf-8", ",")
    assert table.columns == HEADER
    assert all(isinstance(item, Row) for item in items)
    assert [item.values for item in rows_of(items)] == EXPECTED
    assert [item.number for item in items] == [2, 3, 4]


@pytest.mark.parametrize(
    ("encoding", "prefix", "label"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", b"\xef\xbb\xbf", "utf-8-sig"),
        ("utf-16-le", b"\xff\xfe", "utf-16-le"),
        ("utf-16-be", b"\xfe\xff", "utf-16-be"),
        ("utf-16-le", b"", "utf-16-le"),
        ("utf-16-be", b"", "utf-16-be"),
        ("utf-32-le", b"\xff\xfe\x00\x00", "utf-32-le"),
        ("cp1252", b"", "cp1252"),
        ("latin-1", b"", "cp1252"),
    ],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, prefix: bytes, label: str) -> None:
    text = delimited([HEADER, *GOOD], newline="\r\n")
    path = write(tmp_path, "m.csv", prefix + text.encode(encoding))
    table, items = read_all(path)
    assert table.encoding == label
    assert table.columns == HEADER  # no BOM left in the first name
    assert [r.values for r in rows_of(items)] == EXPECTED
    assert [item.number for item in items] == [2, 3, 4]


def test_cp1252_specific_characters(tmp_path: Path) -> None:
    text = "serial;note\nJAV-0042;“sealed” – €40\n"
    table, items = read_all(write(tmp_path, "m.csv", text, "cp1252"))
    assert table.encoding == "cp1252"
    assert rows_of(items)[0].values == {"serial": "JAV-0042", "note": "“sealed” – €40"}


def test_explicit_encoding_overrides_detection(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "serial,unit\nJAV-0042,Müller\n", "latin-1")
    table, items = read_all(path, encoding="latin-1")
    assert table.encoding == "iso8859-1"
    assert rows_of(items)[0].values["unit"] == "Müller"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiters_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    path = write(tmp_path, "m.csv", delimited([HEADER, *GOOD], delimiter))
    table, items = read_all(path)
    assert table.delimiter == delimiter
    assert [r.values for r in rows_of(items)] == EXPECTED


def test_semicolon_with_decimal_commas_and_explicit_delimiter(tmp_path: Path) -> None:
    text = "serial;weight;unit\nJAV-0042;12,5;14th Reserve Brigade\nJAV-0043;3,25;Depot North\n"
    table, items = read_all(write(tmp_path, "m.csv", text))
    assert table.delimiter == ";"
    assert rows_of(items)[0].values["weight"] == "12,5"
    table, items = read_all(write(tmp_path, "m.txt", "serial|unit\nJAV-0042|x,y\n"), delimiter="|")
    assert rows_of(items)[0].values == {"serial": "JAV-0042", "unit": "x,y"}


def test_tsv_suffix_prefers_tab(tmp_path: Path) -> None:
    table, items = read_all(write(tmp_path, "m.tsv", "serial\tunit\nJAV-0042\tDepot, North\n"))
    assert table.delimiter == "\t"
    assert rows_of(items)[0].values["unit"] == "Depot, North"


def test_blank_rows_skipped_and_physical_line_numbers(tmp_path: Path) -> None:
    text = '\n  \nserial,unit\n\nJAV-0042,"14th Reserve\nBrigade"\n,,\nJAV-0043,Depot\n'
    table, items = read_all(write(tmp_path, "m.csv", text))
    assert table.columns == ["serial", "unit"]
    assert any("line 3" in note for note in table.notes)
    assert [(item.number, item.values) for item in rows_of(items)] == [
        (5, {"serial": "JAV-0042", "unit": "14th Reserve\nBrigade"}),
        (8, {"serial": "JAV-0043", "unit": "Depot"}),
    ]
    assert not problems_of(items)


def test_row_problems_do_not_lose_neighbours(tmp_path: Path) -> None:
    data = (
        b"serial,unit,qty\n"
        b"JAV-0001,Depot,1\n"
        b"JAV-0002,Depot\n"  # 3: too few fields
        b"JAV-0003,Depot,3,surplus\n"  # 4: extra non-empty field
        b"JAV-0004,Depot,4,,\n"  # 5: extra empty fields are fine
        b"JAV-0005,De\x00pot,5\n"  # 6: NUL byte
        b"JAV-0006,\xff\xfeDepot,6\n"  # 7: not UTF-8
        b'"JAV-0007,Depot,7\n'  # 8: quote opened, never closed properly
        b'JAV-0008,"Depot, East",8\n'  # 9
        b'JAV-0009,"Smith" Jr,9\n'  # 10: sloppy quoting on one line is read leniently
        b"JAV-0010,\xc3\x96lfeld,10\n"  # 11: UTF-8 evidence
    )
    table, items = read_all(write(tmp_path, "m.csv", data))
    assert table.encoding == "utf-8"
    rows = {r.number: r.values for r in rows_of(items)}
    problems = {p.number: p for p in problems_of(items)}
    assert sorted(rows) == [2, 5, 9, 10, 11]
    assert rows[5] == {"serial": "JAV-0004", "unit": "Depot", "qty": "4"}
    assert rows[9]["unit"] == "Depot, East"
    assert rows[10]["unit"] == "Smith Jr"
    assert sorted(problems) == [3, 4, 6, 7, 8]
    assert "2 fields" in problems[3].reason
    assert "extra" in problems[4].reason
    assert "NUL" in problems[6].reason and "\\x00" in problems[6].raw
    assert "utf-8" in problems[7].reason and "\\xff\\xfe" in problems[7].raw
    assert problems[8].raw == '"JAV-0007,Depot,7'


def test_unterminated_quote_at_end_of_file(tmp_path: Path) -> None:
    text = 'serial,unit\nJAV-0001,Depot\nJAV-0002,"14th Reserve\nJAV-0003,Depot\n'
    _, items = read_all(write(tmp_path, "m.csv", text))
    assert [(i.number, type(i).__name__) for i in items] == [(2, "Row"), (3, "RowProblem"), (4, "Row")]
    assert "unbalanced quote" in problems_of(items)[0].reason
    _, items = read_all(write(tmp_path, "m.csv", text + 'JAV-0004,"Depot'))
    assert problems_of(items)[-1] == RowProblem(5, "unterminated quoted field", 'JAV-0004,"Depot')


def test_raw_is_truncated(tmp_path: Path) -> None:
    text = "serial,unit\nJAV-0001," + "x" * 5000 + ",extra\n"
    _, items = read_all(write(tmp_path, "m.csv", text))
    (problem,) = problems_of(items)
    assert len(problem.raw) <= 201


def test_blank_and_trailing_header_cells(tmp_path: Path) -> None:
    table, items = read_all(write(tmp_path, "m.csv", "serial,,unit,,\nJAV-0042,x,Depot,,\n"))
    assert table.columns == ["serial", "column_2", "unit"]
    assert any("column_2" in note for note in table.notes)
    assert rows_of(items)[0].values == {"serial": "JAV-0042", "column_2": "x", "unit": "Depot"}


def test_header_only_is_not_an_error(tmp_path: Path) -> None:
    table, items = read_all(write(tmp_path, "m.csv", "serial,unit\r\n\r\n"))
    assert table.columns == ["serial", "unit"]
    assert items == []


def test_table_is_reiterable_and_closes(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", delimited([HEADER, *GOOD]))
    with open_table(path) as table:
        assert list(table) == list(table)
        iterator = iter(table)
        next(iterator)
    with pytest.raises(ValueError, match="closed"):
        iter(table)
    assert list(iterator) == []  # a running iteration is stopped by close()


def test_table_suffixes() -> None:
    assert {".csv", ".tsv", ".xlsx", ".json", ".jsonl", ".ndjson"} == TABLE_SUFFIXES
    assert ".txt" not in TABLE_SUFFIXES


# --------------------------------------------------------------------------- XLSX


def make_workbook(path: Path, *, second_sheet: bool = False) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Manifest"
    sheet.append(["serial", "qty", "weight", "received", "scanned", "ok", "link", "cmd"])
    sheet.append([
        "  JAV-0042 ", 3, 12.0, dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 14, 5, 9), True,
        '=HYPERLINK("http://example.invalid/JAV-0042","JAV-0042")', "=cmd|' /C calc'!A0",
    ])
    sheet.append([None, None, None])
    sheet.append(["JAV-0043", 2, 0.1, None, None, False, "", "=1+1"])
    sheet.append(["JAV-0044", None, None, None, None, None, None, None, "beyond the header"])
    if second_sheet:
        other = workbook.create_sheet("Receipts")
        other.append(["receipt", "serial"])
        other.append(["R-1", "JAV-0042"])
    workbook.save(path)
    return path


def test_xlsx_values_formulas_dates_numbers(tmp_path: Path) -> None:
    table, items = read_all(make_workbook(tmp_path / "m.xlsx"))
    assert (table.format, table.sheet, table.encoding, table.delimiter) == ("xlsx", "Manifest", None, None)
    assert table.columns == ["serial", "qty", "weight", "received", "scanned", "ok", "link", "cmd"]
    rows = rows_of(items)
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].values == {
        "serial": "JAV-0042", "qty": "3", "weight": "12", "received": "2024-03-01",
        "scanned": "2024-03-01T14:05:09", "ok": "TRUE",
        "link": '=HYPERLINK("http://example.invalid/JAV-0042","JAV-0042")',
        "cmd": "=cmd|' /C calc'!A0",
    }
    assert rows[1].values["weight"] == "0.1"
    assert rows[1].values["link"] is None
    assert rows[1].values["cmd"] == "=1+1"  # never evaluated
    (problem,) = problems_of(items)
    assert problem.number == 5 and "beyond the last header column" in problem.reason


def test_xlsx_named_sheet_and_missing_sheet(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "m.xlsx", second_sheet=True)
    table, items = read_all(path, sheet="Receipts")
    assert table.columns == ["receipt", "serial"]
    assert items == [Row(2, {"receipt": "R-1", "serial": "JAV-0042"})]
    with pytest.raises(TableError, match=r"no worksheet named 'Nope'.*'Manifest', 'Receipts'"):
        open_table(path, sheet="Nope")


def test_xlsx_header_not_on_first_row_and_header_only(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet["B3"] = "serial"
    sheet["C3"] = "unit"
    workbook.save(tmp_path / "m.xlsx")
    table, items = read_all(tmp_path / "m.xlsx")
    assert table.columns == ["column_1", "serial", "unit"]
    assert items == []
    sheet["B5"] = "JAV-0042"
    workbook.save(tmp_path / "m.xlsx")
    _, items = read_all(tmp_path / "m.xlsx")
    assert items == [Row(5, {"column_1": None, "serial": "JAV-0042", "unit": None})]


def test_xlsx_named_csv_is_read_as_xlsx(tmp_path: Path) -> None:
    path = make_workbook(tmp_path / "m.xlsx")
    renamed = tmp_path / "manifest.csv"
    renamed.write_bytes(path.read_bytes())
    table, items = read_all(renamed)
    assert table.format == "xlsx"
    assert any("XLSX" in note and ".csv" in note for note in table.notes)
    assert rows_of(items)[0].values["serial"] == "JAV-0042"


def test_csv_named_xlsx_is_read_as_text(tmp_path: Path) -> None:
    table, items = read_all(write(tmp_path, "m.xlsx", delimited([HEADER, *GOOD])))
    assert table.format == "csv"
    assert any("text" in note for note in table.notes)
    assert [r.values for r in rows_of(items)] == EXPECTED


# --------------------------------------------------------------------------- JSON


def test_json_array_flattening_and_problems(tmp_path: Path) -> None:
    records = [
        {"serial": "JAV-0042", "unit": {"name": "14th Reserve Brigade", "id": 14}, "qty": 2,
         "weight": 1.50, "ok": True, "note": None, "tags": ["crate", 7]},
        "not an object",
        {"serial": "  ", "unit": {}},
        {"serial": "JAV-0043", "qty": 0, "extra": "x"},
    ]
    path = write(tmp_path, "m.json", json.dumps(records, ensure_ascii=False).replace("1.5", "1.50"))
    table, items = read_all(path)
    assert table.format == "json"
    assert items[0] == Row(1, {
        "serial": "JAV-0042", "unit.name": "14th Reserve Brigade", "unit.id": "14", "qty": "2",
        "weight": "1.50", "ok": "true", "note": None, "tags": '["crate", 7]',
    })
    assert isinstance(items[1], RowProblem) and items[1].number == 2 and "a string" in items[1].reason
    assert items[2] == Row(4, {"serial": "JAV-0043", "qty": "0", "extra": "x"})  # record 3 is blank
    assert table.columns[-1] == "extra"  # new keys are appended while iterating


def test_json_object_with_one_array(tmp_path: Path) -> None:
    document = {"exported": "2024-03-01", "tags": ["a"], "shipments": [{"serial": "JAV-0042"}, {"serial": "JAV-2"}]}
    table, items = read_all(write(tmp_path, "m.json", json.dumps(document, indent=2)))
    assert table.columns == ["serial"]
    assert any("shipments" in note for note in table.notes)
    assert [(r.number, r.values["serial"]) for r in rows_of(items)] == [(1, "JAV-0042"), (2, "JAV-2")]


def test_json_duplicate_keys_are_a_row_problem(tmp_path: Path) -> None:
    path = write(tmp_path, "m.json", '[{"serial": "A"}, {"serial": "B", "serial": "C"}, {"u": {"x": 1}, "u.x": 2}]')
    _, items = read_all(path)
    assert [type(i).__name__ for i in items] == ["Row", "RowProblem", "RowProblem"]


def test_json_syntax_error_midway_keeps_earlier_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "m.json", '[{"serial": "JAV-1"}, {"serial": "JAV-2"} {"serial": "JAV-3"}]')
    seen: list[Row | RowProblem] = []
    with pytest.raises(TableError, match="invalid JSON after record 2"), open_table(path) as table:
        seen.extend(table)
    assert [r.values["serial"] for r in rows_of(seen)] == ["JAV-1", "JAV-2"]


@pytest.mark.parametrize("suffix", [".jsonl", ".ndjson", ".json"])
def test_json_lines(tmp_path: Path, suffix: str) -> None:
    text = (
        '{"serial": "JAV-0042", "unit": {"name": "Depot"}}\n'
        "\n"
        "[1, 2]\n"
        '{"serial": "JAV-0043", \n'
        '{"serial": "JAV-0044", "qty": 3}\r\n'
        '{"serial": "JAV-\x00"}\n'
    )
    table, items = read_all(write(tmp_path, "m" + suffix, text))
    assert table.format == "jsonl"
    assert table.columns == ["serial", "unit.name", "qty"]
    assert [(i.number, type(i).__name__) for i in items] == [
        (1, "Row"), (3, "RowProblem"), (4, "RowProblem"), (5, "Row"), (6, "RowProblem"),
    ]
    assert rows_of(items)[1].values == {"serial": "JAV-0044", "qty": "3"}


def test_jsonl_named_file_holding_an_array(tmp_path: Path) -> None:
    table, items = read_all(write(tmp_path, "m.jsonl", '[{"serial": "JAV-0042"}]'))
    assert table.format == "json"
    assert items == [Row(1, {"serial": "JAV-0042"})]


@pytest.mark.parametrize(("encoding", "bom"), [("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe")])
def test_json_with_bom_and_utf16(tmp_path: Path, encoding: str, bom: bytes) -> None:
    document = '{"shipments": [{"serial": "JAV-0042", "unit": "Ölfeld Depot"}]}'
    _, items = read_all(write(tmp_path, "m.json", bom + document.encode(encoding)))
    assert items == [Row(1, {"serial": "JAV-0042", "unit": "Ölfeld Depot"})]


def test_empty_json_array_is_not_an_error(tmp_path: Path) -> None:
    table, items = read_all(write(tmp_path, "m.json", "[ ]"))
    assert (table.columns, items) == ([], [])


# --------------------------------------------------------------------------- file-level errors


def _zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a table")
    return out.getvalue()


BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty.csv", b"", "empty"),
    ("blank.csv", b"\n \r\n\t\n", "only blank lines"),
    ("junk.csv", bytes(range(256)) * 40, "not a text table"),
    ("nul.csv", b"serial\x00,unit\nJAV-1,x\n", "NUL"),
    ("archive.csv", _zip_bytes(), "ZIP archive"),
    ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "OLE2"),
    ("scan.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF document, not a table"),
    ("packed.csv", b"\x1f\x8b\x08\x00" + b"\x00" * 20, "gzip-compressed file; decompress it first"),
    ("web.xls", b"<html><body><table><tr><td>JAV-0042</td></tr></table></body></html>", "HTML"),
    ("dup.csv", b"serial,unit,serial,unit,qty\nA,B,C,D,1\n",
     "duplicated column name(s) in the header: 'serial', 'unit'"),
    ("bad.xlsx", b"PK\x03\x04" + b"\x00" * 100, "damaged ZIP"),
    ("scalar.json", b'"serial"', "not a JSON array of objects"),
    ("numbers.json", b"[1, 2, 3]", "its first element is a number"),
    ("object.json", b'{"serial": "JAV-0042", "unit": "Depot"}', "holds no array of objects"),
    ("csv.json", b"serial,unit\nJAV-1,x\n", "not a JSON array of objects"),
    ("truncated.json", b'[{"serial": "JAV-1"', "invalid JSON after record 1"),
    ("two.json", b'{"a": [{"x": 1}], "b": [{"y": 2}]}', "more than one array of objects"),
    ("lines.jsonl", b"serial\nJAV-0042\n", "no line holds a JSON object"),
]


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_raise_one_line_table_error(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(TableError) as caught, open_table(path) as table:
        list(table)
    text = str(caught.value)
    assert "\n" not in text
    assert text.startswith(str(path) + ": ")
    assert message in text
    assert caught.value.path == str(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(TableError, match="file not found"):
        open_table(tmp_path / "missing.csv")
    with pytest.raises(TableError, match="directory"):
        open_table(tmp_path)


def test_bad_arguments_are_table_errors(tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", "serial\nJAV-1\n")
    with pytest.raises(TableError, match="unknown encoding"):
        open_table(path, encoding="no-such-codec")
    with pytest.raises(TableError, match="delimiter"):
        open_table(path, delimiter=";;")
    with open_table(path, sheet="Manifest") as table:
        assert any("sheet='Manifest' ignored" in note for note in table.notes)


def test_table_error_is_picklable_and_one_line() -> None:
    import pickle

    error = TableError("dir/m.csv", "bad\nthing  here")
    assert str(pickle.loads(pickle.dumps(error))) == "dir/m.csv: bad thing here"


# --------------------------------------------------------------------------- property: junk never loses good rows

VALUE_FIRST = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789ÖÉüé"
VALUE_REST = VALUE_FIRST + ' -./,;|\t"\n'
JUNK_CHARS = ',;|\t"\x00 aZ09é\'\x1b\x7f\ufeff'


@st.composite
def junk_lines(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "text", "fields"]))
    if kind == "bytes":
        data = draw(st.binary(max_size=30))
    elif kind == "text":
        data = draw(st.text(alphabet=JUNK_CHARS, max_size=30)).encode("utf-8")
    else:
        count = draw(st.integers(0, 8))  # a wrong (or, by chance, right) number of fields
        separator = draw(st.sampled_from([",", ";", "\t", "|"]))
        cells = draw(st.lists(st.text(alphabet="ab\" \x00", max_size=4), min_size=count, max_size=count))
        data = separator.join(cells).encode("utf-8")
    return data.replace(b"\r", b"").replace(b"\n", b"")


@st.composite
def junk_files(draw: st.DrawFn) -> tuple[bytes, str, str | None, list[tuple[int, dict[str, str | None]]]]:
    width = draw(st.integers(1, 4))
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    value = st.one_of(
        st.just(""),
        st.builds(lambda first, rest: (first + rest).rstrip(), st.sampled_from(VALUE_FIRST),
                  st.text(alphabet=VALUE_REST, max_size=10)),
    )
    count = draw(st.integers(1, 10))
    good = [[f"JAV-{i:04d}", *draw(st.lists(value, min_size=width - 1, max_size=width - 1))] for i in range(count)]
    junk = draw(st.lists(st.tuples(st.integers(0, count), junk_lines()), max_size=count))
    # Two damaged lines, one opening a quoted field and a later one closing it into a
    # well-formed record, are byte for byte a legitimate multi-line cell: keep quote
    # characters in at most one junk line so that case cannot arise.
    quoted = False
    cleaned: list[tuple[int, bytes]] = []
    for gap, data in junk:
        if b'"' in data:
            data = data.replace(b'"', b"") if quoted else data
            quoted = True
        cleaned.append((gap, data))

    def encode(fields: list[str]) -> bytes:
        cells = []
        for field in fields:
            needs = any(c in field for c in (delimiter, '"', "\n")) or draw(st.booleans())
            cells.append('"' + field.replace('"', '""') + '"' if needs and field else field)
        return (delimiter.join(cells) + newline).encode("utf-8")

    columns = ["serial", *[f"col{i}" for i in range(1, width)]]
    out = bytearray(encode(columns))
    expected: list[tuple[int, dict[str, str | None]]] = []
    for index in range(count + 1):
        for gap, data in cleaned:
            if gap == index:
                out += data + newline.encode()
        if index < count:
            number = len(re.findall(rb"\r\n|\r|\n", bytes(out))) + 1
            expected.append((number, dict(zip(columns, [v or None for v in good[index]], strict=True))))
            out += encode(good[index])
    return bytes(out), delimiter, (delimiter if width == 1 else None), expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=junk_files())
def test_junk_rows_never_lose_good_rows(tmp_path: Path, case: tuple) -> None:
    data, delimiter, given_delimiter, expected = case
    path = tmp_path / "junk.csv"
    path.write_bytes(data)
    with open_table(path, delimiter=given_delimiter) as table:
        assert table.delimiter == delimiter
        items = list(table)
    by_number: dict[int, list[Row | RowProblem]] = {}
    for item in items:
        by_number.setdefault(item.number, []).append(item)
    for number, values in expected:
        assert by_number.get(number) == [Row(number, values)], (number, values, items)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    good=st.lists(st.text(alphabet=VALUE_REST, min_size=1, max_size=10), min_size=1, max_size=8),
    junk=st.lists(st.tuples(st.integers(0, 8), junk_lines()), max_size=8),
)
def test_jsonl_junk_lines_never_lose_good_records(
    tmp_path: Path, good: list[str], junk: list[tuple[int, bytes]]
) -> None:
    # As with a CSV header, the first line must be clean text (else the file is refused
    # as binary), and junk may not outnumber the good lines.
    junk = [(gap, data) for gap, data in junk if gap >= 1][: len(good)]
    out = bytearray()
    expected: list[tuple[int, str]] = []
    for index, unit in enumerate(good):
        for gap, data in junk:
            if gap == index:
                out += data + b"\n"
        expected.append((out.count(b"\n") + 1, unit))
        out += json.dumps({"serial": f"JAV-{index:04d}", "unit": unit}, ensure_ascii=False).encode() + b"\n"
    path = tmp_path / "junk.jsonl"
    path.write_bytes(bytes(out))
    _, items = read_all(path)
    rows = {r.number: r.values for r in rows_of(items)}
    for number, unit in expected:
        assert rows[number]["unit"] == (unit.strip() or None)


# --------------------------------------------------------------------------- streaming really streams


def test_reading_50mb_csv_uses_bounded_memory(tmp_path: Path) -> None:
    # Wide rows (~10 KB) keep the row count, and so tracemalloc's per-allocation cost, low:
    # what is checked is that memory does not grow with the 50 MB file.
    path = tmp_path / "big.csv"
    header = ",".join(f"c{i}" for i in range(10)) + "\n"
    note = '"' + "crate sealed, 14th Reserve Brigade; " * 28 + '"'
    row = ",".join(["JAV-{:07d}", *[("Depot North " * 85).strip()] * 8, note]) + "\n"
    block = "".join(row.format(i) for i in range(100)).encode()
    with path.open("wb") as out:
        out.write(header.encode())
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            out.write(block)
    assert path.stat().st_size > 50 * 1024 * 1024
    tracemalloc.start()
    try:
        count = 0
        with open_table(path) as table:
            for item in table:
                assert isinstance(item, Row)
                count += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 5_000
    assert peak < 4 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB"


def test_json_array_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    record = json.dumps({"serial": "JAV-0042", "unit": {"name": "14th Reserve Brigade"}, "note": "x" * 600})
    with path.open("w") as out:
        out.write("[" + ",".join([record] * 8_000) + "]")
    assert path.stat().st_size > 5 * 1024 * 1024
    tracemalloc.start()
    try:
        with open_table(path) as table:
            count = sum(1 for _ in table)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 8_000
    assert peak < 2 * 1024 * 1024, f"peak traced memory {peak / 1e6:.1f} MB"
