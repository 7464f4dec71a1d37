"""The record of one custody event: what one act on one item gives (type, item as written,
quantity, roles, evidence sentence, confidence), whether the document keeps it, and its last form
(dates normalised, roles as written, no working keys). ``CustodyEventExtractor`` builds every
event through these."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span, Token

from .dates import normalize_date, reported_time_value
from .event_acts import _GOODS_NOUNS, _particular, _refers_back
from .event_base import GENERIC_ITEM_LABELS, MATERIEL, VESSEL, Cluster, Roles, Trigger
from .event_context import ContextRules
from .event_dates import relative_date_value
from .event_keeping import KEEPING_LEMMAS
from .event_lists import counts_a_lot
from .event_phrases import written_role
from .event_text import _sentence_text

#: Frames whose doer is a party (who gives, gets, holds or checks goods), never the goods: goods
#: can be the subject of a move ("the shipment transited ...") or a loss ("rifles disappeared").
_ACTOR_DOES = {"give", "get", "hold", "check"}
#: Verbs of smuggling: with a stated destination or route, a transfer, not a diversion.
_SMUGGLING = {"smuggle", "smuggling", "traffic", "trafficking"}


class EventRecords(ContextRules):
    """Building, keeping and finishing the record of one act on one item."""

    min_confidence: float

    @staticmethod
    def _finished(ev: dict[str, Any], doc: Doc, doc_date: str | None) -> dict[str, Any]:
        """The event as it leaves the component: dates normalised, roles as written, no working keys."""
        ev["date_value"] = normalize_date(ev["date"], doc_date) if ev["date"] else None
        ev["date_value"] = ev["date_value"] or relative_date_value(doc, ev["date"], ev["start"])
        ev["date_value"] = ev["date_value"] or reported_time_value(ev["date"], doc_date)
        ev["from_written"] = written_role(doc, ev["from"], ev["start"])  # roles as the sentence writes them
        ev["to_written"] = written_role(doc, ev["to"], ev["start"])
        ev["confidence"] = round(min(0.99, max(0.05, ev["confidence"])), 2)
        return {k: v for k, v in ev.items() if not k.startswith("_")}

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
        if etype == "DIVERSION" and self._lemma(trig.token) in _SMUGGLING:
            # "smuggled 200 pistols into Town Q", "pistols smuggled out of Moldova": goods moved
            # from one holder to another; a diversion only where the text calls it one
            etype = "TRANSFER"
        if etype in ("TRANSFER", "HANDOVER"):
            both_military = roles.from_label == "MILITARY_UNIT" and roles.to_label == "MILITARY_UNIT"
            etype = "HANDOVER" if both_military else "TRANSFER"
        count = self._count_for(cluster, trig.token)
        quantity = count.text if count is not None else None
        serials = [m for m in cluster.mentions if m.label_ == "SERIAL_NUMBER"]
        if item.label_ == "SERIAL_NUMBER" and quantity is not None:
            is_lot = item.text.upper().startswith(("LOT", "BATCH")) or any(
                t.lower_ in ("lot", "batch") for t in doc[max(0, item.start - 2) : item.start]
            )
            has_unit = not any(ch.isdigit() for ch in quantity.split()[-1])
            if len(serials) > 1 or not (is_lot or has_unit):
                quantity = None
        text = item.text
        if item.label_ == "WEAPON_SYSTEM":
            text = self._system_with_class(text, item, cluster)
        system = cluster.system()
        if item.label_ == "WEAPON_SYSTEM":
            system = item.kb_id_ or system
        elif item.label_ == "SERIAL_NUMBER" and system is None:
            system = serial_system.get(item.text)
        confidence = (
            trig.confidence
            + {"SERIAL_NUMBER": 0.05, "WEAPON_SYSTEM": 0.0, "WEAPON_CATEGORY": -0.15, MATERIEL: -0.2, VESSEL: -0.2}[
                item.label_
            ]
        )
        confidence -= roles.penalty
        s_text, s_start, s_end = _sentence_text(sent)
        return {
            "type": etype,
            "item": text,
            # generic materiel and vessels are unnamed items, as a weapon category is
            "item_label": "WEAPON_CATEGORY" if item.label_ in (MATERIEL, VESSEL) else item.label_,
            "quantity": quantity,
            "from": None if roles.from_ and roles.from_.endswith(text) else roles.from_,  # not the item itself
            "to": roles.to,
            "place": roles.place,
            "date": roles.date,
            "sentence": s_text,
            "start": s_start,
            "end": s_end,
            "confidence": confidence,
            "system": system,
            "modality": trig.modality,
            "_particular": _particular(trig),
            "_refers_back": _refers_back(trig),
            "_item_start": item.start,
            "_trigger": trig.token.i,
            "_trigger_word": trig.token.lower_,
            "_lemma": self._lemma(trig.token),
            # "the Javelin system will provide Georgia with capacity", "assault rifles accounted
            # for 78% of ...": the goods as the doer of an act only an actor does are no item of it
            # "the rifles remained in the depot": goods that lie somewhere are the subject of their keeping
            "_item_gives": not trig.noun
            and trig.frame in _ACTOR_DOES
            and trig.token.lemma_.lower() not in KEEPING_LEMMAS
            and _subject_of(item, trig.token),
            # "gun smuggling": the goods as the act noun's modifier name a kind of act
            "_kind_of": trig.noun and item.root.dep_ == "compound" and item.root.head.i == trig.token.i,
            "_frame": trig.frame,
            "_general": trig.general,
        }

    def _system_with_class(self, text: str, item: Span, cluster: Cluster) -> str:
        """ "49 PKM general-purpose machine guns", "AT4 antiarmor systems": the model and the head
        noun of the class written after it ("PKM guns", "AT4 systems"), so that the item names
        what was moved whether the text is read as the model or as the whole phrase."""
        doc = item.doc
        head: Token | None = None
        for m in cluster.mentions:
            if m.label_ in GENERIC_ITEM_LABELS and item.end <= m.start <= item.end + 2:
                gap = doc[item.end : m.start]
                if all((t.is_alpha and t.lower_ not in ("and", "or")) or t.text in ("-", "–") for t in gap):
                    head = doc[m.end - 1]
                break
        if head is None and doc.has_annotation("DEP"):
            h = item.root.head
            if (
                item.root.dep_ in ("compound", "nmod", "amod")
                and item.end <= h.i <= item.end + 2
                and h.pos_ == "NOUN"
                and h.lower_ in self.materiel_nouns
            ):
                head = h
        if head is None or head.lower_ in text.lower().split() or head.i in self._trigger_tokens:
            return text
        return f"{text} {head.text}"

    def _keep(self, ev: dict[str, Any]) -> bool:
        if ev["confidence"] < self.min_confidence or ev["_item_gives"] or ev["_general"]:
            return False
        if ev["type"] in self.needs_actor and not ev["to"]:
            return False
        if ev.get("_needs_party") and not (ev["from"] or ev["to"]):
            return False
        smuggling_noun = ev["_frame"] == "noun" and ev["_lemma"] in _SMUGGLING
        if smuggling_noun and (ev["_kind_of"] or not (ev["from"] or ev["to"])):
            return False  # "charged with gun smuggling", "the trafficking of firearms": a kind of offence, no act
        if ev["_trigger_word"] in _GOODS_NOUNS and not any(ev[k] for k in ("from", "to", "place", "date")):
            return False  # "hidden in the dhow was a shipment of weapons": the goods named, no delivery told
        # "small arms are being sold", "the seizure of weapons is a tool": a bare category (or
        # generic materiel) with no role is a generic statement, unless the act itself is a
        # particular one ("the theft of ...", "interdicted ...")
        return (
            ev["item_label"] not in ("WEAPON_CATEGORY", MATERIEL)
            or ev["_particular"]
            or any(ev[k] for k in ("from", "to", "date", "place"))
            or counts_a_lot(ev["quantity"])
        )

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


def _subject_of(item: Span, verb: Token) -> bool:
    """The item, or the noun it names the model of ("the Javelin system"), is the verb's subject."""
    root = item.root
    while root.dep_ == "compound" and root.head.i != root.i:
        root = root.head
    return root.dep_ == "nsubj" and root.head.i == verb.i
