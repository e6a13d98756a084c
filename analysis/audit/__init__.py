"""How sure are we? An accuracy audit on the user's own corpus, and figures corrected for it.

``python -m analysis audit CORPUS --out DIR`` draws a stratified random sample of what the tool
labelled (quote spans and speakers, source types and sides, tone toward actor mentions, frame
presence, aligned sentence pairs; see :mod:`analysis.audit.items` and
:mod:`analysis.audit.sample`) into ``DIR/audit/sheet.csv`` and the offline page
``DIR/audit/annotate.html``; ``--annotations FILLED.csv`` measures accuracy per measure and
outlet and re-estimates the headline figures corrected for the measured error
(:mod:`analysis.audit.results`, :mod:`analysis.audit.stats`). Method and references:
``docs/audit.md``.
"""

from analysis.audit.items import audit_units
from analysis.audit.run import RESULT_TABLES, expected_sheet, make_sheet, score_annotations
from analysis.audit.sample import draw_sample
from analysis.audit.sheet import SHEET_COLUMNS, AuditProblem, read_annotations
from analysis.audit.stats import bootstrap_shares, matrix_correction, rogan_gladen, wilson

__all__ = [
    "RESULT_TABLES", "SHEET_COLUMNS", "AuditProblem", "audit_units", "bootstrap_shares", "draw_sample",
    "expected_sheet", "make_sheet", "matrix_correction", "read_annotations", "rogan_gladen", "score_annotations",
    "wilson",
]
