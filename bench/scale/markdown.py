"""The README's Performance tables from ``custody bench`` result files.

Usage::

    .venv/bin/python -m bench.scale.markdown bench/out/scale/final-10k.json bench/out/scale/final-100k.json …

Prints two Markdown tables (figures with their anchors and ratios; alert quality) and the
world sizes, in the order of the files given.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.scale.render import precision_recall

__all__ = ["main", "markdown"]


def _n(v: float | None, unit: str = "") -> str:
    if v is None:
        return "—"
    if v >= 100:
        return f"{v:,.0f}{unit}"
    if v >= 10:
        return f"{v:.1f}{unit}"
    return f"{v:.2f}{unit}"


def _r(v: float | None) -> str:
    return "—" if v is None else f"{v:.2f}×" if v < 10 else f"{v:,.0f}×"


def _lat(d: dict[str, Any]) -> str:
    return f"{_n(d['p50_ms'])} / {_n(d['p95_ms'])} / {_n(d['p99_ms'])}"


def markdown(results: list[dict[str, Any]]) -> str:
    head = ("| size | store | ingest rows/s (anchor; ratio) | reports tokens/s (anchor; ratio) | "
            "chain p50 / p95 / p99 ms (anchor p50; ratio) | reach 3 hops p50 / p95 / p99 ms (anchor p50; ratio) | "
            "reachable items p50 / p95 / p99 ms (anchor p50; ratio) | alerts, whole graph | peak RSS MiB "
            "(ingest / questions) |")
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    worlds, quality = [], []
    for res in results:
        for label, e in res["sizes"].items():
            w = e["world"]
            worlds.append(f"| {label} | {w['items']:,} | {w['events']:,} | {w['table_rows']:,} | {w['reports']:,} | "
                          f"{_n(w.get('generate_seconds'))} s | {_n(w.get('disk_mib'))} |")
            for store in ("embedded", "neo4j"):
                s = e.get(store) or {}
                if "skipped" in s:
                    lines.append(f"| {label} | {store} | skipped: {s['skipped']} |" + " |" * 7)
                    continue
                ing, rep, q = s.get("ingest"), s.get("reports"), s.get("questions") or {}
                cells = [label, store]
                bulk = " bulk path" if ing and ing.get("path") == "bulk" else ""
                cells.append(f"{_n(ing['rows_per_s'])}{bulk} ({_n(ing['anchor']['rows_per_s'])}; {_r(ing['ratio'])})"
                             if ing else "—")
                cells.append(f"{_n(rep['tokens_per_s'])} ({_n(rep['anchor']['tokens_per_s'])}; {_r(rep['ratio'])})"
                             if rep else "—")
                for name in ("chain", "reach", "reachable"):
                    d = q.get(name)
                    if d is None:  # a run of the report figure only (--only-reports)
                        cells.append("—")
                        continue
                    timeouts = d["anchor"].get("timeouts")
                    extra = f", {timeouts} timeouts" if timeouts else ""
                    beside = f", CPU {_r(d['ratio_cpu_p50'])}" if d.get("ratio_cpu_p50") is not None else ""
                    if d.get("alternating"):
                        beside = f"; alternating {_r(d['alternating']['ratio_p50'])}"
                    cells.append(f"{_lat(d)} ({_n(d['anchor']['p50_ms'])}{extra}; {_r(d['ratio_p50'])}{beside})")
                a = s.get("alerts")
                cells.append(f"{_n(a['seconds'])} s, {a['alerts']:,} alerts" if a else "—")
                cells.append(f"{_n(ing['peak_rss_mib']) if ing else '—'} / {_n(q.get('peak_rss_mib'))}"
                             + (f" (server {_n(s['server_peak_rss_mib'])})" if s.get("server_peak_rss_mib") else ""))
                lines.append("| " + " | ".join(cells) + " |")
                qual = s.get("quality")
                if qual:
                    row = [label, store]
                    for k in ("diversions", "unauthorised_holder", "break", "serial_match", "quantity_mismatch",
                              "overdue", "two_places"):
                        sc, pr = precision_recall(qual, k, 3)
                        row.append(f"{pr} ({sc['true_positives']} of {sc['expected']}; {sc['found']} raised)"
                                   if sc else pr)
                    quality.append("| " + " | ".join(row) + " |")
    out = ["| size | items | custody events | table rows | reports | generated in | on disk MiB |",
           "|---|---|---|---|---|---|---|", *worlds, "", *lines, "",
           "| size | store | diversions (unauthorised holder or break) | unauthorised_holder | break | serial_match | "
           "quantity_mismatch | overdue | two_places |", "|---|---|---|---|---|---|---|---|---|", *quality]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    if not paths:
        print("usage: python -m bench.scale.markdown RESULTS.json ...", file=sys.stderr)
        return 2
    print(markdown([json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
