"""`scholargraph serve` (the API with uvicorn) and `scholargraph schema` (the GraphQL SDL)."""

from __future__ import annotations

import click

from graphdb import GraphError
from graphdb import schema as graph_schema
from scholargraph.commands.common import db_options, open_db
from scholargraph.config import Settings


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--log-level", default="info", show_default=True,
              type=click.Choice(["critical", "error", "warning", "info", "debug"]))
@db_options
def serve(settings: Settings, host: str, port: int, log_level: str) -> None:
    """Serve the GraphQL API: /graphql (GraphiQL in a browser) and /healthz.

    Starts the embedded database when --db is not given (as every command does).
    """
    import uvicorn

    from api.app import create_app

    # The accounts mutations rely on the schema's registered relationship types (see
    # docs/accounts.md, Concurrency); init is idempotent and quick on an initialised graph.
    try:
        with open_db(settings) as graph:
            graph_schema.init(graph, settings.embed_dim)
    except (click.ClickException, GraphError) as exc:
        click.echo(f"warning: schema not checked, the database did not answer ({exc}); "
                   "/healthz says when it does", err=True)
    click.echo(f"GraphiQL: http://{host}:{port}/graphql   health: http://{host}:{port}/healthz", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)


@click.command()
def schema() -> None:
    """Print the GraphQL schema (SDL); schema.graphql in the repository is this output."""
    from api.schema import sdl

    click.echo(sdl(), nl=False)
