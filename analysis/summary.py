"""One page per event: tone, frames, voices and coverage per outlet, in a figure and in words.

Everything here is computed from the pipeline's tables (:func:`analysis.pipeline.run`); the
summary text is generated from the measured numbers, never written by hand.
"""

from __future__ import annotations

import hashlib
import html
import re

import pandas as pd

from analysis.compare import align, extract_numbers, number_discrepancies
from analysis.corpus import english_only
from analysis.framing import FRAMES  # noqa: F401  (the one FRAMES, re-exported for viz.summary)


def event_slug(event: str) -> str:
    """A file-name-safe, unique name for an event: its slug plus a short hash of the exact
    name ("Kerry in Sochi 2015" and "Kerry in Sochi, 2015!" never share a file)."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(event).lower()).strip("-")[:48].strip("-") or "event"
    return f"{slug}-{hashlib.sha256(str(event).encode('utf-8')).hexdigest()[:8]}"


def events_by_coverage(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per event (English articles): ``event, slug, outlets, articles``, most
    outlets first, then most articles, then by name."""
    arts = english_only(articles)
    out = arts.groupby("event").agg(outlets=("outlet", "nunique"), articles=("article_id", "size")).reset_index()
    out["slug"] = out["event"].map(event_slug)
    out = out.sort_values(["outlets", "articles", "event"], ascending=[False, False, True], kind="stable")
    return out[["event", "slug", "outlets", "articles"]].reset_index(drop=True)


def event_marker(event: str, parts: dict[str, pd.DataFrame], headline_text: str) -> dict:
    """Display metadata that starts an event block in the report (:mod:`analysis.report_html`)."""
    arts = parts["articles"]
    return {"analysis": {"event": str(event), "file": event_slug(event), "figure": f"06-dashboard-{event_slug(event)}",
                         "headline": headline_text,
                         "articles": int(len(arts)), "outlets": int(arts["outlet"].nunique())}}


#: the tables of :func:`event_tables` stored once per corpus (as ``event_<part>``, see :mod:`analysis.derived`)
EVENT_PARTS = ("tone", "frames", "frame_findings", "voices", "coverage", "discrepancies", "evidence")
N_PERM = 2000


def event_tables(tables, event: str, *, seed: int = 0, n_perm: int = N_PERM) -> dict:
    """The per-outlet measurements behind one event's dashboard (see :func:`compute_event_tables`),
    read from the tables layer's ``event_*`` tables when ``tables`` has them and ``seed`` and
    ``n_perm`` are the defaults they were computed with, computed otherwise."""
    stored = all(f"event_{name}" in tables for name in ("findings", *EVENT_PARTS)) and len(tables["event_findings"])
    if not (stored and seed == 0 and n_perm == N_PERM):
        return compute_event_tables(tables, event, seed=seed, n_perm=n_perm)
    arts = english_only(tables["articles"])
    arts = arts[arts["event"] == event]
    out = {"articles": arts}
    for name in EVENT_PARTS:
        part = tables[f"event_{name}"]
        part = part[part["event"] == event] if len(part) else part
        # the discrepancy table names its event itself; the others get it only when stacked
        out[name] = (part if name == "discrepancies" else part.drop(columns=["event"], errors="ignore")
                     ).reset_index(drop=True)
    if out["frame_findings"].empty:  # no presence probabilities: no frame tests
        out["frame_findings"] = None
    found = tables["event_findings"]
    found = found[found["event"] == event]
    text = found["text"].iloc[0] if len(found) else None
    out["findings"] = {"text": text, "omnibus": {"p_value": float(found["p_omnibus"].iloc[0])}} if text else None
    quotes = tables["quotes"]
    out["quotes"] = quotes[quotes["article_id"].isin(set(arts["article_id"]))] if len(quotes) else quotes
    return out


def compute_event_tables(tables, event: str, *, seed: int = 0, n_perm: int = N_PERM) -> dict:
    """The per-outlet measurements behind one event's dashboard.

    ``tables`` is an :class:`analysis.tables.Tables` (or a dict of the pipeline's tables).
    Returns ``articles`` (English articles of the event), ``tone`` (one row per outlet: mean
    sentence compound with 95% bootstrap CI and GDELT-style shares), ``findings`` (the
    omnibus-then-Holm tone comparison over all outlets, :func:`analysis.sentiment.tone_findings`;
    its ``pairwise`` table only where the omnibus test rejects),
    ``frames`` (one row per outlet x frame: cue hits per 1,000 words), ``frame_findings`` (one row
    per frame: which outlets differ in how often they use it, :func:`analysis.framing.frame_findings`;
    None without presence probabilities), ``voices`` (one row per
    outlet x side: share of quoted words), ``coverage`` (one row per outlet: sentences shared
    with another outlet vs unique), ``discrepancies``, ``quotes`` and ``evidence`` (the most
    negative and most positive sentences per outlet, with offsets).
    """
    from analysis.framing import frame_findings, frame_profile
    from analysis.sentiment import extreme_sentences, summarize_tone, tone_findings
    from analysis.sentiment.findings import ACROSS_EVENTS
    from analysis.sources import share_of_voice

    arts = english_only(tables["articles"])
    arts = arts[arts["event"] == event]
    ids = set(arts["article_id"])
    sentences = tables["sentences"][tables["sentences"]["article_id"].isin(ids)]
    sents = sentences.merge(arts[["article_id", "outlet"]], on="article_id")
    tone = summarize_tone(sents, by="outlet", seed=seed) if len(sents) else pd.DataFrame(
        columns=["outlet", "n", "mean", "mean_lo", "mean_hi", "pct_negative", "pct_positive"])
    findings = tone_findings(sents, n_perm=n_perm, seed=seed, unit_col="article_id", scope="this event alone",
                             elsewhere=ACROSS_EVENTS, all_pairs=False) if len(sents) else None
    frames_in = tables["frames"]
    frames_in = frames_in[frames_in["article_id"].isin(ids)] if len(frames_in) else frames_in
    frames = frame_profile(frames_in, group_col="outlet") if len(frames_in) else pd.DataFrame()
    tested = len(frames_in) and {f"{f}_prob" for f in FRAMES} <= set(frames_in.columns)
    frame_tests = (frame_findings(frames_in, group_col="outlet", n_perm=n_perm, seed=seed, all_pairs=False)[0] if tested
                   else None)
    quotes = tables["quotes"]
    quotes = quotes[quotes["article_id"].isin(ids)] if len(quotes) else quotes
    voices = share_of_voice(quotes, by="affiliation") if len(quotes) else pd.DataFrame(
        columns=["outlet", "affiliation", "value", "share"]
    )
    if "alignment" in tables:
        alignment = tables["alignment"]
        # only the columns the coverage reads: not the sentence texts of the event's rows
        alignment = alignment.loc[alignment["article_id"].isin(ids), ["outlet", "article_id", "sent_id", "shared"]]
    else:
        alignment = align(sentences, arts)
    if len(alignment):
        per_sentence = alignment.groupby(["outlet", "article_id", "sent_id"])["shared"].any()
        coverage = per_sentence.groupby("outlet").agg(sentences="size", shared="sum").reset_index()
        coverage["unique"] = coverage["sentences"] - coverage["shared"]
    else:
        coverage = pd.DataFrame(columns=["outlet", "sentences", "shared", "unique"])
    evidence = extreme_sentences(sents, n=3, columns=("article_id", "sent_id", "start", "end", "text")) if len(
        sents) else pd.DataFrame(columns=["outlet", "side", "rank", "compound", "article_id", "text"])
    return {
        "articles": arts,
        "tone": tone,
        "findings": findings,
        "frames": frames,
        "frame_findings": frame_tests,
        "voices": voices,
        "coverage": coverage,
        "discrepancies": number_discrepancies(extract_numbers(sentences), arts),
        "quotes": quotes,
        "evidence": evidence,
    }


def headline(parts: dict) -> str:
    """A one-line finding for the dashboard title, read from the measured tables: which
    outlets differ in tone over all outlets (or that none does), and what every outlet shares."""
    bits = []
    findings = parts.get("findings")
    if findings is not None and not findings.get("powered", True):
        bits.append("too few articles per outlet for this event alone to show a tone difference (see across events)")
    elif findings is not None:
        bits.append(findings["text"].rstrip("."))
    if len(parts["frames"]):
        lead = parts["frames"].sort_values(["per_1000", "frame"], ascending=[False, True]).groupby("outlet")[
            "frame"].first()
        if lead.nunique() == 1 and len(lead) > 1:
            bits.append(f"{lead.iloc[0].replace('_', ' ')} frame leads in every outlet")
    voices = parts["voices"]
    if len(voices):
        top = voices[voices["affiliation"] != "unknown"].sort_values(["share", "affiliation"], ascending=[False, True])
        top = top.groupby("outlet")["affiliation"].first()
        if len(top) > 1 and top.nunique() == 1 and len(top) == parts["articles"]["outlet"].nunique():
            bits.append(f"{top.iloc[0]} is the most-quoted side in every outlet")
    return "; ".join(bits)


def _fmt_outlets(items: list[str]) -> str:
    items = [str(i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _md(text: object) -> str:
    """A user string safe inside Markdown rendered as HTML: escaped, and Markdown's own
    marks (* _ ` [ ] |) neutralised."""
    return re.sub(r"([\\`*_\[\]|#])", lambda m: f"&#{ord(m.group(1))};", html.escape(str(text), quote=False))


def summary_text(parts: dict, *, event: str) -> str:
    """A short Markdown summary of one event, every number read from ``parts``
    (:func:`event_tables`); user strings (outlets, event, speakers) are escaped."""
    arts = parts["articles"]
    outlets = sorted(arts["outlet"].unique())
    lines = [f"**{_md(event)}** — {len(arts)} articles from {len(outlets)} outlets "
             f"({_md(_fmt_outlets(outlets))})."]
    tone = parts["tone"]
    if len(tone):
        desc = "; ".join(f"{_md(r.outlet)} {r.mean:+.2f} [{r.mean_lo:+.2f}, {r.mean_hi:+.2f}], "
                         f"{r.pct_negative:.0f}% of sentences negative" for r in tone.itertuples())
        lines.append(f"- **Tone** (mean sentence VADER compound, 95% CI): {desc}.")
        if parts.get("findings") is not None:
            lines.append(f"  {_md(parts['findings']['text'])}")
    frame_tests = parts.get("frame_findings")
    if frame_tests is not None and len(frame_tests):
        differ = frame_tests[frame_tests["differ"] != ""]
        desc = (" ".join(_md(t) for t in differ["text"]) if len(differ) else
                "no outlet differs from another in how often it uses any of the five generic frames "
                "(permutation test over all outlets per frame, then Holm-corrected pairs).")
        lines.append(f"- **Frames** (share of articles, from presence probabilities): {desc}")
    voices = parts["voices"]
    quotes = parts["quotes"]
    if len(voices):
        named = voices[voices["affiliation"] != "unknown"].sort_values(["share", "affiliation"],
                                                                        ascending=[False, True])
        top = named.groupby("outlet").head(1).set_index("outlet")
        counts = quotes.groupby("outlet").agg(n=("speaker_id", "size"), speakers=("speaker_id", "nunique"),
                                              words=("words", "sum"))
        desc = "; ".join(
            f"{_md(o)}: {int(counts.loc[o, 'n'])} attributions, {int(counts.loc[o, 'speakers'])} sources, "
            f"{int(counts.loc[o, 'words'])} quoted words"
            + (f", {top.loc[o, 'share']:.0%} of them from {_md(top.loc[o, 'affiliation'])}" if o in top.index else "")
            for o in counts.index
        )
        lines.append(f"- **Voices**: {desc}.")
        silent = sorted(set(arts["outlet"]) - set(counts.index))
        if silent:
            lines.append(f"  No attributed speech found in {_md(_fmt_outlets(silent))}.")
    cov = parts["coverage"]
    if len(cov):
        desc = "; ".join(f"{_md(r.outlet)} {int(r.shared)} of {int(r.sentences)} sentences shared"
                         for r in cov.itertuples())
        lines.append(f"- **Coverage** (sentences with a counterpart in another outlet, paraphrases included): "
                     f"{desc}.")
    else:
        lines.append("- **Coverage**: a single outlet covered this event; nothing to compare.")
    disc = parts["discrepancies"]
    if len(disc):
        d = disc.iloc[0]
        lines.append(f"- **Figures that disagree**: {len(disc)} pair(s); e.g. {_md(d.outlet_a)} \"{_md(d.surface_a)}\" "
                     f"vs {_md(d.outlet_b)} \"{_md(d.surface_b)}\" ({_md(d.unit)}).")
    return "\n".join(lines)


def evidence_html(parts: dict, *, table_id: str) -> str:
    """The sentences behind the tone finding as an HTML table (``id=table_id``, filterable in
    the report), preceded by one link per outlet that filters it to that outlet."""
    ev = parts["evidence"]
    links = " · ".join(
        f'<a href="#{html.escape(table_id)}" data-filter-target="{html.escape(table_id)}" '
        f'data-filter="{html.escape(str(o))}">{html.escape(str(o))}</a>'
        for o in sorted(ev["outlet"].unique())
    ) if len(ev) else ""
    cols = [c for c in ("outlet", "side", "rank", "compound", "article_id", "sent_id", "text") if c in ev.columns]
    table = ev[cols].to_html(index=False, escape=True, table_id=table_id, classes="data evidence", border=0,
                             float_format=lambda v: f"{v:+.3f}")
    intro = ("<p><strong>Evidence</strong>: the three most negative and most positive sentences of each outlet "
             f"(VADER compound). Show one outlet: {links} · "
             f'<a href="#{html.escape(table_id)}" data-filter-target="{html.escape(table_id)}" data-filter="">all</a>'
             "</p>")
    return intro + table


def dashboard_data(parts: dict) -> pd.DataFrame:
    """The numbers a dashboard draws, one row per outlet (tone and coverage)."""
    tone = parts["tone"][["outlet", "n", "mean", "mean_lo", "mean_hi", "pct_negative", "pct_positive"]]
    return tone.merge(parts["coverage"], on="outlet", how="outer").sort_values("outlet", ignore_index=True)


def outlet_overview(tables) -> pd.DataFrame:
    """Corpus-wide, one row per outlet (English articles): ``outlet, articles, events,
    sentences, mean_tone, pct_negative, attributions, attributions_per_article``."""
    arts = english_only(tables["articles"])
    sents = tables["sentences"].merge(arts[["article_id", "outlet"]], on="article_id")
    quotes = tables["quotes"]
    out = arts.groupby("outlet").agg(articles=("article_id", "size"), events=("event", "nunique"))
    tone = sents.groupby("outlet")["compound"].agg(sentences="size", mean_tone="mean")
    tone["pct_negative"] = sents.assign(neg=sents["compound"] <= -0.05).groupby("outlet")["neg"].mean() * 100
    out = out.join(tone)
    n_quotes = quotes.groupby("outlet").size() if len(quotes) else pd.Series(dtype=float)
    out["attributions"] = n_quotes.reindex(out.index).fillna(0).astype(int)
    out["attributions_per_article"] = out["attributions"] / out["articles"]
    return out.reset_index().round({"mean_tone": 3, "pct_negative": 1, "attributions_per_article": 2})


def corpus_tone_findings(tables, *, n_perm: int = N_PERM, seed: int = 0) -> dict | None:
    """The tone comparison over every outlet and all events, sentences grouped by article
    (:func:`analysis.sentiment.tone_findings`); None without English sentences."""
    from analysis.sentiment import tone_findings

    arts = english_only(tables["articles"])
    sents = tables["sentences"].merge(arts[["article_id", "outlet"]], on="article_id")
    if sents.empty:
        return None
    return tone_findings(sents, unit_col="article_id", n_perm=n_perm, seed=seed)


def corpus_findings(tables, *, n_perm: int = 2000, seed: int = 0) -> str:
    """Markdown: the tone comparison over every outlet and all events (articles as units), read
    from the tables layer's ``corpus_tone_findings`` when ``tables`` has it and ``n_perm`` and
    ``seed`` are the defaults it was computed with, computed otherwise."""
    arts = english_only(tables["articles"])
    stored = tables["corpus_tone_findings"] if "corpus_tone_findings" in tables else None
    if stored is not None and len(stored) and n_perm == N_PERM and seed == 0:
        text = stored["text"].iloc[0]
    else:
        found = corpus_tone_findings(tables, n_perm=n_perm, seed=seed)
        if found is None:
            return "No English sentences: nothing to compare."
        text = found["text"]
    return (f"**Tone across all {arts['event'].nunique()} events** ({len(arts)} articles, sentences grouped by "
            f"article): {_md(text)}")


def across_events_text(comparisons: pd.DataFrame, *, top: int = 6, alpha: float = 0.05) -> str:
    """Markdown: the corpus summary's lead. The largest established differences between
    outlets on the same events, in words with their numbers and evidence (events and
    sentences), then what was tested and did not differ, then what had too few shared events
    to be tested. ``comparisons`` is :func:`analysis.compare_outlets.compare_outlets`'s table."""
    from analysis.compare_outlets import (
        MEASURES,
        describe,
        describe_finding,
        grouped_findings,
        implied_by,
        min_events_for,
    )

    if comparisons is None or comparisons.empty:
        return "**Across events**: fewer than two outlets with English articles; nothing to compare."
    need = min_events_for(alpha)
    powered = comparisons[comparisons["powered"]]
    if powered.empty:
        most = int(comparisons["n_events"].max())
        return (f"**Across events**: the outlets share at most {most} event(s). A comparison paired by event "
                f"needs at least {need} shared events whose values differ to be able to reach p < {alpha:g} "
                "(with n events the smallest possible p is 2/2^n), so nothing is claimed either way: add events.")
    findings = grouped_findings(comparisons)
    n_est = int(comparisons["established"].sum())
    implied = comparisons[comparisons["role"] == "implied"] if "role" in comparisons.columns else comparisons.iloc[0:0]
    lines = [f"**Across events** (outlets compared on the events both covered; {len(powered)} comparisons "
             f"tested, Holm-corrected): "
             + (f"{len(findings)} established difference{'s' if len(findings) != 1 else ''} "
                f"({n_est - len(implied)} outlet pairs)" if findings else "no established difference")
             + (f"; {len(implied)} further established difference{'s' if len(implied) != 1 else ''} follow from "
                "them and are listed under the one that accounts for them." if len(implied) else ".")]
    shown: set[int] = set()
    for rows in findings[:top]:
        lines.append(f"- {_md(describe_finding(rows))}.")
        for ev in str(rows["evidence"].iloc[0]).splitlines():
            lines.append(f"  - {_md(ev)}")
        for row in implied_by(comparisons, rows).itertuples():
            if row.Index in shown:
                continue
            shown.add(row.Index)
            kind = ("its complement: shares sum to 100%, and without its parts the rest does not differ"
                    if MEASURES.get(row.measure, {}).get("scale") == "share" and row.measure.startswith("quote_")
                    else "read from the sentences around it: re-scored without them, the difference does not "
                    "remain" if row.measure == "actor_tone"
                    else "follows from it: without it the difference does not remain")
            lines.append(f"  - Not a separate finding ({kind}): {_md(describe(row))}.")
    if len(findings) > top:
        lines.append(f"- … and {len(findings) - top} more (the full table: `compare_outlets`).")
    tested = powered[~powered["established"]]
    if len(tested):
        desc = []
        for measure, grp in tested.groupby("measure", sort=False):
            targets = sorted(grp["target"].astype(str).unique())
            label = MEASURES.get(measure, {}).get("label", measure)
            shown = _fmt_outlets(targets[:5]) + (f" and {len(targets) - 5} more" if len(targets) > 5 else "")
            desc.append(f"{label}: {_md(shown)} ({len(grp)} comparisons)")
        lines.append("- **Tested, no established difference** (outlet pairs x targets): " + "; ".join(desc) + ".")
    weak = comparisons[~comparisons["powered"]]
    if len(weak):
        lines.append(f"- **Too few shared events to test** ({len(weak)} comparisons, under {need} events whose values "
                     "differ): not a finding either way.")
    return "\n".join(lines)
