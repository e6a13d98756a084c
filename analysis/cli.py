"""Command line: ``python -m analysis run CORPUS --out DIR``, ``python -m analysis report CORPUS --out DIR``
and ``python -m analysis audit CORPUS --out DIR [--annotations FILLED.csv]``.

Exit status:
  0  done
  1  a notebook or the report failed (the message names the notebook and the error)
  2  unusable input or arguments: the corpus folder is missing, a file, empty, its manifest is
     broken (unless --fallback-to-filenames), no article or no English article could be loaded,
     an unknown notebook in --only, an unknown -p parameter, a missing --actors/--terms file,
     an audit sheet with missing, extra or edited rows, wrong values, or from another corpus or tables
  3  the output folder is busy: another report is writing into it
  130 interrupted (Ctrl-C)
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
from pathlib import Path

from analysis.report import OutputBusy, UsageProblem

EXIT_OK, EXIT_FAILED, EXIT_UNUSABLE, EXIT_BUSY, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def parse_parameter(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` -> ``(name, value)``; the value is read as a Python literal (number,
    True/False/None, quoted string) when it is one, else kept as text."""
    name, sep, raw = text.partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise UsageProblem(f"-p expects NAME=VALUE (e.g. -p max_events=20), got {text!r}")
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        value = raw
    return name, value


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("corpus_dir", type=Path, help="corpus folder: the captures (.txt/.html) and manifest.csv")
    parser.add_argument("--engine", choices=("pandas", "dask"), default="pandas",
                        help="pandas (one process) or dask (local cluster or --scheduler); same tables")
    parser.add_argument("--scheduler", default=None,
                        help="address of a running dask scheduler, e.g. tcp://10.0.0.5:8786 (implies --engine dask)")
    parser.add_argument("--jobs", type=_at_least_one, default=None,
                        help="processes at work at once (default: every core; 1 = everything in this process)")
    parser.add_argument("--workers", type=_at_least_one, default=None, help="local dask workers (default: --jobs)")
    parser.add_argument("--batch-size", type=int, default=None,
                        help="articles per batch (default 250 with pandas, 50 with dask; same tables either way)")
    parser.add_argument("--fallback-to-filenames", action="store_true",
                        help="when manifest.csv is broken, take outlets from file names instead of stopping")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Compare how news outlets covered the same events.",
        epilog=__doc__.split("\n\n", 1)[1],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{run,report,audit}")
    run = sub.add_parser("run", help="compute every table of a corpus once (Parquet under OUT/tables)",
                         description="Run the pipeline once and write OUT/tables/*.parquet and manifest.json; "
                         "a rerun on unchanged input and code is skipped.")
    _common(run)
    run.add_argument("--out", type=Path, required=True, help="output folder (tables go to OUT/tables)")
    run.add_argument("--force", action="store_true", help="recompute even when the tables are current")

    rep = sub.add_parser(
        "report", help="compute the tables, run every notebook headless, write OUT/report.html",
        description="Compute the tables (or reuse current ones), execute notebooks 01-06 on them and bind the "
        "results into OUT/report.html (self-contained, offline) plus OUT/events/*.html when there are many "
        "events. Everything the report wrote before in OUT is replaced.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__.split("\n\n", 1)[1],
    )
    _common(rep)
    rep.add_argument("--out", type=Path, required=True, help="output folder (report.html, notebooks/, figures/, "
                     "tables/, events/)")
    rep.add_argument("--figures-dir", type=Path, default=None, help="where figures go (default OUT/figures)")
    rep.add_argument("--tables-dir", type=Path, default=None, help="where tables go (default OUT/tables)")
    rep.add_argument("--actors", type=Path, default=None,
                     help="CSV of the actors to follow (default: actors.csv in the corpus folder, else discovered)")
    rep.add_argument("--terms", type=Path, default=None,
                     help="CSV of terms for keyword-in-context and naming (default: terms.csv in the corpus folder, "
                     "else chosen from the corpus)")
    rep.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                     help="set a notebook parameter, e.g. -p max_events=20 (repeatable; see the notebooks' second "
                     "cell for the names)")
    rep.add_argument("--only", nargs="+", default=None, metavar="NN",
                     help="run only these notebooks, by number (e.g. --only 01 02)")
    rep.add_argument("--show-code", action="store_true", help="keep code cells in the HTML report")
    rep.add_argument("--timeout", type=int, default=1800, help="seconds allowed per notebook cell (default 1800)")
    _audit_parser(sub)
    return parser


def _audit_parser(sub) -> None:
    aud = sub.add_parser(
        "audit", help="accuracy audit: a sample to judge (OUT/audit/sheet.csv, annotate.html), then corrected figures",
        description="Without --annotations: draw a stratified random sample of what the tool labelled and write "
        "OUT/audit/sheet.csv and OUT/audit/annotate.html (offline page, keyboard judgements, exports the filled CSV). "
        "With --annotations FILLED.csv: accuracy per measure and outlet and the headline figures corrected for it, "
        "written to OUT/audit/ (see docs/audit.md).",
    )
    _common(aud)
    aud.add_argument("--out", type=Path, required=True, help="output folder (tables in OUT/tables, audit in OUT/audit)")
    aud.add_argument("--n", type=int, default=200, help="rows to judge (default 200)")
    aud.add_argument("--seed", type=int, default=0, help="random seed of the sample (default 0)")
    aud.add_argument("--annotations", type=Path, default=None, help="the filled sheet to score")


def _audit(args: argparse.Namespace) -> int:
    from analysis.audit import AuditProblem, make_sheet, score_annotations
    from analysis.report import check_input, compute_tables

    check_input(args.corpus_dir, fallback_to_filenames=args.fallback_to_filenames)
    tables = compute_tables(args.corpus_dir, args.out / "tables", engine=_engine(args), scheduler=args.scheduler,
                            n_workers=args.workers, batch_size=args.batch_size,
                            fallback_to_filenames=args.fallback_to_filenames)
    try:
        if args.annotations is None:
            folder = make_sheet(args.corpus_dir, args.out, tables_dir=tables, n=args.n, seed=args.seed)
            print(f"sheet: {folder / 'sheet.csv'}\npage: {folder / 'annotate.html'}", flush=True)
        else:
            results = score_annotations(args.corpus_dir, args.out, args.annotations, tables_dir=tables)
            judged = int(results["accuracy"].query("outlet == 'all outlets'")["judged"].sum())
            print(f"{judged} judgements scored; results: {args.out / 'audit'}", flush=True)
    except AuditProblem as exc:
        raise UsageProblem(str(exc)) from None
    return EXIT_OK


def _run(args: argparse.Namespace) -> int:
    from analysis.report import check_input, compute_tables

    check_input(args.corpus_dir, fallback_to_filenames=args.fallback_to_filenames)
    folder = compute_tables(args.corpus_dir, args.out / "tables", engine=_engine(args), scheduler=args.scheduler,
                            n_workers=args.workers, jobs=args.jobs, batch_size=args.batch_size, force=args.force,
                            fallback_to_filenames=args.fallback_to_filenames)
    print(f"tables: {folder}", flush=True)
    return EXIT_OK


def _engine(args: argparse.Namespace) -> str:
    return "dask" if args.scheduler else args.engine


def _report(args: argparse.Namespace) -> int:
    from analysis.report import run_report

    parameters = dict(parse_parameter(p) for p in args.parameter)
    for flag, path in (("--actors", args.actors), ("--terms", args.terms)):
        if path is not None and not path.is_file():
            raise UsageProblem(f"{flag}: no such file: {path}")
    run_report(
        args.corpus_dir, args.out, figures_dir=args.figures_dir, tables_dir=args.tables_dir, only=args.only,
        show_code=args.show_code, timeout=args.timeout, jobs=args.jobs, parameters=parameters, actors=args.actors,
        terms=args.terms, engine=_engine(args), scheduler=args.scheduler, n_workers=args.workers,
        batch_size=args.batch_size, fallback_to_filenames=args.fallback_to_filenames,
    )
    return EXIT_OK


def entry() -> None:
    """``python -m analysis``: :func:`main`, and after Ctrl-C exit at once (notebook threads and
    their kernels, which stop when their parent does, are not waited for)."""
    code = main()
    if code == EXIT_INTERRUPTED:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise SystemExit(code)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m analysis``; returns the exit status (see the module docstring)."""
    args = build_parser().parse_args(argv)
    try:
        return {"run": _run, "report": _report, "audit": _audit}[args.command](args)
    except KeyboardInterrupt:
        print("interrupted: nothing more was written (the output folder may be incomplete)", file=sys.stderr)
        return EXIT_INTERRUPTED
    except UsageProblem as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except OutputBusy as exc:
        print(f"busy: {exc}", file=sys.stderr)
        return EXIT_BUSY
    except Exception as exc:  # noqa: BLE001 - the CLI reports any failure in one line
        print(f"error: {type(exc).__name__}: {' '.join(str(exc).split())[:500]}", file=sys.stderr)
        return EXIT_FAILED
