"""The `scholargraph` command in a real subprocess, as a user runs it: no NEO4J_* or
SCHOLARGRAPH_* variable of the test session reaches it, so it takes nothing but its arguments."""

from __future__ import annotations

import os
import subprocess
import sys


def sg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "SCHOLARGRAPH_"))}
    return subprocess.run([sys.executable, "-m", "scholargraph", *args], capture_output=True, text=True,
                          timeout=600, env=env)
