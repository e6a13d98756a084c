"""Benchmark: tone toward a named target on NewsMTSC (Hamborg & Donnay, EACL 2021).

Only the train split is available here, so the fitted method is scored by grouped 5-fold
cross-validation: mentions from the same story (AllSides) or article (POLUSA), read from
``primary_gid``, never sit on both sides of a split. Every method is scored on the same mentions with the
same +-0.05 cut-offs on its compound score, as macro-F1 over negative/neutral/positive.

With ``--write-model`` the window settings and penalty (tau, w_out, C) are chosen from a
small grid by grouped CV on all train mentions, and the model refitted on all of them is
written to ``analysis/data/newsmtsc_toward_model.json`` (deterministic: same input, same
bytes). ``--nested`` estimates the accuracy of that whole procedure (selection included)
with nested grouped CV. The figures are recorded with :func:`analysis.accuracy.record` in
``analysis/data/validation.json`` (topic ``tone``, key ``toward_mentions``).

Usage::

    .venv/bin/python scripts/validate_newsmtsc.py [--data PATH] [--nested] [--write-model]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from analysis import accuracy, sentiment
from analysis.paths import ROOT

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "newsmtsc" / "train.jsonl"
POLARITY = {2.0: -1, 4.0: 0, 6.0: 1}


def _group(gid: str) -> str:
    """Story (allsides_<story>_...) or article (polusa_v1_<article>_...) of a sentence."""
    parts = gid.split("_")
    return "_".join(parts[:3] if parts[0] == "polusa" else parts[:2])


def load_newsmtsc(path: Path) -> pd.DataFrame:
    """One row per target mention: text, start, end, label (-1/0/1), group, source."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            gid = rec["primary_gid"]
            for t in rec["targets"]:
                rows.append(
                    {
                        "text": rec["sentence_normalized"],
                        "start": int(t["from"]),
                        "end": int(t["to"]),
                        "label": POLARITY[float(t["polarity"])],
                        "group": _group(gid),
                        "source": gid.split("_")[0],
                    }
                )
    return pd.DataFrame(rows)


def to_label(compound: np.ndarray) -> np.ndarray:
    return np.where(compound >= sentiment.CUTOFF, 1, np.where(compound <= -sentiment.CUTOFF, -1, 0))


def macro_f1(y: np.ndarray, compound: np.ndarray) -> float:
    return float(f1_score(y, to_label(compound), labels=[-1, 0, 1], average="macro"))


#: Short names of the methods, the keys of ``by_method`` (addressable from docs placeholders,
#: e.g. ``tone.toward_mentions.by_method.window_model.macro_f1``).
SHORT = {"sentence VADER": "sentence_vader", "window (lexicon only)": "window_lexicon",
         "window + fitted model (nested CV)": "window_model_nested"}

GRID = [(tau, w_out, c) for tau in (3.0, 6.0, 12.0) for w_out in (0.25, 0.5) for c in (0.3, 1.0)]


def _cv_scores(feats, y, groups, folds: int, *, tau: float, w_out: float, c: float) -> np.ndarray:
    """Out-of-fold compound scores from grouped K-fold (features precomputed)."""
    out = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=folds).split(feats, y, groups):
        model = sentiment.fit_toward_features(
            [feats[i] for i in tr], y[tr], c=c, tau=tau, w_out=w_out
        )
        out[te] = [model.compound(model.proba_features(feats[i])) for i in te]
    return out


def nested_cv(df: pd.DataFrame, folds: int) -> np.ndarray:
    """Outer grouped CV; inside each training part, (tau, w_out, C) are chosen from GRID by
    an inner grouped 4-fold CV, so the outer score includes the cost of that choice."""
    y = df["label"].to_numpy()
    groups = df["group"].to_numpy()
    texts, starts, ends = df["text"].tolist(), df["start"].tolist(), df["end"].tolist()
    feats_by = {
        (tau, w_out): [sentiment.context_features(t, s, e, tau=tau, w_out=w_out)
                       for t, s, e in zip(texts, starts, ends, strict=True)]
        for tau, w_out in dict.fromkeys((tau, w_out) for tau, w_out, _c in GRID)
    }
    out = np.zeros(len(y))
    for k, (tr, te) in enumerate(GroupKFold(n_splits=folds).split(df, y, groups)):
        inner = {}
        for tau, w_out, c in GRID:
            ftr = [feats_by[(tau, w_out)][i] for i in tr]
            inner[(tau, w_out, c)] = macro_f1(
                y[tr], _cv_scores(ftr, y[tr], groups[tr], 4, tau=tau, w_out=w_out, c=c)
            )
        tau, w_out, c = max(inner, key=lambda key: (inner[key], key))
        feats = feats_by[(tau, w_out)]
        model = sentiment.fit_toward_features(
            [feats[i] for i in tr], y[tr], c=c, tau=tau, w_out=w_out
        )
        out[te] = [model.compound(model.proba_features(feats[i])) for i in te]
        print(f"  outer fold {k + 1}: chose tau={tau}, w_out={w_out}, C={c} "
              f"(inner macro-F1 {inner[(tau, w_out, c)]:.3f}); outer fold macro-F1 "
              f"{macro_f1(y[te], out[te]):.3f}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write-model", action="store_true")
    parser.add_argument("--nested", action="store_true",
                        help="also run nested CV over the (tau, w_out, C) grid (slow)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"NewsMTSC file not found: {args.data}", file=sys.stderr)
        return 2

    df = load_newsmtsc(args.data)
    y = df["label"].to_numpy()
    texts, starts, ends = df["text"].tolist(), df["start"].tolist(), df["end"].tolist()
    print(f"NewsMTSC train: {len(df)} mentions in {df['text'].nunique()} sentences, "
          f"{df['group'].nunique()} stories; labels {df['label'].value_counts().to_dict()}")

    t0 = time.time()
    scores = {
        "sentence VADER": np.array([sentiment.toward(t, s, e, method="sentence")
                                    for t, s, e in zip(texts, starts, ends, strict=True)]),
        "window (lexicon only)": np.array([sentiment.toward(t, s, e, method="window")
                                           for t, s, e in zip(texts, starts, ends, strict=True)]),
    }
    feats = [sentiment.context_features(t, s, e) for t, s, e in zip(texts, starts, ends, strict=True)]
    cv = _cv_scores(feats, y, df["group"].to_numpy(), args.folds,
                    tau=sentiment.TAU, w_out=sentiment.W_OUT, c=1.0)
    scores[f"window + fitted model, tau={sentiment.TAU}, w_out={sentiment.W_OUT}, C=1 (CV)"] = cv
    if args.nested:
        print("nested CV (inner 4-fold grouped selection over "
              f"{len(GRID)} settings of tau, w_out, C):")
        scores["window + fitted model (nested CV)"] = nested_cv(df, args.folds)

    print(f"\nMacro-F1 over negative/neutral/positive, cut-offs +-{sentiment.CUTOFF}:")
    for name, x in scores.items():
        per_class = f1_score(y, to_label(x), labels=[-1, 0, 1], average=None)
        by_source = ", ".join(
            f"{src} {macro_f1(y[m], x[m]):.3f}"
            for src in sorted(df["source"].unique())
            for m in [df["source"].to_numpy() == src]
        )
        print(f"  {name:52s} {macro_f1(y, x):.3f}  (F1 neg/neu/pos "
              f"{per_class[0]:.3f}/{per_class[1]:.3f}/{per_class[2]:.3f}; {by_source})")
    print(f"({time.time() - t0:.0f} s)")
    accuracy.record("tone", {
        "data": "NewsMTSC train.jsonl (Hamborg & Donnay 2021, MIT licence)", "mentions": int(len(df)),
        "cv": f"grouped {args.folds}-fold by story/article", "command": "python scripts/validate_newsmtsc.py",
        "macro_f1": {name: round(macro_f1(y, x), 4) for name, x in scores.items()},
        "by_method": {SHORT.get(name, "window_model"): {"label": name, "macro_f1": round(macro_f1(y, x), 4)}
                      for name, x in scores.items()},
    }, key="toward_mentions")

    if args.write_model:
        groups = df["group"].to_numpy()
        feats_by = {(sentiment.TAU, sentiment.W_OUT): feats}
        grid = {}
        for tau, w_out, c in GRID:
            if (tau, w_out) not in feats_by:
                feats_by[(tau, w_out)] = [
                    sentiment.context_features(t, s, e, tau=tau, w_out=w_out)
                    for t, s, e in zip(texts, starts, ends, strict=True)
                ]
            grid[(tau, w_out, c)] = macro_f1(
                y, _cv_scores(feats_by[(tau, w_out)], y, groups, args.folds, tau=tau, w_out=w_out, c=c)
            )
            print(f"  grid tau={tau:4.1f} w_out={w_out:.2f} C={c:.1f}: grouped-CV macro-F1 "
                  f"{grid[(tau, w_out, c)]:.3f}")
        tau, w_out, c = max(grid, key=lambda key: (grid[key], key))
        model = sentiment.fit_toward_features(feats_by[(tau, w_out)], y, c=c, tau=tau, w_out=w_out)
        model.meta["trained_on"] = "NewsMTSC train.jsonl (Hamborg & Donnay 2021), MIT licence"
        model.meta["selected_by"] = f"grouped {args.folds}-fold CV over {len(GRID)} settings"
        model.meta["grouped_cv_macro_f1"] = round(grid[(tau, w_out, c)], 4)
        out = ROOT / "analysis" / "data" / sentiment.MODEL_FILE
        out.write_text(model.to_json(), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)} (tau={tau}, w_out={w_out}, C={c}; "
              f"{out.stat().st_size // 1024} KB, {model.meta['n_features']} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
