"""Who speaks, measured on real US political news: the PolNeAR development split.

PolNeAR v1.0 (Newell, Margolin & Ruths, LREC 2018; ``../shared/benchmarks/polnear-dev``):
84 articles from 7 US outlets (2016 election), each with hand-marked attributions (Source,
Cue, Content spans; direct quotes, paraphrase and beliefs alike). Where an article was
annotated twice, the first annotation file (by name) is used.

Measured (all through :func:`analysis.sources.corpus_quotes` on the raw capture text, so
offsets index the ``.txt`` file):

- ``attribution_f1``: PolNeAR-style detection: a predicted attribution matches a gold one
  when their content spans overlap by at least half the shorter (one-to-one).
- ``quoted_recall``: of the gold contents that hold a quotation of three words or more
  between matching marks (direct and mixed quotes), the share matched by a predicted row;
  ``marks_recall`` is the same for the naive baseline "every span between matching
  quotation marks" (the ceiling to aim at).
- ``named_speaker_acc``: over matched gold attributions whose Source names someone (a
  capitalised word that is not a pronoun or article), the share whose predicted speaker is
  right: it is a contiguous part of the gold Source (folded, article dropped), or its last
  word is one of the name words of the gold Source and it has no lower-case word that is
  not a name particle (so "Hillary Clinton" for "Clinton" is right, "Obama last year" wrong).
  An unresolved speaker ("") counts as wrong; ``named_speaker_acc_when_named`` is the same
  share over the rows that name a speaker.
- ``unknown_side``: per outlet, the share of quoted words whose speaker has no side
  (``affiliation == ""``); median and max over outlets; ``unknown_side_named_*`` the same
  over rows whose speaker was found (``speaker_kind != "unresolved"``). Article dates come from the
  file names (PolNeAR names them outlet_YYYY-MM-DD_slug). A quote row counts as unknown when the
  kit gives its speaker no side at all: no party, country or government side from the text, the
  knowledge base or the institutions list; a quotation with no source found counts as unknown.
- per split, the same median / max per outlet over that split's articles only
  (``heldout.unknown_side_median``: the held-out figure), and ``nonpartisan_share_median``: the
  median share of quoted words given the side ``Nonpartisan`` (a role outside party politics
  the text states: professor, police, judge ...); ``all.side_evidence``: the share of quoted
  words by the rule that gave the side (``none`` = no side).
- ``unknown_side_by_category``: the unknown-side quoted words of each split as a share of all
  its quoted words, by what the speaker is: ``no_source_found`` (unresolved), then the
  ``source_type`` of the row (``media``, ``expert``, ``official``, ``organization``,
  ``anonymous``, ``other``: citizens and people the text describes by no role). Read with the
  tune split's rows (``--errors``) to see which unknowns carry a side the text states.

Split: files whose SHA-1 of the name is even are ``tune`` (errors printed with
``--errors``; rules were written looking at these), odd ones ``heldout`` (never printed;
figures only). Both are recorded with :func:`analysis.accuracy.record` under
``sources.polnear`` in ``analysis/data/validation.json``.

    .venv/bin/python scripts/validate_polnear.py [--errors] [--dir PATH]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import sys
from pathlib import Path

import pandas as pd

from analysis import accuracy
from analysis.identity import fold_name
from analysis.paths import ROOT
from analysis.quotes import NONPARTISAN

POLNEAR = ROOT.parent / "shared" / "benchmarks" / "polnear-dev"
_MARK_SPAN = re.compile(r"\u201c([^\u201c\u201d]{1,2000}?)\u201d|\"([^\"\n]{1,2000}?)\"|''([^'\n]{1,2000}?)''")
_RUN = re.compile(r"\u201c([^\u201c\u201d]+)\u201d|\"([^\"]+)\"|''([^']+(?:'(?!')[^']*)*)''")
_CAP = re.compile(r"[A-Z][\w.'\u2019-]*")
_NOT_NAME = frozenset("the a an he she it they we i you his her their its this that there some".split())
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_PARTICLES = frozenset("de da del der van von al bin la le du di".split())


def split_of(name: str) -> str:
    """``tune`` or ``heldout``: fixed by the SHA-1 of the file name."""
    return "tune" if int(hashlib.sha1(name.encode()).hexdigest(), 16) % 2 == 0 else "heldout"


def read_ann(path: Path) -> pd.DataFrame:
    """One row per gold attribution: source, source_start, cue, start, end, content."""
    spans: dict[str, tuple[str, int, int, str]] = {}
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 3:
            label, *offs = parts[1].split(" ")
            pieces = " ".join(offs).split(";")
            start = min(int(p.split()[0]) for p in pieces)
            end = max(int(p.split()[1]) for p in pieces)
            spans[parts[0]] = (label, start, end, parts[2])
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(r.split(":", 1) for r in parts[1].split() if ":" in r)
            content = spans.get(roles.get("Content", ""))
            if content is None:
                continue
            source = spans.get(roles.get("Source", ""), ("", -1, -1, ""))
            cue = spans.get(roles.get("Cue", ""), ("", -1, -1, ""))
            rows.append({"source": source[3], "source_start": source[1], "cue": cue[3],
                         "start": content[1], "end": content[2], "content": content[3]})
    return pd.DataFrame(rows, columns=["source", "source_start", "cue", "start", "end", "content"])


def load(directory: Path) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Articles table (article_id, outlet, event, published, text, split) and gold per article."""
    rows, gold = [], {}
    anns = sorted((directory / "attributions").glob("*.ann"))
    for txt in sorted((directory / "text").glob("*.txt")):
        ann = next((a for a in anns if a.stem.rsplit("_", 1)[0] == txt.stem), None)
        if ann is None:
            continue
        outlet, date, _ = txt.stem.split("_", 2)
        rows.append({"article_id": txt.stem, "outlet": outlet, "event": date,
                     "published": dt.date.fromisoformat(date),
                     "text": txt.read_text(encoding="utf-8"), "split": split_of(txt.name)})
        gold[txt.stem] = read_ann(ann)
    return pd.DataFrame(rows), gold


def match(gold: pd.DataFrame, pred: pd.DataFrame) -> list[tuple[int, int]]:
    """One-to-one (gold, pred) index pairs whose spans overlap >= half the shorter, largest first."""
    pairs = []
    for gi, gs, ge in zip(gold.index, gold["start"], gold["end"], strict=True):
        for pi, ps, pe in zip(pred.index, pred["start"], pred["end"], strict=True):
            overlap = min(ge, pe) - max(gs, ps)
            shorter = min(ge - gs, pe - ps)
            if shorter > 0 and overlap >= 0.5 * shorter:
                pairs.append((overlap, gi, pi))
    pairs.sort(key=lambda x: -x[0])
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


def name_words(source: str) -> set[str]:
    """Folded capitalised words of a gold Source that can be part of a name."""
    words = (w.rstrip(".,").removesuffix("\u2019s").removesuffix("'s") for w in _CAP.findall(source))
    return {fold_name(w) for w in words if w.lower() not in _NOT_NAME and fold_name(w)}


def speaker_right(gold_source: str, speaker: str) -> bool:
    """Right named speaker: see the module docstring."""
    words = [w for w in _ARTICLE.sub("", str(speaker).strip()).split() if w]
    if not words:
        return False
    if f" {fold_name(' '.join(words))} " in f" {fold_name(gold_source)} ":
        return True  # the gold source as written, or a contiguous part of it
    if any(w[:1].islower() and w.lower() not in _PARTICLES for w in words):
        return False
    return fold_name(words[-1].rstrip(".,")) in name_words(gold_source)


def _quoted_run(content: str) -> bool:
    """Whether a gold content holds a quotation of three words or more."""
    return any(len((m.group(1) or m.group(2) or m.group(3) or "").split()) >= 3
               for m in _RUN.finditer(content))


def mark_spans(text: str) -> pd.DataFrame:
    """Naive baseline: every span between matching double quotation marks (3+ words)."""
    spans = [(m.start(), m.end()) for m in _MARK_SPAN.finditer(text)
             if len((m.group(1) or m.group(2) or m.group(3) or "").split()) >= 3]
    return pd.DataFrame(spans, columns=["start", "end"])


def score(articles: pd.DataFrame, gold: dict, quotes: pd.DataFrame, *, errors: bool) -> dict:
    n_gold = n_pred = n_match = n_named = n_right = n_quoted = n_qfound = n_marks = n_given = n_given_right = 0
    problems = []
    by_article = {aid: g for aid, g in quotes.groupby("article_id", sort=False)}
    for aid, text in zip(articles["article_id"], articles["text"], strict=True):
        g = gold[aid]
        pred = by_article.get(aid, quotes.iloc[0:0]).reset_index(drop=True)
        pairs = match(g, pred)
        n_gold, n_pred, n_match = n_gold + len(g), n_pred + len(pred), n_match + len(pairs)
        for gi, pi in pairs:
            if not name_words(g.source[gi]):
                continue
            n_named += 1
            ok = speaker_right(g.source[gi], pred.speaker[pi])
            n_right += ok
            if str(pred.speaker[pi]).strip():
                n_given += 1
                n_given_right += ok
            if not ok:
                problems.append(f"  [{aid}] speaker gold={g.source[gi]!r} got={pred.speaker[pi]!r}"
                                f" :: {g.content[gi][:50]!r}")
        quoted = g[[bool(_quoted_run(c)) for c in g["content"]]]
        found = {gi for gi, _ in pairs}
        n_quoted += len(quoted)
        n_qfound += sum(gi in found for gi in quoted.index)
        n_marks += len(match(quoted, mark_spans(text)))
        for gi in quoted.index:
            if gi not in found:
                problems.append(f"  [{aid}] MISSED quoted {g.source[gi]!r}: {g.content[gi][:70]!r}")
    if errors:
        print("\n".join(problems) if problems else "  (no errors)")
    p = n_match / max(1, n_pred)
    r = n_match / max(1, n_gold)
    return {"articles": len(articles), "gold": n_gold, "predicted": n_pred, "precision": p, "recall": r,
            "attribution_f1": 2 * p * r / (p + r) if p + r else 0.0,
            "named_gold_matched": n_named, "named_speaker_acc": n_right / max(1, n_named),
            "named_speaker_acc_when_named": n_given_right / max(1, n_given),
            "quoted_gold": n_quoted, "quoted_recall": n_qfound / max(1, n_quoted),
            "marks_recall": n_marks / max(1, n_quoted)}


def _unknown_share(quotes: pd.DataFrame) -> pd.Series:
    words = quotes.groupby("outlet")["words"].sum()
    unknown = quotes[quotes["affiliation"] == ""].groupby("outlet")["words"].sum().reindex(words.index).fillna(0)
    return unknown / words.where(words > 0)


def _side_share(quotes: pd.DataFrame, side: str) -> pd.Series:
    """Per outlet, the share of quoted words whose speaker has ``side``."""
    words = quotes.groupby("outlet")["words"].sum()
    given = quotes[quotes["affiliation"] == side].groupby("outlet")["words"].sum().reindex(words.index).fillna(0)
    return given / words.where(words > 0)


def unknown_side(quotes: pd.DataFrame) -> dict:
    """Share of quoted words with no side, per outlet: over all quote rows, and over the rows
    whose speaker is named (quotations with no source found left out)."""
    share = _unknown_share(quotes)
    named = _unknown_share(quotes[quotes["speaker_kind"] != "unresolved"])
    unresolved = quotes.loc[quotes["speaker_kind"] == "unresolved", "words"].sum() / max(1, quotes["words"].sum())
    return {"unknown_side_median": float(share.median()), "unknown_side_max": float(share.max()),
            "unknown_side_by_outlet": {k: round(float(v), 3) for k, v in share.items()},
            "unknown_side_named_median": float(named.median()), "unknown_side_named_max": float(named.max()),
            "unresolved_word_share": float(unresolved)}


def unknown_categories(quotes: pd.DataFrame) -> dict[str, float]:
    """Share of all quoted words whose speaker has no side, by category (see the docstring)."""
    total = max(1, int(quotes["words"].sum()))
    unknown = quotes[quotes["affiliation"] == ""]
    category = unknown["source_type"].astype(str).where(unknown["speaker_kind"] != "unresolved",
                                                        "no_source_found")
    shares = unknown.groupby(category)["words"].sum() / total
    return {k: float(v) for k, v in shares.sort_values(ascending=False).items()}


def run(directory: Path, *, errors: bool) -> dict:
    from analysis.sources import corpus_quotes

    articles, gold = load(directory)
    quotes = corpus_quotes(articles, language_col=None)
    out = {}
    for split in ("tune", "heldout"):
        part = articles[articles["split"] == split]
        mine = quotes[quotes["article_id"].isin(part["article_id"])]
        out[split] = score(part, gold, mine, errors=errors and split == "tune")
        out[split]["unknown_side_by_category"] = unknown_categories(mine)
        side = unknown_side(mine)
        out[split].update({k: side[k] for k in ("unknown_side_median", "unknown_side_max",
                                                 "unknown_side_by_outlet")})
        out[split]["nonpartisan_share_median"] = float(_side_share(mine, NONPARTISAN).median())
        if errors and split == "tune":
            unknown = mine[mine["affiliation"] == ""]
            top = unknown.groupby(["source_type", "canonical"])["words"].sum().sort_values(ascending=False)
            print("  unknown side, tune split, words by (source type, speaker):")
            print("\n".join(f"    {w:4d}  {t:12s} {c}" for (t, c), w in top.head(60).items()))
    out["all"] = unknown_side(quotes)
    out["all"]["nonpartisan_share_median"] = float(_side_share(quotes, NONPARTISAN).median())
    out["all"]["side_evidence"] = {k: round(float(v), 3) for k, v in (
        quotes.groupby(quotes["side_evidence"].str.split(":").str[0].replace("", "none"))["words"].sum()
        / max(1, quotes["words"].sum())).sort_values(ascending=False).items()}
    return out


def _rounded(node):
    if isinstance(node, dict):
        return {k: _rounded(v) for k, v in node.items()}
    return round(node, 3) if isinstance(node, float) else node


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=POLNEAR)
    parser.add_argument("--errors", action="store_true", help="list the tune split's mismatches")
    args = parser.parse_args(argv)
    if not (args.dir / "text").is_dir():
        print(f"no PolNeAR text folder under {args.dir}")
        return 1
    res = _rounded(run(args.dir, errors=args.errors))
    for split in ("tune", "heldout"):
        r = res[split]
        print(f"{split:8s} {r['articles']} articles: attribution P={r['precision']:.3f} R={r['recall']:.3f} "
              f"F1={r['attribution_f1']:.3f} | named speaker {r['named_speaker_acc']:.3f} "
              f"(of {r['named_gold_matched']}; {r['named_speaker_acc_when_named']:.3f} where a speaker is named)"
              f" | quoted recall {r['quoted_recall']:.3f} "
              f"(marks baseline {r['marks_recall']:.3f}, of {r['quoted_gold']})")
        cats = ", ".join(f"{k} {v:.0%}" for k, v in r["unknown_side_by_category"].items())
        print(f"{'':8s} unknown side by category (share of the split's quoted words): {cats}")
        print(f"{'':8s} unknown side per outlet: median {r['unknown_side_median']:.0%} max "
              f"{r['unknown_side_max']:.0%}; side {NONPARTISAN}: median {r['nonpartisan_share_median']:.0%}")
    a = res["all"]
    print(f"unknown side of quoted words per outlet: median {a['unknown_side_median']:.0%} "
          f"max {a['unknown_side_max']:.0%} {a['unknown_side_by_outlet']}; named speakers only: median "
          f"{a['unknown_side_named_median']:.0%} max {a['unknown_side_named_max']:.0%}; words with no source "
          f"found {a['unresolved_word_share']:.0%}")
    accuracy.record("sources", res, key="polnear")
    return 0


if __name__ == "__main__":
    sys.exit(main())
