"""News-coverage comparison kit: how outlets frame, judge and source the same event.

Importing the package does no I/O and changes no global state.
"""

from analysis.text import (
    content_words,
    count_words,
    normalize,
    sentence_spans,
    split_sentences,
    token_spans,
    tokenize,
)

__all__ = [
    "content_words",
    "count_words",
    "normalize",
    "sentence_spans",
    "split_sentences",
    "token_spans",
    "tokenize",
]
