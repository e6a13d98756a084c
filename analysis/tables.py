"""Compute once, read many: the pipeline's tidy tables as Parquet files, reused by every notebook.

``build_tables(corpus_dir, out_dir)`` runs :func:`analysis.pipeline.run` once and writes each
table to ``OUT/tables/NAME.parquet`` with ``OUT/tables/manifest.json`` (package version, a hash
of the code and lexicons, and a SHA-256 of every input file). A rerun on unchanged input and
code is skipped. ``load_tables(corpus_dir, tables_dir=...)`` reads them back, computing them
first when they are missing or stale, so a notebook run by hand works on any corpus folder.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from analysis.corpus import Corpus
from analysis.paths import BUILD_DIR

MANIFEST = "manifest.json"
_PACKAGE_DIR = Path(__file__).resolve().parent


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_hashes(corpus_dir: str | Path) -> dict[str, str]:
    """SHA-256 of every regular file under ``corpus_dir`` (relative path -> hash), sorted."""
    folder = Path(corpus_dir)
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and not any(p.startswith(".") for p in path.relative_to(folder).parts):
            out[path.relative_to(folder).as_posix()] = _sha256(path)
    return out


def code_hash() -> str:
    """One hash over the package's code and data files: any change recomputes the tables."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE_DIR.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".json", ".txt"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _version() -> str:
    try:
        return metadata.version("analysis")
    except metadata.PackageNotFoundError:  # running from a source tree
        return "source"


def default_tables_dir(corpus_dir: str | Path) -> Path:
    """Where tables of a corpus go when no folder is given: ``build/tables/<name>-<hash>``."""
    resolved = Path(corpus_dir).resolve()
    slug = re.sub(r"[^a-z0-9]+", "-", resolved.name.lower()).strip("-") or "corpus"
    return BUILD_DIR / "tables" / f"{slug}-{hashlib.sha256(str(resolved).encode()).hexdigest()[:8]}"


def _expected_manifest(corpus_dir: Path) -> dict:
    return {"version": _version(), "code": code_hash(), "inputs": input_hashes(corpus_dir)}


def is_current(corpus_dir: str | Path, tables_dir: str | Path) -> bool:
    """True when ``tables_dir`` holds tables of exactly this input and code."""
    path = Path(tables_dir) / MANIFEST
    if not path.is_file():
        return False
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    expected = _expected_manifest(Path(corpus_dir))
    return all(found.get(k) == v for k, v in expected.items()) and all(
        (Path(tables_dir) / f"{name}.parquet").is_file() for name in found.get("tables", {})
    )


def _write(name: str, frame: pd.DataFrame, folder: Path) -> None:
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    frame.to_parquet(folder / f"{name}.parquet", index=False)


def build_tables(
    corpus_dir: str | Path,
    tables_dir: str | Path | None = None,
    *,
    force: bool = False,
    engine: str = "pandas",
    progress: bool = True,
    **run_options,
) -> Path:
    """Run the pipeline on ``corpus_dir`` once and write every table; return the tables folder.

    Skipped when the folder already holds tables of the same input files and code (unless
    ``force``). ``engine`` and ``run_options`` go to :func:`analysis.pipeline.run`.
    """
    from analysis.pipeline import run

    corpus_dir = Path(corpus_dir)
    folder = Path(tables_dir) if tables_dir is not None else default_tables_dir(corpus_dir)
    if not force and is_current(corpus_dir, folder):
        if progress:
            print(f"tables are up to date: {folder}", flush=True)
        return folder
    expected = _expected_manifest(corpus_dir)
    tables = run(corpus_dir, engine=engine, progress=progress, **run_options)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).unlink(missing_ok=True)  # a half-written folder is never taken as current
    for name, frame in tables.items():
        _write(name, frame, folder)
    manifest = {**expected, "tables": {name: len(frame) for name, frame in tables.items()}}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return folder


@dataclass
class Tables:
    """Every table of one corpus, read from Parquet: ``tables.articles``, ``tables["quotes"]``."""

    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    folder: Path | None = None
    corpus_dir: Path | None = None

    def __getattr__(self, name: str) -> pd.DataFrame:
        frames = self.__dict__.get("frames", {})
        if name in frames:
            return frames[name]
        raise AttributeError(f"no table {name!r} (tables: {', '.join(sorted(frames))})")

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.__getattr__(name)

    def __contains__(self, name: str) -> bool:
        return name in self.frames

    def names(self) -> list[str]:
        return sorted(self.frames)

    def corpus(self) -> Corpus:
        """The corpus tables as a :class:`~analysis.corpus.Corpus` (no reloading of raw files)."""
        f = self.frames
        return Corpus(
            articles=f["articles"], paragraphs=f["paragraphs"], sentences=f["sentences"], removed=f["removed"],
            problems=f["problems"], metadata=f["metadata"], folder=self.corpus_dir,
        )


def read_tables(tables_dir: str | Path, *, corpus_dir: str | Path | None = None) -> Tables:
    """Read every ``*.parquet`` table in ``tables_dir`` (no recomputation)."""
    folder = Path(tables_dir)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    frames = {name: pd.read_parquet(folder / f"{name}.parquet") for name in manifest.get("tables", {})}
    return Tables(frames=frames, folder=folder, corpus_dir=Path(corpus_dir) if corpus_dir else None)


def load_tables(corpus_dir: str | Path, *, tables_dir: str | Path | None = None, progress: bool = True) -> Tables:
    """The tables of ``corpus_dir``: read from ``tables_dir`` when current, computed first otherwise."""
    folder = build_tables(corpus_dir, tables_dir, progress=progress)
    return read_tables(folder, corpus_dir=corpus_dir)


__all__ = ["Tables", "build_tables", "default_tables_dir", "is_current", "load_tables", "read_tables"]
