"""The holding index read (``Store.holdings``) with its staleness check in the same query.

The index is kept by writes marking what they changed (``(:HoldingChanged)``, see
:mod:`graph.neo4j_holdings`); a read must first rewrite the rows of anything marked. Asking
"is anything marked?" in a query of its own cost reverse reach one more round trip per level
of its search, so :data:`HOLDINGS_IF_CURRENT` asks it and reads the rows at once.

Both queries take ``$spans`` (a map: party id to a list of ``[start, end]``, ISO days or null
for an open end) and ``$skip`` (item ids), the filters of ``Store.holdings``
(:func:`graph.holdings.wanted`): a row is kept when its item is not skipped and, if its party
has spans, its interval meets one of them. Rows and spans are closed intervals of ISO days, which
compare as text in date order. Reverse reach asks only for the rows that can still give it a
path, so the server reads each row's properties once and sends only those.
"""

from __future__ import annotations

from typing import Final

__all__ = ["HOLDINGS", "HOLDINGS_IF_CURRENT"]

_WANTED: Final = """NOT h.item IN $skip
    AND ($spans[p] IS NULL OR any(s IN $spans[p] WHERE (s[1] IS NULL OR h.start IS NULL OR h.start <= s[1])
                                                 AND (s[0] IS NULL OR h.end IS NULL OR h.end >= s[0])))"""

HOLDINGS_IF_CURRENT: Final = """
CALL () { MATCH (c:HoldingChanged) RETURN count(c) > 0 AS stale }
CALL (stale) {
  UNWIND CASE WHEN stale THEN [] ELSE $holders END AS p
  MATCH (h:Holding {party: p}) WHERE h.kind = 'HOLDER' AND """ + _WANTED + """
  RETURN collect(properties(h)) AS held
}
CALL (stale) {
  UNWIND CASE WHEN stale THEN [] ELSE $places END AS p
  MATCH (h:Holding {party: p}) WHERE h.kind = 'AT_LOCATION' AND """ + _WANTED + """
  RETURN collect(properties(h)) AS stayed
}
RETURN stale, held + stayed AS rows
"""
"""One row: ``stale`` (some change is not in the index yet: the caller refreshes it and reads
again with :data:`HOLDINGS`, the rows are then empty), and ``rows``, the ``properties`` of the
index rows of items held by ``$holders`` or staying at ``$places`` that pass the filters.
Steps: count the change marks (from the count store, no scan); unless there are some, seek
each holder's and each place's rows on the ``party`` index and keep those of the right kind
that pass the filters."""

HOLDINGS: Final = """
UNWIND $holders AS p
MATCH (h:Holding {party: p}) WHERE h.kind = 'HOLDER' AND """ + _WANTED + """
RETURN properties(h) AS h
UNION ALL
UNWIND $places AS p
MATCH (h:Holding {party: p}) WHERE h.kind = 'AT_LOCATION' AND """ + _WANTED + """
RETURN properties(h) AS h
"""
"""Rows of items held by ``$holders`` or staying at ``$places`` that pass the filters, read
without the staleness check (after a refresh)."""
