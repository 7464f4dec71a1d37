"""Custody event triggers: verbs and nouns of custody, and the frames that cancel them."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .event_base import ACTOR_LABELS, DESTINED_FORMS, EventRulesBase, Trigger
from .event_keeping import (
    CARRIAGE_LEMMAS,
    FINDING_LEMMAS,
    KEEPING_LEMMAS,
    KEEPING_PLACES,
    USING_LEMMAS,
    addressed_to,
    carried_without_receiver,
    held_to_a_state,
    keeping_place,
    possession_charged,
    used_by_actor,
)
from .event_taking import (
    _AMOUNT_NOUNS,
    _ARRIVING_LEMMAS,
    _CARRYING_LEMMAS,
    _YIELDING_LEMMAS,
    ARRESTING_LEMMAS,
    _after_break_in,
    _carried_off,
    _off_particle,
    _search_subject,
)

#: When words of several modalities frame one trigger ("charged with conspiring to sell"), the
#: first of these wins: a charge makes the attempt itself unproven.
MODALITY_ORDER = ("alleged", "attempted", "planned")
#: Dependencies followed upwards from a trigger to the words that frame it.
_FRAME_DEPS = {
    "xcomp",
    "ccomp",
    "pcomp",
    "pobj",
    "prep",
    "conj",
    "advcl",
    "acl",
    "dobj",
    "nsubjpass",
    "auxpass",
    "compound",
}


#: Verbs of finding, and the searches whose finds they report ("boarded ... and found").
_FINDING_FORMS = {"found", "discovered", "uncovered", "located"}
_SEARCHING_LEMMAS = {"search", "inspect", "board", "examine", "scan", "raid", "x-ray", "check", "screen"}
_SEARCHING_FORMS = {
    "searched", "inspected", "boarded", "examined", "scanned", "raided", "x-rayed", "checked", "screened",
}  # fmt: skip


#: Verbs of keeping goods out of sight: an act in a clause of their own ("the rifles were hidden
#: in a barn"), a description of where goods lay when they modify them ("rifles hidden in a lorry").
_HIDING_LEMMAS = {"hide", "bury", "conceal"}
#: Hiding verbs that keep goods only in a passive clause of their own ("the rifles were concealed
#: in a barn"): goods seized "that were concealed in a lorry", or a gang that "concealed the rifles
#: in crates" to ship them, tell how the goods travelled, not where they were kept.
_PASSIVE_HIDING_LEMMAS = {"conceal"}
#: Verbs of bringing goods in whose "through" phrase names the route they took.
_ROUTED_LEMMAS = {"bring"}
#: Forms of "be" before a passive verb, read without a parse.
_BE_FORMS = {"was", "were", "been", "being", "is", "are", "be"}

#: Forms of "end", as in "ended up with the group".
_ENDING_FORMS = {"end", "ends", "ended", "ending"}
#: Verbs that report an item seen with its holder: "found with the fighters", "ended up with X".
FOUND_WITH_FORMS = _FINDING_FORMS | _ENDING_FORMS
#: Nouns of people who can hold an item: "found with the fighters".
_HOLDER_NOUNS = {
    "fighter", "fighters", "militant", "militants", "rebel", "rebels", "insurgent", "insurgents", "soldier",
    "soldiers", "combatant", "combatants", "member", "members", "smuggler", "smugglers", "trafficker",
    "traffickers", "man", "men", "suspect", "suspects", "militia", "militiamen", "gunmen", "bandits",
}  # fmt: skip
#: Forms of "contain" that, after a place of keeping, tell what was kept there ("a cache containing").
CONTAINING_FORMS = {"containing", "contained"}

#: Nouns that an act noun before them makes the name of a place or a record ("storage site",
#: "inventory records", "transit area"), which tell no act.
_SITE_AND_RECORD_NOUNS = {
    "site", "sites", "facility", "facilities", "area", "areas", "room", "rooms", "building", "buildings",
    "container", "containers", "yard", "yards", "shed", "sheds", "bunker", "bunkers", "record", "records",
    "register", "registers", "database", "databases", "ledger", "ledgers", "log", "logs", "system", "systems",
}  # fmt: skip

#: Verbs of keeping a record up ("keeps an inventory of ..."), which tell no check.
_RECORD_KEEPING = {"keep", "maintain"}

#: Blockers that, over a finite "that" clause, report a finding ("identified that the network
#: was smuggling rifles") rather than frame a hypothetical act ("fear that it will sell ...").
_FINDING_BLOCKERS = {"identify", "detect", "track"}


def is_destined(tok: Token) -> bool:
    """ "bound for", "destined to", "headed for", "intended for": a stated destination of goods
    ("intended to" frames an act, it names no destination)."""
    doc = tok.doc
    if tok.lower_ not in DESTINED_FORMS or tok.i + 1 >= len(doc):
        return False
    return doc[tok.i + 1].lower_ in (("for",) if tok.lower_ == "intended" else ("for", "to"))


class TriggerRules(EventRulesBase):
    def _triggers(self, sent: Span) -> list[Trigger]:
        doc = sent.doc
        has_pos = doc.has_annotation("POS")
        out: list[Trigger] = []
        words, lemmas = self._trigger_words()
        starts = self._trigger_starts()
        lowers, lemma_lowers = self._lowers, self._lemma_lowers
        for i in range(sent.start, sent.end):
            if lowers[i] not in starts and lemma_lowers[i] not in lemmas:
                continue  # most tokens: none of the rules below can start on them
            tok = doc[i]
            ended_up = tok.lower_ in _ENDING_FORMS and tok.i + 1 < sent.end and doc[tok.i + 1].lower_ == "up"
            if (tok.lower_ in _FINDING_FORMS or ended_up) and self._found_with_holder(tok, sent, ended_up):
                # "two rifles were found with the militia fighters", "the rifles ended up with the
                # group": the item seen with an actor
                if not self._negated(tok) and not self._blocked(tok):
                    trig = Trigger(tok, "OBSERVATION", "see", False, 0.7)
                    trig.modality = self._modality(tok)
                    out.append(trig)
                continue
            if tok.lower_ in _FINDING_FORMS and self._found_in_search(tok, sent):
                # "boarded the dhow and discovered 300 rifles": what a search finds is seized
                if not self._negated(tok) and not self._blocked(tok):
                    trig = Trigger(tok, "SEIZURE", "take", False, 0.75)
                    trig.modality = self._modality(tok)
                    out.append(trig)
                continue
            if tok.lower_ in CONTAINING_FORMS and _kept_in_place(tok):
                # "found a cache containing 30 rifles": the goods were kept there, whoever found them
                if not self._negated(tok) and not self._blocked(tok):
                    trig = Trigger(tok, "STORAGE", "hold", False, 0.75)
                    trig.modality = self._modality(tok)
                    out.append(trig)
                continue
            kept = keeping_place(tok, self._goods_word) is not None
            addressed = not kept and addressed_to(tok)
            if kept or addressed or used_by_actor(tok, self._holder):
                # "the rifles were kept in a depot", "were in the armoury": goods in a place of
                # keeping; "parcels addressed to a residence": a delivery to the addressee; "the
                # militia used mortars": goods seen with their user
                if not self._negated(tok) and not self._blocked(tok) and not _habitual(tok):
                    kind = "STORAGE" if kept else "DELIVERY" if addressed else "OBSERVATION"
                    trig = Trigger(tok, kind, "give" if addressed else "hold", False, 0.7)
                    trig.modality = self._modality(tok)
                    out.append(trig)
                continue
            if is_destined(tok) and doc.has_annotation("DEP"):
                # "the rifles were bound for the militia": a transfer the goods were on their way
                # to (left to the seizure's route when an act of the sentence cut it short)
                if not self._negated(tok) and not self._blocked(tok):
                    trig = Trigger(tok, "TRANSFER", "give", False, 0.7)
                    trig.modality = "planned"
                    out.append(trig)
                continue
            if lowers[i] not in words and lemma_lowers[i] not in lemmas:
                continue  # most tokens: no trigger, no need for the rules below
            lemma = self._lemma(tok)
            verbal = tok.pos_ in ("VERB",) if has_pos else tok.lower_ in self.forms
            nominal = tok.pos_ in ("NOUN", "PROPN") if has_pos else tok.lower_ not in self.forms
            found: tuple[str, str] | None = None
            noun = False
            nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
            if verbal and nxt is not None and (lemma, nxt.lower_) in self.particles:
                found = self.particles[(lemma, nxt.lower_)]
                if lemma in _ROUTED_LEMMAS and tok.i + 2 < sent.end and doc[tok.i + 2].lower_ == "through":
                    found = ("TRANSIT", "move")  # "brought in through Tarvia": the route, not the end user
            elif (
                verbal
                and lemma in _CARRYING_LEMMAS
                and nxt is not None
                and _off_particle(tok, nxt)
                and (carried := _carried_off(tok)) is not None
            ):
                found = carried  # "rioters took away 300 rifles", "police carted off the guns"
            elif verbal and lemma in ARRESTING_LEMMAS and self._arrested_with_goods(tok):
                found = ("SEIZURE", "take")  # "he was arrested with 14 rounds": the goods held on him are seized
            elif verbal and lemma in _ARRIVING_LEMMAS and self._goods_subject(tok):
                found = ("DELIVERY", "move")  # "the rifles arrived on 5 July", "the missiles will reach Q"
            elif verbal and lemma in _YIELDING_LEMMAS and _search_subject(tok):
                found = ("SEIZURE", "take")  # "the raid yielded 40 rifles": what a search brings in is seized
            elif verbal and (lemma, "from") in self.particles and _object_then(tok, "from"):
                found = self.particles[(lemma, "from")]  # "taking 16 rifles from the armory"
            elif verbal and lemma in _CARRYING_LEMMAS and _after_break_in(tok):
                found = ("THEFT", "take")  # "stormed the armoury and took away 300 rifles"
            elif verbal and (lemma, "to") in self.particles and _object_then(tok, "to") and not _shown_to_checkers(tok):
                found = self.particles[(lemma, "to")]  # "presented 300 rifles to the police"
            elif verbal and lemma in self.verbs:
                found = self.verbs[lemma]
            elif nominal and (tok.lemma_.lower() or tok.lower_) in self.nouns:
                found = (self.nouns[tok.lemma_.lower() or tok.lower_], "noun")
                noun = True
            elif nominal and tok.lower_ in self.nouns:
                found = (self.nouns[tok.lower_], "noun")
                noun = True
            elif tok.lower_ in self.adjectives and (not has_pos or tok.pos_ in ("ADJ", "VERB")):
                found = self.adjectives[tok.lower_]  # "went missing", "the missing rifles"
            if found is not None and lemma in CARRIAGE_LEMMAS and not noun and carried_without_receiver(tok):
                found = ("TRANSIT", "move")  # "a haulier was transporting the ammunition": carried, given to no one
            unaccounted = found is not None and found[1] == "hold" and lemma == "account" and self._negated(tok)
            if unaccounted:
                # "could not account for 1,100 devices": an accountability check that found them gone
                found = ("LOSS", "lose")
            elif found is None or self._negated(tok):
                continue
            if found is None or self._blocked(tok) or possession_charged(tok, lemma) or held_to_a_state(tok, lemma):
                continue
            if (noun or tok.lower_ == lemma) and _names_a_site_or_record(tok):
                continue  # "a weapons storage site", "inventory records": a place or a record, no act
            if noun and found[0] == "INVENTORY" and tok.dep_ == "dobj" and self._lemma(tok.head) in _RECORD_KEEPING:
                continue  # "keeps an inventory of its rifles": a record kept, no check told
            if lemma in _HIDING_LEMMAS and has_pos and tok.dep_ in ("acl", "amod"):
                continue  # "found rifles hidden in a lorry": where the goods lay, not an act of keeping
            if lemma in _PASSIVE_HIDING_LEMMAS and not _own_passive_clause(tok):
                continue
            if found[0] == "THEFT" and not noun and self._uncertain(tok):
                continue  # "rifles could be stolen": no theft told
            trig = Trigger(tok, found[0], found[1], noun, 0.75 if noun else 0.85)
            # "soldiers often steal ammunition", "dealers who facilitate the smuggling of rifles":
            # no act told, but the goods are the general act's, no other trigger's
            trig.general = _habitual(tok) or (noun and tok.dep_ in ("dobj", "pobj") and _habitual(tok.head))
            if self._uncertain(tok) and not unaccounted:
                trig.confidence -= 0.15
            trig.modality = "reported" if unaccounted else self._modality(tok)
            out.append(trig)
        if any(t.type == "SEIZURE" for t in out):
            # the seizure reads the destination as the route it cut short; a theft or a loss
            # ("rifles intended for the army went missing") tells no route, the transfer stays
            out = [t for t in out if not is_destined(t.token)]
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
            return tok.pos_ in ("NOUN", "PROPN") and _under_denied_noun(tok)
        window = doc[max(tok.sent.start if doc.has_annotation("SENT_START") else 0, tok.i - 3) : tok.i]
        return any(t.lower_ in self.negations for t in window)

    def _blocked(self, tok: Token) -> bool:
        doc = tok.doc
        if doc.has_annotation("DEP"):
            if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in tok.children):
                return True  # "could not confirm whether the rifles were transferred": an open question
            if tok.dep_ == "pobj" and tok.head.i > 0:
                before = doc[tok.head.i - 1]  # "adopt controls on the transfer of": "on" hung on the verb
                if before.pos_ == "NOUN" and self._lemma(before) in self.blockers:
                    return True
            cur = tok
            for _ in range(4):
                # a relative clause or a coordinated verb is its own statement, not the blocker's complement
                if cur.head.i == cur.i or cur.dep_ in ("conj", "relcl", "acl", "appos", "parataxis"):
                    break
                if cur.dep_ == "advcl" and _past_fact(cur):
                    break  # "was the first to detect smugglers when it seized 900 rifles": told as done
                finite = cur.dep_ == "ccomp" and any(c.dep_ in ("nsubj", "nsubjpass") for c in cur.children)
                cur = cur.head
                if finite and self._lemma(cur) in _FINDING_BLOCKERS:
                    break  # "identified that the network was smuggling ...": a finding, not a frame
                if self._lemma(cur) in self.blockers or cur.lower_ in self.blockers:
                    return True
                # "it is illegal to export ...": the frame is the copula's complement
                if any(c.dep_ == "acomp" and c.lower_ in self.blockers for c in cur.children):
                    return True
            # "the largest drawdown to date": a comparison, not an act; "made the largest seizure of
            # rifles", "the rifles in this latest seizure": the act told, the object of a verb or
            # the last one in time
            return (
                tok.pos_ == "NOUN"
                and tok.dep_ != "dobj"
                and any(c.tag_ == "JJS" and c.lower_ not in _ORDER_SUPERLATIVES for c in tok.children)
            )
        window = doc[max(0, tok.i - 4) : tok.i]
        return any(self._lemma(t) in self.blockers or t.lower_ in self.blockers for t in window)

    def _uncertain(self, tok: Token) -> bool:
        if tok.doc.has_annotation("DEP"):
            return any(c.lower_ in self.uncertain for c in tok.children)
        return tok.i > 0 and tok.doc[tok.i - 1].lower_ in self.uncertain

    def _modality(self, tok: Token) -> str:
        """ "reported", or how the text frames the act: "alleged" (charged with, accused of,
        suspected of, the alleged ...), "attempted" (tried to, conspired to, attempted ...) or
        "planned" (planned to, agreed to, would ...). Modality never removes an event."""
        found: set[str] = set()
        doc = tok.doc
        if doc.has_annotation("DEP"):
            cur = tok
            for _ in range(6):
                for c in cur.children:
                    if c.dep_ in ("aux", "amod", "advmod"):
                        marker = self.modality_markers.get(c.lower_) or self.modality_markers.get(c.lemma_.lower())
                        if marker and c.i < tok.i:
                            found.add(marker)
                if cur.i != tok.i:
                    marker = self.modality_markers.get(cur.lemma_.lower()) or self.modality_markers.get(cur.lower_)
                    if marker:
                        found.add(marker)
                if cur.head.i == cur.i or cur.dep_ not in _FRAME_DEPS:
                    break
                cur = cur.head
        else:
            start = tok.sent.start if doc.has_annotation("SENT_START") else 0
            for t in doc[max(start, tok.i - 6) : tok.i]:
                marker = self.modality_markers.get(t.lower_) or self.modality_markers.get(self._lemma(t))
                if marker:
                    found.add(marker)
        return next((m for m in MODALITY_ORDER if m in found), "reported")

    def _found_with_holder(self, tok: Token, sent: Span, ended_up: bool = False) -> bool:
        """ "rifles were found with ISIS fighters", "ended up with the group": a passive finding
        verb (or "end up") whose "with" phrase names who held the item (with a parse: a "with"
        child whose object is a person noun or a named actor; without: "with" next and such a
        word within the four words after it)."""
        doc = sent.doc
        if ended_up:
            tok = doc[tok.i + 1] if not doc.has_annotation("DEP") else tok
        if doc.has_annotation("DEP"):
            if tok.pos_ != "VERB" or not (ended_up or any(c.dep_ == "auxpass" for c in tok.children)):
                return False
            return any(self._holder(o) for o in with_objects(tok))
        nxt = doc[tok.i + 1 : min(sent.end, tok.i + 6)]
        return len(nxt) > 1 and nxt[0].lower_ == "with" and any(self._holder(t) for t in nxt[1:])

    @staticmethod
    def _holder(tok: Token) -> bool:
        """A person noun or a named actor: who can hold an item ("fighters", "the Red Hand")."""
        if tok.lower_ in _HOLDER_NOUNS or tok.lemma_.lower() in _HOLDER_NOUNS:
            return True
        return tok.ent_type_ in ACTOR_LABELS and tok.ent_type_ != "COUNTRY"

    def _found_in_search(self, tok: Token, sent: Span) -> bool:
        """ "inspected/boarded/searched the dhow and found ...": a finding verb joined by "and" to
        an earlier verb of searching (with a parse: its conjunct; without: within eight words)."""
        doc = sent.doc
        if doc.has_annotation("DEP"):
            # "inspected 25 rifles and found that 12 of them ...": what the search learnt, no goods found
            # ("found the rifles concealed in barrels": a clause without a mark or an auxiliary, the goods found)
            learnt = any(
                c.dep_ == "ccomp" and any(g.dep_ in ("mark", "aux", "auxpass") for g in c.children)
                for c in tok.children
            )
            return (
                tok.pos_ == "VERB"
                and tok.dep_ == "conj"
                and tok.head.lemma_.lower() in _SEARCHING_LEMMAS
                and not learnt
            )
        before = doc[max(sent.start, tok.i - 8) : tok.i]
        return any(t.lower_ == "and" for t in before) and any(t.lower_ in _SEARCHING_FORMS for t in before)

    def _arrested_with_goods(self, tok: Token) -> bool:
        """ "was arrested with four magazines", "caught with 12 pistols": the object of the verb's
        "with" phrase is goods (with a parse); "arrested with two others" tells no seizure."""
        if not tok.doc.has_annotation("DEP"):
            return False
        return any(self._goods_word(c) for o in with_objects(tok) for c in [o, *o.conjuncts])

    def _goods_subject(self, tok: Token) -> bool:
        """ "the rifles arrived", "the second batch of rifles arrived", "missiles from Q will reach
        the army": the subject of ``tok`` is goods (a weapon mention or a materiel noun, or a part
        of them: "a batch of rifles"), not an amount of them ("the number of rifles reached ..."),
        with a parse."""
        if not tok.doc.has_annotation("DEP"):
            return False
        for subj in (c for c in tok.children if c.dep_ == "nsubj"):
            if subj.lower_ in _AMOUNT_NOUNS or subj.lemma_.lower() in _AMOUNT_NOUNS:
                return False
            parts = [g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            if any(self._goods_word(n) for n in [subj, *parts]):
                return True
        return False

    def _trigger_words(self) -> tuple[set[str], set[str]]:
        """Every surface form and lemma that can start a trigger, built once."""
        cached: tuple[set[str], set[str]] | None = getattr(self, "_trigger_word_sets", None)
        if cached is None:
            words = set(self.forms) | set(self.nouns) | set(self.adjectives)
            lemmas = set(self.verbs) | set(self.nouns) | {verb for verb, _ in self.particles}
            lemmas |= _CARRYING_LEMMAS | _YIELDING_LEMMAS | _ARRIVING_LEMMAS | ARRESTING_LEMMAS
            lemmas |= KEEPING_LEMMAS | USING_LEMMAS | FINDING_LEMMAS
            cached = (words, lemmas)
            self._trigger_word_sets = cached
        return cached


    def _trigger_starts(self) -> set[str]:
        """Every surface form any rule of :meth:`_triggers` can start on: the trigger words and
        "found", "ended (up)", "bound (for)"; a token whose form and lemma are in neither set
        starts no trigger."""
        cached: set[str] | None = getattr(self, "_trigger_start_set", None)
        if cached is None:
            cached = self._trigger_words()[0] | _FINDING_FORMS | _ENDING_FORMS | DESTINED_FORMS | CONTAINING_FORMS
            cached |= {"addressed"}
            self._trigger_start_set = cached
        return cached


#: Superlatives of order in time, not of size: "this latest seizure" tells an act.
_ORDER_SUPERLATIVES = {"latest"}
#: Marks of an adverbial clause that tells no act as done ("if it sold", "unless", "so that").
_OPEN_MARKS = {"if", "whether", "unless", "so", "lest", "in", "order", "than"}
#: Auxiliaries of a past act: "when it had seized", "after the rifles were stolen".
_PAST_AUX = {"was", "were", "had"}


def _past_fact(verb: Token) -> bool:
    """An adverbial clause that tells a past act as done ("when the ship seized 900 rifles", "after
    the rifles had been stolen"): a subject of its own, a past verb and no mark of a condition or
    a purpose."""
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return False
    if any(c.dep_ == "mark" and c.lower_ in _OPEN_MARKS for c in verb.children):
        return False
    return verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.lower_ in _PAST_AUX for c in verb.children)


def _habitual(verb: Token) -> bool:
    """ "soldiers often steal ammunition", "dealers who buy or sell rifles": an active verb in the
    present tense whose subject (or, coordinated, its first verb's; in a relative clause, the noun
    it describes) is a bare plural, what is done in general."""
    if not verb.doc.has_annotation("DEP"):
        return False
    while verb.dep_ == "conj" and verb.head.pos_ == "VERB" and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head  # "individuals who buy or sell rifles": the first verb tells the tense and subject
    if verb.tag_ not in ("VBP", "VBZ") or any(c.dep_ in ("aux", "auxpass") for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl" and any(s.tag_ in ("WP", "WDT") for s in subjects):
        subjects = [verb.head]  # "individuals who purchase rifles": the noun the clause describes
    return any(
        s.tag_ == "NNS" and not any(c.dep_ in ("det", "nummod", "poss", "compound") for c in s.children)
        for s in subjects
    )


def _kept_in_place(tok: Token) -> bool:
    """ "a cache containing rifles", "an arms cache of the group containing ...": a participle of
    "contain" that describes a place of keeping (with a parse: its clause modifies such a noun;
    without: "containing" just after one)."""
    doc = tok.doc
    if doc.has_annotation("DEP"):
        if tok.dep_ != "acl":
            return False
        place = tok.head
        if place.dep_ == "pobj" and place.head.lower_ == "of":
            place = place.head.head  # "a cache of the group containing ...": the parser hangs it on the owner
        return place.lower_ in KEEPING_PLACES
    return tok.lower_ == "containing" and tok.i > 0 and doc[tok.i - 1].lower_ in KEEPING_PLACES


#: Words of checking: goods "presented to the joint inventory team" were shown for a check, not given.
_CHECKING_WORDS = {
    "inventory", "inspection", "inspector", "inspectors", "monitor", "monitors", "monitoring", "audit",
    "auditor", "auditors", "verification", "check", "checks",
}  # fmt: skip


def _shown_to_checkers(tok: Token) -> bool:
    """The "to" phrase of ``tok`` names who checks the goods ("to the joint inventory team")."""
    return any(
        g.lower_ in _CHECKING_WORDS
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "to"
        for g in c.subtree
    )


def _object_then(tok: Token, prep: str) -> bool:
    """ "took 16 rifles from the armory", "presented 300 rifles to the police": the verb of a "VERB
    from" or "VERB to" trigger with its object between (a direct object and a ``prep`` phrase of
    its own, with a parse)."""
    if not tok.doc.has_annotation("DEP"):
        return False
    deps = {(c.dep_, c.lower_) for c in tok.children}
    return any(d == "dobj" for d, _ in deps) and ("prep", prep) in deps


def prep_objects(head: Token, prep: str) -> list[Token]:
    """The objects of ``head``'s ``prep`` phrases, in order."""
    return [o for p in head.children if p.dep_ == "prep" and p.lower_ == prep for o in p.children if o.dep_ == "pobj"]


def with_objects(tok: Token) -> list[Token]:
    """The objects of ``tok``'s "with" phrases, in order ("found with the fighters": fighters)."""
    return prep_objects(tok, "with")


def _own_passive_clause(tok: Token) -> bool:
    """ "the rifles were concealed in a barn": a passive verb of a clause of its own (not a relative
    clause); without a parse, a form of "be" just before it."""
    doc = tok.doc
    if not doc.has_annotation("DEP"):
        return tok.i > 0 and doc[tok.i - 1].lower_ in _BE_FORMS
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)
    return passive and tok.dep_ not in ("relcl", "acl")


def _under_denied_noun(tok: Token) -> bool:
    """ "made no decision on the delivery of rifles", "has not taken any decisions regarding the
    transfer of ...": an act noun in the phrase of a noun that "no" (or "not ... any") denies."""
    cur = tok
    for _ in range(4):
        if cur.dep_ not in ("pobj", "prep", "pcomp", "acl") or cur.head.i == cur.i:
            return False
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX") and cur.dep_ != "prep":
            # "has not taken any decisions regarding the transfer", the phrase hung on the verb
            objs = [c for c in cur.children if c.dep_ == "dobj"]
            denied = any(c.dep_ == "neg" for c in cur.children)
            return denied and any(d.dep_ == "det" and d.lower_ == "any" for o in objs for d in o.children)
        if cur.pos_ not in ("NOUN", "PROPN"):
            continue
        dets = {d.lower_ for d in cur.children if d.dep_ == "det"}
        if "no" in dets:
            return True
        verb = cur.head if cur.dep_ in ("dobj", "nsubjpass") else None
        if "any" in dets and verb is not None and any(c.dep_ == "neg" for c in verb.children):
            return True
    return False


def _names_a_site_or_record(tok: Token) -> bool:
    """ "a weapons storage site", "inventory records": the act noun modifies a noun of a place or
    a record (without a parse: the word right after it is one)."""
    doc = tok.doc
    if doc.has_annotation("DEP"):
        return tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.lower_ in _SITE_AND_RECORD_NOUNS
    return tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in _SITE_AND_RECORD_NOUNS
