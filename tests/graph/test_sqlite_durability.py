"""The embedded store survives a killed writer: each batch is all there or not at all."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from graph.model import Model
from graph.sqlite_store import SqliteStore

BATCH = 20_000

WRITER = f"""
import sys
from graph.builder import FactBuilder
from graph.model import load_model
from graph.sqlite_store import SqliteStore
model = load_model()
store = SqliteStore(sys.argv[1], model)
n = 0
while True:
    b = FactBuilder(model, title=f"batch-{{n}}", text=f"batch-{{n}}")
    for i in range({BATCH}):
        b.item(serial=f"B{{n}}-{{i}}")
    print("writing", n, flush=True)
    store.write(b.batch)
    n += 1
"""


def test_killing_a_writer_mid_batch_leaves_whole_batches_only(tmp_path: Path, model: Model) -> None:
    db = tmp_path / "crash.db"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert proc.stdout is not None
    # let it commit one batch and start the next, then kill it while that one is in flight
    assert proc.stdout.readline().startswith("writing 0")
    assert proc.stdout.readline().startswith("writing 1")
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)

    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
    store = SqliteStore(db, model)
    counts = store.counts()
    assert counts["Item"] >= BATCH and counts["Item"] % BATCH == 0
    assert counts["Document"] == counts["Item"] // BATCH
    assert counts["Evidence"] == counts["Item"]
    store.close()
