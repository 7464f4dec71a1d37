"""``neighbourhood``: an entity and what lies one step from it as parallel lists, on every store.

The page draws thousands of neighbours from it in one answer; it must say what the object
fields say (relations, events, an item's system, a shipment's parties), see only what the
caller may see, and stay within the query limits."""

from __future__ import annotations

from typing import Any

from api.auth import Principal
from tests.api.conftest import Run, codes, ok
from tests.api.test_cost import cost
from tests.api.world import BATTALION, CUSTOMS, DONOR, JAVELINS, MEMBER, NATIONAL, TOWN

VIEWER = Principal("key-v", "vic", "viewer")
ANALYST = Principal("key-a", "ana", "analyst")

Q = """query($id: ID!, $events: Int) { neighbourhood(id: $id, events: $events) {
  ids names labels kinds linkIds linkSources linkTargets linkTypes linkKinds linkStarts linkEnds eventsTotal } }"""


def links(nb: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    """(source name, type, target name, kind) of every link."""
    names = nb["names"]
    return {(names[s], t, names[d], k) for s, d, t, k in
            zip(nb["linkSources"], nb["linkTargets"], nb["linkTypes"], nb["linkKinds"], strict=True)}


def test_the_lists_are_parallel_and_the_centre_comes_first(gql: Run) -> None:
    nb = ok(gql(Q, {"id": BATTALION}))["neighbourhood"]
    assert nb["names"][0] == BATTALION and nb["labels"][0] == "Actor" and nb["kinds"][0] == "MilitaryUnit"
    n, m = len(nb["ids"]), len(nb["linkIds"])
    assert len(nb["names"]) == len(nb["labels"]) == len(nb["kinds"]) == n == len(set(nb["ids"]))
    assert all(len(nb[k]) == m for k in ("linkSources", "linkTargets", "linkTypes", "linkKinds", "linkStarts",
                                         "linkEnds"))
    assert all(0 <= i < n for i in nb["linkSources"] + nb["linkTargets"])


def test_an_actor_has_the_links_its_object_fields_give(gql: Run) -> None:
    nb = ok(gql(Q, {"id": BATTALION}))["neighbourhood"]
    obj = ok(gql("""query($n: String) { actor(name: $n) {
      relations { type validFrom validTo source { name } target { name } }
      events(first: 100) { id type date subject { name } fromActor { name } toActor { name } location { name } } } }""",
                 {"n": BATTALION}))["actor"]
    want = {(r["source"]["name"], r["type"], r["target"]["name"], "relation") for r in obj["relations"]}
    for e in obj["events"]:
        if e["toActor"]:
            want.add((e["subject"]["name"], e["type"], e["toActor"]["name"], "event"))
        if e["fromActor"]:
            want.add((e["fromActor"]["name"], e["type"], e["subject"]["name"], "event-from"))
        if e["location"]:
            want.add((e["subject"]["name"], e["type"], e["location"]["name"], "event-at"))
    assert links(nb) == want and (MEMBER, "MEMBER_OF", BATTALION, "relation") in want
    assert nb["eventsTotal"] == len(obj["events"]) == 3  # JAV-7001 and -7002 handed to it, one inventory
    member = nb["names"].index(MEMBER)
    j = next(i for i, t in enumerate(nb["linkTypes"]) if t == "MEMBER_OF")
    assert nb["linkSources"][j] == member and (nb["linkStarts"][j], nb["linkEnds"][j]) == ("2023-02-01", "2023-11-30")


def test_items_shipments_and_systems_link_what_their_properties_name(gql: Run) -> None:
    item = links(ok(gql(Q, {"id": "JAV-7001"}))["neighbourhood"])
    assert ("JAV-7001", "system", "FGM-148 Javelin", "system") in item
    assert ("SHP-7001", "CONTAINS", "JAV-7001", "contains") in item
    ship = links(ok(gql(Q, {"id": "SHP-7001"}))["neighbourhood"])
    assert {("SHP-7001", "consignor", DONOR, "role"), ("SHP-7001", "consignee", NATIONAL, "role")} <= ship
    assert {t for s, _, t, k in ship if k == "contains"} >= set(JAVELINS)
    system = links(ok(gql(Q, {"id": "FGM-148 Javelin"}))["neighbourhood"])
    assert {s for s, _, _, k in system if k == "system"} == set(JAVELINS)


def test_events_are_paged_and_the_page_is_bounded(gql: Run) -> None:
    one = ok(gql(Q, {"id": "JAV-7001", "events": 1}))["neighbourhood"]
    assert one["eventsTotal"] >= 3 and {t for t, k in zip(one["linkTypes"], one["linkKinds"], strict=True)
                                        if k.startswith("event")} == {"HANDOVER"}
    assert codes(gql(Q, {"id": "JAV-7001", "events": 1000})) == ["LIMIT_EXCEEDED"]


def test_a_viewer_does_not_see_what_only_a_restricted_document_tells(gql: Run) -> None:
    # the seizure of JAV-7002 by customs at Town W has only a restricted source
    seen = ok(gql(Q, {"id": "JAV-7002"}, principal=ANALYST))["neighbourhood"]
    assert {CUSTOMS, TOWN} <= set(seen["names"]) and "SEIZURE" in seen["linkTypes"]
    hidden = ok(gql(Q, {"id": "JAV-7002"}, principal=VIEWER))["neighbourhood"]
    assert not {CUSTOMS, TOWN} & set(hidden["names"]) and "SEIZURE" not in hidden["linkTypes"]
    assert codes(gql(Q, {"id": CUSTOMS}, principal=VIEWER)) == ["NOT_FOUND"]


def test_it_costs_a_question_within_the_limits(gql: Run) -> None:
    assert cost('{ neighbourhood(id: "x") { ids names } }') == 1 + 50 + 2
    many = "{ " + " ".join(f'n{i}: neighbourhood(id: "JAV-7001") {{ ids }}' for i in range(31)) + " }"
    assert codes(gql(many)) == ["LIMIT_EXCEEDED"]  # the alias limit (30) holds for it as for any field
