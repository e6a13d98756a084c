"""Which established differences are findings and which are consequences of another.

Some measures are nested or tied together, so one real difference shows in several rows:

- **Tone is nested**: sentence tone ⊃ tone toward a side ⊃ tone toward an actor of that side.
  An outlet more negative toward one side's actors has a lower side tone and, through those
  sentences, a lower sentence tone. The broader row is named as a finding of its own only if
  it still differs once the specific difference is taken out: the side's tone over its *other*
  actors, the sentence tone over the sentences that mention *none* of the actors concerned
  (the residual test). Otherwise it is reported as implied by the specific one.
- **Shares are compositional** (the share of quoted words by side or by source type sums to 1
  in every article): an outlet that quotes one side more quotes every other side less. Per
  outlet pair and measure, the established parts that moved in the direction of the largest
  move are the finding; the parts that moved the other way are its complement, named on their
  own only if the subcomposition without the finding's parts (shares renormalised among the
  other parts, Aitchison 1986) still differs. The same words classified two ways (by side and
  by source type) are one difference seen twice: a type difference is retested without the
  words of the sides that differ, and is implied by them when it does not remain.
- **Tone toward one actor reads its surroundings**: article-level tone toward an actor uses
  the article's overall tone and the sentences around the actor
  (:func:`analysis.sentiment.article_actor_tone`), so an outlet much more negative toward some
  actors reads a little more negative toward the others in the same articles. Per outlet pair
  and direction, the established actor-tone rows are taken strongest first (smallest p, then
  largest difference); the strongest is a finding, and each other one (and tone toward a side
  none of whose actors differs on its own) is named only if it still differs when re-scored
  without the sentences that name the stronger rows' actors. This needs the sentences (when
  the tables bring a precomputed ``actor_tone``, the rows stay as they are).

The residual tests are the same paired-by-event permutation test, Holm-corrected together with
every tested row of the table (one family: a row named because its residual remains is held to
the same level as any other named row). The rule only ever *demotes* an established row to "implied"
(never names a row that was not established), so the family-wise error rate of the named
findings is at most that of the established rows (Holm 1979; the closure principle of Marcus,
Peritz & Gabriel 1976 and the hierarchical reading of Goeman & Solari 2011). Design and
references: ``docs/compare.md``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.sentiment.findings import holm

TONE_MEASURES = ("sentence_tone", "side_tone", "actor_tone")
SHARE_MEASURES = {"quote_side": "affiliation", "quote_type": "source_type"}
ROLE_COLUMNS = ["role", "explained_by", "residual_p_holm"]


def _key(measure: str, target: str) -> str:
    return f"{measure}:{target}"


def _residual(units: pd.DataFrame, a: str, b: str, test) -> dict | None:
    """The paired test of outlets ``a`` vs ``b`` on ``units`` (``event, outlet, value``)."""
    part = units[units["outlet"].isin([a, b])]
    if part["outlet"].nunique() < 2:
        return None
    res = test(part.assign(measure="residual", target="residual"))
    res = res[res["n_events"] > 0]
    if res.empty or not res["powered"].iloc[0]:
        return None
    row = res.iloc[0]  # outlets a < b, as in the comparison table
    return {"p": float(row["p_value"]), "lo": float(row["diff_lo"]), "hi": float(row["diff_hi"])}


def _mentioning(sentences: pd.DataFrame, aliases: set[str]) -> np.ndarray:
    """True for the sentences that name any of ``aliases`` (whole words, case as written)."""
    names = sorted((a for a in aliases if a), key=len, reverse=True)
    if not names:
        return np.zeros(len(sentences), dtype=bool)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return sentences["text"].fillna("").astype(str).map(lambda t: bool(pattern.search(t))).to_numpy()


def _category(quotes: pd.DataFrame, col: str) -> pd.Series:
    return quotes[col].fillna("").astype(str).replace("", "unknown")


def _shares_without(quotes: pd.DataFrame, articles: pd.DataFrame, col: str, dropped: set[str],
                    by: str | None = None) -> pd.DataFrame:
    """Per (article, category of ``col``): its share of the article's quoted words left once
    the words whose ``by`` category (default ``col``: the subcomposition) is in ``dropped`` are
    taken out; articles with no words left have no value. Columns ``article_id, target,
    event, outlet, value``."""
    q = quotes[quotes["words"] > 0]
    cat = _category(q, col)
    keep = ~_category(q, by or col).isin(dropped)
    words = q.loc[keep, "words"].groupby([q.loc[keep, "article_id"], cat[keep]]).sum().unstack(fill_value=0)
    if words.empty:
        return pd.DataFrame(columns=["article_id", "target", "event", "outlet", "value"])
    share = words.div(words.sum(axis=1), axis=0)
    long = share.stack().rename("value").reset_index()
    long.columns = ["article_id", "target", "value"]
    return long.merge(articles[["article_id", "outlet", "event"]], on="article_id")


def _surroundings(table, pos, a, b, sides, aliases, articles, rescore, test, pending, actor_units) -> None:
    """Queue the residual tests of tone toward an actor or a side given the stronger established
    actor-tone rows of the outlet pair ``a``/``b`` (see the module docstring). Only the pair's
    articles that have a tone toward the followed actors (``actor_units``) are re-scored."""
    mine = actor_units[actor_units["outlet"].isin([a, b])]
    for s in (-1.0, 1.0):
        ranked = sorted(((float(table["p_value"].iat[i]), -abs(float(table["diff"].iat[i])), x, i)
                         for (m, x), (i, t) in pos.items() if m == "actor_tone" and t == s))
        if not ranked:
            continue
        targets = [(x, i, [y for *_, y, _ in ranked[:k]]) for k, (*_, x, i) in enumerate(ranked) if k]
        for (m, x), (i, t) in pos.items():
            if m == "side_tone" and t == s and not any(sides.get(y) == x for *_, y, _ in ranked):
                targets.append((x, i, [y for *_, y, _ in ranked]))
        for target, i, stronger in targets:
            followed = [target] if table["measure"].iat[i] == "actor_tone" else sorted(
                y for y, side in sides.items() if side == target and y not in stronger)
            names = set().union(*(aliases.get(y, {y}) for y in stronger))
            ids = sorted(set(mine.loc[mine["target"].isin(followed), "article_id"]))
            tone = rescore(ids, followed, names) if ids else None
            rest = None
            if tone is not None and len(tone):
                tone = tone[tone["actor"].isin(followed)]
                rest = tone.groupby("article_id", sort=True)["tone"].mean().rename("value").reset_index()
                rest = rest.merge(articles[["article_id", "outlet", "event"]], on="article_id")
            pending.append((i, _residual(rest, a, b, test) if rest is not None and len(rest) else None,
                            "|".join(_key("actor_tone", y) for y in stronger)))


def roles(
    table: pd.DataFrame,
    units: pd.DataFrame,
    *,
    sides: dict[str, str],
    aliases: dict[str, set[str]],
    sentences: pd.DataFrame | None,
    quotes: pd.DataFrame | None,
    articles: pd.DataFrame,
    test,
    alpha: float = 0.05,
    rescore=None,
) -> pd.DataFrame:
    """``role`` ("finding", "implied" or "" for rows not established), ``explained_by`` (for an
    implied row: the rows of the same outlet pair that account for it, "measure:target" joined
    by "|") and ``residual_p_holm`` (the Holm-adjusted p of its residual test; NaN when none was
    run), one row per row of ``table`` (:func:`analysis.compare_outlets.compare_outlets`).

    ``units``: the comparison units; ``sides``: actor -> side; ``aliases``: actor -> the names
    that mention it; ``test``: the paired test (units -> comparison rows); ``rescore``: article
    ids, actors, names -> the article-level tone toward those actors (``article_id, actor,
    tone``) once the sentences naming any of ``names`` are taken out (None: tone toward an
    actor is not retested). Method: module docstring."""
    est = table["established"].to_numpy(bool)
    role = np.where(est, "finding", "").astype(object)
    explained = np.full(len(table), "", dtype=object)
    residual_p = np.full(len(table), np.nan)
    pending: list[tuple[int, dict | None, str]] = []  # (row, residual test, what explains it)
    by_pair = {}
    for i in np.flatnonzero(est):
        r = table.iloc[i]
        by_pair.setdefault((r["outlet_a"], r["outlet_b"]), []).append(i)
    actor_units = units[units["measure"] == "actor_tone"]
    for (a, b), rows in by_pair.items():
        sub = table.iloc[rows]
        sign = np.sign(sub["diff"].to_numpy())
        pos = dict(zip(zip(sub["measure"], sub["target"], strict=True), zip(rows, sign, strict=True), strict=True))
        # tone toward a side, given the established actors of that side (same direction)
        for (measure, target), (i, s) in pos.items():
            if measure != "side_tone":
                continue
            specific = sorted(x for (m, x), (_, t) in pos.items() if m == "actor_tone" and t == s
                              and sides.get(x) == target)
            if not specific:
                continue
            others = [x for x, side in sides.items() if side == target and x not in specific]
            rest = actor_units[actor_units["target"].isin(others)]
            rest = rest.groupby(["article_id", "event", "outlet"], sort=True)["value"].mean().reset_index()
            pending.append((i, _residual(rest, a, b, test) if len(rest) else None,
                            "|".join(_key("actor_tone", x) for x in specific)))
        # tone toward an actor (or a side none of whose actors differs on its own), given the
        # stronger established tone toward other actors in the same direction
        if rescore is not None:
            _surroundings(table, pos, a, b, sides, aliases, articles, rescore, test, pending, actor_units)
        # sentence tone, given the established tone toward actors and sides (same direction)
        for (measure, _target), (i, s) in pos.items():
            if measure != "sentence_tone" or sentences is None:
                continue
            specific = sorted((m, x) for (m, x), (_, t) in pos.items()
                              if m in ("actor_tone", "side_tone") and t == s)
            if not specific:
                continue
            names: set[str] = set()
            for m, x in specific:
                for actor in ([x] if m == "actor_tone" else [y for y, side in sides.items() if side == x]):
                    names |= aliases.get(actor, {actor})
            mine = articles[articles["outlet"].isin([a, b])]
            sents = sentences[sentences["article_id"].isin(set(mine["article_id"]))].dropna(subset=["compound"])
            rest = sents[~_mentioning(sents, names)]
            rest = rest.groupby("article_id", sort=True)["compound"].mean().rename("value").reset_index()
            rest = rest.merge(mine[["article_id", "outlet", "event"]], on="article_id")
            pending.append((i, _residual(rest, a, b, test) if len(rest) else None,
                            "|".join(_key(m, x) for m, x in specific)))
        # compositional shares: the parts that moved with the largest move, and their complement
        leads: dict[str, list[str]] = {}
        for measure, col in SHARE_MEASURES.items():
            parts = [(x, i, s) for (m, x), (i, s) in pos.items() if m == measure]
            if not parts or quotes is None:
                continue
            top = max(parts, key=lambda p: abs(table["diff"].iat[p[1]]))
            leads[measure] = sorted(x for x, _, s in parts if s == top[2])
            complement = [(x, i) for x, i, s in parts if s != top[2]]
            shares = _shares_without(quotes, articles, col, set(leads[measure])) if complement else None
            for x, i in complement:
                rest = shares[shares["target"] == x]
                pending.append((i, _residual(rest, a, b, test) if len(rest) else None,
                                "|".join(_key(measure, y) for y in leads[measure])))
        # the same quoted words by source type, given the sides that differ: retested without
        # the words of those sides (whom an outlet quotes comes first; their type follows)
        if "quote_side" in leads and quotes is not None:
            shares = _shares_without(quotes, articles, "source_type", set(leads["quote_side"]), by="affiliation")
            for (m, x), (i, _s) in pos.items():
                if m != "quote_type":
                    continue
                rest = shares[shares["target"] == x]
                pending.append((i, _residual(rest, a, b, test) if len(rest) else None,
                                "|".join(_key("quote_side", y) for y in leads["quote_side"])))
    tested = [k for k, (_, res, _) in enumerate(pending) if res is not None]
    # Holm over the table's tested rows and the residual tests together: a row named because its
    # residual remains is a claim of its own, held to the same family-wise level as every other
    # row the summary names (a residual-only family would be more lenient, and the rows it sees
    # were picked for a large difference in the same data)
    main = table.loc[table["powered"].astype(bool), "p_value"].to_numpy(float) if "powered" in table else []
    joint = holm([*main, *(pending[k][1]["p"] for k in tested)]) if tested else []
    adjusted = dict(zip(tested, joint[len(main):], strict=True)) if tested else {}
    for k, (i, res, why) in enumerate(pending):
        # the broader row stands on its own only when every residual differs in its own direction
        remains = k in adjusted and adjusted[k] < alpha and (
            res["lo"] > 0 if table["diff"].iat[i] > 0 else res["hi"] < 0)
        if k in adjusted:
            residual_p[i] = np.fmax(residual_p[i], adjusted[k])
        if not remains:
            role[i] = "implied"
            explained[i] = "|".join(dict.fromkeys([*filter(None, explained[i].split("|")), *why.split("|")]))
    return pd.DataFrame({"role": role, "explained_by": explained, "residual_p_holm": residual_p},
                        index=table.index)
