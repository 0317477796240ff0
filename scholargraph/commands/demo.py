"""`scholargraph demo`: everything, from an empty machine to a GraphiQL page."""

from __future__ import annotations

from pathlib import Path

import click

from graphdb import schema
from scholargraph.commands.common import db_options, open_db
from scholargraph.config import Settings

EXAMPLE_PROFILE = """{{
  author(id: "{author}") {{
    name
    profile {{
      counts {{ works citations topics collaborators followers }}
      hIndex i10Index
      trust {{ score band verificationLevel }}
    }}
  }}
}}"""
EXAMPLE_CONTEXT = """{{
  researcherContext(authorId: "{author}", works: 5, collaborators: 5) {{
    nodes {{ id kind label weight }}
    edges {{ source target kind weight }}
  }}
}}"""


def _source_of(path: Path) -> str:
    from loaders.openalex import parse_openalex
    from loaders.records import FormatError

    try:
        parse_openalex(path)
        return "openalex"
    except FormatError:
        return "arxiv"


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--works", default=2000, show_default=True, help="Size of the generated demo dataset.")
@click.option("--seed", default=42, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, help="Port of the API.")
@click.option("--no-serve", is_flag=True, help="Prepare the graph and stop (no API server).")
@db_options
def demo(settings: Settings, paths: tuple[Path, ...], works: int, seed: int, host: str, port: int,
         no_serve: bool) -> None:
    """Start the embedded database, load a dataset (generated, or PATHS of OpenAlex or
    arXiv files), embed and link it, analyse the coauthor network, and serve the API."""
    from loaders.pipeline import load
    from scholargraph.synthetic import write_jsonl
    from similarity.embed_works import embed_works
    from similarity.embedder import Embedder
    from similarity.linking import link_similar

    with open_db(settings) as graph:
        click.echo(f"==> database: {settings.db_url} ({graph.engine}), data in {settings.data_dir}")
        schema.init(graph, settings.embed_dim)
        files = list(paths)
        if not files:
            data = settings.data_dir.parent / "demo" / f"openalex-synthetic-{works}-seed{seed}.jsonl.gz"
            if not data.exists():
                data.parent.mkdir(parents=True, exist_ok=True)
                click.echo(f"==> generating {works} synthetic OpenAlex works -> {data}")
                write_jsonl(data, works, seed=seed)
            files = [data]
        for path in files:
            source = _source_of(path)
            click.echo(f"==> loading {path} ({source})")
            summary = load(graph, [path], source, rejects_path=settings.data_dir.parent / "demo-rejects.jsonl")
            for line in summary.lines():
                click.echo(f"    {line}")
        click.echo("==> embedding works")
        e = embed_works(graph, Embedder.load(settings.embed_model))
        click.echo(f"    embedded {e.embedded} of {e.works} works with {e.model}")
        click.echo("==> linking similar works")
        s = link_similar(graph)
        click.echo(f"    {s.pairs} SIMILAR_TO pairs, novelty for {s.novelty} works")
        try:
            from scholargraph.analyze import analyze
        except ImportError:
            analyze = None
        if analyze is not None:
            click.echo("==> analysing the coauthor network")
            analyze(graph)
        top = graph.read(
            "MATCH (a:Author)-[:AUTHORED]->(w:Work) RETURN a.id AS id, count(w) AS n ORDER BY n DESC, id LIMIT 1"
        ).value()
    if no_serve:
        _still_running(settings)
        return
    import uvicorn

    from api.app import create_app

    url = f"http://{host}:{port}/graphql"
    click.echo(f"\nGraphiQL: {url}\n\nTry:\n{EXAMPLE_PROFILE.format(author=top)}\n\n"
               f"{EXAMPLE_CONTEXT.format(author=top)}\n")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
    _still_running(settings)


def _still_running(settings: Settings) -> None:
    if settings.embedded:  # started for the demo and kept: the graph stays there for `cypher`, `serve`, …
        click.echo(f"\nThe embedded database is still running (data in {settings.data_dir}); "
                   "`scholargraph db stop` stops it.")
