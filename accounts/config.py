"""Account settings read from the environment at call time (so a test, or an operator,
can change them without a restart of anything but the process reading them)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import timedelta

DEFAULT_INVITE_LIMIT = 20
DEFAULT_INVITE_WINDOW_HOURS = 24.0
DEFAULT_CLAIM_LIMIT = 5
DEFAULT_CLAIM_WINDOW_HOURS = 24.0
DEFAULT_CLAIM_REJECTION_DAYS = 30.0
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


@dataclass(frozen=True, slots=True)
class ClaimLimit:
    """How many new claims a user may make, and how long a rejection stands."""

    limit: int
    window_hours: float
    rejection_days: float = DEFAULT_CLAIM_REJECTION_DAYS

    @classmethod
    def from_env(cls) -> ClaimLimit:
        """`SCHOLARGRAPH_CLAIM_LIMIT` new claims per `SCHOLARGRAPH_CLAIM_WINDOW_HOURS` per user; a
        rejected claim cannot be made again by the same user for `SCHOLARGRAPH_CLAIM_REJECTION_DAYS`."""
        limit = int(os.environ.get("SCHOLARGRAPH_CLAIM_LIMIT", DEFAULT_CLAIM_LIMIT))
        hours = float(os.environ.get("SCHOLARGRAPH_CLAIM_WINDOW_HOURS", DEFAULT_CLAIM_WINDOW_HOURS))
        days = float(os.environ.get("SCHOLARGRAPH_CLAIM_REJECTION_DAYS", DEFAULT_CLAIM_REJECTION_DAYS))
        if limit < 0 or not 0 < hours < math.inf or not 0 <= days < math.inf:
            raise ValueError(
                "SCHOLARGRAPH_CLAIM_LIMIT must be >= 0, SCHOLARGRAPH_CLAIM_WINDOW_HOURS > 0 "
                "and SCHOLARGRAPH_CLAIM_REJECTION_DAYS >= 0"
            )
        return cls(limit, hours, days)

    @property
    def window(self) -> timedelta:
        return timedelta(hours=self.window_hours)

    @property
    def rejection(self) -> timedelta:
        """How long a rejection stands."""
        return timedelta(days=self.rejection_days)

    def describe(self) -> str:
        hours = f"{self.window_hours:g}"
        return f"{self.limit} claim{'s' if self.limit != 1 else ''} per {hours} hour{'s' if hours != '1' else ''}"
