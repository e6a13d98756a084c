"""Sides from the text and the office-holder knowledge base (analysis.office_sides): table-driven
cases by date, party labels anywhere in the corpus, institutions, and the user's sides.csv winning."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.office_sides import governing_side, institution_side, known_side, known_term, party_labels
from analysis.quotes import DEFAULT_LEXICON
from analysis.sources import corpus_quotes

D = dt.date


@pytest.mark.parametrize(("name", "date", "side"), [
    ("Barack Obama", D(2016, 9, 1), "US Democrats"),
    ("Obama", D(2016, 9, 1), "US Democrats"),
    ("Donald Trump", D(2018, 1, 1), "US Republicans"),
    ("Nancy Pelosi", D(2020, 1, 1), "US Democrats"),
    ("Theresa May", D(2017, 6, 1), "UK Conservatives"),
    ("Keir Starmer", D(2025, 1, 1), "UK Labour"),
    # two Clintons in the base: the person is ambiguous, their side is not (both Democrats)
    ("Clinton", D(2016, 9, 1), "US Democrats"),
    ("Bush", D(2016, 9, 1), "US Republicans"),
    ("Johnson", D(2016, 9, 1), ""),  # a British prime minister and a US Speaker: no side
    ("Joseph Biden", D(2016, 9, 1), "US Democrats"),  # a short first name is the full one
    ("Bill de Blasio", D(2016, 9, 1), "US Democrats"),
    ("Ted Cruz", D(2016, 9, 1), "US Republicans"),
    ("Lee", D(2016, 9, 1), ""),  # a senator is not named by a bare, common surname
    ("James Comey", D(2016, 9, 1), "United States"),  # the FBI director speaks for no party
    ("Jane Nobody", D(2016, 9, 1), ""),
])
def test_known_side(name, date, side):
    assert known_side(name, date) == side


def test_ambiguous_surname_names_no_term():
    assert known_term("Clinton", D(2016, 9, 1)) is None
    assert known_term("Pelosi", D(2016, 9, 1)).office.endswith("leader")
    assert known_term("Rick Perry", D(2018, 1, 1)).office == "secretary of energy"
    assert known_term("Rick Perry", D(2010, 1, 1)).office == "governor of texas"


@pytest.mark.parametrize(("country", "date", "side"), [
    ("US", D(2016, 9, 12), "US Democrats"),
    ("US", D(2017, 3, 1), "US Republicans"),
    ("US", D(2022, 3, 1), "US Democrats"),
    ("UK", D(2015, 3, 1), "UK Conservatives"),
    ("UK", D(2006, 3, 1), "UK Labour"),
    ("US", None, ""),
    ("FR", D(2020, 1, 1), ""),
])
def test_governing_side_by_date(country, date, side):
    assert governing_side(country, date) == side


@pytest.mark.parametrize(("speaker", "date", "side"), [
    ("White House", D(2016, 9, 12), "US Democrats"),
    ("White House", D(2018, 9, 12), "US Republicans"),
    ("administration officials", D(2019, 5, 1), "US Republicans"),
    ("Obama administration", D(2019, 5, 1), "US Democrats"),
    ("Obama White House", D(2019, 5, 1), "US Democrats"),
    ("Justice Department", D(2019, 5, 1), "United States"),
    ("Downing Street", D(2012, 5, 1), "UK Conservatives"),
    ("Tax Foundation", D(2019, 5, 1), ""),
])
def test_institution_side(speaker, date, side):
    assert institution_side(speaker, date) == side


def test_party_labels_anywhere():
    texts = ["Sen. Marco Rubio (R-Fla.) spoke first.", "Republican Sen. Ted Cruz left.",
             "Warren, a Democrat from Massachusetts, agreed.", "Clinton campaign manager Robby Mook said no."]
    labels = party_labels(texts, DEFAULT_LEXICON.parties)
    assert labels["Marco Rubio"]["US Republicans"] == 1
    assert labels["Ted Cruz"]["US Republicans"] == 1
    assert labels["Warren"]["US Democrats"] == 1
    assert labels["Robby Mook"]["ally:Clinton"] == 1


def test_staff_of_a_camp_or_an_institution_take_its_side():
    texts = ["Kenneth Baer, a former Obama administration official, said so.",
             "Mike Schmidt, an economic policy adviser at the Clinton campaign, agreed.",
             "Marco Rubio, a critic of the Obama administration, objected.",
             "White House spokesman Josh Earnest spoke.", "Jane Roe, a Justice Department spokeswoman, spoke.",
             "Sam Doe, the White House press secretary, spoke.", "Republican Secretary of State Jon Husted left."]
    labels = party_labels(texts, DEFAULT_LEXICON.parties, dates=[D(2016, 9, 1)] * len(texts))
    assert labels["Kenneth Baer"]["ally:Obama"] == 1
    assert labels["Mike Schmidt"]["ally:Clinton"] == 1
    assert "Marco Rubio" not in labels  # a critic of an administration is not its official
    assert labels["Josh Earnest"]["US Democrats"] == 1  # the White House in 2016
    assert labels["Jane Roe"]["United States"] == 1
    assert labels["Sam Doe"]["US Democrats"] == 1
    assert labels["Jon Husted"]["US Republicans"] == 1
    later = party_labels(texts[3:4], DEFAULT_LEXICON.parties, dates=[D(2018, 9, 1)])
    assert later["Josh Earnest"]["US Republicans"] == 1


def test_a_role_without_a_name_takes_the_side_of_the_last_one_named():
    texts = ['The Clinton campaign released a plan on Monday. "This plan puts working families first," '
             'the campaign said in a statement. Sen. Tim Kaine spoke later. "We will win this state," the '
             'senator said. "Our budget is balanced and growing," the Indiana governor said.',
             '"We have nothing more to say about that," the campaign said.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1), D(2016, 9, 1)]), language_col=None)
    side = dict(zip(q["quote"].str[:12], q["affiliation"], strict=True))
    assert side["This plan pu"] == "US Democrats"
    assert side["We will win "] == "US Democrats"
    assert side["Our budget i"] == "US Republicans"  # Mike Pence, governor of Indiana in 2016
    assert side["We have noth"] == ""  # no campaign named before it


def _corpus(texts, dates):
    return pd.DataFrame({"article_id": [f"a{i}" for i in range(len(texts))], "outlet": ["X", "Y"] * (len(texts) // 2)
                         + ["X"] * (len(texts) % 2), "event": "e", "text": texts, "published": dates})


def test_label_in_one_article_reaches_every_quote_of_that_person():
    """Unseen-corpus style: a made-up senator labelled once in one outlet, quoted bare in another."""
    texts = ["Sen. Jonas Whitfield (R-Okla.) voted against the bill on Tuesday after a long debate.",
             '"This bill is a disaster for farmers," Whitfield said.',
             '"We will not fund it," the White House said in a statement on Monday.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1), D(2016, 9, 2), D(2018, 9, 2)]), language_col=None)
    whit = q[q["canonical"].str.contains("Whitfield")]
    assert len(whit) and set(whit["affiliation"]) == {"US Republicans"}
    wh = q[q["canonical"].str.contains("White House")]
    assert len(wh) and set(wh["affiliation"]) == {"US Republicans"}


def test_users_sides_win():
    texts = ['"We will not fund it," Barack Obama said on Monday in Chicago.']
    sides = pd.DataFrame({"name": ["Obama"], "side": ["Government"]})
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)]), language_col=None, sides=sides)
    assert set(q.loc[q["canonical"] == "Barack Obama", "affiliation"]) == {"Government"}
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)]), language_col=None)
    assert set(q.loc[q["canonical"] == "Barack Obama", "affiliation"]) == {"US Democrats"}


@pytest.mark.parametrize(("texts", "date", "who", "side"), [
    # a sitting head of government or minister: the story decides (domestic -> party)
    (['"We will build it," U.S. President Donald Trump said in West Palm Beach on Sunday.'],
     D(2018, 1, 14), "Donald Trump", "US Republicans"),
    (['BEIJING (Reuters) - Trade talks ended on Thursday.\n\n"We had a great meeting," U.S. '
      'President Donald Trump said.'], D(2017, 11, 9), "Donald Trump", "United States"),
    (['"We came to talk," Secretary of State John Kerry said after meeting Russian officials in Sochi.'],
     D(2015, 5, 12), "John Kerry", "United States"),
    (['"We came to talk," Secretary of State John Kerry told reporters in Boston.'],
     D(2015, 5, 12), "John Kerry", "US Democrats"),
    (['"We will cut taxes," Prime Minister Theresa May said in Birmingham.'],
     D(2017, 10, 4), "Theresa May", "UK Conservatives"),
    (['"No deal is better than a bad deal," Theresa May said of the talks with the European Union.'],
     D(2017, 10, 4), "Theresa May", "United Kingdom"),
    (['"We want a deal," President Barack Obama said after meeting Russian President Vladimir Putin.'],
     D(2015, 9, 28), "Barack Obama", "United States"),
    # a party label elsewhere in the corpus does not turn an international story domestic
    (['Republican President Donald Trump spoke in Ohio.',
      '"We will defend our allies," Trump said at the NATO summit in Brussels.'],
     D(2018, 7, 11), "Trump", "United States"),
    # no longer in office at the date, or never in government: the party, wherever the story is
    (['"We came to talk," John Kerry said after meeting Russian officials.'], D(2018, 5, 1), "John Kerry",
     "US Democrats"),
    (['"We came to talk," Sen. Ted Cruz said in Moscow.'], D(2018, 5, 1), "Ted Cruz", "US Republicans"),
    # "Jim Jordan", "New Mexico" and "Georgia" (a US state) name no foreign country
    (['Rep. Jim Jordan and the governor of New Mexico met in Georgia.\n\n"We will win," President '
      'Donald Trump said.'], D(2018, 5, 1), "Donald Trump", "US Republicans"),
])
def test_head_of_government_speaks_for_party_at_home_and_country_abroad(texts, date, who, side):
    q = corpus_quotes(_corpus(texts, [date] * len(texts)), language_col=None)
    got = set(q.loc[q["canonical"] == who, "affiliation"])
    assert got == {side}


@pytest.mark.parametrize(("surname", "title", "holder"), [
    ("Trump", "President", "Donald Trump"),
    ("Clinton", "Secretary", "Hillary Clinton"),
    ("Clinton", "former President", "Bill Clinton"),
    ("May", "Prime Minister", "Theresa May"),
    ("Rubio", "Sen.", "Marco Rubio"),
    ("Trump", "Mr.", ""),
    ("Smith", "President", ""),
])
def test_office_holder(surname, title, holder):
    from analysis.office_sides import office_holder

    assert office_holder(surname, title) == holder


def test_one_id_per_person_with_titles_and_shared_surnames():
    """Multi-event made-up corpus: two people per surname; a title or honorific as written
    decides who is meant, and "May said" (read as a month by the extractor) joins Theresa May."""
    texts = ['"Mrs. Trump" is here. Melania Trump said that the garden would open.',
             '"The tax cut will pass," President Trump said.',
             'Mrs. Trump said that the plan was fine. "It will pass," Mr. Trump said.',
             '"We will win," Bill Clinton said.', '"It is time," Secretary Clinton said.',
             '"A good deal," Theresa May said.', '"We will leave," May said.']
    q = corpus_quotes(_corpus(texts, [D(2018, 1, 1)] * len(texts)), language_col=None)
    by_quote = dict(zip(q["quote"].str.strip(' ,."'), q["canonical"], strict=True))
    assert by_quote["The tax cut will pass"] == "Donald Trump"
    assert by_quote["It will pass"] == "Donald Trump"
    assert by_quote["It is time"] == "Hillary Clinton"
    assert by_quote["We will leave"] == "Theresa May"


def test_missing_or_odd_dates_never_stop_a_run():
    """Unseen-corpus style: published missing (NaT, None, NaN) or unreadable in some articles."""
    texts = ['"We will act," the White House said on Monday.'] * 4
    corpus = _corpus(texts, [pd.NaT, None, float("nan"), "not a date"])
    q = corpus_quotes(corpus, language_col=None)
    assert len(q) == 4 and set(q["affiliation"]) <= {"", "United States"}


@pytest.mark.parametrize(("text", "date", "start", "side"), [
    # a surname alone takes the knowledge base side of the full name the same article writes
    ('Mayor Bill de Blasio visited the site on Sunday. "This was an intentional act," De Blasio said.',
     D(2016, 9, 18), "This was", "US Democrats"),
    # ... only when the article names one person of the base with that surname
    ('Rudy Smith and Tom Smith met. "We agree on this plan," Smith said.', D(2016, 9, 18), "We agree", ""),
    # staff of a third-party nominee speak for the nominee's party
    ('Stein spokeswoman Melezia Figueroa said so. "She was turned away at the door," Figueroa said.',
     D(2016, 9, 27), "She was", "Greens"),
    ('"We will be on the ballot in all fifty states," Gary Johnson said.', D(2016, 9, 27), "We will",
     "US Libertarians"),
    # an adviser to "the campaign": the campaign named last before it
    ("Hillary Clinton's campaign released a tax plan. David Kamin, an outside adviser to the campaign on tax "
     "issues, said the campaign was ''taking a close look at the rules'' on Monday.", D(2016, 9, 16), "taking a",
     "US Democrats"),
    # a group phrase that names someone's camp speaks for that person's side
    ('"We will not comment on that claim today," a spokesman for the Clinton campaign said.', D(2016, 9, 20),
     "We will not", "US Democrats"),
    ('"We will win in Pennsylvania this fall," a senior Clinton aide said.', D(2016, 9, 20), "We will win",
     "US Democrats"),
    ('"The debate went well for us tonight," two Trump advisers said.', D(2016, 9, 27), "The debate",
     "US Republicans"),
    # ... but a body named after a person is not their camp
    ('"Our grants went to many schools abroad," the Clinton Foundation said.', D(2016, 9, 20), "Our grants", ""),
    # a person tied to no campaign or party gets no party side: the text presents her as an academic
    ('Jane Roe, a professor at Yale, said the plan was "very hard to read for anyone."', D(2016, 9, 16),
     "very hard", "Nonpartisan"),
    ('Jane Roe, a nurse in Ohio, said the plan was "very hard to read for anyone."', D(2016, 9, 16),
     "very hard", ""),
])
def test_sides_read_from_the_article(text, date, start, side):
    q = corpus_quotes(_corpus([text], [date]), language_col=None)
    row = q[q["quote"].str.contains(start, regex=False)]
    assert len(row) == 1
    assert row["affiliation"].iloc[0] == side


@pytest.mark.parametrize(("descriptor", "context", "role"), [
    ("Maria Ortiz, a professor of economics at Yale University", "", "professor"),
    ("Charlotte-Mecklenburg police chief Kerr Putney", "", "police chief"),
    ("a federal judge in Ohio", "", "judge"),
    ("the nonpartisan Center for Budget Studies", "", "nonpartisan"),
    ("a Republican pollster", "", ""),                       # a party named: no role reading
    ("a professor and former Obama adviser", "", ""),        # political staff
    ("an economist at the conservative Heritage Foundation", "", ""),  # a stated leaning
    ("a talk radio host", "", ""),                           # media, no role word
    ("Ned Hale", "", ""),                                    # a bare name says nothing
    ("an economist", "now president of a conservative advocacy group", ""),  # ruled out by the sentence
])
def test_nonpartisan_role_is_read_from_the_descriptor(descriptor, context, role):
    from analysis.quotes import nonpartisan_role
    assert nonpartisan_role(descriptor, context=context) == role


def test_nonpartisan_side_only_where_the_text_states_the_role_with_its_evidence():
    """Unseen-corpus style: made-up people. A professor, police and a judge the text presents
    in those roles get the side Nonpartisan with the word as evidence; a party label, a stated
    leaning or a citizen described by no role do not; every side says which rule gave it."""
    texts = ['"The plan adds little to growth," said Nora Quill, a professor of economics at Dunmore '
             'University. "It is a modest change," Quill added.',
             '"We are still reviewing the footage," police said on Friday.',
             '"The statute is clear," said Amos Reddick, a county judge.',
             '"Taxes will rise for everyone," said Carl Venn, an economist at the conservative Wexford '
             'Institute.',
             '"I just want my street back," said Tess Morrow, who lives nearby.',
             '"This bill is a disaster for farmers," said Sen. Jonas Whitfield (R-Okla.).']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)] * len(texts)), language_col=None)
    side = dict(zip(q["quote"].str[:12], q["affiliation"], strict=True))
    why = dict(zip(q["quote"].str[:12], q["side_evidence"], strict=True))
    assert side["The plan add"] == side["It is a mode"] == "Nonpartisan"
    assert why["The plan add"] == "role: professor"
    assert side["We are still"] == "Nonpartisan" and why["We are still"] == "role: police"
    assert side["The statute "] == "Nonpartisan" and why["The statute "] == "role: judge"
    assert side["Taxes will r"] == "" and why["Taxes will r"] == ""
    assert side["I just want "] == "" and why["I just want "] == ""
    assert side["This bill is"] == "US Republicans" and why["This bill is"] == "descriptor"
    sides = pd.DataFrame({"name": ["Nora Quill"], "side": ["Academia"]})
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)] * len(texts)), language_col=None, sides=sides)
    quill = q[q["canonical"] == "Nora Quill"]
    assert set(quill["affiliation"]) == {"Academia"} and set(quill["side_evidence"]) == {"sides.csv"}


def test_every_side_has_evidence_and_no_side_has_none():
    texts = ['"We will not fund it," the White House said in a statement on Monday.',
             '"We will win this state," Barack Obama said in Ohio.',
             '"I like the plan," said Dana Fisk, a nurse.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)] * len(texts)), language_col=None)
    assert ((q["affiliation"] == "") == (q["side_evidence"] == "")).all()
    why = dict(zip(q["quote"].str[:12], q["side_evidence"], strict=True))
    assert why["We will not "] == "institution"
    assert why["We will win "].startswith("office: president")


def test_a_role_finds_a_holder_whose_name_has_a_particle():
    texts = ['Twenty people were hurt in an explosion that Mayor Bill de Blasio visited on Sunday. '
             '"There is no evidence of terrorism at this point," the mayor said.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 18)]), language_col=None)
    row = q[q["quote"].str.startswith("There is no")].iloc[0]
    assert row["affiliation"] == "US Democrats" and row["side_evidence"] == "role before the quotation"


def test_a_titled_name_followed_by_a_few_lower_case_words_is_that_person():
    texts = ['Barack Obama spoke in Ohio on Monday. Climate change, Mr. Obama often says, is "the greatest '
             'long-term threat facing the world today."']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)]), language_col=None)
    row = q[q["quote"].str.contains("greatest")].iloc[0]
    assert row["speaker"] == "Obama" and row["speaker_kind"] == "person" and row["speaker_title"] == "Mr."


# campaign staff introduced in prose take their candidate's side (evidence "staff of <patron>");
# an apposition with no candidate, or a candidate the kit cannot place, gives no side
@pytest.mark.parametrize(("intro", "side", "evidence"), [
    ("The Clinton campaign released a plan on Monday. Voters were divided over it in several states. "
     "Dana Fisk, an outside adviser to the campaign on taxes, spoke.", "US Democrats", "party label"),  # earlier rule
    ("Dana Fisk, an outside adviser to the campaign on taxes, spoke. The Trump campaign declined to comment.",
     "US Republicans", "staff of Trump"),
    ("Dana Fisk, a former campaign worker for Mrs. Clinton, spoke.", "US Democrats", "staff of Clinton"),
    ("Dana Fisk, a senior adviser to Donald Trump, spoke.", "US Republicans", "staff of Trump"),
    ("Dana Fisk, a Trump campaign adviser, spoke.", "US Republicans", "party label"),  # the earlier rule
    ("Dana Fisk, an adviser to the campaign, spoke.", "", ""),             # no campaign named anywhere
    ("Dana Fisk, a director of the Arms Control Association, spoke.", "", ""),   # staff of no candidate
    ("Dana Fisk, an adviser to Nora Quill, spoke.", "", ""),               # a patron with no known side
    ("The Clinton campaign released a plan. Dana Fisk, a nurse who met the campaign, spoke.", "", ""),
])
def test_campaign_staff_take_their_candidates_side(intro, side, evidence):
    texts = [f'{intro} "The plan is a serious one," said Ms. Fisk.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)]), language_col=None)
    row = q[q["quote"].str.startswith("The plan is")].iloc[0]
    assert row["canonical"] == "Dana Fisk"
    assert (row["affiliation"], row["side_evidence"]) == (side, evidence)


# a person's own staff without the word "campaign": only the political staff words, and only
# for a patron whose side is known ("a Wells Fargo manager" is no one's camp)
@pytest.mark.parametrize(("intro", "side", "evidence"), [
    ("Dana Fisk, a former Clinton aide who travelled with her, spoke.", "US Democrats", "staff of Clinton"),
    ("Dana Fisk, an Obama adviser, spoke.", "US Democrats", "staff of Obama"),
    ("Dana Fisk, a Wells Fargo manager, spoke.", "", ""),
    ("Dana Fisk, a Senate aide, spoke.", "", ""),
])
def test_personal_staff_take_their_patrons_side(intro, side, evidence):
    texts = [f'{intro} "The plan is a serious one," said Ms. Fisk.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)]), language_col=None)
    row = q[q["quote"].str.startswith("The plan is")].iloc[0]
    assert (row["affiliation"], row["side_evidence"]) == (side, evidence)


@pytest.mark.parametrize("name", ["HUD", "the Department of Housing and Urban Development", "DOE", "USDA"])
def test_federal_agencies_speak_for_the_government(name):
    assert institution_side(name, D(2018, 1, 1)) == "United States"


def test_a_headline_run_into_a_name_is_not_the_name():
    """Capitalised headline words before a first name ("Rip Donald Trump") or a surname ("Mom
    Corners Obama") are no part of the person's name: the quotes go to the person the body names."""
    texts = ["Black Lawmakers Rip Donald Trump As A Fraud.\n\nDonald Trump spoke in Ohio on Friday.\n\n"
             '"I finished it, and we are done with it," Trump said.',
             "Gold Star Mom Corners Obama On Terror Words.\n\nPresident Barack Obama answered a question on "
             'Thursday.\n\n"No, that is not what I said at all," said Obama.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 16)] * 2), language_col=None)
    name = dict(zip(q["quote"].str[:8], q["canonical"], strict=True))
    assert name["I finish"] == "Donald Trump"
    assert name["No, that"] == "Barack Obama"


@pytest.mark.parametrize(("text", "name"), [
    # a common word the text also writes in lower case is no part of the name
    ("The photographer was there. Photographer David Becker ran back.\n\n\"It was so dark that night,\" "
     "Becker said.", "David Becker"),
    # a given name the list of first names lacks stays ("Ahmad" is written nowhere in lower case)
    ("She met Ahmad Ali Bradshaw at the academy.\n\n\"I never saw her that night,\" Bradshaw said.",
     "Ahmad Ali Bradshaw"),
])
def test_words_before_a_first_name_in_running_text(text, name):
    q = corpus_quotes(_corpus([text], [D(2016, 9, 16)]), language_col=None)
    assert q["speaker"].tolist() == [name]


def test_a_role_is_read_outside_the_quoted_words():
    """A judge whose quotation speaks of "any candidate" is still a judge: the words inside the
    quotation marks, also where the sentence splitter cut the quotation, do not rule the role out."""
    from analysis.sources import _outside_quotes

    assert _outside_quotes('"Were the court to rule on any candidate') == " "
    assert _outside_quotes('the records, any candidate\'s fitness," Nervo wrote.').strip() == "Nervo wrote."
    assert _outside_quotes("Said \u201chello\u201d Jones, a professor.") == "Said   Jones, a professor."
    texts = ['Amos Reddick, a county judge, ruled on Thursday. "Were the court to make these records public, it '
             'would judge any candidate\'s fitness for office. It will not," Reddick wrote.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 22)]), language_col=None)
    assert set(q.loc[q["canonical"] == "Amos Reddick", "affiliation"]) == {"Nonpartisan"}


@pytest.mark.parametrize(("lead", "side", "evidence"), [
    ("The Congressional Budget Office published new figures on Monday.", "United States", "agency named before"),
    ("The Justice Department published new figures on Monday.", "United States", "agency named before"),
    ("An advertising firm published new figures on Monday.", "", ""),   # no government body named
])
def test_the_agency_is_the_government_body_named_before(lead, side, evidence):
    texts = [f'{lead} The top tenth paid most of all taxes, "and that will not change soon," the agency said.']
    q = corpus_quotes(_corpus(texts, [D(2016, 9, 1)]), language_col=None)
    row = q[q["quote"].str.contains("and that will")].iloc[0]
    assert (row["affiliation"], row["side_evidence"]) == (side, evidence)
