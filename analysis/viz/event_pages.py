"""The per-event pages of notebook 06, drawn on every core.

Each event's page is its summary in words, its dashboard figure (written as PNG, SVG and CSV
by :func:`analysis.viz.base.save_figure`) and its evidence table. Drawing and saving the
dashboard is most of the time notebook 06 takes on a corpus with many events (about 2 s per
event, 300 events on 10,000 articles), and each event's page depends on nothing but the tables,
so :func:`dashboard_pages` draws them in worker processes, in order, and the notebook only
displays what they return. The files written are the same bytes whatever the number of
processes (each worker draws with the caller's matplotlib settings; tested).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Below this many events the pages are drawn in the calling process (starting workers costs more).
MIN_EVENTS_FOR_WORKERS = 16


@dataclasses.dataclass(frozen=True)
class DashboardPage:
    """One event's page: ``summary`` (Markdown), ``marker`` (display metadata that starts the
    event block in the report), the dashboard ``png`` as written with its display ``width`` in
    pixels, ``evidence`` (HTML) and the ``files`` written."""

    event: str
    summary: str
    marker: dict
    png: bytes | None
    width: int | None
    evidence: str
    files: tuple[str, ...]

    @property
    def figure(self) -> str:
        """The dashboard's figure name (``06-dashboard-<slug>``)."""
        return self.marker["analysis"]["figure"]

    def show(self) -> None:
        """Display the page in a notebook: summary, dashboard (the PNG written), evidence."""
        from IPython.display import HTML, Image, Markdown, display

        display(Markdown(self.summary), metadata=self.marker)
        if self.png is not None:
            display(Image(data=self.png, format="png", width=self.width))
        display(HTML(self.evidence))


def draw_page(tables, event: str, *, figures_dir: str | Path, side_order: list[str],
              n_perm: int | None = None) -> DashboardPage:
    """Compute, draw and save one event's page (:func:`analysis.summary.event_tables`,
    :func:`analysis.viz.summary.plot_dashboard`, :func:`analysis.viz.base.save_figure`)."""
    import matplotlib.pyplot as plt

    from analysis.summary import N_PERM, event_marker, event_slug, event_tables, evidence_html, headline, summary_text
    from analysis.viz.base import display_width, save_figure, style
    from analysis.viz.summary import plot_dashboard

    parts = event_tables(tables, event, n_perm=N_PERM if n_perm is None else n_perm)
    line = headline(parts)
    with style():
        fig, data = plot_dashboard(parts, event=event, headline=line, side_order=side_order)
        written = save_figure(fig, f"06-dashboard-{event_slug(event)}", data, figures_dir=figures_dir)
        png = Path(written["png"]).read_bytes() if "png" in written else None
        width = display_width(fig, png) if png is not None else None  # as show_saved shows it
        plt.close(fig)
    return DashboardPage(str(event), summary_text(parts, event=event), event_marker(event, parts, line), png, width,
                         evidence_html(parts, table_id=f"evidence-{event_slug(event)}"),
                         tuple(str(p) for p in written.values()))


_WORKER_TABLES: dict[str, object] = {}


def _draw_in_worker(folder: str, rc: dict, event: str, figures_dir: str, side_order: list[str],
                    n_perm: int | None) -> DashboardPage:
    import matplotlib

    from analysis.tables import read_tables

    if folder not in _WORKER_TABLES:  # each worker reads the tables once (each on first use)
        _WORKER_TABLES.clear()
        _WORKER_TABLES[folder] = read_tables(folder)
    with matplotlib.rc_context(rc):
        return draw_page(_WORKER_TABLES[folder], event, figures_dir=figures_dir, side_order=side_order,
                         n_perm=n_perm)


def _caller_rc() -> dict:
    """The caller's matplotlib settings, so a worker draws exactly what the caller would (a
    Jupyter kernel's inline backend changes some); the backend itself stays the worker's."""
    import matplotlib

    return {k: v for k, v in matplotlib.rcParams.items() if k != "backend"}


def dashboard_pages(tables, events: Iterable[str], *, figures_dir: str | Path, side_order: list[str],
                    n_perm: int | None = None, jobs: int | None = None) -> Iterator[DashboardPage]:
    """Every event's :class:`DashboardPage`, in the order of ``events``, drawn on ``jobs``
    worker processes (default: every core; 1 draws here). Tables held in memory only (not
    read from a folder) are drawn here too."""
    from analysis.pipeline import _process_pool, default_jobs, refuse_in_starting_worker

    events = [str(e) for e in events]
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    folder = getattr(tables, "__dict__", {}).get("folder")
    if jobs == 1 or folder is None or len(events) < MIN_EVENTS_FOR_WORKERS:
        for event in events:
            yield draw_page(tables, event, figures_dir=figures_dir, side_order=side_order, n_perm=n_perm)
        return
    refuse_in_starting_worker("analysis.viz.event_pages.dashboard_pages")
    rc = _caller_rc()
    n = len(events)
    args = ([str(folder)] * n, [rc] * n, events, [str(figures_dir)] * n, [list(side_order)] * n, [n_perm] * n)
    from analysis.viz import base

    # the workers draw from tables: they need the plotting code, not the analyses' models
    with _process_pool(min(jobs, n), preload=("analysis.viz.event_pages",)) as pool:
        for page in pool.map(_draw_in_worker, *args, chunksize=1):
            base.figure_saved_elsewhere(page.figure)
            yield page
