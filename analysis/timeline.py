"""Where a run's processes spend their time: an opt-in log of every task and serial step.

Set ``ANALYSIS_TIMELINE=FILE`` (an absolute path, or one relative to the current folder)
before ``python -m analysis run`` or :func:`analysis.tables.build_tables` and every task a
worker runs (a batch, an event, a group of derived tables) and every step the calling process
does alone (planning, combining parts, resolving speakers, writing, ...) appends one JSON line
to ``FILE``: ``stage``, ``task`` (its label), ``seq`` (its place in the order tasks were
submitted), ``pid``, ``start``/``end`` (epoch seconds) and ``cpu`` (seconds of CPU the process
spent on it); a step of the calling process also records its resident memory at the end of
the step and its peak so far (``rss_mb``, ``peak_mb``: what grows with the corpus). Worker
processes of this machine, and Dask workers that see ``FILE`` at the same path, write their own
lines (each line one ``write`` to a file opened for appending).
``scripts/timeline.py FILE`` reads it: per stage, the workers' busy and idle time, the
calling process's serial time, and a schedule simulated from the CPU times (so a run on a
busy machine can still be reasoned about). Nothing is recorded without the variable, and the
tables never depend on it.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

#: the environment variable naming the timeline file
ENV = "ANALYSIS_TIMELINE"


def timeline_path() -> str | None:
    """The timeline file of this run (absolute), or None when nothing is recorded."""
    value = os.environ.get(ENV, "").strip()
    return str(Path(value).resolve()) if value else None


def record(path: str | None, **fields) -> None:
    """Append one line to the timeline ``path`` (nothing when ``path`` is None)."""
    if not path:
        return
    line = (json.dumps({**fields, "pid": os.getpid()}, default=str) + "\n").encode()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)


@contextlib.contextmanager
def span(stage: str, task: str, path: str | None = None) -> Iterator[None]:
    """Record the wall and CPU time of the enclosed block as one line of the timeline
    (``path``, default :func:`timeline_path`; nothing when there is none)."""
    path = path or timeline_path()
    if not path:
        yield
        return
    start, cpu = time.time(), time.process_time()
    try:
        yield
    finally:
        record(path, stage=stage, task=task, seq=None, start=start, end=time.time(),
               cpu=time.process_time() - cpu, **memory())


def memory() -> dict:
    """This process's resident memory now and its peak so far (``rss_mb``, ``peak_mb``), as
    recorded with each step of the calling process: where a run's memory grows."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            rss = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):  # not on Linux
        rss = None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rss_mb": None if rss is None else round(rss, 1), "peak_mb": round(peak, 1)}


def timed_call(path: str, stage: str, task: str, seq: int, func: Callable, *args):
    """``func(*args)``, recorded as one task of ``stage`` in the timeline ``path`` (run where
    the task runs: a worker process or this one)."""
    start, cpu = time.time(), time.process_time()
    try:
        return func(*args)
    finally:
        record(path, stage=stage, task=task, seq=seq, start=start, end=time.time(),
               cpu=time.process_time() - cpu)


__all__ = ["ENV", "memory", "record", "span", "timed_call", "timeline_path"]
