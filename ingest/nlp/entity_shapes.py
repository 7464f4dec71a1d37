"""Entity rules over word shapes (and the parse, where there is one), for names no list holds.

``custody_entity_ruler`` calls :class:`ShapeRules` for the domain entities that real reporting
names in ever new ways, so no gazetteer can list them:

- ships: a hull prefix ("USS", "HMS", "ITS" ...) or a warship noun ("the frigate", "Coast Guard
  Cutter") before a capitalised name;
- formations: "Joint Task Force Horn", "Task Force 51", "X Command", a service extended by what
  follows it ("Coast Guard Sector Delta Bay", "Naval Forces Central Command"), a nationality
  before a lowercase service ("the Ruritanian army");
- armed groups: a known group extended by "forces/fighters/alliance" or a partner name
  ("Houthi-Saleh forces"), Arabic-style names ("Ansar X", "Jaysh al-X"), "X Brigades",
  "X Liberation Front"; "X Group" that is an office ("Interdiction Group") is an organisation;
- places and crossings: "Port of X" (a port of entry), "Southern District of X", a dateline;
- weapon categories: a class noun with its modifiers ("armored medical treatment vehicles",
  "semi-automatic weapon", "combat parachutes"), which alone ("vehicles", "weapon") would be
  too generic;
- acronym definitions: "Long Name (ACR)" or "Long Name, or ACR" where one side is a known
  weapon system: the other side is the same system.

Each rule starts from a matcher hit or a known head word, so the cost is per hit, not per token.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

__all__ = ["ShapeRules", "acronym_matches", "is_nationality"]

_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my"}
_FUNCTION = {"of", "and", "the", "for", "on", "in", "to", "&", "de", "la", "del", "des", "du"}
_NATIONALITY_SUFFIX = re.compile(r"(?:an|ian|ean|i|ese|ish|ch|ic|ss)$")
_ARABIC_ARTICLES = {"al", "ash", "as", "ad", "an", "ar", "at", "az", "el", "ul"}
_DASHES = {"-", "–", "—"}


def is_nationality(tok: Any, countries: set[str]) -> bool:
    """ "Ruritanian", "Yemeni", "French": a nationality adjective (by the model, else by shape)."""
    if tok.ent_type_ == "NORP":
        return True
    if not tok.is_title or tok.text in countries:
        return False
    if tok.doc.has_annotation("TAG") and tok.tag_ not in ("JJ", "NNP", "NNPS"):
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
        self.group_nouns = {w.lower() for w in shapes.get("armed_group_nouns", [])}
        self.office_words = set(shapes.get("office_words", []))
        self.unit_group_words = set(shapes.get("unit_group_words", []))
        self.extension_words = set(shapes.get("service_extension_words", []))
        self.matcher = Matcher(vocab)
        title: dict[str, Any] = {"IS_TITLE": True, "LOWER": {"NOT_IN": sorted(_DETERMINERS | _FUNCTION)}}
        name_tok: dict[str, Any] = {**title, "OP": "{1,3}"}
        self.matcher.add("SHIP_PREFIX", [[{"TEXT": {"IN": shapes.get("ship_prefixes", [])}}, name_tok]])
        ship_nouns = [n.split(" ") for n in shapes.get("ship_nouns", [])]
        self.matcher.add("SHIP_NOUN", [[*({"LOWER": w} for w in noun), name_tok] for noun in ship_nouns])
        self.matcher.add(
            "TASK_FORCE",
            [
                [{**title, "OP": "{0,2}"}, {"ORTH": "Task"}, {"ORTH": "Force"}, {"LIKE_NUM": True}],
                [{**title, "OP": "{0,2}"}, {"ORTH": "Task"}, {"ORTH": "Force"}, name_tok],
                [{"TEXT": {"REGEX": r"^(?:CTF|JTF|CJTF|TF)-?\d{1,4}$"}}],
                [{"TEXT": {"IN": ["CTF", "JTF", "CJTF"]}}, {"ORTH": "-", "OP": "?"}, {"LIKE_NUM": True}],
            ],
        )
        self.matcher.add("COMMAND", [[{**title, "OP": "{1,4}"}, {"ORTH": "Command"}]])
        self.matcher.add(
            "DISTRICT",
            [
                [
                    {"TEXT": {"IN": ["Northern", "Southern", "Eastern", "Western", "Middle", "Central"]}, "OP": "?"},
                    {"ORTH": "District"},
                    {"LOWER": "of"},
                    name_tok,
                ]
            ],
        )
        self.matcher.add(
            "PORT_OF",
            [
                [{"LOWER": "port"}, {"LOWER": "of"}, {**title, "OP": "{1,2}"}],
                [{**title, "OP": "{1,2}"}, {"LOWER": {"IN": ["port", "seaport"]}}],
            ],
        )
        vessel_nouns = shapes.get("vessel_nouns", [])
        self.matcher.add(
            "VESSEL",
            [
                [
                    {"LOWER": {"IN": [v for v in vessel_nouns if v.islower()]}},
                    {"LOWER": {"IN": ["named", "called"]}, "OP": "?"},
                    name_tok,
                ],
                [{"ORTH": {"IN": [v for v in vessel_nouns if not v.islower()]}}, name_tok],
            ],
        )
        self.matcher.add(
            "CARTEL", [[{"ORTH": {"IN": ["Cartel", "Cártel"]}}, {"LOWER": {"IN": ["de", "del"]}, "OP": "?"}, name_tok]]
        )
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
        self.matcher.add(
            "COURT",
            [
                [{"TEXT": {"IN": court_words}, "OP": "{1,3}"}, {"ORTH": "Court"}],
                [
                    {"TEXT": {"IN": court_words}, "OP": "{1,3}"},
                    {"ORTH": "Court"},
                    {"LOWER": {"IN": ["for", "of"]}},
                    {"LOWER": "the", "OP": "?"},
                    {**title, "OP": "{1,2}"},
                    {"LOWER": "of", "OP": "?"},
                    {**title, "OP": "{0,2}"},
                ],
            ],
        )
        self.matcher.add("POST", [[{"ORTH": {"IN": ["Fort", "Camp"]}}, {**title, "OP": "{1,2}"}]])
        self.matcher.add(
            "AFFILIATE",
            [
                [
                    {"TEXT": {"IN": sorted(self.armed_group_names)}},
                    {"ORTH": {"IN": ["-", "–"]}},
                    {"TEXT": {"IN": sorted(self.countries)}},
                ],
                [
                    {"LOWER": "islamic"},
                    {"LOWER": "state"},
                    {"LOWER": "in"},
                    {"LOWER": "the", "OP": "?"},
                    {**title, "OP": "{1,3}"},
                ],
                [
                    {"LOWER": {"IN": ["al", "ul"]}},
                    {"ORTH": "-"},
                    {"LOWER": {"IN": ["qaeda", "qaida"]}},
                    {"LOWER": "in"},
                    {"LOWER": "the", "OP": "?"},
                    {**title, "OP": "{1,3}"},
                ],
            ],
        )
        self.matcher.add(
            "PATTERN_OF",
            [
                [
                    {"TEXT": {"REGEX": r"^[A-Z][A-Za-z0-9]{1,5}$"}},
                    {"ORTH": "-"},
                    {"LOWER": {"IN": ["pattern", "type", "style", "series"]}},
                ]
            ],
        )
        arabic = shapes.get("arabic_group_prefixes", [])
        self.matcher.add("ARABIC_GROUP", [[{"TEXT": {"IN": arabic}}]])
        group_tails = [t.split(" ") for t in shapes.get("armed_group_title_heads", [])]
        self.matcher.add(
            "GROUP_TAIL",
            [
                [{**title, "TEXT": {"NOT_IN": ["The"]}, "OP": "{1,4}"}, *({"ORTH": w} for w in tail)]
                for tail in group_tails
            ],
        )
        self.matcher.add(
            "POSS_OFFICE", [[{**title, "OP": "{1,3}"}, {"ORTH": {"IN": ["'s", "’s"]}}, {"ORTH": "Office"}]]
        )
        self.matcher.add(
            "POLICE",
            [[{"ORTH": "Police"}], [{"ORTH": {"IN": ["National", "Border", "Federal", "State"]}}, {"ORTH": "Police"}]],
        )
        self.service_lower = PhraseMatcher(vocab, attr="LOWER")
        self.service_lower.add("SERVICE", [make(s) for s in shapes.get("lowercase_services", [])])
        self.state_services = {w.lower() for w in shapes.get("state_services", [])}
        # weapon categories: a class noun and its modifiers
        cat = weapons.get("modified_heads", {})
        self.cat_heads = PhraseMatcher(vocab, attr="LOWER")
        self.cat_heads.add("HEAD", [make(h) for h in cat.get("heads", [])])
        self.cat_modifiers = {m.lower() for m in cat.get("modifiers", [])}
        self.after_of_calibre = re.compile(
            r"\b(?:rounds|cartridges|boxes|calibre|caliber) of (?P<cal>(?:\.\d{2,3}|\d{1,2}(?:\.\d{1,2})?)\s?-?\s?"
            r"(?:mm|MM|millimeter|millimetre|caliber|calibre|cal\.?))(?![\w])",
        )

    # ------------------------------------------------------------------
    def find(self, doc: Doc) -> Iterator[Span]:
        for match_id, start, end in self.matcher(doc):
            rule = doc.vocab.strings[match_id]
            span = self._from_match(doc, rule, start, end)
            if span is not None:
                yield span
                if rule.startswith("SHIP") and _is_hull_number(doc, span.end):
                    yield Span(doc, span.end, span.end + 4, label="GENERIC")  # "(DDG 99)"
        yield from self._services(doc)
        yield from self._categories(doc)
        for m in self.after_of_calibre.finditer(doc.text):
            span = doc.char_span(m.start("cal"), m.end("cal"), label="WEAPON_CATEGORY", alignment_mode="expand")
            if span is not None:
                yield span

    def _from_match(self, doc: Doc, rule: str, start: int, end: int) -> Span | None:
        if rule == "SHIP_PREFIX":
            return Span(doc, start, end, label="MILITARY_UNIT")
        if rule == "SHIP_NOUN":
            first = start
            while first < end and doc[first].is_lower:
                first += 1  # "the frigate Aurora": the name; "Coast Guard Cutter Aurora": all of it
            left = start
            while left > 0 and start - left < 3 and doc[left - 1].is_title and doc[left - 1].lower_ not in _DETERMINERS:
                left -= 1
            return Span(doc, left if first == start else first, end, label="MILITARY_UNIT")
        if rule in ("TASK_FORCE", "COMMAND"):
            if doc[start].lower_ in _DETERMINERS:
                return None
            return Span(doc, start, end, label="MILITARY_UNIT")
        if rule == "DISTRICT":
            return Span(doc, start, end, label="PLACE_PATTERN")
        if rule == "PORT_OF":
            if doc[start].is_sent_start and doc[start].lower_ != "port" and end - start > 2:
                start += 1
            if doc[end - 1].lower_ in ("port", "seaport") and (
                doc[start].text in self.countries or doc[start].ent_type_ == "NORP"
            ):
                return None  # "a Somali port"
            return Span(doc, start, end, label="BORDER_CROSSING", kb_id=doc[start:end].text)
        if rule == "VESSEL":
            # a merchant ship's or a dhow's name: no label of the corpus, and no person or company
            first = start + 1
            while first < end and doc[first].lower_ in ("named", "called"):
                first += 1
            return Span(doc, first, end, label="GENERIC")
        if rule == "CARTEL":
            return Span(doc, start, end, label="ARMED_GROUP")
        if rule == "COURT":
            while end > start and doc[end - 1].lower_ == "of":
                end -= 1
            while start > 0 and doc[start - 1].is_title and doc[start - 1].lower_ not in _DETERMINERS | _FUNCTION:
                start -= 1  # "Northgate Crown Court"
            return Span(doc, start, end, label="ORGANIZATION_PATTERN")
        if rule == "POST":
            return Span(doc, start, end, label="PLACE_PATTERN")
        if rule == "AFFILIATE":
            return Span(doc, start, end, label="ARMED_GROUP")
        if rule == "PATTERN_OF":
            if doc[start].text in self.countries or doc[start].text in self.armed_group_names:
                return None
            return Span(doc, start, start + 1, label="WEAPON_SYSTEM", kb_id=doc[start].text)
        if rule == "ARABIC_GROUP":
            return self._arabic_group(doc, start)
        if rule == "GROUP_TAIL":
            if start > 0 and doc[start - 1].like_num:
                return None
            if doc[start].text.lower().endswith(("st", "nd", "rd", "th")) and doc[start].text[:1].isdigit():
                return None
            return Span(doc, start, end, label="ARMED_GROUP")
        if rule == "POSS_OFFICE":
            return Span(doc, start, end, label="ORGANIZATION_PATTERN")
        if rule == "POLICE":
            if start > 0 and is_nationality(doc[start - 1], self.countries):
                return Span(doc, start - 1, end, label="ORGANIZATION_PATTERN")
            return None
        return None

    def _arabic_group(self, doc: Doc, start: int) -> Span | None:
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

    def _services(self, doc: Doc) -> Iterator[Span]:
        """ "the Ruritanian army", "Houthi forces", "Houthi-Saleh forces", "Houthi and Saleh forces":
        a nationality (a state's service) or a known armed group, alone or with a partner, before
        a lowercase service noun."""
        for _, start, end in self.service_lower(doc):
            if start == 0 or not doc[start].is_lower:
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
            elif (
                left == start - 1
                and doc[start:end].text.lower() in self.state_services
                and is_nationality(doc[left], self.countries)
            ):
                yield Span(doc, left, end, label="MILITARY_UNIT")

    def _categories(self, doc: Doc) -> Iterator[Span]:
        """A class noun with at least one category modifier before it; hyphenated modifiers are
        three tokens ("semi", "-", "automatic")."""
        parsed = doc.has_annotation("TAG")
        for _, start, end in self.cat_heads(doc):
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
                modifier = word.lower() in self.cat_modifiers
                if not modifier and not (parsed and (j < k - 1 or doc[j].tag_ in ("NN", "JJ"))):
                    break
                units.append((j, modifier))
                k = j
            while units and not units[-1][1]:
                units.pop()  # words before the first modifier that no list knows
            if units:
                yield Span(doc, units[-1][0], end, label="WEAPON_CATEGORY")
