"""`scholargraph synthetic`: write generated OpenAlex works to a file (scholargraph.synthetic)."""

from __future__ import annotations

import time
from pathlib import Path

import click


@click.command()
@click.argument("out", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--works", default=10_000, show_default=True, type=click.IntRange(min=0), help="Number of works.")
@click.option("--seed", default=0, show_default=True, type=int,
              help="Random seed; the same seed and --works give the same bytes.")
@click.option("--progress", is_flag=True, help="Show a progress bar.")
def synthetic(out: Path, works: int, seed: int, progress: bool) -> None:
    """Write synthetic OpenAlex works to OUT as JSON lines (gzip if OUT ends in .gz), like an
    OpenAlex snapshot part: what the demo, the tests and the benchmarks load.

    \b
    Ids do not depend on the seed: load one data set per graph.
    """
    from scholargraph.synthetic import write_jsonl  # here: `scholargraph --help` reads no vocabulary

    t0 = time.perf_counter()
    count = write_jsonl(out, works, seed=seed, progress=progress)
    secs = time.perf_counter() - t0
    size = out.stat().st_size
    click.echo(
        f"wrote {count} works to {out} ({size / 1e6:.1f} MB) in {secs:.1f}s ({count / max(secs, 1e-9):,.0f} works/s)",
        err=True,
    )
