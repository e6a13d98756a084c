"""Read a run's timeline (ANALYSIS_TIMELINE=FILE, see analysis/timeline.py): who worked when.

    ANALYSIS_TIMELINE=/tmp/run.jsonl .venv/bin/python -m analysis run CORPUS --out DIR
    .venv/bin/python scripts/timeline.py /tmp/run.jsonl [--workers 2] [--tasks]

Prints, from the recorded start, end and CPU seconds of every task (a batch, an event, a group
of derived tables) and of every step the calling process did alone:

- per stage: tasks, wall seconds from the first start to the last end, CPU seconds of all its
  tasks and of its largest task;
- per worker process: CPU seconds of its tasks and wall seconds it held no task while the run
  went on (idle);
- the calling process's own steps, and how much of them ran while no worker had a task
  (serial: every other core idle);
- a schedule simulated from CPU seconds, which a busy machine does not distort: the serial
  steps one after another, and each phase (tasks that overlapped in time) scheduled greedily,
  in submission order, on ``--workers`` processes (default: the processes seen), beside its
  lower bound (the larger of its largest task and its CPU spread evenly); the simulated total
  against the run's total CPU (what one process would need, overheads included).

``--tasks`` lists every record. Times are seconds from the first record.
"""

from __future__ import annotations

import argparse
import heapq
import json
from collections import defaultdict
from pathlib import Path


def load(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    t0 = min(r["start"] for r in rows)
    for r in rows:
        r["t0"], r["t1"] = r["start"] - t0, r["end"] - t0
        r["is_task"] = r.get("seq") is not None
    return sorted(rows, key=lambda r: r["t0"])


def phases(tasks: list[dict]) -> list[list[dict]]:
    """Tasks grouped by overlapping wall intervals (a barrier between two groups)."""
    out: list[list[dict]] = []
    end = -1.0
    for t in sorted(tasks, key=lambda r: r["t0"]):
        if out and t["t0"] < end:
            out[-1].append(t)
            end = max(end, t["t1"])
        else:
            out.append([t])
            end = t["t1"]
    return out


def greedy(costs: list[float], workers: int) -> float:
    free = [0.0] * workers
    for c in costs:
        heapq.heapreplace(free, free[0] + c)
    return max(free)


def busy_intervals(rows: list[dict]) -> list[tuple[float, float]]:
    merged: list[list[float]] = []
    for r in sorted(rows, key=lambda r: r["t0"]):
        if merged and r["t0"] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], r["t1"])
        else:
            merged.append([r["t0"], r["t1"]])
    return [(a, b) for a, b in merged]


def overlap(a0: float, a1: float, spans: list[tuple[float, float]]) -> float:
    return sum(max(0.0, min(a1, b1) - max(a0, b0)) for b0, b1 in spans)


def report(rows: list[dict], workers: int | None, show_tasks: bool) -> None:
    tasks = [r for r in rows if r["is_task"]]
    spans = [r for r in rows if not r["is_task"]]
    parent = {r["pid"] for r in spans}
    task_pids = sorted({r["pid"] for r in tasks})
    n = workers or max(1, len([p for p in task_pids if p not in parent]) or 1)
    total_wall = max(r["t1"] for r in rows)
    total_cpu = sum(r["cpu"] for r in rows)
    print(f"run: {total_wall:.1f} s wall, {total_cpu:.1f} s CPU recorded; {len(tasks)} tasks on "
          f"{len(task_pids)} process(es); simulated on {n}")

    print("\nstage                      tasks   wall s  CPU s  largest  (task)")
    by_stage: dict[str, list[dict]] = defaultdict(list)
    for t in tasks:
        by_stage[t["stage"]].append(t)
    for stage, ts in by_stage.items():
        big = max(ts, key=lambda t: t["cpu"])
        print(f"{stage[:26]:26} {len(ts):5} {max(t['t1'] for t in ts) - min(t['t0'] for t in ts):8.1f} "
              f"{sum(t['cpu'] for t in ts):6.1f} {big['cpu']:8.2f}  ({big['task'][:50]})")

    worker_busy = busy_intervals([t for t in tasks if t["pid"] not in parent])
    print("\nprocess        tasks  CPU s  busy wall s  idle wall s")
    for pid in task_pids:
        mine = [t for t in tasks if t["pid"] == pid]
        busy = sum(b - a for a, b in busy_intervals(mine))
        role = "parent" if pid in parent else "worker"
        print(f"{role} {pid:<8} {len(mine):5} {sum(t['cpu'] for t in mine):6.1f} {busy:12.1f} "
              f"{total_wall - busy:12.1f}")

    alone = [(r, r["t1"] - r["t0"] - overlap(r["t0"], r["t1"], worker_busy)) for r in spans]
    serial_wall = sum(a for _, a in alone)
    print(f"\ncalling process: {sum(r['cpu'] for r in spans):.1f} s CPU in {len(spans)} steps; "
          f"{serial_wall:.1f} s wall with no worker task running")
    steps: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for r, a in alone:
        steps[r["task"]][0] += r["cpu"]
        steps[r["task"]][1] += a
        steps[r["task"]][2] += r["t1"] - r["t0"]
    for name, (cpu, a, wall) in sorted(steps.items(), key=lambda kv: -kv[1][0]):
        if cpu >= 0.05 or a >= 0.05:
            print(f"  {name[:40]:40} CPU {cpu:6.2f}  wall {wall:6.2f}  alone {a:6.2f}")

    print(f"\nsimulated from CPU seconds on {n} processes:")
    simulated, bound = 0.0, 0.0
    groups = phases(tasks)
    windows = [(min(t["t0"] for t in g), max(t["t1"] for t in g)) for g in groups]
    serial_cpu = sum(r["cpu"] for r in spans if not any(a <= (r["t0"] + r["t1"]) / 2 <= b for a, b in windows))
    simulated += serial_cpu
    bound += serial_cpu
    print(f"  serial steps of the calling process   {serial_cpu:6.1f}")
    for g, (a, b) in zip(groups, windows, strict=True):
        inside = sum(r["cpu"] for r in spans if a <= (r["t0"] + r["t1"]) / 2 <= b)
        ordered = sorted(g, key=lambda t: (t["t0"], t["seq"]))
        costs = [t["cpu"] for t in ordered]
        sim = max(greedy(costs, n), (sum(costs) + inside) / n)
        low = max(max(costs), (sum(costs) + inside) / n)
        stages = sorted({t["stage"] for t in g}, key=lambda s: min(t["t0"] for t in g if t["stage"] == s))
        print(f"  phase {'+'.join(stages)[:38]:38} {sim:6.1f} (bound {low:5.1f}; {len(g)} tasks, "
              f"{sum(costs):.1f} s CPU, {inside:.1f} s of the calling process's)")
        simulated += sim
        bound += low
    print(f"  total                                 {simulated:6.1f} (bound {bound:.1f}); "
          f"all CPU / {n} = {total_cpu / n:.1f}; all CPU = {total_cpu:.1f} "
          f"-> {total_cpu / simulated:.2f}x of this run's own work done in one process")

    if show_tasks:
        print("\n   start     end   wall    CPU  pid       stage / task")
        for r in rows:
            kind = r["stage"] if r["is_task"] else "(calling process)"
            print(f"{r['t0']:8.2f} {r['t1']:7.2f} {r['t1'] - r['t0']:6.2f} {r['cpu']:6.2f}  {r['pid']:<8}  "
                  f"{kind[:22]} / {r['task'][:60]}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("timeline", type=Path)
    ap.add_argument("--workers", type=int, default=None, help="processes to simulate (default: those seen)")
    ap.add_argument("--tasks", action="store_true", help="list every task and step")
    args = ap.parse_args()
    report(load(args.timeline), args.workers, args.tasks)


if __name__ == "__main__":
    main()
