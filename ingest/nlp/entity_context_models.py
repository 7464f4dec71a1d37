"""Weapon models read from the words around them, a part of the context pass of
``custody_entity_resolver`` (:mod:`ingest.nlp.entity_context` runs them, after the names):

- :func:`makers_before_weapons`: "a Drennick 12-gauge shotgun": a name the model took for a
  person, set as a modifier before a weapon, is its make;
- :func:`coordinated_models`: "an AR-15 and an AM-15", "two SPG-9, one BM-1": a model
  designator coordinated with a weapon system is one too; so is a name before "/" and a known
  system that a class follows ("Kessel / Konkurs anti-tank missiles"), and two makers' names
  joined before a model are one system with it ("Dorran and Velk P2000 handguns");
- :func:`models_listed`: "the M-ATV, Kessel and MaxxPro models": names listed before "models"
  or "variants", one of them a known system, are systems;
- :func:`system_versions`: "Javelin Block 1", "Stinger Mk 2": a system's version is part of it;
- :func:`parts_of_models`: "Glock switches", "AK-47 receivers": a part's noun after a model is a
  class of parts, as "rifles" after "AK-47" is a class of weapons.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .entity_base import _PLACE_PREPOSITIONS as _BASE_PLACE_PREPOSITIONS
from .entity_base import _Cand

__all__ = ["coordinated_models", "makers_before_weapons", "models_listed", "parts_of_models", "system_versions"]

_WEAPON_LABELS = {"WEAPON_SYSTEM", "WEAPON_CATEGORY"}
#: what the model may make of a model's name: a body, a person, a place
_WEAK_NAMES = {"PERSON", "ORGANIZATION", "PLACE"}
#: a model designator: letters, an optional hyphen, digits ("AM-15", "Mi-8", "T72B")
_MODEL_SHAPE = re.compile(r"[A-Z][A-Za-z]{0,4}-?\d{1,4}[A-Z]?")
_LINKS = {",", "and", "or", "/", "a", "an", "the"}
#: a place a preposition governs is no model ("in Paris and Kalashnikov rifles")
_PLACE_PREPOSITIONS = _BASE_PLACE_PREPOSITIONS - {"inside", "around"}


def makers_before_weapons(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """A model's one-word person that modifies the weapon after it ("a Drennick 12-gauge
    shotgun") is the weapon's make, a WEAPON_SYSTEM."""
    if not doc.has_annotation("DEP"):
        return cands
    starts = {c.start: c for c in cands}
    out: list[_Cand] = []
    for c in cands:
        nxt = starts.get(c.end)
        tok = doc[c.start]
        if (
            c.label == "PERSON"
            and c.source == "model"
            and c.length == 1
            and nxt is not None
            and nxt.label in _WEAPON_LABELS
            and tok.dep_ in ("compound", "nmod", "amod")
            and nxt.start <= tok.head.i < nxt.end
        ):
            c = _Cand(c.start, c.end, "WEAPON_SYSTEM", c.kb_id, c.priority, "rule")
        out.append(c)
    return out


#: nouns of the parts of a firearm, a class of materiel after a model's name ("Glock frames");
#: alone ("the switch", "a slide") they are ordinary words
_PART_NOUNS = {"frame", "receiver", "barrel", "slide", "switch", "sear", "magazine"}


def parts_of_models(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """A part's noun, lowercase, right after a weapon system and in no entity ("40 Glock switches",
    "four AK-47 receivers"): a WEAPON_CATEGORY, the model and its parts split as the corpus writes
    "AK-47" + "rifles"."""
    taken = {i for c in cands for i in range(c.start, c.end)}
    out = list(cands)
    for c in cands:
        k = c.end
        if c.label != "WEAPON_SYSTEM" or k >= len(doc) or k in taken:
            continue
        tok = doc[k]
        noun = tok.lower_[:-2] if tok.lower_.endswith("ches") else tok.lower_.rstrip("s")
        if tok.is_lower and noun in _PART_NOUNS:
            out.append(_Cand(k, k + 1, "WEAPON_CATEGORY", "", 0, "rule"))
    return sorted(out, key=lambda c: c.start)


def coordinated_models(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "an AR-15 and an AM-15", "the Mi-8, Mi-17 or Mi-24", "two SPG-9, one BM-1": a model
    designator no candidate covers (or the model read alone as a body, person or place),
    coordinated with a weapon system (a count between them), is a WEAPON_SYSTEM; so is a
    capitalised name before a known system and the class both are of ("Kessel / Konkurs anti-tank
    missiles"), whatever the model made of the name."""
    cands = _models_sharing_a_class(doc, cands)
    # a designator the model read alone as a body, a person or a place ("one KX-4") is free to take
    weak = {c.start: c for c in cands if c.source == "model" and c.length == 1 and c.label in _WEAK_NAMES}
    taken = {i for c in cands for i in range(c.start, c.end) if c.start not in weak}
    new: list[_Cand] = []
    for c in cands:
        if c.label != "WEAPON_SYSTEM":
            continue
        for step, first in ((1, c.end), (-1, c.start - 1)):
            k = first
            links: list[str] = []
            while 0 <= k < len(doc) and len(links) < 3 and (doc[k].lower_ in _LINKS or _count_word(doc[k])):
                links.append(doc[k].lower_)
                k += step
            if (
                0 <= k < len(doc)
                and k not in taken
                and set(links) & {",", "and", "or", "/"}
                and _MODEL_SHAPE.fullmatch(doc[k].text)
                and doc[k].ent_type_ not in ("DATE", "TIME", "MONEY", "PERCENT")
            ):
                new.append(_Cand(k, k + 1, "WEAPON_SYSTEM", doc[k].text, 0, "rule"))
                taken.add(k)
    if not new:
        return cands
    replaced = {n.start for n in new if n.start in weak}
    kept = [c for c in cands if not (c.start in replaced and weak[c.start] is c)]
    return sorted([*kept, *new], key=lambda c: c.start)


def _count_word(tok: Token) -> bool:
    """A count between listed models ("two SPG-9, one BM-1"): a number word or digits."""
    return bool(tok.like_num) and (tok.is_alpha or tok.is_digit)


def _models_sharing_a_class(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "Kessel / Konkurs anti-tank missiles", "Kessel and Konkurs missiles": the one-word name
    before "/" (or, no entity covering it, "and"/"or") and a weapon system that a weapon class
    follows is a system too; not a name a preposition of place governs. Two makers' names joined
    before a model ("Dorran and Velk P2000 handguns") are one system with it, whatever the model
    made of the first."""
    starts = {c.start: c for c in cands}
    out = list(cands)
    for c in cands:
        after = starts.get(c.end)
        if c.label != "WEAPON_SYSTEM" or after is None or after.label != "WEAPON_CATEGORY" or c.start < 2:
            continue
        link = doc[c.start - 1].lower_
        if link not in ("/", "and", "or", "&"):
            continue
        k = c.start - 2
        tok = doc[k]
        if not (tok.is_title and tok.is_alpha) or (
            k > 0 and (doc[k - 1].is_title or doc[k - 1].lower_ in _PLACE_PREPOSITIONS | {"from", "to", "at"})
        ):
            continue  # "in Paris and Kalashnikov rifles": a place the preposition governs
        before = next((o for o in out if o.start <= k < o.end), None)
        # joined by a slash, the name the model read as a place, person or body is a model too;
        # joined by "and"/"or", only a name no entity covers
        makers = link in ("and", "&") and not _MODEL_SHAPE.fullmatch(doc[c.start].text) and c.length > 1
        if before is not None and not (
            (link == "/" or makers) and before.length == 1 and before.label in ("PLACE", "PERSON", "ORGANIZATION")
        ):
            continue
        if makers:
            # "Heckler and Koch P2000 handguns": two makers' names joined, then the model: one system
            new = _Cand(k, c.end, "WEAPON_SYSTEM", c.kb_id, c.priority, "rule")
            out = sorted([o for o in out if o is not before and o is not c] + [new], key=lambda o: o.start)
        else:
            new = _Cand(k, k + 1, "WEAPON_SYSTEM", tok.text, 0, "rule")
            out = sorted([o for o in out if o is not before] + [new], key=lambda o: o.start)
    return out


#: nouns a list of named models stands before ("the M-ATV, Kessel and MaxxPro models")
_MODEL_NOUNS = {"models", "variants", "versions"}


def models_listed(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "vehicles, including M-ATV, Kessel and MaxxPro models": the capitalised words or
    designators listed before "models" / "variants" / "versions" are WEAPON_SYSTEMs when one of
    them is a known system; a name the model read alone as a body, person or place is taken too."""
    at = {i: c for c in cands for i in range(c.start, c.end)}
    out = list(cands)
    for i, tok in enumerate(doc):
        if tok.lower_ not in _MODEL_NOUNS or not tok.is_lower:
            continue
        items: list[tuple[int, int]] = []
        k = i
        while k > 0:
            end, start = k, k - 1
            while start > 0 and not doc[start - 1].whitespace_ and not doc[start - 1].is_punct:
                start -= 1  # "M-ATV" is three tokens
            while start > 0 and doc[start - 1].text in ("-", "–") and not doc[start - 1].whitespace_:
                start -= 2 if start > 1 else 1
            word = doc[start:end]
            if not (word.text[:1].isupper() and word[0].is_alpha) and not _MODEL_SHAPE.fullmatch(word.text):
                break
            items.append((start, end))
            k = start
            if k > 0 and doc[k - 1].lower_ in (",", "and", "or"):
                k -= 1
                if k > 0 and doc[k].lower_ in ("and", "or") and doc[k - 1].text == ",":
                    k -= 1
            else:
                break
        if len(items) < 2 or not any(at.get(a) is not None and at[a].label == "WEAPON_SYSTEM" for a, _ in items):
            continue
        for a, b in items:
            covering = [c for c in out if c.start < b and a < c.end]
            if any(c.label == "WEAPON_SYSTEM" for c in covering):
                continue
            if any(c.label not in _WEAK_NAMES or c.source != "model" for c in covering):
                continue
            system = _Cand(a, b, "WEAPON_SYSTEM", doc[a:b].text, 0, "rule")
            out = sorted([c for c in out if not (c.start < b and a < c.end)] + [system], key=lambda c: c.start)
    return out


#: a word before a system's version number ("Javelin Block 1", "Stinger Mk 2")
_VERSION_HEADS = {"Block", "Mk", "Mk.", "Mark", "Mod", "Increment"}
_VERSION_NUMBER = re.compile(r"\d{1,2}[A-Z]?|[IVX]{1,4}[A-Z]?")


def system_versions(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "Javelin Block 1", "Stinger Block I": a WEAPON_SYSTEM and its version, one system."""
    out = []
    for c in cands:
        e = c.end
        if (
            c.label == "WEAPON_SYSTEM"
            and e + 1 < len(doc)
            and doc[e].text in _VERSION_HEADS
            and _VERSION_NUMBER.fullmatch(doc[e + 1].text)
            and not any(o.start < e + 2 and e < o.end for o in cands if o is not c)
        ):
            c = _Cand(c.start, e + 2, c.label, c.kb_id, c.priority, "rule")
        out.append(c)
    return out
