"""One house style for every figure, a fixed colour per outlet, and one way to save.

Colours are the Okabe & Ito (2008) colour-blind-safe palette. Styling is applied only
inside :func:`style` (importing this module changes no global state).
"""

from __future__ import annotations

import contextlib
import re
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
NEUTRAL_GREY = "#7F7F7F"

_RC = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
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

    The same set of outlets always gets the same colours; past seven outlets the palette
    repeats (a warning is not raised; use facets for that many outlets).
    """
    names = sorted({str(o) for o in outlets})
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}


_NAME_RE = re.compile(r"^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


def save_figure(
    fig,
    name: str,
    data: pd.DataFrame,
    *,
    figures_dir: str | Path | None = None,
    formats: tuple[str, ...] = ("png", "svg"),
) -> dict[str, Path]:
    """Write ``fig`` as ``NAME.png`` and ``NAME.svg`` and the plotted ``data`` as ``NAME.csv``.

    ``name`` is ``NN-slug`` (two digits, then lower-case words joined by hyphens), e.g.
    ``"01-paragraph-lengths"``. Output is byte-for-byte reproducible: no creation dates
    or software versions are written into the files. Returns the paths written.
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

    with mpl.rc_context({"svg.hashsalt": "analysis", "svg.fonttype": "none"}):
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, metadata=metadata.get(fmt), bbox_inches="tight")
            written[fmt] = path
    csv_path = out / f"{name}.csv"
    data.to_csv(csv_path, index=False, lineterminator="\n")
    written["csv"] = csv_path
    return written
