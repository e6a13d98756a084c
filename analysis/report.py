"""Run every notebook headless on a corpus's tables and bind the results into one HTML report.

``python -m analysis report CORPUS --out OUT`` (see :mod:`analysis.cli`) checks the input,
locks ``OUT``, clears what an earlier report wrote there, computes the tables once
(:func:`analysis.tables.build_tables`, skipped when current), executes ``notebooks/NN-*.ipynb``
in order with papermill (parameters ``corpus_dir``, ``figures_dir``, ``tables_dir`` and any
``-p NAME=VALUE`` a notebook declares), keeps the executed copies in ``OUT/notebooks`` and
renders ``OUT/report.html`` (:mod:`analysis.report_html`): summary first, sections after,
self-contained and offline.
"""

from __future__ import annotations

import contextlib
import fcntl
import re
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

from analysis.paths import NOTEBOOKS_DIR


class UsageProblem(RuntimeError):
    """Input or arguments the kit cannot work with (the CLI exits with status 2)."""


#: kept for callers of the first release
UnusableCorpus = UsageProblem


class OutputBusy(RuntimeError):
    """Another report holds the output folder (the CLI exits with status 3)."""


CAPTURE_SUFFIXES = (".txt", ".text", ".html", ".htm")
SETUP_TAG = "report-setup"
_SETUP = """\
# added by `python -m analysis report`: show whole tables (the report paginates them) and
# record which saved figure each shown figure is
import pandas as pd

pd.set_option("display.max_rows", 2000)
pd.set_option("display.min_rows", 2000)
pd.set_option("display.max_columns", None)
pd.set_option("display.max_colwidth", None)
from analysis.report import watch_figures

watch_figures(figures_dir)
"""


#: the kit's notebooks by number, the costliest on a large corpus first: 06 draws a dashboard per
#: event, 02 and 03 a panel per outlet, 01 and 05 little. Started in this order (results keep
#: notebook order), the short ones come last, so with two at a time neither process sits idle
#: long waiting for the other to finish a long notebook started late.
COSTLIEST_FIRST = ("06", "02", "03", "04", "05", "01")


def start_order(notebooks: list[Path]) -> list[Path]:
    """``notebooks`` in the order to start them: those of :data:`COSTLIEST_FIRST` in that order,
    then any other in name order."""
    rank = {key: i for i, key in enumerate(COSTLIEST_FIRST)}
    return sorted(notebooks, key=lambda nb: (rank.get(nb.name[:2], len(rank)), nb.name))


def notebook_paths(notebooks_dir: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The kit's notebooks, ``NN-verb-object.ipynb``, in run order."""
    return sorted(p for p in notebooks_dir.glob("[0-9][0-9]-*.ipynb"))


def select_notebooks(only: list[str] | None, notebooks: list[Path] | None = None) -> list[Path]:
    """The notebooks named by number (``"2"``, ``"02"``) or name prefix in ``only``."""
    notebooks = notebooks if notebooks is not None else notebook_paths()
    if not only:
        return notebooks
    chosen = []
    for item in only:
        key = item.strip()
        key = f"{int(key):02d}" if key.isdigit() else key
        hits = [nb for nb in notebooks if nb.name.startswith(key)]
        if not hits:
            names = ", ".join(nb.name[:2] for nb in notebooks)
            raise UsageProblem(f"--only {item}: there is no notebook {item!r}; choose from {names}")
        chosen.extend(h for h in hits if h not in chosen)
    return sorted(chosen)


def check_input(corpus_dir: str | Path, *, fallback_to_filenames: bool = False) -> None:
    """Refuse, with one clear line, a corpus path the kit cannot use: missing, a file, empty
    (:func:`analysis.corpus.check_corpus_dir`), or a manifest that cannot be used
    (:class:`analysis.corpus.ManifestError`) unless ``fallback_to_filenames``."""
    from analysis.corpus import CorpusFolderError, ManifestError, check_corpus_dir, plan_corpus

    try:
        folder = check_corpus_dir(corpus_dir)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plan_corpus(folder, fallback_to_filenames=fallback_to_filenames)
    except CorpusFolderError as exc:
        raise UsageProblem(str(exc)) from None
    except ManifestError as exc:
        raise UsageProblem(f"{exc} -- fix the manifest, or pass --fallback-to-filenames to take outlets from "
                           "file names") from None


def compute_tables(corpus_dir: str | Path, tables_dir: str | Path, **options) -> Path:
    """Build (or reuse) the tables and refuse a corpus where nothing usable loaded."""
    from analysis.corpus import english_only
    from analysis.tables import build_tables, read_tables

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        folder = build_tables(corpus_dir, tables_dir, progress=True, **options)
    tables = read_tables(folder)
    articles, problems = tables.articles, tables.problems
    if articles.empty:
        errors = problems[problems["severity"] == "error"].head(3)
        detail = "; ".join(f"{Path(str(f)).name}: {p}" for f, p in zip(errors["file"], errors["problem"], strict=True))
        raise UsageProblem(f"no article in {corpus_dir} could be loaded" + (f" ({detail})" if detail else ""))
    english = english_only(articles)
    if english.empty:
        raise UsageProblem(f"no English article in {corpus_dir}: the analyses are English-only")
    n_errors = int((problems["severity"] == "error").sum())
    print(f"corpus {corpus_dir}: {len(articles)} articles ({len(english)} in English), "
          f"{english['outlet'].nunique()} outlets, {english['event'].nunique()} events; {len(problems)} input "
          f"problems ({n_errors} errors), listed in notebook 01", flush=True)
    if english["outlet"].nunique() < 2:
        print(f"note: only one outlet ({english['outlet'].iloc[0]}); comparisons between outlets will be empty",
              flush=True)
    return folder


@contextlib.contextmanager
def lock_output(out_dir: Path) -> Iterator[None]:
    """Hold ``OUT/.report.lock``; a second report into the same folder gets :class:`OutputBusy`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    handle = (out_dir / ".report.lock").open("w")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputBusy(f"another report is writing into {out_dir}; wait for it or choose another --out") from None
        yield
    finally:
        handle.close()


_OWNED_FIGURE = re.compile(r"^\d{2}-[a-z0-9-]+\.(png|svg|csv|html|json)$")


def clear_output(out_dir: Path, figures_dir: Path) -> None:
    """Remove what an earlier report wrote (report, event pages, executed notebooks, figures
    named ``NN-*``); other files in the folders are left alone."""
    (out_dir / "report.html").unlink(missing_ok=True)
    shutil.rmtree(out_dir / "events", ignore_errors=True)
    for nb in (out_dir / "notebooks").glob("[0-9][0-9]-*.ipynb"):
        nb.unlink()
    if figures_dir.is_dir():
        for path in figures_dir.iterdir():
            if path.is_file() and _OWNED_FIGURE.match(path.name):
                path.unlink()


def skip_iri_grammars() -> None:
    """Import jsonschema (nbformat's validator, so papermill's) without the optional
    ``rfc3987_syntax``: with it, jsonschema compiles some 40 grammars at import, a second of CPU
    before the first notebook can start, only to check the "iri" string format, which notebook
    validation never uses. Later imports of ``rfc3987_syntax`` work as usual."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # importing it fails now, as when it is not installed
    try:
        import jsonschema  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]


def declared_parameters(notebook: Path) -> set[str]:
    """Names assigned in the notebook's ``parameters`` cell."""
    skip_iri_grammars()
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" in cell.metadata.get("tags", []):
            return set(re.findall(r"^([A-Za-z_]\w*)\s*(?::[^=]+)?=", cell.source, flags=re.M))
    return set()


def notebook_parameters(notebooks: list[Path], base: dict, extra: dict) -> dict[Path, dict]:
    """Parameters for each notebook: ``base`` and ``extra`` values for the names it declares.
    A name in ``extra`` that no notebook declares is refused."""
    declared = {nb: declared_parameters(nb) for nb in notebooks}
    known = set().union(*declared.values()) if declared else set()
    unknown = sorted(set(extra) - known)
    if unknown:
        raise UsageProblem(f"-p {unknown[0]}: no notebook has this parameter; known: {', '.join(sorted(known))}")
    merged = {**base, **extra}
    return {nb: {k: v for k, v in merged.items() if k in names} for nb, names in declared.items()}


def watch_figures(figures_dir: str | Path) -> None:
    """In a notebook kernel: after each cell, announce the figures it saved, in the order
    ``save_figure`` was called, as a display with the MIME type
    ``application/vnd.analysis.figures+json``, so the report can give each shown figure its alt
    text and data file. Wraps ``analysis.viz.base.save_figure`` (and its re-exports)."""
    import importlib
    import sys as _sys

    from IPython import get_ipython
    from IPython.display import display

    ip = get_ipython()
    if ip is None:
        return
    saved: list[str] = []
    base = importlib.import_module("analysis.viz.base")
    original = base.save_figure

    def recording(fig, name, *args, **kwargs):
        written = original(fig, name, *args, **kwargs)
        saved.append(str(name))
        return written

    for module_name in ("analysis.viz.base", "analysis.figures", "analysis.viz", "analysis"):
        module = _sys.modules.get(module_name)
        if module is not None and getattr(module, "save_figure", None) is original:
            module.save_figure = recording

    def elsewhere(name) -> None:  # saved by a worker process (analysis.viz.event_pages)
        saved.append(str(name))

    base.figure_saved_elsewhere = elsewhere

    def post(*_args) -> None:
        if saved:
            display({"application/vnd.analysis.figures+json": {"figures": list(saved)}}, raw=True)
            saved.clear()

    ip.events.register("post_run_cell", post)


def _prepared(notebook: Path, folder: Path) -> Path:
    """A copy of ``notebook`` with the report's setup cell after the parameters cell."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    cell = nbformat.v4.new_code_cell(_SETUP)
    cell.id = SETUP_TAG
    cell.metadata["tags"] = [SETUP_TAG]
    at = next((i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), 0)
    nb.cells.insert(at, cell)
    target = folder / notebook.name
    nbformat.write(nb, target)
    return target


def _execute_one(nb: Path, target: Path, folder: Path, parameters: dict, config, timeout: int) -> str | None:
    import papermill as pm

    try:
        pm.execute_notebook(
            str(_prepared(nb, folder)), str(target), parameters=parameters, kernel_name="python3",
            cwd=str(nb.parent), progress_bar=False, execution_timeout=timeout, report_mode=False, config=config,
            stderr_file=sys.stderr,
        )
    except pm.PapermillExecutionError as exc:
        return f"{exc.ename}: {' '.join(str(exc.evalue).split())[:300]} (cell {exc.exec_count})"
    return None


def execute_notebooks(
    notebooks: list[Path], out_dir: Path, parameters: dict[Path, dict], *, timeout: int = 1800, jobs: int = 2
) -> list[tuple[Path, str | None]]:
    """Execute each notebook headless (kernel over IPC, not TCP), ``jobs`` at a time, started
    costliest first (:func:`start_order`: they only read the tables, so their order does not
    matter); return ``(executed copy, error or None)`` per notebook, in notebook order. A
    failing notebook does not stop the others."""
    import logging
    from concurrent.futures import ThreadPoolExecutor

    from traitlets.config import Config

    skip_iri_grammars()
    # parameters are checked by declared_parameters; papermill misreads comments holding "="
    logging.getLogger("papermill").setLevel(logging.ERROR)
    executed_dir = out_dir / "notebooks"
    executed_dir.mkdir(parents=True, exist_ok=True)
    total_start = time.perf_counter()
    n = len(notebooks)

    with tempfile.TemporaryDirectory(prefix="analysis-report-") as tmp:
        def one(item: tuple[int, Path]) -> tuple[Path, str | None]:
            i, nb = item
            folder = Path(tmp) / f"{i:02d}"
            folder.mkdir()
            config = Config({"KernelManager": {"transport": "ipc", "ip": str(folder / "kernel")}})
            print(f"[{i}/{n}] {nb.name} ...", flush=True)
            start = time.perf_counter()
            target = executed_dir / nb.name
            error = _execute_one(nb, target, folder, parameters.get(nb, {}), config, timeout)
            status = f"FAILED: {error}" if error else "done"
            print(f"[{i}/{n}] {nb.name} {status} in {time.perf_counter() - start:.1f} s "
                  f"(total {time.perf_counter() - total_start:.1f} s)", flush=True)
            return target, error

        number = {nb: i for i, nb in enumerate(notebooks, start=1)}
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            started = {nb: pool.submit(one, (number[nb], nb)) for nb in start_order(notebooks)}
            return [started[nb].result() for nb in notebooks]


def run_report(
    corpus_dir: str | Path,
    out_dir: str | Path,
    *,
    figures_dir: str | Path | None = None,
    tables_dir: str | Path | None = None,
    only: list[str] | None = None,
    show_code: bool = False,
    timeout: int = 1800,
    jobs: int | None = None,
    parameters: dict | None = None,
    actors: str | Path | None = None,
    terms: str | Path | None = None,
    fallback_to_filenames: bool = False,
    **engine_options,
) -> Path:
    """Check the input, compute the tables, execute the notebooks, write the HTML report;
    return its path. Raises :class:`UsageProblem`, :class:`OutputBusy`, or RuntimeError
    when a notebook failed (the report is still written, with the failure shown). ``jobs``
    bounds the processes at work at once, for the tables and for the notebooks (default:
    every core)."""
    from analysis.pipeline import default_jobs
    from analysis.report_html import write_report

    # absolute paths: papermill changes the process's working directory while a notebook runs,
    # and two notebooks run at once, so a relative path would be read against the wrong folder
    corpus_dir, out_dir = Path(corpus_dir).resolve(), Path(out_dir).resolve()
    check_input(corpus_dir, fallback_to_filenames=fallback_to_filenames)
    notebooks = select_notebooks(only)
    figures = Path(figures_dir).resolve() if figures_dir is not None else out_dir / "figures"
    tables = Path(tables_dir).resolve() if tables_dir is not None else out_dir / "tables"
    base = {"corpus_dir": str(corpus_dir.resolve()), "figures_dir": str(figures.resolve()),
            "tables_dir": str(tables.resolve())}
    for name, path in (("actors_file", actors), ("terms_file", terms)):
        if path is not None:
            base[name] = str(Path(path).resolve())
    per_notebook = notebook_parameters(notebooks, base, dict(parameters or {}))
    jobs = default_jobs() if jobs is None else jobs
    with lock_output(out_dir):
        clear_output(out_dir, figures)
        compute_tables(corpus_dir, tables, fallback_to_filenames=fallback_to_filenames, jobs=jobs, **engine_options)
        figures.mkdir(parents=True, exist_ok=True)
        results = execute_notebooks(notebooks, out_dir, per_notebook, timeout=timeout, jobs=jobs)
        report = write_report(results, out_dir, figures_dir=figures, tables_dir=tables, corpus_label=corpus_dir.name,
                              show_code=show_code)
    print(f"figures: {figures}\nreport: {report}", flush=True)
    failed = [f"{path.name} ({err})" for path, err in results if err]
    if failed:
        raise RuntimeError(f"{len(failed)} notebook(s) failed, shown in the report: {'; '.join(failed)}")
    return report

