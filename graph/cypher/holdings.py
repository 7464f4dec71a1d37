"""The holding index read (``Store.holdings``) with its staleness check in the same query.

The index is kept by writes marking what they changed (``(:HoldingChanged)``, see
:mod:`graph.neo4j_holdings`); a read must first rewrite the rows of anything marked. Asking
"is anything marked?" in a query of its own cost reverse reach one more round trip per level
of its search, so :data:`HOLDINGS_IF_CURRENT` asks it and reads the rows at once.
"""

from __future__ import annotations

from typing import Final

__all__ = ["HOLDINGS_IF_CURRENT"]

HOLDINGS_IF_CURRENT: Final = """
CALL () { MATCH (c:HoldingChanged) RETURN count(c) > 0 AS stale }
CALL (stale) {
  UNWIND CASE WHEN stale THEN [] ELSE $holders END AS p
  MATCH (h:Holding {party: p}) WHERE h.kind = 'HOLDER'
  RETURN collect(properties(h)) AS held
}
CALL (stale) {
  UNWIND CASE WHEN stale THEN [] ELSE $places END AS p
  MATCH (h:Holding {party: p}) WHERE h.kind = 'AT_LOCATION'
  RETURN collect(properties(h)) AS stayed
}
RETURN stale, held + stayed AS rows
"""
"""One row: ``stale`` (some change is not in the index yet: the caller refreshes it and reads
again, the rows are then empty), and ``rows``, the ``properties`` of the index rows of items
held by ``$holders`` or staying at ``$places`` (as :data:`graph.neo4j_holdings.HOLDINGS`).
Steps: count the change marks (from the count store, no scan); unless there are some, seek
each holder's and each place's rows on the ``party`` index and keep those of the right kind."""
