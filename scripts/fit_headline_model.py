"""Fit the headline-or-lead model of :mod:`analysis.headlines` on NFC dev (issue 19, point 4).

Training rows: the NFC dev articles whose headline was marked by hand
(``tests/fixtures/framing/nfc_headline_words.csv``, as in ``scripts/validate_headlines.py``)
with at least three body sentences. Each gives a headline (as published, followed by the body
in paragraphs of two sentences) and a lead (the article's first sentence, followed by the rest
of the body the same way). Logistic regression (scikit-learn, L2, C=1) over
:data:`analysis.headlines.FEATURES`.

The threshold is frozen on the same rows: the largest multiple of 0.05 below which at most 1%
of the NFC headlines score (so the model costs almost no real headline). PolNeAR and PerSenT
are never read here; ``scripts/validate_headlines.py`` checks the model on them.

    python scripts/fit_headline_model.py [--nfc PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from analysis.headlines import FEATURES, HEADLINE_MODEL_FILE, headline_features
from analysis.paths import ROOT
from analysis.text import normalize, split_sentences

OUT = ROOT / "analysis" / "data" / HEADLINE_MODEL_FILE


def _validate_module():
    spec = importlib.util.spec_from_file_location("validate_headlines", ROOT / "scripts" / "validate_headlines.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def training_rows(nfc: Path) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels (1 headline, 0 lead) of the NFC rows."""
    vh = _validate_module()
    X, y = [], []
    for headline, body in vh._articles(nfc):
        sents = split_sentences(body)
        if len(sents) < 3:
            continue
        paras = [normalize(p) for p in vh._paragraphs(body)[:3]]
        X.append(headline_features(normalize(headline), paras))
        y.append(1)
        rest = [normalize(p) for p in vh._paragraphs(" ".join(sents[1:]))[:3]]
        X.append(headline_features(normalize(sents[0]), rest))
        y.append(0)
    return np.array(X), np.array(y)


def fit(nfc: Path) -> dict:
    X, y = training_rows(nfc)
    model = LogisticRegression(C=1.0, max_iter=1000).fit(X, y)
    p = model.predict_proba(X)[:, 1]
    heads = p[y == 1]
    grid = [round(0.05 * k, 2) for k in range(1, 20)]
    threshold = max(t for t in grid if (heads < t).mean() <= 0.01)
    return {
        "features": list(FEATURES),
        "coef": [round(float(c), 6) for c in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": threshold,
        "meta": {"data": "NFC dev, hand-marked headlines (tests/fixtures/framing/nfc_headline_words.csv)",
                 "headlines": int((y == 1).sum()), "leads": int((y == 0).sum()), "c": 1.0,
                 "threshold_rule": "largest multiple of 0.05 below which at most 1% of the headlines score",
                 "leads_below_threshold": round(float((p[y == 0] < threshold).mean()), 4)},
    }


def main(argv: list[str] | None = None) -> int:
    vh = _validate_module()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nfc", type=Path, default=vh.NFC, help="NFC articles_dev.tsv")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the model")
    args = parser.parse_args(argv)
    if not args.nfc.is_file():
        print(f"NFC file not found: {args.nfc}", file=sys.stderr)
        return 2
    data = fit(args.nfc)
    args.out.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(data, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
