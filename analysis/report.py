"""Run every notebook headless on a corpus and bind the results into one HTML report.

``python -m analysis report CORPUS_DIR --out OUT_DIR`` executes ``notebooks/NN-*.ipynb``
in order with papermill (parameters ``corpus_dir`` and ``figures_dir``), keeps the
executed copies in ``OUT_DIR/notebooks``, writes figures to ``OUT_DIR/figures`` (or
``--figures-dir``) and renders everything into ``OUT_DIR/report.html`` with the figures
embedded, so the file can be mailed or opened offline.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

from analysis.paths import NOTEBOOKS_DIR


class UnusableCorpus(RuntimeError):
    """The corpus folder cannot be analysed at all (nothing loads)."""


def notebook_paths(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The kit's notebooks, ``NN-verb-object.ipynb``, in run order."""
    return sorted(p for p in notebooks_dir.glob("[0-9][0-9]-*.ipynb"))


def check_corpus(corpus_dir: Path) -> str:
    """Load the corpus once to fail early; return a one-line description of it."""
    from analysis.corpus import load_corpus

    if not corpus_dir.is_dir():
        raise UnusableCorpus(f"corpus folder not found: {corpus_dir}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        corpus = load_corpus(corpus_dir)
    errors = corpus.problems[corpus.problems["severity"] == "error"]
    if corpus.articles.empty:
        detail = "; ".join(f"{Path(f).name}: {p}" for f, p in zip(errors["file"], errors["problem"], strict=True))
        raise UnusableCorpus(f"no article in {corpus_dir} could be loaded" + (f" ({detail})" if detail else ""))
    english = corpus.articles[corpus.articles["language"] == "en"]
    if english.empty:
        raise UnusableCorpus(f"no English article in {corpus_dir}: the analyses are English-only")
    n_outlets = english["outlet"].nunique()
    n_events = english["event"].nunique()
    if n_outlets < 2:
        print(
            f"warning: {corpus_dir} has only one outlet ({english['outlet'].iloc[0]}); "
            "comparisons between outlets will be empty",
            file=sys.stderr,
        )
    return (
        f"{len(corpus.articles)} articles, {corpus.articles['outlet'].nunique()} outlets, "
        f"{n_events} events, {len(corpus.problems)} problems ({len(errors)} files not loaded)"
    )


def _environment() -> None:
    os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    os.environ.setdefault("MPLCONFIGDIR", str(Path.cwd() / ".mplconfig"))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def execute_notebooks(
    corpus_dir: Path,
    out_dir: Path,
    figures_dir: Path,
    *,
    notebooks: list[Path] | None = None,
    timeout: int = 1800,
) -> list[Path]:
    """Execute each notebook headless on ``corpus_dir``; return the executed copies."""
    import papermill as pm

    _environment()
    notebooks = notebooks if notebooks is not None else notebook_paths()
    executed_dir = out_dir / "notebooks"
    executed_dir.mkdir(parents=True, exist_ok=True)
    figures_dir.mkdir(parents=True, exist_ok=True)
    executed = []
    total_start = time.perf_counter()
    for i, nb in enumerate(notebooks, start=1):
        print(f"[{i}/{len(notebooks)}] {nb.name} ...", flush=True)
        start = time.perf_counter()
        target = executed_dir / nb.name
        pm.execute_notebook(
            str(nb),
            str(target),
            parameters={"corpus_dir": str(corpus_dir.resolve()), "figures_dir": str(figures_dir.resolve())},
            kernel_name="python3",
            cwd=str(nb.parent),
            progress_bar=False,
            execution_timeout=timeout,
            report_mode=False,
        )
        print(
            f"[{i}/{len(notebooks)}] {nb.name} done in {time.perf_counter() - start:.1f} s "
            f"(total {time.perf_counter() - total_start:.1f} s)",
            flush=True,
        )
        executed.append(target)
    return executed


METHODS = """\
## Methods and limitations

- **Corpus.** Captures are parsed by general line rules (`analysis.corpus.parse_article`): page furniture
  (appeals, navigation, credits, captions, dates, contact lines) is removed and every removed line is
  listed with its reason in notebook 01. Sentences: NLTK Punkt with a curated abbreviation list (Kiss &
  Strunk 2006). Offsets into each article's text make every number traceable to its sentence.
- **Tone.** VADER sentence scores (Hutto & Gilbert 2014; r = 0.49 with human ratings of NYT editorials),
  AFINN as a second lexicon (Nielsen 2011), GDELT-style shares, 95% bootstrap intervals over sentences and
  permutation tests. Tone toward an actor: VADER word scores weighted by distance and clause, read by a
  model fitted on NewsMTSC (Hamborg & Donnay 2021): macro-F1 0.63 against 0.52 for sentence VADER.
- **Sources.** Rules over reporting verbs and sentence structure (no parser); source type and side from a
  documented lexicon of descriptors. On made-up held-out sentences: F1 0.88 for finding attributions,
  89.5% for the speaker.
- **Framing.** Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008);
  Semetko & Valkenburg (2000) generic frames from codebook cue phrases, each hit shown with its sentence;
  presence thresholds beat the always-present baseline on the NFC benchmark for all five frames.
- **Coverage.** Sentences aligned within an event by TF-IDF cosine (threshold 0.25, two shared stems;
  precision 1.0, recall 0.25 on hand-aligned seed pairs); quantities read with their hedges as intervals,
  non-overlapping pairs flagged for checking.
- **Limitations.** Lexical methods: paraphrases are missed by the alignment, frame cues ignore negation,
  tone toward an actor is noisy per mention. Rule-based parsing can misread unusual page layouts: check
  the removed-lines table. All analyses are English-only; other languages are flagged and skipped. A
  handful of articles describes those articles, not the outlets' coverage in general. Every figure has
  its plotted data as a CSV beside it.
"""


def build_report(executed: list[Path], out_file: Path, *, corpus_label: str, show_code: bool = False) -> Path:
    """Bind executed notebooks into one self-contained HTML file with a table of contents."""
    import nbformat
    from nbconvert import HTMLExporter

    merged = nbformat.v4.new_notebook()
    toc = ["# News-coverage comparison report", "", f"Corpus: `{corpus_label}`", "", "## Contents", ""]
    parts = []
    for path in executed:
        nb = nbformat.read(path, as_version=4)
        title = path.stem
        for cell in nb.cells:
            if cell.cell_type == "markdown" and cell.source.lstrip().startswith("# "):
                title = cell.source.lstrip()[2:].splitlines()[0].strip()
                break
        anchor = path.stem
        toc.append(f"- [{title}](#{anchor})")
        parts.append((anchor, nb))
    toc.append("- [Methods and limitations](#Methods-and-limitations)")
    merged.cells.append(nbformat.v4.new_markdown_cell("\n".join(toc)))
    for anchor, nb in parts:
        merged.cells.append(nbformat.v4.new_markdown_cell(f'<a id="{anchor}"></a>\n\n---'))
        for cell in nb.cells:
            if "parameters" in cell.metadata.get("tags", []) or "injected-parameters" in cell.metadata.get(
                "tags", []
            ):
                continue
            merged.cells.append(cell)
    merged.cells.append(nbformat.v4.new_markdown_cell(METHODS))
    merged.metadata = parts[0][1].metadata if parts else {}
    exporter = HTMLExporter(template_name="lab")
    exporter.exclude_input = not show_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(merged)
    out_file.parent.mkdir(parents=True, exist_ok=True)
    out_file.write_text(body, encoding="utf-8")
    return out_file


def run_report(
    corpus_dir: str | Path,
    out_dir: str | Path,
    *,
    figures_dir: str | Path | None = None,
    only: list[str] | None = None,
    show_code: bool = False,
    timeout: int = 1800,
) -> Path:
    """Check the corpus, execute the notebooks, write the HTML report; return its path."""
    corpus_dir = Path(corpus_dir)
    out_dir = Path(out_dir)
    figures = Path(figures_dir) if figures_dir is not None else out_dir / "figures"
    print(f"corpus {corpus_dir}: {check_corpus(corpus_dir)}", flush=True)
    notebooks = notebook_paths()
    if only:
        notebooks = [nb for nb in notebooks if any(nb.name.startswith(o) for o in only)]
        if not notebooks:
            raise UnusableCorpus(f"no notebook matches {only}")
    executed = execute_notebooks(corpus_dir, out_dir, figures, notebooks=notebooks, timeout=timeout)
    report = build_report(executed, out_dir / "report.html", corpus_label=str(corpus_dir), show_code=show_code)
    print(f"figures: {figures}\nreport: {report}", flush=True)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rep = sub.add_parser("report", help="run every notebook headless on a corpus and write an HTML report")
    rep.add_argument("corpus_dir", type=Path, help="folder with the captures and manifest.csv")
    rep.add_argument("--out", type=Path, required=True, help="output folder (executed notebooks, report.html)")
    rep.add_argument("--figures-dir", type=Path, default=None, help="where figures go (default OUT/figures)")
    rep.add_argument("--only", nargs="*", default=None, help="run only notebooks whose name starts with these")
    rep.add_argument("--show-code", action="store_true", help="keep code cells in the HTML report")
    rep.add_argument("--timeout", type=int, default=1800, help="seconds allowed per notebook cell")
    args = parser.parse_args(argv)
    try:
        run_report(
            args.corpus_dir,
            args.out,
            figures_dir=args.figures_dir,
            only=args.only,
            show_code=args.show_code,
            timeout=args.timeout,
        )
    except UnusableCorpus as exc:
        print(f"error: unusable corpus: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the CLI reports any failure in one line
        name = type(exc).__name__
        print(f"error: report failed ({name}): {exc}", file=sys.stderr)
        return 1
    return 0
