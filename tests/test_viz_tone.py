"""Tests for analysis.viz.tone: every figure returns (fig, data) and adapts to many outlets/actors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import sentiment as S
from analysis.viz import tone as T


def _many(n_outlets: int, n_actors: int, n_articles: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    rows = []
    for o in range(n_outlets):
        for a in range(n_articles):
            for s in range(8):
                rows.append({"outlet": f"Outlet ${o}", "article_id": f"o{o}-a{a}", "sent_id": s,
                             "compound": float(np.tanh(rng.normal(0, 0.5))),
                             "afinn_compound": float(np.tanh(rng.normal(0, 0.5))),
                             "actor": f"Actor {s % n_actors}", "tone": float(rng.uniform(-1, 1))})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("n_outlets", [2, 12])
def test_tone_figures_adapt_to_outlets(n_outlets):
    import matplotlib.pyplot as plt

    scored = _many(n_outlets, 8)
    summary = S.summarize_tone(scored, n_boot=50)
    actor = S.summarize_tone(scored, by=["outlet", "actor"], value_col="tone", n_boot=50)
    for fig, data in (
        T.plot_arc(S.sentiment_arc(scored)),
        T.plot_distribution(scored, summary),
        T.plot_actor_tone(actor, top=5),
        T.plot_lexicons(S.compare_lexicons(scored, n_boot=50)),
    ):
        assert isinstance(data, pd.DataFrame) and len(data)
        w, h = fig.get_size_inches()
        assert max(w, h) * 150 <= 3000
        plt.close(fig)


def test_actor_tone_shows_top_actors_only():
    import matplotlib.pyplot as plt

    scored = _many(3, 8)
    actor = S.summarize_tone(scored, by=["outlet", "actor"], value_col="tone", n_boot=50)
    fig, data = T.plot_actor_tone(actor, top=4)
    assert data["shown"].sum() == 4 * 3 and (~data["shown"]).any()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == 4
    plt.close(fig)


def test_seed_figures(seeds):
    import matplotlib.pyplot as plt

    scored = S.sentence_tone(seeds.sentences, seeds.articles)
    for fig, data in (T.plot_arc(S.sentiment_arc(scored)), T.plot_arc(S.sentiment_arc(scored), max_panels=1)):
        assert len(data) == len(scored)
        plt.close(fig)
