"""CPU time of another process (a server the bench started), read from ``/proc``: the figure
that stands up to a loaded machine better than wall time does."""

from __future__ import annotations

import os
from pathlib import Path


def process_cpu_seconds(pid: int | None) -> float | None:
    """User + system CPU seconds the process ``pid`` has used so far; None where ``/proc`` does
    not give them (no such process, not Linux, no pid)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None
