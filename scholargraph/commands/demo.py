"""`scholargraph demo`: everything, from an empty machine to a GraphiQL page."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import click

from graphdb import Graph, schema
from graphdb.config import DEFAULT_GRAPH, Settings, default_data_dir
from scholargraph.commands.common import ApiAddress, claim_port, db_options, open_db, run_api

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
# The most prolific author of the loaded works (stubs, cited works not loaded, left out).
TOP_AUTHOR = """MATCH (a:Author)-[:AUTHORED]->(w:Work) WHERE w.title IS NOT NULL
RETURN a.id AS id, a.display_name AS name, count(w) AS works ORDER BY works DESC, id LIMIT 1"""
NODE_COUNTS = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n ORDER BY label"
EDGE_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n ORDER BY type"


def _source_of(path: Path) -> str:
    """The loader for a file, from its first bytes: the OpenAlex parser reads any JSON, so the
    other JSON sources are told apart first by keys only they write."""
    from loaders.openalex import parse_openalex
    from loaders.records import FormatError
    from loaders.source_files import BOM, open_source

    with open_source(path) as src:
        head = src.head(1 << 16).removeprefix(BOM).lstrip()
    if head.startswith(b"<"):
        return "dblp" if re.search(rb"<dblp[\s>]", head) else "arxiv"
    if b"openalex.org/" not in head:
        if b'"message-type"' in head or b'"is-referenced-by-count"' in head:
            return "crossref"
        if b'"paperId"' in head or b'"authorId"' in head:
            return "semanticscholar"
        if b'"authors_parsed"' in head or b'"submitter"' in head:  # arXiv's Kaggle snapshot
            return "arxiv"
    try:
        parse_openalex(path)
        return "openalex"
    except FormatError:
        return "arxiv"


def own_graph_name(paths: list[Path]) -> str:
    """The graph a user's files load into on the embedded server: named after the first file
    and the hash of every file's absolute path, so the same files reuse their graph (a load
    is idempotent) and other files never mix into it, nor into the generated demo's."""
    stem = re.sub(r"(\.(jsonl|json|xml|atom|gz|bz2|txt))+$", "", paths[0].name, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")[:24] or "files"
    digest = hashlib.sha256("\n".join(sorted(str(p.resolve()) for p in paths)).encode()).hexdigest()[:6]
    return f"{DEFAULT_GRAPH}_{slug}_{digest}"


def _with_graph(url: str, graph: str) -> str:
    """A falkordb:// URL whose last path part (the graph's name) is `graph`."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{graph}"))


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--works", default=2000, show_default=True, help="Size of the generated demo dataset.")
@click.option("--seed", default=42, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, help="Port of the API (checked before any work).")
@click.option("--no-serve", is_flag=True, help="Prepare the graph and stop (no API server).")
@db_options
def demo(settings: Settings, paths: tuple[Path, ...], works: int, seed: int, host: str, port: int,
         no_serve: bool) -> None:
    """Start the embedded database, load a dataset (generated, or PATHS of OpenAlex or
    arXiv files), embed and link it, analyse the coauthor network, and serve the API:
    the explorer at /, GraphiQL at /graphql.

    \b
    The generated dataset goes into the graph `scholar`, which every command uses by
    default. Your own PATHS go into a graph of their own on the embedded server,
    scholar_<first file>_<hash of the paths> (the same files: the same graph), whose
    --db URL the demo prints; with --db, into the graph or database given there.
    """
    # The API's port first: a taken port is said now, not after minutes of loading, and the
    # socket stays ours until the server listens on it.
    sock = None if no_serve else claim_port(host, port)
    try:
        files = list(paths)
        if files and settings.embedded:
            settings = dataclasses.replace(settings, db_url=_with_graph(settings.db_url, own_graph_name(files)))
        top = _prepare(settings, files, works, seed)
        if sock is None:
            _still_running(settings)
            return
        address = ApiAddress(host, port)
        examples = [EXAMPLE_PROFILE.format(author=top["id"]), EXAMPLE_CONTEXT.format(author=top["id"])] if top else []

        def announce() -> None:
            click.echo("\n" + "\n".join(address.lines(examples[0] if examples else None)))
            if examples:
                click.echo("\nTry:\n" + "\n\n".join(examples) + "\n")

        run_api(settings, sock, address, log_level="warning", on_listening=announce)
    finally:
        if sock is not None:
            sock.close()
    _still_running(settings)


def _prepare(settings: Settings, files: list[Path], works: int, seed: int) -> dict[str, object] | None:
    """Load, embed, link and analyse; say what the graph holds; the suggested researcher
    (the most prolific author of the loaded works), or None when no work has an author."""
    from analytics.coauthors import analyze
    from loaders.pipeline import load
    from scholargraph.synthetic import write_jsonl
    from similarity.embed_works import embed_works
    from similarity.embedder import Embedder
    from similarity.linking import link_similar

    with open_db(settings) as graph:
        where = f"{graph.url} ({graph.engine})" + (f", data in {settings.data_dir}" if settings.embedded else "")
        click.echo(f"==> database: {where}")
        if files and settings.embedded:
            click.echo(f"    your files get a graph of their own, {urlsplit(graph.url).path.strip('/')}; "
                       f"the generated demo is in the graph {DEFAULT_GRAPH}")
        schema.init(graph, settings.embed_dim)
        if not files:
            data = settings.data_dir.parent / "demo" / f"openalex-synthetic-{works}-seed{seed}.jsonl.gz"
            if not data.exists():
                data.parent.mkdir(parents=True, exist_ok=True)
                click.echo(f"==> generating {works} synthetic OpenAlex works -> {data}")
                write_jsonl(data, works, seed=seed)
            files = [data]
        loaded = 0  # works the files brought
        for path in files:
            source = _source_of(path)
            click.echo(f"==> loading {path} ({source})")
            summary = load(graph, [path], source, rejects_path=settings.data_dir.parent / "demo-rejects.jsonl")
            loaded += summary.kinds.get("works", 0)
            for line in summary.lines():
                click.echo(f"    {line}")
        click.echo("==> embedding works")
        e = embed_works(graph, Embedder.load(settings.embed_model))
        click.echo(f"    embedded {e.embedded} of {e.works} works with {e.model}")
        click.echo("==> linking similar works")
        s = link_similar(graph)
        click.echo(f"    {s.pairs} SIMILAR_TO pairs, novelty for {s.novelty} works")
        click.echo("==> analysing the coauthor network")
        analyze(graph)
        graph.checkpoint()  # the embedded server's next start loads a snapshot, not a replay of all this
        _say_what_it_holds(graph, loaded)
        top = graph.read(TOP_AUTHOR).rows
    if not top:
        click.echo("    no loaded work names an author: there is no researcher to suggest")
        return None
    click.echo(f"    suggested researcher: {top[0]['name']} ({top[0]['id']}), the most prolific author "
               f"of the loaded works ({top[0]['works']} works)")
    return top[0]


def _say_what_it_holds(graph: Graph, loaded: int) -> None:
    counts = graph.query("api/graph_counts").rows[0]
    nodes = ", ".join(f"{r['n']} {r['label']}" for r in graph.read(NODE_COUNTS).rows)
    edges = ", ".join(f"{r['n']} {r['type']}" for r in graph.read(EDGE_COUNTS).rows)
    click.echo(f"==> the graph {graph.url} holds {counts['works']} works and {counts['authors']} authors")
    click.echo(f"    nodes: {nodes or 'none'}")
    click.echo(f"    relationships: {edges or 'none'}")
    other = counts["works"] - loaded
    if other > 0:
        # A graph given with --db that held works already (on Neo4j, one database holds everything).
        click.echo(f"    {other} of its works were there before and did not come from these files; "
                   "for a graph of their own give an empty graph or database with --db")


def _still_running(settings: Settings) -> None:
    if not settings.embedded:
        return
    # Started for the demo and kept: the graph stays there for `cypher`, `serve`, …
    plain = Path(os.environ.get("SCHOLARGRAPH_DATA_DIR") or default_data_dir())  # what `db stop` finds alone
    given = "" if settings.data_dir == plain else f" --data-dir {settings.data_dir}"
    click.echo(f"\nThe embedded database is still running (data in {settings.data_dir}); "
               f"`scholargraph db stop{given}` stops it.")
    graph = urlsplit(settings.db_url).path.strip("/")
    if graph != DEFAULT_GRAPH:
        click.echo(f"Your files are in the graph {graph}: give other commands --db {settings.db_url}")
