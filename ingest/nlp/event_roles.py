"""Custody event roles: giver and receiver by the trigger's frame (who a phrase names:
``event_actors``; where a phrase sits in the parse: ``event_clauses``; parties told around the
act: ``event_parties``; place: ``event_places``; date: ``event_dates``)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .event_actors import _partitive
from .event_base import _NOT_ROLE_HEADS, _PLACE_PREPS, ACTOR_LABELS, MOVE_TYPES, PLACE_LABELS, Roles, Trigger
from .event_charges import _CHARGE_NOUNS, _accused
from .event_clauses import (
    _antecedent_of_place,
    _controlled,
    _in_carrying_clause,
    _in_noun_clause,
    _main_subject,
    _means,
    _passive_partner,
    _taken_from,
    _unlabelled_name,
    controller,
    raider_of,
    told_of,
)
from .event_parties import _store_phrase
from .event_places import in_side_clause, operation_sites, past_dateline
from .event_seizures import _points_back, carrier_phrase
from .event_takers import TakerRules


class RoleRules(TakerRules):
    def _roles(self, trig: Trigger, sent: Span, doc: Doc) -> Roles:
        roles = Roles()
        tok = trig.token
        boarding: Token | None = None
        robbed_at: str | None = None
        has_dep = doc.has_annotation("DEP")
        subj, passive, agent = self._subject(tok) if has_dep else (None, False, None)
        partner = _passive_partner(tok) if has_dep and passive else None
        if partner is not None:
            # "were recovered and seized by the police", "were transferred and handed over to the
            # police from the bureau": the parser hangs the phrases on the last verb, but they tell both
            agent = agent or next((g for a in partner.children if a.dep_ == "agent" for g in a.children
                                   if g.dep_ == "pobj"), None)
        preps = self._preps(trig, sent) if has_dep else self._preps_linear(trig, sent)
        if partner is not None:
            for key, objs in self._preps(Trigger(partner, trig.type, trig.frame, False), sent).items():
                preps.setdefault(key, objs)
        subj_actor = self._actor(subj, sent, roles) if subj is not None else None
        if not has_dep:
            subj_actor = self._actor_before(tok, sent)
            passive = any(
                t.lower_ in ("was", "were", "been", "be", "is", "are") for t in doc[max(sent.start, tok.i - 2) : tok.i]
            )
            agent_tok = preps.get("by", [None])[0]
            agent = agent_tok
        agent_actor = self._actor(agent, sent, roles) if agent is not None else None
        charged = _accused(tok) if has_dep and (trig.noun or subj is not None) else None
        if charged is not None and (trig.noun or charged.i == subj.i):  # type: ignore[union-attr]
            # "two men were jailed for smuggling rifles": the one charged did it, named or not
            subj_actor = subj_actor or self._actor(charged, sent, roles) or self._common_actor(charged, sent)
        from_actor = self._first_actor(preps.get("from", []), sent, roles)
        to_actor = self._first_actor(preps.get("to", []), sent, roles)
        if has_dep and not trig.noun and trig.frame in ("give", "get", "take", "lose", "hold"):
            # "the appellant purchased ... from a civilian acquaintance", "the small craft handed
            # over the cargo to ...": who acts on the goods is an actor, named or not
            if subj_actor is None and subj is not None and not passive:
                # "HMS Kell ... when the ship seized ...": the named ship it points back to
                subj_actor = self._named_ship_before(subj, sent, roles) or self._common_actor(subj, sent)
            if agent_actor is None and agent is not None:
                agent_actor = self._common_actor(agent, sent)
            if trig.frame in ("give", "get"):
                from_actor = from_actor or self._first_common(preps.get("from", []), sent)
                to_actor = to_actor or self._first_common(preps.get("to", []), sent)
        if has_dep and trig.frame in ("give", "move") and not trig.noun:
            # "smuggled 40 rifles from Varstad to Kessel": a name no entity rule knows, as written
            from_actor = from_actor or _unlabelled_name(preps.get("from", []))
            to_actor = to_actor or _unlabelled_name(preps.get("to", []))
        if to_actor is None and has_dep and not trig.noun and trig.frame in ("give", "move"):
            to_actor = self._shared_receiver(tok, sent, roles)
        if to_actor is None and has_dep and not trig.noun and trig.frame in ("give", "move"):
            # "rifles earmarked for the Vale militia", "provided 40 radios for the brigade": a party
            # the goods are for receives them (a named one: "sold for cash" names no one); so does
            # one they are sent to help ("sent to help the army fight insurgents")
            to_actor = self._first_actor(preps.get("for", []), sent, roles) or self._helped(tok, sent, roles)
        if to_actor is None and has_dep:
            for c in tok.children:
                receiver = c.dep_ in ("dative", "iobj") or (
                    c.dep_ == "dobj" and trig.frame == "give" and self._entity_at(c, ACTOR_LABELS) is not None
                )
                if receiver:
                    to_actor = self._actor(c, sent, roles)
        if to_actor is None and has_dep and not trig.noun and trig.frame == "give":
            to_actor = self._receiver_before_count(tok, sent, roles) or self._furnished(tok, sent, roles, passive)
        doer = agent_actor if passive else subj_actor
        frame = trig.frame
        if trig.noun and trig.type == "OBSERVATION" and has_dep:
            # "in the possession of the group", "in the group's hands"
            holders = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            holders += [c for c in tok.children if c.dep_ == "poss"]
            roles.to = self._first_actor(holders, sent, roles)
        elif trig.noun:
            moves = (*MOVE_TYPES, "DIVERSION")
            if has_dep and trig.type in moves and tok.dep_ in ("dobj", "nsubjpass") and (to_actor is None):
                # "organised the smuggling of weapons ... to Italy": the phrases may hang off the verb
                verb_preps = [c for c in tok.head.children if c.dep_ == "prep" and c.i > tok.i]
                for c in [t for p in verb_preps for t in p.subtree if t.dep_ == "prep"]:
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if c.lower_ in ("to", "into") and to_actor is None:
                        to_actor = self._first_actor(objs, sent, roles)
            if to_actor is None and has_dep and trig.type in MOVE_TYPES:
                to_actor = self._first_actor(preps.get("for", []), sent, roles)
            if to_actor is None and has_dep and trig.type in MOVE_TYPES:
                # "the sale of eight pistols to undercover agents": the buyer as written, named or not
                to_actor = self._first_common(preps.get("to", []), sent)
            getting = self._getting_verb(tok) if has_dep and trig.type in moves else None
            if getting is not None:
                # "the rebels acquired a steady supply of rifles from the army": who gets the supply
                # is its receiver; whom they get it from, its giver
                to_actor = to_actor or self._noun_giver(tok, sent, roles)
                froms = [g for c in getting.children if c.dep_ == "prep" and c.lower_ == "from" for g in c.children
                         if g.dep_ == "pobj"]
                from_actor = from_actor or self._first_actor(froms, sent, roles)
            elif from_actor is None and has_dep and trig.type in moves:
                from_actor = self._noun_giver(tok, sent, roles)
            if from_actor is None and has_dep and trig.type in ("THEFT", "LOSS"):
                # "the disappearance of four rifles from a police station", "the looting of rifles
                # from police arsenals": the holder or the store, named or not
                froms = preps.get("from", [])
                from_actor = self._first_common(froms, sent) or _store_phrase(froms)
                # "the theft of machine guns at the Kell Army Arsenal": the base or store robbed
                at = [t for t in preps.get("place", []) if t.head.lower_ == "at"]
                if from_actor is None:
                    from_actor = robbed_at = next(filter(None, (self._robbed_at(t, sent) for t in at)), None)
            if from_actor is None and has_dep and trig.type in ("LOSS", "DIVERSION"):
                # "the loss of rifles supplied to the Vell police": who was given them lost them
                # (the parser may hang the participle on the act noun instead of the goods)
                goods = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                from_actor = next(filter(None, (self._receiver_before(g, sent, roles) for g in [*goods, tok])), None)
            if charged is not None and trig.type in moves:  # "arrested on suspicion of the importation of ..."
                from_actor = from_actor or subj_actor
            elif charged is not None and trig.type == "THEFT" and agent_actor is None:  # "charged with the theft of"
                agent_actor = subj_actor
            roles.from_, roles.to = from_actor, to_actor
            if has_dep and trig.type == "SEIZURE":
                # "the seizure of a container from Norvessa containing rifles": the goods came out
                # of the carrier seized; where the carrier came from is its route, not theirs
                held_in = self._seized_carrier(tok, preps.get("from", []))
                roles.from_ = held_in or roles.from_
            if roles.from_ is None and has_dep and trig.type == "SEIZURE":
                roles.from_ = self._seized_from_carrier(trig, sent)  # "the seizure of arms on a dhow"
            if agent_actor is None and has_dep:  # "the seizure of rifles by border police"
                by = preps.get("by", [])
                agent_actor = self._first_actor(by, sent, roles)
                # "the supply of weapons ... by the coalition": a party with its article ("by road"
                # and "by truck" have none), and whoever a theft is by ("the looting of rifles by rioters")
                determined = [t for t in by if trig.type == "THEFT" or any(c.dep_ == "det" for c in t.children)]
                agent_actor = agent_actor or self._first_common(determined, sent)
            if agent_actor is None and has_dep and trig.type == "SEIZURE":
                agent_actor = self._maker(tok, sent, roles)  # "police announced the seizure of ..."
            receiving = self._lemma(tok) in self.receiving_nouns or tok.lower_ in self.receiving_nouns
            if agent_actor and (trig.type in ("SEIZURE", "THEFT") or receiving):
                if receiving and roles.from_ == agent_actor:
                    roles.from_ = None
                roles.to = agent_actor
            elif agent_actor and roles.from_ is None:  # "the supply of weapons ... by the coalition"
                roles.from_ = agent_actor
        elif frame == "give":
            roles.from_ = doer or from_actor
            roles.to = to_actor
            if roles.to is None and passive and subj is not None and any(c.dep_ == "dobj" for c in tok.children):
                # "Kell forces have been sent 300 rifles": with the goods its object, the passive's
                # subject is who got them
                roles.to = self._actor(subj, sent, roles) or self._common_actor(subj, sent)
        elif frame == "get":
            # "bought 30 pistols on behalf of the group", "purchasing rifles for the Vell cartel": a
            # named armed group, force or state the goods are got for receives them, and the buyer
            # passes them on (a person it is bought for is a straw buyer's customer: the buyer
            # stays the receiver)
            principal = self._principal(trig, sent, roles)
            if principal is None and has_dep and not trig.noun:
                bodies = [t for t in preps.get("for", []) if any(  # "for Kell's Vell cartel"
                    self._entity_at(c, _BODY_LABELS) is not None for c in (t, *t.children)
                    if c.i == t.i or c.dep_ in ("compound", "poss", "nmod"))]
                principal = self._first_actor(bodies, sent, roles)
                principal = None if principal == doer else principal
            roles.to = principal or doer or to_actor
            roles.from_ = from_actor or (self._sold_at(tok) or self._entered(tok, False) if has_dep else None)
            if principal is not None and roles.from_ is None and doer != principal:
                roles.from_ = doer
        elif frame == "take":
            roles.to = doer
            roles.from_ = from_actor
            if roles.from_ is None and has_dep and _controlled(tok):
                roles.from_ = self._taken_before(tok, sent, roles)
            if roles.to is None and has_dep and trig.type == "SEIZURE" and agent is None:
                roles.to = self._seizer_giving(tok, sent, roles)
            unsaid = roles.to is None or (subj is not None and subj.lower_ == "they")
            raider = raider_of(tok) if has_dep and unsaid else None
            if raider is not None:  # "raided an address where rifles were seized", "..., where they stole"
                roles.to = self._actor(raider, sent, roles) or self._common_actor(raider, sent)
            if roles.from_ is None and has_dep and trig.type == "THEFT":
                # "stole 12 pistols from the armory at Fort Kell": the store robbed, as written
                roles.from_ = self._first_common(preps.get("from", []), sent)
            if roles.from_ is None and has_dep and trig.type == "THEFT":
                # "taking 16 rifles from the Kell Army Depot", "from an army reserve center"
                froms = preps.get("from", [])
                roles.from_ = next(filter(None, (self._robbed_at(t, sent) for t in froms)), None) or _taken_from(froms)
            if roles.from_ is None and has_dep and trig.type == "THEFT":
                roles.from_ = self._shared_source(tok, sent, roles)
            if roles.from_ is None and has_dep and trig.type == "THEFT":
                # "rifles stolen at Fort Kell", "stolen at the depot": the base or store robbed
                at = [t for p in tok.children if p.dep_ == "prep" and p.lower_ == "at" for t in p.children
                      if t.dep_ == "pobj"]
                roles.from_ = robbed_at = next(filter(None, (self._robbed_at(t, sent) for t in at)), None)
            if roles.from_ is None and has_dep and trig.type == "THEFT":
                # "stolen in the break-in at the depot", "during a robbery from an armory": the site robbed
                hit = operation_sites(tok, ("at", "from"))
                roles.from_ = robbed_at = next(filter(None, (self._robbed_at(t, sent) for t in hit)), None)
            lead = next(iter(preps.get("from", [])), None)
            if lead is not None and lead.lower_.endswith("ing") and not self._carrier(lead):
                # "from a vessel travelling south": the parser can take the participle for the head
                heads = [c for c in lead.lefts if c.dep_ in ("compound", "amod", "nmod") and self._carrier(c)]
                lead = heads[0] if heads else lead
            if trig.type == "SEIZURE" and lead is not None and self._actor(lead, sent, Roles()) is None and (
                self._carrier(lead)
            ):  # "seized 500 pistols from a dhow ... that came from Iran": the carrier, not a later origin
                roles.from_ = carrier_phrase(lead)
            if roles.from_ is None and has_dep and trig.type == "SEIZURE":
                roles.from_ = self._seized_from_carrier(trig, sent)
            if roles.from_ is None and has_dep:
                roles.from_ = self._owner(tok, sent, roles)  # "seized 200 pistols belonging to the militia"
            if roles.from_ is None and has_dep and trig.type == "SEIZURE":
                roles.from_ = _taken_from(preps.get("from", []))  # "recovered from a melon field"
            if roles.from_ is None and has_dep and trig.type == "SEIZURE":
                # "from their possession"
                roles.from_ = self._keeper_taken_from(tok, preps.get("from", []), sent, roles)
            if roles.from_ is None and has_dep and trig.type == "SEIZURE":
                roles.from_ = self._fought(tok, sent, roles)  # "seized ... after a clash with gunmen"
            if roles.from_ is None and has_dep:
                roles.from_ = self._entered(tok, trig.type == "THEFT")  # "broke into the depot and stole 40 rifles"
            vessel = subj is not None and (subj.lower_ in self.vessel_nouns or subj.lemma_.lower() in self.vessel_nouns)
            if roles.to is None and subj is not None and not passive and vessel:
                roles.to = self._phrase(subj)  # "a navy patrol ship seized ...", "two of its ships seized"
            if has_dep and trig.type == "SEIZURE" and (roles.from_ is None or roles.to is None):
                boarded, boarder, boarding = self._boarded(tok, sent, roles)
                roles.from_ = roles.from_ or boarded
                roles.to = roles.to or boarder
            if roles.to is None and has_dep and trig.type == "SEIZURE":
                roles.to = self._operation_agent(tok, sent, roles)
            if roles.to is None and has_dep and passive and trig.type == "SEIZURE":
                roles.to = self._holder_now(tok, sent, roles)
            if roles.from_ is None and has_dep and trig.type == "SEIZURE" and _points_back(subj, passive, agent):
                carrier, stopper, boarding = self._boarded_before(sent, roles)
                roles.from_ = carrier
                roles.to = roles.to or stopper
        elif frame == "lose":
            if from_actor is None and has_dep and tok.lower_ in self.adjectives:  # "went missing from the depot"
                objs = [g for c in tok.head.children if c.lower_ == "from" for g in c.children if g.dep_ == "pobj"]
                from_actor = self._first_actor(objs, sent, roles)
            roles.from_ = (subj_actor if not passive else None) or from_actor
            if roles.from_ is None and has_dep:  # "went missing from a storage cage"
                roles.from_ = self._first_common(preps.get("from", []), sent)
            if roles.from_ is None and has_dep:
                roles.from_ = self._shared_source(tok, sent, roles)
            if roles.from_ is None and has_dep and subj is not None:  # "rifles supplied to the army went missing"
                roles.from_ = self._receiver_before(subj, sent, roles)
            if roles.from_ is None and has_dep:  # "equipment belonging to the regiment went missing"
                roles.from_ = self._owner(tok, sent, roles, lost=True)
            # "lost 12 launchers to the group's fighters": who took them
            roles.to = agent_actor if passive else to_actor
        elif frame == "move":
            roles.from_ = from_actor
            roles.to = to_actor
            if from_actor is None and not passive and self._lemma(tok) in _SENDING:
                roles.from_ = doer  # "the network smuggled 200 pistols to Italy": who sends them
                if roles.from_ is None and has_dep and subj is not None:
                    roles.from_ = self._common_actor(subj, sent)  # "the defendants smuggled ...", named or not
            elif from_actor is None and self._lemma(tok) in _DIVERTING:
                # "diverted to the group by officers of the guard": who diverts gives it away
                roles.from_ = doer
                if roles.from_ is None and has_dep:
                    # "ammunition diverted from army stocks": the store it left, as written
                    roles.from_ = _store_phrase(preps.get("from", []))
        elif frame == "hold":
            roles.to = doer or (self._keeper_of_place(tok, sent, roles) if has_dep else None)
        if roles.from_ is None and has_dep and frame in ("give", "move") and tok.dep_ == "advcl" and tok.tag_ == "VBG":
            # "the militia broke the embargo, sending rifles to ...": who sends is the subject of the clause
            main = _main_subject(tok)
            if main is not None and subj is None:
                roles.from_ = self._actor(main, sent, roles) or self._common_actor(main, sent)
        if roles.from_ is None and has_dep and passive and subj is not None and frame in ("give", "move", "take"):
            roles.from_ = self._goods_owner(subj, sent, roles)  # "the army's rifles were stolen"
        if roles.from_ is None and has_dep and passive and frame in ("give", "move") and subj is not None:
            roles.from_ = (
                self._taker_before(subj, sent, roles)
                or self._receiver_before(subj, sent, roles)
                or self._sender_before(subj, sent, roles)
                or self._goods_origin(subj, sent, roles)
            )
        elif frame == "check":
            roles.to = None
        elif frame == "see":
            roles.to = self._seen_with(trig, sent, subj if passive else None)
        if has_dep and frame == "take":
            self._both_taken_from(roles.from_, preps.get("from", []), sent)
        roles.from_label = self._label_of(roles.from_, sent)
        roles.to_label = self._label_of(roles.to, sent)
        # "stolen at Fort Kell": the base robbed is where the theft took place too
        roles.place = self._place(trig, sent, preps, {roles.from_, roles.to} - {robbed_at})
        if roles.place is None and has_dep and not trig.noun:
            roles.place = self._scene_place(tok, agent if passive else subj, {roles.from_, roles.to})
        if roles.place is None and has_dep and not trig.noun and frame == "take" and _controlled(tok):
            main = controller(tok)  # "captured a depot north of Kell from the army, seizing 40 rifles": its place
            if self.verbs.get(self._lemma(main), ("", ""))[1] == "take":
                taking = Trigger(main, trig.type, trig.frame, False)
                roles.place = self._place(taking, sent, self._preps(taking, sent), {roles.from_, roles.to})
        if roles.place is None and boarding is not None:  # "was intercepted in the Gulf of Oman, and ... seized"
            stop = Trigger(boarding, trig.type, trig.frame, False)
            roles.place = self._place(stop, sent, self._preps(stop, sent), {roles.from_, roles.to})
        roles.date = self._date(trig, sent)
        return roles

    def _seizer_giving(self, act: Token, sent: Span, roles: Roles) -> str | None:
        """ "the Kell police handed over rifles recovered from gangs to the Arms Commission": goods
        seized, told by a participle, that a party hands on were seized by that party."""
        goods = act.head
        if act.dep_ != "acl" or act.tag_ != "VBN" or goods.i > act.i:
            return None
        while goods.dep_ == "conj" and goods.head.i < goods.i:  # "arms and ammunition recovered ..."
            goods = goods.head
        if goods.dep_ == "pobj" and goods.head.lower_ == "of" and goods.head.head.dep_ in ("dobj", "pobj"):
            goods = goods.head.head  # "handed over a total of 900 arms recovered from ...": the lot
        verb = goods.head
        if goods.dep_ == "pobj" and verb.dep_ == "prt":  # "handing over rifles": the parser's "over" phrase
            verb = verb.head
        elif goods.dep_ != "dobj":
            return None
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
        frame = self.particles.get((self._lemma(verb), particle)) or self.verbs.get(self._lemma(verb))
        if frame is None or frame[1] != "give":
            return None
        subj, passive, _ = self._subject(verb)
        if subj is None or passive:
            return None
        return self._actor(subj, sent, roles)

    def _route(self, trig: Trigger, sent: Span) -> tuple[str | None, str | None] | None:
        """Where seized goods were going: "in transit from A to B", "en route to B", "bound for
        B", "a B-bound container". None when the sentence says nothing of it."""
        doc = sent.doc
        giver = receiver = None
        roles = Roles()
        if not doc.has_annotation("DEP"):
            # word order: "seized 30 pistols destined for the group"
            for k in range(trig.token.i + 1, sent.end - 2):
                if doc[k].lower_ in ("bound", "destined", "headed") and doc[k + 1].lower_ in ("for", "to"):
                    j = k + 2 + (doc[k + 2].lower_ in ("the", "a", "an"))
                    if j < sent.end:
                        receiver = self._actor(doc[j], sent, roles) or self._place_text(doc[j])
                    break
            return None if receiver is None else (None, receiver)
        for tok in sent:
            word = tok.lower_
            if word in ("transit", "route") and tok.i > trig.token.i:
                # "from"/"to" hang off "transit" or, as the parser often has it, off the verb
                after = [c for c in trig.token.children if c.dep_ == "prep" and c.i > tok.i]
                for c in [*tok.children, *after]:
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if c.lower_ == "from" and objs:
                        giver = giver or self._actor(objs[0], sent, roles) or self._place_text(objs[0])
                    elif c.lower_ in ("to", "for") and objs:
                        receiver = receiver or self._actor(objs[0], sent, roles) or self._place_text(objs[0])
            elif word in ("bound", "destined", "headed") and tok.i > trig.token.i:
                if tok.i >= 2 and doc[tok.i - 1].text in ("-", "–"):  # "a Guatemala-bound container"
                    receiver = receiver or self._place_text(doc[tok.i - 2])
                for c in tok.children:
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if c.lower_ in ("for", "to") and objs:
                        receiver = receiver or self._actor(objs[0], sent, roles) or self._place_text(objs[0])
                    elif c.lower_ == "from" and objs:  # "headed from Iran to Yemen"
                        giver = giver or self._actor(objs[0], sent, roles) or self._place_text(objs[0])
        if giver is None and receiver is None:
            return None
        return giver, receiver

    def _place_text(self, tok: Token) -> str | None:
        ent = self._entity_at(tok, (*PLACE_LABELS, "COUNTRY"))
        return ent.text if ent is not None else None

    def _noun_giver(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "The ministry announced a drawdown package": the subject of the verb taking the noun."""
        noun = tok.head if tok.dep_ == "compound" else tok
        if noun.dep_ not in ("dobj", "nsubjpass"):
            return None
        subj, _, _ = self._subject(noun.head)
        return self._actor(subj, sent, roles) if subj is not None else None

    def _getting_verb(self, tok: Token) -> Token | None:
        """The verb of getting the act noun is the object of ("acquired a supply of ..."), or None."""
        noun = tok.head if tok.dep_ == "compound" else tok
        got = noun.dep_ == "dobj" and self.verbs.get(self._lemma(noun.head), ("", ""))[1] == "get"
        return noun.head if got else None

    def _subject(self, tok: Token) -> tuple[Token | None, bool, Token | None]:
        cur = tok
        raised = False  # "the group is believed to have acquired ...": the subject of the frame verb
        for _ in range(4):
            subjects = [_partitive(c) for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
            # "BRAKKE, Norland — A patrol ship seized ...": the dateline is no subject
            subj = next(filter(None, (past_dateline(c) for c in subjects)), None)
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cur.children)
            if raised:
                passive = any(c.dep_ == "auxpass" for c in tok.children)
            agent = next((g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if agent is not None and cur.tag_ == "VBN" and not any(c.dep_ == "aux" for c in cur.children):
                # "rifles (mostly AK-47s) confiscated by the police": a participle with its "by"
                # is passive, though the parser calls the goods before it its subject
                passive = True
            if subj is not None:
                if subj.lower_ in ("which", "that", "who") and cur.dep_ == "relcl":
                    return _antecedent_of_place(cur.head), passive, agent
                return subj, passive, agent
            if agent is not None:
                return None, True, agent
            told = told_of(cur)
            if told is not None:
                return told, False, None
            if cur.dep_ in ("conj", "xcomp") and cur.head.i != cur.i:
                raised = raised or cur.dep_ == "xcomp"
                cur = cur.head
                continue
            if _controlled(cur):
                # "she lied on the form to buy a pistol", "he signed while purchasing rifles": a
                # clause without a subject of its own has its main verb's
                raised = True
                cur = controller(cur)
                continue
            if _means(cur):
                # "the government violated the embargo by providing rifles to ...": the one who
                # does the main verb by the act does the act
                raised = True
                cur = cur.head.head
                continue
            objects = any(c.dep_ == "dobj" for c in cur.children)
            if cur.dep_ == "acl" and cur.tag_ == "VBN" and objects and cur.head.dep_ == "ROOT" and cur.head.i < cur.i:
                # "The Kell police, on Monday, handed over 600 rifles to ...": with an object and no
                # other verb, the sentence's main verb, hung off its subject
                return cur.head, False, None
            if cur.dep_ == "acl" and cur.tag_ == "VBN":  # "guns smuggled out of Ukraine": passive participle
                return None, True, None
            if cur.dep_ == "acl" and cur.tag_ == "VBD" and cur.head.i < cur.i:
                # "The small craft, manned by ..., then handed over the cargo": a main verb in the
                # past tense the parser hung off its subject
                return cur.head, False, None
            if cur.dep_ == "acl" and cur.head.lower_ in _CHARGE_NOUNS:
                # "was involved in a conspiracy to export ...": whoever is in the plot is the doer
                accused = _accused(cur)
                if accused is not None:
                    return accused, False, None
            perfect = cur.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "having" for c in cur.children)
            if cur.dep_ == "pcomp" and (cur.tag_ == "VBG" or perfect) and cur.head.dep_ == "prep":
                # "(they were) charged with / accused of selling ...", "admitted to having agreed to
                # export ...": whoever is charged is the doer
                accused = _accused(cur)
                if accused is not None:
                    return accused, False, None
            break
        return None, passive, None

    def _preps(self, trig: Trigger, sent: Span) -> dict[str, list[Token]]:
        """Objects of the prepositions this trigger governs, by role ("from", "to", "by", "place")."""
        out: dict[str, list[Token]] = {}
        # "a dhow carrying rifles from Iran was intercepted": the subject's own phrases are not the trigger's
        subj = next((c for c in trig.token.children if c.dep_ in ("nsubj", "nsubjpass", "csubj", "csubjpass")), None)
        inside_subject = {t.i for t in subj.subtree} if subj is not None else set()
        clause: dict[str, list[Token]] = {}
        for tok in sent:
            if tok.dep_ not in ("prep", "agent", "dative") and tok.lower_ not in ("from", "to", "by"):
                continue
            if tok.i in inside_subject:
                continue
            if tok.head.lower_ in _NOT_ROLE_HEADS:
                continue
            if self._gov_index(tok, sent) != trig.token.i and tok.head.i != trig.token.i:
                continue  # (a phrase on the trigger itself is its own, whatever word the trigger is)
            if in_side_clause(tok, trig.token):
                continue  # "Acting on a tip from police in Dunmore, officers seized ...": not the seizure's
            if tok.lower_ in ("from", "to") and _in_carrying_clause(tok, trig.token):
                continue  # "a dhow carrying rifles from Iran was seized": the cargo's route, not the seizure's
            if tok.lower_ in ("from", "to") and _in_noun_clause(tok, trig.token):
                # "seized arms from a ship believed to be headed from Iran": the ship's route, used
                # only when the trigger has no such phrase of its own
                objs = [c for c in tok.children if c.dep_ == "pobj"]
                clause.setdefault(tok.lower_, []).extend(objs)
                continue
            objs = [c for c in tok.children if c.dep_ in ("pobj", "pcomp")]
            if not objs and tok.dep_ == "dative":
                objs = [tok]
            if not objs and tok.lower_ == "out":  # "out of Ukraine"
                objs = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                if objs:
                    out.setdefault("from", []).extend(objs)
                continue
            word = tok.lower_
            if word == "of" and tok.head.lower_ == "out":
                word = "from"
            if word in ("from",):
                out.setdefault("from", []).extend(objs)
            elif word in ("to", "into") or tok.dep_ == "dative":
                out.setdefault("to", []).extend(objs)
                if word == "into":
                    out.setdefault("place", []).extend(objs)
            elif word == "by":
                out.setdefault("by", []).extend(objs)
            elif word == "for":
                out.setdefault("for", []).extend(objs)
            elif word in _PLACE_PREPS:
                out.setdefault("place", []).extend(objs)
        for key, objs in clause.items():
            if not out.get(key):
                out[key] = objs
        return out

    def _preps_linear(self, trig: Trigger, sent: Span) -> dict[str, list[Token]]:
        doc = sent.doc
        out: dict[str, list[Token]] = {}
        triggers_after = [
            t.i for t in sent if t.i > trig.token.i and self._lemma(t) in self.verbs and t.lower_ in self.forms
        ]
        stop = triggers_after[0] if triggers_after else sent.end
        for tok in doc[trig.token.i + 1 : stop]:
            word = tok.lower_
            key = {"from": "from", "to": "to", "into": "to", "by": "by"}.get(word)
            if key is None and word in _PLACE_PREPS:
                key = "place"
            if key is None:
                continue
            k = tok.i + 1
            while k < sent.end and doc[k].lower_ in ("the", "a", "an"):
                k += 1
            if k < sent.end:
                out.setdefault(key, []).append(doc[k])
        return out

    def _seen_with(self, trig: Trigger, sent: Span, subj: Token | None) -> str | None:
        doc = sent.doc
        roles = Roles()
        if subj is not None:
            found = self._actor(subj, sent, roles)
            if found:
                return found
        if doc.has_annotation("DEP"):
            for c in trig.token.children:
                if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
                    found = self._actor(c, sent, roles)
                    if found:
                        return found
            return None
        ents = [
            e
            for e in self._ents_in(sent.start, sent.end)
            if e.label_ in ("ARMED_GROUP", "MILITARY_UNIT", "PERSON", "ORGANIZATION")
        ]
        return ents[0].text if ents else None



#: Parties goods are bought for that then receive them ("purchasing rifles for the Vell cartel").
_BODY_LABELS = ("ARMED_GROUP", "MILITARY_UNIT", "COUNTRY")
# verbs of moving goods whose doer sends them ("the network smuggled pistols to Italy")
_SENDING = {"smuggle", "traffic", "export", "ship", "send", "dispatch", "funnel", "channel"}
# verbs whose doer is the custodian who let the item go ("officers diverted the rifles to ...")
_DIVERTING = {"divert", "misappropriate", "embezzle"}
