"""Numbers written in words: one table for the quantity rules (``entity_quantities``: "Thirty-seven
rifles") and the dates counted from another ("two days later": ``dates``)."""

from __future__ import annotations

#: "zero" to "nineteen", by value.
UNIT_WORDS: dict[str, int] = {
    w: n
    for n, w in enumerate([
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    ])
}
