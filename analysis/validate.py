"""Input checks shared by every analysis: fail early, in words a journalist understands."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


def require_columns(df: pd.DataFrame, columns: Iterable[str], what: str, *, hint: str = "") -> None:
    """Raise if ``df`` is not a DataFrame or lacks any of ``columns``.

    ``what`` names the table in the message ("sentences", "articles"); ``hint`` says how to
    fix it (e.g. "pass text_col=... for another column name").
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{what} must be a table (pandas DataFrame), got {type(df).__name__}")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        message = f"{what} is missing column(s) {', '.join(map(str, missing))}"
        message += f"; it has {', '.join(map(str, df.columns))}"
        raise ValueError(message + (f". {hint}" if hint else ""))
