"""Benchmark the pipeline on synthetic corpora of 100, 1,000 and 10,000 articles (`make bench`).

For each size: articles/s and sentences/s of `analysis.pipeline.run` (load + parse + tone +
quotes + frames + term counts), peak memory (max resident set size of the process that ran it,
and of the dask workers), and the ratio of pipeline time to bare NLTK VADER time over the same
sentences (VADER is the floor of necessary work). On the largest size, the dask engine with 2
workers against the pandas engine. Each measurement runs in a fresh process.

Run: .venv/bin/python scripts/bench.py [--sizes 100 1000 10000] [--dask-size 10000]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from analysis.paths import BUILD_DIR

BENCH_DIR = BUILD_DIR / "bench"


def _corpus(n: int) -> Path:
    from analysis.synthetic import write_synthetic

    folder = BENCH_DIR / f"synthetic-{n}"
    if not (folder / "manifest.csv").exists():
        write_synthetic(folder, n, seed=n)
    return folder


def measure(n: int, engine: str) -> dict:
    """Run in a child process: one pipeline run, then bare VADER on its sentences."""
    from analysis.pipeline import run
    from analysis.sentiment import vader

    folder = _corpus(n)
    start = time.perf_counter()
    tables = run(folder, engine=engine, progress=False)
    elapsed = time.perf_counter() - start
    texts = tables["sentences"]["text"].tolist()
    sia = vader()
    start = time.perf_counter()
    for t in texts:
        sia.polarity_scores(t)
    vader_s = time.perf_counter() - start
    return {
        "articles": len(tables["articles"]),
        "sentences": len(texts),
        "quotes": len(tables["quotes"]),
        "seconds": elapsed,
        "vader_seconds": vader_s,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def _child(n: int, engine: str) -> dict:
    _corpus(n)  # generated outside the timed child
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(n), engine], capture_output=True, text=True, env=env, check=False
    )
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--dask-size", type=int, default=10000)
    parser.add_argument("--child", nargs=2, default=None)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(int(args.child[0]), args.child[1])))
        return
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    rows = []
    for n in args.sizes:
        r = _child(n, "pandas")
        rows.append(("pandas", n, r))
        print(json.dumps({"engine": "pandas", "n": n, **r}), flush=True)
    if args.dask_size:
        r = _child(args.dask_size, "dask")
        rows.append(("dask", args.dask_size, r))
        print(json.dumps({"engine": "dask", "n": args.dask_size, **r}), flush=True)
    print()
    print("| engine | articles | sentences | seconds | articles/s | sentences/s | peak MB (main / workers) "
          "| pipeline ÷ bare VADER |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for engine, _n, r in rows:
        workers = f" / {r['children_peak_mb']:.0f}" if engine == "dask" else ""
        print(f"| {engine} | {r['articles']:,} | {r['sentences']:,} | {r['seconds']:.1f} | "
              f"{r['articles'] / r['seconds']:.0f} | {r['sentences'] / r['seconds']:,.0f} | "
              f"{r['peak_mb']:.0f}{workers} | {r['seconds'] / r['vader_seconds']:.1f}× |")
    pandas_big = next((r for e, n, r in rows if e == "pandas" and n == args.dask_size), None)
    dask_big = next((r for e, _, r in rows if e == "dask"), None)
    if pandas_big and dask_big:
        print(f"\ndask (2 workers) vs pandas on {args.dask_size:,} articles: "
              f"{pandas_big['seconds'] / dask_big['seconds']:.2f}× faster")


if __name__ == "__main__":
    main()
