"""Benchmark: article-level tone toward an actor on NewsMTSC (Hamborg & Donnay, EACL 2021).

NewsMTSC labels the sentiment toward named targets in sentences of US political news, and
every sentence carries its article id (``primary_gid``: ``allsides_<article>_<story>_...``
or ``polusa_v1_<article>_...``). Mentions of the same target in the same article (target
names merged with :func:`analysis.identity.canonical_names`, so "Donald Trump's", "President
Donald Trump" and "Trump" are one target) form one **unit**: the article's tone toward that
actor. Gold label of a unit: the sign of the sum of its mention labels (-1/0/+1), i.e. the
majority of its evaluative mentions, neutral when none or when they cancel out.

Methods, all scored as macro-F1 over negative/neutral/positive units:

* majority class;
* document VADER: VADER compound of the article's available sentences joined, +-0.05;
* the kit's old aggregation: mean of the mention tone scores (compound), +-0.05;
* the new aggregation (:func:`analysis.sentiment.article_actor_tone`): mention probabilities
  summed up with salience weights (:func:`~analysis.sentiment.actor_article_features`) and a
  small multinomial logistic model (its most probable class is the label).

The check "on a set it was not fitted on" (``cross_set``): each candidate feature set of
:data:`FEATURE_SETS` fitted on PerSenT alone and scored on NewsMTSC, and the other way round,
against document VADER on the same rows.

Grouped 5-fold CV (groups = AllSides story or POLUSA article, so no story is on both sides).
In each outer fold the mention model is refitted on the training mentions only; the article
model is fitted on out-of-fold mention probabilities of the training part (inner grouped
4-fold), so it learns from probabilities like those it will see on unseen text. With
``--write-model`` the article model fitted the same way on all units is written to
``analysis/data/actor_article_model.json``; every run records the figures with
:func:`analysis.accuracy.record` in ``analysis/data/validation.json`` (topic ``tone``, key
``actor_article_tone``).

Usage::

    .venv/bin/python scripts/validate_actor_tone.py [--data PATH] [--write-model]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from analysis import accuracy, sentiment
from analysis.identity import canonical_names
from analysis.paths import BUILD_DIR, ROOT
from analysis.sentiment.stance import STANCE_FEATURES, actor_stance_features
from analysis.text import sentence_spans

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "newsmtsc" / "train.jsonl"
POLARITY = {2.0: -1, 4.0: 0, 6.0: 1}
LABEL_OF = {-1: "negative", 0: "neutral", 1: "positive"}
#: Short names of the methods, the keys of ``by_method`` (addressable from docs placeholders,
#: e.g. ``tone.actor_article_tone.by_method.article_model.macro_f1``).
SHORT = {"majority class": "majority", "document VADER (+-0.05)": "document_vader",
         "mean of mention tone (+-0.05, old kit)": "mention_mean",
         "salience-weighted mention probabilities + logistic model (new)": "article_model",
         "stance model, PerSenT + NewsMTSC pooled (shipped; out-of-fold)": "stance_model"}
STANCE_LABEL = "stance model, PerSenT + NewsMTSC pooled (shipped; out-of-fold)"


def _ids(gid: str) -> tuple[str, str, int]:
    """(CV group, article, sentence number) of a NewsMTSC sentence id."""
    p = gid.split("_")
    if p[0] == "polusa":
        art = "_".join(p[:3])
        return art, art, int(p[4]) if p[4].lstrip("-").isdigit() else 0
    return f"allsides_story_{p[2]}", "_".join(p[:2]), int(p[3]) if p[3].isdigit() else 0


def _target_name(input_gid: str) -> str:
    parts = input_gid.split("_")
    name = "_".join(parts[4:-2]) if len(parts) > 6 else parts[-3]
    return re.sub(r"^[^\w]+|[’']s?$", "", name).strip() or name


def load_mentions(path: Path) -> pd.DataFrame:
    """One row per labelled target mention, with its article, unit actor and sentence number."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            group, article, sent = _ids(rec["primary_gid"])
            for t in rec["targets"]:
                rows.append({"group": group, "article_id": article, "sent_id": sent,
                             "text": rec["sentence_normalized"], "start": int(t["from"]), "end": int(t["to"]),
                             "target": _target_name(t["Input.gid"]), "label": POLARITY[float(t["polarity"])]})
    df = pd.DataFrame(rows)
    actors = []
    for _aid, grp in df.groupby("article_id", sort=False):
        counts = grp["target"].value_counts().to_dict()
        names = canonical_names(list(counts), counts)
        actors.append(grp["target"].map(names))
    df["actor"] = pd.concat(actors).reindex(df.index)
    return df


def _mention_proba(feats, y, train, test, groups=None):
    model = sentiment.fit_toward_features([feats[i] for i in train], y[train])
    return np.array([[model.proba_features(feats[i])[lab] for lab in sentiment.LABELS] for i in test])


def _oof(feats, y, groups, idx, folds):
    """Out-of-fold mention probabilities for the mentions ``idx`` (grouped K-fold inside idx)."""
    out = np.zeros((len(idx), 3))
    for tr, te in GroupKFold(n_splits=folds).split(idx, y[idx], groups[idx]):
        out[te] = _mention_proba(feats, y, idx[tr], idx[te])
    return out


def _units(df: pd.DataFrame, proba: np.ndarray) -> pd.DataFrame:
    data = df.assign(p_negative=proba[:, 0], p_neutral=proba[:, 1], p_positive=proba[:, 2])
    feats = sentiment.actor_article_features(data, keys=["article_id", "actor"])
    old = data.assign(tone=[sentiment.TowardModel.compound(dict(zip(sentiment.LABELS, p, strict=True)))
                            for p in proba]).groupby(["article_id", "actor"])["tone"].mean()
    return feats.join(old.rename("old_tone"), on=["article_id", "actor"])


def _fold_probabilities(df: pd.DataFrame, units: pd.DataFrame, args) -> list:
    """Per outer fold: training and test mention indices, the training mentions' out-of-fold
    probabilities (inner grouped 4-fold) and the test mentions' probabilities from a mention
    model fitted on the training mentions. Cached under build/cache (same data, same result)."""
    cache = BUILD_DIR / "cache" / f"actor_tone_folds_{_sha(args.data)[:16]}_{args.folds}.pkl"
    if cache.is_file():
        return pickle.loads(cache.read_bytes())
    t0 = time.time()
    y = df["label"].to_numpy()
    groups = df["group"].to_numpy()
    feats = [sentiment.context_features(t, s, e) for t, s, e in zip(df["text"], df["start"], df["end"], strict=True)]
    out = []
    for k, (utr, _ute) in enumerate(GroupKFold(n_splits=args.folds).split(units, units["gold"], units["group"])):
        train_groups = list(set(units["group"].to_numpy()[utr]))
        tr = np.flatnonzero(np.isin(groups, train_groups))
        te = np.flatnonzero(~np.isin(groups, train_groups))
        out.append((tr, te, _oof(feats, y, groups, tr, 4), _mention_proba(feats, y, tr, te)))
        print(f"  fold {k + 1}: mention models fitted, {time.time() - t0:.0f} s")
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_bytes(pickle.dumps(out))
    return out


def _sha(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------
# PerSenT: the author's sentiment toward the article's main person (Bastan et al. 2020)
# ---------------------------------------------------------------------------------------
PERSENT = ROOT.parent / "shared" / "benchmarks" / "persent" / "dev.csv"
PERSENT_LABELS = {"Negative": -1, "Neutral": 0, "Positive": 1}
#: Every input the stance model could read (built for both data sets).
ALL_FEATURES = (*sentiment.ARTICLE_FEATURES, *STANCE_FEATURES)
#: Salience is not measured alike in the two data sets: PerSenT gives whole articles with titles,
#: NewsMTSC only the labelled sentences of an article and no title, so "in the lead", "share of
#: sentences", "first position" and "in the headline" mean different things there. A model leaning on
#: them cannot be checked across the sets (fitted on PerSenT alone it fell to 0.346 on NewsMTSC).
SALIENCE_FEATURES = ("in_headline", "in_lead", "sentence_share", "first_position")
#: Candidate inputs, compared fitted on one data set and tested on the other (``cross_set``).
FEATURE_SETS = {
    "all": ALL_FEATURES,
    "without_salience": tuple(f for f in ALL_FEATURES if f not in SALIENCE_FEATURES),
    "tone": (*sentiment.ARTICLE_FEATURES, "near_tone", "headline_tone", "tone_gap"),
}
#: The shipped set: the one that beats document VADER by 0.03 both ways across the data sets (the
#: voice and action features did not add to it when fitted on one set and tested on the other).
SHIPPED_SET = "tone"
STANCE_MODEL_FEATURES = FEATURE_SETS[SHIPPED_SET]
C_GRID = (0.1, 0.3, 1.0)


def _aliases(name: str) -> list[str]:
    """The main person's full name and, for a name of two or more words, the last word."""
    parts = name.split()
    return sorted({name, parts[-1]} if len(parts) > 1 else {name})


def persent_tables(path: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(documents, scored sentences, mentions of the main person) of PerSenT; paragraphs are the
    document's lines, sentences split with the kit's splitter, mentions scored by the kit."""
    docs = pd.read_csv(path)
    bad = ~docs["TRUE_SENTIMENT"].isin(PERSENT_LABELS)
    if bad.any():
        raise ValueError(f"{path}: unknown TRUE_SENTIMENT in rows {docs.index[bad].tolist()[:5]}")
    docs["article_id"] = [f"persent_{i}" for i in docs["DOCUMENT_INDEX"]]
    docs["gold"] = docs["TRUE_SENTIMENT"].map(PERSENT_LABELS)
    rows = []
    for aid, doc in zip(docs["article_id"], docs["DOCUMENT"].fillna(""), strict=True):
        offset = sent_id = 0
        for para in doc.split("\n"):
            for s, e in sentence_spans(para):
                rows.append({"article_id": aid, "sent_id": sent_id, "text": para[s:e],
                             "start": offset + s, "end": offset + e})
                sent_id += 1
            offset += len(para) + 1
    sentences = sentiment.score_table(pd.DataFrame(rows), afinn=False)
    by_article = dict(tuple(sentences.groupby("article_id", sort=False)))
    mentions = pd.concat([sentiment.actor_mentions(by_article[aid], {name: _aliases(name)})
                          for aid, name in zip(docs["article_id"], docs["TARGET_ENTITY"], strict=True)
                          if aid in by_article], ignore_index=True)
    return docs, sentences, mentions


def stance_units(mentions: pd.DataFrame, sentences: pd.DataFrame, *, titles: pd.Series | None = None,
                 keys: tuple[str, ...] = ("article_id", "actor")) -> pd.DataFrame:
    """Article-model inputs per (article, actor): mention summaries plus stance features."""
    doc = sentences.groupby("article_id")["compound"].mean().rename("doc_tone")
    data = mentions.drop(columns=["doc_tone"], errors="ignore").join(doc, on="article_id")
    feats = sentiment.actor_article_features(data, keys=list(keys))
    stance = actor_stance_features(data, sentences, titles=titles, keys=list(keys))
    return feats.merge(stance, on=list(keys), how="left")


def _macro(y: np.ndarray, p: np.ndarray) -> float:
    return round(float(f1_score(y, p, labels=[-1, 0, 1], average="macro")), 4)


def _predict(model, feats: pd.DataFrame) -> np.ndarray:
    return np.array([-1, 0, 1])[model.proba(feats).to_numpy().argmax(axis=1)]


def _equal_weights(dataset: np.ndarray) -> np.ndarray:
    """Row weights under which every data set weighs the same in total (mean weight 1)."""
    names, codes, counts = np.unique(dataset, return_inverse=True, return_counts=True)
    w = (len(dataset) / len(names)) / counts[codes]
    return w


def _fit(feats: pd.DataFrame, y: np.ndarray, dataset: np.ndarray, c: float,
         features: tuple[str, ...] = STANCE_MODEL_FEATURES):
    return sentiment.fit_article_model(feats, y, c=c, features=features, class_weight="balanced",
                                       sample_weight=_equal_weights(dataset))


def _mean_macro(y: np.ndarray, pred: np.ndarray, dataset: np.ndarray) -> float:
    return float(np.mean([_macro(y[dataset == d], pred[dataset == d]) for d in np.unique(dataset)]))


def fit_stance_model(feats: pd.DataFrame, y: np.ndarray, groups: np.ndarray, dataset: np.ndarray,
                     features: tuple[str, ...] = STANCE_MODEL_FEATURES):
    """The article model on ``features`` (default :data:`STANCE_MODEL_FEATURES`) over pooled data
    sets: balanced classes, every data set weighing the same, C chosen by grouped CV (mean
    macro-F1 over the data sets)."""
    best = None
    for c in C_GRID:
        pred = np.zeros(len(y), dtype=int)
        for tr, te in GroupKFold(n_splits=5).split(feats, y, groups):
            pred[te] = _predict(_fit(feats.iloc[tr], y[tr], dataset[tr], c, features), feats.iloc[te])
        score = _mean_macro(y, pred, dataset)
        if best is None or score > best[0]:
            best = (score, c)
    model = _fit(feats, y, dataset, best[1], features)
    model.meta["inner_grouped_cv_mean_macro_f1"] = round(best[0], 4)
    return model


def pooled_out_of_fold(feats: pd.DataFrame, y: np.ndarray, groups: np.ndarray, dataset: np.ndarray) -> np.ndarray:
    """Out-of-fold labels of the stance model: GroupKFold(5) over the pooled groups, C chosen
    inside each training part."""
    pred = np.zeros(len(y), dtype=int)
    for tr, te in GroupKFold(n_splits=5).split(feats, y, groups):
        model = fit_stance_model(feats.iloc[tr], y[tr], groups[tr], dataset[tr])
        pred[te] = _predict(model, feats.iloc[te])
    return pred


def cross_set(pooled: pd.DataFrame, vader: np.ndarray) -> dict:
    """Each feature set of :data:`FEATURE_SETS` fitted on one data set alone (C by grouped CV
    inside it) and scored on the other, with document VADER on the same rows: the check "on a
    set it was not fitted on"."""
    y, groups, dataset = pooled["gold"].to_numpy(int), pooled["group"].to_numpy(), pooled["dataset"].to_numpy()
    out: dict = {}
    for fit_on, test_on in (("persent", "newsmtsc"), ("newsmtsc", "persent")):
        a, b = dataset == fit_on, dataset == test_on
        base = _macro(y[b], vader[b])
        row = {"document_vader_macro_f1": base, "by_feature_set": {}}
        for name, features in FEATURE_SETS.items():
            model = fit_stance_model(pooled[a], y[a], groups[a], dataset[a], features)
            score = _macro(y[b], _predict(model, pooled[b]))
            row["by_feature_set"][name] = {"macro_f1": score, "margin_over_document_vader": round(score - base, 4),
                                           "C": model.meta["c"]}
        row["shipped"] = row["by_feature_set"][SHIPPED_SET]
        out[f"{fit_on}_to_{test_on}"] = row
    out["shipped_feature_set"] = SHIPPED_SET
    out["features"] = {name: list(f) for name, f in FEATURE_SETS.items()}
    out["meets_target_both_ways"] = bool(all(out[k]["shipped"]["margin_over_document_vader"] >= 0.03
                                             for k in ("persent_to_newsmtsc", "newsmtsc_to_persent")))
    out["note"] = ("the shipped set was chosen with these figures in view (3 candidate sets), so they are a "
                   "check across data sets, not a fully held-out test of the choice")
    return out


def evaluate_persent(path: Path, previous) -> tuple[dict, pd.DataFrame]:
    """PerSenT dev: the baselines (document VADER, mean sentence VADER, the kit's previous
    model) and the stance-model inputs, one row per article."""
    docs, sentences, mentions = persent_tables(path)
    feats = stance_units(mentions, sentences, titles=docs.set_index("article_id")["TITLE"])
    feats = docs[["article_id", "TARGET_ENTITY", "gold"]].merge(feats.drop(columns="actor"), on="article_id",
                                                                 how="left")
    feats[list(ALL_FEATURES)] = feats[list(ALL_FEATURES)].fillna(0.0)
    y = feats["gold"].to_numpy(int)
    doc_vader = sentiment.score_sentences(docs["DOCUMENT"].fillna(""))["compound"].to_numpy()
    sent_mean = sentences.groupby("article_id")["compound"].mean().reindex(docs["article_id"]).fillna(0).to_numpy()
    previous = sentiment.article_actor_tone(mentions, sentences=sentences, model=previous)
    prev = previous.set_index("article_id")["label"].map({"negative": -1, "neutral": 0, "positive": 1})
    methods = {
        "majority": np.full(len(y), int(pd.Series(y).mode().iloc[0])),
        "document_vader": _cut(doc_vader),
        "mean_sentence_vader": _cut(sent_mean),
        "previous_kit_model": prev.reindex(docs["article_id"]).fillna(0).to_numpy(int),
    }
    feats["document_vader"] = methods["document_vader"]
    out = {
        "data": "PerSenT dev.csv (Bastan et al. 2020), 578 articles; gold = TRUE_SENTIMENT toward TARGET_ENTITY",
        "cv": "GroupKFold(5), groups = main person (PerSenT) and story (NewsMTSC), pooled; C chosen inside "
              "each training part by an inner grouped CV",
        "n_articles": int(len(y)), "articles_with_a_mention": int(mentions["article_id"].nunique()),
        "gold_counts": {LABEL_OF[k]: int(v) for k, v in pd.Series(y).value_counts().sort_index().items()},
        "by_method": {k: {"macro_f1": _macro(y, v)} for k, v in methods.items()},
    }
    return out, feats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--persent", type=Path, default=PERSENT)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write-model", action="store_true")
    args = parser.parse_args(argv)
    for path in (args.data, args.persent):
        if not path.exists():
            print(f"benchmark file not found: {path}", file=sys.stderr)
            return 2
    t0 = time.time()
    df = load_mentions(args.data)
    sent_tone = df.drop_duplicates(["article_id", "text"]).assign(
        compound=lambda d: sentiment.score_sentences(d["text"].reset_index(drop=True))["compound"].to_numpy())
    df = df.join(sent_tone.groupby("article_id")["compound"].mean().rename("doc_tone"), on="article_id")
    df = df.assign(alias=df["target"], sentence=df["text"], mention_start=df["start"], mention_end=df["end"])
    sentences = sent_tone[["article_id", "sent_id", "compound"]]
    doc_text = sent_tone.groupby("article_id")["text"].agg(" ".join)
    doc_vader = pd.Series(sentiment.score_sentences(doc_text)["compound"].to_numpy(), index=doc_text.index)
    units = df.groupby(["article_id", "actor"], sort=True).agg(
        gold=("label", lambda s: int(np.sign(s.sum()))), group=("group", "first"), n=("label", "size")).reset_index()
    print(f"NewsMTSC train: {len(df)} mentions, {df['article_id'].nunique()} articles, {len(units)} "
          f"(article, actor) units ({int((units['n'] >= 2).sum())} with 2+ mentions); gold "
          f"{units['gold'].map(LABEL_OF).value_counts().to_dict()}")

    folds = _fold_probabilities(df, units, args)
    pred = pd.Series(0, index=units.index, dtype=int)
    stance_pred = pd.Series(0, index=units.index, dtype=int)
    old = pd.Series(0.0, index=units.index)
    key = units.set_index(["article_id", "actor"]).index
    gold_by_key = units.set_index(["article_id", "actor"])["gold"]
    oof_units, stance_test = [], []
    for tr, te, p_tr, p_te in folds:
        train_units = _units(df.iloc[tr], p_tr)
        test_units = _units(df.iloc[te], p_te)
        model = sentiment.fit_article_model(
            train_units, gold_by_key.loc[train_units.set_index(["article_id", "actor"]).index].to_numpy())
        where = key.get_indexer(test_units.set_index(["article_id", "actor"]).index)
        pred.iloc[where] = _predict(model, test_units)
        old.iloc[where] = test_units["old_tone"].to_numpy()
        oof_units.append(test_units)
        stance_test.append(stance_units(df.iloc[te].assign(p_negative=p_te[:, 0], p_neutral=p_te[:, 1],
                                                           p_positive=p_te[:, 2]), sentences))
    # The kit's previous article model: the salience model fitted on all NewsMTSC units (out-of-fold
    # mention probabilities), compared on PerSenT; then the stance model, fitted on PerSenT only.
    all_units = pd.concat(oof_units, ignore_index=True)
    previous = sentiment.fit_article_model(
        all_units, gold_by_key.loc[all_units.set_index(["article_id", "actor"]).index].to_numpy())
    persent, p_feats = evaluate_persent(args.persent, previous)
    news = pd.concat(stance_test, ignore_index=True).merge(units[["article_id", "actor", "gold", "group"]],
                                                           on=["article_id", "actor"])
    p_feats = p_feats.assign(group="persent_" + p_feats["TARGET_ENTITY"])
    news["document_vader"] = _cut(doc_vader.reindex(news["article_id"]).to_numpy())
    cols = ["article_id", "actor", "group", "gold", "document_vader", *ALL_FEATURES]
    pooled = pd.concat([p_feats.assign(actor=p_feats["TARGET_ENTITY"], dataset="persent")[[*cols, "dataset"]],
                        news.assign(dataset="newsmtsc")[[*cols, "dataset"]]], ignore_index=True)
    py, pg, pdset = pooled["gold"].to_numpy(int), pooled["group"].to_numpy(), pooled["dataset"].to_numpy()
    pooled_pred = pooled_out_of_fold(pooled, py, pg, pdset)
    is_news = pdset == "newsmtsc"
    stance_pred.iloc[key.get_indexer(pooled[is_news].set_index(["article_id", "actor"]).index)] = pooled_pred[is_news]
    persent["by_method"]["stance_model"] = {"macro_f1": _macro(py[~is_news], pooled_pred[~is_news])}
    persent["margin_over_document_vader"] = round(persent["by_method"]["stance_model"]["macro_f1"]
                                                  - persent["by_method"]["document_vader"]["macro_f1"], 4)
    stance_model = fit_stance_model(pooled, py, pg, pdset)
    across = cross_set(pooled, pooled["document_vader"].to_numpy(int))
    transfer = across["persent_to_newsmtsc"]["shipped"]["macro_f1"]

    gold = units["gold"].to_numpy()
    majority = int(units["gold"].mode().iloc[0])
    methods = {
        "majority class": np.full(len(gold), majority),
        "document VADER (+-0.05)": _cut(doc_vader.reindex(units["article_id"]).to_numpy()),
        "mean of mention tone (+-0.05, old kit)": _cut(old.to_numpy()),
        "salience-weighted mention probabilities + logistic model (new)": pred.to_numpy(),
        STANCE_LABEL: stance_pred.to_numpy(),
    }
    multi = units["n"].to_numpy() >= 2
    results = {}
    print("\nNewsMTSC, macro-F1 (negative/neutral/positive), grouped 5-fold CV:    all units | 2+ mentions")
    for name, p in methods.items():
        results[name] = {"macro_f1": _macro(gold, p), "macro_f1_2plus_mentions": _macro(gold[multi], p[multi])}
        print(f"  {name:72s} {results[name]['macro_f1']:.3f} | {results[name]['macro_f1_2plus_mentions']:.3f}")
    new = results["salience-weighted mention probabilities + logistic model (new)"]["macro_f1"]
    best_baseline = max(results["majority class"]["macro_f1"], results["document VADER (+-0.05)"]["macro_f1"])
    stance_margin = results[STANCE_LABEL]["macro_f1"] - results["document VADER (+-0.05)"]["macro_f1"]
    print("\nPerSenT dev, macro-F1, grouped 5-fold CV by main person:")
    for name, r in persent["by_method"].items():
        print(f"  {name:30s} {r['macro_f1']:.3f}")
    print("\nFitted on one data set, tested on the other (macro-F1; document VADER on the same rows):")
    for way in ("persent_to_newsmtsc", "newsmtsc_to_persent"):
        r = across[way]
        sets = ", ".join(f"{k} {v['macro_f1']:.3f}" for k, v in r["by_feature_set"].items())
        print(f"  {way:22s} VADER {r['document_vader_macro_f1']:.3f} | {sets} (shipped: {SHIPPED_SET})")

    figures = {
        "data": "NewsMTSC train.jsonl (Hamborg & Donnay 2021, MIT licence)",
        "unit": "(article, actor): labelled mentions of one target in one article",
        "gold": "sign of the sum of mention labels",
        "cv": f"grouped {args.folds}-fold by story/article; mention model refitted per fold",
        "n_units": int(len(units)), "n_units_2plus_mentions": int(multi.sum()),
        "gold_counts": {LABEL_OF[k]: int(v) for k, v in units["gold"].value_counts().sort_index().items()},
        "methods": results,
        "by_method": {SHORT[name]: {"label": name, **r} for name, r in results.items()},
        "margin_over_best_simple_baseline": round(new - best_baseline, 4),
        "stance_model_margin_over_document_vader": round(stance_margin, 4),
        "persent": persent,
        "shipped_model": f"stance model on the '{SHIPPED_SET}' features, fitted on PerSenT dev and NewsMTSC train "
                         "pooled (each weighing the same)",
        "shipped_features": list(STANCE_MODEL_FEATURES),
        "transfer_persent_only_to_newsmtsc_macro_f1": transfer,
        "cross_set": across,
        "meets_target_both_data_sets": bool(stance_margin >= 0.03 and persent["margin_over_document_vader"] >= 0.03),
        "command": "python scripts/validate_actor_tone.py",
    }
    out = accuracy.record("tone", figures, key="actor_article_tone")
    print(f"recorded tone.actor_article_tone in {out.relative_to(ROOT)}")

    if args.write_model:
        stance_model.meta.update(
            trained_on="PerSenT dev.csv (Bastan et al. 2020; articles, main person, TRUE_SENTIMENT) and NewsMTSC "
                       "train.jsonl (Hamborg & Donnay 2021; (article, actor) units, out-of-fold mention "
                       "probabilities), each data set weighing the same",
            training_data_sha256=_sha(args.persent), newsmtsc_sha256=_sha(args.data),
            mention_model="analysis/data/newsmtsc_toward_model.json (NewsMTSC train)",
            persent_out_of_fold_macro_f1=persent["by_method"]["stance_model"]["macro_f1"],
            newsmtsc_out_of_fold_macro_f1=results[STANCE_LABEL]["macro_f1"])
        out = ROOT / "analysis" / "data" / sentiment.ARTICLE_MODEL_FILE
        out.write_text(stance_model.to_json(), encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")
    print(f"({time.time() - t0:.0f} s)")
    return 0


def _cut(x: np.ndarray) -> np.ndarray:
    return np.where(x >= sentiment.CUTOFF, 1, np.where(x <= -sentiment.CUTOFF, -1, 0))


if __name__ == "__main__":
    sys.exit(main())
