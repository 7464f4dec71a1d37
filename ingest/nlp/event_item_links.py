"""How a custody event item mention hangs off the words around it in the dependency parse.

Coordination ("rifles, machine guns and rockets"), a noun phrase's appositions, what a
containing verb lists ("the consignment, comprising ..."), and what a batch an item was traced
to stands for ("traced the rifle to a batch stolen from ...").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

#: Verbs whose object lists what their subject holds.
_CONTAINING_VERBS = {"include", "contain", "comprise", "consist", "feature", "cover"}


def _conjuncts(tok: Token) -> list[Token]:
    """``tok`` and the nouns coordinated with it ("rifles, machine guns and rockets")."""
    out = [tok]
    k = 0
    while k < len(out) and len(out) < 50:
        out.extend(c for c in out[k].children if c.dep_ == "conj")
        k += 1
    return out


def _near_head(w: Span, head: Token) -> bool:
    """A mention in the same noun phrase as ``head`` (appositions, compounds)."""
    return (w.root.head.i == head.i and w.root.dep_ in ("appos", "compound", "conj")) or head.head.i in range(
        w.start, w.end
    )


# what a traced item is traced to: "traced the rifle to a batch stolen from the depot"
_BATCH_NOUNS = {"batch", "batches", "consignment", "consignments", "shipment", "shipments", "lot", "lots",
                "stock", "stocks", "stockpile", "stockpiles", "delivery", "deliveries", "order", "orders",
                "cache", "caches", "transfer", "transfers"}
_TRACING_VERBS = {"trace", "link", "match", "connect"}


def _traced_item_phrases(noun: Token) -> list[Token]:
    """The phrases naming what was traced when ``noun`` is what it was traced to, else []."""
    prep = noun.head
    if noun.lower_ not in _BATCH_NOUNS or noun.dep_ != "pobj" or prep.lower_ not in ("to", "back"):
        return []
    verb = prep.head
    if verb.lower_ == "back" and verb.head.i != verb.i:
        verb = verb.head
    if verb.lemma_.lower() not in _TRACING_VERBS:
        return []
    return [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "npadvmod", "appos")]


def _container_of(tok: Token) -> int | None:
    """The noun a containing clause hangs off when ``tok`` is in its object ("the consignment,
    comprising 2,000 rifles"), or the subject of a containing verb ("the weapons ... include
    2,000 rifles"), else None."""
    cur = tok
    for _ in range(4):
        if cur.dep_ in ("acl", "relcl") and cur.lemma_.lower() in _CONTAINING_VERBS:
            return cur.head.i
        if cur.i != tok.i and cur.pos_ in ("VERB", "AUX") and cur.lemma_.lower() in _CONTAINING_VERBS:
            # "the weapons distributed to X include 465,000 small arms": the subject holds the list
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return subj.i if subj is not None else None
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None
