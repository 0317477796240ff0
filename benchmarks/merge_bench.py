"""Planted-merge benchmark: does `scholargraph analyze --merges` find two people given one id?

    .venv/bin/python benchmarks/merge_bench.py                       # 3,000 works, 20 + 10 merges
    .venv/bin/python benchmarks/merge_bench.py --works 10000 --cross 40 --same 20

Works come from scholargraph/synthetic/ (its defaults untouched). Merges are planted in the
records before loading: for a pair of generated authors (A, B), every authorship of B is rewritten
to name A (id and name), as a source that conflated two namesakes would. Pairs are drawn (seeded)
from authors with at least --min-works works each who never wrote together:

- cross-field pairs: their main fields (the OpenAlex field of most of their works' primary
  topics) differ, as "LLM optimisation and tetraquark physics" did; precision and recall are
  measured on these (targets: precision >= 0.9, recall >= 0.8);
- same-field pairs: one field; the rule does not claim to separate them (docs/api.md), their
  recall is printed apart.

The graph is loaded with the ordinary loader into an embedded FalkorDB of its own (a temporary
directory); works carry no embeddings, so clusters rest on coauthors, affiliations and topics.
Prints precision (planted profiles among those flagged), recall per kind of pair, and the false
flags among single-person profiles: every unplanted author with --min-works works or more, and
apart the single-topic prolific ones (at least --prolific works, all with one primary topic;
target 0).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics.coherence import MIN_WORKS  # noqa: E402
from analytics.merges import rank_merges  # noqa: E402
from graphdb import embedded, open_graph, schema  # noqa: E402
from loaders.pipeline import load  # noqa: E402
from scholargraph.synthetic import generate_works  # noqa: E402
from tests.support.engines import free_port  # noqa: E402

Work = dict[str, Any]


def short(url: str) -> str:
    return url.rsplit("/", 1)[-1]


def people(works: list[Work]) -> tuple[dict[str, list[int]], dict[str, str], dict[str, Counter[str]],
                                         dict[str, Counter[str]], dict[str, set[str]]]:
    """Per author: the works (indexes), the name, primary fields and topics counted, coauthors."""
    by_author: dict[str, list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    fields: dict[str, Counter[str]] = defaultdict(Counter)
    topics: dict[str, Counter[str]] = defaultdict(Counter)
    coauthors: dict[str, set[str]] = defaultdict(set)
    for i, w in enumerate(works):
        ids = [short(a["author"]["id"]) for a in w["authorships"]]
        primary = w.get("primary_topic") or {}
        for a, aid in zip(w["authorships"], ids, strict=True):
            by_author[aid].append(i)
            names[aid] = a["author"]["display_name"]
            if primary:
                fields[aid][primary["field"]["id"]] += 1
                topics[aid][primary["id"]] += 1
            coauthors[aid].update(x for x in ids if x != aid)
    return by_author, names, fields, topics, coauthors


def plant(works: list[Work], rng: random.Random, min_works: int, cross: int, same: int
          ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Choose the pairs and rewrite each B's authorships to name A, in place."""
    by_author, names, fields, _, coauthors = people(works)
    main = {a: c.most_common(1)[0][0] for a, c in fields.items() if c}
    pool = sorted(a for a, ws in by_author.items() if len(ws) >= min_works and a in main)
    rng.shuffle(pool)
    used: set[str] = set()
    pairs: dict[bool, list[tuple[str, str]]] = {True: [], False: []}
    want = {True: cross, False: same}
    for a in pool:
        if a in used:
            continue
        for b in pool:
            if b == a or b in used or b in coauthors[a]:
                continue
            kind = main[a] != main[b]
            if len(pairs[kind]) < want[kind]:
                pairs[kind].append((a, b))
                used.update((a, b))
                break
        if all(len(pairs[k]) >= want[k] for k in pairs):
            break
    for a, b in pairs[True] + pairs[False]:
        for i in by_author[b]:
            for ship in works[i]["authorships"]:
                if short(ship["author"]["id"]) == b:
                    # A copy: the generator shares nested dicts between works.
                    ship["author"] = {**ship["author"], "id": f"https://openalex.org/{a}", "display_name": names[a]}
                    ship["raw_author_name"] = names[a]
    return pairs[True], pairs[False]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--works", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7, help="the generator's and the pairs' seed")
    parser.add_argument("--cross", type=int, default=20, help="cross-field merges to plant")
    parser.add_argument("--same", type=int, default=10, help="same-field merges to plant")
    parser.add_argument("--min-works", type=int, default=MIN_WORKS,
                        help="works each planted person has, and the analysis' --min-works")
    parser.add_argument("--prolific", type=int, default=15, help="works that make a single-topic author prolific")
    args = parser.parse_args()

    works = list(generate_works(args.works, seed=args.seed))
    cross, same = plant(works, random.Random(args.seed), args.min_works, args.cross, args.same)
    by_author, _, _, topics, _ = people(works)  # after planting: merged profiles as the graph holds them
    planted_cross, planted_same = {a for a, _ in cross}, {a for a, _ in same}
    planted = planted_cross | planted_same
    single = {a for a, ws in by_author.items() if a not in planted and len(ws) >= args.min_works}
    single_topic = {a for a in single if len(by_author[a]) >= args.prolific and len(topics[a]) == 1}

    with tempfile.TemporaryDirectory(prefix="merge-bench-") as tmp:
        folder = Path(tmp)
        path = folder / "works.jsonl"
        path.write_text("".join(json.dumps(w) + "\n" for w in works), encoding="utf-8")
        port = free_port()
        embedded.start(folder / "db", port)
        try:
            with open_graph(f"falkordb://127.0.0.1:{port}/merges") as graph:
                schema.init(graph, 384)
                started = time.perf_counter()
                summary = load(graph, [path], "openalex", rejects_path=folder / "rejects", progress=False)
                loaded = time.perf_counter() - started
                started = time.perf_counter()
                flagged, analysed = rank_merges(graph, min_works=args.min_works, report=lambda _: None)
                took = time.perf_counter() - started
        finally:
            embedded.stop(folder / "db", port)

    hit = {s.id for s in flagged}
    true_cross, true_same = hit & planted_cross, hit & planted_same
    false_flags = hit - planted
    precision = len(true_cross | true_same) / len(hit) if hit else 1.0
    recall_cross = len(true_cross) / len(planted_cross) if planted_cross else 0.0
    recall_same = len(true_same) / len(planted_same) if planted_same else 0.0
    print(f"{args.works:,} synthetic works (seed {args.seed}), {summary.records:,} records loaded in {loaded:.1f} s "
          f"({summary.rejected} rejected); "
          f"{analysed:,} authors with {args.min_works}+ works analysed in {took:.1f} s")
    print(f"planted: {len(planted_cross)} cross-field merges, {len(planted_same)} same-field merges")
    print(f"flagged: {len(hit)} ({len(true_cross)} cross-field planted, {len(true_same)} same-field planted, "
          f"{len(false_flags)} unplanted)")
    print(f"precision {precision:.3f} (target >= 0.9)")
    print(f"recall, cross-field merges {recall_cross:.3f} (target >= 0.8)")
    print(f"recall, same-field merges {recall_same:.3f} (no target: one field is one person to the rule)")
    print(f"false flags: {len(false_flags)} of {len(single)} unplanted authors with {args.min_works}+ works; "
          f"{len(false_flags & single_topic)} of {len(single_topic)} single-topic prolific ones "
          f"({args.prolific}+ works, one primary topic; target 0)")
    missed = sorted(planted_cross - hit)
    if missed:
        print("missed cross-field merges: " + ", ".join(missed[:10]))
    if false_flags:
        print("unplanted flags: " + ", ".join(sorted(false_flags)[:10]))


if __name__ == "__main__":
    main()
