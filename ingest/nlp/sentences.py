"""``custody_paragraphs``: sentence starts that layout makes certain, set before the parser.

Reports are line-based: a blank line ends a paragraph, and a heading line ("Border police
bulletin, 20 June 2024") has no full stop. The statistical parser sometimes runs a heading into
the next sentence; setting these starts first makes the parser respect them. A single line
break inside running text (hard-wrapped PDF text) is not a boundary unless the line before ends
a sentence or is short like a heading. Before the text reaches the tokenizer, such a soft break
becomes a space (:func:`unwrap_lines`, same length, so every offset still points into the
stored text): a line break token inside "rocket\nlaunchers" or "Ali\nAbdullah Saleh" kept the
entity rules and the tagger from reading the words as one phrase.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["HEADING_MAX_CHARS", "ITEM_LINE", "make_paragraph_marker", "unwrap_lines"]

# Cheap looks at the text first, so the token loops run only on texts they can change:
#: a stop after anything but a space, a-z or 0-9, so after any capital, as "Town K." needs;
_CAPITAL_STOP = re.compile(r"[^\sa-z0-9]\.")
#: "no." or "nos." in any case, as "serial no. JV 7733" needs.
_NUMBER_STOP = re.compile(r"nos?\.", re.IGNORECASE)

_TERMINAL = (".", "!", "?", ":", '"', "”", "’", "'", ";")
HEADING_MAX_CHARS = 60
"""A line of at most this many characters ending in no stop is a heading (its line break ends
it); a longer one was wrapped, and its line break is a space."""
#: a single line break between two lines that are not blank
_SINGLE_BREAK = re.compile(r"(?<=[^\n])\n(?=[^\s])")
#: a next line that opens a list item keeps its line break
_ITEM_MARKS = frozenset("-•*–—·▪○●")
#: the mark opening a list item's line (one of those bullets, or a number or letter with a stop or
#: bracket: "1.", "2)", "(a)", "b."), at the start of a line
ITEM_LINE = re.compile(
    r"^[ \t]*(?P<mark>[" + re.escape("".join(sorted(_ITEM_MARKS))) + r"]|\(?(?:\d{1,2}|[a-z])[.)])[ \t]+(?=\S)",
    re.MULTILINE,
)
#: tokens after which a sentence may start inside a list item's line
_STOPS = frozenset((".", "!", "?", ";"))


def unwrap_lines(text: str, heading_max_chars: int = HEADING_MAX_CHARS) -> str:
    """``text`` with each soft line break (hard-wrapped running text: the line before is longer
    than a heading and ends in no stop, the next line is no list item) made a space. The length
    and every other character stay as they are."""
    if "\n" not in text:
        return text
    cut: list[int] = []
    for m in _SINGLE_BREAK.finditer(text):
        p = m.start()
        if text[p + 1] not in _ITEM_MARKS and _wrapped(text[text.rfind("\n", 0, p) + 1 : p], heading_max_chars):
            cut.append(p)
    if not cut:
        return text
    chars = list(text)
    for p in cut:
        chars[p] = " "
    return "".join(chars)


def _wrapped(line: str, heading_max_chars: int) -> bool:
    """Whether the line before a single line break runs on past it: longer than a heading and
    ending in no stop (the break wraps running text, it ends no sentence)."""
    line = line.strip()
    return len(line) > heading_max_chars and not line.endswith(_TERMINAL)


#: Words that take a one-letter code name ("Town K", "Customs Office K", "Sector B"): a period
#: after the letter ends the sentence; it does not make an abbreviation as in "J. Smith".
_CODE_NAME_HEADS = frozenset(
    [
        "town",
        "village",
        "city",
        "office",
        "depot",
        "base",
        "sector",
        "zone",
        "area",
        "site",
        "hub",
        "point",
        "checkpoint",
        "unit",
        "team",
        "group",
        "company",
        "battalion",
        "brigade",
        "section",
        "detachment",
        "camp",
        "post",
        "station",
        "building",
        "block",
        "district",
        "region",
        "port",
        "crossing",
    ]
)


class ParagraphMarker:
    def __init__(self, heading_max_chars: int, max_sentence_tokens: int = 150) -> None:
        self.heading_max_chars = heading_max_chars
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        if _CAPITAL_STOP.search(text):
            _split_code_name_stops(doc)
        if _NUMBER_STOP.search(text):
            _join_number_abbreviations(doc)
        for tok in doc[1:] if "\n" in text else ():
            prev = doc[tok.i - 1]
            if not (prev.is_space and "\n" in prev.text) or tok.is_space:
                continue
            if prev.text.count("\n") >= 2:
                tok.is_sent_start = True
                continue
            if not _wrapped(text[text.rfind("\n", 0, prev.idx) + 1 : prev.idx], self.heading_max_chars):
                tok.is_sent_start = True
        if "\n" in text:
            _keep_list_items_whole(doc)
        _bound_runaway_sentences(doc, self.max_sentence_tokens)
        return doc


@Language.factory(
    "custody_paragraphs", default_config={"heading_max_chars": HEADING_MAX_CHARS, "max_sentence_tokens": 150}
)
def make_paragraph_marker(
    nlp: Language, name: str, heading_max_chars: int, max_sentence_tokens: int
) -> ParagraphMarker:
    return ParagraphMarker(heading_max_chars, max_sentence_tokens)


def _keep_list_items_whole(doc: Doc) -> None:
    """A line that opens a list item ("- one Ruger rifle", "2. Two pistols", "(b) 300 rounds") is
    one sentence with its mark, unless a stop inside it ends one: the parser split "- one" from
    "Ruger rifle" and "1." from its goods, so the line no longer read as one item of a list."""
    text = doc.text
    # where each item line's mark, its item and the line end
    lines = [(m.start("mark"), m.end(), _line_end(text, m.end())) for m in ITEM_LINE.finditer(text)]
    if not lines:
        return
    k = 0
    for tok in doc[1:]:
        while k < len(lines) and tok.idx >= lines[k][2]:
            k += 1
        if k == len(lines):
            break
        mark, body, end = lines[k]
        if mark < tok.idx < end and not tok.is_space and (tok.idx <= body or doc[tok.i - 1].text not in _STOPS):
            tok.is_sent_start = False  # inside the mark, the item's first word, or a word after no stop


def _line_end(text: str, i: int) -> int:
    end = text.find("\n", i)
    return len(text) if end < 0 else end


def _bound_runaway_sentences(doc: Doc, max_tokens: int) -> None:
    """A table flattened to text, an OCR'd form or a list without stops runs to thousands of
    tokens with no sentence end; the event rules look across a whole sentence for every trigger,
    so such a "sentence" costs time quadratic in its length. After ``max_tokens`` tokens with no
    sentence end, start a sentence at the next comma, semicolon or line break, or at once after
    twice that many. Ordinary sentences, far shorter, are untouched."""
    if len(doc) <= max_tokens:
        return  # no run of tokens can be longer than the text
    run = 0
    for tok in doc:
        if tok.is_sent_start or (tok.i > 0 and doc[tok.i - 1].text in (".", "!", "?")):
            run = 0
        run += 1
        if run <= max_tokens or tok.i + 1 >= len(doc):
            continue
        nxt = doc[tok.i + 1]
        at_break = tok.text in (",", ";") or "\n" in tok.text or run > 2 * max_tokens
        if at_break and not nxt.is_space and not nxt.is_punct:
            nxt.is_sent_start = True
            run = 0


def _split_code_name_stops(doc: Doc) -> None:
    """ "near Town K. A video ...": the tokenizer reads "K." as an abbreviation; split off the stop."""
    targets = [
        tok
        for tok in doc
        if len(tok.text) == 2
        and tok.text[0].isupper()
        and tok.text[1] == "."
        and tok.i > 0
        and doc[tok.i - 1].lower_ in _CODE_NAME_HEADS
        and (
            tok.i + 1 == len(doc)
            or doc[tok.i + 1].is_space
            or doc[tok.i + 1].is_title
            or doc[tok.i + 1].is_quote
            or doc[tok.i + 1].text.startswith("[")  # a footnote marker: "near Town K.[12]"
        )
    ]
    if not targets:
        return
    with doc.retokenize() as retokenizer:
        for tok in targets:
            retokenizer.split(tok, [tok.text[0], "."], heads=[(tok, 0), (tok, 0)])


def _join_number_abbreviations(doc: Doc) -> None:
    """ "serial no. JV 7733": "no." abbreviates "number" before a code; it ends no sentence."""
    spans = [
        (tok.i, tok.i + 2)
        for tok in doc[:-2]
        if tok.lower_ in ("no", "nos")
        and doc[tok.i + 1].text == "."
        and not tok.whitespace_
        and any(ch.isdigit() for ch in doc[tok.i + 2].text + (doc[tok.i + 3].text if tok.i + 3 < len(doc) else ""))
    ]
    if not spans:
        return
    with doc.retokenize() as retokenizer:
        for start, end in spans:
            retokenizer.merge(doc[start:end])
    for tok in doc[1:]:
        if doc[tok.i - 1].lower_ in ("no.", "nos.") and not doc[tok.i - 1].is_space:
            tok.is_sent_start = False
