"""Armed groups and state services by shape, for names no list holds.

- "Movement for the Salvation of Azawad", "Northern Self-Defence Movement": a title-case name on a
  movement's or front's head word that one of its words marks as militant;
- "Ansar Allah", "Jaysh al-Adl": an Arabic-style prefix and its name words;
- "the Ruritanian army", "Houthi forces", "Houthi-Saleh forces", "the armed forces of the Republic
  of Velmar": a nationality (a state's service) or a known armed group before a lowercase service.

Called by :class:`ShapeRules` (``entity_shapes``), which finds the anchors.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .entity_words import _DASHES, _DETERMINERS, _FUNCTION, is_nationality

__all__ = ["GroupShapes"]

_ARABIC_ARTICLES = {"al", "ash", "as", "ad", "an", "ar", "at", "az", "el", "ul"}
#: after a nationality, a description of whoever fights for the state ("attacks on Velmarian
#: forces"), not the name of one of its services as "the Velmarian army" is
_MERE_FORCES = {"forces", "armed forces"}
#: a state written short before its service: "the U.S. army", "UK forces"
_STATE_ABBREVIATIONS = {"U.S.", "US", "UK", "U.K."}


class GroupShapes:
    """Armed groups and services by shape; built once from the pattern data."""

    def __init__(self, nlp: Language, actors: dict[str, Any], places: dict[str, Any]) -> None:
        make = nlp.make_doc
        shapes = actors.get("shapes", {})
        self.countries = set(places.get("countries", []))
        self.armed_group_names = set(actors.get("armed_groups", []))
        self.militant_words = {w.lower() for w in shapes.get("militant_name_words", [])}
        self.state_units = set(actors.get("military_units", []))
        self.service_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.service_lower.add("SERVICE", [make(s) for s in shapes.get("lowercase_services", [])])
        self.state_services = {w.lower() for w in shapes.get("state_services", [])}

    def militant_name(self, doc: Doc, start: int, end: int) -> Span | None:
        """ "Movement for the Salvation of Azawad", "Northern Self-Defence Movement", "Group for the
        Support of Islam": a title-case name on a movement's or front's head word, extended by
        "for"/"of" and what it is for, is an armed group where one of its words says so
        (liberation, salvation, self-defence, jihad, ...)."""
        n = len(doc)
        left = start
        while left > 0 and start - left < 8:
            tok = doc[left - 1]
            joins = left >= 2 and doc[left - 2].is_title and (
                (tok.lower_ == "and" and left < start) or (tok.text in _DASHES and not tok.whitespace_)
            )
            if not joins and not (tok.is_title and tok.lower_ not in _DETERMINERS | _FUNCTION):
                break
            left -= 1
            if tok.is_sent_start:
                break
        while left < start and not doc[left].is_title:
            left += 1  # never start on "and" or a dash
        right = end
        if end + 1 < n and doc[end].lower_ in ("for", "of"):
            k = end + 1 + (doc[end + 1].lower_ == "the")
            j = k
            while j < n and j - k < 7:
                name_word = doc[j].is_title and doc[j].lower_ not in _FUNCTION | _DETERMINERS
                inner = doc[j].lower_ in ("of", "and", "the", "for") and j + 1 < n and doc[j + 1].is_title and j > k
                if not (name_word or inner):
                    break
                j += 1
            while j > k and not doc[j - 1].is_title:
                j -= 1
            if j > k:
                right = j
        if left == start and right == end:
            return None
        span = doc[left:right]
        parts = {p.lower() for t in span for p in re.split(r"[-–]", t.text) if p}
        if not parts & self.militant_words or span.text in self.state_units:
            return None
        return Span(doc, left, right, label="ARMED_GROUP")

    def arabic_group(self, doc: Doc, start: int) -> Span | None:
        """ "Ansar Allah", "Jaysh al-Adl", "Harakat al-Nujaba": a prefix and one to three name words."""
        k, words = start + 1, 0
        while k < len(doc) and words < 3:
            tok = doc[k]
            if (
                tok.lower_ in _ARABIC_ARTICLES
                and k + 2 < len(doc)
                and doc[k + 1].text in _DASHES
                and doc[k + 2].is_alpha
            ):
                k += 3
            elif tok.is_title and tok.lower_ not in _FUNCTION and not tok.is_sent_start:
                k += 1
            else:
                break
            words += 1
        return Span(doc, start, k, label="ARMED_GROUP") if words else None

    def services(self, doc: Doc, tagged: bool) -> Iterator[Span]:
        """ "the Ruritanian army", "Houthi forces", "Houthi-Saleh forces", "Houthi and Saleh forces":
        a nationality (a state's service) or a known armed group, alone or with a partner, before
        a lowercase service noun."""
        for _, start, end in self.service_lower(doc):
            if start == 0 or not doc[start].is_lower:
                continue
            # a known group written in several tokens ("al-Shabaab fighters")
            whole = next((k for k in (3, 2) if start >= k and doc[start - k : start].text in self.armed_group_names), 0)
            if whole:
                yield Span(doc, start - whole, end, label="ARMED_GROUP")
                continue
            left = start - 1
            names = [doc[left].text]
            if (
                left >= 2
                and doc[left].is_title
                and (doc[left - 1].text in _DASHES or doc[left - 1].lower_ in ("and", "/"))
                and doc[left - 2].is_title
            ):
                names.append(doc[left - 2].text)
                left -= 2
            if any(n in self.armed_group_names for n in names):
                yield Span(doc, left, end, label="ARMED_GROUP")
                continue
            if doc[start:end].text.lower() not in self.state_services or (
                doc[end - 1].lower_ == "military" and end < len(doc) and doc[end].tag_ in ("NN", "NNS")
            ):  # "a Malian military base" names no force
                continue
            if left == start - 1 and (
                doc[left].text in _STATE_ABBREVIATIONS or is_nationality(doc[left], self.countries, tagged)
            ):  # "the Ruritanian army", "the U.S. army"; not "Peru's army": it keeps its country
                if doc[start:end].text.lower() not in _MERE_FORCES:
                    yield Span(doc, left, end, label="MILITARY_UNIT")
            elif end + 1 < len(doc) and doc[end].lower_ == "of":
                country = self._country_after(doc, end + 1)
                if country:  # "the armed forces of the Republic of Velmar"
                    yield Span(doc, start, country, label="MILITARY_UNIT")

    def _country_after(self, doc: Doc, k: int) -> int:
        """The end of a country's name written at ``k`` (after an optional "the"), else 0."""
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        for n in range(min(7, len(doc) - k), 0, -1):
            if doc[k : k + n].text in self.countries:
                return k + n
        return 0
