"""The report as HTML built here, not by nbconvert: summary first, sections after, offline.

``write_report`` reads the executed notebooks and writes ``OUT/report.html``: the summary
(notebook 06: an index of events, then one block per event, then corpus-wide findings), then
one section per notebook. No script or style is loaded from anywhere (the page's only script
is :file:`analysis/data/report.js`, inlined: every table gets a filter box and pages of 25
rows, and ``data-filter-target`` links fill an evidence table's filter). Figures are embedded
with alt text (from the saved SVG's titles and labels) and links to their CSV, PNG and SVG.
With more than :data:`INLINE_EVENTS` events, each event gets its own page
``OUT/events/<slug>-<hash>.html`` and the mapping is listed (also in ``events/index.csv``).
No timestamps; every string from the data is escaped (notebook outputs are passed through a
filter that disarms scripts, frames and event handlers).
"""

from __future__ import annotations

import csv
import html
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from analysis.paths import ROOT

INLINE_EVENTS = 10
FIGURES_MIME = "application/vnd.analysis.figures+json"
_DATA = Path(__file__).resolve().parent / "data"
_SKIP_TAGS = {"parameters", "injected-parameters", "report-setup"}
_UNSAFE = [
    (re.compile(r"<(/?)(script|iframe|object|embed|link|meta|base|form)\b", re.I), r"&lt;\1\2"),
    (re.compile(r"\son[a-z]+\s*=", re.I), " data-removed="),
    (re.compile(r"(href|src)\s*=\s*([\"']?)\s*javascript:", re.I), r"\1=\2#"),
]


def disarm(markup: str) -> str:
    """``markup`` with script-like tags, event handlers and javascript: links made inert."""
    for pattern, repl in _UNSAFE:
        markup = pattern.sub(repl, markup)
    return markup


def _markdown(text: str) -> str:
    import mistune

    md = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])
    return disarm(md(text))


def _demote(markup: str, by: int = 1) -> str:
    for level in range(5, 0, -1):
        markup = re.sub(rf"<(/?)h{level}\b", rf"<\1h{min(level + by, 6)}", markup)
    return markup


def figure_alt(svg: Path, name: str) -> str:
    """A sentence describing a saved figure: its bold titles and longest labels, from its SVG."""
    try:
        text = svg.read_text(encoding="utf-8")
    except OSError:
        return f"Figure {name}"
    items = re.findall(r'<text style="([^"]*)"[^>]*>([^<]*)</text>', text)
    titles, labels = [], []
    for style, content in items:
        content = html.unescape(content).strip()
        if not content:
            continue
        if "font-weight: 700" in style or "bold" in style:
            titles.append(content)
        elif len(content.split()) >= 3:
            labels.append(content)
    parts = list(dict.fromkeys(titles))[:4] + list(dict.fromkeys(labels))[:2]
    alt = "; ".join(parts) or name
    return f"Figure {name}: {alt}"[:400]


@dataclass
class Context:
    """Where the page being written sits, to link figures relatively."""

    page_dir: Path
    figures_dir: Path

    def link(self, path: Path) -> str:
        return html.escape(Path(os.path.relpath(path, self.page_dir)).as_posix())


def _figure(png_b64: str, name: str | None, ctx: Context, width: int | None = None) -> str:
    # a figure shown as its saved PNG (analysis.viz.base.show_saved) has more pixels than the width
    # it is meant to be shown at: the notebook's display width keeps it at that size
    size = f' width="{int(width)}"' if width else ""
    if name is None:
        return (f'<figure><img src="data:image/png;base64,{png_b64}"{size} alt="Figure (not saved to a file)">'
                "</figure>")
    base = ctx.figures_dir / name
    alt = figure_alt(base.with_suffix(".svg"), name)
    links = [f'<a href="{ctx.link(base.with_suffix(".csv"))}">data (CSV)</a>']
    for ext in ("png", "svg"):
        if base.with_suffix(f".{ext}").exists():
            links.append(f'<a href="{ctx.link(base.with_suffix("." + ext))}">{ext.upper()}</a>')
    return (f'<figure id="fig-{html.escape(name)}"><img src="data:image/png;base64,{png_b64}"{size} '
            f'alt="{html.escape(alt)}"><figcaption>{html.escape(name)} · {" · ".join(links)}</figcaption></figure>')


def _tables_wrapped(markup: str) -> str:
    return re.sub(r"(<table\b.*?</table>)", r'<div class="tablewrap">\1</div>', markup, flags=re.S)


def _output(out: dict, ctx: Context, pending: list[str]) -> str:
    kind = out.get("output_type")
    if kind == "stream":
        return f'<pre class="out">{html.escape(out.get("text", ""))}</pre>' if out.get("name") == "stdout" else ""
    if kind == "error":
        return f'<div class="error"><strong>{html.escape(out.get("ename", ""))}</strong>: ' \
               f'{html.escape(out.get("evalue", ""))}</div>'
    data = out.get("data", {})
    if "image/png" in data:
        shown = out.get("metadata", {}).get("image/png", {})
        width = shown.get("width") if isinstance(shown, dict) else None
        return _figure(str(data["image/png"]).replace("\n", ""), pending.pop(0) if pending else None, ctx,
                       width if isinstance(width, int | float) and width > 0 else None)
    if "text/html" in data:
        return _tables_wrapped(disarm(str(data["text/html"])))
    if "text/markdown" in data:
        return _demote(_markdown(str(data["text/markdown"])), 1)
    if "text/plain" in data:
        return f'<pre class="out">{html.escape(str(data["text/plain"]))}</pre>'
    return ""


@dataclass
class Event:
    """One event block of notebook 06."""

    name: str
    file: str
    headline: str = ""
    articles: int = 0
    outlets: int = 0
    parts: list[str] = field(default_factory=list)


@dataclass
class Section:
    """One notebook rendered: its title, anchor, HTML, and (notebook 06) its event blocks."""

    anchor: str
    title: str
    body: list[str] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    error: str | None = None


def _cell_figures(cell) -> list[str]:
    names: list[str] = []
    for out in cell.get("outputs", []):
        payload = out.get("data", {}).get(FIGURES_MIME)
        if payload:
            names.extend(payload.get("figures", []))
    return names


def render_notebook(path: Path, ctx: Context, *, show_code: bool = False, error: str | None = None) -> Section:
    """A notebook's cells as HTML; outputs marked with ``metadata.analysis.event`` start an
    event block (see :func:`analysis.summary.event_marker`)."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    section = Section(anchor=f"nb-{path.stem}", title=path.stem, error=error)
    current: list[str] = section.body
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if tags & _SKIP_TAGS:
            continue
        if cell.cell_type == "markdown":
            src = cell.source.lstrip()
            if src.startswith("# ") and section.title == path.stem:
                section.title = src[2:].splitlines()[0].strip()
                src = src.split("\n", 1)[1] if "\n" in src else ""
            current.append(_demote(_markdown(src), 1))
            continue
        if cell.cell_type != "code":
            continue
        if show_code and cell.source.strip():
            current.append(f'<pre class="code"><code>{html.escape(cell.source)}</code></pre>')
        pending = _cell_figures(cell)
        for out in cell.get("outputs", []):
            marker = out.get("metadata", {}).get("analysis", {}) if isinstance(out.get("metadata"), dict) else {}
            if marker.get("event") is not None:
                event = Event(name=str(marker["event"]), file=str(marker.get("file", "")),
                              headline=str(marker.get("headline", "")), articles=int(marker.get("articles", 0)),
                              outlets=int(marker.get("outlets", 0)))
                section.events.append(event)
                current = event.parts
                if marker.get("figure") in pending:  # the event's own figure comes next
                    pending.remove(marker["figure"])
                    pending.insert(0, marker["figure"])
            elif marker.get("end_events"):
                current = section.body
            current.append(_output(out, ctx, pending))
        current = section.body  # an event block ends with the cell that started it
    return section


def _page(title: str, body: str) -> str:
    css = (_DATA / "report.css").read_text(encoding="utf-8")
    js = (_DATA / "report.js").read_text(encoding="utf-8")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n"
        f"<script>\n{js}</script>\n</body>\n</html>\n"
    )


def _event_index(events: list[Event], *, separate: bool) -> str:
    rows = []
    for e in events:
        target = f"events/{e.file}.html" if separate else f"#event-{e.file}"
        rows.append(
            f'<tr><td><a href="{html.escape(target)}">{html.escape(e.name)}</a></td><td>{e.articles}</td>'
            f"<td>{e.outlets}</td><td>{html.escape(e.headline)}</td>"
            + (f"<td>{html.escape(target)}</td>" if separate else "") + "</tr>"
        )
    head = "<th>event</th><th>articles</th><th>outlets</th><th>finding</th>" + ("<th>page</th>" if separate else "")
    return (f'<div class="tablewrap"><table class="data event-index"><thead><tr>{head}</tr></thead><tbody>'
            + "".join(rows) + "</tbody></table></div>")


def _write_event_pages(events: list[Event], out_dir: Path, figures_dir: Path, label: str) -> None:
    folder = out_dir / "events"
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["event", "page", "articles", "outlets"])
    for e in events:
        body = (f'<p class="meta"><a href="../report.html">← report on {html.escape(label)}</a></p>'
                f"<h1>{html.escape(e.name)}</h1>" + "\n".join(e.parts))
        (folder / f"{e.file}.html").write_text(_page(f"{e.name} — coverage compared", body), encoding="utf-8")
        writer.writerow([_safe_cell(e.name), f"{e.file}.html", e.articles, e.outlets])
    (folder / "index.csv").write_text(buf.getvalue(), encoding="utf-8")


def _safe_cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _rerender_for(events: list[Event], results, ctx: Context, show_code: bool) -> list[Event]:
    """Event blocks rendered again with links relative to ``ctx.page_dir``."""
    for path, err in results:
        section = render_notebook(path, ctx, show_code=show_code, error=err)
        if section.events:
            return section.events
    return events


def write_report(
    results: list[tuple[Path, str | None]],
    out_dir: Path,
    *,
    figures_dir: Path,
    tables_dir: Path | None = None,
    corpus_label: str,
    show_code: bool = False,
) -> Path:
    """Write ``OUT/report.html`` (and ``OUT/events/`` when there are many events); return its path."""
    ctx = Context(page_dir=out_dir, figures_dir=figures_dir)
    sections = [render_notebook(p, ctx, show_code=show_code, error=e) for p, e in results]
    events = [e for s in sections for e in s.events]
    separate = len(events) > INLINE_EVENTS
    if separate:
        page_events = _rerender_for(events, results, Context(page_dir=out_dir / "events", figures_dir=figures_dir),
                                    show_code)
        _write_event_pages(page_events, out_dir, figures_dir, corpus_label)
    summary = [s for s in sections if s.events]
    others = [s for s in sections if not s.events]
    toc = ['<nav class="toc" aria-label="Contents"><strong>Contents</strong><ol>']
    body = [f'<header class="top"><h1>How the outlets covered it: {html.escape(corpus_label)}</h1>'
            f'<p class="meta">News-coverage comparison report · corpus folder <code>{html.escape(corpus_label)}'
            "</code> · every figure links its data; every table can be filtered.</p></header>"]
    main: list[str] = []
    for s in summary:
        toc.append(f'<li><a href="#{s.anchor}">Summary: every event, then the whole corpus</a></li>')
        main.append(f'<section id="{s.anchor}"><h2>Summary</h2>')
        main.append(f"<h3>Events ({len(events)})</h3>")
        if separate:
            main.append(f'<p class="note">{len(events)} events: each has its own page in <code>events/</code> '
                        "(listed below and in <code>events/index.csv</code>).</p>")
        main.append(_event_index(s.events, separate=separate))
        if not separate:
            for e in s.events:
                main.append(f'<section class="event" id="event-{html.escape(e.file)}"><h3>{html.escape(e.name)}</h3>'
                            + "\n".join(e.parts) + "</section>")
        main.append(f"<h3>Across all events</h3><p class=\"note\">From {html.escape(s.title)}.</p>"
                    + "\n".join(s.body) + "</section>")
    from analysis.audit.section import ANCHOR, TITLE, accuracy_section

    toc.append(f'<li><a href="#{ANCHOR}">{TITLE}</a></li>')
    main.append(accuracy_section(out_dir / "audit"))
    for s in others:
        toc.append(f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>')
        err = f'<div class="error">This notebook stopped with an error: {html.escape(s.error)}</div>' if s.error else ""
        main.append(f'<section id="{s.anchor}"><h2>{html.escape(s.title)}</h2>{err}' + "\n".join(s.body) + "</section>")
    toc.append("</ol></nav>")
    notebooks_link = html.escape(Path(os.path.relpath(out_dir / "notebooks", out_dir)).as_posix())
    main.append(f'<section id="about"><h2>About this report</h2><p>Executed notebooks (with code): '
                f'<code>{notebooks_link}/</code>. Methods, validation figures and limits: '
                f'<code>docs/</code> in the kit ({html.escape(ROOT.name)}). Figures: '
                f'<code>{ctx.link(figures_dir)}/</code>.</p></section>')
    page = _page(f"Coverage report: {corpus_label}", "\n".join(body + toc + main))
    out = out_dir / "report.html"
    out.write_text(page, encoding="utf-8")
    return out
