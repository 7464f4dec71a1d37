"""``GET /export``: the page's export buttons, authorised and audited like GraphQL.

``/export?format=gexf&view=chain&id=item:JAV0042`` (views: ``chain``, ``neighbourhood`` with
``hops``, ``reach`` with ``maxHops``/``from``/``to``, ``alerts`` with ``kind``, and ``store``, the
whole store, for admin keys only). The caller's key decides what evidence is shown (viewers get
none from restricted documents); the reads go through the same merged, deadline-bounded view as
GraphQL (the whole store has no deadline: it is read in pages). The file is written to a
temporary file (memory beyond a few MiB spills to disk) and streamed back; every request,
answered or refused, is one line of the audit log.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from collections.abc import Iterator
from typing import IO, Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from api.audit import AuditLog
from api.auth import KeyRing, Principal, token_from_headers
from api.context import Context
from api.errors import Forbidden, code_of, graphql_error_body
from api.export import FORMATS, Slice, check_format, export
from api.export.select import StoreSlice, alerts_slice, chain_slice, neighbourhood_slice, reach_slice
from api.settings import Settings
from graph.dates import Interval, PartialDate
from graph.errors import CustodyError, InvalidInput
from graph.store import Store

__all__ = ["VIEWS", "mount_export"]

VIEWS = ("chain", "neighbourhood", "reach", "alerts", "store")
_SPOOL = 8 * 1024 * 1024
_CHUNK = 256 * 1024
_STATUS = {"NOT_FOUND": 404, "INVALID_INPUT": 400, "FORBIDDEN": 403, "UNAUTHENTICATED": 401,
           "LIMIT_EXCEEDED": 413, "STORE_UNAVAILABLE": 503, "STORE_ERROR": 500}


def _slice(ctx: Context, view: str, ref: str | None, params: dict[str, Any]) -> Slice:
    store = ctx.store
    day = PartialDate.parse(params["asOf"]).start if params.get("asOf") else None
    if view == "store":
        ctx.require("keys")  # everything, in one file: admins only
        return StoreSlice(store)
    if view == "alerts":
        from queries.alerts import ALERT_KINDS

        kinds = tuple(params.get("kind") or ALERT_KINDS)
        bad = [k for k in kinds if k not in ALERT_KINDS]
        if bad:
            raise InvalidInput(f"unknown alert kind {bad[0]!r}; kinds: {', '.join(ALERT_KINDS)}")
        return alerts_slice(store, as_of=day, kinds=kinds)
    if not ref:
        raise InvalidInput(f"view {view!r} needs an id (an item's serial or id, an entity's name or id)")
    if view == "chain":
        return chain_slice(store, ref, as_of=day)
    if view == "neighbourhood":
        hops = ctx.hops(params.get("hops", 1))
        return neighbourhood_slice(store, ref, hops=hops if hops is not None else 1,
                                   hops_cap=min(ctx.settings.max_hops_cap, 6))
    return reach_slice(store, ref, max_hops=ctx.hops(params.get("maxHops")),
                       window=Interval.of(params.get("from"), params.get("to")), as_of=day)


def _run(ctx: Context, fmt: str, view: str, ref: str | None, params: dict[str, Any]) -> tuple[IO[bytes], str]:
    """The export in a temporary file (rewound), and its description."""
    part = _slice(ctx, view, ref, params)
    spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL)  # noqa: SIM115  # closed by the response
    try:
        export(ctx.store, part, fmt, spool, sees_restricted=ctx.sees_restricted)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, part.description


def _stream(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(_CHUNK):
            yield chunk
    finally:
        spool.close()


def _filename(view: str, ref: str | None, fmt: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in f"{view}-{ref}" if ref) if ref else view
    return f"custody-{stem.strip('-')[:80] or view}.{FORMATS[fmt][0]}"


def mount_export(app: FastAPI, store: Store, settings: Settings, keyring: KeyRing, audit: AuditLog | None) -> None:
    @app.get("/export", summary="Export a view as GraphML, GEXF, FollowTheMoney, CSV (zip) or Cypher",
             tags=["export"], responses={400: {"description": "Bad parameters"}, 401: {"description": "No key"},
                                         403: {"description": "The role may not"}, 404: {"description": "No match"}})
    async def export_route(
        request: Request,
        format: Annotated[str, Query(description=", ".join(FORMATS))] = "graphml",
        view: Annotated[str, Query(description=", ".join(VIEWS))] = "chain",
        id: Annotated[str | None, Query(description="The item or entity (serial, name or id)")] = None,
        hops: Annotated[int | None, Query(description="neighbourhood: steps around the entity")] = None,
        maxHops: Annotated[int | None, Query(description="reach: steps allowed")] = None,
        from_: Annotated[str | None, Query(alias="from", description="reach: window start")] = None,
        to: Annotated[str | None, Query(description="reach: window end")] = None,
        asOf: Annotated[str | None, Query(description="chain and alerts: rules judged at this date")] = None,
        kind: Annotated[list[str] | None, Query(description="alerts: only these kinds")] = None,
    ) -> Any:
        started = time.monotonic()
        params = {k: v for k, v in {"format": format, "view": view, "id": id, "hops": hops, "maxHops": maxHops,
                                    "from": from_, "to": to, "asOf": asOf, "kind": kind}.items() if v is not None}
        token = token_from_headers(request.headers)
        principal: Principal | None = await asyncio.to_thread(keyring.authenticate, token)
        client = request.client.host if request.client else None

        def record(result_bytes: int, errors: list[str]) -> None:
            if audit is None:
                return
            who = principal
            audit.record(key_id=who.key_id if who else "-", key_name=who.name if who else "-",
                         role=who.role if who else "-", operation="export", operation_type="export", query=None,
                         variables=params, duration_ms=(time.monotonic() - started) * 1000,
                         result_bytes=result_bytes, errors=errors, client=client)

        def refuse(exc: CustodyError) -> JSONResponse:
            code = code_of(exc) or "INVALID_INPUT"
            record(0, [code])
            return JSONResponse(graphql_error_body(str(exc), code), status_code=_STATUS.get(code, 400))

        if principal is None:
            message = ("an API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`"
                       if not token else "this API key is unknown or revoked")
            record(0, ["UNAUTHENTICATED"])
            return JSONResponse(graphql_error_body(message, "UNAUTHENTICATED"), status_code=401)
        try:
            check_format(format)
            if view not in VIEWS:
                raise InvalidInput(f"unknown view {view!r}; views: {', '.join(VIEWS)}")
            ctx = Context(store, settings, principal, audit=None, client=client,
                          timeout_s=None if view == "store" else settings.query_timeout_s)
            if not principal.can("read"):
                raise Forbidden(f"your key's role ({principal.role}) cannot read the graph")
            spool, description = await asyncio.to_thread(_run, ctx, format, view, id, params)
        except CustodyError as exc:
            return refuse(exc)
        size = spool.seek(0, 2)
        spool.seek(0)
        record(size, [])
        headers = {"Content-Disposition": f'attachment; filename="{_filename(view, id, format)}"',
                   "X-Custody-Description": description.encode("ascii", "replace").decode("ascii"),
                   "Content-Length": str(size)}
        return StreamingResponse(_stream(spool), media_type=FORMATS[format][1], headers=headers)
