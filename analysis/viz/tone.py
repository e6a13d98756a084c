"""Figures of notebook 02: tone per outlet, through each article, toward actors, by lexicon.

Every function returns ``(fig, data)`` (the figure and the DataFrame it draws) and adapts to
2-12 outlets and many articles or actors: small multiples, the top actors with the rest
counted in the caption, at most ``MAX_DOTS`` dots per outlet, legends outside the data.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.sentiment import CUTOFF
from analysis.validate import require_columns
from analysis.viz.base import fig_size, grid_shape, outlet_colors, plain, settle_shared, shorten, wrap

MAX_DOTS = 400  # sentences drawn per outlet in a strip; the box and mean use every sentence


def plot_arc(arc: pd.DataFrame, *, max_panels: int = 8, value_col: str = "compound"):
    """Sentence position vs tone: one panel per article, or per outlet past ``max_panels``.

    ``arc`` is :func:`analysis.sentiment.sentiment_arc` output with ``outlet``. Per article:
    dots are sentences, the line the smoothed arc. Per outlet (small multiples, up to four
    columns): every article's smoothed arc as a thin line, the outlet's mean sentence tone
    per tenth of the article as a thick one.
    """
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection

    require_columns(arc, ["article_id", "outlet", "position", "smoothed", value_col], "arc table")
    colors = outlet_colors(arc["outlet"])
    arts = arc[["article_id", "outlet"]].drop_duplicates().sort_values(["outlet", "article_id"])
    by_article = len(arts) <= max_panels
    panels = list(arts.itertuples(index=False)) if by_article else [(None, o) for o in sorted(arc["outlet"].unique())]
    rows, cols = (len(panels), 1) if by_article else grid_shape(len(panels), max_cols=3)
    fig, axes = plt.subplots(rows, cols, figsize=fig_size(8 if cols == 1 else 4 * cols, 1.2 + 1.9 * rows),
                             sharex=True, sharey=True, squeeze=False)
    for ax in axes.ravel()[len(panels):]:
        ax.set_visible(False)
    for ax, (article_id, outlet) in zip(axes.ravel(), panels, strict=False):
        if by_article:
            sub = arc[arc["article_id"] == article_id]
            ax.scatter(sub["position"], sub[value_col], s=14, color=colors[outlet], alpha=0.45, linewidths=0)
            ax.plot(sub["position"], sub["smoothed"], color=colors[outlet], lw=2)
            ax.set_title(shorten(f"{outlet} — {article_id} ({len(sub)} sentences)", 80), fontsize=9,
                         fontweight="normal")
        else:
            sub = arc[arc["outlet"] == outlet]
            # one collection of every article's line: hundreds of Line2D artists took seconds to draw
            lines = [np.column_stack([one["position"].to_numpy(float), one["smoothed"].to_numpy(float)])
                     for _aid, one in sub.groupby("article_id")]
            ax.add_collection(LineCollection(lines, colors=colors[outlet], linewidths=0.8, alpha=0.3))
            tenth = np.minimum(np.floor(sub["position"].to_numpy() * 10), 9)
            mean_by_tenth = sub[value_col].groupby(tenth).mean()
            ax.plot((mean_by_tenth.index + 0.5) / 10, mean_by_tenth.to_numpy(), color="black", lw=2.2)
            ax.set_title(shorten(f"{outlet} ({sub['article_id'].nunique()} articles)", 45), fontsize=9,
                         fontweight="normal")
        ax.axhspan(-CUTOFF, CUTOFF, color="0.85", zorder=0)
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_ylim(-1.05, 1.05)
    for ax in axes[:, 0]:
        ax.set_ylabel("VADER compound")
    for ax in axes[-1, :]:
        ax.set_xlabel("position in article (0 = first sentence, 1 = last)")
    if not by_article:
        fig.text(0.01, 0.005, "thin lines = articles (5-sentence moving average); black = outlet mean per tenth",
                 fontsize=8, color="0.3")
    settle_shared(axes)
    data = arc[["outlet", "article_id", "sent_id", "position", value_col, "smoothed"]]
    return fig, data


def plot_distribution(scored: pd.DataFrame, summary: pd.DataFrame, *, value_col: str = "compound"):
    """Per outlet: sentence tone (a sample of at most ``MAX_DOTS`` jittered dots), the quartile
    box and the mean with its CI (from ``summary``, :func:`analysis.sentiment.summarize_tone`)."""
    import matplotlib.pyplot as plt

    require_columns(scored, ["outlet", value_col], "scored table")
    outlets = sorted(scored["outlet"].unique())
    colors = outlet_colors(outlets)
    fig, ax = plt.subplots(figsize=fig_size(8, 1.4 + 0.8 * len(outlets)))
    rng = np.random.default_rng(0)
    for y, outlet in enumerate(outlets):
        x = scored.loc[scored["outlet"] == outlet, value_col].to_numpy()
        dots = x if len(x) <= MAX_DOTS else rng.choice(x, MAX_DOTS, replace=False)
        ax.scatter(dots, y + rng.uniform(-0.18, 0.18, len(dots)), s=10, color=colors[outlet], alpha=0.4,
                   linewidths=0)
        ax.boxplot([x], positions=[y], orientation="horizontal", widths=0.5, showfliers=False,
                   medianprops={"color": "0.2"}, boxprops={"color": "0.4"},
                   whiskerprops={"color": "0.4"}, capprops={"color": "0.4"})
        row = summary[summary["outlet"] == outlet]
        if len(row):
            r = row.iloc[0]
            ax.errorbar(r["mean"], y - 0.36, xerr=[[r["mean"] - r["mean_lo"]], [r["mean_hi"] - r["mean"]]],
                        fmt="D", color="black", ms=5, capsize=3)
    ax.axvspan(-CUTOFF, CUTOFF, color="0.85", zorder=0)
    ax.set_yticks(range(len(outlets)), [wrap(f"{o} (n = {int((scored['outlet'] == o).sum())})", 28)
                                        for o in outlets])
    ax.invert_yaxis()
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("VADER compound per sentence (-1 negative … +1 positive; grey band = neutral)")
    data = scored[["outlet", "article_id", "sent_id", value_col]].sort_values(["outlet", "article_id", "sent_id"])
    return fig, data


def _top_actors(summary: pd.DataFrame, top: int) -> list[str]:
    totals = summary.groupby("actor")["n"].sum().sort_values(ascending=False, kind="stable")
    return totals.index[:top].tolist()


def plot_actor_tone(summary: pd.DataFrame, *, value: str = "mean", min_n: int = 10, top: int = 12,
                    max_overlay: int = 4):
    """Outlet x actor tone for the ``top`` actors with most sentences: a dot per outlet with its CI.

    ``summary`` is :func:`analysis.sentiment.summarize_tone` by ``["outlet", "actor"]``. Up to
    ``max_overlay`` outlets share one panel (dots side by side, legend outside the axes);
    more outlets get one small panel each. Open dots: fewer than ``min_n`` sentences.
    ``data`` holds the plotted rows plus ``shown`` (False for actors beyond ``top``).
    """
    import matplotlib.pyplot as plt

    require_columns(summary, ["outlet", "actor", "n", value, f"{value}_lo", f"{value}_hi"], "summary")
    actors = _top_actors(summary, top)
    outlets = sorted(summary["outlet"].unique())
    colors = outlet_colors(outlets)
    overlay = len(outlets) <= max_overlay
    panels = [outlets] if overlay else [[o] for o in outlets]
    rows, cols = (1, 1) if overlay else grid_shape(len(panels), max_cols=4)
    height = 1.2 + 0.45 * len(actors) * (max(1, len(outlets)) ** 0.5 if overlay else 1)
    fig, axes = plt.subplots(rows, cols, figsize=fig_size(8 if overlay else 3.2 * cols, height * rows),
                             sharex=True, sharey=True, squeeze=False)
    for ax in axes.ravel()[len(panels):]:
        ax.set_visible(False)
    for ax, group in zip(axes.ravel(), panels, strict=False):
        step = 0.7 / max(len(group), 1)
        for k, outlet in enumerate(group):
            sub = summary[(summary["outlet"] == outlet) & summary["actor"].isin(actors)].set_index("actor")
            ys = [actors.index(a) + (k - (len(group) - 1) / 2) * step for a in sub.index]
            xs = sub[value].to_numpy()
            ax.errorbar(xs, ys, xerr=[xs - sub[f"{value}_lo"].to_numpy(), sub[f"{value}_hi"].to_numpy() - xs],
                        fmt="none", ecolor=colors[outlet], capsize=2)
            ax.scatter(xs, ys, s=30, zorder=3, color=colors[outlet], label=plain(outlet),
                       facecolors=[colors[outlet] if n >= min_n else "white" for n in sub["n"]])
        ax.axvspan(-CUTOFF, CUTOFF, color="0.85", zorder=0)
        ax.axvline(0, color="0.5", lw=0.6)
        ax.set_xlim(-1.05, 1.05)
        ax.xaxis.set_tick_params(labelbottom=True)
        if not overlay:
            ax.set_title(shorten(group[0], 30), fontsize=9, fontweight="normal")
        ax.set_yticks(range(len(actors)), [shorten(a, 28) for a in actors])
    axes[0, 0].invert_yaxis()
    if overlay:
        axes[0, 0].legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8, title="outlet")
    rest = summary["actor"].nunique() - len(actors)
    fig.supxlabel(f"mean tone toward the actor (-1 … +1; grey = neutral; open dot = fewer than {min_n} "
                  f"sentences){f'; {rest} less-mentioned actors not shown' if rest > 0 else ''}", fontsize=9)
    settle_shared(axes)
    data = summary.assign(shown=summary["actor"].isin(actors))
    return fig, data


def plot_lexicons(comparison: pd.DataFrame, *, value: str = "mean"):
    """VADER vs AFINN per outlet (mean sentence tone and net tone, each with its CI).

    ``comparison`` is :func:`analysis.sentiment.compare_lexicons`; the legend sits outside.
    """
    import matplotlib.pyplot as plt

    require_columns(comparison, ["lexicon", "outlet", value, "net_tone"], "comparison")
    outlets = sorted(comparison["outlet"].unique())
    lexicons = list(dict.fromkeys(comparison["lexicon"]))
    colors = outlet_colors(outlets)
    markers = ["o", "s", "^", "D"]
    fig, axes = plt.subplots(1, 2, figsize=fig_size(9, 1.5 + 0.5 * len(outlets)), sharey=True)
    for ax, stat, xlabel in (
        (axes[0], value, "mean sentence tone (-1 … +1)"),
        (axes[1], "net_tone", "net tone (% positive − % negative sentences)"),
    ):
        for j, lex in enumerate(lexicons):
            sub = comparison[comparison["lexicon"] == lex].set_index("outlet")
            for y, outlet in enumerate(outlets):
                if outlet not in sub.index:
                    continue
                r = sub.loc[outlet]
                ax.errorbar(r[stat], y + (j - (len(lexicons) - 1) / 2) * 0.25,
                            xerr=[[r[stat] - r[f"{stat}_lo"]], [r[f"{stat}_hi"] - r[stat]]],
                            fmt=markers[j % len(markers)], color=colors[outlet], capsize=3,
                            mfc="white" if j else colors[outlet])
        ax.axvline(0, color="0.5", lw=0.6)
        ax.set_xlabel(xlabel)
    axes[0].set_yticks(range(len(outlets)), [wrap(o, 24) for o in outlets])
    axes[0].invert_yaxis()
    handles = [plt.Line2D([], [], ls="", marker=markers[j % len(markers)], color="0.3",
                          mfc="white" if j else "0.3", label=plain(lex)) for j, lex in enumerate(lexicons)]
    axes[1].legend(handles=handles, fontsize=8, title="lexicon", title_fontsize=8, loc="upper left",
                   bbox_to_anchor=(1.02, 1.0))
    return fig, comparison.copy()


__all__ = ["plot_actor_tone", "plot_arc", "plot_distribution", "plot_lexicons"]
