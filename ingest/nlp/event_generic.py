"""Acts a sentence names without telling them: the act a licence or permit allows, and an act
told before that a sentence comments on.

"He did not hold a licence to export firearms", "the requirement for a permit to import
ammunition": the infinitive after a licence noun names what the licence allows, a kind of act on
goods in general; no goods were moved by it. An act on particular goods ("had not secured the
authorisation to transfer the rifles") is told, licensed or not.

"Gardai seized 18 rifles ... The seizure of the rifles was significant, the chief said": the
definite act noun as the subject of a comment tells again the act an earlier sentence told.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

#: Nouns of a permission whose "to"-infinitive names the kind of act permitted.
LICENCE_NOUNS = {
    "license", "licence", "licenses", "licences", "permit", "permits", "authorization", "authorisation",
    "authorizations", "authorisations",
}  # fmt: skip
#: Words that make the goods after the verb particular ones: "to transfer the rifles", "to export 40 rifles".
_PARTICULAR = {"the", "this", "these", "those", "that", "its", "their", "his", "her", "our", "my", "your"}


def licensed_kind(verb: Token) -> bool:
    """ "a licence to export firearms": the verb names the kind of act a licence allows (goods
    in general after it), no act told. Read from the words, so a parse that takes "export" for a
    modifier of the goods ("to export munitions") does not matter."""
    doc, i = verb.doc, verb.i
    if i < 2 or doc[i - 1].lower_ != "to" or doc[i - 2].lower_ not in LICENCE_NOUNS:
        return False
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is None or not (nxt.lower_ in _PARTICULAR or nxt.like_num)


def act_told_again_as_topic(doc: Doc, act_noun: Token, ev: dict[str, Any], told: list[dict[str, Any]]) -> bool:
    """ "Six rifles were seized in Velmar. ... The seizure of the rifles was significant, the
    police said.": a definite act noun that is the subject of a comment on it tells again an act
    of the same type on the same goods an earlier sentence told (``told``: the events kept so far).
    Needs the parse (without it the noun's place in the clause is unknown)."""
    if not doc.has_annotation("DEP") or act_noun.pos_ != "NOUN" or act_noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in act_noun.children):
        return False
    words = set(ev["item"].lower().split())
    return any(
        e["start"] < ev["start"] and e["type"] == ev["type"] and words & set(e["item"].lower().split()) for e in told
    )
