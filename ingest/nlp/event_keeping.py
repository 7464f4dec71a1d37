"""Custody acts told by common verbs that only a frame makes an act: goods kept in or lying in a
place of keeping (STORAGE), goods an actor used (OBSERVATION: the item seen with its holder), and
goods transported with no receiver named (TRANSIT: a carriage, not a transfer to someone); and
the frames that make holding no act: possession as the offence someone is charged with, and
"hold" of holding someone to a state ("hold the perpetrators accountable")."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from .event_base import negated_or_modal
from .event_charges import _CHARGE_NOUNS
from .event_parties import _STORE_NOUNS
from .event_places import _PREMISES_NOUNS

#: Places goods are kept in ("a cache", "the hideout", "a warehouse"): what such a place contains
#: was stored there. Stocks and supplies are goods themselves, not places.
_CACHE_NOUNS = {"cache", "caches", "hideouts", "stash", "stashes", "bunker", "bunkers"}
KEEPING_PLACES = (_PREMISES_NOUNS | _STORE_NOUNS | _CACHE_NOUNS) - {
    "supplies", "stocks", "stock", "inventory", "inventories",
}  # fmt: skip
#: Closed things goods are locked in ("kept in containers", "were in a vault").
_LOCKED_NOUNS = {
    "container", "containers", "crate", "crates", "vault", "vaults", "locker", "lockers", "safe", "storeroom",
    "storerooms", "storage",
}  # fmt: skip
#: Verbs that, with goods as subject or object and a place of keeping after "in" or "at", tell the
#: goods were kept there: "the rifles were kept in a depot", "the rifles were in the armoury",
#: "remained at the depot", "the militia has 300 rifles in its arsenal".
KEEPING_LEMMAS = {"keep", "be", "remain", "stay", "lie", "have"}
#: Prepositions of a place goods are in.
_IN_PLACE = {"in", "at", "inside", "within"}
#: Verbs of coming upon goods: goods found in a bag, a car or a locker were kept there.
FINDING_LEMMAS = {"find", "discover", "locate", "uncover", "reveal"}
#: Prepositions of the inside of what goods were found in ("in a bag", "underneath the seat").
_INSIDE_PREPS = {"in", "inside", "within", "under", "underneath", "beneath"}
#: Things goods are packed or carried in: what they were found in held them ("found in a bag",
#: "discovered a magazine in his pocket", "located in the boot of a car"). Houses and sites are
#: not among them: goods found in a house are told as searched for and seized there.
_RECEPTACLE_NOUNS = {
    "bag", "bags", "backpack", "backpacks", "rucksack", "rucksacks", "suitcase", "suitcases", "luggage", "pocket",
    "pockets", "box", "boxes", "tin", "tins", "barrel", "barrels", "sack", "sacks", "compartment", "compartments",
    "boot", "trunk", "car", "cars", "vehicle", "vehicles", "van", "vans", "truck", "trucks", "lorry", "lorries",
    "trailer", "trailers",
}  # fmt: skip
#: Verbs of using goods: an actor who used them was seen with them.
USING_LEMMAS = {"use"}
#: Verbs of carrying goods that, with no receiver, tell a carriage (TRANSIT).
CARRIAGE_LEMMAS = {"transport"}
#: Prepositions that name where carried goods go: with one, the lexicon's transfer stands.
_DESTINATION_PREPS = {"to", "into", "toward", "towards"}


def keeping_place(tok: Token, goods: Callable[[Token], bool]) -> Token | None:
    """ "the rifles were kept in a depot", "the missing rifles were in the armoury", "has 300 rifles
    in its arsenal", "the containers where the rifles will be kept": the place of keeping (a
    store, premises, a cache, a locked container, or a DEPOT entity) named by the "in"/"at" phrase
    of a verb of keeping or being whose subject or object passes ``goods``, or, for "keep", the
    noun its "where" clause describes (with a parse). "He was at the house with two rifles": the
    goods are neither subject nor object, no place of keeping."""
    doc = tok.doc
    if doc.has_annotation("DEP") and tok.lemma_.lower() in FINDING_LEMMAS:
        return _found_in(tok, goods)
    if not doc.has_annotation("DEP") or tok.lemma_.lower() not in KEEPING_LEMMAS:
        return None
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass"):
        return None
    if not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and goods(c) for c in tok.children):
        return None
    if tok.lemma_.lower() == "keep" and tok.dep_ == "relcl" and any(c.lower_ == "where" for c in tok.children):
        return tok.head
    places = [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ in _IN_PLACE for g in c.children if g.dep_ == "pobj"
    ]
    return next(
        (p for p in places if p.lower_ in KEEPING_PLACES or p.lower_ in _LOCKED_NOUNS or p.ent_type_ == "DEPOT"), None
    )


def _lists_goods(obj: Token, goods: Callable[[Token], bool]) -> bool:
    """ "revealed the following inside the vehicle: two rifles; a pistol": "the following" stands
    for the goods listed after the colon of its sentence."""
    if obj.lower_ != "following" or not any(c.lower_ == "the" for c in obj.children):
        return False
    colon = next((t for t in obj.doc[obj.i + 1 : obj.sent.end] if t.text == ":"), None)
    return colon is not None and any(goods(t) for t in obj.doc[colon.i + 1 : obj.sent.end])


def _found_in(tok: Token, goods: Callable[[Token], bool]) -> Token | None:
    """ "the rifles were found in a bag", "located stolen ammunition in a van", "discovered a
    magazine in his pocket": what goods found were in (a receptacle, a locked container, a cache
    or a DEPOT entity), named by the "in" phrase of the finding verb or of the goods found (or of
    "the following" that stands for them: "found the following in the bag: ..."). Goods
    found "hidden in a lorry" lay there (``_HIDING_LEMMAS``); "found in eastern Syria", "in a
    house": a place, not what held them; "may find rifles in cars": no finding told."""
    if tok.pos_ != "VERB" or negated_or_modal(tok):
        return None
    found = [c for c in tok.children if c.dep_ in ("nsubjpass", "dobj") and (goods(c) or _lists_goods(c, goods))]
    if not found:
        return None
    holders = [tok, *(f for f in found if f.dep_ == "dobj")]
    spots = [
        g
        for h in holders
        for c in h.children
        if c.dep_ == "prep" and c.lower_ in _INSIDE_PREPS
        for g in c.children
        if g.dep_ == "pobj"
    ]
    held_in = _RECEPTACLE_NOUNS | _LOCKED_NOUNS | _CACHE_NOUNS
    return next((s for s in spots if s.lower_ in held_in or s.ent_type_ == "DEPOT"), None)


def used_by_actor(tok: Token, holder: Callable[[Token], bool]) -> bool:
    """ "the militia used mortars in the attack", "footage showing fighters using rifles": "use" in
    the past (not passive, not an infinitive) or as a participle describing its user, whose user
    passes ``holder`` (a callable telling a person noun or a named actor), with a parse. "Groups
    often use rifles" (a habit) and "will use them" tell no act."""
    doc = tok.doc
    if not doc.has_annotation("DEP") or tok.lemma_.lower() not in USING_LEMMAS or tok.pos_ != "VERB":
        return False
    if not any(c.dep_ == "dobj" for c in tok.children):
        return False
    if tok.tag_ == "VBD" and not any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        users = [c for c in tok.children if c.dep_ == "nsubj"]
    elif tok.tag_ == "VBG" and tok.dep_ == "acl":
        users = [tok.head]
    else:
        return False
    return any(holder(u) for u in users)


def carried_without_receiver(tok: Token) -> bool:
    """ "a freight company was transporting the ammunition", "rifles transported from across the
    border": a verb of carrying whose goods are named with no place or party they were carried to
    (with a parse: no "to"/"into" phrase; without: none in the eight words after it)."""
    doc = tok.doc
    if doc.has_annotation("DEP"):
        # "transported 40 rifles to the brigade": the parser may hang "to" on the object
        heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
        return not any(
            c.dep_ in ("prep", "dative") and c.lower_ in _DESTINATION_PREPS for h in heads for c in h.children
        )
    return not any(t.lower_ in _DESTINATION_PREPS for t in doc[tok.i + 1 : min(len(doc), tok.i + 9)])


#: Words of holding goods that name an offence when someone is charged with it.
_POSSESSING_LEMMAS = {"possess", "possession"}
#: Verbs of charging or punishing someone for an offence ("charged with", "arrested for",
#: "pleaded guilty to"); not "found" or "held": goods "found in the possession of" a group were seen.
_CHARGING_LEMMAS = {
    "charge", "indict", "accuse", "arrest", "sentence", "convict", "jail", "imprison", "prosecute", "suspect",
    "plead", "admit", "acquit", "fine",
}  # fmt: skip
#: Dependencies followed up from the offence to the charge ("charged with possessing", "on charges
#: of possession of", "pleaded guilty to possessing").
_OFFENCE_DEPS = {"pcomp", "pobj", "prep", "xcomp", "conj", "compound", "acl", "oprd", "acomp"}


def possession_charged(tok: Token, lemma: str) -> bool:
    """ "a man was charged with possessing firearms", "arrested on suspicion of possession of a
    pistol", "pleaded guilty to possession of": holding goods as the offence someone is charged
    with, told of no particular goods seen held (with a parse)."""
    if lemma not in _POSSESSING_LEMMAS or not tok.doc.has_annotation("DEP"):
        return False
    cur = tok
    for _ in range(6):
        head = cur.head
        if head.i == cur.i or cur.dep_ not in _OFFENCE_DEPS:
            return False
        if head.lower_ in _CHARGE_NOUNS or (head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in _CHARGING_LEMMAS):
            return True
        cur = head
    return False


def held_to_a_state(tok: Token, lemma: str) -> bool:
    """ "hold all perpetrators accountable", "held the army responsible": "hold" with an adjective
    as its complement keeps someone to a state, no goods (with a parse)."""
    return lemma == "hold" and any(
        c.dep_ in ("ccomp", "acomp", "oprd", "xcomp") and c.pos_ == "ADJ" for c in tok.children
    )


#: Things sent by post or freight whose addressee is a stated end user ("parcels addressed to a
#: residence in Kell").
_POSTED_NOUNS = {"parcel", "parcels", "package", "packages", "consignment", "consignments", "shipment", "shipments"}


def addressed_to(tok: Token) -> bool:
    """ "intercepted two parcels addressed to a residence in Kell", "the consignment was addressed
    to Dorn": goods sent by post or freight with their addressee, a stated delivery (with a parse:
    "addressed" describing, or the passive verb of, such a noun, with a "to" phrase)."""
    if tok.lower_ != "addressed" or not tok.doc.has_annotation("DEP"):
        return False
    if not any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
        return False
    posted = [tok.head] if tok.dep_ in ("acl", "relcl") else []
    posted += [c for c in tok.children if c.dep_ == "nsubjpass"]
    return any(p.lower_ in _POSTED_NOUNS for p in posted)


#: Verbs of coming upon someone as they held goods: "was found in possession of", "caught in
#: possession of" (not "arrested in possession of": a charge, ``possession_charged``).
_CAUGHT_HOLDING = {"find", "catch", "discover"}


def found_holding(tok: Token) -> Token | None:
    """ "Dorn was found in possession of two rifles", "police found the courier in possession of
    a pistol": whom a verb of coming upon someone found holding the goods (the passive subject or
    the object of the verb the "in possession" phrase hangs on), with a parse; None otherwise."""
    if tok.lower_ != "possession" or tok.dep_ != "pobj" or not tok.doc.has_annotation("DEP"):
        return None
    prep = tok.head
    if prep.lower_ != "in":
        return None
    # the parser hangs the phrase on the verb or on the one found ("found the driver in possession")
    held_by = prep.head if prep.head.dep_ in ("nsubjpass", "dobj") else None
    verb = held_by.head if held_by is not None else prep.head
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _CAUGHT_HOLDING or negated_or_modal(verb):
        return None
    return held_by or next((c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")), None)
