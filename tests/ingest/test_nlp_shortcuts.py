"""The entity components' shortcuts for speed give what the long way gives.

Each shortcut skips work that cannot change the result (a matcher's patterns that cannot match
the text, a ``doc.text`` rebuilt per call); these tests hold the two ways to the same answer on
fictional sentences, so a shortcut that starts to change results fails here.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp.entity_coref import document_pass
from ingest.nlp.entity_layout import cut_at_gap, heading_lines
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
