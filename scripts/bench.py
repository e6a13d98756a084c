"""Benchmarks against the targets of issue 13, measured in one run (`make bench`).

Measures, each in a fresh process on synthetic corpora (analysis.synthetic: real news sentences
recombined, with page furniture, so the whole parser runs):

- pipeline: `analysis.tables.build_tables` (load + parse + tone + quotes + frames + terms, then
  speaker ids, alignment and actors once per corpus), articles/s, and its time against bare NLTK
  VADER on the same sentences (VADER is the floor of necessary work); peak memory;
- the batch step alone (without the corpus-wide alignment and actors), articles/s;
- dask with 2 local workers against pandas on the same corpus;
- `python -m analysis report` on 300 articles (8 outlets, 40 events) and on 840 articles
  (7 outlets, 11 events), cold (tables computed);
- warm `python -m analysis report seeds` (tables current), as `make report` runs it.

Writes the table (targets side by side) to stdout and records the numbers with
analysis.accuracy.record in analysis/data/validation.json (topic "scale", key "latest").

Run: .venv/bin/python scripts/bench.py [--sizes 300 1000] [--dask-size 1000] [--skip-report]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from analysis.paths import BUILD_DIR, SEEDS_DIR

BENCH_DIR = BUILD_DIR / "bench"
CORPORA = {  # name -> (articles, outlets, events)
    "syn300": (300, 8, 40),
    "syn840": (840, 7, 11),
    "syn1000": (1000, 8, 100),
}


def corpus(name: str) -> Path:
    from analysis.synthetic import write_synthetic

    n, outlets, events = CORPORA[name]
    folder = BENCH_DIR / name
    if not (folder / "manifest.csv").exists():
        write_synthetic(folder, n, seed=n, n_outlets=outlets, n_events=events)
    return folder


def measure_pipeline(name: str, engine: str) -> dict:
    """In a child process: build the tables (forced), then bare VADER on the same sentences."""
    from analysis.pipeline import BATCH_TABLES, iter_parts, plan
    from analysis.sentiment import vader
    from analysis.tables import build_tables, read_tables

    folder = corpus(name)
    out = BENCH_DIR / f"tables-{name}-{engine}"
    start = time.perf_counter()
    build_tables(folder, out, force=True, engine=engine, progress=False)
    elapsed = time.perf_counter() - start
    tables = read_tables(out)
    texts = tables.sentences["text"].tolist()
    sia = vader()
    start = time.perf_counter()
    for t in texts:
        sia.polarity_scores(t)
    vader_s = time.perf_counter() - start
    batch_s = None
    if engine == "pandas":
        start = time.perf_counter()
        for _ in iter_parts(plan(folder), progress=False):
            pass
        batch_s = time.perf_counter() - start
    return {"articles": len(tables.articles), "sentences": len(texts), "seconds": elapsed, "batch_seconds": batch_s,
            "vader_seconds": vader_s, "tables": list(BATCH_TABLES),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _child(name: str, engine: str) -> dict:
    corpus(name)  # generated outside the timed child
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run([sys.executable, __file__, "--child", name, engine], capture_output=True, text=True,
                         env=env, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def time_report(folder: Path, out: Path, *, fresh: bool) -> dict:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "analysis", "report", str(folder), "--out", str(out)],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    failed = [line for line in proc.stdout.splitlines() if "FAILED" in line]
    size = (out / "report.html").stat().st_size if (out / "report.html").exists() else 0
    pages = sum(p.stat().st_size for p in (out / "events").glob("*.html")) if (out / "events").is_dir() else 0
    return {"seconds": seconds, "exit": proc.returncode, "failed_notebooks": failed, "report_bytes": size,
            "stderr_tail": proc.stderr.strip().splitlines()[-1:] if proc.returncode else [],
            "event_pages_bytes": pages, "event_pages": len(list((out / "events").glob("*.html")))
            if (out / "events").is_dir() else 0}


def _row(label: str, measured: str, target: str, ok: bool | None) -> str:
    verdict = "—" if ok is None else ("met" if ok else "**missed**")
    return f"| {label} | {measured} | {target} | {verdict} |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", default=["syn300", "syn1000"], choices=list(CORPORA))
    parser.add_argument("--dask-size", default="syn1000", choices=list(CORPORA))
    parser.add_argument("--skip-report", action="store_true")
    parser.add_argument("--child", nargs=2, default=None)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_pipeline(args.child[0], args.child[1])))
        return
    load = os.getloadavg()[0]
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
               f"{platform.python_version()}, load average at start {load:.1f}")
    print(f"machine: {machine}", flush=True)
    results: dict = {"machine": machine, "pipeline": {}, "report": {}}
    for name in args.sizes:
        results["pipeline"][name] = _child(name, "pandas")
        print(json.dumps({name: results["pipeline"][name]}), flush=True)
    if args.dask_size:
        results["dask"] = _child(args.dask_size, "dask")
        results["dask"]["pandas_seconds"] = (results["pipeline"].get(args.dask_size)
                                             or _child(args.dask_size, "pandas"))["seconds"]
        print(json.dumps({"dask": results["dask"]}), flush=True)
    if not args.skip_report:
        for name in ("syn300", "syn840"):
            results["report"][name] = time_report(corpus(name), BENCH_DIR / f"report-{name}", fresh=True)
            print(json.dumps({name: results["report"][name]}), flush=True)
        out = BENCH_DIR / "report-seeds"
        time_report(SEEDS_DIR, out, fresh=True)
        results["report"]["seeds_warm"] = time_report(SEEDS_DIR, out, fresh=False)
        print(json.dumps({"seeds_warm": results["report"]["seeds_warm"]}), flush=True)
    print()
    print("| measure | measured | target | |")
    print("|---|---:|---:|---|")
    for name, r in results["pipeline"].items():
        rate = r["articles"] / r["seconds"]
        print(_row(f"pipeline, {name} ({r['articles']} articles), all tables", f"{rate:.1f} articles/s",
                   ">= 100 articles/s", rate >= 100))
        if r.get("batch_seconds"):
            rate_b = r["articles"] / r["batch_seconds"]
            print(_row(f"  batch step only (no alignment/actors), {name}", f"{rate_b:.1f} articles/s", "—", None))
        ratio = r["seconds"] / r["vader_seconds"]
        print(_row(f"pipeline ÷ bare NLTK VADER, {name}", f"{ratio:.1f}×", "<= 3×", ratio <= 3))
        print(_row(f"peak memory, {name}", f"{r['peak_mb']:.0f} MB", "—", None))
    if "dask" in results:
        d = results["dask"]
        speed = d["pandas_seconds"] / d["seconds"]
        print(_row(f"dask 2 workers vs pandas, {args.dask_size}", f"{speed:.2f}×", ">= 1.7×", speed >= 1.7))
    for name, limit in (("syn300", 120), ("syn840", 300), ("seeds_warm", 25)):
        r = results["report"].get(name)
        if r:
            note = f" ({len(r['failed_notebooks'])} notebook(s) failed)" if r["failed_notebooks"] else ""
            if r["exit"] != 0:
                note += f" (exit {r['exit']}: {' '.join(r['stderr_tail'])[:120]})"
            print(_row(f"report, {name}", f"{r['seconds']:.0f} s{note}", f"<= {limit} s",
                       r["exit"] == 0 and r["seconds"] <= limit))
    for name in ("syn300", "syn840"):
        r = results["report"].get(name)
        if r:
            print(_row(f"report size, {name}", f"{r['report_bytes'] / 1e6:.1f} MB + {r['event_pages']} event pages "
                       f"({r['event_pages_bytes'] / 1e6:.1f} MB)", "—", None))
    from analysis import accuracy

    # the run is kept as "latest" beside the runs docs/scale.md quotes (quiet_run, loaded_run, ...)
    accuracy.record("scale", {**accuracy.figures("scale"), "latest": results})


if __name__ == "__main__":
    main()
