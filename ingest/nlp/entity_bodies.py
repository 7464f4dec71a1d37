"""Names of bodies the statistical model cut short, a part of the context pass of
``custody_entity_resolver`` (:mod:`ingest.nlp.entity_context` runs it, after the names).

- :func:`bodies_cut_short`: "the Joint Harbour and Customs Board", "the Standing Committee on
  Small Arms Trade": the model often keeps only the words after the last "and", "on", "of" or
  "for" of a long name ("Customs Board"); the capitalised words and linking words back to "the"
  are part of the name.
"""

from __future__ import annotations

from spacy.tokens import Doc

from .entity_base import _ORG_HEADS, _Cand

__all__ = ["bodies_cut_short"]

#: the linking words inside a body's name
_NAME_LINKS = {"and", "on", "of", "for"}
#: the most words the name is extended by
_MOST = 6


def bodies_cut_short(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """An ORGANIZATION whose name starts after a linking word, with capitalised words (no other
    entity's) and linking words back to a "the", takes them in: one body, not a body and a
    fragment. Not where the word before "and" is itself a body's head ("the Council and European
    Parliament": two bodies)."""
    covered = {i: c for c in cands for i in range(c.start, c.end)}
    out: list[_Cand] = []
    for c in cands:
        if c.label == "ORGANIZATION" and c.start > 2 and doc[c.start - 1].lower_ in _NAME_LINKS:
            start = _name_start(doc, c.start, covered)
            if start is not None:
                c = _Cand(start, c.end, c.label, c.kb_id, c.priority, "rule")
        out.append(c)
    return out


def _name_start(doc: Doc, start: int, covered: dict[int, _Cand]) -> int | None:
    """The first word after the "the" the name before ``start`` runs back to, or None."""
    k = start - 1
    links = 0
    while k > 0 and start - k <= _MOST:
        tok = doc[k]
        if tok.lower_ == "the":
            break
        if tok.lower_ in _NAME_LINKS and tok.is_lower:
            if doc[k + 1].is_lower or (tok.lower_ == "and" and doc[k - 1].lower_ in _ORG_HEADS):
                return None
            links += 1
        elif not (tok.is_title or tok.is_upper) or not tok.is_alpha or k in covered:
            return None
        k -= 1
    if doc[k].lower_ != "the" or k + 1 >= start - 1 or doc[k + 1].lower_ in _NAME_LINKS or not links:
        return None
    return k + 1
