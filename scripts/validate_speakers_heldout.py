"""Who speaks and for which side, on a fresh held-out sample annotated after the rules were frozen.

Sample (fixed before annotating, never used to write rules): the real benchmark corpus's
PerSenT articles (``scripts/make_real_corpus.py`` -> ``build/bench/real935``; general news
from PerSenT's development split, Bastan et al., COLING 2020) that mention US politics at
least three times (``Republican|Democrat|Senate|Congress|White House|GOP``): 39 articles, no
publication dates. Every quote row of :func:`analysis.sources.corpus_quotes` on them gets a
key (SHA-1 of ``article_id:start``); the 40 rows with the smallest keys were annotated by
hand in ``tests/gold/speakers_persent_heldout.csv`` (with the row's ``start`` and ``end``, so a
row whose start the extractor later moves is still found: the row of the article overlapping
that span by half the shorter) after the issue-19 rules of this branch
were frozen: ``gold_source`` the source as the text writes it (a pronoun or a nameless
group when that is all the text gives), ``gold_side`` the side the taxonomy of
``side_words.csv`` gives that source, read from the article and general knowledge ("" no
side, "?" cannot tell).

Measured: ``named_speaker_acc`` over rows whose gold source names someone, with the rule of
``scripts/validate_polnear.py``; ``side_acc`` over rows with a gold side ("" included;
exact match), ``side_known_recall`` the share of rows with a non-empty gold side that got
that side, ``side_wrong`` the share of rows with a non-empty predicted side that is not the
gold one, and ``unknown_side`` the share of quoted words with no side over all 39 articles.
Recorded under ``sources.persent_heldout`` in ``analysis/data/validation.json``.

A second sample, ``--sample fresh`` (issue 19, round 3), was drawn and annotated after the
round-3 rules (the side ``Nonpartisan`` for a role outside party politics the text states, and
the side evidence column) were frozen and committed: PerSenT articles of the same corpus not in
the first sample that name US or other politics at least twice
(``Republican|Democrat|Senate|Congress|White House|GOP|Sen.|Gov.|Rep.|senator|governor|mayor|President``),
each quote row keyed by SHA-1 of ``fresh:article_id:start``, the row with the smallest key in each
article, the 36 smallest keys: ``tests/gold/speakers_persent_fresh.csv``, annotated by reading
the passage around each quotation without the kit's output. Its gold side is ``Nonpartisan``
where the text presents the source in a role outside party politics (a poll, a researcher),
whether or not the kit's word list knows the word; a country the taxonomy has no side for
(Indonesia, Argentina, Zimbabwe) is "?", as in the first sample. Recorded under
``sources.persent_fresh``.

A third sample, ``--sample fresh2`` (round 4), was drawn and annotated the same way after the
round-4 rules (speakers after a dash or before a colon, prepositional tails, particles in office
names, more mayors) were frozen and committed: the remaining PerSenT articles that name politics
at least once (the same pattern), keys ``fresh2:article_id:start``, one row per article, the 36
smallest: ``tests/gold/speakers_persent_fresh2.csv``, recorded under ``sources.persent_fresh2``.

    .venv/bin/python scripts/validate_speakers_heldout.py [--corpus build/bench/real935] [--sample first|fresh] [--rows]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import pandas as pd

from analysis import accuracy
from analysis.paths import ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent))
from validate_polnear import name_words, speaker_right  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "speakers_persent_heldout.csv"
FRESH = ROOT / "tests" / "gold" / "speakers_persent_fresh.csv"
FRESH2 = ROOT / "tests" / "gold" / "speakers_persent_fresh2.csv"
_POLITICS = re.compile(r"\b(Republican|Democrat|Senate|Congress|White House|GOP)")
_FRESH_POLITICS = re.compile(r"\b(Republican|Democrat|Senate|Congress|White House|GOP|Sen\.|Gov\.|Rep\.|senator|"
                             r"governor|mayor|President)")


def sample(corpus_dir: Path, which: str = "first") -> tuple[pd.DataFrame, pd.DataFrame]:
    """(articles, quotes) of the held-out sample ``which`` (first / fresh), quotes keyed as the
    module docstring says."""
    from analysis.corpus import load_corpus
    from analysis.sources import corpus_quotes

    articles = load_corpus(corpus_dir).articles
    persent = articles["event"].str.startswith("persent")
    if which in ("fresh", "fresh2"):
        first = set(pd.read_csv(GOLD, dtype=str)["article_id"])
        politics = articles["text"].map(lambda t: len(_FRESH_POLITICS.findall(t)))
        fresh = persent & ~articles["article_id"].isin(first) & (politics >= 2)
        if which == "fresh2":
            fresh = persent & ~articles["article_id"].isin(first) & ~fresh & (politics >= 1)
        articles = articles[fresh]
    else:
        articles = articles[persent & (articles["text"].map(lambda t: len(_POLITICS.findall(t))) >= 3)]
    articles = articles[["article_id", "outlet", "event", "text", "published"]].reset_index(drop=True)
    quotes = corpus_quotes(articles, language_col=None)
    salt = f"{which}:" if which != "first" else ""
    quotes["key"] = [hashlib.sha1(f"{salt}{a}:{s}".encode()).hexdigest()[:8]
                     for a, s in zip(quotes["article_id"], quotes["start"], strict=True)]
    return articles, quotes


def _anchor(quotes: pd.DataFrame, g) -> str:
    """The key of the row that holds the annotated quotation when the extractor moved its start
    (a speaker found before the verb changes where the content begins): the row of the same
    article whose span overlaps the annotated ``start``-``end`` span by at least half the
    shorter (the most overlap; the gold key itself when none does)."""
    if "start" not in g._fields or str(g.start) == "":
        return g.key
    lo, hi = int(g.start), int(g.end)
    rows = quotes[quotes["article_id"] == g.article_id]
    best, best_key = 0, g.key
    for k, s, e in zip(rows["key"], rows["start"], rows["end"], strict=True):
        overlap = min(hi, int(e)) - max(lo, int(s))
        if overlap * 2 >= min(hi - lo, int(e) - int(s)) and overlap > best:
            best, best_key = overlap, k
    return best_key


def score(quotes: pd.DataFrame, gold: pd.DataFrame, *, rows: bool = False) -> dict:
    pred = quotes.drop_duplicates("key").set_index("key")
    gold = gold.copy()
    gold["key"] = [_anchor(quotes, g) if g.key not in pred.index else g.key for g in gold.itertuples()]
    missing = sorted(g.key for g in gold.itertuples() if g.key not in pred.index)
    if missing:
        raise SystemExit(f"gold rows not produced by the quote table (corpus changed?): {missing[:5]}")
    named = right = judged = side_ok = known = known_ok = given = given_wrong = 0
    for g in gold.itertuples():
        p = pred.loc[g.key]
        source, side = str(g.gold_source), "" if pd.isna(g.gold_side) else str(g.gold_side)
        ok = None
        if name_words(source):
            named += 1
            ok = speaker_right(source, p["speaker"])
            right += ok
        got = str(p["affiliation"])
        if side != "?":
            judged += 1
            side_ok += got == side
            if side:
                known += 1
                known_ok += got == side
        if got and side != "?":
            given += 1
            given_wrong += got != side
        if rows:
            print(f"{g.key} speaker={p['speaker']!r:32} gold={source!r:34} {'' if ok is None else ok!s:5} "
                  f"side={got!r:18} gold={side!r}")
    return {"rows": len(gold), "named_gold": named, "named_speaker_acc": right / max(1, named),
            "side_judged": judged, "side_acc": side_ok / max(1, judged),
            "side_known_recall": known_ok / max(1, known), "side_wrong": given_wrong / max(1, given)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "build" / "bench" / "real935")
    parser.add_argument("--sample", choices=("first", "fresh", "fresh2"), default="first",
                        help="first: the issue-19 round-1 sample; fresh, fresh2: the round-3 and round-4 samples")
    parser.add_argument("--rows", action="store_true", help="print every annotated row")
    args = parser.parse_args(argv)
    if not (args.corpus / "manifest.csv").is_file():
        print(f"no corpus at {args.corpus}: build it with scripts/make_real_corpus.py")
        return 1
    articles, quotes = sample(args.corpus, args.sample)
    gold = pd.read_csv({"fresh": FRESH, "fresh2": FRESH2}.get(args.sample, GOLD), dtype=str, keep_default_na=False)
    res = score(quotes, gold, rows=args.rows)
    res["articles"] = len(articles)
    res["unknown_side"] = float(quotes.loc[quotes["affiliation"] == "", "words"].sum() / max(1, quotes["words"].sum()))
    res = {k: round(v, 3) if isinstance(v, float) else v for k, v in res.items()}
    print(f"{res['articles']} articles, {res['rows']} annotated rows: named speaker {res['named_speaker_acc']:.3f} "
          f"(of {res['named_gold']}) | side right {res['side_acc']:.3f} (of {res['side_judged']}), known sides "
          f"found {res['side_known_recall']:.3f}, given sides wrong {res['side_wrong']:.3f} | unknown side of "
          f"quoted words {res['unknown_side']:.0%}")
    accuracy.record("sources", res, key={"fresh": "persent_fresh", "fresh2": "persent_fresh2"}.get(args.sample,
                                                                                                  "persent_heldout"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
