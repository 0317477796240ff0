"""`scholargraph db`: the local servers' life cycle (the embedded FalkorDB, or a local
Neo4j with `--engine neo4j`) and the schema."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from graphdb import embedded, neo4j_local, schema
from graphdb.config import PORT_RANGE, Settings
from graphdb.connect import FALKORDB_PORT
from scholargraph.commands.common import db_options, open_db


@click.group()
def db() -> None:
    """Start, stop and initialise the database.

    \b
    Without --db every command uses the embedded FalkorDB of this checkout:
    data in .scholargraph/falkordb/ beside pyproject.toml (or --data-dir,
    SCHOLARGRAPH_DATA_DIR; a package installed from a wheel: the user data
    directory), on the port its running server recorded there, else on one
    derived from that folder's path, so two checkouts never share a server.
    `db status` says which.
    """


def _server_args(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--port", type=int, default=None,
                      help="Port of the server [default: from --db; else for FalkorDB the port its running "
                           "server recorded in the data directory, or one derived from the data directory's "
                           f"path ({PORT_RANGE.start}-{PORT_RANGE.stop - 1}); {neo4j_local.DEFAULT_PORT} "
                           "(Bolt) for Neo4j]")(fn)
    fn = click.option("--engine", type=click.Choice(["falkordb", "neo4j"]), default="falkordb", show_default=True,
                      help="Which local server: the embedded FalkorDB, or a local Neo4j (needs Java and Maven).")(fn)
    return db_options(fn)


def _port(settings: Settings, port: int | None) -> int:
    """--port, else the port of the URL: with no --db, that of the data directory's running
    server (`db stop` then stops it whatever port it was started on), else the derived one."""
    return port or urlsplit(settings.db_url).port or FALKORDB_PORT  # a --db URL without one: as graphdb.connect


def _neo4j_dir(settings: Settings, data_dir_given: bool) -> Path:
    return settings.data_dir if data_dir_given else neo4j_local.default_data_dir()


def _neo4j_port(port: int | None) -> int:
    return port or neo4j_local.DEFAULT_PORT


@db.command()
@_server_args
@click.option("--neo4j-version", default=neo4j_local.DEFAULT_VERSION, show_default=True,
              help="Neo4j release for --engine neo4j (5.26.x on Java 17; calendar releases need Java 21+).")
@click.option("--heap-mb", type=int, default=2048, show_default=True, help="Neo4j's Java heap.")
@click.option("--page-cache-mb", type=int, default=2048, show_default=True, help="Neo4j's page cache.")
@click.pass_context
def start(ctx: click.Context, settings: Settings, port: int | None, engine: str, neo4j_version: str,
          heap_mb: int, page_cache_mb: int) -> None:
    """Start a local server (persistent, loopback only) and return once it answers."""
    if engine == "neo4j":
        try:
            st = neo4j_local.start(_neo4j_dir(settings, _given(ctx)), _neo4j_port(port), version=neo4j_version,
                                   heap_mb=heap_mb, page_cache_mb=page_cache_mb, progress=click.echo)
        except neo4j_local.LauncherError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"{st.detail}, data in {st.data_dir}")
        click.echo(f"use it with: --db {st.bolt_url}")
        return
    try:
        fst = embedded.start(settings.data_dir, _port(settings, port), progress=click.echo)
    except embedded.ServerError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"FalkorDB {fst.detail}, data in {fst.data_dir}")


@db.command()
@_server_args
@click.pass_context
def stop(ctx: click.Context, settings: Settings, port: int | None, engine: str) -> None:
    """Save the data and shut the local server down."""
    if engine == "neo4j":
        try:
            nst = neo4j_local.stop(_neo4j_dir(settings, _given(ctx)), port)
        except neo4j_local.LauncherError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Neo4j {nst.detail}, data in {nst.data_dir}")
        return
    st = embedded.stop(settings.data_dir, _port(settings, port))
    if st.pid is not None:  # still there: busy, or this data directory's server is on another port
        raise click.ClickException(f"FalkorDB {st.detail}")
    click.echo(st.detail)  # "stopped FalkorDB (pid N, port P), data in D" or "no FalkorDB running for D"


@db.command()
@_server_args
@click.pass_context
def status(ctx: click.Context, settings: Settings, port: int | None, engine: str) -> None:
    """Say what runs where."""
    if engine == "neo4j":
        nst = neo4j_local.status(_neo4j_dir(settings, _given(ctx)), port)
        click.echo(f"local Neo4j: {nst.detail}, data in {nst.data_dir}")
        return
    st = embedded.status(settings.data_dir, _port(settings, port))
    click.echo(f"database URL: {settings.db_url}{' (embedded default)' if settings.embedded else ''}")
    click.echo(f"embedded FalkorDB: {st.detail}, data in {Path(st.data_dir).resolve()}")


def _given(ctx: click.Context) -> bool:
    """Whether --data-dir (or SCHOLARGRAPH_DATA_DIR) chose the data directory: Neo4j's default
    folder is its own, beside FalkorDB's."""
    source = ctx.get_parameter_source("data_dir")
    return source is click.core.ParameterSource.COMMANDLINE or bool(os.environ.get("SCHOLARGRAPH_DATA_DIR"))


@db.command()
@db_options
def init(settings: Settings) -> None:
    """Create constraints and indexes (idempotent: a second run changes nothing)."""
    with open_db(settings) as graph:
        created = schema.init(graph, settings.embed_dim)
        present = schema.describe(graph)
        graph.checkpoint()  # a restart then loads the schema instead of replaying its commands
    for item in created:
        target = f"()-[:{item.label}]-()" if item.entity == "relationship" else f":{item.label}"
        click.echo(f"created {item.kind} index on {target}({', '.join(item.properties)})")
    click.echo(f"schema ready on {graph.engine}: {len(present)} indexes and constraints, "
               f"{len(created)} created")
