"""Shared pieces of the framing package: the one list of frames and sentence spans."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping

from analysis.text import sentence_spans

_COLUMN_HINT = "Pass the right names with text_col=..., group_col=... or id_col=...."

#: The five generic frames, in the order every table and figure uses. The one copy in the package.
FRAMES: tuple[str, ...] = ("conflict", "responsibility", "economic", "human_interest", "morality")

# --- input checks --------------------------------------------------------------------


# Texts whose sentence spans are known already (the corpus split them once): see known_sentences
_KNOWN_SPANS: dict[str, list[tuple[int, int]]] = {}


@contextlib.contextmanager
def known_sentences(spans: Mapping[str, list[tuple[int, int]]]) -> Iterator[None]:
    """While open, :func:`_sentences_of` takes the spans of these texts (``{text: spans}``) as
    given instead of splitting the texts again: the corpus split each text once and its
    sentence table holds the spans (give only spans that splitting would give)."""
    before = dict(_KNOWN_SPANS)
    _KNOWN_SPANS.update(spans)
    try:
        yield
    finally:
        _KNOWN_SPANS.clear()
        _KNOWN_SPANS.update(before)


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
