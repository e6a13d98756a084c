"""Tone toward one mention: a distance- and clause-weighted lexicon window fed to a model fitted on NewsMTSC."""

from __future__ import annotations

import bisect
import importlib.resources
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from analysis.sentiment.lexicon import CUTOFF, LABELS, _squash, vader

MODEL_FILE = "newsmtsc_toward_model.json"
# Window settings of ``toward``: decay length in tokens and weight of words in other clauses.
TAU = 6.0
W_OUT = 0.25

# ---------------------------------------------------------------------------------------
# Tone toward a mention
# ---------------------------------------------------------------------------------------
_WS_RE = re.compile(r"\S+")
_WORD_RE = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")
# Clause boundaries: strong punctuation, quotation marks, and contrastive or subordinating
# conjunctions (with or without a comma), which in news copy often switch the target of
# evaluation ("X praised the plan, but Y ...").
_CLAUSE_RE = re.compile(
    r"[;:()\[\]\u2014\"\u201c\u201d]|\s-\s"
    r"|,\s*(?=(?:and|or|which|who|as|when|after|before|saying|said)\b)"
    r"|\b(?:but|while|whereas|although|though|however|yet|because)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def _vader_tokens(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[float, ...]]:
    """Whitespace tokens VADER sees (character spans) and their valences after VADER's rules.

    Mirrors ``SentimentIntensityAnalyzer.polarity_scores`` up to (but not including) the
    sentence-wide "but" rule, so that valences can be weighted by position instead.
    """
    from nltk.sentiment.vader import SentiText

    sia = vader()
    consts = sia.constants
    if hasattr(sia, "senti_text"):  # the fast tokenizer (same tokens as NLTK's SentiText)
        senti = sia.senti_text(text)
    else:
        senti = SentiText(text, consts.PUNC_LIST, consts.REGEX_REMOVE_PUNCTUATION)
    words = senti.words_and_emoticons
    spans = tuple([m.span() for m in _WS_RE.finditer(text) if m.end() - m.start() > 1])
    if len(spans) != len(words):  # defensive: VADER's split changed; fall back to no spans
        return (), ()
    valences: list[float] = []
    booster, lexicon, last = consts.BOOSTER_DICT, sia.lexicon, len(words) - 1
    for i, item in enumerate(words):
        low = item.lower()
        if low in booster or (low == "kind" and i < last and words[i + 1].lower() == "of"):
            valences.append(0.0)
        elif low not in lexicon:
            # NLTK's sentiment_valence appends the 0 it is given for a word not in the
            # lexicon: most words, so they skip the call (same valences)
            valences.append(0.0)
        else:
            valences = sia.sentiment_valence(0, senti, item, i, valences)
    return spans, tuple([float(v) for v in valences])


def _clause_bounds(text: str) -> list[int]:
    return [m.start() for m in _CLAUSE_RE.finditer(text)]


@lru_cache(maxsize=4096)
def _layout(text: str) -> tuple:
    """What every mention of one sentence shares (a sentence often names several actors):
    the clause bounds; the word tokens' starts, ends, clause numbers, lower-case forms and
    whether each is capitalised after the first token; VADER's tokens' starts, ends and
    clause numbers, and the positions of those with a valence."""
    bounds = _clause_bounds(text)
    words = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    starts = [s for _t, s, _e in words]
    spans, valences = _vader_tokens(text)
    return (bounds, starts, [e for _t, _s, e in words], [bisect.bisect_right(bounds, s) for s in starts],
            [t.lower() for t, _s, _e in words], [i > 0 and t[0].isupper() for i, (t, _s, _e) in enumerate(words)],
            [s for s, _e in spans], [e for _s, e in spans], [bisect.bisect_right(bounds, s) for s, _e in spans],
            [i for i, val in enumerate(valences) if val != 0.0])


def _inside(starts: list[int], ends: list[int], start: int, end: int) -> tuple[int, int]:
    """First and last of the (sorted, disjoint) tokens overlapping ``[start, end)``; without
    one, both are the place of ``start`` among the tokens."""
    lo, hi = bisect.bisect_right(ends, start), bisect.bisect_left(starts, end) - 1
    if lo <= hi:
        return lo, hi
    at = bisect.bisect_left(starts, start)
    return at, at


def _check_span(text: str, start: int, end: int) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if not (0 <= start < end <= len(text)):
        raise ValueError(
            f"mention span [{start}, {end}) does not fit inside a text of {len(text)} characters"
        )


def _weight(dist: int, same_clause: bool, tau: float, w_out: float) -> float:
    return (1.0 if same_clause else w_out) * _decay(dist, tau)


@lru_cache(maxsize=4096)
def _decay(dist: int, tau: float) -> float:
    return math.exp(-max(dist - 1, 0) / tau)


def window_score(
    text: str, start: int, end: int, *, tau: float = TAU, w_out: float = W_OUT
) -> float:
    """Lexicon-only tone toward the mention ``text[start:end]``, unsquashed.

    Sum of VADER token valences outside the mention, each weighted by
    ``exp(-(d - 1) / tau)`` (``d`` = tokens between word and mention) and by ``w_out`` when
    the word lies in another clause.
    """
    _spans, valences = _vader_tokens(text)
    bounds, *_words, starts, ends, clause, polar = _layout(text)
    home = bisect.bisect_right(bounds, start)
    lo, hi = _inside(starts, ends, start, end)
    total = 0.0
    for i in polar:
        if lo <= i <= hi:
            continue
        dist = lo - i if i < lo else i - hi
        total += valences[i] * _weight(dist, clause[i] == home, tau, w_out)
    return total


def context_features(
    text: str, start: int, end: int, *, tau: float = TAU, w_out: float = W_OUT, compound: float | None = None
) -> dict[str, float]:
    """Features of the words around one mention, for the fitted ``toward`` model.

    ``L:word`` / ``R:word`` weights for lower-case words left / right of the mention (words
    inside the mention and capitalised words after the first token, i.e. names, are left
    out so the model cannot learn opinions about particular people), the lexicon window
    score and the whole-sentence VADER compound (``compound`` when the caller has it
    already, e.g. from :func:`~analysis.sentiment.score_table`; computed here otherwise).
    """
    bounds, starts, ends, clause, lows, named, *_vader = _layout(text)
    home = bisect.bisect_right(bounds, start)
    lo, hi = _inside(starts, ends, start, end)
    feats: dict[str, float] = {}
    for i, low in enumerate(lows):
        if lo <= i <= hi or named[i]:
            continue
        dist = lo - i if i < lo else i - hi
        key = ("L:" if i < lo else "R:") + low
        w = _weight(dist, clause[i] == home, tau, w_out)
        feats[key] = feats.get(key, 0.0) + w
    feats["__window"] = window_score(text, start, end, tau=tau, w_out=w_out) / 3.0
    feats["__sentence"] = vader().polarity_scores(text)["compound"] if compound is None else compound
    return feats


@dataclass
class TowardModel:
    """Multinomial logistic model of tone toward a mention (negative / neutral / positive).

    ``weights[label]`` maps feature -> coefficient and ``intercepts[label]`` is the bias, for
    ``label`` in :data:`LABELS`. :meth:`compound` turns class probabilities into a score on
    VADER's scale: the expected polarity P(positive) - P(negative), placed in the +-0.05
    band when "neutral" is the most probable class and outside it otherwise, so VADER's
    cut-offs reproduce the model's decision.
    """

    weights: dict[str, dict[str, float]]
    intercepts: dict[str, float]
    tau: float = TAU
    w_out: float = W_OUT
    meta: dict = field(default_factory=dict)

    def proba(self, text: str, start: int, end: int, *, compound: float | None = None) -> dict[str, float]:
        """Class probabilities for the mention ``text[start:end]`` (``compound``: the
        sentence's VADER compound when known, see :func:`context_features`)."""
        return self.proba_features(context_features(text, start, end, tau=self.tau, w_out=self.w_out,
                                                    compound=compound))

    def proba_features(self, feats: Mapping[str, float]) -> dict[str, float]:
        """Class probabilities from precomputed :func:`context_features`."""
        # each label's sum of weight x value in the features' order, as one pass over the
        # features; a feature no label weighs adds a zero to every sum, so it is skipped
        table = self._weight_rows()
        neg = neu = pos = 0.0
        for k, v in feats.items():
            row = table.get(k)
            if row is not None:
                neg += row[0] * v
                neu += row[1] * v
                pos += row[2] * v
        logits = np.array([self.intercepts[lab] + acc for lab, acc in zip(LABELS, (neg, neu, pos), strict=True)])
        p = np.exp(logits - logits.max())
        p /= p.sum()
        return dict(zip(LABELS, p.tolist(), strict=True))

    def _weight_rows(self) -> dict[str, tuple[float, ...]]:
        """``{feature: (weight per label in LABELS order)}`` over every weighed feature, built
        once per ``weights`` (rebuilt when ``weights`` is replaced)."""
        cached = self.__dict__.get("_rows")
        if cached is None or cached[0] is not self.weights:
            names = dict.fromkeys(k for lab in LABELS for k in self.weights[lab])
            rows = {k: tuple(self.weights[lab].get(k, 0.0) for lab in LABELS) for k in names}
            cached = self.__dict__["_rows"] = (self.weights, rows)
        return cached[1]

    @staticmethod
    def compound(proba: Mapping[str, float]) -> float:
        """Expected polarity, banded by the most probable class (see class docstring)."""
        z = proba["positive"] - proba["negative"]
        best = max(LABELS, key=lambda lab: proba[lab])
        if best == "positive":
            return max(z, CUTOFF)
        if best == "negative":
            return min(z, -CUTOFF)
        return CUTOFF * z * 0.99

    def to_json(self) -> str:
        payload = {
            "intercepts": {k: round(v, 5) for k, v in self.intercepts.items()},
            "tau": self.tau,
            "w_out": self.w_out,
            "meta": self.meta,
            "weights": {
                lab: {k: round(v, 4) for k, v in sorted(w.items()) if abs(v) >= 1e-4}
                for lab, w in self.weights.items()
            },
        }
        return json.dumps(payload, sort_keys=True, separators=(",", ":")) + "\n"

    @classmethod
    def from_json(cls, text: str) -> TowardModel:
        d = json.loads(text)
        return cls(d["weights"], d["intercepts"], d["tau"], d["w_out"], d["meta"])


def fit_toward_model(
    texts: Sequence[str],
    starts: Sequence[int],
    ends: Sequence[int],
    labels: Sequence[int],
    *,
    c: float = 1.0,
    min_count: int = 3,
    tau: float = TAU,
    w_out: float = W_OUT,
) -> TowardModel:
    """Fit a :class:`TowardModel`: L2-penalised multinomial logistic regression (lbfgs).

    One row per mention; ``labels`` are -1 (negative), 0 (neutral), 1 (positive). Word
    features seen in fewer than ``min_count`` mentions are dropped; ``c`` is the inverse
    penalty strength (scikit-learn's ``C``). Deterministic for the same inputs.
    """
    if not (len(texts) == len(starts) == len(ends) == len(labels)):
        raise ValueError("texts, starts, ends and labels must have the same length")
    feats = [
        context_features(t, int(s), int(e), tau=tau, w_out=w_out)
        for t, s, e in zip(texts, starts, ends, strict=True)
    ]
    return fit_toward_features(feats, labels, c=c, min_count=min_count, tau=tau, w_out=w_out)


def fit_toward_features(
    feats: Sequence[Mapping[str, float]],
    labels: Sequence[int],
    *,
    c: float = 1.0,
    min_count: int = 3,
    tau: float = TAU,
    w_out: float = W_OUT,
) -> TowardModel:
    """:func:`fit_toward_model` from precomputed :func:`context_features` (one per mention).

    ``tau`` and ``w_out`` must be the values the features were computed with; they are
    stored in the model so that scoring recomputes features the same way.
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(labels, dtype=int)
    if len(feats) != len(y):
        raise ValueError("features and labels must have the same length")
    if set(np.unique(y).tolist()) != {-1, 0, 1}:
        raise ValueError("labels must be -1, 0 or 1, and all three must occur")
    counts: dict[str, int] = {}
    for f in feats:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    keep = {k for k, n in counts.items() if n >= min_count or k.startswith("__")}
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{k: v for k, v in f.items() if k in keep} for f in feats])
    clf = LogisticRegression(C=c, max_iter=5000).fit(x, y)
    names = vec.get_feature_names_out()
    by_class = dict(zip((-1, 0, 1), LABELS, strict=True))
    weights = {
        by_class[int(cls)]: dict(zip(names.tolist(), row.tolist(), strict=True))
        for cls, row in zip(clf.classes_, clf.coef_, strict=True)
    }
    intercepts = {by_class[int(cls)]: float(b) for cls, b in zip(clf.classes_, clf.intercept_, strict=True)}
    meta = {"n_mentions": int(len(y)), "c": c, "min_count": min_count, "n_features": len(names)}
    return TowardModel(weights, intercepts, tau=tau, w_out=w_out, meta=meta)


@lru_cache(maxsize=1)
def default_model() -> TowardModel:
    """The ``toward`` model shipped in ``analysis/data`` (fitted on NewsMTSC train)."""
    text = importlib.resources.files("analysis").joinpath("data", MODEL_FILE).read_text("utf-8")
    return TowardModel.from_json(text)


def toward(
    text: str,
    start: int,
    end: int,
    *,
    method: str = "model",
    model: TowardModel | None = None,
) -> float:
    """Compound tone (-1..1, +-0.05 cut-offs as in VADER) toward the mention ``text[start:end]``.

    ``method="model"`` (default): the fitted :class:`TowardModel` (``model`` or the shipped
    one). ``method="window"``: VADER valences weighted by distance and clause
    (:func:`window_score`), squashed like VADER's compound. ``method="sentence"``: plain
    VADER on the whole text, for comparison.
    """
    _check_span(text, start, end)
    if method == "sentence":
        return float(vader().polarity_scores(text)["compound"])
    if method == "window":
        return float(_squash(window_score(text, start, end)))
    if method == "model":
        m = model or default_model()
        return float(m.compound(m.proba(text, start, end)))
    raise ValueError(f"unknown method {method!r}; use 'model', 'window' or 'sentence'")
