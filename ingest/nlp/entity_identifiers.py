"""Identifiers and written forms the tokenizer splits unpredictably, found by regular
expressions over the text: calibres ("5.56mm ammunition"), NSNs, serials and lots in their
written forms ("serial no. JV 7733", "s/n 12-3456", "lot number 4-88", "KX-2210", a stamped
"ST20416"), and calendar dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc, Span

from .dates import DATE_PATTERNS

__all__ = ["IdentifierRules"]


class IdentifierRules:
    """The regular expressions of ``custody_entity_ruler``, built once from the weapon patterns."""

    def __init__(self, weapons: dict[str, Any], system_by_alias: dict[str, str], serial_min_digits: int) -> None:
        self.system_by_alias = system_by_alias
        self.serial_min_digits = serial_min_digits
        cal = weapons.get("calibre", {})
        units = "|".join(sorted((re.escape(u.lstrip("-")) for u in cal.get("units", ["mm"])), key=len, reverse=True))
        mods = "|".join(sorted((re.escape(m) for m in cal.get("modifiers", [])), key=len, reverse=True))
        ammo = "|".join(sorted((re.escape(h) for h in cal.get("ammunition_heads", [])), key=len, reverse=True))
        guns = "|".join(sorted((re.escape(h) for h in cal.get("weapon_heads", [])), key=len, reverse=True))
        number = r"(?:\d{1,3}(?:\.\d{1,2})?(?:\s?[x×]\s?\d{2,3})?|\.\d{2,3})"
        self.calibre_re = re.compile(
            # ".22 rifles": a calibre written in inches names its unit by the leading point alone
            rf"(?<![\w.])(?:{number}\s?-?\s?(?:{units})\b|\.\d{{2,3}}(?=\s))(?:\s+(?:{mods}))*\s+(?:{ammo}|{guns})\b",
            re.IGNORECASE,
        )
        self.nsn_re = re.compile(r"(?<![\w-])\d{4}-\d{2}-\d{3}-\d{4}(?![\w-])|(?<=NSN )\d{13}\b")
        self.serial_re = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]{0,5}(?:[-/][A-Z0-9]{1,10}){1,4}(?![\w-])")
        cue = (
            # "a batch of 100 rifles", "a lot of 500 rounds" count the goods; "batch 4-88" names one
            r"(?:serial\s+(?:numbers?|nos?\.?|#)?|s/n|S/N|SN|lot\b(?:\s+(?:numbers?|nos?\.?)|(?!\s+of\b))"
            r"|lots(?!\s+of\b)|batch(?:\s+numbers?|(?!\s+of\b)))"
            r"(?:\s+(?:ending|beginning|starting)\s+(?:in|with)|\s+(?:reads?|reading|was|is|of))?"
        )
        # an identifier has a digit: "serial numbers are visible" names none; "JV 7733" is one
        # identifier written with a space (letters, a space, digits: case-sensitive)
        ident = r"(?:(?-i:[A-Z]{1,4} \d{3,})(?![\w-])|(?=[A-Za-z/-]*\d)[A-Z0-9][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*)"
        self.cued_serial_re = re.compile(
            rf"\b{cue}\s*[:#]?\s*(?P<first>{ident})(?P<rest>(?:\s*(?:,|and|&)\s*{ident})*)", re.IGNORECASE
        )
        # uncued: letters and at least five digits ("ST20416"), the form of a stamped serial
        self.bare_serial_re = re.compile(r"(?<![\w/-])[A-Z]{1,3}\d{5,}[A-Z]?(?![\w/-])")
        self.list_item_re = re.compile(ident)
        # a sum after a currency's code or abbreviation, which the model does not know for money:
        # "Rs.60,000", "Rs. 5 lakh", "EUR 250,000", "KSh 40,000"
        self.coded_money_re = re.compile(
            r"(?<![\w.])(?:Rs\.?|INR|PKR|LKR|NPR|BDT|Tk\.?|EUR|USD|GBP|KSh|Ksh)\s?\d(?:[\d,]*\d)?(?:\.\d+)?"
            r"(?:\s(?:thousand|million|billion|lakh|crore))?(?!\w|,\d)"
        )
        self.not_serial_context = re.compile(
            r"(?:shipment|consignment|manifest|order|contract|invoice|case|resolution|flight|report|file|"
            r"document|ref\.?|reference|form|regulation|directive|decree|law)\s*(?:no\.?|number|#)?\s*$",
            re.IGNORECASE,
        )

    def _char_span(self, doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
        span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
        return span

    def find(self, doc: Doc, text: str) -> Iterator[Span]:
        """Calibres, NSNs, serials and lots, sums after a currency code, and written dates in
        ``text`` (``doc.text``)."""
        for m in self.coded_money_re.finditer(text):
            span = self._char_span(doc, m.start(), m.end(), "MONEY")
            if span is not None:
                yield span
        for m in self.calibre_re.finditer(text):
            span = self._char_span(doc, m.start(), m.end(), "WEAPON_CATEGORY")
            if span is not None:
                yield span
        for m in self.nsn_re.finditer(text):
            span = self._char_span(doc, m.start(), m.end(), "NSN")
            if span is not None:
                yield span
        seen: set[tuple[int, int]] = set()
        for m in self.cued_serial_re.finditer(text):
            for im in self.list_item_re.finditer(m.group(0), m.start("first") - m.start()):
                s, e = m.start() + im.start(), m.start() + im.end()
                value = text[s:e]
                if len(value) < 3 or not any(c.isdigit() for c in value):
                    continue
                if self._looks_like_date_or_nsn(value):
                    continue
                seen.add((s, e))
                span = self._char_span(doc, s, e, "SERIAL_NUMBER")
                if span is not None:
                    yield span
        for m in self.serial_re.finditer(text):
            if (m.start(), m.end()) in seen:
                continue
            value = m.group(0)
            if sum(c.isdigit() for c in value) < self.serial_min_digits or self._looks_like_date_or_nsn(value):
                continue
            if value in self.system_by_alias or self.not_serial_context.search(
                text[max(0, m.start() - 30) : m.start()]
            ):
                continue
            span = self._char_span(doc, m.start(), m.end(), "SERIAL_NUMBER")
            if span is not None:
                yield span
        for m in self.bare_serial_re.finditer(text):
            if (m.start(), m.end()) not in seen and m.group(0) not in self.system_by_alias:
                span = self._char_span(doc, m.start(), m.end(), "SERIAL_NUMBER")
                if span is not None:
                    yield span
        for _kind, pattern in DATE_PATTERNS[:3] + DATE_PATTERNS[5:6]:
            for m in pattern.finditer(text):
                span = self._char_span(doc, m.start(), m.end(), "DATE")
                if span is not None:
                    yield span

    @staticmethod
    def _looks_like_date_or_nsn(value: str) -> bool:
        # dates, NSNs and UN document symbols ("S/2016/786", "A/RES/75/1")
        return bool(
            re.fullmatch(
                r"\d{4}-\d{2}(?:-\d{2})?|\d{4}-\d{2}-\d{3}-\d{4}|\d{1,2}/\d{1,2}/\d{2,4}|[A-Z]{1,2}(?:/[A-Z]{2,5})*/\d{4}/\d+",
                value,
            )
        )
