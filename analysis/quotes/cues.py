"""Extractor steps, part 1: reporting cues in a sentence and the speaker phrase of each.
"""

from __future__ import annotations

import re

from analysis.quotes.document import NP, Attr, Doc, Structure, tokens
from analysis.quotes.phrases import first_np, source_like, strip_trailing
from analysis.quotes.words import W

_PAREN_END = re.compile(r"\s*\([^()]{1,40}\)\s*$")
# "said one Democratic source on the panel.": a short prepositional phrase closing the sentence
_PLACE_TAIL = re.compile(r"(?:on|at|in|for|of|with|from|close\s+to|familiar\s+with)\s[^,.;!?\"]{1,60}[.;!?]?\s*$")
# compiled once (hot: checked for every reporting verb found)
_TO_HAVE_BE = re.compile(r"\s+to\s+(?:have|be)\b")
_PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+$")
_PREP_BEFORE = re.compile(r"\b(?:by|of|for|without|about|in|on|at|from)\s+$")
_DET_BEFORE = re.compile(r"\b(?:a|an|the|this|that|his|her|their|its)\s+$")
# a comma the capture lost (PerSenT texts): a gap of three or more spaces, or of two between a
# capitalised word and an article ("Tasa  a 36-year-old who ... said", "Hugo Moldis  a former
# member of ..."); two spaces alone are no comma (PerSenT pads entity mentions with them)
_LOST_GAP = re.compile(r"(?<=\S)[ \u00a0]{3,}(?=\S)")
_LOST_APPOSITION = re.compile(r"\b([A-Z][\w'\u2019-]*)[ \u00a0]{2}(?=(?:a|an|the)\s)")


_OPENS_APPOSITION = re.compile(r"[ \u00a0]*(?!(?:he|she|they|we|it|i|you)\b)[a-z]")
_CLOSING_GAP = re.compile(r"(?<=[^\s,])[ \u00a0]{2,}$")


def restore_lost_commas(text: str) -> str:
    """``text`` (the words before a reporting verb) with each lost-comma gap's first space
    written as a comma (same length, so offsets still index the text). An apposition lost both
    its commas: when the last comma restored opens lower-case words (no pronoun), a gap of two spaces or more
    right before the verb closes them ("Velka  a 36-year-old who ... name  said"; not "At that
    point   Quist  said", where the gap after the name is PerSenT's padding)."""
    out = _LOST_GAP.sub(lambda m: "," + m.group()[1:], text)
    out = _LOST_APPOSITION.sub(lambda m: m.group(1) + ", ", out)
    last = out.rfind(",")
    if out != text and _OPENS_APPOSITION.match(out, last + 1):
        out = _CLOSING_GAP.sub(lambda m: "," + m.group()[1:], out)
    return out


class CueSteps:
    d: Doc

    # cues -----------------------------------------------------------------------------------
    def _cues(self, s_start: int, s_end: int) -> list[Attr]:
        d = self.d
        sent = d.norm[s_start:s_end]
        out = []
        for m in W.CUE_RE.finditer(sent):
            cs, ce = m.start() + s_start, m.end() + s_start
            if d.in_quote(cs):
                continue
            after = d.norm[ce : ce + 12]
            before = d.norm[max(0, cs - 12) : cs].lower()
            if m.group("verb"):
                form = m.group("verb")
                lemma = W.FORM_TO_LEMMA[form]
                if form == "said" and _TO_HAVE_BE.match(after):
                    continue
                if _PASSIVE_AUX.search(before) and lemma in (
                    "tell", "accuse", "blame", "urge", "ask", "say", "report", "claim", "allege"
                ):
                    continue  # passive ("was told", "is alleged") - not the source speaking
                if form.endswith("ing") and _PREP_BEFORE.search(before):
                    continue
                if _DET_BEFORE.search(before):
                    continue  # a noun: "a warning", "the claims"
                out.append(Attr(form, lemma, cs, ce, cs))
            elif m.group("according"):
                out.append(Attr("according to", "according to", cs, ce, cs))
            elif m.group("quoted"):
                out.append(Attr(m.group("quoted"), "be quoted as saying", cs, ce, cs))
            elif m.group("actquoted"):
                a = Attr("quoted ... as saying", "quote ... as saying", cs, ce, cs)
                a.speaker_np_text = m.group("qwho")
                out.append(a)
            elif m.group("refer"):
                obj = "robj" if m.group("robj") else "dobj"
                verb = m.group("refer").split()[0].lower()
                lemma = "refer to ... as" if verb.startswith("refer") else "describe ... as"
                cue = "referred to ... as" if lemma.startswith("refer") else f"{verb} ... as"
                a = Attr(cue, lemma, cs, cs + len(m.group("refer").split()[0]), cs)
                a.start = m.start(obj) + s_start
                out.append(a)
        return out

    # subject ----------------------------------------------------------------------------------
    def _subject(self, a: Attr, lo: int, prev: Attr | None) -> Structure:
        """Find the speaker phrase for a verb cue; returns the structure found."""
        d = self.d
        # a parenthesis between subject and verb ("Rep. Maxine Waters (D-CA) said") is skipped
        left = _PAREN_END.sub(lambda m: " " * len(m.group()), restore_lost_commas(d.norm[lo : a.cue_start]))
        stripped = strip_trailing(left)
        stripped_r = stripped.rstrip()
        if stripped_r.endswith(","):
            found = self._apposition(lo, stripped_r)
            if found is not None:
                a.np, a.extra = found
                head_start = lo + len(left) - len(left.lstrip())
                a.region_start = min(a.np.start, max(lo, head_start))
                return Structure.SUBJECT
        seg_lo = lo
        for sep in (",", ";", "—", ":", '"', "(", ")"):
            k = stripped_r.rfind(sep)
            if k >= 0:
                seg_lo = max(seg_lo, lo + k + 1)
        seg_toks = tokens(d.norm[seg_lo : lo + len(stripped_r)], seg_lo)
        np = first_np(seg_toks)
        between = d.norm[np.end : a.cue_start] if np is not None else ""
        between = re.sub(r"\b(?:said|reported|alleged|claimed)\s+to\s+(?:have|be)\b", "", between)
        adjacent = np is not None and not W.WORD_CHAR.search(strip_trailing(between))
        if np is not None and (source_like(np) or adjacent) and not any(
            t.low in W.FORM_TO_LEMMA for t in tokens(between, 0)
        ):
            np = self._extend_role(np, lo + len(stripped_r))
            a.extra = d.norm[np.end : a.cue_start] if len(between.split()) <= 12 else ""
            a.np = np
            a.region_start = np.start
            return Structure.SUBJECT
        words = [t for t in seg_toks if t.word and t.low not in W.LEAD]
        if not words:
            # elided subject: "..., but said", "..., adding that"
            if prev is not None and prev.np is not None:
                a.inherited = prev
                a.region_start = seg_lo if seg_toks else a.cue_start
                return Structure.INHERITED
            if a.cue.endswith("ing") or (seg_toks and seg_toks[0].low in {"and", "but"}):
                prev_np = self._previous_segment_subject(lo, seg_lo)
                if prev_np is not None:
                    a.np = prev_np
                    a.region_start = seg_lo
                    return Structure.PARTICIPIAL
            if not stripped_r.strip(' ,"—-'):
                return Structure.MAYBE_INVERTED
        return Structure.NONE

    def _extend_role(self, np: NP, limit: int) -> NP:
        """'a spokeswoman for the council', 'diplomats familiar with the talks'."""
        d = self.d
        tail = d.norm[np.end : limit]
        if (
            np.tokens[-1].low in W.PEOPLE_NOUNS
            and "," not in tail
            and len(tail.split()) <= 10
            and re.match(r"\s+(?:familiar\s+with|close\s+to|briefed\s+on|with\s+knowledge\s+of|"
                         r"(?:for|of|at)\s)", tail)
        ):
            end = np.end + len(tail.rstrip())
            toks = tokens(d.norm[np.start : end], np.start)
            return NP(np.start, end, [t for t in toks if t.word])
        return np

    def _apposition(self, lo: int, stripped_r: str) -> tuple[NP, str] | None:
        inner = stripped_r[:-1]
        k = inner.rfind(",")
        if k < 0:
            return None
        appos = inner[k + 1 :].strip()
        if not appos or len(appos.split()) > 25 or '"' in appos:
            return None
        # "Rep. Jim Jordan (R-Ohio), an oversight panel member, said": the parenthesis is skipped
        head = _PAREN_END.sub(lambda m: " " * len(m.group()), inner[:k])
        h = max(head.rfind(","), head.rfind(";"), head.rfind('"'))
        toks = tokens(head[h + 1 :], lo + h + 1)
        np = first_np(toks)
        if np is None:
            return None
        head_text = head[h + 1 :].strip()
        a_lo = lo + k + 1 + (len(inner[k + 1 :]) - len(inner[k + 1 :].lstrip()))
        # "A spokesman for the Commission, Erik Lund, said": the apposition is the name
        if W.PERSON_NAME.fullmatch(appos) and not any(
            t.cap and t.low not in W.ROLE_CAPS for t in np.tokens
        ):
            return NP(a_lo, a_lo + len(appos), tokens(appos, a_lo)), head_text
        # "The report, published by the Crisis Group, warned": the issuer speaks
        issuer = re.match(r"(?:published|issued|released|compiled|prepared|written)\s+by\s+", appos)
        if issuer and np.tokens[-1].low in W.DOC_NOUNS:
            off = a_lo + issuer.end()
            by_np = first_np(tokens(appos[issuer.end() :], off), skip_lead=False)
            if by_np is not None and source_like(by_np):
                return by_np, head_text
        if not any(t.cap for t in np.tokens):
            if any(m in appos for m in ("declined to be named", "anonymity", "not authorized",
                                         "not authorised", "asked not to be")):
                return np, appos
            return None
        if np.end < lo + len(head.rstrip()) - 1:
            return None  # the apposition must follow the name directly
        return np, appos

    def _previous_segment_subject(self, lo: int, seg_lo: int) -> NP | None:
        d = self.d
        text = d.norm[lo : max(lo, seg_lo - 1)]
        k = max(text.rfind(","), text.rfind(";"))
        toks = tokens(text[k + 1 :], lo + k + 1)
        np = first_np(toks)
        if np is not None and source_like(np) and np.tokens[0].low not in W.PREPS:
            return np
        return None

    def _inverted(self, a: Attr, s_end: int) -> bool:
        d = self.d
        toks = tokens(d.norm[a.cue_end : s_end], a.cue_end)
        np = first_np(toks, skip_lead=False)
        if np is None or not source_like(np):
            return False
        rest = d.norm[np.end : s_end].lstrip()
        if rest and rest[0] not in ",.;!?—-" and not rest.startswith(("who", "(")) and not _PLACE_TAIL.match(rest):
            return False
        named = re.match(r"\s*,\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2})\s*(?:[,.;!?]|$)",
                         d.norm[np.end : s_end])
        if named and not any(t.cap for t in np.tokens):
            a.extra = d.norm[np.start : np.end]
            ns = np.end + named.start(1)
            np = NP(ns, np.end + named.end(1), tokens(named.group(1), ns))
        else:
            a.extra = d.masked[np.end : s_end].split(".")[0] if len(rest) < 200 else ""
        a.np = np
        a.region_start = a.cue_start
        return True

    # content ----------------------------------------------------------------------------------
