"""Extractor steps, part 5: quotations without a cue of their own (continuations, colon
and dash attributions).
"""

from __future__ import annotations

import bisect
import re

from analysis.quotes.document import Attr, Doc, tokens
from analysis.quotes.phrases import first_np
from analysis.quotes.words import W


class OrphanSteps:
    d: Doc

    # quotations without their own cue --------------------------------------------------------
    def _continuations(self) -> None:
        """Unattributed quotations that directly continue an attributed one.

        A quotation belongs to the previous direct/mixed attribution when nothing but
        punctuation separates them, or nothing but the rest of that attribution's cue
        sentence ('"...," said X, a professor at Y. "..."'). A paragraph that opens a
        quotation and leaves it open (the multi-paragraph convention) belongs to the
        attribution of the quotation that continues it.
        """
        d = self.d
        anchored = sorted(
            ((max(a.evidence_end, a.end), a) for a in d.attrs if a.kind in ("direct", "mixed")),
            key=lambda x: x[0],
        )
        anchors = [x[0] for x in anchored]
        for qi, q in enumerate(d.quotes):
            if q.claimed or q.start < 0:
                continue
            k = bisect.bisect_right(anchors, q.start + 1) - 1
            if k < 0:
                continue
            anchor, best = anchored[k]
            gap = d.norm[anchor : q.start]
            if W.WORD_CHAR.search(gap):
                sent_end = d.sentence_of(best.cue_start)[1] if best.cue_start >= 0 else anchor
                if q.start < sent_end or W.WORD_CHAR.search(d.norm[sent_end : q.start]):
                    continue
            c = self._inherit(best, qi)
            bisect.insort(anchors, c.evidence_end)
            anchored.insert(anchors.index(c.evidence_end), (c.evidence_end, c))
        # backwards: "...open paragraph / "...," she said.
        for qi in range(len(d.quotes) - 2, -1, -1):
            q, nxt = d.quotes[qi], d.quotes[qi + 1]
            if q.claimed or not q.continued or not nxt.claimed:
                continue
            owner = next((a for a in d.attrs if qi + 1 in a.quote_ids), None)
            if owner is not None:
                self._inherit(owner, qi)

    def _inherit(self, best: Attr, qi: int) -> Attr:
        c = Attr(best.cue, best.lemma, best.cue_start, best.cue_end, best.region_start)
        c.np, c.inherited, c.via = best.np, best, best.via
        self._claim_direct(c, qi)
        c.mention = best.mention
        return c

    def _claim_direct(self, a: Attr, qi: int) -> None:
        """Make ``a`` the direct attribution of quotation ``qi`` and record it."""
        q = self.d.quotes[qi]
        a.kind = "direct"
        a.start, a.end = self._inner(q)
        a.quote_ids = [qi]
        a.evidence_end = q.end + 1
        q.claimed = True
        self._resolve(a)
        self.d.attrs.append(a)

    def _colon_dash(self) -> None:
        """'Peskov: "..."', '"..." — Peskov' and 'Peskov — "..."' attributions."""
        d = self.d
        for qi, q in enumerate(d.quotes):
            if q.claimed or q.start < 0:
                continue
            s, e = d.sentence_of(q.start)
            line_start = d.norm.rfind("\n", 0, q.start) + 1
            lo = max(s, line_start)
            head = d.norm[lo : q.start]
            m = re.match(r"^\s*(.{2,80}?)\s*(:|—|-)\s*$", head)
            np = None
            cue = ""
            if m:
                toks = tokens(m.group(1), lo + m.start(1))
                np = first_np(toks, skip_lead=False)
                if np is not None and np.end != lo + m.end(1):
                    np = None
                cue = m.group(2).replace("-", "—")
            if np is None:
                line_end = d.norm.find("\n", q.end)
                line_end = len(d.norm) if line_end < 0 else line_end
                tail = d.norm[q.end + 1 : line_end]
                m = re.match(r"^\s*,?\s*(—|-{1,2})\s*([^.;!?\"]{2,80}?)\s*[.]?\s*$", tail)
                if m:
                    off = q.end + 1 + m.start(2)
                    np = first_np(tokens(m.group(2), off), skip_lead=False)
                    cue = "—"
            if np is None or not any(t.cap for t in np.tokens) or len(np.tokens) > 10:
                continue
            self._claim_direct(Attr(cue, cue, q.start, q.start, np.start, np=np), qi)
