"""Tests for analysis.identity: name parsing, gender hints, one canonical name per person."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.identity import canonical_names, fold_name, gender_of, parse_name, person_id, slug


@pytest.mark.parametrize(
    ("surface", "title", "first", "middle", "last", "suffix"),
    [
        ("Barack Obama", "", "Barack", "", "Obama", ""),
        ("President Obama", "President", "", "", "Obama", ""),
        ("Mr. Trump", "Mr.", "", "", "Trump", ""),
        ("Donald J. Trump", "", "Donald", "J.", "Trump", ""),
        ("Hillary Rodham Clinton", "", "Hillary", "Rodham", "Clinton", ""),
        ("Sen. Marco Rubio", "Sen.", "Marco", "", "Rubio", ""),
        ("Martin Luther King Jr.", "", "Martin", "Luther", "King", "Jr."),
        ("Ursula von der Leyen", "", "Ursula", "", "von der Leyen", ""),
        ("Speaker Pelosi", "Speaker", "", "", "Pelosi", ""),
        ("Prime Minister Theresa May", "Prime Minister", "Theresa", "", "May", ""),
        ("Obama's", "", "", "", "Obama", ""),
        ("", "", "", "", "", ""),
    ],
)
def test_parse_name(surface, title, first, middle, last, suffix):
    p = parse_name(surface)
    assert (p.title, p.first, p.middle, p.last, p.suffix) == (title, first, middle, last, suffix)


@pytest.mark.parametrize(
    ("surface", "gender"),
    [
        ("Mrs. Clinton", "female"), ("Ms. Batchelder", "female"), ("Mr. Comey", "male"),
        ("Hillary Clinton", "female"), ("Bill Clinton", "male"), ("Michelle Obama", "female"),
        ("Congresswoman Waters", "female"), ("Sir Keir Starmer", "male"),
        ("Obama", None), ("President Obama", None), ("Jordan Smith", None),
        ("Phyllis Schlafly", "female"), ("James B. Comey", "male"),
    ],
)
def test_gender_of(surface, gender):
    assert gender_of(surface) == gender


def test_canonical_names_merges_forms_of_one_person():
    forms = ["Obama", "Barack Obama", "President Obama", "Mr. Obama", "President Barack Obama",
             "Trump", "Donald Trump", "Donald J. Trump", "Donald J Trump", "Mr. Trump",
             "Hillary Clinton", "Hillary Rodham Clinton"]
    canon = canonical_names(forms)
    assert {canon[f] for f in forms[:5]} == {"Barack Obama"}
    assert {canon[f] for f in forms[5:10]} == {"Donald Trump"}
    assert {canon[f] for f in forms[10:]} == {"Hillary Clinton"}


def test_canonical_names_keeps_people_who_share_a_surname_apart():
    forms = ["Bill Clinton", "Hillary Clinton", "Mrs. Clinton", "Mr. Clinton", "Clinton",
             "Barack Obama", "Michelle Obama", "Mrs. Obama", "Obama"]
    counts = {"Hillary Clinton": 10, "Bill Clinton": 3, "Barack Obama": 8, "Michelle Obama": 2}
    canon = canonical_names(forms, counts)
    assert canon["Bill Clinton"] != canon["Hillary Clinton"]
    assert canon["Mrs. Clinton"] == "Hillary Clinton"
    assert canon["Mr. Clinton"] == "Bill Clinton"
    assert canon["Clinton"] == "Hillary Clinton"  # the more frequent compatible full name
    assert canon["Mrs. Obama"] == "Michelle Obama"
    assert canon["Obama"] == "Barack Obama"
    assert canon["Michelle Obama"] != canon["Barack Obama"]


def test_canonical_names_surname_alone_stays_alone():
    canon = canonical_names(["Mr. Lavrov", "Peskov"])
    assert canon == {"Mr. Lavrov": "Lavrov", "Peskov": "Peskov"}


def test_canonical_names_transliteration_and_display_by_count():
    canon = canonical_names(["Sergey Lavrov", "Sergei Lavrov", "Lavrov"],
                            {"Sergei Lavrov": 5, "Sergey Lavrov": 1})
    assert set(canon.values()) == {"Sergei Lavrov"}


def test_canonical_names_is_order_independent():
    forms = ["Trump", "Donald Trump", "Melania Trump", "Mrs. Trump", "Ivanka Trump"]
    counts = {"Donald Trump": 9, "Melania Trump": 2, "Ivanka Trump": 3}
    a = canonical_names(forms, counts)
    b = canonical_names(list(reversed(forms)), counts)
    assert a == b
    assert a["Trump"] == "Donald Trump"
    assert a["Mrs. Trump"] in {"Melania Trump", "Ivanka Trump"}


def test_person_id_is_a_stable_slug():
    assert person_id("Barack Obama") == "barack-obama"
    assert person_id("José Ángel") == "jose-angel"
    assert slug("") == "unknown"
    assert fold_name("Yury") == fold_name("Yuri")


@pytest.mark.parametrize(
    ("forms", "counts", "expected"),
    [
        # a double surname the corpus writes on its own is one surname (Sarah Huckabee Sanders)
        (["Sarah Huckabee Sanders", "Huckabee Sanders", "Ms. Huckabee Sanders", "Sarah Sanders", "Bernie Sanders"],
         {"Bernie Sanders": 9},
         {"Sarah Huckabee Sanders": "Sarah Huckabee Sanders", "Huckabee Sanders": "Sarah Huckabee Sanders",
          "Ms. Huckabee Sanders": "Sarah Huckabee Sanders", "Sarah Sanders": "Sarah Huckabee Sanders",
          "Bernie Sanders": "Bernie Sanders"}),
        # a surname that opens on a particle, written alone, is that surname ("De Blasio")
        (["Bill de Blasio", "De Blasio", "Mayor de Blasio", "Blasio"], None,
         {"Bill de Blasio": "Bill de Blasio", "De Blasio": "Bill de Blasio", "Mayor de Blasio": "Bill de Blasio"}),
        # a surname particle stays in the surname
        (["Osama bin Laden", "Laden"], None,
         {"Osama bin Laden": "Osama bin Laden"}),
        # a headline word before a full name is no first name of a double surname
        (["Disavow Donald Trump", "Donald Trump", "Trump"], {"Donald Trump": 5},
         {"Donald Trump": "Donald Trump", "Trump": "Donald Trump"}),
        # a middle name the corpus never writes before the surname alone stays out of the display
        (["Hillary Rodham Clinton", "Hillary Clinton", "Clinton"], None,
         {"Hillary Rodham Clinton": "Hillary Clinton", "Hillary Clinton": "Hillary Clinton",
          "Clinton": "Hillary Clinton"}),
        # two people with one surname and different first names are two people
        (["Jerry Brown", "Kate Brown", "Gov. Kate Brown", "Gov. Jerry Brown"], None,
         {"Jerry Brown": "Jerry Brown", "Gov. Jerry Brown": "Jerry Brown", "Kate Brown": "Kate Brown",
          "Gov. Kate Brown": "Kate Brown"}),
        # a regnal title makes a single name, never another person's surname
        (["Pope Gregory", "Alan Gregory", "Queen Matilda", "Rosa Matilda"], None,
         {"Pope Gregory": "Pope Gregory", "Alan Gregory": "Alan Gregory", "Queen Matilda": "Queen Matilda"}),
        # a given name written alone far more often than the one full name ending with it is not
        # that person's surname ...
        (["Gregory", "Mr. Gregory", "Alan Gregory"], {"Gregory": 20, "Mr. Gregory": 5, "Alan Gregory": 2},
         {"Gregory": "Gregory", "Mr. Gregory": "Gregory", "Alan Gregory": "Alan Gregory"}),
        # ... but it is when the full name is at least as frequent, or a title shows it is a surname
        (["Gregory", "Alan Gregory", "Sen. Gregory"], {"Gregory": 3, "Alan Gregory": 3, "Sen. Gregory": 9},
         {"Gregory": "Alan Gregory", "Sen. Gregory": "Alan Gregory"}),
        # a surname that is no given name joins as before, however often it stands alone
        (["Vandermolen", "Alan Vandermolen"], {"Vandermolen": 20, "Alan Vandermolen": 1},
         {"Vandermolen": "Alan Vandermolen"}),
    ],
)
def test_canonical_names_table(forms, counts, expected):
    canon = canonical_names(forms, counts)
    assert {f: canon[f] for f in expected} == expected


def test_regnal_name_is_one_id_in_its_articles_and_apart_from_a_namesake():
    """Pope Gregory (titled in one article, bare in another that writes the title elsewhere)
    is one person, never Alan Gregory, whom a third article names in full."""
    from analysis.sources import corpus_quotes

    texts = [
        'Pope Gregory visited the island. "We must protect the poor of this land," Pope Gregory said.',
        'Pope Gregory flew home on Monday.\n\n"The poor are the treasure of the church," Gregory said.',
        '"The mechanism that I trust most is a democracy," Alan Gregory told voters in the town.',
        '"We will keep walking with the migrants of the world," Gregory said.',
        '"Nobody is a stranger in this house of ours," Gregory told the crowd.',
    ]
    articles = pd.DataFrame({"article_id": list("abcde"), "outlet": "X", "event": "e", "text": texts})
    q = corpus_quotes(articles, language_col=None).set_index("article_id")
    assert q.loc["a", "canonical"] == q.loc["b", "canonical"] == "Pope Gregory"
    assert q.loc["c", "canonical"] == "Alan Gregory"
    # no title, no full name in its article, and written alone more often than "Alan Gregory":
    # on its own
    assert q.loc["d", "canonical"] == q.loc["e", "canonical"] == "Gregory"


@pytest.mark.parametrize(("text", "speaker"), [
    # a given name alone is the one full name of the article that opens on it
    ('Nora Vell had gone to a doctor.\n\n"It was a long year for all of us, really," Nora told me.', "Nora Vell"),
    # two full names open on it: ambiguous, it stays alone
    ('Nora Vell and Nora Quist met.\n\n"It was a long year for all of us, really," Nora told me.', "Nora"),
    # no full name in the article: it stays alone
    ('Nine years ago Nora was struggling.\n\n"It was a long year for all of us, really," Nora said.', "Nora"),
])
def test_given_name_alone_is_the_full_name_of_its_article(text, speaker):
    from analysis.quotes import extract_quotes

    assert list(extract_quotes(text)["speaker"]) == [speaker]
