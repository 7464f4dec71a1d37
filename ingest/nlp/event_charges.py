"""The one charged with an act is its doer: "two men were jailed for smuggling rifles",
"pleaded guilty to attempting to export", "charges against A and B for conspiring to sell"
(``event_roles`` uses it for the subject of an act that is only what someone is charged with)."""

from __future__ import annotations

from spacy.tokens import Token

from .event_places import past_dateline

#: Verbs that charge, arrest or punish someone for an act ("arrested the driver on suspicion of
#: importing", "were jailed for smuggling", "admitted stealing"): the one charged did the act.
_ACCUSING = {"charge", "indict", "accuse", "arrest", "sentence", "convict", "jail", "imprison", "detain",
             "apprehend", "prosecute", "suspect", "fine", "nab", "hold", "investigate", "extradite", "try",
             "plead", "admit", "confess", "deny", "engage", "involve", "face", "find", "acquit", "question",
             "serve"}
#: Verbs that pay or take someone on for an act ("the buyers were paid $200 for buying a rifle",
#: "recruited two students for smuggling pistols"): as with a charge, the one paid did the act.
_ACCUSING |= {"pay", "reward", "compensate", "recruit", "hire", "employ"}
#: Of these, the ones whose subject is the one charged even in the active ("he admitted selling",
#: "two men will serve a year in prison for smuggling").
_SELF_ACCUSING = {"plead", "admit", "confess", "deny", "engage", "involve", "face", "serve"}
#: Nouns between the charge and the act ("on suspicion of", "on charges of", "the activity of").
_CHARGE_NOUNS = {"suspicion", "allegation", "allegations", "charge", "charges", "count", "counts", "connection",
                 "activity", "activities", "role", "part", "involvement", "business", "offence", "offences",
                 "offense", "offenses", "crime", "crimes", "conspiracy", "scheme", "plot", "case", "cases"}


def _accused(tok: Token) -> Token | None:
    """The one charged with the act ``tok`` names, where the act is only what they are charged
    with: "arrested the lorry driver on suspicion of importing pistols" (the driver), "two men
    were jailed for smuggling rifles" (the men), "charges against Kell for selling rifles",
    "soldiers who engaged in the illicit sale of rifles" (the soldiers); past a dateline the
    parser took for the subject ("KELL — A Varn gang was sentenced after selling ...")."""
    charged = _charged(tok)
    return past_dateline(charged) if charged is not None else None


def _charged(tok: Token) -> Token | None:
    cur = tok
    for _ in range(10):
        head = cur.head
        if head.i == cur.i:
            return None
        if cur.dep_ in ("oprd", "acomp") and head.lemma_.lower() in _SELF_ACCUSING:
            # "pleaded guilty to attempting to export ...": the one pleading
            return next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if cur.dep_ == "acl" and head.lower_ in _CHARGE_NOUNS:
            cur = head  # "involved in a conspiracy to export ...": the act is what the plot is of
            continue
        if cur.dep_ not in ("pcomp", "pobj", "prep", "xcomp", "conj", "dobj", "compound"):
            return None
        if cur.dep_ == "dobj" and head.dep_ not in ("pcomp", "xcomp"):
            return None  # "organised the smuggling": only inside a charge ("accused of organising ...")
        if head.pos_ in ("VERB", "AUX") and cur.dep_ == "prep" and head.lemma_.lower() in _ACCUSING:
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
            role = ("nsubj", "nsubjpass") if passive or head.lemma_.lower() in _SELF_ACCUSING else ("dobj",)
            # the nearest: a dateline before the subject may be taken for one too ("KELL — Two men were jailed")
            target = max((c for c in head.children if c.dep_ in role), key=lambda c: c.i, default=None)
            if target is not None and target.lower_ in ("who", "that", "which") and head.dep_ == "relcl":
                target = head.head
            if target is None and head.dep_ == "acl" and head.tag_ == "VBN":
                target = head.head  # "two men arrested on suspicion of ..."
            if target is None and head.dep_ == "advcl" and head.tag_ == "VBG" and role != ("dobj",):
                # "Kell pleaded guilty, admitting to smuggling ...": who pleads admits it
                target = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
            if target is None and head.dep_ == "conj" and role != ("dobj",):
                # "a man was arrested and faces charges for taking ...": the verbs share the subject
                target = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return target
        if head.pos_ in ("NOUN", "PROPN") and cur.dep_ == "prep":
            if head.lower_ not in _CHARGE_NOUNS:
                # "charges against Kell, a broker, for selling ...", "detained four recruits on
                # allegations of ...": the parser may hang the charge off the one charged
                first = head
                while first.dep_ == "conj" and first.head.i != first.i:
                    first = first.head  # "against Vask, a broker, and his partner Morrow for ...": the first named
                if first.dep_ == "pobj" and first.head.lower_ == "against":
                    return first
                if head.dep_ in ("dobj", "nsubjpass") and head.head.lemma_.lower() in _ACCUSING:
                    return head
                return None
            against = next((g for c in head.children if c.lower_ == "against" for g in c.children
                            if g.dep_ == "pobj"), None)
            if against is not None:
                return against
        cur = head
    return None
