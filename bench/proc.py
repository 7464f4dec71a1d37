"""CPU time of another process (a server the bench started), read from ``/proc``, and of this
process with its finished children: the figure that stands up to a loaded machine better than
wall time does."""

from __future__ import annotations

import os
import resource
from pathlib import Path


def cpu_with_children() -> float:
    """CPU seconds used so far by this process and its finished children (an importer it ran):
    unlike wall time, independent of what else the shared cores are running."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


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
