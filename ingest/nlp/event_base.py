"""What every custody event rule shares: the trigger lexicon, the document's entity index and
the dependency helpers that find which trigger governs a token."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from .catalogue import singular_alias
from .event_text import span_text, starts_a_line

WEAPON_LABELS = ("SERIAL_NUMBER", "WEAPON_SYSTEM", "WEAPON_CATEGORY")
#: Words that state where goods were going: "rifles bound for the militia", "destined for Q".
DESTINED_FORMS = {"bound", "destined", "headed", "intended"}
#: Labels of item mentions the event rules make themselves (not entities): generic materiel
#: ("weapons", "arms shipment") and vessels (items of seizures only).
MATERIEL, VESSEL = "MATERIEL", "VESSEL"
GENERIC_ITEM_LABELS = ("WEAPON_CATEGORY", MATERIEL, VESSEL)
#: Prepositions through which a governed noun is still the item ("seizure of", "including").
ITEM_PREPS = {"of", "including", "include", "like", "as", "among"}
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
    "s",  # "s/n" as the tokenizer splits it: "s", "/", "n"
    "/",
    "n",
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
_GLUE_QUANTITY = {"of", "-", "–", "x", "×"}  # "04 x 9mm Pistols": a count in a stores list
_PLACE_PREPS = {"at", "in", "near", "on", "through", "via", "outside", "inside", "into", "across"}
_GOVERNMENT_NOUNS = {"administration", "government", "regime", "cabinet", "authorities"}
# ("goods ranging from radios to rifles": the run of goods, no giver and receiver)
_NOT_ROLE_HEADS = {"according", "due", "prior", "owing", "thanks", "addition", "regard", "respect", "ranging"}
#: Regions a name is written after: "the northern state of Varos", "the port city of Kell".
REGION_NOUNS = {"state", "province", "region", "district", "city", "town", "village", "county", "territory",
                "governorate", "municipality", "island", "area", "department"}


@dataclass
class Trigger:
    token: Token
    type: str
    frame: str
    noun: bool
    confidence: float = 0.85
    modality: str = "reported"
    #: told as done in general ("dealers sell rifles"): it holds its goods, but tells no event
    general: bool = False


@dataclass
class Cluster:
    mentions: list[Span]
    sentence: Span
    quantity: Span | None = None
    #: the count of the whole a part is taken from ("16" in "nine of the 16 rifles")
    whole: Span | None = None

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
        first, last = self.mentions[0], self.mentions[-1]
        if len(self.mentions) > 1 and all(m.label_ in GENERIC_ITEM_LABELS for m in self.mentions):
            # "surface-to-air missile" + "systems": the whole phrase is the item
            label = "WEAPON_CATEGORY" if any(m.label_ == "WEAPON_CATEGORY" for m in self.mentions) else last.label_
            return [Span(first.doc, first.start, last.end, label=label)]
        return [last]

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


class EventRulesBase:
    """The trigger lexicon and the entity index of the document being read."""

    verbs: dict[str, tuple[str, str]]
    particles: dict[tuple[str, str], tuple[str, str]]
    nouns: dict[str, str]
    adjectives: dict[str, tuple[str, str]]
    receiving_nouns: set[str]
    needs_actor: set[str]
    blockers: set[str]
    negations: set[str]
    uncertain: set[str]
    actor_nouns: set[str]
    definite_heads: set[str]
    forms: dict[str, str]
    context_sentences: int
    modality_markers: dict[str, str]
    materiel_nouns: set[str]
    vessel_nouns: set[str]
    container_nouns: set[str]
    vague_modifiers: set[str]
    _ents: list[Span]
    _trigger_word_sets: tuple[set[str], set[str]]
    _trigger_tokens: set[int]
    _ent_of_token: list[int]
    _ent_starts: list[int]

    def _load_lexicon(self, triggers: dict[str, Any], actor_patterns: dict[str, Any]) -> None:
        self.verbs = {k: (v[0], v[1]) for k, v in triggers.get("verbs", {}).items()}
        self.particles = {}
        for k, v in triggers.get("particles", {}).items():
            verb, particle = k.split(" ", 1)
            self.particles[(verb, particle)] = (v[0], v[1])
        self.nouns = dict(triggers.get("nouns", {}))
        self.receiving_nouns = set(triggers.get("receiving_nouns", []))
        self.adjectives = {k: (v[0], v[1]) for k, v in triggers.get("adjectives", {}).items()}
        self.needs_actor = set(triggers.get("needs_actor", ["OBSERVATION"]))
        self.blockers = set(triggers.get("blockers", []))
        self.negations = set(triggers.get("negations", []))
        self.uncertain = set(triggers.get("modals_uncertain", []))
        self.actor_nouns = {a.lower() for a in actor_patterns.get("actor_nouns", [])}
        self.definite_heads = {a.lower() for a in actor_patterns.get("definite_heads", [])}
        # word (lemma) -> modality, e.g. "indict" -> alleged, "conspire" -> attempted
        self.modality_markers = {
            word.lower(): modality
            for modality, words in triggers.get("modality", {}).items()
            if modality != "about"
            for word in words
        }
        items = triggers.get("items", {})
        self.materiel_nouns = {w.lower() for w in items.get("materiel", [])}
        self.vessel_nouns = {w.lower() for w in items.get("vessels", [])}
        self.container_nouns = {w.lower() for w in items.get("containers", [])}
        self.vague_modifiers = {w.lower() for w in items.get("vague_modifiers", [])}
        self.forms = _verb_forms(list(self.verbs) + [p[0] for p in self.particles])

    def _lemma(self, tok: Token) -> str:
        lemma = tok.lemma_.lower() if tok.lemma_ else ""
        if lemma in self.verbs or lemma in self.nouns:
            return lemma
        return self.forms.get(tok.lower_, lemma or tok.lower_)

    def _index(self, doc: Doc) -> None:
        """Entities once per document (``doc.ents`` builds new spans on every access)."""
        self._ents: list[Span] = list(doc.ents)
        self._ent_of_token: list[int] = [-1] * len(doc)
        for k, ent in enumerate(self._ents):
            for i in range(ent.start, ent.end):
                self._ent_of_token[i] = k
        self._ent_starts = [e.start for e in self._ents]
        # every token's lowercase form and lowercase lemma, read once: the rules that look for
        # words in the whole document or sentence compare strings and build a Token only for a hit
        lowers: list[str] = []
        lemma_lowers: list[str] = []
        for tok in doc:
            lowers.append(tok.lower_)
            lemma_lowers.append(tok.lemma_.lower())
        self._lowers = lowers
        self._lemma_lowers = lemma_lowers

    def _ents_in(self, start: int, end: int) -> list[Span]:
        """Entities starting in the token range [start, end)."""
        lo = bisect_left(self._ent_starts, start)
        hi = bisect_left(self._ent_starts, end)
        return self._ents[lo:hi]

    def _goods_word(self, tok: Token) -> bool:
        """A weapon mention's word or a materiel noun (vessels and people are no goods)."""
        return self._entity_at(tok, WEAPON_LABELS) is not None or tok.lower_ in self.materiel_nouns

    def _entity_at(self, tok: Token, labels: Iterable[str]) -> Span | None:
        k = self._ent_of_token[tok.i]
        if k >= 0 and self._ents[k].label_ in labels:
            return self._ents[k]
        return None

    def _governing(self, tok: Token, sent: Span) -> Token | None:
        cur = tok
        for _ in range(12):
            if cur.i != tok.i and self._is_trigger_token(cur) and not self._taking_before_a_giving(cur, tok):
                return cur
            if cur.i == tok.head.i != tok.i and tok.lower_ in ("from", "to"):
                # "oversaw the handover of 49 rifles from A to B": the parser hangs "to" on the
                # verb, which is no trigger; the route is the handover's, its object before it
                act = next(
                    (c for c in cur.children if c.dep_ == "dobj" and c.i < tok.i and self._is_trigger_token(c)),
                    None,
                )
                if act is not None:
                    return act
            if cur.i != tok.i and cur.pos_ in ("NOUN", "PROPN"):
                for child in cur.children:
                    if child.dep_ == "compound" and child.i != tok.i and self._is_trigger_token(child):
                        return child
            if cur.head.i == cur.i:
                return None
            cur = cur.head
        return None

    def _taking_before_a_giving(self, verb: Token, prep: Token) -> bool:
        """ "handed over 900 arms recovered from gangs across the region to the Arms Centre": the
        parser hangs "to" on the participle that describes the goods, but a taking ("recovered",
        "seized", "stolen") takes no receiver by "to"; the phrase is the act's the goods are in."""
        return (
            prep.lower_ == "to"
            and verb.dep_ == "acl"
            and self.verbs.get(self._lemma(verb), ("", ""))[1] == "take"
        )

    def _gov_index(self, tok: Token, sent: Span) -> int:
        gov = self._governing(tok, sent)
        return -1 if gov is None else gov.i

    def _is_trigger_token(self, tok: Token) -> bool:
        if tok.lower_ in self.adjectives:
            return True
        if tok.lower_ in DESTINED_FORMS:
            # "bound for the militia", only where it is a trigger of its own: after "seized", its
            # phrases stay the seizure's
            return tok.i in getattr(self, "_trigger_tokens", ())
        lemma = self._lemma(tok)
        if tok.pos_ == "VERB":
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            # "were taken from the armory", "turned over to the police": a verb of a multiword
            # trigger governs its own phrases
            return lemma in self.verbs or (nxt is not None and (lemma, nxt.lower_) in self.particles)
        if tok.pos_ in ("NOUN", "PROPN"):
            return lemma in self.nouns or tok.lower_ in self.nouns
        return False



def remember_in_sentence(sent: Span, key: str, name: str, value: str) -> None:
    """Keep ``value`` for ``name`` in the sentence ``sent``, in ``doc.user_data[key]`` (string keys:
    user_data crosses processes, ``nlp.pipe(n_process=...)``, as msgpack)."""
    sent.doc.user_data.setdefault(key, {})[f"{sent.start_char}:{sent.end_char}:{name}"] = value


def recall_in_sentence(doc: Doc, key: str, name: str | None, char: int) -> str | None:
    """What :func:`remember_in_sentence` kept for ``name`` in the sentence holding character
    ``char``, or None."""
    if not name:
        return None
    for stored, value in doc.user_data.get(key, {}).items():
        start, end, known = str(stored).split(":", 2)
        if known == name and int(start) <= char < int(end):
            return str(value)
    return None


def negated_or_modal(verb: Token) -> bool:
    """ "did not find", "could storm", "may find": the verb is negated or under a modal, so it
    tells no act that took place."""
    return any(c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in verb.children)


def _root(sent: Span) -> Token:
    """The sentence's syntactic root, or its last token without a parse."""
    return sent.root if sent.doc.has_annotation("DEP") else sent[-1]


_IRREGULAR = {
    "send": ["sent"],
    "sell": ["sold"],
    "resell": ["resold"],
    "give": ["gave", "given"],
    "buy": ["bought"],
    "steal": ["stole", "stolen"],
    "take": ["took", "taken"],
    "hold": ["held"],
    "keep": ["kept"],
    "go": ["went", "gone"],
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
    "make": ["made", "making"],
    "run": ["ran", "running"],
    "bring": ["brought"],
    "submit": ["submitted", "submitting"],
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
        if re.search(r"[^aeiou][aeiou][bdglmnprt]$", lemma):
            regular += [lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"]  # "retransferred"
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            regular += [lemma[:-1] + "ied", lemma[:-1] + "ies"]
        for form in [*regular, *_IRREGULAR.get(lemma, [])]:
            forms.setdefault(form, lemma)
    return forms


def _is_heading(sent: Span) -> bool:
    text = span_text(sent).strip()
    if not text or text.endswith((".", "!", "?", '"', "”", ":", ";")):
        return False
    return starts_a_line(sent) and len(text) < 160
