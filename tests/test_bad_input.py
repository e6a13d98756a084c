"""Bad input never stops a run: one corpus folder per case (tests/badinput.py), the bad item
beside two good articles. For each case: no crash, a clear problem row naming the file, every
good article loaded and analysed, raw files unchanged (hashes)."""

from __future__ import annotations

import hashlib
import os
import re
import warnings
from pathlib import Path

import pytest
from badinput import CASES, GOOD_IDS, make_case

from analysis.corpus import load_corpus
from analysis.manifest import ManifestError


def _hashes(folder: Path) -> dict[str, str]:
    out = {}
    for root, _dirs, files in os.walk(folder, followlinks=False):
        for name in files:
            path = Path(root) / name
            if not path.is_symlink():
                out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def _load(folder: Path, case):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if case.manifest_error:
            with pytest.raises(ManifestError) as info:
                load_corpus(folder)
            assert re.search(case.expect, str(info.value)), str(info.value)
            return load_corpus(folder, fallback_to_filenames=True)
        return load_corpus(folder)


def _rows_for(problems, target: str):
    return problems[problems["file"].str.contains(target, regex=False)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_is_reported_and_the_rest_loads(name, tmp_path):
    case = CASES[name]
    folder = make_case(name, tmp_path)
    before = _hashes(folder)
    corpus = _load(folder, case)
    ids = set(corpus.articles["article_id"])
    assert set(GOOD_IDS) <= ids, (ids, corpus.problems.to_dict("records"))
    assert not (corpus.problems["kind"] == "internal").any(), corpus.problems.to_dict("records")
    rows = _rows_for(corpus.problems, case.target)
    if case.expect is None:
        assert rows.empty, rows.to_dict("records")
    else:
        hits = rows[rows["problem"].str.contains(case.expect, regex=True, flags=re.I)]
        assert not hits.empty, (case.expect, corpus.problems[["file", "problem"]].to_dict("records"))
        assert case.severity in set(hits["severity"]), hits.to_dict("records")
        assert (hits["action"] != "").all()
    bad_ids = ids - set(GOOD_IDS)
    assert bool(bad_ids) == case.loads, (bad_ids, corpus.problems.to_dict("records"))
    if case.check is not None:
        case.check(corpus)
    # every good article is whole: three paragraphs, its own text
    for aid in GOOD_IDS:
        art = corpus.articles.set_index("article_id").loc[aid]
        assert art["n_paragraphs"] == 3 and art["duplicate_of"] is None
    assert _hashes(folder) == before, "raw files were modified"


# Through the whole pipeline (load + every per-article analysis): a representative case of each
# kind runs in the fast suite, every case in the slow one.
PIPELINE_FAST = {
    "utf16_lone_surrogate", "html_dropped_blocks", "chinese", "duplicate_wire_copy", "manifest_misspelt_required",
    "hostile_strings",
}


@pytest.mark.parametrize(
    "name", [n if n in PIPELINE_FAST else pytest.param(n, marks=pytest.mark.slow) for n in sorted(CASES)]
)
def test_bad_input_through_the_pipeline(name, tmp_path):
    from analysis.pipeline import run

    case = CASES[name]
    folder = make_case(name, tmp_path)
    before = _hashes(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if case.manifest_error:
            with pytest.raises(ManifestError, match=case.expect):
                run(folder, progress=False)
            return
        tables = run(folder, progress=False)
    assert set(GOOD_IDS) <= set(tables["articles"]["article_id"])
    assert set(GOOD_IDS) <= set(tables["sentences"]["article_id"])
    good_sentences = tables["sentences"][tables["sentences"]["article_id"].isin(GOOD_IDS)]
    assert good_sentences["compound"].notna().all()  # tone scored for every good sentence
    if "article_id" in tables["frames"].columns:
        assert set(GOOD_IDS) <= set(tables["frames"]["article_id"])
    if case.expect is not None:
        rows = _rows_for(tables["problems"], case.target)
        assert rows["problem"].str.contains(case.expect, regex=True, flags=re.I).any(), tables["problems"]
    assert _hashes(folder) == before


def test_reruns_give_identical_tables(tmp_path):
    """Issue 15, point 6: the same input gives the same tables, row for row, byte for byte."""
    import pandas as pd

    from analysis.pipeline import run

    folder = make_case("near_duplicate", tmp_path)
    for extra in ("html_dropped_blocks", "mojibake", "markup_tweets"):
        for name, data in CASES[extra].files.items():
            (folder / f"{extra}_{name}").write_bytes(data)
    with (folder / "manifest.csv").open("a", encoding="utf-8") as handle:
        for extra in ("html_dropped_blocks", "mojibake", "markup_tweets"):
            for name in CASES[extra].files:
                handle.write(f"{extra}_{name},Wire {extra},Talks\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        first, second = load_corpus(folder), load_corpus(folder)
        for table in ("articles", "paragraphs", "sentences", "removed", "metadata", "problems"):
            pd.testing.assert_frame_equal(getattr(first, table), getattr(second, table))
        assert len(first.articles) == 6 and first.removed["step"].eq("html").any()
        one, two = run(folder, progress=False), run(folder, progress=False)
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name])
        assert one[name].to_csv(index=False) == two[name].to_csv(index=False)


def test_pipeline_batches_reflagged_corpus_wide_match_loading_at_once(tmp_path):
    """Duplicates split across pipeline batches are found once the tables layer calls
    analysis.quality.reflag_duplicates on the combined tables."""
    import pandas as pd

    from analysis.corpus import assemble, load_rows, plan_corpus
    from analysis.quality import reflag_duplicates

    folder = make_case("duplicate_wire_copy", tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = load_corpus(folder)
        rows, planning = plan_corpus(folder)
        parts = [assemble(load_rows(folder, [row])) for row in rows]  # one article per batch
    articles = pd.concat([p.articles for p in parts], ignore_index=True)
    problems = pd.concat([p.problems for p in parts], ignore_index=True)
    assert articles["duplicate_of"].isna().all()  # batch by batch, the copy is not seen
    articles, problems = reflag_duplicates(articles, problems)
    pd.testing.assert_frame_equal(articles, whole.articles)
    key = ["file", "kind", "problem"]
    assert sorted(map(tuple, problems[key].values)) == sorted(map(tuple, whole.problems[key].values))


def test_batches_without_their_own_duplicate_flags_give_the_same_corpus_tables(tmp_path):
    """The pipeline's batches skip duplicate flags (assemble(duplicates=False)): the corpus-wide
    reflag_duplicates gives the same articles and problems, row for row, as from flagged batches."""
    import pandas as pd

    from analysis.corpus import assemble, load_rows, plan_corpus
    from analysis.quality import reflag_duplicates

    folder = make_case("duplicate_wire_copy", tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        rows, _ = plan_corpus(folder)
        flagged = assemble(load_rows(folder, rows))
        plain = assemble(load_rows(folder, rows), duplicates=False)
        parts = [assemble(load_rows(folder, [row]), duplicates=False) for row in rows]  # one per batch
    assert flagged.articles["duplicate_of"].notna().any()  # the case has a copy within the batch
    assert plain.articles["duplicate_of"].isna().all()
    one = reflag_duplicates(flagged.articles, flagged.problems)
    two = reflag_duplicates(plain.articles, plain.problems)
    three = reflag_duplicates(pd.concat([p.articles for p in parts], ignore_index=True),
                              pd.concat([p.problems for p in parts], ignore_index=True))
    for a, b, c in zip(one, two, three, strict=True):
        pd.testing.assert_frame_equal(a, b)
        pd.testing.assert_frame_equal(a, c)  # the same column types whatever the batches
