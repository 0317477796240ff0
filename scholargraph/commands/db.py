"""`scholargraph db`: the embedded server's life cycle and the schema."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from graphdb import embedded, schema
from scholargraph.commands.common import db_options, open_db
from scholargraph.config import DEFAULT_PORT, Settings


@click.group()
def db() -> None:
    """Start, stop and initialise the database."""


def _server_args(fn):  # type: ignore[no-untyped-def]
    fn = click.option("--port", type=int, default=None,
                      help=f"Port of the embedded server [default: from --db, else {DEFAULT_PORT}]")(fn)
    return db_options(fn)


def _port(settings: Settings, port: int | None) -> int:
    return port or urlsplit(settings.db_url).port or DEFAULT_PORT


@db.command()
@_server_args
def start(settings: Settings, port: int | None) -> None:
    """Start the embedded FalkorDB server (persistent, loopback only) and return."""
    try:
        st = embedded.start(settings.data_dir, _port(settings, port))
    except embedded.ServerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"FalkorDB {st.detail}, data in {st.data_dir}")


@db.command()
@_server_args
def stop(settings: Settings, port: int | None) -> None:
    """Save the data and shut the embedded server down."""
    st = embedded.stop(settings.data_dir, _port(settings, port))
    click.echo(f"FalkorDB {st.detail}, data in {st.data_dir}")


@db.command()
@_server_args
def status(settings: Settings, port: int | None) -> None:
    """Say what runs where."""
    st = embedded.status(settings.data_dir, _port(settings, port))
    click.echo(f"database URL: {settings.db_url}{' (embedded default)' if settings.embedded else ''}")
    click.echo(f"embedded FalkorDB: {st.detail}, data in {Path(st.data_dir).resolve()}")


@db.command()
@db_options
def init(settings: Settings) -> None:
    """Create constraints and indexes (idempotent: a second run changes nothing)."""
    with open_db(settings) as graph:
        created = schema.init(graph, settings.embed_dim)
        present = schema.describe(graph)
    for item in created:
        target = f"()-[:{item.label}]-()" if item.entity == "relationship" else f":{item.label}"
        click.echo(f"created {item.kind} index on {target}({', '.join(item.properties)})")
    click.echo(f"schema ready on {graph.engine}: {len(present)} indexes and constraints, "
               f"{len(created)} created")
