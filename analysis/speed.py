"""The floor a speed measurement is held against: bare read + sentence split + NLTK VADER.

Any tone analysis of a corpus must at least read each capture, split it into sentences and score
each sentence; :func:`floor` does exactly that with the plainest tools (bytes decoded as UTF-8,
paragraphs on blank lines, Punkt with no abbreviation list, NLTK's own ``SentimentIntensityAnalyzer``)
so `scripts/profile.py` and `scripts/bench.py` can state the pipeline's time as a multiple of it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path


def floor(files: Iterable[str | Path]) -> tuple[float, int]:
    """Seconds to read, split and VADER-score every file; and the number of sentences scored."""
    import importlib.resources

    import nltk
    from nltk.sentiment.vader import SentimentIntensityAnalyzer
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    folder = str(importlib.resources.files("vaderSentiment"))
    if folder not in nltk.data.path:
        nltk.data.path.append(folder)
    sia = SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")
    punkt = PunktSentenceTokenizer(PunktParameters())
    start = time.perf_counter()
    n = 0
    for path in files:
        text = Path(path).read_bytes().decode("utf-8", errors="replace")
        for para in text.split("\n\n"):
            for s, e in punkt.span_tokenize(para):
                sia.polarity_scores(para[s:e])
                n += 1
    return time.perf_counter() - start, n


__all__ = ["floor"]
