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

from functools import lru_cache
from pathlib import Path

import numpy as np

#: Dimensions kept from the model (its native size; Matryoshka-trained, so fewer would work).
DIM = 256
MODEL_NAME = "wordllama l2_supercat 256"


def model_folder() -> Path:
    """The installed ``wordllama`` package folder, which holds ``weights/`` and ``tokenizers/``."""
    try:
        import wordllama
    except ImportError as exc:  # pragma: no cover - the dependency is pinned in pyproject
        raise ImportError(
            "analysis.embed needs the 'wordllama' package (pip install wordllama); "
            "its wheel carries the model, nothing is downloaded"
        ) from exc
    return Path(wordllama.__file__).resolve().parent


@lru_cache(maxsize=1)
def load_model():
    """The WordLlama model from the files shipped in its wheel (never from the network)."""
    from wordllama import WordLlama

    folder = model_folder()
    weights = folder / "weights" / f"l2_supercat_{DIM}.safetensors"
    if not weights.is_file():
        raise FileNotFoundError(f"the wordllama wheel has no {weights.name} in {weights.parent}")
    return WordLlama.load(cache_dir=folder, disable_download=True, dim=DIM)


def embed(texts, *, batch_size: int = 512) -> np.ndarray:
    """One L2-normalised float32 row of :data:`DIM` numbers per text (empty text: zeros)."""
    texts = [str(t) for t in texts]
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    # Texts of similar length batched together pad less (a third faster); a text's vector does
    # not depend on its batch (token vectors are summed one after another, padding adds zeros).
    order = np.argsort([len(t) for t in texts], kind="stable")
    with np.errstate(invalid="ignore", divide="ignore"):  # an empty text has a zero norm
        sorted_vectors = load_model().embed([texts[i] for i in order], norm=True, batch_size=batch_size)
    vectors = np.empty((len(texts), DIM), dtype=np.float32)
    vectors[order] = sorted_vectors
    return np.nan_to_num(vectors, nan=0.0)


__all__ = ["DIM", "MODEL_NAME", "embed", "load_model", "model_folder"]
