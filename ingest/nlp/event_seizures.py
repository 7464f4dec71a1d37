"""Who seized goods were taken from and who took them, where the seizure's own clause does not
say: the carrier searched or boarded (in the same breath or the sentence before), the
operation the seizure came of, the one who took goods later passed on (``event_roles`` uses it)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .event_actors import ActorRules
from .event_base import _PRONOUNS, Roles, Trigger
from .event_places import past_dateline


class SeizureRules(ActorRules):
    def _seized_from_carrier(self, trig: Trigger, sent: Span) -> str | None:
        """ "seized ... from inside a vessel", "ammunition concealed in a Guatemala-bound
        container": for a seizure, the vessel or container it was taken from."""
        carriers = self.vessel_nouns | self.container_nouns | _VEHICLES
        for tok in sent:
            # "intercepted a dhow carrying 300 rifles": the carrier the goods were taken from
            carrying = _CARRYING
            around = list(tok.children) + (list(tok.head.children) if tok.dep_ == "dobj" else [])
            # (or, misparsed, the carrier hung below the verb: "a dhow carrying ..." as a clause subject)
            below = tok.head.lemma_.lower() in carrying and tok.head.i == tok.i + 1
            if tok.lower_ in carriers and (below or any(
                c.dep_ in ("acl", "advcl") and c.lemma_.lower() in carrying and c.i > tok.i for c in around
            )):
                return carrier_phrase(tok)
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
            return carrier_phrase(tok)
        return None

    def _boarded(self, tok: Token, sent: Span, roles: Roles) -> tuple[str | None, str | None, Token | None]:
        """ "boarded a dhow and seized 300 rifles", "the dhow was intercepted by HMS Kell, and 300
        rifles were seized": the vessel stopped in the same breath is what the goods were taken
        from, and whoever stopped it took them (when the seizure's own clause does not say); the
        verb of stopping is returned too, for its place."""
        linked = [c for c in tok.children if c.dep_ == "conj"]
        if tok.dep_ == "conj":
            linked.append(tok.head)
        # "seized the shipment while inspecting a truck": the carrier searched as the goods were taken
        linked += [c for c in tok.children if c.dep_ == "advcl" and c.lemma_.lower() in _BOARDING]
        # "seized the cache after boarding a dhow": the stop told in a phrase of time
        linked += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("after", "upon", "on", "while")
                   for g in c.children if g.dep_ == "pcomp" and g.lemma_.lower() in _BOARDING]
        for verb in linked:
            if verb.lemma_.lower() not in _BOARDING or verb.pos_ not in ("VERB", "AUX"):
                continue
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
            stopped = next((c for c in verb.children if c.dep_ == ("nsubjpass" if passive else "dobj")), None)
            carrier = None
            if stopped is not None and (
                self._carrier(stopped)
                or (self._entity_at(stopped, ("MILITARY_UNIT", "ORGANIZATION")) is None and stopped.pos_ == "PROPN")
            ):
                written = self._actor(stopped, sent, roles) if stopped.pos_ == "PROPN" else None
                carrier = written or carrier_phrase(stopped)
            by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            doer = next(iter(by), None) if passive else next((c for c in verb.children if c.dep_ == "nsubj"), None)
            stopper = self._actor(doer, sent, roles) if doer is not None else None
            return carrier, stopper, verb
        return None, None, None

    def _boarded_before(self, sent: Span, roles: Roles) -> tuple[str | None, str | None, Token | None]:
        """ "HMS Tarrow stopped a dhow off Socotra. Its boarding team seized 900 rifles.": a vessel
        stopped in the sentence before is what goods seized by a party pointing back to it came from."""
        doc = sent.doc
        if sent.start == 0:
            return None, None, None
        prev = doc[sent.start - 1].sent
        root = prev.root
        verbs = [root, *[c for c in root.children if c.dep_ == "conj"]]
        for verb in verbs:
            if verb.lemma_.lower() not in _BOARDING or verb.pos_ not in ("VERB", "AUX"):
                continue
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
            # (the parser may take "stopped a dhow off ..." for an adverbial noun)
            # (or, "stopped the stateless dhow", take the adjective for the object and the noun for an adverb)
            objects = ("nsubjpass",) if passive else ("dobj", "npadvmod", "advmod")
            stopped = next((c for c in verb.children if c.dep_ in objects and self._carrier(c)), None)
            if stopped is None:
                continue
            by = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            doer = next(iter(by), None) if passive else next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return carrier_phrase(stopped), self._actor(doer, prev, roles) if doer is not None else None, verb
        return None, None, None

    def _carrier(self, tok: Token) -> bool:
        """A vessel, vehicle or container goods can be taken from ("a dhow", "a lorry", "a crate")."""
        carriers = self.vessel_nouns | self.container_nouns | _VEHICLES
        return tok.lower_ in carriers or tok.lemma_.lower() in carriers

    def _taker_before(self, goods: Token, sent: Span, roles: Roles) -> str | None:
        """ "Weapons seized by the navy in 2016 were transferred to the coast guard": goods passed
        on after someone took them are passed on by whoever took them."""
        for c in goods.children:
            # (or "weapons, which were seized by the navy, were handed over ...")
            if c.dep_ in ("acl", "relcl") and c.tag_ == "VBN" and c.lemma_.lower() in _TAKING:
                by = [g for a in c.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
                if by:
                    return self._actor(by[0], sent, roles) or self._common_actor(by[0], sent)
        return None

    def _maker(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "Customs officers made the seizure of 50 rifles", "Kell police announced the seizure of
        ...", "the seizure ... was carried out by the coast guard": a seizure told as the object of
        a verb of doing or announcing it was made by that verb's doer."""
        verb = tok.head
        if verb.i == tok.i or verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in _MAKING_VERBS:
            return None
        if tok.dep_ == "dobj":
            doers = [c for c in verb.children if c.dep_ == "nsubj"]
            if not doers and verb.dep_ == "relcl" and verb.head.i < verb.i:
                doers = [verb.head]  # "the customs unit that made the seizure"
        elif tok.dep_ == "nsubjpass":
            doers = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        else:
            return None
        for doer in doers:
            found = past_dateline(doer)
            if found is not None:
                return self._actor(found, sent, roles) or self._common_actor(found, sent)
        return None

    def _operation_agent(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "seized following a National Crime Agency operation", "recovered during a police raid":
        a seizure no one is said to make is made by whoever ran the operation it came of."""
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ not in _OPERATION_PREPS:
                continue
            for op in (c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in _OPERATION_NOUNS):
                runners = [c for c in op.children if c.dep_ in ("compound", "nmod", "poss", "amod")]
                runners += [g for c in op.children if c.lower_ in ("by", "of") for g in c.children if g.dep_ == "pobj"]
                found = self._first_actor(sorted(runners, key=lambda t: t.i), sent, roles)
                if found is not None:
                    return found
        return None


def carrier_phrase(tok: Token) -> str:
    """A vessel, vehicle or container as the record names it: the head with the words written
    right before it, at most two, no article and nothing across a comma ("a small, stateless
    dhow" is "stateless dhow"; "a 20-foot shipping container" is "20-foot shipping container")."""
    doc = tok.doc
    start, words = tok.i, 0
    while start > 0:
        prev = doc[start - 1]
        if prev.whitespace_:  # a word of its own: a modifier of the head, two at most
            modifier = prev.dep_ in ("compound", "amod", "nmod", "nummod") and prev.head.i >= start
            if words == 2 or not modifier or prev.is_punct or prev.dep_ in ("det", "poss"):
                break
            words += 1
        elif prev.is_punct and prev.text not in ("-", "–"):
            break  # joined to the word after it ("20-foot"): part of that word
        start -= 1
    return doc[start : tok.i + 1].text


def _points_back(subj: Token | None, passive: bool, agent: Token | None) -> bool:
    """Whether the party of a seizure points back to one named before: none ("900 rifles were
    seized"), a pronoun ("they seized"), or one owned by a pronoun ("its boarding team")."""
    if subj is None or (passive and agent is None):
        return True
    doer = agent if passive and agent is not None else subj
    if doer.lower_ in _PRONOUNS:
        return True
    if any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in doer.children):
        return True
    # "A boarding team from the cruiser seized ...", "the team embarked on the destroyer": a party
    # told as the boarders, or as the crew of a ship pointed back to, took the goods off the
    # vessel stopped before
    if any(t.lower_ in ("boarding", "embarked") for t in doer.subtree):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ in ("from", "aboard", "of", "on")
        and any(g.dep_ == "pobj" and any(d.lower_ in ("the", "that") for d in g.children) for g in c.children)
        for c in doer.children
    )


#: Vessels beyond the item lexicon's (whose words also make seizure items): goods are seized from
#: them. Land vehicles are left out on purpose: "seized a pistol from a car at the crossing" names
#: no source for the graph (a car is no custodian), while a boarded vessel is the carrier tracked.
_VEHICLES = {"trawler", "trawlers", "ships", "freighter", "freighters", "tanker", "barge", "sambuk", "sambuks"}
_CARRYING = {"carry", "transport", "contain", "load", "lade", "ferry", "smuggle", "pack", "haul"}
#: Operations a seizure comes of, and the words that tie it to them ("seized during a raid").
_OPERATION_NOUNS = {"operation", "raid", "search", "inspection", "investigation", "patrol", "sweep", "crackdown",
                    "swoop", "probe", "check", "stop", "boarding", "interdiction", "intervention"}
_OPERATION_PREPS = {"following", "during", "in", "after", "at", "through", "under"}
#: Verbs of taking goods into custody ("weapons seized by the navy were handed over to ...").
_TAKING = {"seize", "capture", "recover", "confiscate", "interdict", "impound", "collect", "intercept"}
#: Verbs of stopping a vessel or vehicle before a seizure ("boarded a dhow and seized ...").
_BOARDING = {"board", "intercept", "stop", "search", "inspect", "interdict", "detain", "raid", "hail", "approach",
             "divert", "seize"}


#: Verbs of doing or making public a seizure: their doer made it ("made the seizure", "announced
#: the seizure of", "the seizure was carried out by").
_MAKING_VERBS = {"make", "carry", "conduct", "effect", "execute", "perform", "announce"}
