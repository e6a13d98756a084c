"""Tests for analysis.identity: name parsing, gender hints, one canonical name per person."""

from __future__ import annotations

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
    ],
)
def test_canonical_names_table(forms, counts, expected):
    canon = canonical_names(forms, counts)
    assert {f: canon[f] for f in expected} == expected
