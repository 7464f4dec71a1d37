"""Report NLP on a Dask cluster: extraction fans out, facts are written here, once.

``custody ingest --cluster local`` starts a :class:`distributed.LocalCluster` of worker
processes on this machine (``local:N`` for N of them); ``--cluster tcp://host:8786`` joins
a running scheduler, whose workers must have custody-graph installed (same version: they
run this module's :func:`extract_batch`).

How work is shared:

- each worker process loads the spaCy pipeline once, when it joins
  (:class:`PipelineLoader`, a worker plugin; :func:`ingest.report_ingest.shared_pipeline`
  keeps it for the process);
- a task takes a batch of documents' texts and returns their extraction results
  (:class:`~ingest.bounded.Outcome`: plain dataclasses, never spaCy Docs), within the same
  :class:`~ingest.bounded.Bounds` (chunks, time budget) as a local run;
- the ingesting process keeps a bounded number of tasks in flight and takes results back in
  document order, so names are resolved and each document's batch is written exactly as a
  single-process run would, once (writes merge on ids keyed by the document's hash; the
  Neo4j store writes in managed transactions that the driver retries on transient errors);
- a task lost with its worker is retried on another; a batch that still fails, or one
  document that breaks the NLP, becomes a failure entry naming that document, and the others
  go on.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin

from graph.errors import CustodyError
from ingest.bounded import Bounds, ChunkCallback, Outcome, extract_bounded

__all__ = ["ClusterError", "ClusterSpec", "DaskExtractor", "PipelineLoader", "extract_batch", "parse_cluster"]

_LOCAL = re.compile(r"^local(?::(\d+))?$")
_ADDRESS = re.compile(r"^(tcp|tls|ws|wss|inproc)://\S+$")


class ClusterError(CustodyError):
    """A cluster that cannot be named, started or reached; one line, no stack trace."""


@dataclass(frozen=True, slots=True)
class ClusterSpec:
    """``local`` (``workers`` processes here) or a scheduler ``address``."""

    address: str | None = None
    workers: int | None = None


def parse_cluster(spec: str) -> ClusterSpec:
    """``local``, ``local:N`` or a scheduler address such as ``tcp://10.0.0.5:8786``.

    >>> parse_cluster("local:2")
    ClusterSpec(address=None, workers=2)
    >>> parse_cluster("tcp://10.0.0.5:8786").address
    'tcp://10.0.0.5:8786'
    """
    text = spec.strip()
    m = _LOCAL.match(text)
    if m:
        workers = int(m.group(1)) if m.group(1) else None
        if workers == 0:
            raise ClusterError(f"--cluster {spec}: a local cluster needs at least one worker")
        return ClusterSpec(workers=workers)
    if _ADDRESS.match(text):
        return ClusterSpec(address=text)
    raise ClusterError(f"--cluster {spec!r}: give 'local', 'local:N' (N worker processes) or a scheduler address "
                       "such as tcp://host:8786")


class PipelineLoader(WorkerPlugin):
    """Loads the custody pipeline in each worker process as it joins, once."""

    name = "custody-nlp-pipeline"

    def setup(self, worker: Any) -> None:
        from ingest.report_ingest import shared_pipeline

        shared_pipeline()


def extract_batch(texts: Sequence[tuple[str, str | None]], bounds: Bounds) -> list[Outcome]:
    """The task a worker runs: one outcome per ``(text, doc_date)``, in order.

    One document that breaks the NLP fails alone: the batch is then done one by one.
    """
    from ingest.report_ingest import shared_pipeline

    nlp = shared_pipeline()
    try:
        return list(extract_bounded(nlp, texts, bounds))
    except Exception:  # find the document at fault; the rest of the batch is fine
        out: list[Outcome] = []
        for one in texts:
            try:
                out.extend(extract_bounded(nlp, [one], bounds))
            except Exception as exc:
                out.append(Outcome(None, error=f"the NLP failed on it: {type(exc).__name__}: {exc}"))
        return out


class DaskExtractor:
    """An :class:`~ingest.report_ingest.Extractor` that runs the NLP on a Dask cluster.

    Open one with :meth:`open` (it starts or joins the cluster and closes what it started).
    ``docs_per_task`` and ``chars_per_task`` bound a task; ``window`` is how many tasks are in
    flight at once (default: two per worker thread), which bounds the memory of a long run.
    """

    def __init__(self, client: Client, *, docs_per_task: int = 16, chars_per_task: int = 200_000,
                 window: int | None = None) -> None:
        self.client = client
        self.docs_per_task = max(1, docs_per_task)
        self.chars_per_task = max(1, chars_per_task)
        threads = sum(client.nthreads().values()) or 1
        self.window = window or 2 * threads

    @classmethod
    @contextlib.contextmanager
    def open(cls, spec: str | ClusterSpec, *, connect_timeout: float = 15.0,
             **options: Any) -> Iterator[DaskExtractor]:
        """Start (``local``) or join (an address) a cluster, with the pipeline loaded on every worker.

        ``connect_timeout`` is how long to wait for a scheduler at an address; ``options`` go to
        the constructor.

        Raises
        ------
        ClusterError
            A spec that is neither, a scheduler that cannot be reached, a cluster that will not start.
        """
        parsed = parse_cluster(spec) if isinstance(spec, str) else spec
        with contextlib.ExitStack() as stack:
            try:
                if parsed.address is None:
                    cluster = stack.enter_context(LocalCluster(
                        n_workers=parsed.workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                        host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR))
                    client = stack.enter_context(Client(cluster))
                else:
                    client = stack.enter_context(Client(parsed.address, timeout=f"{connect_timeout}s"))
                client.register_plugin(PipelineLoader())
            except CustodyError:
                raise
            except (OSError, TimeoutError) as exc:
                where = parsed.address or "a local cluster"
                raise ClusterError(f"cannot reach the Dask scheduler at {where}: {exc}") from exc
            except Exception as exc:  # a worker that cannot import us or load the model
                raise ClusterError(f"the Dask cluster could not be set up: {type(exc).__name__}: {exc}") from exc
            yield cls(client, **options)

    def _tasks(self, texts: Sequence[tuple[str, str | None]]) -> Iterator[list[int]]:
        batch: list[int] = []
        chars = 0
        for i, (text, _) in enumerate(texts):
            if batch and (len(batch) >= self.docs_per_task or chars + len(text) > self.chars_per_task):
                yield batch
                batch, chars = [], 0
            batch.append(i)
            chars += len(text)
        if batch:
            yield batch

    def __call__(self, texts: Sequence[tuple[str, str | None]], bounds: Bounds,
                 on_chunk: ChunkCallback | None = None) -> Iterator[Outcome]:
        """Outcomes in the order of ``texts``; ``on_chunk`` hears of a long document when it is done."""
        in_flight: deque[tuple[list[int], Future]] = deque()
        tasks = self._tasks(texts)

        def submit() -> bool:
            indexes = next(tasks, None)
            if indexes is None:
                return False
            future = self.client.submit(extract_batch, [texts[i] for i in indexes], bounds, pure=False, retries=2)
            in_flight.append((indexes, future))
            return True

        try:
            while len(in_flight) < self.window and submit():
                pass
            while in_flight:
                indexes, future = in_flight.popleft()
                try:
                    outcomes = future.result()
                except Exception as exc:  # the task failed on every try (workers lost)
                    outcomes = [Outcome(None, error=f"the cluster could not process it: {type(exc).__name__}: "
                                                    f"{exc}") for _ in indexes]
                submit()
                for i, outcome in zip(indexes, outcomes, strict=True):
                    if on_chunk is not None and outcome.chunks > 1 and outcome.extraction is not None:
                        on_chunk(i, outcome.chunks, outcome.chunks)
                    yield outcome
        finally:
            for _, future in in_flight:
                future.cancel()
