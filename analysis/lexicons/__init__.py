"""Word lists as data: every lexicon the analyses use lives in a CSV file in this folder.

One loader for all of them, so no two modules keep their own copy of a list. Each file has
a header row; ``README.md`` beside the files documents every file's columns and sources.

- :func:`load` returns a file as a DataFrame (strings, no missing values: empty cells are "").
- :func:`words` returns one column as a frozenset (lower-cased unless ``lower=False``).
- :func:`content_hash` fingerprints a file, so fitted thresholds can check they still match it.
- :class:`WordSet` is a set read on first use, for module-level constants: importing the
  package reads no file.

Results are cached; callers must not mutate the returned frames (copy first).
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

import pandas as pd

_PACKAGE = "analysis.lexicons"

# Month names and abbreviations -> month number. A fixed fact of English kept as a constant
# here (not a CSV) because the date patterns of the corpus layer are compiled at import time.
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        ("january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
         "august aug", "september sep sept", "october oct", "november nov", "december dec"),
        start=1,
    )
    for name in names.split()
}


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


@cache
def load(name: str) -> pd.DataFrame:
    """The lexicon ``name`` (e.g. ``"stopwords"``) as a DataFrame of strings."""
    with _file(name).open("r", encoding="utf-8") as handle:
        frame = pd.read_csv(handle, dtype=str, keep_default_na=False, comment=None)
    return frame


@cache
def words(name: str, column: str | None = None, *, lower: bool = True) -> frozenset[str]:
    """One column of a lexicon as a set (the first column by default)."""
    frame = load(name)
    col = column or frame.columns[0]
    if col not in frame.columns:
        raise KeyError(f"lexicon {name!r} has no column {col!r} (columns: {', '.join(frame.columns)})")
    values = (v.strip() for v in frame[col])
    return frozenset(v.lower() if lower else v for v in values if v)


class WordSet:
    """A lexicon column that behaves like a frozenset but is read on first use.

    Module-level constants use it (``STOPWORDS = WordSet("stopwords")``) so that importing
    ``analysis`` reads no file. Supports ``in``, iteration, ``len``, ``|``, ``&``, ``-``.
    """

    __slots__ = ("_name", "_column", "_lower", "_set")

    def __init__(self, name: str, column: str | None = None, *, lower: bool = True) -> None:
        self._name, self._column, self._lower = name, column, lower
        self._set: frozenset[str] | None = None

    @property
    def set(self) -> frozenset[str]:
        if self._set is None:
            self._set = words(self._name, self._column, lower=self._lower)
        return self._set

    def __contains__(self, item: object) -> bool:
        s = self._set
        return item in (s if s is not None else self.set)

    def __iter__(self):
        return iter(self.set)

    def __len__(self) -> int:
        return len(self.set)

    def __or__(self, other) -> frozenset[str]:
        return self.set | frozenset(other)

    __ror__ = __or__

    def __and__(self, other) -> frozenset[str]:
        return self.set & frozenset(other)

    __rand__ = __and__

    def __sub__(self, other) -> frozenset[str]:
        return self.set - frozenset(other)

    def __rsub__(self, other) -> frozenset[str]:
        return frozenset(other) - self.set

    def __eq__(self, other) -> bool:
        return self.set == (other.set if isinstance(other, WordSet) else other)

    def __hash__(self) -> int:
        return hash((self._name, self._column, self._lower))

    def __repr__(self) -> str:
        return f"WordSet({self._name!r}{', ' + repr(self._column) if self._column else ''})"


def content_hash(name: str) -> str:
    """SHA-256 of the lexicon file's bytes (line endings normalised)."""
    data = _file(name).read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()
