"""Figures of notebook 03 (who is quoted): quoted sources, share of voice, reporting verbs.

Every function takes a table from :mod:`analysis.sources`, returns ``(fig, data)`` with the
exact data drawn, and adapts to 2-12 outlets (one small panel per outlet, at most four per
row) and to any number of speakers and sides (top-k, the rest summed as "all others").
Sides and source types take :func:`~analysis.viz.base.category_colors`, never outlet colours.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import pandas as pd

from analysis.viz.base import category_colors, fig_size, grid_shape, plain, settle_shared, shorten, text_on, wrap

_KIND_ALPHA = {"direct": 1.0, "mixed": 0.65, "indirect": 0.35}
_OTHERS = "all others"


def _need(table: pd.DataFrame, cols: list[str], what: str) -> None:
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise ValueError(f"The {what} table lacks column(s) {missing}.")


def _top_categories(values: pd.Series, weights: pd.Series, k: int) -> list[str]:
    totals = weights.groupby(values).sum().sort_values(ascending=False)
    return [c for c in totals.index if c != "unknown"][:k]


def _side_label(side: object) -> str:
    return str(side) if str(side) else "unknown"


def plot_quoted_sources(quotes: pd.DataFrame, *, group_col: str = "outlet", top: int = 8,
                        max_sides: int = 8, side_order: Iterable[str] = ()):
    """Who is quoted: one panel per outlet, its ``top`` speakers by words attributed.

    Bars are coloured by the speaker's side (top ``max_sides`` sides, the rest "all
    others", unknown grey) and shaded by kind (direct dark, mixed, indirect light); ``side_order``
    (:func:`~analysis.viz.base.side_order` of the corpus) keeps each side's colour across figures.
    Returns ``(fig, data)``: outlet, speaker_id, speaker, side, kind, words.
    """
    _need(quotes, [group_col, "speaker_id", "canonical", "kind", "words", "affiliation"], "quotes")
    q = quotes.assign(side=quotes["affiliation"].map(_side_label))
    data = (q.groupby([group_col, "speaker_id", "canonical", "side", "kind"])["words"].sum()
            .rename("words").reset_index().rename(columns={"canonical": "speaker"}))
    keep_sides = _top_categories(data["side"], data["words"], max_sides)
    data["side"] = data["side"].where(data["side"].isin([*keep_sides, "unknown"]), _OTHERS)
    outlets = sorted(data[group_col].unique())
    rows, cols = grid_shape(max(1, len(outlets)))
    fig, axes = plt.subplots(rows, cols, figsize=fig_size(4.2 * cols, (0.32 * top + 1.2) * rows),
                             squeeze=False)
    colors = category_colors([*keep_sides, _OTHERS, "unknown"], order=side_order)
    shown = []
    for ax, outlet in zip(axes.flat, outlets, strict=False):
        d = data[data[group_col] == outlet]
        per = d.groupby("speaker_id").agg(words=("words", "sum"), speaker=("speaker", "first"),
                                           side=("side", "first"))
        per = per.sort_values(["words", "speaker"], ascending=[False, True]).head(top)
        left = pd.Series(0.0, index=per.index)
        for kind in ("direct", "mixed", "indirect"):
            vals = d[d["kind"] == kind].groupby("speaker_id")["words"].sum().reindex(per.index).fillna(0)
            ax.barh(range(len(per)), vals.values, left=left.values, alpha=_KIND_ALPHA[kind],
                    color=[colors[s] for s in per["side"]], edgecolor="white", linewidth=0.5)
            left += vals
        ax.set_yticks(range(len(per)), [shorten(plain(s), 28) for s in per["speaker"]], fontsize=8)
        ax.invert_yaxis()
        n_att = int((quotes[group_col] == outlet).sum())
        ax.set_title(wrap(plain(f"{outlet} (N={n_att} attributions)"), 36), fontsize=9)
        ax.set_xlabel("words attributed (count)", fontsize=8)
        shown.extend(per["side"])
    for ax in list(axes.flat)[len(outlets):]:
        ax.set_visible(False)
    handles = [plt.Rectangle((0, 0), 1, 1, color=colors[s]) for s in dict.fromkeys(
        [s for s in [*keep_sides, _OTHERS, "unknown"] if s in shown])]
    labels = [plain(s) for s in dict.fromkeys([s for s in [*keep_sides, _OTHERS, "unknown"] if s in shown])]
    kinds = [plt.Rectangle((0, 0), 1, 1, color="#444444", alpha=a) for a in _KIND_ALPHA.values()]
    fig.legend(handles + kinds, labels + list(_KIND_ALPHA), loc="lower center",
               ncol=min(6, len(labels) + 3), fontsize=8, bbox_to_anchor=(0.5, 0.0))
    fig.suptitle(quoted_sources_title(data, group_col=group_col), x=0.01, ha="left", fontsize=11,
                 fontweight="bold")
    fig.tight_layout(rect=(0, 0.08, 1, 0.95))
    return fig, data


def quoted_sources_title(data: pd.DataFrame, *, group_col: str = "outlet") -> str:
    """Finding title: each outlet's most-quoted source by words (plain text)."""
    if data.empty:
        return "No attributed speech found"
    per = data.groupby([group_col, "speaker"])["words"].sum().reset_index()
    best = per.sort_values([group_col, "words", "speaker"], ascending=[True, False, True]).groupby(group_col).head(1)
    heads = [f"{o}: {s}" for o, s in zip(best[group_col], best["speaker"], strict=True)]
    return wrap(plain("Most-quoted source by words — " + "; ".join(heads[:6])
                      + (f"; +{len(heads) - 6} more outlets" if len(heads) > 6 else "")), 110)


def plot_share_of_voice(sov: pd.DataFrame, *, by: str, group_col: str = "outlet",
                        weight_label: str = "quoted words", top: int = 8, colour_order: Iterable[str] = ()):
    """Stacked bars: share of voice per outlet by ``by`` (from ``share_of_voice``).

    The ``top`` largest categories keep their own colour, the rest are summed as "all
    others", unknown is grey and last; ``colour_order`` (e.g. the corpus's
    :func:`~analysis.viz.base.side_order`) keeps each category's colour across figures.
    Returns ``(fig, data)`` with the drawn shares.
    """
    _need(sov, [group_col, by, "share", "value"], "share-of-voice")
    keep = _top_categories(sov[by].astype(str), sov["value"], top)
    cat = sov[by].astype(str).where(sov[by].astype(str).isin([*keep, "unknown"]), _OTHERS)
    data = (sov.assign(**{by: cat}).groupby([group_col, by])[["value", "share"]].sum().reset_index())
    outlets = sorted(data[group_col].unique())
    wide = data.pivot_table(index=group_col, columns=by, values="share", fill_value=0.0).reindex(outlets)
    order = [c for c in [*keep, _OTHERS, "unknown"] if c in wide.columns]
    colors = category_colors(order, order=colour_order)
    fig, ax = plt.subplots(figsize=fig_size(9, 1.2 + 0.5 * max(1, len(outlets))))
    left = pd.Series(0.0, index=wide.index)
    for c in order:
        ax.barh(range(len(outlets)), wide[c].values * 100, left=left.values * 100, color=colors[c],
                label=plain(c), edgecolor="white", linewidth=0.5)
        for i, (v, l0) in enumerate(zip(wide[c].values, left.values, strict=True)):
            if v >= 0.08:
                ax.text((l0 + v / 2) * 100, i, f"{v:.0%}", ha="center", va="center", fontsize=7,
                        color=text_on(colors[c]))
        left += wide[c]
    totals = data.groupby(group_col)["value"].sum().reindex(outlets)
    ax.set_yticks(range(len(outlets)),
                  [wrap(plain(f"{o} (N={int(t)} {weight_label})"), 30) for o, t in totals.items()], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"share of {weight_label} (%)")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    ax.set_title(share_of_voice_title(data, by=by, group_col=group_col))
    fig.tight_layout()
    return fig, data


def share_of_voice_title(data: pd.DataFrame, *, by: str, group_col: str = "outlet") -> str:
    """Finding title: each outlet's largest named category (plain text)."""
    named = data[~data[by].isin(["unknown", _OTHERS])]
    label = {"affiliation": "side"}.get(by, by.replace("_", " "))
    if named.empty:
        return f"No {label} could be named for the quoted sources"
    best = named.sort_values([group_col, "share"], ascending=[True, False]).groupby(group_col).head(1)
    heads = [f"{o}: {c} {s:.0%}" for o, c, s in zip(best[group_col], best[by], best["share"], strict=True)]
    return wrap(plain(f"Largest share of voice by {label} — " + "; ".join(heads[:6])), 100)


def plot_verb_profile(profile: pd.DataFrame, *, group_col: str = "outlet", top: int = 12):
    """Reporting verbs per outlet (from ``verb_profile(..., by="lemma")``): one panel per
    outlet, its ``top`` verbs as shares of its cues, coloured by stance (neutral /
    evaluative). Returns ``(fig, data)``."""
    _need(profile, [group_col, "lemma", "stance", "attributions"], "verb-profile")
    outlets = sorted(profile[group_col].unique())
    totals = profile.groupby(group_col)["attributions"].transform("sum")
    data = profile.assign(share=profile["attributions"] / totals.where(totals > 0))
    lemmas = list(data.groupby("lemma")["attributions"].sum().sort_values(ascending=False).index[:top])
    data = data[data["lemma"].isin(lemmas)].reset_index(drop=True)
    colors = category_colors(["neutral", "evaluative"])
    rows, cols = grid_shape(max(1, len(outlets)))
    fig, axes = plt.subplots(rows, cols, figsize=fig_size(3.6 * cols, (0.25 * len(lemmas) + 1.2) * rows),
                             squeeze=False, sharex=True)
    stance = data.drop_duplicates("lemma").set_index("lemma")["stance"]
    heads = []
    for ax, outlet in zip(axes.flat, outlets, strict=False):
        d = data[data[group_col] == outlet].set_index("lemma")["share"].reindex(lemmas).fillna(0)
        ax.barh(range(len(lemmas)), d.values * 100, color=[colors[stance.get(lem, "neutral")] for lem in lemmas])
        ax.set_yticks(range(len(lemmas)), [plain(lem) for lem in lemmas], fontsize=7)
        ax.invert_yaxis()
        ax.set_title(wrap(plain(outlet), 30), fontsize=9)
        ax.set_xlabel("share of cues (%)", fontsize=8)
        p = profile[profile[group_col] == outlet]
        n = int(p["attributions"].sum())
        ev = int(p.loc[p["stance"] == "evaluative", "attributions"].sum())
        heads.append(f"{outlet} {ev / n:.0%} of {n}" if n else f"{outlet} n/a")
    for ax in list(axes.flat)[len(outlets):]:
        ax.set_visible(False)
    fig.legend([plt.Rectangle((0, 0), 1, 1, color=colors[s]) for s in ("neutral", "evaluative")],
               ["neutral", "evaluative"], loc="lower center", ncol=2, fontsize=8)
    fig.suptitle(wrap(plain("Evaluative reporting verbs: " + "; ".join(heads[:6]) + " cues"), 110),
                 x=0.01, ha="left", fontsize=11, fontweight="bold")
    settle_shared(axes)
    fig.tight_layout(rect=(0, 0.06, 1, 0.93))
    return fig, data
