"""Simulated audits: tables with a known, outlet-specific error, judged by a perfect annotator.

Each repetition draws a fresh corpus of two outlets: every quote has a true side (and a number of
quoted words), every actor mention a true tone. The tool's labels are the truth with an injected
error that differs by outlet and pushes labels one way (sides to the first side, tone to
"neutral"), so the uncorrected shares are biased. The judgements are the truth on a simple random
sample of units per outlet. :func:`coverage` runs the audit's own estimator
(:func:`analysis.audit.results.figure_draws`) on many repetitions and returns how often each
95% interval, corrected and uncorrected, covers the true share of the simulated tables. Used by
``tests/test_audit_simulation.py`` and ``scripts/validate_audit.py``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.audit.results import corrected_table, figure_draws

SIDES = np.array(["Russia", "United States", "Ukraine", "unknown"])
SIDE_SHARES = (0.4, 0.3, 0.2, 0.1)
TONES = np.array(["negative", "neutral", "positive"])
TONE_SHARES = (0.35, 0.4, 0.25)
#: outlet -> (error rate on sides, error rate on tone)
OUTLETS = {"Outlet A": (0.05, 0.10), "Outlet B": (0.25, 0.35)}
FIGURES = ("share_of_voice_side", "mention_tone")


def _judged(measure, outlet, ids, pred, true, weights, n_judged, rng) -> pd.DataFrame:
    pick = rng.choice(len(ids), size=n_judged, replace=False)
    return pd.DataFrame({"measure": measure, "outlet": outlet, "item_id": ids[pick], "predicted": pred[pick],
                         "truth": true[pick], "weight": weights[pick], "stratum": "all", "stratum_size": len(ids)})


def simulated_audit(rng: np.random.Generator, *, rep: int = 0, n_quotes: int = 300, n_mentions: int = 300,
                    n_judged: int = 60, outlets: dict[str, tuple[float, float]] | None = None
                    ) -> tuple[dict[str, pd.DataFrame], pd.DataFrame, dict[tuple[str, str], pd.Series]]:
    """``(units, judged sheet, true shares per (figure, outlet))`` of one simulated corpus."""
    quotes, mentions, sheet, truth = [], [], [], {}
    for outlet, (side_err, tone_err) in (outlets or OUTLETS).items():
        side = rng.choice(len(SIDES), size=n_quotes, p=SIDE_SHARES)
        words = np.round(rng.lognormal(2.7, 0.7, size=n_quotes)) + 1
        side_pred = np.where(rng.random(n_quotes) < side_err, 0, side)
        tone = rng.choice(len(TONES), size=n_mentions, p=TONE_SHARES)
        tone_pred = np.where(rng.random(n_mentions) < tone_err, 1, tone)
        q_ids = np.array([f"q:{rep}:{outlet}:{i}" for i in range(n_quotes)])
        m_ids = np.array([f"m:{rep}:{outlet}:{i}" for i in range(n_mentions)])
        quotes.append(pd.DataFrame({"unit_id": q_ids, "outlet": outlet, "weight": words,
                                    "pred_source_side": SIDES[side_pred]}))
        mentions.append(pd.DataFrame({"unit_id": m_ids, "outlet": outlet, "weight": 1.0,
                                      "pred_mention_tone": TONES[tone_pred]}))
        sheet.append(_judged("source_side", outlet, q_ids, SIDES[side_pred], SIDES[side], words, n_judged, rng))
        sheet.append(_judged("mention_tone", outlet, m_ids, TONES[tone_pred], TONES[tone], np.ones(n_mentions),
                             n_judged, rng))
        side_words = pd.Series(words, index=SIDES[side]).groupby(level=0).sum()
        truth[("share_of_voice_side", outlet)] = side_words / words.sum()
        truth[("mention_tone", outlet)] = pd.Series(TONES[tone]).value_counts(normalize=True)
    sheet = pd.concat(sheet, ignore_index=True)
    sheet["row"] = np.arange(1, len(sheet) + 1)
    units = {"quote": pd.concat(quotes, ignore_index=True), "mention": pd.concat(mentions, ignore_index=True)}
    return units, sheet, truth


def coverage(reps: int = 200, *, seed: int = 2021, n_boot: int = 300, **options) -> pd.DataFrame:
    """One row per (figure, outlet, category): the share of ``reps`` simulated audits whose
    corrected / uncorrected 95% interval covers the true share (``corrected``, ``uncorrected``)."""
    rng = np.random.default_rng(seed)
    hits: dict[tuple[str, str, str], list[tuple[bool, bool]]] = {}
    for rep in range(reps):
        units, sheet, truth = simulated_audit(rng, rep=rep, **options)
        table = corrected_table(figure_draws(units, sheet, seed=rep, n_boot=n_boot, figures=FIGURES))
        for r in table[table["category"] != "net"].itertuples():
            true = truth[(r.figure, r.outlet)].get(r.category, 0.0)
            hits.setdefault((r.figure, r.outlet, r.category), []).append(
                (r.corrected_lo <= true <= r.corrected_hi, r.uncorrected_lo <= true <= r.uncorrected_hi))
    rows = [{"figure": f, "outlet": o, "category": c, "corrected": float(np.mean([h[0] for h in v])),
             "uncorrected": float(np.mean([h[1] for h in v])), "reps": len(v)} for (f, o, c), v in hits.items()]
    return pd.DataFrame(rows)
