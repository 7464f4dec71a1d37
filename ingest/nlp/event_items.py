"""Custody event items: which weapon mentions a trigger governs, grouped into clusters.

The mentions come from the entities and ``event_mentions``; lists and clusters are
``event_lists``; the parse relations used here are ``event_item_links``.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from spacy.tokens import Span, Token

from .event_acts import handled_goods
from .event_base import (
    _POINTING_DETERMINERS,
    DESTINED_FORMS,
    ITEM_PREPS,
    MATERIEL,
    VESSEL,
    Trigger,
)
from .event_item_links import (
    _CONTAINING_VERBS,
    _conjuncts,
    _container_of,
    _near_head,
    _traced_item_phrases,
)
from .event_lists import ListRules
from .event_mentions import CARRIER_NOUNS, MentionRules
from .event_taking import ARRESTING_LEMMAS
from .event_triggers import CONTAINING_FORMS, KEEPING_PLACES, prep_objects

#: Nouns of holding: "in the possession of", "in the hands of".
_HOLDING_NOUNS = {"possession", "hands", "custody"}
# verbs that state an act as their complement: "were reported stolen", "was declared lost"
_STATING_VERBS = {
    "report", "declare", "list", "record", "confirm", "believe", "presume", "consider", "log", "say", "claim",
}  # fmt: skip


class ItemRules(MentionRules, ListRules):
    def _assign(self, sent: Span, triggers: Sequence[Trigger], weapons: Sequence[Span]) -> dict[int, list[Span]]:
        """Which weapon mentions belong to which trigger."""
        doc = sent.doc
        by_index = {t.token.i: t for t in triggers}
        self._trigger_tokens = set(by_index)
        # token -> trigger token; "a drawdown package including ...": the items hang off "package"
        anchor: dict[int, int] = {i: i for i in by_index}
        for t in triggers:
            if t.noun and t.token.dep_ == "compound" and t.token.head.i not in anchor:
                anchor[t.token.head.i] = t.token.i
            stated_state = t.token.lower_ in self.adjectives or t.token.lower_ in DESTINED_FORMS
            if stated_state and t.token.dep_ in ("acomp", "oprd", "xcomp", "advcl"):
                anchor.setdefault(t.token.head.i, t.token.i)  # "rifles went missing": the state's subject
            elif (
                not t.noun
                and t.token.dep_ in ("xcomp", "oprd", "ccomp")
                and t.token.head.lemma_.lower() in _STATING_VERBS
                and t.token.head.i not in by_index
            ):
                anchor.setdefault(t.token.head.i, t.token.i)  # "45 pistols were reported stolen"
        if doc.has_annotation("DEP"):
            for t in triggers:
                of = _late_of(t)
                if of is not None:
                    anchor.setdefault(of.i, t.token.i)
                for joined in _goods_phrases_above(t):
                    anchor.setdefault(joined.i, t.token.i)
            # "the package includes: ...", "the capabilities in this package include ...": the list
            # is what the act noun moves
            for t in triggers:
                if not t.noun and t.token.dep_ not in ("amod", "acl"):
                    continue
                up = t.token
                if not t.noun and t.token.dep_ in ("amod", "acl"):
                    up = t.token.head  # "the stolen equipment includes ...", "the weapons seized included ..."
                for _ in range(3):
                    if up.dep_ in ("nsubj", "nsubjpass") and up.head.lemma_.lower() in _CONTAINING_VERBS:
                        anchor.setdefault(up.head.i, t.token.i)
                        break
                    if up.head.i == up.i or up.dep_ not in ("pobj", "prep", "compound", "nsubj"):
                        break
                    up = up.head
        out: dict[int, list[Span]] = {}
        if doc.has_annotation("DEP"):
            for w in weapons:
                cur: Token = w.root
                hops = 0
                generic = w.label_ in (MATERIEL, VESSEL)
                while hops < 12:
                    if cur.i in anchor and not (cur.i >= w.start and cur.i < w.end):
                        if not (w.label_ == VESSEL and by_index[anchor[cur.i]].type != "SEIZURE"):
                            out.setdefault(anchor[cur.i], []).append(w)
                        break
                    if cur.head.i == cur.i:
                        break
                    in_value = cur.lower_ == "in" and self._entity_at(cur.head, ("MONEY",)) is not None
                    item_prep = cur.lower_ in ITEM_PREPS or _goods_by_with(cur, by_index, self._goods_word)
                    if generic and cur.dep_ == "prep" and not item_prep and not in_value:
                        break  # "from inside a vessel", "to the depot": a role, not the item
                    if (
                        generic
                        and cur.dep_ == "nsubj"
                        and cur.head.i in anchor
                        and cur.head.pos_ == "VERB"
                        and by_index[anchor[cur.head.i]].token.lower_ not in self.adjectives
                        and by_index[anchor[cur.head.i]].frame != "move"
                    ):
                        # "a patrol ship seized ...": the doer, not the item ("weapons are missing",
                        # "the shipment arrived", "the cargo transited Q": goods that moved, the item)
                        break
                    if _subject_of_own_clause(cur, anchor):
                        break  # "received a report that rifles were stacked ...": the clause's goods
                    cur = cur.head
                    hops += 1
            for t in triggers:  # "guns smuggled ...", "launcher JAV-0042, which it received ..."
                tok = t.token
                held = t.noun and tok.lower_ in _HOLDING_NOUNS and tok.dep_ == "pobj" and tok.head.lower_ == "in"
                if held:
                    # "rifles in the possession of the group", "photographed rifles in the hands of ..."
                    holder = tok.head.head
                    if holder.pos_ in ("VERB", "AUX"):
                        obj = [c for c in holder.children if c.dep_ in ("dobj", "nsubjpass")]
                        obj += [c for c in holder.children if c.dep_ == "nsubj"]  # "rifles were in the hands of"
                        holder = obj[0] if obj else holder
                    group = [w for w in weapons if any(w.start <= h.i < w.end for h in _conjuncts(holder))]
                    out.setdefault(tok.i, []).extend(w for w in group if w not in out.get(tok.i, []))
                # "the arms believed to have been diverted": the stating verb is the noun's clause
                stated = (
                    tok.dep_ in ("xcomp", "ccomp", "oprd")
                    and tok.head.dep_ in ("acl", "relcl")
                    and tok.head.lemma_.lower() in _STATING_VERBS
                )
                if (
                    tok.dep_ in ("acl", "relcl")
                    or stated
                    or (tok.dep_ == "amod" and (tok.lower_ in self.adjectives or tok.lower_ in DESTINED_FORMS))
                    or (tok.dep_ == "amod" and t.type == "THEFT" and handled_goods(tok.head))
                    # "among the stolen items were ...": the list after "were" is the goods
                    or (tok.dep_ == "amod" and tok.head.dep_ == "pobj" and tok.head.head.lower_ == "among")
                    or (t.frame == "give" and hyphened_giver(tok) is not None)
                ) and not t.noun:
                    head = tok.head.head if stated else tok.head
                    if head.dep_ == "pobj" and head.head.lower_ == "among" and head.head.head.i != head.head.i:
                        # "goggles were among the items stolen at ...": the subject is the item
                        be = head.head.head
                        subj = [c for c in be.children if c.dep_ in ("nsubj", "nsubjpass")]
                        # "among the weapons recovered were 40 rifles and ...": the list stands after "were"
                        subj = subj or [c for c in be.children if c.dep_ == "attr" and be.lemma_ == "be"]
                        if subj and tok.i in out:
                            # the class the list is among is no item of its own
                            out[tok.i] = [w for w in out[tok.i] if not (w.label_ == MATERIEL and w.root.i == head.i)]
                        head = subj[0] if subj else head
                        if subj and be.dep_ == "relcl" and head.tag_ in ("WDT", "WP"):
                            head = be.head  # "the rifle, which was among the weapons captured by ..."
                    traced = _traced_item_phrases(head)
                    if traced:
                        # "traced the rifle to a batch stolen from ...": the batch stands for the rifle
                        span = {i for c in traced for i in range(c.left_edge.i, c.right_edge.i + 1)}
                        group = [w for w in weapons if any(i in span for i in range(w.start, w.end))]
                        out.setdefault(tok.i, []).extend(w for w in group if w not in out.get(tok.i, []))
                        continue
                    own = _of_goods(head, weapons)
                    if own.i != head.i:
                        # "quantities of pistols lost by X, and loss of rifles supplied to Y": a
                        # noun with goods of its own in its "of" phrase, not the list's first member
                        head = own
                    else:
                        while head.dep_ == "conj" and head.head.i != head.i:  # the list's first member
                            head = head.head
                        head = _of_goods(head, weapons)
                    heads = _conjuncts(head)
                    group = [w for w in weapons if any(w.start <= h.i < w.end or _near_head(w, h) for h in heads)]
                    for w in group:
                        if w not in out.get(tok.i, []):
                            out.setdefault(tok.i, []).append(w)
        else:
            ordered = sorted(triggers, key=lambda t: t.token.i)
            for w in weapons:
                before = [t for t in ordered if t.token.i < w.start]
                after = [t for t in ordered if t.token.i >= w.end]
                target = before[-1] if before else (after[0] if after else None)
                if target is not None and _place_of_contents(w, target.token):
                    continue  # "a cache containing rifles": the place the goods were kept in
                if target is not None and not (w.label_ == VESSEL and target.type != "SEIZURE"):
                    out.setdefault(target.token.i, []).append(w)
            for a, b in itertools.pairwise(ordered):  # "stealing and selling rifles"
                between = doc[a.token.i + 1 : b.token.i]
                if (
                    a.token.i not in out
                    and b.token.i in out
                    and between
                    and all(t.lower_ in ("and", "or", ",") for t in between)
                ):
                    out[a.token.i] = list(out[b.token.i])
        if doc.has_annotation("DEP"):
            for t in triggers:
                before_subject = [] if t.token.i in out else _goods_before_subject(t, weapons)
                if before_subject:
                    out[t.token.i] = before_subject
        self._of_after_aside(out, triggers, weapons)
        self._extend_lists(out, weapons, sent)
        if doc.has_annotation("DEP"):
            # "charged with stealing and selling rifles": coordinated verbs share the object
            # (along a chain, "to steal, sell and buy rifles", until no verb gains goods)
            while _share_coordinated_objects(out, triggers, by_index, weapons):
                pass
        # a trigger noun inside another trigger's item ("seized a shipment of rifles") is no event
        # of its own: what it holds becomes the outer trigger's item
        # (every such outer trigger: "the shipment was delivered ... and later retransferred")
        owners: dict[int, list[int]] = {}
        for key, ws in out.items():
            for w in ws:
                for i in range(w.start, w.end):
                    owners.setdefault(i, []).append(key)
        for key in sorted(out, key=lambda k: -len(out[k])):
            trig = by_index[key]
            outers = [o for o in owners.get(key, []) if o != key and o in out]
            if trig.noun and outers:
                inner = out.pop(key)
                for outer in outers:
                    kept = [w for w in out[outer] if not (w.label_ == MATERIEL and w.start <= key < w.end)]
                    out[outer] = kept + [w for w in inner if w not in kept]
        for key in list(out):
            trig = by_index[key]
            kept = [w for w in out[key] if self._item_fits(trig, w)]
            # "a cache of weapons", "a shipment of rifles": what it holds is the item
            holders = {w.root.head.head.i for w in kept if w.root.head.lower_ == "of" and w.root.dep_ == "pobj"}
            # "the consignment, comprising 2,000 rifles and ...": what it comprises is the item
            holders |= {h for w in kept if (h := _container_of(w.root)) is not None}
            kept = [w for w in kept if not (w.label_ == MATERIEL and w.root.i in holders)]
            out[key] = sorted(kept, key=lambda s: s.start)
        return out

    @staticmethod
    def _of_after_aside(out: dict[int, list[Span]], triggers: Sequence[Trigger], weapons: Sequence[Span]) -> None:
        """ "the seizure, on 25 September, of an arms shipment": an act noun whose "of" phrase
        comes after an aside between commas (the parser hangs it elsewhere) governs that phrase."""
        for t in triggers:
            tok = t.token
            if not t.noun or tok.i in out:
                continue
            doc = tok.doc
            end = min(len(doc), tok.i + 12)
            if tok.i + 1 >= end or doc[tok.i + 1].text != ",":
                continue
            close = next((k for k in range(tok.i + 2, end) if doc[k].text == ","), None)
            if close is None or close + 1 >= len(doc) or doc[close + 1].lower_ != "of":
                continue
            first = next((w for w in weapons if close + 2 <= w.start <= close + 4), None)
            if first is not None and all(
                (d.is_alpha and not d.is_title) or d.like_num for d in doc[close + 2 : first.start]
            ):
                out[tok.i] = [first]

    def _item_fits(self, trig: Trigger, w: Span) -> bool:
        """Generic materiel is an item only of a specific act: "destroy large vehicles" is no loss,
        "people who acquire weapons" (a bare plural in the present tense) no transfer."""
        tok = trig.token
        if (
            trig.type == "LOSS"
            and tok.dep_ == "amod"
            and any(c.dep_ == "det" and c.lower_ in _POINTING_DETERMINERS for c in tok.head.children)
            and any(h.i == w.root.i for h in _conjuncts(tok.head))
        ):
            # "the missing equipment", "a search for the four missing rifles and ammunition": the
            # loss told before, not a new one
            return False
        if w.label_ != MATERIEL:
            return True
        if trig.type == "LOSS":
            # "the hardware went missing", "lost track of weapons", "could not account for
            # equipment": a loss of holdings; "destroyed vehicles" is no custody loss
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            return (
                tok.lower_ in self.adjectives
                or self._lemma(tok) == "account"
                or (nxt is not None and nxt.lower_ == "track")
            )
        lemma = self._lemma(tok)
        # the tagger sometimes reads "stole" as present: the form must be the lemma's
        present = tok.tag_ in ("VBP", "VBZ") and tok.lower_ in (lemma, lemma + "s", lemma + "es")
        if tok.doc.has_annotation("DEP") and present and not any(c.dep_ == "auxpass" for c in tok.children):
            bare = not any(c.dep_ in ("det", "nummod", "poss") for c in w.root.children)
            return not bare
        return True


def _share_coordinated_objects(
    out: dict[int, list[Span]], triggers: Sequence[Trigger], by_index: dict[int, Trigger], weapons: Sequence[Span]
) -> bool:
    """A verb trigger with no object of its own takes the goods of a verb it is coordinated with
    ("stealing and selling rifles"); True when one gained goods."""
    gained = False
    for t in triggers:
        if t.noun or t.token.i in out:
            continue
        if any(c.dep_ in ("dobj", "nsubjpass") for c in t.token.children):
            continue
        partners = [c.i for c in t.token.children if c.dep_ == "conj"]
        if t.token.dep_ == "conj":
            partners.append(t.token.head.i)
        if t.token.dep_ in ("xcomp", "advcl") and any(c.dep_ == "auxpass" for c in t.token.children):
            # "bought rifles to be exported to Q": a passive purpose clause is about the object
            partners.append(t.token.head.i)
        purpose = _purpose_of(t.token)
        if purpose:
            # "drove the rifles across the border to sell to a gang": an active purpose clause with
            # no object or subject of its own acts on the goods of the verb it serves
            partners.append(t.token.head.i)
        shared = next((out[p] for p in partners if p in out and p in by_index and not by_index[p].noun), None)
        head = t.token.head
        if not shared and t.token.dep_ == "conj" and head.i not in by_index and head.pos_ == "VERB":
            # "the rifles were packed into crates and were seized ...": a verb with no
            # subject of its own shares the goods its partner's passive subject names
            subj = [c for c in head.children if c.dep_ == "nsubjpass"]
            own = any(c.dep_ == "nsubj" for c in t.token.children)
            if subj and not own:
                edge = subj[0].left_edge.i, subj[0].right_edge.i
                shared = [w for w in weapons if edge[0] <= w.root.i <= edge[1]]
        if not shared and t.token.dep_ == "conj" and head.i not in by_index:
            # "sent the rifles to be repaired in X and returned to Y": the second verb of a passive
            # purpose clause about the goods acts on them as the first does
            nouns = _passive_purpose_goods(head)
            shared = [w for n in nouns for w in weapons if n.left_edge.i <= w.root.i <= n.right_edge.i]
        head_goods = purpose and not shared and head.i not in by_index and head.pos_ == "VERB"
        if head_goods:
            objs = [c for c in head.children if c.dep_ == "dobj"]
            shared = [w for o in objs for w in weapons if o.left_edge.i <= w.root.i <= o.right_edge.i]
        if shared:
            out[t.token.i] = list(shared)
            gained = True
    return gained


def _purpose_of(verb: Token) -> bool:
    """ "to sell" in "bought rifles to sell": a bare infinitive clause of purpose, with neither
    an object nor a subject of its own."""
    if verb.dep_ not in ("xcomp", "advcl") or verb.tag_ != "VB" or verb.head.i == verb.i:
        return False
    kids = list(verb.children)
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
        return False
    return not any(c.dep_ in ("dobj", "nsubj", "nsubjpass", "dative", "ccomp") for c in kids)


def _passive_purpose_goods(verb: Token) -> list[Token]:
    """ "rifles to be repaired", "sent rifles to be repaired": a passive infinitive with no subject
    of its own, on a noun (the noun) or serving a verb (that verb's objects)."""
    kids = list(verb.children)
    if not any(c.dep_ == "auxpass" for c in kids) or not any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
        return []
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in kids):
        return []
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
        return [verb.head]
    if verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ == "VERB":
        return [c for c in verb.head.children if c.dep_ == "dobj"]
    return []


#: Particles after which "with" names the goods taken: "made off with", "got away with".
_WITH_PARTICLES = {"off", "away"}


def _goods_by_with(prep: Token, triggers: dict[int, Trigger], goods: Callable[[Token], bool]) -> bool:
    """ "made off with 16 weapons": the object of "with" after a trigger's particle is the item;
    "supplied the army with 40 rifles", "arming militias with weapons": so is the object of "with"
    after a verb of giving whose direct object is a party (no goods word: the receiver)."""
    verb = prep.head
    doc = prep.doc
    if prep.lower_ != "with":
        return False
    if verb.i in triggers and verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ in _WITH_PARTICLES:
        return True
    if verb.i in triggers and verb.lemma_.lower() in ARRESTING_LEMMAS:
        return True  # "was arrested with weapons": the goods held on the one arrested
    if verb.dep_ == "dobj" and verb.i not in triggers:
        verb = verb.head  # "arming the militia with weapons": the parser hangs "with" on the receiver
    trig = triggers.get(verb.i)
    receivers = [c for c in verb.children if c.dep_ == "dobj" and c.i < prep.i]
    if trig is None or trig.frame != "give" or trig.noun or not receivers:
        return False
    return not any(goods(r) for r in receivers)


#: Marks of an adverbial clause of time ("as", "since" tell a cause too, often of the same goods).
_TIME_MARKS = {"after", "before", "when", "while", "until", "once"}


def _subject_of_own_clause(tok: Token, anchor: dict[int, int]) -> bool:
    """Whether ``tok`` is the subject of a clause of its own ("a report that rifles were stacked
    in a barn") whose verb is no act: what the clause tells of its subject is not the act of the
    words above the clause. A clause of containing ("a boat which held rifles") passes its goods
    up."""
    verb = tok.head
    # "intercepted a boat after the ship's helicopter was scrambled": an adverbial clause of time
    # tells its own subject's doing
    timed = verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _TIME_MARKS for c in verb.children)
    return (
        tok.dep_ in ("nsubj", "nsubjpass")
        and (verb.dep_ in ("acl", "relcl", "ccomp") or timed)
        and verb.pos_ in ("VERB", "AUX")
        and verb.i not in anchor
        and verb.lemma_.lower() not in _CONTAINING_VERBS
    )


def _place_of_contents(w: Span, tok: Token) -> bool:
    """Without a parse: the place of keeping just before "containing" ("a cache containing ...")."""
    return tok.lower_ in CONTAINING_FORMS and w.end == tok.i and w[-1].lower_ in KEEPING_PLACES


def _goods_before_subject(trig: Trigger, weapons: Sequence[Span]) -> list[Span]:
    """ "machine guns it seized in the attack", "the rifles the soldiers sold": a verb with a
    subject of its own and no object, whose subject comes right after goods, takes them as its
    object (a relative clause without "that", which the parser often hangs elsewhere)."""
    tok = trig.token
    if trig.noun or tok.pos_ != "VERB" or tok.dep_ in ("conj", "xcomp"):
        return []
    if any(c.dep_ in ("dobj", "nsubjpass", "auxpass", "dative") for c in tok.children):
        return []
    subj = next((c for c in tok.children if c.dep_ == "nsubj" and c.i < tok.i), None)
    # only auxiliaries and adverbs between the subject and its verb ("the rifles it had seized")
    if subj is None or not all(d.pos_ in ("AUX", "ADV", "PART") for d in tok.doc[subj.right_edge.i + 1 : tok.i]):
        return []
    last = next((w for w in weapons if w.end == subj.left_edge.i), None)
    if last is None:
        return []
    head = last.root
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    heads = _conjuncts(head)
    return [w for w in weapons if any(w.start <= h.i < w.end for h in heads)]


def hyphened_giver(tok: Token) -> Token | None:
    """ "Norland-supplied rifles", "US-donated vehicles": the name joined by a hyphen to a
    participle that modifies the goods, which names who gave them (with a parse)."""
    doc = tok.doc
    if tok.dep_ != "amod" or tok.i < 2 or doc[tok.i - 1].text != "-" or doc[tok.i - 1].whitespace_:
        return None
    name = doc[tok.i - 2]
    if name.head.i != tok.i or name.pos_ != "PROPN" or name.whitespace_:
        return None
    return name


#: Adverbs that join goods to a list with "with": "along with", "together with".
_JOINING = {"along", "together"}


def _goods_phrases_above(trig: Trigger) -> list[Token]:
    """ "are going to deliver aid, in the form of 40 trucks and radios, along with spare parts",
    "plans to send rifles together with ammunition": phrases naming the goods of a verb trigger
    under another verb ("going to", "plans to") that the parser hangs on that verb."""
    tok = trig.token
    if trig.noun or tok.dep_ != "xcomp":
        return []
    out = []
    for c in tok.head.children:
        if c.i < tok.i or c.dep_ not in ("prep", "advmod"):
            continue
        if c.lower_ in _JOINING and any(g.lower_ == "with" for g in c.children):
            out.append(c)  # "along with", "together with"
        elif c.lower_ == "in" and any(g.lower_ == "form" and g.dep_ == "pobj" for g in c.children):
            out.append(c)  # "in the form of"
    return out


def _late_of(trig: Trigger) -> Token | None:
    """ "approved the delivery in May of 12 howitzers", "our fifth drawdown since March of $30
    million in arms": the "of" phrase of an act noun set apart by a phrase of time, which the
    parser hangs on the verb or on the date; None when there is none."""
    tok = trig.token
    if not trig.noun or any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return None
    doc = tok.doc
    for k in range(tok.i + 2, min(len(doc), tok.i + 9)):
        of = doc[k]
        if of.lower_ != "of" or of.dep_ != "prep":
            continue
        between = doc[tok.i + 1 : k]
        timed = any(t.ent_type_ in ("DATE", "TIME") for t in between)
        if not timed or any(t.text in (",", ";", "(") or t.pos_ in ("VERB", "AUX") for t in between):
            return None
        head = of.head
        if (head.i == tok.head.i and tok.dep_ == "dobj") or (
            head.i in range(tok.i + 1, k) and head.ent_type_ in ("DATE", "TIME")
        ):
            return of
        return None
    return None


def _of_goods(head: Token, weapons: Sequence[Span]) -> Token:
    """ "lost track of 400 rifles and 90 pistols sent to X", "thousands of rifles shipped to X":
    a participle the parse hung on a noun that is no goods but holds goods in its "of" phrase
    tells of those goods."""
    if any(w.start <= head.i < w.end for w in weapons) or head.lower_ in CARRIER_NOUNS:
        return head  # "the container of rifles, shipped from X": the carrier was shipped
    obj = next(iter(prep_objects(head, "of")), None)
    if obj is not None and any(w.start <= obj.i < w.end for w in weapons):
        return obj
    return head
