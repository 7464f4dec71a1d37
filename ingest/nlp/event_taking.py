"""Verbs that tell a taking only in a frame: carrying goods off after a break-in (a theft) or in a
raid by a force of a state (a seizure), arrests with goods, searches that yield goods, and goods
arriving where they were sent."""

from __future__ import annotations

from spacy.tokens import Token

from .event_base import negated_or_modal
from .event_item_links import _conjuncts

#: Verbs of carrying goods off that tell a theft after a break-in ("broke into the armoury and took
#: 300 rifles", "raided the barracks, carting off rifles"); said alone they tell no act of custody.
_CARRYING_LEMMAS = {"take", "carry", "cart", "haul", "remove", "grab"}
#: Verbs of getting into a site by force.
BREAKING_IN_LEMMAS = {"break", "storm", "raid", "overrun", "ransack", "burgle", "burglarize", "force", "enter"}
#: Verbs of getting in by force that only thieves do (a raid or a storming may be a search by a
#: force of a state): what is carried off after them is stolen from any premises.
_FORCED_ENTRY_LEMMAS = {"break", "force", "burgle", "burglarize", "ransack"}
#: Guarded sites of arms: what is carried off from one after a break-in is stolen (a house or a
#: warehouse raided by the police is searched, and what is taken from it seized).
_ARMS_SITES = {
    "armory", "armoury", "armories", "armouries", "arsenal", "arsenals", "depot", "depots", "barracks", "base",
    "bases", "station", "stations", "post", "posts", "outpost", "outposts", "garrison", "cantonment", "storeroom",
}  # fmt: skip
#: Heads of the names of forces of a state: a raid of theirs that takes goods away seizes them.
_FORCE_NOUNS = {
    "police", "army", "navy", "force", "forces", "troops", "officers", "agents", "authorities", "commandos",
    "guard", "guards", "gendarmerie", "marines", "battalion", "brigade", "regiment", "unit", "units",
}  # fmt: skip


#: Verbs of arresting someone, after which a "with" phrase names the goods held on them.
ARRESTING_LEMMAS = {"arrest", "catch", "nab", "apprehend", "intercept", "detain"}
#: Verbs of goods getting to where they were sent: "the rifles arrived", "the missiles reached the
#: army" (said of goods only: a delivery; said of people or ships, no act on goods).
_ARRIVING_LEMMAS = {"arrive", "reach"}
#: Nouns of an amount of goods, not goods: "the number of rifles reached 5,000".
_AMOUNT_NOUNS = {"number", "total", "value", "amount", "cost", "price", "share", "volume", "level", "tally"}

#: Verbs of what a search brings in: "the raid yielded 40 rifles", "the sweep netted 12 pistols".
_YIELDING_LEMMAS = {"yield", "net"}
#: Nouns of searches and raids by whoever makes them.
_SEARCH_NOUNS = {
    "search", "raid", "operation", "sweep", "crackdown", "inspection", "swoop", "patrol", "check", "cordon",
}  # fmt: skip


def _search_subject(tok: Token) -> bool:
    """The subject of ``tok`` is a search or a raid ("Saturday's raid yielded ...", "the searches of the
    port netted ..."), with a parse."""
    subjects = [c for c in tok.children if c.dep_ == "nsubj"]
    return tok.doc.has_annotation("DEP") and any(c.lemma_.lower() in _SEARCH_NOUNS for c in subjects)


#: Particles that make a verb of carrying one of carrying goods off: "took away", "carted off".
_OFF_PARTICLES = {"away", "off"}


def _off_particle(tok: Token, nxt: Token) -> bool:
    """ "took away", "carried off"; "carried out" only with a "from" phrase ("carrying out boxes of
    rifles from the depot"), as "carried out" alone tells of raids and attacks."""
    if nxt.lower_ in _OFF_PARTICLES:
        return True
    return nxt.lower_ == "out" and any(c.dep_ == "prep" and c.lower_ == "from" for c in tok.children)


def _carried_off(tok: Token) -> tuple[str, str] | None:
    """ "rioters took away 300 rifles", "the rifles were carried off by gunmen": goods carried off
    by a doer the clause names (its subject, the passive's "by" phrase, or the subject of the verb
    it is coordinated with) are taken from their holder: seized when a force of a state carries
    them off ("police took away the rifles"), else stolen. Without a doer ("the rifles were taken
    away") or a parse, no act is told: goods are taken away for storage or destruction too."""
    doc = tok.doc
    if not doc.has_annotation("DEP"):
        return None
    doers = [c for c in tok.children if c.dep_ == "nsubj"]
    doers += [g for c in tok.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if not doers and tok.dep_ == "conj" and not any(c.dep_ == "nsubjpass" for c in tok.children):
        doers = [c for c in tok.head.children if c.dep_ == "nsubj"]  # "stormed the post and took away ..."
    if not doers and tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN"):
        doers = [tok.head]  # "footage showed fighters carrying off the rifles"
    if not doers:
        return None
    force = any(d.lower_ in _FORCE_NOUNS or d.ent_type_ == "MILITARY_UNIT" for doer in doers for d in _conjuncts(doer))
    return ("SEIZURE" if force else "THEFT", "take")


def _after_break_in(tok: Token) -> bool:
    """A verb of carrying off told in a break-in ("were taken in a break-in at the armoury") or
    after a break-in into a guarded site of arms, coordinated with it or a clause of it ("stormed
    the police armoury and took away rifles", "raided the barracks, taking 300 rifles", "forced
    open a door at the depot and removed six rifles")."""
    if not tok.doc.has_annotation("DEP"):
        return False
    occasions = [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "during") for g in c.children]
    if any(_is_break_in(g) for g in occasions):
        return True  # "twelve rifles were taken in a break-in at the armoury"
    if tok.dep_ not in ("conj", "advcl"):
        return False
    verb = tok.head
    if verb.lemma_.lower() not in BREAKING_IN_LEMMAS:
        return False
    if negated_or_modal(verb):
        return False  # "a crowd could storm the armoury and take the rifles": no act told
    if any(c.dep_ == "nsubj" and c.lower_ in _FORCE_NOUNS for c in verb.children):
        return False  # "police raided the depot and took away 30 rifles": a seizure, not a theft
    if verb.lemma_.lower() in _FORCED_ENTRY_LEMMAS:
        return True  # "the suspects forced open a door of the office and removed six rifles": wherever
    sites = [c for c in verb.children if c.dep_ == "dobj"]
    sites += [g for c in verb.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    sites += [g for s in list(sites) for c in s.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return any(s.lower_ in _ARMS_SITES for s in sites)


def _is_break_in(noun: Token) -> bool:
    """ "a break-in", "the break-ins": the noun of getting into a place by force."""
    if noun.dep_ != "pobj":
        return False
    if noun.lower_ in ("break-in", "break-ins"):
        return True
    return noun.lower_ in ("in", "ins") and any(c.lower_ == "break" for c in noun.children)
