"""Rows of a table of custody acts, as releases and parliamentary answers print them
("March | Beretta 92 Pistol | 1 | Stolen |"): one event per row whose status cell is a custody
word, the item the cell that names goods, the quantity the cell that is a number, the date the
cell that is a date."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

#: A cell that is a count, with a footnote mark after it as tables print them ("1[2]", "3*").
_COUNT = re.compile(r"^(\d[\d,]*)(?:\s*(?:\[\w{1,3}\]|\*+))?$")


@dataclass
class Row:
    span: Span  # the row, without its outer bars
    status: Token  # the word of the status cell ("Stolen")
    type: str
    frame: str
    goods: list[Span]  # weapon mentions of the item cell
    item: str  # the item cell as written
    quantity: str | None
    date: str | None


def table_rows(doc: Doc, weapons: Sequence[Span], status_of: Callable[[str], tuple[str, str] | None]) -> list[Row]:
    """Each line of ``doc`` of three or more cells split by "|" with one cell that is a single
    custody word (``status_of`` gives its type and frame, or None) and one that names goods."""
    out: list[Row] = []
    text = doc.text
    pos = 0
    for line in text.split("\n"):
        start, pos = pos, pos + len(line) + 1
        if line.count("|") < 2:
            continue
        cells: list[tuple[int, int]] = []
        k = start
        for part in line.split("|"):
            lead = len(part) - len(part.lstrip())
            if part.strip():
                cells.append((k + lead, k + lead + len(part.strip())))
            k += len(part) + 1
        if len(cells) < 3:
            continue
        row = _row(doc, cells, weapons, status_of)
        if row is not None:
            out.append(row)
    return out


def _row(
    doc: Doc,
    cells: list[tuple[int, int]],
    weapons: Sequence[Span],
    status_of: Callable[[str], tuple[str, str] | None],
) -> Row | None:
    status: tuple[Token, str, str] | None = None
    goods: list[Span] = []
    item: tuple[int, int] | None = None
    quantity = date = None
    for a, b in cells:
        words = doc.char_span(a, b, alignment_mode="expand")
        if words is None:
            continue
        cell = doc.text[a:b]
        found = status_of(cell.lower()) if len(words) == 1 else None
        if found is not None:
            status = (words[0], *found)
            continue
        held = [w for w in weapons if a <= w.start_char and w.end_char <= b]
        if held and item is None:
            goods, item = held, (a, b)
        elif _COUNT.match(cell) and quantity is None:
            quantity = _COUNT.match(cell).group(1)  # type: ignore[union-attr]
        elif date is None and any(e.label_ == "DATE" and e.start_char == a and e.end_char == b for e in doc.ents):
            date = cell
    if status is None or item is None:
        return None
    span = doc.char_span(cells[0][0], cells[-1][1], alignment_mode="expand")
    if span is None:
        return None
    return Row(span, status[0], status[1], status[2], goods, doc.text[item[0] : item[1]], quantity, date)
