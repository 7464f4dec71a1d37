"""Entity rules over word shapes (and the parse, where there is one), for names no list holds.

``custody_entity_ruler`` calls :class:`ShapeRules` for the domain entities that real reporting
names in ever new ways, so no gazetteer can list them:

- ships: a hull prefix ("USS", "HMS", "ITS" ...) or a warship noun ("the frigate", "Coast Guard
  Cutter") before a capitalised name;
- formations: "Joint Task Force Horn", "Task Force 51", "X Command", "Operation X" in a naval
  report;
- armed groups: a known group extended by a country ("ISIS-Somalia") or "in X", "fighters of
  X", "X Brigades", "X Cartel"; the names built on a movement's head word, the Arabic-style names
  and the services before which a nationality or a group stands are in ``entity_group_shapes``;
- places and crossings: "Port of X" (a port of entry), "Southern District of X", "Fort X",
  "X Barracks", "the village of X";
- organisations: courts, "X's Office", "X Police", "X police (station)";
- crossings: "X Airport", "X International Mail Facility" (ports of entry);
- weapon categories (``entity_category_shapes``): a class noun with its modifiers, calibres.

The runs of capitalised words the rules extend a hit by are in ``entity_words``. Each rule starts
from a matcher hit or a known head word, so the cost is per hit, not per token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from .entity_category_shapes import CategoryShapes
from .entity_group_shapes import GroupShapes
from .entity_words import (
    _DASHES,
    _DETERMINERS,
    _FUNCTION,
    _caps_word,
    _name_run_right,
    _title_run,
    _title_run_right,
    is_nationality,
)

__all__ = ["NAVAL_WORDS", "ShapeRules"]

# people of a non-state group: "fighters of the X", "militants of X"
_FIGHTER_NOUNS = ("fighters", "militants", "rebels", "insurgents", "combatants", "militiamen")
# the last word of a state force's name, which the unit rules label instead
_STATE_FORCE_HEADS = {"army", "navy", "guard", "force", "forces", "police", "brigade", "battalion",
                      "regiment", "division", "corps", "command", "gendarmerie", "marines"}

_DIRECTIONS = {"Northern", "Southern", "Eastern", "Western", "Middle", "Central"}
_MODEL_PREFIX = re.compile(r"[A-Z][A-Za-z0-9]{1,5}")
# "CENTCOM", "USCENTCOM", "EUCOM", "NAVCENT": unified and component commands by their short names
_COMMAND_CODE = re.compile(r"(?<![\w-])(?:US)?(?:[A-Z]{2,8}COM|[A-Z]{2,5}CENT)(?![\w-])")
_NOT_COMMANDS = {"TELECOM", "DOTCOM", "INTERCOM", "SITCOM", "RECENT", "DESCENT", "PERCENT", "CENT"}
_TASK_FORCE_CODE = re.compile(r"\b(?:CTF|JTF|CJTF|TF)-?\d{1,4}\b")
#: "the International Mail Facility", "the Mail Processing Centre": where post from abroad is checked
_MAIL_HEADS = ("Facility", "Centre", "Center")
_DIRECTIONS_LOWER = {d.lower() for d in _DIRECTIONS}
#: "police" in the languages of European forces' own names ("Poliția Română", "Polizia di Stato")
_POLICE_ABROAD = {
    "Policía",
    "Policia",
    "Polícia",
    "Poliția",
    "Poliţia",
    "Politia",
    "Polizia",
    "Polizei",
    "Politie",
    "Policja",
    "Policie",
    "Policija",
    "Politiet",
    "Polisen",
    "Poliisi",
    "Gardaí",
}
#: the small words inside such a name ("Polizia di Stato", "Policía de Investigaciones")
_NAME_JOINERS = {"di", "de", "del", "della", "do", "da", "der", "des"}
_POLICE_TAILS = {"Force", "Service", "Department", "Agency", "Authority", "Directorate", "Bureau", "Division", "Office"}

#: A report that speaks of ships of war: there an "Operation X" is the naval force of that name
#: ("Operation IRINI seized ..."); a police operation ("Operation KOLUMBI") is no entity.
NAVAL_WORDS = re.compile(
    r"\b(?:[Nn]av(?:y|ies|al)|[Ff]rigates?|[Ww]arships?|[Ff]lagship|[Dd]estroyers?|[Cc]orvettes?|(?:EU)?NAVFOR)\b"
)


def _place_and_state(doc: Doc, comma: int) -> int:
    """Where "Tessel, Velmar," begins before the comma at ``comma`` (a place, then its state or
    country, each set off by a comma), else ``comma + 1``."""
    state = _title_run(doc, comma, 3)
    if state == comma or state < 2 or doc[state - 1].text != ",":
        return comma + 1
    place = _title_run(doc, state - 1, 3)
    return place if place < state - 1 else comma + 1


def _is_hull_number(doc: Doc, i: int) -> bool:
    return (
        i + 3 < len(doc)
        and doc[i].text == "("
        and doc[i + 1].is_upper
        and len(doc[i + 1].text) <= 5
        and doc[i + 2].like_num
        and doc[i + 3].text == ")"
    )


class ShapeRules:
    """Finds entities by shape; built once from the pattern data, run on every Doc."""

    def __init__(self, nlp: Language, actors: dict[str, Any], places: dict[str, Any], weapons: dict[str, Any]) -> None:
        vocab = nlp.vocab
        make = nlp.make_doc
        shapes = actors.get("shapes", {})
        self.countries = set(places.get("countries", []))
        self.armed_group_names = set(actors.get("armed_groups", []))
        self._tagged = False
        # Every rule starts from an anchor word found by a phrase matcher (a hash look-up per
        # token, in C) and is extended in code; patterns that start on "any capitalised word" or
        # on a set of words cost the token matcher a Python call per token and pattern.
        self.anchors = PhraseMatcher(vocab, attr="ORTH")
        self.anchors_lower = PhraseMatcher(vocab, attr="LOWER")

        def anchor(rule: str, words: list[str], lower: bool = False) -> None:
            if words:
                (self.anchors_lower if lower else self.anchors).add(rule, [make(w) for w in sorted(set(words))])

        vessel_nouns = shapes.get("vessel_nouns", [])
        anchor("SHIP_PREFIX", shapes.get("ship_prefixes", []))
        anchor("SHIP_NOUN", shapes.get("ship_nouns", []), lower=True)
        anchor("TASK_FORCE", ["Task Force"])
        anchor("CTF", ["CTF", "JTF", "CJTF"])
        anchor("COMMAND", ["Command"])
        anchor("DISTRICT", ["District"])
        anchor("PORT", ["port", "seaport"], lower=True)
        anchor("PORTS", ["ports of", "seaports of"], lower=True)
        site_words = [h for h in places.get("depot_heads_lower", []) if h.islower()]
        anchor("SITE_AT", [f"{h} {p}" for h in site_words for p in ("at", "in", "near", "outside")], lower=True)
        anchor("VESSEL", [v for v in vessel_nouns if v.islower()], lower=True)
        anchor("VESSEL", [v for v in vessel_nouns if not v.islower()])
        anchor("CARTEL", ["Cartel", "Cártel"])
        court_words = [
            "U.S.",
            "US",
            "Federal",
            "Supreme",
            "High",
            "District",
            "Circuit",
            "Crown",
            "Magistrates",
            "Criminal",
            "Superior",
            "Appeals",
            "Regional",
            "Military",
            "Provincial",
            "Bankruptcy",
            "Special",
        ]
        self.court_words = set(court_words)
        anchor("COURT", ["Court"])
        anchor("POST", ["Fort", "Camp", "Joint Base"])
        anchor("BARRACKS", ["Barracks", "Garrison", "Cantonment"])
        anchor("AFFILIATE", sorted(self.armed_group_names))
        anchor("AFFILIATE_IN", ["Islamic State in", "al-Qaeda in", "al-Qaida in"], lower=True)
        anchor("FIGHTERS_OF", [f"{w} of" for w in _FIGHTER_NOUNS], lower=True)
        anchor("SETTLEMENT_OF", [f"{w} of" for w in ("village", "town", "city", "province", "governorate")], lower=True)
        anchor("PATTERN_OF", ["- pattern", "- type", "- style", "- series"], lower=True)
        anchor("ARABIC_GROUP", shapes.get("arabic_group_prefixes", []))
        anchor("GROUP_TAIL", shapes.get("armed_group_title_heads", []))
        anchor("POSS_OFFICE", ["'s Office", "’s Office"])
        anchor("CLASS", ["- class"], lower=True)
        anchor("MILITANT_HEAD", shapes.get("militant_name_heads", []))
        anchor("POLICE", ["Police"])
        anchor("POLICE_ABROAD", sorted(_POLICE_ABROAD))
        anchor("LOCAL_POLICE", ["police", "police station"])
        anchor("AIRPORT", ["Airport"])
        anchor("MAIL_CENTRE", [f"Mail {p}{h}" for p in ("", "Processing ", "Exchange ") for h in _MAIL_HEADS])
        anchor("OPERATION", ["Operation", "Op"])
        anchor("DOCKS", ["Docks", "Dock"])
        anchor("BRIDGE", ["International Bridge"])
        self.groups = GroupShapes(nlp, actors, places)
        self.categories = CategoryShapes(nlp, weapons, actors)
        #: the class nouns, found by the entity ruler as well
        self.cat_heads = self.categories.heads

    # ------------------------------------------------------------------
    def find(self, doc: Doc, text: str, tagged: bool) -> Iterator[Span]:
        """Entities by shape; ``text`` is ``doc.text`` and ``tagged`` whether the Doc has
        part-of-speech tags (both computed once by the caller: each costs a pass over the Doc)."""
        self._tagged = tagged
        strings = doc.vocab.strings
        hits = [(strings[m], s, e) for m, s, e in self.anchors(doc)]
        hits += [(strings[m], s, e) for m, s, e in self.anchors_lower(doc)]
        naval: bool | None = None
        for rule, start, end in hits:
            if rule == "PORTS":
                yield from self._ports_of(doc, end)
                continue
            if rule == "OPERATION":
                naval = NAVAL_WORDS.search(text) is not None if naval is None else naval
                if naval:
                    yield from self._operation(doc, start, end)
                continue
            span = self._from_match(doc, rule, start, end)
            if span is not None:
                yield span
                if rule.startswith("SHIP") and _is_hull_number(doc, span.end):
                    yield Span(doc, span.end, span.end + 4, label="GENERIC")  # "(DDG 99)"
        yield from self.groups.services(doc, tagged)
        yield from self.categories.classes(doc, tagged)
        for m in _COMMAND_CODE.finditer(text):
            if m.group(0) not in _NOT_COMMANDS:
                span = doc.char_span(m.start(), m.end(), label="MILITARY_UNIT")
                if span is not None:
                    yield span
        yield from self.categories.calibres(doc, text)
        for m in _TASK_FORCE_CODE.finditer(text):
            span = doc.char_span(m.start(), m.end(), label="MILITARY_UNIT")
            if span is not None:
                yield span
        yield from self.categories.calibres_after_of(doc, text)

    def _from_match(self, doc: Doc, rule: str, start: int, end: int) -> Span | None:
        """The entity an anchor at ``doc[start:end]`` starts, if its context makes one."""
        n = len(doc)
        if rule == "SHIP_PREFIX":
            e = _title_run_right(doc, end, 3)
            if e == end and end < n and doc[end].is_upper and doc[end].is_alpha and len(doc[end]) > 2:
                # "ITS GRECALE": a release that writes ships' names in capitals (not a line in capitals)
                e = _name_run_right(doc, end, 3)
                in_caps = (start > 0 and _caps_word(doc[start - 1])) or (e < n and _caps_word(doc[e]))
                if in_caps or doc[end].text == "CODE":
                    e = end
            return Span(doc, start, e, label="MILITARY_UNIT") if e > end else None
        if rule == "SHIP_NOUN":
            e = _title_run_right(doc, end, 3)
            if e == end:
                return None
            if doc[start].is_lower:
                return Span(doc, end, e, label="MILITARY_UNIT")  # "the frigate Aurora": the name
            return Span(doc, _title_run(doc, start, 3), e, label="MILITARY_UNIT")  # "Coast Guard Cutter Aurora"
        if rule == "TASK_FORCE":
            e = end + 1 if end < n and doc[end].like_num else _title_run_right(doc, end, 3)
            left = _title_run(doc, start, 2)
            return Span(doc, left, e, label="MILITARY_UNIT") if e > end or left < start else None
        if rule == "CTF":
            k = end + (end < n and doc[end].text == "-")
            return Span(doc, start, k + 1, label="MILITARY_UNIT") if k < n and doc[k].like_num else None
        if rule == "DISTRICT":
            if end >= n or doc[end].lower_ != "of":
                return None
            e = _title_run_right(doc, end + 1, 3)
            left = start - 1 if start > 0 and doc[start - 1].text in _DIRECTIONS else start
            return Span(doc, left, e, label="PLACE_PATTERN") if e > end + 1 else None
        if rule == "PORT":
            if end + 1 < n and doc[end].lower_ == "of" and doc[end + 1].lower_ == "entry":  # "the Tessel port of entry"
                left = _title_run(doc, start, 3)
                if left == start and start > 0 and doc[start - 1].text == ",":
                    left = _place_and_state(doc, start - 1)  # "the Tessel, Velmar, port of entry"
                if left == start or doc[left:start].text in self.countries:
                    return None
                return Span(doc, left, end + 2, label="BORDER_CROSSING", kb_id=doc[left : end + 2].text)
            if end < n and doc[end].lower_ == "of":  # "the Port of Felmouth"
                e = _title_run_right(doc, end + 1, 2)
                return Span(doc, start, e, label="BORDER_CROSSING", kb_id=doc[start:e].text) if e > end + 1 else None
            left = _title_run(doc, start, 2)  # "Qardho port": the name before the noun
            if left == start:
                return None
            if end < n and doc[end].lower_ in ("city", "town"):  # "the Red Sea port city of X": where it lies
                return Span(doc, left, start, label="PLACE_PATTERN")
            if doc[left].is_sent_start and end - left > 2:
                left += 1
            if doc[left].text in self.countries or doc[left].ent_type_ == "NORP":
                return None  # "a Somali port"
            return Span(doc, left, end, label="BORDER_CROSSING", kb_id=doc[left:end].text)
        if rule == "VESSEL":
            # a merchant ship's or a dhow's name: no label of the corpus, and no person or company
            k = end + (end < n and doc[end].lower_ in ("named", "called"))
            e = _title_run_right(doc, k, 3)
            return Span(doc, k, e, label="GENERIC") if e > k else None
        if rule == "CARTEL":
            k = end + (end < n and doc[end].lower_ in ("de", "del"))
            e = _title_run_right(doc, k, 3)
            return Span(doc, start, e, label="ARMED_GROUP") if e > k else None
        if rule in ("DOCKS", "BRIDGE"):  # "Eastern Docks", "Del Rio International Bridge": ports of entry
            left = _title_run(doc, start, 3)
            if left == start or doc[left:start].text in self.countries:
                return None
            return Span(doc, left, end, label="BORDER_CROSSING", kb_id=doc[left:end].text)
        if rule == "BARRACKS":  # "Wellesley Barracks": a military post
            left = _title_run(doc, start, 2)
            return Span(doc, left, end, label="PLACE_PATTERN") if left < start else None
        if rule == "POST":
            e = _title_run_right(doc, end, 2)
            while e + 1 < n and doc[e].text in _DASHES and not doc[e - 1].whitespace_ and not doc[e].whitespace_:
                if not doc[e + 1].text[:1].isupper():
                    break
                e += 2  # "Joint Base Lewis-McChord"
            return Span(doc, start, e, label="PLACE_PATTERN") if e > end else None
        if rule == "CLASS":  # "a Wasp-class ship": the name of a class of ships, no person or place
            if start == 0 or doc[start - 1].whitespace_ or doc[start].whitespace_ or not doc[start - 1].is_title:
                return None
            return Span(doc, start - 1, end, label="GENERIC")
        if rule == "SITE_AT":  # "the depot at Kostiv": the site's town is a place, whatever else the name could be
            if not doc[start].is_lower:
                return None
            e = _title_run_right(doc, end, 3)
            if e == end or doc[end:e].text in self.countries:
                return None
            return Span(doc, end, e, label="PLACE_PATTERN")
        if rule == "MILITANT_HEAD":
            return self.groups.militant_name(doc, start, end)
        if rule == "AFFILIATE":  # "ISIS-Somalia"
            if end + 1 < n and doc[end].text in _DASHES and doc[end + 1].text in self.countries:
                return Span(doc, start, end + 2, label="ARMED_GROUP")
            return None
        if rule == "AFFILIATE_IN":  # "Islamic State in Somalia"
            k = end + (end < n and doc[end].lower_ == "the")
            e = _title_run_right(doc, k, 3)
            return Span(doc, start, e, label="ARMED_GROUP") if e > k else None
        if rule == "FIGHTERS_OF":  # "fighters of the Amber Hand": the name of their group
            k = end + (end < n and doc[end].lower_ == "the")
            e = _title_run_right(doc, k, 4)
            if e == k or doc[e - 1].lower_ in _STATE_FORCE_HEADS or doc[k].text in self.countries:
                return None  # "soldiers of the Selvanian Army" is a unit, "fighters of Selvania" a place
            return Span(doc, k, e, label="ARMED_GROUP")
        if rule == "SETTLEMENT_OF":  # "the village of Brenno": a place, whatever else the name could be
            if doc[start].is_title:
                return None  # "Town of Kelso Council"-style names are left to the other rules
            e = _title_run_right(doc, end, 3)
            return Span(doc, end, e, label="PLACE_PATTERN") if e > end else None
        if rule == "COMMAND":
            left = _title_run(doc, start, 4)
            return Span(doc, left, end, label="MILITARY_UNIT") if left < start else None
        if rule == "COURT":
            left = start
            while left > 0 and start - left < 3 and doc[left - 1].text in self.court_words:
                left -= 1
            if left == start:
                return None
            start = left
            if end < len(doc) and doc[end].lower_ in ("for", "of"):  # "District Court for the Northern District"
                k = end + 1 + (end + 1 < len(doc) and doc[end + 1].lower_ == "the")
                j = _title_run_right(doc, k, 2)
                if j < len(doc) and j > k and doc[j].lower_ == "of":
                    j = max(j, _title_run_right(doc, j + 1, 2))
                end = j if j > k else end
            while start > 0 and doc[start - 1].is_title and doc[start - 1].lower_ not in _DETERMINERS | _FUNCTION:
                start -= 1  # "Northgate Crown Court"
            return Span(doc, start, end, label="ORGANIZATION_PATTERN")
        if rule == "PATTERN_OF":  # "AK-pattern rifles": the model name before "-pattern"
            prev = doc[start - 1] if start > 0 else None
            if doc[start].whitespace_:
                return None
            if prev is None or prev.whitespace_ or not _MODEL_PREFIX.fullmatch(prev.text):
                return None
            if prev.text in self.countries or prev.text in self.armed_group_names:
                return None
            return Span(doc, start - 1, start, label="WEAPON_SYSTEM", kb_id=prev.text)
        if rule == "ARABIC_GROUP":
            return self.groups.arabic_group(doc, start)
        if rule == "GROUP_TAIL":
            left = _title_run(doc, start, 4, stop={"The"})
            if left == start or (left > 0 and doc[left - 1].like_num):
                return None
            return Span(doc, left, end, label="ARMED_GROUP")
        if rule == "POSS_OFFICE":
            left = _title_run(doc, start, 3)
            return Span(doc, left, end, label="ORGANIZATION_PATTERN") if left < start else None
        if rule == "POLICE":
            if start > 0 and is_nationality(doc[start - 1], self.countries, self._tagged):
                if end < len(doc) and doc[end].text in ("Force", "Service", "Department", "Agency"):
                    end += 1  # "the Ruritanian Police Force"
                return Span(doc, start - 1, end, label="ORGANIZATION_PATTERN")
            left = _title_run(doc, start, 3)
            if left == start or (left == start - 1 and doc[left].is_sent_start):
                return None  # "Police said": no name before it
            if end < len(doc) and doc[end].text in _POLICE_TAILS:
                end += 1  # "Northport Harbour Police Authority"
            if doc[start - 1].text == "Military":  # "the Royal Military Police": a service's own corps
                return Span(doc, left, end, label="MILITARY_UNIT")
            return Span(doc, left, end, label="ORGANIZATION_PATTERN")  # "Merseyside Police"
        if rule == "POLICE_ABROAD":
            # "Poliția Română", "Polizia di Stato", "Policja": a police force named in its own
            # language, which the model takes for a person or a nationality
            e = end
            while e < n and e - end < 4:
                joiner = doc[e].lower_ in _NAME_JOINERS and e + 1 < n and doc[e + 1].is_title
                e2 = _title_run_right(doc, e + joiner, 1)
                if e2 == e + joiner:
                    break
                e = e2
            return Span(doc, start, e, label="ORGANIZATION_PATTERN")
        if rule == "LOCAL_POLICE":  # "Nambol police station", "the Tessar police": a force by its place's name
            if end < n and doc[end].lower_ == "station":
                return None  # the longer anchor reads it
            left = _title_run(doc, start, 3)
            if left == start or doc[left].lower_ in _DIRECTIONS_LOWER:
                return None
            if doc[left].is_sent_start and not (self._tagged and doc[left].pos_ == "PROPN"):
                return None  # "Local police said": a capitalised common word
            if start - left == 1 and is_nationality(doc[left], self.countries, self._tagged):
                return None  # "Iraqi police": the police of a country, no name
            return Span(doc, left, end, label="ORGANIZATION_PATTERN")
        if rule in ("AIRPORT", "MAIL_CENTRE"):
            # "Brisbane Airport", "the Kessel International Mail Facility": where goods enter a
            # country, a port of entry
            left = _title_run(doc, start, 4)
            if left == start or doc[left:start].text in self.countries:
                return None
            return Span(doc, left, end, label="BORDER_CROSSING", kb_id=doc[left:end].text)
        return None

    def _operation(self, doc: Doc, start: int, end: int) -> Iterator[Span]:
        """ "Operation IRINI", "Op Irini", "Operation EUNAVFOR MED IRINI" in a naval report: a force."""
        if doc[start].text == "Op" and end < len(doc) and doc[end].text == ".":
            end += 1
        e = _name_run_right(doc, end, 4)
        if e > end:
            yield Span(doc, start, e, label="MILITARY_UNIT")

    def _ports_of(self, doc: Doc, k: int) -> Iterator[Span]:
        """ "the ports of Salif and Ras Issa": each name in the list is a port."""
        n = len(doc)
        while k < n:
            e = _title_run_right(doc, k, 3)
            if e == k or doc[k].text in self.countries:
                return
            yield Span(doc, k, e, label="BORDER_CROSSING", kb_id=doc[k:e].text)
            k = e
            if k < n and doc[k].text == ",":
                k += 1
            if k < n and doc[k].lower_ in ("and", "or"):
                k += 1
            elif k < n and doc[k - 1].text != ",":
                return
