"""One pipeline from two articles to a hundred thousand: the same pure functions, two engines.

``run(corpus, engine="pandas")`` loads (streaming, one raw file at a time) and analyses a
corpus batch by batch; ``engine="dask"`` maps the same batch function over partitions on a
``distributed`` cluster (a local one by default, or the scheduler address you give), each
worker loading its own files, so raw text never travels through the client. Work that needs
the whole corpus (one speaker id per person within an event) runs once on the combined
tables. Both engines return identical tables.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.corpus import DEFAULT_MAX_BYTES, PROBLEM_COLUMNS, Corpus, assemble, load_rows, plan_corpus
from analysis.text import content_words

TABLES = ("articles", "paragraphs", "sentences", "removed", "metadata", "problems", "quotes", "frames", "terms")


def term_counts(articles: pd.DataFrame, *, text_col: str = "text", id_col: str = "article_id") -> pd.DataFrame:
    """One row per (article, term): content-word counts (stop words out, negators and "us"
    kept), the input of distinctive-term statistics."""
    rows = []
    for aid, text in zip(articles[id_col], articles[text_col], strict=True):
        for term, n in sorted(Counter(content_words(text)).items()):
            rows.append((aid, term, n))
    return pd.DataFrame(rows, columns=[id_col, "term", "count"])


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

    english_ids = set(corpus.articles.loc[corpus.articles["language"] == "en", "article_id"])
    english = corpus.articles[corpus.articles["article_id"].isin(english_ids)]
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


def _combine(parts: Iterable[dict[str, pd.DataFrame]], planning_problems: pd.DataFrame) -> dict[str, pd.DataFrame]:
    from analysis.sources import resolve_speakers

    parts = list(parts)
    out: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        frames = [p[name] for p in parts if name in p and len(p[name])]
        template = next((p[name] for p in parts if name in p), pd.DataFrame())
        out[name] = pd.concat(frames, ignore_index=True) if frames else template.iloc[0:0]
    out["problems"] = pd.concat([planning_problems, out["problems"]], ignore_index=True)
    out["quotes"] = resolve_speakers(out["quotes"])
    return out


def _batches(rows: list[dict], size: int) -> list[list[dict]]:
    return [rows[i : i + size] for i in range(0, len(rows), size)]


def run(
    corpus: str | Path | Corpus,
    *,
    engine: str = "pandas",
    scheduler: str | None = None,
    n_workers: int = 2,
    batch_size: int = 250,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = True,
) -> dict[str, pd.DataFrame]:
    """Load and analyse a corpus; return every per-article table (see :func:`analyse`).

    ``corpus`` is a corpus folder (streamed in batches of ``batch_size`` articles) or an
    already loaded :class:`~analysis.corpus.Corpus`. ``engine="dask"`` runs the batches on
    a ``distributed.LocalCluster`` with ``n_workers`` single-threaded worker processes, or
    on the cluster at ``scheduler`` (e.g. ``"tcp://10.0.0.5:8786"``); the result is the same
    as with ``engine="pandas"``. ``progress`` shows a tqdm bar over batches.
    """
    if engine not in ("pandas", "dask"):
        raise ValueError(f"engine must be 'pandas' or 'dask', not {engine!r}")
    if isinstance(corpus, Corpus):
        ids = corpus.articles["article_id"].tolist()
        chunks = [ids[i : i + batch_size] for i in range(0, len(ids), batch_size)] or [[]]
        parts_in = [corpus.subset(set(chunk), keep_problems=False) for chunk in chunks]
        planning = pd.DataFrame(columns=corpus.problems.columns)
        if engine == "pandas":
            parts = [analyse(p) for p in _progress(parts_in, progress, "analysing batches")]
        else:
            parts = _dask_map(analyse, [(p,) for p in parts_in], scheduler, n_workers, progress)
        combined = _combine(parts, planning)
        combined["problems"] = corpus.problems.reset_index(drop=True)
        return combined
    folder = str(Path(corpus))
    rows, problems = plan_corpus(folder)
    planning = pd.DataFrame([dataclasses.asdict(p) for p in problems], columns=PROBLEM_COLUMNS)
    batches = _batches(rows, batch_size) or [[]]
    if engine == "pandas":
        parts = [
            _load_and_analyse(folder, b, max_bytes) for b in _progress(batches, progress, "loading and analysing")
        ]
    else:
        parts = _dask_map(_load_and_analyse, [(folder, b, max_bytes) for b in batches], scheduler, n_workers, progress)
    return _combine(parts, planning)


def _progress(items, enabled: bool, desc: str):
    if not enabled:
        return items
    from tqdm.auto import tqdm

    return tqdm(items, desc=desc, unit="batch")


def _dask_map(func, arg_tuples: list[tuple], scheduler: str | None, n_workers: int, progress: bool) -> list:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    try:
        futures = [client.submit(func, *args, pure=False) for args in arg_tuples]
        index = {f.key: i for i, f in enumerate(futures)}
        results: list = [None] * len(futures)
        done = as_completed(futures)
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(futures), desc=f"dask ({len(client.scheduler_info()['workers'])} workers)",
                       unit="batch")
        for fut in done:
            results[index[fut.key]] = fut.result()
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        return results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
