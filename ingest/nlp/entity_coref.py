"""Names that point back within one document: acronyms, short forms, capitals for governments.

Used twice, with the same rules:

- by ``custody_entity_resolver`` (:func:`document_pass`) to label the later mentions the way
  the first full mention is labelled: "Islamic Revolutionary Guard Corps (IRGC)" makes every
  "IRGC" a MILITARY_UNIT; "Rachel Stohl" makes a later "Stohl" a PERSON; "the Panel of Experts"
  makes a later "the Panel" an ORGANIZATION;
- by report ingest (:func:`canonical_mentions`) to resolve each mention to the entity it means:
  "Stohl" to "Rachel Stohl", "IRGC" to its full name, and a capital standing for its government
  ("Washington said", "aid to Kyiv") to the country, while "talks in Washington" stays a place.

Everything here works from regular expressions over the text and the entity list, so it costs
per entity and per definition, not per token.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import Protocol

from spacy.tokens import Doc

from .entity_words import acronym_matches
from .resources import load_pattern_file

__all__ = [
    "DOMAIN_LABELS",
    "Ent",
    "canonical_mentions",
    "document_pass",
    "find_acronym_definitions",
    "government_capital",
    "short_forms",
]

#: (start token, end token, label, kb_id)
Ent = tuple[int, int, str, str]
#: Labels a rule gives with more certainty than the statistical model gives ORG or PERSON.
DOMAIN_LABELS = ("WEAPON_SYSTEM", "WEAPON_CATEGORY", "MILITARY_UNIT", "ARMED_GROUP")
_ACTOR_LABELS = {"ORGANIZATION", "MILITARY_UNIT", "ARMED_GROUP", "PERSON"}
_FORCES = ("MILITARY_UNIT", "ARMED_GROUP")
_ACRONYM = r"[A-Z][A-Za-z&\-]{0,8}[A-Z]s?"
_DEFINITION = re.compile(rf"\s*\((?P<a>{_ACRONYM})\)|,\s+or\s+(?P<b>{_ACRONYM})(?=[\s,;.)]|$)")
_LOCATIVE = {
    "in",
    "at",
    "near",
    "outside",
    "around",
    "across",
    "inside",
    "within",
    "into",
    "through",
    "via",
    "over",
    "from",
    "between",
    "toward",
    "towards",
    "throughout",
}
_HEADS = {
    "Panel",
    "Council",
    "Committee",
    "Commission",
    "Group",
    "Brigade",
    "Battalion",
    "Regiment",
    "Division",
    "Agency",
    "Ministry",
    "Department",
    "Office",
    "Court",
    "Mission",
    "Operation",
    "Force",
    "Corps",
    "Command",
    "Service",
    "Bureau",
    "Administration",
    "Company",
    "Detachment",
    "Squadron",
    "Fleet",
    "Unit",
    "Centre",
    "Center",
    "Institute",
    "Directorate",
    "Guard",
    "Army",
    "Navy",
}
_NAME_HEADS = {"Battalion", "Brigade", "Regiment", "Group", "Movement", "Militia", "Network"}


class _Mention(Protocol):
    @property
    def text(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def find_acronym_definitions(text: str) -> Iterable[tuple[int, int, str]]:
    """``(char start of the acronym, its end, acronym)`` for "Long Name (ACR)" and "Long Name, or ACR"."""
    for m in _DEFINITION.finditer(text):
        group = "a" if m.group("a") else "b"
        acr = m.group(group)
        if sum(ch.isupper() for ch in acr) >= 2:
            yield m.start(group), m.end(group), acr


def short_forms(full: str, label: str) -> list[str]:
    """The short forms a later mention of ``full`` may take: a person's family name; a ship's
    name; a named formation's or group's distinctive word ("Azov" of "Azov Battalion")."""
    words = full.split()
    if len(words) < 2:
        return []
    out: list[str] = []
    if label == "PERSON":
        last = words[-1]
        if last[:1].isupper() and len(last.rstrip(".")) > 2 and not last.endswith("."):
            out.append(last)
    elif label in ("MILITARY_UNIT", "ARMED_GROUP"):
        if len(words) == 2 and words[1] in _NAME_HEADS and words[0][:1].isupper() and words[0].isalpha():
            out.append(words[0])
        if any(w in _ship_prefixes() for w in words[:-1]) and words[-1][:1].isupper():
            out.append(words[-1])
        if words[0] in ("Operation", "Op") and words[-1][:1].isupper():
            out.append(words[-1])  # "IRINI" of "Operation EUNAVFOR MED IRINI"
    return out


@cache
def _ship_prefixes() -> frozenset[str]:
    """ "USS", "HMS", "FS" ... of the actor patterns, and "Cutter": the words before a ship's name."""
    return frozenset(load_pattern_file("actors.json").get("shapes", {}).get("ship_prefixes", [])) | {"Cutter"}


def _head_word(full: str) -> str | None:
    """ "Panel" of "Panel of Experts on Yemen", "Council" of "Security Council"."""
    words = full.split()
    if len(words) < 2:
        return None
    head = words[words.index("of") - 1] if "of" in words[1:] else words[-1]
    return head if head in _HEADS else None


def government_capital(text: str, start: int, end: int, country_of: Callable[[str], str | None]) -> str | None:
    """The country a capital at ``text[start:end]`` stands for, or None where it is a place:
    "Washington said", "Washington's aid", "sent to Kyiv" are governments; "in Washington" is not."""
    country = country_of(text[start:end])
    if country is None:
        return None
    before = re.search(r"([A-Za-z]+)\W*$", text[max(0, start - 30) : start])
    if before and before.group(1).lower() in _LOCATIVE:
        return None
    after = text[end : end + 40]
    if re.match(r"\s*[,–-]?\s*(?:the\s+)?(?:capital|city|region|area|suburbs?)\b", after):
        return None
    return country


# ------------------------------------------------------------------ in the pipeline
def _token_span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end)
    return (span.start, span.end) if span is not None else None


def document_pass(doc: Doc, ents: list[Ent], text: str | None = None) -> list[Ent]:
    """Labels later mentions as their definition or full name is labelled (``text`` is
    ``doc.text``, if the caller has it)."""
    if not ents:
        return ents
    if text is None:
        text = doc.text
    ents = _acronyms(doc, text, _one_kind(doc, ents))
    ents = _undefined_acronyms(doc, _one_kind(doc, ents))
    return _short_forms(doc, text, ents)


#: Where one name gets several actor labels in a document, the most specific wins: a group
#: "the sanctioned armed group X" describes is one wherever X is named; a rule's unit over the
#: model's organisation.
_KIND_ORDER = ("ARMED_GROUP", "MILITARY_UNIT", "ORGANIZATION")


def _one_kind(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """Every mention of one name in one document gets one label (of the forces and organisations)."""
    labels: dict[str, set[str]] = {}
    for s, e, label, _kb in ents:
        if label in _KIND_ORDER:
            labels.setdefault(doc[s:e].text, set()).add(label)
    kind = {
        name: next(k for k in _KIND_ORDER if k in found) for name, found in labels.items() if len(found) > 1
    }
    if not kind:
        return ents
    return [
        (s, e, kind.get(doc[s:e].text, label), kb) if label in _KIND_ORDER else (s, e, label, kb)
        for s, e, label, kb in ents
    ]


def _is_acronym(text: str) -> bool:
    return 2 <= len(text) <= 6 and text.isalpha() and text.rstrip("s").isupper()


def _undefined_acronyms(doc: Doc, ents: list[Ent]) -> list[Ent]:
    """An acronym the report uses without defining it ("SAF" after "Sudanese Armed Forces") takes
    the label of the full name of the same document it abbreviates, where the model called it
    just an organisation: "(SAF, RSF and militias)" lists forces, not agencies."""
    fulls = [
        (e[0], e[2], doc[e[0] : e[1]].text)
        for e in ents
        if e[2] in ("MILITARY_UNIT", "ARMED_GROUP") and e[1] - e[0] >= 2
    ]
    if not fulls:
        return ents
    out = list(ents)
    for s, e, label, kb in ents:
        if label != "ORGANIZATION" or e - s != 1:
            continue
        acr = doc[s].text
        if not _is_acronym(acr):
            continue
        match = [
            f
            for f in fulls
            if f[2][:1].upper() == acr[:1]
            and not f[2].lower().startswith(acr.lower())  # "EU" is no acronym of "EUNAVFOR MED"
            and acronym_matches(acr, f[2].split())
        ]
        if len({f[1] for f in match}) == 1:
            out = _replace(out, (s, e, match[0][1], kb or match[0][2]))
    return out


def _replace(ents: list[Ent], new: Ent) -> list[Ent]:
    s, e = new[0], new[1]
    return [x for x in ents if x[1] <= s or x[0] >= e] + [new]


def _covering(ents: Sequence[Ent], s: int, e: int) -> Ent | None:
    for x in ents:
        if x[0] <= s and e <= x[1]:
            return x
    return None


def _acronyms(doc: Doc, text: str, ents: list[Ent]) -> list[Ent]:
    for a_start, a_end, acr in find_acronym_definitions(text):
        span = _token_span(doc, a_start, a_end)
        if span is None:
            continue
        a_s, a_e = span
        # the long form ends just before "(" or ", or"
        k = a_s - 1
        while k > 0 and (doc[k].text in ("(", ",", "or") or doc[k].is_space):
            k -= 1
        long_end = k + 1
        long_start = None
        for n in range(1, 12):
            s = long_end - n
            if s < 0 or (doc[s].is_punct and doc[s].text not in ("-", "–")):
                break
            if s > 0 and doc[s - 1].text in ("-", "–") and not doc[s - 1].whitespace_:
                continue  # inside a hyphenated word
            if doc[s].text[:1].lower() == acr[:1].lower() and acronym_matches(acr, doc[s:long_end].text.split()):
                long_start = s
                break
        if long_start is None:
            # "the Group for Support of Islam and Muslims (JNIM)": an acronym of the name in its own
            # language right after an armed group's or unit's name is that group or unit
            named = _covering(ents, long_end - 1, long_end)
            if doc[a_s - 1].text == "(" and named is not None and named[1] == long_end and named[2] in _FORCES:
                acr_ent = _covering(ents, a_s, a_e)
                if acr_ent is not None and acr_ent[:2] == (a_s, a_e) and acr_ent[2] in _FORCES:
                    ents = _same_kind(ents, named, acr_ent)
                else:
                    ents = _label_everywhere(doc, text, ents, acr, named[2], named[3] or doc[named[0] : named[1]].text)
            continue
        long_ent = _covering(ents, long_end - 1, long_end)
        if long_ent is not None and long_ent[0] > long_start + 1:
            long_ent = None  # "... République démocratique du Congo": the country ends the name, is not it
            head = next((x for x in ents if x[0] == long_start and x[2] in _ACTOR_LABELS), None)
            if head is not None and head[2] != "PERSON":
                # "African Union Mission in Ruritania (AUMR)": the definition joins the two parts
                long_ent = (long_start, long_end, head[2], "")
                ents = _replace(ents, long_ent)
        acr_ent = _covering(ents, a_s, a_e)
        long_label = long_ent[2] if long_ent is not None else ""
        acr_label = acr_ent[2] if acr_ent is not None and acr_ent[:2] == (a_s, a_e) else ""
        if (
            long_ent is not None
            and acr_ent is not None
            and acr_label != long_label
            and {acr_label, long_label} <= set(_KIND_ORDER)
        ):
            ents = _same_kind(ents, long_ent, acr_ent)
            continue
        if acr_label in DOMAIN_LABELS and long_label not in DOMAIN_LABELS and long_label != acr_label:
            kb = acr_ent[3] if acr_ent is not None else acr
            ents = _replace(ents, (long_start, long_end, acr_label, kb or acr))
            label, full = acr_label, doc[long_start:long_end].text
        elif long_label:
            label = long_label
            full = long_ent[3] or doc[long_ent[0] : long_ent[1]].text if long_ent is not None else acr
        else:
            continue
        ents = _label_everywhere(doc, text, ents, acr, label, full)
    return ents


def _same_kind(ents: list[Ent], name: Ent, acronym: Ent) -> list[Ent]:
    """A name and the acronym defined after it are one actor: where the two got different kinds
    ("the Popular Front (FARC)": the gazetteer knows the acronym for a group, the model took the
    name for a state force), both get the more specific one."""
    if name[2] == acronym[2] or name[2] not in _KIND_ORDER or acronym[2] not in _KIND_ORDER:
        return ents
    label = next(k for k in _KIND_ORDER if k in (name[2], acronym[2]))
    return _replace(_replace(ents, (*name[:2], label, name[3])), (*acronym[:2], label, acronym[3]))


def _relabel(doc: Doc, ents: list[Ent], s: int, e: int, label: str, full: str) -> list[Ent]:
    """``doc[s:e]`` gets ``label`` (meaning ``full``) unless it is inside a longer name, crosses
    one, or a rule gave it another domain label."""
    cover = _covering(ents, s, e)
    if cover is not None and (cover[:2] != (s, e) or (cover[2] in DOMAIN_LABELS and cover[2] != label)):
        return ents
    if cover is None and any(x[0] < e and s < x[1] for x in ents):
        return ents
    return _replace(ents, (s, e, label, full))


def _label_everywhere(doc: Doc, text: str, ents: list[Ent], name: str, label: str, full: str) -> list[Ent]:
    for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
        span = _token_span(doc, m.start(), m.end())
        if span is not None:
            ents = _relabel(doc, ents, span[0], span[1], label, full)
    return ents


def _short_forms(doc: Doc, text: str, ents: list[Ent]) -> list[Ent]:
    """Later mentions of a family name, a ship's name, a group's distinctive word, or "the" and a
    head word ("the Panel", "the Brigade") take the label of the full name given first."""
    # short form -> (label, full name, needs "the" before it, first character after the full name)
    wanted: dict[str, tuple[str, str, bool, int]] = {}
    for s, e, label, _kb in sorted(ents):
        if label not in _ACTOR_LABELS:
            continue
        full = doc[s:e].text
        after = doc[e - 1].idx + len(doc[e - 1].text)
        for short in short_forms(full, label):
            wanted.setdefault(short, (label, full, False, after))
        head = _head_word(full)
        if head is not None and label != "PERSON":
            wanted.setdefault(head, (label, full, True, after))
    if not wanted:
        return ents
    alternatives = "|".join(re.escape(w) for w in sorted(wanted, key=len, reverse=True))
    for m in re.finditer(rf"(?<![\w-])(?:{alternatives})(?![\w-])", text):
        label, full, after_the, after = wanted[m.group(0)]
        span = _token_span(doc, m.start(), m.end()) if m.start() >= after else None
        if span is None or (after_the and (span[0] == 0 or doc[span[0] - 1].lower_ != "the")):
            continue
        if after_the and span[1] < len(doc) and doc[span[1]].is_title:
            continue  # "the Force Press Officer": the head word begins a longer name, no short form
        ents = _relabel(doc, ents, span[0], span[1], label, full)
    return ents


# ------------------------------------------------------------------ at ingest
def canonical_mentions(
    mentions: Sequence[_Mention], text: str, country_of: Callable[[str], str | None]
) -> list[tuple[str, str]]:
    """For each mention, ``(name, label)`` of the entity it means: the full name given earlier
    for a short form or an acronym, the country (label COUNTRY) for a capital standing for its
    government, else the mention as it is."""
    full_by_short: dict[tuple[str, str], str] = {}
    for m in mentions:
        for short in short_forms(m.text, m.label):
            full_by_short.setdefault((short, m.label), m.text)
        head = _head_word(m.text)
        if head is not None and m.label != "PERSON":
            full_by_short.setdefault((head, m.label), m.text)
    by_text = {(m.text, m.label): m for m in mentions}
    for a_start, a_end, acr in find_acronym_definitions(text):
        acr_mention = next((m for m in mentions if m.start == a_start and m.end == a_end), None)
        longer = [m for m in mentions if m.end <= a_start and a_start - m.end <= 6 and m.label != "DATE"]
        if acr_mention is not None and longer and acronym_matches(acr, longer[-1].text.split()):
            full_by_short.setdefault((acr, acr_mention.label), longer[-1].text)
    for m in mentions:  # an acronym used without a definition, of a full name the report gives
        if m.label not in _FORCES or not _is_acronym(m.text) or (m.text, m.label) in full_by_short:
            continue
        names = {
            f.text
            for f in mentions
            if f.label == m.label
            and " " in f.text
            and f.text[:1].upper() == m.text[:1]
            and acronym_matches(m.text, f.text.split())
        }
        if len(names) == 1:
            full_by_short[(m.text, m.label)] = names.pop()
    out: list[tuple[str, str]] = []
    for m in mentions:
        if m.label == "PLACE":
            country = government_capital(text, m.start, m.end, country_of)
            if country is not None:
                out.append((country, "COUNTRY"))
                continue
        full = full_by_short.get((m.text, m.label))
        out.append((full, m.label) if full is not None and (full, m.label) in by_text else (m.text, m.label))
    return out
