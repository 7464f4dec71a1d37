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

from collections.abc import Sequence
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from .dates import find_document_date
from .event_acts import (
    _later,
    _moved_along_a_route,
    _one_act,
    _owned_by_pronoun,
    _parties,
    _roles_from_earlier_act,
    _route_told_by_its_verb,
    _same_act_told_again,
)
from .event_base import MATERIEL, VESSEL, WEAPON_LABELS, Cluster, Roles, Trigger, _is_heading
from .event_carried import carried_goods
from .event_context import _holds_goods
from .event_fallback import FALLBACK_PENALTY, FallbackRules
from .event_for_goods import goods_for_weapons
from .event_generic import act_told_again_as_topic, licensed_act_noun, licensed_kind
from .event_item_links import _CONTAINING_VERBS
from .event_items import hyphened_giver
from .event_keeping import FINDING_LEMMAS, found_holding, keeping_place
from .event_layout import listed_lines, points_ahead
from .event_mentions import (
    CARRIER_NOUNS,
    bound_carrier,
    carrier_item,
    goods_inside,
    in_instrument_name,
    is_carrier,
)
from .event_records import EventRecords
from .event_tables import table_rows
from .event_text import _paragraph_ids, _sentences, doc_text
from .event_triggers import FOUND_WITH_FORMS, KEEPING_PLACES, TriggerRules, is_destined, with_objects
from .extensions import DOC_DATE, EVENTS
from .parse_repair import repair_reduced_relatives
from .scoring import GROUPS

__all__ = ["CustodyEventExtractor", "make_event_extractor"]

#: Pronouns that, as the subject of "include", point back to goods just told of ("These included ...").
_POINTING_PRONOUNS = {"these", "they", "those"}


class CustodyEventExtractor(TriggerRules, EventRecords, FallbackRules):
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
        self._load_lexicon(triggers, actor_patterns)

    def __call__(self, doc: Doc) -> Doc:
        doc_date = doc._.get(DOC_DATE) or find_document_date(doc_text(doc))
        repair_reduced_relatives(doc)
        sents = _sentences(doc)
        paragraph = _paragraph_ids(doc, sents)
        self._index(doc)
        weapons = sorted(
            [
                w
                for w in [e for e in self._ents if e.label_ in WEAPON_LABELS] + self._materiel(doc)
                if not in_instrument_name(w)
            ]
            + self._cued_serials(doc),
            key=lambda s: s.start,
        )
        serial_system = self._serial_systems(doc, sents)
        claimed: set[tuple[int, int]] = set()
        raw: list[dict[str, Any]] = []
        per_sentence: dict[int, list[dict[str, Any]]] = {}
        for si, sent in enumerate(sents):
            if _is_heading(sent):
                continue
            triggers = [
                t
                for t in self._triggers(sent)
                if not (licensed_kind(t.token) or licensed_act_noun(t.token))
            ]
            sent_weapons = [w for w in weapons if sent.start <= w.start < sent.end]
            # "seized rifles in packages shipped from Norland", "in a van on its way to Kell": goods
            # carried in something on the move (event_carried)
            for ev in self._carried(sent, self._clusters(sent_weapons, sent), serial_system):
                ev["_si"] = si
                raw.append(ev)
                per_sentence.setdefault(si, []).append(ev)
            if all(t.noun or t.token.dep_ == "amod" for t in triggers):
                # "The shipment consists of 900 rifles ...": after "seized a shipment", what the
                # shipment holds was seized, not shipped again
                listed = self._listing_back(sent, si, raw, sent_weapons, serial_system, triggers)
                raw.extend(listed)
                if listed:
                    per_sentence.setdefault(si, []).extend(listed)
                if listed or not triggers:
                    continue
            assignment = self._assign(sent, triggers, sent_weapons)
            sentence_clusters = self._clusters(sent_weapons, sent)
            previous_clusters: list[Cluster] = []
            for trig in sorted(triggers, key=lambda t: t.token.i):
                attached = {(m.start, m.end) for m in assignment.get(trig.token.i, [])}
                clusters = [c for c in sentence_clusters if any((m.start, m.end) in attached for m in c.mentions)]
                if is_destined(trig.token):
                    # "ammunition hidden in three vehicles destined for Q": the carrier is bound
                    # there, not an item moved
                    clusters = [c for c in clusters if not any(is_carrier(m) for m in c.mentions)]
                    if not clusters:
                        clusters = self._bound_goods(trig, sent, sentence_clusters, assignment, claimed)
                pointed_from: int | None = None
                same_sentence = False
                points_back = bool(clusters) and all(self._points_back(c) for c in clusters)
                # "prompting their confiscation": the pronoun stands for the goods ("their possession",
                # "in its hands": for the holder)
                owned = trig.noun and trig.type != "OBSERVATION" and not clusters and _owned_by_pronoun(trig.token)
                if not clusters and previous_clusters and self._plural_pronoun_object(trig):
                    # "stole 300 rifles ... and sold them to traffickers"
                    clusters, same_sentence = previous_clusters, True
                elif owned or (
                    not trig.noun and (points_back or (not clusters and self._object_points_back(trig)))
                ):
                    before = [w for w in sent_weapons if w.start < trig.token.i] if not clusters else []
                    held = {(m.start, m.end) for ms in assignment.values() for m in ms}
                    if before:
                        # "found 20 rifles in a van; they were seized": the pronoun's antecedent is
                        # in its own sentence first
                        free = [
                            w
                            for w in before
                            if (w.start, w.end) not in held
                            and w.label_ != VESSEL
                            and not (w.label_ == MATERIEL and _holds_goods(w))
                        ]
                        clusters = [c for c in self._clusters(free, sent) if not self._points_back(c)]
                        same_sentence = bool(clusters)
                    if not clusters and any((w.start, w.end) in held for w in before):
                        # "launcher X, which it received ...; it had been sent for repair": an item
                        # another act of the sentence holds is told of again, not moved again
                        continue
                    if not clusters or points_back:
                        back = self._antecedent_clusters(si, sents, paragraph, weapons, claimed)
                        if (
                            back is not None
                            and self._pointing_count(trig) is None
                            and not _later(trig)
                            and _same_act_told_again(trig, back, per_sentence, claimed)
                        ):
                            continue  # the act of the sentence before, told again (not a part of it, not a later act)
                        if back is not None and clusters and len(back[1]) > 1:
                            # "the ammunition" after three kinds of it: one collective item, whose
                            # roles still come from the sentence pointed to
                            pointed_from = back[0]
                        elif back is not None:
                            clusters, pointed_from = back[1], back[0]
                if not clusters:
                    continue
                if not same_sentence:
                    previous_clusters = clusters
                roles = self._roles(trig, sent, doc)
                giver = hyphened_giver(trig.token) if trig.frame == "give" else None
                if giver is not None and roles.from_ is None:
                    roles.from_ = self._actor(giver, sent, roles) or giver.text  # "Norland-supplied rifles"
                if trig.frame == "see" and roles.to is None and trig.token.lower_ in FOUND_WITH_FORMS:
                    roles.to = self._holder_with(trig, sent)  # "rifles were found with the fighters"
                kept_in = keeping_place(trig.token, self._goods_word) if trig.type == "STORAGE" else None
                if kept_in is not None and roles.place is None:
                    roles.place = doc[kept_in.left_edge.i : kept_in.i + 1].text  # "were kept in the armoury"
                if kept_in is not None and trig.token.lemma_.lower() in FINDING_LEMMAS:
                    # "found rifles in a van in the Kell area": the van as written, not the town; who
                    # found the goods did not keep them
                    end = kept_in.right_edge.i + 1
                    while end - 1 > kept_in.i and doc[end - 1].is_punct:
                        end -= 1
                    roles.place, roles.to = doc[kept_in.left_edge.i : end].text, None
                holder = found_holding(trig.token) if trig.type == "OBSERVATION" and roles.to is None else None
                if holder is not None:
                    # "Dorn was found in possession of two rifles": the one found holds them
                    roles.to = self._actor(holder, sent, roles) or self._common_actor(holder, sent)
                if trig.type == "OBSERVATION" and roles.to is None and trig.token.dep_ == "acl":
                    user = trig.token.head  # "footage showed fighters using mortars": the user holds them
                    roles.to = self._actor(user, sent, roles) or self._common_actor(user, sent)
                if pointed_from is not None:
                    self._roles_from_antecedent(roles, trig, sents[pointed_from], doc)
                route = self._route(trig, sent) if trig.type == "SEIZURE" else None
                if route is not None and roles.from_ is not None and roles.from_ == route[0]:
                    roles.from_ = None  # the sender of the goods in transit, not whom they were seized from
                for cluster in clusters:
                    for m in cluster.mentions:
                        claimed.add((m.start, m.end))
                    for item in cluster.items():
                        ev = self._event(trig, cluster, item, roles, sent, doc, serial_system)
                        if pointed_from is not None or same_sentence:
                            ev["confidence"] -= 0.1
                        count = self._pointing_count(trig) if pointed_from is not None or same_sentence else None
                        if count is not None:
                            ev["quantity"] = count or None  # the part's count, not the whole's
                        # a loss has no party to name; "prompting their confiscation": the act noun tells the act
                        ev["_needs_party"] = same_sentence and trig.frame != "lose" and not owned
                        ev["_si"] = si
                        raw.append(ev)
                        per_sentence.setdefault(si, []).append(ev)
                        if route is not None:
                            # "seized in transit from A to B": the transfer it interrupted
                            moved = dict(ev, type="TRANSFER", place=None, modality="attempted")
                            moved["from"], moved["to"] = route
                            moved["confidence"] = ev["confidence"] - 0.15
                            moved["_route"] = True
                            raw.append(moved)
                            per_sentence[si].append(moved)
            # goods the parse hung under no trigger: the nearby trigger's, less surely (event_fallback)
            taken = claimed | {(m.start, m.end) for ms in assignment.values() for m in ms}
            loose = [
                c for c in sentence_clusters if not self._points_back(c) and not any(is_carrier(m) for m in c.mentions)
            ]
            for trig, cluster in self._unparsed_pairs(sent, triggers, loose, taken):
                roles = self._roles(trig, sent, doc)
                for m in cluster.mentions:
                    claimed.add((m.start, m.end))
                for item in cluster.items():
                    ev = self._event(trig, cluster, item, roles, sent, doc, serial_system)
                    ev["confidence"] -= FALLBACK_PENALTY
                    ev["_needs_party"] = False
                    ev["_si"] = si
                    raw.append(ev)
                    per_sentence.setdefault(si, []).append(ev)
            # "Three bags were collected, containing:" and one line per item: the lines' goods are
            # items of the act told nearest the colon, with that sentence's roles (event_layout)
            def goods(line: Span) -> list[Span]:
                return [w for w in weapons if line.start <= w.start < line.end and (w.start, w.end) not in claimed]

            listed_under = listed_lines(sents, si, goods, lambda s: bool(self._triggers(s)))
            if listed_under:
                ahead = [ev for ev in per_sentence.get(si, []) if points_ahead(doc[ev["_item_start"]])]
                for ev in ahead:
                    # "captured the following weapons:": the lines name the goods
                    raw.remove(ev)
                    per_sentence[si].remove(ev)
                trig = max(triggers, key=lambda t: t.token.i)
                roles = self._roles(trig, sent, doc)
                if trig.type == "SEIZURE" and not roles.to:
                    # "Kell police said the search led to the seizure of:": who tells it seized them
                    roles.to = self._scene_subject(sent)
            for li, line_goods in listed_under:
                for cluster in self._clusters(line_goods, sents[li]):
                    claimed.update((m.start, m.end) for m in cluster.mentions)
                    for item in cluster.items():
                        ev = self._event(trig, cluster, item, roles, sents[li], doc, serial_system)
                        # told by the sentence of the colon: its scene (the sentence before it) sets
                        # the place and date the lines leave out
                        ev.update(confidence=ev["confidence"] - 0.1, _particular=True, _needs_party=False, _si=si)
                        raw.append(ev)
                        per_sentence.setdefault(si, []).append(ev)
        self._table_rows(doc, sents, weapons, raw, per_sentence, claimed, serial_system)
        goods_for_weapons(doc, raw, weapons)
        self._context(raw, per_sentence, sents, paragraph, weapons, claimed, doc)
        _roles_from_earlier_act(raw)
        events: list[dict[str, Any]] = []
        seen: dict[tuple[str, str | None, int, int, str], int] = {}
        for ev in raw:
            if not self._keep(ev) or _route_told_by_its_verb(ev, raw) or _moved_along_a_route(ev, raw):
                continue
            if act_told_again_as_topic(doc, doc[ev["_trigger"]], ev, events):
                continue  # "the seizure of the rifles was significant": the act told before, commented on
            # two acts on one item in one sentence ("obtain rifles and export them") stay two;
            # "intercepted and seized the rifles", "stolen or lost" are one act told by two verbs
            # "nine magazines ... a pistol with two magazines": two lots of one class, counted apart
            key = (ev["item"].lower(), ev["quantity"], ev["start"], *_one_act(doc, ev, raw))
            if key in seen:
                kept = events[seen[key]]
                if _parties(ev) > _parties(kept):
                    # "were transferred and handed over to X from Y": the verb that names the parties
                    events[seen[key]] = self._finished(ev, doc, doc_date)
                continue
            seen[key] = len(events)
            events.append(self._finished(ev, doc, doc_date))
        doc._.set(EVENTS, events)
        return doc

    def _table_rows(
        self,
        doc: Doc,
        sents: Sequence[Span],
        weapons: Sequence[Span],
        raw: list[dict[str, Any]],
        per_sentence: dict[int, list[dict[str, Any]]],
        claimed: set[tuple[int, int]],
        serial_system: dict[str, str],
    ) -> None:
        """ "March | Beretta 92 Pistol | 1 | Stolen |": one event per table row whose status cell
        is a custody word (``event_tables``), the item cell as written; what the sentence rules
        made of the row's pieces gives way to it."""

        def status_of(word: str) -> tuple[str, str] | None:
            if word in self.adjectives:
                return self.adjectives[word]
            lemma = self.forms.get(word)
            return self.verbs[lemma] if lemma in self.verbs and word != lemma else None

        for row in table_rows(doc, weapons, status_of):
            si = next((k for k, sent in enumerate(sents) if sent.start <= row.span.start < sent.end), 0)
            for ev in [ev for ev in raw if row.span.start <= ev["_trigger"] < row.span.end]:
                raw.remove(ev)
                if ev in per_sentence.get(ev["_si"], []):
                    per_sentence[ev["_si"]].remove(ev)
            trig = Trigger(row.status, row.type, row.frame, False, 0.7)
            clusters = self._clusters(row.goods, row.span)
            if not clusters:
                continue
            cluster = clusters[0]
            claimed.update((m.start, m.end) for c in clusters for m in c.mentions)
            ev = self._event(trig, cluster, cluster.items()[0], Roles(date=row.date), row.span, doc, serial_system)
            ev.update(item=row.item, quantity=row.quantity, _particular=True, _needs_party=False, _si=si)
            raw.append(ev)
            per_sentence.setdefault(si, []).append(ev)

    def _listing_back(
        self,
        sent: Span,
        si: int,
        earlier: list[dict[str, Any]],
        weapons: Sequence[Span],
        serial_system: dict[str, str],
        triggers: Sequence[Trigger] = (),
    ) -> list[dict[str, Any]]:
        """ "The navy seized a cache of arms from a dhow. The cache included 900 rifles and 40
        mortars.": a list that the pointing-back subject of "include" holds is that event's,
        one event per item, with its roles. Act nouns of the sentence (``triggers``) must all
        stand in that subject ("The shipment included ...")."""
        doc = sent.doc
        if not doc.has_annotation("DEP") or not weapons:
            return []
        verb = next((t for t in sent if t.lemma_.lower() in _CONTAINING_VERBS and t.pos_ == "VERB"), None)
        # "The surrendered weapons are a rifle, three carbines ...", "These were BTR-80 carriers":
        # goods told before, named by a copula
        copula = verb is None
        if verb is None:
            verb = next((t for t in sent if t.lemma_ == "be"), None)
        if verb is None:
            return []
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None and copula and verb.dep_ in ("aux", "auxpass"):
            # "These are upgraded T-72 tanks", parsed as a passive
            subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None:
            return []
        if copula and (
            subj.i > verb.i
            or subj.lower_ in ("they", "it")
            or any(t.token.dep_ != "amod" for t in triggers)
            or not _names_goods_next(verb, weapons)
        ):
            return []  # "They were carrying rifles": no copula naming the goods
        if subj.lower_ in KEEPING_PLACES and verb.lemma_.lower() == "contain" and not triggers:
            return self._kept_in(sent, si, verb, subj, weapons, serial_system)
        # "The cache included ...", "The undeclared ammunition included ...": a generic noun or a
        # weapon class that points back; "These included ...": a pronoun that does; "Other parts
        # included ...": more of what was told before
        if subj.lower_ not in _POINTING_PRONOUNS:
            if subj.lower_ not in self.materiel_nouns and self._entity_at(subj, ("WEAPON_CATEGORY",)) is None:
                return []
            if not any(
                (c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an", "no"))
                or (c.dep_ == "amod" and c.lower_ == "other")
                for c in subj.children
            ):
                return []
        if not all(subj.left_edge.i <= t.token.i <= subj.right_edge.i for t in triggers):
            return []
        # the act told, not the transfer a seizure cut short ("seized a shipment bound for X. The
        # shipment contained ...": what was seized)
        template = next((ev for ev in reversed(earlier) if si - 2 <= ev["_si"] < si and not ev.get("_route")), None)
        told = next((t.type for t in triggers if t.token.dep_ == "amod"), None)
        if told is not None:
            # "The surrendered firearms are ...": the participle names the act pointed to, which
            # may lie a sentence further back than a bare pointer's
            template = next(
                (
                    ev
                    for ev in reversed(earlier)
                    if si - 3 <= ev["_si"] < si and not ev.get("_route") and GROUPS.get(ev["type"]) == GROUPS.get(told)
                ),
                None,
            )
        if template is None:
            return []
        trig = Trigger(verb, template["type"], template["_frame"], False, 0.7, template["modality"])
        if copula:
            # the parse of a list after a copula is often broken: the goods after the verb
            mentions = [m for m in weapons if sent.start <= m.start < sent.end and m.start > verb.i]
        else:
            assignment = self._assign(sent, [trig], weapons)
            mentions = [m for m in assignment.get(verb.i, []) if not (subj.left_edge.i <= m.start <= subj.right_edge.i)]
        roles = Roles(from_=template["from"], to=template["to"], place=template["place"], date=template["date"])
        out = []
        for cluster in self._clusters(mentions, sent):
            for item in cluster.items():
                ev = self._event(trig, cluster, item, roles, sent, doc, serial_system)
                ev["type"] = template["type"]
                ev["_particular"] = True  # a part of the particular act told before, with or without its roles
                ev["_needs_party"] = False
                ev["_si"] = si
                ev["confidence"] -= 0.1
                out.append(ev)
        return out

    def _kept_in(
        self, sent: Span, si: int, verb: Token, subj: Token, weapons: Sequence[Span], serial_system: dict[str, str]
    ) -> list[dict[str, Any]]:
        """ "The hideout contained rifles and grenades": goods a place of keeping held, one
        STORAGE event per item, the place as written."""
        doc = sent.doc
        trig = Trigger(verb, "STORAGE", "hold", False, 0.7)
        place = doc[subj.left_edge.i : subj.i + 1].text
        roles = Roles(place=place)
        mentions = [m for m in self._assign(sent, [trig], weapons).get(verb.i, []) if m.start > subj.i]
        out = []
        for cluster in self._clusters(mentions, sent):
            for item in cluster.items():
                ev = self._event(trig, cluster, item, roles, sent, doc, serial_system)
                ev["_needs_party"] = False
                ev["_si"] = si
                out.append(ev)
        return out

    def _carried(self, sent: Span, clusters: Sequence[Cluster], serial_system: dict[str, str]) -> list[dict[str, Any]]:
        """ "seized three pistols in packages shipped from Norland" (DELIVERY from there), "seized
        in a van on its way to Kell" (TRANSIT there): one event per item the carrier's phrase
        tells of (``event_carried``), the goods of its stretch of the sentence but carriers."""
        doc = sent.doc
        out = []
        for act in carried_goods(sent):
            trig = Trigger(act.word, act.type, "give" if act.type == "DELIVERY" else "move", True, 0.7)
            party = doc[act.party.left_edge.i : act.party.right_edge.i + 1].text
            roles = Roles(from_=party) if act.type == "DELIVERY" else Roles(to=party)
            for cluster in clusters:
                ms = cluster.mentions
                if not (act.start <= ms[0].start and ms[-1].end <= act.end) or self._points_back(cluster):
                    continue
                if any(is_carrier(m) for m in ms):
                    continue
                for item in cluster.items():
                    ev = self._event(trig, cluster, item, roles, sent, doc, serial_system)
                    ev["_needs_party"] = False
                    out.append(ev)
        return out

    def _holder_with(self, trig: Trigger, sent: Span) -> str | None:
        """Who an item was found with: the object of the finding verb's "with" phrase."""
        objs = with_objects(trig.token)
        if not objs:
            return None
        return self._actor(objs[0], sent, Roles()) or sent.doc[objs[0].left_edge.i : objs[0].i + 1].text

    def _bound_goods(
        self,
        trig: Trigger,
        sent: Span,
        clusters: Sequence[Cluster],
        assignment: dict[int, list[Span]],
        claimed: set[tuple[int, int]],
    ) -> list[Cluster]:
        """ "ammunition concealed in three vehicles destined for Q": the goods inside the carrier
        bound there (those no other act of the sentence holds); "a shipping container destined for
        Q", where no goods are put inside it: the carrier itself, the item moved."""
        carrier = bound_carrier(trig.token, self.container_nouns | CARRIER_NOUNS)
        if carrier is None:
            return []
        inside = goods_inside(carrier)
        if inside is None:
            return [Cluster([carrier_item(carrier)], sent)]
        held = claimed | {(m.start, m.end) for ms in assignment.values() for m in ms}
        return [
            c
            for c in clusters
            if c.mentions[-1].end <= inside.i
            and not any((m.start, m.end) in held or is_carrier(m) for m in c.mentions)
            and not self._points_back(c)
        ]


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


def _names_goods_next(verb: Token, weapons: Sequence[Span]) -> bool:
    """The copula names goods: a weapon mention begins within four words after it ("are a Dragunov
    rifle", "were 30 AKM rifles", "are modernized T-72 tanks"), and a verb after "be" is only a
    participle read as an adjective ("are upgraded T-72 tanks"), not an act ("were carrying")."""
    doc = verb.doc
    if verb.dep_ in ("aux", "auxpass") and (verb.head.tag_ != "VBN" or verb.head.i != verb.i + 1):
        return False
    return any(verb.i < w.start <= verb.i + 5 and w.sent == verb.sent for w in weapons) and all(
        t.pos_ not in ("VERB", "AUX") or t.tag_ == "VBN" for t in doc[verb.i + 1 : verb.i + 2]
    )
