"""Across many events: outlets compared event by event, the comparisons a study would publish.

:func:`compare_outlets` takes the pipeline's tables (a mapping name -> DataFrame, as
:func:`analysis.pipeline.run` returns, or :class:`analysis.tables.Tables`) and returns one
row per (measure, target, pair of outlets): the two outlets compared only on the events both
covered (paired by event), with the number of events, each side's mean, the difference with
a 95% bootstrap CI over events, a stratified permutation p-value (outlet labels shuffled
within events), Holm's (1979) adjustment over the family of powered comparisons, whether the
difference is established, and the evidence (the events, and for established differences
the events and sentences that show it). :func:`analysis.summary.across_events_text` puts it
into words for the corpus summary.

Modules: :mod:`.measures` (the units: one value per article per measure and target),
:mod:`.stats` (the paired comparisons), :mod:`.text` (findings in words, evidence).
Design, method and references: ``docs/compare.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.compare_outlets.measures import (
    MEASURES,
    UNIT_COLUMNS,
    actor_sides,
    frequent_cast,
    outlet_units,
)
from analysis.compare_outlets.nesting import ROLE_COLUMNS, roles
from analysis.compare_outlets.stats import COMPARISON_COLUMNS, event_values, paired_comparisons
from analysis.compare_outlets.text import (
    describe,
    describe_finding,
    figure_title,
    finding_evidence,
    grouped_findings,
    implied_by,
    min_events_for,
    oriented,
)
from analysis.corpus import english_only

#: the comparison table's columns: :data:`~analysis.compare_outlets.stats.COMPARISON_COLUMNS`, ``evidence``
#: and :data:`~analysis.compare_outlets.nesting.ROLE_COLUMNS`
COLUMNS = [*COMPARISON_COLUMNS, "evidence", *ROLE_COLUMNS]


def _rescorer(sentences: pd.DataFrame, articles: pd.DataFrame, cast: pd.DataFrame):
    """article ids, actors, names -> article-level tone toward those actors (``article_id, actor,
    tone``) in those articles once every sentence naming one of ``names`` is taken out: the
    article's overall tone and the sentences around each actor then no longer carry them."""
    from analysis.compare_outlets.nesting import _mentioning
    from analysis.sentiment import actor_mentions, article_actor_tone

    def rescore(ids, actors, names) -> pd.DataFrame | None:
        data = sentences[sentences["article_id"].isin(set(ids))].merge(
            articles[["article_id", "outlet", "event"]], on="article_id")
        data = data[~_mentioning(data, names)]
        mine = cast[cast["actor"].isin(set(actors))]
        if data.empty or mine.empty:
            return None
        mentions = actor_mentions(data, mine)
        return article_actor_tone(mentions, sentences=data) if len(mentions) else None

    return rescore


def compare_outlets(
    tables,
    *,
    cast: pd.DataFrame | None = None,
    top_actors: int = 12,
    n_perm: int = 2000,
    n_boot: int = 1000,
    alpha: float = 0.05,
    seed: int = 0,
) -> pd.DataFrame:
    """Paired-by-event comparisons of every pair of outlets on every measure; one row per
    (measure, target, outlet pair).

    Measures and targets: :mod:`analysis.compare_outlets.measures` (``cast``/``top_actors``
    choose the actors followed). Statistics: :func:`~analysis.compare_outlets.stats.paired_comparisons`
    (``n_perm`` permutations, ``n_boot`` bootstrap resamples of events, ``alpha``, ``seed``).
    Columns :data:`COLUMNS`; ``evidence`` holds, for an established difference, the events
    where it shows most, one line each ("event: a value vs b value — sentence"), else "".
    ``role``: "finding" for an established difference named on its own, "implied" for one
    that another established difference of the same outlet pair accounts for (``explained_by``;
    nested tone measures and compositional shares: :mod:`analysis.compare_outlets.nesting`).
    Pure and deterministic: the same tables and seed give the same table.
    """
    get = tables.get if hasattr(tables, "get") else (lambda name, default=None: default)
    if cast is None:
        cast = frequent_cast(get("actors"), top=top_actors)
    units = outlet_units(tables, cast=cast, top_actors=top_actors)

    def test(part: pd.DataFrame) -> pd.DataFrame:
        return paired_comparisons(part, n_perm=n_perm, n_boot=n_boot, alpha=alpha, seed=seed)

    table = test(units)
    table = table[table["n_events"] > 0].reset_index(drop=True)
    articles = english_only(tables["articles"])
    aliases = {row.actor: {a for a in str(row.aliases).split("|") if a} | {row.actor} for row in cast.itertuples()}
    rescore = None if get("actor_tone") is not None else _rescorer(tables["sentences"], articles, cast)
    table = pd.concat([table, roles(table, units, sides=actor_sides(cast, get("quotes")), aliases=aliases,
                                    sentences=tables["sentences"], quotes=get("quotes"), articles=articles,
                                    test=test, alpha=alpha, rescore=rescore)], axis=1)
    wanted = set(zip(table.loc[table["established"], "measure"], table.loc[table["established"], "target"],
                     strict=True))
    by_target = {key: grp for key, grp in units.groupby(["measure", "target"], sort=False) if key in wanted}
    # only the established rows are read row by row (the table has a row per outlet pair)
    evidence = [""] * len(table)
    established = table["established"].to_numpy(dtype=bool)
    for pos, row in zip(np.flatnonzero(established).tolist(), table[established].itertuples(), strict=True):
        evidence[pos] = finding_evidence(by_target[(row.measure, row.target)], row)
    table["evidence"] = evidence
    return table[COLUMNS]


__all__ = [
    "COLUMNS", "COMPARISON_COLUMNS", "MEASURES", "ROLE_COLUMNS", "UNIT_COLUMNS", "actor_sides", "compare_outlets",
    "describe", "describe_finding", "event_values", "figure_title", "finding_evidence", "frequent_cast",
    "grouped_findings", "implied_by", "min_events_for", "oriented", "outlet_units", "paired_comparisons", "roles",
]
