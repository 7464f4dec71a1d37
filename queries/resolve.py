"""Turn what a user typed (an id, a serial, a name) into one node, or say clearly why not."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from graph.errors import AmbiguousError, NotFound
from graph.records import Node
from graph.store import Store

__all__ = ["resolve_node"]


def resolve_node(store: Store, ref: str, label: str | None = None) -> Node:
    """The node ``ref`` names: an id, or a name, alias, serial or reference.

    Raises
    ------
    NotFound
        Nothing matches; close matches are suggested.
    AmbiguousError
        Several nodes match; the candidates are listed.
    """
    ref = ref.strip()
    if ":" in ref:
        node = store.nodes([ref]).get(ref)
        if node is not None and (label is None or node.label == label):
            return node
    found = store.lookup(ref, label=label)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        raise AmbiguousError(f"{ref!r} names several entities", [f"{n.name} ({n.id})" for n in found[:20]])
    what = (label or "entity").lower()
    raise NotFound(f"no {what} matches {ref!r}", suggestions=suggest(store, ref, label))


def suggest(store: Store, ref: str, label: str | None, limit: int = 5) -> list[str]:
    """Close matches for a mistyped name or serial: substring hits first, then fuzzy ones."""
    names: dict[str, str] = {}
    for probe in {ref, ref[: max(3, len(ref) // 2)], ref[-max(3, len(ref) // 2):]}:
        for n in store.search(probe, label=label, limit=50):
            names.setdefault(n.name, n.id)
    ranked = process.extract(ref, list(names), scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    return [name for name, _score, _ in ranked]
