"""What a table file is, judged from its first bytes: binary or text, which encoding,
which delimiter, JSON or JSON Lines; and the one-line form of damaged text."""

from __future__ import annotations

import codecs
import csv
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from .model import _DELIMITERS, _RAW_CHARS, _SAMPLE_BYTES, TableError

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



def _looks_jsonl(content: str) -> bool:
    """True when the first line is a complete JSON object and more content follows it
    (which a single JSON document cannot have)."""
    first, _, rest = content.partition("\n")
    try:
        value = json.loads(first)
    except ValueError:
        return False
    return isinstance(value, dict) and bool(rest.strip())
