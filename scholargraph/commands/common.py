"""What every command shares: the --db/--data-dir options and opening the graph."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from graphdb import BadURLError, Graph, GraphError, connect
from graphdb.embedded import ServerError
from scholargraph.config import PORT_RANGE, Settings, default_data_dir


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
