"""Validate the sentence alignment of analysis.compare (a benchmark, not a unit test).

1. Hand-aligned seed pairs (tests/gold/alignment_seeds.csv): precision and recall of the
   Moscow Times -> TRT World matches at several thresholds.
2. A null baseline: the same seed sentences matched against sentences from unrelated news
   (climate articles from the NFC benchmark); every "shared" call there is a false match.

Run: .venv/bin/python scripts/validate_alignment.py
"""

from __future__ import annotations

import sys

import pandas as pd

from analysis.compare import DEFAULT_THRESHOLD, MIN_SHARED_TERMS, align
from analysis.corpus import load_corpus
from analysis.paths import ROOT, SEEDS_DIR
from analysis.text import sentence_spans

NFC = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"
THRESHOLDS = (0.10, 0.15, 0.20, 0.25, 0.30, 0.40)


def gold_scores(sentences: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    gold = pd.read_csv(ROOT / "tests" / "gold" / "alignment_seeds.csv")
    pairs = set(zip(gold["article_a"], gold["sent_a"], gold["article_b"], gold["sent_b"], strict=True))
    rows = []
    for t in THRESHOLDS:
        al = align(sentences, articles, threshold=t)
        al = al[al["article_id"].isin(gold["article_a"])]
        pred = {
            (r.article_id, r.sent_id, r.match_article_id, r.match_sent_id)
            for r in al.itertuples()
            if r.shared
        }
        tp = len(pred & pairs)
        p = tp / len(pred) if pred else float("nan")
        r = tp / len(pairs)
        rows.append({"threshold": t, "predicted": len(pred), "correct": tp, "precision": p, "recall": r,
                     "f1": 2 * p * r / (p + r) if tp else 0.0})
    return pd.DataFrame(rows)


def null_rate(sentences: pd.DataFrame, articles: pd.DataFrame, n_articles: int = 40) -> pd.DataFrame:
    if not NFC.exists():
        print(f"(skipping null baseline: {NFC} not found)", file=sys.stderr)
        return pd.DataFrame()
    nfc = pd.read_csv(NFC, sep="\t").sample(n=n_articles, random_state=0)
    rows = []
    for i, text in enumerate(nfc["text"].astype(str)):
        for j, (s, e) in enumerate(sentence_spans(text.replace("\n", " "))):
            rows.append({"article_id": f"nfc{i}", "sent_id": j, "text": text.replace("\n", " ")[s:e]})
    background = pd.DataFrame(rows)
    arts = pd.concat(
        [
            articles[["article_id", "outlet"]].assign(event="null"),
            pd.DataFrame({"article_id": background["article_id"].unique(), "outlet": "unrelated", "event": "null"}),
        ]
    )
    units = pd.concat([sentences[["article_id", "sent_id", "text"]], background], ignore_index=True)
    out = []
    for t in THRESHOLDS:
        al = align(units, arts, threshold=t)
        seeds_vs_null = al[(al["other_outlet"] == "unrelated") & (al["outlet"] != "unrelated")]
        out.append({"threshold": t, "seed_sentences": len(seeds_vs_null),
                    "false_matches": int(seeds_vs_null["shared"].sum()),
                    "false_match_rate": seeds_vs_null["shared"].mean()})
    print(f"null background: {len(background)} sentences from {n_articles} unrelated (climate) articles")
    return pd.DataFrame(out)


def main() -> None:
    corpus = load_corpus(SEEDS_DIR)
    pd.set_option("display.width", 120)
    print(f"rule: cosine >= threshold and >= {MIN_SHARED_TERMS} shared stems; default threshold {DEFAULT_THRESHOLD}")
    print("\n1. Hand-aligned seed pairs (Moscow Times -> TRT World, 12 gold pairs)")
    print(gold_scores(corpus.sentences, corpus.articles).round(3).to_string(index=False))
    print("\n2. Null baseline: seed sentences matched against unrelated news")
    print(null_rate(corpus.sentences, corpus.articles).round(4).to_string(index=False))


if __name__ == "__main__":
    main()
