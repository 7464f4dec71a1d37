"""``custody export``: a chain, a neighbourhood, a reach answer, the alerts or the whole store, as
GraphML, GEXF, FollowTheMoney, CSV (a zip) or a Cypher script. (No ``from __future__ import
annotations`` here: typer reads the annotations at run time.)"""

import contextlib
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from api.auth import ROLES
from api.cli import StoreOption, err, opened
from api.export.select import Slice
from graph.dates import Interval, PartialDate
from graph.errors import InvalidInput

__all__ = ["register"]


def _day(text: str | None) -> date | None:
    return PartialDate.parse(text).start if text else None


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export_command(
        fmt: Annotated[str, typer.Option("--format", "-f", help="graphml, gexf, ftm, csv (a zip of nodes.csv, "
                                         "edges.csv, evidence.csv) or cypher")] = "graphml",
        chain: Annotated[str | None, typer.Option("--chain", help="One item's custody chain (serial, lot or id)",
                                                  show_default=False)] = None,
        neighbourhood: Annotated[str | None, typer.Option("--neighbourhood", help="An entity and what lies "
                                                          "within --hops steps", show_default=False)] = None,
        hops: Annotated[int, typer.Option("--hops", help="Steps around --neighbourhood")] = 1,
        reach: Annotated[str | None, typer.Option("--reach", help="Who could reach this item, with the facts "
                                                  "on each explaining path", show_default=False)] = None,
        max_hops: Annotated[int | None, typer.Option("--max-hops", help="Steps allowed for --reach (default 3)",
                                                     show_default=False)] = None,
        from_: Annotated[str | None, typer.Option("--from", help="--reach window start (YYYY[-MM[-DD]])")] = None,
        to: Annotated[str | None, typer.Option("--to", help="--reach window end (YYYY[-MM[-DD]])")] = None,
        alerts: Annotated[bool, typer.Option("--alerts", help="The standing alerts and the facts they rest on")
                          ] = False,
        kind: Annotated[list[str] | None, typer.Option("--kind", help="With --alerts: only these kinds")] = None,
        as_of: Annotated[str | None, typer.Option("--as-of", help="Date the chain and alert rules are judged "
                                                  "at (default today)")] = None,
        out: Annotated[Path | None, typer.Option("--out", "-o", help="Output file (default: stdout)",
                                                 show_default=False)] = None,
        role: Annotated[str, typer.Option("--role", help="Export as this role sees the graph: a viewer gets no "
                                          "evidence from restricted documents")] = "admin",
        store: StoreOption = None,
    ) -> None:
        """Export a chain, a neighbourhood, a reach answer, the alerts, or (by default) the whole store.

        Every node and edge carries its evidence (document, quote, extractor, confidence) and
        validity; relations keep their stored direction. The whole store is read and written in
        pages, in bounded memory.
        """
        from api.export import (
            FORMATS,
            StoreSlice,
            alerts_slice,
            chain_slice,
            check_format,
            export,
            neighbourhood_slice,
            reach_slice,
        )
        from queries.alerts import ALERT_KINDS

        check_format(fmt)
        if role not in ROLES:
            raise InvalidInput(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
        chosen = [name for name, on in (("--chain", chain), ("--neighbourhood", neighbourhood), ("--reach", reach),
                                        ("--alerts", alerts)) if on]
        if len(chosen) > 1:
            raise InvalidInput(f"export one thing at a time: {' and '.join(chosen)} were both given")
        bad = [k for k in kind or [] if k not in ALERT_KINDS]
        if bad:
            raise InvalidInput(f"unknown alert kind {bad[0]!r}; kinds: {', '.join(ALERT_KINDS)}")
        day = _day(as_of)
        with opened(store) as s:
            part: Slice
            if chain:
                part = chain_slice(s, chain, as_of=day)
            elif neighbourhood:
                part = neighbourhood_slice(s, neighbourhood, hops=hops,
                                           hops_cap=int(s.model.settings.get("max_hops_cap", 6)))
            elif reach:
                part = reach_slice(s, reach, max_hops=max_hops, window=Interval.of(from_, to), as_of=day)
            elif alerts:
                part = alerts_slice(s, as_of=day, kinds=tuple(kind) if kind else ALERT_KINDS)
            else:
                part = StoreSlice(s)
            sees_restricted = "restricted" in ROLES[role]
            if out is None:
                export(s, part, fmt, sys.stdout.buffer, sees_restricted=sees_restricted)
                sys.stdout.buffer.flush()
                return
            # Written beside the target and renamed at the end: a failed export leaves no half file.
            partial = out.with_name(out.name + ".part")
            try:
                with partial.open("wb") as f:
                    export(s, part, fmt, f, sees_restricted=sees_restricted)
                os.replace(partial, out)
            except OSError as exc:
                raise InvalidInput(f"{out}: cannot write the export: {exc.strerror or exc}") from exc
            finally:
                with contextlib.suppress(OSError):
                    partial.unlink(missing_ok=True)
            err.print(f"{part.description}: {FORMATS[fmt][0]} written to {out} ({out.stat().st_size:,} bytes)",
                      soft_wrap=True, highlight=False)
