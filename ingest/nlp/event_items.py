"""Custody event items: which weapon mentions a trigger governs, grouped into clusters."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .event_base import (
    _GLUE_QUANTITY,
    _GLUE_SERIAL,
    _GLUE_SERIAL_BEFORE,
    _GLUE_SERIAL_LIST,
    _POINTING_DETERMINERS,
    GENERIC_ITEM_LABELS,
    ITEM_PREPS,
    MATERIEL,
    VESSEL,
    Cluster,
    EventRulesBase,
    Trigger,
)

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


#: Nouns of holding: "in the possession of", "in the hands of".
_HOLDING_NOUNS = {"possession", "hands", "custody"}
#: Verbs whose object lists what their subject holds.
_CONTAINING_VERBS = {"include", "contain", "comprise", "consist", "feature", "cover"}
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


class ItemRules(EventRulesBase):
    def _cued_serials(self, doc: Doc) -> list[Span]:
        """Serials the entity rules left unlabelled because of their shape, where the text says
        they are serials: "serial no. JV 7733" (with a space), "the plate reads ST20416"."""
        out: list[Span] = []
        for tok in doc:
            if tok.lower_ not in _SERIAL_CUES:
                continue
            k = tok.i + 1
            while k < len(doc) and k <= tok.i + 3 and (doc[k].lower_ in _SERIAL_CUES or doc[k].text in (":", "#")):
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
        for tok in doc:
            word = tok.lower_
            if word in self.materiel_nouns:
                label = MATERIEL
            elif word in self.vessel_nouns:
                label = VESSEL
            else:
                continue
            if self._ent_of_token[tok.i] >= 0:
                continue
            if has_dep and tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if word in ("parts", "part") and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
                continue  # "parts of the shipment": a share of the items, not weapon parts
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if has_dep and tok.dep_ == "compound" and tok.head.i > tok.i:
                head = tok.head.lower_
                if head in self.materiel_nouns or head in self.vessel_nouns or tok.head.lemma_.lower() in self.nouns:
                    continue  # "arms shipment" is one item; "arms trafficking" a generic activity
                if tok.head.pos_ == "NOUN":
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
                    if not (
                        inside and t.dep_ in ("compound", "amod", "nmod") and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
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

    def _assign(self, sent: Span, triggers: Sequence[Trigger], weapons: Sequence[Span]) -> dict[int, list[Span]]:
        """Which weapon mentions belong to which trigger."""
        doc = sent.doc
        by_index = {t.token.i: t for t in triggers}
        self._trigger_tokens = set(by_index)
        # token -> trigger token; "a drawdown package including ...": the items hang off "package"
        anchor: dict[int, int] = {i: i for i in by_index}
        for t in triggers:
            if t.noun and t.token.dep_ == "compound" and t.token.head.i not in anchor:
                anchor[t.token.head.i] = t.token.i
            if t.token.lower_ in self.adjectives and t.token.dep_ in ("acomp", "oprd", "xcomp", "advcl"):
                anchor.setdefault(t.token.head.i, t.token.i)  # "rifles went missing": the state's subject
            elif (
                not t.noun
                and t.token.dep_ in ("xcomp", "oprd", "ccomp")
                and t.token.head.lemma_.lower() in _STATING_VERBS
                and t.token.head.i not in by_index
            ):
                anchor.setdefault(t.token.head.i, t.token.i)  # "45 pistols were reported stolen"
        if doc.has_annotation("DEP"):
            # "the package includes: ...", "the capabilities in this package include ...": the list
            # is what the act noun moves
            for t in triggers:
                if not t.noun and t.token.dep_ not in ("amod", "acl"):
                    continue
                up = t.token
                if not t.noun and t.token.dep_ in ("amod", "acl"):
                    up = t.token.head  # "the stolen equipment includes ...", "the weapons seized included ..."
                for _ in range(3):
                    if up.dep_ in ("nsubj", "nsubjpass") and up.head.lemma_.lower() in _CONTAINING_VERBS:
                        anchor.setdefault(up.head.i, t.token.i)
                        break
                    if up.head.i == up.i or up.dep_ not in ("pobj", "prep", "compound", "nsubj"):
                        break
                    up = up.head
        out: dict[int, list[Span]] = {}
        if doc.has_annotation("DEP"):
            for w in weapons:
                cur: Token = w.root
                hops = 0
                generic = w.label_ in (MATERIEL, VESSEL)
                while hops < 12:
                    if cur.i in anchor and not (cur.i >= w.start and cur.i < w.end):
                        if not (w.label_ == VESSEL and by_index[anchor[cur.i]].type != "SEIZURE"):
                            out.setdefault(anchor[cur.i], []).append(w)
                        break
                    if cur.head.i == cur.i:
                        break
                    in_value = cur.lower_ == "in" and self._entity_at(cur.head, ("MONEY",)) is not None
                    if generic and cur.dep_ == "prep" and cur.lower_ not in ITEM_PREPS and not in_value:
                        break  # "from inside a vessel", "to the depot": a role, not the item
                    if generic and cur.dep_ == "nsubj" and cur.head.i in anchor and cur.head.pos_ == "VERB":
                        break  # "a patrol ship seized ...": the doer, not the item
                    cur = cur.head
                    hops += 1
            for t in triggers:  # "guns smuggled ...", "launcher JAV-0042, which it received ..."
                tok = t.token
                held = t.noun and tok.lower_ in _HOLDING_NOUNS and tok.dep_ == "pobj" and tok.head.lower_ == "in"
                if held:
                    # "rifles in the possession of the group", "photographed rifles in the hands of ..."
                    holder = tok.head.head
                    if holder.pos_ in ("VERB", "AUX"):
                        obj = [c for c in holder.children if c.dep_ in ("dobj", "nsubjpass")]
                        obj += [c for c in holder.children if c.dep_ == "nsubj"]  # "rifles were in the hands of"
                        holder = obj[0] if obj else holder
                    group = [w for w in weapons if any(w.start <= h.i < w.end for h in _conjuncts(holder))]
                    out.setdefault(tok.i, []).extend(w for w in group if w not in out.get(tok.i, []))
                # "the arms believed to have been diverted": the stating verb is the noun's clause
                stated = (
                    tok.dep_ in ("xcomp", "ccomp", "oprd")
                    and tok.head.dep_ in ("acl", "relcl")
                    and tok.head.lemma_.lower() in _STATING_VERBS
                )
                if (
                    tok.dep_ in ("acl", "relcl") or stated or (tok.dep_ == "amod" and tok.lower_ in self.adjectives)
                ) and not t.noun:
                    head = tok.head.head if stated else tok.head
                    if head.dep_ == "pobj" and head.head.lower_ == "among" and head.head.head.i != head.head.i:
                        # "goggles were among the items stolen at ...": the subject is the item
                        be = head.head.head
                        subj = [c for c in be.children if c.dep_ in ("nsubj", "nsubjpass")]
                        # "among the weapons recovered were 40 rifles and ...": the list stands after "were"
                        subj = subj or [c for c in be.children if c.dep_ == "attr" and be.lemma_ == "be"]
                        if subj and tok.i in out:
                            # the class the list is among is no item of its own
                            out[tok.i] = [w for w in out[tok.i] if not (w.label_ == MATERIEL and w.root.i == head.i)]
                        head = subj[0] if subj else head
                        if subj and be.dep_ == "relcl" and head.tag_ in ("WDT", "WP"):
                            head = be.head  # "the rifle, which was among the weapons captured by ..."
                    traced = _traced_item_phrases(head)
                    if traced:
                        # "traced the rifle to a batch stolen from ...": the batch stands for the rifle
                        span = {i for c in traced for i in range(c.left_edge.i, c.right_edge.i + 1)}
                        group = [w for w in weapons if any(i in span for i in range(w.start, w.end))]
                        out.setdefault(tok.i, []).extend(w for w in group if w not in out.get(tok.i, []))
                        continue
                    while head.dep_ == "conj" and head.head.i != head.i:  # the list's first member
                        head = head.head
                    heads = _conjuncts(head)
                    group = [w for w in weapons if any(w.start <= h.i < w.end or _near_head(w, h) for h in heads)]
                    for w in group:
                        if w not in out.get(tok.i, []):
                            out.setdefault(tok.i, []).append(w)
        else:
            ordered = sorted(triggers, key=lambda t: t.token.i)
            for w in weapons:
                before = [t for t in ordered if t.token.i < w.start]
                after = [t for t in ordered if t.token.i >= w.end]
                target = before[-1] if before else (after[0] if after else None)
                if target is not None and not (w.label_ == VESSEL and target.type != "SEIZURE"):
                    out.setdefault(target.token.i, []).append(w)
            for a, b in itertools.pairwise(ordered):  # "stealing and selling rifles"
                between = doc[a.token.i + 1 : b.token.i]
                if (
                    a.token.i not in out
                    and b.token.i in out
                    and between
                    and all(t.lower_ in ("and", "or", ",") for t in between)
                ):
                    out[a.token.i] = list(out[b.token.i])
        self._of_after_aside(out, triggers, weapons)
        self._extend_lists(out, weapons, sent)
        if doc.has_annotation("DEP"):
            # "charged with stealing and selling rifles": coordinated verbs share the object
            for t in triggers:
                if t.noun or t.token.i in out:
                    continue
                if any(c.dep_ in ("dobj", "nsubjpass") for c in t.token.children):
                    continue
                partners = [c.i for c in t.token.children if c.dep_ == "conj"]
                if t.token.dep_ == "conj":
                    partners.append(t.token.head.i)
                if t.token.dep_ in ("xcomp", "advcl") and any(c.dep_ == "auxpass" for c in t.token.children):
                    # "bought rifles to be exported to Q": a passive purpose clause is about the object
                    partners.append(t.token.head.i)
                shared = next((out[p] for p in partners if p in out and p in by_index and not by_index[p].noun), None)
                if shared:
                    out[t.token.i] = list(shared)
        # a trigger noun inside another trigger's item ("seized a shipment of rifles") is no event
        # of its own: what it holds becomes the outer trigger's item
        # (every such outer trigger: "the shipment was delivered ... and later retransferred")
        owners: dict[int, list[int]] = {}
        for key, ws in out.items():
            for w in ws:
                for i in range(w.start, w.end):
                    owners.setdefault(i, []).append(key)
        for key in sorted(out, key=lambda k: -len(out[k])):
            trig = by_index[key]
            outers = [o for o in owners.get(key, []) if o != key and o in out]
            if trig.noun and outers:
                inner = out.pop(key)
                for outer in outers:
                    kept = [w for w in out[outer] if not (w.label_ == MATERIEL and w.start <= key < w.end)]
                    out[outer] = kept + [w for w in inner if w not in kept]
        for key in list(out):
            trig = by_index[key]
            kept = [w for w in out[key] if self._item_fits(trig, w)]
            # "a cache of weapons", "a shipment of rifles": what it holds is the item
            holders = {w.root.head.head.i for w in kept if w.root.head.lower_ == "of" and w.root.dep_ == "pobj"}
            # "the consignment, comprising 2,000 rifles and ...": what it comprises is the item
            holders |= {h for w in kept if (h := _container_of(w.root)) is not None}
            kept = [w for w in kept if not (w.label_ == MATERIEL and w.root.i in holders)]
            out[key] = sorted(kept, key=lambda s: s.start)
        return out

    @staticmethod
    def _of_after_aside(out: dict[int, list[Span]], triggers: Sequence[Trigger], weapons: Sequence[Span]) -> None:
        """ "the seizure, on 25 September, of an arms shipment": an act noun whose "of" phrase
        comes after an aside between commas (the parser hangs it elsewhere) governs that phrase."""
        for t in triggers:
            tok = t.token
            if not t.noun or tok.i in out:
                continue
            doc = tok.doc
            end = min(len(doc), tok.i + 12)
            if tok.i + 1 >= end or doc[tok.i + 1].text != ",":
                continue
            close = next((k for k in range(tok.i + 2, end) if doc[k].text == ","), None)
            if close is None or close + 1 >= len(doc) or doc[close + 1].lower_ != "of":
                continue
            first = next((w for w in weapons if close + 2 <= w.start <= close + 4), None)
            if first is not None and all(
                (d.is_alpha and not d.is_title) or d.like_num for d in doc[close + 2 : first.start]
            ):
                out[tok.i] = [first]

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

    def _item_fits(self, trig: Trigger, w: Span) -> bool:
        """Generic materiel is an item only of a specific act: "destroy large vehicles" is no loss,
        "people who acquire weapons" (a bare plural in the present tense) no transfer."""
        if w.label_ != MATERIEL:
            return True
        tok = trig.token
        if trig.type == "LOSS":
            # "the hardware went missing", "lost track of weapons", "could not account for
            # equipment": a loss of holdings; "destroyed vehicles" is no custody loss
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            if tok.dep_ == "amod" and tok.head.i == w.root.i and any(
                c.dep_ == "det" and c.lower_ in _POINTING_DETERMINERS for c in w.root.children
            ):
                return False  # "the missing equipment": the loss told before, not a new one
            return (
                tok.lower_ in self.adjectives
                or self._lemma(tok) == "account"
                or (nxt is not None and nxt.lower_ == "track")
            )
        lemma = self._lemma(tok)
        # the tagger sometimes reads "stole" as present: the form must be the lemma's
        present = tok.tag_ in ("VBP", "VBZ") and tok.lower_ in (lemma, lemma + "s", lemma + "es")
        if tok.doc.has_annotation("DEP") and present and not any(c.dep_ == "auxpass" for c in tok.children):
            bare = not any(c.dep_ in ("det", "nummod", "poss") for c in w.root.children)
            return not bare
        return True

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
                    # "AK-pattern rifles", "Makarov-type pistols": the model, then its class
                    joined = not gap or words <= {"-", "–", "pattern", "type", "style", "series"}
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
            while k >= sent.start and (doc[k].lower_ in _GLUE_QUANTITY or doc[k].pos_ == "ADJ" or doc[k].is_space):
                k -= 1
            for q in quantities:
                if q.end - 1 == k:
                    c.quantity = q
            if c.quantity is None:
                # "$1 billion in weapons", "millions of dollars worth of weapons": a value
                k = first.start - 1
                while k >= sent.start and doc[k].lower_ in ("in", "of", "worth", "'s", "’s", "additional"):
                    k -= 1
                if k < first.start - 1:
                    c.quantity = next((e for e in money if e.end - 1 == k), None)
        return clusters

def _is_alias(m: Span) -> bool:
    """An acronym standing for the mention before it: "SAMs", "HIMARS", "NASAMS"."""
    text = m.text[:-1] if m.text.endswith("s") else m.text
    return len(m) == 1 and text.isalpha() and text.isupper() and len(text) >= 2


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the nouns coordinated with it ("rifles, machine guns and rockets")."""
    out = [tok]
    k = 0
    while k < len(out) and len(out) < 50:
        out.extend(c for c in out[k].children if c.dep_ == "conj")
        k += 1
    return out


def _near_head(w: Span, head: Token) -> bool:
    """A mention in the same noun phrase as ``head`` (appositions, compounds)."""
    return (w.root.head.i == head.i and w.root.dep_ in ("appos", "compound", "conj")) or head.head.i in range(
        w.start, w.end
    )


# what a traced item is traced to: "traced the rifle to a batch stolen from the depot"
_BATCH_NOUNS = {"batch", "batches", "consignment", "consignments", "shipment", "shipments", "lot", "lots",
                "stock", "stocks", "stockpile", "stockpiles", "delivery", "deliveries", "order", "orders",
                "cache", "caches", "transfer", "transfers"}
# verbs that state an act as their complement: "were reported stolen", "was declared lost"
_STATING_VERBS = {
    "report", "declare", "list", "record", "confirm", "believe", "presume", "consider", "log", "say", "claim",
}  # fmt: skip
_TRACING_VERBS = {"trace", "link", "match", "connect"}


def _traced_item_phrases(noun: Token) -> list[Token]:
    """The phrases naming what was traced when ``noun`` is what it was traced to, else []."""
    prep = noun.head
    if noun.lower_ not in _BATCH_NOUNS or noun.dep_ != "pobj" or prep.lower_ not in ("to", "back"):
        return []
    verb = prep.head
    if verb.lower_ == "back" and verb.head.i != verb.i:
        verb = verb.head
    if verb.lemma_.lower() not in _TRACING_VERBS:
        return []
    return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "npadvmod", "appos")]


def _container_of(tok: Token) -> int | None:
    """The noun a containing clause hangs off when ``tok`` is in its object ("the consignment,
    comprising 2,000 rifles"), or the subject of a containing verb ("the weapons ... include
    2,000 rifles"), else None."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("acl", "relcl") and cur.lemma_.lower() in _CONTAINING_VERBS:
            return cur.head.i
        if cur.i != tok.i and cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in _CONTAINING_VERBS:
            # "the weapons distributed to X include 465,000 small arms": the subject holds the list
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return subj.i if subj is not None else None
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None
