"""Comparisons in words (plain text; :func:`analysis.summary.across_events_text` escapes and
assembles them into the corpus summary) and the evidence behind an established difference."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.compare_outlets.measures import MEASURES
from analysis.sentiment.findings import format_p


def min_events_for(alpha: float = 0.05) -> int:
    """The fewest events with a non-zero difference a paired comparison needs to be able to
    reach p < ``alpha``: the smallest n with 2 / 2^n < alpha (6 for 0.05)."""
    return max(1, math.floor(math.log2(2 / alpha)) + 1)


def _fmt(value: float, scale: str) -> str:
    return f"{value:+.2f}" if scale == "tone" else f"{value:.0%}"


def _p_holm(p: float) -> str:
    return format_p(p).replace("p ", "p_holm ", 1)


def oriented(row) -> tuple[str, str, float, float, float, float]:
    """``(lead, other, lead_mean, other_mean, diff_lo, diff_hi)`` with the lead the outlet the
    finding is about: the more negative one for tone, the higher share otherwise."""
    scale = MEASURES.get(row.measure, {}).get("scale", "share")
    a_leads = row.mean_a < row.mean_b if scale == "tone" else row.mean_a > row.mean_b
    if a_leads:
        return row.outlet_a, row.outlet_b, row.mean_a, row.mean_b, row.diff_lo, row.diff_hi
    return row.outlet_b, row.outlet_a, row.mean_b, row.mean_a, -row.diff_hi, -row.diff_lo


def describe(row) -> str:
    """One comparison row in words, with its numbers: "X's articles were more negative toward
    Y than Z's on the same events: -0.21 vs +0.04 mean article tone, 64 events, p_holm < 0.001
    (difference -0.25, 95% CI -0.33 to -0.17)". Plain text (user strings not escaped)."""
    lead, other, m_lead, m_other, lo, hi = oriented(row)
    scale = MEASURES.get(row.measure, {}).get("scale", "share")
    target = str(row.target)
    same = "on the same events"
    if row.measure == "sentence_tone":
        head = f"{lead}'s articles were more negative than {other}'s {same}"
        what = "mean sentence tone"
    elif row.measure == "actor_tone":
        head = f"{lead}'s articles were more negative toward {target} than {other}'s {same}"
        what = "mean article tone toward them"
    elif row.measure == "side_tone":
        head = f"{lead}'s articles were more negative toward actors of the {target} side than {other}'s {same}"
        what = "mean article tone"
    elif row.measure in ("quote_side", "quote_type"):
        kind = "side" if row.measure == "quote_side" else "type"
        head = f"{lead} gave more of its quoted words to sources of the {kind} {target} than {other} {same}"
        what = "of an article's quoted words"
    elif row.measure == "frame":
        head = f"{lead}'s articles carried the {target} frame more often than {other}'s {same}"
        what = "of articles"
    else:
        head = f"{lead} carried more of each event's shared facts than {other}"
        what = "of the facts two or more outlets reported"
    diff = m_lead - m_other
    ci = (f"difference {_fmt(diff, 'tone')}, 95% CI {_fmt(lo, 'tone')} to {_fmt(hi, 'tone')}" if scale == "tone"
          else f"difference {diff * 100:+.0f} points, 95% CI {lo * 100:+.0f} to {hi * 100:+.0f}")
    p = _p_holm(row.p_holm) if isinstance(row.p_holm, float) and np.isfinite(row.p_holm) else format_p(row.p_value)
    return (f"{head}: {_fmt(m_lead, scale)} vs {_fmt(m_other, scale)} {what}, {row.n_events} events, "
            f"{p} ({ci})")


def finding_evidence(units: pd.DataFrame, row, *, n: int = 3) -> str:
    """The ``n`` events where a comparison's difference shows most, one line each:
    "event: lead value vs other value — sentence" (the lead outlet's sentence that pulls its
    value in the finding's direction, when the measure has one). Plain text."""
    lead, other, *_ = oriented(row)
    scale = MEASURES.get(row.measure, {}).get("scale", "share")
    sel = units[(units["measure"] == row.measure) & (units["target"] == row.target)
                & units["outlet"].isin([lead, other])]
    if sel.empty:
        return ""
    per = sel.groupby(["event", "outlet"])["value"].mean().unstack()
    if lead not in per.columns or other not in per.columns:
        return ""
    per = per.dropna(subset=[lead, other])
    gap = (per[other] - per[lead]) if scale == "tone" else (per[lead] - per[other])
    top = gap[gap > 0].sort_values(ascending=False, kind="stable").head(n)
    text_col = "low_text" if scale == "tone" else "high_text"
    lines = []
    for event in top.index:
        mine = sel[(sel["event"] == event) & (sel["outlet"] == lead)]
        mine = mine.sort_values("value", ascending=scale == "tone", kind="stable")
        sentence = next((str(t) for t in mine[text_col] if isinstance(t, str) and t.strip()), "")
        line = f"{event}: {lead} {_fmt(per.loc[event, lead], scale)} vs {other} {_fmt(per.loc[event, other], scale)}"
        lines.append(line + (f" — \u201c{' '.join(sentence.split())[:240]}\u201d" if sentence else ""))
    return "\n".join(lines)
