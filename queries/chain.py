"""Question 1: the custody chain of an item, with its anomalies.

The chain is the ordered list of custody segments (holder, location, from, to, and the
events behind each), built from the item's own events and from the events of every
shipment that contained it. A receipt overrides a shipment-level delivery for items not
on it. Anomalies (DOMAIN.md): gap, break, conflict, unauthorised holder, not received,
overdue.

Examples
--------
>>> from graph.builder import FactBuilder
>>> from graph.model import load_model
>>> from graph.sqlite_store import SqliteStore
>>> model = load_model()
>>> store = SqliteStore(":memory:", model)
>>> b = FactBuilder(model, title="log.csv", text="fictional log")
>>> item = b.item(serial="JAV-0042")
>>> depot, unit = b.actor("Depot Command", "Organization"), b.actor("7th Brigade", "MilitaryUnit")
>>> group = b.actor("Grey Heron group", "ArmedGroup")
>>> _ = b.event("DELIVERY", item, "2023-03-10", to_actor=depot)
>>> _ = b.event("HANDOVER", item, "2023-04-01", from_actor=depot, to_actor=unit)
>>> _ = b.event("SEIZURE", item, "2024-02", from_actor=group, to_actor=b.actor("Customs Post 4", "Organization"))
>>> _ = store.write(b.batch)
>>> chain = custody_chain(store, "JAV-0042", as_of=date(2024, 6, 30))
>>> [store.nodes([s.holder])[s.holder].name for s in chain.segments if s.holder]
['Depot Command', '7th Brigade', 'Grey Heron group', 'Customs Post 4']
>>> sorted({a.kind for a in chain.anomalies})
['break', 'unauthorised_holder']

Notes
-----
One chain costs a constant number of batched store reads (events of the item and its
shipments, their relations, the actors involved, evidence: one read, ``Store.chain_facts``, on
Neo4j), independent of graph size;
``custody_chains`` builds many chains with the same number of reads per chunk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from graph.custody import Anomaly, Segment, build_segments, item_events
from graph.holdings import has_receipt
from graph.model import Model
from graph.records import ChainFacts, Event, Evidence, Node
from graph.store import Store
from queries.resolve import resolve_node

__all__ = ["Anomaly", "ChainContext", "CustodyChain", "Segment", "custody_chain", "custody_chains"]

UPWARD = ("SUBORDINATE_TO", "MEMBER_OF")
"""Relations walked up from a holder to the units above it."""
ANOMALY_KINDS = ("gap", "break", "conflict", "unauthorised_holder", "not_received", "overdue")


@dataclass
class CustodyChain:
    item: Node
    segments: list[Segment]
    anomalies: list[Anomaly]
    events: dict[str, Event]
    shipments: list[Node]
    nodes: dict[str, Node] = field(default_factory=dict)
    """Actors, locations and the weapon system the chain names, by id."""
    evidence: dict[str, list[Evidence]] = field(default_factory=dict)
    """Evidence of every event of the chain, by event id."""
    undated: list[str] = field(default_factory=list)
    """Events with no date: shown, but they cannot be placed in the chain."""
    delivered: int | None = None
    """Index of the segment opened by the delivery to the end user, if any."""

    def holders(self) -> list[str]:
        """Distinct consecutive holders, in order."""
        out: list[str] = []
        for s in self.segments:
            if s.holder and (not out or out[-1] != s.holder):
                out.append(s.holder)
        return out


@dataclass
class ChainContext:
    """What building chains needs besides the store: the model and the rules' settings."""

    model: Model
    as_of: date
    overdue_days: int = 365
    with_evidence: bool = True
    until: date | None = None
    """Leave out events dated after this day (alerts "as of" a date)."""
    with_anomalies: bool = True
    """False: segments only, without the unauthorised and overdue checks or the chain's
    ``nodes`` (reverse reach reads thousands of chains for their holders and stays)."""


def custody_chain(
    store: Store,
    ref: str,
    *,
    as_of: date | None = None,
    overdue_days: int | None = None,
    with_evidence: bool = True,
) -> CustodyChain:
    """The custody chain of the item named by ``ref`` (id, serial or lot).

    Raises
    ------
    NotFound, AmbiguousError
        When ``ref`` names no item or several.
    """
    item = resolve_node(store, ref, label="Item")
    ctx = ChainContext(
        store.model,
        as_of or date.today(),
        overdue_days if overdue_days is not None else int(store.model.settings.get("overdue_days", 365)),
        with_evidence,
    )
    return custody_chains(store, [item], ctx)[0]


# -- building -------------------------------------------------------------------------

def custody_chains(store: Store, items: Sequence[Node], ctx: ChainContext) -> list[CustodyChain]:
    """Chains of many items with a fixed number of batched reads."""
    model = ctx.model
    ids = [i.id for i in items]
    read: ChainFacts | None = None
    if ctx.with_anomalies and ctx.with_evidence:
        # a chain as an analyst sees it: facts, the nodes they name, the hierarchy above and the
        # evidence in one read where the store can (on Neo4j a round trip costs more than the read)
        systems = {str(i.props["system"]) for i in items if i.props.get("system")}
        read = store.chain_facts(ids, extra=systems, upward=UPWARD)
        facts = read.facts
    else:
        facts = store.custody_facts(ids)
    histories = item_events(facts, ids, lambda s: has_receipt(store, s), ctx.until)
    chains: list[CustodyChain] = []
    for item in items:
        events, ships, not_received = histories[item.id]
        chains.append(_build(item, events, ships, not_received, model))

    if ctx.with_anomalies:
        _fill_nodes(store, chains, read)
        superiors = _superiors(store, chains, read)
        for chain in chains:
            _flag_unauthorised(chain, superiors, model)
            _flag_overdue(chain, ctx)
            chain.anomalies.sort(key=lambda a: (min(a.segments, default=-1), ANOMALY_KINDS.index(a.kind)))
    if ctx.with_evidence:
        wanted = {eid for c in chains for eid in c.events}
        if read is not None and wanted <= {e.id for e in read.facts.events}:
            evidence = read.evidence
        else:
            evidence = store.evidence(wanted)
        for chain in chains:
            chain.evidence = {eid: evidence.get(eid, []) for eid in chain.events}
    return chains


def _build(item: Node, events: list[Event], shipments: list[Node], not_received: list[Node],
           model: Model) -> CustodyChain:
    segments, anomalies = build_segments(events, shipments, not_received, model)
    undated = sorted(e.id for e in events if e.date is None)
    chain = CustodyChain(item, segments, anomalies, {e.id: e for e in events}, shipments, undated=undated)
    chain.delivered = _delivery(chain)
    return chain


def _delivery(chain: CustodyChain) -> int | None:
    """Index of the segment that the delivery to the end user opened."""
    for s in chain.segments:
        if any(chain.events[eid].type == "DELIVERY" and chain.events[eid].to_actor == s.holder for eid in s.events):
            return s.index
    return None


def _fill_nodes(store: Store, chains: list[CustodyChain], read: ChainFacts | None) -> None:
    ids: set[str] = set()
    for c in chains:
        for e in c.events.values():
            ids.update(x for x in (e.from_actor, e.to_actor, e.location) if x)
        for s in c.shipments:
            ids.update(str(s.props[k]) for k in ("consignor", "consignee", "end_user") if s.props.get(k))
        if c.item.props.get("system"):
            ids.add(str(c.item.props["system"]))
    if read is None:
        nodes = store.nodes(ids)
    else:
        nodes = {i: read.nodes[i] for i in ids if i in read.nodes}
        if ids - read.named:
            nodes.update(store.nodes(ids - read.named))
    for c in chains:
        c.nodes = nodes


def _authority_roots(chain: CustodyChain) -> set[str]:
    """Who the item was meant for: the shipments' end user and consignee, and whoever the
    delivery made the holder."""
    roots = {str(s.props[k]) for s in chain.shipments for k in ("end_user", "consignee") if s.props.get(k)}
    if chain.delivered is not None and chain.segments[chain.delivered].holder:
        roots.add(str(chain.segments[chain.delivered].holder))
    return roots


def _superiors(store: Store, chains: list[CustodyChain], read: ChainFacts | None) -> dict[str, frozenset[str]]:
    """For each holder after a delivery: itself and every actor above it (the units it is
    subordinate to, or a member of, transitively). Walking up is one read (a soldier, a
    battalion, a brigade, a corps...); walking down from the end user would read the whole
    army. (The walk from each holder follows only what is above it, so the relations above more
    actors, as :meth:`Store.chain_facts` reads them, give the same answer.)"""
    holders = {s.holder for c in chains if c.delivered is not None
               for s in c.segments[c.delivered + 1:] if s.holder}
    above: dict[str, set[str]] = {h: {h} for h in holders}
    parents: dict[str, set[str]] = {}
    upward = read.upward if read is not None and holders <= read.named else store.relations_upward(holders, UPWARD)
    for r in upward:
        parents.setdefault(r.source, set()).add(r.target)
    for h in holders:
        stack = [h]
        while stack:
            for p in parents.get(stack.pop(), ()):
                if p not in above[h]:
                    above[h].add(p)
                    stack.append(p)
    return {h: frozenset(v) for h, v in above.items()}


def _flag_unauthorised(chain: CustodyChain, superiors: dict[str, frozenset[str]], model: Model) -> None:
    """After delivery, a holder outside the end user's hierarchy (neither the end user or
    consignee nor transitively subordinate to one); before it, the shipping chain is
    authorised."""
    if chain.delivered is None:
        return
    roots = _authority_roots(chain)
    for seg in chain.segments[chain.delivered + 1:]:
        if seg.holder is None or superiors.get(seg.holder, frozenset({seg.holder})) & roots:
            continue
        node = chain.nodes.get(seg.holder)
        opening = chain.events[seg.events[0]]
        if (node is not None and model.is_law_enforcement(node.name, node.kind)
                and model.event(opening.type).take and opening.to_actor == seg.holder):
            continue  # a seizure by police or customs is a recovery, not a diversion
        name = node.name if node else seg.holder
        chain.anomalies.append(Anomaly(
            "unauthorised_holder", f"{name} held it after delivery and is outside the end user's hierarchy",
            (seg.index,), holder=seg.holder, events=seg.events))


def _flag_overdue(chain: CustodyChain, ctx: ChainContext) -> None:
    system = chain.nodes.get(str(chain.item.props.get("system", "")))
    if system is None or not system.props.get("eeum") or chain.delivered is None:
        return
    if chain.segments:
        last = chain.events[chain.segments[-1].events[0]]
        holder = chain.nodes.get(chain.segments[-1].holder or "")
        recovered = (ctx.model.event(last.type).take and holder is not None
                     and ctx.model.is_law_enforcement(holder.name, holder.kind))
        if recovered or ctx.model.event(last.type).custody == "ends":
            return
    checks = [e.date.end for e in chain.events.values()
              if e.date and ctx.model.event(e.type).check and e.date.start <= ctx.as_of]
    delivered = chain.segments[chain.delivered].start
    reference = max([*checks, *([delivered.end] if delivered else [])], default=None)
    if reference is None:
        return
    days = (ctx.as_of - reference).days
    if days > ctx.overdue_days:
        chain.anomalies.append(Anomaly(
            "overdue", f"monitored item not inventoried or observed for {days} days (limit {ctx.overdue_days})",
            (len(chain.segments) - 1,) if chain.segments else (), days=days))
