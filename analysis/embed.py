"""Offline sentence embeddings for the coverage comparison.

Model: WordLlama ``l2_supercat`` (Miller 2024; MIT licence), a static token-embedding model whose
codebook was distilled from the input embeddings of large language models and trained on
sentence-similarity pairs. A sentence is the average of its token vectors, so embedding needs no
GPU and no network: the 256-dimension weights and the tokenizer ship inside the ``wordllama``
wheel, and :func:`load_model` loads them from the installed package folder with downloads
disabled (``WordLlama.load()`` without arguments looks in a user cache and then goes online).

About 20,000 sentences per second on one CPU core; vectors are L2-normalised, so a dot product
is the cosine similarity.
"""

from __future__ import annotations

import importlib.util
import itertools
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Dimensions kept from the model (its native size; Matryoshka-trained, so fewer would work).
DIM = 256
MODEL_NAME = "wordllama l2_supercat 256"


def model_folder() -> Path:
    """The installed ``wordllama`` package folder, which holds ``weights/`` and ``tokenizers/``."""
    # found without importing the package (its import costs ~0.25 s that :func:`embed` never needs)
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - pinned in pyproject
        raise ImportError(
            "analysis.embed needs the 'wordllama' package (pip install wordllama); "
            "its wheel carries the model, nothing is downloaded"
        )
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _weights_file() -> Path:
    weights = model_folder() / "weights" / f"l2_supercat_{DIM}.safetensors"
    if not weights.is_file():
        raise FileNotFoundError(f"the wordllama wheel has no {weights.name} in {weights.parent}")
    return weights


@lru_cache(maxsize=1)
def load_model():
    """The WordLlama model from the files shipped in its wheel (never from the network)."""
    from wordllama import WordLlama

    _weights_file()
    return WordLlama.load(cache_dir=model_folder(), disable_download=True, dim=DIM)


@lru_cache(maxsize=1)
def _token_table():
    """The model's tokenizer without padding, and its token vectors with one zero row appended
    (the padding token of :func:`embed`, so padded positions add exactly nothing).

    Read straight from the wheel's files, as ``WordLlama.load`` reads them (the tokenizer file,
    the ``embedding.weight`` tensor as float32), without building the model object."""
    from safetensors import safe_open
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_folder() / "tokenizers" / "l2_supercat_tokenizer_config.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    with safe_open(_weights_file(), framework="np", device="cpu") as f:
        embedding = f.get_tensor("embedding.weight").astype(np.float32)
    table = np.vstack([embedding, np.zeros((1, DIM), dtype=np.float32)])
    return tokenizer, table


def embed(texts, *, batch_size: int = 512) -> np.ndarray:
    """One L2-normalised float32 row of :data:`DIM` numbers per text (empty text: zeros)."""
    texts = [str(t) for t in texts]
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    # The same numbers as WordLlama's own ``embed`` (the mean of a text's token vectors, summed
    # one after another in token order, then L2-normalised), faster: every text is tokenized
    # once without padding, texts with the same number of tokens are batched together so little
    # is padded, and padding points at a zero row instead of being masked by a multiplication
    # (``encode_batch_fast``: the same ids, without the character offsets nothing here reads).
    # A text's vector does not depend on its batch.
    tokenizer, table = _token_table()
    encoded = [e.ids for e in tokenizer.encode_batch_fast(texts, add_special_tokens=False)]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    ends = np.cumsum(lengths)
    flat = np.fromiter(itertools.chain.from_iterable(encoded), dtype=np.int64, count=int(ends[-1]))
    pad = len(table) - 1
    np.clip(flat, 0, pad - 1, out=flat)  # as WordLlama: an id past the vocabulary reads its last row
    order = np.argsort(lengths, kind="stable")
    vectors = np.empty((len(texts), DIM), dtype=np.float32)
    for start in range(0, len(texts), batch_size):
        batch = order[start : start + batch_size]
        width = max(int(lengths[batch].max()), 1)
        # row r, column p: the p-th token of the batch's r-th text, or the padding token
        matrix = np.full((len(batch), width), pad, dtype=np.int64)
        columns = np.arange(width)
        inside = columns < lengths[batch][:, None]
        matrix[inside] = flat[((ends[batch] - lengths[batch])[:, None] + columns)[inside]]
        # token vectors added one position after another (as WordLlama's sum over the token
        # axis adds them), a batch row of vectors at a time: no (texts x tokens x DIM) array
        sums = table[matrix[:, 0]]
        for p in range(1, width):
            sums += table[matrix[:, p]]
        sums /= np.maximum(lengths[batch], 1).astype(np.float32)[:, None]
        with np.errstate(invalid="ignore", divide="ignore"):  # an empty text has a zero norm
            sums /= np.linalg.norm(sums, axis=1, keepdims=True)
        vectors[batch] = sums
    return np.nan_to_num(vectors, nan=0.0)


__all__ = ["DIM", "MODEL_NAME", "embed", "load_model", "model_folder"]
