"""No quotation lost: quotations between matching marks that no attribution covers.

The extractor ties a quotation to a source only through a cue it can read. A quotation it
cannot tie ('Reid called Trump a "human leech who will bleed the country"', a quoted
slogan, a quotation in a paragraph of its own) would otherwise vanish from the quote
tables, so quoted material is under-counted. :func:`leftover_quotes` finds every span
between matching quotation marks (any house style, paired by :mod:`.marks`) of at least
``min_words`` words that no attribution already covers by at least half, so the corpus
layer can add it as a quote row whose speaker is found from the sentence (another
attribution in the same sentence) or left unresolved.

Linear in the text: the marks are paired once, the attributions are merged into disjoint
intervals once, and each quotation is checked with a binary search.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from analysis.quotes.marks import mark_view, quote_spans
from analysis.text import normalize

__all__ = ["leftover_quotes"]

MIN_WORDS = 3


def _union(spans: Iterable[tuple[int, int]]) -> tuple[list[int], list[int]]:
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted((int(s), int(e)) for s, e in spans if e > s):
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def _covered(s: int, e: int, starts: list[int], ends: list[int]) -> int:
    """Characters of [s, e) inside the disjoint intervals."""
    k = max(0, bisect.bisect_right(starts, s) - 1)
    total = 0
    while k < len(starts) and starts[k] < e:
        total += max(0, min(e, ends[k]) - max(s, starts[k]))
        k += 1
    return total


def leftover_quotes(text: str, taken: Iterable[tuple[int, int]], *,
                    min_words: int = MIN_WORDS) -> list[tuple[int, int]]:
    """(start, end) offsets in ``text`` of the words inside each closed quotation of at least
    ``min_words`` words that the ``taken`` spans (attribution contents) cover by less than half."""
    if not isinstance(text, str) or not text:
        return []
    norm, hints = mark_view(normalize(text), text)
    starts, ends = _union(taken)
    out = []
    for q in quote_spans(norm, text, hints):
        if not q.closed:
            continue
        s, e = q.inner
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e <= s or len(text[s:e].split()) < min_words:
            continue
        if 2 * _covered(s, e, starts, ends) < e - s:
            out.append((s, e))
    return out
