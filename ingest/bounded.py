"""Report NLP within bounds: a size limit, bounded chunks and a time budget per document.

A report's text goes through the spaCy pipeline in chunks of at most
:attr:`Bounds.chunk_chars` characters, cut at a blank line, else a sentence end, else
whitespace, else anywhere (a single-line file of megabytes still splits). Each chunk's
entities and events are shifted back by the chunk's offset, so every character span points
into the full text. A document whose chunks take longer than :attr:`Bounds.seconds` is
given up between two chunks: its outcome is an error naming where it stopped, and the other
documents go on. A text over :attr:`Bounds.max_bytes` is refused before any NLP
(:func:`oversize`).

The same function runs in the ingesting process and on Dask workers
(:mod:`ingest.distributed`), so both give the same extractions.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from ingest.nlp.dates import find_document_date
from ingest.nlp.extract import Extraction, chunk_text, from_doc, make_report_doc, shifted

__all__ = [
    "BATCH_CHUNKS",
    "DEFAULT_CHUNK_CHARS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_SECONDS",
    "Bounds",
    "ChunkCallback",
    "Outcome",
    "extract_bounded",
    "oversize",
]

#: 2 MB of text: about 350,000 words, minutes of NLP on one core.
DEFAULT_MAX_BYTES = 2_000_000
#: Chunks this long take about a second or two on one core (the budget is checked between them).
DEFAULT_CHUNK_CHARS = 20_000
DEFAULT_SECONDS = 300.0
#: A batch holds at most this many full-length chunks' worth of characters (see extract_bounded).
BATCH_CHUNKS = 8

#: ``(document index, chunk number from 1, chunks)`` once a chunk has been through the pipeline.
ChunkCallback = Callable[[int, int, int], None]


@dataclass(frozen=True, slots=True)
class Bounds:
    """Limits on one report's NLP; ``seconds=None`` for no time budget."""

    max_bytes: int = DEFAULT_MAX_BYTES
    chunk_chars: int = DEFAULT_CHUNK_CHARS
    seconds: float | None = DEFAULT_SECONDS


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document's extraction, or why there is none; ``tokens`` counts what went through."""

    extraction: Extraction | None
    error: str | None = None
    chunks: int = 1
    tokens: int = 0


def oversize(text: str, bounds: Bounds) -> str | None:
    """Why ``text`` is too large for NLP (a sentence without the file name), or None."""
    size = len(text.encode("utf-8"))
    if size <= bounds.max_bytes:
        return None
    return (f"its text is {size:,} bytes ({size / 1e6:.1f} MB), over the {_size(bounds.max_bytes)} limit for "
            "reports (CUSTODY_REPORT_MAX_BYTES); split it into smaller files or raise the limit")


def _size(n: int) -> str:
    return f"{n / 1e6:g} MB" if n >= 100_000 else f"{n:,} bytes"


@dataclass(slots=True)
class _Pending:
    index: int
    offset: int
    number: int
    chunks: int
    gave_up: bool = False


def extract_bounded(
    nlp: Language,
    texts: Iterable[tuple[str, str | None]],
    bounds: Bounds | None = None,
    *,
    batch_size: int | None = None,
    batch_chars: int | None = None,
    n_process: int = 1,
    on_chunk: ChunkCallback | None = None,
    clock: Callable[[], float] = time.monotonic,
) -> Iterator[Outcome]:
    """One :class:`Outcome` per ``(text, doc_date)``, in order, through one ``nlp.pipe`` stream.

    Parameters
    ----------
    nlp : Language
        The custody pipeline.
    texts : iterable of (text, doc_date)
        ``doc_date`` (partial ISO) anchors dates written without a year; None to look for it
        in the text's first lines.
    bounds : Bounds, optional
        Chunk length and time budget (the size limit is the caller's, see :func:`oversize`).
    batch_size : int, optional
        Chunks a batch holds at most; default the pipeline's own ``nlp.batch_size``.
    batch_chars : int, optional
        Characters a batch holds at most (default :data:`BATCH_CHUNKS` full chunks), so a batch
        of short reports is large (the statistical components run much faster per token on
        large batches) while a long report still reaches the time budget every few chunks.
    n_process : int
        As for ``nlp.pipe``; with more than one process the chunks stream through one
        ``nlp.pipe`` in batches of :data:`BATCH_CHUNKS` (its workers take whole batches).
    on_chunk : callable, optional
        Told ``(document index, k, n)`` after chunk ``k`` of ``n`` is done.
    clock : callable
        Seconds, for the time budget.

    Notes
    -----
    The budget is checked when the next chunk of a document is handed to the pipeline, so a
    document may overrun it by the chunks already in the pipeline's batch; a document of one
    chunk is never given up. Chunks of a given-up document are replaced by one empty Doc so
    that the stream stays in step.
    """
    bounds = bounds or Bounds()
    pending: deque[_Pending] = deque()

    def docs() -> Iterator[tuple[Doc, int]]:
        for index, (text, doc_date) in enumerate(texts):
            date = doc_date if doc_date is not None else find_document_date(text)
            pieces = chunk_text(text, bounds.chunk_chars)
            started = clock()
            for k, (offset, piece) in enumerate(pieces, 1):
                over = bounds.seconds is not None and k > 1 and clock() - started > bounds.seconds
                entry = _Pending(index, offset, k, len(pieces), gave_up=over)
                pending.append(entry)
                doc = make_report_doc(nlp, "" if over else piece, date)
                yield doc, 0 if over else len(piece)
                if over:
                    break

    if n_process > 1:
        stream = nlp.pipe((d for d, _ in docs()), batch_size=batch_size or BATCH_CHUNKS, n_process=n_process)
    else:
        stream = _batched(nlp, docs(), batch_size or nlp.batch_size, batch_chars or BATCH_CHUNKS * bounds.chunk_chars)
    parts: list[Extraction] = []
    tokens = 0
    for doc in stream:
        entry = pending.popleft()
        if entry.gave_up:
            parts, tokens = [], 0
            yield Outcome(None, error=(f"NLP stopped after {entry.number - 1} of {entry.chunks} chunks: over the "
                                       f"time budget of {bounds.seconds:g} s per report (CUSTODY_REPORT_SECONDS); "
                                       "nothing of it was written"), chunks=entry.chunks)
            continue
        parts.append(shifted(from_doc(doc), entry.offset))
        tokens += len(doc)
        if on_chunk is not None:
            on_chunk(entry.index, entry.number, entry.chunks)
        if entry.number == entry.chunks:
            merged = parts[0] if len(parts) == 1 else Extraction(
                entities=[m for p in parts for m in p.entities], events=[e for p in parts for e in p.events])
            yield Outcome(merged, chunks=entry.chunks, tokens=tokens)
            parts, tokens = [], 0


def _batched(nlp: Language, docs: Iterator[tuple[Doc, int]], size: int, chars: int) -> Iterator[Doc]:
    """``nlp.pipe`` over ``(doc, characters)`` in batches of at most ``size`` docs and ``chars`` characters
    (at least one doc each). A batch is filled before it runs, as ``nlp.pipe`` fills its own, so
    the time budget sees a long report's chunks as they join a batch."""
    batch: list[Doc] = []
    held = 0
    for doc, n in docs:
        if batch and (len(batch) >= size or held + n > chars):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, held = [], 0
        batch.append(doc)
        held += n
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))
