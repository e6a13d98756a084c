"""Fill every validation placeholder in README.md and docs/*.md from analysis/data/validation.json.

    .venv/bin/python scripts/render_docs.py          # rewrite the files
    .venv/bin/python scripts/render_docs.py --check  # exit 1 if any figure is stale
"""

from __future__ import annotations

import argparse
import sys

from analysis.accuracy import render, stale
from analysis.paths import ROOT


def documents():
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report stale figures, change nothing")
    args = parser.parse_args()
    problems = []
    for path in documents():
        text = path.read_text(encoding="utf-8")
        if args.check:
            problems += [f"{path.name}: {p}" for p in stale(text)]
        else:
            new = render(text)
            if new != text:
                path.write_text(new, encoding="utf-8")
                print(f"updated {path.relative_to(ROOT)}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
