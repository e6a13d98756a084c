import math

import pandas as pd
import pytest

from analysis.compare import (
    align,
    coverage_overlap,
    extract_numbers,
    grid_matches,
    number_discrepancies,
    similarity_grid,
    unique_content,
)

ARTICLES = pd.DataFrame(
    {
        "article_id": ["a1", "b1", "c1", "s1"],
        "outlet": ["Alpha", "Beta", "Gamma", "Solo"],
        "event": ["E", "E", "E", "Lonely"],
    }
)
SENTENCES = pd.DataFrame(
    [
        ("a1", 0, "The ministers met in Geneva for four hours on Tuesday to discuss the ceasefire."),
        ("a1", 1, "Farmers in the valley harvested a record crop of tomatoes this autumn."),
        ("b1", 0, "On Tuesday the ministers met in Geneva and discussed the ceasefire for more than eight hours."),
        ("b1", 1, "The central bank raised interest rates by half a point."),
        ("c1", 0, "A museum reopened its doors after a long renovation."),
        ("s1", 0, "Only one outlet covered this event."),
    ],
    columns=["article_id", "sent_id", "text"],
)


def test_align_matches_the_same_fact_across_outlets():
    al = align(SENTENCES, ARTICLES)
    row = al[(al.article_id == "a1") & (al.sent_id == 0) & (al.other_outlet == "Beta")].iloc[0]
    assert row.match_article_id == "b1" and row.match_sent_id == 0 and row.shared
    tomatoes = al[(al.article_id == "a1") & (al.sent_id == 1)]
    assert not tomatoes["shared"].any()


def test_single_outlet_events_are_skipped():
    al = align(SENTENCES, ARTICLES)
    assert "Lonely" not in set(al["event"])


def test_unique_content_is_the_omission_table():
    al = align(SENTENCES, ARTICLES)
    uniq = unique_content(al)
    keys = set(zip(uniq.article_id, uniq.sent_id, strict=True))
    assert ("a1", 1) in keys and ("b1", 1) in keys and ("c1", 0) in keys
    assert ("a1", 0) not in keys and ("b1", 0) not in keys


def test_coverage_overlap_counts_shared_units():
    cov = coverage_overlap(align(SENTENCES, ARTICLES)).set_index(["outlet", "other_outlet"])
    assert cov.loc[("Alpha", "Beta"), "shared"] == 1
    assert cov.loc[("Alpha", "Beta"), "shared_share"] == 0.5
    assert cov.loc[("Gamma", "Alpha"), "shared"] == 0


def test_one_shared_word_is_not_shared_content():
    sents = pd.DataFrame([("a1", 0, "This is what the visit is about."), ("b1", 0, "The visit was short.")],
                         columns=["article_id", "sent_id", "text"])
    al = align(sents, ARTICLES)
    assert al["shared_terms"].max() == 1 and not al["shared"].any()


def test_similarity_grid_is_long_format():
    grid = similarity_grid(SENTENCES, "a1", "b1")
    assert len(grid) == 4 and set(grid.columns) == {"unit_a", "unit_b", "similarity", "shared_terms"}
    assert grid.loc[(grid.unit_a == 0) & (grid.unit_b == 0), "similarity"].iloc[0] > 0.25
    assert list(grid_matches(grid)[["unit_a", "unit_b"]].itertuples(index=False, name=None)) == [(0, 0)]


def test_align_validates_columns():
    with pytest.raises(ValueError, match="missing column"):
        align(SENTENCES.drop(columns="text"), ARTICLES)


@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "unit"),
    [
        ("Putin's meeting with Kerry lasted for four hours.", "four hours", 4, 4, "hour"),
        ("The parties sat more than eight hours in Sochi.", "more than eight hours", 8, math.inf, "hour"),
        ("the loss of more than 6,000 lives in clashes", "more than 6,000 lives", 6000, math.inf, "life"),
        ("at least 220,000 people have been killed", "at least 220,000 people", 220000, math.inf, "people"),
        ("This commitment costs us $10,000 a month.", "$10,000", 10000, 10000, "dollar"),
        ("about 40 civilians were wounded", "about 40 civilians", 36, 44, "civilian"),
        ("turnout fell to 45 percent", "45 percent", 45, 45, "percent"),
        ("a budget of $2.5 billion", "$2.5 billion", 2.5e9, 2.5e9, "dollar"),
        ("up to 300 soldiers", "up to 300 soldiers", 0, 300, "soldier"),
    ],
)
def test_extract_numbers(text, surface, low, high, unit):
    units = pd.DataFrame({"article_id": ["x"], "sent_id": [0], "text": [text], "start": [100]})
    nums = extract_numbers(units)
    assert len(nums) == 1, nums
    row = nums.iloc[0]
    assert (row.surface, row.unit) == (surface, unit)
    assert row.low == pytest.approx(low) and row.high == pytest.approx(high)
    assert text[row.start - 100 : row.end - 100] == surface


@pytest.mark.parametrize(
    "text",
    ["They met on May 12 in Sochi.", "Relations have been tense since 2013.", "He is one of the leaders."],
)
def test_dates_years_and_unitless_numbers_are_not_quantities(text):
    units = pd.DataFrame({"article_id": ["x"], "sent_id": [0], "text": [text]})
    assert extract_numbers(units).empty


def test_number_discrepancies_flag_non_overlapping_figures():
    nums = extract_numbers(SENTENCES)
    flags = number_discrepancies(nums, ARTICLES)
    assert len(flags) == 1
    row = flags.iloc[0]
    assert (row.outlet_a, row.surface_a, row.outlet_b, row.surface_b) == (
        "Alpha", "four hours", "Beta", "more than eight hours",
    )
    assert row.context_similarity > 0.25


def test_consistent_figures_are_not_flagged():
    sents = pd.DataFrame(
        [("a1", 0, "About 100 people were hurt."), ("b1", 0, "More than 95 people were hurt.")],
        columns=["article_id", "sent_id", "text"],
    )
    assert number_discrepancies(extract_numbers(sents), ARTICLES).empty
