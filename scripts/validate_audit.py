"""Validate the audit's correction: interval coverage on simulated audits with a known error.

:func:`analysis.audit.simulate.coverage` draws ``--reps`` corpora of two outlets whose labels
carry an injected, outlet-specific error pushed one way (sides: 5% / 25% wrong, tone toward
mentions: 10% / 35% wrong), judges ``--judged`` random units per outlet and measure with the
truth, and runs the audit's own estimator (as ``python -m analysis audit --annotations``). It
reports how often the 95% intervals cover the true shares of the simulated tables, corrected
and uncorrected, over every (figure, outlet, category), and for the two sample sizes given.

Usage:
    python scripts/validate_audit.py [--reps 500] [--judged 60 30]

Records the figures with ``analysis.accuracy.record`` in analysis/data/validation.json (topic
``audit``, key ``simulation``); docs/audit.md quotes them through placeholders.
"""

from __future__ import annotations

import argparse

from analysis import accuracy
from analysis.audit.simulate import coverage


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--judged", type=int, nargs="+", default=[60, 30])
    args = parser.parse_args()
    figures = {"reps": args.reps}
    for n in args.judged:
        table = coverage(args.reps, n_judged=n, n_boot=500)
        print(f"{n} judged per outlet and measure:\n{table.round(3).to_string(index=False)}\n")
        figures[f"judged_{n}"] = {
            "corrected_min": float(table["corrected"].min()), "corrected_mean": float(table["corrected"].mean()),
            "uncorrected_min": float(table["uncorrected"].min()),
            "uncorrected_mean": float(table["uncorrected"].mean()),
        }
    print(f"recorded in {accuracy.record('audit', figures, key='simulation')}")


if __name__ == "__main__":
    main()
