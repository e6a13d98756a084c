"""Write the 273 real NFC development articles as a corpus folder the kit can read.

    .venv/bin/python scripts/make_nfc_corpus.py OUT_DIR [--min-outlets 3]

Outlets are the articles' sources with spelling variants merged ("Breitbart"/"breitbart",
"The Huffington Post"/"thehuffingtonpost"); events are calendar months. Only months covered by
at least ``--min-outlets`` outlets are kept, so every event compares several outlets. The source
file (Narrative Frames Corpus, Frermann et al. 2023, MIT licence) is ../shared/benchmarks/nfc/.
The texts are single lines (headline run into the body), as distributed.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import pandas as pd

from analysis.paths import ROOT

NFC = ROOT.parent / "shared" / "benchmarks" / "nfc" / "articles_dev.tsv"


def outlet_key(source: str) -> str:
    return re.sub(r"[^a-z0-9]", "", source.lower().removeprefix("the "))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--min-outlets", type=int, default=3)
    args = parser.parse_args()
    data = pd.read_csv(NFC, sep="\t", dtype=str, keep_default_na=False)
    data["key"] = data["source"].map(outlet_key).str.removeprefix("the")
    # display name: the most frequent spelling that has a capital letter, else the key
    names = {}
    for key, group in data.groupby("key"):
        spelled = [s for s in group["source"] if any(c.isupper() for c in s)]
        names[key] = max(sorted(set(spelled)), key=spelled.count) if spelled else key
    data["outlet"] = data["key"].map(names)
    data["event"] = "climate " + data["date"].str[:7]
    wide = data.groupby("event")["outlet"].nunique()
    data = data[data["event"].isin(wide[wide >= args.min_outlets].index)]
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for row in data.sort_values("ID").itertuples():
        name = f"nfc_{row.ID}.txt"
        (args.out / name).write_text(row.text.strip() + "\n", encoding="utf-8")
        rows.append({"file": name, "outlet": row.outlet, "event": row.event, "published": row.date})
    with (args.out / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "outlet", "event", "published"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} articles, {data['outlet'].nunique()} outlets, {data['event'].nunique()} events -> {args.out}")


if __name__ == "__main__":
    main()
