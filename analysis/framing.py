"""Framing: distinctive language per outlet and Semetko & Valkenburg's generic news frames.

Two families of measures live here.

* **Distinctive terms** (:func:`distinctive_terms`): which words and two-word phrases one outlet
  uses where the others do not. Weighted log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words", *Political Analysis* 16(4)) with z-scores,
  next to the signed chi-squared and G² keyness statistics of quanteda's ``textstat_keyness``
  (Benoit et al. 2018, *JOSS* 3(30)).
* **Generic frames** (:func:`frame_evidence`, :func:`frame_scores`, :func:`frame_presence`):
  cue phrases written from the codebook questions of Semetko & Valkenburg (2000, "Framing
  European politics", *Journal of Communication* 50(2), 93-109) for the conflict,
  responsibility, economic consequences, human interest and morality frames. Every cue hit is
  kept with its sentence and character offsets, so a frame score can always be traced back to
  the sentences behind it. Article-level presence is a logistic regression per frame over
  the cue counts (:func:`frame_features`), fitted on the Narrative Frames Corpus dev set
  (Frermann et al. 2023) and shipped as coefficients in ``analysis/data/frame_model.json``;
  ``scripts/validate_frames.py`` refits it and writes the cross-validated figures to
  ``docs/validation/framing.json``. Method and limits: ``docs/framing.md``.

The cue lists (``analysis/lexicons/frame_cues.csv``) are topic-general on purpose: they name
disagreement, blame, solutions, money, people and moral language, never the subject of a
particular story. :data:`FRAMES` is the one list of frame names for the whole package.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
from scipy import stats

from analysis import lexicons
from analysis.text import STOPWORDS, count_words, sentence_spans, tokenize
from analysis.validate import require_columns

_COLUMN_HINT = "Pass the right names with text_col=..., group_col=... or id_col=...."

#: The five generic frames, in the order every table and figure uses. The one copy in the package.
FRAMES: tuple[str, ...] = ("conflict", "responsibility", "economic", "human_interest", "morality")

# --- input checks --------------------------------------------------------------------


def _sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans over a whole text: paragraphs split on blank lines, then Punkt."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"(\n\s*\n)", text):
        if para and not para.isspace():
            spans.extend((pos + s, pos + e) for s, e in sentence_spans(para))
        pos += len(para)
    return spans


# --- distinctive terms -------------------------------------------------------------------


def _ngram_counts(texts: Iterable[str], *, n: int, drop_stopwords: bool) -> Counter:
    """Counts of n-grams built inside sentences (so no n-gram spans a sentence break)."""
    counts: Counter = Counter()
    for text in texts:
        for s, e in _sentences_of(text):
            toks = tokenize(text[s:e])
            if n == 1:
                grams = [t for t in toks if not (drop_stopwords and t in STOPWORDS)]
            else:
                grams = [
                    " ".join(toks[i : i + n])
                    for i in range(len(toks) - n + 1)
                    if not (
                        drop_stopwords and (toks[i] in STOPWORDS or toks[i + n - 1] in STOPWORDS)
                    )
                ]
            counts.update(grams)
    return counts


def _signed_keyness(
    a: np.ndarray, b: np.ndarray, n_target: float, n_reference: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Signed chi² (Yates) and G² (Williams) for 2x2 tables, as in quanteda textstat_keyness.

    a, b: counts of the term in target and reference; the other cells are the rest of each
    corpus. Sign is + when the target uses the term more than expected.
    """
    c = n_target - a
    d = n_reference - b
    total = a + b + c + d
    row1, row2 = a + b, c + d
    col1, col2 = a + c, b + d
    expected_a = row1 * col1 / total
    sign = np.where(a >= expected_a, 1.0, -1.0)
    # chi-squared with Yates' continuity correction
    diff = np.maximum(np.abs(a * d - b * c) - total / 2.0, 0.0)
    chi2 = total * diff**2 / (row1 * row2 * col1 * col2)
    # G2 = 2 * sum O ln(O/E), Williams (1976) correction q for a 2x2 table
    observed = np.stack([a, b, c, d])
    expected = np.stack(
        [row1 * col1, row1 * col2, row2 * col1, row2 * col2]
    ) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
    g2 = 2.0 * terms.sum(axis=0)
    q = 1.0 + (total / row1 + total / row2 - 1.0) * (total / col1 + total / col2 - 1.0) / (
        6.0 * total
    )
    g2 = g2 / q
    p = stats.chi2.sf(chi2, df=1)
    return sign * chi2, sign * g2, p


def distinctive_terms(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    ngrams: Sequence[int] = (1, 2),
    min_count: int = 2,
    drop_stopwords: bool = True,
    background: pd.DataFrame | Iterable[str] | None = None,
    background_text_col: str = "text",
    alpha0: float | None = None,
) -> pd.DataFrame:
    """Words and bigrams that set each group (outlet) apart from all the others.

    Unit of observation: one row per (group, n-gram). Each group is compared with the pooled
    rest of the corpus, so this works for two or for N outlets.

    Method: weighted log-odds ratio with an informative Dirichlet prior, Monroe, Colaresi &
    Quinn (2008, eq. 16-22): ``delta = log((y_g+a_w)/(n_g+a0-y_g-a_w)) -
    log((y_r+a_w)/(n_r+a0-y_r-a_w))``, variance ``1/(y_g+a_w) + 1/(y_r+a_w)``, ``z =
    delta/sqrt(var)``. The prior ``a_w = a0 * pi_w`` takes the term shares ``pi_w`` from the
    pooled corpus (default) or from ``background`` (a table with ``background_text_col`` or a
    list of texts), and ``a0`` defaults to the number of analysed tokens of that n-gram order, so
    the prior weighs as much as the data and rare terms are shrunk towards zero. Each n-gram
    order is its own multinomial. Also reported, for readers who know corpus linguistics:
    signed chi² with Yates' correction and signed G² with Williams' correction (the defaults of
    quanteda's ``textstat_keyness``), with the chi² p-value.

    Columns: group, term, ngram, n_group, n_rest, per_1000_group, per_1000_rest (per 1,000
    n-grams of that order), log_odds, se, z, chi2, g2, p_chi2. Sorted by group, then z
    descending. Terms seen fewer than ``min_count`` times in the whole corpus are dropped
    after scoring (they still count towards totals). Stop words are dropped from unigrams and
    from either end of bigrams when ``drop_stopwords``.
    """
    require_columns(df, [text_col, group_col], "distinctive_terms", hint=_COLUMN_HINT)
    if df.empty:
        raise ValueError("distinctive_terms: the table is empty; there is no text to compare.")
    if df[group_col].isna().any():
        raise ValueError(f"distinctive_terms: some rows have no {group_col!r}; fill it in first.")
    groups = sorted(df[group_col].astype(str).unique())
    if len(groups) < 2:
        raise ValueError(
            f"distinctive_terms needs at least two groups in {group_col!r} to compare; "
            f"found only {groups}."
        )
    texts = df[text_col].fillna("").astype(str)
    keys = df[group_col].astype(str)
    if background is not None:
        if isinstance(background, pd.DataFrame):
            require_columns(background, [background_text_col], "distinctive_terms background", hint=_COLUMN_HINT)
            bg_texts = background[background_text_col].fillna("").astype(str).tolist()
        else:
            bg_texts = [str(t) for t in background]
    rows = []
    for n in ngrams:
        per_group = {
            g: _ngram_counts(texts[keys == g], n=n, drop_stopwords=drop_stopwords) for g in groups
        }
        pooled: Counter = Counter()
        for c in per_group.values():
            pooled.update(c)
        if not pooled:
            continue
        vocab = sorted(pooled)
        prior_counts = (
            pooled
            if background is None
            else _ngram_counts(bg_texts, n=n, drop_stopwords=drop_stopwords)
        )
        prior_total = sum(prior_counts.get(w, 0) for w in vocab)
        total_tokens = float(sum(pooled.values()))
        a0 = float(alpha0) if alpha0 is not None else total_tokens
        # Terms unseen in a background corpus get a pseudo-count of 0.5 so the prior is proper.
        shares = np.array([prior_counts.get(w, 0) for w in vocab], dtype=float)
        shares = np.where(shares > 0, shares, 0.5) / max(prior_total + 0.5 * (shares == 0).sum(), 1)
        alpha = a0 * shares / shares.sum()
        y_all = np.array([pooled[w] for w in vocab], dtype=float)
        for g in groups:
            y_g = np.array([per_group[g].get(w, 0) for w in vocab], dtype=float)
            y_r = y_all - y_g
            n_g, n_r = y_g.sum(), y_r.sum()
            if n_g == 0 or n_r == 0:
                continue
            delta = np.log((y_g + alpha) / (n_g + a0 - y_g - alpha)) - np.log(
                (y_r + alpha) / (n_r + a0 - y_r - alpha)
            )
            se = np.sqrt(1.0 / (y_g + alpha) + 1.0 / (y_r + alpha))
            chi2, g2, p = _signed_keyness(y_g, y_r, n_g, n_r)
            keep = y_all >= min_count
            rows.append(
                pd.DataFrame(
                    {
                        "group": g,
                        "term": np.array(vocab, dtype=object)[keep],
                        "ngram": n,
                        "n_group": y_g[keep].astype(int),
                        "n_rest": y_r[keep].astype(int),
                        "per_1000_group": 1000 * y_g[keep] / n_g,
                        "per_1000_rest": 1000 * y_r[keep] / n_r,
                        "log_odds": delta[keep],
                        "se": se[keep],
                        "z": (delta / se)[keep],
                        "chi2": chi2[keep],
                        "g2": g2[keep],
                        "p_chi2": p[keep],
                    }
                )
            )
    columns = [
        "group", "term", "ngram", "n_group", "n_rest", "per_1000_group", "per_1000_rest",
        "log_odds", "se", "z", "chi2", "g2", "p_chi2",
    ]
    if not rows:
        return pd.DataFrame(columns=columns)
    out = pd.concat(rows, ignore_index=True)[columns]
    return out.sort_values(["group", "z", "term"], ascending=[True, False, True]).reset_index(
        drop=True
    )


def top_distinctive(terms: pd.DataFrame, *, k: int = 10, min_z: float = 0.0) -> pd.DataFrame:
    """The ``k`` highest-z terms per group from :func:`distinctive_terms` (z above ``min_z``)."""
    require_columns(terms, ["group", "term", "z"], "top_distinctive", hint=_COLUMN_HINT)
    kept = terms[terms["z"] > min_z].sort_values(["group", "z", "term"], ascending=[True, False, True])
    return kept.groupby("group", sort=True).head(k).reset_index(drop=True)


# --- generic frames: codebook cues ---------------------------------------------------------
# The cue phrases live in analysis/lexicons/frame_cues.csv (columns frame, question, cue) and
# the codebook questions in frame_questions.csv (frame, question, text). Cue syntax: words
# separated by spaces (any whitespace matches), a trailing * allows any word ending, matching
# ignores case. Cues name the *form* of framing (disagreement, blame, money, people, moral
# language), never the topic of a story.
CODEBOOK_LEXICON = "frame_cues"


@lru_cache(maxsize=1)
def codebook() -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """The Semetko & Valkenburg (2000) codebook as cue lists, read from the lexicon files.

    ``{frame: [(question id, question text, cue phrases), ...]}`` in :data:`FRAMES` order.
    """
    cues = lexicons.load(CODEBOOK_LEXICON)
    texts = lexicons.load("frame_questions")
    unknown = sorted(set(cues["frame"]) - set(FRAMES))
    if unknown:
        raise ValueError(f"frame_cues.csv names frames not in FRAMES: {unknown}")
    out: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for frame in FRAMES:
        rows = texts[texts["frame"] == frame]
        out[frame] = [
            (qid, text, tuple(c.strip() for c in cues.loc[cues["question"] == qid, "cue"] if c.strip()))
            for qid, text in zip(rows["question"], rows["text"], strict=True)
        ]
    return out


def questions() -> tuple[str, ...]:
    """Codebook question ids (CO1..MO3) in codebook order."""
    return tuple(q for items in codebook().values() for q, _, _ in items)


def __getattr__(name: str):
    # CODEBOOK and QUESTIONS were constants; they are read from the lexicon files on first use
    # so that importing the package reads no file.
    if name == "CODEBOOK":
        return codebook()
    if name == "QUESTIONS":
        return questions()
    raise AttributeError(f"module 'analysis.framing' has no attribute {name!r}")


def phrase_regex(cue: str) -> str:
    """Regex for a cue phrase: words split on spaces (any whitespace matches), a trailing
    ``*`` allows any word ending, ``?`` makes the letter before it optional; whole words only.
    """
    parts = []
    for word in cue.split():
        star = word.endswith("*")
        word = word.rstrip("*")
        # "?" in a cue marks an optional letter (fuell?ed); everything else is literal.
        body = "".join(re.escape(ch) if ch != "?" else "?" for ch in word)
        parts.append(body + (r"[\w'-]*" if star else ""))
    return r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w-])"


# Cue matching works on word tokens rather than one big regex alternation (which re would try
# at every character): a word is letters/digits joined by internal hyphens or apostrophes, so
# "self-proclaimed" and "shouldn't" are one word and "cost" does not match "cost-cutting".
_WORD_RE = re.compile(r"\w+(?:['-]\w+)*")
_Spec = tuple[tuple[str, bool], ...]  # (word, has trailing *) per word of a cue


@lru_cache(maxsize=1)
def _cue_index() -> tuple[dict[str, list[tuple[int, _Spec]]], dict[str, list[tuple[int, _Spec]]],
                          tuple[int, ...]]:
    """First-word index over all codebook cues: exact words and * prefixes, by question index."""
    exact: dict[str, list[tuple[int, _Spec]]] = {}
    prefix: dict[str, list[tuple[int, _Spec]]] = {}
    for qi, (_frame, _qid, cues) in enumerate(_questions()):
        for cue in cues:
            spec = tuple((w.rstrip("*").lower(), w.endswith("*")) for w in cue.split())
            first, star = spec[0]
            (prefix if star else exact).setdefault(first, []).append((qi, spec))
    lengths = tuple(sorted({len(p) for p in prefix}, reverse=True))
    return exact, prefix, lengths


@lru_cache(maxsize=1)
def _questions() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((frame, qid, cues) for frame, items in codebook().items() for qid, _, cues in items)


def _word_matches(token: str, word: str, star: bool) -> bool:
    if star:
        return token.startswith(word)
    return token == word or token == word + "'s" or token == word + "'"


@lru_cache(maxsize=65536)
def _candidates(token: str) -> tuple[tuple[int, _Spec], ...]:
    exact, prefix, lengths = _cue_index()
    found = list(exact.get(token, ()))
    if token.endswith("'s"):
        found += exact.get(token[:-2], ())
    for n in lengths:
        if n <= len(token):
            found += prefix.get(token[:n], ())
    return tuple(found)


# Human face: a named person with an age apposition ("Maria Lopez, 34, ...") and first person
# singular voice; both need case, so they are separate case-sensitive patterns.
_AGE_RE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?, \d{1,3},")
_FIRST_PERSON_RE = re.compile(r"(?<![\w'-])(?:I|I'm|I've|[Mm]y|me)(?![\w'-])")


def _hits_in(text: str) -> list[tuple[str, str, str, int, int]]:
    words = [(m.group().lower(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    questions = _questions()
    free_from = [0] * len(questions)  # matches of one question do not overlap
    hits = []
    for i, (tok, start, _end) in enumerate(words):
        best: dict[int, tuple[int, bool]] = {}
        for qi, spec in _candidates(tok):
            if start < free_from[qi] or i + len(spec) > len(words):
                continue
            ok = all(
                _word_matches(words[i + k][0], w, star)
                and text[words[i + k - 1][2] : words[i + k][1]].isspace()
                for k, (w, star) in enumerate(spec[1:], start=1)
            ) and _word_matches(tok, *spec[0])
            if ok and i + len(spec) - 1 > best.get(qi, (-1, False))[0]:
                best[qi] = (i + len(spec) - 1, spec[-1][1])
        for qi, (last, star) in best.items():
            end = words[last][2]
            last_tok = words[last][0]
            # "man's" matched by the cue "man": the possessive ending is not part of the cue
            if not star and last_tok.endswith(("'s", "'")):
                end -= 2 if last_tok.endswith("'s") else 1
            frame, qid, _ = questions[qi]
            hits.append((frame, qid, text[start:end], start, end))
            free_from[qi] = end
    for rx in (_AGE_RE, _FIRST_PERSON_RE):
        hits.extend(("human_interest", "HI1", m.group(), m.start(), m.end())
                    for m in rx.finditer(text))
    hits.sort(key=lambda h: (h[3], h[4], h[0], h[1]))
    return hits


_EVIDENCE_COLUMNS = [
    "frame", "question", "cue", "start", "end", "sent_start", "sent_end", "sentence",
]


def _article_evidence(ids: list, texts: list[str]) -> tuple[list[tuple], list[int]]:
    """Cue-hit records for whole articles and the number of sentences of each article."""
    records = []
    n_sentences = []
    for doc_id, text in zip(ids, texts, strict=True):
        spans = _sentences_of(text)
        n_sentences.append(len(spans))
        j = 0
        for frame, qid, cue, s, e in _hits_in(text):
            while j < len(spans) and spans[j][1] <= s:
                j += 1
            if j < len(spans) and spans[j][0] <= s:
                sid, (ss, se) = j, spans[j]
            else:  # cue outside every sentence span (should not happen): keep, flag -1
                sid, (ss, se) = -1, (s, e)
            records.append((doc_id, sid, frame, qid, cue, s, e, ss, se, text[ss:se]))
    return records, n_sentences


def frame_evidence(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "article_id",
    sent_col: str | None = None,
    offset_col: str | None = None,
) -> pd.DataFrame:
    """Every codebook cue hit, with the sentence it sits in (the evidence behind frame scores).

    Unit of observation: one row per cue hit. Input is either an article table (one text per
    row; sentences are found with :func:`analysis.text.sentence_spans` paragraph by paragraph
    and numbered 0..n-1 over the article, the same way the corpus loader numbers them) or a
    sentence table (pass ``sent_col="sent_id"`` and ``offset_col="start"``; each row's text is
    one sentence and ``offset_col`` is its start in the article text).

    Columns: ``id_col``, sent_id, frame, question (codebook id, see :func:`codebook`), cue
    (the matched words), start, end (offsets of the cue in the article text), sent_start,
    sent_end (offsets of the sentence in the article text), sentence.
    Method: Semetko & Valkenburg (2000) codebook questions turned into cue phrases.
    """
    cols = [text_col, id_col] + [c for c in (sent_col, offset_col) if c]
    require_columns(df, cols, "frame_evidence", hint=_COLUMN_HINT)
    if (sent_col is None) != (offset_col is None):
        raise ValueError("frame_evidence: give both sent_col and offset_col for a sentence table.")
    if sent_col is None and df[id_col].duplicated().any():
        dupes = df.loc[df[id_col].duplicated(), id_col].unique()[:5].tolist()
        raise ValueError(
            f"frame_evidence: {id_col!r} must be unique in an article table; repeated: {dupes}. "
            "For a sentence table pass sent_col='sent_id' and offset_col='start'."
        )
    ids = df[id_col].tolist()
    texts = df[text_col].fillna("").astype(str).tolist()
    if sent_col is None:
        records, _ = _article_evidence(ids, texts)
    else:
        records = []
        sids = df[sent_col].tolist()
        offsets = df[offset_col].astype(int).tolist()
        for doc_id, sid, off, text in zip(ids, sids, offsets, texts, strict=True):
            for frame, qid, cue, s, e in _hits_in(text):
                records.append(
                    (doc_id, sid, frame, qid, cue, off + s, off + e, off, off + len(text), text)
                )
    return _evidence_frame(records, id_col)


def _evidence_frame(records: list[tuple], id_col: str) -> pd.DataFrame:
    out = pd.DataFrame.from_records(records, columns=[id_col, "sent_id", *_EVIDENCE_COLUMNS])
    return out.sort_values([id_col, "start", "frame", "question"], kind="stable").reset_index(
        drop=True
    )


def question_rates(
    df: pd.DataFrame, *, text_col: str = "text", id_col: str = "article_id"
) -> pd.DataFrame:
    """Cue hits per 1,000 words for every codebook question: one row per text.

    Columns: ``id_col``, n_words, then one column per question id in :func:`questions`
    (CO1..MO3) holding hits per 1,000 words.
    """
    require_columns(df, [text_col, id_col], "question_rates", hint=_COLUMN_HINT)
    evidence = frame_evidence(df, text_col=text_col, id_col=id_col)
    counts = _question_counts(evidence, df[id_col].to_numpy(), id_col=id_col)
    n_words = np.array([count_words(t) for t in df[text_col].fillna("").astype(str)])
    out = pd.DataFrame(counts * (1000.0 / np.clip(n_words, 1, None))[:, None], columns=list(questions()))
    out.insert(0, "n_words", n_words)
    out.insert(0, id_col, df[id_col].to_numpy())
    return out


def _question_counts(evidence: pd.DataFrame, ids: np.ndarray, *, id_col: str) -> np.ndarray:
    """Cue hits per (text, question): an array of shape (len(ids), number of questions)."""
    return (
        evidence.groupby([id_col, "question"]).size().unstack(fill_value=0)
        .reindex(index=ids, columns=list(questions()), fill_value=0).to_numpy()
    )


def frame_features(
    evidence: pd.DataFrame,
    ids: Sequence,
    n_words: Sequence[int],
    n_sentences: Sequence[int],
    *,
    id_col: str = "article_id",
) -> pd.DataFrame:
    """The inputs of the frame presence model: one row per text, in the order of ``ids``.

    Columns (see :func:`feature_names`): ``log_hits_<question>`` = log(1 + cue hits of each
    codebook question), ``sentence_share_<frame>`` = share of the text's sentences holding at
    least one cue of the frame, and ``log_words`` = log(1 + words in the text).
    """
    ids = np.asarray(ids)
    counts = _question_counts(evidence, ids, id_col=id_col)
    sentences = (
        evidence[evidence["sent_id"] >= 0].groupby([id_col, "frame"])["sent_id"].nunique()
        .unstack(fill_value=0).reindex(index=ids, columns=list(FRAMES), fill_value=0).to_numpy()
    )
    share = sentences / np.clip(np.asarray(n_sentences, dtype=float), 1, None)[:, None]
    values = np.c_[np.log1p(counts), share, np.log1p(np.asarray(n_words, dtype=float))]
    return pd.DataFrame(values, columns=feature_names(), index=pd.Index(ids, name=id_col))


def text_features(df: pd.DataFrame, *, text_col: str = "text", id_col: str = "article_id") -> pd.DataFrame:
    """:func:`frame_features` straight from an article table (one row per article)."""
    require_columns(df, [text_col, id_col], "text_features", hint=_COLUMN_HINT)
    ids = df[id_col].to_numpy()
    texts = df[text_col].fillna("").astype(str).tolist()
    records, n_sentences = _article_evidence(ids.tolist(), texts)
    n_words = [count_words(t) for t in texts]
    return frame_features(_evidence_frame(records, id_col), ids, n_words, n_sentences, id_col=id_col)


def feature_names() -> list[str]:
    """Names of the presence model's features, in model order."""
    return ([f"log_hits_{q}" for q in questions()] + [f"sentence_share_{f}" for f in FRAMES]
            + ["log_words"])


def frame_scores(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "article_id",
    group_col: str | None = None,
) -> pd.DataFrame:
    """Per-text frame cue counts, rates per 1,000 words and model-based presence.

    Unit of observation: one row per text (article). Columns: ``id_col`` (and ``group_col`` if
    given), n_words, n_sentences, then per frame ``<frame>_hits`` (cue hits),
    ``<frame>_per_1000`` (hits per 1,000 words), ``<frame>_sentences`` (sentences with at least
    one hit), ``<frame>_prob`` (the logistic model's probability) and ``<frame>`` (bool
    presence by the frame's rule, :func:`frame_rules`: probability or cue hits at or above
    the frame's cut-off, :func:`frame_thresholds`), then one
    ``<question>_per_1000`` column per codebook question (see :func:`codebook`).
    The evidence behind each count is :func:`frame_evidence` on the same table.
    Method: Semetko & Valkenburg (2000) cues; presence by a logistic regression per frame
    over :func:`frame_features` or by the frame's cue count, whichever cross-validated
    better, fitted on the Narrative Frames Corpus dev set (Frermann et al. 2023) by
    ``scripts/validate_frames.py`` (cross-validated figures in
    ``docs/validation/framing.json``).
    """
    cols = [text_col, id_col] + ([group_col] if group_col else [])
    require_columns(df, cols, "frame_scores", hint=_COLUMN_HINT)
    if df[id_col].duplicated().any():
        raise ValueError(f"frame_scores: {id_col!r} must be unique (one row per article).")
    ids = df[id_col].to_numpy()
    texts = df[text_col].fillna("").astype(str).tolist()
    records, n_sentences = _article_evidence(ids.tolist(), texts)
    evidence = _evidence_frame(records, id_col)
    n_words = np.array([count_words(t) for t in texts])
    base = pd.DataFrame({id_col: ids, "n_words": n_words, "n_sentences": n_sentences})
    if group_col:
        base.insert(1, group_col, df[group_col].to_numpy())
    per_1000 = 1000.0 / np.clip(n_words, 1, None)
    probs = presence_probability(frame_features(evidence, ids, n_words, n_sentences, id_col=id_col))
    cutoffs = frame_thresholds()
    rules = frame_rules()
    for frame in FRAMES:
        sub = evidence[evidence["frame"] == frame]
        hits = sub.groupby(id_col).size().reindex(ids, fill_value=0).to_numpy()
        base[f"{frame}_hits"] = hits
        base[f"{frame}_per_1000"] = hits * per_1000
        base[f"{frame}_sentences"] = sub.groupby(id_col)["sent_id"].nunique().reindex(ids, fill_value=0).to_numpy()
        base[f"{frame}_prob"] = probs[frame].to_numpy()
        if rules[frame] == "cue_count":
            base[frame] = hits >= cutoffs[frame]
        else:
            base[frame] = base[f"{frame}_prob"].to_numpy() >= cutoffs[frame]
    counts = _question_counts(evidence, ids, id_col=id_col)
    for i, q in enumerate(questions()):
        base[f"{q}_per_1000"] = counts[:, i] * per_1000
    return base


def frame_presence(texts: Sequence[str] | pd.Series) -> pd.DataFrame:
    """Which generic frames each text carries: one row per text, one boolean column per frame.

    Columns: conflict, responsibility, economic, human_interest, morality; the index is the
    input Series' index (or 0..n-1 for a list). Method: the presence model of
    :func:`frame_scores` (a logistic regression per frame over Semetko & Valkenburg (2000)
    codebook cue counts, fitted on news articles of 150-1,000 words).
    """
    if isinstance(texts, str):
        raise TypeError("frame_presence takes a list of texts, not one string; wrap it: [text].")
    series = texts if isinstance(texts, pd.Series) else pd.Series(list(texts))
    df = pd.DataFrame({"article_id": range(len(series)), "text": series.to_numpy()})
    scores = frame_scores(df)
    out = scores[list(FRAMES)].astype(bool)
    out.index = series.index
    return out


# --- presence model ---------------------------------------------------------------------
MODEL_FILE = "data/frame_model.json"


@lru_cache(maxsize=1)
def frame_model() -> dict:
    """The shipped presence model (``analysis/data/frame_model.json``), checked against the
    codebook: the SHA-256 of ``frame_cues.csv`` it was fitted on must match the file now."""
    path = resources.files("analysis").joinpath(MODEL_FILE)
    if not path.is_file():
        raise FileNotFoundError(
            f"analysis/{MODEL_FILE} is missing; regenerate it with "
            "`python scripts/validate_frames.py --write-model`."
        )
    model = json.loads(path.read_text(encoding="utf-8"))
    if model.get("codebook_sha256") != lexicons.content_hash(CODEBOOK_LEXICON):
        raise ValueError(
            f"analysis/{MODEL_FILE} was fitted on a different frame codebook "
            "(analysis/lexicons/frame_cues.csv has changed since); regenerate it with "
            "`python scripts/validate_frames.py --write-model`."
        )
    if model.get("features") != feature_names():
        raise ValueError(f"analysis/{MODEL_FILE} has other features than frame_features(); refit it.")
    return model


def presence_probability(features: pd.DataFrame, model: dict | None = None) -> pd.DataFrame:
    """Probability that each frame is present: one row per text, one column per frame.

    Logistic regression per frame: ``1 / (1 + exp(-(b + sum_k w_k (x_k - mean_k) / scale_k)))``
    with the standardisation and weights stored in the model (default :func:`frame_model`).
    """
    model = model or frame_model()
    x = features[model["features"]].to_numpy(dtype=float)
    out = {}
    for frame in FRAMES:
        fm = model["frames"][frame]
        z = (x - np.asarray(fm["mean"])) / np.asarray(fm["scale"])
        out[frame] = 1.0 / (1.0 + np.exp(-(z @ np.asarray(fm["coef"]) + fm["intercept"])))
    return pd.DataFrame(out, index=features.index)


def frame_thresholds() -> dict[str, float]:
    """The cut-off of each frame's presence rule: a model probability (rule "logistic") or a
    number of cue hits (rule "cue_count"); see :func:`frame_rules`.

    Chosen to maximise F1 in out-of-fold predictions on the Narrative Frames Corpus dev set
    (Frermann et al. 2023) by ``scripts/validate_frames.py --write-model``.
    """
    return {f: float(v["threshold"] if v.get("rule", "logistic") == "logistic" else v["threshold_hits"])
            for f, v in frame_model()["frames"].items()}


def frame_rules() -> dict[str, str]:
    """Each frame's presence rule in the shipped model: "logistic" or "cue_count"."""
    return {f: v.get("rule", "logistic") for f, v in frame_model()["frames"].items()}


def frame_profile(scores: pd.DataFrame, *, group_col: str = "outlet") -> pd.DataFrame:
    """Frame profile per group: one row per (group, frame).

    Columns: group_col, frame, n_articles, share_present (share of articles where the frame is
    present), per_1000 (cue hits per 1,000 words over all the group's words), hits, n_words.
    Input: the output of :func:`frame_scores` with ``group_col``.
    """
    needed = [group_col, "n_words"] + [f"{f}_hits" for f in FRAMES] + list(FRAMES)
    require_columns(scores, needed, "frame_profile", hint=_COLUMN_HINT)
    rows = []
    for g, sub in scores.groupby(group_col, sort=True):
        words = int(sub["n_words"].sum())
        for frame in FRAMES:
            hits = int(sub[f"{frame}_hits"].sum())
            rows.append(
                {
                    group_col: g,
                    "frame": frame,
                    "n_articles": len(sub),
                    "share_present": float(sub[frame].mean()),
                    "per_1000": 1000.0 * hits / words if words else math.nan,
                    "hits": hits,
                    "n_words": words,
                }
            )
    return pd.DataFrame(rows)


def frame_examples(
    evidence: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    group_col: str = "outlet",
    id_col: str = "article_id",
    per_frame: int = 2,
) -> pd.DataFrame:
    """The strongest evidence sentences per (group, frame): those with the most cue hits.

    Unit of observation: one row per evidence sentence; at most ``per_frame`` rows per
    (group, frame), so the table stays small for any corpus size. Columns: group_col, frame,
    id_col, sent_id, n_cues, cues (the matched words, ``; ``-joined), questions (codebook
    ids), sent_start, sent_end, sentence. Ties keep text order. Input: :func:`frame_evidence`
    output and the article table that maps ``id_col`` to ``group_col``.
    """
    require_columns(evidence, [id_col, "sent_id", "frame", "cue", "question", "sentence"], "frame_examples",
                    hint=_COLUMN_HINT)
    require_columns(articles, [id_col, group_col], "frame_examples", hint=_COLUMN_HINT)
    cols = [group_col, "frame", id_col, "sent_id", "n_cues", "cues", "questions", "sent_start",
            "sent_end", "sentence"]
    if evidence.empty:
        return pd.DataFrame(columns=cols)
    ev = evidence.merge(articles[[id_col, group_col]], on=id_col, how="left", validate="m:1")
    keys = [group_col, "frame", id_col, "sent_id", "sent_start", "sent_end", "sentence"]
    agg = ev.groupby(keys, sort=False).agg(
        n_cues=("cue", "size"),
        cues=("cue", lambda s: "; ".join(s)),
        questions=("question", lambda s: ", ".join(sorted(set(s)))),
    ).reset_index()
    agg = agg.sort_values([group_col, "frame", "n_cues", id_col, "sent_start"],
                          ascending=[True, True, False, True, True], kind="stable")
    out = agg.groupby([group_col, "frame"], sort=True).head(per_frame)
    return out[cols].reset_index(drop=True)
