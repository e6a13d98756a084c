"""The command line: unusable input exits 2 with one line, busy output exits 3, Ctrl-C one line."""

import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES

from analysis import cli, report
from analysis.cli import main, parse_parameter


def _cli(*args, timeout=300):
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "nope", "corpus folder not found"),
        (lambda d: (d / "a.txt").write_text("x") and d / "a.txt", "is a file"),
        (lambda d: (d / "empty").mkdir() or d / "empty", "is empty"),
    ],
    ids=["missing", "file", "empty"],
)
def test_unusable_input_exits_2_with_one_line(tmp_path, capsys, make, message):
    corpus = make(tmp_path)
    assert main(["report", str(corpus), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err


def test_only_names_the_notebooks(tmp_path, capsys):
    assert main(["report", str(FIXTURES / "tiny"), "--out", str(tmp_path / "o"), "--only", "7"]) == 2
    err = capsys.readouterr().err
    assert "no notebook '7'" in err and "01" in err and len(err.strip().splitlines()) == 1


def test_unknown_parameter_is_refused(tmp_path, capsys):
    assert main(["report", str(FIXTURES / "tiny"), "--out", str(tmp_path / "o"), "-p", "no_such_thing=3"]) == 2
    assert "no notebook has this parameter" in capsys.readouterr().err


def test_missing_actors_file(tmp_path, capsys):
    assert main(["report", str(FIXTURES / "tiny"), "--out", str(tmp_path / "o"), "--actors",
                 str(tmp_path / "none.csv")]) == 2
    assert "--actors: no such file" in capsys.readouterr().err


@pytest.mark.parametrize(("text", "expected"), [("max_events=20", ("max_events", 20)), ("x=abc", ("x", "abc")),
                                                 ("flag=True", ("flag", True)), ("s='a b'", ("s", "a b"))])
def test_parse_parameter(text, expected):
    assert parse_parameter(text) == expected


def test_bad_parameter_syntax(tmp_path, capsys):
    assert main(["report", str(FIXTURES / "tiny"), "--out", str(tmp_path / "o"), "-p", "novalue"]) == 2
    assert "NAME=VALUE" in capsys.readouterr().err


def test_busy_output_folder_exits_3(tmp_path, capsys):
    out = tmp_path / "out"
    with report.lock_output(out):
        assert main(["report", str(FIXTURES / "tiny"), "--out", str(out), "--only", "01"]) == 3
    err = capsys.readouterr().err
    assert "another report is writing into" in err and len(err.strip().splitlines()) == 1


def test_ctrl_c_prints_one_line(tmp_path, capsys, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "run_report", interrupted)
    assert main(["report", str(FIXTURES / "tiny"), "--out", str(tmp_path / "o")]) == 130
    err = capsys.readouterr().err
    assert err.startswith("interrupted") and len(err.strip().splitlines()) == 1


def test_stale_outputs_are_cleared_others_kept(tmp_path):
    out, figures = tmp_path / "out", tmp_path / "out" / "figures"
    (out / "notebooks").mkdir(parents=True)
    figures.mkdir()
    (out / "events").mkdir()
    stale = [figures / "04-old-figure.png", figures / "04-old-figure.csv", out / "notebooks" / "07-gone.ipynb",
             out / "events" / "old-event-12345678.html", out / "report.html"]
    kept = [figures / "my-notes.txt", out / "README.txt"]
    for p in stale + kept:
        p.write_text("x")
    report.clear_output(out, figures)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in kept)


def test_help_documents_parameters_and_exit_codes():
    text = cli.build_parser()._subparsers._group_actions[0].choices["report"].format_help()
    for needle in ("--actors", "--terms", "-p NAME=VALUE", "--only", "Exit status", "130", "busy"):
        assert needle in text


@pytest.mark.slow
def test_run_writes_tables_then_skips(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "tiny", corpus)
    first = _cli("run", corpus, "--out", tmp_path / "out")
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "out" / "tables" / "manifest.json").exists()
    second = _cli("run", corpus, "--out", tmp_path / "out")
    assert second.returncode == 0 and "up to date" in second.stdout


@pytest.mark.slow
def test_two_reports_into_one_folder(tmp_path):
    out = tmp_path / "out"
    args = [sys.executable, "-m", "analysis", "report", str(FIXTURES / "tiny"), "--out", str(out), "--only", "01"]
    first = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    import time

    deadline = time.time() + 60
    while not (out / ".report.lock").exists() and time.time() < deadline:
        time.sleep(0.05)
    second = subprocess.run(args, capture_output=True, text=True, timeout=600)
    first.communicate(timeout=600)
    assert first.returncode == 0
    assert second.returncode == 3 and "another report" in second.stderr


def test_broken_manifest_exits_2_unless_fallback(tmp_path, capsys):
    corpus = tmp_path / "c"
    corpus.mkdir()
    shutil.copy(FIXTURES / "tiny" / "wire_harbour.txt", corpus / "wire_harbour.txt")
    (corpus / "manifest.csv").write_text("file,source\nwire_harbour.txt,Harbour Wire\n", encoding="utf-8")
    assert main(["report", str(corpus), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "manifest" in err and "--fallback-to-filenames" in err and len(err.strip().splitlines()) == 1
    report.check_input(corpus, fallback_to_filenames=True)  # accepted: outlets from file names


def test_notebooks_start_costliest_first_and_come_back_in_notebook_order(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(report, "_execute_one", lambda nb, *args: started.append(nb.name) or
                        (f"failed {nb.name}" if nb.name.startswith("03") else None))
    notebooks = report.notebook_paths()
    results = report.execute_notebooks(notebooks, tmp_path, {}, jobs=1)
    assert started == [nb.name for nb in report.start_order(notebooks)]
    assert started[0].startswith(report.COSTLIEST_FIRST[0]) and started != sorted(started)
    assert [path.name for path, _ in results] == [nb.name for nb in notebooks]
    assert [err for _, err in results] == [f"failed {nb.name}" if nb.name.startswith("03") else None
                                           for nb in notebooks]
    # a notebook the kit does not know starts after the known ones, in name order
    extra = [tmp_path / "07-extra.ipynb", tmp_path / "00-first.ipynb"]
    assert [nb.name for nb in report.start_order([*notebooks, *extra])][-2:] == ["00-first.ipynb", "07-extra.ipynb"]


def test_the_report_imports_nbformat_without_compiling_iri_grammars():
    code = ("import sys; from analysis.report import declared_parameters, notebook_paths; "
            "names = declared_parameters(notebook_paths()[0]); "
            "print(sorted(names) == sorted({'corpus_dir', 'figures_dir', 'tables_dir'} | names), "
            "'jsonschema' in sys.modules, 'rfc3987_syntax' in sys.modules); "
            "import nbformat; nbformat.validate(nbformat.read(notebook_paths()[0], as_version=4)); "
            "import rfc3987_syntax; print(rfc3987_syntax.is_valid_syntax('iri', 'https://example.org/a'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "False", "True"]
