"""Sentence tone with VADER (Hutto & Gilbert 2014) and AFINN (Nielsen 2011); offline lexicons."""

from __future__ import annotations

import bisect
import importlib.resources
import re
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.validate import require_columns

CUTOFF = 0.05
LABELS = ("negative", "neutral", "positive")

# ---------------------------------------------------------------------------------------
# Lexicons (lazy, cached; importing this module does no I/O)
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def vader():
    """The one cached NLTK VADER analyzer, reading the lexicon from the vaderSentiment wheel."""
    import nltk
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    lexicon_dir = str(importlib.resources.files("vaderSentiment"))
    if lexicon_dir not in nltk.data.path:
        nltk.data.path.append(lexicon_dir)
    analyzer = _fast_vader_classes()[1](lexicon_file="vader_lexicon.txt")
    return analyzer if _fast_path_is_exact(analyzer) else SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


def _fast_path_is_exact(sia) -> bool:
    """The fast tokenizer relies on every PUNC_LIST entry being made of characters that
    REGEX_REMOVE_PUNCTUATION removes (true for NLTK's constants); otherwise use NLTK's own."""
    consts = sia.constants
    return all(p and consts.REGEX_REMOVE_PUNCTUATION.sub("", p) == "" for p in consts.PUNC_LIST)


@lru_cache(maxsize=1)
def _fast_vader_classes():
    """``(FastSentiText, FastSentimentIntensityAnalyzer)``: NLTK's VADER with a faster tokenizer.

    NLTK's ``SentiText._words_plus_punc`` builds, for every sentence, a dictionary of every
    (punctuation mark, word) pair in both orders and looks each whitespace token up in it:
    most of VADER's time. A token is in that dictionary only if it is a word of the
    punctuation-stripped text (longer than one character) with one PUNC_LIST entry before or
    after it. Words contain no punctuation, so the entry is the token's whole leading or
    trailing run of punctuation and at most one (entry, word) pair matches: checking the
    token's ends directly gives the same tokens, hence identical scores (tested against NLTK).
    """
    import string

    from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText

    # NLTK's punctuation pattern is one class of the ASCII punctuation characters: deleting
    # them with str.translate gives the same text without the regular-expression engine
    plain_punctuation = f"[{re.escape(string.punctuation)}]"
    delete_punctuation = str.maketrans("", "", string.punctuation)

    class FastSentiText(SentiText):
        def _words_and_emoticons(self):
            text = self.text
            remove = self.REGEX_REMOVE_PUNCTUATION
            bare = (text.translate(delete_punctuation) if getattr(remove, "pattern", None) == plain_punctuation
                    and not getattr(remove, "flags", 0) & re.IGNORECASE else remove.sub("", text))
            words_only = {w for w in bare.split() if len(w) > 1}
            punc = self.PUNC_LIST
            starts = {p[0] for p in punc}
            ends = {p[-1] for p in punc}
            wes = [we for we in text.split() if len(we) > 1]
            for i, we in enumerate(wes):
                if we[-1] in ends:
                    for p in punc:
                        if we.endswith(p) and we[: -len(p)] in words_only:
                            wes[i] = we[: -len(p)]
                            break
                elif we[0] in starts:
                    for p in punc:
                        if we.startswith(p) and we[len(p) :] in words_only:
                            wes[i] = we[len(p) :]
                            break
            return wes

    class FastSentimentIntensityAnalyzer(SentimentIntensityAnalyzer):
        def senti_text(self, text):
            return FastSentiText(text, self.constants.PUNC_LIST, self.constants.REGEX_REMOVE_PUNCTUATION)

        def polarity_scores(self, text):
            # NLTK 3.9+ ``polarity_scores`` with FastSentiText in place of SentiText
            sentitext = self.senti_text(text)
            sentiments = []
            words_and_emoticons = sentitext.words_and_emoticons
            first_index = {}
            for idx, token in enumerate(words_and_emoticons):
                if token not in first_index:
                    first_index[token] = idx
            booster = self.constants.BOOSTER_DICT
            lexicon = self.lexicon
            last = len(words_and_emoticons) - 1
            lows = [w.lower() for w in words_and_emoticons]
            for item, low in zip(words_and_emoticons, lows, strict=True):
                # NLTK's sentiment_valence appends the 0 it is given for a word not in the
                # lexicon: most words, so they skip the call (same list, same scores)
                if low not in lexicon or low in booster:
                    sentiments.append(0)
                    continue
                i = first_index[item]
                if i < last and low == "kind" and words_and_emoticons[i + 1].lower() == "of":
                    sentiments.append(0)
                    continue
                sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
            if "but" in lows:  # NLTK's _but_check changes nothing in a sentence without "but"
                sentiments = self._but_check(words_and_emoticons, sentiments)
            return self.score_valence(sentiments, text)

    return FastSentiText, FastSentimentIntensityAnalyzer


@lru_cache(maxsize=1)
def _afinn_lexicon() -> tuple[dict[str, float], int]:
    """AFINN-en-165 from the afinn package: (phrase -> score, longest phrase length)."""
    from afinn import Afinn

    words = Afinn.read_word_file(Afinn().full_filename("AFINN-en-165.txt"))
    return {k: float(v) for k, v in words.items()}, max(len(k) for k in words)


@lru_cache(maxsize=1)
def _afinn_first_words() -> dict[str, int]:
    """First word (run of word characters) of each AFINN phrase -> longest phrase starting with it.

    A phrase matched at a word start ``i`` has that whole word as its own first word, so a
    word that starts no phrase is skipped and longer candidates are never tried: the same
    matches as trying every boundary up to the longest phrase, with far fewer look-ups."""
    out: dict[str, int] = {}
    for key in _afinn_lexicon()[0]:
        m = _AFINN_WORD_RE.match(key)
        if m:
            out[m.group()] = max(out.get(m.group(), 0), len(key))
    return out


_AFINN_WORD_RE = re.compile(r"\w+")
_AFINN_SPACE_RE = re.compile(r"\s+")


def afinn_score(text: str) -> float:
    """Sum of AFINN word scores of ``text``, exactly as ``afinn.Afinn().score`` computes it
    (lower-cased, whitespace collapsed, leftmost-longest phrase matches between word
    boundaries), but by dictionary look-ups at word boundaries instead of one regular
    expression with 3,382 alternatives, which is about ten times slower."""
    lexicon, _ = _afinn_lexicon()
    first_word_max = _afinn_first_words()
    t = _AFINN_SPACE_RE.sub(" ", text).lower()
    words = _AFINN_WORD_RE.findall(t)
    # a phrase starts at a word start with that whole word as its first word: most sentences
    # have no such word, and their word boundaries are never needed
    hits = [k for k, w in enumerate(words) if w in first_word_max]
    if not hits:
        return 0.0
    # the word boundaries (\b) are the starts and ends of the runs of word characters, in order
    bounds = [b for m in _AFINN_WORD_RE.finditer(t) for b in m.span()]
    total = 0.0
    pos = 0  # findall does not overlap: the next match starts at or after the last end
    for k in hits:
        i = bounds[2 * k]
        if i < pos:
            continue
        longest = first_word_max[words[k]]
        # bounds[2k + 1] ends the word at i; only phrases starting with that word can match
        for j in reversed(bounds[2 * k + 1 : bisect.bisect_right(bounds, i + longest)]):
            score = lexicon.get(t[i:j])
            if score is not None:
                total += score
                pos = j
                break
    return total


def _as_texts(texts: Iterable[str] | pd.Series, what: str = "texts") -> list[str]:
    if isinstance(texts, str):
        raise TypeError(f"{what} must be a list or Series of strings, not one string")
    values = list(texts)
    bad = [i for i, t in enumerate(values) if not isinstance(t, str)]
    if bad:
        raise TypeError(
            f"{what}: item {bad[0]} is {type(values[bad[0]]).__name__}, expected text; "
            f"{len(bad)} item(s) are not strings (missing values?)"
        )
    return values


def score_sentences(texts: Iterable[str] | pd.Series) -> pd.DataFrame:
    """VADER scores, one row per input text in input order.

    Columns ``neg, neu, pos, compound`` (Hutto & Gilbert 2014). The index is 0..n-1 for a
    list, or the Series' own index for a Series. Empty strings score 0 everywhere.
    """
    values = _as_texts(texts)
    sia = vader()
    rows = [sia.polarity_scores(t) for t in values]
    index = texts.index if isinstance(texts, pd.Series) else None
    frame = pd.DataFrame.from_records(rows, columns=["neg", "neu", "pos", "compound"], index=index)
    return frame.astype(float)


def _squash(x: np.ndarray | float, alpha: float = 15.0):
    return x / np.sqrt(x * x + alpha)


def score_sentences_afinn(texts: Iterable[str] | pd.Series) -> pd.DataFrame:
    """AFINN scores, one row per input text in input order.

    Columns ``afinn`` (sum of AFINN-en-165 word scores, -5..+5 each; Nielsen 2011) and
    ``afinn_compound`` (that sum squashed to [-1, 1] with VADER's x / sqrt(x^2 + 15)).
    """
    values = _as_texts(texts)
    raw = np.array([afinn_score(t) for t in values], dtype=float)
    index = texts.index if isinstance(texts, pd.Series) else None
    return pd.DataFrame({"afinn": raw, "afinn_compound": _squash(raw)}, index=index)


def label(compound: Iterable[float] | pd.Series, *, cutoff: float = CUTOFF) -> np.ndarray:
    """``negative`` / ``neutral`` / ``positive`` from compound scores (VADER's +-0.05 cut-offs)."""
    x = np.asarray(list(compound) if not isinstance(compound, np.ndarray) else compound, float)
    return np.where(x >= cutoff, "positive", np.where(x <= -cutoff, "negative", "neutral"))


def score_table(
    sentences: pd.DataFrame, *, text_col: str = "text", afinn: bool = True
) -> pd.DataFrame:
    """Copy of ``sentences`` (one row per sentence) with tone columns added.

    Adds ``neg, neu, pos, compound`` (VADER), ``label`` (+-0.05 cut-offs) and, unless
    ``afinn=False``, ``afinn`` and ``afinn_compound``.
    """
    require_columns(sentences, [text_col], "sentences")
    out = sentences.copy()
    scores = score_sentences(out[text_col].reset_index(drop=True))
    for col in scores.columns:
        out[col] = scores[col].to_numpy()
    out["label"] = label(out["compound"].to_numpy())
    if afinn:
        af = score_sentences_afinn(out[text_col].reset_index(drop=True))
        out["afinn"] = af["afinn"].to_numpy()
        out["afinn_compound"] = af["afinn_compound"].to_numpy()
    return out
