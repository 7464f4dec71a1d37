"""Load the domain model (``model.yaml``) into typed, immutable objects.

The model is data: labels and their kinds, relation types (which carry access or
presence), event types and what each says about custody. Load it once with
:func:`load_model` and pass it where it is needed; there is no import-time global.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from graph.errors import ModelError

__all__ = ["EventType", "Model", "RelationType", "load_model"]

DEFAULT_MODEL_PATH = Path(__file__).with_name("model.yaml")

Custody = Literal["moves", "holds", "ends"]


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    access: bool
    presence: bool
    text: str


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    custody: Custody
    check: bool
    take: bool


@dataclass(frozen=True)
class Model:
    version: int
    labels: dict[str, tuple[str, ...]]
    relations: dict[str, RelationType]
    events: dict[str, EventType]
    presence_location_kinds: frozenset[str]
    law_enforcement_terms: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)

    # -- lookups -------------------------------------------------------------------
    def label_of_kind(self, kind: str) -> str:
        """The node label a kind belongs to (``"Depot"`` -> ``"Location"``)."""
        for label, kinds in self.labels.items():
            if kind in kinds:
                return label
        raise ModelError(f"unknown kind {kind!r}; known kinds: {', '.join(sorted(self.all_kinds))}")

    @property
    def all_kinds(self) -> frozenset[str]:
        return frozenset(k for kinds in self.labels.values() for k in kinds)

    def relation(self, name: str) -> RelationType:
        try:
            return self.relations[name]
        except KeyError:
            raise ModelError(
                f"unknown relation {name!r}; known relations: {', '.join(sorted(self.relations))}"
            ) from None

    def event(self, name: str) -> EventType:
        try:
            return self.events[name]
        except KeyError:
            raise ModelError(
                f"unknown event type {name!r}; known types: {', '.join(sorted(self.events))}"
            ) from None

    @property
    def access_relations(self) -> tuple[str, ...]:
        return tuple(sorted(r.name for r in self.relations.values() if r.access))

    @property
    def presence_relations(self) -> tuple[str, ...]:
        return tuple(sorted(r.name for r in self.relations.values() if r.presence))

    def is_law_enforcement(self, name: str, kind: str | None) -> bool:
        """Whether an actor is law enforcement, judged from its name (and not an armed group)."""
        if kind in ("ArmedGroup", "MilitaryUnit", "Person", "Company"):
            return False
        low = name.lower()
        return any(term in low for term in self.law_enforcement_terms)


def load_model(path: str | Path | None = None) -> Model:
    """Read the model file (by default the one shipped beside this module).

    Raises
    ------
    ModelError
        When the file is missing a section or names an unknown label.
    """
    p = Path(path) if path is not None else DEFAULT_MODEL_PATH
    try:
        raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ModelError(f"{p}: cannot read the model: {exc}") from exc
    try:
        labels = {name: tuple(spec["kinds"]) for name, spec in raw["labels"].items()}
        relations = {
            name: RelationType(
                name=name,
                source=tuple(spec["source"]),
                target=tuple(spec["target"]),
                access=bool(spec.get("access", False)),
                presence=bool(spec.get("presence", False)),
                text=str(spec.get("text", name.lower())),
            )
            for name, spec in raw["relations"].items()
        }
        events = {
            name: EventType(
                name=name,
                custody=spec["custody"],
                check=bool(spec.get("check", False)),
                take=bool(spec.get("take", False)),
            )
            for name, spec in raw["events"].items()
        }
        model = Model(
            version=int(raw["version"]),
            labels=labels,
            relations=relations,
            events=events,
            presence_location_kinds=frozenset(raw["presence_location_kinds"]),
            law_enforcement_terms=tuple(t.lower() for t in raw["law_enforcement_terms"]),
            settings=dict(raw.get("settings", {})),
        )
    except (KeyError, TypeError) as exc:
        raise ModelError(f"{p}: malformed model: missing or wrong {exc}") from exc
    for rel in relations.values():
        for end in (*rel.source, *rel.target):
            if end not in labels:
                raise ModelError(f"{p}: relation {rel.name} names unknown label {end!r}")
    for ev in events.values():
        if ev.custody not in ("moves", "holds", "ends"):
            raise ModelError(f"{p}: event {ev.name} has unknown custody {ev.custody!r}")
    return model
