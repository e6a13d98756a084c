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
    load_sides,
    quoted_sources,
    resolve_speakers,
    share_of_voice,
    speaker_table,
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


@pytest.mark.parametrize(("descriptor", "side"), [
    # what the source said or did, after "that", is no side of the source (round 8)
    ("who has said that critics of the Russian border plan were wrong", ""),
    ("who once said that Russia would pay", ""),
    ("a charity that works with Russian orphans", ""),
    # ... while the words before it still are
    ("a Russian diplomat who said that the talks failed", "Russia"),
    ("Russian Foreign Minister Sergei Lavrov", "Russia"),
])
def test_side_is_not_read_from_what_the_source_said(descriptor, side):
    assert affiliation_of(descriptor) == side


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


# --- corpus-wide identity and sides ----------------------------------------------------------
def _corpus(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "outlet", "event", "text"])


POLITICS = _corpus([
    ("a1", "Daily", "e1", "President Barack Obama said the economy was growing. "
     "Republican presidential nominee Donald J. Trump said the economy was weak."),
    ("a2", "Herald", "e2", "Obama said the plan would pass. Mr. Trump said it would fail."),
    ("a3", "Daily", "e3", "Mr. Obama told reporters that the vote was close. "
     "Hillary Rodham Clinton said the vote was not close."),
    ("a4", "Times", "e4", "Hillary Clinton said the debate went well. Bill Clinton said the crowd was large. "
     "Mrs. Clinton added that she was ready."),
    ("a5", "Times", "e5", "Michelle Obama said the school lunch program worked. "
     "Barack Obama said the program would grow. Donald Trump said it would not."),
    ("a6", "Herald", "e6", "Sen. Marco Rubio (R-Fla.) said the bill was dead. Rubio later said it could pass."),
])


@pytest.fixture(scope="module")
def politics():
    return corpus_quotes(POLITICS, language_col=None)


def test_one_id_and_one_name_per_person_across_events(politics):
    people = politics[politics.speaker_kind == "person"]
    assert people.groupby("canonical")["speaker_id"].nunique().max() == 1
    assert people.groupby("speaker_id")["canonical"].nunique().max() == 1
    obama = people[people.canonical == "Barack Obama"]
    assert set(obama.article_id) == {"a1", "a2", "a3", "a5"}
    trump = people[people.canonical == "Donald Trump"]
    assert set(trump.article_id) == {"a1", "a2", "a5"}
    assert set(people[people.canonical == "Hillary Clinton"].article_id) == {"a3", "a4"}


def test_people_who_share_a_surname_stay_apart(politics):
    names = set(politics.canonical)
    assert {"Bill Clinton", "Hillary Clinton", "Barack Obama", "Michelle Obama"} <= names
    added = politics[politics.cue == "added"]
    assert added.canonical.tolist() == ["Hillary Clinton"]


def test_party_side_propagates_to_every_quote_of_the_person(politics):
    trump = politics[politics.canonical == "Donald Trump"]
    assert set(trump.affiliation) == {"US Republicans"}
    rubio = politics[politics.canonical == "Marco Rubio"]
    assert len(rubio) == 2 and set(rubio.affiliation) == {"US Republicans"}


def test_unresolved_speakers_are_kept_apart():
    arts = _corpus([("b1", "Daily", "e1", '"It is over," he said.'),
                    ("b2", "Herald", "e1", "Forty-one percent said the economy was weak.")])
    q = corpus_quotes(arts, language_col=None)
    assert len(q) == 2
    assert q.canonical.str.startswith("unresolved: ").all()
    assert set(q.speaker_kind) == {"unresolved"}


def test_load_sides_and_user_sides_override(tmp_path, politics):
    assert load_sides(tmp_path).empty
    (tmp_path / "sides.csv").write_text("name,side\nObama,Government\nMichelle Obama,First family\n",
                                        encoding="utf-8")
    sides = load_sides(tmp_path)
    assert sides.to_dict("records") == [{"name": "Obama", "side": "Government"},
                                        {"name": "Michelle Obama", "side": "First family"}]
    q = resolve_speakers(politics.drop(columns=["speaker_id", "canonical"]), sides=sides)
    assert set(q.loc[q.canonical == "Barack Obama", "affiliation"]) == {"Government"}
    assert set(q.loc[q.canonical == "Michelle Obama", "affiliation"]) == {"First family"}
    assert set(q.loc[q.canonical == "Donald Trump", "affiliation"]) == {"US Republicans"}


def test_load_sides_rejects_a_bad_file(tmp_path):
    (tmp_path / "sides.csv").write_text("who,team\nObama,Government\n", encoding="utf-8")
    with pytest.raises(ValueError, match="name,side"):
        load_sides(tmp_path)
    (tmp_path / "sides.csv").write_text("name,side\nObama,A\nobama,B\n", encoding="utf-8")
    with pytest.raises(ValueError, match="more than one side"):
        load_sides(tmp_path)


def test_speaker_table(politics):
    table = speaker_table(politics)
    assert table.speaker_id.is_unique
    row = table[table.canonical == "Barack Obama"].iloc[0]
    assert row.outlets == 3 and row.events == 4
    assert "Obama" in row.names


def test_quotes_and_sources_read_the_same_verb_list():
    from analysis import lexicons
    from analysis.quotes import REPORTING_VERBS

    verbs = lexicons.load("reporting_verbs")
    for lemma in verbs.loc[verbs.stance == "evaluative", "lemma"]:
        forms = REPORTING_VERBS.get(lemma, ())
        assert all(cue_stance(f.replace("_", " ")) == "evaluative" for f in forms), lemma
    for lemma in ("boast", "charge", "demand", "threaten"):
        assert lemma in REPORTING_VERBS


def test_quotes_does_not_import_sources():
    import ast
    import pathlib

    import analysis.quotes as pkg

    for path in pathlib.Path(pkg.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "analysis.sources", path.name


@pytest.mark.parametrize("n_outlets", [2, 12])
def test_source_figures_adapt_to_the_number_of_outlets(n_outlets):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from analysis.viz import sources as viz

    arts = pd.concat([POLITICS.assign(article_id=POLITICS.article_id + f"-{i}", outlet=f"Outlet ${i}")
                      for i in range(n_outlets)], ignore_index=True)
    q = corpus_quotes(arts, language_col=None)
    for fig, data in (viz.plot_quoted_sources(q),
                      viz.plot_share_of_voice(share_of_voice(q, by="affiliation"), by="affiliation"),
                      viz.plot_verb_profile(verb_profile(q, by="lemma"))):
        assert len(data)
        w, h = fig.get_size_inches() * 150
        assert w <= 3000 and h <= 3000
        plt.close(fig)


def test_one_id_per_display_name_when_a_phrase_is_read_two_ways():
    """"State Department" read as a body in one article and a group in another: one id."""
    from analysis.sources import _identities

    quotes = pd.DataFrame({"speaker": ["State Department", "State Department", "State Department"],
                           "mention": ["", "", ""], "gender": ["", "", ""]})
    canon, ids = _identities(quotes, pd.Series(["body", "body", "group"]))
    assert canon.nunique() == 1 and ids.nunique() == 1
    assert ids.iloc[0].startswith("body-")


def _made_up_quotes() -> pd.DataFrame:
    """Attributions with ties between sides and between names, missing values and stray spaces."""
    rows = [  # outlet, speaker_id, affiliation, source_type, mention, speaker, title
        ("A", "lopez", "government", "official", "Maria Lopez", "Maria Lopez", "Gov."),
        ("A", "lopez", "opposition", "official", " Lopez", "Maria Lopez", None),
        ("B", "lopez", "opposition", "official", "Lopez ", "Maria Lopez", "Gov."),
        ("B", "lopez", "government", "expert", "", "Maria Lopez", "Governor"),
        ("B", "smith", None, "citizen", None, "Sam Smith", None),
        ("A", "smith", "unknown", "citizen", "Smith", "Sam Smith", ""),
        ("A", "smith", "business", "citizen", "Sam Smith", "Sam Smith", None),
        ("A", "ngo", "civil society", "organisation", "Aid Now", "Aid Now", None),
    ]
    out = pd.DataFrame(rows, columns=["outlet", "speaker_id", "affiliation", "source_type", "mention", "speaker",
                                      "speaker_title"]).astype(object)
    return out.assign(canonical=out["speaker"], kind=["direct", "indirect", "mixed", "direct"] * 2,
                      words=[5, 3, 8, 1, 2, 2, 4, 6], event="E", speaker_kind="person")


def test_speaker_and_source_tables_are_those_of_pandas_per_group():
    q = _made_up_quotes()
    form = q["mention"].where(q["mention"].astype(str) != "", q["speaker"])

    def names(forms: pd.Series) -> str:
        counts = forms.astype(str).str.strip().value_counts()
        return "; ".join(sorted((f for f in counts.index if f), key=lambda f: (-counts[f], f))[:6])

    speakers = speaker_table(q).set_index("speaker_id")
    for sid, grp in q.assign(form=form).groupby("speaker_id"):
        row = speakers.loc[sid]
        assert row["side"] == grp["affiliation"].mode().iloc[0]
        assert row["source_type"] == grp["source_type"].mode().iloc[0]
        assert row["names"] == names(grp["form"]) and row["titles"] == names(grp["speaker_title"])
    lopez = speakers.loc["lopez"]  # ties go to the alphabetically first
    assert lopez["side"] == "government" and lopez["names"] == "Lopez; Maria Lopez"
    assert lopez["titles"] == "Gov.; Governor"
    who = quoted_sources(q).set_index(["outlet", "speaker_id"])
    for key, grp in q.groupby(["outlet", "speaker_id"]):
        assert who.loc[key, "source_type"] == grp["source_type"].mode().iloc[0]
        if grp["affiliation"].notna().any():
            assert who.loc[key, "affiliation"] == grp["affiliation"].mode().iloc[0]
    assert pd.isna(who.loc[("B", "smith"), "affiliation"])  # no side given at all: missing, not an error
