"""Validate (and fit) the generic-frame presence model on the Narrative Frames Corpus.

Data: articles_dev.tsv of the Narrative Frames Corpus (Frermann, Li, Khanehzar & Haffari 2023,
ACL), 273 climate-change articles from 40+ US outlets with article-level labels for Semetko &
Valkenburg's five frames (RE, HI, CO, MO, EC).

Shipped model (analysis.framing.frame_scores / frame_presence): per frame, either a logistic
regression (L2, C=0.03, balanced class weights, standardised inputs) over
``analysis.framing.frame_features``: log(1 + cue hits) for each of the 19 codebook questions,
the share of sentences holding a cue of each frame, and log(1 + words). The cut-off on its
probability is the one that maximises F1 in out-of-fold predictions (inner 5-fold CV); or the
frame's cue-hit count at or above a fitted threshold, when that rule had the higher 5-fold F1
(the choice is recorded per frame in the model file as ``rule``). The
evidence behind a call is unchanged: the cue hits and their sentences (``frame_evidence``).

Reported figures are out-of-fold: repeated stratified 5-fold CV (``--repeats`` repeats, seeds
0..n-1; model and cut-off refitted inside every training fold) and leave-outlets-out CV
(GroupKFold over the normalised source name). Every frame is compared with the
always-present baseline (predict True for every article) and the earlier rule (cue-hit count
at or above a threshold fitted in the training folds): F1 of the "present" class, macro-F1
over present/absent, and accuracy (the majority-class accuracy is given beside it).

Usage:
    python scripts/validate_frames.py [--nfc PATH] [--write-model] [--repeats 5] [--json PATH]

Every run records the cross-validated figures with ``analysis.accuracy.record`` in
analysis/data/validation.json (topic ``framing``, key ``frames``) and rewrites the table of
docs/framing.md between its markers; ``--json PATH`` also writes them to PATH.
``--write-model`` refits on all rows and writes analysis/data/frame_model.json (deterministic:
same data, same bytes).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold, StratifiedKFold

from analysis import accuracy, lexicons
from analysis.framing import CODEBOOK_LEXICON, FRAMES, MODEL_FILE, feature_names, questions, text_features
from analysis.paths import ROOT

LABELS = {"conflict": "CO", "responsibility": "RE", "economic": "EC",
          "human_interest": "HI", "morality": "MO"}
DEFAULT_NFC = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"
MODEL_PATH = ROOT / "analysis" / MODEL_FILE
SEED = 0
C = 0.03


def load_nfc(path: Path) -> pd.DataFrame:
    """NFC rows with boolean labels; one stray value "False)" is read as False."""
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    for col in LABELS.values():
        df[col] = df[col].str.strip().str.strip("()").str.lower().map({"true": True, "false": False})
        if df[col].isna().any():
            raise ValueError(f"unreadable label in column {col}")
    df["group"] = df["source"].str.lower().str.replace(r"[^a-z]", "", regex=True)
    df["article_id"] = np.arange(len(df))
    return df


def best_threshold(y: np.ndarray, score: np.ndarray) -> float:
    """Smallest score cut-off ``t`` (predict ``score >= t``) with the highest F1 on (y, score)."""
    order = np.argsort(-score, kind="stable")
    ys, ss = y[order].astype(float), score[order]
    tp = np.cumsum(ys)
    f1 = 2 * tp / (np.arange(1, len(ys) + 1) + ys.sum())
    ends = np.flatnonzero(np.r_[ss[1:] != ss[:-1], True])  # a cut falls where the score changes
    return float(ss[ends[np.argmax(f1[ends])]])


class Model:
    """Standardise, logistic regression, F1-maximising cut-off from inner out-of-fold scores."""

    def fit(self, x: np.ndarray, y: np.ndarray) -> Model:
        inner = np.zeros(len(y))
        for a, b in StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED).split(x, y):
            inner[b] = self._fit(x[a], y[a]).predict(x[b])
        self.threshold = best_threshold(y, inner)
        self._fit(x, y)
        return self

    def _fit(self, x: np.ndarray, y: np.ndarray) -> Model:
        self.mean = x.mean(axis=0)
        self.scale = np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
        self.lr = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
        self.lr.fit((x - self.mean) / self.scale, y)
        return self

    def predict(self, x: np.ndarray) -> np.ndarray:
        return self.lr.predict_proba((x - self.mean) / self.scale)[:, 1]


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    return {
        "precision": round(float(precision_score(y, pred, zero_division=0)), 4),
        "recall": round(float(recall_score(y, pred, zero_division=0)), 4),
        "f1": round(float(f1_score(y, pred, zero_division=0)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(y, pred)), 4),
    }


def out_of_fold(x: np.ndarray, hits: np.ndarray, y: np.ndarray, splits: list) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold predictions of the model and of the cue-count rule over ``splits``."""
    model_pred = np.zeros(len(y), dtype=bool)
    rule_pred = np.zeros(len(y), dtype=bool)
    for train, test in splits:
        m = Model().fit(x[train], y[train])
        model_pred[test] = m.predict(x[test]) >= m.threshold
        rule_pred[test] = hits[test] >= best_threshold(y[train], hits[train])
    return model_pred, rule_pred


def mean_scores(runs: list[dict]) -> dict[str, float]:
    out = {k: round(float(np.mean([r[k] for r in runs])), 4) for k in runs[0]}
    out["sd_f1"] = round(float(np.std([r["f1"] for r in runs])), 4)
    return out


def frame_hits(feats: pd.DataFrame, frame: str) -> np.ndarray:
    """Cue hits of ``frame`` per article, recovered exactly from the log(1 + hits) features."""
    qcols = [f"log_hits_{q}" for q in questions() if q[:2] == LABELS[frame]]
    return np.expm1(feats[qcols].to_numpy()).sum(axis=1).round()


def evaluate(df: pd.DataFrame, feats: pd.DataFrame, *, n_repeats: int) -> dict:
    x = feats[feature_names()].to_numpy()
    groups = list(GroupKFold(n_splits=5).split(df, groups=df["group"]))
    result = {}
    for frame in FRAMES:
        y = df[LABELS[frame]].to_numpy(dtype=bool)
        hits = frame_hits(feats, frame)
        model_runs, rule_runs = [], []
        for r in range(n_repeats):
            skf = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED + r)
            mp, rp = out_of_fold(x, hits, y, list(skf.split(x, y)))
            model_runs.append(scores(y, mp))
            rule_runs.append(scores(y, rp))
        mp, rp = out_of_fold(x, hits, y, groups)
        result[frame] = {
            "n_articles": int(len(y)),
            "n_present": int(y.sum()),
            "majority_accuracy": round(float(max(y.mean(), 1 - y.mean())), 4),
            "always_present": scores(y, np.ones_like(y)),
            "model_5fold": mean_scores(model_runs),
            "model_outlets_held_out": scores(y, mp),
            "cue_count_rule_5fold": mean_scores(rule_runs),
            "cue_count_rule_outlets_held_out": scores(y, rp),
        }
        best = max(result[frame]["model_5fold"]["f1"], result[frame]["cue_count_rule_5fold"]["f1"])
        logistic_wins = result[frame]["model_5fold"]["f1"] > result[frame]["cue_count_rule_5fold"]["f1"]
        result[frame]["shipped_rule"] = "logistic" if logistic_wins else "cue_count"
        shipped = "model" if logistic_wins else "cue_count_rule"
        result[frame]["shipped_5fold"] = result[frame][f"{shipped}_5fold"]
        result[frame]["shipped_outlets_held_out"] = result[frame][f"{shipped}_outlets_held_out"]
        result[frame]["shipped_f1_gain_over_always_present"] = round(best - result[frame]["always_present"]["f1"], 4)
    return result


def write_model(df: pd.DataFrame, feats: pd.DataFrame, result: dict, path: Path) -> None:
    """Fit on all rows; each frame's presence rule is the one with the higher 5-fold F1."""
    x = feats[feature_names()].to_numpy()
    frames = {}
    for frame in FRAMES:
        y = df[LABELS[frame]].to_numpy(dtype=bool)
        m = Model().fit(x, y)
        hits = frame_hits(feats, frame)
        better = result[frame]["model_5fold"]["f1"] > result[frame]["cue_count_rule_5fold"]["f1"]
        frames[frame] = {
            "rule": "logistic" if better else "cue_count",
            "threshold_hits": int(best_threshold(y, hits)),
            "mean": [round(float(v), 8) for v in m.mean],
            "scale": [round(float(v), 8) for v in m.scale],
            "coef": [round(float(v), 8) for v in m.lr.coef_[0]],
            "intercept": round(float(m.lr.intercept_[0]), 8),
            "threshold": round(float(m.threshold), 8),
            "n_train": int(len(y)),
            "n_positive": int(y.sum()),
        }
    payload = {
        "about": "Frame presence model: per frame, P(present) = 1/(1+exp(-(intercept + "
                 "sum(coef * (x - mean) / scale)))) over analysis.framing.frame_features. A frame is "
                 "present when P >= threshold (rule 'logistic') or when its cue hits reach "
                 "threshold_hits (rule 'cue_count'), whichever had the higher cross-validated F1. "
                 f"Logistic regression (L2, C={C:g}, balanced) fitted on the NFC dev "
                 "set (Frermann et al. 2023, 273 articles) by scripts/validate_frames.py "
                 "--write-model; cross-validated figures in analysis/data/validation.json (framing.frames).",
        "codebook_sha256": lexicons.content_hash(CODEBOOK_LEXICON),
        "features": feature_names(),
        "frames": frames,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def print_table(result: dict) -> None:
    rows = []
    for frame, r in result.items():
        for method in ("always_present", "cue_count_rule_5fold", "cue_count_rule_outlets_held_out",
                       "model_5fold", "model_outlets_held_out"):
            rows.append({"frame": frame, "n_present": r["n_present"], "method": method, **r[method]})
    pd.set_option("display.width", 160)
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}"))


DOCS = ROOT / "docs" / "framing.md"
START, END = "<!-- validation:frames:start -->", "<!-- validation:frames:end -->"


def markdown_table(result: dict) -> str:
    """The figures as a Markdown table (written into docs/framing.md between the markers)."""
    lines = ["| frame | present | always present F1 | cue-count rule F1 | logistic F1 | shipped | "
             "shipped macro-F1 (always present) | shipped accuracy (majority) |",
             "|---|---|---|---|---|---|---|---|"]
    for frame, r in result.items():
        key = "model_5fold" if r["shipped_rule"] == "logistic" else "cue_count_rule_5fold"
        lines.append(
            f"| {frame.replace('_', ' ')} | {r['n_present']}/{r['n_articles']} | {r['always_present']['f1']:.3f} | "
            f"{r['cue_count_rule_5fold']['f1']:.3f} | {r['model_5fold']['f1']:.3f} | {r['shipped_rule']} | "
            f"{r[key]['macro_f1']:.3f} ({r['always_present']['macro_f1']:.3f}) | "
            f"{r[key]['accuracy']:.3f} ({r['majority_accuracy']:.3f}) |")
    return "\n".join(lines)


def write_docs_table(result: dict, path: Path = DOCS) -> None:
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    if START in text and END in text:
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        path.write_text(f"{head}{START}\n{markdown_table(result)}\n{END}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nfc", type=Path, default=DEFAULT_NFC)
    parser.add_argument("--write-model", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.nfc.is_file():
        print(f"NFC file not found: {args.nfc}", file=sys.stderr)
        return 2
    df = load_nfc(args.nfc)
    feats = text_features(df, text_col="text", id_col="article_id")
    result = evaluate(df, feats, n_repeats=args.repeats)
    if args.write_model:
        write_model(df, feats, result, MODEL_PATH)
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    print(f"NFC dev: {len(df)} articles; out-of-fold figures ({args.repeats} x 5-fold, and outlets held out)\n")
    print_table(result)
    figures = {"data": "NFC dev (Frermann et al. 2023), articles_dev.tsv", "repeats": args.repeats, "C": C,
               "per_frame": result}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"frames": figures}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    out = accuracy.record("framing", figures, key="frames")
    write_docs_table(result)
    print(f"recorded framing.frames in {out.relative_to(ROOT)}; wrote the table in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
