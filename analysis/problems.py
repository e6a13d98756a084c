"""Problem rows: one per input problem met while loading a corpus, never an exception.

Each row says which ``file``, which ``article_id`` (if one was settled), how bad
(``severity``: ``"error"`` = not loaded, ``"warning"`` = loaded, check it), what the
``problem`` is, its ``kind`` (a short code to count by: ``encoding``, ``manifest``,
``markup``, ``duplicate``, ...) and the ``action`` the kit took ("not loaded", "loaded;
repaired", "ignored", ...).
"""

from __future__ import annotations

import dataclasses

PROBLEM_COLUMNS = ["file", "article_id", "severity", "problem", "kind", "action"]

#: what was done, in the words the ``action`` column uses
NOT_LOADED = "not loaded"
LOADED = "loaded"
IGNORED = "ignored"
REPAIRED = "loaded; repaired in memory (raw file unchanged)"
CLEANED = "loaded; cleaned in memory (raw file unchanged)"
FLAGGED = "loaded; flagged"
ASSUMED = "loaded; value assumed as stated"
DROPPED_VALUE = "loaded; value left empty"
SKIPPED_ENGLISH = "loaded; skipped by English-only analyses"
RENAMED = "loaded; column renamed"
FALLBACK = "loaded from file names (outlet from each file name, event 'unknown')"


def display_path(path: object) -> str:
    """``path`` as text that can always be written out: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) are shown as U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def is_clean_name(name: str) -> bool:
    """False for file names holding bytes that are not UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclasses.dataclass
class Problem:
    """One row of the ``problems`` table (see the module docstring)."""

    file: str
    article_id: str | None
    severity: str
    problem: str
    kind: str = ""
    action: str = ""

    def __post_init__(self) -> None:
        # file names that are not UTF-8 must not make the table unwritable
        self.file = display_path(self.file)
        self.problem = display_path(self.problem)

    def as_row(self) -> dict:
        return dataclasses.asdict(self)
