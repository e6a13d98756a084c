"""One capture file -> capture text: reading with limits, decoding, HTML, markup.

:func:`read_capture` refuses links, non-files and files over the size limit (checked before
and while reading, so a file that grows during a run is caught); :func:`capture_text` decodes
the bytes (:mod:`analysis.decoding`), turns HTML pages into captures
(:mod:`analysis.htmlcapture`) and strips markup remnants from text captures
(:mod:`analysis.quality`), returning notes ``(severity, kind, message, action)`` for the
problems table; :func:`article_language` settles an article's language from the manifest
and the text. The raw file is never modified.
"""

from __future__ import annotations

import re
from pathlib import Path

from analysis import problems as pr
from analysis.decoding import UnreadableFile, decode_capture, detect_language, script_language
from analysis.htmlcapture import HtmlCapture, html_to_capture
from analysis.manifest import CAPTURE_SUFFIXES, HTML_SUFFIXES
from analysis.quality import MARKUP, long_lines, strip_markup


def read_capture(path: Path, max_bytes: int) -> bytes:
    """The bytes of one capture, refusing links, non-files and files over ``max_bytes``
    (checked before and while reading, so a file growing during the run is caught)."""
    if path.is_symlink():
        raise UnreadableFile("symbolic link: the kit reads only regular files inside the corpus folder; refused")
    if not path.is_file():
        raise UnreadableFile("file named in the manifest does not exist" if not path.exists() else "not a regular file")
    suffix = path.suffix.lower()
    if suffix not in CAPTURE_SUFFIXES:
        raise UnreadableFile(f"unsupported file type {suffix!r} (use .txt or .html)")
    too_large = (
        "file too large ({:.1f} MB > {:.1f} MB limit); not read. A news article is far smaller: "
        "split the file or raise max_bytes"
    )
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableFile(too_large.format(size / 1e6, max_bytes / 1e6))
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise UnreadableFile(f"could not be read ({exc.strerror or type(exc).__name__})") from exc
    if len(data) > max_bytes:
        raise UnreadableFile(too_large.format(len(data) / 1e6, max_bytes / 1e6))
    if not data:
        raise UnreadableFile("empty file")
    return data


_HTML_START_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>])", re.I)


def capture_text(path: Path, data: bytes) -> tuple[str, str, list, list, HtmlCapture | None]:
    """(capture text, encoding, notes, removed rows (line, text, reason, step), HTML capture)."""
    decoded = decode_capture(data)
    notes = []
    for kind, note in decoded.notes:
        action = pr.REPAIRED if kind in ("mojibake", "nul-bytes") else pr.LOADED
        notes.append(("warning", kind if kind != "nul-bytes" else "encoding", note, action))
    if decoded.encoding not in ("utf-8", "utf-8-sig", "ascii") and not decoded.notes:
        notes.append(("warning", "encoding", f"not UTF-8: decoded as {decoded.encoding}", pr.LOADED))
    raw = decoded.text
    if not raw.strip():
        raise UnreadableFile("file holds only whitespace")
    is_html = path.suffix.lower() in HTML_SUFFIXES
    if not is_html and _HTML_START_RE.match(raw[:1000]):
        is_html = True
        notes.append(("warning", "markup", "a .txt file holding an HTML page: read as HTML", pr.LOADED))
    removed: list[tuple[int, str, str, str]] = []
    if is_html:
        cap = html_to_capture(raw)
        removed.extend((line, text, reason, "html") for line, text, reason in cap.dropped)
        return cap.text, decoded.encoding, notes, removed, cap
    notes.extend(("warning", kind, note, pr.LOADED) for kind, note in long_lines(raw))
    raw, blanked, markup_notes = strip_markup(raw)
    notes.extend(("warning", kind, note, pr.CLEANED) for kind, note in markup_notes)
    removed.extend((line, text, MARKUP, "text") for line, text in blanked)
    return raw, decoded.encoding, notes, removed, None


def article_language(row: dict, text: str, notes: list) -> str:
    given = str(row.get("language", "") or "")
    detected = detect_language(text)
    language = given or detected
    if given and detected not in ("und", given) and script_language(text) not in (None, "und"):
        notes.append(("warning", "language", f"the manifest says language {given!r} but the text is written in "
                      f"another script (looks like {detected!r}); kept as {given!r}", pr.ASSUMED))
    if language != "en":
        how = "from the manifest" if given else "detected from the text"
        notes.append(("warning", "language", f"article language is {language!r} ({how}), not English: "
                      "English-only analyses skip it", pr.SKIPPED_ENGLISH))
    return language
