from __future__ import annotations

from datetime import date

import pytest

from graph.dates import Interval, PartialDate
from graph.errors import InvalidInput
from graph.ids import entity_id, item_id, normalize_name, normalize_nsn, normalize_serial
from graph.records import event_id


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31), "year"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023-04-20", date(2023, 4, 20), date(2023, 4, 20), "day"),
        ("2023-04-20T10:00:00", date(2023, 4, 20), date(2023, 4, 20), "day"),
    ],
)
def test_partial_dates_cover_every_day_they_could_mean(text: str, start: date, end: date, precision: str) -> None:
    d = PartialDate.parse(text)
    assert (d.start, d.end, d.precision) == (start, end, precision)
    assert str(PartialDate.parse(str(d))) == str(d)


@pytest.mark.parametrize("bad", ["15 Sep 2023", "2023-13", "2023-02-30", "", "20231"])
def test_bad_dates_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        PartialDate.parse(bad)


def test_partial_dates_order_by_start() -> None:
    assert sorted(map(PartialDate.parse, ["2024-02-11", "2024-01", "2023"])) == [
        PartialDate(2023), PartialDate(2024, 1), PartialDate(2024, 2, 11)
    ]


def test_interval_overlap_with_open_ends() -> None:
    always = Interval.ALWAYS
    membership = Interval.of("2023-02-01", "2023-11-30")
    assert always.intersect(membership) == membership
    assert Interval.of("2023-04-20", None).intersect(membership) == Interval(date(2023, 4, 20), date(2023, 11, 30))
    assert Interval.of("2022-03-01", "2022-12-31").intersect(Interval.of("2023-04-01", None)) is None
    # a month-precision end runs to the month's last day, so one day of overlap counts
    assert Interval.of("2023-11", None).overlaps(Interval.of(None, "2023-11-30"))
    assert Interval.of("2023-12-01", None).intersect(Interval.of(None, "2023-11")) is None


def test_serial_normalisation_folds_case_spaces_dashes_and_prefixes() -> None:
    forms = ["JAV-0042", "jav 0042", "S/N JAV-0042", "SN: JAV–0042", "Serial No. jav.0042"]
    assert {normalize_serial(f) for f in forms} == {"JAV0042"}
    assert {item_id(serial=f) for f in forms} == {"item:JAV0042"}
    assert item_id(lot="LOT-556-2023-07") == "item:lot:LOT556202307"
    with pytest.raises(InvalidInput):
        item_id()


def test_nsn_and_names() -> None:
    assert normalize_nsn("1425016237766") == "1425-01-623-7766"
    with pytest.raises(InvalidInput):
        normalize_nsn("1425-01-623")
    assert entity_id("Actor", "2nd Battalion, 14th Reserve Brigade") == "actor:2nd-battalion-14th-reserve-brigade"
    assert normalize_name("Krakovets—Korczowa") == normalize_name("krakovets-korczowa")


def test_ids_are_deterministic_and_distinguish_facts() -> None:
    a = event_id("HANDOVER", "item:JAV0042", PartialDate.parse("2023-04-20"), "actor:x", "actor:y")
    assert a == event_id("HANDOVER", "item:JAV0042", PartialDate.parse("2023-04-20"), "actor:x", "actor:y")
    assert a != event_id("HANDOVER", "item:JAV0042", PartialDate.parse("2023-04-21"), "actor:x", "actor:y")
    assert a != event_id("HANDOVER", "item:JAV0042", PartialDate.parse("2023-04-20"), None, "actor:y")


def test_interval_intersection_agrees_with_its_definition_on_every_combination() -> None:
    """The fast intersection against the plain definition (latest start, earliest end, empty
    when they cross), for open and closed ends, equal ends, and either order."""
    days = [None, date(2023, 1, 1), date(2023, 6, 1), date(2023, 6, 1), date(2024, 1, 1)]
    intervals = [Interval(s, e) for s in days for e in days if s is None or e is None or s <= e]
    for a in intervals:
        for b in intervals:
            starts = [d for d in (a.start, b.start) if d is not None]
            ends = [d for d in (a.end, b.end) if d is not None]
            plain = Interval(max(starts) if starts else None, min(ends) if ends else None)
            assert a.intersect(b) == (None if plain.is_empty() else plain), (a, b)


def test_parsed_dates_are_shared_values_and_bad_ones_still_refused() -> None:
    assert PartialDate.parse("2023-04") is PartialDate.parse("2023-04")
    assert PartialDate.parse("2023-04") == PartialDate(2023, 4)
    for _ in range(2):  # a refusal is not cached as an answer
        with pytest.raises(InvalidInput):
            PartialDate.parse("April 2023")
