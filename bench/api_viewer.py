"""What hiding restricted facts costs a viewer: the same questions as a viewer and as an analyst
(the anchor, who sees everything unfiltered), on one store, in one run.

    python bench/api_viewer.py w10k.db --items 50
"""

from __future__ import annotations

import argparse
import statistics
import time
from itertools import islice

from api.auth import Principal
from api.context import Context
from api.schema import run
from api.settings import Settings
from graph.model import load_model
from graph.sqlite_store import SqliteStore

CHAIN = ('query($s: String!) { custodyChain(item: $s) { evidenceWithheld segments { holder { name } '
         'evidence { quote document { title } } } anomalies { kind } } }')
REACH = 'query($s: String!) { whoCouldReach(item: $s, maxHops: 3) { results { actor { name } hops } } }'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("store")
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    store = SqliteStore(args.store, load_model())
    serials = [str(n.props.get("serial")) for n in islice(store.iter_nodes("Item"), 0, args.items * 20, 20)
               if n.props.get("serial")][: args.items]
    settings = Settings.model_construct()
    print(f"{len(serials)} items; p50 ms (viewer / analyst = ratio)")
    for name, query in (("custodyChain", CHAIN), ("whoCouldReach 3 hops", REACH)):
        times: dict[str, list[float]] = {"viewer": [], "analyst": []}
        for serial in serials:
            for role in ("analyst", "viewer"):
                ctx = Context(store, settings, Principal(role, role, role))
                t0 = time.perf_counter()
                out = run(query, {"s": serial}, ctx)
                times[role].append((time.perf_counter() - t0) * 1000)
                assert "errors" not in out, out["errors"]
        v, a = statistics.median(times["viewer"]), statistics.median(times["analyst"])
        print(f"{name:<22} viewer {v:8.1f}  analyst {a:8.1f}  ratio {v / a:.2f}")


if __name__ == "__main__":
    main()
