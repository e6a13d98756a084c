"""Synthetic corpora for benchmarks: realistic, varied articles recombined from real sentences.

Sentences are pooled from several sources (the seed articles, and when present the public
benchmark sets beside the project: NewsMTSC political news sentences and NFC climate
articles). Each synthetic article draws 12-40 sentences with a fixed random seed, groups them
into paragraphs of one to three sentences, and wraps them in the page furniture real captures
carry (banner, photo credit, date line, "Read more", agency credit), so the whole parser runs.
Only for speed and memory measurements: the texts are not coherent stories.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from analysis import lexicons
from analysis.corpus import load_corpus
from analysis.paths import ROOT, SEEDS_DIR
from analysis.text import sentence_spans

BENCHMARKS_DIR = ROOT.parent / "shared" / "benchmarks"

_FURNITURE_TOP = [
    "Support independent journalism. Donate today.",
    "Home | World | Europe",
    "Share this article",
]
_FURNITURE_MID = ["Photo by: Reuters", "Read more", "Advertisement"]
_FURNITURE_END = [
    "Staff and agencies",
    "Contact the author at desk@example.org",
    "Reporting by A. Writer; Editing by B. Editor",
]
_MONTHS = [name.title() for name in lexicons.MONTHS if len(name) == 3]


def sentence_pool(*, max_per_source: int = 20000) -> list[str]:
    """Real English news sentences: the seeds, plus NewsMTSC and NFC when available."""
    corpus = load_corpus(SEEDS_DIR)
    pool = corpus.sentences["text"].tolist()
    mtsc = BENCHMARKS_DIR / "newsmtsc" / "train.jsonl"
    if mtsc.exists():
        with mtsc.open(encoding="utf-8") as fh:
            for i, line in enumerate(fh):
                if i >= max_per_source:
                    break
                pool.append(json.loads(line)["sentence_normalized"])
    nfc = BENCHMARKS_DIR / "nfc" / "articles_dev.tsv"
    if nfc.exists():
        texts = pd.read_csv(nfc, sep="\t")["text"].astype(str)
        added = 0
        for text in texts:
            flat = " ".join(text.split())
            for s, e in sentence_spans(flat):
                if 6 <= len(flat[s:e].split()) <= 60:
                    pool.append(flat[s:e])
                    added += 1
            if added >= max_per_source:
                break
    # contact lines and bare credits inside the source texts would end a synthetic article early
    return [s for s in pool if s.strip() and "@" not in s and len(s.split()) >= 4]


def _capture(rng: random.Random, pool: list[str], title: str, min_sents: int, max_sents: int) -> str:
    lines = []
    if rng.random() < 0.5:
        lines.append(rng.choice(_FURNITURE_TOP))
    lines.append(title)
    if rng.random() < 0.5:
        lines.append(rng.choice(_FURNITURE_MID))
    lines.append(f"Updated {rng.choice(_MONTHS)} {rng.randint(1, 28)}, {rng.randint(2010, 2024)}")
    n = rng.randint(min_sents, max_sents)
    sents = rng.sample(pool, n) if n <= len(pool) else [rng.choice(pool) for _ in range(n)]
    i = 0
    while i < len(sents):
        k = rng.randint(1, 3)
        lines.append(" ".join(sents[i : i + k]))
        i += k
        if rng.random() < 0.05:
            lines.append(rng.choice(_FURNITURE_MID))
    lines.append(rng.choice(_FURNITURE_END))
    return "\n\n".join(lines) + "\n"


def iter_synthetic(n_articles: int, *, n_outlets: int = 20, n_events: int | None = None, seed: int = 0,
                   pool: list[str] | None = None, min_sents: int = 12, max_sents: int = 40
                   ) -> Iterator[tuple[str, str, str, str]]:
    """Yield ``(file_name, outlet, event, capture_text)`` for ``n_articles`` synthetic articles."""
    rng = random.Random(seed)
    pool = pool if pool is not None else sentence_pool()
    n_events = n_events or max(1, n_articles // 10)
    for i in range(n_articles):
        outlet = f"Outlet {i % n_outlets:02d}"
        event = f"Event {rng.randrange(n_events):04d}"
        title = " ".join(rng.choice(pool).split()[:9]).rstrip(".,;:")
        yield f"a{i:06d}.txt", outlet, event, _capture(rng, pool, title or f"Article {i}", min_sents, max_sents)


def write_synthetic(folder: str | Path, n_articles: int, *, seed: int = 0, pool: list[str] | None = None,
                    **kwargs) -> Path:
    """Write a synthetic corpus folder (captures + manifest.csv) and return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, outlet, event, text in iter_synthetic(n_articles, seed=seed, pool=pool, **kwargs):
        (folder / name).write_text(text, encoding="utf-8")
        rows.append({"file": name, "outlet": outlet, "event": event, "language": "en"})
    pd.DataFrame(rows).to_csv(folder / "manifest.csv", index=False)
    return folder
