"""What the quoted words with no side are, on PolNeAR (US political news) and NFC (climate news).

For every quote row the kit gives no side (``affiliation == ""``) a reason is read from the
row and its article, in this order (first that holds):

- ``no speaker found``: the quotation has no source (``speaker_kind == "unresolved"``);
- group or body: ``group with a party word`` ("House Democrats", "GOP leaders": a party word
  in the name), else by source type: ``government body``, ``media``, ``anonymous``, ``other
  group or organisation`` ("protesters", "the union", "scientists");
- person: ``name mis-cut`` (the canonical name is not written in the article and its first word
  is no known first name: "Mom Obama" from "Gold Star Mom Corners Obama"); ``party or office
  near the name`` (within 80 characters of a mention of the surname in the article: a party
  word, "(D-", "Sen.", "Rep.", "Gov.", "Speaker", "congressman", "lawmaker"...: a side the text
  may state and the kit does not read; a heuristic that over-counts, read the examples);
  ``government post`` (source type official, no party near the name); ``media`` (journalists,
  hosts, outlets' staff); ``expert`` (academics, analysts); ``organisation`` (spokespeople of
  companies, unions, NGOs); ``anonymous``; ``citizen or no role stated`` (the rest: voters,
  witnesses, people the text describes by no political role).

Prints, per corpus (and per PolNeAR split), the share of all quoted words by speaker kind and by
reason, and the top speakers by unknown words with their reason and a stretch of text.

    .venv/bin/python scripts/explain_unknown_sides.py [--top N] [--corpus polnear|nfc|both]
"""

from __future__ import annotations

import argparse
import re
import sys

import pandas as pd

from analysis import lexicons

_PARTY = re.compile(r"\b(?:Democrats?|Democratic|Republicans?|GOP|Labour|Tory|Tories|Conservatives?|Lib Dems?)\b")
_NEAR = re.compile(r"\b(?:Democrats?|Democratic|Republicans?|GOP)\b|\([RDI][-\u2013]|\b(?:Sen|Rep|Gov)\.|"
                   r"\b(?:Senator|Representative|Congressman|Congresswoman|congressman|congresswoman|senator|"
                   r"Governor|governor|Speaker|lawmaker|Majority Leader|Minority Leader)\b")


def reason(row, text: str, first_names: frozenset[str]) -> str:
    """The reason a quote row has no side (see the module docstring)."""
    kind, stype, name = row.speaker_kind, str(row.source_type), str(row.canonical)
    if kind == "unresolved":
        return "no speaker found"
    if kind in ("group", "body"):
        if _PARTY.search(name):
            return "group with a party word"
        return {"official": "government body", "media": "media", "anonymous": "anonymous"}.get(
            stype, "other group or organisation")
    words = name.split()
    if name not in text and words and words[0].lower().rstrip(".") not in first_names and len(words) > 1:
        return "name mis-cut"
    surname = words[-1].rstrip(".") if words else ""
    if surname and any(_NEAR.search(text[max(0, m.start() - 80):m.end() + 80])
                       for m in re.finditer(rf"\b{re.escape(surname)}\b", text)):
        return "party or office near the name"
    return {"official": "government post", "media": "media", "expert": "expert", "organization": "organisation",
            "anonymous": "anonymous"}.get(stype, "citizen or no role stated")


def explain(quotes: pd.DataFrame, texts: dict[str, str]) -> pd.DataFrame:
    """The unknown-side rows of ``quotes`` with a ``reason`` column."""
    first = frozenset(lexicons.load("first_names")["name"].str.lower())
    unknown = quotes[quotes["affiliation"].fillna("") == ""].copy()
    unknown["reason"] = [reason(r, texts.get(r.article_id, ""), first) for r in unknown.itertuples()]
    return unknown


def report(label: str, quotes: pd.DataFrame, texts: dict[str, str], top: int) -> None:
    total = max(1, int(quotes["words"].sum()))
    unknown = explain(quotes, texts)
    print(f"\n== {label}: {total} quoted words, {unknown['words'].sum() / total:.1%} with no side")
    share = unknown.groupby("speaker_kind")["words"].sum().sort_values(ascending=False) / total
    print("by speaker kind: " + ", ".join(f"{k} {v:.1%}" for k, v in share.items()))
    share = unknown.groupby("reason")["words"].sum().sort_values(ascending=False) / total
    print("by reason:\n" + "\n".join(f"  {v:6.1%}  {k}" for k, v in share.items()))
    if top:
        named = unknown[unknown["speaker_kind"] != "unresolved"]
        best = (named.groupby(["canonical", "speaker_kind", "reason"])["words"].sum()
                .sort_values(ascending=False).head(top))
        print(f"top {top} speakers by unknown words:")
        for (name, kind, why), w in best.items():
            print(f"  {w:4d}  {kind:6s} {why:30s} {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--corpus", choices=("polnear", "nfc", "both"), default="both")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
    from analysis.sources import corpus_quotes

    if args.corpus in ("polnear", "both"):
        import validate_polnear as vp

        articles, _ = vp.load(vp.POLNEAR)
        quotes = corpus_quotes(articles, language_col=None)
        texts = dict(zip(articles["article_id"], articles["text"], strict=True))
        report("PolNeAR, all 84 articles", quotes, texts, args.top)
        split = quotes["article_id"].map(dict(zip(articles["article_id"], articles["split"], strict=True)))
        for name in ("tune", "heldout"):
            report(f"PolNeAR, {name} half", quotes[split == name], texts, 0)
    if args.corpus in ("nfc", "both"):
        import validate_quotes as vq

        articles = vq.nfc_articles()
        quotes = corpus_quotes(articles, language_col=None)
        report("NFC, all articles", quotes, dict(zip(articles["article_id"], articles["text"], strict=True)),
               args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
