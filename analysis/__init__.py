"""News-coverage comparison kit: how outlets frame, judge and source the same event.

The public API, one module per concept: ``corpus`` (captures -> tidy tables), ``text``
(sentences, tokens), ``sentiment`` (tone), ``quotes`` and ``sources`` (who gets to speak),
``framing`` and ``naming`` (frames, distinctive words, labels), ``compare`` (shared, unique and
disagreeing content), ``summary`` (dashboard), ``pipeline`` (one call, pandas or dask engine),
``figures`` (house style and ``save_figure``). Importing the package does no I/O and changes
no global state.
"""

from analysis.compare import align, coverage_overlap, extract_numbers, number_discrepancies, unique_content
from analysis.corpus import Corpus, load_corpus, parse_article
from analysis.figures import outlet_colors, save_figure, style
from analysis.framing import distinctive_terms, frame_evidence, frame_presence, frame_scores
from analysis.naming import conflict_agents, kwic, naming_table
from analysis.pipeline import run
from analysis.quotes import extract_quotes
from analysis.sentiment import (
    actor_mentions,
    extreme_sentences,
    score_sentences,
    sentence_tone,
    summarize_tone,
    toward,
)
from analysis.sources import corpus_quotes, quoted_sources, share_of_voice, verb_profile
from analysis.text import (
    content_words,
    count_words,
    normalize,
    sentence_spans,
    split_sentences,
    token_spans,
    tokenize,
)

__all__ = [
    "Corpus",
    "actor_mentions",
    "align",
    "conflict_agents",
    "content_words",
    "corpus_quotes",
    "count_words",
    "coverage_overlap",
    "distinctive_terms",
    "extract_numbers",
    "extract_quotes",
    "extreme_sentences",
    "frame_evidence",
    "frame_presence",
    "frame_scores",
    "kwic",
    "load_corpus",
    "naming_table",
    "normalize",
    "number_discrepancies",
    "outlet_colors",
    "parse_article",
    "quoted_sources",
    "run",
    "save_figure",
    "score_sentences",
    "sentence_spans",
    "sentence_tone",
    "share_of_voice",
    "split_sentences",
    "style",
    "summarize_tone",
    "token_spans",
    "tokenize",
    "toward",
    "unique_content",
    "verb_profile",
]
