"""Account settings read from the environment at call time (so a test, or an operator,
can change them without a restart of anything but the process reading them)."""

from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_INVITE_LIMIT = 20
DEFAULT_INVITE_WINDOW_HOURS = 24.0
MAX_TEXT = 2000  # evidence, invitation messages, rejection reasons


@dataclass(frozen=True, slots=True)
class InviteLimit:
    limit: int
    window_hours: float

    @classmethod
    def from_env(cls) -> InviteLimit:
        """`SCHOLARGRAPH_INVITE_LIMIT` invitations per `SCHOLARGRAPH_INVITE_WINDOW_HOURS` per user."""
        limit = int(os.environ.get("SCHOLARGRAPH_INVITE_LIMIT", DEFAULT_INVITE_LIMIT))
        hours = float(os.environ.get("SCHOLARGRAPH_INVITE_WINDOW_HOURS", DEFAULT_INVITE_WINDOW_HOURS))
        if limit < 0 or hours <= 0:
            raise ValueError("SCHOLARGRAPH_INVITE_LIMIT must be >= 0 and SCHOLARGRAPH_INVITE_WINDOW_HOURS > 0")
        return cls(limit, hours)

    def describe(self) -> str:
        hours = f"{self.window_hours:g}"
        return f"{self.limit} invitation{'s' if self.limit != 1 else ''} per {hours} hour{'s' if hours != '1' else ''}"
