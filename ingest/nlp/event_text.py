"""Sentences and paragraphs of a document as the custody event extractor reads them."""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence

from spacy.tokens import Doc, Span

#: The last document whose text :func:`doc_text` built, by weak reference, and that text.
_last_text: tuple[weakref.ref[Doc], str] | None = None


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins every token's text on each access,
    and the rules read it per party and per date. A document's text never changes (retokenizing
    keeps it), so the last one built is reused while that same document is asked for."""
    global _last_text
    last = _last_text
    if last is not None and last[0]() is doc:
        return last[1]
    text = doc.text
    _last_text = (weakref.ref(doc), text)
    return text


def span_text(span: Span) -> str:
    """``span.text`` cut from :func:`doc_text` (spaCy joins the span's tokens on each access);
    a span's characters run from its first token to the end of its last, without the trailing
    whitespace, as ``span.text`` does."""
    if len(span) == 0:
        return ""
    return doc_text(span.doc)[span.start_char : span.end_char]


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


def _paragraph_ids(doc: Doc, sents: Sequence[Span]) -> list[int]:
    ids: list[int] = []
    para = 0
    text = doc_text(doc)
    last_end = 0
    for sent in sents:
        between = text[last_end : sent.start_char]
        if re.search(r"\n\s*\n", between):
            para += 1
        ids.append(para)
        last_end = sent.end_char
        if re.search(r"\n\s*\n", text[sent.start_char : sent.end_char].strip()):
            para += 1
    return ids


def _sentence_text(sent: Span) -> tuple[str, int, int]:
    raw = span_text(sent)
    stripped = raw.strip()
    offset = len(raw) - len(raw.lstrip())
    start = sent.start_char + offset
    return stripped, start, start + len(stripped)


def starts_a_line(sent: Span) -> bool:
    """The sentence begins a line: only spaces lie between it and a line break (or the text's start)."""
    doc = sent.doc
    k = sent.start - 1
    while k >= 0 and doc[k].is_space and "\n" not in doc[k].text:
        k -= 1
    return k < 0 or (doc[k].is_space and "\n" in doc[k].text) or "\n" in doc[k].whitespace_
