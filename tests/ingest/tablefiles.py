"""Helpers for the ingest tests: write tiny fictional table files into ``tmp_path``."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from graph.model import Model
from graph.sqlite_store import SqliteStore

SHIPMENT_HEADER = ["shipment_ref", "date", "consignor", "consignee", "end_user", "origin", "destination", "via",
                   "nsn", "system", "serial", "lot", "quantity"]
HEAD = ["SHP-9001", "2023-05-02", "Fictional Donor Agency", "Central Supply Office", "Fictional Armed Forces",
        "Depot D-9", "Depot Q-4", "Hub West;Alpha–Bravo"]


def shipment_row(serial: str = "", lot: str = "", quantity: str = "1", system: str = "FGM-148 Javelin",
                 nsn: str = "1425-01-623-7766", head: Sequence[str] = HEAD) -> list[str]:
    return [*head, nsn, system, serial, lot, quantity]


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[str]], *, delimiter: str = ",",
              encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        w = csv.writer(fh, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def manifest(path: Path, serials: Sequence[str], lots: Sequence[tuple[str, str]] = ()) -> Path:
    rows = [shipment_row(serial=s) for s in serials]
    rows += [shipment_row(lot=lot, quantity=q, system="5.56mm ammunition", nsn="1305-01-155-5459") for lot, q in lots]
    return write_csv(path, SHIPMENT_HEADER, rows)


def memory_store(model: Model) -> SqliteStore:
    return SqliteStore(":memory:", model)
