"""The world generator: deterministic, readable by the built-in mappings and the NLP pipeline,
and its worlds keep the invariants of real data (every fact has evidence, chains are clean
except where a diversion was injected, the alerts find what was injected)."""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

from graph.errors import InvalidInput
from graph.model import Model
from graph.records import Node
from graph.sqlite_store import SqliteStore
from graph.store import Store
from ingest.generate import TRUTH_PATH, GenerateConfig, generate_world, parse_count
from ingest.generate.org import NamePool
from ingest.generate.reports import PARTS, TEMPLATES, day_text, listing
from ingest.generate.truth import diversion_score, expected_keys, load_truth, precision_recall
from ingest.generate.vocab import SERIALS, ordinal
from ingest.manifests import prepare_table
from ingest.nlp import extract
from ingest.report_ingest import ReportIngester
from ingest.resolve import Resolver
from ingest.runner import ingest_paths
from queries.alerts import alerts
from queries.chain import ChainContext, custody_chains
from queries.reach import who_could_reach

# A small world with every kind of injection present (rates raised for its size).
SMALL = GenerateConfig(items=300, seed=11, shortfall_rate=0.5, overdue_rate=0.2, min_two_places=2)


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@dataclass
class Ingested:
    world: Path
    store: Store
    truth: dict[str, Any]


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory, nlp: Language) -> Iterator[Ingested]:
    from graph.model import load_model

    root = tmp_path_factory.mktemp("generated")
    world = root / "world"
    generate_world(world, SMALL)
    store = SqliteStore(root / "store.db", load_model())
    summary = ingest_paths(store, [world], report_ingester=ReportIngester(store, nlp=nlp))
    assert summary.exit_code == 0, [(r.path, r.message) for r in summary.results if r.status != "ingested"]
    yield Ingested(world, store, load_truth(world))
    store.close()


# -- sizes and the command line's counts ---------------------------------------------------

@pytest.mark.parametrize(("text", "count"), [("200", 200), ("10k", 10_000), ("1M", 1_000_000), ("1.5k", 1500),
                                              ("100_000", 100_000)])
def test_parse_count(text: str, count: int) -> None:
    assert parse_count(text) == count


@pytest.mark.parametrize("text", ["", "ten", "0", "-5", "1.5", "10x", "k"])
def test_parse_count_refuses(text: str) -> None:
    with pytest.raises(InvalidInput, match="count"):
        parse_count(text)


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 102, 111, 523)] == [
        "1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "102nd", "111th", "523rd"]


# -- determinism and the folder ------------------------------------------------------------

def test_same_seed_same_bytes_other_seed_other_world(tmp_path: Path) -> None:
    config = GenerateConfig(items=200, seed=5)
    generate_world(tmp_path / "a", config)
    generate_world(tmp_path / "b", config)
    generate_world(tmp_path / "c", GenerateConfig(items=200, seed=6))
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b
    assert a != c
    assert str(TRUTH_PATH) in a and any(k.startswith("reports/") for k in a)


def test_refuses_a_folder_with_files_and_an_unwritable_one(tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    with pytest.raises(InvalidInput, match="not an empty folder"):
        generate_world(tmp_path / "full", GenerateConfig(items=10))
    (tmp_path / "file").write_text("x")
    with pytest.raises(InvalidInput, match=r"cannot write|not an empty folder"):
        generate_world(tmp_path / "file" / "world", GenerateConfig(items=10))
    with pytest.raises(InvalidInput, match="items"):
        generate_world(tmp_path / "zero", GenerateConfig(items=0))


def test_the_organisation_scales_to_a_million_items() -> None:
    from ingest.generate.org import build_org

    org = build_org(1_000_000, random.Random(1), random.Random(2), date(2025, 6, 30), 210.0)
    battalions = list(org.battalions())
    assert len(org.armies) == 3 and len(battalions) == 3 * sum(len(a.brigades) for a in org.armies) >= 1200
    assert all(b.rounds and b.rounds[-1] > date(2024, 9, 1) for b in battalions)  # nobody overdue by accident


def test_tiny_worlds_have_exactly_the_items_asked(tmp_path: Path) -> None:
    for n in (1, 7, 150):
        s = generate_world(tmp_path / str(n), GenerateConfig(items=n, seed=2))
        assert s.items == n and s.rows["shipments"] == n


# -- what the files are --------------------------------------------------------------------

def test_tables_fit_the_built_in_mappings(tmp_path: Path) -> None:
    generate_world(tmp_path / "w", GenerateConfig(items=200, seed=1))
    kinds = {}
    for path in sorted((tmp_path / "w" / "manifests").glob("*.csv")):
        kinds[path.name.split("_")[0]] = prepare_table(path).mapping.name
    assert kinds == {"relations.csv": "relations", "shipments": "shipment-manifest", "receipts": "receipt",
                     "events": "event-log"}


def test_every_generated_actor_stays_apart_in_entity_resolution(tmp_path: Path, model: Model) -> None:
    """No two generated names merge (exactly, by alias or fuzzily): one name, one actor."""
    generate_world(tmp_path / "w", GenerateConfig(items=2000, seed=4))
    resolver = Resolver(SqliteStore(":memory:", model), model)
    ids: dict[str, str] = {}
    with open(tmp_path / "w" / "manifests" / "relations.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for name, kind in ((row["subject"], row["subject_kind"]), (row["object"], row["object_kind"])):
                r = resolver.entity(name, kind)
                if name in ids:
                    assert r.id == ids[name]
                    continue
                assert r.resolution.method == "new", (name, r.resolution)
                ids[name] = r.id
    assert len(set(ids.values())) == len(ids)


def test_name_pool_refuses_near_duplicates() -> None:
    pool = NamePool()
    assert pool.take("Taras V. Hrytsenko")
    assert not pool.take("Taras V. Hrytsenko")
    assert not pool.take("Taras V. Hrytsenka")
    assert pool.take("Taras K. Hrytsenko")  # another initial: a designator, never merged
    assert pool.take("612th Rifle Brigade") and pool.take("613th Rifle Brigade")


@pytest.mark.parametrize("kind", sorted(k for k in TEMPLATES if k != "monitoring"))
def test_every_report_template_extracts_the_event_it_means(kind: str, nlp: Language) -> None:
    want = {"sold_then_seized": ("SEIZURE", "Amber Lynx group", "Customs Office K24"),
            "seen_with_group": ("OBSERVATION", None, "Amber Lynx group"),
            "border_seizure": ("SEIZURE", None, "Border Guard Detachment 12"),
            "company_seizure": ("SEIZURE", "Dalmor Trading Ltd", "Police Department R72"),
            "unit_sighting": ("OBSERVATION", None, "2nd Battalion, 612th Reserve Brigade")}[kind]
    rng = random.Random(kind)
    for template in TEMPLATES[kind]:
        spec = rng.choice(SERIALS)
        serial = f"{spec.prefix}-{'7654321'[:spec.digits]}"
        text = template.format(
            pub="12 February 2024", date=day_text(date(2024, 2, 11)), item=rng.choice(spec.phrases), serial=serial,
            noun=spec.noun, part=PARTS[spec.name], vehicle="van", city="Odesa", country="Poland",
            agency=want[2] if kind != "unit_sighting" else "", group="Amber Lynx group", company="Dalmor Trading Ltd",
            place="Town M-4", crossing="Shehyni–Medyka", month="January 2024",
            battalion="2nd Battalion, 612th Reserve Brigade", base="Base K-12", listing="", missing="")
        events = [(e.type, e.from_, e.to, e.date_value) for e in extract(nlp, text).events if e.item == serial]
        assert (*want, "2024-02-11") in events, (template, events)


def test_generated_office_names_survive_the_nlp(nlp: Language) -> None:
    """Seizing offices are named so the pipeline keeps them whole ("Police Department J-27" lost
    its office to a serial-number match, and the seizure its taker)."""
    from ingest.generate.org import build_org

    org = build_org(100_000, random.Random(9), random.Random(10), date(2025, 6, 30), 210.0)
    offices = sorted({a for agencies in org.town_agencies.values() for a in agencies}
                     | {a for agencies in org.crossing_agencies.values() for a in agencies})
    template = TEMPLATES["sold_then_seized"][0]
    for office in random.Random(1).sample(offices, 12):
        text = template.format(pub="12 February 2024", date="11 February 2024", agency=office, vehicle="van",
                               place="Lutsk", item="an M4 carbine", serial="M4-7654321", group="Amber Lynx group",
                               noun="rifle", month="January 2024")
        # (the group's purchase of the same rifle, told next, is a transfer: not a taking)
        takers = [e.to for e in extract(nlp, text).events if e.item == "M4-7654321" and e.type == "SEIZURE"]
        assert takers == [office], (office, takers)


def test_monitoring_reports_extract_an_inventory_per_presented_serial(nlp: Language) -> None:
    rng = random.Random(3)
    for template in TEMPLATES["monitoring"]:
        text = template.format(
            pub="16 September 2023", date=day_text(date(2023, 9, 15)), base="Base K-12",
            battalion="2nd Battalion, 612th Reserve Brigade",
            listing=listing(rng, [("FGM-148 Javelin", ["JAV-100040", "JAV-100041", "JAV-100043"])]),
            missing=" The battalion could not present launcher JAV-100042.")
        got = {(e.item, e.type, e.to, e.date_value) for e in extract(nlp, text).events}
        for serial in ("JAV-100040", "JAV-100041", "JAV-100043"):
            assert (serial, "INVENTORY", "2nd Battalion, 612th Reserve Brigade", "2023-09-15") in got, (text, got)
        assert not any(e[0] == "JAV-100042" for e in got)


# -- the invariants of real data, on an ingested world ---------------------------------------

def test_every_fact_has_evidence(ingested: Ingested) -> None:
    store = ingested.store
    nodes: list[Node] = [n for label in store.model.labels if label != "Document" for n in store.iter_nodes(label)]
    node_ids = [n.id for n in nodes]
    relation_ids = [r.id for r in store.relations(node_ids)]
    event_ids = [e.id for e in store.iter_events()]
    facts = set(node_ids) | set(relation_ids) | set(event_ids)
    assert len(event_ids) >= 4.5 * SMALL.items and relation_ids
    backed = store.evidence(facts)
    assert sorted(facts - set(backed)) == []


def test_chains_are_clean_except_where_injected(ingested: Ingested) -> None:
    truth = ingested.truth
    injected = {d["item"] for d in truth["diversions"]}
    as_of = date.fromisoformat(truth["as_of"])
    items = [n for n in ingested.store.iter_nodes("Item") if not n.props.get("unidentified")]
    assert len(items) == SMALL.items
    ctx = ChainContext(ingested.store.model, as_of, with_evidence=False)
    dirty = {}
    for i in range(0, len(items), 100):
        for chain in custody_chains(ingested.store, items[i:i + 100], ctx):
            kinds = {a.kind for a in chain.anomalies} & {"break", "conflict", "unauthorised_holder"}
            if chain.item.id in injected:
                assert "break" in kinds, chain.item.id
            elif kinds:
                dirty[chain.item.id] = kinds
            days = [s.start for s in chain.segments if s.start is not None]
            assert days == sorted(days), chain.item.id  # dates ordered along the chain
    assert dirty == {}


def test_alerts_find_what_was_injected(ingested: Ingested) -> None:
    truth = ingested.truth
    found = []
    for a in alerts(ingested.store, as_of=date.fromisoformat(truth["as_of"]), with_evidence=False):
        if a.kind == "unauthorised_holder":
            found.append((a.kind, (a.item, a.actors[0])))
        elif a.kind == "quantity_mismatch":
            found.append((a.kind, (a.shipment, a.details["system"], a.details["lot"] or "")))
        else:
            found.append((a.kind, a.item))
    scores = precision_recall(expected_keys(truth), found)
    diverted = diversion_score(truth, found)
    assert diverted.expected >= 5
    assert diverted.recall is not None and diverted.recall >= 0.95
    assert diverted.precision is not None and diverted.precision >= 0.9
    for kind in ("unauthorised_holder", "quantity_mismatch", "overdue", "serial_match", "two_places"):
        s = scores[kind]
        assert s.expected > 0, kind
        assert (s.recall or 0) >= 0.95 and (s.precision or 0) >= 0.9, (kind, s)
    assert scores["conflict"].found == 0


def test_the_insider_can_reach_a_diverted_item(ingested: Ingested) -> None:
    diversion = next(d for d in ingested.truth["diversions"] if d["insider_id"])
    result = who_could_reach(ingested.store, diversion["item"], max_hops=3,
                             as_of=date.fromisoformat(ingested.truth["as_of"]))
    hops = {r.actor: r.hops for r in result.results}
    assert hops.get(diversion["insider_id"]) == 1
    assert hops.get(diversion["from_id"]) == 0
