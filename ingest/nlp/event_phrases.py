"""Roles as the sentence writes them: the noun phrase around an actor's name.

The corpus gold writes a giver or receiver as written ("Viktor Bout, an arms dealer, and his
associate Andrew Smulian", "Coast Guard crews along with border agents", "units of the Yemeni
army"); the graph wants the actor's name. The role rules keep the name; the phrase is kept
beside it, per sentence, in ``doc.user_data``, and the extraction writes both.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .event_base import ACTOR_LABELS, PLACE_LABELS, recall_in_sentence, remember_in_sentence

_ITEM_LABELS = ("WEAPON_SYSTEM", "WEAPON_CATEGORY", "QUANTITY", "MONEY", "DATE", "SERIAL_NUMBER")

#: Modifiers after a role's head that belong to the phrase as written: "units of the army",
#: "rebels in Yemen", "crews along with border agents", "sources working with the DEA".
_WRITTEN_PREPS = {"of", "in", "along", "with", "from", "at", "based", "within", "inside", "on", "aboard"}
#: Nouns after "in"/"on" that tell what a party was doing, not where it belongs ("in an operation in Kell").
_NO_SETTING = {"operation", "raid", "search", "patrol", "investigation", "inspection", "probe", "crackdown", "sweep",
               "case", "connection", "cooperation", "coordination", "response", "violation", "support", "behalf",
               "charge", "command", "collaboration", "partnership", "conjunction", "addition", "exercise", "mission"}
#: Words a part of a group is told by ("two of its ships", "some of the men", "units of the army").
_PARTITIVES = {"one", "two", "three", "four", "five", "six", "some", "several", "many", "most", "all", "each",
               "both", "few", "dozens", "hundreds", "members", "elements", "units"}
#: Longest role phrase kept as written; past it the actor's name stands alone.
_MAX_WRITTEN = 18


def _written_phrase(tok: Token, sent: Span, stop: int | None = None) -> str | None:
    """The noun phrase headed by ``tok`` as written, without a leading determiner and without
    relative or adverbial clauses ("sources working with the DEA, who held ..." stops at the
    comma), and before the token at ``stop`` if given. None when the phrase runs past
    ``_MAX_WRITTEN`` tokens or out of the sentence."""
    doc = tok.doc
    keep = ("compound", "amod", "nmod", "poss", "case", "nummod", "quantmod", "det", "appos", "conj", "cc",
            "prep", "acl", "punct", "npadvmod", "advmod", "predet")
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ not in keep:
            break
        if c.dep_ == "prep" and c.lower_ not in _WRITTEN_PREPS:
            break
        # an unnamed party told by what is said of it: "groups accused of war crimes"; not a main
        # verb the parser hung off its subject ("a quartermaster admitted that he ...")
        described = c.tag_ == "VBN" and tok.pos_ == "NOUN" and not tok.ent_type_ and tok.dep_ != "ROOT" and not any(
            g.dep_ in ("ccomp", "nsubj", "dobj") for g in c.children
        )
        if c.dep_ == "acl" and (c.tag_ not in ("VBG", "VBN") or not (_names_party(c) or described)):
            break  # "sources working with the DEA", not "territory using parachutes"
        objs = [g for g in c.children if g.dep_ == "pobj"]
        if stop is not None and c.i >= stop:
            break  # "arming militias with rifles": the goods they get, not part of who they are
        named_setting = (
            objs and objs[0].pos_ == "NOUN" and objs[0].lemma_.lower() not in _NO_SETTING and _names_party(objs[0])
        )
        if c.dep_ == "prep" and c.lower_ not in ("of", "with", "along") and not (
            objs and _names_party(objs[0], 0)
        ) and not named_setting:
            # "rebels in Yemen", "officials in a village in Kell", "sailors on the USS Orsk destroyer";
            # not "groups in violation of sanctions", nor "officers in an operation in Kell"
            break
        if c.dep_ == "punct" and c.text not in (",", "(", ")", "-", "–"):
            break
        after_comma = doc[c.left_edge.i - 1].text in (",", "(") if c.left_edge.i > tok.i + 1 else False
        if c.dep_ in ("prep", "acl") and after_comma:
            break  # ", with the help of ...": an aside, not part of the name
        if c.dep_ in ("appos", "npadvmod") and not after_comma:
            break  # "to the FARC millions of dollars worth": a misparse, not an apposition
        if c.dep_ in ("conj", "appos", "prep", "acl"):
            sub = list(c.subtree)
            clause = next((t for t in sub if t.dep_ in ("relcl", "advcl", "ccomp")), None)
            if clause is not None:
                # "officers working with the Harlow Police, who posed as buyers": up to the clause
                end = max(end, clause.left_edge.i)
                break
            end = sub[-1].i + 1
        elif c.dep_ in ("cc", "punct"):
            continue
        else:
            end = c.right_edge.i + 1
    rights = list(tok.rights)
    if rights and rights[-1].dep_ == "cc" and rights[-1].i + 1 < sent.end:
        # "Varga, a broker, and his associate Berend sold ...": the parser made the second
        # actor a subject of its own; "and" ties it to this one
        other = doc[rights[-1].i + 1]
        while other.head.i != tok.head.i and other.head.i != other.i:
            other = other.head
        if other.head.i == tok.head.i and other.dep_ == tok.dep_ and other.i > tok.i:
            end = other.right_edge.i + 1
    while end + 1 < sent.end and doc[end].text == "-" and not doc[end - 1].whitespace_ and not doc[end].whitespace_:
        if doc[end + 1].tag_ in ("VBN", "VBD"):
            break  # "Kell-supplied rifles": the party is the name; the participle tells of the goods
        end += 2  # "his co-conspirators": a word the tokenizer split at its hyphen is one word
    if end < sent.end and doc[end].text == ")" and doc[tok.i : end].text.count("(") > doc[tok.i : end].text.count(")"):
        end += 1  # "the Bureau of Customs (BOC)": an aside opened in the phrase is closed in it
    start = min(tok.left_edge.i, gerund_compound_start(tok))
    lefts = list(tok.lefts)
    commas = [k for k, c in enumerate(lefts) if c.text == ","]
    if commas:  # "Ahead of the vote, the Kell police ...": what the parser hung before a comma is no part of it
        start = lefts[commas[-1] + 1].left_edge.i if commas[-1] + 1 < len(lefts) else tok.i
    while start < tok.i and (doc[start].dep_ in ("det", "punct", "cc", "predet") or doc[start].is_punct):
        start += 1
    if start > tok.left_edge.i and doc[tok.left_edge.i].dep_ == "predet" and not commas:
        start = tok.left_edge.i  # "all the brigades": the whole told, with its article
    whole = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else None
    part = whole is not None and whole.i < tok.i and (whole.lower_ in _PARTITIVES or whole.pos_ == "NUM")
    if whole is not None and part and not any(c.dep_ == "relcl" for c in tok.children):
        # "three of the men stole": the part told, not the whole group ("one of the two men who
        # stole": the clause tells of the whole)
        start = min(start, whole.left_edge.i)
    while end - 1 > tok.i and (doc[end - 1].is_punct or doc[end - 1].dep_ in ("cc",)):
        if doc[end - 1].text == ")" and "(" in doc[start:end].text:
            break
        end -= 1
    if start < sent.start or end > sent.end or end - start > _MAX_WRITTEN:
        return None
    return doc[start:end].text


def gerund_compound_start(tok: Token) -> int:
    """The first word of a party named by what it deals in and how ("a firearms trafficking
    conspiracy", "an arms smuggling ring"), where the parser read the first noun as the phrase's
    head and the gerund as a clause on it taking the party as its object; else ``tok``'s own index."""
    verb = tok.head
    misread = (
        tok.dep_ == "dobj"
        and verb.tag_ == "VBG"
        and verb.dep_ == "acl"
        and verb.i == tok.i - 1
        and verb.head.i == tok.i - 2
        and verb.head.pos_ == "NOUN"
        and not any(c.dep_ in ("det", "poss", "amod", "compound") for c in tok.children)
    )
    return verb.head.i if misread else tok.i


def _names_party(tok: Token, depth: int = 3) -> bool:
    """Whether a modifier names someone or somewhere (a proper name or a named entity of a party
    or place) and no item: "working with the DEA", "in Yemen"; ``depth`` 0 looks at ``tok`` only."""
    names = False
    for t in tok.subtree if depth else [tok]:
        if _in_clause_below(t, tok):
            continue  # "living in Kell, who smuggled rifles": the clause after it tells of the party
        if t.ent_type_ in _ITEM_LABELS:
            return False
        names = names or t.pos_ == "PROPN" or t.ent_type_ in (*ACTOR_LABELS, *PLACE_LABELS, "COUNTRY")
    return names


def _in_clause_below(t: Token, top: Token) -> bool:
    """Whether ``t`` sits in a relative clause under ``top``."""
    cur = t
    while cur.i != top.i and cur.head.i != cur.i:
        if cur.dep_ == "relcl":
            return True
        cur = cur.head
    return False


#: ``doc.user_data`` key: the role phrases as written, by actor name and sentence.
WRITTEN_KEY = "custody_roles_written"


def _remember_written(sent: Span, name: str, written: str) -> None:
    if written != name:
        remember_in_sentence(sent, WRITTEN_KEY, name, written)


def written_role(doc: Doc, name: str | None, char: int) -> str | None:
    """How the sentence holding character ``char`` writes the role that names ``name``
    ("Viktor Bout, an arms dealer, and his associate Andrew Smulian" for "Viktor Bout and
    ... Smulian"), or None when it writes just the name. A role the sentence does not name, carried
    from one before ("The cargo included 300 rifles" after "The patrol ship HMS Kell seized ..."),
    is written as the nearest sentence before it wrote it."""
    own = recall_in_sentence(doc, WRITTEN_KEY, name, char)
    if own is not None or not name:
        return own
    at = doc.char_span(char, min(char + 1, len(doc.text)), alignment_mode="expand")
    if at is None or not len(at) or name in at[0].sent.text:
        return None
    kept = ((str(k).split(":", 2), str(v)) for k, v in doc.user_data.get(WRITTEN_KEY, {}).items())
    before = [(int(end), written) for (_, end, known), written in kept
              if known == name and int(end) <= at[0].sent.start_char]
    return max(before)[1] if before else None
