"""Extractor steps, part 2: what follows a cue (object, channel, content) and where the
attributed content starts and ends.
"""

from __future__ import annotations

import re

from analysis.quotes.document import Attr, Doc, Gap, Quote, tokens
from analysis.quotes.phrases import first_np
from analysis.quotes.words import W


class ContentSteps:
    d: Doc

    def _after_gap(self, a: Attr, s_end: int) -> tuple[Gap, int]:
        """Skip object/channel words after the cue. Returns (what follows, position)."""
        d = self.d
        toks = tokens(d.norm[a.cue_end : s_end], a.cue_end)
        pos = a.cue_end
        i = 0
        via_words: list[str] = []
        if a.lemma in W.OBJECT_VERBS and a.lemma != "ask":
            np = first_np(toks, skip_lead=False)
            if np is None and a.lemma != "tell":
                return Gap.NONE, pos
            if np is not None:
                a.via = d.norm[np.start : np.end] if a.lemma == "tell" else a.via
                while i < len(toks) and toks[i].end <= np.end:
                    i += 1
                pos = np.end
                if a.lemma in ("accuse", "blame", "urge"):
                    nxt = toks[i].low if i < len(toks) else ""
                    need = {"accuse": ("of",), "blame": ("for",), "urge": ("to",)}[a.lemma]
                    if nxt in need:
                        return Gap.CLAUSE, np.start
                    return Gap.NONE, pos
        object_end = pos
        while i < len(toks):
            t = toks[i]
            if t.low == "that":
                self._set_via(a, d.norm[object_end : t.start])
                return Gap.THAT, t.end
            if t.text == '"':
                self._set_via(a, d.norm[object_end : t.start])
                return Gap.QUOTE, t.start
            if t.text in (",", ":", "—", "-"):
                if (
                    t.text == ","
                    and i + 2 < len(toks)
                    and toks[i + 1].low in W.PARENTHETICAL
                    and toks[i + 2].text == ","
                ):
                    i += 3
                    continue
                if i + 1 < len(toks) and toks[i + 1].text == '"':
                    self._set_via(a, d.norm[object_end : t.start])
                    return Gap.QUOTE, toks[i + 1].start
                if t.text in (":", "—"):
                    return Gap.CLAUSE, t.end
                break
            if t.text in ".!?":
                break
            if t.cap or t.low in W.GAP_WORDS or t.text[:1].isdigit():
                via_words.append(t.text)
                i += 1
                continue
            return Gap.CLAUSE, object_end
        rest = d.norm[toks[i].start if i < len(toks) else s_end : s_end]
        if not rest.strip(" .!?\"") or (i < len(toks) and toks[i].text == ","):
            self._set_via(a, d.norm[object_end : toks[i].start if i < len(toks) else s_end])
            return Gap.END, object_end
        return Gap.CLAUSE, object_end

    def _set_via(self, a: Attr, gap: str) -> None:
        m = W.PLATFORM_RE.search(gap)
        if m:
            a.via = m.group(1)
        elif re.search(r"\bstatement\b", gap):
            a.via = a.via or "statement"
        else:
            m = re.search(r"\binterview with\s+((?:the\s+)?(?:[A-Z][\w.'-]*\s?)+)", gap)
            if m:
                a.via = m.group(1).strip()

    def _clause_end(self, pos: int, s_end: int, limit: int) -> int:
        d = self.d
        end = min(s_end, limit)
        m = W.STRONG_BOUNDARY.search(d.norm, pos, end)
        if m:
            end = m.start()
        # a quotation that starts inside the clause may run past the sentence end
        q = d.in_quote(end - 1) if end > pos else None
        if q is not None and q.start >= pos and q.end > end:
            end = q.end + 1
        return end

    def _trim(self, lo: int, hi: int, strip_channel: bool = True) -> tuple[int, int]:
        d = self.d
        text = d.norm[lo:hi]
        if strip_channel:
            m = W.TRAIL_CHANNEL.search(text)
            if m and m.start() > 0:
                text = text[: m.start()]
        cut = re.search(r"(?:,\s*(?:and|but|while)?|\s+(?:and|but))\s*$", text)
        if cut:
            text = text[: cut.start()]
        rs = len(text) - len(text.rstrip(" ,.;:—-"))
        ls = len(text) - len(text.lstrip(' ,;:—-"'))
        # keep a final period only when the content ends inside a quotation
        hi2 = lo + len(text) - rs
        if hi2 < len(d.norm) and d.norm[hi2 : hi2 + 2] in ('."', ',"', '?"', '!"'):
            hi2 += 2
        elif hi2 < len(d.norm) and d.norm[hi2 : hi2 + 1] == '"':
            hi2 += 1
        if 0 < hi2 < len(d.raw) and d.raw[hi2 - 1 : hi2 + 1] == "''" and d.norm[hi2] == " ":
            hi2 += 1  # the second apostrophe of a closing '' mark
        return lo + ls, max(lo + ls, hi2)

    def _kind_of(self, lo: int, hi: int, a: Attr) -> None:
        d = self.d
        qs = d.quotes_between(lo - 1, hi)
        a.quote_ids = qs
        if not qs:
            a.kind, a.start, a.end = "indirect", lo, hi
            return
        first, last = d.quotes[qs[0]], d.quotes[qs[-1]]
        before = d.norm[lo : first.start].strip(' ,:;—-"')
        after = d.norm[last.end + 1 : hi].strip(' ,.:;—-"')
        if not before and not after and len(qs) == 1:
            a.kind = "direct"
            a.start, a.end = self._inner(first)
        else:
            a.kind = "mixed"
            a.start, a.end = lo, hi

    def _inner(self, q: Quote) -> tuple[int, int]:
        s, e = q.inner
        text = self.d.norm[s:e]
        stripped = text.strip()
        if not stripped:
            return s, s
        ls = len(text) - len(text.lstrip())
        return s + ls, s + ls + len(stripped)
