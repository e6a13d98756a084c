"""Similarity features of sentence pairs: what two sentences from different outlets share.

Five signals, each cheap to compute for many candidate pairs:

- ``cosine``: cosine of the two sentences' WordLlama embeddings (:mod:`analysis.embed`), which
  catches paraphrase ("no breakthrough" / "failed to reach a deal");
- ``tfidf``: cosine of TF-IDF weights of Porter-stemmed content words (Salton & Buckley 1988;
  Porter 1980), fitted on the sentences of one event;
- ``shared_terms``: content-word stems in common;
- ``shared_entities``: capitalised names in common ("Kerry", "Sochi", "IPCC");
- ``shared_numbers``: numeric values in common ("45 percent", "four hours" -> 45, 4).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.text import STOPWORDS, tokenize

FEATURES = ("cosine", "tfidf", "shared_terms", "shared_entities", "shared_numbers")


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def _stem(token: str) -> str:
    return _stemmer().stem(token)


# token as written -> the stem of its lower-case form, or "" for a token that is not a content
# word (a stop word, a bare number, a single character): one dictionary look-up per token
# instead of lower-casing it, three tests and a cached call
_CONTENT_STEMS: dict[str, str] = {}


def _content_stem(token: str) -> str:
    if len(_CONTENT_STEMS) >= 200_000:
        _CONTENT_STEMS.clear()
    low = token.lower()
    stem = _stem(low) if low not in STOPWORDS and not low[:1].isdigit() and len(low) > 1 else ""
    _CONTENT_STEMS[token] = stem
    return stem


def stem_tokens(text: str) -> list[str]:
    """Lower-cased, Porter-stemmed content words (stop words and bare numbers dropped)."""
    get = _CONTENT_STEMS.get
    out = []
    for token in tokenize(text, lower=False):
        stem = get(token)
        if stem is None:
            stem = _content_stem(token)
        if stem:
            out.append(stem)
    return out


def _term_counts(texts: list[str]):
    """Sparse float32 counts of ``texts``' stemmed content words, columns in sorted-term order.

    The very matrix scikit-learn's ``CountVectorizer(tokenizer=stem_tokens, lowercase=False,
    token_pattern=None, dtype=np.float32).fit_transform(texts)`` gives -- same values, same
    stored order (within a row: terms in order of first appearance in the texts, numbered in
    sorted order afterwards), same index types -- without its per-term Python loops over the
    vocabulary. None when no text has a content word (scikit-learn raises then)."""
    from scipy.sparse import csr_matrix

    first_seen: dict[str, int] = {}
    ids: list[int] = []
    lengths: list[int] = []
    for text in texts:
        stems = stem_tokens(text)
        ids.extend([first_seen.setdefault(stem, len(first_seen)) for stem in stems])
        lengths.append(len(stems))
    if not first_seen:
        return None
    n_terms = len(first_seen)
    # one key per (text, term) pair, sorted: a row's terms in first-seen order, as the
    # vectorizer stores them (it sorts each row's indices before numbering terms by name)
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    keys, counts = np.unique(rows * n_terms + np.asarray(ids, dtype=np.int64), return_counts=True)
    indptr = np.searchsorted(keys // n_terms, np.arange(len(texts) + 1), side="left")
    rank = np.empty(n_terms, dtype=np.int32)
    rank[[first_seen[t] for t in sorted(first_seen)]] = np.arange(n_terms, dtype=np.int32)
    return csr_matrix(
        (counts.astype(np.float32), rank[keys % n_terms], indptr.astype(np.int32)),
        shape=(len(texts), n_terms),
    )


def tfidf_matrix(texts: list[str]):
    """Sparse L2-normalised TF-IDF rows (sublinear tf) of ``texts``' stemmed content words:
    scikit-learn's ``TfidfVectorizer`` weighting (smooth idf) over :func:`_term_counts`."""
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = _term_counts(texts)
    if counts is None:  # every text empty after stop words
        return csr_matrix((len(texts), 1), dtype=np.float32)
    weights = TfidfTransformer(norm="l2", use_idf=True, smooth_idf=True, sublinear_tf=True)
    weights.fit(counts)
    return weights.transform(counts, copy=False).tocsr()


# A capitalised word (\b[A-Z][A-Za-z'\u2019.-]*[A-Za-z]) or an all-capitals one (\b[A-Z]{2,}\b).
# Written to start with the capital and look back for the word boundary ("no word character
# before it"), so the regex engine can skip straight to capitals instead of trying the pattern
# at every character: the same matches, a few times faster.
_NAME_RE = re.compile(r"[A-Z](?<!\w[A-Z])(?:[A-Za-z'\u2019.-]*[A-Za-z]|[A-Z]+\b)")
# A number with thousands commas (\d{1,3}(?:,\d{3})+), else a plain one (\d+), either with
# decimals, not glued to a word or a full stop before it; starts with the digit, as above.
_DIGIT_RE = re.compile(r"\d(?<![\w.]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)")


# capitalised word as matched -> its entity key, or "" when it gives none (see entity_keys)
_ENTITY_KEYS: dict[str, str] = {}


def _entity_key(word: str) -> str:
    if len(_ENTITY_KEYS) >= 200_000:
        _ENTITY_KEYS.clear()
    key = word[:-2] if word.endswith(("'s", "\u2019s")) else word  # a match never holds a newline
    key = key.lower().rstrip(".")
    key = _ENTITY_KEYS[word] = key if len(key) > 1 and key not in STOPWORDS else ""
    return key


def entity_keys(text: str) -> frozenset[str]:
    """Capitalised words that are not stop words (lower-cased): a cheap stand-in for names.

    A sentence's first word is kept only when it is not a stop word ("Kerry said" keeps
    Kerry; "The" is dropped either way). Possessive 's is removed.
    """
    get = _ENTITY_KEYS.get
    keys = set()
    for word in _NAME_RE.findall(text):
        key = get(word)
        if key is None:
            key = _entity_key(word)
        if key:
            keys.add(key)
    return frozenset(keys)


def number_keys(text: str) -> frozenset[float]:
    """Numeric values written in digits ("1,500" -> 1500.0); years count as numbers here."""
    return frozenset(float(m.group(0).replace(",", "")) for m in _DIGIT_RE.finditer(text))


def _incidence(key_sets: list[frozenset]):
    """Binary sparse matrix: one row per unit, one column per distinct key."""
    from scipy.sparse import csr_matrix

    vocab: dict = {}
    indices, indptr = [], [0]
    for keys in key_sets:
        indices.extend(vocab.setdefault(k, len(vocab)) for k in keys)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return csr_matrix((data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
                      shape=(len(key_sets), max(len(vocab), 1)))


def unit_index(texts: list[str], embeddings: np.ndarray | None = None) -> dict:
    """Everything :func:`pair_features` needs about a list of units, computed once."""
    from analysis.embed import embed

    tfidf = tfidf_matrix(texts)
    present = tfidf.copy()
    present.data[:] = 1.0
    return {
        "emb": embed(texts) if embeddings is None else embeddings,
        "tfidf": tfidf,
        "terms": present,
        "entities": _incidence([entity_keys(t) for t in texts]),
        "numbers": _incidence([number_keys(t) for t in texts]),
    }


def _rowwise_dot(m, i: np.ndarray, j: np.ndarray, *, chunk: int = 200_000) -> np.ndarray:
    out = np.empty(len(i), dtype=np.float64)
    for start in range(0, len(i), chunk):
        a, b = i[start : start + chunk], j[start : start + chunk]
        out[start : start + len(a)] = np.asarray(m[a].multiply(m[b]).sum(axis=1)).ravel()
    return out


def pair_features(index: dict, i: np.ndarray, j: np.ndarray) -> pd.DataFrame:
    """Features of the unit pairs ``(i[k], j[k])`` (positions into the indexed units)."""
    i = np.asarray(i, dtype=np.int64)
    j = np.asarray(j, dtype=np.int64)
    if len(i) == 0:
        return pd.DataFrame({f: pd.Series(dtype=float) for f in FEATURES})
    emb = index["emb"]
    # Row-wise dot products in blocks small enough to stay in cache (a few times faster than one
    # large gather); each row's value does not depend on the block it is computed in.
    cosine = np.empty(len(i), dtype=emb.dtype)
    for s in range(0, len(i), 512):
        np.einsum("ij,ij->i", emb[i[s : s + 512]], emb[j[s : s + 512]], out=cosine[s : s + 512])
    return pd.DataFrame(
        {
            "cosine": cosine.astype(float),
            "tfidf": _rowwise_dot(index["tfidf"], i, j),
            "shared_terms": _rowwise_dot(index["terms"], i, j).round().astype(int),
            "shared_entities": _rowwise_dot(index["entities"], i, j).round().astype(int),
            "shared_numbers": _rowwise_dot(index["numbers"], i, j).round().astype(int),
        }
    )


def text_pair_features(texts_a, texts_b) -> pd.DataFrame:
    """Features of the text pairs ``(texts_a[k], texts_b[k])``; TF-IDF is fitted on all the
    distinct texts given (as :func:`align` fits it on one event's sentences)."""
    texts_a = [str(t) for t in texts_a]
    texts_b = [str(t) for t in texts_b]
    distinct = list(dict.fromkeys(texts_a + texts_b))
    pos = {t: k for k, t in enumerate(distinct)}
    index = unit_index(distinct)
    return pair_features(index, np.array([pos[t] for t in texts_a]), np.array([pos[t] for t in texts_b]))
