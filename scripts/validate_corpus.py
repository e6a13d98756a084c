"""Validation of the corpus layer's data-quality steps on real articles (issue 15).

Uses the NFC dev set (Frermann et al. 2023, ``../shared/benchmarks/nfc/articles_dev.tsv``:
273 real news articles on climate change from many outlets).

1. **Near-duplicates** (``analysis.quality.duplicate_groups``): the 273 articles, none a copy of
   another, plus synthetic syndicated copies of 100 of them at four edit levels: exact copy;
   10% of sentences dropped; 25% of sentences dropped and 5% of words replaced; only the first
   half kept. Measured: the share of copies linked to their original (recall, per level), the
   pairs of distinct originals linked (false positives) and the time per article.
2. **Mojibake** (``analysis.decoding.decode_capture``): every article with non-ASCII characters,
   encoded as UTF-8 and read back as Windows-1252 (the usual mojibake); measured: the share
   restored exactly, and on the clean originals the share changed (false repairs).
3. **Loader throughput**: the 273 articles as text captures with a manifest, loaded by
   ``load_corpus`` (articles per second on this machine, best of three).

Figures are recorded with :func:`analysis.accuracy.record` in ``analysis/data/validation.json``
(topic ``corpus``); ``--json PATH`` also writes them to PATH.

    python scripts/validate_corpus.py [--nfc PATH] [--json PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import sys
import tempfile
import time
import warnings
from pathlib import Path

from analysis import accuracy
from analysis.corpus import load_corpus
from analysis.decoding import decode_capture
from analysis.paths import ROOT
from analysis.quality import duplicate_groups

NFC = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"
SEED = 15


def _articles(path: Path) -> list[dict]:
    csv.field_size_limit(10**9)
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", text)


def _edit(text: str, level: str, rng: random.Random) -> str:
    sents = _sentences(text)
    if level == "exact":
        return text
    if level == "half":
        return " ".join(sents[: max(1, len(sents) // 2)])
    drop = 0.10 if level == "drop10" else 0.25
    kept = [s for s in sents if rng.random() >= drop] or sents[:1]
    out = " ".join(kept)
    if level == "drop25_replace5":
        words = out.split()
        for i in rng.sample(range(len(words)), k=len(words) // 20):
            words[i] = "changed"
        out = " ".join(words)
    return out


LEVELS = {
    "exact": "exact copy",
    "drop10": "10% of sentences dropped",
    "drop25_replace5": "25% of sentences dropped and 5% of words replaced",
    "half": "only the first half of the sentences kept",
}


def near_duplicates(texts: list[str]) -> dict:
    rng = random.Random(SEED)
    originals = list(range(len(texts)))
    picked = rng.sample(originals, k=min(100, len(texts)))
    copies = [(i, level, _edit(texts[i], level, rng)) for level in LEVELS for i in picked]
    all_texts = texts + [c for _, _, c in copies]
    start = time.perf_counter()
    groups = duplicate_groups(all_texts)
    seconds = time.perf_counter() - start
    first_of = {i: first for i, first, _, _ in groups}
    false_pairs = sum(1 for i, first in first_of.items() if i < len(texts))
    out: dict = {"originals": len(texts), "copies_per_level": len(picked), "false_positive_originals": false_pairs,
                 "ms_per_article": round(1000 * seconds / len(all_texts), 2)}
    for k, (orig, level, _) in enumerate(copies):
        found = first_of.get(len(texts) + k)
        # linked to its original directly, or to an earlier copy of the same original
        hit = found is not None and (found == orig or (found >= len(texts) and copies[found - len(texts)][0] == orig))
        out.setdefault(level, {"recall": 0.0, "edit": LEVELS[level]})["recall"] += hit / len(picked)
    for level in LEVELS:
        out[level]["recall"] = round(out[level]["recall"], 3)
    return out


def mojibake(texts: list[str]) -> dict:
    candidates = [t for t in texts if not t.isascii()]
    restored = changed_clean = 0
    for text in candidates:
        broken = text.encode("utf-8").decode("cp1252", errors="replace")
        if "\ufffd" in broken:
            broken = text.encode("utf-8").decode("latin-1")
        restored += decode_capture(broken.encode("utf-8")).text == text
        changed_clean += decode_capture(text.encode("utf-8")).text != text
    n = len(candidates)
    return {"articles_with_non_ascii": n, "restored_exactly": round(restored / n, 3) if n else None,
            "clean_articles_changed": round(changed_clean / n, 3) if n else None}


def throughput(rows: list[dict]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        lines = ["file,outlet,event"]
        for i, row in enumerate(rows):
            sents = _sentences(row["text"])
            body = "\n\n".join(" ".join(sents[j : j + 3]) for j in range(0, len(sents), 3))
            (folder / f"a{i:04d}.txt").write_text(f"Article {i} on the climate\n\n{body}\n", encoding="utf-8")
            lines.append(f"a{i:04d}.txt,\"{row['source']}\",climate")
        (folder / "manifest.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
        best = float("inf")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load_corpus(folder)
            for _ in range(3):
                start = time.perf_counter()
                corpus = load_corpus(folder)
                best = min(best, time.perf_counter() - start)
    return {"articles": len(corpus.articles), "articles_per_second": round(len(corpus.articles) / best, 1),
            "note": "best of three runs on the machine that ran the script; compare runs on one machine only"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nfc", type=Path, default=NFC)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.nfc.is_file():
        print(f"NFC data not found at {args.nfc}", file=sys.stderr)
        return 1
    rows = _articles(args.nfc)
    texts = [r["text"] for r in rows]
    results = {"near_duplicates": near_duplicates(texts), "mojibake": mojibake(texts), "loader": throughput(rows)}
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"corpus": results}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    accuracy.record("corpus", results)
    print(json.dumps(results, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
