"""Names read as armed groups from what the text calls them, a pass of ``custody_entity_resolver``:

- :func:`called_armed_group`: "the armed group Red Hand", "Red Hand, an armed group active in
  ...", "the Red Hand militia": a name a group cue stands beside;
- :func:`listed_groups`: "armed groups, including the Red Wolves, Kessa Hand and the Amber
  Legion", "three militias - the Red Wolves, ...": the names listed after a plural group cue;
- :func:`named_by_members`: after the document pass, an organisation or person whose name is
  written elsewhere before "rebels" ("two former KLF rebels") is the group, and so are the full
  name it is the acronym of and a body "of" it ("the Regional Committee of the KLF").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .entity_base import _DETERMINERS, _Cand, describes, in_hyphenated

__all__ = ["called_armed_group", "listed_groups", "named_by_members"]

_LIST_INTRODUCERS = {"including", "such", "particularly", "notably", "namely", "especially", "among", "like"}
_LISTABLE = {"ORGANIZATION", "MILITARY_UNIT", "PERSON", "PLACE"}
_PLURAL_CUES = ("groups", "militias", "movements")
_LIST_MARKS = {"-", "–", "—", ":"}
_DASH_LIST = re.compile(r"(?:groups|militias|movements) ?[-–—:]")
#: what members of an armed group are called after its name ("Velmar Front rebels")
_FIGHTERS = {"rebels", "guerrillas", "guerillas", "insurgents", "militants", "militiamen"}
#: what the model may make of a group's name (not a state's unit: "Army rebels" are mutineers)
_NAMED_BY_MEMBERS = {"ORGANIZATION", "PERSON"}


def called_armed_group(doc: Doc, c: _Cand, group_cues: list[list[str]]) -> bool:
    """ "the armed group Red Hand", "Red Hand, an armed group active in ...", "the Red Hand militia"."""
    before = [t.lower_ for t in doc[max(0, c.start - 3) : c.start]]
    if before and before[-1] == "the":
        before = before[:-1]
    k = c.end
    if before[-1:] == [","] and _closed_apposition(doc, c):
        # "the main Velmari armed opposition, the Velmar Union for Peace (VUP), which ...": the
        # name in apposition to a singular cue
        before = [t.lower_ for t in doc[max(0, c.start - 6) : c.start] if t.lower_ != "the"][:-1]
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


def _closed_apposition(doc: Doc, c: _Cand) -> bool:
    """Whether the name after a comma is closed as an apposition is: by its acronym in brackets
    and a comma or stop, or by a comma or stop itself ("X, the Red Hand, which ..."), not by
    "and" as a list goes on."""
    k = c.end
    if k + 1 < len(doc) and doc[k].lower_ in ("in", "of") and doc[k + 1].is_title:
        k += 1  # "... Democracy in Velmar (UPDV)": the model may leave the place out of the name
        while k < len(doc) and doc[k].is_title:
            k += 1
    if k + 2 < len(doc) and doc[k].text == "(" and doc[k + 2].text == ")":
        k += 3
    return k >= len(doc) or doc[k].text in (",", ".", ";")


def listed_groups(doc: Doc, cands: list[_Cand], group_cues: list[list[str]], text: str) -> list[_Cand]:
    """ "armed groups, including the Red Wolves, Kessa Hand and the Amber Legion (AL)": the
    names listed after armed groups and "including", "such as", "particularly" are groups."""
    lowered = text.lower()
    if not any(word in lowered for word in _LIST_INTRODUCERS) and not _DASH_LIST.search(lowered):
        return sorted(cands, key=lambda c: c.start)  # no list of names is introduced (the usual case)
    at = {c.start: c for c in cands}
    out = {id(c): c for c in cands}
    for i, tok in enumerate(doc):
        # "three militias - the Red Wolves, Kessa Hand and ...": a dash or colon right after the plural
        dashed = tok.text in _LIST_MARKS and i > 0 and doc[i - 1].lower_ in _PLURAL_CUES
        if tok.lower_ not in _LIST_INTRODUCERS and not dashed:
            continue
        k = i + 1 + (i + 1 < len(doc) and doc[i].lower_ == "such" and doc[i + 1].lower_ == "as")
        window = [t.lower_ for t in doc[max(0, i - 8) : i]]
        cued = any(window[j : j + len(cue)] == cue for cue in group_cues for j in range(len(window)))
        if not cued and not (dashed and doc[i - 1].lower_ == "militias"):
            continue
        if not any(w in _PLURAL_CUES for w in window):
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


def named_by_members(doc: Doc, ents: list[tuple[int, int, str, str]], text: str) -> list[tuple[int, int, str, str]]:
    """Relabel ARMED_GROUP every organisation or person (start, end, label, kb_id) whose name stands
    somewhere in ``text`` (``doc.text``) before a word for armed-group members ("KLF rebels"),
    and the name its acronym is defined after ("the Kessan Liberation Front (KLF)")."""
    if not any(word in text for word in _FIGHTERS):
        return ents
    members = "|".join(sorted(_FIGHTERS))
    named = {
        doc[s:e].text
        for s, e, label, _ in ents
        if label in _NAMED_BY_MEMBERS and re.search(rf"(?<![\w-]){re.escape(doc[s:e].text)} (?:{members})\b", text)
    }
    if not named:
        return ents
    out = []
    for s, e, label, kb in ents:
        acronym = doc[e + 1].text if e + 2 < len(doc) and doc[e].text == "(" and doc[e + 2].text == ")" else ""
        if label in _NAMED_BY_MEMBERS and (doc[s:e].text in named or acronym in named):
            label = "ARMED_GROUP"
        out.append((s, e, label, kb))
    # "the Northern Regional Committee of the KPA": a body of the group is one of its own
    groups = {s: e for s, e, label, _ in out if label == "ARMED_GROUP"}
    for n, (s, e, label, kb) in enumerate(out):
        k = e + 1 + (e + 1 < len(doc) and doc[e + 1].lower_ == "the")
        if label == "ORGANIZATION" and e < len(doc) and doc[e].lower_ == "of" and k in groups:
            out[n] = (s, e, "ARMED_GROUP", kb)
    return out
