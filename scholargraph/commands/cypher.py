"""`scholargraph cypher`: ad-hoc Cypher for analysts, read-only unless --write."""

from __future__ import annotations

import functools
import textwrap
from typing import Any, TextIO

import click

from graphdb import GraphError, Result
from graphdb.config import Settings
from graphdb.queries import NamedQuery, UnknownQueryError, declared_params, header_fields, load_query, query_names
from scholargraph import output
from scholargraph.commands.common import db_options, open_db


@click.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.File("r"), help="Read the query from FILE.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; the value is read as JSON when it parses.")
@click.option("--write", is_flag=True, help="Allow the query to change the graph.")
@click.option("--json", "fmt", flag_value="json", help="Print a JSON array of row objects.")
@click.option("--csv", "fmt", flag_value="csv", help="Print CSV.")
@db_options
def cypher(settings: Settings, query: str | None, file: TextIO | None,
           params: tuple[str, ...], write: bool, fmt: str | None) -> None:
    """Run a Cypher QUERY (or -f FILE) and print the rows.

    \b
      scholargraph cypher "MATCH (w:Work) RETURN w.year AS year, count(*) AS n ORDER BY year"
      scholargraph cypher -f top.cypher --param year=2020 --json
    """
    text = _query_text(query, file)
    try:
        values = dict(output.parse_param(p) for p in params)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    with open_db(settings) as graph:
        try:
            result = graph.write(text, values) if write else graph.read(text, values)
        except GraphError as exc:
            raise click.ClickException(str(exc)) from exc
    _print(result.columns, result.rows, fmt)
    if write:
        _print_stats(result)


def _query_text(query: str | None, file: TextIO | None) -> str:
    """The QUERY argument or the text of -f FILE: exactly one of them."""
    if query is not None and file is None:
        return query
    if file is not None and query is None:
        return file.read()
    raise click.UsageError("give a QUERY or -f FILE (one of them)")


def _print_stats(result: Result) -> None:
    s = result.stats
    click.echo(f"nodes created {s.nodes_created}, deleted {s.nodes_deleted}; relationships "
               f"created {s.relationships_created}, deleted {s.relationships_deleted}; "
               f"properties set {s.properties_set}", err=True)


def _print(columns: list[str], rows: list[dict[str, Any]], fmt: str | None) -> None:
    if fmt == "json":
        click.echo(output.as_json(rows))
    elif fmt == "csv":
        click.echo(output.as_csv(columns, rows), nl=False)
    else:
        click.echo(output.table(columns, rows))


def _missing(query: NamedQuery, given: dict[str, object]) -> str | None:
    """What to tell someone who runs `query` without some of its parameters."""
    missing = [p for p in declared_params(query) if p not in given]
    if not missing:
        return None
    noun = "parameter" if len(missing) == 1 else "parameters"
    example = " ".join(f"-p {p}=VALUE" for p in missing)
    return (f"{query.name} needs the {noun} {', '.join(missing)}: pass each with -p KEY=VALUE (the value is "
            f"read as JSON when it parses), e.g. scholargraph queries {query.name} {example}\n"
            f"its parameters: {header_fields(query).get('params', '')}")


@click.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; the value is read as JSON when it parses.")
@click.option("--write", is_flag=True, help="Allow the query to change the graph (the load and accounts queries).")
@click.option("--json", "fmt", flag_value="json", help="Print a JSON array of row objects.")
@click.option("--csv", "fmt", flag_value="csv", help="Print CSV.")
@db_options
def queries(settings: Settings, name: str | None, params: tuple[str, ...], write: bool, fmt: str | None) -> None:
    """List the named queries of cypher/ with their parameters and what they return, or run
    NAME (read-only unless --write) with its --param values.

    \b
      scholargraph queries
      scholargraph queries similar/similar_works -p id=W2741809807 -p k=5
    """
    if name is None:
        wrap = functools.partial(textwrap.fill, width=100, initial_indent="    ", subsequent_indent="      ")
        for qname in query_names():
            fields = header_fields(load_query(qname, "falkordb"))
            click.echo(qname)
            click.echo(wrap(f"params: {fields.get('params', 'none')}"))
            click.echo(wrap(f"returns: {fields.get('returns', '')}"))
        return
    try:
        values = dict(output.parse_param(p) for p in params)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    try:
        load_query(name, "falkordb")  # an unknown name is said before the database is started
    except UnknownQueryError as exc:
        raise click.ClickException(str(exc)) from exc
    with open_db(settings) as graph:
        problem = _missing(graph.named(name), values)
        if problem:
            raise click.ClickException(problem)
        try:
            result = graph.execute(name, values) if write else graph.query(name, values)
        except GraphError as exc:
            raise click.ClickException(str(exc)) from exc
    _print(result.columns, result.rows, fmt)
    if write:
        _print_stats(result)
