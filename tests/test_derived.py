"""Derived tables (issue 23): computed once by the tables layer, identical to what the notebooks
computed themselves, read back through ``Tables``."""

import inspect
from collections import ChainMap
from collections.abc import MutableMapping

import pandas as pd
import pytest

from analysis import actors as cast
from analysis import compare, framing, naming, sentiment, sources
from analysis.compare_outlets import compare_outlets
from analysis.corpus import english_only
from analysis.derived import (
    REGISTRY,
    cast_source,
    derived_groups,
    derived_tables,
    event_names,
    event_parts,
    needed_tables,
    option_defaults,
    stack_event_parts,
    with_options,
)
from analysis.pipeline import TABLES
from analysis.summary import EVENT_PARTS, compute_event_tables, event_tables, outlet_overview
from analysis.synthetic import write_synthetic
from analysis.tables import build_tables, read_tables


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    # several outlets and events, and one more event where two outlets give different figures
    folder = write_synthetic(tmp_path_factory.mktemp("derived") / "corpus", 36, seed=23, n_outlets=3, n_events=4)
    manifest = pd.read_csv(folder / "manifest.csv")
    outlets = sorted(manifest["outlet"].unique())[:2]
    for name, outlet, hours in (("talks_a.txt", outlets[0], "four hours"), ("talks_b.txt", outlets[1],
                                                                            "more than eight hours")):
        (folder / name).write_text(
            "Kerry and Putin meet in Sochi\n\n"
            f"Putin and Kerry met in Sochi on Tuesday for {hours}, officials said.\n\n"
            "The talks covered Ukraine and Syria. Lavrov said the sides had agreed to keep talking.\n",
            encoding="utf-8")
        manifest.loc[len(manifest)] = {"file": name, "outlet": outlet, "event": "Sochi talks", "language": "en"}
    manifest.to_csv(folder / "manifest.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def tables(corpus, tmp_path_factory):
    return read_tables(build_tables(corpus, tmp_path_factory.mktemp("tables"), progress=False), corpus_dir=corpus)


# ---------------------------------------------------------------------------------------
# The registry
# ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_derived_table_states_its_unit_and_has_its_own_name(name):
    spec = REGISTRY[name]
    doc = inspect.getdoc(spec.func) or ""
    assert "row per" in doc.split(".")[0] or "row per" in doc, f"{name}: the docstring names no unit of observation"
    assert name not in TABLES, f"{name} is already a pipeline table"


def test_an_option_has_one_default_across_the_registry():
    seen: dict = {}
    for spec in REGISTRY.values():
        for key, value in spec.defaults.items():
            assert seen.setdefault(key, value) == value, f"option {key} has two defaults"
    assert option_defaults() == seen


def test_every_derived_table_is_written_listed_and_read_back(tables):
    for name in REGISTRY:
        assert name in tables.names(), name
        assert isinstance(tables[name], pd.DataFrame)
    assert len(tables.tone_outlet) == english_only(tables.articles)["outlet"].nunique()


def test_in_memory_and_written_derived_tables_agree(corpus, tables):
    from analysis.pipeline import run

    in_memory = run(corpus, progress=False)
    for name in REGISTRY:
        written, computed = tables[name], in_memory[name]
        if computed.empty and written.empty:
            continue
        pd.testing.assert_frame_equal(written, computed.reset_index(drop=True), check_dtype=False, obj=name)


# ---------------------------------------------------------------------------------------
# Computed apart (in groups, event by event, in other processes): the same tables
# ---------------------------------------------------------------------------------------
class _Reading(MutableMapping):
    """A mapping that records every table name read from it."""

    def __init__(self, inner):
        self.inner, self.read = inner, set()

    def __getitem__(self, name):
        self.read.add(name)
        return self.inner[name]

    def __contains__(self, name):
        self.read.add(name)
        return name in self.inner

    def __setitem__(self, name, value):
        self.inner[name] = value

    def __delitem__(self, name):
        del self.inner[name]

    def __iter__(self):
        return iter(self.inner)

    def __len__(self):
        return len(self.inner)


@pytest.fixture(scope="module")
def pipeline_tables(tables):
    return {name: tables[name] for name in TABLES}


def test_each_table_reads_only_what_the_registry_says(pipeline_tables, tables):
    # the groups computed apart are built from these declarations: a table reading more than
    # it declares could be computed without its input, or from another group's
    known = set(TABLES) | set(REGISTRY)
    work: dict = {}
    for name, spec in REGISTRY.items():
        view = _Reading(ChainMap(work, pipeline_tables))
        work[name] = spec.func(view, corpus_dir=tables.corpus_dir)
        undeclared = (view.read & known) - set(spec.reads)
        assert not undeclared, f"{name} reads {sorted(undeclared)} without declaring it"
        assert set(spec.reads) <= known, f"{name} declares a table that does not exist"


def test_groups_cover_the_registry_once_and_hold_what_they_share():
    groups = derived_groups()
    names = [name for group in groups for name in group]
    assert sorted(names) == sorted(REGISTRY)
    where = {name: i for i, group in enumerate(groups) for name in group}
    for name, spec in REGISTRY.items():
        for dep in spec.reads:
            if dep in REGISTRY and not REGISTRY[dep].recompute:
                assert where[dep] == where[name], f"{name} is apart from {dep}, which it reads"
            if dep in REGISTRY:
                assert dep in needed_tables([name])
        if spec.shares:
            assert all(where[other] == where[name] for other, o in REGISTRY.items() if o.shares == spec.shares)
    costs = [sum(REGISTRY[n].cost for n in group) for group in groups]
    assert costs == sorted(costs, reverse=True), "largest groups first"
    assert len(groups) > 10, "the tables are split into many tasks"


@pytest.mark.slow
def test_groups_computed_apart_give_the_same_tables(pipeline_tables, tables):
    whole = derived_tables(pipeline_tables, corpus_dir=tables.corpus_dir)
    for group in derived_groups():
        apart = derived_tables(pipeline_tables, corpus_dir=tables.corpus_dir, names=needed_tables(group))
        for name in group:
            pd.testing.assert_frame_equal(apart[name], whole[name], obj=name)


def test_event_tables_computed_event_by_event_are_the_same(pipeline_tables, tables):
    whole = derived_tables(pipeline_tables, corpus_dir=tables.corpus_dir,
                           names=[name for name in REGISTRY if name.startswith("event_")])
    events = event_names(pipeline_tables["articles"])
    assert len(events) >= 2
    # each event alone, in any order, stacked in event order
    per_event = {event: event_parts(pipeline_tables, event) for event in reversed(events)}
    stacked = stack_event_parts([per_event[event] for event in events])
    for part, frame in stacked.items():
        pd.testing.assert_frame_equal(frame, whole[f"event_{part}"], obj=part)


# ---------------------------------------------------------------------------------------
# Same numbers as the notebooks computed them before (old call -> derived table)
# ---------------------------------------------------------------------------------------
def _scored(t):
    return sentiment.sentence_tone(t.sentences, t.articles, quotes=t.quotes)


def _english(t):
    return t.corpus().english().articles.reset_index(drop=True)


def _actors(t):
    actors, _ = cast.choose_actors(english_only(t.articles), corpus_dir=t.corpus_dir, actors_file=None, top=15)
    return actors


def _mentions(t):
    return sentiment.actor_mentions(_scored(t), _actors(t))


def _shared(t):
    english = _english(t)
    return english[english.groupby("event", dropna=False)["outlet"].transform("nunique") >= 2]


def _chosen(t):
    return naming.terms_for_corpus(_english(t), t.corpus_dir, "", terms_file="", text_col="text", group_col="outlet")


def _kwic(t):
    lines = naming.kwic(_english(t), _chosen(t)["term"].drop_duplicates().head(20).tolist(), text_col="text",
                        group_col="outlet", id_col="article_id")
    return naming.kwic_side_by_side(lines, group_col="outlet", max_lines=3)


def _frame_examples(t):
    evidence = framing.frame_evidence(_english(t), text_col="text", id_col="article_id")
    return framing.frame_examples(evidence, _english(t), group_col="outlet", per_frame=3)


def _frames(t):
    english = _english(t)
    return t["frames"][t["frames"]["article_id"].isin(english["article_id"])]


def _naming(t):
    variants = {c: v for c, v in naming.variants_from_terms(_chosen(t)).items() if len(v) >= 2}
    return naming.naming_table(_english(t), text_col="text", group_col="outlet", variants=variants)


def _coverage(t):
    corpus = t.corpus().english()
    alignment = t.alignment[t.alignment["article_id"].isin(corpus.articles["article_id"])]
    return corpus, alignment


# what notebooks 02-06 computed before issue 23, cell by cell
OLD_WAY = {
    "tone_sentences": _scored,
    "tone_outlet": lambda t: sentiment.summarize_tone(_scored(t), by="outlet"),
    "tone_outlet_article": lambda t: sentiment.summarize_tone(_scored(t), by=["outlet", "article_id"], n_boot=500),
    "tone_outlet_speech": lambda t: sentiment.summarize_tone(_scored(t), by=["outlet", "speech"]),
    "tone_pairs": lambda t: sentiment.tone_findings(_scored(t), group_col="outlet")["pairwise"],
    "tone_by_event": lambda t: sentiment.tone_findings_by(_scored(t), by="event"),
    "tone_lexicons": lambda t: sentiment.compare_lexicons(_scored(t), by="outlet"),
    "actor_cast": _actors,
    "actor_mentions": _mentions,
    "actor_tone_outlet": lambda t: sentiment.summarize_tone(_mentions(t), by=["outlet", "actor"], value_col="tone",
                                                     unit_cols=["article_id", "sent_id"]),
    "actor_article_tone": lambda t: sentiment.article_actor_tone(_mentions(t), sentences=_scored(t)),
    "speakers": lambda t: sources.speaker_table(t.quotes),
    "quoted_sources": lambda t: sources.quoted_sources(t.quotes),
    "distinctive_terms": lambda t: framing.distinctive_terms(_shared(t), text_col="text", group_col="outlet",
                                                             min_count=2),
    "frame_examples": _frame_examples,
    "frame_prevalence": lambda t: framing.frame_prevalence(_frames(t), group_col="outlet"),
    "frame_tests": lambda t: framing.frame_findings(_frames(t), group_col="outlet")[0],
    "frame_pairs": lambda t: framing.frame_findings(_frames(t), group_col="outlet")[1],
    "naming_terms": _chosen,
    "naming": _naming,
    "name_forms": lambda t: naming.name_form_table(naming.name_forms(_english(t), None, text_col="text",
                                                                     group_col="outlet", id_col="article_id")),
    "collocations": lambda t: naming.collocation_differences(_english(t), text_col="text", group_col="outlet",
                                                             min_freq=2, top_n=12),
    "kwic": _kwic,
    "conflict_agents": lambda t: naming.conflict_agents(_english(t), text_col="text", group_col="outlet",
                                                        id_col="article_id"),
    "numbers": lambda t: compare.extract_numbers(t.corpus().english().sentences),
    "discrepancies": lambda t: compare.number_discrepancies(compare.extract_numbers(t.corpus().english().sentences),
                                                            t.corpus().english().articles),
    "omissions": lambda t: compare.omissions(_coverage(t)[1], _coverage(t)[0].articles),
    "quote_fidelity": lambda t: compare.quote_fidelity(t.quotes, t.corpus().english().articles),
    "outlet_overview": outlet_overview,
    "outlet_comparisons": lambda t: compare_outlets(t, top_actors=12, n_perm=2000, seed=0),
}


@pytest.mark.parametrize("name", sorted(OLD_WAY))
def test_derived_table_equals_what_the_notebook_computed(tables, name):
    old = OLD_WAY[name](tables).reset_index(drop=True)
    new = tables[name]
    if name == "actor_cast":
        assert set(new["source"]) <= {cast.choose_actors(english_only(tables.articles), corpus_dir=tables.corpus_dir,
                                                         top=15)[1]}
        new = new.drop(columns=["source"])
    if name == "tone_pairs":
        new = new[new["lexicon"] == "VADER"].drop(columns=["lexicon"]).reset_index(drop=True)
    assert len(old), f"{name}: the test corpus gives an empty table, which compares nothing"
    pd.testing.assert_frame_equal(new, old, check_dtype=False, obj=name)


def test_findings_text_is_the_notebook_text(tables):
    scored = _scored(tables)
    found = tables.tone_findings.set_index("lexicon")["text"]
    assert found["VADER"] == sentiment.tone_findings(scored, group_col="outlet")["text"]
    assert found["AFINN"] == sentiment.tone_findings(scored, value_col="afinn_compound")["text"]
    assert cast_source(tables.actor_cast) == cast.choose_actors(english_only(tables.articles),
                                                                corpus_dir=tables.corpus_dir, top=15)[1]


def test_event_dashboards_read_from_the_tables_equal_the_computed_ones(tables):
    events = sorted(english_only(tables.articles)["event"].unique())
    assert len(events) >= 2
    assert len(tables.event_frame_findings), "the test corpus gives frame tests to compare"
    for event in events:
        stored, computed = event_tables(tables, event), compute_event_tables(tables, event)
        assert stored["findings"]["text"] == computed["findings"]["text"]
        assert (stored["frame_findings"] is None) == (computed["frame_findings"] is None)
        assert stored.keys() == computed.keys()
        for part in ("articles", "quotes", *EVENT_PARTS):
            if stored[part] is None:
                continue
            a, b = stored[part].reset_index(drop=True), computed[part].reset_index(drop=True)
            if a.empty and b.empty:
                continue
            pd.testing.assert_frame_equal(a, b, check_dtype=False, obj=f"{event}: {part}")


def test_event_tables_with_other_permutations_are_computed(tables, monkeypatch):
    import analysis.summary as summary

    calls = []
    monkeypatch.setattr(summary, "compute_event_tables", lambda *a, **k: calls.append(k) or {})
    event = english_only(tables.articles)["event"].iloc[0]
    summary.event_tables(tables, event)
    assert calls == []
    summary.event_tables(tables, event, n_perm=500)
    assert calls == [{"seed": 0, "n_perm": 500}]
    # event tables left empty (they could not be computed on this corpus): computed as before
    empty = {**{name: tables[name] for name in ("articles", "sentences", "quotes")},
             **{f"event_{name}": pd.DataFrame() for name in ("findings", *EVENT_PARTS)}}
    summary.event_tables(empty, event)
    assert calls[-1] == {"seed": 0, "n_perm": 2000}


def test_corpus_tone_findings_are_stored_and_read_back(tables, monkeypatch):
    import analysis.summary as summary

    computed = summary.corpus_tone_findings(tables)
    stored = tables.corpus_tone_findings
    assert len(stored) == 1 and stored["text"].iloc[0] == computed["text"]
    assert stored["p_omnibus"].iloc[0] == computed["omnibus"]["p_value"]
    shown = summary.corpus_findings(tables)
    assert computed["text"].split(" (")[0] in shown.replace("\\", "")
    calls = []
    real = summary.corpus_tone_findings
    monkeypatch.setattr(summary, "corpus_tone_findings", lambda *a, **k: calls.append(k) or real(*a, **k))
    assert summary.corpus_findings(tables) == shown and calls == []
    summary.corpus_findings(tables, n_perm=500)
    assert calls == [{"n_perm": 500, "seed": 0}]
    # without the stored table (tables from before it existed): computed, the same text
    plain = {name: tables[name] for name in ("articles", "sentences")}
    assert summary.corpus_findings(plain) == shown


# ---------------------------------------------------------------------------------------
# Notebook parameters
# ---------------------------------------------------------------------------------------
def test_default_options_read_the_stored_tables(tables, capsys):
    assert with_options(tables, actors_file="", min_count=2) is tables
    assert capsys.readouterr().out == ""


def test_another_option_recomputes_only_the_tables_that_take_it(tables, tmp_path, capsys):
    actors_file = tmp_path / "cast.csv"
    first, aliases = tables.actor_cast[["actor", "aliases"]].iloc[0]
    aliases = [a for a in str(aliases).split("|") if a]  # every form the text uses ("Kerry" too)
    pd.DataFrame({"actor": [first] * len(aliases), "alias": aliases}).to_csv(actors_file, index=False)
    view = with_options(tables, corpus_dir=tables.corpus_dir, actors_file=str(actors_file))
    out = capsys.readouterr().out
    assert out.startswith("note: actors_file=") and "actor_mentions" in out
    assert " tone_outlet," not in out and "tone_lexicons" not in out
    assert list(view["actor_cast"]["actor"]) == [first]
    assert set(view["actor_mentions"]["actor"]) == {first}
    assert set(view["actor_tone_outlet"]["actor"]) == {first}
    assert view["tone_outlet"] is tables.tone_outlet
    expected = sentiment.actor_mentions(_scored(tables), cast.read_actors(actors_file))
    pd.testing.assert_frame_equal(view["actor_mentions"], expected, check_dtype=False)


def test_an_unknown_option_is_refused(tables):
    with pytest.raises(TypeError, match="no derived table has the option 'top_k_actors'"):
        with_options(tables, top_k_actors=8)


def test_derived_tables_can_be_computed_by_name(tables):
    out = derived_tables(tables, corpus_dir=tables.corpus_dir, names=["tone_sentences", "tone_outlet"])
    assert list(out) == ["tone_sentences", "tone_outlet"]
    pd.testing.assert_frame_equal(out["tone_outlet"], tables.tone_outlet, check_dtype=False)


def test_text_tables_take_the_sentence_spans_the_corpus_found(tables, monkeypatch):
    from analysis import derived
    from analysis.framing import base

    view = {name: tables[name] for name in ("articles", "paragraphs", "sentences")}
    texts = english_only(tables.articles)["text"].fillna("").astype(str).tolist()
    expected = [base._sentences_of(text) for text in texts]
    with derived._split_once(view):
        assert [base._sentences_of(text) for text in texts] == expected
        # ... without splitting any text again
        monkeypatch.setattr(base, "sentence_spans", lambda *a, **k: pytest.fail("a text was split again"))
        assert [base._sentences_of(text) for text in texts] == expected
    monkeypatch.undo()
    # an article whose paragraphs are not its blocks between blank lines is split as before
    english = english_only(tables.articles)
    first = english.index[english["text"].str.contains("\n\n", regex=False)][0]
    changed = tables.articles.copy()
    changed.loc[first, "text"] = changed.loc[first, "text"].replace("\n\n", "\n \n", 1) + "\n\nOne more. Two."
    view = {"articles": changed, "paragraphs": tables.paragraphs, "sentences": tables.sentences}
    with derived._split_once(view):
        assert changed.loc[first, "text"] not in base._KNOWN_SPANS
        assert len(base._KNOWN_SPANS) == len(set(texts)) - 1
    assert not base._KNOWN_SPANS  # known only while the tables are computed


def test_text_tables_tokenize_each_sentence_once_between_them(tables, monkeypatch):
    from analysis import derived
    from analysis.framing import base

    calls = []
    tokenize = base.tokenize
    monkeypatch.setattr(base, "tokenize", lambda text, **k: calls.append(text) or tokenize(text, **k))
    names = ["distinctive_terms", "naming_terms", "collocations"]
    out = derived_tables({name: tables[name] for name in TABLES}, corpus_dir=tables.corpus_dir, names=names)
    texts = set(english_only(tables.articles)["text"].fillna("").astype(str))
    with derived._split_once({name: tables[name] for name in TABLES}):
        assert len(calls) == sum(len(base._sentences_of(text)) for text in texts)
    for name in names:  # the same tables as without the shared tokens (OLD_WAY computes them apart)
        pd.testing.assert_frame_equal(out[name], tables[name], check_dtype=False, obj=name)


def test_similarity_grid_is_the_notebook_pair(tables):
    corpus = tables.corpus().english()
    alignment = tables.alignment[tables.alignment["article_id"].isin(corpus.articles["article_id"])]
    sizes = alignment.groupby("event")[["article_id", "sent_id"]].apply(lambda d: len(d.drop_duplicates()))
    top = list(sizes.sort_values(ascending=False).index[:5])
    pair = (corpus.articles[corpus.articles["event"].isin(top[:1])]
            .sort_values(["outlet", "n_words"], ascending=[True, False]).drop_duplicates("outlet").head(2))
    a, b = pair["article_id"].iloc[0], pair["article_id"].iloc[1]
    old = compare.similarity_grid(corpus.sentences, a, b)
    new = tables.similarity_grid
    assert set(new["article_a"]) == {a} and set(new["article_b"]) == {b}
    pd.testing.assert_frame_equal(new.drop(columns=["article_a", "article_b"]), old, check_dtype=False)


def test_a_table_that_cannot_be_computed_is_left_empty_with_a_warning(tables):
    # a corpus whose cast is empty: actor mentions cannot be measured; the rest still is
    view = {name: tables[name] for name in ("articles", "sentences", "quotes", "tone_sentences")}
    view["actor_cast"] = tables.actor_cast.iloc[0:0]
    with pytest.warns(UserWarning, match="derived table actor_mentions left empty: ValueError"):
        out = derived_tables(view, names=["actor_mentions", "tone_outlet"])
    assert out["actor_mentions"].empty
    pd.testing.assert_frame_equal(out["tone_outlet"], tables.tone_outlet, check_dtype=False)


def test_without_english_articles_every_derived_table_is_empty(tables):
    articles = tables.articles.assign(language="de")
    out = derived_tables({"articles": articles, "sentences": tables.sentences, "quotes": tables.quotes})
    assert set(out) == set(REGISTRY) and all(frame.empty for frame in out.values())


def test_no_derived_table_takes_a_name_another_module_reads_as_an_optional_input():
    # analysis.compare_outlets reads an optional "actor_tone" (article-level, its own cast):
    # a derived table of that name would silently change its figures
    assert "actor_tone" not in REGISTRY


@pytest.mark.parametrize("statement", [
    "import analysis",
    "import analysis.tables, analysis.derived, analysis.summary, analysis.sentiment, analysis.compare",
    "from analysis.viz import tone, coverage, framing, sources, summary, corpus",
])
def test_a_kernel_that_only_reads_tables_imports_no_heavy_library(statement):
    # nltk, scipy, scikit-learn and the embedding model cost seconds at import: only the
    # functions that compute load them
    import subprocess
    import sys

    code = (f"import sys; {statement}; "
            "print(sorted(m for m in ('nltk', 'scipy', 'sklearn', 'wordllama') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
