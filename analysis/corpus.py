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
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from analysis import furniture as fx
from analysis.text import count_words, normalize, sentence_spans, split_sentences

REQUIRED_COLUMNS = ("file", "outlet", "event")
OPTIONAL_COLUMNS = ("published", "title", "url", "language")
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
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
]
PARAGRAPH_COLUMNS = ["article_id", "para_id", "text", "start", "end", "line"]
SENTENCE_COLUMNS = ["article_id", "para_id", "sent_id", "text", "start", "end"]
REMOVED_COLUMNS = ["article_id", "line", "text", "reason"]
METADATA_COLUMNS = ["article_id", "line", "text", "field"]
PROBLEM_COLUMNS = ["file", "article_id", "severity", "problem"]


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


def _title_like(text: str) -> bool:
    n = count_words(text)
    return 2 <= n <= 30 and len(text) <= 250 and not text.endswith((".", ";", ","))


# Headlines ending in "." or ";" (house styles that stop every headline): a lede that could be
# mistaken for one names a day or a source ("on Tuesday", "said") or opens on a dateline.
_LEDE_CUE_RE = re.compile(
    r"(?i:\b(?:said|told|according to|yesterday|today|tonight|last (?:week|month|year|night)|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)|^[A-Z][A-Z .,'-]{2,}\s*(?:\(|[\u2013-\u2015]|-)",
)
_HEADLINE_SMALL = frozenset(
    "a an the and or but nor of to in on at by for with as from vs via into over up off out per "
    "than is are was be this that".split()
)
_WORD_EDGE = "'\"\u2018\u2019\u201c\u201d(),:;.!?"


def _content_words(text: str) -> list[str]:
    words = (w.strip(_WORD_EDGE) for w in text.split())
    return [w for w in words if any(c.isalpha() for c in w) and w.lower() not in _HEADLINE_SMALL]


def title_despite_stop(line: str, following: str | None) -> bool:
    """True when ``line``, ending in "." or ";", is still a headline.

    It must be short (2-20 words, at most two sentences) and followed by a prose line of at
    least 10 words or longer than itself (the body). A line in title case (every word but small function words capitalised) is a
    headline. In sentence case it must have none of a lede's marks (a weekday or "yesterday",
    "said"/"told"/"according to", an opening dateline, three or more articles), and the next
    line must not open on a word that carries on from it ("But", "He", "They", "This", ...).
    Measured by ``scripts/validate_headlines.py`` (headlines found, and real first sentences
    taken for a headline in captures that have none).
    """
    text = line.strip()
    if not text.endswith((".", ";")) or following is None:
        return False
    core = text.rstrip(".;\u2026 ")
    n = count_words(core)
    if not 2 <= n <= 20 or len(core) > 200 or len(split_sentences(core)) > 2:
        return False
    if not fx.is_prose(following) or count_words(following) < min(n + 1, 10):
        return False
    content = _content_words(core)
    if not content:
        return False
    if all(not w[0].isalpha() or w[0].isupper() for w in content):
        return True
    articles = sum(w.strip(_WORD_EDGE).lower() in ("a", "an", "the") for w in core.split())
    opener = following.split(maxsplit=1)[0].strip(_WORD_EDGE).lower()
    return not (articles > 2 or _LEDE_CUE_RE.search(core) or opener in _CONTINUATION)


# A paragraph opening on one of these carries on from the line before it, so that line is body.
_CONTINUATION = frozenset(
    "but and yet so still also however he she it they his her its their these those "
    "then instead meanwhile".split()
)


def _next_free_line(lines: list[_Line], pre: dict, i: int) -> str | None:
    """The text of the first line after ``i`` that is not furniture, a date or a byline."""
    return next((lines[j].text for j in range(i + 1, len(lines)) if j not in pre), None)


def parse_article(raw: str) -> ParsedArticle:
    """Parse one plain-text capture of a news web page.

    Rules, in order, all general (no outlet's sentences are listed anywhere):

    1. Each non-empty line is tested for page furniture (appeals, navigation, credits,
       share widgets, contact and copyright lines; :func:`analysis.furniture.furniture_reason`),
       date lines, bylines and agency credits.
    2. The headline is the first line that is not furniture and is shaped like a title
       (2-30 words, no final full stop, or a short title-like line ending in "." or ";"
       followed by the body: :func:`title_despite_stop`); lines before it are the site header.
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
    # index -> (kind, detail): a furniture reason, (date kind, date), a byline name, or ""
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

    def remove(i: int, reason: str) -> None:
        art.removed.append((lines[i].number, lines[i].text, reason))

    def meta(i: int, field: str) -> None:
        art.metadata_lines.append((lines[i].number, lines[i].text, field))

    def take_metadata(i: int) -> bool:
        """Use line i as byline/credit/date if it is one; True when consumed."""
        kind, detail = pre.get(i, ("", ""))
        ln = lines[i]
        if kind == "date":
            date_kind, date = detail
            if date_kind == "updated" and art.updated is None:
                art.updated = date
                meta(i, "updated")
            elif date_kind == "published" and art.published is None:
                art.published = date
                meta(i, "published")
            else:
                remove(i, fx.DUPLICATE)
            return True
        if kind in ("byline", "credit"):
            if art.byline is None:
                art.byline = detail if kind == "byline" else ln.text
                meta(i, "byline")
            else:
                remove(i, fx.DUPLICATE if kind == "byline" else "agency credit line")
            return True
        if kind == "furniture":
            remove(i, detail)
            return True
        return False

    n = len(lines)
    # 2. headline
    title_i = None
    for i in range(n):
        if i in pre:
            continue
        if _title_like(lines[i].text) or title_despite_stop(lines[i].text, _next_free_line(lines, pre, i)):
            title_i = i
        break
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
        if art.standfirst is None and art.title is not None and count_words(ln.text) >= 6:
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
# Reading files
# ---------------------------------------------------------------------------------------
class UnreadableFile(ValueError):
    """A file that cannot be turned into text (empty, binary, too large)."""


# Bytes that are not control characters (tab, newline, CR, form feed and printable bytes).
_NOT_CONTROL = bytes([9, 10, 11, 12, 13, *range(32, 256)])


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a capture, returning ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are taken as they are. Otherwise the
    bytes are tested as Windows-1251 (Cyrillic) versus Latin-1/Windows-1252 (Western):
    Cyrillic text has most of its letters in the upper byte range, Western text only
    accents. Raises :class:`UnreadableFile` for binary data.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    head = data[:65536]
    if b"\x00" in head:
        raise UnreadableFile("binary file (contains NUL bytes), not text")
    controls = len(head.translate(None, _NOT_CONTROL))
    if head and controls / len(head) > 0.05:
        raise UnreadableFile("binary file (many control bytes), not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    high = len(head.translate(None, bytes(range(0xC0))))
    letters = high + sum(head.count(bytes([b])) for b in (*range(65, 91), *range(97, 123)))
    if letters and high / letters >= 0.3:
        return data.decode("cp1251", errors="replace"), "cp1251"
    if any(0x80 <= b <= 0x9F for b in head):
        return data.decode("cp1252", errors="replace"), "cp1252"
    return data.decode("latin-1"), "latin-1"


def _html_to_capture(html: str) -> tuple[str, dict]:
    """Main text of an HTML page via trafilatura (Barbaresi 2021), as a plain capture."""
    import trafilatura

    body = trafilatura.extract(
        html, output_format="txt", include_comments=False, include_tables=False
    )
    if not body or not body.strip():
        raise UnreadableFile("HTML page without any main text (nothing to extract)")
    meta = trafilatura.extract_metadata(html)
    info = {}
    parts = []
    if meta is not None:
        if meta.title:
            parts.append(meta.title.strip())
        info = {"author": meta.author, "date": meta.date}
    parts.extend(p for p in body.splitlines() if p.strip())
    return "\n\n".join(parts), info


_FUNCTION_WORDS = {
    "en": "the of and to in a is that for on with was as by at from it are be has have",
    "de": "der die und das ist nicht mit den von zu ein eine auf sich im dem des für",
    "fr": "le la les et des est une pour dans que du en au qui par sur pas avec",
    "es": "el la los las de que y en del por una para con se las es al como",
    "it": "il la di che e per una del della non sono con gli le nel alla",
    "pt": "o a os as de que e do da em um uma para com não por se",
    "tr": "ve bir bu da de ile için olarak çok daha gibi olan ama ancak",
    "ru": "и в не на что с по как это из его к за от для но о",
}
_FW_SETS = {lang: set(words.split()) for lang, words in _FUNCTION_WORDS.items()}


def detect_language(text: str) -> str:
    """Guess the language of ``text`` from function-word frequencies (ISO 639-1 code).

    Returns ``"und"`` when no language reaches 5% of tokens. A coarse guard so that
    English-only analyses can skip other articles, not a general language identifier.
    """
    tokens = re.findall(r"\w+", text.lower())[:5000]
    if not tokens:
        return "und"
    scores = {lang: sum(t in fw for t in tokens) / len(tokens) for lang, fw in _FW_SETS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= 0.05 else "und"


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
    - ``removed``: one row per capture line left out of the body, with the reason
    - ``metadata``: one row per capture line used as title, standfirst, byline or date
    - ``problems``: one row per problem met (``severity`` "error": not loaded;
      "warning": loaded, check it)
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


@dataclasses.dataclass
class Problem:
    file: str
    article_id: str | None
    severity: str
    problem: str


def _outlet_from_path(rel: Path) -> str:
    """Outlet for a file when there is no manifest: its first folder if it sits in one,
    else the part of the file name before "__" (or before the first "_" or "-")."""
    if len(rel.parts) > 1:
        return rel.parts[0]
    stem = rel.stem
    for sep in ("__", "_", "-"):
        if sep in stem:
            return stem.split(sep, 1)[0]
    return stem


def _read_manifest(folder: Path, manifest: str | Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    path = folder / manifest
    if not path.exists():
        msg = f"no {Path(manifest).name} in {folder}: outlet taken from each file name"
        warnings.warn(msg, stacklevel=3)
        return None, [Problem(str(path), None, "warning", msg)]
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except Exception as exc:  # noqa: BLE001 - any parse failure is reported, not raised
        return None, [Problem(str(path), None, "error", f"manifest could not be read: {exc}")]
    df.columns = [c.strip() for c in df.columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        msg = (
            f"manifest is missing required column(s) {', '.join(missing)} "
            f"(needs {', '.join(REQUIRED_COLUMNS)}); loading the folder as if it had no "
            "manifest, outlet taken from each file name"
        )
        warnings.warn(f"{path}: {msg}", stacklevel=3)
        return None, [Problem(str(path), None, "error", msg)]
    return df, []


def _entries(folder: Path, manifest: str | Path) -> tuple[list[dict], list[Problem]]:
    """(manifest rows, problems): one dict per article to load."""
    df, problems = _read_manifest(folder, manifest)
    on_disk = sorted(
        p.relative_to(folder)
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in TEXT_SUFFIXES + HTML_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )
    if df is None:
        rows = [
            {"file": str(rel), "outlet": _outlet_from_path(rel), "event": "unknown"}
            for rel in on_disk
        ]
        return rows, problems
    rows = df.to_dict("records")
    listed = {Path(r["file"]) for r in rows}
    for rel in on_disk:
        if rel not in listed:
            problems.append(
                Problem(
                    str(folder / rel),
                    None,
                    "warning",
                    f"file is in the folder but not in {Path(manifest).name}; ignored",
                )
            )
    return rows, problems


def _article_id(row: dict) -> str:
    given = str(row.get("article_id", "") or "").strip()
    return given or Path(row["file"]).stem


def plan_corpus(
    folder: str | Path, manifest: str | Path = "manifest.csv"
) -> tuple[list[dict], list[Problem]]:
    """Read the manifest (or list the folder) and settle article ids, without reading any
    capture: ``(rows to load, problems)``. Each row carries its ``article_id``; rows with an
    empty ``file`` or a duplicate id are reported and left out."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {folder}")
    rows, problems = _entries(folder, manifest)
    planned: list[dict] = []
    seen: dict[str, str] = {}
    for row in rows:
        file = str(row.get("file", "")).strip()
        article_id = _article_id(row)
        path = folder / file
        if not file:
            problems.append(Problem(str(folder / manifest), article_id, "error", "manifest row with empty 'file'"))
            continue
        if article_id in seen:
            problems.append(
                Problem(
                    str(path),
                    article_id,
                    "error",
                    f"duplicate article_id {article_id!r} (already used by {seen[article_id]}); skipped",
                )
            )
            continue
        seen[article_id] = str(path)
        planned.append({**row, "file": file, "article_id": article_id})
    return planned, problems


def load_rows(
    folder: str | Path, rows: list[dict], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[ArticleRecord | Problem]:
    """Load planned rows (see :func:`plan_corpus`) one at a time: each raw file is read,
    parsed and released before the next."""
    folder = Path(folder)
    for row in rows:
        path = folder / row["file"]
        try:
            record, notes = _load_one(path, row, row["article_id"], max_bytes=max_bytes)
        except UnreadableFile as exc:
            yield Problem(str(path), row["article_id"], "error", str(exc))
            continue
        for severity, note in notes:
            yield Problem(str(path), row["article_id"], severity, note)
        yield record


def iter_corpus(
    folder: str | Path,
    manifest: str | Path = "manifest.csv",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[ArticleRecord | Problem]:
    """Stream a corpus folder one article at a time (each raw file is read, parsed and
    dropped before the next), yielding :class:`ArticleRecord` or :class:`Problem`."""
    rows, problems = plan_corpus(folder, manifest)
    yield from problems
    yield from load_rows(folder, rows, max_bytes=max_bytes)


def _load_one(
    path: Path, row: dict, article_id: str, *, max_bytes: int
) -> tuple[ArticleRecord, list[tuple[str, str]]]:
    notes: list[tuple[str, str]] = []
    if not path.is_file():
        raise UnreadableFile("file named in the manifest does not exist")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + HTML_SUFFIXES:
        raise UnreadableFile(f"unsupported file type {suffix!r} (use .txt or .html)")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("empty file")
    if size > max_bytes:
        raise UnreadableFile(
            f"file too large ({size / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit); not read. "
            "A news article is far smaller: split the file or raise max_bytes"
        )
    raw, encoding = decode_bytes(path.read_bytes())
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(("warning", f"not UTF-8: decoded as {encoding}"))
    if not raw.strip():
        raise UnreadableFile("file holds only whitespace")
    html_info: dict = {}
    if suffix in HTML_SUFFIXES:
        raw, html_info = _html_to_capture(raw)
    parsed = parse_article(raw)
    if not parsed.paragraphs:
        if suffix in HTML_SUFFIXES:
            raise UnreadableFile("HTML page without any main text (only navigation or furniture)")
        raise UnreadableFile("no body text found (every line looked like page furniture)")
    text = parsed.text
    published = _manifest_date(row.get("published"), notes) or parsed.published
    if published is None and html_info.get("date"):
        published = _manifest_date(html_info["date"], notes)
    language = str(row.get("language", "") or "").strip() or detect_language(text)
    if language != "en":
        notes.append(
            ("warning", f"article language is {language!r}, not English: English-only analyses skip it")
        )
    byline = parsed.byline or html_info.get("author")
    manifest_title = str(row.get("title", "") or "").strip()
    extras = {k: v for k, v in row.items() if k not in ("file", "article_id")}
    article = {
        **extras,
        "article_id": article_id,
        "outlet": str(row["outlet"]).strip(),
        "event": str(row["event"]).strip(),
        "title": manifest_title or parsed.title,
        "standfirst": parsed.standfirst,
        "byline": byline,
        "published": published,
        "updated": parsed.updated,
        "language": language,
        "text": text,
        "text_raw": parsed.text_raw,
        "n_paragraphs": len(parsed.paragraphs),
        "n_words": count_words(text),
        "source_file": str(path),
        "encoding": encoding,
    }
    paragraphs, sentences = [], []
    offset = 0
    sent_id = 0
    for para_id, (para, line) in enumerate(zip(parsed.paragraphs, parsed.paragraph_lines, strict=True)):
        paragraphs.append(
            {
                "article_id": article_id,
                "para_id": para_id,
                "text": para,
                "start": offset,
                "end": offset + len(para),
                "line": line,
            }
        )
        for s, e in sentence_spans(para):
            sentences.append(
                {
                    "article_id": article_id,
                    "para_id": para_id,
                    "sent_id": sent_id,
                    "text": para[s:e],
                    "start": offset + s,
                    "end": offset + e,
                }
            )
            sent_id += 1
        offset += len(para) + len(PARAGRAPH_SEP)
    article["n_sentences"] = sent_id
    removed = [
        {"article_id": article_id, "line": ln, "text": t, "reason": r} for ln, t, r in parsed.removed
    ]
    metadata = [
        {"article_id": article_id, "line": ln, "text": t, "field": f}
        for ln, t, f in parsed.metadata_lines
    ]
    return ArticleRecord(article, paragraphs, sentences, removed, metadata), notes


def _manifest_date(value, notes: list[tuple[str, str]]) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or not str(value).strip():
        return None
    s = str(value).strip()
    try:
        return dt.date.fromisoformat(s[:10])
    except ValueError:
        parsed = fx.parse_date(s)
        if parsed is None:
            notes.append(("warning", f"published date {s!r} is not an ISO date (YYYY-MM-DD); ignored"))
        return parsed


def load_corpus(
    folder: str | Path,
    manifest: str | Path = "manifest.csv",
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool = False,
) -> Corpus:
    """Load a corpus folder into tidy tables (see :class:`Corpus`).

    ``folder`` holds the captures (``.txt`` or ``.html``) and a manifest CSV with the
    columns ``file``, ``outlet``, ``event`` (optional ``published``, ``title``, ``url``,
    ``language``, ``article_id``; other columns are carried along). Without a manifest
    the folder still loads, with outlet taken from each file name, and a warning.
    Problems (missing, empty, binary, oversized or undecodable files, duplicate ids, ...)
    are listed in ``problems`` and never stop the rest of the corpus from loading.
    """
    items = iter_corpus(folder, manifest, max_bytes=max_bytes)
    if progress:
        from tqdm.auto import tqdm

        items = tqdm(items, desc="loading articles", unit="item")
    return assemble(items, folder=Path(folder))


def assemble(items, *, folder: Path | None = None) -> Corpus:
    """Build a :class:`Corpus` from loaded records and problems (in the order given)."""
    arts, paras, sents, removed, meta, problems = [], [], [], [], [], []
    for item in items:
        if isinstance(item, Problem):
            problems.append(dataclasses.asdict(item))
            continue
        arts.append(item.article)
        paras.extend(item.paragraphs)
        sents.extend(item.sentences)
        removed.extend(item.removed)
        meta.extend(item.metadata)
    articles = pd.DataFrame(arts)
    extra = [c for c in articles.columns if c not in ARTICLE_COLUMNS]
    articles = articles.reindex(columns=ARTICLE_COLUMNS + extra)
    for col in ("n_paragraphs", "n_sentences", "n_words"):
        articles[col] = articles[col].astype("int64")
    # optional metadata: object columns with None for "absent", whatever the batch holds,
    # so tables built in parts concatenate to exactly the table built at once
    for col in ("title", "standfirst", "byline", "published", "updated"):
        articles[col] = articles[col].astype(object).where(articles[col].notna(), None)
    return Corpus(
        articles=articles,
        paragraphs=pd.DataFrame(paras, columns=PARAGRAPH_COLUMNS),
        sentences=pd.DataFrame(sents, columns=SENTENCE_COLUMNS),
        removed=pd.DataFrame(removed, columns=REMOVED_COLUMNS),
        problems=pd.DataFrame(problems, columns=PROBLEM_COLUMNS),
        metadata=pd.DataFrame(meta, columns=METADATA_COLUMNS),
        folder=folder,
    )


# ---------------------------------------------------------------------------------------
# Summaries for the corpus-at-a-glance notebook
# ---------------------------------------------------------------------------------------
_QUOTE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'


def outlet_overview(corpus: Corpus) -> pd.DataFrame:
    """One row per outlet: articles, paragraphs, sentences, words, quotation marks and
    removed lines, with words per article and per paragraph. Quotation marks are counted
    in the original characters (straight, curly and guillemets alike)."""
    arts = corpus.articles.assign(
        quote_marks=corpus.articles["text_raw"].map(lambda t: sum(t.count(c) for c in _QUOTE_MARKS)),
    )
    removed = corpus.removed.merge(arts[["article_id", "outlet"]], on="article_id").groupby("outlet").size()
    out = arts.groupby("outlet").agg(
        articles=("article_id", "size"),
        events=("event", "nunique"),
        paragraphs=("n_paragraphs", "sum"),
        sentences=("n_sentences", "sum"),
        words=("n_words", "sum"),
        quotation_marks=("quote_marks", "sum"),
    )
    out["removed_lines"] = removed.reindex(out.index).fillna(0).astype(int)
    out["words_per_article"] = (out["words"] / out["articles"]).round(1)
    out["words_per_paragraph"] = (out["words"] / out["paragraphs"]).round(1)
    out["sentences_per_paragraph"] = (out["sentences"] / out["paragraphs"]).round(2)
    return out.reset_index()


def removed_by_reason(corpus: Corpus) -> pd.DataFrame:
    """One row per (outlet, reason): how many capture lines were left out, and why."""
    merged = corpus.removed.merge(corpus.articles[["article_id", "outlet"]], on="article_id")
    # "after the end of the article (X)": count it under X when X names a kind of furniture
    inner = merged["reason"].str.extract(r"^after the end of the article \((.+)\)$", expand=False)
    after_end = inner.notna() & ~inner.isin(["text", "date", "byline", "credit"])
    reason = merged["reason"].where(~after_end, inner)
    reason = reason.str.replace(r"^after the end of the article.*", "after the end of the article", regex=True)
    return (
        merged.assign(reason=reason)
        .groupby(["outlet", "reason"])
        .size()
        .rename("lines")
        .reset_index()
        .sort_values(["outlet", "lines"], ascending=[True, False], ignore_index=True)
    )


def paragraph_lengths(corpus: Corpus) -> pd.DataFrame:
    """One row per paragraph: outlet, article, position (1-based and relative 0-1), words,
    and whether the paragraph contains a quotation mark."""
    paras = corpus.paragraphs.merge(corpus.articles[["article_id", "outlet", "n_paragraphs"]], on="article_id")
    return pd.DataFrame(
        {
            "outlet": paras["outlet"],
            "article_id": paras["article_id"],
            "position": paras["para_id"] + 1,
            "relative_position": (paras["para_id"] + 0.5) / paras["n_paragraphs"],
            "words": paras["text"].map(count_words),
            "has_quote": paras["text"].str.contains('"', regex=False),
        }
    )
