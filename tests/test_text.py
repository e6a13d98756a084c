import pytest

from analysis.text import (
    STOPWORDS,
    content_words,
    count_words,
    normalize,
    sentence_spans,
    split_sentences,
    stopword_ratio,
    token_spans,
    tokenize,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Secretary of\u00a0State", "Secretary of State"),
        ("\u201cdead end\u201d", '"dead end"'),
        ("Kerry\u2019s visit", "Kerry's visit"),
        ("issues\u00a0\u2014 the", "issues \u2014 the"),
        ("2014\u20132015", "2014\u20142015"),
        ("non\u2011aligned", "non-aligned"),
        ("\u2018frank\u2019 and \u201cmixed\"", "'frank' and \"mixed\""),
    ],
)
def test_normalize_maps_odd_characters(raw, expected):
    assert normalize(raw) == expected


@pytest.mark.parametrize("text", [
    "plain ASCII, nothing to do",
    "tab\there and a `backquote`",
    "".join(chr(c) for c in range(0x20, 0x3100)),  # every mapped character, and many others
    "caf\u00e9 \u201cquoted\u201d \U0001F600\u2009thin space",
    "",
])
def test_normalize_is_the_character_map_applied_to_every_character(text):
    from analysis.text import _CHAR_MAP

    assert normalize(text) == text.translate(str.maketrans(_CHAR_MAP))


def test_normalize_keeps_length_so_offsets_index_the_original():
    raw = "\u201cEverything is sunny\u201d \u2014\u00a0Zakharova\u2019s post\u2026"
    norm = normalize(raw)
    assert len(norm) == len(raw)
    start = norm.index("Zakharova")
    assert raw[start : start + 9] == "Zakharova"


@pytest.mark.parametrize(
    ("paragraph", "n"),
    [
        ("Kerry met U.S. officials. Then he left.", 2),
        ("The U.S. and Russia talked. Lavrov smiled.", 2),
        ("Gen. Smith and Sen. Jones met Gov. Brown on Feb. 12 in Sochi.", 1),
        ("Mr. Putin said yes. Mrs. May said no. Dr. Who said maybe.", 3),
        ('"We agreed," he said. "We will meet again."', 2),
        ("He asked: what now? Nobody knew!", 2),
        ("Ceasefire agreed in Minsk on Feb. 12 with the OSCE.", 1),
    ],
)
def test_sentence_splitting_respects_abbreviations(paragraph, n):
    assert len(split_sentences(paragraph)) == n


def test_sentence_spans_round_trip_and_exclude_whitespace():
    para = "  First one here.   Second one, with U.S. in it.  "
    spans = sentence_spans(para)
    assert [para[s:e] for s, e in spans] == ["First one here.", "Second one, with U.S. in it."]


def test_tokens_keep_abbreviations_numbers_and_hyphens():
    toks = [t for t, _, _ in token_spans("U.S.-Russian ties: 6,000 died; it's self-proclaimed, $10,000.")]
    assert toks == ["U.S.", "Russian", "ties", "6,000", "died", "it's", "self-proclaimed", "$10,000"]


def test_token_offsets_round_trip():
    text = "Kerry's visit to Sochi, May 12."
    for tok, s, e in token_spans(text):
        assert text[s:e] == tok


def test_stopwords_keep_negators_and_us():
    for word in ("not", "no", "never", "nor", "without", "us"):
        assert word not in STOPWORDS
    assert content_words("The US did not agree") == ["us", "not", "agree"]


def test_stopword_ratio_separates_prose_from_credits():
    assert stopword_ratio("The talks had failed to lead to any breakthroughs in the end.") > 0.3
    assert stopword_ratio("Photo by: Reuters") < 0.4
    assert stopword_ratio("") == 0.0


def test_tokenize_lowercases_by_default():
    assert tokenize("Kerry MET Lavrov") == ["kerry", "met", "lavrov"]
    assert tokenize("Kerry", lower=False) == ["Kerry"]


@pytest.mark.parametrize("text", ["U.S. and E.U. talks at 9:30, $5.2 BILLION (12%)", "Self-Proclaimed O'Neil's",
                                  "İstanbul MAYOR", "Kerry’s ÉLYSÉE visit"])
def test_tokenize_lowercases_each_token_as_it_was_found(text):
    # ASCII text is lower-cased before it is tokenized; other text token by token ("İ"
    # lower-cases to two characters, the second not a word character)
    assert tokenize(text) == [t.lower() for t in tokenize(text, lower=False)]


@pytest.mark.parametrize(
    ("paragraph", "n"),
    [
        ("He is the No. 2 official in the party.", 1),
        ("She said no. Then she left.", 2),
    ],
)
def test_no_is_an_abbreviation_only_before_a_number(paragraph, n):
    assert len(split_sentences(paragraph)) == n


@pytest.mark.parametrize(
    "text",
    ["", "\u4e2d\u56fd\u5916\u4ea4\u90e8\u8868\u793a\u3002\u53cc\u65b9\u540c\u610f\u3002", "a\ufffdb \x00 c",
     "x" * 200_000, "\ud800 lone surrogate", "  \n\n  "],
)
def test_text_functions_take_odd_input_without_error(text):
    """Whatever the loader lets through (non-Latin scripts, replacement characters, NUL,
    one huge token, a lone surrogate) is handled: same length after normalising, spans in range."""
    assert len(normalize(text)) == len(text)
    spans = sentence_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert count_words(text) >= 0 and all(text[s:e] == t for t, s, e in token_spans(text))



_PUNKT_CASES = [
    "Mr. Smith met U.S. envoys on Jan. 5. They left at 5 p.m. Talks resume today.",
    "He said no. Then he left... \"Why?\" she asked. (Nobody knew.) The No. 2 official stayed.",
    "Prices rose 3.5% in Q1!!! Analysts, e.g. at Acme Corp., were surprised \u2014 again.",
    "J. R. R. Tolkien wrote it. 'Fine,' said Gen. Lee. It's 1,500.00 dollars.",
    "Unit\x1cseparator. Next sentence here.",  # a character the two regex engines class apart
    "Cafe\u0301 owners said. Prices fell.",  # a combining accent
    "\u0928\u092e\u0938\u094d\u0924\u0947. Hindi text follows. Ok.",
]


def _nltk_punkt():
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    from analysis.text import ABBREVIATIONS

    params = PunktParameters()
    params.abbrev_types = set(ABBREVIATIONS)
    return PunktSentenceTokenizer(params)


@pytest.mark.parametrize("paragraph", _PUNKT_CASES)
def test_punkt_fast_path_gives_nltk_own_spans(paragraph):
    # Punkt's patterns compiled by the standard re: NLTK's spans wherever the guard lets it run
    from analysis.text import ABBREVIATIONS, _punkt, _re_agrees, _spans

    own = list(_nltk_punkt().span_tokenize(paragraph))
    if _re_agrees(paragraph):
        assert list(_punkt(ABBREVIATIONS, plain=True).span_tokenize(paragraph)) == own
    _spans.cache_clear()
    assert list(_punkt(ABBREVIATIONS, plain=_re_agrees(paragraph)).span_tokenize(paragraph)) == own


def test_regex_engines_agree_on_plain_text_only():
    from analysis.text import ABBREVIATIONS, _punkt, _re_agrees

    assert _re_agrees("Plain news copy, with \"quotes\" \u2014 and 3.5% (Jan.).")
    assert not _re_agrees("Unit\x1cseparator")
    assert not _re_agrees("Cafe\u0301")
    # the guard is needed: on such text the standard re would split differently
    text = "a\x1cb. C d."
    assert list(_punkt(ABBREVIATIONS, plain=True).span_tokenize(text)) != list(_nltk_punkt().span_tokenize(text))


@pytest.mark.parametrize("text", ["Plain ASCII. Two sentences.", "A file\x1cseparator.", "x\x1f", "caf\u00e9",
                                  "e\u0301", ""])
def test_re_agrees_ascii_shortcut_matches_the_per_character_check(text):
    from analysis.text import _engines_agree, _re_agrees

    assert _re_agrees(text) == all(_engines_agree(ch) for ch in set(text))
