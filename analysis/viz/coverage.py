"""Figures of notebook 05: what outlets share, what one leaves out, where figures disagree.

Every function takes tables from :mod:`analysis.compare` and returns ``(fig, data)``. Figures
adapt to 2-12 outlets and 1-500 events: per-event views take the top events and the corpus view
summarises the rest.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.viz.base import NEUTRAL_GREY, category_colors, fig_size, outlet_colors, plain, shorten, wrap

RELATIONS = ("shared", "partly shared", "unique")


def plot_coverage_overlap(overlap: pd.DataFrame, *, max_outlets: int = 12):
    """Heatmap: share of each outlet's sentences (rows) that another outlet (columns) also
    reports, pooled over the events both cover. ``overlap`` is :func:`analysis.compare.coverage_overlap`.
    With more than ``max_outlets`` outlets, the ones with the most compared sentences are shown."""
    import matplotlib.pyplot as plt

    pooled = overlap.groupby(["outlet", "other_outlet"])[["units", "shared"]].sum()
    share = (pooled["shared"] / pooled["units"]).unstack()
    volume = overlap.groupby("outlet")["units"].sum().sort_values(ascending=False, kind="stable")
    outlets = sorted(set(volume.index[:max_outlets]))
    share = share.reindex(index=outlets, columns=outlets)
    n = len(outlets)
    fig, ax = plt.subplots(figsize=fig_size(3.5 + 0.8 * n, 2.5 + 0.6 * n))
    im = ax.imshow(share.to_numpy(dtype=float) * 100, cmap="Blues", vmin=0, vmax=100)
    labels = [shorten(o, 24) for o in outlets]
    ax.set_xticks(range(n), labels, rotation=30, ha="right")
    ax.set_yticks(range(n), labels)
    ax.set_xlabel("... also reported by")
    ax.set_ylabel("sentences of")
    ax.grid(False)
    for i, row in enumerate(share.to_numpy(dtype=float)):
        for j, value in enumerate(row):
            if value == value:  # not NaN
                ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=8 if n > 6 else 10,
                        color="black" if value < 0.6 else "white")
    fig.colorbar(im, ax=ax, label="% of sentences with a shared match")
    shown = "" if len(volume) <= max_outlets else f" ({n} of {len(volume)} outlets, most sentences)"
    ax.set_title(wrap("How much of each outlet's reporting another outlet also carries" + shown, 60))
    data = share.stack(future_stack=True).rename("shared_share").reset_index()
    return fig, data


def shared_unique_counts(alignment: pd.DataFrame, *, unit_col: str = "sent_id") -> pd.DataFrame:
    """Per outlet: sentences shared with at least one other outlet, only partly shared, unique."""
    rank = {"shared": 0, "partly shared": 1, "unique": 2}
    rel = alignment.get("relation", alignment["shared"].map({True: "shared", False: "unique"}))
    per = alignment.assign(_r=rel.map(rank)).groupby(["outlet", "article_id", unit_col])["_r"].min()
    per = per.map({v: k for k, v in rank.items()}).rename("relation").reset_index()
    counts = per.groupby(["outlet", "relation"]).size().unstack(fill_value=0).reindex(columns=RELATIONS, fill_value=0)
    counts["total"] = counts.sum(axis=1)
    return counts.reset_index()


def plot_shared_unique(alignment: pd.DataFrame, *, unit_col: str = "sent_id"):
    """Stacked bars per outlet: sentences shared with another outlet, partly shared, unique."""
    import matplotlib.pyplot as plt

    counts = shared_unique_counts(alignment, unit_col=unit_col)
    colors = outlet_colors(counts["outlet"])
    fig, ax = plt.subplots(figsize=fig_size(8, 1.6 + 0.45 * len(counts)))
    y = np.arange(len(counts))
    left = np.zeros(len(counts))
    styles = {"shared": (1.0, None), "partly shared": (0.55, "//"), "unique": (0.25, None)}
    for rel in RELATIONS:
        alpha, hatch = styles[rel]
        face = [colors[o] for o in counts["outlet"]] if rel != "unique" else NEUTRAL_GREY
        ax.barh(y, counts[rel], left=left, color=face, alpha=alpha, hatch=hatch, edgecolor="white", label=rel)
        left += counts[rel].to_numpy()
    ax.set_yticks(y, [shorten(o, 28) for o in counts["outlet"]])
    ax.invert_yaxis()
    for i, (s, t) in enumerate(zip(counts["shared"], counts["total"], strict=True)):
        ax.text(t, i, f"  {s}/{t} shared", va="center", fontsize=8)
    ax.set_xlabel("sentences")
    ax.set_xlim(0, counts["total"].max() * 1.3)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.5 / max(1, len(counts)) - 0.15), ncol=3)
    ax.set_title(wrap("Sentences each outlet shares with at least one other outlet "
                      f"(N = {int(counts['total'].sum())} sentences)", 70))
    return fig, counts


def plot_similarity_grid(grid: pd.DataFrame, *, label_a: str, label_b: str, threshold: float | None = None):
    """Sentence-by-sentence pair probability of two articles (rows: article A in reading order),
    each row's best match circled when it counts as shared (:func:`analysis.compare.grid_matches`)."""
    import matplotlib.pyplot as plt

    from analysis.compare import grid_matches

    mat = grid.pivot(index="unit_a", columns="unit_b", values="similarity")
    fig, ax = plt.subplots(figsize=fig_size(2 + 0.22 * mat.shape[1], 1.5 + 0.2 * mat.shape[0]))
    im = ax.imshow(mat.to_numpy(), cmap="Greys", vmin=0, vmax=1, aspect="auto")
    rows, cols = list(mat.index), list(mat.columns)
    matches = grid_matches(grid, threshold=threshold)
    for match in matches.itertuples():
        ax.plot(cols.index(match.unit_b), rows.index(match.unit_a), "o", mfc="none", mec="#D55E00", ms=9, mew=1.5)
    ax.set_xlabel(f"{plain(label_b)}: sentence in reading order")
    ax.set_ylabel(f"{plain(label_a)}: sentence in reading order")
    ax.grid(False)
    fig.colorbar(im, ax=ax, label="probability the two report the same content")
    return fig, grid.assign(matched=grid.set_index(["unit_a", "unit_b"]).index.isin(
        matches.set_index(["unit_a", "unit_b"]).index))


def plot_event_coverage(alignment: pd.DataFrame, *, top: int = 25, unit_col: str = "sent_id"):
    """Corpus summary: share of sentences shared per event and outlet (dots), for the ``top``
    events with the most sentences; the rest pooled in one row."""
    import matplotlib.pyplot as plt

    per = alignment.groupby(["event", "outlet", "article_id", unit_col])["shared"].any().reset_index()
    size = per.groupby("event").size().sort_values(ascending=False)
    keep = list(size.index[:top])
    per["row"] = per["event"].where(per["event"].isin(keep), f"other {max(len(size) - top, 0)} events")
    data = per.groupby(["row", "outlet"])["shared"].agg(shared_share="mean", sentences="size").reset_index()
    rows = keep + ([f"other {len(size) - top} events"] if len(size) > top else [])
    colors = outlet_colors(data["outlet"])
    fig, ax = plt.subplots(figsize=fig_size(8, 1.5 + 0.32 * len(rows)))
    pos = {r: k for k, r in enumerate(rows)}
    for outlet, grp in data.groupby("outlet"):
        ax.scatter(grp["shared_share"] * 100, grp["row"].map(pos), s=18 + grp["sentences"].clip(upper=200) / 4,
                   color=colors[outlet], label=shorten(outlet, 24), alpha=0.85, edgecolor="white")
    ax.set_yticks(range(len(rows)), [shorten(r, 45) for r in rows])
    ax.invert_yaxis()
    ax.set_xlim(-3, 103)
    ax.set_xlabel("% of the outlet's sentences shared with another outlet")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    ax.set_title(wrap(f"Shared reporting per event (top {min(top, len(size))} of {len(size)} events by sentences; "
                      f"N = {len(per)} sentences)", 70))
    return fig, data


def plot_omissions(omitted: pd.DataFrame, *, top: int = 12):
    """Micro-blindspots per outlet: facts reported by other outlets that it left out, by kind
    (quote / number / fact). ``omitted`` is :func:`analysis.compare.omissions`."""
    import matplotlib.pyplot as plt

    kinds = ["quote", "number", "fact"]
    counts = (omitted.groupby(["missing_outlet", "kind"]).size().unstack(fill_value=0)
              .reindex(columns=kinds, fill_value=0))
    counts["total"] = counts.sum(axis=1)
    counts = counts.sort_values("total", ascending=False).head(top)
    colors = category_colors(kinds)
    fig, ax = plt.subplots(figsize=fig_size(8, 1.6 + 0.45 * max(len(counts), 1)))
    y = np.arange(len(counts))
    left = np.zeros(len(counts))
    for kind in kinds:
        ax.barh(y, counts[kind], left=left, color=colors[kind], label=kind)
        left += counts[kind].to_numpy()
    ax.set_yticks(y, [shorten(o, 28) for o in counts.index])
    ax.invert_yaxis()
    ax.set_xlabel("facts reported by at least two other outlets but missing here")
    if len(counts):
        ax.legend(loc="lower right")
    else:
        ax.text(0.5, 0.5, "no omissions found (a fact must be reported by at least two other outlets)",
                ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
    ax.set_title(wrap("What each outlet left out that other outlets reported", 70))
    return fig, counts.reset_index().rename(columns={"missing_outlet": "outlet"})


def plot_discrepancies(discrepancies: pd.DataFrame, *, top: int = 10):
    """The ``top`` number discrepancies between aligned sentences: each row one fact, the two
    outlets' figures as written. ``discrepancies`` is :func:`analysis.compare.number_discrepancies`."""
    import matplotlib.pyplot as plt

    data = discrepancies.head(top).reset_index(drop=True)
    fig, ax = plt.subplots(figsize=fig_size(9, 1.4 + 0.55 * max(len(data), 1)))
    ax.axis("off")
    if data.empty:
        ax.text(0.5, 0.5, "no figures disagree between sentences reporting the same fact",
                ha="center", va="center", transform=ax.transAxes)
    colors = outlet_colors(pd.concat([data["outlet_a"], data["outlet_b"]]) if len(data) else [])
    for k, r in data.iterrows():
        yy = 1 - (k + 0.5) / max(len(data), 1)
        ax.text(0.0, yy, shorten(r["event"], 22), va="center", fontsize=8, transform=ax.transAxes)
        ax.text(0.25, yy, shorten(f"{r['outlet_a']}: {r['surface_a']}", 36), va="center", fontsize=9,
                color=colors[r["outlet_a"]], transform=ax.transAxes)
        ax.text(0.62, yy, shorten(f"{r['outlet_b']}: {r['surface_b']}", 36), va="center", fontsize=9,
                color=colors[r["outlet_b"]], transform=ax.transAxes)
    ax.set_title(wrap("Figures that differ between outlets reporting the same fact "
                      f"(top {len(data)} by sentence similarity)", 80))
    return fig, data


def plot_omission_grid(omitted: pd.DataFrame, articles: pd.DataFrame, *, top: int = 20, max_outlets: int = 12):
    """Per event and outlet: how many facts reported by other outlets the outlet left out.

    Rows: the ``top`` events with the most omissions (the rest pooled in one row); columns: the
    outlets (the ``max_outlets`` with most omissions); grey where the outlet did not cover the
    event. ``omitted`` is :func:`analysis.compare.omissions`.
    """
    import matplotlib.pyplot as plt

    per_event = omitted.groupby("event").size().sort_values(ascending=False, kind="stable")
    keep = list(per_event.index[:top])
    rest = f"other {len(per_event) - top} events" if len(per_event) > top else None
    om = omitted.assign(row=omitted["event"].where(omitted["event"].isin(keep), rest))
    outlets = list(om.groupby("missing_outlet").size().sort_values(ascending=False, kind="stable")
                   .index[:max_outlets])
    counts = om[om["missing_outlet"].isin(outlets)].groupby(["row", "missing_outlet"]).size().unstack(fill_value=0)
    rows = keep + ([rest] if rest else [])
    counts = counts.reindex(index=rows, columns=sorted(outlets)).astype(float)
    covered = articles[articles["event"].isin(keep)].groupby(["event", "outlet"]).size().unstack()
    for event in keep:  # NaN (grey) where the outlet did not cover the event
        for outlet in counts.columns:
            if covered is None or event not in covered.index or outlet not in covered.columns \
                    or pd.isna(covered.loc[event, outlet]):
                counts.loc[event, outlet] = np.nan
            elif pd.isna(counts.loc[event, outlet]):
                counts.loc[event, outlet] = 0
    fig, ax = plt.subplots(figsize=fig_size(3 + 0.7 * max(len(counts.columns), 1), 1.8 + 0.35 * max(len(rows), 1)))
    values = counts.to_numpy(dtype=float)
    cmap = plt.get_cmap("Oranges").with_extremes(bad="#DDDDDD")  # bad: the outlet did not cover the event
    shown = np.ma.masked_invalid(values) if values.size else np.zeros((1, 1))
    im = ax.imshow(shown, cmap=cmap, vmin=0, aspect="auto")
    ax.set_xticks(range(len(counts.columns)), [shorten(o, 20) for o in counts.columns], rotation=30, ha="right")
    ax.set_yticks(range(len(rows)), [shorten(r, 40) for r in rows])
    ax.grid(False)
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v == v and v > 0:
                ax.text(j, i, f"{int(v)}", ha="center", va="center", fontsize=8)
    fig.colorbar(im, ax=ax, label="facts left out")
    ax.set_title(wrap("Facts other outlets reported that this outlet left out, per event "
                      "(grey: the outlet did not cover the event)", 70))
    return fig, counts.reset_index(names="event")
