"""The ``custody`` command: ingest, inspect and question the graph, and serve it.

Every command opens the store named by ``--store`` or ``CUSTODY_STORE`` (default
``custody.db`` here). Errors of ours print one line and exit non-zero; no stack traces.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.settings import Settings
from graph.errors import CustodyError
from graph.model import load_model
from graph.store import Store, open_store

app = typer.Typer(
    help="custody-graph: a knowledge graph of weapons, actors and custody chains.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
console = Console()
err = Console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", "-s", help="Store: a file path (embedded) or neo4j://user:pass@host:7687. "
                 "Default: $CUSTODY_STORE or custody.db", show_default=False),
]


@app.callback()
def root() -> None:
    """custody-graph: ingest manifests and reports, then ask for custody chains and reach."""


def settings_for(store: str | None) -> Settings:
    s = Settings()
    return s.model_copy(update={"store": store}) if store else s


@contextmanager
def opened(store: str | None) -> Iterator[Store]:
    settings = settings_for(store)
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    s = open_store(settings.store, load_model(), auth=auth)
    try:
        yield s
    finally:
        s.close()


def fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@app.command()
def stats(store: StoreOption = None) -> None:
    """Print how many nodes, relations, events and evidence records the store holds, by kind."""
    with opened(store) as s:
        counts = s.counts()
        table = Table(title=f"custody-graph store: {s.uri}")
        table.add_column("what")
        table.add_column("count", justify="right")
        for key in sorted(counts, key=lambda k: (":" in k, k)):
            table.add_row(key, f"{counts[key]:,}")
        console.print(table)


def main() -> None:
    """Entry point that turns our errors into one line on stderr."""
    try:
        app()
    except CustodyError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(2)


def _register_commands() -> None:

    from api import cli_bench, cli_ingest, cli_questions, cli_reextract, cli_score, cli_serve

    cli_questions.register(app)
    cli_ingest.register(app)
    cli_reextract.register(app)
    cli_serve.register(app)
    cli_bench.register(app)
    cli_score.register(app)


_register_commands()


if __name__ == "__main__":
    main()
