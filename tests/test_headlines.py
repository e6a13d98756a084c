"""Headlines that end in "." or ";" (issue 11, point 6): analysis.corpus.title_despite_stop."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from analysis.corpus import parse_article, title_despite_stop
from analysis.paths import ROOT

BODY = (
    "The committee voted 7-4 on Tuesday to send the measure to the full chamber, where leaders "
    "of both parties expect a close vote next month.\n\n"
    "Opponents said the plan would raise costs for small towns, while supporters pointed to a "
    "decade of flat spending on rural roads."
)

HEADLINES = [
    "Senate panel advances rural roads bill.",
    "Senate Panel Advances Rural Roads Bill.",
    "Roads bill clears committee; full vote next month.",
    "Governor signs budget after all-night session;",
    "Labour's housing pledge faces first test.",
    "Mayor defends transit fare rise.",
    "Why the suburbs turned on the incumbent.",
    "Budget deal: what is in it and what is not.",
]

LEDES = [
    "The Senate voted on Tuesday to advance the rural roads bill.",
    "LONDON — The prime minister defended the housing plan.",
    "Lawmakers approved the budget, officials said.",
    "The governor signed the budget yesterday after an all-night session.",
    "The mayor defended the rise in transit fares as the city faced a shortfall.",
]


@pytest.mark.parametrize("headline", HEADLINES)
def test_stopped_headline_is_the_title_not_body(headline):
    art = parse_article(headline + "\n\n" + BODY)
    assert art.title == headline
    assert not art.paragraphs[0].startswith(headline.rstrip(".;"))


@pytest.mark.parametrize("lede", LEDES)
def test_real_first_sentence_stays_in_the_body(lede):
    art = parse_article(lede + "\n\n" + BODY)
    assert art.title is None
    assert art.paragraphs[0] == lede


def test_followed_by_a_paragraph_that_carries_on_means_body():
    first = "Turnout fell in every ward."
    rest = "But the drop was steepest in the east of the city, where two polling stations closed early."
    art = parse_article(first + "\n\n" + rest)
    assert art.title is None and art.paragraphs[0] == first


@pytest.mark.parametrize(
    ("line", "following", "expected"),
    [
        ("Council backs new bike lanes.", BODY.split("\n\n")[0], True),
        ("Council backs new bike lanes.", None, False),  # nothing follows: no body to head
        ("Council backs new bike lanes.", "Read more.", False),  # not followed by the body
        ("Council backs new bike lanes", BODY, False),  # no final stop: the older rule's case
        ("Council backs new bike lanes.", "He said the lanes would open next spring across the city centre.", False),
        ("On Monday the council backed new bike lanes.", BODY, False),
    ],
)
def test_title_despite_stop_table(line, following, expected):
    assert title_despite_stop(line, following) is expected


def test_date_and_byline_around_a_stopped_headline():
    raw = "Published 12 March 2024\n\nMinister quits over expenses row.\n\nBy Jane Doe\n\n" + BODY
    art = parse_article(raw)
    assert art.title == "Minister quits over expenses row."
    assert art.byline == "Jane Doe"


@pytest.mark.slow
def test_nfc_captures_meet_the_issue_targets():
    nfc = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"
    if not nfc.is_file():
        pytest.skip("NFC benchmark not available")
    spec = importlib.util.spec_from_file_location("validate_headlines", ROOT / "scripts" / "validate_headlines.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    results = module.measure(nfc)
    for style in ("as published", "full stop", "semicolon"):
        assert results[style]["title_found"] >= 0.95, (style, results[style])
        assert results[style]["headline_as_body_sentence_0"] <= 0.02, (style, results[style])


def test_statehouse_fixture_titles_in_every_house_style():
    """Six made-up outlets on state politics, headlines ending in ".", ";", "!" or nothing."""
    from analysis.corpus import load_corpus

    corpus = load_corpus(ROOT / "tests" / "fixtures" / "framing" / "statehouse")
    arts = corpus.articles
    assert arts["outlet"].nunique() == 6
    assert arts["title"].notna().all()
    for title, body in zip(arts["title"], arts["text"], strict=True):
        assert not body.startswith(title.rstrip(".;!")), title


_BODY = ("The merits of the program, which allows foreign investors to gain residence by putting money "
         "into development projects, are being debated again in Congress this month.")
_BODY2 = "Lawmakers from both parties have asked for changes, and the agency says it is reviewing the rules."


@pytest.mark.parametrize(("capture", "title"), [
    # a section label under the headline ("ABSTRACT.", "LETTERS.") is not the body
    (f"Visa Program Up for Renewal Amid Allegations of Fraud.\n\nABSTRACT.\n\n{_BODY}\n\n{_BODY2}",
     "Visa Program Up for Renewal Amid Allegations of Fraud."),
    (f"Laws don't apply equally to the powerful.\n\nLETTERS.\n\n{_BODY}\n\n{_BODY2}",
     "Laws don't apply equally to the powerful."),
    # a title-case headline with a short deck under it
    (f"Keep the Returns, Senator; Just Give Us a Few Figures.\n\nMr. Smith, I have a deal for you.\n\n{_BODY}",
     "Keep the Returns, Senator; Just Give Us a Few Figures."),
    # no headline: a sentence-case lede followed by a short line stays body
    (f"Less than a quarter of the campaign's donors gave small sums this year.\n\nThat is new.\n\n{_BODY}",
     None),
])
def test_headline_layout_past_labels_and_decks(capture, title):
    art = parse_article(capture)
    assert art.title == title
    if title is not None:
        assert not any(p.startswith(title[:20]) for p in art.paragraphs)


@pytest.mark.parametrize("lede", [
    # a stop inside closing quotation marks is a stop
    "Retired Gen. Mark Hale said the plan was \u201cabsolutely right.\u201d",
    # a dateline opens a lede, whatever its ending
    "WASHINGTON (AP) \u2014 The Latest on the presidential race (all times EDT):",
    # two sentences with a lede's marks
    "Today is two months until the election. Do you know where your candidates stand?",
    # a line cut short
    "In her recording,.",
])
def test_no_headline_first_line_stays_in_the_body(lede):
    art = parse_article(lede + "\n\n" + BODY)
    assert art.title is None
    assert art.paragraphs[0].startswith(lede[:20])


@pytest.mark.parametrize("headline", [
    "Is he ok? Biden\u2019s eye fills with blood as he defends fossil fuel ties (VIDEO)",
    "Trump: \u2018We Will Win This State Easily\u2019",
    "Clinton Vows to Fight On: \u2018This Is Not Over.\u2019",
])
def test_headlines_with_a_question_or_quotation_stay_titles(headline):
    from analysis.text import normalize

    assert parse_article(headline + "\n\n" + BODY).title == normalize(headline)


def test_a_title_case_headline_of_two_sentences_stays_the_title():
    headline = "Nazis March In Tennessee Today. Last Time That Happened I Ended Up With Antifa"
    assert parse_article(headline + "\n\n" + BODY).title == headline


# --- issue 19, point 4: a first sentence shaped like a stopped headline stays in the body --------
@pytest.mark.parametrize("lede", [
    "The city council has escalated its fight with the state over school funding for rural districts.",
    "The river flows past the old mill as Maria Lopez walks along, picking up handfuls of plastic bottles.",
])
def test_lead_sentence_shaped_like_a_headline_stays_in_the_body(lede):
    first_body_line = BODY.split("\n\n")[0]
    # the layout rules alone would take it for a stopped headline ...
    assert title_despite_stop(lede, first_body_line, body=first_body_line)
    # ... but its grammar reads as a lead: it stays the first body paragraph
    art = parse_article(lede + "\n\n" + BODY)
    assert art.title is None
    assert art.paragraphs[0] == lede


def test_headline_features_read_grammar_case_and_overlap():
    from analysis.headlines import FEATURES, headline_features

    f = dict(zip(FEATURES, headline_features("Senate Panel Advances Rural Roads Bill.", [BODY]), strict=True))
    g = dict(zip(FEATURES, headline_features("If the senators want a road, they will have to pay for it.", [BODY]),
                 strict=True))
    assert f["title_case"] == 1.0 and g["title_case"] == 0.0
    assert f["article_share"] == 0.0 < g["article_share"]
    assert f["pronoun_share"] == 0.0 < g["pronoun_share"]
    assert g["subordinator_opener"] == 1.0 and f["subordinator_opener"] == 0.0
    assert headline_features("His record is long.", [])[FEATURES.index("pronoun_opener")] == 1.0
    # a headline restates the story that follows it
    assert dict(zip(FEATURES, headline_features("Roads bill advances", ["The roads bill advances today."]),
                    strict=True))["overlap_next"] == 1.0
    assert dict(zip(FEATURES, headline_features("Roads bill advances", ["Nothing in common here."]),
                    strict=True))["overlap_next"] == 0.0


def test_shipped_headline_model_matches_its_features():
    import json

    from analysis.headlines import FEATURES, HeadlineModel, default_headline_model

    model = default_headline_model()
    assert model.features == FEATURES and len(model.coef) == len(FEATURES)
    assert 0.0 < model.threshold < 1.0
    bad = json.dumps({"features": ["log_words"], "coef": [1.0], "intercept": 0.0, "threshold": 0.5})
    with pytest.raises(ValueError, match="features"):
        HeadlineModel.from_json(bad)


@pytest.mark.slow
def test_shipped_headline_model_is_what_the_fit_script_gives():
    nfc = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"
    if not nfc.is_file():
        pytest.skip("NFC benchmark not available")
    import json

    spec = importlib.util.spec_from_file_location("fit_headline_model", ROOT / "scripts" / "fit_headline_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = json.loads((ROOT / "analysis" / "data" / "headline_model.json").read_text(encoding="utf-8"))
    assert module.fit(nfc) == shipped


# --- layout within the corpus: one outlet's captures share a layout -------------------------
def test_outlet_layouts_vote():
    from analysis.corpus import HEADLINE_FIRST, NO_HEADLINE, outlet_layouts

    votes = [("A", True)] * 5 + [("B", False)] * 4 + [("B", True)] + [("C", True)] * 3 + [("C", False)] * 3
    votes += [("D", True)] * 4 + [("E", None)] * 9  # D too few captures, E no vote at all
    layouts = outlet_layouts(votes)
    assert layouts == {"A": HEADLINE_FIRST, "B": NO_HEADLINE}  # C is mixed: each capture alone
    assert outlet_layouts(reversed(votes)) == layouts
    assert outlet_layouts(votes, min_captures=4)["D"] == HEADLINE_FIRST


LEADS = [
    "Is the northern ward ready for a recount?",  # a question: no final stop
    "The city council has escalated its fight with the state over school funding for rural districts.",
]


def test_no_headline_layout_keeps_a_headline_shaped_first_sentence_in_the_body():
    from analysis.corpus import NO_HEADLINE

    # read alone, a short unstopped first line is a title ...
    assert parse_article(LEADS[0] + "\n\n" + BODY).title == LEADS[0]
    # ... in an outlet whose captures open on the body, it is the first paragraph
    art = parse_article(LEADS[0] + "\n\n" + BODY, layout=NO_HEADLINE)
    assert art.title is None and art.paragraphs[0] == LEADS[0]
    # an unmistakable headline (title case, no final stop) is still taken
    assert parse_article("Council Backs New Bike Lanes\n\n" + BODY, layout=NO_HEADLINE).title == (
        "Council Backs New Bike Lanes")


def test_headline_first_layout_trusts_the_shape_rules():
    from analysis.corpus import HEADLINE_FIRST

    assert parse_article(LEADS[1] + "\n\n" + BODY).title is None  # the model reads a lead
    assert parse_article(LEADS[1] + "\n\n" + BODY, layout=HEADLINE_FIRST).title == LEADS[1]
    with pytest.raises(ValueError, match="layout"):
        parse_article(BODY, layout="sometimes")


def _layout_corpus(folder):
    """Outlet "Wire" opens every capture on its first sentence, "Daily" on a headline; the
    same headline-shaped sentence opens one capture of each."""
    folder.mkdir()
    rows = ["file,outlet,event"]
    body2 = BODY.split("\n\n")[1]
    for k in range(6):
        lead = LEADS[0] if k == 0 else f"Officials in district {k} said on Monday that the count would take a week."
        (folder / f"wire_{k}.txt").write_text(f"{lead}\n\n{BODY}\n", encoding="utf-8")
        head = LEADS[0] if k == 0 else f"District {k} Count Delayed"
        (folder / f"daily_{k}.txt").write_text(f"{head}\n\n{body2}\n\n{BODY}\n", encoding="utf-8")
        rows += [f"wire_{k}.txt,Wire,vote", f"daily_{k}.txt,Daily,vote"]
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return folder


def test_loader_reads_each_outlets_layout(tmp_path):
    from analysis.corpus import load_corpus

    arts = load_corpus(_layout_corpus(tmp_path / "c")).articles.set_index("article_id")
    assert "_layout" not in arts.columns
    wire = arts[arts["outlet"] == "Wire"]
    daily = arts[arts["outlet"] == "Daily"]
    assert wire["title"].isna().all()
    assert wire["text"].str.startswith(("Officials", LEADS[0])).all()
    assert daily["title"].notna().all() and (daily["title"] == LEADS[0]).sum() == 1


def test_layout_is_the_same_whatever_the_batches(tmp_path):
    from analysis.pipeline import run

    folder = _layout_corpus(tmp_path / "c")
    one = run(folder, progress=False, batch_size=1000, jobs=1)["articles"]
    small = run(folder, progress=False, batch_size=2, jobs=1)["articles"]
    pd.testing.assert_frame_equal(one, small)
    assert one.loc[one["outlet"] == "Wire", "title"].isna().all()


def test_settle_layouts_skips_html_and_unreadable_files(tmp_path):
    from analysis.corpus import NO_HEADLINE, plan_corpus, settle_layouts

    folder = _layout_corpus(tmp_path / "c")
    (folder / "wire_page.html").write_text(
        "<html><head><title>Count delayed</title></head><body><article><h1>Count delayed</h1>"
        f"<p>{BODY.split(chr(10))[0]}</p></article></body></html>", encoding="utf-8")
    (folder / "wire_empty.txt").write_bytes(b"")
    with (folder / "manifest.csv").open("a", encoding="utf-8") as handle:
        handle.write("wire_page.html,Wire,vote\nwire_empty.txt,Wire,vote\n")
    rows, _ = plan_corpus(folder)
    settled = {row["file"]: row.get("_layout") for row in settle_layouts(folder, rows)}
    assert settled["wire_0.txt"] == NO_HEADLINE
    assert settled["wire_page.html"] is None and settled["wire_empty.txt"] is None
