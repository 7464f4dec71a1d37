"""Parties and places a custody act is told through rather than governs: the fight a seizure
came out of ("seized 40 rifles after a clash with gunmen in the state of Varos": taken from the
gunmen, there), the place the acting party is written with ("police in Kell seized ..."), the
activity goods went missing in ("during a training exercise on X"), the shops goods were bought
at, two holders goods were taken from ("from army posts and from police units"), and the party
goods are sent to help ("sent to help the army fight insurgents")."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Span, Token

from .event_base import PLACE_LABELS, REGION_NOUNS, Roles, recall_in_sentence, remember_in_sentence
from .event_parties import PartyRules
from .event_phrases import WRITTEN_KEY
from .event_place_spans import address_end
from .event_places import spot_keeper
from .event_sites import entered_before, entered_site, site_phrase
from .event_text import doc_text

#: Fights between two sides: "a clash with gunmen", "a gunfight with the militia".
_CLASH_NOUNS = {"clash", "confrontation", "encounter", "gunfight", "firefight", "shootout", "skirmish", "battle",
                "fight", "fighting", "exchange"}
#: Fights against one side: "attacks on army posts", "an ambush against a patrol".
_ATTACK_NOUNS = {"attack", "assault", "ambush", "offensive", "raid"}
#: Prepositions setting a seizure in a fight: "after a clash", "following an ambush", "during attacks".
_FIGHT_PREPS = {"after", "following", "during", "in", "amid", "upon"}
#: Places of trade goods are bought at: "bought rifles at gun shops", "at a gun show", "at a pawnshop".
_SHOP_NOUNS = {"shop", "store", "dealer", "dealership", "show", "pawnshop", "gunshop", "retailer", "outlet",
               "market", "fair", "auction", "expo"}
#: Sides and parts of a place named after "of": "the south side of Tolmoor", "the outskirts of Kell".
_SIDE_NOUNS = {"side", "outskirts", "edge", "part", "north", "south", "east", "west", "centre", "center"}
#: Activities goods went missing or were taken in: "during a training exercise on X", "after a patrol in Y".
_ACTIVITY_NOUNS = {"exercise", "training", "drill", "manoeuvre", "maneuver", "manoeuvres", "maneuvers",
                   "deployment", "mission", "patrol", "operation"}


def _activity_of(tok: Token) -> Token | None:
    """The activity an act is told as happening in ("disappeared during a training weekend on X",
    "went missing after a training exercise on the south side of Y"): its noun, or None."""
    # "went missing after ...": the state word's verb may hold the phrase
    verbs = [tok, tok.head] if tok.dep_ in ("acomp", "oprd", "advcl", "xcomp") else [tok]
    for prep in (c for v in verbs for c in v.children if c.dep_ == "prep" and c.lower_ in _FIGHT_PREPS):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            kinds = [obj, *(c for c in obj.children if c.dep_ == "compound")]
            if any(k.lemma_.lower() in _ACTIVITY_NOUNS for k in kinds):
                return obj
    return None

#: Verbs of helping a party goods are sent for: "sent to help the army fight", "supplied to equip the police".
_HELPING = {"help", "assist", "aid", "support", "equip", "arm", "enable", "allow", "strengthen", "bolster"}


class SceneRules(PartyRules):
    def _keeper_of_place(self, act: Token, sent: Span, roles: Roles) -> str | None:
        """ "an arms cache of the Red Hand containing rifles", "the group's cache containing ...",
        "a cache belonging to the militia containing ...", "held in arsenals controlled by the
        militia": whose the place the goods are kept in is, named or an actor noun."""
        master = spot_keeper(act)
        if master is not None:  # "held in arsenals controlled by an array of militias"
            return self._actor(master, sent, roles) or self._common_actor(master, sent)
        if act.dep_ != "acl":
            return None
        place = act.head
        if place.dep_ == "pobj" and place.head.lower_ == "of" and place.head.head.i < place.i:
            return self._actor(place, sent, roles)  # the parser hung the clause on the owner
        owners = [c for c in place.children if c.dep_ == "poss"]
        owners += [g for c in place.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
        owners += [g for c in place.children if c.dep_ == "acl" and c.lemma_.lower() == "belong"
                   for p in c.children if p.lower_ == "to" for g in p.children if g.dep_ == "pobj"]
        return self._first_actor(owners, sent, roles)

    def _fight_of(self, tok: Token) -> Token | None:
        """The fight a seizure at ``tok`` is told as the outcome of ("seized 40 rifles following a
        confrontation with gunmen", "weapons seized during attacks on army posts"), or None."""
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _FIGHT_PREPS):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                if obj.lemma_.lower() in _CLASH_NOUNS | _ATTACK_NOUNS:
                    return obj
        return None

    def _fought(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """The side a seizure's goods were taken from in the fight it came out of: "with" after a
        clash, "on" or "against" after an attack, named or not."""
        fight = self._fight_of(tok)
        if fight is None:
            return None
        sides = ("with",) if fight.lemma_.lower() in _CLASH_NOUNS else ("on", "against")
        objs = [g for p in fight.children if p.dep_ == "prep" and p.lower_ in sides for g in p.children
                if g.dep_ == "pobj"]
        found = self._first_actor(objs, sent, roles) or self._first_common(objs, sent)
        where = next(self._fight_places(fight), None)
        if found is None or where is None or where.i < objs[0].i or where.i > objs[0].right_edge.i:
            return found
        # "a clash with a convoy of gunmen in the state of X": where the fight was is no part of the
        # side (nor, with a name the entity rules took for a party's, the side itself)
        doc = sent.doc
        start = objs[0].left_edge.i
        while start < objs[0].i and doc[start].dep_ in ("det", "punct"):
            start += 1
        cut = doc_text(doc)[doc[start].idx : where.idx].strip(" ,")
        if found not in cut:
            found = self._common_actor(objs[0], sent)
        if found is not None and found in cut:
            remember_in_sentence(sent, WRITTEN_KEY, found, cut)
        return found

    def _fight_places(self, fight: Token) -> Iterator[Token]:
        """The place prepositions told in a fight's phrase ("a clash with gunmen in X", "at Y")."""
        return (t for t in fight.subtree if t.dep_ == "prep" and t.lower_ in ("in", "at", "near", "on")
                and self._place_object(t) is not None)

    def _scene_place(self, tok: Token, party: Token | None, exclude: set[str | None]) -> str | None:
        """Where an act with no place of its own took place: where the fight it came out of was
        ("following a clash with gunmen in the state of Varos"), else where the acting party is
        written to be ("police in Kell seized ...", "soldiers at the Varos post recovered ...")."""
        fight = self._fight_of(tok) or _activity_of(tok)
        if fight is not None:
            for prep in self._fight_places(fight):
                found = self._place_object(prep)
                if found is not None and found not in exclude:
                    return found
        if party is None:
            return None
        for prep in (c for c in party.children if c.dep_ == "prep" and c.lower_ in ("in", "at")):
            found = self._place_object(prep)
            if found is not None and found not in exclude:
                return found
        return None

    def _place_object(self, prep: Token) -> str | None:
        """The place a preposition names, as written: a place or country entity, an unlabelled
        proper name, or a region told by its kind and name ("the northern state of Varos")."""
        obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if obj is None:
            return None
        doc = obj.doc
        ent = self._entity_at(obj, (*PLACE_LABELS, "COUNTRY"))
        if ent is not None:
            return ent.text
        if obj.lower_ in REGION_NOUNS or obj.lower_ in _SIDE_NOUNS:
            named = [g for of in obj.children if of.lower_ == "of" for g in of.children
                     if g.dep_ == "pobj" and g.pos_ == "PROPN" and g.is_title]
            if named:
                start = obj.left_edge.i
                while start < obj.i and doc[start].dep_ in ("det", "punct"):
                    start += 1
                return doc[start : named[0].i + 1].text
            return None
        # (a name the entity rules took for a person's is a place after "in", "at" or "on" here)
        if obj.pos_ == "PROPN" and obj.is_title and not self._entity_at(obj, ("ORGANIZATION",)):
            start = min([obj.i, *[c.i for c in obj.lefts if c.dep_ == "compound" and c.is_title]])
            return doc[start : address_end(doc[start : obj.i + 1], obj.sent)].text  # "on Tolmoor, Kessex"
        return None

    def _both_taken_from(self, name: str | None, froms: list[Token], sent: Span) -> None:
        """ "seized rifles from army outposts and from retreating police units": goods taken from
        two holders, each told with its own "from", are taken from both; the role is written as
        the two phrases (its name stays the first holder)."""
        if name is None:
            return
        doc = sent.doc
        for obj in froms:
            # the second "from" right after the first phrase, however the parser hangs it
            k = obj.right_edge.i + 1
            more = [doc[k + 1]] if k + 1 < sent.end and doc[k].lower_ in ("and", "or") and (
                doc[k + 1].lower_ == "from") else []
            start = obj.left_edge.i
            while start < obj.i and doc[start].dep_ in ("det", "punct"):
                start += 1
            own = doc[start : obj.right_edge.i + 1].text
            written = recall_in_sentence(doc, WRITTEN_KEY, name, sent.start_char) or name
            if more and name in own and own.startswith(written):
                remember_in_sentence(sent, WRITTEN_KEY, name, doc[start : more[-1].right_edge.i + 1].text)
                return

    def _entered(self, act: Token, theft: bool) -> str | None:
        """ "searched the hideout and seized 40 rifles", "entered a warehouse and obtained rifles":
        the site entered right before goods were taken or got, as written; for a theft, also
        the site broken into in the sentence before ("Gunmen stormed the depot. They took ...")."""
        site = entered_site(act, theft) or (entered_before(act) if theft else None)
        return site_phrase(site) if site is not None else None

    def _sold_at(self, tok: Token) -> str | None:
        """ "bought 10 rifles at gun shops around the Kell area": the shops the goods were bought
        at sold them, as written (with what places them, up to a comma)."""
        doc = tok.doc
        # the parser may hang the phrase on the goods: "bought rifles at gun shops"
        heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
        for prep in (c for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "at"):
            for obj in (g for g in prep.children if g.dep_ == "pobj" and g.lemma_.lower() in _SHOP_NOUNS):
                start = obj.left_edge.i
                while start < obj.i and doc[start].dep_ in ("det", "punct", "poss"):
                    start += 1
                end = obj.i + 1
                for c in obj.rights:
                    if c.dep_ != "prep" or doc[c.left_edge.i - 1].text == ",":
                        break
                    end = c.right_edge.i + 1
                return doc[start:end].text
        return None

    def _helped(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "rifles sent to help the Varn security forces fight insurgents", "supplied to equip the
        police": the party the goods are given to help receives them, named or not."""
        for verb in (c for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in _HELPING):
            if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
                continue
            # the party helped: the object, or the subject the parser gave the verb after it ("help X fight")
            helped = [c for c in verb.children if c.dep_ == "dobj"]
            helped += [g for c in verb.children if c.dep_ in ("ccomp", "xcomp") for g in c.children
                       if g.dep_ == "nsubj"]
            found = self._first_actor(helped, sent, roles) or self._first_common(helped, sent)
            if found is not None:
                return found
        return None
