"""Acts a sentence names without telling them: the act a licence or permit allows, and an act
told before that a sentence comments on.

"He did not hold a licence to export firearms", "the requirement for a permit to import
ammunition": the infinitive after a licence noun names what the licence allows, a kind of act on
goods in general; no goods were moved by it. So does an act noun that a licence is for ("licences
granted for the export of rifles", "export licences for pistols", "the export of handguns requires
a permit"). An act on particular goods ("had not secured the
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


def _in_general(first: Token | None) -> bool:
    """Whether goods starting at ``first`` (None: nothing follows) are goods in general ("rifles"),
    not particular ones ("the rifles", "40 rifles")."""
    return first is None or not (first.lower_ in _PARTICULAR or first.like_num)


def licensed_kind(verb: Token) -> bool:
    """ "a licence to export firearms": the verb names the kind of act a licence allows (goods
    in general after it), no act told. Read from the words, so a parse that takes "export" for a
    modifier of the goods ("to export munitions") does not matter."""
    doc, i = verb.doc, verb.i
    if i < 2 or doc[i - 1].lower_ != "to" or doc[i - 2].lower_ not in LICENCE_NOUNS:
        return False
    return _in_general(doc[i + 1] if i + 1 < len(doc) else None)


#: Verbs by which an act needs a licence ("the export of handguns requires a permit").
_NEEDING = {"require", "requires", "required", "need", "needs", "needed"}


def _general_goods_after_of(noun: Token) -> bool:
    """The act noun's "of" phrase, if any, names goods in general ("of rifles", not "of the rifles")."""
    doc, i = noun.doc, noun.i
    if i + 2 < len(doc) and doc[i + 1].lower_ == "of":
        return _in_general(doc[i + 2])
    return True


def _is_licence(tok: Token) -> bool:
    return tok.lower_ in LICENCE_NOUNS


def licensed_act_noun(noun: Token) -> bool:
    """ "licences granted for the export of rifles", "export licences for pistols", "the export of
    handguns requires a permit": the act noun names the kind of act a licence is for, on goods in
    general; no act told. A verb of giving whose goods are a licence ("issued licences for pistols
    to dealers") gives none. Without a parse, from the words around it."""
    doc, i = noun.doc, noun.i
    sent = noun.sent if doc.has_annotation("SENT_START") else doc[:]
    if doc.has_annotation("DEP"):
        if noun.pos_ in ("VERB", "AUX") and (
            any(_is_licence(c) for c in noun.children if c.dep_ in ("dobj", "nsubjpass"))
            or (noun.dep_ == "acl" and noun.tag_ == "VBN" and _is_licence(noun.head))
        ):
            return True  # "issued export licences for pistols to dealers", "licences issued": a licence given
    elif any(_is_licence(t) for t in doc[i + 1 : min(sent.end, i + 3)]):
        return True
    if not _general_goods_after_of(noun):
        return False
    if doc.has_annotation("DEP"):
        if noun.dep_ == "compound" and _is_licence(noun.head):
            return True  # "export licences"
        if noun.dep_ == "pobj" and noun.head.lower_ == "for":
            over = noun.head.head  # "a licence for the export", "licences have been granted for the export"
            licences = [c for c in over.children if c.dep_ in ("nsubjpass", "dobj") and _is_licence(c)]
            return _is_licence(over) or (over.pos_ in ("VERB", "AUX") and bool(licences))
        if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lower_ in _NEEDING:
            return any(_is_licence(c) for c in noun.head.children if c.dep_ == "dobj")
        return False
    before = [t.lower_ for t in doc[max(sent.start, i - 3) : i]]
    if "for" in before and any(_is_licence(t) for t in doc[max(sent.start, i - 8) : i]):
        return True
    after = doc[i + 1 : min(sent.end, i + 8)]
    return any(t.lower_ in _NEEDING for t in after) and any(_is_licence(t) for t in after)


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
