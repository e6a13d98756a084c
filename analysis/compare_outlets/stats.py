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
from threadpoolctl import threadpool_limits

from analysis.sentiment.findings import holm
from analysis.validate import require_columns

UNIT_COLUMNS = ["measure", "target", "event", "outlet", "value"]
COMPARISON_COLUMNS = [
    "measure", "target", "outlet_a", "outlet_b", "n_events", "mean_a", "mean_b", "diff", "diff_lo", "diff_hi",
    "p_value", "p_min", "powered", "p_holm", "established", "units_a", "units_b", "events",
]
_CHUNK = 128  # comparisons per matrix product (bounds memory: n_perm x _CHUNK floats)
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
    """The comparison matrix: one column per (measure, target, outlet) series of event values
    (events x series: ``vals``, NaN where the outlet has no value there, and ``cnts``, the units
    behind each value), the row keys (``measure, target, outlet_a, outlet_b``, a < b, series
    in sorted order) and the series of each row's outlet a and b."""
    keys = ["measure", "target", "outlet"]
    grouped = values.groupby(keys, sort=True)
    series = grouped.ngroup().to_numpy()
    names = grouped.size().index.to_frame(index=False)
    size = np.bincount(names.groupby(["measure", "target"], sort=True).ngroup().to_numpy())
    base = np.cumsum(size) - size
    tri = {m: np.triu_indices(m, 1) for m in np.unique(size)}
    ia = np.concatenate([b + tri[m][0] for b, m in zip(base, size, strict=True)])
    ib = np.concatenate([b + tri[m][1] for b, m in zip(base, size, strict=True)])
    if not len(ia):
        return None
    measure, target, outlet = (names[c].to_numpy() for c in keys)
    rows = pd.DataFrame({"measure": measure[ia], "target": target[ia], "outlet_a": outlet[ia],
                         "outlet_b": outlet[ib]})
    at = (events.get_indexer(values["event"]), series)
    vals = np.full((len(events), len(names)), np.nan)
    cnts = np.zeros((len(events), len(names)))
    vals[at] = values["value"].to_numpy(float)
    cnts[at] = values["units"].to_numpy(float)
    return rows, vals, cnts, ia, ib


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
    present = ~np.isnan(vals)
    both = present[:, ia] & present[:, ib]  # events x comparisons: shared events
    shared = np.flatnonzero(both.any(axis=0))
    stats = _empty_stats(len(rows))
    stats["events"][shared] = _event_lists(both[:, shared], events)
    clean = np.nan_to_num(vals)
    # One BLAS thread: the products are small (events x a block of comparisons), so threads only
    # wait on each other, the more so when the tables layer runs derived tables side by side.
    with threadpool_limits(limits=1, user_api="blas"):
        for k in range(0, len(shared), _CHUNK):
            cols = shared[k:k + _CHUNK]
            part = _chunk_stats(clean[:, ia[cols]], clean[:, ib[cols]], both[:, cols], cnts[:, ia[cols]],
                                cnts[:, ib[cols]], signs, weights)
            for name, column in part.items():
                stats[name][cols] = column
    out = pd.concat([rows, pd.DataFrame(stats)], axis=1)
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
    nonzero = (np.abs(d) > 1e-12).sum(axis=0)
    p = np.empty(d.shape[1])
    for n in np.unique(nonzero[nonzero <= EXACT_EVENTS]):
        cols = np.flatnonzero(nonzero == n)
        p[cols] = _exact_p(d[:, cols], n)
    many = np.flatnonzero(nonzero > EXACT_EVENTS)
    if len(many):
        p[many] = _random_p(d[:, many], signs, nonzero[many])
    return p, nonzero


def _exact_p(d: np.ndarray, n: int) -> np.ndarray:
    """Exact sign-flip p of comparisons with ``n`` non-zero differences each: the share of the
    2^n sign patterns of those differences whose |sum| reaches the observed one (a pattern and
    its negation have the same |sum|, so half of them are enough)."""
    total = np.abs(d.sum(axis=0)) - 1e-12
    if n == 0:
        return np.ones(d.shape[1])
    rows = np.argsort(np.abs(d) <= 1e-12, axis=0, kind="stable")[:n]
    nz = np.take_along_axis(d, rows, axis=0)
    half = _all_signs(n)[: 2 ** (n - 1)]
    return (np.abs(half @ nz) >= total).sum(axis=0) / 2.0 ** (n - 1)


def _random_p(d: np.ndarray, signs: np.ndarray, nonzero: np.ndarray) -> np.ndarray:
    """Monte Carlo sign-flip p from the random patterns ``signs``; below :data:`TAIL`, the
    saddlepoint approximation, never below the exact floor 2 / 2^n (n: ``nonzero``)."""
    total = d.sum(axis=0)
    hits = (np.abs(signs @ d) >= np.abs(total) - 1e-12).sum(axis=0)
    p = (hits + 1) / (signs.shape[0] + 1)
    tail = np.flatnonzero(p < TAIL)
    if len(tail):
        p[tail] = np.maximum(saddlepoint_p(d[:, tail]), 2.0 / np.power(2.0, nonzero[tail]))
    return p


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


def _empty_stats(n: int) -> dict[str, np.ndarray]:
    """The statistics of ``n`` comparisons that share no event (what :func:`_chunk_stats` gives them)."""
    nan = np.full(n, np.nan)
    return {"n_events": np.zeros(n, dtype=np.int64), "mean_a": nan.copy(), "mean_b": nan.copy(),
            "diff": nan.copy(), "diff_lo": nan.copy(), "diff_hi": nan.copy(), "p_value": nan.copy(),
            "_p_exact_min": np.ones(n), "units_a": np.zeros(n, dtype=np.int64),
            "units_b": np.zeros(n, dtype=np.int64), "events": np.full(n, "", dtype=object)}


def _percentiles(boot: np.ndarray, q: list[float]) -> np.ndarray:
    """``np.nanpercentile(boot, q, axis=0)`` (numpy's default 'linear' method, Hyndman & Fan
    1996 type 7) for every column at once: each column sorted (NaN last), the two order
    statistics around (k - 1) q / 100 of its k finite values taken and interpolated with
    numpy's own formula, so the bits are numpy's without a Python call per column."""
    ordered = np.array(boot.T, order="C")
    ordered.sort(axis=1)
    count = (~np.isnan(ordered)).sum(axis=1)
    virtual = (count - 1) * np.true_divide(np.asarray(q, dtype=float), 100)[:, None]
    last = virtual >= count - 1
    below = np.where(last, -1.0, np.floor(virtual))
    top = np.maximum(count - 1, 0)
    row = np.arange(len(count))
    lo = ordered[row, np.where(last, top, below).astype(np.intp)]
    hi = ordered[row, np.where(last, top, below + 1).astype(np.intp)]
    gamma = virtual - below
    step = hi - lo
    out = np.where(gamma >= 0.5, hi - step * (1 - gamma), lo + step * gamma)
    out[:, count == 0] = np.nan
    return out


def _event_lists(mask: np.ndarray, events: pd.Index) -> np.ndarray:
    """Per column of ``mask`` (events x comparisons), its events "|"-joined (one join per pattern)."""
    patterns, inverse = np.unique(np.packbits(mask, axis=0).T, axis=0, return_inverse=True)
    names = events.to_numpy()
    joined = np.array(["|".join(names[np.unpackbits(p, count=len(names)).astype(bool)]) for p in patterns],
                      dtype=object)
    return joined[inverse.ravel()]


def _chunk_stats(va, vb, mask, ca, cb, signs, weights) -> dict[str, np.ndarray]:
    """Statistics of a block of comparisons (columns) that share at least one event each (``mask``,
    events x comparisons; ``va``, ``vb`` the event values with NaN as 0): see :func:`paired_comparisons`."""
    m = mask.astype(float)
    d = np.where(mask, va - vb, 0.0)
    n = m.sum(axis=0)
    observed = d.sum(axis=0) / n
    p, nonzero = sign_flip_p(d, signs)
    wm = weights @ m
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = (weights @ d) / wm  # NaN (0 / 0) where a resample drew none of the shared events
    lo, hi = _percentiles(boot, [2.5, 97.5]) if boot.size else (observed, observed)
    return {
        "n_events": n.astype(np.int64), "mean_a": np.where(mask, va, 0.0).sum(axis=0) / n,
        "mean_b": np.where(mask, vb, 0.0).sum(axis=0) / n, "diff": observed, "diff_lo": lo,
        "diff_hi": hi, "p_value": p, "_p_exact_min": np.minimum(1.0, 2.0 / np.power(2.0, nonzero)),
        "units_a": (ca * m).sum(axis=0).astype(np.int64), "units_b": (cb * m).sum(axis=0).astype(np.int64),
    }
