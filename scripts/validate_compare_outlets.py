"""Validation: does the across-events comparison name the differences planted in made-up
multi-event corpora, and only those? And what does it cost?

1. **Table level** (fast, many seeds): :func:`analysis.compare_outlets.planted.planted_tables`,
   ``--events`` events x 3 outlets, one article per outlet and event. Planted: Outlet A's
   article tone toward the Red Party's actors shifted by ``--delta``; Outlet B quoting the Red
   Party's speakers ``--boost`` times as much. What counts is what the summary *names*: the
   established rows with ``role`` "finding" (:mod:`analysis.compare_outlets.nesting`; rows
   another finding accounts for are listed under it as implied, not as findings). A seed
   *succeeds* (``exactly_the_two_plants``) when the named findings are both plants in the right
   direction (Outlet A more negative toward the Red side or its actors; Outlet B giving the Red
   side more of its quoted words) and nothing else: no false finding and no knock-on of a plant
   named as a finding of its own (Outlet A's sentence tone; Outlet B's shares of other sides,
   of source types, of shared facts). Control corpora (no plant): seeds with any named finding.
2. **Text level** (the whole pipeline): :func:`analysis.compare_outlets.planted.write_planted_corpus`
   writes captures of ``--events`` hearings x 3 outlets about four made-up senators;
   :func:`analysis.pipeline.run` computes the tables from the text; the same rule.
3. **Cost**: seconds of :func:`~analysis.compare_outlets.compare_outlets` against seconds of
   computing the tables on the same text-level corpus (``time.perf_counter``, one process).

Figures are recorded with :func:`analysis.accuracy.record` (topic ``compare``, key
``across_events``) in ``analysis/data/validation.json``.

Usage::

    .venv/bin/python scripts/validate_compare_outlets.py [--seeds 20] [--text-seeds 3] [--events 30] [--report]
    .venv/bin/python scripts/validate_compare_outlets.py --first-seed 100 --seeds 100 --text-seeds 3  # fresh seeds
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis import accuracy
from analysis.compare_outlets import compare_outlets
from analysis.compare_outlets.planted import planted_tables, write_planted_corpus


def classify(table: pd.DataFrame, *, red: set[str], tone_outlet: str = "Outlet A",
             quote_outlet: str = "Outlet B") -> dict[str, int]:
    """Count what the summary names. A *named* difference is an established row with ``role``
    "finding" (what :func:`analysis.summary.across_events_text` lists as a finding); rows with
    ``role`` "implied" are listed under the finding that accounts for them and counted apart.

    - ``tone``: named rows of tone toward the red side or its actors with tone_outlet more
      negative (the tone plant, right direction);
    - ``quote``: named rows of quote_outlet giving the red side more of its quoted words (the
      quote plant, right direction);
    - ``knock_on``: named rows that are real consequences of a plant but not a plant (the tone
      outlet's sentence tone; the quote outlet's shares by side other than red, by source type,
      and of shared facts);
    - ``other``: every other named row (false findings, plants in the wrong direction);
    - ``implied``: established rows reported as implied by a finding."""
    est = table[table["established"]]
    named = est[est["role"] == "finding"]
    rows = {"tone": 0, "quote": 0, "knock_on": 0, "other": 0, "implied": int((est["role"] == "implied").sum())}
    for r in named.itertuples():
        pair = {r.outlet_a, r.outlet_b}
        tone_scale = r.measure in ("side_tone", "actor_tone", "sentence_tone")
        lead = (r.outlet_a if r.mean_a < r.mean_b else r.outlet_b) if tone_scale else (
            r.outlet_a if r.mean_a > r.mean_b else r.outlet_b)
        if r.measure in ("side_tone", "actor_tone") and r.target in red and lead == tone_outlet:
            rows["tone"] += 1
        elif r.measure == "quote_side" and r.target in red and lead == quote_outlet:
            rows["quote"] += 1
        elif (r.measure == "sentence_tone" and tone_outlet in pair) or (
                r.measure in ("quote_side", "quote_type", "shared_content") and quote_outlet in pair
                and r.target not in red):
            rows["knock_on"] += 1
        else:
            rows["other"] += 1
    return rows


def _tally(out: dict, found: dict, planted: bool) -> None:
    if planted:
        both = found["tone"] > 0 and found["quote"] > 0
        out["both_plants_named"] += both
        out["exactly_the_two_plants"] += both and not found["other"] and not found["knock_on"]
        out["planted_with_false_finding"] += found["other"] > 0
        out["planted_with_named_knock_on"] += found["knock_on"] > 0
        out["implied_rows"] += found["implied"]
    else:
        out["control_with_any_finding"] += found["tone"] + found["quote"] + found["knock_on"] + found["other"] > 0


def _empty(seeds: int, events: int, delta: float, boost: float) -> dict:
    return {"seeds": seeds, "events": events, "outlets": 3, "tone_delta": delta, "quote_boost": boost,
            "exactly_the_two_plants": 0, "both_plants_named": 0, "planted_with_false_finding": 0,
            "planted_with_named_knock_on": 0, "implied_rows": 0, "control_with_any_finding": 0}


def table_level(seeds: int, events: int, delta: float, boost: float, first: int = 0) -> dict:
    red = {"Red Party", "Ann Red", "Bob Red"}
    out = _empty(seeds, events, delta, boost) | {"first_seed": first}
    for s in range(first, first + seeds):
        planted = compare_outlets(planted_tables(events, tone_plant=("Outlet A", "Red Party", delta),
                                                 quote_plant=("Outlet B", "Red Party", boost), seed=s))
        _tally(out, classify(planted, red=red), True)
        _tally(out, classify(compare_outlets(planted_tables(events, seed=10_000 + s)), red=red), False)
    out["both_found_nothing_else"] = out["exactly_the_two_plants"]  # the name README's figure reads
    return out


def text_level(seeds: int, events: int, delta: float, first: int = 0) -> dict:
    from analysis.pipeline import run

    red = {"US Republicans", "Ann Redford", "Bob Redman"}
    out = _empty(seeds, events, delta, 2.0) | {"first_seed": first, "tables_seconds": 0.0, "compare_seconds": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        for s in range(first, first + seeds):
            for kind in ("planted", "control"):
                folder = write_planted_corpus(
                    Path(tmp) / f"{kind}{s}", events, seed=s if kind == "planted" else 10_000 + s,
                    tone_plant=("Outlet A", "Red Party", delta) if kind == "planted" else None,
                    quote_plant=("Outlet B", "Red Party", 2.0) if kind == "planted" else None)
                t0 = time.perf_counter()
                tables = run(folder, progress=False)
                t1 = time.perf_counter()
                table = compare_outlets(tables)
                t2 = time.perf_counter()
                out["tables_seconds"] += t1 - t0
                out["compare_seconds"] += t2 - t1
                found = classify(table, red=red)
                _tally(out, found, kind == "planted")
                print(f"text level {kind} seed {s}: {found}", flush=True)
    out["compare_share_of_tables_time"] = out["compare_seconds"] / out["tables_seconds"]
    for key in ("tables_seconds", "compare_seconds", "compare_share_of_tables_time"):
        out[key] = round(out[key], 3)
    return out


def report_cost(events: int) -> dict:
    """Wall-clock seconds of a whole report on a planted corpus, and of its across-events cells."""
    import json
    import subprocess
    import sys

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_planted_corpus(Path(tmp) / "corpus", events, seed=0,
                                      tone_plant=("Outlet A", "Red Party", -0.4),
                                      quote_plant=("Outlet B", "Red Party", 2.0))
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis", "report", str(folder), "--out", str(Path(tmp) / "out")],
                       check=True, capture_output=True)
        total = time.perf_counter() - t0
        cells = json.loads((Path(tmp) / "out" / "notebooks" / "06-summary.ipynb").read_text(encoding="utf-8"))["cells"]
        across = sum(c.get("metadata", {}).get("papermill", {}).get("duration") or 0.0 for c in cells
                     if str(c.get("id", "")).startswith("06-across"))
    return {"events": events, "articles": 3 * events, "report_seconds": round(total, 1),
            "across_events_seconds": round(across, 2), "across_events_share": round(across / total, 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--text-seeds", type=int, default=3)
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--delta", type=float, default=-0.3)
    parser.add_argument("--boost", type=float, default=2.5)
    parser.add_argument("--report", action="store_true", help="also time a whole report (minutes)")
    parser.add_argument("--first-seed", type=int, default=0,
                        help="seeds first..first+N-1 (control corpora: 10,000 + seed); figures from a first seed "
                             "other than 0 are recorded under the key across_events_fresh")
    args = parser.parse_args()
    tables = table_level(args.seeds, args.events, args.delta, args.boost, args.first_seed)
    print("table level:", tables, flush=True)
    text = text_level(args.text_seeds, args.events, -0.4, args.first_seed)
    print("text level:", text, flush=True)
    result = {"table_level": tables, "text_level": text}
    if args.report:
        result["report"] = report_cost(args.events)
        print("report:", result["report"], flush=True)
    else:
        result["report"] = accuracy.figures("compare").get("across_events", {}).get("report")
    key = "across_events" if args.first_seed == 0 else "across_events_fresh"
    if key != "across_events":
        result.pop("report")
    accuracy.record("compare", {k: v for k, v in result.items() if v is not None}, key=key)


if __name__ == "__main__":
    main()
