"""Schema of the lexicons: every CSV in analysis/lexicons is documented in its README with
exactly the columns it has, has rows, and has no duplicate rows; the loader reads no file at
import and names what is missing."""

from __future__ import annotations

import re

import pytest

from analysis import lexicons
from analysis.paths import ROOT

FOLDER = ROOT / "analysis" / "lexicons"
README = (FOLDER / "README.md").read_text(encoding="utf-8")


def documented() -> dict[str, list[str]]:
    """file name -> columns, from the README's table rows ``| `x.csv` | `a`, `b` | ...``."""
    out = {}
    for line in README.splitlines():
        m = re.match(r"\|\s*`([\w\-]+)\.csv`\s*\|([^|]*)\|", line)
        if m:
            out[m.group(1)] = re.findall(r"`([^`]+)`", m.group(2))
    return out


DOCS = documented()


@pytest.mark.parametrize("name", lexicons.names())
def test_every_lexicon_is_documented_with_its_columns(name):
    assert name in DOCS, f"analysis/lexicons/{name}.csv is not described in analysis/lexicons/README.md"
    frame = lexicons.load(name)
    assert list(frame.columns) == DOCS[name], f"{name}.csv columns {list(frame.columns)} != README {DOCS[name]}"
    assert len(frame) > 0
    dupes = frame[frame.duplicated()].head().to_dict("records")
    assert not dupes, f"{name}.csv has duplicate rows: {dupes}"


def test_documented_files_exist():
    assert set(DOCS) <= set(lexicons.names())


def test_wordset_is_lazy_and_behaves_like_a_set():
    ws = lexicons.WordSet("stopwords")
    assert ws._set is None  # nothing read yet
    assert "the" in ws and "us" not in ws and "not" not in ws
    assert ws | {"zzz"} == lexicons.words("stopwords") | {"zzz"}
    assert {"zzz"} | ws == ws | {"zzz"}
    assert len(ws - {"the"}) == len(ws) - 1


def test_unknown_lexicon_names_the_available_ones():
    with pytest.raises(FileNotFoundError, match="stopwords"):
        lexicons.load("no-such-list")


def test_months_cover_every_month():
    assert sorted(set(lexicons.MONTHS.values())) == list(range(1, 13))
    assert lexicons.MONTHS["sept"] == 9 and lexicons.MONTHS["may"] == 5
