"""Corpus layer: parsing captures, offsets, and bad input that must not stop a run."""

import datetime as dt
import warnings

import pandas as pd
import pytest
from conftest import MT, TRT

from analysis import furniture as fx
from analysis.corpus import ManifestError, decode_bytes, detect_language, load_corpus, parse_article

# Every body paragraph of the seeds, by its first words (read off the captures by hand).
MT_BODY_STARTS = [
    "U.S. Secretary of State John Kerry's visit",
    "Russia and the United States have remained locked",
    "In their regular exchange of jabs",
    "Kremlin spokesman Dmitry Peskov initially said",
    "But a Foreign Ministry statement released",
    "Points of contention were mostly kept at bay",
    "The talks focused on broader regional",
    "Viktor Kremenyuk, the deputy head",
    "Both countries had in fact presented",
    '"Russia and the United States need a new roadmap',
    "Both sides also seemed to pay particular attention",
    "Lavrov presented Kerry with locally harvested",
    "American officials, according to Zakharova",
    '"Everything is sunny today in Sochi,"',
    "Kerry's visit to Russia, according to Alexei Malashenko",
    '"We should not expect much',
    "The Russian and American foreign ministers",
    "Political analysts did not read any symbolism",
    '"When Kerry and Lavrov meet',
]
TRT_BODY_STARTS = [
    "The United States and Russian Federation sought",
    "The parties sat on the table",
    "Kerry's travel to Russia was the highest",
    "After the ministerial meeting",
    '"We didn\'t come here with an expectation',
    '"We have an understanding',
    '"There is no substitute',
    "Since Moscow annexed Crimea",
    "For the current level of the relations",
    "Kerry and Lavrov urged all parties",
    "Russian FM Lavrov was said to have told Kerry",
    "Russian President Putin also hosted",
    "The Kremlin sources have not clarified",
    '"It is very positive',
    "Peskov echoed Putin saying",
    "The Kremlin adviser Yuri Ushakov stated",
    "Since the Geneva talks",
    "The parties discussed the ongoing conflicts in Syria",
    "Russia has so far supported Assad regime",
    "The UN and London-based Syrian Observatory",
    "Iran nuclear programme was another topic",
    "The West and Russia-China bloc",
    "Secretary Kerry left for Turkey",
    "The NATO foreign ministers will deal",
    "Ukraine's possible membership in the alliance",
    "Ukrainian President Petro Poroshenko reiterated",
]

FURNITURE_FRAGMENTS = [
    "ad-free",
    "disabled all ads",
    "Support us",
    "We need your help",
    "hakes hands",
    "Contact the author",
    "small favor to ask",
    "refuse to be silenced",
    "Your support",
    "paiment methods",
    "Not ready to support",
    "Remind me later",
    "Read more",
    "Photo by",
    "Updated Jul 28",
    "TRTWorld and agencies",
]


def _read(path):
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("path", "starts"), [(MT, MT_BODY_STARTS), (TRT, TRT_BODY_STARTS)])
def test_seed_body_is_every_paragraph_in_order(path, starts):
    art = parse_article(_read(path))
    assert len(art.paragraphs) == len(starts)
    for para, start in zip(art.paragraphs, starts, strict=True):
        assert para.startswith(start), (para[:60], start)


@pytest.mark.parametrize("path", [MT, TRT])
def test_seed_body_has_no_page_furniture(path):
    body = parse_article(_read(path)).text
    for fragment in FURNITURE_FRAGMENTS:
        assert fragment not in body


def test_moscow_times_metadata_and_removed_lines():
    art = parse_article(_read(MT))
    assert art.title == "Russia, U.S. Maintaining 'Working Relations' With Kerry Visit to Sochi"
    assert art.standfirst is None
    assert art.byline is None  # the capture has no byline; the contact line is not a name
    assert art.published is None and art.updated is None
    reasons = {line: reason for line, _, reason in art.removed}
    assert all(reasons[i] == fx.APPEAL for i in range(1, 6))  # banner before the headline
    assert reasons[9] == fx.CAPTION
    assert reasons[49] == fx.CONTACT
    for line in (51, 53, 55, 57, 58, 59, 61):
        assert reasons[line].startswith(fx.AFTER_END)


def test_trt_world_metadata_and_removed_lines():
    art = parse_article(_read(TRT))
    assert art.title == "Kerry's meeting with Putin, Lavrov results no breakthrough"
    assert art.standfirst.startswith("US Secretary of State and top Russian authorities meet")
    assert art.byline == "TRTWorld and agencies"
    # "Updated Jul 28, 2015" is two months after the talks: an update, not the publication date
    assert art.updated == dt.date(2015, 7, 28)
    assert art.published is None
    assert [(line, reason) for line, _, reason in art.removed] == [
        (5, fx.PHOTO_CREDIT),
        (6, fx.PHOTO_CREDIT),
    ]


@pytest.mark.parametrize("path", [MT, TRT])
def test_every_nonempty_line_is_accounted_for_exactly_once(path):
    raw = _read(path)
    art = parse_article(raw)
    nonempty = {i for i, line in enumerate(raw.splitlines(), 1) if line.strip()}
    used = (
        [ln for ln, _, _ in art.removed]
        + [ln for ln, _, _ in art.metadata_lines]
        + art.paragraph_lines
    )
    assert sorted(used) == sorted(nonempty)


def test_raw_characters_are_recoverable_at_the_same_offsets():
    art = parse_article(_read(TRT))
    assert len(art.text) == len(art.text_raw)
    assert "\u201c" in art.text_raw and "\u201c" not in art.text
    i = art.text.index("Kerry's travel")
    assert art.text_raw[i : i + 14] == "Kerry\u2019s travel"


def test_seed_corpus_tables(seeds):
    arts = seeds.articles.set_index("outlet")
    assert list(arts.index) == ["The Moscow Times", "TRT World"]
    assert arts.loc["The Moscow Times", "n_paragraphs"] == len(MT_BODY_STARTS)
    assert arts.loc["TRT World", "n_paragraphs"] == len(TRT_BODY_STARTS)
    assert arts.loc["The Moscow Times", "published"] == dt.date(2015, 5, 12)  # from the manifest
    assert arts.loc["TRT World", "updated"] == dt.date(2015, 7, 28)
    assert set(arts["event"]) == {"Kerry in Sochi 2015"}
    assert arts.loc["TRT World", "published_note"].startswith("unknown")  # extras carried along
    assert seeds.problems.empty


def test_offsets_round_trip_for_every_paragraph_and_sentence(seeds, tiny):
    for corpus in (seeds, tiny):
        texts = corpus.articles.set_index("article_id")["text"]
        for table in (corpus.paragraphs, corpus.sentences):
            for row in table.itertuples():
                assert texts[row.article_id][row.start : row.end] == row.text
        sent_ids = corpus.sentences.groupby("article_id")["sent_id"].apply(list)
        for ids in sent_ids:
            assert ids == list(range(len(ids)))


def test_abbreviations_do_not_split_sentences(seeds):
    sents = seeds.sentences["text"]
    assert not sents.str.endswith(" U.S.").any()
    assert sents.str.contains("Feb. 12", regex=False).any()


# --- made-up captures with other page furniture --------------------------------------
def test_wire_capture(tiny):
    art = tiny.articles.set_index("article_id").loc["wire_harbour"]
    assert art["title"] == "Dockworkers walk out as pay talks collapse"
    assert art["byline"] == "Jane Example and Omar Sample"
    assert art["text"].startswith("PORTVILLE (Reuters) - Thousands of dockworkers")
    assert "REUTERS/John Doe" not in art["text"]
    assert "Read more" not in art["text"] and "Editing by" not in art["text"]
    removed = tiny.removed[tiny.removed.article_id == "wire_harbour"].set_index("line")["reason"]
    assert removed[1] == fx.NAVIGATION
    assert removed[9] == fx.SHARE
    assert removed[17] == fx.CAPTION
    assert removed[19] == fx.SHORT
    assert removed[21] == fx.NAVIGATION
    assert removed[27].startswith(fx.AFTER_END)


def test_feature_capture_with_standfirst_and_update(tiny):
    art = tiny.articles.set_index("article_id").loc["gazette_harbour"]
    assert art["standfirst"] == "Families fear empty shelves as dockers down tools"
    assert art["updated"] == dt.date(2021, 3, 3)
    assert art["published"] == dt.date(2021, 3, 2)
    assert "Advertisement" not in art["text"] and "Follow us" not in art["text"]
    assert art["n_paragraphs"] == 4


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Subscribe now for unlimited access", fx.APPEAL),
        ("Please consider a donation to keep our newsroom going.", fx.APPEAL),
        ("Read more: Lavrov says sanctions are a dead end", fx.NAVIGATION),
        ("Share on Facebook", fx.SHARE),
        ("Photo: EPA", fx.PHOTO_CREDIT),
        ("Image credit: Getty Images", fx.PHOTO_CREDIT),
        ("Email the author: someone@example.org", fx.CONTACT),
        ("© 2015 Example Media. All rights reserved.", fx.COPYRIGHT),
        ("Advertisement", fx.ADVERT),
        ("Kerry met Lavrov in Sochi on Tuesday.", None),
        ("Russia continues to blame the United States for fueling the conflict.", None),
        ('"We need your help to end this war," the minister told reporters.', None),
    ],
)
def test_furniture_reasons(line, reason):
    assert fx.furniture_reason(line) == reason


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated Jul 28, 2015", ("updated", dt.date(2015, 7, 28))),
        ("Published 12 May 2015 14:30 GMT", ("published", dt.date(2015, 5, 12))),
        ("Tuesday, May 12, 2015", ("published", dt.date(2015, 5, 12))),
        ("Last updated: 2015-05-13", ("updated", dt.date(2015, 5, 13))),
        ("12.05.2015", ("published", dt.date(2015, 5, 12))),
        ("May 12 was a busy day for diplomats in Sochi.", None),
    ],
)
def test_date_lines(line, expected):
    assert fx.date_line(line) == expected


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("TRTWorld and agencies", True),
        ("Staff and agencies", True),
        ("Reuters", True),
        ("AP/AFP", True),
        ("Reporting by Jane Doe; Editing by John Roe", True),
        ("Reuters reported that talks had stalled.", False),
    ],
)
def test_credit_lines(line, credit):
    assert fx.credit_line(line) is credit


# --- bad input: a clear problem row, and the rest still loads -------------------------
def _corpus(tmp_path, files: dict[str, bytes], manifest: str | None):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    if manifest is not None:
        (tmp_path / "manifest.csv").write_text(manifest, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_corpus(tmp_path)


GOOD = b"A headline about talks\n\nThe ministers met on Tuesday and talked for hours about the war.\n"


def _problem(corpus, file_part):
    rows = corpus.problems[corpus.problems["file"].str.contains(file_part, regex=False)]
    assert not rows.empty, corpus.problems
    return " ".join(rows["problem"])


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n \n", "only whitespace"),
        ("binary.txt", bytes(range(256)) * 10, "binary file"),
        ("furniture.txt", b"Read more\n\nShare this article\n", "no body text"),
        ("nohtml.html", b"<html><body><nav>Home</nav></body></html>", "HTML page without"),
    ],
)
def test_unreadable_files_are_reported_and_the_rest_loads(tmp_path, name, data, expected):
    manifest = f"file,outlet,event\ngood.txt,A,E\n{name},B,E\n"
    corpus = _corpus(tmp_path, {"good.txt": GOOD, name: data}, manifest)
    assert list(corpus.articles["article_id"]) == ["good"]
    assert expected in _problem(corpus, name)
    assert (corpus.problems["severity"] == "error").any()


def test_missing_file_in_manifest(tmp_path):
    corpus = _corpus(tmp_path, {"good.txt": GOOD}, "file,outlet,event\ngood.txt,A,E\ngone.txt,B,E\n")
    assert "does not exist" in _problem(corpus, "gone.txt")
    assert len(corpus.articles) == 1


def test_file_not_in_manifest_is_reported_and_ignored(tmp_path):
    corpus = _corpus(tmp_path, {"good.txt": GOOD, "extra.txt": GOOD}, "file,outlet,event\ngood.txt,A,E\n")
    assert "not in manifest.csv" in _problem(corpus, "extra.txt")
    assert list(corpus.articles["article_id"]) == ["good"]


def test_duplicate_article_ids(tmp_path):
    manifest = "file,outlet,event,article_id\na.txt,A,E,x1\nb.txt,B,E,x1\n"
    corpus = _corpus(tmp_path, {"a.txt": GOOD, "b.txt": GOOD}, manifest)
    assert "duplicate article_id 'x1'" in _problem(corpus, "b.txt")
    assert list(corpus.articles["source_file"].str.endswith("a.txt")) == [True]


def test_manifest_missing_required_columns_is_an_error_unless_falling_back(tmp_path):
    (tmp_path / "alpha_1.txt").write_bytes(GOOD)
    (tmp_path / "manifest.csv").write_text("file,outlet\nalpha_1.txt,A\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="missing required column"):
        load_corpus(tmp_path)
    with pytest.warns(UserWarning, match="missing required column"):
        corpus = load_corpus(tmp_path, fallback_to_filenames=True)
    assert "missing required column(s) event" in _problem(corpus, "manifest.csv")
    assert list(corpus.articles["outlet"]) == ["alpha"]


def test_folder_without_manifest_loads_with_a_warning(tmp_path):
    (tmp_path / "gazette__one.txt").write_bytes(GOOD)
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "two.txt").write_bytes(GOOD)
    with pytest.warns(UserWarning, match="no manifest.csv"):
        corpus = load_corpus(tmp_path)
    assert sorted(corpus.articles["outlet"]) == ["gazette", "wire"]


def test_oversized_file_is_refused_quickly(tmp_path):
    big = (b"The ministers met on Tuesday and talked for hours about the war. " * 16 + b"\n\n") * 20000
    assert len(big) > 20_000_000
    corpus = _corpus(tmp_path, {"good.txt": GOOD, "big.txt": big}, "file,outlet,event\ngood.txt,A,E\nbig.txt,B,E\n")
    assert "too large" in _problem(corpus, "big.txt")
    assert len(corpus.articles) == 1


RUSSIAN = (
    "Министр иностранных дел России встретился с госсекретарем США в Сочи. "
    "Переговоры длились четыре часа и не принесли прорыва."
)
FRENCH_EN = (
    "The talks in Sochi were described as a tête-à-tête by the café owner, "
    "who said the naïve hopes of a breakthrough had faded."
)


def test_cp1251_and_latin1_are_detected_and_named(tmp_path):
    files = {
        "ru.txt": ("Заголовок статьи о переговорах\n\n" + RUSSIAN + "\n").encode("cp1251"),
        "fr.txt": ("A headline about the talks\n\n" + FRENCH_EN + "\n").encode("latin-1"),
    }
    manifest = "file,outlet,event\nru.txt,A,E\nfr.txt,B,E\n"
    corpus = _corpus(tmp_path, files, manifest)
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["ru", "encoding"] == "cp1251"
    assert arts.loc["fr", "encoding"] == "latin-1"
    assert "tête-à-tête" in arts.loc["fr", "text"]
    assert "decoded as cp1251" in _problem(corpus, "ru.txt")
    assert "decoded as latin-1" in _problem(corpus, "fr.txt")
    # the Russian article is flagged and English-only analyses skip it
    assert arts.loc["ru", "language"] == "ru"
    assert "not English" in _problem(corpus, "ru.txt")
    with pytest.warns(UserWarning, match="non-English"):
        english = corpus.english()
    assert list(english.articles["article_id"]) == ["fr"]
    assert set(english.sentences["article_id"]) == {"fr"}


def test_decode_bytes_utf8_with_bom():
    assert decode_bytes("\ufeffKerry".encode("utf-8")) == ("Kerry", "utf-8-sig")


def test_detect_language():
    assert detect_language(FRENCH_EN) == "en"
    assert detect_language(RUSSIAN) == "ru"
    assert detect_language("12 34 56") == "und"


def test_html_capture_goes_through_the_same_rules(tmp_path):
    html = (
        "<html><head><title>Talks end without deal</title></head><body>"
        "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article>"
        "<h1>Talks end without deal</h1>"
        + "".join(
            f"<p>The ministers met for the {n} time on Tuesday and talked for hours about "
            f"the war, officials said, adding that more talks were planned.</p>"
            for n in ("first", "second", "third", "fourth")
        )
        + "<p>Read more</p></article><footer>© 2015 Example. All rights reserved.</footer>"
        "</body></html>"
    )
    corpus = _corpus(tmp_path, {"page.html": html.encode()}, "file,outlet,event\npage.html,A,E\n")
    art = corpus.articles.iloc[0]
    assert art["n_paragraphs"] == 4
    assert "Read more" not in art["text"] and "rights reserved" not in art["text"]


def test_corpus_tables_have_the_contract_columns(seeds):
    assert {
        "article_id", "outlet", "event", "title", "standfirst", "byline", "published",
        "text", "n_paragraphs", "n_words", "source_file",
    } <= set(seeds.articles.columns)
    assert list(seeds.paragraphs.columns[:5]) == ["article_id", "para_id", "text", "start", "end"]
    assert list(seeds.sentences.columns) == ["article_id", "para_id", "sent_id", "text", "start", "end"]
    assert list(seeds.removed.columns) == ["article_id", "line", "text", "reason", "step"]
    assert {"file", "problem"} <= set(seeds.problems.columns)
    assert isinstance(seeds.articles, pd.DataFrame)
