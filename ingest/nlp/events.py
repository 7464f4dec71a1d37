"""``custody_events``: custody events from the parse and the entities.

For every sentence:

1. **Triggers**: verbs and nouns of custody (``patterns/events.json``): "seized" is a SEIZURE,
   "presented" an INVENTORY, "handed ... to" a HANDOVER. A negated trigger ("could not
   present", "was not seen") or one inside a frame such as "to stop ... being diverted" gives no
   event.
2. **Items**: weapon mentions (serial, system, category) whose head chain reaches the trigger in
   the dependency parse (or, for a participle or relative clause, "guns smuggled ...", "launcher
   JAV-0042, which it received ...", the noun it modifies). Mentions that stand together
   ("two FGM-148 Javelin command launch units, serial numbers JAV-0040 and JAV-0041") form one
   cluster; a cluster gives one event per serial, else per system, else its category. A quantity
   just before a cluster is the cluster's.
3. **Roles** by the trigger's frame: for "give" verbs the subject gives and the "to" phrase
   receives; for "get" verbs (buy, receive) the subject receives and the "from" phrase gives; for
   seizures the subject (or "by" agent) seizes. An actor is a named entity in the phrase, a
   pronoun or "the battalion"/"the same group" resolved to the last matching actor, or a plain
   phrase whose head is an actor noun ("border police"). Place and date come from the sentence.
4. **Context**, as the corpus conventions allow: an item that points back ("the rifle",
   "these weapons") takes the unclaimed weapons of the sentences just before, and the roles
   that sentence gives; place and date are carried from a scene-setting sentence just before
   ("visited Forward Base Kilo on 15 September 2023"); a serial given in the very next sentence
   ("A stencilled serial, STG-1003, is legible") makes the item specific; the group the
   seized men belonged to, told in the next sentence, is whom it was seized from.

Without a dependency parse (a blank pipeline in unit tests) the same rules run on word order.
Each event carries a confidence in [0, 1] lowered by every inference it needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .catalogue import singular_alias
from .dates import find_document_date, normalize_date
from .extensions import DOC_DATE, EVENTS

__all__ = ["CustodyEventExtractor", "make_event_extractor"]

WEAPON_LABELS = ("SERIAL_NUMBER", "WEAPON_SYSTEM", "WEAPON_CATEGORY")
ACTOR_LABELS = ("ARMED_GROUP", "MILITARY_UNIT", "ORGANIZATION", "PERSON", "COUNTRY")
PLACE_LABELS = ("BORDER_CROSSING", "DEPOT", "PLACE")
PLACE_RANK = {"BORDER_CROSSING": 0, "DEPOT": 1, "PLACE": 2, "COUNTRY": 3}
MOVE_TYPES = ("TRANSFER", "DELIVERY", "HANDOVER")
_PRONOUNS = {
    "it",
    "they",
    "them",
    "he",
    "she",
    "him",
    "her",
    "we",
    "us",
    "which",
    "that",
    "who",
    "whom",
    "its",
    "their",
}
_POINTING_DETERMINERS = {"the", "these", "those", "this", "that", "such", "said"}
_GLUE_SERIAL = {
    ",",
    "serial",
    "number",
    "numbers",
    "no",
    "no.",
    "nos",
    "nos.",
    ".",
    "s/n",
    "sn",
    "lot",
    "lots",
    "from",
    "of",
    "with",
    "bearing",
    "(",
    ")",
    ":",
    "#",
    "batch",
    "and",
    "&",
    "-",
    "numbered",
}
_GLUE_SERIAL_LIST = {",", "and", "&", "or"}
_GLUE_SERIAL_BEFORE = {"on", "a", "an", "the", "of", "from", "stamped", "engraved", "marked"}
_GLUE_QUANTITY = {"of", "-", "–"}
_PLACE_PREPS = {"at", "in", "near", "on", "through", "via", "outside", "inside", "into", "across"}
_GOVERNMENT_NOUNS = {"administration", "government", "regime", "cabinet", "authorities"}
_NOT_ROLE_HEADS = {"according", "due", "prior", "owing", "thanks", "addition", "regard", "respect"}


@dataclass
class Trigger:
    token: Token
    type: str
    frame: str
    noun: bool
    confidence: float = 0.85


@dataclass
class Cluster:
    mentions: list[Span]
    sentence: Span
    quantity: Span | None = None

    @property
    def start(self) -> int:
        return self.mentions[0].start

    def items(self) -> list[Span]:
        serials = [m for m in self.mentions if m.label_ == "SERIAL_NUMBER"]
        if serials:
            return serials
        systems = [m for m in self.mentions if m.label_ == "WEAPON_SYSTEM"]
        if systems:
            seen: set[str] = set()
            unique = []
            for s in systems:
                key = s.kb_id_ or s.text
                if key not in seen:
                    seen.add(key)
                    unique.append(s)
            return unique
        return [self.mentions[-1]]

    def system(self) -> str | None:
        for m in self.mentions:
            if m.label_ == "WEAPON_SYSTEM":
                return m.kb_id_ or singular_alias(m.text)
        return None


@dataclass
class Roles:
    from_: str | None = None
    to: str | None = None
    place: str | None = None
    date: str | None = None
    from_label: str | None = None
    to_label: str | None = None
    penalty: float = 0.0
    notes: list[str] = field(default_factory=list)


class CustodyEventExtractor:
    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        triggers: dict[str, Any],
        actor_patterns: dict[str, Any],
        min_confidence: float = 0.2,
        context_sentences: int = 2,
    ) -> None:
        self.name = name
        self.min_confidence = min_confidence
        self.context_sentences = context_sentences
        self.verbs: dict[str, tuple[str, str]] = {k: (v[0], v[1]) for k, v in triggers.get("verbs", {}).items()}
        self.particles: dict[tuple[str, str], tuple[str, str]] = {}
        for k, v in triggers.get("particles", {}).items():
            verb, particle = k.split(" ", 1)
            self.particles[(verb, particle)] = (v[0], v[1])
        self.nouns: dict[str, str] = dict(triggers.get("nouns", {}))
        self.needs_actor = set(triggers.get("needs_actor", ["OBSERVATION"]))
        self.blockers = set(triggers.get("blockers", []))
        self.negations = set(triggers.get("negations", []))
        self.uncertain = set(triggers.get("modals_uncertain", []))
        self.actor_nouns = {a.lower() for a in actor_patterns.get("actor_nouns", [])}
        self.definite_heads = {a.lower() for a in actor_patterns.get("definite_heads", [])}
        self.forms = _verb_forms(list(self.verbs) + [p[0] for p in self.particles])

    # ------------------------------------------------------------------ the component
    def __call__(self, doc: Doc) -> Doc:
        doc_date = doc._.get(DOC_DATE) or find_document_date(doc.text)
        sents = _sentences(doc)
        paragraph = _paragraph_ids(doc, sents)
        self._index(doc)
        weapons = [e for e in self._ents if e.label_ in WEAPON_LABELS]
        serial_system = self._serial_systems(doc, sents)
        claimed: set[tuple[int, int]] = set()
        raw: list[dict[str, Any]] = []
        per_sentence: dict[int, list[dict[str, Any]]] = {}
        for si, sent in enumerate(sents):
            if _is_heading(sent):
                continue
            triggers = self._triggers(sent)
            if not triggers:
                continue
            sent_weapons = [w for w in weapons if sent.start <= w.start < sent.end]
            assignment = self._assign(sent, triggers, sent_weapons)
            sentence_clusters = self._clusters(sent_weapons, sent)
            previous_clusters: list[Cluster] = []
            for trig in sorted(triggers, key=lambda t: t.token.i):
                attached = {(m.start, m.end) for m in assignment.get(trig.token.i, [])}
                clusters = [c for c in sentence_clusters if any((m.start, m.end) in attached for m in c.mentions)]
                pointed_from: int | None = None
                same_sentence = False
                points_back = bool(clusters) and all(self._points_back(c) for c in clusters)
                if not clusters and previous_clusters and self._plural_pronoun_object(trig):
                    # "stole 300 rifles ... and sold them to traffickers"
                    clusters, same_sentence = previous_clusters, True
                elif not trig.noun and (points_back or (not clusters and self._object_points_back(trig))):
                    back = self._antecedent_clusters(si, sents, paragraph, weapons, claimed)
                    if back is not None:
                        clusters, pointed_from = back[1], back[0]
                if not clusters:
                    continue
                if not same_sentence:
                    previous_clusters = clusters
                roles = self._roles(trig, sent, doc)
                if pointed_from is not None:
                    self._roles_from_antecedent(roles, trig, sents[pointed_from], doc)
                for cluster in clusters:
                    for m in cluster.mentions:
                        claimed.add((m.start, m.end))
                    for item in cluster.items():
                        ev = self._event(trig, cluster, item, roles, sent, doc, serial_system)
                        if pointed_from is not None or same_sentence:
                            ev["confidence"] -= 0.1
                        ev["_needs_party"] = same_sentence
                        ev["_si"] = si
                        raw.append(ev)
                        per_sentence.setdefault(si, []).append(ev)
        self._context(raw, per_sentence, sents, paragraph, weapons, claimed, doc)
        events = []
        seen: set[tuple[str, str, int]] = set()
        for ev in raw:
            if not self._keep(ev):
                continue
            key = (ev["type"], ev["item"].lower(), ev["start"])
            if key in seen:
                continue
            seen.add(key)
            ev["date_value"] = normalize_date(ev["date"], doc_date) if ev["date"] else None
            ev["confidence"] = round(min(0.99, max(0.05, ev["confidence"])), 2)
            events.append({k: v for k, v in ev.items() if not k.startswith("_")})
        doc._.set(EVENTS, events)
        return doc

    # ------------------------------------------------------------------ triggers
    def _lemma(self, tok: Token) -> str:
        lemma = tok.lemma_.lower() if tok.lemma_ else ""
        if lemma in self.verbs or lemma in self.nouns:
            return lemma
        return self.forms.get(tok.lower_, lemma or tok.lower_)

    def _triggers(self, sent: Span) -> list[Trigger]:
        doc = sent.doc
        has_pos = doc.has_annotation("POS")
        out: list[Trigger] = []
        for tok in sent:
            lemma = self._lemma(tok)
            verbal = tok.pos_ in ("VERB",) if has_pos else tok.lower_ in self.forms
            nominal = tok.pos_ in ("NOUN", "PROPN") if has_pos else tok.lower_ not in self.forms
            found: tuple[str, str] | None = None
            noun = False
            nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
            if verbal and nxt is not None and (lemma, nxt.lower_) in self.particles:
                found = self.particles[(lemma, nxt.lower_)]
            elif verbal and lemma in self.verbs:
                found = self.verbs[lemma]
            elif nominal and (tok.lemma_.lower() or tok.lower_) in self.nouns:
                found = (self.nouns[tok.lemma_.lower() or tok.lower_], "noun")
                noun = True
            elif nominal and tok.lower_ in self.nouns:
                found = (self.nouns[tok.lower_], "noun")
                noun = True
            if found is None or self._negated(tok) or self._blocked(tok):
                continue
            trig = Trigger(tok, found[0], found[1], noun, 0.75 if noun else 0.85)
            if self._uncertain(tok):
                trig.confidence -= 0.15
            out.append(trig)
        return out

    def _negated(self, tok: Token) -> bool:
        doc = tok.doc
        if doc.has_annotation("DEP"):
            if any(
                c.dep_ == "neg" or c.lower_ in self.negations
                for c in tok.children
                if c.dep_ in ("neg", "aux", "advmod")
            ):
                return True
            for c in tok.children:  # "no weapons were delivered"
                if c.dep_ in ("nsubjpass", "dobj", "nsubj") and any(
                    d.lower_ == "no" and d.dep_ == "det" for d in c.children
                ):
                    return True
            return False
        window = doc[max(tok.sent.start if doc.has_annotation("SENT_START") else 0, tok.i - 3) : tok.i]
        return any(t.lower_ in self.negations for t in window)

    def _blocked(self, tok: Token) -> bool:
        doc = tok.doc
        if doc.has_annotation("DEP"):
            cur = tok
            for _ in range(4):
                # a relative clause or a coordinated verb is its own statement, not the blocker's complement
                if cur.head.i == cur.i or cur.dep_ in ("conj", "relcl", "acl", "appos", "parataxis"):
                    break
                cur = cur.head
                if self._lemma(cur) in self.blockers or cur.lower_ in self.blockers:
                    return True
            return False
        window = doc[max(0, tok.i - 4) : tok.i]
        return any(self._lemma(t) in self.blockers or t.lower_ in self.blockers for t in window)

    def _uncertain(self, tok: Token) -> bool:
        if tok.doc.has_annotation("DEP"):
            return any(c.lower_ in self.uncertain for c in tok.children)
        return tok.i > 0 and tok.doc[tok.i - 1].lower_ in self.uncertain

    # ------------------------------------------------------------------ items
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

    # ------------------------------------------------------------------ roles
    def _roles(self, trig: Trigger, sent: Span, doc: Doc) -> Roles:
        roles = Roles()
        tok = trig.token
        has_dep = doc.has_annotation("DEP")
        subj, passive, agent = self._subject(tok) if has_dep else (None, False, None)
        preps = self._preps(trig, sent) if has_dep else self._preps_linear(trig, sent)
        subj_actor = self._actor(subj, sent, roles) if subj is not None else None
        if not has_dep:
            subj_actor = self._actor_before(tok, sent)
            passive = any(
                t.lower_ in ("was", "were", "been", "be", "is", "are") for t in doc[max(sent.start, tok.i - 2) : tok.i]
            )
            agent_tok = preps.get("by", [None])[0]
            agent = agent_tok
        agent_actor = self._actor(agent, sent, roles) if agent is not None else None
        from_actor = self._first_actor(preps.get("from", []), sent, roles)
        to_actor = self._first_actor(preps.get("to", []), sent, roles)
        if to_actor is None and has_dep:
            for c in tok.children:
                receiver = c.dep_ in ("dative", "iobj") or (
                    c.dep_ == "dobj" and trig.frame == "give" and self._entity_at(c, ACTOR_LABELS) is not None
                )
                if receiver:
                    to_actor = self._actor(c, sent, roles)
        doer = agent_actor if passive else subj_actor
        frame = trig.frame
        if trig.noun:
            if to_actor is None and has_dep and trig.type in MOVE_TYPES:
                to_actor = self._first_actor(preps.get("for", []), sent, roles)
            if from_actor is None and has_dep and trig.type in MOVE_TYPES:
                from_actor = self._noun_giver(tok, sent, roles)
            roles.from_, roles.to = from_actor, to_actor
            if agent_actor and trig.type in ("SEIZURE", "THEFT"):
                roles.to = agent_actor
        elif frame == "give":
            roles.from_ = doer or from_actor
            roles.to = to_actor
        elif frame == "get":
            roles.to = doer or to_actor
            roles.from_ = from_actor
        elif frame == "take":
            roles.to = doer
            roles.from_ = from_actor
        elif frame == "lose":
            roles.from_ = subj_actor if not passive else None
            roles.to = agent_actor if passive else None
        elif frame == "move":
            roles.from_ = from_actor
            roles.to = to_actor
        elif frame == "hold":
            roles.to = doer
        elif frame == "check":
            roles.to = None
        elif frame == "see":
            roles.to = self._seen_with(trig, sent, subj if passive else None)
        roles.from_label = self._label_of(roles.from_, sent)
        roles.to_label = self._label_of(roles.to, sent)
        roles.place = self._place(trig, sent, preps, {roles.from_, roles.to})
        roles.date = self._date(trig, sent)
        return roles

    def _noun_giver(self, tok: Token, sent: Span, roles: Roles) -> str | None:
        """ "The ministry announced a drawdown package": the subject of the verb taking the noun."""
        noun = tok.head if tok.dep_ == "compound" else tok
        if noun.dep_ not in ("dobj", "nsubjpass"):
            return None
        subj, _, _ = self._subject(noun.head)
        return self._actor(subj, sent, roles) if subj is not None else None

    def _subject(self, tok: Token) -> tuple[Token | None, bool, Token | None]:
        cur = tok
        for _ in range(4):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cur.children)
            agent = next((g for c in cur.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if subj is not None:
                if subj.lower_ in ("which", "that", "who") and cur.dep_ == "relcl":
                    return cur.head, passive, agent
                return subj, passive, agent
            if agent is not None:
                return None, True, agent
            if cur.dep_ in ("conj", "xcomp") and cur.head.i != cur.i:
                cur = cur.head
                continue
            if cur.dep_ == "acl" and cur.tag_ == "VBN":  # "guns smuggled out of Ukraine": passive participle
                return None, True, None
            break
        return None, passive, None

    def _preps(self, trig: Trigger, sent: Span) -> dict[str, list[Token]]:
        """Objects of the prepositions this trigger governs, by role ("from", "to", "by", "place")."""
        out: dict[str, list[Token]] = {}
        subj = next((c for c in trig.token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        inside_subject = {t.i for t in subj.subtree} if subj is not None else set()
        for tok in sent:
            if tok.dep_ not in ("prep", "agent", "dative") and tok.lower_ not in ("from", "to", "by"):
                continue
            if tok.i in inside_subject:
                continue
            if tok.head.lower_ in _NOT_ROLE_HEADS or self._gov_index(tok, sent) != trig.token.i:
                continue
            objs = [c for c in tok.children if c.dep_ in ("pobj", "pcomp")]
            if not objs and tok.dep_ == "dative":
                objs = [tok]
            if not objs and tok.lower_ == "out":  # "out of Ukraine"
                objs = [g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
                if objs:
                    out.setdefault("from", []).extend(objs)
                continue
            word = tok.lower_
            if word == "of" and tok.head.lower_ == "out":
                word = "from"
            if word in ("from",):
                out.setdefault("from", []).extend(objs)
            elif word in ("to", "into") or tok.dep_ == "dative":
                out.setdefault("to", []).extend(objs)
                if word == "into":
                    out.setdefault("place", []).extend(objs)
            elif word == "by":
                out.setdefault("by", []).extend(objs)
            elif word == "for":
                out.setdefault("for", []).extend(objs)
            elif word in _PLACE_PREPS:
                out.setdefault("place", []).extend(objs)
        return out

    def _preps_linear(self, trig: Trigger, sent: Span) -> dict[str, list[Token]]:
        doc = sent.doc
        out: dict[str, list[Token]] = {}
        triggers_after = [
            t.i for t in sent if t.i > trig.token.i and self._lemma(t) in self.verbs and t.lower_ in self.forms
        ]
        stop = triggers_after[0] if triggers_after else sent.end
        for tok in doc[trig.token.i + 1 : stop]:
            word = tok.lower_
            key = {"from": "from", "to": "to", "into": "to", "by": "by"}.get(word)
            if key is None and word in _PLACE_PREPS:
                key = "place"
            if key is None:
                continue
            k = tok.i + 1
            while k < sent.end and doc[k].lower_ in ("the", "a", "an"):
                k += 1
            if k < sent.end:
                out.setdefault(key, []).append(doc[k])
        return out

    def _governing(self, tok: Token, sent: Span) -> Token | None:
        cur = tok
        for _ in range(12):
            if cur.i != tok.i and self._is_trigger_token(cur):
                return cur
            if cur.i != tok.i and cur.pos_ in ("NOUN", "PROPN"):
                for child in cur.children:
                    if child.dep_ == "compound" and child.i != tok.i and self._is_trigger_token(child):
                        return child
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def _gov_index(self, tok: Token, sent: Span) -> int:
        gov = self._governing(tok, sent)
        return -1 if gov is None else gov.i

    def _is_trigger_token(self, tok: Token) -> bool:
        lemma = self._lemma(tok)
        if tok.pos_ == "VERB":
            return lemma in self.verbs
        if tok.pos_ in ("NOUN", "PROPN"):
            return lemma in self.nouns or tok.lower_ in self.nouns
        return False

    def _index(self, doc: Doc) -> None:
        """Entities once per document (``doc.ents`` builds new spans on every access)."""
        self._ents: list[Span] = list(doc.ents)
        self._ent_of_token: list[int] = [-1] * len(doc)
        for k, ent in enumerate(self._ents):
            for i in range(ent.start, ent.end):
                self._ent_of_token[i] = k
        self._ent_starts = [e.start for e in self._ents]

    def _ents_in(self, start: int, end: int) -> list[Span]:
        """Entities starting in the token range [start, end)."""
        lo = bisect_left(self._ent_starts, start)
        hi = bisect_left(self._ent_starts, end)
        return self._ents[lo:hi]

    def _entity_at(self, tok: Token, labels: Iterable[str]) -> Span | None:
        k = self._ent_of_token[tok.i]
        if k >= 0 and self._ents[k].label_ in labels:
            return self._ents[k]
        return None

    def _actor(self, tok: Token | None, sent: Span, roles: Roles) -> str | None:
        """The actor a phrase names: an entity in it, a resolved pronoun or definite noun, or the
        phrase itself when its head is an actor noun."""
        if tok is None:
            return None
        doc = tok.doc
        labels = (*ACTOR_LABELS, "PLACE", "DEPOT")
        ent = self._entity_at(tok, labels)
        if ent is not None:
            return ent.text
        if doc.has_annotation("DEP"):
            scope = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss", "appos")]
            scope += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from") for g in c.subtree]
            if tok.lower_ in _GOVERNMENT_NOUNS:  # "the Biden administration", "the Polish government"
                mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and self._entity_at(c, labels)]
                if mods:
                    return doc[min(c.i for c in mods) : tok.i + 1].text
            for t in sorted(scope, key=lambda t: t.i):
                ent = self._entity_at(t, labels)
                if (ent is not None and ent.label_ not in ("PLACE", "COUNTRY")) or (ent is not None and not scope[1:]):
                    return ent.text if ent is not None else None
        if tok.lower_ in _PRONOUNS:
            found = self._antecedent(tok, sent)
            if found:
                roles.penalty += 0.05
            return found
        if tok.lower_ in self.definite_heads:
            found = self._definite(tok)
            if found:
                return found
        if tok.lower_ in self.actor_nouns or tok.lemma_.lower() in self.actor_nouns:
            return self._phrase(tok)
        return None

    def _actor_before(self, tok: Token, sent: Span) -> str | None:
        """Word-order fallback for a subject: the nearest actor entity or actor noun before ``tok``."""
        doc = tok.doc
        for k in range(tok.i - 1, sent.start - 1, -1):
            t = doc[k]
            if t.text in (";", ":") or (k != tok.i and self._lemma(t) in self.verbs and t.lower_ in self.forms):
                break
            ent = self._entity_at(t, ACTOR_LABELS)
            if ent is not None:
                return ent.text
            if t.lower_ in self.actor_nouns and not t.ent_type_:
                return self._phrase(t)
        return None

    def _first_actor(self, toks: Sequence[Token], sent: Span, roles: Roles) -> str | None:
        for t in toks:
            found = self._actor(t, sent, roles)
            if found:
                return found
        return None

    def _phrase(self, tok: Token) -> str:
        doc = tok.doc
        start = tok.i
        if doc.has_annotation("DEP"):
            left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
            start = min([tok.i, *[c.i for c in left]])
        else:
            start = tok.i
            while (
                start - 1 >= 0
                and doc[start - 1].is_alpha
                and doc[start - 1].lower_ not in ("the", "a", "an", "to", "from", "by", "of", "and", "at", "in")
                and doc[start - 1].is_lower
            ):
                start -= 1
        return doc[start : tok.i + 1].text

    def _antecedent(self, tok: Token, sent: Span) -> str | None:
        doc = tok.doc
        want = (
            ("PERSON",)
            if tok.lower_ in ("he", "she", "him", "her")
            else ("ARMED_GROUP", "MILITARY_UNIT", "ORGANIZATION", "COUNTRY")
        )
        candidates: list[tuple[int, str]] = []
        for ent in self._ents_in(max(0, sent.start - 400), tok.i):
            if ent.end <= tok.i and ent.label_ in want:
                candidates.append((ent.start, ent.text))
        for t in doc[max(0, sent.start - 200) : tok.i]:
            if (
                t.lower_ in self.definite_heads
                and t.i > 0
                and doc[t.i - 1].lower_ in ("the", "same")
                and not t.ent_type_
            ):
                found = self._definite(t)
                if found:
                    candidates.append((t.i, found))
        if not candidates:
            return None
        return max(candidates)[1]

    def _definite(self, tok: Token) -> str | None:
        """ "the battalion", "the same group": the last actor entity before it with that head word."""
        head = tok.lower_.rstrip("s")
        for ent in reversed([e for e in self._ents_in(0, tok.i) if e.end <= tok.i and e.label_ in ACTOR_LABELS]):
            if head in ent.text.lower():
                return ent.text
        return None

    def _seen_with(self, trig: Trigger, sent: Span, subj: Token | None) -> str | None:
        doc = sent.doc
        roles = Roles()
        if subj is not None:
            found = self._actor(subj, sent, roles)
            if found:
                return found
        if doc.has_annotation("DEP"):
            for c in trig.token.children:
                if c.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
                    found = self._actor(c, sent, roles)
                    if found:
                        return found
            return None
        ents = [
            e
            for e in self._ents_in(sent.start, sent.end)
            if e.label_ in ("ARMED_GROUP", "MILITARY_UNIT", "PERSON", "ORGANIZATION")
        ]
        return ents[0].text if ents else None

    def _place(self, trig: Trigger, sent: Span, preps: dict[str, list[Token]], exclude: set[str | None]) -> str | None:
        doc = sent.doc
        candidates: list[tuple[int, int, str]] = []
        for t in preps.get("place", []):
            ent = self._entity_at(t, (*PLACE_LABELS, "COUNTRY"))
            if ent is not None and ent.text not in exclude:
                candidates.append((PLACE_RANK[ent.label_], 0, ent.text))
        for ent in self._ents_in(sent.start, sent.end):
            if ent.label_ in PLACE_LABELS and ent.text not in exclude:
                k = ent.start - 1
                while k >= sent.start and doc[k].lower_ in ("the", "a", "an"):
                    k -= 1
                if k >= sent.start and doc[k].lower_ in ("from", "to", "into"):
                    continue
                if doc.has_annotation("DEP") and trig.type:
                    gov = self._gov_index(ent.root, sent)
                    if gov not in (-1, trig.token.i):
                        continue
                candidates.append((PLACE_RANK[ent.label_], 1 + abs(ent.start - trig.token.i), ent.text))
        return min(candidates)[2] if candidates else None

    def _date(self, trig: Trigger, sent: Span) -> str | None:
        doc = sent.doc
        dates = [e for e in self._ents_in(sent.start, sent.end) if e.label_ == "DATE"]
        if not dates:
            return None
        if doc.has_annotation("DEP"):
            governed = [d for d in dates if self._gov_index(d.root, sent) == trig.token.i]
            if governed:
                return governed[0].text
        return min(dates, key=lambda d: abs(d.start - trig.token.i)).text

    def _label_of(self, text: str | None, sent: Span) -> str | None:
        if not text:
            return None
        for ent in self._ents_in(max(0, sent.start - 400), sent.end):
            if ent.text == text:
                return ent.label_
        return None

    def _roles_from_antecedent(self, roles: Roles, trig: Trigger, prev: Span, doc: Doc) -> None:
        """The item pointed back: roles the event's own sentence lacks come from that sentence."""
        root = _root(prev)
        if roles.to is None and trig.frame in ("take", "hold", "see", "get"):
            subj = next((c for c in root.children if c.dep_ in ("nsubj",)), None) if doc.has_annotation("DEP") else None
            actor = self._actor(subj, prev, roles) if subj is not None else self._actor_before(root, prev)
            if actor:
                roles.to = actor
                roles.to_label = self._label_of(actor, prev)
        if roles.place is None:
            roles.place = self._place(Trigger(root, trig.type, trig.frame, False), prev, {}, {roles.from_, roles.to})
        if roles.date is None:
            roles.date = self._date(Trigger(root, trig.type, trig.frame, False), prev)

    # ------------------------------------------------------------------ events
    def _event(
        self,
        trig: Trigger,
        cluster: Cluster,
        item: Span,
        roles: Roles,
        sent: Span,
        doc: Doc,
        serial_system: dict[str, str],
    ) -> dict[str, Any]:
        etype = trig.type
        if etype in ("TRANSFER", "HANDOVER"):
            both_military = roles.from_label == "MILITARY_UNIT" and roles.to_label == "MILITARY_UNIT"
            etype = "HANDOVER" if both_military else "TRANSFER"
        quantity = cluster.quantity.text if cluster.quantity is not None else None
        serials = [m for m in cluster.mentions if m.label_ == "SERIAL_NUMBER"]
        if item.label_ == "SERIAL_NUMBER" and quantity is not None:
            is_lot = item.text.upper().startswith(("LOT", "BATCH")) or any(
                t.lower_ in ("lot", "batch") for t in doc[max(0, item.start - 2) : item.start]
            )
            has_unit = not any(ch.isdigit() for ch in quantity.split()[-1])
            if len(serials) > 1 or not (is_lot or has_unit):
                quantity = None
        text = singular_alias(item.text) if item.label_ == "WEAPON_SYSTEM" else item.text
        system = cluster.system()
        if item.label_ == "WEAPON_SYSTEM":
            system = item.kb_id_ or system
        elif item.label_ == "SERIAL_NUMBER" and system is None:
            system = serial_system.get(item.text)
        confidence = (
            trig.confidence + {"SERIAL_NUMBER": 0.05, "WEAPON_SYSTEM": 0.0, "WEAPON_CATEGORY": -0.15}[item.label_]
        )
        confidence -= roles.penalty
        s_text, s_start, s_end = _sentence_text(sent)
        return {
            "type": etype,
            "item": text,
            "item_label": item.label_,
            "quantity": quantity,
            "from": roles.from_,
            "to": roles.to,
            "place": roles.place,
            "date": roles.date,
            "sentence": s_text,
            "start": s_start,
            "end": s_end,
            "confidence": confidence,
            "system": system,
            "_item_start": item.start,
            "_trigger": trig.token.i,
            "_frame": trig.frame,
        }

    def _context(
        self,
        events: list[dict[str, Any]],
        per_sentence: dict[int, list[dict[str, Any]]],
        sents: Sequence[Span],
        paragraph: Sequence[int],
        weapons: Sequence[Span],
        claimed: set[tuple[int, int]],
        doc: Doc,
    ) -> None:
        for si, evs in per_sentence.items():
            nxt = si + 1 if si + 1 < len(sents) and paragraph[si + 1] == paragraph[si] else None
            prv = si - 1 if si - 1 >= 0 and paragraph[si - 1] == paragraph[si] else None
            # a serial told in the very next sentence makes a lone unspecific item specific
            if nxt is not None and len(evs) == 1 and evs[0]["item_label"] != "SERIAL_NUMBER":
                mentions = [w for w in weapons if sents[nxt].start <= w.start < sents[nxt].end]
                serials = [w for w in mentions if w.label_ == "SERIAL_NUMBER"]
                if len(serials) == 1 and len(mentions) == 1 and (serials[0].start, serials[0].end) not in claimed:
                    ev = evs[0]
                    ev["item"], ev["item_label"] = serials[0].text, "SERIAL_NUMBER"
                    ev["confidence"] -= 0.1
                    claimed.add((serials[0].start, serials[0].end))
            # place and date from a scene-setting sentence just before that has no event of its own
            if prv is not None and prv not in per_sentence and not _is_heading(sents[prv]):
                scene = Trigger(_root(sents[prv]), "", "", False)
                place = self._place(scene, sents[prv], {}, set())
                date = self._date(scene, sents[prv])
                scene_subject = self._scene_subject(sents[prv])
                for ev in evs:
                    if ev["type"] == "SEIZURE" and not ev["to"] and scene_subject:
                        ev["to"] = scene_subject
                        ev["confidence"] -= 0.1
                    if ev["place"] is None and place:
                        ev["place"] = place
                        ev["confidence"] -= 0.05
                    if ev["date"] is None and date:
                        ev["date"] = date
                        ev["confidence"] -= 0.05
            # who the seized goods were taken from, told in the next or previous sentence
            for ev in evs:
                if ev["type"] != "SEIZURE" or ev["from"]:
                    continue
                for sj in (nxt, prv):
                    if sj is None:
                        continue
                    groups = [e for e in self._ents_in(sents[sj].start, sents[sj].end) if e.label_ == "ARMED_GROUP"]
                    groups = [g for g in groups if g.text != ev["to"]]
                    if groups:
                        ev["from"] = groups[0].text
                        ev["confidence"] -= 0.1
                        break

    def _scene_subject(self, sent: Span) -> str | None:
        doc = sent.doc
        if not doc.has_annotation("DEP"):
            return self._actor_before(sent[-1], sent)
        subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        return self._actor(subj, sent, Roles()) if subj is not None else None

    def _keep(self, ev: dict[str, Any]) -> bool:
        if ev["confidence"] < self.min_confidence:
            return False
        if ev["type"] in self.needs_actor and not ev["to"]:
            return False
        if ev.get("_needs_party") and not (ev["from"] or ev["to"]):
            return False
        # "small arms are being sold": a bare category with no role is a generic statement
        return ev["item_label"] != "WEAPON_CATEGORY" or any(ev[k] for k in ("from", "to", "date", "quantity", "place"))

    @staticmethod
    def _serial_systems(doc: Doc, sents: Sequence[Span]) -> dict[str, str]:
        """Serial -> system when a serial appears next to a system anywhere in the document."""
        out: dict[str, str] = {}
        ents = list(doc.ents)
        for i, ent in enumerate(ents):
            if ent.label_ != "SERIAL_NUMBER":
                continue
            for other in reversed(ents[max(0, i - 4) : i]):
                if other.label_ == "WEAPON_SYSTEM" and ent.start - other.end <= 10:
                    out.setdefault(ent.text, other.kb_id_ or other.text)
                    break
        return out


# ---------------------------------------------------------------------- helpers
def _near_head(w: Span, head: Token) -> bool:
    """A mention in the same noun phrase as ``head`` (appositions, compounds)."""
    return (w.root.head.i == head.i and w.root.dep_ in ("appos", "compound", "conj")) or head.head.i in range(
        w.start, w.end
    )


def _root(sent: Span) -> Token:
    """The sentence's syntactic root, or its last token without a parse."""
    return sent.root if sent.doc.has_annotation("DEP") else sent[-1]


def _sentences(doc: Doc) -> list[Span]:
    if doc.has_annotation("SENT_START"):
        return list(doc.sents)
    return [doc[:]]


def _paragraph_ids(doc: Doc, sents: Sequence[Span]) -> list[int]:
    ids: list[int] = []
    para = 0
    text = doc.text
    last_end = 0
    for sent in sents:
        between = text[last_end : sent.start_char]
        if re.search(r"\n\s*\n", between):
            para += 1
        ids.append(para)
        last_end = sent.end_char
        inner = sent.text.strip()
        if re.search(r"\n\s*\n", inner):
            para += 1
    return ids


def _is_heading(sent: Span) -> bool:
    text = sent.text.strip()
    if not text or text.endswith((".", "!", "?", '"', "”", ":", ";")):
        return False
    doc = sent.doc
    k = sent.start - 1
    while k >= 0 and doc[k].is_space and "\n" not in doc[k].text:
        k -= 1
    at_line_start = k < 0 or (doc[k].is_space and "\n" in doc[k].text) or "\n" in doc[k].whitespace_
    return at_line_start and len(text) < 160


def _sentence_text(sent: Span) -> tuple[str, int, int]:
    raw = sent.text
    stripped = raw.strip()
    offset = len(raw) - len(raw.lstrip())
    start = sent.start_char + offset
    return stripped, start, start + len(stripped)


_IRREGULAR = {
    "send": ["sent"],
    "sell": ["sold"],
    "resell": ["resold"],
    "give": ["gave", "given"],
    "buy": ["bought"],
    "steal": ["stole", "stolen"],
    "see": ["saw", "seen"],
    "show": ["shown"],
    "lose": ["lost"],
    "hand": [],
    "ship": ["shipped", "shipping", "ships"],
    "smuggle": ["smuggled", "smuggling"],
    "lend": ["lent"],
    "film": ["filmed", "filming"],
    "spot": ["spotted", "spotting"],
    "transfer": ["transferred", "transferring"],
    "obtain": [],
    "seize": [],
    "pass": ["passes"],
    "get": ["got", "gotten"],
}


def _verb_forms(lemmas: Iterable[str]) -> dict[str, str]:
    """Inflected forms of trigger verbs, for pipelines without a lemmatizer."""
    forms: dict[str, str] = {}
    for lemma in lemmas:
        stem = lemma[:-1] if lemma.endswith("e") else lemma
        regular = [
            lemma,
            lemma + ("s" if not lemma.endswith(("s", "sh", "ch", "x")) else "es"),
            stem + "ed",
            stem + "ing",
        ]
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            regular += [lemma[:-1] + "ied", lemma[:-1] + "ies"]
        for form in [*regular, *_IRREGULAR.get(lemma, [])]:
            forms.setdefault(form, lemma)
    return forms


@Language.factory(
    "custody_events",
    default_config={
        "triggers": {"@misc": "custody_event_triggers.v1"},
        "actor_patterns": {"@misc": "custody_actor_patterns.v1"},
        "min_confidence": 0.2,
        "context_sentences": 2,
    },
)
def make_event_extractor(
    nlp: Language,
    name: str,
    triggers: dict[str, Any],
    actor_patterns: dict[str, Any],
    min_confidence: float,
    context_sentences: int,
) -> CustodyEventExtractor:
    return CustodyEventExtractor(
        nlp,
        name,
        triggers=triggers,
        actor_patterns=actor_patterns,
        min_confidence=min_confidence,
        context_sentences=context_sentences,
    )
