"""Repairs of parses that mislead the event rules.

A reduced passive relative of moving in front of the main verb ("40 rifles shipped to the police were
never recorded", "parcels addressed to the suspect were seized") is often read as the main
verb with the goods as its active subject, and the real main verb (passive, with no subject of
its own) hung under it or beside it. The repair makes the participle a clause on the noun
(``acl``) and the noun the passive subject of the later verb, as a right parse would.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

#: Where the parser hangs the misread participle and the later verb.
_CLAUSE_DEPS = {"ROOT", "ccomp", "csubj", "csubjpass", "conj"}

#: Prepositions of a destination after the participle.
_BOUND = {"to", "into"}


def _later_passive(verb: Token) -> Token | None:
    """The passive verb after ``verb`` that has no subject of its own: its head, a clause under
    it, or a clause beside it under the same head."""
    cands = [verb.head] if verb.dep_ in ("csubj", "csubjpass") else []
    cands += [c for c in verb.children if c.dep_ in ("ccomp", "conj") and c.i > verb.i]
    if verb.dep_ == "ccomp" and verb.head.i != verb.i:
        cands += [c for c in verb.head.children if c.dep_ == "ccomp" and c.i > verb.i]
    for w in cands:
        if w.i <= verb.i or w.pos_ != "VERB" or w.tag_ != "VBN":
            continue
        kids = list(w.children)
        if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass") and c.i != verb.i for c in kids):
            continue
        if any(c.dep_ == "auxpass" for c in kids):
            return w
    return None


def repair_reduced_relatives(doc: Doc) -> None:
    """Re-hang each misread reduced passive relative of ``doc`` (with a parse only)."""
    if not doc.has_annotation("DEP"):
        return
    for verb in list(doc):
        if verb.tag_ not in ("VBN", "VBD") or verb.pos_ != "VERB" or verb.dep_ not in _CLAUSE_DEPS:
            continue
        kids = list(verb.children)
        if any(c.dep_ in ("aux", "auxpass", "dobj", "nsubjpass") for c in kids):
            continue
        subj = next((c for c in kids if c.dep_ == "nsubj" and c.i < verb.i and c.pos_ in ("NOUN", "PROPN")), None)
        # a destination tells the participle of moving: "rifles shipped to the police"
        if subj is None or not any(c.dep_ == "prep" and c.lower_ in _BOUND and c.i > verb.i for c in kids):
            continue
        later = _later_passive(verb)
        if later is None:
            continue
        if later.head.i == verb.i:
            if verb.dep_ != "ROOT":
                continue
            later.head = later  # the later verb is the sentence's own
            later.dep_ = "ROOT"
            for c in [c for c in verb.children if c.dep_ == "punct" and c.i > later.i]:
                c.head = later
        subj.head = later
        subj.dep_ = "nsubjpass"
        verb.head = subj
        verb.dep_ = "acl"
