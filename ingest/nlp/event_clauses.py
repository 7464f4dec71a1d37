"""Where a phrase sits in the parse, for the role rules (``event_roles``): the clause a token
hangs in, the partner verb whose phrases it shares, the subject of the clause above, the doer of
an infinitive or gerund, and the store or name a "from" phrase gives."""

from __future__ import annotations

from spacy.tokens import Token

from .event_base import PLACE_LABELS
from .event_places import _SETTLEMENT_NOUNS
from .event_seizures import _CARRYING

__all__ = [
    "_KEEPING_NOUNS",
    "_antecedent_of_place",
    "_controlled",
    "_in_carrying_clause",
    "_in_noun_clause",
    "_main_subject",
    "_means",
    "_passive_partner",
    "_taken_from",
    "_unlabelled_name",
    "controller",
    "raider_of",
    "told_of",
    "where_clause_verb",
]


def _unlabelled_name(toks: list[Token]) -> str | None:
    """The first proper name among ``toks`` that no entity rule labelled, with its compounds."""
    for t in toks:
        if t.pos_ == "PROPN" and t.is_title and not t.ent_type_ and t.dep_ == "pobj":
            start = min([t.i, *[c.i for c in t.lefts if c.dep_ == "compound" and c.is_title and not c.ent_type_]])
            return t.doc[start : t.i + 1].text
    return None


#: What a verb sharing its partner's phrases may have of its own: "were (quickly) recovered and ...".
_BARE_VERB_DEPS = {"aux", "auxpass", "nsubjpass", "cc", "conj", "advmod", "punct", "neg"}


def _passive_partner(verb: Token) -> Token | None:
    """The passive verb coordinated with ``verb`` whose phrases tell ``verb``'s too ("were recovered
    and seized by the Dorvik police"); not when ``verb`` tells more of its own ("stolen from the
    depot and recovered by police") or the partner has a subject of its own."""
    if any(c.dep_ not in _BARE_VERB_DEPS for c in verb.children):
        return None
    for c in verb.children:
        if c.dep_ == "conj" and c.tag_ == "VBN" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children):
            return c
    return None


#: Nouns of keeping someone's goods: "from their possession", "from the militia's custody".
_KEEPING_NOUNS = {"possession", "custody", "hands", "hand", "control"}
#: Nouns of holding after "from" ("from their possession"): whose it was, not where it was; and
#: road vehicles goods were found in at a stop ("from a car at the crossing"), which hold no one's.
_HOLDING_NOUNS = {
    *_KEEPING_NOUNS,
    "car",
    "cars",
    "van",
    "vans",
    "truck",
    "trucks",
    "lorry",
    "lorries",
    "vehicle",
    "vehicles",
}


def _main_subject(act: Token) -> Token | None:
    """The subject of the clause the clause of ``act`` hangs on ("three men were held after rifles
    were recovered ...": the men), not that of a verb of telling ("police said rifles were ...")."""
    cur = act
    for _ in range(6):
        if cur.head.i == cur.i:
            return None
        cur = cur.head
        # the nearest: a dateline before the subject may be taken for one too ("Brakka, 25 May (KNA) Three men ...")
        subj = max((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), key=lambda c: c.i, default=None)
        if cur.pos_ in ("VERB", "AUX") and subj is not None:
            return None if cur.lemma_.lower() in _TELLING else subj
    return None


_TELLING = {"say", "tell", "report", "announce", "state", "add", "confirm", "disclose"}
#: Verbs of telling or holding a view put inside a clause told of a noun ("men police say stole ...").
_TOLD_OF = {"say", "allege", "believe", "suspect", "claim", "think"}


def raider_of(act: Token) -> Token | None:
    """ "the police raided an address where nine rifles were seized", "soldiers raided the
    barracks, where they stole rifles": an act told in a "where" clause of the place another verb
    acted on is done by that verb's subject."""
    verb = where_clause_verb(act)
    return next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb is not None else None


def where_clause_verb(act: Token) -> Token | None:
    """The verb that acted on the place a "where" clause of ``act`` tells of ("raided an address
    where nine rifles were seized": "raided"), the parser hanging "where" on the last noun before
    it; None when ``act`` heads no such clause."""
    if act.dep_ != "relcl" or not any(c.dep_ == "advmod" and c.lower_ == "where" for c in act.children):
        return None
    cur = act.head
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX"):
            return cur
        if cur.head.i == cur.i or cur.dep_ not in ("dobj", "pobj", "prep", "conj", "appos"):
            return None
        cur = cur.head
    return None


def told_of(verb: Token) -> Token | None:
    """ "agents arrested four men they say conspired to steal rifles", "two soldiers police
    suspect stole rifles": a clause told of a noun without "who", with a verb of telling right
    before its own verb, which has no subject of its own; the parser hangs the pieces anywhere.
    The noun right before the telling's subject is the verb's subject."""
    if verb.tag_ not in ("VBD", "VBN", "VBZ", "VBP", "VBG") or verb.i < 3:
        return None
    k = verb.i - 1  # "five people they say were buying guns": past the verb's own auxiliaries
    while k > 0 and verb.doc[k].dep_ in ("aux", "auxpass") and verb.doc[k].head.i == verb.i:
        k -= 1
    if verb.tag_ == "VBG" and k == verb.i - 1:
        return None  # a gerund without "were": no clause of its own
    tell = verb.doc[k]
    if tell.lemma_.lower() not in _TOLD_OF or tell.tag_ not in ("VBD", "VBP", "VBZ"):
        return None
    subj = next((c for c in tell.children if c.dep_ == "nsubj" and c.i < tell.i), None)
    if subj is None or subj.left_edge.i == 0:
        return None
    noun = verb.doc[subj.left_edge.i - 1]
    return noun if noun.pos_ in ("NOUN", "PROPN") and noun.dep_ in ("dobj", "pobj", "conj", "appos") else None


def _taken_from(toks: list[Token]) -> str | None:
    """The place or store seized goods were taken from, as written: a common noun with the words
    before it and its "of" phrase ("fringe areas of the Kessel district"), not the "in" phrase that
    locates it ("a melon field in Dorvik province" is "melon field")."""
    for t in toks:
        if t.pos_ != "NOUN" or t.ent_type_ or t.lower_ in _HOLDING_NOUNS or t.dep_ != "pobj":
            continue
        if t.lower_ in _SETTLEMENT_NOUNS and any(c.pos_ == "PROPN" for c in t.lefts):
            continue  # "seized from Kell's Varos district": where, told as a place
        left = [c for c in t.lefts if c.dep_ in ("compound", "amod", "nmod", "poss")]
        start = min([t.i, *[c.left_edge.i for c in left]])
        while start < t.i and t.doc[start].dep_ in ("det", "punct"):
            start += 1
        end = max([t.i, *[c.right_edge.i for c in t.rights if c.dep_ == "prep" and c.lower_ == "of"]]) + 1
        return t.doc[start:end].text
    return None


def _in_carrying_clause(tok: Token, trigger: Token) -> bool:
    """Whether ``tok`` sits in a clause of carrying before the trigger, not the trigger's own
    ("a dhow carrying rifles from Iran was intercepted"): its route is the cargo's."""
    cur = tok
    for _ in range(8):
        if cur.i == trigger.i or cur.head.i == cur.i:
            return False
        clause = cur.dep_ in ("acl", "advcl", "csubj", "csubjpass", "relcl") and cur.i < trigger.i
        if clause and cur.lemma_.lower() in _CARRYING and cur.pos_ == "VERB":
            return True  # before the trigger only: after it, the parser hangs the trigger's own phrases there
        cur = cur.head
    return False


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
        if tok.lower_ == "from" and cur.i != tok.i and cur.dep_ == "pobj" and cur.head.lower_ == "from":
            return True  # "from a vessel travelling south from Iran": where the vessel came from
        cur = cur.head
    return False


def _antecedent_of_place(tok: Token) -> Token:
    """ "a company in Tucson, Arizona, which was shipping ...", "a citizen living in Kell, who
    conspired to smuggle ...": the parser hangs the relative clause on the place; the one acting
    is the noun the place locates (through the participle that places it)."""
    prep = tok.head
    placed = tok.ent_type_ in (*PLACE_LABELS, "COUNTRY")
    if placed and tok.dep_ == "pobj" and prep.lower_ in ("in", "at", "near", "from"):
        noun = prep.head
        if noun.dep_ == "acl" and noun.pos_ == "VERB" and noun.head.i < noun.i:
            noun = noun.head
        if noun.pos_ == "NOUN" and noun.i < tok.i:
            return noun
    return tok


#: Words opening a clause whose doer is the main verb's subject ("while buying", "after selling").
_CONTROL_MARKS = {"to", "while", "after", "before", "when", "by", "in", "for"}


def _means(verb: Token) -> bool:
    """Whether ``verb`` is a gerund after "by" under a verb ("violated the embargo by providing
    rifles"): the act is the way the verb's subject did it."""
    prep = verb.head
    return (
        verb.dep_ == "pcomp"
        and verb.tag_ == "VBG"
        and prep.lower_ == "by"
        and prep.dep_ == "prep"
        and prep.head.pos_ in ("VERB", "AUX")
        and prep.head.i != prep.i
    )


def _controlled(verb: Token) -> bool:
    """Whether ``verb`` heads an adverbial clause without a subject of its own, in the infinitive
    or the gerund ("lied on the form to buy a pistol", "signed while purchasing rifles"), under a
    verb: its doer is the subject of that verb (subject control; of the clause told, when the verb
    is one of telling: :func:`controller`)."""
    if verb.dep_ != "advcl" or verb.tag_ not in ("VB", "VBG") or verb.head.i == verb.i:
        return False
    if verb.head.pos_ not in ("VERB", "AUX"):
        return False
    marks = [c for c in verb.children if c.dep_ in ("aux", "mark") and c.i < verb.i]
    if not marks:  # "the militia raided the base, stealing 30 rifles": a bare gerund too, after an act on
        # something ("videos have emerged of fighters ..., carrying rifles": the fighters carry them)
        return (
            verb.tag_ == "VBG"
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children)
            and any(c.dep_ == "dobj" for c in controller(verb).children)
        )
    return all(m.lower_ in _CONTROL_MARKS for m in marks)


def controller(verb: Token) -> Token:
    """The verb whose subject does the act of the subjectless clause ``verb`` heads: the verb it
    hangs on, or, when that is a verb of telling put after what is told ("the rebels overran the
    base, a spokesman said, seizing 40 rifles"), the verb of the clause told."""
    head = verb.head
    if head.lemma_.lower() not in _TELLING:
        return head
    told = [c for c in head.children if c.dep_ == "ccomp" and c.i < head.i < verb.i]
    return told[0] if told else head
