"""Validation figures: one JSON, and every number quoted in README/docs equals the recorded one."""

from __future__ import annotations

import pytest

from analysis import accuracy
from analysis.paths import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_record_render_and_stale(tmp_path):
    path = tmp_path / "v.json"
    accuracy.record("tone", {"f1": 0.6271, "n": 10}, path=path)
    accuracy.record("sources", {"recall": 0.9}, path=path)
    accuracy.record("sources", {"n": 3}, key="nyt", path=path)
    data = accuracy.figures(path=path)
    assert set(data) == {"tone", "sources"}
    assert data["sources"] == {"recall": 0.9, "nyt": {"n": 3}}
    text = ("F1 <!-- v:tone.f1 -->0.5<!-- /v --> on <!-- v:tone.n -->10<!-- /v --> "
            "(<!-- v:sources.recall .0% -->x<!-- /v -->)")
    assert accuracy.stale(text, data=data) == [
        "tone.f1: written '0.5', recorded '0.63'",
        "sources.recall: written 'x', recorded '90%'",
    ]
    fixed = accuracy.render(text, data=data)
    assert accuracy.stale(fixed, data=data) == []
    assert "0.63" in fixed and "90%" in fixed


def test_unknown_key_is_named():
    with pytest.raises(KeyError, match="tone.nope"):
        accuracy.value("tone.nope", data={"tone": {}})


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_documented_figures_match_the_recorded_ones(doc):
    assert accuracy.stale(doc.read_text(encoding="utf-8")) == [], (
        f"{doc.name} quotes figures that differ from analysis/data/validation.json: "
        "run scripts/render_docs.py"
    )
