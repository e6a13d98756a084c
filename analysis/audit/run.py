"""The two audit steps behind ``python -m analysis audit``.

:func:`make_sheet` draws the sample and writes ``OUT/audit/sheet.csv`` and
``OUT/audit/annotate.html``; :func:`score_annotations` checks a filled sheet and writes the
results (``accuracy.csv``, ``classes.csv``, ``corrected.csv``, ``findings.csv``, each also as
Parquet, and a copy of the judgements as ``annotations.csv``) to ``OUT/audit/``. Both read the
tables in ``TABLES`` (computed once by :func:`analysis.tables.build_tables`).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd

from analysis.audit.items import audit_units, corpus_fingerprint, units_fingerprint
from analysis.audit.page import annotate_html
from analysis.audit.results import accuracy_table, class_table, corrected_table, figure_draws, findings_table
from analysis.audit.sample import draw_sample
from analysis.audit.sheet import (
    AuditProblem,
    build_sheet,
    read_annotations,
    read_sheet_file,
    sheet_csv,
    sheet_origin,
    side_options,
)

RESULT_TABLES = ("accuracy", "classes", "corrected", "findings")


def _units_and_hashes(corpus_dir: Path, tables_dir: Path) -> tuple[dict, str, str]:
    from analysis.tables import read_tables

    tables = read_tables(tables_dir, corpus_dir=corpus_dir)
    units = audit_units(tables, corpus_dir)
    return units, corpus_fingerprint(tables_dir), units_fingerprint(units)


def expected_sheet(units: dict, *, corpus_hash: str, tables_hash: str, n: int, seed: int) -> pd.DataFrame:
    """The sheet of these units for ``n`` and ``seed`` (the same every time)."""
    sample = draw_sample(units, n=n, seed=seed)
    return build_sheet(sample, sides=side_options(units["quote"]), corpus_hash=corpus_hash, tables_hash=tables_hash,
                       seed=seed, n=n)


def _judged_rows(path: Path) -> int:
    try:
        _, rows = read_sheet_file(path)
    except AuditProblem:
        return 0
    return sum(1 for r in rows if r.get("truth", "").strip())


def make_sheet(corpus_dir: str | Path, out_dir: str | Path, *, tables_dir: str | Path, n: int = 200,
               seed: int = 0) -> Path:
    """Draw the sample and write ``OUT/audit/sheet.csv`` and ``annotate.html``; return the folder.

    Refuses (:class:`AuditProblem`) to replace a ``sheet.csv`` that already holds judgements."""
    if n < 1:
        raise AuditProblem([f"--n {n}: the sample needs at least one row"])
    folder = Path(out_dir) / "audit"
    target = folder / "sheet.csv"
    units, corpus_hash, tables_hash = _units_and_hashes(Path(corpus_dir), Path(tables_dir))
    sheet = expected_sheet(units, corpus_hash=corpus_hash, tables_hash=tables_hash, n=n, seed=seed)
    if sheet.empty:
        raise AuditProblem([f"{corpus_dir}: nothing to audit (no quote, mention, frame or aligned pair in the tables)"])
    text = sheet_csv(sheet)
    if target.is_file() and target.read_text(encoding="utf-8") != text and _judged_rows(target):
        raise AuditProblem([f"{target} already holds {_judged_rows(target)} judgements: move it away first, or score "
                            f"it with --annotations {target}"])
    folder.mkdir(parents=True, exist_ok=True)
    _write_text(target, text)
    _write_text(folder / "annotate.html", annotate_html(sheet, title=f"Accuracy audit: {Path(corpus_dir).name}"))
    return folder


def _write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def score_annotations(corpus_dir: str | Path, out_dir: str | Path, annotations: str | Path, *,
                      tables_dir: str | Path, n_boot: int = 1000) -> dict[str, pd.DataFrame]:
    """Check the filled sheet ``annotations`` and write the result tables to ``OUT/audit/``.

    Nothing is written when the sheet is refused (:class:`AuditProblem` names every bad row);
    the tables of an earlier audit are replaced only once all new ones are computed."""
    annotations = Path(annotations)
    _, rows = read_sheet_file(annotations)
    corpus_hash, tables_hash, seed, n = sheet_origin(annotations, rows)
    units, here_corpus, here_tables = _units_and_hashes(Path(corpus_dir), Path(tables_dir))
    if corpus_hash != here_corpus:
        raise AuditProblem([f"{annotations.name} row {rows[0].get('row', '?')}: the sheet was made for another corpus "
                            f"(corpus {corpus_hash}; {Path(corpus_dir).name} is {here_corpus})"])
    if tables_hash != here_tables:
        raise AuditProblem([f"{annotations.name} row {rows[0].get('row', '?')}: the sheet was made with other tables "
                            f"(tables {tables_hash}; the current tables of {Path(corpus_dir).name} are {here_tables}): "
                            "score it against the tables it was made from, or make a new sheet"])
    expected = expected_sheet(units, corpus_hash=corpus_hash, tables_hash=tables_hash, n=n, seed=seed)
    sheet = read_annotations(annotations, expected)
    accuracy = accuracy_table(sheet, seed=seed, n_boot=n_boot)
    draws = figure_draws(units, sheet, seed=seed, n_boot=n_boot)
    results = {"accuracy": accuracy, "classes": class_table(sheet, seed=seed, n_boot=n_boot),
               "corrected": corrected_table(draws), "findings": findings_table(draws, accuracy)}
    folder = Path(out_dir) / "audit"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder, prefix=".scoring-") as tmp:
        for name, frame in results.items():
            frame.to_csv(Path(tmp) / f"{name}.csv", index=False, float_format="%.6g")
            frame.to_parquet(Path(tmp) / f"{name}.parquet", index=False)
        if annotations.resolve() != (folder / "annotations.csv").resolve():
            shutil.copyfile(annotations, Path(tmp) / "annotations.csv")
        for path in sorted(Path(tmp).iterdir()):
            path.replace(folder / path.name)
    return results
