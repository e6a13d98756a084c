import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.compare import align, coverage_overlap, omissions, similarity_grid  # noqa: E402
from analysis.viz import coverage as V  # noqa: E402
from analysis.viz.base import save_figure  # noqa: E402


def _corpus(n_outlets: int, n_events: int):
    facts = [
        "The Senate on Thursday confirmed Andrew Wheeler to lead the Environmental Protection Agency.",
        "Maine Sen. Susan Collins was the lone Republican to oppose the confirmation.",
        "Environmental groups said they would challenge the agency in court.",
        "The vote was 52 to 47 after a short debate in the chamber.",
    ]
    arts, sents = [], []
    for e in range(n_events):
        for o in range(n_outlets):
            aid = f"e{e}o{o}"
            arts.append((aid, f"Outlet ${o} with a long name number {o}", f"Event {e}: a headline"))
            for k, text in enumerate(facts[: 2 + (o + e) % 3]):
                sents.append((aid, k, text if o % 2 else text.replace("The ", "A ")))
    return (pd.DataFrame(sents, columns=["article_id", "sent_id", "text"]),
            pd.DataFrame(arts, columns=["article_id", "outlet", "event"]))


@pytest.mark.slow
@pytest.mark.parametrize(("n_outlets", "n_events"), [(2, 1), (12, 7)])
def test_every_coverage_figure_returns_fig_and_data_and_saves(tmp_path, n_outlets, n_events):
    sents, arts = _corpus(n_outlets, n_events)
    al = align(sents, arts)
    figures = [
        V.plot_event_coverage(al, top=5),
        V.plot_coverage_overlap(coverage_overlap(al)),
        V.plot_shared_unique(al),
        V.plot_omissions(omissions(al, arts)),
        V.plot_omission_grid(omissions(al, arts), arts, top=3),
        V.plot_discrepancies(pd.DataFrame(columns=["event", "outlet_a", "surface_a", "outlet_b", "surface_b"])),
        V.plot_similarity_grid(similarity_grid(sents, "e0o0", "e0o1"), label_a="$A", label_b="B"),
    ]
    for k, (fig, data) in enumerate(figures):
        assert isinstance(data, pd.DataFrame)
        written = save_figure(fig, f"05-test-{k}", data, figures_dir=tmp_path)
        assert written["png"].exists() and written["csv"].exists()
        w, h = fig.get_size_inches() * 150
        assert max(w, h) <= 3000
        plt.close(fig)


def test_event_summary_pools_the_tail():
    sents, arts = _corpus(3, 8)
    fig, data = V.plot_event_coverage(align(sents, arts), top=5)
    assert data["row"].nunique() == 6 and data["row"].str.startswith("other 3 events").any()
    plt.close(fig)
