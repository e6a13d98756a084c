"""Derived tables: everything a notebook shows that is costly to compute, computed once.

One registry (:data:`REGISTRY`, in computing order) maps a table name to a pure function of
the pipeline's tables (a mapping ``name -> DataFrame``, which also holds the derived tables
registered before it) returning one DataFrame. :func:`derived_tables` computes them all;
:func:`analysis.tables.build_tables` writes them as Parquet next to the pipeline's tables
(listed in the manifest, read back through :class:`analysis.tables.Tables`) and
:func:`analysis.pipeline.run` returns them with the others. The notebooks then read, filter
and plot.

A function's keyword options (``min_count``, ``actors_file``, ...) have the defaults the
tables hold. A notebook whose parameter differs from that default gets, from
:func:`with_options`, a view in which the tables that take it are computed in the notebook
(a printed note says so); otherwise it reads the stored tables.
The functions are those the notebooks called before, with the same seeds, so every number
shown is unchanged (``tests/test_derived.py`` compares them).
"""

from __future__ import annotations

import inspect
import re
import warnings
from collections import ChainMap
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.corpus import english_only


@dataclass(frozen=True)
class Derived:
    """One derived table: its ``name``, the ``func`` that computes it and the option
    defaults the stored table was computed with (from the function's signature).

    For computing the tables in parallel (:func:`derived_groups`): ``reads``, the tables
    (pipeline or derived) the function reads; ``shares``, the name of an intermediate result
    it computes once with other tables (kept in ``tables``, so they are computed together);
    ``recompute``, cheap enough to be computed again in every task that reads it rather
    than tie those tasks together; ``cost``, its rough share of the work (CPU seconds of the
    table alone, measured in one warm process on the real-news benchmark corpus of
    ``scripts/bench.py``), used only to start the largest tasks first and to pack small groups
    into one task (:func:`pack_groups`)."""

    name: str
    func: Callable[..., pd.DataFrame]
    defaults: dict = field(default_factory=dict)
    reads: tuple[str, ...] = ()
    shares: str | None = None
    recompute: bool = False
    cost: float = 0.0


#: name -> :class:`Derived`, in computing order (a table may read those registered before it)
REGISTRY: dict[str, Derived] = {}


def _register(name: str, *, reads: tuple[str, ...] = (), cost: float = 0.0, shares: str | None = None,
              recompute: bool = False):
    def add(func: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        params = inspect.signature(func).parameters.values()
        defaults = {p.name: p.default for p in params if p.kind is p.KEYWORD_ONLY and p.name != "corpus_dir"}
        REGISTRY[name] = Derived(name, func, defaults, reads=reads, shares=shares, recompute=recompute, cost=cost)
        return func

    return add


def _english(tables: Mapping) -> pd.DataFrame:
    """The English articles, renumbered 0..n-1 (as ``Corpus.english().articles``)."""
    return english_only(tables["articles"]).reset_index(drop=True)


def _split_once(tables: Mapping):
    """A context in which the text tables take the English articles' sentence spans from the
    ``sentences`` table instead of splitting every text again
    (:func:`analysis.framing.base.known_sentences`). An article's spans are taken only when its
    paragraphs are the text's blocks between blank lines, as splitting would find them, so
    they are the spans splitting gives; the others are split as before. Each sentence's word
    tokens are kept too (``_sentence_words``, filled as the tables ask for them), so the
    distinctive terms, the choice of terms and the collocations tokenize it once between them."""
    from analysis.framing.base import known_sentences

    if "_sentence_spans" not in tables:
        spans = {}
        if "sentences" in tables and "paragraphs" in tables:
            english = _english(tables)
            ids = set(english["article_id"])
            paragraphs: dict = {}
            para = tables["paragraphs"]
            for doc, text, start in zip(para["article_id"], para["text"], para["start"], strict=True):
                if doc in ids:
                    paragraphs.setdefault(doc, []).append((int(start), str(text)))
            found: dict = {}
            sent = tables["sentences"]
            for doc, start, end in zip(sent["article_id"], sent["start"], sent["end"], strict=True):
                if doc in ids:
                    found.setdefault(doc, []).append((int(start), int(end)))
            for doc, text in zip(english["article_id"], english["text"].fillna("").astype(str), strict=True):
                if _blocks(text) == paragraphs.get(doc, []):
                    spans[text] = found.get(doc, [])
        if not isinstance(tables, MutableMapping):
            return known_sentences(spans, {})
        tables["_sentence_spans"] = spans
        tables["_sentence_words"] = {}
    return known_sentences(tables["_sentence_spans"], tables["_sentence_words"])


def _blocks(text: str) -> list[tuple[int, str]]:
    """``(offset, block)`` of the text between blank lines, as the sentence splitter sees it."""
    out, pos = [], 0
    for block in re.split(r"(\n\s*\n)", text):
        if block and not block.isspace():
            out.append((pos, block))
        pos += len(block)
    return out


# ---------------------------------------------------------------------------------------
# Tone (notebook 02)
# ---------------------------------------------------------------------------------------
@_register("tone_sentences", reads=("sentences", "articles", "quotes"), cost=0.08, recompute=True)
def tone_sentences(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per sentence of the English articles: tone (VADER, AFINN), outlet, event and
    quoted speech vs narration (:func:`analysis.sentiment.sentence_tone` with the quotes)."""
    from analysis.sentiment import sentence_tone

    return sentence_tone(tables["sentences"], tables["articles"], quotes=tables["quotes"])


@_register("tone_outlet", reads=("tone_sentences",), cost=0.34)
def tone_outlet(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per outlet: sentence tone with 95% bootstrap CIs (:func:`~analysis.sentiment.summarize_tone`)."""
    from analysis.sentiment import summarize_tone

    return summarize_tone(tables["tone_sentences"], by="outlet")


@_register("tone_outlet_article", reads=("tone_sentences",), cost=0.34)
def tone_outlet_article(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (outlet, article): sentence tone with 95% bootstrap CIs (500 resamples)."""
    from analysis.sentiment import summarize_tone

    return summarize_tone(tables["tone_sentences"], by=["outlet", "article_id"], n_boot=500)


@_register("tone_outlet_speech", reads=("tone_sentences",), cost=0.36)
def tone_outlet_speech(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (outlet, speech): tone of quoted speech vs narration with 95% bootstrap CIs."""
    from analysis.sentiment import summarize_tone

    return summarize_tone(tables["tone_sentences"], by=["outlet", "speech"])


def _findings_rows(tables: Mapping, lexicons: Mapping[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``tone_findings`` and ``tone_pairs``, computed once for both (kept in ``tables``)."""
    from analysis.sentiment import tone_findings

    if "_tone_findings" in tables:
        return tables["_tone_findings"]
    scored = tables["tone_sentences"]
    rows, pairs = [], []
    for name, col in lexicons.items():
        found = tone_findings(scored, group_col="outlet", value_col=col)
        omnibus = found["omnibus"]
        rows.append({"lexicon": name, "text": found["text"], "p_omnibus": omnibus["p_value"],
                     "method": omnibus["method"], "statistic": omnibus["statistic"], "n": omnibus["n"],
                     "differ": "|".join(found["differ"]), "most_negative": found["most_negative"],
                     "most_positive": found["most_positive"]})
        pairs.append(found["pairwise"].assign(lexicon=name))
    result = pd.DataFrame(rows), pd.concat(pairs, ignore_index=True)
    if isinstance(tables, MutableMapping):
        tables["_tone_findings"] = result
    return result


_LEXICONS = {"VADER": "compound", "AFINN": "afinn_compound"}


@_register("tone_findings", reads=("tone_sentences",), cost=0.13, shares="_tone_findings")
def tone_findings_table(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per lexicon (VADER, AFINN): which outlets differ in sentence tone, an omnibus
    permutation test then Holm-corrected pairs (:func:`analysis.sentiment.tone_findings`);
    ``text`` is the finding in words."""
    return _findings_rows(tables, _LEXICONS)[0]


@_register("tone_pairs", reads=("tone_sentences",), cost=0.0, shares="_tone_findings")
def tone_pairs(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (lexicon, pair of outlets): the pairwise permutation tests behind
    ``tone_findings`` with Holm-adjusted ``p_holm`` and ``differs``."""
    return _findings_rows(tables, _LEXICONS)[1]


@_register("tone_by_event", reads=("tone_sentences",), cost=1.77)
def tone_by_event(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per event: the tone comparison between its outlets
    (:func:`analysis.sentiment.tone_findings_by`, sentences as units)."""
    from analysis.sentiment import tone_findings_by

    return tone_findings_by(tables["tone_sentences"], by="event")


@_register("tone_lexicons", reads=("tone_sentences", "tone_outlet"), cost=0.33)
def tone_lexicons(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (lexicon, outlet): VADER and AFINN outlet tone with bootstrap CIs
    (:func:`analysis.sentiment.compare_lexicons`; VADER's rows are ``tone_outlet``)."""
    from analysis.sentiment import compare_lexicons

    return compare_lexicons(tables["tone_sentences"], by="outlet", computed={"compound": tables["tone_outlet"]})


# ---------------------------------------------------------------------------------------
# Actors (notebook 02)
# ---------------------------------------------------------------------------------------
@_register("actor_cast", reads=("articles",), cost=1.39)
def actor_cast(tables: Mapping, *, corpus_dir=None, actors_file: str = "") -> pd.DataFrame:
    """One row per actor of the cast whose tone is followed (:func:`analysis.actors.choose_actors`:
    ``actors_file``, else the corpus folder's ``actors.csv``, else the 15 most mentioned), with
    ``source``, where the cast came from."""
    from analysis.actors import choose_actors

    actors, source = choose_actors(_english(tables), corpus_dir=corpus_dir, actors_file=actors_file or None, top=15)
    return actors.assign(source=source)


def cast_source(cast: pd.DataFrame) -> str:
    """Where the cast of :func:`actor_cast` came from, for captions."""
    if len(cast):
        return str(cast["source"].iloc[0])
    return "no actor list in the corpus folder and no actor discovered"


def _score_once(tables: Mapping):
    """A context in which the tables that score actor mentions (``actor_mentions``,
    ``outlet_comparisons``) score each mention once between them
    (:func:`analysis.sentiment.mentions.shared_mention_scores`; the scores are kept in ``tables``)."""
    from analysis.sentiment.mentions import shared_mention_scores

    if not isinstance(tables, MutableMapping):
        return shared_mention_scores({})
    if "_mention_scores" not in tables:
        tables["_mention_scores"] = {}
    return shared_mention_scores(tables["_mention_scores"])


@_register("actor_mentions", reads=("actor_cast", "tone_sentences"), cost=0.72)
def actor_mentions(tables: Mapping, *, corpus_dir=None, actors_file: str = "") -> pd.DataFrame:
    """One row per mention of a cast actor in an English sentence, with the tone toward it
    (:func:`analysis.sentiment.actor_mentions`). Takes the option of ``actor_cast``."""
    from analysis.sentiment import actor_mentions as mentions_of

    cast = tables["actor_cast"]
    with _score_once(tables):
        return mentions_of(tables["tone_sentences"], cast.drop(columns=["source"], errors="ignore"))


@_register("actor_tone_outlet", reads=("actor_mentions",), cost=0.28)
def actor_tone_outlet(tables: Mapping, *, corpus_dir=None, actors_file: str = "") -> pd.DataFrame:
    """One row per (outlet, actor): mean tone toward the actor with 95% bootstrap CIs over
    the sentences that mention it. Takes the option of ``actor_cast``."""
    from analysis.sentiment import summarize_tone

    mentions = tables["actor_mentions"]
    return summarize_tone(mentions, by=["outlet", "actor"], value_col="tone", unit_cols=["article_id", "sent_id"])


@_register("actor_article_tone", reads=("actor_mentions", "tone_sentences"), cost=0.2)
def actor_article_tone(tables: Mapping, *, corpus_dir=None, actors_file: str = "") -> pd.DataFrame:
    """One row per (article, actor): the article's tone toward the actor
    (:func:`analysis.sentiment.article_actor_tone`). Takes the option of ``actor_cast``."""
    from analysis.sentiment import article_actor_tone

    mentions = tables["actor_mentions"]
    return article_actor_tone(mentions, sentences=tables["tone_sentences"])


# ---------------------------------------------------------------------------------------
# Sources (notebook 03)
# ---------------------------------------------------------------------------------------
@_register("speakers", reads=("quotes",), cost=0.08)
def speakers(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per speaker (:func:`analysis.sources.speaker_table`)."""
    from analysis.sources import speaker_table

    return speaker_table(tables["quotes"])


@_register("quoted_sources", reads=("quotes",), cost=0.21)
def quoted_sources(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (outlet, speaker): attributions and quoted words (:func:`analysis.sources.quoted_sources`)."""
    from analysis.sources import quoted_sources as who

    return who(tables["quotes"])


# ---------------------------------------------------------------------------------------
# Framing and naming (notebook 04)
# ---------------------------------------------------------------------------------------
@_register("distinctive_terms", reads=("articles", "paragraphs", "sentences"), cost=2.84)
def distinctive_terms(tables: Mapping, *, corpus_dir=None, min_count: int = 2) -> pd.DataFrame:
    """One row per (outlet, term) over the events two or more outlets cover: log-odds with an
    informative Dirichlet prior (:func:`analysis.framing.distinctive_terms`); empty when no
    event has two outlets."""
    from analysis.framing import distinctive_terms as scored_terms

    english = _english(tables)
    shared = english[english.groupby("event", dropna=False)["outlet"].transform("nunique") >= 2]
    if shared["outlet"].nunique() < 2:
        return pd.DataFrame()
    with _split_once(tables):
        scored = scored_terms(shared, text_col="text", group_col="outlet", min_count=min_count)
    if len(shared) == len(english) and min_count <= 2 and isinstance(tables, MutableMapping):
        # every English article is in an event two outlets cover: these are the scores
        # naming_terms would compute to choose its terms (naming.choose_terms(scored=...))
        tables["_english_terms"] = scored
    return scored


@_register("distinctive_terms_shown", reads=("distinctive_terms",), cost=0.5)
def distinctive_terms_shown(tables: Mapping, *, corpus_dir=None, min_count: int = 2, top_k: int = 12) -> pd.DataFrame:
    """One row per (outlet, term) that notebook 04 shows, from ``distinctive_terms``: per outlet the
    terms its Fightin' Words figure draws and the highest-z terms it lists
    (:func:`analysis.framing.shown_terms`, at least ``top_k``), so the notebook does not read
    the whole vocabulary."""
    from analysis.framing import SHOWN_TOP, shown_terms

    return shown_terms(tables["distinctive_terms"], k=max(SHOWN_TOP, top_k))


@_register("frame_examples", reads=("articles", "paragraphs", "sentences"), cost=0.91)
def frame_examples(tables: Mapping, *, corpus_dir=None, examples_per_frame: int = 3) -> pd.DataFrame:
    """One row per (outlet, frame, example sentence): the sentences with most codebook cues
    (:func:`analysis.framing.frame_evidence` then :func:`~analysis.framing.frame_examples`)."""
    from analysis import framing

    english = _english(tables)
    with _split_once(tables):
        evidence = framing.frame_evidence(english, text_col="text", id_col="article_id")
    return framing.frame_examples(evidence, english, group_col="outlet", per_frame=examples_per_frame)


def _english_frames(tables: Mapping) -> pd.DataFrame:
    frames = tables["frames"]
    return frames[frames["article_id"].isin(_english(tables)["article_id"])]


@_register("frame_prevalence", reads=("articles", "frames"), cost=0.2)
def frame_prevalence(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (outlet, frame): estimated share of the outlet's articles carrying the frame,
    with a bootstrap CI (:func:`analysis.framing.frame_prevalence`)."""
    from analysis.framing import frame_prevalence as prevalence

    return prevalence(_english_frames(tables), group_col="outlet")


def _frame_findings(tables: Mapping) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``frame_tests`` and ``frame_pairs``, computed once for both (kept in ``tables``)."""
    from analysis.framing import frame_findings

    if "_frame_findings" in tables:
        return tables["_frame_findings"]
    result = frame_findings(_english_frames(tables), group_col="outlet")
    if isinstance(tables, MutableMapping):
        tables["_frame_findings"] = result
    return result


@_register("frame_tests", reads=("articles", "frames"), cost=1.03, shares="_frame_findings")
def frame_tests(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per frame: which outlets differ in how often they use it, an omnibus permutation
    test then Holm-corrected pairs (:func:`analysis.framing.frame_findings`); ``text`` in words."""
    return _frame_findings(tables)[0]


@_register("frame_pairs", reads=("articles", "frames"), cost=0.0, shares="_frame_findings")
def frame_pairs(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (frame, pair of outlets): the pairwise tests behind ``frame_tests``."""
    return _frame_findings(tables)[1]


@_register("naming_terms", reads=("articles", "paragraphs", "sentences", "distinctive_terms"), cost=2.7,
           shares="_name_forms")
def naming_terms(tables: Mapping, *, corpus_dir=None, kwic_terms: str = "", terms_file: str = "") -> pd.DataFrame:
    """One row per term read in context and in the naming table (:func:`analysis.naming.terms_for_corpus`:
    ``kwic_terms``, else ``terms_file``, else the corpus folder's ``terms.csv``, else chosen)."""
    from analysis.naming import TERMS_FILE, terms_for_corpus

    # the name forms are read only when the terms are chosen from the corpus
    given = (any(t.strip() for t in kwic_terms.split(",")) or terms_file
             or (corpus_dir is not None and (Path(corpus_dir) / TERMS_FILE).is_file()))
    # the distinctive terms of the English articles, when that table holds them (see distinctive_terms)
    scored = None if given or "_english_terms" not in tables else tables["_english_terms"]
    with _split_once(tables):
        return terms_for_corpus(_english(tables), corpus_dir, kwic_terms, terms_file=terms_file,
                                text_col="text", group_col="outlet", forms=None if given else _name_forms(tables),
                                scored=scored)


@_register("naming", reads=("articles", "naming_terms", "paragraphs", "sentences"), cost=0.23)
def naming(tables: Mapping, *, corpus_dir=None, kwic_terms: str = "", terms_file: str = "") -> pd.DataFrame:
    """One row per (concept, variant) with two or more competing names: uses per outlet and
    examples (:func:`analysis.naming.naming_table`). Takes the options of ``naming_terms``."""
    from analysis.naming import naming_table, variants_from_terms

    chosen = tables["naming_terms"]
    variants = {c: t for c, t in variants_from_terms(chosen).items() if len(t) >= 2}
    with _split_once(tables):
        return naming_table(_english(tables), text_col="text", group_col="outlet", variants=variants)


@_register("name_forms", reads=("articles", "paragraphs", "sentences"), cost=0.02, shares="_name_forms")
def name_forms(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (head, name form): uses per outlet (:func:`analysis.naming.name_form_table`)."""
    from analysis.naming import name_form_table

    return name_form_table(_name_forms(tables), group_col="outlet")


def _name_forms(tables: Mapping) -> pd.DataFrame:
    """The name forms of the English articles (:func:`analysis.naming.name_forms`), read once for
    ``naming_terms`` and ``name_forms`` (kept in ``tables``)."""
    from analysis.naming import name_forms as forms_of

    if "_name_forms" in tables:
        return tables["_name_forms"]
    with _split_once(tables):
        forms = forms_of(_english(tables), None, text_col="text", group_col="outlet", id_col="article_id")
    if isinstance(tables, MutableMapping):
        tables["_name_forms"] = forms
    return forms


@_register("collocations", reads=("articles", "paragraphs", "sentences"), cost=0.81)
def collocations(tables: Mapping, *, corpus_dir=None, top_k: int = 12) -> pd.DataFrame:
    """One row per (outlet, bigram): the ``top_k`` collocations most distinctive of each outlet
    (:func:`analysis.naming.collocation_differences`, words seen twice or more)."""
    from analysis.naming import collocation_differences

    with _split_once(tables):
        return collocation_differences(_english(tables), text_col="text", group_col="outlet", min_freq=2,
                                       top_n=top_k)


@_register("kwic", reads=("articles", "naming_terms"), cost=0.06)
def kwic(tables: Mapping, *, corpus_dir=None, kwic_terms: str = "", terms_file: str = "") -> pd.DataFrame:
    """One row per (term, line): keyword in context, outlets side by side
    (:func:`analysis.naming.kwic_side_by_side`, 3 lines per outlet) for the first 20 terms of
    ``naming_terms``; empty when there is none. Takes the options of ``naming_terms``."""
    from analysis.naming import kwic as kwic_lines
    from analysis.naming import kwic_side_by_side

    chosen = tables["naming_terms"]
    terms = chosen["term"].drop_duplicates().head(20).tolist() if len(chosen) else []
    if not terms:
        return pd.DataFrame()
    lines = kwic_lines(_english(tables), terms, text_col="text", group_col="outlet", id_col="article_id")
    return kwic_side_by_side(lines, group_col="outlet", max_lines=3)


@_register("conflict_agents", reads=("articles", "paragraphs", "sentences"), cost=0.61)
def conflict_agents(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per conflict verb with its doer (:func:`analysis.naming.conflict_agents`)."""
    from analysis.naming import conflict_agents as agents_of

    with _split_once(tables):
        return agents_of(_english(tables), text_col="text", group_col="outlet", id_col="article_id")


# ---------------------------------------------------------------------------------------
# Coverage (notebook 05)
# ---------------------------------------------------------------------------------------
def _english_alignment(tables: Mapping, english: pd.DataFrame) -> pd.DataFrame:
    alignment = tables["alignment"]
    return alignment[alignment["article_id"].isin(english["article_id"])]


@_register("numbers", reads=("articles", "sentences"), cost=0.88)
def numbers(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per quantity with a unit in an English sentence (:func:`analysis.compare.extract_numbers`)."""
    from analysis.compare import extract_numbers

    english = set(_english(tables)["article_id"])
    sentences = tables["sentences"]
    return extract_numbers(sentences[sentences["article_id"].isin(english)])


@_register("discrepancies", reads=("articles", "numbers"), cost=3.06)
def discrepancies(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per pair of sentences of two outlets whose figures disagree, the most similar
    first (:func:`analysis.compare.number_discrepancies`)."""
    from analysis.compare import number_discrepancies

    return number_discrepancies(tables["numbers"], _english(tables))


@_register("omissions", reads=("alignment", "articles"), cost=0.47)
def omissions(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (fact, outlet that covered the event but left the fact out)
    (:func:`analysis.compare.omissions`)."""
    from analysis.compare import omissions as left_out

    english = _english(tables)
    return left_out(_english_alignment(tables, english), english)


@_register("quote_fidelity", reads=("articles", "quotes"), cost=0.41)
def quote_fidelity(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per pair of outlets' renderings of the same quotation (:func:`analysis.compare.quote_fidelity`)."""
    from analysis.compare import quote_fidelity as fidelity

    return fidelity(tables["quotes"], _english(tables))


def grid_pair(alignment: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The two articles whose sentences notebook 05 draws against each other: in the event with
    most aligned sentences, the longest article of each of its first two outlets (0-2 rows of
    ``articles``)."""
    if alignment.empty:
        return articles.iloc[0:0]
    sizes = alignment.groupby("event")[["article_id", "sent_id"]].apply(lambda d: len(d.drop_duplicates()))
    top = list(sizes.sort_values(ascending=False).index[:1])
    return (articles[articles["event"].isin(top)]
            .sort_values(["outlet", "n_words"], ascending=[True, False]).drop_duplicates("outlet").head(2))


@_register("similarity_grid", reads=("alignment", "articles", "sentences"), cost=0.09)
def similarity_grid(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per (sentence of article A, sentence of article B) for the pair of :func:`grid_pair`:
    similarity and features (:func:`analysis.compare.similarity_grid`), with ``article_a`` and
    ``article_b``; empty when no event has two outlets."""
    from analysis.compare import similarity_grid as grid_of

    english = _english(tables)
    pair = grid_pair(_english_alignment(tables, english), english)
    if len(pair) < 2:
        return pd.DataFrame()
    a, b = pair["article_id"].iloc[0], pair["article_id"].iloc[1]
    sentences = tables["sentences"]
    return grid_of(sentences[sentences["article_id"].isin({a, b})], a, b).assign(article_a=a, article_b=b)


# ---------------------------------------------------------------------------------------
# Summary (notebook 06): each event's dashboard parts, stacked with an ``event`` column
# ---------------------------------------------------------------------------------------
#: the intermediate the ``event_*`` tables share: every event's dashboard parts
EVENT_PARTS_KEY = "_event_parts"


def event_names(articles: pd.DataFrame) -> list:
    """The events of the ``event_*`` tables (those with English articles), in name order."""
    from analysis.summary import events_by_coverage

    return sorted(events_by_coverage(articles)["event"])


def event_parts(tables: Mapping, event) -> dict[str, pd.DataFrame | None]:
    """One event's rows of each ``event_*`` table, keyed by part (``tone``, ..., ``findings``),
    each with its ``event`` column (None: no such part for this event); the tables are these
    stacked over :func:`event_names` (:func:`stack_event_parts`), so they can be computed
    event by event in any process."""
    from analysis.summary import EVENT_PARTS, compute_event_tables

    parts = compute_event_tables(tables, event)
    # frame_findings is None without presence probabilities
    out = {name: None if parts[name] is None else parts[name].assign(event=event) for name in EVENT_PARTS}
    found = parts["findings"]
    out["findings"] = pd.DataFrame([{
        "event": event, "text": found["text"] if found else None,
        "p_omnibus": found["omnibus"]["p_value"] if found else float("nan")}])
    return out


#: the tables :func:`event_parts` reads only the event's English articles' rows of (so an event's
#: task can be sent those rows alone; ``articles`` it reads whole)
EVENT_ROW_TABLES = ("sentences", "frames", "quotes", "alignment")


def stack_event_parts(per_event: list[dict[str, pd.DataFrame | None]]) -> dict[str, pd.DataFrame]:
    """The ``event_*`` tables (keyed by part) from :func:`event_parts` of each event, in event order."""
    from analysis.summary import EVENT_PARTS

    return {name: _stack([p[name] for p in per_event if p[name] is not None]) for name in (*EVENT_PARTS, "findings")}


def _event_parts(tables: Mapping, part: str) -> pd.DataFrame:
    if EVENT_PARTS_KEY not in tables:
        result = stack_event_parts([event_parts(tables, event) for event in event_names(tables["articles"])])
        if not isinstance(tables, MutableMapping):
            return result[part]
        tables[EVENT_PARTS_KEY] = result
    return tables[EVENT_PARTS_KEY][part]


def _stack(frames: list[pd.DataFrame]) -> pd.DataFrame:
    full = [f for f in frames if len(f)]
    out = pd.concat(full, ignore_index=True) if full else pd.DataFrame(columns=["event"])
    return out[["event", *[c for c in out.columns if c != "event"]]]


def _event_table(part: str, unit: str) -> Callable[..., pd.DataFrame]:
    def table(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
        return _event_parts(tables, part)

    table.__doc__ = (f"{unit}: the ``{part}`` of each event's dashboard "
                     f"(:func:`analysis.summary.event_tables`, 2,000 permutations, seed 0).")
    table.__name__ = f"event_{part}"
    return table


for _part, _unit in (("findings", "One row per event"), ("tone", "One row per (event, outlet)"),
                     ("frames", "One row per (event, outlet, frame)"),
                     ("frame_findings", "One row per (event, frame)"),
                     ("voices", "One row per (event, outlet, side)"), ("coverage", "One row per (event, outlet)"),
                     ("discrepancies", "One row per (event, disagreeing sentence pair)"),
                     ("evidence", "One row per (event, outlet, side, rank)")):
    _register(f"event_{_part}", reads=("articles", "sentences", "frames", "quotes", "alignment"),
              cost=7.0 if _part == "findings" else 0.0, shares=EVENT_PARTS_KEY)(_event_table(_part, _unit))


@_register("outlet_comparisons", reads=("articles", "sentences", "quotes", "frames", "alignment", "actors"),
           cost=2.18)
def outlet_comparisons(tables: Mapping, *, corpus_dir=None, top_actors: int = 12, n_perm: int = 2000) -> pd.DataFrame:
    """One row per (measure, target, pair of outlets): paired-by-event comparisons over all events
    (:func:`analysis.compare_outlets.compare_outlets`, the ``top_actors`` actors named in most events,
    ``n_perm`` permutations, seed 0)."""
    from analysis.compare_outlets import compare_outlets

    with _score_once(tables):
        return compare_outlets(tables, top_actors=top_actors, n_perm=n_perm, seed=0)


@_register("outlet_overview", reads=("articles", "sentences", "quotes"), cost=0.03)
def outlet_overview(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per outlet over the whole corpus (:func:`analysis.summary.outlet_overview`)."""
    from analysis.summary import outlet_overview as overview

    return overview(tables)


@_register("corpus_tone_findings", reads=("articles", "sentences"), cost=0.1)
def corpus_tone_findings(tables: Mapping, *, corpus_dir=None) -> pd.DataFrame:
    """One row per corpus: the tone comparison over every outlet and all events, sentences grouped by article
    (:func:`analysis.summary.corpus_tone_findings`, 2,000 permutations, seed 0): ``text`` (what
    :func:`analysis.summary.corpus_findings` prints), ``p_omnibus``, ``powered``."""
    from analysis.summary import corpus_tone_findings as findings

    found = findings(tables)
    if found is None:
        return pd.DataFrame(columns=["text", "p_omnibus", "powered"])
    return pd.DataFrame([{"text": found["text"], "p_omnibus": float(found["omnibus"]["p_value"]),
                          "powered": bool(found["powered"])}])


# ---------------------------------------------------------------------------------------
# Computing and reading
# ---------------------------------------------------------------------------------------
def derived_tables(tables: Mapping[str, pd.DataFrame], *, corpus_dir: str | Path | None = None,
                   names: list[str] | None = None, progress: bool = False) -> dict[str, pd.DataFrame]:
    """Every derived table of :data:`REGISTRY` (or those in ``names``) from the pipeline's
    ``tables``, with default options; ``corpus_dir`` is where ``actors.csv`` and
    ``terms.csv`` are looked for. Pure: the input is not changed. Without English articles every
    table is empty; a table that cannot be computed on this corpus (an empty cast, ...) is left
    empty with a warning naming it and the reason, and the others are still computed. ``progress``
    shows a bar over the tables."""
    work: dict = {}
    out: dict[str, pd.DataFrame] = {}
    inputs = ChainMap(work, tables)
    english = len(_english(tables)) > 0
    chosen = [name for name in REGISTRY if names is None or name in names]
    if progress:
        import sys

        from tqdm import tqdm

        chosen = tqdm(chosen, desc="derived tables", unit="table", file=sys.stdout)
    for name in chosen:
        spec = REGISTRY[name]
        if not english:  # nothing to analyse (the report stops with a message naming the corpus)
            work[name] = out[name] = pd.DataFrame()
            continue
        try:
            work[name] = out[name] = spec.func(inputs, corpus_dir=corpus_dir)
        except (ValueError, KeyError, TypeError, OSError) as exc:
            # one table that cannot be computed on this corpus never stops the run
            warnings.warn(f"derived table {name} left empty: {type(exc).__name__}: {exc}", stacklevel=2)
            work[name] = out[name] = pd.DataFrame()
    return out


def needed_tables(names: list[str] | tuple[str, ...]) -> list[str]:
    """``names`` and every derived table they read, directly or not, in registry order:
    what :func:`derived_tables` must compute to give ``names``."""
    todo, seen = list(names), set()
    while todo:
        name = todo.pop()
        if name in REGISTRY and name not in seen:
            seen.add(name)
            todo.extend(REGISTRY[name].reads)
    return [name for name in REGISTRY if name in seen]


def input_tables(names: list[str] | tuple[str, ...]) -> list[str]:
    """The pipeline's tables that computing ``names`` reads (sorted)."""
    return sorted({dep for name in needed_tables(names) for dep in REGISTRY[name].reads if dep not in REGISTRY})


def derived_groups(names: list[str] | None = None) -> list[tuple[str, ...]]:
    """The derived tables of :data:`REGISTRY` (or those in ``names``) as groups that can be
    computed apart, each in any process: tables that read another derived table, or share an
    intermediate with one, are in its group, except tables marked ``recompute`` (cheap,
    computed again by each group that reads them: see :func:`needed_tables`). Each group lists
    its tables in registry order; the groups come largest first (by ``cost``), then in
    registry order. Computing each group with :func:`derived_tables` (``names`` =
    :func:`needed_tables` of the group) gives the same tables as computing them all at once."""
    chosen = [name for name in REGISTRY if names is None or name in names]
    root = {name: name for name in chosen}

    def find(name: str) -> str:
        while root[name] != name:
            name = root[name]
        return name

    def join(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:  # the group is named for its first table in registry order
            first, second = sorted((ra, rb), key=chosen.index)
            root[second] = first

    sharing: dict[str, str] = {}
    for name in chosen:
        spec = REGISTRY[name]
        for dep in spec.reads:
            if dep in root and not REGISTRY[dep].recompute:
                join(name, dep)
        if spec.shares:
            join(name, sharing.setdefault(spec.shares, name))
    groups: dict[str, list[str]] = {}
    for name in chosen:
        groups.setdefault(find(name), []).append(name)
    ordered = sorted(groups.values(), key=lambda g: -sum(REGISTRY[n].cost for n in g))
    return [tuple(g) for g in ordered]


def pack_groups(groups: list[tuple[str, ...]], cap: float) -> list[tuple[str, ...]]:
    """Groups of derived tables (:func:`analysis.derived.derived_groups`) packed into tasks:
    largest first, each group joins the cheapest task that already reads every pipeline table
    it reads (:func:`analysis.derived.input_tables`) while the task's ``cost`` stays within
    ``cap``; otherwise it starts a task. A task computes its groups together, as one process
    computes them all (the tables it reads are read once, and ``tone_sentences`` and the
    sentence spans computed once), so the tables are the same; fewer, fuller tasks spend less
    on reading the same files again."""
    def cost(names) -> float:
        return sum(REGISTRY[n].cost for n in names)

    tasks: list[tuple[list[str], set[str]]] = []
    for group in sorted(groups, key=lambda g: -cost(g)):
        reads = set(input_tables(group))
        fits = [t for t in tasks if reads <= t[1] and cost(t[0]) + cost(group) <= cap]
        if fits:
            min(fits, key=lambda t: cost(t[0]))[0].extend(group)
        else:
            tasks.append((list(group), reads))
    order = list(REGISTRY)
    return [tuple(sorted(names, key=order.index)) for names, _ in tasks]


def option_defaults() -> dict:
    """Every option of the registry with the default the stored tables were computed with."""
    out: dict = {}
    for spec in REGISTRY.values():
        out.update(spec.defaults)
    return out


def with_options(tables: Mapping, *, corpus_dir: str | Path | None = None, **options) -> Mapping:
    """``tables`` as they would be with these notebook ``options``: ``tables`` itself when every
    option is its default (see :func:`option_defaults`), else a view in which the derived tables
    that take a changed option are computed here, in registry order (a printed note names them)."""
    defaults = option_defaults()
    unknown = sorted(set(options) - set(defaults))
    if unknown:
        raise TypeError(f"no derived table has the option {unknown[0]!r}; options: {', '.join(sorted(defaults))}")
    changed = {k: v for k, v in options.items() if v != defaults[k]}
    if not changed:
        return tables
    names = [name for name, spec in REGISTRY.items() if set(spec.defaults) & set(changed)]
    shown = ", ".join(f"{k}={v!r}" for k, v in changed.items())
    print(f"note: {shown} differs from the precomputed tables' default; computed here: {', '.join(names)}")
    work: dict = {}
    view = ChainMap(work, tables)
    for name in names:
        spec = REGISTRY[name]
        work[name] = spec.func(view, corpus_dir=corpus_dir, **{k: v for k, v in options.items() if k in spec.defaults})
    return view


__all__ = ["EVENT_PARTS_KEY", "EVENT_ROW_TABLES", "REGISTRY", "Derived", "cast_source", "derived_groups",
           "derived_tables", "event_names", "event_parts", "grid_pair", "input_tables", "needed_tables",
           "option_defaults", "pack_groups", "stack_event_parts", "with_options"]
