"""Sentence-level meaning evidence for the generic frames: how close each sentence comes to a
frame's codebook questions and example statements in an embedding space.

Each of Semetko & Valkenburg's (2000) 19 codebook questions (``frame_questions.csv``) and the
topic-general example statements written for them (``frame_statements.csv``) is embedded once
with the offline WordLlama model (:mod:`analysis.embed`). A sentence's similarity to a frame is
its largest cosine similarity to any of the frame's prototypes, minus its mean over the five
frames (so a sentence that is merely "newsy" does not score on every frame). Per article the
sentence similarities are summed up as the largest, the mean of the three largest and the mean
(:func:`semantic_features`); the presence model (:mod:`analysis.framing.presence`) reads these
beside the cue counts. All sentences of a batch are embedded in one call.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from analysis import lexicons
from analysis.embed import DIM, load_model
from analysis.framing.base import FRAMES

STATEMENTS_LEXICON = "frame_statements"
QUESTIONS_LEXICON = "frame_questions"
#: How each frame's sentence similarities are summed up per article, in feature order.
AGGREGATES: tuple[str, ...] = ("max", "top3", "mean")
TOP_K = 3


def prototypes() -> tuple[list[str], np.ndarray]:
    """The texts every sentence is compared with and the index into :data:`FRAMES` of each:
    the codebook questions, then the example statements."""
    texts, frame_idx = [], []
    for name in (QUESTIONS_LEXICON, STATEMENTS_LEXICON):
        table = lexicons.load(name)
        unknown = sorted(set(table["frame"]) - set(FRAMES))
        if unknown:
            raise ValueError(f"{name}.csv names frames not in FRAMES: {unknown}")
        texts.extend(table["text"].tolist())
        frame_idx.extend(FRAMES.index(f) for f in table["frame"])
    return texts, np.asarray(frame_idx, dtype=np.int64)


@lru_cache(maxsize=1)
def _prototype_matrix() -> tuple[np.ndarray, np.ndarray]:
    texts, frame_idx = prototypes()
    return embed_sentences(texts), frame_idx


def sentence_similarity(vectors: np.ndarray) -> np.ndarray:
    """Frame similarity of each sentence: shape (sentences, frames).

    ``vectors`` are L2-normalised sentence embeddings (:func:`analysis.embed.embed`). Value:
    the largest cosine similarity to the frame's prototypes minus the row's mean over frames.
    """
    protos, frame_idx = _prototype_matrix()
    if len(vectors) == 0:
        return np.zeros((0, len(FRAMES)))
    vectors = np.asarray(vectors, dtype=np.float32)
    # one prototype at a time (not a matrix product, whose rounding depends on the batch's size):
    # a sentence gets the same bits in any batch
    sims = np.column_stack([(vectors * p).sum(axis=1) for p in protos])
    return _frame_best(sims, frame_idx)


def semantic_feature_names() -> list[str]:
    """Names of the per-article similarity features, in model order."""
    return [f"sim_{agg}_{f}" for f in FRAMES for agg in AGGREGATES]


def semantic_features(sim: np.ndarray, counts: Sequence[int]) -> np.ndarray:
    """Per-article similarity features: shape (articles, 3 x frames).

    ``sim`` is :func:`sentence_similarity` of all sentences, article after article;
    ``counts`` the number of sentences of each article (0 gives a row of zeros). Per frame:
    the largest sentence similarity, the mean of the :data:`TOP_K` largest and the mean.
    """
    counts = np.asarray(counts, dtype=np.int64)
    if counts.sum() != len(sim):
        raise ValueError(f"semantic_features: {len(sim)} sentences but counts add up to {counts.sum()}")
    out = np.zeros((len(counts), len(FRAMES) * len(AGGREGATES)))
    ends = np.cumsum(counts)
    for i, (n, end) in enumerate(zip(counts, ends, strict=True)):
        if n == 0:
            continue
        block = np.sort(sim[end - n : end], axis=0)[::-1]
        stats = np.stack([block[0], block[:TOP_K].mean(axis=0), block.mean(axis=0)], axis=1)
        out[i] = stats.ravel()
    return out


# WordLlama embeds a text as the mean of its token vectors, and its tokenizer marks a word start
# with "▁" whatever came before, so a sentence's vector is (up to punctuation tokens, which carry
# little meaning) the normalised sum of its words' token-vector sums. Words are lower-cased, the
# form the cue matcher already found them in, so each text is tokenized once. Words repeat across a
# corpus, so each distinct word is tokenized once per process: a batch costs one dictionary
# lookup per word and one sparse product, instead of re-tokenizing every sentence.
_WORD_RE = re.compile(r"\w+(?:['-]\w+)*")
_CACHE_MAX = 60_000  # distinct words kept (about 60 MB); the cache is emptied when full


class _WordVectors:
    """Token-vector sum of every word seen, tokenized on first sight."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.rows: list[np.ndarray] = []
        self._matrix = np.zeros((0, DIM), dtype=np.float32)
        self._proj: np.ndarray | None = None

    def lookup(self, words: list[str]) -> np.ndarray:
        """Row numbers of ``words`` in :meth:`matrix`, adding unseen words."""
        index = self.index
        new = [w for w in dict.fromkeys(words) if w not in index]  # distinct words first: far fewer
        if len(index) + len(new) > _CACHE_MAX:
            self.__init__()
            new = list(dict.fromkeys(words))
        if new:
            model = load_model()
            for start in range(0, len(new), 1024):
                chunk = new[start : start + 1024]
                encoded = model.tokenize(chunk)  # padded to the chunk's longest word
                ids = np.array([e.ids for e in encoded], dtype=np.int64)
                mask = np.array([e.attention_mask for e in encoded], dtype=np.float32)
                np.clip(ids, 0, len(model.embedding) - 1, out=ids)
                sums = np.einsum("wt,wtd->wd", mask, model.embedding[ids])
                self.index.update((w, len(self.rows) + k) for k, w in enumerate(chunk))
                self.rows.extend(sums)
        return np.fromiter(map(self.index.__getitem__, words), dtype=np.int64, count=len(words))

    def matrix(self) -> np.ndarray:
        if len(self._matrix) != len(self.rows):
            self._matrix = np.vstack([self._matrix, np.asarray(self.rows[len(self._matrix):], dtype=np.float32)])
        return self._matrix

    def projections(self, protos: np.ndarray) -> np.ndarray:
        """Each word's token-vector sum projected on every prototype: (words, prototypes).

        Kept with the words, so a batch's sentence similarities are one sparse product; computed
        prototype by prototype, a word's values do not depend on the words it arrived with."""
        done = 0 if self._proj is None else len(self._proj)
        matrix = self.matrix()
        if self._proj is None or done != len(matrix):
            block = matrix[done:]
            new = np.column_stack([(block * p).sum(axis=1) for p in protos]) if len(block) else np.zeros(
                (0, len(protos)), dtype=np.float32)
            self._proj = new if self._proj is None else np.vstack([self._proj, new])
        return self._proj


_WORDS = _WordVectors()


def _word_counts(texts: Sequence[str]):
    """Sparse (texts x cached words) occurrence counts of a batch, adding unseen words."""
    words: list[str] = []
    indptr = [0]
    for text in texts:
        words.extend(_WORD_RE.findall(text.lower()))
        indptr.append(len(words))
    return _counts_matrix(words, np.asarray(indptr, dtype=np.int64))


def _counts_matrix(words: list[str], indptr: np.ndarray):
    from scipy.sparse import csr_matrix

    rows = _WORDS.lookup(words)
    return csr_matrix((np.ones(len(rows), dtype=np.float32), rows, indptr),
                      shape=(len(indptr) - 1, max(len(_WORDS.rows), 1)))


def _normalised(sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    return np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0), norms


def embed_sentences(texts: Sequence[str]) -> np.ndarray:
    """All sentences of a batch embedded at once: one L2-normalised :data:`~analysis.embed.DIM`
    row per sentence, the WordLlama mean of the sentence's word tokens (a sentence without
    words gives zeros). See the comment above ``_WordVectors`` for why words, not sentences,
    are tokenized."""
    counts = _word_counts(texts)
    if not counts.nnz:
        return np.zeros((counts.shape[0], DIM), dtype=np.float32)
    return _normalised(np.asarray(counts @ _WORDS.matrix(), dtype=np.float32))[0]


def embed_and_compare(texts: Sequence[str] | None = None, *, words: list[str] | None = None,
                      indptr: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """:func:`embed_sentences` and :func:`sentence_similarity` of a batch in one pass: the
    similarities come from each word's projections on the prototypes (one sparse product)
    instead of a product of every sentence vector with every prototype. Give the sentences'
    ``texts``, or their lower-cased ``words`` already found with sentence boundaries ``indptr``
    (sentence i has ``words[indptr[i]:indptr[i + 1]]``)."""
    protos, frame_idx = _prototype_matrix()
    counts = _word_counts(texts) if words is None else _counts_matrix(words, np.asarray(indptr, dtype=np.int64))
    if not counts.nnz:
        return np.zeros((counts.shape[0], DIM), dtype=np.float32), np.zeros((counts.shape[0], len(FRAMES)))
    vectors, norms = _normalised(np.asarray(counts @ _WORDS.matrix(), dtype=np.float32))
    proj = np.asarray(counts @ _WORDS.projections(protos), dtype=np.float32)
    sims = np.divide(proj, norms, out=np.zeros_like(proj), where=norms > 0)
    return vectors, _frame_best(sims, frame_idx)


def _frame_best(sims: np.ndarray, frame_idx: np.ndarray) -> np.ndarray:
    best = np.column_stack([sims[:, frame_idx == f].max(axis=1) for f in range(len(FRAMES))])
    return (best - best.mean(axis=1, keepdims=True)).astype(np.float64)


def prototype_hash() -> str:
    """SHA-256 of the prototype texts' lexicon files (questions and statements), joined."""
    return lexicons.content_hash(QUESTIONS_LEXICON) + ":" + lexicons.content_hash(STATEMENTS_LEXICON)
