"""Mutations: ingest a report or a file, merge and split entities. Each is recorded with who
did it: ingestion in the audit log, merges and splits in the graph itself (see
:mod:`api.resolution`)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import inspect
import json
import re
import tempfile
from pathlib import Path, PurePath
from typing import Any, cast

import strawberry
from strawberry.file_uploads import Upload
from strawberry.scalars import JSON
from strawberry.types import Info

from api.resolution import Decision, Merges, merge, split
from api.schema.common import context
from api.schema.document import Document
from api.schema.entity import Entity, to_entity
from graph.errors import CustodyError, InvalidInput, LimitExceeded
from graph.store import Store

__all__ = ["IngestResult", "MergeDecision", "MergeResult", "Mutation", "merge_decisions_query"]

SENSITIVITIES = ("public", "restricted")
_SAFE_NAME = re.compile(r"[^\w.\-() ]+")


# -- ingestion ---------------------------------------------------------------------------------

@strawberry.input(description="About a pasted report.")
class ReportMeta:
    title: str
    published: str | None = strawberry.field(default=None, description="Partial ISO date.")
    url: str | None = None
    sensitivity: str = strawberry.field(default="public", description="public or restricted.")


@strawberry.type
class IngestFileResult:
    name: str
    status: str
    message: str | None
    rows_rejected: int


@strawberry.type(description="What an ingestion did: per file, rows rejected, and the ingester's exit code "
                             "(0 all good, non-zero when something was rejected or failed).")
class IngestResult:
    ok: bool
    exit_code: int
    rows_rejected: int
    files: list[IngestFileResult]
    details: JSON = strawberry.field(description="The ingester's full summary.")


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "__dict__"):
        return {k: _jsonable(v) for k, v in vars(value).items() if not k.startswith("_")}
    return str(value)


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, (list, tuple)):
        return len(value)
    return 0


def _attr(obj: Any, data: dict[str, Any], *names: str) -> Any:
    """The first of ``names`` that ``obj`` has as an attribute (a property counts) or ``data`` as a key."""
    for name in names:
        if not isinstance(obj, dict) and hasattr(obj, name):
            return getattr(obj, name)
        if name in data:
            return data[name]
    return None


_MAX_ERRORS = 100  # rejected rows listed per file in `details`; the counts stay exact


def summary_result(summary: Any) -> IngestResult:
    """Read the ingester's summary into an :class:`IngestResult`.

    ``ingest.runner.IngestSummary`` has ``results`` (one ``FileResult`` per file: path, status,
    message, rows_rejected), and ``rows_rejected`` and ``exit_code`` as properties; a report
    ingester may answer with a dict of the same names. The whole summary goes into
    ``details``, with at most 100 rejected rows per file."""
    data = _jsonable(summary)
    if not isinstance(data, dict):
        data = {"result": data}
    raw_files: Any = _attr(summary, data, "results", "files", "per_file") or []
    single = not raw_files and _attr(summary, data, "status") is not None
    if single:  # one file's result (ingest_report_text answers with a FileResult)
        raw_files = [summary]
    if isinstance(raw_files, dict):
        raw_files = [{"name": k, **(v if isinstance(v, dict) else {"status": v})} for k, v in raw_files.items()]
    files = []
    for f in raw_files if isinstance(raw_files, list) else []:
        fd = _jsonable(f)
        fd = fd if isinstance(fd, dict) else {"name": str(fd)}
        name = str(_attr(f, fd, "path", "name", "file") or "?")
        error = _attr(f, fd, "error")
        status = str(_attr(f, fd, "status") or ("failed" if error else "ingested"))
        rejected = _count(_attr(f, fd, "rows_rejected", "rejected") or 0)
        message = _attr(f, fd, "message") or error
        files.append(IngestFileResult(name=PurePath(name).name, status=status,
                                      message=str(message) if message else None, rows_rejected=rejected))
    for fd in data.get("results", []) if isinstance(data.get("results"), list) else []:
        if isinstance(fd, dict) and isinstance(fd.get("errors"), list) and len(fd["errors"]) > _MAX_ERRORS:
            fd["errors_not_shown"] = len(fd["errors"]) - _MAX_ERRORS
            fd["errors"] = fd["errors"][:_MAX_ERRORS]
    rejected_total = _count(_attr(summary, data, "rows_rejected", "rejected") or sum(f.rows_rejected for f in files))
    exit_code = _attr(summary, data, "exit_code")
    if exit_code is None and single:  # the runner's rule: 2 unreadable, 1 rows rejected or aborted
        status = files[0].status
        exit_code = 2 if status == "failed" else 1 if status == "aborted" or rejected_total else 0
    exit_code = exit_code if isinstance(exit_code, int) else 0 if exit_code is None else 1
    data.update(exit_code=exit_code, rows_rejected=rejected_total)
    return IngestResult(ok=exit_code == 0, exit_code=exit_code, rows_rejected=rejected_total, files=files,
                        details=cast(JSON, data))


def _call_with(fn: Any, *args: Any, **optional: Any) -> Any:
    """Call ``fn`` with the optional keywords its signature accepts (the ingesters evolve)."""
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        params = {}  # type: ignore[assignment]
    takes_kw = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    return fn(*args, **{k: v for k, v in optional.items() if takes_kw or k in params})


@functools.cache
def _nlp() -> Any:
    """The spaCy pipeline, loaded once per process (it takes seconds) for uploaded reports."""
    from ingest.nlp.pipeline import load_pipeline

    return load_pipeline()


def _ingest_file(ingest_paths: Any, store: Store, path: Path, sensitivity: str, bounds: Any = None) -> Any:
    """Run the batch runner on one file, as ``custody ingest`` does: tables by the structured
    ingester, reports by the NLP one (when it is installed; otherwise the runner lists the
    report as skipped, with the reason)."""
    optional: dict[str, Any] = {"sensitivity": sensitivity}
    try:
        from ingest.report_ingest import ReportIngester
        from ingest.resolve import Resolver
    except ImportError:
        pass
    else:
        resolver = Resolver(store, store.model)
        nlp = _nlp() if path.suffix.lower() in (".txt", ".html", ".htm", ".pdf", ".md") else None
        optional.update(resolver=resolver, report_ingester=ReportIngester(store, resolver, sensitivity=sensitivity,
                                                                          nlp=nlp, bounds=bounds))
    return _call_with(ingest_paths, store, [path], **optional)


def _unplaced(text: str, folder: str) -> str:
    """``text`` without ``folder`` (a server path) in front of the file names it mentions."""
    return text.replace(folder + "/", "").replace(folder + "\\", "").replace(folder, "upload")


def _sensitivity(value: str) -> str:
    if value not in SENSITIVITIES:
        raise InvalidInput(f"sensitivity must be one of {', '.join(SENSITIVITIES)}, got {value!r}")
    return value


def safe_file_name(name: str | None) -> str:
    """The upload's own file name, without any folder part and without odd characters: the
    ingesters pick a reader by its extension, and it must not climb out of the temp dir."""
    base = PurePath((name or "").replace("\\", "/")).name
    base = _SAFE_NAME.sub("_", base).strip(" .")
    if not base or "." not in base:
        raise InvalidInput(f"the upload needs a file name with an extension (got {name!r})")
    return base[:200]


# -- merges ------------------------------------------------------------------------------------

@strawberry.type(description="An entity-resolution decision: a merge, or a split that undoes one. Never edited.")
class MergeDecision:
    decision_record: strawberry.Private[Decision]

    @strawberry.field(description="The SAME_AS relation that records it.")
    def id(self) -> strawberry.ID:
        return strawberry.ID(self.decision_record.relation)

    @strawberry.field(description="merge or split.")
    def decision(self) -> str:
        return self.decision_record.decision

    @strawberry.field(description="The entity merged away (or split back out).")
    def merged_id(self) -> strawberry.ID:
        return strawberry.ID(self.decision_record.source)

    @strawberry.field(description="The entity it was merged into.")
    def canonical_id(self) -> strawberry.ID:
        return strawberry.ID(self.decision_record.target)

    @strawberry.field
    def author(self) -> str:
        return self.decision_record.author

    @strawberry.field
    def reason(self) -> str:
        return self.decision_record.reason

    @strawberry.field
    def at(self) -> str:
        return self.decision_record.at

    @strawberry.field(description="The Decision document recorded as the evidence.")
    async def document(self, info: Info) -> Document | None:
        node = await context(info).loaders.node(self.decision_record.document)
        return Document(node=node) if node is not None else None


@strawberry.type
class MergeResult:
    canonical: Entity
    decisions: list[MergeDecision]


async def _merges(info: Info) -> Merges:
    ctx = context(info)
    return await ctx.call(Merges.load, ctx.base_store)


async def merge_decisions_query(info: Info, id: strawberry.ID | None = None) -> list[MergeDecision]:
    """Every merge and split, oldest first; with `id`, those naming that entity."""
    merges = await _merges(info)
    return [MergeDecision(decision_record=d) for d in merges.decisions
            if id is None or str(id) in (d.source, d.target)]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Ingest a pasted report (needs the ingester role). Its facts get evidence from "
                                     "a Document made of this text; the same text twice changes nothing.")
    async def ingest_report(self, info: Info, text: str, meta: ReportMeta) -> IngestResult:
        ctx = context(info)
        ctx.require("ingest")
        if not text.strip():
            raise InvalidInput("the report text is empty")
        if not meta.title.strip():
            raise InvalidInput("the report needs a title")
        try:
            from ingest.report_ingest import ingest_report_text  # written by the ingest team; may not exist yet
        except ImportError:
            raise InvalidInput("report ingestion is not available") from None
        details = {"published": meta.published, "url": meta.url, "sensitivity": _sensitivity(meta.sensitivity),
                   "author": ctx.author}
        summary = await ctx.call(ingest_report_text, ctx.base_store, text, meta.title,
                                 {k: v for k, v in details.items() if v is not None})
        return summary_result(summary)

    @strawberry.mutation(description="Ingest an uploaded report or manifest (multipart upload; needs the ingester "
                                     "role). The file keeps its name, which tells the ingester its format.")
    async def ingest_file(self, info: Info, file: Upload, sensitivity: str = "public") -> IngestResult:
        ctx = context(info)
        ctx.require("ingest")
        _sensitivity(sensitivity)
        if not hasattr(file, "read"):
            raise InvalidInput("`file` must be a multipart file upload")
        name = safe_file_name(getattr(file, "filename", None))
        try:
            from ingest.runner import ingest_paths
        except ImportError:
            raise InvalidInput("file ingestion is not available") from None
        with tempfile.TemporaryDirectory(prefix="custody-upload-") as tmp:
            path = Path(tmp) / name
            size = 0
            with path.open("wb") as out:
                while chunk := await file.read(1 << 20):
                    size += len(chunk)
                    if size > ctx.settings.max_upload_bytes:
                        raise LimitExceeded(f"the upload is larger than the {ctx.settings.max_upload_bytes:,} "
                                            "byte limit")
                    out.write(chunk)
            if size == 0:
                raise InvalidInput(f"the uploaded file {name!r} is empty")
            # rejected rows come back in the answer (`details`), not in a shared error-report file
            try:
                summary = await ctx.call(_ingest_file, ingest_paths, ctx.base_store, path, sensitivity,
                                         ctx.settings.report_bounds())
            except CustodyError as exc:
                exc.args = tuple(_unplaced(str(a), tmp) for a in exc.args)
                raise
            result = summary_result(summary)
            # the server's temp folder means nothing to the caller (and is not theirs to know): name the
            # file as they did, in the messages and in the details
            result.details = cast(JSON, json.loads(_unplaced(json.dumps(result.details), json.dumps(tmp)[1:-1])))
            for f in result.files:
                f.message = _unplaced(f.message, tmp) if f.message else f.message
        with contextlib.suppress(Exception):
            await file.close()  # type: ignore[attr-defined]  # a starlette UploadFile
        return result

    @strawberry.mutation(description="Record that `ids` are the same entity as `into` (needs the analyst role). The "
                                     "decision is kept with your name and reason; `splitEntity` undoes it.")
    async def merge_entities(self, info: Info, into: strawberry.ID, ids: list[strawberry.ID], reason: str
                             ) -> MergeResult:
        ctx = context(info)
        ctx.require("resolve")
        if len(ids) > ctx.settings.max_page_size:
            raise LimitExceeded(f"merge at most {ctx.settings.max_page_size} entities at once")
        decisions = await ctx.call(merge, ctx.base_store, str(into), [str(i) for i in ids],
                                   author=ctx.author, reason=reason)
        target = decisions[0].target
        fresh = await _merges(info)
        node = (await ctx.call(fresh.view(ctx.base_store).nodes, [target]))[target]
        return MergeResult(canonical=to_entity(node), decisions=[MergeDecision(decision_record=d) for d in decisions])

    @strawberry.mutation(description="Undo the merge of `id` (needs the analyst role): it reads as itself again. "
                                     "The merge stays on record.")
    async def split_entity(self, info: Info, id: strawberry.ID, reason: str) -> MergeDecision:
        ctx = context(info)
        ctx.require("resolve")
        decision = await ctx.call(split, ctx.base_store, str(id), author=ctx.author, reason=reason)
        return MergeDecision(decision_record=decision)
