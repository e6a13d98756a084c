"""Offline text layer: offset-preserving normalisation, sentences, word tokens, stop words.

Nothing here needs downloaded NLTK data. Sentence splitting is NLTK's Punkt
(Kiss & Strunk 2006) with a curated abbreviation list instead of a trained model,
run one paragraph at a time; word tokens come from a regular expression that keeps
"U.S."-style abbreviations, hyphenated words and contractions whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from analysis import lexicons

if TYPE_CHECKING:
    from nltk.tokenize.punkt import PunktSentenceTokenizer

# --- normalisation -----------------------------------------------------------------
# Every mapping is one character to one character, so an offset into the normalised
# text is also an offset into the original: the original characters stay recoverable
# by slicing the raw text with the same offsets.
_CHAR_MAP = {
    # odd spaces -> plain space
    **{chr(c): " " for c in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000)},
    **{chr(c): " " for c in range(0x2000, 0x200B)},
    "\t": " ",
    # quotation marks -> straight double quote
    **{c: '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e"},
    # apostrophes and single quotes -> straight apostrophe
    **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u2039\u203a`\u00b4"},
    # hyphen variants -> hyphen-minus; dashes -> em dash
    **{c: "-" for c in "\u2010\u2011\u2212\u00ad"},
    **{c: "\u2014" for c in "\u2012\u2013\u2014\u2015\ufe58"},
}
# The characters to replace as one class: the regex engine scans a text for them in C and calls
# back only where one is, instead of str.translate's dictionary look-up for every character.
_TO_REPLACE_RE = re.compile("[" + re.escape("".join(_CHAR_MAP)) + "]")
_ASCII_TO_REPLACE = tuple(c for c in _CHAR_MAP if c.isascii())  # tab and backquote


def _replace(match: re.Match) -> str:
    return _CHAR_MAP[match.group()]


def normalize(text: str) -> str:
    """Return ``text`` with odd spaces, curly quotes, apostrophes and dashes made plain.

    The result has exactly the same length as the input (one character in, one out),
    so offsets computed on the normalised text index the original text too.
    """
    if text.isascii() and not any(c in text for c in _ASCII_TO_REPLACE):
        return text
    return _TO_REPLACE_RE.sub(_replace, text)


# --- sentences -----------------------------------------------------------------------
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    u.s u.k u.n e.u u.s.a u.s.s.r d.c a.m p.m e.g i.e etc vs v al
    mr mrs ms dr prof sr jr st mt ft rev fr
    gen lt col maj capt cmdr adm sgt cpl pvt brig
    sen rep gov pres amb sec atty supt insp det
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc corp co ltd llc bros dept univ assn est approx fig
    ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
    neb nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
)


_INNER_STOP_RE = re.compile(r"[.?!]")
_NUMBER_ABBREV_RE = re.compile(r"\b(?:No|Nos|Art|Vol|p|pp)\.$")


@lru_cache(maxsize=8)
def _punkt(abbreviations: frozenset[str], *, plain: bool = False) -> PunktSentenceTokenizer:
    """Punkt with the curated abbreviations; ``plain``: the same tokenizer with its own patterns
    compiled by the standard ``re`` (see :func:`_plain_punkt_classes`), for :func:`_re_agrees` text."""
    # imported here: importing nltk costs ~1 s, which a notebook that only reads tables never needs
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    if plain:
        lang_vars, token_cls = _plain_punkt_classes()
        return PunktSentenceTokenizer(params, lang_vars=lang_vars(), token_cls=token_cls)
    return PunktSentenceTokenizer(params)


@lru_cache(maxsize=1)
def _plain_punkt_classes() -> tuple[type, type]:
    """Punkt's language variables and token class with the very same patterns compiled by the
    standard ``re`` instead of NLTK's ReDoS guard (the third-party ``regex`` engine run under a
    timeout, which makes Punkt ~2.4x slower). The patterns are NLTK's own, read from its
    classes, and none of them can backtrack catastrophically; the two engines differ only in
    which characters ``\\s``, ``\\w`` and ``\\d`` match, so :func:`_spans` uses these only for
    text whose every character both engines class alike (:func:`_re_agrees`)."""
    from nltk.tokenize.punkt import PunktLanguageVars, PunktToken

    class PlainLanguageVars(PunktLanguageVars):
        re_boundary_realignment = re.compile(PunktLanguageVars.re_boundary_realignment.pattern, re.MULTILINE)

        def _word_tokenizer_re(self):
            try:
                return self._re_word_tokenizer
            except AttributeError:
                self._re_word_tokenizer = re.compile(
                    self._word_tokenize_fmt % {"NonWord": self._re_non_word_chars,
                                               "MultiChar": self._re_multi_char_punct,
                                               "WordStart": self._re_word_start},
                    re.UNICODE | re.VERBOSE,
                )
                return self._re_word_tokenizer

        def period_context_re(self):
            try:
                return self._re_period_context
            except AttributeError:
                self._re_period_context = re.compile(
                    self._period_context_fmt % {"NonWord": self._re_non_word_chars,
                                                "SentEndChars": self._re_sent_end_chars},
                    re.UNICODE | re.VERBOSE,
                )
                return self._re_period_context

    class PlainToken(PunktToken):
        __slots__ = ()
        _RE_ELLIPSIS = re.compile(PunktToken._RE_ELLIPSIS.pattern)
        _RE_NUMERIC = re.compile(PunktToken._RE_NUMERIC.pattern)
        _RE_INITIAL = re.compile(PunktToken._RE_INITIAL.pattern, re.UNICODE)
        _RE_ALPHA = re.compile(PunktToken._RE_ALPHA.pattern, re.UNICODE)

    return PlainLanguageVars, PlainToken


_AGREES: dict[str, bool] = {}  # character -> the two engines class it alike (few distinct characters)


def _re_agrees(text: str) -> bool:
    """True when ``re`` and ``regex`` put every character of ``text`` in the same classes
    (``\\s``, ``\\w``, ``\\d``): they differ on a few (the ASCII separators \\x1c-\\x1f,
    combining marks, joiners, characters newer than ``re``'s Unicode tables)."""
    if text.isascii():  # most text: a few scans for the ASCII characters the engines class apart
        return not any(ch in text for ch in _ascii_disagreeing())
    known = _AGREES.get
    for ch in set(text):
        agrees = known(ch)
        if agrees is None:
            agrees = _AGREES[ch] = _engines_agree(ch)
        if not agrees:
            return False
    return True


def _engines_agree(ch: str) -> bool:
    import regex

    return all(bool(re.match(p, ch)) == bool(regex.match(p, ch)) for p in (r"\s", r"\w", r"\d"))


@lru_cache(maxsize=1)
def _ascii_disagreeing() -> tuple[str, ...]:
    """The ASCII characters ``re`` and ``regex`` class differently (the separators \\x1c-\\x1f)."""
    return tuple(ch for ch in map(chr, range(128)) if not _engines_agree(ch))


def sentence_spans(
    paragraph: str, *, abbreviations: Iterable[str] | None = None
) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences in one paragraph.

    Punkt with curated abbreviation parameters; leading and trailing whitespace is not
    part of any span. Pass ``abbreviations`` (lower case, no final period) to replace
    the default list.
    """
    abbrevs = ABBREVIATIONS if abbreviations is None else frozenset(abbreviations)
    return list(_spans(paragraph, abbrevs))


@lru_cache(maxsize=1 << 15)
def _spans(paragraph: str, abbrevs: frozenset[str]) -> tuple[tuple[int, int], ...]:
    # Kept per process: the corpus, the framing and (where normalisation changes nothing) the
    # quotation steps split the same paragraphs of a batch, and Punkt is the costly part.
    stripped_all = paragraph.strip()
    if not stripped_all:
        return ()
    if not _INNER_STOP_RE.search(stripped_all, 0, len(stripped_all) - 2):
        # Punkt only breaks after . ? ! followed by more text: with none before the last two
        # characters the paragraph is one sentence, and Punkt need not run.
        lead = len(paragraph) - len(paragraph.lstrip())
        return ((lead, lead + len(stripped_all)),)
    spans: list[tuple[int, int]] = []
    for start, end in _punkt(abbrevs, plain=_re_agrees(paragraph)).span_tokenize(paragraph):
        chunk = paragraph[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        lead = len(chunk) - len(chunk.lstrip())
        s, e = start + lead, start + lead + len(stripped)
        # "No." is an abbreviation only before a number ("the No. 2 official"); listing it
        # as one would glue "She said no. Then ..." together.
        if spans and _NUMBER_ABBREV_RE.search(paragraph[spans[-1][0] : spans[-1][1]]) and (
            stripped[:1].isdigit()
        ):
            spans[-1] = (spans[-1][0], e)
        else:
            spans.append((s, e))
    return tuple(spans)


def split_sentences(paragraph: str, *, abbreviations: Iterable[str] | None = None) -> list[str]:
    """The sentences of one paragraph, as strings (see :func:`sentence_spans`)."""
    return [paragraph[s:e] for s, e in sentence_spans(paragraph, abbreviations=abbreviations)]


# --- words ---------------------------------------------------------------------------
_TOKEN_RE = re.compile(
    r"""
    (?:[A-Za-z]\.){2,}(?![A-Za-z])        # U.S., U.N., D.C.
    | \$?\d+(?:[.,:]\d+)*%?               # numbers, money, times, percentages
    | \w+(?:['\u2019]\w+)*(?:-\w+(?:['\u2019]\w+)*)*   # words, contractions, hyphenated
    """,
    re.VERBOSE,
)


def token_spans(text: str) -> list[tuple[str, int, int]]:
    """Word tokens of ``text`` as ``(token, start, end)``, punctuation dropped."""
    return [(m[0], *m.span()) for m in _TOKEN_RE.finditer(text)]


def tokenize(text: str, *, lower: bool = True) -> list[str]:
    """Word tokens of ``text`` (lower-cased by default), punctuation dropped."""
    if lower and text.isascii():
        # lower-casing ASCII letters moves no token boundary, so this is the same list (other
        # text may not be: "İ" lower-cases to two characters, the second no word character)
        return _TOKEN_RE.findall(text.lower())
    tokens = _TOKEN_RE.findall(text)
    return [t.lower() for t in tokens] if lower else tokens


@lru_cache(maxsize=8192)
def count_words(text: str) -> int:
    """Number of word tokens in ``text``."""
    return len(_TOKEN_RE.findall(text))


# A short English stop-word list (analysis/lexicons/stopwords.csv). It deliberately keeps
# negators (not, no, never, nor, without, n't forms) and "us", which in news copy is usually the country.
STOPWORDS = lexicons.WordSet("stopwords")
NEGATORS = lexicons.WordSet("negators")


def content_words(text: str) -> list[str]:
    """Lower-cased word tokens with stop words removed (negators and "us" are kept)."""
    return [t for t in tokenize(text) if t not in STOPWORDS]


def stopword_ratio(text: str) -> float:
    """Share of word tokens that are English function words (0 when there are none).

    English prose scores about 0.4-0.5; headlines, credits and non-English text much lower.
    """
    tokens = tokenize(text)
    if not tokens:
        return 0.0
    return sum(t in STOPWORDS for t in tokens) / len(tokens)
