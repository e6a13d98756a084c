"""``annotate.html``: the audit sheet as one offline page judged by keyboard.

The page holds the sheet's rows (as JSON, the same cells as ``sheet.csv``), the script
:file:`analysis/data/audit.js` and the style :file:`analysis/data/audit.css`, all inline: no
server, no network. Keys: 1-9 and 0 pick an answer, o "other", Enter or y agree with the tool,
n pick the other of two answers, u unsure, arrows (or j / k) move, g the first open row, c a
note, e export.
Progress is kept in the browser's localStorage (per sheet); export writes the filled CSV.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd

from analysis.audit.sheet import SHEET_COLUMNS, neutral_cell

_DATA = Path(__file__).resolve().parents[1] / "data"

_BODY = """<main>
<header><h1>{title}</h1><span id="progress"></span><span id="position" class="meta"></span></header>
<div class="bar"><div id="barfill"></div></div>
<p><span id="measure" class="measure"></span> <span id="where" class="meta"></span></p>
<p id="question" class="question"></p>
<div id="context" class="context"></div>
<p id="detail" class="detail"></p>
<div id="options" class="options" role="group" aria-label="answers"></div>
<input id="note" class="row-note" type="text" placeholder="note (optional; press c to type, Enter to leave)">
<div class="nav"><button id="prev" type="button">&larr; previous</button>
<button id="next" type="button">next &rarr;</button>
<button id="export" type="button">export filled CSV (e)</button></div>
<div id="done" class="done" hidden>Every row is judged. Export the CSV (press e) and run
<code>python -m analysis audit CORPUS --out DIR --annotations FILE.csv</code>.</div>
<p class="keys"><strong>Keys</strong>: 1-9, 0 choose an answer · o: other · Enter or y: the tool is right · n: the
other of two answers · u: unsure (cannot tell) · &larr;/&rarr; or k/j: previous / next · g: first open row · c: note ·
e: export. Judgements stay in this browser until you export them; {n} rows from corpus {corpus}.</p>
</main>"""


def annotate_html(sheet: pd.DataFrame, *, title: str = "Accuracy audit") -> str:
    """The self-contained annotation page for ``sheet`` (columns :data:`SHEET_COLUMNS`)."""
    rows = [[neutral_cell(v) for v in rec] for rec in sheet[SHEET_COLUMNS].itertuples(index=False)]
    first = sheet.iloc[0] if len(sheet) else {}
    key = "|".join(str(first.get(c, "")) for c in ("corpus_hash", "tables_hash", "seed", "n"))
    payload = json.dumps({"columns": SHEET_COLUMNS, "rows": rows, "key": key, "filename": "sheet-filled.csv"},
                         ensure_ascii=False)
    # inside <script> only "</" and "<!--" could end or confuse the element
    payload = payload.replace("<", "\\u003c")
    css = (_DATA / "audit.css").read_text(encoding="utf-8")
    js = (_DATA / "audit.js").read_text(encoding="utf-8")
    body = _BODY.format(title=html.escape(title), n=len(sheet), corpus=html.escape(str(first.get("corpus_hash", ""))))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<title>{html.escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n{body}\n"
        f"<script type=\"application/json\" id=\"audit-data\">{payload}</script>\n<script>\n{js}</script>\n"
        "</body>\n</html>\n"
    )
