"""``custody_entity_resolver``: one set of entities in the corpus labels.

It merges the statistical model's entities (``doc.ents``) with the domain matches of
``custody_entity_ruler`` (``doc.spans["custody_domain"]``) and writes the result to ``doc.ents``:

1. model labels are mapped to corpus labels (``entity_model_labels``; ``label_map`` in config.cfg): PERSON, ORG to
   ORGANIZATION (or MILITARY_UNIT / DEPOT by their head word), GPE to COUNTRY or PLACE by the
   country list, LOC to PLACE, FAC to DEPOT or PLACE by its head word; NORP, ORDINAL, PERCENT ...
   are dropped and CARDINAL is kept only as a materiel QUANTITY;
2. domain matches override the model where they know better (weapons, serials, units, groups,
   depots, crossings); gazetteer countries, places and organisations override only model
   entities that do not strictly contain them;
3. the corpus conventions are applied: determiners and titles stripped, generic words dropped,
   relative dates dropped, countries used as modifiers ("U.S. weapons") dropped, numbers kept
   only when they count materiel ("10,000 guns", "64 million rounds", "two ... launchers").
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from .dates import is_calendar_expression
from .entity_base import (
    _APPROX,
    _DATE_LEAD,
    _DETERMINERS,
    _ORG_HEADS,
    _STAFF_NOUNS,
    _Cand,
    _pick_non_overlapping,
)
from .entity_context import context_pass
from .entity_coref import document_pass
from .entity_groups import called_armed_group, listed_groups, named_by_members
from .entity_layout import ADDRESS_NOUNS, common_words, cut_at_gap, heading_lines
from .entity_model_labels import ModelLabels
from .entity_quantities import QuantityFinder
from .entity_ruler import DOMAIN_SPANS_KEY, PRIORITY, STRONG_LABELS
from .entity_words import is_nationality

__all__ = ["CustodyEntityResolver", "make_entity_resolver"]

DEFAULT_LABEL_MAP = {
    "PERSON": "PERSON",
    "ORG": "ORGANIZATION",
    "GPE": "GPE",
    "LOC": "PLACE",
    "FAC": "FAC",
    "DATE": "DATE",
    "MONEY": "MONEY",
    "NORP": "",
    "CARDINAL": "",
    "QUANTITY": "",
    "ORDINAL": "",
    "PERCENT": "",
    "TIME": "",
    "PRODUCT": "",
    "EVENT": "",
    "WORK_OF_ART": "",
    "LAW": "",
    "LANGUAGE": "",
}


class CustodyEntityResolver:
    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        label_map: dict[str, str],
        weapon_patterns: dict[str, Any],
        actor_patterns: dict[str, Any],
        place_patterns: dict[str, Any],
        spans_key: str = DOMAIN_SPANS_KEY,
        drop_modifier_countries: bool = True,
    ) -> None:
        self.name = name
        self.nlp = nlp
        self._common: frozenset[str] | None = None
        self._headings: set[int] = set()
        self._text = ""  # doc.text of the Doc being resolved (each doc.text is a pass over the Doc)
        self._surnames: set[str] = set()
        self.label_map = {**DEFAULT_LABEL_MAP, **label_map}
        self.spans_key = spans_key
        self.drop_modifier_countries = drop_modifier_countries
        self.countries = set(place_patterns.get("countries", []))
        self.actor_nouns = {a.lower() for a in actor_patterns.get("actor_nouns", [])}
        self.titles = sorted((t.split(" ") for t in actor_patterns.get("person_titles", [])), key=len, reverse=True)
        self.title_words = {t[-1] for t in self.titles if t[-1][:1].isupper() and t[-1] not in ("US", "U.S.")}
        rank_words = self.title_words - {"Ukrainian", "Russian", "American", "Former"}
        self.generic = {g.lower() for g in weapon_patterns.get("generic", [])}
        self.quantities = QuantityFinder(weapon_patterns)
        shapes = actor_patterns.get("shapes", {})
        self.group_cues = [c.split(" ") for c in shapes.get("armed_group_cues", [])]
        self.model_labels = ModelLabels(self.label_map, self.countries, self.title_words, rank_words)

    # ------------------------------------------------------------------ the component
    def __call__(self, doc: Doc) -> Doc:
        domain = [
            _Cand(s.start, s.end, s.label_, s.kb_id_, PRIORITY.get(s.label_, 0), "domain")
            for s in doc.spans.get(self.spans_key, [])
        ]
        domain = _pick_non_overlapping(domain)
        if self._common is None:
            self._common = common_words(self.nlp)  # the lemmatizer's tables load after this component is made
        self._text = doc.text
        self._headings = heading_lines(doc, self._text)
        self.model_labels.start(self._text)
        ents = doc.ents  # each read of doc.ents is a pass over the Doc
        self._surnames = {t.lower_ for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}
        model = [c for e in ents for c in self.model_labels.parts(doc, e)]
        domain = [_named_in_full(doc, d, model) for d in domain]
        # a capitalised category word inside a model name ("National Rifle Association", "Centre for
        # the Control of Small Arms and Light Weapons") is part of the name
        domain = [
            d
            for d in domain
            if not (
                d.label == "WEAPON_CATEGORY"
                and all(t.is_title or t.is_upper or t.lower_ == "and" for t in doc[d.start : d.end])
                and any(d.strictly_inside(m) and m.label in ("ORGANIZATION", "FAC", "LAW") for m in model)
            )
        ]
        strong = [d for d in domain if d.label in STRONG_LABELS]
        weak = [d for d in domain if d.label not in STRONG_LABELS]
        strong_tokens = {i for d in strong for i in range(d.start, d.end)}
        weak_at: dict[int, _Cand] = {i: w for w in weak for i in range(w.start, w.end)}
        kept_model: list[_Cand] = []
        swallowed: set[int] = set()
        for m in self.model_labels.outside_strong(doc, model, strong_tokens):
            blocking = {id(weak_at[i]): weak_at[i] for i in range(m.start, m.end) if i in weak_at}
            if blocking and not all(w.strictly_inside(m) for w in blocking.values()):
                continue
            tail = next((w for w in blocking.values() if w.end == m.end and w.label == "ORGANIZATION"), None)
            if (
                tail is not None
                and m.label == "ORGANIZATION"
                and tail.start - m.start >= 2
                and doc[tail.start - 1].lower_ in _ORG_HEADS
            ):
                # "Ruritanian Customs Service Homeland Security Investigations": two names run together
                kept_model.append(_Cand(m.start, tail.start, m.label, "", 0, "model"))
                continue
            place = next((w for w in blocking.values() if w.end == m.end and w.label in ("PLACE", "COUNTRY")), None)
            if (
                place is not None
                and m.label in ("ORGANIZATION", "PERSON")
                and all(t.lower_ in _DIRECTIONS | _DETERMINERS for t in doc[m.start : place.start])
            ):
                m = _Cand(m.start, m.end, "PLACE", "", 0, "model")  # "the Western Balkans": a part of a place
            swallowed.update(blocking)
            kept_model.append(m)
        weak = [w for w in weak if id(w) not in swallowed]
        merged = _pick_non_overlapping([*strong, *weak, *kept_model])
        final: list[_Cand] = []
        for cand in merged:
            cleaned = self._clean(doc, cand)
            if cleaned is not None:
                if cleaned.label in ("ORGANIZATION", "MILITARY_UNIT", "PERSON") and called_armed_group(
                    doc, cleaned, self.group_cues
                ):
                    cleaned = _Cand(cleaned.start, cleaned.end, "ARMED_GROUP", cleaned.kb_id, cleaned.priority, "rule")
                final.append(cleaned)
        final = listed_groups(doc, final, self.group_cues, self._text)
        final = context_pass(doc, final, self._common)
        coref = document_pass(doc, [(c.start, c.end, c.label, c.kb_id) for c in final], self._text)
        coref = named_by_members(doc, coref, self._text)
        final = sorted((_Cand(st, en, lb, kb, 0, "doc") for st, en, lb, kb in coref), key=lambda c: c.start)
        final.extend(self.quantities.find(doc, final))
        final = _pick_non_overlapping(final)
        doc.ents = [Span(doc, c.start, c.end, label=c.label, kb_id=c.kb_id) for c in final]
        return doc

    # ------------------------------------------------------------------ conventions
    def _clean(self, doc: Doc, c: _Cand) -> _Cand | None:
        label = {"PLACE_PATTERN": "PLACE", "PERSON_PATTERN": "PERSON", "ORGANIZATION_PATTERN": "ORGANIZATION"}.get(
            c.label, c.label
        )
        if label in ("GENERIC", "LAW"):
            return None
        start, end = cut_at_gap(doc, c.start, c.end, self._text)
        if c.source == "model" and self._layout_word(doc, start, end, label):
            return None
        while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct or doc[start].is_space):
            start += 1
        while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space or doc[end - 1].lower_ in ("'s", "’s")):
            if label == "COUNTRY" and doc[end - 1].text == ".":  # "U.S." keeps its stop
                break
            end -= 1
        opened = next((i for i in range(start + 1, end) if doc[i].text == "("), None)
        if opened is not None and not any(doc[i].text == ")" for i in range(opened, end)):
            end = opened  # "Amber Legion (AL": the model's span stops inside the acronym's brackets
            while end > start and doc[end - 1].is_space:
                end -= 1
        if label == "MONEY":
            while start < end - 1 and doc[start].lower_ in _APPROX:
                start += 1
            if start > 0 and doc[start - 1].is_currency and doc[start - 1].idx + 1 == doc[start].idx:
                start -= 1  # "$20,000"
            if doc[end - 1].lower_ in ("percent", "%") or (
                doc[end - 1].lower_ == "cent" and end - start >= 2 and doc[end - 2].lower_ == "per"
            ):
                return None  # "85 per cent": a share, which the model took for a sum in cents
        if label == "ORGANIZATION" and c.source == "model":
            cut = next(
                (
                    i
                    for i in range(start + 1, end - 1)
                    if (doc[i].lower_ == "of" and doc[i + 1].is_lower) or doc[i].lower_ in ("at", "near")
                ),
                None,
            )
            if cut is not None:
                end = cut  # "the Committee of deliveries", "Channel at Calais": the name ends before
            if end - start == 1 and doc[start].is_title and len(doc[start].text) > 1:
                return None  # one capitalised word no list or definition knows: a place, ship or person as often

        if label == "PERSON":
            start = self._strip_titles(doc, start, end)
            joined = next((i for i in range(start + 2, end) if doc[i].lower_ == "and"), None)
            if joined is not None:
                end = joined  # "Sgt. Ann Reyes and Staff Sgt. ...": the model ran into the next title
            if (
                end - start == 1
                and end < len(doc)
                and doc[end].is_lower
                and doc[start].lower_ not in self._surnames
                and doc.has_annotation("TAG")
                and is_nationality(doc[start], self.countries, True)
            ):
                return None  # "the Ruritanian registered lorry": a nationality before a common word
            text = doc[start:end].text
            if not text or any(ch.isdigit() for ch in text) or text.islower():
                return None
            if end - start == 1 and (text in self.title_words or text + "." in self.title_words):
                return None  # a rank alone ("Sgt")
        if start >= end:
            return None
        span = doc[start:end]
        text = span.text
        if text.lower() in self.generic:
            return None
        if label == "WEAPON_CATEGORY" and text.lower() in ("magazine", "magazines") and start > 0:
            before = doc[start - 1]
            if before.is_title and before.ent_type_ != "WEAPON_SYSTEM" and not before.is_sent_start:
                return None  # "Foreign Policy magazine": a publication
        if label == "DATE":
            while end - start > 1 and (
                doc[start].lower_ in _DATE_LEAD
                or doc[start].lower_ in _WEEKDAYS
                or (doc[start].lower_ in _DEICTIC_LEAD and any(t.like_num for t in doc[start + 1 : end]))
            ):
                start += 1  # "on Monday 23 June", "last July 14": the day of the week or "last" is no part of the date
            while end - start > 1 and doc[start].text == ",":
                start += 1
            start, end = _calendar_part(doc, start, end)
            span = doc[start:end]
            text = span.text
            if not is_calendar_expression(text):
                return None
            if (
                end - start == 1
                and doc[start].is_digit
                and end < len(doc)
                and doc[end].lower_ in self.quantities.q_ammo_units
                and not (start > 0 and doc[start - 1].lower_ in _DATE_LEAD)
            ):
                return None  # "2088 rounds of ammunition": a count the model took for a year
            if end - start == 1 and _model_year(doc, start) and end < len(doc) and doc[end].is_title:
                return None  # "a 2011 Toyota Hilux": the model year of a vehicle, no date
            if (
                start >= 2
                and doc[start - 1].text == "("
                and (doc[start - 2].like_num or doc[start - 2].is_title)
                and doc[start - 2].lower_ not in _WEEKDAYS  # "on Sunday (6 August)" is the date
            ):
                return None  # "resolution 2140 (2014)": part of a document's name
        if label == "PLACE" and span.end < len(doc) and doc[span.end].text in ("War", "Wars"):
            return None  # "the Persian Gulf War": the place names the war, it is not where anything is
        modifier = label == "COUNTRY" and (self._is_modifier(span) or _short_state_before(span))
        if modifier and self.drop_modifier_countries:
            return None
        if (
            label == "ORGANIZATION"
            and end - start == 1
            and span[0].is_upper
            and self._is_modifier(span)
            and span.root.head.is_lower
            and span.root.head.lower_ not in self.actor_nouns | _STAFF_NOUNS
        ):
            return None  # "the UN arms embargo": an acronym as a modifier ("CBP officers" are CBP acting)
        if label in ("ORGANIZATION", "PERSON") and c.source == "model" and _after_model_year(span):
            return None  # "a 2009 Ford Ranger": a vehicle's make and model, no body nor person
        if label in ("ORGANIZATION", "PLACE") and c.source == "model" and (text.islower() or len(text) < 2):
            return None
        if (
            label == "ORGANIZATION"
            and c.source == "model"
            and start >= 2
            and doc[start - 1].lower_ == "of"
            and doc[start - 2].lower_ in self.quantities.q_weight_units | _MASS_UNITS
        ):
            return None  # "900 grams of Potassium Nitrate": a substance weighed, no organisation
        if (
            label == "ORGANIZATION"
            and end - start == 2
            and doc[start].lower_ in _GENERAL_OFFICES
            and span[1].text == "General"
        ):
            return None  # "the Inspector General", "Attorney General Ann Reyes": an office's holder, no body
        if c.source == "model" and label in ("ORGANIZATION", "PERSON") and text.lower() in self.actor_nouns:
            return None  # "Customs officers", "Police said": a common noun, not a name
        if (
            c.source == "model"
            and label == "ORGANIZATION"
            and end < len(doc)
            and doc[end].text in self.title_words
            and (end - start == 1 or (start > 0 and doc[start - 1].tag_ == "POS"))
            and not (end - start == 1 and len(text) >= 2 and text.isupper())  # "INTERPOL Secretary General X"
        ):
            return None  # "Defense Secretary Lloyd Austin", "the agency's Field Operations Director": a title
        if (
            c.source == "model"
            and label in ("ORGANIZATION", "PERSON")
            and end - start == 1
            and doc[start].is_sent_start
            and doc[start].dep_ == "compound"
            and doc[start].head.is_lower
        ):
            return None  # "House searches were ...": a capitalised common noun at a sentence start
        return _Cand(start, end, label, c.kb_id, c.priority, c.source)

    def _layout_word(self, doc: Doc, start: int, end: int, label: str) -> bool:
        """A heading's common words ("KEY FINDINGS", "I. Introduction") or one capitalised common
        word taken for a person at a sentence start ("Jump was ...") or before a street word
        ("Madison Avenue"): no name."""
        common = self._common or frozenset()
        words = [t for t in doc[start:end] if t.is_alpha]
        if not words:
            return False
        if all(i in self._headings for i in range(start, end)) and all(t.lower_ in common for t in words):
            return True
        if label != "PERSON":
            return False
        if (end < len(doc) and doc[end].lower_.rstrip(".") in ADDRESS_NOUNS) or (
            len(words) == 1 and words[0].lower_ in ADDRESS_NOUNS
        ):
            return True  # "Madison Avenue", "Suite 400": an address
        one = words[0]
        return (
            len(words) == 1
            and one.lower_ in common
            and one.lower_ not in self._surnames
            and (one.is_sent_start or one.i in self._headings)
        )

    def _strip_titles(self, doc: Doc, start: int, end: int) -> int:
        changed = True
        while changed and start < end:
            changed = False
            for title in self.titles:
                n = len(title)
                if end - start > n and [t.text for t in doc[start : start + n]] == title:
                    start += n
                    changed = True
                    break
        return start

    @staticmethod
    def _is_modifier(span: Span) -> bool:
        """ "U.S. weapons", "Ukraine border guards": a country noun used as a modifier is no mention
        of the country. A dashed pair ("the Moldova–Ukraine border") is kept."""
        doc = span.doc
        if not doc[span.start].dep_:
            return False  # no parse
        root = span.root
        before = doc[span.start - 1] if span.start > 0 else None
        after = doc[span.end] if span.end < len(doc) else None
        if (before is not None and before.text in ("–", "-", "—")) or (
            after is not None and after.text in ("–", "-", "—")
        ):
            return False
        return (
            root.dep_ in ("compound", "amod", "nmod")
            and root.head.i >= span.end
            and root.head.pos_ in ("NOUN", "PROPN")
            and not (root.head.is_title and span[0].is_sent_start)  # "United States Files Action": a headline
            and not any(t.tag_ == "POS" for t in doc[span.end : span.end + 1])
        )


def _model_year(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is a year after "a"/"an", as a vehicle's model year is written ("a 2009
    Ford Ranger")."""
    return i > 0 and doc[i].is_digit and len(doc[i].text) == 4 and doc[i - 1].lower_ in ("a", "an")


def _after_model_year(span: Span) -> bool:
    """Whether ``span`` follows a model year: "a 2009 Ford Ranger" (a vehicle)."""
    return _model_year(span.doc, span.start - 1)


#: states written short, which stand before a noun far more often than as one ("U.S. citizen")
_SHORT_STATES = {"US", "U.S.", "UK", "U.K.", "USA", "U.S.A."}


def _short_state_before(span: Span) -> bool:
    """ "a 23-year-old U.S. citizen", "US navy forces": a state written short before a noun or an
    adjective describes what follows, whatever the parser hung it on (not "the U.S. and its
    allies", "the US has", "the UK's")."""
    doc = span.doc
    if span.text not in _SHORT_STATES or span.end >= len(doc) or not doc[span.start].tag_:
        return False
    after = doc[span.end]
    return after.is_alpha and after.pos_ in ("NOUN", "PROPN", "ADJ") and after.tag_ != "POS"


def _named_in_full(doc: Doc, unit: _Cand, model: list[_Cand]) -> _Cand:
    """ "the Tessar Provincial Military Command", "the Velmar National Security and Defense Forces":
    a unit the rules found by its head words, at the end of a longer name the model found, is
    that whole name (the place's or nation's words before it are part of it); a name run on over a
    line break or into a number is no one name."""
    if unit.label != "MILITARY_UNIT":
        return unit
    for m in model:
        if m.end != unit.end or m.start >= unit.start or m.label not in ("ORGANIZATION", "MILITARY_UNIT"):
            continue
        start = m.start
        while start < unit.start and doc[start].lower_ in _DETERMINERS:
            start += 1
        words = doc[start : unit.start]
        if words and words[0].is_title and all(t.is_title or t.lower_ in ("and", "of") for t in words):
            return _Cand(start, unit.end, unit.label, unit.kb_id, unit.priority, unit.source)
    return unit


def _calendar_part(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The calendar date inside a model's date that holds more: "earlier than January 2014" is
    "January 2014", "Feb. 19 to three years" (a sentence's length after it) is "Feb. 19"."""
    cut = next((i for i in range(start + 1, end - 1) if doc[i].lower_ in ("to", "for")), None)
    if (
        cut is not None
        and not is_calendar_expression(doc[cut + 1 : end].text)
        and is_calendar_expression(doc[start:cut].text)
    ):
        end = cut
    s = start
    while s < end - 1 and doc[s].lower_ in _BOUND_WORDS:
        s += 1  # "earlier than", "no later than": the bound, not the date ("last October" stays whole)
    if s > start and not is_calendar_expression(doc[start:end].text) and is_calendar_expression(doc[s:end].text):
        return s, end
    return start, end


#: words that bound a date before it ("earlier than January 2014", "no later than 2020")
_BOUND_WORDS = {"earlier", "later", "than", "no", "not", "before", "after", "prior", "to", "as", "early"}


#: words that name a part of a place before its name ("the Western Balkans", "northern Mali")
_DIRECTIONS = {
    *("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central"),
    *("northeast", "northwest", "southeast", "southwest", "north-east", "north-west", "south-east", "south-west"),
    *("northeastern", "northwestern", "southeastern", "southwestern", "upper", "lower", "greater"),
}
#: the offices whose holder is called "the X General" ("Inspector General", "Attorney General")
_GENERAL_OFFICES = {"inspector", "attorney", "solicitor", "auditor", "surgeon", "comptroller", "secretary"}
#: units of mass and volume a substance is measured in, beside the weight units of the quantities
_MASS_UNITS = {"grams", "gram", "g", "milligrams", "mg", "litres", "liters", "litre", "liter"}
#: before a day of a month ("last July 14", "this March 3"): the date is the day; alone ("last
#: July") the expression is relative and no date
_DEICTIC_LEAD = {"last", "this", "next", "past", "coming"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


@Language.factory(
    "custody_entity_resolver",
    default_config={
        "label_map": DEFAULT_LABEL_MAP,
        "weapon_patterns": {"@misc": "custody_weapon_patterns.v1"},
        "actor_patterns": {"@misc": "custody_actor_patterns.v1"},
        "place_patterns": {"@misc": "custody_place_patterns.v1"},
        "spans_key": DOMAIN_SPANS_KEY,
        "drop_modifier_countries": True,
    },
)
def make_entity_resolver(
    nlp: Language,
    name: str,
    label_map: dict[str, str],
    weapon_patterns: dict[str, Any],
    actor_patterns: dict[str, Any],
    place_patterns: dict[str, Any],
    spans_key: str,
    drop_modifier_countries: bool,
) -> CustodyEntityResolver:
    return CustodyEntityResolver(
        nlp,
        name,
        label_map=label_map,
        weapon_patterns=weapon_patterns,
        actor_patterns=actor_patterns,
        place_patterns=place_patterns,
        spans_key=spans_key,
        drop_modifier_countries=drop_modifier_countries,
    )
