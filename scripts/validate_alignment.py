"""Validate the sentence alignment of analysis.compare (a benchmark, not a unit test).

Data (all in tests/gold/):

1. ``alignment_nfc.csv``: sentence pairs from articles of different outlets reporting the same
   event (Narrative Frames Corpus, real US news, 2017-2019), labelled by hand: 2 = the same
   fact or claim (a counterpart), 1 = the same event but a different or only partly shared
   claim, 0 = different content; plus random pairs from articles about different events
   (label 0, ``source=other_event``). Split by article pair into ``fit`` (used to fit the
   model's coefficients and thresholds) and ``test`` (held out, reported below).
2. ``alignment_seeds.csv``: for each seed sentence with a counterpart in the other outlet,
   its counterpart(s) (hand alignment of both directions). Never used for fitting.

Methods compared: the earlier rule (TF-IDF cosine >= 0.25 and >= 2 shared stems), embedding
cosine alone (WordLlama), and the logistic model over all five features (the default).

Run: .venv/bin/python scripts/validate_alignment.py [--fit]
``--fit`` refits the model on the fit split and rewrites analysis/data/alignment_model.json;
without it the shipped model is evaluated. Records the figures with analysis.accuracy.record in
analysis/data/validation.json (topic ``coverage``) and writes the tables of docs/coverage.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings

import numpy as np
import pandas as pd

from analysis.paths import ROOT

GOLD = ROOT / "tests" / "gold"
MODEL_PATH = ROOT / "analysis" / "data" / "alignment_model.json"
#: The shared threshold is the lowest score reaching this precision on the fit split (same-event
#: content, label >= 1); the partly-shared threshold maximises F1 there; the same-claim threshold
#: (used for number discrepancies) is the lowest score reaching this precision for label 2.
TARGET_PRECISION = 0.8


def _prf(y: np.ndarray, pred: np.ndarray) -> dict:
    tp = int((y & pred).sum())
    p = tp / pred.sum() if pred.sum() else float("nan")
    r = tp / y.sum() if y.sum() else float("nan")
    f1 = 2 * p * r / (p + r) if tp else 0.0
    return {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f1), 3),
            "n_pos": int(y.sum()), "n": int(len(y))}


def _auc(y: np.ndarray, s: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return round(float(roc_auc_score(y, s)), 3) if 0 < y.sum() < len(y) else float("nan")


def _best_threshold(y: np.ndarray, s: np.ndarray) -> float:
    grid = np.unique(np.round(s, 3))
    f1 = [_prf(y, s >= t)["f1"] for t in grid]
    return float(grid[int(np.argmax(f1))])


def _precise_threshold(y: np.ndarray, s: np.ndarray, precision: float) -> float:
    """The lowest threshold whose precision on (y, s) reaches ``precision``."""
    for t in np.unique(np.round(s, 3)):
        pred = s >= t
        if pred.sum() and (y & pred).sum() / pred.sum() >= precision:
            return float(t)
    return 1.0


def fit_model(gold: pd.DataFrame, feats: pd.DataFrame) -> dict:
    """Logistic regression (L2; C chosen by 5-fold cross-validated ROC-AUC on the fit split):
    same-event content (label >= 1) against the rest."""
    from sklearn.linear_model import LogisticRegressionCV

    from analysis.compare import matching as A
    from analysis.compare.features import FEATURES

    caps = {"shared_terms": 6, "shared_entities": 4, "shared_numbers": 2}
    fit = (gold["split"] == "fit").to_numpy()
    X = np.column_stack([np.minimum(feats[f].to_numpy(float), caps.get(f, np.inf)) for f in FEATURES])
    y = (gold["label"] >= 1).to_numpy()
    with warnings.catch_warnings():  # scikit-learn announces default changes that do not affect L2 fits
        warnings.simplefilter("ignore", FutureWarning)
        lr = LogisticRegressionCV(Cs=[0.1, 1.0, 10.0, 100.0], cv=5, scoring="roc_auc", max_iter=5000)
        lr.fit(X[fit], y[fit])
    model = {"caps": caps, "coef": [round(float(c), 4) for c in lr.coef_[0]], "features": list(FEATURES),
             "intercept": round(float(lr.intercept_[0]), 4), "thresholds": {"partly": 0.0, "shared": 0.5}}
    MODEL_PATH.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    A.model.cache_clear()
    s = A.score_pairs(feats)
    shared_t = _precise_threshold(y[fit], s[fit], TARGET_PRECISION)
    partly_t = _best_threshold(y[fit], s[fit])
    claim_t = _precise_threshold((gold["label"] >= 2).to_numpy()[fit], s[fit], TARGET_PRECISION)
    model["thresholds"] = {"partly": round(min(partly_t, shared_t), 3), "same_claim": round(max(claim_t, shared_t), 3),
                           "shared": round(shared_t, 3)}
    MODEL_PATH.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    A.model.cache_clear()
    return model


def pair_metrics(gold: pd.DataFrame, feats: pd.DataFrame) -> dict:
    from analysis.compare import matching as A

    test = (gold["split"] == "test").to_numpy()
    fit = ~test
    scores = {
        "tfidf_rule": feats["tfidf"].to_numpy(),
        "embedding_cosine": feats["cosine"].to_numpy(),
        "model": A.score_pairs(feats),
    }
    rules = {
        "tfidf_rule": (feats["tfidf"].to_numpy() >= 0.25) & (feats["shared_terms"].to_numpy() >= 2),
        "embedding_cosine": scores["embedding_cosine"]
        >= _precise_threshold((gold["label"] >= 1).to_numpy()[fit], scores["embedding_cosine"][fit], TARGET_PRECISION),
        "model": (scores["model"] >= A.model()["thresholds"]["shared"])
        & (feats["shared_terms"].to_numpy() >= A.MIN_SHARED_TERMS),
    }
    partly = scores["model"] >= A.model()["thresholds"]["partly"]
    hand = (gold["source"] == "hand").to_numpy()
    out = {}
    for name, s in scores.items():
        m = {}
        for cond, mask in {"all_test": test, "same_event_test": test & hand}.items():
            lab = gold["label"].to_numpy()[mask]
            m[cond] = {
                "auc_counterpart": _auc(lab >= 2, s[mask]),
                "auc_same_event_content": _auc(lab >= 1, s[mask]),
                "shared_decision_vs_counterpart": _prf(lab >= 2, rules[name][mask]),
                "shared_decision_vs_same_event_content": _prf(lab >= 1, rules[name][mask]),
                **({"shared_or_partly_vs_same_event_content": _prf(lab >= 1, partly[mask])} if name == "model" else {}),
            }
        para = test & hand & (gold["label"] != 1).to_numpy()
        m["paraphrase_vs_same_event_other_claim_auc"] = _auc(gold["label"].to_numpy()[para] >= 2, s[para])
        out[name] = m
    return out


def seed_metrics() -> dict:
    from analysis.compare.matching import align
    from analysis.corpus import load_corpus
    from analysis.paths import SEEDS_DIR

    corpus = load_corpus(SEEDS_DIR)
    gold = pd.read_csv(GOLD / "alignment_seeds.csv")
    al = align(corpus.sentences, corpus.articles)
    has_gold = set(zip(gold["article_a"], gold["sent_a"], strict=True))
    gold_pairs = set(zip(gold["article_a"], gold["sent_a"], gold["article_b"], gold["sent_b"], strict=True))
    shared = al[al["shared"]]
    predicted = set(zip(shared["article_id"], shared["sent_id"], strict=True))
    found = {(r.article_id, r.sent_id) for r in shared.itertuples()
             if (r.article_id, r.sent_id, r.match_article_id, r.match_sent_id) in gold_pairs}
    tp = len(predicted & has_gold)
    return {
        "sentences": int(len(corpus.sentences)),
        "with_counterpart_gold": len(has_gold),
        "marked_shared": len(predicted),
        "sentence_precision": round(tp / len(predicted), 3) if predicted else float("nan"),
        "sentence_recall": round(tp / len(has_gold), 3),
        "sentences_whose_match_is_a_gold_counterpart": round(len(found) / len(has_gold), 3),
    }


DOCS = ROOT / "docs" / "coverage.md"
_START, _END = "<!-- validation:start -->", "<!-- validation:end -->"
_LABELS = {"tfidf_rule": "TF-IDF rule (>= 0.25, >= 2 stems; before)", "embedding_cosine": "embedding cosine alone",
           "model": "pair model (default)"}


def validation_markdown(result: dict) -> str:
    """The validation tables of docs/coverage.md, from the measured result."""
    lines = ["Held-out NFC pairs (test half). AUC: same-event content (labels 1-2) vs different content; "
             "P/R/F1: the *shared* decision against same-event content.", "",
             "| method | AUC all test pairs | AUC same-event articles only | AUC paraphrase (2 vs 0) "
             "| precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    for name, m in result["pairs"].items():
        d = m["all_test"]["shared_decision_vs_same_event_content"]
        lines.append(f"| {_LABELS.get(name, name)} | {m['all_test']['auc_same_event_content']} "
                     f"| {m['same_event_test']['auc_same_event_content']} "
                     f"| {m['paraphrase_vs_same_event_other_claim_auc']} | {d['precision']} | {d['recall']} "
                     f"| {d['f1']} |")
    d = result["pairs"]["model"]["all_test"]["shared_or_partly_vs_same_event_content"]
    lines += ["", f"Pair model, *shared or partly shared* against same-event content: precision {d['precision']}, "
              f"recall {d['recall']}, F1 {d['f1']}."]
    s = result["seeds"]
    lines += ["", f"Seeds (hand alignment, never fitted on): {s['with_counterpart_gold']} of {s['sentences']} "
              f"sentences have a counterpart; the model marks {s['marked_shared']} sentences shared, "
              f"precision {s['sentence_precision']}, recall {s['sentence_recall']}; for "
              f"{s['sentences_whose_match_is_a_gold_counterpart']} of the sentences with a counterpart the "
              "chosen match is a hand-aligned counterpart.", "",
              f"Thresholds: shared >= {result['model']['thresholds']['shared']}, partly shared >= "
              f"{result['model']['thresholds']['partly']}, same claim (number discrepancies) >= "
              f"{result['model']['thresholds'].get('same_claim')} (pair probability)."]
    return "\n".join(lines)


def write_docs(result: dict) -> None:
    text = DOCS.read_text(encoding="utf-8")
    if _START in text and _END in text:
        head, rest = text.split(_START, 1)
        tail = rest.split(_END, 1)[1]
        DOCS.write_text(f"{head}{_START}\n{validation_markdown(result)}\n{_END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", action="store_true", help="refit the model on the fit split")
    args = parser.parse_args()
    from analysis.compare.features import text_pair_features

    gold = pd.read_csv(GOLD / "alignment_nfc.csv")
    feats = text_pair_features(gold["text_a"], gold["text_b"])
    if args.fit:
        print("fitted:", json.dumps(fit_model(gold, feats)))
    from analysis.compare import matching as A

    result = {
        "model": A.model(),
        "pairs": pair_metrics(gold, feats),
        "seeds": seed_metrics(),
        "data": {"nfc_pairs": gold.groupby(["split", "label"]).size().rename("n").reset_index().to_dict("records")},
    }
    write_docs(result)
    from analysis import accuracy

    accuracy.record("coverage", result)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
