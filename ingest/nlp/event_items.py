"""Custody event items: which weapon mentions a trigger governs, grouped into clusters."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from .event_base import (
    _GLUE_QUANTITY,
    _GLUE_SERIAL,
    _GLUE_SERIAL_BEFORE,
    _GLUE_SERIAL_LIST,
    _POINTING_DETERMINERS,
    Cluster,
    EventRulesBase,
    Trigger,
)


class ItemRules(EventRulesBase):
    def _assign(self, sent: Span, triggers: Sequence[Trigger], weapons: Sequence[Span]) -> dict[int, list[Span]]:
        """Which weapon mentions belong to which trigger."""
        doc = sent.doc
        by_index = {t.token.i: t for t in triggers}
        # token -> trigger token; "a drawdown package including ...": the items hang off "package"
        anchor: dict[int, int] = {i: i for i in by_index}
        for t in triggers:
            if t.noun and t.token.dep_ == "compound" and t.token.head.i not in anchor:
                anchor[t.token.head.i] = t.token.i
        out: dict[int, list[Span]] = {}
        if doc.has_annotation("DEP"):
            for w in weapons:
                cur: Token = w.root
                hops = 0
                while hops < 12:
                    if cur.i in anchor and not (cur.i >= w.start and cur.i < w.end):
                        out.setdefault(anchor[cur.i], []).append(w)
                        break
                    if cur.head.i == cur.i:
                        break
                    cur = cur.head
                    hops += 1
            for t in triggers:  # "guns smuggled ...", "launcher JAV-0042, which it received ..."
                tok = t.token
                if tok.dep_ in ("acl", "relcl") and not t.noun:
                    head = tok.head
                    group = [w for w in weapons if w.start <= head.i < w.end or _near_head(w, head)]
                    for w in group:
                        if w not in out.get(tok.i, []):
                            out.setdefault(tok.i, []).append(w)
        else:
            ordered = sorted(triggers, key=lambda t: t.token.i)
            for w in weapons:
                before = [t for t in ordered if t.token.i < w.start]
                after = [t for t in ordered if t.token.i >= w.end]
                target = before[-1] if before else (after[0] if after else None)
                if target is not None:
                    out.setdefault(target.token.i, []).append(w)
        for key in out:
            out[key].sort(key=lambda s: s.start)
        return out

    def _clusters(self, mentions: Sequence[Span], sent: Span) -> list[Cluster]:
        doc = sent.doc
        clusters: list[Cluster] = []
        for m in mentions:
            if clusters:
                last = clusters[-1].mentions[-1]
                gap = [t for t in doc[last.end : m.start] if not t.is_space]
                words = {t.lower_ for t in gap}
                joined = False
                if m.label_ == "SERIAL_NUMBER":
                    if last.label_ == "SERIAL_NUMBER":
                        joined = words <= _GLUE_SERIAL_LIST | _GLUE_SERIAL
                    else:
                        joined = words <= _GLUE_SERIAL
                elif last.label_ == "SERIAL_NUMBER" and m.label_ in ("WEAPON_SYSTEM", "WEAPON_CATEGORY"):
                    joined = words <= _GLUE_SERIAL_BEFORE and len(clusters[-1].mentions) == 1
                elif last.label_ == "WEAPON_SYSTEM" and m.label_ == "WEAPON_CATEGORY":
                    joined = not gap or words <= {"-", "–"}
                elif last.label_ == "WEAPON_CATEGORY" and m.label_ in ("WEAPON_CATEGORY", "WEAPON_SYSTEM"):
                    joined = not gap
                if joined:
                    clusters[-1].mentions.append(m)
                    continue
            clusters.append(Cluster([m], sent))
        quantities = [e for e in self._ents_in(sent.start, sent.end) if e.label_ == "QUANTITY"]
        for c in clusters:
            first = c.mentions[0]
            k = first.start - 1
            while k >= sent.start and (doc[k].lower_ in _GLUE_QUANTITY or doc[k].pos_ == "ADJ" or doc[k].is_space):
                k -= 1
            for q in quantities:
                if q.end - 1 == k:
                    c.quantity = q
        return clusters

    def _points_back(self, cluster: Cluster) -> bool:
        """ "the rifle", "these launchers": a bare category with a definite determiner."""
        if any(m.label_ != "WEAPON_CATEGORY" for m in cluster.mentions) or cluster.quantity is not None:
            return False
        first = cluster.mentions[0]
        doc = first.doc
        if doc.has_annotation("DEP"):
            root = first.root
            return any(c.dep_ in ("det", "predet") and c.lower_ in _POINTING_DETERMINERS for c in root.children)
        k = first.start - 1
        while k >= 0 and doc[k].pos_ == "ADJ":
            k -= 1
        return k >= 0 and doc[k].lower_ in _POINTING_DETERMINERS

    def _plural_pronoun_object(self, trig: Trigger) -> bool:
        tok = trig.token
        if trig.noun or not tok.doc.has_annotation("DEP"):
            return False
        return any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("them", "they") for c in tok.children)

    def _object_points_back(self, trig: Trigger) -> bool:
        """ "seized these armaments", "they were seized": the object is a pronoun or a generic noun."""
        tok = trig.token
        doc = tok.doc
        if not doc.has_annotation("DEP") or trig.noun:
            return False
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("it", "them", "they", "these", "those"):
                return c.dep_ == "nsubjpass" or c.lower_ != "it"
            if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in (
                "weapons",
                "arms",
                "armaments",
                "items",
                "cargo",
                "materiel",
                "equipment",
                "consignment",
                "shipment",
            ):
                return any(d.lower_ in _POINTING_DETERMINERS for d in c.children if d.dep_ == "det")
        return False

    def _antecedent_clusters(
        self,
        si: int,
        sents: Sequence[Span],
        paragraph: Sequence[int],
        weapons: Sequence[Span],
        claimed: set[tuple[int, int]],
    ) -> tuple[int, list[Cluster]] | None:
        for back in range(1, self.context_sentences + 1):
            pj = si - back
            if pj < 0 or paragraph[pj] != paragraph[si]:
                return None
            prev = sents[pj]
            mentions = [w for w in weapons if prev.start <= w.start < prev.end]
            free = [w for w in mentions if (w.start, w.end) not in claimed]
            if mentions:
                if not free or len(free) < len(mentions):
                    return None
                clusters = [c for c in self._clusters(free, prev) if not self._points_back(c)]
                return (pj, clusters) if clusters else None
        return None


def _near_head(w: Span, head: Token) -> bool:
    """A mention in the same noun phrase as ``head`` (appositions, compounds)."""
    return (w.root.head.i == head.i and w.root.dep_ in ("appos", "compound", "conj")) or head.head.i in range(
        w.start, w.end
    )
