"""Generate a coherent fictional world of any size, with injected diversions and their ground truth.

:func:`generate_world` writes, into an empty folder::

    manifests/relations.csv             who belongs to whom, who is based or operates where, when
    manifests/shipments_YYYY-MM.csv     manifest line items (the shipment-manifest layout)
    manifests/receipts_YYYY-MM.csv      what the consignee signed for (the receipt layout)
    manifests/events_YYYY-MM.csv        custody log: hub, crossing, delivery, handovers, inventories
    reports/*.txt                       seizure notices, open-source notes, monitoring visits
    .truth/ground_truth.json            what was injected, and the alerts a correct system raises

so that ``custody ingest OUT/`` reads it with the built-in mappings. (The ground truth sits in a
hidden folder because the runner reads every ``.json`` under a folder as a table.)

The story of one item: a donor agency ships it from its depot (manifest), a transit cell holds
the consignment at a hub and takes it through a real border crossing, where it is delivered to
an army's supply directorate at a national depot (event log, receipt); the directorate hands it
to a brigade, the brigade to a battalion, and the battalion presents it at every inventory round
at the base where it is stationed at the time. Injected on purpose, each recorded in the ground
truth:

- **diversions** (``diversion_rate``, at least ``min_diversions``): a serial leaves the battalion
  and turns up in a report: seized from an armed group or a company, seen with an armed group, or
  seized at a border crossing from nobody named; a person of the battalion affiliated with the
  receiver is the insider. The battalion's inventories stop at the diversion;
- **not received**: serials on a manifest missing from its receipt (``shortfall_rate`` of
  shipments), and ammunition lots received short (``lot_shortfall_rate``): quantity mismatches;
- **overdue**: monitored items whose inventories stop more than a year before ``as_of``;
- **two places**: a serial filmed with its own battalion in a town on the day it was inventoried
  at the base.

Determinism: every random choice comes from ``random.Random`` streams seeded with strings made
from the seed, files are written in a fixed order and event logs are sorted, so one seed gives the
same bytes. Memory: the static world (thousands of actors) and the ground truth are kept; items
and their events are written as they are made, and each event log is sorted alone at the end.
"""

from __future__ import annotations

import csv
import json
import random
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Any, Final

from graph.errors import InvalidInput
from graph.ids import entity_id, item_id, shipment_id
from ingest.generate.org import RELATION_HEADER, Battalion, Brigade, Org, Period, at, build_org
from ingest.generate.reports import MONTHS, PARTS, PLURALS, day_text, listing, render
from ingest.generate.vocab import CROSSINGS, LOTS, SERIALS, SerialSystem

__all__ = [
    "GENERATOR_VERSION",
    "TRUTH_PATH",
    "GenerateConfig",
    "WorldSummary",
    "generate_world",
    "parse_count",
]

GENERATOR_VERSION: Final = "3"
TRUTH_PATH: Final = Path(".truth") / "ground_truth.json"
SHIPMENT_HEADER: Final = ("shipment_ref", "date", "consignor", "consignee", "end_user", "origin", "destination", "via",
                          "nsn", "system", "serial", "lot", "quantity")
RECEIPT_HEADER: Final = ("shipment_ref", "date", "received_by", "location", "system", "serial", "lot",
                         "quantity_received")
EVENT_HEADER: Final = ("date", "event", "serial", "lot", "system", "quantity", "shipment_ref", "from", "to", "location",
                       "notes")
MONITORED: Final = frozenset(PLURALS)
"""Systems under enhanced end-use monitoring (``eeum: true`` in ingest/weapon_systems.yaml)."""
DIVERSION_KINDS: Final = (("sold_then_seized", 0.35), ("seen_with_group", 0.30), ("border_seizure", 0.20),
                          ("company_seizure", 0.15))
_SUFFIX = {"k": 1_000, "m": 1_000_000}


def parse_count(text: str | int) -> int:
    """``"10k"`` -> 10000, ``"1m"`` -> 1000000, ``"250"`` -> 250.

    Raises
    ------
    InvalidInput
        For anything else, or a count below 1.

    >>> parse_count("10k"), parse_count("1M"), parse_count("1.5k"), parse_count(200)
    (10000, 1000000, 1500, 200)
    """
    raw = str(text).strip().lower().replace("_", "").replace(",", "")
    scale = _SUFFIX.get(raw[-1:], 1)
    number = raw[:-1] if scale > 1 else raw
    try:
        value = float(number)
    except ValueError:
        raise InvalidInput(f"not a count: {text!r} (use a number such as 200, 10k or 1m)") from None
    count = int(value * scale)
    if count < 1 or count != value * scale:
        raise InvalidInput(f"not a count: {text!r} (a whole number of at least 1, such as 200, 10k or 1m)")
    return count


@dataclass(frozen=True)
class GenerateConfig:
    """What to generate. Rates are per item unless said otherwise."""

    items: int
    seed: int = 1
    as_of: date = date(2025, 6, 30)
    """The day the world is judged at: nothing happens later; overdue is counted to it."""
    start: date = date(2022, 5, 1)
    """The first shipment's earliest date."""
    events_per_item: float = 5.0
    """Custody events per item (handovers plus inventory rounds); sets the rounds' interval."""
    diversion_rate: float = 0.004
    """Items diverted: ``max(min_diversions, round(diversion_rate * items))``, drawn up front."""
    min_diversions: int = 8
    shortfall_rate: float = 0.06
    """Share of shipments whose receipt misses one to three serials."""
    lot_shortfall_rate: float = 0.10
    """Share of ammunition lots received short."""
    lot_rate: float = 0.04
    """Share of items that are ammunition lots rather than serialised weapons."""
    overdue_rate: float = 0.03
    """Share of monitored items (delivered long enough ago) whose inventories stop."""
    two_places_rate: float = 0.0005
    """Items filmed with their battalion in a town on an inventory day (at least ``min_two_places``)."""
    min_two_places: int = 2
    monitoring_rate: float = 0.05
    """Share of inventory rounds a monitoring team attends and reports on."""

    def check(self) -> None:
        """Raises InvalidInput for a configuration that cannot make a world."""
        if self.items < 1:
            raise InvalidInput(f"items must be at least 1, got {self.items}")
        if not self.start < self.as_of - timedelta(days=400):
            raise InvalidInput("start must be more than 400 days before as_of")
        if self.events_per_item < 2.5:
            raise InvalidInput(f"events_per_item must be at least 2.5 (two handovers and an inventory), got "
                               f"{self.events_per_item}")
        for name in ("diversion_rate", "shortfall_rate", "lot_shortfall_rate", "lot_rate", "overdue_rate",
                     "two_places_rate", "monitoring_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise InvalidInput(f"{name} must be between 0 and 1, got {value}")


@dataclass
class WorldSummary:
    """What :func:`generate_world` wrote."""

    out: Path
    items: int
    shipments: int
    events: int
    """Custody events in the tables: log rows plus one manifest storage event per shipment."""
    report_events: int
    """Custody events the reports state (inventories in monitoring reports repeat logged ones)."""
    rows: dict[str, int]
    files: int
    reports: int
    diversions: int
    actors: int
    relations: int
    seconds: float

    @property
    def truth(self) -> Path:
        return self.out / TRUTH_PATH

    @property
    def table_rows(self) -> int:
        return sum(self.rows.values())


# -- writing ---------------------------------------------------------------------------------


class _Tables:
    """The CSV files of the world: one per kind and month, opened as their first row arrives."""

    HEADERS: Final = {"shipments": SHIPMENT_HEADER, "receipts": RECEIPT_HEADER, "events": EVENT_HEADER}

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.open: dict[str, tuple[IO[str], Any]] = {}
        self.rows: dict[str, int] = {"relations": 0, "shipments": 0, "receipts": 0, "events": 0}

    def write(self, kind: str, day: date, row: tuple[object, ...]) -> None:
        name = f"{kind}_{day.year:04d}-{day.month:02d}.csv"
        hit = self.open.get(name)
        if hit is None:
            fh = open(self.folder / name, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in close()
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(self.HEADERS[kind])
            hit = self.open[name] = (fh, writer)
        hit[1].writerow(row)
        self.rows[kind] += 1

    def close(self) -> None:
        for fh, _ in self.open.values():
            fh.close()

    def sort(self, kind: str, key: Callable[[list[str]], Any]) -> None:
        """Sort each file of ``kind`` by ``key`` (one file in memory at a time)."""
        for name in sorted(n for n in self.open if n.startswith(kind + "_")):
            path = self.folder / name
            with open(path, encoding="utf-8", newline="") as fh:
                reader = csv.reader(fh)
                header = next(reader)
                rows = list(reader)
            rows.sort(key=key)
            with open(path, "w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(rows)


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


# -- items -----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Item:
    system: str
    spec: SerialSystem | None
    serial: str | None
    lot: str | None
    quantity: int

    @property
    def id(self) -> str:
        return item_id(serial=self.serial, lot=self.lot)

    @property
    def label(self) -> str:
        return self.serial or self.lot or ""

    @property
    def monitored(self) -> bool:
        return self.system in MONITORED


@dataclass
class _Truth:
    diversions: list[dict[str, Any]] = field(default_factory=list)
    not_received: list[dict[str, Any]] = field(default_factory=list)
    mismatches: list[dict[str, Any]] = field(default_factory=list)
    overdue: list[dict[str, Any]] = field(default_factory=list)
    two_places: list[dict[str, Any]] = field(default_factory=list)
    report_items: list[str] = field(default_factory=list)


class _Generator:
    def __init__(self, out: Path, config: GenerateConfig) -> None:
        self.out = out
        self.config = config
        seed = config.seed
        self.rng = random.Random(f"custody-generate:{seed}:items")
        self.report_rng = random.Random(f"custody-generate:{seed}:reports")
        span = (config.as_of - config.start).days
        mean_span = (134 + span - 47) / 2  # days from an item's arrival at its battalion to as_of, on average
        rounds = max(0.5, config.events_per_item - 2.05)
        self.round_days = min(290.0, max(30.0, mean_span / rounds))
        self.org: Org = build_org(config.items, random.Random(f"custody-generate:{seed}:org"),
                                  random.Random(f"custody-generate:{seed}:people"), config.as_of, self.round_days)
        org_rng = random.Random(f"custody-generate:{seed}:monitoring")
        for battalion in self.org.battalions():
            battalion.monitored = {r for r in battalion.rounds if org_rng.random() < config.monitoring_rate}
        self.tables = _Tables(out / "manifests")
        self.truth = _Truth()
        self.serial_next = {s.prefix: 10 ** (s.digits - 1) + self.rng.randrange(10 ** (s.digits - 1) // 4)
                            for s in SERIALS}
        self.lot_next: dict[tuple[str, int], int] = {}
        self.report_seq = 0
        self.report_events = 0
        self.monitoring: dict[tuple[str, date], tuple[list[_Item], list[_Item]]] = {}
        self.weights = [s.weight for s in SERIALS]
        # Which items are diverted (or sighted twice) is drawn up front, as positions in the
        # order items are made, so the counts are exact; a drawn item that cannot be (a lot, or
        # delivered too late) passes its turn to the next one that can.
        n = config.items
        picks = random.Random(f"custody-generate:{seed}:picks")
        diversions = min(n, max(config.min_diversions, round(config.diversion_rate * n)))
        sightings = min(n, max(config.min_two_places, round(config.two_places_rate * n)))
        self.divert_at = set(picks.sample(range(n), diversions))
        self.sight_at = set(picks.sample(range(n), sightings))
        self.divert_due = 0
        self.sight_due = 0
        self.made = 0

    # -- the run -------------------------------------------------------------------------
    def run(self, progress: Callable[[int, int], None] | None) -> WorldSummary:
        started = time.perf_counter()
        cfg = self.config
        (self.out / "manifests").mkdir(parents=True)
        (self.out / "reports").mkdir()
        sizes = self._shipment_sizes()
        last = cfg.as_of - timedelta(days=181)
        span = (last - cfg.start).days
        done = 0
        try:
            for k, size in enumerate(sizes):
                step = max(1, span // len(sizes))
                day = cfg.start + timedelta(days=(k * span) // len(sizes) + self.rng.randrange(step))
                self._shipment(k, min(day, last), size)
                done += size
                if progress is not None and (k % 50 == 0 or k == len(sizes) - 1):
                    progress(done, cfg.items)
            self._monitoring_reports()
        finally:
            self.tables.close()
        self.tables.sort("receipts", key=lambda r: (r[1], r[0], r[5], r[6]))
        self.tables.sort("events", key=lambda r: r)
        self._write_relations()
        truth = self._write_truth(sizes)
        events = self.tables.rows["events"] + len(sizes)
        return WorldSummary(self.out, cfg.items, len(sizes), events, self.report_events, dict(self.tables.rows),
                            len(self.tables.open) + 1 + self.report_seq, self.report_seq,
                            len(self.truth.diversions), truth["counts"]["actors"], len(self.org.relations),
                            time.perf_counter() - started)

    def _shipment_sizes(self) -> list[int]:
        n = self.config.items
        count = max(1, round(n / 100))
        weights = [self.rng.uniform(40, 160) for _ in range(count)]
        total = sum(weights)
        sizes = [max(1, int(n * w / total)) for w in weights]
        i = 0
        while sum(sizes) < n:
            sizes[i % count] += 1
            i += 1
        while sum(sizes) > n:
            j = max(range(count), key=lambda x: sizes[x])
            sizes[j] -= 1
        return [s for s in sizes if s > 0]

    def _new_item(self, shipped: date) -> _Item:
        rng = self.rng
        if rng.random() < self.config.lot_rate:
            spec = rng.choice(LOTS)
            seq = self.lot_next.get((spec.code, shipped.year), 0) + 1
            self.lot_next[(spec.code, shipped.year)] = seq
            quantity = rng.randrange(spec.low, spec.high + 1, spec.step)
            return _Item(spec.name, None, None, f"LOT-{spec.code}-{shipped.year}-{seq:05d}", quantity)
        s = rng.choices(SERIALS, self.weights)[0]
        number = self.serial_next[s.prefix]
        self.serial_next[s.prefix] = number + 1
        return _Item(s.name, s, f"{s.prefix}-{number}", None, 1)

    def _shipment(self, k: int, shipped: date, size: int) -> None:
        rng, org, cfg = self.rng, self.org, self.config
        ref = f"SHP-{shipped.year}-{k + 1:06d}"
        agency, origin, _country = rng.choice(org.donors)
        army = rng.choice(org.armies)
        destination = rng.choice(army.depots)
        hub = rng.choice(sorted(org.hubs))
        crossing = rng.choice(org.hub_crossings[hub])
        at_hub = shipped + timedelta(days=rng.randint(2, 5))
        cell = at(org.hubs[hub], at_hub)
        delivered = at_hub + timedelta(days=rng.randint(2, 6))
        items = [self._new_item(shipped) for _ in range(size)]
        serials = [i for i in items if i.serial]
        missing: set[int] = set()
        if serials and rng.random() < cfg.shortfall_rate:
            missing = {id(i) for i in rng.sample(serials, min(len(serials), rng.randint(1, 3)))}
        header = (ref, shipped.isoformat(), agency, army.directorate, army.name, origin, destination,
                  f"{hub};{crossing}")
        shipped_q: dict[tuple[str, str | None], int] = {}
        received_q: dict[tuple[str, str | None], int] = {}
        for item in items:
            nsn = item.spec.nsn if item.spec else next(x.nsn for x in LOTS if x.name == item.system)
            self.tables.write("shipments", shipped, (*header, nsn, item.system, item.serial or "", item.lot or "",
                                                     item.quantity))
            key = (item.system, item.lot)
            shipped_q[key] = shipped_q.get(key, 0) + item.quantity
            if id(item) in missing:
                self.truth.not_received.append({"item": item.id, "serial": item.serial, "shipment": shipment_id(ref),
                                                "ref": ref})
                continue
            got = item.quantity
            if item.lot and rng.random() < cfg.lot_shortfall_rate:
                spec = next(x for x in LOTS if x.name == item.system)
                short = spec.step * rng.randint(1, max(1, item.quantity // spec.step // 20))
                got = max(spec.step, item.quantity - short)
            received_q[key] = received_q.get(key, 0) + got
            self.tables.write("receipts", delivered, (ref, delivered.isoformat(), army.directorate, destination,
                                                      item.system, item.serial or "", item.lot or "", got))
        for (system, lot), q in sorted(shipped_q.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            if received_q.get((system, lot), 0) != q:
                self.truth.mismatches.append({"shipment": shipment_id(ref), "ref": ref, "system": system, "lot": lot,
                                              "shipped": q, "received": received_q.get((system, lot), 0)})
        log = self.tables.write
        log("events", at_hub, (at_hub.isoformat(), "STORAGE", "", "", "", "", ref, "", cell, hub,
                               "held at the hub until onward movement"))
        log("events", delivered, (delivered.isoformat(), "TRANSIT", "", "", "", "", ref, "", cell, crossing,
                                  "crossed into Ukraine"))
        log("events", delivered, (delivered.isoformat(), "DELIVERY", "", "", "", "", ref, cell, army.directorate,
                                  destination, "receipt signed for the shipment"))
        brigades = rng.sample(army.brigades, min(len(army.brigades), rng.randint(1, 3)))
        for item in items:
            if self.made in self.divert_at:
                self.divert_due += 1
            if self.made in self.sight_at:
                self.sight_due += 1
            self.made += 1
            if id(item) not in missing:
                self._item_life(item, ref, army.directorate, destination, delivered, rng.choice(brigades))

    # -- one item after delivery -----------------------------------------------------------
    def _item_life(self, item: _Item, ref: str, directorate: str, depot: str, delivered: date,
                   brigade: Brigade) -> None:
        rng, cfg = self.rng, self.config
        as_of = cfg.as_of
        battalion = rng.choice(brigade.battalions)
        d1 = delivered + timedelta(days=rng.randint(3, 30))
        d2 = d1 + timedelta(days=rng.randint(3, 25))
        quantity = _num(item.quantity)
        serial, lot = item.serial or "", item.lot or ""
        log = self.tables.write
        log("events", d1, (d1.isoformat(), "HANDOVER", serial, lot, item.system, quantity, "", directorate,
                           brigade.name, depot, ""))
        base = battalion.base_at(d2)
        log("events", d2, (d2.isoformat(), "HANDOVER", serial, lot, item.system, quantity, "", brigade.name,
                           battalion.name, base, ""))
        rounds = [r for r in battalion.rounds if r > d2 + timedelta(days=7)]
        checks: list[date] = []
        diversion: dict[str, Any] | None = None
        stop: date | None = None
        if self.divert_due and item.serial and d2 < as_of - timedelta(days=90):
            self.divert_due -= 1
            diversion = self._divert(item, battalion, d2, ref)
            stop = date.fromisoformat(diversion["left_on"])
        elif (item.monitored and d2 < as_of - timedelta(days=450) and rng.random() < cfg.overdue_rate):
            stop = d2 + timedelta(days=rng.randint(1, (as_of - timedelta(days=400) - d2).days))
        kept = [r for r in rounds if stop is None or r <= stop]
        for r in kept:
            log("events", r, (r.isoformat(), "INVENTORY", serial, lot, item.system, quantity, "", "", battalion.name,
                              battalion.base_at(r), ""))
            checks.append(r)
        if item.monitored:
            for r in rounds:
                if r in battalion.monitored:
                    presented, absent = self.monitoring.setdefault((battalion.name, r), ([], []))
                    if r in kept and len(presented) < 8:
                        presented.append(item)
                    elif r not in kept and len(absent) < 2:
                        absent.append(item)
        if self.sight_due and diversion is None and item.serial and kept:
            self.sight_due -= 1
            checks.append(self._sighting(item, battalion, rng.choice(kept)))
        if diversion is not None and diversion["how"] == "seen_with_group":
            checks.append(date.fromisoformat(diversion["reported_on"]))
        recovered = diversion is not None and diversion["recovered_by"] is not None
        if item.monitored and not recovered:
            reference = max([delivered, *checks])
            days = (as_of - reference).days
            if days > 365:
                self.truth.overdue.append({"item": item.id, "serial": item.serial, "last_check": reference.isoformat(),
                                           "days": days})

    def _divert(self, item: _Item, battalion: Battalion, arrived: date, ref: str) -> dict[str, Any]:
        """Make ``item`` leave ``battalion`` and turn up in a report; return its ground truth."""
        rng, org, as_of = self.rng, self.org, self.config.as_of
        latest = as_of - timedelta(days=60)
        left = arrived + timedelta(days=rng.randint(20, max(21, min(500, (latest - arrived).days))))
        left = min(left, latest)
        reported = min(left + timedelta(days=rng.randint(10, 120)), as_of - timedelta(days=5))
        how = rng.choices([k for k, _ in DIVERSION_KINDS], [w for _, w in DIVERSION_KINDS])[0]
        assert item.spec is not None and item.serial is not None
        fields = self._fields(item, reported)
        receiver: str | None = None
        receiver_kind: str | None = None
        recovered: str | None = None
        if how in ("sold_then_seized", "seen_with_group"):
            receiver, town = rng.choice(org.groups)
            receiver_kind = "ArmedGroup"
            fields.update(group=receiver, place=town, month=f"{MONTHS[left.month - 1]} {left.year}")
            if how == "sold_then_seized":
                recovered = rng.choice(org.town_agencies[town])
                fields["agency"] = recovered
        elif how == "company_seizure":
            receiver, town = rng.choice(org.companies)
            receiver_kind = "Company"
            recovered = next(p for p, t in org.police if t == town)
            fields.update(company=receiver, agency=recovered, place=town)
        else:
            crossing = rng.choice(sorted(CROSSINGS))
            recovered = rng.choice(org.crossing_agencies[crossing])
            fields.update(crossing=crossing, agency=recovered, country=CROSSINGS[crossing])
        insider = None
        if receiver is not None:
            # a member of the battalion while it held the item, affiliated with the receiver
            insider = org.new_person()
            joined = arrived - timedelta(days=rng.randint(30, 300))
            until = None if rng.random() < 0.5 else left + timedelta(days=rng.randint(10, 200))
            battalion.members.append(Period(insider, joined, until))
            org.relate(insider, "Person", "MEMBER_OF", battalion.name, "MilitaryUnit", joined, until)
            org.relate(insider, "Person", "AFFILIATED_WITH", receiver, receiver_kind or "", left - timedelta(
                days=rng.randint(20, 150)))
        path = self._report(how, reported, fields)
        self.truth.report_items.append(item.id)
        record = {"item": item.id, "serial": item.serial, "system": item.system, "shipment": shipment_id(ref),
                  "how": how, "from": battalion.name, "from_id": entity_id("Actor", battalion.name),
                  "left_on": left.isoformat(), "to": receiver,
                  "to_id": entity_id("Actor", receiver) if receiver else None, "to_kind": receiver_kind,
                  "reported_on": reported.isoformat(), "report": path, "recovered_by": recovered,
                  "insider": insider, "insider_id": entity_id("Actor", insider) if insider else None}
        self.truth.diversions.append(record)
        return record

    def _sighting(self, item: _Item, battalion: Battalion, day: date) -> date:
        """A report of ``item`` with its own battalion in a town, on the day of an inventory."""
        town = self.rng.choice(self.org.towns)
        fields = self._fields(item, day)
        fields.update(battalion=battalion.name, place=town)
        self._report("unit_sighting", day, fields)
        self.truth.report_items.append(item.id)
        self.truth.two_places.append({"item": item.id, "serial": item.serial, "date": day.isoformat(),
                                      "places": [battalion.base_at(day), town]})
        return day

    # -- reports ------------------------------------------------------------------------------
    def _fields(self, item: _Item, day: date) -> dict[str, str]:
        rng = self.report_rng
        spec = item.spec
        pub = day + timedelta(days=rng.randint(1, 3))
        return {"pub": day_text(min(pub, self.config.as_of)), "date": day_text(day),
                "item": rng.choice(spec.phrases) if spec else item.system, "serial": item.label,
                "noun": spec.noun if spec else "lot", "part": PARTS.get(item.system, "housing"),
                "vehicle": rng.choice(("van", "car", "lorry", "minibus")),
                "city": rng.choice(("Odesa", "Lviv", "Kyiv")),
                "agency": "", "group": "", "company": "", "place": "", "crossing": "", "month": "", "country": "",
                "battalion": "", "base": "", "listing": ""}

    def _report(self, kind: str, day: date, fields: dict[str, str], missing: list[tuple[str, str]] | None = None,
                ) -> str:
        self.report_seq += 1
        name = f"{day.isoformat()}_{kind}_{self.report_seq:06d}.txt"
        text = render(kind, self.report_rng, fields, missing or [])
        (self.out / "reports" / name).write_text(text, encoding="utf-8")
        self.report_events += 1
        return f"reports/{name}"

    def _monitoring_reports(self) -> None:
        """One report per monitored round: the serials of one monitored system the battalion
        presented (the system it presented most of), and up to two it could not present."""
        for battalion in self.org.battalions():
            for r in battalion.rounds:
                found = self.monitoring.get((battalion.name, r))
                if not found or not found[0]:
                    continue
                presented, absent = found
                by_system: dict[str, list[_Item]] = {}
                for item in presented:
                    by_system.setdefault(item.system, []).append(item)
                system, shown = max(sorted(by_system.items()), key=lambda kv: len(kv[1]))
                fields = self._fields(shown[0], r)
                fields.update(battalion=battalion.name, base=battalion.base_at(r),
                              listing=listing(self.report_rng, [(system, [i.label for i in shown])]))
                missing = [(i.spec.noun if i.spec else "lot", i.label) for i in absent]
                self._report("monitoring", r, fields, missing)
                self.report_events += len(shown) - 1

    # -- relations and truth ------------------------------------------------------------------
    def _write_relations(self) -> None:
        path = self.out / "manifests" / "relations.csv"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(RELATION_HEADER)
            writer.writerows(self.org.relations)
        self.tables.rows["relations"] = len(self.org.relations)

    def _write_truth(self, sizes: list[int]) -> dict[str, Any]:
        t, cfg = self.truth, self.config
        actors = {r[0] for r in self.org.relations if r[1] not in ("Depot", "Hub", "BorderCrossing", "Place")}
        actors |= {r[3] for r in self.org.relations if r[4] not in ("Depot", "Hub", "BorderCrossing", "Place")}
        unauthorised = sorted([d["item"], d["to_id"]] for d in t.diversions if d["to_id"])
        truth: dict[str, Any] = {
            "about": "Ground truth of a generated world (custody-graph ingest.generate): what was injected on "
                     "purpose, and the alerts a correct system raises as of as_of. Ids are the store's ids.",
            "generator": {"version": GENERATOR_VERSION, "config": {k: (v.isoformat() if isinstance(v, date) else v)
                                                                    for k, v in asdict(cfg).items()}},
            "as_of": cfg.as_of.isoformat(),
            "counts": {"items": cfg.items, "shipments": len(sizes), "events": self.tables.rows["events"] + len(sizes),
                       "report_events": self.report_events, "rows": dict(self.tables.rows),
                       "reports": self.report_seq, "actors": len(actors), "persons": self.org.persons,
                       "relations": len(self.org.relations), "diversions": len(t.diversions)},
            "diversions": t.diversions,
            "not_received": t.not_received,
            "quantity_mismatches": t.mismatches,
            "overdue": sorted(t.overdue, key=lambda o: o["item"]),
            "two_places": t.two_places,
            "expected_alerts": {
                "unauthorised_holder": unauthorised,
                "break": sorted(d["item"] for d in t.diversions),
                "conflict": [],
                "serial_match": sorted(set(t.report_items)),
                "quantity_mismatch": sorted([m["shipment"], m["system"], m["lot"] or ""] for m in t.mismatches),
                "overdue": sorted(o["item"] for o in t.overdue),
                "two_places": sorted(p["item"] for p in t.two_places),
            },
        }
        path = self.out / TRUTH_PATH
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(truth, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return truth


def generate_world(out: str | Path, config: GenerateConfig,
                   progress: Callable[[int, int], None] | None = None) -> WorldSummary:
    """Write a world of ``config.items`` items into the folder ``out`` (created; it must be
    empty or absent). ``progress(items_done, items_total)`` is called now and then.

    Raises
    ------
    InvalidInput
        A bad configuration, or ``out`` is not an empty folder or cannot be created.
    """
    config.check()
    folder = Path(out)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InvalidInput(f"{folder}: not an empty folder (the generator writes a whole world; choose a new one)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        raise InvalidInput(f"{folder}: cannot write there ({exc.strerror or exc})") from None
    return _Generator(folder, config).run(progress)
