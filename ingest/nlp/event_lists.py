"""Lists of custody event item mentions.

A list goes with its first member whatever the parse made of it ("700 firearms, including rocket
launchers and machine guns"); mentions that stand together form one cluster (a system and its
serials, a model and its class), with the quantity or value written just before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .entity_base import _SET_NOUNS, describes, in_hyphenated
from .event_base import (
    _GLUE_QUANTITY,
    _GLUE_SERIAL,
    _GLUE_SERIAL_BEFORE,
    _GLUE_SERIAL_LIST,
    GENERIC_ITEM_LABELS,
    MATERIEL,
    Cluster,
    EventRulesBase,
)

#: Words that may stand between the members of a list of items.
_LIST_GLUE = {
    ",",
    ";",
    "and",
    "or",
    "&",
    "including",
    "include",
    "such",
    "as",
    "notably",
    "–",
    "—",
    "-",
    "also",
    "well",
    "plus",
    "of",
    "(",
    ")",
    "the",
    "a",
    "an",
    "other",
    "additional",
    "among",
    "them",
    "along",  # "16 pistols, along with live ammunition"
    "with",
    "together",
}


class ListRules(EventRulesBase):
    def _extend_lists(self, out: dict[int, list[Span]], weapons: Sequence[Span], sent: Span) -> None:
        """A list goes with its first member, whatever the parse made of it: "700 firearms,
        including rocket launchers and machine guns", "75,000 rounds of ammunition; 20 mortars
        and 20,000 rounds of mortar ammunition"."""
        doc = sent.doc
        owner = {(w.start, w.end): key for key, ws in out.items() for w in ws}
        order = sorted(weapons, key=lambda w: w.start)
        quantity_tokens = {
            i
            for e in self._ents_in(sent.start, sent.end)
            if e.label_ in ("QUANTITY", "MONEY")
            for i in range(e.start, e.end)
        }

        def glue(gap: Span, key: int) -> bool:
            return all(
                t.i == key
                or t.i in quantity_tokens
                or t.is_space
                or t.lower_ in _LIST_GLUE
                or t.like_num
                or (t.pos_ in ("ADJ", "DET") and t.lower_ not in ("no",))
                # "rifles, barrels, stocks, optical scopes": a member no rule names keeps the list
                or (t.pos_ == "NOUN" and t.dep_ == "conj")
                for t in gap
            ) and not any(t.i in self._trigger_tokens and t.i != key for t in gap)

        for idx, w in reversed(list(enumerate(order))):
            # "... 284 machine guns and 700,000 rounds that the navy seized": a relative clause
            # on a list's last member is about the whole list
            key = owner.get((w.start, w.end))
            if key is None or doc[key].dep_ not in ("relcl", "acl") or doc[key].head.i >= w.end + 2:
                continue
            nxt_w = w
            for before in reversed(order[:idx]):
                if (before.start, before.end) in owner or not glue(doc[before.end : nxt_w.start], key):
                    break
                owner[(before.start, before.end)] = key
                out[key].append(before)
                nxt_w = before
        for idx, w in enumerate(order):
            key = owner.get((w.start, w.end))
            if key is None:
                continue
            prev = w
            for nxt in order[idx + 1 :]:
                if not glue(doc[prev.end : nxt.start], key):
                    break
                if (nxt.start, nxt.end) not in owner:
                    owner[(nxt.start, nxt.end)] = key
                    out[key].append(nxt)
                elif owner[(nxt.start, nxt.end)] != key:
                    break
                prev = nxt

    @staticmethod
    def _count_for(cluster: Cluster, trigger: Token) -> Span | None:
        """The cluster's count for the act of ``trigger``: the part's ("recovered nine of the 16
        rifles"), but the whole's for an act told in a clause on the goods ("the 16 rifles stolen")."""
        if cluster.whole is not None and cluster.mentions[0].root.is_ancestor(trigger):
            return _with_qualifier(cluster.whole)
        return _with_qualifier(cluster.quantity) if cluster.quantity is not None else None

    def _clusters(self, mentions: Sequence[Span], sent: Span) -> list[Cluster]:
        doc = sent.doc
        clusters: list[Cluster] = []
        for m in mentions:
            if clusters:
                last = clusters[-1].mentions[-1]
                gap = [t for t in doc[last.end : m.start] if not t.is_space]
                words = {t.lower_ for t in gap}
                joined = False
                if _is_alias(m) and words and words <= {"(", ",", "or"} and last.label_ != "SERIAL_NUMBER":
                    continue  # "surface-to-air missile systems (SAMs)", "..., or HIMARS": the same item
                if m.label_ == "SERIAL_NUMBER":
                    if last.label_ == "SERIAL_NUMBER":
                        joined = words <= _GLUE_SERIAL_LIST | _GLUE_SERIAL
                    else:
                        joined = words <= _GLUE_SERIAL
                elif last.label_ == "SERIAL_NUMBER" and m.label_ in ("WEAPON_SYSTEM", "WEAPON_CATEGORY"):
                    joined = words <= _GLUE_SERIAL_BEFORE and len(clusters[-1].mentions) == 1
                elif last.label_ == "WEAPON_SYSTEM" and m.label_ in GENERIC_ITEM_LABELS:
                    # "AK-pattern rifles", "Makarov-type pistols": the model, then its class; "a
                    # Kell, model K9, 9mm pistol": the model, then its calibre and class
                    joined = not gap or words <= {"-", "–", "pattern", "type", "style", "series"}
                    joined = joined or _calibre_then_class(gap, m)
                elif last.label_ in GENERIC_ITEM_LABELS and m.label_ in (*GENERIC_ITEM_LABELS, "WEAPON_SYSTEM"):
                    # "weapons and equipment": two generic words make one item
                    joined = not gap or (last.label_ == m.label_ == MATERIEL and words == {"and"})
                if joined:
                    clusters[-1].mentions.append(m)
                    continue
            clusters.append(Cluster([m], sent))
        quantities = [e for e in self._ents_in(sent.start, sent.end) if e.label_ == "QUANTITY"]
        money = [e for e in self._ents_in(sent.start, sent.end) if e.label_ == "MONEY"]
        for c in clusters:
            first = c.mentions[0]
            k = first.start - 1
            while k >= sent.start and _between_count_and_goods(doc, k):
                k -= 1
            for q in quantities:
                if q.end - 1 == k:
                    c.quantity = _part_of(q, quantities) or q
                    c.whole = q if c.quantity is not q else None
            if c.quantity is None and k >= sent.start:
                c.quantity = _vague_count(doc, k, sent.start) or _bare_count(doc, k, first, sent.start)
            if c.quantity is None:
                # "$1 billion in weapons", "millions of dollars worth of weapons": a value
                k = first.start - 1
                while k >= sent.start and doc[k].lower_ in ("in", "of", "worth", "'s", "’s", "additional"):
                    k -= 1
                if k < first.start - 1:
                    c.quantity = next((e for e in money if e.end - 1 == k), None)
        return clusters


#: A calibre as written before a class of arms: "9mm", "5.56 mm", ".45 caliber", "7.62x39mm".
_CALIBRE = re.compile(r"^(\d+(\.\d+)?(x\d+)?mm|\.?\d+(\.\d+)?(caliber|calibre))$")


def _calibre_then_class(gap: list[Token], m: Span) -> bool:
    """ "model M249, 5.56mm machinegun", "model K9, 9mm pistols": a comma, then a calibre (between,
    or leading the mention) and the class: one item told as make, model, calibre, class."""
    if not gap or gap[0].text != ",":
        return False
    rest = "".join(t.lower_ for t in gap[1:])
    if rest:
        return bool(_CALIBRE.match(rest))
    lead = ""
    for t in m[:-1]:
        lead += t.lower_
        if _CALIBRE.match(lead):
            return True
    return False


#: Words that count goods without a number: "one rifle", "several launchers", "some pistols".
_COUNT_WORDS = {"one", "several", "some", "few", "multiple", "numerous"}
#: Plural numbers told in a word: "thousands of the missiles", "dozens of rifles".
_MANY_WORDS = {"dozens", "hundreds", "thousands", "millions"}
#: Nouns of an amount told without a number: "a large quantity of", "an undisclosed number of".
_AMOUNT_NOUNS = {"number", "quantity", "amount", "quantities", "amounts"}
#: Words between a part and the whole it is taken from: "nine of the 16 rifles".
_PART_GLUE = {"the", "its", "their", "these", "those"}
#: Nouns that count pieces of goods with no size of their own: "38 units of radio equipment",
#: "120 samples of armoured vehicles", "another 20 examples of such trucks", "300 items of kit".
_PIECE_NOUNS = {"units", "samples", "examples", "pieces", "items", "specimens"}


def _vague_count(doc: Doc, k: int, start: int) -> Span | None:
    """A count of the goods after ``k`` told in words, as written: "one rifle", "a few grenades",
    "several launchers", "a large quantity of ammunition", "an undisclosed number of missiles"."""
    tok = doc[k]
    if tok.lower_ in _COUNT_WORDS:
        if tok.lower_ == "few":  # "a few grenades"; "few rifles" alone says how many were not
            return doc[k - 1 : k + 1] if k - 1 >= start and doc[k - 1].lower_ == "a" else None
        if tok.lower_ == "some" and k - 1 >= start and doc[k - 1].lower_ in ("of", "for"):
            return None
        return doc[k : k + 1]
    if tok.lower_ in _MANY_WORDS and k + 1 < len(doc) and doc[k + 1].lower_ == "of":
        return doc[k : k + 1]  # "thousands of the missiles": the count told in a word
    before = doc[k - 1] if k - 1 >= start else None
    counted = before is not None and (before.lower_ in ("a", "an") or (before.like_num and tok.lower_.endswith("s")))
    if tok.lower_ in _SET_NOUNS | _PIECE_NOUNS and k + 1 < len(doc) and doc[k + 1].lower_ == "of" and counted:
        # "a pair of goggles", "at least 55 pairs of goggles", "38 units of radio equipment"
        return _with_qualifier(doc[k - 1 : k + 1])
    if tok.lower_ in _AMOUNT_NOUNS and k + 1 < len(doc) and doc[k + 1].lower_ == "of":
        j = k - 1
        while j >= start and describes(doc[j]):
            j -= 1
        if j >= start and doc[j].lower_ in ("a", "an"):
            return doc[j : k + 1]
    return None


def counts_a_lot(quantity: str | None) -> bool:
    """Whether ``quantity`` counts a particular lot of goods: "40 rifles" or "several launchers"
    do, "a significant amount" of ammunition does not."""
    return quantity is not None and quantity.split()[-1].lower() not in _AMOUNT_NOUNS


def _part_of(q: Span, quantities: Sequence[Span]) -> Span | None:
    """The part counted where a count of the whole follows it: "nine" in "nine of the 16 rifles",
    "an untold number" in "an untold number of the 300 rifles"."""
    doc = q.doc
    k = q.start - 1
    if k - 1 < q.sent.start or doc[k].lower_ not in _PART_GLUE or doc[k - 1].lower_ != "of":
        return None
    part = k - 2
    if part < q.sent.start:
        return None
    before = next((e for e in quantities if e.end - 1 == part), None)
    if before is not None:
        return before
    if doc[part].like_num:
        return doc[part : part + 1]
    return _vague_count(doc, part, q.sent.start)


_KIND_NOUNS = {"types", "kinds", "sorts", "calibres", "calibers", "makes", "models"}
_KIND_WORDS = {"various", "assorted", "different"}


def _bare_count(doc: Doc, k: int, goods: Span, start: int) -> Span | None:
    """A number the parser reads as counting the goods, which the quantity rules left out (they
    keep numbers only before words they know as materiel: "76,000 vehicles", or before a size:
    "100,000 2.75-inch rockets"), as written with the words that bound it ("nearly 600 trucks");
    the first such number at or before ``k``; not a year ("2019 models")."""
    root = goods.root
    while root.dep_ == "compound" and root.head.i > root.i:  # "two Kell M16 rifles": the count is on the class
        root = root.head
    nums = [c for c in root.lefts if c.dep_ == "nummod" and c.like_num and start <= c.i <= k]
    if not nums or nums[0].ent_type_ == "DATE" or nums[0].text == "1":
        return None  # (a lone "1" counts only beside other counts, as the quantity rules keep it)
    tok = nums[0]
    if len(tok.text) == 4 and tok.text.isdigit() and tok.text[:2] in ("19", "20"):
        return None
    first = min([tok.i, *[c.i for c in tok.lefts if c.dep_ in ("advmod", "quantmod") and c.i >= start]])
    return doc[first : tok.i + 1]


def _between_count_and_goods(doc: Doc, k: int) -> bool:
    """A word that may stand between a count and its goods: "of", an adjective or a participle
    ("two high-powered rifles"), the kinds of the goods ("24 million rounds of various types of ammunition")."""
    tok = doc[k]
    if tok.lower_ in _COUNT_WORDS:  # "several rifles": the count itself, though tagged an adjective
        return False
    if tok.like_num and tok.is_alpha and in_hyphenated(tok):  # "twenty-four rifles": the count's last word
        return False
    if tok.lower_ in _GLUE_QUANTITY or tok.is_space or tok.lower_ in _KIND_WORDS:
        return True
    if tok.lower_ in _PART_GLUE and k > 0 and doc[k - 1].lower_ == "of":
        return True  # "thousands of the missiles": a part of goods told before
    if describes(tok) or in_hyphenated(tok):  # "two sawn-off shotguns": a hyphenated word describes too
        return True
    return tok.lower_ in _KIND_NOUNS and k + 1 < len(doc) and doc[k + 1].lower_ == "of"


def _is_alias(m: Span) -> bool:
    """An acronym standing for the mention before it: "SAMs", "HIMARS", "NASAMS"."""
    text = m.text[:-1] if m.text.endswith("s") else m.text
    return len(m) == 1 and text.isalpha() and text.isupper() and len(text) >= 2


def _with_qualifier(count: Span) -> Span:
    """The count with the words that qualify it before it, as written: "at least 20 of the 23",
    "about $1.1 million in rifles", "an estimated $400,000 worth" (words hung on the number as
    degree or estimate; the entity rules take some, not those of a part or a sum of money)."""
    doc = count.doc
    if not doc.has_annotation("DEP"):
        return count
    kept = set(range(count.start, count.end))
    start = count.start
    while start > 0 and count.start - start < 3:
        prev = doc[start - 1]
        qualifies = prev.is_alpha and (
            (prev.head.i in kept and prev.dep_ in ("advmod", "quantmod")) or prev.lower_ == "estimated"
        )
        estimate = prev.lower_ in ("a", "an") and start < count.start and doc[start].lower_ == "estimated"
        if not (qualifies or estimate):
            break
        start -= 1
        kept.add(start)
    if start > 0 and doc[start].lower_ == "than" and doc[start - 1].lower_ in ("more", "less", "fewer"):
        start -= 1  # "more than $20 million": the parser hangs "more" elsewhere
    return doc[start : count.end]

