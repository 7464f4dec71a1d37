"""Goods told of as carried in something on the move, with no verb of moving that holds them:
"seized three pistols in packages shipped from Norland" (DELIVERY from there), "rifles were seized
in a van on its way to Kell", "one was en route to Kell with 250 rounds" (TRANSIT to there).

Each rule gives the word that tells the act, its type, the place or party it names and the stretch
of the sentence whose goods were carried; the extractor makes one event per item (with a parse)."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from .event_keeping import _POSTED_NOUNS
from .event_mentions import CARRIER_NOUNS
from .event_triggers import prep_objects, with_objects

#: Things goods are sent in by post or freight: goods inside one that came from a place were
#: delivered from there ("rifles in packages shipped from Norland", "in a consignment from Varos").
_SENT_IN = _POSTED_NOUNS
#: Participles of sending that may carry the "from" phrase of such a thing ("packages shipped from").
_SENDING_FORMS = {"shipped", "sent", "mailed", "posted", "dispatched", "arriving", "coming"}
#: What goods travel in, besides vessels: a carrier on its way somewhere takes its goods there.
_TRAVELLING_IN = CARRIER_NOUNS | _SENT_IN | {"ship", "vessel", "boat", "dhow", "convoy", "cargo"}
#: Possessives of "on its way to" ("on their way", "on his way").
_WAY_OWNERS = {"its", "their", "his", "her"}


@dataclass
class Carried:
    """An act told by a carrier's phrase: ``word`` tells it, ``party`` is the place or party it
    names (origin of a DELIVERY, destination of a TRANSIT), goods lie in ``start``..``end``."""

    word: Token
    type: str
    party: Token
    start: int
    end: int


def carried_goods(sent: Span) -> list[Carried]:
    """The acts of the carriers of ``sent`` (``sent_from``, ``on_the_way``), with a parse."""
    if not sent.doc.has_annotation("DEP"):
        return []
    out = []
    for tok in sent:
        found = sent_from(tok) or on_the_way(tok)
        if found is not None:
            out.append(found)
    return out


def sent_from(carrier: Token) -> Carried | None:
    """ "seized three pistols in packages shipped from Norland", "located parts in a consignment
    from Varos": a parcel, package, consignment or shipment the goods are "in", and the place it
    came from (the object of its "from" phrase, or of its participle of sending): a named place
    or country, or a name no entity rule knows ("from a dealer" names no place). The goods are
    those of the clause told before the "in"."""
    if carrier.lower_ not in _SENT_IN or carrier.dep_ != "pobj" or carrier.head.lower_ != "in":
        return None
    heads = [carrier, *(c for c in carrier.children if c.dep_ == "acl" and c.lower_ in _SENDING_FORMS)]
    origin = next((o for h in heads for o in prep_objects(h, "from") if _is_place(o)), None)
    if origin is None:
        return None
    prep = carrier.head
    return Carried(carrier, "DELIVERY", origin, _clause(prep.head).left_edge.i, prep.i)


def on_the_way(word: Token) -> Carried | None:
    """ "seized in a van on its way to Kell", "the lorry carrying 40 rifles was on its way to
    Kell": goods in the clause of a carrier (its subject, or the thing they were "in") on its
    way (or en route) to a place went there in transit; "one was en route to Kell with 250
    rounds": so did the goods a traveller was "with". Not a party on its way to act ("police en
    route to the village seized two rifles")."""
    if word.lower_ == "way" and any(c.dep_ == "poss" and c.lower_ in _WAY_OWNERS for c in word.children):
        on = word.head
        if word.dep_ != "pobj" or on.lower_ != "on":
            return None
        holder = on.head
    elif word.lower_ == "route" and word.i > 0 and word.doc[word.i - 1].lower_ == "en":
        # the parser may take "Another en route to Kell" for a noun phrase: the traveller
        holder = word if word.dep_ in ("nsubj", "nsubjpass") else word.doc[word.i - 1].head
    else:
        return None
    dest = next((o for o in prep_objects(word, "to")), None)
    if dest is None:
        return None
    clause = _clause(holder)
    traveller = holder if holder.pos_ in ("NOUN", "PROPN") else _subject(clause)
    # the parser may hang "on its way" on the verb of the goods "seized ... in a van"
    inside = [*prep_objects(clause, "in"), *prep_objects(clause, "aboard")] if holder is clause else []
    carriers = [traveller, *inside]
    if any(c is not None and c.lower_ in _TRAVELLING_IN for c in carriers):
        return Carried(word, "TRANSIT", dest, clause.left_edge.i, clause.right_edge.i + 1)
    with_goods = next((o for o in with_objects(clause)), None)
    if with_goods is None:
        return None
    return Carried(word, "TRANSIT", dest, with_goods.left_edge.i, with_goods.right_edge.i + 1)


def _clause(tok: Token) -> Token:
    """The verb of the clause ``tok`` stands in (``tok`` itself for a verb)."""
    while tok.pos_ not in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _is_place(tok: Token) -> bool:
    return tok.ent_type_ in ("PLACE", "COUNTRY") or (tok.pos_ == "PROPN" and not tok.ent_type_)
