"""Custody event items the parse did not hang under any trigger: a nearby trigger's, at lower confidence.

In long sentences, lists the parser split and asides, a weapon mention's head chain often ends at
a verb that is no trigger ("900 rifles, most of them ..., were seized" read with "rifles" under
another clause). When the rules gave such a mention to no trigger, the nearest trigger of its
sentence takes it, only if

* no custody word stands on the mention's head chain (then the rules saw the pairing and left it
  out on purpose: a negated or framed trigger, a role phrase, an item that does not fit);
* the two stand within ``FALLBACK_WINDOW`` tokens (an aside between commas not counted), with no
  other custody word (a trigger, or one left out as negated or framed), no clause mark (``;``,
  ``:``, brackets) and no word opening another clause ("while", "which") between them;
* the mention is not denied ("no rifles") nor an act noun itself ("a shipment"), no custody
  word modifies it ("the seized rifles", which the rules leave), and it is not what another
  thing is of or for ("photographs of the rifles");
* the mention is no carrier or vessel, and does not point back (the context rules read "these
  rifles");
* the mention is not the place of keeping whose contents the trigger tells ("an arms cache
  containing rifles").

The event takes the trigger's type, modality and roles, with ``FALLBACK_PENALTY`` less confidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from .event_base import VESSEL, WEAPON_LABELS, Cluster, EventRulesBase, Trigger
from .event_triggers import CONTAINING_FORMS, KEEPING_PLACES

#: How far (in tokens, between the trigger and the nearer edge of the mention) a pairing may reach.
FALLBACK_WINDOW = 8
#: Confidence taken off an event paired by nearness alone.
FALLBACK_PENALTY = 0.2
#: Tokens that close a clause: a pairing does not reach across them.
_CLAUSE_MARKS = {";", ":", "(", ")", "[", "]", "—"}


class FallbackRules(EventRulesBase):
    def _unparsed_pairs(
        self,
        sent: Span,
        triggers: Sequence[Trigger],
        clusters: Sequence[Cluster],
        taken: set[tuple[int, int]],
    ) -> list[tuple[Trigger, Cluster]]:
        """(trigger, cluster) pairs for the clusters of ``sent`` none of whose mentions is in
        ``taken`` and whose head chains reach no custody word."""
        doc = sent.doc
        if not triggers or not doc.has_annotation("DEP"):
            return []
        out = []
        for cluster in clusters:
            ms = cluster.mentions
            if any((m.start, m.end) in taken for m in ms) or any(m.label_ == VESSEL for m in ms):
                continue
            if any(self._governing(m.root, sent) is not None or self._modified_or_about(m) for m in ms):
                continue
            first, last = ms[0].start, ms[-1].end
            outside = [t for t in triggers if not first <= t.token.i < last]
            if not outside:
                continue
            trig = min(outside, key=lambda t: first - t.token.i if t.token.i < first else t.token.i - last + 1)
            lo, hi = (trig.token.i + 1, first) if trig.token.i < first else (last, trig.token.i)
            between = doc[lo:hi]
            if _gap(between) > FALLBACK_WINDOW:
                continue
            if any(t.text in _CLAUSE_MARKS or _opens_clause(t) or self._is_trigger_token(t) for t in between):
                continue
            if trig.token.lower_ in CONTAINING_FORMS and ms[-1].root.lower_ in KEEPING_PLACES:
                continue  # "an arms cache ... containing rifles": the place the goods were kept in
            out.append((trig, cluster))
        return out

    def _modified_or_about(self, m: Span) -> bool:
        """The mention is denied ("no ammunition"), is itself an act noun ("a shipment", which the
        rules read with its own roles), a custody word modifies it or its list ("the seized
        weapons": told as known, which the rules leave), or it is what another thing is of or for
        ("photographs of the rifles", "specifications for the launchers")."""
        root = m.root
        if self._is_trigger_token(root) or any(c.dep_ == "det" and c.lower_ == "no" for c in root.children):
            return True
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if any(c.dep_ == "amod" and self._is_trigger_token(c) for r in (m.root, root) for c in r.children):
            return True
        owner = root.head.head
        return (
            root.dep_ == "pobj"
            and owner.pos_ in ("NOUN", "PROPN")
            and owner.lower_ not in self.materiel_nouns
            and self._entity_at(owner, WEAPON_LABELS) is None
        )


def _opens_clause(tok: Token) -> bool:
    """ "while", "although", "where", "which": a word that opens another clause."""
    return tok.dep_ == "mark" or tok.tag_ in ("WDT", "WP", "WRB")


def _gap(between: Span) -> int:
    """Tokens between trigger and mention, an aside set off by commas (", after a long search ,")
    not counted."""
    commas = [t.i for t in between if t.text == ","]
    aside = commas[-1] - commas[0] + 1 if len(commas) >= 2 else 0
    return len(between) - aside
