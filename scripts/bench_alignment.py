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
    t0 = time.perf_counter()
    al = align(sentences, articles)
    t1 = time.perf_counter()
    om = omissions(al, articles)
    t2 = time.perf_counter()
    disc = number_discrepancies(extract_numbers(sentences), articles)
    t3 = time.perf_counter()
    print(f"align: {t1 - t0:.1f} s ({len(al)} rows, {int(al['shared'].sum())} shared)")
    print(f"omissions: {t2 - t1:.1f} s ({len(om)} rows)")
    print(f"numbers + discrepancies: {t3 - t2:.1f} s ({len(disc)} rows, bounded)")
    print(f"total: {t3 - t0:.1f} s")


if __name__ == "__main__":
    main()
