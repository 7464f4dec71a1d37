"""Materiel quantities: numbers kept only where they count materiel ("10,000 guns", "64 million
rounds", "two ... launchers", "04 x 9mm pistols", "hundreds of AT4 launchers"), with their
approximations ("over")."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from .entity_base import _CONTAINERS, _SET_NOUNS, _Cand, describes, in_hyphenated
from .number_words import UNIT_WORDS
from .sentences import ITEM_LINE

__all__ = ["NUMBER_SCALES", "QuantityFinder", "count_value"]

#: words that multiply the number before them: "64 million rounds", "15 lakh rounds" (a hundred
#: thousand, in South Asian reporting), "2 crore" (ten million)
NUMBER_SCALES = frozenset({"thousand", "million", "billion", "lakh", "lakhs", "crore", "crores"})


class QuantityFinder:
    """Finds QUANTITY spans; settings from the ``quantity`` block of the weapon patterns."""

    def __init__(self, weapon_patterns: dict[str, Any]) -> None:
        q = weapon_patterns.get("quantity", {})
        self.q_prefixes = sorted((p.split(" ") for p in q.get("prefixes", [])), key=len, reverse=True)
        self.q_ammo_units = set(q.get("ammunition_units", []))
        self.q_weight_units = set(q.get("weight_units", []))
        self.q_generic_nouns = set(q.get("generic_weapon_nouns", []))
        self.q_not = set(q.get("not_quantity", []))
        self.q_not_materiel = {w.lower() for w in q.get("not_materiel", [])}

    def find(self, doc: Doc, ents: Sequence[_Cand]) -> list[_Cand]:
        """QUANTITY candidates among the tokens ``ents`` leave free."""
        taken = {i for c in ents for i in range(c.start, c.end)}
        weapon_starts = {c.start for c in ents if c.label in ("WEAPON_SYSTEM", "WEAPON_CATEGORY", "SERIAL_NUMBER")}
        weapon_tokens = {
            i for c in ents if c.label in ("WEAPON_SYSTEM", "WEAPON_CATEGORY") for i in range(c.start, c.end)
        }
        out: list[_Cand] = []
        ones: list[_Cand] = []  # "one" before goods: kept where the sentence counts other goods
        i = 0
        n = len(doc)
        while i < n:
            tok = doc[i]
            vague = tok.lower_ in ("hundreds", "thousands", "dozens")
            sized = self._sized_amount(doc, i, taken, weapon_starts, weapon_tokens)
            if sized:
                out.append(_Cand(i, sized, "QUANTITY", "", 1, "rule"))  # "large quantities of", "a large amount of"
                i = sized
                continue
            if (
                i not in taken
                and _TIMES_COUNT.fullmatch(tok.text)
                and (_line_start(doc, i) or self._goods_at(doc, _past_describing(doc, i + 1, weapon_starts),
                                                           weapon_starts))
            ):
                out.append(_Cand(i, i + 1, "QUANTITY", "", 1, "rule"))  # "2x RPG-7", "11x AKM" in a list
                i += 1
                continue
            if (
                vague
                and i + 2 < n
                and doc[i + 1].lower_ == "of"
                and doc[i + 2].lower_ in _ROUNDS
                and not any(x in taken for x in range(i, i + 3))
            ):
                # "hundreds of rounds (of ammunition)": with its unit, as "2,300 rounds" is written
                out.append(_Cand(i, i + 3, "QUANTITY", "", 1, "rule"))
                i += 3
                continue
            if (
                (vague or _loads(doc, i))
                and i not in taken
                and i + 2 < n
                and doc[i + 1].lower_ == "of"
                and self._goods_at(doc, _past_describing(doc, i + 2 + (doc[i + 2].lower_ == "the"), weapon_starts),
                                   weapon_starts)
            ):
                out.append(_Cand(i, i + 1, "QUANTITY", "", 1, "rule"))  # "hundreds of AT4 launchers"
                i += 1
                continue
            if (
                tok.lower_ in ("a", "an")
                and i + 2 < n
                and doc[i + 1].lower_ in _SET_NOUNS
                and doc[i + 2].lower_ == "of"
                and not any(x in taken for x in range(i, i + 2))
                and self._goods_of(doc, i + 2, weapon_starts, weapon_tokens)
            ):
                out.append(_Cand(i, i + 2, "QUANTITY", "", 1, "rule"))  # "a pair of goggles", "a batch of missiles"
                i += 2
                continue
            if (
                tok.lower_ in ("hundreds", "tens", "dozens")
                and not any(x in taken for x in range(i, i + 3))
                and i + 4 < n
                and [t.lower_ for t in doc[i + 1 : i + 4]] in (["of", "thousands", "of"], ["of", "millions", "of"])
            ):
                # "hundreds of thousands of rounds", "tens of millions of rifles" ... with the unit
                counted = i + 4 in weapon_starts or doc[i + 4].lower_ in self.q_generic_nouns
                if doc[i + 4].lower_ in self.q_ammo_units and i + 4 not in taken:
                    out.append(_Cand(i, i + 5, "QUANTITY", "", 1, "rule"))
                elif counted:
                    out.append(_Cand(i, i + 3, "QUANTITY", "", 1, "rule"))
                i += 3
                continue
            if i in taken or not self._is_number(tok):
                i += 1
                continue
            j = i
            while (
                j < n
                and j not in taken
                and (self._is_number(doc[j]) or doc[j].lower_ in NUMBER_SCALES)
                and not (j > i and doc[j - 1].is_alpha and doc[j].text[:1].isdigit())  # "one 36-grenade ring"
            ):
                j += 1
                if _hyphenated_number(doc, j) and j not in taken and j + 1 not in taken:
                    j += 1  # "Thirty-seven": the tens and the units of one number word, split at the hyphen
            if j == i + 1 and j < n and doc[j].text in ("-", "–") and not doc[i].whitespace_:
                i = j  # "a 36-grenade ring", "12-gauge": a number joined to a noun describes, it counts nothing
                continue
            if i > 0 and doc[i - 1].lower_ in _VERSION_WORDS:
                i = j  # "Generation 3 goggles", "Mark 2 mines": the number names a version, it counts nothing
                continue
            start = self._quantity_prefix(doc, i, taken)
            number_text = doc[i:j].text.lower()
            if (
                j + 1 < n and doc[j].text == "+" and not doc[j - 1].whitespace_ and j not in taken
                and self._goods_at(doc, _past_describing(doc, j + 1, weapon_starts), weapon_starts)
            ):
                out.append(_Cand(start, j + 1, "QUANTITY", "", 1, "rule"))  # "48+ magazines": at least 48
                i = j + 1
                continue
            if number_text in _ONE:
                k = _past_describing(doc, j, weapon_starts)
                if start == i and self._goods_at(doc, k, weapon_starts):  # not "at least one"
                    ones.append(_Cand(start, j, "QUANTITY", "", 1, "rule"))
                i = j
                continue
            if number_text in self.q_not:
                i = j
                continue
            sent_has_weapon = self._sentence_has_weapon(doc, i, weapon_tokens)
            unit = doc[j] if j < n else None
            if (
                unit is not None
                and unit.lower_ in _SET_NOUNS | _ITEM_NOUNS
                and j not in taken
                and j + 1 < n
                and doc[j + 1].lower_ == "of"
                and self._goods_of(doc, j + 1, weapon_starts, weapon_tokens)
            ):
                out.append(_Cand(start, j + 1, "QUANTITY", "", 1, "rule"))  # "12 pairs of night-vision goggles"
                i = j + 1
                continue
            if unit is not None and unit.lower_ in _CONTAINERS and not (
                j + 1 < n and doc[j + 1].lower_ == "of" and self._goods_of(doc, j + 1, weapon_starts, weapon_tokens)
            ):
                i = j + 1  # "five cases against ...", "300 cases of diversion": cases of law, not of ammunition
                continue
            if unit is not None and j not in taken and (
                unit.lower_ in self.q_ammo_units | self.q_weight_units or _loads(doc, j)
            ):
                if self._of_other_goods(doc, j + 1):
                    i = j + 1  # "170kg of ketamine" beside the rifles: an amount of drugs, not of materiel
                    continue
                if unit.lower_ in self.q_ammo_units or _loads(doc, j) or sent_has_weapon:
                    out.append(_Cand(start, j + 1, "QUANTITY", "", 1, "rule"))
                i = j + 1
                continue
            kind = _past_describing(doc, j, weapon_starts)
            if (
                kind + 1 < n
                and doc[kind].lower_ in _KIND_NOUNS
                and doc[kind + 1].lower_ == "of"
                and not any(x in taken for x in range(j, kind + 1))
                and self._goods_of(doc, kind + 1, weapon_starts, weapon_tokens)
            ):
                out.append(_Cand(start, j, "QUANTITY", "", 1, "rule"))  # "300 different types of weapons"
                i = kind + 1
                continue
            k = j + 1 if j + 1 < n and doc[j].lower_ in ("x", "×") and j not in taken else j  # "04 x 9mm Pistols"
            if self._goods_at(doc, _past_describing(doc, k, weapon_starts), weapon_starts):
                out.append(_Cand(start, j, "QUANTITY", "", 1, "rule"))
            i = j
        return out + [c for c in ones if _counted_beside(doc, c, out)]

    def _sized_amount(
        self, doc: Doc, i: int, taken: set[int], weapon_starts: set[int], weapon_tokens: set[int]
    ) -> int:
        """The end of a vague amount written as an amount at ``i``, or 0: a size adjective before
        "quantities" or "amount" and "of" goods ("large quantities of rifles", "a large amount of
        cartridges", "huge quantities of various types")."""
        k = i + (doc[i].lower_ in ("a", "an"))
        if not (
            k + 2 < len(doc)
            and doc[k].lower_ in _SIZE_WORDS
            and doc[k + 1].lower_ in _AMOUNT_NOUNS
            and doc[k + 2].lower_ == "of"
            and (k == i) == doc[k + 1].lower_.endswith("s")
            and not any(x in taken for x in range(i, k + 2))
        ):
            return 0
        kind = _past_describing(doc, k + 3, weapon_starts)
        if kind < len(doc) and doc[kind].lower_ in _KIND_NOUNS:
            return k + 2
        return k + 2 if self._goods_of(doc, k + 2, weapon_starts, weapon_tokens) else 0

    def _goods_of(self, doc: Doc, of: int, weapon_starts: set[int], weapon_tokens: set[int]) -> bool:
        """Whether the phrase of the "of" at ``of`` names materiel: its object is an item mention
        ("pairs of the Generation 3 Night Vision Goggles"), or, with no parse, goods follow it."""
        objects = [t for t in doc[of].children if t.dep_ == "pobj"]
        if objects:
            return objects[0].i in weapon_tokens or objects[0].lower_ in self.q_generic_nouns
        k = of + 1 + (of + 1 < len(doc) and doc[of + 1].lower_ == "the")
        return self._goods_at(doc, _past_describing(doc, k, weapon_starts), weapon_starts)

    def _goods_at(self, doc: Doc, k: int, weapon_starts: set[int]) -> bool:
        """Whether materiel is named at ``k``: an item mention or a generic word for weapons."""
        return k < len(doc) and (k in weapon_starts or doc[k].lower_ in self.q_generic_nouns)

    def _of_other_goods(self, doc: Doc, k: int) -> bool:
        """Whether ``doc[k:]`` reads "of <goods that are no materiel>" ("of cocaine", "of pure heroin")."""
        if k >= len(doc) or doc[k].lower_ != "of":
            return False
        for tok in doc[k + 1 : k + 4]:
            if tok.lower_ in self.q_not_materiel:
                return True
            if not (tok.is_alpha and tok.is_lower):
                return False
        return False

    @staticmethod
    def _is_number(tok: Any) -> bool:
        return (
            bool(tok.like_num)
            and not tok.text.lower().endswith(("st", "nd", "rd", "th"))
            and tok.text not in (",", ".")
        )

    def _quantity_prefix(self, doc: Doc, i: int, taken: set[int]) -> int:
        for prefix in self.q_prefixes:
            n = len(prefix)
            if (
                i - n >= 0
                and [t.lower_ for t in doc[i - n : i]] == prefix
                and not any(x in taken for x in range(i - n, i))
                and not _verb_particle(doc, i - n, prefix)
            ):
                return i - n
        return i

    @staticmethod
    def _sentence_has_weapon(doc: Doc, i: int, weapon_tokens: set[int]) -> bool:
        if doc[i].is_sent_start is not None or doc[0].is_sent_start:
            sent = doc[i].sent
            return any(x in weapon_tokens for x in range(sent.start, sent.end)) or any(
                t.lower_ in ("weapons", "arms", "ammunition", "munitions") for t in sent
            )
        return bool(weapon_tokens)


#: a count of one: a quantity only in a sentence that counts other goods ("20 rifles, six
#: grenades and one ammunition box", "1 rifle, 4 magazines"); alone, or approximate ("at least one launcher was seen"),
#: the gold has none
_ONE = {"one", "1"}


def _counted_beside(doc: Doc, one: _Cand, counts: list[_Cand]) -> bool:
    """Whether another count of goods stands in the sentence of ``one``, and no semicolon
    between them."""
    if doc[one.start].is_sent_start is not None or doc[0].is_sent_start:
        sent = doc[one.start].sent
        start, end = sent.start, sent.end
    else:
        start, end = 0, len(doc)
    if any(
        start <= c.start < end and not any(t.text == ";" for t in doc[min(c.start, one.start) : max(c.end, one.end)])
        for c in counts
    ):
        return True
    # "- 1 Ruger rifle" under "- 18 handguns": the goods of a list, one item a line, are counted
    # together (no blank line between the two items' lines)
    return _item_line(doc, one.start) and any(
        _item_line(doc, c.start)
        and "\n\n" not in doc.text[doc[min(c.start, one.start)].idx : doc[max(c.start, one.start)].idx]
        for c in counts
    )


def _item_line(doc: Doc, i: int) -> bool:
    """Whether token ``i`` stands on a line that opens a list item ("- ", "2. ", "(b) ")."""
    text = doc.text
    start = text.rfind("\n", 0, doc[i].idx) + 1
    end = text.find("\n", start)
    return ITEM_LINE.match(text, start, len(text) if end < 0 else end) is not None


def _hyphenated_number(doc: Doc, k: int) -> bool:
    """Whether ``doc[k]`` is the hyphen of a number written in words ("twenty-four", "Thirty-seven"):
    the tokenizer splits it in three."""
    return (
        0 < k < len(doc) - 1
        and doc[k].text == "-"
        and doc[k - 1].is_alpha
        and doc[k + 1].is_alpha
        and bool(doc[k - 1].like_num)
        and bool(doc[k + 1].like_num)
        and not doc[k].whitespace_
        and not doc[k - 1].whitespace_
    )


def _loads(doc: Doc, k: int) -> bool:
    """Whether ``doc[k]`` measures goods by what carries them: "two truckloads of ammunition",
    "boatloads of rifles" (a word in "-load(s)" before "of")."""
    word = doc[k].lower_
    return (
        word.endswith(("loads", "load")) and len(word) > 6 and word.isalpha()
        and k + 1 < len(doc) and doc[k + 1].lower_ == "of"
    )


def _past_describing(doc: Doc, k: int, weapon_starts: set[int]) -> int:
    """The first token from ``k`` past up to three describing words ("two high-powered", "dozens
    of advanced Norvessan-made", "19 fully manufactured"), a hyphenated one counted by its parts;
    an item mention stops it. The state the goods are of may come first ("1,900 US military
    firearms", "40 Velmari rifles")."""
    words = 0
    if k < len(doc) and k not in weapon_starts and _one_word_state(doc, k):
        k += 1
    while (
        k < len(doc)
        and words < 3
        and k not in weapon_starts
        and (describes(doc[k]) or doc[k].text in ("-", "–") or in_hyphenated(doc[k]) or _grading(doc, k))
    ):
        words += doc[k].text not in ("-", "–")
        k += 1
    return k


#: words a number after them names a version of ("Generation 3", "Mark 2", "Block 1") or a legal
#: class of ("a section 5 firearm", "Tier 2 goods")
_VERSION_WORDS = {
    "generation", "gen", "gen.", "mark", "mk", "mk.", "block", "series", "version", "phase", "section", "tier",
}

#: nouns of kinds that a count of goods is written with ("300 different types of weapons")
_KIND_NOUNS = {"types", "kinds", "sorts", "varieties"}

#: nouns of single items a count of goods is written with ("38 units of communications
#: equipment", "132 samples of combat vehicles", as defence ministries translated from Slavic
#: languages write it); with their count, as "12 pairs of" is
_ITEM_NOUNS = {"units", "samples"}
#: a count written with a times sign, as arms researchers list goods ("2x", "11x", "4×")
_TIMES_COUNT = re.compile(r"\d{1,5}[x×]")
#: size words a vague amount is written with ("large quantities of", "a huge amount of")
#: (words of physical size only: "a significant amount of" is a manner of speaking, no amount)
_SIZE_WORDS = {"large", "huge", "vast", "massive", "enormous"}
_AMOUNT_NOUNS = {"quantities", "quantity", "amounts", "amount"}


def _line_start(doc: Doc, i: int) -> bool:
    """Whether token ``i`` is the first word on its line."""
    before = doc.text[: doc[i].idx].rstrip(" \t")
    return not before or before.endswith("\n")


#: the units of ammunition a vague count is written with ("hundreds of rounds")
_ROUNDS = {"rounds", "cartridges", "shells", "bullets"}


def _one_word_state(doc: Doc, k: int) -> bool:
    """Whether the model reads ``doc[k]`` alone as a state or a nationality ("US", "Velmari")."""
    whole = doc[k].ent_iob_ == "B" and (k + 1 == len(doc) or doc[k + 1].ent_iob_ != "I")
    return whole and doc[k].ent_type_ in ("GPE", "NORP")


def _grading(doc: Doc, k: int) -> bool:
    """ "fully" in "19 fully manufactured rifles": an adverb in -ly before a describing word."""
    return (
        doc[k].pos_ == "ADV" and doc[k].lower_.endswith("ly") and k + 1 < len(doc) and describes(doc[k + 1])
    )


# verbs whose particle reads like an approximation: "handed over 25 launchers", "turned over 40
# rifles", "gave up 12 pistols" (the particle belongs to the verb, the quantity is exact)
_PARTICLE_VERBS = {"hand", "handed", "hands", "handing", "turn", "turned", "turns", "turning",
                   "give", "gave", "given", "gives", "giving", "pass", "passed", "passes", "passing",
                   "sign", "signed", "signs", "signing", "hand-over"}


def _verb_particle(doc: Doc, k: int, prefix: list[str]) -> bool:
    """Whether the one-word prefix at ``k`` ("over", "up", "around") is the particle of the verb before it."""
    if len(prefix) != 1 or prefix[0] not in ("over", "up", "around") or k == 0:
        return False
    before = doc[k - 1]
    return before.lower_ in _PARTICLE_VERBS or (before.pos_ == "VERB" and doc[k].dep_ == "prt")


_TENS = {
    w: 10 * n
    for n, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2)
}
_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "lakh": 100_000,
    "lakhs": 100_000,
    "million": 1_000_000,
    "crore": 10_000_000,
    "crores": 10_000_000,
    "billion": 1_000_000_000,
}
_DIGITS = re.compile(r"(\d[\d,. ]*)\s*(thousand|million|billion|lakhs?|crores?)?", re.I)


def count_value(text: str | None) -> float | None:
    """The number a quantity as written counts: "1,200 rounds" 1200, "64 million rounds" 64e6,
    "Thirty-seven" 37, "two hundred" 200, "a dozen" 12, "15 lakh rounds" 15e5; None for a vague
    count ("several", "hundreds of")."""
    if not text:
        return None
    m = _DIGITS.search(text)
    if m:
        try:
            value = float(m.group(1).replace(",", "").replace(" ", ""))
        except ValueError:
            return None
        return value * _SCALES.get((m.group(2) or "").lower(), 1)
    total = current = 0
    found = False
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in UNIT_WORDS or word in _TENS:
            current += UNIT_WORDS.get(word, 0) + _TENS.get(word, 0)
        elif word in ("a", "an") and not found:
            current = 1  # "a dozen", "a hundred": one of them, if a count follows
            continue
        elif word == "dozen":
            current = (current or 1) * 12
        elif word in _SCALES and (found or current):
            scale = _SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        elif word == "and" or not found:
            continue
        else:
            break
        found = True
    return float(total + current) if found else None
