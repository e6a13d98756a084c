"""``python -m analysis``: see :mod:`analysis.cli` (``run`` and ``report``)."""

from analysis.cli import main

raise SystemExit(main())
