"""Sites a party got into before taking goods: "broke into the depot and stole 40 rifles",
"searched the hideout and seized rifles", "raided the barracks, where they stole ...", "Rioters
stormed the armoury. They carried off 300 rifles." Goods then taken were taken from the site
(the role rules: ``event_roles``, through ``event_scenes``)."""

from __future__ import annotations

from spacy.tokens import Token

from .event_base import PLACE_LABELS
from .event_clauses import where_clause_verb
from .event_places import _SETTLEMENT_NOUNS
from .event_taking import BREAKING_IN_LEMMAS

#: Prepositions of the site such a verb gets into or falls on ("broke into", "swooped down on").
_ONTO_PREPS = {"into", "on", "upon"}
#: Verbs of breaking into a site (the trigger rules' own, not "force" open, and the ways of
#: bursting in), which tell where goods taken in the next sentence were.
_BREAKING_IN = (BREAKING_IN_LEMMAS - {"force"}) | {"barge", "swoop", "infiltrate", "loot"}
#: Verbs of getting into, going through or falling on a site: "broke into the armoury", "raided the
#: barracks", "searched the hideout", "swooped down on the complex", "ambushed a patrol".
_ENTERING = _BREAKING_IN | {"search", "invade", "attack", "ambush"}
#: Prepositions placing the site, which the parser may hang on the verb ("raided barracks in Varos").
_SITE_PLACE_PREPS = {"in", "at", "near", "along", "outside", "inside"}


def entered_site(act: Token, theft: bool) -> Token | None:
    """ "broke into the depot and stole 40 rifles", "searched the hideout and seized rifles",
    "entered two warehouses and obtained ...", "raided the barracks, where they stole ...",
    "stormed the post, taking 30 rifles": the site a verb of entering or searching told right
    before the act went into; goods then taken were taken from it. (A "where" clause only for a
    theft: "police raided a house where they seized rifles" tells where, not whose.) Not a stretch
    of land searched: "searched the area and seized ..." names no holder."""
    verbs = []
    if act.dep_ == "conj" and act.head.i < act.i:
        verbs.append(act.head)
    if act.dep_ == "advcl" and act.tag_ == "VBG" and act.head.i < act.i:
        verbs.append(act.head)
    raided = where_clause_verb(act) if theft else None
    if raided is not None:
        verbs.append(raided)
    for verb in verbs:
        site = _site_of(verb) if verb.lemma_.lower() in _ENTERING else None
        if site is not None:
            return site
    return None


def entered_before(act: Token) -> Token | None:
    """ "The rioters broke the gate and barged into the armoury. During the incident, they took
    away 300 rifles": a theft told right after a sentence of breaking into a site, with no site of
    its own, took the goods from that site (breaking in only, not searching or attacking)."""
    sent = act.sent
    if sent.start == 0:
        return None
    prev = act.doc[sent.start - 1].sent
    verbs = [t for t in prev if t.dep_ in ("ROOT", "conj") and t.lemma_.lower() in _BREAKING_IN]
    for verb in reversed(verbs):
        site = _site_of(verb)
        if site is not None:
            return site
    return None


def _site_of(verb: Token) -> Token | None:
    """The site a verb of entering gets into: its object, or the object of "into" or "on"."""
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB", "AUX"):
        return None
    heads = [verb, *(c for c in verb.children if c.dep_ == "prt")]  # "swooped down on"
    sites = [] if lemma == "break" else [c for c in verb.children if c.dep_ == "dobj"]  # ("broke the lock")
    sites += [g for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ in _ONTO_PREPS
              for g in p.children if g.dep_ == "pobj"]
    return next((s for s in sites if s.pos_ in ("NOUN", "PROPN") and s.lower_ not in _SETTLEMENT_NOUNS), None)


def site_phrase(site: Token) -> str:
    """The site as written: the noun with what it holds up to a clause or comma ("the Varn
    ministry offices along Kell Street"), and the place the parser hung on the verb right after it
    ("army barracks in the northern region of Varos"); without its article."""
    doc = site.doc
    start = site.left_edge.i
    while start < site.i and doc[start].dep_ in ("det", "punct"):
        start += 1
    end = _held_end(site)
    nxt = doc[end] if end < len(doc) else None
    if nxt is not None and nxt.dep_ == "prep" and nxt.lower_ in _SITE_PLACE_PREPS and nxt.head.i < site.i and (
        nxt.head.pos_ == "VERB" and any(t.ent_type_ in (*PLACE_LABELS, "COUNTRY") for t in nxt.subtree)
    ):
        end = _held_end(nxt)
    return doc[start:end].text


def _held_end(tok: Token) -> int:
    """Where the phrase of ``tok`` ends, short of a clause, an apposition or a comma."""
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj") or tok.doc[c.left_edge.i - 1].text == ",":
            break
        end = _held_end(c)
    return end
