"""Findings true for every outlet: an omnibus permutation test, then Holm-corrected pairs (Holm 1979)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.sentiment.stats import _group_seed
from analysis.validate import require_columns

# ---------------------------------------------------------------------------------------
# Findings over all outlets: omnibus permutation test, then pairwise tests with Holm
# ---------------------------------------------------------------------------------------
# sentences in one test above which the large-sample limit replaces shuffling (from 1,000 on it
# agrees with 10,000 shuffles within their Monte Carlo error)
EXACT_MAX = 1000
#: where a reader goes when one event cannot show a difference
ACROSS_EVENTS = "see the across-events comparison (outlets compared on every event both covered)"


def format_p(p: float, *, floor: float = 0.001) -> str:
    """A p-value as a journalist reads it: ``"p < 0.001"`` when that small, else ``"p = 0.034"``.

    Never prints ``p = 0.000``; values of 0.01 and above get two decimals (``"p = 0.34"``).
    """
    if p is None or not np.isfinite(p):
        return "p = n/a"
    if p < floor:
        return f"p < {floor:g}"
    return f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values, in input order (family-wise error control)."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def smallest_p(sizes: Sequence[int], *, n_perm: int | None = None) -> float:
    """The smallest p-value a permutation test of equal group means can give with groups of
    these ``sizes`` (units per group): the share of label assignments as extreme as the most
    extreme one, ``prod_s m_s! * prod_g n_g! / N!`` (``m_s`` groups of size ``s`` can swap
    labels without changing the statistic), and never below ``1 / (n_perm + 1)`` when the
    test shuffles ``n_perm`` times. A test whose smallest p is at or above the threshold has
    no power at all: its "no difference" is an absence of evidence, not a finding."""
    from math import exp, lgamma

    sizes = [int(n) for n in sizes if n > 0]
    if len(sizes) < 2:
        return 1.0
    log_p = sum(lgamma(n + 1) for n in sizes) - lgamma(sum(sizes) + 1)
    log_p += sum(lgamma(sizes.count(s) + 1) for s in set(sizes))
    floor = 1.0 / (n_perm + 1) if n_perm else 0.0
    return float(min(1.0, max(exp(min(log_p, 0.0)), floor)))


def _units(data: pd.DataFrame, group_col: str, value_col: str, unit_col: str | None):
    """Per-unit sums and counts with the unit's group: sentences, or whole articles."""
    data = data[_columns(group_col, value_col, unit_col)].dropna(subset=[group_col, value_col])
    if unit_col is None:
        sums = data[value_col].to_numpy(float)
        counts = np.ones(len(sums))
        groups = data[group_col].to_numpy()
    else:
        if data.groupby(unit_col)[group_col].nunique().gt(1).any():
            raise ValueError(f"a {unit_col} belongs to more than one {group_col}")
        agg = data.groupby(unit_col, sort=True).agg(s=(value_col, "sum"), n=(value_col, "size"),
                                                      g=(group_col, "first"))
        sums, counts, groups = agg["s"].to_numpy(float), agg["n"].to_numpy(float), agg["g"].to_numpy()
    return sums, counts, groups


#: codes shuffled per block of :func:`_perm_group_means` (about 0.5 MB of int64): blocks that fit
#: the CPU cache, reused, instead of arrays of millions of codes allocated afresh for each test
PERM_BLOCK = 1 << 16


def _columns(*names: str | None) -> list[str]:
    """The named columns, once each (a test reads only these: the others are never copied)."""
    return list(dict.fromkeys(n for n in names if n is not None))


def _perm_group_means(sums, counts, codes, n_groups, n_perm, rng):
    """Group means under ``n_perm`` random relabellings of the units, in blocks of rows (n_perm x G).

    ``counts`` are whole numbers (sentences per unit); when every unit counts 1, a group's count
    is its size in every relabelling and is not summed again. Row ``r`` of a block shuffles the
    codes plus ``r * n_groups`` in place: the same draws, hence the same relabelling, as shuffling
    the codes, and directly the bins of that row's groups. The rows are shuffled one after
    another whatever the block size, so the draws do not depend on it."""
    n = len(codes)
    block = max(1, min(n_perm, PERM_BLOCK // max(n, 1)))
    sizes = np.bincount(codes, weights=counts, minlength=n_groups) if bool((counts == 1).all()) else None
    base = np.asarray(codes, dtype=np.int64)
    offsets = n_groups * np.arange(block, dtype=np.int64)[:, None]
    shuffled = np.empty((block, n), dtype=np.int64)
    unit_sums = np.tile(sums, block)
    unit_counts = None if sizes is not None else np.tile(counts, block)
    out = np.empty((n_perm, n_groups))
    for done in range(0, n_perm, block):
        k = min(block, n_perm - done)
        idx = shuffled[:k]
        np.add(base, offsets[:k], out=idx)
        rng.permuted(idx, axis=1, out=idx)
        idx = idx.ravel()
        s = np.bincount(idx, weights=unit_sums[:k * n], minlength=k * n_groups).reshape(k, n_groups)
        c = sizes if sizes is not None else np.bincount(
            idx, weights=unit_counts[:k * n], minlength=k * n_groups).reshape(k, n_groups)
        np.divide(s, c, out=out[done:done + k])
    return out


def omnibus_permutation(
    scored: pd.DataFrame,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    unit_col: str | None = None,
    n_perm: int = 10000,
    seed: int = 0,
    exact_max: int = EXACT_MAX,
) -> dict:
    """Permutation test that all groups share one mean tone (one test over every outlet).

    Statistic: the between-group sum of squares sum_g N_g (mean_g - grand mean)^2 (the
    numerator of one-way ANOVA's F), compared with its distribution when the group labels
    of the units are shuffled. Units are rows (sentences) or, with ``unit_col`` (e.g.
    ``"article_id"``), whole articles, which keeps correlated sentences together. Returns
    ``groups, n, statistic, p_value, method`` with p = (1 + #perm >= observed) / (1 + n_perm).
    Past ``exact_max`` sentences (rows as units), the permutation distribution is replaced by
    its large-sample limit, statistic / variance ~ chi-square with groups - 1 degrees of
    freedom (``method`` "chi-square approximation"), which agrees with it at that size and
    keeps a 50,000-sentence corpus fast.
    """
    require_columns(scored, [group_col, value_col, *([unit_col] if unit_col else [])], "scored table")
    return _omnibus(*_units(scored, group_col, value_col, unit_col), by_unit=unit_col is not None,
                    n_perm=n_perm, seed=seed, exact_max=exact_max)


def _omnibus(sums, counts, groups, *, by_unit: bool, n_perm: int, seed: int, exact_max: int) -> dict:
    """:func:`omnibus_permutation` on the units of :func:`_units`."""
    names, codes = np.unique(groups.astype(str), return_inverse=True)
    g = len(names)
    if g < 2:
        return {"groups": g, "n": int(counts.sum()), "statistic": 0.0, "p_value": float("nan"), "method": "none"}
    size = np.bincount(codes, weights=counts, minlength=g)
    grand = sums.sum() / counts.sum()

    def stat(means):
        return ((means - grand) ** 2 * size).sum(axis=-1)

    observed = stat(np.bincount(codes, weights=sums, minlength=g) / size)
    out = {"groups": g, "n": int(counts.sum()), "statistic": float(observed)}
    if not by_unit and len(sums) > exact_max:
        from scipy.stats import chi2

        var = float(sums.var())
        p = float(chi2.sf(observed / var, g - 1)) if var > 0 else 1.0
        return {**out, "p_value": p, "method": "chi-square approximation"}
    perm = stat(_perm_group_means(sums, counts, codes, g, n_perm, np.random.default_rng(seed)))
    hits = int((perm >= observed * (1 - 1e-9)).sum())
    return {**out, "p_value": (hits + 1) / (n_perm + 1), "method": "permutation"}


def pairwise_tests(
    scored: pd.DataFrame,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    unit_col: str | None = None,
    n_perm: int = 10000,
    seed: int = 0,
    exact_max: int = EXACT_MAX,
) -> pd.DataFrame:
    """Two-sided permutation test of the mean difference for every pair of groups, Holm-adjusted.

    One row per pair: ``a, b, n_a, n_b, mean_a, mean_b, diff`` (a - b), ``p_value`` (raw),
    ``method`` and ``p_holm`` (Holm 1979 over all pairs). Labels are shuffled within the pair
    only; units as in :func:`omnibus_permutation`. Past ``exact_max`` sentences in a pair the
    permutation distribution's normal limit is used (difference / its permutation standard
    error; ``method`` "normal approximation"). So it is for every pair when there are so many
    pairs that no permutation p-value could survive Holm's correction (pairs / (n_perm + 1) >
    0.05: with 58 outlets, 1,653 pairs, the smallest possible p of 1/10,001 is multiplied up to
    0.165), which also keeps the number of shuffles from growing with the square of the number
    of outlets.
    """
    require_columns(scored, [group_col, value_col, *([unit_col] if unit_col else [])], "scored table")
    return _pairwise(*_units(scored, group_col, value_col, unit_col), by_unit=unit_col is not None,
                     n_perm=n_perm, seed=seed, exact_max=exact_max)


def _pairwise(sums, counts, groups, *, by_unit: bool, n_perm: int, seed: int, exact_max: int) -> pd.DataFrame:
    """:func:`pairwise_tests` on the units of :func:`_units`. Each group's units, size and mean
    are found once (not once per pair); a pair's units keep their order in ``sums``; the normal
    limits of all pairs go through one call of the normal survival function."""
    groups = groups.astype(str)
    names = sorted(set(groups))
    number = {name: i for i, name in enumerate(names)}
    code = np.array([number[g] for g in groups], dtype=np.intp)
    members = [code == i for i in range(len(names))]
    size = [counts[m].sum() for m in members]
    mean = [sums[m].sum() / n for m, n in zip(members, size, strict=True)]
    too_coarse = len(names) * (len(names) - 1) / 2 / (n_perm + 1) > 0.05
    rows, normal = [], []
    for i, a in enumerate(names):
        for j in range(i + 1, len(names)):
            b = names[j]
            keep = members[i] | members[j]
            s, c = sums[keep], counts[keep]
            n_a, n_b, mean_a, mean_b = size[i], size[j], mean[i], mean[j]
            if too_coarse or (not by_unit and len(s) > exact_max):
                codes = None if not by_unit else members[j][keep].astype(int)
                z, p = _normal_p_units(s, c, codes, mean_a - mean_b) if by_unit else \
                    _normal_p(s, n_a, n_b, mean_a - mean_b)
                if z is not None:
                    normal.append((len(rows), z))
                method = "normal approximation"
            else:
                codes = members[j][keep].astype(int)
                perm = _perm_group_means(s, c, codes, 2, n_perm, _group_seed(seed, (a, b)))
                hits = int((np.abs(perm[:, 0] - perm[:, 1]) >= abs(mean_a - mean_b) - 1e-12).sum())
                p, method = (hits + 1) / (n_perm + 1), "permutation"
            rows.append({"a": a, "b": b, "n_a": int(n_a), "n_b": int(n_b), "mean_a": mean_a,
                         "mean_b": mean_b, "diff": mean_a - mean_b, "p_value": p, "method": method})
    if normal:
        from scipy.stats import norm

        at, z = zip(*normal, strict=True)
        for row, p in zip(at, 2 * norm.sf(np.array(z)), strict=True):
            rows[row]["p_value"] = float(p)
    cols = ["a", "b", "n_a", "n_b", "mean_a", "mean_b", "diff", "p_value", "method"]
    out = pd.DataFrame(rows, columns=cols)
    out["p_holm"] = holm(out["p_value"].to_numpy())
    return out


def _normal_p(values: np.ndarray, n_a: float, n_b: float, diff: float) -> tuple[float | None, float | None]:
    """Two-sided p of a mean difference from the permutation distribution's normal limit, as
    ``(z, None)`` (p = 2 * normal sf of z, taken by the caller for many pairs at once) or
    ``(None, p)`` when the standard error is 0."""
    n = n_a + n_b
    var = float(_var(values)) * n / max(n - 1, 1)
    se = np.sqrt(var * (1 / n_a + 1 / n_b))
    return (abs(diff) / se, None) if se > 0 else (None, 1.0 if diff == 0 else 0.0)


def _var(values: np.ndarray) -> np.floating:
    """``values.var()`` computed as numpy computes it (the same bits), without its per-call
    overhead: it is called once per pair, thousands of times when there are many outlets."""
    n = len(values)
    dev = values - np.add.reduce(values) / n
    np.multiply(dev, dev, out=dev)
    return np.add.reduce(dev) / n


def _normal_p_units(sums: np.ndarray, counts: np.ndarray, codes: np.ndarray, diff: float
                    ) -> tuple[float | None, float | None]:
    """Two-sided p of a difference of pooled means when whole units (articles) are shuffled:
    the permutation variance of the linearised ratio (residuals of each unit from the pooled
    mean), normal limit; ``(z, None)`` or ``(None, p)`` as :func:`_normal_p`."""
    pooled = sums.sum() / counts.sum()
    resid = sums - pooled * counts
    k = len(resid)
    k_b = int(codes.sum())
    k_a = k - k_b
    if k_a < 1 or k_b < 1 or k < 3:
        return None, 1.0
    c_a, c_b = counts[codes == 0].sum(), counts[codes == 1].sum()
    var_sum = (resid ** 2).sum() / (k - 1) * k_a * k_b / k
    se = np.sqrt(var_sum) * (1 / c_a + 1 / c_b)
    return (abs(diff) / se, None) if se > 0 else (None, 1.0 if diff == 0 else 0.0)


def _join(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _pair_clauses(pairs: pd.DataFrame, means: dict[str, float], max_clauses: int) -> list[str]:
    """Sentences naming who differs from whom, starting with the outlet in most differing pairs."""
    left = {(r.a, r.b): r.p_holm for r in pairs.itertuples()}
    clauses = []
    while left and len(clauses) < max_clauses:
        count: dict[str, int] = {}
        for a, b in left:
            count[a] = count.get(a, 0) + 1
            count[b] = count.get(b, 0) + 1
        grand = float(np.mean(list(means.values())))
        lead = max(sorted(count), key=lambda o: (count[o], abs(means[o] - grand)))
        mine = {k: p for k, p in left.items() if lead in k}
        others = sorted((b if a == lead else a for a, b in mine), key=lambda o: means[o])
        lower = [o for o in others if means[o] > means[lead]]
        higher = [o for o in others if means[o] < means[lead]]
        parts = []
        if lower:
            parts.append(f"more negative than {_join(lower)}")
        if higher:
            parts.append(f"more positive than {_join(higher)}")
        n_others = len(means) - 1
        if len(others) == n_others and n_others > 1 and (not lower or not higher):
            parts = [f"more {'negative' if lower else 'positive'} than all {n_others} other outlets"]
        p_max = max(mine.values())
        clauses.append(f"{lead} is {' and '.join(parts)} "
                       f"({'Holm-adjusted ' if not clauses else ''}{format_p(p_max).replace('p =', 'p ≤')})")
        for k in mine:
            del left[k]
    if left:
        clauses.append(f"{len(left)} more differing pair{'s' if len(left) > 1 else ''}")
    return clauses


_NO_PAIRS: list[pd.DataFrame] = []


def _no_pairs() -> pd.DataFrame:
    """The ``pairwise`` table of no pairs (:func:`pairwise_tests` of no rows, with ``differs``),
    built once: it depends on nothing (``copy`` it before changing it)."""
    if not _NO_PAIRS:
        empty = np.empty(0)
        _NO_PAIRS.append(_pairwise(empty, empty, np.empty(0, dtype=object), by_unit=False, n_perm=1, seed=0,
                                   exact_max=EXACT_MAX).assign(differs=pd.Series(dtype=bool)))
    return _NO_PAIRS[0]


def tone_findings(
    scored: pd.DataFrame,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    unit_col: str | None = None,
    alpha: float = 0.05,
    n_perm: int = 10000,
    seed: int = 0,
    max_clauses: int = 3,
    scope: str = "these data",
    elsewhere: str = "",
    all_pairs: bool = True,
) -> dict:
    """Which outlets really differ in tone: an omnibus test over all, then Holm-corrected pairs.

    ``scored`` has one row per sentence (or mention) with ``group_col`` and ``value_col``.
    Procedure (closed testing, so the claims hold for every outlet at once): a permutation
    test that all groups share one mean (:func:`omnibus_permutation`); only if it rejects at
    ``alpha``, pairwise permutation tests with Holm's correction (:func:`pairwise_tests`).
    Returns a dict: ``omnibus`` (dict), ``pairwise`` (DataFrame with ``p_holm`` and
    ``differs``), ``means`` (group -> mean), ``differ`` (sorted groups in at least one pair
    that differs), ``most_negative`` / ``most_positive`` (group names), and ``text``: one line
    naming the outlets that differ, or saying that none does. P-values are printed with
    :func:`format_p`. Power is stated, not hidden: ``p_min`` is the smallest p the omnibus
    test can give with these units (:func:`smallest_p`) and ``powered`` whether it is below
    ``alpha``; without power the text says that ``scope`` (e.g. "this event alone") cannot show
    a difference, pointing to ``elsewhere`` (e.g. the across-events comparison), instead of
    reporting "no difference". ``all_pairs=False`` runs the pairwise tests only when the omnibus
    test rejects, the only case in which they can name a pair (``pairwise`` is empty otherwise;
    everything else is the same): for callers that read only the finding. Pure: no I/O,
    deterministic for a given ``seed``.
    """
    require_columns(scored, [group_col, value_col, *([unit_col] if unit_col else [])], "scored table")
    data = scored[_columns(group_col, value_col, unit_col)].dropna(subset=[group_col, value_col])
    means = {str(k): float(v) for k, v in data.groupby(group_col)[value_col].mean().items()}
    units = _units(data, group_col, value_col, unit_col)
    options = {"by_unit": unit_col is not None, "n_perm": n_perm, "seed": seed, "exact_max": EXACT_MAX}
    omnibus = _omnibus(*units, **options)
    _, counts, groups = units
    sizes = np.unique(groups.astype(str), return_counts=True)[1].tolist()
    p_min = smallest_p(sizes, n_perm=n_perm) if omnibus["method"] == "permutation" else 0.0
    result = {"omnibus": omnibus, "means": means, "differ": [], "alpha": alpha, "p_min": p_min,
              "powered": p_min < alpha,
              "most_negative": min(means, key=means.get) if means else None,
              "most_positive": max(means, key=means.get) if means else None}
    noun = {"outlet": "outlets"}.get(group_col, f"{group_col} groups")
    def no_pairs() -> pd.DataFrame:
        return _no_pairs().copy()

    if len(means) < 2:
        result["pairwise"] = no_pairs()
        only = next(iter(means), "none")
        result["text"] = f"Only one of the {noun} ({only}) has scored text: nothing to compare."
        return result
    # each pair draws from its own seed (_group_seed), so skipping them changes no other figure
    if not all_pairs and not omnibus["p_value"] < alpha:
        pairs = no_pairs()
    else:
        pairs = _pairwise(*units, **options)
    pairs["differs"] = (omnibus["p_value"] < alpha) & (pairs["p_holm"] < alpha)
    result["pairwise"] = pairs
    sig = pairs[pairs["differs"]]
    result["differ"] = sorted(set(sig["a"]) | set(sig["b"]))
    k = len(means)
    kind = "permutation test" if omnibus["method"] == "permutation" else "test"
    test = f"{kind} over all {k} {noun}, {format_p(omnibus['p_value'])}"
    if not result["powered"]:
        unit = unit_col.removesuffix("_id") if unit_col else "sentence"
        few = f"one {unit} per {group_col}" if set(sizes) == {1} else f"{sum(sizes)} {unit}s"
        result["text"] = (f"With {few}, {scope} cannot show a tone difference between the {k} {noun}: "
                          f"no test can reach p < {alpha:g} here (smallest possible {format_p(p_min)})"
                          + (f"; {elsewhere}." if elsewhere else "."))
    elif omnibus["p_value"] >= alpha:
        result["text"] = f"No clear tone difference between the {k} {noun} ({test})."
    elif sig.empty:
        result["text"] = (f"Tone differs across the {k} {noun} overall ({test}), but no single pair "
                          f"differs after Holm correction.")
    else:
        result["text"] = (f"Tone differs between {noun} ({test}): "
                          + "; ".join(_pair_clauses(sig, means, max_clauses)) + ".")
    return result


def tone_findings_by(
    scored: pd.DataFrame,
    *,
    by: str = "event",
    group_col: str = "outlet",
    value_col: str = "compound",
    n_perm: int = 2000,
    seed: int = 0,
    unit_col: str | None = None,
) -> pd.DataFrame:
    """:func:`tone_findings` within each ``by`` group (each event); one row per group.

    Columns: ``by``, ``outlets`` (how many), ``n`` (rows), ``p_omnibus``, ``p_min`` (the
    smallest p the test could give), ``powered`` (``p_min`` < 0.05), ``most_negative``,
    ``most_positive``, ``differ`` ("|"-joined outlets in a pair that differs) and ``text``
    (a group too small to test says so and points to the across-events comparison,
    :func:`analysis.compare_outlets.compare_outlets`). ``unit_col``: as in :func:`tone_findings`.
    """
    require_columns(scored, [by, group_col, value_col], "scored table")
    rows = []
    for key, part in scored.groupby(by, sort=True):
        res = tone_findings(part, group_col=group_col, value_col=value_col, n_perm=n_perm, seed=seed,
                            unit_col=unit_col, scope=f"this {by} alone", elsewhere=ACROSS_EVENTS, all_pairs=False)
        rows.append({by: key, "outlets": len(res["means"]), "n": int(part[value_col].notna().sum()),
                     "p_omnibus": res["omnibus"]["p_value"], "p_min": res["p_min"], "powered": res["powered"],
                     "most_negative": res["most_negative"],
                     "most_positive": res["most_positive"], "differ": "|".join(res["differ"]),
                     "text": res["text"]})
    return pd.DataFrame(rows, columns=[by, "outlets", "n", "p_omnibus", "p_min", "powered", "most_negative",
                                       "most_positive", "differ", "text"])
