"""Compatibility alias: the house style moved to :mod:`analysis.viz.base` (kept for one release)."""

from analysis.viz.base import NEUTRAL_GREY, PALETTE, outlet_colors, save_figure, style

__all__ = ["NEUTRAL_GREY", "PALETTE", "outlet_colors", "save_figure", "style"]
