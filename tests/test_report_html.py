"""The report's HTML: outputs disarmed, figures described, event blocks split out, no network."""

import nbformat

from analysis.report_html import Context, disarm, figure_alt, render_notebook, write_report


def test_disarm_neutralises_scripts_handlers_and_javascript_links():
    out = disarm('<script>alert(1)</script><img src=x onerror="alert(1)"><a href="javascript:alert(1)">x</a>'
                 '<iframe src="https://example.org"></iframe>')
    assert "<script" not in out and "<iframe" not in out
    assert "onerror=" not in out and "javascript:" not in out


def test_figure_alt_reads_titles_from_svg(tmp_path):
    svg = tmp_path / "02-x.svg"
    svg.write_text('<svg><text style="font-size: 11px; font-weight: 700">Outlet A is more negative</text>'
                   '<text style="font-size: 10px">mean tone per sentence (VADER)</text>'
                   '<text style="font-size: 10px">0.2</text></svg>', encoding="utf-8")
    alt = figure_alt(svg, "02-x")
    assert alt.startswith("Figure 02-x: Outlet A is more negative")
    assert "mean tone per sentence" in alt and "0.2" not in alt


def _executed(tmp_path, events):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# 06 · Summary"))
    cell = nbformat.v4.new_code_cell("...")
    outputs = []
    for name in events:
        outputs.append(nbformat.v4.new_output("display_data", data={"text/markdown": f"**{name}** summary"},
                                              metadata={"analysis": {"event": name, "file": f"f-{len(outputs)}",
                                                                     "headline": "h", "articles": 2, "outlets": 2}}))
        outputs.append(nbformat.v4.new_output("display_data", data={"text/html": "<table class='dataframe'>"
                                              "<tbody><tr><td>&lt;b&gt;</td></tr></tbody></table>"}))
    cell.outputs = outputs
    nb.cells.append(cell)
    path = tmp_path / "06-summary.ipynb"
    nbformat.write(nb, path)
    return path


def test_event_blocks_and_separate_pages(tmp_path):
    names = [f"Event <{i}> & co" for i in range(12)]
    path = _executed(tmp_path, names)
    section = render_notebook(path, Context(page_dir=tmp_path, figures_dir=tmp_path))
    assert [e.name for e in section.events] == names
    out = write_report([(path, None)], tmp_path, figures_dir=tmp_path / "figures", corpus_label="<c>")
    page = out.read_text(encoding="utf-8")
    assert "Event &lt;0&gt; &amp; co" in page and "Event <0>" not in page
    assert "How the outlets covered it: &lt;c&gt;" in page
    pages = sorted((tmp_path / "events").glob("*.html"))
    assert len(pages) == 12, "more than 10 events: one page each"
    index = (tmp_path / "events" / "index.csv").read_text(encoding="utf-8").splitlines()
    assert index[0] == "event,page,articles,outlets" and len(index) == 13
    for html_page in [page] + [p.read_text(encoding="utf-8") for p in pages]:
        assert "http://" not in html_page and "https://" not in html_page and "<script src" not in html_page


def test_few_events_stay_inline(tmp_path):
    path = _executed(tmp_path, ["A", "B"])
    page = write_report([(path, None)], tmp_path, figures_dir=tmp_path, corpus_label="c").read_text(encoding="utf-8")
    assert not (tmp_path / "events").exists()
    assert 'id="event-f-0"' in page


def test_a_figure_shown_as_its_saved_png_keeps_its_display_width(tmp_path):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("...")
    cell.outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="},
                               metadata={"image/png": {"width": 533}}),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo="}),
    ]
    nb.cells.append(cell)
    path = tmp_path / "01-x.ipynb"
    nbformat.write(nb, path)
    body = "".join(render_notebook(path, Context(page_dir=tmp_path, figures_dir=tmp_path)).body)
    first, second = body.split("<figure")[1:]
    assert 'width="533"' in first and "width=" not in second
