"""Names read as armed groups from what the text calls them, a pass of ``custody_entity_resolver``:

- :func:`called_armed_group`: "the armed group Red Hand", "Red Hand, an armed group active in
  ...", "the Red Hand militia": a name a group cue stands beside;
- :func:`listed_groups`: "armed groups, including the Red Wolves, Kessa Hand and the Amber
  Legion": the names listed after a plural group cue.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .entity_base import _DETERMINERS, _Cand, describes, in_hyphenated

__all__ = ["called_armed_group", "listed_groups"]

_LIST_INTRODUCERS = {"including", "such", "particularly", "notably", "namely", "especially", "among", "like"}
_LISTABLE = {"ORGANIZATION", "MILITARY_UNIT", "PERSON", "PLACE"}


def called_armed_group(doc: Doc, c: _Cand, group_cues: list[list[str]]) -> bool:
    """ "the armed group Red Hand", "Red Hand, an armed group active in ...", "the Red Hand militia"."""
    before = [t.lower_ for t in doc[max(0, c.start - 3) : c.start]]
    if before and before[-1] == "the":
        before = before[:-1]
    k = c.end
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        k += 3  # "the Popular Front (PF), an armed group"
    after = [t.lower_ for t in doc[k : k + 5]]
    if after[:1] == [","] and after[1:2] in (["a"], ["an"], ["the"]):
        k += 2
        while k < len(doc) and k - c.end < 12 and _describes_group(doc[k]):
            k += 1  # "a banned", "a 40-year-old", "a foreign-backed"; "armed" stays a cue's first word
        after = [t.lower_ for t in doc[k : k + 3]]
    for cue in group_cues:
        n = len(cue)
        if before[-n:] == cue or after[:n] == cue:
            return True
    return False


def listed_groups(doc: Doc, cands: list[_Cand], group_cues: list[list[str]], text: str) -> list[_Cand]:
    """ "armed groups, including the Red Wolves, Kessa Hand and the Amber Legion (AL)": the
    names listed after armed groups and "including", "such as", "particularly" are groups."""
    lowered = text.lower()
    if not any(word in lowered for word in _LIST_INTRODUCERS):
        return sorted(cands, key=lambda c: c.start)  # no list of names is introduced (the usual case)
    at = {c.start: c for c in cands}
    out = {id(c): c for c in cands}
    for i, tok in enumerate(doc):
        if tok.lower_ not in _LIST_INTRODUCERS:
            continue
        k = i + 1 + (i + 1 < len(doc) and doc[i].lower_ == "such" and doc[i + 1].lower_ == "as")
        window = [t.lower_ for t in doc[max(0, i - 8) : i]]
        if not any(window[j : j + len(cue)] == cue for cue in group_cues for j in range(len(window))):
            continue
        if not any(w in ("groups", "militias", "movements") for w in window):
            continue  # a plural cue: one group is not a list
        while k < len(doc):
            cand = at.get(k)
            run = k
            while run < len(doc) and run - k < 4 and doc[run].is_title and doc[run].lower_ not in _DETERMINERS:
                run += 1
            inside = [c for c in cands if k <= c.start and c.end <= run]
            if run > k and (cand is None or cand.end < run) and all(c.label in _LISTABLE for c in inside):
                if any(c.start < run < c.end or c.start < k < c.end for c in cands):
                    break  # the run crosses a name found otherwise
                for c in inside:  # "Kata Rovu", where the model found only "Rovu"
                    out.pop(id(c), None)
                new = _Cand(k, run, "ARMED_GROUP", "", 0, "rule")
                out[id(new)] = new
                k = run
            elif cand is not None and cand.label in _LISTABLE:
                out[id(cand)] = _Cand(cand.start, cand.end, "ARMED_GROUP", cand.kb_id, cand.priority, "rule")
                k = cand.end
            elif cand is not None and cand.label == "ARMED_GROUP":
                k = cand.end
            elif doc[k].lower_ in (",", "and", "or", "the", "(", ")") or doc[k].text in ("–", "—", "-"):
                k += 1
            else:
                break
    return sorted(out.values(), key=lambda c: c.start)


def _describes_group(tok: Token) -> bool:
    """A word describing the group an apposition names ("banned", "40-year-old", "foreign-backed"),
    not the first word of a group cue ("armed group", "rebel group")."""
    if tok.lower_ in ("armed", "rebel", "militant", "terrorist", "insurgent", "jihadist", "militia"):
        return False
    return (
        tok.text in ("-", "–")
        or tok.like_num
        or in_hyphenated(tok)
        or describes(tok)
        or tok.lower_
        in (
            "sanctioned",
            "local",
            "foreign",
            "non-state",
        )
    )
