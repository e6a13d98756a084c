"""Figures of notebook 01: how the articles are built and what was removed from the captures."""

from __future__ import annotations

import pandas as pd

from analysis.viz.base import fig_size, outlet_colors, plain, shorten


def plot_article_structure(lengths: pd.DataFrame, *, max_panels: int = 8):
    """Paragraph lengths in reading order.

    ``lengths`` is :func:`analysis.corpus.paragraph_lengths`. Up to ``max_panels`` articles:
    one panel per article, a bar per paragraph (hatched when it contains a quotation).
    More articles: per outlet, median words per paragraph by position in the article
    (tenths), with the inter-quartile band.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    colors = outlet_colors(lengths["outlet"])
    articles = lengths[["article_id", "outlet"]].drop_duplicates().sort_values(["outlet", "article_id"])
    if len(articles) <= max_panels:
        fig, axes = plt.subplots(
            len(articles), 1, figsize=fig_size(8, 1.6 + 1.5 * len(articles)), sharex=True, sharey=True, squeeze=False
        )
        for ax, (article_id, outlet) in zip(axes[:, 0], articles.itertuples(index=False), strict=True):
            sub = lengths[lengths["article_id"] == article_id]
            ax.bar(
                sub["position"],
                sub["words"],
                color=colors[outlet],
                hatch=["//" if q else "" for q in sub["has_quote"]],
                edgecolor="white",
                linewidth=0.5,
            )
            ax.set_title(shorten(f"{outlet} — {article_id} ({len(sub)} paragraphs)", 90), fontsize=9,
                         fontweight="normal")
            ax.set_ylabel("words")
        axes[-1, 0].set_xlabel("paragraph, in reading order (hatched: contains a quotation)")
        return fig, lengths
    fig, ax = plt.subplots(figsize=(8, 4.5))
    decile = np.minimum((lengths["relative_position"] * 10).astype(int), 9)
    stats = lengths.assign(decile=decile).groupby(["outlet", "decile"])["words"]
    summary = stats.median().rename("median").to_frame().join(stats.quantile(0.25).rename("q1"))
    summary = summary.join(stats.quantile(0.75).rename("q3")).reset_index()
    for outlet, sub in summary.groupby("outlet"):
        x = (sub["decile"] + 0.5) * 10
        ax.plot(x, sub["median"], color=colors[outlet], label=plain(outlet), marker="o")
        ax.fill_between(x, sub["q1"], sub["q3"], color=colors[outlet], alpha=0.15)
    ax.set_xlabel("position in article (% of paragraphs)")
    ax.set_ylabel("words per paragraph (median, IQR band)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig, summary


def plot_removed(removed: pd.DataFrame):
    """Horizontal bars: capture lines removed as page furniture, by reason and outlet.
    ``removed`` is :func:`analysis.corpus.removed_by_reason`."""
    import matplotlib.pyplot as plt

    colors = outlet_colors(removed["outlet"]) if not removed.empty else {}
    table = removed.pivot_table(index="reason", columns="outlet", values="lines", fill_value=0, aggfunc="sum")
    fig, ax = plt.subplots(figsize=fig_size(8, 1.2 + 0.45 * max(len(table), 1)))
    if table.empty:
        ax.text(0.5, 0.5, "no lines were removed", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig, removed
    table = table.loc[table.sum(axis=1).sort_values().index]
    left = pd.Series(0, index=table.index)
    for outlet in table.columns:
        ax.barh([shorten(r, 50) for r in table.index], table[outlet], left=left, color=colors[outlet],
                label=plain(outlet))
        left = left + table[outlet]
    ax.set_xlabel("capture lines removed")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
    return fig, removed
