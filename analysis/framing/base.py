"""Shared pieces of the framing package: the one list of frames and sentence spans."""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Mapping, Sequence

from analysis.text import sentence_spans, tokenize

_COLUMN_HINT = "Pass the right names with text_col=..., group_col=... or id_col=...."

#: The five generic frames, in the order every table and figure uses. The one copy in the package.
FRAMES: tuple[str, ...] = ("conflict", "responsibility", "economic", "human_interest", "morality")

# --- input checks --------------------------------------------------------------------


# Texts whose sentence spans are known already (the corpus split them once): see known_sentences
_KNOWN_SPANS: dict[str, list[tuple[int, int]]] = {}
# The word caches of the open known_sentences contexts (innermost last): see _sentence_words
_WORD_CACHES: list[dict[str, list[tuple[str, ...]]]] = []


@contextlib.contextmanager
def known_sentences(spans: Mapping[str, list[tuple[int, int]]],
                    words: dict[str, list[tuple[str, ...]]] | None = None) -> Iterator[None]:
    """While open, :func:`_sentences_of` takes the spans of these texts (``{text: spans}``) as
    given instead of splitting the texts again: the corpus split each text once and its
    sentence table holds the spans (give only spans that splitting would give). ``words``, a
    dictionary kept with these ``spans`` (empty at first), is where :func:`_sentence_words`
    keeps each text's tokens, so the tables computed in such contexts tokenize every sentence
    once between them."""
    before = dict(_KNOWN_SPANS)
    _KNOWN_SPANS.update(spans)
    if words is not None:
        _WORD_CACHES.append(words)
    try:
        yield
    finally:
        if words is not None:
            _WORD_CACHES.pop()
        _KNOWN_SPANS.clear()
        _KNOWN_SPANS.update(before)


def _sentence_words(text: str) -> list[Sequence[str]]:
    """The lower-case word tokens (:func:`analysis.text.tokenize`) of each sentence of
    :func:`_sentences_of`, in order. Inside :func:`known_sentences` with a ``words`` cache
    each text is tokenized once and its tokens kept there (as tuples of interned strings: the
    same words share one string, so the cache stays small); the caller must not change them."""
    cache = _WORD_CACHES[-1] if _WORD_CACHES else None
    if cache is None:
        return [tokenize(text[s:e]) for s, e in _sentences_of(text)]
    found = cache.get(text)
    if found is None:
        found = cache[text] = [tuple(map(sys.intern, tokenize(text[s:e]))) for s, e in _sentences_of(text)]
    return found


def _sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans over a whole text: paragraphs split on blank lines, then Punkt."""
    known = _KNOWN_SPANS.get(text) if _KNOWN_SPANS else None
    if known is not None:
        return list(known)
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"(\n\s*\n)", text):
        if para and not para.isspace():
            spans.extend((pos + s, pos + e) for s, e in sentence_spans(para))
        pos += len(para)
    return spans
