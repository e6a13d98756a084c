"""Semetko & Valkenburg (2000) codebook cues: the codebook read from the lexicon files, cue
matching on word tokens, and the evidence table (one row per cue hit with its sentence)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate

import pandas as pd

from analysis import lexicons
from analysis.framing.base import _COLUMN_HINT, FRAMES, _sentences_of
from analysis.validate import require_columns

# --- generic frames: codebook cues ---------------------------------------------------------
# The cue phrases live in analysis/lexicons/frame_cues.csv (columns frame, question, cue) and
# the codebook questions in frame_questions.csv (frame, question, text). Cue syntax: words
# separated by spaces (any whitespace matches), a trailing * allows any word ending, matching
# ignores case. Cues name the *form* of framing (disagreement, blame, money, people, moral
# language), never the topic of a story.
CODEBOOK_LEXICON = "frame_cues"


@lru_cache(maxsize=1)
def codebook() -> dict[str, list[tuple[str, str, tuple[str, ...]]]]:
    """The Semetko & Valkenburg (2000) codebook as cue lists, read from the lexicon files.

    ``{frame: [(question id, question text, cue phrases), ...]}`` in :data:`FRAMES` order.
    """
    cues = lexicons.load(CODEBOOK_LEXICON)
    texts = lexicons.load("frame_questions")
    unknown = sorted(set(cues["frame"]) - set(FRAMES))
    if unknown:
        raise ValueError(f"frame_cues.csv names frames not in FRAMES: {unknown}")
    out: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {}
    for frame in FRAMES:
        rows = texts[texts["frame"] == frame]
        out[frame] = [
            (qid, text, tuple(c.strip() for c in cues.loc[cues["question"] == qid, "cue"] if c.strip()))
            for qid, text in zip(rows["question"], rows["text"], strict=True)
        ]
    return out


def questions() -> tuple[str, ...]:
    """Codebook question ids (CO1..MO3) in codebook order."""
    return tuple(q for items in codebook().values() for q, _, _ in items)


def phrase_regex(cue: str) -> str:
    """Regex for a cue phrase: words split on spaces (any whitespace matches), a trailing
    ``*`` allows any word ending, ``?`` makes the letter before it optional; whole words only.
    """
    parts = []
    for word in cue.split():
        star = word.endswith("*")
        word = word.rstrip("*")
        # "?" in a cue marks an optional letter (fuell?ed); everything else is literal.
        body = "".join(re.escape(ch) if ch != "?" else "?" for ch in word)
        parts.append(body + (r"[\w'-]*" if star else ""))
    return r"(?<![\w-])" + r"\s+".join(parts) + r"(?![\w-])"



# Non-ASCII characters that re.IGNORECASE matches to an ASCII letter (dotted and dotless i,
# long s, Kelvin sign): a text holding one is searched with the regex alone.
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _literal_start(phrase: str) -> str:
    """The lower-cased letters every match of ``phrase`` starts with ("" when not plain ASCII)."""
    words = phrase.split()
    first = words[0].rstrip("*") if words else ""
    if "?" in first:  # the letter before "?" is optional
        first = first[: first.index("?") - 1]
    return first.lower() if first.isascii() else ""


class PhraseFinder:
    """The matches of cue phrases in a text: ``pattern`` is the alternation of
    :func:`phrase_regex` of each phrase (case ignored, group ``{group_prefix}{i}`` for
    ``phrases[i]``) and :meth:`finditer` gives exactly ``pattern.finditer(text)``, faster.

    re would try every phrase at every character; here the letters each phrase starts with are
    found with ``str.find`` in the lower-cased text and the pattern is tried only there, in
    order, skipping what a match covers (as ``finditer`` does). Phrases that do not start with
    plain ASCII letters, or that can match nothing, and texts holding a character that
    ignoring case folds to ASCII, are searched with ``pattern.finditer`` itself.
    """

    def __init__(self, phrases: Sequence[str], *, group_prefix: str = "p") -> None:
        self.phrases = tuple(phrases)
        self.pattern = re.compile("|".join(f"(?P<{group_prefix}{i}>{phrase_regex(p)})"
                                           for i, p in enumerate(self.phrases)), re.IGNORECASE)
        starts = {_literal_start(p) for p in self.phrases}
        self._starts = None if "" in starts or self.pattern.match("") else tuple(sorted(starts))

    def finditer(self, text: str, low: str | None = None) -> Iterator[re.Match]:
        """The matches of ``pattern`` in ``text``, left to right, not overlapping (``low``:
        ``text.lower()`` when the caller already has it)."""
        low = text.lower() if low is None else low
        if self._starts is None or len(low) != len(text) or any(c in text for c in _FOLDS_TO_ASCII):
            yield from self.pattern.finditer(text)
            return
        positions = set()
        for start in self._starts:
            at = low.find(start)
            while at >= 0:
                positions.add(at)
                at = low.find(start, at + 1)
        end = 0
        for at in sorted(positions):
            if at < end:
                continue
            match = self.pattern.match(text, at)
            if match:
                end = match.end()
                yield match

# Cue matching works on word tokens rather than one big regex alternation (which re would try
# at every character): a word is letters/digits joined by internal hyphens or apostrophes, so
# "self-proclaimed" and "shouldn't" are one word and "cost" does not match "cost-cutting".
_WORD_RE = re.compile(r"\w+(?:['-]\w+)*")
_Spec = tuple[tuple[str, bool], ...]  # (word, has trailing *) per word of a cue


@lru_cache(maxsize=1)
def _cue_index() -> tuple[dict[str, list[tuple[int, _Spec]]], dict[str, list[tuple[int, _Spec]]],
                          tuple[int, ...]]:
    """First-word index over all codebook cues: exact words and * prefixes, by question index."""
    exact: dict[str, list[tuple[int, _Spec]]] = {}
    prefix: dict[str, list[tuple[int, _Spec]]] = {}
    for qi, (_frame, _qid, cues) in enumerate(_questions()):
        for cue in cues:
            spec = tuple((w.rstrip("*").lower(), w.endswith("*")) for w in cue.split())
            first, star = spec[0]
            (prefix if star else exact).setdefault(first, []).append((qi, spec))
    lengths = tuple(sorted({len(p) for p in prefix}, reverse=True))
    return exact, prefix, lengths


@lru_cache(maxsize=1)
def _questions() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    return tuple((frame, qid, cues) for frame, items in codebook().items() for qid, _, cues in items)


def _word_matches(token: str, word: str, star: bool) -> bool:
    if star:
        return token.startswith(word)
    return token == word or token == word + "'s" or token == word + "'"


@lru_cache(maxsize=65536)
def _candidates(token: str) -> tuple[tuple[int, _Spec], ...]:
    exact, prefix, lengths = _cue_index()
    found = list(exact.get(token, ()))
    if token.endswith("'s"):
        found += exact.get(token[:-2], ())
    for n in lengths:
        if n <= len(token):
            found += prefix.get(token[:n], ())
    return tuple(found)


# Human face: a named person with an age apposition ("Maria Lopez, 34, ...") and first person
# singular voice; both need case, so they are separate case-sensitive patterns.
_AGE_RE = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?, \d{1,3},")
_FIRST_PERSON_RE = re.compile(r"(?<![\w'-])(?:I|I'm|I've|[Mm]y|me)(?![\w'-])")
_AGE_HINT_RE = re.compile(r", \d{1,3},")


def _words_of(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased word tokens of ``text`` with their offsets (the cue matcher's words, also
    embedded by the frame model's meaning features)."""
    low = text.lower()
    if len(low) == len(text):  # lower-case once (same offsets), not word by word
        return [(m.group(), *m.span()) for m in _WORD_RE.finditer(low)]
    return [(m.group().lower(), *m.span()) for m in _WORD_RE.finditer(text)]


def _hits_in(text: str, words: list[tuple[str, int, int]] | None = None) -> list[tuple[str, str, str, int, int]]:
    if words is None:
        words = _words_of(text)
    questions = _questions()
    free_from = [0] * len(questions)  # matches of one question do not overlap
    hits = []
    for i, (tok, start, _end) in enumerate(words):
        candidates = _candidates(tok)
        if not candidates:  # most words start no cue
            continue
        best: dict[int, tuple[int, bool]] = {}
        for qi, spec in candidates:
            if start < free_from[qi] or i + len(spec) > len(words):
                continue
            ok = _word_matches(tok, *spec[0]) if len(spec) == 1 else all(
                _word_matches(words[i + k][0], w, star)
                and text[words[i + k - 1][2] : words[i + k][1]].isspace()
                for k, (w, star) in enumerate(spec[1:], start=1)
            ) and _word_matches(tok, *spec[0])
            if ok and i + len(spec) - 1 > best.get(qi, (-1, False))[0]:
                best[qi] = (i + len(spec) - 1, spec[-1][1])
        if best:
            _add_best(text, start, [(qi, words[last][2], words[last][0], star)
                                    for qi, (last, star) in best.items()], free_from, hits)
    return _with_human_face(text, hits)


def _add_best(text: str, start: int, found: list[tuple[int, int, str, bool]], free_from: list[int],
              hits: list) -> None:
    """Add the longest match of each question starting at ``start`` to ``hits``: ``found`` holds
    (question number, end of the match's last word, that word, whether its cue word ends in *);
    the question's next match must start after this one's end (``free_from``)."""
    questions = _questions()
    for qi, end, last_tok, star in found:
        # "man's" matched by the cue "man": the possessive ending is not part of the cue
        if not star and last_tok.endswith(("'s", "'")):
            end -= 2 if last_tok.endswith("'s") else 1
        frame, qid, _ = questions[qi]
        hits.append((frame, qid, text[start:end], start, end))
        free_from[qi] = end


def _with_human_face(text: str, hits: list) -> list:
    """``hits`` with the human-face cues of ``text`` (an age apposition, first person singular)
    added, all in text order."""
    # an age apposition needs ", 34," somewhere: look for that cheaply before the full pattern
    for rx in (_AGE_RE, _FIRST_PERSON_RE) if _AGE_HINT_RE.search(text) else (_FIRST_PERSON_RE,):
        hits.extend(("human_interest", "HI1", m.group(), m.start(), m.end())
                    for m in rx.finditer(text))
    hits.sort(key=lambda h: (h[3], h[4], h[0], h[1]))
    return hits


_WORD_SPLIT_RE = re.compile(f"({_WORD_RE.pattern})")
# token -> its cue candidates (:func:`_candidates`), read without a cached call per word
_CANDIDATES: dict[str, tuple[tuple[int, _Spec], ...]] = {}


def _cue_hits(text: str) -> list[tuple[str, str, str, int, int]]:
    """``_hits_in(text)`` (the same hits, in the same order) without a tuple per word: the
    words and the text between them come from one split of the lower-cased text, their
    offsets from the running sum of the pieces' lengths, and only the words that can start a
    cue (a fifth of them on news) are looked at further."""
    low = text.lower()
    if len(low) != len(text):  # lower-casing moved offsets: the general path
        return _hits_in(text)
    parts = _WORD_SPLIT_RE.split(low)  # separator, word, separator, ..., word, separator
    toks = parts[1::2]
    # bounds[2 * j]: where word j starts; bounds[2 * j + 1]: where it ends
    bounds = list(accumulate(map(len, parts)))
    n = len(toks)
    questions = _questions()
    free_from = [0] * len(questions)  # matches of one question do not overlap
    hits = []
    get = _CANDIDATES.get
    for i, tok in enumerate(toks):
        candidates = get(tok)
        if candidates is None:
            if len(_CANDIDATES) >= 200_000:
                _CANDIDATES.clear()
            candidates = _CANDIDATES[tok] = _candidates(tok)
        if not candidates:  # most words start no cue
            continue
        start = bounds[2 * i]
        best: dict[int, tuple[int, bool]] = {}
        for qi, spec in candidates:
            size = len(spec)
            if start < free_from[qi] or i + size > n:
                continue
            ok = True
            for k in range(1, size):
                word, star = spec[k]
                other = toks[i + k]
                if not ((other.startswith(word) if star else other == word or other == word + "'s"
                         or other == word + "'") and text[bounds[2 * (i + k) - 1] : bounds[2 * (i + k)]].isspace()):
                    ok = False
                    break
            word, star = spec[0]
            if ok and (tok.startswith(word) if star else tok == word or tok == word + "'s" or tok == word + "'"
                       ) and i + size - 1 > best.get(qi, (-1, False))[0]:
                best[qi] = (i + size - 1, spec[-1][1])
        if best:
            _add_best(text, start, [(qi, bounds[2 * last + 1], toks[last], star)
                                    for qi, (last, star) in best.items()], free_from, hits)
    return _with_human_face(text, hits)


_EVIDENCE_COLUMNS = [
    "frame", "question", "cue", "start", "end", "sent_start", "sent_end", "sentence",
]


def _article_evidence(ids: list, texts: list[str],
                      spans_of: list[list[tuple[int, int]]] | None = None,
                      words_out: list | None = None) -> tuple[list[tuple], list[int]]:
    """Cue-hit records for whole articles and the number of sentences of each article.

    ``spans_of`` gives each article's sentence spans when they are known already (the corpus
    split them once); otherwise they are found here. ``words_out``, when given, receives each
    article's word tokens (:func:`_words_of`), so the texts are tokenized once."""
    records = []
    n_sentences = []
    for k, (doc_id, text) in enumerate(zip(ids, texts, strict=True)):
        spans = _sentences_of(text) if spans_of is None else spans_of[k]
        n_sentences.append(len(spans))
        if words_out is not None:
            words = _words_of(text)
            words_out.append(words)
            found = _hits_in(text, words)
        else:
            found = _cue_hits(text)
        j = 0
        for frame, qid, cue, s, e in found:
            while j < len(spans) and spans[j][1] <= s:
                j += 1
            if j < len(spans) and spans[j][0] <= s:
                sid, (ss, se) = j, spans[j]
            else:  # cue outside every sentence span (should not happen): keep, flag -1
                sid, (ss, se) = -1, (s, e)
            records.append((doc_id, sid, frame, qid, cue, s, e, ss, se, text[ss:se]))
    return records, n_sentences


def frame_evidence(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "article_id",
    sent_col: str | None = None,
    offset_col: str | None = None,
) -> pd.DataFrame:
    """Every codebook cue hit, with the sentence it sits in (the evidence behind frame scores).

    Unit of observation: one row per cue hit. Input is either an article table (one text per
    row; sentences are found with :func:`analysis.text.sentence_spans` paragraph by paragraph
    and numbered 0..n-1 over the article, the same way the corpus loader numbers them) or a
    sentence table (pass ``sent_col="sent_id"`` and ``offset_col="start"``; each row's text is
    one sentence and ``offset_col`` is its start in the article text).

    Columns: ``id_col``, sent_id, frame, question (codebook id, see :func:`codebook`), cue
    (the matched words), start, end (offsets of the cue in the article text), sent_start,
    sent_end (offsets of the sentence in the article text), sentence.
    Method: Semetko & Valkenburg (2000) codebook questions turned into cue phrases.
    """
    cols = [text_col, id_col] + [c for c in (sent_col, offset_col) if c]
    require_columns(df, cols, "frame_evidence", hint=_COLUMN_HINT)
    if (sent_col is None) != (offset_col is None):
        raise ValueError("frame_evidence: give both sent_col and offset_col for a sentence table.")
    if sent_col is None and df[id_col].duplicated().any():
        dupes = df.loc[df[id_col].duplicated(), id_col].unique()[:5].tolist()
        raise ValueError(
            f"frame_evidence: {id_col!r} must be unique in an article table; repeated: {dupes}. "
            "For a sentence table pass sent_col='sent_id' and offset_col='start'."
        )
    ids = df[id_col].tolist()
    texts = df[text_col].fillna("").astype(str).tolist()
    if sent_col is None:
        records, _ = _article_evidence(ids, texts)
    else:
        records = []
        sids = df[sent_col].tolist()
        offsets = df[offset_col].astype(int).tolist()
        for doc_id, sid, off, text in zip(ids, sids, offsets, texts, strict=True):
            for frame, qid, cue, s, e in _cue_hits(text):
                records.append(
                    (doc_id, sid, frame, qid, cue, off + s, off + e, off, off + len(text), text)
                )
    return _evidence_frame(records, id_col)


def _evidence_frame(records: list[tuple], id_col: str) -> pd.DataFrame:
    out = pd.DataFrame.from_records(records, columns=[id_col, "sent_id", *_EVIDENCE_COLUMNS])
    return out.sort_values([id_col, "start", "frame", "question"], kind="stable").reset_index(
        drop=True
    )
