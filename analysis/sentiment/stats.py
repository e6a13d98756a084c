"""Summaries with bootstrap CIs, quoted speech vs narration, arcs, evidence, and the corpus entry point."""

from __future__ import annotations

import zlib
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from analysis.sentiment.lexicon import CUTOFF, score_table
from analysis.validate import require_columns


# ---------------------------------------------------------------------------------------
# Quoted speech vs narration
# ---------------------------------------------------------------------------------------
def mark_speech(
    sentences: pd.DataFrame,
    quotes: pd.DataFrame | None,
    *,
    min_share: float = 0.5,
) -> pd.DataFrame:
    """Copy of ``sentences`` with ``quoted_share`` and ``speech`` ("quoted" / "narration").

    ``quotes`` is any table with ``article_id, start, end`` (character offsets into the
    article text, as from the quotes module); a sentence is "quoted" when at least
    ``min_share`` of its characters fall inside quote spans. ``quotes=None`` or an empty
    table marks everything as narration.
    """
    require_columns(sentences, ["article_id", "start", "end"], "sentences")
    out = sentences.copy()
    share = np.zeros(len(out))
    if quotes is not None and len(quotes):
        require_columns(quotes, ["article_id", "start", "end"], "quotes")
        spans: dict[object, list[tuple[int, int]]] = {}
        for aid, s, e in zip(quotes["article_id"], quotes["start"].tolist(), quotes["end"].tolist(), strict=True):
            spans.setdefault(aid, []).append((int(s), int(e)))
        for found in spans.values():
            found.sort()
        for i, (aid, s, e) in enumerate(
            zip(out["article_id"], out["start"].tolist(), out["end"].tolist(), strict=True)
        ):
            if e <= s or aid not in spans:
                continue
            # characters of [s, e) inside the union of the spans: sorted by start, each span adds
            # only what lies past the furthest end so far
            covered, reach = 0, s
            for qs, qe in spans[aid]:
                lo, hi = max(qs, reach), min(qe, e)
                if lo < hi:
                    covered += hi - lo
                    reach = hi
            share[i] = covered / (e - s)
    out["quoted_share"] = share
    out["speech"] = np.where(share >= min_share, "quoted", "narration")
    return out


# ---------------------------------------------------------------------------------------
# Summaries with bootstrap CIs
# ---------------------------------------------------------------------------------------
def _group_seed(seed: int, key) -> np.random.Generator:
    keys = key if isinstance(key, tuple) else (key,)
    return np.random.default_rng([seed, zlib.crc32(repr(keys).encode("utf-8"))])


def _stats(x: np.ndarray, cutoff: float) -> dict[str, np.ndarray]:
    """Statistics along the last axis (works for 1-D data and for bootstrap matrices)."""
    n = x.shape[-1]
    # shares as counts / n: the same bits as the mean of a boolean array, without converting it
    pos = np.count_nonzero(x >= cutoff, axis=-1) / n * 100
    neg = np.count_nonzero(x <= -cutoff, axis=-1) / n * 100
    return {
        "mean": x.mean(axis=-1),
        "pct_positive": pos,
        "pct_negative": neg,
        "polarity": pos + neg,
        "net_tone": pos - neg,
    }


def _groups(data: pd.DataFrame, keys: list[str], value_col: str):
    """``(key, values)`` for each group of ``data`` by ``keys``, as ``data.groupby(keys)`` iterates
    them (sorted; the key a tuple; the values in row order), without a frame per group."""
    grouped = data.groupby(keys, sort=True)
    names = grouped.size().index
    if not len(names):
        return
    number = grouped.ngroup().to_numpy()
    order = np.argsort(number, kind="stable")
    values = data[value_col].to_numpy(dtype=float)[order]
    bounds = np.searchsorted(number[order], np.arange(len(names) + 1))
    for i, name in enumerate(names):
        yield (name if isinstance(name, tuple) else (name,)), values[bounds[i]:bounds[i + 1]]


def summarize_tone(
    scored: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    value_col: str = "compound",
    unit_cols: Sequence[str] | None = None,
    cutoff: float = CUTOFF,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Tone per group with bootstrap CIs; one row per group.

    ``scored`` has one row per sentence (or per mention) with ``value_col``. Columns: the
    group keys, ``n``, ``mean``, ``median``, ``sd``, ``q25``, ``q75``, ``pct_positive``,
    ``pct_negative``, ``polarity`` (pos% + neg%), ``net_tone`` (pos% - neg%) (GDELT-style,
    per sentence), and ``<stat>_lo``/``<stat>_hi`` percentile-bootstrap bounds for the five
    GDELT/mean statistics. When ``unit_cols`` is given (e.g. ``["article_id", "sent_id"]``
    for mentions), values are first averaged per unit so the bootstrap resamples
    sentences, not mentions.
    The seed of each group derives from ``seed`` and the group name only, so a group's
    figures do not change when other groups are added.
    """
    keys = [by] if isinstance(by, str) else list(by)
    units = list(unit_cols or [])
    require_columns(scored, [*keys, value_col, *units], "scored table")
    data = scored.dropna(subset=[value_col])
    if units:
        data = data.groupby([*keys, *units], as_index=False, sort=True)[value_col].mean()
    alpha = (1 - ci) / 2
    rows = []
    for key, x in _groups(data, keys, value_col):
        n = len(x)
        row = dict(zip(keys, key, strict=True))
        q25, q75 = np.quantile(x, [0.25, 0.75])
        row.update(n=n, median=float(np.median(x)), sd=float(x.std(ddof=1)) if n > 1 else np.nan)
        row.update(q25=float(q25), q75=float(q75))
        point = _stats(x, cutoff)
        rng = _group_seed(seed, key)
        boot = _stats(x[rng.integers(0, n, size=(n_boot, n))], cutoff)
        # both bounds of the five statistics in one call (the same values as one call each)
        lo, hi = np.quantile(np.stack(list(boot.values())), [alpha, 1 - alpha], axis=-1)
        for i, (name, value) in enumerate(point.items()):
            row[name] = float(value)
            row[f"{name}_lo"] = float(lo[i])
            row[f"{name}_hi"] = float(hi[i])
        rows.append(row)
    order = [*keys, "n", "mean", "mean_lo", "mean_hi", "median", "sd", "q25", "q75"]
    for name in ("pct_positive", "pct_negative", "polarity", "net_tone"):
        order += [name, f"{name}_lo", f"{name}_hi"]
    return pd.DataFrame(rows, columns=order)


def permutation_test(
    scored: pd.DataFrame,
    a: str,
    b: str,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    n_perm: int = 10000,
    seed: int = 0,
) -> pd.Series:
    """Two-sided permutation test that groups ``a`` and ``b`` differ in mean ``value_col``.

    Unit: rows of ``scored`` (sentences). Returns ``a, b, n_a, n_b, mean_a, mean_b, diff``
    (a - b) and ``p_value`` = (1 + #|perm diff| >= |observed|) / (1 + n_perm).
    """
    require_columns(scored, [group_col, value_col], "scored table")
    known = set(scored[group_col].dropna().unique())
    for g in (a, b):
        if g not in known:
            raise ValueError(f"unknown {group_col} {g!r}; known: {sorted(map(str, known))}")
    xa = scored.loc[scored[group_col] == a, value_col].dropna().to_numpy(float)
    xb = scored.loc[scored[group_col] == b, value_col].dropna().to_numpy(float)
    pooled = np.concatenate([xa, xb])
    observed = xa.mean() - xb.mean()
    rng = np.random.default_rng(seed)
    hits = 0
    na = len(xa)
    for chunk in np.array_split(np.arange(n_perm), max(1, n_perm // 1000)):
        perm = rng.permuted(np.broadcast_to(pooled, (len(chunk), len(pooled))), axis=1)
        diffs = perm[:, :na].mean(axis=1) - perm[:, na:].mean(axis=1)
        hits += int((np.abs(diffs) >= abs(observed) - 1e-12).sum())
    return pd.Series(
        {
            "a": a,
            "b": b,
            "n_a": na,
            "n_b": len(xb),
            "mean_a": xa.mean(),
            "mean_b": xb.mean(),
            "diff": observed,
            "p_value": (hits + 1) / (n_perm + 1),
        }
    )


def pairwise_permutation(
    scored: pd.DataFrame,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    n_perm: int = 10000,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`permutation_test` for every pair of groups; one row per pair (empty if < 2)."""
    require_columns(scored, [group_col, value_col], "scored table")
    groups = sorted(scored[group_col].dropna().unique())
    rows = [
        permutation_test(
            scored, a, b, group_col=group_col, value_col=value_col, n_perm=n_perm, seed=seed
        )
        for i, a in enumerate(groups)
        for b in groups[i + 1 :]
    ]
    cols = ["a", "b", "n_a", "n_b", "mean_a", "mean_b", "diff", "p_value"]
    return pd.DataFrame(rows, columns=cols)




def compare_lexicons(
    scored: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    lexicons: Mapping[str, str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
    computed: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """:func:`summarize_tone` once per lexicon, stacked; one row per (lexicon, group).

    ``lexicons`` maps a display name to a score column (default VADER ``compound`` and
    AFINN ``afinn_compound``, as added by :func:`score_table`). ``computed`` maps a score
    column to its :func:`summarize_tone` of the same ``scored``, ``by``, ``n_boot`` and
    ``seed`` when computed already (the stored ``tone_outlet`` is VADER's): taken as it is.
    """
    lexicons = lexicons or {"VADER": "compound", "AFINN": "afinn_compound"}
    computed = computed or {}
    parts = []
    for name, col in lexicons.items():
        part = (computed[col].copy() if col in computed
                else summarize_tone(scored, by=by, value_col=col, n_boot=n_boot, seed=seed))
        part.insert(0, "lexicon", name)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------------------
# Arc and evidence
# ---------------------------------------------------------------------------------------
def sentiment_arc(
    scored: pd.DataFrame,
    *,
    value_col: str = "compound",
    article_col: str = "article_id",
    order_col: str = "sent_id",
    window: int = 5,
) -> pd.DataFrame:
    """Tone through each article; one row per sentence.

    Adds ``position`` (0 = first sentence, 1 = last; 0.5 for one-sentence articles) and
    ``smoothed`` (centred moving average of ``value_col`` over ``window`` sentences,
    shrinking at the edges).
    """
    require_columns(scored, [article_col, order_col, value_col], "scored table")
    if window < 1:
        raise ValueError("window must be at least 1 sentence")
    out = scored.sort_values([article_col, order_col], kind="stable").copy()
    grp = out.groupby(article_col, sort=False)
    rank = grp.cumcount().to_numpy()
    size = grp[order_col].transform("size").to_numpy()
    out["position"] = np.where(size > 1, rank / np.maximum(size - 1, 1), 0.5)
    out["smoothed"] = grp[value_col].transform(
        lambda s: s.rolling(window, center=True, min_periods=1).mean()
    )
    return out.reset_index(drop=True)


def extreme_sentences(
    scored: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    value_col: str = "compound",
    n: int = 3,
    columns: Sequence[str] = (
        "article_id", "sent_id", "speech", "alias", "start", "end", "text", "sentence"
    ),
) -> pd.DataFrame:
    """The evidence: ``n`` most positive and ``n`` most negative rows per group.

    One row per (group, side, rank) with ``side`` ("most positive" / "most negative"),
    ``rank`` (1 = most extreme), ``value_col`` and whichever of ``columns`` exist.
    Ties break by original row order, so the output is deterministic.
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(scored, [*keys, value_col], "scored table")
    extra = [c for c in columns if c in scored.columns and c not in keys]
    data = scored.reset_index(drop=True).dropna(subset=[value_col])
    # rows chosen and ordered on the keys and values alone (each row's position kept); the
    # other columns (texts) are taken once for the chosen rows, not sorted with every row
    small = data[list(dict.fromkeys([*keys, value_col]))].assign(_row=np.arange(len(data)))
    parts = []
    for side, asc in (("most positive", False), ("most negative", True)):
        ranked = small.sort_values(value_col, ascending=asc, kind="stable")
        top = ranked.groupby(keys, sort=True).head(n).copy()
        top["side"] = side
        top["rank"] = top.groupby(keys).cumcount() + 1
        parts.append(top)
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values([*keys, "side", "rank"], ascending=[True] * len(keys) + [False, True])
    out = out.reset_index(drop=True)
    rest = data[extra].take(out["_row"].to_numpy()).reset_index(drop=True)
    return pd.concat([out[[*keys, "side", "rank", value_col]], rest], axis=1)


# ---------------------------------------------------------------------------------------
# Corpus entry point
# ---------------------------------------------------------------------------------------
def sentence_tone(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    quotes: pd.DataFrame | None = None,
    article_cols: Sequence[str] = ("outlet", "event"),
) -> pd.DataFrame:
    """Tone of every sentence of the English articles; one row per sentence.

    ``sentences`` and ``articles`` are the corpus tables (``analysis.corpus.load_corpus`` or
    ``analysis.tables.load_tables``); only English articles are kept
    (:func:`analysis.corpus.english_only`). Tone columns already present in ``sentences`` (the
    tables layer computes them once) are reused, not recomputed. Columns: the sentence columns,
    ``article_cols`` from the articles, VADER ``neg, neu, pos, compound, label``, AFINN
    ``afinn, afinn_compound``, and ``quoted_share, speech`` from :func:`mark_speech` with
    ``quotes`` (any table with ``article_id, start, end``; None = all narration).
    """
    require_columns(sentences, ["article_id", "sent_id", "text", "start", "end"], "sentences")
    require_columns(articles, ["article_id", *article_cols], "articles")
    if articles["article_id"].duplicated().any():
        raise ValueError("articles has duplicate article_id values")
    from analysis.corpus import english_only

    arts = english_only(articles) if "language" in articles.columns else articles
    base = sentences.drop(columns=[c for c in article_cols if c in sentences.columns])
    merged = base.merge(
        arts[["article_id", *article_cols]], on="article_id", how="inner", validate="many_to_one"
    )
    tone_cols = {"neg", "neu", "pos", "compound", "label", "afinn", "afinn_compound"}
    scored = merged if tone_cols <= set(merged.columns) else score_table(merged.drop(
        columns=[c for c in tone_cols if c in merged.columns]))
    return mark_speech(scored.drop(columns=["quoted_share", "speech"], errors="ignore"), quotes)
