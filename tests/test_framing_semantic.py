"""Meaning features of the frame model: sentence embeddings against the codebook, per-article
summaries, carrier sentences, and reuse of the corpus's sentence split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import analysis.framing as F
from analysis.framing import semantic as S


@pytest.mark.parametrize(
    ("sim", "counts", "expected"),
    [
        # one article, three sentences: max, top-3 mean, mean per frame (columns of frame 0 shown)
        (np.array([[0.3], [0.1], [-0.2]]), [3], [0.3, (0.3 + 0.1 - 0.2) / 3, (0.3 + 0.1 - 0.2) / 3]),
        # four sentences: top-3 leaves out the smallest
        (np.array([[0.4], [0.0], [0.2], [-1.0]]), [4], [0.4, 0.2, -0.1]),
        # an article without sentences gets zeros, the next one its own values
        (np.array([[0.5]]), [0, 1], [0.0, 0.0, 0.0]),
    ],
)
def test_semantic_features_summarise_each_article(sim, counts, expected):
    sims = np.tile(sim, (1, len(F.FRAMES)))
    out = S.semantic_features(sims, counts)
    assert out.shape == (len(counts), 3 * len(F.FRAMES))
    assert out[0, :3] == pytest.approx(expected)


def test_semantic_features_check_counts():
    with pytest.raises(ValueError, match="counts add up"):
        S.semantic_features(np.zeros((3, len(F.FRAMES))), [1, 1])


def test_word_embeddings_agree_with_the_model_and_handle_empty_text():
    from analysis.embed import embed

    texts = ["Lawmakers clashed over the budget.", "The storm destroyed her family's home.", "", "!!!"]
    ours = S.embed_sentences(texts)
    exact = embed(texts[:2])
    assert (ours[:2] * exact).sum(axis=1) == pytest.approx([1, 1], abs=0.03)
    assert not ours[2:].any()  # no words: zeros, not NaN
    assert S.embed_sentences(texts[:1]) == pytest.approx(ours[:1])  # same whatever the batch


@pytest.mark.parametrize(
    ("sentence", "frame"),
    [
        ("The opposition accused the minister of lying and the two parties traded insults.", "conflict"),
        ("The project will cost taxpayers billions of dollars and could slow economic growth.", "economic"),
        ("Church leaders said it is a moral duty before God to care for the poor.", "morality"),
        ("Maria, 34, wept as she described losing her home and her children's school.", "human_interest"),
    ],
)
def test_a_sentence_is_closest_to_its_frame(sentence, frame):
    sim = S.sentence_similarity(S.embed_sentences([sentence]))[0]
    assert F.FRAMES[int(np.argmax(sim))] == frame


def test_frame_scores_reuse_the_corpus_sentences_and_name_carrier_sentences():
    text = "Rain fell in the morning. Critics accused the mayor of lying. Taxes will cost families more."
    df = pd.DataFrame({"article_id": ["a"], "text": [text]})
    starts = [0, text.index("Critics"), text.index("Taxes")]
    ends = [text.index(" Critics"), text.index(" Taxes"), len(text)]
    sents = pd.DataFrame({"article_id": "a", "sent_id": [0, 1, 2], "start": starts, "end": ends})
    own = F.frame_scores(df)
    reused = F.frame_scores(df, sentences=sents)
    pd.testing.assert_frame_equal(own, reused)
    row = own.iloc[0]
    assert row["conflict_sent_id"] == 1
    assert text[row["conflict_sent_start"]:row["conflict_sent_end"]].startswith("Critics")
    assert row["economic_sent_id"] == 2
    for frame in F.FRAMES:
        assert 0 <= row[f"{frame}_prob"] <= 1


def test_empty_text_has_no_carrier_sentence():
    out = F.frame_scores(pd.DataFrame({"article_id": [1, 2], "text": ["", "Officials blamed the company."]}))
    assert out.loc[0, "conflict_sent_id"] == -1 and np.isnan(out.loc[0, "conflict_similarity"])
    assert out.loc[1, "conflict_sent_id"] == 0


def test_frame_scores_are_the_same_bits_in_any_batch():
    texts = ["Critics accused the mayor of lying. Taxes rose.", "The storm destroyed her home. She wept.",
             "The church called it a sin.", "Rain fell.", "Officials said the plan would cost $2 billion."] * 3
    df = pd.DataFrame({"article_id": range(len(texts)), "text": texts})
    whole = F.frame_scores(df)
    parts = pd.concat([F.frame_scores(df.iloc[i:i + 4]) for i in range(0, len(df), 4)], ignore_index=True)
    pd.testing.assert_frame_equal(whole, parts, check_exact=True)
