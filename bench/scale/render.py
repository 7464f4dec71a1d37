"""The tables ``custody bench`` prints: each size's figures beside their anchors, and the alerts'
quality against the ground truth (``rich`` tables; :mod:`bench.scale.markdown` writes the README's)."""

from __future__ import annotations

from typing import Any

from rich.table import Table

__all__ = ["precision_recall", "render_quality", "render_table"]


def precision_recall(quality: dict[str, Any], kind: str, digits: int) -> tuple[dict[str, Any] | None, str]:
    """One alert kind's score (``diversions``: unauthorised holders or breaks) and its
    "precision / recall" text; (None, "—") when the run has no score of that kind."""
    sc = quality["diversions"] if kind == "diversions" else quality["by_kind"].get(kind)
    if not sc:
        return None, "—"
    p = "—" if sc["precision"] is None else f"{sc['precision']:.{digits}f}"
    r = "—" if sc["recall"] is None else f"{sc['recall']:.{digits}f}"
    return sc, f"{p} / {r}"


def _f(value: float | None, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:,.0f}{unit}"
    return f"{value:,.{digits}f}{unit}"


def _lat(d: dict[str, Any] | None) -> str:
    if not d or d.get("p50_ms") is None:
        return "—"
    return f"{_f(d['p50_ms'])} / {_f(d['p95_ms'])} / {_f(d['p99_ms'])}"


def _x(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×" if value < 100 else f"{value:,.0f}×"


def render_table(label: str, entry: dict[str, Any]) -> Table:
    w = entry["world"]
    table = Table(title=f"{label}: {w['items']:,} items, {w['events']:,} events, {w['reports']:,} reports "
                        f"(generated in {_f(w.get('generate_seconds'))} s)")
    for col in ("store", "figure", "ours", "anchor", "ours ÷ anchor", "peak RSS MiB", "anchor is"):
        table.add_column(col)
    for store in ("embedded", "neo4j"):
        s = entry.get(store) or {}
        if "skipped" in s:
            table.add_row(store, "skipped", s["skipped"], "", "", "", "")
            continue
        ing, rep, q = s.get("ingest"), s.get("reports"), s.get("questions", {})
        if ing:
            figure = "ingest rows/s (bulk path)" if ing.get("path") == "bulk" else "ingest rows/s"
            table.add_row(store, figure, _f(ing["rows_per_s"]), _f(ing["anchor"]["rows_per_s"]),
                          _x(ing["ratio"]), _f(ing["peak_rss_mib"]), ing["anchor"]["what"])
        if rep:
            cpu = f" (CPU {_x(rep['cpu_ratio'])})" if rep.get("cpu_ratio") is not None else ""
            table.add_row(store, "reports tokens/s", _f(rep["tokens_per_s"]), _f(rep["anchor"]["tokens_per_s"]),
                          _x(rep["ratio"]) + cpu, _f(rep["peak_rss_mib"]), rep["anchor"]["what"])
        for name, what in (("chain", "chain p50/p95/p99 ms"), ("reach", "reach 3 hops p50/p95/p99 ms"),
                           ("reachable", "reachable p50/p95/p99 ms")):
            d = q.get(name)
            if d:
                extra = f" ({d['anchor'].get('timeouts')} timeouts)" if d["anchor"].get("timeouts") else ""
                # the CPU ratio (embedded), or the ratio timed node by node (Neo4j)
                beside = f" (CPU {_x(d['ratio_cpu_p50'])})" if d.get("ratio_cpu_p50") is not None else ""
                alt = d.get("alternating")
                if alt:
                    beside = f"; alternating {_x(alt['ratio_p50'])} ({_f(alt['ours']['p50_ms'])} / " \
                             f"{_f(alt['anchor']['p50_ms'])} ms)"
                table.add_row(store, what, _lat(d), _lat(d["anchor"]) + extra, _x(d["ratio_p50"]) + beside,
                              _f(q.get("peak_rss_mib")), (q.get("anchor_what") or "")[:60])
        if s.get("alerts"):
            table.add_row(store, "alerts (whole graph) s", _f(s["alerts"]["seconds"]), "", "", "",
                          f"{s['alerts']['alerts']:,} alerts")
        if s.get("server_peak_rss_mib"):
            table.add_row(store, "server peak RSS MiB", _f(s["server_peak_rss_mib"]), "", "", "", "")
    t = entry["targets"]
    if "chain_p50_ms" not in t:  # the embedded store was not measured
        return table
    scope = "" if t["applies"] else ": not this size"
    table.caption = (f"issue 6 targets (embedded, apply at 1M items / 5M events{scope}):"
                     f" chain p50 {_f(t['chain_p50_ms'])} ms {'<' if t['chain_p50_met'] else '≥'} 10 ms, "
                     f"reach p50 {_f(t['reach_p50_ms'])} ms {'<' if t['reach_p50_met'] else '≥'} 50 ms")
    return table


def render_quality(results: dict[str, Any]) -> Table:
    table = Table(title="alert quality against the ground truth (precision / recall; expected → found)")
    table.add_column("size")
    table.add_column("store")
    kinds = ["diversions", "unauthorised_holder", "break", "serial_match", "quantity_mismatch", "overdue",
             "two_places", "conflict"]
    for k in kinds:
        table.add_column(k)
    for label, entry in results["sizes"].items():
        for store in ("embedded", "neo4j"):
            quality = (entry.get(store) or {}).get("quality")
            if not quality:
                continue
            cells = []
            for k in kinds:
                sc, pr = precision_recall(quality, k, 2)
                cells.append(f"{pr} ({sc['expected']}→{sc['found']})" if sc else pr)
            table.add_row(label, store, *cells)
    return table
