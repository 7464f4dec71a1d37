"""Pattern data, exposed under versioned registry names.

The data lives in ``patterns/*.json`` beside this module; ``config.cfg`` refers to it by the
registry names below (``{"@misc": "custody_weapon_patterns.v1"}``), so a new version of the data
is a new registry name and an old pipeline config keeps loading the data it was built with.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from spacy.util import registry

__all__ = [
    "PATTERN_DIR",
    "actor_patterns",
    "event_triggers",
    "load_pattern_file",
    "place_patterns",
    "weapon_patterns",
]

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"


@cache
def _read(name: str) -> str:
    return (PATTERN_DIR / name).read_text(encoding="utf-8")


def load_pattern_file(name: str) -> dict[str, Any]:
    """A fresh copy of one pattern file (callers may mutate it)."""
    data: dict[str, Any] = json.loads(_read(name))
    return data


@registry.misc("custody_weapon_patterns.v1")
def weapon_patterns() -> dict[str, Any]:
    """Weapon systems (with aliases, category, EEUM flag) and weapon category terms."""
    return {
        "systems": load_pattern_file("weapon_systems.json")["systems"],
        **load_pattern_file("weapon_categories.json"),
    }


@registry.misc("custody_actor_patterns.v1")
def actor_patterns() -> dict[str, Any]:
    """Armed groups, organisations, military formations, unit head words, titles, actor nouns."""
    return load_pattern_file("actors.json")


@registry.misc("custody_place_patterns.v1")
def place_patterns() -> dict[str, Any]:
    """Countries, places, border crossings and depot head words."""
    return load_pattern_file("places.json")


@registry.misc("custody_event_triggers.v1")
def event_triggers() -> dict[str, Any]:
    """Event trigger verbs and nouns with their types and role frames."""
    return load_pattern_file("events.json")
