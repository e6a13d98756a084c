"""The accuracy audit (issue 21): estimators, the sheet, scoring, bad input, the report section."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.audit import AuditProblem, make_sheet, matrix_correction, rogan_gladen, score_annotations, wilson
from analysis.audit.sample import allocate, allocate_kinds
from analysis.audit.section import accuracy_section
from analysis.audit.sheet import SHEET_COLUMNS
from analysis.audit.stats import bootstrap_shares, percentile_interval
from analysis.paths import ROOT, SEEDS_DIR
from analysis.tables import build_tables

# --- estimators ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("hits", "n", "lo", "hi"), [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605),
                                                     (0, 20, 0.0, 0.1611)])
def test_wilson_matches_newcombe_1998_table(hits, n, lo, hi):
    got = wilson(hits, n)
    assert got == pytest.approx((lo, hi), abs=1e-4)


def test_wilson_edges():
    assert wilson(10, 10)[1] == pytest.approx(1.0) and wilson(10, 10)[0] < 0.8
    assert all(np.isnan(wilson(0, 0)))


def test_rogan_gladen_and_matrix_inversion_recover_the_truth():
    sens, spec, true = 0.8, 0.9, 0.3
    observed = true * sens + (1 - true) * (1 - spec)
    assert rogan_gladen(observed, sens, spec) == pytest.approx(true)
    m = np.array([[0.9, 0.2, 0.1], [0.05, 0.7, 0.1], [0.05, 0.1, 0.8]])  # P(predicted i | true j)
    shares = np.array([0.5, 0.3, 0.2])
    assert matrix_correction(m @ shares, m) == pytest.approx(shares)


def test_perfect_annotation_leaves_the_shares_as_they_are():
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 3, size=200)
    weights = rng.integers(1, 40, size=200).astype(float)
    pick = rng.choice(200, size=50, replace=False)
    res = bootstrap_shares(codes, weights, (codes[pick], codes[pick], weights[pick]), 3, n_boot=200, rng=rng)
    assert res["corrected"] == pytest.approx(res["uncorrected"])
    lo, hi = percentile_interval(res["corrected_draws"])
    assert np.all(lo <= res["corrected"] + 1e-12) and np.all(res["corrected"] <= hi + 1e-12)


def test_a_known_misreading_is_undone():
    """Every unit predicted 0 is judged truly 1: the corrected share of class 0 is 0."""
    codes = np.array([0] * 30 + [1] * 70)
    ann = (np.zeros(10, int), np.ones(10, int), np.ones(10))
    res = bootstrap_shares(codes, np.ones(100), ann, 2, n_boot=100, rng=np.random.default_rng(1))
    assert res["uncorrected"][0] == pytest.approx(0.3)
    assert res["corrected"] == pytest.approx([0.0, 1.0])


def test_allocation_is_equal_and_capped():
    assert allocate(10, [2, 100, 100]) == [2, 4, 4]
    assert allocate(5, [0, 0]) == [0, 0]
    units = allocate_kinds(70, {"quote": 100, "mention": 100, "frame": 3, "pair": 100})
    assert units["frame"] == 3 and sum(units[k] * (4 if k == "quote" else 1) for k in units) == 70


# --- sheet, scoring and bad input on real corpora --------------------------------------------------


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("audit-seeds")
    build_tables(SEEDS_DIR, out / "tables", progress=False)
    return out


@pytest.fixture(scope="module")
def tiny_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("audit-tiny")
    build_tables(FIXTURES / "tiny", out / "tables", progress=False)
    return out


def _sheet(out, n=60, seed=0, corpus=SEEDS_DIR) -> pd.DataFrame:
    folder = make_sheet(corpus, out, tables_dir=out / "tables", n=n, seed=seed)
    return pd.read_csv(folder / "sheet.csv", dtype=str, keep_default_na=False)


def _fill(sheet: pd.DataFrame, *, error: float = 0.0, seed: int = 0) -> pd.DataFrame:
    """Judge every row: the tool's answer, or with probability ``error`` another option."""
    rng = np.random.default_rng(seed)
    out = sheet.copy()
    truths = []
    for pred, options in zip(sheet["predicted"], sheet["options"], strict=True):
        others = [o for o in options.split("|") if o not in (pred, "unsure")]
        truths.append(str(rng.choice(others)) if others and rng.random() < error else pred)
    out["truth"] = truths
    return out


def test_sheet_is_stable_for_a_seed_and_records_its_origin(seeds_out):
    first = (make_sheet(SEEDS_DIR, seeds_out, tables_dir=seeds_out / "tables", n=80, seed=5) / "sheet.csv").read_bytes()
    page = (seeds_out / "audit" / "annotate.html").read_bytes()
    again = (make_sheet(SEEDS_DIR, seeds_out, tables_dir=seeds_out / "tables", n=80, seed=5) / "sheet.csv").read_bytes()
    assert first == again and page == (seeds_out / "audit" / "annotate.html").read_bytes()
    # another process (another PYTHONHASHSEED), through the command line: the same bytes
    run = subprocess.run([sys.executable, "-m", "analysis", "audit", str(SEEDS_DIR), "--out", str(seeds_out), "--n",
                          "80", "--seed", "5"], capture_output=True, text=True, cwd=ROOT, timeout=300,
                         env={**os.environ, "PYTHONHASHSEED": "123"})
    assert run.returncode == 0, run.stderr
    assert (seeds_out / "audit" / "sheet.csv").read_bytes() == first
    other = (make_sheet(SEEDS_DIR, seeds_out, tables_dir=seeds_out / "tables", n=80, seed=6) / "sheet.csv").read_bytes()
    assert other != first
    sheet = pd.read_csv(seeds_out / "audit" / "sheet.csv", dtype=str, keep_default_na=False)
    assert list(sheet.columns) == SHEET_COLUMNS and len(sheet) == 80
    assert sheet["corpus_hash"].nunique() == 1 and sheet["tables_hash"].nunique() == 1
    assert set(sheet["measure"]) == {"quote_span", "quote_speaker", "source_type", "source_side", "quote_missed",
                                     "mention_tone", "frame_presence", "aligned_pair"}
    assert sheet["item_id"].str.len().gt(0).all() and (sheet["truth"] == "").all()
    # every outlet is audited for every measure the corpus has
    assert sheet.groupby("measure")["outlet"].nunique().min() == 2
    # the highlighted span of a quote is the quote
    quotes = sheet[sheet["measure"] == "quote_span"]
    for r in quotes.head(5).itertuples():
        span = r.context[int(r.span_start):int(r.span_end)]
        assert span and span.split()[0] in r.context


def test_unseen_corpus_three_outlets(tiny_out):
    sheet = _sheet(tiny_out, n=40, corpus=FIXTURES / "tiny")
    assert sheet["outlet"].nunique() >= 3
    results = score_annotations(FIXTURES / "tiny", tiny_out, _write(tiny_out, _fill(sheet, error=0.2)),
                                tables_dir=tiny_out / "tables", n_boot=200)
    assert set(results) == {"accuracy", "classes", "corrected", "findings"}
    assert (tiny_out / "audit" / "corrected.parquet").is_file()


def _write(out, frame: pd.DataFrame, name: str = "filled.csv"):
    path = out / name
    frame.to_csv(path, index=False)
    return path


def test_perfect_judgements_give_full_accuracy_and_no_correction(seeds_out):
    sheet = _sheet(seeds_out)
    results = score_annotations(SEEDS_DIR, seeds_out, _write(seeds_out, _fill(sheet)), tables_dir=seeds_out / "tables",
                                n_boot=200)
    acc = results["accuracy"]
    assert (acc["accuracy"] == 1.0).all() and (acc["judged"] == acc["rows"]).all()
    assert (acc.loc[acc["measure"] == "quote_span", "recall"] == 1.0).all()
    cor = results["corrected"]
    assert np.allclose(cor["corrected"], cor["uncorrected"])


def test_errors_lower_accuracy_and_move_the_figures(seeds_out):
    sheet = _sheet(seeds_out, n=120)
    results = score_annotations(SEEDS_DIR, seeds_out, _write(seeds_out, _fill(sheet, error=0.3, seed=2)),
                                tables_dir=seeds_out / "tables", n_boot=200)
    acc = results["accuracy"].set_index(["measure", "outlet"])
    assert acc.loc[("source_side", "all outlets"), "accuracy"] < 1.0
    # quotes the tool missed (judged in sentences where it found none) lower the recall of extraction
    missed = acc.loc[("quote_missed", "all outlets"), "accuracy"]
    recall = acc.loc[("quote_span", "all outlets"), ["recall", "recall_lo", "recall_hi"]]
    assert (missed < 1.0) == (recall["recall"] < 1.0) and recall["recall_lo"] <= recall["recall"] <= recall["recall_hi"]
    assert (acc["accuracy_lo"] <= acc["accuracy"]).all() and (acc["accuracy"] <= acc["accuracy_hi"]).all()
    cor = results["corrected"]
    assert not np.allclose(cor["corrected"], cor["uncorrected"])
    statuses = set(results["findings"]["status"])
    assert statuses <= {"established", "not established: within measurement error",
                        "not established: within sampling error"}
    html = accuracy_section(seeds_out / "audit")
    assert "Accuracy on this corpus" in html and 'id="audit-findings"' in html and "uncorrected." not in html


def test_report_section_without_results_says_uncorrected(tmp_path):
    html = accuracy_section(tmp_path / "audit")
    assert "uncorrected" in html and "python -m analysis audit" in html


def _problem(out, frame, corpus=SEEDS_DIR) -> str:
    with pytest.raises(AuditProblem) as info:
        score_annotations(corpus, out, _write(out, frame, "bad.csv"), tables_dir=out / "tables", n_boot=50)
    return str(info.value)


def test_bad_sheets_name_the_row(seeds_out):
    filled = _fill(_sheet(seeds_out))
    assert "row 5 " in _problem(seeds_out, filled[filled["row"] != "5"]) and "missing" in _problem(
        seeds_out, filled[filled["row"] != "5"])
    extra = pd.concat([filled, filled.iloc[[3]].assign(row="999")])
    assert "row 999" in _problem(seeds_out, extra) and "extra row" in _problem(seeds_out, extra)
    twice = pd.concat([filled, filled.iloc[[3]]])
    assert "appears twice" in _problem(seeds_out, twice)
    edited = filled.copy()
    edited.loc[edited.index[7], "predicted"] = "something else"
    assert "row 8 " in _problem(seeds_out, edited) and "edited" in _problem(seeds_out, edited)
    wrong = filled.copy()
    wrong.loc[wrong.index[2], "truth"] = "maybe"
    message = _problem(seeds_out, wrong)
    assert "row 3 " in message and "'maybe' is not one of" in message
    nothing = filled.assign(truth="")
    assert "no row is judged" in _problem(seeds_out, nothing)


def test_sheet_of_another_corpus_or_other_tables_is_refused(seeds_out, tiny_out, tmp_path):
    tiny_sheet = _fill(_sheet(tiny_out, n=30, corpus=FIXTURES / "tiny"))
    assert "another corpus" in _problem(seeds_out, tiny_sheet)
    # the same corpus, tables changed after the sheet was made (one quote's side edited)
    filled = _fill(_sheet(seeds_out))
    other = tmp_path / "other"
    shutil.copytree(seeds_out / "tables", other / "tables")
    quotes = pd.read_parquet(other / "tables" / "quotes.parquet")
    quotes.loc[0, "affiliation"] = "Atlantis"
    quotes.to_parquet(other / "tables" / "quotes.parquet", index=False)
    assert "other tables" in _problem(other, filled)


def test_refused_sheet_changes_nothing_and_cli_exits_2_with_one_line(seeds_out):
    good = _write(seeds_out, _fill(_sheet(seeds_out), error=0.1), "good.csv")
    score_annotations(SEEDS_DIR, seeds_out, good, tables_dir=seeds_out / "tables", n_boot=50)
    before = {p.name: p.read_bytes() for p in (seeds_out / "audit").iterdir() if p.is_file()}
    bad = pd.read_csv(good, dtype=str, keep_default_na=False)
    bad.loc[bad.index[0], "truth"] = "perhaps"
    bad_path = _write(seeds_out, bad, "bad.csv")
    bad_bytes = bad_path.read_bytes()
    run = subprocess.run([sys.executable, "-m", "analysis", "audit", str(SEEDS_DIR), "--out", str(seeds_out),
                          "--annotations", str(bad_path)], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 2, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "row 1 " in lines[0] and "perhaps" in lines[0]
    after = {p.name: p.read_bytes() for p in (seeds_out / "audit").iterdir() if p.is_file()}
    assert after == before and bad_path.read_bytes() == bad_bytes


def test_a_judged_sheet_is_not_overwritten(seeds_out):
    folder = make_sheet(SEEDS_DIR, seeds_out, tables_dir=seeds_out / "tables", n=40, seed=0)
    _fill(pd.read_csv(folder / "sheet.csv", dtype=str, keep_default_na=False)).to_csv(folder / "sheet.csv", index=False)
    kept = (folder / "sheet.csv").read_bytes()
    with pytest.raises(AuditProblem, match="already holds 40 judgements"):
        make_sheet(SEEDS_DIR, seeds_out, tables_dir=seeds_out / "tables", n=40, seed=1)
    assert (folder / "sheet.csv").read_bytes() == kept
    (folder / "sheet.csv").unlink()


def test_a_sheet_saved_by_a_spreadsheet_is_read(seeds_out):
    """Semicolons as separators, row numbers as decimals, answers in another case."""
    filled = _fill(_sheet(seeds_out), error=0.1)
    filled["row"] = filled["row"] + ".0"
    filled["truth"] = filled["truth"].str.upper()
    path = seeds_out / "semicolons.csv"
    filled.to_csv(path, index=False, sep=";")
    assert all(h[0].isalpha() for h in (filled["check"][0], filled["corpus_hash"][0], filled["tables_hash"][0]))
    results = score_annotations(SEEDS_DIR, seeds_out, path, tables_dir=seeds_out / "tables", n_boot=50)
    assert int(results["accuracy"].query("outlet == 'all outlets'")["judged"].sum()) == len(filled)


def test_findings_stay_readable_with_many_outlets():
    from analysis.audit.results import MAX_OUTLETS, accuracy_table, figure_draws, findings_table
    from analysis.audit.simulate import simulated_audit

    outlets = {f"Outlet {i:02d}": (0.02 * (i % 5), 0.05) for i in range(15)}
    units, sheet, _ = simulated_audit(np.random.default_rng(3), n_quotes=40, n_mentions=40, n_judged=8,
                                      outlets=outlets)
    draws = figure_draws(units, sheet, n_boot=100, figures=("share_of_voice_side", "mention_tone"))
    findings = findings_table(draws, accuracy_table(sheet.assign(stratum_sampled=8), n_boot=50))
    compared = set(findings["outlet_a"]) | set(findings["outlet_b"])
    assert len(compared) == MAX_OUTLETS
    pairs = findings.groupby(["figure", "category"]).size()
    assert (pairs == MAX_OUTLETS * (MAX_OUTLETS - 1) // 2).all()


def test_one_outlet_corpus_and_a_broken_audit_folder(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("gazette_harbour.txt", "gazette_summit.txt"):
        shutil.copy(FIXTURES / "tiny" / name, corpus / name)
    lines = (FIXTURES / "tiny" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    (corpus / "manifest.csv").write_text("\n".join(ln for ln in lines if ln.startswith(("file", "gazette"))) + "\n",
                                         encoding="utf-8")
    out = tmp_path / "out"
    build_tables(corpus, out / "tables", progress=False)
    sheet = _sheet(out, n=30, corpus=corpus)
    results = score_annotations(corpus, out, _write(out, _fill(sheet, error=0.2)), tables_dir=out / "tables",
                                n_boot=50)
    assert results["findings"].empty and len(results["corrected"])
    assert "0 differences between outlets" in accuracy_section(out / "audit")
    (out / "audit" / "findings.csv").write_text("", encoding="utf-8")
    html = accuracy_section(out / "audit")
    assert "could not be read" in html and "uncorrected" in html
