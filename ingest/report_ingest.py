"""Reports into the graph: read (text, HTML, PDF), extract with the spaCy pipeline, resolve
names with the same :class:`~ingest.resolve.Resolver` as the manifests, write with evidence.

Every fact a report adds carries the sentence it came from, its character span, the
extractor's name and version and the extraction's confidence. Entities named in the report
become nodes (actors, locations, weapon systems, items by serial or lot); each custody event
becomes an event on the item it names. An event whose item is only a system or a category
("an NLAW launcher") is kept on an *unidentified item* node of that report, so it never
lands on a serialised item's chain by guesswork.

A report whose sha256 is already stored is skipped (a re-run resumes), and a report that
cannot be read is reported and skipped, never stopping the batch.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import re
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from spacy.language import Language

from graph.builder import FactBuilder, document_id
from graph.dates import PartialDate
from graph.errors import CustodyError, InvalidInput
from graph.ids import digest
from graph.model import Model
from graph.records import DEFAULT_MODALITY, MODALITIES, Batch, Node
from graph.store import Store
from ingest.bounded import Bounds, ChunkCallback, Outcome, extract_bounded, oversize
from ingest.manifests import FileResult
from ingest.nlp.entity_coref import canonical_mentions
from ingest.nlp.entity_quantities import count_value
from ingest.nlp.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, ExtractedEvent, Extraction, Mention
from ingest.nlp.pipeline import load_pipeline
from ingest.reports import ReportError, read_report, split_headers
from ingest.resolve import Resolution, Resolved, Resolver

__all__ = ["Extractor", "FileChunkCallback", "ReportIngester", "facts_from_extraction", "ingest_report_text",
           "sentence_span"]

ACTOR_LABELS = {"MILITARY_UNIT": "MilitaryUnit", "ARMED_GROUP": "ArmedGroup", "ORGANIZATION": "Organization",
                "PERSON": "Person", "COUNTRY": "Country"}
LOCATION_LABELS = {"DEPOT": "Depot", "BORDER_CROSSING": "BorderCrossing", "PLACE": "Place"}
#: An event whose date had to be taken from the document is less certain.
DOCUMENT_DATE_FACTOR = 0.8
_LOT = re.compile(r"^\s*lot\b", re.I)


def sentence_span(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence around ``text[start:end]`` as ``(quote, start, end)`` with
    ``text[start:end] == quote`` (no surrounding whitespace), for evidence spans.

    >>> sentence_span("First one. Police saw NLAW-1.  Next", 22, 28)
    ('Police saw NLAW-1.', 11, 29)
    """
    left = text.rfind("\n", 0, start) + 1
    dot = max(text.rfind(". ", left, start), text.rfind("\n", left, start))
    left = dot + 2 if dot >= left else left
    ends = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(ends) + 1 if ends else len(text)
    right = min(right, len(text))
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1].isspace():
        right -= 1
    return text[left:right], left, right


def _date(value: str | None) -> PartialDate | None:
    if not value:
        return None
    try:
        return PartialDate.parse(value)
    except InvalidInput:
        return None


@dataclass
class _Doc:
    """One report on its way into the store."""

    path: str
    title: str
    data: bytes
    text: str
    meta: dict[str, Any] = field(default_factory=dict)


def facts_from_extraction(
    model: Model,
    resolver: Resolver,
    extraction: Extraction,
    *,
    title: str,
    data: bytes,
    text: str,
    published: str | None,
    path: str | None = None,
    sensitivity: str = "public",
) -> FactBuilder:
    """The facts one report's extraction states, each with its evidence."""
    b = FactBuilder(model, title=title, text=data, kind="Report", extractor=EXTRACTOR_NAME,
                    version=EXTRACTOR_VERSION, sensitivity=sensitivity, published=published, path=path)
    b.keep_text(text)  # the text the extractor read: every span below points into it

    def sentence_of(m: Mention) -> tuple[str, int, int]:
        return sentence_span(text, m.start, m.end)

    def write(resolved: Resolved, quote: str, start: int, end: int, confidence: float) -> str:
        node = resolved.node()
        return b.node(node.label, node.kind, node.name, node_id=node.id, aliases=node.aliases, props=node.props,
                      quote=quote, start=start, end=end, confidence=confidence)

    # short forms and acronyms resolve to the full name; a capital standing for its government to the country
    canonical = canonical_mentions(extraction.entities, text, resolver.capital_country)
    full_names = {m.text: name for m, (name, _) in zip(extraction.entities, canonical, strict=True) if name != m.text}
    for m, (name, label) in zip(extraction.entities, canonical, strict=True):
        quote, start, end = sentence_of(m)
        if label in ACTOR_LABELS or label in LOCATION_LABELS:
            write(resolver.mention(name, {**ACTOR_LABELS, **LOCATION_LABELS}[label]), quote, start, end, 0.9)
        elif m.label == "WEAPON_SYSTEM":
            write(resolver.weapon_system(m.text), quote, start, end, 0.9)
        elif m.label == "SERIAL_NUMBER":
            with_lot = bool(_LOT.match(m.text))
            b.item(serial=None if with_lot else m.text, lot=m.text if with_lot else None, quote=quote,
                   start=start, end=end, confidence=0.9)

    document_date = _date(published)
    named = {m.text.lower() for m in extraction.entities if m.label in ACTOR_LABELS}
    for e in extraction.events:
        _event(b, resolver, e, document_date, named, full_names)
    return b


_UNNAMED = re.compile(r"^(?:an?|one|some|several|two|three|unknown|unidentified)\s", re.I)


def _actor(resolver: Resolver, name: str | None, named: set[str]) -> Resolved | None:
    """The actor a role names, if it names one: a proper name, an entity the report names,
    or an institution ("border police"); "a soldier" or "the driver" name nobody."""
    if not name or _UNNAMED.match(name):
        return None
    institution = any(term in name.lower() for term in resolver.model.law_enforcement_terms)
    if name.lower() not in named and name.islower() and not institution:
        return None
    if resolver.is_location_name(name):
        return None  # a place the report names, not a giver or receiver
    return resolver.actor(name)


def _event(b: FactBuilder, resolver: Resolver, e: ExtractedEvent, document_date: PartialDate | None,
           named: set[str], full_names: dict[str, str]) -> None:
    cite: dict[str, Any] = {"quote": e.sentence, "start": e.start, "end": e.end}
    system = resolver.weapon_system(e.system) if e.system else None
    if system is not None:
        node = system.node()
        b.node(node.label, node.kind, node.name, node_id=node.id, aliases=node.aliases, props=node.props,
               confidence=e.confidence, **cite)
    if e.item_label == "SERIAL_NUMBER":
        lot = bool(_LOT.match(e.item))
        item = b.item(serial=None if lot else e.item, lot=e.item if lot else None,
                      system=system.id if system else None, confidence=e.confidence, **cite)
    else:
        # "an NLAW launcher": an item of this report that no serial identifies
        unidentified = {"unidentified": True, "mention": e.item, "system": system.id if system else None}
        item = b.node("Item", "Item", f"{e.item} (unidentified)",
                      node_id=f"item:unidentified:{digest(b.sha256, e.start, e.item)}",
                      props={k: v for k, v in unidentified.items() if v is not None}, confidence=e.confidence,
                      **cite)
    ends = {}
    for role, name in (("from", e.from_), ("to", e.to)):
        short = name.removeprefix("the ").removeprefix("The ") if name else name
        r = _actor(resolver, full_names.get(short, name) if short else name, named)
        if r is not None:
            node = r.node()
            ends[role] = b.node(node.label, node.kind, node.name, node_id=node.id, aliases=node.aliases,
                                props=node.props, confidence=e.confidence, **cite)
    place = None
    if e.place:
        loc = resolver.location(e.place).node()
        place = b.node(loc.label, loc.kind, loc.name, node_id=loc.id, aliases=loc.aliases, props=loc.props,
                       confidence=e.confidence, **cite)
    date = _date(e.date_value)
    confidence = e.confidence
    # Every role as the extractor gave it, also those that name nobody ("a soldier") or hold
    # no date we can place ("the 1990s"): the event keeps what the sentence said, and a role the
    # sentence did not give stays there as null (the stores keep nested nulls on re-write).
    written = {"item": e.item, "system": e.system, "quantity": e.quantity, "from": e.from_written or e.from_,
               "to": e.to_written or e.to,
               "place": e.place, "date": e.date}
    props: dict[str, Any] = {"as_written": written}
    if date is None and not e.date and document_date is not None:
        # No date in the sentence: the report's own date bounds it. A date the sentence gives
        # that is no calendar date ("in the 1990s") is never replaced by the report's.
        date, confidence = document_date, round(confidence * DOCUMENT_DATE_FACTOR, 3)
        props["date_basis"] = "document"
    modality = e.modality if e.modality in MODALITIES else DEFAULT_MODALITY
    b.event(e.type, item, date, from_actor=ends.get("from"), to_actor=ends.get("to"), location=place,
            quantity=count_value(e.quantity), confidence=confidence, props=props, modality=modality, **cite)


@functools.cache
def shared_pipeline() -> Language:
    """The custody pipeline, loaded once per process (loading takes seconds; the API ingests
    one report per request, and each Dask worker process loads it once).

    Once loaded, the process's objects are moved out of the cyclic garbage collector's reach
    (:func:`gc.freeze`, after a collection that frees what is already garbage): the pipeline's
    vocabulary, patterns and tables (about 100,000 objects) stay for the life of the process,
    yet every full collection walked them all again. Ingest makes many short-lived objects
    (docs, spans, facts), so full collections come during it, each about 75 ms of CPU beside
    0.4 s for the statistical model's pass over 56 short reports."""
    nlp = load_pipeline()
    gc.collect()
    gc.freeze()
    return nlp


#: ``(path, k, n)``: chunk ``k`` of ``n`` of that report is through the NLP.
FileChunkCallback = Callable[[str, int, int], None]


class Extractor(Protocol):
    """Where the NLP runs: texts in, one :class:`~ingest.bounded.Outcome` per text out, in order."""

    def __call__(self, texts: Sequence[tuple[str, str | None]], bounds: Bounds,
                 on_chunk: ChunkCallback | None) -> Iterator[Outcome]: ...


class ReportIngester:
    """Ingest report files (the runner's pluggable report ingester) or texts.

    The spaCy pipeline is loaded on first use and kept; ``workers`` > 1 runs extraction in
    that many processes through ``nlp.pipe``; ``extractor`` runs it elsewhere instead (a Dask
    cluster, :class:`ingest.distributed.DaskExtractor`), while the facts are still resolved
    and written here, in order. ``bounds`` limits each report's size, chunk length and NLP
    time. The facts of up to ``group_documents`` consecutive reports are written in one store
    batch; a report's result is final once its group is written.
    """

    #: Reports whose facts are written in one store batch, at most (and at most so many records).
    GROUP_DOCUMENTS = 64
    GROUP_RECORDS = 20_000

    def __init__(self, store: Store, resolver: Resolver | None = None, *, workers: int = 1,
                 sensitivity: str | None = None, nlp: Language | None = None, bounds: Bounds | None = None,
                 extractor: Extractor | None = None, group_documents: int = GROUP_DOCUMENTS,
                 group_records: int = GROUP_RECORDS) -> None:
        self.store = store
        self.group_documents = max(1, group_documents)
        self.group_records = max(1, group_records)
        self.resolver = resolver or Resolver(store, store.model)
        self.workers = max(1, workers)
        self.sensitivity = sensitivity
        self.bounds = bounds or Bounds()
        self.extractor = extractor
        self._nlp = nlp

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = shared_pipeline()
        return self._nlp

    def __call__(self, store: Store, path: Path) -> FileResult:
        return next(self.ingest_files(store, [path]))

    def ingest_files(self, store: Store, paths: Sequence[Path],
                     on_done: Callable[[FileResult], None] | None = None, *,
                     on_chunk: FileChunkCallback | None = None) -> Iterator[FileResult]:
        """Read, extract and write each report; results in the order of ``paths``."""
        docs: list[_Doc] = []
        results: dict[str, FileResult] = {}
        for path in paths:
            try:
                text, meta = read_report(path)
                data = Path(path).read_bytes()
            except ReportError as exc:
                results[str(path)] = FileResult(str(path), "failed", kind="report", message=str(exc))
                continue
            except OSError as exc:
                results[str(path)] = FileResult(str(path), "failed", kind="report",
                                                message=f"{path}: cannot read: {exc.strerror or exc}")
                continue
            too_big = oversize(text, self.bounds)
            if too_big is not None:
                results[str(path)] = FileResult(str(path), "failed", kind="report", message=f"{path}: {too_big}")
                continue
            docs.append(_Doc(str(path), Path(path).name, data, text, meta))
        # Which are stored already: one read for all (a read per report was a round trip each on Neo4j).
        stored = store.nodes(document_id(d.meta["sha256"]) for d in docs)
        new: list[_Doc] = []
        for d in docs:
            known = stored.get(document_id(d.meta["sha256"]))
            if known is not None and known.props.get("sha256") == d.meta["sha256"]:
                results[d.path] = FileResult(d.path, "skipped", kind="report", document_id=known.id,
                                             message=f"already ingested as {known.id}")
            else:
                new.append(d)
        yield from self._run(store, new, results, [str(p) for p in paths], on_done, on_chunk)

    def ingest_text(self, store: Store, text: str, title: str, *, published: str | None = None,
                    sensitivity: str | None = None) -> FileResult:
        """A report given as text (the API's ``ingestReport``)."""
        if not text.strip():
            return FileResult(title, "failed", kind="report", message=f"{title}: the report is empty")
        too_big = oversize(text, self.bounds)
        if too_big is not None:
            return FileResult(title, "failed", kind="report", message=f"{title}: {too_big}")
        data = text.encode("utf-8")
        sha = hashlib.sha256(data).hexdigest()
        known = store.document_by_hash(sha)
        if known is not None:
            return FileResult(title, "skipped", kind="report", document_id=known.id,
                              message=f"already ingested as {known.id}")
        passage, found = split_headers(text)
        doc = _Doc(title, title, data, passage, {"date": published or found.get("date"), "sha256": sha})
        if sensitivity:
            doc.meta["sensitivity"] = sensitivity
        return next(self._run(store, [doc], {}, [title], None, None))

    def outcomes(self, texts: Sequence[tuple[str, str | None]],
                 on_chunk: ChunkCallback | None = None) -> Iterator[Outcome]:
        """The extraction of each ``(text, doc_date)``, within :attr:`bounds`, where the NLP runs."""
        if not texts:
            return iter(())
        if self.extractor is not None:
            return self.extractor(texts, self.bounds, on_chunk)
        return extract_bounded(self.nlp, texts, self.bounds, n_process=self.workers, on_chunk=on_chunk)

    def _run(self, store: Store, docs: list[_Doc], results: dict[str, FileResult], order: list[str],
             on_done: Callable[[FileResult], None] | None,
             on_chunk: FileChunkCallback | None) -> Iterator[FileResult]:
        def chunk_done(index: int, k: int, n: int) -> None:
            if on_chunk is not None and n > 1:
                on_chunk(docs[index].path, k, n)

        outcomes = self.outcomes([(d.text, d.meta.get("date")) for d in docs], chunk_done)
        group: list[_Built] = []
        records = 0
        # On a store whose writes run in another process (Neo4j: the server does the work, the
        # driver waits on a socket) writes run on one background thread while the next group is
        # extracted, one group in flight at most. The embedded store writes in this thread: its
        # writes hold the interpreter too, and a second thread only adds GIL hand-offs per row.
        overlap = bool(getattr(store, "writes_in_another_process", False))
        # Nodes this run has written, as written (see _write_group): an actor that every report
        # names is written once per run, not once per group.
        written: set[_NodeKey] = set()
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="report-writer") as writer:
            pending: Future[list[FileResult]] | None = None

            def flush() -> None:
                nonlocal pending
                if pending is not None:
                    for result in pending.result():
                        self._done(result, results, on_done)
                    pending = None

            for d, outcome in zip(docs, outcomes, strict=True):
                started = time.perf_counter()
                ex = outcome.extraction
                try:
                    if ex is None:
                        raise CustodyError(outcome.error or "no extraction")
                    b = facts_from_extraction(
                        store.model, self.resolver, ex, title=d.title, data=d.data, text=d.text,
                        published=d.meta.get("date"), path=d.path,
                        sensitivity=self.sensitivity or d.meta.get("sensitivity") or "public")
                    b.batch.validate(store.model)
                except CustodyError as exc:
                    self._done(FileResult(d.path, "failed", kind="report", message=f"{d.path}: {exc}"),
                               results, on_done)
                    continue
                group.append(_Built(d, ex, b, time.perf_counter() - started, self.resolver.drain_merges(),
                                    outcome.chunks))
                records += len(b.batch)
                if len(group) >= self.group_documents or records >= self.group_records:
                    flush()
                    pending = writer.submit(self._write_group, store, group, written)
                    if not overlap:
                        flush()
                    group, records = [], 0
            flush()
            if group:
                pending = writer.submit(self._write_group, store, group, written)
                flush()
        for key in order:
            if key in results:
                yield results.pop(key)

    @staticmethod
    def _done(result: FileResult, results: dict[str, FileResult],
              on_done: Callable[[FileResult], None] | None) -> None:
        results[result.path] = result
        if on_done is not None:
            on_done(result)

    @staticmethod
    def _write_group(store: Store, group: list[_Built], written: set[_NodeKey]) -> list[FileResult]:
        """Write the facts of several reports in one store batch (one transaction: on Neo4j each
        statement costs a round trip and a plan lookup, so per-report batches spent most of the
        ingest there). If that write fails, each report is written alone, so one bad report
        fails alone and the others still land.

        ``written`` holds the nodes written earlier in this run, exactly as written; they are
        left out (writing a node again with the same values changes nothing on either store,
        and evidence links itself to a fact that is already there), and the nodes of each
        successful write join it. On Neo4j a node's write also relinks every evidence of it
        written before it, so rewriting an actor that every report names cost more per group
        as the run went on."""
        started = time.perf_counter()
        if len(group) > 1:
            combined = Batch()
            for built in group:
                combined.extend(built.builder.batch)
            combined.nodes, keys = _distinct(combined.nodes, written)
            try:
                store.write(combined)
            except CustodyError:
                pass
            else:
                written.update(keys)
                share = (time.perf_counter() - started) / len(group)
                return [built.result(share) for built in group]
        out = []
        for built in group:
            one = time.perf_counter()
            batch = built.builder.batch
            nodes, keys = _distinct(batch.nodes, written)
            try:
                store.write(Batch(nodes, batch.relations, batch.events, batch.evidence, batch.texts))
            except CustodyError as exc:
                out.append(FileResult(built.doc.path, "failed", kind="report", message=f"{built.doc.path}: {exc}"))
            else:
                written.update(keys)
                out.append(built.result(time.perf_counter() - one))
        return out


#: A node as written: id, label, kind, name, aliases and its properties.
_NodeKey = tuple[str, str, str, str, tuple[str, ...], str]


def _node_key(n: Node) -> _NodeKey:
    return (n.id, n.label, n.kind, n.name, tuple(n.aliases), repr(sorted(n.props.items())))


def _distinct(nodes: list[Node], written: set[_NodeKey]) -> tuple[list[Node], list[_NodeKey]]:
    """``nodes`` without exact repeats (an actor every report names is one row, not one per
    report) and without those in ``written``; and the keys of those left."""
    seen: set[_NodeKey] = set()
    out, keys = [], []
    for n in nodes:
        key = _node_key(n)
        if key not in seen and key not in written:
            seen.add(key)
            out.append(n)
            keys.append(key)
    return out, keys


@dataclass
class _Built:
    """One report's facts, built and waiting for its group's write."""

    doc: _Doc
    extraction: Extraction
    builder: FactBuilder
    seconds: float
    merges: list[Resolution]
    chunks: int = 1

    def result(self, write_seconds: float) -> FileResult:
        ex, batch = self.extraction, self.builder.batch
        facts = len(batch.nodes) + len(batch.relations) + len(batch.events) - 1  # the Document is no fact
        return FileResult(self.doc.path, "ingested", kind="report", rows=len(ex.events),
                          rows_ingested=len(ex.events), facts=facts, evidence=len(batch.evidence),
                          document_id=self.builder.document.id, merges=self.merges,
                          notes=[f"{len(ex.entities)} entities, {len(ex.events)} custody events"]
                          + ([f"{self.chunks} chunks"] if self.chunks > 1 else []),
                          seconds=self.seconds + write_seconds)


def ingest_report_text(store: Store, text: str, title: str, meta: dict[str, Any] | None = None, *,
                       bounds: Bounds | None = None) -> FileResult:
    """Ingest one report given as text; ``meta`` may give ``published`` and ``sensitivity``."""
    meta = meta or {}
    result = ReportIngester(store, bounds=bounds).ingest_text(store, text, title, published=meta.get("published"),
                                                              sensitivity=meta.get("sensitivity"))
    store.refresh_holdings()  # the holding index of what it wrote, now rather than at the next read
    return result

