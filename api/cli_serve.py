"""The serving commands of the ``custody`` CLI: serve, demo, schema, keys, audit.

Registered on the main app by :func:`register` (as ``api.cli_questions`` does), so that
api/cli.py stays a table of contents.
"""


import json
import os
import socket
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from api.auth import KeyRing
from api.settings import Settings

__all__ = ["EXAMPLES", "register"]

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def bound_addresses(sockets: list[socket.socket]) -> list[tuple[str, int]]:
    """(address, port) each socket is actually bound to, as the kernel reports it."""
    return [(str(s.getsockname()[0]), int(s.getsockname()[1])) for s in sockets]


def banner(bound: list[tuple[str, int]]) -> list[str]:
    """What ``custody serve`` prints: the addresses it is bound to, then where to point a browser.
    A wildcard address is named as such, and the URLs then use this machine's loopback."""
    lines = []
    for host, port in bound:
        shown = f"[{host}]" if ":" in host else host
        wildcard = host in ("0.0.0.0", "::")
        lines.append(f"listening on {shown}:{port}" + (" (every interface of this machine)" if wildcard else ""))
    host, port = bound[0]
    url_host = ("127.0.0.1" if host == "0.0.0.0" else "[::1]" if host == "::" else
                f"[{host}]" if ":" in host else host)
    base = f"http://{url_host}:{port}"
    return [*lines, f"GraphiQL and the GraphQL endpoint: {base}/graphql", f"health: {base}/health  ready: {base}/ready",
            f"OpenAPI (non-GraphQL routes): {base}/openapi.json"]


def bind(settings: Settings, workers: int) -> tuple[Any, list[socket.socket]]:
    """A uvicorn config for the app and the socket it will serve, already bound.

    Binding before serving lets the exposure check judge the address the kernel actually gave
    (``--host ""`` or ``0`` bind every interface, whatever they look like), and the banner name it.

    Raises
    ------
    CustodyError
        The bound address is not loopback and there are no API keys (the socket is closed first).
    """
    import uvicorn

    from api.auth import check_exposure

    # no access log: the audit log already records every request (who, what, how long, from where); a
    # second line per request through logging cost ~0.045 ms of CPU on each (0.315 -> 0.27 ms a request
    # of uvicorn alone on a trivial app)
    config = uvicorn.Config("api.app:app_from_env", factory=True, host=settings.host, port=settings.port,
                            workers=workers, log_level="info", access_log=False)
    sock = config.bind_socket()
    ring = KeyRing(settings.keys_path())
    try:
        for host, _ in bound_addresses([sock]):
            check_exposure(host, ring)
    except Exception:
        sock.close()
        raise
    return config, [sock]


def register(app: typer.Typer) -> None:
    from api.cli import StoreOption, console, err, fail, settings_for

    Host = Annotated[str | None, typer.Option("--host", help="Address to bind (default $CUSTODY_HOST or 127.0.0.1). "
                                              "Anything but loopback needs API keys.")]
    Port = Annotated[int | None, typer.Option("--port", help="Port (default $CUSTODY_PORT or 8000)")]
    Workers = Annotated[int, typer.Option("--workers", min=1, max=32, help="uvicorn worker processes")]

    def _serve(settings: Settings, workers: int) -> None:
        from uvicorn import Server
        from uvicorn.supervisors import Multiprocess

        from api.app import open_configured_store
        from api.auth import check_exposure

        warning = check_exposure(settings.host, KeyRing(settings.keys_path()))  # refuse before binding anything
        open_configured_store(settings).close()  # a wrong store fails here, in one line, not in each worker
        # the workers build their app from the environment (uvicorn --factory), so pass ours on
        os.environ.update(CUSTODY_HOST=settings.host, CUSTODY_PORT=str(settings.port), CUSTODY_STORE=settings.store)
        if settings.keys_file is not None:
            os.environ["CUSTODY_KEYS_FILE"] = str(settings.keys_file)
        config, sockets = bind(settings, workers)
        if warning:
            err.print(f"[yellow]{warning}[/]", highlight=False)
        for line in banner(bound_addresses(sockets)):
            console.print(line, highlight=False)
        server = Server(config)
        try:
            if workers > 1:
                Multiprocess(config, sockets=sockets).run()
            else:
                config.load_app()
                server.run(sockets=sockets)
        except KeyboardInterrupt:
            pass
        finally:
            for sock in sockets:
                sock.close()

    def _with(store: str | None, host: str | None, port: int | None) -> Settings:
        s = settings_for(store)
        update: dict[str, object] = {}
        if host is not None:
            update["host"] = host
        if port is not None:
            update["port"] = port
        return s.model_copy(update=update) if update else s

    @app.command()
    def serve(store: StoreOption = None, host: Host = None, port: Port = None, workers: Workers = 1) -> None:
        """Serve the GraphQL API and GraphiQL (uvicorn) on the store (default: the embedded custody.db)."""
        _serve(_with(store, host, port), workers)

    @app.command()
    def demo(store: StoreOption = None, host: Host = None, port: Port = None) -> None:
        """Ingest the bundled example data (examples/) into the store, then serve it."""
        if not EXAMPLES.is_dir():
            raise fail(f"the example data is not here: {EXAMPLES} is missing (it ships with the repository's "
                       "examples/ folder); nothing was ingested", 1)
        try:
            from ingest.runner import ingest_paths
        except ImportError as exc:
            raise fail(f"ingestion is not available in this installation ({exc}); cannot load the demo data", 1)\
                from None
        from api.cli import opened

        settings = _with(store, host, port)
        with opened(settings.store) as s:
            try:  # reports need the NLP ingester; without it the runner lists them as skipped
                from ingest.report_ingest import ReportIngester
                from ingest.resolve import Resolver
            except ImportError:
                summary = ingest_paths(s, [EXAMPLES])
            else:
                resolver = Resolver(s, s.model)
                summary = ingest_paths(s, [EXAMPLES], resolver=resolver,
                                       report_ingester=ReportIngester(s, resolver))
            for r in summary.results:
                console.print(f"{Path(r.path).name}: {r.status}" + (f" ({r.message})" if r.message else ""),
                              highlight=False)
            console.print(f"ingested {summary.files_ingested} of {summary.files} files into {s.uri}; "
                          f"{summary.rows_rejected} rows rejected", highlight=False)
        _serve(settings, 1)

    @app.command("schema")
    def schema_cmd() -> None:
        """Print the GraphQL schema (SDL). The committed copy is made with: custody schema > api/schema.graphql"""
        from api.schema import schema

        typer.echo(schema.as_str())

    keys = typer.Typer(help="API keys: create (the key is printed once), list, revoke.", no_args_is_help=True)
    app.add_typer(keys, name="keys")
    KeysFile = Annotated[Path | None, typer.Option("--keys-file", help="Default: $CUSTODY_KEYS_FILE, else beside "
                                                   "the store")]

    def _ring(store: str | None, keys_file: Path | None) -> KeyRing:
        return KeyRing(keys_file or settings_for(store).keys_path())

    @keys.command("create")
    def keys_create(role: Annotated[str, typer.Option("--role", help="viewer, analyst, ingester or admin")],
                    name: Annotated[str, typer.Option("--name", help="Who holds it (shown in the audit log and "
                                                      "on merge decisions)")] = "",
                    store: StoreOption = None, keys_file: KeysFile = None) -> None:
        """Create a key and print it once: only its hash is kept."""
        ring = _ring(store, keys_file)
        key, token = ring.create(role, name)
        err.print(f"created {key.id} ({key.role}, {key.name}) in {ring.path}; the key, shown this once:",
                  highlight=False)
        typer.echo(token)

    @keys.command("list")
    def keys_list(store: StoreOption = None, keys_file: KeysFile = None) -> None:
        """List the keys (ids, names, roles, dates; never the keys)."""
        ring = _ring(store, keys_file)
        table = Table(title=f"API keys in {ring.path}")
        for col in ("id", "name", "role", "created", "revoked"):
            table.add_column(col)
        for k in ring.all():
            table.add_row(k.id, k.name, k.role, k.created, k.revoked or "")
        console.print(table)

    @keys.command("revoke")
    def keys_revoke(key_id: Annotated[str, typer.Argument(help="The key's id (from `custody keys list`)")],
                    store: StoreOption = None, keys_file: KeysFile = None) -> None:
        """Revoke a key; a running server refuses it from its next request."""
        ring = _ring(store, keys_file)
        key = ring.revoke(key_id)
        console.print(f"revoked {key.id} ({key.role}, {key.name}) at {key.revoked}", highlight=False)

    @app.command()
    def audit(
        tail: Annotated[int, typer.Option("--tail", "-n", min=0, help="Show the last N records (0: all)")] = 50,
        key: Annotated[str | None, typer.Option("--key", help="Only this key id or name")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, as stored")] = False,
        log: Annotated[Path | None, typer.Option("--log", help="Default: $CUSTODY_AUDIT_LOG")] = None,
    ) -> None:
        """Who asked what: the API's audit log."""
        from api.audit import read_audit

        path = log or Settings().audit_log
        if path is None or not path.exists():
            raise fail(f"no audit log at {path} (the API writes it when it serves requests)", 1)
        records = [r for r in read_audit(path) if key is None or key in (r.get("key_id"), r.get("key_name"))]
        if tail:
            records = records[-tail:]
        if as_json:
            for r in records:
                typer.echo(json.dumps(r, ensure_ascii=False))
            return
        table = Table(title=f"audit log {path}")
        for col in ("time", "key", "role", "operation", "variables", "ms", "bytes", "errors"):
            table.add_column(col)
        for r in records:
            table.add_row(str(r.get("time", "")), f"{r.get('key_name')} ({r.get('key_id')})", str(r.get("role")),
                          f"{r.get('operation_type') or ''} {r.get('operation') or ''}".strip(),
                          json.dumps(r.get("variables") or {}, ensure_ascii=False)[:60], str(r.get("duration_ms")),
                          str(r.get("result_bytes")), ",".join(r.get("errors") or []))
        console.print(table)
