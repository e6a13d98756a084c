"""Tests for analysis.sources: lexicon, name folding, corpus-level tables."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.sources import (
    DEFAULT_LEXICON,
    affiliation_of,
    classify_source,
    corpus_quotes,
    cue_stance,
    fold_name,
    quoted_sources,
    share_of_voice,
    verb_profile,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Yury Ushakov", "Yuri Ushakov"), ("Sergey Lavrov", "Sergei Lavrov"),
     ("Aleksei Navalny", "Alexei Navalny"), ("Dmitriy Peskov", "Dmitry Peskov"),
     ("Zakharova", "Zaharova"), ("José", "Jose")],
)
def test_fold_name_merges_transliteration_variants(a, b):
    assert fold_name(a) == fold_name(b)


def test_fold_name_keeps_different_names_apart():
    assert fold_name("Ivan Petrov") != fold_name("Oleg Petrov")


@pytest.mark.parametrize(
    ("descriptor", "stype", "side"),
    [
        ("Kremlin spokesman Dmitry Peskov", "official", "Russia"),
        ("Alexei Malashenko; of the Carnegie Moscow Center", "expert", "Russia"),
        ("spokesperson for the U.S. Embassy in Moscow", "official", "United States"),
        ("the RIA Novosti state news agency", "media", ""),
        ("the Russian Tass news agency", "media", "Russia"),
        ("sources close to the negotiations", "anonymous", ""),
        ("Russian political analysts", "expert", "Russia"),
        ("UN and London-based Syrian Observatory for Human Rights", "organization",
         "United Nations"),
        ("NATO Secretary General Jens Stoltenberg", "official", "NATO"),
        ("Washington", "official", "United States"),
        ("Jane Doe", "other", ""),
    ],
)
def test_classify_source(descriptor, stype, side):
    assert classify_source(descriptor) == (stype, side)


def test_location_is_not_a_side():
    assert affiliation_of("a nurse in Warsaw") == ""
    assert affiliation_of("a London-based charity") == ""


def test_lexicon_is_extendable_and_validated():
    lex = DEFAULT_LEXICON.extend(types={"expert": ["pollster"]},
                                 affiliations={"Ruritania": ["Ruritanian", "Strelsau"]})
    assert classify_source("Ruritanian pollster Anna Meier", lexicon=lex) == ("expert", "Ruritania")
    assert classify_source("Ruritanian pollster Anna Meier") == ("other", "")
    with pytest.raises(ValueError, match="Unknown source type"):
        DEFAULT_LEXICON.extend(types={"celebrity": ["actor"]})


def test_cue_stance():
    assert cue_stance("said") == "neutral"
    assert cue_stance("told") == "neutral"
    for cue in ("claimed", "insisted", "admitted", "accused", "denied", "stressed"):
        assert cue_stance(cue) == "evaluative", cue


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "a3", "a4"],
            "outlet": ["Daily A", "Daily B", "Daily B", "Gazette C"],
            "event": ["summit", "summit", "summit", "summit"],
            "language": ["en", "en", "de", "en"],
            "text": [
                "Kremlin adviser Yury Ushakov said the talks had failed.\n\n"
                '"We are open," Ushakov added. Analysts claimed the summit was staged.',
                'The Kremlin adviser Yuri Ushakov stated that the meeting was useful. '
                '"Nothing changes," Ushakov insisted.',
                "Der Berater sagte, das Treffen sei nützlich gewesen.",
                "The weather in the city was mild all week.",
            ],
        }
    )


def test_corpus_quotes_unifies_speakers_across_outlets(articles):
    before = articles.copy()
    q = corpus_quotes(articles)
    pd.testing.assert_frame_equal(articles, before)  # input not mutated
    ush = q[q.canonical.str.contains("Ushakov")]
    assert ush.speaker_id.nunique() == 1
    assert set(ush.outlet) == {"Daily A", "Daily B"}
    assert q.attrs["skipped"] == ["a3"]
    assert "a4" not in set(q.article_id)
    for row in q.itertuples():
        text = articles.set_index("article_id").loc[row.article_id, "text"]
        assert text[row.start : row.end] == row.quote
        assert row.sentence and row.sentence in text
        assert row.sent_id >= 0


def test_corpus_quotes_uses_given_sentence_ids(articles):
    sents = pd.DataFrame({"article_id": ["a1", "a1"], "sent_id": [10, 11],
                          "start": [0, 57], "end": [56, 87],
                          "text": [articles.text[0][0:56], articles.text[0][57:87]]})
    q = corpus_quotes(articles.iloc[:1], sentences=sents)
    assert list(q.sent_id[:2]) == [10, 11]


def test_corpus_quotes_validates_input(articles):
    with pytest.raises(ValueError, match="lacks column"):
        corpus_quotes(articles.drop(columns="outlet"))
    with pytest.raises(ValueError, match="more than once"):
        corpus_quotes(pd.concat([articles, articles.iloc[:1]]))


def test_corpus_quotes_with_no_quotes_at_all(articles):
    q = corpus_quotes(articles.iloc[3:])
    assert q.empty
    assert share_of_voice(q).empty
    assert quoted_sources(q).empty


def test_share_of_voice_sums_to_one_per_outlet(articles):
    q = corpus_quotes(articles)
    for by in ("affiliation", "source_type"):
        for weight in ("words", "attributions"):
            sov = share_of_voice(q, by=by, weight=weight)
            sums = sov.groupby("outlet")["share"].sum()
            assert ((sums - 1).abs() < 1e-9).all()
    with pytest.raises(ValueError):
        share_of_voice(q, weight="characters")


def test_quoted_sources_and_verb_profile(articles):
    q = corpus_quotes(articles)
    who = quoted_sources(q)
    assert (who.attributions == who.direct + who.indirect + who.mixed).all()
    prof = verb_profile(q)
    a = prof[prof.outlet == "Daily A"].set_index("stance")["attributions"]
    assert a["evaluative"] == 1  # "claimed"
    by_lemma = verb_profile(q, by="lemma")
    assert {"say", "add", "claim"} <= set(by_lemma[by_lemma.outlet == "Daily A"].lemma)
