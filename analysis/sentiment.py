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
ACTORS_FILE = "actors_default.csv"
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
def load_actors(path: str | Path | None = None) -> dict[str, list[str]]:
    """Actor list as ``{actor: [alias, ...]}`` from a CSV with columns ``actor, alias``.

    Without ``path``, the default list shipped in ``analysis/data/actors_default.csv``
    (written for the seed corpus; supply your own for other events).
    """
    if path is None:
        with importlib.resources.files("analysis").joinpath("data", ACTORS_FILE).open() as fh:
            table = pd.read_csv(fh, dtype=str)
    else:
        table = pd.read_csv(path, dtype=str)
    require_columns(table, ["actor", "alias"], "actor list")
    table = table.dropna(subset=["actor", "alias"])
    actors: dict[str, list[str]] = {}
    for actor, alias in zip(table["actor"], table["alias"], strict=True):
        actors.setdefault(actor.strip(), []).append(alias.strip())
    return actors


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


def actor_mentions(
    sentences: pd.DataFrame,
    actors: Mapping[str, Iterable[str]] | None = None,
    *,
    text_col: str = "text",
    start_col: str = "start",
    method: str = "model",
    keep: Sequence[str] = ("article_id", "outlet", "sent_id", "speech"),
) -> pd.DataFrame:
    """Tone toward each actor mention; one row per mention.

    Columns: the ``keep`` columns present in ``sentences``, ``actor``, ``alias``,
    ``mention_start``/``mention_end`` (offsets into the sentence), ``start``/``end``
    (offsets into the article when ``start_col`` is present), ``sentence`` (the text),
    ``tone`` (:func:`toward` with ``method``) and ``sentence_compound`` (plain VADER).
    ``actors`` maps actor -> aliases (exact, case-sensitive); default :func:`load_actors`.
    """
    require_columns(sentences, [text_col], "sentences")
    pattern, alias_to_actor = _actor_regex(actors if actors is not None else load_actors())
    kept = [c for c in keep if c in sentences.columns]
    records = []
    texts = sentences[text_col].tolist()
    offsets = sentences[start_col].tolist() if start_col in sentences.columns else None
    extras = sentences[kept].to_dict("records") if kept else [{}] * len(texts)
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            continue
        for m in pattern.finditer(text):
            rec = dict(extras[i])
            rec.update(
                actor=alias_to_actor[m.group()],
                alias=m.group(),
                mention_start=m.start(),
                mention_end=m.end(),
                sentence=text,
                tone=toward(text, m.start(), m.end(), method=method),
            )
            if offsets is not None:
                rec["start"] = int(offsets[i]) + m.start()
                rec["end"] = int(offsets[i]) + m.end()
            records.append(rec)
    cols = [*kept, "actor", "alias", "mention_start", "mention_end"]
    cols += ["start", "end"] if offsets is not None else []
    cols += ["sentence", "tone"]
    out = pd.DataFrame.from_records(records, columns=cols)
    out["sentence_compound"] = (
        score_sentences(out["sentence"])["compound"].to_numpy() if len(out) else np.array([])
    )
    return out


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

    ``sentences`` and ``articles`` are the corpus tables (``analysis.corpus.load_corpus``).
    Articles whose ``language`` is not "en" are left out. Columns: the sentence columns,
    ``article_cols`` from the articles, VADER ``neg, neu, pos, compound, label``, AFINN
    ``afinn, afinn_compound``, and ``quoted_share, speech`` from :func:`mark_speech` with
    ``quotes`` (any table with ``article_id, start, end``; None = all narration).
    """
    require_columns(sentences, ["article_id", "sent_id", "text", "start", "end"], "sentences")
    require_columns(articles, ["article_id", *article_cols], "articles")
    if articles["article_id"].duplicated().any():
        raise ValueError("articles has duplicate article_id values")
    arts = articles
    if "language" in arts.columns:
        arts = arts[arts["language"].fillna("en") == "en"]
    merged = sentences.merge(
        arts[["article_id", *article_cols]], on="article_id", how="inner", validate="many_to_one"
    )
    return mark_speech(score_table(merged), quotes)


# ---------------------------------------------------------------------------------------
# Figures (matplotlib imported lazily; style and colours from analysis.figures)
# ---------------------------------------------------------------------------------------
def plot_arc(arc: pd.DataFrame, *, max_panels: int = 8, value_col: str = "compound"):
    """Sentence position vs tone, one panel per article (or per outlet past ``max_panels``).

    ``arc`` is :func:`sentiment_arc` output with ``outlet``. Dots are sentences, the line
    the smoothed arc. Past ``max_panels`` articles: one panel per outlet, every article's
    smoothed arc as a thin line and the outlet's mean sentence tone per tenth of the
    article as a thick one. Returns ``(fig, plotted_data)``.
    """
    import matplotlib.pyplot as plt

    from analysis.figures import outlet_colors

    require_columns(arc, ["article_id", "outlet", "position", "smoothed", value_col], "arc table")
    colors = outlet_colors(arc["outlet"])
    arts = arc[["article_id", "outlet"]].drop_duplicates().sort_values(["outlet", "article_id"])
    by_article = len(arts) <= max_panels
    panels = list(arts.itertuples(index=False)) if by_article else [
        (None, o) for o in sorted(arc["outlet"].unique())
    ]
    fig, axes = plt.subplots(
        len(panels), 1, figsize=(8, 1.2 + 1.9 * len(panels)), sharex=True, sharey=True,
        squeeze=False,
    )
    for ax, (article_id, outlet) in zip(axes[:, 0], panels, strict=True):
        if by_article:
            sub = arc[arc["article_id"] == article_id]
            ax.scatter(sub["position"], sub[value_col], s=14, color=colors[outlet], alpha=0.45,
                       linewidths=0)
            ax.plot(sub["position"], sub["smoothed"], color=colors[outlet], lw=2)
            ax.set_title(f"{outlet} — {article_id} ({len(sub)} sentences)", fontsize=9,
                         fontweight="normal")
        else:
            sub = arc[arc["outlet"] == outlet]
            for _aid, one in sub.groupby("article_id"):
                ax.plot(one["position"], one["smoothed"], color=colors[outlet], lw=0.8, alpha=0.4)
            tenth = np.minimum(np.floor(sub["position"].to_numpy() * 10), 9)
            mean_by_tenth = sub[value_col].groupby(tenth).mean()
            ax.plot((mean_by_tenth.index + 0.5) / 10, mean_by_tenth.to_numpy(), color=colors[outlet],
                    lw=2.5, label="mean per tenth of the article")
            ax.legend(loc="upper right", fontsize=8)
            ax.set_title(f"{outlet} ({sub['article_id'].nunique()} articles; thin lines = articles)",
                         fontsize=9, fontweight="normal")
        ax.axhspan(-CUTOFF, CUTOFF, color="0.85", zorder=0)
        ax.axhline(0, color="0.5", lw=0.6)
        ax.set_ylim(-1.05, 1.05)
        ax.set_ylabel("VADER compound")
    axes[-1, 0].set_xlabel("position in article (0 = first sentence, 1 = last)")
    data = arc[["outlet", "article_id", "sent_id", "position", value_col, "smoothed"]]
    return fig, data


def plot_distribution(scored: pd.DataFrame, summary: pd.DataFrame, *, value_col: str = "compound"):
    """Per outlet: every sentence's tone (jittered dots), the quartile box and mean with CI.

    ``summary`` is :func:`summarize_tone` on the same rows. Returns ``(fig, plotted_data)``.
    """
    import matplotlib.pyplot as plt

    from analysis.figures import outlet_colors

    require_columns(scored, ["outlet", value_col], "scored table")
    outlets = sorted(scored["outlet"].unique())
    colors = outlet_colors(outlets)
    fig, ax = plt.subplots(figsize=(8, 1.4 + 1.1 * len(outlets)))
    rng = np.random.default_rng(0)
    for y, outlet in enumerate(outlets):
        x = scored.loc[scored["outlet"] == outlet, value_col].to_numpy()
        ax.scatter(x, y + rng.uniform(-0.18, 0.18, len(x)), s=12, color=colors[outlet], alpha=0.5,
                   linewidths=0)
        ax.boxplot([x], positions=[y], orientation="horizontal", widths=0.5, showfliers=False,
                   medianprops={"color": "0.2"}, boxprops={"color": "0.4"},
                   whiskerprops={"color": "0.4"}, capprops={"color": "0.4"})
        row = summary[summary["outlet"] == outlet].iloc[0]
        ax.errorbar(row["mean"], y - 0.36, xerr=[[row["mean"] - row["mean_lo"]],
                                                  [row["mean_hi"] - row["mean"]]],
                    fmt="D", color="black", ms=5, capsize=3)
    ax.axvspan(-CUTOFF, CUTOFF, color="0.85", zorder=0)
    ax.set_yticks(range(len(outlets)), [f"{o}\n(n = {int((scored['outlet'] == o).sum())})"
                                        for o in outlets])
    ax.invert_yaxis()
    ax.set_xlim(-1.05, 1.05)
    ax.set_xlabel("VADER compound per sentence (-1 negative … +1 positive; grey band = neutral)")
    data = scored[["outlet", "article_id", "sent_id", value_col]].sort_values(
        ["outlet", "article_id", "sent_id"]
    )
    return fig, data


def plot_actor_tone(summary: pd.DataFrame, *, value: str = "mean", min_n: int = 10):
    """Outlet x actor tone: one row per actor, a dot per outlet with its bootstrap CI.

    ``summary`` is :func:`summarize_tone` by ``["outlet", "actor"]`` on mention tone.
    Dots are open when fewer than ``min_n`` sentences stand behind them (a percentile
    bootstrap is unreliable that small). Returns ``(fig, plotted_data)``.
    """
    import matplotlib.pyplot as plt

    from analysis.figures import outlet_colors

    require_columns(summary, ["outlet", "actor", "n", value, f"{value}_lo", f"{value}_hi"], "summary")
    actors = sorted(summary["actor"].unique())
    outlets = sorted(summary["outlet"].unique())
    colors = outlet_colors(outlets)
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.55 * len(actors) * max(1, len(outlets)) ** 0.5))
    step = 0.7 / max(len(outlets), 1)
    for k, outlet in enumerate(outlets):
        sub = summary[summary["outlet"] == outlet].set_index("actor")
        ys, xs, lo, hi, ns = [], [], [], [], []
        for y, actor in enumerate(actors):
            if actor in sub.index:
                r = sub.loc[actor]
                ys.append(y + (k - (len(outlets) - 1) / 2) * step)
                xs.append(r[value])
                lo.append(r[value] - r[f"{value}_lo"])
                hi.append(r[f"{value}_hi"] - r[value])
                ns.append(int(r["n"]))
        ax.errorbar(xs, ys, xerr=[lo, hi], fmt="none", ecolor=colors[outlet], capsize=3)
        ax.scatter(xs, ys, s=36, zorder=3, color=colors[outlet], label=outlet,
                   facecolors=[colors[outlet] if n >= min_n else "white" for n in ns])
        for x, y, n in zip(xs, ys, ns, strict=True):
            ax.annotate(f"{n} sent.", (x, y), xytext=(5, 3), textcoords="offset points",
                        fontsize=7, color="0.35")
    ax.axvspan(-CUTOFF, CUTOFF, color="0.85", zorder=0)
    ax.axvline(0, color="0.5", lw=0.6)
    ax.set_yticks(range(len(actors)), actors)
    ax.invert_yaxis()
    ax.set_xlabel(
        f"mean tone toward the actor (compound, -1 … +1; grey band = neutral; "
        f"open dot = fewer than {min_n} sentences)"
    )
    ax.legend(loc="lower right", fontsize=8)
    return fig, summary.copy()


def plot_lexicons(comparison: pd.DataFrame, *, value: str = "mean"):
    """VADER vs AFINN per outlet (mean sentence tone with CI, and net tone with CI).

    ``comparison`` is :func:`compare_lexicons`. Returns ``(fig, plotted_data)``.
    """
    import matplotlib.pyplot as plt

    from analysis.figures import outlet_colors

    require_columns(comparison, ["lexicon", "outlet", value, "net_tone"], "comparison")
    outlets = sorted(comparison["outlet"].unique())
    lexicons = list(dict.fromkeys(comparison["lexicon"]))
    colors = outlet_colors(outlets)
    markers = ["o", "s", "^", "D"]
    fig, axes = plt.subplots(1, 2, figsize=(9, 1.5 + 0.6 * len(outlets)), sharey=True)
    for ax, stat, xlabel in (
        (axes[0], value, "mean sentence tone (-1 … +1)"),
        (axes[1], "net_tone", "net tone (% positive − % negative sentences)"),
    ):
        for j, lex in enumerate(lexicons):
            sub = comparison[comparison["lexicon"] == lex].set_index("outlet")
            for y, outlet in enumerate(outlets):
                if outlet not in sub.index:
                    continue
                r = sub.loc[outlet]
                yy = y + (j - (len(lexicons) - 1) / 2) * 0.25
                ax.errorbar(r[stat], yy, xerr=[[r[stat] - r[f"{stat}_lo"]],
                                               [r[f"{stat}_hi"] - r[stat]]],
                            fmt=markers[j % len(markers)], color=colors[outlet], capsize=3,
                            mfc="white" if j else colors[outlet])
        ax.axvline(0, color="0.5", lw=0.6)
        ax.set_xlabel(xlabel)
    axes[0].set_yticks(range(len(outlets)), outlets)
    axes[0].invert_yaxis()
    handles = [
        plt.Line2D([], [], ls="", marker=markers[j % len(markers)], color="0.3",
                   mfc="white" if j else "0.3", label=lex)
        for j, lex in enumerate(lexicons)
    ]
    axes[1].legend(handles=handles, fontsize=8, title="lexicon", title_fontsize=8,
                   loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig, comparison.copy()
