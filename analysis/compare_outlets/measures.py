"""The units compared across events: one value per article (or per outlet's coverage of an
event) for each measure and target, read from the pipeline's tables.

Every unit row has ``measure, target, event, outlet, article_id, value`` and two evidence
columns, ``low_text`` and ``high_text``: the sentence (or quotation) that pulls the value
down or up most, so a finding can show its sentences. Measures (:data:`MEASURES`):

- ``sentence_tone``: mean VADER compound of an article's sentences (target "all sentences");
- ``actor_tone``: article-level tone toward each frequent actor
  (:func:`analysis.sentiment.article_actor_tone`, salience-weighted mention probabilities);
- ``side_tone``: mean of an article's actor tones over the actors of one side (a party,
  country or body: a person's side is the side of their quotations in the corpus, a place or
  body's side is the country or body it names, :func:`analysis.quotes.affiliation_of`);
- ``quote_side`` / ``quote_type``: share of an article's quoted words given to each side /
  source type (articles that quote nobody have no value);
- ``frame``: whether the article carries each generic frame (0/1, :func:`analysis.framing.frame_scores`);
- ``shared_content``: share of the event's shared reporting (narrated facts two or more
  outlets reported, :func:`analysis.compare.facts`, leaving out sentences that are mostly a
  direct quotation, :func:`quoted_sentences`) that the outlet carries (1 - omission rate; one
  unit per outlet and event; with two outlets every shared fact is in both, so it needs
  three or more outlets per event to vary). Quoted words are measured by ``quote_side`` and
  ``quote_type``; counting a quotation that several outlets ran as shared content too would
  make every difference in whom an outlet quotes a difference in content as well.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.corpus import english_only
from analysis.identity import fold_name

MEASURES = {
    "sentence_tone": {"label": "sentence tone", "scale": "tone", "unit": "article"},
    "actor_tone": {"label": "article tone toward actors", "scale": "tone", "unit": "article"},
    "side_tone": {"label": "article tone toward sides", "scale": "tone", "unit": "article"},
    "quote_side": {"label": "share of quoted words by side", "scale": "share", "unit": "article"},
    "quote_type": {"label": "share of quoted words by source type", "scale": "share", "unit": "article"},
    "frame": {"label": "frame prevalence", "scale": "share", "unit": "article"},
    "shared_content": {"label": "share of each event's shared (narrated) facts carried", "scale": "share",
                       "unit": "outlet"},
}
UNIT_COLUMNS = ["measure", "target", "event", "outlet", "article_id", "value", "low_text", "high_text"]


def _frame(rows: dict) -> pd.DataFrame:
    return pd.DataFrame(rows)[UNIT_COLUMNS]


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c == "value" else object) for c in UNIT_COLUMNS})


def tone_units(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``sentence_tone``: one unit per article, its mean sentence compound."""
    data = sentences.merge(articles[["article_id", "outlet", "event"]], on="article_id")
    data = data.dropna(subset=["compound"])
    if data.empty:
        return _empty()
    grp = data.groupby("article_id", sort=True)
    lo = data.loc[grp["compound"].idxmin(), ["article_id", "text"]].set_index("article_id")["text"]
    hi = data.loc[grp["compound"].idxmax(), ["article_id", "text"]].set_index("article_id")["text"]
    agg = grp.agg(outlet=("outlet", "first"), event=("event", "first"), value=("compound", "mean"))
    return _frame({"measure": "sentence_tone", "target": "all sentences", "event": agg["event"],
                   "outlet": agg["outlet"], "article_id": agg.index, "value": agg["value"],
                   "low_text": lo.reindex(agg.index), "high_text": hi.reindex(agg.index)}).reset_index(drop=True)


def frequent_cast(actors: pd.DataFrame, *, top: int = 12, min_events: int = 2) -> pd.DataFrame:
    """The actors named in the most events (from the tables' per-event ``actors``), at most
    ``top``, each in at least ``min_events`` events (all of them when the corpus has fewer
    events); aliases merged over events, an alias claimed by two actors kept for the one in
    more events. One row per actor: ``actor, kind, aliases, events``."""
    cols = ["actor", "kind", "aliases", "events"]
    if actors is None or actors.empty:
        return pd.DataFrame(columns=cols)
    n_events = actors["event"].nunique()
    per = actors.groupby("actor").agg(kind=("kind", "first"), events=("event", "nunique"),
                                      mentions=("mentions", "sum")).reset_index()
    per = per[per["events"] >= min(min_events, n_events)]
    per = per.sort_values(["events", "mentions", "actor"], ascending=[False, False, True]).head(top)
    owner: dict[str, str] = {}
    for actor in per["actor"]:  # most events first: an alias goes to the first actor that claims it
        for aliases in actors.loc[actors["actor"] == actor, "aliases"]:
            for alias in str(aliases).split("|"):
                if alias:
                    owner.setdefault(alias, actor)
    per["aliases"] = [
        "|".join(sorted(a for a, o in owner.items() if o == actor)) for actor in per["actor"]]
    return per[per["aliases"] != ""][cols].reset_index(drop=True)


def actor_sides(cast: pd.DataFrame, quotes: pd.DataFrame) -> dict[str, str]:
    """actor -> side: a person's side is the side most of their quoted words carry in the
    corpus; a place or body's is the country or body its name stands for. Actors with
    neither have no side."""
    from analysis.quotes import affiliation_of

    sides: dict[str, str] = {}
    by_name: dict[str, str] = {}
    if quotes is not None and len(quotes) and "affiliation" in quotes.columns:
        named = quotes[quotes["affiliation"].fillna("").astype(str).str.len() > 0]
        name_col = "canonical" if "canonical" in named.columns else "speaker"
        words = named.groupby([named[name_col].astype(str).map(fold_name), "affiliation"])["words"].sum()
        for (name, side), _ in words.sort_values(ascending=False).items():
            by_name.setdefault(name, side)
    for row in cast.itertuples():
        side = by_name.get(fold_name(row.actor), "")
        if not side and row.kind != "person":
            side = affiliation_of(row.actor)
        if side:
            sides[row.actor] = side
    return sides


def actor_units(sentences: pd.DataFrame, articles: pd.DataFrame, quotes: pd.DataFrame,
                cast: pd.DataFrame, *, actor_tone: pd.DataFrame | None = None) -> pd.DataFrame:
    """``actor_tone`` and ``side_tone`` units: one per (article, actor) and (article, side).

    ``actor_tone``, when given, is a precomputed :func:`analysis.sentiment.article_actor_tone`
    table (``article_id, actor, tone``); otherwise every mention of the ``cast`` is scored."""
    from analysis.sentiment import actor_mentions, article_actor_tone

    if cast.empty:
        return _empty()
    low = high = pd.Series(dtype=object)
    if actor_tone is None:
        data = sentences.merge(articles[["article_id", "outlet", "event"]], on="article_id")
        mentions = actor_mentions(data, cast)
        if mentions.empty:
            return _empty()
        actor_tone = article_actor_tone(mentions, sentences=data)
        grp = mentions.groupby(["article_id", "actor"])
        low = mentions.loc[grp["tone"].idxmin()].set_index(["article_id", "actor"])["sentence"]
        high = mentions.loc[grp["tone"].idxmax()].set_index(["article_id", "actor"])["sentence"]
    tone = actor_tone.drop(columns=["outlet", "event"], errors="ignore").merge(
        articles[["article_id", "outlet", "event"]], on="article_id")
    keys = pd.MultiIndex.from_frame(tone[["article_id", "actor"]])
    tone["low_text"] = low.reindex(keys).to_numpy() if len(low) else ""
    tone["high_text"] = high.reindex(keys).to_numpy() if len(high) else ""
    per_actor = tone.assign(measure="actor_tone", target=tone["actor"], value=tone["tone"])
    sides = actor_sides(cast, quotes)
    tone["side"] = tone["actor"].map(sides)
    with_side = tone.dropna(subset=["side"]).sort_values(["article_id", "side", "tone"], kind="stable")
    per_side = with_side.groupby(["article_id", "side"], sort=True).agg(
        outlet=("outlet", "first"), event=("event", "first"), value=("tone", "mean"),
        low_text=("low_text", "first"), high_text=("high_text", "last")).reset_index()
    per_side = per_side.assign(measure="side_tone", target=per_side["side"])
    return pd.concat([per_actor[UNIT_COLUMNS], per_side[UNIT_COLUMNS]], ignore_index=True)


def quote_units(quotes: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``quote_side`` and ``quote_type`` units: one per (article that quotes anyone, category),
    the share of the article's quoted words given to it (0 for a category it does not quote)."""
    if quotes is None or quotes.empty:
        return _empty()
    q = quotes[quotes["article_id"].isin(set(articles["article_id"]))]
    q = q.drop(columns=["outlet", "event"], errors="ignore").merge(
        articles[["article_id", "outlet", "event"]], on="article_id")
    q = q[q["words"] > 0]
    frames = []
    for measure, col in (("quote_side", "affiliation"), ("quote_type", "source_type")):
        cat = q[col].fillna("").astype(str).replace("", "unknown")
        words = q["words"].groupby([q["article_id"], cat]).sum().unstack(fill_value=0)
        share = words.div(words.sum(axis=1), axis=0)
        longest = q.assign(_cat=cat).sort_values("words", ascending=False, kind="stable").drop_duplicates(
            ["article_id", "_cat"]).set_index(["article_id", "_cat"])["quote"]
        long = share.stack().rename("value").reset_index().rename(columns={col: "target"})
        long.columns = ["article_id", "target", "value"]
        long = long.merge(articles[["article_id", "outlet", "event"]], on="article_id")
        long["high_text"] = longest.reindex(pd.MultiIndex.from_frame(long[["article_id", "target"]])).to_numpy()
        long["low_text"] = ""
        frames.append(long.assign(measure=measure)[UNIT_COLUMNS])
    return pd.concat(frames, ignore_index=True)


def frame_units(frames: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """``frame`` units: one per (article, frame), 1 when the article carries the frame."""
    from analysis.framing import FRAMES

    if frames is None or frames.empty:
        return _empty()
    present = [f for f in FRAMES if f in frames.columns]
    data = frames[["article_id", *present]].merge(articles[["article_id", "outlet", "event"]], on="article_id")
    long = data.melt(id_vars=["article_id", "outlet", "event"], value_vars=present, var_name="target",
                     value_name="value")
    long["value"] = long["value"].astype(float)
    long["target"] = long["target"].str.replace("_", " ")
    return long.assign(measure="frame", low_text="", high_text="")[UNIT_COLUMNS]


#: a sentence whose characters are at least this share inside direct quotations is the
#: speaker's words, not the outlet's reporting
QUOTED_SHARE = 0.5


def quoted_sentences(sentences: pd.DataFrame, quotes: pd.DataFrame | None) -> set[tuple[str, int]]:
    """The ``(article_id, sent_id)`` of the sentences that are mostly a direct quotation: at
    least :data:`QUOTED_SHARE` of their characters (``start``/``end`` offsets) lie inside the
    spans of the ``quotes`` table's direct quotations. Indirect speech ("the measure would
    cost ..., according to the budget office") is the outlet's own wording and stays."""
    need = {"article_id", "kind", "start", "end"}
    if quotes is None or quotes.empty or not need <= set(quotes.columns) or sentences is None or sentences.empty:
        return set()
    direct = quotes.loc[quotes["kind"] == "direct", ["article_id", "start", "end"]].dropna()
    if direct.empty:
        return set()
    sents = sentences[["article_id", "sent_id", "start", "end"]]
    both = sents.merge(direct.rename(columns={"start": "q_start", "end": "q_end"}), on="article_id")
    inside = (np.minimum(both["end"], both["q_end"]) - np.maximum(both["start"], both["q_start"])).clip(lower=0)
    covered = inside.groupby([both["article_id"], both["sent_id"]]).sum()
    length = sents.set_index(["article_id", "sent_id"])["end"] - sents.set_index(["article_id", "sent_id"])["start"]
    share = covered / length.reindex(covered.index)
    return set(share[share >= QUOTED_SHARE].index)


def coverage_units(alignment: pd.DataFrame, articles: pd.DataFrame, *, quoted: set | None = None) -> pd.DataFrame:
    """``shared_content`` units: one per (event, outlet), the share of the event's shared facts
    (reported by two or more outlets) the outlet carries. ``quoted``: the ``(article_id,
    sent_id)`` of sentences that are quotations (:func:`quoted_sentences`); pairs that involve
    one are left out, so the facts are the narrated ones."""
    from analysis.compare import facts

    if alignment is None or alignment.empty:
        return _empty()
    if quoted:
        left = pd.MultiIndex.from_arrays([alignment["article_id"], alignment["sent_id"]]).isin(list(quoted))
        right = pd.MultiIndex.from_arrays([alignment["match_article_id"], alignment["match_sent_id"]]).isin(
            list(quoted))
        alignment = alignment[~(left | right)]
        if alignment.empty:
            return _empty()
    members = facts(alignment)
    if members.empty:
        return _empty()
    per_fact = members.groupby(["event", "fact_id"])["outlet"].nunique()
    multi = per_fact[per_fact >= 2].reset_index()[["event", "fact_id"]]
    carried = members.merge(multi, on=["event", "fact_id"]).drop_duplicates(["event", "fact_id", "outlet"])
    n_facts = multi.groupby("event").size()
    covering = articles[["event", "outlet"]].drop_duplicates()
    covering = covering[covering["event"].isin(n_facts.index)]
    count = carried.groupby(["event", "outlet"]).size()
    idx = pd.MultiIndex.from_frame(covering)
    value = count.reindex(idx, fill_value=0).to_numpy() / n_facts.reindex(covering["event"]).to_numpy()
    return pd.DataFrame({"measure": "shared_content", "target": "event's shared facts",
                         "event": covering["event"].to_numpy(), "outlet": covering["outlet"].to_numpy(),
                         "article_id": "", "value": value.astype(float), "low_text": "", "high_text": ""})


def outlet_units(tables, *, cast: pd.DataFrame | None = None, top_actors: int = 12) -> pd.DataFrame:
    """Every unit of every measure (:data:`MEASURES`) for the English articles of ``tables``
    (a mapping name -> DataFrame, as :func:`analysis.pipeline.run` returns, or
    :class:`analysis.tables.Tables`). ``cast``: the actors to follow (default: the
    ``top_actors`` actors of the per-event ``actors`` table named in most events). An optional
    ``actor_tone`` table (article-level tone, :func:`analysis.sentiment.article_actor_tone`)
    is used instead of scoring mentions again. One row per unit (:data:`UNIT_COLUMNS`)."""
    articles = english_only(tables["articles"])
    ids = set(articles["article_id"])
    sentences = tables["sentences"]
    sentences = sentences[sentences["article_id"].isin(ids)]
    get = tables.get if hasattr(tables, "get") else (lambda name, default=None: default)
    quotes, frames, alignment = get("quotes"), get("frames"), get("alignment")
    if cast is None:
        cast = frequent_cast(get("actors"), top=top_actors)
    if alignment is not None and len(alignment):
        alignment = alignment[alignment["article_id"].isin(ids) & alignment["match_article_id"].isin(ids)]
    parts = [
        tone_units(sentences, articles),
        actor_units(sentences, articles, quotes, cast, actor_tone=get("actor_tone")),
        quote_units(quotes, articles),
        frame_units(frames, articles),
        coverage_units(alignment, articles, quoted=quoted_sentences(sentences, quotes)),
    ]
    parts = [p for p in parts if len(p)]
    out = pd.concat(parts, ignore_index=True) if parts else _empty()
    out["value"] = out["value"].astype(float)
    out = out[np.isfinite(out["value"])]
    return out.reset_index(drop=True)
