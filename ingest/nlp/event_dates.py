"""When a custody event happened: the date role of its sentence. The date entity nearest the
trigger, a range ("between March and May 2019") kept whole, else a calendar expression the entity
rules left out, a date told from another ("the following day"), a stretch of time ("over a
six-month period") or a time told from the report's day ("on Monday"). Names of one kind joined
by "and" (dates of a range, places of a coordination) are one span: ``_joined``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .dates import (
    PERIOD_DATE,
    RELATIVE_DATE,
    REPORTED_TIME,
    find_calendar_spans,
    find_document_date,
    normalize_date,
    numbered_instrument,
    parse_partial_iso,
    shift_relative,
    trim_duration,
)
from .event_base import EventRulesBase, Trigger, recall_in_sentence, remember_in_sentence
from .event_place_spans import in_relative_clause
from .event_text import doc_text, span_text
from .extensions import DOC_DATE


class DateRules(EventRulesBase):
    def _date(self, trig: Trigger, sent: Span) -> str | None:
        doc = sent.doc
        # "resolution 1945", "Section 2339": numbered instruments, not years
        dates = [
            e
            for e in self._ents_in(sent.start, sent.end)
            if e.label_ == "DATE" and not numbered_instrument(doc_text(doc), e.start_char)
        ]
        text = span_text(sent)
        spans = [
            (sent.start_char + a, sent.start_char + b)
            for a, b in _calendar_spans(text)
            if not numbered_instrument(text, a)
        ]
        if dates and doc.has_annotation("DEP"):
            # "weapons seized in 2016 were handed over ...": the date of the other act told of the goods
            # "seized the rifles, which had arrived on 3 April, on 5 April": the relative clause's own time
            dates = [
                d for d in dates if not self._other_act_date(d, trig) and not in_relative_clause(d.root, trig.token)
            ]
            if not dates:
                return None
        if not dates:
            # a date the entity rules left out ("in late 2020" without a parser): as written
            if spans:
                at = trig.token.idx
                a, b = min(spans, key=lambda ab: min(abs(ab[0] - at), abs(ab[1] - at)))
                return doc_text(doc)[a:b]
            return self._relative_date(trig, sent)
        chosen = None
        if doc.has_annotation("DEP"):
            governed = [d for d in dates if self._gov_index(d.root, sent) == trig.token.i]
            if governed:
                chosen = governed[0]
            elif self._own_time(trig, sent):
                # "Police said on 3 June that they had seized rifles the previous week": the date of the
                # saying is not the act's, which its own clause tells
                return self._relative_date(trig, sent)
            if not governed and trig.token.dep_ == "acl":
                # "rifles captured by the frigate were handed over on 3 May": the date of the act
                # this one's clause describes the goods of is not this one's
                mine = [d for d in dates if self._gov_index(d.root, sent) != trig.token.head.head.i]
                if not mine:
                    return None
                dates = mine
        if chosen is None:
            chosen = min(dates, key=lambda d: abs(d.start - trig.token.i))
        joined = _joined(chosen, dates, sent, ("between", "from"), (*_TIES, "through"))
        # "between March and May 2019" where only "May 2019" is an entity: the range as written
        wider = [(a, b) for a, b in spans if a <= joined.start_char and joined.end_char <= b]
        if wider:
            a, b = min(wider)
            if b - a > len(joined.text):
                return trim_duration(doc_text(doc)[a:b])
        return trim_duration(_with_decade_article(joined).text)

    def _other_act_date(self, date: Span, trig: Trigger) -> bool:
        """Whether ``date`` is told in a participle clause of another custody act describing a noun
        before the trigger ("rifles stolen in 2016 were sold in 2018": 2016 is the theft's)."""
        cur = date.root
        for _ in range(12):
            if cur.i == trig.token.i or cur.head.i == cur.i:
                return False
            if cur.dep_ in ("acl", "relcl") and cur.i < trig.token.i and self._is_trigger_token(cur):
                return trig.token not in cur.subtree
            cur = cur.head
        return False

    def _relative_date(self, trig: Trigger, sent: Span) -> str | None:
        """ "The following day", "two days later": the date as written, and (in the doc's
        ``RELATIVE_KEY`` data) the date it names, counted from the last calendar date before it."""
        text = span_text(sent)
        m = RELATIVE_DATE.search(text)
        if m is None:
            # "smuggled 80 rifles over a six-month period": the stretch of time, as written; "seized
            # on Monday", "stolen last year": the time told from the report's day, nearest the act
            period = PERIOD_DATE.search(text)
            if period is not None:
                return period.group(0)
            at = trig.token.idx - sent.start_char
            times = list(REPORTED_TIME.finditer(text))
            if sent.doc.has_annotation("DEP"):
                # "UNMISS today destroyed weapons recovered from IDPs over the last 12 months": a time the
                # trigger's own clause tells comes before a nearer one of the clause around it
                own = [t for t in times if self._time_governed(t, trig, sent)]
                times = own or times
            told = min(times, key=lambda t: min(abs(t.start() - at), abs(t.end() - at)), default=None)
            return told.group(0) if told is not None else None
        doc = sent.doc
        ref = parse_partial_iso(doc._.get(DOC_DATE) or find_document_date(doc_text(doc)))
        value = None
        for ent in reversed([e for e in self._ents_in(0, sent.start) if e.label_ == "DATE"]):
            anchor = parse_partial_iso(normalize_date(ent.text, ref))
            if anchor is not None:
                value = shift_relative(m.group(0), anchor)
                break
        if value is not None:
            remember_in_sentence(sent, RELATIVE_KEY, m.group(0), value)
        return m.group(0)


    def _own_time(self, trig: Trigger, sent: Span) -> bool:
        """Whether the trigger governs a time told without a calendar date ("the previous week",
        "yesterday", "over a six-month period")."""
        text = span_text(sent)
        told = [*RELATIVE_DATE.finditer(text), *PERIOD_DATE.finditer(text), *REPORTED_TIME.finditer(text)]
        return any(self._time_governed(t, trig, sent) for t in told)

    def _time_governed(self, told: re.Match[str], trig: Trigger, sent: Span) -> bool:
        """Whether the act word governing the time expression ``told`` (a match in the sentence's
        text) is the trigger's."""
        span = sent.doc.char_span(sent.start_char + told.start(), sent.start_char + told.end(), alignment_mode="expand")
        return span is not None and self._gov_index(span.root, sent) == trig.token.i


def _joined(
    ent: Span, same: Sequence[Span], sent: Span, openers: tuple[str, ...], ties: tuple[str, ...] | None = None
) -> Span:
    """``ent`` with the entities of its kind it is coordinated with ("Slovenia and Croatia",
    "between November 2007 and February 2008"), opened by one of ``openers`` if it stands there.
    ``ties`` are the words that join them (times also by "through": "from May 2015 through June
    2017", where places so joined are a route)."""
    ties = ties or _TIES
    doc = sent.doc
    starts = {e.start: e for e in same}
    ends = {e.end: e for e in same}
    first, last = ent, ent
    while True:  # to the right: "X and Y", "X, Y and Z", "X to Y", "in X and in Y"
        k = last.end
        while k < sent.end and (doc[k].lower_ in ties or doc[k].text == ","):
            k += 1
        if k < sent.end and doc[k - 1].lower_ == "and" and _repeated_opener(doc[k]):
            k += 1
        # "Dec. 14 and" | "Jan. 3": an entity that took the joining word in is joined all the same
        tied = doc[last.end - 1].lower_ in ties
        if (k == last.end and not tied) or k not in starts or k - last.end > 3:
            break
        last = starts[k]
    while True:  # to the left
        k = first.start
        if k in ends and doc[k - 1].lower_ in ties:
            first = ends[k]
            continue
        if k - 1 > sent.start and doc[k - 2].lower_ == "and" and _repeated_opener(doc[k - 1]):
            k -= 1
        while k > sent.start and (doc[k - 1].lower_ in ties or doc[k - 1].text == ","):
            k -= 1
        if k == first.start or k not in ends or first.start - k > 3:
            break
        first = ends[k]
    start = first.start
    if last is not first and start > sent.start and _repeated_opener(doc[start - 1]) and doc[start - 1].pos_ == "ADJ":
        start -= 1  # "northern Kessia and northern Varland": the first one's describing word too
    ranged = last is not first or any(t.lower_ in ties for t in doc[first.start + 1 : last.end - 1])
    if start > sent.start and doc[start - 1].lower_ in openers and ranged:
        start -= 1
    return doc[start : last.end]


def _with_decade_article(date: Span) -> Span:
    """ "during the 2010s", "throughout the 1990s": a decade is told with its article and the
    preposition of a stretch of time before it ("in the 1990s" is "the 1990s")."""
    doc = date.doc
    if len(date) != 1 or not _DECADE.fullmatch(date.text) or date.start < 1 or doc[date.start - 1].lower_ != "the":
        return date
    start = date.start - 1
    if start > 0 and doc[start - 1].lower_ in ("during", "throughout", "since"):
        start -= 1
    return doc[start : date.end]


_DECADE = re.compile(r"(?:1[89]|20)\d0s")


#: Words joining two dates of a range or two names of a coordination ("March and May", "2019 to 2021").
_TIES = ("and", "to", "until", "-", "–")


def _repeated_opener(tok: Token) -> bool:
    """ "in Kessia and in Varland", "northern Kessia and northern Varland": a preposition of place
    or a describing word said again after "and" ties the second name to the first all the same."""
    return tok.lower_ in ("in", "at", "near") or tok.pos_ == "ADJ"


#: ``doc.user_data`` key: the dates relative expressions name, by sentence and expression.
RELATIVE_KEY = "custody_relative_dates"


def relative_date_value(doc: Doc, text: str | None, char: int) -> str | None:
    """The partial ISO date a relative date role ("the following day") of the sentence holding
    character ``char`` names, or None."""
    return recall_in_sentence(doc, RELATIVE_KEY, text, char)


@functools.lru_cache(maxsize=64)
def _calendar_spans(sentence: str) -> tuple[tuple[int, int], ...]:
    """:func:`find_calendar_spans` of a sentence, kept for its other triggers: the same sentence
    is searched once for every trigger it holds. Every calendar expression has a digit (a day or
    a year), so a sentence without one is not searched."""
    if not any(map(str.isdigit, sentence)):
        return ()
    return tuple(find_calendar_spans(sentence))
