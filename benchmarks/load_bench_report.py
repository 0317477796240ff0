"""The load benchmark's report of where the batched loader's time goes (benchmarks/load_bench.py):
per query, and per batch as the graph grows, from the run not pipelined."""

from __future__ import annotations

import os
from typing import Any

# Parts of a load the per-batch costs are compared over (tenths of its batches).
PARTS = 10


def print_time_report(targets: list[Any], results: list[tuple[Any, int, str, dict[str, Any], str]]) -> None:
    """`targets`: load_bench's engines; `results`: (target, works, row label, measurement, note)
    as load_bench.main gathers them."""
    for target in targets:
        batched = [(n, r) for t, n, label, r, _ in results if t is target and label == "batched"]
        sequential = {n: r for t, n, label, r, _ in results if t is target and label == "batched, not pipelined"}
        if len(batched) > 1:
            print(f"{target.name}: peak RSS of the batched loader: "
                  + ", ".join(f"{r['peak_rss_mb']:.0f} MB at {n:,} works" for n, r in batched))
        # each size once: the pipelined run where measured, else the one not pipelined
        for n, r in sorted({**sequential, **dict(batched)}.items()):
            print()
            print(f"{target.name}: where the batched loader's time goes at {n:,} works ({r['seconds']:.1f}s wall; "
                  f"the engine used {r['server_cpu']:.1f} CPU-s, the loader process {r['client_cpu']:.1f} CPU-s):"
                  if target.server_pid else
                  f"{target.name}: where the batched loader's time goes at {n:,} works ({r['seconds']:.1f}s wall, "
                  f"the loader process {r['client_cpu']:.1f} CPU-s; the server's CPU is not known here):")
            if target.server_pid:
                bound = max(r["server_cpu"], r["client_cpu"],
                            (r["server_cpu"] + r["client_cpu"]) / (os.cpu_count() or 1))
                print(f"  with the machine to itself, this CPU work allows at most {r['records'] / bound:,.0f} "
                      f"works/s (engine and loader overlapping perfectly on {os.cpu_count()} cores)")
            if r.get("parsed_ahead"):
                print(f"  {r['parsed_ahead']:,} of its {r['records']:,} records were parsed while the loader waited "
                      "for the engine's replies")
            seq = sequential.get(n)
            if seq is None:  # --rows left that row out
                continue
            print(f"  per query, from the run not pipelined ({seq['seconds']:.1f}s wall, engine "
                  f"{seq['server_cpu']:.1f} CPU-s, loader {seq['client_cpu']:.1f} CPU-s; the pipelined writer "
                  "sends its writes without waiting for them, so its engine time cannot be split by query):")
            qs = sorted(seq["queries"].items(), key=lambda kv: (-kv[1]["server_cpu_s"], -kv[1]["writer_s"]))
            w = max(len(q) for q, _ in qs)
            print(f"  {'query'.ljust(w)}  calls  server CPU s  writer s")
            for q, v in qs:
                print(f"  {q.ljust(w)}  {v['calls']:5d}  {v['server_cpu_s']:12.2f}  {v['writer_s']:8.2f}")
            print("  (server CPU: the engine's CPU time during the query; writer s: the wall time in it, "
                  "encoding, sending, engine and reply)")
            print_growth(seq["batches"])


def print_growth(batches: list[list[float]]) -> None:
    """The batches' cost by tenth of the load: the graph grows from empty to the whole file while
    each tenth's batches are drawn from the same generator, so a rise from the first tenth to the
    last is the graph's size costing more per batch (what a flat incremental loader avoids)."""
    full = batches[:-1]  # the last batch left out: it may be a short one
    if len(full) < PARTS:
        return
    size = len(full) / PARTS
    parts = [full[round(i * size):round((i + 1) * size)] for i in range(PARTS)]
    wall = [sum(b[1] for b in p) / len(p) for p in parts]
    cpu = [sum(b[0] for b in p) / len(p) for p in parts]
    print(f"  per batch as the graph grows (its {len(full)} full batches in tenths, in load order; "
          "seconds in its queries / the engine's CPU seconds):")
    print("  " + "  ".join(f"{w:.2f}/{c:.2f}" for w, c in zip(wall, cpu, strict=True)))
    print(f"  the last tenth's batches run at {wall[0] / wall[-1]:.2f}x the first tenth's rate "
          f"(engine CPU: {cpu[0] / cpu[-1]:.2f}x)")
