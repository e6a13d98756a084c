"""Time the sentence alignment of analysis.compare on one large event (a benchmark, not a test).

One event with ``--articles`` articles (default 1,000) spread over ``--outlets`` outlets
(default 10), each article ``--sentences`` sentences (default 25) drawn from real news
sentences (the NFC climate articles in ../shared/benchmarks/nfc, or the seeds if absent), so
TF-IDF, names and numbers behave as in real copy. Deterministic (fixed seed).

Run: .venv/bin/python scripts/bench_alignment.py [--articles 1000 --outlets 10]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from analysis.compare import align, extract_numbers, number_discrepancies, omissions
from analysis.paths import ROOT, SEEDS_DIR
from analysis.text import sentence_spans

NFC = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"


def sentence_pool() -> list[str]:
    if NFC.exists():
        texts = pd.read_csv(NFC, sep="\t")["text"].astype(str).str.replace("\n", " ")
    else:
        from analysis.corpus import load_corpus

        texts = load_corpus(SEEDS_DIR).articles["text"].astype(str)
    return [t[s:e] for t in texts for s, e in sentence_spans(t) if len(t[s:e].split()) >= 5]


def make_event(n_articles: int, n_outlets: int, n_sentences: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    pool = sentence_pool()
    articles = pd.DataFrame({"article_id": [f"a{k:05d}" for k in range(n_articles)],
                             "outlet": [f"Outlet {k % n_outlets:02d}" for k in range(n_articles)], "event": "big"})
    picks = rng.integers(len(pool), size=(n_articles, n_sentences))
    sentences = pd.DataFrame({
        "article_id": np.repeat(articles["article_id"].to_numpy(), n_sentences),
        "sent_id": np.tile(np.arange(n_sentences), n_articles),
        "text": [pool[p] for p in picks.ravel()],
    })
    return sentences, articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--outlets", type=int, default=10)
    parser.add_argument("--sentences", type=int, default=25)
    args = parser.parse_args()
    sentences, articles = make_event(args.articles, args.outlets, args.sentences)
    print(f"event: {len(articles)} articles, {args.outlets} outlets, {len(sentences)} sentences")
    align(sentences.head(20), articles)  # load the embedding model outside the timing
    clock = [(time.perf_counter(), time.process_time())]
    al = align(sentences, articles)
    clock.append((time.perf_counter(), time.process_time()))
    om = omissions(al, articles)
    clock.append((time.perf_counter(), time.process_time()))
    disc = number_discrepancies(extract_numbers(sentences), articles)
    clock.append((time.perf_counter(), time.process_time()))
    steps = [f"align ({len(al)} rows, {int(al['shared'].sum())} shared)", f"omissions ({len(om)} rows)",
             f"numbers + discrepancies ({len(disc)} rows, bounded)"]
    for k, step in enumerate(steps):
        wall, cpu = clock[k + 1][0] - clock[k][0], clock[k + 1][1] - clock[k][1]
        print(f"{step}: {wall:.1f} s wall, {cpu:.1f} s CPU")
    print(f"total: {clock[-1][0] - clock[0][0]:.1f} s wall, {clock[-1][1] - clock[0][1]:.1f} s CPU "
          f"(CPU time counts every thread; on a busy machine wall time is longer)")


if __name__ == "__main__":
    main()
