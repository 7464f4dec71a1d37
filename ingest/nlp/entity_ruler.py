"""``custody_entity_ruler``: the domain's own entity patterns.

It does not touch ``doc.ents``. It writes what it finds to ``doc.spans["custody_domain"]``
(label = corpus label, ``kb_id_`` = canonical name where there is one, e.g. "FGM-148 Javelin" for
"Javelin", or the full name of a border crossing), and ``custody_entity_resolver`` later merges
these with the statistical model's entities. Keeping the two apart lets each be tested alone.

Patterns are data (``patterns/*.json`` under versioned registry names); this module only knows
how to turn each kind of data into spaCy matchers:

- phrase lists (weapon systems by ORTH, categories by LOWER with plurals, gazetteers of armed
  groups, organisations, military formations, countries, places, border crossings);
- token patterns built from head-word lists (ordinal units, forces, depots, "X group",
  "X crossing point");
- regular expressions over the text for identifiers (serials, lots, NSNs), calibres and dates,
  which the tokenizer splits unpredictably ("LOT-556-2023-07", "5.56mm");
- shapes: names no list holds, for ships, formations, groups, posts and ports
  (``entity_shapes``) and for weapon models (``entity_models``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from . import extensions  # noqa: F401  (registers the Doc extensions)
from .entity_identifiers import IdentifierRules
from .entity_layout import dateline_places
from .entity_models import STOP_WORDS as _STOP_WORDS
from .entity_models import ModelRules
from .entity_shapes import ShapeRules
from .entity_words import is_nationality

__all__ = ["DOMAIN_SPANS_KEY", "STRONG_LABELS", "CustodyEntityRuler", "make_entity_ruler"]

DOMAIN_SPANS_KEY = "custody_domain"
#: Labels whose patterns know better than the statistical model: they override any overlapping
#: model entity. The others (countries, gazetteer places and organisations, dates) only
#: override model entities they are not strictly inside ("Jordan" in "Jordan Cohen" stays a name).
STRONG_LABELS = frozenset(
    {
        "WEAPON_SYSTEM",
        "WEAPON_CATEGORY",
        "SERIAL_NUMBER",
        "NSN",
        "MILITARY_UNIT",
        "ARMED_GROUP",
        "DEPOT",
        "BORDER_CROSSING",
        "PLACE_PATTERN",
        "PERSON_PATTERN",
        "ORGANIZATION_PATTERN",
        "GENERIC",
    }
)
#: Among overlapping domain matches of the same length, the higher priority wins.
PRIORITY = {
    "SERIAL_NUMBER": 9,
    "NSN": 9,
    "BORDER_CROSSING": 8,
    "ARMED_GROUP": 8,
    "MILITARY_UNIT": 7,
    "DEPOT": 7,
    "WEAPON_SYSTEM": 6,
    "WEAPON_CATEGORY": 5,
    "PLACE_PATTERN": 5,
    "ORGANIZATION_PATTERN": 5,
    "ORGANIZATION": 4,
    "COUNTRY": 3,
    "PLACE": 3,
    "PERSON_PATTERN": 3,
    "DATE": 2,
    "GENERIC": 1,
}

_DASHES = ["–", "-", "—"]
_FORCE_PREFIXES = {"US", "U.S.", "UK", "EU", "NATO"}
_ALIAS_CODE = re.compile(r"([A-Z]{1,4})-?(\d{1,4}[A-Z]?\d?)")
#: An ordinal ("3rd", "101st"), which every unit pattern but the numbered formation's begins with.
_ORDINAL = r"^\d{1,4}(?:st|nd|rd|th)$"
#: Text without this has no ordinal token (see CustodyEntityRuler._token_matches).
_MAY_HAVE_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")
#: Words of which a pattern group needs one token (exact text): a text without any cannot match it.
_Gate = tuple[str, ...]
#: The heads of numbered formations ("Border Guard Detachment 9", "Military Unit 3057").
FORMATION_HEADS = ["Detachment", "Brigade", "Battalion", "Unit", "Regiment", "Company", "Squadron"]
_DEPOT_IDENT = re.compile(r"[A-Z]{1,3}-?\d{1,4}|[A-Z][a-z]+|\d{1,4}")
#: A service's investigators, auditors and inspectors are an agency, not a formation.
_INVESTIGATIVE = {"criminal", "investigation", "investigations", "investigative", "audit", "inspector", "inspectorate"}
_DETERMINERS = ["the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "my"]


def _plural(term: str) -> str:
    head = term.split(" ")[-1]
    if head.isupper() or head.lower().endswith(("ammunition", "ammo", "materiel", "s")):
        plural = head + "s" if head.isupper() else head
    elif head.endswith(("x", "ch", "sh")):
        plural = head + "es"
    elif head.endswith("y") and head[-2:-1] not in "aeiou":
        plural = head[:-1] + "ies"
    else:
        plural = head + "s"
    return " ".join([*term.split(" ")[:-1], plural])


def _hyphened(term: str, space: int) -> str:
    return term[:space] + "-" + term[space + 1 :]


class CustodyEntityRuler:
    """Finds domain entities and stores them in ``doc.spans[spans_key]``."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        weapon_patterns: dict[str, Any],
        actor_patterns: dict[str, Any],
        place_patterns: dict[str, Any],
        spans_key: str = DOMAIN_SPANS_KEY,
        serial_min_digits: int = 4,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.serial_min_digits = serial_min_digits
        self.data: dict[str, dict[str, Any]] = {
            "weapons": weapon_patterns,
            "actors": actor_patterns,
            "places": place_patterns,
        }
        self._build()

    # ------------------------------------------------------------------ building the matchers
    def _build(self) -> None:
        vocab = self.nlp.vocab
        weapons, actors, places = self.data["weapons"], self.data["actors"], self.data["places"]
        self.system_by_alias: dict[str, str] = {}
        self.orth = PhraseMatcher(vocab, attr="ORTH")
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.matcher = Matcher(vocab)
        # the token patterns as added, each with the group it belongs to (see _token_matches)
        self._token_patterns: list[tuple[str, list[tuple[str, list[dict[str, Any]]]]]] = []
        self._gated: dict[frozenset[str], Matcher] = {}
        make = self.nlp.make_doc

        def add_orth(label: str, texts: Iterable[str]) -> None:
            docs = [make(t) for t in sorted(set(texts)) if t.strip()]
            if docs:
                self.orth.add(label, docs)

        systems = weapons.get("systems", [])
        for system in systems:
            for alias in system["aliases"]:
                code = _ALIAS_CODE.fullmatch(alias)
                # "M16" is also written "M-16", "AK-47" also "AK47"
                variants = [alias, f"{code[1]}-{code[2]}", f"{code[1]}{code[2]}"] if code else [alias]
                self.system_by_alias[alias] = system["name"]
                self.system_by_alias[alias + "s"] = system["name"]
                for variant in variants[1:]:
                    self.system_by_alias.setdefault(variant, system["name"])
                    self.system_by_alias.setdefault(variant + "s", system["name"])
        add_orth("WEAPON_SYSTEM", self.system_by_alias)
        terms = list(weapons.get("terms", []))
        # ... and the terms listed by class of materiel (explosives, parts, optics, protective gear ...)
        terms += [t for name, ts in weapons.get("term_classes", {}).items() if name != "about" for t in ts]
        # "rocket propelled grenades" is written without its hyphen as often as with it
        terms += [t.replace("-", " ") for t in terms if "-" in t and t.replace("-", " ") not in terms]
        # ... and an open compound is also written with a hyphen: "machine-guns", "grenade-launcher"
        terms += [_hyphened(t, i) for t in terms for i, c in enumerate(t) if c == " " and t[:1].islower()]
        self.lower.add("WEAPON_CATEGORY", [make(t) for t in sorted({*terms, *map(_plural, terms)})])
        self.lower.add(
            "GENERIC", [make(t) for t in sorted(set(weapons.get("generic", [])) | {"think tank", "think tanks"})]
        )

        groups = list(actors.get("armed_groups", []))
        # "al-Shabaab" is also written "al Shabaab" and "Al Shabaab"
        groups += [
            variant
            for g in groups
            if re.match(r"[Aa]l-", g)
            for variant in (g[:2] + " " + g[3:], "Al " + g[3:], "al " + g[3:])
        ]
        # ... and "Al-shabaab", "AL-SHABAAB": a hyphenated name in other capitals
        groups += [v for g in groups if "-" in g and " " not in g for v in (g[:1].upper() + g[1:].lower(), g.upper())]
        add_orth("ARMED_GROUP", groups)
        add_orth("ORGANIZATION", actors.get("organizations", []))
        add_orth("MILITARY_UNIT", actors.get("military_units", []))
        add_orth("COUNTRY", places.get("countries", []))
        add_orth("PLACE", places.get("places", []))

        self.crossing_by_text: dict[str, str] = {}
        for crossing in places.get("border_crossings", []):
            halves = list(crossing.get("halves", []))
            cities = list(crossing.get("city_halves", []))
            name = crossing["name"]
            self.crossing_by_text[name] = name
            for variant in self._dash_variants(name):
                self.crossing_by_text[variant] = name
            for half in halves:
                self.crossing_by_text[half] = name
            for half in [*halves, *cities]:
                self.crossing_by_text.setdefault(f"@{half}", name)  # a half that needs a cue
        add_orth("BORDER_CROSSING", [t for t in self.crossing_by_text if not t.startswith("@")])
        self.crossing_cue_halves = PhraseMatcher(vocab, attr="ORTH")
        cue_halves = [t[1:] for t in self.crossing_by_text if t.startswith("@")]
        if cue_halves:
            self.crossing_cue_halves.add("HALF", [make(t) for t in sorted(set(cue_halves))])
        self.crossing_cues = PhraseMatcher(vocab, attr="LOWER")
        self.crossing_cues.add("CUE", [make(t) for t in places.get("crossing_cues", [])])

        self._add_token_patterns(actors, places)
        self.identifiers = IdentifierRules(weapons, self.system_by_alias, self.serial_min_digits)
        self.shapes = ShapeRules(self.nlp, actors, places, weapons)
        self._tagged = False
        shapes = actors.get("shapes", {})
        self.office_words = set(shapes.get("office_words", []))
        self.unit_group_words = set(shapes.get("unit_group_words", []))
        self.extension_words = set(shapes.get("service_extension_words", []))
        self.force_members = set(shapes.get("service_members", []))
        self.armed_group_names = set(groups)
        self.ship_nouns = {n.split(" ")[-1] for n in shapes.get("ship_nouns", [])}
        self.countries = set(places.get("countries", []))
        self.known_names = (
            self.countries
            | self.armed_group_names
            | set(actors.get("organizations", []))
            | set(places.get("places", []))
        )
        self.not_places = self.known_names - set(places.get("places", []))
        self.models = ModelRules(self.system_by_alias, self.known_names, self.countries)

    @staticmethod
    def _dash_variants(name: str) -> list[str]:
        if "–" not in name:
            return [name]
        left, right = name.split("–", 1)
        out = []
        for dash in _DASHES:
            out.append(f"{left}{dash}{right}")
            out.append(f"{left} {dash} {right}")
        return out

    def _add_token_patterns(self, actors: dict[str, Any], places: dict[str, Any]) -> None:
        Pattern = list[dict[str, Any]]
        ordinal: dict[str, Any] = {"TEXT": {"REGEX": _ORDINAL}}
        heads = [h for h in actors.get("unit_heads", []) if " " not in h]
        multi_heads = [h.split(" ") for h in actors.get("unit_heads", []) if " " in h]
        title_run: dict[str, Any] = {"IS_TITLE": True, "LOWER": {"NOT_IN": _DETERMINERS}, "OP": "{0,4}"}
        unit_variants: list[Pattern] = [
            [ordinal, title_run, {"TEXT": {"IN": heads}}],
            [ordinal, {"LOWER": {"IN": actors.get("unit_head_lower", [])}}],
            *[[ordinal, title_run, *[{"TEXT": w} for w in mh]] for mh in multi_heads],
        ]
        # a nickname in brackets or quotes inside the name: "71st Infantry (TALON) Brigade"
        nickname: Pattern = [
            {"ORTH": {"IN": ["(", "“", '"']}},
            {"TEXT": {"REGEX": r"^[A-Z][A-Za-z-]+$"}},
            {"ORTH": {"IN": [")", "”", '"']}},
        ]
        unit_variants.append([ordinal, title_run, *nickname, title_run, {"TEXT": {"IN": heads}}])
        unit_patterns = list(unit_variants)
        for first in unit_variants:
            for second in unit_variants:
                unit_patterns.append([*first, {"ORTH": ","}, *second])
                # "1st Battalion of the 8th Infantry Regiment"
                unit_patterns.append([*first, {"LOWER": "of"}, {"LOWER": "the", "OP": "?"}, *second])
        # numbered formations: "Border Guard Detachment 9", "Military Unit 3057"
        unit_patterns.append(
            [
                {"IS_TITLE": True, "LOWER": {"NOT_IN": _DETERMINERS}, "OP": "{1,3}"},
                {"TEXT": {"IN": FORMATION_HEADS}},
                {"TEXT": {"REGEX": r"^(?:[A-Z]?\d{1,5}|[A-Z])$"}},
            ]
        )
        # a bare number in the British style: "31 Signal Regiment", "3 Commando Brigade"
        unit_patterns.append(
            [
                {"TEXT": {"REGEX": r"^\d{1,3}$"}},
                {"IS_TITLE": True, "LOWER": {"NOT_IN": _DETERMINERS}, "OP": "{1,3}"},
                {"TEXT": {"IN": FORMATION_HEADS}},
            ]
        )
        add = self._add_token_pattern
        add("MILITARY_UNIT", unit_patterns, "formation")
        # forces and services ("Ukrainian Armed Forces", "US Army", "National Guard of Ukraine"):
        # anchored on the head words, extended in code (cheaper than optional-token patterns)
        make = self.nlp.make_doc
        self.force_heads = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.force_heads.add("FORCE", [make(h) for h in actors.get("force_heads", [])])

        group_heads = actors.get("armed_group_heads", [])
        stop = [*actors.get("armed_group_stop", []), "The", "A", "An", "This", "That", "Its", "Their"]
        add(
            "ARMED_GROUP",
            [[{"IS_TITLE": True, "TEXT": {"NOT_IN": stop}, "OP": "{1,3}"}, {"TEXT": {"IN": group_heads}}]],
            "group",
        )

        # depots: "Depot L-3", "Forward Base Kilo" (a head and an identifier) and "Toropets ammunition
        # depot", "Ramstein Air Base" (a name, modifiers and a head)
        self.depot_title_heads = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.depot_title_heads.add("HEAD", [make(h) for h in places.get("depot_heads", [])])
        self.depot_lower_heads = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.depot_lower_heads.add("HEAD", [make(h) for h in places.get("depot_heads_lower", [])])
        self.depot_modifiers = {m.lower() for m in places.get("depot_modifiers_lower", [])}

        place_heads = places.get("place_heads", {})
        if place_heads:
            add(
                "PLACE_PATTERN",
                [[{"TEXT": {"IN": place_heads.get("before_id", [])}}, {"TEXT": {"REGEX": place_heads["id_pattern"]}}]],
                "place",
            )
        # "the Palanca crossing point", "the DeVarga crossing": the name before a crossing cue
        add(
            "CROSSING_NAME",
            [
                [
                    {
                        "TEXT": {"REGEX": r"^[A-Z][a-z]+(?:[A-Z][a-z]+)*$"},
                        "LOWER": {"NOT_IN": [*_DETERMINERS, "at", "in", "on", "from", "to", "border"]},
                        "OP": "{1,3}",
                    }
                ]
            ],
            "crossing",
        )
        # "Trump-era": a name before "-era" is a person
        add("ERA_NAME", [[{"IS_TITLE": True}, {"ORTH": "-"}, {"LOWER": "era"}]], "era")
        self._gates: dict[str, _Gate] = {
            "formation": tuple(FORMATION_HEADS),
            "group": tuple(group_heads),
            "place": tuple(place_heads.get("before_id", [])) if place_heads else (),
        }

    def _add_token_pattern(self, label: str, patterns: list[list[dict[str, Any]]], group: str) -> None:
        """Add ``patterns`` to the matcher; ``group`` names the condition without which the text
        cannot match them ("ordinal" for those an ordinal leads; else see :meth:`_groups_in`)."""
        self.matcher.add(label, patterns)
        self._token_patterns.append(
            (label, [("ordinal" if p[0] == {"TEXT": {"REGEX": _ORDINAL}} else group, p) for p in patterns])
        )

    def _groups_in(self, text: str, cues: bool) -> frozenset[str]:
        """The pattern groups that may match ``text``: each needs a word the text has (a pattern's
        exact-text token is a substring of the text), or a crossing cue for a crossing's name."""
        found = {group for group, words in self._gates.items() if any(w in text for w in words)}
        if _MAY_HAVE_ORDINAL.search(text):
            found.add("ordinal")
        if "era" in text.lower():
            found.add("era")
        if cues:
            found.add("crossing")
        return frozenset(found)

    def _token_matches(self, doc: Doc, text: str, cues: bool = True) -> list[tuple[int, int, int]]:
        """The token patterns' matches that can matter. The matcher checks every pattern at every
        token; a text goes through a matcher of only the pattern groups it may match (built on
        first use), which finds what the full matcher finds of them, in the same order. With
        ``cues`` False the names before crossing cues are not looked for (nothing uses them)."""
        groups = self._groups_in(text, cues)
        if len(groups) == len(self._gates) + 3:
            return self.matcher(doc)
        matcher = self._gated.get(groups)
        if matcher is None:
            matcher = self._gated[groups] = Matcher(self.nlp.vocab)
            for label, patterns in self._token_patterns:
                kept = [p for group, p in patterns if group in groups]
                if kept:
                    matcher.add(label, kept)
        if len(matcher) == 0:
            return []  # no pattern can match (and an empty matcher warns)
        return matcher(doc)

    # ------------------------------------------------------------------ matching
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[self.spans_key] = list(self.find(doc))
        return doc

    def find(self, doc: Doc) -> Iterator[Span]:
        strings = self.nlp.vocab.strings
        text = doc.text  # each of these costs a pass over the Doc: once per Doc
        self._tagged = doc.has_annotation("TAG")
        for match_id, start, end in self.orth(doc):
            label = strings[match_id]
            span = Span(doc, start, end, label=label)
            if label == "WEAPON_SYSTEM":
                yield Span(doc, start, end, label=label, kb_id=self.system_by_alias.get(span.text, ""))
                yield from self.models.system_with_model(doc, start, end)
            elif label == "BORDER_CROSSING":
                yield Span(doc, start, end, label=label, kb_id=self.crossing_by_text.get(span.text, span.text))
            elif label == "ARMED_GROUP" and start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "al":
                continue  # "Abdulmalik al-Houthi": a family name
            else:
                yield span
        category_starts: set[int] = set()
        head_starts: set[int] = set()
        for match_id, start, end in self.lower(doc):
            label = strings[match_id]
            if label == "WEAPON_CATEGORY":
                if end < len(doc) and doc[end].lower_ in self.ship_nouns:
                    continue  # "a guided-missile destroyer": a ship, not a missile
                category_starts.add(start)
            yield Span(doc, start, end, label=label)
        for span in self.shapes.find(doc, text, self._tagged):
            if span.label_ == "WEAPON_CATEGORY":
                category_starts.add(span.start)
            yield span
        for _, start, _end in self.shapes.cat_heads(doc):
            head_starts.add(start)  # "Mig 29 aircraft": a class noun, even where alone too generic to label
        yield from self.models.systems_before_categories(doc, category_starts | head_starts, text, self._tagged)
        yield from self.models.calibre_before_maker(doc, text, self._tagged)
        yield from self.models.maker_with_calibre(doc, text, self._tagged)
        yield from self._token_pattern_spans(doc, text)
        yield from self.identifiers.find(doc, text)
        yield from dateline_places(doc, self.not_places, self.nlp, self.known_names)

    def _token_pattern_spans(self, doc: Doc, text: str) -> Iterator[Span]:
        strings = self.nlp.vocab.strings
        cues = {start: end for _, start, end in self.crossing_cues(doc)}
        cue_halves = [(s, e) for _, s, e in self.crossing_cue_halves(doc)]
        for s, e in cue_halves:
            if e in cues:
                half = doc[s:e].text
                yield Span(doc, s, e, label="BORDER_CROSSING", kb_id=self.crossing_by_text.get("@" + half, half))
        countries = self.countries
        for match_id, start, end in self._token_matches(doc, text, bool(cues)):
            label = strings[match_id]
            if label == "CROSSING_NAME":
                span = doc[start:end]
                # not "a Ruritanian crossing"; a name of two words may be a person's the model took for a nationality
                nationality = len(span) == 1 and span[0].ent_type_ == "NORP"
                if end in cues and span.text not in countries and not nationality:
                    yield Span(doc, start, end, label="BORDER_CROSSING", kb_id=self.crossing_by_text.get(span.text, ""))
                continue
            if label == "ERA_NAME":
                if doc[start].ent_type_ not in ("NORP", "GPE") and doc[start].text not in self.countries:
                    yield Span(doc, start, start + 1, label="PERSON_PATTERN")  # not "Soviet-era"
                continue
            if label == "ARMED_GROUP":
                group = self._classify_group(doc, start, end)
                if group is not None:
                    yield group
                continue
            if label == "MILITARY_UNIT" and start > 0 and doc[start - 1].text in _FORCE_PREFIXES:
                start -= 1  # "U.S. 5th Fleet"
            yield Span(doc, start, end, label=label)
        yield from self._force_spans(doc)
        yield from self._depot_spans(doc)

    def _classify_group(self, doc: Doc, start: int, end: int) -> Span | None:
        """ "Red Falcon group" is an armed group; "Marine Interdiction Group" an office, "Carrier
        Strike Group" a naval formation, a "Balkan cartel" a nickname of a nationality."""
        words = {t.text for t in doc[start:end]}
        if words & self.office_words:
            return Span(doc, start, end, label="ORGANIZATION_PATTERN") if doc[end - 1].is_title else None
        if words & self.unit_group_words and doc[end - 1].is_title:
            return Span(doc, start, end, label="MILITARY_UNIT")
        if is_nationality(doc[start], self.countries, self._tagged) and doc[start].text not in self.armed_group_names:
            return None
        return Span(doc, start, end, label="ARMED_GROUP")

    def _force_spans(self, doc: Doc) -> Iterator[Span]:
        for _, start, end in self.force_heads(doc):
            left = start
            while left > 0 and start - left < 2:
                t = doc[left - 1]
                if t.text in _FORCE_PREFIXES or (t.is_title and t.lower_ not in _STOP_WORDS):
                    left -= 1
                else:
                    break
            if left > 0 and left == start - 2 and doc[left - 1].text in _FORCE_PREFIXES:
                left -= 1  # "U.S. Naval Forces"
            right = end
            # "Coast Guard Sector Delta Bay", "Naval Forces Central Command": a service and what it names
            k = end
            while k < len(doc) and k - end < 5 and doc[k].is_title and doc[k].lower_ not in _STOP_WORDS:
                k += 1
            if k > end and any(t.text in self.extension_words for t in doc[end:k]):
                right = k
            elif end < len(doc) and doc[end].text in self.force_members:
                right = end + 1  # "Navy SEALs": a service's own force
            elif end + 1 < len(doc) and doc[end].lower_ == "of":
                k = end + 1
                if doc[k].lower_ == "the":
                    k += 1
                n = 0
                while k + n < len(doc) and n < 3 and doc[k + n].is_title and doc[k + n].lower_ not in _STOP_WORDS:
                    n += 1
                if n:
                    right = k + n
            if end - start == 1 and left == start and right == end:
                continue  # a bare "Army" or "Navy" is no named formation
            if any(t.lower_ in _INVESTIGATIVE for t in doc[left:right]):
                yield Span(doc, left, right, label="ORGANIZATION_PATTERN")  # "Army Criminal Investigation Division"
                continue
            yield Span(doc, left, right, label="MILITARY_UNIT")

    def _depot_spans(self, doc: Doc) -> Iterator[Span]:
        for _, start, end in self.depot_title_heads(doc):
            if end < len(doc) and _DEPOT_IDENT.fullmatch(doc[end].text):
                left = start
                while (
                    left > 0 and start - left < 2 and doc[left - 1].is_title and doc[left - 1].lower_ not in _STOP_WORDS
                ):
                    left -= 1
                yield Span(doc, left, end + 1, label="DEPOT")
        for _, start, end in self.depot_lower_heads(doc):
            k = start
            while k > 0 and doc[k - 1].lower_ in self.depot_modifiers:
                k -= 1
            name = k
            while name > 0 and k - name < 3 and doc[name - 1].is_title and doc[name - 1].lower_ not in _STOP_WORDS:
                name -= 1
            if name == k:
                continue
            span = Span(doc, name, end, label="DEPOT")
            if not self._national_prefix(span):
                yield span

    @staticmethod
    def _national_prefix(span: Span) -> bool:
        """ "Russian base", "Polish airbase": a nationality and a common noun is no depot name."""
        first = span[0]
        return first.ent_type_ in ("NORP", "GPE") and span[-1].is_lower

    # ------------------------------------------------------------------ serialization
    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for key, value in self.data.items():
            (path / f"{key}.json").write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
        (path / "cfg.json").write_text(json.dumps({"serial_min_digits": self.serial_min_digits}), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> CustodyEntityRuler:
        path = Path(path)
        for key in self.data:
            file = path / f"{key}.json"
            if file.exists():
                self.data[key] = json.loads(file.read_text(encoding="utf-8"))
        cfg = path / "cfg.json"
        if cfg.exists():
            self.serial_min_digits = int(json.loads(cfg.read_text(encoding="utf-8"))["serial_min_digits"])
        self._build()
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return json.dumps({"data": self.data, "serial_min_digits": self.serial_min_digits}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> CustodyEntityRuler:
        loaded = json.loads(data.decode("utf-8"))
        self.data = loaded["data"]
        self.serial_min_digits = loaded["serial_min_digits"]
        self._build()
        return self


@Language.factory(
    "custody_entity_ruler",
    default_config={
        "weapon_patterns": {"@misc": "custody_weapon_patterns.v1"},
        "actor_patterns": {"@misc": "custody_actor_patterns.v1"},
        "place_patterns": {"@misc": "custody_place_patterns.v1"},
        "spans_key": DOMAIN_SPANS_KEY,
        "serial_min_digits": 4,
    },
)
def make_entity_ruler(
    nlp: Language,
    name: str,
    weapon_patterns: dict[str, Any],
    actor_patterns: dict[str, Any],
    place_patterns: dict[str, Any],
    spans_key: str,
    serial_min_digits: int,
) -> CustodyEntityRuler:
    return CustodyEntityRuler(
        nlp,
        name,
        weapon_patterns=weapon_patterns,
        actor_patterns=actor_patterns,
        place_patterns=place_patterns,
        spans_key=spans_key,
        serial_min_digits=serial_min_digits,
    )
