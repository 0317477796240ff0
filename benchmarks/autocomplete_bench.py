"""Typeahead benchmark: `autocomplete` beside `search` (the full-text search over authors and
works) through HTTP, and beside the raw engine queries behind it, on a synthetic graph.

    .venv/bin/python benchmarks/autocomplete_bench.py                 # 100k works on FalkorDB
    .venv/bin/python benchmarks/autocomplete_bench.py --works 20000   # smaller

The graph and the embedded FalkorDB are benchmarks/api_bench.py's (generated and loaded once, kept
in its cache directory). What a person types: prefixes of real names drawn from the graph (an
author's name, a work's title, a topic, an institution, a source), cut after 3, 5 and 8
characters and after the first word plus two letters. One keep-alive client, each text once per
round; prints p50 and p99 per query, and whether autocomplete's p99 is under 20 ms (OpenAlex
documents ~200 ms for its own). The warm-up's broad prefixes build the typeahead's in-memory lists
of the most cited nodes (search/autocomplete.py), as an API's first requests do: that round is
printed apart.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import httpx
import platformdirs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.api_bench import ensure_graph, percentile, start_api, stop_process  # noqa: E402
from graphdb import embedded, open_graph, schema  # noqa: E402
from graphdb.fulltext import search_terms  # noqa: E402
from search.autocomplete import STREAM  # noqa: E402

AUTOCOMPLETE = """query($t: String!) { autocomplete(text: $t, first: 10) {
  __typename ... on Author { id name hint } ... on Work { id title hint } ... on Topic { id name hint }
  ... on Institution { id name hint } ... on Source { id name hint } } }"""
SEARCH = """query($t: String!) { search(text: $t, first: 10) { kind score node {
  ... on Author { id name } ... on Work { id title } } } }"""
NAMES = {
    "Author": "MATCH (n:Author) RETURN n.display_name AS name ORDER BY n.id SKIP $skip LIMIT 40",
    "Work": "MATCH (n:Work) WHERE n.title IS NOT NULL RETURN n.title AS name ORDER BY n.id SKIP $skip LIMIT 40",
    "Topic": "MATCH (n:Topic) RETURN n.name AS name ORDER BY n.id SKIP $skip LIMIT 40",
    "Institution": "MATCH (n:Institution) RETURN n.name AS name ORDER BY n.id SKIP $skip LIMIT 40",
    "Source": "MATCH (n:Source) RETURN n.name AS name ORDER BY n.id SKIP $skip LIMIT 40",
}


def typed(name: str) -> list[str]:
    first, _, rest = name.partition(" ")
    cuts = [name[:3], name[:5], name[:8]] + ([f"{first} {rest[:2]}"] if rest else [])
    return [c for c in dict.fromkeys(cuts) if search_terms(c)]


def wait_for_index(graph: object, label: str, name: str, timeout: float = 600) -> None:
    """Full-text indexes added to a filled graph fill in the background."""
    terms = search_terms(name)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = graph.query("api/autocomplete_candidates", {  # type: ignore[attr-defined]
            "label": label, "index": "", "terms": terms, "k": 1}).rows
        if rows:
            return
        time.sleep(1)
    raise SystemExit(f"the {label} full-text index did not answer within {timeout:.0f} s")


def timed(client: httpx.Client, base: str, query: str, text: str) -> float:
    started = time.perf_counter()
    body = client.post(f"{base}/graphql", json={"query": query, "variables": {"t": text}}).json()
    elapsed = (time.perf_counter() - started) * 1000
    if body.get("errors"):
        raise SystemExit(f"{text!r}: {body['errors']}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--works", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=Path(platformdirs.user_cache_dir("scholargraph")) / "bench")
    parser.add_argument("--port", type=int, default=6391, help="port of the embedded database (api_bench's)")
    args = parser.parse_args()
    db_dir = args.cache / "falkordb"
    embedded.start(db_dir, args.port, timeout=900)
    url = f"falkordb://127.0.0.1:{args.port}/bench_{args.works}_s{args.seed}"
    proc = None
    try:
        with open_graph(url) as graph:
            ensure_graph(graph, args.works, args.seed, args.cache)
            schema.init(graph, 384)  # the autocomplete's indexes, on a graph loaded before they existed
            rng = random.Random(args.seed)
            texts: list[str] = []
            for label, query in NAMES.items():
                total = graph.read(f"MATCH (n:{label}) RETURN count(n) AS n").value()
                skip = rng.randrange(0, max(1, total - 40))
                names = [r["name"] for r in graph.read(query, {"skip": skip}).rows if r["name"]]
                wait_for_index(graph, label, names[0])
                texts += [t for name in rng.sample(names, min(10, len(names))) for t in typed(name)]
            raw = []
            for text in texts:
                started = time.perf_counter()
                for label in NAMES:
                    graph.query("api/autocomplete_candidates", {"label": label, "index": "", "k": STREAM,
                                                                "terms": search_terms(text)})
                raw.append((time.perf_counter() - started) * 1000)
        proc, base = start_api(url)
        results: dict[str, list[float]] = {"autocomplete": [], "search": []}
        with httpx.Client(timeout=30) as client:
            for text in texts[:5]:  # warm-up: plans and connections
                timed(client, base, SEARCH, text)
            # and every text once, so that the in-memory lists of the most cited nodes are built
            # (the first broad prefix of a kind waits for its list: timed apart, below)
            builds = [timed(client, base, AUTOCOMPLETE, text) for text in texts]
            for _ in range(args.rounds):
                for text in texts:
                    results["autocomplete"].append(timed(client, base, AUTOCOMPLETE, text))
                    results["search"].append(timed(client, base, SEARCH, text))
        print(f"\n{args.works:,} works on FalkorDB, {len(texts)} typed texts x {args.rounds} rounds, one client")
        print(f"{'query':<44} {'p50 ms':>8} {'p99 ms':>8}")
        for name, values in results.items():
            print(f"{name + ' (HTTP, first: 10)':<44} {percentile(values, 50):>8.1f} {percentile(values, 99):>8.1f}")
        print(f"{'raw candidates, 5 kinds one after another':<44} {percentile(raw, 50):>8.1f} "
              f"{percentile(raw, 99):>8.1f}")
        print(f"{'autocomplete, first round (builds the lists)':<44} {percentile(builds, 50):>8.1f} "
              f"{percentile(builds, 99):>8.1f}   max {max(builds):.1f}")
        p99 = percentile(results["autocomplete"], 99)
        print(f"\nautocomplete p99 {p99:.1f} ms: {'under' if p99 < 20 else 'OVER'} the 20 ms target")
    finally:
        if proc is not None:
            stop_process(proc)
        embedded.stop(db_dir, args.port)


if __name__ == "__main__":
    main()
