"""Frame prevalence per outlet from probabilities, tested differences and carrier sentences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis.framing as F


def _frames(probs: dict[str, list[float]], frame: str = "conflict") -> pd.DataFrame:
    """A frames table with one row per article; ``frame`` gets the given probabilities per outlet,
    every other frame 0.5."""
    rows = []
    for outlet, values in probs.items():
        for i, p in enumerate(values):
            row = {"article_id": f"{outlet}-{i}", "outlet": outlet}
            for f in F.FRAMES:
                prob = p if f == frame else 0.5
                row.update({f"{f}_prob": prob, f: prob >= 0.5, f"{f}_sent_id": 0, f"{f}_sent_start": 0,
                            f"{f}_sent_end": 5, f"{f}_similarity": 0.1})
            rows.append(row)
    return pd.DataFrame(rows)


def test_prevalence_is_the_mean_probability_with_a_bootstrap_interval():
    table = _frames({"A": [0.2, 0.4, 0.6], "B": [0.9, 0.9]})
    prev = F.frame_prevalence(table, n_boot=500)
    assert len(prev) == 2 * len(F.FRAMES)
    a = prev[(prev.outlet == "A") & (prev.frame == "conflict")].iloc[0]
    assert a.prevalence == pytest.approx(0.4) and a.n_articles == 3
    assert a.prevalence_lo <= a.prevalence <= a.prevalence_hi
    assert a.share_called == pytest.approx(1 / 3)  # thresholded count differs from the estimate
    b = prev[(prev.outlet == "B") & (prev.frame == "conflict")].iloc[0]
    assert b.prevalence_lo == b.prevalence_hi == pytest.approx(0.9)
    assert list(prev[prev.outlet == "A"].frame) == list(F.FRAMES)


@pytest.mark.parametrize(
    ("probs", "differs"),
    [
        ({"A": [0.9] * 15 + [0.8] * 15, "B": [0.1] * 15 + [0.2] * 15, "C": [0.15] * 30}, {"A", "B", "C"}),
        ({"A": [0.5, 0.6] * 10, "B": [0.6, 0.5] * 10}, set()),
    ],
)
def test_findings_name_only_differences_that_pass_the_tests(probs, differs):
    summary, pairs = F.frame_findings(_frames(probs), n_perm=999)
    row = summary.set_index("frame").loc["conflict"]
    assert set(filter(None, row["differ"].split("|"))) == differs
    if differs:
        assert row["p_omnibus"] < 0.05 and "A (" in row["text"] and "Holm" in row["text"]
        assert pairs[(pairs.frame == "conflict") & (pairs.a == "B") & (pairs.b == "C")]["differs"].item() is False
    else:
        assert "no clear difference" in row["text"]
    others = summary.set_index("frame").drop("conflict")
    assert (others["differ"] == "").all()  # every outlet has 0.5 on the other frames


@pytest.mark.parametrize("probs", [
    {"A": [0.9] * 15 + [0.8] * 15, "B": [0.1] * 15 + [0.2] * 15, "C": [0.15] * 30},
    {"A": [0.5, 0.6] * 10, "B": [0.6, 0.5] * 10},
])
def test_without_all_pairs_the_summary_is_the_same_and_only_rejecting_frames_keep_pairs(probs):
    full_summary, full_pairs = F.frame_findings(_frames(probs), n_perm=999)
    summary, pairs = F.frame_findings(_frames(probs), n_perm=999, all_pairs=False)
    pd.testing.assert_frame_equal(summary, full_summary, check_exact=True)
    rejecting = set(full_summary.loc[full_summary["p_omnibus"] < 0.05, "frame"])
    assert set(pairs["frame"]) == rejecting & set(full_pairs["frame"])
    kept = full_pairs[full_pairs["frame"].isin(rejecting)].reset_index(drop=True)
    if len(kept):
        pd.testing.assert_frame_equal(pairs.reset_index(drop=True), kept, check_exact=True)
    else:
        assert pairs.empty and list(pairs.columns) == list(full_pairs.columns)


def test_one_outlet_is_not_compared():
    summary, pairs = F.frame_findings(_frames({"A": [0.2, 0.4]}), n_perm=99)
    assert summary["p_omnibus"].isna().all() and pairs.empty
    assert "nothing to compare" in summary.loc[0, "text"]


def test_carriers_are_the_top_articles_sentences():
    table = _frames({"A": [0.2, 0.9, 0.6, 0.7], "B": [0.3]})
    table.loc[0, "conflict_sent_id"] = -1  # an empty article has no carrier
    sentences = pd.DataFrame({"article_id": table["article_id"], "sent_id": 0,
                              "text": [f"sentence of {a}" for a in table["article_id"]]})
    out = F.frame_carriers(table, sentences, per_group=2)
    conflict_a = out[(out.outlet == "A") & (out.frame == "conflict")]
    assert list(conflict_a["article_id"]) == ["A-1", "A-3"] and list(conflict_a["rank"]) == [1, 2]
    assert list(conflict_a["sentence"]) == ["sentence of A-1", "sentence of A-3"]
    assert len(out[(out.outlet == "B")]) == len(F.FRAMES)


def test_prevalence_needs_probabilities():
    with pytest.raises(ValueError, match="conflict_prob"):
        F.frame_prevalence(pd.DataFrame({"article_id": [1], "outlet": ["A"]}))


def test_prevalence_on_real_frame_scores_stays_in_range():
    texts = ["Critics accused the mayor of lying.", "Taxes will cost families more.",
             "Rain fell.", "The church said it is a sin to waste food."]
    df = pd.DataFrame({"article_id": range(4), "outlet": ["A", "A", "B", "B"], "text": texts})
    scores = F.frame_scores(df, group_col="outlet")
    prev = F.frame_prevalence(scores, n_boot=200)
    assert prev["prevalence"].between(0, 1).all()
    assert np.isfinite(prev[["prevalence_lo", "prevalence_hi"]].to_numpy()).all()
