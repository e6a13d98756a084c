"""The docs' figure -> code map matches the notebooks and the viz modules."""

from __future__ import annotations

import importlib
import json
import re

from analysis.paths import NOTEBOOKS_DIR, ROOT

DOC = (ROOT / "docs" / "README.md").read_text(encoding="utf-8")
ROWS = re.findall(r"^\| `(\d\d-[\w<>-]+)` \| (\d\d-[\w-]+) \| `([\w.]+)` \|$", DOC, flags=re.MULTILINE)


def notebook_figures() -> dict[str, str]:
    """figure name (or name prefix for per-event figures) -> notebook stem, from save_figure calls."""
    out = {}
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        source = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        # figures are what save_figure writes (save_table writes evidence tables, not figures)
        for name in re.findall(r"save_figure\(\s*\w+\s*,\s*[\"'](\d\d-[a-z0-9-]+)[\"']", source):
            out[name] = path.stem
        for prefix in re.findall(r"save_figure\(\s*\w+\s*,\s*f[\"'](\d\d-[a-z0-9-]+)-\{", source):
            out[f"{prefix}-<event>"] = path.stem
        if "ACROSS_FIGURES" in source:  # notebook 06 saves one figure per measure in a loop
            from analysis.viz.compare import ACROSS_FIGURES

            out.update(dict.fromkeys(ACROSS_FIGURES.values(), path.stem))
    return out


def test_every_notebook_figure_is_mapped_to_its_code():
    mapped = {name: nb for name, nb, _ in ROWS}
    figures = {n: nb for n, nb in notebook_figures().items() if n[:2] == nb[:2]}
    missing = sorted(set(figures) - set(mapped))
    assert not missing, f"figures missing from docs/README.md: {missing}"
    for name, nb in figures.items():
        assert mapped[name] == nb, f"{name} is drawn by {nb}, docs say {mapped[name]}"


def test_every_mapped_plot_function_exists_in_its_viz_module():
    assert ROWS, "no figure rows found in docs/README.md"
    for name, _, func in ROWS:
        module, _, attr = func.rpartition(".")
        assert module.startswith("analysis.viz."), func
        assert callable(getattr(importlib.import_module(module), attr, None)), f"{name}: {func} does not exist"
