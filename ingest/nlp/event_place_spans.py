"""Spans of a place written around a named one (round 13, with the address rule of round
7): the larger places an address runs on to ("Sitio X, Barangay Y", "the city of X, state of Y"),
names listed before a plural kind of place they share ("X, Y and Z hills"), the route goods were
moved along, the site visited for an act, and an act going on in a clause on the goods taken, whose
place is the act's too."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .event_base import REGION_NOUNS, Trigger

#: Plural kinds of place a list of names shares ("the Karo, Dembi and Lutalo hills").
_PLURAL_PLACE_KINDS = {"mountains", "hills", "islands", "districts", "provinces", "states", "villages", "towns",
                       "regions", "areas", "forests", "valleys", "counties", "municipalities", "camps"}


def shared_plural_head(place: Span, sent: Span) -> Span | None:
    """ "at Karo, Dembi and Lutalo hills": names listed before a plural kind of place they share
    are one place as written, whatever label (if any) the entity rules gave the names before the
    last; None when the place is followed by no such kind."""
    doc = sent.doc
    end = place.end
    if end >= sent.end or doc[end].lower_ not in _PLURAL_PLACE_KINDS:
        return None
    start = place.start
    while start - 2 >= sent.start and doc[start - 1].lower_ in (",", "and") and doc[start - 2].is_title:
        k = start - 2
        while k - 1 >= sent.start and doc[k - 1].is_title and doc[k - 1].pos_ == "PROPN":
            k -= 1
        if doc[k].i == sent.start:
            break  # a name opening the sentence is no member of the list
        start = k
    if start == place.start or doc[start - 1].lower_ not in ("at", "in", "on", "near", "from", "around", "the"):
        return None
    return doc[start : end + 1]


def _ongoing(verb: Token) -> bool:
    """Whether ``verb`` tells an act going on ("smuggling", "being smuggled")."""
    return verb.tag_ == "VBG" or any(c.dep_ == "auxpass" and c.lower_ == "being" for c in verb.children)


def ongoing_on_goods(act: Token, trigger: Token) -> bool:
    """Whether ``act`` is an act going on at the time of the trigger's, told in a clause describing
    what the trigger took or moved ("seized a boat believed to be smuggling rifles in the Gulf of
    Kell", "seized rifles being smuggled in the Gulf of Kell"): its place is where the trigger's act
    happened too. A completed act ("rifles stolen in Kell") keeps its own place."""
    if not _ongoing(act) or act.i < trigger.i:
        return False
    cur = act
    for _ in range(4):
        if cur.dep_ not in ("acl", "xcomp", "relcl") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.pos_ in ("NOUN", "PROPN"):
            goods = cur
            while goods.dep_ == "conj" and goods.head.i != goods.i:
                goods = goods.head
            return goods.dep_ in ("dobj", "nsubjpass") and goods.head.i == trigger.i
    return False


def address_end(place: Span, sent: Span) -> int:
    """ "Sitio Morran, Barangay Keldan, Varos Odin": where a place written as an address ends, the
    names after it, each set off by a comma and hung on the one before, the larger places it lies
    in (whatever label, if any, the entity rules gave them)."""
    doc = sent.doc
    end = place.end
    while end + 1 < sent.end and doc[end].text == "," and (doc[end + 1].is_title or _region_of(doc[end + 1])):
        member = next(
            (t for t in doc[end + 1 : sent.end] if t.dep_ in ("conj", "appos") and place.start <= t.head.i < end),
            None,
        )
        if member is not None and member.i == end + 1 and _region_of(member) is not None:
            # "the city of Porto Velho, state of Rondonia": the larger region written by its kind
            end = _region_of(member).i + 1  # type: ignore[union-attr]
            continue
        if member is None or any(
            t.pos_ not in ("PROPN", "NUM", "SYM") and not t.is_title for t in doc[end + 1 : member.i + 1]
        ):
            break
        tail = [c for c in member.rights if c.dep_ in ("nummod", "compound")]
        end = max([member.i, *(c.right_edge.i for c in tail)]) + 1
    return end


def _region_of(tok: Token) -> Token | None:
    """The name ``tok`` introduces when it is a lower-case region noun with "of" and a name after
    it ("state of Rondonia", "province of Kell"), else None."""
    if not tok.is_lower or tok.lower_ not in REGION_NOUNS:
        return None
    names = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj" and g.is_title]
    return names[0] if names else None


#: Verbs of going to a site to do something there ("visited three depots to count the rifles").
_VISIT_VERBS = {"visit", "tour", "inspect"}


def visited_site(trig: Trigger) -> str | None:
    """ "auditors visited two army depots to check the inventory of rifles": the site visited for
    the act, told as the visit's object, is where the act took place."""
    act = trig.token
    if act.dep_ == "dobj" and act.pos_ == "NOUN":
        act = act.head  # "to check the inventory": the verb of the purpose clause
    if act.dep_ not in ("advcl", "xcomp") or not any(c.dep_ == "aux" and c.lower_ == "to" for c in act.children):
        return None
    visit = act.head
    if visit.lemma_.lower() not in _VISIT_VERBS:
        return None
    site = next((c for c in visit.children if c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i < act.i), None)
    if site is None:
        return None
    return site.doc[site.left_edge.i : site.i + 1].text


#: Ways goods are moved along ("along a supply route", "via a smuggling corridor").
_ROUTE_NOUNS = {"route", "corridor", "road", "highway", "trail", "path", "pipeline"}


def route_text(trig: Trigger) -> str | None:
    span = route_span(trig)
    return span.text if span is not None else None


def route_span(trig: Trigger) -> Span | None:
    """ "shipped to the rebels along a new supply route from the border": the route goods were
    moved along, as written, for an act of moving them (a route names where it happened, and the
    places named in it are the route's)."""
    if trig.type not in ("TRANSFER", "DELIVERY", "TRANSIT") or not trig.token.doc.has_annotation("DEP"):
        return None
    doc = trig.token.doc
    for prep in (c for c in trig.token.children if c.dep_ == "prep" and c.lower_ in ("along", "via")):
        obj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if obj is not None and obj.lemma_.lower() in _ROUTE_NOUNS:
            end = obj.right_edge.i
            while end > obj.i and doc[end].is_punct:
                end -= 1
            return doc[prep.i : end + 1]
    return None


#: Words opening a relative clause ("the rifles, which had arrived ...", "goods that were sold ...").
_RELATIVIZERS = {"which", "that", "who", "whom", "whose", "where", "when"}


def in_relative_clause(tok: Token, trigger: Token) -> bool:
    """Whether ``tok`` sits in a relative clause of its own, opened by a relative word, describing a
    noun and not holding the trigger ("seized the rifles, which had arrived in Brenno on 3 April, on
    5 April"): the clause's verb tells its own place and time. An act going on at the time of the
    trigger's ("rifles that were being smuggled in X") is not set apart."""
    cur = tok
    for _ in range(12):
        if cur.i == trigger.i or cur.head.i == cur.i:
            return False
        if cur.dep_ == "relcl" and trigger not in cur.subtree:
            opened = any(c.lower_ in _RELATIVIZERS and c.i < cur.i for c in cur.children)
            return opened and not _ongoing(cur)
        cur = cur.head
    return False


#: Verbs of entering a site by force or to search it, told before the taking they led to.
_RAID_VERBS = {"raid", "search", "storm", "overrun", "ransack"}
_SITE_PREPS = {"in", "near", "outside", "on"}


def raided_site(trig: Trigger) -> str | None:
    """ "troops raided a camp in the Kell forest and recovered 40 rifles": the site a raid or search
    told first entered, written with where it lies, is where the goods were taken."""
    tok = trig.token
    if trig.noun or tok.dep_ != "conj" or tok.head.pos_ != "VERB" or tok.head.lemma_.lower() not in _RAID_VERBS:
        return None
    site = next((c for c in tok.head.children if c.dep_ == "dobj"), None)
    if site is None:
        return None
    # "in the Kell forest", on the site or (as the parser may hang it) on the raid right after the site
    where = [c for c in (*site.children, *tok.head.children) if c.dep_ == "prep" and c.lower_ in _SITE_PREPS
             and (c.head.i == site.i or c.i == site.right_edge.i + 1)]
    if not where:
        return None
    doc = tok.doc
    end = max(site.right_edge.i, *(c.right_edge.i for c in where))
    while end > site.i and doc[end].is_punct:
        end -= 1
    return doc[site.left_edge.i : end + 1].text
