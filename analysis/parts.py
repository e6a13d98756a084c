"""Parquet files written piece by piece: one table of one batch or event, atomically.

:func:`write_frame` writes one DataFrame (one chunk per column, so the bytes depend on the rows
only); :func:`write_parts` runs a task and writes the tables it returns to
``PARTS/NAME/NNNNNN.parquet`` where it runs, so a worker process that shares the file system
sends back row counts instead of tables.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def write_frame(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` (replaced atomically; string column names; no index)."""
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    tmp = path.with_name(path.name + ".tmp")
    # one chunk per column: a table concatenated from batches keeps each batch's chunk, and the
    # Parquet pages (so the file's bytes) would depend on where the batches were cut
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False).combine_chunks(), tmp)
    tmp.replace(path)


def save_parts(result: dict, parts_dir: str | Path, number: int) -> dict:
    """Write each DataFrame of ``result`` to ``parts_dir/NAME/NNNNNN.parquet``; return
    ``result`` with each written table replaced by its row count (other values kept)."""
    out = {}
    for name, value in result.items():
        if isinstance(value, pd.DataFrame):
            (Path(parts_dir) / name).mkdir(parents=True, exist_ok=True)
            write_frame(value, Path(parts_dir) / name / f"{number:06d}.parquet")
            out[name] = len(value)
        else:
            out[name] = value
    return out


def write_parts(func: Callable[..., dict], args: tuple, parts_dir: str, number: int) -> dict:
    """Run one task (``func(*args)``) and :func:`save_parts` its tables where it runs."""
    return save_parts(func(*args), parts_dir, number)


__all__ = ["save_parts", "write_frame", "write_parts"]
