"""GraphiQL served from this machine: our page, and the prebuilt files that ship inside the
npm packages installed by ``npm ci`` in ``api/web`` (``make web-assets``). Nothing is loaded
from a CDN, so it works offline.

Only the files named in :data:`ASSETS` are served, not the whole ``node_modules``.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ASSETS", "NODE_MODULES", "asset_path", "page"]

NODE_MODULES = Path(__file__).resolve().parents[1] / "web" / "node_modules"

# URL name -> file inside node_modules. graphiql 4.x is the newest major that ships a UMD
# bundle (5.x is ESM-only, loaded from a CDN in its own examples); React 18 is the newest
# with UMD builds, and graphiql 4 supports it.
ASSETS: dict[str, str] = {
    "react.production.min.js": "react/umd/react.production.min.js",
    "react-dom.production.min.js": "react-dom/umd/react-dom.production.min.js",
    "graphiql.min.js": "graphiql/graphiql.min.js",
    "graphiql.min.css": "graphiql/graphiql.min.css",
}
PREFIX = "/assets/graphiql/"

_PAGE = Path(__file__).with_name("index.html")


def asset_path(name: str) -> Path | None:
    """The file behind ``/assets/graphiql/<name>``, or ``None`` when it is not one of ours or
    the npm packages are not installed."""
    rel = ASSETS.get(name)
    if rel is None:
        return None
    path = NODE_MODULES / rel
    return path if path.is_file() else None


def page(endpoint: str = "/graphql") -> str:
    """The GraphiQL page. Without the npm packages it says how to install them instead."""
    missing = [n for n in ASSETS if asset_path(n) is None]
    html = _PAGE.read_text(encoding="utf-8")
    notice = ("" if not missing else
              "<p class='missing'>GraphiQL's files are not installed on this server: run "
              "<code>make web-assets</code> (npm ci in api/web). The API itself works: POST queries to "
              f"<code>{endpoint}</code>.</p>")
    return html.replace("{{PREFIX}}", PREFIX).replace("{{ENDPOINT}}", endpoint).replace("{{NOTICE}}", notice)
