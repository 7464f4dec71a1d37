"""Weapon categories by shape: a class noun with its modifiers, and calibres.

- a class noun with at least one category modifier before it ("armored medical treatment
  vehicles", "semi-automatic weapon", "combat parachutes"), which alone ("vehicles", "weapon")
  would be too generic;
- a calibre coordinated with the next ("12.7mm and 14.5mm heavy machine guns"), and a calibre
  after "rounds of" ("rounds of 7.62mm").

Called by :class:`ShapeRules` (``entity_shapes``) on every Doc.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .entity_words import _DASHES, _DETERMINERS, _FUNCTION

__all__ = ["CategoryShapes"]

_CALIBRE = r"(?:\d{1,3}(?:\.\d{1,2})?|\.\d{2,3})\s?-?\s?(?:mm|millimetre|millimeter|caliber|calibre)"
# "12.7mm and 14.5mm heavy machine guns": a calibre coordinated with the next names a class too
_CALIBRE_BEFORE_CALIBRE = re.compile(rf"(?<![\w.])(?P<cal>{_CALIBRE})(?=\s*(?:,|and|or|/)\s*{_CALIBRE}(?![\w]))")


class CategoryShapes:
    """Finds weapon categories by shape; built once from the weapon patterns."""

    def __init__(self, nlp: Language, weapons: dict[str, Any]) -> None:
        make = nlp.make_doc
        cat = weapons.get("modified_heads", {})
        #: the class nouns ("vehicles", "rifles"), matched whatever their case
        self.heads = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.heads.add("HEAD", [make(h) for h in cat.get("heads", [])])
        self.modifiers = {m.lower() for m in cat.get("modifiers", [])}
        self.after_of_calibre = re.compile(
            r"\b(?:rounds|cartridges|boxes|calibre|caliber) of (?P<cal>(?:\.\d{2,3}|\d{1,2}(?:\.\d{1,2})?)\s?-?\s?"
            r"(?:mm|MM|millimeter|millimetre|caliber|calibre|cal\.?))(?![\w])",
        )

    def calibres(self, doc: Doc, text: str) -> Iterator[Span]:
        """ "12.7mm and 14.5mm": the first calibre of a coordinated pair."""
        for m in _CALIBRE_BEFORE_CALIBRE.finditer(text):
            span = doc.char_span(m.start("cal"), m.end("cal"), label="WEAPON_CATEGORY", alignment_mode="expand")
            if span is not None:
                yield span

    def calibres_after_of(self, doc: Doc, text: str) -> Iterator[Span]:
        """ "rounds of 7.62mm": the calibre after a unit of ammunition and "of"."""
        for m in self.after_of_calibre.finditer(text):
            span = doc.char_span(m.start("cal"), m.end("cal"), label="WEAPON_CATEGORY", alignment_mode="expand")
            if span is not None:
                yield span

    def classes(self, doc: Doc, tagged: bool) -> Iterator[Span]:
        """A class noun with at least one category modifier before it; hyphenated modifiers are
        three tokens ("semi", "-", "automatic")."""
        for _, start, end in self.heads(doc):
            if not doc[start].is_lower:
                continue
            units: list[tuple[int, bool]] = []  # (start of the word, is a category modifier), right to left
            k = start
            while k > 0 and len(units) < 5:
                j = k - 1
                while (
                    j >= 2 and doc[j - 1].text in _DASHES and not doc[j - 1].whitespace_ and not doc[j - 2].whitespace_
                ):
                    j -= 2
                word = doc[j:k].text
                if not word.islower() or not word.replace("-", "").replace("–", "").isalpha():
                    break
                if j == k - 1 and doc[j].lower_ in _DETERMINERS | _FUNCTION:
                    break
                modifier = word.lower() in self.modifiers
                if not modifier and not (tagged and (j < k - 1 or doc[j].tag_ in ("NN", "JJ"))):
                    break
                units.append((j, modifier))
                k = j
            while units and not units[-1][1]:
                units.pop()  # words before the first modifier that no list knows
            if units:
                yield Span(doc, units[-1][0], end, label="WEAPON_CATEGORY")
