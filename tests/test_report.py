"""The headless loop: every notebook runs on a small fixture corpus through the CLI."""

import subprocess
import sys

import pytest
from conftest import FIXTURES

from analysis.report import notebook_paths

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "report", str(FIXTURES / "tiny"), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    return proc, out


def test_report_runs_every_notebook(report_run):
    proc, out = report_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    for nb in notebook_paths():
        assert (out / "notebooks" / nb.name).exists()
        assert f"{nb.name} done in" in proc.stdout


def test_every_figure_has_png_svg_and_csv(report_run):
    _, out = report_run
    pngs = sorted((out / "figures").glob("*.png"))
    assert {p.stem for p in pngs} >= {"01-article-structure", "01-removed-lines"}
    for png in pngs:
        assert png.with_suffix(".svg").exists() and png.with_suffix(".csv").exists()


def test_html_report_is_self_contained_and_names_every_outlet(report_run):
    _, out = report_run
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in html
    assert "About this report" in html
    assert "cdn." not in html and "mathjax" not in html.lower() and "require.js" not in html
    for name in ("Harbour Wire", "Daily Gazette", "Coast Observer", "Port strike 2021", "Summit 2021",
                 "Election 2021"):
        assert name in html
    # an event only one outlet covered is skipped by the comparisons, with a note saying so
    assert html.index("Summary") < html.index("Inspect the corpus"), "summary first"
    assert "Traceback" not in html


def test_unusable_corpus_exits_nonzero_with_a_message(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,outlet,event\nmissing.txt,A,E\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "report", str(tmp_path), "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "could be loaded" in proc.stderr and "missing.txt" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_missing_corpus_folder(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "analysis", "report", str(tmp_path / "nope"), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "corpus folder not found" in proc.stderr
