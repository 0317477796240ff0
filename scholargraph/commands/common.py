"""What every command shares: the --db/--data-dir options and opening the graph."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from graphdb import BadURLError, Graph, GraphError, connect
from graphdb.embedded import ServerError
from scholargraph.config import Settings


def db_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    @click.option("--db", "db_url", envvar="SCHOLARGRAPH_DB_URL", default=None, metavar="URL",
                  help="falkordb://HOST:PORT/GRAPH, bolt://… or neo4j+s://… "
                       "[default: the embedded FalkorDB]")
    @click.option("--data-dir", type=click.Path(file_okay=False), default=None,
                  help="Data directory of the embedded server.")
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
