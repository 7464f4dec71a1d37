"""The question commands of the ``custody`` CLI: chain, reach, reachable, paths, alerts.

Each prints a readable table in a terminal. Registered on the main app by
:func:`register` so that api/cli.py stays a table of contents. (No ``from __future__ import
annotations`` here: typer reads the annotations at run time.)
"""

from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from api.cli import StoreOption, console, opened
from graph.dates import Interval, PartialDate
from graph.records import DEFAULT_MODALITY, Event, Node

__all__ = ["register"]


def _name(nodes: dict[str, Node], node_id: str | None) -> str:
    if not node_id:
        return "—"
    node = nodes.get(node_id)
    return node.name if node else node_id


def _event_label(e: Event) -> str:
    """``THEFT``, or ``THEFT (alleged)`` when the sources do not report it as having happened."""
    return e.type if e.modality == DEFAULT_MODALITY else f"{e.type} ({e.modality})"


def _day(text: str | None) -> date | None:
    return PartialDate.parse(text).start if text else None


def register(app: typer.Typer) -> None:
    AsOf = Annotated[str | None, typer.Option("--as-of", help="Date (YYYY-MM-DD) the rules are judged at; "
                                              "default today")]

    @app.command()
    def chain(serial: Annotated[str, typer.Argument(help="Serial, lot number or item id")],
              store: StoreOption = None, as_of: AsOf = None) -> None:
        """The custody chain of an item: every holder, where, when, the evidence, and anomalies."""
        from queries.chain import custody_chain

        with opened(store) as s:
            c = custody_chain(s, serial, as_of=_day(as_of))
            table = Table(title=f"custody chain of {c.item.name}")
            for col in ("#", "holder", "location", "from", "to", "events", "evidence"):
                table.add_column(col)
            for seg in c.segments:
                quotes = [ev for e in seg.events for ev in c.evidence.get(e, [])]
                table.add_row(
                    str(seg.index), _name(c.nodes, seg.holder) + (" (inferred)" if seg.inferred else ""),
                    _name(c.nodes, seg.location), str(seg.start or "?"), str(seg.end or "…"),
                    ", ".join(_event_label(c.events[e]) for e in seg.events),
                    f"{len(quotes)}: " + (quotes[0].quote[:60] if quotes else ""),
                )
            console.print(table)
            for a in c.anomalies:
                console.print(f"[bold yellow]{a.kind}[/]: {a.message} (segments {list(a.segments)})")
            if not c.anomalies:
                console.print("no anomalies")

    @app.command()
    def reach(
        serial: Annotated[str, typer.Argument(help="Serial, lot number or item id")],
        store: StoreOption = None,
        max_hops: Annotated[int, typer.Option("--max-hops", help="Steps allowed (cap 6)")] = 3,
        from_: Annotated[str | None, typer.Option("--from", help="Window start (YYYY[-MM[-DD]])")] = None,
        to: Annotated[str | None, typer.Option("--to", help="Window end (YYYY[-MM[-DD]])")] = None,
        min_confidence: Annotated[float, typer.Option("--min-confidence")] = 0.0,
    ) -> None:
        """Who could have reached an item, with the time-respecting path that explains each."""
        from queries.reach import who_could_reach

        with opened(store) as s:
            r = who_could_reach(s, serial, max_hops=max_hops, window=Interval.of(from_, to),
                                min_confidence=min_confidence)
            table = Table(title=f"who could reach {r.item.name} (max {r.max_hops} hops)")
            for col in ("actor", "kind", "hops", "confidence", "when", "path"):
                table.add_column(col)
            for res in r.results:
                best = res.paths[0]
                path = " → ".join(f"{st.kind} {_name(r.nodes, st.target)}" for st in best.steps)
                node = r.nodes.get(res.actor)
                table.add_row(_name(r.nodes, res.actor), node.kind if node else "", str(res.hops),
                              f"{res.confidence:.2f}", str(best.interval), path)
            console.print(table)

    @app.command()
    def reachable(
        actor: Annotated[str, typer.Argument(help="Actor name, alias or id")],
        store: StoreOption = None,
        max_hops: Annotated[int, typer.Option("--max-hops")] = 3,
    ) -> None:
        """Which items an actor could have reached (the reverse of reach)."""
        from queries.reach import reachable_items

        with opened(store) as s:
            node, items = reachable_items(s, actor, max_hops=max_hops)
            names = s.nodes({i.item for i in items} | {st.target for i in items for st in i.path.steps})
            table = Table(title=f"items {node.name} could reach (max {max_hops} hops)")
            for col in ("item", "hops", "confidence", "when", "path"):
                table.add_column(col)
            for i in items:
                path = " → ".join(f"{st.kind} {_name(names, st.target)}" for st in i.path.steps)
                table.add_row(_name(names, i.item), str(i.hops), f"{i.confidence:.2f}", str(i.path.interval), path)
            console.print(table)

    @app.command()
    def paths(
        a: Annotated[str, typer.Argument(help="First entity (name, serial or id)")],
        b: Annotated[str, typer.Argument(help="Second entity")],
        store: StoreOption = None,
        max_hops: Annotated[int, typer.Option("--max-hops")] = 4,
        limit: Annotated[int, typer.Option("--limit")] = 10,
    ) -> None:
        """Paths between two entities, shortest first."""
        from queries.paths import paths_between

        with opened(store) as s:
            r = paths_between(s, a, b, max_hops=max_hops, limit=limit)
            if not r.paths:
                console.print(f"no path of at most {max_hops} hops between {r.source.name} and {r.target.name}")
            for p in r.paths:
                parts = [_name(r.nodes, p.nodes[0])]
                for e, n in zip(p.edges, p.nodes[1:], strict=True):
                    parts.append(f" —{e.label}— {_name(r.nodes, n)}")
                console.print("".join(parts))
            if r.truncated:
                console.print("[dim](some very connected nodes were only partly explored)[/]")

    @app.command()
    def alerts(store: StoreOption = None, as_of: AsOf = None,
               kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these kinds")] = None) -> None:
        """Standing diversion alerts over the whole graph, with their evidence."""
        from queries.alerts import ALERT_KINDS
        from queries.alerts import alerts as run_alerts

        with opened(store) as s:
            found = run_alerts(s, as_of=_day(as_of), kinds=tuple(kind) if kind else ALERT_KINDS)
            table = Table(title=f"{len(found)} alerts")
            for col in ("kind", "subject", "message", "evidence"):
                table.add_column(col)
            for a in found:
                table.add_row(a.kind, a.item or a.shipment or "", a.message,
                              f"{len(a.evidence)}: " + (a.evidence[0].quote[:50] if a.evidence else ""))
            console.print(table)
