"""News-coverage comparison kit: how outlets frame, judge and source the same event.

The public API, one module per concept: ``corpus`` (captures -> tidy tables, problems),
``text`` (sentences, tokens), ``lexicons`` (every word list, as data), ``identity`` (one
notion of "the same person"), ``actors`` (each corpus's cast), ``sentiment`` (tone),
``quotes`` and ``sources`` (who gets to speak), ``framing`` and ``naming`` (frames,
distinctive words, labels), ``compare`` (shared, unique, omitted and disagreeing content),
``compare_outlets`` (outlets compared event by event across many events), ``summary``
(findings per event, the corpus summary), ``pipeline`` and ``tables`` (compute once, read many; pandas
or dask engine), ``viz`` (every figure; ``viz.base`` has the house style and ``save_figure``).
Importing the package reads no file and changes no global state.
"""

from analysis.actors import actor_table, choose_actors, corpus_actors, discover_actors
from analysis.compare import (
    align,
    alignment_table,
    counterparts,
    coverage_overlap,
    extract_numbers,
    number_discrepancies,
    omissions,
    quote_fidelity,
    unique_content,
)
from analysis.compare_outlets import compare_outlets
from analysis.corpus import (
    Corpus,
    CorpusFolderError,
    ManifestError,
    check_corpus_dir,
    english_only,
    load_corpus,
    parse_article,
    problems_by_kind,
)
from analysis.framing import (
    FRAMES,
    distinctive_terms,
    frame_evidence,
    frame_examples,
    frame_presence,
    frame_profile,
    frame_scores,
)
from analysis.identity import canonical_names, gender_of, parse_name, person_id
from analysis.naming import choose_terms, conflict_agents, kwic, naming_table, read_terms, terms_for_corpus
from analysis.pipeline import run
from analysis.quotes import COLUMNS as QUOTE_COLUMNS
from analysis.quotes import cue_lemma, extract_quotes
from analysis.sentiment import (
    actor_mentions,
    article_actor_tone,
    extreme_sentences,
    format_p,
    score_sentences,
    sentence_tone,
    summarize_tone,
    tone_findings,
    tone_findings_by,
    toward,
)
from analysis.sources import (
    corpus_quotes,
    extract_corpus_quotes,
    load_sides,
    quoted_sources,
    resolve_speakers,
    share_of_voice,
    speaker_table,
    verb_profile,
)
from analysis.speaker_names import clean_speaker
from analysis.summary import across_events_text
from analysis.tables import Tables, build_tables, load_tables
from analysis.text import (
    content_words,
    count_words,
    normalize,
    sentence_spans,
    split_sentences,
    token_spans,
    tokenize,
)
from analysis.viz.base import category_colors, outlet_colors, save_figure, style

__all__ = [
    "FRAMES",
    "QUOTE_COLUMNS",
    "Corpus",
    "CorpusFolderError",
    "ManifestError",
    "Tables",
    "across_events_text",
    "actor_mentions",
    "actor_table",
    "align",
    "alignment_table",
    "article_actor_tone",
    "build_tables",
    "canonical_names",
    "category_colors",
    "check_corpus_dir",
    "compare_outlets",
    "choose_actors",
    "choose_terms",
    "conflict_agents",
    "content_words",
    "corpus_actors",
    "clean_speaker",
    "corpus_quotes",
    "count_words",
    "counterparts",
    "coverage_overlap",
    "cue_lemma",
    "discover_actors",
    "distinctive_terms",
    "english_only",
    "extract_corpus_quotes",
    "extract_numbers",
    "extract_quotes",
    "extreme_sentences",
    "format_p",
    "frame_evidence",
    "frame_examples",
    "frame_presence",
    "frame_profile",
    "frame_scores",
    "gender_of",
    "kwic",
    "load_corpus",
    "load_sides",
    "load_tables",
    "naming_table",
    "normalize",
    "number_discrepancies",
    "omissions",
    "outlet_colors",
    "parse_article",
    "parse_name",
    "person_id",
    "problems_by_kind",
    "quote_fidelity",
    "quoted_sources",
    "read_terms",
    "resolve_speakers",
    "run",
    "save_figure",
    "score_sentences",
    "sentence_spans",
    "sentence_tone",
    "share_of_voice",
    "speaker_table",
    "split_sentences",
    "style",
    "summarize_tone",
    "terms_for_corpus",
    "tone_findings",
    "tone_findings_by",
    "token_spans",
    "tokenize",
    "toward",
    "unique_content",
    "verb_profile",
]
