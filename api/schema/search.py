"""Search: fuzzy over names and aliases, serials, lots and shipment references, including
partial serials as field reports give them (``JAV-00??``, ``…0042``, ``STG*3``).

How a hit is found:

- exact: the text names the node once normalised (name, alias, serial, lot, reference): 100;
- wildcard: ``*`` or ``…`` for any run, ``?`` for one character; the pattern is matched
  against normalised serials, lots and references: 95;
- part: the normalised text is inside a key (``0042`` finds ``JAV-0042``): 90;
- fuzzy: a misspelt name ("Red Falcom") scored with rapidfuzz over names and aliases.

The store's own ``search`` (a substring index) supplies the candidates, so a search costs
a few batched store reads whatever the graph's size.
"""

from __future__ import annotations

import contextlib
import re

import strawberry
from rapidfuzz import fuzz
from strawberry.types import Info

from api.schema.common import context
from api.schema.entity import Entity, to_entity
from graph.errors import InvalidInput, LimitExceeded
from graph.ids import normalize_name, normalize_serial
from graph.records import Node
from graph.store import Store

__all__ = ["SEARCH_LABELS", "SearchHit", "search_nodes", "search_query"]

SEARCH_LABELS = ("Item", "WeaponSystem", "Shipment", "Actor", "Location")
_WILD = re.compile(r"(\*|…|\.\.\.|\?)")
_FUZZY_CUTOFF = 70.0


@strawberry.type(description="One search hit: the entity, how well it matched and on what.")
class SearchHit:
    entity: Entity
    score: float = strawberry.field(description="100 exact, 95 wildcard, 90 part, below that fuzzy.")
    matched: str = strawberry.field(description="The name, alias, serial, lot or reference that matched.")
    how: str = strawberry.field(description="exact, wildcard, part or fuzzy.")


def _serial_keys(node: Node) -> list[tuple[str, str]]:
    """(shown text, normalised form) of a node's serial, lot and reference."""
    out = []
    for prop in ("serial", "lot", "ref"):
        value = node.props.get(prop)
        if value:
            with contextlib.suppress(InvalidInput):
                out.append((str(value), normalize_serial(str(value))))
    return out


def _keys(node: Node) -> list[tuple[str, str]]:
    """(shown text, normalised form) for every key of a node a search can match."""
    names = [(node.name, normalize_name(node.name))] + [(a, normalize_name(a)) for a in node.aliases]
    return names + _serial_keys(node)


def _pattern(text: str) -> tuple[re.Pattern[str], str] | None:
    """A wildcard pattern as a regex over normalised serials, and its longest literal part."""
    parts = _WILD.split(text)
    regex, literals = [], []
    for part in parts:
        if part in ("*", "…", "..."):
            regex.append(".*")
        elif part == "?":
            regex.append(".")
        elif part.strip():
            try:
                lit = normalize_serial(part)
            except InvalidInput:
                continue
            regex.append(re.escape(lit))
            literals.append(lit)
    if not literals:
        return None
    return re.compile("".join(regex)), max(literals, key=len)


def search_nodes(store: Store, text: str, labels: tuple[str, ...], limit: int) -> list[tuple[Node, float, str, str]]:
    """(node, score, matched key, how) for the best ``limit`` matches; see the module docstring."""
    text = text.strip()
    best: dict[str, tuple[Node, float, str, str]] = {}

    def offer(node: Node, score: float, matched: str, how: str) -> None:
        if node.label not in labels:
            return
        cur = best.get(node.id)
        if cur is None or score > cur[1]:
            best[node.id] = (node, score, matched, how)

    pool = max(limit * 5, 50)
    if _WILD.search(text):
        pat = _pattern(text)
        if pat is None:
            raise InvalidInput("a wildcard search needs at least one letter or digit besides * ? …")
        regex, literal = pat
        for node in store.search(literal, limit=pool * 4):
            for shown, key in _serial_keys(node):
                if regex.fullmatch(key):
                    offer(node, 95.0, shown, "wildcard")
        return sorted(best.values(), key=lambda h: (-h[1], h[0].label, h[0].name, h[0].id))[:limit]

    needle = normalize_name(text)
    serial: str | None = None
    with contextlib.suppress(InvalidInput):
        serial = normalize_serial(text)
    for node in store.lookup(text):
        offer(node, 100.0, next((s for s, k in _keys(node) if k in (needle, serial)), node.name), "exact")
    probes = {text, text[: max(3, len(text) // 2)], text[-max(3, len(text) // 2):]}
    for probe in sorted(probes):
        for node in store.search(probe, limit=pool):
            for shown, key in _keys(node):
                if needle and (needle in key or (serial is not None and serial in key)):
                    offer(node, 90.0, shown, "part")
                else:
                    score = fuzz.WRatio(needle, key)
                    if score >= _FUZZY_CUTOFF:
                        offer(node, round(min(score, 89.0), 1), shown, "fuzzy")
    return sorted(best.values(), key=lambda h: (-h[1], h[0].label, h[0].name, h[0].id))[:limit]


async def search_query(info: Info, text: str, labels: list[str] | None = None, first: int | None = 20
                       ) -> list[SearchHit]:
    """Find entities by name, alias, serial (whole, part, or with wildcards `*` `?` `…`), lot or reference.
    `labels` narrows it to Item, WeaponSystem, Shipment, Actor or Location. Merged entities come back as their
    canonical entity."""
    ctx = context(info)
    size = ctx.page_size(first)
    if not text.strip():
        raise InvalidInput("search text is empty")
    if len(text) > 200:
        raise LimitExceeded("search text is longer than 200 characters")
    wanted = tuple(labels) if labels else SEARCH_LABELS
    unknown = [x for x in wanted if x not in SEARCH_LABELS]
    if unknown:
        raise InvalidInput(f"cannot search {', '.join(unknown)}; labels: {', '.join(SEARCH_LABELS)}")
    store = await ctx.view()
    hits = await ctx.call(search_nodes, store, text, wanted, size)
    ctx.loaders.prime_nodes({n.id: n for n, *_ in hits})
    return [SearchHit(entity=to_entity(n), score=s, matched=m, how=h) for n, s, m, h in hits]
