"""Reading report files into (text, metadata) for the NLP extractor.

- plain text: ``SOURCE:`` / ``DATE:`` / ``TITLE:`` / ``URL:`` header lines become metadata and only
  the passage after them is returned; the document date comes from the DATE header or from the
  first lines' dates ("Customs Office K: seizure notice, 12 February 2024"); a page as a scraper
  delivered it (navigation, calls to action, captions, teasers of other articles) is cleaned by
  :func:`strip_page_furniture`;
- HTML: the main text only (trafilatura), page furniture dropped;
- PDF: the text layer (pypdf). A scanned PDF without one needs OCR, which this reader does not
  do; an encrypted PDF needs its password. Both are refused with a clear error.

Every failure is a :class:`ReportError` naming the file and the reason on one line. Large text
files are read (a 20 MB report works; :func:`ingest.nlp.extract` processes it in chunks); only
files over ``MAX_BYTES`` are refused.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from ingest.nlp.dates import find_document_date, parse_partial_iso

__all__ = [
    "MAX_BYTES",
    "ReportError",
    "looks_scraped",
    "read_report",
    "split_headers",
    "strip_page_furniture",
]

#: Files larger than this are refused rather than read (text, HTML or PDF).
MAX_BYTES = 100 * 1024 * 1024

_HEADER_RE = re.compile(r"^(SOURCE|DATE|TITLE|URL|AUTHOR|PUBLISHER)\s*:\s*(.*)$", re.IGNORECASE)


class ReportError(Exception):
    """A report that cannot be read; ``str(err)`` is a one-line message naming the file."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(reason.split())
        super().__init__(f"{self.path}: {self.reason}")


class EmptyReport(ReportError):
    """A report with no text at all (an empty file, or headers and nothing after them):
    refused by ingest, and nothing to extract for ``custody extract``."""


# ---------------------------------------------------------------------- page furniture
_CTA_PREFIXES = (
    "google cta",
    "follow us",
    "share this",
    "share on",
    "subscribe",
    "sign up",
    "click here",
    "want more of our",
    "read more",
    "keep reading",
    "continue reading",
    "show less",
    "show more",
    "advertisement",
    "related articles",
    "related:",
    "related stories",
    "more from",
    "recommended",
    "you may also like",
    "most read",
    "most popular",
    "trending",
    "skip to",
    "log in",
    "sign in",
    "cookie",
    "we use cookies",
    "accept all",
    "all rights reserved",
    "copyright",
    "©",
    "newsletter",
    "latest",
    "donate",
    "support our",
    "listen to this",
    "print this",
)
_TEASER_MARKERS = ("keep reading", "read more", "continue reading", "show less", "read the full")
_CAPTION_RE = re.compile(
    r"(?i)(?:\b(?:top\s+)?(?:image|photo|picture)\s+credit\s*:|\((?:image|photo|picture)\s+(?:via|by|credit)\b|"
    r"\bphoto\s+by\b|\bvia\s+reuters\b|\bgetty\s+images\b|\bshutterstock\b|\bap\s+photo\b|^image\s*:|^photo\s*:)"
)
_TERMINAL_RE = re.compile(r"[.!?…\"”’)]\s*$")
#: Control characters other than the white space a text holds (tab, line feed, form feed,
#: carriage return): in a text report they mean binary content. One regex pass, not a
#: Python loop over every character of the file's head.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _is_cta(line: str) -> bool:
    low = line.strip().lower()
    return any(low.startswith(p) for p in _CTA_PREFIXES)


def _is_short_fragment(line: str, max_words: int) -> bool:
    """A navigation item, section label, file name or headline: short, no sentence end."""
    stripped = line.strip()
    return len(stripped.split()) <= max_words and not _TERMINAL_RE.search(stripped)


def _is_furniture(line: str, max_words: int) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    return (
        _is_cta(stripped)
        or bool(_CAPTION_RE.search(stripped))
        or _is_short_fragment(stripped, max_words)
        or (" | " in stripped and len(stripped.split()) <= 8)
    )


def looks_scraped(text: str) -> bool:
    """True when the text carries page furniture a scraper left in (calls to action, teasers)."""
    lines = [line.strip().lower() for line in text.splitlines()[:5000] if line.strip()]
    hits = sum(1 for line in lines if _is_cta(line) or any(m in line for m in _TEASER_MARKERS))
    return hits >= 2


def strip_page_furniture(text: str, *, max_words: int = 14) -> str:
    """Drop what a scraper keeps around an article: short navigation and label lines, calls to
    action, image captions and credits, and teaser blocks of other articles (the paragraphs
    before a "Keep reading"/"Read more" marker back to the teaser's own heading).

    Generic rules on line shape and well-known page phrases; the article's paragraphs (long
    lines ending a sentence) are kept with blank lines between them.
    """
    lines = text.splitlines()
    drop = [_is_furniture(line, max_words) for line in lines]
    for i, line in enumerate(lines):
        low = line.strip().lower()
        if not any(marker in low for marker in _TEASER_MARKERS):
            continue
        drop[i] = True
        j = i - 1
        while j >= 0:
            if not lines[j].strip():
                j -= 1
                continue
            if drop[j] and not _is_teaser_body(lines[j]):
                break
            drop[j] = True
            j -= 1
    kept: list[str] = []
    for line, dropped in zip(lines, drop, strict=True):
        if dropped:
            continue
        if not line.strip() and (not kept or not kept[-1].strip()):
            continue
        kept.append(line)
    while kept and not kept[-1].strip():
        kept.pop()
    return "\n".join(kept) + ("\n" if kept else "")


def _is_teaser_body(line: str) -> bool:
    return not _is_short_fragment(line, 14) and not _CAPTION_RE.search(line) and not _is_cta(line)


# ---------------------------------------------------------------------- headers
def split_headers(text: str) -> tuple[str, dict[str, Any]]:
    """Leading ``KEY: value`` header lines (SOURCE, DATE, TITLE, URL, AUTHOR, PUBLISHER) into
    metadata; the rest is the passage. The document date is the DATE header when it holds a date,
    else a date the passage's first lines state as the document's (a dated heading, a dateline,
    "Released on ..."), never the year of an event told in a sentence; else none."""
    lines = text.split("\n")
    meta: dict[str, Any] = {}
    n = 0
    while n < len(lines):
        m = _HEADER_RE.match(lines[n].strip())
        if not m:
            break
        meta[m.group(1).lower()] = m.group(2).strip()
        n += 1
    passage = "\n".join(lines[n:]) if n else text
    date = None
    if meta.get("date"):
        found = parse_partial_iso(meta["date"])
        date = found.iso() if found else find_document_date(f"DATE: {meta['date']}")
    meta["date_header"] = meta.pop("date", None)
    meta["date"] = date or find_document_date(passage)
    first = next((line.strip() for line in passage.split("\n") if line.strip()), "")
    meta.setdefault("title", first[:200] if first and not _TERMINAL_RE.search(first) else None)
    return passage, meta


# ---------------------------------------------------------------------- readers
def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError as err:
        raise ReportError(path, "file not found") from err
    except OSError as err:
        raise ReportError(path, f"cannot read file ({err.strerror or err})") from err
    if not path.is_file():
        raise ReportError(path, "not a regular file")
    if size == 0:
        raise EmptyReport(path, "empty file")
    if size > MAX_BYTES:
        raise ReportError(path, f"file is {size / 1e6:.0f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit for one report")
    try:
        return path.read_bytes()
    except OSError as err:
        raise ReportError(path, f"cannot read file ({err.strerror or err})") from err


def _decode_text(path: Path, data: bytes) -> str:
    sample = data[:65536]
    if b"\x00" in sample and not sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportError(path, "binary content, not a text report (NUL bytes)")
    for encoding in ("utf-8-sig", "utf-16") if sample.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = ""
    if not text:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise ReportError(path, "binary content, not a text report (undecodable bytes)") from err
    head = text[:65536]
    control = len(_CONTROL_RE.findall(head))
    if head and control / len(head) > 0.05:
        raise ReportError(path, "binary content, not a text report (control characters)")
    return text


def _looks_html(path: Path, data: bytes) -> bool:
    if path.suffix.lower() in (".html", ".htm", ".xhtml"):
        return True
    head = data[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or (b"<body" in head and b"</" in head)


def _read_html(path: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    import trafilatura

    html = _decode_text(path, data)
    try:
        text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=True)
    except Exception as err:  # trafilatura raises a variety of parser errors on broken markup
        raise ReportError(path, f"unreadable HTML ({type(err).__name__})") from err
    if not text or not text.strip():
        raise ReportError(path, "no main text found in the HTML page")
    meta: dict[str, Any] = {}
    try:
        # extensive=False: the date only from the page's date metadata. The extensive search
        # guesses from any year in the text and pads it to a made-up "YYYY-01-01" day, which
        # would then anchor every date written without a year; the text's own date is better.
        found = trafilatura.extract_metadata(html, extensive=False)
    except Exception:  # metadata is optional; the text is what matters
        found = None
    if found is not None:
        meta["title"] = getattr(found, "title", None)
        meta["date"] = getattr(found, "date", None)
        meta["url"] = getattr(found, "url", None)
    text = text.strip() + "\n"
    if not meta.get("date"):
        meta["date"] = find_document_date(text)
    return text, meta


def _read_pdf(path: Path, data: bytes) -> tuple[str, dict[str, Any]]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (DependencyError, NotImplementedError) as err:
                raise ReportError(
                    path, "encrypted PDF: cannot be decrypted here (password or cipher support needed)"
                ) from err
            if not ok:
                raise ReportError(path, "encrypted PDF: a password is needed to read it")
        pages = [page.extract_text() or "" for page in reader.pages]
        info = reader.metadata
    except ReportError:
        raise
    except FileNotDecryptedError as err:
        raise ReportError(path, "encrypted PDF: a password is needed to read it") from err
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as err:
        raise ReportError(path, f"unreadable PDF ({type(err).__name__}: {err})") from err
    text = "\n\n".join(p.strip() for p in pages if p.strip())
    if not text.strip():
        raise ReportError(path, f"PDF has no text layer ({len(pages)} pages of images): it needs OCR")
    meta: dict[str, Any] = {"pages": len(pages)}
    if info is not None:
        meta["title"] = info.title
    meta["date"] = find_document_date(text)
    return text + "\n", meta


def read_report(path: str | Path, *, strip_furniture: bool | None = None) -> tuple[str, dict[str, Any]]:
    """Read a report file into ``(text, metadata)``.

    ``metadata`` has ``format`` (text, html, pdf), ``sha256`` of the file, ``date`` (partial ISO
    or None), ``title`` and ``source`` where known. ``strip_furniture``: None cleans a plain text
    file only when it looks like a scraped page; True or False forces it.
    """
    path = Path(path)
    data = _read_bytes(path)
    meta: dict[str, Any] = {"path": str(path), "sha256": hashlib.sha256(data).hexdigest()}
    if data.startswith(b"%PDF") or path.suffix.lower() == ".pdf":
        if not data.startswith(b"%PDF"):
            raise ReportError(path, "not a PDF file (no %PDF signature)")
        text, found = _read_pdf(path, data)
        meta.update(found, format="pdf")
    elif _looks_html(path, data):
        text, found = _read_html(path, data)
        meta.update(found, format="html")
    else:
        raw = _decode_text(path, data)
        text, found = split_headers(raw)
        meta.update(found, format="text")
        if strip_furniture or (strip_furniture is None and looks_scraped(text)):
            text = strip_page_furniture(text)
            meta["furniture_stripped"] = True
    text = text.translate(_INVISIBLE)
    if not text.strip():
        raise EmptyReport(path, "no text in the report")
    return text, meta


#: Zero-width spaces and joiners, word joiners, byte-order marks inside the text and soft
#: hyphens, as web pages and PDFs carry them: not whitespace to the tokenizer, so "K.\u200b" was
#: one token and "Kalash\u00adnikov" no weapon. They are dropped from the text that is returned.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
