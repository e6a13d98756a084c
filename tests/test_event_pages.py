"""Notebook 06's event pages drawn on worker processes are the pages drawn here: same order,
same files byte for byte, same text; and the report's figure hook hears of every dashboard."""

from __future__ import annotations

import pytest

from analysis.summary import events_by_coverage
from analysis.synthetic import write_synthetic
from analysis.tables import build_tables, read_tables
from analysis.viz import base, event_pages
from analysis.viz.base import side_order


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    corpus = write_synthetic(root / "corpus", 30, seed=5, n_outlets=3, n_events=5)
    return read_tables(build_tables(corpus, root / "tables", jobs=1, progress=False))


def _pages(tables, figures_dir, jobs):
    events = events_by_coverage(tables.articles)["event"]
    return list(event_pages.dashboard_pages(tables, events, figures_dir=figures_dir,
                                            side_order=side_order(tables.quoted_sources), jobs=jobs))


@pytest.mark.slow
def test_pages_from_workers_are_the_pages_drawn_here(tables, tmp_path, monkeypatch):
    here = _pages(tables, tmp_path / "here", jobs=1)
    monkeypatch.setattr(event_pages, "MIN_EVENTS_FOR_WORKERS", 1)
    heard = []
    monkeypatch.setattr(base, "figure_saved_elsewhere", heard.append)
    there = _pages(tables, tmp_path / "there", jobs=2)
    assert len(here) == len(events_by_coverage(tables.articles)) == 5
    assert [p.event for p in there] == [p.event for p in here]
    assert heard == [p.figure for p in here]
    for a, b in zip(here, there, strict=True):
        assert (a.summary, a.marker, a.png, a.width, a.evidence) == (b.summary, b.marker, b.png, b.width, b.evidence)
    names = sorted(p.name for p in (tmp_path / "here").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "there").iterdir()) and len(names) == 15  # png, svg, csv
    for name in names:
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "there" / name).read_bytes(), name


def test_few_events_or_tables_in_memory_are_drawn_here(tables, tmp_path, monkeypatch):
    def no_pool(jobs):
        raise AssertionError("no worker processes for so few events")

    monkeypatch.setattr("analysis.pipeline._process_pool", no_pool)
    pages = _pages(tables, tmp_path, jobs=2)  # 5 events < MIN_EVENTS_FOR_WORKERS
    assert [p.figure for p in pages] == [f"06-dashboard-{s}" for s in events_by_coverage(tables.articles)["slug"]]
    assert all(p.png and p.png.startswith(b"\x89PNG") and p.width > 0 for p in pages)
