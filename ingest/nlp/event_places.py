"""Where a custody event happened: the place role of its sentence (the date role:
``event_dates``).

Place: a place entity the trigger governs (nearest first, crossings and depots before towns),
"northwest of X" and "off the coast of X" as written, places in a coordination kept whole, a
crossing or port a delivery arrived at, an untagged name after "in/at/near" or "the village of";
at sea when nothing else is named.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .event_base import PLACE_LABELS, PLACE_RANK, REGION_NOUNS, Trigger
from .event_dates import DateRules, _joined
from .event_place_spans import (
    address_end,
    in_relative_clause,
    ongoing_on_goods,
    raided_site,
    route_span,
    route_text,
    shared_plural_head,
    visited_site,
)
from .event_text import span_text


class PlaceRules(DateRules):
    def _place(self, trig: Trigger, sent: Span, preps: dict[str, list[Token]], exclude: set[str | None]) -> str | None:
        doc = sent.doc
        candidates: list[tuple[int, int, str]] = []
        filed_at = dateline_end(sent)
        if doc.has_annotation("DEP"):
            # "intercepted the vessel at sea": the open sea the trigger itself names comes first
            for c in trig.token.children:
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if c.dep_ == "prep" and objs and doc[c.i : objs[0].i + 1].text.lower() in _OPEN_SEA:
                    return _open_sea(c, objs[0])
            hidden = _storage_spot(trig) if trig.type == "STORAGE" and not trig.noun else None
            if hidden is not None and hidden not in exclude:
                return hidden
        route = route_span(trig)
        for t in preps.get("place", []):
            ent = self._entity_at(t, (*PLACE_LABELS, "COUNTRY"))
            if ent is not None and route is not None and route.start <= ent.start < route.end:
                continue
            if ent is not None and doc.has_annotation("DEP") and in_relative_clause(ent.root, trig.token):
                continue
            if ent is not None and ent.text not in exclude and not _acronym_place(ent):
                candidates.append((PLACE_RANK[ent.label_], 0, self._coordinated_place(ent, sent)))
        for ent in self._ents_in(sent.start, sent.end):
            if route is not None and route.start <= ent.start < route.end:
                continue  # "along a coastal route from the port of Brenno": the route's place
            relative = (
                ent.label_ == "COUNTRY"
                and ent.root.head.lower_ == "of"
                and ent.root.head.head.lower_ in _RELATIVE_PLACE_HEADS
            )
            if (ent.label_ in PLACE_LABELS or relative) and ent.text not in exclude and not _acronym_place(ent):
                if any(x is not None and x.startswith((f"{ent.text}'s", f"{ent.text}’s")) for x in exclude):
                    continue  # "sold Norvessa's army 40 rifles": the receiver's country, not where
                if _home_of(ent):
                    continue  # "the London-based research group": where a party sits, not where the act was
                k = ent.start - 1
                while k >= sent.start and doc[k].lower_ in ("the", "a", "an"):
                    k -= 1
                delivered_at = ent.label_ == "BORDER_CROSSING" and trig.type in ("DELIVERY", "TRANSIT")
                # "seized from Kell's Varos district": the seizure took place where the goods were
                seized_at = trig.type == "SEIZURE" and ent.label_ in PLACE_LABELS and doc[k].lower_ == "from"
                if seized_at and doc.has_annotation("DEP") and _of_the_goods(doc[k]):
                    seized_at = False  # "two rifles from the Kell arsenal were recovered in X": where they came from
                if k >= sent.start and doc[k].lower_ in ("from", "to", "into") and not seized_at and not (
                    delivered_at and doc[k].lower_ != "from"  # "delivered ... to the port of Qasr"
                ):
                    continue
                if doc.has_annotation("DEP") and trig.type:
                    # "the seizure of a shipment on a dhow off the coast of Oman": the act noun's own phrase
                    own_phrase = trig.noun and ent.root in trig.token.subtree
                    if (not self._place_governed(ent.root, trig, sent) and not own_phrase) or in_side_clause(
                        ent.root, trig.token
                    ):
                        continue
                    if in_relative_clause(ent.root, trig.token) or in_describing_clause(ent.root, trig.token):
                        continue  # "seized the rifles, which had arrived in Brenno": where they arrived
                rank = PLACE_RANK[ent.label_] + (_FILED_AT if ent.start < filed_at <= trig.token.i else 0)
                candidates.append((rank, 1 + abs(ent.start - trig.token.i), self._coordinated_place(ent, sent)))
        if not candidates or min(candidates)[0] >= _FILED_AT:
            unknown = (
                self._unlabelled_place(trig, sent, exclude) or _scene_of_operation(trig) or _site_at(trig)
                or route_text(trig) or visited_site(trig) or raided_site(trig)
            )
            if unknown is not None and unknown not in exclude:
                return unknown
        if not candidates:
            text = span_text(sent).lower()
            sea = next((p for p in _OPEN_SEA if f" {p}" in text), None)
            if sea is not None and doc.has_annotation("DEP"):
                # "being smuggled in international waters in the Gulf of Oman": with the named sea
                n = len(sea.split())
                at = next((t for t in sent if doc[t.i : t.i + n].text.lower() == sea), None)
                objs = [g for g in at.children if g.dep_ == "pobj"] if at is not None else []
                return _open_sea(at, objs[0]) if at is not None and objs else sea
            return sea
        return self._relative_place(min(candidates)[2], sent)

    def _place_governed(self, tok: Token, trig: Trigger, sent: Span) -> bool:
        """Whether the place at ``tok`` is told of the trigger's act: no other act word governs it,
        or only the holding noun of the act's own phrase ("recovered from their possession in
        X": the possession is not an act of its own)."""
        gov = self._governing(tok, sent)
        if gov is None or gov.i == trig.token.i:
            return True
        if gov.lower_ in _HOLDING_NOUNS and gov.dep_ == "pobj" and gov.head.head.i == trig.token.i:
            return True
        if not trig.noun and ongoing_on_goods(gov, trig.token):
            return True
        # "the seizure, on 25 May, of an arms shipment off the coast of X": the goods the act noun
        # took, an act word themselves, in its "of" phrase (which the parser may hang on the verb)
        of = gov.head
        return (
            trig.noun
            and gov.dep_ == "pobj"
            and of.lower_ == "of"
            and trig.token.i < gov.i
            and (of.head.i == trig.token.i or of.head.pos_ in ("VERB", "AUX"))
            and not any(self._is_trigger_token(t) for t in sent.doc[trig.token.i + 1 : gov.i])
        )

    def _unlabelled_place(self, trig: Trigger, sent: Span, exclude: set[str | None]) -> str | None:
        """ "in Maldor": a proper name no entity rule knows, as the object of a place preposition
        the trigger governs, is where the event happened (the entity rules leave small towns out)."""
        doc = sent.doc
        if not doc.has_annotation("DEP") or not trig.type:
            return None
        for t in sent:
            if t.dep_ != "pobj" or t.lower_ not in _WATER_NOUNS or self._gov_index(t, sent) not in (-1, trig.token.i):
                continue
            # "in the Arabian sea", "off the Norland coast": a named water or coast as written
            named = [c for c in t.lefts if c.dep_ in ("compound", "amod") and c.text[:1].isupper()]
            end = t.i + 1
            if not named and (t.is_title or t.lower_ in _COAST_NOUNS):
                # "in the Gulf of Varn", "in the northern Sea of Kell", "off the coast of Eyl": the name after "of"
                of_name = [g for c in t.children if c.lower_ == "of" for g in c.children
                           if g.dep_ == "pobj" and g.pos_ == "PROPN" and g.is_title]
                if of_name:
                    named, end = [t], of_name[0].i + 1
            if named and t.head.lower_ in _PLACE_PREPS_OF_WATER and not in_describing_clause(t, trig.token):
                start = t.head.i if t.head.lower_ in ("off", "along") else min(c.i for c in named)
                text = doc[start:end].text
                if text not in exclude:
                    return text
        for t in sent:
            if in_describing_clause(t, trig.token):
                continue  # "a destroyer built at Bath Iron Works seized ...": where the ship was built
            if not (
                t.dep_ == "pobj"
                and t.pos_ == "PROPN"
                and t.is_title
                and not t.ent_type_
                and (t.head.lower_ in ("in", "at", "near") or _place_noun_of(t))
                and not any(c.dep_ == "prep" for c in t.children)
            ):
                continue
            if self._gov_index(t, sent) not in (-1, trig.token.i) or in_side_clause(t, trig.token):
                continue
            left = [c for c in t.lefts if c.dep_ == "compound" and c.is_title and not c.ent_type_]
            start = min([t.i, *[c.i for c in left]])
            premises = _premises_start(t)
            text = doc[premises if premises is not None else start : address_end(doc[start : t.i + 1], sent)].text
            if text not in exclude:
                return text
        return None

    def _relative_place(self, place: str, sent: Span) -> str:
        """ "northwest of Puerto Rico", "off the coast of Oman": the place as written."""
        doc = sent.doc
        if not doc.has_annotation("DEP"):
            return place
        for ent in self._ents_in(sent.start, sent.end):
            if not place.startswith(ent.text):
                continue
            prep = ent.root.head
            if place == ent.text and prep.lower_ in ("in", "off") and prep.head.lower_ == "waters":
                return doc[prep.i : ent.end].text  # "in international waters in the Gulf of Orsk": as _open_sea
            named_site = _named_site(ent)
            if named_site is not None:
                # "at the Brenno, Kell, port of entry", "at the Camp Varlo Marine base": the site the
                # names describe, as written
                return named_site
            within = _within_end(ent.root)
            site = _site_start(ent.root)
            relative = _relative_start(ent.root)
            if within is not None and place == ent.text:
                # "Kell's Varos district", "Brenno in Kell's Varos district", "the hinterland of Brenno
                # in Varos, Kell Province": the place as written, with the larger places it lies in
                start = site if site is not None else relative if relative is not None else ent.start
                return doc[start : address_end(doc[start:within], sent)].text
            if site is not None:
                # "at the signals wing of the Kell Base": the part of the base it happened at
                return doc[site : ent.start].text + " " + place
            premises = _premises_start(ent.root)
            if premises is not None:
                return doc[premises : ent.start].text + " " + place
            if relative is None:
                return place  # ("the northern border state of X": the region as written)
            if place == ent.text:  # "the city of Porto Velho, state of Rondonia": with the region it lies in
                return doc[relative : address_end(ent, sent)].text
            return doc[relative : ent.start].text + " " + place
        return place

    def _coordinated_place(self, ent: Span, sent: Span) -> str:
        """ "in Slovenia and Croatia": coordinated places are one place as written."""
        places = [e for e in self._ents_in(sent.start, sent.end) if e.label_ in (*PLACE_LABELS, "COUNTRY")]
        joined = _joined(ent, places, sent, ())
        shared = shared_plural_head(joined, sent)
        return shared.text if shared is not None else joined.text


def _open_sea(prep: Token, waters: Token) -> str:
    """ "in international waters", "in international waters of the Arabian Sea", "... in the
    Gulf of Oman": the open sea as written, with the named sea it lies in."""
    doc = prep.doc
    named = [g for o in waters.children if o.lower_ in ("of", "in", "off") for g in o.children
             if g.dep_ == "pobj" and (g.is_title or any(c.is_title for c in g.lefts))]
    if named and named[0].head.lower_ != "of":
        # "in international waters in the Gulf of Oman": the open waters lie in the named sea, which is
        # the place, with the preposition it is told with
        return doc[named[0].head.i : named[0].right_edge.i + 1].text
    return doc[prep.i : (named[0].right_edge.i if named else waters.i) + 1].text


#: Heads of a place given relative to another ("60 miles northwest of X", "the coast of Y").
_RELATIVE_PLACE_HEADS = {
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "coast",
    "shore",
    "shores",
    "waters",
    "outskirts",
    "hinterland",
    "hinterlands",
    "foothills",
    "vicinity",
    "border",
    "edge",
    "section",
    "part",
    "parts",
    "side",
}
#: Waters and coasts a name before them makes a place ("the Arabian sea", "the Norland coast").
_WATER_NOUNS = {"sea", "ocean", "gulf", "coast", "waters", "strait", "channel", "bay", "coastline", "shore"}
_COAST_NOUNS = {"coast", "coastline", "shore", "shores"}
_PLACE_PREPS_OF_WATER = {"in", "off", "along", "near", "at", "on", "across", "into"}
#: Open-sea places written without a name.
_OPEN_SEA = ("at sea", "in international waters", "on the high seas")


# "in the village of Brenno", "near the town of Ruzo": the name after a settlement noun
_SETTLEMENT_NOUNS = {"village", "town", "city", "district", "province", "region", "port", "area", "municipality",
                     "governorate", "county", "island", "suburb", "neighbourhood", "neighborhood"}


#: Premises written with the town they are in ("at a house in X", "at a farm near Y").
_PREMISES_NOUNS = {"house", "home", "residence", "apartment", "flat", "farm", "farmhouse", "compound", "warehouse",
                   "shop", "store", "building", "garage", "hotel", "property", "premises", "hideout", "estate",
                   "armoury", "armory"}


#: Sites a name before them describes ("the Brenno port of entry", "the Camp Varlo Marine base").
_NAMED_SITE_HEADS = {"port", "crossing", "base", "airport", "airfield", "airbase", "station", "camp", "barracks",
                     "depot", "facility", "complex", "compound", "warehouse", "terminal", "checkpoint", "garrison",
                     "cantonment", "outpost", "arsenal", "armoury", "armory", "headquarters"}
#: Prepositions of the spot an act took place at (not "from" a site robbed or "to" one goods went to).
_AT_SITE_PREPS = {"at", "in", "inside", "on", "near", "outside", "through"}


def _named_site(ent: Span) -> str | None:
    """ "at the Brenno, Kell, port of entry", "at the Camp Varlo, N.C., Marine base": the phrase
    of the common noun of a site the place names only describe, as written, when that site is
    where the act took place; None when the names stand alone."""
    doc = ent.doc
    cur = ent.root
    for _ in range(6):
        head = cur.head
        if cur.dep_ not in ("compound", "nmod", "appos", "amod") or head.i == cur.i:
            return None
        if head.pos_ == "PROPN":
            cur = head
            continue
        site = head
        if site.pos_ != "NOUN" or site.lower_ not in _NAMED_SITE_HEADS or site.i < ent.end:
            return None
        if site.dep_ != "pobj" or site.head.lower_ not in _AT_SITE_PREPS:
            return None
        start = site.left_edge.i
        while start < ent.start and (doc[start].dep_ == "det" or doc[start].is_punct):
            start += 1
        if start > ent.start:
            return None
        of = [g for c in site.rights if c.lower_ == "of" for g in c.children if g.dep_ == "pobj" and g.is_lower]
        return doc[start : (of[0].i if of else site.i) + 1].text  # "port of entry"
    return None


#: Nouns of holding in an act's own phrase ("recovered from their possession in X").
_HOLDING_NOUNS = {"possession", "custody", "hands", "control"}


_DASHES = ("—", "–", "--", "-")
#: Rank added to a place named only in the sentence's dateline: any other place comes first.
_FILED_AT = 100


def dateline_end(sent: Span) -> int:
    """The first token after a dateline that opens the sentence ("BRAKKE, Norland — A patrol
    ship seized ...", "ODESSA, Tex. (Wire) – ...", "Brakke: A patrol ..."), or the sentence start
    when there is none. The dateline tells where the report was filed: its place names no party,
    and the event's own place comes first."""
    doc = sent.doc
    place_seen = False
    # "SAN ANTONIO (Reuters) - ...", "KELL (AP) — ...": a city in capitals and the agency in brackets
    agency = doc[sent.start].is_upper and doc[sent.start].is_alpha
    for tok in doc[sent.start : min(sent.end, sent.start + 14)]:
        if tok.i > sent.start and ((tok.text in _DASHES and (tok.text != "-" or tok.whitespace_)) or tok.text == ":"):
            bracketed = agency and tok.i - 1 > sent.start and doc[tok.i - 1].text == ")"
            return tok.i + 1 if place_seen or bracketed else sent.start
        if tok.ent_type_ in ("PLACE", "COUNTRY"):
            place_seen = True
        elif not (tok.is_punct or tok.is_title or tok.is_upper or tok.like_num):
            return sent.start
    return sent.start


def past_dateline(subj: Token) -> Token | None:
    """ ``subj`` itself, or, when the parser took the dateline for the subject ("BRAKKE, Norland
    — A patrol ship seized ..."), the phrase after the dash it hung there (None if none)."""
    end = dateline_end(subj.sent)
    if subj.i >= end:
        return subj
    return next((c for c in subj.subtree if c.i >= end and c.dep_ in ("appos", "conj", "nsubj")), None)


def in_describing_clause(tok: Token, trigger: Token) -> bool:
    """Whether ``tok`` sits in a participle or relative clause describing a noun, a clause the
    trigger is not in ("a destroyer built at Bath in 1999 seized ..."): its place is the
    noun's, not the event's. Only before the trigger: after it, such a clause is more often
    the parser hanging the event's own place on the nearest noun."""
    if tok.i > trigger.i:
        return False
    cur = tok
    for _ in range(12):
        if cur.i == trigger.i or cur.head.i == cur.i:
            return False
        nominal = cur.head.pos_ in ("NOUN", "PROPN") or cur.head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
        if cur.dep_ in ("acl", "relcl") and nominal and trigger not in cur.subtree:
            return True
        cur = cur.head
    return False


def in_side_clause(tok: Token, trigger: Token) -> bool:
    """Whether ``tok`` sits in a participle clause set before the trigger's own clause
    ("Coordinating with watchstanders at Sector Miami, Florida, agents intercepted ..."): where
    the others were is not where the act took place."""
    cur = tok
    for _ in range(12):
        if cur.i == trigger.i or cur.head.i == cur.i:
            return False
        if cur.dep_ == "advcl" and cur.tag_ == "VBG" and cur.i < trigger.i and cur.head.i == trigger.i:
            return True
        cur = cur.head
    return False


#: Operations an act is told as part of: "seized during a raid at X", "in a series of raids across Y".
_OPERATION_NOUNS = {"raid", "operation", "search", "sweep", "crackdown", "patrol", "swoop", "break-in", "burglary",
                    "robbery", "inspection", "checkpoint", "ceremony"}
#: Nouns heading a run of operations: "a series of raids".
_RUN_NOUNS = {"series", "number", "wave", "string", "spate"}
#: Areas named by their kind, as written after "across" or "throughout": "across the country".
_AREA_KINDS = {"country", "nation", "state", "region", "province", "district", "city", "territory", "island"}


def _scene_of_operation(trig: Trigger) -> str | None:
    """ "seized two rifles during a raid at Kell Landing", "in a series of raids across the
    country": the place of the operation the act was part of, as written (a name the entity rules
    may have labelled otherwise), or the area the act spread across, named by its kind."""
    tok = trig.token
    doc = tok.doc
    heads = [tok]
    # the parser may hang the phrase on the goods the act took: "seized rifles and grenades in a raid"
    goods = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "conj" and c.pos_ == "NOUN")]
    goods += [g for c in goods for g in c.conjuncts]
    for prep in (c for t in (tok, *goods) for c in t.children if c.dep_ == "prep"):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            runs = [g for of in obj.children if of.lower_ == "of" for g in of.children if g.dep_ == "pobj"]
            if _operation_noun(obj):
                heads.append(obj)
            elif obj.lower_ in _RUN_NOUNS and any(_operation_noun(g) for g in runs):
                heads += [obj, *runs]
    for head in heads:
        preps = [c for c in head.children if c.dep_ == "prep"]
        if head.i != tok.i:  # "during a ceremony held at X": the place the occasion's own verb gives
            preps += [p for v in head.children if v.dep_ == "acl" and v.tag_ == "VBN" for p in v.children
                      if p.dep_ == "prep"]
        for prep in preps:
            place = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if place is None:
                continue
            if prep.lower_ in ("across", "throughout") and place.lower_ in _AREA_KINDS:
                return doc[prep.i : place.right_edge.i + 1].text
            named = place.pos_ == "PROPN" and place.is_title
            if head.i != tok.i and prep.lower_ in ("at", "in", "near") and named:
                start = place.left_edge.i
                return doc[start : address_end(doc[start : place.i + 1], tok.sent)].text
    return None


def _site_at(trig: Trigger) -> str | None:
    """ "seized 30 rifles at the airport", "intercepted handguns at one of the region's ports": an
    unnamed port or crossing of entry the act is told at, as written."""
    for prep in (c for c in trig.token.children if c.dep_ == "prep" and c.lower_ == "at"):
        for obj in (g for g in prep.children if g.dep_ == "pobj"):
            parts = [g for of in obj.children if of.lower_ == "of" for g in of.children if g.dep_ == "pobj"]
            head = parts[0] if obj.lower_ == "one" and parts else obj
            if head.lemma_.lower() in _ENTRY_SITES and not head.ent_type_:
                return obj.doc[obj.left_edge.i : obj.right_edge.i + 1].text
    return None


#: Unnamed sites of entry an act is told at ("at the airport", "at one of the ports").
_ENTRY_SITES = {"port", "airport", "harbour", "harbor", "seaport", "terminal", "checkpoint", "crossing", "dock"}


def _operation_noun(tok: Token) -> bool:
    """ "raid", "searches", "break-in" (which the tokenizer splits, "in" with "break" before it)."""
    return tok.lemma_.lower() in _OPERATION_NOUNS or (
        tok.lower_ == "in" and any(c.dep_ == "compound" and c.lower_ == "break" for c in tok.children)
    )


def _of_the_goods(prep: Token) -> bool:
    """Whether a preposition hangs on a noun that is a verb's subject or object ("two rifles from
    the Kell arsenal were recovered"): it tells of that noun, not of the act."""
    head = prep.head
    return head.pos_ in ("NOUN", "PROPN") and head.dep_ in ("nsubj", "nsubjpass", "dobj")


def operation_sites(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    """The objects of ``preps`` after an operation the act at ``tok`` was told as part of ("stolen
    in the break-in at the depot", "stolen during a robbery from an armory"): the site it hit."""
    ops = [g for p in tok.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj" and _operation_noun(g)]
    return [g for op in ops for p in op.children if p.dep_ == "prep" and p.lower_ in preps for g in p.children
            if g.dep_ == "pobj"]


def _home_of(ent: Span) -> bool:
    """Whether ``ent`` is written as a party's seat ("a Kessel-based broker", "the Orsk based
    dealer"): a modifier of the party, not a place of the act."""
    doc = ent.doc
    k = ent.end + (ent.end < len(doc) and doc[ent.end].text in ("-", "–"))
    return k < len(doc) and doc[k].lower_ == "based" and (k == ent.end or not doc[ent.end - 1].whitespace_)


def _acronym_place(ent: Span) -> bool:
    """ "seized at NCIS": a bare acronym the entity rules took for a place names an agency, not a
    location (countries such as "DRC" carry the COUNTRY label and stay places)."""
    text = ent.text.replace(".", "")
    return ent.label_ == "PLACE" and len(ent) == 1 and text.isalpha() and text.isupper() and len(text) <= 6


#: Prepositions of the spot goods were kept in: "hidden in bamboo thickets", "buried under a shed".
_SPOT_PREPS = {"in", "on", "under", "inside", "beneath", "underneath"}


def _storage_spot(trig: Trigger) -> str | None:
    """ "buried underground", "hidden in bamboo thickets": the unnamed spot a verb of keeping
    puts the goods in (a common noun no entity rule labels), as written."""
    doc = trig.token.doc
    for c in trig.token.children:
        if c.dep_ == "advmod" and c.lower_ in ("underground", "underwater"):
            return c.text
        obj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" else None
        if c.lower_ in _SPOT_PREPS and obj is not None and obj.pos_ == "NOUN" and not obj.ent_type_:
            # "in arsenals controlled by militias": the spot, not the clause telling whose it is
            told = [d.left_edge.i for d in obj.children if d.dep_ in ("acl", "relcl") and d.i > obj.i]
            end = min([obj.right_edge.i + 1, *told])
            while end - 1 > obj.i and doc[end - 1].is_punct:
                end -= 1
            return doc[obj.left_edge.i : end].text
    return None


def spot_keeper(act: Token) -> Token | None:
    """ "held in arsenals controlled by militias", "stored in depots run by the army": the party
    the clause after the spot of keeping names as its master (the object of its "by")."""
    for c in act.children:
        obj = next((g for g in c.children if g.dep_ == "pobj"), None) if c.dep_ == "prep" else None
        if c.lower_ not in _SPOT_PREPS or obj is None:
            continue
        for clause in (d for d in obj.children if d.dep_ == "acl" and d.tag_ == "VBN"):
            by = [g for a in clause.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
            if by:
                return by[0]
    return None


def _relative_start(tok: Token) -> int | None:
    """ "the northern border state of X", "off the coast of X", "a house on the outskirts of X": where
    the phrase of a place given relative to the one at ``tok`` starts, or None."""
    doc = tok.doc
    of = tok.head
    if of.lower_ != "of" or not (of.head.lower_ in _RELATIVE_PLACE_HEADS or of.head.lower_ in REGION_NOUNS):
        return None
    start = of.head.left_edge.i
    while start < of.head.i and doc[start].dep_ in ("det", "punct"):
        start += 1
    if of.head.head.lower_ in ("off", "along") and of.head.dep_ == "pobj":
        start = of.head.head.i
    # "at a house on the outskirts of X": the premises, written with where they lie
    premises = _premises_start(of.head)
    return premises if premises is not None else start


def _within_end(tok: Token) -> int | None:
    """Where the place named at ``tok`` ends when the sentence writes it within a larger one: the
    district or province it owns ("Kell's Varos district"), another place it is said to be in
    ("Brenno in Kell's Varos district") or whose area it names ("the Varos area of Kell"). None
    when it stands alone."""
    head = tok.head
    while head.dep_ == "compound" and head.head.i != head.i:
        head = head.head
    if tok.dep_ == "poss" and head.lower_ in _SETTLEMENT_NOUNS and head.i > tok.i:
        return head.i + 1
    if tok.dep_ == "compound" and head.i == tok.i + 1 and head.lower_ in _SETTLEMENT_NOUNS:
        # "the Varno area of Kessel", "the Dorn district of Kell province": the named area of a
        # larger place, written with it
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        names = [inner, *(c for c in inner.children if c.dep_ == "compound")] if inner is not None else []
        named = any(t.ent_type_ in (*PLACE_LABELS, "COUNTRY") for t in names)
        if inner is not None and named and of is not None and of.i == head.i + 1:
            return inner.i + 1
    # the parser may hang "in Y" on the verb rather than on the place it follows: read it where it stands
    nxt = tok.doc[tok.i + 1 : tok.i + 2]
    for prep in nxt:
        objs = [g for g in prep.children if g.dep_ == "pobj"]
        if prep.dep_ == "prep" and prep.lower_ == "in" and objs:
            inner = objs[0]
            if inner.ent_type_ in (*PLACE_LABELS, "COUNTRY") or inner.lower_ in _SETTLEMENT_NOUNS:
                return inner.i + 1
    return None


def _site_start(tok: Token) -> int | None:
    """ "at the Signals Wing of Kell's Varos Base", "at the armoury of the Kell Base": where the
    phrase of the part of a base or premises the place at ``tok`` owns starts, or None."""
    of = tok.head
    site = of.head
    if not (of.lower_ == "of" and site.dep_ == "pobj" and site.head.lower_ in ("at", "inside")):
        return None
    if site.lower_ in _RELATIVE_PLACE_HEADS or not (site.pos_ == "PROPN" or site.lower_ in _PREMISES_NOUNS):
        return None
    start = site.left_edge.i
    while start < site.i and tok.doc[start].dep_ in ("det", "punct"):
        start += 1
    return start


def _premises_start(tok: Token) -> int | None:
    """ "at a house in Morvant", "from a farm near Brakka": where the premises phrase around the
    town ``tok`` heads starts (the premises are where it happened, written with their town)."""
    prep = tok.head
    premises = prep.head
    if (
        prep.lower_ in ("in", "near", "outside", "on")
        and premises.lower_ in _PREMISES_NOUNS
        and premises.dep_ == "pobj"
        and premises.head.lower_ in ("at", "in", "inside", "from")
    ):
        return premises.left_edge.i
    return None


def _place_noun_of(tok: Token) -> bool:
    of = tok.head
    noun = of.head
    return (
        of.lower_ == "of"
        and noun.lower_ in _SETTLEMENT_NOUNS
        and noun.dep_ == "pobj"
        and noun.head.lower_ in ("in", "at", "near", "outside", "around")
    )
