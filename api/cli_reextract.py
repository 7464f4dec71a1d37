"""``custody reextract``: the current report NLP over documents an older extractor version read,
their facts replaced, and which items' custody chains gained or lost segments.

The work is :mod:`ingest.reextract`; the chains before and after are this command's (the CLI may
ask ``queries``, ``ingest`` may not). Documents go in groups: for each group, the chains of the
items the old or new facts touch are read, the group's facts are swapped in, one document per
transaction, and the chains are read again.
"""

import contextlib
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated

import typer
from rich.table import Table

from api.cli import StoreOption, console, err, opened, settings_for
from api.cli_ingest import cluster_extractor
from graph.store import Store

__all__ = ["ChainChange", "chain_segments", "register"]

GROUP = 50  # documents planned, then swapped, together (bounds the new facts held in memory)


@dataclass
class ChainChange:
    """One item whose chain changed: segments as ``holder at location, start – end``."""

    item: str
    name: str
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def chain_segments(store: Store, subjects: set[str]) -> dict[str, tuple[str, set[str]]]:
    """Item id -> (name, its chain's segments as text), through the analysts' merged view."""
    from api.resolution import Merges
    from queries.chain import ChainContext, custody_chains

    view = Merges.load(store).view(store)
    items = [n for n in view.nodes(subjects).values() if n.label == "Item"]
    if not items:
        return {}
    chains = custody_chains(view, items, ChainContext(store.model, as_of=date.today(), with_evidence=False))
    places = {x for c in chains for s in c.segments for x in (s.holder, s.location) if x}
    names = {k: n.name for k, n in view.nodes(places).items()}
    out: dict[str, tuple[str, set[str]]] = {}
    for c in chains:
        segments = {f"{names.get(s.holder or '', s.holder or '—')}"
                    + (f" at {names.get(s.location, s.location)}" if s.location else "")
                    + f", {s.start or '?'} – {s.end or 'now'}" for s in c.segments}
        out[c.item.id] = (c.item.name, segments)
    return out


def compare(before: dict[str, tuple[str, set[str]]], after: dict[str, tuple[str, set[str]]]) -> list[ChainChange]:
    changes = []
    for item in sorted(set(before) | set(after)):
        name = (after.get(item) or before[item])[0]
        old, new = before.get(item, (name, set()))[1], after.get(item, (name, set()))[1]
        if old != new:
            changes.append(ChainChange(item, name, sorted(new - old), sorted(old - new)))
    return changes


def register(app: typer.Typer) -> None:
    @app.command()
    def reextract(
        store: StoreOption = None,
        workers: Annotated[int, typer.Option("--workers", min=1, help="NLP worker processes")] = 1,
        cluster: Annotated[str | None, typer.Option("--cluster", help="Run the NLP on Dask: 'local', 'local:N' "
                                                    "or a scheduler address, tcp://host:8786")] = None,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; change nothing")] = False,
    ) -> None:
        """Re-run the current report extractor over documents an older version read and replace their facts.

        Manifest facts, other documents' facts and analysts' merge and split decisions are kept. Lists
        the items whose custody chains gained or lost segments. Exit 0 all done, 2 a document could not
        be re-read (its file gone or changed) or re-extracted.
        """
        from ingest.reextract import apply_plan, plan_reextraction, stale_documents
        from ingest.report_ingest import EXTRACTOR_NAME, EXTRACTOR_VERSION, ReportIngester

        settings = settings_for(store)
        bounds = settings.report_bounds()
        with contextlib.ExitStack() as stack:
            s = stack.enter_context(opened(store))
            stale = stale_documents(s)
            if not stale:
                console.print(f"nothing to re-extract: every report's facts are from {EXTRACTOR_NAME} "
                              f"{EXTRACTOR_VERSION}", highlight=False)
                raise typer.Exit(0)
            extractor = cluster_extractor(stack, cluster)
            ingester = ReportIngester(s, workers=workers, bounds=bounds, extractor=extractor)
            table = Table(title=f"re-extracted with {EXTRACTOR_NAME} {EXTRACTOR_VERSION} in {s.uri}"
                          + (" (dry run: nothing changed)" if dry_run else ""))
            for col in ("document", "was", "status", "facts removed", "facts now", "note"):
                table.add_column(col)
            changes: list[ChainChange] = []
            problems = 0
            for start in range(0, len(stale), GROUP):
                group = stale[start:start + GROUP]
                plans = list(plan_reextraction(s, ingester, group))
                subjects = set().union(*(p.subjects for p in plans))
                before = chain_segments(s, subjects) if not dry_run else {}
                for p in plans:
                    versions = ", ".join(sorted(p.versions))
                    if p.batch is None or p.preview is None:
                        problems += 1
                        table.add_row(p.path, versions, p.status, "", "", p.message)
                        continue
                    gone = apply_plan(s, p) if not dry_run else p.preview
                    removed = len(gone.nodes) + len(gone.relations) + len(gone.events)
                    now = len({*p.batch.fact_ids()})
                    table.add_row(p.path, versions, "would be re-extracted" if dry_run else "re-extracted",
                                  f"{removed:,}", f"{now:,}", f"{gone.evidence:,} old evidence records")
                if not dry_run:
                    changes += compare(before, chain_segments(s, subjects))
        console.print(table)
        if not dry_run:
            if not changes:
                console.print("no item's custody chain changed", highlight=False)
            for c in changes:
                console.print(f"[bold]{c.name}[/] ({c.item}): {len(c.gained)} segments gained, {len(c.lost)} lost",
                              highlight=False)
                for seg in c.gained:
                    console.print(f"  + {seg}", highlight=False)
                for seg in c.lost:
                    console.print(f"  - {seg}", highlight=False)
        if problems:
            err.print(f"{problems} documents were not re-extracted (see the table)", highlight=False)
        raise typer.Exit(2 if problems else 0)
