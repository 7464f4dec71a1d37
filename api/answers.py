"""Answers kept for questions asked again, until the store changes.

Investigators and the page ask the same questions over and over (a chain opened by several
analysts, the page refreshing a view); each costs the store reads and tens of fields resolved.
An answer is kept per store, keyed on the store's data version (``data_version()``: it changes
with every committed write, by this process or any other), the caller's role (a viewer does not
see what restricted documents alone tell, and roles differ in what they may ask), the day (the
questions count to today when ``asOf`` is not given), and the query, its variables and operation
name as sent. A write makes every kept answer of that store unreachable: the next question reads
the new version and misses. Only queries are kept, and only answers without errors.

An answer is kept as its JSON (bytes), not as the dicts and lists it was made of: up to a thousand
answers of about thirty dicts and lists each (a chain's) were objects the garbage collector walked
on every pass that reached them (new answers are young: every pass). Bytes hold no references, so
the collector skips them: in process, its CPU a new chain question 0.20 -> 0.14 ms. A kept answer
is read back (``orjson.loads``, a few µs for a chain) into a copy of its own for each request.

A store without ``data_version`` (a wrapper in a test) keeps nothing.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any, TypeVar

import orjson

from graph.errors import CustodyError
from graph.store import Store

__all__ = ["AnswerCache", "data_version", "per_version"]

T = TypeVar("T")


def data_version(store: Store) -> str | None:
    """The store's data version, or ``None`` when it has none or cannot say (then nothing is kept:
    the question runs and reports what is wrong with the store)."""
    read: Callable[[], str] | None = getattr(store, "data_version", None)
    if read is None:
        return None
    try:
        return read()
    except CustodyError:
        return None


class AnswerCache:
    """Kept answers (GraphQL ``data``, kept as JSON), least recently used first out.

    Parameters
    ----------
    max_entries : int
        Answers kept per store.
    max_bytes : int
        Their total size as JSON, per store; an answer larger than a tenth of it is not kept.
    """

    def __init__(self, max_entries: int = 1024, max_bytes: int = 64 << 20) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._stores: weakref.WeakKeyDictionary[Store, _Lru] = weakref.WeakKeyDictionary()

    @staticmethod
    def key(version: str, role: str, query: str, variables: dict[str, Any] | None,
            operation_name: str | None) -> Hashable | None:
        """The key of a question, or ``None`` when its variables are not plain JSON (not kept)."""
        try:
            values = orjson.dumps(variables, option=orjson.OPT_SORT_KEYS)
        except TypeError:
            return None
        return version, role, date.today().isoformat(), query, values, operation_name

    def get(self, store: Store, key: Hashable) -> tuple[dict[str, Any], int] | None:
        """The answer kept for ``key`` (a copy of its own) and its size as JSON."""
        with self._lock:
            lru = self._stores.get(store)
            if lru is None or key not in lru.entries:
                return None
            lru.entries.move_to_end(key)
            encoded = lru.entries[key]
        return orjson.loads(encoded), len(encoded)

    def put(self, store: Store, key: Hashable, data: dict[str, Any]) -> int | None:
        """Keep ``data`` for ``key``, as its JSON; older entries of other versions than ``key``'s are
        dropped first (nothing asks for them again). Returns the size of ``data`` as JSON, or
        ``None`` when orjson cannot encode it (a lone surrogate, an integer past 64 bits): then
        nothing is kept."""
        try:
            encoded = orjson.dumps(data)
        except TypeError:
            return None
        size = len(encoded)
        if size > self.max_bytes // 10:
            return size
        with self._lock:
            lru = self._stores.get(store)
            if lru is None:
                lru = self._stores[store] = _Lru()
            version = key[0] if isinstance(key, tuple) else None
            if lru.version != version:  # the store changed: what was kept can no longer be asked for
                lru.entries.clear()
                lru.size, lru.version = 0, version
            if key in lru.entries:
                lru.size -= len(lru.entries.pop(key))
            lru.entries[key] = encoded
            lru.size += size
            while lru.entries and (len(lru.entries) > self.max_entries or lru.size > self.max_bytes):
                lru.size -= len(lru.entries.popitem(last=False)[1])
        return size


class _Lru:
    def __init__(self) -> None:
        self.entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self.size = 0
        self.version: object = None


_per_version: weakref.WeakKeyDictionary[Store, tuple[str, dict[Hashable, Any]]] = weakref.WeakKeyDictionary()
_per_version_lock = threading.Lock()


def per_version(store: Store, version: str, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, kept for ``store`` at data version ``version`` under ``key``: what every request
    reads of the store first (the merges in force) is read again only after a write."""
    with _per_version_lock:
        kept = _per_version.get(store)
        if kept is not None and kept[0] == version and key in kept[1]:
            return kept[1][key]
    value = make()
    with _per_version_lock:
        kept = _per_version.get(store)
        if kept is None or kept[0] != version:
            kept = _per_version[store] = (version, {})
        kept[1][key] = value
    return value
