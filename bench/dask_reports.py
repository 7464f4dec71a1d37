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

The two alternate for ``--rounds`` rounds (the machine may be shared); the median round's ratio
is the figure.
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
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = texts_of(args.folder, args.limit)
    if not texts:
        sys.exit(f"no reports in {args.folder}")
    nlp = shared_pipeline()

    def anchor() -> tuple[int, float]:
        started = time.perf_counter()
        tokens = 0
        for doc in nlp.pipe((t for t, _ in texts), n_process=args.workers, batch_size=8):
            from_doc(doc)
            tokens += len(doc)
        return tokens, time.perf_counter() - started

    rounds: list[dict[str, float]] = []
    started = time.perf_counter()
    with DaskExtractor.open(f"local:{args.workers}") as extractor:
        startup_s = time.perf_counter() - started
        for _ in range(args.rounds):  # interleaved, so both meet the same load on a shared machine
            anchor_tokens, anchor_s = anchor()
            started = time.perf_counter()
            outcomes = list(extractor(texts, Bounds(), None))
            ours_s = time.perf_counter() - started
            ours_tokens = sum(o.tokens for o in outcomes)
            rounds.append({"anchor_tokens_per_s": anchor_tokens / anchor_s, "dask_tokens_per_s": ours_tokens / ours_s,
                           "ratio": (ours_tokens / ours_s) / (anchor_tokens / anchor_s)})
    failed = sum(o.extraction is None for o in outcomes)
    best = sorted(rounds, key=lambda r: r["ratio"])[len(rounds) // 2]  # the median round

    figures = {
        "reports": len(texts), "characters": sum(len(t) for t, _ in texts), "workers": args.workers,
        "tokens": ours_tokens, "anchor_tokens": anchor_tokens, "rounds": [{k: round(v, 3) for k, v in r.items()}
                                                                       for r in rounds],
        "anchor_tokens_per_s": round(best["anchor_tokens_per_s"]),
        "dask_tokens_per_s": round(best["dask_tokens_per_s"]),
        "ratio": round(best["ratio"], 3), "dask_cluster_startup_seconds": round(startup_s, 2), "dask_failed": failed,
    }
    print(f"{len(texts)} reports, {figures['characters']:,} characters, {ours_tokens:,} tokens, {args.workers} workers")
    for i, r in enumerate(rounds, 1):
        print(f"round {i}: anchor nlp.pipe(n_process={args.workers}) {r['anchor_tokens_per_s']:,.0f} tokens/s, "
              f"Dask LocalCluster {r['dask_tokens_per_s']:,.0f} tokens/s, ratio {r['ratio']:.2f}")
    print(f"median round: ratio ours / anchor {figures['ratio']}; cluster start-up {startup_s:.1f} s (once per run, "
          f"not in the rates); {failed} failed")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
