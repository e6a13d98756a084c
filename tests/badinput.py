"""Bad-input cases: one corpus folder per case, the bad item beside two good articles.

``CASES`` maps a case name to a :class:`Case`; ``make_case(name, tmp)`` writes that case's
folder under ``tmp`` and returns its path. Used by ``tests/test_bad_input.py`` (loader and
pipeline) and reusable for the full report (CLI) tests.

Each case states what the user must see: ``expect`` is a regular expression that a problem
row for ``bad_file`` must match (None: the bad item must load with no problem row), with
``severity``; ``loads`` says whether the bad item itself ends up in ``articles``;
``manifest_error`` marks cases where :class:`~analysis.manifest.ManifestError` is raised
unless ``fallback_to_filenames=True``.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

GOOD = {
    "good_a.txt": (
        "Gazette",
        "Harbour strike",
        "Dock workers walk out over pay as talks stall\n\n"
        "By Maria Lopez\n\n"
        "Dock workers at the city's main harbour walked out on Monday after talks over a new pay deal "
        "broke down late on Sunday night, leaving dozens of cargo ships waiting offshore.\n\n"
        "The union said its members had rejected an offer of a three percent rise, which it called an "
        "insult after two years of rising prices. \"We are not asking for the moon,\" said the union's "
        "regional secretary, Tom Briggs.\n\n"
        "The port authority said it regretted the strike and remained open to further talks. Business "
        "groups warned that a long stoppage would hurt exporters already struggling with higher costs.\n",
    ),
    "good_b.txt": (
        "Observer",
        "Budget vote",
        "Council approves budget after long night of debate\n\n"
        "The city council narrowly approved next year's budget early on Wednesday, after a session that "
        "ran past midnight and saw several amendments on library funding rejected.\n\n"
        "Supporters said the plan protected schools and road repairs without raising local taxes. "
        "Opponents argued that cuts to youth centres would be felt most in the poorest districts.\n\n"
        "\"This budget makes hard choices so that we do not pass debts to our children,\" the council "
        "leader, Anne Walsh, told reporters outside the chamber. The final vote was 27 to 24.\n",
    ),
}
GOOD_IDS = tuple(Path(name).stem for name in GOOD)

BODY = (
    "Ministers from both countries met in the capital on Tuesday for talks on trade and security, "
    "officials said, adding that a second round was planned for next month.\n\n"
    "The meeting lasted four hours and ended without a joint statement, although both sides described "
    "the atmosphere as constructive and businesslike.\n\n"
    "Analysts said the talks were the highest-level contact between the two governments in more than "
    "a year and could pave the way for a visit by the president in the autumn.\n"
)
ARTICLE = "Talks end without a joint statement\n\n" + BODY
CHINESE = (
    "外交部长会谈结束\n\n"
    "两国外交部长星期二在首都举行会谈，讨论贸易和安全问题。官员表示，下个月将举行第二轮会谈。\n\n"
    "会谈持续了四个小时，没有发表联合声明，但双方都表示气氛是建设性的。分析人士说，这是两国政府一年多来最高级别的接触。\n"
)
RUSSIAN = (
    "Переговоры министров завершились без заявления\n\n"
    "Министры иностранных дел двух стран встретились во вторник в столице и обсудили торговлю и "
    "безопасность. Переговоры длились четыре часа и не принесли прорыва, но стороны назвали их полезными.\n"
)
FRENCH = (
    "Les ministres se sont rencontrés sans déclaration commune\n\n"
    "Les ministres des deux pays se sont rencontrés mardi dans la capitale pour des discussions sur le "
    "commerce et la sécurité, ont indiqué des responsables, qui ont ajouté qu'une deuxième série de "
    "discussions était prévue le mois prochain.\n"
)


@dataclasses.dataclass
class Case:
    """One bad-input case (see the module docstring)."""

    files: dict[str, bytes]
    expect: str | None
    severity: str = "warning"
    loads: bool = True
    bad_file: str | None = None  # the file the problem row names (default: the first bad file)
    manifest: str | None = None  # full manifest text; None: good files + bad files as outlet "Wire"
    manifest_error: bool = False
    setup: Callable[[Path], None] | None = None  # extra set-up (symlinks, folders) after writing files
    check: Callable | None = None  # extra check(corpus) on the loaded corpus

    @property
    def target(self) -> str:
        return self.bad_file or next(iter(self.files), "manifest.csv")


def _manifest(extra_rows: list[str], header: str = "file,outlet,event") -> str:
    good = [f"{name},{outlet},{event}" for name, (outlet, event, _) in GOOD.items()]
    return "\n".join([header, *good, *extra_rows]) + "\n"


def _utf16_le(text: str) -> bytes:
    return text.encode("utf-16-le")


def _symlink(target: str, link: str) -> Callable[[Path], None]:
    def setup(folder: Path) -> None:
        dest = Path(target) if target.startswith("/") else folder / target
        os.symlink(dest, folder / link)

    return setup


def _outside_file(folder: Path) -> None:
    (folder.parent / f"{folder.name}-outside.txt").write_text(ARTICLE, encoding="utf-8")


def _undecodable_name(folder: Path) -> None:
    with open(os.path.join(os.fsencode(folder), b"bad_caf\xe9.txt"), "wb") as handle:
        handle.write(ARTICLE.encode())


def _capture_folder(folder: Path) -> None:
    (folder / "folder.txt").mkdir()


def _text(corpus, aid: str) -> str:
    return corpus.articles.set_index("article_id").loc[aid, "text"]


def _article(corpus, aid: str):
    return corpus.articles.set_index("article_id").loc[aid]


def _check_mojibake(corpus) -> None:
    assert "don\u2019t" in corpus.articles.set_index("article_id").loc["bad", "text_raw"]
    assert "\u00e2\u20ac" not in _text(corpus, "bad")


def _check_no_tags(corpus) -> None:
    text = _text(corpus, "bad")
    assert "<" not in text and "tweet-id" not in text and "data-id" not in text
    assert "highest-level contact" in text


def _check_embeds_removed(corpus) -> None:
    text = _text(corpus, "bad")
    assert "pic.twitter.com" not in text and "Instagram" not in text
    removed = corpus.removed[corpus.removed["article_id"] == "bad"]
    assert (removed["reason"] == "embedded post or widget text").sum() >= 3


def _check_duplicate(kind: str) -> Callable:
    def check(corpus) -> None:
        art = _article(corpus, "bad")
        assert art["duplicate_of"] == "good_a" and art["duplicate_kind"] == kind
        assert len(corpus.unique().articles) == len(corpus.articles) - 1

    return check


def _check_language(code: str) -> Callable:
    def check(corpus) -> None:
        import warnings

        assert _article(corpus, "bad")["language"] == code
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert "bad" not in set(corpus.english().articles["article_id"])

    return check


def _check_english(corpus) -> None:
    arts = corpus.articles.set_index("article_id")
    assert arts.loc["en_upper", "language"] == "en" and arts.loc["en_us", "language"] == "en"
    assert arts.loc["en_gb", "language"] == "en"


def _check_reserved(corpus) -> None:
    art = _article(corpus, "bad")
    assert art["manifest_text"] == "my note" and art["manifest_n_words"] == "12"
    assert art["manifest_source_file"] == "x" and art["text"].startswith("Ministers")
    assert art["n_words"] > 12


def _check_date(expected: str | None) -> Callable:
    def check(corpus) -> None:
        published = _article(corpus, "bad")["published"]
        assert (published.isoformat() if published is not None else None) == expected

    return check


def _check_hostile(corpus) -> None:
    art = _article(corpus, "bad")
    assert art["outlet"] == "Money$^^$ Weekly <b>"
    assert art["event"] == "../../etc/passwd; =cmd|' /C calc'!A0"
    assert art["title"] == "=HYPERLINK(\"http://x\")"


def _check_html(corpus) -> None:
    art = _article(corpus, "bad")
    assert art["byline"] == "Jane Smith"
    assert art["updated"] is not None and art["updated"].isoformat() == "2015-05-13"
    assert art["standfirst"] is None
    assert "Accept all cookies" not in art["text"]
    html_rows = corpus.removed[(corpus.removed["article_id"] == "bad") & (corpus.removed["step"] == "html")]
    reasons = set(html_rows["reason"])
    assert {"cookie notice", "comments", "related links", "navigation or link text", "footer"} <= reasons, reasons


def _html_page() -> bytes:
    paras = "".join(f"<p>{p}</p>" for p in BODY.strip().split("\n\n"))
    return (
        "<!DOCTYPE html><html><head><title>Talks end without a joint statement</title>"
        "<script>var tracking = 1;</script><style>p {color: red}</style></head><body>"
        "<div class='cookie-banner'>We use cookies. Accept all cookies to continue reading.</div>"
        "<nav class='main-nav'><a href='/'>Home</a> <a href='/world'>World news</a> <a href='/sport'>Sport</a></nav>"
        "<article><h1>Talks end without a joint statement</h1>"
        "<div class='byline'>By Jane Smith</div><p class='updated'>Updated May 13, 2015</p>"
        f"{paras}</article>"
        "<aside class='related-stories'><h3>Related stories</h3><ul><li><a href='/a'>Ministers to meet "
        "again in June after stalled trade round</a></li></ul></aside>"
        "<section id='comments'><h3>Comments</h3><p>Great article, thanks for reporting on this topic!</p></section>"
        "<footer class='site-footer'>Copyright 2015 The Example Times. All rights reserved.</footer>"
        "</body></html>"
    ).encode()


def _cases() -> dict[str, Case]:
    utf8 = ARTICLE.encode()
    bom16 = codecs.BOM_UTF16_LE
    lines = ARTICLE.split("\n")
    mixed = "\n".join(lines[:2]) + "\n" + "Café owners in Zürich said the talks were a tête-à-tête.\n"
    latin = "Señor García called the meeting a façade.\n".encode("latin-1")
    mixed_bytes = mixed.encode("utf-8") + latin + BODY.encode()
    long_words = " ".join(f"word{i % 997} is here" for i in range(7000)) + "."
    return {
        # --- files that are not text, or empty --------------------------------------
        "empty": Case({"bad.txt": b""}, r"empty file", "error", loads=False),
        "whitespace_only": Case({"bad.txt": b"  \n\n\t \r\n"}, r"only whitespace", "error", loads=False),
        "binary": Case({"bad.txt": bytes(range(256)) * 40}, r"binary file", "error", loads=False),
        "nul_bytes": Case({"bad.txt": utf8.replace(b"four hours", b"four\x00 hours\x00")},
                          r"2 NUL byte\(s\) removed on line 5"),
        "nul_bytes_late": Case({"bad.txt": utf8 + (BODY * 300).encode() + b"\x00 end.\n"}, r"NUL byte"),
        # --- encodings ----------------------------------------------------------------
        "utf8_bom": Case({"bad.txt": codecs.BOM_UTF8 + utf8}, None),
        "utf16_bom": Case({"bad.txt": bom16 + _utf16_le(ARTICLE)}, r"decoded as utf-16-le"),
        "utf16_bom_odd_bytes": Case({"bad.txt": bom16 + _utf16_le(ARTICLE) + b"A"}, r"odd number of bytes"),
        "utf16_lone_surrogate": Case({"bad.txt": bom16 + _utf16_le(ARTICLE[:40]) + b"\x00\xd8" + _utf16_le(BODY)},
                                     r"lone surrogate"),
        "utf16_no_bom": Case({"bad.txt": _utf16_le(ARTICLE)}, r"UTF-16 without a byte-order mark"),
        "utf16_be_no_bom": Case({"bad.txt": ARTICLE.encode("utf-16-be")}, r"UTF-16 without a byte-order mark"),
        "cp1251": Case({"bad.txt": RUSSIAN.encode("cp1251")}, r"decoded as cp1251", check=_check_language("ru")),
        "latin1": Case({"bad.txt": (ARTICLE + "Señor García called it a façade.\n").encode("latin-1")},
                       r"decoded as (?:latin-1|cp1252)"),
        "mixed_utf8_latin1": Case({"bad.txt": mixed_bytes}, r"mixed encodings: line 4 not valid UTF-8"),
        "mojibake": Case({"bad.txt": (ARTICLE + "Officials said they don\u2019t expect a deal soon.\n")
                          .encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")},
                         r"mojibake repaired with ftfy on line 8", check=_check_mojibake),
        "crlf": Case({"bad.txt": ARTICLE.replace("\n", "\r\n").encode()}, None),
        "cr_only": Case({"bad.txt": ARTICLE.replace("\n", "\r").encode()}, None),
        # --- HTML -----------------------------------------------------------------------
        "html_malformed": Case({"bad.html": ("<html><body><div><p>Talks end without a joint statement<p><b>"
                                             + BODY.replace("\n\n", "<p>") + "</div></span></html").encode()}, None),
        "html_without_body": Case({"bad.html": b"<html><head><title>Only a title</title></head></html>"},
                                  r"HTML page without any main text", "error", loads=False),
        "html_dropped_blocks": Case({"bad.html": _html_page()}, None, check=_check_html),
        "txt_holding_html": Case({"bad.txt": _html_page()}, r"a \.txt file holding an HTML page"),
        # --- size and shape ---------------------------------------------------------------
        "file_20mb": Case({"bad.txt": (BODY.encode() * 60000)[:20_000_000]}, r"too large", "error", loads=False),
        "single_line_5mb": Case({"bad.txt": (BODY.replace("\n", " ").encode() * 12000)[: 5 * 1024 * 1024]},
                                r"too large", "error", loads=False),
        "single_line_300kb": Case({"bad.txt": ("A headline\n\n" + BODY.replace("\n", " ") * 600).encode()},
                                  r"longer than 20,000 characters"),
        "tiny_files_2000": Case({f"tiny{i:04d}.txt": f"{i}\n".encode() for i in range(2000)},
                                r"no body text found", "error", loads=False, bad_file="tiny1999.txt"),
        "very_short": Case({"bad.txt": b"Talks end\n\nThe ministers met on Tuesday and agreed to meet again.\n"},
                           r"very short article"),
        "very_long": Case({"bad.txt": ("A very long page\n\n" + (long_words + "\n\n") * 4).encode()},
                          r"very long article"),
        # --- languages and quotation marks ----------------------------------------------
        "chinese": Case({"bad.txt": CHINESE.encode()}, r"language is 'zh'.*English-only analyses skip it",
                        check=_check_language("zh")),
        "french": Case({"bad.txt": FRENCH.encode()}, r"language is 'fr'", check=_check_language("fr")),
        "only_quotes": Case({"bad.txt": ("Quotes of the day\n\n" + "\n\n".join(
            f"\"We will keep talking until there is a deal, round {i},\" the minister said." for i in range(5)
        ) + "\n").encode()}, None),
        "unbalanced_quotes": Case({"bad.txt": ("Talks end\n\n\"The talks were useful, the minister said. "
                                              + BODY.replace("\"", "")).encode()}, None),
        # --- markup, widgets, duplicates -------------------------------------------------
        "markup_tweets": Case({"bad.txt": (
            "Talks end without a joint statement\n\n<tweet-id data-id=\"59431\">\n\n"
            + BODY.replace("Analysts said", "<tweet id=\"61\">Analysts said</tweet>") + "</div>\n"
        ).encode()}, r"markup tags \(<div>, <tweet>, <tweet-id>\) removed", check=_check_no_tags),
        "embed_widgets": Case({"bad.txt": (
            ARTICLE + "\nWe stand with our partners pic.twitter.com/AbC123\n\n"
            "\u2014 Jane Minister (@janeminister) May 12, 2015\n\nView this post on Instagram\n\n"
            "Please enable JavaScript to view the comments\n\n" + BODY
        ).encode()}, r"embedded post or widget text removed", check=_check_embeds_removed),
        "duplicate_wire_copy": Case({"bad.txt": GOOD["good_a.txt"][2].encode()}, r"same text as article 'good_a'",
                                    check=_check_duplicate("exact")),
        "near_duplicate": Case({"bad.txt": GOOD["good_a.txt"][2].replace("three percent", "3%")
                                .replace("on Monday", "on Monday morning").encode()},
                               r"near-duplicate of article 'good_a'", check=_check_duplicate("near")),
        # --- paths ---------------------------------------------------------------------------
        "symlink_to_outside": Case({}, r"symbolic link", "error", loads=False, bad_file="bad.txt",
                                   setup=_symlink("/etc/hostname", "bad.txt")),
        "symlink_inside": Case({}, r"symbolic link", "error", loads=False, bad_file="bad.txt",
                               setup=_symlink("good_a.txt", "bad.txt")),
        "manifest_path_escapes": Case({}, r"leaves the corpus folder", "error", loads=False,
                                      bad_file="outside.txt", setup=_outside_file,
                                      manifest=_manifest(["../manifest_path_escapes-outside.txt,Wire,Talks"])),
        "manifest_absolute_path": Case({}, r"absolute path", "error", loads=False, bad_file="/etc/hostname",
                                       manifest=_manifest(["/etc/hostname,Wire,Talks"])),
        "capture_is_a_folder": Case({}, r"not a regular file", "error", loads=False, bad_file="folder.txt",
                                    setup=_capture_folder, manifest=_manifest(["folder.txt,Wire,Talks"])),
        "missing_file": Case({}, r"does not exist", "error", loads=False, bad_file="gone.txt",
                             manifest=_manifest(["gone.txt,Wire,Talks"])),
        "file_name_not_utf8": Case({}, r"name is not valid UTF-8", "error", loads=False, bad_file="bad_caf",
                                   setup=_undecodable_name, manifest=_manifest([])),
        "not_in_manifest": Case({"bad.txt": utf8}, r"not in manifest.csv; ignored", loads=False,
                                manifest=_manifest([])),
        "unsupported_file_type": Case({"bad.pdf": b"%PDF-1.4 binary"}, r"not a capture", loads=False),
        # --- the manifest ------------------------------------------------------------------
        "manifest_header_case": Case({"bad.txt": utf8}, r"manifest column ' Outlet ' read as 'outlet'",
                                     bad_file="manifest.csv",
                                     manifest=_manifest(["bad.txt,Wire,Talks"], header="File, Outlet ,EVENT")),
        "manifest_misspelt_required": Case({"bad.txt": utf8}, r"did you mean `outlet` for column 'outlt'",
                                           "error", bad_file="manifest.csv", manifest_error=True,
                                           manifest=_manifest(["bad.txt,Wire,Talks"], header="file,outlt,event")),
        "manifest_missing_required": Case({"bad.txt": utf8}, r"missing required column\(s\) event", "error",
                                          bad_file="manifest.csv", manifest_error=True,
                                          manifest="file,outlet\ngood_a.txt,Gazette\ngood_b.txt,Observer\n"
                                                   "bad.txt,Wire\n"),
        "manifest_duplicate_columns": Case({"bad.txt": utf8}, r"several columns are read as the same column",
                                           "error", bad_file="manifest.csv", manifest_error=True,
                                           manifest=_manifest(["bad.txt,Wire,Talks,Wire"],
                                                              header="file,outlet,event,Outlet")),
        "manifest_header_only": Case({"bad.txt": utf8}, r"lists no articles", "error", bad_file="manifest.csv",
                                     manifest_error=True, manifest="file,outlet,event\n"),
        "manifest_empty": Case({"bad.txt": utf8}, r"is empty", "error", bad_file="manifest.csv",
                               manifest_error=True, manifest=""),
        "manifest_semicolons": Case({"bad.txt": utf8}, r"separated by ';'", bad_file="manifest.csv",
                                    manifest=_manifest(["bad.txt,Wire,Talks"]).replace(",", ";")),
        "manifest_too_many_fields": Case({"bad.txt": utf8}, r"manifest line 4 has 5 fields", "error",
                                         bad_file="manifest.csv", loads=False,
                                         manifest=_manifest(["bad.txt,Wire,Talks,x,y"])),
        "manifest_reserved_columns": Case({"bad.txt": utf8}, r"kept as 'manifest_text'", bad_file="manifest.csv",
                                          manifest=_manifest(["bad.txt,Wire,Talks,my note,12,x"],
                                                             header="file,outlet,event,text,n_words,source_file"),
                                          check=_check_reserved),
        "manifest_misspelt_optional": Case({"bad.txt": utf8}, r"did you mean `published`", bad_file="manifest.csv",
                                           manifest=_manifest(["bad.txt,Wire,Talks,2015-05-12"],
                                                              header="file,outlet,event,pubished")),
        "manifest_ambiguous_date": Case({"bad.txt": utf8}, r"ambiguous published date '12/05/2015': read as "
                                        r"2015-12-05 \(month first \(US style\)\); it could be 2015-05-12",
                                        manifest=_manifest(["bad.txt,Wire,Talks,12/05/2015"],
                                                           header="file,outlet,event,published"),
                                        check=_check_date("2015-12-05")),
        "manifest_day_first_dates": Case({"bad.txt": utf8, "bad2.txt": FRENCH.encode()},
                                         r"read as 2015-05-12 \(day first, like other dates in the manifest\)",
                                         manifest=_manifest(["bad.txt,Wire,Talks,12/05/2015",
                                                             "bad2.txt,Wire,Talks,25/05/2015"],
                                                            header="file,outlet,event,published"),
                                         check=_check_date("2015-05-12")),
        "manifest_garbage_date": Case({"bad.txt": utf8}, r"'2015-05-12 garbage' is not a date.*left empty",
                                      manifest=_manifest(["bad.txt,Wire,Talks,2015-05-12 garbage"],
                                                         header="file,outlet,event,published"),
                                      check=_check_date(None)),
        "manifest_impossible_date": Case({"bad.txt": utf8}, r"'2015-02-30' is not a real date",
                                         manifest=_manifest(["bad.txt,Wire,Talks,2015-02-30"],
                                                            header="file,outlet,event,published")),
        "manifest_language_tags": Case({"en_upper.txt": utf8, "en_us.txt": utf8.replace(b"Tuesday", b"Monday"),
                                        "en_gb.txt": utf8.replace(b"Tuesday", b"Friday")}, None,
                                       manifest=_manifest(["en_upper.txt,Wire,Talks,EN", "en_us.txt,Post,Talks,en-US",
                                                           "en_gb.txt,Times,Talks,English"],
                                                          header="file,outlet,event,language"),
                                       check=_check_english),
        "manifest_bad_language_tag": Case({"bad.txt": utf8}, r"language tag '\?\?' not understood",
                                          manifest=_manifest(["bad.txt,Wire,Talks,??"],
                                                             header="file,outlet,event,language")),
        "manifest_duplicate_id": Case({"bad.txt": utf8}, r"duplicate article_id 'good_a'", "error", loads=False,
                                      manifest=_manifest(["bad.txt,Wire,Talks,good_a"],
                                                         header="file,outlet,event,article_id").replace(
                                                             "Harbour strike\n", "Harbour strike,good_a\n")),
        "manifest_file_twice": Case({"bad.txt": utf8}, r"listed twice", "error", bad_file="bad.txt",
                                    manifest=_manifest(["bad.txt,Wire,Talks", "bad.txt,Wire,Talks"])),
        "manifest_empty_outlet": Case({"bad.txt": utf8}, r"empty outlet in the manifest; outlet set to 'bad'",
                                      manifest=_manifest(["bad.txt,,Talks"])),
        "manifest_latin1": Case({"bad.txt": utf8}, r"manifest: not UTF-8: decoded as latin-1",
                                bad_file="manifest.csv", manifest=_manifest(["bad.txt,Le Monde \u00e9dition,Talks"])),
        "manifest_backslash_path": Case({"sub/bad.txt": utf8}, r"path 'sub\\\\bad.txt' read as 'sub/bad.txt'",
                                        bad_file="bad.txt", manifest=_manifest(["sub\\bad.txt,Wire,Talks"])),
        "manifest_odd_paths": Case({}, r"part over 255 bytes: not a usable path; refused", "error", loads=False,
                                   bad_file="a" * 300,
                                   manifest=_manifest(["a" * 300 + ".txt,Wire,Talks", ".,Wire,Talks", "sub/,Wire,Talks",
                                                       "b/" * 3000 + "c.txt,Wire,Talks", "~/z.txt,Wire,Talks"])),
        # --- hostile strings -----------------------------------------------------------------
        "hostile_strings": Case({"bad.txt": utf8}, None, check=_check_hostile,
                                manifest=_manifest(['bad.txt,Money$^^$ Weekly <b>,"../../etc/passwd; =cmd|\' /C '
                                                    'calc\'!A0","=HYPERLINK(""http://x"")"'],
                                                   header="file,outlet,event,title")),
        "label_with_line_break": Case({"bad.txt": utf8}, r"outlet contained line breaks",
                                      manifest=_manifest(['bad.txt,"Daily\nPlanet",Talks'])),
    }


CASES: dict[str, Case] = _cases()


def make_case(name: str, tmp: str | Path) -> Path:
    """Write case ``name``'s corpus folder under ``tmp`` (good articles, the bad items and
    a manifest) and return the folder."""
    case = CASES[name]
    folder = Path(tmp) / name
    folder.mkdir(parents=True)
    for fname, (_, _, text) in GOOD.items():
        (folder / fname).write_text(text, encoding="utf-8")
    for fname, data in case.files.items():
        (folder / fname).parent.mkdir(parents=True, exist_ok=True)
        (folder / fname).write_bytes(data)
    manifest = case.manifest
    if manifest is None:
        names = [n for n in case.files if Path(n).suffix in (".txt", ".html")] or ([case.bad_file] if case.bad_file
                                                                                  else [])
        manifest = _manifest([f"{n},Wire,Talks" for n in names])
    if name == "manifest_latin1":
        (folder / "manifest.csv").write_bytes(manifest.encode("latin-1"))
    else:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    if case.setup is not None:
        case.setup(folder)
    return folder
