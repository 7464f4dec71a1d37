"""The analyst page: ``/`` and the files it loads, all from this machine.

- ``/`` is ``api/web/static/index.html``, sent with a Content-Security-Policy that lets the page
  talk to this server only (scripts, styles, images and requests from ``'self'``), so no view
  can load anything from elsewhere even by mistake.
- ``/static/...`` are our own files (plain JavaScript modules, no build step).
- ``/vendor/<name>`` are the third-party files the page uses, taken from the npm packages
  installed in ``api/web/node_modules`` (``make web-assets``). Only the files named in
  :data:`VENDOR` are served, not the whole folder.

Without the npm packages the page still loads; its graph views say how to install them.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

__all__ = ["CSP", "STATIC", "VENDOR", "mount_page", "vendor_path"]

WEB = Path(__file__).resolve().parent / "web"
STATIC = WEB / "static"
NODE_MODULES = WEB / "node_modules"

#: URL name -> file inside node_modules.
VENDOR: dict[str, str] = {
    "cytoscape.esm.min.mjs": "cytoscape/dist/cytoscape.esm.min.mjs",
    # the neighbourhood graph: WebGL renderer, graph model, ForceAtlas2 (run in static/js/layout-worker.js)
    "sigma.min.js": "sigma/dist/sigma.min.js",
    "graphology.umd.min.js": "graphology/dist/graphology.umd.min.js",
    "fa2-iterate.js": "graphology-layout-forceatlas2/iterate.js",
    "fa2-defaults.js": "graphology-layout-forceatlas2/defaults.js",
    # the map: Natural Earth country outlines (1:110m) as TopoJSON, and its decoder
    "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "countries-110m.json": "world-atlas/countries-110m.json",
}

#: Everything from this server only; inline styles are allowed because Cytoscape.js positions
#: its canvases with style attributes. ``blob:``/``data:`` images are the PNG exports.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
       "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")

_FALLBACK = ('<!doctype html><meta charset="utf-8"><title>custody-graph</title>'
             '<p>custody-graph API: <a href="/graphql">GraphiQL</a> · <a href="/health">health</a> · '
             '<a href="/ready">ready</a> · <a href="/openapi.json">OpenAPI</a></p>')


def vendor_path(name: str) -> Path | None:
    """The file behind ``/vendor/<name>``, or ``None`` when it is not one of ours or the npm
    packages are not installed."""
    rel = VENDOR.get(name)
    if rel is None:
        return None
    path = NODE_MODULES / rel
    return path if path.is_file() else None


def mount_page(app: FastAPI) -> None:
    """Add ``/``, ``/static`` and ``/vendor`` to ``app``."""
    index = STATIC / "index.html"

    @app.get("/", include_in_schema=False)
    async def analyst_page() -> Response:
        if not index.is_file():  # an install without the page's files: the API's links
            return HTMLResponse(_FALLBACK)
        return FileResponse(index, media_type="text/html", headers={
            "Content-Security-Policy": CSP, "Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"})

    @app.get("/vendor/{name}", include_in_schema=False)
    async def vendor_asset(name: str) -> Response:
        path = vendor_path(name)
        if path is None:
            return PlainTextResponse(f"{name}: not one of the page's libraries, or not installed (make web-assets)",
                                     404)
        media = "application/json" if name.endswith(".json") else "text/javascript"
        return FileResponse(path, media_type=media, headers={"Cache-Control": "public, max-age=86400"})

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="page-static")
