"""A deadline for the reads of the current thread (or task), which the stores enforce inside
their own calls: SQLite through its progress handler (a query running past the deadline is
interrupted), Neo4j through the transaction timeout it sends with each read. Either way the
read raises :class:`~graph.errors.LimitExceeded`.

The API sets it around each question so that a query over its time limit frees its worker
thread and the database instead of running on unseen. Writes are never cut (batches are atomic
anyway, and an ingest has a limit of its own).

Examples
--------
>>> import time
>>> with reads_until(time.monotonic() - 1):
...     passed()
True
>>> passed()
False
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from graph.errors import LimitExceeded

__all__ = ["check", "passed", "reads_until", "remaining", "unbounded"]

_DEADLINE: ContextVar[float | None] = ContextVar("custody_read_deadline", default=None)


@contextmanager
def reads_until(deadline: float | None) -> Iterator[None]:
    """Reads inside this block stop at ``deadline`` (a ``time.monotonic()`` value; ``None``: never)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


@contextmanager
def unbounded() -> Iterator[None]:
    """A block without a deadline (writes)."""
    with reads_until(None):
        yield


def remaining() -> float | None:
    """Seconds left, ``None`` when there is no deadline."""
    deadline = _DEADLINE.get()
    return None if deadline is None else deadline - time.monotonic()


def passed() -> bool:
    deadline = _DEADLINE.get()
    return deadline is not None and time.monotonic() > deadline


def check() -> None:
    """Raise :class:`LimitExceeded` when the deadline has passed."""
    if passed():
        raise LimitExceeded("the query ran past its time limit and was stopped; ask for less (fewer hops, a "
                            "smaller page, a time window)")
