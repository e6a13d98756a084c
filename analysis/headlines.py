"""Is the first line of a capture a headline or the article's first sentence?

A plain-text capture may open on its headline or straight on the lead. Shape alone (length,
final punctuation) cannot tell "The Trump administration has escalated its fight with
California." from a headline, so :func:`analysis.corpus.parse_article` asks this module
once its shape rules have taken a first line ending in "." or ";" for a headline (unless the
outlet's captures are known to open on a headline: :func:`analysis.corpus.outlet_layouts`):
a small logistic model scores the line on grammar and content (:data:`FEATURES`) and a line
that scores below the shipped threshold stays in the body.

Headline grammar drops articles, auxiliaries and pronouns ("Senate panel advances roads
bill"), writes content words in title case and restates the story that follows; a lead is
longer, keeps its articles and pronouns, opens on a clause ("If ...", "His ...") and names
a source ("said", "on Tuesday"). The model (``analysis/data/headline_model.json``) is fitted
by ``scripts/fit_headline_model.py`` on the NFC dev articles whose headline was marked by hand
and checked on PolNeAR and PerSenT by ``scripts/validate_headlines.py``.
"""

from __future__ import annotations

import dataclasses
import importlib.resources
import json
import math
import re
from collections.abc import Sequence
from functools import cache

from analysis import lexicons

__all__ = ["FEATURES", "HEADLINE_MODEL_FILE", "HeadlineModel", "default_headline_model", "headline_features"]

HEADLINE_MODEL_FILE = "headline_model.json"
#: Features of a first line, in the model's order: log word count; shares of articles,
#: pronouns and auxiliaries among its words; commas per word; title case (every content word
#: capitalised); share of its content words found in the next lines (a headline restates the
#: story); opens on a subordinator ("If", "As"); opens on a pronoun or demonstrative ("His",
#: "This"); a lead's cue (a weekday, "said", "according to", an opening dateline).
FEATURES = ("log_words", "article_share", "pronoun_share", "auxiliary_share", "comma_share", "title_case",
            "overlap_next", "subordinator_opener", "pronoun_opener", "lede_cue")

# Headlines ending in "." or ";" (house styles that stop every headline): a lede that could be
# mistaken for one names a day or a source ("on Tuesday", "said") or opens on a dateline.
LEDE_CUE_RE = re.compile(
    r"(?i:\b(?:said|told|according to|yesterday|today|tonight|last (?:week|month|year|night)|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b)|^[A-Z][A-Z .,'-]{2,}\s*(?:\(|[\u2013-\u2015]|-)",
)
# Words a title-case headline leaves in lower case ("of", "the", "vs"): lexicons/headline_small_words.csv
_HEADLINE_SMALL = lexicons.WordSet("headline_small_words")
WORD_EDGE = "'\"\u2018\u2019\u201c\u201d(),:;.!?"


@cache
def _grammar() -> dict[str, frozenset[str]]:
    """kind -> words, from lexicons/headline_grammar_words.csv."""
    frame = lexicons.load("headline_grammar_words")
    return {kind: frozenset(group["word"].str.lower()) for kind, group in frame.groupby("kind")}


def content_words(text: str) -> list[str]:
    """The words of ``text`` that a title-case headline capitalises (not "of", "the", ...)."""
    words = (w.strip(WORD_EDGE) for w in text.split())
    return [w for w in words if any(c.isalpha() for c in w) and w.lower() not in _HEADLINE_SMALL]


def _words(text: str) -> list[str]:
    return [w.strip(WORD_EDGE) for w in text.split() if any(c.isalpha() for c in w)]


def headline_features(line: str, following: Sequence[str] = ()) -> list[float]:
    """The :data:`FEATURES` of ``line`` (a capture's first line, normalised), given the
    lines that follow it (``following``: the next few body lines)."""
    line = line.rstrip(".;: ")
    words = _words(line)
    lower = [w.lower() for w in words]
    n = max(1, len(words))
    grammar = _grammar()
    content = content_words(line)
    title_case = bool(content) and all(not w[0].isalpha() or w[0].isupper() for w in content)
    after = {w.lower() for w in _words(" ".join(following))}
    overlap = sum(w.lower() in after for w in content) / max(1, len(content))
    first = lower[0] if lower else ""
    return [
        math.log(n),
        sum(w in grammar["article"] for w in lower) / n,
        sum(w in grammar["pronoun"] for w in lower) / n,
        sum(w in grammar["auxiliary"] for w in lower) / n,
        line.count(",") / n,
        float(title_case),
        overlap,
        float(first in grammar["subordinator"]),
        float(first in grammar["pronoun"] or first in grammar["demonstrative"]),
        float(bool(LEDE_CUE_RE.search(line))),
    ]


@dataclasses.dataclass(frozen=True)
class HeadlineModel:
    """Logistic regression over :data:`FEATURES`: P(headline) of a first line; a line the
    layout rules took for a headline stays one when P >= ``threshold``."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float
    features: tuple[str, ...] = FEATURES

    @classmethod
    def from_json(cls, text: str) -> HeadlineModel:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"headline model features {data['features']} do not match {FEATURES}")
        return cls(tuple(float(c) for c in data["coef"]), float(data["intercept"]), float(data["threshold"]))

    def probability(self, line: str, following: Sequence[str] = ()) -> float:
        """P(headline) of ``line`` followed by ``following``."""
        z = self.intercept + sum(c * x for c, x in zip(self.coef, headline_features(line, following), strict=True))
        return 1.0 / (1.0 + math.exp(-z))

    def is_headline(self, line: str, following: Sequence[str] = ()) -> bool:
        """True unless ``line`` reads as a lead sentence (P(headline) below the threshold)."""
        return self.probability(line, following) >= self.threshold


@cache
def default_headline_model() -> HeadlineModel:
    """The model shipped in ``analysis/data`` (``scripts/fit_headline_model.py``)."""
    text = importlib.resources.files("analysis").joinpath("data", HEADLINE_MODEL_FILE).read_text("utf-8")
    return HeadlineModel.from_json(text)
