"""Partial dates (a year, a month or a day) and closed day intervals.

Reports say "in January" or "2023"; a partial date covers every day it could mean.
An :class:`Interval` is a closed range of days whose ends may be open (``None``),
which is how relation validity and custody segments are carried along a path.

Examples
--------
>>> PartialDate.parse("2024-01").end
datetime.date(2024, 1, 31)
>>> Interval.of("2023-04-01", None).intersect(Interval.of("2023", "2023-11-30"))
Interval(start=datetime.date(2023, 4, 1), end=datetime.date(2023, 11, 30))
>>> Interval.of("2022", "2022").intersect(Interval.of("2023-01-01", None)) is None
True
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from graph.errors import InvalidInput

__all__ = ["Interval", "PartialDate", "parse_date_or_none"]

_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise InvalidInput("a day without a month is not a date")
        try:
            date(self.year, self.month or 1, self.day or 1)
        except ValueError as exc:
            raise InvalidInput(f"not a date: {self.year}-{self.month}-{self.day} ({exc})") from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a time part is ignored).

        Raises
        ------
        InvalidInput
            For anything else; free-text dates are the ingesters' job.
        """
        if cls is PartialDate:
            return _parse_cached(text)  # immutable values: one instance per text is shared
        return cls._parse(text)

    @classmethod
    def _parse(cls, text: str) -> PartialDate:
        m = _ISO.match(text.split("T", 1)[0])
        if not m:
            raise InvalidInput(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
        y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None)

    @classmethod
    def of(cls, d: date) -> PartialDate:
        return cls(d.year, d.month, d.day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def start(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def end(self) -> date:
        if self.day:
            return self.start
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return date(self.year, 12, 31)

    def interval(self) -> Interval:
        return Interval(self.start, self.end)

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


# Stored dates repeat (a world of a million events has a few thousand distinct days), and
# reading events parses each one: the cache makes that a dictionary look-up.
_parse_cached = functools.lru_cache(maxsize=65536)(PartialDate._parse)


def parse_date_or_none(text: str | None) -> PartialDate | None:
    """``PartialDate.parse`` for optional values: empty or ``None`` gives ``None``."""
    if text is None or not str(text).strip():
        return None
    return PartialDate.parse(str(text))


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval of days; ``None`` at an end means open (valid for all time that way)."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def of(cls, start: str | PartialDate | None, end: str | PartialDate | None) -> Interval:
        """From partial dates: a partial start counts from its first day, a partial end to its last."""
        s = PartialDate.parse(start) if isinstance(start, str) else start
        e = PartialDate.parse(end) if isinstance(end, str) else end
        return cls(s.start if s else None, e.end if e else None)

    ALWAYS: ClassVar[Interval]  # set below the class

    def is_empty(self) -> bool:
        return self.start is not None and self.end is not None and self.start > self.end

    def intersect(self, other: Interval) -> Interval | None:
        """The common part, or ``None`` when the two do not meet."""
        # No lists and no new object when one side already bounds the other: this runs once
        # per step of every path the reach questions try.
        a, b = self.start, other.start
        start = b if a is None else a if b is None or a >= b else b
        a, b = self.end, other.end
        end = b if a is None else a if b is None or a <= b else b
        if start is not None and end is not None and start > end:
            return None
        if start is self.start and end is self.end:
            return self
        if start is other.start and end is other.end:
            return other
        return Interval(start, end)

    def overlaps(self, other: Interval) -> bool:
        return self.intersect(other) is not None

    def contains(self, d: date) -> bool:
        return (self.start is None or self.start <= d) and (self.end is None or d <= self.end)

    def __str__(self) -> str:
        return f"{self.start or '…'} – {self.end or '…'}"


Interval.ALWAYS = Interval(None, None)
