"""`scholargraph embed`, `link-similar`, `search`, `similar`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import click

from graphdb.config import Settings
from scholargraph.commands.common import db_options, open_db
from search import Hit

if TYPE_CHECKING:
    from similarity.embedder import Embedder  # heavy (torch): loaded only when a command embeds


def _embedder(settings: Settings, model: str | None) -> Embedder:
    from similarity.embedder import Embedder

    return Embedder.load(model or settings.embed_model)


@click.command()
@click.option("--model", default=None, help="sentence-transformers model name or path "
              "[default: SCHOLARGRAPH_EMBED_MODEL, else the shipped all-MiniLM-L6-v2]")
@click.option("--batch-size", default=64, show_default=True)
@click.option("--progress/--no-progress", default=True)
@db_options
def embed(settings: Settings, model: str | None, batch_size: int, progress: bool) -> None:
    """Embed every work that has no vector, or whose title or abstract changed."""
    from similarity.embed_works import embed_works

    embedder = _embedder(settings, model)
    with open_db(settings) as graph:
        s = embed_works(graph, embedder, batch_size=batch_size, progress=progress)
        graph.checkpoint()
    click.echo(f"{s.works} works with a title; embedded {s.embedded} ({s.reembedded} re-embedded) "
               f"with {s.model} ({s.dimension} dimensions)")
    click.echo(f"time per stage: {s.stages()}")


@click.command("link-similar")
@click.option("-k", "--k", "k", default=10, show_default=True, help="Neighbours per work.")
@click.option("--min-score", type=float, default=None, help="Drop pairs below this cosine similarity.")
@click.option("--progress/--no-progress", default=True)
@db_options
def link_similar(settings: Settings, k: int, min_score: float | None, progress: bool) -> None:
    """Link every work to its k nearest works (SIMILAR_TO) and recompute novelty."""
    from similarity.linking import link_similar as run

    with open_db(settings) as graph:
        s = run(graph, k=k, min_score=min_score, progress=progress)
        graph.checkpoint()
    click.echo(f"{s.works} embedded works, {s.pairs} similar pairs: {s.added} added, {s.updated} updated, "
               f"{s.removed} removed; novelty for {s.novelty} works")
    phases = ", ".join(f"{phase} {sec:.1f}s" for phase, sec in s.seconds.items())
    click.echo(f"in {sum(s.seconds.values()):.1f}s ({phases})")


ARTICLED = {"AUTHOR": "an author", "TOPIC": "a topic", "INSTITUTION": "an institution", "SOURCE": "a source"}


def _place(url: str) -> str:
    """The database URL without its credentials."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def _print_hits(hits: list[Hit], as_json: bool) -> None:
    if as_json:
        rows = [{"id": h.id, "title": h.title, "year": h.year, "score": h.score} for h in hits]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for h in hits:
        click.echo(f"{h.score:.3f}  {h.id:20}  {h.year or '':4}  {h.title or ''}")


@click.command()
@click.argument("text")
@click.option("-k", "--k", "k", default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@click.option("--model", default=None)
@db_options
def search(settings: Settings, text: str, k: int, as_json: bool, model: str | None) -> None:
    """Works nearest in meaning to TEXT (semantic search over the vector index)."""
    from search.semantic import semantic_search

    embedder = _embedder(settings, model)
    with open_db(settings) as graph:
        _print_hits(semantic_search(graph, embedder, text, k), as_json)


@click.command()
@click.argument("work_id")
@click.option("-k", "--k", "k", default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@db_options
def similar(settings: Settings, work_id: str, k: int, as_json: bool) -> None:
    """A work's most similar works (its SIMILAR_TO neighbours)."""
    from search.similar import similar_works

    with open_db(settings) as graph:
        hits = similar_works(graph, work_id, k)
        kinds = [] if hits else [row["kind"] for row in graph.query("api/node_kind", {"id": work_id}).rows]
    if not hits and "WORK" not in kinds:
        what = f" (it is the id of {' and of '.join(ARTICLED[k] for k in kinds)})" if kinds else ""
        raise click.ClickException(f"no work with id {work_id!r} in the graph at {_place(graph.url)}{what}")
    if not hits:  # a work, but no neighbours: said on stderr, so --json still prints a plain []
        click.echo(f"work {work_id} has no similar works yet: run `scholargraph embed` then "
                   "`scholargraph link-similar` (a work without a title is not embedded)", err=True)
    _print_hits(hits, as_json)
