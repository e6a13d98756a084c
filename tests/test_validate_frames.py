"""The frame validation script's helpers: prevalence estimators and the stored forest check."""

import importlib.util

import numpy as np
import pytest

from analysis.paths import ROOT


@pytest.fixture(scope="module")
def vf():
    spec = importlib.util.spec_from_file_location("validate_frames", ROOT / "scripts" / "validate_frames.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_adjusted_counts_undo_a_known_error_rate(vf):
    # 10 articles, 5 called present; the call finds 80% of present articles and 20% of absent ones,
    # so 5 calls = 0.8 k + 0.2 (10 - k) -> k = 5; probabilities average 0.4 with mean 0.7 among
    # present and 0.2 among absent articles -> (0.4 - 0.2) / 0.5 = 0.4
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.3, 0.1, 0.05, 0.03, 0.02])
    fold = {"threshold": 0.5, "tpr": 0.8, "fpr": 0.2, "mean_pos": 0.7, "mean_neg": 0.2, "share": 0.3}
    est = vf.prevalence_estimates(p, fold)
    assert est["mean_probability"] == pytest.approx(p.mean())
    assert est["classify_count"] == pytest.approx(0.5)
    assert est["adjusted_count"] == pytest.approx((0.5 - 0.2) / 0.6)
    assert est["probabilistic_adjusted_count"] == pytest.approx((p.mean() - 0.2) / 0.5)
    assert est["training_share"] == 0.3
    low = vf.prevalence_estimates(np.full(4, 0.01), fold)
    assert low["adjusted_count"] == 0 and low["probabilistic_adjusted_count"] == 0  # clipped to [0, 1]


def test_outlet_prevalence_spread_if_calibrated(vf):
    import pandas as pd

    df = pd.DataFrame({"group": ["a"] * 20 + ["b"] * 3})
    y = np.r_[np.ones(10, bool), np.zeros(13, bool)]
    prob = np.full(23, 0.5)
    out = vf.outlet_prevalence(df, y, prob)
    assert set(out) == {"a"}  # "b" has fewer than MIN_OUTLET_ARTICLES
    assert out["a"]["error_points"] == pytest.approx(0.0)
    assert out["a"]["sd_if_calibrated_points"] == pytest.approx(100 * np.sqrt(20 * 0.25) / 20, abs=0.01)


def test_forest_json_refuses_a_forest_it_cannot_reproduce(vf, monkeypatch):
    from sklearn.ensemble import RandomForestClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 3))
    rf = RandomForestClassifier(n_estimators=5, random_state=0).fit(x, x[:, 0] > 0)
    assert set(vf.forest_json(rf, x)) == {"feature", "threshold", "left", "right", "value", "roots"}
    monkeypatch.setattr(vf, "forest_score", lambda forest, rows: np.zeros(len(rows)))
    with pytest.raises(AssertionError):
        vf.forest_json(rf, x)
