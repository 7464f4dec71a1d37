"""A tiny fictional world for store tests: one document's worth of facts."""

from __future__ import annotations

from graph.builder import FactBuilder
from graph.model import Model


def tiny_world(model: Model, text: str = "fictional monitoring note") -> FactBuilder:
    b = FactBuilder(model, title="note.txt", text=text, kind="Report", extractor="test", version="1",
                    ingested_at="2026-01-01T00:00:00+00:00")
    bde = b.actor("14th Reserve Brigade", "MilitaryUnit", aliases=("14 Res Bde",))
    bn = b.actor("2nd Battalion, 14th Reserve Brigade", "MilitaryUnit")
    person = b.actor("Taras Hrytsenko", "Person")
    base = b.location("Forward Base Kilo", "Depot")
    jav = b.weapon_system("FGM-148 Javelin", "ATGM", eeum=True, aliases=("Javelin",))
    item = b.item(serial="JAV-0042", system=jav, quote="launcher JAV-0042", start=10, end=18)
    b.relation("SUBORDINATE_TO", bn, bde)
    b.relation("MEMBER_OF", person, bn, "2023-02-01", "2023-11-30")
    b.relation("BASED_AT", bn, base, "2023-04-01", "2023-12-31")
    b.event("HANDOVER", item, "2023-04-20", from_actor=bde, to_actor=bn, location=base,
            quote="handed over on 20 April 2023", confidence=0.9)
    return b
