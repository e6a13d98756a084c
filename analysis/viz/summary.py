"""Notebook 06's figure: one dashboard per event (tone, frames, voices, coverage per outlet).

Adapts to 2-12 outlets: one row per outlet in every panel (height grows with the number of
outlets, capped by :data:`analysis.viz.base.MAX_PX`), frames as an outlet x frame grid of
numbers instead of grouped bars, sides in category colours (never an outlet colour), legends
below the panels, never over data; long outlet and event names wrapped and drawn as plain text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.summary import FRAMES, dashboard_data
from analysis.viz.base import NEUTRAL_GREY, category_colors, fig_size, outlet_colors, shorten, wrap

MAX_SIDES = 6  # more sides are summed into "other"


def _tone(ax, parts, outlets, colors) -> None:
    tone = parts["tone"].set_index("outlet").reindex(outlets) if len(parts["tone"]) else None
    y = np.arange(len(outlets))
    if tone is not None:
        for i, outlet in enumerate(outlets):
            row = tone.loc[outlet]
            if pd.isna(row["mean"]):
                continue
            ax.errorbar(row["mean"], i, xerr=[[row["mean"] - row["mean_lo"]], [row["mean_hi"] - row["mean"]]],
                        fmt="o", color=colors[outlet], capsize=3, ms=6)
            ax.annotate(f"{row['mean']:+.2f} (n={int(row['n'])})", (row["mean_hi"], i), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=8)
    ax.axvline(0, color=NEUTRAL_GREY, lw=1)
    ax.set_yticks(y, [shorten(o, 28) for o in outlets])
    ax.set_ylim(len(outlets) - 0.5, -0.5)
    ax.set_xlabel("mean sentence tone (VADER compound, 95% CI)")
    ax.set_title("Tone")


def _frames(ax, parts, outlets) -> None:
    frames = parts["frames"]
    ax.grid(False)
    if not len(frames):
        ax.text(0.5, 0.5, "no frame cues found", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return
    grid = frames.pivot_table(index="outlet", columns="frame", values="per_1000", aggfunc="sum").reindex(
        index=outlets, columns=list(FRAMES)).fillna(0.0)
    ax.imshow(grid.to_numpy(), aspect="auto", cmap="Greys", vmin=0, vmax=max(float(grid.to_numpy().max()), 1e-9))
    top = float(grid.to_numpy().max()) or 1.0
    for i in range(len(outlets)):
        for j in range(len(FRAMES)):
            v = grid.iat[i, j]
            ax.text(j, i, f"{v:.1f}", ha="center", va="center", fontsize=8, color="white" if v > top * 0.6 else "black")
    ax.set_xticks(range(len(FRAMES)), [f.replace("_", "\n") for f in FRAMES], fontsize=8)
    ax.set_yticks(range(len(outlets)), [shorten(o, 28) for o in outlets])
    ax.set_title("Frames: cue hits per 1,000 words")


def _voices(ax, parts, outlets, side_order=()) -> None:
    voices = parts["voices"]
    y = np.arange(len(outlets))
    ax.set_yticks(y, [shorten(o, 28) for o in outlets])
    ax.set_ylim(len(outlets) - 0.5, -0.5)
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of quoted words by side (%)")
    ax.set_title("Voices")
    if not len(voices):
        ax.text(50, (len(outlets) - 1) / 2, "no attributed speech found", ha="center", va="center")
        return
    totals = voices.groupby("affiliation")["value"].sum().sort_values(ascending=False, kind="stable")
    named = [s for s in totals.index if s != "unknown"]
    keep = named[:MAX_SIDES]
    data = voices.assign(side=voices["affiliation"].where(voices["affiliation"].isin(keep + ["unknown"]), "other"))
    sides = keep + [s for s in ("other", "unknown") if s in set(data["side"])]
    colors = category_colors(sides, order=side_order)
    share = data.groupby(["outlet", "side"])["share"].sum().unstack(fill_value=0.0).reindex(index=outlets,
                                                                                         columns=sides).fillna(0.0)
    left = np.zeros(len(outlets))
    for side in sides:
        vals = share[side].to_numpy() * 100
        ax.barh(y, vals, left=left, color=colors[side], label=shorten(side, 24), edgecolor="white", height=0.7)
        left += vals
    from matplotlib.transforms import offset_copy

    # a fixed distance below the axis label, however tall the panel (a fraction of the axes
    # height put the legend far below a panel of 28 outlets)
    below = offset_copy(ax.transAxes, fig=ax.figure, y=-0.55, units="inches")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 0.0), bbox_transform=below,
              ncol=min(4, len(sides)))


def _coverage(ax, parts, outlets, colors) -> None:
    y = np.arange(len(outlets))
    cov = parts["coverage"].set_index("outlet").reindex(outlets) if len(parts["coverage"]) else None
    ax.set_yticks(y, [shorten(o, 28) for o in outlets])
    ax.set_ylim(len(outlets) - 0.5, -0.5)
    ax.set_title("Coverage")
    ax.set_xlabel("sentences (coloured: another outlet reports it too)")
    if cov is None or not cov["sentences"].notna().any():
        ax.text(0.5, 0.5, "single outlet: nothing to compare", ha="center", va="center", transform=ax.transAxes)
        return
    shared = cov["shared"].fillna(0).to_numpy(dtype=float)
    unique = cov["unique"].fillna(0).to_numpy(dtype=float)
    ax.barh(y, shared, color=[colors[o] for o in outlets], height=0.7)
    ax.barh(y, unique, left=shared, color=NEUTRAL_GREY, alpha=0.35, height=0.7)
    for i, (s, u) in enumerate(zip(shared, unique, strict=True)):
        ax.text(s + u, i, f" {int(s)} / {int(s + u)}", va="center", fontsize=8)
    ax.set_xlim(0, max((shared + unique).max(), 1) * 1.3)


def plot_dashboard(parts: dict, *, event: str, headline: str | None = None, side_order=()):
    """Four panels for one event (``parts`` from :func:`analysis.summary.event_tables`): tone
    (mean sentence compound, 95% CI), frames (cue hits per 1,000 words), voices (share of
    quoted words by side) and coverage (sentences shared with another outlet vs unique), one
    row per outlet; ``side_order`` (:func:`analysis.viz.base.side_order` of the corpus) gives each
    side the colour it has in every other figure. Returns ``(fig, data)`` with ``data`` from
    :func:`analysis.summary.dashboard_data`."""
    import matplotlib.pyplot as plt

    outlets = sorted(str(o) for o in parts["articles"]["outlet"].unique())
    colors = outlet_colors(outlets)
    height = 2.6 + 2 * (0.9 + 0.32 * len(outlets))
    fig, axes = plt.subplots(2, 2, figsize=fig_size(13, height))
    (ax_tone, ax_frames), (ax_voice, ax_cov) = axes
    _tone(ax_tone, parts, outlets, colors)
    _frames(ax_frames, parts, outlets)
    _voices(ax_voice, parts, outlets, side_order)
    _coverage(ax_cov, parts, outlets, colors)
    title = wrap(f"{event}: " + (headline or f"how {len(outlets)} outlets covered it"), width=120, max_lines=3)
    n_art = len(parts["articles"])
    # the title hangs a fixed 0.11 in from the top: tight_layout reserves the title's height but not
    # matplotlib's default 2% gap above it, which on a tall dashboard left the first panels' titles
    # under the title's last line
    fig.suptitle(f"{title}\n(N = {n_art} articles from {len(outlets)} outlets)", x=0.01, ha="left", fontsize=11,
                 fontweight="bold", y=1 - 0.11 / fig.get_size_inches()[1])
    fig.tight_layout()
    return fig, dashboard_data(parts)

