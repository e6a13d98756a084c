"""The tables layer: Parquet per table, a manifest, skipped when current, streamed batch by batch."""

import json
import shutil

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.derived import REGISTRY
from analysis.pipeline import TABLES, run
from analysis.tables import Tables, build_tables, is_current, load_tables, read_tables

#: the pipeline's tables and the derived ones (analysis.derived), all written by build_tables
ALL_TABLES = (*TABLES, *REGISTRY)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "tiny", folder)
    return folder


def test_every_table_written_with_manifest(corpus, tmp_path):
    in_memory = run(corpus, progress=False)
    out = build_tables(corpus, tmp_path / "tables", progress=False, batch_size=2)
    manifest = json.loads((out / "manifest.json").read_text())
    assert set(manifest["tables"]) == set(ALL_TABLES)
    assert set(manifest["inputs"]) == {p.name for p in corpus.iterdir()}
    assert manifest["tables"]["articles"] == len(in_memory["articles"])
    assert not (out / ".parts").exists(), "batch files are removed once combined"
    tables = read_tables(out)
    for name in ALL_TABLES:
        pd.testing.assert_frame_equal(tables[name], in_memory[name], check_dtype=False, obj=name)


def test_batch_size_does_not_change_tables(corpus, tmp_path):
    one = read_tables(build_tables(corpus, tmp_path / "a", progress=False, batch_size=1))
    big = read_tables(build_tables(corpus, tmp_path / "b", progress=False, batch_size=100))
    for name in ALL_TABLES:
        pd.testing.assert_frame_equal(one[name], big[name], check_dtype=False, obj=name)
    assert one.quotes.groupby(["event", "canonical"])["speaker_id"].nunique().max() == 1


def test_rerun_on_unchanged_input_is_skipped(corpus, tmp_path, capsys):
    out = build_tables(corpus, tmp_path / "t", progress=False)
    stamp = (out / "sentences.parquet").stat().st_mtime_ns
    assert is_current(corpus, out)
    build_tables(corpus, out, progress=True)
    assert "up to date" in capsys.readouterr().out
    assert (out / "sentences.parquet").stat().st_mtime_ns == stamp


def test_changed_input_recomputes(corpus, tmp_path):
    out = build_tables(corpus, tmp_path / "t", progress=False)
    first = read_tables(out).articles["title"].tolist()
    victim = corpus / "wire_harbour.txt"
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text + "\nAn entirely new paragraph was added here by the desk.\n", encoding="utf-8")
    assert not is_current(corpus, out)
    build_tables(corpus, out, progress=False)
    assert is_current(corpus, out)
    assert len(read_tables(out).articles) == len(first)


def test_half_written_folder_is_not_current(corpus, tmp_path):
    out = build_tables(corpus, tmp_path / "t", progress=False)
    (out / "quotes.parquet").unlink()
    assert not is_current(corpus, out)


def test_tables_are_lazy_and_give_a_corpus(corpus, tmp_path):
    tables = load_tables(corpus, tables_dir=tmp_path / "t", progress=False)
    assert isinstance(tables, Tables)
    assert tables.frames == {}, "nothing is read before it is used"
    assert len(tables.articles) == 5 and set(tables.frames) == {"articles"}
    assert "alignment" in tables and "nonsense" not in tables
    c = tables.corpus()
    row = c.sentences.iloc[0]
    assert c.evidence(row["article_id"], row["start"], row["end"]) == row["text"]
    with pytest.raises(AttributeError, match="no table 'nonsense'"):
        _ = tables.nonsense


def test_empty_tables_dir_means_default(corpus, monkeypatch, tmp_path):
    import analysis.tables as tables_mod

    monkeypatch.setattr(tables_mod, "BUILD_DIR", tmp_path / "build")
    tables = load_tables(corpus, tables_dir="", progress=False)
    assert tables.folder.parent == tmp_path / "build" / "tables"


@pytest.mark.slow
def test_dask_engine_writes_identical_tables(corpus, tmp_path):
    a = build_tables(corpus, tmp_path / "pandas", progress=False, batch_size=2)
    b = build_tables(corpus, tmp_path / "dask", progress=False, batch_size=2, engine="dask", n_workers=2)
    for name in ALL_TABLES:
        assert (a / f"{name}.parquet").read_bytes() == (b / f"{name}.parquet").read_bytes(), name
    ma, mb = (json.loads((f / "manifest.json").read_text()) for f in (a, b))
    assert ma["tables"] == mb["tables"] and ma["inputs"] == mb["inputs"]


@pytest.mark.slow
def test_worker_processes_and_batch_sizes_write_identical_tables(corpus, tmp_path):
    """One process with one batch, two processes with batches of two articles (workers write
    their own parts): the same bytes in every table file."""
    a = build_tables(corpus, tmp_path / "one", progress=False, jobs=1, batch_size=1000)
    b = build_tables(corpus, tmp_path / "two", progress=False, jobs=2, batch_size=2)
    for name in ALL_TABLES:
        assert (a / f"{name}.parquet").read_bytes() == (b / f"{name}.parquet").read_bytes(), name
