"""`scholargraph cypher`: ad-hoc Cypher for analysts, read-only unless --write."""

from __future__ import annotations

import click

from graphdb import GraphError
from graphdb.queries import load_query, query_names
from scholargraph import output
from scholargraph.commands.common import db_options, open_db
from scholargraph.config import Settings


@click.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "file", type=click.File("r"), help="Read the query from FILE.")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A query parameter; the value is read as JSON when it parses.")
@click.option("--write", is_flag=True, help="Allow the query to change the graph.")
@click.option("--json", "fmt", flag_value="json", help="Print a JSON array of row objects.")
@click.option("--csv", "fmt", flag_value="csv", help="Print CSV.")
@db_options
def cypher(settings: Settings, query: str | None, file: click.File | None,
           params: tuple[str, ...], write: bool, fmt: str | None) -> None:
    """Run a Cypher QUERY (or -f FILE) and print the rows.

    \b
      scholargraph cypher "MATCH (w:Work) RETURN w.year AS year, count(*) AS n ORDER BY year"
      scholargraph cypher -f top.cypher --param year=2020 --json
    """
    if (query is None) == (file is None):
        raise click.UsageError("give a QUERY or -f FILE (one of them)")
    text = query if query is not None else file.read()  # type: ignore[union-attr]
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
        s = result.stats
        click.echo(f"nodes created {s.nodes_created}, deleted {s.nodes_deleted}; relationships "
                   f"created {s.relationships_created}, deleted {s.relationships_deleted}; "
                   f"properties set {s.properties_set}", err=True)


def _print(columns: list[str], rows: list[dict], fmt: str | None) -> None:
    if fmt == "json":
        click.echo(output.as_json(rows))
    elif fmt == "csv":
        click.echo(output.as_csv(columns, rows), nl=False)
    else:
        click.echo(output.table(columns, rows))


@click.command()
@click.argument("name", required=False)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE")
@click.option("--json", "fmt", flag_value="json")
@click.option("--csv", "fmt", flag_value="csv")
@db_options
def queries(settings: Settings, name: str | None, params: tuple[str, ...], fmt: str | None) -> None:
    """List the named queries, or run NAME (read-only) with --param values."""
    if name is None:
        for qname in query_names():
            header = load_query(qname, "falkordb").header
            click.echo(f"{qname:32} {header.get('params', '')}\n{'':32} -> {header.get('returns', '')}")
        return
    values = dict(output.parse_param(p) for p in params)
    with open_db(settings) as graph:
        try:
            result = graph.query(name, values)
        except (GraphError, KeyError) as exc:
            raise click.ClickException(str(exc)) from exc
    _print(result.columns, result.rows, fmt)
