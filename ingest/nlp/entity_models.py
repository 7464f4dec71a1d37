"""Weapon models named by shape, for ``custody_entity_ruler``: the names no list holds.

- a model code or a make before a class of materiel ("M70 rifles", "Zastava pistols", "PK machine
  guns"), a word and a number written with a space ("BTR 80 armoured personnel carriers") and the
  names of the same shape coordinated before it ("Sukhoi 25, Mig 29 and Mig 24 aircraft");
- a known name with a model code after it ("Beretta M9");
- a calibre before a make ("a 9mm Beretta"): the calibre is a class of its own;
- a make (and model code) with its calibre and no class noun after it ("a Drennick 380 ACP").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc, Span

from .entity_words import is_nationality
from .number_words import UNIT_WORDS

__all__ = ["MODEL_CODE", "STOP_WORDS", "ModelRules"]

#: Function words that never start or continue a capitalised name; nor does a count written in
#: words ("Six Marines - a captain and five sergeants", "Two Army rifles go missing").
STOP_WORDS = frozenset({"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my",
                        "of", "and", "at", "in", "on", "from", "to", "by", "with", "for", "as", *UNIT_WORDS})
#: Capitalised words before a class of materiel that name its owner, not its model ("Army rifles").
#: Nationalities the model does not know still end so ("Ruritanian", "Vessish"); a maker's name
#: ending in "-i" ("Zoraki") is no nationality unless the model says so (it knows "Yemeni").
_NATIONALITY_NOT_MAKER = re.compile(r"(?:an|ese|ish)$")
_NOT_MAKERS = frozenset(
    {
        "Army",
        "Navy",
        "Police",
        "Government",
        "State",
        "Federal",
        "National",
        "Ministry",
        "Security",
        "Customs",
        "Border",
        "Military",
        "Marine",
        "Marines",
        "Guard",
        "Forces",
        "Force",
        "Militia",
        "Coalition",
        "Allied",
        "Enemy",
        "Rebel",
        "Soviet",
        "Western",
        "Eastern",
        "Foreign",
        "Illegal",
        "Stolen",
        "Seized",
        "Surplus",
    }
)
MODEL_CODE = re.compile(r"(?=[^\s]*\d)[A-Z][A-Za-z]{0,4}-?\d{1,4}(?:[A-Z]{1,2}\d{0,2})?(?:-\d{1,2})?|\d{2,3}(?:-\d)?")
# "a Corvallo KX4 9mm", "a Drennick 380 ACP": a make (and model code) with the calibre after it and no class
# noun names a firearm on its own
_MAKER_CALIBRE = re.compile(
    r"(?<![\w.])(?P<name>[A-Z][a-z]{2,}(?: [A-Z]{1,4}-?\d{1,4}[A-Z]?)?) "
    r"(?P<cal>\d{1,2}(?:\.\d{1,2})?\s?mm|\.?\d{2,3} (?:ACP|Auto|Magnum|Special))(?![\w.-])"
)
_CALIBRE_NAME = re.compile(r"(?<![\w.])(?P<cal>\d{1,2}(?:\.\d{1,2})?\s?mm)\s+(?P<name>[A-Z][a-z]{2,})\b")


class ModelRules:
    """Model names by shape, given the known aliases and names of the pattern data."""

    def __init__(self, system_by_alias: dict[str, str], known_names: set[str], countries: set[str]) -> None:
        self.system_by_alias = system_by_alias
        self.known_names = known_names
        self.countries = countries

    def systems_before_categories(self, doc: Doc, starts: set[int], text: str, tagged: bool) -> Iterator[Span]:
        """ "M70 rifles", "Type 56-1 assault rifles", "Zastava pistols": a model name before a class
        of materiel is a weapon system (modifier and head are split)."""
        for start in starts:
            if start == 0:
                continue
            prev = doc[start - 1]
            if not doc[start].is_lower and not (MODEL_CODE.fullmatch(prev.text) and prev.text[:1].isalpha()):
                # "High-Mobility Artillery Rocket Systems": a title-case name, not a class; after a model
                # code ("M471 Howitzers") a capitalised class is still a class
                continue
            if prev.text in self.system_by_alias or prev.text in self.known_names:
                continue
            if MODEL_CODE.fullmatch(prev.text):
                left = start - 1
                if left > 0 and doc[left - 1].text in ("Type", "Model") and prev.like_num:
                    left -= 1
                elif prev.like_num and left > 0 and self._model_word(doc[left - 1], tagged):
                    left -= 1  # "BTR 80 armoured personnel carriers", "Mig 29 aircraft"
                    yield Span(doc, left, start, label="WEAPON_SYSTEM", kb_id=doc[left:start].text)
                    yield from self._coordinated_models(doc, left, tagged)
                    continue
                elif prev.like_num:
                    continue
                elif left > 0 and self._maker_name(doc[left - 1], tagged):
                    left -= 1  # "Zastava M70"
                yield Span(doc, left, start, label="WEAPON_SYSTEM", kb_id=doc[left:start].text)
            elif self._maker_name(prev, tagged) or (
                prev.is_upper
                and prev.is_alpha
                and 2 <= len(prev.text) <= 5
                and prev.text not in self.known_names
                and f"({prev.text})" not in text  # an acronym the report defines names an actor
            ):
                yield Span(doc, start - 1, start, label="WEAPON_SYSTEM", kb_id=prev.text)  # "PK machine guns"

    def calibre_before_maker(self, doc: Doc, text: str, tagged: bool) -> Iterator[Span]:
        """ "a 9mm Beretta", "the 7.62mm Kalashnikov": the calibre is a class and the name after it
        the weapon's make."""
        for m in _CALIBRE_NAME.finditer(text):
            name = doc.char_span(m.start("name"), m.end("name"))
            cal = doc.char_span(m.start("cal"), m.end("cal"), alignment_mode="expand")
            if name is None or cal is None or len(name) != 1 or not self._model_word(name[0], tagged):
                continue
            yield Span(doc, cal.start, cal.end, label="WEAPON_CATEGORY")
            if name.text not in self.system_by_alias:
                yield Span(doc, name.start, name.end, label="WEAPON_SYSTEM", kb_id=name.text)

    def maker_with_calibre(self, doc: Doc, text: str, tagged: bool) -> Iterator[Span]:
        """ "a Corvallo KX4 9mm", "a Drennick 380 ACP": a make, its model code if given, and the calibre
        with no class noun after them are one named firearm."""
        for m in _MAKER_CALIBRE.finditer(text):
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            maker = doc.char_span(m.start("name"), m.start("name") + len(m.group("name").split(" ")[0]))
            if span is None or maker is None or not self._maker_name(maker[0], tagged):
                continue
            after = doc[span.end] if span.end < len(doc) else None
            if after is not None and after.is_alpha and after.is_lower and after.lower_ not in STOP_WORDS | {"or"}:
                continue  # "a Corvallo 9mm pistol": a class noun follows, the calibre belongs to it
            yield Span(doc, span.start, span.end, label="WEAPON_SYSTEM", kb_id=span.text)

    def _model_word(self, tok: Any, tagged: bool) -> bool:
        """The word of a model name written with a space before its number: "BTR" of "BTR 80",
        "Mig" of "Mig 29", "Sukhoi" of "Sukhoi 25"."""
        if tok.text in self.known_names or tok.lower_ in STOP_WORDS or not tok.is_alpha or tok.is_sent_start:
            return False
        if tok.ent_type_ in ("GPE", "NORP", "LOC", "DATE", "TIME") or tok.text in _NOT_MAKERS:
            return False  # the model often calls "Mig 29" a law or "Sukhoi" an organisation: no help here
        if tok.is_upper:
            return 2 <= len(tok.text) <= 5
        return (
            tok.is_title
            and len(tok.text) > 2
            and not is_nationality(tok, self.countries, tagged)
            and (not tagged or tok.tag_ in ("NNP", "NNPS"))
        )

    def _coordinated_models(self, doc: Doc, start: int, tagged: bool) -> Iterator[Span]:
        """ "Sukhoi 25, Mig 29 and Mig 24 aircraft": the names coordinated before a model name
        written the same way (a word and a number) are models too."""
        k = start
        while k >= 3 and doc[k - 1].lower_ in (",", "and", "or", "/"):
            j = k - 1
            if doc[j].lower_ in ("and", "or") and doc[j - 1].text == ",":
                j -= 1
            if j < 2 or not doc[j - 1].like_num or not MODEL_CODE.fullmatch(doc[j - 1].text):
                return
            if not self._model_word(doc[j - 2], tagged):
                return
            yield Span(doc, j - 2, j, label="WEAPON_SYSTEM", kb_id=doc[j - 2 : j].text)
            k = j - 2

    def system_with_model(self, doc: Doc, start: int, end: int) -> Iterator[Span]:
        """ "Beretta M9": a known name with a model code after it is that model; "9mm Beretta":
        the calibre before a weapon's name is a class of its own."""
        if end < len(doc) and MODEL_CODE.fullmatch(doc[end].text) and not doc[end].like_num:
            text = doc[start : end + 1].text
            yield Span(doc, start, end + 1, label="WEAPON_SYSTEM", kb_id=text)
        if start >= 2 and doc[start - 1].lower_ in ("mm", "-mm") and doc[start - 2].like_num:
            yield Span(doc, start - 2, start, label="WEAPON_CATEGORY")
        elif start >= 1 and re.fullmatch(r"\d{1,2}(?:\.\d{1,2})?mm", doc[start - 1].lower_):
            yield Span(doc, start - 1, start, label="WEAPON_CATEGORY")

    def _maker_name(self, tok: Any, tagged: bool) -> bool:
        """A capitalised name that can be a model or maker name before a class of materiel."""
        return bool(
            tok.text[:1].isupper()
            and not tok.is_upper
            and tok.is_alpha
            and len(tok.text) > 2
            and not tok.is_sent_start
            and tok.ent_type_ in ("", "PRODUCT", "ORG", "WORK_OF_ART", "GPE", "PERSON")
            and tok.text not in self.known_names
            and tok.text not in _NOT_MAKERS
            and tok.ent_type_ != "NORP"
            and not (is_nationality(tok, self.countries, tagged) and _NATIONALITY_NOT_MAKER.search(tok.text))
            and tok.lower_ not in STOP_WORDS
            and (not tagged or tok.tag_ in ("NNP", "NNPS"))
        )
