"""The CLI's machine-readable answers: each question runs its operation of ``api/cli.graphql``
on the API's own schema (:func:`api.schema.run`), so ``custody ... --json`` prints what the
GraphQL API answers, field for field, and cannot drift from it.

Errors in the answer become :class:`api.cli.CliError` with the API's code (NOT_FOUND,
INVALID_INPUT, LIMIT_EXCEEDED...), which the ``custody`` group reports and turns into the
exit code.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import typer

from api.cli import CliError
from api.settings import Settings
from graph.store import Store

__all__ = ["CLI_PAGE_SIZE", "OPERATIONS", "ask", "emit", "emit_lines"]

OPERATIONS = Path(__file__).with_name("cli.graphql")
CLI_PAGE_SIZE = 10_000_000
"""The CLI is the store's local owner: its lists are not cut to the server's page size."""


@functools.cache
def _document() -> str:
    return OPERATIONS.read_text(encoding="utf-8")


def ask(store: Store, settings: Settings, operation: str, variables: dict[str, Any]) -> Any:
    """The root field of ``operation`` as the API answers it, or :class:`CliError`."""
    from api.context import local_context
    from api.schema import run

    # the cost limit guards a shared server; the CLI is one local caller asking for whole answers
    ctx = local_context(store, settings.model_copy(update={"max_page_size": CLI_PAGE_SIZE,
                                                           "max_query_cost": sys.maxsize}))
    out = run(_document(), variables, ctx, operation_name=operation)
    if out.get("errors"):
        first = out["errors"][0]
        ext = dict(first.get("extensions") or {})
        code = str(ext.pop("code", "INTERNAL"))
        ext.pop("reference", None)
        raise CliError(code, first.get("message", code), **ext)
    data = out["data"]
    return next(iter(data.values()))


def emit(document: Any) -> None:
    """One JSON document on stdout."""
    typer.echo(json.dumps(document, ensure_ascii=False))


def emit_lines(rows: Iterable[Any]) -> None:
    """JSON Lines: one document per line, each written as soon as it is ready."""
    for row in rows:
        typer.echo(json.dumps(row, ensure_ascii=False))
