"""Distinctive terms per outlet: weighted log-odds with an informative Dirichlet prior
(Monroe, Colaresi & Quinn 2008) and quanteda-style keyness (Benoit et al. 2018)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from analysis.framing.base import _COLUMN_HINT, _sentence_words
from analysis.text import STOPWORDS
from analysis.validate import require_columns

# --- distinctive terms -------------------------------------------------------------------


def _ngram_counts(texts: Iterable[str], *, ns: Sequence[int], drop_stopwords: bool) -> dict[int, Counter]:
    """Counts of the n-grams of each order in ``ns``, built inside sentences (so no n-gram spans
    a sentence break); each sentence is tokenized once for every order."""
    return {n: Counter(found) for n, found in _ngram_lists(texts, ns=ns, drop_stopwords=drop_stopwords).items()}


def _ngram_lists(texts: Iterable[str], *, ns: Sequence[int], drop_stopwords: bool) -> dict[int, list[str]]:
    """Every n-gram of each order in ``ns``, in text order (see :func:`_ngram_counts`)."""
    stop = STOPWORDS.set if drop_stopwords else frozenset()
    found: dict[int, list[str]] = {n: [] for n in ns}
    for text in texts:
        for toks in _sentence_words(text):
            kept = [t not in stop for t in toks]
            for n, grams in found.items():
                if n == 1:
                    grams += [t for t, k in zip(toks, kept, strict=True) if k]
                elif n == 2:  # the common case, without a slice and a join per pair
                    grams += [f"{a} {b}" for a, b, ka, kb in zip(toks, toks[1:], kept, kept[1:], strict=False)
                              if ka and kb]
                else:
                    grams += [" ".join(toks[i : i + n]) for i in range(len(toks) - n + 1)
                              if kept[i] and kept[i + n - 1]]
    return found


def _grams_by_group(texts: list[str], keys: list[str], groups: list[str], *, ngrams: Sequence[int],
                    drop_stopwords: bool) -> tuple[dict[int, list[str]], dict[int, list[int]]]:
    """Every group's n-grams of each order in one list, the groups one after another in
    ``groups`` order, and how many each group has (so counts per group and pooled are array sums)."""
    texts_of: dict[str, list[str]] = {g: [] for g in groups}
    for text, key in zip(texts, keys, strict=True):
        texts_of[key].append(text)
    grams: dict[int, list[str]] = {n: [] for n in ngrams}
    sizes: dict[int, list[int]] = {n: [] for n in ngrams}
    for g in groups:
        found = _ngram_lists(texts_of[g], ns=ngrams, drop_stopwords=drop_stopwords)
        for n in ngrams:
            grams[n] += found[n]
            sizes[n].append(len(found[n]))
    return grams, sizes


def _numbered(grams: list[str]) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Each n-gram numbered once: the number of every one in ``grams``, the distinct n-grams by
    number, and the numbers in the n-grams' sorted order."""
    # numbered in order of first use, as a dictionary would number them (pandas' hash table)
    found, uniques = pd.factorize(np.array(grams, dtype=object))
    codes = found.astype(np.int64, copy=False)
    by_id = uniques.tolist()
    return codes, by_id, np.array(sorted(range(len(by_id)), key=by_id.__getitem__), dtype=np.int64)


def _signed_keyness(
    a: np.ndarray, b: np.ndarray, n_target: float, n_reference: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Signed chi² (Yates) and G² (Williams) for 2x2 tables, as in quanteda textstat_keyness.

    a, b: counts of the term in target and reference; the other cells are the rest of each
    corpus. Sign is + when the target uses the term more than expected.
    """
    from scipy import special  # imported here: scipy costs time at import

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
    # the chi² survival function with one degree of freedom: scipy.stats.chi2.sf(chi2, df=1)
    # without its argument checks (chi2 here is >= 0, inf or nan, where the two agree)
    p = special.chdtrc(1, chi2)
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
    columns = [
        "group", "term", "ngram", "n_group", "n_rest", "per_1000_group", "per_1000_rest",
        "log_odds", "se", "z", "chi2", "g2", "p_chi2",
    ]
    # one block of arrays per (n-gram order, group); each group's blocks are stacked and sorted
    # by z descending then term, so the table is built once instead of sorted as a whole
    blocks: dict[str, list[dict]] = {g: [] for g in groups}
    grams, sizes = _grams_by_group(texts.tolist(), keys.tolist(), groups, ngrams=ngrams,
                                   drop_stopwords=drop_stopwords)
    if background is not None:
        bg_counted = _ngram_counts(bg_texts, ns=ngrams, drop_stopwords=drop_stopwords)
    for n in ngrams:
        if not grams[n]:
            continue
        codes, by_id, order = _numbered(grams[n])
        vocab = [by_id[i] for i in order]
        pooled = np.bincount(codes, minlength=len(by_id))[order]  # in vocab order
        total = int(pooled.sum())
        if background is None:
            prior_total, shares = total, pooled.astype(float)
        else:
            prior_counts = bg_counted[n]
            prior_total = sum(prior_counts.get(w, 0) for w in vocab)
            shares = np.array([prior_counts.get(w, 0) for w in vocab], dtype=float)
        a0 = float(alpha0) if alpha0 is not None else float(total)
        # Terms unseen in a background corpus get a pseudo-count of 0.5 so the prior is proper.
        shares = np.where(shares > 0, shares, 0.5) / max(prior_total + 0.5 * (shares == 0).sum(), 1)
        alpha = a0 * shares / shares.sum()
        y_all = pooled.astype(float)
        keep = y_all >= min_count
        # every score is elementwise: only the kept terms are scored (totals count every term)
        kept_vocab = np.array(vocab, dtype=object)[keep]
        alpha, y_all = alpha[keep], y_all[keep]
        kept_at = np.full(len(vocab), -1, dtype=np.int64)
        kept_at[keep] = np.arange(len(kept_vocab))
        position = np.empty(len(by_id), dtype=np.int64)
        position[order] = kept_at  # n-gram number -> place among the kept terms (-1: not kept)
        kept_codes = position[codes]
        end = 0
        for g, size in zip(groups, sizes[n], strict=True):
            start, end = end, end + size
            n_g, n_r = float(size), float(total - size)
            if n_g == 0 or n_r == 0:
                continue
            mine = kept_codes[start:end]
            y_g = np.bincount(mine[mine >= 0], minlength=len(kept_vocab)).astype(float)
            y_r = y_all - y_g
            delta = np.log((y_g + alpha) / (n_g + a0 - y_g - alpha)) - np.log(
                (y_r + alpha) / (n_r + a0 - y_r - alpha)
            )
            se = np.sqrt(1.0 / (y_g + alpha) + 1.0 / (y_r + alpha))
            chi2, g2, p = _signed_keyness(y_g, y_r, n_g, n_r)
            blocks[g].append({
                "term": kept_vocab,
                "ngram": np.full(len(kept_vocab), n, dtype=np.int64),
                "n_group": y_g.astype(int),
                "n_rest": y_r.astype(int),
                "per_1000_group": 1000 * y_g / n_g,
                "per_1000_rest": 1000 * y_r / n_r,
                "log_odds": delta,
                "se": se,
                "z": delta / se,
                "chi2": chi2,
                "g2": g2,
                "p_chi2": p,
            })
    return _stack_blocks(blocks, groups, columns)


def _stack_blocks(blocks: dict[str, list[dict]], groups: list[str], columns: list[str]) -> pd.DataFrame:
    """One table from each group's blocks of arrays: groups in order, each group's rows by z
    descending then term (terms are unique within a group: a unigram has no space).

    Every group's block of one n-gram order holds the same array of terms, so the terms are
    ranked once for all groups and the text columns are built from row numbers into them."""
    numbers = [c for c in columns[1:] if c != "term"]
    every = [b for g in groups for b in blocks[g]]
    if not every:
        return pd.DataFrame(columns=columns)
    # each numeric column written once, in place, into one array over every group's rows
    size = sum(len(b["term"]) for b in every)
    parts = {c: np.empty(size, dtype=np.result_type(*[b[c] for b in every])) for c in numbers}
    filled = 0
    offsets: dict[int, int] = {}  # id of a block's term array -> where its terms start in ``pooled``
    pooled: list[np.ndarray] = []
    ranks: dict[tuple[int, ...], np.ndarray] = {}
    term_at: list[np.ndarray] = []
    group_at: list[np.ndarray] = []
    for k, g in enumerate(groups):
        if not blocks[g]:
            continue
        for b in blocks[g]:
            if id(b["term"]) not in offsets:
                offsets[id(b["term"])] = sum(len(t) for t in pooled)
                pooled.append(b["term"])
        key = tuple(id(b["term"]) for b in blocks[g])
        at = np.concatenate([offsets[id(b["term"])] + np.arange(len(b["term"])) for b in blocks[g]])
        if key not in ranks:
            terms = np.concatenate([b["term"] for b in blocks[g]])
            ranks[key] = np.argsort(np.argsort(terms, kind="stable"), kind="stable")
        order = np.lexsort((ranks[key], -np.concatenate([b["z"] for b in blocks[g]])))
        term_at.append(at[order])
        group_at.append(np.full(len(order), k, dtype=np.int64))
        for c in numbers:
            np.take(np.concatenate([b[c] for b in blocks[g]]), order, out=parts[c][filled : filled + len(order)])
        filled += len(order)
    out = pd.DataFrame({
        "group": _text_column(np.array(groups, dtype=object), np.concatenate(group_at)),
        "term": _text_column(np.concatenate(pooled), np.concatenate(term_at)),
        **parts}, copy=False)  # new arrays: no need to copy them again
    # the dtypes the table always had: a column of names for ``group``, and plain objects for
    # ``term`` when an n-gram order kept no term
    if out.empty:
        out["group"] = out["group"].astype(pd.Series(groups).dtype)
    elif any(len(b["term"]) == 0 for bs in blocks.values() for b in bs):
        out["term"] = out["term"].astype(object)
    return out


def _text_column(values: np.ndarray, at: np.ndarray):
    """``values[at]`` (strings) as the column pandas would make of it, built by Arrow from the
    distinct ``values`` when pandas keeps text in Arrow (converting every row costs most)."""
    dtype = pd.Series(np.array(["x"], dtype=object)).dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow" and len(at):
        import pyarrow as pa

        return pd.Series(pa.array(values, type=pa.large_string()).take(at), dtype=dtype)
    return values[at]


#: per group, the most frequent terms the Fightin' Words figure draws as its grey cloud
CLOUD_MAX = 1500
#: per group, the highest-z terms the figure's data file and notebook 04's list keep
SHOWN_TOP = 30


def shown_terms(terms: pd.DataFrame, *, cloud: int = CLOUD_MAX, z_line: float = 1.96,
                k: int = SHOWN_TOP) -> pd.DataFrame:
    """The rows of :func:`distinctive_terms` a reader is shown, in the table's order: per group
    the ``cloud`` most frequent terms (``n_group + n_rest``, ties kept first as
    ``DataFrame.nlargest``), every term with ``z >= z_line`` and the ``k`` highest-z terms. The
    Fightin' Words figure (same ``cloud`` and ``z_line``) and :func:`top_distinctive` with
    ``k`` or fewer terms give the same on these rows as on the whole vocabulary, which is
    some 20 times larger on a real corpus and slow to read."""
    if terms.empty:
        return terms
    require_columns(terms, ["group", "term", "z", "n_group", "n_rest"], "shown_terms", hint=_COLUMN_HINT)
    frame = terms.reset_index(drop=True)
    keep = (frame["z"] >= z_line).to_numpy(dtype=bool, copy=True)
    total = (frame["n_group"] + frame["n_rest"]).rename("total")
    frequent = total.groupby(frame["group"], sort=False).nlargest(cloud).index.get_level_values(-1)
    best = _first_rows(frame, k)
    if best is None:
        best = frame.sort_values(["group", "z", "term"], ascending=[True, False, True]).groupby("group").head(k).index
    keep[frequent] = True
    keep[best] = True
    return frame[keep].reset_index(drop=True)


def _first_rows(frame: pd.DataFrame, k: int) -> np.ndarray | None:
    """The first ``k`` rows of each group when ``frame`` is in the order of
    :func:`distinctive_terms` (groups ascending, then z descending, then term), as sorting it
    so and taking each group's head would give them (without sorting a large table); None
    when it is not in that order or has a missing group or z."""
    groups, z = frame["group"], frame["z"].to_numpy(dtype=float)
    if not len(frame) or np.isnan(z).any() or groups.isna().any():
        return None
    codes, names = pd.factorize(groups)
    names = list(names)
    if names != sorted(names) or (np.diff(codes) < 0).any():
        return None
    same = codes[1:] == codes[:-1]
    if (same & (z[1:] > z[:-1])).any():
        return None
    # rows of equal z (most rows: every term a group never uses has the same z) are in term
    # order: compared by Arrow, whose order of UTF-8 strings is Python's order of code points
    import pyarrow as pa
    import pyarrow.compute as pc

    terms = frame["term"]
    if terms.isna().any() or not all(isinstance(t, str) for t in terms.iloc[:1].tolist()):
        return None
    try:
        values = pa.array(terms, type=pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeError):
        return None
    ascending = pc.less(values.slice(0, len(values) - 1), values.slice(1)).to_numpy(zero_copy_only=False)
    if (same & (z[1:] == z[:-1]) & ~ascending).any():
        return None
    starts = np.flatnonzero(np.r_[True, ~same])
    sizes = np.diff(np.r_[starts, len(frame)])
    return np.concatenate([np.arange(a, a + min(k, n)) for a, n in zip(starts, sizes, strict=True)])


def top_distinctive(terms: pd.DataFrame, *, k: int = 10, min_z: float = 0.0) -> pd.DataFrame:
    """The ``k`` highest-z terms per group from :func:`distinctive_terms` (z above ``min_z``)."""
    require_columns(terms, ["group", "term", "z"], "top_distinctive", hint=_COLUMN_HINT)
    kept = terms[terms["z"] > min_z].sort_values(["group", "z", "term"], ascending=[True, False, True])
    return kept.groupby("group", sort=True).head(k).reset_index(drop=True)
