"""Weapon categories by shape: a class noun with its modifiers, and calibres.

- a class noun with at least one category modifier before it ("armored medical treatment
  vehicles", "semi-automatic weapon", "combat parachutes"), which alone ("vehicles", "weapon")
  would be too generic; an adverb of degree goes with the modifier it grades ("fully automatic
  rifles");
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

from .entity_quantities import NUMBER_SCALES
from .entity_words import _DASHES, _DETERMINERS, _FUNCTION

__all__ = ["CategoryShapes"]

_CALIBRE = r"(?:\d{1,3}(?:\.\d{1,2})?|\.\d{2,3})\s?-?\s?(?:mm|millimetre|millimeter|caliber|calibre)"
# "12.7mm and 14.5mm heavy machine guns": a calibre coordinated with the next names a class too
_CALIBRE_BEFORE_CALIBRE = re.compile(rf"(?<![\w.])(?P<cal>{_CALIBRE})(?=\s*(?:,|and|or|/)\s*{_CALIBRE}(?![\w]))")

#: the last part of a word in hyphens that tells where a weapon comes from or what it is like,
#: not what kind it is ("factory-made", "US-supplied", "AK-style")
_DESCRIBING_PARTS = {"made", "owned", "based", "supplied", "provided", "produced", "manufactured", "built",
                     "style", "type", "era", "old", "looking", "like", "sized", "related", "linked"}


class CategoryShapes:
    """Finds weapon categories by shape; built once from the weapon patterns."""

    def __init__(self, nlp: Language, weapons: dict[str, Any], actors: dict[str, Any]) -> None:
        make = nlp.make_doc
        cat = weapons.get("modified_heads", {})
        #: the class nouns ("vehicles", "rifles"), matched whatever their case
        self.heads = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.heads.add("HEAD", [make(h) for h in cat.get("heads", [])])
        self.modifiers = {m.lower() for m in cat.get("modifiers", [])}
        #: the class nouns a lowercase noun before them classifies ("rubber bullets")
        self.compound_heads = {h.lower() for h in cat.get("compound_heads", [])}
        #: nouns of people and bodies: "army rifles" are rifles of the army, no class of rifle
        self.actor_nouns = {a.lower() for a in actors.get("actor_nouns", [])}
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
        three tokens ("semi", "-", "automatic"). The words before the first modifier are left out
        ("assorted", "several")."""
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
                if tagged and j == k - 1 and doc[j].tag_ == "VBG" and doc[j].dep_ not in ("amod", "compound", "nmod"):
                    break  # "an operation targeting illicit firearms": a verb and its object, no modifier
                modifier = word.lower() in self.modifiers or self._classifies(doc, j, k, start, tagged)
                if not modifier and units and units[-1][1] and self._degree(doc, j, k, tagged):
                    modifier = True  # "fully automatic rifles": the adverb grades the modifier after it
                if not modifier and not (tagged and (j < k - 1 or doc[j].tag_ in ("NN", "JJ"))):
                    break
                units.append((j, modifier))
                k = j
            while units and not units[-1][1]:
                units.pop()  # words before the first modifier that no list knows
            if units:
                yield Span(doc, units[-1][0], end, label="WEAPON_CATEGORY")

    @staticmethod
    def _degree(doc: Doc, j: int, k: int, tagged: bool) -> bool:
        """Whether the word ``doc[j:k]`` is an adverb of degree ("fully", "heavily") before a
        category modifier: one word in "-ly", an adverb by its tag where there is a parse."""
        word = doc[j]
        return k == j + 1 and word.lower_.endswith("ly") and len(word) > 4 and (not tagged or word.tag_ == "RB")

    def _classifies(self, doc: Doc, j: int, k: int, head: int, tagged: bool) -> bool:
        """Whether the word ``doc[j:k]`` before the class noun at ``head`` names a kind of it, by
        its shape or parse where no list knows it. Only before a class of munition or weapon
        ("bullets", "firearms"; not the generic "weapons"): a word in hyphens ("single-barrel",
        "anti-riot"; not "factory-made"), and with the parse a noun compounded with it ("rubber
        bullets", "ammunition rounds") and an adjective of such a noun ("tear" in "tear gas
        shells")."""
        if doc[head].lower_ not in self.compound_heads:
            return False
        if j < k - 1:  # not "twenty-four": a count
            return doc[k - 1].lower_ not in _DESCRIBING_PARTS and not any(t.like_num for t in doc[j:k])
        tok = doc[j]
        if not tagged or tok.lower_ in self.actor_nouns or tok.lower_ in NUMBER_SCALES:
            return False
        if j > 0 and doc[j - 1].tag_ in ("RB", "TO", "MD"):
            return False  # "to unlawfully ship firearms": a verb the tagger took for a noun
        if tok.tag_ == "NN" and j < tok.head.i <= head:
            return True
        return tok.tag_ == "JJ" and j < tok.head.i < head and doc[tok.head.i].tag_ == "NN"
