"""Command line: ``python -m analysis report CORPUS_DIR --out OUT_DIR``."""

from analysis.report import main

raise SystemExit(main())
