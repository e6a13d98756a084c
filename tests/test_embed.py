import socket

import numpy as np
import pytest

from analysis import embed


class _NoNetwork(socket.socket):
    def connect(self, *args, **kwargs):  # noqa: D401 - test double
        raise AssertionError(f"network access attempted: {args}")


@pytest.fixture
def no_network(monkeypatch):
    monkeypatch.setattr(socket, "socket", _NoNetwork)
    monkeypatch.setattr(socket, "create_connection",
                        lambda *a, **k: (_ for _ in ()).throw(AssertionError(f"network access attempted: {a}")))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


def test_model_loads_from_the_wheel_without_network(no_network):
    embed.load_model.cache_clear()
    embed._token_table.cache_clear()
    try:
        vectors = embed.embed(["Kerry met Putin in Sochi.", "Farmers harvested tomatoes."])
    finally:
        embed.load_model.cache_clear()
        embed._token_table.cache_clear()
    assert vectors.shape == (2, embed.DIM)
    assert (embed.model_folder() / "weights" / f"l2_supercat_{embed.DIM}.safetensors").is_file()


def test_socket_guard_really_blocks():
    with pytest.raises(AssertionError, match="network"):
        _NoNetwork().connect(("127.0.0.1", 9))


def test_vectors_are_unit_length_and_rank_paraphrase_first():
    v = embed.embed([
        "The talks failed to produce a breakthrough.",
        "The meeting yielded no breakthrough.",
        "A museum reopened after a long renovation.",
        "",
    ])
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-4)
    assert v[0] @ v[1] > v[0] @ v[2]
    assert np.isfinite(v).all()


def test_empty_input():
    assert embed.embed([]).shape == (0, embed.DIM)


def test_same_bits_as_wordllama_own_embed_whatever_the_batch():
    texts = [
        "Kerry met Putin in Sochi.",
        "",
        "The talks, which ran for four hours on Tuesday, failed to produce a breakthrough on the ceasefire.",
        "No.",
        "   ",
        "Caf\u00e9 \u4e2d\u6587 \U0001F600 d\u00e9j\u00e0 vu",
        "A museum reopened after a long renovation. " * 12,
    ]
    model = embed.load_model()
    with np.errstate(invalid="ignore", divide="ignore"):  # the empty texts have a zero norm
        own = np.nan_to_num(np.vstack([model.embed([t], norm=True) for t in texts]), nan=0.0)
    for batch_size in (1, 3, 512):
        assert embed.embed(texts, batch_size=batch_size).tobytes() == own.tobytes()
