"""Tone toward actors: every alias mention scored, then summed up per article and actor."""

from __future__ import annotations

import contextlib
import importlib.resources
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.sentiment.lexicon import LABELS, vader
from analysis.sentiment.stance import actor_stance_features
from analysis.sentiment.toward import TowardModel, default_model, toward
from analysis.validate import require_columns


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


# The caches of the open shared_mention_scores contexts (innermost last): see actor_mentions
_SCORE_CACHES: list[dict[tuple, dict[str, float]]] = []


@contextlib.contextmanager
def shared_mention_scores(cache: dict) -> Iterator[None]:
    """While open, :func:`actor_mentions` (``method="model"``) keeps the class probabilities of
    each mention it scores in ``cache``, keyed by the sentence, the mention's span and the
    sentence's VADER compound (all the shipped model reads), and takes them from there when it
    meets the same mention again: tables that score the same mentions (the cast's tone, the
    outlet comparisons' actors, their rescoring without some sentences) score each once."""
    _SCORE_CACHES.append(cache)
    try:
        yield
    finally:
        _SCORE_CACHES.pop()


def actor_mentions(
    sentences: pd.DataFrame,
    actors: Mapping[str, Iterable[str]] | pd.DataFrame,
    *,
    text_col: str = "text",
    start_col: str = "start",
    method: str = "model",
    keep: Sequence[str] = ("article_id", "outlet", "event", "sent_id", "speech"),
    compound_col: str | None = "compound",
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
    The sentences' VADER compound is read from ``compound_col`` when the table has it (as
    :func:`~analysis.sentiment.score_table` adds it), else scored here.
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
    columns = {c: sentences[c].tolist() for c in kept}  # each row's kept values read once, as plain lists
    model = default_model() if method == "model" else None
    given = sentences[compound_col].tolist() if compound_col and compound_col in sentences.columns else None
    compounds = []
    cache = _SCORE_CACHES[-1] if _SCORE_CACHES and model is not None else None
    for i, text in enumerate(texts):
        if not isinstance(text, str):
            continue
        compound = given[i] if given is not None and given[i] == given[i] else None  # NaN: score it here
        for m in pattern.finditer(text):
            actor = alias_to_actor[m.group()]
            if _inside_longer_name(text, m.start(), m.end()) or (
                kinds.get(actor) == "place" and _used_as_modifier(text, m.end())
            ):
                continue
            rec = {c: values[i] for c, values in columns.items()}
            rec.update(actor=actor, alias=m.group(), mention_start=m.start(), mention_end=m.end(),
                       sentence=text)
            if compound is None:
                compound = vader().polarity_scores(text)["compound"]
            compounds.append(compound)
            if model is not None:
                if cache is None:
                    proba = model.proba(text, m.start(), m.end(), compound=compound)
                else:
                    key = (text, m.start(), m.end(), compound)
                    proba = cache.get(key)
                    if proba is None:
                        proba = cache[key] = model.proba(text, m.start(), m.end(), compound=compound)
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
    out["sentence_compound"] = np.array(compounds, dtype=float)
    return out


# ---------------------------------------------------------------------------------------
# Article-level tone toward an actor
# ---------------------------------------------------------------------------------------
ARTICLE_MODEL_FILE = "actor_article_model.json"
#: Stance features kept in :func:`article_actor_tone`'s output, for reading a call.
STANCE_COLUMNS = ("in_headline", "in_lead", "sentence_share", "quoted_share", "speaker_share",
                  "conflict_doer_share", "conflict_target_share", "near_tone")
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
                      features: Sequence[str] = ARTICLE_FEATURES,
                      class_weight: str | None = None,
                      sample_weight: Sequence[float] | None = None) -> ArticleModel:
    """Fit :class:`ArticleModel`: a multinomial logistic regression on ``features`` (its
    probabilities are calibrated by construction; the label is the most probable class).
    ``labels`` are -1/0/1; ``class_weight="balanced"`` reweights classes; ``sample_weight``
    weighs rows (e.g. so that two data sets of different size count equally)."""
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(labels, dtype=int)
    clf = LogisticRegression(C=c, class_weight=class_weight, max_iter=5000)
    clf.fit(feats[list(features)].to_numpy(float), y,
            sample_weight=None if sample_weight is None else np.asarray(sample_weight, dtype=float))
    by_class = dict(zip((-1, 0, 1), LABELS, strict=True))
    coef = {by_class[int(k)]: row.tolist() for k, row in zip(clf.classes_, clf.coef_, strict=True)}
    intercept = {by_class[int(k)]: float(b) for k, b in zip(clf.classes_, clf.intercept_, strict=True)}
    return ArticleModel(tuple(features), coef, intercept,
                        {"n_units": int(len(y)), "c": c, "class_weight": class_weight or "none"})


@lru_cache(maxsize=1)
def default_article_model() -> ArticleModel:
    """The article-level model shipped in ``analysis/data`` (fitted on PerSenT dev and NewsMTSC
    train together, each data set weighing the same; ``scripts/validate_actor_tone.py``)."""
    text = importlib.resources.files("analysis").joinpath("data", ARTICLE_MODEL_FILE).read_text("utf-8")
    return ArticleModel.from_json(text)


def article_actor_tone(
    mentions: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    keys: Sequence[str] = ("article_id", "actor"),
    model: ArticleModel | None = None,
    titles: pd.Series | None = None,
) -> pd.DataFrame:
    """Tone of each article toward each actor it mentions; one row per (article, actor).

    ``mentions`` is :func:`actor_mentions` output (with ``p_*`` columns, i.e. ``method=
    "model"``). ``sentences`` (scored, with ``article_id`` and ``compound``) gives each
    article's overall tone (mean sentence VADER); without it the mean over the sentences
    that mention an actor is used. ``titles`` (article titles indexed by article id) lets the
    model see whether the headline names the actor. Method: :func:`actor_article_features`
    and the stance features of :func:`analysis.sentiment.stance.actor_stance_features`
    (salience, quoted vs narrated mentions, reporting and conflict verbs, tone around the
    actor), then the shipped :class:`ArticleModel` (fitted on PerSenT, checked on NewsMTSC;
    ``scripts/validate_actor_tone.py``). Columns: the keys, ``outlet``/``event`` when present,
    ``n_mentions``, ``polarity``, ``p_negative, p_neutral, p_positive``, ``label``, ``tone`` (on
    VADER's scale, banded like :meth:`TowardModel.compound`), then :data:`STANCE_COLUMNS`.
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
    if sentences is None or not len(sentences):
        sentences = data.drop_duplicates(["article_id", "sent_id"]).rename(columns={"sentence_compound": "compound"})
    stance = actor_stance_features(data, sentences, titles=titles, keys=keys)
    feats = feats.merge(stance, on=keys, how="left")
    m = model or default_article_model()
    proba = m.proba(feats)
    out = feats[[*keys, "n_mentions", "polarity", *STANCE_COLUMNS]].join(proba)
    extra = [c for c in ("outlet", "event") if c in mentions.columns and c not in keys]
    if extra and "article_id" in keys:
        out = out.merge(mentions[["article_id", *extra]].drop_duplicates("article_id"), on="article_id", how="left")
    out["label"] = [max(LABELS, key=lambda lab, r=r: r[f"p_{lab}"]) for r in out.to_dict("records")]
    out["tone"] = [TowardModel.compound({lab: r[f"p_{lab}"] for lab in LABELS}) for r in out.to_dict("records")]
    return out[[*keys, *extra, "n_mentions", "polarity", "p_negative", "p_neutral", "p_positive", "label", "tone",
                *STANCE_COLUMNS]]
