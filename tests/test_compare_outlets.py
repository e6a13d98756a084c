"""Across-events comparisons: paired by event, stratified permutation, Holm; power stated."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analysis import sentiment as S
from analysis.compare_outlets import COLUMNS, compare_outlets, grouped_findings, paired_comparisons, stats
from analysis.compare_outlets.planted import planted_tables
from analysis.compare_outlets.stats import _all_signs, saddlepoint_p, sign_flip_p
from analysis.summary import across_events_text

TONE = ("Outlet A", "Red Party", -0.3)
QUOTE = ("Outlet B", "Red Party", 2.5)
RED = {"Red Party", "Ann Red", "Bob Red"}


def _planted_rows(table: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Which established rows are the tone plant (Outlet A, the Red side or its actors) and
    which the quote plant (Outlet B's share of quoted words by side, which moves every side's share)."""
    est = table[table["established"]]
    involves = lambda outlet: (est["outlet_a"] == outlet) | (est["outlet_b"] == outlet)  # noqa: E731
    tone = est["measure"].isin(["side_tone", "actor_tone"]) & est["target"].isin(RED) & involves("Outlet A")
    quote = (est["measure"] == "quote_side") & involves("Outlet B")
    return tone, quote


def test_smallest_p_of_one_article_per_outlet_is_one():
    assert S.findings.smallest_p([1, 1]) == 1.0
    assert S.findings.smallest_p([1, 1, 1]) == 1.0
    assert S.findings.smallest_p([2, 2]) == pytest.approx(1 / 3)
    assert S.findings.smallest_p([200, 200], n_perm=999) == pytest.approx(1 / 1000)


def test_event_with_one_article_per_outlet_says_it_cannot_show_a_difference():
    rows = [{"article_id": f"{o}-1", "outlet": o, "event": "E", "compound": v}
            for o, v in (("A", -0.8), ("B", 0.1), ("C", 0.7)) for _ in range(20)]
    res = S.tone_findings(pd.DataFrame(rows), unit_col="article_id", n_perm=500, scope="this event alone",
                          elsewhere="see the across-events comparison")
    assert not res["powered"] and res["p_min"] == 1.0
    assert "no clear" not in res["text"].lower() and "no difference" not in res["text"].lower()
    assert "this event alone cannot show a tone difference" in res["text"]
    assert "one article per outlet" in res["text"] and "across-events" in res["text"]
    by_event = S.tone_findings_by(pd.DataFrame(rows), unit_col="article_id", n_perm=200)
    assert not by_event["powered"].iloc[0] and "cannot show" in by_event["text"].iloc[0]
    # sentences as units have the power: the same data then name the outlets that differ
    assert S.tone_findings(pd.DataFrame(rows), n_perm=500)["powered"]


def test_sign_flip_p_is_exact_for_few_events_and_saddlepoint_close_for_more():
    rng = np.random.default_rng(3)
    d = np.zeros((20, 3))
    d[:8, 0] = rng.normal(0.5, 1, 8)
    d[:5, 1] = rng.normal(0, 1, 5)
    d[:, 2] = rng.normal(0.8, 1, 20)
    signs = rng.choice([-1.0, 1.0], size=(2000, 20))
    p, nonzero = sign_flip_p(d, signs)
    assert list(nonzero) == [8, 5, 20]
    for c, n in ((0, 8), (1, 5)):
        exact = (np.abs(_all_signs(n) @ d[:n, c]) >= abs(d[:n, c].sum()) - 1e-12).mean()
        assert p[c] == pytest.approx(exact)
    assert p[1] >= 2 / 2**5  # five events can never reach p < 0.05
    d16 = rng.normal(0.9, 1, (16, 1))
    exact16 = (np.abs(_all_signs(16) @ d16[:, 0]) >= abs(d16.sum()) - 1e-12).mean()
    assert saddlepoint_p(d16)[0] == pytest.approx(exact16, rel=0.15)


def test_percentiles_of_all_columns_at_once_are_numpys_nanpercentile_bit_for_bit():
    rng = np.random.default_rng(11)
    for trial in range(60):
        boot = rng.normal(size=(int(rng.integers(1, 40)), int(rng.integers(1, 30)))) * 10.0 ** rng.integers(-3, 3)
        boot[rng.random(boot.shape) < rng.random()] = np.nan  # resamples that drew none of the events
        boot[:, 0] = np.nan if trial % 3 == 0 else boot[:, 0]
        q = [0.0, 2.5, float(rng.uniform(0, 100)), 50.0, 97.5, 100.0]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # numpy warns of all-NaN columns
            expected = np.nanpercentile(boot, q, axis=0)
        np.testing.assert_array_equal(stats._percentiles(boot, q), expected)


def test_comparisons_do_not_depend_on_how_they_are_cut_into_blocks(monkeypatch):
    # ragged coverage: outlets miss events, some pairs share none, more than 12 events (random signs)
    tables = planted_tables(20, outlets=("A", "B", "C", "D"), tone_plant=("A", "Red Party", -0.4), seed=8)
    keep = np.random.default_rng(2).random(len(tables["articles"])) < 0.6
    tables["articles"] = tables["articles"][keep].reset_index(drop=True)
    first = compare_outlets(tables, n_perm=300, n_boot=200, seed=1)
    monkeypatch.setattr(stats, "_CHUNK", 3)
    pd.testing.assert_frame_equal(compare_outlets(tables, n_perm=300, n_boot=200, seed=1), first, check_exact=True)


def test_pairing_by_event_removes_what_the_events_differ_in():
    # A covers grim events 0-39, B covers 20-59 (milder): same tone within every shared event
    rows = []
    for e in range(60):
        mood = -0.5 + e / 60
        for outlet in (["A"] if e < 20 else ["A", "B"] if e < 40 else ["B"]):
            rows.append({"measure": "sentence_tone", "target": "all", "event": f"E{e:02d}", "outlet": outlet,
                         "value": mood})
    table = paired_comparisons(pd.DataFrame(rows), seed=0)
    row = table.iloc[0]
    assert row["n_events"] == 20 and row["diff"] == pytest.approx(0.0) and not row["established"]
    assert row["events"].split("|") == [f"E{e:02d}" for e in range(20, 40)]
    pooled = pd.DataFrame(rows).groupby("outlet")["value"].mean()
    assert pooled["A"] - pooled["B"] < -0.3  # what an unpaired comparison would have called a difference


def test_planted_corpus_names_exactly_the_two_planted_differences():
    table = compare_outlets(planted_tables(30, tone_plant=TONE, quote_plant=QUOTE, seed=0))
    assert list(table.columns) == COLUMNS and (table["n_events"] == 30).all()
    tone, quote = _planted_rows(table)
    est = table[table["established"]]
    assert tone.any() and quote.any()
    assert (tone | quote).all(), est[~(tone | quote)]
    # right direction: Outlet A more negative toward the Red side; Outlet B quotes the Red side more
    side = est[(est["measure"] == "side_tone") & (est["target"] == "Red Party")]
    assert len(side) and all((r.mean_a < r.mean_b) == (r.outlet_a == "Outlet A") for r in side.itertuples())
    red_quotes = est[(est["measure"] == "quote_side") & (est["target"] == "Red Party")]
    assert len(red_quotes) and all((r.mean_a > r.mean_b) == (r.outlet_a == "Outlet B") for r in red_quotes.itertuples())
    text = across_events_text(table)
    assert "Outlet A's articles were more negative toward actors of the Red Party side" in text
    assert "Outlet B gave more of its quoted words to sources of the side Red Party" in text
    assert "p&#95;holm" in text and "30 events" in text
    assert all(e.startswith("Event ") for e in est["evidence"].iloc[0].splitlines())


def test_control_corpora_name_no_difference_in_at_least_19_of_20():
    false = sum(bool(compare_outlets(planted_tables(30, seed=500 + s), n_perm=1000, n_boot=500)["established"].any())
                for s in range(20))
    assert false <= 1


def test_one_event_says_it_needs_more_events():
    table = compare_outlets(planted_tables(1, outlets=("Outlet A", "Outlet B"), tone_plant=TONE, seed=0))
    assert len(table) and not table["powered"].any() and not table["established"].any()
    assert table["p_holm"].isna().all()
    text = across_events_text(table)
    assert "at most 1 event" in text and "needs at least 6 shared events" in text
    assert "no difference" not in text.lower()


def test_comparisons_are_deterministic_and_every_row_counts_its_events():
    tables = planted_tables(12, outlets=("A", "B", "C", "D"), tone_plant=("A", "Red Party", -0.3), seed=4)
    first, second = compare_outlets(tables, seed=2), compare_outlets(tables, seed=2)
    pd.testing.assert_frame_equal(first, second)
    assert (first["n_events"] == first["events"].str.count(r"\|") + 1).all()
    assert set(zip(first["outlet_a"], first["outlet_b"], strict=True)) == {
        (a, b) for a in "ABCD" for b in "ABCD" if a < b}


def test_figures_adapt_to_two_and_twelve_outlets():
    import matplotlib

    matplotlib.use("Agg")
    from analysis.viz.compare import plot_comparisons

    few = compare_outlets(planted_tables(1, outlets=("Outlet A", "Outlet B"), seed=0))
    fig, data = plot_comparisons(few, "actor_tone")
    assert len(data) == few[few["measure"] == "actor_tone"]["target"].nunique() <= 9
    assert "Too few shared events" in fig._suptitle.get_text()
    many = compare_outlets(planted_tables(8, outlets=tuple(f"Outlet {i:02d}" for i in range(12)), seed=1),
                           n_perm=200, n_boot=100)
    fig, data = plot_comparisons(many, "side_tone", max_pairs=8)
    assert data.groupby("panel").size().max() <= 8 and (data["pairs_total"] == 66).all()
    w, h = fig.get_size_inches()
    assert w * 150 <= 3000 and h * 150 <= 3000
    fig, data = plot_comparisons(many, "no_such_measure")
    assert data.empty


def test_text_level_corpus_gives_sides_from_the_senators_quotes(tmp_path):
    from analysis.compare_outlets.planted import write_planted_corpus
    from analysis.pipeline import run

    folder = write_planted_corpus(tmp_path / "corpus", 8, tone_plant=TONE, quote_plant=QUOTE, seed=0)
    table = compare_outlets(run(folder, progress=False), n_perm=200, n_boot=200)
    sides = set(table.loc[table["measure"] == "side_tone", "target"])
    assert {"US Republicans", "US Democrats"} <= sides
    actors = set(table.loc[table["measure"] == "actor_tone", "target"])
    assert {"Ann Redford", "Bob Redman", "Cy Bluestone", "Di Bluewater"} <= actors
    assert (table["n_events"] == 8).all() and table["powered"].any()


def _with_sentence_shift(tables: dict, *, naming: str | None) -> dict:
    """Outlet A's sentences made more negative: half of each article's sentences, which name
    ``naming`` (an actor) when given, else nobody."""
    sents = tables["sentences"].copy()
    outlet = sents["article_id"].map(tables["articles"].set_index("article_id")["outlet"])
    hit = (outlet == "Outlet A") & (sents["sent_id"] % 2 == 0)
    sents.loc[hit, "compound"] = (sents.loc[hit, "compound"] - 0.8).clip(-1, 1)
    if naming:
        sents.loc[hit, "text"] = sents.loc[hit, "text"] + f" {naming} spoke."
    return {**tables, "sentences": sents}


@pytest.mark.parametrize("naming, role", [("Ann Red", "implied"), (None, "finding")])
def test_sentence_tone_is_named_only_if_it_remains_without_the_actors_sentences(naming, role):
    tables = _with_sentence_shift(planted_tables(30, tone_plant=("Outlet A", "Red Party", -0.5), seed=1),
                                  naming=naming)
    table = compare_outlets(tables)
    sent = table[(table["measure"] == "sentence_tone") & table["established"]]
    assert len(sent) and (sent["role"] == role).all(), sent
    if role == "implied":
        assert sent["explained_by"].str.contains("Ann Red").all()
        assert sent["residual_p_holm"].notna().all()


def test_compositional_shares_name_the_part_that_moved_and_imply_its_complement():
    table = compare_outlets(planted_tables(30, quote_plant=QUOTE, seed=3))
    est = table[table["established"]]
    findings = est[est["role"] == "finding"]
    assert len(findings) and (findings["measure"] == "quote_side").all()
    assert (findings["target"] == "Red Party").all()
    complement = est[(est["measure"] == "quote_side") & (est["target"] != "Red Party")]
    assert len(complement) and (complement["role"] == "implied").all()
    assert (complement["explained_by"] == "quote_side:Red Party").all()
    text = across_events_text(table)
    assert text.count("\n- ") == len(grouped_findings(table)) + text.count("\n- **")
    assert "Not a separate finding (its complement" in text


def test_shared_content_counts_narrated_facts_not_quotations_several_outlets_ran():
    from analysis.compare_outlets.measures import coverage_units, quoted_sentences

    texts = {0: "The committee voted 6 to 3 on Monday.",
             1: "The bill would cost 9 billion dollars, according to the budget office.",
             2: "\u201cWe will read the whole bill before anyone votes on it,\u201d said Redman."}
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["A", "B", "C"], "event": "E"})
    sentences, quotes, start = [], [], 0
    for aid in "abc":
        start = 0
        for sid, text in texts.items():
            sentences.append({"article_id": aid, "sent_id": sid, "text": text, "start": start,
                              "end": start + len(text)})
            if sid == 1:  # indirect speech: the outlet's own wording
                quotes.append({"article_id": aid, "kind": "indirect", "start": start, "end": start + 39})
            if sid == 2:
                quotes.append({"article_id": aid, "kind": "direct", "start": start + 1,
                               "end": start + text.index("\u201d")})
            start += len(text) + 1
    sentences, quotes = pd.DataFrame(sentences), pd.DataFrame(quotes)
    assert quoted_sentences(sentences, quotes) == {("a", 2), ("b", 2), ("c", 2)}
    # the narrated facts (0, 1) in every outlet; outlets B and C also ran the same quotation (2)
    pairs = [("a", "b", 0), ("a", "c", 0), ("a", "b", 1), ("b", "c", 1), ("b", "c", 2)]
    outlet = dict(zip(articles["article_id"], articles["outlet"], strict=True))
    alignment = pd.DataFrame([{"event": "E", "outlet": outlet[x], "article_id": x, "sent_id": s, "text": texts[s],
                               "other_outlet": outlet[y], "match_article_id": y, "match_sent_id": s,
                               "match_text": texts[s], "shared": True} for x, y, s in pairs])
    every = coverage_units(alignment, articles).set_index("outlet")["value"]
    assert every["A"] < every["B"] == every["C"]  # quotations counted: A seems to carry less
    narrated = coverage_units(alignment, articles, quoted=quoted_sentences(sentences, quotes))
    assert narrated["value"].tolist() == [1.0, 1.0, 1.0]


@pytest.mark.parametrize("leak, role", [(True, "implied"), (False, "finding")])
def test_tone_toward_an_actor_next_to_stronger_ones_is_named_only_if_it_remains_rescored_without_them(leak, role):
    from analysis.compare_outlets import roles
    from analysis.compare_outlets.measures import actor_sides, frequent_cast, outlet_units

    tables = planted_tables(30, tone_plant=("Outlet A", "Red Party", -0.8), seed=1)
    tone = tables["actor_tone"].merge(tables["articles"][["article_id", "outlet"]], on="article_id")
    blue_in_a = (tone["outlet"] == "Outlet A") & (tone["actor"] == "Cy Blue")
    tone.loc[blue_in_a, "tone"] -= 0.4
    tables = {**tables, "actor_tone": tone.drop(columns="outlet")}
    table = compare_outlets(tables)  # a precomputed actor_tone: nothing to re-score, rows stay as they are
    blue = (table["measure"] == "actor_tone") & (table["target"] == "Cy Blue") & table["established"]
    assert blue.any() and (table.loc[blue, "role"] == "finding").all()

    asked = []

    def rescore(ids, actors, names):  # without the Red actors' sentences: the shift was (not) theirs
        asked.append((set(actors), set(names)))
        out = tone[tone["article_id"].isin(set(ids)) & tone["actor"].isin(set(actors))].copy()
        if leak:
            out.loc[out["outlet"] == "Outlet A", "tone"] += 0.4
        return out.drop(columns="outlet")

    cast = frequent_cast(tables["actors"])
    units = outlet_units(tables, cast=cast)
    base = table.drop(columns=["role", "explained_by", "residual_p_holm", "evidence"])
    got = roles(base, units, sides=actor_sides(cast, tables["quotes"]), aliases={a: {a} for a in cast["actor"]},
                sentences=tables["sentences"], quotes=tables["quotes"], articles=tables["articles"],
                test=lambda part: paired_comparisons(part), rescore=rescore)
    assert ({"Cy Blue"}, {"Ann Red", "Bob Red"}) in asked
    # the strongest difference of a pair is a finding whatever the others; Cy Blue's rows behind a Red one
    red_p = table[table["target"].isin(["Ann Red", "Bob Red"]) & table["established"]].groupby(
        ["outlet_a", "outlet_b"])["p_value"].min()
    behind = blue & np.array([red_p.get((r.outlet_a, r.outlet_b), 1.0) < r.p_value for r in table.itertuples()])
    assert behind.any() and (got.loc[behind, "role"] == role).all()
    if role == "implied":
        assert got.loc[behind, "explained_by"].str.contains("actor_tone:Ann Red|actor_tone:Bob Red").all()
    red = (table["measure"] == "actor_tone") & table["target"].isin(["Ann Red", "Bob Red"]) & table["established"]
    assert red.any() and (got.loc[red, "role"] == "finding").any()


def test_a_finding_that_implies_no_row_is_described():
    """Found on 10,000 synthetic articles: when no row is implied by a finding, the
    candidates were empty and selecting them with an empty list picked zero columns
    (KeyError 'diff' in notebook 06)."""
    from analysis.compare_outlets.text import implied_by

    table = compare_outlets(planted_tables(30, quote_plant=QUOTE, seed=3))
    finding = grouped_findings(table)[0]
    implied = table[table["role"] == "implied"]
    assert len(implied)
    moved = table.copy()
    moved.loc[implied.index, "explained_by"] = "no_measure:nobody"
    rows = implied_by(moved, finding)
    assert rows.empty and list(rows.columns) == list(moved.columns)
    assert len(implied_by(table, finding)) and list(implied_by(table, finding).columns) == list(table.columns)
    assert across_events_text(moved)
