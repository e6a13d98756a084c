"""Frame presence per article: cue counts and rates, the features and the shipped model
(``analysis/data/frame_model.json``), outlet profiles and the strongest evidence sentences."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.framing.base import _COLUMN_HINT, FRAMES
from analysis.framing.cues import CODEBOOK_LEXICON, _article_evidence, _evidence_frame, frame_evidence, questions
from analysis.text import count_words
from analysis.validate import require_columns


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
    ``analysis/data/validation.json``, ``framing.frames``).
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
        # one feature at a time, in model order (not a matrix product, whose rounding depends on
        # how many rows a batch has): an article's probability is the same bits in any batch
        logit = np.zeros(len(x))
        for k, weight in enumerate(fm["coef"]):
            logit += z[:, k] * weight
        out[frame] = 1.0 / (1.0 + np.exp(-(logit + fm["intercept"])))
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
