"""Benchmark: VADER against the NYT editorial gold of Hutto & Gilbert (ICWSM 2014).

The gold (5,190 NYT editorial snippets with mean human ratings -4..+4) ships only in the
vaderSentiment 3.3.2 source distribution, in ``additional_resources/hutto_ICWSM_2014.tar.gz``.
If it is not in the cache directory yet, this script fetches the sdist once with
``pip download --no-binary :all: --no-deps vaderSentiment==3.3.2`` (a benchmark script,
not library code). The paper reports r = 0.492 for VADER on this set.

Also prints AFINN's r on the same sentences, for the side-by-side lexicon check. The figures
are recorded with :func:`analysis.accuracy.record` in ``analysis/data/validation.json`` (topic
``tone``, key ``vader_nyt``).

Usage::

    .venv/bin/python scripts/validate_vader_nyt.py [--cache DIR]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import pearsonr, spearmanr

from analysis import accuracy, sentiment
from analysis.paths import BUILD_DIR

SDIST = "vaderSentiment-3.3.2.tar.gz"
INNER = "additional_resources/hutto_ICWSM_2014.tar.gz"
GOLD = "nytEditorialSnippets_GroundTruth.txt"


def fetch_sdist(cache: Path) -> Path:
    """Path of the vaderSentiment 3.3.2 sdist in ``cache``, downloading it with pip if needed."""
    target = cache / SDIST
    if target.exists():
        return target
    cache.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
           "vaderSentiment==3.3.2", "-d", str(cache)]
    print("fetching:", " ".join(cmd))
    subprocess.run(cmd, check=True)
    if not target.exists():
        raise FileNotFoundError(f"pip did not leave {SDIST} in {cache}")
    return target


def read_gold(sdist: Path) -> pd.DataFrame:
    """One row per NYT snippet: id, rating (mean human rating), text."""
    with tarfile.open(sdist) as outer:
        member = next(m for m in outer.getmembers() if m.name.endswith(INNER))
        inner_bytes = outer.extractfile(member).read()
    with tarfile.open(fileobj=io.BytesIO(inner_bytes)) as inner:
        member = next(m for m in inner.getmembers() if m.name.endswith(GOLD))
        raw = inner.extractfile(member).read().decode("utf-8", errors="replace")
    rows = []
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1].strip():
            rows.append((parts[0], float(parts[1]), "\t".join(parts[2:])))
    return pd.DataFrame(rows, columns=["id", "rating", "text"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=BUILD_DIR / "cache" / "vader_sdist")
    args = parser.parse_args(argv)

    gold = read_gold(fetch_sdist(args.cache))
    vader = sentiment.score_sentences(gold["text"])["compound"].to_numpy()
    afinn = sentiment.score_sentences_afinn(gold["text"])["afinn_compound"].to_numpy()
    rating = gold["rating"].to_numpy()
    print(f"NYT editorial snippets: {len(gold)} sentences (paper: 5,190)")
    figures = {"sentences": int(len(gold)), "paper_r_vader": 0.492,
               "command": "python scripts/validate_vader_nyt.py"}
    for key, name, x in (("vader", "VADER compound", vader), ("afinn", "AFINN (squashed sum)", afinn)):
        r, p = pearsonr(x, rating)
        rho = spearmanr(x, rating).statistic
        agree = np.mean(np.sign(np.where(np.abs(x) >= 0.05, x, 0.0)) == np.sign(rating))
        print(f"  {name:22s} Pearson r = {r:.3f} (p = {p:.1e}), Spearman rho = {rho:.3f}, "
              f"sign agreement {agree:.1%}")
        figures[key] = {"pearson_r": round(float(r), 4), "spearman_rho": round(float(rho), 4),
                        "sign_agreement": round(float(agree), 4)}
    print("Hutto & Gilbert (2014) report r = 0.492 for VADER.")
    accuracy.record("tone", figures, key="vader_nyt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
