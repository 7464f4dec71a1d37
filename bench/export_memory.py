"""Whole-store export: time and peak memory of each format, beside the in-memory way.

For each store given, in separate child processes (so each peak RSS, ``ru_maxrss``, belongs to
one job alone):

- ``baseline``: open the store and count it (the interpreter, the imports, the store's caches);
- each format: ``custody export`` of the whole store to a file, read and written in pages;
- ``anchor``: the same GraphML elements loaded into a networkx graph and written with
  ``networkx.write_graphml`` (what an exporter that builds the graph first costs).

A streaming export's peak should stay flat as the store grows; the anchor's grows with it.
Prints figures; asserts nothing.

    custody generate bench/out/export/world-10k --items 10k
    custody ingest bench/out/export/world-10k --store bench/out/export/store-10k.db
    .venv/bin/python bench/export_memory.py bench/out/export/store-10k.db bench/out/export/store-100k.db
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FORMATS = ("graphml", "gexf", "csv", "ftm", "cypher")


def _child(job: str, store_path: str, out: Path, trace: bool = False) -> dict[str, float]:
    import tracemalloc

    from api.export import StoreSlice, export
    from graph.model import load_model
    from graph.sqlite_store import SqliteStore

    store = SqliteStore(store_path, load_model())
    counts = store.counts()
    elements = sum(v for k, v in counts.items() if ":" not in k and k not in ("Document", "Evidence"))
    if trace:  # Python's own allocations only: leaves out SQLite's page cache (up to 64 MiB a connection)
        tracemalloc.start()
    started = time.perf_counter()
    if job in FORMATS:
        with out.open("wb") as f:
            export(store, StoreSlice(store), job, f)
    elif job == "anchor":
        import networkx as nx

        from api.export.elements import edges, nodes
        from api.export.evidence import EvidenceReader

        reader = EvidenceReader(store, sees_restricted=True)
        part = StoreSlice(store)
        graph = nx.MultiDiGraph()
        for n in nodes(part, reader):
            graph.add_node(n.id, **n.attrs)
        for e in edges(part, reader, store.model):
            graph.add_edge(e.source, e.target, key=e.id, **e.attrs)
        nx.write_graphml(graph, out)
    seconds = time.perf_counter() - started
    traced = tracemalloc.get_traced_memory()[1] / 2**20 if trace else 0.0
    store.close()
    return {"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "bytes": out.stat().st_size if out.exists() else 0, "elements": elements, "python_peak_mib": traced}


def _run(job: str, store: Path, out: Path, trace: bool = False) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, "--child", job, "--out", str(out), str(store),
                           *(["--tracemalloc"] if trace else [])],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{job} on {store} failed:\n{done.stderr}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    out.unlink(missing_ok=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stores", nargs="+", type=Path)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--no-anchor", action="store_true", help="skip the networkx anchor")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also report Python's peak allocations (slower; excludes SQLite's page cache)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "export" / "export.tmp")
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child, str(args.stores[0]), args.out, args.tracemalloc)))
        return
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for store in args.stores:
        base = _run("baseline", store, args.out)
        print(f"\n{store}: {int(base['elements']):,} nodes, events and relations; baseline (open and count) "
              f"peak {base['peak_mib']:.0f} MiB")
        print(f"{'job':<10} {'seconds':>8} {'elements/s':>11} {'output MiB':>11} {'peak MiB':>9} "
              f"{'above baseline':>15}")
        rows = {}
        for job in [*args.formats, *([] if args.no_anchor else ["anchor"])]:
            r = rows[job] = _run(job, store, args.out.with_suffix("." + job), args.tracemalloc)
            print(f"{job:<10} {r['seconds']:>8.1f} {r['elements'] / r['seconds']:>11,.0f} {r['bytes'] / 2**20:>11.1f} "
                  f"{r['peak_mib']:>9.0f} {r['peak_mib'] - base['peak_mib']:>15.0f}"
                  + (f"   python peak {r['python_peak_mib']:.1f} MiB" if args.tracemalloc else ""))
        if "graphml" in rows and "anchor" in rows:
            g, a = rows["graphml"], rows["anchor"]
            print(f"graphml streamed / networkx in memory: peak above baseline "
                  f"{(g['peak_mib'] - base['peak_mib']) / max(a['peak_mib'] - base['peak_mib'], 1):.3f}, "
                  f"time {g['seconds'] / a['seconds']:.2f}")


if __name__ == "__main__":
    main()
