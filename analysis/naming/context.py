"""Keyword in context and bigram collocations per outlet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.framing.base import _COLUMN_HINT, _sentence_words
from analysis.framing.cues import PhraseFinder
from analysis.text import STOPWORDS
from analysis.validate import require_columns

# --- keyword in context -------------------------------------------------------------------


def _term_pattern(terms: Sequence[str]) -> tuple[PhraseFinder, list[str]]:
    if isinstance(terms, str):
        terms = [terms]
    terms = [t for t in terms if t and t.strip()]
    if not terms:
        raise ValueError("kwic: give at least one non-empty search term, e.g. ['sanctions'].")
    alts = sorted(set(terms), key=len, reverse=True)
    return PhraseFinder(alts, group_prefix="t"), alts


def kwic(
    df: pd.DataFrame,
    terms: Sequence[str],
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    id_col: str = "article_id",
    window: int = 60,
) -> pd.DataFrame:
    """Keyword-in-context lines: one row per match of any of ``terms``.

    Terms are matched case-insensitively as whole words; a trailing ``*`` allows any ending
    ("annex*" finds annexed, annexation). Columns: term (the search term that matched),
    group_col, id_col, start, end (offsets of the match in the text), left, match, right
    (``window`` characters either side, line breaks flattened).
    """
    require_columns(df, [text_col, group_col, id_col], "kwic", hint=_COLUMN_HINT)
    finder, alts = _term_pattern(terms)
    rows = []
    for gid, doc_id, text in zip(df[group_col], df[id_col], df[text_col].fillna(""), strict=True):
        for m in finder.finditer(text):
            term = alts[int(m.lastgroup[1:])]
            s, e = m.start(), m.end()
            left = " ".join(text[max(0, s - window) : s].split())
            right = " ".join(text[e : e + window].split())
            rows.append((term, gid, doc_id, s, e, left, m.group(), right))
    cols = ["term", group_col, id_col, "start", "end", "left", "match", "right"]
    out = pd.DataFrame.from_records(rows, columns=cols)
    return out.sort_values(["term", group_col, id_col, "start"], kind="stable").reset_index(drop=True)


def kwic_side_by_side(
    lines: pd.DataFrame, *, group_col: str = "outlet", max_lines: int = 5, width: int = 40
) -> pd.DataFrame:
    """KWIC lines laid out side by side: one row per (term, line number), one column per outlet.

    Input: the output of :func:`kwic`. Each cell reads ``"...left [match] right..."`` trimmed
    to ``width`` characters either side; an outlet with fewer lines gets empty cells, and a
    column ``n_<outlet>`` gives its total number of matches for the term.
    """
    require_columns(lines, ["term", group_col, "left", "match", "right"], "kwic_side_by_side", hint=_COLUMN_HINT)
    if lines.empty:
        return pd.DataFrame(columns=["term", "line"])
    keys = lines[group_col].astype(str).tolist()
    groups = sorted(set(keys))
    # each (term, outlet)'s lines in table order, from plain lists
    per_term: dict = {}
    for term, g, left, match, right in zip(lines["term"], keys, lines["left"], lines["match"], lines["right"],
                                            strict=True):
        per_term.setdefault(term, {h: [] for h in groups})[g].append((left, match, right))
    rows = []
    for term in sorted(per_term):
        per = per_term[term]
        depth = min(max_lines, max(len(v) for v in per.values()))
        for i in range(depth):
            row = {"term": term, "line": i + 1}
            for g in groups:
                if i < len(per[g]):
                    left, match, right = per[g][i]
                    gap = " " if right[:1].isalnum() else ""
                    row[g] = f"{left[-width:]} [{match}]{gap}{right[:width]}"
                else:
                    row[g] = ""
            for g in groups:
                row[f"n_{g}"] = len(per[g])
            rows.append(row)
    return pd.DataFrame(rows)


# --- collocations -------------------------------------------------------------------------


def _sentence_tokens(texts: Iterable[str]) -> list[Sequence[str]]:
    docs = []
    for text in texts:
        docs.extend(_sentence_words(text))
    return docs


def _finder(docs: list[list[str]]):
    """NLTK's ``BigramCollocationFinder.from_documents(docs)``, its counts made with Counter:
    every token, and every pair of neighbours inside one document."""
    from nltk.collocations import BigramCollocationFinder
    from nltk.probability import FreqDist

    words: Counter = Counter()
    pairs: Counter = Counter()
    for doc in docs:
        words.update(doc)
        pairs.update(zip(doc, doc[1:], strict=False))
    return BigramCollocationFinder(FreqDist(words), FreqDist(pairs))


def collocation_differences(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    min_freq: int = 2,
    top_n: int = 15,
) -> pd.DataFrame:
    """Bigram collocations per outlet, with how often the other outlets use the same pair.

    Unit of observation: one row per (group, bigram), the ``top_n`` best per group. Method:
    NLTK ``BigramCollocationFinder.from_documents`` over sentences (no pair spans a sentence
    break), pairs seen fewer than ``min_freq`` times in the group or with a stop word at
    either end dropped, scored by Dunning's (1993) log-likelihood ratio. Columns: group_col,
    bigram, llr, n_group, n_other (count of the pair in all other groups), only_here (True
    when no other group uses the pair).
    """
    from nltk.collocations import BigramAssocMeasures
    from nltk.probability import FreqDist

    require_columns(df, [text_col, group_col], "collocation_differences", hint=_COLUMN_HINT)
    keys = df[group_col].astype(str)
    groups = sorted(keys.unique())
    texts_of: dict[str, list[str]] = {g: [] for g in groups}
    for text, key in zip(df[text_col].fillna("").astype(str).tolist(), keys.tolist(), strict=True):
        texts_of[key].append(text)
    finders = {g: _finder(_sentence_tokens(texts_of[g])) for g in groups}
    counts = {g: finders[g].ngram_fd for g in groups}  # every pair, before any group's filters
    rows = []
    measure = BigramAssocMeasures.likelihood_ratio
    stop = STOPWORDS.set
    for g in groups:
        finder = finders[g]
        # NLTK's apply_freq_filter(min_freq) then apply_word_filter (a stop word or no letter at
        # either end) in one pass, each word tested once; n_other reads the unfiltered counts
        dropped = {w for w in finder.word_fd if w in stop or not any(c.isalpha() for c in w)}
        finder.ngram_fd = FreqDist({pair: n for pair, n in finder.ngram_fd.items()
                                    if n >= min_freq and pair[0] not in dropped and pair[1] not in dropped})
        scored = sorted(finder.score_ngrams(measure), key=lambda x: (-x[1], x[0]))[:top_n]
        for pair, score in scored:
            n_other = sum(counts[o].get(pair, 0) for o in groups if o != g)
            rows.append({group_col: g, "bigram": " ".join(pair), "llr": score,
                         "n_group": finder.ngram_fd[pair], "n_other": n_other,
                         "only_here": n_other == 0})
    return pd.DataFrame(rows, columns=[group_col, "bigram", "llr", "n_group", "n_other", "only_here"])
