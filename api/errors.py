"""Typed API errors: one table maps our exception tree to GraphQL error codes.

Like yente's ``HANDLERS``, :data:`HANDLERS` is the only place that decides which code an
exception gets; the schema (``api.schema.CustodySchema``) applies :func:`map_error` to every
error of every operation, so a client always finds ``extensions.code`` and a message meant for a person,
never a stack trace. Errors we did not raise on purpose become ``INTERNAL`` with a reference
that the server log repeats next to the traceback.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Any

from graphql import GraphQLError

from graph.errors import (
    AmbiguousError,
    Conflict,
    CustodyError,
    InvalidInput,
    LimitExceeded,
    ModelError,
    NotFound,
    StoreError,
    StoreUnavailable,
)

__all__ = [
    "CODES",
    "HANDLERS",
    "Forbidden",
    "Unauthenticated",
    "code_of",
    "error",
    "graphql_error_body",
    "map_error",
    "unplaced",
    "without_store_location",
]

log = logging.getLogger("custody.api")


class Forbidden(CustodyError):
    """The caller's key is valid but its role does not allow this."""


class Unauthenticated(CustodyError):
    """No API key, or one that is unknown or revoked, on a server that has keys."""


# The one table. Looked up along the exception's MRO, so the most specific entry wins
# (EvidenceMissing is an InvalidInput, StoreUnavailable a StoreError).
HANDLERS: dict[type[BaseException], str] = {
    NotFound: "NOT_FOUND",
    AmbiguousError: "INVALID_INPUT",
    InvalidInput: "INVALID_INPUT",
    ModelError: "INVALID_INPUT",
    LimitExceeded: "LIMIT_EXCEEDED",
    Forbidden: "FORBIDDEN",
    Unauthenticated: "UNAUTHENTICATED",
    StoreUnavailable: "STORE_UNAVAILABLE",
    Conflict: "CONFLICT",
    StoreError: "STORE_ERROR",
    CustodyError: "INVALID_INPUT",
}
CODES = ("NOT_FOUND", "INVALID_INPUT", "FORBIDDEN", "UNAUTHENTICATED", "LIMIT_EXCEEDED", "STORE_UNAVAILABLE",
         "STORE_ERROR", "CONFLICT",
         "INTERNAL")

# graphql-core and strawberry's limiters report limits as plain validation or syntax errors;
# these are their messages, so that a limit says LIMIT_EXCEEDED like every other limit.
_LIMIT_MESSAGES = (
    re.compile(r"exceeds maximum operation depth"),
    re.compile(r"aliases found\. Allowed"),
    re.compile(r"more than \d+ tokens"),
)


def code_of(exc: BaseException) -> str | None:
    """The code :data:`HANDLERS` gives this exception, or ``None`` when it is not ours."""
    for cls in type(exc).__mro__:
        if cls in HANDLERS:
            return HANDLERS[cls]
    return None


def _extensions(exc: BaseException, code: str) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code}
    if isinstance(exc, NotFound) and exc.suggestions:
        out["suggestions"] = list(exc.suggestions)
    if isinstance(exc, AmbiguousError):
        out["candidates"] = list(exc.candidates)
    return out


def error(message: str, code: str, **extensions: Any) -> GraphQLError:
    """A GraphQL error with a code, for places that fail before execution (auth, timeout)."""
    return GraphQLError(message, extensions={"code": code, **extensions})


def graphql_error_body(message: str, code: str) -> dict[str, Any]:
    """A GraphQL-shaped response body for errors answered outside GraphQL (body too large)."""
    return {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]}


def unplaced(message: str, uri: str) -> str:
    """``message`` without the store's location (a server path, or a database address): callers
    learn that the store failed, not where it lives. The server log keeps the whole message."""
    return message.replace(uri, "the store") if uri else message


def without_store_location(err: GraphQLError, uri: str) -> GraphQLError:
    """:func:`unplaced` for an error's message (the store's own errors name their file)."""
    if uri not in err.message:
        return err
    log.warning("store error: %s", err.message)
    return GraphQLError(unplaced(err.message, uri), nodes=err.nodes, source=err.source, positions=err.positions,
                        path=err.path, extensions=err.extensions)


def map_error(err: GraphQLError) -> GraphQLError:
    """Give ``err`` a code and a message fit for the caller (see :data:`HANDLERS`)."""
    if err.extensions and "code" in err.extensions:
        return err
    original = err.original_error
    # strawberry may wrap our exception once more; find the one we raised
    while original is not None and isinstance(original, GraphQLError) and original.original_error is not None:
        original = original.original_error
    if original is None or isinstance(original, GraphQLError):
        limit = any(p.search(err.message) for p in _LIMIT_MESSAGES)
        code = "LIMIT_EXCEEDED" if limit else "INVALID_INPUT"
        return GraphQLError(err.message, nodes=err.nodes, source=err.source, positions=err.positions,
                            path=err.path, extensions={"code": code})
    mapped = code_of(original)
    if mapped is None:
        ref = uuid.uuid4().hex[:12]
        log.error("internal error %s at %s", ref, err.path, exc_info=original)
        return GraphQLError(f"internal error (reference {ref}); the server log has the details",
                            nodes=err.nodes, path=err.path, extensions={"code": "INTERNAL", "reference": ref})
    return GraphQLError(str(original), nodes=err.nodes, source=err.source, positions=err.positions,
                        path=err.path, extensions=_extensions(original, mapped))
