"""The audit's correction on simulated tables with a known, outlet-specific error (issue 21).

:func:`analysis.audit.simulate.coverage` draws 200 corpora whose labels carry an injected error
(5% / 25% of sides and 10% / 35% of tones wrong, pushed one way, in outlets A / B), judges a
random sample of each with the truth, and runs the audit's own estimator. The corrected 95%
intervals (share of voice by side, word-weighted; tone toward mentions) must cover the true
shares in at least 90% of the repetitions; the uncorrected ones must not.
"""

from __future__ import annotations

from analysis.audit.simulate import SIDES, TONES, coverage


def test_corrected_intervals_cover_the_truth_and_uncorrected_do_not():
    table = coverage(200).set_index(["figure", "outlet", "category"])
    assert len(table) == 2 * (len(SIDES) + len(TONES)) and (table["reps"] == 200).all()
    assert table["corrected"].min() >= 0.90, table
    # the biased shares of the outlet with the larger error: the uncorrected intervals miss them
    for key in [("share_of_voice_side", "Outlet B", "Russia"), ("mention_tone", "Outlet B", "neutral"),
                ("mention_tone", "Outlet B", "negative")]:
        assert table.loc[key, "uncorrected"] < 0.90, (key, table.loc[key])
    assert table["uncorrected"].mean() < 0.90 <= table["corrected"].mean()
