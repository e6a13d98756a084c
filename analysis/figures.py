"""One house style for every figure, a fixed colour per outlet, and one way to save.

Colours are the Okabe & Ito (2008) colour-blind-safe palette. Styling is applied only
inside :func:`style` (importing this module changes no global state).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from analysis.paths import FIGURES_DIR

# Okabe-Ito, without black (kept for text) and with yellow last (weak on white).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)
NEUTRAL_GREY = "#7F7F7F"

_RC = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "analysis",  # stable element ids in SVG output
    "svg.fonttype": "none",
    "path.simplify": True,
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Context manager applying the house style to figures created inside it."""
    import matplotlib as mpl

    with mpl.rc_context(_RC):
        yield


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """A fixed colour per outlet: outlets sorted by name take the palette in order.

    The same set of outlets always gets the same colours; past seven outlets the palette
    repeats (a warning is not raised; use facets for that many outlets).
    """
    names = sorted({str(o) for o in outlets})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


_NAME_RE = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


def save_figure(
    fig,
    name: str,
    data: pd.DataFrame,
    *,
    figures_dir: str | Path | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
) -> dict[str, Path]:
    """Write ``fig`` as ``NAME.png`` and ``NAME.svg`` and the plotted ``data`` as ``NAME.csv``.

    ``name`` is ``NN-slug`` (two digits, then lower-case words joined by hyphens), e.g.
    ``"01-paragraph-lengths"``. Output is byte-for-byte reproducible: no creation dates
    or software versions are written into the files. Returns the paths written.
    """
    if not _NAME_RE.match(name):
        raise ValueError(
            f"figure name {name!r} must look like '01-paragraph-lengths' "
            "(two digits, a hyphen, lower-case words joined by hyphens)"
        )
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"save_figure({name!r}): data must be the plotted DataFrame")
    out = Path(figures_dir) if figures_dir is not None else FIGURES_DIR
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    }
    import matplotlib as mpl

    with mpl.rc_context({"svg.hashsalt": "analysis", "svg.fonttype": "none"}):
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, metadata=metadata.get(fmt), bbox_inches="tight")
            written[fmt] = path
    csv_path = out / f"{name}.csv"
    data.to_csv(csv_path, index=False, lineterminator="\n")
    written["csv"] = csv_path
    return written


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
            len(articles), 1, figsize=(8, 1.6 + 1.5 * len(articles)), sharex=True, sharey=True, squeeze=False
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
            ax.set_title(f"{outlet} — {article_id} ({len(sub)} paragraphs)", fontsize=9, fontweight="normal")
            ax.set_ylabel("words")
        axes[-1, 0].set_xlabel("paragraph, in reading order (hatched: contains a quotation)")
        return fig
    fig, ax = plt.subplots(figsize=(8, 4.5))
    decile = np.minimum((lengths["relative_position"] * 10).astype(int), 9)
    stats = lengths.assign(decile=decile).groupby(["outlet", "decile"])["words"]
    summary = stats.median().rename("median").to_frame().join(stats.quantile(0.25).rename("q1"))
    summary = summary.join(stats.quantile(0.75).rename("q3")).reset_index()
    for outlet, sub in summary.groupby("outlet"):
        x = (sub["decile"] + 0.5) * 10
        ax.plot(x, sub["median"], color=colors[outlet], label=outlet, marker="o")
        ax.fill_between(x, sub["q1"], sub["q3"], color=colors[outlet], alpha=0.15)
    ax.set_xlabel("position in article (% of paragraphs)")
    ax.set_ylabel("words per paragraph (median, IQR band)")
    ax.legend()
    return fig


def plot_removed(removed: pd.DataFrame):
    """Horizontal bars: capture lines removed as page furniture, by reason and outlet.
    ``removed`` is :func:`analysis.corpus.removed_by_reason`."""
    import matplotlib.pyplot as plt

    colors = outlet_colors(removed["outlet"]) if not removed.empty else {}
    table = removed.pivot_table(index="reason", columns="outlet", values="lines", fill_value=0, aggfunc="sum")
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.45 * max(len(table), 1)))
    if table.empty:
        ax.text(0.5, 0.5, "no lines were removed", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    table = table.loc[table.sum(axis=1).sort_values().index]
    left = pd.Series(0, index=table.index)
    for outlet in table.columns:
        ax.barh(table.index, table[outlet], left=left, color=colors[outlet], label=outlet)
        left = left + table[outlet]
    ax.set_xlabel("capture lines removed")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right")
    return fig
