"""Report NLP on a local Dask cluster beside plain ``nlp.pipe(n_process=N)``, same texts, same run.

    python bench/dask_reports.py REPORTS_FOLDER [--workers 2] [--limit 300]

Generate a folder of fictional reports first, e.g. ``custody generate /tmp/w -n 60k`` (about
350 reports in ``/tmp/w/reports``). Prints tokens/s of each and the ratio ours ÷ anchor, and
writes them as JSON to ``bench/out/dask_reports.json``.

- anchor: the custody pipeline's own ``nlp.pipe(texts, n_process=N)`` (the extraction results
  taken from each Doc), timed from the call to the last Doc, its worker start-up included, as
  every call pays it;
- ours: :class:`ingest.distributed.DaskExtractor` on a ``LocalCluster`` of N worker processes
  of one thread, timed from the first task to the last result; the cluster's start-up (workers
  loading the pipeline), paid once per ingest run, is printed apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.bounded import Bounds
from ingest.distributed import DaskExtractor
from ingest.nlp.extract import from_doc
from ingest.report_ingest import shared_pipeline
from ingest.reports import ReportError, read_report

OUT = Path(__file__).resolve().parent / "out" / "dask_reports.json"


def texts_of(folder: Path, limit: int) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in (".txt", ".md", ".html", ".htm") or not path.is_file():
            continue
        try:
            text, meta = read_report(path)
        except ReportError:
            continue
        out.append((text, meta.get("date")))
        if len(out) >= limit:
            break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args()
    texts = texts_of(args.folder, args.limit)
    if not texts:
        sys.exit(f"no reports in {args.folder}")
    nlp = shared_pipeline()

    started = time.perf_counter()
    anchor_tokens = 0
    for doc in nlp.pipe((t for t, _ in texts), n_process=args.workers, batch_size=8):
        from_doc(doc)
        anchor_tokens += len(doc)
    anchor_s = time.perf_counter() - started

    started = time.perf_counter()
    with DaskExtractor.open(f"local:{args.workers}") as extractor:
        startup_s = time.perf_counter() - started
        started = time.perf_counter()
        outcomes = list(extractor(texts, Bounds(), None))
        ours_s = time.perf_counter() - started
    ours_tokens = sum(o.tokens for o in outcomes)
    failed = sum(o.extraction is None for o in outcomes)

    figures = {
        "reports": len(texts), "characters": sum(len(t) for t, _ in texts), "workers": args.workers,
        "anchor_nlp_pipe_tokens": anchor_tokens, "anchor_seconds": round(anchor_s, 2),
        "anchor_tokens_per_s": round(anchor_tokens / anchor_s),
        "dask_tokens": ours_tokens, "dask_seconds": round(ours_s, 2), "dask_tokens_per_s": round(ours_tokens / ours_s),
        "dask_cluster_startup_seconds": round(startup_s, 2), "dask_failed": failed,
        "dask_tokens_per_s_with_startup": round(ours_tokens / (ours_s + startup_s)),
    }
    figures["ratio"] = round(figures["dask_tokens_per_s"] / figures["anchor_tokens_per_s"], 3)
    figures["ratio_with_startup"] = round(figures["dask_tokens_per_s_with_startup"] / figures["anchor_tokens_per_s"], 3)
    print(f"{len(texts)} reports, {figures['characters']:,} characters, {args.workers} workers")
    print(f"anchor nlp.pipe(n_process={args.workers}): {anchor_tokens:,} tokens in {anchor_s:.1f} s = "
          f"{figures['anchor_tokens_per_s']:,} tokens/s")
    print(f"Dask LocalCluster:        {ours_tokens:,} tokens in {ours_s:.1f} s = {figures['dask_tokens_per_s']:,} "
          f"tokens/s (cluster start-up {startup_s:.1f} s apart; {failed} failed)")
    print(f"ratio ours / anchor: {figures['ratio']} ({figures['ratio_with_startup']} with the start-up)")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
