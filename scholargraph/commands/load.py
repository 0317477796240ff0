"""`scholargraph load openalex|arxiv|crossref|semanticscholar|dblp PATH…`"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from tqdm import tqdm

from graphdb import GraphError, schema
from graphdb.config import Settings
from loaders.bulk import SOURCES as BULK_SOURCES
from loaders.pipeline import load as run_load
from scholargraph.commands.common import db_options, open_db


def _command(source: str, help_text: str) -> click.Command:
    @click.command(name=source, help=help_text)
    @click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--batch-size", default=2000, show_default=True, help="Records per write transaction.")
    @click.option("--rejects", type=click.Path(dir_okay=False, path_type=Path),
                  default=Path("scholargraph-rejects.jsonl"), show_default=True,
                  help="Where rejected records go (JSON lines: file, line, reason, raw).")
    @click.option("--max-errors", default=0, show_default=True,
                  help="Rejected records tolerated before the exit status says failure "
                       "(a failed file, one not loadable at all, always fails the command).")
    @click.option("--progress/--no-progress", default=True, help="Show a progress bar.")
    @click.option("--bulk", is_flag=True, hidden=source not in BULK_SOURCES,
                  help="A first load into an empty graph: the same graph, staged on disk and written "
                       "through the engine's bulk import (FalkorDB: GRAPH.BULK; the local Neo4j: neo4j-admin "
                       "database import, the server restarted; another Neo4j: the files and the command "
                       "printed), then indexed.")
    @db_options
    def command(settings: Settings, paths: tuple[Path, ...], batch_size: int, rejects: Path,
                max_errors: int, progress: bool, bulk: bool) -> None:
        if bulk:
            if source not in BULK_SOURCES:
                raise click.ClickException(f"--bulk takes {' and '.join(BULK_SOURCES)} files only")
            _bulk(settings, source, list(paths), batch_size, rejects, max_errors, progress)
            return
        with open_db(settings) as graph:
            schema.init(graph, settings.embed_dim)
            try:
                summary = run_load(
                    graph, list(paths), source, batch_size=batch_size, rejects_path=rejects,
                    progress=progress,
                    # tqdm.write keeps the line clear of the progress bar
                    on_reject=lambda r: tqdm.write(f"rejected {r.path}:{r.line}: {r.reason}", file=sys.stderr),
                    on_file_error=lambda f: tqdm.write(f.line(), file=sys.stderr),
                )
            except GraphError as exc:
                raise click.ClickException(f"the database refused a write: {exc}") from exc
            graph.checkpoint()  # so that the next start of the server is quick
        for line in summary.lines():
            click.echo(line)
        # A bad file fails the command even with --max-errors: its records are missing whole.
        if summary.failed_files or summary.rejected > max_errors:
            raise SystemExit(1)

    return command



def _bulk(settings: Settings, source: str, paths: list[Path], batch_size: int, rejects: Path,
          max_errors: int, progress: bool) -> None:
    from loaders.bulk.run import BulkRefused, bulk_load
    from loaders.bulk.staging import BulkUnsupported

    with open_db(settings) as graph:
        try:
            result = bulk_load(
                graph, paths, source, dimension=settings.embed_dim, batch_size=batch_size, rejects_path=rejects,
                progress=progress,
                on_reject=lambda r: tqdm.write(f"rejected {r.path}:{r.line}: {r.reason}", file=sys.stderr),
                on_file_error=lambda f: tqdm.write(f.line(), file=sys.stderr),
            )
        except (BulkRefused, BulkUnsupported) as exc:
            raise click.ClickException(str(exc)) from exc
        except GraphError as exc:
            raise click.ClickException(f"the database refused a write: {exc}") from exc
        graph.checkpoint()  # so that the next start of the server is quick
    for line in result.lines():
        click.echo(line)
    summary = result.summary
    if summary.failed_files or summary.rejected > max_errors:
        raise SystemExit(1)


@click.group()
def load() -> None:
    """Load scholarly metadata files into the graph (idempotent: re-loading changes nothing)."""


load.add_command(_command(
    "openalex",
    "Load OpenAlex works, authors, institutions and topics: snapshot JSON lines "
    "(plain or .gz) or API responses; the entity type is detected per record.",
))
load.add_command(_command(
    "arxiv",
    "Load arXiv metadata: the Kaggle snapshot (JSON lines), OAI-PMH XML (arXiv and "
    "arXivRaw formats) or arXiv API Atom XML; the format is detected from the content.",
))
load.add_command(_command(
    "crossref",
    "Load Crossref works: REST API responses (message.items[] or a single message) or the "
    "public data file's JSON lines (plain or .gz); references with DOIs become CITES.",
))
load.add_command(_command(
    "semanticscholar",
    "Load Semantic Scholar Graph API JSON: paper and author objects, search and batch "
    "responses, citation and reference objects (plain or .gz).",
))
load.add_command(_command(
    "dblp",
    "Load dblp XML (dblp.xml or parts of it, plain or .gz): article, inproceedings, "
    "incollection, book and thesis records; the DTD's entities are built in.",
))
