"""What every command shares: the --db/--data-dir options, opening the graph, and serving the API."""

from __future__ import annotations

import contextlib
import errno
import functools
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import click

from graphdb import BadURLError, Graph, GraphError, connect
from graphdb.config import PORT_RANGE, Settings, default_data_dir
from graphdb.embedded import ServerError


def db_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    @click.option("--db", "db_url", envvar="SCHOLARGRAPH_DB_URL", default=None, metavar="URL",
                  help="falkordb://HOST:PORT/GRAPH, bolt://… or neo4j+s://… [default: the embedded FalkorDB "
                       "of the data directory, graph `scholar`, on the port its running server recorded there, "
                       f"else one derived from the data directory's path ({PORT_RANGE.start}-{PORT_RANGE.stop - 1}): "
                       "every checkout has its own server]")
    @click.option("--data-dir", type=click.Path(file_okay=False), default=None,
                  help="Data directory of the embedded server [default: SCHOLARGRAPH_DATA_DIR, else "
                       f"{default_data_dir()}]")
    @functools.wraps(fn)
    def wrapper(*args: Any, db_url: str | None, data_dir: str | None, **kwargs: Any) -> Any:
        settings = Settings.from_env(db_url=db_url, data_dir=data_dir)
        return fn(*args, settings=settings, **kwargs)

    return wrapper


def open_db(settings: Settings) -> Graph:
    try:
        return connect(settings, progress=lambda line: click.echo(line, err=True))
    except (ServerError, BadURLError, GraphError) as exc:
        raise click.ClickException(str(exc)) from exc


@dataclass(frozen=True, slots=True)
class ApiAddress:
    """Where the API listens, and the URLs to print for people."""

    host: str
    port: int

    def url(self, path: str = "/") -> str:
        # A wildcard address is not one to browse to: the loopback one reaches the same server.
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}{path}"

    def graphiql(self, query: str | None = None) -> str:
        """GraphiQL's page; with `query`, opened with that query in its editor (it reads ?query=)."""
        return self.url("/graphql") + (f"?query={quote(query, safe='')}" if query else "")

    def lines(self, query: str | None = None) -> list[str]:
        """What to print once the server listens."""
        return [f"serving at {self.url('/')} (Ctrl-C stops it)",
                f"  explorer: {self.url('/')}",
                f"  GraphiQL: {self.graphiql(query)}",
                f"  health:   {self.url('/healthz')}"]


def claim_port(host: str, port: int) -> socket.socket:
    """A socket bound to the API's address, to be served by `run_api`: binding before any work
    says at once that the port is taken (not after a long load) and keeps it until then."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: a port in TIME_WAIT is free
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use (another server, or another demo): "
                "choose a free one with --port N") from None
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def run_api(settings: Settings, sock: socket.socket, address: ApiAddress, log_level: str,
            on_listening: Callable[[], None]) -> None:
    """Serve the API on `sock` (from claim_port) until Ctrl-C; `on_listening` runs once the
    server accepts connections, after its start-up (which opens the database)."""
    import uvicorn

    from api.app import create_app

    class _Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started:
                on_listening()

    config = uvicorn.Config(create_app(settings), host=address.host, port=address.port, log_level=log_level)
    # Ctrl-C is how one stops it: uvicorn shuts down cleanly, then raises the signal again for its
    # caller, which click would report as "Aborted!" with exit status 1.
    with contextlib.suppress(KeyboardInterrupt):
        _Server(config).run(sockets=[sock])
