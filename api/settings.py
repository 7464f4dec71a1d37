"""Settings: environment variables prefixed ``CUSTODY_``, read once and passed in."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


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
    max_upload_bytes: int = 50 * 1024 * 1024
    query_timeout_s: float = 20.0
    audit_log: Path | None = Path("custody-audit.jsonl")
    error_report: Path = Path("custody-ingest-errors.jsonl")
