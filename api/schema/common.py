"""Shapes shared by every type: intervals, page info and cursors, and the context accessor."""

from __future__ import annotations

import base64
import binascii
from enum import Enum
from typing import TYPE_CHECKING, cast

import strawberry
from strawberry.types import Info

from graph.dates import Interval as DomainInterval
from graph.dates import PartialDate
from graph.errors import InvalidInput

if TYPE_CHECKING:
    from api.context import Context

__all__ = ["Direction", "Interval", "IntervalInput", "PageInfo", "context", "decode_cursor", "encode_cursor", "iso"]


def context(info: Info) -> Context:
    """The request's typed context."""
    return cast("Context", info.context)


def iso(value: PartialDate | None) -> str | None:
    """A partial date as ISO text: ``2023``, ``2023-04`` or ``2023-04-20``."""
    return str(value) if value is not None else None


@strawberry.type(description="A closed range of days (ISO dates); a null end is open: valid for all time that way.")
class Interval:
    start: str | None
    end: str | None

    @classmethod
    def from_domain(cls, iv: DomainInterval) -> Interval:
        return cls(start=iv.start.isoformat() if iv.start else None, end=iv.end.isoformat() if iv.end else None)


@strawberry.input(description="A time window of partial ISO dates (YYYY, YYYY-MM or YYYY-MM-DD); null ends are open.")
class IntervalInput:
    start: str | None = None
    end: str | None = None

    def to_domain(self) -> DomainInterval:
        return DomainInterval.of(self.start or None, self.end or None)


@strawberry.enum(description="Which way a path went along a step: FORWARD from its source to its target, BACKWARD "
                             "from its target to its source. Source and target are always the fact's own (the "
                             "member, then the unit it is a member of).")
class Direction(Enum):
    FORWARD = "forward"
    BACKWARD = "backward"


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


def encode_cursor(key: str) -> str:
    """An opaque cursor for ``key`` (an id or an offset): clients pass it back as ``after``."""
    return base64.urlsafe_b64encode(key.encode("utf-8")).decode("ascii")


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        key = base64.b64decode(cursor.encode("ascii"), altchars=b"-_", validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        key = ""
    if not key:
        raise InvalidInput(f"not a cursor from this API: {cursor!r}")
    return key
