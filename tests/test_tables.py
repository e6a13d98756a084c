"""The tables layer: Parquet per table, a manifest, skipped when current, streamed batch by batch."""

import json
import shutil

import pandas as pd
import pytest
from conftest import FIXTURES

from analysis.derived import REGISTRY, derived_groups, input_tables
from analysis.pipeline import TABLES, Mapper, _local_map, plan, run
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
def test_worker_processes_and_batch_sizes_write_identical_tables(corpus, tmp_path, monkeypatch):
    """One process with one batch, two processes with batches of two articles (workers write
    their own parts and compute the derived tables): the same bytes in every table file."""
    import analysis.derived

    a = build_tables(corpus, tmp_path / "one", progress=False, jobs=1, batch_size=1000)
    # with worker processes, this process computes no derived table: the workers do
    monkeypatch.setattr(analysis.derived, "derived_tables", lambda *a, **k: pytest.fail("computed in the parent"))
    b = build_tables(corpus, tmp_path / "two", progress=False, jobs=2, batch_size=2)
    for name in ALL_TABLES:
        assert (a / f"{name}.parquet").read_bytes() == (b / f"{name}.parquet").read_bytes(), name


def _derived_bytes(folder):
    return {name: (folder / f"{name}.parquet").read_bytes() for name in REGISTRY}


@pytest.fixture()
def written(corpus, tmp_path):
    """The tables of the fixture corpus computed in one process, and a copy of the pipeline's
    tables alone (where derived tables are to be computed again)."""
    one = build_tables(corpus, tmp_path / "one", progress=False, jobs=1)
    bare = tmp_path / "bare"
    bare.mkdir()
    for name in TABLES:
        shutil.copy(one / f"{name}.parquet", bare / f"{name}.parquet")
    return one, bare


def _in_process_workers(sees=True, processes=1):
    # the worker code path (groups, events apart, each task reading and writing files), run here
    return Mapper(lambda work, desc="": _local_map(work, desc), parallel=True, sees=lambda folder: sees,
                  processes=processes)


@pytest.mark.parametrize("processes", [1, 50])
def test_derived_tables_computed_in_groups_by_workers_are_the_same_bytes(corpus, written, monkeypatch, processes):
    """With 1 process the events are packed into two tasks (each reading its events' rows at once);
    with many, one event per task: the same bytes either way."""
    from analysis import tables as tables_mod

    one, bare = written
    ran, events = [], []
    monkeypatch.setattr(tables_mod, "_call", lambda func, *args: ran.append(func.__name__) or func(*args))
    original = tables_mod._derived_event_task
    monkeypatch.setattr(tables_mod, "_derived_event_task",
                        lambda *args, **kw: events.append(args[3]) or original(*args, **kw))
    counts = tables_mod._write_derived(bare, {name: 0 for name in TABLES}, corpus, False,
                                       _in_process_workers(processes=processes))
    assert set(counts) == set(REGISTRY)
    assert _derived_bytes(bare) == _derived_bytes(one)
    n_events = read_tables(one).event_findings["event"].nunique()
    assert n_events > 2
    assert sorted(events) == sorted(read_tables(one).event_findings["event"])
    assert ran.count("_derived_events_task") == min(n_events, 2 * processes)
    assert "_stack_event_task" not in ran, "the events' parts are stacked here (small), not in a task"
    # the small groups are packed into fewer tasks, every group into one
    assert 1 < ran.count("_derived_group_task") < len(derived_groups()) - 1
    assert not (bare / ".parts").exists(), "the events' parts are removed once stacked"


def test_workers_that_do_not_see_the_folder_leave_the_derived_tables_to_this_process(corpus, written, monkeypatch):
    from analysis import tables as tables_mod

    one, bare = written
    monkeypatch.setattr(tables_mod, "_call", lambda *args: pytest.fail("a task was sent to a worker"))
    tables_mod._write_derived(bare, {name: 0 for name in TABLES}, corpus, False, _in_process_workers(sees=False))
    assert _derived_bytes(bare) == _derived_bytes(one)


def test_an_event_that_cannot_be_computed_empties_the_event_tables_as_in_one_process(corpus, written, monkeypatch):
    import analysis.summary
    from analysis import tables as tables_mod

    one, bare = written
    events = sorted(read_tables(one).event_findings["event"])
    real = analysis.summary.compute_event_tables

    def failing(tables, event, **options):
        if event == events[-1]:
            raise ValueError("no figures")
        return real(tables, event, **options)

    monkeypatch.setattr(analysis.summary, "compute_event_tables", failing)
    with pytest.warns(UserWarning, match="derived table event_tone left empty: ValueError: no figures"):
        tables_mod._write_derived(bare, {name: 0 for name in TABLES}, corpus, False, _in_process_workers())
    written_tables = read_tables(one)
    for name in REGISTRY:
        got = pd.read_parquet(bare / f"{name}.parquet")
        if name.startswith("event_"):
            assert got.empty, name
        else:
            pd.testing.assert_frame_equal(got, pd.read_parquet(one / f"{name}.parquet"), obj=name)
    assert len(written_tables.event_tone)


def test_code_hash_follows_only_the_code_that_computes_tables(tmp_path, monkeypatch):
    import analysis.tables as tables_module

    package = tmp_path / "analysis"
    shutil.copytree(tables_module._PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(tables_module, "_PACKAGE_DIR", package)
    before = tables_module.code_hash()
    for rel in ("viz/base.py", "report.py", "cli.py", "data/validation.json"):
        (package / rel).write_text((package / rel).read_text() + "\n")
    assert tables_module.code_hash() == before, "figures, report, CLI and recorded figures do not feed tables"
    (package / "derived.py").write_text((package / "derived.py").read_text() + "\n")
    assert tables_module.code_hash() != before


def test_code_that_computes_tables_never_imports_what_the_code_hash_skips():
    """If a table module imported a figure or report module, editing that module could change a
    table without recomputing it."""
    import ast

    import analysis.tables as tables_module

    root = tables_module._PACKAGE_DIR
    skipped = {p.removesuffix("/").removesuffix(".py").replace("/", ".") for p in tables_module.NOT_TABLE_CODE
               if p.endswith((".py", "/"))}
    offenders = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        if not tables_module._feeds_tables(rel) or rel == "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [f"analysis.{a.name}" for a in node.names] if isinstance(node, ast.ImportFrom)
                     and node.module == "analysis"
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                inner = name.removeprefix("analysis.")
                if name.startswith("analysis.") and any(inner == s or inner.startswith(s + ".") for s in skipped):
                    offenders.append(f"{rel} imports {name}")
    assert not offenders, offenders


def test_packed_tasks_hold_every_group_once_within_the_cap_and_read_what_their_groups_read():
    from analysis.derived import pack_groups

    groups = [g for g in derived_groups() if not g[0].startswith("event_")]
    cost = {g: sum(REGISTRY[n].cost for n in g) for g in groups}
    cap = max(cost.values())
    tasks = pack_groups(groups, cap)
    assert sorted(n for t in tasks for n in t) == sorted(n for g in groups for n in g)
    assert len(tasks) < len(groups)
    for task in tasks:
        inside = [g for g in groups if set(g) <= set(task)]
        assert sum(cost[g] for g in inside) <= cap + 1e-9 or len(inside) == 1
        largest = max(inside, key=lambda g: cost[g])
        assert all(set(input_tables(g)) <= set(input_tables(largest)) for g in inside)
    assert pack_groups(groups, 0.0) == [tuple(g) for g in sorted(groups, key=lambda g: -cost[g])]


def test_rows_read_for_one_event_are_those_of_the_whole_file(tmp_path):
    """An event task converts only its event's rows, and gets exactly the frame that reading
    the whole file and keeping them gives: index labels, and integer and boolean columns typed
    by the whole file's missing values (floats and objects there)."""
    from analysis.parts import write_frame
    from analysis.tables import _as_objects, _read_rows

    frame = pd.DataFrame({"article_id": ["a", "b", "c", "d", "b"], "n": [1, None, 3, 4, 5],
                          "flag": [True, None, False, True, False], "text": ["x", None, "y", "z", "w"],
                          "m": [1, 2, 3, 4, 5], "whole": pd.array([1, None, 3, 4, 5], dtype="Int64")})
    path = tmp_path / "t.parquet"
    write_frame(frame, path)
    full = _as_objects(pd.read_parquet(path))
    for ids in ({"a", "c"}, {"b"}, {"d"}, set(), {"none"}):
        got, want = _read_rows(path, "article_id", ids), full[full["article_id"].isin(ids)]
        pd.testing.assert_frame_equal(got, want, check_exact=True)
        assert [type(v) for v in got["flag"]] == [type(v) for v in want["flag"]]
    assert _read_rows(path, "no_such_column", {"a"}).equals(full)


def test_timeline_records_every_task_and_the_parents_steps(corpus, tmp_path, monkeypatch):
    from analysis.timeline import ENV

    path = tmp_path / "timeline.jsonl"
    monkeypatch.setenv(ENV, str(path))
    folder = build_tables(corpus, tmp_path / "one", progress=False, jobs=1, batch_size=2)
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    tasks = [r for r in rows if r["seq"] is not None]
    assert {r["stage"] for r in tasks} == {"loading and analysing", "per-event steps"}
    assert sum(r["stage"] == "loading and analysing" for r in tasks) == len(plan(corpus, batch_size=2).args) > 1
    steps = {r["task"] for r in rows if r["seq"] is None}
    assert {"plan", "resolve speakers", "derived tables", "actors across events"} <= steps
    assert all(r["end"] >= r["start"] and r["cpu"] >= 0 for r in rows)
    monkeypatch.delenv(ENV)
    again = build_tables(corpus, tmp_path / "two", progress=False, jobs=1, batch_size=2)
    for name in ALL_TABLES:
        assert (folder / f"{name}.parquet").read_bytes() == (again / f"{name}.parquet").read_bytes(), name


def test_rows_read_within_an_event_are_found_even_where_the_event_column_disagrees(tmp_path):
    from analysis.parts import write_frame
    from analysis.tables import _as_objects, _read_rows

    frame = pd.DataFrame({"event": ["e1", "e1", "e2", "e2"], "article_id": ["a", "b", "c", "a"], "n": [1, 2, 3, 4]})
    path = tmp_path / "t.parquet"
    write_frame(frame, path)
    full = _as_objects(pd.read_parquet(path))
    for ids, event in (({"a", "b"}, "e1"), ({"c"}, "e2"), ({"a"}, "e1"), ({"a"}, 5)):
        got = _read_rows(path, "article_id", ids, within=("event", event))
        pd.testing.assert_frame_equal(got, full[full["article_id"].isin(ids)], check_exact=True)


def test_event_chunks_balance_articles_and_keep_every_event_once():
    from analysis.tables import event_chunks

    sizes = [5, 90, 40, 40, 30, 10, 85]
    chunks = event_chunks(sizes, 4)
    assert sorted(i for c in chunks for i in c) == list(range(len(sizes)))
    loads = [sum(sizes[i] for i in c) for c in chunks]
    assert loads == sorted(loads, reverse=True) and len(chunks) == 4
    assert max(loads) - min(loads) <= max(sizes)
    assert all(c == sorted(c) for c in chunks)
    assert event_chunks(sizes, 50) == sorted(([i] for i in range(len(sizes))), key=lambda c: -sizes[c[0]])
    assert event_chunks(sizes, 1) == [list(range(len(sizes)))]


def test_event_tasks_reading_batch_parts_get_the_frames_cut_from_the_combined_tables(tmp_path, monkeypatch):
    # with workers, each per-event task reads its own rows from the batches' files instead of
    # being sent them: the same rows, index labels, columns and types, events in the same order
    import analysis.pipeline as P
    from analysis.parts import save_parts
    from analysis.synthetic import write_synthetic
    from analysis.tables import _combine_frames

    folder = write_synthetic(tmp_path / "corpus", 40, seed=5, n_outlets=3, n_events=4)
    work = plan(folder, batch_size=7)
    parts = tmp_path / "parts"
    for i, part in _local_map(work):
        save_parts(part, parts, i)
    n = len(work.args)
    assert n > 3
    tables = {name: _combine_frames([parts / name / f"{i:06d}.parquet" for i in range(n)])
              for name in ("articles", "sentences")}
    sent = P.event_chunks(tables)
    read = P.event_chunks_from_parts(tables["articles"], parts, n)
    assert (read.order, read.labels) == (sent.order, sent.labels)
    monkeypatch.setattr(P, "event_tables", lambda sentences, articles, event: (sentences, articles, event))
    for args, got in zip(sent.args, read.args, strict=True):
        sentences, articles, event = P.event_tables_from_parts(*got)
        assert event == args[2]
        assert articles["event"].nunique() == 1 and len(sentences) > 0
        pd.testing.assert_frame_equal(sentences, args[0])
        pd.testing.assert_frame_equal(articles, args[1])
