"""Versions for compare-and-set writes (``Store.write_if``): an integer ``_version`` on ``:Node``.

A conditional write is one write transaction: lock and read the versions
(:data:`LOCK_VERSIONS`), compare them in Python with what the caller read, write the batch,
add one to each version (:data:`BUMP_VERSIONS`). Neo4j reads committed data, so two
transactions may both read a version before either writes it; taking each node's write
lock first (a throwaway ``_lock`` property set and removed, the pattern of the Neo4j
manual's "lost updates" section) makes the second wait until the first commits, and then
read the version the first wrote.
"""

from __future__ import annotations

from typing import Final

__all__ = ["BUMP_VERSIONS", "LOCK_VERSIONS", "VERSIONS"]

LOCK_VERSIONS: Final = """
UNWIND $ids AS id
MERGE (n:Node {id: id})
SET n._lock = true
WITH n, id
REMOVE n._lock
RETURN id, coalesce(n._version, 0) AS version
"""
"""Steps: for each of ``$ids`` (sorted by the caller, so two writers lock in one order),
``MERGE`` its ``:Node`` (a placeholder if it is not written yet, so an id that names no
node is versioned all the same, as in the embedded store), take its write lock, and read
its version (0 when it has none)."""

BUMP_VERSIONS: Final = """
UNWIND $ids AS id
MATCH (n:Node {id: id})
SET n._version = coalesce(n._version, 0) + 1
"""

VERSIONS: Final = """
UNWIND $ids AS id
MATCH (n:Node {id: id})
RETURN id, coalesce(n._version, 0) AS version
"""
