"""One pipeline from two articles to a hundred thousand: the same pure functions, two engines.

``iter_parts(corpus, engine="pandas")`` loads (streaming, one raw file at a time) and analyses
a corpus batch by batch and yields each batch's tables as soon as it is done, so a caller can
write them away and keep memory flat (:func:`analysis.tables.build_tables` does). With
``engine="dask"`` the same batch function runs on a ``distributed`` cluster (a local one by
default, or the scheduler address you give), each worker loading its own files, so raw text
never travels through the client. Work that needs the whole corpus (one speaker id per person
within an event, sentence alignment between outlets) runs once on the combined tables
(:func:`corpus_wide`). ``run`` does all of it in memory. Both engines give identical tables.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

import pandas as pd

from analysis.corpus import (
    DEFAULT_MAX_BYTES,
    PROBLEM_COLUMNS,
    Corpus,
    assemble,
    english_only,
    load_rows,
    plan_corpus,
    settle_layouts,
)
from analysis.text import content_words
from analysis.timeline import span

#: tables computed batch by batch (one batch's rows never depend on another batch)
BATCH_TABLES = ("articles", "paragraphs", "sentences", "removed", "metadata", "problems", "quotes", "frames", "terms")
#: tables computed once on the combined batch tables (see :func:`corpus_wide`)
CORPUS_TABLES = ("alignment", "actors")
TABLES = BATCH_TABLES + CORPUS_TABLES


def term_counts(articles: pd.DataFrame, *, text_col: str = "text", id_col: str = "article_id") -> pd.DataFrame:
    """One row per (article, term): content-word counts (stop words out, negators and "us"
    kept), the input of distinctive-term statistics."""
    ids: list[str] = []
    terms: list[str] = []
    counts: list[int] = []
    for aid, text in zip(articles[id_col], articles[text_col], strict=True):
        for term, n in sorted(Counter(content_words(text)).items()):
            ids.append(aid)
            terms.append(term)
            counts.append(n)
    return pd.DataFrame({id_col: pd.Series(ids, dtype=object), "term": pd.Series(terms, dtype=object),
                         "count": pd.Series(counts, dtype="int64")})


def analyse(corpus: Corpus) -> dict[str, pd.DataFrame]:
    """Per-article analyses of a loaded (part of a) corpus: pure, no I/O.

    Returns the corpus tables plus ``sentences`` with tone columns (VADER and AFINN),
    ``quotes`` (attributions, speaker ids not yet unified across articles), ``frames``
    (one row per article: frame cue rates and presence) and ``terms`` (content-word counts).
    English-only analyses skip other languages (their articles stay in ``articles``).
    """
    from analysis.framing import frame_scores
    from analysis.sentiment import score_table
    from analysis.sources import extract_corpus_quotes

    english = english_only(corpus.articles)
    english_ids = set(english["article_id"])
    sentences = score_table(corpus.sentences)
    en_sentences = corpus.sentences[corpus.sentences["article_id"].isin(english_ids)]
    quotes = extract_corpus_quotes(english, sentences=en_sentences)
    frames = frame_scores(english, group_col="outlet", sentences=en_sentences) if len(english) else pd.DataFrame()
    return {
        "articles": corpus.articles,
        "paragraphs": corpus.paragraphs,
        "sentences": sentences,
        "removed": corpus.removed,
        "metadata": corpus.metadata,
        "problems": corpus.problems,
        "quotes": quotes,
        "frames": frames,
        "terms": term_counts(english),
    }


def _load_and_analyse(folder: str, rows: list[dict], max_bytes: int) -> dict[str, pd.DataFrame]:
    # duplicates are flagged over the whole corpus in corpus_wide, which drops a batch's own flags
    return analyse(assemble(load_rows(folder, rows, max_bytes=max_bytes), folder=Path(folder), duplicates=False))


def combine_table(name: str, frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """One batch table from its parts, in batch order (empty parts only lend their columns)."""
    frames = list(frames)
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0].iloc[0:0].reset_index(drop=True) if frames else pd.DataFrame()
    out = pd.concat(full, ignore_index=True)
    for col in out.columns:
        # a column inferred as text in one batch and left as objects in another (all missing
        # there) is inferred again, as one batch holding every row would have inferred it
        if out[col].dtype == object and len({str(f[col].dtype) for f in full if col in f}) > 1:
            out[col] = pd.Series(out[col].tolist(), dtype=None)
    return out


BATCH_SIZE = 250  # articles per batch in one process
PROCESS_BATCH_SIZE = 100  # with several processes: enough batches to keep every process busy to the end
DASK_BATCH_SIZE = 50  # on a cluster of unknown size: smaller batches keep every dask worker busy to the end


def default_jobs() -> int:
    """Processes used when none is given: every core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def useful_jobs(jobs: int, work: Plan) -> int:
    """Processes worth starting for ``work``: none beyond this one for a corpus of one batch
    (starting workers would cost more than the per-event steps they could share)."""
    return 1 if len(work.args) <= 1 else jobs


def event_tables(sentences: pd.DataFrame, articles: pd.DataFrame, event=None) -> dict:
    """The per-event work of one whole event (English articles): its ``alignment`` rows
    (:func:`analysis.compare.alignment_table`) and its name ``occurrences``
    (:func:`analysis.actors.event_occurrences`, resolved corpus-wide by :func:`corpus_wide`)."""
    from analysis.actors import event_occurrences
    from analysis.compare import alignment_table

    return {"alignment": alignment_table(sentences, articles), "occurrences": event_occurrences(articles, event)}


def event_chunks(tables: dict[str, pd.DataFrame]) -> Plan:
    """The per-event steps as one task per event, the largest events first (so no process is
    left with a large event at the end); ``Plan.order`` gives the tasks in event-name order,
    the order their results are combined in (the tables never depend on the engine)."""
    # only the columns the per-event steps read travel to the workers (not the raw capture text)
    english = english_only(tables["articles"])[["article_id", "outlet", "event", "text"]]
    sentences = tables["sentences"][["article_id", "sent_id", "text"]]
    keys = english["event"].astype(str)
    events = sorted(keys.unique())
    if not events:
        return Plan(event_tables, [(sentences.iloc[0:0], english, None)], pd.DataFrame(columns=PROBLEM_COLUMNS),
                    order=[0])
    by_article = dict(zip(english["article_id"], keys, strict=True))
    sent_event = sentences["article_id"].map(by_article)
    sent_groups = {k: g for k, g in sentences.groupby(sent_event, sort=False)}
    art_groups = {k: g for k, g in english.groupby(keys, sort=False)}
    size = {e: len(sent_groups.get(e, ())) for e in events}
    scheduled = sorted(events, key=lambda e: (-size[e], e))
    args = [(sent_groups.get(e, sentences.iloc[0:0]), art_groups[e], art_groups[e]["event"].iloc[0])
            for e in scheduled]
    position = {e: i for i, e in enumerate(scheduled)}
    return Plan(event_tables, args, pd.DataFrame(columns=PROBLEM_COLUMNS), order=[position[e] for e in events],
                labels=[f"event {e} ({size[e]} sentences)" for e in scheduled])


#: the columns of ``articles`` and ``sentences`` the per-event steps read (:func:`event_tables`)
EVENT_ARTICLE_COLUMNS = ("article_id", "outlet", "event", "text")
EVENT_SENTENCE_COLUMNS = ("article_id", "sent_id", "text")


def _part_rows(paths: list[Path]) -> list[int]:
    import pyarrow.parquet as pq

    return [pq.ParquetFile(p).metadata.num_rows for p in paths]


def event_chunks_from_parts(articles: pd.DataFrame, parts_dir: str | Path, n_parts: int) -> Plan | None:
    """:func:`event_chunks` for tables whose batch parts are in ``parts_dir``
    (``NAME/NNNNNN.parquet``, batches in order; ``articles`` is their combination): each task
    is sent the files, row offsets and article ids of its event only, and reads its own
    articles' and sentences' rows there (:func:`event_tables_from_parts`), so neither the
    sentences nor any text travel from this process. The tasks get the same frames (rows, index
    labels, columns) as :func:`event_chunks` cuts from the combined tables, in the same order.
    None when there is no English article (nothing to cut: :func:`event_chunks` does it)."""
    import numpy as np

    english = english_only(articles[[c for c in ("article_id", "event", "language") if c in articles.columns]])
    if english.empty:
        return None
    parts_dir = Path(parts_dir)
    art_paths = [parts_dir / "articles" / f"{i:06d}.parquet" for i in range(n_parts)]
    sent_paths = [parts_dir / "sentences" / f"{i:06d}.parquet" for i in range(n_parts)]
    art_ends = np.cumsum(_part_rows(art_paths))
    sent_ends = np.cumsum(_part_rows(sent_paths))
    if art_ends[-1] != len(articles):
        return None  # not the combination of these parts
    keys = english["event"].astype(str)
    events = sorted(keys.unique())
    by_article = dict(zip(english["article_id"], keys, strict=True))
    size: Counter = Counter()
    for path in sent_paths:  # sentences per event, from the article ids alone
        ids = pd.read_parquet(path, columns=["article_id"])["article_id"]
        size.update(ids.map(by_article).dropna().tolist())
    part_of = np.searchsorted(art_ends, english.index.to_numpy(), side="right")
    args = {}
    for event, group in english.groupby(keys, sort=False):
        numbers = sorted(set(part_of[keys.to_numpy() == event].tolist()))
        parts = [(str(art_paths[i]), int(art_ends[i - 1]) if i else 0, str(sent_paths[i]),
                  int(sent_ends[i - 1]) if i else 0) for i in numbers]
        args[event] = (parts, group.index.tolist(), group["article_id"].tolist(), group["event"].iloc[0])
    scheduled = sorted(events, key=lambda e: (-size[e], e))
    position = {e: i for i, e in enumerate(scheduled)}
    return Plan(event_tables_from_parts, [args[e] for e in scheduled], pd.DataFrame(columns=PROBLEM_COLUMNS),
                order=[position[e] for e in events],
                labels=[f"event {e} ({size[e]} sentences)" for e in scheduled])


def _stack_rows(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Rows of several parts, their index labels kept; a column of objects in one part and
    typed in another is inferred again, as :func:`combine_table` does."""
    full = [f for f in frames if len(f)]
    if not full:
        return frames[0].iloc[0:0]
    out = pd.concat(full)
    for col in out.columns:
        if out[col].dtype == object and len({str(f[col].dtype) for f in full}) > 1:
            out[col] = pd.Series(out[col].tolist(), index=out.index, dtype=None)
    return out


def event_tables_from_parts(parts: list[tuple[str, int, str, int]], rows: list[int], ids: list, event) -> dict:
    """:func:`event_tables` of one event, reading its rows from the batch parts itself:
    ``parts`` are ``(articles file, its first row's position in the combined articles,
    sentences file, the same for sentences)`` of the batches holding the event's English
    articles, ``rows`` those articles' positions in the combined articles, ``ids`` their ids."""
    wanted, positions = set(ids), set(rows)
    arts, sents = [], []
    for art_path, art_start, sent_path, sent_start in parts:
        frame = _read_part(art_path, EVENT_ARTICLE_COLUMNS)
        frame = frame.set_axis(pd.RangeIndex(art_start, art_start + len(frame)))
        arts.append(frame[frame.index.isin(positions)])
        frame = _read_part(sent_path, EVENT_SENTENCE_COLUMNS)
        frame = frame.set_axis(pd.RangeIndex(sent_start, sent_start + len(frame)))
        sents.append(frame[frame["article_id"].isin(wanted)])
    return event_tables(_stack_rows(sents), _stack_rows(arts), event)


#: bytes of batch parts a worker process keeps read (:func:`_read_part`)
PART_CACHE_BYTES = 256 * 2**20
_PART_CACHE: dict = {}


def _read_part(path: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """``columns`` of the batch part ``path``, kept in this process (up to
    :data:`PART_CACHE_BYTES`, the least recently used let go first): an event's articles are
    spread over most batches, so each worker would otherwise read the same parts again for
    every event. Keyed by the file's size and modification time as well: a worker of a cluster
    kept between runs never reads an older run's part. The frame returned is not to be changed."""
    stat = os.stat(path)
    key = (path, stat.st_mtime_ns, stat.st_size, columns)
    frame, size = _PART_CACHE.pop(key, (None, 0))
    if frame is None:
        frame = pd.read_parquet(path, columns=list(columns))
        size = int(frame.memory_usage(index=False, deep=True).sum())
    _PART_CACHE[key] = frame, size  # most recently used last
    while sum(n for _, n in _PART_CACHE.values()) > PART_CACHE_BYTES and len(_PART_CACHE) > 1:
        del _PART_CACHE[next(iter(_PART_CACHE))]
    return frame


def corpus_sides(corpus_dir: str | Path | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The user's ``sides.csv`` (see :func:`analysis.sources.load_sides`) and the problem rows
    it gave: an unusable file is reported and ignored, never the end of a run."""
    from analysis.problems import PROBLEM_COLUMNS, Problem
    from analysis.sources import load_sides

    try:
        return load_sides(corpus_dir), pd.DataFrame(columns=PROBLEM_COLUMNS)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        row = Problem("sides.csv", None, "warning", str(exc), kind="sides-file",
                      action="sides.csv ignored; sides come from the text only").as_row()
        return load_sides(None), pd.DataFrame([row], columns=PROBLEM_COLUMNS)


def corpus_wide(tables: dict[str, pd.DataFrame], mapper: Callable | None = None, *,
                sides: pd.DataFrame | None = None, alignment_dir: Path | None = None,
                workers_write: bool = False,
                done: Callable[[dict[str, pd.DataFrame]], None] | None = None,
                events: Plan | None = None) -> dict[str, pd.DataFrame]:
    """Steps that need more than one batch, on English articles: duplicate and near-duplicate
    flags over the whole corpus (:func:`analysis.quality.reflag_duplicates`, updating
    ``articles`` and ``problems`` when both are given), one ``speaker_id`` and name per person
    across the corpus and one side per person (:func:`analysis.sources.resolve_speakers`, with
    the user's ``sides`` table), then one task per event (mapped with ``mapper``, by default in
    this process) for the ``alignment`` (one row per sentence and other outlet of its event)
    and the ``actors`` (the main actors of each event; a surname alone in one event joins the
    person named in full in any event of the corpus). Returns the updated/new tables only (the
    input is not changed).

    With ``alignment_dir`` each event's alignment is written to
    ``alignment_dir/alignment/NNNNNN.parquet`` (events in name order) as soon as the event is
    done, by the worker itself when ``workers_write`` (it shares this file system), and is not
    returned: the caller streams the files into one table.

    ``done`` is called with the tables that are final while the per-event tasks run (once with
    the reflagged ``articles`` and ``problems``, once with the resolved ``quotes``), so a caller
    can write them and start work that reads them meanwhile; the tables given to ``done`` are
    not returned. After the second call ``tables`` is no longer read (the caller may let it go).
    ``events``: the per-event tasks already cut (:func:`event_chunks_from_parts`: then
    ``tables`` needs no ``sentences``)."""
    from analysis.actors import actors_from_occurrences, actors_from_spilled
    from analysis.parts import save_parts
    from analysis.quality import reflag_duplicates
    from analysis.sources import resolve_speakers

    out: dict[str, pd.DataFrame] = {}
    # the duplicate flags keep every article, in order, and change none of the columns the
    # per-event steps read: the events are cut and sent first, the flags set meanwhile
    if events is None:
        with span("parent", "cut events"):
            events = event_chunks(tables)
    work = events
    position = {task: rank for rank, task in enumerate(work.order)}  # task -> event-name position
    spilled = alignment_dir is not None and workers_write
    if spilled:  # each worker writes its event's alignment and name occurrences (see actors_from_spilled)
        work = Plan(write_event_parts, [(work.func, args, str(alignment_dir), position[i])
                                        for i, args in enumerate(work.args)],
                    work.problems, order=work.order, labels=work.labels)
    occurrences, alignments = {}, {}
    results = (mapper or _local_map)(work, "per-event steps")  # worker processes start on them now
    if "articles" in tables and "problems" in tables:
        with span("parent", "duplicate flags"):
            out["articles"], out["problems"] = reflag_duplicates(tables["articles"], tables["problems"])
    if done is not None:  # the caller has them: not held here any longer, nor returned
        done({name: out.pop(name) for name in ("articles", "problems") if name in out})
    # the parent's own corpus-wide step, while the workers align the events
    with span("parent", "resolve speakers"):
        out["quotes"] = resolve_speakers(tables["quotes"], sides=sides, articles=tables.get("articles"))
    if done is not None:
        done({"quotes": out.pop("quotes")})
    for i, result in results:
        if alignment_dir is not None and not workers_write:
            with span("parent", "write event parts"):
                result = save_parts(result, alignment_dir, position[i])
        occurrences[i] = result.pop("occurrences")
        if alignment_dir is None:
            alignments[i] = result["alignment"]
    if alignment_dir is None:
        out["alignment"] = combine_table("alignment", (alignments[i] for i in work.order))
    with span("parent", "actors across events"):
        found = [occurrences[i] for i in work.order]
        resolve = actors_from_spilled if spilled else actors_from_occurrences
        out["actors"] = resolve(found, by="event")
    return out


def write_event_parts(func: Callable[..., dict], args: tuple, parts_dir: str, number: int) -> dict:
    """Run one per-event task (``func(*args)``, :func:`event_tables`) where it runs: its
    alignment written to ``parts_dir/alignment/NNNNNN.parquet`` and its occurrences by article
    pickled to ``parts_dir/occurrences/NNNNNN.pkl``; returns the alignment's row count and
    ``occurrences`` as ``(key, that file, resolved, loose)`` (for
    :func:`analysis.actors.actors_from_spilled`), so only the small per-event resolution travels."""
    import pickle

    from analysis.parts import write_parts

    result = write_parts(func, args, parts_dir, number)
    key, by_article, resolved, loose = result["occurrences"]
    path = Path(parts_dir) / "occurrences" / f"{number:06d}.pkl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(by_article, protocol=pickle.HIGHEST_PROTOCOL))
    result["occurrences"] = (key, str(path), resolved, loose)
    return result


def _local_map(work: Plan, desc: str = "", progress: bool = False):
    for i, call in enumerate(_progress(work.calls(desc), progress, desc)):
        yield i, call[0](*call[1:])


def default_batch_size(engine: str, batch_size: int | None = None, jobs: int = 1, *,
                       scheduler: str | None = None) -> int:
    """``batch_size`` if given, else :data:`BATCH_SIZE` (one process), :data:`PROCESS_BATCH_SIZE`
    (several, or a local dask cluster of ``jobs`` workers: a batch of 50 costs ~15% more CPU per
    article than one of 100) or :data:`DASK_BATCH_SIZE` (the dask cluster at ``scheduler``, of
    any size); the tables never depend on it."""
    if batch_size:
        return batch_size
    if engine == "dask" and scheduler is not None:
        return DASK_BATCH_SIZE
    if engine == "dask":
        return PROCESS_BATCH_SIZE
    return PROCESS_BATCH_SIZE if jobs > 1 else BATCH_SIZE


def _batches(rows: list, size: int) -> list[list]:
    return [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]


@dataclasses.dataclass
class Plan:
    """The batches of one run: a function and its argument tuples, plus problems found
    while planning (files that could not be listed, manifest issues)."""

    func: Callable[..., dict[str, pd.DataFrame]]
    args: list[tuple]
    problems: pd.DataFrame
    #: task numbers in the order their results are combined (None: the order of ``args``)
    order: list[int] | None = None
    #: one short name per task, for the timeline (:mod:`analysis.timeline`); None: "task N"
    labels: list[str] | None = None

    def __post_init__(self) -> None:
        if self.order is None:
            self.order = list(range(len(self.args)))
        if self.labels is None:
            self.labels = [f"task {i}" for i in range(len(self.args))]

    def calls(self, desc: str = "") -> list[tuple]:
        """``(function, *arguments)`` of each task as a process runs it: recorded in the
        timeline when there is one (:func:`analysis.timeline.timeline_path`)."""
        from analysis.timeline import timed_call, timeline_path

        path = timeline_path()
        if not path:
            return [(self.func, *args) for args in self.args]
        return [(timed_call, path, desc, label, i, self.func, *args)
                for i, (label, args) in enumerate(zip(self.labels, self.args, strict=True))]

    def writing_parts(self, parts_dir: str | Path, numbers: list[int] | None = None) -> Plan:
        """The same tasks, each writing its tables to ``parts_dir/NAME/NNNNNN.parquet`` where it
        runs (``NNNNNN`` from ``numbers``, default the task number) and returning row counts."""
        from analysis.parts import write_parts

        numbers = list(range(len(self.args))) if numbers is None else numbers
        args = [(self.func, a, str(parts_dir), n) for a, n in zip(self.args, numbers, strict=True)]
        return Plan(write_parts, args, self.problems, order=self.order, labels=self.labels)


def plan(
    corpus: str | Path | Corpus,
    *,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fallback_to_filenames: bool = False,
    workers: int = 1,
) -> Plan:
    """Split a corpus folder (or a loaded corpus) into batches of ``batch_size`` articles
    (``fallback_to_filenames``: see :func:`analysis.corpus.plan_corpus`). With ``workers`` > 1
    and more than one batch, the worker processes' server is started as soon as the files are
    listed (:func:`start_worker_server`), so it loads the models while the layouts are settled."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if isinstance(corpus, Corpus):
        chunks = _batches(corpus.articles["article_id"].tolist(), batch_size)
        parts = [corpus.subset(set(chunk), keep_problems=False) for chunk in chunks]
        return Plan(analyse, [(p,) for p in parts], corpus.problems.reset_index(drop=True))
    folder = str(Path(corpus))
    rows, problems = plan_corpus(folder, fallback_to_filenames=fallback_to_filenames)
    if workers > 1 and len(rows) > batch_size:
        start_worker_server()
    rows = settle_layouts(folder, rows, max_bytes=max_bytes)
    planning = pd.DataFrame([dataclasses.asdict(p) for p in problems], columns=PROBLEM_COLUMNS)
    batches = _batches(rows, batch_size)
    return Plan(_load_and_analyse, [(folder, b, max_bytes) for b in batches], planning,
                labels=[f"batch {i} ({len(b)} articles)" for i, b in enumerate(batches)])


class Mapper:
    """Runs a :class:`Plan`: ``mapper(plan, description)`` yields ``(task_number, result)`` as
    tasks finish. ``parallel``: the tasks run in other processes; ``sees(folder)``: those
    processes can read and write files in ``folder`` (this machine's worker processes always
    can; dask workers only where they share its file system at the same path); ``processes``:
    how many run tasks at once (a callable is asked each time: a cluster's workers may come and go)."""

    def __init__(self, run: Callable, *, parallel: bool = False, sees: Callable[[Path], bool] | None = None,
                 processes: int | Callable[[], int] = 1):
        self._run = run
        self.parallel = parallel
        self._sees = sees
        self._processes = processes

    @property
    def processes(self) -> int:
        """Processes running the tasks at once (at least 1)."""
        n = self._processes() if callable(self._processes) else self._processes
        return max(1, int(n or 1))

    def __call__(self, work: Plan, desc: str = ""):
        return self._run(work, desc)

    def sees(self, folder: str | Path) -> bool:
        return True if self._sees is None else self._sees(Path(folder))


@contextlib.contextmanager
def engine_session(
    engine: str = "pandas",
    *,
    scheduler: str | None = None,
    n_workers: int | None = None,
    jobs: int | None = None,
    progress: bool = True,
    local_cluster=None,
) -> Iterator[Mapper]:
    """A :class:`Mapper` yielding ``(task_number, result)`` as tasks finish: in this process
    (pandas, ``jobs=1``), in a pool of ``jobs`` worker processes (pandas, the default: every
    core, :func:`default_jobs`), or on one dask cluster kept for the whole run (a local one with
    ``n_workers`` single-threaded processes, default ``jobs``, or the one at ``scheduler``).
    The rules hold the GIL, so processes, never threads. ``local_cluster``: the future of
    :func:`start_local_cluster`, started while the corpus was planned (dask without
    ``scheduler``; by default the cluster is started here)."""
    jobs = default_jobs() if jobs is None else jobs
    if engine not in ("pandas", "dask") or jobs < 1:
        discard_local_cluster(local_cluster)
        if engine not in ("pandas", "dask"):
            raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if engine == "pandas" and jobs == 1:
        yield Mapper(lambda work, desc="": _local_map(work, desc, progress))
        return
    if engine == "pandas":
        with _process_pool(jobs) as pool:
            yield Mapper(lambda work, desc="": _pool_map(pool, work, desc, progress), parallel=True, processes=jobs)
        return
    from distributed import Client

    cluster = None
    if scheduler is None:
        cluster = local_cluster.result() if local_cluster is not None else _new_local_cluster(n_workers or jobs)
        client = Client(cluster)
    else:
        if local_cluster is not None:
            local_cluster.result().close()
        client = Client(scheduler)
    try:
        yield Mapper(lambda work, desc="": _dask_map(client, work, desc, progress), parallel=True,
                     sees=lambda folder: _workers_see(client, folder),
                     processes=lambda: sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values()))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _new_local_cluster(n_workers: int):
    """A local dask cluster of ``n_workers`` single-threaded worker processes, each of which
    loads the models once as it starts (:data:`WORKER_PRELOAD`'s warm-up)."""
    import dask
    from distributed import LocalCluster

    # no dashboard, so no use for the workers' statistical profiler: it samples the task's
    # thread every 10 ms and costs the analyses (pure Python, holding the GIL) ~8% of their CPU;
    # and no MALLOC_TRIM_THRESHOLD_ (see local_worker_environ)
    with dask.config.set({"distributed.worker.profile.enabled": False,
                          "distributed.nanny.pre-spawn-environ": local_worker_environ()}):
        return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                            dashboard_address=None, silence_logs=40, preload=["analysis.worker_warmup"])


def start_local_cluster(n_workers: int):
    """Start a local dask cluster (:func:`_new_local_cluster`) on a thread and return its
    future: its workers start and load the models while this process plans the corpus. Give
    the future to :func:`engine_session` (``local_cluster``), which waits for it."""
    from concurrent.futures import ThreadPoolExecutor

    starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="analysis-cluster")
    future = starter.submit(_new_local_cluster, n_workers)
    starter.shutdown(wait=False)
    return future


def discard_local_cluster(future) -> None:
    """Close the cluster of :func:`start_local_cluster` once it is up (when the run stops
    before using it); a cluster that failed to start is left as it is."""
    if future is None:
        return
    try:
        cluster = future.result()
    except Exception:  # noqa: BLE001 -- nothing was started, so nothing to close
        return
    cluster.close()


def local_worker_environ() -> dict:
    """The environment the nannies of a local dask cluster set for their workers: Dask's
    default (``distributed.nanny.pre-spawn-environ``: one BLAS thread per worker) without
    ``MALLOC_TRIM_THRESHOLD_``. Dask sets that to 64 KiB so a worker hands freed memory back
    to the system at once; the analyses allocate and free many mid-sized blocks (pandas
    frames, token lists), so the worker then takes the same pages back from the system again
    and again: ~10 times the page faults and ~25% more CPU per task than the same task in a
    worker of the process pool. glibc's default threshold (128 KiB, raised as large blocks
    are freed) is what the pool's workers and a single process run with. For ``dask worker``
    processes started by hand, see docs/scale.md."""
    import dask
    import distributed  # noqa: F401  (registers distributed's configuration defaults)

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environ


def _workers_see(client, folder: Path) -> bool:
    """Whether every dask worker reads the file this client writes in ``folder`` (a local
    cluster, or workers sharing this file system at the same path)."""
    import secrets

    token = secrets.token_hex(16)
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f".probe-{token}"
    probe.write_text(token, encoding="utf-8")
    try:
        answers = client.run(_read_probe, str(probe))
    finally:
        probe.unlink(missing_ok=True)
    return bool(answers) and all(answer == token for answer in answers.values())


def _read_probe(path: str) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError:
        return None


class StartingWorkerError(RuntimeError):
    """The kit was called while a worker process was starting (see :func:`refuse_in_starting_worker`)."""


def refuse_in_starting_worker(what: str) -> None:
    """Raise :class:`StartingWorkerError` when called while a worker process is starting.

    Worker processes (forkserver, spawn) re-run the caller's script as it starts; a script that
    calls ``run``/``build_tables`` at its top level without ``if __name__ == "__main__":``
    would call it again in every worker. Without this check the workers wait for the tables
    folder's lock the caller holds, and the run hangs with no message."""
    import multiprocessing

    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise StartingWorkerError(
            f"{what} was called while a worker process was starting: the script that calls it runs "
            "again in every worker. Put the calls under `if __name__ == \"__main__\":` "
            "(or use jobs=1).")


#: what the worker server imports before it forks a worker; the last one analyses a made-up
#: two-article corpus once (:func:`warm_up`), so the models and lexicons are loaded there
WORKER_PRELOAD = ("analysis.pipeline", "analysis.sources", "analysis.sentiment", "analysis.framing",
                  "analysis.compare", "analysis.actors", "analysis.derived", "analysis.worker_warmup")


def warm_up() -> None:
    """Load what every batch needs (NLTK and Punkt, VADER and AFINN, the WordLlama model, the
    rule sets) by loading and analysing a made-up two-article corpus once, here.

    Run by the worker server (:func:`start_worker_server`) before it forks any worker, so each
    worker starts with them loaded instead of loading them in its first task. Only caches are
    filled: the tables of a run are the same with or without it. Best effort: on any error the
    workers load what they need on their first task, as they would without it."""
    import tempfile

    from analysis.synthetic import write_synthetic

    saved = os.environ.pop("ANALYSIS_TIMELINE", None)  # the warm-up is no task of the user's run
    try:
        with tempfile.TemporaryDirectory(prefix="analysis-warmup-") as tmp:
            folder = write_synthetic(Path(tmp) / "corpus", 2, seed=0, n_outlets=2, n_events=1)
            work = plan(folder, batch_size=2)
            for call in work.calls("warm-up"):
                call[0](*call[1:])
    except Exception:  # noqa: BLE001 -- a failed warm-up only costs the workers' first task its loading
        pass
    finally:
        if saved is not None:
            os.environ["ANALYSIS_TIMELINE"] = saved


def start_worker_server(preload: Iterable[str] = WORKER_PRELOAD) -> None:
    """Start the server the worker processes are forked from (forkserver) now, so that it
    imports the analyses and loads their models (:data:`WORKER_PRELOAD`) while this process
    plans the corpus, on another core, instead of every worker loading them in its first task.
    Does nothing when the server runs already (its preload is then what it was started with).
    ``preload``: the modules it imports, by default :data:`WORKER_PRELOAD`."""
    import multiprocessing
    from multiprocessing import forkserver

    multiprocessing.get_context("forkserver").set_forkserver_preload(list(preload))
    forkserver.ensure_running()


@contextlib.contextmanager
def _process_pool(jobs: int, preload: Iterable[str] = WORKER_PRELOAD):
    """Worker processes started from a clean single-threaded server that has the analyses
    imported and their models loaded already (forkserver, :func:`start_worker_server`): fast to
    start, and safe whatever threads the caller runs (a Jupyter kernel, a progress bar)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    start_worker_server(preload)
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield pool


def _pool_map(pool, work: Plan, desc: str, progress: bool):
    """Submit every task of ``work`` now; return a generator of ``(task_number, result)`` as
    they finish (so the caller can do its own work, or submit more, while they run)."""
    futures = {pool.submit(*call): i for i, call in enumerate(work.calls(desc))}
    return _pool_results(futures, f"{desc} ({pool._max_workers} processes)", progress)


def _pool_results(futures: dict, desc: str, progress: bool):
    from concurrent.futures import as_completed

    bar = _bar(len(futures), desc, progress)
    try:
        for fut in as_completed(futures):
            result = fut.result()
            if bar is not None:
                bar.update(1)
            yield futures.pop(fut), result
    finally:
        if bar is not None:
            bar.close()
        for fut in futures:
            fut.cancel()


def _bar(total: int, desc: str, enabled: bool):
    if not enabled:
        return None
    import sys

    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit="task", file=sys.stdout)


def iter_parts(
    work: Plan,
    *,
    engine: str = "pandas",
    scheduler: str | None = None,
    n_workers: int | None = None,
    jobs: int | None = None,
    progress: bool = True,
) -> Iterator[tuple[int, dict[str, pd.DataFrame]]]:
    """Yield ``(batch_number, batch_tables)`` as batches finish (in completion order with
    several processes or dask)."""
    with engine_session(engine, scheduler=scheduler, n_workers=n_workers, jobs=jobs, progress=progress) as mapper:
        yield from mapper(work, "loading and analysing")


def run(
    corpus: str | Path | Corpus,
    *,
    engine: str = "pandas",
    scheduler: str | None = None,
    n_workers: int | None = None,
    jobs: int | None = None,
    batch_size: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True,
) -> dict[str, pd.DataFrame]:
    """Load and analyse a corpus in memory; return every table (see :func:`analyse` and
    :func:`corpus_wide`).

    ``corpus`` is a corpus folder (streamed in batches of ``batch_size`` articles, default
    :func:`default_batch_size`) or an already loaded :class:`~analysis.corpus.Corpus`. With the
    default engine the batches and the per-event steps run on ``jobs`` worker processes (default:
    every core; ``jobs=1`` runs everything in this process). ``engine="dask"`` runs them on a
    ``distributed.LocalCluster`` with ``n_workers`` single-threaded worker processes, or on the
    cluster at ``scheduler`` (e.g. ``"tcp://10.0.0.5:8786"``). The result is the same whatever
    the engine and the number of processes. ``progress`` shows a tqdm bar over tasks. For
    corpora too large for memory use :func:`analysis.tables.build_tables`, which writes batch
    by batch.
    """
    refuse_in_starting_worker("analysis.pipeline.run")
    jobs = default_jobs() if jobs is None else jobs
    # a local dask cluster starts (and its workers load the models) while the corpus is planned
    pending = start_local_cluster(n_workers or jobs) if engine == "dask" and scheduler is None else None
    try:
        work = plan(corpus, batch_size=default_batch_size(engine, batch_size, jobs, scheduler=scheduler),
                    max_bytes=max_bytes, workers=jobs if engine == "pandas" else 1)
    except BaseException:
        discard_local_cluster(pending)
        raise
    jobs = useful_jobs(jobs, work) if engine == "pandas" else jobs
    with engine_session(engine, scheduler=scheduler, n_workers=n_workers, jobs=jobs, progress=progress,
                        local_cluster=pending) as mapper:
        parts = dict(mapper(work, "loading and analysing"))
        ordered = [parts[i] for i in sorted(parts)]
        out = {name: combine_table(name, (p[name] for p in ordered)) for name in BATCH_TABLES}
        folder = corpus.folder if isinstance(corpus, Corpus) else corpus
        sides, side_problems = corpus_sides(folder)
        if isinstance(corpus, Corpus):
            out["problems"] = work.problems
        else:
            out["problems"] = pd.concat([work.problems, out["problems"]], ignore_index=True)
        if len(side_problems):
            out["problems"] = pd.concat([out["problems"], side_problems], ignore_index=True)
        out.update(corpus_wide(out, mapper, sides=sides))
        if mapper.parallel:
            out.update(derived_on_workers(out, mapper, corpus_dir=folder))
            return out
    from analysis.derived import derived_tables

    out.update(derived_tables(out, corpus_dir=folder))
    return out


class _Inputs(Mapping):
    """The tables one derived task is sent (``frames``), answering ``in`` for every table of
    the run (``names``), as the whole mapping would."""

    def __init__(self, frames: dict[str, pd.DataFrame], names: tuple[str, ...]):
        self.frames, self.names = frames, names

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    def __iter__(self):
        return iter(self.frames)

    def __len__(self) -> int:
        return len(self.frames)

    def __contains__(self, name) -> bool:
        return name in self.names


def _derived_group(inputs: _Inputs, names: tuple[str, ...], corpus_dir) -> dict[str, pd.DataFrame]:
    from analysis.derived import derived_tables, needed_tables

    out = derived_tables(inputs, corpus_dir=corpus_dir, names=needed_tables(names))
    return {name: out[name] for name in names}


def _derived_event(inputs: _Inputs, event) -> dict | str:
    from analysis.derived import event_parts

    try:
        return event_parts(inputs, event)
    except (ValueError, KeyError, TypeError, OSError) as exc:  # as derived_tables: the event tables left empty
        return f"{type(exc).__name__}: {exc}"


def _apply(func: Callable, *args):
    return func(*args)


def derived_on_workers(tables: dict[str, pd.DataFrame], mapper: Callable, *,
                       corpus_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The derived tables of :func:`analysis.derived.derived_tables`, computed as independent
    tasks mapped with ``mapper`` (worker processes or a dask cluster): the groups of
    :func:`analysis.derived.derived_groups` packed into tasks
    (:func:`analysis.derived.pack_groups`), each sent only the tables it reads, and the
    ``event_*`` tables one task per event, each sent its event's rows only; the events' parts
    are stacked here in event order. The same tables as one process computes."""
    import warnings

    from analysis.derived import (
        EVENT_PARTS_KEY,
        EVENT_ROW_TABLES,
        REGISTRY,
        derived_groups,
        derived_tables,
        event_names,
        input_tables,
        pack_groups,
        stack_event_parts,
    )

    english = english_only(tables["articles"])
    if english.empty:
        return derived_tables(tables, corpus_dir=corpus_dir)
    names = tuple(tables)
    groups = derived_groups()
    event_group = next((g for g in groups if REGISTRY[g[0]].shares == EVENT_PARTS_KEY), ())
    others = [g for g in groups if g != event_group]

    def cost(group) -> float:
        return sum(REGISTRY[n].cost for n in group)

    tasks = [(cost(p), (_derived_group, _Inputs({n: tables[n] for n in input_tables(p)}, names), p, corpus_dir),
              "+".join(p)) for p in pack_groups(others, max(map(cost, others), default=0.0))]
    events = event_names(tables["articles"]) if event_group else []
    sizes = english.groupby("event").size()
    for event in events:
        ids = set(english.loc[english["event"] == event, "article_id"])
        frames = {n: tables[n][tables[n]["article_id"].isin(ids)]
                  if n in EVENT_ROW_TABLES and "article_id" in tables[n] else tables[n]
                  for n in input_tables(event_group)}
        tasks.append((cost(event_group) * sizes[event] / len(english), (_derived_event, _Inputs(frames, names), event),
                      f"event {event}"))
    tasks.sort(key=lambda t: -t[0])  # stable: equal costs keep the registry's order
    work = Plan(_apply, [args for _, args, _ in tasks], pd.DataFrame(), labels=[label for *_, label in tasks])
    results = dict(mapper(work, "derived tables"))
    out: dict[str, pd.DataFrame] = {}
    per_event = {}
    for i, (_, args, _) in enumerate(tasks):
        if args[0] is _derived_event:
            per_event[args[2]] = results.pop(i)
        else:
            out.update(results.pop(i))
    if event_group:
        ordered = [per_event[event] for event in events]
        failed = next((r for r in ordered if isinstance(r, str)), None)
        if failed is None:
            out.update({f"event_{part}": frame for part, frame in stack_event_parts(ordered).items()})
        else:
            for name in event_group:
                warnings.warn(f"derived table {name} left empty: {failed}", stacklevel=2)
                out[name] = pd.DataFrame()
    return {name: out[name] for name in REGISTRY}


def _progress(items, enabled: bool, desc: str):
    if not enabled:
        return items
    import sys

    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="task", file=sys.stdout)


def _dask_map(client, work: Plan, desc: str, progress: bool):
    """Submit every task of ``work`` now; return a generator of ``(task_number, result)`` as
    they finish, each result released at once."""
    futures = [client.submit(*call, pure=False) for call in work.calls(desc)]
    label = f"{desc} (dask, {len(client.scheduler_info()['workers'])} workers)" if progress else desc
    return _dask_results(futures, label, progress)


def _dask_results(futures: list, desc: str, progress: bool):
    from distributed import as_completed

    index = {f.key: i for i, f in enumerate(futures)}
    bar = _bar(len(futures), desc, progress)
    try:
        for fut in as_completed(futures):
            result = fut.result()
            fut.release()
            if bar is not None:
                bar.update(1)
            yield index[fut.key], result
    finally:
        if bar is not None:
            bar.close()
