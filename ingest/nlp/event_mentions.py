"""Custody event item mentions that are no entity of the entity rules.

Serials the text cues ("serial no. JV 7733", "the plate reads ST20416"), generic materiel
("weapons", "an arms shipment") and vessels ("the dhow"); and the weapon words inside the name of
a law, treaty or programme ("the Arms Export Control Act"), which name no item. Carriers (vessels,
vehicles, containers).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .event_base import MATERIEL, MOVE_TYPES, VESSEL, EventRulesBase

_SERIAL_TOKEN = re.compile(r"^(?=.*\d)[A-Z0-9]{1,8}(?:[-/][A-Z0-9]{1,8})*$")
_SERIAL_PREFIX = re.compile(r"^[A-Z]{1,6}$")
_SERIAL_DIGITS = re.compile(r"^\d{3,}$")
#: Words after which a code is a serial ("serial no. JV 7733", "the plate reads ST20416").
_SERIAL_CUES = {
    "serial",
    "serials",
    "no.",
    "nos.",
    "number",
    "numbers",
    "s/n",
    "sn",
    "#",
    "reads",
    "read",
    "reading",
    "stamped",
    "engraved",
    "marked",
    "bearing",
    "lot",
}


#: Words before "devices" that make them phones, computers or data carriers: what police take as
#: evidence of a crime, no materiel ("electronic devices", "mobile devices", "storage devices").
_DATA_MODIFIERS = {"electronic", "mobile", "digital", "computer", "storage", "cellular"}
#: Capitalised heads that make a title an instrument's name: "the Arms Export Control Act".
_INSTRUMENT_NOUNS = {
    "act", "acts", "law", "laws", "regulation", "regulations", "convention", "treaty", "programme",
    "program", "protocol", "code", "statute", "agreement", "resolution", "directive", "ordinance",
    "initiative", "decree", "bill", "rule", "rules", "embargo", "sanctions", "regime", "strategy",
}  # fmt: skip
#: Small words inside an instrument's name: "Convention on Certain Conventional Weapons".
_TITLE_GLUE = {"on", "of", "for", "against", "and", "the", "in", "to", "&"}


def in_instrument_name(w: Span) -> bool:
    """A weapon word inside the capitalised name of a law, treaty or programme ("in violation of
    the Arms Export Control Act", "the Small Arms Programme") names the instrument, not an item."""
    doc = w.doc

    def titled(t: Token) -> bool:
        return t.is_alpha and (t.is_title or t.is_upper) and len(t.text) > 1

    if not all(titled(t) or not t.is_alpha for t in w):
        return False
    run = list(w)
    for step in (1, -1):
        k = w.end if step == 1 else w.start - 1
        while 0 <= k < len(doc) and len(run) < len(w) + 8:
            t = doc[k]
            if titled(t):
                run.append(t)
            elif not (t.lower_ in _TITLE_GLUE and 0 <= k + step < len(doc) and titled(doc[k + step])):
                break
            k += step
    return any(titled(t) and t.lower_ in _INSTRUMENT_NOUNS for t in run)


class MentionRules(EventRulesBase):
    def _cued_serials(self, doc: Doc) -> list[Span]:
        """Serials the entity rules left unlabelled because of their shape, where the text says
        they are serials: "serial no. JV 7733" (with a space), "the plate reads ST20416"."""
        out: list[Span] = []
        lowers = self._lowers
        for i, word in enumerate(lowers):
            if word not in _SERIAL_CUES:
                continue
            k = i + 1
            while k < len(doc) and k <= i + 3 and (lowers[k] in _SERIAL_CUES or doc[k].text in (":", "#")):
                k += 1
            if k >= len(doc) or self._ent_of_token[k] >= 0:
                continue
            first = doc[k]
            nxt = doc[k + 1] if k + 1 < len(doc) else None
            if _SERIAL_PREFIX.match(first.text) and nxt is not None and _SERIAL_DIGITS.match(nxt.text):
                if self._ent_of_token[k + 1] < 0:
                    out.append(Span(doc, k, k + 2, label="SERIAL_NUMBER"))
            elif (
                _SERIAL_TOKEN.match(first.text)
                and sum(ch.isdigit() for ch in first.text) >= 4
                and (len(first.text) >= 5 or not first.text.isdigit())  # not a year
            ):
                out.append(Span(doc, k, k + 1, label="SERIAL_NUMBER"))
        return out

    def _materiel(self, doc: Doc) -> list[Span]:
        """Item mentions that are no entity: "weapons", "an arms shipment", "armored medical
        treatment vehicles", "the dhow" (label MATERIEL or VESSEL), with up to three modifiers."""
        out: list[Span] = []
        has_dep = doc.has_annotation("DEP")
        for i, word in enumerate(self._lowers):
            if word in self.materiel_nouns:
                label = MATERIEL
            elif word in self.vessel_nouns:
                label = VESSEL
            else:
                continue
            tok = doc[i]
            if self._ent_of_token[tok.i] >= 0:
                continue
            if has_dep and tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if word in ("parts", "part") and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
                continue  # "parts of the shipment": a share of the items, not weapon parts
            if word == "items" and not _particular_items(tok):
                continue  # "to verify items under monitoring": goods in general, no particular ones
            if word == "devices" and i > 0 and self._lowers[i - 1] in _DATA_MODIFIERS:
                continue  # "electronic devices", "mobile devices": phones and computers, no materiel
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if has_dep and tok.dep_ == "compound" and tok.head.i > tok.i:
                head = tok.head.lower_
                if head in self.materiel_nouns or head in self.vessel_nouns:
                    continue  # "arms shipment" is one item
                # "weapons transfers to the militia": the goods of a particular movement; "arms
                # trafficking", "arms sales" alone: a generic activity
                act = self.nouns.get(tok.head.lemma_.lower())
                moved = act in MOVE_TYPES and _moved_somewhere(tok.head)
                if act is not None and not moved:
                    continue
                if tok.head.pos_ == "NOUN" and not moved:
                    continue  # "the UN arms embargo", "an arms dealer": a modifier of something else
            if (
                nxt is not None
                and not has_dep
                and (nxt.lower_ in self.materiel_nouns or nxt.lower_ in self.vessel_nouns)
            ):
                continue
            start = tok.i
            words = 0
            k = tok.i - 1
            while k >= 0 and words < 3:
                t = doc[k]
                if self._ent_of_token[k] >= 0 or t.lower_ in self.vague_modifiers or t.like_num:
                    break
                if has_dep:
                    inside = start <= t.head.i <= tok.i
                    if t.text in ("-", "–") and inside:
                        k -= 1
                        continue
                    hyphened = t.dep_ == "npadvmod" and doc[k + 1].text in ("-", "–")  # "war-like stores"
                    if not (
                        inside
                        and (t.dep_ in ("compound", "amod", "nmod") or hyphened)
                        and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
                    ):
                        break
                elif not (
                    t.lower_ in self.materiel_nouns or (t.is_alpha and t.is_lower and t.lower_ in ("military", "arms"))
                ):
                    break
                start = k
                if t.is_alpha:
                    words += 1
                k -= 1
            while doc[start].text in ("-", "–") and start < tok.i:
                start += 1
            out.append(Span(doc, start, tok.i + 1, label=label))
        return out


def _moved_somewhere(act: Token) -> bool:
    """ "weapons transfers to the militia", "arms deliveries from Norland": an act noun of moving
    goods with a "to" or "from" phrase of its own tells a particular movement, whose goods the
    noun before it names."""
    return any(c.dep_ == "prep" and c.lower_ in ("to", "from") for c in act.children)


def _particular_items(tok: Token) -> bool:
    """ "the recovered items", "the aforementioned items", "more than 600 items": "items" with a
    word that tells which goods (a modifier or a count; with a parse only). "the items" alone
    stands for the goods told before, which the pointing-back rules name."""
    if not tok.doc.has_annotation("DEP"):
        return False
    return any(c.dep_ in ("nummod", "amod", "compound", "quantmod") for c in tok.children)


#: Prepositions that put goods inside a carrier ("concealed in three vehicles").
_INSIDE = {"in", "inside", "within", "into", "aboard"}


def bound_carrier(tok: Token, carriers: set[str]) -> Token | None:
    """The carrier a destination word tells of: "a shipping container destined for Q" (the noun
    it modifies), "the container ... was destined for Q" (its subject); None when what is bound
    there is no carrier (a word of ``carriers``), or without a parse."""
    if not tok.doc.has_annotation("DEP"):
        return None
    if tok.dep_ in ("acl", "amod", "relcl"):
        carrier: Token | None = tok.head
    else:
        carrier = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return carrier if carrier is not None and carrier.lower_ in carriers else None


def goods_inside(carrier: Token) -> Token | None:
    """ "concealed in the air filters of three vehicles": the word putting goods inside the
    carrier (through "of" phrases), or None when the carrier is no place the goods are in."""
    cur = carrier
    while cur.dep_ == "pobj" and cur.head.dep_ == "prep":
        prep = cur.head
        if prep.lower_ in _INSIDE:
            return prep
        if prep.lower_ != "of" or prep.head.pos_ != "NOUN":
            return None
        cur = prep.head
    return None


def carrier_item(carrier: Token) -> Span:
    """The carrier as an item, with the modifiers just before it ("abandoned export shipping
    container")."""
    start = carrier.i
    for c in sorted(carrier.lefts, key=lambda t: -t.i):
        if c.i != start - 1 or c.dep_ not in ("compound", "amod", "nmod"):
            break
        start = c.i
    return Span(carrier.doc, start, carrier.i + 1, label=MATERIEL)


#: Nouns of what carries goods (besides vessels): bound somewhere with its cargo, not moved itself.
CARRIER_NOUNS = {
    "vehicle", "vehicles", "car", "cars", "truck", "trucks", "lorry", "lorries", "van", "vans", "container",
    "containers", "parcel", "parcels", "package", "packages", "trailer", "trailers", "aircraft", "plane", "flight",
}  # fmt: skip


def is_carrier(m: Span) -> bool:
    """A vessel or a carrier noun ("three vehicles"): what goods travel in."""
    return m.label_ == VESSEL or m[-1].lower_ in CARRIER_NOUNS

