"""Settings read from the environment; every command's options override them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DEFAULT_PORT = 6390  # not 6379, so a developer's own Redis is left alone
DEFAULT_GRAPH = "scholar"
DEFAULT_EMBED_DIM = 384


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("scholargraph")) / "falkordb"


def default_db_url(port: int = DEFAULT_PORT) -> str:
    return f"falkordb://127.0.0.1:{port}/{DEFAULT_GRAPH}"


@dataclass(frozen=True, slots=True)
class Settings:
    db_url: str
    embedded: bool  # the URL is the embedded default: commands may start the server
    data_dir: Path
    embed_model: str | None
    embed_dim: int

    @classmethod
    def from_env(cls, db_url: str | None = None, data_dir: str | Path | None = None) -> Settings:
        url = db_url or os.environ.get("SCHOLARGRAPH_DB_URL") or None
        return cls(
            db_url=url or default_db_url(),
            embedded=url is None,
            data_dir=Path(data_dir or os.environ.get("SCHOLARGRAPH_DATA_DIR") or default_data_dir()),
            embed_model=os.environ.get("SCHOLARGRAPH_EMBED_MODEL") or None,
            embed_dim=int(os.environ.get("SCHOLARGRAPH_EMBED_DIM", DEFAULT_EMBED_DIM)),
        )
