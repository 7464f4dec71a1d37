"""Structured ingestion throughput and memory: a generated manifest of N fictional line items
ingested into a fresh embedded store file, next to a raw ``sqlite3`` ``executemany`` of the
same rows into a plain table (the floor any ingester pays), in the same run.

Each size runs in its own child process so that peak RSS (``resource.getrusage``'s
``ru_maxrss``, a high-water mark) belongs to that size alone; memory should stay flat as
the file grows (rows are streamed and written in batches). Prints figures; asserts nothing.

    .venv/bin/python bench/ingest_manifest.py                      # 1,000,000 rows
    .venv/bin/python bench/ingest_manifest.py --rows 100000 1000000
    .venv/bin/python bench/ingest_manifest.py --rows 100000 --tracemalloc

Files go to ``bench/out/`` (git-ignored) unless ``--out`` says otherwise, and are removed
afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.model import load_model  # noqa: E402
from graph.records import Batch, WriteResult  # noqa: E402
from graph.sqlite_store import SqliteStore  # noqa: E402
from ingest.runner import Progress, ingest_paths  # noqa: E402
from ingest.tables import open_table  # noqa: E402

HEADER = ["shipment_ref", "date", "consignor", "consignee", "end_user", "origin", "destination", "via", "nsn",
          "system", "serial", "lot", "quantity"]
# Fictional parties; real weapon systems (allowed by the project's rules for test data).
SYSTEMS = [("FGM-148 Javelin", "1425-01-623-7766", "JAV"), ("FIM-92 Stinger", "1425-01-358-9417", "STG"),
           ("M4 carbine", "1005-01-382-0953", "M4"), ("NLAW", "1425-99-000-0001", "NLW")]
ITEMS_PER_SHIPMENT = 10_000


def generate(path: Path, rows: int) -> None:
    """A manifest of ``rows`` line items: shipments of 10,000 items, one lot line in 100."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i in range(rows):
            ship = i // ITEMS_PER_SHIPMENT
            head = [f"GEN-{ship:05d}", f"2023-{1 + ship % 12:02d}-{1 + ship % 28:02d}", "Generated Donor Agency",
                    "Generated Supply Command", "Generated Armed Forces", "Depot G-1", "Depot G-2",
                    "Hub Gamma;Alpha–Bravo"]
            if i % 100 == 99:
                w.writerow([*head, "1305-01-155-5459", "5.56mm ammunition", "", f"LOT-{i:08d}", "12,000"])
            else:
                system, nsn, prefix = SYSTEMS[i % len(SYSTEMS)]
                w.writerow([*head, nsn, system, f"{prefix}-{i:08d}", "", "1"])


def raw_sqlite(csv_path: Path, db_path: Path) -> tuple[float, float]:
    """Wall and CPU seconds to read the CSV with the csv module and executemany its row
    tuples into a plain table, in one transaction: the floor."""
    for p in db_path.parent.glob(db_path.name + "*"):
        p.unlink()
    started, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"CREATE TABLE raw ({', '.join(f'c{i} TEXT' for i in range(len(HEADER)))})")
    with open(csv_path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        conn.execute("BEGIN")
        conn.executemany(f"INSERT INTO raw VALUES ({', '.join('?' * len(HEADER))})", reader)
        conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started, time.process_time() - cpu


def schema_floor(store_path: Path, floor_path: Path) -> float:
    """Seconds for SQLite alone to build the ingested store's tables and indexes again: every
    row copied with ``INSERT … SELECT`` into an empty store of the same schema, no Python per
    row. The most any ingester writing these facts with this schema could reach; ``raw_s /
    floor_s`` is the ratio it would score."""
    for p in floor_path.parent.glob(floor_path.name + "*"):
        p.unlink()
    SqliteStore(floor_path, load_model()).close()
    started = time.perf_counter()
    conn = sqlite3.connect(floor_path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("ATTACH DATABASE ? AS src", (str(store_path),))
    conn.execute("BEGIN")
    for table in ("nodes", "keys", "relations", "events", "evidence"):
        # WHERE true: without it SQLite copies an identical table's pages wholesale (the transfer
        # optimisation), which would measure a file copy, not row inserts.
        conn.execute(f"INSERT INTO main.{table} SELECT * FROM src.{table} WHERE true")
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def reader_only(csv_path: Path) -> float:
    """Seconds for the project's table reader alone (no conversion, no store)."""
    started = time.perf_counter()
    with open_table(csv_path) as table:
        for _ in table:
            pass
    return time.perf_counter() - started


def run_one(rows: int, out: Path, batch_rows: int, trace: bool, keep: bool) -> dict[str, float]:
    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / f"manifest_{rows}.csv"
    store_path = out / f"store_{rows}.db"
    raw_path = out / f"raw_{rows}.db"
    generate(csv_path, rows)
    for p in out.glob(store_path.name + "*"):
        p.unlink()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    store = SqliteStore(store_path, load_model())
    write_s = [0.0]
    plain_write = store.write

    def timed_write(batch: Batch) -> WriteResult:  # time inside the store
        t = time.perf_counter()
        try:
            return plain_write(batch)
        finally:
            write_s[0] += time.perf_counter() - t

    store.write = timed_write  # type: ignore[method-assign]
    last = [0.0]

    def progress(p: Progress) -> None:
        now = time.perf_counter()
        if now - last[0] > 10 or p.finished:
            last[0] = now
            print(f"  … {p.rows:,} rows, {p.rows_per_s:,.0f} rows/s", file=sys.stderr, flush=True)

    started, cpu = time.perf_counter(), time.process_time()
    summary = ingest_paths(store, [csv_path], progress=progress, batch_rows=batch_rows)
    ingest_s, ingest_cpu = time.perf_counter() - started, time.process_time() - cpu
    traced_peak = tracemalloc.get_traced_memory()[1] if trace else 0.0
    if trace:
        tracemalloc.stop()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    [result] = summary.results
    counts = store.counts()
    store.close()

    raw_s, raw_cpu = raw_sqlite(csv_path, raw_path)
    floor_path = out / f"floor_{rows}.db"
    floor_s = schema_floor(store_path, floor_path)
    read_s = reader_only(csv_path)
    figures = {
        "rows": rows, "ingested": result.rows_ingested, "rejected": result.rows_rejected,
        "ingest_s": ingest_s, "ingest_cpu_s": ingest_cpu, "ingest_rows_per_s": rows / ingest_s,
        "raw_s": raw_s, "raw_rows_per_s": rows / raw_s, "reader_rows_per_s": rows / read_s,
        "ratio": (rows / ingest_s) / (rows / raw_s), "raw_cpu_s": raw_cpu, "ratio_cpu": raw_cpu / ingest_cpu,
        "floor_s": floor_s, "floor_ratio": raw_s / floor_s, "store_write_s": write_s[0],
        "peak_rss_mb": rss_peak / 1024, "rss_at_start_mb": rss_before / 1024,
        "traced_peak_mb": traced_peak / 2**20,
        "csv_mb": csv_path.stat().st_size / 2**20, "store_mb": sum(p.stat().st_size for p in out.glob(
            store_path.name + "*")) / 2**20,
        "facts": result.facts, "evidence": counts["Evidence"],
    }
    if not keep:
        for p in [csv_path, *out.glob(store_path.name + "*"), *out.glob(raw_path.name + "*"),
                  *out.glob(floor_path.name + "*")]:
            p.unlink(missing_ok=True)
    return figures


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000], help="line items (several: one run each)")
    ap.add_argument("--batch-rows", type=int, default=10_000)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    ap.add_argument("--keep", action="store_true", help="keep the generated files")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()

    if args.child:
        figures = run_one(args.rows[0], args.out, args.batch_rows, args.tracemalloc, args.keep)
        print("RESULT " + json.dumps(figures), flush=True)
        return

    results = []
    for rows in args.rows:
        print(f"{rows:,} rows …", file=sys.stderr, flush=True)
        cmd = [sys.executable, __file__, "--child", "--rows", str(rows), "--batch-rows", str(args.batch_rows),
               "--out", str(args.out), *(["--tracemalloc"] if args.tracemalloc else []),
               *(["--keep"] if args.keep else [])]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True, env=os.environ)
        line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
        results.append(json.loads(line[len("RESULT "):]))

    print(f"\nload average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"(cores: {os.cpu_count()}); wall-clock figures suffer on a busy machine\n")
    cols = [("rows", "{:,.0f}"), ("ingest_rows_per_s", "{:,.0f}"), ("ingest_cpu_s", "{:.1f}"),
            ("raw_rows_per_s", "{:,.0f}"), ("raw_cpu_s", "{:.2f}"), ("ratio", "{:.3f}"), ("ratio_cpu", "{:.3f}"),
            ("store_write_s", "{:.1f}"), ("floor_s", "{:.2f}"), ("floor_ratio", "{:.3f}"),
            ("reader_rows_per_s", "{:,.0f}"),
            ("peak_rss_mb", "{:.0f}"), ("traced_peak_mb", "{:.1f}"), ("csv_mb", "{:.0f}"), ("store_mb", "{:.0f}"),
            ("evidence", "{:,.0f}")]
    widths = [max(len(c), 12) for c, _ in cols]
    print("  ".join(c.rjust(w) for (c, _), w in zip(cols, widths, strict=True)))
    for r in results:
        print("  ".join(fmt.format(r[c]).rjust(w) for (c, fmt), w in zip(cols, widths, strict=True)))
    print("\nratio = ingest rows/s ÷ raw executemany rows/s, wall clock (aim: ≥ 0.25); ratio_cpu = the same on "
          "CPU seconds, steadier on a shared machine; store_write_s = time inside store.write (the rest is "
          "reading and conversion); floor_s = SQLite alone rebuilding the same tables and indexes "
          "(INSERT … SELECT, no Python); floor_ratio = raw_s ÷ floor_s, the ratio a zero-cost ingester would "
          "reach with this schema; peak_rss_mb per size, each in its own process (flat = memory does not grow "
          "with the file).")


if __name__ == "__main__":
    main()
