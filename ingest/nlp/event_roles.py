"""Custody event roles: giver and receiver by the trigger's frame (place and date: ``event_places``)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .event_base import (
    _GOVERNMENT_NOUNS,
    _NOT_ROLE_HEADS,
    _PLACE_PREPS,
    _PRONOUNS,
    ACTOR_LABELS,
    MOVE_TYPES,
    PLACE_LABELS,
    Roles,
    Trigger,
)
from .event_items import _conjuncts
from .event_phrases import _ITEM_LABELS, _remember_written, _written_phrase
from .event_places import PlaceRules


class RoleRules(PlaceRules):
    def _roles(self, trig: Trigger, sent: Span, doc: Doc) -> Roles:
        roles = Roles()
        tok = trig.token
        has_dep = doc.has_annotation("DEP")
        subj, passive, agent = self._subject(tok) if has_dep else (None, False, None)
        preps = self._preps(trig, sent) if has_dep else self._preps_linear(trig, sent)
        subj_actor = self._actor(subj, sent, roles) if subj is not None else None
        if not has_dep:
            subj_actor = self._actor_before(tok, sent)
            passive = any(
                t.lower_ in ("was", "were", "been", "be", "is", "are") for t in doc[max(sent.start, tok.i - 2) : tok.i]
            )
            agent_tok = preps.get("by", [None])[0]
            agent = agent_tok
        agent_actor = self._actor(agent, sent, roles) if agent is not None else None
        from_actor = self._first_actor(preps.get("from", []), sent, roles)
        to_actor = self._first_actor(preps.get("to", []), sent, roles)
        if has_dep and not trig.noun and trig.frame in ("give", "get", "take", "lose", "hold"):
            # "the appellant purchased ... from a civilian acquaintance", "the small craft handed
            # over the cargo to ...": who acts on the goods is an actor, named or not
            if subj_actor is None and subj is not None and not passive:
                subj_actor = self._common_actor(subj, sent)
            if agent_actor is None and agent is not None:
                agent_actor = self._common_actor(agent, sent)
            if trig.frame in ("give", "get"):
                from_actor = from_actor or self._first_common(preps.get("from", []), sent)
                to_actor = to_actor or self._first_common(preps.get("to", []), sent)
        if to_actor is None and has_dep:
            for c in tok.children:
                receiver = c.dep_ in ("dative", "iobj") or (
                    c.dep_ == "dobj" and trig.frame == "give" and self._entity_at(c, ACTOR_LABELS) is not None
                )
                if receiver:
                    to_actor = self._actor(c, sent, roles)
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
            if from_actor is None and has_dep and trig.type in moves:
                from_actor = self._noun_giver(tok, sent, roles)
            roles.from_, roles.to = from_actor, to_actor
            if agent_actor is None and has_dep:  # "the seizure of rifles by border police"
                agent_actor = self._first_actor(preps.get("by", []), sent, roles)
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
        elif frame == "get":
            roles.to = self._principal(trig, sent, roles) or doer or to_actor
            roles.from_ = from_actor
        elif frame == "take":
            roles.to = doer
            roles.from_ = from_actor
            if from_actor is None and has_dep and trig.type == "SEIZURE":
                roles.from_ = self._seized_from_carrier(trig, sent)
            if roles.to is None and subj is not None and not passive and subj.lower_ in self.vessel_nouns:
                roles.to = self._phrase(subj)  # "a navy patrol ship seized ..."
        elif frame == "lose":
            if from_actor is None and has_dep and tok.lower_ in self.adjectives:  # "went missing from the depot"
                objs = [g for c in tok.head.children if c.lower_ == "from" for g in c.children if g.dep_ == "pobj"]
                from_actor = self._first_actor(objs, sent, roles)
            roles.from_ = (subj_actor if not passive else None) or from_actor
            # "lost 12 launchers to the group's fighters": who took them
            roles.to = agent_actor if passive else to_actor
        elif frame == "move":
            roles.from_ = from_actor
            roles.to = to_actor
            if from_actor is None and not passive and self._lemma(tok) in _SENDING:
                roles.from_ = doer  # "the network smuggled 200 pistols to Italy": who sends them
            elif from_actor is None and self._lemma(tok) in _DIVERTING:
                # "diverted to the group by officers of the guard": who diverts gives it away
                roles.from_ = doer
        elif frame == "hold":
            roles.to = doer
        elif frame == "check":
            roles.to = None
        elif frame == "see":
            roles.to = self._seen_with(trig, sent, subj if passive else None)
        roles.from_label = self._label_of(roles.from_, sent)
        roles.to_label = self._label_of(roles.to, sent)
        roles.place = self._place(trig, sent, preps, {roles.from_, roles.to})
        roles.date = self._date(trig, sent)
        return roles

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

    def _seized_from_carrier(self, trig: Trigger, sent: Span) -> str | None:
        """ "seized ... from inside a vessel", "ammunition concealed in a Guatemala-bound
        container": for a seizure, the vessel or container it was taken from."""
        carriers = self.vessel_nouns | self.container_nouns
        for tok in sent:
            # "intercepted a dhow carrying 300 rifles": the carrier the goods were taken from
            carrying = ("carry", "transport", "contain", "load", "lade")
            around = list(tok.children) + (list(tok.head.children) if tok.dep_ == "dobj" else [])
            if tok.lower_ in carriers and any(
                c.dep_ in ("acl", "advcl") and c.lemma_.lower() in carrying and c.i > tok.i for c in around
            ):
                mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
                return sent.doc[min([tok.i, *(c.left_edge.i for c in mods)]) : tok.i + 1].text
        for tok in sent:
            if tok.lower_ not in carriers or tok.dep_ != "pobj" or self._ent_of_token[tok.i] >= 0:
                continue
            prep = tok.head
            while prep.dep_ in ("pcomp", "pobj", "prep", "advmod") and prep.head.pos_ == "ADP":
                prep = prep.head
            if prep.lower_ not in ("from", "inside", "in", "aboard", "on", "within"):
                continue
            gov = prep.head
            hidden = gov.lemma_.lower() in ("conceal", "hide", "stash", "hold", "carry", "pack", "load", "store")
            hidden = hidden or gov.lower_ in self.materiel_nouns  # "an arms shipment on a dhow"
            if gov.i != trig.token.i and not hidden and self._gov_index(prep, sent) != trig.token.i:
                continue
            if prep.lower_ != "from" and not hidden and gov.i != trig.token.i:
                continue
            mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
            start = min([tok.i, *(c.left_edge.i for c in mods)])
            return sent.doc[start : tok.i + 1].text
        return None

    def _noun_giver(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "The ministry announced a drawdown package": the subject of the verb taking the noun."""
        noun = tok.head if tok.dep_ == "compound" else tok
        if noun.dep_ not in ("dobj", "nsubjpass"):
            return None
        subj, _, _ = self._subject(noun.head)
        return self._actor(subj, sent, roles) if subj is not None else None

    def _subject(self, tok: Token) -> tuple[Token | None, bool, Token | None]:
        cur = tok
        raised = False  # "the group is believed to have acquired ...": the subject of the frame verb
        for _ in range(4):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cur.children)
            if raised:
                passive = any(c.dep_ == "auxpass" for c in tok.children)
            agent = next((g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if subj is not None:
                if subj.lower_ in ("which", "that", "who") and cur.dep_ == "relcl":
                    return cur.head, passive, agent
                return subj, passive, agent
            if agent is not None:
                return None, True, agent
            if cur.dep_ in ("conj", "xcomp") and cur.head.i != cur.i:
                raised = raised or cur.dep_ == "xcomp"
                cur = cur.head
                continue
            if cur.dep_ == "acl" and cur.tag_ == "VBN":  # "guns smuggled out of Ukraine": passive participle
                return None, True, None
            if cur.dep_ == "acl" and cur.tag_ == "VBD" and cur.head.i < cur.i:
                # "The small craft, manned by ..., then handed over the cargo": a main verb in the
                # past tense the parser hung off its subject
                return cur.head, False, None
            if cur.dep_ == "pcomp" and cur.tag_ == "VBG" and cur.head.dep_ == "prep":
                # "(they were) charged with / accused of selling ...": whoever is charged is the doer
                frame = cur.head.head
                doer = next((c for c in frame.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if doer is not None and self.modality_markers.get(frame.lemma_.lower()) is not None:
                    return doer, False, None
            break
        return None, passive, None

    def _preps(self, trig: Trigger, sent: Span) -> dict[str, list[Token]]:
        """Objects of the prepositions this trigger governs, by role ("from", "to", "by", "place")."""
        out: dict[str, list[Token]] = {}
        subj = next((c for c in trig.token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        inside_subject = {t.i for t in subj.subtree} if subj is not None else set()
        clause: dict[str, list[Token]] = {}
        for tok in sent:
            if tok.dep_ not in ("prep", "agent", "dative") and tok.lower_ not in ("from", "to", "by"):
                continue
            if tok.i in inside_subject:
                continue
            if tok.head.lower_ in _NOT_ROLE_HEADS or self._gov_index(tok, sent) != trig.token.i:
                continue
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

    def _actor(self, tok: Token | None, sent: Span, roles: Roles) -> str | None:
        """The actor a phrase names, as the sentence writes it: the whole noun phrase with its
        modifiers, appositions and coordinated actors ("Viktor Bout, an arms dealer, and his
        associate", "crews along with border agents", "units of the Yemeni army"); an actor
        found by pointing back ("he", "the battalion") is the one pointed to."""
        found = self._actor_single(tok, sent, roles)
        if found is None or tok is None or not tok.doc.has_annotation("DEP"):
            return found
        own = self._ent_of_token[tok.i]
        named_head = own < 0 or self._ents[own].label_ in (*ACTOR_LABELS, *PLACE_LABELS, "COUNTRY")
        if named_head and tok.lower_ not in _PRONOUNS:  # "the battalion" pointing back: not in its phrase
            written = _written_phrase(tok, sent)
            definite = tok.lower_ in self.definite_heads and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the"
            if written is not None and (found in written or definite):
                _remember_written(sent, found, written)  # "the service": as written, and who it is
        last: Token | None = None
        for c in _conjuncts(tok)[1:]:
            if c.i > tok.i and self._actor_single(c, sent, Roles()) is not None:
                last = c if last is None or c.i > last.i else last
        if last is None:
            return found
        doc = tok.doc
        start = tok.left_edge.i
        while start < tok.i and doc[start].dep_ in ("det", "punct", "cc"):
            start += 1
        k = self._ent_of_token[last.i]
        end = max(last.i + 1, self._ents[k].end if k >= 0 else 0)
        if end - start > 25:
            return found
        return doc[start:end].text

    def _actor_single(self, tok: Token | None, sent: Span, roles: Roles) -> str | None:
        """The actor a phrase names: an entity in it, a resolved pronoun or definite noun, or the
        phrase itself when its head is an actor noun."""
        if tok is None:
            return None
        doc = tok.doc
        labels = (*ACTOR_LABELS, "PLACE", "DEPOT")
        ent = self._entity_at(tok, labels)
        if ent is not None:
            return ent.text
        if doc.has_annotation("DEP"):
            scope = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss", "appos")]
            scope += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from") for g in c.subtree]
            if tok.lower_ in _GOVERNMENT_NOUNS:  # "the Biden administration", "the Polish government"
                mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and self._entity_at(c, labels)]
                if mods:
                    return doc[min(c.i for c in mods) : tok.i + 1].text
            if tok.lower_ in _ONE_PERSON_NOUNS and tok.pos_ == "NOUN":
                named = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod") and self._entity_at(c, labels)]
                if named:  # "a 19-year Army veteran": a person the unit describes, not the unit
                    start = tok.left_edge.i
                    while start < tok.i and doc[start].dep_ in ("det", "punct", "poss"):
                        start += 1
                    return doc[start : tok.i + 1].text
            for t in sorted(scope, key=lambda t: t.i):
                ent = self._entity_at(t, labels)
                if (ent is not None and ent.label_ not in ("PLACE", "COUNTRY")) or (ent is not None and not scope[1:]):
                    return ent.text if ent is not None else None
        if tok.lower_ in _PRONOUNS:
            found = self._antecedent(tok, sent) or self._reported_speaker(tok, sent)
            if found:
                roles.penalty += 0.05
            return found
        if tok.lower_ in self.definite_heads:
            found = self._definite(tok)
            if found:
                return found
        of_follows = tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of"
        if not doc.has_annotation("DEP") and tok.lower_ in _MEMBER_NOUNS and of_follows:
            # word order: "fighters of the Amber Hand", "crew of the MV Lunaria"
            k = tok.i + 2 + (tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "the")
            ent = self._entity_at(doc[k], ACTOR_LABELS) if k < len(doc) else None
            if ent is not None:
                return ent.text
        if doc.has_annotation("DEP") and tok.lower_ in _MEMBER_NOUNS:
            # "the crew of the MV Lunaria", "sailors of the Aldermoor": the named body they serve
            for name in (g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"):
                if name.pos_ == "PROPN" and name.is_title:
                    start = min([name.i, *[c.i for c in name.lefts if c.dep_ == "compound"]])
                    return doc[start : name.i + 1].text
        if tok.lower_ in self.actor_nouns or tok.lemma_.lower() in self.actor_nouns:
            return self._phrase(tok)
        return None

    def _common_actor(self, tok: Token, sent: Span) -> str | None:
        """An unnamed party as written ("a civilian acquaintance", "the appellant", "the small
        craft"): a noun phrase that is no item, amount, date or place, and no pronoun."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in _PRONOUNS:
            return None
        k = self._ent_of_token[tok.i]
        if k >= 0 and self._ents[k].label_ not in ACTOR_LABELS:
            return None
        lemma = tok.lemma_.lower()
        if tok.lower_ in self.materiel_nouns or lemma in self.materiel_nouns or lemma in _NOT_PARTIES:
            return None
        if any(self._ent_of_token[c.i] >= 0 and self._ents[self._ent_of_token[c.i]].label_ in _ITEM_LABELS
               for c in tok.children if c.dep_ in ("compound", "nummod", "amod")):
            return None  # "5.56 mm rounds"
        name = self._phrase(tok)
        written = _written_phrase(tok, sent)
        if written is not None and name in written:
            _remember_written(sent, name, written)
        return name

    def _first_common(self, toks: Sequence[Token], sent: Span) -> str | None:
        return next(filter(None, (self._common_actor(t, sent) for t in toks)), None)

    def _actor_before(self, tok: Token, sent: Span) -> str | None:
        """Word-order fallback for a subject: the nearest actor entity or actor noun before ``tok``."""
        doc = tok.doc
        for k in range(tok.i - 1, sent.start - 1, -1):
            t = doc[k]
            if t.text in (";", ":") or (k != tok.i and self._lemma(t) in self.verbs and t.lower_ in self.forms):
                break
            ent = self._entity_at(t, ACTOR_LABELS)
            if ent is not None:
                return ent.text
            if t.lower_ in self.actor_nouns and not t.ent_type_:
                return self._phrase(t)
        return None

    def _first_actor(self, toks: Sequence[Token], sent: Span, roles: Roles) -> str | None:
        for t in toks:
            found = self._actor(t, sent, roles)
            if found:
                return found
        return None

    def _phrase(self, tok: Token) -> str:
        doc = tok.doc
        start = tok.i
        if doc.has_annotation("DEP"):
            left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
            start = min([tok.i, *[c.i for c in left]])
        else:
            start = tok.i
            while (
                start - 1 >= 0
                and doc[start - 1].is_alpha
                and doc[start - 1].lower_ not in ("the", "a", "an", "to", "from", "by", "of", "and", "at", "in")
                and doc[start - 1].is_lower
            ):
                start -= 1
        return doc[start : tok.i + 1].text

    def _antecedent(self, tok: Token, sent: Span) -> str | None:
        doc = tok.doc
        want = (
            ("PERSON",)
            if tok.lower_ in ("he", "she", "him", "her")
            else ("ARMED_GROUP", "MILITARY_UNIT", "ORGANIZATION", "COUNTRY")
        )
        candidates: list[tuple[int, str]] = []
        for ent in self._ents_in(max(0, sent.start - 400), tok.i):
            if ent.end <= tok.i and ent.label_ in want:
                candidates.append((ent.start, ent.text))
        for t in doc[max(0, sent.start - 200) : tok.i]:
            if (
                t.lower_ in self.definite_heads
                and t.i > 0
                and doc[t.i - 1].lower_ in ("the", "same")
                and not t.ent_type_
            ):
                found = self._definite(t)
                if found:
                    candidates.append((t.i, found))
        if not candidates:
            return None
        return max(candidates)[1]

    def _definite(self, tok: Token) -> str | None:
        """ "the battalion", "the same group": the last actor entity before it with that head word
        as a head of its own ("the service" is not "Multi Services Limited Command")."""
        head = tok.lower_.rstrip("s")
        for ent in reversed([e for e in self._ents_in(0, tok.i) if e.end <= tok.i and e.label_ in ACTOR_LABELS]):
            heads = [t for t in ent if t.i + 1 == ent.end or ent.doc[t.i + 1].text == ","]
            if any(t.lower_.rstrip("s") == head for t in heads):
                return ent.text
        return None

    def _reported_speaker(self, tok: Token, sent: Span) -> str | None:
        """ "A veteran admitted that he stole ...": a personal pronoun in a clause reported by a
        verb of saying is the subject of that verb, named or not."""
        if tok.lower_ not in ("he", "she", "they") or not tok.doc.has_annotation("DEP"):
            return None
        cur = tok.head
        for _ in range(6):
            if cur.dep_ in ("ccomp", "conj") and cur.head.i != cur.i:
                says = cur.head
                subj = next((c for c in says.children if c.dep_ == "nsubj" and c.i < tok.i), None)
                if subj is None and says.dep_ == "acl" and says.head.i < says.i:
                    subj = says.head  # "A quartermaster admitted ...", the verb misread as a participle
                placed = subj is not None and self._entity_at(subj, ("PLACE", "BORDER_CROSSING", "DEPOT")) is not None
                if subj is not None and not placed and subj.lower_ not in _PRONOUNS and subj.pos_ in ("NOUN", "PROPN"):
                    return self._actor(subj, sent, Roles()) or self._common_actor(subj, sent)
                return None
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

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

    def _label_of(self, text: str | None, sent: Span) -> str | None:
        if not text:
            return None
        for ent in self._ents_in(max(0, sent.start - 400), sent.end):
            if ent.text == text:
                return ent.label_
        return None


#: Heads that never name a party ("sold for cash", "moved to storage", "taken from service").
_NOT_PARTIES = {"use", "purpose", "sale", "market", "storage", "custody", "possession", "service", "inventory",
                "stock", "record", "account", "time", "year", "month", "day", "week", "way", "part", "cash",
                "money", "value", "price", "profit", "fund", "charge", "investigation", "operation", "country",
                "area", "region", "place", "site", "border", "coast", "sea", "port", "route", "destination",
                "end", "number", "total", "amount", "lot", "batch", "order", "contract", "deal", "program"}
_NOT_PARTIES |= {"package", "tranche", "assistance", "aid", "capability", "drawdown", "funding", "shipment",
                 "consignment", "cargo", "load", "delivery", "transfer", "seizure", "haul", "cache", "raid",
                 "search", "inspection", "probe", "crackdown", "sweep", "check", "audit", "review", "report",
                 "statement", "release", "document", "documents", "records", "evidence"}
# verbs of moving goods whose doer sends them ("the network smuggled pistols to Italy")
_SENDING = {"smuggle", "traffic", "export", "ship", "send", "dispatch", "funnel", "channel"}
# verbs whose doer is the custodian who let the item go ("officers diverted the rifles to ...")
_DIVERTING = {"divert", "misappropriate", "embezzle"}
# people who act for a named body: "the crew of the MV Lunaria" acts for the ship
#: Nouns of one person whose modifiers describe them ("a 19-year Army veteran", "a former
#: Marine Corps armorer"): the person acts, not the body named in the description.
_ONE_PERSON_NOUNS = {"veteran", "armorer", "armourer", "soldier", "officer", "sergeant", "employee", "contractor",
                     "official", "member", "agent", "pilot", "sailor", "guard", "clerk", "captain", "reservist",
                     "specialist", "technician", "worker", "staffer", "recruit", "instructor", "supervisor",
                     "quartermaster", "driver", "corporal", "lieutenant", "colonel", "commander", "serviceman"}
_MEMBER_NOUNS = {"crew", "crews", "crewmen", "sailors", "members", "soldiers", "officers", "troops", "fighters",
                 "personnel", "sergeants", "officials", "militants", "men", "staff", "employees"}


def _in_noun_clause(tok: Token, trigger: Token) -> bool:
    """Whether ``tok`` sits in a clause that modifies a noun below the trigger ("a ship believed
    to be headed from Iran"): its prepositions belong to that clause, not to the trigger."""
    cur = tok
    for _ in range(12):
        if cur.i == trigger.i or cur.head.i == cur.i:
            return False
        if cur.dep_ in ("acl", "relcl") and cur.pos_ in ("VERB", "AUX") and cur.head.i != trigger.i:
            return True
        if cur.dep_ == "advcl" and cur.tag_ in ("VBN", "VBD") and cur.i > trigger.i:
            return True  # "... from a ship believed to be headed from Iran": a reduced relative
        cur = cur.head
    return False

