"""Document model: tokens, noun phrases, attributions and the indexed article text.

:class:`Doc` holds one article: raw and normalised text (in the quotation-mark view of
:mod:`analysis.quotes.marks`), quotations, sentences, and an index of person names and
capitalised words so look-ups never rescan the text. :class:`Attr` is one attribution
being built; :class:`Structure` and :class:`Gap` are the explicit states of the steps.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache

from analysis import lexicons
from analysis.identity import gender_of
from analysis.quotes.classify import SourceLexicon
from analysis.quotes.marks import Quote, mark_view, quote_spans
from analysis.quotes.words import W
from analysis.speaker_names import gazetteer_kind
from analysis.text import normalize, sentence_spans

_MONTH_SURNAMES = frozenset({"may", "june", "april", "august"})  # "Theresa May"
_PRONOUN_REACH = 3000  # characters a he/she looks back for its person
_TITLE_BEFORE = re.compile(r"\b(Mrs|Ms|Miss|Mr|Sir|Dame|Lord|Lady|Congresswoman|Congressman|Chairwoman|"
                           r"Chairman|Spokeswoman|Spokesman|Queen|King)\.?\s+")


_PARTY_AFTER = re.compile(r"\s*(?:,\s*|\(\s*)([RDI]-[A-Z][A-Za-z.]{0,6}(?:\s?[A-Z][a-z.]{0,4})?)")
_POSSESSIVE_END = re.compile(r"(?:'s|’s|')$")  # compiled once: used for every name token
_GAP = re.compile(r"[ \u00a0]{3,}")
_HONORIFIC_SURNAME = re.compile(r"\b(?:Mrs|Ms|Miss|Mr|Dr|President|Sen|Senator|Gov|Governor|Rep|Secretary|Speaker)\.?"
                                r"\s+([A-Z][a-z][\w'-]+)\b(?!\s+[A-Z])")


@lru_cache(maxsize=1)
def _org_heads() -> frozenset[str]:
    """Head words that end the name of a body ("University", "Department"): ``actor_cues.csv``."""
    cues = lexicons.load("actor_cues")
    return frozenset(w for w, c in zip(cues["word"], cues["cue"], strict=True) if c == "organisation")


def _first_names() -> frozenset[str]:
    return lexicons.words("first_names", "name")


_INITIAL_WORD = re.compile(r"^[A-Z]\.(?:[A-Z]\.)*$")
_LOWER_WORD = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]*")
_LONG_WORD = re.compile(r"(?<![\w'\u2019-])[A-Za-z][\w'\u2019-]{3,}")


def _headline_run(name: str) -> bool:
    """A full form of three words or more that does not open on a first name or an initial
    ("Mom Corners Obama"): capitalised headline words run into a surname."""
    return len(name.split()) >= 3 and not _first_name_led(name)


def _first_name_led(name: str) -> bool:
    """Whether a full name of two words or more opens on a known first name or an initial."""
    words = name.split()
    return len(words) >= 2 and (words[0].lower() in _first_names() or bool(_INITIAL_WORD.match(words[0])))


@dataclass
class _Span:
    """A matched stretch of text (start and end offsets), like a regex match."""

    begin: int
    stop: int

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.stop


@dataclass
class Tok:
    """A word or punctuation token with its offsets."""

    text: str
    start: int
    end: int

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def word(self) -> bool:
        return bool(W.WORD_CHAR.match(self.text))


def tokens(text: str, offset: int) -> list[Tok]:
    return [Tok(m.group(), m.start() + offset, m.end() + offset) for m in W.TOKEN_RE.finditer(text)]


@dataclass
class NP:
    """A noun phrase: offsets and its word tokens."""

    start: int
    end: int
    tokens: list[Tok]

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]


class Structure(Enum):
    """How a cue's sentence is built: the state a cue moves through before its content is read."""

    NONE = ""  # not an attribution
    SUBJECT = "subject"  # speaker phrase before the cue ("X said")
    INHERITED = "inherited"  # elided subject shared with the previous cue ("..., but said")
    PARTICIPIAL = "participial"  # "..., adding that"
    MAYBE_INVERTED = "inverted?"  # nothing before the cue: maybe "said X"
    BEFORE = "before"  # content before the cue ('"...," X said')
    AFTER = "after"  # content after the cue ("X said that ...")
    DIRECT_AFTER = "direct-after"  # a quotation right after the cue is the content
    ACCORDING_FRONT = "according-front"  # "According to X, ..."
    ACCORDING_MID = "according-mid"  # "..., according to X, ..."

    def __bool__(self) -> bool:
        return self is not Structure.NONE


class Gap(Enum):
    """What follows a cue once its object and channel words are skipped."""

    NONE = "none"  # no content (a noun object only)
    CLAUSE = "clause"  # a bare clause
    THAT = "that"  # a that-clause
    QUOTE = "quote"  # a quotation
    END = "end"  # the sentence ends: the content came before


@dataclass
class Attr:
    """One attribution being built (offsets into the article text)."""

    cue: str
    lemma: str
    cue_start: int
    cue_end: int
    region_start: int  # where the attribution's own words (subject, cue) begin
    np: NP | None = None
    speaker_np_text: str = ""
    inherited: Attr | None = None
    start: int = -1
    end: int = -1
    kind: str = ""
    via: str = ""
    quote_ids: list[int] = field(default_factory=list)
    speaker: str = ""
    mention: str = ""
    person: bool = False
    descriptor: str = ""
    evidence_end: int = -1
    extra: str = ""  # words between the speaker phrase and the cue, or after an inverted one
    anonymous: bool = False


class Doc:
    """One article, indexed once: marks, quotations, sentences, names, capitalised words."""

    def __init__(self, text: str, lexicon: SourceLexicon) -> None:
        self.raw = text
        self.norm, self.hints = mark_view(normalize(text), text)
        # periods inside abbreviations ("U.S.") hidden so phrase regexes can stop at "."
        self.masked = W.ABBREV_RE.sub(lambda m: m.group().replace(".", "\x00"), self.norm)
        self.lex = lexicon
        self.quotes = quote_spans(self.norm, self.raw, self.hints)
        self.q_starts = [q.start for q in self.quotes]
        self.sents = self._sentences()
        self.s_starts = [s for s, _ in self.sents]
        self.attrs: list[Attr] = []
        self.country_words = {w for ws in lexicon.affiliations.values() for w in ws}
        # single-word role nouns of the lexicon ("mediator", "economist") can precede a name
        self.role_words = {w for ws in lexicon.types.values() for w in ws if " " not in w}
        # every capitalised word -> its positions, so name look-ups never rescan the text
        self.cap_pos: dict[str, list[int]] = {}
        for m in W.CAP_WORD.finditer(self.norm):
            self.cap_pos.setdefault(m.group(1), []).append(m.start())
        self._body_cache: dict[str, str] = {}
        self._gender_cache: dict[str, str | None] = {}
        self._names()
        self._desc_cache: dict[str, str] = {}

    # structure -------------------------------------------------------------------------------
    def _sentences(self) -> list[tuple[int, int]]:
        out = []
        pos = 0
        norm = self.norm
        n = len(norm)
        while pos <= n:
            nl = norm.find("\n", pos)
            if nl < 0:
                nl = n
            para = norm[pos:nl]
            if para.strip():
                out.extend((pos + s, pos + e) for s, e in sentence_spans(para))
            pos = nl + 1
        return out

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.s_starts, pos) - 1
        if i < 0:
            return self.sents[0] if self.sents else (0, len(self.norm))
        return self.sents[i]

    def in_quote(self, pos: int) -> Quote | None:
        i = bisect.bisect_right(self.q_starts, pos) - 1
        while i >= 0:
            q = self.quotes[i]
            if q.start < pos < q.end:
                return q
            if q.end < pos and i < len(self.quotes) - 1:
                break
            i -= 1
        return None

    def quotes_between(self, lo: int, hi: int) -> list[int]:
        i = bisect.bisect_left(self.q_starts, lo)
        out = []
        while i < len(self.quotes) and self.quotes[i].start < hi:
            if self.quotes[i].end <= hi + 1:
                out.append(i)
            i += 1
        return out

    def last_quote_before(self, pos: int) -> int | None:
        """Index of the quotation whose closing mark is the last one before ``pos``."""
        i = bisect.bisect_left(self.q_starts, pos) - 1
        while i >= 0:
            if self.quotes[i].end < pos:
                return i
            i -= 1
            if i >= 0 and self.quotes[i].end < pos:
                return i
            break
        return None

    # names -----------------------------------------------------------------------------------
    def _names(self) -> None:
        """Index person names: surname -> first full name, and name positions in order."""
        self.full_names: dict[str, str] = {}
        self.same_surname: dict[str, list[str]] = {}
        self._lower_words: frozenset[str] | None = None
        self.name_pos: list[tuple[int, str]] = []
        for m in W.NAME_CHUNK.finditer(self.norm):
            run: list[str] = []
            for tok in _GAP.sub(" \x00 ", m.group()).split():
                if tok == "\x00":  # a gap of several spaces is a lost comma: "Plaza de Armas   Francis"
                    if len(run) >= 2:
                        self._add_name(run, m.start())
                    run = []
                    continue
                clean = _POSSESSIVE_END.sub("", tok).rstrip(".")
                if len(clean) == 1 and tok.endswith("."):
                    clean += "."  # a middle initial keeps its period: "James B. Comey"
                low = clean.lower()
                month_name = low in _MONTH_SURNAMES and bool(run) and run[-1].lower() in _first_names()
                breaks = (low in W.ROLE_CAPS and not month_name) or low in W.PREPS or low in W.LEAD
                if breaks or self._is_country(clean) or not clean:
                    if run and clean and gazetteer_kind(f"{run[-1]} {clean}") == "organisation":
                        run.pop()  # "the Clinton White House": "White" belongs to the institution
                    if clean in _org_heads():
                        run = []  # "Seton Hall University": the name of a body, not a person
                    if len(run) >= 2:
                        self._add_name(run, m.start())
                    run = []
                else:
                    run.append(clean)
                    # a possessive or a sentence end ("the BBC. Asked") ends the name
                    if tok.endswith(("'s", "’s")) or (tok.endswith(".") and len(clean.rstrip(".")) > 1):
                        if len(run) >= 2:
                            self._add_name(run, m.start())
                        run = []
            if len(run) >= 2:
                self._add_name(run, m.start())
        # a headline's capitalised words run into the first name written there ("Gold Star Mom
        # Corners Obama"): a surname stands for a full form that opens on a first name
        # ("Barack Obama") when the text writes one, wherever the headline form comes
        for surname, names in self.same_surname.items():
            led = [n for n in names if _first_name_led(n)]
            if led and _headline_run(self.full_names.get(surname, "")):
                self.full_names[surname] = led[0]
                names.sort(key=_headline_run)
        # a surname after an honorific is a person even without a first name ("Mr. Smith")
        for m in _HONORIFIC_SURNAME.finditer(self.norm):
            self.full_names.setdefault(m.group(1), m.group(1))
        # surname-only mentions ("Mr Bolsonaro", "Bolsonaro") of a full name in the text
        for surname, full in self.full_names.items():
            for pos in self.cap_pos.get(surname, ())[:W.MAX_MENTIONS]:
                self.name_pos.append((pos, full))
        self.name_pos.sort()
        self.name_pos = [(p, n) for p, n in self.name_pos if self.in_quote(p) is None]

    def _add_name(self, run: list[str], pos: int) -> None:
        # words before a first name are no part of the name when they are headline words
        # ("Black Lawmakers Rip Donald Trump" -> "Donald Trump") or common words the text also
        # writes in lower case ("Photographer David Becker"); a run led by a first name ("Earl Ray
        # Tomblin") or an initial, or by a given name the list lacks ("Ahmad Ali Bradshaw"), keeps them
        lead = next((k for k, w in enumerate(run[:-1]) if w.lower() in _first_names() or _INITIAL_WORD.match(w)),
                    None)
        if lead and (self._headline_line(pos) or all(self._common_word(w) for w in run[:lead])):
            run = run[lead:]
        run = run[-3:]
        if any(not w[:1].isalpha() for w in run):
            return
        full = " ".join(run)
        if gazetteer_kind(full) in ("place", "organisation"):
            return  # "in Tulsa, New Jersey": a place is no one a pronoun stands for
        self.full_names.setdefault(run[-1], full)
        names = self.same_surname.setdefault(run[-1], [])
        if full not in names:
            names.append(full)
        self.name_pos.append((pos, full))

    def _common_word(self, word: str) -> bool:
        """Whether the text also writes ``word`` in lower case (a common word, not a name)."""
        if self._lower_words is None:
            self._lower_words = frozenset(_LOWER_WORD.findall(self.norm))
        return word.lower() in self._lower_words

    def _headline_line(self, pos: int) -> bool:
        """Whether the line at ``pos`` is in headline case: three words of four letters or more,
        at least four in five of them capitalised."""
        start = self.norm.rfind("\n", 0, pos) + 1
        end = self.norm.find("\n", pos)
        words = _LONG_WORD.findall(self.norm, start, end if end >= 0 else len(self.norm))
        return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)

    def _is_country(self, word: str) -> bool:
        return word in self.country_words

    def resolve_person(self, name_tokens: list[str], gender: str | None = None, pos: int | None = None) -> str:
        """The full name a surname stands for in this text ("Kerry" -> "John Kerry"): of
        several with that surname, the most recent one before ``pos`` whose gender fits the
        mention's honorific ("Mrs. Trump" is not Donald); the surname alone when none fits."""
        if len(name_tokens) != 1:
            return " ".join(name_tokens)
        surname = name_tokens[0]
        fulls = self.same_surname.get(surname, [])
        if not fulls and surname.lower() not in _first_names():
            # family name first ("Li Keqiang" ... "Li said"): the one full name it opens
            opening = {n for n in self.full_names.values() if n.split()[0] == surname and len(n.split()) == 2}
            if len(opening) == 1:
                return opening.pop()
        elif not fulls and surname not in self.full_names:
            # a given name alone ("Jennifer said") is the one full name of the text it opens
            # ("Jennifer Brea"), when the text writes no one with it as surname
            opening = {n for ns in self.same_surname.values() for n in ns
                       if n.split()[0] == surname and len(n.split()) in (2, 3)}
            if len(opening) == 1:
                return opening.pop()
        if len(fulls) > 1 and pos is not None:
            before = [n for p, n in self.name_pos if p < pos and n in fulls]
            fulls = list(dict.fromkeys(reversed(before))) + fulls
        for full in fulls or [self.full_names.get(surname, surname)]:
            if full == surname or not gender or self.gender(full) in (None, gender):
                return full
        return surname

    def gender(self, full: str) -> str | None:
        """Gender hint of a person in this text: first name, else an honorific or gendered
        title before any mention of the surname ("Mrs. Clinton", "Congresswoman Waters")."""
        if full in self._gender_cache:
            return self._gender_cache[full]
        found = gender_of(full)
        surname = full.split()[-1]
        if found is None:
            for pos in self.cap_pos.get(surname, ())[:W.MAX_MENTIONS]:
                m = _TITLE_BEFORE.search(self.norm, max(0, pos - 20), pos)
                if m and m.end() == pos:
                    found = gender_of(f"{m.group(1)} {surname}")
                    if found:
                        break
        self._gender_cache[full] = found
        return found

    def last_person_before(self, pos: int, gender: str | None = None) -> str:
        """The most recent person before ``pos`` (a speaker or a name outside quotations)
        whose gender is ``gender`` or unknown; people of the other gender are passed over;
        "" when none is within reach."""
        lo = pos - _PRONOUN_REACH
        candidates = []
        for a in reversed(self.attrs):  # attributions arrive in text order: stop once out of reach
            if a.cue_start < lo:
                break
            if a.person and a.cue_start < pos:
                candidates.append((a.cue_start, a.speaker))
        i = bisect.bisect_left(self.name_pos, (pos, ""))
        k = bisect.bisect_left(self.name_pos, (lo, ""))
        candidates.extend(self.name_pos[k:i])
        candidates.sort()
        for _, name in reversed(candidates):
            g = self.gender(name)
            if gender is None or g is None or g == gender:
                return name
        return ""

    # descriptors ------------------------------------------------------------------------------
    def person_descriptor(self, full: str) -> str:
        """Every title, apposition and "of ..." phrase the text attaches to this person."""
        if full in self._desc_cache:
            return self._desc_cache[full]
        surname = full.split()[-1]
        parts = [full]
        for pos in self.cap_pos.get(surname, [])[:W.MAX_MENTIONS]:
            end = pos + len(surname)
            if not self.norm.startswith(surname, pos) or (end < len(self.norm) and self.norm[end].isalnum()):
                continue
            m = _Span(pos, end)
            left = self.norm[max(0, m.start() - 120) : m.start()]
            toks = tokens(left, 0)
            # drop the first name(s) of the full name
            firsts = full.split()[:-1]
            while toks and firsts and toks[-1].text == firsts[-1]:
                toks.pop()
                firsts.pop()
            pre: list[str] = []
            for t in reversed(toks):
                low = t.low.rstrip(".")
                if (t.cap and low not in W.LEAD and low not in {"the", "a", "an"}) or (
                    low in W.PEOPLE_NOUNS or low in self.role_words
                    or low in {"of", "press", "deputy", "senior", "former"}
                ):
                    pre.append(t.text)
                    if len(pre) >= 7:
                        break
                else:
                    break
            while pre and pre[-1].lower() == "of":
                pre.pop()
            if pre:
                parts.append(" ".join(reversed(pre)))
            right = self.masked[m.end() : m.end() + 200]
            app = re.match(r"(?:'s)?\s*,\s+((?:the|a|an|who|spokesperson|spokesman|spokeswoman|"
                           r"[a-z]+(?:\s+[a-z]+)?\s+(?:of|for|at))\b[^.;\"]{0,150}?)\s*[,.;]",
                           right)
            if app:
                parts.append(self.norm[m.end() + app.start(1) : m.end() + app.end(1)])
            party = _PARTY_AFTER.match(self.norm, m.end())
            if party:
                parts.append(party.group(1))
            post = re.match(r"\s+(?:of|from|at)\s+(?:the\s+)?([A-Z][^,.;\"]{0,80})", right)
            if post:
                parts.append(self.norm[m.end() + post.start(1) : m.end() + post.end(1)])
        desc = "; ".join(parts)
        self._desc_cache[full] = desc
        return desc

    def body_with_country(self, name: str) -> str:
        """A country-prefixed form of an institution name found elsewhere in the text."""
        core = name.strip()
        if not core or not core[:1].isupper():
            return ""
        if core in self._body_cache:
            return self._body_cache[core]
        found = set()
        first = core.split()[0]
        for pos in self.cap_pos.get(first, [])[: 5 * W.MAX_MENTIONS]:
            if not self.norm.startswith(core, pos):
                continue
            m = re.search(r"([\w.']+)\s+$", self.norm[max(0, pos - 40) : pos])
            if m:
                word = m.group(1)
                if self._is_country(re.sub(r"'s$", "", word)) or self._is_country(word):
                    found.add(word)
        result = f"{found.pop()} {core}" if len(found) == 1 else ""
        self._body_cache[core] = result
        return result
