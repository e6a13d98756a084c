"""Recognise page furniture in plain-text captures of news pages.

Each test looks at one line and the shape of the text, never at a list of known sentences:
fundraising and subscription appeals, navigation links ("Read more"), photo credits and
captions, dates ("Updated Jul 28, 2015"), bylines, agency credits ("TRTWorld and agencies"),
author contact lines, share widgets and copyright lines. The patterns are page-furniture
conventions common to English-language news sites; extend them with :data:`EXTRA_PATTERNS`.
"""

from __future__ import annotations

import datetime as dt
import re

from analysis import lexicons
from analysis.text import count_words, tokenize

# --- reasons (the vocabulary of the `removed` table) -----------------------------------
APPEAL = "donation or subscription appeal"
READER_ADDRESS = "appeal addressed to the reader"
NAVIGATION = "navigation or link text"
PHOTO_CREDIT = "photo credit"
CAPTION = "photo caption"
CONTACT = "author contact line"
SHARE = "share or social-media widget"
COPYRIGHT = "copyright or legal notice"
ADVERT = "advertisement label"
SHORT = "short non-sentence line (label, subheading or link)"
AFTER_END = "after the end of the article"
BEFORE_TITLE = "before the headline (site header)"
DUPLICATE = "repeated metadata line"
DATE_AFTER_BODY = "date line inside the body"
EMBED = "embedded post or widget text"

_MONTHS = lexicons.MONTHS
_MONTH_RE = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?"
_TIME_RE = r"(?:\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*\(?(?:[A-Z]{2,5}|UTC[+-]?\d*|GMT[+-]?\d*)\)?)?)"

_DATE_PATTERNS = [
    # Jul 28, 2015 / July 28 2015
    re.compile(rf"^(?P<mon>{_MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})$", re.I),
    # 28 July 2015
    re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{_MONTH_RE}),?\s+(?P<year>\d{{4}})$", re.I),
    # 2015-07-28
    re.compile(r"^(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?:T[\d:.+Z-]*)?$"),
    # 28.07.2015 (European)
    re.compile(r"^(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})$"),
    # 07/28/2015 (US order)
    re.compile(r"^(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})$"),
]
_DATE_PREFIX_RE = re.compile(
    r"^(?:(?P<kind>last\s+updated|updated|modified|edited|published|posted|first\s+published|"
    r"date|created)\b\s*(?:on|at)?\s*[:\-|]?\s*)?",
    re.I,
)
_DATE_NOISE_RE = re.compile(rf"(?:\b{_WEEKDAY_RE}\s*|\s*[|·•,]?\s*{_TIME_RE}\s*|\s*[|·•]\s*)", re.I)


def parse_date(text: str) -> dt.date | None:
    """Parse a bare date such as "Jul 28, 2015", "28 July 2015" or "2015-07-28"."""
    s = text.strip().strip(".,;|").strip()
    for rx in _DATE_PATTERNS:
        m = rx.match(s)
        if not m:
            continue
        mon = m.group("mon")
        month = int(mon) if mon.isdigit() else _MONTHS.get(mon.lower().rstrip("."))
        try:
            return dt.date(int(m.group("year")), int(month), int(m.group("day")))
        except (TypeError, ValueError):
            return None
    return None


def date_line(line: str) -> tuple[str, dt.date] | None:
    """If ``line`` is only a date (with an optional label and time), return (kind, date).

    ``kind`` is ``"updated"`` for "Updated ...", "Last updated ...", "Modified ...",
    otherwise ``"published"``.
    """
    if count_words(line) > 12:
        return None
    m = _DATE_PREFIX_RE.match(line.strip())
    kind_word = (m.group("kind") or "").lower() if m else ""
    rest = line.strip()[m.end() :] if m else line.strip()
    rest = _DATE_NOISE_RE.sub(" ", rest)
    rest = re.sub(r"\s+", " ", rest).strip(" ,.|-")
    date = parse_date(rest)
    if date is None:
        return None
    kind = "updated" if kind_word.split()[-1:] in (["updated"], ["modified"], ["edited"]) else (
        "published"
    )
    return kind, date


# --- bylines and credits -------------------------------------------------------------
_NAME = r"[A-Z][\w'\u2019.\-]+(?:\s+(?:[A-Z][\w'\u2019.\-]+|van|von|de|del|der|da|al|bin|el|la|le))*"
_BYLINE_RE = re.compile(
    rf"^(?:by|written by|words by|author|reporting by|story by)\s*:?\s+(?P<name>{_NAME}"
    rf"(?:\s*(?:,|and|&)\s*{_NAME})*)(?:\s*[,|/\-\u2014]\s*.*)?$",
    re.I,
)
WIRE_SERVICES = (
    "Reuters",
    "Associated Press",
    "AP",
    "AFP",
    "Agence France-Presse",
    "Agence France Presse",
    "dpa",
    "Anadolu Agency",
    "Anadolu",
    "AA",
    "Xinhua",
    "TASS",
    "Tass",
    "Interfax",
    "RIA Novosti",
    "Bloomberg",
    "UPI",
    "EFE",
    "ANSA",
    "Kyodo",
    "PTI",
    "IANS",
    "Press Association",
    "PA",
)
_WIRE_RE = "|".join(re.escape(w) for w in sorted(WIRE_SERVICES, key=len, reverse=True))
_CREDIT_RE = re.compile(
    rf"""^(?:
        [\w .'\-]{{0,40}}\b(?:and|with|&|\+)\s+(?:news\s+)?agencies
      | (?:staff|compiled|edited)\b.{{0,40}}\bagenc(?:y|ies)
      | \(?(?:{_WIRE_RE})(?:\s*(?:/|,|and|&|\+)\s*(?:{_WIRE_RE}))*\)?
      | (?:additional\s+)?reporting\s+by\s+.{{1,80}}(?:;\s*(?:writing|editing)\s+by\s+.{{1,80}})*
      | (?:writing|editing)\s+by\s+.{{1,80}}
      | source\s*:\s*(?:{_WIRE_RE}|[\w ]{{1,30}}agenc(?:y|ies))
    )\.?$""",
    re.I | re.X,
)


def byline(line: str) -> str | None:
    """The author named by a byline such as "By John Smith" (None if not a byline)."""
    if count_words(line) > 14:
        return None
    m = _BYLINE_RE.match(line.strip())
    return m.group("name").strip() if m else None


def credit_line(line: str) -> bool:
    """True for agency credit lines: "TRTWorld and agencies", "(Reuters)", "Reporting by ..."."""
    s = line.strip()
    return count_words(s) <= 20 and bool(_CREDIT_RE.match(s))


# --- furniture patterns ----------------------------------------------------------------
_APPEAL_RE = re.compile(
    r"""\b(?:
        support\s+(?:us|our\s+(?:work|journalism|reporting|newsroom|mission))
      | (?:your|reader)\s+support | ready\s+to\s+support | support\s+(?:today|monthly)
      | donat(?:e|ion|ing) | contribut(?:e|ion)\s+(?:today|now|monthly|from)
      | ad[-\s]free | disabled\s+(?:all\s+)?ads | ad\s*blocker
      | we\s+need\s+your\s+help | (?:small\s+)?favou?r\s+to\s+ask
      | pa(?:y|i)ments?\s+methods? | remind\s+me\s+(?:later|in\b)
      | subscribe\s+(?:now|today|to\s+(?:our|the)) | become\s+a\s+(?:member|subscriber|supporter)
      | sign\s+up\s+(?:for|to)\s+(?:our|the)\s+(?:newsletter|daily|weekly)
      | (?:our|free)\s+newsletter | already\s+a\s+subscriber | unlimited\s+access
    )\b""",
    re.I | re.X,
)
_NAV_RE = re.compile(
    r"""^(?:
        read\s+(?:more|also|next|the\s+full\s+story)\b.* | see\s+also\b.*
      | related(?:\s+(?:articles?|stories|content|news))?\s*:?.*
      | more\s+(?:on|from|about|in)\s+.* | continue\s+reading.* | click\s+here.* | watch\s*:.* | listen\s*:.*
      | (?:most\s+)?(?:popular|trending|recommended)(?:\s+(?:now|stories|articles))?\s*:?
      | (?:previous|next)\s+(?:article|story|page)\b.* | back\s+to\s+top | skip\s+to\s+(?:main\s+)?content
      | home(?:\s*[|>\u203a\u00bb/]\s*[\w ]+)+ | [\w ]+(?:\s*[|\u203a\u00bb>]\s*[\w ]+){2,}
      | comments?\s*\(?\d*\)? | view\s+comments | leave\s+a\s+comment | load\s+more
    )$""",
    re.I | re.X,
)
_SHARE_RE = re.compile(
    r"""^(?:share(?:\s+(?:this|on|via)\b.*)?|tweet|print|e-?mail(?:\s+this)?|whatsapp|telegram
      |facebook|twitter|linkedin|reddit|pinterest|copy\s+link|follow\s+us\b.*)$""",
    re.I | re.X,
)
_PHOTO_RE = re.compile(
    r"^\(?(?:photo(?:graph)?s?|images?|pictures?|pics?|illustrations?|videos?|graphics?|credits?|"
    r"photo\s+credit|image\s+credit|source)\b[^:|]{0,20}[:|]",
    re.I,
)
_IMAGE_AGENCY = (
    r"(?:Getty\s+Images|Shutterstock|Alamy|EPA(?:-EFE)?|AFP|AP(?:\s+Photo)?|Reuters|Sputnik|TASS"
    r"|Anadolu(?:\s+Agency)?|Pool)"
)
_INLINE_CREDIT_RE = re.compile(
    # "(Photo: AP)" anywhere; "(Reuters)", "REUTERS/Name", "| AFP", "Photo: X" only at the
    # end of the line (at the start, "CITY (Reuters) -" is a wire dateline, not a credit).
    rf"(?:\(\s*(?:photo|image|picture)\s*(?:by)?\s*:?\s*[^)]{{1,60}}\)"
    rf"|\(\s*(?:[\w .'\-]+/\s*)?{_IMAGE_AGENCY}[\w .'/\-]*\)\.?\s*$"
    rf"|(?:photo|image|picture)\s*(?:by)?\s*:\s*[\w .'\-/]+$|\b[A-Z]{{2,}}/[A-Z][\w .'\-]+$"
    rf"|\s[|/]\s*{_IMAGE_AGENCY}\s*$)",
    re.I,
)
_CAPTION_DATE_RE = re.compile(
    rf",\s*(?:{_WEEKDAY_RE}\s*)?(?:{_MONTH_RE}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH_RE})(?:,?\s+\d{{4}})?\.?\s*$",
    re.I,
)
_EMAIL_RE = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_CONTACT_RE = re.compile(
    r"^(?:contact|e-?mail|write\s+to|reach|follow)\b.{0,60}(?:@|\btwitter\b|\bx\.com\b)", re.I
)
_COPYRIGHT_RE = re.compile(
    r"(?:^\u00a9|^\(c\)\s|^copyright\b|all\s+rights\s+reserved|may\s+not\s+be\s+(?:published|reproduced)"
    r"|terms\s+of\s+(?:use|service)|privacy\s+policy|cookie\s+(?:policy|settings)|we\s+use\s+cookies)",
    re.I,
)
_ADVERT_RE = re.compile(r"^(?:advertisement|advert|sponsored(?:\s+content)?|ad|promoted|partner\s+content)$", re.I)

_EMBED_RES: list[re.Pattern[str]] = []


def _embed_patterns() -> list[re.Pattern[str]]:
    """Embedded-post and widget patterns (``analysis/lexicons/embed_patterns.csv``), compiled on first use."""
    if not _EMBED_RES:
        _EMBED_RES.extend(re.compile(p, re.I) for p in lexicons.load("embed_patterns")["pattern"])
    return _EMBED_RES


def embed_line(line: str) -> bool:
    """True for text of an embedded social-media post or a page widget ("pic.twitter.com/...",
    "— Name (@handle) May 12, 2015", "View this post on Instagram", "Please enable JavaScript")."""
    return count_words(line) <= 60 and any(rx.search(line) for rx in _embed_patterns())


#: Extra ``(compiled_regex, reason)`` pairs a user can append for their outlets' furniture.
EXTRA_PATTERNS: list[tuple[re.Pattern[str], str]] = []

_SECOND_PERSON = {"you", "your", "yours", "yourself", "yourselves"}
_FIRST_PLURAL = {"we", "our", "ours", "ourselves"}
_QUOTED_RE = re.compile(r'"[^"]*"')


def reader_address_share(line: str) -> tuple[int, int, float]:
    """(you-words, we-words, their share of all words) outside quotation marks.

    News copy talks about third parties; fundraising appeals talk to "you" about "us".
    """
    return _address_counts(_QUOTED_RE.sub(" ", line))


# every you-word or we-word token is one of these words with no letter before or after it (a token
# is a whole run of word characters, with inner hyphens and apostrophes), so a line without any has
# no such word; "were", "four" or "week" no longer send a line to the tokenizer
_ADDRESS_HINT_RE = re.compile(rf"(?<![a-z])(?:{'|'.join(sorted(_SECOND_PERSON | _FIRST_PLURAL))})(?![a-z])", re.I)


def _address_counts(outside: str) -> tuple[int, int, float]:
    """:func:`reader_address_share` of text already without its quotations."""
    if not _ADDRESS_HINT_RE.search(outside):  # most lines: no need to tokenize
        return 0, 0, 0.0
    tokens = tokenize(outside)
    if not tokens:
        return 0, 0, 0.0
    you = sum(t in _SECOND_PERSON for t in tokens)
    we = sum(t in _FIRST_PLURAL for t in tokens)
    return you, we, (you + we) / len(tokens)


def furniture_reason(line: str) -> str | None:
    """Why ``line`` (normalised, stripped) is page furniture, or None if it may be content."""
    n_words = count_words(line)
    for rx, reason in EXTRA_PATTERNS:
        if rx.search(line):
            return reason
    if embed_line(line):
        return EMBED
    # Words inside quotation marks belong to a speaker, not to the page.
    outside = _QUOTED_RE.sub(" ", line)
    you, we, share = _address_counts(outside)
    if (n_words <= 20 or share >= 0.04) and _APPEAL_RE.search(outside):  # the cheap test first
        return APPEAL
    if you >= 1 and we >= 1 and share >= 0.06:
        return READER_ADDRESS
    if n_words <= 15:
        if _NAV_RE.match(line):
            return NAVIGATION
        if _SHARE_RE.match(line):
            return SHARE
        if _ADVERT_RE.match(line):
            return ADVERT
        if _PHOTO_RE.match(line):
            return PHOTO_CREDIT
    if n_words <= 20 and (_CONTACT_RE.match(line) or _EMAIL_RE.search(line)):
        return CONTACT
    if n_words <= 40 and _COPYRIGHT_RE.search(line):
        return COPYRIGHT
    return None


def caption_like(line: str, *, in_header: bool) -> bool:
    """True for photo captions: an inline credit "(Reuters)", "REUTERS/Name", or, between
    the headline and the body, a one-sentence line ending in a dateline such as ", May 12."
    """
    if count_words(line) > 60:
        return False
    if _INLINE_CREDIT_RE.search(line):
        return True
    return in_header and bool(_CAPTION_DATE_RE.search(line))


_TERMINAL_RE = re.compile(r"[.!?:;\u2026]['\")\]]*$|['\"]$")


def is_prose(line: str) -> bool:
    """True for a line that reads as running text: a sentence with its final punctuation,
    or a long line (some captures drop the final stop)."""
    n_words = count_words(line)
    if n_words == 0:
        return False
    if not any(c.islower() for c in line):
        # scripts without letter case (Chinese, Japanese, Arabic, ...): long lines are prose
        return _caseless_prose(line)
    if _TERMINAL_RE.search(line):
        return n_words >= 3
    return n_words >= 15


def _caseless_prose(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    caseless = sum(not c.isupper() and not c.islower() for c in letters)
    return len(letters) >= 15 and caseless * 2 >= len(letters)


def ends_like_sentence(line: str) -> bool:
    """True when the line ends with sentence-final punctuation."""
    return bool(_TERMINAL_RE.search(line))
