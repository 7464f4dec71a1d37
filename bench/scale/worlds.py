"""The worlds ``custody bench`` measures: each size generated once per seed, events per item and
generator version (then reused), its name, and the items and people a run times."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.generate import GENERATOR_VERSION, GenerateConfig, generate_world

if TYPE_CHECKING:
    from bench.scale.run import BenchConfig

__all__ = ["ensure_world", "sample", "size_label"]


def size_label(n: int) -> str:
    """>>> size_label(10_000), size_label(1_000_000), size_label(2500)
    ('10k', '1m', '2500')"""
    if n % 1_000_000 == 0:
        return f"{n // 1_000_000}m"
    if n % 1000 == 0:
        return f"{n // 1000}k"
    return str(n)


def ensure_world(cfg: BenchConfig, items: int, say: Callable[[str], None]) -> tuple[Path, dict[str, Any]]:
    """The cached world of ``items`` items (generated on first use)."""
    key = f"{size_label(items)}-seed{cfg.seed}-e{cfg.events_per_item:g}-v{GENERATOR_VERSION}"
    world = cfg.work / "worlds" / key
    done = world / ".truth" / "complete.json"
    if done.is_file():
        info: dict[str, Any] = json.loads(done.read_text())
        info["cached"] = True
        say(f"world {key}: cached at {world}")
        return world, info
    if world.exists():
        shutil.rmtree(world)  # an interrupted generation
    say(f"world {key}: generating {items:,} items …")
    world.parent.mkdir(parents=True, exist_ok=True)
    summary = generate_world(world, GenerateConfig(items=items, seed=cfg.seed, events_per_item=cfg.events_per_item))
    info = {"items": summary.items, "shipments": summary.shipments, "events": summary.events,
            "report_events": summary.report_events, "table_rows": summary.table_rows, "rows": summary.rows,
            "reports": summary.reports, "diversions": summary.diversions, "actors": summary.actors,
            "relations": summary.relations, "generate_seconds": summary.seconds,
            "generate_items_per_s": summary.items / summary.seconds if summary.seconds else None,
            "disk_mib": round(sum(p.stat().st_size for p in world.rglob("*") if p.is_file()) / 2**20, 1)}
    done.write_text(json.dumps(info, indent=1))
    info["cached"] = False
    say(f"world {key}: {summary.items:,} items, {summary.events:,} events, {summary.reports:,} reports in "
        f"{summary.seconds:.0f} s")
    return world, info


def sample(world: Path, items: int, actors: int, seed: int) -> tuple[list[str], list[str]]:
    """Random item ids (reservoir sampling over the manifests) and person ids (from relations)."""
    import csv

    from graph.ids import entity_id, item_id

    rng = random.Random(f"bench:{seed}")
    chosen: list[str] = []
    seen = 0
    for path in sorted((world / "manifests").glob("shipments_*.csv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                seen += 1
                iid = item_id(serial=row["serial"] or None, lot=row["lot"] or None)
                if len(chosen) < items:
                    chosen.append(iid)
                else:
                    j = rng.randrange(seen)
                    if j < items:
                        chosen[j] = iid
    with open(world / "manifests" / "relations.csv", encoding="utf-8", newline="") as fh:
        persons = sorted({row["subject"] for row in csv.DictReader(fh) if row["subject_kind"] == "Person"})
    people = [entity_id("Actor", p) for p in rng.sample(persons, min(actors, len(persons)))]
    return chosen, people
