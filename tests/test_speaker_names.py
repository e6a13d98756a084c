"""A speaker name is a name: table-driven cases for analysis.speaker_names.clean_speaker, and
the corpus-wide effect through resolve_speakers (one id per person, silent entities)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.sources import corpus_quotes
from analysis.speaker_names import SILENT, clean_speaker

CASES = [
    # phrase, name, title, descriptor, entity
    ("Obama last year", "Obama", "", "last year", "person"),
    ("Plus Obama", "Obama", "", "Plus", "person"),
    ("Trump himself", "Trump", "", "himself", "person"),
    ("Trump cast his presidency as a return", "Trump", "", "cast his presidency as a return", "person"),
    ("Mr. Trump drew considerable criticism", "Trump", "Mr.", "drew considerable criticism", "person"),
    ("Speaker-to-be Pelosi", "Pelosi", "Speaker-to-be", "", "person"),
    ("ex-President Trump", "Trump", "ex-President", "", "person"),
    ("Democrat Hillary Clinton", "Hillary Clinton", "Democrat", "", "person"),
    ("In a Bloomberg interview Trump", "Trump", "", "In a Bloomberg interview", "person"),
    ("Sen. Marco Rubio", "Marco Rubio", "Sen.", "", "person"),
    ("House Speaker Paul Ryan", "Paul Ryan", "House Speaker", "", "person"),  # a title inside the run
    ("Ohio Democratic Party Chairman David Pepper", "David Pepper", "Ohio Democratic Party Chairman", "", "person"),
    ("Martin Luther King", "Martin Luther King", "", "", "person"),
    ("Mr. King", "King", "Mr.", "", "person"),
    ("Ursula von der Leyen", "Ursula von der Leyen", "", "", "person"),
    ("Alexandria Ocasio-Cortez", "Alexandria Ocasio-Cortez", "", "", "person"),
    ("Beto O'Rourke", "Beto O'Rourke", "", "", "person"),
    ("Donald J. Trump", "Donald J. Trump", "", "", "person"),
    ("Theresa May", "Theresa May", "", "", "person"),
    ("Hillary Clinton's", "Hillary Clinton", "", "", "person"),
    ("Trump Tower", "Trump Tower", "", "", "building"),
    ("Hurricane Maria", "Hurricane Maria", "", "", "event"),
    ("Green New Deal", "Green New Deal", "", "", "work"),
    ("Affordable Care Act", "Affordable Care Act", "", "", "work"),
    ("White House", "White House", "", "", "organisation"),
    ("Obama White House", "Obama White House", "", "", "organisation"),
    ("the White House", "White House", "", "", "organisation"),
    ("the Kremlin", "Kremlin", "", "", "organisation"),  # the article is dropped, the gazetteer types it
    ("Justice Department", "Justice Department", "", "", "organisation"),
    ("North Korea", "North Korea", "", "", "place"),
    ("Jordan", "Jordan", "", "", "person"),  # a surname that is also a country
    ("Senate Republicans", "Senate Republicans", "", "", "group"),
    ("DNC", "DNC", "", "", "organisation"),
    ("Today", "", "", "Today", ""),
    ("Calls Clinton", "Clinton", "", "Calls", "person"),  # headline case
    ("Rival Hillary Clinton", "Hillary Clinton", "", "Rival", "person"),
    ("One Republican", "Republican", "", "One", "group"),
    ("Will Hurd", "Will Hurd", "", "", "person"),  # a first name that is also a function word
    ("The Rev. Al Sharpton", "Al Sharpton", "Rev.", "", "person"),
    # a headline verb inside a run ends the name: the subject is the speaker
    ("Trump Accuses California Of Causing Wildfires By", "Trump", "", "Accuses California Of Causing Wildfires By",
     "person"),
    ("Kellyanne Conway Says", "Kellyanne Conway", "", "Says", "person"),
    # a headline verb before a full name is no part of it
    ("Warn Scott Pruitt", "Scott Pruitt", "", "Warn", "person"),
    ("Urge Nancy Pelosi", "Nancy Pelosi", "", "Urge", "person"),
    # past-tense forms are left alone (Edward Said is a name; headlines speak in the present)
    ("Edward Said", "Edward Said", "", "", "person"),
    ("Sarah Huckabee Sanders", "Sarah Huckabee Sanders", "", "", "person"),
    # a person "of" or "from" a place is the person, not the place
    ("Sen. Tim Kaine of Virginia", "Tim Kaine", "Sen.", "of Virginia", "person"),
    ("Del. Stacey Plaskett of the Virgin Islands", "Stacey Plaskett", "Del.", "of the Virgin Islands", "person"),
    ("Mayor Bill de Blasio of New York", "Bill de Blasio", "Mayor", "of New York", "person"),
    ("Rep. John Mica from Florida", "John Mica", "Rep.", "from Florida", "person"),
    # an office "of" something is a title ("Secretary of State", "Director of National Intelligence")
    ("Secretary of State John Kerry", "John Kerry", "Secretary of State", "", "person"),
    ("Director of National Intelligence James Clapper", "James Clapper", "Director of National Intelligence", "",
     "person"),
    ("Benicio Del Toro", "Benicio Del Toro", "", "", "person"),
    # a gap of several spaces is a lost comma (PerSenT captures): the name is on one side of it
    ("In Chile   Francis", "Francis", "", "In Chile", "person"),
    ("Lima's Plaza de Armas   Francis", "Francis", "", "Lima's Plaza de Armas", "person"),
    ("Andy Whitcombe   the Ferris County GOP chairman", "Andy Whitcombe", "", "the Ferris County GOP chairman",
     "person"),
    ("Ms. Huckabee Sanders", "Huckabee Sanders", "Ms.", "", "person"),
    # an occupation or role before a name is a title (occupation_words.csv), hyphenated roles too
    ("Photographer Lena Marsh", "Lena Marsh", "Photographer", "", "person"),
    ("Publicist Tom Arlow", "Tom Arlow", "Publicist", "", "person"),
    ("Comedian Arlow", "Arlow", "Comedian", "", "person"),
    ("Undersheriff Dale Voss", "Dale Voss", "Undersheriff", "", "person"),
    ("Co-founder Mira Tallis", "Mira Tallis", "Co-founder", "", "person"),
    ("Vice-chair Mira Tallis", "Mira Tallis", "Vice-chair", "", "person"),
    ("Former Co-Chair Sam Orwin", "Sam Orwin", "Former Co-Chair", "", "person"),
    ("Editor-in-chief Jo Perrin", "Jo Perrin", "Editor-in-chief", "", "person"),
    ("Chief Executive Tim Arlow", "Tim Arlow", "Chief Executive", "", "person"),
    ("Co-founder", "", "Co-founder", "", ""),  # a role alone names no one
    # ... but an occupation-like surname or hyphenated surname stays in the name
    ("Peter Singer", "Peter Singer", "", "", "person"),
    ("Ed Pastor", "Ed Pastor", "", "", "person"),
    ("Dean Arlow", "Dean Arlow", "", "", "person"),  # a known first name is never a role
    ("Mira Cooke-Moore", "Mira Cooke-Moore", "", "", "person"),
    # an organisation's possessive before a full name: the organisation is a descriptor
    ("Island Trust's Sally Verano", "Sally Verano", "", "Island Trust's", "person"),
    ("Zentrix\u2019s Tim Arlow", "Tim Arlow", "", "Zentrix\u2019s", "person"),
    ("Arlow's EPA", "Arlow's EPA", "", "", "person"),  # no full name after the possessive: left alone
    # a headline verb in the third person before a name, an interjection or an indefinite
    # pronoun is no part of the name (round 8)
    ("Asks Arlow", "Arlow", "", "Asks", "person"),
    ("Notes Mira Tallis", "Mira Tallis", "", "Notes", "person"),
    ("Yeah Dale Voss", "Dale Voss", "", "Yeah", "person"),
    ("Oh Voss", "Voss", "", "Oh", "person"),
    ("Everything Arlow", "Arlow", "", "Everything", "person"),
    ("Someone Tallis", "Tallis", "", "Someone", "person"),
    ("United States", "United States", "", "", "place"),  # a third-person verb inside a name is left alone
    # a title after an organisation or a modifier before one names no person
    ("ZRA Chief", "", "ZRA Chief", "", ""),
    ("NATO Spokesman", "", "NATO Spokesman", "", ""),
    ("Interim ZRA", "ZRA", "Interim", "", "organisation"),
    ("Ohio GOP", "Ohio GOP", "", "", "person"),  # a modifier after a place is no office: left as it was
    ("Mark Judge", "Mark Judge", "", "", "person"),  # a surname that is a title stays a name
    # a headline fragment (many capitalised words with a capitalised small word) is no name
    ("Odd Tale About Tim Arlow Tripping", "", "", "Odd Tale About Tim Arlow Tripping", ""),
    ("Tale Of The Lost Arlow Papers", "", "", "Tale Of The Lost Arlow Papers", ""),
    ("Ursula von der Leyen", "Ursula von der Leyen", "", "", "person"),  # particles are not small words
    ("Benicio Del Toro", "Benicio Del Toro", "", "", "person"),
    # a run that ends on a pronoun or determiner ran into the next sentence: no name
    ("Odd Donors It's", "", "", "Odd Donors It's", ""),
    ("Concerning His", "", "", "Concerning His", ""),
    ("", "", "", "", ""),
]


@pytest.mark.parametrize(("phrase", "name", "title", "descriptor", "entity"), CASES)
def test_clean_speaker(phrase, name, title, descriptor, entity):
    got = clean_speaker(phrase)
    assert (got.name, got.title, got.descriptor, got.entity) == (name, title, descriptor, entity)


def test_silent_entities_do_not_speak():
    assert not clean_speaker("Trump Tower").speaks and not clean_speaker("Hurricane Maria").speaks
    assert clean_speaker("White House").speaks and clean_speaker("Obama").speaks
    assert {"building", "event", "work"} == set(SILENT)


def test_one_id_per_person_whatever_words_surround_the_name():
    """Unseen-corpus style: two outlets, two events, a person named with descriptors and titles."""
    texts = [
        'Barack Obama said the plan was sound. "We will pass it," Plus Obama said.',
        '"It is time to act," President Obama told reporters.',
        'Former President Barack Obama said the bill was fair. Obama last year said it would pass.',
        '"We build," Donald Trump said. "I like it," Trump himself said on Monday.',
        '"Come in," Trump Tower said in a sign.',
    ]
    articles = pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))],
                             "outlet": ["X", "Y", "X", "Y", "X"], "event": ["e1", "e1", "e2", "e2", "e2"],
                             "text": texts})
    q = corpus_quotes(articles, language_col=None)
    persons = q[q["speaker_kind"] == "person"]
    obama = persons[persons["canonical"].str.contains("Obama")]
    trump = persons[persons["canonical"].str.contains("Trump")]
    assert obama["speaker_id"].nunique() == 1 and obama["canonical"].iloc[0] == "Barack Obama"
    assert trump["speaker_id"].nunique() == 1 and trump["canonical"].iloc[0] == "Donald Trump"
    assert "Trump Tower" not in set(q["canonical"])
    assert {"speaker_title", "speaker_descriptor", "speaker_entity"} <= set(q.columns)
    from analysis.sources import speaker_table

    table = speaker_table(q).set_index("canonical")
    assert "President" in table.loc["Barack Obama", "titles"]


ORDINARY_TEXTS = [
    "Fossil fuel firms and fossil fuel lobbyists met top officials at the top of the hill.",
    "Press secretary Sarah Huckabee Sanders spoke.",
    "He asked again and asked once more. Talk-radio host Rush Limbaugh said so; Rush Limbaugh agreed.",
    "His mother told the city council; the magazine Mother Jones reported it outside City Hall.",
    "Activists Stormed Trump Tower; they stormed out. They told the AP. Trump said nothing.",
    "The island trust met in the house; Kofi Ali Mensah came.",
]


@pytest.mark.parametrize(("speaker", "name", "kind", "descriptor"), [
    ("Fossil Biden", "Biden", "person", "Fossil"),  # "fossil" is an ordinary word of the corpus
    ("Top Trump", "Trump", "person", "Top"),
    ("DMZ Kim", "Kim", "person", "DMZ"),  # an abbreviation is no first name
    ("AP. Trump", "Trump", "person", "AP."),
    ("Fossil Fuel Biden", "Biden", "person", "Fossil Fuel"),  # every word before the surname is ordinary
    ("Whitman. Trump", "Trump", "person", "Whitman."),  # the end of the sentence before
    ("Warns Trump", "Trump", "person", "Warns"),  # a reporting verb in a headline
    ("Sarah Huckabee Sanders", "Sarah Huckabee Sanders", "person", ""),
    ("Asked", "", "unresolved", "Asked"),  # a past-tense word alone is no name
    ("Rush Limbaugh", "Rush Limbaugh", "person", ""),  # written "host Rush Limbaugh" more than "rush"
    ("Will Hurd", "Will Hurd", "person", ""),  # a known first name is never cut
    ("Rakeyia Scott", "Rakeyia Scott", "person", ""),  # an unknown first name the corpus never writes in lower case
    ("Reed", "Reed", "person", ""),
    ("Fossil Fuels", "Fossil Fuels", "person", ""),  # no one in the corpus is called "... Fuels"
    ("De Blasio", "De Blasio", "person", ""),  # a surname particle is never cut
    ("Mother Jones", "Mother Jones", "person", ""),  # written as a name in running text ("magazine Mother Jones")
    ("City Hall", "City Hall", "person", ""),  # "outside City Hall", though "city" is an ordinary word
    ("Stormed Trump", "Trump", "person", "Stormed"),  # after a capitalised word: headline case, cut
    # ordinary words before a full name that opens on a known first name, whoever the person is
    ("Island Trust Sally Verano", "Sally Verano", "person", "Island Trust"),
    ("House Alan Verano", "Alan Verano", "person", "House"),
    ("Kofi Ali Mensah", "Kofi Ali Mensah", "person", ""),  # "Kofi" is never written in lower case
    ("Island Trust Ali Verano Mensah Osei", "Island Trust Ali Verano Mensah Osei", "person", ""),  # too long
])
def test_ordinary_word_before_a_name_is_cut(speaker, name, kind, descriptor):
    """The rest must be the surname of someone the corpus names in full (here Donald Trump,
    Joe Biden, Andy Kim, Bobby Scott, Jerry Jones, Heather Hall)."""
    from analysis.sources import _ordinary_leads

    speakers = pd.Series([speaker, "Donald Trump", "Joe Biden", "Andy Kim", "Bobby Scott", "Bernie Sanders",
                          "Jerry Jones", "Heather Hall"])
    kinds = pd.Series(["person"] * len(speakers))
    extra = pd.DataFrame({"speaker_title": "", "speaker_descriptor": "", "speaker_entity": "person"},
                         index=speakers.index)
    got, got_kind, got_extra = _ordinary_leads(speakers, kinds, extra, ORDINARY_TEXTS)
    assert list(got[1:]) == list(speakers[1:])
    assert (got[0], got_kind[0], got_extra["speaker_descriptor"][0]) == (name, kind, descriptor)


@pytest.mark.parametrize(("speaker", "name", "descriptor"), [
    # the rest is a one-word source the corpus quotes on its own: the ordinary word is cut (round 8)
    ("Debate Zentrix", "Zentrix", "Debate"),
    ("Fossil Orlo", "Orlo", "Fossil"),
    # ... never a name the corpus writes whole in running text, nor a rest quoted nowhere alone
    ("Rush Limbaugh", "Rush Limbaugh", ""),
    ("Debate Quorra", "Debate Quorra", ""),
    ("Debate His", "Debate His", ""),  # a pronoun or weekday quoted alone is no source to cut to
    ("Debate Monday", "Debate Monday", ""),
])
def test_ordinary_word_before_a_source_quoted_alone_is_cut(speaker, name, descriptor):
    from analysis.sources import _ordinary_leads

    texts = [*ORDINARY_TEXTS, "The debate went on; a debate about the fossil plan. Zentrix reported it.",
             "a rush, a rush and a rush of votes"]  # "rush" is ordinary; "host Rush Limbaugh" a name
    speakers = pd.Series([speaker, "Zentrix", "Limbaugh", "Orlo", "His", "Monday"])
    kinds = pd.Series(["person", "person", "person", "body", "person", "person"])
    extra = pd.DataFrame({"speaker_title": "", "speaker_descriptor": "", "speaker_entity": "person"},
                         index=speakers.index)
    got, _, got_extra = _ordinary_leads(speakers, kinds, extra, texts)
    assert list(got[1:]) == list(speakers[1:])
    assert (got[0], got_extra["speaker_descriptor"][0]) == (name, descriptor)


def test_group_phrase_holding_a_name_is_that_person():
    """A phrase the extractor read as a group because of words after the name is the person
    (a capture whose commas were lost, as in PerSenT)."""
    texts = ['Andy Whitcombe   the Ferris County GOP chairman  said the raffle would "go ahead as planned '
             'this year" in the county.',
             'Ferris County GOP Chairman Andy Whitcombe   seen here at a parade  said the party would '
             '"raise a lot of money" for the fund.']
    articles = pd.DataFrame({"article_id": ["a0", "a1"], "outlet": ["X", "Y"], "event": "e", "text": texts})
    q = corpus_quotes(articles, language_col=None)
    who = q[q["canonical"].str.contains("Whitcombe")]
    assert len(who) == 2
    assert set(who["canonical"]) == {"Andy Whitcombe"} and set(who["speaker_kind"]) == {"person"}


@pytest.mark.parametrize(("text", "speaker"), [
    # PerSenT captures lost their commas to runs of spaces: no name runs across such a gap
    ('In Chile   Francis accused the victims of "slander against the church" on Monday.', "Francis"),
    ("The crowd filled the Plaza de Armas   Francis spoke at noon. \u201cThere is no need to pretend,\u201d "
     "Francis said.", "Francis"),
])
def test_no_name_across_a_lost_comma(text, speaker):
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": "e", "text": [text]})
    q = corpus_quotes(articles, language_col=None)
    assert list(q["speaker"]) == [speaker]


def test_no_person_inside_an_institution_name():
    """"the Clinton White House" holds no person called "Clinton White" for "he" to resolve to."""
    text = ('He recalled his time in the Clinton White House fondly. "It was the best job I ever had in my '
            'life," he recalled.')
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": "e", "text": [text]})
    q = corpus_quotes(articles, language_col=None)
    assert "Clinton White" not in set(q["speaker"])


@pytest.mark.parametrize(("text", "speaker"), [
    # a lost comma before the subject: an opening clause is no speaker ("At that point   X added")
    ('At that point   Dalmer Quist  added that "the die had been cast" for the plan.', "Dalmer Quist"),
    ('In his statement to reporters   Orvin Tagg  said it was "poetic irony" after all.', "Orvin Tagg"),
    # a lost comma before an apposition: the name before it speaks, also across two spaces
    # before an article, and the gap before the verb closes the apposition
    ('Velka  a 36-year-old who refused to give his family name  said he came "for the children" today.',
     "Velka"),
    ('Zembla Party Chairman Corwin Dask   seen here at a parade in Tarnow  said the raffle "was planned '
     'long before" the vote.', "Corwin Dask"),
    ('Hamo Brisket  a former member of the Tarnow party  said "the plot is a conspiracy" at once.',
     "Hamo Brisket"),
    ('Pella Nordy   the top Zembla Democrat   said the move "would hurt consumers" badly.', "Pella Nordy"),
])
def test_subject_across_a_lost_comma(text, speaker):
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": "e", "text": [text]})
    q = corpus_quotes(articles, language_col=None)
    assert list(q["speaker"]) == [speaker]


@pytest.mark.parametrize(("text", "want"), [
    ("At that point   Quist", "At that point,  Quist"),
    ("Velka  a 36-year-old", "Velka, a 36-year-old"),
    ("Velka  a 36-year-old who left  ", "Velka, a 36-year-old who left, "),
    ("Weinstein  attorney Lia Bloom  ", "Weinstein  attorney Lia Bloom  "),
    ("Only after that   she  ", "Only after that,  she  "),  # a pronoun subject, no apposition
    ("Weinstein  attorney Lia Bloom", "Weinstein  attorney Lia Bloom"),  # entity padding: no comma
    ("called  the Zembla president", "called  the Zembla president"),  # after a lower-case word
])
def test_restore_lost_commas_keeps_length(text, want):
    from analysis.quotes.cues import restore_lost_commas

    got = restore_lost_commas(text)
    assert got == want and len(got) == len(text)


@pytest.mark.parametrize(("text", "canonical", "title"), [
    # the extractor lost the possessive ("Island Trust Sally Verano"): the mention shows the cut
    ('"We cleared the island of every rat we found," Island Trust\'s Sally Verano said.', "Sally Verano", ""),
    ('"We cleared the island of every rat we found," said Photographer Lena Marsh.', "Lena Marsh", "Photographer"),
    ('Co-founder Mira Tallis said the firm "has never once missed a payroll in ten years."', "Mira Tallis",
     "Co-founder"),
])
def test_roles_and_organisations_before_a_name_leave_the_name(text, canonical, title):
    q = corpus_quotes(pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "event": ["e"], "text": [text]}),
                      language_col=None)
    persons = q[q["speaker_kind"] == "person"]
    assert list(persons["canonical"]) == [canonical]
    assert list(persons["speaker_title"]) == [title]
