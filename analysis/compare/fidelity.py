"""Quote fidelity: the same quotation as rendered by different outlets.

Two quotations from different outlets covering an event are *the same quotation* when most of
the shorter one's content words appear in the longer one (containment >= ``min_overlap``).
Each such pair is classed ``identical`` (same words), ``truncated`` (one is a contiguous part of
the other) or ``different words``; ``verb_change`` flags different reporting verbs, with their
stance from ``analysis/lexicons/reporting_verbs.csv`` ("said", neutral, vs "claimed", evaluative).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.text import tokenize

FIDELITY_COLUMNS = ["event", "speaker_a", "outlet_a", "article_a", "quote_a", "cue_a", "stance_a",
                    "outlet_b", "article_b", "quote_b", "cue_b", "stance_b", "overlap", "fidelity", "verb_change"]


@lru_cache(maxsize=1)
def _verbs() -> dict[str, tuple[str, str]]:
    table = lexicons.load("reporting_verbs")
    out = {}
    for lemma, forms, stance in zip(table["lemma"], table["forms"], table["stance"], strict=True):
        for form in str(forms).split():
            out[form.lower()] = (lemma, stance)
    return out


def _verb(cue: object) -> tuple[str, str]:
    words = tokenize(str(cue or ""))
    for w in words:
        if w in _verbs():
            return _verbs()[w]
    return (words[-1] if words else "", "")


def _norm(text: str) -> str:
    return " ".join(tokenize(str(text)))


def _fidelity(a: str, b: str) -> str:
    na, nb = _norm(a), _norm(b)
    if na == nb:
        return "identical"
    short, long_ = sorted((na, nb), key=len)
    # a run of whole words of the longer one (words hold no spaces)
    return "truncated" if short and f" {short} " in f" {long_} " else "different words"


def quote_fidelity(quotes: pd.DataFrame, articles: pd.DataFrame, *, min_overlap: float = 0.6,
                   min_words: int = 4) -> pd.DataFrame:
    """One row per pair of outlets' renderings of the same quotation (see module docstring).

    ``quotes`` has ``article_id`` and the :data:`analysis.quotes.COLUMNS` (``speaker``, ``cue``,
    ``quote``). Quotations under ``min_words`` words are skipped (too short to match reliably).
    ``overlap`` is the share of the shorter quotation's words found in the longer one.
    """
    if quotes.empty:
        return pd.DataFrame(columns=FIDELITY_COLUMNS)
    df = quotes[["article_id", "speaker", "cue", "quote"]].merge(
        articles[["article_id", "outlet", "event"]], on="article_id")
    df["words"] = df["quote"].map(lambda q: frozenset(tokenize(str(q))))
    df = df[df["words"].map(len) >= min_words]
    rows = []
    for event, grp in df.groupby("event", sort=True):
        recs = grp.sort_values(["outlet", "article_id"]).to_dict("records")
        for i, j, overlap in _overlapping_pairs(recs, min_overlap):
            a, b = recs[i], recs[j]
            (la, sa), (lb, sb) = _verb(a["cue"]), _verb(b["cue"])
            rows.append({"event": event, "speaker_a": a["speaker"], "outlet_a": a["outlet"],
                         "article_a": a["article_id"], "quote_a": a["quote"], "cue_a": a["cue"], "stance_a": sa,
                         "outlet_b": b["outlet"], "article_b": b["article_id"], "quote_b": b["quote"],
                         "cue_b": b["cue"], "stance_b": sb, "overlap": round(overlap, 3),
                         "fidelity": _fidelity(a["quote"], b["quote"]),
                         "verb_change": bool(la and lb and la != lb)})
    return pd.DataFrame(rows, columns=FIDELITY_COLUMNS)


def _overlapping_pairs(recs: list[dict], min_overlap: float, block: int = 512) -> Iterator[tuple[int, int, float]]:
    """``(i, j, overlap)`` for i < j in order, of quotations of two outlets whose shared words
    make ``overlap`` (shared / the shorter one's words) at least ``min_overlap``: the shared
    words of every pair from one sparse product, a block of rows at a time."""
    from scipy import sparse

    index: dict[str, int] = {}
    cols = [index.setdefault(w, len(index)) for r in recs for w in r["words"]]
    sizes = np.array([len(r["words"]) for r in recs], dtype=np.int64)
    rows = np.repeat(np.arange(len(recs)), sizes)
    words = sparse.csr_matrix((np.ones(len(cols), dtype=np.int64), (rows, cols)), shape=(len(recs), len(index)))
    outlets = pd.factorize(pd.Series([r["outlet"] for r in recs], dtype=object))[0]
    missing = outlets < 0  # no outlet equals a missing one, not even another missing one
    outlets[missing] = -1 - np.arange(int(missing.sum()))
    for start in range(0, len(recs), block):
        stop = min(start + block, len(recs))
        shared = (words[start:stop] @ words.T).toarray()
        # the same division as shared / min(len_a, len_b) on Python ints (exact below 2**53)
        overlap = shared / np.minimum(sizes[start:stop, None], sizes[None, :])
        ii, jj = np.nonzero((np.arange(start, stop)[:, None] < np.arange(len(recs))[None, :])
                            & (outlets[start:stop, None] != outlets[None, :]) & (overlap >= min_overlap))
        for i, j in zip(ii.tolist(), jj.tolist(), strict=True):
            yield start + i, j, float(overlap[i, j])
