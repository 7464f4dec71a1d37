"""Word lists, the candidate entity type and word tests shared by the parts of ``custody_entity_resolver``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}
_APPROX = {
    "about",
    "nearly",
    "some",
    "around",
    "approximately",
    "over",
    "almost",
    "roughly",
    "just",
    "more",
    "than",
    "up",
    "to",
    "an",
    "estimated",
    "at",
    "least",
}
_FACILITY_PLACE_HEADS = {
    "airport",
    "port",
    "bridge",
    "station",
    "square",
    "plant",
    "factory",
    "harbour",
    "harbor",
    "terminal",
    "railway",
    "border",
    "checkpoint",
    "dam",
    "airfield",
    "street",
    "road",
    "avenue",
    "highway",
}
_UNIT_WORDS = {
    "brigade",
    "battalion",
    "regiment",
    "division",
    "corps",
    "army",
    "navy",
    "forces",
    "command",
    "guard",
    "guards",
    "fleet",
    "squadron",
    "detachment",
    "marines",
    "military",
}
#: "Division" and "Command" name a formation only with one of these ("1st Armored Division"),
#: not in "National Security Division"; a name that ends in "Command" is one unless a police body
#: ("Transition Command", not "Criminal Investigation Command").
_MILITARY_MODIFIERS = {
    "infantry",
    "armored",
    "armoured",
    "airborne",
    "mountain",
    "cavalry",
    "marine",
    "panzer",
    "motorized",
    "motorised",
    "mechanized",
    "mechanised",
    "guards",
    "tank",
    "rifle",
    "artillery",
    "air",
    "assault",
    "naval",
    "army",
    "light",
    "central",
    "european",
    "africa",
    "northern",
    "southern",
    "pacific",
    "strategic",
    "cyber",
    "space",
    "special",
    "operations",
    "combined",
}
_ORG_HEADS = {
    "department",
    "ministry",
    "office",
    "agency",
    "administration",
    "service",
    "council",
    "commission",
    "committee",
    "bureau",
    "protection",
    "enforcement",
    "authority",
    "court",
    "police",
    "force",
    "forces",
    "guard",
    "navy",
    "army",
    "institute",
    "center",
    "centre",
    "bank",
    "corporation",
    "company",
    "group",
    "embassy",
    "mission",
    "investigations",
    "security",
    "patrol",
    "command",
    "division",
    "directorate",
    "inc",
    "ltd",
    "llc",
    "association",
    "foundation",
    "university",
    "network",
    "corps",
    "marshals",
}
_FORMAL_COUNTRY = re.compile(
    r"^(?:the\s+)?(?:(?:Islamic|Democratic|Federal|People's|People’s|Arab|Socialist|United|Bolivarian|Kyrgyz|Hashemite|"
    r"Plurinational|Federative|Co-operative)\s+)*(?:Republic|Kingdom|State|Federation|Emirate|Sultanate|Commonwealth|"
    r"Principality|Grand Duchy)\s+of\s+(?:the\s+)?(?P<country>.+)$"
)
_PERSON_NOUNS = {
    "national",
    "citizen",
    "resident",
    "dealer",
    "smuggler",
    "trafficker",
    "businessman",
    "businesswoman",
    "broker",
    "soldier",
    "man",
    "woman",
    "native",
    "associate",
    "commander",
    "leader",
    "sergeant",
    "officer",
    "former",
    "member",
    "defendant",
    "suspect",
    "driver",
}
#: the people and bodies of an organisation, named after its acronym ("UN officials", "a U.N. panel"):
#: the acronym there names the organisation acting
_STAFF_NOUNS = {
    *("personnel", "agents", "officials", "staff", "crews", "teams", "investigators", "employees"),
    *("panel", "panels", "mission", "missions", "monitors", "experts", "peacekeepers", "envoy", "envoys"),
}
#: the last word of a name that is a law, a list of rules or a war, no organisation
_LAW_HEADS = {
    *("Act", "Law", "Code", "Regulation", "Regulations", "Convention", "Treaty", "Resolution", "Protocol"),
    *("List", "War"),
}
_PLACE_PREPOSITIONS = {"in", "near", "outside", "inside", "around", "via", "towards", "toward"}
_CONTAINERS = {"cases", "case", "crates", "crate", "boxes", "box", "pallets", "pallet", "pieces", "units"}
#: nouns of a number of goods taken together, written with their count ("12 pairs of", "a batch of")
_SET_NOUNS = {"pair", "pairs", "batch", "batches", "set", "sets"}
_DATE_LEAD = {"between", "from", "since", "until", "till", "by", "in", "on", "during", "of", "and"}
_DEPOT_WORDS = {"depot", "arsenal", "base", "airbase", "warehouse", "hub"}
#: lower-case nouns after a name that make it a place ("the Gao region", "Al Madow mountains")
AREA_NOUNS = {
    "region",
    "province",
    "district",
    "governorate",
    "prefecture",
    "county",
    "oblast",
    "raion",
    "mountain",
    "mountains",
    "valley",
    "beach",
    "river",
    "island",
    "islands",
    "desert",
    "hills",
    "village",
    "territory",
    "municipality",
    "area",
    "locality",
    "junction",
}
_ACTOR_LABELS = {"ORGANIZATION", "MILITARY_UNIT", "ARMED_GROUP", "PERSON", "COUNTRY"}


def describes(tok: Token) -> bool:
    """An adjective before a noun, or a participle used as one ("high-powered", "loaded")."""
    return bool(tok.pos_ == "ADJ" or (tok.tag_ == "VBN" and tok.dep_ == "amod"))


def in_hyphenated(tok: Token) -> bool:
    """A part of a word written with hyphens ("sawn-off", "home-made", "locally-made"): the
    parser tags its parts as anything (noun, particle, adverb), but together they describe the
    noun after them. Words only ("3D-printed" too): in "12-gauge", "9-mm" the number is a measure,
    not a count."""
    doc = tok.doc
    i = tok.i
    joined_after = i + 2 < len(doc) and not tok.whitespace_ and _hyphen(doc[i + 1]) and _word(doc[i + 2])
    joined_before = i > 1 and _hyphen(doc[i - 1]) and _word(doc[i - 2]) and not doc[i - 2].whitespace_
    return _word(tok) and (joined_after or joined_before)


def _word(tok: Token) -> bool:
    """A word of letters, or "3D" (the one number-led word that tells how goods were made: "3D-printed")."""
    return tok.is_alpha or tok.text in ("3D", "3d")


def _hyphen(tok: Token) -> bool:
    """A hyphen written between two words, with no space on either side."""
    return tok.text in ("-", "–") and not tok.whitespace_


@dataclass
class _Cand:
    start: int
    end: int
    label: str
    kb_id: str = ""
    priority: int = 0
    source: str = "model"

    @property
    def length(self) -> int:
        return self.end - self.start

    def overlaps(self, other: _Cand) -> bool:
        return self.start < other.end and other.start < self.end

    def strictly_inside(self, other: _Cand) -> bool:
        return other.start <= self.start and self.end <= other.end and other.length > self.length


def _pick_non_overlapping(cands: Iterable[_Cand]) -> list[_Cand]:
    """Longest first, then by priority; a candidate overlapping one already chosen is dropped."""
    chosen: list[_Cand] = []
    taken: set[int] = set()
    for cand in sorted(cands, key=lambda c: (-c.length, -c.priority, c.start)):
        if taken.isdisjoint(range(cand.start, cand.end)):
            chosen.append(cand)
            taken.update(range(cand.start, cand.end))
    return sorted(chosen, key=lambda c: c.start)
