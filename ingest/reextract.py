"""Re-extraction: run the current NLP again over reports an older extractor version read, and
replace what it said.

Every evidence record carries its extractor's name and version
(:data:`ingest.nlp.extract.EXTRACTOR_NAME`, ``EXTRACTOR_VERSION``). :func:`stale_documents`
lists the documents with evidence from another version of the report extractor. For each,
:func:`plan_reextraction` reads the report's text again, runs the current extraction (where
the ingester runs it: here, in worker processes or on a Dask cluster, within the same bounds
as an ingest) and builds the new facts with the same resolution as an ingest;
:func:`apply_plan` then swaps them in with one store call,
:meth:`~graph.store.Store.delete_evidence`: that extractor's evidence of that document goes,
the new facts come, and facts left with no evidence go (a node only when nothing refers to it),
in one transaction. Facts from manifests, other documents and analysts' merge and split
decisions keep their own evidence and are untouched.

The text: the store keeps each document's file path and sha256, so the file is read again from
that path, and refused (with the reason) when it is gone or its sha256 differs: facts must come
from the very text they cite.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import CustodyError
from graph.records import Batch, Deletion, Event, Node
from graph.store import Store
from ingest import report_ingest
from ingest.bounded import ChunkCallback, oversize
from ingest.report_ingest import ReportIngester, facts_from_extraction
from ingest.reports import ReportError, read_report

__all__ = ["Plan", "apply_plan", "plan_reextraction", "read_source", "stale_documents"]


@dataclass
class Plan:
    """One document's re-extraction: the new facts, or why there are none.

    ``status`` is ``ready`` (``batch`` holds the new facts), ``refused`` (the text cannot be had
    as it was) or ``failed`` (the NLP gave up on it). ``preview`` is what the swap would remove
    (a dry run) and ``subjects`` the items and shipments whose events it touches, old or new.
    """

    document: Node
    versions: set[str]
    status: str = "ready"
    message: str = ""
    batch: Batch | None = None
    preview: Deletion | None = None
    subjects: set[str] = field(default_factory=set)

    @property
    def path(self) -> str:
        return str(self.document.props.get("path") or self.document.name)


def stale_documents(store: Store, version: str | None = None) -> list[tuple[Node, set[str]]]:
    """Documents with evidence from a version of the report extractor other than ``version``
    (default: the current one), with the versions found, in id order."""
    version = version or report_ingest.EXTRACTOR_VERSION
    found = store.extractor_versions(report_ingest.EXTRACTOR_NAME)
    stale = {doc: versions for doc, versions in found.items() if versions - {version}}
    nodes = store.nodes(stale)
    return [(nodes[doc], stale[doc]) for doc in sorted(stale) if doc in nodes]


def read_source(document: Node) -> tuple[bytes, str, dict[str, object]]:
    """The document's file as it was ingested: bytes, text and metadata.

    Raises
    ------
    CustodyError
        No file path is recorded (a pasted report), the file is gone, cannot be read, or its
        sha256 is not the one stored.
    """
    path = document.props.get("path")
    sha = document.props.get("sha256")
    if not path or not Path(str(path)).is_file():
        where = f"{path}: the file is gone" if path else "no source file is recorded (it was ingested as text)"
        raise CustodyError(f"{where}; cannot re-read {document.id} ({document.name}); put the same file back at "
                           "that path to re-extract it")
    try:
        data = Path(str(path)).read_bytes()
        text, meta = read_report(str(path))
    except (OSError, ReportError) as exc:
        raise CustodyError(f"{path}: cannot re-read {document.id}: {exc}") from exc
    now = hashlib.sha256(data).hexdigest()
    if now != sha:
        raise CustodyError(f"{path}: the file changed since it was ingested as {document.id} (sha256 {now[:12]}… "
                           f"now, {str(sha)[:12]}… then); its facts must come from the text they cite, so it is "
                           "not re-extracted (ingest the new file as a new document)")
    return data, text, meta


def plan_reextraction(store: Store, ingester: ReportIngester, documents: Sequence[tuple[Node, set[str]]],
                      on_chunk: ChunkCallback | None = None) -> Iterator[Plan]:
    """One :class:`Plan` per document, in order; nothing is written."""
    plans = [Plan(doc, versions) for doc, versions in documents]
    sources: list[tuple[Plan, bytes, str]] = []
    texts: list[tuple[str, str | None]] = []
    for plan in plans:
        try:
            data, text, meta = read_source(plan.document)
        except CustodyError as exc:
            plan.status, plan.message = "refused", str(exc)
            continue
        too_big = oversize(text, ingester.bounds)
        if too_big is not None:
            plan.status, plan.message = "failed", f"{plan.path}: {too_big}"
            continue
        date = plan.document.props.get("published") or meta.get("date")
        sources.append((plan, data, text))
        texts.append((text, str(date) if date else None))
    outcomes = ingester.outcomes(texts, on_chunk)
    ready = iter(zip(sources, outcomes, strict=True))
    for plan in plans:
        if plan.status != "ready":
            yield plan
            continue
        (_, data, text), outcome = next(ready)
        if outcome.extraction is None:
            plan.status, plan.message = "failed", f"{plan.path}: {outcome.error}"
            yield plan
            continue
        doc = plan.document
        builder = facts_from_extraction(
            store.model, ingester.resolver, outcome.extraction, title=doc.name, data=data, text=text,
            published=doc.props.get("published"), path=plan.path,
            sensitivity=str(doc.props.get("sensitivity") or "public"))
        ingester.resolver.drain_merges()
        plan.batch = builder.batch
        plan.preview = store.delete_evidence(doc.id, report_ingest.EXTRACTOR_NAME, replacement=plan.batch,
                                             dry_run=True)
        plan.subjects = subjects_of(plan.preview.touched) | subjects_of(plan.batch.events)
        yield plan


def subjects_of(events: Sequence[Event]) -> set[str]:
    return {e.subject for e in events}


def apply_plan(store: Store, plan: Plan) -> Deletion:
    """Swap a ready plan's facts in (one transaction); what was removed."""
    if plan.batch is None:
        raise ValueError(f"{plan.document.id}: the plan is {plan.status}, not ready")
    return store.delete_evidence(plan.document.id, report_ingest.EXTRACTOR_NAME, replacement=plan.batch)
