"""`scholargraph analyze`: communities and centrality of the coauthor network, onto Authors;
`scholargraph analyze --merges`: the profiles most likely to merge several people."""

from __future__ import annotations

import json
from dataclasses import asdict

import click

from analytics.coauthors import BATCH, EXACT_BELOW, SAMPLE_K
from analytics.coauthors import analyze as run_analyze
from analytics.coherence import MIN_WORKS
from analytics.merges import rank_merges
from graphdb import GraphError
from graphdb.config import Settings
from scholargraph.commands.common import db_options, open_db


@click.command()
@click.option("--seed", default=42, show_default=True, help="Seed for Louvain and betweenness sampling.")
@click.option("--k", "k", default=SAMPLE_K, show_default=True,
              help="Betweenness sample sources on networks of --exact-below authors or more.")
@click.option("--exact-below", default=EXACT_BELOW, show_default=True,
              help="Compute betweenness exactly under this many authors.")
@click.option("--batch-size", default=BATCH, show_default=True, help="Authors written per query.")
@click.option("--merges", is_flag=True,
              help="Instead: rank the profiles that may merge several people (writes nothing).")
@click.option("--min-works", default=MIN_WORKS, show_default=True, type=click.IntRange(1),
              help="With --merges: analyse authors with at least this many works.")
@click.option("--top", default=20, show_default=True, type=click.IntRange(1),
              help="With --merges: how many profiles to list.")
@click.option("--json", "as_json", is_flag=True, help="With --merges: one JSON object per line.")
@db_options
def analyze(settings: Settings, seed: int, k: int, exact_below: int, batch_size: int, merges: bool,
            min_works: int, top: int, as_json: bool) -> None:
    """Export the COAUTHOR network to networkx, compute communities (Louvain), PageRank and
    betweenness, and write them onto Author nodes (community, pagerank, betweenness).

    Deterministic for a given graph and --seed; profiles show the results.

    With --merges, cluster every author's works instead (profile.possibleMerge, docs/api.md) and
    list the profiles flagged as possibly several people, most suspicious first.
    """
    with open_db(settings) as graph:
        try:
            if merges:
                flagged, analysed = rank_merges(graph, min_works=min_works,
                                                report=lambda line: click.echo(line, err=True))
                suspects = flagged[:top]
            else:
                summary = run_analyze(graph, seed=seed, k=k, exact_below=exact_below, batch=batch_size,
                                      report=lambda line: click.echo(line, err=True))
        except GraphError as exc:
            raise click.ClickException(str(exc)) from exc
    if not merges:
        for line in summary.lines():
            click.echo(line)
        return
    if as_json:
        for s in suspects:
            click.echo(json.dumps(asdict(s)))  # the fields in order: id, name, works, people, score, ...
        return
    click.echo(f"{len(flagged)} possible merge{'s' * (len(flagged) != 1)} among {analysed} authors "
               f"with {min_works} works or more" + (f"; the {top} most suspicious:" if len(flagged) > top else ""))
    for rank, s in enumerate(suspects, start=1):
        sizes = " + ".join(str(n) for n in s.clusters)
        click.echo(f"{rank:>3}. {s.id}  {s.name or '(no name)'}  score {s.score:.2f}  {s.people} people  "
                   f"{s.works} works ({sizes} in the largest clusters)")
        for line in s.evidence:
            click.echo(f"       - {line}")
