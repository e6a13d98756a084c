"""Compute once, read many: the pipeline's tidy tables as Parquet files, reused by every notebook.

``build_tables(corpus_dir, out_dir)`` runs :func:`analysis.pipeline.run` once and writes each
table to ``OUT/tables/NAME.parquet`` with ``OUT/tables/manifest.json`` (package version, a hash
of the code and lexicons, and a SHA-256 of every input file). A rerun on unchanged input and
code is skipped. ``load_tables(corpus_dir, tables_dir=...)`` reads them back, computing them
first when they are missing or stale, so a notebook run by hand works on any corpus folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import re
import shutil
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.corpus import Corpus
from analysis.parts import save_parts, write_frame
from analysis.paths import BUILD_DIR
from analysis.timeline import span

MANIFEST = "manifest.json"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(corpus_dir: str | Path) -> dict[str, str]:
    """SHA-256 of every regular file under ``corpus_dir`` (relative path -> hash), sorted."""
    folder = Path(corpus_dir)
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not path.is_symlink() and not any(p.startswith(".") for p in rel.parts):
            out[rel.as_posix()] = _sha256(path)
    return out


#: package files that never feed a table (figures, the report, the command line, the audit, the
#: recorded validation figures): editing them must not force the tables to be recomputed
NOT_TABLE_CODE = ("viz/", "audit/", "report.py", "report_html.py", "cli.py", "__main__.py", "figures.py", "accuracy.py",
                  "data/validation.json")


def _feeds_tables(rel: str) -> bool:
    return not any(rel == skip or (skip.endswith("/") and rel.startswith(skip)) for skip in NOT_TABLE_CODE)


def code_hash() -> str:
    """One hash over the package's code and data files that compute tables: any change to them
    recomputes the tables (a change to a figure, the report or the command line does not)."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        rel = path.relative_to(_PACKAGE_DIR).as_posix()
        if (path.is_file() and path.suffix in {".py", ".csv", ".json", ".txt"} and "__pycache__" not in path.parts
                and _feeds_tables(rel)):
            digest.update(rel.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _version() -> str:
    try:
        return metadata.version("analysis")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "source"


def default_tables_dir(corpus_dir: str | Path) -> Path:
    """Where tables of a corpus go when no folder is given: ``build/tables/<name>-<hash>``."""
    resolved = Path(corpus_dir).resolve()
    slug = re.sub(r"[^a-z0-9]+", "-", resolved.name.lower()).strip("-") or "corpus"
    return BUILD_DIR / "tables" / f"{slug}-{hashlib.sha256(str(resolved).encode()).hexdigest()[:8]}"


def _expected_manifest(corpus_dir: Path) -> dict:
    return {"version": _version(), "code": code_hash(), "inputs": input_hashes(corpus_dir)}


def is_current(corpus_dir: str | Path, tables_dir: str | Path) -> bool:
    """True when ``tables_dir`` holds tables of exactly this input and code."""
    path = Path(tables_dir) / MANIFEST
    if not path.is_file():
        return False
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = _expected_manifest(Path(corpus_dir))
    return all(found.get(k) == v for k, v in expected.items()) and all(
        (Path(tables_dir) / f"{name}.parquet").is_file() for name in found.get("tables", {})
    )


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (two runs never write the same tables at once)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

#: rows per Parquet row group of a table streamed from parts (:func:`_stream_parts`)
ROW_GROUP_ROWS = 65_536


def _stream_parts(paths: list[Path], dest: Path) -> int:
    """Write the rows of the part files ``paths`` (in that order) into one Parquet file without
    holding more than a row group in memory; returns the row count.

    Row groups hold exactly :data:`ROW_GROUP_ROWS` rows (the last one fewer) and column types
    are unified over the parts (text left as objects in one part, inferred in another), so the
    file's bytes depend only on the rows, never on how they were cut into batches or events."""
    full = [p for p in paths if pq.ParquetFile(p).metadata.num_rows]
    schemas = [pq.read_schema(p) for p in full]
    if not full or any(s.names != schemas[0].names for s in schemas):
        frame = _combine_frames(paths)  # nothing to stream, or parts of other shapes
        write_frame(frame, dest)
        return len(frame)
    schema = pa.unify_schemas(schemas, promote_options="permissive")
    tmp = dest.with_name(dest.name + ".tmp")
    rows = 0
    buffer: list[pa.Table] = []
    buffered = 0
    with pq.ParquetWriter(tmp, schema) as writer:
        for path in full:
            table = pq.read_table(path).cast(schema)
            buffer.append(table)
            buffered += table.num_rows
            while buffered >= ROW_GROUP_ROWS:
                joined = pa.concat_tables(buffer)
                writer.write_table(joined.slice(0, ROW_GROUP_ROWS).combine_chunks(), row_group_size=ROW_GROUP_ROWS)
                buffer, buffered = [joined.slice(ROW_GROUP_ROWS)], buffered - ROW_GROUP_ROWS
                rows += ROW_GROUP_ROWS
        if buffered:
            writer.write_table(pa.concat_tables(buffer).combine_chunks(), row_group_size=ROW_GROUP_ROWS)
            rows += buffered
    tmp.replace(dest)
    return rows


def _combine_frames(paths: list[Path]) -> pd.DataFrame:
    from analysis.pipeline import combine_table

    return combine_table("", (pd.read_parquet(p) for p in paths))


def _combine_parts(folder: Path, parts_dir: Path, n_parts: int, planning: pd.DataFrame, mapper,
                   corpus_dir: Path, *, workers_write: bool,
                   derived: _DerivedOnWorkers | None = None) -> dict[str, int]:
    """Combine each table's batch files in batch order, run the corpus-wide steps, write the
    final tables. The inputs of this process's corpus-wide steps (quotes, articles, problems)
    are combined and held in memory; while the per-event tasks run, the tables nothing else
    needs are streamed from their parts to their file and each table is written as soon as it
    is final; the alignment is written per event as events finish (by the workers themselves
    when ``workers_write``), then streamed into its file. With ``workers_write`` the per-event
    tasks read their rows from the parts, a worker combines and writes the sentences, and the
    workers write each event's name occurrences, so this process never holds the sentences,
    the events' inputs or every event's occurrences; otherwise the sentences are combined here
    and sent to the per-event tasks. With ``derived``, each derived table is sent to the
    workers as soon as the tables it reads are written."""
    from analysis.pipeline import BATCH_TABLES, Plan, corpus_sides, corpus_wide, event_chunks_from_parts

    counts: dict[str, int] = {}
    sides, side_problems = corpus_sides(corpus_dir)
    planning = pd.concat([p for p in (planning, side_problems) if len(p)], ignore_index=True) \
        if len(side_problems) else planning

    def part_paths(name: str) -> list[Path]:
        return [parts_dir / name / f"{i:06d}.parquet" for i in range(n_parts)]

    needed = {"quotes", "articles", "problems"}
    kept: dict[str, pd.DataFrame] = {}
    for name in BATCH_TABLES:
        if name in needed:
            with span("parent", f"combine {name}"):
                frame = _combine_frames(part_paths(name))
            if name == "problems":
                frame = pd.concat([planning, frame], ignore_index=True) if len(planning) else frame
            kept[name] = frame
    # with workers that see the parts, the per-event tasks read their rows there and a worker
    # combines and writes the sentences: this process never holds them
    events, sentences = None, None
    if workers_write:
        with span("parent", "cut events"):
            events = event_chunks_from_parts(kept["articles"], parts_dir, n_parts)
        if events is not None:
            sentences = mapper(Plan(_combine_and_write, [([str(p) for p in part_paths("sentences")],
                                                           str(folder / "sentences.parquet"))],
                                    pd.DataFrame(), labels=["combine sentences"]), "sentences")
    if sentences is None:
        with span("parent", "combine sentences"):
            kept["sentences"] = _combine_frames(part_paths("sentences"))

    def write(final: dict[str, pd.DataFrame]) -> None:
        if not counts:  # the first tables are final: the per-event tasks are running
            for name in BATCH_TABLES:
                if name not in needed and name != "sentences":
                    with span("parent", f"stream {name}"):
                        counts[name] = _stream_parts(part_paths(name), folder / f"{name}.parquet")
            if sentences is None:
                final = {"sentences": kept.pop("sentences"), **final}
            else:
                with span("parent", "wait for sentences"):
                    counts["sentences"] = next(n for _, n in sentences)
        for name, frame in final.items():
            with span("parent", f"write {name}"):
                write_frame(frame, folder / f"{name}.parquet")
            counts[name] = len(frame)
        if "quotes" in final:  # the corpus-wide steps no longer read their inputs: let them go
            kept.clear()
        if derived is not None:
            derived.submit_ready(tuple(counts))

    events_dir = parts_dir / "events"
    out = corpus_wide(kept, mapper, sides=sides, alignment_dir=events_dir, workers_write=workers_write, done=write,
                      events=events)
    n_events = len(list((events_dir / "alignment").glob("*.parquet")))
    with span("parent", "stream alignment"):
        counts["alignment"] = _stream_parts([events_dir / "alignment" / f"{i:06d}.parquet" for i in range(n_events)],
                                            folder / "alignment.parquet")
    write({name: frame for name, frame in out.items() if name not in counts})
    return dict(sorted(counts.items()))


def _combine_and_write(paths: list[str], dest: str) -> int:
    """Combine one table's batch parts (in this order) and write it, as this process would
    (the same bytes); return its row count. Sent to a worker so the calling process never holds
    the table."""
    frame = _combine_frames([Path(p) for p in paths])
    write_frame(frame, Path(dest))
    return len(frame)


def _write_derived(folder: Path, counts: dict[str, int], corpus_dir: Path, progress: bool,
                   mapper=None, derived: _DerivedOnWorkers | None = None) -> dict[str, int]:
    """Compute the derived tables (:mod:`analysis.derived`) from the tables just written and
    write them; return their row counts.

    With worker processes that see ``folder`` (``mapper.sees``), the tables are computed there
    (:class:`_DerivedOnWorkers`, or ``derived``, which may have started some already): each
    task reads the tables it needs from ``folder`` and writes its own, and only row counts come
    back. Otherwise they are computed here, one after another."""
    from analysis.derived import derived_tables

    if derived is None and mapper is not None and getattr(mapper, "parallel", False) and mapper.sees(folder):
        derived = _DerivedOnWorkers(folder, corpus_dir, mapper)
    if derived is not None:
        derived.submit_ready(tuple(counts))
        written = derived.finish()
        if written is not None:
            return written
    source = Tables(folder=folder, corpus_dir=corpus_dir, available=tuple(counts))
    written = {}
    with span("parent", "derived tables"):
        for name, frame in derived_tables(source, corpus_dir=corpus_dir, progress=progress).items():
            write_frame(frame, folder / f"{name}.parquet")
            written[name] = len(frame)
    return written


def _derived_events(folder: Path) -> list[tuple] | None:
    """``(event, English articles)`` of each event of the ``event_*`` tables, in name order,
    read from the article table's key columns only; None without English articles (then every
    derived table is empty: nothing worth sending to workers)."""
    from analysis.corpus import english_only
    from analysis.derived import event_names

    articles = _as_objects(pd.read_parquet(folder / "articles.parquet",
                                           columns=["article_id", "outlet", "event", "language"]))
    english = english_only(articles)
    if english.empty:
        return None
    size = english.groupby("event").size()
    return [(event, int(size[event])) for event in event_names(articles)]


class _DerivedOnWorkers:
    """The derived tables computed by worker processes that see the tables ``folder``.

    :meth:`submit_ready` sends every derived table whose input tables are written (given their
    names) and not yet sent: the groups of :func:`analysis.derived.derived_groups`, packed
    (:func:`analysis.derived.pack_groups`), and the ``event_*`` tables one task per event, the largest first,
    so the workers compute them while this process still combines, resolves and writes.
    :meth:`finish` sends the rest, collects row counts and stacks the events' parts in event
    order (here: it is small); it returns None when there is no English article (every derived
    table is then empty, computed here)."""

    def __init__(self, folder: Path, corpus_dir: Path | None, mapper):
        from analysis.derived import EVENT_PARTS_KEY, REGISTRY, derived_groups
        from analysis.pipeline import TABLES

        self.folder, self.mapper = folder, mapper
        self.parts_dir = folder / ".parts" / "derived"
        # every task sees the run's final table names, as one process does, and reads only its inputs
        self.base = (str(folder), str(corpus_dir) if corpus_dir is not None else None, TABLES)
        groups = derived_groups()
        self.event_group = next((g for g in groups if REGISTRY[g[0]].shares == EVENT_PARTS_KEY), ())
        self.todo = [g for g in groups if g != self.event_group]
        self.cap = max((sum(REGISTRY[n].cost for n in g) for g in self.todo), default=0.0)
        self.events: list[tuple] | None = None
        self.rounds: list = []
        self.english = True

    def submit_ready(self, written: tuple[str, ...]) -> None:
        from analysis.derived import REGISTRY, input_tables, pack_groups
        from analysis.pipeline import Plan

        if not self.english or "articles" not in written:
            return
        if self.events is None:
            with span("parent", "derived: events"):
                self.events = _derived_events(self.folder)
            if self.events is None:
                self.english = False
                return
            self.parts_dir.mkdir(parents=True, exist_ok=True)
        ready = [g for g in self.todo if set(input_tables(g)) <= set(written)]
        self.todo = [g for g in self.todo if g not in ready]
        tasks = [(sum(REGISTRY[n].cost for n in g), (_derived_group_task, *self.base, g), "+".join(g))
                 for g in pack_groups(ready, self.cap)]
        if self.event_group and set(input_tables(self.event_group)) <= set(written):
            cost = sum(REGISTRY[n].cost for n in self.event_group)
            total = sum(n for _, n in self.events) or 1
            for numbers in event_chunks([n for _, n in self.events], 2 * self.mapper.processes):
                events = [self.events[i][0] for i in numbers]
                tasks.append((cost * sum(self.events[i][1] for i in numbers) / total,
                              (_derived_events_task, *self.base, events, [self._event_path(i) for i in numbers]),
                              "events " + ", ".join(map(str, events))))
            self.event_tables, self.event_group = self.event_group, ()
        if tasks:
            tasks.sort(key=lambda t: -t[0])  # stable: equal costs keep the registry's order
            work = Plan(_call, [args for _, args, _ in tasks], pd.DataFrame(), labels=[label for *_, label in tasks])
            self.rounds.append(self.mapper(work, "derived tables"))

    def _event_path(self, number: int) -> str:
        return str(self.parts_dir / f"{number:06d}.pkl")

    def finish(self) -> dict[str, int] | None:
        from analysis.derived import REGISTRY
        from analysis.pipeline import TABLES, Plan

        self.submit_ready(TABLES)
        if not self.english:
            return None
        written: dict[str, int] = {}
        for results in self.rounds:
            for _, result in results:
                written.update(result or {})
        if getattr(self, "event_tables", ()):
            # on a worker: the events' parts together are as large as the tables
            paths = [self._event_path(number) for number in range(len(self.events))]
            work = Plan(_stack_events_warning_here, [(str(self.folder), paths, self.event_tables)], pd.DataFrame(),
                        labels=["stack event tables"])
            for _, (counts, messages) in self.mapper(work, "event tables"):
                written.update(counts)
                for message in messages:
                    warnings.warn(message, stacklevel=2)
        shutil.rmtree(self.parts_dir, ignore_errors=True)
        with contextlib.suppress(OSError):  # build_tables' batch parts may still be there
            self.parts_dir.parent.rmdir()
        return {name: written[name] for name in REGISTRY}


def _call(func, *args):
    return func(*args)


def _derived_source(folder: str, corpus_dir: str | None, available: tuple[str, ...]) -> Tables:
    return Tables(folder=Path(folder), corpus_dir=Path(corpus_dir) if corpus_dir else None, available=available)


def _derived_group_task(folder: str, corpus_dir: str | None, available: tuple[str, ...],
                        group: tuple[str, ...]) -> dict[str, int]:
    """Compute one group of derived tables (and the derived tables it reads) from the tables
    in ``folder`` and write the group's tables there; return their row counts."""
    from analysis.derived import derived_tables, needed_tables

    source = _derived_source(folder, corpus_dir, available)
    out = derived_tables(source, corpus_dir=source.corpus_dir, names=needed_tables(group))
    for name in group:
        write_frame(out[name], Path(folder) / f"{name}.parquet")
    return {name: len(out[name]) for name in group}


#: what one table's computation may raise without stopping the run (as in :func:`analysis.derived.derived_tables`)
_DERIVED_ERRORS = (ValueError, KeyError, TypeError, OSError)


def event_chunks(sizes: list[int], chunks: int) -> list[list[int]]:
    """The events (numbered as in ``sizes``, their English articles) in at most ``chunks``
    tasks of about equal size: the largest event first, each to the task with fewest articles
    so far (ties: the first); each task's events in number order, the largest task first. One
    task reads the tables once for all its events (the articles whole, the other tables' rows
    of its events), so fewer tasks read less again; ``chunks`` about twice the processes keeps
    them all busy to the end."""
    chunks = max(1, min(chunks, len(sizes)))
    tasks: list[list[int]] = [[] for _ in range(chunks)]
    load = [0] * chunks
    for number in sorted(range(len(sizes)), key=lambda i: (-sizes[i], i)):
        k = min(range(chunks), key=lambda j: (load[j], j))
        tasks[k].append(number)
        load[k] += sizes[number]
    order = sorted(range(chunks), key=lambda j: (-load[j], j))
    return [sorted(tasks[j]) for j in order if tasks[j]]


def _derived_events_task(folder: str, corpus_dir: str | None, available: tuple[str, ...], events: list,
                         paths: list[str]) -> None:
    """:func:`_derived_event_task` for several events, the tables read once: ``articles``
    whole, and the rows of :data:`analysis.derived.EVENT_ROW_TABLES` of all these events' English
    articles, each event then given its own rows (the frames :func:`_event_source` reads for it)."""
    from analysis.corpus import english_only
    from analysis.derived import EVENT_ROW_TABLES

    if len(events) == 1:
        _derived_event_task(folder, corpus_dir, available, events[0], paths[0])
        return
    source = _derived_source(folder, corpus_dir, available)
    english = english_only(source["articles"])
    ids = {event: set(english.loc[english["event"] == event, "article_id"]) for event in events}
    every = set().union(*ids.values())
    rows = {name: _read_rows(Path(folder) / f"{name}.parquet", "article_id", every, within=("event", list(events)))
            for name in EVENT_ROW_TABLES if name in available}
    for event, path in zip(events, paths, strict=True):
        one = _derived_source(folder, corpus_dir, available)
        one.frames["articles"] = source["articles"].copy()
        for name, frame in rows.items():
            one.frames[name] = frame[frame["article_id"].isin(ids[event])] if "article_id" in frame else frame
        _derived_event_task(folder, corpus_dir, available, event, path, source=one)


def _derived_event_task(folder: str, corpus_dir: str | None, available: tuple[str, ...], event,
                        path: str, *, source: Tables | None = None) -> None:
    """One event's rows of the ``event_*`` tables (:func:`analysis.derived.event_parts`),
    pickled to ``path`` (pickle keeps every column type as computed), or the error that stopped it."""
    import pickle

    from analysis.derived import event_parts

    try:
        if source is None:
            source = _event_source(folder, corpus_dir, available, event)
        result = event_parts(source, event)
    except _DERIVED_ERRORS as exc:
        result = f"{type(exc).__name__}: {exc}"
    tmp = Path(path + ".tmp")
    tmp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(path)


def _event_source(folder: str, corpus_dir: str | None, available: tuple[str, ...], event) -> Tables:
    """The tables of ``folder`` for one event's dashboard: ``articles`` whole, and of
    :data:`analysis.derived.EVENT_ROW_TABLES` only the rows of the event's English articles (the rows
    :func:`analysis.summary.compute_event_tables` keeps), read as :func:`_read_rows` gives
    them, so an event task converts its own rows only, not every event's."""
    from analysis.corpus import english_only
    from analysis.derived import EVENT_ROW_TABLES

    source = _derived_source(folder, corpus_dir, available)
    articles = english_only(source["articles"])
    ids = set(articles.loc[articles["event"] == event, "article_id"])
    for name in EVENT_ROW_TABLES:
        if name in available:
            source.frames[name] = _read_rows(Path(folder) / f"{name}.parquet", "article_id", ids,
                                             within=("event", event))
    return source


def _read_rows(path: Path, column: str, values: set, *, within: tuple | None = None) -> pd.DataFrame:
    """The rows of the Parquet file ``path`` whose ``column`` is in ``values``: the same frame as
    reading the whole file and keeping those rows (same index labels, same column types, text
    as objects), but only those rows are converted to Python objects. ``within``, a
    ``(column, value)`` those rows are expected to share (the event of an event's articles; a
    list or tuple: one of these values),
    lets the reader skip the row groups without it; rows that do not share it are still found
    (the whole file is then read)."""
    schema = pq.read_schema(path)
    if column not in schema.names or not values:
        frame = _as_objects(pd.read_parquet(path))
        return frame[frame[column].isin(values)] if column in frame else frame
    # whether integers and booleans come back as such depends on the whole file's missing
    # values: those columns (cheap: no text) are read whole to learn their types
    typed = [f.name for f in schema
             if f.name != column and (pa.types.is_integer(f.type) or pa.types.is_boolean(f.type))]
    whole = pd.read_parquet(path, columns=[column, *typed])
    positions = np.flatnonzero(whole[column].isin(values).to_numpy())
    filters = [(column, "in", sorted(values))]
    if within is not None and within[0] in schema.names:
        several = isinstance(within[1], (list, tuple))
        filters.append((within[0], "in", list(within[1])) if several else (within[0], "==", within[1]))
    try:
        frame = pd.read_parquet(path, filters=filters)
    except (pa.ArrowException, TypeError, ValueError):
        frame = None
    if frame is None or len(frame) != len(positions):  # not the rows isin keeps: read it all
        frame = _as_objects(pd.read_parquet(path))
        return frame[frame[column].isin(values)]
    frame.index = pd.Index(positions, dtype="int64")
    for name in typed:
        if frame[name].dtype != whole[name].dtype:
            frame[name] = frame[name].astype(whole[name].dtype)
    return _as_objects(frame)


def _stack_events_warning_here(folder: str, paths: list[str], names: tuple[str, ...]) -> tuple[dict, list[str]]:
    """:func:`_stack_event_task` where it runs (a worker), its warnings returned to be given
    by the calling process."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        counts = _stack_event_task(folder, paths, names)
    return counts, [str(w.message) for w in caught]


def _stack_event_task(folder: str, paths: list[str], names: tuple[str, ...]) -> dict[str, int]:
    """Stack the events' parts (in event order) into the ``event_*`` tables and write them; an
    event that could not be computed leaves every one of them empty, with a warning, as
    :func:`analysis.derived.derived_tables` does."""
    import pickle
    import warnings

    from analysis.derived import stack_event_parts

    per_event = [pickle.loads(Path(p).read_bytes()) for p in paths]
    failed = next((r for r in per_event if isinstance(r, str)), None)
    if failed is None:
        stacked = {f"event_{part}": frame for part, frame in stack_event_parts(per_event).items()}
    else:
        for name in names:
            warnings.warn(f"derived table {name} left empty: {failed}", stacklevel=2)
        stacked = {name: pd.DataFrame() for name in names}
    for name in names:
        write_frame(stacked[name], Path(folder) / f"{name}.parquet")
    return {name: len(stacked[name]) for name in names}


def build_tables(
    corpus_dir: str | Path,
    tables_dir: str | Path | None = None,
    *,
    force: bool = False,
    engine: str = "pandas",
    scheduler: str | None = None,
    n_workers: int | None = None,
    jobs: int | None = None,
    batch_size: int | None = None,
    progress: bool = True,
    fallback_to_filenames: bool = False,
) -> Path:
    """Run the pipeline on ``corpus_dir`` once and write every table; return the tables folder.

    Streams: each batch's tables are written to ``TABLES/.parts/`` as the batch finishes
    (with ``engine="dask"`` in whatever order the workers finish), then each table is
    combined in batch order and the corpus-wide steps run (:func:`analysis.pipeline.corpus_wide`).
    Memory therefore stays flat in the number of batches. Skipped when the folder already
    holds tables of the same input files and code (unless ``force``). ``engine``,
    ``scheduler``, ``n_workers`` and ``jobs`` (processes; default every core) are those of
    :func:`analysis.pipeline.run`; the tables are the same whichever engine computed them. Worker
    processes that see the tables folder (this machine's, or dask workers sharing its file
    system at the same path) write their batch's tables themselves (nothing travels back but row
    counts) and compute the derived tables there too, each task reading the tables it needs;
    dask workers that do not see it send their batches to be written here, and the derived
    tables are computed here. ``fallback_to_filenames``: a manifest that
    cannot be used becomes an error row and outlets come from file names (otherwise
    :class:`analysis.corpus.ManifestError` is raised).
    """
    from analysis.pipeline import (
        default_batch_size,
        default_jobs,
        discard_local_cluster,
        engine_session,
        plan,
        refuse_in_starting_worker,
        start_local_cluster,
        useful_jobs,
    )

    refuse_in_starting_worker("analysis.tables.build_tables")
    corpus_dir = Path(corpus_dir)
    folder = Path(tables_dir) if tables_dir is not None else default_tables_dir(corpus_dir)
    with _locked(folder):
        if not force and is_current(corpus_dir, folder):
            if progress:
                print(f"tables are up to date: {folder}", flush=True)
            return folder
        expected = _expected_manifest(corpus_dir)
        # the old manifest (with the old hashes) stays until the end, and each table is replaced
        # atomically, so a notebook reading this folder meanwhile never meets a missing file
        parts_dir = folder / ".parts"
        shutil.rmtree(parts_dir, ignore_errors=True)
        jobs = default_jobs() if jobs is None else jobs
        # a local dask cluster starts (and its workers load the models) while the corpus is planned
        pending = start_local_cluster(n_workers or jobs) if engine == "dask" and scheduler is None else None
        try:
            with span("parent", "plan"):
                work = plan(corpus_dir, batch_size=default_batch_size(engine, batch_size, jobs, scheduler=scheduler),
                            fallback_to_filenames=fallback_to_filenames, workers=jobs if engine == "pandas" else 1)
        except BaseException:
            discard_local_cluster(pending)
            raise
        jobs = useful_jobs(jobs, work) if engine == "pandas" else jobs
        with engine_session(engine, scheduler=scheduler, n_workers=n_workers, jobs=jobs,
                            progress=progress, local_cluster=pending) as mapper:
            local = mapper.parallel and mapper.sees(folder)
            if local:  # the workers write their own parts
                work = work.writing_parts(parts_dir)
            for i, part in mapper(work, "loading and analysing"):
                if not local:
                    with span("parent", "write batch parts"):
                        save_parts(part, parts_dir, i)
                del part
            derived = _DerivedOnWorkers(folder, corpus_dir, mapper) if local else None
            counts = _combine_parts(folder, parts_dir, len(work.args), work.problems, mapper, corpus_dir,
                                    workers_write=local, derived=derived)
            counts.update(_write_derived(folder, counts, corpus_dir, progress, mapper, derived))
        with span("parent", "remove parts"):
            shutil.rmtree(parts_dir, ignore_errors=True)
        for stale in folder.glob("*.parquet"):
            if stale.stem not in counts:
                stale.unlink()
        manifest = {**expected, "tables": counts}
        tmp = folder / (MANIFEST + ".tmp")
        tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(folder / MANIFEST)
    return folder


def _as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns back as Python objects with ``None`` for missing, as the pipeline returns
    them (Parquet would give pandas' string dtype with NaN)."""
    for col in frame.columns:
        if pd.api.types.is_string_dtype(frame[col].dtype) and frame[col].dtype != object:
            values = frame[col].astype(object)
            frame[col] = values.where(frame[col].notna(), None)
    return frame


@dataclass
class Tables:
    """Every table of one corpus: ``tables.articles``, ``tables["quotes"]``, ``tables.names()``.

    Tables read from a folder are loaded from Parquet on first use (a notebook that needs only
    ``articles`` never reads ``alignment``). Units of observation: ``articles`` one row per
    article, ``paragraphs`` per paragraph, ``sentences`` per sentence (with tone columns),
    ``removed`` per dropped line, ``metadata`` per metadata line, ``problems`` per input problem,
    ``quotes`` per attribution, ``frames`` per article, ``terms`` per (article, term),
    ``alignment`` per (sentence, other outlet of its event).
    """

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    folder: Path | None = None
    corpus_dir: Path | None = None
    available: tuple[str, ...] = ()

    def _load(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.setdefault("frames", {})
        if name not in frames:
            folder = self.__dict__.get("folder")
            if folder is None or name not in self.__dict__.get("available", ()):
                known = sorted(set(frames) | set(self.__dict__.get("available", ())))
                raise AttributeError(f"no table {name!r} (tables: {', '.join(known)})")
            frames[name] = _as_objects(pd.read_parquet(Path(folder) / f"{name}.parquet"))
        return frames[name]

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._load(name)

    def __getitem__(self, name: str) -> pd.DataFrame:
        try:
            return self._load(name)
        except AttributeError as exc:
            raise KeyError(str(exc)) from None

    def __contains__(self, name: str) -> bool:
        return name in self.frames or name in self.available

    def names(self) -> list[str]:
        return sorted(set(self.frames) | set(self.available))

    def keys(self) -> list[str]:
        return self.names()

    def get(self, name: str, default: pd.DataFrame | None = None) -> pd.DataFrame | None:
        return self[name] if name in self else default

    def corpus(self) -> Corpus:
        """The corpus tables as a :class:`~analysis.corpus.Corpus` (no reloading of raw files)."""
        return Corpus(
            articles=self["articles"], paragraphs=self["paragraphs"], sentences=self["sentences"],
            removed=self["removed"], problems=self["problems"], metadata=self["metadata"],
            folder=self.corpus_dir,
        )


def read_tables(tables_dir: str | Path, *, corpus_dir: str | Path | None = None) -> Tables:
    """The tables in ``tables_dir`` (no recomputation; each is read on first use)."""
    folder = Path(tables_dir)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"no tables in {folder}: run `python -m analysis run CORPUS --out DIR` first") from None
    return Tables(folder=folder, corpus_dir=Path(corpus_dir) if corpus_dir else None,
                  available=tuple(manifest.get("tables", {})))


def load_tables(
    corpus_dir: str | Path, *, tables_dir: str | Path | None = None, progress: bool = True, **build_options
) -> Tables:
    """The tables of ``corpus_dir``: read from ``tables_dir`` when current, computed first otherwise.

    ``tables_dir`` empty or None means the default folder (:func:`default_tables_dir`), so a
    notebook run by hand on any corpus folder computes its tables once and reuses them.
    """
    folder = build_tables(corpus_dir, tables_dir or None, progress=progress, **build_options)
    return read_tables(folder, corpus_dir=corpus_dir)


__all__ = ["Tables", "build_tables", "default_tables_dir", "is_current", "load_tables", "read_tables"]
