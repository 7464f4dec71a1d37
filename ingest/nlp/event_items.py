"""Custody event items: which weapon mentions a trigger governs, grouped into clusters."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .event_base import (
    _GLUE_QUANTITY,
    _GLUE_SERIAL,
    _GLUE_SERIAL_BEFORE,
    _GLUE_SERIAL_LIST,
    _POINTING_DETERMINERS,
    GENERIC_ITEM_LABELS,
    ITEM_PREPS,
    MATERIEL,
    VESSEL,
    Cluster,
    EventRulesBase,
    Trigger,
)


class ItemRules(EventRulesBase):
    def _materiel(self, doc: Doc) -> list[Span]:
        """Item mentions that are no entity: "weapons", "an arms shipment", "armored medical
        treatment vehicles", "the dhow" (label MATERIEL or VESSEL), with up to three modifiers."""
        out: list[Span] = []
        has_dep = doc.has_annotation("DEP")
        for tok in doc:
            word = tok.lower_
            if word in self.materiel_nouns:
                label = MATERIEL
            elif word in self.vessel_nouns:
                label = VESSEL
            else:
                continue
            if self._ent_of_token[tok.i] >= 0:
                continue
            if has_dep and tok.pos_ not in ("NOUN", "PROPN"):
                continue
            nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if has_dep and tok.dep_ == "compound" and tok.head.i > tok.i:
                head = tok.head.lower_
                if head in self.materiel_nouns or head in self.vessel_nouns or tok.head.lemma_.lower() in self.nouns:
                    continue  # "arms shipment" is one item; "arms trafficking" a generic activity
            if (
                nxt is not None
                and not has_dep
                and (nxt.lower_ in self.materiel_nouns or nxt.lower_ in self.vessel_nouns)
            ):
                continue
            start = tok.i
            words = 0
            k = tok.i - 1
            while k >= 0 and words < 3:
                t = doc[k]
                if self._ent_of_token[k] >= 0 or t.lower_ in self.vague_modifiers or t.like_num:
                    break
                if has_dep:
                    inside = start <= t.head.i <= tok.i
                    if t.text in ("-", "–") and inside:
                        k -= 1
                        continue
                    if not (
                        inside and t.dep_ in ("compound", "amod", "nmod") and t.pos_ in ("NOUN", "PROPN", "ADJ", "VERB")
                    ):
                        break
                elif not (
                    t.lower_ in self.materiel_nouns or (t.is_alpha and t.is_lower and t.lower_ in ("military", "arms"))
                ):
                    break
                start = k
                if t.is_alpha:
                    words += 1
                k -= 1
            while doc[start].text in ("-", "–") and start < tok.i:
                start += 1
            out.append(Span(doc, start, tok.i + 1, label=label))
        return out

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
                generic = w.label_ in (MATERIEL, VESSEL)
                while hops < 12:
                    if cur.i in anchor and not (cur.i >= w.start and cur.i < w.end):
                        if not (w.label_ == VESSEL and by_index[anchor[cur.i]].type != "SEIZURE"):
                            out.setdefault(anchor[cur.i], []).append(w)
                        break
                    if cur.head.i == cur.i:
                        break
                    if generic and cur.dep_ == "prep" and cur.lower_ not in ITEM_PREPS:
                        break  # "from inside a vessel", "to the depot": a role, not the item
                    cur = cur.head
                    hops += 1
            for t in triggers:  # "guns smuggled ...", "launcher JAV-0042, which it received ..."
                tok = t.token
                if tok.dep_ in ("acl", "relcl") and not t.noun:
                    heads = _conjuncts(tok.head)
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
                if target is not None and not (w.label_ == VESSEL and target.type != "SEIZURE"):
                    out.setdefault(target.token.i, []).append(w)
        # a trigger noun that is itself part of another trigger's item ("the seizure of an arms
        # shipment") is no event of its own
        inside = {i for ws in out.values() for w in ws for i in range(w.start, w.end)}
        for key in list(out):
            trig = by_index[key]
            if trig.noun and key in inside:
                del out[key]
                continue
            out[key] = sorted((w for w in out[key] if self._item_fits(trig, w)), key=lambda s: s.start)
        return out

    def _item_fits(self, trig: Trigger, w: Span) -> bool:
        """Generic materiel is an item only of a specific act: "destroy large vehicles" is no loss,
        "people who acquire weapons" (a bare plural in the present tense) no transfer."""
        if w.label_ != MATERIEL:
            return True
        if trig.type == "LOSS":
            return False
        tok = trig.token
        if (
            tok.doc.has_annotation("DEP")
            and tok.tag_ in ("VBP", "VBZ")
            and not any(c.dep_ == "auxpass" for c in tok.children)
        ):
            bare = not any(c.dep_ in ("det", "nummod", "poss") for c in w.root.children)
            return not bare
        return True

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
                elif last.label_ == "WEAPON_SYSTEM" and m.label_ in GENERIC_ITEM_LABELS:
                    joined = not gap or words <= {"-", "–"}
                elif last.label_ in GENERIC_ITEM_LABELS and m.label_ in (*GENERIC_ITEM_LABELS, "WEAPON_SYSTEM"):
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
        if any(m.label_ not in GENERIC_ITEM_LABELS for m in cluster.mentions) or cluster.quantity is not None:
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
