"""The ``custody`` command: ingest, inspect and question the graph, and serve it.

Every command opens the store named by ``--store`` or ``CUSTODY_STORE`` (default
``custody.db`` here); the read commands refuse a store that does not exist. Errors of ours
print one line (one JSON object with ``--json`` or ``--jsonl``) on stderr and exit with the
code :data:`EXIT_CODES` gives them; no stack traces.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup

try:  # typer 0.2x parses with its own copy of click, whose exceptions are the ones raised
    from typer._click import exceptions as click_exc
except ImportError:  # pragma: no cover - older typer uses click itself
    from click import exceptions as click_exc  # type: ignore[no-redef]

from api.settings import Settings
from graph.errors import AmbiguousError, CustodyError, NotFound
from graph.model import load_model
from graph.store import NEO4J_SCHEMES, Store, open_store

__all__ = ["EXIT_CODES", "CliError", "app", "console", "err", "exit_code", "fail", "main", "opened", "settings_for"]

PIPED_WIDTH = 1000
"""Console width when stdout is not a terminal (rich would take 80 and cut paths)."""


def _console(*, stderr: bool = False) -> Console:
    c = Console(stderr=stderr)
    if not c.is_terminal and not os.environ.get("COLUMNS"):
        c.width = PIPED_WIDTH
    return c


console = _console()
err = _console(stderr=True)

EXIT_CODES: dict[str, int] = {"INTERNAL": 1, "STORE_UNAVAILABLE": 3, "STORE_ERROR": 3}
"""Exit code by error code; every other code (USAGE, NO_STORE, NOT_FOUND, INVALID_INPUT,
LIMIT_EXCEEDED, ...) exits 2: the question cannot be answered as asked."""
JSON_FLAGS = ("--json", "--jsonl")


def exit_code(code: str) -> int:
    return EXIT_CODES.get(code, 2)


class CliError(Exception):
    """An error with its code (the API's codes, plus USAGE and NO_STORE) and extra fields for
    the JSON error object (``suggestions``, ``candidates``, ``choices``)."""

    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code, self.message, self.extra = code, message, extra


def _report(code: str, message: str, as_json: bool, **extra: Any) -> None:
    if as_json:
        typer.echo(json.dumps({"error": {"code": code, "message": message, **extra}}, ensure_ascii=False), err=True)
    else:
        err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)


def _options_hint(exc: click_exc.NoSuchOption) -> None:
    """Add the command's options to "No such option" (click lists only close matches)."""
    command = exc.ctx.command if exc.ctx is not None else None
    if command is None:
        return
    names = sorted(o for p in command.params if p.param_type_name == "option" for o in p.opts if o.startswith("--"))
    exc.message = f"{exc.message}; {command.name} takes {', '.join(names)}"


# exits and aborts are not errors (older typer raises click's own)
_PASS_THROUGH = (typer.Exit, typer.Abort, getattr(click_exc, "Exit", typer.Exit),
                 getattr(click_exc, "Abort", typer.Abort))


class CustodyGroup(TyperGroup):
    """The ``custody`` group: turns every error into one line on stderr, or one JSON object
    ``{"error": {"code": ..., "message": ...}}`` when ``--json`` or ``--jsonl`` was asked,
    and exits with :func:`exit_code`."""

    json_errors = False

    def main(self, args: Sequence[str] | None = None, *a: Any, **kw: Any) -> Any:
        argv = list(args) if args is not None else sys.argv[1:]
        self.json_errors = any(x in JSON_FLAGS for x in argv)
        return super().main(args, *a, **kw)

    def invoke(self, ctx: Any) -> Any:
        from api.errors import code_of

        try:
            return super().invoke(ctx)
        except _PASS_THROUGH:
            raise
        except click_exc.UsageError as exc:
            if isinstance(exc, click_exc.NoSuchOption):
                _options_hint(exc)
            if not self.json_errors:
                raise
            _report("USAGE", exc.format_message(), True)
            raise typer.Exit(2) from None
        except CliError as exc:
            _report(exc.code, exc.message, self.json_errors, **exc.extra)
            raise typer.Exit(exit_code(exc.code)) from None
        except CustodyError as exc:
            code = code_of(exc) or "INVALID_INPUT"
            extra: dict[str, Any] = {}
            if isinstance(exc, NotFound) and exc.suggestions:
                extra["suggestions"] = list(exc.suggestions)
            if isinstance(exc, AmbiguousError):
                extra["candidates"] = list(exc.candidates)
            _report(code, str(exc), self.json_errors, **extra)
            raise typer.Exit(exit_code(code)) from None
        except Exception as exc:  # a bug: one line, not a stack trace, and the exit code says so
            _report("INTERNAL", f"internal error ({type(exc).__name__}: {exc})", self.json_errors)
            raise typer.Exit(1) from None


app = typer.Typer(
    cls=CustodyGroup,
    help="custody-graph: a knowledge graph of weapons, actors and custody chains.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", "-s", help="Store: a file path (embedded) or neo4j://user:pass@host:7687. "
                 "Default: $CUSTODY_STORE or custody.db", show_default=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON document on stdout, in the GraphQL API's shape")]
WindowFrom = Annotated[str | None, typer.Option("--from", help="Window start (YYYY[-MM[-DD]])")]
WindowTo = Annotated[str | None, typer.Option("--to", help="Window end (YYYY[-MM[-DD]])")]


@app.callback()
def root() -> None:
    """custody-graph: ingest manifests and reports, then ask for custody chains and reach."""


def settings_for(store: str | None) -> Settings:
    s = Settings()
    return s.model_copy(update={"store": store}) if store else s


def _require_existing(location: str) -> None:
    if urlsplit(location).scheme in NEO4J_SCHEMES or location == ":memory:":
        return
    if not Path(location).is_file():
        raise CliError("NO_STORE", f"no store at {location} (check --store or CUSTODY_STORE; `custody ingest` "
                       "creates one)", store=location)


@contextmanager
def opened(store: str | None, *, create: bool = True) -> Iterator[Store]:
    """The store, closed afterwards. ``create=False`` (the read commands) refuses an embedded
    store that does not exist instead of creating an empty one."""
    settings = settings_for(store)
    if not create:
        _require_existing(settings.store)
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    s = open_store(settings.store, load_model(), auth=auth)
    try:
        yield s
    finally:
        s.close()


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print ``message`` as an error and return the Exit to raise (commands without --json)."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    return typer.Exit(code)


@app.command()
def stats(store: StoreOption = None, as_json: JsonOption = False) -> None:
    """Print how many nodes, relations, events and evidence records the store holds, by kind."""
    with opened(store, create=False) as s:
        counts = s.counts()
        if as_json:
            typer.echo(json.dumps({"store": s.uri, "counts": dict(sorted(counts.items()))}, ensure_ascii=False))
            return
        table = Table(title=f"custody-graph store: {s.uri}")
        table.add_column("what")
        table.add_column("count", justify="right")
        for key in sorted(counts, key=lambda k: (":" in k, k)):
            table.add_row(key, f"{counts[key]:,}")
        console.print(table)


def main() -> None:
    """Entry point (errors are handled by :class:`CustodyGroup`)."""
    try:
        app()
    except CustodyError as exc:  # raised outside a command (the group's own options)
        err.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False)
        sys.exit(2)


def _register_commands() -> None:
    from api import cli_bench, cli_bulk, cli_export, cli_ingest, cli_questions, cli_reextract, cli_score, cli_serve

    cli_questions.register(app)
    cli_ingest.register(app)
    cli_reextract.register(app)
    cli_serve.register(app)
    cli_bench.register(app)
    cli_score.register(app)
    cli_export.register(app)
    cli_bulk.register(app)


_register_commands()


if __name__ == "__main__":
    main()
