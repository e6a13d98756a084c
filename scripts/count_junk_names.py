"""Count person speaker names that look like junk on a corpus folder (an upper bound to read).

    .venv/bin/python scripts/count_junk_names.py CORPUS_DIR [CORPUS_DIR ...] [--list]

A person ``canonical`` of :func:`analysis.sources.corpus_quotes` is counted when it has two or
more words and its first word is not a known first name (``first_names.csv``) and is written in
lower case in the corpus at least as often as capitalised after a lower-case word ("Debate
HuffPost", "Asks Gordon"), or when it has four or more words (a headline run). Real names are
flagged too ("Rush Limbaugh", "Pope Francis"): read the list (``--list``) before quoting a figure.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

from analysis import lexicons
from analysis.corpus import load_corpus
from analysis.sources import corpus_quotes


def junk_names(texts: list[str], canonical: list[str]) -> Counter:
    first = lexicons.words("first_names", "name")
    low: Counter = Counter()
    up: Counter = Counter()
    for t in texts:
        for m in re.finditer(r"(?<![\w'-])([A-Za-z]+)(?![\w'-])", t):
            w = m.group(1)
            if w.islower():
                low[w] += 1
            elif w[0].isupper() and w[1:].islower() and m.start() >= 2 and t[m.start() - 2].islower():
                up[w.lower()] += 1
    out: Counter = Counter()
    for name, n in Counter(canonical).items():
        words = name.split()
        key = words[0].lower().rstrip(".") if words else ""
        ordinary = (len(words) >= 2 and words[0][:1].isupper() and key not in first
                    and low[key] > 0 and low[key] >= up[key])
        if ordinary or len(words) >= 4:
            out[name] = n
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="+")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    for folder in args.corpus:
        articles = load_corpus(folder).articles
        q = corpus_quotes(articles)
        people = q[q["speaker_kind"] == "person"]
        texts = [t for t in articles["text"] if isinstance(t, str)]
        junk = junk_names(texts, people["canonical"].tolist())
        print(f"{folder}: {len(junk)} junk-looking person names, {sum(junk.values())} rows of {len(people)}")
        if args.list:
            for name, n in junk.most_common():
                print(f"  {n:4d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
