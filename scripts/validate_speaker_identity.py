"""One person, one id: how often the top speakers of a multi-event corpus are split across ids.

No gold is needed: for each of the ``--top`` (20) person ids with the most quotations, the
*possible splits* are the other speaker ids (person, body or group; unresolved rows left out)
*person* ids whose display name ends with the person's surname and holds no known first
name (``first_names.csv``) other than the person's own, or begins with the surname followed
by place names only: "Top Trump", "Mr. Trump", "Trump California" split Donald Trump;
"Ivanka Trump" does not when her first name is known (an unknown first name is listed too:
the figure is an upper bound, and the script prints every split to read). Bodies and groups
named after the person ("Trump campaign", "Obama's EPA") are other speakers, not splits.

Also measured: the number of display names per id (must be 1).

Corpora: the real benchmark corpus (``/work``-independent default: ``build/bench/real935``,
933 real articles, 10 events; ``--corpus``) and a synthetic multi-event corpus
(:mod:`analysis.synthetic`, 300 articles, 20 outlets, 30 events, seed 0; real sentences
recombined). Recorded under ``sources.identity`` in ``analysis/data/validation.json``.

    .venv/bin/python scripts/validate_speaker_identity.py [--corpus PATH] [--top 20]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

from analysis import accuracy, lexicons
from analysis.paths import ROOT

_CAMP = frozenset("campaign administration team camp aides allies surrogates white house tower".split())


def possible_splits(quotes: pd.DataFrame, *, top: int = 20) -> dict[str, list[str]]:
    """Top person display name -> the other person ids' display names that may be the same
    person: the surname last and no other known first name ("Top Trump", "Mr. Trump"), or the
    surname first before place names only ("Trump California")."""
    first_names = lexicons.words("first_names", "name")
    places = set(lexicons.load("gazetteer")["alias"])
    named = quotes[quotes["speaker_kind"] != "unresolved"]
    persons = named[named["speaker_kind"] == "person"]
    leaders = persons["speaker_id"].value_counts().head(top).index
    display = named.groupby("speaker_id")["canonical"].first()
    out: dict[str, list[str]] = {}
    for pid in leaders:
        name = display[pid]
        words = name.split()
        surname = words[-1]
        own_first = words[0].lower() if len(words) > 1 else ""
        splits = []
        for other, other_name in display.items():
            if other == pid or other.startswith(("body-", "group-")):
                continue
            written = other_name.split()
            if len(written) > 1 and re.search(r"['\u2019]s?$", written[0]):
                continue  # "Obama's EPA": a body of the person's, another speaker
            tokens = [re.sub(r"['\u2019]s$", "", t).strip(".,") for t in written]
            if not tokens or surname not in (tokens[-1], tokens[0]):
                continue
            rest = tokens[:-1] if tokens[-1] == surname else tokens[1:]
            if tokens[-1] != surname and not all(t in places for t in rest):
                continue  # "Warren Buffett" is not Elizabeth Warren; "Trump California" is Trump
            if any(t.lower() in _CAMP or not t[:1].isupper() for t in rest):
                continue
            if any(t.lower() in first_names and t.lower() != own_first for t in rest):
                continue  # another person of the same surname ("Ivanka Trump")
            splits.append(other_name)
        out[name] = sorted(splits)
    return out


def measure(quotes: pd.DataFrame, *, top: int = 20) -> dict:
    splits = possible_splits(quotes, top=top)
    named = quotes[quotes["speaker_kind"] != "unresolved"]
    names_per_id = named.groupby("speaker_id")["canonical"].nunique()
    return {"top": top, "people_with_possible_splits": sum(bool(v) for v in splits.values()),
            "possible_split_ids": sum(len(v) for v in splits.values()),
            "ids_with_several_display_names": int((names_per_id > 1).sum()),
            "splits": {k: v for k, v in splits.items() if v}}


def _quotes(corpus_dir: Path) -> pd.DataFrame:
    from analysis.corpus import load_corpus
    from analysis.sources import corpus_quotes

    return corpus_quotes(load_corpus(corpus_dir).articles)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "build" / "bench" / "real935")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: build it with scripts/make_real_corpus.py")
        return 1
    from analysis.synthetic import write_synthetic

    res = {"real935": measure(_quotes(args.corpus), top=args.top)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_synthetic(Path(tmp) / "synthetic", 300, seed=0, n_outlets=20, n_events=30)
        res["synthetic300"] = measure(_quotes(folder), top=args.top)
    for corpus, r in res.items():
        print(f"{corpus}: of the top {r['top']} speakers, {r['people_with_possible_splits']} have possible "
              f"splits ({r['possible_split_ids']} ids); ids with more than one display name: "
              f"{r['ids_with_several_display_names']}")
        for name, other in r["splits"].items():
            print(f"  {name}: {other}")
    accuracy.record("sources", res, key="identity")
    return 0


if __name__ == "__main__":
    sys.exit(main())
