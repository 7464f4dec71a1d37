"""Parties told around a custody act rather than as its subject or object: a receiver named
before the count of the goods, whose the goods were, who held them before, the store or base
robbed, verbs of one act that share a party, whom goods were got for."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .event_base import ACTOR_LABELS, PLACE_LABELS, Roles, Trigger
from .event_seizures import SeizureRules, carrier_phrase


class PartyRules(SeizureRules):
    def _receiver_before_count(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "sold the Vell government 100 launchers": a party named between a verb of giving and
        the count of its goods receives them (the parser often hangs it on the goods)."""
        doc = sent.doc
        for goods in (c for c in tok.children if c.dep_ == "dobj"):
            for c in goods.lefts:
                if c.dep_ not in ("nmod", "compound", "npadvmod") or c.pos_ not in ("NOUN", "PROPN"):
                    continue
                counted = any(t.like_num for t in doc[c.i + 1 : goods.i])
                if not counted or self._entity_at(c, ("WEAPON_SYSTEM", "WEAPON_CATEGORY", "QUANTITY")) is not None:
                    continue
                return self._actor(c, sent, roles) or self._common_actor(c, sent)
        return None

    def _furnished(self, act: Token, sent: Span, roles: Roles, passive: bool) -> str | None:
        """ "arming militias in Varn with rifles", "supplied the police with 40 pistols", "the
        militia was equipped with mortars": with the goods in a "with" phrase, the object of a verb
        of giving (the subject of its passive) is who received them, named or not."""
        parties = [c for c in act.children if c.dep_ == ("nsubjpass" if passive else "dobj")]
        holders = [act, *(c for c in parties if not passive)]
        goods = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
                 for g in c.children if g.dep_ == "pobj"]
        # "with another 20 units of such vehicles", "with a batch of rifles": the goods the count is of
        goods += [o for g in goods for c in g.children if c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
        if not any(self._goods_word(g) for g in goods):
            return None
        party = next((p for p in parties if not self._goods_word(p)), None)
        if party is None:
            return None
        # the party as written ends before the goods the parser may hang on it
        stop = next((c.i for c in party.rights if c.dep_ == "prep" and c.lower_ == "with"), None)
        pointing = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in party.children)
        if self._entity_at(party, ACTOR_LABELS) is None and not pointing:
            # "provisioning non-government forces with arms": a bare noun points back to no one named
            return self._common_actor(party, sent, stop)
        return self._actor(party, sent, roles, stop) or self._common_actor(party, sent, stop)

    def _sender_before(self, goods: Token, sent: Span, roles: Roles) -> str | None:
        """ "the container, shipped from Varstad, was destined for Kell", "a crate which was sent
        from the Dorvik depot": goods told as sent from somewhere came from there, as written."""
        for c in goods.children:
            frame = self.verbs.get(self._lemma(c), ("", ""))[1]
            if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN" and frame in ("give", "move"):
                objs = [g for p in c.children if p.dep_ == "prep" and p.lower_ == "from" for g in p.children
                        if g.dep_ == "pobj"]
                for o in objs:
                    ent = self._entity_at(o, (*ACTOR_LABELS, *PLACE_LABELS, "COUNTRY"))
                    found = ent.text if ent is not None else self._common_actor(o, sent)
                    if found is None and o.pos_ == "PROPN":  # a town no entity rule knows, with its compounds
                        found = o.doc[min([o.i, *(c.i for c in o.lefts if c.dep_ == "compound")]) : o.i + 1].text
                    if found is not None:
                        return found
        return None

    def _goods_origin(self, goods: Token, sent: Span, roles: Roles) -> str | None:
        """ "Stinger missiles from Varnland will be handed over to Kell", "rifles from the Dorvik
        army were delivered to ...": goods given on, told by the party they come from, came from it
        (a party or country named, not a place: "rifles from the depot")."""
        objs = [g for p in goods.children if p.dep_ == "prep" and p.lower_ == "from" for g in p.children
                if g.dep_ == "pobj"]
        for o in objs:
            if self._entity_at(o, (*ACTOR_LABELS, "COUNTRY")) is not None:
                return self._actor(o, sent, roles)
        return None

    def _receiver_before(self, goods: Token, sent: Span, roles: Roles) -> str | None:
        """ "rifles supplied by Norvessa to the Vell army were diverted to ...", "weapons provided to
        the police have gone missing": goods given to someone before are passed on or lost by them."""
        for c in goods.children:
            frame = self.verbs.get(self._lemma(c), ("", ""))[1]
            if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN" and frame in ("give", "move"):
                objs = [g for p in c.children if p.dep_ == "prep" and p.lower_ == "to" for g in p.children
                        if g.dep_ == "pobj"]
                found = self._first_actor(objs, sent, roles) or self._first_common(objs, sent)
                if found is not None:
                    return found
        return None

    def _owner(self, tok: Token, sent: Span, roles: Roles, lost: bool = False) -> str | None:
        """ "seized 200 pistols belonging to the militia", "rifles, which belonged to the army, were
        stolen": whose the goods taken were is whom they were taken from; ``lost``: whose the goods
        that went missing were lost them ("equipment belonging to the regiment went missing": the
        goods are the subject, of the verb of the state word too)."""
        deps = ("dobj", "nsubjpass", "nsubj") if lost else ("dobj", "nsubjpass")
        verbs = [tok, tok.head] if lost and tok.dep_ in ("advcl", "acomp", "oprd", "xcomp") else [tok]
        goods = [c for v in verbs for c in v.children if c.dep_ in deps]
        for g in goods:
            for clause in (c for c in g.children if c.dep_ in ("acl", "relcl") and c.lemma_.lower() == "belong"):
                objs = [o for p in clause.children if p.lower_ == "to" for o in p.children if o.dep_ == "pobj"]
                found = self._first_actor(objs, sent, roles) or self._first_common(objs, sent)
                if found is not None:
                    return found
        return None

    def _robbed_at(self, tok: Token, sent: Span) -> str | None:
        """A base, depot or store named as where goods were stolen: what they were taken from."""
        ent = self._entity_at(tok, ("DEPOT", "PLACE", "MILITARY_UNIT", "ORGANIZATION"))
        if ent is not None and (ent.label_ != "PLACE" or ent.text.split()[0] in _BASE_WORDS):
            return ent.text
        if tok.lower_ in _STORE_NOUNS:
            return _store_phrase([tok])
        return None

    def _shared_receiver(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "exported, attempted to export, or caused to be exported to Chile 12 rifles": verbs of
        one act in a row share the receiver the last of them names."""
        linked = [c for c in tok.children if c.dep_ in ("conj", "advcl")]
        if tok.dep_ in ("conj", "advcl") and tok.head.i != tok.i:
            linked.append(tok.head)
        verbs: list[Token] = []
        for v in linked:
            while v.pos_ in ("VERB", "AUX") and v not in verbs:
                verbs.append(v)
                v = next((c for c in v.children if c.dep_ == "xcomp"), v)
        for v in verbs:
            if self._lemma(v) not in self.verbs or v.lemma_.lower() != tok.lemma_.lower():
                continue  # "stole rifles and sold them to ...": another act, not the same one told again
            for prep in (c for c in v.children if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "into")):
                # the receiver's own phrase up to its head ("to Chile controlled articles"), not
                # what hangs after it ("articles on the list of the agency")
                obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if obj is None:
                    continue
                for t in sent.doc[prep.i + 1 : obj.i + 1]:
                    ent = self._entity_at(t, ACTOR_LABELS)
                    if ent is not None and obj in (t, t.head):  # "to the Kell rebels": the phrase as written
                        return self._actor(obj, sent, roles) or ent.text
                    if ent is not None:
                        return ent.text
                    if t.pos_ == "PROPN" and t.is_title and not t.ent_type_:
                        # "to Norland articles on the list": a name no entity rule labelled, as written
                        end = t.i + 1
                        while end < obj.i and sent.doc[end].pos_ == "PROPN" and not sent.doc[end].ent_type_:
                            end += 1
                        return sent.doc[t.i : end].text
        return None

    def _shared_source(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "were lost or stolen from the Kell army", "stolen from or lost by the Kell army": two
        verbs of one loss share the party the goods left, named after either of them."""
        linked = [c for c in tok.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
        if tok.dep_ == "conj" and tok.head.i != tok.i:
            linked.append(tok.head)
        stranded = any(c.dep_ == "prep" and c.lower_ == "from" and not list(c.children) for c in tok.children)
        for v in linked:
            if self.verbs.get(self._lemma(v), ("", ""))[1] not in ("take", "lose"):
                continue
            objs = [g for c in v.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children
                    if g.dep_ == "pobj"]
            if stranded or (self._lemma(v) in self.verbs and self.verbs[self._lemma(v)][1] == "lose"):
                # "stolen from or lost by the army": who lost them is whom they were stolen from
                objs += [g for c in v.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            found = self._first_actor(objs, sent, roles) or self._first_common(objs, sent)
            if found is not None:
                return found
        return None

    def _seized_carrier(self, tok: Token, froms: list[Token]) -> str | None:
        """The carrier a seizure noun takes ("the seizure of a container van"), when every "from"
        phrase the act has hangs on that carrier (its origin); else None."""
        for seized in (g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"):
            named = [seized, *(c for c in seized.children if c.dep_ == "compound")]
            if not any(self._carrier(t) for t in named):
                continue
            inside = {t.i for t in seized.subtree}
            if all(f.i in inside for f in froms):
                return carrier_phrase(seized)
        return None

    def _principal(self, trig: Trigger, sent: Span, roles: Roles) -> str | None:
        """ "bought 30 pistols on behalf of the group": who the goods are got for receives them."""
        doc = sent.doc
        for k in range(trig.token.i + 1, sent.end - 3):
            if doc[k].lower_ == "on" and doc[k + 1].lower_ == "behalf" and doc[k + 2].lower_ == "of":
                if doc.has_annotation("DEP") and self._gov_index(doc[k], sent) not in (-1, trig.token.i):
                    continue
                j = k + 3 + (doc[k + 3].lower_ in ("the", "a", "an"))
                return self._actor(doc[j], sent, roles) if j < sent.end else None
        return None


#: Stores goods are diverted or taken from ("diverted from army stocks", "from government stockpiles").
_STORE_NOUNS = {"stock", "stocks", "stockpile", "stockpiles", "armory", "armoury", "armories", "armouries", "depot",
                "depots", "warehouse", "warehouses", "arsenal", "arsenals", "store", "stores", "inventory",
                "inventories", "holdings", "supplies", "reserves"}


#: First words of the names of bases ("Fort Arvel", "Camp Dorn"): military posts goods are stolen from.
_BASE_WORDS = {"Fort", "Camp", "Base", "Joint", "Naval", "Air", "Marine", "Army", "Station", "Barracks"}


def _store_phrase(toks: list[Token]) -> str | None:
    """The first store among ``toks`` with the words naming whose it is ("Varn army stocks")."""
    for t in toks:
        if t.lower_ in _STORE_NOUNS:
            left = [c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
            start = min([t.i, *[c.left_edge.i for c in left]])
            while start < t.i and t.doc[start].dep_ in ("det", "punct"):
                start += 1
            return t.doc[start : t.i + 1].text
    return None
