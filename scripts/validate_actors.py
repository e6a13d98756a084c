"""Benchmark: do the discovered actors cover the main people and bodies of real articles?

Gold: ``tests/gold/actors_nfc.csv``, the main people, organisations and groups of 16 real
climate-politics articles of the NFC development set (Frermann et al. 2023, MIT licence;
``../shared/benchmarks/nfc/articles_dev.tsv``), one article from each of 16 outlets, listed
by hand from the text (the people and bodies the story is about or quotes at length), each
with the names under which it may be found (column ``names``, "|"-joined).

A second list, ``tests/gold/actors_nfc_heldout.csv`` (33 actors of 6 more articles, including
a Breitbart opinion piece and a church-leaders story with five named clergy), was written after
the last change to the rules and is reported separately (key ``actor_discovery_heldout``).

Each article is its own event (``discover_actors(by="event", top=15)``). A gold actor is
*covered* when a discovered actor's display name or one of its aliases equals one of its
names (case-insensitive). Reported: coverage over all gold actors, coverage of people, the
share of covered gold people whose discovered kind is "person", and the per-article minimum.
Figures are recorded with :func:`analysis.accuracy.record` in ``analysis/data/validation.json``
(topic ``tone``, keys ``actor_discovery`` and ``actor_discovery_heldout``).

Usage::

    .venv/bin/python scripts/validate_actors.py [--data PATH] [--top 15]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

from analysis import accuracy
from analysis.actors import discover_actors
from analysis.paths import ROOT

DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"
GOLD = ROOT / "tests" / "gold" / "actors_nfc.csv"
# Written after the rules were last changed and scored once: an unbiased check.
HELD_OUT = ROOT / "tests" / "gold" / "actors_nfc_heldout.csv"


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


def evaluate(found: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    """One row per gold actor with ``covered`` and ``kind_found`` (the matched actor's kind)."""
    rows = []
    for g in gold.itertuples(index=False):
        names = {_fold(n) for n in g.names.split("|")}
        mine = found[found["event"] == str(g.article_id)]
        hit = None
        for r in mine.itertuples(index=False):
            forms = {_fold(r.actor), *(_fold(a) for a in str(r.aliases).split("|"))}
            if forms & names:
                hit = r
                break
        rows.append({"article_id": g.article_id, "actor": g.actor, "kind": g.kind, "covered": hit is not None,
                     "found_as": "" if hit is None else hit.actor, "kind_found": "" if hit is None else hit.kind})
    return pd.DataFrame(rows)


def _score(nfc: pd.DataFrame, gold_path: Path, top: int) -> dict:
    gold = pd.read_csv(gold_path, dtype={"article_id": str})
    part = nfc[nfc["ID"].isin(set(gold["article_id"]))]
    articles = pd.DataFrame({"article_id": part["ID"], "event": part["ID"], "outlet": part["source"],
                             "text": part["text"]})
    result = evaluate(discover_actors(articles, by="event", top=top), gold)
    people = result[result["kind"] == "person"]
    covered_people = people[people["covered"]]
    figures = {
        "articles": int(result["article_id"].nunique()),
        "gold_actors": int(len(result)),
        "coverage": round(float(result["covered"].mean()), 4),
        "coverage_people": round(float(people["covered"].mean()), 4),
        "coverage_organisations_groups": round(float(result.loc[result["kind"] != "person", "covered"].mean()), 4),
        "person_kind_right": round(float((covered_people["kind_found"] == "person").mean()), 4),
        "worst_article_coverage": round(float(result.groupby("article_id")["covered"].mean().min()), 4),
        "top": top,
        "gold": str(gold_path.relative_to(ROOT)),
        "command": "python scripts/validate_actors.py",
    }
    print(f"{gold_path.name}: {figures['gold_actors']} gold actors in {figures['articles']} real articles "
          f"(top {top} per article):")
    print(f"  covered: {figures['coverage']:.1%} (people {figures['coverage_people']:.1%}, "
          f"organisations/groups {figures['coverage_organisations_groups']:.1%})")
    print(f"  covered people found as kind 'person': {figures['person_kind_right']:.1%}")
    print(f"  worst article: {figures['worst_article_coverage']:.0%} of its gold actors")
    missed = result[~result["covered"]]
    if len(missed):
        print("  missed: " + "; ".join(f"{r.article_id}: {r.actor}" for r in missed.itertuples()))
    wrong = covered_people[covered_people["kind_found"] != "person"]
    if len(wrong):
        print("  people with another kind: " + "; ".join(f"{r.actor} ({r.kind_found})" for r in wrong.itertuples()))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"NFC file not found: {args.data}", file=sys.stderr)
        return 2
    nfc = pd.read_csv(args.data, sep="\t", quoting=csv.QUOTE_MINIMAL, dtype={"ID": str})
    for key, path in (("actor_discovery", GOLD), ("actor_discovery_heldout", HELD_OUT)):
        out = accuracy.record("tone", _score(nfc, path, args.top), key=key)
        print(f"recorded tone.{key} in {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
