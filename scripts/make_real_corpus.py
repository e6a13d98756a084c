"""Write a benchmark corpus of real news articles with large events, for speed measurements.

    .venv/bin/python scripts/make_real_corpus.py OUT_DIR

The three public labelled sets beside the project (../shared/benchmarks, MIT licences, see their
README) give 935 real articles:

- PolNeAR dev (84 articles, 7 US outlets, 2016 election): one event, outlets from the file names;
- NFC dev (273 climate articles, ~40 outlets): three events, by date (thirds of the date range);
- PerSenT dev (578 articles, no outlet given): six events of ~96 articles in document order, each
  article given one of five made-up outlet names by its document index.

Events of 84-100 articles are what makes the per-event steps (sentence alignment, actor discovery)
cost what they cost on a month of real news; the synthetic corpora have small events. Only the
outlet and event labels of NFC and PerSenT are made up; the texts are as distributed.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pandas as pd

from analysis.paths import ROOT

BENCHMARKS = ROOT.parent / "shared" / "benchmarks"


def polnear_rows(out: Path) -> list[dict]:
    rows = []
    for path in sorted((BENCHMARKS / "polnear-dev" / "text").glob("*.txt")):
        outlet, date = path.stem.split("_")[:2]
        name = f"polnear_{path.name}"
        (out / name).write_bytes(path.read_bytes())
        rows.append({"file": name, "outlet": outlet, "event": "us election 2016", "published": date})
    return rows


def nfc_rows(out: Path) -> list[dict]:
    data = pd.read_csv(BENCHMARKS / "nfc" / "articles_dev.tsv", sep="\t", dtype=str, keep_default_na=False)
    data = data.sort_values(["date", "ID"]).reset_index(drop=True)
    rows = []
    for i, row in enumerate(data.itertuples()):
        name = f"nfc_{row.ID}.txt"
        (out / name).write_text(row.text.strip() + "\n", encoding="utf-8")
        rows.append({"file": name, "outlet": row.source.strip().lower().removeprefix("the").strip() or "unknown",
                     "event": f"climate part {1 + 3 * i // len(data)}", "published": row.date[:10]})
    return rows


def persent_rows(out: Path) -> list[dict]:
    data = pd.read_csv(BENCHMARKS / "persent" / "dev.csv", dtype=str, keep_default_na=False)
    rows = []
    for i, row in enumerate(data.itertuples()):
        name = f"persent_{row.DOCUMENT_INDEX}.txt"
        body = "\n\n".join(p.strip() for p in row.DOCUMENT.splitlines() if p.strip())
        (out / name).write_text(f"{row.TITLE.strip()}\n\n{body}\n", encoding="utf-8")
        rows.append({"file": name, "outlet": f"outlet {'ABCDE'[int(row.DOCUMENT_INDEX) % 5]}",
                     "event": f"persent part {1 + 6 * i // len(data)}", "published": ""})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = polnear_rows(args.out) + nfc_rows(args.out) + persent_rows(args.out)
    with (args.out / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["file", "outlet", "event", "published"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    events = pd.DataFrame(rows).groupby("event").size()
    print(f"{len(rows)} articles, {len(events)} events of {events.min()}-{events.max()} articles -> {args.out}")


if __name__ == "__main__":
    main()
