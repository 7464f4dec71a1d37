"""Takers and givers told around a taking: the holder of the goods named on them ("rifles now in
the hands of X were captured"), their owner, the ship "the ship" points back to, the party an
enclosing taking took them from, and whose possession they left (``event_roles`` uses these)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .event_actors import _partitive
from .event_base import _PRONOUNS, Roles
from .event_clauses import _KEEPING_NOUNS, _main_subject, controller
from .event_scenes import SceneRules


class TakerRules(SceneRules):
    def _holder_now(self, act: Token, sent: Span, roles: Roles) -> str | None:
        """ "the rifles now in the possession of the Vell Front were captured from the army": goods
        told as in someone's hands, and taken with no taker named, were taken by that holder."""
        for subj in (c for c in act.children if c.dep_ == "nsubjpass"):
            for t in subj.subtree:
                if t.dep_ == "pobj" and t.head.lower_ == "in" and t.lower_ in _HELD_IN:
                    holders = [g for c in t.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                    holders += [c for c in t.children if c.dep_ == "poss"]
                    found = self._first_actor(holders, sent, roles)
                    if found is not None:
                        return found
        return None

    def _named_ship_before(self, ship: Token, sent: Span, roles: Roles) -> str | None:
        """ "the ship" pointing back to the last ship named in this sentence or the one before,
        a unit named with its prefix ("HMS Kell", "USS Orsk")."""
        vessel = ship.lower_ in self.vessel_nouns or ship.lemma_.lower() in self.vessel_nouns
        if not vessel or not any(c.dep_ == "det" and c.lower_ == "the" for c in ship.children):
            return None
        start = sent.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        named = [e for e in self._ents_in(start, ship.i) if e.label_ == "MILITARY_UNIT" and len(e) > 1
                 and e[0].is_upper and 2 <= len(e[0]) <= 6 and e[1].is_title]
        return self._actor(named[-1].root, sent, roles) if named else None

    def _goods_owner(self, goods: Token, sent: Span, roles: Roles) -> str | None:
        """ "Kell's rifles were trafficked to ...", "some of the army's mortars were stolen": whose
        goods were given up or taken, named as their owner (not a pronoun: "their rifles")."""
        goods = _partitive(goods)
        owner = next((c for c in goods.children if c.dep_ == "poss"), None)
        if owner is None or owner.lower_ in _PRONOUNS or self._actor_single(owner, sent, roles) is None:
            return None
        start = owner.left_edge.i + (owner.doc[owner.left_edge.i].dep_ == "det")
        return owner.doc[start : owner.i + 1].text  # the owner as written, without "the" and "'s"

    def _taken_before(self, act: Token, sent: Span, roles: Roles) -> str | None:
        """ "the rebels captured the depot from the army, seizing 40 rifles": a taking told by a
        bare clause under another taking has its "from" party."""
        main = controller(act)
        if self.verbs.get(self._lemma(main), ("", ""))[1] != "take":
            return None
        # (the parser may hang "from" on the place taken: "captured the depot from the army")
        heads = [main, *(c for c in main.children if c.dep_ == "dobj")]
        froms = [g for h in heads for c in h.children if c.lower_ == "from" for g in c.children if g.dep_ == "pobj"]
        return self._first_actor(froms, sent, roles) or self._first_common(froms, sent)

    def _keeper_taken_from(self, act: Token, froms: list[Token], sent: Span, roles: Roles) -> str | None:
        """ "recovered from the militia's possession", "three men were held after rifles were
        recovered from their possession": whose hands the goods were taken out of (a pronoun
        standing for the subject of the sentence's main clause)."""
        for t in froms:
            if t.lower_ not in _KEEPING_NOUNS:
                continue
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            if owner is not None and owner.lower_ in ("their", "his", "her"):
                owner = _main_subject(act)
            if owner is not None:
                found = self._actor(owner, sent, roles) or self._common_actor(owner, sent)
                if found is not None:
                    return found
        return None


#: Nouns of holding after "in" ("in the possession of X", "in the group's hands").
_HELD_IN = {"possession", "hands", "custody", "control"}
