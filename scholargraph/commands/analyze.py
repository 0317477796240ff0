"""`scholargraph analyze`: communities and centrality of the coauthor network, onto Authors."""

from __future__ import annotations

import click

from graphdb import GraphError
from scholargraph.analyze import BATCH, EXACT_BELOW, SAMPLE_K
from scholargraph.analyze import analyze as run_analyze
from scholargraph.commands.common import db_options, open_db
from scholargraph.config import Settings


@click.command()
@click.option("--seed", default=42, show_default=True, help="Seed for Louvain and betweenness sampling.")
@click.option("--k", "k", default=SAMPLE_K, show_default=True,
              help="Betweenness sample sources on networks of --exact-below authors or more.")
@click.option("--exact-below", default=EXACT_BELOW, show_default=True,
              help="Compute betweenness exactly under this many authors.")
@click.option("--batch-size", default=BATCH, show_default=True, help="Authors written per query.")
@db_options
def analyze(settings: Settings, seed: int, k: int, exact_below: int, batch_size: int) -> None:
    """Export the COAUTHOR network to networkx, compute communities (Louvain), PageRank and
    betweenness, and write them onto Author nodes (community, pagerank, betweenness).

    Deterministic for a given graph and --seed; profiles show the results.
    """
    with open_db(settings) as graph:
        try:
            summary = run_analyze(graph, seed=seed, k=k, exact_below=exact_below, batch=batch_size,
                                  report=lambda line: click.echo(line, err=True))
        except GraphError as exc:
            raise click.ClickException(str(exc)) from exc
    for line in summary.lines():
        click.echo(line)
