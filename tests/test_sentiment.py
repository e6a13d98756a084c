"""Tests for analysis.sentiment: lexicon scoring, tone toward mentions, summaries, evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import sentiment as S

# --------------------------------------------------------------------------------------
# Sentence scoring
# --------------------------------------------------------------------------------------


def test_score_sentences_keeps_order_and_columns():
    texts = ["This is a wonderful, happy day.", "", "The talks were a disaster.", "It rained."]
    out = S.score_sentences(texts)
    assert list(out.columns) == ["neg", "neu", "pos", "compound"]
    assert len(out) == len(texts)
    assert out.loc[0, "compound"] > 0.5
    assert out.loc[1].tolist() == [0.0, 0.0, 0.0, 0.0]
    assert out.loc[2, "compound"] < -0.05
    assert out.loc[3, "compound"] == 0.0


def test_score_sentences_series_keeps_index_and_matches_nltk():
    s = pd.Series(["good", "bad"], index=[10, 20])
    out = S.score_sentences(s)
    assert out.index.tolist() == [10, 20]
    assert out.loc[10, "compound"] == S.vader().polarity_scores("good")["compound"]


_VADER_EDGE_CASES = [
    "", " ", ".", "!!!", ":)", ":-(", ":D", "<3", "a", "I", "OK!", "NO!!!", "good", "GOOD!!!",
    "The deal is GREAT, but the price is terrible!!!", "This is NOT good :(", "not bad at all :)",
    "(good)", '"good"', "'good'", "--good--", "good?!?", "!?!?good", "...good...", "good,bad;ugly:",
    "He said: \u201cthis is awful.\u201d", "It isn't great, it's kind of okay.", "kind of", "KIND OF GOOD",
    "at least it worked", "least good", "Never, ever good!!", "Hardly a success, but not a failure.",
    "The plan was sort of good but mostly bad", "Wow!!!! Amazing??? Really?!?", ":) :) :( ;) :P",
    "e.g. U.S. officials praised it.", "N.A.T.O's chief was happy.", "#bad @good", "good!bad",
    "I don't love it", "WITHOUT DOUBT a win", "He was extremely, incredibly happy.", "no no no",
    "Mr. Smith-Jones's well-known, long-awaited plan failed.", "\u2014 brilliant \u2014", "x!!! y??",
]
_VADER_WORDS = ["good", "bad", "GREAT", "terrible", "not", "never", "but", "very", "kind", "of",
                "least", "at", "isn't", "love", "hate", "the", "plan", "okay", "win", "failed",
                ":)", ":(", ";)", "<3", "lol", "no", "without", "doubt", "extremely", "slightly"]
_VADER_PUNCT = ["", "", "", ".", ",", "!", "?", "!!", "!!!", "??", "?!?", "!?!?", ";", ":", "-",
                "'", '"', "(", ")", "...", ",\"", "?!"]


def _vader_cases(n: int = 400) -> list[str]:
    rng = np.random.default_rng(7)
    out = list(_VADER_EDGE_CASES)
    while len(out) < n:
        words = []
        for _ in range(rng.integers(1, 12)):
            w = _VADER_WORDS[rng.integers(len(_VADER_WORDS))]
            if rng.random() < 0.15:
                w = w.upper()
            before = _VADER_PUNCT[rng.integers(len(_VADER_PUNCT))] if rng.random() < 0.3 else ""
            words.append(before + w + _VADER_PUNCT[rng.integers(len(_VADER_PUNCT))])
        out.append(" ".join(words))
    return out


def test_fast_vader_is_identical_to_nltk():
    """The fast tokenizer behind S.vader() gives NLTK's tokens and exactly NLTK's scores."""
    from nltk.sentiment.vader import SentimentIntensityAnalyzer, SentiText

    fast = S.vader()
    assert hasattr(fast, "senti_text")  # the fast path is in use with this NLTK
    ref = SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")
    consts = ref.constants
    for text in _vader_cases():
        expected = SentiText(text, consts.PUNC_LIST, consts.REGEX_REMOVE_PUNCTUATION)
        assert fast.senti_text(text).words_and_emoticons == expected.words_and_emoticons, text
        assert fast.polarity_scores(text) == ref.polarity_scores(text), text


@pytest.mark.parametrize(
    "text, sign",
    [
        ("The deal is good.", 1),
        ("The deal is not good.", -1),
        ("The deal is never good.", -1),
        ("The deal is extremely good.", 1),
    ],
)
def test_vader_negation_table(text, sign):
    assert np.sign(S.score_sentences([text]).loc[0, "compound"]) == sign


def test_extremely_boosts_intensity():
    out = S.score_sentences(["The deal is good.", "The deal is extremely good."])
    assert out.loc[1, "compound"] > out.loc[0, "compound"]


@pytest.mark.parametrize("bad", ["just one string", ["ok", None], ["ok", 3.0]])
def test_score_sentences_rejects_non_text(bad):
    with pytest.raises(TypeError):
        S.score_sentences(bad)


def test_afinn_columns_and_sign():
    out = S.score_sentences_afinn(["a terrible, awful failure", "a great success", "a table"])
    assert list(out.columns) == ["afinn", "afinn_compound"]
    assert out["afinn"].tolist()[2] == 0
    assert out.loc[0, "afinn_compound"] < 0 < out.loc[1, "afinn_compound"]
    assert out["afinn_compound"].abs().max() < 1


@pytest.mark.parametrize(
    "value, expected",
    [(0.05, "positive"), (0.0499, "neutral"), (-0.05, "negative"), (-0.0499, "neutral")],
)
def test_label_cutoffs(value, expected):
    assert S.label([value])[0] == expected


def test_score_table_does_not_mutate_input():
    df = pd.DataFrame({"text": ["Good news.", "Bad news."], "outlet": ["A", "B"]})
    before = df.copy()
    out = S.score_table(df)
    pd.testing.assert_frame_equal(df, before)
    assert {"compound", "label", "afinn_compound"} <= set(out.columns)


def test_score_table_missing_column_message():
    with pytest.raises(ValueError, match="missing column"):
        S.score_table(pd.DataFrame({"body": ["x"]}))


# --------------------------------------------------------------------------------------
# Tone toward a mention
# --------------------------------------------------------------------------------------
CONTRAST = "Critics praised Smith as brilliant and honest, but they condemned Jones as corrupt."


def _span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


@pytest.mark.parametrize("method", ["window", "model"])
def test_toward_separates_targets_in_one_sentence(method):
    smith = S.toward(CONTRAST, *_span(CONTRAST, "Smith"), method=method)
    jones = S.toward(CONTRAST, *_span(CONTRAST, "Jones"), method=method)
    assert smith > jones
    assert S.label([smith])[0] == "positive"
    assert S.label([jones])[0] == "negative"


def test_toward_sentence_method_is_plain_vader():
    text = "The summit was a success for Smith."
    got = S.toward(text, *_span(text, "Smith"), method="sentence")
    assert got == S.score_sentences([text]).loc[0, "compound"]


def test_toward_neutral_sentence_is_neutral():
    text = "Smith arrived in the city on Tuesday for talks with officials."
    for method in ("window", "model"):
        assert S.label([S.toward(text, *_span(text, "Smith"), method=method)])[0] == "neutral"


@pytest.mark.parametrize("start, end", [(-1, 3), (5, 5), (0, 1000)])
def test_toward_rejects_bad_spans(start, end):
    with pytest.raises(ValueError, match="does not fit"):
        S.toward("Smith spoke.", start, end)


def test_toward_unknown_method():
    with pytest.raises(ValueError, match="unknown method"):
        S.toward("Smith spoke.", 0, 5, method="magic")


def test_window_ignores_words_inside_mention():
    text = "The Happy Valley council met on Monday."
    assert S.window_score(text, *_span(text, "Happy Valley")) == 0.0


def test_fit_toward_model_learns_direction_and_roundtrips():
    texts, starts, ends, labels = [], [], [], []
    for i in range(30):
        name = f"Name{i}"
        for verb, lab in (("hailed", 1), ("denounced", -1), ("visited", 0)):
            t = f"Officials {verb} {name} on Monday."
            texts.append(t)
            s = t.index(name)
            starts.append(s)
            ends.append(s + len(name))
            labels.append(lab)
    model = S.fit_toward_model(texts, starts, ends, labels, c=10.0)
    probe = "Reporters hailed Zed on Monday."
    p = model.proba(probe, *_span(probe, "Zed"))
    assert max(p, key=p.get) == "positive"
    again = S.TowardModel.from_json(model.to_json())
    assert S.toward(probe, *_span(probe, "Zed"), model=again) == pytest.approx(
        S.toward(probe, *_span(probe, "Zed"), model=model), abs=1e-3
    )


def test_fit_toward_model_validates_labels():
    with pytest.raises(ValueError, match="labels"):
        S.fit_toward_model(["a b", "a b"], [0, 0], [1, 1], [2, 0])


@pytest.mark.parametrize(
    "proba, expected",
    [
        ({"negative": 0.2, "neutral": 0.3, "positive": 0.5}, "positive"),
        ({"negative": 0.40, "neutral": 0.35, "positive": 0.25}, "negative"),
        ({"negative": 0.1, "neutral": 0.5, "positive": 0.4}, "neutral"),
        ({"negative": 0.34, "neutral": 0.33, "positive": 0.33}, "negative"),
    ],
)
def test_compound_reproduces_most_probable_class(proba, expected):
    assert S.label([S.TowardModel.compound(proba)])[0] == expected


def test_default_model_loads():
    model = S.default_model()
    assert model.meta["n_features"] > 100
    assert set(model.weights) == set(S.LABELS)


# --------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------
ACTORS = {"United States": ["United States", "U.S.", "US"], "Russia": ["Russia", "Moscow"],
          "Putin": ["Vladimir Putin", "Putin"]}


def test_actor_mentions_aliases_and_offsets():
    sentences = pd.DataFrame(
        {
            "article_id": ["a", "a"],
            "sent_id": [0, 1],
            "outlet": ["X", "X"],
            "start": [0, 60],
            "text": [
                "The U.S. and Russia met; Russian officials told us little.",
                "Vladimir Putin said the US would not be blamed.",
            ],
        }
    )
    article = sentences.loc[0, "text"] + "  " + sentences.loc[1, "text"]
    m = S.actor_mentions(sentences, ACTORS)
    assert m["alias"].tolist() == ["U.S.", "Russia", "Vladimir Putin", "US"]
    assert m["actor"].tolist() == ["United States", "Russia", "Putin", "United States"]
    for _, row in m.iterrows():
        assert row["sentence"][row["mention_start"]:row["mention_end"]] == row["alias"]
        assert article[row["start"]:row["end"]] == row["alias"]
    assert m["tone"].between(-1, 1).all()


def test_actor_list_rejects_alias_for_two_actors():
    with pytest.raises(ValueError, match="both"):
        S.actor_mentions(pd.DataFrame({"text": ["x"]}), {"A": ["Moscow"], "B": ["Moscow"]})


def test_actor_mentions_empty_result_has_columns():
    m = S.actor_mentions(pd.DataFrame({"text": ["Nothing here."]}), ACTORS)
    assert len(m) == 0
    assert {"actor", "tone", "sentence_compound"} <= set(m.columns)


def test_no_default_actor_list():
    with pytest.raises(ValueError, match="no actor list"):
        S.load_actors(None)
    with pytest.raises(ValueError, match="actor list"):
        S.actor_mentions(pd.DataFrame({"text": ["x"]}), None)


def test_seed_actor_file_is_a_corpus_file(tmp_path):
    from analysis.paths import SEEDS_DIR

    actors = S.load_actors(SEEDS_DIR / "actors.csv")
    assert actors and all(aliases and all(a.strip() for a in aliases) for aliases in actors.values())


def test_place_used_as_modifier_is_not_a_mention():
    actors = pd.DataFrame({"actor": ["United States", "Preet Bharara"], "kind": ["place", "person"],
                           "aliases": ["United States|U.S.", "Preet Bharara|Bharara"]})
    sentences = pd.DataFrame({"text": [
        "U.S. attorney Preet Bharara charged the mayor.",
        "The U.S. and Canada signed the deal; the United States said it was fair.",
    ]})
    m = S.actor_mentions(sentences, actors)
    assert m.loc[m["actor"] == "United States", "alias"].tolist() == ["U.S.", "United States"]
    assert (m["actor"] == "Preet Bharara").sum() == 1


def test_alias_inside_a_longer_name_is_skipped():
    actors = {"House": ["House"], "Putin": ["Putin"]}
    sentences = pd.DataFrame({"text": ["The White House said the House would vote; President Putin agreed."]})
    m = S.actor_mentions(sentences, actors)
    assert m["alias"].tolist() == ["House", "Putin"]
    assert m["mention_start"].tolist()[0] == sentences.loc[0, "text"].index("the House") + 4


def test_mentions_carry_class_probabilities():
    m = S.actor_mentions(pd.DataFrame({"text": ["Critics condemned Putin for the brutal attack."]}),
                         {"Putin": ["Putin"]})
    p = m[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1)
    assert m.loc[0, "p_negative"] > m.loc[0, "p_positive"]



_SHARED_SENTENCES = pd.DataFrame({
    "article_id": ["a", "a", "b", "b"], "sent_id": [0, 1, 0, 1], "start": [0, 40, 0, 70],
    "compound": [0.4, float("nan"), -0.6, -0.6],
    "text": ["Putin praised the deal with Kerry.", "Critics condemned Vladimir Putin and Kerry.",
             "The U.S. and Russia met; Moscow was silent.", "The U.S. and Russia met; Moscow was silent."]})


@pytest.mark.parametrize("first, second", [
    (ACTORS, ACTORS),
    (ACTORS, {"Putin": ["Putin"], "Kerry": ["Kerry"]}),  # another cast: the mentions they share are taken
    ({"Kerry": ["Kerry"]}, ACTORS),
    (pd.DataFrame({"actor": ["Russia"], "kind": ["place"], "aliases": ["Russia|Moscow"]}), ACTORS),
])
def test_mention_scores_shared_between_calls_are_the_scores_computed_apart(first, second, monkeypatch):
    from analysis.sentiment import mentions

    expected = [S.actor_mentions(_SHARED_SENTENCES, cast) for cast in (first, second)]
    cache: dict = {}
    with mentions.shared_mention_scores(cache):
        got = [S.actor_mentions(_SHARED_SENTENCES, first)]
        scored = set(cache)
        proba = mentions.TowardModel.proba
        # a mention scored by the first call is not scored again (the same span of the same text)
        monkeypatch.setattr(mentions.TowardModel, "proba", lambda self, text, start, end, **k: (
            pytest.fail("a mention was scored again") if (text, start, end, k["compound"]) in scored
            else proba(self, text, start, end, **k)))
        got.append(S.actor_mentions(_SHARED_SENTENCES, second))
    assert not mentions._SCORE_CACHES  # kept only while the context is open
    assert len(cache) == len({(r.sentence, r.mention_start, r.mention_end, r.sentence_compound)
                              for m in expected for r in m.itertuples()})
    for old, new in zip(expected, got, strict=True):
        pd.testing.assert_frame_equal(new, old)

# --------------------------------------------------------------------------------------
# Quoted speech vs narration
# --------------------------------------------------------------------------------------
def test_mark_speech():
    sentences = pd.DataFrame(
        {"article_id": ["a", "a", "b"], "start": [0, 20, 0], "end": [20, 40, 10]}
    )
    quotes = pd.DataFrame({"article_id": ["a", "a"], "start": [0, 35], "end": [15, 60]})
    out = S.mark_speech(sentences, quotes)
    assert out["speech"].tolist() == ["quoted", "narration", "narration"]
    assert out["quoted_share"].tolist() == pytest.approx([0.75, 0.25, 0.0])
    assert "speech" not in sentences.columns
    assert (S.mark_speech(sentences, None)["speech"] == "narration").all()


def test_mark_speech_checks_quote_columns():
    sentences = pd.DataFrame({"article_id": ["a"], "start": [0], "end": [5]})
    with pytest.raises(ValueError, match="quotes is missing"):
        S.mark_speech(sentences, pd.DataFrame({"article_id": ["a"], "begin": [0]}))


# --------------------------------------------------------------------------------------
# Summaries, bootstrap, permutation test
# --------------------------------------------------------------------------------------
def _scored(seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "outlet": ["A"] * 60 + ["B"] * 60,
            "compound": np.r_[rng.normal(0.3, 0.2, 60), rng.normal(-0.3, 0.2, 60)].clip(-1, 1),
        }
    )


def test_summarize_tone_shares_by_hand():
    df = pd.DataFrame({"outlet": ["A"] * 4, "compound": [0.5, -0.5, 0.0, 0.04]})
    row = S.summarize_tone(df, n_boot=200).iloc[0]
    assert row["n"] == 4
    assert row["pct_positive"] == 25 and row["pct_negative"] == 25
    assert row["polarity"] == 50 and row["net_tone"] == 0
    assert row["mean"] == pytest.approx(0.01)


def test_summarize_tone_cis_bracket_and_are_deterministic():
    df = _scored()
    a = S.summarize_tone(df)
    b = S.summarize_tone(df)
    pd.testing.assert_frame_equal(a, b)
    for stat in ("mean", "pct_positive", "pct_negative", "polarity", "net_tone"):
        assert (a[f"{stat}_lo"] <= a[stat]).all() and (a[stat] <= a[f"{stat}_hi"]).all()
    assert (a["mean_hi"] - a["mean_lo"] > 0).all()


def test_group_figures_do_not_depend_on_other_groups():
    df = _scored()
    both = S.summarize_tone(df).set_index("outlet")
    only_a = S.summarize_tone(df[df["outlet"] == "A"]).set_index("outlet")
    pd.testing.assert_series_equal(both.loc["A"], only_a.loc["A"])


def test_summarize_tone_units_average_mentions_first():
    df = pd.DataFrame(
        {"outlet": ["A"] * 3, "article_id": ["x"] * 3, "sent_id": [0, 0, 1],
         "tone": [1.0, 0.0, -0.5]}
    )
    row = S.summarize_tone(df, value_col="tone", unit_cols=["article_id", "sent_id"]).iloc[0]
    assert row["n"] == 2 and row["mean"] == pytest.approx(0.0)


def test_permutation_test_detects_difference_and_not_noise():
    df = _scored()
    res = S.permutation_test(df, "A", "B", n_perm=2000)
    assert res["diff"] > 0 and res["p_value"] < 0.01
    same = pd.DataFrame({"outlet": ["A", "B"] * 40, "compound": np.tile(np.linspace(-1, 1, 40), 2)})
    assert S.permutation_test(same, "A", "B", n_perm=2000)["p_value"] > 0.5


def test_permutation_test_unknown_outlet():
    with pytest.raises(ValueError, match="unknown outlet"):
        S.permutation_test(_scored(), "A", "Z")


def test_pairwise_permutation_single_group_is_empty():
    df = _scored()
    assert len(S.pairwise_permutation(df[df["outlet"] == "A"], n_perm=100)) == 0
    assert len(S.pairwise_permutation(df, n_perm=100)) == 1


def test_compare_lexicons_stacks():
    df = S.score_table(pd.DataFrame({"outlet": ["A", "A", "B"],
                                     "text": ["Great win.", "Sad loss.", "A chair."]}))
    out = S.compare_lexicons(df, n_boot=100)
    assert sorted(out["lexicon"].unique()) == ["AFINN", "VADER"]
    assert len(out) == 4



@pytest.mark.parametrize("by, given", [("outlet", ["compound"]), ("outlet", ["afinn_compound"]),
                                       (["outlet", "speech"], ["compound", "afinn_compound"]), ("outlet", [])])
def test_compare_lexicons_takes_summaries_computed_already(by, given, monkeypatch):
    df = S.score_table(pd.DataFrame({"outlet": ["A", "A", "B", "B", "B"], "speech": [True, False, False, True, False],
                                     "text": ["Great win.", "Sad loss.", "A chair.", "Awful news!", "Good."]}))
    expected = S.compare_lexicons(df, by=by, n_boot=100, seed=3)
    computed = {col: S.summarize_tone(df, by=by, value_col=col, n_boot=100, seed=3) for col in given}
    kept = {col: frame.copy() for col, frame in computed.items()}
    calls = []
    summarize = S.stats.summarize_tone
    monkeypatch.setattr(S.stats, "summarize_tone", lambda *a, **k: calls.append(k["value_col"]) or summarize(*a, **k))
    out = S.compare_lexicons(df, by=by, n_boot=100, seed=3, computed=computed)
    pd.testing.assert_frame_equal(out, expected)
    assert sorted(calls) == sorted({"compound", "afinn_compound"} - set(given))  # the others are not recomputed
    for col, frame in computed.items():  # the given tables are not changed
        pd.testing.assert_frame_equal(frame, kept[col])

# --------------------------------------------------------------------------------------
# Arc and evidence
# --------------------------------------------------------------------------------------
def test_sentiment_arc_positions_and_smoothing():
    df = pd.DataFrame(
        {"article_id": ["a"] * 5 + ["b"], "sent_id": [4, 3, 2, 1, 0, 0],
         "compound": [1.0, 0.0, 0.0, 0.0, 0.0, 0.7]}
    )
    arc = S.sentiment_arc(df, window=3)
    a = arc[arc["article_id"] == "a"]
    assert a["sent_id"].tolist() == [0, 1, 2, 3, 4]
    assert a["position"].tolist() == [0, 0.25, 0.5, 0.75, 1.0]
    assert a["smoothed"].tolist() == pytest.approx([0, 0, 0, 1 / 3, 0.5])
    assert arc.loc[arc["article_id"] == "b", "position"].item() == 0.5


def test_extreme_sentences_evidence():
    df = pd.DataFrame(
        {"outlet": ["A"] * 4 + ["B"], "text": list("pqrst"),
         "compound": [0.9, -0.8, 0.1, -0.2, 0.3]}
    )
    ev = S.extreme_sentences(df, n=2)
    top = ev[(ev["outlet"] == "A") & (ev["side"] == "most positive")]
    assert top["text"].tolist() == ["p", "r"]
    bottom = ev[(ev["outlet"] == "A") & (ev["side"] == "most negative")]
    assert bottom["text"].tolist() == ["q", "s"]
    assert len(ev[ev["outlet"] == "B"]) == 2


# --------------------------------------------------------------------------------------
# Seed corpus and figures
# --------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def seed_scored(seeds):
    return S.sentence_tone(seeds.sentences, seeds.articles)


def test_sentence_tone_covers_every_english_sentence(seeds, seed_scored):
    english = seeds.articles.loc[seeds.articles["language"] == "en", "article_id"]
    assert len(seed_scored) == seeds.sentences["article_id"].isin(english).sum()
    assert seed_scored["compound"].between(-1, 1).all()
    assert (seed_scored["speech"] == "narration").all()
    summary = S.summarize_tone(seed_scored)
    counts = seed_scored.groupby("outlet").size()
    assert summary.set_index("outlet")["n"].to_dict() == counts.to_dict()


def test_sentence_tone_skips_other_languages(seeds):
    articles = seeds.articles.copy()
    articles.loc[articles.index[0], "language"] = "de"
    out = S.sentence_tone(seeds.sentences, articles)
    assert articles.loc[articles.index[0], "article_id"] not in set(out["article_id"])


def test_seed_quote_seam_marks_quoted_sentences(seeds, seed_scored):
    first = seed_scored.iloc[[0]]
    quotes = first[["article_id", "start", "end"]]
    out = S.sentence_tone(seeds.sentences, seeds.articles, quotes=quotes)
    assert out["speech"].eq("quoted").sum() == 1


def test_seed_actor_file_all_found_with_traceable_offsets(seeds, seed_scored):
    from analysis.actors import choose_actors
    from analysis.paths import SEEDS_DIR

    actors, source = choose_actors(seeds.articles, corpus_dir=SEEDS_DIR)
    assert "actors.csv" in source
    mentions = S.actor_mentions(seed_scored, actors)
    assert set(mentions["actor"]) == set(actors["actor"])
    text = seeds.articles.set_index("article_id")["text"]
    for aid, s, e, alias in zip(mentions["article_id"], mentions["start"], mentions["end"],
                                mentions["alias"], strict=True):
        assert text[aid][s:e] == alias


@pytest.mark.parametrize(
    "text",
    [
        "It is wonderful!",
        "I can't stand it; he is self-deluded and does not work.",
        "No fun at all, said the cashing in crowd.",
        "Winner   wrote\tthat the WINNER won.",
        "",
        "Sanctions against Russia were a \"dead end\", the ministry said.",
    ],
)
def test_fast_afinn_matches_the_afinn_package(text):
    from afinn import Afinn

    from analysis.sentiment import afinn_score

    assert afinn_score(text) == Afinn().score(text)


def test_fast_afinn_matches_on_every_seed_sentence(seeds):
    from afinn import Afinn

    from analysis.sentiment import afinn_score

    reference = Afinn()
    for text in seeds.sentences["text"]:
        assert afinn_score(text) == reference.score(text), text


# --------------------------------------------------------------------------------------
# Findings over all outlets
# --------------------------------------------------------------------------------------
@pytest.mark.parametrize("p, text", [(0.0001, "p < 0.001"), (0.0, "p < 0.001"), (0.0034, "p = 0.003"),
                                     (0.034, "p = 0.03"), (0.34, "p = 0.34"), (float("nan"), "p = n/a")])
def test_format_p_never_prints_zero(p, text):
    assert S.format_p(p) == text


def test_holm_matches_hand_computation():
    assert np.allclose(S.holm([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06])
    assert np.allclose(S.holm([0.5, 0.9]), [1.0, 1.0])
    assert len(S.holm([])) == 0


def _outlets(means, n=60, seed=3, sd=0.3):
    rng = np.random.default_rng(seed)
    rows = [(o, m + rng.normal(0, sd), f"{o}-{i // 10}") for o, m in means.items() for i in range(n)]
    return pd.DataFrame(rows, columns=["outlet", "compound", "article_id"])


def test_findings_name_the_one_strongly_negative_outlet_among_six():
    means = {"Alpha": 0.1, "Bravo": 0.1, "Charlie": 0.1, "Delta": 0.1, "Echo": 0.1, "Foxtrot": -0.4}
    res = S.tone_findings(_outlets(means), n_perm=2000)
    assert res["omnibus"]["p_value"] < 0.001
    assert res["most_negative"] == "Foxtrot"
    assert "Foxtrot is more negative than all 5 other outlets" in res["text"]
    assert res["differ"] == sorted(means)  # every pair with Foxtrot differs
    assert not res["pairwise"].loc[~res["pairwise"][["a", "b"]].isin(["Foxtrot"]).any(axis=1), "differs"].any()
    assert "0.000" not in res["text"] and "no clear" not in res["text"].lower()


def test_findings_say_no_difference_when_there_is_none():
    res = S.tone_findings(_outlets({"A": 0.1, "B": 0.1, "C": 0.1, "D": 0.1}), n_perm=2000)
    assert res["omnibus"]["p_value"] > 0.05
    assert res["text"].startswith("No clear tone difference between the 4 outlets")
    assert res["differ"] == [] and not res["pairwise"]["differs"].any()


def test_findings_do_not_depend_on_the_alphabetically_first_pair():
    # the first pair (Breitbart, NYT) does not differ; NYT vs USA Today does
    res = S.tone_findings(_outlets({"Breitbart": 0.0, "NYT": 0.05, "USA Today": 0.4}, seed=5), n_perm=2000)
    first = res["pairwise"].iloc[0]
    assert (first["a"], first["b"]) == ("Breitbart", "NYT") and not first["differs"]
    assert "USA Today" in res["differ"] and "USA Today is more positive" in res["text"]


def test_findings_one_outlet_and_article_units():
    one = S.tone_findings(_outlets({"Solo": 0.2}), n_perm=100)
    assert "nothing to compare" in one["text"]
    by_article = S.tone_findings(_outlets({"A": 0.0, "B": -0.5}, n=120), unit_col="article_id", n_perm=2000)
    assert by_article["differ"] == ["A", "B"]


@pytest.mark.parametrize("means, unit_col", [({"A": 0.1, "B": 0.1, "C": 0.1, "D": 0.1}, None),
                                              ({"A": 0.0, "B": 0.0, "C": 0.1}, "article_id"),
                                              ({"Alpha": 0.1, "Bravo": 0.1, "Charlie": -0.4}, None),
                                              ({"Alpha": 0.0, "Bravo": -0.5, "Charlie": 0.0}, "article_id")])
def test_findings_without_all_pairs_test_pairs_only_where_the_omnibus_test_rejects(means, unit_col):
    df = _outlets(means, n=40)
    full = S.tone_findings(df, unit_col=unit_col, n_perm=500)
    lean = S.tone_findings(df, unit_col=unit_col, n_perm=500, all_pairs=False)
    rejects = full["omnibus"]["p_value"] < 0.05
    assert len(full["pairwise"]) == len(means) * (len(means) - 1) // 2
    assert len(lean["pairwise"]) == (len(full["pairwise"]) if rejects else 0)
    if rejects:
        pd.testing.assert_frame_equal(lean["pairwise"], full["pairwise"], check_exact=True)
    assert list(lean["pairwise"].columns) == list(full["pairwise"].columns)
    assert {k: v for k, v in lean.items() if k != "pairwise"} == {k: v for k, v in full.items() if k != "pairwise"}


def test_omnibus_permutation_is_deterministic_and_calibrated():
    df = _outlets({"A": 0.0, "B": 0.0, "C": 0.0})
    a = S.omnibus_permutation(df, n_perm=500, seed=1)
    assert a == S.omnibus_permutation(df, n_perm=500, seed=1)
    ps = [S.omnibus_permutation(_outlets({"A": 0, "B": 0, "C": 0}, seed=s), n_perm=200)["p_value"]
          for s in range(40)]
    assert np.mean(np.array(ps) < 0.05) <= 0.15  # about 5% false alarms under the null


# --------------------------------------------------------------------------------------
# Article-level tone toward an actor
# --------------------------------------------------------------------------------------
def _mention_rows(probs, article="a1", actor="X"):
    return pd.DataFrame([{"article_id": article, "actor": actor, "sent_id": i, "p_negative": n,
                          "p_neutral": u, "p_positive": p} for i, (n, u, p) in enumerate(probs)])


def test_neutral_mentions_do_not_dilute_an_evaluation():
    rows = _mention_rows([(0.9, 0.05, 0.05)] + [(0.02, 0.96, 0.02)] * 5)
    f = S.actor_article_features(rows).iloc[0]
    assert f["n_mentions"] == 6
    assert f["polarity"] < -0.5 < f["mean_polarity"]
    assert f["first_polarity"] == pytest.approx(-0.85)


def test_article_features_are_size_free():
    one = S.actor_article_features(_mention_rows([(0.7, 0.2, 0.1), (0.1, 0.8, 0.1)]))
    many = S.actor_article_features(_mention_rows([(0.7, 0.2, 0.1), (0.1, 0.8, 0.1)] * 10))
    cols = [c for c in S.ARTICLE_FEATURES if c != "first_polarity"]
    assert np.allclose(one[cols].to_numpy(), many[cols].to_numpy())


def test_article_actor_tone_on_made_up_articles():
    sentences = pd.DataFrame({
        "article_id": ["bad"] * 3 + ["good"] * 3,
        "outlet": ["A"] * 3 + ["B"] * 3,
        "sent_id": [0, 1, 2] * 2,
        "text": ["Critics condemned Lopez for the disastrous, corrupt deal.",
                 "Lopez was blamed for the chaos and the failure.",
                 "The vote took place on Tuesday.",
                 "Supporters praised Lopez for the excellent, successful deal.",
                 "Lopez won wide admiration and thanks.",
                 "The vote took place on Tuesday."],
    })
    scored = S.score_table(sentences)
    mentions = S.actor_mentions(scored, {"Lopez": ["Lopez"]})
    out = S.article_actor_tone(mentions, sentences=scored).set_index("article_id")
    assert list(out.columns[:2]) == ["actor", "outlet"]
    assert out.loc["bad", "label"] == "negative" and out.loc["good", "label"] == "positive"
    assert out.loc["bad", "tone"] <= -S.CUTOFF < S.CUTOFF <= out.loc["good", "tone"]
    p = out[["p_negative", "p_neutral", "p_positive"]].to_numpy()
    assert np.allclose(p.sum(axis=1), 1)


def test_shipped_article_model_uses_known_features():
    model = S.default_article_model()
    assert set(model.features) <= set(S.ARTICLE_FEATURES) | set(S.STANCE_FEATURES) | {"n_log", "max_negative",
                                                                                       "max_positive"}
    assert set(model.coef) == set(S.LABELS)


def test_made_up_event_with_one_hostile_outlet_is_named():
    from analysis.corpus import load_corpus
    from analysis.paths import TESTS_DIR

    corpus = load_corpus(TESTS_DIR / "fixtures" / "actors" / "statehouse")
    scored = S.sentence_tone(corpus.sentences, corpus.articles)
    per_event = S.tone_findings_by(scored, by="event", n_perm=2000).set_index("event")
    budget = per_event.loc["State budget 2023"]
    assert budget["outlets"] == 5 and budget["most_negative"] == "Metro Courier"
    assert "Metro Courier is more negative than all 4 other outlets" in budget["text"]
    assert "no clear" not in budget["text"].lower() and "0.000" not in budget["text"]
    hearing = per_event.loc["DMV hearing 2023"]  # three outlets printing the same story
    assert hearing["differ"] == "" and hearing["text"].startswith("No clear tone difference")


def test_large_corpora_use_the_permutation_limit_and_agree_with_shuffling():
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"outlet": np.repeat(["A", "B", "C"], 1500),
                       "compound": np.r_[rng.normal(0, 0.4, 3000), rng.normal(0.06, 0.4, 1500)]})
    exact = S.omnibus_permutation(df, n_perm=4000, exact_max=10**9)
    approx = S.omnibus_permutation(df, exact_max=100)
    assert exact["method"] == "permutation" and approx["method"] == "chi-square approximation"
    assert abs(exact["p_value"] - approx["p_value"]) < 0.01 + 0.2 * exact["p_value"]
    pe = S.pairwise_tests(df, n_perm=4000, exact_max=10**9)
    pa = S.pairwise_tests(df, exact_max=100)
    assert (pa["method"] == "normal approximation").all()
    assert np.allclose(pe["p_value"], pa["p_value"], atol=0.01 + 0.2 * pe["p_value"].max())


# --------------------------------------------------------------------------------------
# The fast paths of the tests and summaries give the bits of the plain computations
# --------------------------------------------------------------------------------------
def _reference_perm_means(sums, counts, codes, n_groups, n_perm, rng):
    """Group sums and counts of every relabelling by a running sum (``bincount``)."""
    n = len(codes)
    chunk = max(1, min(n_perm, 2_000_000 // max(n, 1)))
    out, done = [], 0
    while done < n_perm:
        k = min(chunk, n_perm - done)
        labels = rng.permuted(np.broadcast_to(codes, (k, n)), axis=1)
        idx = (labels + n_groups * np.arange(k)[:, None]).ravel()
        s = np.bincount(idx, weights=np.tile(sums, k), minlength=k * n_groups).reshape(k, n_groups)
        c = np.bincount(idx, weights=np.tile(counts, k), minlength=k * n_groups).reshape(k, n_groups)
        out.append(s / c)
        done += k
    return np.vstack(out)


@pytest.mark.parametrize("n, groups, n_perm, whole", [(50, 2, 2000, True), (600, 2, 10000, True),
                                                      (600, 3, 10000, False), (7, 4, 3, False), (900, 2, 1, True)])
def test_permutation_means_are_those_of_a_running_sum(n, groups, n_perm, whole):
    from analysis.sentiment.findings import _perm_group_means

    rng = np.random.default_rng(n)
    sums = rng.normal(size=n) * 10.0 ** rng.integers(-6, 6, size=n)  # rounding shows any change of order
    counts = np.ones(n) if whole else rng.integers(1, 30, size=n).astype(float)
    codes = np.r_[np.arange(groups), rng.integers(0, groups, size=n - groups)]
    got = _perm_group_means(sums, counts, codes, groups, n_perm, np.random.default_rng(1))
    assert np.array_equal(got, _reference_perm_means(sums, counts, codes, groups, n_perm, np.random.default_rng(1)))


def test_variance_of_the_normal_limit_is_numpys_bit_for_bit():
    from analysis.sentiment.findings import _var

    rng = np.random.default_rng(5)
    for n in [1, 2, 7, 8, 9, 16, 17, 129, 1000, *rng.integers(1, 5000, size=40)]:
        values = rng.normal(size=n) * 10.0 ** rng.integers(-8, 8, size=n)  # rounding shows any change of order
        assert _var(values) == values.var()


def _reference_pairwise(scored, *, unit_col=None, n_perm=2000, seed=0, exact_max=1000):
    """:func:`pairwise_tests` one pair at a time, selecting the pair's rows by name."""
    from scipy.stats import norm

    from analysis.sentiment.findings import _perm_group_means, _units
    from analysis.sentiment.stats import _group_seed

    sums, counts, groups = _units(scored, "outlet", "compound", unit_col)
    groups = groups.astype(str)
    names = sorted(set(groups))
    too_coarse = len(names) * (len(names) - 1) / 2 / (n_perm + 1) > 0.05
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            keep = (groups == a) | (groups == b)
            codes = (groups[keep] == b).astype(int)
            s, c = sums[keep], counts[keep]
            n_a, n_b = c[codes == 0].sum(), c[codes == 1].sum()
            mean_a, mean_b = s[codes == 0].sum() / n_a, s[codes == 1].sum() / n_b
            diff = mean_a - mean_b
            if too_coarse or (unit_col is None and len(s) > exact_max):
                if unit_col is None:
                    var = float(s.var()) * len(s) / max(len(s) - 1, 1)
                    se = np.sqrt(var * (1 / n_a + 1 / n_b))
                else:
                    resid = s - s.sum() / c.sum() * c
                    k, k_b = len(s), int(codes.sum())
                    se = np.sqrt((resid ** 2).sum() / (k - 1) * (k - k_b) * k_b / k) * (1 / n_a + 1 / n_b)
                p = float(2 * norm.sf(abs(diff) / se)) if se > 0 else (1.0 if diff == 0 else 0.0)
                method = "normal approximation"
            else:
                perm = _perm_group_means(s, c, codes, 2, n_perm, _group_seed(seed, (a, b)))
                p = (int((np.abs(perm[:, 0] - perm[:, 1]) >= abs(diff) - 1e-12).sum()) + 1) / (n_perm + 1)
                method = "permutation"
            rows.append({"a": a, "b": b, "n_a": int(n_a), "n_b": int(n_b), "mean_a": mean_a, "mean_b": mean_b,
                         "diff": diff, "p_value": p, "method": method})
    out = pd.DataFrame(rows)
    out["p_holm"] = S.holm(out["p_value"].to_numpy())
    return out


@pytest.mark.parametrize("outlets, unit_col, exact_max", [(4, None, 1000), (4, None, 100), (4, "article_id", 1000),
                                                          (30, None, 1000), (30, "article_id", 1000)])
def test_pairwise_tests_are_those_of_one_pair_at_a_time(outlets, unit_col, exact_max):
    means = {f"Outlet {chr(65 + i)}{i}": 0.1 * (i % 3) for i in range(outlets)}
    df = _outlets(means, n=40)
    df = df.sample(frac=1.0, random_state=2).reset_index(drop=True)  # outlets interleaved
    got = S.pairwise_tests(df, unit_col=unit_col, n_perm=2000, exact_max=exact_max)
    want = _reference_pairwise(df, unit_col=unit_col, n_perm=2000, exact_max=exact_max)
    assert set(got["method"]) == ({"normal approximation"} if outlets > 20 or exact_max < 100 else {"permutation"})
    pd.testing.assert_frame_equal(got, want, check_exact=True)


def _reference_summary(scored, by, unit_cols=None, n_boot=300, seed=0):
    """:func:`summarize_tone` with a frame per group and one quantile per bound."""
    keys = [by] if isinstance(by, str) else list(by)
    data = scored.dropna(subset=["compound"])
    if unit_cols:
        data = data.groupby([*keys, *unit_cols], as_index=False, sort=True)["compound"].mean()
    rows = []
    for key, grp in data.groupby(keys, sort=True):
        x = grp["compound"].to_numpy(dtype=float)
        n = len(x)
        row = dict(zip(keys, key, strict=True))
        row.update(n=n, median=float(np.median(x)), sd=float(x.std(ddof=1)) if n > 1 else np.nan,
                   q25=float(np.quantile(x, 0.25)), q75=float(np.quantile(x, 0.75)))

        def stats(v):
            pos, neg = (v >= S.CUTOFF).mean(axis=-1) * 100, (v <= -S.CUTOFF).mean(axis=-1) * 100
            return {"mean": v.mean(axis=-1), "pct_positive": pos, "pct_negative": neg, "polarity": pos + neg,
                    "net_tone": pos - neg}

        from analysis.sentiment.stats import _group_seed

        boot = stats(x[_group_seed(seed, key).integers(0, n, size=(n_boot, n))])
        alpha = (1 - 0.95) / 2
        for name, value in stats(x).items():
            row.update({name: float(value), f"{name}_lo": float(np.quantile(boot[name], alpha)),
                        f"{name}_hi": float(np.quantile(boot[name], 1 - alpha))})
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("by, unit_cols", [("outlet", None), (["outlet", "article_id"], None),
                                           (["outlet", "n"], None), ("outlet", ["article_id"])])
def test_summarize_tone_is_that_of_a_frame_per_group(by, unit_cols):
    df = _outlets({"B": 0.1, "A": -0.2, "C": 0.0}, n=45).sample(frac=1.0, random_state=4).reset_index(drop=True)
    df["compound"] = df["compound"].round(2)  # ties at the cut-offs and in the quantiles
    df["n"] = np.arange(len(df)) % 2
    df.loc[3, "compound"] = np.nan
    got = S.summarize_tone(df, by=by, unit_cols=unit_cols, n_boot=300)
    want = _reference_summary(df, by, unit_cols)
    pd.testing.assert_frame_equal(got, want[got.columns], check_exact=True)


def test_actor_mentions_read_the_sentence_compound_they_are_given():
    from analysis.corpus import load_corpus
    from analysis.paths import TESTS_DIR

    corpus = load_corpus(TESTS_DIR / "fixtures" / "actors" / "statehouse")
    scored = S.sentence_tone(corpus.sentences, corpus.articles)
    cast = {"Metro Courier": ["Metro Courier"], "Lopez": ["Maria Lopez", "Lopez"], "Senate": ["Senate"]}
    read = S.actor_mentions(scored, cast)
    scored_here = S.actor_mentions(scored, cast, compound_col=None)
    assert len(read) > 0
    pd.testing.assert_frame_equal(read, scored_here, check_exact=True)
    wrong = S.actor_mentions(scored.assign(compound=0.0), cast)  # the given column is what is read
    assert (wrong["sentence_compound"] == 0.0).all() and not (read["sentence_compound"] == 0.0).all()


def test_quoted_share_is_the_share_of_characters_inside_any_quote():
    rng = np.random.default_rng(0)
    starts = np.sort(rng.integers(0, 400, size=60))
    sentences = pd.DataFrame({"article_id": rng.choice(["a", "b", "c"], size=60), "start": starts,
                              "end": starts + rng.integers(0, 50, size=60)})
    qs = rng.integers(0, 420, size=25)  # overlapping, nested and empty spans, some past every sentence
    quotes = pd.DataFrame({"article_id": rng.choice(["a", "b"], size=25), "start": qs,
                           "end": qs + rng.integers(0, 60, size=25)})
    got = S.mark_speech(sentences, quotes, min_share=0.3)
    for row, share in zip(sentences.itertuples(), got["quoted_share"], strict=True):
        inside = np.zeros(max(row.end - row.start, 0), dtype=bool)
        for q in quotes[quotes["article_id"] == row.article_id].itertuples():
            inside[max(q.start - row.start, 0):max(q.end - row.start, 0)] = True
        assert share == (inside.mean() if len(inside) else 0.0)
    assert 0 < (got["speech"] == "quoted").sum() < len(got)
