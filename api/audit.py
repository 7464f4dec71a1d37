"""The audit log: who asked what, one JSON line per GraphQL operation.

Investigators' questions are themselves sensitive (asking about a serial says what you are
looking at), so the log keeps who (key id and name), when, the operation, its variables
(long strings cut), how long it took, how big the answer was and which error codes came
back. ``custody audit`` reads it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["AuditLog", "AuditRecord", "read_audit"]

_MAX_STRING = 200  # longer variable values (a pasted report) are cut: the log says what, not all of it
_MAX_QUERY = 4000


def _trim(value: Any) -> Any:
    if isinstance(value, str):
        return value if len(value) <= _MAX_STRING else value[:_MAX_STRING] + f"… ({len(value)} chars)"
    if isinstance(value, dict):
        return {str(k): _trim(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_trim(v) for v in value[:50]]
    if value is None or isinstance(value, (int, float, bool)):
        return value
    return f"<{type(value).__name__}>"  # an upload: its name is in the result, not its bytes


@dataclass
class AuditRecord:
    time: str
    key_id: str
    key_name: str
    role: str
    operation: str | None
    operation_type: str | None
    query: str | None
    variables: dict[str, Any] | None
    duration_ms: float
    result_bytes: int
    errors: list[str] = field(default_factory=list)
    client: str | None = None


class AuditLog:
    """Appends records to a JSON Lines file; safe to share between threads (and, with
    ``O_APPEND`` writes of one line each, between worker processes)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def record(
        self,
        *,
        key_id: str,
        key_name: str,
        role: str,
        operation: str | None,
        operation_type: str | None,
        query: str | None,
        variables: dict[str, Any] | None,
        duration_ms: float,
        result_bytes: int,
        errors: list[str],
        client: str | None,
    ) -> None:
        rec = AuditRecord(
            time=datetime.now(UTC).isoformat(timespec="milliseconds"),
            key_id=key_id, key_name=key_name, role=role, operation=operation, operation_type=operation_type,
            query=(query[:_MAX_QUERY] if query else query), variables=_trim(variables) if variables else None,
            duration_ms=round(duration_ms, 2), result_bytes=result_bytes, errors=errors, client=client,
        )
        line = json.dumps(asdict(rec), ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line)


def read_audit(path: Path) -> Iterator[dict[str, Any]]:
    """The records of an audit log, oldest first; a torn last line is skipped."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except ValueError:
                continue
