"""The recall fallback: a weapon mention the parse hung under no trigger takes the nearby one.

Every sentence is written for these tests: each unit, person, place and quantity is made up. In
the parsed ones, the model reads the goods after a long aside as the sentence's root, so that no
rule of the parse reaches them.
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from ingest.nlp.event_fallback import FALLBACK_PENALTY
from tests.ingest.scored import events


@pytest.mark.parametrize(
    ("text", "etype", "item", "actor"),
    [
        (
            "Police in Lindmark recovered, after a two-day search of the warehouse district, "
            "twelve Kestrel K-9 pistols.",
            "SEIZURE",
            "Kestrel K-9 pistols",
            "Police",
        ),
        (
            "Border guards at Port Vell intercepted, following a tip from the harbour office, 40 AR-12 rifles.",
            "SEIZURE",
            "AR-12 rifles",
            "Border guards",
        ),
    ],
)
def test_goods_the_parse_left_alone_after_an_aside_take_the_trigger_before_it(
    parsed: Language, text: str, etype: str, item: str, actor: str
) -> None:
    doc = parsed(text)
    assert doc[-2].dep_ == "ROOT"  # the parse's error the fallback is for: the goods as the root
    evs = events(parsed, text)
    assert [(e.type, e.item, e.to) for e in evs] == [(etype, item, actor)]
    # paired by nearness: less sure than the rules (a verb trigger's 0.85)
    assert evs[0].confidence == pytest.approx(0.85 - FALLBACK_PENALTY)


@pytest.mark.parametrize(
    "text",
    [
        # the trigger between is negated: the sale before it does not take the goods
        "The Volen militia sold the lorry and did not hand over, despite weeks of talks, twelve Kestrel K-9 pistols.",
        # an open question
        "Inspectors could not confirm whether the Volen militia sold, after weeks of talks with the brokers, "
        "twelve Kestrel K-9 pistols.",
        # "found" alone is no event
        "Police in Lindmark found, after a two-day search of the warehouse district, twelve Kestrel K-9 pistols.",
        # goods denied
        "Police in Lindmark recovered, after a two-day search of the warehouse district, no Kestrel K-9 pistols.",
        # another clause stands between: the ammunition was listed, not abandoned
        "Customs officers in Port Vell listed the rifles and 70 rounds of ammunition while emptying an "
        "abandoned container.",
    ],
)
def test_the_fallback_keeps_the_rules_checks(parsed: Language, text: str) -> None:
    assert events(parsed, text) == []
