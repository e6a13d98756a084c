"""Extractor steps, part 4: who the speaker is (names, pronouns, bodies, groups).
"""

from __future__ import annotations

import re

from analysis import lexicons
from analysis.identity import gender_of
from analysis.quotes.document import NP, Attr, Doc, Tok
from analysis.quotes.phrases import join
from analysis.quotes.words import W

# a speaker phrase that is no source: a number, percentage, date, year or document
_JUNK_SPEAKER = re.compile(
    r"^(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety|hundred)(?:[\s-]|$))|\bper\s?cent\b|%"
    r"|^(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|\b(?:19|20)\d\d\b|\b(?:memo|memos|indictment|letter|document|documents|transcript|filing|email|emails|report|study|survey|statement|analysis|paper|article|poll)$",
    re.IGNORECASE,
)
_POSSESSIVE_S = re.compile(r"(?:'s|’s)$")  # compiled once: used for every candidate token
_GLUED_CAPS = re.compile(r"^[A-Z]{2,}(?=[A-Z][a-z])")
_COUNT = re.compile(r"^(?:\d[\d,.]*|\d+-year-old)$")


def _strip_glue(toks: list[Tok]) -> list[Tok]:
    """Drop what is glued in front of a speaker phrase: articles, a count ("10 state
    attorneys general"), an age ("63-year-old"), a preposition or adverb ("Despite Trump",
    "Before Trump") or a participle ("Attacking Hillary Clinton")."""
    k = 0
    while k < len(toks):
        t = toks[k]
        rest = toks[k + 1 :]
        if t.low in W.DETS or _COUNT.match(t.text) or (rest and t.low.split("-")[0] in W.NUMBER_WORDS):
            k += 1
        elif rest and rest[0].cap and (t.low in W.PREPS or t.low in W.LEAD) and t.cap:
            k += 1
        elif rest and rest[0].cap and t.cap and t.low.endswith("ing") and len(rest) >= 2 and t.low not in _names():
            k += 1
        else:
            break
    return toks[k:]


def _name_word(part: list[Tok], k: int) -> bool:
    """A title-like word that is a surname here: after a first name or an honorific
    ("Theresa May", "Ms. May")."""
    if k == 0 or part[k].low not in _MONTHS:
        return False
    prev = part[k - 1].low.rstrip(".")
    return prev in _names() or prev in ("mr", "mrs", "ms", "miss", "dr")


_MONTHS = frozenset({"may", "june", "april", "august"})


def _names() -> frozenset[str]:
    return lexicons.words("first_names", "name")


class SpeakerSteps:
    d: Doc

    # speaker ----------------------------------------------------------------------------------
    def _proper(self, np: NP) -> str:
        return self._proper_text(self.d.norm[np.start : np.end])

    def _proper_text(self, text: str) -> str:
        words = [w for w in text.split() if w[:1].isupper() and not self.d._is_country(w)]
        if words and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        return " ".join(words) if words else text.strip()

    def _speaker_text(self, a: Attr) -> str:
        if a.np is None:
            return ""
        self._resolve(a)
        return a.speaker

    def _resolve(self, a: Attr) -> None:
        d = self.d
        if a.speaker:
            return
        if a.inherited is not None:
            src = a.inherited
            self._resolve(src)
            a.speaker, a.mention, a.person, a.descriptor = (
                src.speaker, "", src.person, src.descriptor
            )
            a.via = a.via or ""
            return
        np = a.np
        assert np is not None
        a.mention = d.norm[np.start : np.end]
        toks = list(np.tokens)
        first = toks[0].low
        if len(toks) == 1 and first in W.PRONOUNS:
            if first in ("he", "she"):
                name = d.last_person_before(a.cue_start, "male" if first == "he" else "female")
                if name:
                    a.speaker, a.person = name, True
                    a.descriptor = d.person_descriptor(name)
                    return
            if first in ("they", "it"):
                for x in reversed(d.attrs):
                    if x.cue_start < a.cue_start and not x.person and x.speaker:
                        a.speaker, a.descriptor = x.speaker, x.descriptor
                        return
            a.speaker = ""  # no compatible antecedent: unresolved, never a pronoun as a source
            return
        toks = _strip_glue(toks)
        phrase = d.norm[toks[0].start : toks[-1].end] if toks else a.mention
        # a document ("a Foreign Ministry statement") speaks for the body that issued it
        if toks and toks[-1].low in W.DOC_NOUNS and len(toks) > 1:
            a.via = a.via or toks[-1].low
            toks = toks[:-1]
            phrase = d.norm[toks[0].start : toks[-1].end]
        coordinated = any(t.low == "and" and 0 < k < len(toks) - 1 and toks[k - 1].cap and toks[k + 1].cap
                          for k, t in enumerate(toks))
        run = [] if coordinated else self._person_run(toks)
        if run:
            a.speaker = d.resolve_person(run, gender_of(phrase) if len(run) == 1 else None, np.start)
            a.person = True
            a.descriptor = join(d.person_descriptor(a.speaker), phrase, a.extra)
            return
        if not toks or _JUNK_SPEAKER.search(phrase):
            a.speaker, a.descriptor = "", a.extra
            return
        heads = [t.low for t in toks if not t.cap]
        if heads and heads[0] in W.ANON_HEADS or (
            heads and not any(t.cap and not d._is_country(t.text.rstrip("'s")) for t in toks)
            and any(h in W.ANON_HEADS for h in heads[:3])
        ):
            a.anonymous = True
        a.speaker = phrase.strip()
        if a.speaker and a.speaker[0].isupper() and not coordinated:
            longer = d.body_with_country(a.speaker)
            if longer:
                a.speaker = longer
        a.descriptor = join(a.speaker, a.extra)

    def _person_run(self, toks: list[Tok]) -> list[str]:
        """The person's name in a speaker phrase: the capitalised words at its end (or
        before an "of/at/from" phrase) that are not titles, institutions or countries."""
        d = self.d
        cut = next((i for i, t in enumerate(toks) if t.low in ("of", "at", "from", "for") and i), None)
        parts = (toks, toks[:cut] if cut else None)
        if cut and not toks[cut - 1].cap and toks[cut - 1].low in W.PEOPLE_NOUNS:
            # "a spokesman for President Vladimir Putin": the spokesman speaks, not Putin
            parts = (toks[:cut],)
        for part in parts:
            if not part:
                continue
            run: list[str] = []
            for k in range(len(part) - 1, -1, -1):
                t = part[k]
                if run and len(d.norm[t.end:part[k + 1].start]) >= 3:
                    break  # a gap of several spaces is a lost comma: "In Chile   Francis"
                # "PMDonald" (widget text glued to a name): drop the capitals stuck in front
                clean = _GLUED_CAPS.sub("", _POSSESSIVE_S.sub("", t.text).rstrip("."))
                if t.cap and (clean.lower() not in W.ROLE_CAPS or _name_word(part, k)) and not d._is_country(clean):
                    run.append(clean)
                elif (t.low in W.PARTICLES and run and k > 0 and part[k - 1].cap
                      and part[k - 1].low not in W.ROLE_CAPS):
                    run.append(t.text)  # "Mark de Vries"
                else:
                    break
            run.reverse()
            if not run:
                continue
            before = part[len(part) - len(run) - 1].low if len(part) > len(run) else ""
            if before in W.NAME_JOIN or before in ("at", "from"):
                continue  # "Office for National Statistics", "analysts at Goldman Sachs"
            if len(run) >= 2 or run[0] in d.full_names or len(part) > len(run) or not (
                self._is_place_or_body(run[0])
            ):
                return run
        return []

    def _is_place_or_body(self, word: str) -> bool:
        return self.d._is_country(word) or word.lower() in W.TITLE_WORDS

    def _finish(self, a: Attr) -> None:
        d = self.d
        self._resolve(a)
        if a.start < 0 or a.end <= a.start:
            return
        d.attrs.append(a)
