"""Estimators of the audit: Wilson intervals, misclassification corrections, the bootstrap.

Units: a *population* is the set of units of one outlet the tool labelled (quotes, mentions,
(article, frame) pairs, aligned pairs), each with a predicted class and a weight (quoted words
for share of voice, 1 otherwise). An *annotation* is a random sample of those units, drawn
within strata of the predicted class, each with the class a person judged true.

Methods:
- Wilson (1927) score interval for a proportion; for a stratified (weighted) sample the Kish
  effective sample size stands in for n.
- Rogan & Gladen (1978): a prevalence corrected for known sensitivity and specificity;
  :func:`matrix_correction` generalises it to k classes (the "matrix method", invert the
  misclassification matrix P(predicted | true)).
- The headline correction, :func:`calibrated_shares`, is the "inverse matrix method"
  (Marshall 1990; Morrissey & Spiegelman 1999): true shares = sum over predicted classes of
  the predicted share times P(true | predicted) measured in the annotation. It needs no matrix
  inversion, never leaves [0, 1], and is valid for samples drawn within predicted classes.
- :func:`bootstrap_shares`: percentile bootstrap (Efron & Tibshirani 1993) over both the
  population (the outlet's units, resampled) and the annotation (each predicted class's row of
  true-class shares drawn by the Bayesian bootstrap, Rubin 1981, with a small Jeffreys-like
  prior), so the interval carries the uncertainty of the annotation sample as well as of the
  corpus.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence

import numpy as np

Z95 = 1.959963984540054
#: population sizes above which population draws use a normal approximation (exact moments)
EXACT_LIMIT = 20_000_000
#: total prior pseudo-units per row of a calibration matrix, spread evenly over the classes (see annotation_draws)
PRIOR = 1.0


def wilson(successes: float, n: float, *, z: float = Z95) -> tuple[float, float]:
    """Wilson (1927) score interval for ``successes`` out of ``n`` (may be fractional, e.g. an
    effective sample size); ``(nan, nan)`` when ``n`` is 0."""
    if n <= 0:
        return math.nan, math.nan
    p = min(max(successes / n, 0.0), 1.0)
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def weighted_proportion(hits: np.ndarray, weights: np.ndarray) -> tuple[float, float, float, float]:
    """Weighted share of ``hits`` (0/1) with a Wilson interval on the Kish effective sample size
    ``(sum w)^2 / sum w^2``. Returns ``(share, lo, hi, n_effective)``."""
    hits = np.asarray(hits, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if len(hits) == 0 or weights.sum() <= 0:
        return math.nan, math.nan, math.nan, 0.0
    share = float((hits * weights).sum() / weights.sum())
    n_eff = float(weights.sum() ** 2 / (weights**2).sum())
    lo, hi = wilson(share * n_eff, n_eff)
    return share, lo, hi, n_eff


def rogan_gladen(observed: float, sensitivity: float, specificity: float) -> float:
    """Rogan & Gladen (1978): true prevalence from the observed one, clipped to [0, 1]."""
    youden = sensitivity + specificity - 1
    if youden <= 0:
        return math.nan
    return float(min(max((observed + specificity - 1) / youden, 0.0), 1.0))


def matrix_correction(observed: Sequence[float], misclassification: np.ndarray) -> np.ndarray:
    """True class shares from observed ones, ``observed = M @ true`` with ``M[i, j] =
    P(predicted i | true j)`` (columns sum to 1); solved by least squares, clipped and renormalised."""
    m = np.asarray(misclassification, dtype=float)
    true, *_ = np.linalg.lstsq(m, np.asarray(observed, dtype=float), rcond=None)
    true = np.clip(true, 0, None)
    return true / true.sum() if true.sum() > 0 else true


def calibration_matrix(pred: np.ndarray, truth: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """``Q[j, i]`` = weighted share of annotated units predicted ``j`` that are truly ``i``; a
    row with no annotated unit is NaN."""
    q = np.zeros((k, k))
    np.add.at(q, (pred, truth), weights)
    totals = q.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return q / totals


def calibrated_shares(pop_totals: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Corrected shares ``sum_j W_j Q[j, :] / sum W`` from predicted-class totals ``W`` (last
    axis k, any leading axes) and a calibration matrix ``Q`` (k x k, or leading axes x k x k)."""
    w = np.asarray(pop_totals, dtype=float)
    out = np.einsum("...j,...ji->...i", w, q)
    total = w.sum(axis=-1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return out / total


def population_draws(codes: np.ndarray, weights: np.ndarray, k: int, n_boot: int,
                      rng: np.random.Generator) -> np.ndarray:
    """(n_boot, k) weighted class totals of the population resampled with replacement."""
    n = len(codes)
    if n == 0:
        return np.zeros((n_boot, k))
    if np.all(weights == weights[0]):
        probs = np.bincount(codes, minlength=k) / n
        return rng.multinomial(n, probs, size=n_boot) * float(weights[0])
    if n * n_boot <= EXACT_LIMIT:
        idx = rng.integers(0, n, size=(n_boot, n))
        flat = (np.arange(n_boot)[:, None] * k + codes[idx]).ravel()
        return np.bincount(flat, weights=weights[idx].ravel(), minlength=n_boot * k).reshape(n_boot, k)
    # large populations: normal draws with the exact mean and covariance of the resampled totals
    x_mean = np.bincount(codes, weights=weights, minlength=k) / n
    x_sq = np.bincount(codes, weights=weights**2, minlength=k) / n
    cov = n * (np.diag(x_sq) - np.outer(x_mean, x_mean))
    return rng.multivariate_normal(n * x_mean, cov, size=n_boot, method="eigh").clip(min=0)


def annotation_draws(pred: np.ndarray, truth: np.ndarray, weights: np.ndarray, k: int, n_boot: int,
                      rng: np.random.Generator) -> np.ndarray:
    """(n_boot, k, k) calibration matrices drawn for the annotated units, row by row.

    Row ``j`` (the units predicted ``j``) is drawn from Dirichlet(n_j * q_j + a): the Bayesian
    bootstrap (Rubin 1981) of the row's true-class shares ``q_j`` on its (Kish effective) number
    of units ``n_j``, with a Jeffreys-like prior ``a`` = :data:`PRIOR` / k per class. Plain
    resampling gives no spread at all to a class judged right 5 times out of 5 (and so a far
    too narrow interval on small samples); the prior keeps the upper tail honest."""
    q = np.full((n_boot, k, k), np.nan)
    for j in np.unique(pred):
        rows = np.flatnonzero(pred == j)
        w = weights[rows]
        shares = np.bincount(truth[rows], weights=w, minlength=k) / w.sum()
        n_eff = w.sum() ** 2 / (w**2).sum()
        q[:, j, :] = rng.dirichlet(shares * n_eff + PRIOR / k, size=n_boot)
    return q


def fill_missing_rows(q: np.ndarray, fallbacks: Sequence[np.ndarray] = ()) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``q`` (last two axes k x k) with no annotation take the first ``fallbacks``
    matrix that has that row, else the identity (the class is taken as correct). Returns
    ``(q, which classes were filled)``."""
    k = q.shape[-1]
    missing = np.isnan(q).any(axis=-1)
    filled = missing.reshape(-1, k).any(axis=0)
    for fb in fallbacks:
        q = np.where(missing[..., None], fb, q)
        missing = np.isnan(q).any(axis=-1)
    q = np.where(missing[..., None], np.eye(k), q)
    return q, filled


Annotation = tuple[np.ndarray, np.ndarray, np.ndarray]


def bootstrap_shares(
    pop_codes: np.ndarray, pop_weights: np.ndarray, annotation: Annotation, k: int, *, n_boot: int = 1000,
    rng: np.random.Generator, fallbacks: Sequence[Annotation] = (),
) -> dict[str, np.ndarray]:
    """Uncorrected and corrected class shares of one population with their bootstrap draws.

    ``pop_codes``/``pop_weights``: predicted class (0..k-1) and weight of every unit;
    ``annotation``: the annotated units as ``(predicted class, true class, weight)`` arrays.
    ``fallbacks``: annotations used in turn for predicted classes this one never sampled
    (e.g. the same measure pooled over outlets). Returns ``uncorrected``, ``corrected`` (k,)
    and their draws ``uncorrected_draws``, ``corrected_draws`` (n_boot, k), plus ``filled``
    (classes corrected with a fallback or left as predicted).
    """
    pop_codes = np.asarray(pop_codes, dtype=int)
    pop_weights = np.asarray(pop_weights, dtype=float)
    totals = np.bincount(pop_codes, weights=pop_weights, minlength=k)
    anns = [tuple(np.asarray(a, dtype=t) for a, t in zip(ann, (int, int, float), strict=True))
            for ann in (annotation, *fallbacks)]
    points = [calibration_matrix(*ann, k) for ann in anns]
    q_point, filled = fill_missing_rows(points[0], points[1:])
    pop_draws = population_draws(pop_codes, pop_weights, k, n_boot, rng)
    draws = [annotation_draws(*ann, k, n_boot, rng) for ann in anns]
    q_draws, _ = fill_missing_rows(draws[0], draws[1:])
    with np.errstate(invalid="ignore", divide="ignore"):
        uncorrected = totals / totals.sum()
        uncorrected_draws = pop_draws / pop_draws.sum(axis=1, keepdims=True)
    return {
        "uncorrected": uncorrected, "corrected": calibrated_shares(totals, q_point),
        "uncorrected_draws": uncorrected_draws, "corrected_draws": calibrated_shares(pop_draws, q_draws),
        "filled": filled & (totals > 0),
    }


def percentile_interval(draws: np.ndarray, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval over axis 0 (NaN draws ignored)."""
    alpha = (1 - level) / 2
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(draws, alpha, axis=0), np.nanquantile(draws, 1 - alpha, axis=0)
