import matplotlib.pyplot as plt
import pytest
from conftest import FIXTURES

from analysis.pipeline import run
from analysis.sentiment import pairwise_permutation
from analysis.summary import event_tables, headline, plot_dashboard, summary_text


@pytest.fixture(scope="module")
def tables():
    return run(FIXTURES / "tiny", progress=False)


@pytest.mark.parametrize("event", ["Port strike 2021", "Summit 2021"])
def test_summary_text_reports_measured_numbers(tables, event):
    parts = event_tables(tables, event)
    text = summary_text(parts, event=event)
    for outlet in parts["articles"]["outlet"]:
        assert outlet in text
    for row in parts["tone"].itertuples():
        assert f"{row.outlet} {row.mean:+.2f}" in text
    for row in parts["coverage"].itertuples():
        assert f"{row.outlet} {int(row.shared)} of {int(row.sentences)} sentences shared" in text


def test_discrepancy_is_named_in_the_summary(tables):
    parts = event_tables(tables, "Summit 2021")
    assert len(parts["discrepancies"]) == 1
    assert '"three hours"' in summary_text(parts, event="Summit 2021")
    assert '"more than six hours"' in summary_text(parts, event="Summit 2021")


def test_outlet_without_quotes_is_named(tables):
    parts = event_tables(tables, "Port strike 2021")
    silent = "Daily Gazette"
    parts["quotes"] = parts["quotes"][parts["quotes"]["outlet"] != silent]
    parts["voices"] = parts["voices"][parts["voices"]["outlet"] != silent]
    assert len(parts["quotes"])  # the other outlet still quotes someone
    assert f"No attributed speech found in {silent}" in summary_text(parts, event="Port strike 2021")


def test_dashboard_and_headline(tables):
    parts = event_tables(tables, "Summit 2021")
    scored = tables["sentences"].merge(parts["articles"][["article_id", "outlet"]], on="article_id")
    test = pairwise_permutation(scored, n_perm=500)
    line = headline(parts, test=test)
    assert "permutation p" in line
    fig = plot_dashboard(parts, event="Summit 2021", headline=line)
    assert len(fig.axes) == 4
    assert "Summit 2021" in fig._suptitle.get_text()
    plt.close(fig)
