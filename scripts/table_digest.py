"""SHA-256 of every table the tables layer writes for a corpus: the before/after check of a speed-up.

    .venv/bin/python scripts/table_digest.py CORPUS [--out DIR] [--jobs N] [--engine pandas|dask]

Builds the tables (forced) and prints one line per table: name, rows, SHA-256 of its Parquet file.
Run it before and after a change and diff the two outputs: a speed-up must leave every line as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from analysis.tables import build_tables


def digests(folder: Path) -> dict[str, str]:
    return {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--out", type=Path, default=None, help="tables folder (default: a temporary one)")
    parser.add_argument("--engine", default="pandas", choices=("pandas", "dask"))
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: the kit's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        options = {} if args.jobs is None else {"jobs": args.jobs, "n_workers": args.jobs}
        start = time.perf_counter()
        build_tables(args.corpus, out, force=True, engine=args.engine, progress=False, **options)
        seconds = time.perf_counter() - start
        import pandas as pd

        for name, digest in digests(out).items():
            print(f"{name:12s} {len(pd.read_parquet(out / f'{name}.parquet')):8d} {digest}")
    print(f"# {seconds:.1f} s")


if __name__ == "__main__":
    main()
