"""`scholargraph serve` (the API with uvicorn) and `scholargraph schema` (the GraphQL SDL)."""

from __future__ import annotations

import click

from graphdb import GraphError
from graphdb.config import Settings
from scholargraph.commands.common import ApiAddress, claim_port, db_options, open_db, run_api


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@db_options
def serve(settings: Settings, host: str, port: int, log_level: str) -> None:
    """Serve the API: the explorer at /, GraphQL at /graphql (GraphiQL in a browser) and /healthz.

    Starts the embedded database when --db is not given (as every command does).
    """
    sock = claim_port(host, port)  # a taken port is said before the database is started
    try:
        # Opened here first for the embedded server's start-up lines and a clear warning; the app
        # checks the graph's schema (graphdb.schema.init) as soon as the database answers, at
        # start-up or at the first request after it comes up (api.state.ApiState).
        try:
            with open_db(settings):
                pass
        except (click.ClickException, GraphError) as exc:
            click.echo(f"warning: the database did not answer ({exc}); /healthz says when it does", err=True)
        address = ApiAddress(host, port)

        def announce() -> None:
            for line in address.lines():
                click.echo(line, err=True)

        run_api(settings, sock, address, log_level=log_level, on_listening=announce)
    finally:
        sock.close()


@click.command()
def schema() -> None:
    """Print the GraphQL schema (SDL); schema.graphql in the repository is this output."""
    from api.schema import sdl

    click.echo(sdl(), nl=False)
