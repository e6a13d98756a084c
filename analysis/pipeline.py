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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
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
)
from analysis.text import content_words

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
    frames = frame_scores(english, group_col="outlet") if len(english) else pd.DataFrame()
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
    return analyse(assemble(load_rows(folder, rows, max_bytes=max_bytes), folder=Path(folder)))


def combine_table(name: str, frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """One batch table from its parts, in batch order (empty parts only lend their columns)."""
    frames = list(frames)
    full = [f for f in frames if len(f)]
    if full:
        return pd.concat(full, ignore_index=True)
    return frames[0].iloc[0:0].reset_index(drop=True) if frames else pd.DataFrame()


BATCH_SIZE = 250  # articles per batch with the pandas engine
DASK_BATCH_SIZE = 50  # smaller batches keep every dask worker busy to the end
EVENTS_PER_CHUNK = 10  # corpus-wide steps run on whole events, this many per task


def event_tables(sentences: pd.DataFrame, articles: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The per-event corpus-wide tables of some whole events (English articles): ``alignment``
    (:func:`analysis.compare.alignment_table`) and ``actors`` (:func:`analysis.actors.discover_actors`)."""
    from analysis.actors import discover_actors
    from analysis.compare import alignment_table

    return {"alignment": alignment_table(sentences, articles), "actors": discover_actors(articles, by="event")}


def event_chunks(tables: dict[str, pd.DataFrame], *, size: int = EVENTS_PER_CHUNK) -> Plan:
    """The per-event steps as tasks of ``size`` whole events each, events in name order (the
    chunks never depend on the engine or the number of workers)."""
    english = english_only(tables["articles"])
    sentences = tables["sentences"]
    events = sorted(english["event"].astype(str).unique())
    args = []
    for i in range(0, len(events), size):
        chunk = set(events[i : i + size])
        arts = english[english["event"].astype(str).isin(chunk)]
        args.append((sentences[sentences["article_id"].isin(set(arts["article_id"]))], arts))
    if not args:
        args.append((sentences.iloc[0:0], english))
    return Plan(event_tables, args, pd.DataFrame(columns=PROBLEM_COLUMNS))


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
                sides: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Steps that need more than one batch, on English articles: duplicate and near-duplicate
    flags over the whole corpus (:func:`analysis.quality.reflag_duplicates`, updating
    ``articles`` and ``problems`` when both are given), one ``speaker_id`` and name per person
    across the corpus and one side per person (:func:`analysis.sources.resolve_speakers`, with
    the user's ``sides`` table), then per event (in chunks of whole events, mapped with
    ``mapper``, by default in this process) the ``alignment`` (one row per sentence and other
    outlet of its event) and ``actors`` (the main actors of each event). Returns the
    updated/new tables only (the input is not changed)."""
    from analysis.quality import reflag_duplicates
    from analysis.sources import resolve_speakers

    out: dict[str, pd.DataFrame] = {}
    if "articles" in tables and "problems" in tables:
        out["articles"], out["problems"] = reflag_duplicates(tables["articles"], tables["problems"])
    work = event_chunks({**tables, **out})
    results = dict((mapper or _local_map)(work, "per-event steps"))
    ordered = [results[i] for i in sorted(results)]
    out["quotes"] = resolve_speakers(tables["quotes"], sides=sides, articles=tables.get("articles"))
    for name in ("alignment", "actors"):
        out[name] = combine_table(name, (r[name] for r in ordered))
    return out


def _local_map(work: Plan, desc: str = "", progress: bool = False):
    for i, args in enumerate(_progress(work.args, progress, desc)):
        yield i, work.func(*args)


def default_batch_size(engine: str, batch_size: int | None = None) -> int:
    """``batch_size`` if given, else :data:`BATCH_SIZE` (pandas) or :data:`DASK_BATCH_SIZE` (dask);
    the tables never depend on it."""
    return batch_size or (DASK_BATCH_SIZE if engine == "dask" else BATCH_SIZE)


def _batches(rows: list, size: int) -> list[list]:
    return [rows[i : i + size] for i in range(0, len(rows), size)] or [[]]


@dataclasses.dataclass
class Plan:
    """The batches of one run: a function and its argument tuples, plus problems found
    while planning (files that could not be listed, manifest issues)."""

    func: Callable[..., dict[str, pd.DataFrame]]
    args: list[tuple]
    problems: pd.DataFrame


def plan(
    corpus: str | Path | Corpus,
    *,
    batch_size: int = BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fallback_to_filenames: bool = False,
) -> Plan:
    """Split a corpus folder (or a loaded corpus) into batches of ``batch_size`` articles
    (``fallback_to_filenames``: see :func:`analysis.corpus.plan_corpus`)."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    if isinstance(corpus, Corpus):
        chunks = _batches(corpus.articles["article_id"].tolist(), batch_size)
        parts = [corpus.subset(set(chunk), keep_problems=False) for chunk in chunks]
        return Plan(analyse, [(p,) for p in parts], corpus.problems.reset_index(drop=True))
    folder = str(Path(corpus))
    rows, problems = plan_corpus(folder, fallback_to_filenames=fallback_to_filenames)
    planning = pd.DataFrame([dataclasses.asdict(p) for p in problems], columns=PROBLEM_COLUMNS)
    return Plan(_load_and_analyse, [(folder, b, max_bytes) for b in _batches(rows, batch_size)], planning)


@contextlib.contextmanager
def engine_session(
    engine: str = "pandas", *, scheduler: str | None = None, n_workers: int = 2, progress: bool = True
) -> Iterator[Callable]:
    """A ``mapper(plan, description)`` yielding ``(task_number, result)`` as tasks finish: in
    this process (pandas), or on one dask cluster kept for the whole run (a local one with
    ``n_workers`` single-threaded processes, or the one at ``scheduler``)."""
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    if engine == "pandas":
        yield lambda work, desc="": _local_map(work, desc, progress)
        return
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        yield lambda work, desc="": _dask_map(client, work, desc, progress)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def iter_parts(
    work: Plan,
    *,
    engine: str = "pandas",
    scheduler: str | None = None,
    n_workers: int = 2,
    progress: bool = True,
) -> Iterator[tuple[int, dict[str, pd.DataFrame]]]:
    """Yield ``(batch_number, batch_tables)`` as batches finish (dask: in completion order)."""
    with engine_session(engine, scheduler=scheduler, n_workers=n_workers, progress=progress) as mapper:
        yield from mapper(work, "loading and analysing")


def run(
    corpus: str | Path | Corpus,
    *,
    engine: str = "pandas",
    scheduler: str | None = None,
    n_workers: int = 2,
    batch_size: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True,
) -> dict[str, pd.DataFrame]:
    """Load and analyse a corpus in memory; return every table (see :func:`analyse` and
    :func:`corpus_wide`).

    ``corpus`` is a corpus folder (streamed in batches of ``batch_size`` articles, default
    :func:`default_batch_size`) or an
    already loaded :class:`~analysis.corpus.Corpus`. ``engine="dask"`` runs the batches on
    a ``distributed.LocalCluster`` with ``n_workers`` single-threaded worker processes, or
    on the cluster at ``scheduler`` (e.g. ``"tcp://10.0.0.5:8786"``); the result is the same
    as with ``engine="pandas"``. ``progress`` shows a tqdm bar over batches. For corpora too
    large for memory use :func:`analysis.tables.build_tables`, which writes batch by batch.
    """
    work = plan(corpus, batch_size=default_batch_size(engine, batch_size), max_bytes=max_bytes)
    with engine_session(engine, scheduler=scheduler, n_workers=n_workers, progress=progress) as mapper:
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
    return out


def _progress(items, enabled: bool, desc: str):
    if not enabled:
        return items
    import sys

    from tqdm import tqdm

    return tqdm(items, desc=desc, unit="task", file=sys.stdout)


def _dask_map(client, work: Plan, desc: str, progress: bool):
    from distributed import as_completed

    futures = [client.submit(work.func, *args, pure=False) for args in work.args]
    index = {f.key: i for i, f in enumerate(futures)}
    bar = None
    if progress:
        import sys

        from tqdm import tqdm

        n = len(client.scheduler_info()["workers"])
        bar = tqdm(total=len(futures), desc=f"{desc} (dask, {n} workers)", unit="task", file=sys.stdout)
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
