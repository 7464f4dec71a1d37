"""Sentences and paragraphs of a document as the custody event extractor reads them."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


def _paragraph_ids(doc: Doc, sents: Sequence[Span]) -> list[int]:
    ids: list[int] = []
    para = 0
    text = doc.text
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
    raw = sent.text
    stripped = raw.strip()
    offset = len(raw) - len(raw.lstrip())
    start = sent.start_char + offset
    return stripped, start, start + len(stripped)
