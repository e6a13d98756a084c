"""Corpus at a glance: per-outlet counts, removed lines by reason, paragraph lengths.

Pure functions of a loaded :class:`~analysis.corpus.Corpus` (anything with ``articles``,
``paragraphs`` and ``removed`` tables), used by ``notebooks/01-inspect-corpus.ipynb``.
"""

from __future__ import annotations

import pandas as pd

from analysis.text import count_words

_QUOTE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'


def outlet_overview(corpus) -> pd.DataFrame:
    """One row per outlet: articles, paragraphs, sentences, words, quotation marks and
    removed lines, with words per article and per paragraph. Quotation marks are counted
    in the original characters (straight, curly and guillemets alike)."""
    arts = corpus.articles.assign(
        quote_marks=corpus.articles["text_raw"].map(lambda t: sum(t.count(c) for c in _QUOTE_MARKS)),
    )
    removed = corpus.removed.merge(arts[["article_id", "outlet"]], on="article_id").groupby("outlet").size()
    out = arts.groupby("outlet").agg(
        articles=("article_id", "size"),
        events=("event", "nunique"),
        paragraphs=("n_paragraphs", "sum"),
        sentences=("n_sentences", "sum"),
        words=("n_words", "sum"),
        quotation_marks=("quote_marks", "sum"),
    )
    out["removed_lines"] = removed.reindex(out.index).fillna(0).astype(int)
    out["words_per_article"] = (out["words"] / out["articles"]).round(1)
    out["words_per_paragraph"] = (out["words"] / out["paragraphs"]).round(1)
    out["sentences_per_paragraph"] = (out["sentences"] / out["paragraphs"]).round(2)
    return out.reset_index()


def removed_by_reason(corpus) -> pd.DataFrame:
    """One row per (outlet, reason): how many capture lines were left out, and why."""
    merged = corpus.removed.merge(corpus.articles[["article_id", "outlet"]], on="article_id")
    # "after the end of the article (X)": count it under X when X names a kind of furniture
    inner = merged["reason"].str.extract(r"^after the end of the article \((.+)\)$", expand=False)
    after_end = inner.notna() & ~inner.isin(["text", "date", "byline", "credit"])
    reason = merged["reason"].where(~after_end, inner)
    reason = reason.str.replace(r"^after the end of the article.*", "after the end of the article", regex=True)
    return (
        merged.assign(reason=reason)
        .groupby(["outlet", "reason"])
        .size()
        .rename("lines")
        .reset_index()
        .sort_values(["outlet", "lines"], ascending=[True, False], ignore_index=True)
    )


def paragraph_lengths(corpus) -> pd.DataFrame:
    """One row per paragraph: outlet, article, position (1-based and relative 0-1), words,
    and whether the paragraph contains a quotation mark."""
    paras = corpus.paragraphs.merge(corpus.articles[["article_id", "outlet", "n_paragraphs"]], on="article_id")
    return pd.DataFrame(
        {
            "outlet": paras["outlet"],
            "article_id": paras["article_id"],
            "position": paras["para_id"] + 1,
            "relative_position": (paras["para_id"] + 0.5) / paras["n_paragraphs"],
            "words": paras["text"].map(count_words),
            "has_quote": paras["text"].str.contains('"', regex=False),
        }
    )


def problems_by_kind(corpus) -> pd.DataFrame:
    """One row per (kind, severity, action): how many problem rows and distinct files, so the
    notebook and report can say "3 files not loaded, 12 repaired, 5 flagged" without reading
    every row. ``kind`` is empty for rows from tables made before kinds existed."""
    problems = corpus.problems
    cols = ["kind", "severity", "action"]
    if problems.empty:
        return pd.DataFrame(columns=[*cols, "rows", "files"])
    frame = problems.reindex(columns=[*cols, "file"]).fillna("")
    return (
        frame.groupby(cols)
        .agg(rows=("file", "size"), files=("file", "nunique"))
        .reset_index()
        .sort_values(["severity", "rows"], ascending=[True, False], ignore_index=True)
    )
