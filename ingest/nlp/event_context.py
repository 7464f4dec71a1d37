"""Custody event context: what neighbouring sentences add to an event, and what an item that
points back ("the rifle", "them", "all of the items") stands for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span, Token

from .event_base import (
    _POINTING_DETERMINERS,
    GENERIC_ITEM_LABELS,
    MATERIEL,
    VESSEL,
    Cluster,
    Roles,
    Trigger,
    _is_heading,
    _root,
)
from .event_items import ItemRules
from .event_roles import RoleRules

#: Words that take part of what points back: "all of the items", "some of them".
_QUANTIFIERS = {"all", "some", "most", "many", "each", "both", "several", "part", "half", "rest"}
#: Quantifiers that take the whole of what points back ("all of them"): its count stands.
_WHOLE = {"all", "each", "both"}
#: Vague counts that take part of what points back like a quantifier: "seized thousands of them".
_VAGUE_COUNTS = {"dozens", "scores", "hundreds", "thousands", "millions", "tens"}


class ContextRules(RoleRules, ItemRules):
    def _points_back(self, cluster: Cluster) -> bool:
        """ "the rifle", "these launchers": a bare category with a definite determiner."""
        if any(m.label_ not in GENERIC_ITEM_LABELS for m in cluster.mentions) or cluster.quantity is not None:
            return False
        first = cluster.mentions[0]
        doc = first.doc
        if doc.has_annotation("DEP"):
            root = first.root
            return any(c.dep_ in ("det", "predet") and c.lower_ in _POINTING_DETERMINERS for c in root.children)
        k = first.start - 1
        while k >= 0 and doc[k].pos_ == "ADJ":
            k -= 1
        return k >= 0 and doc[k].lower_ in _POINTING_DETERMINERS

    def _plural_pronoun_object(self, trig: Trigger) -> bool:
        tok = trig.token
        if trig.noun or not tok.doc.has_annotation("DEP"):
            return False
        if any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("them", "they") for c in tok.children):
            return True
        # "shipped 4,000 rifles ... and many have gone missing", "... and sold hundreds of them",
        # "... and stored all of them"
        whole = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in _WHOLE]
        of_them = [g for c in whole for p in c.children if p.lower_ == "of" for g in p.children if g.lower_ == "them"]
        return bool(of_them) or self._pointing_count(trig) is not None

    def _pointing_count(self, trig: Trigger) -> str | None:
        """The count of a part taken of what points back: "Hundreds" in "hundreds of them were
        stolen", "dozens" in "captured dozens of them", "40" in "40 were later sold"; "" for a
        part of no stated count ("some of them"); None when the whole is taken or no part."""
        tok = trig.token
        if trig.noun or not tok.doc.has_annotation("DEP"):
            return None
        for c in self._state_subjects(tok) + list(tok.children):
            dep = "nsubjpass" if c.dep_ == "nsubj" and c.head.i != tok.i else c.dep_
            if dep in ("dobj", "nsubjpass") and c.lower_ in _QUANTIFIERS - _WHOLE:
                return ""  # "some of them were sold": a part of no stated count
            if dep not in ("dobj", "nsubjpass") or not (c.lower_ in _VAGUE_COUNTS or c.like_num):
                continue
            of = next((d for d in c.children if d.dep_ == "prep" and d.lower_ == "of"), None)
            objs = [d for d in of.children if d.dep_ == "pobj"] if of is not None else []
            if of is None or (objs and objs[0].lower_ in ("them", "these", "those")):
                return tok.doc[c.left_edge.i : c.i + 1].text
        return None

    def _state_subjects(self, tok: Token) -> list[Token]:
        """ "many have since gone missing": the subject of a state word's verb, which points back
        as a passive subject would."""
        if tok.lower_ in self.adjectives and tok.dep_ in ("acomp", "oprd", "xcomp"):
            return [c for c in tok.head.children if c.dep_ == "nsubj"]
        return []

    def _object_points_back(self, trig: Trigger) -> bool:
        """ "seized these armaments", "they were seized": the object is a pronoun or a generic noun."""
        tok = trig.token
        doc = tok.doc
        if not doc.has_annotation("DEP") or trig.noun:
            return False
        for c in list(tok.children) + self._state_subjects(tok):
            # the subject of the state ("many have gone missing") stands as a passive subject
            dep = "nsubjpass" if c.dep_ == "nsubj" and c.head.i != tok.i else c.dep_
            counted = c.lower_ in _QUANTIFIERS or c.lower_ in _VAGUE_COUNTS or c.like_num
            if dep in ("dobj", "nsubjpass") and counted:
                # "seized all of the items", "some of them were sold": what the quantifier takes from
                of = next((d for d in c.children if d.dep_ == "prep" and d.lower_ == "of"), None)
                if of is None and dep == "nsubjpass" and c.ent_type_ != "MONEY":
                    return True  # "hundreds were later sold": a part of what was told of before
                if of is not None:
                    c = next((d for d in of.children if d.dep_ == "pobj"), c)
                    dep = c.dep_
            if dep in ("dobj", "nsubjpass", "pobj") and c.lower_ in ("it", "them", "they", "these", "those"):
                return dep == "nsubjpass" or c.lower_ != "it"
            if dep in ("dobj", "nsubjpass", "pobj") and c.lower_ in (
                "weapons",
                "arms",
                "armaments",
                "items",
                "cargo",
                "materiel",
                "equipment",
                "consignment",
                "shipment",
            ):
                return any(d.lower_ in _POINTING_DETERMINERS for d in c.children if d.dep_ == "det")
        return False

    def _antecedent_clusters(
        self,
        si: int,
        sents: Sequence[Span],
        paragraph: Sequence[int],
        weapons: Sequence[Span],
        claimed: set[tuple[int, int]],
    ) -> tuple[int, list[Cluster]] | None:
        for back in range(1, self.context_sentences + 1):
            pj = si - back
            if pj < 0 or paragraph[pj] != paragraph[si]:
                return None
            prev = sents[pj]
            mentions = [w for w in weapons if prev.start <= w.start < prev.end]
            # "searched the suspect's vehicle", "concealed in three vehicles": where the goods were
            mentions = [w for w in mentions if not (w.label_ == MATERIEL and _holds_goods(w))]
            free = [w for w in mentions if (w.start, w.end) not in claimed]
            if mentions:
                if free and len(free) < len(mentions):
                    return None
                # all of them already in an act of that sentence: a new act on the same items
                # ("They bought 40 rifles. They then smuggled the weapons into Q.")
                clusters = [
                    c
                    for c in self._clusters(free or mentions, prev)
                    if not self._points_back(c) and any(m.label_ != VESSEL for m in c.mentions)
                ]
                return (pj, clusters) if clusters else None
        return None

    def _roles_from_antecedent(self, roles: Roles, trig: Trigger, prev: Span, doc: Doc) -> None:
        """The item pointed back: roles the event's own sentence lacks come from that sentence."""
        root = _root(prev)
        # "The ministry shipped 400 carbines ... Hundreds of them were later stolen": the giver or
        # receiver of an earlier move is no taker
        moved_before = self.verbs.get(root.lemma_.lower(), ("", ""))[1] in ("give", "get", "move")
        if roles.to is None and trig.frame in ("take", "hold", "see", "get") and not (
            trig.frame == "take" and moved_before
        ):
            subj = next((c for c in root.children if c.dep_ in ("nsubj",)), None) if doc.has_annotation("DEP") else None
            actor = self._actor(subj, prev, roles) if subj is not None else self._actor_before(root, prev)
            if actor:
                roles.to = actor
                roles.to_label = self._label_of(actor, prev)
        if roles.place is None:
            roles.place = self._place(Trigger(root, trig.type, trig.frame, False), prev, {}, {roles.from_, roles.to})
        if roles.date is None:
            roles.date = self._date(Trigger(root, trig.type, trig.frame, False), prev)

    def _context(
        self,
        events: list[dict[str, Any]],
        per_sentence: dict[int, list[dict[str, Any]]],
        sents: Sequence[Span],
        paragraph: Sequence[int],
        weapons: Sequence[Span],
        claimed: set[tuple[int, int]],
        doc: Doc,
    ) -> None:
        for si, evs in per_sentence.items():
            nxt = si + 1 if si + 1 < len(sents) and paragraph[si + 1] == paragraph[si] else None
            prv = si - 1 if si - 1 >= 0 and paragraph[si - 1] == paragraph[si] else None
            # a serial told in the very next sentence makes a lone unspecific item specific
            # (one item, though two triggers may tell of it: "photographed ... in the hands of")
            one_item = len({ev.get("_item_start", id(ev)) for ev in evs}) == 1
            if nxt is not None and one_item and all(ev["item_label"] != "SERIAL_NUMBER" for ev in evs):
                mentions = [w for w in weapons if sents[nxt].start <= w.start < sents[nxt].end]
                serials = [w for w in mentions if w.label_ == "SERIAL_NUMBER"]
                # the part the serial is read on ("legible on the barrel") is no second item
                others = [w for w in mentions if w.label_ != "SERIAL_NUMBER" and not _on_the_part(w)]
                if len(serials) == 1 and not others and (serials[0].start, serials[0].end) not in claimed:
                    for ev in evs:
                        ev["item"], ev["item_label"] = serials[0].text, "SERIAL_NUMBER"
                        ev["confidence"] -= 0.1
                    claimed.add((serials[0].start, serials[0].end))
            # place and date from a scene-setting sentence just before that has no event of its own
            if prv is not None and prv not in per_sentence and not _is_heading(sents[prv]):
                scene = Trigger(_root(sents[prv]), "", "", False)
                place = self._place(scene, sents[prv], {}, set())
                date = self._date(scene, sents[prv])
                scene_subject = self._scene_subject(sents[prv])
                for ev in evs:
                    if ev["type"] == "SEIZURE" and not ev["to"] and scene_subject:
                        ev["to"] = scene_subject
                        ev["confidence"] -= 0.1
                    if ev["place"] is None and place:
                        ev["place"] = place
                        ev["confidence"] -= 0.05
                    if ev["date"] is None and date:
                        ev["date"] = date
                        ev["confidence"] -= 0.05
            # who the seized goods were taken from, told in the next or previous sentence
            for ev in evs:
                if ev["type"] != "SEIZURE" or ev["from"]:
                    continue
                for sj in (nxt, prv):
                    if sj is None:
                        continue
                    groups = [e for e in self._ents_in(sents[sj].start, sents[sj].end) if e.label_ == "ARMED_GROUP"]
                    groups = [g for g in groups if g.text != ev["to"]]
                    if groups:
                        ev["from"] = groups[0].text
                        ev["confidence"] -= 0.1
                        break

    def _scene_subject(self, sent: Span) -> str | None:
        doc = sent.doc
        if not doc.has_annotation("DEP"):
            return self._actor_before(sent[-1], sent)
        subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        return self._actor(subj, sent, Roles()) if subj is not None else None


_LOCATIVE_PREPS = {"in", "inside", "within", "aboard", "into", "on", "onto", "under", "behind", "beneath"}
_SEARCHING_VERBS = {"search", "inspect", "board", "examine", "scan", "stop", "x-ray"}


def _holds_goods(m: Span) -> bool:
    """A generic noun that is a place the goods were in: "hidden in the vehicles", "while
    searching his vehicle"."""
    cur = m.root
    if cur.dep_ == "dobj" and cur.head.lemma_.lower() in _SEARCHING_VERBS:
        return True
    for _ in range(4):
        if cur.head.i == cur.i or (cur.pos_ in ("VERB", "AUX") and cur.i != m.root.i):
            return False
        if cur.dep_ == "pobj" and cur.head.lower_ in _LOCATIVE_PREPS:
            return True
        cur = cur.head
    return False


def _on_the_part(mention: Span) -> bool:
    """``mention`` is where a serial is read: "on the barrel", "on its receiver"."""
    doc, i = mention.doc, mention.start
    if i > 0 and doc[i - 1].lower_ in ("the", "its", "their"):
        i -= 1
    return i > 0 and doc[i - 1].lower_ == "on"
