"""The exception tree. The API maps these to GraphQL error codes, the CLI to one-line messages."""

from __future__ import annotations

__all__ = [
    "AmbiguousError",
    "Conflict",
    "CustodyError",
    "EvidenceMissing",
    "InvalidInput",
    "LimitExceeded",
    "ModelError",
    "NotFound",
    "StoreError",
    "StoreUnavailable",
]


class CustodyError(Exception):
    """Base of every error this project raises on purpose; its message is meant for a user."""


class ModelError(CustodyError):
    """The model file, or a name checked against it, is wrong."""


class InvalidInput(CustodyError):
    """A value given by a user or a file does not fit (a bad date, an unknown kind...)."""


class EvidenceMissing(InvalidInput):
    """A fact was written without any evidence; nothing enters the graph without one."""


class NotFound(CustodyError):
    """An id, serial or name that matches nothing. ``suggestions`` lists close matches."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        self.suggestions = suggestions or []
        if self.suggestions:
            message = f"{message}; did you mean: {', '.join(self.suggestions)}?"
        super().__init__(message)


class AmbiguousError(CustodyError):
    """A name that matches several entities. ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(f"{message}: {', '.join(candidates)}")


class LimitExceeded(CustodyError):
    """A request asked for more than a configured limit allows."""


class Conflict(CustodyError):
    """A conditional write found its records changed since the caller read them; nothing was
    written. Reading again and deciding again is safe."""


class StoreError(CustodyError):
    """The store failed to read or write."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (wrong URI, server down, bad credentials)."""
