"""Validate (and fit) the generic-frame presence model on the Narrative Frames Corpus.

Data: articles_dev.tsv of the Narrative Frames Corpus (Frermann, Li, Khanehzar & Haffari 2023,
ACL), 273 climate-change articles from 40+ US outlets with article-level labels for Semetko &
Valkenburg's five frames (RE, HI, CO, MO, EC).

Shipped model (analysis.framing.frame_scores / frame_presence): per frame, a logistic regression
(L2, standardised inputs) over a subset of ``analysis.framing.frame_features`` -- the codebook cue
counts alone, plus the sentence-similarity summaries (largest, top-3 mean and mean similarity of
the article's sentences to the frame's codebook questions and example statements, WordLlama
embeddings), or plus also the article's mean sentence vector -- and its penalty C, both chosen
by cross-validated ROC AUC with outlets grouped (GroupKFold on the normalised NFC ``source``).
Its scores are calibrated by Platt scaling fitted on out-of-fold scores, and the cut-off for a
"present" call is the one with the highest out-of-fold F1. The probability is kept for
prevalence estimates (mean probability per outlet).

All reported figures are out-of-fold with outlets grouped: outer GroupKFold (5 folds) over
outlets; inside each training part the feature set, C, the Platt calibration and the cut-off are
chosen by an inner GroupKFold, so the test outlets are never seen. Baselines: always-present and
the earlier cue-count rule (cue hits at or above a count fitted in the training part).

Usage:
    python scripts/validate_frames.py [--nfc PATH] [--write-model] [--json PATH]

Every run records the figures with ``analysis.accuracy.record`` in analysis/data/validation.json
(topic ``framing``, key ``frames``) and rewrites the table of docs/framing.md between its
markers. ``--write-model`` refits on all rows and writes analysis/data/frame_model.json
(deterministic: same data, same bytes) with the SHA-256 of the training data and the lexicons.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, brier_score_loss, f1_score, precision_score, recall_score, roc_auc_score
from sklearn.model_selection import GroupKFold

from analysis import accuracy, lexicons
from analysis.embed import MODEL_NAME
from analysis.framing import CODEBOOK_LEXICON, FRAMES, MODEL_FILE, questions, text_features
from analysis.framing.presence import cue_feature_names, feature_names
from analysis.framing.semantic import prototype_hash, semantic_feature_names
from analysis.paths import ROOT

LABELS = {"conflict": "CO", "responsibility": "RE", "economic": "EC",
          "human_interest": "HI", "morality": "MO"}
DEFAULT_NFC = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"
MODEL_PATH = ROOT / "analysis" / MODEL_FILE
FOLDS = 5
C_GRID = (0.003, 0.01, 0.03, 0.1)
MIN_OUTLET_ARTICLES = 20  # per-outlet prevalence is compared for outlets with at least this many


def feature_sets() -> dict[str, list[str]]:
    """The candidate inputs of a frame's model, from fewest to most."""
    cues = cue_feature_names()
    sims = semantic_feature_names()
    return {"cues": cues, "cues+similarity": cues + sims, "cues+similarity+vector": feature_names()}


def load_nfc(path: Path) -> pd.DataFrame:
    """NFC rows with boolean labels; one stray value "False)" is read as False."""
    df = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    for col in LABELS.values():
        df[col] = df[col].str.strip().str.strip("()").str.lower().map({"true": True, "false": False})
        if df[col].isna().any():
            raise ValueError(f"{path}: unreadable label in column {col}")
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


class Logit:
    """Standardise, then an L2 logistic regression; ``decision`` is the linear score."""

    def __init__(self, c: float) -> None:
        self.c = c

    def fit(self, x: np.ndarray, y: np.ndarray) -> Logit:
        self.mean = x.mean(axis=0)
        sd = x.std(axis=0)
        self.scale = np.where(sd > 0, sd, 1.0)
        self.lr = LogisticRegression(C=self.c, max_iter=5000).fit((x - self.mean) / self.scale, y)
        return self

    def decision(self, x: np.ndarray) -> np.ndarray:
        return self.lr.decision_function((x - self.mean) / self.scale)


def grouped_splits(y: np.ndarray, groups: np.ndarray, n: int = FOLDS) -> list:
    return list(GroupKFold(n_splits=min(n, len(set(groups)))).split(y, y, groups))


class FrameModel:
    """Feature set and C chosen by grouped-CV ROC AUC, Platt calibration and F1 cut-off from
    grouped out-of-fold scores, then the chosen logistic regression refitted on all rows."""

    def fit(self, feats: pd.DataFrame, y: np.ndarray, groups: np.ndarray) -> FrameModel:
        splits = grouped_splits(y, groups)
        best = None
        for name, cols in feature_sets().items():
            x = feats[cols].to_numpy()
            for c in C_GRID:
                oof = np.zeros(len(y))
                for a, b in splits:
                    oof[b] = Logit(c).fit(x[a], y[a]).decision(x[b])
                auc = roc_auc_score(y, oof)
                if best is None or auc > best[0] + 1e-9:
                    best = (auc, name, c, oof)
        self.inner_auc, self.feature_set, self.c, oof = best
        self.features = feature_sets()[self.feature_set]
        platt = LogisticRegression(C=1e6, max_iter=5000).fit(oof[:, None], y)
        self.platt = (float(platt.coef_[0, 0]), float(platt.intercept_[0]))
        self.threshold = best_threshold(y, self._calibrate(oof))
        self.logit = Logit(self.c).fit(feats[self.features].to_numpy(), y)
        return self

    def _calibrate(self, z: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(self.platt[0] * z + self.platt[1])))

    def proba(self, feats: pd.DataFrame) -> np.ndarray:
        return self._calibrate(self.logit.decision(feats[self.features].to_numpy()))


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    return {
        "precision": round(float(precision_score(y, pred, zero_division=0)), 4),
        "recall": round(float(recall_score(y, pred, zero_division=0)), 4),
        "f1": round(float(f1_score(y, pred, zero_division=0)), 4),
        "macro_f1": round(float(f1_score(y, pred, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(y, pred)), 4),
    }


def frame_hits(feats: pd.DataFrame, frame: str) -> np.ndarray:
    """Cue hits of ``frame`` per article, recovered exactly from the log(1 + hits) features."""
    qcols = [f"log_hits_{q}" for q in questions() if q[:2] == LABELS[frame]]
    return np.expm1(feats[qcols].to_numpy()).sum(axis=1).round()


def outlet_prevalence(df: pd.DataFrame, y: np.ndarray, prob: np.ndarray) -> dict:
    """Hand-labelled vs estimated (mean out-of-fold probability) prevalence per large outlet."""
    out = {}
    for outlet, idx in df.groupby("group").indices.items():
        if len(idx) >= MIN_OUTLET_ARTICLES:
            out[outlet] = {"n_articles": int(len(idx)), "labelled": round(float(y[idx].mean()), 4),
                           "estimated": round(float(prob[idx].mean()), 4),
                           "error_points": round(100 * float(prob[idx].mean() - y[idx].mean()), 2)}
    return out


def evaluate(df: pd.DataFrame, feats: pd.DataFrame) -> dict:
    groups = df["group"].to_numpy()
    result = {}
    for frame in FRAMES:
        y = df[LABELS[frame]].to_numpy(dtype=bool)
        hits = frame_hits(feats, frame)
        prob = np.zeros(len(y))
        pred = np.zeros(len(y), dtype=bool)
        rule = np.zeros(len(y), dtype=bool)
        chosen = []
        for train, test in grouped_splits(y, groups):
            m = FrameModel().fit(feats.iloc[train], y[train], groups[train])
            prob[test] = m.proba(feats.iloc[test])
            pred[test] = prob[test] >= m.threshold
            rule[test] = hits[test] >= best_threshold(y[train], hits[train])
            chosen.append(f"{m.feature_set} C={m.c:g}")
        always = scores(y, np.ones_like(y))
        model = {**scores(y, pred), "roc_auc": round(float(roc_auc_score(y, prob)), 4),
                 "brier": round(float(brier_score_loss(y, prob)), 4),
                 "mean_probability": round(float(prob.mean()), 4)}
        per_outlet = outlet_prevalence(df, y, prob)
        result[frame] = {
            "n_articles": int(len(y)), "n_present": int(y.sum()),
            "prevalence": round(float(y.mean()), 4),
            "majority_accuracy": round(float(max(y.mean(), 1 - y.mean())), 4),
            "always_present": always,
            "cue_count_rule_outlets_held_out": {**scores(y, rule),
                                                "roc_auc": round(float(roc_auc_score(y, hits)), 4)},
            "model_outlets_held_out": model,
            "f1_gain_over_always_present": round(model["f1"] - always["f1"], 4),
            "meets_f1_target": bool(model["f1"] >= always["f1"] + 0.05),
            "meets_auc_target": bool(model["roc_auc"] >= 0.75),
            "chosen_per_fold": chosen,
            "outlet_prevalence": per_outlet,
            "max_outlet_prevalence_error_points": (max(abs(v["error_points"]) for v in per_outlet.values())
                                                   if per_outlet else None),
        }
    return result


def write_model(df: pd.DataFrame, feats: pd.DataFrame, nfc_path: Path, path: Path) -> None:
    """Fit every frame's model on all rows (choices by grouped CV) and write it as JSON."""
    groups = df["group"].to_numpy()
    frames = {}
    for frame in FRAMES:
        y = df[LABELS[frame]].to_numpy(dtype=bool)
        m = FrameModel().fit(feats, y, groups)
        frames[frame] = {
            "rule": "logistic",
            "feature_set": m.feature_set,
            "C": m.c,
            "features": m.features,
            "mean": [round(float(v), 7) for v in m.logit.mean],
            "scale": [round(float(v), 7) for v in m.logit.scale],
            "coef": [round(float(v), 7) for v in m.logit.lr.coef_[0]],
            "intercept": round(float(m.logit.lr.intercept_[0]), 7),
            "platt": [round(v, 7) for v in m.platt],
            "threshold": round(float(m.threshold), 7),
            "grouped_cv_auc": round(float(m.inner_auc), 4),
            "n_train": int(len(y)),
            "n_positive": int(y.sum()),
        }
    payload = {
        "about": "Frame presence model: per frame, z = intercept + sum(coef * (x - mean) / scale) over "
                 "the frame's 'features' (analysis.framing.frame_features), P(present) = 1/(1+exp(-(a z + c))) "
                 "with platt = [a, c]; present when P >= threshold. Feature set and C chosen by ROC AUC in "
                 "GroupKFold over outlets; Platt calibration and F1 cut-off from grouped out-of-fold scores. "
                 "Fitted on the NFC dev set (Frermann et al. 2023, 273 articles) by scripts/validate_frames.py "
                 "--write-model; out-of-fold figures in analysis/data/validation.json (framing.frames).",
        "codebook_sha256": lexicons.content_hash(CODEBOOK_LEXICON),
        "prototypes_sha256": prototype_hash(),
        "training_data": "NFC articles_dev.tsv (Frermann et al. 2023, MIT licence)",
        "training_data_sha256": hashlib.sha256(nfc_path.read_bytes()).hexdigest(),
        "embedding_model": MODEL_NAME,
        "frames": frames,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")


DOCS = ROOT / "docs" / "framing.md"
START, END = "<!-- validation:frames:start -->", "<!-- validation:frames:end -->"


def markdown_table(result: dict) -> str:
    """The figures as a Markdown table (written into docs/framing.md between the markers)."""
    lines = ["| frame | present | always-present F1 | cue-count rule F1 | model F1 | model ROC AUC | "
             "macro-F1 (always present) | accuracy (majority) | prevalence: labelled / mean probability | "
             "targets met (F1 +0.05, AUC 0.75) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for frame, r in result.items():
        m = r["model_outlets_held_out"]
        met = ("yes" if r["meets_f1_target"] else "no") + " / " + ("yes" if r["meets_auc_target"] else "no")
        lines.append(
            f"| {frame.replace('_', ' ')} | {r['n_present']}/{r['n_articles']} | {r['always_present']['f1']:.3f} | "
            f"{r['cue_count_rule_outlets_held_out']['f1']:.3f} | {m['f1']:.3f} | {m['roc_auc']:.3f} | "
            f"{m['macro_f1']:.3f} ({r['always_present']['macro_f1']:.3f}) | "
            f"{m['accuracy']:.3f} ({r['majority_accuracy']:.3f}) | "
            f"{r['prevalence']:.3f} / {m['mean_probability']:.3f} | "
            f"{met} |")
    return "\n".join(lines)


def write_docs_table(result: dict, path: Path = DOCS) -> None:
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    if START in text and END in text:
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        path.write_text(f"{head}{START}\n{markdown_table(result)}\n{END}{tail}", encoding="utf-8")


def speed(df: pd.DataFrame) -> dict:
    """Seconds per article of frame_scores on these articles (after one warm-up call)."""
    from analysis.framing import frame_scores

    frame_scores(df.head(20))
    t0 = time.perf_counter()
    frame_scores(df)
    return {"articles": int(len(df)), "ms_per_article": round(1000 * (time.perf_counter() - t0) / len(df), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nfc", type=Path, default=DEFAULT_NFC)
    parser.add_argument("--write-model", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.nfc.is_file():
        print(f"NFC file not found: {args.nfc}", file=sys.stderr)
        return 2
    df = load_nfc(args.nfc)
    feats = text_features(df, text_col="text", id_col="article_id")
    result = evaluate(df, feats)
    if args.write_model:
        write_model(df, feats, args.nfc, MODEL_PATH)
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    rows = [{"frame": f, "present": r["n_present"], "always F1": r["always_present"]["f1"],
             "cue rule F1": r["cue_count_rule_outlets_held_out"]["f1"], **r["model_outlets_held_out"]}
            for f, r in result.items()]
    print(f"NFC dev: {len(df)} articles; out-of-fold figures, outlets held out ({FOLDS}-fold GroupKFold)\n")
    print(pd.DataFrame(rows).to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    figures = {"data": "NFC dev (Frermann et al. 2023), articles_dev.tsv",
               "cv": f"GroupKFold({FOLDS}) over outlets (normalised source); choices refitted inside each "
                     "training part by an inner GroupKFold",
               "n_outlets": int(df["group"].nunique()), "C_grid": list(C_GRID),
               "feature_sets": list(feature_sets()), "per_frame": result,
               "frames_meeting_both_targets": [f for f, r in result.items()
                                               if r["meets_f1_target"] and r["meets_auc_target"]],
               "speed": speed(df), "command": "python scripts/validate_frames.py"}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"frames": figures}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    out = accuracy.record("framing", figures, key="frames")
    write_docs_table(result)
    print(f"recorded framing.frames in {out.relative_to(ROOT)}; wrote the table in {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
