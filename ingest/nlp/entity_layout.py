"""Page layout that is not a name: heading lines, column gaps, common words taken for names.

Used by ``custody_entity_resolver`` when it cleans a candidate entity:

- :func:`cut_at_gap`: an entity never crosses a blank line or a run of 3+ spaces (a tab, a
  two-column or table layout): it is cut there and its longest piece kept;
- :func:`heading_lines`: the lines of a document that are headings or page furniture ("KEY
  FINDINGS", "I. Introduction", "2.3 Background", "Home News Archive", "Forfeiture Complaint"):
  short, no verb, all capitals, numbered or every word (two or more) capitalised, and no
  sentence end;
- :func:`dateline_places`: the capitalised place a release or wire story is dated from, at the
  start of the text or of a paragraph, before a comma or a dash (used by ``custody_entity_ruler``);
- :func:`common_words`: the ordinary English words of the statistical model's lemmatizer index
  (no model, no words).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

__all__ = ["ADDRESS_NOUNS", "common_words", "cut_at_gap", "dateline_places", "heading_lines"]

_GAP = re.compile(r"\n[ \t]*\n|[ \t]{3,}|\t")
#: "I.", "IV", "2.3", "3)", "A." at the start of a line: a numbered section title
_SECTION_NUMBER = re.compile(r"^(?:(?:[IVXLC]+|[A-Z])[.)]|\d+(?:\.\d+)*[.)]?)\s+\S")
_MAX_HEADING_WORDS = 8
#: what ends a dateline's place when no comma does: "EL MORRO -- Customs officers ..."
_DATELINE_DASHES = {"–", "—", "--", "---"}
#: the most letters an agency's acronym before a dateline's dash has ("FBI", "NCIS", "USAID")
_ACRONYM_LETTERS = 6
#: words after a name that make it part of an address ("Madison Avenue", "Suite 400")
ADDRESS_NOUNS = frozenset(
    {"street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "drive", "suite", "square",
     "place", "plaza", "parkway", "highway", "court", "building", "floor"}
)


def cut_at_gap(doc: Doc, start: int, end: int, text: str | None = None) -> tuple[int, int]:
    """The longest piece of ``doc[start:end]`` between layout gaps (the first on a tie).
    ``text`` is ``doc.text`` if the caller has it (each ``doc.text`` is a pass over the Doc)."""
    if text is None:
        text = doc.text
    if start < end and _GAP.search(text, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)) is None:
        # no gap anywhere in the span (the usual case): the span less its space tokens at either end
        first, last = start, end
        while first < last and doc[first].is_space:
            first += 1
        while last > first and doc[last - 1].is_space:
            last -= 1
        return (first, last) if first < last else (start, end)
    pieces: list[tuple[int, int]] = []
    piece_start = start
    prev: Token | None = None
    for i in range(start, end):
        tok = doc[i]
        if tok.is_space:
            continue
        if prev is not None and _GAP.search(text, prev.idx + len(prev.text), tok.idx):
            pieces.append((piece_start, prev.i + 1))
            piece_start = i
        elif prev is None:
            piece_start = i
        prev = tok
    if prev is None:
        return start, end
    pieces.append((piece_start, prev.i + 1))
    return max(pieces, key=lambda p: (p[1] - p[0], -p[0]))


def _is_heading(tokens: list[Token], line: str, tagged: bool) -> bool:
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    if line.endswith((".", "?", "!", ";", ",")):
        return False  # a sentence (or a list item) ends here
    if tagged and any(t.pos_ in ("VERB", "AUX") for t in words):
        return False
    letters = [ch for ch in line if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(letters) > 3:
        return True
    if _SECTION_NUMBER.match(line) and any(t.is_alpha and len(t.text) > 1 for t in words[1:]):
        return True
    alpha = [t for t in words if t.is_alpha]
    return len(alpha) >= 2 and all(t.is_title for t in alpha)


def heading_lines(doc: Doc, text: str | None = None) -> set[int]:
    """Indices of the tokens that lie on a heading line (``text`` is ``doc.text``, if the caller has it)."""
    if text is None:
        text = doc.text
    found: set[int] = set()
    tagged = doc.has_annotation("POS")
    line: list[Token] = []

    def close() -> None:
        if line:
            line_text = text[line[0].idx : line[-1].idx + len(line[-1].text)].strip()
            if _is_heading(line, line_text, tagged):
                found.update(t.i for t in line)
        line.clear()

    for tok in doc:
        if tok.is_space or "\n" in tok.whitespace_:
            if not tok.is_space:
                line.append(tok)
            if "\n" in tok.text or "\n" in tok.whitespace_:
                close()
            continue
        line.append(tok)
    close()
    return found


def common_words(nlp: Language) -> frozenset[str]:
    """The ordinary English words the pipeline's lemmatizer indexes (by part of speech); empty
    without a lemmatizer that has a word index (a blank pipeline)."""
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    words: set[str] = set()
    for value in lookups.get_table("lemma_index").values():
        words.update(value)
    return frozenset(words)


def _title_run_before_colon(doc: Doc, first: int) -> int:
    """The end of one to three capitalised words at ``first`` that a colon follows, else ``first``."""
    k = first
    while k < len(doc) and k - first < 3 and doc[k].is_title and doc[k].is_alpha:
        k += 1
    return k if first < k < len(doc) and doc[k].text == ":" else first


def _place_word(words: Span, places: set[str], common: frozenset[str]) -> bool:
    """A known place, or words none of which is an ordinary word (with the word list only)."""
    return words.text.title() in places or (bool(common) and all(t.lower_ not in common for t in words))


@lru_cache(maxsize=4)
def _cached_common_words(nlp: Language) -> frozenset[str]:
    """:func:`common_words`, read once per pipeline (the rules call it on every Doc)."""
    return common_words(nlp)


def dateline_places(
    doc: Doc, not_places: set[str], nlp: Language | None = None, known: set[str] | None = None
) -> Iterator[Span]:
    """ "NORTHPORT, Ark. – ...", "PORT-AU-VALLE, (Agency) –", "EL MORRO -- ...", "OSTRIK - ...",
    "TESSAR: ...", "Tessar: ...": the capitalised place a release or a wire story is dated from, at the start of
    the text or of a paragraph (a headline may stand before it), as PLACE_PATTERN spans;
    ``not_places``: the known names that are no place (an agency's name before a dash is no
    dateline: "FBI -- Agents ..."). Before a colon the place must be a ``known`` place or no
    ordinary word of ``nlp``'s lemmatizer ("UPDATE: ..." is a heading's tag; without the word
    list, only known places), and one in title case no name the model knows for a person or a
    body ("Reyes: I saw ...")."""
    places = (known or set()) - not_places
    common = _cached_common_words(nlp) if nlp is not None else frozenset()
    starts = [0, *(t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text)]
    for first in starts:
        k = first
        while k < len(doc) and k - first < 6:
            tok = doc[k]
            if tok.is_upper and tok.is_alpha and (len(tok.text) > 2 or (k > first and doc[k - 1].text == "-")):
                k += 1
            elif tok.text == "-" and first < k < len(doc) - 1 and doc[k + 1].is_upper and not tok.whitespace_:
                k += 1  # "PORT-AU-VALLE"
            else:
                break
        if k == first:
            k = _title_run_before_colon(doc, first)
            if k > first and doc[first].ent_type_ in ("", "GPE", "LOC") and _place_word(doc[first:k], places, common):
                yield Span(doc, first, k, label="PLACE_PATTERN")  # "Tessar: Police recovered ..."
            continue
        if k == len(doc):
            continue
        comma = doc[k].text == ","
        dash = doc[k].text in _DATELINE_DASHES or (doc[k].text == "-" and doc[k].whitespace_ and doc[k - 1].whitespace_)
        colon = doc[k].text == ":" and _place_word(doc[first:k], places, common)
        # after a headline or before a dash, not an agency's name ("FBI -- Agents ..."): the model
        # may take a place in capitals for an organisation, but not one no longer than an acronym
        checked = (
            (comma or dash or colon)
            and (
                doc[first].ent_type_ in ("", "GPE", "LOC", "FAC")
                or (doc[first].ent_type_ == "ORG" and all(len(t.text) > _ACRONYM_LETTERS for t in doc[first:k]))
            )
            and not any(t.text in not_places for t in doc[first:k])
        )
        if (first == 0 and comma) or checked:
            yield Span(doc, first, k, label="PLACE_PATTERN")
