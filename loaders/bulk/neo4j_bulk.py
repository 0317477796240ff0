"""The staged graph into Neo4j through `neo4j-admin database import full` (Neo4j's offline
bulk importer: it builds a new store from CSV files, with no server and no transactions).

The local Neo4j (graphdb/neo4j_local.py) is imported into directly: the CSV files
(neo4j_csv.py) go to the import tool, which builds the store beside the served one, and the
server is restarted on it (neo4j_local.import_store). Any other server (a remote one, Aura, a
Neo4j this process cannot stop) gets the CSV files written and the command printed: the
import runs where the store is, with that database stopped.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import urlsplit

from graphdb import GraphError, neo4j_local
from graphdb.neo4j_engine import Neo4jGraph
from loaders.bulk import neo4j_csv

# In the local Neo4j's data directory while a bulk load of it is under way (or was cut short).
MARKER = "bulk-in-progress"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def local_data_dir(graph: Neo4jGraph) -> Path | None:
    """The data directory of the local Neo4j `graph` talks to, or None for any other server:
    the server's own data directory setting (DATA/data, the launcher's layout) names DATA,
    and DATA's state file says its server runs on the same Bolt port."""
    url = urlsplit(graph.address)
    if url.hostname not in _LOOPBACK or url.port is None:
        return None
    try:
        rows = graph.read("SHOW SETTINGS $name YIELD value RETURN value",
                          {"name": "server.directories.data"}).rows
    except GraphError:
        return None
    if not rows or not rows[0]["value"]:
        return None
    data_dir = Path(rows[0]["value"]).parent
    if not (data_dir / neo4j_local.STATE_FILE).is_file():
        return None
    return data_dir if neo4j_local.status(data_dir, url.port).running else None


def run_import(data_dir: Path, files: neo4j_csv.ImportFiles, progress: neo4j_local.Progress | None) -> None:
    """The import into the local Neo4j's database, and the server started again on it."""
    try:
        neo4j_local.import_store(data_dir, [*files.args, *neo4j_csv.OPTIONS], progress)
    except neo4j_local.LauncherError as exc:  # the CLI says a GraphError in one line
        raise GraphError(str(exc)) from exc


def command(files: neo4j_csv.ImportFiles) -> str:
    """The neo4j-admin command that imports `files` into the database `neo4j` of a stopped DBMS."""
    return shlex.join(["neo4j-admin", "database", "import", "full", *files.args, *neo4j_csv.OPTIONS,
                       "--overwrite-destination=true", neo4j_local.DATABASE])
