"""Bytes -> text for news captures, saying what was assumed and which lines were changed.

``decode_capture`` never raises on text it can read: UTF-8 (with or without BOM), UTF-16/32
with a BOM, UTF-16 without a BOM (recognised from its zero bytes), files mixing UTF-8 and
Latin-1 line by line, Windows-1251 (Cyrillic) and Windows-1252/Latin-1 (Western). Stray NUL
bytes, undecodable bytes (odd byte counts, lone surrogates) and mojibake ("donâ€™t",
repaired with ftfy's ``fix_encoding``; Speer 2019) are fixed in memory and listed as notes
with their line numbers. The raw file is never modified. :class:`UnreadableFile` is raised
only for data that is not text at all.

``detect_language`` is a coarse guard (script, then function words) so English-only
analyses can skip other articles; ``normalize_language_tag`` turns "EN", "en-US",
"en_GB" or "English" into "en".
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from functools import lru_cache

from analysis import lexicons


class UnreadableFile(ValueError):
    """A file that cannot be turned into text (empty, binary, too large, unreadable)."""


@dataclasses.dataclass
class Decoded:
    """A decoded capture: ``text``, the ``encoding`` used (e.g. ``"utf-8"``,
    ``"utf-8+cp1252"`` for a file mixing both), and ``notes``: one ``(kind, message)`` per
    change made or assumption taken, each naming the lines concerned."""

    text: str
    encoding: str
    notes: list[tuple[str, str]] = dataclasses.field(default_factory=list)


# Bytes that are not control characters (tab, newline, CR, form feed and printable bytes).
_NOT_CONTROL = bytes([9, 10, 11, 12, 13, *range(32, 256)])
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def line_list(numbers: list[int], limit: int = 10) -> str:
    """ "line 3" / "lines 3, 7 and 9" / "lines 3, 7, ... (25 lines)" for messages."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    if len(numbers) <= limit:
        return "lines " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
    return "lines " + ", ".join(map(str, numbers[:limit])) + f", ... ({len(numbers)} lines)"


def _lines_with(text: str, needle: str) -> list[int]:
    return [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the zero bytes sit at every other position (ASCII-range
    text in UTF-16), else None."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd >= 0.3 and z_even <= 0.05:
        return "utf-16-le"
    if z_even >= 0.3 and z_odd <= 0.05:
        return "utf-16-be"
    return None


def _decode_unicode(data: bytes, encoding: str, how: str) -> Decoded:
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    bom = next((len(b) for b, e in _BOMS if e == encoding and data.startswith(b)), 0)
    body = data[bom:]
    out = Decoded(body.decode(codec, errors="replace"), encoding)
    if encoding.startswith("utf-16") and len(body) % 2:
        out.notes.append(("encoding", f"{how}: odd number of bytes ({len(body)}), the last byte was dropped"))
    bad = _lines_with(out.text, "\ufffd")
    if bad:
        out.notes.append(
            ("encoding", f"{how}: undecodable bytes (e.g. a lone surrogate) replaced by \ufffd on {line_list(bad)}")
        )
    return out


def _legacy_codec(data: bytes) -> str:
    """cp1251 when most letters are in the upper byte range (Cyrillic), else cp1252 when C1
    bytes occur (Windows Western), else latin-1."""
    head = data[:65536]
    high = len(head.translate(None, bytes(range(0xC0))))
    letters = high + sum(head.count(bytes([b])) for b in (*range(65, 91), *range(97, 123)))
    if letters and high / letters >= 0.3:
        return "cp1251"
    if any(0x80 <= b <= 0x9F for b in head):
        return "cp1252"
    return "latin-1"


def _decode_per_line(data: bytes) -> Decoded:
    """UTF-8 where a line is valid UTF-8, a legacy codec for the other lines."""
    lines = data.split(b"\n")
    utf8_ok, failed = 0, []
    decoded: list[str | None] = []
    for number, line in enumerate(lines, start=1):
        if line.isascii():
            decoded.append(line.decode("ascii"))
            continue
        try:
            decoded.append(line.decode("utf-8"))
            utf8_ok += 1
        except UnicodeDecodeError:
            decoded.append(None)
            failed.append(number)
    codec = _legacy_codec(b"\n".join(lines[n - 1] for n in failed))
    for n in failed:
        decoded[n - 1] = lines[n - 1].decode(codec, errors="replace")
    text = "\n".join(decoded)  # type: ignore[arg-type]
    if utf8_ok:
        return Decoded(
            text,
            f"utf-8+{codec}",
            [("encoding", f"mixed encodings: {line_list(failed)} not valid UTF-8, decoded as {codec}")],
        )
    return Decoded(text, codec, [("encoding", f"not UTF-8: decoded as {codec}")])


_MOJIBAKE_RE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)


def repair_mojibake(text: str) -> tuple[str, list[int], list[int]]:
    """Repair UTF-8 read as Windows-1252/Latin-1 ("donâ€™t" -> "don’t") line by line with
    ftfy's ``fix_encoding``, which only changes text it can decode back unambiguously.
    Returns ``(text, repaired line numbers, suspicious lines left as they were)``."""
    if not _MOJIBAKE_RE.search(text):
        return text, [], []
    import ftfy

    lines = text.split("\n")
    fixed, left = [], []
    for i, line in enumerate(lines):
        if not _MOJIBAKE_RE.search(line):
            continue
        repaired = ftfy.fix_encoding(line)
        if repaired != line:
            lines[i] = repaired
            fixed.append(i + 1)
        else:
            left.append(i + 1)
    return "\n".join(lines), fixed, left


def decode_capture(data: bytes) -> Decoded:
    """Decode a capture's bytes (see the module docstring for what is tried, in order)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            out = _decode_unicode(data, encoding, f"decoded as {encoding} (byte-order mark)")
            break
    else:
        utf16 = _utf16_without_bom(data[:4096])
        if utf16 is not None:
            how = f"decoded as {utf16} (no byte-order mark; recognised from its zero bytes)"
            out = _decode_unicode(data, utf16, how)
            out.notes.insert(0, ("encoding", f"UTF-16 without a byte-order mark: decoded as {utf16}"))
        else:
            out = _decode_bytes_8bit(data)
    if "\x00" in out.text:
        lines = _lines_with(out.text, "\x00")
        out.notes.append(("nul-bytes", f"{out.text.count(chr(0))} NUL byte(s) removed on {line_list(lines)}"))
        out.text = out.text.replace("\x00", "")
    text, fixed, left = repair_mojibake(out.text)
    if fixed:
        out.notes.append(("mojibake", f"mojibake repaired with ftfy on {line_list(fixed)}"))
        out.text = text
    if left:
        out.notes.append(("mojibake", f"possible mojibake left unchanged (no safe repair) on {line_list(left)}"))
    return out


def _decode_bytes_8bit(data: bytes) -> Decoded:
    nuls = data.count(0)
    if nuls > max(2, len(data) // 100):  # a stray NUL is damage; many are binary data
        raise UnreadableFile("binary file (contains NUL bytes), not text")
    head = data[:65536]
    controls = len(head.replace(b"\x00", b"").translate(None, _NOT_CONTROL))
    if head and controls / len(head) > 0.05:
        raise UnreadableFile("binary file (many control bytes), not text")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        return _decode_per_line(data)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of a capture (see :func:`decode_capture`, which also returns the
    notes). Raises :class:`UnreadableFile` for binary data."""
    out = decode_capture(data)
    return out.text, out.encoding


# ---------------------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------------------
# Scripts used by one language (or one main one) -> ISO 639-1 code.
_SCRIPT_RANGES = (
    ("\u3040", "\u30ff", "ja"),  # Hiragana, Katakana (checked before Han)
    ("\uac00", "\ud7af", "ko"),
    ("\u4e00", "\u9fff", "zh"),
    ("\u0600", "\u06ff", "ar"),
    ("\u0590", "\u05ff", "he"),
    ("\u0370", "\u03ff", "el"),
    ("\u0900", "\u097f", "hi"),
    ("\u0e00", "\u0e7f", "th"),
    ("\u0400", "\u04ff", "ru"),
)


@lru_cache(maxsize=1)
def _function_words() -> dict[str, frozenset[str]]:
    frame = lexicons.load("function_words")
    return {lang: frozenset(group["word"]) for lang, group in frame.groupby("language")}


_LETTER_RE = re.compile(r"[^\W\d_]")
_NON_LATIN_RE = re.compile(r"[^\x00-\u024f\W\d_]")  # a letter outside Latin (one class: fast)
_SCRIPT_RES = [(re.compile(f"[{lo}-{hi}]"), lang) for lo, hi, lang in _SCRIPT_RANGES]


def script_language(text: str) -> str | None:
    """The language implied by a non-Latin script covering most letters of ``text``
    (``"zh"``, ``"ja"``, ``"ko"``, ``"ar"``, ``"ru"`` for Cyrillic, ...), ``"und"`` for
    another non-Latin script, None for Latin-script text."""
    sample = text[:20000]
    if sample.isascii():
        return None
    non_latin = len(_NON_LATIN_RE.findall(sample))
    if not non_latin:
        return None
    letters = len(_LETTER_RE.findall(sample))
    if non_latin / letters < 0.5:
        return None
    counts: dict[str, int] = {}
    for rx, lang in _SCRIPT_RES:
        counts[lang] = counts.get(lang, 0) + len(rx.findall(sample))
    if counts["ja"]:
        counts["ja"] += counts["zh"]  # Japanese text mixes kana with Han characters
    lang, best = max(counts.items(), key=lambda kv: kv[1])
    return lang if best / letters >= 0.3 else "und"


def detect_language(text: str) -> str:
    """Guess the language of ``text`` (ISO 639-1 code): a non-Latin script first (Chinese,
    Japanese, Korean, Arabic, Hebrew, Greek, Hindi, Thai), then function-word frequencies
    (``analysis/lexicons/function_words.csv``) for Latin and Cyrillic text.

    Returns ``"und"`` when no language reaches 5% of tokens. A coarse guard so that
    English-only analyses can skip other articles, not a general language identifier.
    """
    by_script = script_language(text)
    if by_script is not None and by_script != "ru":
        return by_script
    tokens = _WORD_RE.findall(text[:40000].lower())[:5000]
    if not tokens:
        return "und"
    counts = Counter(tokens)
    scores = {lang: sum(counts[w] for w in fw if w in counts) / len(tokens) for lang, fw in _function_words().items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= 0.05 else (by_script or "und")


_WORD_RE = re.compile(r"\w+")
_TAG_RE = re.compile(r"^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$", re.I)


@lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    frame = lexicons.load("language_names")
    return {name.strip().lower(): code for name, code in zip(frame["name"], frame["code"], strict=True)}


def normalize_language_tag(tag: object) -> str | None:
    """The primary language subtag of a BCP 47 tag, lower-cased: ``"EN"``, ``"en-US"``,
    ``"en_GB"`` -> ``"en"``; an English language name ("English", "French") -> its code.
    None for an empty or unreadable tag."""
    s = "" if tag is None else str(tag).strip()
    if not s or s.lower() in ("nan", "none"):
        return None
    named = _language_names().get(s.lower())
    if named:
        return named
    m = _TAG_RE.match(s)
    return m.group(1).lower() if m else None
