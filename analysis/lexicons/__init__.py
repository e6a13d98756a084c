"""Word lists as data: every lexicon the analyses use lives in a CSV file in this folder.

One loader for all of them, so no two modules keep their own copy of a list. Each file has
a header row; ``README.md`` beside the files documents every file's columns and sources.

- :func:`load` returns a file as a DataFrame (strings, no missing values: empty cells are "").
- :func:`words` returns one column as a frozenset (lower-cased unless ``lower=False``).
- :func:`content_hash` fingerprints a file, so fitted thresholds can check they still match it.

Results are cached; callers must not mutate the returned frames (copy first).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources

import pandas as pd

_PACKAGE = "analysis.lexicons"


def _file(name: str):
    filename = name if name.endswith(".csv") else f"{name}.csv"
    path = resources.files(_PACKAGE) / filename
    if not path.is_file():
        available = sorted(p.name.removesuffix(".csv") for p in resources.files(_PACKAGE).iterdir()
                           if p.name.endswith(".csv"))
        raise FileNotFoundError(f"no lexicon {name!r} in analysis/lexicons (available: {', '.join(available)})")
    return path


def names() -> list[str]:
    """The lexicons shipped with the package, by name (file name without ``.csv``)."""
    return sorted(p.name.removesuffix(".csv") for p in resources.files(_PACKAGE).iterdir() if p.name.endswith(".csv"))


@lru_cache(maxsize=None)
def load(name: str) -> pd.DataFrame:
    """The lexicon ``name`` (e.g. ``"stopwords"``) as a DataFrame of strings."""
    with _file(name).open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False, comment=None)
    return frame


@lru_cache(maxsize=None)
def words(name: str, column: str | None = None, *, lower: bool = True) -> frozenset[str]:
    """One column of a lexicon as a set (the first column by default)."""
    frame = load(name)
    col = column or frame.columns[0]
    if col not in frame.columns:
        raise KeyError(f"lexicon {name!r} has no column {col!r} (columns: {', '.join(frame.columns)})")
    values = (v.strip() for v in frame[col])
    return frozenset(v.lower() if lower else v for v in values if v)


def content_hash(name: str) -> str:
    """SHA-256 of the lexicon file's bytes (line endings normalised)."""
    data = _file(name).read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()
