"""`scholargraph`: the command line."""

from __future__ import annotations

import logging

import click

from scholargraph.commands import analyze, cypher, db, demo, load, serve, similar
from scholargraph.commands.accounts import claims, users
from scholargraph.commands.synthetic import synthetic


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Log what happens, for debugging.")
def cli(verbose: bool) -> None:
    """ScholarGraph: a scholarly knowledge graph (OpenAlex, arXiv) with similar-work
    links and a GraphQL API, on an embedded FalkorDB or on Neo4j 5."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        # The Neo4j driver warns at each retry of a transaction; the command's own error says
        # what finally happened. (Its notifications on an analyst's query still show.)
        for name in ("neo4j.session", "neo4j.pool", "neo4j.io"):
            logging.getLogger(name).setLevel(logging.ERROR)


cli.add_command(db.db)
cli.add_command(cypher.cypher)
cli.add_command(cypher.queries)
cli.add_command(load.load)
cli.add_command(serve.serve)
cli.add_command(serve.schema)
cli.add_command(analyze.analyze)
cli.add_command(demo.demo)
cli.add_command(synthetic)
cli.add_command(similar.embed)
cli.add_command(similar.link_similar)
cli.add_command(similar.search)
cli.add_command(similar.similar)
cli.add_command(users)
cli.add_command(claims)


def main() -> None:
    cli(prog_name="scholargraph")
