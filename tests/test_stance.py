"""Stance features of article-level actor tone: voice, verbs, salience, tone around the actor."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import sentiment as S
from analysis.sentiment.stance import STANCE_FEATURES, actor_stance_features, mention_roles


def _span(sentence: str, name: str = "Lopez") -> tuple[str, int, int]:
    i = sentence.index(name)
    return sentence, i, i + len(name)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Lopez said the plan would pass.", {"speaker": 1, "evaluative": 0, "quoted": 0}),
        ("The plan will pass, said Lopez.", {"speaker": 1, "evaluative": 0}),
        ("Lopez claimed the plan would pass.", {"speaker": 1, "evaluative": 1}),
        ("Lopez admitted that the deal failed.", {"speaker": 1, "evaluative": 1}),
        ('"We will never trust Lopez again," the union said.', {"quoted": 1, "speaker": 0}),
        ('The union said "it is over" and Lopez left.', {"quoted": 0}),
        ("Lopez accused the governor of lying.", {"conflict_doer": 1, "conflict_target": 0}),
        ("Critics blamed Lopez for the chaos.", {"conflict_doer": 0, "conflict_target": 1}),
        ("Lopez supports the new budget.", {"support": 1, "conflict_doer": 0}),
        ("Lopez visited the school on Tuesday.", {"speaker": 0, "conflict_doer": 0, "conflict_target": 0,
                                                  "support": 0, "quoted": 0}),
    ],
)
def test_mention_roles(sentence, expected):
    roles = mention_roles(*_span(sentence))
    for key, value in expected.items():
        assert roles[key] == value, key


def _tables():
    sentences = pd.DataFrame({
        "article_id": ["a"] * 4 + ["b"] * 4,
        "sent_id": [0, 1, 2, 3] * 2,
        "text": ["Lopez praised the excellent plan.", "Rain fell.", "Prices rose.", "Lopez claimed victory.",
                 "Rain fell.", "Prices rose.", "Wages fell.", "Critics blamed Lopez for the disastrous deal."],
    })
    scored = S.score_table(sentences)
    mentions = S.actor_mentions(scored, {"Lopez": ["Lopez"]})
    return scored, mentions


def test_stance_features_per_article_and_actor():
    scored, mentions = _tables()
    titles = pd.Series({"a": "Lopez wins praise", "b": "Budget deal collapses"})
    f = actor_stance_features(mentions, scored, titles=titles).set_index("article_id")
    assert list(f.columns) == ["actor", *STANCE_FEATURES]
    assert f.loc["a", "in_headline"] == 1 and f.loc["b", "in_headline"] == 0
    assert f.loc["a", "headline_tone"] > 0 and f.loc["b", "headline_tone"] == 0
    assert f.loc["a", "in_lead"] == 1 and f.loc["b", "in_lead"] == 0
    assert f.loc["a", "sentence_share"] == pytest.approx(0.5) and f.loc["b", "sentence_share"] == pytest.approx(0.25)
    assert f.loc["b", "first_position"] == pytest.approx(0.75)
    assert f.loc["a", "speaker_share"] == pytest.approx(0.5) and f.loc["a", "evaluative_share"] == pytest.approx(0.5)
    assert f.loc["b", "conflict_target_share"] == 1
    assert f.loc["a", "near_tone"] > 0 > f.loc["b", "near_tone"]


def test_article_actor_tone_keeps_its_columns_and_adds_stance():
    scored, mentions = _tables()
    out = S.article_actor_tone(mentions, sentences=scored)
    for col in ("article_id", "actor", "n_mentions", "polarity", "p_negative", "p_neutral", "p_positive", "label",
                "tone", *S.STANCE_COLUMNS):
        assert col in out.columns
    assert out.set_index("article_id").loc["b", "label"] == "negative"


def test_shipped_article_model_is_the_persent_stance_model():
    import hashlib

    from analysis.paths import ROOT

    model = S.default_article_model()
    assert set(model.features) <= set(S.ARTICLE_FEATURES) | set(STANCE_FEATURES)
    assert set(STANCE_FEATURES) & set(model.features)
    data = ROOT.parent / "shared" / "benchmarks" / "persent" / "dev.csv"
    if not data.is_file():
        pytest.skip("PerSenT benchmark not available here")
    assert model.meta["training_data_sha256"] == hashlib.sha256(data.read_bytes()).hexdigest()


def test_shipped_article_model_does_not_read_salience():
    # PerSenT and NewsMTSC measure salience differently (NewsMTSC keeps only the labelled sentences
    # of an article and no title), and a model leaning on "a mention in the lead" called actors with
    # negative mention tone positive (the seeds' Russia in The Moscow Times); being in the headline
    # or the lead, or the share of sentences, must not move the label.
    model = S.default_article_model()
    base = {f: 0.0 for f in (*S.ARTICLE_FEATURES, *STANCE_FEATURES)}
    base.update(polarity=-0.3, mean_polarity=-0.3, mean_negative=0.45, mean_positive=0.15, polar_share=0.6,
                first_polarity=-0.3, doc_tone=-0.05, near_tone=-0.1)
    quiet = pd.DataFrame([base])
    salient = pd.DataFrame([{**base, "in_headline": 1.0, "in_lead": 1.0, "sentence_share": 0.1,
                             "first_position": 0.0}])
    pd.testing.assert_frame_equal(model.proba(quiet), model.proba(salient))
    assert model.proba(quiet).to_numpy().argmax() != 2  # not positive
