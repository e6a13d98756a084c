"""CPU time per article of the batch step's frame call on a corpus folder.

    .venv/bin/python scripts/bench_frames.py CORPUS [--label NAME]

Loads the corpus (which splits the sentences, as the batch step does), then times
``frame_scores(english, group_col="outlet", sentences=...)`` three times after a warm-up on ten
articles, and prints the first (cold: the embedding model loads and its word cache fills) and the
best run. To compare with another checkout, run it with that checkout first on the import path,
alternating: ``PYTHONPATH=/path/to/other/checkout .venv/bin/python scripts/bench_frames.py CORPUS``
(a checkout whose ``frame_scores`` has no ``sentences`` argument splits the texts itself). Use
``OMP_NUM_THREADS=1`` so both measure one thread; CPU time, so other load on the machine matters
less than for wall time. The NFC corpus: ``scripts/make_nfc_corpus.py OUT``.
"""

from __future__ import annotations

import argparse
import inspect
import time
from pathlib import Path

from analysis.corpus import english_only, load_corpus
from analysis.framing import frame_scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--label", default="this checkout")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.corpus)
    english = english_only(corpus.articles)
    sentences = corpus.sentences[corpus.sentences["article_id"].isin(set(english["article_id"]))]
    kw = {"sentences": sentences} if "sentences" in inspect.signature(frame_scores).parameters else {}
    frame_scores(english.head(10), group_col="outlet", **kw)
    runs = []
    for _ in range(3):
        start = time.process_time()
        frame_scores(english, group_col="outlet", **kw)
        runs.append(time.process_time() - start)
    n = len(english)
    print(f"{args.label}: {n} articles, frame step CPU ms per article: first run {1000 * runs[0] / n:.2f}, "
          f"best of 3 {1000 * min(runs) / n:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
