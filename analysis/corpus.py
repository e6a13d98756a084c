"""Corpus layer: raw captures of news pages -> clean, traceable tidy tables.

``parse_article`` turns one plain-text capture into headline, standfirst, byline, dates
and body paragraphs, listing every other line with the reason it was left out.
``load_corpus`` reads a folder described by a manifest and returns one table per unit
(article, paragraph, sentence) with character offsets into each article's ``text``, plus
the removed lines and a problems table. Bad files never stop the run: they are reported.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from analysis import furniture as fx
from analysis import headlines as hl
from analysis import lexicons
from analysis import problems as pr
from analysis.decoding import (
    UnreadableFile,
    decode_bytes,
    detect_language,
    line_list,
    normalize_language_tag,
    script_language,
)
from analysis.htmlcapture import DUPLICATE_TITLE, HtmlCapture
from analysis.manifest import (
    CAPTURE_SUFFIXES,
    HTML_SUFFIXES,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    TEXT_SUFFIXES,
    CorpusFolderError,
    ManifestError,
    check_corpus_dir,
    plan_rows,
)
from analysis.overview import outlet_overview, paragraph_lengths, problems_by_kind, removed_by_reason
from analysis.problems import PROBLEM_COLUMNS, Problem
from analysis.quality import flag_duplicates, length_flags
from analysis.reading import article_language, capture_text, read_capture
from analysis.text import count_words, normalize, sentence_spans, split_sentences

__all__ = [
    "ARTICLE_COLUMNS", "CAPTURE_SUFFIXES", "DEFAULT_MAX_BYTES", "HEADLINE_FIRST", "HTML_SUFFIXES", "LAYOUTS",
    "METADATA_COLUMNS", "NO_HEADLINE",
    "OPTIONAL_COLUMNS", "PARAGRAPH_COLUMNS", "PROBLEM_COLUMNS", "REMOVED_COLUMNS", "REQUIRED_COLUMNS",
    "SENTENCE_COLUMNS", "TEXT_SUFFIXES", "ArticleRecord", "Corpus", "CorpusFolderError", "ManifestError",
    "ParsedArticle", "Problem", "UnreadableFile", "assemble", "check_corpus_dir", "decode_bytes",
    "detect_language", "english_only", "is_english", "iter_corpus", "load_corpus", "load_rows",
    "normalize_language_tag", "opens_on_headline", "outlet_layouts", "outlet_overview", "paragraph_lengths",
    "parse_article", "plan_corpus", "problems_by_kind", "removed_by_reason", "settle_layouts",
]

DEFAULT_MAX_BYTES = 5_000_000
PARAGRAPH_SEP = "\n\n"

ARTICLE_COLUMNS = [
    "article_id",
    "outlet",
    "event",
    "title",
    "standfirst",
    "byline",
    "published",
    "updated",
    "language",
    "text",
    "text_raw",
    "n_paragraphs",
    "n_sentences",
    "n_words",
    "source_file",
    "encoding",
    "flags",
    "duplicate_of",
    "duplicate_kind",
    "duplicate_similarity",
]
PARAGRAPH_COLUMNS = ["article_id", "para_id", "text", "start", "end", "line"]
SENTENCE_COLUMNS = ["article_id", "para_id", "sent_id", "text", "start", "end"]
REMOVED_COLUMNS = ["article_id", "line", "text", "reason", "step"]
METADATA_COLUMNS = ["article_id", "line", "text", "field", "step"]


# ---------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------
@dataclasses.dataclass
class ParsedArticle:
    """One parsed capture. Every non-empty input line ends up in exactly one of
    ``paragraphs`` (body), ``metadata_lines`` (title, standfirst, byline, dates) or
    ``removed`` (with a reason). Strings are normalised (see :func:`analysis.text.normalize`);
    ``paragraphs_raw`` keeps the original characters at the same offsets."""

    title: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    published: dt.date | None = None
    paragraphs: list[str] = dataclasses.field(default_factory=list)
    removed: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)
    updated: dt.date | None = None
    paragraphs_raw: list[str] = dataclasses.field(default_factory=list)
    paragraph_lines: list[int] = dataclasses.field(default_factory=list)
    metadata_lines: list[tuple[int, str, str]] = dataclasses.field(default_factory=list)

    @property
    def text(self) -> str:
        """The body: paragraphs joined by a blank line (offsets in the tables index this)."""
        return PARAGRAPH_SEP.join(self.paragraphs)

    @property
    def text_raw(self) -> str:
        """The body with its original characters (same length and offsets as ``text``)."""
        return PARAGRAPH_SEP.join(self.paragraphs_raw)


@dataclasses.dataclass
class _Line:
    number: int  # 1-based line number in the capture
    raw: str  # original characters, stripped
    text: str  # normalised, stripped
    block: int  # index of the blank-line separated block


def _lines(raw: str) -> list[_Line]:
    out: list[_Line] = []
    block = 0
    for number, raw_line in enumerate(raw.splitlines(), start=1):
        norm = normalize(raw_line)
        stripped = norm.strip()
        if not stripped:
            block += 1
            continue
        lead = len(norm) - len(norm.lstrip())
        out.append(_Line(number, raw_line[lead : lead + len(stripped)], stripped, block))
    return out


_CLOSERS = "\"'\u2019\u201d)"
# "WASHINGTON (AP) — The Latest ...", "CHARLOTTE - The wife of ...": a lede's dateline
_DATELINE_RE = re.compile(r"^[A-Z][A-Z .,'-]{2,}\s*(?:\([A-Za-z. ]{1,20}\)\s*)?[\u2013-\u2015-]\s")


def _title_like(text: str) -> bool:
    """A short line without the final stop of a sentence (a stop inside closing quotation
    marks counts: "... was “absolutely right.”"), not opening on a dateline, and not two
    sentences in sentence case with a lede's marks ("Today is two months until the election.
    Do you know ...?"; see :func:`title_despite_stop`)."""
    n = count_words(text)
    if not (2 <= n <= 30 and len(text) <= 250) or text.rstrip(_CLOSERS).endswith((".", ";", ",")):
        return False
    if _DATELINE_RE.match(text):
        return False
    if _LEDE_CUE_RE.search(text) and len(split_sentences(text)) > 1:
        content = _content_words(text)
        return bool(content) and all(not w[0].isalpha() or w[0].isupper() for w in content)
    return True


_LEDE_CUE_RE = hl.LEDE_CUE_RE
_WORD_EDGE = hl.WORD_EDGE
_content_words = hl.content_words


def title_despite_stop(line: str, following: str | None, *, body: str | None = None) -> bool:
    """True when ``line``, ending in "." or ";", is still a headline.

    It must be short (2-20 words, at most two sentences) and followed by a prose line of at
    least 10 words or longer than itself (the body). A line in title case (every word but
    small function words capitalised) is a headline. In sentence case it must have none of a
    lede's marks (a weekday or "yesterday", "said"/"told"/"according to", an opening
    dateline, three or more articles), and the next
    line must not open on a word that carries on from it ("But", "He", "They", "This", ...).
    ``body``: the first long line further down (past a short deck under the headline); a
    title-case line may be followed by a deck, so for it ``body`` stands in for ``following``.
    Measured by ``scripts/validate_headlines.py`` (headlines found, and real first sentences
    taken for a headline in captures that have none).
    """
    text = line.strip()
    bare = text.rstrip(_CLOSERS)
    if not bare.endswith((".", ";")) or bare.endswith(",.") or following is None or _DATELINE_RE.match(text):
        return False
    core = bare.rstrip(".;\u2026 ")
    n = count_words(core)
    if not 2 <= n <= 20 or len(core) > 200 or len(split_sentences(core)) > 2:
        return False
    content = _content_words(core)
    if not content:
        return False
    title_case = all(not w[0].isalpha() or w[0].isupper() for w in content)
    if title_case and body is not None and fx.is_prose(body) and count_words(body) >= min(n + 1, 10):
        return True
    if not fx.is_prose(following) or count_words(following) < min(n + 1, 10):
        return False
    if title_case:
        return True
    articles = sum(w.strip(_WORD_EDGE).lower() in ("a", "an", "the") for w in core.split())
    opener = following.split(maxsplit=1)[0].strip(_WORD_EDGE).lower()
    return not (articles > 2 or _LEDE_CUE_RE.search(core) or opener in _CONTINUATION)


# A paragraph opening on one of these carries on from the line before it, so that line is body:
# lexicons/continuation_words.csv
_CONTINUATION = lexicons.WordSet("continuation_words")


def _next_free_line(lines: list[_Line], pre: dict, i: int) -> str | None:
    """The text of the first line after ``i`` that is not furniture, a date, a byline or a
    section label ("ABSTRACT.", "LETTERS.", "FULL TEXT.")."""
    return next((t for t in _free_lines(lines, pre, i)), None)


def _body_line(lines: list[_Line], pre: dict, i: int) -> str | None:
    """The first of the next three free lines (as :func:`_next_free_line`) long enough to be
    a paragraph (a short deck under a headline is skipped), else None."""
    return next((t for t in itertools.islice(_free_lines(lines, pre, i), 3) if count_words(t) >= _BODY_WORDS), None)


def _free_lines(lines: list[_Line], pre: dict, i: int) -> Iterator[str]:
    """Lines after ``i`` that are not furniture, dates or bylines; section labels close under
    ``i`` are skipped."""
    for j in range(i + 1, len(lines)):
        if j not in pre and not (j < i + 8 and _section_label(lines[j].text)):
            yield lines[j].text


_BODY_WORDS = 10


def _section_label(text: str) -> bool:
    """A label between headline and body: one word, or up to three in capitals ("FULL TEXT.")
    or cut short (ending in ":" or ",.")."""
    t = text.strip()
    n = count_words(t)
    return n == 1 or n <= 3 and (t.upper() == t or t.endswith((":", ",.")))


#: Layouts a corpus can settle for one outlet's captures (:func:`outlet_layouts`):
#: every capture opens on its headline, or none does.
HEADLINE_FIRST = "headline"
NO_HEADLINE = "no headline"
LAYOUTS = (HEADLINE_FIRST, NO_HEADLINE)


def _headline_at(lines: list[_Line], pre: dict, i: int, layout: str | None = None) -> bool:
    """Rule 2 of :func:`parse_article` for the first free line ``i``: shaped like a title
    (:func:`_title_like`, :func:`title_despite_stop`) and, when it ends in "." or ";", not read
    as a lead sentence by the headline model given the next three free lines
    (:mod:`analysis.headlines`). ``layout``: the outlet's settled layout (:data:`LAYOUTS`):
    where captures open on their headline the shape rules decide alone; where they do not, only
    an unmistakable headline (no final stop, every content word capitalised) is taken."""
    text = lines[i].text
    if layout == NO_HEADLINE:
        content = _content_words(text)
        return _title_like(text) and bool(content) and all(not w[0].isalpha() or w[0].isupper() for w in content)
    if _title_like(text):
        return True
    if not title_despite_stop(text, _next_free_line(lines, pre, i), body=_body_line(lines, pre, i)):
        return False
    return layout == HEADLINE_FIRST or hl.default_headline_model().is_headline(
        text, list(itertools.islice(_free_lines(lines, pre, i), 3)))


def _first_free_line(lines: list[_Line], pre: dict) -> int | None:
    return next((i for i in range(len(lines)) if i not in pre), None)


#: Lines of a capture read by :func:`opens_on_headline` (the headline rules look a few lines
#: ahead), and bytes of a file read for it by :func:`settle_layouts`.
_HEAD_LINES = 10
_HEAD_BYTES = 16_384


def opens_on_headline(raw: str) -> bool | None:
    """Whether :func:`parse_article` (without a settled layout) takes the first line of the
    capture ``raw`` that is not furniture for its headline; None when there is no such line.
    Reads the first 10 lines only: the vote of :func:`outlet_layouts`."""
    lines = _lines("\n".join(raw.splitlines()[:_HEAD_LINES]))
    pre = _classify_lines(lines)
    i = _first_free_line(lines, pre)
    return None if i is None else _headline_at(lines, pre, i)


#: An outlet's layout is settled from at least this many captures ...
LAYOUT_MIN_CAPTURES = 5
#: ... when at least this share of them agree.
LAYOUT_SHARE = 0.75


def outlet_layouts(
    votes, *, min_captures: int = LAYOUT_MIN_CAPTURES, share: float = LAYOUT_SHARE
) -> dict[str, str]:
    """Layout of each outlet's plain-text captures from ``votes``, pairs ``(outlet,
    opens_on_headline)`` (see :func:`opens_on_headline`; None votes are ignored).

    Captures from one outlet share a page layout: when at least ``share`` of an outlet's (at
    least ``min_captures``) captures open on a headline, it is :data:`HEADLINE_FIRST`; when at
    least ``share`` open on body text, :data:`NO_HEADLINE`; otherwise the outlet is left out and
    each capture is read on its own. Independent of the order of ``votes``."""
    counts: dict[str, list[int]] = {}
    for outlet, vote in votes:
        if vote is None:
            continue
        c = counts.setdefault(outlet, [0, 0])
        c[0 if vote else 1] += 1
    out = {}
    for outlet, (heads, bodies) in sorted(counts.items()):
        n = heads + bodies
        if n < min_captures:
            continue
        if heads >= share * n:
            out[outlet] = HEADLINE_FIRST
        elif bodies >= share * n:
            out[outlet] = NO_HEADLINE
    return out


def _classify_lines(lines: list[_Line]) -> dict[int, tuple[str, object]]:
    """Rule 1 of :func:`parse_article`: line index -> (kind, detail) for furniture (its
    reason), dates ((date kind, date)), bylines (the name) and agency credits ("")."""
    pre: dict[int, tuple[str, object]] = {}
    for i, ln in enumerate(lines):
        reason = fx.furniture_reason(ln.text)
        if reason is not None:
            pre[i] = ("furniture", reason)
            continue
        dated = fx.date_line(ln.text)
        if dated is not None:
            pre[i] = ("date", dated)
            continue
        name = fx.byline(ln.text)
        if name is not None:
            pre[i] = ("byline", name)
        elif fx.credit_line(ln.text):
            pre[i] = ("credit", "")
    # Appeals come in blocks: a line inside a block that is mostly appeal is appeal too.
    by_block: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        by_block.setdefault(ln.block, []).append(i)
    for members in by_block.values():
        appeal = [i for i in members if pre.get(i, ("", ""))[1] in (fx.APPEAL, fx.READER_ADDRESS)]
        if len(members) > 1 and len(appeal) * 2 >= len(members):
            for i in members:
                if i not in pre:
                    pre[i] = ("furniture", fx.APPEAL)
    return pre


def _take_metadata(art: ParsedArticle, ln: _Line, pre: tuple[str, object]) -> bool:
    """Use a line classified as date, byline, credit or furniture (``pre``, from
    :func:`_classify_lines`) as metadata or a removed line; True when it was consumed."""
    kind, detail = pre
    if kind == "date":
        date_kind, date = detail
        if date_kind == "updated" and art.updated is None:
            art.updated = date
            art.metadata_lines.append((ln.number, ln.text, "updated"))
        elif date_kind == "published" and art.published is None:
            art.published = date
            art.metadata_lines.append((ln.number, ln.text, "published"))
        else:
            art.removed.append((ln.number, ln.text, fx.DUPLICATE))
        return True
    if kind in ("byline", "credit"):
        if art.byline is None:
            art.byline = detail if kind == "byline" else ln.text
            art.metadata_lines.append((ln.number, ln.text, "byline"))
        else:
            art.removed.append((ln.number, ln.text, fx.DUPLICATE if kind == "byline" else "agency credit line"))
        return True
    if kind == "furniture":
        art.removed.append((ln.number, ln.text, detail))
        return True
    return False


def parse_article(raw: str, *, layout: str | None = None) -> ParsedArticle:
    """Parse one plain-text capture of a news web page.

    Rules, in order, all general (no outlet's sentences are listed anywhere):

    1. Each non-empty line is tested for page furniture (appeals, navigation, credits,
       share widgets, contact and copyright lines; :func:`analysis.furniture.furniture_reason`),
       date lines, bylines and agency credits.
    2. The headline is the first line that is not furniture and is shaped like a title
       (2-30 words, no final full stop, or a short title-like line ending in "." or ";"
       followed by the body: :func:`title_despite_stop`), unless its grammar and content
       read as the article's first sentence (:mod:`analysis.headlines`: length, articles,
       pronouns, title case, words shared with the next lines, a lead's cues); lines before
       it are the site header. ``layout`` (:data:`LAYOUTS`, settled per outlet by the loader:
       :func:`outlet_layouts`) says whether this outlet's captures open on a headline.
    3. Between headline and body: a line ending in a dateline or carrying a photo credit is
       a caption; the first prose-like line is the standfirst when it lacks final
       punctuation or is followed by furniture before the body starts.
    4. The body runs from the first prose line to the last; an author contact line or
       agency credit after the body ends the article, and everything after it is removed.
    5. Lines in the body that do not read as sentences (short labels, subheadings) are
       removed with their reason rather than silently kept or dropped.
    """
    lines = _lines(raw)
    art = ParsedArticle()
    pre = _classify_lines(lines)

    def remove(i: int, reason: str) -> None:
        art.removed.append((lines[i].number, lines[i].text, reason))

    def meta(i: int, field: str) -> None:
        art.metadata_lines.append((lines[i].number, lines[i].text, field))

    def take_metadata(i: int) -> bool:
        return _take_metadata(art, lines[i], pre.get(i, ("", "")))

    n = len(lines)
    # 2. headline
    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS} or None, not {layout!r}")
    title_i = _first_free_line(lines, pre)
    if title_i is not None and not _headline_at(lines, pre, title_i, layout):
        title_i = None
    start = 0
    if title_i is not None:
        for i in range(title_i):
            if not take_metadata(i):
                remove(i, fx.BEFORE_TITLE)
        art.title = lines[title_i].text
        meta(title_i, "title")
        start = title_i + 1

    # 3. header zone: up to the first prose line that is not caption or standfirst
    i = start
    body_start = n
    while i < n:
        ln = lines[i]
        if take_metadata(i):
            i += 1
            continue
        if fx.caption_like(ln.text, in_header=True) and len(split_sentences(ln.text)) <= 2:
            remove(i, fx.CAPTION)
            i += 1
            continue
        if art.standfirst is None and art.title is not None and 6 <= count_words(ln.text) <= 80:
            nxt = pre.get(i + 1, ("", ""))
            followed_by_metadata = nxt[0] in ("date", "byline", "credit") or nxt[1] in (
                fx.PHOTO_CREDIT,
                fx.CAPTION,
            )
            if not fx.ends_like_sentence(ln.text) or followed_by_metadata:
                art.standfirst = ln.text
                meta(i, "standfirst")
                i += 1
                continue
        if fx.is_prose(ln.text):
            body_start = i
            break
        remove(i, fx.SHORT)
        i += 1

    # 4. end of article: first contact/credit line after the body has started
    end = n
    for j in range(body_start, n):
        kind, detail = pre.get(j, ("", ""))
        if kind == "credit" or detail == fx.CONTACT:
            end = j + 1
            break

    # 5. body
    for j in range(body_start, end):
        ln = lines[j]
        if take_metadata(j):
            continue
        if fx.caption_like(ln.text, in_header=False):
            remove(j, fx.CAPTION)
        elif fx.is_prose(ln.text):
            art.paragraphs.append(ln.text)
            art.paragraphs_raw.append(ln.raw)
            art.paragraph_lines.append(ln.number)
        else:
            remove(j, fx.SHORT)
    for j in range(end, n):
        kind, detail = pre.get(j, ("", ""))
        reason = detail if kind == "furniture" else kind or "text"
        remove(j, f"{fx.AFTER_END} ({reason})")
    art.removed.sort()
    art.metadata_lines.sort()
    return art


# ---------------------------------------------------------------------------------------
# A corpus
# ---------------------------------------------------------------------------------------
def is_english(articles: pd.DataFrame, *, language_col: str = "language") -> pd.Series:
    """Boolean mask of the articles the English-only analyses read: the one English filter.

    The loader normalises language tags, so English is ``"en"``; a missing language counts
    as not English (the loader always sets one, so a missing value means a hand-made table).
    """
    return articles[language_col].fillna("").astype(str).str.lower().str.split("-").str[0].eq("en")


def english_only(articles: pd.DataFrame, *, language_col: str = "language") -> pd.DataFrame:
    """The rows of ``articles`` in English (see :func:`is_english`)."""
    return articles[is_english(articles, language_col=language_col)]


@dataclasses.dataclass
class Corpus:
    """Tidy tables for one corpus folder.

    - ``articles``: one row per article (``ARTICLE_COLUMNS`` plus manifest extras)
    - ``paragraphs``: one row per body paragraph; ``text[start:end]`` of the article
    - ``sentences``: one row per sentence; ``sent_id`` runs 0..n-1 over the article
    - ``removed``: one row per capture line (``step`` "text") or HTML block (``step``
      "html", ``line`` = line in the HTML file) left out of the body, with the reason
    - ``metadata``: one row per line used as title, standfirst, byline or date
    - ``problems``: one row per problem met (``severity`` "error": not loaded;
      "warning": loaded, check it; ``kind`` and ``action``: what it was and what was done)
    """

    articles: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    removed: pd.DataFrame
    problems: pd.DataFrame
    metadata: pd.DataFrame
    folder: Path | None = None

    def english(self) -> Corpus:
        """The corpus restricted to articles in English, warning about any it skips."""
        keep = is_english(self.articles)
        if keep.all():
            return self
        skipped = self.articles.loc[~keep, ["article_id", "language"]]
        warnings.warn(
            "skipping non-English articles in an English-only analysis: "
            + ", ".join(f"{a} ({lang})" for a, lang in skipped.itertuples(index=False)),
            stacklevel=2,
        )
        return self.subset(set(self.articles.loc[keep, "article_id"]))

    def unique(self) -> Corpus:
        """The corpus without later copies of duplicate or near-duplicate articles
        (``articles.duplicate_of`` set): for counts where syndicated copy would count twice."""
        if "duplicate_of" not in self.articles:
            return self
        return self.subset(set(self.articles.loc[self.articles["duplicate_of"].isna(), "article_id"]))

    def subset(self, ids: set[str], *, keep_problems: bool = True) -> Corpus:
        """The corpus restricted to the articles in ``ids`` (every table filtered alike)."""

        def sub(df: pd.DataFrame) -> pd.DataFrame:
            return df[df["article_id"].isin(ids)].reset_index(drop=True)

        return dataclasses.replace(
            self,
            articles=sub(self.articles),
            paragraphs=sub(self.paragraphs),
            sentences=sub(self.sentences),
            removed=sub(self.removed),
            metadata=sub(self.metadata),
            problems=self.problems if keep_problems else self.problems.iloc[0:0],
        )

    def evidence(self, article_id: str, start: int, end: int) -> str:
        """The exact text at ``[start, end)`` of one article's body."""
        row = self.articles.loc[self.articles["article_id"] == article_id]
        if row.empty:
            raise KeyError(f"no article with article_id {article_id!r}")
        return row["text"].iloc[0][start:end]


@dataclasses.dataclass
class ArticleRecord:
    """One loaded article and its per-unit rows (the streaming unit of the loader)."""

    article: dict
    paragraphs: list[dict]
    sentences: list[dict]
    removed: list[dict]
    metadata: list[dict]


# ---------------------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------------------
def plan_corpus(
    folder: str | Path, manifest: str | Path = "manifest.csv", *, fallback_to_filenames: bool = False
) -> tuple[list[dict], list[Problem]]:
    """Read the manifest (or list the folder) and settle article ids, without reading any
    capture: ``(rows to load, problems)`` (see :func:`analysis.manifest.plan_rows`).

    Raises :class:`CorpusFolderError` when ``folder`` is missing or is a file, and
    :class:`ManifestError` when the manifest cannot be used, unless
    ``fallback_to_filenames`` (then an error row, and outlets from file names)."""
    folder = Path(folder)
    if not folder.exists() or not folder.is_dir():
        check_corpus_dir(folder)
    rows, problems = plan_rows(folder, manifest, fallback_to_filenames=fallback_to_filenames)
    for p in problems:
        if p.action == pr.FALLBACK:
            warnings.warn(f"{p.file}: {p.problem}", stacklevel=3)
    if not rows and not any(p.severity == "error" for p in problems):
        problems.append(Problem(str(folder), None, "warning", "no .txt or .html capture in the corpus folder",
                                "empty", pr.IGNORED))
    return rows, problems


def settle_layouts(folder: str | Path, rows: list[dict], *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict]:
    """The planned ``rows`` (see :func:`plan_corpus`), each plain-text capture of an outlet
    whose layout is settled given that layout as ``_layout`` (:func:`outlet_layouts` over
    :func:`opens_on_headline` of every text capture; :func:`parse_article` reads it). A pass
    over the corpus before the articles are loaded in batches, so the layout of a capture does
    not depend on the batch it falls in. Files that cannot be read cast no vote (the load
    reports them)."""
    folder = Path(folder)
    votes, text_rows = [], set()
    for k, row in enumerate(rows):
        path = folder / row["file"]
        if path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        try:
            data = read_capture(path, max_bytes)
            if len(data) > _HEAD_BYTES:  # the head is enough; cut at a line end
                data = data[: data.rfind(b"\n", 0, _HEAD_BYTES) + 1 or _HEAD_BYTES]
            raw, *_, cap = capture_text(path, data)
        except Exception:  # noqa: BLE001 - an unreadable file is reported when it is loaded
            continue
        if cap is None:
            text_rows.add(k)
            votes.append((str(row["outlet"]).strip(), opens_on_headline(raw)))
    layouts = outlet_layouts(votes)
    return [{**row, "_layout": layouts[outlet]}
            if k in text_rows and (outlet := str(row["outlet"]).strip()) in layouts else row
            for k, row in enumerate(rows)]


def load_rows(
    folder: str | Path, rows: list[dict], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ArticleRecord | Problem]:
    """Load planned rows (see :func:`plan_corpus`) one at a time: each raw file is read,
    parsed and released before the next. A file that cannot be loaded, for whatever
    reason, becomes one error row and the next file is read."""
    folder = Path(folder)
    for row in rows:
        path = folder / row["file"]
        aid = row["article_id"]
        try:
            record, notes = _load_one(path, row, aid, max_bytes=max_bytes)
        except UnreadableFile as exc:
            yield Problem(str(path), aid, "error", f"{exc}; not loaded", "unreadable", pr.NOT_LOADED)
            continue
        except Exception as exc:  # noqa: BLE001 - one bad file must never stop the corpus
            yield Problem(str(path), aid, "error",
                          f"could not be processed ({type(exc).__name__}: {exc}); not loaded. Please report this file",
                          "internal", pr.NOT_LOADED)
            continue
        for severity, kind, note, action in notes:
            yield Problem(str(path), aid, severity, note, kind, action)
        yield record


def iter_corpus(
    folder: str | Path,
    manifest: str | Path = "manifest.csv",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fallback_to_filenames: bool = False,
) -> Iterator[ArticleRecord | Problem]:
    """Stream a corpus folder one article at a time (each raw file is read, parsed and
    dropped before the next), yielding :class:`ArticleRecord` or :class:`Problem`."""
    rows, problems = plan_corpus(folder, manifest, fallback_to_filenames=fallback_to_filenames)
    yield from problems
    yield from load_rows(folder, settle_layouts(folder, rows, max_bytes=max_bytes), max_bytes=max_bytes)


def _apply_html(parsed: ParsedArticle, cap: HtmlCapture) -> list[tuple[int, str, str, str]]:
    """Use the page's own byline, dates and standfirst; return their metadata rows. A
    standfirst guessed from the text of a page that marks none goes back to the body."""
    if parsed.standfirst is not None and not cap.has_standfirst_element:
        meta = [m for m in parsed.metadata_lines if m[2] == "standfirst"]
        line = meta[0][0] if meta else 0
        if fx.is_prose(parsed.standfirst):
            order = sorted([*parsed.paragraph_lines, line]).index(line)
            parsed.paragraphs.insert(order, parsed.standfirst)
            parsed.paragraphs_raw.insert(order, parsed.standfirst)
            parsed.paragraph_lines.insert(order, line)
        else:  # a second headline (the page's h1 beside its <title>) or a label
            parsed.removed.append((line, parsed.standfirst, DUPLICATE_TITLE))
        parsed.metadata_lines = [m for m in parsed.metadata_lines if m[2] != "standfirst"]
        parsed.standfirst = None
    if cap.standfirst:
        parsed.standfirst = cap.standfirst
    parsed.byline = parsed.byline or cap.byline
    parsed.updated = parsed.updated or cap.updated
    parsed.published = parsed.published or cap.published
    rows = [(line, text, field, "html") for line, text, field in cap.meta_lines]
    guess = cap.published_guess
    if parsed.published is None and guess is not None and guess != parsed.updated:
        parsed.published = guess
        rows.append((0, f"{guess.isoformat()} (page metadata, read by htmldate)", "published", "html"))
    return rows


def _unit_rows(article_id: str, parsed: ParsedArticle) -> tuple[list[dict], list[dict]]:
    """Paragraph and sentence rows with offsets into the article's ``text``."""
    paragraphs, sentences = [], []
    offset = sent_id = 0
    for para_id, (para, line) in enumerate(zip(parsed.paragraphs, parsed.paragraph_lines, strict=True)):
        paragraphs.append({"article_id": article_id, "para_id": para_id, "text": para,
                           "start": offset, "end": offset + len(para), "line": line})
        for s, e in sentence_spans(para):
            sentences.append({"article_id": article_id, "para_id": para_id, "sent_id": sent_id,
                              "text": para[s:e], "start": offset + s, "end": offset + e})
            sent_id += 1
        offset += len(para) + len(PARAGRAPH_SEP)
    return paragraphs, sentences


def _load_one(path: Path, row: dict, article_id: str, *, max_bytes: int) -> tuple[ArticleRecord, list[tuple]]:
    """One capture -> its rows and notes ``(severity, kind, message, action)``."""
    data = read_capture(path, max_bytes)
    raw, encoding, notes, removed_rows, cap = capture_text(path, data)
    parsed = parse_article(raw, layout=row.get("_layout") if cap is None else None)
    html_meta = _apply_html(parsed, cap) if cap is not None else []
    meta_rows = [(ln, t, f, "text") for ln, t, f in parsed.metadata_lines] + html_meta
    if not parsed.paragraphs:
        if cap is not None:
            raise UnreadableFile("HTML page without any main text (only navigation or furniture)")
        raise UnreadableFile("no body text found (every line looked like page furniture)")
    text = parsed.text
    embed = [ln for ln, _, reason in parsed.removed if reason == fx.EMBED]
    if embed:
        notes.append(("warning", "embed", f"embedded post or widget text removed on {line_list(embed)}", pr.CLEANED))
    n_words = count_words(text)
    if script_language(text) not in ("zh", "ja", "th"):  # scripts without spaces: word counts mean little
        notes.extend(("warning", kind, msg, pr.FLAGGED) for kind, msg in length_flags(n_words))
    published = row.get("published") or None
    published = dt.date.fromisoformat(published) if published else parsed.published
    language = article_language(row, text, notes)
    extras = {k: v for k, v in row.items() if k not in ("file", "article_id", "_line", "_layout")}
    article = {
        **extras,
        "article_id": article_id,
        "outlet": str(row["outlet"]).strip(),
        "event": str(row["event"]).strip(),
        "title": str(row.get("title", "") or "").strip() or parsed.title,
        "standfirst": parsed.standfirst,
        "byline": parsed.byline,
        "published": published,
        "updated": parsed.updated,
        "language": language,
        "text": text,
        "text_raw": parsed.text_raw,
        "n_paragraphs": len(parsed.paragraphs),
        "n_words": n_words,
        "source_file": pr.display_path(path),
        "encoding": encoding,
        "flags": ";".join(sorted({kind for sev, kind, _, _ in notes if sev == "warning"})),
    }
    paragraphs, sentences = _unit_rows(article_id, parsed)
    article["n_sentences"] = len(sentences)
    removed_rows = sorted(removed_rows + [(ln, t, r, "text") for ln, t, r in parsed.removed],
                          key=lambda r: (r[3] != "html", r[0]))
    removed = [
        {"article_id": article_id, "line": ln, "text": t, "reason": r, "step": st} for ln, t, r, st in removed_rows
    ]
    metadata = [{"article_id": article_id, "line": ln, "text": t, "field": f, "step": st} for ln, t, f, st in meta_rows]
    return ArticleRecord(article, paragraphs, sentences, removed, metadata), notes


def load_corpus(
    folder: str | Path,
    manifest: str | Path = "manifest.csv",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
    fallback_to_filenames: bool = False,
) -> Corpus:
    """Load a corpus folder into tidy tables (see :class:`Corpus`).

    ``folder`` holds the captures (``.txt`` or ``.html``) and a manifest CSV with the
    columns ``file``, ``outlet``, ``event`` (optional ``published``, ``title``, ``url``,
    ``language``, ``article_id``; other columns are carried along, those named like the
    kit's own columns as ``manifest_<name>``). Without a manifest the folder still loads,
    with outlet taken from each file name, and a warning. A manifest that exists but cannot
    be used raises :class:`ManifestError` unless ``fallback_to_filenames=True``.
    Every other problem (missing, empty, binary, oversized or undecodable files, duplicate
    ids, markup, mojibake, duplicates, ...) is a row in ``problems`` and never stops the
    rest of the corpus from loading.
    """
    items = iter_corpus(folder, manifest, max_bytes=max_bytes, fallback_to_filenames=fallback_to_filenames)
    if progress:
        from tqdm.auto import tqdm

        items = tqdm(items, desc="loading articles", unit="item")
    return assemble(items, folder=Path(folder))


def assemble(items, *, folder: Path | None = None, duplicates: bool = True) -> Corpus:
    """Build a :class:`Corpus` from loaded records and problems (in the order given);
    duplicates and near-duplicates among them are flagged (:func:`analysis.quality.flag_duplicates`)
    unless ``duplicates=False``: the pipeline flags them once over the whole corpus
    (:func:`analysis.quality.reflag_duplicates`), which replaces any flags of one batch."""
    arts, paras, sents, removed, meta, problems = [], [], [], [], [], []
    for item in items:
        if isinstance(item, Problem):
            problems.append(item.as_row())
            continue
        arts.append(item.article)
        paras.extend(item.paragraphs)
        sents.extend(item.sentences)
        removed.extend(item.removed)
        meta.extend(item.metadata)
    articles = pd.DataFrame(arts) if arts else pd.DataFrame(columns=ARTICLE_COLUMNS)
    articles, dup_problems = flag_duplicates(articles) if duplicates else (articles, [])
    problems.extend(p.as_row() for p in dup_problems)
    if dup_problems:
        kinds = {p.article_id: p.kind for p in dup_problems}
        articles["flags"] = [
            ";".join(sorted({*filter(None, str(f).split(";")), kinds[a]})) if a in kinds else f
            for a, f in zip(articles["article_id"], articles["flags"], strict=True)
        ]
    extra = [c for c in articles.columns if c not in ARTICLE_COLUMNS]
    articles = articles.reindex(columns=ARTICLE_COLUMNS + extra)
    for col in ("n_paragraphs", "n_sentences", "n_words"):
        articles[col] = articles[col].astype("int64")
    # optional metadata: object columns with None for "absent", whatever the batch holds,
    # so tables built in parts concatenate to exactly the table built at once
    for col in ("title", "standfirst", "byline", "published", "updated", "duplicate_of", "duplicate_kind"):
        articles[col] = articles[col].astype(object).where(articles[col].notna(), None)
    articles["flags"] = articles["flags"].fillna("").astype(str)
    return Corpus(
        articles=articles,
        paragraphs=pd.DataFrame(paras, columns=PARAGRAPH_COLUMNS),
        sentences=pd.DataFrame(sents, columns=SENTENCE_COLUMNS),
        removed=pd.DataFrame(removed, columns=REMOVED_COLUMNS),
        problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        metadata=pd.DataFrame(meta, columns=METADATA_COLUMNS),
        folder=folder,
    )
