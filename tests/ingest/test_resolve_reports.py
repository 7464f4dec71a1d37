"""Report entities as graph actors: short forms, acronyms and capitals resolve to one entity."""

from __future__ import annotations

from pathlib import Path

from graph.model import Model
from graph.sqlite_store import SqliteStore
from ingest.report_ingest import ingest_report_text

REPORT = (
    "Arms note, 4 June 2024\n\n"
    "Laura Pennington of the Orchid Institute welcomed the plan. Pennington said that the risk comes later. "
    "Washington has sent 4,000 rifles to Kyiv since February, and the Ruritanian Coast Guard (RCG) "
    "received launchers. RCG officers stored them. Talks continued in Washington.\n"
)


def test_report_entities_resolve_to_one_actor_each(tmp_path: Path, model: Model) -> None:
    store = SqliteStore(tmp_path / "r.db", model)
    assert ingest_report_text(store, REPORT, "note.txt").status == "ingested"
    actors = {n.name: n.kind for n in store.iter_nodes("Actor")}
    locations = {n.name: n.kind for n in store.iter_nodes("Location")}
    assert actors["Laura Pennington"] == "Person" and "Pennington" not in actors
    assert actors["Ruritanian Coast Guard"] == "MilitaryUnit" and "RCG" not in actors
    assert actors["United States"] == actors["Ukraine"] == "Country"
    # the governments are countries, the city where talks go on is a place, and nothing is both
    assert "Washington" not in actors and "Kyiv" not in actors and "Kyiv" not in locations
    assert locations.get("Washington") == "Place"
    store.close()
