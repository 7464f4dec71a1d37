"""Entities read from the words around them, a pass of ``custody_entity_resolver`` over its
cleaned candidates (before the document pass makes one kind per name):

- :func:`area_names`: "the Harrow district", "Velmar province", "the village of Ostrik", "the
  northern state of Velmar", "the outskirts of Ostrik", "Barangay Tamor": the name before a
  lower-case area noun, after "the (northern) village / state / outskirts of", or after a local
  area word that is part of it, is a PLACE, whatever the model made of it (a product, a person,
  nothing);
- :func:`named_areas`: "Imo State", "Tessar Province", "the Ostrik and Velmar States": a name
  no ordinary word before a capitalised area noun is a PLACE with it (each name of a pair before
  the plural, without it);
- :func:`places_after_prepositions`: "seized in Ostrik", "heading towards Velmar": a proper noun the model
  left unlabelled after a preposition of place or movement, and no ordinary word, is a PLACE;
- :func:`places_after_place_nouns`: "the city Ostrik", "the capital Velmar": a proper noun no
  entity covers (or a one-word person or organisation the resolver dropped) right after a
  lower-case noun of a settlement is a PLACE;
- :func:`places_by_place`: a name the model took for a person that stands where a place stands:
  after a place and a comma ("Tessar, Velmar"), before "police" ("Velmar police"), first in an
  address after a preposition ("on Tessar, Velmar."), or written elsewhere in the text as a
  place; a person or organisation in a list of places ("Tessar, Ostrik and Velmar") is one too;
- :func:`named_regiments`: "the Velmar Rifles", "16 Velmar Rifles": a capitalised regiment word
  after a name is a unit, not a class of rifles;
- :func:`leaders_forces`: "Velko's forces", "forces of Ivo Velko": the forces a person commands
  are a MILITARY_UNIT, written with the name;
- :func:`cartels`: "the Ostrava cartel", "the Ostrava drug cartel": a named cartel is an armed group;
- :func:`office_titles`: "Superintendent of Police Ravi Tamsa": an office and its service before a
  name is a title, no organisation; the name after it is the person;
- :func:`people_after_titles`: "the Force Press Officer, Ado Bello, said": a name the model took
  for an organisation, set off by a comma after an office's title, is the person, and the title
  it took for one is no organisation;
- :func:`newspapers`: "the Velmar Herald": a name the model took for a person or place with a
  newspaper's head word is the paper, an ORGANIZATION.

The weapon models read from their context (makes, coordinated and listed models, versions) are
in :mod:`ingest.nlp.entity_context_models`; :func:`context_pass` runs them here, in order.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .entity_base import _ORG_HEADS, _UNIT_WORDS, AREA_NOUNS, _Cand
from .entity_base import _PLACE_PREPOSITIONS as _BASE_PLACE_PREPOSITIONS
from .entity_bodies import bodies_cut_short
from .entity_context_models import (
    _WEAPON_LABELS,
    coordinated_models,
    makers_before_weapons,
    models_listed,
    parts_of_models,
    system_versions,
)

__all__ = [
    "area_names",
    "cartels",
    "context_pass",
    "leaders_forces",
    "named_areas",
    "named_regiments",
    "newspapers",
    "office_titles",
    "people_after_titles",
    "places_after_place_nouns",
    "places_after_prepositions",
    "places_by_place",
]

_PLACE_LIKE = {"PLACE", "COUNTRY", "DEPOT", "BORDER_CROSSING"}
#: what the model may make of a place name: replaced by the PLACE the context gives
_WEAK_FOR_PLACE = {"PERSON", "ORGANIZATION", "PLACE"}
#: "the village of Ostrik", "the district of Harrow"
_OF_AREA_NOUNS = {
    "village",
    "town",
    "city",
    "district",
    "province",
    "region",
    "county",
    "governorate",
    "municipality",
    "state",
    "territory",
    "outskirts",
    "suburbs",
    "hinterland",
    "hinterlands",
    "vicinity",
    "area",
    "department",
}
#: the local area words written before a place's name in South-East Asian reporting ("Barangay
#: Tamor", "Sitio Laban", "Kampung Baru")
_PLACE_PREFIXES = {"Barangay", "Brgy.", "Sitio", "Purok", "Kampung", "Kampong", "Desa", "Kelurahan"}
#: capitalised after a name, these name a regiment ("the Velmar Rifles"), not a class of materiel
_REGIMENT_WORDS = {"Rifles", "Fusiliers", "Rangers", "Guards", "Lancers", "Dragoons", "Hussars"}
#: "Superintendent of Police", "Deputy Inspector of Customs": the holder of an office of a service
_OFFICE_HOLDERS = {"superintendent", "inspector", "commissioner", "director", "secretary", "commandant", "coordinator"}
_OFFICE_GRADES = {"additional", "deputy", "assistant", "senior", "joint", "acting"}
_CARTEL_WORDS = {"cartel", "Cartel"}
#: not "to" and "from": "exported to Norvessa" names a receiver the event rules read as a party; not
#: "inside" and "around" either, which the entity base's rules take
_PLACE_PREPOSITIONS = _BASE_PLACE_PREPOSITIONS - {"inside", "around"}
#: before the first place of an address ("on Kervenmoor, Lanshire")
_ADDRESS_PREPOSITIONS = {"in", "on", "at", "near", "outside", "around"}
#: the last word of a newspaper's name
_PAPER_HEADS = {
    "Herald",
    "Times",
    "Post",
    "Tribune",
    "Gazette",
    "Journal",
    "Telegraph",
    "Chronicle",
    "Inquirer",
    "Courier",
    "Observer",
    "Bulletin",
    "Dispatch",
    "Examiner",
    "Sentinel",
}
_NOT_NAMES = {"the", "a", "an", "in", "from", "at", "near", "of", "and", "this", "that"}


def context_pass(doc: Doc, cands: list[_Cand], common: frozenset[str] = frozenset()) -> list[_Cand]:
    """All the context rules of this module, in order; ``common`` holds the ordinary English words."""
    cands = area_names(doc, cands)
    cands = named_areas(doc, cands, common)
    cands = places_after_prepositions(doc, cands, common)
    cands = places_after_place_nouns(doc, cands, common)
    cands = named_regiments(doc, cands, common)
    cands = cartels(doc, cands)
    cands = leaders_forces(doc, cands)
    cands = places_by_place(doc, cands)
    cands = makers_before_weapons(doc, cands)
    cands = office_titles(doc, cands)
    cands = people_after_titles(doc, cands)
    cands = newspapers(doc, cands)
    cands = bodies_cut_short(doc, cands)
    cands = models_listed(doc, cands)
    cands = system_versions(doc, cands)
    cands = coordinated_models(doc, cands)
    return parts_of_models(doc, cands)


def _name_run_left(doc: Doc, end: int, most: int = 3) -> int:
    """The start of the run of (at most ``most``) capitalised names that ends at ``end``; ``end``
    if there is none. With a tagger, every word of it must be tagged a proper noun."""
    tagged = doc.has_annotation("TAG")
    start = end
    while start > 0 and end - start < most:
        tok = doc[start - 1]
        if start < end and _joining_hyphen(doc, start - 1) and start >= 2:
            start -= 1  # "Liptako-Gourma": names joined by a hyphen are one name
            continue
        shaped = tok.is_title or (tok.is_upper and tok.is_alpha and len(tok.text) > 1)
        if not shaped or tok.lower_ in _NOT_NAMES or (tagged and tok.pos_ != "PROPN"):
            break
        start -= 1
    if start < end and doc[start].text in ("-", "–"):
        start += 1  # a hyphen no name stands before
    return start


def _joining_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen written tight between two words ("Liptako-Gourma")."""
    return doc[i].text in ("-", "–") and not doc[i].whitespace_ and not doc[i - 1].whitespace_


def _name_run_right(doc: Doc, start: int, most: int = 3) -> int:
    end = start
    while end < len(doc) and end - start < most and doc[end].is_title:
        end += 1
    return end


def _replace(cands: list[_Cand], new: _Cand, weak: set[str]) -> list[_Cand]:
    """``cands`` with ``new`` in place of the candidates it overlaps, if all of those are of a
    ``weak`` label; unchanged otherwise."""
    hit = [c for c in cands if c.overlaps(new)]
    if any(c.label not in weak for c in hit):
        return cands
    if len(hit) == 1 and (hit[0].start, hit[0].end, hit[0].label) == (new.start, new.end, new.label):
        return cands
    return sorted([c for c in cands if not c.overlaps(new)] + [new], key=lambda c: c.start)


def area_names(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "Harrow district", "the village of Ostrik": PLACE."""
    for i, tok in enumerate(doc):
        if tok.lower_ in AREA_NOUNS and tok.is_lower and i > 0:
            start = _name_run_left(doc, i)
            if start < i:
                cands = _replace(cands, _Cand(start, i, "PLACE", "", 0, "rule"), _WEAK_FOR_PLACE)
        elif (
            tok.lower_ == "of"
            and i >= 2
            and doc[i - 1].lower_ in _OF_AREA_NOUNS
            and doc[i - 1].is_lower
            and _the_before(doc, i - 1)
        ):
            end = _name_run_right(doc, i + 1)
            if end > i + 1:
                cands = _replace(cands, _Cand(i + 1, end, "PLACE", "", 0, "rule"), _WEAK_FOR_PLACE)
        elif tok.text in _PLACE_PREFIXES and i + 1 < len(doc):
            end = _name_run_right(doc, i + 1)
            if end > i + 1:  # "Barangay Tamor": the prefix is part of the name
                cands = _replace(cands, _Cand(i, end, "PLACE", "", 0, "rule"), _WEAK_FOR_PLACE)
    return cands


#: capitalised after a name, these make it an area's name ("Imo State", "Tessar Province")
_NAMED_AREA_NOUNS = {"State", "Province", "District", "County", "Region", "Governorate", "Oblast", "Prefecture"}


def named_areas(doc: Doc, cands: list[_Cand], common: frozenset[str]) -> list[_Cand]:
    """ "in Imo State", "Tessar Province", "the Ostrik and Velmar States": PLACE. The name must be
    no ordinary word or follow a preposition of place, and not follow "the" nor come before "of"
    ("the Coast Guard District", "the Middle District of X" name offices and courts); a known name
    of another kind ("Islamic State") keeps its kind."""
    if not common:
        return cands
    for i, tok in enumerate(doc):
        if i == 0 or tok.is_sent_start:
            continue
        if tok.text in _NAMED_AREA_NOUNS:
            if any(c.start <= i < c.end and c.label in _PLACE_LIKE for c in cands):
                continue  # a place already ("Ekiti-Oba State")
            start = _name_run_left(doc, i, 2)
            before = doc[start - 1].lower_ if start > 0 else ""
            if (
                start < i
                and before != "the"
                and not (i + 1 < len(doc) and doc[i + 1].lower_ == "of")  # "District of X": a court's
                and (_uncommon(doc[start:i], common) or before in _PLACE_PREPOSITIONS)
            ):
                cands = _replace(cands, _Cand(start, i + 1, "PLACE", "", 0, "rule"), _WEAK_FOR_PLACE)
        elif tok.text[:-1] in _NAMED_AREA_NOUNS and tok.text.endswith("s") and i >= 3:
            # "Sokoto and Bauchi States": each of the two names is a place
            second = _name_run_left(doc, i, 2)
            if second == i or doc[second - 1].lower_ != "and":
                continue
            first = _name_run_left(doc, second - 1, 2)
            names = [(first, second - 1), (second, i)]
            if first < second - 1 and all(_uncommon(doc[a:b], common) for a, b in names):
                for a, b in names:
                    cands = _replace(cands, _Cand(a, b, "PLACE", "", 0, "rule"), _WEAK_FOR_PLACE)
    return cands


def _uncommon(words: Span, common: frozenset[str]) -> bool:
    """Whether none of ``words`` is an ordinary English word."""
    return all(t.lower_ not in common for t in words)


def _the_before(doc: Doc, noun: int) -> bool:
    """ "the village", "the northern border state": "the" before the noun, at most two lower-case
    words (its modifiers) between them."""
    k = noun - 1
    while k >= 0 and noun - k <= 3 and doc[k].is_lower and doc[k].is_alpha and doc[k].lower_ != "the":
        k -= 1
    return k >= 0 and doc[k].lower_ == "the"


def places_after_prepositions(doc: Doc, cands: list[_Cand], common: frozenset[str]) -> list[_Cand]:
    """ "was seized in Ostrik", "heading towards Velmar": proper nouns the model left unlabelled after a
    preposition of place or movement, none of them an ordinary word, are a PLACE. Needs the tagger
    (proper nouns) and the word list."""
    if not common or not doc.has_annotation("TAG"):
        return cands
    taken = {i for c in cands for i in range(c.start, c.end)}
    for i, tok in enumerate(doc[:-1]):
        if tok.lower_ not in _PLACE_PREPOSITIONS or tok.dep_ != "prep":
            continue
        place = _bare_place_after(doc, i, taken, common)
        if place is not None:
            cands = sorted([*cands, place], key=lambda c: c.start)
    return cands


#: lower-case nouns of a settlement its name may follow ("the city Ostrik", "the port town Qardo")
_SETTLEMENT_NOUNS = {"city", "town", "village", "capital", "port", "hamlet", "township"}


def places_after_place_nouns(doc: Doc, cands: list[_Cand], common: frozenset[str]) -> list[_Cand]:
    """ "Velmar's third largest city Ostrik", "the capital Tessar": proper nouns (none an ordinary
    word) right after a lower-case noun of a settlement, that no entity covers or the model took
    for a person or an organisation, are a PLACE. Needs the tagger and the word list."""
    if not common or not doc.has_annotation("TAG"):
        return cands
    taken = {i for c in cands for i in range(c.start, c.end)}
    for i, tok in enumerate(doc[:-1]):
        if tok.lower_ not in _SETTLEMENT_NOUNS or not tok.is_lower:
            continue
        named = next((c for c in cands if c.start == i + 1), None)
        if named is not None:
            if named.source == "model" and named.label in ("PERSON", "ORGANIZATION") and all(
                t.pos_ == "PROPN" and t.lower_ not in common for t in doc[named.start : named.end]
            ):
                cands = _replace(cands, _Cand(named.start, named.end, "PLACE", "", 0, "rule"), _WEAK_FOR_PLACE)
            continue
        place = _bare_place_after(doc, i, taken, common)
        if place is not None:
            cands = sorted([*cands, place], key=lambda c: c.start)
    return cands


def _bare_place_after(doc: Doc, i: int, taken: set[int], common: frozenset[str]) -> _Cand | None:
    """The one to three bare proper nouns right after token ``i`` as a PLACE, unless the name runs
    on into a capitalised word or a number (then it is something longer)."""
    end = i + 1
    while end < len(doc) and end - i <= 3 and _bare_name(doc[end], taken, common):
        end += 1
    if end > i + 1 and not (end < len(doc) and (doc[end].is_title or doc[end].like_num)):
        return _Cand(i + 1, end, "PLACE", "", 0, "rule")
    return None


def _bare_name(tok: Token, taken: set[int], common: frozenset[str]) -> bool:
    """A capitalised proper noun no candidate covers (the model labelled it nothing, or a one-word
    organisation or person the resolver dropped, or a singular proper noun it took for a
    nationality: "in Ostrik", never "in Velmarian hands"), and no ordinary word."""
    return (
        tok.i not in taken
        and (tok.ent_type_ in ("", "ORG", "PERSON") or (tok.ent_type_ == "NORP" and tok.tag_ == "NNP"))
        and tok.is_title
        and tok.pos_ == "PROPN"
        and not tok.is_sent_start
        and tok.lower_ not in common
    )


def places_by_place(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """A model's person or organisation that stands where places stand is a PLACE."""
    place_texts = {doc[c.start : c.end].text for c in cands if c.label in ("PLACE", "COUNTRY")}
    # "Macomia District ... the troubled Macomia": an area's name without its area noun is the place too
    place_texts |= {
        doc[c.start : c.end - 1].text
        for c in cands
        if c.label == "PLACE" and c.length > 1 and doc[c.end - 1].text.title() in _NAMED_AREA_NOUNS
    }
    listed = _listed_with_places(doc, cands)
    out: list[_Cand] = []
    for k, c in enumerate(cands):
        # the candidate before as already read, so an address's places carry on ("A, B, C")
        prev = out[-1] if out else None
        nxt = cands[k + 1] if k + 1 < len(cands) else None
        if c.source == "model" and (
            k in listed
            or (c.label == "PERSON" and _stands_for_place(doc, c, prev, place_texts))
            or (c.label == "PERSON" and _heads_address(doc, c, nxt))
        ):
            c = _Cand(c.start, c.end, "PLACE", c.kb_id, c.priority, "rule")
        out.append(c)
    return out


def _heads_address(doc: Doc, c: _Cand, nxt: _Cand | None) -> bool:
    """ "on Kervenmoor, Lanshire.": two one-word names the model took for people, after a
    preposition of place and set apart by a comma, the second ending the clause, are a place and
    the larger place it lies in (the second is then read after a place, see _stands_for_place)."""
    if nxt is None or c.length != 1 or nxt.length != 1 or nxt.label != "PERSON" or c.start == 0:
        return False
    if doc[c.start - 1].lower_ not in _ADDRESS_PREPOSITIONS or [t.text for t in doc[c.end : nxt.start]] != [","]:
        return False
    return nxt.end == len(doc) or doc[nxt.end].is_punct


def _listed_with_places(doc: Doc, cands: list[_Cand]) -> set[int]:
    """The indexes of the people and organisations in a list ("A, B and C") whose other members
    are two or more places: "Tessar, Ostrik and Velmar"."""
    found: set[int] = set()
    k = 0
    while k < len(cands):
        run = [k]
        while run[-1] + 1 < len(cands):
            a, b = cands[run[-1]], cands[run[-1] + 1]
            if [t.lower_ for t in doc[a.end : b.start]] not in ([","], ["and"], ["or"], [",", "and"], [",", "or"]):
                break
            run.append(run[-1] + 1)
        places = [i for i in run if cands[i].label in ("PLACE", "COUNTRY")]
        if len(places) >= 2:
            found.update(i for i in run if cands[i].label in ("PERSON", "ORGANIZATION"))
        elif len(run) == 2 and places and _after_address_preposition(doc, cands[run[0]]):
            # "in Ostrik and Tessar": one name joined to a place after "in" is one too
            found.update(i for i in run if cands[i].label in ("PERSON", "ORGANIZATION") and cands[i].length == 1)
        k = run[-1] + 1
    return found


def _after_address_preposition(doc: Doc, c: _Cand) -> bool:
    return c.start > 0 and doc[c.start - 1].lower_ in _ADDRESS_PREPOSITIONS


def _stands_for_place(doc: Doc, c: _Cand, prev: _Cand | None, place_texts: set[str]) -> bool:
    if doc[c.start : c.end].text in place_texts:
        return True  # "in Ostrik ... police in Ostrik": one name, one kind
    after = doc[c.end] if c.end < len(doc) else None
    if after is not None and after.lower_ == "police" and c.length == 1:
        return True  # "Velmar police"
    if prev is None or prev.label not in _PLACE_LIKE or [t.text for t in doc[prev.end : c.start]] != [","]:
        return False
    # "Tessar, Velmar": a place and the larger place it lies in; not "Tessar, Ann Reyes said", nor
    # a name of two words or more the parser hangs elsewhere than on the place: the person named
    # in apposition after it ("the head of the mission in Velmar, Ann Reyes.")
    head = doc[c.start : c.end].root.head.i
    hung_on_place = not doc.has_annotation("DEP") or prev.start <= head < prev.end
    if c.length > 1 and not hung_on_place:
        return False
    return after is None or after.is_punct or (c.length == 1 and after.lower_ in ("on", "in", "at", "near"))


def named_regiments(doc: Doc, cands: list[_Cand], common: frozenset[str] = frozenset()) -> list[_Cand]:
    """ "the Velmar Rifles", "16 Velmar Rifles": a MILITARY_UNIT; not a class written in capitals,
    whose words before "Rifles" are all ordinary words ("Automatic Rifles, machine guns")."""
    for c in list(cands):
        if c.label != "WEAPON_CATEGORY" or c.length != 1 or doc[c.start].text not in _REGIMENT_WORDS:
            continue
        start = _name_run_left(doc, c.start, 3)
        if (
            start == c.start
            or any(t.like_num for t in doc[start : c.start])
            or any(o.label in _WEAPON_LABELS for o in cands if o.start < c.start and o.end > start)
        ):
            continue  # "AK Rifles" is a model and a class, "Nine Thousand Rifles" a count in a headline
        if common and all(t.lower_ in common for t in doc[start : c.start]):
            continue  # "Automatic Rifles": a class in capitals
        if start > 0 and (doc[start - 1].like_num or doc[start - 1].text[:1].isdigit()):
            start -= 1  # "16 Velmar Rifles", "2nd Velmar Rifles"
        new = _Cand(start, c.end, "MILITARY_UNIT", "", 0, "rule")
        cands = _replace(cands, new, {"PLACE", "PERSON", "ORGANIZATION", "QUANTITY", "WEAPON_CATEGORY"})
    return cands


def cartels(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "the Ostrava cartel", "the Ostrava drug cartel": an ARMED_GROUP."""
    for i, tok in enumerate(doc):
        if tok.text not in _CARTEL_WORDS:
            continue
        j = i - 1 if i > 0 and doc[i - 1].lower_ == "drug" else i
        start = _name_run_left(doc, j, 3)
        if start == j:
            continue
        cands = _replace(cands, _Cand(start, i + 1, "ARMED_GROUP", "", 0, "rule"), {"PLACE", "PERSON", "ORGANIZATION"})
    return cands


#: the nouns of the armed men a leader commands ("Velko's forces")
_FORCE_NOUNS = {"forces", "troops"}


def leaders_forces(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "Velko's forces", "the forces of Ivo Velko": a MILITARY_UNIT, the person's name in it."""
    for c in list(cands):
        if c.label != "PERSON":
            continue
        end = c.end
        if end < len(doc) and doc[end].text in ("'s", "’s"):
            end += 1
        if end < len(doc) and end > c.end and doc[end].lower_ in _FORCE_NOUNS:
            new = _Cand(c.start, end + 1, "MILITARY_UNIT", "", 0, "rule")  # "Velko's forces"
        elif c.start >= 2 and doc[c.start - 1].lower_ == "of" and doc[c.start - 2].lower_ in _FORCE_NOUNS:
            new = _Cand(c.start - 2, c.end, "MILITARY_UNIT", "", 0, "rule")  # "forces of Ivo Velko"
        else:
            continue
        cands = _replace(cands, new, {"PERSON"})
    return cands


def office_titles(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """A model organisation that is an office of a service ("Additional Superintendent of Police")
    before a person's name is a title: dropped, and a first name the model ran into it
    ("Superintendent of Police Ravi" + "Tamsa") joined to the person."""
    out: list[_Cand] = []
    skip: set[int] = set()
    for k, c in enumerate(cands):
        if k in skip:
            continue
        i = c.start
        while i < c.end and doc[i].lower_ in _OFFICE_GRADES:
            i += 1
        office = (
            c.label == "ORGANIZATION"
            and c.source == "model"
            and i + 2 < c.end
            and doc[i].lower_ in _OFFICE_HOLDERS
            and doc[i + 1].lower_ == "of"
        )
        name_start = i + 3  # after "Superintendent of Police"
        if office and c.end - name_start >= 2 and all(t.is_title for t in doc[name_start : c.end]):
            out.append(_Cand(name_start, c.end, "PERSON", "", 0, "rule"))  # the whole name run into the title
            continue
        nxt = cands[k + 1] if k + 1 < len(cands) else None
        if not office or nxt is None or nxt.label != "PERSON" or nxt.start - c.end > 3:
            out.append(c)
            continue
        if name_start < c.end and nxt.start == c.end:
            out.append(_Cand(name_start, nxt.end, "PERSON", "", 0, "rule"))
            skip.add(k + 1)
        # else: the title alone, dropped; the person after it stays
    return out


def newspapers(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "the Velmar Herald", "the Daily Kessan": a name the model took for a person or place whose
    head is a newspaper's ("Herald", "Times", "Post" ...) or that begins with "Daily" is the paper,
    an ORGANIZATION."""
    out = []
    for c in cands:
        words = doc[c.start : c.end]
        if (
            c.source == "model"
            and c.label in ("PERSON", "PLACE")
            and c.length > 1
            and (words[-1].text in _PAPER_HEADS or words[0].text == "Daily")
        ):
            c = _Cand(c.start, c.end, "ORGANIZATION", c.kb_id, c.priority, "rule")
        out.append(c)
    return out


#: the last word of an office's title written before its holder's name ("the Force Press Officer,")
_TITLE_HEADS = {
    "Officer",
    "Commissioner",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Director",
    "Minister",
    "Secretary",
    "Chief",
    "Commander",
    "Inspector",
    "Superintendent",
    "Adviser",
    "Advisor",
    "Governor",
    "Chairman",
    "Chairperson",
}
#: the words an office's title is written with between its capitalised words
_TITLE_LINKS = {"of", "for", "and", "the", "&"}


def people_after_titles(doc: Doc, cands: list[_Cand]) -> list[_Cand]:
    """ "the Force Press Officer, Ado Bello, said", "Assistant Commissioner for Border Crime, Ana
    Ruiz said": a model's organisation of two or three capitalised words (no head word of a body
    or unit) right after a comma that closes an office's title is the holder, a PERSON; the
    model's organisations inside the title are dropped (also where it read the person right)."""
    out = list(cands)
    for c in cands:
        words = doc[c.start : c.end]
        if (
            c.label not in ("ORGANIZATION", "PERSON")
            or c.source != "model"
            or not 2 <= c.length <= 3
            or not all(t.is_title and t.is_alpha for t in words)
            or any(t.lower_ in _ORG_HEADS | _UNIT_WORDS for t in words)
            or c.start < 2
            or doc[c.start - 1].text != ","
            or (c.end < len(doc) and doc[c.end].is_title)
        ):
            continue
        j = c.start - 2
        title_start = None
        while j >= 0 and c.start - j <= 10 and (doc[j].is_title or doc[j].lower_ in _TITLE_LINKS):
            if doc[j].text in _TITLE_HEADS:
                title_start = j
            j -= 1
        if title_start is None:
            continue
        title_end = c.start - 1
        out = [
            o
            for o in out
            if not (o.source == "model" and o.label == "ORGANIZATION" and j < o.start and o.end <= title_end)
        ]
        out = [_Cand(c.start, c.end, "PERSON", c.kb_id, c.priority, "rule") if o is c else o for o in out]
    return out
