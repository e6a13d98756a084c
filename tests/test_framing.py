"""Tests for analysis.framing: distinctive terms (Monroe et al. 2008), keyness, generic frames."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import framing as F
from analysis.text import STOPWORDS, tokenize


def _two_outlets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "outlet": ["A", "A", "B", "B"],
            "text": [
                "The regime rejected the talks. The regime blamed the rebels.",
                "Officials said the regime would talk. Prices rose sharply.",
                "The government rejected the talks. The government welcomed the truce.",
                "Officials said the government would talk. Prices rose sharply.",
            ],
        }
    )


# --- distinctive terms ---------------------------------------------------------------------


def test_distinctive_terms_finds_each_outlets_word():
    out = F.distinctive_terms(_two_outlets(), min_count=1)
    top_a = out[(out.group == "A") & (out.ngram == 1)].iloc[0]
    top_b = out[(out.group == "B") & (out.ngram == 1)].iloc[0]
    assert top_a.term == "regime" and top_a.z > 0
    assert top_b.term == "government" and top_b.z > 0
    # a word used equally by both is not distinctive
    shared = out[(out.group == "A") & (out.term == "prices")].iloc[0]
    assert abs(shared.z) < abs(top_a.z)


def test_log_odds_matches_monroe_formula_by_hand():
    df = pd.DataFrame({"outlet": ["A", "B"], "text": ["cat cat dog", "dog dog dog bird"]})
    out = F.distinctive_terms(df, ngrams=(1,), min_count=1, drop_stopwords=False)
    # pooled counts cat 2, dog 4, bird 1 (n=7); a0 = 7, so alpha_w = pooled count
    y_a = {"cat": 2, "dog": 1, "bird": 0}
    y_b = {"cat": 0, "dog": 3, "bird": 1}
    alpha = {"cat": 2.0, "dog": 4.0, "bird": 1.0}
    n_a, n_b, a0 = 3, 4, 7.0
    for w in alpha:
        d = np.log((y_a[w] + alpha[w]) / (n_a + a0 - y_a[w] - alpha[w])) - np.log(
            (y_b[w] + alpha[w]) / (n_b + a0 - y_b[w] - alpha[w])
        )
        z = d / np.sqrt(1 / (y_a[w] + alpha[w]) + 1 / (y_b[w] + alpha[w]))
        row = out[(out.group == "A") & (out.term == w)].iloc[0]
        assert row.log_odds == pytest.approx(d)
        assert row.z == pytest.approx(z)


def test_two_groups_are_mirror_images():
    out = F.distinctive_terms(_two_outlets(), min_count=1)
    a = out[out.group == "A"].set_index("term")
    b = out[out.group == "B"].set_index("term")
    common = a.index.intersection(b.index)
    assert np.allclose(a.loc[common, "z"], -b.loc[common, "z"])
    assert np.allclose(a.loc[common, "chi2"], -b.loc[common, "chi2"])


def test_distinctive_terms_counts_and_orders_every_outlet_alike():
    # three outlets, one of them with no bigram at all (one-word sentences): each outlet's rows
    # are its counts of every term kept, by z descending then term
    df = pd.concat([_two_outlets(), pd.DataFrame({"outlet": ["C", "C"], "text": ["Regime. Talks.", "Prices!"]})])
    out = F.distinctive_terms(df, min_count=1)
    assert list(out["group"].unique()) == ["A", "B", "C"]
    assert set(out[out.group == "C"]["ngram"]) == {1}
    for g, rows in out.groupby("group"):
        words = Counter(t for text in df[df.outlet == g]["text"] for t in tokenize(text) if t not in STOPWORDS)
        unigrams = rows[rows.ngram == 1]
        assert dict(zip(unigrams.term, unigrams.n_group, strict=True)) == {
            t: words.get(t, 0) for t in unigrams.term}
        keys = list(zip(-rows["z"], rows["term"], strict=True))
        assert keys == sorted(keys)
    assert (out.groupby("term")["n_group"].sum() == out.groupby("term")["n_group"].first()
            + out.groupby("term")["n_rest"].first()).all()


def test_keyness_matches_scipy_on_a_2x2_table():
    df = pd.DataFrame({"outlet": ["A", "B"], "text": ["war " * 10 + "peace " * 30,
                                                       "war " * 25 + "peace " * 15]})
    out = F.distinctive_terms(df, ngrams=(1,), min_count=1, drop_stopwords=False)
    row = out[(out.group == "A") & (out.term == "war")].iloc[0]
    table = np.array([[10, 25], [30, 15]])
    chi2_yates = stats.chi2_contingency(table, correction=True)[0]
    assert row.chi2 == pytest.approx(-chi2_yates)  # A uses "war" less than expected
    g2 = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
    assert abs(row.g2) < g2  # Williams' correction shrinks G2
    assert abs(row.g2) == pytest.approx(g2, rel=0.05)


def test_bigrams_do_not_cross_sentences_and_skip_stopword_edges():
    df = pd.DataFrame({"outlet": ["A", "B"],
                       "text": ["Pro-Russian separatists fought. Separatists fought again.",
                                "Rebels fought."]})
    out = F.distinctive_terms(df, ngrams=(2,), min_count=1)
    terms = set(out.term)
    assert "pro-russian separatists" in terms
    assert "fought separatists" not in terms  # would span a sentence break
    assert not any(t.startswith("the ") for t in terms)


def test_background_prior_and_n_groups():
    df = pd.DataFrame({"outlet": ["A", "B", "C"],
                       "text": ["alpha beta beta", "beta gamma gamma", "gamma alpha alpha"]})
    out = F.distinctive_terms(df, ngrams=(1,), min_count=1, background=["alpha beta gamma delta"])
    assert set(out.group) == {"A", "B", "C"}
    assert out[out.group == "A"].iloc[0].term == "beta"


@pytest.mark.parametrize(
    "df, message",
    [
        (pd.DataFrame({"text": ["a"]}), "outlet"),
        (pd.DataFrame({"text": ["a b"], "outlet": ["A"]}), "at least two"),
        (pd.DataFrame({"text": [], "outlet": []}), "empty"),
    ],
)
def test_distinctive_terms_explains_bad_input(df, message):
    with pytest.raises(ValueError, match=message):
        F.distinctive_terms(df)


def test_distinctive_terms_does_not_mutate_input():
    df = _two_outlets()
    before = df.copy()
    F.distinctive_terms(df)
    pd.testing.assert_frame_equal(df, before)


# --- generic frames --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, frame, question",
    [
        ("The opposition accused the minister of lying.", "conflict", "CO2"),
        ("Critics and supporters are divided over the plan.", "conflict", "CO3"),
        ("The government is responsible for the failure to act.", "responsibility", "RE2"),
        ("Officials urged immediate action.", "responsibility", "RE5"),
        ("The plan will cost taxpayers $4 billion.", "economic", "EC1"),
        ("It is too expensive for families to afford.", "economic", "EC2"),
        ("Maria Lopez, 34, lost her home in the flood.", "human_interest", "HI1"),
        ("Her heartbreaking story moved the audience to tears.", "human_interest", "HI2"),
        ("Church leaders said it was a sin.", "morality", "MO2"),
        ("We have a moral duty to act.", "morality", "MO1"),
    ],
)
def test_codebook_cues_fire(sentence, frame, question):
    ev = F.frame_evidence(pd.DataFrame({"article_id": [1], "text": [sentence]}))
    assert ((ev.frame == frame) & (ev.question == question)).any(), ev


@pytest.mark.parametrize(
    "sentence",
    [
        "The counterpart of the committee stressed the importance of the painting.",
        "Insurgents waged an investigation.",  # insur*, wage*, invest* must not fire
    ],
)
def test_lookalike_words_do_not_fire_economic_or_human_interest(sentence):
    ev = F.frame_evidence(pd.DataFrame({"article_id": [1], "text": [sentence]}))
    assert not ev.frame.isin(["economic", "human_interest"]).any(), ev


def test_evidence_offsets_trace_back_to_text_and_sentence():
    text = ("Ministers clashed over the budget.\n\nThe opposition blamed the government. "
            "Families said the cuts cost them dearly.")
    ev = F.frame_evidence(pd.DataFrame({"article_id": ["x"], "text": [text]}))
    assert len(ev) > 0
    for r in ev.itertuples():
        assert text[r.start:r.end] == r.cue
        assert text[r.sent_start:r.sent_end] == r.sentence
        assert r.sent_start <= r.start < r.end <= r.sent_end
    assert set(ev.sent_id) == {0, 1, 2}


def test_evidence_from_sentence_table_matches_article_table(seeds):
    by_article = F.frame_evidence(seeds.articles)
    by_sentence = F.frame_evidence(seeds.sentences, sent_col="sent_id", offset_col="start")
    key = ["article_id", "sent_id", "start", "end", "frame", "question"]
    pd.testing.assert_frame_equal(
        by_article[key].sort_values(key).reset_index(drop=True),
        by_sentence[key].sort_values(key).reset_index(drop=True),
    )


def test_frame_scores_rates_and_presence_follow_the_shipped_rule():
    texts = [
        " ".join(["The plan costs taxpayers money."] * 8),  # 3 economic cues a sentence
        "Rain fell on the hills this morning.",
    ]
    df = pd.DataFrame({"article_id": [1, 2], "text": texts})
    sc = F.frame_scores(df)
    assert sc.loc[0, "economic_hits"] == 24
    assert sc.loc[0, "economic_sentences"] == 8
    assert sc.loc[1, "economic_hits"] == 0
    assert sc.loc[0, "economic_per_1000"] == pytest.approx(1000 * 24 / sc.loc[0, "n_words"])
    cutoffs, rules = F.frame_thresholds(), F.frame_rules()
    for frame in F.FRAMES:
        assert sc[f"{frame}_prob"].between(0, 1).all()
        value = sc[f"{frame}_hits"] if rules[frame] == "cue_count" else sc[f"{frame}_prob"]
        assert (sc[frame] == (value >= cutoffs[frame])).all()
    assert bool(sc.loc[0, "economic"]) and not bool(sc.loc[1, "economic"])
    assert sc.loc[0, "economic_prob"] > sc.loc[1, "economic_prob"]


def _walk_forest(forest: dict, x: np.ndarray) -> float:
    """One row through a stored forest, node by node in plain Python."""
    arr = {k: v.split() for k, v in forest.items()}
    total = 0.0
    for root in arr["roots"]:
        node = int(root)
        while int(arr["feature"][node]) >= 0:
            value = float(np.float32(x[int(arr["feature"][node])]))
            node = int(arr["left"][node] if value <= float(arr["threshold"][node]) else arr["right"][node])
        total += float(arr["value"][node])
    return total / len(arr["roots"])


def test_presence_probability_is_the_stored_calibrated_model():
    model = F.frame_model()
    feats = F.text_features(pd.DataFrame({"article_id": [1], "text": ["Critics accused the mayor. Taxes rose."]}))
    assert list(feats.columns) == F.feature_names()
    prob = F.presence_probability(feats)
    for frame in F.FRAMES:
        fm = model["frames"][frame]
        x = feats[fm["features"]].to_numpy()[0]
        if fm["rule"] == "forest":
            z = _walk_forest(fm["forest"], x)
        else:
            z = (x - np.array(fm["mean"])) / np.array(fm["scale"]) @ np.array(fm["coef"]) + fm["intercept"]
        a, c = fm["platt"]
        assert prob.loc[1, frame] == pytest.approx(1 / (1 + np.exp(-(a * z + c))))


def test_stored_forest_reproduces_scikit_learn_in_any_batch():
    from sklearn.ensemble import RandomForestClassifier

    from analysis.framing.presence import forest_score, forest_to_json

    rng = np.random.default_rng(3)
    x = rng.normal(size=(120, 6))
    y = (x[:, 0] + 0.5 * x[:, 1] + rng.normal(scale=0.8, size=120)) > 0
    rf = RandomForestClassifier(n_estimators=15, min_samples_leaf=3, random_state=0).fit(x, y)
    stored = forest_to_json(rf)
    new = rng.normal(size=(40, 6))
    assert np.array_equal(forest_score(stored, new), rf.predict_proba(new)[:, 1])
    one_by_one = np.concatenate([forest_score(stored, new[i : i + 1]) for i in range(len(new))])
    assert np.array_equal(one_by_one, forest_score(stored, new))
    assert forest_score(stored, new[:1])[0] == pytest.approx(_walk_forest(stored, new[0]))


def test_shipped_model_matches_its_lexicons_and_training_data():
    import hashlib

    from analysis import lexicons
    from analysis.framing.semantic import prototype_hash
    from analysis.paths import ROOT

    model = F.frame_model()
    assert model["codebook_sha256"] == lexicons.content_hash(F.CODEBOOK_LEXICON)
    assert model["prototypes_sha256"] == prototype_hash()
    nfc = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"
    if not nfc.is_file():
        pytest.skip("NFC benchmark not available here")
    assert model["training_data_sha256"] == hashlib.sha256(nfc.read_bytes()).hexdigest()


def test_model_refuses_changed_prototypes(monkeypatch):
    from analysis.framing import presence

    F.frame_model.cache_clear()
    monkeypatch.setattr(presence, "prototype_hash", lambda: "0" * 64)
    try:
        with pytest.raises(ValueError, match="example statements"):
            F.frame_model()
    finally:
        F.frame_model.cache_clear()


def test_model_is_checked_against_the_codebook_by_content_hash(monkeypatch):
    from analysis import lexicons

    assert F.frame_model()["codebook_sha256"] == lexicons.content_hash(F.CODEBOOK_LEXICON)
    F.frame_model.cache_clear()
    monkeypatch.setattr(lexicons, "content_hash", lambda name: "0" * 64)
    try:
        with pytest.raises(ValueError, match="different frame codebook"):
            F.frame_model()
    finally:
        F.frame_model.cache_clear()


def test_codebook_comes_from_the_lexicon_files():
    from analysis import lexicons

    cues = lexicons.load("frame_cues")
    book = F.codebook()
    assert list(book) == list(F.FRAMES)
    assert sum(len(c) for items in book.values() for _, _, c in items) == len(cues)
    assert set(F.questions()) == set(lexicons.load("frame_questions")["question"]) == set(cues["question"])
    assert F.CODEBOOK is book  # the old constant name still works


def test_one_frames_constant_in_the_package():
    import analysis.summary as summary

    assert getattr(summary, "FRAMES", F.FRAMES) is F.FRAMES


def test_cues_respect_word_edges_and_possessives():
    text = "The man's plan won't cost-cut; cost matters. Deal's done."
    ev = F.frame_evidence(pd.DataFrame({"article_id": [1], "text": [text]}))
    cues = set(ev.cue)
    assert "man" in cues and "man's" not in cues      # possessive trimmed from the cue
    assert "won" not in cues                          # "won't" is not a win
    assert "cost" in cues and "cost-cut" not in cues  # hyphenated compounds stay whole
    for r in ev.itertuples():
        assert text[r.start:r.end] == r.cue


def test_frame_presence_shape_and_index():
    texts = pd.Series(["They accused each other and clashed over who was to blame.", ""],
                      index=["a", "b"])
    out = F.frame_presence(texts)
    assert list(out.columns) == list(F.FRAMES)
    assert list(out.index) == ["a", "b"]
    assert out.dtypes.eq(bool).all()
    assert not out.loc["b"].any()  # an empty text carries no frame
    with pytest.raises(TypeError):
        F.frame_presence("one string")


def test_frame_profile_per_outlet(seeds):
    sc = F.frame_scores(seeds.articles, group_col="outlet")
    prof = F.frame_profile(sc, group_col="outlet")
    assert len(prof) == seeds.articles.outlet.nunique() * len(F.FRAMES)
    assert prof.share_present.between(0, 1).all()
    # hits in the profile add up to the evidence rows
    ev = F.frame_evidence(seeds.articles)
    assert prof.hits.sum() == len(ev)


def test_seeds_distinctive_terms_reflect_naming_choices(seeds):
    out = F.distinctive_terms(seeds.articles, min_count=1)
    by_group = {g: set(sub.sort_values("z", ascending=False).term.head(40))
                for g, sub in out.groupby("group")}
    trt = next(g for g in by_group if "TRT" in g)
    mt = next(g for g in by_group if "Moscow" in g)
    assert "regime" in by_group[trt]
    assert "regime" not in by_group[mt]


def test_plots_return_figure_and_bounded_data(seeds):
    import matplotlib.pyplot as plt

    from analysis.viz import framing as VF

    terms = F.distinctive_terms(seeds.articles, min_count=2)
    fig, data = VF.plot_fightin_words(terms, label_k=5, csv_k=10)
    assert sum(ax.get_visible() for ax in fig.axes) == seeds.articles.outlet.nunique()
    assert data.groupby("group").size().le(10).all()  # top terms, not the vocabulary
    assert data.groupby("group")["labelled"].sum().le(5).all() and data["labelled"].any()
    plt.close(fig)
    prof = F.frame_profile(F.frame_scores(seeds.articles, group_col="outlet"))
    fig, data = VF.plot_frame_profile(prof)
    assert len(data) == len(prof)
    plt.close(fig)


def test_plots_adapt_to_twelve_outlets():
    import matplotlib.pyplot as plt

    from analysis.viz import framing as VF

    rng = np.random.default_rng(0)
    words = [f"word{i}" for i in range(60)]
    df = pd.DataFrame({"outlet": [f"Outlet ${i}" for i in range(12) for _ in range(3)],
                       "text": [" ".join(rng.choice(words, 40)) + "." for _ in range(36)]})
    fig, data = VF.plot_fightin_words(F.distinctive_terms(df), csv_k=5)
    assert sum(ax.get_visible() for ax in fig.axes) == 12 and data.groupby("group").size().le(5).all()
    plt.close(fig)
    sc = F.frame_scores(df.assign(article_id=range(len(df))), group_col="outlet")
    fig, data = VF.plot_frame_profile(F.frame_profile(sc))
    assert len(data) == 12 * len(F.FRAMES)
    w, h = fig.get_size_inches()
    assert max(w, h) * 150 <= 3000
    plt.close(fig)


def test_frame_examples_pick_sentences_with_most_cues(seeds):
    ev = F.frame_evidence(seeds.articles)
    ex = F.frame_examples(ev, seeds.articles, per_frame=1)
    assert ex.groupby(["outlet", "frame"]).size().eq(1).all()
    for r in ex.itertuples():
        same = ev[(ev.article_id == r.article_id) & (ev.frame == r.frame)]
        assert r.n_cues == same.groupby("sent_id").size().max()


@pytest.mark.slow
def test_notebook_04_on_a_domestic_politics_corpus_has_no_seed_output(tmp_path):
    """Six made-up outlets on state politics: every output is written, bounded, and nothing
    from the seeds' contested-terms list (seeds/terms.csv) appears in the terms or naming CSVs."""
    papermill = pytest.importorskip("papermill")
    from analysis.naming import read_terms
    from analysis.paths import NOTEBOOKS_DIR, ROOT

    corpus = ROOT / "tests" / "fixtures" / "framing" / "statehouse"
    figures = tmp_path / "figures"
    papermill.execute_notebook(
        str(NOTEBOOKS_DIR / "04-compare-framing.ipynb"), str(tmp_path / "out.ipynb"),
        parameters={"corpus_dir": str(corpus), "figures_dir": str(figures), "tables_dir": str(tmp_path / "tables")},
        progress_bar=False,
    )
    for name in ("04-distinctive-terms.csv", "04-frame-profile.csv", "04-frame-evidence.csv", "04-terms.csv",
                 "04-naming-table.csv", "04-name-forms.csv", "04-conflict-agents.csv", "04-frame-prevalence.csv",
                 "04-frame-carriers.csv", "04-frame-tests.csv"):
        assert (figures / name).is_file(), name
    seed_terms = {t.lower().rstrip("*") for t in read_terms(ROOT / "seeds" / "terms.csv")["term"]}
    chosen = pd.read_csv(figures / "04-terms.csv")
    assert not {t.lower() for t in chosen["term"]} & seed_terms
    assert set(chosen["source"]) <= {"distinctive", "spelling", "name form"}
    terms = pd.read_csv(figures / "04-distinctive-terms.csv")
    assert terms.groupby("group").size().max() <= 30  # top terms per outlet, not the vocabulary
    evidence = pd.read_csv(figures / "04-frame-evidence.csv")
    assert evidence.groupby(["outlet", "frame"]).size().max() <= 3
    prevalence = pd.read_csv(figures / "04-frame-prevalence.csv")
    assert prevalence["prevalence"].between(0, 1).all()
    assert (prevalence["prevalence_lo"] <= prevalence["prevalence"] + 1e-9).all()
    carriers = pd.read_csv(figures / "04-frame-carriers.csv")
    assert carriers.groupby(["outlet", "frame"]).size().max() <= 3 and carriers["sentence"].notna().all()


# --- phrase finding ------------------------------------------------------------------------
_PHRASE_TEXTS = [
    "Pro-Russian separatists annexed Crimea; the annexation of Crimea by Russia, pre-annexed.",
    "The U.S. and the u.s. said SANCTIONS, sanctions-free, sanctions' and Sanctions.",
    "Fuelled and fueled: Kiev/Kyiv, KIEV's, kievan.",
    "Long s: \u017fanctions; Kelvin \u212aiev; dotted \u0130ran; dotless \u0131ran.",
    "  \n\nsanctions\n\nsanctions sanctions",
    "",
]
_PHRASE_SETS = [
    ["sanctions"],
    ["annex*", "annexation of Crimea", "Crimea"],
    ["U.S.", "us", "u.s"],
    ["fuell?ed", "Kiev", "Kyiv"],
    ["separatist*", "pro-Russian separatists", "Russian"],
    ["iran", "kiev"],
    ["\u0130ran", "sanctions"],
    ["x?", "sanctions"],
]


@pytest.mark.parametrize("phrases", _PHRASE_SETS)
def test_phrase_finder_finds_what_the_regex_finds(phrases):
    from analysis.framing.cues import PhraseFinder

    finder = PhraseFinder(sorted(phrases, key=len, reverse=True), group_prefix="t")
    for text in _PHRASE_TEXTS:
        expected = [(m.span(), m.lastgroup) for m in finder.pattern.finditer(text)]
        assert [(m.span(), m.lastgroup) for m in finder.finditer(text)] == expected, text
        assert [(m.span(), m.lastgroup) for m in finder.finditer(text, text.lower())] == expected, text


def test_phrase_finder_keeps_case_folding_of_the_regex():
    from analysis.framing.cues import PhraseFinder

    # re ignoring case matches the long s to "s" and the Kelvin sign to "k": so must the finder
    finder = PhraseFinder(["sanctions", "kiev"])
    text = "\u017fanctions in \u212aiev"
    assert [m.group() for m in finder.finditer(text)] == ["\u017fanctions", "\u212aiev"]


def test_shown_terms_keep_what_the_figure_draws_and_the_list_shows():
    from analysis.framing import shown_terms, top_distinctive

    rng = np.random.default_rng(3)
    n = 60
    terms = pd.DataFrame({
        "group": np.repeat(["A", "B", "C"], n),
        "term": [f"t{i:02d}" for i in range(n)] * 3,
        "n_group": rng.integers(1, 6, 3 * n),  # few distinct counts: many ties at the cloud's edge
        "n_rest": rng.integers(0, 4, 3 * n),
        "z": np.round(rng.normal(0, 1.5, 3 * n), 1),
    })
    shown = shown_terms(terms, cloud=5, z_line=1.96, k=4)
    assert 0 < len(shown) < len(terms)
    assert shown.merge(terms).shape == shown.shape, "every row shown is a row of the table, unchanged"
    for table in (terms, shown):
        assert set(table["group"]) == {"A", "B", "C"}
    total = lambda d: d.assign(total=d["n_group"] + d["n_rest"])  # noqa: E731
    for g in "ABC":
        whole, part = total(terms[terms["group"] == g]), total(shown[shown["group"] == g])
        pd.testing.assert_frame_equal(whole.nlargest(5, "total").reset_index(drop=True),
                                      part.nlargest(5, "total").reset_index(drop=True))
        assert set(whole.loc[whole["z"] >= 1.96, "term"]) <= set(part["term"])
    for k in (1, 4):
        pd.testing.assert_frame_equal(top_distinctive(terms, k=k), top_distinctive(shown, k=k))
        pd.testing.assert_frame_equal(top_distinctive(terms, k=k, min_z=float("-inf")),
                                      top_distinctive(shown, k=k, min_z=float("-inf")))
    assert shown_terms(terms.iloc[0:0]).empty


def test_shown_terms_same_rows_from_a_table_in_distinctive_order_as_from_sorting_it(monkeypatch):
    # shown_terms reads the first rows of each group when the table is in distinctive_terms'
    # order (group, z descending, term) instead of sorting it: the same rows as sorting
    from analysis.framing import shown_terms
    from analysis.framing import terms as terms_module
    from analysis.framing.terms import _first_rows

    rng = np.random.default_rng(5)
    n = 40
    terms = pd.DataFrame({
        "group": np.repeat(["A", "B", "C"], n),
        "term": [f"t{i:02d}" for i in rng.permutation(n)] * 3,
        "n_group": rng.integers(1, 6, 3 * n),
        "n_rest": rng.integers(0, 4, 3 * n),
        "z": np.round(rng.normal(0, 1.5, 3 * n), 0),  # rounded: many equal z within a group
    })
    ordered = terms.sort_values(["group", "z", "term"], ascending=[True, False, True], ignore_index=True)
    shuffled = ordered.sample(frac=1, random_state=1, ignore_index=True)
    assert _first_rows(ordered, 4) is not None and _first_rows(shuffled, 4) is None
    swapped = ordered.copy()  # two rows of equal z out of term order: not the distinctive order
    i = int(np.flatnonzero((ordered["z"].to_numpy()[1:] == ordered["z"].to_numpy()[:-1])
                           & (ordered["group"].to_numpy()[1:] == ordered["group"].to_numpy()[:-1]))[0])
    swapped.loc[[i, i + 1], "term"] = swapped.loc[[i + 1, i], "term"].to_numpy()
    assert _first_rows(swapped, 4) is None
    fast = [shown_terms(ordered, cloud=5, k=k) for k in (1, 4, 100)]
    monkeypatch.setattr(terms_module, "_first_rows", lambda frame, k: None)
    for k, found in zip((1, 4, 100), fast, strict=True):
        pd.testing.assert_frame_equal(found, shown_terms(ordered, cloud=5, k=k))


# --- each sentence's words, tokenized once while the derived tables are computed ---------------
@pytest.mark.parametrize("text", [
    "",
    "One sentence only.",
    "Putin met Kerry in Sochi. \u201cWe agreed,\u201d he said.\n\nThe U.S. and Russia's talks went on.",
    "\u0130stanbul and Kyiv: na\u00efve caf\u00e9 owners said no. Then 3.5% more.",
    "Line one\n \nLine two after a blank line with a space.\n\n\n",
])
def test_sentence_words_are_the_tokens_of_each_sentence_cached_or_not(text, monkeypatch):
    from analysis.framing import base

    expected = [tokenize(text[s:e]) for s, e in base._sentences_of(text)]
    assert base._sentence_words(text) == expected  # no cache: tokenized as before
    cache: dict = {}
    with base.known_sentences({}, cache):
        first = base._sentence_words(text)
        monkeypatch.setattr(base, "tokenize", lambda *a, **k: pytest.fail("a sentence was tokenized again"))
        again = base._sentence_words(text)
    monkeypatch.undo()
    assert [list(words) for words in first] == expected
    assert again is first and cache == {text: first}
    assert not base._WORD_CACHES  # kept only while the context is open


def test_sentence_words_follow_the_known_spans():
    from analysis.framing import base

    text = "First part. Second part."
    with base.known_sentences({text: [(0, len(text))]}, {}):  # the corpus kept it as one sentence
        assert base._sentence_words(text) == [tuple(tokenize(text))]


@pytest.mark.parametrize("text", [
    "The war's cost rose. Man's best friend; the man' s dog.",
    "A self-proclaimed cost-cutting plan and the economic   cost of the war.",
    "Maria Lopez, 34, said I am tired; my family and me left.",
    "The ceasefire was broken by rebels who attacked the town's economy in a crisis.",
    "\u0130stanbul's crisis: the KELVIN \u212a and the long \u017f s.",  # lower-casing changes length or letters
    "",
    "   \n\n  ",
    "Costs, costs and more COSTS: the economic consequences of the war-torn region's recovery.",
])
def test_cue_hits_over_one_split_are_the_word_by_word_hits(text):
    """frame_evidence matches the codebook over one split of each text; the hits are those
    matching word token by word token finds, in the same order."""
    from analysis.framing.cues import _cue_hits, _hits_in

    assert _cue_hits(text) == _hits_in(text)


def test_cue_hits_over_the_seed_articles_are_the_word_by_word_hits():
    from analysis.corpus import load_corpus
    from analysis.framing.cues import _cue_hits, _hits_in
    from analysis.paths import SEEDS_DIR

    texts = load_corpus(SEEDS_DIR).articles["text"].fillna("").astype(str).tolist()
    found = [_hits_in(t) for t in texts]
    assert sum(map(len, found)) > 50
    assert [_cue_hits(t) for t in texts] == found
