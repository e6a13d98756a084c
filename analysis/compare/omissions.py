"""Micro-blindspots: content most outlets report and one leaves out.

Shared sentence pairs from :func:`.matching.align` link sentences into *facts* (connected
components of the "shared" graph within an event). A fact reported by at least ``min_outlets``
of the ``n`` outlets covering the event is an *omission* for every outlet covering the event
that has no sentence in it. Each fact is typed ``quote`` (a reported quotation), ``number`` (a
quantity) or ``fact``, and carries one evidence sentence per reporting outlet.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

OMISSION_COLUMNS = ["event", "fact_id", "kind", "missing_outlet", "n_reporting", "n_outlets", "outlets_reporting",
                    "evidence", "article_id", "sent_id", "text", "closest_in_missing"]
_QUOTE_RE = re.compile(r"[\"\u201c\u201d]|''|``")
_NUM_RE = re.compile(r"\d")


def facts(alignment: pd.DataFrame, *, unit_col: str = "sent_id") -> pd.DataFrame:
    """One row per sentence in a shared fact: ``event, fact_id, outlet, article_id, <unit_col>,
    text``. A fact is a connected group of sentences joined by shared matches."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    cols = ["event", "fact_id", "outlet", "article_id", unit_col, "text"]
    shared = alignment[alignment["shared"]] if len(alignment) else alignment
    if shared.empty:
        return pd.DataFrame(columns=cols)
    frames = []
    for event, grp in shared.groupby("event", sort=True):
        left = list(zip(grp["article_id"], grp[unit_col], strict=True))
        right = list(zip(grp["match_article_id"], grp[f"match_{unit_col}"], strict=True))
        nodes = list(dict.fromkeys(left + right))
        pos = {n: k for k, n in enumerate(nodes)}
        graph = coo_matrix((np.ones(len(left)), ([pos[n] for n in left], [pos[n] for n in right])),
                           shape=(len(nodes), len(nodes)))
        _, label = connected_components(graph, directed=False)
        frames.append(pd.DataFrame({"event": event, "component": label,
                                    "article_id": [n[0] for n in nodes], unit_col: [n[1] for n in nodes]}))
    members = pd.concat(frames, ignore_index=True)
    info = pd.concat([
        alignment[["event", "outlet", "article_id", unit_col, "text"]],
        alignment[["event", "other_outlet", "match_article_id", f"match_{unit_col}", "match_text"]].set_axis(
            ["event", "outlet", "article_id", unit_col, "text"], axis=1),
    ]).drop_duplicates(["event", "article_id", unit_col])
    members = members.merge(info, on=["event", "article_id", unit_col], how="left")
    members = members.sort_values(["event", "component", "outlet", "article_id", unit_col], ignore_index=True)
    members["fact_id"] = members["event"].astype(str) + "#" + members["component"].astype(str)
    return members[cols]


def _kind(texts) -> str:
    joined = "\n".join(str(t) for t in texts)
    if _QUOTE_RE.search(joined):
        return "quote"
    if _NUM_RE.search(joined):
        return "number"
    return "fact"


def omissions(alignment: pd.DataFrame, articles: pd.DataFrame, *, min_outlets: int = 2,
              unit_col: str = "sent_id") -> pd.DataFrame:
    """The micro-blindspot table: one row per (fact, outlet that covered the event but left the fact out).

    Columns: ``event, fact_id, kind`` (quote / number / fact), ``missing_outlet``,
    ``n_reporting`` (outlets reporting it), ``n_outlets`` (outlets covering the event),
    ``outlets_reporting``, ``evidence`` ("Outlet: sentence" per reporting outlet, one line each),
    ``article_id, sent_id, text`` (one evidence sentence) and ``closest_in_missing`` (the best
    pair probability of that sentence in the missing outlet: how close it came to being there).
    Facts reported by fewer than ``min_outlets`` outlets are left out (with two outlets every
    unshared sentence is unique content: see :func:`.matching.unique_content`).
    """
    members = facts(alignment, unit_col=unit_col)
    if members.empty:
        return pd.DataFrame(columns=OMISSION_COLUMNS)
    covering = articles.groupby("event")["outlet"].agg(lambda s: sorted(set(s))).to_dict()
    texts = members.groupby("fact_id")["text"].agg(lambda t: "\n".join(map(str, t)))
    firsts = members.drop_duplicates(["fact_id", "outlet"])
    # the facts in order with each one's rows in table order (as groupby gives them), read as lists
    firsts = firsts[firsts["fact_id"].notna()].sort_values("fact_id", kind="stable")
    fact_ids, outlet_of, event_of, article_of, unit_of, text_of = (
        firsts[c].tolist() for c in ("fact_id", "outlet", "event", "article_id", unit_col, "text"))
    rows = []
    start = 0
    while start < len(fact_ids):
        fact_id, end = fact_ids[start], start + 1
        while end < len(fact_ids) and fact_ids[end] == fact_id:
            end += 1
        first, start = start, end
        reporting = outlet_of[first:end]
        event = event_of[first]
        outlets = covering.get(event, [])
        if len(reporting) < min_outlets or len(reporting) >= len(outlets):
            continue
        evidence = "\n".join(f"{o}: {t}" for o, t in zip(reporting, text_of[first:end], strict=True))
        kind = _kind([texts[fact_id]])
        for missing in outlets:
            if missing in reporting:
                continue
            rows.append({"event": event, "fact_id": fact_id, "kind": kind, "missing_outlet": missing,
                         "n_reporting": len(reporting), "n_outlets": len(outlets),
                         "outlets_reporting": ", ".join(reporting), "evidence": evidence,
                         "article_id": article_of[first], "sent_id": unit_of[first], "text": text_of[first]})
    # each evidence sentence's best pair probability in the missing outlet, from the rows of the
    # evidence articles only (the last row of a key wins, as in a dictionary of every row)
    near = alignment[alignment["article_id"].isin({r["article_id"] for r in rows})]
    closest = dict(zip(zip(near["article_id"].tolist(), near[unit_col].tolist(), near["other_outlet"].tolist(),
                           strict=True), near["similarity"].tolist(), strict=True))
    for r in rows:
        r["closest_in_missing"] = float(closest.get((r["article_id"], r["sent_id"], r["missing_outlet"]), np.nan))
    out = pd.DataFrame(rows, columns=OMISSION_COLUMNS)
    if unit_col != "sent_id":
        out = out.rename(columns={"sent_id": unit_col})
    return out.sort_values(["event", "n_reporting", "fact_id", "missing_outlet"], ascending=[True, False, True, True],
                           ignore_index=True)
