"""From a judged sheet to accuracy per measure and outlet, and headline figures corrected for it.

Tables (one row each):

- :func:`accuracy_table`: per (measure, outlet) and for all outlets together: rows judged,
  accuracy with a Wilson interval (stratum-weighted, Kish effective n), for the yes/no
  measures precision (Wilson) and recall (bootstrap), for ``quote_span`` precision and the
  recall of quote extraction (with the ``quote_missed`` rows);
- :func:`class_table`: per (measure, outlet, class) of the categorical and yes/no measures:
  precision and recall with intervals;
- :func:`corrected_table`: per (figure, outlet, category): the uncorrected share and the share
  corrected for the measured error (:func:`analysis.audit.stats.bootstrap_shares`), each with a
  95% bootstrap interval; figures: ``share_of_voice_side``, ``share_of_voice_type`` (quoted
  words), ``mention_tone`` (mentions; plus ``net`` = positive - negative) and
  ``frame_prevalence:<frame>`` (articles);
- :func:`findings_table`: per (figure, category, pair of outlets; at most :data:`MAX_OUTLETS`
  outlets and :data:`TOP_CATEGORIES` categories): the difference before and after correction
  with intervals and a ``status``: "established" when the corrected interval excludes 0, else
  "not established: within measurement error" (the uncorrected one excluded 0) or "not
  established: within sampling error".
"""

from __future__ import annotations

import hashlib
import itertools
import math

import numpy as np
import pandas as pd

from analysis.audit.items import MEASURES
from analysis.audit.sheet import UNSURE
from analysis.audit.stats import (
    annotation_draws,
    bootstrap_shares,
    calibration_matrix,
    fill_missing_rows,
    percentile_interval,
    weighted_proportion,
    wilson,
)

ALL = "all outlets"
FINDING_COLUMNS = ["figure", "category", "outlet_a", "outlet_b", "diff_uncorrected", "diff_uncorrected_lo",
                   "diff_uncorrected_hi", "diff_corrected", "diff_corrected_lo", "diff_corrected_hi", "accuracy_a",
                   "accuracy_b", "status"]
CORRECTED_COLUMNS = ["figure", "outlet", "category", "units", "judged", "uncorrected", "uncorrected_lo",
                     "uncorrected_hi", "corrected", "corrected_lo", "corrected_hi", "borrowed"]
#: findings compare at most this many outlets (those with most units) ...
MAX_OUTLETS = 12
#: ... on at most this many categories per figure (the largest)
TOP_CATEGORIES = 8
YES_NO = {"frame_presence", "aligned_pair"}
CATEGORICAL = {"source_type", "source_side", "mention_tone"}
#: figure -> (unit kind, measure, weighted by quoted words)
FIGURES = {
    "share_of_voice_side": ("quote", "source_side", True),
    "share_of_voice_type": ("quote", "source_type", True),
    "mention_tone": ("mention", "mention_tone", False),
    "frame_prevalence": ("frame", "frame_presence", False),
}


def _rng(seed: int, *names: str) -> np.random.Generator:
    key = "\x1f".join([str(seed), *names]).encode("utf-8")
    return np.random.default_rng(int.from_bytes(hashlib.sha256(key).digest()[:8], "little"))


def judged(sheet: pd.DataFrame) -> pd.DataFrame:
    """Rows with a judgement other than "unsure", with ``correct`` and the stratum weight
    ``stratum_size / judged rows of the stratum`` (per measure, outlet, stratum)."""
    j = sheet[sheet["truth"].notna() & (sheet["truth"] != UNSURE)].copy()
    j["correct"] = (j["truth"] == j["predicted"]).astype(float)
    counts = j.groupby(["measure", "outlet", "stratum"])["row"].transform("size")
    j["stratum_weight"] = j["stratum_size"].astype(float) / counts
    return j


def accuracy_table(sheet: pd.DataFrame, *, seed: int = 0, n_boot: int = 1000) -> pd.DataFrame:
    """Accuracy (and precision / recall where defined) per measure and outlet, and for all outlets."""
    j = judged(sheet)
    rows = []
    for measure in [m for ms in MEASURES.values() for m in ms]:
        of_measure = sheet[sheet["measure"] == measure]
        if of_measure.empty:
            continue
        for outlet in [*sorted(of_measure["outlet"].unique()), ALL]:
            sub = j[j["measure"] == measure]
            rows_all = of_measure if outlet == ALL else of_measure[of_measure["outlet"] == outlet]
            sub = sub if outlet == ALL else sub[sub["outlet"] == outlet]
            acc, lo, hi, n_eff = weighted_proportion(sub["correct"].to_numpy(), sub["stratum_weight"].to_numpy())
            rec = {"measure": measure, "outlet": outlet, "rows": len(rows_all), "judged": len(sub),
                   "unsure": int((rows_all["truth"] == UNSURE).sum()), "accuracy": acc, "accuracy_lo": lo,
                   "accuracy_hi": hi, "n_effective": n_eff}
            rec.update(_precision_recall(sub, measure, seed=seed, n_boot=n_boot, outlet=outlet))
            if measure == "quote_span":
                rec.update(_quote_recall(j, outlet, _rng(seed, "quote_recall", outlet), n_boot))
            rows.append(rec)
    return pd.DataFrame(rows)


def _precision_recall(sub: pd.DataFrame, measure: str, *, seed: int, n_boot: int, outlet: str) -> dict:
    nan = {k: math.nan for k in ("precision", "precision_lo", "precision_hi", "recall", "recall_lo", "recall_hi")}
    if measure in ("quote_span", "quote_speaker"):
        # only extracted quotes are sampled for span and speaker: precision is the accuracy (recall
        # of quote_span comes from the quote_missed rows, :func:`_quote_recall`)
        acc, lo, hi, _ = weighted_proportion(sub["correct"].to_numpy(), sub["stratum_weight"].to_numpy())
        return {**nan, "precision": acc, "precision_lo": lo, "precision_hi": hi}
    if measure not in YES_NO or sub.empty:
        return nan
    pos = sub[sub["predicted"] == "yes"]
    ppv_hits = float((pos["truth"] == "yes").sum())
    lo, hi = wilson(ppv_hits, len(pos))
    out = {**nan, "precision": ppv_hits / len(pos) if len(pos) else math.nan, "precision_lo": lo, "precision_hi": hi}
    recall, draws = _recall(sub, "yes", ["no", "yes"], _rng(seed, "recall", measure, outlet), n_boot)
    out["recall"] = recall
    out["recall_lo"], out["recall_hi"] = (float(x) for x in percentile_interval(draws))
    return out


def _quote_recall(j: pd.DataFrame, outlet: str, rng: np.random.Generator, n_boot: int) -> dict:
    """Recall of quote extraction: TP / (TP + FN) with TP = quotes x share judged right
    (``quote_span``) and FN = sentences without a quote x share judged to hold one all the same
    (``quote_missed``), per outlet and summed for all outlets (outlets judged on both). The
    interval draws each outlet's two shares from Beta(x + 1/2, n - x + 1/2)."""
    nan = {"recall": math.nan, "recall_lo": math.nan, "recall_hi": math.nan}
    spans, missed = j[j["measure"] == "quote_span"], j[j["measure"] == "quote_missed"]
    outlets = sorted(set(spans["outlet"]) & set(missed["outlet"]))
    outlets = outlets if outlet == ALL else [o for o in outlets if o == outlet]
    if not outlets:
        return nan
    tp = fn = 0.0
    tp_draws, fn_draws = np.zeros(n_boot), np.zeros(n_boot)
    for o in outlets:
        s, m = spans[spans["outlet"] == o], missed[missed["outlet"] == o]
        right, found = float(s["correct"].sum()), float((m["truth"] == "yes").sum())
        n_quotes, n_sentences = float(s["stratum_size"].iloc[0]), float(m["stratum_size"].iloc[0])
        tp += n_quotes * right / len(s)
        fn += n_sentences * found / len(m)
        tp_draws += n_quotes * rng.beta(right + 0.5, len(s) - right + 0.5, size=n_boot)
        fn_draws += n_sentences * rng.beta(found + 0.5, len(m) - found + 0.5, size=n_boot)
    lo, hi = percentile_interval(tp_draws / (tp_draws + fn_draws))
    return {"recall": tp / (tp + fn) if tp + fn > 0 else math.nan, "recall_lo": float(lo), "recall_hi": float(hi)}


def _recall(sub: pd.DataFrame, cls: str, classes: list[str], rng: np.random.Generator,
            n_boot: int) -> tuple[float, np.ndarray]:
    """Recall of ``cls``: predicted-and-true over all true, from the unit-weighted calibration
    matrix and the predicted-class sizes."""
    code = {c: i for i, c in enumerate(classes)}
    k = len(classes)
    # predicted-class sizes estimated from the judged rows' stratum weights (Horvitz-Thompson;
    # exact for the stratified measures, whose strata are the predicted classes)
    sizes = np.bincount(sub["predicted"].map(code).to_numpy(), weights=sub["stratum_weight"].to_numpy(), minlength=k)
    pred = sub["predicted"].map(code).to_numpy()
    truth = sub["truth"].map(code).to_numpy()
    ones = np.ones(len(sub))
    i = code[cls]
    q, _ = fill_missing_rows(calibration_matrix(pred, truth, ones, k))
    q_draws, _ = fill_missing_rows(annotation_draws(pred, truth, ones, k, n_boot, rng))
    with np.errstate(invalid="ignore", divide="ignore"):
        point = sizes[i] * q[i, i] / (sizes @ q[:, i])
        draws = sizes[i] * q_draws[:, i, i] / np.einsum("j,bj->b", sizes, q_draws[:, :, i])
    return float(point), draws


def class_table(sheet: pd.DataFrame, *, seed: int = 0, n_boot: int = 1000) -> pd.DataFrame:
    """Precision (Wilson) and recall (bootstrap) per class of each categorical or yes/no
    measure, per outlet and for all outlets."""
    j = judged(sheet)
    rows = []
    for measure in sorted(CATEGORICAL | YES_NO):
        sub_m = j[j["measure"] == measure]
        if sub_m.empty:
            continue
        classes = sorted(set(sub_m["predicted"]) | set(sub_m["truth"]))
        for outlet in [*sorted(sub_m["outlet"].unique()), ALL]:
            sub = sub_m if outlet == ALL else sub_m[sub_m["outlet"] == outlet]
            for cls in classes:
                pos = sub[sub["predicted"] == cls]
                hits = float((pos["truth"] == cls).sum())
                lo, hi = wilson(hits, len(pos))
                recall, draws = _recall(sub, cls, classes, _rng(seed, "class", measure, outlet, cls), n_boot)
                r_lo, r_hi = percentile_interval(draws) if not math.isnan(recall) else (math.nan, math.nan)
                rows.append({"measure": measure, "outlet": outlet, "class": cls, "judged_predicted": len(pos),
                             "judged_true": int((sub["truth"] == cls).sum()),
                             "precision": hits / len(pos) if len(pos) else math.nan, "precision_lo": lo,
                             "precision_hi": hi, "recall": recall, "recall_lo": float(r_lo), "recall_hi": float(r_hi)})
    return pd.DataFrame(rows, columns=["measure", "outlet", "class", "judged_predicted", "judged_true", "precision",
                                       "precision_lo", "precision_hi", "recall", "recall_lo", "recall_hi"])


def _figure_parts(units: dict[str, pd.DataFrame], j: pd.DataFrame,
                  figures: tuple[str, ...]) -> list[tuple[str, pd.DataFrame, pd.DataFrame, str, bool]]:
    """(figure name, population units, judged rows, measure, weighted) for each of ``figures``."""
    parts = []
    for name in figures:
        kind, measure, weighted = FIGURES[name]
        pop = units[kind]
        ann = j[j["measure"] == measure]
        if kind == "frame":
            frame_of = ann["item_id"].str.rsplit(":", n=1).str[-1]
            for frame in sorted(pop["frame"].unique()):
                parts.append((f"{name}:{frame}", pop[pop["frame"] == frame], ann[frame_of == frame], measure, weighted))
        else:
            parts.append((name, pop, ann, measure, weighted))
    return parts


def figure_draws(units: dict[str, pd.DataFrame], sheet: pd.DataFrame, *, seed: int = 0, n_boot: int = 1000,
                 figures: tuple[str, ...] = tuple(FIGURES)) -> dict[tuple[str, str], dict]:
    """Per (figure, outlet) of ``figures`` (names of :data:`FIGURES`): categories, uncorrected and
    corrected shares and their draws (:func:`analysis.audit.stats.bootstrap_shares`). Predicted
    classes an outlet's annotation never reached are corrected with the same measure's
    judgements of all outlets; classes no one judged are left as predicted (``filled`` says which)."""
    j = judged(sheet)
    out = {}
    for name, pop, ann, measure, weighted in _figure_parts(units, j, figures):
        if pop.empty:
            continue
        predicted = pop[f"pred_{measure}"].astype(str).to_numpy()
        categories = np.unique(np.concatenate([predicted, ann["truth"].astype(str).to_numpy()]))
        w_ann = ann["weight"].to_numpy(float) if weighted else np.ones(len(ann))
        pooled = (np.searchsorted(categories, ann["predicted"].astype(str).to_numpy()),
                  np.searchsorted(categories, ann["truth"].astype(str).to_numpy()), w_ann)
        pop_codes = np.searchsorted(categories, predicted)
        pop_weights = pop["weight"].to_numpy(float) if weighted else np.ones(len(pop))
        pop_outlets = pop["outlet"].astype(str).to_numpy()
        ann_outlets = ann["outlet"].astype(str).to_numpy()
        for outlet in np.unique(pop_outlets):
            mine, here = ann_outlets == outlet, pop_outlets == outlet
            res = bootstrap_shares(
                pop_codes[here], pop_weights[here], tuple(a[mine] for a in pooled), len(categories), n_boot=n_boot,
                rng=_rng(seed, "figure", name, str(outlet)), fallbacks=[pooled],
            )
            res.update(categories=list(categories), units=int(here.sum()), judged=int(mine.sum()))
            out[(name, str(outlet))] = res
    return out


def _with_net(res: dict) -> tuple[list[str], dict[str, np.ndarray]]:
    """Categories and arrays, with ``net`` (positive - negative) added for tone."""
    cats = list(res["categories"])
    arrays = {k: res[k] for k in ("uncorrected", "corrected", "uncorrected_draws", "corrected_draws")}
    if {"positive", "negative"} <= set(cats):
        p, n = cats.index("positive"), cats.index("negative")
        arrays = {k: np.concatenate([v, (v[..., p] - v[..., n])[..., None]], axis=-1) for k, v in arrays.items()}
        cats.append("net")
    return cats, arrays


def corrected_table(draws: dict[tuple[str, str], dict]) -> pd.DataFrame:
    """One row per (figure, outlet, category): uncorrected and corrected share with 95% intervals."""
    rows = []
    for (name, outlet), res in draws.items():
        cats, arr = _with_net(res)
        u_lo, u_hi = percentile_interval(arr["uncorrected_draws"])
        c_lo, c_hi = percentile_interval(arr["corrected_draws"])
        filled = list(res["filled"]) + [False] * (len(cats) - len(res["filled"]))
        for i, cat in enumerate(cats):
            if name.startswith("frame_prevalence") and cat != "yes":
                continue
            rows.append({"figure": name, "outlet": outlet, "category": cat, "units": res["units"],
                         "judged": res["judged"], "uncorrected": arr["uncorrected"][i], "uncorrected_lo": u_lo[i],
                         "uncorrected_hi": u_hi[i], "corrected": arr["corrected"][i], "corrected_lo": c_lo[i],
                         "corrected_hi": c_hi[i], "borrowed": bool(filled[i])})
    return pd.DataFrame(rows, columns=CORRECTED_COLUMNS)


def _status(c_lo: float, c_hi: float, u_lo: float, u_hi: float) -> str:
    if c_lo > 0 or c_hi < 0:
        return "established"
    if u_lo > 0 or u_hi < 0:
        return "not established: within measurement error"
    return "not established: within sampling error"


def _compared(draws: dict[tuple[str, str], dict], name: str) -> list[str]:
    """The outlets compared in a figure: all, or the :data:`MAX_OUTLETS` with most units."""
    outlets = sorted((o for n, o in draws if n == name), key=lambda o: (-draws[(name, o)]["units"], o))
    return sorted(outlets[:MAX_OUTLETS])


def _top_categories(cats: list[str], arrays: list[dict[str, np.ndarray]], name: str) -> list[int]:
    """Indexes of the categories compared: "yes" for frames, else the :data:`TOP_CATEGORIES`
    with the largest mean share over the compared outlets (and ``net``)."""
    if name.startswith("frame_prevalence"):
        return [cats.index("yes")] if "yes" in cats else []
    mean = np.nanmean([a["uncorrected"] for a in arrays], axis=0)
    ranked = [i for i in np.argsort(-mean, kind="stable") if cats[i] != "net" and mean[i] > 0][:TOP_CATEGORIES]
    return sorted(ranked) + ([cats.index("net")] if "net" in cats else [])


def findings_table(draws: dict[tuple[str, str], dict], accuracy: pd.DataFrame) -> pd.DataFrame:
    """Every difference between two outlets in a corrected figure, with its status (with more
    than :data:`MAX_OUTLETS` outlets, between the ones with most units; per figure the
    :data:`TOP_CATEGORIES` largest categories)."""
    acc = {(r.measure, r.outlet): r.accuracy for r in accuracy.itertuples()}
    rows = []
    for name in sorted({n for n, _ in draws}):
        measure = FIGURES[name.split(":")[0]][1]
        outlets = _compared(draws, name)
        arrays = {o: _with_net(draws[(name, o)]) for o in outlets}
        cats = arrays[outlets[0]][0]
        idx = _top_categories(cats, [arrays[o][1] for o in outlets], name)
        for a, b in itertools.combinations(outlets, 2):
            arr_a, arr_b = arrays[a][1], arrays[b][1]
            u = arr_a["uncorrected_draws"][:, idx] - arr_b["uncorrected_draws"][:, idx]
            c = arr_a["corrected_draws"][:, idx] - arr_b["corrected_draws"][:, idx]
            lo, hi = percentile_interval(np.concatenate([u, c], axis=1))
            for pos, i in enumerate(idx):
                rows.append({
                    "figure": name, "category": cats[i], "outlet_a": a, "outlet_b": b,
                    "diff_uncorrected": arr_a["uncorrected"][i] - arr_b["uncorrected"][i],
                    "diff_uncorrected_lo": lo[pos], "diff_uncorrected_hi": hi[pos],
                    "diff_corrected": arr_a["corrected"][i] - arr_b["corrected"][i],
                    "diff_corrected_lo": lo[len(idx) + pos], "diff_corrected_hi": hi[len(idx) + pos],
                    "accuracy_a": acc.get((measure, a), math.nan), "accuracy_b": acc.get((measure, b), math.nan),
                    "status": _status(lo[len(idx) + pos], hi[len(idx) + pos], lo[pos], hi[pos]),
                })
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)
