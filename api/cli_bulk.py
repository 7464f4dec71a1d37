"""``custody neo4j-import``: a first load of a large world into a new Neo4j database through Neo4j's
own bulk importer (``neo4j-admin database import full``), from a store the tables were ingested
into. (No ``from __future__ import annotations`` here: typer reads the annotations at run time.)"""

import tempfile
import time
from pathlib import Path
from typing import Annotated

import typer

from api.cli import StoreOption, console, opened

__all__ = ["register"]

LAUNCHER_CLASSPATH = Path(__file__).resolve().parent.parent / "tools" / "neo4j-launcher" / "target" / "classpath.txt"


def register(app: typer.Typer) -> None:
    @app.command("neo4j-import")
    def neo4j_import(
        home: Annotated[Path, typer.Argument(help="The Neo4j home (NEO4J_HOME) to import into, server stopped")],
        database: Annotated[str, typer.Option("--database", help="The database to create")] = "neo4j",
        files: Annotated[Path | None, typer.Option("--files", help="Keep the importer's CSV files here (an "
                                                   "empty directory; default: a temporary one)",
                                                   show_default=False)] = None,
        store: StoreOption = None,
    ) -> None:
        """Copy a whole store (usually an embedded one: `custody ingest --store world.db manifests/`) into a
        NEW Neo4j database with Neo4j's bulk importer, in the shape the Neo4j store writes.

        The importer only creates a database: it refuses one that exists (never merges). Start the server
        on HOME afterwards; the first connection creates the constraints and indexes.
        """
        from api.export.neo4j_import import store_import_files
        from graph.neo4j_bulk import admin_command, check_target, run_import

        command = admin_command(LAUNCHER_CLASSPATH)
        check_target(home, database)  # before the long export, not after it
        with opened(store, create=False) as s, tempfile.TemporaryDirectory(prefix="custody-import-") as tmp:
            started = time.perf_counter()
            written = store_import_files(s, files or Path(tmp) / "csv")
            wrote_s = time.perf_counter() - started
            console.print(f"wrote {sum(written.counts.values()):,} import rows in {len(written.nodes)} node and "
                          f"{len(written.relationships)} relationship files in {wrote_s:.1f} s")
            started = time.perf_counter()
            summary = run_import(home, written, command=command, database=database)
            console.print(f"imported into {home} (database {database}) in {time.perf_counter() - started:.1f} s")
            if summary:
                console.print(summary, highlight=False)
