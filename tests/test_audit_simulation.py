"""The audit's correction on simulated tables with a known, outlet-specific error (issue 21).

Each repetition draws a fresh corpus: two outlets, every quote with a true side and every actor
mention with a true tone; the tool's labels are the truth with an injected error that differs by
outlet and pushes labels one way (so the uncorrected shares are biased). A person's judgements are
the truth on a random sample of units per outlet. The corrected shares (share of voice by side,
word-weighted; tone toward mentions) go through the same code as ``python -m analysis audit``
(:func:`analysis.audit.results.figure_draws` and :func:`~analysis.audit.results.corrected_table`)
and their 95% intervals must cover the true shares of the simulated tables in at least 90% of
200 repetitions; the uncorrected intervals must not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.audit.results import corrected_table, figure_draws

SIDES = np.array(["Russia", "United States", "Ukraine", "unknown"])
TONES = np.array(["negative", "neutral", "positive"])
#: outlet -> (error rate on sides, error rate on tone); errors push sides to "Russia" and tone to "neutral"
OUTLETS = {"Outlet A": (0.05, 0.10), "Outlet B": (0.25, 0.35)}
REPS = 200
N_QUOTES, N_MENTIONS, N_JUDGED = 300, 300, 60


def _simulate(rng: np.random.Generator, rep: int) -> tuple[dict, pd.DataFrame, dict]:
    quotes, mentions, sheet, truth = [], [], [], {}
    for outlet, (side_err, tone_err) in OUTLETS.items():
        side = rng.choice(len(SIDES), size=N_QUOTES, p=[0.4, 0.3, 0.2, 0.1])
        words = np.round(rng.lognormal(2.7, 0.7, size=N_QUOTES)) + 1
        side_pred = np.where(rng.random(N_QUOTES) < side_err, 0, side)
        tone = rng.choice(len(TONES), size=N_MENTIONS, p=[0.35, 0.4, 0.25])
        tone_pred = np.where(rng.random(N_MENTIONS) < tone_err, 1, tone)
        q_ids = [f"q:{rep}:{outlet}:{i}" for i in range(N_QUOTES)]
        m_ids = [f"m:{rep}:{outlet}:{i}" for i in range(N_MENTIONS)]
        quotes.append(pd.DataFrame({"unit_id": q_ids, "outlet": outlet, "weight": words,
                                    "pred_source_side": SIDES[side_pred]}))
        mentions.append(pd.DataFrame({"unit_id": m_ids, "outlet": outlet, "weight": 1.0,
                                      "pred_mention_tone": TONES[tone_pred]}))
        judged = (("source_side", q_ids, SIDES[side_pred], SIDES[side], words, N_QUOTES),
                  ("mention_tone", m_ids, TONES[tone_pred], TONES[tone], np.ones(N_MENTIONS), N_MENTIONS))
        for measure, ids, pred, true, w, n in judged:
            pick = rng.choice(n, size=N_JUDGED, replace=False)
            sheet.append(pd.DataFrame({"measure": measure, "outlet": outlet, "item_id": np.asarray(ids)[pick],
                                       "predicted": pred[pick], "truth": true[pick], "weight": w[pick],
                                       "stratum": "all", "stratum_size": n}))
        side_words = pd.Series(words, index=SIDES[side]).groupby(level=0).sum()
        truth[("share_of_voice_side", outlet)] = side_words / words.sum()
        truth[("mention_tone", outlet)] = pd.Series(TONES[tone]).value_counts(normalize=True)
    sheet = pd.concat(sheet, ignore_index=True)
    sheet["row"] = np.arange(1, len(sheet) + 1)
    units = {"quote": pd.concat(quotes, ignore_index=True), "mention": pd.concat(mentions, ignore_index=True)}
    return units, sheet, truth


def test_corrected_intervals_cover_the_truth_and_uncorrected_do_not():
    rng = np.random.default_rng(2021)
    hits: dict[tuple, list[tuple[bool, bool]]] = {}
    for rep in range(REPS):
        units, sheet, truth = _simulate(rng, rep)
        draws = figure_draws(units, sheet, seed=rep, n_boot=300, figures=("share_of_voice_side", "mention_tone"))
        table = corrected_table(draws)
        table = table[table["category"] != "net"]
        for r in table.itertuples():
            true = truth[(r.figure, r.outlet)].get(r.category, 0.0)
            hits.setdefault((r.figure, r.outlet, r.category), []).append(
                (r.corrected_lo <= true <= r.corrected_hi, r.uncorrected_lo <= true <= r.uncorrected_hi))
    coverage = {k: np.mean(v, axis=0) for k, v in hits.items()}
    assert len(coverage) == 2 * (len(SIDES) + len(TONES))
    corrected = {k: c for k, (c, _) in coverage.items()}
    assert min(corrected.values()) >= 0.90, corrected
    # the biased shares of the outlet with the larger error: the uncorrected intervals miss them
    for key in [("share_of_voice_side", "Outlet B", "Russia"), ("mention_tone", "Outlet B", "neutral"),
                ("mention_tone", "Outlet B", "negative")]:
        assert coverage[key][1] < 0.90, (key, coverage[key])
    uncorrected_mean = np.mean([u for _, u in coverage.values()])
    assert uncorrected_mean < 0.90 <= np.mean(list(corrected.values()))
