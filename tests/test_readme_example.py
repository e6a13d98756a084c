"""The library example runs as written: the python block between the markers
``<!-- library-example -->`` and ``<!-- /library-example -->`` in docs/corpus.md and in the
README is executed from the project root."""

from __future__ import annotations

import re
import warnings

import pytest

from analysis.paths import ROOT

MARKERS = re.compile(r"<!-- library-example -->\s*```python\n(?P<code>.*?)```\s*<!-- /library-example -->", re.S)


def example(path) -> str | None:
    """The python code between the library-example markers of ``path`` (None without markers)."""
    m = MARKERS.search(path.read_text(encoding="utf-8"))
    return m.group("code") if m else None


def test_marker_extraction_finds_the_block(tmp_path):
    doc = tmp_path / "x.md"
    doc.write_text("intro\n<!-- library-example -->\n```python\nx = 1\n```\n<!-- /library-example -->\n")
    assert example(doc) == "x = 1\n"
    doc.write_text("no markers here\n```python\nx = 1\n```\n")
    assert example(doc) is None


@pytest.mark.parametrize("name", ["docs/corpus.md", "README.md"])
def test_library_example_runs(name, monkeypatch):
    code = example(ROOT / name)
    assert code is not None, f"{name} has no <!-- library-example --> block"
    monkeypatch.chdir(ROOT)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, name, "exec"), {"__name__": "__library_example__"})  # noqa: S102


def test_the_old_readme_example_was_wrong():
    """Why the example changed: the first sentence of the corpus is not in the second article."""
    from analysis.corpus import load_corpus

    corpus = load_corpus(ROOT / "seeds")
    text = corpus.articles.set_index("article_id").loc["003_7a7a1e349b722e39", "text"]
    row = corpus.sentences.iloc[0]
    assert row.article_id != "003_7a7a1e349b722e39"
    assert text[row.start : row.end] != row.text
