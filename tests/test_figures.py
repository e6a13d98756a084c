import hashlib

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

from analysis.figures import PALETTE, outlet_colors, save_figure, style


def _draw_and_save(folder):
    with style():
        fig, ax = plt.subplots()
        ax.bar(["a", "b"], [3, 1])
        ax.set_title("A finding")
        paths = save_figure(fig, "09-test-figure", pd.DataFrame({"x": ["a", "b"], "y": [3, 1]}), figures_dir=folder)
        plt.close(fig)
    return {k: hashlib.sha256(p.read_bytes()).hexdigest() for k, p in paths.items()}


def test_save_figure_writes_png_svg_csv_and_is_byte_reproducible(tmp_path):
    first = _draw_and_save(tmp_path / "one")
    second = _draw_and_save(tmp_path / "two")
    assert set(first) == {"png", "svg", "csv"}
    assert first == second
    assert (tmp_path / "one" / "09-test-figure.csv").read_text() == "x,y\na,3\nb,1\n"


def test_save_figure_rejects_bad_names_and_missing_data(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match="must look like"):
        save_figure(fig, "Figure 1", pd.DataFrame(), figures_dir=tmp_path)
    with pytest.raises(TypeError, match="plotted DataFrame"):
        save_figure(fig, "01-ok", [1, 2], figures_dir=tmp_path)
    plt.close(fig)


def test_outlet_colours_are_fixed_and_distinct():
    colours = outlet_colors(["TRT World", "The Moscow Times", "TRT World"])
    assert colours == outlet_colors(["The Moscow Times", "TRT World"])
    assert len(set(colours.values())) == 2
    assert set(colours.values()) <= set(PALETTE)


def test_style_does_not_leak_into_global_state():
    import matplotlib as mpl

    before = mpl.rcParams["axes.spines.top"]
    with style():
        assert mpl.rcParams["axes.spines.top"] is False
    assert mpl.rcParams["axes.spines.top"] == before


def test_exported_csvs_neutralise_spreadsheet_formulas(tmp_path):
    from analysis.viz.base import save_table

    data = pd.DataFrame({"outlet": ["=HYPERLINK(\"x\")", "+1 news", "@home", "-dash", "plain"], "n": [1, 2, 3, -4, 5],
                         "signed": ["-4", "+2", "=1", "a", "b"]})
    path = save_table(data, "09-test-table", figures_dir=tmp_path)
    back = pd.read_csv(path, dtype=str)
    assert list(back["outlet"]) == ["'=HYPERLINK(\"x\")", "'+1 news", "'@home", "'-dash", "plain"]
    assert list(back["n"]) == ["1", "2", "3", "-4", "5"]  # numbers are not text cells
    assert list(back["signed"]) == ["-4", "+2", "'=1", "a", "b"]  # numeric-looking text stays readable
    with pytest.raises(ValueError, match="must look like"):
        save_table(data, "bad name", figures_dir=tmp_path)


def test_user_labels_are_drawn_as_plain_text():
    from analysis.viz.base import plain, wrap

    with style():
        fig, ax = plt.subplots()
        ax.set_title(plain("Money$^^$ Weekly: Budget $5bn vs $6bn"))
        fig.canvas.draw()  # mathtext would raise on "$^^$"
        plt.close(fig)
    assert wrap("a " * 100, 20, max_lines=2).count("\n") == 1


def _small_multiples(folder, settle: bool, title: str | None = None):
    from analysis.viz.base import layout, settle_shared

    with style():
        fig, axes = plt.subplots(3, 4, sharex=True, sharey=True, squeeze=False)
        for k, ax in enumerate(axes.flat[:10]):  # panels with different ranges: sharing decides the limits
            ax.plot([k, 2 * k + 1], [-k, k * k], marker="o")
            ax.set_title(f"panel {k}")
        for ax in axes.flat[10:]:
            ax.set_visible(False)
        axes[0, 0].invert_yaxis()
        if settle:
            settle_shared(axes)
        if title:
            fig.suptitle(title, x=0.01, ha="left", fontweight="bold")
        layout(fig)
        paths = save_figure(fig, "09-small-multiples", pd.DataFrame({"k": range(10)}), figures_dir=folder)
        shared = [len(ax.get_shared_x_axes().get_siblings(ax)) for ax in axes.flat]
        limits = {(ax.get_xlim(), ax.get_ylim()) for ax in axes.flat}
        plt.close(fig)
    return {k: p.read_bytes() for k, p in paths.items()}, shared, limits


@pytest.mark.parametrize("title", [None, "A finding long enough to need its own line above the panels " * 2])
def test_settled_small_multiples_draw_exactly_as_shared_ones(tmp_path, title):
    shared_files, shared, shared_limits = _small_multiples(tmp_path / "shared", settle=False, title=title)
    settled_files, alone, settled_limits = _small_multiples(tmp_path / "settled", settle=True, title=title)
    assert shared == [12] * 12 and alone == [1] * 12, "the panels stop sharing"
    assert len(shared_limits) == 1 and settled_limits == shared_limits, "every panel keeps the shared limits"
    assert settled_files == shared_files, "same PNG, SVG and CSV bytes"


def test_layout_measures_the_title_as_a_drawn_figure_would(tmp_path):
    from analysis.viz.base import layout

    def place(measure_after_drawing: bool):
        with style():
            fig, axes = plt.subplots(2, 3)
            for k, ax in enumerate(axes.flat):
                ax.plot([0, k + 1], [k, 0])
                ax.set_ylabel(f"value {k}")
            fig.suptitle("A finding that wraps over more than one line because it names every outlet " * 3,
                         x=0.01, ha="left", fontweight="bold", wrap=True)
            if measure_after_drawing:  # the former way: a full render before measuring
                fig.tight_layout()
                fig.canvas.draw()
                height = fig._suptitle.get_window_extent().height / fig.bbox.height
                fig.tight_layout(rect=(0, 0, 1, max(0.5, 0.985 - height)))
            else:
                layout(fig)
            positions = [tuple(ax.get_position().bounds) for ax in axes.flat]
            plt.close(fig)
        return positions

    drawn = place(True)
    assert place(False) == drawn
    assert max(top for _, bottom, _, h in drawn for top in [bottom + h]) < 0.9, "the title took room above the panels"


def test_outlets_drawn_keeps_the_outlets_with_most_articles_and_names_the_rest():
    from analysis.viz.base import drawn_caption, outlets_drawn

    counts = {"Zeta": 5, "Alpha": 1, "Beta": 3, "Gamma": 3, "Delta": 2}
    articles = pd.DataFrame({"outlet": [o for o, n in counts.items() for _ in range(n)]})
    drawn, note = outlets_drawn(articles, 3)
    assert drawn == ["Beta", "Gamma", "Zeta"]  # by name; Beta and Gamma tie on 3 articles
    assert "3 of 5 outlets" in note and note.endswith("Delta (2), Alpha (1)")
    assert drawn_caption(drawn, 5) == "; 3 of 5 outlets (most articles)"
    for limit in (0, 5, 12):
        assert outlets_drawn(articles, limit) == (sorted(counts), "")
    assert drawn_caption(sorted(counts), 5) == ""
    tied, _ = outlets_drawn(pd.DataFrame({"outlet": ["b", "a", "c"]}), 2)
    assert tied == ["a", "b"]


@pytest.mark.parametrize("subset", [
    ["US Democrats", "US Republicans", "unknown"],
    ["US Republicans", "Mexico", "other", "unknown"],
    ["Germany", "US Democrats", "all others"],
    ["US Democrats", "Zambia"],
])
def test_a_side_keeps_its_colour_in_every_figure_given_the_corpus_order(subset):
    """Without an order, colours follow each figure's own categories (Democrats change colour
    between figures); with the corpus's side order each side has one colour everywhere."""
    from analysis.viz.base import CATEGORY_PALETTE, LIGHT_GREY, NEUTRAL_GREY, category_colors, side_order

    quoted = pd.DataFrame({"affiliation": ["US Republicans", "US Democrats", "", "Mexico", "Germany", "US Democrats"],
                           "words": [50, 30, 99, 20, 5, 25]})
    order = side_order(quoted)
    assert order == ["US Democrats", "US Republicans", "Mexico", "Germany"]
    full = category_colors([*order, "all others", "Zambia", "other", "unknown"], order=order)
    got = category_colors(subset, order=order)
    ranked_or_grey = [c for c in subset if c in order or c in ("other", "unknown")]
    assert {c: got[c] for c in ranked_or_grey} == {c: full[c] for c in ranked_or_grey}
    assert got.get("US Democrats", CATEGORY_PALETTE[0]) == CATEGORY_PALETTE[0]
    assert got.get("unknown", NEUTRAL_GREY) == NEUTRAL_GREY and got.get("other", LIGHT_GREY) == LIGHT_GREY
    assert got.get("all others", LIGHT_GREY) == LIGHT_GREY  # the rest summed is not a side
    named = [got[c] for c in subset if c not in ("other", "unknown")]
    assert len(set(named)) == len(named)


@pytest.mark.parametrize("categories", [
    ["Nonpartisan", "US Democrats", "US Republicans", "unknown"],
    ["US Republicans", "Nonpartisan"],
    ["nonpartisan", "other"],
])
def test_nonpartisan_has_its_own_colour_that_is_not_grey_and_takes_no_palette_slot(categories):
    """A non-party role is knowledge, not an unknown: never grey, never a party's colour, and
    ranking it among the sides must not shift the parties' colours."""
    from analysis.viz.base import CATEGORY_PALETTE, LIGHT_GREY, NEUTRAL_GREY, category_colors

    order = ["Nonpartisan", "US Democrats", "US Republicans"]
    got = category_colors(categories, order=order)
    colour = got[next(c for c in categories if c.lower() == "nonpartisan")]
    assert colour not in (NEUTRAL_GREY, LIGHT_GREY) and colour not in CATEGORY_PALETTE
    assert got.get("US Democrats", CATEGORY_PALETTE[0]) == CATEGORY_PALETTE[0]
    assert got.get("US Republicans", CATEGORY_PALETTE[1]) == CATEGORY_PALETTE[1]


def test_without_an_order_colours_follow_the_figure_as_before():
    from analysis.viz.base import category_colors

    assert category_colors(["b", "a"]) == category_colors(["a", "b"])
    assert category_colors(["US Democrats", "Austria"])["US Democrats"] != \
        category_colors(["US Democrats"])["US Democrats"]


def _figure_with_title():
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [2, 0, 1])
    ax.set_title("A finding")
    return fig


def _figure_with_every_kind_of_text():
    """Texts whose layout depends on each thing the reused layout is keyed on, some drawn twice
    with one property changed, and wrapped text (laid out as usual)."""
    fig, axes = plt.subplots(2, 2, figsize=(8, 6))
    for k, ax in enumerate(axes.flat):
        ax.plot(range(5), [v * (k + 1) for v in range(5)], label=f"series {k}")
        ax.set_ylabel(f"value {k}\n(units)")
    ax = axes[0, 0]
    ax.set_xticks(range(5), ["one", "two", "three", "four", "five"], rotation=45, ha="right", rotation_mode="anchor")
    ax.set_title("A finding, bold", fontweight="bold")
    ax.legend(fontsize=7, loc="upper left")
    ax = axes[0, 1]
    ax.set_yticks([0, 4, 8], ["low", "mid", "high"], fontsize=8)
    ax.annotate("+0.25 (n=12)", (2, 4), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.annotate("+0.25 (n=12)", (3, 6), xytext=(4, 0), textcoords="offset points", va="top", fontsize=8)
    ax.text(1, 2, "same text\nother alignment", ha="center", va="baseline", multialignment="right")
    ax.text(1, 5, "same text\nother alignment", ha="center", va="baseline", multialignment="left")
    ax.text(3, 1, "$x^2$ math and \\$5bn plain", rotation=30)
    ax.text(3, 1, "$x^2$ math and \\$5bn plain", rotation=30, parse_math=False)
    ax.text(0, 7, "lines\nspaced", linespacing=2.0)
    ax.text(1, 7, "lines\nspaced")
    for k, mode in enumerate(("default", "anchor")):
        ax.text(4, 2 + 2 * k, "turned", rotation=60, rotation_mode=mode, ha="right", va="top")
        ax.text(2, 2 + 2 * k, "turned", rotation=10 + 50 * k)
    ax = axes[1, 0]
    for x in (0.1, 0.5):  # wrapped at the figure's edge: the same text wraps differently at each place
        ax.text(x, x, "a long note that has to wrap inside the figure because it is longer than the panel " * 2,
                transform=ax.transAxes, wrap=True, fontsize=8)
    ax.set_xlabel("sentences (coloured: another outlet reports it too)")
    ax = axes[1, 1]
    ax.text(2, 8, "$5bn plain, not math", parse_math=False, ha="center", va="top")
    ax.text(2, 6, "$5bn plain, not math", parse_math=False, ha="center", va="top", fontsize=12, fontstyle="italic")
    ax.text(2, 4, "one side", ha="left", multialignment="left")
    ax.text(2, 2, "one side", ha="right", multialignment="left")
    fig.suptitle("A title over the panels\n(N = 4 panels)", x=0.01, ha="left", fontweight="bold")
    fig.tight_layout()
    return fig


def test_save_figure_writes_what_savefig_writes(tmp_path):
    """save_figure lays each text out once per renderer (reused_text_layout) and writes through
    a buffer; the files are those matplotlib's own savefig writes."""
    import matplotlib as mpl

    from analysis.viz.base import DPI

    with style():
        fig = _figure_with_every_kind_of_text()
        paths = save_figure(fig, "09-as-savefig", pd.DataFrame({"k": [1]}), figures_dir=tmp_path / "kit")
        direct = {}
        with mpl.rc_context({"svg.hashsalt": "analysis", "svg.fonttype": "none"}):
            for fmt, meta in (("png", {"Software": None}), ("svg", {"Date": None, "Creator": None})):
                direct[fmt] = tmp_path / f"direct.{fmt}"
                fig.savefig(direct[fmt], format=fmt, metadata=meta, bbox_inches="tight", dpi=DPI)
        plt.close(fig)
    for fmt in ("png", "svg"):
        assert paths[fmt].read_bytes() == direct[fmt].read_bytes(), fmt


def test_shown_in_a_notebook_as_the_png_just_saved_at_the_inline_size(tmp_path, monkeypatch):
    """Under the inline backend, show=True displays the saved PNG (no render of its own) at the
    width the inline backend's own render at the figure's dpi had, and closes the figure."""
    import IPython.display

    from analysis.viz import base

    shown = []
    monkeypatch.setattr(base, "_inline_backend", lambda: True)
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kw: shown.append(obj))
    with style():
        fig = _figure_with_title()
        paths = save_figure(fig, "09-shown", pd.DataFrame({"k": [1]}), figures_dir=tmp_path, show=True)
        # what the inline backend drew before: the figure at its own dpi (IPython's print_figure)
        fig.canvas.print_figure(tmp_path / "inline.png", format="png", bbox_inches="tight", dpi=fig.dpi)
    assert not plt.fignum_exists(fig.number), "the figure is closed, as plt.show() closes it inline"
    (image,) = shown
    assert image.data == paths["png"].read_bytes()
    saved_px = Image.open(paths["png"]).size
    inline_px = Image.open(tmp_path / "inline.png").size
    assert saved_px[0] > inline_px[0], "the saved PNG has more pixels (DPI) than the inline render"
    assert abs(image.width - inline_px[0]) <= 2, "shown at the inline render's width"


def test_shown_elsewhere_with_plt_show(tmp_path, monkeypatch):
    from analysis.viz import base

    calls = []
    monkeypatch.setattr(base, "_inline_backend", lambda: False)
    monkeypatch.setattr(plt, "show", lambda *a, **kw: calls.append(1))
    with style():
        fig = _figure_with_title()
        save_figure(fig, "09-shown", pd.DataFrame({"k": [1]}), figures_dir=tmp_path, show=True)
        save_figure(fig, "09-not-shown", pd.DataFrame({"k": [1]}), figures_dir=tmp_path)
    plt.close(fig)
    assert calls == [1]


def test_text_layout_is_matplotlibs_own_again_after_the_block():
    from matplotlib.text import Text

    from analysis.viz.base import reused_text_layout

    before = Text._get_layout
    with pytest.raises(RuntimeError), reused_text_layout():
        assert Text._get_layout is not before
        raise RuntimeError("a figure failed to save")
    assert Text._get_layout is before


@pytest.mark.parametrize("colour, expected", [("#FFFFFF", "black"), ("#000000", "white"), ("#C4C4C4", "black"),
                                              ("#88CCEE", "black"), ("#332288", "white"), ("#882255", "white")])
def test_labels_on_a_fill_take_the_colour_with_more_contrast(colour, expected):
    from analysis.viz.base import text_on

    assert text_on(colour) == expected
