"""Custody event context: what neighbouring sentences add to an event."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span

from .event_base import Roles, Trigger, _is_heading, _root
from .event_items import ItemRules
from .event_roles import RoleRules


class ContextRules(RoleRules, ItemRules):
    def _roles_from_antecedent(self, roles: Roles, trig: Trigger, prev: Span, doc: Doc) -> None:
        """The item pointed back: roles the event's own sentence lacks come from that sentence."""
        root = _root(prev)
        if roles.to is None and trig.frame in ("take", "hold", "see", "get"):
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
                if len(serials) == 1 and len(mentions) == 1 and (serials[0].start, serials[0].end) not in claimed:
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
