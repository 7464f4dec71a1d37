"""Goods listed line by line under a sentence that ends in a colon ("Three bags were seized,
containing:" followed by one line per item): the lines belong to that sentence's act."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Span

from .event_text import span_text, starts_a_line


def listed_lines(
    sents: Sequence[Span], si: int, goods: Callable[[Span], list[Span]], tells_act: Callable[[Span], bool]
) -> list[tuple[int, list[Span]]]:
    """The lines listed under sentence ``si`` when its text ends in a colon, each with its
    ``goods``: the sentences right after it that each begin a line of their own, hold goods and
    tell no act of their own (the first that does not ends the list)."""
    if not span_text(sents[si]).rstrip().endswith(":"):
        return []
    out: list[tuple[int, list[Span]]] = []
    for k in range(si + 1, len(sents)):
        held = goods(sents[k]) if starts_a_line(sents[k]) else []
        if not held or tells_act(sents[k]):
            break
        out.append((k, held))
    return out
