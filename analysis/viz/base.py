"""One house style for every figure, fixed colours, safe labels and one way to save.

Colours: outlets take the Okabe & Ito (2008) colour-blind-safe palette; categories (sides,
source types, frames) take Paul Tol's "muted" scheme, so an outlet colour never doubles as a
category colour. Styling is applied only inside :func:`style` (importing this module changes
no global state). Labels drawn from user data (outlets, events, titles, speakers) go through
:func:`plain`, so ``$`` is never read as mathtext.
"""

from __future__ import annotations

import contextlib
import io
import re
import textwrap
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from analysis.paths import FIGURES_DIR

# Okabe-Ito, without black (kept for text) and with yellow last (weak on white).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
)
# Paul Tol's "muted" qualitative scheme: for categories, never for outlets.
CATEGORY_PALETTE: tuple[str, ...] = (
    "#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
)
NEUTRAL_GREY = "#7F7F7F"
LIGHT_GREY = "#C4C4C4"  # "other": the rest summed, apart from unknown
# Sides that are not a camp keep one muted colour of their own, outside the palette and not grey
# (grey means unknown or the rest summed): the Nonpartisan side sources.resolve_speakers gives.
FIXED_CATEGORY_COLOURS = {"nonpartisan": "#B59F7B"}
_REST = ("other", "all others")  # the rest summed: light grey
DPI = 150  # savefig dots per inch
MAX_PX = 3000  # no saved figure is larger than this many pixels on either side
MAX_INCHES = MAX_PX / DPI

_RC = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": DPI,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "svg.hashsalt": "analysis",  # stable element ids in SVG output
    "svg.fonttype": "none",
    "path.simplify": True,
}


@contextlib.contextmanager
def style() -> Iterator[None]:
    """Context manager applying the house style to figures created inside it."""
    import matplotlib as mpl

    with mpl.rc_context(_RC):
        yield


def outlet_colors(outlets: Iterable[str]) -> dict[str, str]:
    """A fixed colour per outlet: outlets sorted by name take the palette in order.

    Past seven outlets the colours repeat with a different line style in mind; figures with
    that many outlets use small multiples labelled by name rather than relying on colour.
    """
    names = sorted({str(o) for o in outlets})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


def category_colors(
    categories: Iterable[str], *, grey: Iterable[str] = ("unknown", "other", "all others", "unresolved"),
    order: Iterable[str] = (),
) -> dict[str, str]:
    """A colour per category (side, source type, frame) from a palette no outlet uses.

    Categories named in ``grey`` (unknown, other, all others, unresolved) are drawn in neutral
    grey, "other" and "all others" (the rest summed) in a lighter grey so the two stay apart;
    "Nonpartisan" (a speaker the text presents in a non-party role) has a fixed muted colour of
    its own and takes no palette slot. ``order`` (e.g.
    :func:`side_order` of the whole corpus) fixes the colours: its categories take the palette
    in that order, the others follow in name order, so figures that draw different subsets
    give each category the same colour.
    """
    grey = {g.lower() for g in grey}

    def is_grey(name: str) -> bool:
        return name.lower() in grey or name.lower().startswith("unresolved")

    def is_fixed(name: str) -> bool:
        return name.lower() in FIXED_CATEGORY_COLOURS

    names = sorted({str(c) for c in categories})
    ranked = [n for n in dict.fromkeys(str(o) for o in order) if not is_grey(n) and not is_fixed(n)]
    rank = {n: i for i, n in enumerate(ranked)}
    rest = iter(range(len(ranked), len(ranked) + len(names)))
    colours: dict[str, str] = {}
    for name in names:
        if is_grey(name):
            colours[name] = LIGHT_GREY if name.lower() in _REST else NEUTRAL_GREY
        elif is_fixed(name):
            colours[name] = FIXED_CATEGORY_COLOURS[name.lower()]
        else:
            i = rank[name] if name in rank else next(rest)
            colours[name] = CATEGORY_PALETTE[i % len(CATEGORY_PALETTE)]
    return colours


def text_on(colour: str) -> str:
    """Black or white, whichever has the higher WCAG contrast ratio on ``colour`` (black when
    the fill's relative luminance is above ~0.18)."""
    from matplotlib.colors import to_rgb

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in to_rgb(colour))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "white"


def side_order(quoted: pd.DataFrame, *, side_col: str = "affiliation", weight_col: str = "words") -> list[str]:
    """Sides by quoted words over the whole table, most first (ties by name), unknown left out:
    the ``order`` that gives every figure of a corpus the same colour per side."""
    if quoted is None or quoted.empty or side_col not in quoted or weight_col not in quoted:
        return []
    sides = quoted[side_col].fillna("").astype(str)
    totals = quoted[weight_col].groupby(sides).sum()
    totals = totals[[s not in ("", "unknown") for s in totals.index]]
    return sorted(totals.index, key=lambda s: (-totals[s], s))


_MATH_CHARS = str.maketrans({"$": r"\$"})


def plain(text: object) -> str:
    """A user-data string made safe as a matplotlib label: ``$`` cannot start mathtext."""
    return str(text).translate(_MATH_CHARS)


def wrap(text: object, width: int = 40, *, max_lines: int = 3) -> str:
    """``text`` as a plain label wrapped to ``width`` characters, at most ``max_lines`` lines."""
    lines = textwrap.wrap(str(text), width=width) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return plain("\n".join(lines))


def shorten(text: object, width: int = 40) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    s = " ".join(str(text).split())
    return plain(s if len(s) <= width else s[: width - 1].rstrip() + "…")


def fig_size(width: float, height: float) -> tuple[float, float]:
    """``(width, height)`` in inches, capped so the saved PNG stays within :data:`MAX_PX` without
    :func:`save_figure` shrinking it after layout (text keeps its size in points, so a figure
    shrunk after ``tight_layout`` overlaps its titles)."""
    cap = MAX_INCHES * 0.9  # save_figure's own margin for bbox "tight"
    return (min(float(width), cap), min(float(height), cap))


def grid_shape(n_panels: int, *, max_cols: int = 4) -> tuple[int, int]:
    """Rows and columns for ``n_panels`` small multiples."""
    n = max(int(n_panels), 1)
    cols = min(n, max_cols)
    return (n + cols - 1) // cols, cols


#: outlets a figure with a panel or row per outlet draws by default (the notebooks' ``max_outlets``)
MAX_OUTLETS = 12


def outlets_drawn(articles: pd.DataFrame, max_outlets: int = MAX_OUTLETS, *,
                  outlet_col: str = "outlet") -> tuple[list[str], str]:
    """The outlets the per-outlet figures draw, by name, and a note naming the outlets left out.

    Every outlet when there are at most ``max_outlets`` (or ``max_outlets`` is 0); else the
    ``max_outlets`` with most rows in ``articles`` (one row per article; ties by name). Past a
    dozen, panels and rows per outlet are too small to read and cost seconds each to draw; the
    tables keep every outlet. The note is empty when nothing is left out."""
    counts = articles[outlet_col].astype(str).value_counts()
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    if max_outlets <= 0 or len(ranked) <= max_outlets:
        return sorted(counts.index), ""
    left_out = ranked[max_outlets:]
    note = (f"note: figures with a panel or row per outlet draw the {max_outlets} of {len(ranked)} outlets with most "
            f"articles (set max_outlets = 0 to draw all; the tables list every outlet); left out, with their "
            f"articles: " + ", ".join(f"{name} ({n})" for name, n in left_out))
    return sorted(name for name, _ in ranked[:max_outlets]), note


def drawn_caption(drawn: Iterable[str], total: int) -> str:
    """``"; 12 of 58 outlets (most articles)"`` for a figure title when outlets were left out, else ``""``."""
    n = len(list(drawn))
    return f"; {n} of {total} outlets (most articles)" if n < total else ""


def layout(fig) -> None:
    """``tight_layout`` that keeps a figure title (``fig.suptitle``) clear of the panels: the
    title's drawn height is measured and the panels are laid out below it."""
    fig.tight_layout()
    title = getattr(fig, "_suptitle", None)
    if title is None or not title.get_text():
        return
    # the title's extent needs a renderer, not a drawn figure: drawing every panel first cost a
    # full render (seconds for 50+ small multiples) and measured the same height
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else None
    if renderer is None:
        fig.canvas.draw()
    height = title.get_window_extent(renderer).height / fig.bbox.height
    fig.tight_layout(rect=(0, 0, 1, max(0.5, 0.985 - height)))


def settle_shared(axes) -> None:
    """Fix the limits that shared small multiples agreed on, then stop sharing them.

    matplotlib keeps shared axes in one group and, every time a panel's limits are read while
    drawing, scans and sorts the whole group: the cost grows with the square of the number of
    panels (seconds per render for 50 outlets, and a figure is rendered several times: layout,
    PNG, SVG, the notebook's display). Once the plot function has drawn everything, each panel
    keeps exactly the limits and tick labels sharing gave it, so the figure is drawn the same,
    pixel for pixel, without the group. Call it last, after every artist is added."""
    flat = [ax for ax in getattr(axes, "flat", axes)]
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in flat]
    for ax in flat:
        for name in ("x", "y"):
            ax._shared_axes[name].remove(ax)  # no public "unshare" in matplotlib
    for ax, (xlim, ylim) in zip(flat, limits, strict=True):
        ax.set_xlim(xlim)
        ax.set_ylim(ylim)


_NAME_RE = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """A CSV cell that a spreadsheet would run as a formula (starts with = + - @) gets a
    leading apostrophe; numbers and everything else pass unchanged (OWASP CSV injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def safe_csv(data: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``data`` whose text cells cannot act as spreadsheet formulas."""
    out = data.copy()
    for col in out.columns:
        # pandas 3 stores text as the "str" dtype, earlier versions as object
        if pd.api.types.is_object_dtype(out[col]) or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise_cell)
    return out


def save_table(data: pd.DataFrame, name: str, *, figures_dir: str | Path | None = None) -> Path:
    """Write an evidence table beside the figures as ``NAME.csv`` (same name rule, float format
    and formula neutralisation as :func:`save_figure`'s data); returns the path."""
    if not _NAME_RE.match(name):
        raise ValueError(f"table name {name!r} must look like '04-frame-evidence'")
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"save_table({name!r}): data must be a DataFrame")
    out = Path(figures_dir) if figures_dir is not None else FIGURES_DIR
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{name}.csv"
    safe_csv(data).to_csv(path, index=False, lineterminator="\n", float_format="%.10g")
    return path


@contextlib.contextmanager
def reused_text_layout() -> Iterator[None]:
    """Inside, each text's layout is computed once per renderer and reused, as in matplotlib
    before 3.0 dropped its layout cache (not its cache of string sizes, which stays).

    Saving a figure draws it twice per format (once to find the tight bounding box, once for
    real), and each draw lays the same tick labels out several times (for the ticks, for the
    axis label beside them, for the title above them): ``Text._get_layout`` ran about 2.4 times
    per text drawn, some 30% of the time of a PNG or SVG of notebook 06. The layout depends
    only on what the key holds (string, font, dpi, spacing, alignment, rotation, renderer), not on
    where the text is placed, so a cached layout is the one matplotlib would compute: the files
    are byte-identical (tests/test_figures.py compares them). Wrapped and TeX text are laid out
    as usual (wrapping depends on the position). The cache lives for this block only, so no
    renderer's cache outlives a change of style."""
    from matplotlib.text import Text

    original = Text._get_layout
    caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def layout(text, renderer):
        if renderer is None or text.get_wrap() or text.get_usetex():
            return original(text, renderer)
        key = (text.get_text(), text._fontproperties.copy(), text.figure.dpi, text._parse_math,
               text._linespacing, text._get_multialignment(), text.get_rotation(), text.get_rotation_mode(),
               text._horizontalalignment, text._verticalalignment)
        cache = caches.setdefault(renderer, {})
        found = cache.get(key)
        if found is None:
            found = cache[key] = original(text, renderer)
        bbox, lines, box = found
        return bbox.frozen(), list(lines), box

    Text._get_layout = layout
    try:
        yield
    finally:
        Text._get_layout = original


def save_figure(
    fig,
    name: str,
    data: pd.DataFrame,
    *,
    figures_dir: str | Path | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
    show: bool = False,
) -> dict[str, Path]:
    """Write ``fig`` as ``NAME.png`` and ``NAME.svg`` and the plotted ``data`` as ``NAME.csv``.

    ``name`` is ``NN-slug`` (two digits, then lower-case words joined by hyphens), e.g.
    ``"01-paragraph-lengths"``. Output is byte-for-byte reproducible: no creation dates
    or software versions are written into the files, and floats in the CSV are rounded to
    10 significant digits so last-digit noise does not change tracked files. The figure is
    shrunk if needed so no side exceeds :data:`MAX_PX` pixels. Text cells that a spreadsheet
    would run as formulas are neutralised. With ``show``, the figure is then shown and closed
    (:func:`show_saved`: in a notebook, the PNG just written). Returns the paths written.
    """
    if not _NAME_RE.match(name):
        raise ValueError(
            f"figure name {name!r} must look like '01-paragraph-lengths' "
            "(two digits, a hyphen, lower-case words joined by hyphens)"
        )
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"save_figure({name!r}): data must be the plotted DataFrame")
    out = Path(figures_dir) if figures_dir is not None else FIGURES_DIR
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
    }
    import matplotlib as mpl

    width, height = fig.get_size_inches()
    if max(width, height) * DPI > MAX_PX * 0.9:  # bbox "tight" may add a little
        scale = MAX_PX * 0.9 / (max(width, height) * DPI)
        fig.set_size_inches(width * scale, height * scale)
    png = None
    with mpl.rc_context({"svg.hashsalt": "analysis", "svg.fonttype": "none"}), reused_text_layout():
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            buffer = io.BytesIO()
            fig.savefig(buffer, format=fmt, metadata=metadata.get(fmt), bbox_inches="tight", dpi=DPI)
            path.write_bytes(buffer.getvalue())
            written[fmt] = path
            if fmt == "png":
                png = buffer.getvalue()
    csv_path = out / f"{name}.csv"
    safe_csv(data).to_csv(csv_path, index=False, lineterminator="\n", float_format="%.10g")
    written["csv"] = csv_path
    if show:
        show_saved(fig, png)
    return written


def figure_saved_elsewhere(name: str) -> None:
    """Note that the figure ``name`` was saved by :func:`save_figure` in another process (the
    event pages drawn on worker processes, :mod:`analysis.viz.event_pages`). Does nothing by itself;
    the report's kernel hook (:func:`analysis.report.watch_figures`) records it as it records
    :func:`save_figure` calls, so the report still gives the figure its alt text and data file."""


def _inline_backend() -> bool:
    import matplotlib as mpl

    return "inline" in mpl.get_backend()


def show_saved(fig, png: bytes | None) -> None:
    """Show ``fig`` as ``png``, the PNG :func:`save_figure` wrote, and close it.

    Under Jupyter's inline backend ``plt.show()`` renders the figure once more, at the figure's
    own dpi, only to display it: after the PNG and the SVG, that third render took about 30% of
    the time notebook 06 spent on its figures. The saved PNG (:data:`DPI` dots per inch) is shown
    instead, at the width the inline render had (its pixels times figure dpi / :data:`DPI`), so
    the notebook shows exactly the file that was saved. Without the inline backend (a script, a
    GUI window) or without ``png``, this is ``plt.show()``."""
    import matplotlib.pyplot as plt

    if png is None or not _inline_backend():
        plt.show()
        return
    from IPython.display import Image, display

    display(Image(data=png, format="png", width=display_width(fig, png)))
    plt.close(fig)


def display_width(fig, png: bytes) -> int:
    """The width in pixels to show ``png`` (written by :func:`save_figure` at :data:`DPI`) at: the
    width the inline backend's own render of ``fig`` had (its pixels times figure dpi / DPI)."""
    width_px = int.from_bytes(png[16:20], "big")  # the PNG header (IHDR) holds the size in pixels
    return max(1, round(width_px * fig.dpi / DPI))
