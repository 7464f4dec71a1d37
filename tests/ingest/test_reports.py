"""Reading report files: text with headers, scraped pages, HTML, PDF, and every bad input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter

from ingest.reports import MAX_BYTES, ReportError, read_report, split_headers, strip_page_furniture


def _pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose text layer says ``text`` (Helvetica, no external tools)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{n} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _blank_pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if password is not None:
        writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# ---------------------------------------------------------------------- plain text
def test_text_with_headers_returns_the_passage_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text("SOURCE: fictional bulletin\nDATE: 2024-03\nOn 2 March, police seized rifle AKX-10001.\n")
    text, meta = read_report(path)
    assert text == "On 2 March, police seized rifle AKX-10001.\n"
    assert meta["source"] == "fictional bulletin"
    assert meta["date"] == "2024-03"
    assert meta["format"] == "text" and len(meta["sha256"]) == 64


def test_document_date_from_a_heading_line(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_text("Customs Office Q: seizure notice, 14 March 2024\n\nOn 13 March officers seized a rifle.\n")
    text, meta = read_report(path)
    assert meta["date"] == "2024-03-14"
    assert text.startswith("Customs Office Q")


def test_date_header_without_a_date_falls_back_to_the_text() -> None:
    passage, meta = split_headers("SOURCE: x\nDATE: see text\nBulletin, 3 May 2024\n\nBody.")
    assert passage.startswith("Bulletin") and meta["date"] == "2024-05-03" and meta["date_header"] == "see text"


def test_large_text_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    paragraph = "Police of Town Q seized two rifles from the Black Heron group on 3 March 2024.\n\n"
    path.write_text(paragraph * (20 * 1024 * 1024 // len(paragraph) + 1))
    assert path.stat().st_size > 20 * 1024 * 1024
    text, meta = read_report(path)
    assert len(text) > 20 * 1024 * 1024 and meta["format"] == "text"


def test_too_large_a_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("x" * 2048)
    monkeypatch.setattr("ingest.reports.MAX_BYTES", 1024)
    with pytest.raises(ReportError, match=r"over the .* limit"):
        read_report(path)
    assert MAX_BYTES >= 20 * 1024 * 1024


# ---------------------------------------------------------------------- bad inputs
@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("junk.txt", bytes(range(256)) * 64, "binary content"),
        ("controls.txt", b"rifles \x0b\x01 moved\x1f\x08 " * 40, "control characters"),
        ("blank.txt", b"   \n\n\t\n", "no text"),
        ("fake.pdf", b"hello, not a pdf", "not a PDF"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "unreadable PDF"),
        ("broken.html", b"<html><body><div><p>", "no main text"),
    ],
)
def test_bad_inputs_are_one_line_errors(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ReportError, match=reason) as info:
        read_report(path)
    assert "\n" not in str(info.value)
    assert info.value.path == str(path)
    assert str(info.value).startswith(str(path))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="file not found"):
        read_report(tmp_path / "nope.txt")


def test_directory_is_not_a_report(tmp_path: Path) -> None:
    with pytest.raises(ReportError):
        read_report(tmp_path)


# ---------------------------------------------------------------------- PDF
def test_pdf_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(_pdf_with_text("On 3 March 2024 police seized rifle AKX-10001."))
    text, meta = read_report(path)
    assert "AKX-10001" in text
    assert meta["format"] == "pdf" and meta["pages"] == 1 and meta["date"] == "2024-03-03"


def test_pdf_without_text_layer_needs_ocr(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(_blank_pdf())
    with pytest.raises(ReportError, match="needs OCR"):
        read_report(path)


def test_encrypted_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(_blank_pdf(password="secret"))
    with pytest.raises(ReportError, match="encrypted PDF"):
        read_report(path)


# ---------------------------------------------------------------------- HTML
def test_html_main_text_without_furniture(tmp_path: Path) -> None:
    body = " ".join(["On 3 March 2024, officers of Customs Office Q seized two rifles from the Black Heron group."] * 4)
    html = f"""<!DOCTYPE html><html><head><title>Seizure at Town Q</title></head><body>
    <nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li>Subscribe now</li></ul></nav>
    <article><h1>Seizure at Town Q</h1><p>{body}</p><p>{body}</p></article>
    <footer>Copyright 2024 Fictional News. All rights reserved. Newsletter sign up.</footer>
    </body></html>"""
    path = tmp_path / "page.html"
    path.write_text(html)
    text, meta = read_report(path)
    assert "Black Heron group" in text
    assert "Subscribe" not in text and "All rights reserved" not in text and "Home" not in text
    assert meta["format"] == "html"


def test_html_date_is_the_texts_date_not_a_guessed_new_year(tmp_path: Path) -> None:
    # No date metadata: a guessing date search would pad the year it sees to 2021-01-01.
    path = tmp_path / "seizure.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Seizure</title></head><body><h1>RIFLES SEIZED</h1>"
        "<p>Customs officers of Port K seized 30&nbsp;rifles from a lorry on 4&nbsp;March&nbsp;2021.</p>"
        "</body></html>"
    )
    assert read_report(path)[1]["date"] == "2021-03-04"


def test_html_date_metadata_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "dated.html"
    path.write_text(
        "<!DOCTYPE html><html><head><title>Seizure</title>"
        '<meta property="article:published_time" content="2022-05-17T08:00:00Z"></head><body>'
        "<p>Customs officers of Port K seized 30 rifles from a lorry on 4 March 2021.</p></body></html>"
    )
    assert read_report(path)[1]["date"] == "2022-05-17"


# ---------------------------------------------------------------------- scraped pages
SCRAPED = """Follow us on social

google cta
Photo_file_12

Fictional headline about a border

The dek of the article says something about rifles.

Reporting | Europe
google cta

On 3 March 2024, officers of Customs Office Q seized two rifles from the Black Heron group near Town Q.

A second paragraph adds that the rifles had been stolen from Depot D-9 in 2023.

A soldier holding a rifle. (Image via a fictional ministry)
google cta
Teaser Tag
Top image credit: somebody at a summit, 2025. REUTERS/Someone

Unrelated teaser headline about Ruritania

Politics

The Ruritanian president met the Grand Duke of Fenwick on Monday to discuss trade.

keep readingShow less
google cta
Want more of our stories on Google?
Click here to make us a Preferred Source.

LATEST

Newsletter

Subscribe now to our weekly round-up and don't miss a beat with your favorite contributors.
"""


def test_strip_page_furniture_keeps_the_article_only() -> None:
    text = strip_page_furniture(SCRAPED)
    assert "On 3 March 2024, officers of Customs Office Q" in text
    assert "stolen from Depot D-9" in text
    for furniture in (
        "google cta",
        "Follow us",
        "Reporting |",
        "Image via",
        "image credit",
        "Ruritania",
        "keep reading",
        "Show less",
        "Want more",
        "Click here",
        "Newsletter",
        "Subscribe",
        "LATEST",
        "Photo_file_12",
    ):
        assert furniture.lower() not in text.lower(), furniture


def test_scraped_text_file_is_cleaned_when_read(tmp_path: Path) -> None:
    path = tmp_path / "scraped.txt"
    path.write_text(SCRAPED)
    text, meta = read_report(path)
    assert meta["furniture_stripped"] is True
    assert "google cta" not in text and "Customs Office Q" in text


def test_plain_report_is_not_stripped(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("Bulletin, 3 May 2024\n\nShort line\n\nPolice seized a rifle.\n")
    text, meta = read_report(path)
    assert "furniture_stripped" not in meta and "Short line" in text


def test_invisible_characters_are_dropped_from_the_text(tmp_path: Path) -> None:
    path = tmp_path / "zw.txt"
    path.write_text("SOURCE: x\nDATE: 2024-02-12\nPolice seized 40 Kalash\u00adnikov rifles in Town K.\u200b\n")
    text, _ = read_report(path)
    assert text == "Police seized 40 Kalashnikov rifles in Town K.\n"


# ---------------------------------------------------------------------- document date
@pytest.mark.parametrize("header", ["not shown", "not shown in the stored copy", "unknown", "n.a.", ""])
def test_an_unstated_date_header_takes_no_past_year_from_the_text(header: str) -> None:
    text = (
        f"SOURCE: fictional notice\nDATE: {header}\n"
        "The Tessar Border Unit was established in 2011. Since 2022 it has seized 40 rifles a year.\n"
    )
    assert split_headers(text)[1]["date"] is None


@pytest.mark.parametrize(
    ("passage", "date"),
    [
        ("Established in 2011, the Kessar Arms Registry keeps 900 records.\n", None),
        ("Since 2022, patrols have seized rifles in May.\n", None),
        ("Released on 4 May 2023\nThe Kessar Arms Registry, established in 2011, lost 9 rifles.\n", "2023-05-04"),
        ("NORTHPORT, May 2023 – Officers seized 9 rifles, a unit founded in 2011 said.\n", "2023-05"),
        ("Annual seizure review 2022\nThe unit, created in 2011, seized 9 rifles.\n", "2022"),
    ],
    ids=["established-in", "since", "released-on", "dateline", "dated-heading"],
)
def test_the_document_date_is_only_one_stated_as_the_documents(passage: str, date: str | None) -> None:
    assert split_headers(f"SOURCE: fictional\nDATE: not shown\n{passage}")[1]["date"] == date
    assert split_headers(passage)[1]["date"] == date


def test_tabs_form_feeds_and_carriage_returns_are_no_binary_content(tmp_path: Path) -> None:
    path = tmp_path / "tabbed.txt"
    path.write_bytes(b"Item\tSerial\tDepot\r\n\fRifle\tKX-2210\tKell\r\n" * 20)
    text, meta = read_report(path)
    assert "KX-2210" in text and meta["format"] == "text"
