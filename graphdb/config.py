"""Settings read from the environment (every command's options override them): which graph
database, the embedded server's data directory and port, the embedding model and dimension.

They live in graphdb, the floor every other package stands on, because what they choose is
the graph and how to reach it: graphdb.connect opens the graph they name, the API (api.state)
and the CLI (scholargraph.commands) both build them, and nothing here needs anything above
graphdb. The embedding settings ride along because the schema's vector index takes its
dimension from them (graphdb.schema.init)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

# The embedded server's default port is derived from its data directory (default_port), so
# that two checkouts of one user, each with its own data directory, never share a server:
# one checkout's `db stop` used to stop the other's demo. The range is clear of Redis (6379),
# Neo4j (7474, 7687) and the kernel's ephemeral ports (32768 and up).
PORT_RANGE = range(16400, 17400)
DEFAULT_GRAPH = "scholar"
DEFAULT_EMBED_DIM = 384
STATE_DIR = ".scholargraph"  # beside pyproject.toml in a checkout; git ignores it


def checkout_dir() -> Path | None:
    """The source checkout this package runs from (an editable install, `pip install -e .`, as
    ./dev makes), or None for an installed package (a wheel, the Docker image)."""
    root = Path(__file__).resolve().parents[1]  # graphdb/ sits at the checkout's root
    return root if (root / "pyproject.toml").is_file() else None


def default_data_dir() -> Path:
    """`.scholargraph/falkordb` in the checkout; the user data directory for an installed
    package, which has no checkout."""
    root = checkout_dir()
    if root is not None:
        return root / STATE_DIR / "falkordb"
    return Path(platformdirs.user_data_dir("scholargraph")) / "falkordb"


def default_port(data_dir: Path) -> int:
    """The embedded server's port for `data_dir`: the same for every command and every run,
    different (but for a 1-in-1000 clash) for another data directory."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode()).digest()
    return PORT_RANGE.start + int.from_bytes(digest[:4], "big") % len(PORT_RANGE)


def default_db_url(data_dir: Path, graph: str = DEFAULT_GRAPH) -> str:
    """The embedded server of `data_dir`: on the port its running server recorded there (one
    started with `db start --port P`), else on default_port(data_dir)."""
    from graphdb.embedded import recorded_port  # only here: settings with a --db URL never need it (nor redis)

    port = recorded_port(data_dir) or default_port(data_dir)
    return f"falkordb://127.0.0.1:{port}/{graph}"


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
        folder = Path(data_dir or os.environ.get("SCHOLARGRAPH_DATA_DIR") or default_data_dir())
        return cls(
            db_url=url or default_db_url(folder),
            embedded=url is None,
            data_dir=folder,
            embed_model=os.environ.get("SCHOLARGRAPH_EMBED_MODEL") or None,
            embed_dim=int(os.environ.get("SCHOLARGRAPH_EMBED_DIM", DEFAULT_EMBED_DIM)),
        )
