"""Comparisons in words (plain text; :func:`analysis.summary.across_events_text` escapes and
assembles them into the corpus summary) and the evidence behind an established difference."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.compare_outlets.measures import MEASURES
from analysis.sentiment.findings import format_p

_POSSESSIVE = ("sentence_tone", "actor_tone", "side_tone", "frame")  # "X's articles ... than Y's"


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
        what = "of the narrated facts two or more outlets reported (quotations aside)"
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


def grouped_findings(comparisons: pd.DataFrame) -> list[pd.DataFrame]:
    """The established rows grouped into findings: one per (measure, target, lead outlet)
    ("A more negative toward X than B and than C" is one finding), largest difference first,
    taking the largest finding of each measure before the second of any (so a strong tone
    difference toward five actors of one side does not hide a difference in whom is quoted).
    Rows another established difference accounts for (``role`` "implied",
    :mod:`analysis.compare_outlets.nesting`) are not findings of their own: see :func:`implied_by`."""
    est = comparisons[comparisons["established"]]
    if "role" in est.columns:
        est = est[est["role"] == "finding"]
    if est.empty:
        return []
    est = est.assign(_lead=[oriented(r)[0] for r in est.itertuples()], _size=est["diff"].abs())
    groups = [g.sort_values("_size", ascending=False, kind="stable")
              for _, g in est.groupby(["measure", "target", "_lead"], sort=True)]
    groups.sort(key=lambda g: -g["_size"].iloc[0])
    rank: dict[str, int] = {}
    keyed = []
    for i, g in enumerate(groups):
        m = g["measure"].iloc[0]
        keyed.append((rank.get(m, 0), i, g.drop(columns=["_lead", "_size"])))
        rank[m] = rank.get(m, 0) + 1
    return [g for _, _, g in sorted(keyed, key=lambda k: (k[0], k[1]))]


def implied_by(comparisons: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The established rows that the finding ``rows`` (one group of :func:`grouped_findings`)
    accounts for: same outlet pair, ``role`` "implied", its measure and target among the
    row's ``explained_by``. Largest difference first."""
    if "role" not in comparisons.columns:
        return comparisons.iloc[0:0]
    key = f"{rows['measure'].iloc[0]}:{rows['target'].iloc[0]}"
    pairs = set(zip(rows["outlet_a"], rows["outlet_b"], strict=True))
    cand = comparisons[(comparisons["role"] == "implied")
                       & comparisons["explained_by"].astype(str).str.split("|").map(lambda keys: key in keys)]
    # a boolean array, not a list: an empty list would select no columns
    keep = np.fromiter((pair in pairs for pair in zip(cand["outlet_a"], cand["outlet_b"], strict=True)),
                       dtype=bool, count=len(cand))
    cand = cand[keep]
    return cand.assign(_size=cand["diff"].abs()).sort_values("_size", ascending=False, kind="stable").drop(
        columns="_size")


def describe_finding(rows: pd.DataFrame) -> str:
    """A finding (rows with one lead outlet, see :func:`grouped_findings`) in words: the
    largest comparison in full (:func:`describe`), then each other outlet it differs from."""
    first = next(rows.itertuples())
    text = describe(first)
    scale = MEASURES.get(first.measure, {}).get("scale", "share")
    for row in list(rows.itertuples())[1:]:
        lead, other, m_lead, m_other, *_ = oriented(row)
        owner = f"{other}'s" if row.measure in _POSSESSIVE else other
        text += (f"; and than {owner}: {_fmt(m_lead, scale)} vs {_fmt(m_other, scale)}, {row.n_events} events, "
                 f"{_p_holm(row.p_holm)}")
    return text


def figure_title(comparisons: pd.DataFrame, measure: str, *, alpha: float = 0.05) -> str:
    """A figure title that says the finding for one measure: its largest established
    difference, or that none of the tested pairs differs, or that there are too few shared
    events to test; then what is drawn and N."""
    rows = comparisons[comparisons["measure"] == measure] if len(comparisons) else comparisons
    label = MEASURES.get(measure, {}).get("label", measure)
    if rows.empty:
        return f"No comparison of {label}: fewer than two outlets share an event"
    findings = grouped_findings(rows)
    n_events = int(rows["n_events"].max())
    if findings:
        head = describe(next(findings[0].itertuples())).split(" (difference")[0]
        if len(findings) > 1:
            head += f" (+{len(findings) - 1} more established)"
    elif rows["powered"].any():
        head = (f"No established difference in {label} ({int(rows['powered'].sum())} outlet pairs x targets "
                f"tested, up to {n_events} shared events)")
    else:
        head = (f"Too few shared events to compare {label}: at most {n_events}, and at least "
                f"{min_events_for(alpha)} are needed to reach p < {alpha:g}")
    return (f"{head}\nDifference between outlets a and b on the events both covered, 95% CI over events "
            f"(N = {len(rows)} comparisons)")
