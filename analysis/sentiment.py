"""Tone: sentence, article, outlet and actor-level sentiment, with uncertainty.

Methods
-------
* Sentence tone: VADER (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based Model for
  Sentiment Analysis of Social Media Text", ICWSM), NLTK's implementation with the lexicon
  shipped in the ``vaderSentiment`` wheel, fully offline. ``compound`` is in [-1, 1]; the
  authors' cut-offs are >= 0.05 positive, <= -0.05 negative, otherwise neutral.
* Second lexicon: AFINN (Nielsen 2011, "A new ANEW: evaluation of a word list for sentiment
  analysis in microblogs"), summed per sentence and squashed with VADER's own normalisation
  x / sqrt(x^2 + 15) so both lexicons share the [-1, 1] scale and the +-0.05 cut-offs.
* Tone toward an actor mention (:func:`toward`): VADER token valences (with VADER's
  negation, booster and idiom rules) weighted by distance to the mention and down-weighted
  outside the mention's clause, fed with the words around the mention (side- and
  distance-weighted, proper nouns left out) to a multinomial logistic regression fitted
  on the NewsMTSC train split (Hamborg & Donnay 2021, EACL). ``method="window"`` uses the
  lexicon part only.
* Outlet summaries follow GDELT's GKG tone fields (Leetaru & Schrodt 2013; GKG 2.0
  codebook) applied to sentences: % positive and % negative sentences, polarity (their sum)
  and net tone (their difference).
* Uncertainty: percentile bootstrap over sentences (Efron & Tibshirani 1993) with a seed
  derived from the group name, and a two-sided permutation test of a difference in means.
"""

from __future__ import annotations

import bisect
import importlib.resources
import json
import math
import re
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.validate import require_columns

CUTOFF = 0.05
LABELS = ("negative", "neutral", "positive")
MODEL_FILE = "newsmtsc_toward_model.json"
# Window settings of ``toward``: decay length in tokens and weight of words in other clauses.
TAU = 6.0
W_OUT = 0.25

# ---------------------------------------------------------------------------------------
# Lexicons (lazy, cached; importing this module does no I/O)
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def vader():
    """The one cached NLTK VADER analyzer, reading the lexicon from the vaderSentiment wheel."""
    import nltk
    from nltk.sentiment.vader import SentimentIntensityAnalyzer

    lexicon_dir = str(importlib.resources.files("vaderSentiment"))
    if lexicon_dir not in nltk.data.path:
        nltk.data.path.append(lexicon_dir)
    return SentimentIntensityAnalyzer(lexicon_file="vader_lexicon.txt")


@lru_cache(maxsize=1)
def _afinn_lexicon() -> tuple[dict[str, float], int]:
    """AFINN-en-165 from the afinn package: (phrase -> score, longest phrase length)."""
    from afinn import Afinn

    words = Afinn.read_word_file(Afinn().full_filename("AFINN-en-165.txt"))
    return {k: float(v) for k, v in words.items()}, max(len(k) for k in words)


_AFINN_SPACE_RE = re.compile(r"\s+")
_AFINN_BOUNDARY_RE = re.compile(r"\b")


def afinn_score(text: str) -> float:
    """Sum of AFINN word scores of ``text``, exactly as ``afinn.Afinn().score`` computes it
    (lower-cased, whitespace collapsed, leftmost-longest phrase matches between word
    boundaries), but by dictionary look-ups at word boundaries instead of one regular
    expression with 3,382 alternatives, which is about ten times slower."""
    lexicon, longest = _afinn_lexicon()
    t = _AFINN_SPACE_RE.sub(" ", text).lower()
    bounds = [m.start() for m in _AFINN_BOUNDARY_RE.finditer(t)]
    total = 0.0
    pos = 0  # findall does not overlap: the next match starts at or after the last end
    for k, i in enumerate(bounds):
        if i < pos or i >= len(t) or not (t[i].isalnum() or t[i] == "_"):
            continue
        for j in reversed(bounds[k + 1 : bisect.bisect_right(bounds, i + longest)]):
            score = lexicon.get(t[i:j])
            if score is not None:
                total += score
                pos = j
                break
    return total


def _as_texts(texts: Iterable[str] | pd.Series, what: str = "texts") -> list[str]:
    if isinstance(texts, str):
        raise TypeError(f"{what} must be a list or Series of strings, not one string")
    values = list(texts)
    bad = [i for i, t in enumerate(values) if not isinstance(t, str)]
    if bad:
        raise TypeError(
            f"{what}: item {bad[0]} is {type(values[bad[0]]).__name__}, expected text; "
            f"{len(bad)} item(s) are not strings (missing values?)"
        )
    return values


def score_sentences(texts: Iterable[str] | pd.Series) -> pd.DataFrame:
    """VADER scores, one row per input text in input order.

    Columns ``neg, neu, pos, compound`` (Hutto & Gilbert 2014). The index is 0..n-1 for a
    list, or the Series' own index for a Series. Empty strings score 0 everywhere.
    """
    values = _as_texts(texts)
    sia = vader()
    rows = [sia.polarity_scores(t) for t in values]
    index = texts.index if isinstance(texts, pd.Series) else None
    frame = pd.DataFrame.from_records(rows, columns=["neg", "neu", "pos", "compound"], index=index)
    return frame.astype(float)


def _squash(x: np.ndarray | float, alpha: float = 15.0):
    return x / np.sqrt(x * x + alpha)


def score_sentences_afinn(texts: Iterable[str] | pd.Series) -> pd.DataFrame:
    """AFINN scores, one row per input text in input order.

    Columns ``afinn`` (sum of AFINN-en-165 word scores, -5..+5 each; Nielsen 2011) and
    ``afinn_compound`` (that sum squashed to [-1, 1] with VADER's x / sqrt(x^2 + 15)).
    """
    values = _as_texts(texts)
    raw = np.array([afinn_score(t) for t in values], dtype=float)
    index = texts.index if isinstance(texts, pd.Series) else None
    return pd.DataFrame({"afinn": raw, "afinn_compound": _squash(raw)}, index=index)


def label(compound: Iterable[float] | pd.Series, *, cutoff: float = CUTOFF) -> np.ndarray:
    """``negative`` / ``neutral`` / ``positive`` from compound scores (VADER's +-0.05 cut-offs)."""
    x = np.asarray(list(compound) if not isinstance(compound, np.ndarray) else compound, float)
    return np.where(x >= cutoff, "positive", np.where(x <= -cutoff, "negative", "neutral"))


def score_table(
    sentences: pd.DataFrame, *, text_col: str = "text", afinn: bool = True
) -> pd.DataFrame:
    """Copy of ``sentences`` (one row per sentence) with tone columns added.

    Adds ``neg, neu, pos, compound`` (VADER), ``label`` (+-0.05 cut-offs) and, unless
    ``afinn=False``, ``afinn`` and ``afinn_compound``.
    """
    require_columns(sentences, [text_col], "sentences")
    out = sentences.copy()
    scores = score_sentences(out[text_col].reset_index(drop=True))
    for col in scores.columns:
        out[col] = scores[col].to_numpy()
    out["label"] = label(out["compound"].to_numpy())
    if afinn:
        af = score_sentences_afinn(out[text_col].reset_index(drop=True))
        out["afinn"] = af["afinn"].to_numpy()
        out["afinn_compound"] = af["afinn_compound"].to_numpy()
    return out


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
    senti = SentiText(text, consts.PUNC_LIST, consts.REGEX_REMOVE_PUNCTUATION)
    words = senti.words_and_emoticons
    spans = tuple((m.start(), m.end()) for m in _WS_RE.finditer(text) if len(m.group()) > 1)
    if len(spans) != len(words):  # defensive: VADER's split changed; fall back to no spans
        return (), ()
    valences: list[float] = []
    for i, item in enumerate(words):
        low = item.lower()
        if low in consts.BOOSTER_DICT or (
            low == "kind" and i < len(words) - 1 and words[i + 1].lower() == "of"
        ):
            valences.append(0.0)
            continue
        valences = sia.sentiment_valence(0, senti, item, i, valences)
    return spans, tuple(float(v) for v in valences)


def _clause_bounds(text: str) -> list[int]:
    return [m.start() for m in _CLAUSE_RE.finditer(text)]


def _check_span(text: str, start: int, end: int) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {type(text).__name__}")
    if not (0 <= start < end <= len(text)):
        raise ValueError(
            f"mention span [{start}, {end}) does not fit inside a text of {len(text)} characters"
        )


def _weight(dist: int, same_clause: bool, tau: float, w_out: float) -> float:
    return (1.0 if same_clause else w_out) * math.exp(-max(dist - 1, 0) / tau)


def window_score(
    text: str, start: int, end: int, *, tau: float = TAU, w_out: float = W_OUT
) -> float:
    """Lexicon-only tone toward the mention ``text[start:end]``, unsquashed.

    Sum of VADER token valences outside the mention, each weighted by
    ``exp(-(d - 1) / tau)`` (``d`` = tokens between word and mention) and by ``w_out`` when
    the word lies in another clause.
    """
    spans, valences = _vader_tokens(text)
    bounds = _clause_bounds(text)
    home = bisect.bisect_right(bounds, start)
    inside = [i for i, (s, e) in enumerate(spans) if s < end and e > start]
    if inside:
        lo, hi = inside[0], inside[-1]
    else:
        lo = hi = bisect.bisect_left([s for s, _ in spans], start)
    total = 0.0
    for i, ((s, _e), val) in enumerate(zip(spans, valences, strict=True)):
        if val == 0.0 or lo <= i <= hi:
            continue
        dist = lo - i if i < lo else i - hi
        total += val * _weight(dist, bisect.bisect_right(bounds, s) == home, tau, w_out)
    return total


def context_features(
    text: str, start: int, end: int, *, tau: float = TAU, w_out: float = W_OUT
) -> dict[str, float]:
    """Features of the words around one mention, for the fitted ``toward`` model.

    ``L:word`` / ``R:word`` weights for lower-case words left / right of the mention (words
    inside the mention and capitalised words after the first token, i.e. names, are left
    out so the model cannot learn opinions about particular people), the lexicon window
    score and the whole-sentence VADER compound.
    """
    bounds = _clause_bounds(text)
    home = bisect.bisect_right(bounds, start)
    toks = [(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]
    inside = [i for i, (_t, s, e) in enumerate(toks) if s < end and e > start]
    if inside:
        lo, hi = inside[0], inside[-1]
    else:
        lo = hi = bisect.bisect_left([s for _t, s, _e in toks], start)
    feats: dict[str, float] = {}
    for i, (tok, s, _e) in enumerate(toks):
        if lo <= i <= hi or (i > 0 and tok[0].isupper()):
            continue
        dist = lo - i if i < lo else i - hi
        key = ("L:" if i < lo else "R:") + tok.lower()
        w = _weight(dist, bisect.bisect_right(bounds, s) == home, tau, w_out)
        feats[key] = feats.get(key, 0.0) + w
    feats["__window"] = window_score(text, start, end, tau=tau, w_out=w_out) / 3.0
    feats["__sentence"] = vader().polarity_scores(text)["compound"]
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

    def proba(self, text: str, start: int, end: int) -> dict[str, float]:
        """Class probabilities for the mention ``text[start:end]``."""
        return self.proba_features(context_features(text, start, end, tau=self.tau, w_out=self.w_out))

    def proba_features(self, feats: Mapping[str, float]) -> dict[str, float]:
        """Class probabilities from precomputed :func:`context_features`."""
        logits = np.array(
            [
                self.intercepts[lab] + sum(self.weights[lab].get(k, 0.0) * v for k, v in feats.items())
                for lab in LABELS
            ]
        )
        p = np.exp(logits - logits.max())
        p /= p.sum()
        return dict(zip(LABELS, p.tolist(), strict=True))

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


# ---------------------------------------------------------------------------------------
# Actors
# ---------------------------------------------------------------------------------------
def load_actors(path: str | Path) -> dict[str, list[str]]:
    """Actor list as ``{actor: [alias, ...]}`` from a CSV (layouts: :func:`analysis.actors.read_actors`).

    There is no default list: the cast of a corpus comes from a user file, the corpus
    folder's ``actors.csv`` or discovery (:func:`analysis.actors.choose_actors`).
    """
    from analysis.actors import alias_map, read_actors

    if path is None or str(path) == "":
        raise ValueError(
            "no actor list given: pass a CSV path, or use analysis.actors.choose_actors(articles, "
            "corpus_dir=...) to take the corpus folder's actors.csv or the discovered actors"
        )
    return alias_map(read_actors(path))[0]


def _actor_regex(actors: Mapping[str, Iterable[str]]) -> tuple[re.Pattern, dict[str, str]]:
    alias_to_actor: dict[str, str] = {}
    for actor, aliases in actors.items():
        for alias in [actor, *aliases] if not aliases else aliases:
            if not alias:
                raise ValueError(f"actor {actor!r} has an empty alias")
            if alias in alias_to_actor and alias_to_actor[alias] != actor:
                raise ValueError(
                    f"alias {alias!r} is listed for both {alias_to_actor[alias]!r} and {actor!r}"
                )
            alias_to_actor[alias] = actor
    if not alias_to_actor:
        raise ValueError("the actor list is empty")
    # Longest alias first, so "Vladimir Putin" wins over "Putin"; case-sensitive so "US"
    # (the country) does not match "us".
    ordered = sorted(alias_to_actor, key=len, reverse=True)
    body = "|".join(re.escape(a) for a in ordered)
    return re.compile(rf"(?<![\w.])(?:{body})(?![\w])"), alias_to_actor


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """True when a match is only part of a longer name ("House" in "White House"): the word
    before it is capitalised and is not a title, first name, adjective or sentence start."""
    from analysis import lexicons
    from analysis.actors import gazetteer

    before = re.search(r"([A-Za-z][\w'’.-]*)[ \u00a0]+$", text[max(0, start - 40):start])
    if not before or not before.group(1)[0].isupper():
        return False
    word = before.group(1)
    key = word.lower().replace(".", "")
    if key in lexicons.words("stopwords") or key in lexicons.words("honorifics") \
            or key in lexicons.words("first_names", "name") or word in gazetteer().adjectives:
        return False
    return not re.search(r"[.!?][\"'”’)]*[ \u00a0]+$", text[max(0, start - 40):start - len(word)] + " ")


def _used_as_modifier(text: str, end: int) -> bool:
    """True when a place name modifies the next word ("U.S. attorney", "Russia sanctions")."""
    from analysis import lexicons

    after = re.match(r"[’']?s?[ \u00a0]+([a-z][\w-]*)", text[end:end + 40])
    if not after or text[end:end + 1] in ("'", "’"):
        return False
    word = after.group(1)
    return word not in lexicons.words("stopwords") and word not in ("said", "says", "told", "added")


def actor_mentions(
    sentences: pd.DataFrame,
    actors: Mapping[str, Iterable[str]] | pd.DataFrame,
    *,
    text_col: str = "text",
    start_col: str = "start",
    method: str = "model",
    keep: Sequence[str] = ("article_id", "outlet", "event", "sent_id", "speech"),
) -> pd.DataFrame:
    """Tone toward each actor mention; one row per mention.

    ``actors``: a table with ``actor, aliases`` ("|"-joined) and optional ``kind`` (from
    :func:`analysis.actors.discover_actors`, :func:`~analysis.actors.choose_actors` or
    :func:`~analysis.actors.read_actors`), or a mapping actor -> aliases. Aliases match
    exactly (case-sensitive, longest first). A match that is only part of a longer name
    ("House" in "White House") is skipped, and so is a place used as a modifier ("U.S.
    attorney") when the table gives its ``kind``.
    Columns: the ``keep`` columns present in ``sentences``, ``actor``, ``alias``,
    ``mention_start``/``mention_end`` (offsets into the sentence), ``start``/``end``
    (offsets into the article when ``start_col`` is present), ``sentence`` (the text),
    ``tone`` (:func:`toward` with ``method``), ``p_negative, p_neutral, p_positive`` (the
    model's class probabilities; NaN for other methods) and ``sentence_compound`` (VADER).
    """
    from analysis.actors import alias_map

    require_columns(sentences, [text_col], "sentences")
    if actors is None:
        raise ValueError("actor_mentions needs an actor list: see analysis.actors.choose_actors")
    mapping, kinds = alias_map(actors)
    pattern, alias_to_actor = _actor_regex(mapping)
    kept = [c for c in keep if c in sentences.columns]
    records = []
    texts = sentences[text_col].tolist()
    offsets = sentences[start_col].tolist() if start_col in sentences.columns else None
    extras = sentences[kept].to_dict("records") if kept else [{}] * len(texts)
    model = default_model() if method == "model" else None
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            continue
        for m in pattern.finditer(text):
            actor = alias_to_actor[m.group()]
            if _inside_longer_name(text, m.start(), m.end()) or (
                kinds.get(actor) == "place" and _used_as_modifier(text, m.end())
            ):
                continue
            rec = dict(extras[i])
            rec.update(actor=actor, alias=m.group(), mention_start=m.start(), mention_end=m.end(),
                       sentence=text)
            if model is not None:
                proba = model.proba(text, m.start(), m.end())
                rec.update(tone=float(model.compound(proba)),
                           **{f"p_{lab}": proba[lab] for lab in LABELS})
            else:
                rec.update(tone=toward(text, m.start(), m.end(), method=method),
                           **{f"p_{lab}": np.nan for lab in LABELS})
            if offsets is not None:
                rec["start"] = int(offsets[i]) + m.start()
                rec["end"] = int(offsets[i]) + m.end()
            records.append(rec)
    cols = [*kept, "actor", "alias", "mention_start", "mention_end"]
    cols += ["start", "end"] if offsets is not None else []
    cols += ["sentence", "tone", *(f"p_{lab}" for lab in LABELS)]
    out = pd.DataFrame.from_records(records, columns=cols)
    out["sentence_compound"] = (
        score_sentences(out["sentence"])["compound"].to_numpy() if len(out) else np.array([])
    )
    return out


# ---------------------------------------------------------------------------------------
# Article-level tone toward an actor
# ---------------------------------------------------------------------------------------
ARTICLE_MODEL_FILE = "actor_article_model.json"
# Size-free features only: counts and maxima grow with the number of mentions, and a model
# trained on short texts would read every long article as opinionated.
ARTICLE_FEATURES = ("polarity", "mean_polarity", "mean_negative", "mean_positive", "polar_share",
                    "first_polarity", "doc_tone")


def actor_article_features(
    mentions: pd.DataFrame,
    *,
    keys: Sequence[str] = ("article_id", "actor"),
    order_col: str = "sent_id",
    doc_col: str | None = "doc_tone",
) -> pd.DataFrame:
    """Mention probabilities summed up per (article, actor); one row per (article, actor).

    ``mentions`` has one row per mention with ``p_negative, p_neutral, p_positive`` (from
    :func:`actor_mentions`), ``order_col`` (position in the article, e.g. sentence number)
    and optionally ``doc_col`` (the article's overall tone, e.g. mean sentence VADER).
    Columns: the keys, ``n_mentions``, ``n_log`` = log(1 + n), ``max_negative``/``max_positive``
    (kept for inspection; they grow with n, so the model does not use them) and
    :data:`ARTICLE_FEATURES`: ``polarity`` = salience-weighted mean of P(pos) - P(neg), each mention weighted by
    1 - P(neutral) so that neutral mentions (a name in a list, a date line) do not dilute the
    mentions that carry an evaluation; ``mean_polarity``, the plain mean, for contrast; the
    mean P(neg) and P(pos); ``polar_share``, the mean of 1 - P(neutral); the polarity
    of the first mention (the lede carries most weight in news); and ``doc_tone`` (0 when
    ``doc_col`` is missing).
    """
    keys = list(keys)
    need = [*keys, "p_negative", "p_neutral", "p_positive"]
    require_columns(mentions, need, "mentions")
    data = mentions.dropna(subset=["p_negative", "p_neutral", "p_positive"]).copy()
    data["_order"] = data[order_col] if order_col in data.columns else np.arange(len(data))
    data["_pol"] = data["p_positive"] - data["p_negative"]
    data["_w"] = 1.0 - data["p_neutral"]
    data["_wpol"] = data["_w"] * data["_pol"]
    data["_doc"] = data[doc_col].astype(float) if doc_col and doc_col in data.columns else 0.0
    data = data.sort_values([*keys, "_order"], kind="stable")
    grp = data.groupby(keys, sort=True)
    out = grp.agg(n_mentions=("_pol", "size"), _wsum=("_w", "sum"), _wpol=("_wpol", "sum"),
                  max_negative=("p_negative", "max"), max_positive=("p_positive", "max"),
                  mean_negative=("p_negative", "mean"), mean_positive=("p_positive", "mean"),
                  first_polarity=("_pol", "first"), mean_polarity=("_pol", "mean"), polar_share=("_w", "mean"),
                  doc_tone=("_doc", "mean")).reset_index()
    out["n_log"] = np.log1p(out["n_mentions"])
    out["polarity"] = np.where(out["_wsum"] > 0, out["_wpol"] / out["_wsum"].where(out["_wsum"] > 0, 1), 0.0)
    return out[[*keys, "n_mentions", "n_log", "max_negative", "max_positive", *ARTICLE_FEATURES]]


@dataclass
class ArticleModel:
    """Multinomial logistic model from :func:`actor_article_features` to negative/neutral/positive.

    ``coef[label]`` lists one weight per name in ``features``; ``intercept[label]`` the bias.
    """

    features: tuple[str, ...]
    coef: dict[str, list[float]]
    intercept: dict[str, float]
    meta: dict = field(default_factory=dict)

    def proba(self, feats: pd.DataFrame) -> pd.DataFrame:
        """Class probabilities, one row per input row (columns ``p_negative, p_neutral, p_positive``)."""
        x = feats[list(self.features)].to_numpy(float)
        logits = np.column_stack([x @ np.asarray(self.coef[lab]) + self.intercept[lab] for lab in LABELS])
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        return pd.DataFrame(p, columns=[f"p_{lab}" for lab in LABELS], index=feats.index)

    def to_json(self) -> str:
        payload = {"features": list(self.features), "meta": self.meta,
                   "coef": {k: [round(v, 6) for v in c] for k, c in self.coef.items()},
                   "intercept": {k: round(v, 6) for k, v in self.intercept.items()}}
        return json.dumps(payload, sort_keys=True, indent=1) + "\n"

    @classmethod
    def from_json(cls, text: str) -> ArticleModel:
        d = json.loads(text)
        return cls(tuple(d["features"]), d["coef"], d["intercept"], d.get("meta", {}))


def fit_article_model(feats: pd.DataFrame, labels: Sequence[int], *, c: float = 1.0,
                      features: Sequence[str] = ARTICLE_FEATURES) -> ArticleModel:
    """Fit :class:`ArticleModel` (balanced class weights, so the decision rule is calibrated
    for macro-F1 rather than for the majority class). ``labels`` are -1/0/1."""
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(labels, dtype=int)
    clf = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    clf.fit(feats[list(features)].to_numpy(float), y)
    by_class = dict(zip((-1, 0, 1), LABELS, strict=True))
    coef = {by_class[int(k)]: row.tolist() for k, row in zip(clf.classes_, clf.coef_, strict=True)}
    intercept = {by_class[int(k)]: float(b) for k, b in zip(clf.classes_, clf.intercept_, strict=True)}
    return ArticleModel(tuple(features), coef, intercept, {"n_units": int(len(y)), "c": c})


@lru_cache(maxsize=1)
def default_article_model() -> ArticleModel:
    """The article-level model shipped in ``analysis/data`` (fitted on NewsMTSC train)."""
    text = importlib.resources.files("analysis").joinpath("data", ARTICLE_MODEL_FILE).read_text("utf-8")
    return ArticleModel.from_json(text)


def article_actor_tone(
    mentions: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    keys: Sequence[str] = ("article_id", "actor"),
    model: ArticleModel | None = None,
) -> pd.DataFrame:
    """Tone of each article toward each actor it mentions; one row per (article, actor).

    ``mentions`` is :func:`actor_mentions` output (with ``p_*`` columns, i.e. ``method=
    "model"``). ``sentences`` (scored, with ``article_id`` and ``compound``) gives each
    article's overall tone (mean sentence VADER); without it the mean over the sentences
    that mention an actor is used. Method: :func:`actor_article_features`, then the shipped
    :class:`ArticleModel` (validated in ``scripts/validate_actor_tone.py``). Columns: the keys,
    ``outlet``/``event`` when present, ``n_mentions``, ``polarity``, ``p_negative, p_neutral,
    p_positive``, ``label`` and ``tone`` (on VADER's scale, banded like :meth:`TowardModel.compound`).
    """
    keys = list(keys)
    require_columns(mentions, [*keys, "p_negative", "p_neutral", "p_positive"], "mentions")
    data = mentions.copy()
    if sentences is not None and len(sentences):
        require_columns(sentences, ["article_id", "compound"], "sentences")
        doc = sentences.groupby("article_id")["compound"].mean().rename("doc_tone")
        data = data.drop(columns=["doc_tone"], errors="ignore").join(doc, on="article_id")
    elif "sentence_compound" in data.columns and "article_id" in data.columns:
        data["doc_tone"] = data.groupby("article_id")["sentence_compound"].transform("mean")
    feats = actor_article_features(data, keys=keys)
    m = model or default_article_model()
    proba = m.proba(feats)
    out = feats[[*keys, "n_mentions", "polarity"]].join(proba)
    extra = [c for c in ("outlet", "event") if c in mentions.columns and c not in keys]
    if extra and "article_id" in keys:
        out = out.merge(mentions[["article_id", *extra]].drop_duplicates("article_id"), on="article_id", how="left")
    out["label"] = [max(LABELS, key=lambda lab, r=r: r[f"p_{lab}"]) for r in out.to_dict("records")]
    out["tone"] = [TowardModel.compound({lab: r[f"p_{lab}"] for lab in LABELS}) for r in out.to_dict("records")]
    return out[[*keys, *extra, "n_mentions", "polarity", "p_negative", "p_neutral", "p_positive", "label", "tone"]]


# ---------------------------------------------------------------------------------------
# Quoted speech vs narration
# ---------------------------------------------------------------------------------------
def mark_speech(
    sentences: pd.DataFrame,
    quotes: pd.DataFrame | None,
    *,
    min_share: float = 0.5,
) -> pd.DataFrame:
    """Copy of ``sentences`` with ``quoted_share`` and ``speech`` ("quoted" / "narration").

    ``quotes`` is any table with ``article_id, start, end`` (character offsets into the
    article text, as from the quotes module); a sentence is "quoted" when at least
    ``min_share`` of its characters fall inside quote spans. ``quotes=None`` or an empty
    table marks everything as narration.
    """
    require_columns(sentences, ["article_id", "start", "end"], "sentences")
    out = sentences.copy()
    share = np.zeros(len(out))
    if quotes is not None and len(quotes):
        require_columns(quotes, ["article_id", "start", "end"], "quotes")
        spans: dict[object, list[tuple[int, int]]] = {}
        for aid, s, e in zip(quotes["article_id"], quotes["start"], quotes["end"], strict=True):
            spans.setdefault(aid, []).append((int(s), int(e)))
        for i, (aid, s, e) in enumerate(
            zip(out["article_id"], out["start"], out["end"], strict=True)
        ):
            if e <= s or aid not in spans:
                continue
            covered = np.zeros(e - s, dtype=bool)
            for qs, qe in spans[aid]:
                lo, hi = max(qs, s), min(qe, e)
                if lo < hi:
                    covered[lo - s : hi - s] = True
            share[i] = covered.mean()
    out["quoted_share"] = share
    out["speech"] = np.where(share >= min_share, "quoted", "narration")
    return out


# ---------------------------------------------------------------------------------------
# Summaries with bootstrap CIs
# ---------------------------------------------------------------------------------------
def _group_seed(seed: int, key) -> np.random.Generator:
    keys = key if isinstance(key, tuple) else (key,)
    return np.random.default_rng([seed, zlib.crc32(repr(keys).encode("utf-8"))])


def _stats(x: np.ndarray, cutoff: float) -> dict[str, np.ndarray]:
    """Statistics along the last axis (works for 1-D data and for bootstrap matrices)."""
    pos = (x >= cutoff).mean(axis=-1) * 100
    neg = (x <= -cutoff).mean(axis=-1) * 100
    return {
        "mean": x.mean(axis=-1),
        "pct_positive": pos,
        "pct_negative": neg,
        "polarity": pos + neg,
        "net_tone": pos - neg,
    }


def summarize_tone(
    scored: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    value_col: str = "compound",
    unit_cols: Sequence[str] | None = None,
    cutoff: float = CUTOFF,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Tone per group with bootstrap CIs; one row per group.

    ``scored`` has one row per sentence (or per mention) with ``value_col``. Columns: the
    group keys, ``n``, ``mean``, ``median``, ``sd``, ``q25``, ``q75``, ``pct_positive``,
    ``pct_negative``, ``polarity`` (pos% + neg%), ``net_tone`` (pos% - neg%) (GDELT-style,
    per sentence), and ``<stat>_lo``/``<stat>_hi`` percentile-bootstrap bounds for the five
    GDELT/mean statistics. When ``unit_cols`` is given (e.g. ``["article_id", "sent_id"]``
    for mentions), values are first averaged per unit so the bootstrap resamples
    sentences, not mentions.
    The seed of each group derives from ``seed`` and the group name only, so a group's
    figures do not change when other groups are added.
    """
    keys = [by] if isinstance(by, str) else list(by)
    units = list(unit_cols or [])
    require_columns(scored, [*keys, value_col, *units], "scored table")
    data = scored.dropna(subset=[value_col])
    if units:
        data = data.groupby([*keys, *units], as_index=False, sort=True)[value_col].mean()
    alpha = (1 - ci) / 2
    rows = []
    for key, grp in data.groupby(keys, sort=True):
        x = grp[value_col].to_numpy(dtype=float)
        n = len(x)
        row = dict(zip(keys, key if isinstance(key, tuple) else (key,), strict=True))
        row.update(n=n, median=float(np.median(x)), sd=float(x.std(ddof=1)) if n > 1 else np.nan)
        row.update(q25=float(np.quantile(x, 0.25)), q75=float(np.quantile(x, 0.75)))
        point = _stats(x, cutoff)
        rng = _group_seed(seed, key)
        boot = _stats(x[rng.integers(0, n, size=(n_boot, n))], cutoff)
        for name, value in point.items():
            row[name] = float(value)
            row[f"{name}_lo"] = float(np.quantile(boot[name], alpha))
            row[f"{name}_hi"] = float(np.quantile(boot[name], 1 - alpha))
        rows.append(row)
    order = [*keys, "n", "mean", "mean_lo", "mean_hi", "median", "sd", "q25", "q75"]
    for name in ("pct_positive", "pct_negative", "polarity", "net_tone"):
        order += [name, f"{name}_lo", f"{name}_hi"]
    return pd.DataFrame(rows, columns=order)


def permutation_test(
    scored: pd.DataFrame,
    a: str,
    b: str,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    n_perm: int = 10000,
    seed: int = 0,
) -> pd.Series:
    """Two-sided permutation test that groups ``a`` and ``b`` differ in mean ``value_col``.

    Unit: rows of ``scored`` (sentences). Returns ``a, b, n_a, n_b, mean_a, mean_b, diff``
    (a - b) and ``p_value`` = (1 + #|perm diff| >= |observed|) / (1 + n_perm).
    """
    require_columns(scored, [group_col, value_col], "scored table")
    known = set(scored[group_col].dropna().unique())
    for g in (a, b):
        if g not in known:
            raise ValueError(f"unknown {group_col} {g!r}; known: {sorted(map(str, known))}")
    xa = scored.loc[scored[group_col] == a, value_col].dropna().to_numpy(float)
    xb = scored.loc[scored[group_col] == b, value_col].dropna().to_numpy(float)
    pooled = np.concatenate([xa, xb])
    observed = xa.mean() - xb.mean()
    rng = np.random.default_rng(seed)
    hits = 0
    na = len(xa)
    for chunk in np.array_split(np.arange(n_perm), max(1, n_perm // 1000)):
        perm = rng.permuted(np.broadcast_to(pooled, (len(chunk), len(pooled))), axis=1)
        diffs = perm[:, :na].mean(axis=1) - perm[:, na:].mean(axis=1)
        hits += int((np.abs(diffs) >= abs(observed) - 1e-12).sum())
    return pd.Series(
        {
            "a": a,
            "b": b,
            "n_a": na,
            "n_b": len(xb),
            "mean_a": xa.mean(),
            "mean_b": xb.mean(),
            "diff": observed,
            "p_value": (hits + 1) / (n_perm + 1),
        }
    )


def pairwise_permutation(
    scored: pd.DataFrame,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    n_perm: int = 10000,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`permutation_test` for every pair of groups; one row per pair (empty if < 2)."""
    require_columns(scored, [group_col, value_col], "scored table")
    groups = sorted(scored[group_col].dropna().unique())
    rows = [
        permutation_test(
            scored, a, b, group_col=group_col, value_col=value_col, n_perm=n_perm, seed=seed
        )
        for i, a in enumerate(groups)
        for b in groups[i + 1 :]
    ]
    cols = ["a", "b", "n_a", "n_b", "mean_a", "mean_b", "diff", "p_value"]
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------------------------------
# Findings over all outlets: omnibus permutation test, then pairwise tests with Holm
# ---------------------------------------------------------------------------------------
def format_p(p: float, *, floor: float = 0.001) -> str:
    """A p-value as a journalist reads it: ``"p < 0.001"`` when that small, else ``"p = 0.034"``.

    Never prints ``p = 0.000``; values of 0.01 and above get two decimals (``"p = 0.34"``).
    """
    if p is None or not np.isfinite(p):
        return "p = n/a"
    if p < floor:
        return f"p < {floor:g}"
    return f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def holm(p_values: Sequence[float]) -> np.ndarray:
    """Holm (1979) step-down adjusted p-values, in input order (family-wise error control)."""
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(adjusted, 1.0)
    return out


def _units(data: pd.DataFrame, group_col: str, value_col: str, unit_col: str | None):
    """Per-unit sums and counts with the unit's group: sentences, or whole articles."""
    data = data.dropna(subset=[group_col, value_col])
    if unit_col is None:
        sums = data[value_col].to_numpy(float)
        counts = np.ones(len(sums))
        groups = data[group_col].to_numpy()
    else:
        if data.groupby(unit_col)[group_col].nunique().gt(1).any():
            raise ValueError(f"a {unit_col} belongs to more than one {group_col}")
        agg = data.groupby(unit_col, sort=True).agg(s=(value_col, "sum"), n=(value_col, "size"),
                                                      g=(group_col, "first"))
        sums, counts, groups = agg["s"].to_numpy(float), agg["n"].to_numpy(float), agg["g"].to_numpy()
    return sums, counts, groups


def _perm_group_means(sums, counts, codes, n_groups, n_perm, rng):
    """Group means under ``n_perm`` random relabellings of the units, in chunks (n_perm x G)."""
    n = len(codes)
    chunk = max(1, min(n_perm, 2_000_000 // max(n, 1)))
    out = []
    done = 0
    while done < n_perm:
        k = min(chunk, n_perm - done)
        labels = rng.permuted(np.broadcast_to(codes, (k, n)), axis=1)
        idx = (labels + n_groups * np.arange(k)[:, None]).ravel()
        s = np.bincount(idx, weights=np.tile(sums, k), minlength=k * n_groups).reshape(k, n_groups)
        c = np.bincount(idx, weights=np.tile(counts, k), minlength=k * n_groups).reshape(k, n_groups)
        out.append(s / c)
        done += k
    return np.vstack(out)


def omnibus_permutation(
    scored: pd.DataFrame,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    unit_col: str | None = None,
    n_perm: int = 10000,
    seed: int = 0,
) -> dict:
    """Permutation test that all groups share one mean tone (one test over every outlet).

    Statistic: the between-group sum of squares sum_g N_g (mean_g - grand mean)^2 (the
    numerator of one-way ANOVA's F), compared with its distribution when the group labels
    of the units are shuffled. Units are rows (sentences) or, with ``unit_col`` (e.g.
    ``"article_id"``), whole articles, which keeps correlated sentences together. Returns
    ``groups, n, statistic, p_value`` with p = (1 + #perm >= observed) / (1 + n_perm).
    """
    require_columns(scored, [group_col, value_col, *([unit_col] if unit_col else [])], "scored table")
    sums, counts, groups = _units(scored, group_col, value_col, unit_col)
    names, codes = np.unique(groups.astype(str), return_inverse=True)
    g = len(names)
    if g < 2:
        return {"groups": g, "n": int(counts.sum()), "statistic": 0.0, "p_value": float("nan")}
    size = np.bincount(codes, weights=counts, minlength=g)
    grand = sums.sum() / counts.sum()

    def stat(means):
        return ((means - grand) ** 2 * size).sum(axis=-1)

    observed = stat(np.bincount(codes, weights=sums, minlength=g) / size)
    perm = stat(_perm_group_means(sums, counts, codes, g, n_perm, np.random.default_rng(seed)))
    hits = int((perm >= observed * (1 - 1e-9)).sum())
    return {"groups": g, "n": int(counts.sum()), "statistic": float(observed),
            "p_value": (hits + 1) / (n_perm + 1)}


def pairwise_tests(
    scored: pd.DataFrame,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    unit_col: str | None = None,
    n_perm: int = 10000,
    seed: int = 0,
) -> pd.DataFrame:
    """Two-sided permutation test of the mean difference for every pair of groups, Holm-adjusted.

    One row per pair: ``a, b, n_a, n_b, mean_a, mean_b, diff`` (a - b), ``p_value`` (raw) and
    ``p_holm`` (Holm 1979 over all pairs). Labels are shuffled within the pair only; units as
    in :func:`omnibus_permutation`.
    """
    require_columns(scored, [group_col, value_col, *([unit_col] if unit_col else [])], "scored table")
    sums, counts, groups = _units(scored, group_col, value_col, unit_col)
    groups = groups.astype(str)
    names = sorted(set(groups))
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            keep = (groups == a) | (groups == b)
            codes = (groups[keep] == b).astype(int)
            s, c = sums[keep], counts[keep]
            n_a, n_b = c[codes == 0].sum(), c[codes == 1].sum()
            mean_a, mean_b = s[codes == 0].sum() / n_a, s[codes == 1].sum() / n_b
            rng = _group_seed(seed, (a, b))
            perm = _perm_group_means(s, c, codes, 2, n_perm, rng)
            diffs = np.abs(perm[:, 0] - perm[:, 1])
            hits = int((diffs >= abs(mean_a - mean_b) - 1e-12).sum())
            rows.append({"a": a, "b": b, "n_a": int(n_a), "n_b": int(n_b), "mean_a": mean_a,
                         "mean_b": mean_b, "diff": mean_a - mean_b, "p_value": (hits + 1) / (n_perm + 1)})
    cols = ["a", "b", "n_a", "n_b", "mean_a", "mean_b", "diff", "p_value"]
    out = pd.DataFrame(rows, columns=cols)
    out["p_holm"] = holm(out["p_value"].to_numpy())
    return out


def _join(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _pair_clauses(pairs: pd.DataFrame, means: dict[str, float], max_clauses: int) -> list[str]:
    """Sentences naming who differs from whom, starting with the outlet in most differing pairs."""
    left = {(r.a, r.b): r.p_holm for r in pairs.itertuples()}
    clauses = []
    while left and len(clauses) < max_clauses:
        count: dict[str, int] = {}
        for a, b in left:
            count[a] = count.get(a, 0) + 1
            count[b] = count.get(b, 0) + 1
        grand = float(np.mean(list(means.values())))
        lead = max(sorted(count), key=lambda o: (count[o], abs(means[o] - grand)))
        mine = {k: p for k, p in left.items() if lead in k}
        others = sorted((b if a == lead else a for a, b in mine), key=lambda o: means[o])
        lower = [o for o in others if means[o] > means[lead]]
        higher = [o for o in others if means[o] < means[lead]]
        parts = []
        if lower:
            parts.append(f"more negative than {_join(lower)}")
        if higher:
            parts.append(f"more positive than {_join(higher)}")
        n_others = len(means) - 1
        if len(others) == n_others and n_others > 1 and (not lower or not higher):
            parts = [f"more {'negative' if lower else 'positive'} than all {n_others} other outlets"]
        p_max = max(mine.values())
        clauses.append(f"{lead} is {' and '.join(parts)} "
                       f"({'Holm-adjusted ' if not clauses else ''}{format_p(p_max).replace('p =', 'p ≤')})")
        for k in mine:
            del left[k]
    if left:
        clauses.append(f"{len(left)} more differing pair{'s' if len(left) > 1 else ''}")
    return clauses


def tone_findings(
    scored: pd.DataFrame,
    *,
    group_col: str = "outlet",
    value_col: str = "compound",
    unit_col: str | None = None,
    alpha: float = 0.05,
    n_perm: int = 10000,
    seed: int = 0,
    max_clauses: int = 3,
) -> dict:
    """Which outlets really differ in tone: an omnibus test over all, then Holm-corrected pairs.

    ``scored`` has one row per sentence (or mention) with ``group_col`` and ``value_col``.
    Procedure (closed testing, so the claims hold for every outlet at once): a permutation
    test that all groups share one mean (:func:`omnibus_permutation`); only if it rejects at
    ``alpha``, pairwise permutation tests with Holm's correction (:func:`pairwise_tests`).
    Returns a dict: ``omnibus`` (dict), ``pairwise`` (DataFrame with ``p_holm`` and
    ``differs``), ``means`` (group -> mean), ``differ`` (sorted groups in at least one pair
    that differs), ``most_negative`` / ``most_positive`` (group names), and ``text``: one line
    naming the outlets that differ, or saying that none does. P-values are printed with
    :func:`format_p`. Pure: no I/O, deterministic for a given ``seed``.
    """
    require_columns(scored, [group_col, value_col], "scored table")
    data = scored.dropna(subset=[group_col, value_col])
    means = {str(k): float(v) for k, v in data.groupby(group_col)[value_col].mean().items()}
    omnibus = omnibus_permutation(data, group_col=group_col, value_col=value_col, unit_col=unit_col,
                                  n_perm=n_perm, seed=seed)
    result = {"omnibus": omnibus, "means": means, "differ": [], "alpha": alpha,
              "most_negative": min(means, key=means.get) if means else None,
              "most_positive": max(means, key=means.get) if means else None}
    noun = {"outlet": "outlets"}.get(group_col, f"{group_col} groups")
    if len(means) < 2:
        result["pairwise"] = pairwise_tests(data.iloc[0:0], group_col=group_col, value_col=value_col).assign(
            differs=pd.Series(dtype=bool))
        only = next(iter(means), "none")
        result["text"] = f"Only one of the {noun} ({only}) has scored text: nothing to compare."
        return result
    pairs = pairwise_tests(data, group_col=group_col, value_col=value_col, unit_col=unit_col,
                           n_perm=n_perm, seed=seed)
    pairs["differs"] = (omnibus["p_value"] < alpha) & (pairs["p_holm"] < alpha)
    result["pairwise"] = pairs
    sig = pairs[pairs["differs"]]
    result["differ"] = sorted(set(sig["a"]) | set(sig["b"]))
    k = len(means)
    test = f"permutation test over all {k} {noun}, {format_p(omnibus['p_value'])}"
    if omnibus["p_value"] >= alpha:
        result["text"] = f"No clear tone difference between the {k} {noun} ({test})."
    elif sig.empty:
        result["text"] = (f"Tone differs across the {k} {noun} overall ({test}), but no single pair "
                          f"differs after Holm correction.")
    else:
        result["text"] = (f"Tone differs between {noun} ({test}): "
                          + "; ".join(_pair_clauses(sig, means, max_clauses)) + ".")
    return result


def tone_findings_by(
    scored: pd.DataFrame,
    *,
    by: str = "event",
    group_col: str = "outlet",
    value_col: str = "compound",
    n_perm: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`tone_findings` within each ``by`` group (each event); one row per group.

    Columns: ``by``, ``outlets`` (how many), ``n`` (rows), ``p_omnibus``, ``most_negative``,
    ``most_positive``, ``differ`` ("|"-joined outlets in a pair that differs) and ``text``.
    """
    require_columns(scored, [by, group_col, value_col], "scored table")
    rows = []
    for key, part in scored.groupby(by, sort=True):
        res = tone_findings(part, group_col=group_col, value_col=value_col, n_perm=n_perm, seed=seed)
        rows.append({by: key, "outlets": len(res["means"]), "n": int(part[value_col].notna().sum()),
                     "p_omnibus": res["omnibus"]["p_value"], "most_negative": res["most_negative"],
                     "most_positive": res["most_positive"], "differ": "|".join(res["differ"]),
                     "text": res["text"]})
    return pd.DataFrame(rows, columns=[by, "outlets", "n", "p_omnibus", "most_negative", "most_positive",
                                       "differ", "text"])


def compare_lexicons(
    scored: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    lexicons: Mapping[str, str] | None = None,
    n_boot: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """:func:`summarize_tone` once per lexicon, stacked; one row per (lexicon, group).

    ``lexicons`` maps a display name to a score column (default VADER ``compound`` and
    AFINN ``afinn_compound``, as added by :func:`score_table`).
    """
    lexicons = lexicons or {"VADER": "compound", "AFINN": "afinn_compound"}
    parts = []
    for name, col in lexicons.items():
        part = summarize_tone(scored, by=by, value_col=col, n_boot=n_boot, seed=seed)
        part.insert(0, "lexicon", name)
        parts.append(part)
    return pd.concat(parts, ignore_index=True)


# ---------------------------------------------------------------------------------------
# Arc and evidence
# ---------------------------------------------------------------------------------------
def sentiment_arc(
    scored: pd.DataFrame,
    *,
    value_col: str = "compound",
    article_col: str = "article_id",
    order_col: str = "sent_id",
    window: int = 5,
) -> pd.DataFrame:
    """Tone through each article; one row per sentence.

    Adds ``position`` (0 = first sentence, 1 = last; 0.5 for one-sentence articles) and
    ``smoothed`` (centred moving average of ``value_col`` over ``window`` sentences,
    shrinking at the edges).
    """
    require_columns(scored, [article_col, order_col, value_col], "scored table")
    if window < 1:
        raise ValueError("window must be at least 1 sentence")
    out = scored.sort_values([article_col, order_col], kind="stable").copy()
    grp = out.groupby(article_col, sort=False)
    rank = grp.cumcount().to_numpy()
    size = grp[order_col].transform("size").to_numpy()
    out["position"] = np.where(size > 1, rank / np.maximum(size - 1, 1), 0.5)
    out["smoothed"] = grp[value_col].transform(
        lambda s: s.rolling(window, center=True, min_periods=1).mean()
    )
    return out.reset_index(drop=True)


def extreme_sentences(
    scored: pd.DataFrame,
    *,
    by: str | Sequence[str] = "outlet",
    value_col: str = "compound",
    n: int = 3,
    columns: Sequence[str] = (
        "article_id", "sent_id", "speech", "alias", "start", "end", "text", "sentence"
    ),
) -> pd.DataFrame:
    """The evidence: ``n`` most positive and ``n`` most negative rows per group.

    One row per (group, side, rank) with ``side`` ("most positive" / "most negative"),
    ``rank`` (1 = most extreme), ``value_col`` and whichever of ``columns`` exist.
    Ties break by original row order, so the output is deterministic.
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(scored, [*keys, value_col], "scored table")
    extra = [c for c in columns if c in scored.columns and c not in keys]
    data = scored.reset_index(drop=True).dropna(subset=[value_col])
    parts = []
    for side, asc in (("most positive", False), ("most negative", True)):
        ranked = data.sort_values(value_col, ascending=asc, kind="stable")
        top = ranked.groupby(keys, sort=True).head(n).copy()
        top["side"] = side
        top["rank"] = top.groupby(keys).cumcount() + 1
        parts.append(top)
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values([*keys, "side", "rank"], ascending=[True] * len(keys) + [False, True])
    return out[[*keys, "side", "rank", value_col, *extra]].reset_index(drop=True)


# ---------------------------------------------------------------------------------------
# Corpus entry point
# ---------------------------------------------------------------------------------------
def sentence_tone(
    sentences: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    quotes: pd.DataFrame | None = None,
    article_cols: Sequence[str] = ("outlet", "event"),
) -> pd.DataFrame:
    """Tone of every sentence of the English articles; one row per sentence.

    ``sentences`` and ``articles`` are the corpus tables (``analysis.corpus.load_corpus`` or
    ``analysis.tables.load_tables``); only English articles are kept
    (:func:`analysis.corpus.english_only`). Tone columns already present in ``sentences`` (the
    tables layer computes them once) are reused, not recomputed. Columns: the sentence columns,
    ``article_cols`` from the articles, VADER ``neg, neu, pos, compound, label``, AFINN
    ``afinn, afinn_compound``, and ``quoted_share, speech`` from :func:`mark_speech` with
    ``quotes`` (any table with ``article_id, start, end``; None = all narration).
    """
    require_columns(sentences, ["article_id", "sent_id", "text", "start", "end"], "sentences")
    require_columns(articles, ["article_id", *article_cols], "articles")
    if articles["article_id"].duplicated().any():
        raise ValueError("articles has duplicate article_id values")
    from analysis.corpus import english_only

    arts = english_only(articles) if "language" in articles.columns else articles
    base = sentences.drop(columns=[c for c in article_cols if c in sentences.columns])
    merged = base.merge(
        arts[["article_id", *article_cols]], on="article_id", how="inner", validate="many_to_one"
    )
    tone_cols = {"neg", "neu", "pos", "compound", "label", "afinn", "afinn_compound"}
    scored = merged if tone_cols <= set(merged.columns) else score_table(merged.drop(
        columns=[c for c in tone_cols if c in merged.columns]))
    return mark_speech(scored.drop(columns=["quoted_share", "speech"], errors="ignore"), quotes)
