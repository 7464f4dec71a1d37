"""Runs of words that make a name, and the word shapes the shape rules share.

- :func:`_title_run`, :func:`_title_run_right`, :func:`_name_run_right`: where a run of
  capitalised words (or words in capitals) ends, to the left or right of a hit;
- :func:`is_nationality`: "Ruritanian", "Yemeni" (by the model's NORP, else by shape);
- :func:`acronym_matches`: whether an acronym abbreviates a run of words ("HIMARS": High-Mobility
  Artillery Rocket Systems).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.tokens import Doc

__all__ = ["acronym_matches", "is_nationality"]

_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my"}
_FUNCTION = {"of", "and", "the", "for", "on", "in", "to", "&", "de", "la", "del", "des", "du"}
_NATIONALITY_SUFFIX = re.compile(r"(?:an|ian|ean|i|ese|ish|ch|ic|ss)$")
_DASHES = {"-", "–", "—"}


def is_nationality(tok: Any, countries: set[str], tagged: bool) -> bool:
    """ "Ruritanian", "Yemeni", "French": a nationality adjective (by the model, else by shape);
    ``tagged``: whether the Doc has part-of-speech tags."""
    if tok.ent_type_ == "NORP":
        return True
    if not tok.is_title or tok.text in countries:
        return False
    if tagged and tok.tag_ not in ("JJ", "NNP", "NNPS"):
        return False
    return bool(_NATIONALITY_SUFFIX.search(tok.text)) and len(tok.text) > 3


def _parts(words: list[str]) -> list[str]:
    return [p.lower() for w in words for p in re.split(r"[-–/]", w) if p and p[0].isalpha()]


def _abbreviates(letters: str, parts: list[str]) -> bool:
    """Whether the words, each giving a prefix of itself (or nothing), spell ``letters``; the
    first word gives at least its first letter ("HIMARS": HIgh-Mobility Artillery Rocket Systems)."""

    @cache
    def fits(i: int, j: int) -> bool:
        if j == len(letters):
            return True
        if i == len(parts):
            return False
        word = parts[i]
        if i > 0 and fits(i + 1, j):
            return True
        for k in range(1, min(len(word), len(letters) - j) + 1):
            if word[:k] != letters[j : j + k]:
                break
            if fits(i + 1, j + k):
                return True
        return False

    return fits(0, 0)


def acronym_matches(acronym: str, words: list[str]) -> bool:
    """Whether ``acronym`` abbreviates ``words``: the first letters agree and the acronym's
    letters are taken, in order, from the starts of the words (function words may give none).

    >>> acronym_matches("NASAMS", ["National", "Advanced", "Surface-to-Air", "Missile", "Systems"])
    True
    >>> acronym_matches("SAMs", ["surface-to-air", "missile", "systems"])
    True
    >>> acronym_matches("HIMARS", ["High-Mobility", "Artillery", "Rocket", "Systems"])
    True
    """
    letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    letters = "".join(ch for ch in letters.lower() if ch.isalpha())
    parts = _parts(words)
    if len(letters) < 2 or not parts:
        return False
    content = [w for w in words if w.lower() not in _FUNCTION]
    return len(letters) >= max(2, (len(content) + 1) // 2) and _abbreviates(letters, parts)


def _title_run(doc: Doc, i: int, most: int, stop: frozenset[str] | set[str] = frozenset()) -> int:
    """Where a run of up to ``most`` capitalised words ending just before token ``i`` starts."""
    k = i
    while k > 0 and i - k < most:
        tok = doc[k - 1]
        if not tok.is_title or tok.lower_ in _DETERMINERS or tok.lower_ in _FUNCTION or tok.text in stop:
            break
        k -= 1
    return k


def _title_run_right(doc: Doc, i: int, most: int) -> int:
    """Where a run of up to ``most`` capitalised words starting at token ``i`` ends."""
    k = i
    while k < len(doc) and k - i < most and doc[k].is_title and doc[k].lower_ not in _FUNCTION | _DETERMINERS:
        k += 1
        # "Saint-Marc", "Port-au-Prince": a name joined by hyphens is one word
        while k + 1 < len(doc) and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_:
            k += 2
    return k


def _name_run_right(doc: Doc, i: int, most: int) -> int:
    """Like :func:`_title_run_right`, also over words in capitals ("IRINI", "EUNAVFOR MED")."""
    k = i
    while k < len(doc) and k - i < most and (doc[k].is_title or (doc[k].is_upper and doc[k].is_alpha)):
        if doc[k].lower_ in _FUNCTION | _DETERMINERS:
            break
        k += 1
    return k


def _caps_word(tok: Any) -> bool:
    return bool(tok.is_upper and tok.is_alpha and len(tok) > 2)
