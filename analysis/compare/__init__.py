"""Compare outlets' accounts of one event: shared, unique and omitted content, figures that
disagree, and quotations rendered differently.

- :mod:`.features`: similarity features of sentence pairs (embedding cosine, TF-IDF cosine,
  shared stems, names and numbers);
- :mod:`.matching`: blocking, the calibrated pair model, :func:`align` / :func:`alignment_table`,
  :func:`unique_content`, :func:`coverage_overlap`, :func:`counterparts`, similarity grids;
- :mod:`.omissions`: micro-blindspots (facts most outlets report and one leaves out);
- :mod:`.numbers`: quantities with units and hedges, and discrepancies between aligned sentences;
- :mod:`.fidelity`: the same quotation across outlets (truncation, wording, reporting verb).

Method, validation and limits: ``docs/coverage.md``.
"""

from . import matching as _matching
from .features import FEATURES, stem_tokens, text_pair_features
from .fidelity import FIDELITY_COLUMNS, quote_fidelity
from .matching import (
    BLOCK_K,
    MIN_SHARED_TERMS,
    align,
    alignment_table,
    counterparts,
    coverage_overlap,
    grid_matches,
    relation,
    score_pairs,
    similarity_grid,
    unique_content,
)
from .numbers import DISCREPANCY_COLUMNS, extract_numbers, number_discrepancies
from .omissions import OMISSION_COLUMNS, facts, omissions

__all__ = [
    "BLOCK_K", "DEFAULT_THRESHOLD", "DISCREPANCY_COLUMNS", "FEATURES", "FIDELITY_COLUMNS", "MIN_SHARED_TERMS",
    "OMISSION_COLUMNS", "PARTLY_THRESHOLD", "align", "alignment_table", "counterparts", "coverage_overlap",
    "extract_numbers", "facts", "grid_matches", "number_discrepancies", "omissions", "quote_fidelity", "relation",
    "score_pairs", "similarity_grid", "stem_tokens", "text_pair_features", "unique_content",
]


def __getattr__(name: str):
    # DEFAULT_THRESHOLD and PARTLY_THRESHOLD come from the fitted model file, read on first use.
    if name in ("DEFAULT_THRESHOLD", "PARTLY_THRESHOLD"):
        return getattr(_matching, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
