"""Summary: per-event measurements, generated text, evidence, unique event file names, dashboard."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.pipeline import run
from analysis.summary import (
    event_slug,
    event_tables,
    events_by_coverage,
    evidence_html,
    headline,
    outlet_overview,
    summary_text,
)
from analysis.viz.base import MAX_PX
from analysis.viz.summary import plot_dashboard


@pytest.fixture(scope="module")
def tables():
    return run(FIXTURES / "tiny", progress=False)


@pytest.mark.parametrize("event", ["Port strike 2021", "Summit 2021"])
def test_summary_text_reports_measured_numbers(tables, event):
    parts = event_tables(tables, event, n_perm=200)
    text = summary_text(parts, event=event)
    for outlet in parts["articles"]["outlet"]:
        assert outlet in text
    for row in parts["tone"].itertuples():
        assert f"{row.outlet} {row.mean:+.2f}" in text
    for row in parts["coverage"].itertuples():
        assert f"{row.outlet} {int(row.shared)} of {int(row.sentences)} sentences shared" in text


def test_discrepancy_is_named_in_the_summary(tables):
    parts = event_tables(tables, "Summit 2021", n_perm=200)
    parts["discrepancies"] = pd.DataFrame([{"outlet_a": "Daily Gazette", "surface_a": "three hours",
                                            "outlet_b": "Coast Observer", "surface_b": "more than six hours",
                                            "unit": "hour"}])
    text = summary_text(parts, event="Summit 2021")
    assert '"three hours"' in text and '"more than six hours"' in text


def test_outlet_without_quotes_is_named(tables):
    parts = event_tables(tables, "Port strike 2021", n_perm=200)
    silent = "Daily Gazette"
    parts["quotes"] = parts["quotes"][parts["quotes"]["outlet"] != silent]
    parts["voices"] = parts["voices"][parts["voices"]["outlet"] != silent]
    assert len(parts["quotes"])
    assert f"No attributed speech found in {silent}" in summary_text(parts, event="Port strike 2021")


def test_event_file_names_are_unique_and_safe():
    names = ["Kerry in Sochi 2015", "Kerry in Sochi, 2015!", "../../etc/passwd", "<script>", "", "Ü" * 200]
    slugs = [event_slug(n) for n in names]
    assert len(set(slugs)) == len(slugs)
    assert all(s.replace("-", "").isalnum() and s.isascii() and len(s) <= 60 for s in slugs)


def test_hostile_names_are_escaped(tables):
    parts = event_tables(tables, "Summit 2021", n_perm=200)
    evil = "<img src=x onerror=alert(1)> *$5bn*"
    parts["articles"] = parts["articles"].assign(outlet=parts["articles"]["outlet"].where(
        parts["articles"]["outlet"] != parts["articles"]["outlet"].iloc[0], evil))
    parts["evidence"] = parts["evidence"].assign(outlet=evil)
    text = summary_text(parts, event=evil)
    assert "<img" not in text and "&lt;img" in text
    html_out = evidence_html(parts, table_id="ev")
    assert "<img" not in html_out and 'data-filter="&lt;img' in html_out


def test_events_sorted_by_outlets(tables):
    events = events_by_coverage(tables["articles"])
    assert events["outlets"].is_monotonic_decreasing
    assert set(events["event"]) == set(tables["articles"]["event"])


def test_outlet_overview_counts_every_article(tables):
    overview = outlet_overview(tables)
    assert overview["articles"].sum() == len(tables["articles"])


def test_strongly_negative_outlet_is_named():
    rows = []
    for outlet, base in (("Calm Post", 0.3), ("Angry Daily", -0.6), ("Mild Times", 0.25)):
        for a in range(6):
            for s in range(8):
                rows.append({"article_id": f"{outlet}-{a}", "sent_id": s, "outlet": outlet, "event": "E",
                             "compound": base + 0.05 * ((s % 3) - 1), "text": f"s{s}", "language": "en"})
    sents = pd.DataFrame(rows)
    arts = sents.drop_duplicates("article_id")[["article_id", "outlet", "event", "language"]]
    tables = {"articles": arts, "sentences": sents[["article_id", "sent_id", "compound", "text"]].assign(
        start=0, end=2), "frames": pd.DataFrame(), "quotes": pd.DataFrame(),
        "alignment": pd.DataFrame(columns=["article_id", "outlet", "sent_id", "shared"])}
    parts = event_tables(tables, "E", n_perm=500)
    line = headline(parts)
    assert "Angry Daily" in line and "No clear" not in line


@pytest.mark.parametrize("n_outlets", [2, 7, 12])
def test_dashboard_adapts_to_outlets(tables, n_outlets):
    parts = event_tables(tables, "Summit 2021", n_perm=200)
    names = [f"Outlet with a rather long name number {i} $5" for i in range(n_outlets)]
    parts["articles"] = pd.DataFrame({"article_id": [f"a{i}" for i in range(n_outlets)], "outlet": names})
    parts["tone"] = pd.DataFrame({"outlet": names, "n": 10, "mean": 0.1, "mean_lo": 0.0, "mean_hi": 0.2,
                                  "pct_negative": 10.0, "pct_positive": 20.0})
    fig, data = plot_dashboard(parts, event="A very long event name " * 8, headline="some finding")
    w, h = fig.get_size_inches() * 150
    assert w <= MAX_PX and h <= MAX_PX
    assert len(data) >= n_outlets
    plt.close(fig)


def test_across_figures_note_asks_for_events_until_a_pair_of_outlets_shares_two():
    from analysis.viz.compare import across_figures_note

    one = pd.DataFrame({"n_events": [1, 1]})
    assert "at most 1 event" in across_figures_note(one)
    assert "fewer than two outlets" in across_figures_note(one.iloc[0:0])
    assert across_figures_note(pd.DataFrame({"n_events": [1, 2]})) == ""
