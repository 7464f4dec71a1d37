"""The statistical model's entities in the corpus labels (step 1 of ``custody_entity_resolver``).

PERSON, ORG to ORGANIZATION (or MILITARY_UNIT / DEPOT by their head word), GPE to COUNTRY or PLACE
by the country list, LOC to PLACE, FAC to DEPOT or PLACE by its head word; a name the model ran two
names into is split, a range of dates is two dates, and a name told by its head word ("Leeds
Magistrates", "Tin Can Bay", "Force Headquarters") takes the kind the head word gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from .dates import is_calendar_expression
from .entity_base import (
    _DEPOT_WORDS,
    _DETERMINERS,
    _FACILITY_PLACE_HEADS,
    _FORMAL_COUNTRY,
    _LAW_HEADS,
    _MILITARY_MODIFIERS,
    _ORG_HEADS,
    _PERSON_NOUNS,
    _PLACE_PREPOSITIONS,
    _UNIT_WORDS,
    AREA_NOUNS,
    _Cand,
)
from .entity_shapes import NAVAL_WORDS

__all__ = ["ModelLabels"]

#: the endings of nationality adjectives that no place name this model calls a GPE has
_NATIONALITY_ENDINGS = re.compile(r"[a-z](?:ian|ean|ese|ish)$")


def _nationality_before_word(doc: Doc, ent: Span) -> bool:
    """A one-word "place" shaped as a nationality ("Velmarian") with a word after it that it describes."""
    return (
        len(ent) == 1
        and bool(_NATIONALITY_ENDINGS.search(ent.text))
        and ent.end < len(doc)
        and doc[ent.end].is_alpha
    )


class ModelLabels:
    """Maps the model's entities of one Doc at a time (``start`` before each Doc)."""

    def __init__(
        self, label_map: dict[str, str], countries: set[str], title_words: set[str], rank_words: set[str]
    ) -> None:
        self.label_map = label_map
        self.countries = countries
        self.title_words = title_words
        self.rank_words = rank_words
        self._text = ""
        self._naval_flag: bool | None = None

    def start(self, text: str) -> None:
        """A new Doc, whose text is ``text``."""
        self._text = text
        self._naval_flag = None

    @staticmethod
    def outside_strong(doc: Doc, model: list[_Cand], strong_tokens: set[int]) -> Iterable[_Cand]:
        """Model entities, less the tokens a strong domain match took: "Marine Interdiction Group of
        Ruritanian Customs" keeps "Ruritanian Customs" when the rule took the group."""
        for m in model:
            inside = [i for i in range(m.start, m.end) if i in strong_tokens]
            if not inside:
                yield m
                continue
            if m.label not in ("ORGANIZATION", "MILITARY_UNIT"):
                continue
            for s, e in ((m.start, min(inside)), (max(inside) + 1, m.end)):
                while s < e and (doc[s].lower_ in ("of", "the", "and", "for") or doc[s].is_punct):
                    s += 1
                while e > s and (doc[e - 1].lower_ in ("of", "the", "and", "'s", "’s") or doc[e - 1].is_punct):
                    e -= 1
                if e - s >= 2 and doc[e - 1].is_title:
                    yield _Cand(s, e, m.label, "", 0, "model")

    def parts(self, doc: Doc, ent: Span) -> list[_Cand]:
        """The model's entity in corpus labels, split where it runs two names together
        ("the Ministry's Security Division"), a country's formal name made a COUNTRY, and a
        headline that begins with a country cut down to the country."""
        if _code_name(doc, ent) and not self._naval(doc):
            return []  # "Operation Velmar": a police operation's code name, no body (in a naval report, a force)
        title_at = _title_inside(doc, ent, self.rank_words)
        if title_at is not None and not _is_acronym(ent[0]) and title_at == ent.end - 1:
            return []  # "Ostrik Special" + "Agent Ann Reyes": a title's first word, no name
        if title_at is not None and _is_acronym(ent[0]):
            # "HSI Houston Special Agent in Charge Ann Reyes", "AFP Detective Superintendent Ann Reyes":
            # the model ran the office into the holder's title
            office = [_Cand(ent.start, title_at, "ORGANIZATION", "", 0, "model")]
            named = title_at
            while named < ent.end and (
                doc[named].text in self.rank_words
                or doc[named].text in _TITLE_OPENERS
                or doc[named].lower_ in ("in", "charge")
            ):
                named += 1
            if named < ent.end and all(t.is_title for t in doc[named : ent.end]):
                office.append(_Cand(named, ent.end, "PERSON", "", 0, "model"))
            return office
        is_org = ent.label_ == "ORG"
        if is_org and not any(t.lower_ in _ORG_HEADS for t in ent):
            joined = _joined_name_end(doc, ent.end)
            if joined is not None:  # "European Serious" + "and Organised Crime Centre": one name
                return [_Cand(ent.start, joined, "ORGANIZATION", "", 0, "model")]
        inner_pos = [t.i for t in ent[1:-1] if t.tag_ == "POS" or t.text in ("'s", "’s")] if is_org else []
        if inner_pos:
            cut = inner_pos[0]
            parts = [
                self._map(doc, Span(doc, ent.start, cut, label=ent.label_)),
                self._map(doc, Span(doc, cut + 1, ent.end, label=ent.label_)),
            ]
            return [p for p in parts if p is not None]
        inner_in = [t.i for t in ent[1:-1] if t.text == "in"] if is_org else []
        if inner_in and all(t.is_title for t in doc[inner_in[0] + 1 : ent.end]):
            # "the Amber Hand in Tovik": the model ran a name and where it was together
            cut = inner_in[0]
            head = self._map(doc, Span(doc, ent.start, cut, label=ent.label_))
            return [*([head] if head is not None else []), _Cand(cut + 1, ent.end, "PLACE", "", 0, "model")]
        if ent.label_ in ("GPE", "ORG", "LOC"):
            formal = _FORMAL_COUNTRY.match(ent.text)
            if formal and formal.group("country") in self.countries:
                return [_Cand(ent.start, ent.end, "COUNTRY", "", 0, "model")]
        if ent.label_ == "ORG":
            country = self._country_prefix(ent)
            if country:
                rest = ent[country:]
                if any(t.lower_ in ("government", "administration", "regime") for t in rest):
                    return []  # "the U.S. Government": the country itself, which is no organisation
                if not any(t.lower_ in _ORG_HEADS for t in rest):
                    return [_Cand(ent.start, ent.start + country, "COUNTRY", "", 0, "model")]
        if ent.label_ == "DATE":
            # "between May 2024 and February 2025", "from June 2004 through December 2005": the
            # gold writes each end of a range as a date of its own
            and_at = [t.i for t in ent[1:-1] if t.lower_ in _RANGE_WORDS]
            if len(and_at) == 1:
                left, right = (
                    Span(doc, ent.start, and_at[0], label="DATE"),
                    Span(doc, and_at[0] + 1, ent.end, label="DATE"),
                )
                if is_calendar_expression(left.text.split(" ", 1)[-1]) and is_calendar_expression(right.text):
                    return [
                        _Cand(left.start, left.end, "DATE", "", 0, "model"),
                        _Cand(right.start, right.end, "DATE", "", 0, "model"),
                    ]
            closing = _year_closing_range(doc, ent)
            if closing is not None:  # "from 2012 to 2016": the model took the first year alone
                return [_Cand(ent.start, ent.end, "DATE", "", 0, "model"), closing]
        if ent.label_ in ("ORG", "GPE", "NORP") and len(ent) >= 3 and ent[0].text in self.rank_words:
            rest = ent[1:]
            if all(t.is_title or t.text.endswith(".") for t in rest) and rest[-1].lower_ not in _ORG_HEADS:
                return [_Cand(ent.start, ent.end, "PERSON", "", 0, "model")]  # "Sergeant Ann Reyes"
        if ent.label_ in ("GPE", "LOC", "ORG") and len(ent) >= 2 and self._described_as_person(doc, ent):
            return [_Cand(ent.start, ent.end, "PERSON", "", 0, "model")]  # "Petro Vasko, 46, a dealer"
        if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].lower_ in _OFFICE_HEADS:
            return []  # "Force Headquarters", "Regional Office": an office, whatever its kind, no person
        if ent.label_ == "PERSON" and len(ent) > 1 and _name_head(ent, possessive=True) in _BODY_HEADS:
            return [_Cand(ent.start, ent.end, "ORGANIZATION", "", 0, "model")]  # "Leeds Magistrates", "Kent Sheriff"
        if ent.label_ == "ORG" and self._office_title(ent):
            return []  # "Inspector General of the Police", "Minister of Defence of Velmar": a person's office
        if ent.label_ in ("PERSON", "ORG") and ent.end < len(doc) and doc[ent.end].lower_ in AREA_NOUNS:
            return [_Cand(ent.start, ent.end, "PLACE", "", 0, "model")]  # "the Gao region", "Al Madow mountains"
        if ent.label_ in ("PERSON", "ORG") and len(ent) > 1 and ent[-1].text in _LANDFORM_HEADS:
            return [_Cand(ent.start, ent.end, "PLACE", "", 0, "model")]  # "Tin Can Bay", "Kessel Hill"
        if ent.label_ == "PERSON" and ent.start > 0 and doc[ent.start - 1].lower_ in _PLACE_PREPOSITIONS:
            return [_Cand(ent.start, ent.end, "PLACE", "", 0, "model")]  # "dhows arriving in Qardho"
        if ent.label_ in ("ORG", "LAW") and ent[-1].text in _LAW_HEADS:
            # "the Arms Export Control Act", "the Munitions List": a law, no organisation; kept as a LAW
            # until cleaning so that the capitalised class words of its name are no materiel
            return [_Cand(ent.start, ent.end, "LAW", "", 0, "model")]
        mapped = self._map(doc, ent)
        return [mapped] if mapped is not None else []

    def _naval(self, doc: Doc) -> bool:
        """Whether the report speaks of navies and warships (asked once per Doc)."""
        if self._naval_flag is None:
            self._naval_flag = NAVAL_WORDS.search(self._text) is not None
        return self._naval_flag

    def _described_as_person(self, doc: Doc, ent: Span) -> bool:
        """ "X Y, 46," or "X Y, a Ruritanian arms dealer": an apposition that only a person takes."""
        if ent.text in self.countries or not all(t.is_title for t in ent):
            return False
        after = doc[ent.end : ent.end + 6]
        if len(after) < 2 or after[0].text != ",":
            return False
        if after[1].like_num and len(after) > 2 and after[2].text == ",":
            return True  # an age
        words = [t.lower_ for t in after[1:]]
        if words[0] not in ("a", "an", "the"):
            return False
        return any(w in _PERSON_NOUNS for w in words[1:])

    def _office_title(self, ent: Span) -> bool:
        """ "Inspector General", "Minister of Defence": titles (a title word, then title words or
        "of" and what the office is of), which the model takes for an organisation."""
        words = [t.text for t in ent if t.lower_ not in _DETERMINERS]
        if len(words) < 2 or words[0] not in self.title_words:
            return False
        if words[1] == "of":  # each "of" before a short name; a longer run holds a person's ("of Police Ann Reyes")
            runs = " ".join(words[2:]).split(" of ")
            return all(0 < len(run.split()) <= 2 for run in runs)
        return all(w in self.title_words for w in words)

    def _country_prefix(self, ent: Span) -> int:
        for n in range(min(4, len(ent) - 1), 0, -1):
            if ent[:n].text in self.countries:
                return n
        return 0

    def _map(self, doc: Doc, ent: Span) -> _Cand | None:
        label = self.label_map.get(ent.label_, "")
        if not label:
            return None
        text = ent.text
        words = {t.lower_ for t in ent}
        if label in ("GPE", "PLACE", "FAC") and ent[-1].text in ("War", "Wars"):
            return None  # "the Persian Gulf War": a war is named by its place, but it is no place
        if label in ("GPE", "PLACE"):
            # "South Sudan's" (a country the model called a location), "LEBANON" in a dateline
            bare = re.sub(r"^the |['’]s$", "", text, flags=re.IGNORECASE)
            if bare in self.countries or (bare.isupper() and len(bare) > 4 and bare.title() in self.countries):
                label = "COUNTRY"
            elif label == "GPE" and _nationality_before_word(doc, ent):
                return None  # "Velmarian troops", "the Velmarian Prime Minister": an adjective, no place
            elif label == "GPE":
                label = "PLACE"
        elif label == "FAC":
            if words & _DEPOT_WORDS:
                label = "DEPOT"
            elif words & _FACILITY_PLACE_HEADS:
                label = "PLACE"
            else:
                return None
        elif label == "ORGANIZATION":
            if ent[-1].lower_ in _DEPOT_WORDS:
                label = "DEPOT"
            elif _name_head(ent) == "Team" and self._naval(doc):
                label = "MILITARY_UNIT"  # "the Advanced Interdiction Team" of a warship
            elif words & _UNIT_WORDS and (
                not words & {"division", "command"}
                or (words & _MILITARY_MODIFIERS and not _police_body(words))
                or any(t.text[:1].isdigit() for t in ent)
                or words & (_UNIT_WORDS - {"division", "command"})
                or (_name_head(ent).lower() == "command" and not _police_body(words))
            ):
                label = "MILITARY_UNIT"
        end = ent.end
        # "Customs Office Q": the model often leaves the one-letter code name out
        if (
            label in ("ORGANIZATION", "MILITARY_UNIT")
            and end < len(doc)
            and ent[-1].is_title
            and re.fullmatch(r"[A-Z]|[A-Z]{1,2}-?\d{1,3}", doc[end].text)
        ):
            end += 1
        return _Cand(ent.start, end, label, ent.kb_id_, 0, "model")


#: words of a police body's name: its "Division" or "Command" is a police one
_POLICE_WORDS = {"police", "criminal", "investigation", "investigations", "crime", "customs", "narcotics", "forensic"}
_ARMED_SERVICE_WORDS = {"army", "navy", "naval", "military", "marine", "marines", "air"}


def _police_body(words: set[str]) -> bool:
    """ "Criminal Investigation Sub-Division of Northern X": a police body's division, which a
    regional word ("northern") does not make a military one; not the army's own police ("Army
    Criminal Investigation Command")."""
    return bool(words & _POLICE_WORDS) and not words & _ARMED_SERVICE_WORDS


def _name_head(ent: Span, possessive: bool = False) -> str:
    """The last word of a name, before an acronym in brackets the model ran into it (and with
    ``possessive``, before "'s": "Kent Sheriff's")."""
    words = [t.text for t in ent]
    if possessive and len(words) > 1 and words[-1] in ("'s", "’s"):
        words.pop()
    return words[words.index("(") - 1] if "(" in words[1:] else words[-1]


def _code_name(doc: Doc, ent: Span) -> bool:
    """ "Operation Velmar", or "Velmar" after "Operation": an operation's code name."""
    if ent.label_ not in ("ORG", "PERSON", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"):
        return False
    if ent[0].text == "Operation":
        return len(ent) > 1 and (ent[1].is_title or ent[1].is_upper)
    return ent.start > 0 and doc[ent.start - 1].text == "Operation" and (ent[0].is_title or ent[0].is_upper)


#: the first word of a two-word title the model takes into the name before it ("Special" Agent)
_TITLE_OPENERS = {"Special", "Assistant", "Deputy", "Acting", "Senior", "Chief"}


#: title words that also begin names of bodies ("Private Security", "Major Crimes", "General Staff")
_NAME_TITLE_WORDS = {"Private", "Major", "General", "King", "Queen", "Prince", "Crown"}


def _is_acronym(tok: Token) -> bool:
    return len(tok.text) >= 2 and tok.text.isupper() and tok.text.replace(".", "").isalpha()


def _title_inside(doc: Doc, ent: Span, title_words: set[str]) -> int | None:
    """Where a title the model ran into a name begins, else None: a word that opens a two-word
    title ("HSI Houston Special" + "Agent in Charge"), or, after an office's acronym, a title word
    ("AFP Detective", "ATF Ostrik Field Division Special Agent")."""
    if ent.label_ not in ("ORG", "PERSON") or len(ent) < 2:
        return None
    acronym = _is_acronym(ent[0])
    for i in range(ent.start + 1, ent.end):
        text = doc[i].text
        if text in _TITLE_OPENERS and i + 1 < len(doc) and doc[i + 1].text in title_words:
            return i
        if acronym and text in title_words and text not in _NAME_TITLE_WORDS:
            after = next((t for t in doc[i:] if t.text not in title_words), None)
            if after is not None and after.lower_ in ("for", "of", "on"):
                return None  # "UN High Commissioner for Refugees": an office's own name goes on
            return i
    return None


#: the head words that end a body's name joined by "and" ("Serious and Organised Crime Centre")
_JOINED_NAME_HEADS = _ORG_HEADS | {"centre", "center", "unit", "branch", "squad", "directorate", "command"}


def _joined_name_end(doc: Doc, at: int) -> int | None:
    """The end of a body's name that goes on past ``at`` with "and" and capitalised words up to its
    head word ("European Serious" + "and Organised Crime Centre"), else None."""
    if at + 1 >= len(doc) or doc[at].lower_ != "and":
        return None
    k = at + 1
    while k < len(doc) and k < at + 6 and doc[k].is_title:
        if doc[k].lower_ in _JOINED_NAME_HEADS:
            return k + 1
        k += 1
    return None


#: the last word of a body's name the model takes for a person ("Leeds Magistrates", "Tessar High School")
_BODY_HEADS = {
    "Magistrates",
    "Sheriff",
    "Court",
    "Tribunal",
    "Council",
    "School",
    "University",
    "College",
    "Academy",
    "Institute",
}
_OFFICE_HEADS = {
    "headquarters",
    "command",
    "office",
    "agency",
    "ministry",
    "department",
    "directorate",
    "bureau",
    "committee",
    "council",
    "commission",
}
#: the words between the two ends of a range of dates
_RANGE_WORDS = {"and", "to", "through", "thru", "until", "till"}
_YEAR = re.compile(r"(?:19|20)\d\d")


def _year_closing_range(doc: Doc, ent: Span) -> _Cand | None:
    """The year that closes a range the model's date opens ("from 2012 to 2016", "between 2003
    and 2016"), where the model left it out, else None."""
    end = ent.end
    if (
        ent.start == 0
        or doc[ent.start - 1].lower_ not in ("from", "between")
        or not _YEAR.fullmatch(ent[-1].text)
        or end + 1 >= len(doc)
        or doc[end].lower_ not in _RANGE_WORDS
        or not _YEAR.fullmatch(doc[end + 1].text)
        or doc[end + 1].ent_type_ not in ("", "DATE", "CARDINAL")
    ):
        return None
    return _Cand(end + 1, end + 2, "DATE", "", 0, "model")
#: the last word of a landform's or water's name: "Tin Can Bay", "Fraser Coast", "Kessel Hill"
_LANDFORM_HEADS = {
    "Bay",
    "Beach",
    "Cape",
    "Coast",
    "Creek",
    "Desert",
    "Gulf",
    "Heights",
    "Highlands",
    "Hill",
    "Hills",
    "Island",
    "Islands",
    "Lake",
    "Mountain",
    "Mountains",
    "Peninsula",
    "Plateau",
    "River",
    "Sea",
    "Strait",
    "Valley",
}
