"""The static part of a generated world: who exists, where, and how they relate over time.

Built once, before any shipment, and small (thousands of actors even for a million items):
donor agencies and their depots, logistics hubs and the transit cells that run them in turn,
the real border crossings with their border guards and customs offices, the end-user armies
(supply directorate, national depots, corps, brigades, battalions that move between bases,
people whose memberships begin and end), towns with police and customs, armed groups and
companies. Every relation is a row of ``relations.csv``, with its validity interval.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Final

from rapidfuzz import fuzz, process

from graph.ids import normalize_name
from ingest.generate.vocab import (
    ANIMALS,
    BRIGADE_TYPES,
    COLOURS,
    COMPANY_STEMS,
    CROSSINGS,
    DONORS,
    FIRST_NAMES,
    HUBS,
    PHONETIC,
    SURNAMES,
    TOWNS,
    ordinal,
)
from ingest.resolve import designators

__all__ = ["RELATION_HEADER", "Army", "Battalion", "Brigade", "NamePool", "Org", "Period", "build_org"]

RELATION_HEADER: Final = ("subject", "subject_kind", "relation", "object", "object_kind", "valid_from", "valid_to",
                          "note")
EPOCH: Final = date(2021, 1, 1)
"""Relations that exist "from the start" begin here (the earliest shipment is later)."""


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


@dataclass(frozen=True, slots=True)
class Period:
    """Who or what holds a post from ``start`` to ``end`` (inclusive; ``None`` is open)."""

    name: str
    start: date | None
    end: date | None

    def covers(self, d: date) -> bool:
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)


def at(periods: list[Period], d: date) -> str:
    """The name whose period covers ``d`` (the last one when none does)."""
    for p in periods:
        if p.covers(d):
            return p.name
    return periods[-1].name


class NamePool:
    """Unique names that the entity resolver will never merge with each other.

    A name is refused when an earlier one with the same designators (numbers, single letters)
    is at least ``threshold`` similar (rapidfuzz ``token_sort_ratio``, as the resolver scores),
    so fuzzy resolution at ingest time keeps every generated actor apart.
    """

    def __init__(self, threshold: float = 88.0) -> None:
        self.threshold = threshold
        self._by_designators: dict[tuple[str, ...], list[str]] = {}
        self._taken: set[str] = set()

    def take(self, name: str) -> bool:
        key = normalize_name(name)
        if key in self._taken:
            return False
        bucket = self._by_designators.setdefault(designators(key), [])
        if bucket and process.extractOne(key, bucket, scorer=fuzz.token_sort_ratio,
                                         score_cutoff=self.threshold) is not None:
            return False
        bucket.append(key)
        self._taken.add(key)
        return True


@dataclass
class Battalion:
    name: str
    brigade: Brigade
    bases: list[Period]
    rounds: list[date] = field(default_factory=list)
    """Dates of its serial inventories (every item it holds is checked)."""
    monitored: set[date] = field(default_factory=set)
    """Rounds that a joint monitoring team attended (a report lists what was presented)."""
    members: list[Period] = field(default_factory=list)

    def base_at(self, d: date) -> str:
        return at(self.bases, d)


@dataclass
class Brigade:
    name: str
    army: Army
    corps: str
    battalions: list[Battalion] = field(default_factory=list)


@dataclass
class Army:
    name: str
    directorate: str
    depots: list[str]
    brigades: list[Brigade] = field(default_factory=list)


@dataclass
class Org:
    """Everything static about a world, and its relation rows."""

    donors: list[tuple[str, str, str]]
    """(agency, depot, country)"""
    hubs: dict[str, list[Period]]
    """hub -> transit cells operating it, in turn"""
    hub_crossings: dict[str, tuple[str, ...]]
    crossing_agencies: dict[str, list[str]]
    """crossing -> law-enforcement offices there that seize (customs, border guards)"""
    armies: list[Army]
    towns: list[str]
    town_agencies: dict[str, list[str]]
    """town -> customs office and police department"""
    police: list[tuple[str, str]]
    """(police department, its town)"""
    groups: list[tuple[str, str]]
    """(armed group, the town it operates in)"""
    companies: list[tuple[str, str]]
    names: NamePool
    person_rng: random.Random
    relations: list[tuple[str, ...]] = field(default_factory=list)
    persons: int = 0

    def relate(self, subject: str, subject_kind: str, relation: str, obj: str, obj_kind: str,
               start: date | None = None, end: date | None = None, note: str = "") -> None:
        self.relations.append((subject, subject_kind, relation, obj, obj_kind, _iso(start), _iso(end), note))

    def battalions(self) -> Iterator[Battalion]:
        for army in self.armies:
            for brigade in army.brigades:
                yield from brigade.battalions

    def new_person(self) -> str:
        """A new person's name, distinct (for the resolver) from every earlier one."""
        rng = self.person_rng
        while True:
            first = rng.choice(FIRST_NAMES)
            initial = rng.choice("ABDHKLMNOPRSTVYZ")
            surname = rng.choice(SURNAMES)
            name = f"{first} {initial}. {surname}"
            if self.names.take(name):
                self.persons += 1
                return name


class _Codes:
    """Unique codes: "L-12" for depots, bases and towns; "K27" (``sep=""``, two digits) for
    police and customs offices, because the NLP reads "J-27" after an office's name as a serial
    number and loses the office."""

    def __init__(self, rng: random.Random, letters: str, top: int = 99, low: int = 1, sep: str = "-") -> None:
        self.rng = rng
        self.letters = letters
        self.low, self.top = low, top
        self.sep = sep
        self.used: set[str] = set()

    def next(self) -> str:
        capacity = len(self.letters) * (self.top - self.low + 1)
        if len(self.used) >= capacity // 2:
            raise RuntimeError(f"out of codes: {len(self.used)} of {capacity} used")
        while True:
            code = f"{self.rng.choice(self.letters)}{self.sep}{self.rng.randint(self.low, self.top)}"
            if code not in self.used:
                self.used.add(code)
                return code


def _clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, max(0, (end - start).days)))


def build_org(items: int, rng: random.Random, person_rng: random.Random, as_of: date, round_days: float) -> Org:
    """The static world for ``items`` items; ``round_days`` is the mean interval between a
    battalion's inventories (chosen so that items get the configured events each)."""
    names = NamePool()
    depot_codes = _Codes(rng, "BCFGHKLMNPRSTVW")
    base_codes = _Codes(rng, "ABCEFGHJKLMNPRSTUVWXYZ", top=999 if items > 100_000 else 99)
    town_codes = _Codes(rng, "ABCDEFGHJKLMNPRSTVZ")
    office_codes = _Codes(rng, "ABCDEFGHJKLMNPRSTVZ", low=10, sep="")
    org = Org([], {}, {}, {}, [], [], {}, [], [], [], names, person_rng)

    # donors: agency, depot, country
    chosen = DONORS[: _clamp(3 + items / 50_000, 3, len(DONORS))]
    for donor, number in zip(chosen, rng.sample(range(1, 99), len(chosen)), strict=True):
        depot = f"Depot D-{number}"
        names.take(donor.agency)
        org.donors.append((donor.agency, depot, donor.country))
        org.relate(donor.agency, "Organization", "BASED_AT", depot, "Depot")
        org.relate(depot, "Depot", "LOCATED_IN", donor.country, "Country")

    # hubs and transit cells (in turn: an item's stay reaches only the cell there at the time)
    cell_numbers = rng.sample(range(1, 60), 3 * len(HUBS))
    for i, hub in enumerate(HUBS):
        org.relate(hub.name, "Hub", "LOCATED_IN", hub.country, "Country")
        org.hub_crossings[hub.name] = hub.crossings
        cuts = sorted(_day(rng, date(2022, 9, 1), as_of - timedelta(days=200)) for _ in range(2))
        starts: list[date | None] = [EPOCH, cuts[0] + timedelta(days=1), cuts[1] + timedelta(days=1)]
        ends: list[date | None] = [cuts[0], cuts[1], None]
        periods = []
        for k in range(3):
            cell = f"Allied Transit Cell {cell_numbers[3 * i + k]}"
            names.take(cell)
            periods.append(Period(cell, starts[k], ends[k]))
            org.relate(cell, "Organization", "OPERATES_AT", hub.name, "Hub", starts[k], ends[k])
        org.hubs[hub.name] = periods

    # crossings: both countries, border guards in turn, a customs office
    guard_numbers = iter(rng.sample(range(2, 80), 2 * len(CROSSINGS)))
    for crossing, country in CROSSINGS.items():
        org.relate(crossing, "BorderCrossing", "CONNECTS", country, "Country")
        org.relate(crossing, "BorderCrossing", "CONNECTS", "Ukraine", "Country")
        cut = _day(rng, date(2022, 6, 1), date(2024, 6, 1))
        old, new = (f"Border Guard Detachment {next(guard_numbers)}" for _ in range(2))
        customs = f"Customs Office {office_codes.next()}"
        for name in (old, new, customs):
            names.take(name)
        org.relate(old, "Organization", "OPERATES_AT", crossing, "BorderCrossing", EPOCH, cut)
        org.relate(new, "Organization", "OPERATES_AT", crossing, "BorderCrossing", cut + timedelta(days=1))
        org.relate(customs, "Organization", "OPERATES_AT", crossing, "BorderCrossing")
        org.crossing_agencies[crossing] = [new, customs]

    # towns, with police and customs
    fictional = _clamp(items / 20_000, 6, 60)
    org.towns = list(TOWNS) + [f"{rng.choice(('Town', 'Town', 'Village'))} {town_codes.next()}"
                               for _ in range(fictional)]
    for town in org.towns:
        org.relate(town, "Place", "LOCATED_IN", "Ukraine", "Country")
        police = f"Police Department {office_codes.next()}"
        customs = f"Customs Office {office_codes.next()}"
        names.take(police)
        names.take(customs)
        org.relate(police, "Organization", "OPERATES_AT", town, "Place")
        org.relate(customs, "Organization", "OPERATES_AT", town, "Place")
        org.town_agencies[town] = [customs, police]
        org.police.append((police, town))

    # armed groups and companies: they appear in reports only when something is diverted
    pairs = [f"{c} {a} group" for c in COLOURS for a in ANIMALS]
    rng.shuffle(pairs)
    for name in pairs:
        if len(org.groups) >= _clamp(6 + items / 25_000, 6, 60):
            break
        if names.take(name):
            town = rng.choice(org.towns)
            org.groups.append((name, town))
            org.relate(name, "ArmedGroup", "OPERATES_AT", town, "Place", _day(rng, date(2021, 6, 1),
                                                                               date(2023, 6, 1)))
    stems = list(COMPANY_STEMS)
    rng.shuffle(stems)
    for stem in stems[: _clamp(3 + items / 100_000, 3, len(stems))]:
        name = f"{stem} Trading Ltd"
        names.take(name)
        town = rng.choice(org.towns)
        org.companies.append((name, town))
        org.relate(name, "Company", "OPERATES_AT", town, "Place")

    # end-user armies: directorate and national depots, corps, brigades, battalions, people
    n_armies = 2 if items < 50_000 else 3
    n_brigades = _clamp(items / 500, 4, 480)
    brigade_numbers = rng.sample(range(500, 1000), n_brigades)
    corps_numbers = iter(rng.sample(range(40, 200), -(-n_brigades // 10) + n_armies))
    for a in range(n_armies):
        army_name = f"Reserve Army {PHONETIC[a]}"
        directorate = f"Supply Directorate {PHONETIC[a]}"
        names.take(army_name)
        names.take(directorate)
        depots = [f"Depot {depot_codes.next()}" for _ in range(2)]
        army = Army(army_name, directorate, depots)
        org.armies.append(army)
        org.relate(directorate, "Organization", "SUBORDINATE_TO", army_name, "MilitaryUnit")
        for depot in depots:
            org.relate(directorate, "Organization", "BASED_AT", depot, "Depot")
            org.relate(depot, "Depot", "LOCATED_IN", "Ukraine", "Country")
        mine = brigade_numbers[a::n_armies]
        corps = [f"{ordinal(next(corps_numbers))} Reserve Corps" for _ in range(max(1, -(-len(mine) // 10)))]
        for c in corps:
            names.take(c)
            org.relate(c, "MilitaryUnit", "SUBORDINATE_TO", army_name, "MilitaryUnit")
        for k, number in enumerate(mine):
            brigade = Brigade(f"{ordinal(number)} {rng.choice(BRIGADE_TYPES)} Brigade", army, corps[k % len(corps)])
            names.take(brigade.name)
            army.brigades.append(brigade)
            org.relate(brigade.name, "MilitaryUnit", "SUBORDINATE_TO", brigade.corps, "MilitaryUnit")
            for b in range(1, 4):
                _battalion(org, brigade, b, rng, base_codes, as_of, round_days)
            _transfers(org, brigade, rng, as_of)
    return org


def _transfers(org: Org, brigade: Brigade, rng: random.Random, as_of: date) -> None:
    """Some people move to a sister battalion after their membership ends."""
    for battalion in brigade.battalions:
        for member in list(battalion.members):
            if member.end is None or rng.random() >= 0.2 or member.end > as_of - timedelta(days=90):
                continue
            other = rng.choice([b for b in brigade.battalions if b is not battalion])
            start = member.end + timedelta(days=rng.randint(1, 60))
            other.members.append(Period(member.name, start, None))
            org.relate(member.name, "Person", "MEMBER_OF", other.name, "MilitaryUnit", start, None)


def _battalion(org: Org, brigade: Brigade, number: int, rng: random.Random, base_codes: _Codes, as_of: date,
               round_days: float) -> None:
    name = f"{ordinal(number)} Battalion, {brigade.name}"
    org.names.take(name)
    first = f"Base {base_codes.next()}"
    bases = [Period(first, None, None)]
    if rng.random() < 0.5:
        # the battalion moves once: a unit there before cannot reach what arrives after
        move = _day(rng, date(2022, 9, 1), as_of - timedelta(days=120))
        bases = [Period(first, EPOCH, move), Period(f"Base {base_codes.next()}", move + timedelta(days=1), None)]
    battalion = Battalion(name, brigade, bases)
    brigade.battalions.append(battalion)
    org.relate(name, "MilitaryUnit", "SUBORDINATE_TO", brigade.name, "MilitaryUnit")
    for p in bases:
        org.relate(name, "MilitaryUnit", "BASED_AT", p.name, "Depot", p.start, p.end)
        org.relate(p.name, "Depot", "LOCATED_IN", "Ukraine", "Country")
    # inventory rounds: from a first round in 2022 to within ~200 days of as_of, so an item
    # under enhanced monitoring is never overdue unless the generator means it to be
    d = date(2022, 6, 1) + timedelta(days=rng.randint(0, int(round_days)))
    while d < as_of - timedelta(days=5):
        battalion.rounds.append(d)
        d += timedelta(days=max(20, int(round_days * rng.uniform(0.8, 1.2))))
    # people over time: some left before the unit's deliveries, some joined later
    for _ in range(rng.randint(3, 5)):
        start = _day(rng, date(2021, 6, 1), as_of - timedelta(days=60))
        end = None if rng.random() < 0.4 else min(start + timedelta(days=rng.randint(120, 900)),
                                                   as_of - timedelta(days=1))
        person = org.new_person()
        battalion.members.append(Period(person, start, end))
        org.relate(person, "Person", "MEMBER_OF", name, "MilitaryUnit", start, end)
