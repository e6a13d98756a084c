"""Figures of notebook 04: distinctive terms per outlet and the generic-frame profile.

Every function returns ``(fig, data)``: the figure and the DataFrame it draws, bounded in size
(top terms per outlet, one row per (outlet, frame)) so the CSV written beside the figure stays
small for any corpus. Both adapt to 2-12 outlets with small multiples labelled by name.
"""

from __future__ import annotations

import pandas as pd

from analysis.framing import CLOUD_MAX, FRAMES, top_distinctive
from analysis.validate import require_columns
from analysis.viz.base import NEUTRAL_GREY, fig_size, grid_shape, outlet_colors, plain, shorten, wrap


def plot_fightin_words(
    terms: pd.DataFrame,
    *,
    colors: dict[str, str] | None = None,
    label_k: int = 8,
    csv_k: int = 30,
    z_line: float = 1.96,
    max_panels: int = 12,
):
    """Fightin' Words plot (Monroe et al. 2008, fig. 3): z-score against term frequency.

    One panel per outlet (small multiples, up to ``max_panels``, four per row), x = times the
    term occurs in the corpus (log scale), y = z of the weighted log-odds (outlet against the
    rest). Terms beyond ``z_line`` take the outlet's colour; the ``label_k`` highest are
    labelled. Input: :func:`analysis.framing.distinctive_terms`. Returned data: the ``csv_k``
    highest-z terms per outlet (columns group, term, ngram, n_group, n_rest, total, z,
    log_odds, labelled), not the whole vocabulary.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator

    require_columns(terms, ["group", "term", "z", "n_group", "n_rest", "ngram", "log_odds"], "plot_fightin_words")
    groups = sorted(terms["group"].astype(str).unique())[:max_panels]
    colors = colors or outlet_colors(groups)
    all_terms = terms[terms["group"].astype(str).isin(groups)].assign(total=lambda d: d.n_group + d.n_rest)
    top = top_distinctive(all_terms, k=csv_k, min_z=float("-inf"))
    top = top.assign(total=top["n_group"] + top["n_rest"], labelled=False)
    rows, cols = grid_shape(len(groups), max_cols=4)
    fig, axes = plt.subplots(rows, cols, figsize=fig_size(4.2 * cols, 0.6 + 3.6 * rows), squeeze=False,
                             sharey=True, layout="constrained")
    for ax in axes.ravel()[len(groups):]:
        ax.set_visible(False)
    for ax, g in zip(axes.ravel(), groups, strict=False):
        sub = all_terms[all_terms["group"].astype(str) == g]
        cloud = sub.nlargest(CLOUD_MAX, "total")
        ax.scatter(cloud["total"], cloud["z"], s=8, color="#BBBBBB", alpha=0.6, linewidths=0)
        strong = sub[sub["z"] >= z_line]
        ax.scatter(strong["total"], strong["z"], s=18, color=colors.get(g, NEUTRAL_GREY), linewidths=0)
        best = top[(top["group"] == g) & (top["z"] > 0)].head(label_k)
        top.loc[best.index, "labelled"] = True
        # terms with the same counts sit on the same point: one joined label per point
        spots = best.groupby([best["total"], best["z"].round(6)], sort=False)["term"].agg(list)
        for k, ((total, z), words) in enumerate(spots.items()):
            text = ", ".join(words[:3]) + (f" +{len(words) - 3}" if len(words) > 3 else "")
            ax.annotate(shorten(text, 28), (total, z), xytext=(4, 5 if k % 2 == 0 else -9),
                        textcoords="offset points", fontsize=7,
                        color=colors.get(g, NEUTRAL_GREY) if z >= z_line else "#444444")
        for y in (z_line, -z_line):
            ax.axhline(y, color=NEUTRAL_GREY, lw=0.8, ls="--")
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1, 2, 5)))
        ax.xaxis.set_minor_locator(LogLocator(base=10, subs=()))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
        ax.set_title(wrap(f"{g} vs the rest", 34, max_lines=2), fontsize=9)
        ax.set_xlabel("times in corpus (log scale)", fontsize=8)
    for ax in axes[:, 0]:
        ax.set_ylabel("z of weighted log-odds")
    n_skipped = terms["group"].astype(str).nunique() - len(groups)
    note = f" ({n_skipped} more outlets not drawn)" if n_skipped > 0 else ""
    fig.suptitle(plain(f"Words each outlet uses more than the others (dashed: |z| = {z_line:g}){note}"),
                 fontsize=10, x=0.01, ha="left")
    cols_out = ["group", "term", "ngram", "n_group", "n_rest", "total", "z", "log_odds", "labelled"]
    return fig, top[cols_out].reset_index(drop=True)


def plot_frame_profile(profile: pd.DataFrame, *, group_col: str = "outlet", colors: dict[str, str] | None = None):
    """Small multiples, one panel per frame: cue hits per 1,000 words per outlet (bars), with
    the share of the outlet's articles where the presence model finds the frame (label).

    Input: :func:`analysis.framing.frame_profile`. Returned data: that table (one row per
    (outlet, frame)).
    """
    import matplotlib.pyplot as plt

    require_columns(profile, [group_col, "frame", "per_1000", "share_present", "n_articles"], "plot_frame_profile")
    groups = sorted(profile[group_col].astype(str).unique())
    colors = colors or outlet_colors(groups)
    frames = [f for f in FRAMES if f in set(profile["frame"])]
    rows, cols = grid_shape(len(frames), max_cols=3)
    height = 0.9 + 0.28 * len(groups)
    fig, axes = plt.subplots(rows, cols, figsize=fig_size(4.0 * cols, 0.8 + height * rows), squeeze=False,
                             sharey=True, layout="constrained")
    for ax in axes.ravel()[len(frames):]:
        ax.set_visible(False)
    top = max(float(profile["per_1000"].fillna(0).max()), 1e-9)
    for ax, frame in zip(axes.ravel(), frames, strict=False):
        sub = profile[profile["frame"] == frame].assign(**{group_col: lambda d: d[group_col].astype(str)})
        sub = sub.set_index(group_col).reindex(groups)
        ys = range(len(groups))
        ax.barh(list(ys), sub["per_1000"].fillna(0), color=[colors.get(g, NEUTRAL_GREY) for g in groups])
        for y, (rate, share) in enumerate(zip(sub["per_1000"].fillna(0), sub["share_present"], strict=True)):
            label = "–" if pd.isna(share) else f"{share:.0%}"
            ax.text(rate + top * 0.02, y, label, va="center", fontsize=7)
        ax.set_xlim(0, top * 1.25)
        ax.set_yticks(list(ys), [shorten(g, 22) for g in groups], fontsize=8)
        ax.invert_yaxis()
        ax.set_title(frame.replace("_", " "), fontsize=9)
        ax.set_xlabel("cue hits per 1,000 words", fontsize=8)
    n_articles = int(profile.drop_duplicates(group_col)["n_articles"].sum())
    fig.suptitle(plain(f"Generic frames by outlet: cue density (bars) and share of articles with the frame "
                       f"(labels); {len(groups)} outlets, {n_articles} articles"), fontsize=10, x=0.01, ha="left")
    return fig, profile.copy()


def plot_frame_prevalence(prevalence: pd.DataFrame, findings: pd.DataFrame | None = None, *,
                          group_col: str = "outlet", colors: dict[str, str] | None = None):
    """Small multiples, one panel per frame: estimated share of each outlet's articles carrying
    the frame (mean presence probability) with its 95% bootstrap interval.

    Input: :func:`analysis.framing.frame_prevalence` and, optionally, the summary of
    :func:`analysis.framing.frame_findings`; a panel's title says whether outlets differ on that
    frame (omnibus permutation test, then Holm-corrected pairs), and the figure title names only
    the frames that pass. Returned data: the prevalence table (one row per (outlet, frame)).
    """
    import matplotlib.pyplot as plt

    need = [group_col, "frame", "prevalence", "prevalence_lo", "prevalence_hi", "n_articles"]
    require_columns(prevalence, need, "plot_frame_prevalence")
    groups = sorted(prevalence[group_col].astype(str).unique())
    colors = colors or outlet_colors(groups)
    frames = [f for f in FRAMES if f in set(prevalence["frame"])]
    verdict = {} if findings is None else findings.set_index("frame")["differ"].to_dict()
    rows, cols = grid_shape(len(frames), max_cols=3)
    height = 0.9 + 0.28 * len(groups)
    fig, axes = plt.subplots(rows, cols, figsize=fig_size(4.0 * cols, 0.8 + height * rows), squeeze=False,
                             sharey=True, sharex=True, layout="constrained")
    for ax in axes.ravel()[len(frames):]:
        ax.set_visible(False)
    for ax, frame in zip(axes.ravel(), frames, strict=False):
        sub = prevalence[prevalence["frame"] == frame].assign(**{group_col: lambda d: d[group_col].astype(str)})
        sub = sub.set_index(group_col).reindex(groups)
        for y, g in enumerate(groups):
            p, lo, hi = sub.loc[g, ["prevalence", "prevalence_lo", "prevalence_hi"]]
            if pd.notna(p):
                ax.errorbar([p], [y], xerr=[[p - lo], [hi - p]], fmt="o", color=colors.get(g, NEUTRAL_GREY),
                            capsize=2, markersize=4)
        ax.set_xlim(0, 1)
        ax.set_yticks(list(range(len(groups))), [shorten(g, 22) for g in groups], fontsize=8)
        ax.invert_yaxis()
        differ = verdict.get(frame)
        tag = "" if differ is None else ("  (outlets differ)" if differ else "  (no clear difference)")
        ax.set_title(frame.replace("_", " ") + tag, fontsize=9)
        ax.set_xlabel("share of articles with the frame", fontsize=8)
    passing = [f.replace("_", " ") for f in frames if verdict.get(f)]
    n_articles = int(prevalence.drop_duplicates(group_col)["n_articles"].sum())
    if findings is None:
        head = "Generic frames by outlet"
    elif passing:
        head = "Outlets differ in how often they use the " + ", ".join(passing) + " frame"
        head += "s" if len(passing) > 1 else ""
    else:
        head = "No outlet differs from another in how often it uses any generic frame"
    fig.suptitle(plain(f"{head}: estimated share of articles (mean probability, 95% CI); "
                       f"{len(groups)} outlets, {n_articles} articles"), fontsize=10, x=0.01, ha="left")
    return fig, prevalence.copy()
