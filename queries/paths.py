"""Link analysis: the paths between two entities, up to ``k`` hops, shortest first.

The graph walked here is the investigator's picture of the data: relations between actors
and places, an actor linked to an item or shipment by each custody event they took part
in, an item or shipment linked to the places events put it, and shipments to their items.
Time is not applied (that is :mod:`queries.reach`'s job); each edge says what fact it is.

Examples
--------
>>> from graph.builder import FactBuilder
>>> from graph.model import load_model
>>> from graph.sqlite_store import SqliteStore
>>> model = load_model()
>>> store = SqliteStore(":memory:", model)
>>> b = FactBuilder(model, title="t", text="fictional")
>>> unit, person = b.actor("7th Brigade", "MilitaryUnit"), b.actor("Petro", "Person")
>>> _ = b.relation("MEMBER_OF", person, unit)
>>> _ = b.event("HANDOVER", b.item(serial="M4-1"), "2023", to_actor=unit)
>>> _ = store.write(b.batch)
>>> [[(e.label, e.direction) for e in p.edges] for p in paths_between(store, "Petro", "M4-1").paths]
[[('MEMBER_OF', 'forward'), ('HANDOVER', 'forward')]]
>>> [[(e.source, e.label, e.direction) for e in p.edges] for p in paths_between(store, "7th Brigade", "Petro").paths]
[[('actor:petro', 'MEMBER_OF', 'backward')]]

Notes
-----
The neighbourhood is grown breadth-first from both ends at once, ``ceil(k/2)`` hops each,
with one batched read per hop and side, and at most ``fanout`` neighbours per node (a
depot that saw a million events is a hub, not an explanation); the paths are then
enumerated with networkx ``shortest_simple_paths`` on that small graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import islice, pairwise

import networkx as nx

from graph.errors import LimitExceeded
from graph.records import Node
from graph.store import Store
from queries.resolve import resolve_node

__all__ = ["Edge", "Path", "PathsResult", "paths_between"]


@dataclass(frozen=True, slots=True)
class Edge:
    """One edge, read in the fact's own direction: a relation from its source to its target
    ("Petro MEMBER_OF 7th Brigade"), an event from a party or place to the item or shipment.
    On a path, ``backward`` says the path went from ``target`` to ``source``."""

    source: str
    target: str
    label: str
    """A relation type or an event type (HANDOVER, STORAGE...)."""
    fact: str
    """The relation or event id behind the edge."""
    backward: bool = False

    @property
    def direction(self) -> str:
        """``forward`` (walked from source to target) or ``backward``."""
        return "backward" if self.backward else "forward"


@dataclass(frozen=True, slots=True)
class Path:
    nodes: tuple[str, ...]
    edges: tuple[Edge, ...]


@dataclass
class PathsResult:
    source: Node
    target: Node
    max_hops: int
    paths: list[Path]
    nodes: dict[str, Node] = field(default_factory=dict)
    truncated: bool = False
    """Some node had more neighbours than ``fanout``; paths through the rest were not explored."""


def _neighbours(store: Store, ids: set[str], fanout: int) -> tuple[list[Edge], bool]:
    edges: list[Edge] = []
    for r in store.relations(ids):
        edges.append(Edge(r.source, r.target, r.type, r.id))
    events = store.events_of(ids) + store.events_with_actors(ids) + store.events_at(ids)
    seen: set[str] = set()
    for e in events:
        if e.id in seen:
            continue
        seen.add(e.id)
        for end in (e.from_actor, e.to_actor, e.location):
            if end:
                edges.append(Edge(end, e.subject, e.type, e.id))
    per_node: dict[str, int] = {}
    kept: list[Edge] = []
    truncated = False
    for edge in sorted(edges, key=lambda x: (x.label, x.fact, x.source, x.target)):
        ends = [x for x in (edge.source, edge.target) if x in ids]
        if any(per_node.get(x, 0) >= fanout for x in ends):
            truncated = True
            continue
        for x in ends:
            per_node[x] = per_node.get(x, 0) + 1
        kept.append(edge)
    return kept, truncated


def paths_between(
    store: Store, a: str, b: str, *, max_hops: int = 4, limit: int = 10, fanout: int = 200
) -> PathsResult:
    """Up to ``limit`` simple paths of at most ``max_hops`` edges between ``a`` and ``b``.

    Raises
    ------
    NotFound, AmbiguousError
        When ``a`` or ``b`` names no entity or several.
    LimitExceeded
        When ``max_hops`` is outside [1, the model's cap].
    """
    cap = int(store.model.settings.get("max_hops_cap", 6))
    if not 1 <= max_hops <= cap:
        raise LimitExceeded(f"max_hops must be between 1 and {cap}, got {max_hops}")
    src, dst = resolve_node(store, a), resolve_node(store, b)
    graph = nx.MultiGraph()
    graph.add_nodes_from([src.id, dst.id])
    truncated = False
    frontiers = {src.id: {src.id}, dst.id: {dst.id}}
    for _ in range((max_hops + 1) // 2):
        for end, frontier in list(frontiers.items()):
            if not frontier:
                continue
            edges, cut = _neighbours(store, frontier, fanout)
            truncated |= cut
            new = set()
            for e in edges:
                for x in (e.source, e.target):
                    if x not in graph:
                        new.add(x)
                graph.add_edge(e.source, e.target, key=e.fact, edge=e)
            frontiers[end] = new
    paths: list[Path] = []
    if src.id != dst.id and nx.has_path(graph, src.id, dst.id):
        simple = nx.Graph(graph)  # one edge per pair for enumeration; facts are listed below
        for nodes in islice(nx.shortest_simple_paths(simple, src.id, dst.id), limit * 4):
            if len(nodes) - 1 > max_hops:
                break
            steps = tuple(
                replace(edge, backward=edge.source != u)
                for u, v in pairwise(nodes)
                for edge in [min((d["edge"] for d in graph.get_edge_data(u, v).values()),
                                 key=lambda x: (x.label, x.fact))]
            )
            paths.append(Path(tuple(nodes), steps))
            if len(paths) >= limit:
                break
    ids = {n for p in paths for n in p.nodes} | {src.id, dst.id}
    return PathsResult(src, dst, max_hops, paths, store.nodes(ids), truncated)
