"""Sentence alignment across outlets: which sentences report the same content.

Method. Every sentence of an event is embedded (:mod:`analysis.embed`) and indexed by its
stemmed content words, names and numbers (:mod:`.features`). Candidate pairs come from blocking:
for each sentence and each other outlet covering the event, its ``k`` nearest neighbours by
embedding cosine (no all-pairs comparison). Each candidate pair gets a calibrated probability of
reporting the same content from a logistic model over the five similarity features, fitted on
hand-labelled sentence pairs from different outlets reporting the same events
(``scripts/validate_alignment.py``; coefficients and thresholds in
``analysis/data/alignment_model.json``). The best candidate per (sentence, other outlet) is its
match; the pair is *shared* at or above the ``shared`` threshold, *partly shared* at or above
the ``partly`` threshold (same event, related but not the same claim), else the sentence is
*unique* with respect to that outlet.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from analysis.validate import require_columns

from .features import FEATURES, pair_features, unit_index

#: Nearest neighbours per (sentence, other outlet) scored by the model.
BLOCK_K = 5
#: Leading embedding dimensions used to find the neighbours. WordLlama is trained with
#: Matryoshka representation learning (Kusupati et al. 2022), so a prefix of the vector is itself
#: an embedding; 64 of 256 dimensions make the search four times cheaper, and the candidates are
#: then scored with the full vectors.
BLOCK_DIM = 64
#: Outlets with at most this many sentences in an event are compared with every sentence
#: (no blocking): cheap, and nothing can be missed.
EXHAUSTIVE = 300


@lru_cache(maxsize=1)
def model() -> dict:
    """Coefficients, feature transforms and decision thresholds of the pair model."""
    text = (resources.files("analysis.data") / "alignment_model.json").read_text(encoding="utf-8")
    return json.loads(text)


def _design(features: pd.DataFrame) -> np.ndarray:
    caps = model()["caps"]
    cols = []
    for name in FEATURES:
        x = features[name].to_numpy(dtype=float)
        if name in caps:
            x = np.minimum(x, caps[name])
        cols.append(x)
    return np.column_stack(cols) if cols else np.zeros((len(features), 0))


def score_pairs(features: pd.DataFrame) -> np.ndarray:
    """Probability that each pair reports the same content (logistic model over :data:`FEATURES`)."""
    if len(features) == 0:
        return np.zeros(0)
    m = model()
    z = _design(features) @ np.asarray(m["coef"], dtype=float) + float(m["intercept"])
    return 1.0 / (1.0 + np.exp(-z))


def relation(scores, *, shared: float | None = None, partly: float | None = None) -> np.ndarray:
    """``"shared"``, ``"partly shared"`` or ``"unique"`` for each pair probability."""
    t = model()["thresholds"]
    shared = t["shared"] if shared is None else shared
    partly = min(t["partly"], shared) if partly is None else partly
    scores = np.asarray(scores, dtype=float)
    return np.where(scores >= shared, "shared", np.where(scores >= partly, "partly shared", "unique"))


def __getattr__(name: str) -> float:
    # The fitted thresholds are read from the model file on first use, not at import.
    if name == "DEFAULT_THRESHOLD":
        return float(model()["thresholds"]["shared"])
    if name == "PARTLY_THRESHOLD":
        return float(model()["thresholds"]["partly"])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

#: A shared pair must also have at least this many content-word stems in common: in a tiny
#: event TF-IDF weights are degenerate, and one shared word between two short sentences ("This is
#: what this visit is about." / "The visit was short.") can reach a high score by itself. On the
#: validation data the floor changes no decision.
MIN_SHARED_TERMS = 2


def _outlet_slices(outlet_arr: np.ndarray) -> list[tuple[int, int]]:
    """Contiguous ``(lo, hi)`` slices of a sorted outlet array, one per outlet."""
    bounds = np.flatnonzero(np.r_[True, outlet_arr[1:] != outlet_arr[:-1], True])
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))


def _candidates(emb: np.ndarray, outlet_arr: np.ndarray, k: int):
    """(i, j) positions: each unit's ``k`` nearest units by cosine in every other outlet, and
    every unit of each other outlet with at most :data:`EXHAUSTIVE` units.

    ``outlet_arr`` must be sorted, so each outlet's units are one contiguous slice. This is the
    reference candidate set: :func:`_near_best` gives the same best matches without scoring
    every pair of the small outlets."""
    bi, bj = _blocked(emb, outlet_arr, k)
    slices = _outlet_slices(outlet_arr)
    small = np.concatenate([np.arange(lo, hi) for lo, hi in slices if hi - lo <= EXHAUSTIVE] or [np.zeros(0, int)])
    own = np.repeat(np.arange(len(slices)), [hi - lo for lo, hi in slices])
    i = np.repeat(np.arange(len(outlet_arr)), len(small))
    j = np.tile(small, len(outlet_arr))
    keep = own[i] != own[j]
    return np.concatenate([bi, i[keep]]), np.concatenate([bj, j[keep]])


#: Half-width of the window of approximate scores kept for exact scoring (:func:`_near_best`).
#: The dense approximation differs from the exact pair score by float32 rounding (~1e-6 at
#: most); every pair within this much of its group's approximate best is scored exactly, so the
#: exact best (ties included) is always among them.
NEAR_BEST = 1e-3


_OPERANDS = ("emb", "tfidf", "terms", "entities", "numbers")


def _column_operands(index: dict, cols: np.ndarray) -> dict:
    """The right-hand operands of :func:`_approx_scores` for columns ``cols``: the same for every
    block of rows, so built once per event instead of once per block."""
    return {key: index[key][cols].T for key in _OPERANDS}


def _approx_scores(index: dict, rows: np.ndarray, cols: np.ndarray, *, right: dict | None = None) -> np.ndarray:
    """Model probability of every (row, col) pair at once (dense matrix products), within float32
    rounding of :func:`score_pairs` over :func:`pair_features`. ``right``: the
    :func:`_column_operands` of ``cols``, when already built."""
    m = model()
    caps = m["caps"]
    coef = dict(zip(FEATURES, m["coef"], strict=True))
    right = _column_operands(index, cols) if right is None else right
    z = (index["emb"][rows] @ right["emb"]).astype(np.float64) * coef["cosine"]
    z += (index["tfidf"][rows] @ right["tfidf"]).toarray() * coef["tfidf"]
    for name, key in (("shared_terms", "terms"), ("shared_entities", "entities"), ("shared_numbers", "numbers")):
        counts = (index[key][rows] @ right[key]).toarray()
        if name in caps:
            counts = np.minimum(counts, caps[name])
        z += counts * coef[name]
    z += float(m["intercept"])
    # 1 / (1 + exp(-z)), in place: the same operations in the same order
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.divide(1.0, z, out=z)


def _near_best(index: dict, outlet_arr: np.ndarray, *, chunk: int = 512):
    """(i, j) positions: for each unit and each other outlet with at most :data:`EXHAUSTIVE`
    units, the units there whose approximate score is within :data:`NEAR_BEST` of the best.

    Same best matches as scoring every pair of :func:`_candidates` exactly, at the cost of a
    few matrix products per event instead of one feature row per pair."""
    slices = _outlet_slices(outlet_arr)
    small = [(lo, hi) for lo, hi in slices if hi - lo <= EXHAUSTIVE]
    if not small:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    cols = np.concatenate([np.arange(lo, hi) for lo, hi in small])
    starts = np.cumsum([0] + [hi - lo for lo, hi in small])[:-1]
    col_outlet = np.repeat(np.arange(len(small)), [hi - lo for lo, hi in small])
    operands = _column_operands(index, cols)
    left, right = [], []
    for lo, hi in slices:
        for start in range(lo, hi, chunk):
            rows = np.arange(start, min(start + chunk, hi))
            prob = _approx_scores(index, rows, cols, right=operands)
            own = (cols >= lo) & (cols < hi)  # the unit's own outlet is never a match
            prob[:, own] = -np.inf
            best = np.maximum.reduceat(prob, starts, axis=1)
            keep = prob >= best[:, col_outlet] - NEAR_BEST
            keep[:, own] = False
            r, c = np.nonzero(keep)
            left.append(rows[r])
            right.append(cols[c])
    return np.concatenate(left), np.concatenate(right)


def _blocked(emb: np.ndarray, outlet_arr: np.ndarray, k: int, *, chunk: int = 1024):
    """(i, j) positions: each unit's ``k`` nearest units by cosine in every other outlet with
    more than :data:`EXHAUSTIVE` units (as :func:`_candidates` chooses them)."""
    slices = _outlet_slices(outlet_arr)
    large = [(lo, hi) for lo, hi in slices if hi - lo > EXHAUSTIVE]
    left, right = [], []
    if large:
        for lo, hi in slices:
            for start in range(lo, hi, chunk):
                rows = np.arange(start, min(start + chunk, hi))
                sim = emb[rows] @ emb.T
                for plo, phi in large:
                    if plo == lo:
                        continue
                    kk = min(k, phi - plo)
                    top = np.argpartition(-sim[:, plo:phi], kk - 1, axis=1)[:, :kk]
                    left.append(np.repeat(rows, kk))
                    right.append((top + plo).ravel())
    if not left:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return np.concatenate(left), np.concatenate(right)


def _align_event(group: pd.DataFrame, unit_col: str, text_col: str, k: int, *, reference: bool = False) -> pd.DataFrame:
    texts = group[text_col].tolist()
    index = unit_index(texts)
    outlet_arr = group["outlet"].to_numpy()
    short = np.ascontiguousarray(index["emb"][:, :BLOCK_DIM])
    short /= np.maximum(np.linalg.norm(short, axis=1, keepdims=True), 1e-12)
    if reference:
        i, j = _candidates(short, outlet_arr, k)
    else:
        bi, bj = _blocked(short, outlet_arr, k)
        ni, nj = _near_best(index, outlet_arr)
        i, j = np.concatenate([bi, ni]), np.concatenate([bj, nj])
    feats = pair_features(index, i, j)
    feats["similarity"] = score_pairs(feats)
    # best candidate per (unit, other outlet); ties go to the earlier sentence
    _, codes = np.unique(outlet_arr, return_inverse=True)
    other = codes[j]
    order = np.lexsort((j, -feats["similarity"].to_numpy(), other, i))
    i_s, o_s = i[order], other[order]
    first = order[np.r_[True, (i_s[1:] != i_s[:-1]) | (o_s[1:] != o_s[:-1])]]
    best = feats.iloc[first].reset_index(drop=True)
    best["i"], best["j"] = i[first], j[first]
    best["other_outlet"] = outlet_arr[best["j"].to_numpy()]
    left = group.iloc[best["i"].to_numpy()].reset_index(drop=True)
    right = group.iloc[best["j"].to_numpy()].reset_index(drop=True)
    return pd.DataFrame(
        {
            "event": left["event"],
            "outlet": left["outlet"],
            "article_id": left["article_id"],
            unit_col: left[unit_col],
            "text": left[text_col],
            "other_outlet": best["other_outlet"],
            "match_article_id": right["article_id"],
            f"match_{unit_col}": right[unit_col],
            "match_text": right[text_col],
            "similarity": best["similarity"].round(4),
            **{f: best[f] for f in FEATURES},
        }
    )


def align(
    units: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    unit_col: str = "sent_id",
    text_col: str = "text",
    threshold: float | None = None,
    min_shared_terms: int = MIN_SHARED_TERMS,
    partly_threshold: float | None = None,
    k: int = BLOCK_K,
) -> pd.DataFrame:
    """Best match of every unit in every other outlet covering the same event.

    ``units`` is a sentences table (``unit_col="sent_id"``) or paragraphs (``"para_id"``);
    ``articles`` gives ``outlet`` and ``event``. One row per (unit, other outlet): ``event,
    outlet, article_id, <unit_col>, text, other_outlet, match_article_id, match_<unit_col>,
    match_text, similarity`` (model probability that the two report the same content),
    ``cosine, tfidf, shared_terms, shared_entities, shared_numbers`` (the features),
    ``relation`` (shared / partly shared / unique) and ``shared`` (relation is shared and at
    least ``min_shared_terms`` stems in common). Events covered by one outlet give no rows.
    """
    require_columns(units, ["article_id", unit_col, text_col], "units")
    require_columns(articles, ["article_id", "outlet", "event"], "articles")
    df = units[["article_id", unit_col, text_col]].merge(
        articles[["article_id", "outlet", "event"]], on="article_id", how="inner"
    )
    df = df[df[text_col].astype(str).str.strip() != ""]
    frames = []
    # One BLAS thread: a multi-threaded matrix product sums in a thread-dependent order, and the
    # last bits of a similarity (and so a near-tie between candidates) would then depend on the
    # process -- a Dask worker runs one BLAS thread, the client several. Same bytes everywhere.
    with threadpool_limits(limits=1, user_api="blas"):
        for _, group in df.groupby("event", sort=True):
            if group["outlet"].nunique() < 2:
                continue
            group = group.sort_values(["outlet", "article_id", unit_col], kind="stable").reset_index(drop=True)
            frames.append(_align_event(group, unit_col, text_col, k))
    columns = ["event", "outlet", "article_id", unit_col, "text", "other_outlet", "match_article_id",
               f"match_{unit_col}", "match_text", "similarity", *FEATURES]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    out["similarity"] = out["similarity"].astype(float)
    shared = model()["thresholds"]["shared"] if threshold is None else threshold
    out["relation"] = relation(out["similarity"], shared=shared, partly=partly_threshold)
    out["shared"] = (out["relation"] == "shared") & (out["shared_terms"].astype(int) >= min_shared_terms)
    return out.sort_values(["event", "outlet", "article_id", unit_col, "other_outlet"], ignore_index=True)


def alignment_table(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The corpus-wide alignment table for the tables layer: :func:`align` on every sentence.

    Unit of observation: one row per (sentence, other outlet covering its event).
    """
    return align(sentences, articles)


def similarity_grid(units: pd.DataFrame, article_a: str, article_b: str, *, unit_col: str = "sent_id",
                    text_col: str = "text") -> pd.DataFrame:
    """Every unit of ``article_a`` against every unit of ``article_b``.

    Long format: ``unit_a, unit_b, similarity`` (model probability), ``shared_terms`` and the
    other features; TF-IDF fitted on the two articles.
    """
    a = units[units["article_id"] == article_a].sort_values(unit_col)
    b = units[units["article_id"] == article_b].sort_values(unit_col)
    if a.empty or b.empty:
        raise ValueError(f"no units for article {article_a if a.empty else article_b!r}")
    index = unit_index(pd.concat([a[text_col], b[text_col]]).astype(str).tolist())
    i = np.repeat(np.arange(len(a)), len(b))
    j = np.tile(np.arange(len(b)), len(a)) + len(a)
    feats = pair_features(index, i, j)
    out = pd.DataFrame({"unit_a": a[unit_col].to_numpy()[i], "unit_b": b[unit_col].to_numpy()[j - len(a)]})
    out["similarity"] = score_pairs(feats).round(4)
    for f in FEATURES:
        out[f] = feats[f].to_numpy()
    return out


def grid_matches(grid: pd.DataFrame, *, threshold: float | None = None,
                 min_shared_terms: int = MIN_SHARED_TERMS) -> pd.DataFrame:
    """Each row unit's best match in a :func:`similarity_grid`, kept when it passes the
    same rule as :func:`align` (shared threshold and shared stems)."""
    threshold = model()["thresholds"]["shared"] if threshold is None else threshold
    best = grid.loc[grid.groupby("unit_a")["similarity"].idxmax()]
    return best[(best["similarity"] >= threshold) & (best["shared_terms"] >= min_shared_terms)]


def coverage_overlap(alignment: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, outlet, other_outlet): share of the outlet's units that have a
    shared match in the other outlet (``shared_share``), with counts (``units``, ``shared``,
    ``partly``). Not symmetric."""
    cols = ["event", "outlet", "other_outlet", "units", "shared", "partly", "shared_share"]
    if alignment.empty:
        return pd.DataFrame(columns=cols)
    df = alignment.assign(_partly=alignment.get("relation", pd.Series("", index=alignment.index)) == "partly shared")
    out = (
        df.groupby(["event", "outlet", "other_outlet"])
        .agg(units=("shared", "size"), shared=("shared", "sum"), partly=("_partly", "sum"))
        .reset_index()
    )
    out["shared_share"] = (out["shared"] / out["units"]).round(4)
    return out[cols]


def unique_content(alignment: pd.DataFrame, *, unit_col: str = "sent_id") -> pd.DataFrame:
    """Units of each outlet that no other outlet covering the event shares.

    One row per unique unit: ``event, outlet, article_id, <unit_col>, text, best_similarity``
    (its closest match anywhere else, to show how far it is from being shared).
    """
    if alignment.empty:
        return pd.DataFrame(columns=["event", "outlet", "article_id", unit_col, "text", "best_similarity"])
    keys = ["event", "outlet", "article_id", unit_col, "text"]
    agg = alignment.groupby(keys, sort=True).agg(any_shared=("shared", "any"), best_similarity=("similarity", "max"))
    return agg[~agg["any_shared"]].drop(columns="any_shared").reset_index()


def counterparts(alignment: pd.DataFrame, *, unit_col: str = "sent_id") -> pd.DataFrame:
    """Wide view: one row per unit, one boolean column per other outlet ("has a counterpart
    in outlet X"; missing when X did not cover the event), plus ``n_counterparts``."""
    if alignment.empty:
        return pd.DataFrame(columns=["event", "outlet", "article_id", unit_col, "text", "n_counterparts"])
    keys = ["event", "outlet", "article_id", unit_col, "text"]
    wide = alignment.pivot_table(index=keys, columns="other_outlet", values="shared", aggfunc="any")
    wide.columns = [str(c) for c in wide.columns]
    wide["n_counterparts"] = alignment.groupby(keys)["shared"].sum().reindex(wide.index).astype(int)
    return wide.reset_index()
