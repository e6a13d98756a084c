"""Figures of the across-events comparison (notebook 06): one per measure, outlet pairs x
targets (actors, sides, frames, source types), each difference with its 95% CI over events.

Every function returns ``(fig, data)`` and adapts to 2-12 outlets and 1-500 events: at most
``top_targets`` panels (targets with the most established, then most events), at most
``max_pairs`` pairs per panel (established first, then the largest), the rest counted in the
panel title.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare_outlets import MEASURES, figure_title
from analysis.validate import require_columns
from analysis.viz.base import NEUTRAL_GREY, fig_size, grid_shape, plain, settle_shared, shorten, wrap

_NEEDED = ["measure", "target", "outlet_a", "outlet_b", "n_events", "diff", "diff_lo", "diff_hi", "powered",
           "established"]


#: measure -> name of its saved figure, in the order notebook 06 draws them
ACROSS_FIGURES = {
    "sentence_tone": "06-across-sentence-tone",
    "side_tone": "06-across-side-tone",
    "actor_tone": "06-across-actor-tone",
    "quote_side": "06-across-quote-side",
    "quote_type": "06-across-quote-type",
    "frame": "06-across-frames",
    "shared_content": "06-across-shared-content",
}


def across_figures_note(comparisons: pd.DataFrame) -> str:
    """Why the across-events figures are not drawn, or ``""`` when they are: they need a pair of
    outlets sharing two or more events (a difference over one event has no interval over
    events and cannot be tested, so each panel would hold one grey square per pair)."""
    if comparisons is None or comparisons.empty:
        return "note: no across-events figures: fewer than two outlets with English articles, nothing to compare"
    most = int(comparisons["n_events"].max())
    if most < 2:
        return (f"note: no across-events figures: the outlets share at most {most} event; a comparison over "
                "events needs two or more events both outlets covered (add events)")
    return ""


#: state -> (marker, colour, face colour) of a comparison's dot
_STATE_STYLE = {
    "established": ("o", "black", "black"),
    "tested, not established": ("o", "0.35", "white"),
    "too few events to test": ("s", NEUTRAL_GREY, "white"),
}


def _title(comparisons: pd.DataFrame, measure: str) -> str:
    return "\n".join(wrap(line, 120, max_lines=3) for line in figure_title(comparisons, measure).splitlines())


def comparison_panels(comparisons: pd.DataFrame, measure: str, *, top_targets: int = 9,
                      max_pairs: int = 8) -> pd.DataFrame:
    """The rows a measure's figure draws: one per (target, pair) shown, with ``panel`` (its
    order), ``pairs_total`` (pairs of that target) and ``state`` (established / tested / too
    few events)."""
    require_columns(comparisons, _NEEDED, "comparison table")
    rows = comparisons[comparisons["measure"] == measure].copy()
    if rows.empty:
        return rows.assign(panel=pd.Series(dtype=int), pairs_total=pd.Series(dtype=int),
                           state=pd.Series(dtype=object))
    rows["state"] = np.where(rows["established"], "established",
                             np.where(rows["powered"], "tested, not established", "too few events to test"))
    rank = rows.groupby("target").agg(est=("established", "sum"), events=("n_events", "max"),
                                      size=("diff", lambda d: d.abs().max()))
    rank = rank.sort_values(["est", "events", "size"], ascending=False, kind="stable").head(top_targets)
    rows = rows[rows["target"].isin(rank.index)]
    rows["pairs_total"] = rows.groupby("target")["outlet_a"].transform("size")
    rows["_abs"] = rows["diff"].abs()
    rows = rows.sort_values(["target", "established", "_abs"], ascending=[True, False, False], kind="stable")
    rows = rows.groupby("target", sort=False).head(max_pairs)
    rows["panel"] = rows["target"].map({t: i for i, t in enumerate(rank.index)})
    cols = ["panel", "target", "outlet_a", "outlet_b", "n_events", "diff", "diff_lo", "diff_hi", "state",
            "pairs_total"] + [c for c in ("mean_a", "mean_b", "p_value", "p_holm") if c in rows.columns]
    return rows.sort_values(["panel", "_abs"], ascending=[True, False], kind="stable")[cols].reset_index(drop=True)


def plot_comparisons(comparisons: pd.DataFrame, measure: str, *, top_targets: int = 9, max_pairs: int = 8):
    """One panel per target: for each pair of outlets "a vs b", the difference a - b (mean
    over the events both covered) with its 95% bootstrap CI over events; filled black =
    established (Holm), hollow = tested and not established, grey = too few shared events
    to test. Tone measures are drawn on VADER's scale, shares in percentage points. The title
    says the finding (:func:`analysis.compare_outlets.figure_title`)."""
    import matplotlib.pyplot as plt

    scale = MEASURES.get(measure, {}).get("scale", "share")
    data = comparison_panels(comparisons, measure, top_targets=top_targets, max_pairs=max_pairs)
    factor = 100.0 if scale == "share" else 1.0
    n_panels = max(int(data["panel"].nunique()), 1)
    rows, cols = grid_shape(n_panels, max_cols=3)
    per_panel = int(data.groupby("panel").size().max()) if len(data) else 1
    fig, axes = plt.subplots(rows, cols, figsize=fig_size(4.6 * cols, 1.6 + rows * (0.9 + 0.3 * per_panel)),
                             squeeze=False, sharex=True)
    for ax in axes.ravel()[n_panels:]:
        ax.set_visible(False)
    if data.empty:
        axes[0, 0].text(0.5, 0.5, "no comparison for this measure", ha="center", va="center",
                        transform=axes[0, 0].transAxes)
        axes[0, 0].set_axis_off()
        fig.suptitle(_title(comparisons, measure), x=0.01, ha="left", fontsize=10)
        return fig, data
    for panel, part in data.groupby("panel", sort=True):
        ax = axes.ravel()[panel]
        ys = np.arange(len(part))[::-1]
        state = part["state"].to_numpy()
        diff, lo, hi = (part[c].to_numpy(float) for c in ("diff", "diff_lo", "diff_hi"))
        # one errorbar call per marker style, not per row: the same marks, far fewer artists to draw
        for name, (fmt, color, face) in _STATE_STYLE.items():
            rows_of = state == name
            if rows_of.any():
                d = diff[rows_of]
                ax.errorbar(d * factor, ys[rows_of], xerr=[np.maximum(d - lo[rows_of], 0) * factor,
                                                           np.maximum(hi[rows_of] - d, 0) * factor],
                            fmt=fmt, color=color, mfc=face, ms=5, capsize=2, lw=1, ls="none")
        ax.set_yticks(ys)
        ax.set_yticklabels([shorten(f"{a} vs {b} ({n} ev.)", 42) for a, b, n in
                            zip(part["outlet_a"], part["outlet_b"], part["n_events"], strict=True)], fontsize=8)
        ax.axvline(0, color="0.5", lw=0.8)
        ax.tick_params(labelbottom=True)
        ax.set_ylim(-0.7, len(part) - 0.3)
        total = int(part["pairs_total"].iloc[0])
        more = f", {len(part)} of {total} pairs" if total > len(part) else ""
        ax.set_title(shorten(f"{part['target'].iloc[0]}{more}", 48), fontsize=9, fontweight="normal")
    unit = "percentage points" if scale == "share" else "VADER scale"
    for ax in axes[-1, :]:
        ax.set_xlabel(plain(f"a - b, mean over shared events ({unit})"), fontsize=8)
    fig.text(0.01, 0.002, "● established (Holm)   ○ tested, not established   □ too few shared events to test; "
             "bars: 95% CI over events", fontsize=7, color="0.3")
    fig.suptitle(_title(comparisons, measure), x=0.01, ha="left", fontsize=10)
    settle_shared(axes)
    fig.tight_layout(rect=(0, 0.03, 1, 1))  # tight_layout keeps the suptitle clear of the panels
    return fig, data
