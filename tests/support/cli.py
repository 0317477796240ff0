"""The `scholargraph` command in a real subprocess: `scholargraph(...)` with this session's
environment (plus `env`), and `sg(...)` as a user runs it, with no NEO4J_* or SCHOLARGRAPH_*
variable of the test session, so it takes nothing but its arguments. Output is captured and
the exit status left to the caller."""

from __future__ import annotations

import os
import subprocess
import sys

SCHOLARGRAPH = [sys.executable, "-m", "scholargraph"]


def scholargraph(*args: str, env: dict[str, str] | None = None,
                 timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*SCHOLARGRAPH, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def sg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCHOLARGRAPH_"))}
    return subprocess.run([*SCHOLARGRAPH, *args], capture_output=True, text=True, timeout=600, env=env)
