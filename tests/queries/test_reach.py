"""Time-respecting reach on tiny literal graphs, on every store."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date

import pytest

from graph.builder import FactBuilder
from graph.dates import Interval
from graph.errors import LimitExceeded
from graph.holdings import Holding, Spans
from graph.model import Model
from graph.store import Store
from queries.reach import reachable_items, who_could_reach

AS_OF = date(2024, 6, 30)


def base(model: Model) -> FactBuilder:
    """JAV-0042: held by the 7th Brigade from April 2023, its 1st Battalion from May 2023,
    at Base Kilo; seized by customs in February 2024."""
    b = FactBuilder(model, title="log.csv", text="fictional", kind="EventLog")
    item = b.item(serial="JAV-0042")
    bde, bn = b.actor("7th Brigade", "MilitaryUnit"), b.actor("1st Battalion, 7th Brigade", "MilitaryUnit")
    kilo = b.location("Base Kilo", "Depot")
    b.relation("SUBORDINATE_TO", bn, bde)
    b.event("HANDOVER", item, "2023-04-01", to_actor=bde, location=b.location("Depot L-9", "Depot"))
    b.event("HANDOVER", item, "2023-05-01", from_actor=bde, to_actor=bn, location=kilo)
    b.event("SEIZURE", item, "2024-02-11", from_actor=bn,
            to_actor=b.actor("Customs Post 4", "Organization"), location=b.location("Town Q", "Place"))
    return b


def reach(store: Store, **kw: object) -> dict[str, int]:
    result = who_could_reach(store, "JAV-0042", as_of=AS_OF, **kw)  # type: ignore[arg-type]
    return {result.nodes[r.actor].name: r.hops for r in result.results}


def test_holders_are_hop_zero_with_their_event_as_the_path(store: Store, model: Model) -> None:
    store.write(base(model).batch)
    result = who_could_reach(store, "JAV-0042", as_of=AS_OF)
    got = {result.nodes[r.actor].name: r.hops for r in result.results}
    assert got == {"7th Brigade": 0, "1st Battalion, 7th Brigade": 0, "Customs Post 4": 0}
    for r in result.results:
        [step] = r.paths[0].steps
        assert step.kind == "HOLDER" and result.evidence[step.fact]


def test_membership_must_overlap_the_holding(store: Store, model: Model) -> None:
    b = base(model)
    bn = "actor:1st-battalion-7th-brigade"
    b.relation("MEMBER_OF", b.actor("Ivan Before", "Person"), bn, "2021-01-01", "2023-04-30")
    b.relation("MEMBER_OF", b.actor("Petro During", "Person"), bn, "2023-06", "2023-11")
    b.relation("MEMBER_OF", b.actor("Olena After", "Person"), bn, "2024-03-01", None)
    store.write(b.batch)
    got = reach(store)
    assert got["Petro During"] == 1
    # Ivan left the battalion before it got the item, but was in it while its brigade held
    # the item (April 2023): two steps, through the brigade, not one.
    assert got["Ivan Before"] == 2
    assert "Olena After" not in got


def test_interval_is_carried_along_the_whole_path(store: Store, model: Model) -> None:
    """A person reaches the brigade's 1st Battalion (while it held the item) through the
    brigade's 2nd Battalion only while all three relations overlap the holding."""
    b = base(model)
    bn2 = b.actor("2nd Battalion, 7th Brigade", "MilitaryUnit")
    b.relation("SUBORDINATE_TO", bn2, "actor:7th-brigade")
    b.relation("MEMBER_OF", b.actor("Early Member", "Person"), bn2, "2022-01-01", "2022-12-31")
    b.relation("MEMBER_OF", b.actor("Open Member", "Person"), bn2)  # undated: always valid
    store.write(b.batch)
    got = reach(store)
    assert got["2nd Battalion, 7th Brigade"] == 1 and got["Open Member"] == 2
    assert "Early Member" not in got
    result = who_could_reach(store, "JAV-0042", as_of=AS_OF)
    [member] = [r for r in result.results if r.actor == "actor:open-member"]
    steps = member.paths[0].steps
    # brigade -> its battalion runs against "battalion SUBORDINATE_TO brigade"; battalion ->
    # member runs against "member MEMBER_OF battalion": each step keeps the relation's own
    # source and target, and says it was walked backward
    assert [(s.kind, s.source, s.target, s.direction) for s in steps] == [
        ("HOLDER", "item:JAV0042", "actor:7th-brigade", "forward"),
        ("SUBORDINATE_TO", "actor:2nd-battalion-7th-brigade", "actor:7th-brigade", "backward"),
        ("MEMBER_OF", "actor:open-member", "actor:2nd-battalion-7th-brigade", "backward")]
    assert [(s.start, s.end) for s in steps[1:]] == [("actor:7th-brigade", "actor:2nd-battalion-7th-brigade"),
                                                     ("actor:2nd-battalion-7th-brigade", "actor:open-member")]


def test_presence_at_a_depot_while_the_item_was_there(store: Store, model: Model) -> None:
    b = base(model)
    kilo = "location:base-kilo"
    b.relation("OPERATES_AT", b.actor("Quartermaster Q", "Organization"), kilo, "2023-01-01", "2023-12-31")
    b.relation("BASED_AT", b.actor("Old Tenants", "MilitaryUnit"), kilo, "2021-01-01", "2022-12-31")
    # a town does not spread access
    b.relation("OPERATES_AT", b.actor("Town Council", "Organization"), "location:town-q")
    store.write(b.batch)
    result = who_could_reach(store, "JAV-0042", as_of=AS_OF)
    got = {result.nodes[r.actor].name: r for r in result.results}
    assert got["Quartermaster Q"].hops == 1
    at, operates = got["Quartermaster Q"].paths[0].steps
    assert (at.kind, at.source, at.target, at.direction) == ("AT_LOCATION", "item:JAV0042", kilo, "forward")
    # "Quartermaster Q OPERATES_AT Base Kilo", walked from the base to the quartermaster
    assert (operates.kind, operates.source, operates.target, operates.direction) == (
        "OPERATES_AT", "actor:quartermaster-q", kilo, "backward")
    assert "Old Tenants" not in got and "Town Council" not in got


def test_hops_limit_and_cycles(store: Store, model: Model) -> None:
    b = base(model)
    a = b.actor("Cell A", "ArmedGroup")
    c = b.actor("Cell C", "ArmedGroup")
    b.relation("AFFILIATED_WITH", "actor:customs-post-4", a)  # fictional, for shape only
    b.relation("AFFILIATED_WITH", a, c)
    b.relation("AFFILIATED_WITH", c, a)  # a cycle
    store.write(b.batch)
    assert reach(store, max_hops=1)["Cell A"] == 1 and "Cell C" not in reach(store, max_hops=1)
    assert reach(store, max_hops=2)["Cell C"] == 2
    assert set(reach(store, max_hops=0)) == {"7th Brigade", "1st Battalion, 7th Brigade", "Customs Post 4"}
    with pytest.raises(LimitExceeded):
        who_could_reach(store, "JAV-0042", max_hops=7)


def test_time_window_limits_holders(store: Store, model: Model) -> None:
    store.write(base(model).batch)
    got = reach(store, window=Interval.of("2024-03-01", None))
    assert set(got) == {"Customs Post 4"}


def test_reverse_reach_agrees_with_forward(store: Store, model: Model) -> None:
    b = base(model)
    other = b.item(serial="JAV-0099")
    b.event("HANDOVER", other, "2023-04-01", to_actor=b.actor("9th Brigade", "MilitaryUnit"))
    b.relation("MEMBER_OF", b.actor("Petro During", "Person"), "actor:1st-battalion-7th-brigade",
               "2023-06", "2023-11")
    store.write(b.batch)
    actor, items = reachable_items(store, "Petro During", max_hops=2, as_of=AS_OF)
    assert actor.id == "actor:petro-during"
    assert [(r.item, r.hops) for r in items] == [("item:JAV0042", 1)]
    assert [(s.kind, s.source, s.target, s.direction) for s in items[0].path.steps] == [
        ("HOLDER", "item:JAV0042", "actor:1st-battalion-7th-brigade", "forward"),
        ("MEMBER_OF", "actor:petro-during", "actor:1st-battalion-7th-brigade", "backward")]
    assert items[0].path.steps[-1].end == "actor:petro-during"
    _, none = reachable_items(store, "Petro During", max_hops=0, as_of=AS_OF)
    assert none == []


def test_reverse_reach_reads_only_index_rows_that_can_give_a_path(store: Store, model: Model) -> None:
    """A member from June to November 2023 reaches what the battalion held then: the rows of
    what it held and kept at its base before are not read, nor the rows of an item already
    found at fewer hops than theirs would give (the battalion's row of what the member held
    himself, the base's row of what the battalion held). None could change the answer."""
    b = FactBuilder(model, title="log.csv", text="fictional", kind="EventLog")
    bn, person = b.actor("1st Battalion", "MilitaryUnit"), b.actor("Petro During", "Person")
    depot = b.location("Base Kilo", "Depot")
    b.relation("MEMBER_OF", person, bn, "2023-06-01", "2023-11-30")
    b.relation("BASED_AT", bn, depot, "2023-01-01", None)
    early, held, own = b.item(serial="OLD-001"), b.item(serial="NEW-001"), b.item(serial="OWN-001")
    b.event("HANDOVER", early, "2021-01-01", to_actor=bn, location=depot)
    b.event("HANDOVER", early, "2021-06-01", from_actor=bn, to_actor=b.actor("Repair Shop", "Company"),
            location=b.location("Town Q", "Place"))
    b.event("HANDOVER", held, "2023-05-01", to_actor=bn, location=depot)
    b.event("HANDOVER", own, "2023-07-01", to_actor=bn)
    b.event("HANDOVER", own, "2023-08-01", from_actor=bn, to_actor=person)
    store.write(b.batch)
    seen: list[tuple[str, str]] = []
    real = store.holdings

    def recorded(holders: Iterable[str], places: Iterable[str], *, spans: Spans | None = None,
                 skip: Collection[str] = ()) -> list[Holding]:
        rows = real(holders, places, spans=spans, skip=skip)
        seen.extend((h.item, h.party) for h in rows)
        return rows

    store.holdings = recorded  # type: ignore[method-assign]
    _, items = reachable_items(store, "Petro During", as_of=AS_OF)
    assert [(r.item, r.hops) for r in items] == [("item:OWN001", 0), ("item:NEW001", 1)]
    assert sorted(seen) == [("item:NEW001", bn), ("item:OWN001", person)]


def test_reverse_reach_stops_once_nearer_items_fill_the_limit(store: Store, model: Model) -> None:
    """Items the actor held are 0 hops away; with a limit they fill, the items seen at the
    depot it was based at (1 hop) are never read, and the answer is what the full search
    ranks first."""
    b = FactBuilder(model, title="log.csv", text="fictional", kind="EventLog")
    unit, depot = b.actor("7th Brigade", "MilitaryUnit"), b.location("Depot L-9", "Depot")
    b.relation("BASED_AT", unit, depot, "2023-01-01", None)
    for n in range(3):
        b.event("HANDOVER", b.item(serial=f"JAV-00{n}"), "2023-04-01", to_actor=unit)
    for n in range(5):
        b.event("STORAGE", b.item(serial=f"STG-00{n}"), "2023-05-01", location=depot)
    store.write(b.batch)

    _, everything = reachable_items(store, "7th Brigade", as_of=AS_OF)
    assert sorted((r.hops, r.item) for r in everything)[:4] == [
        (0, "item:JAV000"), (0, "item:JAV001"), (0, "item:JAV002"), (1, "item:STG000")]
    assert len(everything) == 8

    reads: list[object] = []  # the places whose items were read
    real = store.holdings

    def touched(holders: Iterable[str], places: Iterable[str], *, spans: Spans | None = None,
                skip: Collection[str] = ()) -> list[Holding]:
        ordered = sorted(places)
        if ordered:
            reads.append(ordered)
        return real(holders, ordered, spans=spans, skip=skip)

    store.holdings = touched  # type: ignore[method-assign]
    _, first = reachable_items(store, "7th Brigade", as_of=AS_OF, limit=3)
    assert [r.item for r in first] == [r.item for r in everything[:3]]
    assert reads == []  # the depot's items were never read
    _, four = reachable_items(store, "7th Brigade", as_of=AS_OF, limit=4)
    assert [r.item for r in four] == [r.item for r in everything[:4]] and reads == [["location:depot-l-9"]]
