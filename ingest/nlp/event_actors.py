"""Who a phrase of a custody sentence names: an actor entity, a pronoun or definite noun
pointing back, an unnamed party as written ("a civilian acquaintance"), coordinated actors kept
whole (the roles by frame: ``event_roles``)."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Span, Token

from .event_base import (
    _GOVERNMENT_NOUNS,
    _PRONOUNS,
    ACTOR_LABELS,
    PLACE_LABELS,
    Roles,
    recall_in_sentence,
    remember_in_sentence,
)
from .event_item_links import _conjuncts
from .event_phrases import _ITEM_LABELS, _PARTITIVES, WRITTEN_KEY, _written_phrase, gerund_compound_start
from .event_places import PlaceRules, past_dateline
from .event_text import doc_text


class ActorRules(PlaceRules):
    def _actor(self, tok: Token | None, sent: Span, roles: Roles, stop: int | None = None) -> str | None:
        """The actor a phrase names, as the sentence writes it: the whole noun phrase with its
        modifiers, appositions and coordinated actors ("Viktor Bout, an arms dealer, and his
        associate", "crews along with border agents", "units of the Yemeni army"); an actor
        found by pointing back ("he", "the battalion") is the one pointed to. The phrase ends
        before the token at ``stop`` if given."""
        found = self._actor_single(tok, sent, roles)
        if found is None or tok is None or not tok.doc.has_annotation("DEP"):
            return found
        called = self._named_appos(tok)
        if called is not None:
            # "the patrol ship HMS Kell": the name is who it is; the sentence writes the class too
            start = tok.left_edge.i
            while start < tok.i and tok.doc[start].dep_ in ("det", "punct"):
                start += 1
            _remember_once(sent, found, tok.doc[start : called.end].text)
            return found
        own = self._ent_of_token[tok.i]
        named_head = own < 0 or self._ents[own].label_ in (*ACTOR_LABELS, *PLACE_LABELS, "COUNTRY")
        # "the battalion" pointing back: not in its phrase; a name is no pronoun ("the US and its allies")
        if named_head and (own >= 0 or tok.lower_ not in _PRONOUNS):
            written = _written_phrase(tok, sent, stop)
            definite = tok.lower_ in self.definite_heads and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the"
            # "HMS Kell in the Gulf of Orsk seized ...": where a named body acted is no part of its name
            rest = written[len(found) + 1 :] if written and own >= 0 and written.startswith(found + " ") else ""
            where = tok.pos_ == "PROPN" and rest.split(" ", 1)[0] in ("in", "at", "inside", "within", "off")
            if written is not None:
                written = _without_description(tok, written)
            if written is not None and found in written:
                written = self._with_body(tok, written)
            if written is not None and (found in written or definite) and not where:
                _remember_once(sent, found, written)  # "the service": as written, and who it is
            else:
                _remember_once(sent, found, found)
        last: Token | None = None
        for c in _conjuncts(tok)[1:]:
            if c.doc[c.left_edge.i].lower_ in _OWN_OR_OTHER and not any(t.pos_ == "PROPN" for t in c.subtree):
                break  # "the agency and other police agencies": no one more the record can name
            if c.i > tok.i and self._actor_single(c, sent, Roles()) is not None:
                last = c if last is None or c.i > last.i else last
        if last is None:
            return found
        doc = tok.doc
        start = tok.left_edge.i
        while start < tok.i and doc[start].dep_ in ("det", "punct", "cc"):
            start += 1
        k = self._ent_of_token[last.i]
        end = max(last.i + 1, self._ents[k].end if k >= 0 else 0)
        for c in last.rights:  # "and his partner Susan Moore": the last one's name is in the phrase
            named = self._ent_of_token[c.i]
            if c.dep_ == "appos" and named >= 0 and doc[c.left_edge.i - 1].text != ",":
                end = max(end, self._ents[named].end)
        if end - start > 25:
            return found
        return doc[start:end].text

    def _actor_single(self, tok: Token | None, sent: Span, roles: Roles) -> str | None:
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
            called = self._named_appos(tok)
            if called is not None:
                return called.text
            scope = [c for c in tok.children if c.dep_ in ("compound", "amod", "nmod", "poss", "appos")]
            scope += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from") for g in c.subtree]
            if tok.lower_ in _GOVERNMENT_NOUNS:  # "the Biden administration", "the Polish government"
                mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod") and self._entity_at(c, labels)]
                if mods:
                    return doc[min(c.i for c in mods) : tok.i + 1].text
            if tok.lower_ in _ONE_PERSON_NOUNS and tok.pos_ == "NOUN":
                named = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod") and self._entity_at(c, labels)]
                if named:  # "a 19-year Army veteran": a person the unit describes, not the unit
                    start = tok.left_edge.i
                    while start < tok.i and doc[start].dep_ in ("det", "punct", "poss"):
                        start += 1
                    return doc[start : tok.i + 1].text
            for t in sorted(scope, key=lambda t: t.i):
                ent = self._entity_at(t, labels)
                if (ent is not None and ent.label_ not in ("PLACE", "COUNTRY")) or (ent is not None and not scope[1:]):
                    return ent.text if ent is not None else None
        if tok.lower_ in _PRONOUNS:
            if tok.lower_ == "they":
                # "The ministry says that they will deliver ...": the plural pronoun of a reported
                # clause is the ones who report it, before any party named in earlier sentences
                found = self._reported_speaker(tok, sent) or self._antecedent(tok, sent)
            else:
                found = self._antecedent(tok, sent) or self._reported_speaker(tok, sent)
            if found:
                roles.penalty += 0.05
            return found
        if tok.lower_ in self.definite_heads:
            found = self._definite(tok)
            if found:
                return found
        of_follows = tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of"
        if not doc.has_annotation("DEP") and tok.lower_ in _MEMBER_NOUNS and of_follows:
            # word order: "fighters of the Amber Hand", "crew of the MV Lunaria"
            k = tok.i + 2 + (tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "the")
            ent = self._entity_at(doc[k], ACTOR_LABELS) if k < len(doc) else None
            if ent is not None:
                return ent.text
        if doc.has_annotation("DEP") and tok.lower_ in _MEMBER_NOUNS:
            # "the crew of the MV Lunaria", "sailors of the Aldermoor": the named body they serve
            for name in (g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"):
                if name.pos_ == "PROPN" and name.is_title:
                    start = min([name.i, *[c.i for c in name.lefts if c.dep_ == "compound"]])
                    return doc[start : name.i + 1].text
        if tok.lower_ in self.actor_nouns or tok.lemma_.lower() in self.actor_nouns:
            return self._phrase(tok)
        return None

    def _with_body(self, tok: Token, written: str) -> str:
        """ "officers from the Holmland police", "agents with the border service", "troops of the
        army": people told by the body they serve, as written, where the phrase stopped at the
        preposition (the body's words name no one on their own)."""
        doc = tok.doc
        if tok.lower_ not in _MEMBER_NOUNS | _ONE_PERSON_NOUNS | {"agents", "investigators", "inspectors"}:
            return written
        for prep in tok.rights:
            if prep.dep_ != "prep" or prep.lower_ not in ("from", "of", "with"):
                continue
            body = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if body is None or body.i > tok.i + 6:
                return written
            if not (body.lower_ in self.actor_nouns or self._entity_at(body, ACTOR_LABELS) is not None):
                return written
            start = tok.left_edge.i
            while start < tok.i and (doc[start].dep_ in ("det", "punct", "poss") or doc[start].is_punct):
                start += 1
            k = self._ent_of_token[body.i]
            end = max(body.i + 1, self._ents[k].end if k >= 0 else 0)
            phrase = doc[start:end].text
            return phrase if len(phrase) > len(written) else written
        return written

    def _named_appos(self, tok: Token) -> Span | None:
        """The name set right after a common noun, without a comma ("the patrol ship HMS Kell",
        "the destroyer USS Arden", "his associate Dana Voss"): the party the noun describes."""
        if tok.pos_ != "NOUN":
            return None
        for c in tok.rights:
            if c.dep_ == "appos" and c.left_edge.i == tok.i + 1:
                ent = self._entity_at(c, ("MILITARY_UNIT", "PERSON", "ORGANIZATION", "ARMED_GROUP"))
                if ent is not None and ent.start == tok.i + 1:
                    return ent
        return None

    def _common_actor(self, tok: Token, sent: Span, stop: int | None = None) -> str | None:
        """An unnamed party as written ("a civilian acquaintance", "the appellant", "the small
        craft"): a noun phrase that is no item, amount, date or place, and no pronoun (ending
        before the token at ``stop`` if given)."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in _PRONOUNS:
            return None
        k = self._ent_of_token[tok.i]
        if k >= 0 and self._ents[k].label_ not in ACTOR_LABELS:
            return None
        lemma = tok.lemma_.lower()
        if tok.lower_ in self.materiel_nouns or lemma in self.materiel_nouns or lemma in _NOT_PARTIES:
            return None
        if any(self._ent_of_token[c.i] >= 0 and self._ents[self._ent_of_token[c.i]].label_ in _ITEM_LABELS
               for c in tok.children if c.dep_ in ("compound", "nummod", "amod")):
            return None  # "5.56 mm rounds"
        name = self._phrase(tok)
        written = _written_phrase(tok, sent, stop)
        if written is not None:
            written = _without_description(tok, written)
        _remember_once(sent, name, written if written is not None and name in written else name)
        return name

    def _first_common(self, toks: Sequence[Token], sent: Span) -> str | None:
        return next(filter(None, (self._common_actor(_partitive(t), sent) for t in toks)), None)

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
            # "to one of the rival governments": the group a part of which is told
            found = self._actor(_keeper(_partitive(t)), sent, roles)
            if found:
                return found
        return None

    def _phrase(self, tok: Token) -> str:
        doc = tok.doc
        start = tok.i
        if doc.has_annotation("DEP"):
            # with the modifiers' own modifiers: "a drug trafficking organization", not "trafficking organization"
            left = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
            start = min([tok.i, gerund_compound_start(tok), *[c.left_edge.i for c in left]])
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
        """ "the battalion", "the same group": the last actor entity before it with that head word
        as a head of its own ("the service" is not "Multi Services Limited Command")."""
        head = tok.lower_.rstrip("s")
        for ent in reversed([e for e in self._ents_in(0, tok.i) if e.end <= tok.i and e.label_ in ACTOR_LABELS]):
            heads = [t for t in ent if t.i + 1 == ent.end or ent.doc[t.i + 1].text == ","]
            if any(t.lower_.rstrip("s") == head for t in heads):
                return ent.text
        return None

    def _reported_speaker(self, tok: Token, sent: Span) -> str | None:
        """ "A veteran admitted that he stole ...": a personal pronoun in a clause reported by a
        verb of saying is the subject of that verb, named or not."""
        if tok.lower_ not in ("he", "she", "they") or not tok.doc.has_annotation("DEP"):
            return None
        cur = tok.head
        for _ in range(6):
            if cur.dep_ in ("ccomp", "conj") and cur.head.i != cur.i:
                says = cur.head
                # "CITY, State – A veteran admitted": the dateline is no speaker
                subjects = [past_dateline(c) for c in says.children if c.dep_ == "nsubj" and c.i < tok.i]
                subj = next(filter(None, subjects), None)
                if subj is None and says.dep_ == "acl" and says.head.i < says.i:
                    subj = says.head  # "A quartermaster admitted ...", the verb misread as a participle
                placed = subj is not None and self._entity_at(subj, ("PLACE", "BORDER_CROSSING", "DEPOT")) is not None
                if subj is not None and not placed and subj.lower_ not in _PRONOUNS and subj.pos_ in ("NOUN", "PROPN"):
                    return self._actor(subj, sent, Roles()) or self._common_actor(subj, sent)
                return None
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def _label_of(self, text: str | None, sent: Span) -> str | None:
        if not text:
            return None
        for ent in self._ents_in(max(0, sent.start - 400), sent.end):
            if ent.text == text:
                return ent.label_
        return None



#: Nouns of holding whose "of" names the holder ("to the custody of the coast guard").
_HOLDING_NOUNS = {"custody", "possession", "hands", "control", "care", "charge",
                  # "from the stocks of the Vell army": the party whose stores they are
                  "stocks", "stock", "stockpile", "stockpiles", "arsenal", "arsenals", "inventory", "inventories"}


#: Words that take a part of a group ("two of its ships", "some of the officers").


def _partitive(tok: Token) -> Token:
    """ "two of its patrol ships seized ...": the group a part of which acts, else ``tok``."""
    if tok.lower_ not in _PARTITIVES and tok.pos_ != "NUM":
        return tok
    return next((g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), tok)


def _keeper(tok: Token) -> Token:
    """ "handed to the custody of the coast guard", "into the hands of the militia": the holder
    named after a noun of holding, else ``tok``."""
    if tok.lower_ not in _HOLDING_NOUNS or not tok.doc.has_annotation("DEP"):
        return tok
    return next((g for c in tok.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"), tok)


def _remember_once(sent: Span, name: str, written: str) -> None:
    """Keep how the sentence writes the role naming ``name``; where it names the same party in two
    phrases ("weapons taken from ISIS positions ... were diverted to ISIS"), the roles that name it
    are written as the name alone, not as the other role's phrase."""
    kept = recall_in_sentence(sent.doc, WRITTEN_KEY, name, sent.start_char)
    if kept is not None and kept != written:
        written = name
    remember_in_sentence(sent, WRITTEN_KEY, name, written)


#: Words opening a partner told only by relation to the first ("and their associates", "and other agencies").
_OWN_OR_OTHER = {"his", "her", "their", "its", "other", "several", "various"}


#: Words opening a description set off by a comma after a party: an age ("Dorran Pell, 41,"), a
#: home ("of Kell"), a role ("an Air Force member", "formerly an armourer").
_DESCRIPTION_OPENERS = {"a", "an", "aged", "age", "of", "from", "formerly", "once", "now", "then"}


def _without_description(tok: Token, written: str) -> str:
    """ "Dorran Pell, 41, of Kell", "Tam Orrel, an active duty Air Force member", "the van driver,
    a man in his 30s": a description set off by a comma after one party (an age, a home, a role)
    names no one more, and the phrase stops before it. Names there ("the two officers, Ann Holt
    and Lee Marr") or a further party after it ("Viktor Bout, an arms dealer, and his associate
    ...") stay."""
    doc = tok.doc
    begin = doc_text(doc).find(written, max(0, tok.left_edge.idx - 1))
    if begin < 0:
        return written
    end = begin + len(written)
    comma = next((t for t in doc[tok.i + 1 : tok.sent.end] if t.idx >= end or t.text == ","), None)
    if comma is None or comma.idx >= end or comma.i + 1 >= len(doc):
        return written
    rest = [t for t in doc[comma.i + 1 : tok.sent.end] if t.idx < end]
    if not rest or any(t.lower_ in ("and", "or", "&", ";") for t in rest):
        return written
    if not (rest[0].lower_ in _DESCRIPTION_OPENERS or rest[0].like_num):
        return written  # "the two officers, Ann Holt ...": the names they are
    return doc_text(doc)[begin : comma.idx].rstrip(" ,")


#: Heads that never name a party ("sold for cash", "moved to storage", "taken from service").
_NOT_PARTIES = {"use", "purpose", "sale", "market", "storage", "custody", "possession", "service", "inventory",
                "stock", "record", "account", "time", "year", "month", "day", "week", "way", "part", "cash",
                "money", "value", "price", "profit", "fund", "charge", "investigation", "operation", "country",
                "area", "region", "place", "site", "border", "coast", "sea", "port", "route", "destination",
                "end", "number", "total", "amount", "lot", "batch", "order", "contract", "deal", "program"}
_NOT_PARTIES |= {"package", "tranche", "assistance", "aid", "capability", "drawdown", "funding", "shipment",
                 "consignment", "cargo", "load", "delivery", "transfer", "seizure", "haul", "cache", "raid",
                 "search", "inspection", "probe", "crackdown", "sweep", "check", "audit", "review", "report",
                 "statement", "release", "document", "documents", "records", "evidence"}
# means of transport, not parties: "transported by road", "moved overland"
_NOT_PARTIES |= {"road", "rail", "air", "land", "foot"}
#: Nouns of one person whose modifiers describe them ("a 19-year Army veteran", "a former
#: Marine Corps armorer"): the person acts, not the body named in the description.
_ONE_PERSON_NOUNS = {"veteran", "armorer", "armourer", "soldier", "officer", "sergeant", "employee", "contractor",
                     "official", "member", "agent", "pilot", "sailor", "guard", "clerk", "captain", "reservist",
                     "specialist", "technician", "worker", "staffer", "recruit", "instructor", "supervisor",
                     "quartermaster", "driver", "corporal", "lieutenant", "colonel", "commander", "serviceman"}
_MEMBER_NOUNS = {"crew", "crews", "crewmen", "sailors", "members", "soldiers", "officers", "troops", "fighters",
                 "personnel", "sergeants", "officials", "militants", "men", "staff", "employees"}
