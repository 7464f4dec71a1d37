"""The HTTP stack alone, for ``bench/api_latency.py --floor``: an ASGI app that answers every
request with one fixed GraphQL-shaped body, served by the same uvicorn as the API. What it serves
per second, and what a request costs client and server, is the ceiling any GraphQL layer on top
of it can reach on this machine."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

__all__ = ["BODY", "app"]

BODY = b'{"data":{"floor":true}}'

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
    """Read the request's body whole, answer ``BODY``; start-up and shut-down of the lifespan at once."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]})
    await send({"type": "http.response.body", "body": BODY})
