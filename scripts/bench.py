"""Benchmarks against the targets of issue 23, measured in one run (`make bench`).

Each measure runs in a fresh process (so peak memory is its own):

- ``real``: the tables of the real-news benchmark corpus (scripts/make_real_corpus.py: 935
  articles of PolNeAR, NFC and PerSenT, 10 events of 84-97 articles) with one process, with the
  default (every core) and with a 2-worker local Dask cluster; the floor (bare read + Punkt +
  NLTK VADER, :mod:`analysis.speed`) on the same articles in the same run;
- ``report``: `python -m analysis report` on the real corpus (cold: tables computed) and on the
  seeds (warm: tables current), with each notebook's time read from the executed notebooks;
- ``scaling``: the tables of synthetic corpora (analysis.synthetic, real sentences recombined) of
  300 / 1,000 / 3,000 / 10,000 articles, seconds per article and the parent's peak memory;
- ``dask10k``: the Dask client's peak memory on 10,000 synthetic articles.

Prints the table (targets side by side) and records the numbers with analysis.accuracy.record in
analysis/data/validation.json (topic "scale", key "bench"); docs/scale.md quotes them.

Run: .venv/bin/python scripts/bench.py [--only real report scaling dask10k] [--sizes 300 1000 3000 10000]
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

from analysis.paths import BUILD_DIR, ROOT, SEEDS_DIR

BENCH_DIR = BUILD_DIR / "bench"
SYNTHETIC = {300: (8, 40), 1000: (8, 100), 3000: (10, 100), 10000: (10, 300)}  # articles -> (outlets, events)


def real_corpus() -> Path:
    folder = BENCH_DIR / "real935"
    if not (folder / "manifest.csv").exists():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_real_corpus.py"), str(folder)], check=True)
    return folder


def synthetic(n: int) -> Path:
    from analysis.synthetic import write_synthetic

    outlets, events = SYNTHETIC[n]
    folder = BENCH_DIR / f"syn{n}"
    if not (folder / "manifest.csv").exists():
        write_synthetic(folder, n, seed=n, n_outlets=outlets, n_events=events)
    return folder


def tables_child(corpus: str, engine: str, jobs: int, floor: bool) -> dict:
    """In a child process: build the tables (forced); optionally the floor on the same files."""
    from analysis.speed import floor as floor_seconds
    from analysis.tables import build_tables, read_tables

    out = BENCH_DIR / f"tables-{Path(corpus).name}-{engine}-{jobs}"
    start = time.perf_counter()
    build_tables(corpus, out, force=True, engine=engine, jobs=jobs, n_workers=jobs, progress=False)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tables = read_tables(out)
    result = {"articles": len(tables.articles), "sentences": len(tables.sentences), "seconds": seconds,
              "peak_mb": peak, "engine": engine, "jobs": jobs}
    if floor:
        result["floor_seconds"], result["floor_sentences"] = floor_seconds(tables.articles["source_file"].tolist())
    return result


def child(*args: str) -> dict:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env,
                         check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def notebook_seconds(out: Path) -> dict[str, float]:
    """Seconds per executed notebook, from papermill's per-cell durations."""
    times = {}
    for path in sorted((out / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        times[path.stem] = round(sum(c.get("metadata", {}).get("papermill", {}).get("duration") or 0 for c in cells), 1)
    return times


def time_report(folder: Path, out: Path, *, fresh: bool) -> dict:
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "analysis", "report", str(folder), "--out", str(out)],
                          capture_output=True, text=True, check=False)
    return {"seconds": time.perf_counter() - start, "exit": proc.returncode, "notebooks": notebook_seconds(out),
            "stderr_tail": proc.stderr.strip().splitlines()[-1:] if proc.returncode else []}


def row(label: str, measured: str, target: str, ok: bool | None) -> str:
    verdict = "—" if ok is None else ("met" if ok else "**missed**")
    return f"| {label} | {measured} | {target} | {verdict} |"


def measure(only: list[str], sizes: list[int]) -> dict:
    results: dict = {}
    if "real" in only:
        corpus = str(real_corpus())
        one = child(corpus, "pandas", "1", "floor")
        default, dask = child(corpus, "pandas", str(_cores()), ""), child(corpus, "dask", "2", "")
        results["real"] = {"one": one, "default": default, "dask2": dask,
                           "rate_one": one["articles"] / one["seconds"],
                           "rate_default": default["articles"] / default["seconds"],
                           "floor_ratio": one["seconds"] / one["floor_seconds"],
                           "dask_speedup": one["seconds"] / dask["seconds"],
                           "default_speedup": one["seconds"] / default["seconds"]}
        print(json.dumps({"real": results["real"]}), flush=True)
    if "report" in only:
        cold = time_report(real_corpus(), BENCH_DIR / "report-real", fresh=True)
        seeds_out = BENCH_DIR / "report-seeds"
        time_report(SEEDS_DIR, seeds_out, fresh=True)
        results["report"] = {"real_cold": cold, "seeds_warm": time_report(SEEDS_DIR, seeds_out, fresh=False)}
        cold["slowest_notebook"] = max(cold["notebooks"].values(), default=0.0)
        print(json.dumps({"report": results["report"]}), flush=True)
    if "scaling" in only:
        results["scaling"] = {str(n): child(str(synthetic(n)), "pandas", str(_cores()), "") for n in sizes}
        for r in results["scaling"].values():
            r["ms_per_article"] = 1000 * r["seconds"] / r["articles"]
        print(json.dumps({"scaling": results["scaling"]}), flush=True)
    if "dask10k" in only:
        results["dask10k"] = child(str(synthetic(10000)), "dask", "2", "")
        print(json.dumps({"dask10k": results["dask10k"]}), flush=True)
    return results


def _cores() -> int:
    from analysis.pipeline import default_jobs

    return default_jobs()


def verdicts(results: dict) -> dict[str, str]:
    """"met" or "**missed**" per target, from the measured figures (rendered into the docs, so a
    verdict there is never older than its number)."""
    checks: dict[str, bool] = {}
    if "real" in results:
        r = results["real"]
        checks.update(rate_one=r["rate_one"] >= 100, floor_ratio=r["floor_ratio"] <= 3,
                      rate_default=r["rate_default"] >= 180, dask_speedup=r["dask_speedup"] >= 1.8)
    if "report" in results:
        cold, warm = results["report"]["real_cold"], results["report"]["seeds_warm"]
        checks.update(report_cold=cold["exit"] == 0 and cold["seconds"] <= 90,
                      slowest_notebook=max(cold["notebooks"].values(), default=0.0) <= 20,
                      seeds_warm=warm["exit"] == 0 and warm["seconds"] <= 15)
    if "dask10k" in results:
        checks["dask10k_memory"] = results["dask10k"]["peak_mb"] <= 1500
    return {k: "met" if ok else "**missed**" for k, ok in checks.items()}


def print_table(results: dict) -> None:
    print("\n| measure | measured | target | |\n|---|---:|---:|---|")
    if "real" in results:
        r = results["real"]
        one, default, dask = r["one"], r["default"], r["dask2"]
        rate1, rate2 = one["articles"] / one["seconds"], default["articles"] / default["seconds"]
        ratio = one["seconds"] / one["floor_seconds"]
        print(row(f"`run`, {one['articles']} real articles, one process", f"{rate1:.0f} articles/s "
                  f"({one['seconds']:.1f} s)", ">= 100 articles/s", rate1 >= 100))
        print(row(f"  ÷ floor (read + Punkt + NLTK VADER, {one['floor_sentences']:,} sentences, "
                  f"{one['floor_seconds']:.1f} s)", f"{ratio:.1f}×", "<= 3×", ratio <= 3))
        print(row(f"`run`, default ({default['jobs']} processes)", f"{rate2:.0f} articles/s "
                  f"({default['seconds']:.1f} s)", ">= 180 articles/s", rate2 >= 180))
        speed = one["seconds"] / dask["seconds"]
        print(row("Dask, 2 local workers, vs one process", f"{speed:.2f}× ({dask['seconds']:.1f} s)", ">= 1.8×",
                  speed >= 1.8))
    if "report" in results:
        cold, warm = results["report"]["real_cold"], results["report"]["seeds_warm"]
        print(row("`report`, real corpus, cold", f"{cold['seconds']:.0f} s (exit {cold['exit']})", "<= 90 s",
                  cold["exit"] == 0 and cold["seconds"] <= 90))
        slowest = max(cold["notebooks"].items(), key=lambda kv: kv[1], default=("-", 0))
        print(row("  slowest notebook there", f"{slowest[0]} {slowest[1]:.0f} s", "<= 20 s", slowest[1] <= 20))
        print(row("`report seeds`, warm (tables current)", f"{warm['seconds']:.1f} s", "<= 15 s",
                  warm["exit"] == 0 and warm["seconds"] <= 15))
    for n, r in results.get("scaling", {}).items():
        print(row(f"tables, {n} synthetic articles, {r['jobs']} processes",
                  f"{1000 * r['seconds'] / r['articles']:.1f} ms/article ({r['seconds']:.0f} s), parent peak "
                  f"{r['peak_mb']:.0f} MB", "flat per article", None))
    if "dask10k" in results:
        r = results["dask10k"]
        print(row("Dask client peak memory, 10,000 synthetic articles", f"{r['peak_mb']:.0f} MB "
                  f"({r['seconds']:.0f} s)", "<= 1,500 MB", r["peak_mb"] <= 1500))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=["real", "report", "scaling", "dask10k"],
                        choices=["real", "report", "scaling", "dask10k"])
    parser.add_argument("--sizes", nargs="*", type=int, default=list(SYNTHETIC), choices=list(SYNTHETIC))
    parser.add_argument("--child", nargs=4, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        corpus, engine, jobs, floor = args.child
        print(json.dumps(tables_child(corpus, engine, int(jobs), bool(floor))))
        return
    machine = (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
               f"load average at start {os.getloadavg()[0]:.1f}")
    print(f"machine: {machine}", flush=True)
    results = measure(args.only, args.sizes)
    results["machine"] = machine
    results["load_at_end"] = round(os.getloadavg()[0], 1)
    print_table(results)
    from analysis import accuracy

    previous = accuracy.figures("scale").get("bench", {})
    merged = {**previous, **results}
    accuracy.record("scale", {**merged, "verdicts": verdicts(merged)}, key="bench")


if __name__ == "__main__":
    main()
