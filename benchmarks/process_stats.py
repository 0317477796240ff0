"""A process's CPU seconds and memory, from Linux's /proc and getrusage: what the load benchmark
reads of its loader, its children and the servers it starts."""

from __future__ import annotations

import os
import resource
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def _stat_cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def cpu_seconds_of(pid: int | None) -> float:
    """User + system CPU seconds a process has used (Linux /proc); 0 for an unknown process."""
    return 0.0 if pid is None else _stat_cpu_s(pid)


def process_cpu_s(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc), None elsewhere."""
    try:
        return _stat_cpu_s(pid)
    except OSError:
        return None


def start_peak_rss(pid: int | None) -> float | None:
    """Reset a server's peak RSS to its RSS now (Linux: "5" into /proc/PID/clear_refs); its RSS
    in MB then, or None for an unknown process or where the reset is refused (then the peak
    read afterwards is the server's lifetime peak)."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        return None
    return status_mb(pid, "VmRSS")


def status_mb(pid: int | None, field: str) -> float | None:
    """A size field of /proc/PID/status (VmRSS, VmHWM) in MB; None for an unknown process."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            kb = next(line.split()[1] for line in fh if line.startswith(field + ":"))
    except (OSError, StopIteration, TypeError):
        return None
    return int(kb) / 1024


def own_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def children_cpu() -> float:
    """CPU seconds of this process's waited-for children (neo4j-admin's import tool)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
