"""The report's "Accuracy on this corpus" section, from the tables in ``OUT/audit/``.

With results (:func:`analysis.audit.run.score_annotations`): the measured accuracy per measure
and outlet, every outlet difference the uncorrected figures show and whether it survives the
correction (a difference within the measurement error is marked *not established*), and the
corrected figures. Without: a note that the figures are uncorrected and how to audit them.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import pandas as pd

ANCHOR = "accuracy"
TITLE = "Accuracy on this corpus"


def _pct(x: float) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.0f}%"


def _ci(x: float, lo: float, hi: float) -> str:
    return f"{_pct(x)} [{_pct(lo)}, {_pct(hi)}]"


def _pp(x: float) -> str:
    return "–" if math.isnan(x) else f"{100 * x:+.0f} pts"


def _table(head: list[str], rows: list[list[str]], table_id: str) -> str:
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return (f'<div class="tablewrap"><table class="data" id="{table_id}"><thead><tr>{th}</tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _uncorrected_note(audit_dir: Path) -> str:
    sheet = audit_dir / "sheet.csv"
    waiting = (f" A sheet to judge is ready: <code>{html.escape(audit_dir.name)}/sheet.csv</code> (open "
               "<code>annotate.html</code> beside it).") if sheet.is_file() else ""
    return (f'<section id="{ANCHOR}"><h2>{TITLE}</h2><p class="note"><strong>The figures in this report are '
            "uncorrected.</strong> Every measure is validated on public benchmarks (docs/), but nobody has checked "
            "its labels on this corpus yet, so a difference between outlets may be an error of the tool. "
            "<code>python -m analysis audit CORPUS --out DIR</code> draws a sample to judge; "
            "<code>--annotations FILLED.csv</code> then measures the accuracy and corrects the figures."
            f"{waiting}</p></section>")


def accuracy_section(audit_dir: str | Path) -> str:
    """The section's HTML for the audit folder ``audit_dir`` (``OUT/audit``); results that cannot
    be read give the "uncorrected" note with the reason, never a failed report."""
    audit_dir = Path(audit_dir)
    paths = {n: audit_dir / f"{n}.csv" for n in ("accuracy", "corrected", "findings")}
    if not all(p.is_file() for p in paths.values()):
        return _uncorrected_note(audit_dir)
    try:
        tables = [pd.read_csv(paths[n], keep_default_na=False, na_values=[""]) for n in paths]
        return _results_section(audit_dir, *tables)
    except Exception as exc:  # noqa: BLE001 - a broken audit folder must not take the report down
        note = _uncorrected_note(audit_dir)
        reason = (f"<p class=\"error\">The audit results in <code>{html.escape(audit_dir.name)}/</code> could not be "
                  f"read ({html.escape(type(exc).__name__)}: {html.escape(str(exc)[:200])}).</p>")
        return note.replace("</section>", reason + "</section>")


def _results_section(audit_dir: Path, accuracy: pd.DataFrame, corrected: pd.DataFrame,
                     findings: pd.DataFrame) -> str:
    total = int(accuracy.loc[accuracy["outlet"] == "all outlets", "judged"].sum())
    acc_rows = [[r.measure.replace("_", " "), str(r.outlet), str(r.judged), _ci(r.accuracy, r.accuracy_lo,
                                                                                  r.accuracy_hi)]
                for r in accuracy.itertuples()]
    shown = findings[~findings["status"].str.endswith("sampling error")] if len(findings) else findings
    clear = (shown["diff_uncorrected_lo"] > 0) | (shown["diff_uncorrected_hi"] < 0) if len(shown) else shown
    n_clear = int(clear.sum()) if len(shown) else 0
    n_kept = int((shown.loc[clear, "status"] == "established").sum()) if n_clear else 0
    n_new = int((shown["status"] == "established").sum()) - n_kept if len(shown) else 0
    find_rows = [[r.figure.replace("_", " "), str(r.category), f"{r.outlet_a} vs {r.outlet_b}",
                  f"{_pp(r.diff_uncorrected)} [{_pp(r.diff_uncorrected_lo)}, {_pp(r.diff_uncorrected_hi)}]",
                  f"{_pp(r.diff_corrected)} [{_pp(r.diff_corrected_lo)}, {_pp(r.diff_corrected_hi)}]",
                  f"{_pct(r.accuracy_a)} / {_pct(r.accuracy_b)}", r.status] for r in shown.itertuples()]
    cor_rows = [[r.figure.replace("_", " "), str(r.outlet), str(r.category),
                 _ci(r.uncorrected, r.uncorrected_lo, r.uncorrected_hi), _ci(r.corrected, r.corrected_lo,
                                                                             r.corrected_hi),
                 "yes" if str(r.borrowed).lower() == "true" else ""] for r in corrected.itertuples()]
    parts = [
        f'<section id="{ANCHOR}"><h2>{TITLE}</h2>',
        f"<p>{total} judgements by a person on a stratified random sample of this corpus "
        f"(<code>{html.escape(audit_dir.name)}/</code>). Accuracy per measure and outlet with 95% Wilson intervals; "
        "figures corrected for the measured error with 95% bootstrap intervals that include the uncertainty of the "
        "judged sample (method: docs/audit.md).</p>",
        f"<h3>Outlet differences after correction</h3><p>{n_clear} differences between outlets are clear in the "
        f"uncorrected figures; <strong>{n_kept}</strong> of them stay established after correcting for the measured "
        f"error, and {n_clear - n_kept} are <strong>not established</strong> (within the measurement error)."
        + (f" {n_new} more appear only after the correction." if n_new else "") + "</p>",
        _table(["figure", "category", "outlets", "difference, uncorrected", "difference, corrected",
                "accuracy (a / b)", "status"], find_rows, "audit-findings"),
        "<h3>Measured accuracy</h3>",
        _table(["measure", "outlet", "judged", "accuracy [95% CI]"], acc_rows, "audit-accuracy"),
        "<h3>Figures corrected for the measured error</h3><p class=\"note\">\"borrowed\": a class this outlet's "
        "sample never reached is corrected with the judgements of all outlets.</p>",
        _table(["figure", "outlet", "category", "uncorrected", "corrected", "borrowed"], cor_rows, "audit-corrected"),
        "</section>",
    ]
    return "\n".join(parts)
