"""Quotation marks: every house style read into one offset-preserving view, then paired.

House styles recognised (offsets always index the original text):

- ``“ ”`` and ``" "`` (US style), ``‘ ’`` and ``' '`` as primary marks (British style, with
  ``“ ”`` nested), ``„ “`` (German), ``« »`` and ``» «`` (French, Swiss, German), ``‹ ›``;
- ``'' ''`` (New York Times archive style: two apostrophes, the same pair opening and
  closing) and ````` ``...'' ````` (LaTeX / Penn Treebank style);
- quotations that run over several paragraphs (opening mark repeated at the start of each
  paragraph, closing mark only at the end) are one quotation.

:func:`mark_view` rewrites the text (already :func:`analysis.text.normalize`-d) so every
double-mark style reads as ``"``: a two-character mark becomes a space plus ``"`` on the
side of the quoted words, so offsets are unchanged. The direction of each mark comes from
its neighbours (space before and a word after opens; a word or punctuation before and a
space or punctuation after closes); only when they say nothing does the glyph decide
(``“``, ``„``, ``«`` and ````` `` ````` open; ``”`` and ``»`` close). Apostrophes inside words (O'Malley,
don't, the '90s, Obama's, the countries' talks) never open or close a quotation.
Quotations nested inside another quotation are dropped (the outer one is the content).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_OPEN_GLYPHS = "\u201c\u201e\u00ab\u301d"
_CLOSE_GLYPHS = "\u201d\u00bb\u301e"
_GLYPH = re.compile("[" + _OPEN_GLYPHS + _CLOSE_GLYPHS + "]")
_BEFORE_OPEN = "([{—-/"
_AFTER_CLOSE = ",.;:!?)]}—-"
# two or more apostrophes/backticks in a row: NYT '' and LaTeX `` '' marks
_DOUBLE_RUN = re.compile(r"'{2,3}")
_UNCLOSED_CUE = re.compile(
    r",\s+(?:(?:he|she|they|it|(?:the\s+)?(?:[A-Z][\w'.-]*\s+){1,4})"
    r"(?:said|says|told|added|asked|wrote)|(?:said|says|added|asked|wrote)\s)"
)
_SQ_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—]))'(?=[A-Za-z])", re.MULTILINE)
_SQ_CLOSE = re.compile(r"(?<=[^\s])'(?=[\s,.;:!?)\]—]|$)", re.MULTILINE)
_PLURAL_POSSESSIVE = re.compile(r"(?<=s)'\s+[a-z]")


@dataclass
class Quote:
    """One quotation: offsets of its marks in the text."""

    start: int  # offset of the opening mark
    end: int  # offset of the closing mark (or paragraph end when unclosed)
    closed: bool
    continued: bool = False  # runs on into the next paragraph (unclosed by convention)
    claimed: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end


def _context_role(norm: str, i: int, width: int = 1) -> str:
    prev = norm[i - 1] if i > 0 else " "
    nxt = norm[i + width] if i + width < len(norm) else " "
    if (prev.isspace() or prev in _BEFORE_OPEN) and not nxt.isspace():
        return "open"
    if not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE):
        return "close"
    return ""


def mark_view(norm: str, raw: str) -> tuple[str, str]:
    """``(view, hints)``: the normalised text with two-character double marks rewritten to
    ``"`` and, per character, a direction hint ("o" open, "c" close, " " none) for marks
    whose glyph or neighbours give one. Both strings have the length of ``raw``."""
    hints = [" "] * len(norm)
    for m in _GLYPH.finditer(raw):
        hints[m.start()] = "o" if m.group() in _OPEN_GLYPHS else "c"
    if "''" not in norm:
        return norm, "".join(hints)
    chars = list(norm)
    for m in _DOUBLE_RUN.finditer(norm):
        s, e = m.start(), m.end()
        if e - s == 3:  # ''' : a single mark next to a double one
            role = _context_role(norm, s, 3)
            s, e = (s, s + 2) if role == "open" else (s + 1, e)
        role = _context_role(norm, s, 2) or ("open" if raw[s] == "`" else "")
        if role == "open":
            chars[s], chars[s + 1] = " ", '"'
            hints[s + 1] = "o"
        elif role == "close":
            chars[s], chars[s + 1] = '"', " "
            hints[s] = "c"
        else:
            chars[s], chars[s + 1] = '"', " "
    return "".join(chars), "".join(hints)


def _rstrip_pos(norm: str, lo: int, hi: int) -> int:
    while hi > lo + 1 and norm[hi - 1].isspace():
        hi -= 1
    return hi


def _mark_role(norm: str, hints: str, i: int, ls: int, le: int) -> str:
    prev = norm[i - 1] if i > ls else " "
    nxt = norm[i + 1] if i + 1 < le else " "
    if (prev.isspace() or prev in _BEFORE_OPEN) and not nxt.isspace():
        return "open"
    if not prev.isspace() and (nxt.isspace() or nxt in _AFTER_CLOSE):
        return "close"
    if hints[i] == "o":
        return "open"
    if hints[i] == "c":
        return "close"
    return "toggle"


def _lines(norm: str) -> list[tuple[int, int]]:
    lines: list[tuple[int, int]] = []
    pos, n = 0, len(norm)
    while pos <= n:
        nl = norm.find("\n", pos)
        if nl < 0:
            nl = n
        if norm[pos:nl].strip():
            lines.append((pos, nl))
        pos = nl + 1
    return lines


def _starts_with_mark(norm: str, pos: int, end: int) -> bool:
    k = pos
    while k < end and norm[k] == " ":
        k += 1
    return k < end and norm[k] == '"'


_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s+(?=[\"A-Z])")


def _sentence_start(norm: str, ls: int, idx: int) -> int:
    """Start of the sentence holding ``idx`` (a cheap look-back, no sentence splitter)."""
    window = max(ls, idx - 600)
    last = None
    for m in _SENTENCE_END.finditer(norm, window, idx):
        last = m
    return last.end() if last is not None else window


def _opens_next(norm: str, hints: str, idx: int, ls: int, le: int) -> bool:
    """Whether an orphan closing mark right after a sentence end opens the next quotation:
    the next mark in the paragraph closes again ('," he said')."""
    if idx == ls or norm[idx - 1] not in ".!?" or hints[idx] == "c":
        return False
    nxt = norm.find('"', idx + 1, le)
    return nxt > 0 and _mark_role(norm, hints, nxt, ls, le) in ("close", "toggle") and bool(
        _CUE_AFTER.match(norm, nxt + 1)
    )


_CUE_AFTER = re.compile(r"\s*(?:[,—-]\s*)?(?:[a-z]+\s+){0,2}?(?:he|she|they|it|[A-Z][\w.'-]*)"
                        r"|\s*(?:said|says|added|adds|told|wrote|asked|warns?|warned)\b")


def _pair_line(norm: str, hints: str, ls: int, le: int, next_line: tuple[int, int] | None) -> list[Quote]:
    spans: list[Quote] = []
    open_at: int | None = None
    idx = norm.find('"', ls, le)
    while idx >= 0:
        role = _mark_role(norm, hints, idx, ls, le)
        if role == "toggle":
            role = "open" if open_at is None else "close"
        if role == "open":
            if open_at is not None:  # missing closing mark: close before this one
                spans.append(Quote(open_at, _rstrip_pos(norm, open_at, idx), False))
            open_at = idx
        elif open_at is not None:
            spans.append(Quote(open_at, idx, True))
            open_at = None
        elif _opens_next(norm, hints, idx, ls, le):
            # '... reports." To talk ... talk," he said': paragraphs run together, the
            # paragraph's opening mark left after the previous sentence
            open_at = idx
        else:  # closing mark with no opening one: quote from the sentence start
            spans.append(Quote(_sentence_start(norm, ls, idx) - 1, idx, False))
        idx = norm.find('"', idx + 1, le)
    if open_at is not None:
        continued = next_line is not None and _starts_with_mark(norm, *next_line)
        end = _rstrip_pos(norm, open_at, le)
        if not continued:
            # a forgotten closing mark: end the quotation before an attribution inside it
            cut = _UNCLOSED_CUE.search(norm, open_at + 1, end)
            if cut:
                end = cut.start() + 1
        spans.append(Quote(open_at, end, False, continued))
    return spans


def quote_spans(norm: str, raw: str, hints: str | None = None) -> list[Quote]:
    """Pair quotation marks per paragraph (one line = one paragraph) in the mark view."""
    hints = hints if hints is not None else " " * len(norm)
    lines = _lines(norm)
    spans: list[Quote] = []
    for li, (ls, le) in enumerate(lines):
        if '"' in norm[ls:le]:
            spans.extend(_pair_line(norm, hints, ls, le, lines[li + 1] if li + 1 < len(lines) else None))
    spans.extend(_single_quote_spans(norm, raw, lines, spans))
    spans.sort(key=lambda q: (q.start, -q.end))
    return _outermost(spans)


def _outermost(spans: list[Quote]) -> list[Quote]:
    """Drop quotations nested inside another one (spans sorted by start, longest first)."""
    out: list[Quote] = []
    reach = -2
    for q in spans:
        if q.start > reach or not out:
            out.append(q)
            reach = max(reach, q.end)
        elif q.end > reach:  # overlapping, not nested: keep both
            out.append(q)
            reach = q.end
    return out


def _single_quote_spans(
    norm: str, raw: str, lines: list[tuple[int, int]], doubles: list[Quote]
) -> list[Quote]:
    """British-style 'single' quotations outside double ones, at least two words long.

    An apostrophe that ends a plural possessive ("the countries' talks") is not a closing
    mark; a curly right mark never opens and a curly left mark never closes.
    """
    inside = [(q.start, q.end) for q in doubles]
    starts = [s for s, _ in inside]

    def in_double(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and inside[i][0] <= pos <= inside[i][1]

    out = []
    for ls, le in lines:
        if "'" not in norm[ls:le]:
            continue
        opens = [m.start() for m in _SQ_OPEN.finditer(norm, ls, le)
                 if raw[m.start()] not in "\u2019\u203a" and not in_double(m.start())]
        closes = [m.start() for m in _SQ_CLOSE.finditer(norm, ls, le)
                  if raw[m.start()] not in "\u2018\u2039" and not in_double(m.start())
                  and not _PLURAL_POSSESSIVE.match(norm, m.start() - 1)]
        ci = 0
        last_end = -1
        for o in opens:
            if o <= last_end:
                continue
            while ci < len(closes) and closes[ci] <= o:
                ci += 1
            if ci >= len(closes):
                break
            c = closes[ci]
            if " " in norm[o + 1 : c].strip():
                out.append(Quote(o, c, True))
                last_end = c
    return out
