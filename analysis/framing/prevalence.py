"""Frame prevalence per outlet from presence probabilities, which differences hold over all
outlets, and the sentences that carry each frame in each outlet.

Pure functions over the ``frames`` table (:func:`analysis.framing.frame_scores`, one row per
article) so the tables layer can compute them once. Prevalence is the mean calibrated
probability (not the share of articles above the cut-off, which over-calls rare frames);
the confidence interval, the tests and the Holm correction are those of tone
(:func:`analysis.sentiment.summarize_tone`, :func:`analysis.sentiment.tone_findings`) with the
article as the unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.framing.base import _COLUMN_HINT, FRAMES
from analysis.sentiment.findings import _join, format_p, tone_findings
from analysis.sentiment.stats import summarize_tone
from analysis.validate import require_columns


def _long(frames: pd.DataFrame, group_col: str, id_col: str) -> pd.DataFrame:
    """One row per (article, frame) with the article's group and probability."""
    require_columns(frames, [id_col, group_col, *(f"{f}_prob" for f in FRAMES)], "frames table", hint=_COLUMN_HINT)
    parts = [frames[[id_col, group_col]].assign(frame=f, prob=frames[f"{f}_prob"].to_numpy(float),
                                                present=frames[f].to_numpy(bool) if f in frames else np.nan)
             for f in FRAMES]
    return pd.concat(parts, ignore_index=True)


def frame_prevalence(
    frames: pd.DataFrame,
    *,
    group_col: str = "outlet",
    id_col: str = "article_id",
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Estimated share of each group's articles that carry each frame; one row per (group, frame).

    Columns: ``group_col``, frame, n_articles, prevalence (mean presence probability),
    prevalence_lo / prevalence_hi (percentile bootstrap over articles, ``n_boot`` resamples,
    a group's seed from ``seed`` and its name only), share_called (share of articles at or above
    the frame's cut-off, for contrast; over-calls rare frames). Method: the mean of calibrated
    probabilities is an unbiased prevalence estimate when the calibration holds
    (``scripts/validate_frames.py`` records it per outlet on held-out outlets).
    """
    data = _long(frames, group_col, id_col)
    cols = [group_col, "frame", "n_articles", "prevalence", "prevalence_lo", "prevalence_hi", "share_called"]
    if data.empty:
        return pd.DataFrame(columns=cols)
    boot = summarize_tone(data, by=[group_col, "frame"], value_col="prob", n_boot=n_boot, ci=ci, seed=seed)
    out = boot.rename(columns={"n": "n_articles", "mean": "prevalence", "mean_lo": "prevalence_lo",
                               "mean_hi": "prevalence_hi"})
    called = data.groupby([group_col, "frame"])["present"].mean().rename("share_called").reset_index()
    out = out.merge(called, on=[group_col, "frame"], how="left")
    out["frame"] = pd.Categorical(out["frame"], categories=list(FRAMES), ordered=True)
    out = out.sort_values([group_col, "frame"], kind="stable")
    out["frame"] = out["frame"].astype(str)
    return out[cols].reset_index(drop=True)


def _finding_text(frame: str, res: dict, noun: str) -> str:
    """One line for one frame: the groups that use it more or less, or that none differs."""
    name = frame.replace("_", " ")
    k = len(res["means"])
    om = res["omnibus"]
    kind = "permutation test" if om["method"] == "permutation" else "test"
    test = f"{kind} over all {k} {noun}, {format_p(om['p_value'])}"
    sig = res["pairwise"][res["pairwise"]["differs"]]
    if om["p_value"] >= res["alpha"] or not np.isfinite(om["p_value"]):
        return f"{name}: no clear difference between the {k} {noun} ({test})."
    if sig.empty:
        return f"{name}: differs across the {k} {noun} overall ({test}), but no single pair after Holm correction."
    means = res["means"]
    clauses = []
    for lead in sorted(set(sig["a"]) | set(sig["b"]), key=lambda g: -means[g]):
        mine = sig[(sig["a"] == lead) | (sig["b"] == lead)]
        lower = sorted({b if a == lead else a for a, b in zip(mine["a"], mine["b"], strict=True)} & {
            g for g in means if means[g] < means[lead]})
        if lower:
            p = format_p(float(mine["p_holm"].max())).replace("p =", "p ≤")
            clauses.append(f"{lead} ({means[lead]:.0%}) more than {_join([f'{g} ({means[g]:.0%})' for g in lower])}"
                           f" (Holm-adjusted {p})")
    return f"{name} ({test}): " + "; ".join(clauses[:3]) + ("; ..." if len(clauses) > 3 else "") + "."


def frame_findings(
    frames: pd.DataFrame,
    *,
    group_col: str = "outlet",
    id_col: str = "article_id",
    alpha: float = 0.05,
    n_perm: int = 10000,
    seed: int = 0,
    all_pairs: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Which groups differ in how often they use each frame; pure, deterministic for ``seed``.

    Per frame, on the articles' presence probabilities: a permutation test that every group
    has the same mean, and only if it rejects at ``alpha``, pairwise permutation tests with
    Holm's correction over all pairs (:func:`analysis.sentiment.tone_findings`, closed testing:
    the named differences hold for all outlets at once). Returns ``(summary, pairs)``:
    summary has one row per frame (frame, groups, n_articles, p_omnibus, differ = "|"-joined
    groups in a pair that differs, text = one line naming them, or saying none differs);
    pairs one row per (frame, a, b) with prevalence_a, prevalence_b, diff, p_value, p_holm,
    differs. ``all_pairs=False`` leaves out the pairs of a frame whose omnibus test does not reject
    (they cannot name a difference; the summary is the same): for callers that read only it.
    """
    require_columns(frames, [id_col, group_col, *(f"{f}_prob" for f in FRAMES)], "frames table", hint=_COLUMN_HINT)
    rows, pairs = [], []
    noun = {"outlet": "outlets"}.get(group_col, f"{group_col} groups")
    groups = frames[[group_col]]
    for frame in FRAMES:
        # the frame's rows of the long table (:func:`_long`): all a test reads is the group and the probability
        part = groups.assign(prob=frames[f"{frame}_prob"].to_numpy(float))
        if part[group_col].nunique() < 2:
            rows.append({"frame": frame, "groups": int(part[group_col].nunique()), "n_articles": len(part),
                         "p_omnibus": np.nan, "differ": "",
                         "text": f"{frame.replace('_', ' ')}: fewer than two {noun}, nothing to compare."})
            continue
        res = tone_findings(part, group_col=group_col, value_col="prob", alpha=alpha, n_perm=n_perm, seed=seed,
                           all_pairs=all_pairs)
        rows.append({"frame": frame, "groups": len(res["means"]), "n_articles": len(part),
                     "p_omnibus": res["omnibus"]["p_value"], "differ": "|".join(res["differ"]),
                     "text": _finding_text(frame, res, noun)})
        pw = res["pairwise"].rename(columns={"mean_a": "prevalence_a", "mean_b": "prevalence_b"})
        if all_pairs or len(pw):
            pairs.append(pw.assign(frame=frame))
    pair_cols = ["frame", "a", "b", "n_a", "n_b", "prevalence_a", "prevalence_b", "diff", "p_value", "p_holm",
                 "differs"]
    pair_table = pd.concat(pairs, ignore_index=True)[pair_cols] if pairs else pd.DataFrame(columns=pair_cols)
    summary = pd.DataFrame(rows, columns=["frame", "groups", "n_articles", "p_omnibus", "differ", "text"])
    return summary, pair_table


def frame_carriers(
    frames: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    group_col: str = "outlet",
    id_col: str = "article_id",
    per_group: int = 3,
) -> pd.DataFrame:
    """The sentences that carry each frame in each group: one row per evidence sentence.

    For every (group, frame), the ``per_group`` articles with the highest presence probability
    and, for each, its carrier sentence (``<frame>_sent_id`` of :func:`frame_scores`: a sentence
    with a cue of the frame that is closest in meaning to the frame's codebook questions and
    examples). ``sentences`` is the corpus sentence table (``id_col``, sent_id, text, start, end).
    Columns: ``group_col``, frame, rank (1 = most probable), ``id_col``, prob, sent_id,
    sent_start, sent_end (offsets into the article), similarity, sentence.
    """
    require_columns(sentences, [id_col, "sent_id", "text"], "sentences table", hint=_COLUMN_HINT)
    need = [id_col, group_col] + [f"{f}_{k}" for f in FRAMES for k in ("prob", "sent_id", "sent_start",
                                                                         "sent_end", "similarity")]
    require_columns(frames, need, "frames table", hint=_COLUMN_HINT)
    text = sentences.set_index([id_col, "sent_id"])["text"]
    rows = []
    for frame in FRAMES:
        cols = {f"{frame}_{k}": k for k in ("prob", "sent_id", "sent_start", "sent_end", "similarity")}
        part = frames[[group_col, id_col, *cols]].rename(columns=cols)
        part = part[part["sent_id"] >= 0].sort_values([group_col, "prob", id_col], ascending=[True, False, True],
                                                      kind="stable")
        top = part.groupby(group_col, sort=True).head(per_group).copy()
        top["rank"] = top.groupby(group_col).cumcount() + 1
        top["frame"] = frame
        rows.append(top)
    cols = [group_col, "frame", "rank", id_col, "prob", "sent_id", "sent_start", "sent_end", "similarity", "sentence"]
    if not rows:
        return pd.DataFrame(columns=cols)
    out = pd.concat(rows, ignore_index=True)
    keys = pd.MultiIndex.from_arrays([out[id_col], out["sent_id"].astype(int)])
    out["sentence"] = text.reindex(keys).to_numpy()
    out["frame"] = pd.Categorical(out["frame"], categories=list(FRAMES), ordered=True)
    out = out.sort_values([group_col, "frame", "rank"], kind="stable")
    out["frame"] = out["frame"].astype(str)
    return out[cols].reset_index(drop=True)
