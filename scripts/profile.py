"""Where the time of `run` goes, step by step, against the floor of necessary work.

    .venv/bin/python scripts/profile.py CORPUS [--top 12] [--batch-size 250]

Runs the pipeline's steps one after another in this process (the same functions `run` calls, one
process, so the figures add up) and prints:

- the batch step, per step: loading (read, decode, strip furniture, split paragraphs and
  sentences), tone (VADER and AFINN per sentence), quotations, frames, terms;
- the corpus-wide steps: duplicate flags, speaker ids and sides, and per event the sentence
  alignment and the actors' name occurrences, then the corpus-wide actor table;
- the derived tables the notebooks read (analysis.derived), each timed on its own;
- the floor: bare read + sentence split + NLTK's own VADER on the same text (what any tone
  analysis of these articles must do), and the pipeline's time as a multiple of it;
- with ``--top N``: the N functions with the most own time in each phase (cProfile).

The output of a run on the real-news benchmark corpus (scripts/make_real_corpus.py) is kept in
docs/scale.md.
"""

from __future__ import annotations

import sys

# This file is named profile.py, like the standard module that cProfile imports: take the
# script's own folder off the import path first, so `import cProfile` finds the real one.
if sys.path and sys.path[0] == str(__import__("pathlib").Path(__file__).resolve().parent):
    sys.path.pop(0)

import argparse  # noqa: E402
import cProfile  # noqa: E402
import io  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402
from collections import defaultdict  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402

from analysis.actors import actors_from_occurrences, event_occurrences
from analysis.compare import alignment_table
from analysis.corpus import assemble, english_only, load_rows
from analysis.derived import REGISTRY
from analysis.framing import frame_scores
from analysis.pipeline import BATCH_SIZE, combine_table, corpus_sides, plan, term_counts
from analysis.quality import reflag_duplicates
from analysis.sentiment import score_table
from analysis.sources import extract_corpus_quotes, resolve_speakers
from analysis.speed import floor

SECONDS: dict[str, float] = defaultdict(float)
PROFILES: dict[str, cProfile.Profile] = {}


@contextmanager
def step(phase: str, name: str, profile: bool):
    prof = PROFILES.setdefault(phase, cProfile.Profile()) if profile else None
    start = time.perf_counter()
    if prof:
        prof.enable()
    try:
        yield
    finally:
        if prof:
            prof.disable()
        SECONDS[f"{phase}: {name}"] += time.perf_counter() - start


def batch_step(folder: Path, batch_size: int, profile: bool) -> dict:
    work = plan(folder, batch_size=batch_size)
    parts = []
    for _, rows, max_bytes in work.args:
        with step("batch", "load (read, decode, furniture, paragraphs, sentences)", profile):
            corpus = assemble(load_rows(str(folder), rows, max_bytes=max_bytes), folder=folder, duplicates=False)
            english = english_only(corpus.articles)
            en_sentences = corpus.sentences[corpus.sentences["article_id"].isin(set(english["article_id"]))]
        with step("batch", "tone (VADER, AFINN)", profile):
            sentences = score_table(corpus.sentences)
        with step("batch", "quotations", profile):
            quotes = extract_corpus_quotes(english, sentences=en_sentences)
        with step("batch", "frames", profile):
            frames = frame_scores(english, group_col="outlet", sentences=en_sentences)
        with step("batch", "terms", profile):
            terms = term_counts(english)
        parts.append({"articles": corpus.articles, "problems": corpus.problems, "sentences": sentences,
                      "quotes": quotes, "frames": frames, "terms": terms, "paragraphs": corpus.paragraphs,
                      "removed": corpus.removed, "metadata": corpus.metadata})
    return {name: combine_table(name, (p[name] for p in parts)) for name in parts[0]}


def corpus_step(folder: Path, tables: dict, profile: bool) -> dict:
    with step("corpus-wide", "duplicate flags", profile):
        articles, problems = reflag_duplicates(tables["articles"], tables["problems"])
    with step("corpus-wide", "speaker ids and sides", profile):
        quotes = resolve_speakers(tables["quotes"], sides=corpus_sides(folder)[0], articles=articles)
    english = english_only(articles)
    sentences = tables["sentences"]
    found, alignments = [], []
    for event, arts in english.groupby("event", sort=True):
        sents = sentences[sentences["article_id"].isin(set(arts["article_id"]))]
        with step("corpus-wide", "per event: sentence alignment", profile):
            alignments.append(alignment_table(sents, arts))
        with step("corpus-wide", "per event: actor name occurrences", profile):
            found.append(event_occurrences(arts, event))
    with step("corpus-wide", "actors table (names across events)", profile):
        actors = actors_from_occurrences(found, by="event")
    return {**tables, "articles": articles, "problems": problems, "quotes": quotes, "actors": actors,
            "alignment": combine_table("alignment", alignments)}


def derived_step(folder: Path, tables: dict, profile: bool) -> None:
    """Each derived table the notebooks read, timed on its own (they build on each other)."""
    from collections import ChainMap

    work: dict = {}
    inputs = ChainMap(work, tables)
    for name, spec in REGISTRY.items():
        with step("derived", name, profile):
            work[name] = spec.func(inputs, corpus_dir=folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--top", type=int, default=0, help="hot functions listed per phase (cProfile)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    args = parser.parse_args()
    profile = args.top > 0
    tables = batch_step(args.corpus, args.batch_size, profile)
    derived_step(args.corpus, corpus_step(args.corpus, tables, profile), profile)
    floor_s, floor_n = floor(tables["articles"]["source_file"].tolist())
    n_articles = len(tables["articles"])
    total = sum(SECONDS.values())
    print(f"{n_articles} articles, {len(tables['sentences'])} sentences, one process\n")
    print("| step | seconds | share |")
    print("|---|---:|---:|")
    for phase in ("batch", "corpus-wide", "derived"):
        phase_total = sum(v for k, v in SECONDS.items() if k.startswith(phase))
        small = 0.0
        for name, seconds in SECONDS.items():
            if name.startswith(phase) and (phase != "derived" or seconds >= 0.02 * total):
                print(f"| {name} | {seconds:.2f} | {seconds / total:.0%} |")
            elif name.startswith(phase):
                small += seconds
        if small:
            print(f"| {phase}: the other tables (each < 2%) | {small:.2f} | {small / total:.0%} |")
        print(f"| **{phase} step** | **{phase_total:.2f}** | {phase_total / total:.0%} |")
    print(f"| **all steps** | **{total:.2f}** ({n_articles / total:.0f} articles/s) | |")
    print(f"| floor: bare read + Punkt split + NLTK VADER ({floor_n} sentences) | {floor_s:.2f} | "
          f"pipeline = {total / floor_s:.1f}x floor |")
    for phase, prof in PROFILES.items():
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(args.top)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
        print(f"\n{phase} step, top {args.top} functions by own time:\n")
        print("\n".join(lines[start:]))


if __name__ == "__main__":
    main()
