"""The sentence embedder for semantic search: loaded once per app, on first use."""

from __future__ import annotations

import asyncio
from typing import Any

from api.context import Context
from api.errors import FeatureUnavailable


async def load_embedder(ctx: Context) -> Any:
    try:
        return await asyncio.to_thread(ctx.state.embedder)
    except ImportError as exc:
        raise FeatureUnavailable(f"semantic search is not available: the embedder cannot be loaded ({exc})") from exc
