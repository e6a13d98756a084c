"""No quotation lost: every span between matching marks of three words or more yields a quote row
(analysis.quotes.leftovers and the corpus layer), with the sentence's speaker when one is found."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.quotes.leftovers import leftover_quotes
from analysis.sources import corpus_quotes


@pytest.mark.parametrize(("text", "taken", "expected"), [
    ('He called it a \u201chuman leech who will bleed\u201d and left.', [], ["human leech who will bleed"]),
    ("Ask about ''the penalties are so light'' now.", [], ["the penalties are so light"]),  # NYT style
    ('A "big deal" only.', [], []),  # two words: a scare quote, not counted
    ('"It is a scandal," Smith said.', [(1, 17)], []),  # already an attribution
    ('Unclosed "quote runs on and on', [], []),
    ("", [], []),
])
def test_leftover_quotes(text, taken, expected):
    assert [text[s:e] for s, e in leftover_quotes(text, taken)] == expected


def test_every_quotation_is_a_row_in_the_corpus_table():
    texts = [
        'Sen. Harry Reid spoke on Monday. Reid called Trump a \u201chuman leech who will bleed the country\u201d '
        'in a long speech.',
        'A banner read "hands up, don\'t shoot" all night in the square.',
        '"We will win this," Maria Lopez said. She called the plan "a disaster for every farmer" later.',
    ]
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "X"], "event": "e", "text": texts})
    q = corpus_quotes(articles, language_col=None)
    quotes = set(q["quote"].str.strip(' ,."'))
    assert "human leech who will bleed the country" in quotes
    assert "hands up, don't shoot" in quotes
    assert "a disaster for every farmer" in quotes
    row = q[q["quote"].str.contains("human leech")].iloc[0]
    assert row["canonical"] == "Harry Reid" and row["speaker_kind"] == "person"
    row = q[q["quote"].str.contains("hands up")].iloc[0]
    assert row["speaker_kind"] == "unresolved" and row["speaker"] == ""
    row = q[q["quote"].str.contains("disaster")].iloc[0]
    assert row["canonical"] == "Maria Lopez"
    for r in q.itertuples():
        assert texts[ord(r.article_id) - ord("a")][r.start:r.end] == r.quote


def test_leftover_speaker_from_subject_with_apposition_or_paragraph():
    texts = ['Sen. Harry Reid spoke. Reid, the Democratic leader, called Trump a "human leech who bleeds us" twice.',
             '"We are ready," Maria Lopez said on Monday, and the crowd cheered "we are ready now" with her.']
    articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"], "event": "e", "text": texts})
    q = corpus_quotes(articles, language_col=None)
    who = dict(zip(q["quote"].str.strip(' ,."'), q["canonical"], strict=True))
    assert who["human leech who bleeds us"] == "Harry Reid"
    assert who["we are ready now"] == "Maria Lopez"


@pytest.mark.parametrize(("text", "quote", "speaker"), [
    ('Japan branded North Korea an "outlaw nation in the neighborhood" on Friday.',
     "outlaw nation in the neighborhood", "Japan"),
    ('The Republican nominee also vowed to punish "those who violate the rules" harshly.',
     "those who violate the rules", "Republican nominee"),
    ('Small groups of protesters chanted "hands up, don\'t shoot" all night.', "hands up, don't shoot",
     "Small groups of protesters"),
    ('The program is a "massive fraud on investors" by any measure.', "massive fraud on investors", ""),
    ('A federal report called it "a waste of public money" again.', "a waste of public money", ""),  # no person
    ('2 protesters held a banner with "no justice for the poor" on it.', "no justice for the poor", ""),
])
def test_leftover_speaker_from_the_sentence_subject(text, quote, speaker):
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": "e", "text": [text]})
    q = corpus_quotes(articles, language_col=None)
    row = q[q["quote"] == quote].iloc[0]
    assert row["speaker"] == speaker


@pytest.mark.parametrize(("text", "quote", "speaker"), [
    # the name right before the verb that introduces the quotation, not the sentence's subject
    ("Twenty-nine people were injured tonight by an explosion that Mayor Bill de Blasio described as "
     "\u201can intentional act.\u201d", "an intentional act.", "Bill de Blasio"),
    ('The plan drew fire on Monday, and Sen. Tim Kaine called it "a gift to the wealthy" later.',
     "a gift to the wealthy", "Tim Kaine"),
    # a name after the verb is its object, not the speaker: the subject stays
    ('Donald Trump called Hillary Clinton "a nasty woman" during the debate.', "a nasty woman", "Donald Trump"),
])
def test_leftover_speaker_named_right_before_its_verb(text, quote, speaker):
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": "e", "text": [text]})
    q = corpus_quotes(articles, language_col=None)
    row = q[q["quote"] == quote].iloc[0]
    assert row["speaker"] == speaker



def test_no_name_before_its_verb_across_a_lost_comma():
    """A run of spaces is a lost comma (PerSenT): the name before the verb starts after it."""
    from analysis.sources import _verb_subject

    got = _verb_subject("The rally ended in September   Stilp described it as \u201c", {"Stilp": "Ken Stilp"})
    assert got["speaker"] == "Ken Stilp"


@pytest.mark.parametrize(("text", "quote", "speaker"), [
    # a name after a dash closing the quotation's paragraph (reader comments, epigraphs)
    ("Readers wrote in.\n\n\u201cNo sympathy, no integrity, a real fiasco.\u201d \u2015 Oscar P. Quintero\n",
     "No sympathy, no integrity, a real fiasco.", "Oscar P. Quintero"),
    # a name and a colon opening the quotation's line (a headline) ...
    ("Pat Caddell: Democrat Voters Worried; It\u2019s \u2018in Their Heads for sure.\u2019\n\nCaddell spoke.",
     "in Their Heads for sure.", "Pat Caddell"),
    # ... or making up the line before it
    ("The longtime pollster Pat Caddell spoke on Monday.\n\nCaddell continued:\n\n"
     "\"The health issue overall is very much a partisan issue, but not here.\"\n\nMore text.",
     "The health issue overall is very much a partisan issue, but not here.", "Pat Caddell"),
])
def test_leftover_speaker_after_a_dash_or_before_a_colon(text, quote, speaker):
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": "e", "text": [text]})
    q = corpus_quotes(articles, language_col=None)
    row = q[q["quote"] == quote].iloc[0]
    assert row["speaker"] == speaker


@pytest.mark.parametrize("text", [
    # a place or a lone word before a colon is no speaker
    "WASHINGTON: The talks were about \u201cmany many things at once\u201d on Monday.",
    "Poll: voters say the race is \u201ca very close one now\u201d this week.",
])
def test_no_speaker_from_a_dateline_or_a_common_word_before_a_colon(text):
    from analysis.sources import _colon_subject

    assert _colon_subject(text, text.index("\u201c") + 1, {}) == {}


@pytest.mark.parametrize(("text", "quote", "speaker"), [
    # "He" after a quotation no cue ties: the person quoted just before, whose first name gives
    # no gender ("Rush" is in no list), as the extractor resolves "he said"
    ("Rush Limbaugh spoke on his show on Monday. Limbaugh continued: \u201cThe left is saying that this is so "
     "bad for all of us.\u201d\n\nHe concluded: \u201cThe person who cannot tell the truth is someone else.\u201d",
     "The person who cannot tell the truth is someone else.", "Rush Limbaugh"),
    # ... but a person of the other gender is no antecedent
    ("Maria Lopez spoke on her show on Monday. Lopez continued: \u201cThe left is saying that this is so "
     "bad for all of us.\u201d\n\nHe concluded: \u201cThe person who cannot tell the truth is someone else.\u201d",
     "The person who cannot tell the truth is someone else.", ""),
    # a date's year after its comma belongs to the opening clause, before the subject
    ("Sen. Bernie Sanders spoke in Ohio.\n\nOn July 6, 2015, Sanders made the following comment:\n\n"
     "\u201cFor young people who left high school, the rate is 51 percent.\u201d",
     "For young people who left high school, the rate is 51 percent.", "Bernie Sanders"),
])
def test_leftover_speaker_from_a_pronoun_or_after_a_dated_opening(text, quote, speaker):
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": "e", "text": [text]})
    q = corpus_quotes(articles, language_col=None)
    row = q[q["quote"] == quote].iloc[0]
    assert row["speaker"] == speaker
