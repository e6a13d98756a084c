"""Extractor steps, part 3: one sentence at a time, each cue's structure and content.
"""

from __future__ import annotations

import bisect
import re

from analysis.quotes.document import NP, Attr, Doc, Gap, Structure, tokens
from analysis.quotes.phrases import first_np, looks_like_clause
from analysis.quotes.words import W


class SentenceSteps:
    d: Doc

    # one sentence -----------------------------------------------------------------------------
    def _sentence(self, s_start: int, s_end: int) -> None:
        d = self.d
        cues = self._cues(s_start, s_end)
        if not cues:
            return
        accepted: list[tuple[Attr, Structure]] = []
        prev: Attr | None = None
        for a in cues:
            if any(x.start <= a.cue_start < x.end for x, _ in accepted if x.end > 0):
                continue
            lo = s_start
            qi = d.last_quote_before(a.cue_start)
            if qi is not None and d.quotes[qi].end >= s_start:
                lo = max(lo, d.quotes[qi].end + 1)
            structure = self._structure(a, lo, s_start, s_end, prev)
            if not structure:
                continue
            accepted.append((a, structure))
            prev = a
        # content: each attribution runs to where the next one begins
        for k, (a, structure) in enumerate(accepted):
            nxt = accepted[k + 1][0].region_start if k + 1 < len(accepted) else s_end
            if structure in (Structure.BEFORE, Structure.DIRECT_AFTER):
                continue
            self._content_after(a, structure, s_start, s_end, nxt)
        for a, structure in accepted:
            if structure is Structure.BEFORE:
                self._content_before(a, s_start, accepted)
        for a, _ in accepted:
            if a.end > a.start >= 0:
                self._finish(a)

    def _structure(self, a: Attr, lo: int, s_start: int, s_end: int, prev: Attr | None) -> Structure:
        d = self.d
        if a.lemma == "according to":
            toks = tokens(d.norm[a.cue_end : s_end], a.cue_end)
            np = first_np(toks, skip_lead=False)
            if np is None or np.tokens[-1].low in W.NOT_SOURCES:
                return Structure.NONE
            a.np = self._source_to_comma(np, s_end)
            a.region_start = a.cue_start
            a.evidence_end = a.np.end
            rest = d.norm[a.np.end : s_end].strip()
            head = d.norm[lo : a.cue_start].strip(' "')
            if not head:  # "According to X, content."
                k = d.norm.find(",", a.np.end, s_end)
                if k < 0:
                    return Structure.NONE
                a.start, a.end = self._trim(k + 1, s_end, False)
                return Structure.ACCORDING_FRONT
            if not rest.strip(".!?\" "):
                return Structure.BEFORE
            return Structure.ACCORDING_MID
        if a.lemma == "quote ... as saying":
            toks = tokens(a.speaker_np_text, d.norm.find(a.speaker_np_text, a.cue_start))
            np = first_np(toks, skip_lead=False)
            if np is None:
                return Structure.NONE
            a.np = np
            via_np = first_np(tokens(d.norm[lo : a.cue_start], lo))
            if via_np is not None:
                a.via = self._proper(via_np)
                a.region_start = via_np.start
            return Structure.AFTER
        found = self._subject(a, lo, prev)
        if found is Structure.MAYBE_INVERTED:
            if a.lemma in W.NO_TRAILING or not self._inverted(a, s_end):
                return Structure.NONE
            a.evidence_end = a.np.end
            return Structure.BEFORE
        if not found:
            return Structure.NONE
        if a.lemma == "be quoted as saying":
            m = re.match(r"\s+by\s+(?:the\s+)?([^,.;]+)", d.norm[a.cue_end : s_end])
            if m:
                a.via = self._proper_text(m.group(1))
            return Structure.BEFORE if self._adjacent_quote(a.region_start) is not None else Structure.AFTER
        # a subject right after an unclaimed closing quote: the quote is the content
        if self._adjacent_quote(a.region_start) is not None and a.lemma not in W.NO_TRAILING:
            a.evidence_end = a.cue_end
            return Structure.BEFORE
        if a.lemma in ("refer to ... as", "describe ... as"):
            return Structure.AFTER
        what, pos = self._after_gap(a, s_end)
        if what is Gap.QUOTE and self._claim_direct_after(a, pos):
            return Structure.DIRECT_AFTER
        if what is Gap.END:
            if a.lemma in W.NO_TRAILING:
                return Structure.NONE
            return Structure.BEFORE
        if what is Gap.NONE:
            return Structure.NONE
        return Structure.AFTER

    def _source_to_comma(self, np: NP, s_end: int) -> NP:
        """After 'according to' the source runs to the next comma or the sentence end
        ("Alexei Malashenko of the Carnegie Moscow Center", "a statement on the ministry's
        web site"), when that is short."""
        d = self.d
        m = re.match(r"[^,;:\"]{0,120}?(?=\s*(?:[,;:\"]|[.!?]\s*$|$))", d.masked[np.end : s_end])
        if m and m.end() and len(m.group().split()) <= 14:
            toks = tokens(d.norm[np.start : np.end + m.end()], np.start)
            return NP(np.start, np.end + m.end(), [t for t in toks if t.word])
        return np

    def _adjacent_quote(self, pos: int) -> int | None:
        d = self.d
        j = pos
        while j > 0 and d.norm[j - 1] in " ,—-\n":
            j -= 1
        qi = d.last_quote_before(pos)
        if qi is None or d.quotes[qi].claimed:
            return None
        q = d.quotes[qi]
        if q.closed and d.norm[q.end - 1 : q.end] == "." and j < pos:
            return None  # '"... end." New sentence': the quote closed its own sentence
        if q.closed and q.end == j - 1 and d.norm[j - 1] in "\"'":
            return qi
        if not q.closed and j - 1 <= q.end <= pos:
            return qi
        return None

    def _content_after(self, a: Attr, structure: Structure, s_start: int, s_end: int, nxt: int) -> None:
        d = self.d
        if structure is Structure.ACCORDING_FRONT:
            self._kind_of(a.start, a.end, a)
            return
        if structure is Structure.ACCORDING_MID:
            lo, hi = self._trim(s_start, self._clause_end(s_start, s_end, s_end), False)
            self._kind_of(lo, hi, a)
            return
        what = Gap.QUOTE
        if a.lemma in ("refer to ... as", "describe ... as"):
            lo = a.start
        else:
            what, lo = self._after_gap(a, s_end)
        hi = self._clause_end(lo, s_end, nxt)
        lo, hi = self._trim(lo, hi)
        if hi - lo < 2 or (
            what is Gap.CLAUSE and a.lemma not in W.OBJECT_VERBS and not looks_like_clause(d.norm[lo:hi])
        ):
            a.start = a.end = -1
            return
        self._kind_of(lo, hi, a)
        for qi in a.quote_ids:
            d.quotes[qi].claimed = True
        a.evidence_end = hi

    def _claim_direct_after(self, a: Attr, pos: int) -> bool:
        """'X said: "..."' - the quotation opening at ``pos`` is the whole content."""
        d = self.d
        qi = bisect.bisect_left(d.q_starts, pos)
        if qi >= len(d.quotes) or d.quotes[qi].start != pos:
            return False
        q = d.quotes[qi]
        tail = d.norm[q.end + 1 : max(q.end + 1, self._sent_end_after(q.end))]
        if tail.strip(" .,;!?\"") and not self._is_cue_tail(tail):
            return False
        a.kind = "direct"
        a.start, a.end = self._inner(q)
        a.quote_ids = [qi]
        q.claimed = True
        a.evidence_end = q.end + 1
        return True

    def _sent_end_after(self, pos: int) -> int:
        s, e = self.d.sentence_of(pos)
        return e if e > pos else pos + 1

    def _is_cue_tail(self, tail: str) -> bool:
        return bool(
            re.match(r"\s*,?\s*(?:he|she|they|it|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s+"
                     r"(?:also\s+)?(?:said|added|says|adds|wrote|told)\b", tail)
        )

    def _content_before(self, a: Attr, s_start: int, accepted: list[tuple[Attr, Structure]]) -> None:
        d = self.d
        qi = self._adjacent_quote(a.region_start)
        if qi is not None:
            q = d.quotes[qi]
            head = d.norm[s_start : q.start].strip()
            if q.start < s_start or not head or not W.WORD_CHAR.search(head):
                a.kind = "direct"
                a.start, a.end = self._inner(q)
                a.quote_ids = [qi]
                q.claimed = True
                if a.evidence_end < 0:
                    a.evidence_end = a.cue_end
                return
        # nested outer source: "X told Y that ..., the Z agency reported."
        for x, _ in accepted:
            if x is a or x.end <= 0:
                continue
            if x.cue_start < a.region_start and x.end <= a.region_start + 2:
                if not x.via or x.via == "statement" or x.lemma == "tell":
                    x.via = self._speaker_text(a)
                a.start = a.end = -1
                return
        lo = s_start
        dateline = W.DATELINE.match(d.norm, s_start, a.region_start)
        if dateline:
            lo = dateline.end()
        for x, _ in accepted:
            if x is not a and 0 <= x.end <= a.region_start and x.end > lo:
                lo = x.end
        hi = a.region_start
        lo, hi = self._trim(lo, hi, False)
        if hi - lo < 2 or not W.WORD_CHAR.search(d.norm[lo:hi]):
            a.start = a.end = -1
            return
        self._kind_of(lo, hi, a)
        for qi2 in a.quote_ids:
            d.quotes[qi2].claimed = True
        if a.evidence_end < 0:
            a.evidence_end = a.cue_end
