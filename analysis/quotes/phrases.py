"""Noun phrases and clauses without a parser: the speaker phrase before or after a cue,
and whether the words after a verb form a clause of their own.
"""

from __future__ import annotations

import re

from analysis.quotes.document import NP, Tok
from analysis.quotes.words import W


# --- noun phrases --------------------------------------------------------------------------
def first_np(toks: list[Tok], *, skip_lead: bool = True) -> NP | None:
    i = 0
    while i < len(toks) and (
        not toks[i].word or (skip_lead and toks[i].low in W.LEAD)
    ):
        i += 1
    if i >= len(toks):
        return None
    if toks[i].low in W.PRONOUNS:
        return NP(toks[i].start, toks[i].end, [toks[i]])
    j = i
    while j < len(toks) and toks[j].low in W.DETS:
        j += 1
    content = 0
    caps = 0
    heads = 0
    while j < len(toks):
        t = toks[j]
        low = t.low
        if not t.word:
            prev = toks[j - 1] if j > i else None
            if t.text == "." and prev is not None and prev.cap and len(prev.text) <= 4 and prev.word:
                j += 1  # abbreviated title: "Sen.", "Gen.", "Dr."
                continue
            break
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        if t.cap and low not in W.RELS:
            caps += 1
        elif low in W.NAME_JOIN and caps and nxt is not None and (
            nxt.cap or (nxt.low == "the" and j + 2 < len(toks) and toks[j + 2].cap)
        ):
            if low == "and" and nxt.cap and content == caps and caps >= 1:
                pass  # "Kerry and Lavrov": coordinated names
            j += 1
            if toks[j].low == "the":
                j += 1
            continue
        elif low in W.PREPS or low in W.RELS or low in W.AUX or low in W.ADVS or low in W.FORM_TO_LEMMA or (
            low in W.IRREGULAR_PAST
        ) or (
            low in W.POSTMOD and content
        ):
            break
        elif low.endswith("ly") and len(low) > 4:
            break
        elif (low.endswith("ed") or low.endswith("ing")) and len(low) >= 5 and (
            caps or heads or content >= 2
        ):
            break
        elif low == "and" and nxt is not None and (nxt.low in W.DETS or nxt.cap):
            j += 1
            continue
        elif low in W.PEOPLE_NOUNS:
            heads += 1
        content += 1
        j += 1
    np_toks = [t for t in toks[i:j] if t.word]
    if not np_toks or all(t.low in W.DETS for t in np_toks):
        return None
    return NP(np_toks[0].start, np_toks[-1].end, np_toks)




def join(*parts: str) -> str:
    return "; ".join(p.strip() for p in parts if p and p.strip())


def looks_like_clause(text: str) -> bool:
    """Whether bare content after a verb ("said the talks would fail") has a verb of its own.

    Without a tagger: an auxiliary or modal, a past-tense -ed form or a common irregular
    past form, or a subject pronoun at the start. Keeps out noun objects ("said goodbye",
    "insisting the regime change").
    """
    words = [w.lower() for w in re.findall(r"[A-Za-z']+", text)]
    if not words:
        return False
    if words[0] in W.CLAUSE_START or text.lstrip().startswith('"'):
        return True
    for i, w in enumerate(words):
        if w in W.AUX or w in W.IRREGULAR_PAST or "'" in w and w.split("'")[-1] in ("s", "re", "ll", "d", "ve"):
            return True
        if i > 0 and w.endswith("ed") and len(w) > 4 and words[i - 1] not in W.DETS:
            return True
    return False


def source_like(np: NP) -> bool:
    for t in np.tokens:
        low = t.low.rstrip("'s")
        if low in W.PRONOUNS and len(np.tokens) == 1:
            return True
        if t.cap and t.low not in W.DETS and t.low not in W.LEAD:
            return True
        if t.low in W.PEOPLE_NOUNS or low in W.PEOPLE_NOUNS:
            return True
    return False




def strip_trailing(text: str) -> str:
    """Remove auxiliaries and adverbs between a subject and its verb."""
    while True:
        m = re.search(r"(\s*)(\b[\w']+)\s*$", text)
        if not m:
            return text
        word = m.group(2).lower()
        if m.start(2) > 0 and m.group(2)[:1].isupper():
            return text  # a capitalised word mid-sentence is a name ("Theresa May"), not "may"
        if word in W.TRAIL_STRIP or (word.endswith("ly") and len(word) > 4):
            text = text[: m.start(2)]
            continue
        return text
