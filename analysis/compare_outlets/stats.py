"""Paired-by-event comparisons of outlets: stratified permutation, bootstrap over events, Holm.

Input: one row per unit (an article, or an outlet's coverage of an event) with ``measure,
target, event, outlet, value``. Each (measure, target, outlet) gets one value per event (the
mean of its units in that event); two outlets are compared only on the events both covered,
so the event is held fixed and an outlet that covered angrier events is not mistaken for an
angrier outlet.

- Effect: ``diff`` = mean over the shared events of (outlet a's value - outlet b's value).
- Test: permutation of the outlet labels within each event (a stratified permutation test;
  with two outlets per stratum it flips the sign of each event's difference): exact up to
  12 events, else ``n_perm`` random relabellings, p = (1 + #|perm| >= |observed|) /
  (1 + n_perm), with the saddlepoint approximation of the same distribution in the far tail
  (:func:`sign_flip_p`, Robinson 1982). The smallest p such a
  test can give with n events whose differences are not zero is 2 / 2^n (``p_min``); a row
  whose ``p_min`` is not below ``alpha`` is marked ``powered = False`` and is not tested.
- Uncertainty: 95% percentile interval of ``diff`` from a bootstrap over events (Poisson
  weights, Hanley & MacGibbon 2006; Efron & Tibshirani 1993), so the CI is about events, not
  sentences.
- Multiple comparisons: Holm (1979) over every powered row of the table (the family shown).
  A difference is ``established`` when its Holm-adjusted p is below ``alpha`` and its CI
  excludes 0.

All comparisons share one set of random signs and weights drawn from ``seed``; everything is
matrix algebra over (events x comparisons), so 12 outlets x 500 events take seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.sentiment.findings import holm
from analysis.validate import require_columns

UNIT_COLUMNS = ["measure", "target", "event", "outlet", "value"]
COMPARISON_COLUMNS = [
    "measure", "target", "outlet_a", "outlet_b", "n_events", "mean_a", "mean_b", "diff", "diff_lo", "diff_hi",
    "p_value", "p_min", "powered", "p_holm", "established", "units_a", "units_b", "events",
]
_CHUNK = 512  # comparisons per matrix product (bounds memory: n_perm x _CHUNK floats)
EXACT_EVENTS = 12  # up to this many events every sign pattern is enumerated (4,096)
TAIL = 0.01  # Monte Carlo p-values below this are replaced by the saddlepoint approximation


def event_values(units: pd.DataFrame) -> pd.DataFrame:
    """One row per (measure, target, event, outlet): ``value`` (mean over its units) and ``units``."""
    require_columns(units, UNIT_COLUMNS, "comparison units")
    data = units.dropna(subset=["value"])
    keys = ["measure", "target", "event", "outlet"]
    out = data.groupby(keys, sort=True, observed=True)["value"].agg(value="mean", units="size").reset_index()
    return out


def _pairs(values: pd.DataFrame, events: pd.Index):
    """The comparison matrix: per (measure, target, outlet pair) the event-wise differences
    ``d`` (events x comparisons, 0 where not both present), the mask, and the row keys."""
    ev_pos = events.get_indexer(values["event"])
    rows, cols_a, cols_b = [], [], []
    series = []
    for (measure, target), grp in values.groupby(["measure", "target"], sort=True):
        outlets = sorted(grp["outlet"].unique())
        for outlet in outlets:
            part = grp[grp["outlet"] == outlet]
            col = np.full(len(events), np.nan)
            col[ev_pos[part.index]] = part["value"].to_numpy(float)
            cnt = np.zeros(len(events))
            cnt[ev_pos[part.index]] = part["units"].to_numpy(float)
            series.append((col, cnt))
        base = len(series) - len(outlets)
        for i, a in enumerate(outlets):
            for j in range(i + 1, len(outlets)):
                rows.append((measure, target, a, outlets[j]))
                cols_a.append(base + i)
                cols_b.append(base + j)
    if not rows:
        return None
    vals = np.column_stack([s[0] for s in series])
    cnts = np.column_stack([s[1] for s in series])
    return rows, vals, cnts, np.asarray(cols_a), np.asarray(cols_b)


def paired_comparisons(
    units: pd.DataFrame,
    *,
    n_perm: int = 2000,
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int = 0,
) -> pd.DataFrame:
    """Every pair of outlets on every (measure, target), paired by event; one row per comparison.

    ``units``: one row per unit with ``measure, target, event, outlet, value`` (see
    :func:`analysis.compare_outlets.outlet_units`). Columns: ``measure, target, outlet_a,
    outlet_b`` (a < b), ``n_events`` (events both covered with a value), ``mean_a, mean_b``
    (mean over those events of each outlet's event value), ``diff`` (mean_a - mean_b),
    ``diff_lo, diff_hi`` (95% bootstrap CI over events), ``p_value`` (stratified permutation),
    ``p_min`` (the smallest p possible with these events), ``powered``, ``p_holm`` (Holm over
    the powered rows; NaN otherwise), ``established``, ``units_a, units_b`` (units behind
    each side) and ``events`` (the shared events, "|"-joined: the evidence keys). Method:
    module docstring. Deterministic for a given ``seed``.
    """
    values = event_values(units).reset_index(drop=True)
    events = pd.Index(sorted(values["event"].astype(str).unique()))
    values["event"] = values["event"].astype(str)
    built = _pairs(values, events) if len(values) else None
    if built is None:
        return pd.DataFrame(columns=COMPARISON_COLUMNS)
    rows, vals, cnts, ia, ib = built
    rng = np.random.default_rng(seed)
    signs = rng.choice(np.array([-1.0, 1.0]), size=(n_perm, len(events)))
    weights = rng.poisson(1.0, size=(n_boot, len(events))).astype(float)
    parts = [_chunk_stats(vals[:, ia[k:k + _CHUNK]], vals[:, ib[k:k + _CHUNK]], cnts[:, ia[k:k + _CHUNK]],
                          cnts[:, ib[k:k + _CHUNK]], signs, weights, events)
             for k in range(0, len(rows), _CHUNK)]
    out = pd.concat([pd.DataFrame(rows, columns=["measure", "target", "outlet_a", "outlet_b"]),
                     pd.concat(parts, ignore_index=True)], axis=1)
    out["p_min"] = np.maximum(out.pop("_p_exact_min"), 1.0 / (n_perm + 1))
    out["powered"] = out["p_min"] < alpha
    out["p_holm"] = np.nan
    powered = out["powered"].to_numpy()
    out.loc[powered, "p_holm"] = holm(out.loc[powered, "p_value"].to_numpy())
    out["established"] = powered & (out["p_holm"] < alpha) & ((out["diff_lo"] > 0) | (out["diff_hi"] < 0))
    return out[COMPARISON_COLUMNS]


def sign_flip_p(d: np.ndarray, signs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two-sided p-values of the paired differences ``d`` (events x comparisons, 0 where an
    event is not shared), and the number of non-zero differences per comparison.

    Exact (every one of the 2^n sign patterns) when a comparison has at most :data:`EXACT_EVENTS`
    non-zero differences; otherwise ``signs`` (random patterns) give a Monte Carlo p, and
    where that p is below :data:`TAIL` (too few random patterns to resolve it, as a Holm
    family of many comparisons needs) the saddlepoint approximation of the same permutation
    distribution is used instead (:func:`saddlepoint_p`)."""
    total = d.sum(axis=0)
    nonzero = (np.abs(d) > 1e-12).sum(axis=0)
    hits = (np.abs(signs @ d) >= np.abs(total) - 1e-12).sum(axis=0)
    p = (hits + 1) / (signs.shape[0] + 1)
    tail = np.flatnonzero(p < TAIL)
    if len(tail):
        p[tail] = np.maximum(saddlepoint_p(d[:, tail]), 2.0 / np.power(2.0, nonzero[tail]))
    small = np.flatnonzero(nonzero <= EXACT_EVENTS)
    if len(small):
        padded = np.zeros((EXACT_EVENTS, len(small)))
        for j, c in enumerate(small):
            vals = d[np.abs(d[:, c]) > 1e-12, c]
            padded[: len(vals), j] = vals
        patterns = _all_signs(EXACT_EVENTS)
        p[small] = (np.abs(patterns @ padded) >= np.abs(total[small]) - 1e-12).mean(axis=0)
    return p, nonzero


def saddlepoint_p(d: np.ndarray) -> np.ndarray:
    """Two-sided p of sum(d) under random signs, per column, by the Lugannani-Rice saddlepoint
    approximation (Robinson 1982, "Saddlepoint approximations for permutation tests and
    confidence intervals", JRSS B): cumulant generating function K(t) = sum log cosh(t d),
    K'(t_hat) = |sum d| solved by Newton's method (monotone from below: K' is concave for t > 0)."""
    from scipy.stats import norm  # imported here: scipy.stats costs ~1 s at import

    x = np.abs(d.sum(axis=0))
    t = np.zeros(d.shape[1])
    for _ in range(60):
        td = t * d
        k1 = (d * np.tanh(td)).sum(axis=0)
        k2 = (d ** 2 * _sech2(td)).sum(axis=0)
        t = t + np.where(k2 > 0, (x - k1) / np.where(k2 > 0, k2, 1.0), 0.0)
    az = np.abs(t * d)
    k = (az + np.log1p(np.exp(-2 * az)) - np.log(2.0)).sum(axis=0)
    k2 = (d ** 2 * _sech2(t * d)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        w = np.sqrt(np.maximum(2 * (t * x - k), 0.0))
        u = t * np.sqrt(k2)
        one_sided = norm.sf(w) + norm.pdf(w) * (1 / u - 1 / w)
    normal = norm.sf(x / np.sqrt((d ** 2).sum(axis=0)))
    one_sided = np.where(np.isfinite(one_sided) & (w > 1e-6) & (u > 1e-9), one_sided, normal)
    return np.clip(2 * one_sided, 0.0, 1.0)


def _sech2(z: np.ndarray) -> np.ndarray:
    """1 / cosh(z)^2 without overflow."""
    e = np.exp(-2 * np.abs(z))
    return 4 * e / (1 + e) ** 2


def _all_signs(n: int) -> np.ndarray:
    """Every +-1 pattern of length ``n`` (2^n x n)."""
    bits = (np.arange(2 ** n)[:, None] >> np.arange(n)) & 1
    return np.where(bits == 1, 1.0, -1.0)


def _percentile_interval(boot: np.ndarray, observed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2.5th and 97.5th percentiles of each column of ``boot`` over its resamples with a value;
    NaN for a column with none (a comparison with no shared event), without NumPy's warning."""
    if not boot.size:
        return observed, observed
    lo, hi = np.full(boot.shape[1], np.nan), np.full(boot.shape[1], np.nan)
    some = ~np.isnan(boot).all(axis=0)
    if some.any():
        lo[some], hi[some] = np.nanpercentile(boot[:, some], [2.5, 97.5], axis=0)
    return lo, hi


def _chunk_stats(va, vb, ca, cb, signs, weights, events: pd.Index) -> pd.DataFrame:
    """Statistics of a block of comparisons (columns): see :func:`paired_comparisons`."""
    mask = ~(np.isnan(va) | np.isnan(vb))
    m = mask.astype(float)
    d = np.where(mask, np.nan_to_num(va) - np.nan_to_num(vb), 0.0)
    n = m.sum(axis=0)
    safe = np.where(n > 0, n, 1.0)
    observed = d.sum(axis=0) / safe
    p, nonzero = sign_flip_p(d, signs)
    p_exact_min = np.minimum(1.0, 2.0 / np.power(2.0, nonzero))
    wm = weights @ m
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = np.where(wm > 0, (weights @ d) / np.where(wm > 0, wm, 1.0), np.nan)
    lo, hi = _percentile_interval(boot, observed)
    mean_a = np.where(mask, np.nan_to_num(va), 0.0).sum(axis=0) / safe
    mean_b = np.where(mask, np.nan_to_num(vb), 0.0).sum(axis=0) / safe
    names = events.to_numpy()
    listed = ["|".join(names[mask[:, c]]) for c in range(mask.shape[1])]
    out = pd.DataFrame({
        "n_events": n.astype(int), "mean_a": mean_a, "mean_b": mean_b, "diff": observed, "diff_lo": lo,
        "diff_hi": hi, "p_value": np.where(n > 0, p, np.nan), "_p_exact_min": p_exact_min,
        "units_a": (ca * m).sum(axis=0).astype(int), "units_b": (cb * m).sum(axis=0).astype(int),
        "events": listed,
    })
    empty = n == 0
    out.loc[empty, ["mean_a", "mean_b", "diff", "diff_lo", "diff_hi"]] = np.nan
    return out
