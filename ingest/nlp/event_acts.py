"""What act a custody event is, beside the other events of its document.

Whether an act is a particular one or a generic statement ("were seized" vs "small arms are
sold"), whether it points back to an act told before ("the seizure", "this package") and takes
its parties, whether it is the act of the sentence before told again or a later act ("... were
later sold"), whether two coordinated verbs tell one act ("intercepted and seized"), and whether
a verb of moving states where to ("smuggled into Kestria").
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from .event_base import Cluster, Trigger, negated_or_modal

_PAST_AUX = {"was", "were", "has", "have", "had", "been"}
_GROUP = {"TRANSFER": "MOVE", "DELIVERY": "MOVE", "HANDOVER": "MOVE", "SEIZURE": "TAKE", "THEFT": "TAKE"}
_BACK_DETERMINERS = ("the", "this", "that", "these", "those")


def _same_act_told_again(
    trig: Trigger,
    back: tuple[int, list[Cluster]],
    per_sentence: dict[int, list[dict[str, Any]]],
    claimed: set[tuple[int, int]],
) -> bool:
    """ "They bought 40 rifles, ... buying the weapons for themselves": items an act of the same
    kind already holds are told again, not moved again ("... then smuggled the weapons" is new)."""
    if not all((m.start, m.end) in claimed for c in back[1] for m in c.mentions):
        return False
    kind = (_GROUP.get(trig.type, trig.type), trig.frame)
    return any((_GROUP.get(e["type"], e["type"]), e["_frame"]) == kind for e in per_sentence.get(back[0], []))


_DIRECTIONS = {"into", "to", "through", "across", "via"}
_TAKING = {"SEIZURE", "THEFT", "LOSS", "DIVERSION"}
_MOVING = {"TRANSFER", "DELIVERY", "HANDOVER"}
#: Act nouns that also name the goods moved ("a shipment of weapons"): an act only with a party,
#: a place or a date
_GOODS_NOUNS = {"shipment", "shipments", "consignment", "consignments"}


def _one_act(doc: Doc, ev: dict[str, Any], raw: list[dict[str, Any]]) -> tuple[int, str]:
    """The trigger and type that stand for ``ev``'s act: those of the first of coordinated verbs of
    taking that tell one act of the same item ("intercepted and seized"), else its own ("lost or
    stolen" tells a loss and a theft: either may be what befell the goods)."""
    tok = doc[ev["_trigger"]]
    if not doc.has_annotation("DEP") or tok.dep_ != "conj" or tok.head.pos_ != "VERB":
        return tok.i, ev["type"]
    head = tok.head
    alternative = any(c.dep_ == "cc" and c.lower_ == "or" for c in head.children) or any(
        c.dep_ == "cc" and c.lower_ == "or" for c in tok.children
    )
    for other in raw:
        if other["_trigger"] != head.i or other["start"] != ev["start"]:
            continue
        if other["item"].lower() != ev["item"].lower():
            continue
        # moving verbs in a row are successive acts ("donated by allies and handed over to ..."),
        # unless the first has no phrase of its own: "were transferred and handed over to X from Y"
        # tells one act by two verbs
        same = other["type"] == ev["type"] and other["_frame"] == ev["_frame"] and ev["type"] in _TAKING
        bare = not any(c.dep_ in ("prep", "agent", "dative", "dobj") for c in head.children)
        one_move = bare and {other["type"], ev["type"]} <= _MOVING
        # "lost or stolen": two kinds of taking told as alternatives are an event of each kind
        if (same or one_move) and not (alternative and other["type"] != ev["type"]):
            return head.i, other["type"]
    return tok.i, ev["type"]


_LATER = {"later", "then", "subsequently", "afterwards", "since", "eventually"}


def _later(trig: Trigger) -> bool:
    """ "... were later sold": an act told as coming after the one before, not the same act."""
    tok = trig.token
    if not tok.doc.has_annotation("DEP"):
        return False
    return any(c.dep_ == "advmod" and c.lower_ in _LATER for c in tok.children)


def _directed(tok: Token) -> bool:
    """A verb of moving with a phrase of where to or through: "smuggle rifles into Kestria",
    "... through the Eastgate crossing" (without a parse: such a word in the eight after it)."""
    doc = tok.doc
    if doc.has_annotation("DEP"):
        return any(c.dep_ == "prep" and c.lower_ in _DIRECTIONS for c in tok.children)
    end = tok.sent.end if doc.has_annotation("SENT_START") else len(doc)
    return any(t.lower_ in _DIRECTIONS - {"to"} for t in doc[tok.i + 1 : min(end, tok.i + 9)])


def _refers_back(trig: Trigger) -> bool:
    """ "this package", "the seizure", "the stolen equipment": an act told of before."""
    tok = trig.token
    if not tok.doc.has_annotation("DEP"):
        return False
    noun = tok if trig.noun else tok.head if tok.dep_ in ("amod", "acl") else None
    if noun is None:
        return False
    return any(c.dep_ == "det" and c.lower_ in _BACK_DETERMINERS for c in noun.children)


#: The kinds of act an act that points back may be told of: "the missing supplies" after a
#: theft are the goods stolen, as after a loss the goods lost
_KIND_BACK = {t: {u for u, h in _GROUP.items() if h == g} for t, g in _GROUP.items()} | {"LOSS": {"THEFT", "LOSS"}}


def _roles_from_earlier_act(events: list[dict[str, Any]]) -> None:
    """An act that points back takes the parties, place and date it lacks from the latest act of
    the same kind in the five sentences before ("The ministry approved a drawdown from army
    stocks. The package includes ...")."""
    for k, ev in enumerate(events):
        kind = _KIND_BACK.get(ev["type"])
        if not ev.get("_refers_back") or kind is None:
            continue
        earlier = next(
            (
                e
                for e in reversed(events[:k])
                if ev["_si"] - 5 <= e["_si"] < ev["_si"] and e["type"] in kind
                # "The package provides ammunition." names no party: the act told before it does
                and any(e[role] is not None for role in ("from", "to", "place", "date"))
            ),
            None,
        )
        if earlier is None:
            continue
        for role in ("from", "to", "place", "date"):
            if ev[role] is None and earlier[role] is not None and earlier[role] not in (ev["from"], ev["to"]):
                ev[role] = earlier[role]
                ev["confidence"] -= 0.05


def _particular(trig: Trigger) -> bool:
    """A past act ("interdicted"), a determined act noun ("the theft of") or a charged one."""
    tok = trig.token
    if not tok.doc.has_annotation("DEP"):
        return False
    if trig.modality != "reported":  # a charge, an attempt or a plan is about one act
        return True
    if trig.type == "DIVERSION" and not trig.noun and _directed(tok):
        return True  # "to smuggle firearms from A into B": one movement along a stated route
    unaccounted = tok.lower_ in ("unaccounted", "unaccountable") or (trig.frame == "lose" and tok.lemma_ == "account")
    if trig.type == "LOSS" and unaccounted:
        return True  # "rifles could not be accounted for": what a check of holdings found gone
    if trig.noun:
        return any(c.dep_ in ("det", "poss") for c in tok.children)
    if trig.frame == "lose" and tok.tag_ in ("JJ", "VBG") and tok.dep_ in ("acomp", "ROOT"):
        # "the rifles have gone missing", "the weapons are missing": a state the goods are in now
        verb = tok.head if tok.dep_ == "acomp" else tok
        if verb.lemma_ == "be" or any(c.dep_ == "aux" and c.lemma_ in ("be", "have") for c in verb.children):
            return True
        tok = verb
    if tok.dep_ in ("amod", "acl") and any(
        c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in tok.head.children
    ):
        return True  # "the stolen equipment", "the weapons seized"
    if tok.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUX for c in tok.children):
        return True  # "were seized", "have been stolen"
    if trig.type == "THEFT" and tok.dep_ == "amod" and handled_goods(tok.head):
        return True  # "guards discovered stolen grenades": goods a particular act came upon
    return tok.tag_ == "VBD"


def handled_goods(noun: Token) -> bool:
    """Goods a clause of its own does something to ("discovered stolen grenades", "as detectives
    sift through stolen munitions"): told as taken, not stolen goods in general ("gangs sell stolen
    rifles", "the trade in stolen weapons", "lost or stolen weapons")."""
    if any(c.dep_ in ("conj", "cc") for t in noun.children if t.dep_ == "amod" for c in t.children):
        return False  # "lost or stolen weapons": a count of goods gone, whether stolen or not
    if any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in noun.children):
        return False  # "recovered the stolen rifles": the theft told before
    verb = noun.head
    if noun.dep_ == "pobj" and verb.dep_ == "prep":
        verb = verb.head
    if noun.dep_ not in ("dobj", "pobj") or verb.pos_ != "VERB":
        return False
    if verb.tag_ in ("VBP", "VBZ") and verb.dep_ != "advcl":
        # "gangs sell stolen rifles online", "dealers who buy stolen rifles": what is done in
        # general ("as detectives sift through stolen munitions" tells what goes on now)
        return False
    # "did not find stolen ammunition", "may find stolen ammunition": no act told
    return not negated_or_modal(verb)


def _owned_by_pronoun(tok: Token) -> bool:
    """ "prompting their confiscation", "its sale": an act noun whose owner is a pronoun standing
    for the goods told of before."""
    if not tok.doc.has_annotation("DEP"):
        return False
    return any(c.dep_ == "poss" and c.lower_ in ("their", "its") for c in tok.children)


def _route_told_by_its_verb(ev: dict[str, Any], raw: list[dict[str, Any]]) -> bool:
    """ "seized 900 rifles smuggled from A to B": the transfer the seizure interrupted is the one
    the smuggling verb tells already, not a second one."""
    if not ev.get("_route"):
        return False
    return any(
        other is not ev
        and not other.get("_route")
        and other["start"] == ev["start"]
        and other["type"] in ("TRANSFER", "DELIVERY", "HANDOVER")
        and other["item"].lower() == ev["item"].lower()
        and (other["from"], other["to"]) == (ev["from"], ev["to"])
        for other in raw
    )


def _moved_along_a_route(ev: dict[str, Any], raw: list[dict[str, Any]]) -> bool:
    """ "seized 900 rifles smuggled along a route from A to B": the smuggling verb, naming no
    party of its own, tells the transfer the route gives, not a second act."""
    if ev.get("_route") or ev["from"] or ev["to"] or ev["type"] not in ("TRANSFER", "DIVERSION"):
        return False
    return any(
        other.get("_route") and other["start"] == ev["start"] and other["item"].lower() == ev["item"].lower()
        for other in raw
    )


def _parties(ev: dict[str, Any]) -> int:
    """How many of the giver and the receiver an event names."""
    return (ev["from"] is not None) + (ev["to"] is not None)
