"""Tests for analysis.actors: discovering each corpus's own cast, and choosing the cast to score."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import actors as A
from analysis import lexicons
from analysis.paths import TESTS_DIR

STATEHOUSE = TESTS_DIR / "fixtures" / "actors" / "statehouse"


@pytest.fixture(scope="module")
def statehouse():
    from analysis.corpus import load_corpus

    return load_corpus(STATEHOUSE)


def _arts(texts, outlets=None, event="E"):
    outlets = outlets or [f"O{i}" for i in range(len(texts))]
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "outlet": outlets,
                         "event": event, "text": texts})


def test_columns_and_sorting(statehouse):
    found = A.discover_actors(statehouse.articles)
    assert list(found.columns[:6]) == ["event", "actor", "kind", "aliases", "mentions", "outlets"]
    assert set(found["kind"]) <= set(A.KINDS)
    for _, grp in found.groupby("event"):
        assert grp["mentions"].is_monotonic_decreasing


def test_domestic_politics_has_no_country_actor(statehouse):
    found = A.discover_actors(statehouse.articles)
    budget = found[found["event"] == "State budget 2023"].set_index("actor")
    # "U.S. attorney Kevin Marsh" names a person, not the United States
    assert "United States" not in budget.index
    assert {"Maria Lopez", "Tom Baker", "Dana Whitfield", "Kevin Marsh"} <= set(budget.index)
    assert (budget.loc[["Maria Lopez", "Tom Baker", "Dana Whitfield", "Kevin Marsh"], "kind"] == "person").all()
    assert budget.loc["State Assembly", "kind"] == "organisation"
    assert budget.loc["Republicans", "kind"] == "group"
    # surname-only forms join the full name, titles are stripped
    assert set(budget.loc["Tom Baker", "aliases"].split("|")) == {"Baker", "Tom Baker"}
    assert budget.loc["Maria Lopez", "outlets"] == 5


def test_titles_places_and_bodies_before_names_are_stripped():
    texts = ["U.S. Secretary of State John Kerry met Russian President Vladimir Putin in Sochi. "
             "Senate Majority Leader Tom Baker said Kerry and Putin talked for hours."]
    found = A.discover_actors(_arts(texts), top=None).set_index("actor")
    assert {"John Kerry", "Vladimir Putin", "Tom Baker", "Sochi"} <= set(found.index)
    assert found.loc["Sochi", "kind"] == "place"
    assert "United States" not in found.index and "Russia" not in found.index


def test_gazetteer_merges_aliases_and_modifiers_do_not_count():
    texts = ["The U.N. met. The United Nations said the UN would help.",
             "Russia sanctions were discussed. Later Russia said it would respond."]
    found = A.discover_actors(_arts(texts), top=None).set_index("actor")
    assert found.loc["United Nations", "mentions"] == 3
    assert found.loc["United Nations", "outlets"] == 1
    assert found.loc["Russia", "mentions"] == 1  # "Russia sanctions" is a modifier


def test_same_person_rule_is_the_identity_module():
    texts = ["Hillary Clinton spoke. Bill Clinton listened. Hillary Clinton left.", "Yuri Ushakov and Yury Ushakov."]
    found = A.discover_actors(_arts(texts), top=None).set_index("actor")
    assert {"Hillary Clinton", "Bill Clinton"} <= set(found.index)  # same surname, two people
    assert found.loc["Hillary Clinton", "mentions"] == 2
    assert set(found.loc["Yuri Ushakov", "aliases"].split("|")) == {"Yuri Ushakov", "Yury Ushakov"}


def test_sentence_start_words_and_headline_case_are_not_actors():
    texts = ["Officials said the plan failed. The officials met. Afterward, Maria Lopez spoke. Lopez left."]
    found = A.discover_actors(_arts(texts), top=None)
    assert "Officials" not in set(found["actor"]) and "Afterward" not in set(found["actor"])
    assert found.iloc[0]["actor"] == "Maria Lopez"


def test_one_outlet_actor_is_listed_and_top_limits_per_group():
    texts = ["Maria Lopez spoke.", "Tom Baker spoke. Tom Baker left."]
    found = A.discover_actors(_arts(texts, outlets=["X", "Y"]), top=None)
    assert set(found["actor"]) == {"Maria Lopez", "Tom Baker"}
    assert A.discover_actors(_arts(texts), top=1)["actor"].tolist() == ["Tom Baker"]


def test_corpus_actors_merges_events(statehouse):
    wide = A.corpus_actors(statehouse.articles).set_index("actor")
    assert "event" not in wide.columns
    assert wide.loc["Tom Baker", "mentions"] == 19 and wide.loc["Tom Baker", "outlets"] == 5


def test_mention_offsets_point_to_the_alias(statehouse, seeds):
    for corpus in (statehouse, seeds):
        m = A.mentions_table(corpus.articles)
        text = corpus.articles.set_index("article_id")["text"]
        assert len(m)
        rows = zip(m["article_id"], m["start"], m["end"], m["alias"], strict=True)
        assert all(text[a][s:e] == alias for a, s, e, alias in rows)


def test_choose_actors_order(tmp_path, statehouse):
    found, source = A.choose_actors(statehouse.articles, corpus_dir=STATEHOUSE)
    assert "discovered" in source and "Maria Lopez" in set(found["actor"])
    (tmp_path / "actors.csv").write_text("actor,alias\nGovernor,Lopez\nGovernor,Maria Lopez\n")
    from_folder, source = A.choose_actors(statehouse.articles, corpus_dir=tmp_path)
    assert "actors.csv" in source and from_folder["aliases"].tolist() == ["Lopez|Maria Lopez"]
    user = tmp_path / "mine.csv"
    user.write_text("actor,aliases,kind\nBaker,Tom Baker|Baker,person\n")
    mine, source = A.choose_actors(statehouse.articles, corpus_dir=tmp_path, actors_file=user)
    assert mine["actor"].tolist() == ["Baker"] and "mine.csv" in source
    with pytest.raises(FileNotFoundError):
        A.choose_actors(statehouse.articles, actors_file=tmp_path / "missing.csv")


def test_actor_table_reads_english_articles(statehouse):
    table = A.actor_table(statehouse)
    assert set(table["event"]) == set(statehouse.articles["event"])


def test_gazetteer_schema():
    gaz = lexicons.load("gazetteer")
    assert list(gaz.columns) == ["alias", "actor", "kind", "type"]
    assert set(gaz["kind"]) <= set(A.KINDS)
    plain = gaz[gaz["type"] != "adjective"]
    assert not plain.duplicated("alias").any()
    cues = lexicons.load("actor_cues")
    assert list(cues.columns) == ["word", "cue"]


def test_surname_alone_joins_a_full_name_from_another_event():
    arts = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "event": ["E1", "E2"],
                         "text": ["President Donald Trump met Maria Lopez. Trump left.",
                                  "A court blocks Trump's attempt to change the rules."]})
    found = A.discover_actors(arts, top=None).set_index(["event", "actor"])
    assert found.loc[("E2", "Donald Trump"), "kind"] == "person"
    assert found.loc[("E2", "Donald Trump"), "aliases"] == "Trump"


def test_speaker_name_rule_applies_to_actors_and_salience_breaks_ties():
    """One name rule for quotes and actors: a building is no person; among actors named once,
    the one quoted with a role ranks before a passing mention (unseen-corpus style)."""
    text = ("The wind industry grew again this year across the plains. Reporters gathered outside Trump Tower "
            "on Monday. " + " ".join(f"Visitors came from Place{i} Town by bus." for i in range(20))
            + ' "It brings new revenue," Tom Kernan, CEO of AWEA, said in a statement.')
    arts = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": ["e"], "text": [text]})
    cast = A.discover_actors(arts, by="event", top=None)
    assert "Trump Tower" not in set(cast.loc[cast["kind"] == "person", "actor"])
    top = A.discover_actors(arts, by="event", top=5)
    assert "Tom Kernan" in set(top["actor"])


@pytest.mark.parametrize("before", [
    "talks with ", "said Secretary\u00a0", "U.S. ", "O'Neill's  \n", "the 2nd-largest ", "2015 ", "x.y-z ",
    "ends without space", "", " ", "\u00e9t\u00e9 ", "caf\u00e9 ", "_under_score ", "-- ", "co-chair.\u2003",
])
def test_preceding_word_is_the_plain_patterns_match(before):
    # found from the end for speed: the same word as searching the plain pattern
    import re

    from analysis.actors import _preceding_word

    plain = re.search(r"([A-Za-z][\w'\u2019.-]*)[\s\u00a0]+$", before)
    assert _preceding_word(before) == (plain.group(1) if plain else "")


@pytest.mark.parametrize("keys", ["names", "one missing"])
def test_actors_summarised_event_by_event_from_files_are_those_of_every_event_at_once(tmp_path, keys):
    # the parent of a run with workers reads each event's occurrences from its file and
    # summarises one event at a time: the same table as summarising every event together
    import pickle

    from analysis.actors import actors_from_occurrences, actors_from_spilled, event_occurrences
    from analysis.corpus import english_only, load_corpus
    from analysis.synthetic import write_synthetic

    corpus = load_corpus(write_synthetic(tmp_path / "corpus", 60, seed=3, n_outlets=4, n_events=5))
    articles = english_only(corpus.articles)
    groups = [g for _, g in articles.groupby(articles["event"].astype(str), sort=True)]
    found = [event_occurrences(g, None if keys == "one missing" and i == 0 else g["event"].iloc[0])
             for i, g in enumerate(groups)]
    spilled = []
    for i, (key, by_article, resolved, loose) in enumerate(found):
        path = tmp_path / f"{i}.pkl"
        path.write_bytes(pickle.dumps(by_article))
        spilled.append((key, str(path), resolved, loose))
    whole = actors_from_occurrences(found, by="event")
    assert whole["event"].nunique() > 1
    pd.testing.assert_frame_equal(actors_from_spilled(spilled, by="event"), whole)


@pytest.mark.parametrize(("text", "vocabulary_matters"), [
    ("Later Maria Lopez said the plan would fail. Smith agreed.", True),
    ("Baker met Foster. Baker said it was over.", True),
    ("Senate Majority Leader Tom Baker of the Center for Policy Studies spoke. Today Baker left.", False),
])
def test_a_phrase_worked_out_once_gives_the_names_of_a_fresh_reading_under_another_vocabulary(
        text, vocabulary_matters):
    from analysis import actors

    def reading(vocab):
        return [tuple(vars(o).values()) for o in actors._occurrences("a1", text, vocab)]

    vocabularies = [frozenset(), frozenset({"later", "baker", "today", "smith"}), frozenset({"baker"})]
    fresh = []
    for vocab in vocabularies:
        actors._PHRASE_MEMO.clear()
        fresh.append(reading(vocab))
    actors._PHRASE_MEMO.clear()
    assert [reading(vocab) for vocab in vocabularies] == fresh  # one memo across the readings
    assert (fresh[0] != fresh[1]) is vocabulary_matters
