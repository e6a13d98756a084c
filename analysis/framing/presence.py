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
from analysis.framing.base import _COLUMN_HINT, FRAMES, _sentences_of
from analysis.framing.cues import (
    CODEBOOK_LEXICON,
    _article_evidence,
    _evidence_frame,
    _words_of,
    frame_evidence,
    questions,
)
from analysis.framing.cues import _questions as _codebook_rows
from analysis.framing.semantic import (
    embed_and_compare,
    prototype_hash,
    semantic_feature_names,
    semantic_features,
)
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
    return _tallies(evidence, ids, id_col=id_col)[0]


def _tallies(evidence: pd.DataFrame, ids: Sequence, *, id_col: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Counts behind the frame columns, with NumPy rather than one pandas group-by per column.

    Returns ``(hits per (text, question), sentences with a hit per (text, frame) counting every
    sentence id, the same counting only sentence ids >= 0)``, rows in the order of ``ids``."""
    qs = list(questions())
    ids = list(ids)
    n = len(ids)
    counts = np.zeros((n, len(qs)), dtype=np.int64)
    sent_all = np.zeros((n, len(FRAMES)), dtype=np.int64)
    sent_valid = np.zeros((n, len(FRAMES)), dtype=np.int64)
    if evidence.empty or not n:
        return counts, sent_all, sent_valid
    position = {doc: i for i, doc in enumerate(ids)}
    pos = evidence[id_col].map(position)
    keep = pos.notna().to_numpy()
    pos = pos.to_numpy()[keep].astype(np.int64)
    qidx = evidence["question"].map({q: i for i, q in enumerate(qs)}).to_numpy()[keep].astype(np.int64)
    fidx = evidence["frame"].map({f: i for i, f in enumerate(FRAMES)}).to_numpy()[keep].astype(np.int64)
    sent = evidence["sent_id"].to_numpy()[keep].astype(np.int64)
    np.add.at(counts, (pos, qidx), 1)
    unique = np.unique(np.c_[pos, fidx, sent], axis=0)
    np.add.at(sent_all, (unique[:, 0], unique[:, 1]), 1)
    valid = unique[unique[:, 2] >= 0]
    np.add.at(sent_valid, (valid[:, 0], valid[:, 1]), 1)
    return counts, sent_all, sent_valid


def frame_features(
    evidence: pd.DataFrame,
    ids: Sequence,
    n_words: Sequence[int],
    n_sentences: Sequence[int],
    *,
    id_col: str = "article_id",
    semantic: np.ndarray | None = None,
    tallies: tuple | None = None,
) -> pd.DataFrame:
    """The inputs of the frame presence model: one row per text, in the order of ``ids``.

    Columns (see :func:`feature_names`): ``log_hits_<question>`` = log(1 + cue hits of each
    codebook question), ``sentence_share_<frame>`` = share of the text's sentences holding at
    least one cue of the frame, ``log_words`` = log(1 + words in the text), then the meaning
    features of :func:`meaning_features` (``semantic``, one row per text; required by the
    shipped model, left out when None). ``tallies`` are :func:`_tallies` of the same evidence
    when the caller has them already.
    """
    ids = np.asarray(ids)
    counts, _, sentences = tallies or _tallies(evidence, ids.tolist(), id_col=id_col)
    share = sentences / np.clip(np.asarray(n_sentences, dtype=float), 1, None)[:, None]
    values = np.c_[np.log1p(counts), share, np.log1p(np.asarray(n_words, dtype=float))]
    names = cue_feature_names()
    if semantic is not None:
        values = np.c_[values, semantic]
        names = feature_names()
    return pd.DataFrame(values, columns=names, index=pd.Index(ids, name=id_col))


def meaning_features(texts: Sequence[str], spans_of: Sequence[Sequence[tuple[int, int]]],
                     words_of: Sequence[Sequence[tuple[str, int, int]]] | None = None
                     ) -> tuple[np.ndarray, np.ndarray]:
    """Embedding features of each text and the frame similarity of each sentence.

    All sentences are embedded in one call (:func:`analysis.framing.semantic.embed_and_compare`),
    from the texts' lower-cased word tokens (``words_of``: the cue matcher's, so each text is
    tokenized once; found here when None). Returns ``(features, similarity)``: features has one
    row per text, the columns of :func:`~analysis.framing.semantic.semantic_feature_names`
    (largest, top-3 mean and mean sentence similarity to each frame's codebook questions and
    examples) followed by the text's mean sentence vector (``emb_0..``); similarity has one row
    per sentence, one column per frame, sentences in text order.
    """
    if words_of is None:
        words_of = [_words_of(t) for t in texts]
    counts = np.array([len(sp) for sp in spans_of], dtype=np.int64)
    tokens: list[str] = []
    bounds = [np.zeros(1, dtype=np.int64)]
    for spans, words in zip(spans_of, words_of, strict=True):
        if not spans:
            continue
        toks, word_starts, _ends = zip(*words, strict=True) if words else ((), (), ())
        starts = np.fromiter(word_starts, dtype=np.int64, count=len(words))
        # words before each sentence's end (sentences are in text order); words between
        # sentences (none in practice) go with the sentence before them
        cut = np.searchsorted(starts, np.fromiter((e for _s, e in spans), dtype=np.int64, count=len(spans)))
        cut[-1] = len(words)
        first = int(np.searchsorted(starts, spans[0][0]))
        offset = len(tokens)
        tokens.extend(toks[first:])
        bounds.append(offset + np.maximum(cut - first, 0))
    indptr = np.concatenate(bounds)
    vectors, sim = embed_and_compare(words=tokens, indptr=indptr)
    means = np.zeros((len(counts), vectors.shape[1]))
    if counts.sum():
        starts = np.r_[0, np.cumsum(counts)[:-1]]
        has = counts > 0
        means[has] = np.add.reduceat(vectors, starts[has], axis=0) / counts[has, None]
    return np.c_[semantic_features(sim, counts), means], sim


def _spans_from_table(ids: Sequence, sentences: pd.DataFrame, id_col: str) -> list[list[tuple[int, int]]]:
    """Each article's sentence spans from a sentence table (``start``/``end`` into the article)."""
    require_columns(sentences, [id_col, "start", "end"], "frame_scores (sentences)", hint=_COLUMN_HINT)
    ordered = sentences.sort_values([id_col, "start"], kind="stable")
    grouped: dict = {}
    for key, a, b in zip(ordered[id_col].tolist(), ordered["start"].astype(int).tolist(),
                         ordered["end"].astype(int).tolist(), strict=True):
        grouped.setdefault(key, []).append((a, b))
    return [grouped.get(i, []) for i in ids]


def _batch(df: pd.DataFrame, text_col: str, id_col: str, sentences: pd.DataFrame | None):
    """Everything a batch of articles needs once: ids, texts, sentence spans, evidence, features."""
    ids = df[id_col].to_numpy()
    texts = df[text_col].fillna("").astype(str).tolist()
    spans_of = ([_sentences_of(t) for t in texts] if sentences is None
                else _spans_from_table(ids.tolist(), sentences, id_col))
    words_of: list = []
    records, n_sentences = _article_evidence(ids.tolist(), texts, spans_of, words_out=words_of)
    evidence = _evidence_frame(records, id_col)
    n_words = np.array([count_words(t) for t in texts])
    semantic, sim = meaning_features(texts, spans_of, words_of)
    tallies = _tallies(evidence, ids.tolist(), id_col=id_col)
    feats = frame_features(evidence, ids, n_words, n_sentences, id_col=id_col, semantic=semantic, tallies=tallies)
    return ids, evidence, n_words, n_sentences, feats, sim, spans_of, tallies


def text_features(df: pd.DataFrame, *, text_col: str = "text", id_col: str = "article_id",
                  sentences: pd.DataFrame | None = None) -> pd.DataFrame:
    """:func:`frame_features` (with the meaning features) straight from an article table
    (one row per article); ``sentences`` as in :func:`frame_scores`."""
    require_columns(df, [text_col, id_col], "text_features", hint=_COLUMN_HINT)
    return _batch(df, text_col, id_col, sentences)[4]


def cue_feature_names() -> list[str]:
    """Names of the cue-count features (the first columns of :func:`frame_features`)."""
    return ([f"log_hits_{q}" for q in questions()] + [f"sentence_share_{f}" for f in FRAMES]
            + ["log_words"])


def feature_names() -> list[str]:
    """Names of all the presence model's input features, in order: cue counts, then the
    sentence-similarity summaries, then the mean sentence vector (``emb_0..``)."""
    from analysis.embed import DIM

    return cue_feature_names() + semantic_feature_names() + [f"emb_{i}" for i in range(DIM)]


def frame_scores(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "article_id",
    group_col: str | None = None,
    sentences: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per-text frame cue counts, rates per 1,000 words, presence probability and the sentence
    that carries each frame.

    Unit of observation: one row per text (article). ``sentences`` (optional) is the corpus's
    sentence table (``id_col``, ``start``, ``end`` into the text): given, the texts are not split
    again. Columns: ``id_col`` (and ``group_col`` if given), n_words, n_sentences, then per
    frame ``<frame>_hits`` (cue hits), ``<frame>_per_1000`` (hits per 1,000 words),
    ``<frame>_sentences`` (sentences with at least one hit), ``<frame>_prob`` (calibrated
    probability that the frame is present: use its mean for prevalence), ``<frame>`` (bool:
    probability at or above the frame's cut-off, :func:`frame_thresholds`), ``<frame>_sent_id``,
    ``<frame>_sent_start``, ``<frame>_sent_end`` (the sentence that carries the frame most:
    among sentences with a cue of the frame the one closest in meaning to the frame's codebook
    questions and examples, else the closest of all; -1 for an empty text) and
    ``<frame>_similarity`` (its similarity), then one ``<question>_per_1000`` column per
    codebook question (see :func:`codebook`).
    The evidence behind each count is :func:`frame_evidence` on the same table.
    Method: Semetko & Valkenburg (2000) cues and sentence embeddings (:mod:`analysis.embed`)
    compared with the codebook; a Platt-calibrated logistic regression per frame over
    :func:`frame_features`, fitted on the Narrative Frames Corpus dev set (Frermann et al.
    2023) by ``scripts/validate_frames.py`` (out-of-fold figures, outlets held out, in
    ``analysis/data/validation.json``, ``framing.frames``).
    """
    cols = [text_col, id_col] + ([group_col] if group_col else [])
    require_columns(df, cols, "frame_scores", hint=_COLUMN_HINT)
    if df[id_col].duplicated().any():
        raise ValueError(f"frame_scores: {id_col!r} must be unique (one row per article).")
    ids, evidence, n_words, n_sentences, feats, sim, spans_of, tallies = _batch(df, text_col, id_col, sentences)
    base = pd.DataFrame({id_col: ids, "n_words": n_words, "n_sentences": n_sentences})
    if group_col:
        base.insert(1, group_col, df[group_col].to_numpy())
    per_1000 = 1000.0 / np.clip(n_words, 1, None)
    probs = presence_probability(feats)
    cutoffs = frame_thresholds()
    carriers = _carrier_sentences(evidence, ids, sim, spans_of, id_col=id_col)
    counts, sent_all, _ = tallies
    frame_of = np.array([FRAMES.index(frame) for frame, _qid, _ in _codebook_rows()])
    for fi, frame in enumerate(FRAMES):
        hits = counts[:, frame_of == fi].sum(axis=1)
        base[f"{frame}_hits"] = hits
        base[f"{frame}_per_1000"] = hits * per_1000
        base[f"{frame}_sentences"] = sent_all[:, fi]
        base[f"{frame}_prob"] = probs[frame].to_numpy()
        base[frame] = base[f"{frame}_prob"].to_numpy() >= cutoffs[frame]
        for key, values in carriers[frame].items():
            base[f"{frame}_{key}"] = values
    for i, q in enumerate(questions()):
        base[f"{q}_per_1000"] = counts[:, i] * per_1000
    return base


def _carrier_sentences(evidence: pd.DataFrame, ids: np.ndarray, sim: np.ndarray,
                       spans_of: Sequence[Sequence[tuple[int, int]]], *, id_col: str) -> dict[str, dict]:
    """Per frame and article: the sentence that carries the frame most (see :func:`frame_scores`)."""
    counts = np.array([len(sp) for sp in spans_of], dtype=np.int64)
    offsets = np.r_[0, np.cumsum(counts)[:-1]]
    # a sentence with a cue of the frame comes first (similarities differ by less than 4), then
    # the closest in meaning; argmax keeps the first of equals, as in text order
    key = sim.copy()
    cued = evidence[evidence["sent_id"] >= 0]
    if len(cued):
        pos = cued[id_col].map({doc: i for i, doc in enumerate(ids.tolist())}).to_numpy()
        ok = ~pd.isna(pos)
        rows = offsets[pos[ok].astype(np.int64)] + cued["sent_id"].to_numpy()[ok].astype(np.int64)
        cols = cued["frame"].map({f: i for i, f in enumerate(FRAMES)}).to_numpy()[ok].astype(np.int64)
        key[rows, cols] = sim[rows, cols] + 4.0
    out = {f: {"sent_id": np.full(len(ids), -1), "sent_start": np.full(len(ids), -1),
               "sent_end": np.full(len(ids), -1), "similarity": np.full(len(ids), np.nan)} for f in FRAMES}
    for i, (n, off, spans) in enumerate(zip(counts.tolist(), offsets.tolist(), spans_of, strict=True)):
        if not n:
            continue
        best = key[off : off + n].argmax(axis=0)
        for fi, frame in enumerate(FRAMES):
            j = int(best[fi])
            rec = out[frame]
            rec["sent_id"][i], rec["similarity"][i] = j, float(sim[off + j, fi])
            rec["sent_start"][i], rec["sent_end"][i] = spans[j]
    return out


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
    codebook and the prototype texts: the SHA-256 of ``frame_cues.csv`` and of
    ``frame_questions.csv``/``frame_statements.csv`` it was fitted with must match the files now."""
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
    if model.get("prototypes_sha256") != prototype_hash():
        raise ValueError(
            f"analysis/{MODEL_FILE} was fitted with other codebook questions or example statements "
            "(analysis/lexicons/frame_questions.csv or frame_statements.csv has changed since); "
            "regenerate it with `python scripts/validate_frames.py --write-model`."
        )
    known = set(feature_names())
    for frame, fm in model["frames"].items():
        if not set(fm["features"]) <= known:
            raise ValueError(f"analysis/{MODEL_FILE}: the {frame} model uses features frame_features() "
                             "does not make; refit it.")
    return model


def presence_probability(features: pd.DataFrame, model: dict | None = None) -> pd.DataFrame:
    """Calibrated probability that each frame is present: one row per text, one column per frame.

    Per frame a score over its own features, then Platt scaling fitted on out-of-fold scores:
    ``P = 1 / (1 + exp(-(a s + c)))`` (``platt`` = [a, c] in the model, default
    :func:`frame_model`). The score ``s`` is, for a ``"logistic"`` frame, ``b + sum_k w_k (x_k -
    mean_k) / scale_k``; for a ``"forest"`` frame, the mean over the trees of the share of
    "present" training articles in the leaf the text falls in (:func:`forest_score`). A text
    without words (``log_words`` 0) carries no frame: probability 0 (a forest, unlike a linear
    score, can put an all-zero row in any leaf).
    """
    model = model or frame_model()
    words = features["log_words"].to_numpy() if "log_words" in features.columns else np.ones(len(features))
    empty = words == 0
    out = {}
    for frame in FRAMES:
        fm = model["frames"][frame]
        missing = [c for c in fm["features"] if c not in features.columns]
        if missing:
            raise ValueError(f"presence_probability: the {frame} model needs features {missing[:3]}... "
                             "that are not in the table; build it with text_features().")
        x = features[fm["features"]].to_numpy(dtype=float)
        if fm.get("rule", "logistic") == "forest":
            z = forest_score(fm["forest"], x)
        else:
            std = (x - np.asarray(fm["mean"])) / np.asarray(fm["scale"])
            # one feature at a time, in model order (not a matrix product, whose rounding depends
            # on how many rows a batch has): an article's probability is the same bits in any batch
            z = np.full(len(x), float(fm["intercept"]))
            for k, weight in enumerate(fm["coef"]):
                z += std[:, k] * weight
        a, c = fm["platt"]
        out[frame] = np.where(empty, 0.0, 1.0 / (1.0 + np.exp(-(a * z + c))))
    return pd.DataFrame(out, index=features.index)


_FOREST_ARRAYS = {"feature": np.int64, "threshold": np.float64, "left": np.int64, "right": np.int64,
                  "value": np.float64, "roots": np.int64}


def _forest_arrays(forest: dict) -> dict[str, np.ndarray]:
    """The stored forest's nodes, laid out for walking every tree at once: nodes renumbered so
    that each inner node's children are neighbours (``child`` is the left one, the right one is
    ``child + 1``) and every leaf sends a row to itself (threshold +inf, ``child`` itself), so all
    rows take ``depth`` steps of ``node = child[node] + (x[feature[node]] > threshold[node])``."""
    key = id(forest)
    cached = _FOREST_CACHE.get(key)
    if cached is None or cached[0] is not forest:
        if len(_FOREST_CACHE) >= 32:
            _FOREST_CACHE.clear()
        src = {k: np.array(forest[k].split(), dtype=float).astype(t) for k, t in _FOREST_ARRAYS.items()}
        feature, threshold = src["feature"].tolist(), src["threshold"].tolist()
        left, right = src["left"].tolist(), src["right"].tolist()
        order: list[int] = []  # old node number of each new one
        roots: list[int] = []
        for root in src["roots"].tolist():
            roots.append(len(order))
            order.append(root)
            level = [root]
            while level:  # breadth first: a node's two children are numbered one after the other
                below = []
                for old in level:
                    if feature[old] >= 0:
                        below += [left[old], right[old]]
                order.extend(below)
                level = below
        new_of = {old: new for new, old in enumerate(order)}
        # children of inner nodes are adjacent in ``order`` by construction; find each one's left
        child = [new_of[left[old]] if feature[old] >= 0 else new for new, old in enumerate(order)]
        leaf = np.array([feature[old] < 0 for old in order])
        thr = np.array([threshold[old] for old in order])
        arr = {"feature": np.where(leaf, 0, [feature[old] for old in order]).astype(np.int32),
               "child": np.asarray(child, dtype=np.int32),
               "value": np.array([src["value"][old] for old in order]),
               "roots": np.asarray(roots, dtype=np.int32)}
        # 32-bit comparisons (half the memory traffic): a 32-bit feature value is at or below a
        # 64-bit threshold exactly when it is at or below the largest 32-bit float not above it
        thr = np.where(leaf, np.inf, thr)
        t32 = thr.astype(np.float32)
        above = t32.astype(np.float64) > thr
        t32[above] = np.nextafter(t32[above], np.float32(-np.inf))
        arr["threshold"] = t32
        node, depth = arr["roots"], 0
        while not leaf[node].all():  # the deepest tree's depth
            node = np.unique(arr["child"][node][~leaf[node]])
            node = np.concatenate([node, node + 1])
            depth += 1
        arr["depth"] = depth
        cached = _FOREST_CACHE[key] = (forest, arr)
    return cached[1]


_FOREST_CACHE: dict[int, tuple[dict, dict]] = {}


def forest_to_json(rf) -> dict[str, str]:
    """A fitted scikit-learn ``RandomForestClassifier`` (two classes) as the flat node arrays
    :func:`forest_score` reads, each a string of space-separated numbers (floats written exactly,
    as ``repr``), so the model file stays JSON and small to diff."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    offset = 0
    for est in rf.estimators_:
        t = est.tree_
        leaf = t.children_left < 0
        share = t.value[:, 0, 1] / t.value[:, 0, :].sum(axis=1)  # as DecisionTreeClassifier.predict_proba
        roots.append(offset)
        feature.extend(np.where(leaf, -1, t.feature).tolist())
        threshold.extend(np.where(leaf, 0.0, t.threshold).tolist())
        left.extend(np.where(leaf, -1, t.children_left + offset).tolist())
        right.extend(np.where(leaf, -1, t.children_right + offset).tolist())
        value.extend(np.where(leaf, share, 0.0).tolist())
        offset += t.node_count
    arrays = {"feature": feature, "threshold": threshold, "left": left, "right": right, "value": value,
              "roots": roots}
    return {k: " ".join(repr(float(v)) if _FOREST_ARRAYS[k] is np.float64 else str(int(v)) for v in vals)
            for k, vals in arrays.items()}


def forest_score(forest: dict, x: np.ndarray) -> np.ndarray:
    """Mean over a stored random forest's trees of the leaf share of "present" for each row of ``x``.

    ``forest`` holds all trees' nodes in flat arrays: ``feature`` (-1 at a leaf), ``threshold``,
    ``left``/``right`` (node numbers), ``value`` (leaf share) and each tree's root in ``roots``.
    As scikit-learn's trees, a row goes left when its feature, as a 32-bit float, is at or below
    the threshold, and the trees' shares are added in tree order, so a row's score is the same
    bits in any batch (and equal to ``RandomForestClassifier.predict_proba``)."""
    arr = _forest_arrays(forest)
    feature, threshold, child, value = (arr[k] for k in ("feature", "threshold", "child", "value"))
    xs = np.ascontiguousarray(x, dtype=np.float32)
    flat = xs.ravel()
    base = (np.arange(len(xs), dtype=np.int64) * xs.shape[1])[:, None]
    node = np.broadcast_to(arr["roots"], (len(xs), len(arr["roots"]))).copy()
    for _ in range(arr["depth"]):  # a row at a leaf stays there
        node = child[node] + (flat[base + feature[node]] > threshold[node])
    leaf = value[node]
    total = np.zeros(len(xs))
    for t in range(leaf.shape[1]):  # tree by tree, as scikit-learn adds them
        total += leaf[:, t]
    return total / leaf.shape[1]


def frame_thresholds() -> dict[str, float]:
    """The cut-off on each frame's probability above which the frame counts as present.

    Chosen to maximise F1 in out-of-fold predictions (outlets grouped) on the Narrative Frames
    Corpus dev set (Frermann et al. 2023) by ``scripts/validate_frames.py --write-model``. For
    prevalence use the mean probability, not the share above the cut-off.
    """
    return {f: float(v["threshold"]) for f, v in frame_model()["frames"].items()}


def frame_rules() -> dict[str, str]:
    """Each frame's presence model in the shipped model file: "logistic" or "forest" (either way
    the call is the calibrated probability at or above :func:`frame_thresholds`)."""
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
    ev = ev[ev[keys].notna().all(axis=1)]  # as groupby, which leaves out missing keys
    # one pass over plain lists: each sentence's cues in order, groups in order of first row
    slot: dict[tuple, int] = {}
    firsts: list[int] = []
    cues: list[list[str]] = []
    questions: list[set[str]] = []
    rows = zip(zip(*(ev[k].tolist() for k in keys), strict=True), ev["cue"].tolist(), ev["question"].tolist(),
               strict=True)
    for row, (key, cue, question) in enumerate(rows):
        at = slot.setdefault(key, len(firsts))
        if at == len(firsts):
            firsts.append(row)
            cues.append([])
            questions.append(set())
        cues[at].append(cue)
        questions[at].add(question)
    # each key column as groupby gives it back (names held as objects come back as strings)
    agg = pd.DataFrame({k: pd.Index(ev[k].iloc[firsts].tolist()) for k in keys})
    agg["n_cues"] = [len(c) for c in cues]
    agg["cues"] = ["; ".join(c) for c in cues]
    agg["questions"] = [", ".join(sorted(q)) for q in questions]
    agg = agg.sort_values([group_col, "frame", "n_cues", id_col, "sent_start"],
                          ascending=[True, True, False, True, True], kind="stable")
    out = agg.groupby([group_col, "frame"], sort=True).head(per_frame)
    return out[cols].reset_index(drop=True)
