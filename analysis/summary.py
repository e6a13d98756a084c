"""One page per event: tone, frames, voices and coverage per outlet, in a figure and in words.

Everything here is computed from the pipeline's tables (:func:`analysis.pipeline.run`); the
summary text is generated from the measured numbers, never written by hand.
"""

from __future__ import annotations

import pandas as pd

from analysis.compare import align, extract_numbers, number_discrepancies

FRAMES = ("conflict", "responsibility", "economic", "human_interest", "morality")


def event_tables(tables: dict[str, pd.DataFrame], event: str, *, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The per-outlet measurements behind one event's dashboard.

    Returns ``tone`` (one row per outlet: mean sentence compound with 95% bootstrap CI and
    GDELT-style shares), ``frames`` (one row per outlet x frame: cue hits per 1,000 words),
    ``voices`` (one row per outlet x side: share of quoted words), ``coverage`` (one row per
    outlet: sentences shared with another outlet vs unique) and ``discrepancies``.
    """
    from analysis.framing import frame_profile
    from analysis.sentiment import summarize_tone
    from analysis.sources import share_of_voice

    arts = tables["articles"]
    arts = arts[(arts["event"] == event) & (arts["language"] == "en")]
    ids = set(arts["article_id"])
    sents = tables["sentences"][tables["sentences"]["article_id"].isin(ids)].merge(
        arts[["article_id", "outlet"]], on="article_id"
    )
    tone = summarize_tone(sents, by="outlet", seed=seed) if len(sents) else pd.DataFrame()
    frames_in = tables["frames"]
    frames_in = frames_in[frames_in["article_id"].isin(ids)] if len(frames_in) else frames_in
    frames = frame_profile(frames_in, group_col="outlet") if len(frames_in) else pd.DataFrame()
    quotes = tables["quotes"]
    quotes = quotes[quotes["article_id"].isin(ids)] if len(quotes) else quotes
    voices = share_of_voice(quotes, by="affiliation") if len(quotes) else pd.DataFrame(
        columns=["outlet", "affiliation", "value", "share"]
    )
    alignment = align(tables["sentences"][tables["sentences"]["article_id"].isin(ids)], arts)
    if len(alignment):
        per_sentence = alignment.groupby(["outlet", "article_id", "sent_id"])["shared"].any()
        coverage = per_sentence.groupby("outlet").agg(sentences="size", shared="sum").reset_index()
        coverage["unique"] = coverage["sentences"] - coverage["shared"]
    else:
        coverage = pd.DataFrame(columns=["outlet", "sentences", "shared", "unique"])
    numbers = extract_numbers(tables["sentences"][tables["sentences"]["article_id"].isin(ids)])
    return {
        "articles": arts,
        "tone": tone,
        "frames": frames,
        "voices": voices,
        "coverage": coverage,
        "discrepancies": number_discrepancies(numbers, arts),
        "quotes": quotes,
    }


def plot_dashboard(parts: dict[str, pd.DataFrame], *, event: str, headline: str | None = None):
    """Four panels for one event: tone (mean sentence compound, 95% CI), frames (cue hits
    per 1,000 words), voices (share of quoted words by side) and coverage (sentences shared
    with another outlet vs unique), one colour per outlet."""
    import matplotlib.pyplot as plt
    import numpy as np

    from analysis.figures import NEUTRAL_GREY, PALETTE, outlet_colors

    outlets = sorted(parts["articles"]["outlet"].unique())
    colors = outlet_colors(outlets)
    fig, axes = plt.subplots(2, 2, figsize=(12, 3.2 + 0.9 * len(outlets) + 2.5))
    (ax_tone, ax_frames), (ax_voice, ax_cov) = axes
    y = np.arange(len(outlets))

    tone = parts["tone"].set_index("outlet").reindex(outlets) if len(parts["tone"]) else None
    if tone is not None:
        for i, outlet in enumerate(outlets):
            row = tone.loc[outlet]
            ax_tone.errorbar(row["mean"], i, xerr=[[row["mean"] - row["mean_lo"]], [row["mean_hi"] - row["mean"]]],
                             fmt="o", color=colors[outlet], capsize=4, ms=7)
            ax_tone.annotate(f"{row['mean']:+.2f} (n={int(row['n'])})", (row["mean_hi"], i), xytext=(6, 0),
                             textcoords="offset points", va="center", fontsize=9)
    ax_tone.axvline(0, color=NEUTRAL_GREY, lw=1)
    ax_tone.set_yticks(y, outlets)
    ax_tone.set_ylim(-0.7, len(outlets) - 0.3)
    ax_tone.set_xlabel("mean sentence tone (VADER compound, 95% bootstrap CI)")
    ax_tone.set_title("Tone")

    frames = parts["frames"]
    if len(frames):
        width = 0.8 / len(outlets)
        for k, outlet in enumerate(outlets):
            sub = frames[frames["outlet"] == outlet].set_index("frame").reindex(FRAMES)
            ax_frames.barh(np.arange(len(FRAMES)) + k * width - 0.4 + width / 2, sub["per_1000"].fillna(0),
                           height=width, color=colors[outlet], label=outlet)
        ax_frames.set_yticks(range(len(FRAMES)), [f.replace("_", " ") for f in FRAMES])
        ax_frames.invert_yaxis()
        ax_frames.legend(fontsize=8, loc="lower right")
    ax_frames.set_xlabel("frame cue hits per 1,000 words")
    ax_frames.set_title("Frames (Semetko & Valkenburg cues)")

    voices = parts["voices"]
    if len(voices):
        sides = voices.groupby("affiliation")["value"].sum().sort_values(ascending=False).index.tolist()
        if "unknown" in sides:
            sides = [s for s in sides if s != "unknown"] + ["unknown"]
        side_colors = {s: (NEUTRAL_GREY if s == "unknown" else PALETTE[(i + 2) % len(PALETTE)])
                       for i, s in enumerate(sides)}
        left = np.zeros(len(outlets))
        for side in sides:
            vals = np.array([voices[(voices["outlet"] == o) & (voices["affiliation"] == side)]["share"].sum()
                             for o in outlets]) * 100
            ax_voice.barh(y, vals, left=left, color=side_colors[side], label=side, edgecolor="white")
            left += vals
        ax_voice.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=min(4, len(sides)))
    else:
        ax_voice.text(50, (len(outlets) - 1) / 2, "no attributed speech found", ha="center", va="center")
    ax_voice.set_yticks(y, outlets)
    ax_voice.set_xlim(0, 100)
    ax_voice.set_xlabel("share of quoted words by the side the source speaks for (%)")
    ax_voice.set_title("Voices")

    cov = parts["coverage"].set_index("outlet").reindex(outlets) if len(parts["coverage"]) else None
    if cov is not None and cov["sentences"].notna().any():
        shared = cov["shared"].fillna(0).to_numpy(dtype=float)
        unique = cov["unique"].fillna(0).to_numpy(dtype=float)
        ax_cov.barh(y, shared, color=[colors[o] for o in outlets])
        ax_cov.barh(y, unique, left=shared, color=NEUTRAL_GREY, alpha=0.35)
        for i, (s, u) in enumerate(zip(shared, unique, strict=True)):
            ax_cov.text(s + u, i, f"  {int(s)} shared / {int(u)} unique", va="center", fontsize=9)
        ax_cov.set_xlim(0, (shared + unique).max() * 1.45)
    else:
        ax_cov.text(0.5, 0.5, "single outlet: nothing to compare", ha="center", va="center",
                    transform=ax_cov.transAxes)
    ax_cov.set_yticks(y, outlets)
    ax_cov.set_xlabel("sentences (coloured: another outlet reports it too)")
    ax_cov.set_title("Coverage")
    n_art = len(parts["articles"])
    import textwrap

    title = textwrap.fill(f"{event}: " + (headline or f"how {len(outlets)} outlets covered it"), width=110)
    fig.suptitle(f"{title}\n(N = {n_art} articles from {len(outlets)} outlets)", x=0.01, ha="left",
                 fontsize=12, fontweight="bold")
    fig.tight_layout()
    return fig


def headline(parts: dict[str, pd.DataFrame], *, test: pd.DataFrame | None = None) -> str:
    """A one-line finding for the dashboard title, read from the measured tables."""
    bits = []
    if test is not None and len(test):
        t = test.iloc[0]
        if t["p_value"] < 0.05:
            more_negative = t["a"] if t["diff"] < 0 else t["b"]
            bits.append(f"{more_negative} is more negative (permutation p = {t['p_value']:.3f})")
        else:
            bits.append(f"no tone difference between outlets (permutation p = {t['p_value']:.2f})")
    if len(parts["frames"]):
        lead = parts["frames"].sort_values("per_1000", ascending=False).groupby("outlet")["frame"].first()
        if lead.nunique() == 1:
            bits.append(f"{lead.iloc[0].replace('_', ' ')} frame leads in every outlet")
    voices = parts["voices"]
    if len(voices):
        top = voices[voices["affiliation"] != "unknown"].sort_values("share", ascending=False)
        top = top.groupby("outlet")["affiliation"].first()
        if len(top) and top.nunique() == 1 and len(top) == parts["articles"]["outlet"].nunique():
            bits.append(f"{top.iloc[0]} is the most-quoted side in every outlet")
    return "; ".join(bits)


def _fmt_outlets(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def summary_text(parts: dict[str, pd.DataFrame], *, event: str, test: pd.DataFrame | None = None) -> str:
    """A short Markdown summary of one event, every number read from ``parts``
    (:func:`event_tables`) and, when given, the pairwise permutation ``test`` of tone."""
    arts = parts["articles"]
    lines = [f"**{event}** — {len(arts)} articles from {arts['outlet'].nunique()} outlets "
             f"({_fmt_outlets(sorted(arts['outlet'].unique()))})."]
    tone = parts["tone"]
    if len(tone):
        most = tone.sort_values("mean").iloc[0]
        desc = "; ".join(f"{r.outlet} {r.mean:+.2f} [{r.mean_lo:+.2f}, {r.mean_hi:+.2f}], "
                         f"{r.pct_negative:.0f}% of sentences negative" for r in tone.itertuples())
        lines.append(f"- **Tone** (mean sentence VADER compound, 95% CI): {desc}. "
                     f"Most negative: {most.outlet}.")
        if test is not None and len(test):
            t = test.iloc[0]
            verdict = "a difference unlikely to be chance" if t["p_value"] < 0.05 else "not distinguishable from chance"
            lines.append(f"  Permutation test {t['a']} vs {t['b']}: difference in mean "
                         f"{t['diff']:+.2f}, p = {t['p_value']:.3f} ({verdict}).")
    frames = parts["frames"]
    if len(frames):
        lead = frames.sort_values("per_1000", ascending=False).groupby("outlet").head(1)
        desc = "; ".join(f"{r.outlet}: {r.frame.replace('_', ' ')} ({r.per_1000:.1f} cue hits per 1,000 words)"
                         for r in lead.sort_values("outlet").itertuples())
        lines.append(f"- **Leading frame**: {desc}.")
    voices = parts["voices"]
    quotes = parts["quotes"]
    if len(voices):
        named = voices[voices["affiliation"] != "unknown"].sort_values("share", ascending=False)
        top = named.groupby("outlet").head(1).set_index("outlet")
        counts = quotes.groupby("outlet").agg(n=("speaker_id", "size"), speakers=("speaker_id", "nunique"),
                                              words=("words", "sum"))
        desc = "; ".join(
            f"{o}: {int(counts.loc[o, 'n'])} attributions, {int(counts.loc[o, 'speakers'])} sources, "
            f"{int(counts.loc[o, 'words'])} quoted words"
            + (f", {top.loc[o, 'share']:.0%} of them from {top.loc[o, 'affiliation']}" if o in top.index else "")
            for o in counts.index
        )
        lines.append(f"- **Voices**: {desc}.")
        silent = sorted(set(arts["outlet"]) - set(counts.index))
        if silent:
            lines.append(f"  No attributed speech found in {_fmt_outlets(silent)}.")
    cov = parts["coverage"]
    if len(cov):
        desc = "; ".join(f"{r.outlet} {int(r.shared)} of {int(r.sentences)} sentences shared"
                         for r in cov.itertuples())
        lines.append(f"- **Coverage** (near-verbatim matches only): {desc}.")
    else:
        lines.append("- **Coverage**: a single outlet covered this event; nothing to compare.")
    disc = parts["discrepancies"]
    if len(disc):
        d = disc.iloc[0]
        lines.append(f"- **Figures that disagree**: {len(disc)} pair(s); e.g. {d.outlet_a} \"{d.surface_a}\" vs "
                     f"{d.outlet_b} \"{d.surface_b}\" ({d.unit}).")
    return "\n".join(lines)
