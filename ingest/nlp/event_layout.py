"""Goods listed line by line under a sentence that ends in a colon ("Three bags were seized,
containing:" followed by one line per item): the lines belong to that sentence's act."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Span, Token

from .event_text import span_text, starts_a_line

#: Words by which goods point to a list after them ("the following weapons:").
_AHEAD = {"following", "below", "these"}


def listed_lines(
    sents: Sequence[Span], si: int, goods: Callable[[Span], list[Span]], tells_act: Callable[[Span], bool]
) -> list[tuple[int, list[Span]]]:
    """The lines listed under sentence ``si`` when its text ends in a colon, each with its
    ``goods``: the lines right after it that hold goods and tell no act of their own (the first
    that does not ends the list). A line the sentencizer cut in two ("12x" | "AKM rifles") is
    one line: a sentence that does not begin a line goes on the line before it."""
    if not span_text(sents[si]).rstrip().endswith(":"):
        return []
    lines: list[list[int]] = []
    for k in range(si + 1, len(sents)):
        if starts_a_line(sents[k]) or not lines:
            if not starts_a_line(sents[k]):
                return []
            lines.append([k])
        else:
            lines[-1].append(k)
    out: list[tuple[int, list[Span]]] = []
    for line in lines:
        parts = [(k, goods(sents[k])) for k in line]
        if not any(held for _, held in parts) or any(tells_act(sents[k]) for k in line):
            break
        out.extend((k, held) for k, held in parts if held)
    return out


def points_ahead(item: Token) -> bool:
    """ "captured the following weapons:": goods told by a word that points to the list after
    the colon are no item of their own."""
    doc = item.doc
    before = doc[max(item.i - 3, item.sent.start) : item.i]
    return any(t.lower_ in _AHEAD for t in before) or any(c.lower_ in _AHEAD for c in item.children)
