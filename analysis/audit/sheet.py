"""The audit sheet: one row per judgement, written as CSV, read back and checked.

Unit of observation: one (sampled unit, measure). A person fills ``truth`` (one of ``options``;
"unsure" when the item cannot be judged; empty when not judged yet) and may add a ``note``;
every other column is fixed. Each row carries ``corpus_hash`` and ``tables_hash`` (the corpus
and the tables the sheet was made from), ``seed`` and ``n`` (so the sheet can be drawn again and
compared) and ``check`` (a hash of the row's fixed fields). :func:`read_annotations` refuses a
filled sheet with missing, extra, duplicated or edited rows, values outside the options, or
rows made from another corpus or other tables, naming every offending row.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.audit.items import MEASURES, questions

SHEET_COLUMNS = [
    "row", "measure", "item_id", "outlet", "event", "article_id", "stratum", "stratum_size", "stratum_sampled",
    "weight", "question", "predicted", "options", "context", "span_start", "span_end", "detail", "truth", "note",
    "check", "corpus_hash", "tables_hash", "seed", "n",
]
FIXED = ("measure", "item_id", "predicted", "check")
UNSURE = "unsure"
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
MAX_PROBLEMS_SHOWN = 1


class AuditProblem(ValueError):
    """A sheet or annotation file the audit cannot use; ``problems`` lists every offending row."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        more = len(self.problems) - MAX_PROBLEMS_SHOWN
        super().__init__("; ".join(self.problems[:MAX_PROBLEMS_SHOWN]) + (f" (and {more} more problems)" if more > 0
                                                                           else ""))


def side_options(quote_units: pd.DataFrame, top: int = 8) -> list[str]:
    """The corpus's most quoted sides (by words), offered as answers for ``source_side``."""
    if quote_units.empty:
        return []
    words = quote_units.groupby("pred_source_side")["weight"].sum().sort_values(ascending=False, kind="stable")
    return [s for s in words.index if s not in ("unknown", "other")][:top]


def _options(measure: str, predicted: str, sides: list[str]) -> list[str]:
    from analysis.sources import SOURCE_TYPES

    spec = questions()["measures"][measure]
    if measure == "source_type":
        base = [t for t in SOURCE_TYPES if t != "other"]
    elif measure == "source_side":
        base = list(sides)
    else:
        base = list(spec["options"])
    if measure in ("source_type", "source_side"):
        base = base + [x for x in (predicted, "unknown", "other") if x not in base]
    return base + [UNSURE]


def _question(measure: str, unit: pd.Series) -> str:
    fields = {k: unit.get(k, "") for k in ("speaker", "actor", "frame", "definition", "other_outlet")}
    fields["frame"] = str(fields["frame"]).replace("_", " ")
    return questions()["measures"][measure]["question"].format(**fields)


def row_check(key: str, row: int, measure: str, item_id: str, predicted: str, options: str) -> str:
    """A short hash of a row's fixed fields (changes when any of them is edited)."""
    digest = hashlib.sha256("\x1f".join([key, str(row), measure, item_id, predicted, options]).encode()).hexdigest()
    return "k" + digest[:11]


def build_sheet(sample: pd.DataFrame, *, sides: list[str], corpus_hash: str, tables_hash: str, seed: int,
                n: int) -> pd.DataFrame:
    """The sheet (columns :data:`SHEET_COLUMNS`) for the units of :func:`analysis.audit.sample.draw_sample`."""
    key = f"{corpus_hash}|{tables_hash}|{seed}|{n}"
    rows = []
    for unit in sample.to_dict("records"):
        for measure in MEASURES[unit["kind"]]:
            predicted = str(unit[f"pred_{measure}"])
            options = "|".join(_options(measure, predicted, sides))
            number = len(rows) + 1
            rows.append({
                "row": number, "measure": measure, "item_id": unit["unit_id"], "outlet": unit["outlet"],
                "event": unit["event"], "article_id": unit["article_id"], "stratum": unit["stratum"],
                "stratum_size": int(unit["stratum_size"]), "stratum_sampled": int(unit["stratum_sampled"]),
                "weight": float(unit["weight"]), "question": _question(measure, pd.Series(unit)),
                "predicted": predicted, "options": options, "context": unit["context"],
                "span_start": int(unit["span_start"]), "span_end": int(unit["span_end"]), "detail": unit["detail"],
                "truth": "", "note": "", "check": row_check(key, number, measure, unit["unit_id"], predicted, options),
                "corpus_hash": corpus_hash, "tables_hash": tables_hash, "seed": int(seed), "n": int(n),
            })
    return pd.DataFrame(rows, columns=SHEET_COLUMNS)


def neutral_cell(value) -> str:
    """A CSV cell's text; text a spreadsheet would run as a formula gets a leading '."""
    if isinstance(value, int | float | np.integer | np.floating):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def _restore(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA) else text


def sheet_csv(sheet: pd.DataFrame) -> str:
    """The sheet as CSV text (cells that a spreadsheet would run as a formula start with ')."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(SHEET_COLUMNS)
    for rec in sheet[SHEET_COLUMNS].itertuples(index=False):
        writer.writerow([neutral_cell(v) for v in rec])
    return buf.getvalue()


def read_sheet_file(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows (``line`` = line number in the file) of a sheet CSV, values as text."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise AuditProblem([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditProblem([f"{path}: cannot be read as UTF-8 text ({exc})"]) from None
    first_line = text.split("\n", 1)[0]
    # a spreadsheet may save with semicolons or tabs (e.g. in locales with a decimal comma)
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        header = [h.strip() for h in next(reader, [])]
        rows = []
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            rec = {h: _restore(values[i]) if i < len(values) else "" for i, h in enumerate(header)}
            rec["line"] = str(reader.line_num)
            rows.append(rec)
    except csv.Error as exc:
        raise AuditProblem([f"{path}: not a readable CSV ({exc})"]) from None
    missing = [c for c in ("row", *FIXED, "truth", "corpus_hash", "tables_hash", "seed", "n") if c not in header]
    if missing:
        raise AuditProblem([f"{path}: no column {', '.join(repr(c) for c in missing)} (is this the sheet.csv that "
                            "`python -m analysis audit` wrote?)"])
    if not rows:
        raise AuditProblem([f"{path}: no rows"])
    return header, rows


def sheet_origin(path: str | Path, rows: list[dict[str, str]]) -> tuple[str, str, int, int]:
    """``(corpus_hash, tables_hash, seed, n)`` of a filled sheet; all rows must agree."""
    first = rows[0]
    for rec in rows:
        for col in ("corpus_hash", "tables_hash", "seed", "n"):
            if rec[col].strip() != first[col].strip():
                raise AuditProblem([f"{path} line {rec['line']} (row {rec.get('row', '?')}): {col} "
                                    f"{rec[col]!r} differs from the first row's {first[col]!r}; rows of "
                                    "different sheets were mixed"])
    try:
        return first["corpus_hash"].strip(), first["tables_hash"].strip(), int(first["seed"]), int(first["n"])
    except ValueError:
        raise AuditProblem([f"{path} line {first['line']}: seed {first['seed']!r} / n {first['n']!r} are not "
                            "whole numbers"]) from None


def _check_value(rec: dict[str, str], expected: pd.Series, where: str) -> tuple[str | None, str | None]:
    """``(truth or None, problem or None)`` for one row."""
    value = rec.get("truth", "").strip()
    if not value:
        return None, None
    options = expected["options"].split("|")
    by_lower = {o.lower(): o for o in options}
    if value.lower() not in by_lower:
        return None, (f"{where}: truth {value!r} is not one of: {', '.join(options)} (leave it empty if not "
                      "judged)")
    return by_lower[value.lower()], None


def read_annotations(path: str | Path, expected: pd.DataFrame) -> pd.DataFrame:
    """The filled sheet at ``path`` checked against the ``expected`` sheet (drawn again from the
    same corpus, tables, seed and n). Returns ``expected`` with ``truth`` (None when not judged)
    and ``note`` filled. Raises :class:`AuditProblem` naming every offending row."""
    path = Path(path)
    _, rows = read_sheet_file(path)
    problems: list[str] = []
    by_row = expected.set_index("row")
    seen: dict[int, dict[str, str]] = {}
    flagged: set[int] = set()
    for rec in rows:
        where = f"{path.name} line {rec['line']}"
        try:
            number = int(float(rec["row"]))
        except ValueError:
            problems.append(f"{where}: row {rec['row']!r} is not a row number")
            continue
        where = f"{path.name} row {number} (line {rec['line']})"
        flagged.add(number)
        if number not in by_row.index:
            problems.append(f"{where}: extra row, not in the sheet (the sheet has rows 1-{len(expected)})")
        elif number in seen:
            problems.append(f"{where}: row {number} appears twice (first on line {seen[number]['line']})")
        else:
            want = by_row.loc[number]
            edited = [c for c in FIXED if rec[c].strip() != str(want[c])]
            if edited:
                problems.append(f"{where}: edited ({', '.join(edited)} no longer match the sheet: e.g. {edited[0]} "
                                f"{rec[edited[0]]!r}, the sheet has {str(want[edited[0]])!r}); only truth and note "
                                "may be filled in")
            seen[number] = rec
    for number in by_row.index:
        if number not in flagged:
            item = by_row.loc[number]
            problems.append(f"{path.name} row {number} ({item['measure']} {item['item_id']}): missing")
    truths, notes = [], []
    for number, want in by_row.iterrows():
        rec = seen.get(number, {})
        value, problem = _check_value(rec, want, f"{path.name} row {number} (line {rec.get('line', '?')})")
        if problem:
            problems.append(problem)
        truths.append(value)
        notes.append(rec.get("note", "").strip())
    if problems:
        raise AuditProblem(problems)
    out = expected.assign(truth=truths, note=notes)
    if out["truth"].isna().all():
        raise AuditProblem([f"{path}: no row is judged yet (fill the truth column, or use annotate.html)"])
    return out
