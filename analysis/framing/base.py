"""Shared pieces of the framing package: the one list of frames and sentence spans."""

from __future__ import annotations

import re

from analysis.text import sentence_spans

_COLUMN_HINT = "Pass the right names with text_col=..., group_col=... or id_col=...."

#: The five generic frames, in the order every table and figure uses. The one copy in the package.
FRAMES: tuple[str, ...] = ("conflict", "responsibility", "economic", "human_interest", "morality")

# --- input checks --------------------------------------------------------------------


def _sentences_of(text: str) -> list[tuple[int, int]]:
    """Sentence spans over a whole text: paragraphs split on blank lines, then Punkt."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in re.split(r"(\n\s*\n)", text):
        if para and not para.isspace():
            spans.extend((pos + s, pos + e) for s, e in sentence_spans(para))
        pos += len(para)
    return spans
