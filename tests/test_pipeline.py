"""The pipeline: same tables from a folder or a loaded corpus, from pandas or dask."""

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.corpus import load_corpus
from analysis.derived import REGISTRY
from analysis.pipeline import TABLES, run, term_counts


@pytest.fixture(scope="module")
def pandas_tables():
    return run(FIXTURES / "tiny", engine="pandas", progress=False, batch_size=2)


def test_pipeline_returns_every_table(pandas_tables):
    assert set(pandas_tables) == set(TABLES) | set(REGISTRY)
    assert len(pandas_tables["articles"]) == 5
    assert {"compound", "neg", "neu", "pos"} <= set(pandas_tables["sentences"].columns)
    assert {"speaker_id", "speaker", "kind", "start", "end"} <= set(pandas_tables["quotes"].columns)
    assert set(pandas_tables["frames"]["article_id"]) == set(pandas_tables["articles"]["article_id"])


def test_batches_do_not_change_results(pandas_tables):
    one_batch = run(FIXTURES / "tiny", progress=False, batch_size=1000)
    for name in (*TABLES, *REGISTRY):
        pd.testing.assert_frame_equal(pandas_tables[name], one_batch[name], check_dtype=False)


def test_folder_and_loaded_corpus_agree(pandas_tables):
    from_corpus = run(load_corpus(FIXTURES / "tiny"), progress=False, batch_size=3)
    for name in ("articles", "sentences", "quotes", "frames", "terms"):
        pd.testing.assert_frame_equal(pandas_tables[name], from_corpus[name], check_dtype=False)


def test_speaker_ids_are_unified_across_batches(pandas_tables):
    # batch_size=2 puts the two articles of each event in different batches in some runs;
    # ids must still be one per speaker and event
    quotes = pandas_tables["quotes"]
    assert quotes.groupby(["event", "canonical"])["speaker_id"].nunique().max() == 1


@pytest.mark.slow
def test_dask_engine_gives_identical_tables(pandas_tables):
    dask_tables = run(FIXTURES / "tiny", engine="dask", n_workers=2, progress=False, batch_size=2)
    for name in (*TABLES, *REGISTRY):
        pd.testing.assert_frame_equal(pandas_tables[name], dask_tables[name], obj=name)


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="engine must be"):
        run(FIXTURES / "tiny", engine="spark")


def test_term_counts():
    arts = pd.DataFrame({"article_id": ["a"], "text": ["The US did not agree; the US said no."]})
    counts = term_counts(arts).set_index("term")["count"].to_dict()
    assert counts == {"us": 2, "not": 1, "agree": 1, "said": 1, "no": 1}


def test_sides_csv_in_the_corpus_folder_reaches_every_quote_of_that_person(tmp_path):
    import shutil

    folder = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", folder)
    (folder / "sides.csv").write_text("name,side\nMaria Lopez,Port workers\n", encoding="utf-8")
    quotes = run(folder, progress=False)["quotes"]
    lopez = quotes[quotes["canonical"] == "Maria Lopez"]
    assert len(lopez) and (lopez["affiliation"] == "Port workers").all()
    assert not (quotes.loc[quotes["canonical"] != "Maria Lopez", "affiliation"] == "Port workers").any()


def test_an_unusable_sides_csv_is_a_problem_row_not_a_crash(tmp_path):
    import shutil

    folder = tmp_path / "tiny"
    shutil.copytree(FIXTURES / "tiny", folder)
    (folder / "sides.csv").write_text("person_name,team\nMaria Lopez,Port workers\n", encoding="utf-8")
    tables = run(folder, progress=False)
    rows = tables["problems"][tables["problems"]["file"] == "sides.csv"]
    assert len(rows) == 1 and "name,side" in rows["problem"].iloc[0]
    assert len(tables["quotes"]) > 0


def test_derived_tables_computed_as_tasks_are_those_of_one_process(pandas_tables):
    """run with worker processes computes the derived tables as tasks (groups packed, events
    apart, each sent only the tables or rows it reads): the same frames, types included."""
    from analysis.derived import derived_tables
    from analysis.pipeline import Mapper, _local_map, derived_on_workers

    inputs = {name: pandas_tables[name] for name in TABLES}
    labels = []

    def mapped(work, desc=""):
        labels.extend(work.labels)
        return _local_map(work, desc)

    apart = derived_on_workers(inputs, Mapper(mapped, parallel=True), corpus_dir=FIXTURES / "tiny")
    whole = derived_tables(inputs, corpus_dir=FIXTURES / "tiny")
    assert list(apart) == list(whole) == list(REGISTRY)
    for name in REGISTRY:
        pd.testing.assert_frame_equal(apart[name], whole[name], obj=name)
        pd.testing.assert_frame_equal(pandas_tables[name], whole[name], obj=name)
    assert sum(label.startswith("event ") for label in labels) == pandas_tables["articles"]["event"].nunique() > 1


@pytest.mark.slow
def test_worker_processes_give_the_tables_of_one_process(pandas_tables):
    one = run(FIXTURES / "tiny", progress=False, batch_size=2, jobs=1)
    for name in (*TABLES, *REGISTRY):
        pd.testing.assert_frame_equal(pandas_tables[name], one[name], obj=name)


def _trim_and_threads():
    import os

    return os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.environ.get("OMP_NUM_THREADS")


@pytest.mark.slow
def test_local_dask_workers_keep_freed_memory_but_one_blas_thread(monkeypatch):
    """A local cluster's workers run without Dask's MALLOC_TRIM_THRESHOLD_ (its 64 KiB threshold
    costs the analyses ~25% more CPU in page faults) and keep Dask's other worker settings."""
    import dask
    import distributed

    from analysis.pipeline import engine_session, local_worker_environ

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)
    assert "MALLOC_TRIM_THRESHOLD_" in dask.config.get("distributed.nanny.pre-spawn-environ")
    assert "MALLOC_TRIM_THRESHOLD_" not in local_worker_environ()
    with engine_session("dask", jobs=2, progress=False):
        found = distributed.get_client().run(_trim_and_threads)
    assert len(found) == 2
    assert set(found.values()) == {(None, "1")}


def test_default_batch_size_by_engine():
    from analysis.pipeline import (
        BATCH_SIZE,
        DASK_BATCH_SIZE,
        PROCESS_BATCH_SIZE,
        default_batch_size,
    )

    assert default_batch_size("pandas", None, 1) == BATCH_SIZE
    assert default_batch_size("pandas", None, 2) == PROCESS_BATCH_SIZE
    assert default_batch_size("dask", None, 2) == PROCESS_BATCH_SIZE, "a local cluster batches as the pool"
    assert default_batch_size("dask", None, 2, scheduler="tcp://h:8786") == DASK_BATCH_SIZE
    assert default_batch_size("dask", 7, 2, scheduler="tcp://h:8786") == 7
    assert DASK_BATCH_SIZE < PROCESS_BATCH_SIZE < BATCH_SIZE


def test_the_worker_server_starts_before_the_layouts_are_settled_when_there_are_several_batches(monkeypatch):
    import analysis.pipeline as pipeline

    calls = []
    real_settle = pipeline.settle_layouts
    monkeypatch.setattr(pipeline, "start_worker_server", lambda *a, **k: calls.append("server"))

    def settle(*args, **kwargs):
        calls.append("layouts")
        return real_settle(*args, **kwargs)

    monkeypatch.setattr(pipeline, "settle_layouts", settle)
    pipeline.plan(FIXTURES / "tiny", batch_size=1, workers=2)
    assert calls == ["server", "layouts"]
    calls.clear()
    pipeline.plan(FIXTURES / "tiny", batch_size=1, workers=1)  # one process: no server
    n = len(pipeline.plan_corpus(str(FIXTURES / "tiny"))[0])
    pipeline.plan(FIXTURES / "tiny", batch_size=n, workers=2)  # one batch: no workers
    assert calls == ["layouts", "layouts"]


def test_the_warm_up_fills_caches_only_and_records_nothing_in_the_users_timeline(tmp_path, monkeypatch):
    from analysis.pipeline import warm_up
    from analysis.text import _punkt

    timeline = tmp_path / "timeline.jsonl"
    monkeypatch.setenv("ANALYSIS_TIMELINE", str(timeline))
    _punkt.cache_clear()
    warm_up()
    assert _punkt.cache_info().currsize >= 1  # the sentence splitter was built
    assert not timeline.exists()
    import os

    assert os.environ["ANALYSIS_TIMELINE"] == str(timeline)


@pytest.mark.slow
def test_a_local_cluster_started_while_planning_is_closed_when_planning_fails(monkeypatch, tmp_path):
    import analysis.pipeline as pipeline
    from analysis.tables import build_tables

    started = []
    real_start = pipeline.start_local_cluster

    def start(n_workers):
        started.append(real_start(n_workers))
        return started[-1]

    monkeypatch.setattr(pipeline, "start_local_cluster", start)

    def failing_plan(*args, **kwargs):
        raise RuntimeError("planning failed")

    monkeypatch.setattr(pipeline, "plan", failing_plan)
    with pytest.raises(RuntimeError, match="planning failed"):
        build_tables(FIXTURES / "tiny", tmp_path / "tables", engine="dask", n_workers=1, progress=False)
    assert len(started) == 1
    assert started[0].result().status.name == "closed"
