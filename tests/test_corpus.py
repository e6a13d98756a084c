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


# ---------------------------------------------------------------------------------------
# Folder, manifest values, decoding, quality (issues 15 and 16)
# ---------------------------------------------------------------------------------------
def test_check_corpus_dir_tells_missing_file_and_empty_apart(tmp_path):
    from analysis.manifest import CorpusFolderError, check_corpus_dir

    with pytest.raises(CorpusFolderError, match="not found") as info:
        check_corpus_dir(tmp_path / "nope")
    assert info.value.kind == "not-found"
    (tmp_path / "a.txt").write_bytes(GOOD)
    with pytest.raises(CorpusFolderError, match="is a file, not a folder") as info:
        check_corpus_dir(tmp_path / "a.txt")
    assert info.value.kind == "not-a-folder"
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusFolderError, match="is empty") as info:
        check_corpus_dir(tmp_path / "empty")
    assert info.value.kind == "empty"
    assert check_corpus_dir(tmp_path) == tmp_path
    with pytest.raises(FileNotFoundError, match="is a file"):  # load_corpus says so too
        load_corpus(tmp_path / "a.txt")


@pytest.mark.parametrize(
    ("value", "order", "expected", "note"),
    [
        ("2015-05-12", None, "2015-05-12", None),
        ("2015-05-12T10:30:00Z", None, "2015-05-12", None),
        ("2015-05-12 10:30", None, "2015-05-12", None),
        ("", None, None, None),
        ("12/05/2015", None, "2015-12-05", "ambiguous"),
        ("12/05/2015", "dmy", "2015-05-12", "day first"),
        ("13/05/2015", None, "2015-05-13", "only possible reading"),
        ("05/13/2015", None, "2015-05-13", "only possible reading"),
        ("12.05.2015", "dmy", "2015-05-12", "ambiguous"),
        ("May 12, 2015", None, "2015-05-12", "prefer YYYY-MM-DD"),
        ("2015-05-12 garbage", None, None, "not a date"),
        ("2015-02-30", None, None, "not a real date"),
        ("yesterday", None, None, "not a date"),
    ],
)
def test_manifest_dates(value, order, expected, note):
    from analysis.manifest import parse_manifest_date

    date, msg = parse_manifest_date(value, order=order)
    assert (date.isoformat() if date else None) == expected
    assert (msg is None) if note is None else (note in msg), msg


def test_date_order_is_settled_by_the_manifest():
    from analysis.manifest import date_order

    assert date_order(["12/05/2015", "25/05/2015"]) == "dmy"
    assert date_order(["12/05/2015", "05/25/2015"]) == "mdy"
    assert date_order(["12/05/2015"]) is None
    assert date_order(["25/05/2015", "05/25/2015"]) is None  # contradictory: no order assumed


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en", "en"), ("EN", "en"), ("en-US", "en"), ("en_GB", "en"), (" English ", "en"), ("fr-CA", "fr"),
     ("zh-Hans-CN", "zh"), ("", None), ("??", None), (None, None), ("nan", None)],
)
def test_language_tags_are_normalised(tag, code):
    from analysis.decoding import normalize_language_tag

    assert normalize_language_tag(tag) == code


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("中国外交部发言人表示，会谈取得了积极成果。双方同意继续保持沟通。", "zh"),
        ("東京で会談が行われました。ひらがなとカタカナの文章です。", "ja"),
        ("양국 외무장관은 화요일 수도에서 회담을 가졌다.", "ko"),
        ("التقى وزيرا خارجية البلدين يوم الثلاثاء في العاصمة", "ar"),
        (FRENCH_EN, "en"),
        (RUSSIAN, "ru"),
    ],
)
def test_detect_language_by_script_and_function_words(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("data", "encoding", "note"),
    [
        ("Talks in Sochi ended.\n".encode("utf-16-le"), "utf-16-le", "without a byte-order mark"),
        ("Talks in Sochi ended.\n".encode("utf-16-be"), "utf-16-be", "without a byte-order mark"),
        (b"\xff\xfe" + "Talks ended.".encode("utf-16-le") + b"x", "utf-16-le", "odd number of bytes"),
        ("Caf\u00e9 one\n".encode() + "Caf\u00e9 two\n".encode("latin-1"), "utf-8+latin-1", "line 2 not valid"),
        ("They don\u2019t.\nFine.\n".encode().decode("cp1252").encode(), "utf-8", "repaired with ftfy on line 1"),
        (b"Text with a NUL\x00 byte\n", "utf-8", "1 NUL byte(s) removed on line 1"),
    ],
)
def test_decode_capture_says_what_it_changed(data, encoding, note):
    from analysis.decoding import decode_capture

    out = decode_capture(data)
    assert out.encoding == encoding
    assert any(note in msg for _, msg in out.notes), out.notes
    assert "\x00" not in out.text


def test_mixed_encodings_keep_the_utf8_lines_intact():
    from analysis.decoding import decode_capture

    out = decode_capture("Zürich\n".encode() + "Señor\n".encode("latin-1") + "tête\n".encode())
    assert out.text.splitlines() == ["Zürich", "Señor", "tête"]


def test_mojibake_repair_leaves_clean_accents_alone():
    from analysis.decoding import repair_mojibake

    clean = "Café owners in Zürich and a naïve tête-à-tête: “quoted”, 5 €.\nПривет."
    assert repair_mojibake(clean) == (clean, [], [])


def test_strip_markup_names_lines_and_keeps_line_numbers():
    from analysis.quality import strip_markup

    raw = 'Title\n<tweet id="1">\nHe said <b>no</b> &amp; left.\nplain'
    text, blanked, notes = strip_markup(raw)
    assert text.split("\n") == ["Title", "", "He said no & left.", "plain"]
    assert blanked == [(2, '<tweet id="1">')]
    assert "lines 2 and 3" in notes[0][1] and "<tweet>" in notes[0][1]
    assert strip_markup("a < b and c > d") == ("a < b and c > d", [], [])


def test_embed_patterns_match_their_examples():
    from analysis import lexicons
    from analysis.text import normalize

    for pattern, example in lexicons.load("embed_patterns").itertuples(index=False):
        assert fx.embed_line(normalize(example).strip()), (pattern, example)
    assert not fx.embed_line("The minister said the talks on Twitter policy had gone well.")


def test_duplicate_groups_link_every_copy_to_the_first():
    from analysis.quality import duplicate_groups

    wire = " ".join(f"Sentence {i} of the wire story about the harbour strike and the talks." for i in range(30))
    edited = wire.replace("Sentence 7 of", "Line seven in").replace("Sentence 20", "Sentence twenty")
    other = " ".join(f"Paragraph {i} on the council budget vote and library funding." for i in range(30))
    groups = duplicate_groups([wire, other, edited, wire, other + " Updated.", "", ""])
    assert [(i, first, kind) for i, first, kind, _ in groups] == [(2, 0, "near"), (3, 0, "exact"), (4, 1, "near")]
    assert all(0.5 <= sim <= 1 for *_, sim in groups)
    # fifty outlets running the same copy: one group, every copy pointing at the first
    many = duplicate_groups([wire] * 50)
    assert {first for _, first, _, _ in many} == {0} and len(many) == 49
    assert duplicate_groups([wire, other]) == []


def test_unique_drops_later_copies(tmp_path):
    other = b"Budget passes\n\nThe council approved the budget after a long debate on Tuesday night.\n"
    files = {"a.txt": GOOD, "b.txt": GOOD, "c.txt": other}
    corpus = _corpus(tmp_path, files, "file,outlet,event\na.txt,A,E\nb.txt,B,E\nc.txt,C,E\n")
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["b", "duplicate_of"] == "a" and arts.loc["b", "duplicate_kind"] == "exact"
    assert "duplicate" in arts.loc["b", "flags"].split(";")
    assert sorted(corpus.unique().articles["article_id"]) == ["a", "c"]


def test_a_corpus_that_changes_during_the_run(tmp_path):
    from analysis.corpus import Problem, load_rows, plan_corpus

    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_bytes(GOOD.replace(b"Tuesday", name.encode()))
    (tmp_path / "manifest.csv").write_text("file,outlet,event\na.txt,A,E\nb.txt,B,E\nc.txt,C,E\n")
    rows, problems = plan_corpus(tmp_path)
    assert not problems
    (tmp_path / "a.txt").unlink()  # deleted after planning
    (tmp_path / "b.txt").write_bytes(GOOD * 200)  # grew past the limit after planning
    items = list(load_rows(tmp_path, rows, max_bytes=2000))
    found = {i.article_id: i.problem for i in items if isinstance(i, Problem)}
    assert "does not exist" in found["a"] and "too large" in found["b"]
    assert [i.article["article_id"] for i in items if not isinstance(i, Problem)] == ["c"]


def test_html_standfirst_only_when_the_page_marks_one(tmp_path):
    paras = "".join(
        f"<p>The ministers met for the {n} time on Tuesday and talked for hours about the war, officials "
        "said, adding that more talks were planned.</p>"
        for n in ("first", "second", "third")
    )
    page = (
        "<html><head><title>Talks end without deal</title></head><body><article><h1>Talks end without deal</h1>"
        "<p class='article-standfirst'>Both sides say the door to a deal remains open after a long day</p>"
        f"<p class='byline'>Jane Smith</p>{paras}</article></body></html>"
    )
    corpus = _corpus(tmp_path, {"page.html": page.encode()}, "file,outlet,event\npage.html,A,E\n")
    art = corpus.articles.iloc[0]
    assert art["standfirst"] == "Both sides say the door to a deal remains open after a long day"
    assert art["byline"] == "Jane Smith"
    assert art["n_paragraphs"] == 3 and "door to a deal" not in art["text"]


@pytest.mark.parametrize("line", [
    "Support us: we need your help today.", "In 12we trust, said Ours.", "THE POWER OF FOUR HOURS",
    "You, yourself and yourselves", "\"We are here,\" she said of you.", "U.S.we", "Nothing here at all.", "",
])
def test_reader_address_share_counts_every_you_and_we_word(line):
    # the quick "no you/we word here" test must never skip a line that has one
    from analysis.furniture import _FIRST_PLURAL, _QUOTED_RE, _SECOND_PERSON, reader_address_share
    from analysis.text import tokenize

    tokens = tokenize(_QUOTED_RE.sub(" ", line))
    you = sum(t in _SECOND_PERSON for t in tokens)
    we = sum(t in _FIRST_PLURAL for t in tokens)
    assert reader_address_share(line) == (you, we, (you + we) / len(tokens) if tokens else 0.0)


@pytest.mark.parametrize(("outlets", "flagged"), [
    (["CBS News", "cbsnews", "CBS-News"], ["'CBS News', 'CBS-News', 'cbsnews'"]),
    (["Fox News", "Fox_News"], ["'Fox News', 'Fox_News'"]),
    (["Fox News", "Fox Business"], []),  # different outlets
    (["huff-post", "huffington post"], []),  # not the same letters: left to the reader
    (["A", "A"], []),  # the same label twice is one outlet
])
def test_outlet_labels_that_differ_only_in_case_or_punctuation_are_reported(tmp_path, outlets, flagged):
    files = {f"a{i}.txt": GOOD for i in range(len(outlets))}
    manifest = "file,outlet,event\n" + "".join(f"a{i}.txt,{o},E\n" for i, o in enumerate(outlets))
    corpus = _corpus(tmp_path, files, manifest)
    found = corpus.problems[corpus.problems["kind"] == "outlet"]
    assert len(found) == len(flagged)
    for text, labels in zip(found["problem"], flagged, strict=True):
        assert labels in text and "analysed as" in text
    assert len(corpus.articles) == len(outlets), "nothing is merged or dropped: the labels stay as written"
    assert (found["severity"] == "warning").all()


@pytest.mark.parametrize("line", [
    "Donate now: your gift helps us, and we thank you.",
    "'You' and \u2018we\u2019 in quotes-marks: 'you'-ish, you're, we've, ours.",
    "Four weeks were well spent in the west; yourself-made, YOURSELVES, Ourselves!",
    "You2 we_ 2you x-you you-x \u00e9you you\u00e9",
    "No address at all here.",
])
def test_address_counts_hint_skips_only_lines_without_a_you_or_we_word(line):
    # the regex pre-check may skip tokenizing a line only when tokenizing would find nothing
    from analysis.text import tokenize

    tokens = tokenize(line)
    you = sum(t in fx._SECOND_PERSON for t in tokens)
    we = sum(t in fx._FIRST_PLURAL for t in tokens)
    expected = (you, we, (you + we) / len(tokens)) if you + we else (0, 0, 0.0)
    assert fx._address_counts(line)[:2] == expected[:2]
    if you + we:
        assert fx._address_counts(line) == expected
