"""Operations run off the server's event loop, each in a worker thread with a loop of its own.

Resolving a large answer is CPU work in Python: tens of thousands of fields, each a small
coroutine. On the server's loop that work kept ``/health`` and every other client waiting, and
the per-operation timeout could not fire until the loop came back (a 20 s limit answered after
171 s on a 10k store). Here the server's loop only waits: the timeout answers on time, and the
operation's own loop is told to cancel the execution, which stops at its next await; its store
reads stop at the deadline inside the store call (:mod:`graph.deadline`).

A query that ran quickly the last time its text was asked (:class:`QuickTexts`), on a store in this
process, asked by the only connection that asked lately (:class:`RecentPeers`) while no operation
runs in a worker (:attr:`OffLoop.running`), runs on the server's loop instead: the trip to a worker
and back (two thread wake-ups, a future handed between loops) cost more than resolving a custody
chain. With several callers, operations go to workers: there requests overlap (SQLite reads
without the GIL), where on the loop they would take turns.
Its store reads still stop at the deadline inside the store; a run that takes more than :data:`QUICK_S` of CPU (or
:data:`QUICK_WALL_S` of wall time) sends the text's next run back to a worker.

Each worker keeps its event loop from one operation to the next: ``asyncio.run`` made and tore
down a loop (and its default executor) per operation, about 0.2 ms of CPU on every request.
What an operation leaves running on its loop is cancelled before the next one starts, as
``asyncio.run`` would.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

__all__ = ["QUICK_S", "QUICK_WALL_S", "OffLoop", "QuickTexts", "RecentPeers"]

T = TypeVar("T")

QUICK_S = 0.025
"""An operation that ran within this many seconds of its thread's CPU time, and within
:data:`QUICK_WALL_S` of wall time, may run on the server's loop the next time its text is asked.
CPU time, because on a loaded machine the wall time of a quick question is mostly waiting for a
CPU; the wall-time bound catches a store that is slow to answer without using CPU."""
QUICK_WALL_S = 0.1


class RecentPeers:
    """The connections (client address and port) that sent requests within the last ``window``
    seconds: while one connection alone asks, a quick query may run on the loop (nothing waits
    behind it); with several, operations go to workers, where they overlap.

    Parameters
    ----------
    window : float
        Seconds a connection counts after its last request.
    """

    def __init__(self, window: float = 1.0) -> None:
        self.window = window
        self._seen: dict[object, float] = {}

    def alone(self, peer: object) -> bool:
        """Note a request from ``peer``; whether no other connection sent one within the window.
        Called on the server's loop only."""
        now = time.monotonic()
        if len(self._seen) > 1 or peer not in self._seen:
            self._seen = {p: t for p, t in self._seen.items() if now - t <= self.window}
        self._seen[peer] = now
        return peer is not None and len(self._seen) == 1


class QuickTexts:
    """Query texts whose last run was quick, least recently used first out.

    Parameters
    ----------
    maxsize : int
        Texts remembered; a text not remembered runs in a worker.
    """

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._lock = threading.Lock()
        self._quick: OrderedDict[str, bool] = OrderedDict()

    def inline(self, store: object, op_type: str | None, query: object) -> bool:
        """Whether this operation may run on the server's loop: a query (never a mutation) on a
        store in this process (a Neo4j round trip would hold the loop while it waits), whose
        text's last run was quick."""
        if op_type != "query" or not isinstance(query, str) or getattr(store, "writes_in_another_process", False):
            return False
        with self._lock:
            quick = self._quick.get(query, False)
            if quick:
                self._quick.move_to_end(query)
            return quick

    def ran(self, op_type: str | None, query: object, seconds: float, cpu_seconds: float) -> None:
        """Record that a run of ``query`` took ``seconds``, ``cpu_seconds`` of them on its thread's CPU."""
        if op_type != "query" or not isinstance(query, str):
            return
        with self._lock:
            self._quick[query] = cpu_seconds <= QUICK_S and seconds <= QUICK_WALL_S
            self._quick.move_to_end(query)
            while len(self._quick) > self.maxsize:
                self._quick.popitem(last=False)


class OffLoop:
    """A pool of worker threads that run one coroutine each, on their own event loop.

    Parameters
    ----------
    workers : int
        Operations that run at the same time; more wait for a free worker (their time counts).
    """

    def __init__(self, workers: int = 8) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="custody-operation")
        self._lock = threading.Lock()
        self._local = threading.local()
        self._loops: list[asyncio.AbstractEventLoop] = []
        self.running = 0
        """Operations awaited in workers now (changed only on the server's loop)."""

    def _loop(self) -> asyncio.AbstractEventLoop:
        """This worker thread's own event loop, made on its first operation."""
        loop: asyncio.AbstractEventLoop | None = getattr(self._local, "loop", None)
        if loop is None or loop.is_closed():
            loop = self._local.loop = asyncio.new_event_loop()
            with self._lock:
                self._loops.append(loop)
        return loop

    async def run(self, make: Callable[[], Awaitable[T]], timeout: float | None) -> T:
        """Await ``make()`` run in a worker; after ``timeout`` seconds raise :class:`TimeoutError`
        and cancel it there.

        ``make`` is called in the worker, so what it creates (DataLoaders) belongs to the
        worker's loop."""
        running: dict[str, object] = {}
        cancelled = threading.Event()

        async def go() -> T:
            task = asyncio.current_task()
            with self._lock:
                if cancelled.is_set():
                    raise asyncio.CancelledError
                running["loop"], running["task"] = asyncio.get_running_loop(), task
            return await make()

        def work() -> T:
            loop = self._loop()
            try:
                return loop.run_until_complete(go())
            finally:
                _cancel_left(loop)

        future: Future[T] = self._pool.submit(work)
        future.add_done_callback(_consume)
        self.running += 1
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            with self._lock:
                cancelled.set()
                loop, task = running.get("loop"), running.get("task")
            if isinstance(loop, asyncio.AbstractEventLoop) and isinstance(task, asyncio.Task):
                with contextlib.suppress(RuntimeError):  # the loop was closed: the server is stopping
                    loop.call_soon_threadsafe(task.cancel)
            raise
        finally:
            self.running -= 1

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            loops, self._loops = self._loops, []
        for loop in loops:
            if not loop.is_running():  # a running one belongs to an operation still finishing
                loop.close()


def _cancel_left(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel and wait out the tasks an operation left on ``loop`` (as ``asyncio.run`` does
    before closing its loop), so none of them runs during the next operation."""
    left = asyncio.all_tasks(loop)
    if not left:
        return
    for task in left:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*left, return_exceptions=True))


def _consume(future: Future[Any]) -> None:
    """A cancelled operation ends with an exception nobody awaits; read it so it is not logged."""
    if not future.cancelled():
        future.exception()
