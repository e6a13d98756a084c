"""Who is quoted: direct, indirect and mixed attributions with speaker, cue, type and side.

Unit of observation: one row per attribution (a stretch of reported speech tied to a
source by a cue). Columns of :func:`extract_quotes`:

``speaker``      canonical name ("Viktor Kremenyuk" where the text says "Kremenyuk" or
                 "he"); for a group or body, the phrase as written without its article
``mention``      the speaker as written at the cue
``cue``          reporting verb or phrase ("said", "told", "according to", ":", "—")
``kind``         direct (wholly inside quotation marks), indirect (no quotation marks),
                 mixed (reported speech containing a quoted fragment)
``quote``        the attributed content; ``start``/``end`` its offsets in the input text
``via``          channel or outer source ("Twitter", "RIA Novosti", "statement")
``source_type``  official, expert, media, organization, anonymous, other
``affiliation``  the country or body the source speaks for ("" if unknown)
``cue_start``/``cue_end``  offsets of the cue
``is_person``    True when the speaker is a named person (not a body, group or pronoun)

Method: rules over reporting verbs and sentence structure, in the tradition of the
rule-based quotation extractors of Pouliquen et al. (2007), Krestel et al. (2008),
Pareti (2016, PARC 3.0 attribution relations) and the Gender Gap Tracker (Asr et al.
2021), without a parser: quotation marks are paired per paragraph (curly marks give the
direction, straight marks are read from the characters around them, unbalanced marks
degrade to the end of the paragraph), each reporting cue outside a quotation is tied to
a subject noun phrase (before the verb, inverted after it, or shared with a coordinated
or participial verb) and to its content (a that-clause or bare clause after the verb, a
quotation after it, or the clause or quotation before it); "according to X", "X was
quoted as saying", "referred to/described ... as", colon and dash attributions and
unattributed quotations that directly continue an attributed one are handled
explicitly. Speakers are resolved within the text: a surname or pronoun joins the most
recent full name / person speaker, a short body name ("Foreign Ministry") the single
longer one in the text. Source type and side come from the words that introduce the
source, see :mod:`analysis.sources`.

Scope (what counts as an attribution): content expressed as a clause or quotation and
tied to a source by a cue, including accusations and blame with a clausal object
("accused X of doing Y"). Not counted: quotations nested inside another quotation,
scare quotes and titles in quotation marks, cognition verbs (think, believe), and speech
acts with only a noun object ("denied the claim", "welcomed the decision").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import pandas as pd

from analysis.sources import (
    DEFAULT_LEXICON,
    SourceLexicon,
    classify_source,
)
from analysis.text import normalize, sentence_spans

COLUMNS = [
    "speaker", "mention", "cue", "kind", "quote", "start", "end", "via",
    "source_type", "affiliation", "cue_start", "cue_end", "is_person",
]

# --- reporting verbs --------------------------------------------------------------------------
# lemma -> inflected forms that are matched. Forms that are also common nouns ("state",
# "report", "claim", "note") are matched only in their -ed/-ing forms.
REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    lemma: tuple(forms.split())
    for lemma, forms in {
        "say": "say says said saying",
        "tell": "tell tells told telling",
        "add": "add adds added adding",
        "write": "write writes wrote writing",
        "state": "stated stating",
        "note": "noted noting",
        "report": "reported reporting",
        "announce": "announce announces announced announcing",
        "explain": "explain explains explained explaining",
        "reply": "replied replying",
        "respond": "responded responding",
        "answer": "answered",
        "comment": "commented",
        "observe": "observed",
        "remark": "remarked",
        "recall": "recalled recalls",
        "confirm": "confirm confirms confirmed confirming",
        "ask": "asked",
        "reiterate": "reiterate reiterates reiterated reiterating",
        "repeat": "repeated",
        "tweet": "tweeted",
        "post": "posted",
        "claim": "claimed claiming",
        "insist": "insist insists insisted insisting",
        "admit": "admit admits admitted admitting",
        "accuse": "accuse accuses accused accusing",
        "deny": "deny denies denied denying",
        "stress": "stressed stressing",
        "emphasize": "emphasize emphasizes emphasized emphasizing emphasise emphasises "
        "emphasised emphasising",
        "warn": "warn warns warned",
        "argue": "argue argues argued arguing",
        "allege": "alleged alleging",
        "assert": "asserted asserting",
        "maintain": "maintained",
        "contend": "contend contends contended",
        "concede": "concede concedes conceded",
        "acknowledge": "acknowledge acknowledges acknowledged acknowledging",
        "complain": "complained",
        "urge": "urge urges urged urging",
        "blame": "blame blames blamed blaming",
        "declare": "declared",
        "suggest": "suggested",
        "predict": "predicted",
        "reveal": "revealed",
        "vow": "vowed",
        "point out": "pointed_out",
    }.items()
}
_FORM_TO_LEMMA = {f.replace("_", " "): lemma for lemma, fs in REPORTING_VERBS.items() for f in fs}
# verbs whose object is the addressee or target, before the content
_OBJECT_VERBS = {"tell", "urge", "accuse", "blame", "ask"}
# verbs that need an object clause and cannot stand after their content ("X, he denied.")
_NO_TRAILING = {"deny", "accuse", "blame", "urge", "reveal", "confirm"}

_CUE_RE = re.compile(
    r"(?P<quoted>\b(?:was|were|is|are|has been|have been|had been)\s+quoted\s+as\s+saying\b)"
    r"|(?P<actquoted>\bquoted\s+(?P<qwho>[^,.;:\"]{2,80}?)\s+as\s+saying\b)"
    r"|(?P<according>\b[Aa]ccording\s+to\b)"
    r"|(?P<refer>\b(?:referred|refers|refer|referring)\s+to\s+(?P<robj>[^.;:\"]{1,80}?)\s+as\b"
    r"|\b(?:described|describes|describing|called|calls|dubbed|branded)\s+"
    r"(?P<dobj>[^.;:\"]{1,60}?)\s+as\b)"
    r"|(?P<verb>\b(?:" + "|".join(
        sorted((re.escape(f) for f in _FORM_TO_LEMMA), key=len, reverse=True)
    ) + r")\b)"
)

# --- word classes for the noun-phrase reader ------------------------------------------------
_DETS = set(
    "the a an his her its their our this these those some several many two three four "
    "both all other another one".split()
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_PREPS = set(
    "of for in on at by with from to after before during about over under into via against "
    "between among through within without near across around since amid upon than like".split()
)
_RELS = {"who", "which", "that", "whom", "whose", "where", "when", "what"}
_AUX = set(
    "is are was were be been being has have had will would can could may might should must "
    "do does did shall not never".split()
)
_ADVS = set(
    "also initially later then again still already once recently previously repeatedly "
    "publicly privately separately just only even earlier first finally further however too "
    "reportedly afterward afterwards meanwhile now today yesterday long".split()
)
_LEAD = set(
    "and but while whereas although though because since as when so then meanwhile however "
    "yet moreover still instead now also afterward afterwards later earlier thus hence after "
    "before if once where or nor".split()
)
# Heads after "according to" that are norms or plans, not sources ("according to plan").
_NOT_SOURCES = {"plan", "plans", "schedule", "agreement", "agreements", "law", "laws", "rules",
                "rule", "constitution", "tradition", "custom", "protocol", "terms", "deal",
                "treaty", "procedure", "script", "expectations", "design", "instructions"}
_PERSON_NAME = re.compile(
    r"[A-Z][\w'-]+(?:\s+(?:(?:de|van|von|der|den|al|bin|da|di|du|la|le|del|ter)\s+)?[A-Z][\w'-]+){1,2}"
)
_PARTICLES = {"de", "van", "von", "der", "den", "al", "bin", "ibn", "da", "di", "du", "la", "le",
              "del", "della", "ter", "dos", "das"}
_POSTMOD = {"familiar", "close", "knowledgeable", "briefed", "involved"}
_NAME_JOIN = {"of", "for", "and", "de", "al", "von", "van", "der", "bin", "la", "le", "du", "del"}
# Nouns that can head a source phrase without a capital letter.
_PEOPLE_NOUNS = set(
    "people residents witnesses voters critics activists protesters demonstrators members "
    "supporters opponents officers doctors investigators prosecutors scientists economists "
    "colleagues relatives family families neighbours neighbors locals students teachers "
    "workers employees staff spokesman spokeswoman spokesperson representative "
    "representatives leader leaders chief head minister ministers president secretary "
    "ambassador envoy diplomat diplomats official officials source sources analyst analysts "
    "expert experts observers observer authorities government ministry department "
    "delegation administration agency report statement communique study survey data "
    "figures estimates police army military commander general aide aides adviser advisers "
    "advisor advisors lawmaker lawmakers senator congressman mayor governor organization "
    "organisation group committee council commission union alliance coalition party "
    "movement company firm bank media newspaper journalist journalists reporter reporters "
    "correspondent editor broadcaster insiders insider side sides negotiators parties "
    "participants rebels separatists militants fighters troops forces partners allies "
    "countries states kremlin".split()
)
_DOC_NOUNS = {
    "statement", "report", "release", "communique", "letter", "website", "site", "post",
    "tweet", "document", "note", "transcript", "announcement", "readout", "decree", "notice",
}
# Capitalised words that are titles, institutions or furniture, never part of a person's name.
_TITLE_WORDS = set(
    """
    president vice prime minister foreign defense defence interior finance economy trade
    justice secretary state general spokesman spokeswoman spokesperson press ambassador
    senator sen rep gov governor mayor chancellor king queen prince princess pope chairman
    chairwoman chair director chief deputy head adviser advisor aide commander gen col lt
    maj capt mr mrs ms dr prof professor judge attorney speaker leader officer envoy lord sir
    dame rev sheikh emir crown supreme fm pm mp ceo analyst kremlin ministry department
    embassy agency center centre institute academy university council commission committee
    organization organisation union office house parliament congress senate government army
    news times post journal daily tv radio the a an but and or so yet meanwhile afterward
    afterwards however although while when since as if in on at for of by with from to this
    that these those his her its their our we he she they it i said says photo updated read
    more contact support
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december jan feb mar apr jun jul aug sep sept
    oct nov dec
    """.split()
)
_ROLE_CAPS = _TITLE_WORDS | _PEOPLE_NOUNS | set(
    "economist economists professor coach activist lawyer expert scholar researcher analyst "
    "historian spokesman spokeswoman editor columnist writer author resident witness "
    "director manager founder chairman ceo".split()
)
# Unnamed people: a speaker phrase headed by one of these, with no name, is anonymous.
_ANON_HEADS = {"official", "officials", "diplomat", "diplomats", "aide", "aides", "source",
               "sources", "insider", "insiders", "people", "person", "someone"}
_GAP_WORDS = set(
    """
    on in at via to with during after before a an the his her their its statement interview
    interviews reporters journalists media press conference briefing news agency page
    account post tweet message letter speech remarks address meeting call phone telephone
    television tv radio broadcast website site web blog video earlier later today yesterday
    tonight week month year last this next weekend morning afternoon evening night
    separately also again repeatedly publicly privately him her them us me lawmakers
    parliament audience crowd supporters committee summit forum hearing session joint
    official state local social written televised emailed online late early own told
    statements channel channels show programme program
    """.split()
)
_MAX_MENTIONS = 40  # mentions of one name read for its descriptors (first ones carry them)
_PARENTHETICAL = {"however", "though", "too", "also", "meanwhile", "moreover", "instead",
                  "nevertheless", "again", "earlier", "later", "separately", "yesterday", "today"}
_PLATFORMS = (
    "Twitter", "Facebook", "Instagram", "Telegram", "YouTube", "VKontakte", "Weibo", "TikTok",
    "LinkedIn", "Truth Social", "X",
)
_PLATFORM_RE = re.compile(r"\b(" + "|".join(_PLATFORMS) + r")\b")

_TOKEN_RE = re.compile(r"(?:[A-Za-z]\.){2,}(?:-\w+)*|\w+(?:['’-]\w+)*|[^\w\s]")
_WORD_CHAR = re.compile(r"\w")
_NAME_CHUNK = re.compile(
    r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|van|von|der|den|al|bin|da|di|du|la|le|del|ter)\s+)?[A-Z][\w'’.-]*)*"
)
_CAP_WORD = re.compile(r"\b([A-Z][\w-]*)(?:['’]s)?")
_ABBREV_RE = re.compile(r"\b(?:[A-Za-z]\.){2,}|\b(?:Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|"
                        r"Prof|Gen|Sen|Rep|Gov|St|No|Lt|Col|Jr|Sr)\.")
# wire dateline at the start of a story: "PORTVILLE (Reuters) - ", "MOSCOW, May 12 (AP) — "
_DATELINE = re.compile(r"[A-Z][A-Z .'-]{2,40}(?:,[^()\n]{1,30})?(?:\s*\([^()\n]{1,30}\))?\s*[-—]+\s+")
_STRONG_BOUNDARY = re.compile(r",\s+(?:while|whereas)\s|;\s")
_TRAIL_CHANNEL = re.compile(
    r"(?:,?\s+(?:in|during|at)\s+(?:an?|the|his|her|their)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:interview|statement|briefing|conference|speech|address|remarks|post|tweet|"
    r"message|letter)(?:\s+(?:with|to|on|at)\s+[^,.;\"]{1,60})?"
    r"|,?\s+(?:on|via)\s+(?:\w+\s+){0,2}?(?:" + "|".join(_PLATFORMS) + r")\b(?:\s+\w+)?"
    r"|,?\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\s*[.,]?\s*$"
)


@dataclass
class _Tok:
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
        return bool(_WORD_CHAR.match(self.text))


def _tokens(text: str, offset: int) -> list[_Tok]:
    return [_Tok(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN_RE.finditer(text)]


@dataclass
class _NP:
    start: int
    end: int
    tokens: list[_Tok]

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]


@dataclass
class _Quote:
    start: int  # offset of the opening mark
    end: int  # offset of the closing mark (or paragraph end when unclosed)
    closed: bool
    continued: bool = False  # runs on into the next paragraph (unclosed by convention)
    claimed: bool = False

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end


@dataclass
class _Attr:
    cue: str
    lemma: str
    cue_start: int
    cue_end: int
    region_start: int  # where the attribution's own words (subject, cue) begin
    np: _NP | None = None
    speaker_np_text: str = ""
    inherited: _Attr | None = None
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


# --- quotation marks --------------------------------------------------------------------------
_OPEN_CURLY = "\u201c\u201e\u00ab\u301d"
_CLOSE_CURLY = "\u201d\u00bb\u301e"


def _quote_spans(norm: str, raw: str) -> list[_Quote]:
    """Pair double quotation marks per paragraph (one line = one paragraph)."""
    spans: list[_Quote] = []
    pos = 0
    n = len(norm)
    lines: list[tuple[int, int]] = []
    while pos <= n:
        nl = norm.find("\n", pos)
        if nl < 0:
            nl = n
        if norm[pos:nl].strip():
            lines.append((pos, nl))
        pos = nl + 1
    for li, (ls, le) in enumerate(lines):
        open_at: int | None = None
        idx = norm.find('"', ls, le)
        while idx >= 0:
            role = _mark_role(norm, raw, idx, ls, le)
            if role == "toggle":
                role = "open" if open_at is None else "close"
            if role == "open":
                if open_at is not None:  # missing closing mark: close before this one
                    spans.append(_Quote(open_at, _rstrip_pos(norm, open_at, idx), False))
                open_at = idx
            else:
                if open_at is not None:
                    spans.append(_Quote(open_at, idx, True))
                    open_at = None
                else:  # closing mark with no opening one: quote from the paragraph start
                    spans.append(_Quote(ls - 1, idx, False))
            idx = norm.find('"', idx + 1, le)
        if open_at is not None:
            nxt = lines[li + 1][0] if li + 1 < len(lines) else None
            continued = nxt is not None and norm[nxt] == '"'
            end = _rstrip_pos(norm, open_at, le)
            if not continued:
                # a forgotten closing mark: end the quotation before an attribution inside it
                cut = _UNCLOSED_CUE.search(norm, open_at + 1, end)
                if cut:
                    end = cut.start() + 1
            spans.append(_Quote(open_at, end, False, continued))
    spans.extend(_single_quote_spans(norm, raw, lines, spans))
    spans.sort(key=lambda q: q.start)
    return spans


_UNCLOSED_CUE = re.compile(
    r",\s+(?:(?:he|she|they|it|(?:the\s+)?(?:[A-Z][\w'.-]*\s+){1,4})"
    r"(?:said|says|told|added|asked|wrote)|(?:said|says|added|asked|wrote)\s)"
)
_SQ_OPEN = re.compile(r"(?:(?<=^)|(?<=[\s(\[—]))'(?=[A-Za-z])", re.MULTILINE)
_SQ_CLOSE = re.compile(r"(?<=[^\s])'(?=[\s,.;:!?)\]—]|$)", re.MULTILINE)


def _single_quote_spans(
    norm: str, raw: str, lines: list[tuple[int, int]], doubles: list[_Quote]
) -> list[_Quote]:
    """British-style 'single' quotations outside double ones, at least two words long.

    An apostrophe that ends a plural possessive ("the countries' talks") is not a closing
    mark; a curly right mark never opens and a curly left mark never closes.
    """
    inside = [(q.start, q.end) for q in doubles]
    starts = [s for s, _ in inside]

    def in_double(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and inside[i][0] <= pos <= inside[i][1]

    out = []
    for ls, le in lines:
        if "'" not in norm[ls:le]:
            continue
        opens = [m.start() for m in _SQ_OPEN.finditer(norm, ls, le)
                 if raw[m.start()] != "\u2019" and not in_double(m.start())]
        closes = [m.start() for m in _SQ_CLOSE.finditer(norm, ls, le)
                  if raw[m.start()] != "\u2018" and not in_double(m.start())
                  and not re.match(r"(?<=s)'\s+[a-z]", norm[m.start() - 1 : m.start() + 3])]
        ci = 0
        last_end = -1
        for o in opens:
            if o <= last_end:
                continue
            while ci < len(closes) and closes[ci] <= o:
                ci += 1
            if ci >= len(closes):
                break
            c = closes[ci]
            if " " in norm[o + 1 : c].strip():
                out.append(_Quote(o, c, True))
                last_end = c
    return out


def _rstrip_pos(norm: str, lo: int, hi: int) -> int:
    while hi > lo + 1 and norm[hi - 1].isspace():
        hi -= 1
    return hi


def _mark_role(norm: str, raw: str, i: int, ls: int, le: int) -> str:
    ch = raw[i] if i < len(raw) else '"'
    if ch in _OPEN_CURLY:
        return "open"
    if ch in _CLOSE_CURLY:
        return "close"
    prev = norm[i - 1] if i > ls else " "
    nxt = norm[i + 1] if i + 1 < le else " "
    if (prev.isspace() or prev in "([{—-/") and not nxt.isspace():
        return "open"
    if not prev.isspace() and (nxt.isspace() or nxt in ",.;:!?)]}—-"):
        return "close"
    return "toggle"


# --- the extractor --------------------------------------------------------------------------
class _Doc:
    def __init__(self, text: str, lexicon: SourceLexicon) -> None:
        self.raw = text
        self.norm = normalize(text)
        # periods inside abbreviations ("U.S.") hidden so phrase regexes can stop at "."
        self.masked = _ABBREV_RE.sub(lambda m: m.group().replace(".", "\x00"), self.norm)
        self.lex = lexicon
        self.quotes = _quote_spans(self.norm, self.raw)
        self.q_starts = [q.start for q in self.quotes]
        self.sents = self._sentences()
        self.s_starts = [s for s, _ in self.sents]
        self.attrs: list[_Attr] = []
        self.country_words = {w for ws in lexicon.affiliations.values() for w in ws}
        # single-word role nouns of the lexicon ("mediator", "economist") can precede a name
        self.role_words = {w for ws in lexicon.types.values() for w in ws if " " not in w}
        # every capitalised word -> its positions, so name look-ups never rescan the text
        self.cap_pos: dict[str, list[int]] = {}
        for m in _CAP_WORD.finditer(self.norm):
            self.cap_pos.setdefault(m.group(1), []).append(m.start())
        self._body_cache: dict[str, str] = {}
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

    def in_quote(self, pos: int) -> _Quote | None:
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
        self.name_pos: list[tuple[int, str]] = []
        for m in _NAME_CHUNK.finditer(self.norm):
            run: list[str] = []
            for tok in m.group().split():
                clean = re.sub(r"(?:'s|’s|')$", "", tok).rstrip(".")
                if clean.lower() in _ROLE_CAPS or self._is_country(clean) or not clean:
                    if len(run) >= 2:
                        self._add_name(run, m.start())
                    run = []
                else:
                    run.append(clean)
                    if tok.endswith(("'s", "’s")):
                        if len(run) >= 2:
                            self._add_name(run, m.start())
                        run = []
            if len(run) >= 2:
                self._add_name(run, m.start())

    def _add_name(self, run: list[str], pos: int) -> None:
        run = run[-3:]
        if any(not w[:1].isalpha() for w in run):
            return
        full = " ".join(run)
        self.full_names.setdefault(run[-1], full)
        self.name_pos.append((pos, full))

    def _is_country(self, word: str) -> bool:
        return word in self.country_words

    def resolve_person(self, name_tokens: list[str]) -> str:
        if len(name_tokens) == 1:
            return self.full_names.get(name_tokens[0], name_tokens[0])
        return " ".join(name_tokens)

    def last_person_before(self, pos: int) -> str:
        for a in reversed(self.attrs):
            if a.cue_start < pos and a.person:
                return a.speaker
        i = bisect.bisect_left(self.name_pos, (pos, "")) - 1
        return self.name_pos[i][1] if i >= 0 else ""

    # descriptors ------------------------------------------------------------------------------
    def person_descriptor(self, full: str) -> str:
        """Every title, apposition and "of ..." phrase the text attaches to this person."""
        if full in self._desc_cache:
            return self._desc_cache[full]
        surname = full.split()[-1]
        parts = [full]
        for pos in self.cap_pos.get(surname, [])[:_MAX_MENTIONS]:
            m = re.compile(re.escape(surname) + r"\b").match(self.norm, pos)
            if m is None:
                continue
            left = self.norm[max(0, m.start() - 120) : m.start()]
            toks = _tokens(left, 0)
            # drop the first name(s) of the full name
            firsts = full.split()[:-1]
            while toks and firsts and toks[-1].text == firsts[-1]:
                toks.pop()
                firsts.pop()
            pre: list[str] = []
            for t in reversed(toks):
                low = t.low.rstrip(".")
                if (t.cap and low not in _LEAD and low not in {"the", "a", "an"}) or (
                    low in _PEOPLE_NOUNS or low in self.role_words
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
        for pos in self.cap_pos.get(first, [])[: 5 * _MAX_MENTIONS]:
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


# --- noun phrases --------------------------------------------------------------------------
def _first_np(toks: list[_Tok], *, skip_lead: bool = True) -> _NP | None:
    i = 0
    while i < len(toks) and (
        not toks[i].word or (skip_lead and toks[i].low in _LEAD)
    ):
        i += 1
    if i >= len(toks):
        return None
    if toks[i].low in _PRONOUNS:
        return _NP(toks[i].start, toks[i].end, [toks[i]])
    j = i
    while j < len(toks) and toks[j].low in _DETS:
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
        if t.cap and low not in _RELS:
            caps += 1
        elif low in _NAME_JOIN and caps and nxt is not None and (
            nxt.cap or (nxt.low == "the" and j + 2 < len(toks) and toks[j + 2].cap)
        ):
            if low == "and" and nxt.cap and content == caps and caps >= 1:
                pass  # "Kerry and Lavrov": coordinated names
            j += 1
            if toks[j].low == "the":
                j += 1
            continue
        elif low in _PREPS or low in _RELS or low in _AUX or low in _ADVS or low in _FORM_TO_LEMMA or (
            low in _POSTMOD and content
        ):
            break
        elif low.endswith("ly") and len(low) > 4:
            break
        elif (low.endswith("ed") or low.endswith("ing")) and len(low) >= 5 and (
            caps or heads or content >= 2
        ):
            break
        elif low == "and" and nxt is not None and (nxt.low in _DETS or nxt.cap):
            j += 1
            continue
        elif low in _PEOPLE_NOUNS:
            heads += 1
        content += 1
        j += 1
    np_toks = [t for t in toks[i:j] if t.word]
    if not np_toks or all(t.low in _DETS for t in np_toks):
        return None
    return _NP(np_toks[0].start, np_toks[-1].end, np_toks)


_IRREGULAR_PAST = set(
    "went came gave took made saw rose fell got knew thought told said left held met sent won "
    "lost paid put set kept ran stood began became brought found felt led meant spent "
    "understood wrote spoke chose broke drove grew threw fought sold bought built hit cut "
    "shut struck sought taught caught".split()
)
_CLAUSE_START = {"he", "she", "it", "they", "we", "i", "you", "there", "this", "that"}


def _join(*parts: str) -> str:
    return "; ".join(p.strip() for p in parts if p and p.strip())


def _looks_like_clause(text: str) -> bool:
    """Whether bare content after a verb ("said the talks would fail") has a verb of its own.

    Without a tagger: an auxiliary or modal, a past-tense -ed form or a common irregular
    past form, or a subject pronoun at the start. Keeps out noun objects ("said goodbye",
    "insisting the regime change").
    """
    words = [w.lower() for w in re.findall(r"[A-Za-z']+", text)]
    if not words:
        return False
    if words[0] in _CLAUSE_START or text.lstrip().startswith('"'):
        return True
    for i, w in enumerate(words):
        if w in _AUX or w in _IRREGULAR_PAST or "'" in w and w.split("'")[-1] in ("s", "re", "ll", "d", "ve"):
            return True
        if i > 0 and w.endswith("ed") and len(w) > 4 and words[i - 1] not in _DETS:
            return True
    return False


def _source_like(np: _NP) -> bool:
    for t in np.tokens:
        low = t.low.rstrip("'s")
        if low in _PRONOUNS and len(np.tokens) == 1:
            return True
        if t.cap and t.low not in _DETS and t.low not in _LEAD:
            return True
        if t.low in _PEOPLE_NOUNS or low in _PEOPLE_NOUNS:
            return True
    return False


_TRAIL_STRIP = _AUX | _ADVS | {"to", "said", "continues", "continued", "continue", "went", "on",
                               "been", "having", "just", "publicly", "once", "again"}


def _strip_trailing(text: str) -> str:
    """Remove auxiliaries and adverbs between a subject and its verb."""
    while True:
        m = re.search(r"(\s*)(\b[\w']+)\s*$", text)
        if not m:
            return text
        word = m.group(2).lower()
        if word in _TRAIL_STRIP or (word.endswith("ly") and len(word) > 4):
            text = text[: m.start(2)]
            continue
        return text


# --- main algorithm ------------------------------------------------------------------------
class _Extractor:
    def __init__(self, text: str, lexicon: SourceLexicon) -> None:
        self.d = _Doc(text, lexicon)

    def run(self) -> list[_Attr]:
        d = self.d
        for s_start, s_end in d.sents:
            self._sentence(s_start, s_end)
        self._continuations()
        self._colon_dash()
        d.attrs.sort(key=lambda a: (a.start, a.cue_start))
        return d.attrs

    # cues -----------------------------------------------------------------------------------
    def _cues(self, s_start: int, s_end: int) -> list[_Attr]:
        d = self.d
        sent = d.norm[s_start:s_end]
        out = []
        for m in _CUE_RE.finditer(sent):
            cs, ce = m.start() + s_start, m.end() + s_start
            if d.in_quote(cs):
                continue
            after = d.norm[ce : ce + 12]
            before = d.norm[max(0, cs - 12) : cs].lower()
            if m.group("verb"):
                form = m.group("verb")
                lemma = _FORM_TO_LEMMA[form]
                if form == "said" and re.match(r"\s+to\s+(?:have|be)\b", after):
                    continue
                if re.search(r"\b(?:was|were|is|are|be|been|being)\s+$", before) and lemma in (
                    "tell", "accuse", "blame", "urge", "ask", "say", "report", "claim", "allege"
                ):
                    continue  # passive ("was told", "is alleged") - not the source speaking
                if form.endswith("ing") and re.search(
                    r"\b(?:by|of|for|without|about|in|on|at|from)\s+$", before
                ):
                    continue
                if re.search(r"\b(?:a|an|the|this|that|his|her|their|its)\s+$", before):
                    continue  # a noun: "a warning", "the claims"
                out.append(_Attr(form, lemma, cs, ce, cs))
            elif m.group("according"):
                out.append(_Attr("according to", "according to", cs, ce, cs))
            elif m.group("quoted"):
                out.append(_Attr(m.group("quoted"), "be quoted as saying", cs, ce, cs))
            elif m.group("actquoted"):
                a = _Attr("quoted ... as saying", "quote ... as saying", cs, ce, cs)
                a.speaker_np_text = m.group("qwho")
                out.append(a)
            elif m.group("refer"):
                obj = "robj" if m.group("robj") else "dobj"
                verb = m.group("refer").split()[0].lower()
                lemma = "refer to ... as" if verb.startswith("refer") else "describe ... as"
                cue = "referred to ... as" if lemma.startswith("refer") else f"{verb} ... as"
                a = _Attr(cue, lemma, cs, cs + len(m.group("refer").split()[0]), cs)
                a.start = m.start(obj) + s_start
                out.append(a)
        return out

    # subject ----------------------------------------------------------------------------------
    def _subject(self, a: _Attr, lo: int, prev: _Attr | None) -> str:
        """Find the speaker phrase for a verb cue; returns the structure found."""
        d = self.d
        left = d.norm[lo : a.cue_start]
        stripped = _strip_trailing(left)
        stripped_r = stripped.rstrip()
        if stripped_r.endswith(","):
            found = self._apposition(lo, stripped_r)
            if found is not None:
                a.np, a.extra = found
                head_start = lo + len(left) - len(left.lstrip())
                a.region_start = min(a.np.start, max(lo, head_start))
                return "subject"
        seg_lo = lo
        for sep in (",", ";", "—", ":", '"', "(", ")"):
            k = stripped_r.rfind(sep)
            if k >= 0:
                seg_lo = max(seg_lo, lo + k + 1)
        seg_toks = _tokens(d.norm[seg_lo : lo + len(stripped_r)], seg_lo)
        np = _first_np(seg_toks)
        between = d.norm[np.end : a.cue_start] if np is not None else ""
        between = re.sub(r"\b(?:said|reported|alleged|claimed)\s+to\s+(?:have|be)\b", "", between)
        adjacent = np is not None and not _WORD_CHAR.search(_strip_trailing(between))
        if np is not None and (_source_like(np) or adjacent) and not any(
            t.low in _FORM_TO_LEMMA for t in _tokens(between, 0)
        ):
            np = self._extend_role(np, lo + len(stripped_r))
            a.extra = d.norm[np.end : a.cue_start] if len(between.split()) <= 12 else ""
            a.np = np
            a.region_start = np.start
            return "subject"
        words = [t for t in seg_toks if t.word and t.low not in _LEAD]
        if not words:
            # elided subject: "..., but said", "..., adding that"
            if prev is not None and prev.np is not None:
                a.inherited = prev
                a.region_start = seg_lo if seg_toks else a.cue_start
                return "inherited"
            if a.cue.endswith("ing") or (seg_toks and seg_toks[0].low in {"and", "but"}):
                prev_np = self._previous_segment_subject(lo, seg_lo)
                if prev_np is not None:
                    a.np = prev_np
                    a.region_start = seg_lo
                    return "participial"
            if not stripped_r.strip(' ,"—-'):
                return "inverted?"
        return ""

    def _extend_role(self, np: _NP, limit: int) -> _NP:
        """'a spokeswoman for the council', 'diplomats familiar with the talks'."""
        d = self.d
        tail = d.norm[np.end : limit]
        if (
            np.tokens[-1].low in _PEOPLE_NOUNS
            and "," not in tail
            and len(tail.split()) <= 10
            and re.match(r"\s+(?:familiar\s+with|close\s+to|briefed\s+on|with\s+knowledge\s+of|"
                         r"(?:for|of|at)\s)", tail)
        ):
            end = np.end + len(tail.rstrip())
            toks = _tokens(d.norm[np.start : end], np.start)
            return _NP(np.start, end, [t for t in toks if t.word])
        return np

    def _apposition(self, lo: int, stripped_r: str) -> tuple[_NP, str] | None:
        inner = stripped_r[:-1]
        k = inner.rfind(",")
        if k < 0:
            return None
        appos = inner[k + 1 :].strip()
        if not appos or len(appos.split()) > 25 or '"' in appos:
            return None
        head = inner[:k]
        h = max(head.rfind(","), head.rfind(";"), head.rfind('"'))
        toks = _tokens(head[h + 1 :], lo + h + 1)
        np = _first_np(toks)
        if np is None:
            return None
        head_text = head[h + 1 :].strip()
        a_lo = lo + k + 1 + (len(inner[k + 1 :]) - len(inner[k + 1 :].lstrip()))
        # "A spokesman for the Commission, Erik Lund, said": the apposition is the name
        if _PERSON_NAME.fullmatch(appos) and not any(
            t.cap and t.low not in _ROLE_CAPS for t in np.tokens
        ):
            return _NP(a_lo, a_lo + len(appos), _tokens(appos, a_lo)), head_text
        # "The report, published by the Crisis Group, warned": the issuer speaks
        issuer = re.match(r"(?:published|issued|released|compiled|prepared|written)\s+by\s+", appos)
        if issuer and np.tokens[-1].low in _DOC_NOUNS:
            off = a_lo + issuer.end()
            by_np = _first_np(_tokens(appos[issuer.end() :], off), skip_lead=False)
            if by_np is not None and _source_like(by_np):
                return by_np, head_text
        if not any(t.cap for t in np.tokens):
            if any(m in appos for m in ("declined to be named", "anonymity", "not authorized",
                                         "not authorised", "asked not to be")):
                return np, appos
            return None
        if np.end < lo + len(head.rstrip()) - 1:
            return None  # the apposition must follow the name directly
        return np, appos

    def _previous_segment_subject(self, lo: int, seg_lo: int) -> _NP | None:
        d = self.d
        text = d.norm[lo : max(lo, seg_lo - 1)]
        k = max(text.rfind(","), text.rfind(";"))
        toks = _tokens(text[k + 1 :], lo + k + 1)
        np = _first_np(toks)
        if np is not None and _source_like(np) and np.tokens[0].low not in _PREPS:
            return np
        return None

    def _inverted(self, a: _Attr, s_end: int) -> bool:
        d = self.d
        toks = _tokens(d.norm[a.cue_end : s_end], a.cue_end)
        np = _first_np(toks, skip_lead=False)
        if np is None or not _source_like(np):
            return False
        rest = d.norm[np.end : s_end].lstrip()
        if rest and rest[0] not in ",.;!?—-" and not rest.startswith(("who", "(")):
            return False
        named = re.match(r"\s*,\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){1,2})\s*(?:[,.;!?]|$)",
                         d.norm[np.end : s_end])
        if named and not any(t.cap for t in np.tokens):
            a.extra = d.norm[np.start : np.end]
            ns = np.end + named.start(1)
            np = _NP(ns, np.end + named.end(1), _tokens(named.group(1), ns))
        else:
            a.extra = d.masked[np.end : s_end].split(".")[0] if len(rest) < 200 else ""
        a.np = np
        a.region_start = a.cue_start
        return True

    # content ----------------------------------------------------------------------------------
    def _after_gap(self, a: _Attr, s_end: int) -> tuple[str, int]:
        """Skip object/channel words after the cue. Returns (what follows, position)."""
        d = self.d
        toks = _tokens(d.norm[a.cue_end : s_end], a.cue_end)
        pos = a.cue_end
        i = 0
        via_words: list[str] = []
        if a.lemma in _OBJECT_VERBS and a.lemma != "ask":
            np = _first_np(toks, skip_lead=False)
            if np is None and a.lemma != "tell":
                return "none", pos
            if np is not None:
                a.via = d.norm[np.start : np.end] if a.lemma == "tell" else a.via
                while i < len(toks) and toks[i].end <= np.end:
                    i += 1
                pos = np.end
                if a.lemma in ("accuse", "blame", "urge"):
                    nxt = toks[i].low if i < len(toks) else ""
                    need = {"accuse": ("of",), "blame": ("for",), "urge": ("to",)}[a.lemma]
                    if nxt in need:
                        return "clause", np.start
                    return "none", pos
        object_end = pos
        while i < len(toks):
            t = toks[i]
            if t.low == "that":
                self._set_via(a, d.norm[object_end : t.start])
                return "that", t.end
            if t.text == '"':
                self._set_via(a, d.norm[object_end : t.start])
                return "quote", t.start
            if t.text in (",", ":", "—", "-"):
                if (
                    t.text == ","
                    and i + 2 < len(toks)
                    and toks[i + 1].low in _PARENTHETICAL
                    and toks[i + 2].text == ","
                ):
                    i += 3
                    continue
                if i + 1 < len(toks) and toks[i + 1].text == '"':
                    self._set_via(a, d.norm[object_end : t.start])
                    return "quote", toks[i + 1].start
                if t.text in (":", "—"):
                    return "clause", t.end
                break
            if t.text in ".!?":
                break
            if t.cap or t.low in _GAP_WORDS or t.text[:1].isdigit():
                via_words.append(t.text)
                i += 1
                continue
            return "clause", object_end
        rest = d.norm[toks[i].start if i < len(toks) else s_end : s_end]
        if not rest.strip(" .!?\"") or (i < len(toks) and toks[i].text == ","):
            self._set_via(a, d.norm[object_end : toks[i].start if i < len(toks) else s_end])
            return "end", object_end
        return "clause", object_end

    def _set_via(self, a: _Attr, gap: str) -> None:
        m = _PLATFORM_RE.search(gap)
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
        m = _STRONG_BOUNDARY.search(d.norm, pos, end)
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
            m = _TRAIL_CHANNEL.search(text)
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
        return lo + ls, max(lo + ls, hi2)

    def _kind_of(self, lo: int, hi: int, a: _Attr) -> None:
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

    def _inner(self, q: _Quote) -> tuple[int, int]:
        s, e = q.inner
        text = self.d.norm[s:e]
        stripped = text.strip()
        if not stripped:
            return s, s
        ls = len(text) - len(text.lstrip())
        return s + ls, s + ls + len(stripped)

    # one sentence -----------------------------------------------------------------------------
    def _sentence(self, s_start: int, s_end: int) -> None:
        d = self.d
        cues = self._cues(s_start, s_end)
        if not cues:
            return
        accepted: list[tuple[_Attr, str]] = []
        prev: _Attr | None = None
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
            if structure in ("before", "direct-after"):
                continue
            self._content_after(a, structure, s_start, s_end, nxt)
        for a, structure in accepted:
            if structure == "before":
                self._content_before(a, s_start, accepted)
        for a, structure in accepted:
            if a.end > a.start >= 0 and structure != "nested":
                self._finish(a)

    def _structure(self, a: _Attr, lo: int, s_start: int, s_end: int, prev: _Attr | None) -> str:
        d = self.d
        if a.lemma == "according to":
            toks = _tokens(d.norm[a.cue_end : s_end], a.cue_end)
            np = _first_np(toks, skip_lead=False)
            if np is None or np.tokens[-1].low in _NOT_SOURCES:
                return ""
            a.np = self._source_to_comma(np, s_end)
            a.region_start = a.cue_start
            a.evidence_end = a.np.end
            rest = d.norm[a.np.end : s_end].strip()
            head = d.norm[lo : a.cue_start].strip(' "')
            if not head:  # "According to X, content."
                k = d.norm.find(",", a.np.end, s_end)
                if k < 0:
                    return ""
                a.start, a.end = self._trim(k + 1, s_end, False)
                return "according-front"
            if not rest.strip(".!?\" "):
                return "before"
            return "according-mid"
        if a.lemma == "quote ... as saying":
            toks = _tokens(a.speaker_np_text, d.norm.find(a.speaker_np_text, a.cue_start))
            np = _first_np(toks, skip_lead=False)
            if np is None:
                return ""
            a.np = np
            via_np = _first_np(_tokens(d.norm[lo : a.cue_start], lo))
            if via_np is not None:
                a.via = self._proper(via_np)
                a.region_start = via_np.start
            return "after"
        found = self._subject(a, lo, prev)
        if found == "inverted?":
            if a.lemma in _NO_TRAILING or not self._inverted(a, s_end):
                return ""
            a.evidence_end = a.np.end
            return "before"
        if not found:
            return ""
        if a.lemma == "be quoted as saying":
            m = re.match(r"\s+by\s+(?:the\s+)?([^,.;]+)", d.norm[a.cue_end : s_end])
            if m:
                a.via = self._proper_text(m.group(1))
            return "before" if self._adjacent_quote(a.region_start) is not None else "after"
        # a subject right after an unclaimed closing quote: the quote is the content
        if self._adjacent_quote(a.region_start) is not None and a.lemma not in _NO_TRAILING:
            a.evidence_end = a.cue_end
            return "before"
        if a.lemma in ("refer to ... as", "describe ... as"):
            return "after"
        what, pos = self._after_gap(a, s_end)
        if what == "quote" and self._claim_direct_after(a, pos):
            return "direct-after"
        if what == "end":
            if a.lemma in _NO_TRAILING:
                return ""
            return "before"
        if what == "none":
            return ""
        return "after"

    def _source_to_comma(self, np: _NP, s_end: int) -> _NP:
        """After 'according to' the source runs to the next comma or the sentence end
        ("Alexei Malashenko of the Carnegie Moscow Center", "a statement on the ministry's
        web site"), when that is short."""
        d = self.d
        m = re.match(r"[^,;:\"]{0,120}?(?=\s*(?:[,;:\"]|[.!?]\s*$|$))", d.masked[np.end : s_end])
        if m and m.end() and len(m.group().split()) <= 14:
            toks = _tokens(d.norm[np.start : np.end + m.end()], np.start)
            return _NP(np.start, np.end + m.end(), [t for t in toks if t.word])
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

    def _content_after(self, a: _Attr, structure: str, s_start: int, s_end: int, nxt: int) -> None:
        d = self.d
        if structure == "according-front":
            self._kind_of(a.start, a.end, a)
            return
        if structure == "according-mid":
            lo, hi = self._trim(s_start, self._clause_end(s_start, s_end, s_end), False)
            self._kind_of(lo, hi, a)
            return
        what = "as"
        if a.lemma in ("refer to ... as", "describe ... as"):
            lo = a.start
        else:
            what, lo = self._after_gap(a, s_end)
        hi = self._clause_end(lo, s_end, nxt)
        lo, hi = self._trim(lo, hi)
        if hi - lo < 2 or (
            what == "clause" and a.lemma not in _OBJECT_VERBS and not _looks_like_clause(d.norm[lo:hi])
        ):
            a.start = a.end = -1
            return
        self._kind_of(lo, hi, a)
        for qi in a.quote_ids:
            d.quotes[qi].claimed = True
        a.evidence_end = hi

    def _claim_direct_after(self, a: _Attr, pos: int) -> bool:
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

    def _content_before(self, a: _Attr, s_start: int, accepted: list[tuple[_Attr, str]]) -> None:
        d = self.d
        qi = self._adjacent_quote(a.region_start)
        if qi is not None:
            q = d.quotes[qi]
            head = d.norm[s_start : q.start].strip()
            if q.start < s_start or not head or not _WORD_CHAR.search(head):
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
        dateline = _DATELINE.match(d.norm, s_start, a.region_start)
        if dateline:
            lo = dateline.end()
        for x, _ in accepted:
            if x is not a and 0 <= x.end <= a.region_start and x.end > lo:
                lo = x.end
        hi = a.region_start
        lo, hi = self._trim(lo, hi, False)
        if hi - lo < 2 or not _WORD_CHAR.search(d.norm[lo:hi]):
            a.start = a.end = -1
            return
        self._kind_of(lo, hi, a)
        for qi2 in a.quote_ids:
            d.quotes[qi2].claimed = True
        if a.evidence_end < 0:
            a.evidence_end = a.cue_end

    # speaker ----------------------------------------------------------------------------------
    def _proper(self, np: _NP) -> str:
        return self._proper_text(self.d.norm[np.start : np.end])

    def _proper_text(self, text: str) -> str:
        words = [w for w in text.split() if w[:1].isupper() and not self.d._is_country(w)]
        if words and words[0].lower() in ("the", "a", "an"):
            words = words[1:]
        return " ".join(words) if words else text.strip()

    def _speaker_text(self, a: _Attr) -> str:
        if a.np is None:
            return ""
        self._resolve(a)
        return a.speaker

    def _resolve(self, a: _Attr) -> None:
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
        if len(toks) == 1 and first in _PRONOUNS:
            if first in ("he", "she"):
                name = d.last_person_before(a.cue_start)
                if name:
                    a.speaker, a.person = name, True
                    a.descriptor = d.person_descriptor(name)
                    return
            if first in ("they", "it"):
                for x in reversed(d.attrs):
                    if x.cue_start < a.cue_start and not x.person and x.speaker:
                        a.speaker, a.descriptor = x.speaker, x.descriptor
                        return
            a.speaker = a.mention
            return
        while toks and toks[0].low in _DETS:
            toks = toks[1:]
        phrase = d.norm[toks[0].start : np.end] if toks else a.mention
        # a document ("a Foreign Ministry statement") speaks for the body that issued it
        if toks and toks[-1].low in _DOC_NOUNS and len(toks) > 1:
            a.via = a.via or toks[-1].low
            toks = toks[:-1]
            phrase = d.norm[toks[0].start : toks[-1].end]
        coordinated = any(t.low == "and" for t in toks)
        run = [] if coordinated else self._person_run(toks)
        if run:
            a.speaker = d.resolve_person(run)
            a.person = True
            a.descriptor = _join(d.person_descriptor(a.speaker), phrase, a.extra)
            return
        heads = [t.low for t in toks if not t.cap]
        if heads and heads[0] in _ANON_HEADS or (
            heads and not any(t.cap and not d._is_country(t.text.rstrip("'s")) for t in toks)
            and any(h in _ANON_HEADS for h in heads[:3])
        ):
            a.anonymous = True
        a.speaker = phrase.strip()
        if a.speaker and a.speaker[0].isupper() and not coordinated:
            longer = d.body_with_country(a.speaker)
            if longer:
                a.speaker = longer
        a.descriptor = _join(a.speaker, a.extra)

    def _person_run(self, toks: list[_Tok]) -> list[str]:
        """The person's name in a speaker phrase: the capitalised words at its end (or
        before an "of/at/from" phrase) that are not titles, institutions or countries."""
        d = self.d
        cut = next((i for i, t in enumerate(toks) if t.low in ("of", "at", "from", "for") and i), None)
        for part in (toks, toks[:cut] if cut else None):
            if not part:
                continue
            run: list[str] = []
            for k in range(len(part) - 1, -1, -1):
                t = part[k]
                clean = re.sub(r"(?:'s|’s)$", "", t.text).rstrip(".")
                if t.cap and clean.lower() not in _ROLE_CAPS and not d._is_country(clean):
                    run.append(clean)
                elif (t.low in _PARTICLES and run and k > 0 and part[k - 1].cap
                      and part[k - 1].low not in _ROLE_CAPS):
                    run.append(t.text)  # "Mark de Vries"
                else:
                    break
            run.reverse()
            if not run:
                continue
            before = part[len(part) - len(run) - 1].low if len(part) > len(run) else ""
            if before in _NAME_JOIN or before in ("at", "from"):
                continue  # "Office for National Statistics", "analysts at Goldman Sachs"
            if len(run) >= 2 or run[0] in d.full_names or len(part) > len(run) or not (
                self._is_place_or_body(run[0])
            ):
                return run
        return []

    def _is_place_or_body(self, word: str) -> bool:
        return self.d._is_country(word) or word.lower() in _TITLE_WORDS

    def _finish(self, a: _Attr) -> None:
        d = self.d
        self._resolve(a)
        if a.start < 0 or a.end <= a.start:
            return
        d.attrs.append(a)

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
            if _WORD_CHAR.search(gap):
                sent_end = d.sentence_of(best.cue_start)[1] if best.cue_start >= 0 else anchor
                if q.start < sent_end or _WORD_CHAR.search(d.norm[sent_end : q.start]):
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

    def _inherit(self, best: _Attr, qi: int) -> _Attr:
        c = _Attr(best.cue, best.lemma, best.cue_start, best.cue_end, best.region_start)
        c.np, c.inherited, c.via = best.np, best, best.via
        self._claim_direct(c, qi)
        c.mention = best.mention
        return c

    def _claim_direct(self, a: _Attr, qi: int) -> None:
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
                toks = _tokens(m.group(1), lo + m.start(1))
                np = _first_np(toks, skip_lead=False)
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
                    np = _first_np(_tokens(m.group(2), off), skip_lead=False)
                    cue = "—"
            if np is None or not any(t.cap for t in np.tokens) or len(np.tokens) > 10:
                continue
            self._claim_direct(_Attr(cue, cue, q.start, q.start, np.start, np=np), qi)


def extract_quotes(text: str, *, lexicon: SourceLexicon | None = None) -> pd.DataFrame:
    """Every attribution in one text: one row per attribution (see module docstring).

    ``text`` may be raw (curly, straight, mixed or unbalanced quotation marks) or already
    normalised; offsets index ``text`` itself. ``lexicon`` extends or replaces the source
    lexicon of :mod:`analysis.sources`. Never raises on odd input; returns an empty frame
    with the same columns when nothing is found.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes needs a string of article text, got {type(text).__name__}.")
    lex = lexicon or DEFAULT_LEXICON
    if not text.strip():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    ex = _Extractor(text, lex)
    attrs = ex.run()
    rows = []
    seen = set()
    for a in attrs:
        key = (a.start, a.end)
        if key in seen or a.start < 0 or a.end <= a.start:
            continue
        seen.add(key)
        stype, aff = classify_source(a.descriptor or a.speaker, is_person=a.person, lexicon=lex)
        if a.anonymous or (a.inherited is not None and a.inherited.anonymous):
            stype = "anonymous"
        if not aff and a.descriptor:
            aff = _body_affiliation(ex.d, a.descriptor, lex)
        if a.np is not None and " and " in a.speaker and not a.person:
            stype, aff = _coordinated(ex.d, a.speaker, lex, stype, aff)
        rows.append(
            {
                "speaker": a.speaker,
                "mention": a.mention,
                "cue": a.cue,
                "kind": a.kind,
                "quote": text[a.start : a.end],
                "start": a.start,
                "end": a.end,
                "via": a.via,
                "source_type": stype,
                "affiliation": aff,
                "cue_start": a.cue_start,
                "cue_end": a.cue_end,
                "is_person": bool(a.person),
            }
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    out = out.sort_values(["start", "cue_start"], kind="stable").reset_index(drop=True)
    return out.astype({"start": "int64", "end": "int64", "cue_start": "int64", "cue_end": "int64"})


def _body_affiliation(doc: _Doc, descriptor: str, lex: SourceLexicon) -> str:
    """Side of a country-less institution or title via its country-prefixed form elsewhere."""
    for m in re.finditer(
        r"(?:[A-Z][\w'-]*\s+)*?(?:[A-Z][\w'-]*\s+(?:of\s+)?)?[A-Z][\w'-]*", descriptor
    ):
        chunk = m.group().strip()
        if len(chunk.split()) < 2 and chunk.lower() not in _TITLE_WORDS:
            continue
        longer = doc.body_with_country(chunk)
        if longer:
            _, aff = classify_source(longer, lexicon=lex)
            if aff:
                return aff
    return ""


def _coordinated(doc: _Doc, phrase: str, lex: SourceLexicon, stype: str, aff: str) -> tuple[str, str]:
    """Type and side of "A and B": shared values only."""
    parts = [p.strip() for p in re.split(r"\band\b", phrase) if p.strip()]
    types, affs = set(), set()
    for p in parts:
        if p[:1].isupper() and len(p.split()) == 1 and p in doc.full_names:
            full = doc.full_names[p]
            t, f = classify_source(doc.person_descriptor(full), is_person=True, lexicon=lex)
            if not f:
                f = _body_affiliation(doc, doc.person_descriptor(full), lex)
        else:
            t, f = classify_source(p, lexicon=lex)
        types.add(t)
        if f:
            affs.add(f)
    types.discard("other")
    t_out = types.pop() if len(types) == 1 else stype
    f_out = affs.pop() if len(affs) == 1 else ("" if len(affs) > 1 else aff)
    return t_out, f_out


def cue_lemma(cue: str) -> str:
    """Dictionary form of a cue as reported in the ``cue`` column ("told" -> "tell")."""
    cue = str(cue).strip()
    if cue in _FORM_TO_LEMMA:
        return _FORM_TO_LEMMA[cue]
    if "quoted" in cue:
        return "be quoted as saying"
    if cue.startswith("referred"):
        return "refer to ... as"
    if cue.startswith(("branded", "dubbed")):
        return "brand ... as"
    if cue.endswith("... as"):
        return "describe ... as"
    if cue in (":", "—"):
        return "colon/dash"
    return cue.lower()
