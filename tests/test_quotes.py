"""Table-driven tests for analysis.quotes.extract_quotes (offline, deterministic)."""

from __future__ import annotations

import importlib.util
import random

import pandas as pd
import pytest

from analysis.paths import ROOT, SEEDS_DIR
from analysis.quotes import COLUMNS, cue_lemma, extract_quotes


def _one(text: str) -> pd.Series:
    df = extract_quotes(text)
    assert len(df) == 1, f"expected one attribution, got {len(df)}:\n{df}"
    return df.iloc[0]


# (text, speaker, kind, cue, quote)
PATTERNS = [
    ('"We will win," said Jane Doe.', "Jane Doe", "direct", "said", "We will win,"),
    ('"We will win," Jane Doe said.', "Jane Doe", "direct", "said", "We will win,"),
    ('Jane Doe said: "We will win."', "Jane Doe", "direct", "said", "We will win."),
    ('Jane Doe said that the team would win.', "Jane Doe", "indirect", "said",
     "the team would win"),
    ('Jane Doe said the team would win.', "Jane Doe", "indirect", "said", "the team would win"),
    ('The team would win, Jane Doe said.', "Jane Doe", "indirect", "said", "The team would win"),
    ('Coach Jane Doe told reporters that the team was "ready to fight" on Sunday.', "Jane Doe",
     "mixed", "told", 'the team was "ready to fight"'),
    ('The team will win, according to coach Jane Doe.', "Jane Doe", "indirect",
     "according to", "The team will win"),
    ('According to the league, the match was cancelled.', "league", "indirect", "according to",
     "the match was cancelled"),
    ('"It is over," the mayor was quoted as saying by the Daily Herald.', "mayor", "direct",
     "was quoted as saying", "It is over,"),
    ('Mayor Tom Hill wrote on Facebook that the bridge would reopen.', "Tom Hill", "indirect",
     "wrote", "the bridge would reopen"),
    ('Mayor Tom Hill referred to the plan as "pure fantasy" in a radio interview.', "Tom Hill",
     "mixed", "referred to ... as", 'the plan as "pure fantasy"'),
    ('Tom Hill, the mayor of Springfield, said the bridge would reopen.', "Tom Hill", "indirect",
     "said", "the bridge would reopen"),
    ('Officials said Tuesday that the bridge would reopen.', "Officials", "indirect", "said",
     "the bridge would reopen"),
    ('The ministry said in a statement that the bridge would reopen.', "ministry", "indirect",
     "said", "the bridge would reopen"),
    ('Police Chief Ann Ray: "Nobody was hurt."', "Ann Ray", "direct", ":", "Nobody was hurt."),
    ('"Nobody was hurt" — Police Chief Ann Ray.', "Ann Ray", "direct", "—", "Nobody was hurt"),
    ('The union accused the company of breaking the law.', "union", "indirect", "accused",
     "the company of breaking the law"),
    ("PORTVILLE (Reuters) - Dockworkers walked out on Tuesday, union leaders said.",
     "union leaders", "indirect", "said", "Dockworkers walked out on Tuesday"),
    ("Sen. Lindsey Graham, R-S.C., said the plan had failed.", "Lindsey Graham", "indirect",
     "said", "the plan had failed"),
    ('The plan was "dead." Analysts said the vote would be close.', "Analysts", "indirect",
     "said", "the vote would be close"),
    ("Lavrov was said to have told Kerry that sanctions would fail, according to a statement "
     "on the ministry's web site.", "Lavrov", "indirect", "told", "sanctions would fail"),
]


@pytest.mark.parametrize(("text", "speaker", "kind", "cue", "quote"), PATTERNS)
def test_patterns(text, speaker, kind, cue, quote):
    row = _one(text)
    assert (row.speaker, row.kind, row.cue) == (speaker, kind, cue)
    assert row.quote.rstrip(".,") == quote.rstrip(".,")
    assert text[row.start : row.end] == row.quote


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "peace plan" has been criticised.',
        'The film, titled "Winter Light", opens on Friday.',
        "Photo by: Reuters",
        "The minister said goodbye to her staff.",
        "Russia has long been insisting the regime change in Syria.",
        "A claim the authorities have denied.",
        "",
        "   \n\n ",
    ],
)
def test_no_invented_attributions(text):
    assert extract_quotes(text).empty


def test_columns_and_empty_frame_have_the_contract_columns():
    assert list(extract_quotes("").columns) == COLUMNS
    assert list(extract_quotes('"Yes," he said.').columns) == COLUMNS


def test_split_quote_and_continuation_share_the_speaker():
    text = ('"We tried," said coach Dan Reyes, "but they were better." '
            '"Next year we come back."')
    df = extract_quotes(text)
    assert list(df.speaker) == ["Dan Reyes"] * 3
    assert list(df.kind) == ["direct"] * 3


def test_multi_paragraph_quotation():
    text = ('Mayor Lisa Grant defended the budget.\n\n"We cut waste.\n\n'
            '"And we will keep it that way," she said.')
    df = extract_quotes(text)
    assert list(df.speaker) == ["Lisa Grant", "Lisa Grant"]
    assert list(df.quote) == ["We cut waste.", "And we will keep it that way,"]


def test_pronoun_and_surname_resolve_to_the_full_name():
    text = ("Economist Rafael Ortiz of the Bank of Spain expects a slowdown. He said growth would "
            'stall. "The second half will be weak," Ortiz added.')
    df = extract_quotes(text)
    assert list(df.speaker) == ["Rafael Ortiz", "Rafael Ortiz"]
    assert list(df.mention) == ["He", "Ortiz"]
    assert list(df.source_type) == ["expert", "expert"]


def test_nested_outer_source_becomes_via():
    text = ('The minister told reporters that talks went "well," the state news agency reported.')
    row = _one(text)
    assert row.speaker == "minister"
    assert row.kind == "mixed"
    assert "news agency" in row.via


@pytest.mark.parametrize(
    "text",
    [
        "\u201cWe will win,\u201d said Jane Doe.",  # curly
        '"We will win,\u201d said Jane Doe.',  # mixed straight/curly
        "\u201cWe will win, said Jane Doe.",  # unclosed opening mark
        "\u2018We will win,\u2019 said Jane Doe.",  # British single quotes
        "'We will win,' said Jane Doe.",
    ],
)
def test_quotation_mark_styles_keep_exact_offsets(text):
    row = _one(text)
    assert row.speaker == "Jane Doe"
    assert text[row.start : row.end] == row.quote
    assert row.quote.startswith("We will win")


def test_possessive_plural_is_not_a_closing_single_quote():
    df = extract_quotes("The countries' leaders said the talks would resume in May.")
    assert list(df.kind) == ["indirect"]


def test_random_junk_never_crashes_and_offsets_stay_in_range():
    rng = random.Random(7)
    pieces = ['"', "\u201c", "\u201d", "'", ",", " said ", " he said.", "\n\n", " according to ",
              "Smith", ":", " \u2014 ", ".", " that ", "U.S. "]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 50)))
        df = extract_quotes(text)
        for row in df.itertuples():
            assert 0 <= row.start < row.end <= len(text)
            assert text[row.start : row.end] == row.quote


def test_rejects_non_text_input():
    with pytest.raises(TypeError, match="string"):
        extract_quotes(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cue", "lemma"),
    [("said", "say"), ("told", "tell"), ("was quoted as saying", "be quoted as saying"),
     ("referred to ... as", "refer to ... as"), ("according to", "according to")],
)
def test_cue_lemma(cue, lemma):
    assert cue_lemma(cue) == lemma


def _validator():
    spec = importlib.util.spec_from_file_location(
        "validate_quotes", ROOT / "scripts" / "validate_quotes.py"
    )
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_seed_gold_regression():
    """Regression guard on the hand-annotated seed gold (see scripts/validate_quotes.py)."""
    if not any(SEEDS_DIR.glob("*.txt")):
        pytest.skip("no seed files")
    res = _validator().seeds_per_file(errors=False)
    assert res["f1"] >= 0.9
    assert res["speaker_acc"] >= 0.9
    assert res["kind_acc"] >= 0.9


def test_gold_quotes_are_substrings_of_their_texts():
    mod = _validator()
    gold = pd.read_csv(mod.GOLD_DIR / "quotes_madeup.csv", keep_default_na=False)
    for row in gold[gold.kind != "none"].itertuples():
        assert mod.locate(row.text, row.quote)[0] >= 0, row.case_id


# --- house styles of quotation marks (table-driven) ------------------------------------------
# (text, speaker, kind, quote)
HOUSE_STYLES = [
    ("\u201cWe will win,\u201d said Jane Doe.", "Jane Doe", "direct", "We will win,"),
    ("''We will win,'' Ms. Batchelder said.", "Batchelder", "direct", "We will win,"),
    ("Ms. Batchelder said: ''We will win.''", "Batchelder", "direct", "We will win."),
    ("``We will win,'' said Jane Doe.", "Jane Doe", "direct", "We will win,"),
    ("'We will win,' said Jane Doe.", "Jane Doe", "direct", "We will win,"),
    ("\u2018We will win the \u201cbig one\u201d,\u2019 said Jane Doe.", "Jane Doe", "direct",
     "We will win the \u201cbig one\u201d,"),
    ("\u00abWe will win,\u00bb said Jane Doe.", "Jane Doe", "direct", "We will win,"),
    ("\u00bbWe will win,\u00ab said Jane Doe.", "Jane Doe", "direct", "We will win,"),
    ("\u201eWe will win,\u201c said Jane Doe.", "Jane Doe", "direct", "We will win,"),
    ("\u2039We will win,\u203a said Jane Doe.", "Jane Doe", "direct", "We will win,"),
    ("Jane Doe said the team was ''ready to fight'' on Sunday.", "Jane Doe", "mixed",
     "the team was ''ready to fight''"),
]


@pytest.mark.parametrize(("text", "speaker", "kind", "quote"), HOUSE_STYLES)
def test_every_house_style_of_quotation_marks(text, speaker, kind, quote):
    row = _one(text)
    assert (row.speaker, row.kind, row.quote) == (speaker, kind, quote)
    assert text[row.start : row.end] == row.quote


@pytest.mark.parametrize(
    "text",
    [
        "Mayor Tom O'Malley said the city would not bring the '90s plans back.",
        "Obama's aides said the countries' talks would resume.",
    ],
)
def test_apostrophes_inside_words_never_open_a_quotation(text):
    row = _one(text)
    assert row.kind == "indirect"


@pytest.mark.parametrize("mark", ['"', "''", "\u201c"])
def test_multi_paragraph_quotation_in_every_style(mark):
    close = {'"': '"', "''": "''", "\u201c": "\u201d"}[mark]
    text = (f"{mark}The first paragraph of the quote.\n\n"
            f"{mark}The second paragraph ends it,{close} said Jane Doe.")
    df = extract_quotes(text)
    assert set(df["speaker"]) == {"Jane Doe"}
    assert set(df["kind"]) == {"direct"}
    assert len(df) == 2


def test_paragraphs_run_together_keep_their_quotations():
    # paragraph breaks lost: the opening mark of a paragraph follows the previous sentence
    text = ('The minister spoke on Monday. "It is over," she said. She added that talks failed.'
            '" We will try again next year," said Jane Doe.')
    df = extract_quotes(text)
    assert "We will try again next year," in set(df["quote"])
    assert df.loc[df["quote"] == "We will try again next year,", "speaker"].item() == "Jane Doe"


# --- speakers that are no source (table-driven) ----------------------------------------------
# (text, expected speaker, expected speaker_kind)
JUNK = [
    ("Forty-one percent said the economy was weak.", "", "unresolved"),
    ("46 percent said the economy was weak.", "", "unresolved"),
    ("Despite Trump said the deal was bad.", "Trump", "person"),
    ("Attacking Hillary Clinton, Donald Trump said she was weak.", "Donald Trump", "person"),
    ("PMDonald Trump said the wall would be built.", "Donald Trump", "person"),
    ("Ten state attorneys general said the rule was unlawful.", "state attorneys general", "group"),
    ('"It is over," he said.', "", "unresolved"),
    ('"It is over," they said.', "", "unresolved"),
    ("The 2015 memo said the program would end.", "", "unresolved"),
    ("The report said the program would end.", "", "unresolved"),
    ("Comey cannot say that he was right.", "Comey", "person"),
    ("Rep. Maxine Waters (D-CA) said the bill was dead.", "Maxine Waters", "person"),
    ("A spokesman for President Vladimir Putin said Russia would not leave the accords.",
     "spokesman for President Vladimir Putin", "group"),
]


@pytest.mark.parametrize(("text", "speaker", "kind"), JUNK)
def test_speakers_are_sources(text, speaker, kind):
    row = _one(text)
    assert (row.speaker, row.speaker_kind) == (speaker, kind)


def test_title_of_a_work_is_never_the_speaker():
    text = "''The Internet is a battlefield,'' said Adam Segal, the author of ''Hacked World Order.''"
    row = _one(text)
    assert row.speaker == "Adam Segal"


# --- pronouns respect gender -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Hillary Clinton left the room. James B. Comey stayed behind. "
         "She said the emails were fine.", "Hillary Clinton"),
        ("Hillary Clinton left the room. James B. Comey stayed behind. "
         "He said the emails were fine.", "James B. Comey"),
        ("Mrs. Schlafly met Donald Trump in March. She wrote that the party had lost its way.",
         "Schlafly"),
        ("Mr. Bolsonaro spoke first. Edson Oliveira, a lumberyard owner, listened. "
         '"It burns every year," he told the BBC.', "Edson Oliveira"),
        ("Donald Trump arrived late. She said the meeting was over.", ""),
    ],
)
def test_pronouns_join_a_person_of_compatible_gender(text, speaker):
    df = extract_quotes(text)
    assert df["speaker"].iloc[-1] == speaker


def test_gender_column():
    df = extract_quotes("Hillary Clinton said the vote was close. Mr. Kaine said it was not.")
    assert df["gender"].tolist() == ["female", "male"]


# --- sides from party markers ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("Sen. Marco Rubio (R-Fla.) said the vote was close.", "US Republicans"),
        ('"We will win," said Sen. Ed Markey, D-Mass.', "US Democrats"),
        ("Democratic Sen. Chuck Schumer said the vote was close.", "US Democrats"),
        ("Ted Cruz, a Republican from Texas, said the vote was close.", "US Republicans"),
        ("The Democratic National Committee said the vote was close.", "US Democrats"),
        ("Labour MP Jess Phillips said the vote was close.", "UK Labour"),
        ("Tory MP Jacob Rees-Mogg said the vote was close.", "UK Conservatives"),
        ("SNP leader Nicola Sturgeon said the vote was close.", "SNP"),
        ("Russian Foreign Minister Sergei Lavrov said the vote was close.", "Russia"),
        ("Ben Carson said the vote was close.", ""),
    ],
)
def test_party_and_country_sides(text, side):
    assert _one(text).affiliation == side


@pytest.mark.parametrize(
    "text",
    [
        "\u201cThe minister told me, \u2018We will never accept this deal,\u2019 and then he left,\u201d "
        "said Anna Berg.",
        "\u2018The minister told me, \u201cWe will never accept this deal,\u201d and then he left,\u2019 "
        "said Anna Berg.",
        '"The minister told me, \'We will never accept this deal,\' and then he left," said Anna Berg.',
        "''The minister told me, `We will never accept this deal,' and then he left,'' said Anna Berg.",
        "Anna Berg said: \u201cThe minister said \u2018no deal\u2019 and left.\u201d The talks ended.",
    ],
)
def test_a_nested_quotation_is_attributed_once(text):
    # issue 16: one quotation must not be attributed twice, to different speakers, with overlapping spans
    df = extract_quotes(text)
    assert len(df) >= 1 and set(df["speaker"]) == {"Anna Berg"}
    spans = sorted(zip(df["start"], df["end"], strict=True))
    assert all(b_start >= a_end for (_, a_end), (b_start, _) in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize(("text", "speaker", "side"), [
    # a parenthesis after the name, then an apposition
    ('"If the FBI wanted any other laptops, they would just go get them," Rep. Jim Jordan (R-Ohio), an '
     'oversight panel member, said in a phone interview.', "Jim Jordan", "US Republicans"),
    # an inverted subject closed by a short prepositional phrase
    ('"Republicans are in a frenzy that is disorganized," said one Democratic source on the panel.',
     "Democratic source", "US Democrats"),
])
def test_speaker_after_the_quotation_with_parenthesis_or_place_phrase(text, speaker, side):
    rows = extract_quotes(text)
    assert len(rows) == 1
    assert rows.loc[0, "speaker"] == speaker and rows.loc[0, "affiliation"] == side


@pytest.mark.parametrize(("text", "speaker"), [
    # a place or a body named after the person is no one a pronoun stands for
    ("Jo-Renee Formicola, political science professor at Seton Hall University in New Jersey, described "
     "the approach.\n\n\"He is doing what he can to lower the bar for himself,\" she said.", "Jo-Renee Formicola"),
    # a surname after a title is a person a pronoun can stand for
    ("In a statement, President Obama condemned the test as \"provocative\" on Friday.\n\n"
     "\"We will work with our allies to keep the region safe and secure,\" he said.", "Obama"),
])
def test_pronoun_passes_over_places_and_bodies_and_finds_titled_surnames(text, speaker):
    rows = extract_quotes(text)
    row = rows[rows["quote"].str.startswith(("He is", "We will"))].iloc[0]
    assert row["speaker"] == speaker
