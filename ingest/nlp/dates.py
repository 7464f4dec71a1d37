"""Calendar dates as reports write them, normalised to partial ISO strings.

A report says "15 September 2023", "in January" or "March 2024"; the graph wants "2023-09-15",
"2024-01" and "2024-03". Precision is kept: a month stays a month, a year stays a year. A date
without a year takes the year from the document date: "in January" in a report dated
February 2024 is 2024-01, the latest such month not after the document date.

Deliberately small, deterministic code rather than dateparser: reports use a handful of
shapes, and a wrong guess about a custody date is worse than no date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from .number_words import UNIT_WORDS

__all__ = [
    "PERIOD_DATE",
    "RELATIVE_DATE",
    "REPORTED_TIME",
    "PartialDate",
    "find_calendar_spans",
    "find_document_date",
    "is_calendar_expression",
    "normalize_date",
    "parse_partial_iso",
    "reported_time_value",
    "shift_relative",
]

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DAY_RE = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR_RE = r"(?:1[89]\d\d|20\d\d)"

#: Full or partial calendar expressions, most specific first. Used both to find dates in text and
#: to normalise one.
DATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(rf"\b(?P<year>{_YEAR_RE})-(?P<month>0[1-9]|1[0-2])(?:-(?P<day>0[1-9]|[12]\d|3[01]))?\b")),
    ("dmy", re.compile(rf"\b(?P<day>{_DAY_RE})\s+(?:of\s+)?(?P<month>{_MONTH_RE})\s*,?\s+(?P<year>{_YEAR_RE})\b")),
    ("mdy", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>{_DAY_RE}),?\s+(?P<year>{_YEAR_RE})\b")),
    ("dm", re.compile(rf"\b(?P<day>{_DAY_RE})\s+(?:of\s+)?(?P<month>{_MONTH_RE})(?![\w-])")),
    ("md", re.compile(rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>{_DAY_RE})\b(?!\s*(?:,\s*)?\d)")),
    ("my", re.compile(rf"\b(?P<month>{_MONTH_RE}),?\s+(?P<year>{_YEAR_RE})\b")),
    ("m", re.compile(rf"\b(?P<month>{_MONTH_RE})(?![\w-])")),
    ("y", re.compile(rf"(?<![\w-])(?:mid-|early-|late-)?(?P<year>{_YEAR_RE})(?!s)\b")),
]

#: Words that make a date expression relative ("last year", "in recent months", "today").
RELATIVE_WORDS = frozenset(
    [
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "now",
        "currently",
        "recently",
        "recent",
        "last",
        "next",
        "past",
        "previous",
        "coming",
        "ago",
        "this",
        "these",
        "those",
        "earlier",
        "later",
        "week",
        "weeks",
        "weekend",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)


@dataclass(frozen=True)
class PartialDate:
    """A date with the precision the text gave it."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def parse_partial_iso(value: str | None) -> PartialDate | None:
    """Read a leading "2024", "2024-02" or "2024-02-12" (anything after it is ignored)."""
    if not value:
        return None
    m = re.match(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", value)
    if not m:
        return None
    year = int(m.group(1))
    month = int(m.group(2)) if m.group(2) else None
    day = int(m.group(3)) if m.group(3) else None
    if month is not None and not 1 <= month <= 12:
        return PartialDate(year)
    if day is not None and not 1 <= day <= 31:
        return PartialDate(year, month)
    return PartialDate(year, month, day)


def _month_number(text: str) -> int | None:
    return MONTHS.get(text.lower().rstrip("."))


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def is_calendar_expression(text: str) -> bool:
    """True for an absolute calendar expression: it names a month, a year or a decade, and has
    no relative word ("February", "1990s", "mid-2023"; not "last year", "recent months")."""
    words = re.findall(r"[a-z]+", text.lower())
    if any(w in RELATIVE_WORDS for w in words):
        return False
    if re.search(r"\b(?:1[89]\d\d|20\d\d)s?\b|\b'\d0s\b|\b(?:1[89]|20)\d0s\b", text):
        return True
    return any(_month_number(w) is not None and len(w) >= 3 for w in words if w != "may") or bool(
        re.search(r"\bMay\b", text)
    )


def _resolve_year(month: int, day: int | None, ref: PartialDate | None) -> int | None:
    """The year of a month (and day) written without one: the latest not after the reference."""
    if ref is None:
        return None
    if ref.month is None:
        return ref.year
    if (month, day or 1) <= (ref.month, ref.day or 31):
        return ref.year
    return ref.year - 1


_RANGE_JOIN = r"\s*(?:-|–|—|and|to|until|till|through|thru)\s*"
#: "12-14 March 2021", "between 3 and 5 June 2019": days of one month
_DAY_RANGE = re.compile(rf"\b(?P<d1>{_DAY_RE}){_RANGE_JOIN}(?P<day>{_DAY_RE})\s+(?:of\s+)?(?P<month>{_MONTH_RE})"
                        rf"(?:\s*,?\s+(?P<year>{_YEAR_RE}))?")
#: "between March and May 2019", "from June 2020 to August 2021", "March 2021 – May 2022"
_MONTH_RANGE = re.compile(rf"\b(?P<m1>{_MONTH_RE})(?:\s+(?P<y1>{_YEAR_RE}))?{_RANGE_JOIN}"
                          rf"(?:(?P<d2>{_DAY_RE})\s+)?(?P<m2>{_MONTH_RE})\s*,?\s+(?P<y2>{_YEAR_RE})\b")


def _range(text: str, ref: PartialDate | None) -> str | None:
    """A period written as a range, as the smallest partial date holding both ends ("between
    March and May 2019" is 2019; "12-14 March 2021" is 2021-03); ends in different years give
    the start, the best single date the range has."""
    m = _DAY_RANGE.search(text)
    if m:
        month = _month_number(m.group("month"))
        if month is None:
            return None
        year = int(m.group("year")) if m.group("year") else _resolve_year(month, None, ref)
        return PartialDate(year, month).iso() if year is not None else None
    m = _MONTH_RANGE.search(text)
    if m:
        m1, m2 = _month_number(m.group("m1")), _month_number(m.group("m2"))
        y2 = int(m.group("y2"))
        y1 = int(m.group("y1")) if m.group("y1") else (y2 if m1 is not None and m2 is not None and m1 <= m2 else y2 - 1)
        if m1 is None or m2 is None:
            return None
        if y1 != y2:
            return PartialDate(y1, m1).iso()
        return PartialDate(y1, m1).iso() if m1 == m2 else PartialDate(y1).iso()
    return None


def normalize_date(text: str | None, doc_date: str | PartialDate | None = None) -> str | None:
    """Normalise a date as written to partial ISO, or None when it is not an absolute date.

    >>> normalize_date("15 September 2023")
    '2023-09-15'
    >>> normalize_date("in January", "2024-02-12")
    '2024-01'
    >>> normalize_date("March 2024")
    '2024-03'
    >>> normalize_date("the 1990s") is None
    True
    """
    if not text:
        return None
    ref = parse_partial_iso(doc_date) if isinstance(doc_date, str) else doc_date
    if not is_calendar_expression(text):
        return None
    ranged = _range(text, ref)
    if ranged is not None:
        return ranged
    for kind, pattern in DATE_PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        groups = m.groupdict()
        month = None
        if groups.get("month"):
            month = int(groups["month"]) if groups["month"].isdigit() else _month_number(groups["month"])
        day = _day_number(groups["day"]) if groups.get("day") else None
        if groups.get("year"):
            year: int | None = int(groups["year"])
        elif month is not None:
            year = _resolve_year(month, day, ref)
        else:
            year = None
        if year is None:
            return None
        if kind == "y" and re.search(rf"{m.group('year')}s\b", text):
            return None  # a decade has no partial ISO form
        return PartialDate(year, month, day if month is not None else None).iso()
    return None


#: words that state the date of the document itself: "Released on 3 May 2022", "Dated: ..."
_STATED_DATE = re.compile(r"(?i)\b(?:released|published|issued|dated|updated|posted|date of (?:issue|release))"
                          r"(?:\s+on)?\s*[:,]?\s*$")
#: words that make a date that of a past event, not of the document: "Established in 2011", "Since 2022"
_EVENT_DATE = re.compile(r"(?i)\b(?:in|since|from|until|till|to|by|before|after|between|during|of|"
                         r"established|founded|created|formed)\s*$")
#: a dateline opens the text: "12 February 2024 –", "NORTHPORT, Ark., May 3, 2022 –", "(12 Feb 2024)"
_DATELINE_LEAD = re.compile(
    r"^[\W]*(?:[A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*)*\s*,\s*(?:[A-Z][a-z]{1,4}\.?\s*,\s*)?)?$"
)
_UNSTATED = re.compile(r"(?i)^\s*(?:$|n\.?\s?a\.?\b|none\b|unknown\b|not\s+(?:shown|stated|given|known|available)\b|"
                       r"undated\b|no\s+date\b|-+\s*$)")


def find_document_date(text: str, max_lines: int = 5) -> str | None:
    """The document's date, only where the text states it as such, from its first non-empty lines:
    a "DATE: 2024-02" header (one that says "not shown", "unknown", "n.a." or nothing means no
    date: none is guessed), a date that opens a dateline ("12 February 2024 – Police ..."), one
    after "Released/Published/Issued/Dated (on)", or a heading (a line with no sentence end) such
    as "Customs Office K: seizure notice, 12 February 2024"; in a sentence, only a full calendar
    date ("On 3 March 2024 police ..."). A year or month told of a past event in a sentence
    ("Established in 2011", "Since 2022") is never the document's date, nor is any date after
    "in/since/until/established ...". The first such date found is used."""
    lines = [line.strip() for line in text[:4000].splitlines() if line.strip()][:max_lines]
    for line in lines:
        header = re.match(r"(?i)date\s*:\s*(.*)", line)
        if header:
            if _UNSTATED.match(header.group(1)):
                return None
            found = parse_partial_iso(header.group(1))
            if found:
                return found.iso()
            value = normalize_date(header.group(1))
            if value:
                return value
            return None
        heading = not re.search(r"[.!?;]\W*$", line) and len(line.split()) <= 20
        for kind, pattern in DATE_PATTERNS:
            if kind in ("dm", "md", "m"):
                continue  # no year: cannot anchor a document
            for m in pattern.finditer(line):
                before = line[: m.start()]
                if _EVENT_DATE.search(before):
                    continue
                stated = _STATED_DATE.search(before) or _DATELINE_LEAD.match(before)
                at_end = not line[m.end() :].strip(" )]")
                full = kind in ("dmy", "mdy") or (kind == "iso" and m.group("day") is not None)
                if not (stated or full or (heading and (kind != "y" or at_end))):
                    continue
                value = normalize_date(m.group(0))
                if value:
                    return value
    return None


#: Dates told relative to one given before: "the following day", "the next morning", "the same
#: day", "the day before", "two days later", "a week earlier", "the following month".
RELATIVE_DATE = re.compile(
    r"\b(?:the\s+)?(?P<which>following|next|same|previous|preceding)\s+(?P<unit>day|morning|afternoon|evening|night|"
    r"week|month|year)\b"
    r"|\bthe\s+(?P<unit2>day|week|month)\s+(?P<dir2>before|after)\b"
    r"|\b(?P<n>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+(?P<unit3>day|week|month)s?\s+"
    r"(?P<dir3>later|after(?:wards)?|earlier|before)\b",
    re.I,
)

#: A stretch of time an act is told over, with no calendar date: "over a six-month period", "over
#: a period of three years", "during a ten-day period", "over the holidays", "last summer".
PERIOD_DATE = re.compile(
    r"\b(?:over|during|within|across)\s+(?:a|the|an)\s+(?:[\w-]+\s*-?\s*){0,2}?(?:period|span|stretch)\b"
    r"(?:\s+of\s+(?:\d{1,3}|[a-z]+)\s+(?:days?|weeks?|months?|years?))?"
    r"|\b(?:over|during)\s+(?:a|the)\s+period\s+of\s+(?:about\s+|nearly\s+|some\s+)?(?:\d{1,3}|[a-z]+)\s+"
    r"(?:days?|weeks?|months?|years?)\b"
    r"|\bover\s+the\s+(?:[A-Z][a-z]+\s+)?(?:holidays?|weekend)\b"
    r"|\blast\s+(?:summer|winter|spring|autumn|fall)\b"
    # a named war the act is told in: "during the Kessian Civil War", "throughout the Second World War"
    r"|\b(?:during|throughout)\s+the\s+(?-i:(?:[A-Z][\w'-]*\s+){1,4}(?:War|Conflict|Revolution|Uprising))\b",
    re.I,
)


def _months_on(anchor: PartialDate, step: int) -> str | None:
    """The month ``step`` months from ``anchor``'s, or None when the anchor has no month."""
    if anchor.month is None:
        return None
    months = anchor.year * 12 + anchor.month - 1 + step
    return PartialDate(months // 12, months % 12 + 1).iso()


def _calendar_day(anchor: PartialDate) -> date | None:
    """``anchor`` as a calendar day, or None when it has no day or names none that exists."""
    if anchor.month is None or anchor.day is None:
        return None
    try:
        return date(anchor.year, anchor.month, anchor.day)
    except ValueError:
        return None


def shift_relative(text: str, anchor: PartialDate | None) -> str | None:
    """The date a relative expression names, counted from ``anchor`` (the date told before it),
    with no more precision than the anchor has: "the following day" after 12 June 2019 is
    2019-06-13; "the following month" after June 2019 is 2019-07; None when it cannot be told."""
    m = RELATIVE_DATE.search(text)
    if m is None or anchor is None:
        return None
    if m.group("which"):
        unit = m.group("unit").lower()
        step = {"following": 1, "next": 1, "same": 0, "previous": -1, "preceding": -1}[m.group("which").lower()]
        count = 1
    elif m.group("unit2"):
        unit, step, count = m.group("unit2").lower(), (-1 if m.group("dir2").lower() == "before" else 1), 1
    else:
        unit = m.group("unit3").lower()
        step = -1 if m.group("dir3").lower() in ("earlier", "before") else 1
        n = m.group("n").lower()
        count = int(n) if n.isdigit() else UNIT_WORDS.get(n, 1)  # "a week earlier": one
    if unit in ("morning", "afternoon", "evening", "night"):
        unit = "day"
    if unit == "year":
        return PartialDate(anchor.year + step * count).iso()
    if unit == "month":
        return _months_on(anchor, step * count)
    day = _calendar_day(anchor)
    if day is None:
        return None
    days = step * count * (7 if unit == "week" else 1)
    moved = day + timedelta(days=days)
    return PartialDate(moved.year, moved.month, moved.day).iso()


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Times told from the report's own day or as a stretch back from it, with no calendar date:
#: "on Monday", "Friday night", "yesterday", "last year", "earlier this month", "over the past
#: decade", "since the start of the war", "by the end of the week". An event's date role keeps
#: them as written (the reader's date of the act); they are no DATE entities.
REPORTED_TIME = re.compile(
    # a part of such a time, with its preposition: "within the first half of this month", "in the
    # early hours of Monday"
    r"\b(?:(?:within|in|during)\s+)?the\s+(?:first|second|latter|early|late)\s+(?:half|part|hours)\s+of\s+"
    r"(?:(?:this|last)\s+(?:year|month|week)|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
    r"(?:\s*\(\d{1,2}(?:st|nd|rd|th)\))?)"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:morning|afternoon|evening|night))?\b"
    r"|\b(?:today|yesterday|tonight)\b"
    r"|\b(?:(?:earlier|later)\s+)?(?:last|this)\s+(?:year|month|week|weekend|summer|winter|spring|autumn|fall)\b"
    r"|\b(?:over|in|during|within|throughout)\s+the\s+(?:past|last|previous)\s+"
    r"(?:(?:few|several|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+)?(?:hours?|days?|weeks?|months?|years?|decades?)\b"
    # a season of the report's year: "during the summer", not "in the summer of 2019" (a calendar date)
    r"|\b(?:during|in|over|throughout)\s+the\s+(?:summer|winter|spring|autumn)\b(?!\s+of\b)"
    r"|\bsince\s+the\s+(?:start|beginning|outbreak|onset)\s+of\s+the\s+[a-z]+\b"
    r"|\b(?:by|at|before|until)\s+the\s+end\s+of\s+(?:the|this|last|next)\s+(?:week|month|year)\b",
    re.I,
)


def reported_time_value(text: str | None, doc_date: str | PartialDate | None) -> str | None:
    """The partial ISO date a time told from the report's own day names, counted from the
    document's date, with no more precision than that date has: "Monday" in a report of
    Thursday 14 March 2024 is 2024-03-11 (the latest Monday not after it), "yesterday" the day
    before, "last year" 2023, "this month" 2024-03; a stretch ("over the past year") or an
    undated document gives None."""
    ref = parse_partial_iso(doc_date) if isinstance(doc_date, str) else doc_date
    if not text or ref is None:
        return None
    said = " ".join(text.lower().split())
    m = re.fullmatch(r"(?:on\s+)?(?:(?P<rel>today|tonight|yesterday)"
                     r"|(?P<wd>[a-z]+day)(?:\s+(?:morning|afternoon|evening|night))?"
                     r"|(?P<which>last|this)\s+(?P<unit>year|month))", said)
    if m is None:
        return None
    if m.group("unit"):
        step = -1 if m.group("which") == "last" else 0
        if m.group("unit") == "year":
            return PartialDate(ref.year + step).iso()
        return _months_on(ref, step)
    day = _calendar_day(ref)
    if day is None:
        return None
    if m.group("rel"):
        back = 1 if m.group("rel") == "yesterday" else 0
    elif m.group("wd") in _WEEKDAY_NAMES:
        back = (day.weekday() - _WEEKDAY_NAMES.index(m.group("wd"))) % 7
    else:
        return None
    told = day - timedelta(days=back)
    return PartialDate(told.year, told.month, told.day).iso()


#: A hedge before a date: "on or about", "circa", "early 2022", "early in 2022", "mid-2019".
_HEDGE = r"(?:(?:on\s+or\s+)?(?:about|around|circa)\s+|(?:early|late)\s+in\s+|(?:early|mid|late)[- ]\s*)?"
#: Where a calendar expression can begin: a digit (a day or a year), "between" or "from", a
#: hedge ("on or about", "circa", "early" ...) or a month (each begins with its three-letter
#: abbreviation). The first character is checked first (one set test), then the word: the
#: search skips every other position without trying each alternative there, which took most
#: of its time.
_CALENDAR_STARTS = (r"(?=[\dbfoacemljsnd])"
                    r"(?=\d|between|from|on|about|around|circa|early|mid|late"
                    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)")
#: Absolute dates that carry a year, as written, with a range or a hedge around them.
_CALENDAR = re.compile(
    rf"{_CALENDAR_STARTS}(?:\b(?:between|from)\s+)?{_HEDGE}(?:"
    rf"{_DAY_RANGE.pattern}|{_MONTH_RANGE.pattern}"
    rf"|\b{_DAY_RE}\s+(?:of\s+)?{_MONTH_RE}\s*,?\s+{_YEAR_RE}\b"
    rf"|\b{_MONTH_RE}\s+{_DAY_RE},?\s+{_YEAR_RE}\b"
    rf"|\b{_MONTH_RE},?\s+{_YEAR_RE}\b"
    rf"|(?<![\w-]){_YEAR_RE}{_RANGE_JOIN}{_YEAR_RE}(?![\w-])"
    rf"|(?<![\w(-]){_YEAR_RE}(?![\w)-])"
    rf")",
    re.I,
)


def find_calendar_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the absolute dates with a year in ``text``, as written with their range
    or hedge ("between March and May 2019", "in late 2020" as "late 2020", "on or about 12 June
    2019"); a bare year in brackets ("resolution 2216 (2015)") is left out."""
    out = []
    for m in _CALENDAR.finditer(text):
        found = m.group(0)
        if is_calendar_expression(found):
            out.append((m.start(), m.end()))
    return out


#: Words that make the number after them a numbered instrument, not a year ("resolution 1945",
#: "Section 2339", "Article 2015").
_NUMBERED_WORDS = frozenset(
    ["resolution", "resolutions", "section", "sections", "article", "articles", "paragraph", "paragraphs",
     "rule", "rules", "chapter", "title", "law", "act", "decree", "regulation", "order", "no.", "no",
     "number", "case", "docket", "code", "statute", "clause", "part", "annex", "§"]
)  # fmt: skip
#: A sentence of time after a date: "sentenced on July 6th to 50 months".
_TRAILING_DURATION = re.compile(
    r"\s+(?:to|for)\s+(?:\d[\d,.]*|[a-z-]+)\s+(?:days?|weeks?|months?|years?)\b.*$", re.I | re.S
)


def numbered_instrument(text: str, start: int) -> bool:
    """True when the number at ``start`` in ``text`` follows a word of numbered instruments
    ("resolution 1945", "Section 2339"): a number, not a date."""
    words = re.findall(r"[\w.§]+", text[max(0, start - 24) : start])
    return bool(words) and words[-1].lower() in _NUMBERED_WORDS


def trim_duration(text: str) -> str:
    """ "July 6th to 50 months" (a sentence given on a date): the date without the duration."""
    return _TRAILING_DURATION.sub("", text)
