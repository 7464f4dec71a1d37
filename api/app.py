"""The app factory: everything the HTTP API is made of, wired in one place.

- ``/graphql``: POST (JSON, or multipart for file uploads) runs GraphQL; GET with
  ``Accept: text/html`` is our GraphiQL page, whose files come from ``/assets/graphiql/``
  (npm packages installed locally, no CDN).
- ``/health``: the process is up. ``/ready``: the store answers.
- ``/openapi.json``: the non-GraphQL routes. (FastAPI's /docs pages load from a CDN, so
  they are off.)

Every request passes the body limit first; the GraphQL context then authenticates the key.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import orjson
from cross_web import HTTPException
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse
from starlette.responses import Response
from starlette.routing import Route
from strawberry.asgi import GraphQL
from strawberry.types.unset import UNSET

from api.audit import AuditEveryRequest, AuditLog
from api.auth import KeyRing, check_exposure, token_from_headers
from api.context import Context
from api.errors import code_of, graphql_error_body, unplaced
from api.execution import RecentPeers
from api.graphiql import PREFIX, asset_path, page
from api.limits import BodyLimit
from api.schema import build_schema
from api.settings import Settings
from graph.errors import CustodyError
from graph.model import load_model
from graph.store import Store, open_store

__all__ = ["app_from_env", "create_app", "open_configured_store"]

log = logging.getLogger("custody.api")

_STATUS = {"NOT_FOUND": 404, "INVALID_INPUT": 400, "FORBIDDEN": 403, "UNAUTHENTICATED": 401,
           "LIMIT_EXCEEDED": 413, "STORE_UNAVAILABLE": 503, "STORE_ERROR": 500}


class CustodyGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app, with our GraphiQL page instead of the one loading from a CDN.

    A plain ASGI route, not strawberry's FastAPI router: the router solved FastAPI's dependencies
    (the context, the root value, a response, background tasks) on every request, about 0.4 ms of
    CPU. Each request gets its own response for the status code the schema sets."""

    def __init__(self, *args: Any, context_getter: Callable[[Request, Response], Context], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._context_getter = context_getter

    async def get_context(self, request: Any, response: Any) -> Context:
        context = self._context_getter(request, response)
        context.request, context.response = request, response
        return context

    async def get_sub_response(self, request: Any) -> Response:
        """The request's own response (for the status code), one per request: :meth:`run` makes
        the context before strawberry asks for it."""
        scope = request.scope
        if "custody.response" not in scope:
            scope["custody.response"] = await super().get_sub_response(request)
        return scope["custody.response"]

    @property
    def graphql_ide_html(self) -> str:
        return page("/graphql")

    def encode_json(self, data: object) -> str | bytes:
        """The response body: orjson (several times faster than ``json.dumps`` on an answer of
        thousands of fields); what it refuses (a lone surrogate in a string) goes through json."""
        try:
            return orjson.dumps(data)
        except TypeError:
            return json.dumps(data, separators=(",", ":"))

    def decode_json(self, data: str | bytes) -> object:
        """As strawberry's, but a body that is not text (json.loads guesses UTF-32 from NUL bytes and
        fails to decode), nests too deep, or is not an object (``null``) is a 400 like any other bad
        JSON, not a 500."""
        try:
            value = json.loads(data)
        except (UnicodeDecodeError, RecursionError) as exc:
            raise json.JSONDecodeError(f"not JSON: {type(exc).__name__}", "", 0) from None
        if not isinstance(value, (dict, list)):
            raise json.JSONDecodeError("a GraphQL request is a JSON object", "", 0)
        return value

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        """As strawberry's, but a request it cannot read (no JSON, no query, batching, a bad
        multipart body) answers in the GraphQL error shape, not plain text; and a caller without
        a valid key learns only that (401), whatever was wrong with the body."""
        if context is UNSET:  # before reading the body: who asks decides what a refusal says
            context = await self.get_context(request, await self.get_sub_response(request))
        try:
            return await super().run(request, context=context, root_value=root_value)
        except HTTPException as exc:
            if isinstance(context, Context) and context.principal is None:
                return http_error(401, context.auth_message or "an API key is required")
            return http_error(exc.status_code, exc.reason)


_HTTP_CODES = {401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND", 413: "LIMIT_EXCEEDED"}


def http_error(status: int, message: str) -> JSONResponse:
    """A refusal outside GraphQL execution, shaped as a GraphQL response so clients read one shape."""
    return JSONResponse(graphql_error_body(message, _HTTP_CODES.get(status, "INVALID_INPUT")), status_code=status)


def _cross_site_form(request: Request, token: str | None) -> bool:
    """A multipart post without a custom header: a browser sends one from any page without asking
    (no CORS preflight), so on an open server any site the user visits could ingest or merge.
    Requiring a header that only scripts allowed by CORS can set closes that (CSRF)."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/"):
        return False
    return not (token or request.headers.get("apollo-require-preflight") or request.headers.get("x-requested-with"))


def open_configured_store(settings: Settings) -> Store:
    """The store named by the settings (``CUSTODY_STORE``)."""
    auth = (settings.neo4j_user, settings.neo4j_password) if settings.neo4j_password else None
    return open_store(settings.store, load_model(), auth=auth)


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the app.

    Parameters
    ----------
    settings : Settings
        Default: read from the environment (``CUSTODY_*``).
    store : Store
        Serve this store (tests); by default the one ``settings.store`` names is opened here
        and closed on shutdown.

    Raises
    ------
    CustodyError
        When ``settings.host`` is not a loopback address and there are no API keys.
    """
    settings = settings or Settings()
    keyring = KeyRing(settings.keys_path())
    warning = check_exposure(settings.host, keyring)
    if warning:
        log.warning(warning)
    owned = store is None
    served: Store = store if store is not None else open_configured_store(settings)
    audit = AuditLog(settings.audit_log) if settings.audit_log else None

    schema = build_schema(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # What the worker made to serve (modules, the schema, the app: ~130k objects) lives as long
        # as it does: frozen, the collector's full passes, which every few hundred requests walked
        # all of it, skip it (collection CPU ~0.3 -> ~0.18 ms a chain question, in process).
        gc.freeze()
        yield
        gc.unfreeze()
        schema.off_loop.close()
        if audit is not None:
            audit.close()
        if owned:
            served.close()

    app = FastAPI(
        title="custody-graph",
        description="Weapons, actors and custody chains. The API is GraphQL at /graphql; these are the other routes.",
        version="0.1.0",
        docs_url=None,  # FastAPI's docs pages load their scripts from a CDN; /openapi.json stays
        redoc_url=None,
        lifespan=lifespan,
        # no OpenTelemetry (nothing leaves the machine): without this FastAPI asks the global
        # providers on every request whether they are configured, ~0.1 ms of protocol isinstance checks
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.store = served
    app.state.keyring = keyring

    peers = RecentPeers()

    def get_context(request: Request, response: Response) -> Context:
        token = token_from_headers(request.headers)
        # on the loop: a stat of the keys file (read again only when it changed) and a sha256;
        # a trip to a thread cost more than that on every request
        principal = keyring.authenticate(token)
        message = None
        if principal is None:
            message = ("an API key is required: send `Authorization: Bearer <key>` or `X-API-Key: <key>`" if not token
                       else "this API key is unknown or revoked")
        elif _cross_site_form(request, token):
            principal = None
            message = ("a multipart request needs an `Authorization`, `X-API-Key` or `Apollo-Require-Preflight` "
                       "header (a plain form post could come from any web page)")
        context = Context(served, settings, principal, timeout_s=settings.query_timeout_s, audit=audit,
                          client=request.client.host if request.client else None, auth_message=message,
                          http_state=request.scope.setdefault("state", {}))
        context.alone = peers.alone(request.client)
        return context

    graphql = CustodyGraphQL(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql",
        multipart_uploads_enabled=True,  # ingestFile; CSRF is moot: requests need a key header, not a cookie
    )
    app.router.routes.append(Route("/graphql", graphql, methods=["GET", "POST"], include_in_schema=False))

    @app.get("/health", summary="The process is up", tags=["ops"])
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/ready", summary="The store answers", tags=["ops"],
             responses={503: {"description": "The store cannot be reached"}})
    async def ready() -> JSONResponse:
        try:
            await asyncio.wait_for(asyncio.to_thread(served.nodes, ["ready:probe"]), timeout=5)
        except (CustodyError, TimeoutError) as exc:
            return JSONResponse({"status": "unavailable",
                                 "detail": unplaced(str(exc), served.uri) or "the store did not answer"}, 503)
        return JSONResponse({"status": "ready"})

    @app.get(PREFIX + "{name}", include_in_schema=False)
    async def graphiql_asset(name: str) -> Any:
        path = asset_path(name)
        if path is None:
            return PlainTextResponse(f"{name}: not one of GraphiQL's files, or not installed (make web-assets)", 404)
        media = "text/css" if name.endswith(".css") else "text/javascript"
        return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=86400"})

    # --- analyst page (issue 8; see api/page.py) -----------------------------------------
    # "/" is the page (api/web/static), with /static/* and /vendor/* (npm files) beside it; without
    # the page's files, "/" shows the links to GraphiQL, health, ready and OpenAPI as before.
    from api.page import mount_page

    mount_page(app)
    # --- end of analyst page ----------------------------------------------------------------

    from api.export.route import mount_export  # GET /export (issue 15): the page's export buttons

    mount_export(app, served, settings, keyring, audit)

    @app.exception_handler(CustodyError)
    async def custody_error(_: Request, exc: CustodyError) -> JSONResponse:
        code = code_of(exc) or "INVALID_INPUT"
        return JSONResponse({"errors": [{"message": unplaced(str(exc), served.uri), "extensions": {"code": code}}]},
                            status_code=_STATUS.get(code, 400))

    app.add_middleware(BodyLimit, body_bytes=settings.max_body_bytes, upload_bytes=settings.max_upload_bytes)
    if audit is not None:  # outermost: a request refused by the body limit is recorded too
        app.add_middleware(AuditEveryRequest, log=audit, keyring=keyring)
    return app


def app_from_env() -> FastAPI:
    """For ``uvicorn --factory`` (each worker process builds its own app from ``CUSTODY_*``)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    return create_app(Settings())

