"""The entity components' shortcuts for speed give what the long way gives.

Each shortcut skips work that cannot change the result (a matcher's patterns that cannot match
the text, a ``doc.text`` rebuilt per call); these tests hold the two ways to the same answer on
fictional sentences, so a shortcut that starts to change results fails here.
"""

from __future__ import annotations

import random
import re

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Token

from ingest.nlp.entity_base import _Cand, _pick_non_overlapping
from ingest.nlp.entity_coref import document_pass
from ingest.nlp.entity_groups import listed_groups
from ingest.nlp.entity_layout import _is_heading, cut_at_gap, heading_lines
from ingest.nlp.entity_ruler import CustodyEntityRuler

WITH_ORDINAL = (
    "Officers of the 3rd Battalion of the 12th Infantry Regiment met the Red Kestrel group "
    "near the Tamsk crossing point on 2 May 2023."
)
WITHOUT_ORDINAL = (
    "Border Guard Detachment 9 stopped a lorry of the Red Kestrel group at the Tamsk crossing point; "
    "the Grey Owl militia had loaded it near Town K-7 in the Mirova-era depot."
)


def _ruler(nlp: Language) -> CustodyEntityRuler:
    ruler = nlp.get_pipe("custody_entity_ruler")
    assert isinstance(ruler, CustodyEntityRuler)
    return ruler


PLAIN = "Police stopped a lorry near the river and seized 40 rifles from the driver."


@pytest.mark.parametrize("text", [WITH_ORDINAL, WITHOUT_ORDINAL, PLAIN, "The Tovik-era Port Q-4 depot."])
def test_token_matches_are_the_full_matchers(both: Language, text: str) -> None:
    doc = both(text)
    ruler = _ruler(both)
    full = ruler.matcher(doc)
    assert ruler._token_matches(doc, doc.text) == full
    crossing = both.vocab.strings["CROSSING_NAME"]
    assert ruler._token_matches(doc, doc.text, cues=False) == [m for m in full if m[0] != crossing]


def test_a_text_goes_through_the_pattern_groups_it_may_match(parsed: Language) -> None:
    ruler = _ruler(parsed)
    assert ruler._groups_in(PLAIN, cues=False) == frozenset()
    assert ruler._groups_in(WITH_ORDINAL, cues=False) == {"ordinal", "formation", "group"}
    assert ruler._groups_in("Town K-7, a Mirova-era post", cues=True) == {"place", "era", "crossing"}
    doc = parsed(WITH_ORDINAL)
    units = {e.text for e in doc.ents if e.label_ == "MILITARY_UNIT"}
    assert any("3rd Battalion" in u for u in units), units


@pytest.mark.parametrize(
    "text",
    ["KEY FINDINGS\n\nThe Amber Hand   Tovik Depot\n\nI. Introduction\nPolice seized 12 rifles.",
     "Northport Customs Office\tRed Kestrel group\n\nTown K-7"],
)
def test_layout_helpers_with_the_text_given_or_not(both: Language, text: str) -> None:
    doc = both(text)
    assert heading_lines(doc, doc.text) == heading_lines(doc)
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            assert cut_at_gap(doc, start, end, doc.text) == cut_at_gap(doc, start, end)
    ents = [(e.start, e.end, e.label_, e.kb_id_) for e in doc.ents]
    assert document_pass(doc, ents, doc.text) == document_pass(doc, ents)


# The long ways, as the layout helpers were written before their shortcuts: token by token.
def _cut_at_gap_long(doc: Doc, start: int, end: int) -> tuple[int, int]:
    gap = re.compile(r"\n[ \t]*\n|[ \t]{3,}|\t")
    pieces: list[tuple[int, int]] = []
    piece_start, prev = start, None
    for i in range(start, end):
        tok = doc[i]
        if tok.is_space:
            continue
        if prev is not None and gap.search(doc.text, prev.idx + len(prev.text), tok.idx):
            pieces.append((piece_start, prev.i + 1))
            piece_start = i
        elif prev is None:
            piece_start = i
        prev = tok
    if prev is None:
        return start, end
    pieces.append((piece_start, prev.i + 1))
    return max(pieces, key=lambda p: (p[1] - p[0], -p[0]))


def _heading_lines_long(doc: Doc) -> set[int]:
    found: set[int] = set()
    tagged = doc.has_annotation("POS")
    line: list[Token] = []

    def close() -> None:
        if line:
            line_text = doc.text[line[0].idx : line[-1].idx + len(line[-1].text)].strip()
            if _is_heading(line, line_text, tagged):
                found.update(t.i for t in line)
        line.clear()

    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text:
                close()
            continue
        line.append(tok)
    close()
    return found


LAYOUT = [
    "KEY FINDINGS\n\nThe Amber Hand   Tovik Depot\n\nI. Introduction\nPolice seized 12 rifles.",
    "Northport Customs Office\tRed Kestrel group\n\nTown K-7",
    "\n\n  Annex II  \n\nRED KESTREL ARMS SEIZURES\n\n\n2.3 Background \n  \nThe Grey Owl militia moved "
    "twelve crates of rifles from the Tovik depot to the Mirova crossing point in the spring.\n",
    "Port Q-4 Inventory, Sheet 3\n \nItem one: a rifle.\nHome  News  Archive\n",
    "",
    "   ",
    "One short line",
]


@pytest.mark.parametrize("text", LAYOUT)
def test_layout_shortcuts_give_what_the_long_way_gives(both: Language, text: str) -> None:
    doc = both(text)
    assert heading_lines(doc) == _heading_lines_long(doc)
    for start in range(len(doc)):
        for end in range(start, len(doc) + 1):
            assert cut_at_gap(doc, start, end) == _cut_at_gap_long(doc, start, end), (start, end)


LISTED = [
    "Armed groups, including the Red Wolves, Kessa Hand and the Amber Legion (AL), crossed at Tovik.",
    "The Grey Owl militia and other armed groups such as Tamsk Brigade moved rifles.",
    "The Grey Owl militia moved rifles near Tovik.",
]


@pytest.mark.parametrize("text", LISTED)
def test_listed_groups_shortcut_only_skips_texts_without_an_introducer(parsed: Language, text: str) -> None:
    doc = parsed(text)
    resolver = parsed.get_pipe("custody_entity_resolver")
    cands = [_Cand(e.start, e.end, "PLACE" if e.label_ == "ARMED_GROUP" else e.label_, "", 0, "model")
             for e in doc.ents]
    fast = listed_groups(doc, cands, resolver.group_cues, doc.text)
    # the long way: the same text with its introducers unseen by the shortcut's check cannot be
    # built, so the shortcut's answer is held to the token loop's by a text that passes the check
    assert [(c.start, c.end, c.label) for c in fast] == [
        (c.start, c.end, c.label) for c in listed_groups(doc, cands, resolver.group_cues, doc.text + " including")
    ]


def test_pick_non_overlapping_is_longest_first_then_priority_then_start() -> None:
    rng = random.Random(7)
    for _ in range(200):
        cands = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 30)
            cands.append(_Cand(start, start + rng.randint(1, 5), rng.choice("ABC"), "", rng.randint(0, 2), "x"))
        # the long way: token by token
        chosen: list[_Cand] = []
        for cand in sorted(cands, key=lambda c: (-c.length, -c.priority, c.start)):
            if not any(c.start < cand.end and cand.start < c.end for c in chosen):
                chosen.append(cand)
        assert _pick_non_overlapping(cands) == sorted(chosen, key=lambda c: c.start)
