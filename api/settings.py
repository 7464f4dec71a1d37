"""Settings: environment variables prefixed ``CUSTODY_``, read once and passed in."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]

if TYPE_CHECKING:
    from ingest.bounded import Bounds


class Settings(BaseSettings):
    """Every setting of the program. ``CUSTODY_STORE=neo4j://…`` selects Neo4j."""

    model_config = SettingsConfigDict(env_prefix="CUSTODY_", frozen=True)

    store: str = "custody.db"
    """A file path for the embedded store, or a ``neo4j://`` / ``bolt://`` URI."""
    neo4j_user: str = "neo4j"
    neo4j_password: str | None = None
    """Neo4j credentials when the URI does not carry them."""
    host: str = "127.0.0.1"
    port: int = 8000
    overdue_days: int = 365
    max_hops_cap: int = 6
    max_page_size: int = 100
    max_query_depth: int = 12
    max_tokens: int = 3000
    """Tokens in one GraphQL document (GraphiQL's introspection query needs about 400)."""
    max_aliases: int = 30
    max_query_cost: int = 200_000
    """Fields one operation may resolve, counted before it runs (see api/cost.py)."""
    cost_list_size: int = 5
    """How many elements a list without a page size (evidence, relations...) counts as."""
    max_body_bytes: int = 2 * 1024 * 1024
    """Request bodies other than file uploads (a pasted report must fit)."""
    max_upload_bytes: int = 50 * 1024 * 1024
    query_timeout_s: float = 20.0
    mutation_timeout_s: float = 600.0
    """Ingesting a large file takes longer than any question should."""
    keys_file: Path | None = None
    """API keys (hashed). Default: beside the embedded store (``custody.db.keys.json``), else
    ``custody-keys.json`` in the working directory."""
    audit_log: Path | None = Path("custody-audit.jsonl")
    error_report: Path = Path("custody-ingest-errors.jsonl")
    report_max_bytes: int = 2_000_000
    """Text of one report (after HTML or PDF reading); a larger one is refused, naming its size."""
    report_seconds: float = 300.0
    """NLP time budget of one report, checked between its chunks."""
    report_chunk_chars: int = 20_000
    """Reports go through the NLP in chunks of at most this many characters."""

    def report_bounds(self) -> Bounds:
        """The report limits above, as the report ingester takes them."""
        from ingest.bounded import Bounds

        return Bounds(max_bytes=self.report_max_bytes, chunk_chars=self.report_chunk_chars,
                      seconds=self.report_seconds or None)

    def keys_path(self) -> Path:
        """Where the API keys live (see ``keys_file``)."""
        if self.keys_file is not None:
            return self.keys_file
        if "://" in self.store or self.store == ":memory:":
            return Path("custody-keys.json")
        return Path(f"{self.store}.keys.json")
