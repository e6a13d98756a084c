"""Tests for analysis.naming: KWIC, collocations, naming variants, name forms, agency."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import naming as N
from analysis.paths import ROOT


def _corpus() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a1", "a2", "b1"],
            "outlet": ["Alpha", "Alpha", "Beta"],
            "text": [
                "Troops annexed the region. The annexation was condemned.\n\n"
                "Pro-Russian separatists held Kiev airport.",
                "The regime denied it. Prime minister Jane Doe spoke in Kyiv.",
                "The government said the separatists broke the cease-fire in Kyiv. "
                "Finance Minister Jane Doe agreed.",
            ],
        }
    )


# --- KWIC ------------------------------------------------------------------------------------


def test_kwic_wildcards_offsets_and_case():
    df = _corpus()
    lines = N.kwic(df, ["annex*", "kyiv"], window=20)
    assert set(lines.term) == {"annex*", "kyiv"}
    assert (lines.term == "annex*").sum() == 2
    assert (lines.term == "kyiv").sum() == 2
    texts = df.set_index("article_id").text
    for r in lines.itertuples():
        assert texts[r.article_id][r.start:r.end] == r.match
        assert len(r.left) <= 20 and len(r.right) <= 20


def test_kwic_whole_words_only():
    df = pd.DataFrame({"article_id": [1], "outlet": ["A"], "text": ["Warsaw warned of war."]})
    assert N.kwic(df, ["war"]).match.tolist() == ["war"]


def test_kwic_side_by_side_has_one_column_per_outlet():
    lines = N.kwic(_corpus(), ["separatists"])
    wide = N.kwic_side_by_side(lines)
    assert {"Alpha", "Beta", "n_Alpha", "n_Beta"} <= set(wide.columns)
    assert wide.loc[0, "n_Alpha"] == 1 and wide.loc[0, "n_Beta"] == 1
    assert "[separatists]" in wide.loc[0, "Alpha"]


def test_kwic_rejects_empty_terms():
    with pytest.raises(ValueError, match="search term"):
        N.kwic(_corpus(), [])


# --- collocations ------------------------------------------------------------------------------


def test_collocation_differences_flags_pairs_only_one_outlet_uses():
    df = pd.DataFrame(
        {
            "outlet": ["A", "B"],
            "text": [
                "The nuclear programme worried them. The nuclear programme was discussed. "
                "Talks began. The nuclear programme stalled.",
                "The nuclear deal worried them. The nuclear deal was discussed. Talks ended.",
            ],
        }
    )
    out = N.collocation_differences(df, min_freq=2)
    a = out[out.outlet == "A"].set_index("bigram")
    assert "nuclear programme" in a.index
    assert bool(a.loc["nuclear programme", "only_here"])
    assert a.loc["nuclear programme", "n_group"] == 3
    assert not any("the" in b.split() for b in out.bigram)


# --- naming table ------------------------------------------------------------------------------


def test_naming_table_counts_competing_names_per_outlet():
    table = N.naming_table(_corpus(), variants=N.variants_from_terms(N.read_terms(ROOT / "seeds" / "terms.csv")))
    row = table[(table.concept == "Ukrainian capital")].set_index("variant")
    assert row.loc["Kiev", "Alpha"] == 1 and row.loc["Kiev", "Beta"] == 0
    assert row.loc["Kyiv", "Alpha"] == 1 and row.loc["Kyiv", "Beta"] == 1
    assert "Kyiv" in row.loc["Kyiv", "example_Beta"]
    ceasefire = table[table.concept == "ceasefire"].set_index("variant")
    assert ceasefire.loc["cease-fire", "Beta"] == 1


# --- terms from the corpus -------------------------------------------------------------------

OUTLETS = ["Capitol Wire", "Daily Ledger", "Liberty Post", "Metro Herald", "Union Times"]


def _domestic_politics() -> pd.DataFrame:
    """Five outlets on a state budget fight: no countries, one spelling split, one label split."""
    texts = {
        "Capitol Wire": "Governor Ana Whitmore signed the budget. Senate Republicans called the tax hike reckless.",
        "Daily Ledger": "Governor Ana Whitmore signed the spending plan. Critics said the tax hike hurts families.",
        "Liberty Post": "Governor Ana Whitmore rammed through a tax hike. The socialist budget punishes taxpayers.",
        "Metro Herald": "Governor Ana Whittmore signed the budget. Teachers welcomed new school funding.",
        "Union Times": "Governor Ana Whittmore signed the budget. Teachers cheered the school funding boost.",
    }
    rows = [{"article_id": f"{o[:3]}{k}", "outlet": o, "event": "State budget",
             "text": texts[o] + f" Lawmakers met again on day {k}."} for o in OUTLETS for k in range(3)]
    return pd.DataFrame(rows)


def test_choose_terms_from_a_domestic_politics_corpus_without_seed_terms():
    df = _domestic_politics()
    terms = N.choose_terms(df)
    assert set(terms.columns) == {"concept", "term", "source"}
    seed_terms = set(N.read_terms(ROOT / "seeds" / "terms.csv")["term"].str.lower())
    assert not set(terms["term"].str.lower()) & seed_terms
    assert {"Whitmore", "Whittmore"} <= set(terms.loc[terms.source == "spelling", "term"])
    distinct = set(terms.loc[terms.source == "distinctive", "term"])
    assert "socialist" in distinct or "taxpayers" in distinct
    assert len(terms) <= 3 * len(OUTLETS) + 2 * 6 + 20  # bounded


def test_choose_terms_reads_name_forms_computed_already_as_its_own():
    # ids against row order, and one outlet writing two forms equally often: the form it writes
    # first (in row order) is its most frequent one, however the given forms are sorted
    rows = [("z1", "Ledger", "Governor Whitmore signed the budget on Monday."),
            ("y2", "Ledger", "Ana Whitmore signed the budget again."),
            ("x3", "Herald", "Ana Whitmore signed the budget. Ana Whitmore smiled."),
            ("w4", "Herald", "Critics said Ana Whitmore signed too fast.")]
    df = pd.DataFrame(rows, columns=["article_id", "outlet", "text"])
    own = N.choose_terms(df)
    assert {"Governor Whitmore", "Ana Whitmore"} <= set(own.loc[own.source == "name form", "term"])
    forms = N.name_forms(df, None, id_col="article_id")
    pd.testing.assert_frame_equal(N.choose_terms(df, forms=forms), own)


@pytest.mark.parametrize("corpus, ngrams, min_count", [
    (_domestic_politics, (1, 2), 2), (_domestic_politics, (1,), 1), (_domestic_politics, (2, 1, 3), 0),
])
def test_choose_terms_takes_distinctive_terms_computed_already(corpus, ngrams, min_count, monkeypatch):
    from analysis.framing import distinctive_terms
    from analysis.naming import terms

    df = corpus()
    own = N.choose_terms(df, per_outlet=2)
    scored = distinctive_terms(df, ngrams=ngrams, min_count=min_count)
    monkeypatch.setattr(terms, "distinctive_terms", lambda *a, **k: pytest.fail("distinctive terms computed again"))
    pd.testing.assert_frame_equal(N.choose_terms(df, per_outlet=2, scored=scored), own)
    assert (own["source"] == "distinctive").any()  # the comparison holds distinctive terms


def test_terms_for_corpus_prefers_user_then_folder_file(tmp_path):
    df = _domestic_politics()
    assert N.terms_for_corpus(df, tmp_path, "tax hike, budget")["term"].tolist() == ["tax hike", "budget"]
    own = tmp_path / "mine.csv"
    own.write_text("term\nschool funding\n", encoding="utf-8")
    assert N.terms_for_corpus(df, tmp_path, "", terms_file=own)["term"].tolist() == ["school funding"]
    (tmp_path / "terms.csv").write_text("concept,term\nplan,budget\nplan,spending plan\nhike,\n", encoding="utf-8")
    from_file = N.terms_for_corpus(df, tmp_path)
    assert from_file["term"].tolist() == ["budget", "spending plan"] and set(from_file.source) == {"file"}
    table = N.naming_table(df, variants=N.variants_from_terms(from_file))
    assert set(OUTLETS) <= set(table.columns)
    chosen = N.terms_for_corpus(df, tmp_path / "missing")
    assert set(chosen.source) <= {"distinctive", "spelling", "name form"}


def test_naming_table_default_uses_terms_from_the_corpus():
    table = N.naming_table(_domestic_politics())
    assert "Whitmore / Whittmore" in set(table.concept)
    assert "Ukrainian capital" not in set(table.concept)


def test_read_terms_explains_a_bad_file(tmp_path):
    bad = tmp_path / "terms.csv"
    bad.write_text("word\nbudget\n", encoding="utf-8")
    with pytest.raises(ValueError, match="'term' column"):
        N.read_terms(bad)


def test_naming_table_longest_variant_wins_and_custom_lexicon():
    df = pd.DataFrame({"outlet": ["A"], "text": ["Freedom fighters and other fighters met."]})
    table = N.naming_table(df, variants={"armed": ("fighters", "freedom fighters")})
    counts = table.set_index("variant")["A"]
    assert counts["freedom fighters"] == 1 and counts["fighters"] == 1


# --- name forms --------------------------------------------------------------------------------


def test_name_forms_keeps_titles_and_qualifiers():
    forms = N.name_forms(_corpus(), ["Doe", "separatists", "airport"])
    got = set(zip(forms.outlet, forms.form, strict=True))
    assert ("Alpha", "Pro-Russian separatists") in got
    assert ("Beta", "separatists") in got
    assert ("Beta", "Finance Minister Jane Doe") in got
    assert ("Alpha", "Prime minister Jane Doe") in got
    assert ("Alpha", "Kiev airport") in got
    table = N.name_form_table(forms)
    assert not table.loc[table.form == "separatists", "shared"].item()


def test_name_forms_drop_sentence_openers_and_possessive(seeds):
    forms = N.name_forms(seeds.articles, ["Moscow", "forces", "Russia"])
    assert not forms.form.str.startswith("Since ").any()
    assert not forms.form.str.contains("T-shirt").any()
    assert "Kiev's forces" in set(forms.form)
    texts = seeds.articles.set_index("article_id").text
    for r in forms.itertuples():
        assert texts[r.article_id][r.start:r.end].split() == r.form.split()


# --- agency ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, verb, doer, pattern",
    [
        ("Russia continues to blame the United States for the conflict.", "blame", "Russia",
         "active"),
        ("Washington accuses Moscow of arming rebels.", "accuse", "Washington", "active"),
        ("Crimea was annexed by Russia in 2014.", "annex", "Russia", "passive"),
        ("Moscow's annexation of Crimea angered Kiev.", "annex", "Moscow", "possessive"),
        ("The annexation of Crimea by Russia was condemned.", "annex", "Russia", "by-phrase"),
        ("Kerry and Lavrov urged all parties to respect the truce.", "urge", "Kerry and Lavrov",
         "active"),
        ("A claim Russian authorities have denied.", "deny", "Russian authorities", "active"),
        ("She urged calm.", "urge", "She", "active"),
        ("The delegation said the country was not to blame.", "blame", "", "unresolved"),
        ("The ministry condemned the US, accusing it of meddling.", "accuse", "", "unresolved"),
        ("Since Moscow annexed Crimea, ties have soured.", "annex", "Moscow", "active"),
    ],
)
def test_conflict_agents_patterns(sentence, verb, doer, pattern):
    df = pd.DataFrame({"article_id": [1], "outlet": ["A"], "text": [sentence]})
    out = N.conflict_agents(df)
    row = out[out.verb == verb].iloc[0]
    assert (row.doer, row.pattern) == (doer, pattern)
    assert sentence[row.start:row.end] == row.form


def test_agency_on_seeds_matches_hand_reading(seeds):
    """Hand-read doers of conflict verbs in the two seed articles (the gold list is ours)."""
    out = N.conflict_agents(seeds.articles)
    resolved = out[out.doer != ""]
    gold = {
        ("The Moscow Times", "annex", "Moscow"),
        ("The Moscow Times", "blame", "Russia"),
        ("The Moscow Times", "accuse", "Washington"),
        ("TRT World", "annex", "Moscow"),
        ("TRT World", "blame", "the Kremlin"),
        ("TRT World", "urge", "Kerry and Lavrov"),
    }
    got = set(zip(resolved.outlet, resolved.verb, resolved.doer, strict=True))
    assert gold <= got
    # every resolved doer is a span of the sentence it came from
    assert all(d in s for d, s in zip(resolved.doer, resolved.sentence, strict=True))
    table = N.agency_table(out)
    assert table.total.sum() == len(resolved)


def test_spelling_variants_need_a_house_style_and_shared_company():
    df = pd.DataFrame({"outlet": ["A", "A", "B", "B"], "text": [
        "Troops left Kiev on Monday. The mayor of Kiev spoke. Dean Smith read the Deal terms.",
        "Shelling hit Kiev again. The Deal was signed.",
        "Troops left Kyiv on Monday. The mayor of Kyiv spoke. The Denial camp met.",
        "Shelling hit Kyiv again. Climate Denial grew.",
    ]})
    assert N.spelling_variants(df) == [("Kiev", "Kyiv")]


@pytest.mark.parametrize("once_in", ["Alpha", "Zulu"])
def test_collocations_count_other_outlets_pairs_whatever_their_names_sort_order(once_in):
    """n_other counts the pair in every other outlet, also where it is too rare to be that
    outlet's own collocation; the result must not depend on which outlet sorts first."""
    from analysis.naming.context import collocation_differences

    frequent = "Peace talks resumed today. The peace talks went well. Peace talks again."
    once = "There were peace talks here. Markets rose sharply. Markets rose again."
    other = "Zulu" if once_in == "Alpha" else "Alpha"
    df = pd.DataFrame({"outlet": [other, once_in], "text": [frequent, once]})
    got = collocation_differences(df, min_freq=2)
    row = got[(got["outlet"] == other) & (got["bigram"] == "peace talks")].iloc[0]
    assert row["n_group"] == 3 and row["n_other"] == 1 and not row["only_here"]
