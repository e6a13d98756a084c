"""The corpus folder and its manifest: which files to load, as which outlet and event.

- :func:`check_corpus_dir` tells "not found", "is a file" and "empty" apart
  (:class:`CorpusFolderError`, with ``kind``).
- :func:`read_manifest` reads ``manifest.csv`` whatever its encoding or separator, matches
  header names case- and space-insensitively, names misspelt columns ("did you mean
  `outlet`?") and raises :class:`ManifestError` when the manifest cannot be used.
- :func:`plan_rows` turns manifest rows into the rows to load, refusing paths that leave the
  folder and symbolic links, normalising language tags and dates (only unambiguous ISO dates
  are taken silently), each decision a :class:`~analysis.problems.Problem` row.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
from pathlib import Path

from analysis import problems as pr
from analysis.decoding import decode_capture, normalize_language_tag
from analysis.furniture import parse_date
from analysis.problems import Problem

REQUIRED_COLUMNS = ("file", "outlet", "event")
OPTIONAL_COLUMNS = ("published", "title", "url", "language")
KNOWN_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, "article_id")
#: names of columns the loader computes itself; a manifest column so named is kept as ``manifest_<name>``
RESERVED_COLUMNS = (
    "text", "text_raw", "standfirst", "byline", "updated", "n_paragraphs", "n_sentences", "n_words",
    "source_file", "encoding", "flags", "duplicate_of", "duplicate_kind",
)
RESERVED_PREFIX = "manifest_"
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
CAPTURE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
#: files that may sit in a corpus folder without being captures (documentation, metadata)
QUIET_SUFFIXES = (".md", ".rst", ".csv", ".tsv", ".json", ".yaml", ".yml", ".parquet")


class CorpusFolderError(FileNotFoundError):
    """The corpus folder cannot be used: ``kind`` is ``"not-found"``, ``"not-a-folder"``
    or ``"empty"``."""

    def __init__(self, message: str, kind: str, path: Path):
        super().__init__(message)
        self.kind = kind
        self.path = path


class ManifestError(ValueError):
    """The manifest exists but cannot be used as it is (unreadable, required columns
    missing, ambiguous headers, no rows). ``load_corpus(..., fallback_to_filenames=True)``
    loads the folder from file names instead."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path


def _walk(folder: Path) -> tuple[list[Path], list[Path], list[Path]]:
    """(capture files, other files, symbolic links) under ``folder``, relative, sorted;
    hidden files and folders are skipped, symbolic links never followed. Names that are not
    UTF-8 are listed as "other" files (refused by :func:`plan_rows`)."""
    captures, others, links = [], [], []
    for root, dirs, files in os.walk(folder, followlinks=False):
        rel_root = Path(root).relative_to(folder)
        kept = []
        for d in sorted(dirs):
            if d.startswith("."):
                continue
            if not pr.is_clean_name(d):
                others.append(rel_root / d)
                continue
            if os.path.islink(os.path.join(root, d)):
                links.append(rel_root / d)
            else:
                kept.append(d)
        dirs[:] = kept
        for name in files:
            if name.startswith("."):
                continue
            rel = rel_root / name
            if os.path.islink(os.path.join(root, name)):
                links.append(rel)
            elif rel.suffix.lower() in CAPTURE_SUFFIXES and pr.is_clean_name(name):
                captures.append(rel)
            else:
                others.append(rel)
    return sorted(captures), sorted(others), sorted(links)


def check_corpus_dir(path: str | Path, manifest: str = "manifest.csv") -> Path:
    """``path`` as a Path if it is a folder holding captures or a manifest; otherwise raise
    :class:`CorpusFolderError` saying which of "not found", "is a file" or "empty" it is."""
    folder = Path(path)
    if not folder.exists():
        raise CorpusFolderError(f"corpus folder not found: {folder}", "not-found", folder)
    if not folder.is_dir():
        raise CorpusFolderError(
            f"{folder} is a file, not a folder: pass the folder that holds the captures and manifest.csv",
            "not-a-folder",
            folder,
        )
    if not (folder / manifest).is_file():
        captures, _, _ = _walk(folder)
        if not captures:
            raise CorpusFolderError(
                f"corpus folder {folder} is empty: no {manifest} and no .txt or .html capture in it",
                "empty",
                folder,
            )
    return folder


# ---------------------------------------------------------------------------------------
# Reading the manifest
# ---------------------------------------------------------------------------------------
def _column_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "_", name.strip().lower()).strip("_")


def _sniff_separator(header: str) -> str:
    counts = {sep: header.count(sep) for sep in (",", ";", "\t", "|")}
    if counts[","]:
        return ","
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _match_headers(raw_headers: list[str], path: Path, problems: list[Problem]) -> list[str]:
    """Final column names: known names matched case/space-insensitively, reserved names
    prefixed, misspellings named. Raises ManifestError when required columns are missing."""
    where = str(path)
    names: list[str] = []
    for i, raw in enumerate(raw_headers):
        key = _column_key(raw)
        if not key:
            names.append(f"column_{i + 1}")
            continue
        if key in KNOWN_COLUMNS:
            if raw != key:
                problems.append(Problem(where, None, "warning", f"manifest column {raw!r} read as {key!r}",
                                        "manifest", pr.LOADED))
            names.append(key)
        elif key in RESERVED_COLUMNS:
            new = RESERVED_PREFIX + key
            problems.append(Problem(
                where, None, "warning",
                f"manifest column {raw!r} has the name of a column the kit computes itself; kept as {new!r}",
                "manifest", pr.RENAMED))
            names.append(new)
        else:
            names.append(raw.strip())
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        detail = "; ".join(
            f"{d!r} from " + ", ".join(repr(r) for r, n in zip(raw_headers, names, strict=True) if n == d)
            for d in dupes
        )
        raise ManifestError(f"{path.name}: several columns are read as the same column ({detail}); keep one", path)
    unknown = [n for n in names if n not in KNOWN_COLUMNS and not n.startswith(RESERVED_PREFIX)]
    suggestions = {}
    for n in unknown:
        close = difflib.get_close_matches(_column_key(n), [c for c in KNOWN_COLUMNS if c not in names], n=1, cutoff=0.7)
        if close:
            suggestions[n] = close[0]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        hints = "".join(
            f"; did you mean `{want}` for column {have!r}?" for have, want in suggestions.items() if want in missing
        )
        raise ManifestError(
            f"{path.name} is missing required column(s) {', '.join(missing)} "
            f"(it needs {', '.join(REQUIRED_COLUMNS)}; it has {', '.join(map(repr, raw_headers))}){hints}",
            path,
        )
    for have, want in suggestions.items():
        problems.append(Problem(
            where, None, "warning",
            f"manifest column {have!r} is not a column the kit reads: did you mean `{want}`? "
            "Carried along as an extra column",
            "manifest", pr.LOADED))
    return names


def read_manifest(folder: Path, manifest: str | Path = "manifest.csv") -> tuple[list[dict] | None, list[Problem]]:
    """Manifest rows as dicts (``_line`` holds each row's line number), or None when the
    folder has no manifest (a warning row). Raises :class:`ManifestError` for a manifest
    that cannot be used."""
    path = folder / manifest
    problems: list[Problem] = []
    if not path.exists():
        msg = f"no {Path(manifest).name} in {folder}: outlet taken from each file name, event 'unknown'"
        return None, [Problem(str(path), None, "warning", msg, "manifest", pr.FALLBACK)]
    try:
        data = path.read_bytes()
        decoded = decode_capture(data)
    except Exception as exc:  # noqa: BLE001 - any failure to read becomes one clear error
        raise ManifestError(f"{path.name} could not be read: {exc}", path) from exc
    for _kind, note in decoded.notes:
        problems.append(Problem(str(path), None, "warning", f"manifest: {note}", "manifest", pr.LOADED))
    text = decoded.text.lstrip("\ufeff")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise ManifestError(
            f"{path.name} is empty: it needs a header row (file,outlet,event) and one row per article", path
        )
    header_line = next(line for line in lines if line.strip())
    sep = _sniff_separator(header_line)
    if sep != ",":
        problems.append(Problem(str(path), None, "warning", f"manifest columns are separated by {sep!r}, not commas",
                                "manifest", pr.LOADED))
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        records = [(reader.line_num, rec) for rec in reader]
    except csv.Error as exc:
        raise ManifestError(f"{path.name} is not a readable CSV file (line {reader.line_num}: {exc})", path) from exc
    records = [(n, rec) for n, rec in records if any(cell.strip() for cell in rec)]
    header = records[0][1]
    names = _match_headers(header, path, problems)
    rows = []
    for line_no, rec in records[1:]:
        if len(rec) > len(names):
            problems.append(Problem(str(path), None, "error",
                                    f"manifest line {line_no} has {len(rec)} fields, the header "
                                    f"{len(names)}; row skipped",
                                    "manifest", pr.NOT_LOADED))
            continue
        rec = rec + [""] * (len(names) - len(rec))
        rows.append({"_line": line_no, **dict(zip(names, rec, strict=True))})
    if not rows:
        raise ManifestError(f"{path.name} lists no articles (a header row and no data rows)", path)
    return rows, problems


# ---------------------------------------------------------------------------------------
# Values in a row
# ---------------------------------------------------------------------------------------
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_NUMERIC_RE = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date if 1800 <= year <= 2200 else None


def date_order(values: list[str]) -> str | None:
    """"dmy" or "mdy" when some numeric date in ``values`` settles the order (a first part
    over 12 means day first), None when none does or they disagree."""
    orders = set()
    for v in values:
        m = _NUMERIC_RE.match(str(v).strip())
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                orders.add("dmy")
            elif b > 12 >= a:
                orders.add("mdy")
    return orders.pop() if len(orders) == 1 else None


def parse_manifest_date(value: object, *, order: str | None = None) -> tuple[dt.date | None, str | None]:
    """``(date, note)`` for a manifest date. ISO dates (``2015-05-12``, optionally with a
    time) are taken silently; an unambiguous other form ("12 May 2015", "13/05/2015") is taken
    with a note; an ambiguous one ("12/05/2015") is read in the manifest's ``order`` (or
    month first, US style) with a note saying so; anything else is rejected with a note."""
    s = "" if value is None else str(value).strip()
    if not s or s.lower() in ("nan", "none", "nat"):
        return None, None
    m = _ISO_RE.match(s)
    if m:
        date = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if date is None:
            return None, f"published date {s!r} is not a real date; left empty"
        return date, None
    m = _NUMERIC_RE.match(s)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        dmy, mdy = _valid(year, b, a), _valid(year, a, b)
        if dmy and mdy and dmy != mdy:
            chosen = dmy if order == "dmy" else mdy
            how = "day first, like other dates in the manifest" if order == "dmy" else (
                "month first, like other dates in the manifest" if order == "mdy" else "month first (US style)")
            other = mdy if chosen == dmy else dmy
            return chosen, (f"ambiguous published date {s!r}: read as {chosen.isoformat()} ({how}); "
                            f"it could be {other.isoformat()}. Write dates as YYYY-MM-DD")
        date = dmy or mdy
        if date is None:
            return None, f"published date {s!r} is not a real date; left empty"
        return date, f"published date {s!r} read as {date.isoformat()} (the only possible reading); prefer YYYY-MM-DD"
    date = parse_date(s)
    if date is not None:
        return date, f"published date {s!r} read as {date.isoformat()}; prefer YYYY-MM-DD"
    return None, f"published date {s!r} is not a date (expected YYYY-MM-DD); left empty"


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def clean_label(value: object) -> tuple[str, bool]:
    """An outlet/event/title string with line breaks and control characters made spaces,
    stripped; True when something was replaced. The string is otherwise kept as data."""
    s = "" if value is None else str(value)
    cleaned = _CONTROL_RE.sub(" ", s).strip()
    return cleaned, cleaned != s.strip()


def outlet_from_path(rel: Path) -> str:
    """Outlet for a file when there is no manifest: its first folder if it sits in one,
    else the part of the file name before "__" (or before the first "_" or "-")."""
    if len(rel.parts) > 1:
        return rel.parts[0]
    stem = rel.stem
    for sep in ("__", "_", "-"):
        if sep in stem:
            return stem.split(sep, 1)[0]
    return stem


def safe_relative(folder: Path, file: str) -> tuple[Path | None, str | None]:
    """``(relative path, None)`` for a manifest path that stays inside ``folder`` and passes
    through no symbolic link; ``(None, reason)`` otherwise. Relative, without "..", and with
    no link on the way means inside: no path needs resolving."""
    if "\x00" in file or any(len(part.encode("utf-8", "surrogatepass")) > 255 for part in re.split(r"[/\\]", file)):
        return None, "file name with a NUL character or a part over 255 bytes: not a usable path; refused"
    rel = Path(file.replace("\\", "/"))
    if str(rel) in (".", "") or file.endswith(("/", "\\")):
        return None, "the manifest names a folder, not a file; refused"
    if rel.is_absolute() or rel.drive:
        return None, "absolute path in the manifest: files must be inside the corpus folder; refused"
    if ".." in rel.parts:
        return None, "path leaves the corpus folder ('..'); refused"
    here = folder
    try:
        for part in rel.parts:
            here = here / part
            if here.is_symlink():
                return None, "symbolic link: the kit reads only regular files inside the corpus folder; refused"
    except ValueError:  # e.g. a character the file system refuses
        return None, "path cannot be used; refused"
    except OSError as exc:
        return None, f"path cannot be used ({exc.strerror or type(exc).__name__}); refused"
    return rel, None


# ---------------------------------------------------------------------------------------
# Planning: manifest rows -> rows to load
# ---------------------------------------------------------------------------------------
def _folder_rows(captures: list[Path]) -> list[dict]:
    return [{"file": str(rel), "outlet": outlet_from_path(rel), "event": "unknown"} for rel in captures]


def _check_row(folder: Path, row: dict, where: str, aid: str, problems: list[Problem]) -> bool:
    """Clean one row's labels, language and date in place; False when it cannot be loaded."""
    for col in ("outlet", "event", "title"):
        if col not in row:
            continue
        value, changed = clean_label(row[col])
        if changed:
            problems.append(Problem(where, aid, "warning", f"{col} contained line breaks or control characters; "
                                    "replaced by spaces", "manifest", pr.CLEANED))
        if not value and col != "title":
            value = outlet_from_path(Path(row["file"])) if col == "outlet" else "unknown"
            problems.append(Problem(where, aid, "warning", f"empty {col} in the manifest; {col} set to {value!r}",
                                    "manifest", pr.ASSUMED))
        row[col] = value
    if "language" in row:
        tag = row["language"]
        code = normalize_language_tag(tag)
        if code is None and str(tag).strip():
            problems.append(Problem(where, aid, "warning", f"language tag {str(tag).strip()!r} not understood; "
                                    "language detected from the text instead", "language", pr.ASSUMED))
        row["language"] = code or ""
    return True


def plan_rows(
    folder: Path, manifest: str | Path = "manifest.csv", *, fallback_to_filenames: bool = False
) -> tuple[list[dict], list[Problem]]:
    """``(rows to load, problems)`` for a corpus folder, reading no capture.

    Each row carries ``file`` (relative, safe), ``article_id``, ``outlet``, ``event``, a
    normalised ``language`` and ``published`` (ISO string or empty) plus the manifest's
    other columns. Raises :class:`ManifestError` unless ``fallback_to_filenames``, in which
    case the manifest problem becomes an error row and the folder loads from file names.
    """
    captures, others, links = _walk(folder)
    try:
        rows, problems = read_manifest(folder, manifest)
    except ManifestError as exc:
        if not fallback_to_filenames:
            raise
        rows = None
        problems = [Problem(str(exc.path), None, "error", f"{exc}", "manifest", pr.FALLBACK)]
    manifest_name = Path(manifest).name
    if rows is None:
        rows = _folder_rows(captures)
    else:
        listed = {str(r.get("file", "")).strip().replace("\\", "/") for r in rows}
        for rel in captures:
            if str(rel) not in listed:
                problems.append(Problem(str(folder / rel), None, "warning",
                                        f"file is in the folder but not in {manifest_name}; ignored",
                                        "manifest", pr.IGNORED))
    listed_files = {str(r.get("file", "")).strip().replace("\\", "/") for r in rows}
    for rel in links:
        if str(rel) in listed_files:
            continue  # refused with its manifest row below
        problems.append(Problem(str(folder / rel), None, "error",
                                "symbolic link: the kit reads only regular files inside the corpus folder; refused",
                                "path", pr.NOT_LOADED))
    for rel in others:
        if not pr.is_clean_name(str(rel)):
            problems.append(Problem(str(folder / rel), None, "error",
                                    "file or folder name is not valid UTF-8 (shown with \ufffd): rename it to load it; "
                                    "refused", "path", pr.NOT_LOADED))
        elif rel.suffix.lower() not in QUIET_SUFFIXES and str(rel) != str(manifest):
            problems.append(Problem(str(folder / rel), None, "warning",
                                    f"not a capture (.txt, .html or .htm): {rel.suffix or 'no extension'} file ignored",
                                    "file-type", pr.IGNORED))
    order = date_order([r.get("published", "") for r in rows])
    planned: list[dict] = []
    seen_ids: dict[str, str] = {}
    seen_files: set[str] = set()
    for row in rows:
        row = dict(row)
        line = row.pop("_line", None)
        at_line = f" (manifest line {line})" if line else ""
        file = str(row.get("file", "")).strip()
        aid = str(row.get("article_id", "") or "").strip() or Path(file.replace("\\", "/")).stem
        if not file:
            problems.append(Problem(str(folder / manifest), aid or None, "error",
                                    f"manifest row with an empty 'file'{at_line}; skipped", "manifest", pr.NOT_LOADED))
            continue
        rel, refusal = safe_relative(folder, file)
        where = str(folder / file)
        if rel is None:
            problems.append(Problem(where, aid, "error", f"{refusal}{at_line}", "path", pr.NOT_LOADED))
            continue
        if file != str(rel):
            problems.append(Problem(where, aid, "warning", f"path {file!r} read as {str(rel)!r}",
                                    "manifest", pr.LOADED))
        if str(rel) in seen_files:
            problems.append(Problem(where, aid, "error",
                                    f"file listed twice in the manifest{at_line}; second row skipped",
                                    "manifest", pr.NOT_LOADED))
            continue
        if aid in seen_ids:
            problems.append(Problem(where, aid, "error",
                                    f"duplicate article_id {aid!r} (already used by {seen_ids[aid]}){at_line}; skipped",
                                    "manifest", pr.NOT_LOADED))
            continue
        seen_ids[aid] = where
        seen_files.add(str(rel))
        row["file"] = str(rel)
        _check_row(folder, row, where, aid, problems)
        if "published" in row:
            date, note = parse_manifest_date(row["published"], order=order)
            if note:
                action = pr.DROPPED_VALUE if date is None else pr.ASSUMED
                problems.append(Problem(where, aid, "warning", note + at_line, "date", action))
            row["published"] = date.isoformat() if date else ""
        planned.append({**row, "article_id": aid})
    for col in ("outlet", "event"):
        problems.extend(near_identical_labels(planned, col, str(folder / manifest)))
    return planned, problems


def near_identical_labels(rows: list[dict], col: str, where: str) -> list[Problem]:
    """One warning per set of ``col`` labels that differ only in case, spaces or punctuation
    ("cbs news", "CBSNews", "cbs-news"): the kit compares them as different outlets (events), as
    written, and says so, since a reader would rather give them one name."""
    spellings: dict[str, list[str]] = {}
    for row in rows:
        label = str(row.get(col) or "")
        key = re.sub(r"[\W_]+", "", label.casefold())
        if key and label not in spellings.setdefault(key, []):
            spellings[key].append(label)
    return [Problem(where, None, "warning",
                    f"{col} labels {', '.join(repr(v) for v in sorted(labels))} differ only in case, spaces or "
                    f"punctuation; they are analysed as {len(labels)} different {col}s: give them one name in "
                    f"the manifest if they are one", col, pr.LOADED)
            for _key, labels in sorted(spellings.items()) if len(labels) > 1]
