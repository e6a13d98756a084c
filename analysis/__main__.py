"""``python -m analysis``: see :mod:`analysis.cli` (``run`` and ``report``)."""

from analysis.cli import entry

entry()
