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
    try:
        vectors = embed.embed(["Kerry met Putin in Sochi.", "Farmers harvested tomatoes."])
    finally:
        embed.load_model.cache_clear()
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
