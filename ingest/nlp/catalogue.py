"""Canonical weapon systems, from the same data the entity ruler matches with.

The manifest ingester reuses this to turn "Javelin" or "FGM-148" in a spreadsheet into the one
WeaponSystem "FGM-148 Javelin", with its category and whether it is under enhanced end-use
monitoring.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from .resources import load_pattern_file

__all__ = ["canonical_system", "singular_alias", "weapon_system_catalogue"]


def weapon_system_catalogue() -> list[dict[str, Any]]:
    """Every known weapon system: ``name``, ``aliases``, ``category``, ``eeum``.

    >>> next(s for s in weapon_system_catalogue() if s["name"] == "FGM-148 Javelin")["eeum"]
    True
    """
    return [
        {"name": s["name"], "aliases": list(s["aliases"]), "category": s["category"], "eeum": bool(s["eeum"])}
        for s in load_pattern_file("weapon_systems.json")["systems"]
    ]


def _key(text: str) -> str:
    return re.sub(r"[\s\-–]+", "", text).lower()


@cache
def _index() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    exact: dict[str, dict[str, Any]] = {}
    loose: dict[str, dict[str, Any]] = {}
    for system in weapon_system_catalogue():
        for alias in [system["name"], *system["aliases"]]:
            exact.setdefault(alias, system)
            loose.setdefault(_key(alias), system)
    return exact, loose


def canonical_system(mention: str) -> dict[str, Any] | None:
    """The catalogue entry for a mention ("Javelin", "AK-47s", "fgm 148"), or None.

    Exact aliases first (case matters: "Grad" the rocket system is not "grad"), then a plural
    "s", then a case-, space- and dash-insensitive match.

    >>> canonical_system("Javelins")["name"]
    'FGM-148 Javelin'
    """
    exact, loose = _index()
    text = mention.strip()
    if text in exact:
        return dict(exact[text])
    if text.endswith("s") and text[:-1] in exact:
        return dict(exact[text[:-1]])
    key = _key(text)
    if key in loose:
        return dict(loose[key])
    if key.endswith("s") and key[:-1] in loose:
        return dict(loose[key[:-1]])
    return None


def singular_alias(text: str) -> str:
    """A system mention as the conventions list it: "AK-47" for "AK-47s", "Javelin" for "Javelins"."""
    exact, _ = _index()
    if text not in exact and text.endswith("s") and text[:-1] in exact:
        return text[:-1]
    return text
