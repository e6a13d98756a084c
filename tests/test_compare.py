import numpy as np
import pandas as pd
import pytest

from analysis.compare import (
    align,
    alignment_table,
    counterparts,
    coverage_overlap,
    extract_numbers,
    grid_matches,
    matching,
    number_discrepancies,
    omissions,
    quote_fidelity,
    similarity_grid,
    text_pair_features,
    unique_content,
)
from analysis.compare.matching import DEFAULT_THRESHOLD, score_pairs

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
    assert row.relation == "shared"
    tomatoes = al[(al.article_id == "a1") & (al.sent_id == 1)]
    assert not tomatoes["shared"].any()
    assert set(al["relation"]) <= {"shared", "partly shared", "unique"}


def test_alignment_table_is_align_on_sentences():
    pd.testing.assert_frame_equal(alignment_table(SENTENCES, ARTICLES), align(SENTENCES, ARTICLES))


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


def test_counterparts_has_one_column_per_other_outlet():
    wide = counterparts(align(SENTENCES, ARTICLES)).set_index(["article_id", "sent_id"])
    assert {"Alpha", "Beta", "Gamma", "n_counterparts"} <= set(wide.columns)
    assert bool(wide.loc[("a1", 0), "Beta"]) and wide.loc[("a1", 0), "n_counterparts"] == 1
    assert wide.loc[("a1", 1), "n_counterparts"] == 0


def test_one_shared_word_is_not_shared_content():
    sents = pd.DataFrame([("a1", 0, "This is what the visit is about."), ("b1", 0, "The visit was short.")],
                         columns=["article_id", "sent_id", "text"])
    al = align(sents, ARTICLES)
    assert al["shared_terms"].max() == 1 and not al["shared"].any()


# Paraphrases (different words, same claim) must score above unrelated sentences of the same
# story, and above the shared threshold when the claim is plainly the same.
PARAPHRASES = [
    ("Afterward, a Kremlin adviser said the talks had failed to lead to any significant breakthroughs.",
     "The Kremlin adviser stated that the meeting yielded no breakthrough."),
    ("The Senate on Thursday confirmed Andrew Wheeler to lead the Environmental Protection Agency.",
     "Andrew Wheeler was confirmed by the Senate as EPA chief on Thursday."),
    ("Maine Sen. Susan Collins was the lone Republican to oppose Wheeler's confirmation.",
     "Maine Sen. Susan Collins was the sole Republican to oppose Wheeler."),
]
UNRELATED_SAME_STORY = [
    ("Afterward, a Kremlin adviser said the talks had failed to lead to any significant breakthroughs.",
     "Lavrov presented Kerry with locally harvested tomatoes and potatoes."),
    ("The Senate on Thursday confirmed Andrew Wheeler to lead the Environmental Protection Agency.",
     "His agency finalized revisions to a rule regulating the disposal of coal ash."),
    ("Maine Sen. Susan Collins was the lone Republican to oppose Wheeler's confirmation.",
     "Wheeler told senators in August that the agency had not slowed down."),
]


def _scores(pairs):
    a, b = zip(*pairs, strict=True)
    return score_pairs(text_pair_features(list(a), list(b)))


def test_paraphrases_outrank_unrelated_sentences_of_the_same_story():
    para, other = _scores(PARAPHRASES), _scores(UNRELATED_SAME_STORY)
    assert (para > other).all()
    assert (para >= DEFAULT_THRESHOLD).sum() >= 2
    assert (other < DEFAULT_THRESHOLD).all()


def test_blocking_keeps_the_true_match_among_many_distractors(monkeypatch):
    monkeypatch.setattr(matching, "EXHAUSTIVE", 0)  # force nearest-neighbour blocking
    rng_texts = [f"Officials in district {k} reported road repairs and a new school timetable." for k in range(60)]
    sents = pd.DataFrame(
        [("a1", 0, PARAPHRASES[0][0])] + [("b1", k, t) for k, t in enumerate(rng_texts)]
        + [("b1", 99, PARAPHRASES[0][1])],
        columns=["article_id", "sent_id", "text"],
    )
    al = align(sents, ARTICLES, k=3)
    row = al[(al.article_id == "a1") & (al.other_outlet == "Beta")].iloc[0]
    assert row.match_sent_id == 99


def test_similarity_grid_is_long_format():
    grid = similarity_grid(SENTENCES, "a1", "b1")
    assert len(grid) == 4 and {"unit_a", "unit_b", "similarity", "shared_terms", "cosine"} <= set(grid.columns)
    assert grid.loc[(grid.unit_a == 0) & (grid.unit_b == 0), "similarity"].iloc[0] >= DEFAULT_THRESHOLD
    assert list(grid_matches(grid)[["unit_a", "unit_b"]].itertuples(index=False, name=None)) == [(0, 0)]


def test_align_validates_columns():
    with pytest.raises(ValueError, match="missing column"):
        align(SENTENCES.drop(columns="text"), ARTICLES)


# --- numbers -----------------------------------------------------------------------------------
NUMBER_CASES = [
    ("The talks lasted more than eight hours.", "hour", "duration", 8.0, float("inf")),
    ("Putin's meeting with Kerry lasted for four hours.", "hour", "duration", 4.0, 4.0),
    ("The fire has scorched more than 140,000 acres.", "acre", "area", 140000.0, float("inf")),
    ("Emissions must fall 45 percent below 2010 levels.", "percent", "percent", 45.0, 45.0),
    ("The plan costs about $40 million.", "dollar", "money", 36e6, 44e6),
    ("Up to 300 people were evacuated.", "person", "people", 0.0, 300.0),
    ("The loss of more than 6,000 lives in clashes.", "life", "people", 6000.0, float("inf")),
]


@pytest.mark.parametrize(("text", "unit", "cls", "low", "high"), NUMBER_CASES)
def test_extract_numbers_reads_units_and_hedges(text, unit, cls, low, high):
    n = extract_numbers(pd.DataFrame({"article_id": ["a"], "sent_id": [0], "text": [text]}))
    assert len(n) == 1, n
    row = n.iloc[0]
    assert (row.unit, row.unit_class) == (unit, cls)
    assert row.low == pytest.approx(low) and row.high == pytest.approx(high)
    assert text[row.start : row.end] == row.surface


@pytest.mark.parametrize("text", [
    "He told 60 Minutes that the plan was dead.",
    "The ceasefire agreed in Minsk on Feb. 12 held.",
    "In 2015 the agreement was signed.",
    "He watched 24 Hours of Le Mans.",
])
def test_titles_dates_and_years_are_not_quantities(text):
    assert extract_numbers(pd.DataFrame({"article_id": ["a"], "sent_id": [0], "text": [text]})).empty


DISC_ARTICLES = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["Alpha", "Beta"], "event": ["E", "E"]})


def _numbers(rows):
    return extract_numbers(pd.DataFrame(rows, columns=["article_id", "sent_id", "text"]))


def test_discrepancy_needs_the_same_fact():
    nums = _numbers([
        ("a", 0, "Putin's meeting with Kerry in Sochi lasted for four hours on Tuesday."),
        ("b", 0, "Putin and Kerry met in Sochi on Tuesday for more than eight hours."),
        ("b", 1, "The drive from the airport to the coast takes two hours."),
    ])
    disc = number_discrepancies(nums, DISC_ARTICLES)
    assert len(disc) == 1
    assert {disc.iloc[0].surface_a, disc.iloc[0].surface_b} == {"four hours", "more than eight hours"}


def test_consistent_hedged_figures_are_not_discrepancies():
    nums = _numbers([
        ("a", 0, "The U.S. pledged to cut emissions by about 26 percent by 2025."),
        ("b", 0, "The U.S. pledged to cut emissions at least 26 percent by 2025."),
    ])
    assert number_discrepancies(nums, DISC_ARTICLES).empty


def test_discrepancies_are_bounded():
    rows = []
    for k in range(30):
        rows.append(("a", k, f"Officials said the fire near Redding killed {k + 1} people on Monday."))
        rows.append(("b", k, f"Officials said the fire near Redding killed {k + 100} people on Monday."))
    disc = number_discrepancies(_numbers(rows), DISC_ARTICLES, top_n=5)
    assert len(disc) == 5


# --- omissions ---------------------------------------------------------------------------------
OM_ARTICLES = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["Alpha", "Beta", "Gamma"],
                            "event": ["E", "E", "E"]})
OM_SENTENCES = pd.DataFrame([
    ("a", 0, "The Senate on Thursday confirmed Andrew Wheeler to lead the Environmental Protection Agency."),
    ("a", 1, "Maine Sen. Susan Collins was the lone Republican to oppose Wheeler's confirmation."),
    ("b", 0, "Andrew Wheeler was confirmed by the Senate as EPA chief on Thursday."),
    ("b", 1, "Maine Sen. Susan Collins was the sole Republican to oppose Wheeler."),
    ("c", 0, "On Thursday the Senate confirmed Andrew Wheeler as head of the Environmental Protection Agency."),
    ("c", 1, "Environmental groups said they would challenge the agency in court."),
], columns=["article_id", "sent_id", "text"])


def test_omissions_find_what_two_outlets_report_and_one_leaves_out():
    om = omissions(align(OM_SENTENCES, OM_ARTICLES), OM_ARTICLES)
    assert len(om) == 1
    row = om.iloc[0]
    assert row.missing_outlet == "Gamma" and row.n_reporting == 2 and row.n_outlets == 3
    assert "Collins" in row.evidence and "Alpha:" in row.evidence and "Beta:" in row.evidence


def test_min_outlets_raises_the_bar():
    assert omissions(align(OM_SENTENCES, OM_ARTICLES), OM_ARTICLES, min_outlets=3).empty


# --- quote fidelity ----------------------------------------------------------------------------
def test_quote_fidelity_flags_truncation_wording_and_verbs():
    quotes = pd.DataFrame({
        "article_id": ["a", "b", "c", "a"],
        "speaker": ["Lavrov"] * 3 + ["Kerry"],
        "cue": ["said", "claimed", "said", "said"],
        "quote": ["sanctions against Russia are a dead end for everyone involved",
                  "sanctions against Russia are a dead end",
                  "sanctions against Russia are a dead-end street for everyone involved",
                  "we came here to have a very full and open dialogue"],
    })
    fid = quote_fidelity(quotes, OM_ARTICLES).set_index(["outlet_a", "outlet_b"])
    assert fid.loc[("Alpha", "Beta"), "fidelity"] == "truncated"
    assert bool(fid.loc[("Alpha", "Beta"), "verb_change"])
    assert fid.loc[("Alpha", "Gamma"), "fidelity"] == "different words"
    assert not bool(fid.loc[("Alpha", "Gamma"), "verb_change"])
    assert len(fid) == 3  # Kerry's quotation has no counterpart


@pytest.mark.parametrize("min_overlap", [0.6, 0.0, 1.0])
def test_quote_fidelity_pairs_are_every_pair_of_outlets_with_enough_shared_words(min_overlap):
    import random

    from analysis.compare.fidelity import _overlapping_pairs

    random.seed(7)
    vocabulary = "we will not back down the sanctions are working said talks now".split()
    recs = [{"outlet": random.choice("ABC"), "words": frozenset(random.choices(vocabulary, k=random.randint(1, 8)))}
            for _ in range(23)]
    expected = [(i, j, len(a["words"] & b["words"]) / min(len(a["words"]), len(b["words"])))
                for i, a in enumerate(recs) for j, b in enumerate(recs)
                if i < j and a["outlet"] != b["outlet"]
                and len(a["words"] & b["words"]) / min(len(a["words"]), len(b["words"])) >= min_overlap]
    assert list(_overlapping_pairs(recs, min_overlap)) == expected
    assert list(_overlapping_pairs(recs, min_overlap, block=5)) == expected  # blocks of rows change nothing


def test_vague_number_words_are_orders_of_magnitude():
    n = _numbers([("a", 0, "The dispute has lasted thousands years, officials said.")])
    assert n.iloc[0].modifier == "vague" and n.iloc[0].low == 1000 and n.iloc[0].high == 10000


def test_different_years_are_different_facts_not_contradictions():
    nums = _numbers([
        ("a", 0, "The bill would cut greenhouse gas emissions 90 percent by 2050, its sponsors said."),
        ("b", 0, "The order would cut greenhouse gas emissions 40 percent by 2025, its sponsors said."),
    ])
    assert number_discrepancies(nums, DISC_ARTICLES).empty


def test_figures_counting_different_things_are_not_contradictions():
    nums = _numbers([
        ("a", 0, "Deadly wildfires have consumed over 1 million acres in West Coast states, damaging structures."),
        ("b", 0, "High heat expanded the Mendocino Complex Fire to 290,692 acres by Tuesday morning."),
    ])
    assert number_discrepancies(nums, DISC_ARTICLES, min_similarity=0.0).empty


@pytest.mark.parametrize("exhaustive", [0, 8, 300])
def test_fast_alignment_equals_scoring_every_candidate_pair(monkeypatch, exhaustive):
    """The dense near-best search gives exactly the matches (ties included) of scoring every
    candidate pair, whichever outlets are blocked and which are compared exhaustively."""
    from analysis.corpus import load_corpus
    from analysis.paths import SEEDS_DIR

    monkeypatch.setattr(matching, "EXHAUSTIVE", exhaustive)
    texts = load_corpus(SEEDS_DIR).sentences["text"].tolist()
    texts += [t for pair in PARAPHRASES + UNRELATED_SAME_STORY for t in pair]
    rows = []
    for k, text in enumerate(texts):
        outlet = "ABCDEF"[k % 6]
        rows.append((f"{outlet}{k % 4}", k, text))
        if k % 5 == 0:  # the same sentence again in another article of the outlet: a tie
            rows.append((f"{outlet}{(k + 1) % 4}", 1000 + k, text))
    group = pd.DataFrame(rows, columns=["article_id", "sent_id", "text"])
    group["outlet"] = group["article_id"].str[0]
    group["event"] = "E"
    group = group.sort_values(["outlet", "article_id", "sent_id"], kind="stable").reset_index(drop=True)
    fast = matching._align_event(group, "sent_id", "text", 3)
    reference = matching._align_event(group, "sent_id", "text", 3, reference=True)
    assert len(fast) == len(group) * 5
    pd.testing.assert_frame_equal(fast, reference)


@pytest.mark.parametrize("exhaustive", [3, 300])
def test_number_sentence_pairs_are_the_pairs_align_finds(monkeypatch, exhaustive):
    """Scoring every pair of a block's sentences finds the best matches (ties included) that
    aligning each block finds, in the same order; a block with an outlet past EXHAUSTIVE
    sentences is aligned as before."""
    import numpy as np

    from analysis.compare import numbers
    from analysis.compare.numbers import _best_matches
    from analysis.corpus import load_corpus
    from analysis.paths import SEEDS_DIR

    monkeypatch.setattr(matching, "EXHAUSTIVE", exhaustive)
    monkeypatch.setattr(numbers, "_BLOCK_MATCHES", {})  # every block scored here, none found kept
    texts = load_corpus(SEEDS_DIR).sentences["text"].tolist()[:120]
    rows = []
    for k, text in enumerate(texts):
        outlet = "ABCD"[k % 4] if k % 7 else "A"  # outlet A holds more sentences than the others
        block = f"E{k % 3}\x1f{('hour', 'percent')[k % 2]}"
        rows.append((f"{block}\x1f{outlet}{k % 3}", text, outlet))
        if k % 5 == 0:  # the same sentence in another article of the outlet: a tie
            rows.append((f"{block}\x1f{outlet}{(k + 1) % 3}", text, outlet))
    rows.append(("E9\x1fhour\x1fA0", "A block with one outlet is not aligned.", "A"))
    sents = pd.DataFrame(rows, columns=["key", "sentence", "outlet"])
    sents["sid"] = np.arange(len(sents))
    arts = sents.drop_duplicates("key")[["key", "outlet"]]
    arts = pd.DataFrame({"article_id": arts["key"], "outlet": arts["outlet"],
                         "event": arts["key"].str.rsplit("\x1f", n=1).str[0]})
    al = align(sents[["key", "sid", "sentence"]].rename(columns={"key": "article_id", "sentence": "text"}),
               arts, unit_col="sid")
    found = _best_matches(sents)
    assert len(found) > 100
    np.testing.assert_array_equal(found, al[["sid", "match_sid"]].to_numpy(dtype=np.int64))


def test_kept_block_matches_and_quantities_give_what_computing_them_gives(monkeypatch):
    """Each block's best matches and each sentence's quantities are kept in the process (the
    ``discrepancies`` table and each event's dashboard read the same sentences): the tables
    read back from them are those computed afresh, whether the corpus or one event comes first."""
    from analysis.compare import numbers
    from analysis.corpus import load_corpus
    from analysis.paths import SEEDS_DIR

    corpus = load_corpus(SEEDS_DIR)
    texts = corpus.sentences["text"].tolist()
    rows = [(f"{'ABC'[k % 3]}{k % 2}-{k % 4 // 2}", k, text) for k, text in enumerate(texts)]
    for event in "01":  # figures that disagree in each event
        rows += [(f"A0-{event}", 10_000, "Putin's meeting with Kerry in Sochi lasted for four hours on Tuesday."),
                 (f"B1-{event}", 10_000, "Putin and Kerry met in Sochi on Tuesday for more than eight hours."),
                 (f"C0-{event}", 10_000, "The fire near Redding killed 12 people on Monday."),
                 (f"A1-{event}", 10_001, "The fire near Redding killed 40 people on Monday.")]
        rows += [(f"{outlet}0-{event}", 20_000 + k, f"Officials said the fire near {place} killed {k + base} people.")
                 for k, place in enumerate(("Redding", "Paradise", "Chico", "Oroville"))
                 for outlet, base in (("A", 1), ("B", 100), ("C", 300))]
    units = pd.DataFrame(rows, columns=["article_id", "sent_id", "text"])
    arts = pd.DataFrame({"article_id": sorted(set(units["article_id"]))})
    arts["outlet"] = arts["article_id"].str[0]
    arts["event"] = "E" + arts["article_id"].str[-1]
    one = arts[arts["event"] == "E0"]

    def fresh(rows_of, articles):
        monkeypatch.setattr(numbers, "_BLOCK_MATCHES", {})
        monkeypatch.setattr(numbers, "_QUANTITIES", {})
        return extract_numbers(rows_of), number_discrepancies(extract_numbers(rows_of), articles, top_n=500)

    in_one = units[units["article_id"].isin(set(one["article_id"]))]
    expected_all, expected_one = fresh(units, arts), fresh(in_one, one)
    assert len(expected_all[0]) > len(expected_one[0]) > 4 and len(expected_all[1]) > len(expected_one[1]) > 0
    for first, second in (((units, arts), (in_one, one)), ((in_one, one), (units, arts))):
        monkeypatch.setattr(numbers, "_BLOCK_MATCHES", {})
        monkeypatch.setattr(numbers, "_QUANTITIES", {})
        for (rows_of, articles) in (first, second):
            kept = dict(numbers._BLOCK_MATCHES)
            got = (extract_numbers(rows_of), number_discrepancies(extract_numbers(rows_of), articles, top_n=500))
            if kept and len(articles) < len(arts):  # the event's blocks were all scored with the corpus's
                assert numbers._BLOCK_MATCHES == kept
            want = expected_all if len(articles) == len(arts) else expected_one
            pd.testing.assert_frame_equal(got[0], want[0])
            pd.testing.assert_frame_equal(got[1], want[1])
        assert numbers._BLOCK_MATCHES and numbers._QUANTITIES


def test_every_character_read_as_an_ascii_letter_is_scanned():
    """The quick look before the number pattern knows every character that, ignoring case,
    the pattern reads as an ASCII letter of a number word."""
    import re

    from analysis.compare.numbers import _ASCII_FOLDS_RE

    folds = [chr(c) for c in range(0x80, 0x110000) if re.fullmatch("[a-z]", chr(c), re.I)]
    assert folds and all(_ASCII_FOLDS_RE.search(c) for c in folds)


def test_the_quick_look_leaves_the_quantities_as_the_full_scan_finds_them(monkeypatch):
    from analysis.compare import numbers
    from analysis.corpus import load_corpus
    from analysis.paths import SEEDS_DIR

    texts = load_corpus(SEEDS_DIR).sentences["text"].tolist()
    texts += ["TWELVE HOURS of talks, then Twelve hours more.", "It took a  dozen\tdays.",
              "A quarter mile away, thirty\u00a0miles on.", "One's 5 miles and ninety-nine minutes.",
              "Seventeenth of May, hundreds of people.", "No number here at all.", "$4 and \u20ac5 billion"]
    units = pd.DataFrame({"article_id": "a", "sent_id": range(len(texts)), "text": texts})
    quick = extract_numbers(units)
    monkeypatch.setattr(numbers, "_may_hold_number", lambda text: True)
    monkeypatch.setattr(numbers, "_QUANTITIES", {})  # scan again, not the quantities kept from the first call
    full = extract_numbers(units)
    assert len(full) >= 10
    pd.testing.assert_frame_equal(quick, full)


def test_a_number_word_written_with_a_letter_read_as_ascii_is_read_not_a_crash():
    """The pattern ignores case, so 'ſix' (long s) and 'thırty' (dotless i) match number words;
    reading them must give the word's value, as for 'six' and 'thirty', not raise."""
    texts = ["The talks lasted \u017fix hours.", "Th\u0131rty miles on.", "Six hours, thirty miles.",
             "\u017fix MILLION dollars"]
    units = pd.DataFrame({"article_id": "a", "sent_id": range(len(texts)), "text": texts})
    got = extract_numbers(units)
    values = got.groupby("sent_id")["value"].apply(sorted).to_dict()
    assert values[0] == [6.0] and values[1] == [30.0] and values[2] == [6.0, 30.0]
    assert values[3] == [6_000_000.0]


def _sklearn_tfidf(texts):
    # the reference :func:`features.tfidf_matrix` reproduces: scikit-learn's own vectorizer
    from scipy.sparse import csr_matrix
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.compare.features import stem_tokens

    vec = TfidfVectorizer(tokenizer=stem_tokens, lowercase=False, token_pattern=None, sublinear_tf=True,
                          norm="l2", dtype=np.float32)
    try:
        return vec.fit_transform(texts).tocsr()
    except ValueError:
        return csr_matrix((len(texts), 1), dtype=np.float32)


@pytest.mark.parametrize("texts", [
    ["Kerry met Putin in Sochi.", "Putin met Kerry; Kerry said talks were running, ran, run.",
     "", "The talks failed.", "Talks, talks and more talks about the 45 percent deal's terms."],
    ["the of a", "42"],
    [],
    ["Zebra apple zebra.", "Apple mango apple apple.", "mango zebra"],
])
def test_tfidf_matrix_is_scikit_learns_bit_for_bit(texts):
    from analysis.compare.features import tfidf_matrix

    ours, ref = tfidf_matrix(texts), _sklearn_tfidf(texts)
    assert type(ours) is type(ref) and ours.shape == ref.shape and ours.dtype == ref.dtype
    # same stored order too: later sparse products sum in stored order
    assert ours.indptr.tolist() == ref.indptr.tolist() and ours.indices.tolist() == ref.indices.tolist()
    assert ours.data.tobytes() == ref.data.tobytes()


_KEY_TEXTS = [
    "Kerry met Putin in Sochi; U.S. and IPCC officials, McDonald's and O\u2019Brien's staff.",
    "AB CD-EF xAB _AB 9AB \u00e9AB Ab. A.B. I a I'm NATO's",
    "1,500 people, 3.5 percent, 12,34 x, v2 x.5 .5 1.2.3 1,234,567.89 $45 45% 007 2014",
    "",
    "A1 9 A B",
]


@pytest.mark.parametrize("text", _KEY_TEXTS)
def test_name_and_number_patterns_match_their_plain_forms(text):
    # the patterns are written capital/digit first for speed; they match what the plain forms do
    import re

    from analysis.compare import features

    plain_name = re.compile(r"\b[A-Z][A-Za-z'\u2019.-]*[A-Za-z]|\b[A-Z]{2,}\b")
    plain_digit = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?")
    assert [m.span() for m in features._NAME_RE.finditer(text)] == [m.span() for m in plain_name.finditer(text)]
    assert [m.span() for m in features._DIGIT_RE.finditer(text)] == [m.span() for m in plain_digit.finditer(text)]
